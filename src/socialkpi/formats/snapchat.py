"""Snapchat Public Profile API stats (``GET /v1/public_profiles/{profile_id}/stats``).

Snapchat has **no file export** of Public Profile insights (the app shows them as
graphs), so the only source is the API, and no captured response was found in any public
repository: what is here follows the documentation and the client code that parses it,
and the fixtures say *documented*. Documented (developers.snap.com, Public Profile API,
Metrics): the parameters ``assetType`` (PROFILE, STORY, SAVED_STORY, LENS, SPOTLIGHT),
``fields``, ``granularity`` (DAY, TOTAL, LIFETIME), ``startTime`` / ``endTime`` in UTC
within the last 90 days, ``breakdownDimensions``. Seen only in client code: the response
shapes and the field names (``VIEWS``, ``STORY_VIEWS``, ``SPOTLIGHT_VIEWS``, ``SHARES``,
``SUBSCRIBERS``, ``SUBSCRIBERS_GAINED``, ...), two of them:

- the Marketing API convention, ``timeseries_stats[].timeseries_stat`` (its ``id``,
  ``type``, ``granularity``) with ``timeseries[]`` of ``{start_time, end_time, stats:
  {FIELD: value}}``;
- ``assets[].timeseries[]`` of ``{start_time, end_time, fields: [{field: {field_name},
  stats: [{dimension_breakdown, value}]}]}``, values as strings.

Both load into ``raw_snapchat_profile_stats``, one record per interval and field, the
field names verbatim. **None of them feeds the marts**: what each field counts (views of
which assets, subscribers gained gross or net, a level or a flow) is not documented
where it could be checked, so no value is certain enough to be put next to the other
platforms' figures. The subscriber total comes from the profile itself
(``subscriber_count``, a documented field: :mod:`socialkpi.formats.api_snapshots`).
"""

from __future__ import annotations

import json
from typing import Any

from socialkpi.formats.base import (
    CustomFormat,
    ExportFormat,
    Sniff,
    SourceRejected,
    cell_errors_list_sql,
    cell_problem_sql,
    json_value_text,
    register,
    rejected_row_error_sql,
)

STATS_CELLS = (
    "response_shape", "profile_id", "asset_type", "asset_id", "granularity", "start_text",
    "end_text", "field_name", "breakdown", "value_text", "reject",
)  # fmt: skip
STATS_STAGING = (*((name, "varchar") for name in STATS_CELLS), ("_raw_text", "varchar"))


def _dicts(value: Any) -> list[dict]:
    return [item for item in value if isinstance(item, dict)] if isinstance(value, list) else []


def _shape(document: Any) -> str | None:
    if not isinstance(document, dict):
        return None
    if any(
        isinstance(e.get("timeseries_stat"), dict) for e in _dicts(document.get("timeseries_stats"))
    ):
        return "timeseries_stats"
    if any(isinstance(a.get("timeseries"), list) for a in _dicts(document.get("assets"))):
        return "assets"
    return None


def _record(values: dict[str, Any], raw: Any) -> tuple:
    row = dict.fromkeys(STATS_CELLS) | values
    raw_text = json.dumps(raw, ensure_ascii=False, separators=(",", ":"))
    return (*(json_value_text(row[name]) for name in STATS_CELLS), raw_text)


def _timeseries_stats_rows(document: dict) -> list[tuple]:
    out = []
    for entry in _dicts(document["timeseries_stats"]):
        stat = entry.get("timeseries_stat")
        if not isinstance(stat, dict):
            continue
        status = entry.get("sub_request_status")
        failed = status is not None and status != "SUCCESS"
        context = {
            "response_shape": "timeseries_stats",
            "profile_id": stat.get("id"),
            "asset_type": stat.get("type"),
            "granularity": stat.get("granularity"),
            "reject": f"sub_request_status {status}" if failed else None,
        }
        for interval in _dicts(stat.get("timeseries")):
            stats = interval.get("stats") if isinstance(interval.get("stats"), dict) else {}
            for field_name, value in stats.items():
                out.append(_record({
                    **context, "start_text": interval.get("start_time"),
                    "end_text": interval.get("end_time"), "field_name": field_name,
                    "value_text": value,
                }, {"start_time": interval.get("start_time"), field_name: value}))  # fmt: skip
    return out


def _assets_rows(document: dict) -> list[tuple]:
    out = []
    for asset in _dicts(document["assets"]):
        context = {
            "response_shape": "assets",
            "asset_type": asset.get("asset_type") or asset.get("type"),
            "asset_id": asset.get("asset_id") or asset.get("id"),
        }
        for interval in _dicts(asset.get("timeseries")):
            when = {"start_text": interval.get("start_time"), "end_text": interval.get("end_time")}
            for field in _dicts(interval.get("fields")):
                named = field.get("field") if isinstance(field.get("field"), dict) else {}
                for stat in _dicts(field.get("stats")) or [{}]:
                    values = {
                        **context,
                        **when,
                        "field_name": named.get("field_name"),
                        "breakdown": stat.get("dimension_breakdown"),
                        "value_text": stat.get("value"),
                    }
                    out.append(_record(values, {"start_time": when["start_text"], **field}))
    return out


def stats_rows(sniff: Sniff) -> list[tuple]:
    """One record per interval and field of a ``/stats`` response (either shape)."""
    document = sniff.document
    rows = (
        _timeseries_stats_rows(document)
        if _shape(document) == "timeseries_stats"
        else _assets_rows(document)
    )
    if not rows:
        raise SourceRejected("Snapchat profile stats response without any stat value")
    return rows


STATS_COLUMNS_DDL = """
    response_shape varchar,
    profile_id varchar,
    asset_type varchar,
    asset_id varchar,
    granularity varchar,
    interval_start varchar,
    interval_end varchar,
    interval_date date,
    field_name varchar,
    dimension_breakdown varchar,
    stat_value double
"""

# Intervals are UTC days ("2026-01-05T00:00:00.000Z"): the day is the date part, the
# times are kept as written.
STATS_SELECT_SQL = """
    response_shape,
    sk_text(profile_id) as profile_id,
    sk_text(asset_type) as asset_type,
    sk_text(asset_id) as asset_id,
    sk_text(granularity) as granularity,
    sk_text(start_text) as interval_start,
    sk_text(end_text) as interval_end,
    sk_iso_date(start_text) as interval_date,
    sk_text(field_name) as field_name,
    sk_text(breakdown) as dimension_breakdown,
    sk_decimal(value_text) as stat_value,
    reject, value_text
"""

# The field is the record's grain: a value without its field name says nothing.
STATS_ERROR_SQL = rejected_row_error_sql(
    "case when field_name is null then 'field_name: missing' end"
)

STATS_CELL_ERRORS_SQL = cell_errors_list_sql(
    [("value", cell_problem_sql("value", "value_text", "stat_value"))]
)

SNAPCHAT_PROFILE_STATS = register(
    ExportFormat(
        name="snapchat_profile_stats",
        platforms=frozenset({"snapchat"}),
        raw_table="raw_snapchat_profile_stats",
        detect=lambda sniff: _shape(sniff.document) is not None,
        columns_ddl=STATS_COLUMNS_DDL,
        custom=CustomFormat(
            staging_columns=STATS_STAGING,
            rows=stats_rows,
            select_sql=STATS_SELECT_SQL,
            error_sql=STATS_ERROR_SQL,
            cell_errors_sql=STATS_CELL_ERRORS_SQL,
        ),
        description="Snapchat Public Profile API /stats response (documented shapes): "
        "raw only, no field feeds the marts.",
    )
)
