"""Hostile and broken inputs, each written into a landing zone with the outcome it must have.

Every case is a file (or a special file, a link, a folder) that a careless user, a broken
download script or an attacker could drop into the landing zone. Each states what the
manifest must say of it: ``loaded`` (with the rows it must load), ``quarantined`` or
``skipped``, and a fragment of the reason. The run must complete whatever they hold; the
valid files beside them must load exactly as in a clean run.

Sizes are chosen so that each case crosses its limit while the whole suite stays fast: the
tests run the ingest with ``SOCIALKPI_MAX_FILE_BYTES`` lowered (``HOSTILE_LIMITS``).
"""

from __future__ import annotations

import codecs
import io
import json
import os
import struct
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

EXPORT_DATE = "2026-03-05"
# The ingest of the suite runs with these limits (the others at their defaults).
HOSTILE_LIMITS = {"SOCIALKPI_MAX_FILE_BYTES": str(64 * 2**20)}
# Peak resident memory the ingest of every case at once may reach (a clean ingest of the
# valid files alone stays under 300 MB).
MAX_PEAK_RSS_MB = 700

HISTORY = "Date,Followers,Difference in followers from previous day\n"
OVERVIEW = "Date,Video Views,Profile Views,Likes,Comments,Shares\n"
GOOD_HISTORY = HISTORY + "March 3,1000,5\nMarch 4,1010,10\n"


def history(total: int) -> str:
    """A valid two-day FollowerHistory.csv of its own content (identical bytes under two
    folders are one export: a duplicate)."""
    return HISTORY + f"March 3,{total},5\nMarch 4,{total + 10},10\n"


@dataclass(frozen=True)
class Case:
    name: str
    # The file as landed (relative to the landing root), and the manifest source it gives
    # (a zip member after "!/"; the file itself when None).
    path: str
    write: Callable[[Path], None]
    status: str
    reason: str | None = None  # a fragment of the manifest reason
    rows_loaded: int | None = None
    source: str | None = None

    @property
    def source_file(self) -> str:
        return self.source or self.path


def _bytes(data: bytes) -> Callable[[Path], None]:
    return lambda path: path.write_bytes(data)


def _text(text: str) -> Callable[[Path], None]:
    return _bytes(text.encode())


def _zip(members: dict[str, bytes], compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=compression) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def _with_flag_and_method(data: bytes, member: str, flags: int | None, method: int | None) -> bytes:
    """A zip with one member's general-purpose flags or compression method rewritten in both
    its local header and its central directory entry (what an encrypted or Deflate64 member
    looks like to a reader)."""
    out = bytearray(data)
    name = member.encode()
    for signature, flag_at, method_at in ((b"PK\x03\x04", 6, 8), (b"PK\x01\x02", 8, 10)):
        start = 0
        while (at := out.find(signature, start)) != -1:
            name_at = at + (30 if signature == b"PK\x03\x04" else 46)
            if out[name_at : name_at + len(name)] == name:
                if flags is not None:
                    struct.pack_into("<H", out, at + flag_at, flags)
                if method is not None:
                    struct.pack_into("<H", out, at + method_at, method)
            start = at + 4
    return bytes(out)


def _zip_bomb(path: Path) -> None:
    # 150 MB of valid Overview rows, deflated to a few hundred KB.
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        with archive.open("Overview.csv", "w") as member:
            member.write(OVERVIEW.encode())
            row = b"March 4,1,1,1,1,1\n" * 50_000
            for _ in range(170):
                member.write(row)


def _big_file(path: Path) -> None:
    # Larger than the suite's 64 MB file limit.
    with path.open("wb") as handle:
        handle.write(HISTORY.encode())
        handle.write(b"March 4,1010,10\n" * (4_500_000))


def _long_line(path: Path) -> None:
    with path.open("wb") as handle:
        handle.write(b"Date," + b"x" * (50 * 2**20) + b"\n")


def _fifo(path: Path) -> None:
    os.mkfifo(path)


def _unreadable(path: Path) -> None:
    path.write_text(history(3000))
    path.chmod(0)


def _link_to(target: Callable[[Path], Path]) -> Callable[[Path], None]:
    def write(path: Path) -> None:
        path.symlink_to(target(path))

    return write


def _outside(path: Path) -> Path:
    root = path.parents[4]  # landing root's parent
    secret = root / "outside-the-landing-root.csv"
    secret.write_text(GOOD_HISTORY)
    return secret


def _nested_json(levels: int) -> bytes:
    return ("[" * levels + "]" * levels).encode()


def _folder(platform: str, account: str, export_date: str = EXPORT_DATE) -> str:
    return f"{platform}/{account}/{export_date}"


def _tiktok(account: str, name: str = "FollowerHistory.csv") -> str:
    return f"{_folder('tiktok', account)}/{name}"


def build_cases() -> list[Case]:
    """Every hostile case, with its expected outcome (at least 60)."""
    zip_members = {"FollowerHistory.csv": GOOD_HISTORY.encode()}
    plain_zip = _zip(zip_members)
    is_root = os.geteuid() == 0
    cases = [
        # -- files that are not files ----------------------------------------------------------
        Case("fifo", _tiktok("h-fifo", "pipe.csv"), _fifo, "skipped", "named pipe (FIFO)"),
        Case("symlink outside the root", _tiktok("h-link-out", "x.csv"), _link_to(_outside),
             "skipped", "outside the landing root"),
        Case("symlink inside the root", _tiktok("h-link-in", "x.csv"),
             _link_to(lambda p: p.with_name("target.csv")), "skipped", "inside the landing root"),
        Case("target of the inside link", _tiktok("h-link-in", "target.csv"), _text(history(2000)),
             "loaded", rows_loaded=2),
        # Root reads any file whatever its mode: then it loads like any other.
        Case("unreadable file", _tiktok("h-unreadable"), _unreadable,
             "loaded" if is_root else "skipped", None if is_root else "unreadable",
             rows_loaded=2 if is_root else None),
        # -- the landing layout -----------------------------------------------------------------
        Case("compact date folder", "tiktok/h-dates/20260612/FollowerHistory.csv",
             _text(GOOD_HISTORY), "quarantined", "is not a YYYY-MM-DD date"),
        Case("week date folder", "tiktok/h-dates/2026-W24/FollowerHistory.csv",
             _text(GOOD_HISTORY), "quarantined", "is not a YYYY-MM-DD date"),
        Case("impossible date folder", "tiktok/h-dates/2026-13-45/FollowerHistory.csv",
             _text(GOOD_HISTORY), "quarantined", "is not a YYYY-MM-DD date"),
        Case("unknown platform folder", f"myspace/h-acme/{EXPORT_DATE}/data.csv",
             _text(GOOD_HISTORY), "quarantined", "unknown platform folder"),
        Case("file too shallow", "tiktok/h-shallow/FollowerHistory.csv", _text(GOOD_HISTORY),
             "quarantined", "layout"),
        Case("file too deep", f"tiktok/h-deep/{EXPORT_DATE}/sub/FollowerHistory.csv",
             _text(GOOD_HISTORY), "quarantined", "layout"),
        # -- names are untrusted text -----------------------------------------------------------
        Case("SQL in the file name", _tiktok("h-names", "x'); drop table raw.file_manifest; --.csv"),
             _text(history(2100)), "loaded", rows_loaded=2),
        Case("SQL in the account folder", _tiktok("h-'; delete from raw.quarantine; --"),
             _text(history(2200)), "loaded", rows_loaded=2),
        Case("newline in the account folder", _tiktok("h-new\nline"),
             _text(history(2300)), "loaded", rows_loaded=2),
        Case("long file name", _tiktok("h-long", "F" * 240 + ".csv"),
             _text(history(2400)), "loaded", rows_loaded=2),
        Case("hidden metadata file", _tiktok("h-hidden", ".DS_Store"),
             _bytes(b"\x00\x00\x00\x01Bud1" + b"\x00" * 100), "quarantined", "binary"),
        Case("Excel lock file", _tiktok("h-lock", "~$Overview.xlsx"),
             _bytes(b"\x0cuser name  " + b"\x00" * 40), "quarantined", "binary"),
        # -- sizes and lines --------------------------------------------------------------------
        Case("file over the size limit", _tiktok("h-big"), _big_file, "quarantined",
             "larger than the limit"),
        Case("50 MB line", _tiktok("h-long-line", "one-line.csv"), _long_line, "quarantined",
             "line is longer than"),
        Case("200 KB cell in a ; file", _tiktok("h-big-cell", "Content.csv"), _text(
            "Titre de la vidéo;Lien de la vidéo;Heure de publication;Total des J'aime;"
            "Total des commentaires;Total des partages;Total des vues\n"
            + "\n".join(f"v{n};https://www.tiktok.com/@a/video/70000000000000{n:05d};30 décembre;"
                        "1;2;3;4" for n in range(10))
            + "\n" + "x" * 200_000 + ";https://www.tiktok.com/@a/video/7000000000000099999;"
            "30 décembre;1;2;3;4\n"), "loaded", rows_loaded=11),
        Case("JSON snapshot with a 1 MB string", f"{_folder('instagram', 'h-json-long')}/ig.json",
             _bytes(json.dumps({"id": "17841400000000001", "username": "a" * 2**20,
                                "followers_count": 1234}).encode()), "loaded", rows_loaded=1),
        Case("10 MB one-line JSON", f"{_folder('instagram', 'h-json-wide')}/dump.json",
             _bytes(json.dumps(list(range(1_500_000))).encode()), "quarantined",
             "line is longer than"),
        Case("JSON number of 5000 digits", f"{_folder('instagram', 'h-json-digits')}/ig.json",
             _bytes(b'{"id": "1", "followers_count": ' + b"9" * 5000 + b"}"), "quarantined",
             "JSON integer of 5000 digits"),
        Case("deeply nested JSON", f"{_folder('instagram', 'h-json-deep')}/ig.json",
             _bytes(_nested_json(200_000)), "quarantined", "nested 200000 levels deep"),
        Case("separator-only rows", _tiktok("h-commas", "commas.csv"),
             _text(",,,,\n" * 40_000), "quarantined", "unrecognised format"),
        Case("valid rows then separator-only rows", _tiktok("h-commas-after"),
             _text(history(2500) + ",,,\n" * 40_000), "loaded", rows_loaded=2),
        Case("CR-only line ends", _tiktok("h-cr"), _text(history(2600).replace("\n", "\r")),
             "loaded", rows_loaded=2),
        Case("mixed CRLF and LF", _tiktok("h-mixed"), _text(
            HISTORY.replace("\n", "\r\n") + "March 3,2700,5\nMarch 4,2710,10\r\n"), "loaded",
             rows_loaded=2),
        Case("10,000 columns", _tiktok("h-wide", "wide.csv"),
             _text(",".join(f"c{n}" for n in range(10_000)) + "\n"), "quarantined",
             "unrecognised format"),
        # -- encodings and binary content -------------------------------------------------------
        Case("NUL bytes", _tiktok("h-nul"), _bytes(GOOD_HISTORY.encode().replace(b",", b"\x00", 1)),
             "quarantined", "binary"),
        Case("UTF-16 without BOM", _tiktok("h-utf16"), _bytes(GOOD_HISTORY.encode("utf-16-le")),
             "quarantined", "binary"),
        Case("Latin-1", _tiktok("h-latin1", "Overview.csv"), _bytes(
            (OVERVIEW + "4 mars,1,2,3,4,5\n").encode() + b"\xe9t\xe9,1,2,3,4,5\n"),
             "quarantined", "not valid UTF-8"),
        Case("BOM then invalid UTF-8", _tiktok("h-badutf8"),
             _bytes(codecs.BOM_UTF8 + GOOD_HISTORY.encode() + b"\xff\xfe\xfa"), "quarantined",
             "not valid UTF-8"),
        Case("random bytes", _tiktok("h-random", "data.csv"), _bytes(bytes(range(256)) * 256),
             "quarantined", "binary"),
        Case("PNG named .csv", _tiktok("h-png", "chart.csv"),
             _bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 64), "quarantined",
             "binary"),
        Case("empty file", _tiktok("h-empty"), _bytes(b""), "quarantined", "empty file"),
        Case("white space only", _tiktok("h-blank"), _bytes(b" \n\t\n  \n"), "quarantined",
             "empty file"),
        Case("HTML error page", _tiktok("h-html", "Overview.csv"),
             _text("<!DOCTYPE html><html><body><h1>429 Too Many Requests</h1></body></html>\n"),
             "quarantined", "unrecognised format"),
        Case("API error response", f"{_folder('x', 'h-api-error')}/user.json",
             _text('{"errors": [{"message": "Rate limit exceeded", "code": 88}]}'),
             "quarantined", "unrecognised format"),
        Case("JSON null", f"{_folder('x', 'h-json-null')}/user.json", _text("null"),
             "quarantined", "unrecognised format"),
        Case("JSON string", f"{_folder('x', 'h-json-string')}/user.json", _text('"followers"'),
             "quarantined", "unrecognised format"),
        # -- values -------------------------------------------------------------------------------
        Case("unterminated quote", _tiktok("h-quote"),
             _text(HISTORY + 'March 3,"1000,5\nMarch 4,1010,10\n'), "quarantined",
             "a quoted field is never closed"),
        Case("row with too many fields", _tiktok("h-fields"),
             _text(HISTORY + "March 3,1000,5,9\nMarch 4,1010,10\n"), "loaded", rows_loaded=1),
        Case("duplicate header names", _tiktok("h-dup-header"),
             _text("Date,Followers,Followers\nMarch 4,1010,7\n"), "loaded", rows_loaded=1),
        Case("NaN, Infinity and overflow in decimals", f"{_folder('youtube', 'h-nan')}/Table data.csv",
             _text("Content,Video title,Video publish time,Views,Watch time (hours)\n"
                   "Total,,,3,1\nvidNaN0001,a,,1,NaN\nvidInf00001,b,,1,1e309\n"
                   "vidNegInf01,c,,1,-inf\n"), "loaded", "3 cell(s) set to NULL", rows_loaded=3),
        Case("NaN and overflow in counts", _tiktok("h-nan-counts", "Overview.csv"),
             _text(OVERVIEW + "March 4,NaN,1e309,-inf,99999999999999999999,1\n"), "loaded",
             "4 cell(s) set to NULL", rows_loaded=1),
        Case("a day after the export date", _tiktok("h-future", "Overview.csv"), _bytes(
            (OVERVIEW + "2099/01/01,1,1,1,1,1\nMarch 4,2,2,2,2,2\n").encode()), "loaded",
             "1 row(s) quarantined", rows_loaded=1),
        Case("a snapshot dated after the export", f"{_folder('tiktok', 'h-future-api')}/bg.json",
             _text(json.dumps({"code": 0, "message": "OK", "data": {"metrics": [
                 {"date": "2030-01-01", "daily_total_followers": 1},
                 {"date": "2026-03-04", "daily_total_followers": 900}]}})), "loaded",
             "1 row(s) quarantined", rows_loaded=1),
        Case("February 30", _tiktok("h-feb30"), _text(HISTORY + "February 30,1,0\nMarch 4,5,4\n"),
             "loaded", "1 row(s) quarantined", rows_loaded=1),
        Case("negative follower total", _tiktok("h-negative"),
             _text(HISTORY + "March 4,-5,0\n"), "loaded", "1 cell(s) set to NULL", rows_loaded=1),
        Case("decimal follower total", _tiktok("h-decimal"),
             _text(HISTORY + "March 4,12.5,0\n"), "loaded", "1 cell(s) set to NULL",
             rows_loaded=1),
        Case("emoji in a count", _tiktok("h-emoji", "Overview.csv"),
             _text(OVERVIEW + "March 4,12🔥,1,1,1,1\n"), "loaded", "1 cell(s) set to NULL",
             rows_loaded=1),
        # -- zips --------------------------------------------------------------------------------
        Case("encrypted zip member", f"{_folder('tiktok', 'h-zip-encrypted')}/a.zip",
             _bytes(_with_flag_and_method(plain_zip, "FollowerHistory.csv", 0x1, None)),
             "quarantined", "encrypted zip member",
             source=f"{_folder('tiktok', 'h-zip-encrypted')}/a.zip!/FollowerHistory.csv"),
        Case("Deflate64 zip member", f"{_folder('tiktok', 'h-zip-deflate64')}/a.zip",
             _bytes(_with_flag_and_method(plain_zip, "FollowerHistory.csv", None, 9)),
             "quarantined", "compressed with Deflate64",
             source=f"{_folder('tiktok', 'h-zip-deflate64')}/a.zip!/FollowerHistory.csv"),
        Case("zip bomb", f"{_folder('tiktok', 'h-zip-bomb')}/bomb.zip", _zip_bomb, "quarantined",
             "inflates past", source=f"{_folder('tiktok', 'h-zip-bomb')}/bomb.zip!/Overview.csv"),
        Case("truncated zip", f"{_folder('tiktok', 'h-zip-cut')}/cut.zip",
             _bytes(plain_zip[: len(plain_zip) // 2]), "quarantined", "truncated or corrupt zip"),
        Case("zip of folders only", f"{_folder('tiktok', 'h-zip-dirs')}/dirs.zip",
             _bytes(_zip({"a/": b"", "b/": b""})), "quarantined", "holds no files"),
        Case("zip with a path-traversal member", f"{_folder('tiktok', 'h-zip-traversal')}/t.zip",
             _bytes(_zip({"../../../etc/FollowerHistory.csv": history(2800).encode()})), "loaded",
             rows_loaded=2,
             source=f"{_folder('tiktok', 'h-zip-traversal')}/t.zip!/../../../etc/FollowerHistory.csv"),
        Case("zip inside a zip", f"{_folder('tiktok', 'h-zip-nested')}/outer.zip",
             _bytes(_zip({"inner.zip": plain_zip})), "quarantined", "binary",
             source=f"{_folder('tiktok', 'h-zip-nested')}/outer.zip!/inner.zip"),
        Case("zip without a zip's bytes", f"{_folder('tiktok', 'h-zip-fake')}/fake.zip",
             _text("not a zip at all\n"), "quarantined", "truncated or corrupt zip"),
        Case("corrupt workbook", f"{_folder('linkedin', 'h-xlsx')}/acme_followers_1.xlsx",
             _bytes(_zip({"[Content_Types].xml": b"<x", "xl/workbook.xml": b"<broken"})),
             "quarantined", "unreadable workbook"),
        Case("corrupt .xls", f"{_folder('linkedin', 'h-xls')}/acme_followers_1.xls",
             _bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600), "quarantined",
             "workbook"),
        Case("macOS resource fork in a zip", f"{_folder('tiktok', 'h-zip-macos')}/m.zip",
             _bytes(_zip({"FollowerHistory.csv": history(2900).encode(),
                          "__MACOSX/._FollowerHistory.csv": b"\x00\x05\x16\x07junk"})), "loaded",
             rows_loaded=2, source=f"{_folder('tiktok', 'h-zip-macos')}/m.zip!/FollowerHistory.csv"),
    ]  # fmt: skip
    return cases


def write_cases(landing: Path, cases: list[Case]) -> None:
    for case in cases:
        path = landing / case.path
        path.parent.mkdir(parents=True, exist_ok=True)
        case.write(path)
