"""Personal data on every surface, whatever else the folder holds: the site's settings and
hand-written pages are screened by `jixiao check` and the build alike; the built site is
audited after the build; a draft never hides a finished year's number; a build that stops
names the file and line; the page's own anchors are reserved; the messages say what to do."""

from __future__ import annotations

import contextlib
import logging
import shutil
import threading
from collections.abc import Iterator
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import Any

import pytest
import yaml
from mkdocs.config import load_config
from mkdocs.exceptions import PluginError

from jixiao import plugin_audits
from jixiao.build import prepare
from jixiao.checks.audit import audit, finding_problem
from jixiao.checks.rules import Finding
from jixiao.checks.site_text import site_text_problems
from jixiao.cli import main
from jixiao.infra.workers import spread
from jixiao.model.loader import load_year
from jixiao.model.report import RESERVED_ANCHORS, Review
from jixiao.plugin import JixiaoPlugin, configured
from jixiao.plugin_audits import AUDITS_LATER
from jixiao.postbuild import personal_audit, search_serve
from jixiao.postbuild.personal_audit import audit_personal
from tests.conftest import ROOT
from tests.test_init import mkdocs_build

MINIMAL = (ROOT / "tests" / "fixtures" / "minimal" / "2030.yaml").read_text(encoding="utf-8")
SUGGESTION = "      加强学习培训。\n"
WITH_MOBILE = MINIMAL.replace(SUGGESTION, "      加强学习培训。联系人手机13812345678。\n")
DESCRIPTION = 'site_description: "虚构县测试局历年部门整体支出绩效自评报告的公开发布"'


def new_site(tmp_path: Path) -> Path:
    site = tmp_path / "site"
    assert main(["init", str(site), "--department", "虚构县测试局", "--year", "2029"]) == 0
    (site / "data" / "2029.yaml").unlink()  # the blank draft
    (site / "data" / "2030.yaml").write_text(MINIMAL, encoding="utf-8")
    return site


def test_the_real_site_has_no_personal_data(built_site: Path) -> None:
    """No false alarm on the seed's published site: its figures, dates and hashes pass."""
    assert audit_personal(built_site) == []


def planted_site(built_site: Path, tmp_path: Path) -> tuple[Any, JixiaoPlugin]:
    """A copy of the built site with a mobile number in a theme override's footer (a surface
    the data screen never sees), and a plugin to run its post-build steps on it."""
    site = tmp_path / "site"
    shutil.copytree(built_site, site)
    page = site / "2021" / "index.html"
    html = page.read_text(encoding="utf-8")
    page.write_text(html.replace("</footer>", "咨询电话 139-8765-4321</footer>", 1), "utf-8")
    config = load_config(str(ROOT / "mkdocs.yml"), site_dir=str(site))
    plugin = configured({}, str(tmp_path / "mkdocs.yml"))
    plugin.base = tmp_path
    return config, plugin


def test_a_number_planted_in_the_built_site_fails_the_build(
    built_site: Path, tmp_path: Path
) -> None:
    """A surface the data screen never sees (here a theme override's footer) is still read."""
    config, plugin = planted_site(built_site, tmp_path)
    with pytest.raises(PluginError, match=r"1 处个人信息.*2021/index\.html"):
        plugin.on_post_build(config)
    plugin.not_personal = ["13987654321"]
    plugin.on_post_build(config)  # declared not personal: allowed


def test_a_number_is_found_when_workers_read_the_site_and_when_one_dies(
    built_site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A site read from nothing has its files read by worker processes: a planted number
    still fails the build; and if a worker is killed, the build reads the files itself."""
    config, plugin = planted_site(built_site, tmp_path)
    monkeypatch.setattr(personal_audit, "SPREAD_FROM", 0)
    used: list[str] = []

    @contextlib.contextmanager
    def counted() -> Iterator[Any]:
        with spread() as over_workers:
            assert over_workers is not None

            def over(function: Any, items: Any) -> Any:
                used.append("workers")
                return over_workers(function, items)

            yield over

    monkeypatch.setattr(plugin_audits, "spread", counted)
    with pytest.raises(PluginError, match=r"1 处个人信息.*2021/index\.html"):
        plugin.on_post_build(config)
    assert used == ["workers"]

    @contextlib.contextmanager
    def dying() -> Iterator[Any]:
        def over(function: Any, items: Any) -> Any:
            raise BrokenProcessPool("killed")

        yield over

    monkeypatch.setattr(plugin_audits, "spread", dying)
    with pytest.raises(PluginError, match=r"1 处个人信息.*2021/index\.html"):
        plugin.on_post_build(config)


def test_under_serve_the_audits_name_what_they_find_beside_the_page_and_stop_nothing(
    built_site: Path,
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Under serve the audits stop nothing: the page is shown while they read the site, and
    the terminal names the file with the masked number, and the other host's address;
    unless a build started meanwhile, whose own audits speak for the site then."""
    site = tmp_path / "site"
    shutil.copytree(built_site, site)
    page = site / "2021" / "index.html"
    html = page.read_text(encoding="utf-8")
    planted = '咨询电话 139-8765-4321<img src="https://cdn.example.com/a.png" alt=""></footer>'
    page.write_text(html.replace("</footer>", planted, 1), "utf-8")
    config = load_config(str(ROOT / "mkdocs.yml"), site_dir=str(site))
    plugin = configured({}, str(tmp_path / "mkdocs.yml"))
    plugin.base = tmp_path
    plugin.on_startup(command="serve", dirty=False)
    with caplog.at_level(logging.INFO, logger="mkdocs.plugins.jixiao"):
        plugin.on_post_build(config)  # no PluginError
        AUDITS_LATER[0].join()
        assert "2021/index.html：正文中有手机号（139****4321）" in caplog.text
        assert "https://cdn.example.com/a.png" in caplog.text
        caplog.clear()
        gate = threading.Event()
        reading = audit_personal

        def slow(*args: Any) -> Any:
            gate.wait(10)
            return reading(*args)

        monkeypatch.setattr(plugin_audits, "audit_personal", slow)
        plugin.on_post_build(config)
        search_serve.LATER.cancel()  # as the next build's on_config does
        gate.set()
        AUDITS_LATER[0].join()
        assert "139****4321" not in caplog.text and "cdn.example.com" not in caplog.text


def test_check_names_settings_and_pages_with_their_lines(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    site = new_site(tmp_path)
    config = site / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert DESCRIPTION in text
    line = text.splitlines().index(DESCRIPTION) + 1
    config.write_text(text.replace(DESCRIPTION, DESCRIPTION[:-1] + '，电话138 1234 5678"'), "utf-8")
    (site / "content" / "about.md").write_text("# 关于\n\n联系人：110105.19491231.002X\n", "utf-8")
    capsys.readouterr()
    assert main(["check", "--data", str(site / "data")]) == 1
    err = capsys.readouterr().err
    assert f"mkdocs.yml:{line}:" in err and "字段 site_description" in err
    assert "网站设置中含有手机号（138****5678）" in err
    assert "content/about.md:3:5: [confidential 错误] 手写页面中含有身份证号" in err
    assert "13812345678" not in err and "138 1234 5678" not in err


def test_settings_inherited_and_extra_are_screened_and_not_personal_honoured(
    tmp_path: Path,
) -> None:
    base = tmp_path / "base.yml"
    base.write_text("site_name: 测试\ncopyright: 电话 13812345678\n", encoding="utf-8")
    child = tmp_path / "mkdocs.yml"
    child.write_text(
        "INHERIT: base.yml\nextra:\n  contact: 13987654321\ndocs_dir: nowhere\n"
        "repo_url: https://example.invalid/13600000000\n",  # not a setting that reaches a page
        encoding="utf-8",
    )
    found = [(p.file.rsplit("/", 1)[-1], p.line, p.field) for p in site_text_problems(child)]
    assert found == [("mkdocs.yml", 3, "extra"), ("base.yml", 2, "copyright")]
    assert site_text_problems(child, allowed=["139 8765 4321", "13812345678"]) == []


def test_the_build_stops_on_site_text_and_says_where(tmp_path: Path) -> None:
    site = new_site(tmp_path)
    (site / "content" / "about.md").write_text("# 关于\n\n电话：138\u200b1234\u200b5678\n", "utf-8")
    built = mkdocs_build(site)
    assert built.returncode != 0
    assert "content/about.md:3:4: [confidential 错误] 手写页面中含有手机号" in built.stderr
    assert "网站设置或手写页面中有个人信息，网站未生成：content/about.md:3。" in built.stderr


def test_a_draft_never_hides_a_finished_years_number(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "data"
    data.mkdir()
    (data / "2030.yaml").write_text(WITH_MOBILE, encoding="utf-8")
    assert main(["new", "2031", "--data", str(data)]) == 0
    capsys.readouterr()
    assert main(["check", "--data", str(data)]) == 1
    err = capsys.readouterr().err
    assert (
        f"{data.as_posix()}/2030.yaml:51:11: 字段 sections.suggestions.text: [confidential" in err
    )
    assert f"其余 1 个问题使 mkdocs build 停止：{data.as_posix()}/2030.yaml:51。" in err
    build = prepare(data)  # as mkdocs build: the draft left out, the finished year stopped
    assert build.site is None
    assert build.stopped is not None and f"{data.as_posix()}/2030.yaml:51" in build.stopped


@pytest.mark.parametrize(
    "key", [*sorted(RESERVED_ANCHORS), "attachment-2", "review-1", "correction-12"]
)
def test_the_pages_own_anchors_are_reserved(tmp_path: Path, key: str) -> None:
    path = tmp_path / "2030.yaml"
    path.write_text(MINIMAL.replace("  suggestions:\n", f"  {key}:\n", 1), encoding="utf-8")
    report, problems = load_year(path)
    assert report is None
    assert [(p.line, p.field) for p in problems] == [(50, f"sections.{key}")]
    assert "已被本页自己的标题占用" in problems[0].message


def test_reserved_anchors_cover_every_id_the_templates_write() -> None:
    templates = (ROOT / "jixiao" / "pages" / "templates").glob("*.j2")
    written = {
        anchor
        for template in templates
        if template.name in ("report.md.j2", "_notes.md.j2", "_opendata.md.j2")
        for anchor in _plain_anchors(template.read_text(encoding="utf-8"))
    }
    assert written <= RESERVED_ANCHORS


def _plain_anchors(text: str) -> set[str]:
    import re

    return set(re.findall(r"\{#([a-z][a-z0-9-]*)\}", text))


def test_the_paste_ready_review_validates_as_pasted(tmp_path: Path) -> None:
    """The block the hint gives, pasted at the end of the file, reviews the finding away."""
    path = tmp_path / "2030.yaml"
    text = MINIMAL.replace("score: 95分", "score: 58分").replace("自评得分95分", "自评得分58分")
    path.write_text(text, encoding="utf-8")
    report, _ = load_year(path)
    assert report is not None
    findings = audit(report).unreviewed
    assert findings and all(f.severity == "warning" for f in findings)
    blocks = []
    for finding in findings:
        hint = finding_problem(finding, str(path), None).hint
        lines = [line.strip() for line in hint.splitlines()]
        start = lines.index("reviews:")
        entry = [
            line
            for line in lines[start + 1 :]
            if line.startswith(("- ", "rule", "field", "stated", "computed", "explanation"))
        ]
        blocks.append(
            "\n".join(("  " if i == 0 else "    ") + line for i, line in enumerate(entry))
        )
    pasted = text + "reviews:\n" + "\n".join(blocks).replace("（核对结果）", "已核实。") + "\n"
    assert yaml.safe_load(pasted)["reviews"][0]["stated"] == findings[0].stated
    path.write_text(pasted, encoding="utf-8")
    report, problems = load_year(path)
    assert problems == [] and report is not None
    assert audit(report).clean


def test_diff_does_not_echo_a_file_that_is_not_data(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(ROOT)
    other = tmp_path / "passwd"
    other.write_text("root:x:0:0:root:/root:/bin/bash\n", encoding="utf-8")
    assert main(["diff", str(other), "data/2021.yaml"]) == 1
    captured = capsys.readouterr()
    assert "root:x" not in captured.err + captured.out
    assert "实为：一段文字，不是“字段: 值”的映射" in captured.err


def test_a_bare_number_in_the_paste_ready_review_stays_text() -> None:
    """A score table's cell prints 58 with no unit: pasted unquoted, YAML would read a number
    and the review would fail validation."""
    finding = Finding("table-total", "warning", ("attachments", 0), "合计", "……", "58", "60")
    hint = finding_problem(finding, "2030.yaml", None).hint
    assert 'stated: "58"' in hint and 'computed: "60"' in hint
    entry = "\n".join(line.strip() for line in hint.splitlines()[2:6]).replace("- ", "", 1)
    review = Review.model_validate({**yaml.safe_load(entry), "explanation": "已核实。"})
    assert (review.stated, review.computed) == ("58", "60")


def test_a_stopped_build_names_the_files_and_lines(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    (data / "2030.yaml").write_text(WITH_MOBILE.replace("year: 2030", "year: 20x0"), "utf-8")
    build = prepare(data)
    assert build.stopped is not None
    assert f"数据文件有 1 个问题（{data.as_posix()}/2030.yaml:2），网站未生成" in build.stopped


def test_a_bundle_of_data_with_a_number_lists_the_problem_in_the_terminal(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """jixiao bundle builds through MkDocs, whose messages would otherwise never reach the
    terminal: the problem is listed with its file and line, and why the build stopped is
    said in Chinese; no zip is written."""
    site = new_site(tmp_path)
    (site / "data" / "2030.yaml").write_text(WITH_MOBILE, encoding="utf-8")
    monkeypatch.chdir(site)
    capsys.readouterr()
    assert main(["bundle", str(tmp_path / "site.zip")]) == 1
    err = capsys.readouterr().err
    assert "data/2030.yaml:" in err and "文字中含有手机号（138****5678）" in err
    assert "网站生成失败：原因见上。" in err and "Aborted" not in err and "13812345678" not in err
    assert not (tmp_path / "site.zip").exists()


def test_what_stops_a_build_is_an_error_that_a_quiet_build_shows(tmp_path: Path) -> None:
    """`mkdocs build -q` shows errors only: the personal number that stops the build is one, so
    the build's “see the hints above” points at something."""
    site = new_site(tmp_path)
    (site / "data" / "2030.yaml").write_text(WITH_MOBILE, encoding="utf-8")
    built = mkdocs_build(site, "-q")
    assert built.returncode == 1
    assert "data/2030.yaml:" in built.stderr and "文字中含有手机号（138****5678）" in built.stderr
    assert "13812345678" not in built.stderr
