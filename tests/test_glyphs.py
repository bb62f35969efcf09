"""Text the charts draw must be drawable in the chart font: checked before any chart is."""

from __future__ import annotations

from jixiao.checks.audit import audit
from jixiao.checks.glyphs import COVERED, font_characters, missing_glyphs
from tests.synthetic import report


def test_the_ranges_taken_as_covered_are_in_the_font() -> None:
    """missing_glyphs skips reading the font for these; the font must really have them all."""
    taken = [code for code in range(0x10000) if COVERED.match(chr(code))]
    assert len(taken) > 20_000
    drawable = font_characters()
    assert [hex(code) for code in taken if code not in drawable] == []


def test_an_emoji_or_a_character_beyond_the_font_is_found() -> None:
    assert missing_glyphs("职业技能培训（2021）") == []
    assert missing_glyphs("培训😀达标😀") == ["😀"]
    assert missing_glyphs("𠀀") == ["𠀀"]  # CJK extension B: not in Noto Sans CJK SC


def test_a_name_the_charts_cannot_draw_stops_publishing() -> None:
    bad = report(budget={"items": [{"name": "公用经费😀", "value": "100万元"}]})
    [finding] = [f for f in audit(bad).findings if f.rule == "glyph"]
    assert finding.severity == "error" and finding.field == "sections.budget.items[0].name"
    assert "U+1F600" in finding.message
    text_only = report(suggestions={"text": "欢迎监督😀。"})  # page text: the browser draws it
    assert [f for f in audit(text_only).findings if f.rule == "glyph"] == []
