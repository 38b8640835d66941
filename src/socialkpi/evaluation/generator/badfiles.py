"""Bad files dropped into the landing zone, each one recorded in ``bad_files.csv``.

All kinds but ``malformed_rows`` are extra files next to a genuine export, so
the truth stays recoverable from the good files. ``malformed_rows`` rewrites a
genuine file with a few broken rows inserted between its data rows (every
genuine row is kept); ``bad_lines`` gives their 1-based line numbers in the
decoded file and ``valid_rows`` the number of data rows that remain valid.

Kinds: ``empty`` (0 bytes), ``truncated_zip`` (a zip cut in half),
``binary_garbage`` (random bytes under a CSV name), ``wrong_encoding`` (a
UTF-8 export re-saved as Latin-1, invalid UTF-8), ``unrecognised_format`` (a
CSV that is no platform export), ``platform_mismatch`` (an export of another
platform, e.g. an Instagram ``Follows.csv`` under ``facebook/``) and
``malformed_rows``.
"""

from __future__ import annotations

import hashlib

import numpy as np

from socialkpi.evaluation.generator.landing import FileRecord, Landing
from socialkpi.evaluation.generator.meta import UTF16_BOM
from socialkpi.evaluation.generator.tiktok import deterministic_zip

BAD_KINDS = (
    "empty",
    "truncated_zip",
    "binary_garbage",
    "wrong_encoding",
    "unrecognised_format",
    "platform_mismatch",
    "malformed_rows",
)
UTF8_FORMATS = {
    "x_account_overview",
    "x_content",
    "instagram_content",
    "facebook_content",
    "tiktok_overview",
    "tiktok_follower_history",
    "tiktok_content",
}
# Formats whose content names their platform (a Meta "Views" file does not).
PLATFORM_SPECIFIC = UTF8_FORMATS | {
    "meta_follows",
    "meta_visits",
    "tiktok_zip",
    "api_snapshot_x",
    "api_snapshot_tiktok",
    "api_snapshot_linkedin",
    "api_snapshot_youtube",
}
# (header lines, broken rows) per format that malformed_rows may rewrite.
MALFORMED = {
    "x_account_overview": (
        1,
        (
            '"###","12"',
            '"not a date","1","2","3","4","5","6","7","8","9","10","11","12","13"',
            '"Totals","x","y","z","1","2","3","4","5","6","7","8","9","10","11","12"',
        ),
    ),
    "tiktok_follower_history": (1, ("###,12", "not a date,1,2", "Totals,x,y,z")),
    "tiktok_overview": (1, ("###,12", "not a date,1,2,3,4,5", "Totals,x,y,z,1,2,3,4")),
    "meta_views": (3, ('"###"', '"not a date","12"', '"2026-13-45T00:00:00","x","y"')),
}
UNRECOGNISED = (
    "Campaign,Budget,Currency,Start,Owner\n"
    "Spring launch,1200,EUR,2026-03-01,marketing\n"
    "Black Friday,5400,EUR,2026-11-27,growth\n"
)


class BadFileMaker:
    """Adds bad files to a written landing zone."""

    def __init__(self, landing: Landing, rng: np.random.Generator) -> None:
        self.landing = landing
        self.rng = rng
        self.accounts = {a.account_id: a for a in landing.world.accounts}
        self.index = {
            a.account_id: {landing.world.dates[e].isoformat(): e for e in a.export_days.tolist()}
            for a in landing.world.accounts
        }
        duplicated = {r.is_duplicate_of for r in landing.records if r.is_duplicate_of}
        self.genuine = [
            r for r in landing.records if not r.is_duplicate_of and r.path not in duplicated
        ]
        self.rows: list[dict] = []

    def _pick(self, candidates: list[FileRecord]) -> FileRecord | None:
        return candidates[int(self.rng.integers(len(candidates)))] if candidates else None

    def _read(self, record: FileRecord) -> bytes:
        return (self.landing.root / record.path).read_bytes()

    def _add(
        self,
        host: FileRecord,
        name: str,
        data: bytes,
        kind: str,
        note: str,
        source: str = "",
        bad_lines: str = "",
        valid_rows: int | str = "",
    ) -> None:
        account = self.accounts[host.account_id]
        export_index = self.index[host.account_id][host.export_date]
        folder = self.landing.folder(account, export_index)
        name = self.landing.free_name(folder, name)
        record = self.landing.put(account, export_index, name, data, "", bad_kind=kind)
        self._row(record, kind, note, source, bad_lines, valid_rows)

    def _row(
        self,
        record: FileRecord,
        kind: str,
        note: str,
        source: str,
        bad_lines: str,
        valid_rows: int | str,
    ) -> None:
        self.rows.append(
            {
                "path": record.path,
                "platform": record.platform,
                "account_id": record.account_id,
                "account_folder": record.account_folder,
                "export_date": record.export_date,
                "kind": kind,
                "source_path": source,
                "bad_lines": bad_lines,
                "valid_rows": valid_rows,
                "description": note,
            }
        )

    def make(self, kind: str) -> None:
        getattr(self, f"_{kind}")()

    def _native(self) -> list[FileRecord]:
        return [r for r in self.genuine if not r.format.startswith("api_snapshot")]

    def _empty(self) -> None:
        host = self._pick(self._native() or self.genuine)
        self._add(host, host.file_name, b"", "empty", "zero-byte re-download", source=host.path)

    def _truncated_zip(self) -> None:
        host = self._pick([r for r in self.genuine if r.format == "tiktok_zip"])
        if host is not None:
            data = self._read(host)
            self._add(
                host,
                host.file_name,
                data[: len(data) // 2],
                "truncated_zip",
                "download interrupted halfway",
                source=host.path,
            )
            return
        host = self._pick(self._native() or self.genuine)
        day = self.landing.world.dates[self.index[host.account_id][host.export_date]]
        data = deterministic_zip([(host.file_name, self._read(host))], day.year, day.month, day.day)
        stem = host.file_name.rpartition(".")[0] or host.file_name
        self._add(
            host,
            f"{stem}.zip",
            data[: len(data) // 2],
            "truncated_zip",
            "zipped export cut halfway",
            source=host.path,
        )

    def _binary_garbage(self) -> None:
        host = self._pick(self._native() or self.genuine)
        size = int(self.rng.integers(2048, 8192))
        data = b"\x89\x00\xff\xd8" + self.rng.bytes(size)
        self._add(
            host,
            host.file_name,
            data,
            "binary_garbage",
            "random bytes under an export name",
            source=host.path,
        )

    def _wrong_encoding(self) -> None:
        # Localized variants keep their own encoding rules: only files as the platform wrote them.
        candidates = [
            r for r in self.genuine if r.format in UTF8_FORMATS and not r.locale_variants.strip(";")
        ]
        for k in self.rng.permutation(len(candidates)).tolist():
            host = candidates[k]
            text = self._read(host).decode("utf-8-sig")
            if not any(127 < ord(ch) < 256 for ch in text):
                continue
            data = text.encode("latin-1", errors="replace")
            self._add(
                host,
                host.file_name,
                data,
                "wrong_encoding",
                "UTF-8 export re-saved as Latin-1 (invalid UTF-8)",
                source=host.path,
            )
            return

    def _unrecognised_format(self) -> None:
        host = self._pick(self.genuine)
        self._add(
            host,
            "campaign_budget.csv",
            UNRECOGNISED.encode(),
            "unrecognised_format",
            "a spreadsheet that is no platform export",
        )

    def _platform_mismatch(self) -> None:
        sources = [
            r for r in self.genuine if r.platform == "instagram" and r.format == "meta_follows"
        ]
        hosts = [r for r in self.genuine if r.platform == "facebook" and r.format == "meta_follows"]
        if not (sources and hosts):
            sources = [r for r in self.genuine if r.format in PLATFORM_SPECIFIC]
            hosts = self.genuine
        for _ in range(50):
            source, host = self._pick(sources), self._pick(hosts)
            if source is None or host is None:
                return
            if source.platform != host.platform:
                self._add(
                    host,
                    source.file_name,
                    self._read(source),
                    "platform_mismatch",
                    f"{source.platform} export under {host.platform}/",
                    source=source.path,
                )
                return

    def _malformed_rows(self) -> None:
        last_export = {
            a.account_id: self.landing.world.dates[int(a.export_days[-1])].isoformat()
            for a in self.landing.world.accounts
        }
        for fmt, (header_lines, broken) in MALFORMED.items():
            candidates = [
                r
                for r in self.genuine
                if r.format == fmt
                and r.export_date != last_export[r.account_id]
                and not r.is_bad
                and not r.locale_variants.strip(";")  # broken rows are written in English
            ]
            host = self._pick(candidates)
            if host is None:
                continue
            data = self._read(host)
            utf16 = data.startswith(UTF16_BOM)
            text = data[2:].decode("utf-16-le") if utf16 else data.decode("utf-8")
            lines = text.split("\n")[:-1]
            head, rows = lines[:header_lines], lines[header_lines:]
            if not rows:
                continue
            slots = sorted(self.rng.choice(len(rows) + 1, size=len(broken), replace=True).tolist())
            out, bad_lines = list(head), []
            for position, junk in zip(reversed(slots), broken, strict=True):
                rows.insert(position, junk)
            valid = 0
            for row in rows:
                out.append(row)
                if row in broken:
                    bad_lines.append(len(out))
                else:
                    valid += 1
            new_text = "\n".join(out) + "\n"
            new_data = (
                UTF16_BOM + new_text.encode("utf-16-le") if utf16 else new_text.encode("utf-8")
            )
            (self.landing.root / host.path).write_bytes(new_data)
            host.is_bad, host.bad_kind = True, "malformed_rows"
            host.size_bytes = len(new_data)
            host.sha256 = hashlib.sha256(new_data).hexdigest()
            self._row(
                host,
                "malformed_rows",
                f"{len(broken)} broken rows inserted",
                host.path,
                ";".join(map(str, bad_lines)),
                valid,
            )
            return


def add_bad_files(landing: Landing, per_kind: int) -> list[dict]:
    """Drop ``per_kind`` bad files of every kind (when the world allows it)."""
    rng = np.random.default_rng([landing.world.config.seed, 2])
    maker = BadFileMaker(landing, rng)
    for kind in BAD_KINDS:
        for _ in range(per_kind):
            maker.make(kind)
    return maker.rows
