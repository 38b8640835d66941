"""The readable end-of-run summary, read from the published serving copy (what BI sees)."""

from __future__ import annotations

from pathlib import Path

import duckdb

from socialkpi.sql_text import quote_identifier


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.2%}"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


def _table(headers: list[str], rows: list[tuple]) -> str:
    cells = [[_cell(value) for value in row] for row in rows]
    widths = [
        max(len(h), *(len(r[i]) for r in cells)) if cells else len(h) for i, h in enumerate(headers)
    ]
    line = "  ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True))
    out = [line, "  ".join("-" * w for w in widths)]
    for row in cells:
        out.append("  ".join(c.rjust(w) if c[:1].isdigit() or c[:1] == "-" else c.ljust(w)
                             for c, w in zip(row, widths, strict=True)))  # fmt: skip
    return "\n".join(out)


def build_summary(serving_path: Path, max_accounts: int = 25) -> str:
    """Files ingested and quarantined, rows per mart, latest followers and rates, drops flagged."""
    with duckdb.connect(str(serving_path), read_only=True) as con:
        run_id, published_at, _ = con.execute("select * from _publication").fetchone()
        parts = [
            f"Social KPI Warehouse: serving copy {serving_path}",
            f"published {published_at:%Y-%m-%d %H:%M:%S} UTC by run {run_id}",
            "",
        ]

        files = con.execute(
            "select load_status, count(*), sum(rows_read), sum(rows_loaded), "
            "sum(rows_quarantined), sum(cells_nulled) from marts.ops_file_loads "
            "group by all order by 1"
        ).fetchall()
        headers = ["status", "sources", "rows read", "rows loaded", "rows quarantined"]
        parts += [
            "Landed sources (files and zip members)",
            _table([*headers, "cells set to NULL"], files),
            "",
        ]
        quarantined = con.execute(
            "select source_file, reason from marts.ops_file_loads "
            "where load_status = 'quarantined' "
            "order by source_file limit 15"
        ).fetchall()
        if quarantined:
            parts += [
                "Quarantined sources",
                _table(["source", "reason"], [(s, r[:90]) for s, r in quarantined]),
                "",
            ]

        # Tables or views: the serving copy publishes its marts as views over Parquet.
        published = con.execute(
            "select table_schema, table_name from information_schema.tables "
            "where table_schema in ('marts', 'quality') order by 1, 2"
        ).fetchall()
        counts = [
            (
                f"{schema}.{name}",
                con.execute(f"select count(*) from {quote_identifier(schema, name)}").fetchone()[0],
            )
            for schema, name in published
        ]
        parts += ["Rows per published table", _table(["table", "rows"], counts), ""]

        latest = con.execute(
            """
            select platform, account_name, activity_date, followers_total, followers_net_change,
                   daily_engagement_rate
            from marts.fct_account_daily
            where followers_total is not null
            qualify row_number() over (partition by account_key order by activity_date desc) = 1
            order by platform, account_name
            limit ?
            """,
            [max_accounts],
        ).fetchall()
        parts += [
            "Latest follower totals per account",
            _table(
                ["platform", "account", "day", "followers", "net change", "engagement rate"], latest
            ),
            "",
        ]

        checks = con.execute(
            """
            select suite_name, severity,
                count(*) filter (where success), count(*) filter (where not success)
            from quality.validation_results
            where run_id = (select run_id from _publication)
            group by all order by 1
            """
        ).fetchall()
        parts += [
            "Data-quality checks of this run",
            _table(["suite", "severity", "passed", "failed"], checks),
            "",
        ]
        drops = con.execute(
            """
            select unnest(from_json(failing_rows, '["json"]')) as failing_row
            from quality.validation_results
            where run_id = (select run_id from _publication)
                and severity = 'warning' and not success
            """
        ).fetchall()
        if drops:
            parts += ["Follower purges flagged (warning check)"] + [
                f"  {row[0]}" for row in drops[:20]
            ]
        else:
            parts += ["Follower purges flagged (warning check): none"]
    return "\n".join(parts)
