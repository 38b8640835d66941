"""What a platform writer returns, and the per-account context writers share."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from socialkpi.evaluation.generator.world import Account, World


@dataclass
class ExportFile:
    """One file of one export folder, as bytes.

    ``covers`` is the (first, last) day index of the data it holds; ``dated``
    says whether its rows carry their own dates (so re-dropping it in a later
    folder is harmless); ``undefined`` lists (zip member or "", day index,
    column) cells written as the literal ``undefined``; ``variants`` the locale variant
    (``fr``, ``de``, ``excel``, or "" as the platform wrote it) of the file, or of each
    member of a zip in ``members`` order (empty: not re-encoded).
    """

    name: str
    format: str
    data: bytes
    covers: tuple[int, int]
    dated: bool = True
    members: tuple[str, ...] = ()
    undefined: list[tuple[str, int, str]] = field(default_factory=list)
    variants: tuple[str, ...] = ()


class AccountWriter:
    """Base of the per-platform writers: one instance per account, caching the
    row text that every overlapping export repeats."""

    def __init__(self, world: World, account: Account, rng: np.random.Generator) -> None:
        self.world = world
        self.account = account
        self.rng = rng
        self.a = account.index
        self.window = account.window
        # Newest scheduled export covering each day: the one whose values are final.
        self.newest = account.newest_export(world.days)

    def window_of(self, export_index: int) -> tuple[int, int]:
        """(first day, end day exclusive) of the data in export ``export_index``."""
        return max(0, export_index - self.window), export_index

    def post_slice(self, lo: int, hi: int) -> slice:
        """This account's posts published on days ``lo`` .. ``hi - 1``."""
        posts = self.world.posts
        first, last = int(posts.offsets[self.a]), int(posts.offsets[self.a + 1])
        days = posts.day[first:last]
        return slice(
            first + int(np.searchsorted(days, lo, "left")),
            first + int(np.searchsorted(days, hi, "left")),
        )

    def export(self, export_index: int) -> list[ExportFile]:
        raise NotImplementedError
