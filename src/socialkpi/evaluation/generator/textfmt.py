"""Small text helpers shared by the writers: dates as each platform prints them,
CSV quoting and numbers with thousands separators."""

from __future__ import annotations

from datetime import date

EN_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
FR_MONTHS = (
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
)
# German exports write the day with a dot: "30. Dezember".
DE_MONTHS = (
    "Januar",
    "Februar",
    "März",
    "April",
    "Mai",
    "Juni",
    "Juli",
    "August",
    "September",
    "Oktober",
    "November",
    "Dezember",
)
EN_MONTHS_SHORT = tuple(m[:3] for m in EN_MONTHS)
EN_WEEKDAYS_SHORT = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


def x_date(day: date) -> str:
    """X analytics date: ``Sat, Jun 6, 2026``."""
    weekday, month = EN_WEEKDAYS_SHORT[day.weekday()], EN_MONTHS_SHORT[day.month - 1]
    return f"{weekday}, {month} {day.day}, {day.year}"


def tiktok_date(day: date, language: str) -> str:
    """TikTok Studio year-less date: ``December 30`` or ``30 décembre``."""
    if language == "fr":
        return f"{day.day} {FR_MONTHS[day.month - 1]}"
    return f"{EN_MONTHS[day.month - 1]} {day.day}"


def meta_range_date(day: date) -> str:
    """Date as Meta writes it in content export file names: ``Oct-24-2026``."""
    return f"{EN_MONTHS_SHORT[day.month - 1]}-{day.day:02d}-{day.year}"


def csv_field(text: str) -> str:
    """One CSV cell, quoted only when it has to be (RFC 4180)."""
    if any(ch in text for ch in ',"\n\r'):
        return '"' + text.replace('"', '""') + '"'
    return text


def quoted(text: str) -> str:
    """One CSV cell, always quoted."""
    return '"' + text.replace('"', '""') + '"'


def count_cell(value: int) -> str:
    """A count with thousands commas, quoted when it has one (``"12,400"``)."""
    return f'"{value:,}"' if value >= 1000 else str(value)
