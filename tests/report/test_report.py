"""The run report, built by the pipeline's publish step on a real warehouse (generated world,
ingest, dbt build, GX checks) and rendered in headless Chromium: every chart drew every data
point, the numbers shown are the marts', and the page needs no network."""

from __future__ import annotations

import re
import shutil
from datetime import date, timedelta
from html.parser import HTMLParser

import duckdb
import pytest

from socialkpi.browser import chart_points, check_charts, chromium_path, dump_dom
from socialkpi.config import Settings
from socialkpi.evaluation.generator import PlatformPurge, WorldConfig, generate_world
from socialkpi.pipeline import ingest_step, publish_step, quality_step
from tests.utils import dbt_build

END = date(2026, 11, 20)
RUN_DAY = END + timedelta(days=1)  # the generator's last download day
RUN_ID = "scheduled__2026-11-22T00:00:00+00:00"
WORLD = WorldConfig(
    seed=7,
    accounts=6,
    days=30,
    end_date=END,
    export_every=2,
    platform_purges=(PlatformPurge("instagram", END - timedelta(days=5), 2),),
)
NO_BROWSER = "chromium not installed (Debian package `chromium`: apt-get install -y chromium)"


@pytest.fixture(scope="module")
def published(tmp_path_factory):
    root = tmp_path_factory.mktemp("report")
    settings = Settings(landing_root=root / "landing", warehouse_dir=root / "warehouse")
    generate_world(WORLD, settings.landing_root, root / "truth", progress=False)
    ingest_step(settings, RUN_DAY, RUN_ID)
    dbt_build(settings.warehouse_path, root, allow_warnings=True)
    quality_step(settings, RUN_DAY, RUN_ID)
    result = publish_step(settings, RUN_ID)
    return settings, result


@pytest.fixture(scope="module")
def dom(published):
    if chromium_path() is None:
        pytest.skip(NO_BROWSER)
    settings, _ = published
    return dump_dom((settings.serving_dir / "report" / "index.html").as_uri())


class _Cells(HTMLParser):
    """Text of the elements carrying data-field (by row key) and data-kpi."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.row_key = None
        self.current = None
        self.fields: dict[tuple[str, str], str] = {}
        self.kpis: dict[str, str] = {}
        self.rows: dict[str, list[str]] = {}

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "tr":
            self.row_key = a.get("data-account") or a.get("data-post") or a.get("data-status")
        if "data-field" in a:
            self.current = ("field", (self.row_key, a["data-field"]))
            self.fields[self.current[1]] = ""
        elif "data-kpi" in a:
            self.current = ("kpi", a["data-kpi"])
            self.kpis[a["data-kpi"]] = ""

    def handle_data(self, data):
        if self.current is None:
            return
        kind, key = self.current
        if kind == "field":
            self.fields[key] += data
        else:
            self.kpis[key] += data

    def handle_endtag(self, tag):
        if tag in ("td", "b"):
            self.current = None


def cells(html: str) -> _Cells:
    parser = _Cells()
    parser.feed(html)
    return parser


def number(text: str) -> int:
    return int(text.strip().replace(",", ""))


def mismatches(html: str, warehouse) -> list[str]:
    """Every number of the accounts table and the KPIs compared with the marts."""
    found = cells(html)
    problems = []
    with duckdb.connect(str(warehouse), read_only=True) as con:
        latest = con.execute(
            "select account_key, followers_total from marts.fct_account_daily "
            "where followers_total is not null "
            "qualify row_number() over (partition by account_key order by activity_date desc) = 1"
        ).fetchall()
        for account_key, followers in latest:
            shown = found.fields.get((account_key, "followers_total"))
            if shown is None or number(shown) != followers:
                problems.append(f"followers of {account_key}: shown {shown!r}, mart {followers}")
        for kpi, sql in {
            "accounts": "select count(*) from marts.dim_accounts",
            "purges": "select count(*) from marts.fct_follower_purge_events",
            "quality-total": f"select count(*) from quality.validation_results where run_id = '{RUN_ID}'",
            "checks-passed": f"select count(*) from quality.validation_results where run_id = '{RUN_ID}' and success",
            "run-sources": f"select count(*) from raw.file_manifest where load_id = '{RUN_ID}'",
        }.items():
            (expected,) = con.execute(sql).fetchone()
            shown = found.kpis.get(kpi)
            if shown is None or number(shown) != expected:
                problems.append(f"{kpi}: shown {shown!r}, warehouse {expected}")
        top = con.execute(
            "select engagements from marts.fct_post_performance where engagements is not null "
            "order by engagements desc limit 20"
        ).fetchall()
        shown_top = [
            number(text) for (_, field), text in found.fields.items() if field == "engagements"
        ]
        if shown_top != [value for (value,) in top]:
            problems.append(f"top posts engagements: shown {shown_top}, mart {top}")
    return problems


def test_publish_writes_the_report_next_to_the_serving_copy(published):
    settings, result = published
    report_dir = settings.serving_dir / "report"
    assert result["report"] == str(report_dir / "index.html")
    assert (report_dir / "plotly.min.js").stat().st_size > 1_000_000
    assert settings.serving_path.parent == report_dir.parent
    # GX Data Docs are gone: the report's data-quality page replaces them.
    assert not (settings.serving_dir / "data_docs").exists()


def test_report_needs_no_network(published):
    settings, _ = published
    html = (settings.serving_dir / "report" / "index.html").read_text()
    # Scripts, styles, images and fonts all local; only post links may point outside.
    assert not re.findall(r"<(?:script|link|img|iframe)[^>]+(?:src|href)=\"(?:https?:)?//", html)
    assert not re.findall(r"url\((?:https?:)?//|@import", html)
    assert '<script src="plotly.min.js"></script>' in html
    assert "NaT" not in html and "__none__" not in html


def test_every_chart_drew_every_data_point(dom):
    points = chart_points(dom)
    # A follower curve per account and a chart per platform; growth and engagement charts
    # where the account has such data (an empty one says so instead of drawing nothing).
    assert sum(1 for chart in points if chart.startswith("followers-")) == WORLD.accounts
    assert sum(1 for chart in points if chart.startswith("growth-")) > 0
    assert sum(1 for chart in points if chart.startswith("platform-")) > 1
    # Every account has a follower curve (engagement rates may be unknown: YouTube).
    assert all(points[c][0] > 0 for c in points if c.startswith(("followers-", "platform-")))
    assert check_charts(dom) == []
    assert 'data-charts-drawn="' in dom


def test_purges_are_marked_on_the_follower_curves(published, dom):
    settings, _ = published
    with duckdb.connect(str(settings.warehouse_path), read_only=True) as con:
        purged = con.execute(
            "select distinct account_key from marts.fct_follower_purge_events"
        ).fetchall()
    assert purged, "the world's Instagram purge was not detected: the check would be vacuous"
    for (account_key,) in purged:
        chart = dom.split(f'id="followers-{account_key}"', 1)[1].split('class="chart"', 1)[0]
        assert "shapelayer" in chart and 'class="point"' in chart


def test_numbers_shown_match_the_marts(published, dom):
    settings, _ = published
    assert mismatches(dom, settings.warehouse_path) == []


def test_a_wrong_number_is_caught(published, dom):
    settings, _ = published
    tampered = re.sub(
        r'(data-field="followers_total">)([\d,]+)',
        lambda m: m.group(1) + f"{number(m.group(2)) + 1:,}",
        dom,
        count=1,
    )
    assert len(mismatches(tampered, settings.warehouse_path)) == 1


def test_charts_without_the_library_are_caught(published, tmp_path):
    if chromium_path() is None:
        pytest.skip(NO_BROWSER)
    settings, _ = published
    broken = tmp_path / "report"
    shutil.copytree(settings.serving_dir / "report", broken)
    (broken / "plotly.min.js").unlink()
    dom = dump_dom((broken / "index.html").as_uri())
    assert "Chart library plotly.min.js not found" in dom
    problems = check_charts(dom)
    assert problems and all(" 0 of " in problem for problem in problems)
