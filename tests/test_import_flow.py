"""From nothing to a preview: imports that never abort on the layouts reports are published
in (several numbered items on one line, section keys the model would refuse, an outline that
does not prove), the department is the site's, imported years are drafts, the import's
placeholder is never published, `jixiao init --import` and an import over the blank draft,
an about page that speaks of the site's own department, one log line per draft."""

from __future__ import annotations

import logging
import os
import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from jixiao.build import prepare
from jixiao.cli import main
from jixiao.importer import run
from jixiao.importer.outline import split_items
from jixiao.importer.run import import_report
from jixiao.infra.errors import StaffError
from jixiao.pages.render import render_about
from jixiao.plugin import _messages
from jixiao.source.yamlwrite import block
from tests.conftest import ROOT

SHARED = Path(os.environ.get("JIXIAO_SHARED", ROOT.parent / "shared"))
SITE = "虚构县测试局"
OTHER = "虚构市样例委员会"


def _report(*body: str, title: str = "2030年度部门整体支出绩效自评报告") -> str:
    return "\n".join([title, *body]) + "\n"


PLAIN = _report(
    "一、基本情况",
    "本单位内设3个股室。",
    "二、绩效情况",
    "全年完成各项工作。",
    "三、存在的问题",
    "宣传不够。",
)


def _write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def _site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, *extra: str) -> Path:
    site = tmp_path / "site"
    args = ["init", str(site), "--department", SITE, "--year", "2030", *extra]
    assert main(args) == 0
    monkeypatch.chdir(site)
    return site


def _data(path: Path) -> dict[str, Any]:
    loaded = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(loaded, dict)
    return loaded


def _headings(data: object) -> list[str]:
    if isinstance(data, dict):
        own = [data["heading"]] if isinstance(data.get("heading"), str) else []
        return own + [h for value in data.values() for h in _headings(value)]
    if isinstance(data, list):
        return [h for item in data for h in _headings(item)]
    return []


@pytest.mark.parametrize("gap", [" ", "\u3000", "\u3000\u3000", ""])
def test_numbered_items_on_one_line_become_their_items(tmp_path: Path, gap: str) -> None:
    source = _write(
        tmp_path,
        "items.txt",
        _report(
            "一、基本情况",
            f"1、完成甲项工作。{gap}2、完成乙项工作。{gap}3、完成丙项工作。",
            "二、绩效情况",
            f"（1）丙项目按期完工。{gap}（2）丁项目通过验收。",
        ),
    )
    imported = import_report(source, 2030)
    assert imported.as_text is None  # structured, not given up
    headings = _headings(yaml.safe_load(imported.text))
    for item in ("1、完成甲项工作。", "2、完成乙项工作。", "3、完成丙项工作。"):
        assert item in headings
    assert "（1）丙项目按期完工。" in headings and "（2）丁项目通过验收。" in headings
    if gap:  # the spaces dropped between the items are said to be
        assert "编号项" in "".join(yaml.safe_load(imported.text)["transcription_notes"])


@pytest.mark.parametrize("gap", [" ", "\u3000"])
def test_a_heading_sentence_then_a_space_then_text_stays_structured(
    tmp_path: Path, gap: str
) -> None:
    running = "目前全县就业形势总体稳定，新增就业500人，各项工作顺利推进，取得较好成效。"
    source = _write(
        tmp_path, "gap.txt", _report("一、基本情况", f"1、推进就业创业。{gap}{running}")
    )
    imported = import_report(source, 2030)
    assert imported.as_text is None
    item = yaml.safe_load(imported.text)["sections"]["overview"]["sections"]["s1-1"]
    assert item["heading"] == "1、推进就业创业。" and item["text"] == running + "\n"
    assert "标题句与同一段中接着的正文之间的空格" in imported.text


def test_an_empty_list_is_written_as_one() -> None:
    # a bare “parts:” reads as null, which the model refuses (a headcount with no parts)
    assert block("parts", [], 4) == ["    parts: []"]
    assert yaml.safe_load("\n".join(block("parts", [], 0))) == {"parts": []}


def test_a_text_whose_first_line_starts_with_a_space_reads_back() -> None:
    text = " | 一级指标 | 得分 |\n部门决策\n"
    written = "\n".join(["a:", "  b:", *block("text", text, 4)]) + "\n"
    assert yaml.safe_load(written) == {"a": {"b": {"text": text}}}


def test_only_the_next_number_of_the_same_style_cuts_a_paragraph() -> None:
    assert split_items("1、根据 2、3号文件办理。") == ["1、根据 2、3号文件办理。"]
    assert split_items("1、甲。 3、乙。") == ["1、甲。 3、乙。"]  # 3 does not follow 1
    assert split_items("九、甲。 十、乙。 十一、丙。") == ["九、甲。", "十、乙。", "十一、丙。"]
    assert split_items("①甲；②乙") == ["①甲；", "②乙"]
    assert split_items("共有 2、3 两项。") == ["共有 2、3 两项。"]  # no number first


def test_a_report_whose_keys_the_model_would_refuse_imports(tmp_path: Path) -> None:
    source = _write(
        tmp_path,
        "three.txt",
        _report(
            "一、“三公”经费情况",
            "“三公”经费支出5万元，其中公务接待费2万元，公务用车运行维护费3万元。",
        ),
    )
    imported = import_report(source, 2030)
    assert imported.as_text is None
    section = yaml.safe_load(imported.text)["sections"]["three-public"]
    assert section["kind"] == "three_public"
    assert section["breakdowns"][0]["id"] == "three-public-1"
    assert imported.report.sections["three-public"].kind == "three_public"


def test_an_outline_that_does_not_prove_falls_back_to_text(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = _write(tmp_path, "plain.txt", PLAIN)

    def refused(*args: object) -> object:
        raise StaffError("导入结果不能被数据模型读入（甲；乙）；没有写入任何文件。")

    monkeypatch.setattr(run, "_structured", refused)
    imported = import_report(source, 2030)
    assert imported.as_text == "导入结果不能被数据模型读入（甲；乙）"
    data = yaml.safe_load(imported.text)
    assert "sections" not in data and data["draft"] is True
    assert data["title"] == "2030年度部门整体支出绩效自评报告"
    # every line after the title, as printed, in order
    assert data["basis"]["text"].splitlines() == PLAIN.splitlines()[1:]
    assert "分节没有通过核对" in imported.text and "分节没有通过核对" in imported.summary()


def test_the_department_is_the_site_s(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _site(tmp_path, monkeypatch)
    # a source that names no unit (its title starts with 项目支出, not a unit's name)
    source = _write(tmp_path, "plain.txt", PLAIN.replace("2030年度部门", "项目支出2030年度部门"))
    assert main(["import", str(source), "--year", "2030"]) == 0
    data = _data(Path("data/2030.yaml"))
    assert data["department"] == {"name": SITE}
    assert data["draft"] is True
    assert "它是草稿" in capsys.readouterr().out


def test_another_department_s_report_is_refused_without_force(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _site(tmp_path, monkeypatch)
    blank = Path("data/2030.yaml").read_bytes()
    source = _write(tmp_path, "other.txt", PLAIN.replace("2030年度", f"{OTHER}2030年度", 1))
    assert main(["import", str(source), "--year", "2030"]) == 2
    err = capsys.readouterr().err
    assert f"原文所印单位是“{OTHER}”，不是本网站的单位“{SITE}”" in err
    assert "--force" in err and "Traceback" not in err
    assert Path("data/2030.yaml").read_bytes() == blank  # nothing written
    assert main(["import", str(source), "--year", "2030", "--dry-run"]) == 0  # a warning only
    assert "写入时须加 --force" in capsys.readouterr().err

    assert main(["import", str(source), "--year", "2030", "--force"]) == 0
    assert "注意：" in capsys.readouterr().err
    text = Path("data/2030.yaml").read_text(encoding="utf-8")
    assert _data(Path("data/2030.yaml"))["department"] == {"name": SITE}
    assert f"原文所印单位为“{OTHER}”" in text


def test_the_site_s_short_name_goes_into_the_imported_year(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _site(tmp_path, monkeypatch, "--short-name", "县测试局")
    source = _write(tmp_path, "short.txt", PLAIN.replace("2030年度", "县测试局2030年度", 1))
    assert main(["import", str(source), "--year", "2030"]) == 0  # its own short name
    assert _data(Path("data/2030.yaml"))["department"] == {"name": SITE, "short_name": "县测试局"}


def test_a_unit_of_money_on_the_cover_is_no_department(tmp_path: Path) -> None:
    source = _write(tmp_path, "money.txt", PLAIN.replace("\n", "\n单位：万元\n", 1))
    assert import_report(source, 2030).named is None
    named = _write(tmp_path, "named.txt", PLAIN.replace("\n", f"\n单位名称：{OTHER}\n", 1))
    assert import_report(named, 2030).named == OTHER


@pytest.mark.parametrize("suffix", [".txt", ".docx", ".pdf"])
def test_a_table_cell_is_never_the_department(tmp_path: Path, suffix: str) -> None:
    from tests import import_reports as reports

    # an excerpt cut off inside a table: its last line is what is left of a row, “| 社会”
    # ends as a unit's name does (会) but is a cell, not the signature
    rows = ["| 一级指标 | 二级指标 | 得分 |", "| 满意度(10分) | 协作部门满意度(3分) |", "| 社会"]
    text = PLAIN.replace("2030年度", f"{SITE}2030年度", 1) + "\n".join(rows)
    sources = [_write(tmp_path, "cut.txt", text), *reports.write_real(text, tmp_path, "cut")]
    imported = import_report(next(p for p in sources if p.suffix == suffix), 2030)
    assert imported.named == SITE  # from the title, as printed
    assert imported.report.signature.organisation is None
    assert "| 社会" in imported.text  # kept as printed, where it stands
    # nor is a cell of a form printed as text: 单位名称 here names two units
    cover = PLAIN.replace("\n", f"\n单位名称：{OTHER} | 主管部门：{SITE}\n", 1)
    assert import_report(_write(tmp_path, "form.txt", cover), 2030).named is None


def test_the_site_s_own_short_name_is_no_other_department(tmp_path: Path) -> None:
    assert not run.names_another("县测试局", SITE + "县测试局", None)
    assert not run.names_another("测试局", "虚构县 测试局")
    assert not run.names_another("县人社局", "某县人力资源和社会保障局", "县人社局")
    assert run.names_another(OTHER, SITE)
    assert not run.names_another(None, SITE)


def test_the_import_placeholder_is_never_published(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    source = _write(tmp_path, "plain.txt", PLAIN)
    assert main(["import", str(source), "--year", "2030"]) == 0  # no site: no unit known
    path = Path("data/2030.yaml")
    text = path.read_text(encoding="utf-8")
    assert "name: （原文未载明，请填写）" in text
    path.write_text(text.replace("draft: true\n", ""), encoding="utf-8")
    capsys.readouterr()
    assert main(["check"]) == 1
    err = capsys.readouterr().err
    assert "[placeholder" in err and "department.name" in err
    assert main(["render", "out"]) == 1  # not published
    assert not Path("out").exists()


def test_init_import_makes_the_site_with_the_year_s_draft(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    source = _write(tmp_path, "plain.txt", PLAIN)
    site = _site(tmp_path, monkeypatch, "--import", str(source))
    out = capsys.readouterr().out
    assert "已读取 plain.txt" in out and "核对导入的 data/2030.yaml" in out
    data = _data(site / "data" / "2030.yaml")
    assert data["draft"] is True and data["department"] == {"name": SITE}
    assert data["sections"]["overview"]["text"] == "本单位内设3个股室。\n"
    assert main(["check"]) == 0


def test_init_import_of_another_department_s_report_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = _write(tmp_path, "other.txt", PLAIN.replace("2030年度", f"{OTHER}2030年度", 1))
    site = tmp_path / "site"
    args = ["init", str(site), "--department", SITE, "--year", "2030", "--import", str(source)]
    assert main(args) == 2
    assert OTHER in capsys.readouterr().err and not site.exists()
    assert main([*args, "--force"]) == 0


def test_import_replaces_the_blank_draft_but_never_an_edited_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _site(tmp_path, monkeypatch)
    source = _write(tmp_path, "plain.txt", PLAIN)
    assert main(["import", str(source), "--year", "2030"]) == 0
    assert "代替了空白草稿" in capsys.readouterr().out
    imported = Path("data/2030.yaml").read_text(encoding="utf-8")
    # now staff's: a second import refuses, and changes nothing
    assert main(["import", str(source), "--year", "2030"]) == 2
    assert "已存在，不会覆盖" in capsys.readouterr().err
    assert Path("data/2030.yaml").read_text(encoding="utf-8") == imported
    # the blank year jixiao new made from it is replaced as well
    assert main(["new", "2031"]) == 0
    assert main(["import", str(source), "--year", "2031"]) == 0
    assert "sections" in _data(Path("data/2031.yaml"))  # the imported text, not the blank
    edited = Path("data/2031.yaml")
    edited.write_text(edited.read_text(encoding="utf-8") + "# 改过\n", encoding="utf-8")
    assert main(["import", str(source), "--year", "2031"]) == 2
    assert main(["import", str(source), "--year", "2031", "--force"]) == 0


def test_the_about_page_speaks_of_the_site_s_own_department(tmp_path: Path) -> None:
    source = _write(
        tmp_path,
        "other.txt",
        _report(
            "一、基本情况",
            "本单位承担社区养老服务工作。",
            "二、绩效情况",
            "1、养老床位新增120张，完成率100%。",
            "三、存在的问题",
            "宣传不够。",
            title=f"{OTHER}2030年度部门整体支出绩效自评报告",
        ),
    )
    about = render_about([import_report(source, 2030).report])
    assert OTHER in about
    assert "县财政局" not in about and "五个部分" not in about and "三个部分" in about
    for seed_example in ("社保卡", "职业技能培训", "招待费"):
        assert seed_example not in about
    searched = re.search(r"搜索页，支持中文(.*)。", about)
    assert searched is not None and "社保" not in searched[1]


def test_the_about_page_names_the_finance_office_the_report_names(tmp_path: Path) -> None:
    opening = "根据《某市财政局关于开展2030年度绩效自评的通知》（某财绩〔2031〕1号），现报告如下。"
    source = _write(tmp_path, "city.txt", PLAIN.replace("\n", f"\n{opening}\n", 1))
    about = render_about([import_report(source, 2030).report])
    assert "按市财政局的要求" in about and "县财政局" not in about


def test_a_blank_draft_is_one_log_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    site = _site(tmp_path, monkeypatch)
    for serving in (True, False):
        build = prepare(site / "data", drafts="preview" if serving else "omit")
        messages = _messages(build, serving)
        assert len(messages) == 1, messages
        level, line = messages[0]
        assert level == logging.INFO and "\n" not in line
        assert line.startswith("草稿 data/2030.yaml 不发布") and "个问题" in line
        assert ("预览中 2030 年的页面列出它们" in line) is serving


def _real_reports() -> list[Path]:
    folder = SHARED / "real-reports"
    if not folder.is_dir():
        return []
    return [p for p in sorted(folder.glob("*.txt")) if "-" * 20 in p.read_text(encoding="utf-8")]


@pytest.mark.parametrize("path", _real_reports() or [None], ids=lambda p: p.name if p else "absent")
def test_every_real_report_imports_into_a_new_site(
    path: Path | None,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    if path is None:
        pytest.skip(f"原报告文件夹 {SHARED} 不在本机（可用环境变量 JIXIAO_SHARED 指定）")
    body = path.read_text(encoding="utf-8").split("-" * 20, 1)[1].split("\n", 1)[1]
    source = _write(tmp_path, path.name, body.replace("[excerpt ends]", ""))
    _site(tmp_path, monkeypatch)
    # another department's report: imported with --force, never aborting
    assert main(["import", str(source), "--year", "2030", "--force"]) == 0
    err = capsys.readouterr().err
    assert "缺陷" not in err and "Traceback" not in err
    data = _data(Path("data/2030.yaml"))
    assert data["draft"] is True and data["department"] == {"name": SITE}
    assert main(["check"]) in (0, 1)  # loads and checks; a draft's problems are listed
