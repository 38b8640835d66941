"""Localized and Excel-resaved CSV exports: dialect detection and the column-title aliases.

A CSV export may come in the user's language, or opened and saved again by
Excel. The dialect is detected **from the file itself** (never from its name or
folder), once per file in Python, and the rows are then converted in SQL
(``sk_localize_number`` / ``sk_localize_date``), set-based like every other file:

=======  =========  ==================================  ============  =============
dialect  separator  thousands                           decimal       dates
=======  =========  ==================================  ============  =============
``en``   ``,``      ``,``                               ``.``         as the platform
``fr``   ``;``      U+00A0, U+202F or a space           ``,``         ``dd/mm/yyyy``
``de``   ``;``      ``.``                               ``,``         ``dd.mm.yyyy``
=======  =========  ==================================  ============  =============

A ``;`` file is French or German from its evidence: dates (``31/12/2026`` vs
``31.12.2026``) and numbers (``12 400`` vs ``12.400,5``). A value like
``1.234`` could be a German thousand or an English decimal: the other values of
the same file decide (``1.234.567``, ``1.234,5`` or a German date say German;
``0.25`` or ``1.23456`` say the dot is a decimal point); when nothing decides,
the file is quarantined with the reason rather than guessed.

French, German and Portuguese column titles are translated to the English ones
the formats expect through :data:`HEADER_ALIASES`, the one alias table, keyed by
platform (``*``: any platform; a platform's own entry wins). Soft hyphens
(U+00AD, invisible hyphenation hints that German YouTube Studio puts in every
title) are ignored when titles are matched, for every platform.

Excel re-saves: the UTF-8 byte-order mark is dropped by the decoder; trailing
empty columns (``,,`` at the end of the header) and trailing empty rows are
removed; re-typed dates (``2026-06-06``, ``6/6/2026`` for a US export) are read
by the date parsers; ids in scientific notation (``1.23457E+18``) are recovered
from the permalink where the format has one, otherwise the row is quarantined
(the digits are lost).
"""

from __future__ import annotations

import csv
import dataclasses
import functools
import io
import re
from dataclasses import dataclass

from socialkpi.formats.base import Sniff, SourceRejected

# The one alias table: language -> platform ("*": any platform; a platform's own entry
# wins) -> English title -> the title a translated export writes (a tuple lists every
# spelling met; the first is the one the generator writes). Titles not listed stay in
# English. Sources: the TikTok and YouTube French titles and the Meta French metric titles
# come from real exports (the fixtures in tests/fixtures/exports/locales); the German
# YouTube Studio titles from public German ``Tabellendaten.csv`` (2021 and 2025 column
# sets) / ``Gesamtwerte.csv`` headers; the Portuguese ones from public pt-BR Studio
# downloads (tests/fixtures/exports/README.md lists where each was seen). The others are
# UNVERIFIED (the X French titles, German "Datum" / "Hauptwert" for Meta): plausible
# renderings of the UI labels, kept so that such files load if the platforms write them
# so. The Meta content exports reuse the shared entries (Vues,
# Couverture, J'aime...: unverified for content exports). LinkedIn and the X content-only
# columns have no verified translation: not listed, read as English (the generator writes
# LinkedIn's localized CSVs with English titles).
TRANSLATED_TITLES: dict[str, dict[str, dict[str, str | tuple[str, ...]]]] = {
    # English titles of earlier header generations, renamed since: X's content export of
    # early 2025 (account_analytics_content, seen in public repositories) wrote "Link" and
    # "Share". Titles that changed only in case ("Detail expands", "Url clicks") need no
    # entry: headers match case-insensitively (socialkpi.formats.base.header_key).
    "en": {
        "x": {"Post Link": "Link", "Shares": "Share"},
        # LinkedIn's content export of 2020-22 (sheets "Update metrics (aggregated)" /
        # "Update engagement", seen in sarah-avila/NPLF-Dashboard and
        # pablomolteni/Linkedin_analytics_updates).
        "linkedin": {
            "Post title": "Update title",
            "Post link": "Update link",
            "Post type": "Update type",
            "Reposts": "Shares",
            "Reposts (organic)": "Shares (organic)",
            "Reposts (sponsored)": "Shares (sponsored)",
            "Reposts (total)": "Shares (total)",
            "Views": "Video views",
        },
    },
    "fr": {
        "*": {
            "Primary": "Principal",
            "Likes": ("J'aime", "Mentions J'aime"),
            "Comments": "Commentaires",
            "Shares": "Partages",
            "Bookmarks": "Signets",  # unverified
            "New follows": "Nouveaux abonnements",  # unverified
            "Unfollows": "Désabonnements",  # unverified
            "Replies": "Réponses",  # unverified
            "Profile visits": "Visites du profil",  # unverified
            "Create Post": "Créer un post",  # unverified
            "Video views": "Vues de vidéos",  # unverified
            "Media views": "Vues de médias",  # unverified
            # Meta Business Suite title lines (one metric per file).
            "Instagram follows": "Abonnements Instagram",
            "Facebook follows": "Abonnements Facebook",
            "Views": "Vues",
            "Reach": "Couverture",
            "Content interactions": "Interactions avec le contenu",
            "Facebook visits": "Visites Facebook",
            "Instagram profile visits": "Visites du profil Instagram",
            "Link clicks": "Clics sur les liens",
        },
        # "Interactions" is also an English Meta title: translated for X only.
        "x": {"Engagements": "Interactions"},  # unverified
        "tiktok": {
            "Followers": "Abonnés",
            "Difference in followers from previous day": (
                "Différence d'abonnés par rapport à la veille"
            ),
            "Video Views": "Vues de vidéos",
            "Profile Views": "Vues du profil",
            "Video title": "Titre de la vidéo",
            "Video link": "Lien de la vidéo",
            "Post time": "Heure de publication",
            "Total likes": "Total des J'aime",
            "Total comments": "Total des commentaires",
            "Total shares": "Total des partages",
            "Total views": "Total des vues",
        },
        "youtube": {
            "Content": "Contenu",
            "Video title": "Titre de la vidéo",
            "Video publish time": "Heure de publication de la vidéo",
            "Duration": "Durée",
            "Views": "Vues",
            "Watch time (hours)": "Durée de visionnage (heures)",
            "Subscribers": "Abonnés",
            "Subscribers gained": "Abonnés gagnés",  # unverified
            "Subscribers lost": "Abonnés perdus",  # unverified
            "Impressions click-through rate (%)": "Taux de clics des impressions (%)",
            "Average view duration": "Durée moyenne de visionnage",
        },
    },
    # Brazilian Portuguese Meta Business Suite (seen: two accounts' metric files, 2024-2025):
    # "Date" is translated, "Primary" is not.
    "pt": {
        "*": {
            "Date": "Data",
            "Reach": "Alcance",
            "Instagram reach": "Alcance do Instagram",
            "Views": "Visualizações",
            "Instagram profile visits": "Visitas ao perfil do Instagram",
            "Instagram follows": "Seguidores no Instagram",
            "Content interactions": "Interações com o conteúdo",
            "Instagram link clicks": "Cliques no link do Instagram",
        },
        # Instagram content export, 2025 and 2026 generations (seen).
        "instagram": {
            "Post ID": ("Identificação da publicação", "Identificação do post"),
            "Account ID": "Identificação da conta",
            "Account username": "Nome de usuário da conta",
            "Account name": "Nome da conta",
            "Description": "Descrição",
            "Duration (sec)": ("Duração (segundos)", "Duração (s)"),
            "Publish time": "Horário de publicação",
            "Permalink": "Link permanente",
            "Post type": ("Tipo de publicação", "Tipo de post"),
            "Data comment": "Comentário de dados",
            "Likes": "Curtidas",
            "Shares": "Compartilhamentos",
            "Comments": "Comentários",
            "Saves": "Salvamentos",
            "Follows": "Seguimentos",
        },
        # Brazilian Portuguese YouTube Studio (Dados da tabela.csv, Dados do gráfico.csv,
        # Total.csv; "Data" and "Visualizações" above), from public downloads; "País" is the
        # country dimension that English Studio titles "Geography" (both list ISO codes).
        "youtube": {
            "Content": "Conteúdo",
            "Video title": "Título do vídeo",
            "Video publish time": "Horário de publicação do vídeo",
            "Duration": "Duração",
            "Engaged views": "Visualizações intencionais",
            "Watch time (hours)": "Tempo de exibição (horas)",
            "Subscribers": "Inscritos",
            "Impressions": "Impressões",
            "Impressions click-through rate (%)": "Taxa de cliques de impressões (%)",
            "Average view duration": "Duração média da visualização",
            "Average views per viewer": "Média de visualizações por espectador",
            "Stayed to watch (%)": "Continuaram assistindo (%)",
            "Unique viewers": "Espectadores únicos",
            "New viewers": "Novos espectadores",
            "Returning viewers": "Espectadores recorrentes",
            "Estimated revenue (USD)": "Receita estimada (USD)",
            "Geography": "País",
            "Cities": "Cidades",
            "City name": "Nome da cidade",
            "Traffic source": "Origem do tráfego",
            "Playback location": "Local da reprodução",
            "Viewer age": "Idade do espectador",
            "Viewer gender": "Gênero do espectador",
            "Views (%)": "Visualizações (%)",
            "Watch time (hours) (%)": "Tempo de exibição (horas) (%)",
            "Average percentage viewed (%)": "Porcentagem visualizada média (%)",
        },
    },
    "de": {
        "*": {"Date": "Datum", "Primary": "Hauptwert"},  # "Hauptwert" unverified
        "youtube": {
            # "Videos" in 2025 Studio exports, "Video" in 2021 ones.
            "Content": ("Videos", "Video"),
            "Video title": "Videotitel",
            "Video publish time": "Veröffentlichungszeitpunkt des Videos",
            "Duration": "Dauer",
            "Views": "Aufrufe",
            "Watch time (hours)": "Wiedergabezeit (Stunden)",
            "Subscribers": "Abonnenten",
            "Subscribers gained": "Gewonnene Abonnenten",
            "Subscribers lost": "Verlorene Abonnenten",
            "Impressions": "Impressionen",
            "Impressions click-through rate (%)": "Klickrate der Impressionen (%)",
            "Average view duration": "Durchschnittliche Wiedergabedauer",
        },
    },
}


def _spellings(translated: str | tuple[str, ...]) -> tuple[str, ...]:
    return translated if isinstance(translated, tuple) else (translated,)


def _aliases() -> dict[str, dict[str, str]]:
    """Translated title -> English title, per platform, from :data:`TRANSLATED_TITLES`."""
    aliases: dict[str, dict[str, str]] = {"*": {}}
    for platforms in TRANSLATED_TITLES.values():
        for platform, titles in platforms.items():
            table = aliases.setdefault(platform, {})
            for english, translated in titles.items():
                for spelling in _spellings(translated):
                    if table.setdefault(spelling, english) != english:
                        raise ValueError(f"alias {spelling!r} ({platform}) names two titles")
    return aliases


# Translated title -> English title (what the ingest reads), per platform.
HEADER_ALIASES: dict[str, dict[str, str]] = _aliases()

SOFT_HYPHEN = "\u00ad"


def translated_title(language: str, platform: str, title: str) -> str:
    """The title a ``language`` export of ``platform`` writes for the English ``title``
    (the English title itself when no translation is known)."""
    for scope in (platform, "*"):
        translated = TRANSLATED_TITLES[language].get(scope, {}).get(title)
        if translated is not None:
            return _spellings(translated)[0]
    return title


def without_soft_hyphens(text: str) -> str:
    """``text`` without U+00AD SOFT HYPHEN: an invisible hyphenation hint (German YouTube
    Studio writes one at every syllable break of its titles, ``Auf\u00adru\u00adfe``)
    that is no part of what the text says."""
    return text.replace(SOFT_HYPHEN, "")


@functools.lru_cache(maxsize=65536)
def alias(platform: str, title: str) -> str:
    """The English title of a (possibly translated) column title; soft hyphens are
    ignored, whatever the platform and language. Memoized (``HEADER_ALIASES`` is built
    once at import): detection asks it about the same titles for every landed file."""
    title = without_soft_hyphens(title)
    own = HEADER_ALIASES.get(platform, {})
    stripped = title.strip()
    return own.get(stripped) or HEADER_ALIASES["*"].get(stripped) or title


@dataclass(frozen=True)
class Dialect:
    name: str  # en | fr | de
    delimiter: str


ENGLISH = Dialect("en", ",")

_FR_DATE = re.compile(r"(?<![\d./])\d{1,2}/\d{1,2}/\d{4}(?![\d/])")
_DE_DATE = re.compile(r"(?<![\d./])\d{1,2}\.\d{1,2}\.\d{4}(?![\d.])")
_FR_GROUP = re.compile(r"\d[\u00a0\u202f ]\d{3}(?!\d)")
_DE_NUMBER = re.compile(r"^[+-]?\d{1,3}(\.\d{3})+,\d+$|^[+-]?\d{1,3}(\.\d{3}){2,}$")
_AMBIGUOUS_DOT = re.compile(r"^[+-]?\d{1,3}\.\d{3}$")
_DECIMAL_DOT = re.compile(r"^[+-]?\d+\.(\d{1,2}|\d{4,})$")
# What a row of empty cells is made of (separators, quotes, white space).
_EMPTY_ROW_CHARACTERS = ' \t\r\n,;"\u00a0'


def _delimiter(lines: list[str]) -> str:
    for line in lines[:1]:
        if line.lower().startswith("sep="):
            return line[4:5] or ","
    for line in lines[:4]:
        semi = next(csv.reader([line], delimiter=";"), [])
        comma = next(csv.reader([line], delimiter=","), [])
        if len(semi) > 1 or len(comma) > 1:
            return ";" if len(semi) > len(comma) else ","
    return ","


def detect_dialect(text: str, lines: list[str]) -> Dialect:
    """The dialect of a CSV export (``lines``: its first non-empty lines).

    Raises :class:`SourceRejected` when a ``;`` file's numbers cannot be resolved.
    """
    delimiter = _delimiter(lines)
    if delimiter != ";":
        return Dialect("en", delimiter)
    cells = [cell.strip() for row in csv.reader(io.StringIO(text), delimiter=";") for cell in row]
    fr = any(_FR_DATE.search(c) or _FR_GROUP.search(c) for c in cells)
    de = any(_DE_DATE.search(c) or _DE_NUMBER.match(c) for c in cells)
    ambiguous = [c for c in cells if _AMBIGUOUS_DOT.match(c)]
    dot_decimal = [c for c in cells if _DECIMAL_DOT.match(c)]
    if fr and de:
        raise SourceRejected("ambiguous locale: both French and German dates or numbers")
    if de:
        if dot_decimal:
            raise SourceRejected(
                f"ambiguous locale: German dates or numbers but {dot_decimal[0]!r} has a "
                "decimal point"
            )
        return Dialect("de", ";")
    if ambiguous and not fr:
        if dot_decimal:
            return Dialect("en", ";")  # dots are decimal points in this file
        raise SourceRejected(
            f"ambiguous number format: {ambiguous[0]!r} could be a thousands-separated "
            "integer (German) or a decimal (English), and no other value of the file decides"
        )
    return Dialect("fr", ";")


def strip_trailing_empty_rows(text: str) -> str:
    """The text without the rows of only separators that Excel leaves at the end (linear: the
    end of the last line holding anything else is found from the end of the text)."""
    content_end = len(text.rstrip(_EMPTY_ROW_CHARACTERS))
    if content_end == len(text):
        return text
    line_end = text.find("\n", content_end)
    if line_end == -1:
        return text  # the last line holds content: nothing after it to strip
    return text[:line_end]


def canonical_line(line: str, delimiter: str, platform: str) -> tuple[str, str] | None:
    """(line for the loader, line for detection) with titles translated and trailing
    empty cells dropped; None when the line is not a plain single-line row."""
    if line.count('"') % 2:
        return None
    if line.lower().startswith("sep="):
        return line, "sep=,"
    # Without a quote the csv module splits at the delimiter: most lines (data rows) take
    # the plain split, at a tenth of the cost, for every head line of every landed file.
    cells = (
        line.split(delimiter)
        if '"' not in line
        else next(csv.reader([line], delimiter=delimiter), [])
    )
    translated = [alias(platform, cell) if cell.strip() else cell for cell in cells]
    while translated and not translated[-1].strip():
        translated.pop()
    return _join(translated, delimiter), _join(translated, ",")


def _join(cells: list[str], delimiter: str) -> str:
    """The cells as one CSV line (quoted where the csv module would quote them)."""
    if len(cells) != 1 and not any(
        delimiter in cell or '"' in cell or "\r" in cell or "\n" in cell for cell in cells
    ):
        return delimiter.join(cells)  # nothing to quote: what csv.writer writes
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter, lineterminator="").writerow(cells)
    return buffer.getvalue()


def unwrap_single_cell_rows(text: str) -> str | None:
    """A comma CSV that a spreadsheet in a ``;`` locale read as one column and wrote back,
    each record now one quoted cell (``"Post ID,""Account ID"",..."``): the CSV it held,
    or None when the text is not such a file."""
    first = text.lstrip("\r\n").split("\n", 1)[0]
    if not (first.startswith('"') and first.rstrip("\r").endswith('"') and "," in first):
        return None
    rows = list(csv.reader(io.StringIO(text)))
    if not rows or any(len(row) > 1 for row in rows) or len(rows[0]) != 1 or "," not in rows[0][0]:
        return None
    return "".join(row[0] + "\n" if row else "\n" for row in rows)


# -- a file in its dialect, as the ingest engine reads it ------------------------------------


# Parsers whose cell is converted from a French or German file's numbers / dates first.
_NUMBER_PARSERS = frozenset({"sk_count", "sk_count_nonneg", "sk_decimal", "sk_percent"})
_DATE_PARSERS = frozenset({"sk_date", "sk_iso_date", "sk_us_timestamp", "sk_us_date",
                           "sk_local_timestamp", "sk_offset_timestamp"})  # fmt: skip


def localized_cell(parser: str, cell: str, locale: str) -> str:
    if locale == "en":
        return cell
    if parser in _NUMBER_PARSERS:
        return f"sk_localize_number({cell}, '{locale}')"
    if parser in _DATE_PARSERS:
        return f"sk_localize_date({cell}, '{locale}')"
    return cell


def localized_sniff(sniffed: Sniff, platform: str) -> tuple[Dialect, Sniff]:
    """The file's dialect, and what detection sees: titles in English, ``,`` separated,
    trailing empty columns dropped (the head lines of an English file are unchanged
    unless they hold a translated title or trailing empty cells)."""
    assert sniffed.text is not None
    dialect = detect_dialect(sniffed.text, list(sniffed.head_lines))
    lines = []
    for line in sniffed.head_lines:
        canonical = canonical_line(line, dialect.delimiter, platform)
        if canonical is None or (dialect.delimiter == "," and canonical[1] == line):
            lines.append(line)
        elif dialect.delimiter == ",":
            original = next(csv.reader([line]), [])
            lines.append(canonical[1] if canonical[1] != _join_cells(original) else line)
        else:
            lines.append(canonical[1])
    if lines == list(sniffed.head_lines):
        return dialect, sniffed
    return dialect, dataclasses.replace(sniffed, head_lines=tuple(lines))


def _join_cells(cells: list[str]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="").writerow(cells)
    return buffer.getvalue()


def localized_text(text: str, skip_lines: int, dialect: Dialect, platform: str) -> str:
    """The text the loader reads: trailing empty rows dropped, the header's titles in English."""
    text = strip_trailing_empty_rows(text)
    lines = text.split("\n", skip_lines + 1)
    if len(lines) <= skip_lines:
        return text
    header = lines[skip_lines]
    end = "\r" if header.endswith("\r") else ""
    canonical = canonical_line(header.rstrip("\r"), dialect.delimiter, platform)
    if canonical is None:
        return text
    cells = next(csv.reader([header.rstrip("\r")], delimiter=dialect.delimiter), [])
    translated = [alias(platform, c) if c.strip() else c for c in cells]
    if translated == cells:
        return text
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=dialect.delimiter, lineterminator="").writerow(translated)
    lines[skip_lines] = buffer.getvalue() + end
    return "\n".join(lines)
