"""Writes the landing zone: every account's export folders, re-delivered copies,
and the register of every file written (``files.csv`` in the truth).

Layout: ``<landing>/<platform>/<account folder>/<export date>/<file name>``.
Adding a platform export format means adding one writer class (see
:mod:`socialkpi.evaluation.generator.base`) and listing it in :data:`NATIVE_WRITERS`.
"""

from __future__ import annotations

import dataclasses
import hashlib
import io
import zipfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from socialkpi.evaluation.generator.api import ApiSnapshotWriter
from socialkpi.evaluation.generator.base import AccountWriter, ExportFile
from socialkpi.evaluation.generator.linkedin import LinkedInWriter
from socialkpi.evaluation.generator.localize import (
    FRENCH_SPACES,
    LOCALIZABLE,
    VARIANTS,
    ZIP_MEMBER_FORMATS,
    localize,
)
from socialkpi.evaluation.generator.meta import MetaWriter
from socialkpi.evaluation.generator.tiktok import HISTORY_COLUMNS, OVERVIEW_COLUMNS, TikTokWriter
from socialkpi.evaluation.generator.world import Account, World
from socialkpi.evaluation.generator.x import XWriter
from socialkpi.evaluation.generator.youtube import YouTubeWriter

# Native exports per platform.
NATIVE_WRITERS: dict[str, tuple[type[AccountWriter], ...]] = {
    "instagram": (MetaWriter,),
    "facebook": (MetaWriter,),
    "x": (XWriter,),
    "tiktok": (TikTokWriter,),
    "linkedin": (LinkedInWriter,),
    "youtube": (YouTubeWriter,),
}
TIKTOK_TRUTH_COLUMN = dict(OVERVIEW_COLUMNS + HISTORY_COLUMNS)
# When the next scheduled export is missing, the user often re-drops yesterday's file.
REDROP_WHEN_MISSING = 0.5


@dataclass
class FileRecord:
    """One row of ``files.csv``."""

    path: str
    platform: str
    account_id: str
    account_folder: str
    export_date: str
    file_name: str
    format: str
    members: str
    covers_from: str
    covers_to: str
    is_duplicate_of: str
    is_bad: bool
    bad_kind: str
    size_bytes: int
    sha256: str
    # Locale variant of the file, or of each zip member (``;``-joined, ``members`` order):
    # fr, de, excel, or empty as the platform wrote it (``--localized-share``).
    locale_variants: str = ""


def suffixed(name: str, number: int) -> str:
    """``Follows.csv`` -> ``Follows (1).csv``, as browsers name a re-download."""
    stem, dot, ext = name.rpartition(".")
    if not dot:
        return f"{name} ({number})"
    return f"{stem} ({number}).{ext}"


class Landing:
    """The landing zone being written, and its register."""

    def __init__(self, world: World, root: Path) -> None:
        self.world = world
        self.root = root
        self.records: list[FileRecord] = []
        self.undefined: list[dict] = []
        self.names: dict[str, set[str]] = {}

    def folder(self, account: Account, export_index: int) -> str:
        handle, _ = account.handle_at(export_index)
        return f"{account.platform}/{handle}/{self.world.dates[export_index].isoformat()}"

    def free_name(self, folder: str, name: str) -> str:
        """``name``, or its first `` (n)`` variant not yet used in ``folder``."""
        used = self.names.get(folder, set())
        number, candidate = 0, name
        while candidate in used:
            number += 1
            candidate = suffixed(name, number)
        return candidate

    def put(
        self,
        account: Account,
        export_index: int,
        name: str,
        data: bytes,
        fmt: str,
        covers: tuple[int, int] | None = None,
        members: tuple[str, ...] = (),
        duplicate_of: str = "",
        bad_kind: str = "",
        variants: tuple[str, ...] = (),
    ) -> FileRecord:
        """Write one file and register it."""
        folder = self.folder(account, export_index)
        if folder not in self.names:
            (self.root / folder).mkdir(parents=True, exist_ok=True)
            self.names[folder] = set()
        self.names[folder].add(name)
        rel = f"{folder}/{name}"
        (self.root / rel).write_bytes(data)
        dates = self.world.dates
        record = FileRecord(
            path=rel,
            platform=account.platform,
            account_id=account.account_id,
            account_folder=account.handle_at(export_index)[0],
            export_date=dates[export_index].isoformat(),
            file_name=name,
            format=fmt,
            members=";".join(members),
            covers_from=dates[covers[0]].isoformat() if covers else "",
            covers_to=dates[covers[1]].isoformat() if covers else "",
            is_duplicate_of=duplicate_of,
            is_bad=bool(bad_kind),
            bad_kind=bad_kind,
            size_bytes=len(data),
            sha256=hashlib.sha256(data).hexdigest(),
            locale_variants=";".join(variants),
        )
        self.records.append(record)
        return record

    def put_export(
        self,
        account: Account,
        export_index: int,
        file: ExportFile,
        name: str | None = None,
        duplicate_of: str = "",
    ) -> FileRecord:
        record = self.put(
            account,
            export_index,
            name or file.name,
            file.data,
            file.format,
            file.covers,
            file.members,
            duplicate_of,
            variants=file.variants,
        )
        for member, day, column in file.undefined:
            self.undefined.append(
                {
                    "path": record.path,
                    "member": member,
                    "platform": account.platform,
                    "account_id": account.account_id,
                    "export_date": record.export_date,
                    "date": self.world.dates[day].isoformat(),
                    "column": column,
                    "true_value": int(
                        self.world.daily[TIKTOK_TRUTH_COLUMN[column]][account.index, day]
                    ),
                    "is_duplicate": bool(duplicate_of),
                }
            )
        return record

    def _variant(self, rng) -> str:
        """fr, de or excel for a share ``localized_share`` of the files, else ""."""
        if rng.random() >= self.world.config.localized_share:
            return ""
        return VARIANTS[int(rng.integers(len(VARIANTS)))]

    def _localized(self, account: Account, file: ExportFile, rng) -> ExportFile:
        """The file, or each CSV member of a zipped export, re-encoded by locale variant
        (decided member by member: each is a file the user may have re-saved)."""
        members = ZIP_MEMBER_FORMATS.get(file.format)
        if members is None:
            if file.format not in LOCALIZABLE:
                return file
            variant = self._variant(rng)
            if not variant:
                return dataclasses.replace(file, variants=("",))
            space = FRENCH_SPACES[int(rng.integers(len(FRENCH_SPACES)))]
            data, variant = localize(file.data, account.platform, file.format, variant, space)
            return dataclasses.replace(file, data=data, variants=(variant,))
        with zipfile.ZipFile(io.BytesIO(file.data)) as archive:
            infos = archive.infolist()
            contents = [archive.read(info) for info in infos]
        variants = []
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for info, data in zip(infos, contents, strict=True):
                variant = self._variant(rng)
                if variant:
                    space = FRENCH_SPACES[int(rng.integers(len(FRENCH_SPACES)))]
                    data, variant = localize(
                        data, account.platform, members[info.filename], variant, space
                    )
                variants.append(variant)
                archive.writestr(info, data)  # same name and timestamp: deterministic
        if not any(variants):
            return dataclasses.replace(file, variants=tuple(variants))
        return dataclasses.replace(file, data=buffer.getvalue(), variants=tuple(variants))

    def write_account(self, account: Account) -> None:
        """All export folders of one account (own random stream: order-independent)."""
        world = self.world
        config = world.config
        rng = np.random.default_rng([config.seed, 1, account.index])
        writers: list[AccountWriter] = [ApiSnapshotWriter(world, account, rng)]
        writers += [cls(world, account, rng) for cls in NATIVE_WRITERS[account.platform]]
        scheduled = set(account.export_days.tolist())
        # Localized variants draw from their own stream: share 0 leaves the world unchanged.
        local_rng = np.random.default_rng([config.seed, 2, account.index])
        for e in account.export_days.tolist():
            files = [f for writer in writers for f in writer.export(e)]
            if config.localized_share > 0:
                files = [self._localized(account, f, local_rng) for f in files]
            records = [self.put_export(account, e, f) for f in files]
            if rng.random() < config.duplicate_rate:
                k = int(rng.integers(len(files)))
                folder = self.folder(account, e)
                self.put_export(
                    account,
                    e,
                    files[k],
                    self.free_name(folder, suffixed(files[k].name, 1)),
                    duplicate_of=records[k].path,
                )
            nxt = e + 1
            if nxt > world.days or nxt in scheduled:
                continue
            skipped = (
                e + config.export_every <= world.days and e + config.export_every not in scheduled
            )
            if rng.random() < (REDROP_WHEN_MISSING if skipped else config.duplicate_rate):
                dated = [
                    k for k, f in enumerate(files) if f.dated and not f.format.startswith("api_")
                ]
                if dated:
                    k = dated[int(rng.integers(len(dated)))]
                    self.put_export(account, nxt, files[k], duplicate_of=records[k].path)
