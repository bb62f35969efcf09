"""The package and its layout: one installed name, stages importing one way, the MkDocs side
as a real plugin, and the README's layout table in step with the tree."""

from __future__ import annotations

import ast
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from mkdocs.exceptions import Abort, MkDocsException

from jixiao.plugin import configured
from jixiao.postbuild.search_index import indexed_records
from tests.conftest import ROOT, build_site, page_text

PACKAGE = ROOT / "jixiao"
# The pipeline's stages, in order: a module may import from its own stage and earlier ones.
# infra is under every stage (errors, writing files) and around them (the cache): any stage
# may raise its errors or write through it, none may use its cache
STAGES = ["infra", "source", "model", "checks", "derive", "pages", "charts", "opendata"]
STAGES.append("postbuild")
CACHE = ("jixiao.infra.memo", "jixiao.infra.fingerprint")
TOP = len(STAGES)  # build, cli, plugin: on top of every stage


def isolated(code: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """Run code as a user would, outside the repository (-I: no working folder on sys.path)."""
    return subprocess.run(
        [sys.executable, "-I", "-c", code], cwd=cwd, capture_output=True, text=True, check=False
    )


def test_only_jixiao_is_installed_not_hooks_or_charts(tmp_path: Path) -> None:
    assert (
        isolated("import jixiao.charts.draw, jixiao.plugin, jixiao.cli", tmp_path).returncode == 0
    )
    for name in ("hooks", "charts"):
        result = isolated(f"import {name}", tmp_path)
        assert result.returncode != 0
        assert f"No module named '{name}'" in result.stderr


def test_the_hook_folder_shadows_no_standard_or_installed_module(tmp_path: Path) -> None:
    """MkDocs puts hooks/ first on sys.path while it loads the hook file: nothing in it may
    stand for a module of the standard library or of any installed distribution."""
    names = sorted(
        path.stem if path.suffix == ".py" else path.name
        for path in (ROOT / "hooks").iterdir()
        if path.name != "__pycache__"
    )
    assert names == ["jixiao_site"]
    for name in names:
        assert name not in sys.stdlib_module_names
        code = f"import importlib.util; print(importlib.util.find_spec({name!r}))"
        assert isolated(code, tmp_path).stdout.strip() == "None", name


def test_the_hook_file_is_the_one_listed_in_mkdocs_yml() -> None:
    assert "  - hooks/jixiao_site.py" in (ROOT / "mkdocs.yml").read_text(encoding="utf-8")


def _stage(module: str) -> int | None:
    """The stage of a jixiao module, TOP for the modules on top; None outside jixiao."""
    parts = module.split(".")
    if parts[0] != "jixiao":
        return None
    if len(parts) == 1:
        return TOP
    return STAGES.index(parts[1]) if parts[1] in STAGES else TOP


def _modules() -> dict[str, Path]:
    modules = {}
    paths = [
        Path(folder, name)
        for folder, _, names in os.walk(PACKAGE)
        for name in names
        if name.endswith(".py")
    ]
    for path in sorted(paths):
        parts = path.relative_to(ROOT).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        modules[name] = path
    return modules


def _imports(path: Path) -> list[str]:
    """Every module an import statement names, inside functions too."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append(node.module)
            found += [f"{node.module}.{alias.name}" for alias in node.names]
    return found


def test_every_stage_is_a_subpackage_whose_docstring_says_what_it_takes_and_gives() -> None:
    for stage in STAGES:
        init = PACKAGE / stage / "__init__.py"
        doc = ast.get_docstring(ast.parse(init.read_text(encoding="utf-8")))
        assert doc and "takes" in doc and "give" in doc, stage


def test_imports_run_one_way_down_the_pipeline() -> None:
    modules = _modules()
    assert "jixiao.charts.draw" in modules and "jixiao.postbuild.host_audit" in modules
    upward = []
    for name, path in modules.items():
        own = _stage(name)
        assert own is not None
        for imported in _imports(path):
            target = _stage(imported)
            if target is not None and target > own and imported in modules:
                upward.append(f"{name} imports {imported}")
    assert upward == []


def test_no_stage_uses_the_build_cache() -> None:
    """Stages are pure functions of their inputs: the cache is called around them, from the
    modules on top (the build, the plugin, the portal's jobs), never from inside a stage."""
    using = sorted(
        f"{name} imports {imported}"
        for name, path in _modules().items()
        if _stage(name) != TOP and not name.startswith("jixiao.infra")
        for imported in _imports(path)
        if imported.startswith(CACHE)
    )
    assert using == []
    on_top = [n for n, p in _modules().items() if any(i.startswith(CACHE) for i in _imports(p))]
    assert "jixiao.build" in on_top and "jixiao.plugin" in on_top  # the test sees the imports


def test_only_the_top_and_the_post_build_steps_know_mkdocs() -> None:
    """The pipeline's products are plain Markdown and bytes, whatever engine builds the site."""
    knows_mkdocs = {
        name
        for name, path in _modules().items()
        if any(i == "mkdocs" or i.startswith("mkdocs.") for i in _imports(path))
    }
    assert "jixiao.plugin" in knows_mkdocs
    assert {_stage(name) for name in knows_mkdocs} <= {TOP, STAGES.index("postbuild")}


def test_a_site_elsewhere_builds_with_the_installed_plugin(tmp_path: Path) -> None:
    site = tmp_path / "another-site"
    (site / "docs").mkdir(parents=True)
    shutil.copytree(ROOT / "tests" / "fixtures" / "minimal", site / "reports")
    (site / "mkdocs.yml").write_text(
        "site_name: 虚构县测试局\n"
        "strict: true\n"
        "theme:\n  name: material\n  language: zh\n  font: false\n"
        "plugins:\n  - jixiao:\n      data_dir: reports\n"
        f"      chart_cache: {tmp_path / 'cache'}\n",
        encoding="utf-8",
    )
    build_site(site / "mkdocs.yml", tmp_path / "built")
    assert "虚构县测试局" in page_text(tmp_path / "built" / "2030" / "index.html")
    assert (tmp_path / "built" / "about" / "index.html").is_file()  # generated, about included
    records = indexed_records(tmp_path / "built")
    assert records and {r["meta"]["link"].split("#")[0] for r in records} == {"2030/"}  # type: ignore[index]
    assert (tmp_path / "built" / "search" / "index.html").is_file()


def test_the_plugin_s_options_are_validated_by_mkdocs(tmp_path: Path) -> None:
    (tmp_path / "docs").mkdir()
    config = tmp_path / "mkdocs.yml"
    config.write_text(
        "site_name: x\ntheme: material\nplugins:\n  - jixiao:\n      data_dir: [a, b]\n",
        encoding="utf-8",
    )
    with pytest.raises(Abort):
        build_site(config, tmp_path / "site")


def test_the_hook_file_s_options_are_validated_by_mkdocs_too() -> None:
    # MkDocsException: the error keeps its exit code (jixiao.plugin.StaffPluginError)
    with pytest.raises(MkDocsException, match=r"extra\.jixiao 的选项有误：选项 data_dir 的值不对"):
        configured({"data_dir": 3}, None)
    with pytest.raises(MkDocsException, match="chart_cach"):
        configured({"chart_cach": "x"}, None)  # an unknown option is a mistake
    assert configured(None, None).config.data_dir == "data"


def test_the_readme_layout_table_and_the_tree_agree() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    table = readme[readme.index("## 目录") :]
    named = re.findall(r"^\| `([^`]+)` \|", table, re.M)
    for path in named:
        assert (ROOT / path).exists(), f"README names {path}, which is not in the tree"
    tracked = subprocess.run(
        ["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.splitlines()
    folders = {line.split("/")[0] + "/" for line in tracked if "/" in line and line[0] != "."}
    subpackages = {
        f"jixiao/{path.name}/" for path in PACKAGE.iterdir() if (path / "__init__.py").is_file()
    }
    assert sorted(folders | subpackages) == sorted(p for p in named if p.endswith("/"))


def test_the_readme_layout_table_names_every_module_in_its_folder_s_row() -> None:
    """Each module of the package is named (`name`) in the row of the folder it is in."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    table = readme[readme.index("## 目录") :]
    rows = dict(re.findall(r"^\| `([^`]+/)` \|(.*)$", table, re.M))
    unnamed = [
        path.relative_to(ROOT).as_posix()
        for path in sorted(PACKAGE.rglob("*.py"))
        if path.name != "__init__.py"
        and f"`{path.stem}`" not in rows.get(path.parent.relative_to(ROOT).as_posix() + "/", "")
    ]
    assert unnamed == []


def test_the_importer_reads_only_the_data_side_of_the_pipeline() -> None:
    """jixiao import turns a report into a data file: it may use the source, model and
    checks stages, never the page, chart or site stages (nothing it writes depends on them)."""
    allowed: tuple[str, ...] = ("jixiao.importer", "jixiao.infra.errors", "jixiao.source")
    allowed += ("jixiao.model", "jixiao.checks")
    for name, path in _modules().items():
        if name.startswith("jixiao.importer"):
            used = [i for i in _imports(path) if i.startswith("jixiao.")]
            assert all(i.startswith(allowed) for i in used), (name, used)


def test_the_tree_has_no_symbolic_links() -> None:
    """A checkout without links (Windows) imports every module, and tools that skip links
    see every file: the chart code lives in jixiao/charts itself."""
    staged = subprocess.run(
        ["git", "ls-files", "-s"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.splitlines()
    assert [line for line in staged if line.startswith("120000")] == []
    assert (PACKAGE / "charts" / "__init__.py").is_file()
    assert not (PACKAGE / "charts").is_symlink()


MAX_FUNCTION_LINES = 60


def test_no_function_is_longer_than_sixty_lines() -> None:
    """Every function of the package, counted from its `def` to its last line (the code
    style in common with the README): a longer one does several things."""
    long = []
    for name, path in _modules().items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                lines = (node.end_lineno or node.lineno) - node.lineno + 1
                if lines > MAX_FUNCTION_LINES:
                    long.append(f"{name}.{node.name} ({path.name}:{node.lineno}): {lines} lines")
    assert long == []
