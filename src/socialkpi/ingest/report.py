"""What one ingest run did, source by source (returned by :func:`socialkpi.ingest.ingest`)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field


@dataclass
class SourceOutcome:
    source_file: str
    platform: str
    account: str
    status: str
    format_name: str | None = None
    rows_read: int = 0
    rows_loaded: int = 0
    rows_quarantined: int = 0
    reason: str | None = None
    cells_nulled: int = 0


@dataclass
class IngestReport:
    """What one ingest run did, source by source."""

    load_id: str
    outcomes: list[SourceOutcome] = field(default_factory=list)
    skipped_already_seen: int = 0
    # Landed files not opened: path, size and mtime as when an earlier ingest read them.
    skipped_unchanged_files: int = 0

    @property
    def status_counts(self) -> Counter:
        return Counter(o.status for o in self.outcomes)

    @property
    def rows_read(self) -> int:
        return sum(o.rows_read for o in self.outcomes)

    @property
    def rows_loaded(self) -> int:
        return sum(o.rows_loaded for o in self.outcomes)

    @property
    def rows_quarantined(self) -> int:
        return sum(o.rows_quarantined for o in self.outcomes)

    @property
    def cells_nulled(self) -> int:
        return sum(o.cells_nulled for o in self.outcomes)

    def summary(self) -> dict:
        return {
            "load_id": self.load_id,
            "sources": len(self.outcomes),
            "skipped_already_seen": self.skipped_already_seen,
            "skipped_unchanged_files": self.skipped_unchanged_files,
            **{f"sources_{k}": v for k, v in sorted(self.status_counts.items())},
            "rows_read": self.rows_read,
            "rows_loaded": self.rows_loaded,
            "rows_quarantined": self.rows_quarantined,
            "cells_nulled": self.cells_nulled,
        }
