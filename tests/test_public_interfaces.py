"""Published builds use only the public interfaces of MkDocs, Material and the other libraries:
no method of theirs swapped, no private attribute of theirs read or set, no module of theirs (or
an object it shares, such as matplotlib's font manager) changed.

``jixiao/rebuilds.py`` swaps page conversion under ``mkdocs serve`` only
(tests/test_rebuilds.py checks that a published build never reaches it); the places listed in
``KNOWN`` are outside published builds and say why."""

from __future__ import annotations

import ast
import contextlib
import importlib
import inspect
import os
from pathlib import Path

from tests.conftest import ROOT

PACKAGE = ROOT / "jixiao"
SERVE_ONLY = {"jixiao/rebuilds.py"}
OURS = ("jixiao", "tests", "__future__")
KNOWN = {
    # `jixiao import` of Word files: python-docx gives a merged cell no public identity.
    ("jixiao/importer/read.py", "private attribute _tc"),
    ("jixiao/importer/read.py", "private attribute _tr"),
    # The CLI's argument messages in Chinese: argparse looks its words up through `_`.
    ("jixiao/zh_argparse.py", "private attribute _"),
    ("jixiao/zh_argparse.py", "sets _ on a library object"),
    ("jixiao/zh_argparse.py", "sets ngettext on a library object"),
    # tempfile documents its module attribute `tempdir` as the setting to change: set (and put
    # back) while the chart server starts, so multiprocessing's socket folder is ours.
    ("jixiao/infra/workers.py", "sets tempdir on a library object"),
}


def modules() -> list[Path]:
    """Every module of the package."""
    found = []
    for folder, _, files in os.walk(PACKAGE, followlinks=True):
        found += [Path(folder) / name for name in files if name.endswith(".py")]
    return sorted(p for p in found if p.relative_to(ROOT).as_posix() not in SERVE_ONLY)


def _is_module(owner: str, name: str) -> bool:
    with contextlib.suppress(Exception):
        return inspect.ismodule(getattr(importlib.import_module(owner), name))
    with contextlib.suppress(Exception):
        importlib.import_module(f"{owner}.{name}")
        return True
    return False


def shared_names(tree: ast.Module) -> set[str]:
    """Names bound to another library's module, or to an object a module holds (``manager =
    font_manager.fontManager``): what is set on them is set for the whole process."""
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {
                (a.asname or a.name).split(".")[0]
                for a in node.names
                if not a.name.startswith(OURS)
            }
        elif isinstance(node, ast.ImportFrom) and node.level == 0:
            module = node.module or ""
            if not module.startswith(OURS):
                names |= {a.asname or a.name for a in node.names if _is_module(module, a.name)}
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign) and _root(node.value, calls=False) in names:
            names |= {t.id for t in node.targets if isinstance(t, ast.Name)}
    return names


def _root(node: ast.expr, *, calls: bool = True) -> str | None:
    """The name an attribute chain starts from (through calls only if ``calls``)."""
    while isinstance(node, ast.Attribute | ast.Subscript) or (calls and isinstance(node, ast.Call)):
        node = node.func if isinstance(node, ast.Call) else node.value
    return node.id if isinstance(node, ast.Name) else None


def ours(trees: list[ast.Module]) -> set[str]:
    """Every name the package itself defines: functions, classes, class fields, self.x."""
    names: set[str] = set()
    for tree in trees:
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
                names.add(node.name)
            if isinstance(node, ast.ClassDef):
                for item in node.body:
                    targets = item.targets if isinstance(item, ast.Assign) else []
                    if isinstance(item, ast.AnnAssign):
                        targets = [item.target]
                    names |= {t.id for t in targets if isinstance(t, ast.Name)}
            if isinstance(node, ast.Attribute) and _root(node) == "self":
                names.add(node.attr)
    return names


def _targets(node: ast.AST) -> list[ast.expr]:
    found = list(node.targets) if isinstance(node, ast.Assign) else []
    if isinstance(node, ast.AugAssign | ast.AnnAssign):
        found = [node.target]
    flat: list[ast.expr] = []
    while found:
        target = found.pop()
        if isinstance(target, ast.Tuple | ast.List):
            found += target.elts
        else:
            flat.append(target)
    return flat


def _foreign_private(name: str, defined: set[str]) -> bool:
    return name.startswith("_") and not name.startswith("__") and name not in defined


def breaches(path: Path, defined: set[str]) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    shared = shared_names(tree)
    functions = {
        n.name for n in ast.walk(tree) if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef)
    }
    where = path.relative_to(ROOT).as_posix() if path.is_relative_to(ROOT) else path.name
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and _foreign_private(node.attr, defined):
            found.append(f"{where}:{node.lineno}: private attribute {node.attr}")
        for target in _targets(node):
            if not isinstance(target, ast.Attribute):
                continue
            if _root(target, calls=False) in shared:
                found.append(f"{where}:{target.lineno}: sets {target.attr} on a library object")
            value = getattr(node, "value", None)
            if isinstance(value, ast.Lambda) or (
                isinstance(value, ast.Name) and value.id in functions
            ):
                found.append(f"{where}:{target.lineno}: swaps the method {target.attr}")
    return found


def test_the_package_uses_no_private_attribute_and_swaps_no_method() -> None:
    paths = modules()
    defined = ours([ast.parse(p.read_text(encoding="utf-8")) for p in paths])
    found = [b for path in paths for b in breaches(path, defined)]
    unknown = [b for b in found if (b.split(":")[0], b.split(": ", 1)[1]) not in KNOWN]
    assert unknown == []


def test_the_scan_finds_what_it_forbids(tmp_path: Path) -> None:
    """Each pattern the issue names, written as the package once had it, is found."""
    text = (
        "from matplotlib import font_manager\n"
        "import zipfile\n"
        "manager = font_manager.fontManager\n"
        "manager.ttflist = []\n"
        "entry = zipfile.ZipInfo('a')\n"
        "entry.external_attr = 0  # an object we made: its documented attribute\n"
        "def on_serve(server, page):\n"
        "    server.observer._timeout = 0.1\n"
        "    title = page._title_from_render\n"
        "    def render(config, files):\n"
        "        pass\n"
        "    page.render = render\n"
    )
    path = tmp_path / "sample.py"
    path.write_text(text, encoding="utf-8")
    assert sorted(line.split(": ", 1)[1] for line in breaches(path, set())) == [
        "private attribute _timeout",
        "private attribute _title_from_render",
        "sets ttflist on a library object",
        "swaps the method render",
    ]
