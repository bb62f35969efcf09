"""The one walk over a report's model: every object, list item and value, with its field path.

Everything that needs "all of the report" (unique ids, the figures of a
section, texts screened for personal data, the labelled values of the
downloads and ``jixiao diff``) starts from ``descend``, so a field added to the
model later is never forgotten by one of them.
"""

from __future__ import annotations

import functools
import weakref
from collections.abc import Callable, Iterator
from typing import Any, Generic, TypeVar

from pydantic import BaseModel

FieldPath = tuple[str | int, ...]

Model = TypeVar("Model")  # a frozen object: a model, a chart
Result = TypeVar("Result")


class OncePerObject(Generic[Model, Result]):
    """A pure function of a frozen object, computed once per object while it lives: a build
    walks and checks each year for its page, its downloads and its audit alike.  The result
    is shared, so callers must not change it."""

    def __init__(self, function: Callable[[Model], Result]) -> None:
        self.function = function
        self.kept: dict[int, tuple[weakref.ref[Any], Result]] = {}
        functools.update_wrapper(self, function)

    def __call__(self, obj: Model) -> Result:
        hit = self.kept.get(id(obj))
        if hit is not None and hit[0]() is obj:
            return hit[1]
        result = self.function(obj)
        self.remember(obj, result)
        return result

    def knows(self, obj: Model) -> bool:
        """Whether the result for obj is already known."""
        hit = self.kept.get(id(obj))
        return hit is not None and hit[0]() is obj

    def remember(self, obj: Model, result: Result) -> None:
        """Take result as the function's value for obj (kept from an earlier build)."""
        key = id(obj)
        self.kept[key] = (weakref.ref(obj, lambda _: self.kept.pop(key, None)), result)


def once_per_object(function: Callable[[Model], Result]) -> OncePerObject[Model, Result]:
    return OncePerObject(function)


def descend(
    node: object,
    at: FieldPath = (),
    *,
    stop: tuple[type, ...] = (),
    skip: frozenset[str] = frozenset(),
) -> Iterator[tuple[FieldPath, object]]:
    """``node`` and everything below it in file order, each with its path from ``node``'s.

    Objects of the ``stop`` types are yielded but not entered (a figure is one value);
    fields named in ``skip`` are left out with everything below them."""
    # A stack rather than nested generators: each value passed up through one generator per
    # level below the report, which made walking a year several times slower.
    stack: list[tuple[FieldPath, Any]] = [(at, node)]
    while stack:
        path, value = stack.pop()
        yield path, value
        kind = _KINDS.get(type(value)) or _kind(type(value))
        if kind is _LEAF or (stop and isinstance(value, stop)):
            continue
        if kind is _MODEL:
            names = [name for name in type(value).model_fields if name not in skip]
            below = [((*path, name), getattr(value, name)) for name in names]
        elif kind is _SEQUENCE:
            below = [((*path, index), item) for index, item in enumerate(value)]
        else:
            below = [((*path, key), item) for key, item in value.items()]
        below.reverse()
        stack += below


_LEAF, _MODEL, _SEQUENCE, _MAPPING = "leaf", "model", "sequence", "mapping"
_KINDS: dict[type, str] = {}  # how ``descend`` enters a value of each type seen so far


def _kind(cls: type) -> str:
    if issubclass(cls, BaseModel):
        kind = _MODEL
    elif issubclass(cls, list | tuple):
        kind = _SEQUENCE
    else:
        kind = _MAPPING if issubclass(cls, dict) else _LEAF
    _KINDS[cls] = kind
    return kind


def resolve(node: object, path: FieldPath) -> object:
    """The value at ``path`` below ``node``: field names, list positions and mapping keys."""
    for step in path:
        indexed = isinstance(node, dict) or (
            isinstance(node, list | tuple) and isinstance(step, int)
        )
        node = node[step] if indexed else getattr(node, str(step))  # type: ignore[index]
    return node
