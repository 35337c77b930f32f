"""XLSX workbooks, streamed sheet by sheet with openpyxl's read-only mode, after a zip-bomb check."""

import datetime
import zipfile
import zlib
from collections.abc import Iterator
from typing import IO, Any

from openpyxl import load_workbook

from .model import ReadResult
from .table import build_table

# An XLSX of 200,000 rows unpacks to well under this; a zip bomb to far more.
MAX_UNCOMPRESSED = 200 * 1024 * 1024
MAX_RATIO = 100
# Small members compress absurdly well (empty styles, repeated XML) and are harmless.
RATIO_FLOOR = 1024 * 1024


def zip_bomb(archive: zipfile.ZipFile) -> dict[str, int] | None:
    """Sizes of a zip that would unpack too large or too suspiciously well, else None.

    The declared sizes are checked before anything is unpacked; zipfile itself stops a member at
    its declared size, so a lying header cannot unpack more than was checked here.
    """
    members = archive.infolist()
    total = sum(member.file_size for member in members)
    compressed = sum(member.compress_size for member in members) or 1
    suspicious = [
        m for m in members if m.file_size > RATIO_FLOOR and m.file_size > MAX_RATIO * max(m.compress_size, 1)
    ]
    if total > MAX_UNCOMPRESSED or suspicious:
        return {"uncompressed": total, "compressed": compressed}
    return None


def cell_text(value: Any) -> str:
    """A cell as text, the way a person reads it: ISO dates, whole numbers without ".0", formulas as written."""
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        if value.time() == datetime.time(0):
            return value.date().isoformat()
        return value.isoformat(sep=" ", timespec="minutes" if value.second == 0 else "seconds")
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() and abs(value) < 1e16 else repr(value)
    return str(value)


# What openpyxl's row iteration raises when a sheet's XML or its zip member is damaged part-way:
# XML parse errors (expat's and lxml's are both SyntaxError), a bad CRC or a cut-off deflate stream.
BROKEN_SHEET_ERRORS = (SyntaxError, zipfile.BadZipFile, zlib.error, EOFError, KeyError, ValueError, OSError)


def _sheet_rows(sheet: Any, name: str, result: ReadResult) -> Iterator[tuple[int, list[str]]]:
    """The sheet's rows; if the sheet breaks part-way, the rows before it are kept and `broken_xlsx`
    names the row where reading stopped, instead of the whole import failing."""
    number = 0
    rows = sheet.iter_rows()
    while True:
        try:
            row = next(rows)
        except StopIteration:
            return
        except BROKEN_SHEET_ERRORS as error:
            result.add("broken_xlsx", number + 1, sheet=name, error=type(error).__name__)
            return
        number += 1
        cells = []
        for column, cell in enumerate(row):
            value = getattr(cell, "value", None)
            if getattr(cell, "data_type", None) == "f":
                # Kept as written, never evaluated: the cached result may be stale or absent.
                result.add("formula_cell", number, sheet=name, column=column, formula=str(value))
            cells.append(cell_text(value))
        yield number, cells


def read_xlsx(handle: IO[bytes], result: ReadResult) -> None:
    """Add one table per worksheet to `result`; the workbook and `handle` close after the last sheet's last row.

    openpyxl gets a file object, not a path, because given a path it refuses names not ending in
    .xlsx, and the format here comes from the content.
    """
    try:
        workbook = load_workbook(handle, read_only=True, data_only=False)
    except (SyntaxError, zlib.error, EOFError) as error:
        # Damaged XML before the first row (the sheet's dimensions are read on opening): the
        # caller reports ValueError and the like as `broken_xlsx`.
        raise ValueError(f"damaged workbook: {type(error).__name__}") from error
    result.kind = "xlsx"
    sheets = [sheet for sheet in workbook.worksheets if hasattr(sheet, "iter_rows")]
    for index, sheet in enumerate(sheets):
        # Dimensions written by other programs are often wrong; trusting them would cut columns off.
        sheet.reset_dimensions()
        rows = _sheet_rows(sheet, sheet.title, result)
        table = build_table(sheet.title, rows, result)
        if index == len(sheets) - 1:
            table.rows = _closing(table.rows, workbook, handle)
        result.tables.append(table)
    if not sheets:
        workbook.close()
        handle.close()


def _closing(rows: Iterator[Any], workbook: Any, handle: IO[bytes]) -> Iterator[Any]:
    try:
        yield from rows
    finally:
        workbook.close()
        handle.close()
