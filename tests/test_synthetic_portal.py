"""The synthetic county portal (benchmarks.synthetic_portal): every year file loads and audits
clean, the same seed writes the same bytes, and the shapes benchmarks and portal tests rely on
are there (a figure not stated, a score table, project tables, other outlines, a reviewed
inconsistency)."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from benchmarks.synthetic_departments import departments
from benchmarks.synthetic_portal import REAL_REPORTS, check, generate, published_years
from benchmarks.synthetic_shapes import OWN_TREE, score_tree, shapes
from jixiao.checks.audit import audit, audit_loaded
from jixiao.model.loader import Loaded, data_files, load_all
from jixiao.model.report import Budget, Performance, Report
from jixiao.model.tables import ProjectTable, ScoreTable
from tests.conftest import ROOT

RESERVED = {"compare", "search", "pagefind", "assets", "stylesheets", "javascripts"}
RESERVED |= {"about", "downloads", "trends"}
DEPARTMENT_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")


@pytest.fixture(scope="module")
def portal(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return generate(tmp_path_factory.mktemp("portal") / "data", 4, 2, seed=7, real_reports=None)


def loaded(portal: Path) -> dict[str, Loaded]:
    folders = sorted(p for p in portal.iterdir() if p.is_dir())
    return {folder.name: load_all(data_files(folder)) for folder in folders}


def reports(portal: Path) -> list[Report]:
    return [r for each in loaded(portal).values() for r in each.reports]


def test_every_department_loads_and_audits_clean(portal: Path) -> None:
    assert check(portal) == []
    for department, each in loaded(portal).items():
        assert [r.year for r in each.reports] == [2020, 2021], department
        assert each.problems == [], department
        found = audit_loaded(each)
        assert found.failures == [] and found.blocking == [], department


def test_portal_yaml_lists_every_folder_once_under_the_countys_groups(portal: Path) -> None:
    listed = yaml.safe_load((portal / "portal.yaml").read_text(encoding="utf-8"))
    assert listed["county"] == "新晃侗族自治县"
    ids = [i for group in listed["groups"] for i in group["departments"]]
    assert sorted(ids) == sorted(p.name for p in portal.iterdir() if p.is_dir())
    assert len(ids) == len(set(ids)) == 4
    assert ids[0] != "renshe" and "renshe" in ids  # listed by group, not in made order


def test_the_first_department_is_the_seed_in_every_year(portal: Path) -> None:
    seed = (ROOT / "data" / "2021.yaml").read_text(encoding="utf-8")
    assert (portal / "renshe" / "2021.yaml").read_text(encoding="utf-8") == seed
    older = (portal / "renshe" / "2020.yaml").read_text(encoding="utf-8")
    assert "\nyear: 2020\n" in older and "date: 2021-05-20" in older


def test_same_seed_same_bytes_other_seed_other_figures(tmp_path: Path, portal: Path) -> None:
    again = generate(tmp_path / "again", 4, 2, seed=7, real_reports=None)
    files = sorted(p.relative_to(portal) for p in portal.rglob("*.yaml"))
    assert files == sorted(p.relative_to(again) for p in again.rglob("*.yaml"))
    for name in files:
        assert (portal / name).read_bytes() == (again / name).read_bytes(), name
    other = generate(tmp_path / "other", 4, 2, seed=8, real_reports=None)
    changed = [n for n in files if (portal / n).read_bytes() != (other / n).read_bytes()]
    assert len(changed) == 6  # all but the seed department's two years


def test_varied_shapes_are_present(portal: Path) -> None:
    all_reports = reports(portal)
    budgets = [s for r in all_reports for s in r.sections.values() if isinstance(s, Budget)]
    assert any(b.total is None and b.items for b in budgets), "a budget total not stated"
    assert any(b.total is not None for b in budgets)
    tables = [t for r in all_reports for s in r.sections.values() for t in s.tables]
    assert any(isinstance(t, ScoreTable) for t in tables)
    assert any(isinstance(t, ProjectTable) for r in all_reports for t in r.attachments)
    headings = {s.heading for r in all_reports for s in r.sections.values()}
    assert {"五、建议", "五、存在的问题", "六、改进措施"} <= headings  # three outlines
    assert any(r.cover and r.contents for r in all_reports)
    assert any(audit(r).reviewed for r in all_reports), "an inconsistency, reviewed"
    names = {r.department.name for r in all_reports}
    assert "中共新晃侗族自治县委员会办公室" in names and len(names) == 4


def test_sizes_vary(tmp_path: Path) -> None:
    made = generate(tmp_path / "data", 12, 1, seed=0, real_reports=None)
    themes = set()
    for path in made.glob("*/2021.yaml"):
        for section in load_all([path]).reports[0].sections.values():
            if isinstance(section, Performance):
                themes.add(len(section.sections))
    assert len(themes) >= 3


def test_a_portal_beyond_the_catalogue_keeps_ids_unique_and_valid() -> None:
    ids = [d.id for d in departments(200)]
    assert len(set(ids)) == 200
    assert all(DEPARTMENT_ID.match(i) and i not in RESERVED for i in ids)
    assert len({d.full_name("某县") for d in departments(200)}) == 200


def test_a_score_tree_is_read_from_merged_rows_and_refused_when_it_does_not_add_up() -> None:
    rows = [
        "| 一级指标 | 二级指标 | 三级指标 | 得分 |",
        "| 决策(40分) | 目标(40分) | 明确性(20分) |",
        "| 合理性(20分) |",
        "| 绩效(60分) | 成效(60分) | 特性指标 |",
    ]
    tree = score_tree(rows)
    assert [(n, int(w)) for n, w, _ in tree] == [("决策", 40), ("绩效", 60)]
    assert [(n, int(w)) for n, w, _ in tree[0][2][0][2]] == [("明确性", 20), ("合理性", 20)]
    assert tree[1][2][0][2][0][1] == 60  # a leaf printed without weight takes the rest
    assert score_tree([rows[0], rows[1].replace("40分) | 目标", "30分) | 目标")]) == ()


def test_without_the_real_reports_the_generator_uses_our_shapes_only(tmp_path: Path) -> None:
    own = shapes(tmp_path / "absent")
    assert not own.real and own.trees == (OWN_TREE,)


@pytest.mark.skipif(not REAL_REPORTS.is_dir(), reason="../shared/real-reports 不在本机")
def test_with_the_real_reports_their_shapes_are_used_and_still_audit_clean(tmp_path: Path) -> None:
    found = shapes(REAL_REPORTS)
    assert found.real and len(found.trees) > 1
    made = generate(tmp_path / "data", 4, 1, seed=1)
    for each in loaded(made).values():
        assert each.problems == [] and audit_loaded(each).failures == []
    text = (made / "xwbgs" / "2021.yaml").read_text(encoding="utf-8")
    assert "kind: score" in text and "部门决策" in text


def test_the_command_writes_a_portal(tmp_path: Path) -> None:
    command = [sys.executable, "-m", "benchmarks.synthetic_portal", str(tmp_path / "d")]
    done = subprocess.run(
        [*command, "--departments", "2", "--years", "1", "--own-shapes", "--check"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr + done.stdout
    assert "every year file loads and audits clean" in done.stdout
    assert sorted(p.name for p in (tmp_path / "d").iterdir()) == ["portal.yaml", "renshe", "xwbgs"]


def test_the_benchmarks_tell_a_built_portal_from_a_site_that_is_none(tmp_path: Path) -> None:
    from benchmarks.portal import portal_built

    built = tmp_path / "site"
    (built / "2021").mkdir(parents=True)
    assert "renshe/2021/index.html" in portal_built(tmp_path)
    (built / "renshe" / "2021").mkdir(parents=True)
    (built / "renshe" / "2021" / "index.html").write_text("", encoding="utf-8")
    assert "compare" in portal_built(tmp_path)
    (built / "compare").mkdir()
    assert portal_built(tmp_path) == ""


def test_some_departments_publish_fewer_years_by_the_seed() -> None:
    chosen = departments(60)
    spans = published_years(chosen, 10, seed=0)
    every = tuple(range(2012, 2022))
    fewer = {d: span for d, span in spans.items() if span != every}
    assert len(fewer) == 9 and "renshe" not in fewer  # 15% of the 59 others; the seed's all
    assert all(3 <= len(span) <= 9 and span == tuple(sorted(span)) for span in fewer.values())
    later = [s for s in fewer.values() if s[-1] == 2021 and s == every[-len(s) :]]
    stopped = [s for s in fewer.values() if s[-1] < 2021]
    gap = [s for s in fewer.values() if s[0] == 2012 and s[-1] == 2021]
    assert len(later) == len(stopped) == len(gap) == 3
    assert all(s == every[: len(s)] for s in stopped)
    assert all(len(set(range(s[0], s[-1] + 1)) - set(s)) > 0 for s in gap)
    assert published_years(chosen, 10, seed=0) == spans
    assert published_years(chosen, 10, seed=1) != spans
    assert set(published_years(chosen, 10, 0, every_year=True).values()) == {every}
    assert set(published_years(chosen, 3, seed=0).values()) == {every[-3:]}


@pytest.fixture(scope="module")
def uneven(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Seven departments over five years; one of them (not the seed's) publishes fewer."""
    return generate(tmp_path_factory.mktemp("uneven") / "data", 7, 5, seed=3, real_reports=None)


def test_a_portal_with_fewer_years_checks_clean_and_writes_only_those_years(
    uneven: Path,
) -> None:
    from jixiao.build_portal import Options, prepare_portal

    spans = published_years(departments(7), 5, seed=3)
    short = [d for d, span in spans.items() if len(span) < 5]
    assert len(short) == 1
    for department, span in spans.items():
        assert sorted(p.stem for p in (uneven / department).glob("*.yaml")) == [
            str(y) for y in span
        ]
    assert check(uneven) == []
    build = prepare_portal(uneven, Options(drafts="check", generate_site=False, workers=1))
    problems = build.data_problems + [p for b in build.builds for p in b.audited.failures]
    assert problems == []


def test_the_comparison_of_a_year_a_department_skipped_says_not_published(
    uneven: Path,
) -> None:
    from jixiao.build_portal import Options, prepare_portal
    from jixiao.derive.portal import Portal, department_site
    from jixiao.pages.portal import render_compare, render_portal_home

    build = prepare_portal(uneven, Options(drafts="check", generate_site=False, workers=1))
    portal = Portal(
        "新晃侗族自治县",
        tuple(
            department_site(o.id, build.groups[o.id], o.build.loaded.reports)
            for o in build.outcomes
            if o.build is not None
        ),
    )
    short = next(d for d in portal.departments if len(d.years) < 5)
    have = {y.year for y in short.years}
    for year in range(2017, 2022):
        page = render_compare(portal, year)
        in_table = f"../{short.id}/{year}.md" in page
        assert in_table == (year in have), year
        listed = re.search(f"未发布{year}年度报告的部门（单位）：(.*)", page)
        assert (listed is not None and short.name in listed.group(1)) == (year not in have)
    home = render_portal_home(portal)
    newest = short.years[-1].year
    assert f"{short.id}/{newest}.md" in home  # its newest year, with that year named
