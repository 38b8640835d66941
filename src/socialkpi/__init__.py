"""Social KPI Warehouse: ingest platform exports, build KPI marts, flag follower purges."""

__version__ = "0.1.0"
