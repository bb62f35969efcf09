"""The personal audit reads pages as Chromium shows them: every form of markup in
tests/personal_forms.py shows the number in Chromium (so the form is real), and the audit
finds it there (``tests/test_personal_spellings.py`` checks the audit on the same forms)."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from jixiao.postbuild.personal_audit import audit_personal
from tests.browser.conftest import _serve
from tests.personal_forms import FORMS, NUMBER

# What a reader gets of a page: the text it shows, and the text of images that do not load.
SHOWN = """() => [document.body.innerText,
  ...[...document.querySelectorAll('[alt]')].map(element => element.alt)].join('\\n')"""


@pytest.fixture(scope="module")
def forms_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, str]]:
    root = tmp_path_factory.mktemp("personal-forms")
    for form, body in FORMS:
        page = root / form / "index.html"
        page.parent.mkdir()
        page.write_text(f"<!doctype html><html><body>{body}</body></html>", "utf-8")
    with contextlib.contextmanager(_serve)(root, "/") as url:
        yield root, url


@pytest.mark.parametrize("form", [form for form, _ in FORMS])
def test_each_form_shows_the_number_in_chromium_and_the_audit_finds_it(
    browser: Any, forms_url: tuple[Path, str], form: str
) -> None:
    root, url = forms_url
    page = browser.new_page()
    try:
        page.goto(f"{url}{form}/index.html")
        shown = page.evaluate(SHOWN)
    finally:
        page.close()
    assert NUMBER in "".join(shown.split()), shown
    assert len(audit_personal(root / form)) == 1
