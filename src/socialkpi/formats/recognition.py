"""Format recognition: the one format a source's content has, and whether the content and
the folder it was landed in agree on the platform. The content decides, never the file name
or the folder (a renamed or misfiled export is still recognised, and rejected with the
reason when it contradicts its folder)."""

from __future__ import annotations

from socialkpi.formats.base import ExportFormat, Sniff, SourceRejected, detect_formats


class PlatformMismatch(SourceRejected):
    """The content says another platform than the folder it was landed in."""


def recognize(sniffed: Sniff, matches: list[ExportFormat] | None = None) -> ExportFormat:
    """The one format this content has (whatever folder it is in). ``matches``: what
    ``detect_formats(sniffed)`` already returned, when the caller has it."""
    if matches is None:
        matches = detect_formats(sniffed)
    if not matches and sniffed.sheets is not None:
        raise SourceRejected(f"unrecognised workbook (sheets: {list(sniffed.sheets)})")
    if not matches:
        first = sniffed.first_line[:120]
        raise SourceRejected(f"unrecognised format (first line: {first!r})")
    if len(matches) > 1:
        raise SourceRejected("ambiguous format: matches " + ", ".join(m.name for m in matches))
    return matches[0]


def check_platform(fmt: ExportFormat, sniffed: Sniff, folder_platform: str) -> ExportFormat:
    """The format, once the content and the folder agree on the platform."""
    declared = fmt.platform_of_content(sniffed)
    if declared is not None and declared != folder_platform:
        raise PlatformMismatch(
            f"platform mismatch: folder says {folder_platform!r}, "
            f"content says {declared!r} ({fmt.name})"
        )
    if folder_platform not in fmt.platforms:
        raise SourceRejected(
            f"platform mismatch: {fmt.name} is a {'/'.join(sorted(fmt.platforms))} export, "
            f"found under {folder_platform!r}"
        )
    return fmt
