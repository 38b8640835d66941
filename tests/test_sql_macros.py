"""Properties of the DuckDB parsing macros: what a platform writes parses back exactly."""

from __future__ import annotations

import html
from datetime import date, datetime, timedelta

import duckdb
import pytest
from hypothesis import given
from hypothesis import strategies as st

from socialkpi.sql_macros import install_macros

ENGLISH_MONTHS = [
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
]  # fmt: skip
ENGLISH_ABBREVIATIONS = [m[:3] for m in ENGLISH_MONTHS]
FRENCH_MONTHS = [
    "janvier", "février", "mars", "avril", "mai", "juin",
    "juillet", "août", "septembre", "octobre", "novembre", "décembre",
]  # fmt: skip
# As French exports abbreviate them (with the dot).
FRENCH_ABBREVIATIONS = [
    "janv.", "févr.", "mars", "avr.", "mai", "juin",
    "juil.", "août", "sept.", "oct.", "nov.", "déc.",
]  # fmt: skip
GERMAN_MONTHS = [
    "Januar", "Februar", "März", "April", "Mai", "Juni",
    "Juli", "August", "September", "Oktober", "November", "Dezember",
]  # fmt: skip
GERMAN_ABBREVIATIONS = [
    "Jan.", "Feb.", "März", "Apr.", "Mai", "Juni",
    "Juli", "Aug.", "Sept.", "Okt.", "Nov.", "Dez.",
]  # fmt: skip
THOUSANDS_SEPARATORS = [",", "\u00a0", "\u202f", " ", ""]
BIGINT = st.integers(min_value=-(2**63) + 1, max_value=2**63 - 1)


@pytest.fixture(scope="module")
def con():
    with duckdb.connect() as connection:
        install_macros(connection)
        yield connection


def scalar(con, sql: str, *params):
    return con.execute(f"select {sql}", list(params)).fetchone()[0]


@given(number=BIGINT, separator=st.sampled_from(THOUSANDS_SEPARATORS))
def test_any_integer_with_thousands_separators_parses_back_exactly(con, number, separator):
    text = f"{number:,}".replace(",", separator)
    assert scalar(con, "sk_count(?)", text) == number


@given(number=st.integers(min_value=-(2**53), max_value=2**53))
def test_integral_floats_parse_as_counts(con, number):
    assert scalar(con, "sk_count(?)", f"{number}.0") == number


@pytest.mark.parametrize("cell", ["", "  ", "undefined", "-", "N/A", None])
def test_blank_cells_are_null_counts(con, cell):
    assert scalar(con, "sk_count(?)", cell) is None


@pytest.mark.parametrize("cell", ["1.5", "abc", "12a", "1e400"])
def test_non_integral_or_garbage_counts_do_not_parse(con, cell):
    assert scalar(con, "sk_count(?)", cell) is None


def test_negative_counts_are_refused_by_the_non_negative_parser(con):
    assert scalar(con, "sk_count_nonneg(?)", "-3") is None
    assert scalar(con, "sk_count_nonneg(?)", "3") == 3


@given(
    export_date=st.dates(min_value=date(2001, 1, 1), max_value=date(2098, 12, 31)),
    days_before=st.integers(min_value=0, max_value=360),
    style=st.sampled_from(
        [
            "english",
            "english_abbreviated",
            "french",
            "french_abbreviated",
            "german",
            "german_abbreviated",
        ]
    ),  # fmt: skip
)
def test_yearless_dates_within_360_days_before_the_export_round_trip(
    con, export_date, days_before, style
):
    day = export_date - timedelta(days=days_before)
    if style == "english":
        text = f"{ENGLISH_MONTHS[day.month - 1]} {day.day}"
    elif style == "english_abbreviated":
        text = f"{ENGLISH_ABBREVIATIONS[day.month - 1]} {day.day}"
    elif style == "french":
        text = f"{day.day} {FRENCH_MONTHS[day.month - 1]}"
    elif style == "french_abbreviated":
        text = f"{day.day} {FRENCH_ABBREVIATIONS[day.month - 1]}"
    elif style == "german":
        text = f"{day.day}. {GERMAN_MONTHS[day.month - 1]}"
    else:
        text = f"{day.day}. {GERMAN_ABBREVIATIONS[day.month - 1]}"
    assert scalar(con, "sk_yearless_date(?, ?::date)", text, export_date) == day


@given(day=st.dates(min_value=date(1970, 1, 1), max_value=date(2200, 12, 31)))
def test_x_and_youtube_month_name_dates_round_trip(con, day):
    month = ENGLISH_ABBREVIATIONS[day.month - 1]
    weekday = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"][day.weekday()]
    assert scalar(con, "sk_date(?)", f"{weekday}, {month} {day.day}, {day.year}") == day
    assert scalar(con, "sk_date(?)", f"{month} {day.day}, {day.year}") == day
    assert scalar(con, "sk_date(?)", f"{day.day} {FRENCH_MONTHS[day.month - 1]} {day.year}") == day
    assert scalar(con, "sk_date(?)", f"{day.day}. {GERMAN_MONTHS[day.month - 1]} {day.year}") == day
    assert scalar(con, "sk_date(?)", day.isoformat()) == day


@given(moment=st.datetimes(min_value=datetime(1970, 1, 1), max_value=datetime(2200, 1, 1)))
def test_meta_publish_times_round_trip(con, moment):
    moment = moment.replace(second=0, microsecond=0)
    assert scalar(con, "sk_us_timestamp(?)", moment.strftime("%m/%d/%Y %H:%M")) == moment


@given(
    utc=st.datetimes(min_value=datetime(1971, 1, 1), max_value=datetime(2199, 1, 1)),
    offset_quarters=st.integers(min_value=-12 * 4, max_value=14 * 4),
)
def test_times_with_a_utc_offset_are_stored_in_utc(con, utc, offset_quarters):
    utc = utc.replace(second=0, microsecond=0)
    offset = timedelta(minutes=15 * offset_quarters)
    sign = "-" if offset < timedelta(0) else "+"
    hours, minutes = divmod(abs(offset_quarters) * 15, 60)
    text = f"{utc + offset:%Y-%m-%d %H:%M} {sign}{hours:02d}{minutes:02d}"
    assert scalar(con, "sk_offset_timestamp(?)", text) == utc


@given(text=st.text(alphabet=st.characters(codec="utf-8", exclude_characters="\x00")))
def test_html_escaped_text_unescapes_to_the_original(con, text):
    assert scalar(con, "sk_html_unescape(?)", html.escape(text)) == text
    assert scalar(con, "sk_html_unescape(?)", html.escape(text, quote=False)) == text


@given(status_id=st.integers(min_value=1, max_value=2**63 - 1))
def test_status_id_comes_from_the_permalink_when_excel_mangled_it(con, status_id):
    link = f"https://twitter.com/acme/status/{status_id}"
    mangled = f"{float(status_id):.5E}"
    assert scalar(con, "sk_status_id(?, ?)", mangled, link) == str(status_id)
    assert scalar(con, "sk_status_id(?, ?)", str(status_id), None) == str(status_id)
