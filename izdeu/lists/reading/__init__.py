"""Reading volunteers' lists (CSV, TSV, XLSX, chat pastes) into raw tables, losing no row.

Plain Python, no Django: `read()` gives every row in lists, `stream()` the same result with each
table's rows as a generator, for lists too long to hold in memory.
"""

import io
import os
import zipfile
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from typing import BinaryIO

from . import detect
from .headers import apply_mapping, guess_field, guess_fields, mapping_of, mapping_to_json
from .model import FIELDS, Column, Problem, RawRow, ReadResult, Table
from .text import SAMPLE_BYTES, read_text
from .xlsx import read_xlsx, zip_bomb

__all__ = [
    "FIELDS", "Column", "Problem", "RawRow", "ReadResult", "Table", "apply_mapping", "guess_field",
    "guess_fields", "mapping_of", "mapping_to_json", "read", "stream",
]

# A list's bytes, a path to them, or a function that opens them afresh for binary reading each time
# it is called (a seekable file: an upload kept encrypted is decrypted as it is read, never to disk).
Source = bytes | str | os.PathLike[str] | Callable[[], BinaryIO]


def _open(data: Source) -> BinaryIO:
    if isinstance(data, bytes):
        return io.BytesIO(data)
    if callable(data):
        return data()
    return open(data, "rb")  # the callers close it


def _opener(data: Source) -> Callable[[], AbstractContextManager[BinaryIO]]:
    @contextmanager
    def open_binary() -> Iterator[BinaryIO]:
        with _open(data) as handle:
            yield handle

    return open_binary


def _size(data: Source) -> int:
    if isinstance(data, bytes):
        return len(data)
    if callable(data):
        with data() as handle:
            return handle.seek(0, io.SEEK_END)
    return os.path.getsize(data)


def stream(data: Source, filename: str, max_bytes: int) -> ReadResult:
    """Read a list, with each table's rows as a generator to consume in order, table after table.

    The format comes from the content, never from `filename` (which only goes into problem
    details). Problems found in rows are added to the result as the rows are consumed.
    """
    result = ReadResult(kind=None, encoding=None)
    size = _size(data)
    if size > max_bytes:
        result.add("too_large", None, size=size, limit=max_bytes, filename=filename)
        return result
    open_binary = _opener(data)
    with open_binary() as binary:
        head = binary.read(SAMPLE_BYTES)
    found = detect.sniff_format(head)
    if found == "empty":
        result.add("empty_file", None, filename=filename)
    elif found == "xls":
        result.add("unsupported_xls", None, filename=filename)
    elif found == "zip":
        _read_zip(data, filename, result)
    elif found == "text":
        read_text(open_binary, head, result)
    else:
        result.add("not_a_table", None, filename=filename, detected=found)
    return result


def _read_zip(data: Source, filename: str, result: ReadResult) -> None:
    handle = _open(data)
    try:
        with zipfile.ZipFile(handle) as archive:
            found = detect.zip_format(archive)
            bomb = zip_bomb(archive)
    except (zipfile.BadZipFile, OSError) as error:
        handle.close()
        result.add("not_a_table", None, filename=filename, detected="broken_zip", error=type(error).__name__)
        return
    if bomb:
        handle.close()
        result.add("zip_bomb", None, filename=filename, **bomb)
        return
    if found != "xlsx":
        handle.close()
        result.add("not_a_table", None, filename=filename, detected=found)
        return
    handle.seek(0)
    try:
        read_xlsx(handle, result)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as error:
        # openpyxl raises these for XLSX files other programs wrote badly.
        handle.close()
        result.add("broken_xlsx", None, filename=filename, error=type(error).__name__)


def read(data: Source, filename: str, max_bytes: int) -> ReadResult:
    """Read a list completely: like `stream()`, with every table's rows in a list."""
    result = stream(data, filename, max_bytes)
    for table in result.tables:
        table.rows = list(table.rows)
        for row in table.rows:
            row.cells.extend([""] * (len(table.columns) - len(row.cells)))
    return result
