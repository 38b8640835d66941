"""DuckDB macros that parse the text cells of platform exports.

They run inside DuckDB over whole columns (set-based), never row by row in
Python. Every parser returns NULL when it cannot parse; the ingest engine turns
"cell present but NULL after parsing" into a quarantine reason.
"""

from __future__ import annotations

import duckdb

# Month names as the platforms write them, English, French, German, Spanish,
# Portuguese, Italian and Greek, lower case and without a trailing dot ("déc." is
# written by some French exports, "Dez." by German ones). Names shared by two
# languages mean the same month.
MONTHS = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6,
    "july": 7, "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
    "sept": 9, "oct": 10, "nov": 11, "dec": 12,
    "janvier": 1, "février": 2, "fevrier": 2, "mars": 3, "avril": 4, "mai": 5, "juin": 6,
    "juillet": 7, "août": 8, "aout": 8, "septembre": 9, "octobre": 10, "novembre": 11,
    "décembre": 12, "decembre": 12, "janv": 1, "févr": 2, "avr": 4, "juil": 7, "déc": 12,
    "januar": 1, "februar": 2, "märz": 3, "maerz": 3, "juni": 6, "juli": 7, "oktober": 10,
    "dezember": 12, "jän": 1, "mär": 3, "okt": 10, "dez": 12,
    # Spanish ("8 de marzo", seen in TikTok Studio exports), Portuguese and Italian.
    "enero": 1, "febrero": 2, "marzo": 3, "abril": 4, "mayo": 5, "junio": 6, "julio": 7,
    "agosto": 8, "septiembre": 9, "setiembre": 9, "octubre": 10, "noviembre": 11,
    "diciembre": 12, "ene": 1, "abr": 4, "ago": 8, "dic": 12,
    "janeiro": 1, "fevereiro": 2, "março": 3, "marco": 3, "maio": 5, "junho": 6, "julho": 7,
    "setembro": 9, "outubro": 10, "novembro": 11, "dezembro": 12, "fev": 2, "set": 9,
    "out": 10,
    "gennaio": 1, "febbraio": 2, "aprile": 4, "maggio": 5, "giugno": 6, "luglio": 7,
    "settembre": 9, "ottobre": 10, "dicembre": 12, "gen": 1, "mag": 5, "giu": 6, "lug": 7,
    "ott": 10,
    # Greek: TikTok Studio writes the genitive ("25 Φεβρουαρίου"); the nominative too.
    "ιανουαρίου": 1, "φεβρουαρίου": 2, "μαρτίου": 3, "απριλίου": 4, "μαΐου": 5,
    "ιουνίου": 6, "ιουλίου": 7, "αυγούστου": 8, "σεπτεμβρίου": 9, "οκτωβρίου": 10,
    "νοεμβρίου": 11, "δεκεμβρίου": 12, "ιανουάριος": 1, "φεβρουάριος": 2, "μάρτιος": 3,
    "απρίλιος": 4, "μάιος": 5, "ιούνιος": 6, "ιούλιος": 7, "αύγουστος": 8,
    "σεπτέμβριος": 9, "οκτώβριος": 10, "νοέμβριος": 11, "δεκέμβριος": 12,
}  # fmt: skip


def _month_map() -> str:
    # A map lookup evaluates its key once (a CASE with one WHEN per name would
    # re-evaluate the argument, often a regexp_extract, for every name).
    entries = ", ".join(f"'{name}': {number}" for name, number in MONTHS.items())
    return f"map {{{entries}}}[lower(trim(trim(m), '.'))]"


# Cleaned numeric text: thousands separators (comma, space, no-break spaces) removed.
_NUMBER_TEXT = "regexp_replace(trim(cell), '[,\u00a0\u202f ]', '', 'g')"

# Entity references in HTML-escaped text (X legacy exports), as tokens.
_HTML_TOKENS = r"&#[0-9]{1,7};|&#[xX][0-9a-fA-F]{1,6};|&[A-Za-z][A-Za-z0-9]{1,9};|[^&]+|&"

# "Sat, Jun 6, 2026", "Jun 6, 2026", "June 6 2026" and "sam. 6 juin 2026".
_MONTH_DAY_YEAR = r"^(?:[^\d\s,]+,?\s+)?([^\d\s,]+)\s+(\d{1,2}),?\s+(\d{4})$"
# German writes the day with a dot: "6. Juni 2026".
_DAY_MONTH_YEAR = r"^(?:[^\d\s,]+,?\s+)?(\d{1,2})\.?\s+([^\d\s,]+)\s+(\d{4})$"
_UTC_OFFSET = r"\s*([+-])(\d{2}):?(\d{2})$"
# "December 30" and "30 décembre".
_DAY_FIRST = r"(\d{1,2})[./](\d{1,2})[./](\d{4})(.*)"
_MONTH_DAY = r"^(\D+?)\s+(\d{1,2})$"
# "30 décembre", "6. Juni", "8 de marzo" (Spanish and Portuguese put "de" before the month).
_DAY_MONTH = r"^(\d{1,2})\.?\s+(?:de\s+)?(\D+?)$"

MACROS = [
    # Platforms write "undefined" (TikTok) or "-" (X legacy) for a value they do not have.
    # TikTok's business suite writes "--" (and "NAN", which is no number: a cell problem, see
    # sk_decimal), X legacy "-".
    "create or replace macro sk_is_blank(cell) as "
    "(cell is null or lower(trim(cell)) in ('', 'undefined', '-', '--', 'n/a'))",
    # Non-negative or signed integer counts: thousands separators (comma, no-break spaces)
    # removed; floats written as "1938.0" accepted when integral. Plain integers are cast
    # exactly (not through double, which would round values above 2^53).
    "create or replace macro sk_count(cell) as ("
    " case when sk_is_blank(cell) then null"
    f" when regexp_full_match({_NUMBER_TEXT}, '[+-]?[0-9]+(\\.0*)?')"
    f"  then try_cast(regexp_extract({_NUMBER_TEXT}, '^[+-]?[0-9]+') as bigint)"
    f" when try_cast({_NUMBER_TEXT} as double) = floor(try_cast({_NUMBER_TEXT} as double))"
    f"  then try_cast(try_cast({_NUMBER_TEXT} as double) as bigint)"
    " end)",
    # sk_count evaluated once: greatest() ignores NULL, so NULL and negatives both become -1.
    "create or replace macro sk_count_nonneg(cell) as (nullif(greatest(sk_count(cell), -1), -1))",
    # NaN, Infinity and numbers beyond a double ("1e309") are no values: NULL, so that the
    # engine records the cell as a problem.
    "create or replace macro sk_decimal(cell) as ("
    f" case when sk_is_blank(cell) then null"
    f" when isfinite(try_cast({_NUMBER_TEXT} as double)) then try_cast({_NUMBER_TEXT} as double)"
    " end)",
    f"create or replace macro sk_month_number(m) as ({_month_map()})",
    # The date of a year, month and day (numbers or digit text); NULL when one is NULL or
    # the day does not exist. try_cast never raises, so it stays vectorised (try(make_date())
    # falls back to row-by-row evaluation on the first impossible day).
    "create or replace macro sk_make_date(y, m, d) as ("
    " try_cast(printf('%04d-%02d-%02d', try_cast(y as bigint), try_cast(m as bigint),"
    "  try_cast(d as bigint)) as date))",
    # The day a year-less "December 30" or "30 décembre" names in a given year.
    "create or replace macro sk_yearless_in_year(cell, y) as (sk_make_date(y,"
    f" sk_month_number(coalesce(nullif(regexp_extract(trim(cell), '{_MONTH_DAY}', 1), ''),"
    f"  nullif(regexp_extract(trim(cell), '{_DAY_MONTH}', 2), ''))),"
    f" coalesce(nullif(regexp_extract(trim(cell), '{_MONTH_DAY}', 2), ''),"
    f"  nullif(regexp_extract(trim(cell), '{_DAY_MONTH}', 1), ''))))",
    # "December 30" or "30 décembre": the year is the export date's, unless that
    # would put the day after the export (or the day does not exist that year: 29
    # February), in which case it is the year before (an export downloaded in
    # January holds December days).
    "create or replace macro sk_yearless_date(cell, export_date) as ("
    " case when sk_is_blank(cell) then null"
    " when sk_yearless_in_year(cell, year(export_date)) <= export_date"
    "  then sk_yearless_in_year(cell, year(export_date))"
    " else sk_yearless_in_year(cell, year(export_date) - 1) end)",
    # ISO date or timestamp ("2025-08-01T00:00:00", "2025-08-01").
    "create or replace macro sk_iso_date(cell) as ("
    " case when sk_is_blank(cell) then null else try_cast(left(trim(cell), 10) as date) end)",
    # A date with its year: ISO, or with a month name ("Sat, Jun 6, 2026" from X,
    # "Sep 26, 2026" from YouTube, "6 juin 2026").
    "create or replace macro sk_date(cell) as ("
    " case when sk_is_blank(cell) then null"
    " when regexp_matches(trim(cell), '^\\d{4}-\\d{2}-\\d{2}') then sk_iso_date(cell)"
    " else coalesce("
    f"  sk_make_date(regexp_extract(trim(cell), '{_MONTH_DAY_YEAR}', 3),"
    f"   sk_month_number(regexp_extract(trim(cell), '{_MONTH_DAY_YEAR}', 1)),"
    f"   regexp_extract(trim(cell), '{_MONTH_DAY_YEAR}', 2)),"
    f"  sk_make_date(regexp_extract(trim(cell), '{_DAY_MONTH_YEAR}', 3),"
    f"   sk_month_number(regexp_extract(trim(cell), '{_DAY_MONTH_YEAR}', 2)),"
    f"   regexp_extract(trim(cell), '{_DAY_MONTH_YEAR}', 1)))"
    " end)",
    # A day with its year: sk_date's forms, or "2025/10/31" (with or without a time).
    "create or replace macro sk_dated(cell) as (coalesce(sk_date(cell),"
    " try_strptime(regexp_extract(trim(cell), '^\\d{4}/\\d{1,2}/\\d{1,2}'), '%Y/%m/%d')::date))",
    # A year-less day, or a day with its year where an export writes one (TikTok's business
    # suite: "2025/10/31 18:19:10").
    "create or replace macro sk_yearless_or_dated(cell, export_date) as ("
    " coalesce(sk_dated(cell), sk_yearless_date(cell, export_date)))",
    # US month-first local time as Meta writes it: "08/01/2025 14:05".
    "create or replace macro sk_us_timestamp(cell) as ("
    " case when sk_is_blank(cell) then null else"
    " try_strptime(trim(cell), ['%m/%d/%Y %H:%M', '%m/%d/%Y %H:%M:%S',"
    "  '%Y-%m-%d %H:%M', '%Y-%m-%d %H:%M:%S']) end)",
    # A time with a UTC offset ("2016-12-23 18:50 +0000", X legacy) as a UTC timestamp,
    # computed by hand rather than with %z so that it never depends on the session time zone.
    "create or replace macro sk_offset_timestamp(cell) as ("
    " case when sk_is_blank(cell) then null else"
    " try_strptime(regexp_extract(trim(cell),"
    "   '^(\\d{4}-\\d{2}-\\d{2}[ T]\\d{1,2}:\\d{2}(:\\d{2})?)', 1),"
    "   ['%Y-%m-%d %H:%M', '%Y-%m-%d %H:%M:%S', '%Y-%m-%dT%H:%M', '%Y-%m-%dT%H:%M:%S'])"
    " - to_minutes("
    f"   case regexp_extract(trim(cell), '{_UTC_OFFSET}', 1) when '+' then 1 when '-' then -1 end"
    f"   * (try_cast(regexp_extract(trim(cell), '{_UTC_OFFSET}', 2) as bigint) * 60"
    f"      + try_cast(regexp_extract(trim(cell), '{_UTC_OFFSET}', 3) as bigint)))"
    " end)",
    # US month-first date as LinkedIn writes it ("08/01/2026"), or ISO ("2026-08-01").
    "create or replace macro sk_us_date(cell) as ("
    " case when sk_is_blank(cell) then null"
    " when regexp_matches(trim(cell), '^\\d{4}-\\d{2}-\\d{2}') then sk_iso_date(cell)"
    " else try_strptime(trim(cell), '%m/%d/%Y')::date end)",
    # A local time without zone, ISO ("2026-07-20 13:18:00") or a date with a month name
    # ("Sep 26, 2026", YouTube's two publish-time formats) at midnight.
    "create or replace macro sk_local_timestamp(cell) as ("
    " case when sk_is_blank(cell) then null else coalesce("
    "  try_strptime(trim(cell), ['%Y-%m-%d %H:%M:%S', '%Y-%m-%d %H:%M', '%Y-%m-%dT%H:%M:%S']),"
    "  sk_date(cell)::timestamp) end)",
    # A duration as "H:MM:SS", "M:SS" or whole seconds, in seconds.
    "create or replace macro sk_duration_seconds(cell) as ("
    " case when sk_is_blank(cell) then null"
    " when regexp_full_match(trim(cell), '[0-9]+:[0-5][0-9]:[0-5][0-9]') then"
    "  try_cast(split_part(trim(cell), ':', 1) as bigint) * 3600"
    "  + try_cast(split_part(trim(cell), ':', 2) as bigint) * 60"
    "  + try_cast(split_part(trim(cell), ':', 3) as bigint)"
    " when regexp_full_match(trim(cell), '[0-9]+:[0-5][0-9]') then"
    "  try_cast(split_part(trim(cell), ':', 1) as bigint) * 60"
    "  + try_cast(split_part(trim(cell), ':', 2) as bigint)"
    " else sk_count_nonneg(cell) end)",
    # A percentage ("4.5", "4.5%", "0.045" is not rescaled): the number before any "%".
    "create or replace macro sk_percent(cell) as ("
    " case when sk_is_blank(cell) then null"
    " else sk_decimal(regexp_replace(trim(cell), '\\s*%$', '')) end)",
    # A localized number as English text (socialkpi.formats.locales): German "1.234,5" and
    # French "1 234,5" (U+00A0, U+202F or space) become "1234.5"; English is unchanged.
    "create or replace macro sk_localize_number(cell, loc) as ("
    " case loc when 'de' then replace(replace(cell, '.', ''), ',', '.')"
    " when 'fr' then replace(regexp_replace(cell, '[\\s\u00a0\u202f]', '', 'g'), ',', '.')"
    " else cell end)",
    # A day-first date ("31/12/2026", "31.12.2026 14:05") as ISO text; others unchanged.
    "create or replace macro sk_localize_date(cell, loc) as ("
    " case when loc in ('fr', 'de') and regexp_full_match(trim(cell),"
    f"  '{_DAY_FIRST}') then printf('%s-%s-%s%s',"
    f"  regexp_extract(trim(cell), '{_DAY_FIRST}', 3),"
    f"  lpad(regexp_extract(trim(cell), '{_DAY_FIRST}', 2), 2, '0'),"
    f"  lpad(regexp_extract(trim(cell), '{_DAY_FIRST}', 1), 2, '0'),"
    f"  regexp_extract(trim(cell), '{_DAY_FIRST}', 4))"
    " else cell end)",
    # Free text: kept verbatim, NULL only when empty.
    "create or replace macro sk_text(cell) as (case when trim(cell) <> '' then cell end)",
    # Numeric platform id ("17912345678901234"), or Facebook's "<page id>_<post id>".
    "create or replace macro sk_id(cell) as ("
    " case when regexp_full_match(trim(cell), '[0-9]+(_[0-9]+)?') then trim(cell) end)",
    "create or replace macro sk_bool(cell) as ("
    " case lower(trim(cell)) when 'yes' then true when 'true' then true when 'oui' then true"
    " when '1' then true when 'no' then false when 'false' then false when 'non' then false"
    " when '0' then false end)",
    # X post id: the id cell when it is intact, else the id in the permalink
    # (https://x.com/<handle>/status/<id>): Excel re-saves turn ids into 1.23457E+18.
    "create or replace macro sk_status_id(cell, link) as ("
    " case when regexp_full_match(trim(cell), '[0-9]+') then trim(cell)"
    " else nullif(regexp_extract(coalesce(link, ''), '/status(?:es)?/([0-9]+)', 1), '') end)",
    # TikTok video id from its link (https://www.tiktok.com/@<handle>/video/<id>).
    "create or replace macro sk_tiktok_video_id(link) as ("
    " nullif(regexp_extract(coalesce(link, ''), '/video/([0-9]+)', 1), ''))",
    # HTML entities decoded (&amp; &lt; &gt; &quot; &apos; &nbsp; and numeric references);
    # an unknown entity is kept as written.
    "create or replace macro sk_html_unescape(cell) as ("
    " case when cell is null or strpos(cell, '&') = 0 then cell else"
    f" array_to_string(list_transform(regexp_extract_all(cell, '{_HTML_TOKENS}'), lambda t:"
    "  case when t[1:3] in ('&#x', '&#X')"
    "        then coalesce(try(chr(nullif(('0x' || t[4:-2])::integer, 0))), t)"
    "       when t[1:2] = '&#' then coalesce(try(chr(nullif(t[3:-2]::integer, 0))), t)"
    "       when t = '&amp;' then '&' when t = '&lt;' then '<' when t = '&gt;' then '>'"
    "       when t = '&quot;' then '\"' when t = '&apos;' then ''''"
    "       when t = '&nbsp;' then '\u00a0' else t end), '') end)",
]


def install_macros(con: duckdb.DuckDBPyConnection) -> None:
    """Create (or replace) every parsing macro on this connection."""
    for statement in MACROS:
        con.execute(statement)
