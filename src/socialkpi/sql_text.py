"""SQL text the project writes itself: identifiers quoted once, the same way everywhere.

Values are always bound parameters; only identifiers (schema, table, column names, which
DuckDB cannot bind) are written into SQL text, and only through :func:`quote_identifier`.
"""

from __future__ import annotations


def quote_identifier(*parts: str) -> str:
    """``quote_identifier("marts", 'we"ird')`` -> ``"marts"."we""ird"``."""
    return ".".join('"' + part.replace('"', '""') + '"' for part in parts)
