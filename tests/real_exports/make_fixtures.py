"""Write the Meta (Instagram, Facebook) and TikTok files of the corpus of real shapes.

Each function reproduces the byte-level shape of genuine exports seen in public
repositories (see ``tests/fixtures/exports/README.md`` for where) with values of our
own: encoding and byte-order mark, separators, quoting, line ends, the final newline
or its absence, preamble and section lines, date and number formats. No file or row of
anyone's data is reused. The values are small and regular so that the tests in this
folder can state the marts' answer by hand.

Run ``python tests/real_exports/make_fixtures.py`` to rewrite the files (the output is
deterministic and committed).
"""

from __future__ import annotations

import codecs
import io
import re
import zipfile
from collections.abc import Callable, Iterable
from datetime import date, timedelta
from pathlib import Path

REAL = Path(__file__).resolve().parents[1] / "fixtures" / "exports" / "real"

Files = dict[str, bytes]  # path under real/ -> bytes
SHAPES: list[Callable[[], Files]] = []


def shape(function: Callable[[], Files]) -> Callable[[], Files]:
    SHAPES.append(function)
    return function


def days(first: date, count: int) -> list[date]:
    return [first + timedelta(days=n) for n in range(count)]


# -- Meta Business Suite ------------------------------------------------------------------------


def meta_metric(sections: list[tuple[str, str, list[tuple[str, int]]]]) -> bytes:
    """A metric file as Business Suite writes it: UTF-16 LE with BOM, LF, ``sep=,``, every
    cell quoted, one empty line between sections and one after the last row."""
    blocks = []
    for title, value_title, rows in sections:
        lines = [f'"{title}"', f'"Date","{value_title}"']
        lines += [f'"{stamp}","{value}"' for stamp, value in rows]
        blocks.append("\n".join(lines) + "\n")
    text = "sep=,\n" + "\n".join(blocks) + "\n"
    return codecs.BOM_UTF16_LE + text.encode("utf-16-le")


def midnight(days_: Iterable[date], values: Iterable[int]) -> list[tuple[str, int]]:
    return [(f"{d.isoformat()}T00:00:00", v) for d, v in zip(days_, values, strict=True)]


@shape
def meta_metric_utf16_primary() -> Files:
    # Instagram, window 2026-05-25..06-21 (28 days). Follows.csv skips zero days and its last
    # row is 06-13, a week before the window ends.
    window = days(date(2026, 5, 25), 28)
    follows = [(date(2026, 5, 25), 3), (date(2026, 5, 28), 1), (date(2026, 6, 2), 5),
               (date(2026, 6, 13), 2)]  # fmt: skip
    folder = "instagram/meta-metric-utf16/2026-06-22"
    return {
        f"{folder}/Views.csv": meta_metric(
            [("Views", "Primary", midnight(window, [1000 + 10 * i for i in range(28)]))]
        ),
        f"{folder}/Reach.csv": meta_metric(
            [("Reach", "Primary", midnight(window, [500 + i for i in range(28)]))]
        ),
        f"{folder}/Follows.csv": meta_metric(
            [("Instagram follows", "Primary", midnight(*zip(*follows, strict=True)))]
        ),
    }


@shape
def meta_metric_dst_times() -> Files:
    # Facebook: T01:00:00 until the US daylight-saving start (2025-03-09), T00:00:00 after.
    stamps = ["2025-03-07T01:00:00", "2025-03-08T01:00:00", "2025-03-09T01:00:00",
              "2025-03-10T00:00:00", "2025-03-11T00:00:00"]  # fmt: skip
    rows = list(zip(stamps, [40, 41, 42, 43, 44], strict=True))
    return {
        "facebook/meta-metric-dst/2025-03-12/Reach.csv": meta_metric([("Reach", "Primary", rows)])
    }


@shape
def meta_metric_multisection() -> Files:
    # A Facebook page with its Instagram account: Follows.csv holds "Follows" (the page's, every
    # day) then "Instagram follows" (sparse); Visits.csv "Facebook visits" then Instagram's.
    window = days(date(2024, 3, 1), 5)
    folder = "facebook/meta-metric-multisection/2024-03-06"
    return {
        f"{folder}/Follows.csv": meta_metric(
            [
                ("Follows", "Primary", midnight(window, [2, 0, 1, 0, 3])),
                ("Instagram follows", "Primary", midnight([window[0], window[3]], [9, 4])),
            ]
        ),  # fmt: skip
        f"{folder}/Visits.csv": meta_metric(
            [
                ("Facebook visits", "Primary", midnight(window, [10, 11, 12, 13, 14])),
                ("Instagram profile visits", "Primary", midnight(window, [20, 21, 22, 23, 24])),
            ]
        ),  # fmt: skip
    }


@shape
def meta_metric_2023_value_titles() -> Files:
    # 2023 generation: the value column is titled after the metric, in the visits file wrongly.
    window = days(date(2023, 9, 10), 3)
    folder = "facebook/meta-metric-2023/2023-09-13"
    return {
        f"{folder}/Reach.csv": meta_metric(
            [
                ("Facebook reach", "Facebook reach", midnight(window, [0, 0, 0])),
                ("Instagram reach", "Instagram reach", midnight(window, [7, 8, 9])),
            ]
        ),  # fmt: skip
        f"{folder}/Page and profile visits.csv": meta_metric(
            [
                ("Facebook visits", "Facebook Page likes", midnight(window, [1, 2, 3])),
                ("Instagram profile visits", "Instagram followers", midnight(window, [4, 5, 6])),
            ]
        ),  # fmt: skip
    }


@shape
def meta_metric_portuguese() -> Files:
    # Brazilian Portuguese Business Suite: translated titles and "Data", "Primary" left as is.
    folder = "instagram/meta-metric-ptbr/2025-06-02"

    def portuguese(title: str, rows: list[tuple[str, int]]) -> bytes:
        return meta_metric([(title, "Primary", rows)]).replace(
            '"Date"'.encode("utf-16-le"), '"Data"'.encode("utf-16-le")
        )

    window = days(date(2025, 5, 29), 4)
    return {
        f"{folder}/Alcance.csv": portuguese("Alcance", midnight(window, [30, 31, 32, 33])),
        f"{folder}/Seguidores.csv": portuguese(
            "Seguidores no Instagram", midnight([date(2025, 5, 30)], [2])
        ),
    }


@shape
def meta_metric_semicolon_resave() -> Files:
    # Re-saved by a spreadsheet in a ";" locale: no BOM, no sep= line, no quotes, LF, the title
    # padded with an empty cell, one final newline.
    stamps = ["2025-10-31T00:00:00", "2025-11-01T00:00:00", "2025-11-02T00:00:00",
              "2025-11-03T01:00:00"]  # fmt: skip
    text = "Facebook follows;\nDate;Primary\n" + "".join(
        f"{s};{v}\n" for s, v in zip(stamps, [4, 0, 2, 1], strict=True)
    )
    return {"facebook/meta-metric-semicolon/2025-11-04/Follows.csv": text.encode("ascii")}


@shape
def meta_metric_unicode_text_tab() -> Files:
    # Excel "Unicode text": UTF-16 LE BOM, tabs, CRLF, no quotes, "sep=" + TAB kept as a cell,
    # titles padded with a TAB, a TAB-only line between sections, no final newline.
    window = days(date(2024, 3, 1), 5)
    lines = ["sep=\t", "Facebook reach\t", "Date\tPrimary"]
    lines += [f"{d.isoformat()}T00:00:00\t{120 + i}" for i, d in enumerate(window)]
    lines += ["\t", "Instagram reach\t", "Date\tPrimary"]
    lines += [f"{d.isoformat()}T00:00:00\t{56 + i}" for i, d in enumerate(window)]
    text = "\r\n".join(lines)
    data = codecs.BOM_UTF16_LE + text.encode("utf-16-le")
    return {"facebook/meta-metric-tab/2024-03-06/Reach.csv": data}


@shape
def meta_metric_xlsx_resave() -> Files:
    # Opened in Excel and saved as .xlsx: the sep= line gone, dates as text, values as numbers.
    from socialkpi.evaluation.generator.xlsx import xlsx_bytes

    window = days(date(2024, 3, 1), 3)
    rows: list[list[object]] = [["Facebook visits"], ["Date", "Primary"]]
    rows += [[f"{d.isoformat()}T00:00:00", float(10 + i)] for i, d in enumerate(window)]
    rows += [[], ["Instagram profile visits"], ["Date", "Primary"]]
    rows += [[f"{d.isoformat()}T00:00:00", float(30 + i)] for i, d in enumerate(window)]
    return {"facebook/meta-metric-xlsx/2024-03-06/Visits.xlsx": xlsx_bytes({"Visits": rows})}


def meta_content(header: str, rows: list[list[str]]) -> bytes:
    """A content export: UTF-8 BOM, LF, one final newline; a field is quoted when it holds
    white space, a comma or a quote (the header as written, verbatim)."""

    def field(value: str) -> str:
        if re.search(r'[\s,"]', value):
            return '"' + value.replace('"', '""') + '"'
        return value

    lines = [header] + [",".join(field(v) for v in row) for row in rows]
    return codecs.BOM_UTF8 + ("\n".join(lines) + "\n").encode()


IG_2026_HEADER = (
    '"Post ID","Account ID","Account username","Account name",Description,"Duration (sec)",'
    '"Publish time",Permalink,"Post type","Data comment",Date,Views,Reach,Likes,Shares,Follows,'
    "Comments,Saves"
)


@shape
def meta_content_instagram_2026() -> Files:
    rows = [
        ["18000000000000201", "17840000000000201", "acme_ig", "Acme Shop", "Line one\n#tag",
         "58", "05/26/2026 10:23", "https://www.instagram.com/reel/AbCd201/", "IG reel", "",
         "Lifetime", "4000", "3000", "200", "50", "2", "10", "7"],
        ["18000000000000202", "17840000000000201", "acme_ig", "Acme Shop", "Sale", "",
         "06/02/2026 18:05", "https://www.instagram.com/p/AbCd202/", "IG image", "",
         "Lifetime", "900", "800", "40", "5", "", "3", "2"],
    ]  # fmt: skip
    name = "instagram/meta-content-ig/2026-06-22/May-25-2026_Jun-21-2026_1493600000000201.csv"
    return {name: meta_content(IG_2026_HEADER, rows)}


@shape
def meta_content_instagram_2025_order() -> Files:
    # The same 18 columns in the 2025 order (Comments, Saves, then Follows last).
    header = (
        '"Post ID","Account ID","Account username","Account name",Description,"Duration (sec)",'
        '"Publish time",Permalink,"Post type","Data comment",Date,Views,Reach,Likes,Shares,'
        "Comments,Saves,Follows"
    )
    rows = [["18000000000000301", "17840000000000301", "oldorder", "Old Order", "Hi", "",
             "03/20/2025 07:13", "https://www.instagram.com/p/AbCd301/", "IG carousel", "",
             "Lifetime", "700", "650", "30", "4", "6", "9", "1"]]  # fmt: skip
    name = "instagram/meta-content-ig-2025/2025-04-15/Mar-18-2025_Apr-14-2025_1019800000000301.csv"
    return {name: meta_content(header, rows)}


@shape
def meta_content_instagram_stories() -> Files:
    header = (
        '"Post ID","Account ID","Account username","Account name",Description,"Duration (sec)",'
        '"Publish time",Permalink,"Post type","Data comment",Date,Views,Reach,Likes,Shares,'
        '"Profile visits",Replies,Navigation,"Sticker taps","Link clicks",Follows'
    )
    rows = [["18000000000000401", "17840000000000401", "acme_stories", "Acme Stories", "", "15",
             "07/03/2026 12:00", "https://www.instagram.com/stories/acme_stories/3800000000000000401",
             "IG story", "", "Lifetime", "250", "240", "3", "1", "6", "2", "180", "", "4", ""]]  # fmt: skip
    name = (
        "instagram/meta-content-ig-stories/2026-07-04/Jul-01-2026_Jul-03-2026_1595300000000401.csv"
    )
    return {name: meta_content(header, rows)}


FB_PREFIX = (
    '"Post ID","Page ID","Page name",Title,Description,"Duration (sec)","Publish time",'
    '"Caption type",Permalink,"Is crosspost","Is share","Post type",Languages,"Custom labels",'
    '"Funded content status","Data comment",Date'
)


@shape
def meta_content_facebook_2023() -> Files:
    # Impressions and IMPRESSION:UNIQUE_USERS, no Views; a row Meta could not compute.
    header = FB_PREFIX + (
        ',IMPRESSION:UNIQUE_USERS,Reach,Impressions,"Reactions, Comments and Shares",Reactions,'
        'Comments,Shares,"Total clicks","Matched Audience Targeting Consumption (Photo Click)",'
        '"Other Clicks","Link Clicks","Negative feedback from users: Hide all"'
    )
    good = ["100000000000501_200000000000501", "100000000000501", "Acme Page", "", "Hello there",
            "", "01/15/2024 09:30", "N/A",
            "https://www.facebook.com/100000000000501/posts/200000000000501", "0", "0", "Photo",
            "", "", "", "", "Lifetime", "90", "95", "120", "11", "8", "2", "1", "4", "1", "2", "1",
            "0"]  # fmt: skip
    error = [""] * 15 + [
        "An error occurred while computing metadata for content with ID 300000000000501.",
        "Lifetime", "42"] + [""] * 11  # fmt: skip
    name = "facebook/meta-content-fb-2023/2024-03-06/Dec-12-2023_Mar-06-2024_1032400000000501.csv"
    return {name: meta_content(header, [good, error])}


@shape
def meta_content_facebook_2025() -> Files:
    # Views replaced Impressions; one variant repeats the Views column.
    header = FB_PREFIX + (
        ',Views,Reach,"Reactions, Comments and Shares",Reactions,Comments,Shares,"Total clicks",'
        'Views,"Reach from Organic posts","Reach from Boosted posts","3-second video views",'
        '"Other Clicks","Matched Audience Targeting Consumption (Photo Click)","Link Clicks"'
    )
    row = ["100000000000601_200000000000601", "100000000000601", "Dup Views Page", "", "New menu",
           "", "03/20/2025 11:00", "uploaded",
           "https://www.facebook.com/100000000000601/posts/200000000000601", "0", "0", "Photos",
           "", "", "", "", "Lifetime", "1500", "1200", "60", "50", "6", "4", "30", "1500", "1100",
           "100", "", "20", "3", "7"]  # fmt: skip
    name = "facebook/meta-content-fb-2025/2025-04-15/Mar-18-2025_Apr-14-2025_553300000000601.csv"
    return {name: meta_content(header, [row])}


@shape
def meta_content_facebook_2026_dynamic() -> Files:
    # 2026: more columns, ending in columns named after the data (audience, country).
    header = FB_PREFIX + (
        ',Views,Reach,"Reactions, Comments and Shares",Reactions,Comments,Shares,"Total clicks",'
        '"Link Clicks","Other Clicks","Matched Audience Targeting Consumption (Photo Click)",'
        '"Views from Organic posts","Seconds viewed","Average Seconds viewed",'
        '"Estimated earnings (USD)","3-second video views by top audience (F, 45-54)",'
        '"3-second video views by country (Spain (ES))"'
    )
    row = ["100000000000701_200000000000701", "100000000000701", "Dynamic Page", "", "Clip",
           "12", "07/10/2026 08:00", "auto",
           "https://www.facebook.com/100000000000701/posts/200000000000701", "0", "0", "Videos",
           "", "", "", "", "Lifetime", "3000", "2500", "90", "70", "12", "8", "40", "9", "31",
           "0", "2900", "14321.665", "4.5", "", "12", "30"]  # fmt: skip
    name = "facebook/meta-content-fb-2026/2026-08-01/Jul-01-2026_Jul-31-2026_889200000000701.csv"
    return {name: meta_content(header, [row])}


@shape
def meta_content_facebook_videos() -> Files:
    header = (
        '"Video asset ID","Universal video ID","Page ID","Page name",Title,"Duration (sec)",'
        '"Publish time","Custom labels","Data comment",Date,Reach,"3-second video views",'
        '"1-minute video views","Seconds viewed","Average Seconds viewed","3-Second viewers",'
        '"1-minute viewers","Reactions, Comments and Shares",Reactions,Comments,Shares'
    )
    row = ["900000000000801", "900000000000802", "100000000000701", "Dynamic Page", "Clip", "12",
           "07/10/2026 08:00", "", "", "Lifetime", "2500", "800", "40", "14321.665", "4.5", "700",
           "35", "90", "70", "12", "8"]  # fmt: skip
    name = "facebook/meta-content-fb-videos/2026-08-01/Jul-01-2026_Jul-31-2026_1267800000000801.csv"
    return {name: meta_content(header, [row])}


@shape
def meta_content_instagram_portuguese() -> Files:
    header = (
        '"Identificação da publicação","Identificação da conta","Nome de usuário da conta",'
        '"Nome da conta",Descrição,"Duração (segundos)","Horário de publicação","Link permanente",'
        '"Tipo de publicação","Comentário de dados",Data,Visualizações,Curtidas,Compartilhamentos,'
        "Comentários,Salvamentos,Alcance,Seguimentos"
    )
    rows = [["18000000000000901", "17840000000000901", "loja_acme", "Loja Acme", "Olá", "",
             "05/02/2025 19:45", "https://www.instagram.com/reel/AbCd901/", "Reel do Instagram",
             "", "Vitalício", "2000", "120", "15", "8", "11", "1800", ""]]  # fmt: skip
    name = (
        "instagram/meta-content-ig-ptbr/2025-07-01/"
        "dados 30-06 Apr-01-2025_Jun-30-2025_983300000000901.csv"
    )
    return {name: meta_content(header, rows)}


@shape
def meta_content_whole_line_resave() -> Files:
    # A ";"-locale spreadsheet read the comma file as one column and wrote each line back as a
    # single quoted cell (the first cell's own quotes consumed, inner quotes doubled).
    inner = [
        'Post ID,"Account ID","Account username","Account name",Description,"Duration (sec)",'
        '"Publish time",Permalink,"Post type","Data comment",Date,Views,Reach,Likes,Shares,Follows,'
        "Comments,Saves",
        '18000000000001001,17840000000001001,vintage_ig,"Vintage Shop","caption here",0,'
        '"10/31/2025 02:50",https://www.instagram.com/p/AbCd1001/,"IG carousel",,Lifetime,834,143,'
        "12,0,0,3,1",
    ]
    text = "".join('"' + line.replace('"', '""') + '"\n' for line in inner)
    return {"instagram/meta-content-wholeline/2025-12-31/INSTAGRAM_RAW.csv":
            codecs.BOM_UTF8 + text.encode()}  # fmt: skip


def utf16_lines(lines: list[str]) -> bytes:
    return codecs.BOM_UTF16_LE + ("\n".join(lines) + "\n\n").encode("utf-16-le")


@shape
def meta_audience_breakdowns() -> Files:
    folder = "instagram/meta-audience/2026-06-22"
    horizontal = [
        "sep=,", '"Age & gender"', '"","Women","Men"', '"18-24","10.5","6.2"', '"65+","1","0.9"',
        "", '"Top countries"', '"Country A","Country B"', '"40.1","5.2"', "", '"Top cities"',
        '"City A, Region","City B, Region"', '"3.4","1.1"',
    ]  # fmt: skip
    vertical = [
        "sep=,", '"Facebook followers"', '"FB_PAGE,FOLLOW,UNIQUE_USERS"', '"0"', "",
        '"Instagram followers"', '"IG_ACCOUNT,FOLLOW,UNIQUE_USERS"', '"1234"', "",
        '"Instagram followers by gender and age"', '"Age","Women","Men"', '"18-24","20.1%","12.5%"',
    ]  # fmt: skip
    formats = ["sep=,", '"Published content"', '"Stories","Posts"', '"225","45"']
    return {
        f"{folder}/Audience.csv": utf16_lines(horizontal),
        f"{folder}/Audience (1).csv": utf16_lines(vertical),
        f"{folder}/Top content formats.csv": utf16_lines(formats),
    }


# -- TikTok Studio -----------------------------------------------------------------------------

ENGLISH_MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
                  "September", "October", "November", "December"]  # fmt: skip
SPANISH_MONTHS = ["enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto",
                  "septiembre", "octubre", "noviembre", "diciembre"]  # fmt: skip
GREEK_MONTHS = ["Ιανουαρίου", "Φεβρουαρίου", "Μαρτίου", "Απριλίου", "Μαΐου", "Ιουνίου",
                "Ιουλίου", "Αυγούστου", "Σεπτεμβρίου", "Οκτωβρίου", "Νοεμβρίου",
                "Δεκεμβρίου"]  # fmt: skip


def english(d: date) -> str:
    return f"{ENGLISH_MONTHS[d.month - 1]} {d.day}"


def tiktok_csv(rows: list[list[str]], bom: bool = True, final_newline: bool = False) -> bytes:
    """As TikTok Studio writes it: UTF-8 BOM, every field quoted, LF, no final newline."""
    text = "\n".join(",".join(f'"{cell}"' for cell in row) for row in rows)
    if final_newline:
        text += "\n"
    return (codecs.BOM_UTF8 if bom else b"") + text.encode()


OVERVIEW = ["Date", "Video Views", "Profile Views", "Likes", "Comments", "Shares"]


def overview_rows(window: list[date], label: Callable[[date], str], base: int) -> list[list[str]]:
    return [[label(d), str(base + i), str(i % 5), "10", "2", "1"] for i, d in enumerate(window)]


@shape
def tiktok_overview_365_days() -> Files:
    # Downloaded 2026-02-28: 365 rows from February 28 (2025) to February 27 (2026); the first
    # three days before the account was active are all zero; Comments negative on 12-31, 01-01.
    window = days(date(2025, 2, 28), 365)
    rows = [OVERVIEW]
    for i, d in enumerate(window):
        if i < 3:
            rows.append([english(d), "0", "0", "0", "0", "0"])
        else:
            comments = "-3" if d in (date(2025, 12, 31), date(2026, 1, 1)) else "2"
            rows.append([english(d), str(100 + i), str(i % 5), "10", comments, "1"])
    return {"tiktok/tt-overview-365d/2026-02-28/Overview.csv": tiktok_csv(rows)}


@shape
def tiktok_overview_custom_range() -> Files:
    # A custom range of 102 days from December 31 to April 11, downloaded on April 12.
    window = days(date(2025, 12, 31), 102)
    rows = [OVERVIEW, *overview_rows(window, english, 200)]
    return {"tiktok/tt-overview-custom/2026-04-12/Overview_Jan-April2026.csv": tiktok_csv(rows)}


@shape
def tiktok_overview_spanish() -> Files:
    # 60 days, "4 de noviembre" to "2 de enero", under English titles.
    window = days(date(2025, 11, 4), 60)
    rows = [
        OVERVIEW,
        *overview_rows(window, lambda d: f"{d.day} de {SPANISH_MONTHS[d.month - 1]}", 300),
    ]
    return {"tiktok/tt-overview-es/2026-01-03/Overview.csv": tiktok_csv(rows)}


@shape
def tiktok_overview_greek() -> Files:
    # 28 days, genitive month names: "25 Φεβρουαρίου" to "24 Μαρτίου".
    window = days(date(2026, 2, 25), 28)
    rows = [OVERVIEW, *overview_rows(window, lambda d: f"{d.day} {GREEK_MONTHS[d.month - 1]}", 400)]
    return {"tiktok/tt-overview-el/2026-03-25/Overview.csv": tiktok_csv(rows)}


@shape
def tiktok_overview_web_editor_copy() -> Files:
    # The same export committed through a web editor: no BOM, a final newline.
    window = days(date(2026, 4, 14), 7)
    rows = [OVERVIEW, *overview_rows(window, english, 500)]
    return {"tiktok/tt-overview-noBOM/2026-04-21/Overview.csv":
            tiktok_csv(rows, bom=False, final_newline=True)}  # fmt: skip


@shape
def tiktok_overview_resaved_day_first() -> Files:
    # A spreadsheet re-save: unquoted, final newline, dates re-typed day-first with a 2-digit
    # year (09-09-24).
    window = days(date(2024, 9, 9), 5)
    lines = ["Date,Video Views,Profile Views,Likes,Comments,Shares"]
    lines += [f"{d.strftime('%d-%m-%y')},{600 + i},0,8,0,0" for i, d in enumerate(window)]
    return {
        "tiktok/tt-overview-resaved/2024-09-14/Overview.csv": ("\n".join(lines) + "\n").encode()
    }


def stored_zip(members: dict[str, bytes]) -> bytes:
    """A zip of stored (uncompressed) members, as TikTok Studio's download is."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_STORED) as archive:
        for name, data in members.items():
            info = zipfile.ZipInfo(name, date_time=(2026, 4, 24, 9, 37, 56))
            info.create_system = 0
            archive.writestr(info, data)
    return buffer.getvalue()


@shape
def tiktok_download_zip() -> Files:
    # The browser download: a zip holding Overview.csv, stored; 7 days ending two days before.
    window = days(date(2026, 4, 16), 7)
    overview = tiktok_csv([OVERVIEW, *overview_rows(window, english, 700)])
    return {
        "tiktok/tt-zip/2026-04-24/temp_1777023400000.zip": stored_zip({"Overview.csv": overview})
    }


@shape
def tiktok_followers_zip() -> Files:
    # The Followers tab download: a folder Followers_<user>/ with the history (undefined before
    # the account had data, negative differences), hourly activity, gender (header only, no
    # newline at all) and territories.
    window = days(date(2026, 1, 29), 30)
    history = [["Date", "Followers", "Difference in followers from previous day"]]
    total = 5000
    for i, d in enumerate(window):
        if i < 4:
            history.append([english(d), "undefined", "0"])
            continue
        change = -2 if i % 3 == 0 else 5
        total += change
        history.append([english(d), str(total), str(change)])
    activity = [["Date", "Hour", "Active followers"]]
    activity += [[english(d), str(h), str(300 + h)] for d in window[-7:] for h in range(24)]
    territories = [["Top territories", "Distribution"], ["US", "0.455"], ["GR", "0.2"],
                   ["Others", "0.345"]]  # fmt: skip
    user = "Followers_acme_tt"
    return {
        "tiktok/tt-followers-zip/2026-02-28/Followers_acme_tt.zip": stored_zip(
            {
                f"{user}/FollowerActivity.csv": tiktok_csv(activity),
                f"{user}/FollowerGender.csv": codecs.BOM_UTF8 + b'"Gender","Distribution"',
                f"{user}/FollowerHistory.csv": tiktok_csv(history),
                f"{user}/FollowerTopTerritories.csv": tiktok_csv(territories),
            }
        )  # fmt: skip
    }


@shape
def tiktok_viewers() -> Files:
    # undefined before the account had data (first 3 days) and on the newest, not yet computed
    # day; New and Returning Viewers are 0 on those rows.
    window = days(date(2026, 1, 29), 30)
    rows = [["Date", "Total Viewers", "New Viewers", "Returning Viewers"]]
    for i, d in enumerate(window):
        if i < 3 or i == len(window) - 1:
            rows.append([english(d), "undefined", "0", "0"])
        else:
            rows.append([english(d), str(1000 + i), str(600 + i), "400"])
    return {"tiktok/tt-viewers/2026-02-28/Viewers.csv": tiktok_csv(rows)}


@shape
def tiktok_content_time_column() -> Files:
    # A leading Time column (the download day), year-less post times (last year's too), empty
    # titles and titles ending in a space.
    header = ["Time", "Video title", "Video link", "Post time", "Total likes", "Total comments",
              "Total shares", "Total views"]  # fmt: skip
    link = "https://www.tiktok.com/@acme_tt/video/"
    rows = [
        ["February 28", "my title #tag ", f"{link}7000000000000001101", "July 16", "530", "30",
         "15", "19000"],
        ["February 28", "", f"{link}7000000000000001102", "February 20", "12", "1", "0", "800"],
    ]  # fmt: skip
    return {"tiktok/tt-content/2026-02-28/Content.csv": tiktok_csv([header, *rows])}


def sheetjs_xlsx(sheet_name: str, rows: list[list[str]]) -> bytes:
    """An .xlsx as TikTok's SheetJS writer makes it: stored entries, every cell t="str"."""
    from socialkpi.evaluation.generator.xlsx import xlsx_bytes

    source = zipfile.ZipFile(io.BytesIO(xlsx_bytes({sheet_name: rows})))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_STORED) as archive:
        for info in source.infolist():
            data = source.read(info)
            if info.filename.startswith("xl/worksheets/"):
                data = re.sub(
                    rb'<c r="([A-Z]+\d+)" t="inlineStr"><is><t xml:space="preserve">(.*?)</t></is></c>',
                    rb'<c r="\1" t="str"><v>\2</v></c>',
                    data,
                )
            archive.writestr(zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0)), data)
    return buffer.getvalue()


@shape
def tiktok_overview_xlsx() -> Files:
    window = days(date(2026, 4, 16), 7)
    rows = [OVERVIEW, *overview_rows(window, english, 800)]
    return {"tiktok/tt-overview-xlsx/2026-04-23/Overview.xlsx": sheetjs_xlsx("Overview", rows)}


@shape
def tiktok_business_suite() -> Files:
    # Business-account exports: dates with years (2025/10/31), minimal quoting, "NAN" and "--",
    # a trailing space in "Phone number clicks ", flows; renamed by the user.
    folder = "tiktok/tt-business/2025-11-03"
    daily = (
        "Date,Video views,Reached audience,Profile views,Likes,Shares,Comments,"
        "Phone number clicks ,Leads submission,Net growth,New followers,Lost followers\n"
        "2025/10/31,300,NAN,12,9,1,2,0,0,4,4,0\n"
        "2025/11/01,7500,7400,50,80,20,6,0,0,8,10,2\n"
        "2025/11/02,900,850,7,12,2,1,0,0,-1,1,2"
    )
    audience = (
        "Date,New followers,Total followers,Reached audience,Engaged audience\n"
        "2025/10/31,4,--,NAN,NAN\n2025/11/01,10,--,7400,180\n2025/11/02,1,--,850,20"
    )
    video = (
        "Video title,Video link,Post time,Video views,Likes,Comments,Shares,Add to Favorites\n"
        '"my caption, with a comma",https://www.tiktok.com/@biz_tt/video/7000000000000001201,'
        "2025/10/31 18:19:10,17000,170,4,41,18"
    )
    bom = codecs.BOM_UTF8
    return {
        f"{folder}/TIKTOK_RAW.csv": bom + daily.encode(),
        f"{folder}/TIKTOK_AUDIENCE_RAW.csv": bom + audience.encode(),
        f"{folder}/TIKTOK_VIDEO_RAW.csv": bom + video.encode(),
    }


def main() -> None:
    written = 0
    for function in SHAPES:
        for relative, data in function().items():
            path = REAL / relative
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
            written += 1
    print(f"wrote {written} files under {REAL}")


if __name__ == "__main__":
    main()
