"""The run report: one static HTML page, viewable offline, published next to the serving copy.

``publish_report`` reads the warehouse (read-only, after the run's last write) and writes
``<serving>/report/index.html`` plus ``plotly.min.js``, the chart library copied from the
``plotly`` wheel (pinned in requirements.in): no CDN, no network, a file:// URL works.

Content, per platform and per account: the reported follower curve with the purge events of
``fct_follower_purge_events`` (shaded, with the followers lost) and the other drops of
``intermediate.int_purge_drop_events`` (unfollow waves, unconfirmed drops, data glitches)
marked; weekly reported vs organic (purge-adjusted) growth from ``mart_purge_adjusted_growth``;
the daily engagement rate; the top posts; the data-quality results of the run
(``quality.validation_results``, which replaces GX Data Docs); the sources loaded and
quarantined by the run (``raw.file_manifest`` / ``raw.quarantine`` with the run's load id)
and over the whole history (``marts.ops_file_loads``).

Every number the page shows comes from one query below; the test renders the page in headless
Chromium and compares the DOM with the marts. Charts carry ``data-points`` (the points of
their traces) so the test can check that Plotly drew every one.
"""

from __future__ import annotations

import json
import os
import shutil
import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import duckdb

REPORT_DIR_NAME = "report"
CHART_LIBRARY = "plotly.min.js"
TOP_POSTS = 20
MAX_SOURCE_ROWS = 300
DROP_KIND_LABELS = {
    "unfollow_wave": "unfollow wave",
    "unconfirmed_drop": "unconfirmed drop",
    "transient_dip": "data glitch (rebound)",
}


@dataclass(frozen=True)
class ReportResult:
    index_path: Path
    accounts: int
    charts: int
    expectations: int


def publish_report(warehouse_path: Path, serving_dir: Path, run_id: str | None) -> ReportResult:
    """Render the report from ``warehouse_path`` and swap it in at ``serving_dir/report``."""
    serving_dir = Path(serving_dir)
    serving_dir.mkdir(parents=True, exist_ok=True)
    target = serving_dir / REPORT_DIR_NAME
    incoming = serving_dir / f".{REPORT_DIR_NAME}.{uuid.uuid4().hex}.tmp"
    incoming.mkdir()
    try:
        data = collect(warehouse_path, run_id)
        html = render(data)
        (incoming / "index.html").write_text(html, encoding="utf-8")
        shutil.copyfile(chart_library_path(), incoming / CHART_LIBRARY)
        outgoing = serving_dir / f".{REPORT_DIR_NAME}.{uuid.uuid4().hex}.old"
        if target.exists():
            os.replace(target, outgoing)
        os.replace(incoming, target)
        shutil.rmtree(outgoing, ignore_errors=True)
    finally:
        shutil.rmtree(incoming, ignore_errors=True)
    return ReportResult(
        index_path=target / "index.html",
        accounts=len(data["accounts"]),
        charts=sum(len(a["charts"]) for a in data["accounts"]) + len(data["platform_charts"]),
        expectations=len(data["quality"]["rows"]),
    )


def chart_library_path() -> Path:
    """plotly.js as shipped inside the ``plotly`` Python package (no download)."""
    import plotly

    path = Path(plotly.__file__).parent / "package_data" / CHART_LIBRARY
    if not path.is_file():
        raise FileNotFoundError(f"{path} missing: is the pinned plotly wheel installed?")
    return path


def _rows(con: duckdb.DuckDBPyConnection, sql: str, params: list | None = None) -> list[dict]:
    cursor = con.execute(sql, params or [])
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def _has_table(con: duckdb.DuckDBPyConnection, schema: str, table: str) -> bool:
    return bool(
        con.execute(
            "select count(*) from duckdb_tables() where schema_name = ? and table_name = ?",
            [schema, table],
        ).fetchone()[0]
    )


def collect(warehouse_path: Path, run_id: str | None) -> dict:
    """Everything the page shows, as plain Python values."""
    with duckdb.connect(str(warehouse_path), read_only=True) as con:
        accounts = _rows(
            con,
            """
            select a.account_key, a.platform, a.account_name, a.brand,
                   latest.activity_date as latest_date, latest.followers_total,
                   latest.daily_engagement_rate
            from marts.dim_accounts a
            left join (
                select account_key, activity_date, followers_total, daily_engagement_rate
                from marts.fct_account_daily where followers_total is not null
                qualify row_number() over (partition by account_key order by activity_date desc) = 1
            ) latest using (account_key)
            order by a.platform, a.account_name, a.account_key
            """,
        )
        daily = _rows(
            con,
            """
            select account_key, activity_date, followers_total, followers_net_change,
                   engagements, daily_engagement_rate
            from marts.fct_account_daily order by account_key, activity_date
            """,
        )
        purges = _rows(
            con,
            """
            select event_id, account_key, platform, account_name, first_date, last_date,
                   followers_before, followers_after, followers_lost, loss_pct, scope, severity
            from marts.fct_follower_purge_events order by account_key, first_date
            """,
        )
        drops = []
        if _has_table(con, "intermediate", "int_purge_drop_events"):
            drops = _rows(
                con,
                """
                select event_id, account_key, first_date, last_date, drop_kind, followers_lost,
                       followers_before, followers_after
                from intermediate.int_purge_drop_events where drop_kind <> 'purge'
                order by account_key, first_date
                """,
            )
        weekly = _rows(
            con,
            """
            select account_key, period_start_date, follower_growth_rate,
                   organic_follower_growth_rate, followers_net_change, organic_net_change,
                   purge_followers_lost
            from marts.mart_purge_adjusted_growth
            where period_grain = 'week' and opening_followers_total is not null
              and closing_followers_total is not null
            order by account_key, period_start_date
            """,
        )
        growth = _rows(
            con,
            """
            select account_key,
                   min(period_start_date) as first_week,
                   sum(followers_net_change) as reported_net_change,
                   sum(organic_net_change) as organic_net_change,
                   sum(purge_followers_lost) as purge_followers_lost,
                   sum(purge_events) as purge_events
            from marts.mart_purge_adjusted_growth
            where period_grain = 'month'
            group by account_key
            """,
        )
        top_posts = _rows(
            con,
            f"""
            select p.platform, p.account_name, p.post_id, p.published_date, p.post_type,
                   p.post_url, p.engagements, p.impressions, p.reach,
                   p.engagement_rate_by_reach, p.engagement_rate_by_followers
            from marts.fct_post_performance p
            where p.engagements is not null
            order by p.engagements desc, p.post_key
            limit {TOP_POSTS}
            """,
        )
        quality = _quality(con, run_id)
        sources = _sources(con, run_id)
    return _shape(
        run_id, accounts, daily, purges, drops, weekly, growth, top_posts,
        quality, sources,
    )  # fmt: skip


def _quality(con: duckdb.DuckDBPyConnection, run_id: str | None) -> dict:
    if not _has_table(con, "quality", "validation_results"):
        return {"run_id": None, "rows": [], "validated_at": None}
    if (
        run_id is None
        or not con.execute(
            "select count(*) from quality.validation_results where run_id = ?", [run_id]
        ).fetchone()[0]
    ):
        latest = con.execute(
            "select run_id from quality.validation_results order by validated_at desc limit 1"
        ).fetchone()
        run_id = latest[0] if latest else None
    rows = _rows(
        con,
        """
        select suite_name, expectation_type, column_name, severity, success, element_count,
               unexpected_count, window_start, window_end, validated_at,
               details ->> '$.observed_value' as observed_value,
               failing_rows::varchar as failing_rows,
               details -> '$.kwargs' as kwargs
        from quality.validation_results where run_id = ?
        order by success, severity, suite_name, expectation_type, column_name
        """,
        [run_id],
    )
    for row in rows:
        kwargs = json.loads(row.pop("kwargs") or "{}")
        kwargs.pop("column", None)
        row["kwargs"] = ", ".join(f"{k}={v}" for k, v in kwargs.items() if v is not None)
        failing = json.loads(row["failing_rows"] or "[]")
        row["failing_rows"] = failing[:5]
        row["failing_total"] = len(failing)
    return {
        "run_id": run_id,
        "rows": rows,
        "validated_at": rows[0]["validated_at"] if rows else None,
    }


def _sources(con: duckdb.DuckDBPyConnection, run_id: str | None) -> dict:
    history = _rows(
        con,
        """
        select load_status, count(*) as sources, sum(rows_read) as rows_read,
               sum(rows_loaded) as rows_loaded, sum(rows_quarantined) as rows_quarantined,
               sum(cells_nulled) as cells_nulled
        from marts.ops_file_loads group by load_status order by load_status
        """,
    )
    run_totals, run_files, quarantine_scopes = [], [], []
    if run_id is not None and _has_table(con, "raw", "file_manifest"):
        run_totals = _rows(
            con,
            """
            select status as load_status, count(*) as sources, sum(rows_read) as rows_read,
                   sum(rows_loaded) as rows_loaded, sum(rows_quarantined) as rows_quarantined,
                   sum(cells_nulled) as cells_nulled
            from raw.file_manifest where load_id = ? group by status order by status
            """,
            [run_id],
        )
        run_files = _rows(
            con,
            f"""
            select source_file, platform, account, export_date, format_name, status,
                   rows_read, rows_loaded, rows_quarantined, cells_nulled, duplicate_of, reason
            from raw.file_manifest where load_id = ?
            order by case status when 'quarantined' then 0 when 'loaded' then 2 else 1 end,
                     source_file
            limit {MAX_SOURCE_ROWS}
            """,
            [run_id],
        )
    if run_id is not None and _has_table(con, "raw", "quarantine"):
        quarantine_scopes = _rows(
            con,
            """
            select coalesce(scope, 'row') as scope, count(*) as entries,
                   count(distinct source_file) as sources
            from raw.quarantine where load_id = ? group by all order by 1
            """,
            [run_id],
        )
    return {
        "history": history,
        "run_totals": run_totals,
        "run_files": run_files,
        "run_files_total": sum(r["sources"] for r in run_totals),
        "quarantine_scopes": quarantine_scopes,
    }


def _iso(value):
    return value.isoformat() if isinstance(value, date | datetime) else value


def _shape(run_id, accounts, daily, purges, drops, weekly, growth, top_posts,
           quality, sources) -> dict:  # fmt: skip
    by_account: dict[str, dict] = {}
    for account in accounts:
        account = dict(account)
        key = account["account_key"]
        account.update(daily=[], purges=[], drops=[], weekly=[], growth=None, charts=[])
        by_account[key] = account
    for name, rows in (("daily", daily), ("purges", purges), ("drops", drops), ("weekly", weekly)):
        for row in rows:
            if row["account_key"] in by_account:
                by_account[row["account_key"]][name].append(row)
    for row in growth:
        if row["account_key"] in by_account:
            by_account[row["account_key"]]["growth"] = row

    for account in by_account.values():
        account["charts"] = [
            _follower_chart(account),
            _growth_chart(account),
            _engagement_chart(account),
        ]
        account["anchor"] = "account-" + "".join(
            ch if ch.isalnum() else "-" for ch in account["account_key"]
        )

    platform_names = sorted({a["platform"] for a in accounts})
    platform_charts = [
        _platform_chart(
            name,
            [a for a in by_account.values() if a["platform"] == name],
            [p for p in purges if p["platform"] == name],
        )
        for name in platform_names
    ]
    quality_rows = quality["rows"]
    return {
        "run_id": run_id,
        "generated_at": datetime.now(UTC).replace(tzinfo=None),
        "data_through": max((r["activity_date"] for r in daily), default=None),
        "platforms": [
            {
                "name": name,
                "chart": chart,
                "accounts": [a for a in by_account.values() if a["platform"] == name],
                "purges": [p for p in purges if p["platform"] == name],
            }
            for name, chart in zip(platform_names, platform_charts, strict=True)
        ],
        "platform_charts": platform_charts,
        "accounts": list(by_account.values()),
        "purges": purges,
        "drops": drops,
        "top_posts": top_posts,
        "quality": {
            **quality,
            "passed": sum(1 for r in quality_rows if r["success"]),
            "failed_critical": sum(
                1 for r in quality_rows if not r["success"] and r["severity"] == "critical"
            ),
            "failed_warning": sum(
                1 for r in quality_rows if not r["success"] and r["severity"] != "critical"
            ),
        },
        "sources": sources,
    }


def _trace_points(values) -> int:
    return sum(1 for v in values if v is not None)


def _chart(chart_id: str, title: str, traces: list[dict], layout: dict) -> dict:
    points = sum(
        _trace_points(t["y"]) for t in traces if t.get("type", "scatter") == "scatter"
    ) + sum(_trace_points(t["y"]) for t in traces if t.get("type") == "bar")
    return {
        "id": chart_id,
        "title": title,
        "points": points,
        "spec": {"data": traces, "layout": {"title": {"text": title}, **layout}},
    }


def _line(name: str, x: list, y: list, **extra) -> dict:
    return {
        "type": "scatter",
        "mode": "lines" if len(x) > 2 else "markers",
        "name": name,
        "x": [_iso(v) for v in x],
        "y": y,
        # Every point kept in the SVG path (no simplification): the browser test counts them.
        "line": {"simplify": False, **extra.pop("line", {})},
        **extra,
    }


def _follower_chart(account: dict) -> dict:
    rows = [r for r in account["daily"] if r["followers_total"] is not None]
    x = [r["activity_date"] for r in rows]
    y = [r["followers_total"] for r in rows]
    totals = {r["activity_date"]: r["followers_total"] for r in rows}
    traces = [_line("followers (reported)", x, y)]
    shapes = []
    if account["purges"]:
        traces.append(
            {
                "type": "scatter",
                "mode": "markers",
                "name": "purge",
                "x": [_iso(p["last_date"]) for p in account["purges"]],
                "y": [totals.get(p["last_date"], p["followers_after"]) for p in account["purges"]],
                "marker": {"symbol": "x", "size": 12, "color": "#c0392b"},
                "text": [
                    f"purge {p['first_date']}..{p['last_date']}: {p['followers_lost']:,} lost "
                    f"({p['scope']}, {p['severity']})"
                    for p in account["purges"]
                ],
                "hoverinfo": "text",
            }
        )
        for p in account["purges"]:
            shapes.append(_band(p["first_date"], p["last_date"], "rgba(192,57,43,0.18)"))
    if account["drops"]:
        traces.append(
            {
                "type": "scatter",
                "mode": "markers",
                "name": "other drop",
                "x": [_iso(d["first_date"]) for d in account["drops"]],
                "y": [totals.get(d["first_date"], d["followers_after"]) for d in account["drops"]],
                "marker": {"symbol": "triangle-down", "size": 11, "color": "#e67e22"},
                "text": [
                    f"{DROP_KIND_LABELS.get(d['drop_kind'], d['drop_kind'])} {d['first_date']}: "
                    f"{(d['followers_lost'] or 0):,.0f} lost"
                    for d in account["drops"]
                ],
                "hoverinfo": "text",
            }
        )
    return _chart(
        f"followers-{account['account_key']}",
        "Followers, purges and drops",
        traces,
        {"shapes": shapes, "yaxis": {"title": {"text": "followers"}}},
    )


def _band(first: date, last: date, color: str) -> dict:
    # From the start of the first day to the end of the last: a one-day event stays visible.
    return {
        "type": "rect",
        "xref": "x",
        "yref": "paper",
        "x0": f"{first.isoformat()} 00:00",
        "x1": f"{(last + timedelta(days=1)).isoformat()} 00:00",
        "y0": 0,
        "y1": 1,
        "fillcolor": color,
        "line": {"width": 0},
        "layer": "below",
    }


def _growth_chart(account: dict) -> dict:
    weeks = account["weekly"]
    x = [_iso(w["period_start_date"]) for w in weeks]
    traces = [
        {
            "type": "bar",
            "name": "reported growth",
            "x": x,
            "y": [w["follower_growth_rate"] for w in weeks],
            "marker": {"color": "#7f8c8d"},
        },
        {
            "type": "bar",
            "name": "organic (purge-adjusted)",
            "x": x,
            "y": [w["organic_follower_growth_rate"] for w in weeks],
            "marker": {"color": "#27ae60"},
        },
    ]
    return _chart(
        f"growth-{account['account_key']}",
        "Weekly follower growth: reported vs organic",
        traces,
        {"barmode": "group", "yaxis": {"tickformat": ".1%"}},
    )


def _engagement_chart(account: dict) -> dict:
    rows = account["daily"]
    return _chart(
        f"engagement-{account['account_key']}",
        "Daily engagement rate (engagements / followers)",
        [
            _line(
                "engagement rate",
                [r["activity_date"] for r in rows],
                [r["daily_engagement_rate"] for r in rows],
                line={"color": "#2980b9"},
                connectgaps=False,
            )
        ],
        {"yaxis": {"tickformat": ".2%"}},
    )


def _platform_chart(platform: str, accounts: list[dict], purges: list[dict]) -> dict:
    """One follower line per account of the platform (a sum would dip on days an account
    did not report), the platform's purge days shaded."""
    traces = []
    for account in accounts:
        rows = [r for r in account["daily"] if r["followers_total"] is not None]
        traces.append(_line(account["account_name"], [r["activity_date"] for r in rows],
                            [r["followers_total"] for r in rows]))  # fmt: skip
    shapes = [_band(p["first_date"], p["last_date"], "rgba(192,57,43,0.15)") for p in purges]
    return _chart(
        f"platform-{platform}",
        f"{platform}: followers per account (purge days shaded)",
        traces,
        {"shapes": shapes, "yaxis": {"title": {"text": "followers"}}},
    )


def render(data: dict) -> str:
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(Path(__file__).parent),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["num"] = _number
    env.filters["pct"] = _percent
    env.filters["chart_json"] = _chart_json
    return env.get_template("template.html").render(
        **data, chart_library=CHART_LIBRARY, drop_labels=DROP_KIND_LABELS
    )


def _number(value) -> str:
    if value is None:
        return "–"
    if isinstance(value, float):
        return f"{value:,.1f}"
    return f"{value:,}"


def _percent(value, digits: int = 2) -> str:
    if value is None:
        return "–"
    return f"{value:.{digits}%}"


def _chart_json(spec: dict) -> str:
    # Inside <script type="application/json">: "</" must not close the script element.
    return json.dumps(spec, default=_iso, separators=(",", ":")).replace("</", "<\\/")
