"""The landing zone: discover landed exports, open zips, decode text, sniff content.

Layout (the landing contract, README.md section "Landing contract and formats")::

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
import re
import stat
import zipfile
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from socialkpi.formats.base import PLATFORMS, Sniff, SourceRejected, workbook_cell_text
from socialkpi.formats.youtube import YOUTUBE_DAILY_MEMBERS, YOUTUBE_TABLE_MEMBERS

ZIP_MAGIC = b"PK\x03\x04"
# Old binary Excel workbooks (.xls) and encrypted (password-protected) .xlsx are OLE2 files.
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# Members that make a zip a spreadsheet workbook (.xlsx), not an archive of exports.
_XLSX_MEMBERS = frozenset({"[Content_Types].xml", "xl/workbook.xml"})
SNIFF_LINES = 8


def _limit(name: str, default: int) -> int:
    value = os.environ.get(f"SOCIALKPI_{name}")
    return int(value) if value else default


@dataclass(frozen=True)
class Limits:
    """What one source may cost before it is refused (each a ``SOCIALKPI_<NAME>`` setting).

    Real exports are small (a year of daily rows is a few hundred KB; YouTube lists at
    most 500 videos): the defaults leave room for the largest seen many times over and
    stop what only a broken or hostile file holds. A refused source is quarantined with
    the limit it broke; the rest of the run goes on.
    """

    # Bytes of a landed file (a zip or workbook counts as landed).
    max_file_bytes: int = _limit("MAX_FILE_BYTES", 256 * 2**20)
    # Bytes of one line or one field of a text export (DuckDB's max_line_size, Python's
    # csv field limit).
    max_line_bytes: int = _limit("MAX_LINE_BYTES", 8 * 2**20)
    # Bytes a zip member inflates to, checked while inflating, and how many times its
    # compressed size it may inflate to (export CSVs compress 5-20 times; bombs 1000+).
    max_member_bytes: int = _limit("MAX_MEMBER_BYTES", 128 * 2**20)
    max_inflation_ratio: int = _limit("MAX_INFLATION_RATIO", 200)
    # Bytes of all members of one zip together.
    max_archive_bytes: int = _limit("MAX_ARCHIVE_BYTES", 512 * 2**20)
    # JSON documents: bytes, nesting depth and digits of one integer.
    max_json_bytes: int = _limit("MAX_JSON_BYTES", 64 * 2**20)
    max_json_depth: int = _limit("MAX_JSON_DEPTH", 64)
    max_json_integer_digits: int = _limit("MAX_JSON_INTEGER_DIGITS", 64)
    # Seconds one source may spend in planning (decode, sniff, recognise, stage).
    max_seconds_per_source: int = _limit("MAX_SECONDS_PER_SOURCE", 120)


LIMITS = Limits()
# Compression methods zipfile can inflate (stored, deflate, bzip2, lzma).
_SUPPORTED_COMPRESSION = {
    zipfile.ZIP_STORED: "stored",
    zipfile.ZIP_DEFLATED: "deflate",
    zipfile.ZIP_BZIP2: "bzip2",
    zipfile.ZIP_LZMA: "lzma",
}
_COMPRESSION_NAMES = {9: "Deflate64", 6: "implode", 93: "zstd", 95: "xz", 98: "PPMd", 99: "AES"}


@dataclass(frozen=True)
class LandedFile:
    """One file found in the landing zone, before it is opened."""

    path: Path | str  # a local file's path as a string (discovery), or a (U)Path
    relative_path: str
    platform: str
    account: str
    export_date: date | None
    layout_error: str | None = None
    # Never opened for reading as data (a symbolic link, a FIFO, a device, an unreadable
    # file): recorded in the manifest as skipped, with this reason.
    skip_reason: str | None = None
    # Size and modification time (ns) as discovery saw them, for a regular local file: the
    # ingest's landing index skips a file unchanged since it was read (None: always read).
    size: int | None = None
    mtime_ns: int | None = None

    @property
    def stat_key(self) -> tuple[int, int] | None:
        if self.size is None or self.mtime_ns is None:
            return None
        return self.size, self.mtime_ns


@dataclass(frozen=True)
class Source:
    """One loadable unit: a plain file, or one member of a zip. A member that cannot be read
    (encrypted, unsupported compression, inflating past a limit) has no data and the
    ``reject`` reason; ``identity`` then stands in for its content hash."""

    landed: LandedFile
    member: str | None
    data: bytes
    reject: str | None = None
    identity: str | None = None

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
        if self.identity is not None:
            return self.identity
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
    """Every entry under the root, with its ``lstat``: ``os.scandir`` and plain strings (a
    daily run lists the whole history; pathlib objects per file cost more than the listing)."""
    if not landing_root.is_dir():
        return
    root = landing_root.resolve()
    folders = [""]  # relative to the root
    while folders:
        relative_folder = folders.pop()
        folder = os.path.join(landing_root, relative_folder)
        try:
            entries = list(os.scandir(folder))
        except OSError:
            continue  # as os.walk: a folder that vanished or cannot be listed has no files
        for entry in entries:
            relative = f"{relative_folder}/{entry.name}" if relative_folder else entry.name
            try:
                is_folder = entry.is_dir(follow_symlinks=False)
            except OSError:
                is_folder = False
            if is_folder:
                folders.append(relative)
                continue
            # Links to folders are listed, not entered: they end skipped, with the reason.
            reason, info = _not_a_data_file(entry, root)
            if reason:
                yield _classify(entry.path, relative, skip_reason=reason)
            else:
                yield _classify(entry.path, relative, size=info.st_size, mtime_ns=info.st_mtime_ns)


def _not_a_data_file(entry: os.DirEntry, root: Path) -> tuple[str | None, os.stat_result | None]:
    """Why an entry of the landing zone must not be opened for reading as data (or None), and
    its ``lstat``."""
    try:
        info = entry.stat(follow_symlinks=False)
    except OSError as exc:
        return f"cannot be examined: {exc.strerror or exc}", None
    reason = None
    if stat.S_ISLNK(info.st_mode):
        target = Path(os.path.realpath(entry.path))
        where = "inside" if target.is_relative_to(root) else "outside"
        reason = (
            f"symbolic link to a path {where} the landing root: links are not followed "
            "(land the file itself)"
        )
    elif not stat.S_ISREG(info.st_mode):
        kind = {stat.S_IFIFO: "named pipe (FIFO)", stat.S_IFSOCK: "socket",
                stat.S_IFCHR: "character device", stat.S_IFBLK: "block device"}.get(
            stat.S_IFMT(info.st_mode), "special file")  # fmt: skip
        reason = f"{kind}: not a file, never read"
    elif not os.access(entry.path, os.R_OK):
        reason = "unreadable: no permission to read the file"
    return reason, info


def _classify(path: Path | str, relative_path: str, **known) -> LandedFile:
    parts = relative_path.split("/")
    if len(parts) != 4:
        return LandedFile(
            path, relative_path, parts[0] if len(parts) > 1 else "", "", None,
            layout_error="not in the <platform>/<account>/<export_date>/<file> layout", **known,
        )  # fmt: skip
    platform, account, export_folder, _ = parts
    if platform not in PLATFORMS:
        reason = f"unknown platform folder {platform!r}"
        return LandedFile(
            path, relative_path, platform, account, None, layout_error=reason, **known
        )
    try:
        # fromisoformat alone also takes 20260612 and 2026-W24.
        if not _EXPORT_DATE.fullmatch(export_folder):
            raise ValueError(export_folder)
        export_date = date.fromisoformat(export_folder)
    except ValueError:
        reason = f"export date folder {export_folder!r} is not a YYYY-MM-DD date"
        return LandedFile(
            path, relative_path, platform, account, None, layout_error=reason, **known
        )
    return LandedFile(path, relative_path, platform, account, export_date, **known)


_EXPORT_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def open_sources(landed: LandedFile) -> Iterator[Source]:
    """The loadable units of a landed file: itself, or each member of a zip.

    Raises :class:`SourceRejected` for a file that cannot be opened at all
    (empty, too large, truncated or corrupt zip); a zip member that cannot be read is a
    source with its ``reject`` reason.
    """
    path = landed.path
    size = os.stat(path).st_size if isinstance(path, str) else path.stat().st_size
    if size > LIMITS.max_file_bytes:
        raise SourceRejected(
            f"file of {size:,} bytes is larger than the limit of {LIMITS.max_file_bytes:,} "
            "(SOCIALKPI_MAX_FILE_BYTES)"
        )
    if isinstance(path, str):
        with open(path, "rb") as handle:
            data = handle.read()
    else:
        data = path.read_bytes()  # a Path, or an object store's UPath
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
                contents = list(_read_members(archive, members))
        except (zipfile.BadZipFile, EOFError, zipfile.LargeZipFile, OSError) as exc:
            raise SourceRejected(f"truncated or corrupt zip archive: {exc}") from exc
        base_names = {name.rsplit("/", 1)[-1] for name, _, _ in contents}
        if base_names & set(YOUTUBE_DAILY_MEMBERS) and not base_names & set(YOUTUBE_TABLE_MEMBERS):
            raise SourceRejected(
                "YouTube Studio export without Table data.csv (found "
                + ", ".join(sorted(base_names))
                + ")"
            )
        for name, member_data, reject in contents:
            if reject is None:
                yield Source(landed, name, member_data)
            else:
                identity = "unread:" + hashlib.sha256(member_data).hexdigest()
                yield Source(landed, name, b"", reject=reject, identity=identity)
        return
    yield Source(landed, None, data)


def _read_members(archive: zipfile.ZipFile, members: list[zipfile.ZipInfo]):
    """(name, data, None) for each member read, (name, what identifies it, reason) for each
    member refused: encrypted, compressed by a method zipfile cannot inflate, or inflating
    past a limit (counted while inflating: the sizes a zip declares can lie)."""
    total = 0
    for info in members:
        identity = f"{info.filename}:{info.CRC:08x}:{info.compress_size}".encode()
        if info.flag_bits & 0x1:
            yield (
                info.filename,
                identity,
                "encrypted zip member: cannot be read without its password",
            )
            continue
        if info.compress_type not in _SUPPORTED_COMPRESSION:
            method = _COMPRESSION_NAMES.get(info.compress_type, f"method {info.compress_type}")
            yield info.filename, identity, f"zip member compressed with {method}: not supported"
            continue
        allowed = min(
            LIMITS.max_member_bytes,
            LIMITS.max_archive_bytes - total,
            max(info.compress_size, 1) * LIMITS.max_inflation_ratio,
        )
        data = bytearray()
        with archive.open(info) as stream:
            while chunk := stream.read(min(2**20, allowed + 1 - len(data))):
                data += chunk
                if len(data) > allowed:
                    break
        if len(data) > allowed:
            yield (
                info.filename,
                identity,
                (
                    f"zip member inflates past {allowed:,} bytes from {info.compress_size:,} "
                    f"(limits: {LIMITS.max_member_bytes:,} bytes per member, "
                    f"{LIMITS.max_inflation_ratio} times its compressed size, "
                    f"{LIMITS.max_archive_bytes:,} per archive): not read"
                ),
            )
            continue
        total += len(data)
        yield info.filename, bytes(data), None


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
        document = _json_document(text)
    return Sniff(file_name=file_name, head_lines=tuple(head), document=document, text=text)


def _json_document(text: str):
    """The parsed JSON document, None when the text is not JSON; raises
    :class:`SourceRejected` for JSON past the limits (size, nesting, integer digits)."""
    if len(text) > LIMITS.max_json_bytes:
        raise SourceRejected(
            f"JSON document of {len(text):,} characters is larger than the limit of "
            f"{LIMITS.max_json_bytes:,} (SOCIALKPI_MAX_JSON_BYTES)"
        )
    depth = _json_depth(text)
    if depth > LIMITS.max_json_depth:
        raise SourceRejected(
            f"JSON nested {depth} levels deep, deeper than the limit of {LIMITS.max_json_depth}"
        )

    def integer(digits: str) -> int:
        if len(digits.lstrip("-")) > LIMITS.max_json_integer_digits:
            raise SourceRejected(
                f"JSON integer of {len(digits.lstrip('-'))} digits: no count has more than "
                f"{LIMITS.max_json_integer_digits}"
            )
        return int(digits)

    try:
        return json.loads(text, parse_int=integer)
    except json.JSONDecodeError:
        return None


_JSON_BRACKETS = re.compile(r'"(?:[^"\\]|\\.)*"|[\[\]{}]')


def _json_depth(text: str) -> int:
    """The deepest nesting of brackets outside strings (a linear scan: json.loads itself
    would raise RecursionError on a deep document)."""
    depth = deepest = 0
    for match in _JSON_BRACKETS.finditer(text):
        token = match.group()
        if token in ("[", "{"):
            depth += 1
            deepest = max(deepest, depth)
        elif token in ("]", "}"):
            depth -= 1
    return deepest
