"""Turning a stream of raw rows into a Table: header and title found, rows padded, nothing dropped."""

from collections.abc import Iterator

from .headers import HEADER_SEARCH_ROWS, find_header
from .model import Column, RawRow, ReadResult, Table

NumberedRows = Iterator[tuple[int, list[str]]]

# A row above the header with more filled cells than this is data, not part of a title block.
TITLE_CELLS = 2


def _trim(cells: list[str]) -> list[str]:
    end = len(cells)
    while end and not cells[end - 1].strip():
        end -= 1
    return cells[:end]


def _sample(rows: NumberedRows, result: ReadResult) -> list[tuple[int, list[str]]]:
    """The first non-blank rows, enough to find a header in; blank ones are counted as they pass."""
    sample: list[tuple[int, list[str]]] = []
    for number, cells in rows:
        cells = _trim(cells)
        if not cells:
            result.blank_rows += 1
            continue
        sample.append((number, cells))
        if len(sample) >= HEADER_SEARCH_ROWS + 1:
            break
    return sample


def _fit(row: RawRow, columns: list[Column], result: ReadResult, sheet: str, width: int) -> RawRow:
    """Pad a short row; for a long one, add `extra_N` columns and report it."""
    if len(row.cells) > width:
        result.add("ragged_row", row.number, sheet=sheet, cells=len(row.cells), columns=width)
    while len(columns) < len(row.cells):
        columns.append(Column(len(columns), f"extra_{len(columns) - width + 1}"))
    row.cells.extend([""] * (len(columns) - len(row.cells)))
    return row


def _data(
    pending: list[tuple[int, list[str]]], rest: NumberedRows, table: Table, result: ReadResult, width: int
) -> Iterator[RawRow]:
    for number, cells in pending:
        yield _fit(RawRow(number, cells), table.columns, result, table.sheet, width)
    for number, cells in rest:
        cells = _trim(cells)
        if not cells:
            result.blank_rows += 1
            continue
        yield _fit(RawRow(number, cells), table.columns, result, table.sheet, width)


def _report_headers(table: Table, result: ReadResult) -> None:
    seen: dict[str, int] = {}
    for column in table.columns:
        if column.merged_from is not None:
            continue
        if not column.header:
            result.add("missing_header", table.header_row, sheet=table.sheet, column=column.index)
            continue
        key = column.header.strip().lower()
        if key in seen:
            result.add(
                "duplicate_header", table.header_row, sheet=table.sheet,
                header=column.header, columns=[seen[key], column.index],
            )
        else:
            seen[key] = column.index


def build_table(sheet: str, rows: NumberedRows, result: ReadResult) -> Table:
    """Find the header in the first rows and stream the rest; the table's rows are a generator."""
    sample = _sample(rows, result)
    if not sample:
        result.add("empty_sheet", None, sheet=sheet)
    header = find_header([cells for _, cells in sample])
    if header is None:
        width = max((len(cells) for _, cells in sample), default=0)
        columns = [Column(i, f"column_{i + 1}") for i in range(width)]
        table = Table(sheet, None, columns, iter(()))
        if sample:
            result.add("no_header", None, sheet=sheet)
        table.rows = _data(sample, rows, table, result, width)
        return table
    above = sample[: header.position]
    pending = sample[header.position + header.rows :]
    title = [" ".join(cell for cell in cells if cell) for _, cells in above if _filled(cells) <= TITLE_CELLS]
    # Rows above the header that look like data are kept as data, never folded into the title.
    stray = [(number, cells) for number, cells in above if _filled(cells) > TITLE_CELLS]
    for number, _ in stray:
        result.add("row_above_header", number, sheet=sheet)
    table = Table(sheet, sample[header.position][0], header.columns, iter(()), title)
    _report_headers(table, result)
    table.rows = _data(stray + pending, rows, table, result, len(header.columns))
    return table


def _filled(cells: list[str]) -> int:
    return sum(1 for cell in cells if cell.strip())
