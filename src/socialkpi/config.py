"""Where the landing zone and the warehouse live.

Resolution order for every location: explicit argument (callers such as the CLI and the tests
pass one), then a ``SOCIALKPI_*`` environment variable, then a default
under the project root, so that the demo works with no configuration at all.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

WAREHOUSE_FILE_NAME = "socialkpi.duckdb"
DEFAULT_DUCKDB_MEMORY_LIMIT = "1GB"


def duckdb_config() -> dict[str, str]:
    """Settings of the pipeline's writing DuckDB connections (dbt's: ``profiles.yml``).

    DuckDB's default memory cap is 80% of the machine's RAM, which it fills with cached pages:
    the 100-account year took 4.8 GB in dbt alone. Past ``SOCIALKPI_DUCKDB_MEMORY_LIMIT``
    (default 1GB; 1.2 GB peak, about 10% slower there) it spills to its temp folder instead.
    """
    return {
        "memory_limit": os.environ.get("SOCIALKPI_DUCKDB_MEMORY_LIMIT")
        or DEFAULT_DUCKDB_MEMORY_LIMIT
    }


def project_root() -> Path:
    """The checkout root (``SOCIALKPI_HOME`` or the folder holding ``pyproject.toml``)."""
    if home := os.environ.get("SOCIALKPI_HOME"):
        return Path(home).resolve()
    here = Path(__file__).resolve()
    for parent in here.parents:
        if (parent / "pyproject.toml").exists() and (parent / "dbt_project").is_dir():
            return parent
    return Path.cwd().resolve()


@dataclass(frozen=True)
class Settings:
    """Resolved locations of one pipeline deployment."""

    # A local folder, or an object-store URL kept as text ("s3://bucket/landing"),
    # opened by the caller as an ObjectStoragePath / UPath (see socialkpi.landing).
    landing_root: Path | str
    warehouse_dir: Path

    @property
    def warehouse_path(self) -> Path:
        """The DuckDB file the pipeline writes (single writer: never open it from BI)."""
        return self.warehouse_dir / WAREHOUSE_FILE_NAME

    @property
    def serving_dir(self) -> Path:
        return self.warehouse_dir / "serving"

    @property
    def serving_path(self) -> Path:
        """The published read-only copy that BI tools open."""
        return self.serving_dir / WAREHOUSE_FILE_NAME

    @property
    def serving_read_dir(self) -> Path:
        """The serving folder as BI clients see it (``SOCIALKPI_SERVING_READ_DIR``), when a
        container writes it under another path than the clients read: the catalog's views
        name absolute Parquet paths under it. Default: where it is written."""
        return Path(os.environ.get("SOCIALKPI_SERVING_READ_DIR") or self.serving_dir)

    @property
    def serving_grace(self) -> timedelta:
        """How long a replaced publication stays on disk (``SOCIALKPI_SERVING_GRACE_MINUTES``)."""
        return timedelta(minutes=float(os.environ.get("SOCIALKPI_SERVING_GRACE_MINUTES", "60")))

    @property
    def dbt_project_dir(self) -> Path:
        return project_root() / "dbt_project"

    @property
    def expectations_dir(self) -> Path:
        return project_root() / "expectations"

    @property
    def gx_dir(self) -> Path:
        """Great Expectations file context (generated: suites, validation results)."""
        return self.warehouse_dir / "gx"

    @classmethod
    def resolve(
        cls,
        landing_root: str | os.PathLike | None = None,
        warehouse_dir: str | os.PathLike | None = None,
    ) -> Settings:
        root = project_root()
        landing = (
            landing_root or os.environ.get("SOCIALKPI_LANDING_ROOT") or root / "data" / "landing"
        )
        warehouse = warehouse_dir or os.environ.get("SOCIALKPI_WAREHOUSE_DIR") or root / "warehouse"
        landing = str(landing) if is_url(landing) else Path(landing).resolve()
        return cls(landing_root=landing, warehouse_dir=Path(warehouse).resolve())


def is_url(location: object) -> bool:
    """True for an object-store location such as ``s3://bucket/landing`` or ``memory://x``."""
    return "://" in str(location) and not str(location).startswith("file://")
