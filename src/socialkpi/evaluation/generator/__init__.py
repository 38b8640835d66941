"""Synthetic world generator: simulated social accounts, their platform exports
in a landing zone, and the ground truth to score the pipeline against.

Contract with the parsers (details in ``README.md`` next to this file and in
each writer module's docstring):

- Layout ``<landing>/<platform>/<account folder>/<export date>/<file name>``;
  the folder is the handle in use on the export date (renames switch folders).
- An export downloaded on day E covers days up to E-1 (today is incomplete):
  ``max(start, E-W) .. E-1`` with W = 60 days for TikTok and 28 for the others
  (configurable). Exports are downloaded every ``export_every`` days counting
  back from ``end_date + 1``; about 3% of export days are missing entirely
  (never so many that a day is left uncovered).
- Every export folder holds ``api_snapshot_<platform>_<E>.json``: the
  platform's JSON response giving the follower total at the END of day E-1.
- Native exports: Meta (``Follows.csv`` ... ``Link clicks.csv`` + content
  export), X (``account_overview_analytics.csv`` +
  ``account_analytics_content_<from>_<to>.csv``), TikTok (``Overview.csv``,
  ``FollowerHistory.csv``, ``Content.csv``, mostly zipped). LinkedIn and
  YouTube: API snapshots only for now.
- The newest export covering a day holds its final values (X restates the last
  three days; TikTok ``undefined`` cells never sit in the newest export).
- Re-deliveries: identical bytes as ``<name> (1).<ext>`` in the same folder,
  or the same file in the next day's folder when no export was made that day.
- Bad files (unless disabled) are listed in ``bad_files.csv`` with their kind.
"""

from socialkpi.evaluation.generator.config import (
    PLATFORMS,
    PlatformPurge,
    WorldConfig,
    WorldSummary,
)
from socialkpi.evaluation.generator.generate import generate_world

__all__ = ["PLATFORMS", "PlatformPurge", "WorldConfig", "WorldSummary", "generate_world"]
