"""The offline bundle: the whole site as one zip that works when opened from the disk (file://).

For readers without a connection, or for handing the reports over on a USB
stick.  It is the normal site built once more with plain ``page.html`` links
(``use_directory_urls: false``) and, instead of Pagefind's index (which browsers
cannot run from file://), the reports' text as scripts the search page loads
(``search_offline``).  The zip is deterministic (sorted entries, fixed
timestamps) and written as every output is (``safe_write``): whole or not at
all, and over an existing zip only when asked (``force``).
"""

from __future__ import annotations

import tempfile
import zipfile
from pathlib import Path
from typing import Any, BinaryIO

from jixiao.infra.errors import StaffError
from jixiao.infra.leftovers import BUNDLE_PREFIX, remove_stale_temporaries, tagged
from jixiao.infra.safe_write import WouldOverwrite, write_with
from jixiao.postbuild.search_offline import OFFLINE_SEARCH

ZIP_DATE = (1980, 1, 1, 0, 0, 0)
# Material's search plugin, which a site made by an older ``jixiao init`` may still list: its
# whole-site index is not needed where the bundle searches the reports' scripts.
_MATERIAL_SEARCH = ("search", "material/search")


def offline_overrides(config_file: Path) -> dict[str, Any]:
    """Config values that turn the normal site into the offline bundle."""
    from mkdocs.utils.yaml import yaml_load

    with config_file.open("rb") as handle:
        raw = yaml_load(handle) or {}
    plugins = raw.get("plugins") or []
    if isinstance(plugins, dict):
        plugins = [{name: options} for name, options in plugins.items()]
    plugins = [p for p in plugins if _plugin_name(p) not in _MATERIAL_SEARCH]
    extra = dict(raw.get("extra") or {})
    extra[OFFLINE_SEARCH] = True
    return {"plugins": plugins, "extra": extra, "use_directory_urls": False}


def _plugin_name(entry: object) -> str:
    if isinstance(entry, dict) and len(entry) == 1:
        return str(next(iter(entry)))
    return str(entry)


def build_offline_site(config_file: Path, site_dir: Path) -> None:
    """A strict build of the offline site into site_dir, in this process."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    config = load_config(
        str(config_file), site_dir=str(site_dir), strict=True, **offline_overrides(config_file)
    )
    config.plugins.on_startup(command="build", dirty=False)
    try:
        build(config)
    finally:
        config.plugins.on_shutdown()


def zip_tree(tree: Path, out: Path, *, force: bool = False) -> int:
    """Zip every file under tree into out (atomically, see safe_write); the number of files."""
    files = sorted(p for p in tree.rglob("*") if p.is_file())

    def write(handle: BinaryIO) -> None:
        with zipfile.ZipFile(handle, "w") as archive:
            for path in files:
                info = zipfile.ZipInfo(path.relative_to(tree).as_posix(), date_time=ZIP_DATE)
                info.compress_type = zipfile.ZIP_DEFLATED
                info.external_attr = 0o644 << 16
                archive.writestr(info, path.read_bytes())

    write_with({out: write}, force=force)
    return len(files)


def make_bundle(config_file: Path, out: Path, *, force: bool = False) -> int:
    """Build the offline site and zip it to out; the number of files in the zip.

    Refuses (WouldOverwrite, StaffError) before building if out exists and force is
    false, or if out is a folder."""
    remove_stale_temporaries()  # what killed runs left (a bundle's site, a chart server's)
    if out.is_dir():
        raise StaffError(
            "压缩包的位置是一个文件夹；没有写入任何文件。",
            path=out,
            hint="写上压缩包的文件名，如 jixiao bundle 输出/网站.zip。",
        )
    if (out.exists() or out.is_symlink()) and not force:
        raise WouldOverwrite([out])
    with tempfile.TemporaryDirectory(prefix=tagged(BUNDLE_PREFIX)) as tmp:
        site_dir = Path(tmp) / "site"
        build_offline_site(config_file, site_dir)
        return zip_tree(site_dir, out, force=force)
