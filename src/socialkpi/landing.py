"""The landing zone: discover landed exports, open zips, decode text, sniff content.

Layout (the contract in ``shared/reference/export-formats.md``)::

    <landing_root>/<platform>/<account>/<export_date>/<file as downloaded>

Folder and file names are untrusted text. They are only ever read from the
file system walk (never joined from user input), stored verbatim, and passed to
SQL as bound parameters. Symbolic links are not followed, so nothing outside the
landing root is read.
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import io
import json
import os
import zipfile
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from socialkpi.formats.base import PLATFORMS, Sniff, SourceRejected

ZIP_MAGIC = b"PK\x03\x04"
# Old binary Excel workbooks (.xls) and encrypted (password-protected) .xlsx are OLE2 files.
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# Members that make a zip a spreadsheet workbook (.xlsx), not an archive of exports.
_XLSX_MEMBERS = frozenset({"[Content_Types].xml", "xl/workbook.xml"})
# The members of a YouTube Studio export (English, German, Portuguese Studio); an archive
# with some but no table data is incomplete.
YOUTUBE_TABLE_MEMBERS = ("Table data.csv", "Tabellendaten.csv", "Dados da tabela.csv")
YOUTUBE_CHART_MEMBERS = ("Chart data.csv", "Diagrammdaten.csv", "Dados do gráfico.csv")
YOUTUBE_TOTALS_MEMBERS = ("Totals.csv", "Gesamtwerte.csv", "Total.csv")
YOUTUBE_DAILY_MEMBERS = YOUTUBE_CHART_MEMBERS + YOUTUBE_TOTALS_MEMBERS
SNIFF_LINES = 8


@dataclass(frozen=True)
class LandedFile:
    """One file found in the landing zone, before it is opened."""

    path: Path
    relative_path: str
    platform: str
    account: str
    export_date: date | None
    layout_error: str | None = None

    @property
    def stat_key(self) -> tuple[int, int]:
        stat = self.path.stat()
        return stat.st_size, stat.st_mtime_ns


@dataclass(frozen=True)
class Source:
    """One loadable unit: a plain file, or one member of a zip."""

    landed: LandedFile
    member: str | None
    data: bytes

    @property
    def source_file(self) -> str:
        if self.member is None:
            return self.landed.relative_path
        return f"{self.landed.relative_path}!/{self.member}"

    @property
    def file_name(self) -> str:
        return (self.member or self.landed.relative_path).rsplit("/", 1)[-1]

    @property
    def content_hash(self) -> str:
        return hashlib.sha256(self.data).hexdigest()


def discover(landing_root, up_to: date | None = None) -> Iterator[LandedFile]:
    """Every file under the landing root, in a stable order (export date, then path).

    Files outside the ``platform/account/export_date/`` layout are still yielded,
    with ``layout_error`` set, so that the run reports them instead of ignoring
    them. ``up_to`` keeps only export dates on or before that day (a daily run
    never reads exports from its future).

    ``landing_root`` is a local folder, or an object store: a URL string
    (``s3://bucket/landing``, ``memory://landing``) or an Airflow
    ``ObjectStoragePath`` (which carries its Connection), read through fsspec.
    """
    if _is_object_store(landing_root):
        found = list(_discover_object_store(landing_root))
    else:
        found = list(_discover_local(Path(landing_root)))
    found = [f for f in found if up_to is None or f.export_date is None or f.export_date <= up_to]
    found.sort(key=lambda f: (f.export_date or date.min, f.relative_path))
    yield from found


def _is_object_store(landing_root) -> bool:
    if isinstance(landing_root, str):
        return "://" in landing_root and not landing_root.startswith("file://")
    protocol = getattr(landing_root, "protocol", "")
    return bool(protocol) and protocol not in ("file", "local")


def _discover_object_store(landing_root) -> Iterator[LandedFile]:
    from upath import UPath

    root = UPath(landing_root) if isinstance(landing_root, str) else landing_root
    if not root.exists():
        return
    for path in root.rglob("*"):
        if path.is_file():
            yield _classify(path, path.relative_to(root).as_posix())


def _discover_local(landing_root: Path) -> Iterator[LandedFile]:
    if not landing_root.is_dir():
        return
    for dirpath, dirnames, filenames in os.walk(landing_root, followlinks=False):
        dirnames.sort()
        for name in sorted(filenames):
            path = Path(dirpath) / name
            if path.is_symlink():
                continue
            yield _classify(path, path.relative_to(landing_root).as_posix())


def _classify(path: Path, relative_path: str) -> LandedFile:
    parts = relative_path.split("/")
    if len(parts) != 4:
        return LandedFile(
            path, relative_path, parts[0] if len(parts) > 1 else "", "", None,
            layout_error="not in the <platform>/<account>/<export_date>/<file> layout",
        )  # fmt: skip
    platform, account, export_folder, _ = parts
    if platform not in PLATFORMS:
        return LandedFile(path, relative_path, platform, account, None,
                          layout_error=f"unknown platform folder {platform!r}")  # fmt: skip
    try:
        export_date = date.fromisoformat(export_folder)
    except ValueError:
        reason = f"export date folder {export_folder!r} is not YYYY-MM-DD"
        return LandedFile(path, relative_path, platform, account, None, layout_error=reason)
    return LandedFile(path, relative_path, platform, account, export_date)


def open_sources(landed: LandedFile) -> Iterator[Source]:
    """The loadable units of a landed file: itself, or each member of a zip.

    Raises :class:`SourceRejected` for a file that cannot be opened at all
    (empty, truncated or corrupt zip).
    """
    data = landed.path.read_bytes()
    if not data.strip():
        raise SourceRejected("empty file")
    if is_workbook(data):
        yield Source(landed, None, data)
        return
    if data.startswith(ZIP_MAGIC) or landed.relative_path.lower().endswith(".zip"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                members = [
                    info for info in archive.infolist()
                    if not info.is_dir() and not info.filename.startswith("__MACOSX/")
                    and not info.filename.rsplit("/", 1)[-1].startswith(".")
                ]  # fmt: skip
                if not members:
                    raise SourceRejected("zip archive holds no files")
                contents = [(info.filename, archive.read(info)) for info in members]
        except (zipfile.BadZipFile, EOFError, zipfile.LargeZipFile, OSError) as exc:
            raise SourceRejected(f"truncated or corrupt zip archive: {exc}") from exc
        base_names = {name.rsplit("/", 1)[-1] for name, _ in contents}
        if base_names & set(YOUTUBE_DAILY_MEMBERS) and not base_names & set(YOUTUBE_TABLE_MEMBERS):
            raise SourceRejected(
                "YouTube Studio export without Table data.csv (found "
                + ", ".join(sorted(base_names))
                + ")"
            )
        for name, member_data in contents:
            yield Source(landed, name, member_data)
        return
    yield Source(landed, None, data)


def is_workbook(data: bytes) -> bool:
    """A spreadsheet workbook: OLE2 (``.xls``, encrypted ``.xlsx``) or a zip holding
    ``[Content_Types].xml`` and ``xl/workbook.xml`` (``.xlsx``)."""
    if data.startswith(OLE_MAGIC):
        return True
    if not data.startswith(ZIP_MAGIC):
        return False
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return _XLSX_MEMBERS <= set(archive.namelist())
    except (zipfile.BadZipFile, EOFError, zipfile.LargeZipFile, OSError):
        return False


def read_workbook(data: bytes) -> dict[str, list[list]]:
    """Every sheet of a workbook as rows of Python values (python-calamine reads both
    ``.xls`` and ``.xlsx``). Raises :class:`SourceRejected` for a workbook that cannot
    be opened: password-protected, truncated or corrupt."""
    from python_calamine import CalamineWorkbook

    try:
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
        sheets = {
            name: workbook.get_sheet_by_name(name).to_python(skip_empty_area=False)
            for name in workbook.sheet_names
        }
    except Exception as exc:  # calamine raises its own error types, and ValueError/OSError
        if data.startswith(OLE_MAGIC) and _looks_encrypted(data):
            raise SourceRejected(
                "password-protected workbook: cannot be read without its password "
                f"({type(exc).__name__}: {exc})"
            ) from exc
        raise SourceRejected(
            f"unreadable workbook (truncated or corrupt): {type(exc).__name__}: {exc}"
        ) from exc
    return sheets


def _looks_encrypted(data: bytes) -> bool:
    # An encrypted Office document is an OLE2 file with an "EncryptionInfo" stream.
    return "EncryptionInfo".encode("utf-16-le") in data[:65536]


def sniff_workbook(file_name: str, data: bytes) -> Sniff:
    """What format detection sees of a workbook: its sheets (names and rows)."""
    return Sniff(file_name=file_name, head_lines=(), sheets=read_workbook(data))


def workbook_cell_text(value: Any) -> str:
    """A workbook cell as the text a CSV export would hold (integral floats without
    ``.0``, dates in ISO form)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime):
        if value.time() == datetime.min.time():
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    return str(value)


def single_sheet_as_csv(sheets: Mapping[str, Sequence[Sequence[Any]]]) -> str | None:
    """The one sheet of a workbook holding data, as CSV text (a CSV export that a user opened
    and saved as ``.xlsx``, or TikTok's ``Overview.xlsx``); None when several sheets do."""
    filled = [rows for rows in sheets.values() if any(any(cell not in (None, "") for cell in row)
                                                      for row in rows)]  # fmt: skip
    if len(filled) != 1:
        return None
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    for row in filled[0]:
        cells = [workbook_cell_text(cell) for cell in row]
        while cells and not cells[-1]:
            cells.pop()
        writer.writerow(cells)
    return buffer.getvalue()


def decode_text(data: bytes) -> str:
    """Decode an export to text from its byte-order mark, else strict UTF-8.

    Raises :class:`SourceRejected` with a precise reason for binary content or a
    wrong encoding: such a file is never guessed at.
    """
    if not data.strip():
        raise SourceRejected("empty file")
    if data.startswith(codecs.BOM_UTF16_LE):
        encoding, body = "utf-16-le", data[2:]
    elif data.startswith(codecs.BOM_UTF16_BE):
        encoding, body = "utf-16-be", data[2:]
    elif data.startswith(codecs.BOM_UTF8):
        encoding, body = "utf-8", data[3:]
    else:
        if b"\x00" in data[:4096]:
            raise SourceRejected("binary content (NUL bytes) without a UTF-16 byte-order mark")
        encoding, body = "utf-8", data
    try:
        text = body.decode(encoding)
    except UnicodeDecodeError as exc:
        raise SourceRejected(
            f"not valid {encoding.upper()}: byte 0x{exc.object[exc.start]:02x} at offset "
            f"{exc.start} (exports must be UTF-8 or UTF-16 with a byte-order mark)"
        ) from exc
    if "\x00" in text:
        raise SourceRejected("binary content (NUL characters in decoded text)")
    if not text.strip():
        raise SourceRejected("empty file (no text after decoding)")
    return text


def sniff(file_name: str, text: str) -> Sniff:
    """What format detection looks at: the first non-empty lines, and a JSON document."""
    head: list[str] = []
    for line in io.StringIO(text):
        stripped = line.rstrip("\r\n")
        if stripped.strip():
            head.append(stripped)
        if len(head) >= SNIFF_LINES:
            break
    document = None
    if text.lstrip()[:1] in ("{", "["):
        try:
            document = json.loads(text)
        except json.JSONDecodeError:
            document = None
    return Sniff(file_name=file_name, head_lines=tuple(head), document=document, text=text)
