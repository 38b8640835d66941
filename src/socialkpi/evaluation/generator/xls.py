"""``.xls`` (Excel 97-2003 binary, BIFF8) workbooks, written with xlwt.

LinkedIn still delivers Page analytics as ``.xls`` files, so the generator
writes some workbooks in that old binary format to exercise the reader on it.
xlwt is the one maintained-enough pure-Python BIFF8 writer (no native code,
no dependency of its own); it stores no timestamp, so the same sheets give the
same bytes. Numbers are IEEE doubles in BIFF8: every count the generator writes
is far below 2**53, hence exact.
"""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence

import xlwt


def xls_bytes(sheets: Mapping[str, Sequence[Sequence[object]]]) -> bytes:
    """A BIFF8 workbook with one sheet per entry (in order): text and numbers, empty
    cells (``None`` or ``""``) left blank."""
    workbook = xlwt.Workbook(encoding="utf-8")
    for name, rows in sheets.items():
        sheet = workbook.add_sheet(name)
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                if value is None or value == "":
                    continue
                sheet.write(r, c, value)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
