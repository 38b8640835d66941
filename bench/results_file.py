"""Where the benchmarks write their results: ``bench/results/<name>_<UTC stamp>.json``."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "results"


def write_result(name: str, result: dict) -> Path:
    """Write ``result`` as ``<name>_<stamp>.json`` and print its path."""
    RESULTS.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    out = RESULTS / f"{name}_{stamp}.json"
    out.write_text(json.dumps(result, indent=2, default=str) + "\n")
    print(f"result: {out}")
    return out
