"""Meta Business Suite exports for Instagram and Facebook.

* Account metric files (``Follows.csv``, ``Views.csv``, ``Reach.csv``,
  ``Interactions.csv``, ``Visits.csv``, ``Link clicks.csv``): UTF-16 with a BOM,
  a ``sep=,`` line, a title line naming the metric (and often the platform),
  then ``"Date","Primary"`` rows. All six land in one raw table with the metric
  normalised from the title. The title's platform must match the folder's: the
  engine quarantines a mismatch. ``Follows.csv`` is sparse (a day with no new
  follow is absent) and counts gross gains; filling the gaps with 0 is left to
  the models, the raw table keeps what the file holds.
  Re-saved by Excel, such a file loses its ``sep=,`` line (Excel reads the hint
  and does not write it back) and becomes UTF-8: the title line comes first.
  That shape is the sibling format ``meta_account_metrics_resaved`` (same raw
  table, one line less to skip), recognised by a known metric title above
  ``Date,Primary``.
* A metric file can hold **several sections**, one after another, each a blank
  line, its own title line and its own ``"Date","Primary"`` header: a Facebook
  page's ``Follows.csv`` holds ``Follows`` (the page's) then ``Instagram
  follows`` (its linked Instagram account's). Each section is its own metric of
  its own platform (:func:`metric_sections`): the engine loads each as a source
  of its own (``Follows.csv#section-2``), so a section of another platform than
  the folder's is skipped with that reason and never read as the folder's.
* Excel's "Unicode text" re-save is UTF-16 with tabs (``sep=<TAB>``), CRLF and no
  quotes; the dialect comes from the ``sep=`` line. Dates may carry the export's
  time zone as a time (``2025-01-01T01:00:00``): the day is the date part.
* Content exports, one row per post with lifetime-to-date values as of the
  export date (``Date`` holds the literal ``Lifetime``), ``Publish time`` as
  ``MM/DD/YYYY HH:MM`` in the account's local time, counts possibly quoted with
  thousands commas.
"""

from __future__ import annotations

import csv
import re

from socialkpi.formats.base import (
    Column,
    CsvFormat,
    ExportFormat,
    Sniff,
    SourceRejected,
    TextSection,
    header_key,
    register,
    register_not_loaded,
)

# Title line, lower case and without its platform word, to the normalised metric.
METRIC_BY_TITLE = {
    "follows": "follows",
    "views": "views",
    "reach": "reach",
    "content interactions": "interactions",
    "interactions": "interactions",
    "visits": "profile_visits",
    "profile visits": "profile_visits",
    "page visits": "profile_visits",
    "link clicks": "link_clicks",
    "external link taps": "link_clicks",
    # Meta's 2025 name for reach (accounts that saw the content at least once).
    "viewers": "reach",
}
_PLATFORM_WORDS = {"instagram": "instagram", "facebook": "facebook"}


def _title(sniff: Sniff, line: int = 1) -> str:
    if len(sniff.head_lines) <= line:
        return ""
    row = next(csv.reader([sniff.head_lines[line]]), [])
    return row[0].strip() if row else ""


def _split_title(title: str) -> tuple[str | None, str]:
    """``"Instagram profile visits"`` -> (``"instagram"``, ``"profile visits"``)."""
    first, _, rest = title.lower().partition(" ")
    if first in _PLATFORM_WORDS and rest:
        return _PLATFORM_WORDS[first], rest.strip()
    return None, title.lower().strip()


def _is_metric_header(cells: tuple[str, ...]) -> bool:
    """``"Date","Primary"``, or the 2023 generation's ``"Date","Facebook reach"`` (the second
    title names the metric, sometimes wrongly: the section's title line is what counts)."""
    return len(cells) == 2 and cells[0] == "Date" and bool(cells[1])


def _is_account_metric(sniff: Sniff) -> bool:
    separator_hint = sniff.first_line.strip().strip('"').replace(" ", "").lower()
    return separator_hint == "sep=," and _is_metric_header(sniff.header_cells(skip_lines=2))


def _account_metric_values(sniff: Sniff, title_line: int = 1) -> dict[str, object]:
    title = _title(sniff, title_line)
    metric = METRIC_BY_TITLE.get(_split_title(title)[1])
    if metric is None:
        raise SourceRejected(f"unknown Meta Business Suite metric title {title!r}")
    return {"metric": metric, "title": title}


# A section's header line: a date title ("Date", German "Datum", Portuguese "Data"), then one
# title ("Primary", or the metric's name in the 2023 generation), any separator and quoting.
_SECTION_HEADER = re.compile(
    r'^"?(?:Date|Datum|Data|Fecha)"?[ \t]*[,;\t][ \t]*"?[^,;\t"\r\n]+"?[ \t]*[,;\t]?\r?$',
    re.IGNORECASE | re.MULTILINE,
)
_DATA_ROW = re.compile(r'^"?\d{4}-\d{2}-\d{2}')


def metric_sections(text: str) -> list[TextSection]:
    """The sections of a Meta metric file: one per ``Date,Primary`` header, each made of
    its title line and its rows, with the file's ``sep=`` line in front."""
    if len(_SECTION_HEADER.findall(text)) <= 1:
        return [TextSection(text, 0)]
    lines = text.splitlines(keepends=True)
    headers = [i for i, line in enumerate(lines) if _SECTION_HEADER.match(line.rstrip("\n"))]
    sep_line = lines[0].strip().strip('"').lower().startswith("sep=")
    preamble = lines[0] if sep_line else ""
    starts = []
    for header in headers:
        title = header - 1
        while title > 0 and not lines[title].strip():
            title -= 1
        untitled = title < (1 if sep_line else 0) or _DATA_ROW.match(lines[title].strip())
        starts.append(header if untitled else title)
    bodies = [("".join(lines[: starts[1]]), 0)]
    for number, start in enumerate(starts[1:], start=1):
        end = starts[number + 1] if number + 1 < len(starts) else len(lines)
        bodies.append((preamble + "".join(lines[start:end]), start - (1 if sep_line else 0)))
    # A section titled without a platform ("Follows") beside sections that name one platform
    # ("Instagram follows") belongs to the other platform of the pair.
    named = {
        _split_title(_title_cell(lines[start]))[0] for start in starts if start < len(lines)
    } - {None}
    implied = next(iter(set(_PLATFORM_WORDS.values()) - named)) if len(named) == 1 else None
    sections = []
    for (text, offset), start in zip(bodies, starts, strict=True):
        own = _split_title(_title_cell(lines[start]))[0]
        sections.append(TextSection(text, offset, platform=None if own else implied))
    return sections


def _title_cell(line: str) -> str:
    """The first cell of a title line, whatever its separator and quoting."""
    return re.split(r"[,;\t]", line.strip(), maxsplit=1)[0].strip().strip('"')


def _is_resaved_account_metric(sniff: Sniff) -> bool:
    return (
        _is_metric_header(sniff.header_cells(skip_lines=1))
        and _split_title(_title(sniff, 0))[1] in METRIC_BY_TITLE
    )


def _account_metric_columns() -> tuple[Column, ...]:
    return (
        Column("metric", "varchar", (), "sk_text", required=True, file_value="metric"),
        Column("metric_date", "date", ("Date",), "sk_iso_date", required=True),
        Column("value", "bigint", ("Primary",), "sk_count_nonneg", required=True, position=1),
        Column("metric_title", "varchar", (), "sk_text", file_value="title"),
    )


META_ACCOUNT_METRICS = register(
    ExportFormat(
        name="meta_account_metrics",
        platforms=frozenset({"instagram", "facebook"}),
        raw_table="raw_meta_account_metrics",
        detect=_is_account_metric,
        csv=CsvFormat(
            skip_lines=2, file_values=_account_metric_values, columns=_account_metric_columns()
        ),
        platform_of_content=lambda sniff: _split_title(_title(sniff))[0],
        sections=metric_sections,
        description=(
            "Daily account metric (follows = gross gains, views, reach, interactions, "
            "profile visits, link clicks); sparse: an absent day is 0."
        ),
    )
)

META_ACCOUNT_METRICS_RESAVED = register(
    ExportFormat(
        name="meta_account_metrics_resaved",
        platforms=frozenset({"instagram", "facebook"}),
        raw_table="raw_meta_account_metrics",
        detect=_is_resaved_account_metric,
        csv=CsvFormat(
            skip_lines=1,
            file_values=lambda sniff: _account_metric_values(sniff, title_line=0),
            columns=_account_metric_columns(),
        ),
        platform_of_content=lambda sniff: _split_title(_title(sniff, 0))[0],
        sections=metric_sections,
        description="A Meta account metric file re-saved by Excel (no sep= line, UTF-8).",
    )
)


def _count(name: str, header: str) -> Column:
    return Column(name, "bigint", (header,), "sk_count_nonneg")


def _text(name: str, header: str) -> Column:
    return Column(name, "varchar", (header,), "sk_text")


_PUBLISHED_AT = Column("published_at", "timestamp", ("Publish time",), "sk_us_timestamp")
_DURATION = Column("duration_sec", "double", ("Duration (sec)",), "sk_decimal")
_PERIOD = _text("metrics_period", "Date")

# Columns every generation of the content exports has (2023 to 2026, English or translated):
# the others come and go (Views, Reach, Impressions, Seconds viewed, Languages, Custom labels,
# Funded content status, IMPRESSION:UNIQUE_USERS, per-country video views...) and are read
# when present; what no typed column reads is kept in extra_columns.
INSTAGRAM_CONTENT_SIGNATURE = frozenset(
    header_key(title)
    for title in ("Post ID", "Account ID", "Account username", "Publish time", "Permalink",
                  "Post type")
)  # fmt: skip
FACEBOOK_CONTENT_SIGNATURE = frozenset(
    header_key(title)
    for title in ("Post ID", "Page ID", "Page name", "Publish time", "Permalink", "Post type")
)


def _has_signature(sniff: Sniff, signature: frozenset[str]) -> bool:
    return signature <= {header_key(cell) for cell in sniff.header_cells()}


INSTAGRAM_CONTENT = register(
    ExportFormat(
        name="instagram_content",
        platforms=frozenset({"instagram"}),
        raw_table="raw_instagram_content",
        detect=lambda sniff: _has_signature(sniff, INSTAGRAM_CONTENT_SIGNATURE),
        csv=CsvFormat(
            skip_lines=0,
            columns=(
                Column("post_id", "varchar", ("Post ID",), "sk_id", required=True),
                Column("account_id", "varchar", ("Account ID",), "sk_id"),
                _text("account_username", "Account username"),
                _text("account_name", "Account name"),
                _text("description", "Description"),
                _DURATION,
                _PUBLISHED_AT,
                _text("permalink", "Permalink"),
                _text("post_type", "Post type"),
                _text("data_comment", "Data comment"),
                _PERIOD,
                _count("views", "Views"),
                _count("reach", "Reach"),
                _count("likes", "Likes"),
                _count("shares", "Shares"),
                _count("follows", "Follows"),
                _count("comments", "Comments"),
                _count("saves", "Saves"),
                # Stories only.
                _count("profile_visits", "Profile visits"),
                _count("link_clicks", "Link clicks"),
            ),
        ),
        description="One row per post (IG image/reel/carousel/video/story), lifetime values.",
    )
)

FACEBOOK_CONTENT = register(
    ExportFormat(
        name="facebook_content",
        platforms=frozenset({"facebook"}),
        raw_table="raw_facebook_content",
        detect=lambda sniff: _has_signature(sniff, FACEBOOK_CONTENT_SIGNATURE),
        csv=CsvFormat(
            skip_lines=0,
            columns=(
                Column("post_id", "varchar", ("Post ID",), "sk_id", required=True),
                Column("page_id", "varchar", ("Page ID",), "sk_id"),
                _text("page_name", "Page name"),
                _text("title", "Title"),
                _text("description", "Description"),
                _DURATION,
                _PUBLISHED_AT,
                _text("caption_type", "Caption type"),
                _text("permalink", "Permalink"),
                Column("is_crosspost", "boolean", ("Is crosspost",), "sk_bool"),
                Column("is_share", "boolean", ("Is share",), "sk_bool"),
                _text("post_type", "Post type"),
                _text("data_comment", "Data comment"),
                _PERIOD,
                _count("views", "Views"),
                _count("reach", "Reach"),
                # 2023-24 generation (Views replaced it in 2025).
                _count("impressions", "Impressions"),
                _count("reactions_comments_shares", "Reactions, Comments and Shares"),
                _count("reactions", "Reactions"),
                _count("comments", "Comments"),
                _count("shares", "Shares"),
                _count("total_clicks", "Total clicks"),
                _count("link_clicks", "Link Clicks"),
                _count("other_clicks", "Other Clicks"),
                Column("seconds_viewed", "double", ("Seconds viewed",), "sk_decimal"),
            ),
        ),
        description="One row per Facebook Page post, lifetime values.",
    )
)


# Meta exports recognised for what they are and not loaded (see ExportFormat.not_loaded).
FACEBOOK_VIDEO_SIGNATURE = frozenset(
    header_key(title)
    for title in ("Video asset ID", "Universal video ID", "Page ID", "Publish time")
)
register_not_loaded(
    "facebook_video_content",
    frozenset({"facebook"}),
    lambda sniff: _has_signature(sniff, FACEBOOK_VIDEO_SIGNATURE),
    what="Facebook video export (one row per video asset)",
    why="its videos are also in the posts export, under their post ids: loading both would "
    "count them twice; not loaded",
)

# Audience.csv, Top content formats.csv: sections of audience shares by age, gender, city,
# country, or counts of published content by format, titled in English or Portuguese.
_BREAKDOWN_TITLES = frozenset(
    header_key(title)
    for title in (
        "Age & gender", "Top cities", "Top countries", "Top towns/cities", "Facebook followers",
        "Instagram followers", "Published content", "Faixa etária e gênero", "Principais cidades",
        "Principais países", "Seguidores do Instagram", "Conteúdo publicado",
    )
)  # fmt: skip


def _is_breakdown(sniff: Sniff) -> bool:
    # Head lines are ","-separated with English titles here (see socialkpi.ingest).
    first = 1 if sniff.first_line.lower().startswith("sep=") else 0
    cells = sniff.header_cells(skip_lines=first)
    return bool(cells) and header_key(cells[0]) in _BREAKDOWN_TITLES


register_not_loaded(
    "meta_audience_breakdown",
    frozenset({"instagram", "facebook"}),
    _is_breakdown,
    what="Meta Business Suite audience or content-format breakdown",
    why="shares of the audience by age, gender, city or country, or counts of posts by "
    "format, not a daily account metric; not loaded",
)
