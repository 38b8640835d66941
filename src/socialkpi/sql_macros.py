"""DuckDB macros that parse the text cells of platform exports.

They run inside DuckDB over whole columns (set-based), never row by row in
Python. Every parser returns NULL when it cannot parse; the ingest engine turns
"cell present but NULL after parsing" into a quarantine reason.
"""

from __future__ import annotations

import duckdb

# Month names as the platforms write them, English and French, lower case and
# without a trailing dot ("déc." is written by some French exports).
MONTHS = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6,
    "july": 7, "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
    "sept": 9, "oct": 10, "nov": 11, "dec": 12,
    "janvier": 1, "février": 2, "fevrier": 2, "mars": 3, "avril": 4, "mai": 5, "juin": 6,
    "juillet": 7, "août": 8, "aout": 8, "septembre": 9, "octobre": 10, "novembre": 11,
    "décembre": 12, "decembre": 12, "janv": 1, "févr": 2, "avr": 4, "juil": 7, "déc": 12,
}  # fmt: skip


def _month_case() -> str:
    whens = " ".join(f"when '{name}' then {number}" for name, number in MONTHS.items())
    return f"case lower(trim(trim(m), '.')) {whens} end"


MACROS = [
    # Platforms write "undefined" (TikTok) or "-" (X legacy) for a value they do not have.
    "create or replace macro sk_is_blank(cell) as "
    "(cell is null or trim(cell) in ('', 'undefined', '-', 'N/A'))",
    # Non-negative or signed integer counts: thousands separators (comma, no-break spaces)
    # removed; floats written as "1938.0" accepted when integral.
    "create or replace macro sk_count(cell) as ("
    " case when sk_is_blank(cell) then null else"
    " (select case when v = floor(v) then try_cast(v as bigint) end from (select"
    "  try_cast(regexp_replace(trim(cell), '[,\u00a0\u202f ]', '', 'g') as double) as v))"
    " end)",
    "create or replace macro sk_count_nonneg(cell) as ("
    " case when sk_count(cell) >= 0 then sk_count(cell) end)",
    "create or replace macro sk_decimal(cell) as ("
    " case when sk_is_blank(cell) then null else"
    " try_cast(regexp_replace(trim(cell), '[,\u00a0\u202f ]', '', 'g') as double) end)",
    f"create or replace macro sk_month_number(m) as ({_month_case()})",
    # "December 30" or "30 décembre": the year is the export date's, unless that
    # would put the day after the export, in which case it is the year before
    # (an export downloaded in January holds December days).
    "create or replace macro sk_yearless_date(cell, export_date) as ("
    " case when sk_is_blank(cell) then null else"
    " (with parts as (select"
    "   coalesce(nullif(regexp_extract(trim(cell), '^(\\D+?)\\s+(\\d{1,2})$', 1), ''),"
    "            nullif(regexp_extract(trim(cell), '^(\\d{1,2})\\s+(\\D+?)$', 2), '')) as month_name,"
    "   coalesce(nullif(regexp_extract(trim(cell), '^(\\D+?)\\s+(\\d{1,2})$', 2), ''),"
    "            nullif(regexp_extract(trim(cell), '^(\\d{1,2})\\s+(\\D+?)$', 1), '')) as day_text),"
    "  candidate as (select try(make_date(year(export_date)::bigint,"
    "       sk_month_number(month_name)::bigint, day_text::bigint)) as d,"
    "       try(make_date(year(export_date)::bigint - 1,"
    "       sk_month_number(month_name)::bigint, day_text::bigint)) as d_prev from parts)"
    "  select case when d is not null and d <= export_date then d"
    "              when d is not null or d_prev is not null then d_prev end from candidate)"
    " end)",
    # ISO date or timestamp ("2025-08-01T00:00:00", "2025-08-01").
    "create or replace macro sk_iso_date(cell) as ("
    " case when sk_is_blank(cell) then null else try_cast(left(trim(cell), 10) as date) end)",
]


def install_macros(con: duckdb.DuckDBPyConnection) -> None:
    """Create (or replace) every parsing macro on this connection."""
    for statement in MACROS:
        con.execute(statement)
