"""The README's set-up commands stay true: CI runs exactly the README's test command."""

from __future__ import annotations

import re

from tests.conftest import ROOT


def readme_commands() -> list[str]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    first_block = re.search(r"```sh\n(.*?)```", readme, re.S)
    assert first_block is not None
    return [line for line in first_block.group(1).splitlines() if line.strip()]


def test_readme_opens_with_exactly_two_commands() -> None:
    commands = readme_commands()
    assert len(commands) == 2
    assert commands[0].endswith("mkdocs serve")
    assert commands[1].endswith("python -m pytest")


def test_ci_runs_the_readme_test_command() -> None:
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert readme_commands()[1] in ci.splitlines()


def test_readme_layout_names_every_top_level_folder() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    folders = ["data/", "content/", "jixiao/", "hooks/", "tests/", "benchmarks/"]
    for folder in [*folders, "screenshots/"]:
        assert f"`{folder}`" in readme


def test_readme_screenshots_exist() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    shots = re.findall(r"\]\((screenshots/[^)]+\.png)\)", readme)
    assert len(shots) >= 2
    for shot in shots:
        assert (ROOT / shot).stat().st_size > 10_000, shot
