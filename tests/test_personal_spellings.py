"""Personal data in any spelling, on any surface: every way a mobile or ID number is written
(separators of every kind, invisible format characters, full-width digits, prefixes) is found
by the one screen, in the data (refused before a build) and in every kind of file a built site
holds (the post-build audit), and masked wherever a text must still be shown."""

from __future__ import annotations

import datetime
import gzip
import io
import json
import zipfile
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from jixiao.checks.audit import audit
from jixiao.checks.personal import find_personal, mask_personal
from jixiao.importer.read import read_source
from jixiao.infra.workers import spread
from jixiao.model.loader import load_year
from jixiao.postbuild import personal_audit
from jixiao.postbuild.personal_audit import audit_personal
from jixiao.postbuild.search_offline import script
from tests.conftest import ROOT
from tests.personal_forms import FORMS
from tests.personal_forms import NUMBER as PERSONAL_NUMBER

MOBILE = "13812345678"
ID = "11010519491231002X"
ID_15 = "110105491231002"


def spaced(groups: list[str], separator: str) -> str:
    return separator.join(groups)


M = ["138", "1234", "5678"]  # a mobile number in its groups
ID_GROUPS = ["110105", "19491231", "002X"]

# (name, spelling, digits): every spelling the issue lists, and the usual ones.
SPELLINGS: list[tuple[str, str, str]] = [
    ("plain", MOBILE, MOBILE),
    ("space", spaced(M, " "), MOBILE),
    ("hyphen", spaced(M, "-"), MOBILE),
    ("two spaces", spaced(M, "  "), MOBILE),
    ("tab", spaced(M, "\t"), MOBILE),
    ("dots", spaced(M, "."), MOBILE),
    ("spaced hyphen", spaced(M, " - "), MOBILE),
    ("minus sign U+2212", spaced(M, "\u2212"), MOBILE),
    ("small hyphen-minus U+FE63", spaced(M, "\ufe63"), MOBILE),
    ("figure dash U+2012", spaced(M, "\u2012"), MOBILE),
    ("en dash", spaced(M, "\u2013"), MOBILE),
    ("em dash", spaced(M, "\u2014"), MOBILE),
    ("hyphen U+2010", spaced(M, "\u2010"), MOBILE),
    ("full-width hyphen-minus", spaced(M, "\uff0d"), MOBILE),
    ("no-break space", spaced(M, "\u00a0"), MOBILE),
    ("thin space", spaced(M, "\u2009"), MOBILE),
    ("narrow no-break space", spaced(M, "\u202f"), MOBILE),
    ("figure space", spaced(M, "\u2007"), MOBILE),
    ("ideographic space", spaced(M, "\u3000"), MOBILE),
    ("middle dot", spaced(M, "\u00b7"), MOBILE),
    ("zero-width space", spaced(M, "\u200b"), MOBILE),
    ("zero-width joiner", spaced(M, "\u200d"), MOBILE),
    ("zero-width non-joiner", spaced(M, "\u200c"), MOBILE),
    ("word joiner", spaced(M, "\u2060"), MOBILE),
    ("soft hyphen", spaced(M, "\u00ad"), MOBILE),
    ("LRM", spaced(M, "\u200e"), MOBILE),
    ("RLM", spaced(M, "\u200f"), MOBILE),
    ("PDF", spaced(M, "\u202c"), MOBILE),
    ("LRI", spaced(M, "\u2066"), MOBILE),
    ("space and zero-width space", spaced(M, " \u200b"), MOBILE),
    ("full-width digits", "１３８１２３４５６７８", MOBILE),
    ("+86", "+86 " + spaced(M, "-"), MOBILE),
    ("0086", "0086" + MOBILE, MOBILE),
    ("ID", ID, ID),
    ("ID lower-case x", ID.lower(), ID),
    ("ID split by zero-width spaces", spaced(ID_GROUPS, "\u200b"), ID),
    ("ID split by dots", spaced(ID_GROUPS, "."), ID),
    ("ID split by spaces", spaced(ID_GROUPS, " "), ID),
    ("ID of 15 digits", ID_15, ID_15),
]
IDS = [name for name, _, _ in SPELLINGS]
INVISIBLE = set("\u200b\u200c\u200d\u2060\u00ad\u200e\u200f\u202c\u2066")


def masked(digits: str) -> str:
    return digits[:3] + "*" * (len(digits) - 7) + digits[-4:]


def test_there_are_at_least_35_spellings() -> None:
    assert len(SPELLINGS) >= 35


@pytest.mark.parametrize(("name", "spelling", "digits"), SPELLINGS, ids=IDS)
def test_each_spelling_is_found_and_masked(name: str, spelling: str, digits: str) -> None:
    text = f"联系人王五，电话{spelling}，请致电。"
    found = find_personal(text)
    assert [f.digits for f in found] == [digits]
    shown = mask_personal(text)
    assert shown == f"联系人王五，电话{masked(digits)}，请致电。"
    assert find_personal(shown) == []


@pytest.mark.parametrize(("name", "spelling", "digits"), SPELLINGS, ids=IDS)
def test_not_personal_allows_each_spelling_of_a_declared_number(
    name: str, spelling: str, digits: str
) -> None:
    assert find_personal(f"文号{spelling}", allowed=[digits]) == []


def test_ordinary_figures_are_not_taken_for_numbers() -> None:
    for text in ("预算13.81万元，14个股室", "2021.12.31", "得分95.5分，共138 人", "1234-5678"):
        assert find_personal(text) == [], text


MINIMAL = (ROOT / "tests" / "fixtures" / "minimal" / "2030.yaml").read_text(encoding="utf-8")
SUGGESTION = "      加强学习培训。\n"
assert SUGGESTION in MINIMAL


def data_with(tmp_path: Path, spelling: str) -> Path:
    path = tmp_path / "2030.yaml"
    text = MINIMAL.replace(SUGGESTION, f"      加强学习培训。联系人{spelling}。\n")
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(("name", "spelling", "digits"), SPELLINGS, ids=IDS)
def test_each_spelling_in_the_data_stops_publishing(
    tmp_path: Path, name: str, spelling: str, digits: str
) -> None:
    """Written in a data file, a number is a confidential error; one split by an invisible
    character is refused before that, as a control character at its line."""
    report, problems = load_year(data_with(tmp_path, spelling))
    if set(spelling) & INVISIBLE:
        assert report is None
        assert problems and all("控制字符" in p.message for p in problems)
        assert all(p.line == 52 for p in problems)  # the line of the suggestion
        return
    assert report is not None, problems
    errors = [f for f in audit(report).unreviewed if f.rule == "confidential"]
    assert [(f.stated, f.path) for f in errors] == [
        (masked(digits), ("sections", "suggestions", "text"))
    ]


# The surfaces of a built site, each a file the audit must read: (file name, content).
def html_text(spelling: str) -> bytes:
    return f"<html><body><p>电话<strong>{spelling}</strong></p></body></html>".encode()


def html_anchor(spelling: str) -> bytes:
    return f'<html><body><h2 id="wangwu-{spelling}">其他</h2></body></html>'.encode()


def html_meta(spelling: str) -> bytes:
    return f'<html><head><meta name="description" content="电话{spelling}"></head></html>'.encode()


def chart_table(spelling: str) -> bytes:
    table = f"<table><tr><td>{spelling}</td></tr></table>"
    return f"<html><body><template>{table}</template></body></html>".encode()


def search_location(spelling: str) -> bytes:
    docs = [{"location": f"2030/#wangwu-{spelling}", "title": "其他", "text": "<p>其他</p>"}]
    return json.dumps({"docs": docs}, ensure_ascii=False).encode()


def search_text(spelling: str) -> bytes:
    docs = [{"location": "2030/", "title": "建议", "text": f"<p>电话<em>{spelling}</em></p>"}]
    return json.dumps({"docs": docs}, ensure_ascii=False).encode()


def pagefind_fragment(spelling: str) -> bytes:
    """A fragment of Pagefind's index: gzip, a signature, JSON; Pagefind's word marks
    (U+200B) inside the number."""
    split = "\u200b".join(spelling[i : i + 4] for i in range(0, len(spelling), 4))
    record = {"url": "/000001.html", "content": f"电话{split}", "meta": {"link": "2030/"}}
    return gzip.compress(b"pagefind_dcd" + json.dumps(record, ensure_ascii=False).encode())


def pagefind_words(spelling: str) -> bytes:
    """A chunk of Pagefind's word index: gzip, a signature, CBOR holding the word."""
    word = spelling.encode()
    cbor = b"\x82\x18\x2a\x78" + bytes([len(word)]) + word
    return gzip.compress(b"pagefind_dcd" + cbor)


def offline_search(spelling: str) -> bytes:
    return script({"file": "2030.js", "sections": [["2030/", "建议", f"电话{spelling}"]]}).encode()


def json_download(spelling: str) -> bytes:
    return json.dumps({"sections": {f"wangwu-{spelling}": {"name": "x"}}}).encode()


def csv_download(spelling: str) -> bytes:
    return f"年度,字段,原文\n2030,建议,电话{spelling}\n".encode("utf-8-sig")


def xlsx_download(spelling: str) -> bytes:
    shared = f'<sst xmlns="x"><si><t>电话{spelling}</t></si></sst>'
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as book:
        book.writestr("xl/sharedStrings.xml", shared.encode())
        book.writestr("xl/worksheets/sheet1.xml", b'<worksheet xmlns="x"/>')
    return out.getvalue()


def history_page(spelling: str) -> bytes:
    return f"<html><body><ul><li>录入，经办人{spelling}</li></ul></body></html>".encode()


SURFACES = {
    "2030/index.html": html_text,
    "2030/anchor/index.html": html_anchor,
    "index.html": html_meta,
    "trends/index.html": chart_table,
    "search/search_index.json": search_location,
    "search/text/search_index.json": search_text,
    "pagefind/fragment/zh_0000001.pf_fragment": pagefind_fragment,
    "pagefind/index/zh_0000001.pf_index": pagefind_words,
    "search/offline/2030.js": offline_search,
    "downloads/jixiao-2030.json": json_download,
    "downloads/jixiao-2030.csv": csv_download,
    "downloads/jixiao-2030.xlsx": xlsx_download,
    "history/index.html": history_page,
}


@pytest.mark.parametrize(("name", "spelling", "digits"), SPELLINGS, ids=IDS)
def test_the_built_site_audit_finds_each_spelling_on_each_surface(
    tmp_path: Path, name: str, spelling: str, digits: str
) -> None:
    site = tmp_path / "site"
    for surface, make in SURFACES.items():
        target = site / surface
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(make(spelling))
    leaks = audit_personal(site)
    assert sorted((leak.file, leak.masked) for leak in leaks) == sorted(
        (surface, masked(digits)) for surface in SURFACES
    )
    assert audit_personal(site, allowed=[digits]) == []


def test_the_audit_reads_a_figure_value_in_a_json_download(tmp_path: Path) -> None:
    (tmp_path / "data.json").write_text('{"figures": [{"printed": "一个", "value": 13812345678}]}')
    leaks = audit_personal(tmp_path)
    assert [(leak.where, leak.masked) for leak in leaks] == [("figures[0].value", "138****5678")]


def test_the_audit_leaves_file_names_and_scripts_alone(tmp_path: Path) -> None:
    """Chart files are named by hashes, scripts carry numbers of their own: neither is text a
    reader gets."""
    page = (
        '<html><head><script>var a = "13812345678";</script></head><body>'
        '<img src="charts/2030-13812345678.svg" alt="图"></body></html>'
    )
    (tmp_path / "index.html").write_text(page)
    (tmp_path / "assets").mkdir()
    (tmp_path / "assets" / "bundle.json").write_text('{"n": "13812345678"}')
    assert audit_personal(tmp_path) == []


def test_the_importer_strips_the_characters_data_refuses(tmp_path: Path) -> None:
    """LRM, RLM, zero-width characters go; no-break and thin spaces become plain spaces; both
    are noted for the transcription notes."""
    source = tmp_path / "report.txt"
    source.write_text(
        "一、概况\n\u200e联系电话138\u2009\u200f1234\u00a05678\u2066。\n", encoding="utf-8"
    )
    read = read_source(source)
    assert "联系电话138 1234 5678。" in read.paragraphs
    assert any("文字方向控制符" in note for note in read.removed)
    assert any("特殊空格" in note for note in read.removed)


def test_hashes_the_site_prints_are_not_numbers(tmp_path: Path) -> None:
    """The downloads page prints each file's SHA-256: digits in a row, nobody's number."""
    digest = "ab13812345678" + "0" * 45 + "cdef01"
    (tmp_path / "index.html").write_text(f"<p>SHA-256：<code>{digest}</code></p>")
    assert audit_personal(tmp_path) == []
    (tmp_path / "index.html").write_text("<p>王五 13812345678</p>")
    assert len(audit_personal(tmp_path)) == 1


def test_the_audit_cache_never_hides_a_changed_file(tmp_path: Path) -> None:
    site = tmp_path / "site"
    site.mkdir()
    page = site / "index.html"
    page.write_text("<p>王五</p>")
    clean: set[str] = set()
    assert audit_personal(site, clean=clean) == [] and len(clean) == 1
    page.write_text("<p>王五 13812345678</p>")
    again: set[str] = set()
    assert len(audit_personal(site, known=clean, clean=again)) == 1 and not again
    assert audit_personal(site, ["13812345678"], known=clean) == []


def test_the_audit_never_shows_the_number_it_found(tmp_path: Path) -> None:
    (tmp_path / "data.json").write_text('{"sections": {"wangwu-13812345678": {"name": "x"}}}')
    (rendered,) = [leak.render() for leak in audit_personal(tmp_path)]
    assert "13812345678" not in rendered and "138****5678" in rendered


def test_a_number_declared_with_its_country_code_is_allowed_without_it() -> None:
    assert find_personal("文号13000011112", allowed=["+86 130 0001 1112"]) == []


def test_a_number_broken_across_lines_of_markup_is_found(tmp_path: Path) -> None:
    """A browser shows a line break inside a paragraph as a space."""
    (tmp_path / "index.html").write_text("<p>电话138\n1234\n5678</p>")
    assert [leak.masked for leak in audit_personal(tmp_path)] == ["138****5678"]


def test_a_site_read_over_worker_processes_gives_what_one_process_finds(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A build from nothing spreads the reading over worker processes (``infra.workers``):
    the same leaks, in the same file order, and the same files found clean; a small site,
    or one whose files are known, is read here."""
    site = tmp_path / "site"
    for n in range(30):
        page = site / f"{n:02}" / "index.html"
        page.parent.mkdir(parents=True)
        page.write_text(f"<p>第{n}页 {MOBILE if n % 7 == 3 else '王五'}</p>", "utf-8")
    (site / "data.json").write_text(json.dumps({"phone": spaced(M, "-")}), "utf-8")
    alone: set[str] = set()
    expected = audit_personal(site, clean=alone)
    assert [leak.file for leak in expected] == [
        "03/index.html",
        "10/index.html",
        "17/index.html",
        "24/index.html",
        "data.json",
    ]
    called: list[int] = []

    def counted(function: Any, items: Any) -> Any:
        items = list(items)
        called.append(len(items))
        return map(function, items)

    assert audit_personal(site, spread=counted) == expected and not called  # too few bytes
    monkeypatch.setattr(personal_audit, "SPREAD_FROM", 1)
    with spread() as over_workers:
        assert over_workers is not None
        spread_clean: set[str] = set()
        assert audit_personal(site, clean=spread_clean, spread=over_workers) == expected
    assert spread_clean == alone and len(alone) == 26
    assert audit_personal(site, known=alone, spread=counted) == expected
    assert called == [5]  # the files found clean before are not read again


@pytest.mark.parametrize("body", [body for _, body in FORMS], ids=[form for form, _ in FORMS])
def test_a_number_the_browser_shows_is_found_however_the_markup_writes_it(
    tmp_path: Path, body: str
) -> None:
    """Pages are read as the browser parses them (html5ever), so markup a naive parser reads
    otherwise hides nothing (``tests/browser/test_personal_forms.py`` shows each in Chromium)."""
    (tmp_path / "index.html").write_text(f"<!doctype html><html><body>{body}</body></html>")
    assert [leak.masked for leak in audit_personal(tmp_path)] == [masked(PERSONAL_NUMBER)]


def test_a_workbook_is_read_for_its_texts_and_values_not_its_cell_places() -> None:
    """A number in a sheet's name, in a text cell and as a number cell is found; the
    attributes that only place and type cells (50,000 in ten years' workbook) are not read."""
    from jixiao.opendata.xlsx import Column, Sheet, Workbook, write_workbook
    from jixiao.postbuild.personal_audit import _file_leaks, xlsx_texts

    rows: list[list[Any]] = [[Decimal("13912345678")], ["电话13712345678"], ["1"]]
    sheet = Sheet("电话13812345678", [Column("号码", 20, lambda row: row)], rows)
    data = write_workbook(Workbook([["说明"]], [sheet], datetime.datetime(2031, 5, 1)))
    leaks = _file_leaks("downloads/jixiao-2030.xlsx", data, [])
    assert sorted(leak.masked for leak in leaks) == ["137****5678", "138****5678", "139****5678"]
    places = ("<c r>", "<c s>", "<c t>", "<row r>", "<row spans>")
    assert not [where for where, _ in xlsx_texts(data) if where.endswith(places)]
