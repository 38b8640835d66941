"""Named pause points, so that tests can kill a step at a chosen place (crash-safety tests).

``pause_point("publish.parquet_written")`` does nothing unless the environment variable
``SOCIALKPI_PAUSE_AT`` names that point. Then it writes the point's name to the file named by
``SOCIALKPI_PAUSE_MARKER`` (when set) and sleeps until the process is killed. A test starts
the step in a subprocess with the variable set, waits for the marker, sends ``SIGKILL``, and
checks what a re-run leaves behind. Unset in production: one environment lookup per point.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

PAUSE_ENV = "SOCIALKPI_PAUSE_AT"
MARKER_ENV = "SOCIALKPI_PAUSE_MARKER"


def pause_point(name: str) -> None:
    if os.environ.get(PAUSE_ENV) != name:
        return
    if marker := os.environ.get(MARKER_ENV):
        Path(marker).write_text(name)
    while True:  # until SIGKILL
        time.sleep(3600)
