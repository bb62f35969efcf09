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
    yield at, node
    if isinstance(node, stop):
        return
    if isinstance(node, BaseModel):
        for name in type(node).model_fields:
            if name not in skip:
                yield from descend(getattr(node, name), (*at, name), stop=stop, skip=skip)
    elif isinstance(node, list | tuple):
        for index, item in enumerate(node):
            yield from descend(item, (*at, index), stop=stop, skip=skip)
    elif isinstance(node, dict):
        for key, item in node.items():
            yield from descend(item, (*at, key), stop=stop, skip=skip)


def resolve(node: object, path: FieldPath) -> object:
    """The value at ``path`` below ``node``: field names, list positions and mapping keys."""
    for step in path:
        indexed = isinstance(node, dict) or (
            isinstance(node, list | tuple) and isinstance(step, int)
        )
        node = node[step] if indexed else getattr(node, str(step))  # type: ignore[index]
    return node
