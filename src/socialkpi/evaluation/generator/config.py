"""Configuration of one synthetic world (what to simulate and how exports are dropped)."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date, timedelta
from pathlib import Path

PLATFORMS = ("instagram", "facebook", "x", "tiktok", "linkedin", "youtube")

DEFAULT_END_DATE = date(2026, 11, 20)

# Real platform-wide purges, replayed on the same month and day inside the window
# (instagram 18-19 Dec 2014, X 12-13 July 2018 with a drift the day after).
REFERENCE_PURGES = {"instagram": (12, 18, 2), "x": (7, 12, 3)}


@dataclass(frozen=True)
class PlatformPurge:
    """A platform-wide purge: most accounts of ``platform`` lose followers from
    ``first_date`` on, each over 1 to ``days`` days."""

    platform: str
    first_date: date
    days: int = 2


@dataclass(frozen=True)
class WorldConfig:
    """Everything that shapes a generated world; the same config always yields
    the same bytes."""

    seed: int = 42
    accounts: int = 50
    days: int = 365
    end_date: date = DEFAULT_END_DATE
    platforms: tuple[str, ...] = PLATFORMS
    export_every: int = 1
    window_days: int = 28
    tiktok_window_days: int = 60
    bad_files: bool = True
    # None: one purge per platform of REFERENCE_PURGES that is simulated.
    platform_purges: tuple[PlatformPurge, ...] | None = None
    missing_export_rate: float = 0.03
    duplicate_rate: float = 0.01
    undefined_rate: float = 0.05
    account_purge_rate: float = 0.05
    rename_rate: float = 0.05
    # Share of localizable CSV exports written as French or Excel-resaved variants.
    localized_share: float = 0.0
    # Probability, per account and export day, that the day's API snapshot reports a glitched
    # total (0, or an absurd jump down or up) for that one day; the next days are right again.
    glitch_rate: float = 0.0

    def __post_init__(self) -> None:
        unknown = set(self.platforms) - set(PLATFORMS)
        if unknown or not self.platforms:
            raise ValueError(f"unknown or empty platforms: {sorted(unknown)}")
        if len(set(self.platforms)) != len(self.platforms):
            raise ValueError("platforms listed twice")
        if self.accounts < 1 or self.days < 7:
            raise ValueError("need at least 1 account and 7 days")
        if self.window_days < 3 or self.tiktok_window_days < 3:
            raise ValueError("windows must be at least 3 days")
        if not 1 <= self.export_every <= min(self.window_days, self.tiktok_window_days):
            raise ValueError("export_every must be between 1 and the smallest window")
        if not 0 <= self.localized_share <= 1:
            raise ValueError("localized_share must be between 0 and 1")
        if not 0 <= self.glitch_rate <= 0.2:
            raise ValueError("glitch_rate must be between 0 and 0.2")
        for purge in self.platform_purges or ():
            if purge.platform not in PLATFORMS or not 1 <= purge.days <= 3:
                raise ValueError(f"bad purge {purge}")

    @property
    def start_date(self) -> date:
        """First simulated day (the window ends on ``end_date`` inclusive)."""
        return self.end_date - timedelta(days=self.days - 1)

    def window_for(self, platform: str) -> int:
        """Days of data in one native export of ``platform``."""
        return self.tiktok_window_days if platform == "tiktok" else self.window_days

    def to_json_dict(self) -> dict:
        data = asdict(self)
        data["end_date"] = self.end_date.isoformat()
        data["start_date"] = self.start_date.isoformat()
        data["platforms"] = list(self.platforms)
        if self.platform_purges is not None:
            data["platform_purges"] = [
                {"platform": p.platform, "first_date": p.first_date.isoformat(), "days": p.days}
                for p in self.platform_purges
            ]
        return data


@dataclass(frozen=True)
class WorldSummary:
    """What :func:`generate_world` produced."""

    seed: int
    accounts: int
    days: int
    start_date: date
    end_date: date
    platforms: tuple[str, ...]
    landing_root: Path
    truth_dir: Path
    files: int
    bytes: int
    duplicates: int
    bad_files: int
    purges: int
    platform_purges: int
    posts: int
    seconds: float

    def lines(self) -> list[str]:
        """A short human-readable summary."""
        return [
            f"world seed={self.seed}: {self.accounts} accounts x {self.days} days "
            f"({self.start_date} to {self.end_date}) on {', '.join(self.platforms)}",
            f"landing: {self.landing_root} ({self.files} files, {self.bytes / 1e6:.1f} MB, "
            f"{self.duplicates} duplicates, {self.bad_files} bad)",
            f"truth:   {self.truth_dir} ({self.purges} account purges from "
            f"{self.platform_purges} platform-wide events, {self.posts} posts)",
            f"done in {self.seconds:.1f} s",
        ]
