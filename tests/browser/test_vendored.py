"""The JavaScript we ship from npm packages is the released file, byte for byte.

jixiao/theme/javascripts/ holds one file from the npm registry, at the versions in
tests/browser/package-lock.json, each with its licence beside it.
"""

from __future__ import annotations

import pytest

from tests.browser.conftest import node_module_file
from tests.conftest import ROOT

VENDORED = {
    "resize-observer.js": "resize-observer-polyfill/dist/ResizeObserver.global.js",
}


@pytest.mark.parametrize("ours", VENDORED)
def test_vendored_file_is_the_npm_release(ours: str) -> None:
    npm_copy = node_module_file(VENDORED[ours])
    folder = ROOT / "jixiao" / "theme" / "javascripts"
    assert (folder / ours).read_bytes() == npm_copy.read_bytes()
    licence = folder / ours.replace(".js", ".LICENSE.txt")
    assert "MIT" in licence.read_text(encoding="utf-8") or "Permission is hereby granted" in (
        licence.read_text(encoding="utf-8")
    )
