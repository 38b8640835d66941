"""A tiny landing zone per test: place fixture exports, ingest, query the warehouse."""

from __future__ import annotations

import codecs
import io
import zipfile
from pathlib import Path

import duckdb

from socialkpi.formats.base import loaded_formats
from socialkpi.ingest import IngestReport, ingest

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "exports"


def utf16(text: str) -> bytes:
    """Text as Meta Business Suite writes it: UTF-16 LE with a byte-order mark."""
    return codecs.BOM_UTF16_LE + text.encode("utf-16-le")


def zipped(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


class Landing:
    """``<root>/<platform>/<account>/<export_date>/<file>`` and the warehouse it loads into."""

    def __init__(self, tmp_path: Path):
        self.root = tmp_path / "landing"
        self.warehouse = tmp_path / "warehouse" / "test.duckdb"
        self.report: IngestReport | None = None

    def add(
        self,
        platform: str,
        account: str,
        export_date: str,
        fixture: str | None = None,
        *,
        name: str | None = None,
        data: bytes | None = None,
    ) -> str:
        """Land a fixture (path under tests/fixtures/exports) or raw bytes; return its path."""
        if data is None:
            data = (FIXTURES / fixture).read_bytes()
        name = name or Path(fixture).name
        folder = self.root / platform / account / export_date
        folder.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(data)
        return f"{platform}/{account}/{export_date}/{name}"

    def ingest(self) -> IngestReport:
        self.report = ingest(self.warehouse, self.root)
        self.assert_reconciled()
        return self.report

    def rows(self, sql: str, params: list | None = None) -> list[tuple]:
        with duckdb.connect(str(self.warehouse), read_only=True) as con:
            return con.execute(sql, params or []).fetchall()

    def outcome(self, source_file: str):
        assert self.report is not None
        return next(o for o in self.report.outcomes if o.source_file == source_file)

    def quarantine(self, source_file: str) -> list[tuple]:
        """(record_number, reason) of every quarantined row or file of one source."""
        return self.rows(
            "select record_number, reason from raw.quarantine where source_file = ? "
            "and scope != 'cell' order by record_number nulls first",
            [source_file],
        )

    def nulled_cells(self, source_file: str) -> list[tuple]:
        """(record_number, column, reason) of every cell of a loaded row set to NULL."""
        return self.rows(
            "select record_number, column_name, reason from raw.quarantine "
            "where source_file = ? and scope = 'cell' order by record_number, column_name",
            [source_file],
        )

    def assert_reconciled(self) -> None:
        """Every source: read = loaded + quarantined, cells nulled = cell records, and the
        tables hold exactly that."""
        raw_table = {fmt.name: fmt.raw_table for fmt in loaded_formats()}
        manifest = self.rows(
            "select source_file, content_hash, format_name, status, rows_read, rows_loaded, "
            "rows_quarantined, cells_nulled from raw.file_manifest"
        )
        # Per (file, content): a file rewritten in place is a second source of the same path.
        for source_file, digest, fmt_name, status, read, loaded, quarantined, nulled in manifest:
            assert read == loaded + quarantined, source_file
            if status != "loaded":
                assert nulled == 0, source_file
                continue
            [(in_raw,)] = self.rows(
                f"select count(*) from raw.{raw_table[fmt_name]} "
                "where _source_file = ? and _content_hash = ?",
                [source_file, digest],
            )
            [(in_quarantine, cells)] = self.rows(
                "select count(*) filter (where scope != 'cell'), "
                "count(*) filter (where scope = 'cell') from raw.quarantine "
                "where source_file = ? and content_hash = ?",
                [source_file, digest],
            )
            assert (in_raw, in_quarantine, cells) == (loaded, quarantined, nulled), source_file
