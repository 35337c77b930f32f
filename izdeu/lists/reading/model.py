"""The shapes a read list takes: tables of raw rows, guessed columns, and problems as codes.

Nothing here knows about Django: the web layer translates problem codes into Kazakh, Russian and
English, and turns rows into list entries.
"""

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, Literal

Kind = Literal["csv", "xlsx", "chat"]

# Every meaning a column can be given, by the guess or by a volunteer's correction.
FIELDS: tuple[str, ...] = (
    "full_name",
    "surname",
    "given_name",
    "patronymic",
    "birth_date",
    "birth_year",
    "birth_place",
    "age",
    "iin",
    "sex",
    "place",
    "detention_date",
    "article",
    "note",
    "row_number",
    "phone",
    "document_number",
    "address",
    "chat_line",
)


@dataclass
class Problem:
    """Something the reader noticed, as a code the interface translates; `row` is 1-based in its sheet."""

    code: str
    row: int | None = None
    detail: dict[str, Any] = field(default_factory=dict)


@dataclass
class Column:
    """One column: its header as written, and what we think it holds.

    `merged_from` is the index of the column whose header this one inherited, when the header cell
    was blank because a merged cell spans it.
    """

    index: int
    header: str
    field: str | None = None
    confidence: float = 0.0
    merged_from: int | None = None


@dataclass
class RawRow:
    """One row as a person opening the file would see it; `number` is the row number they would count."""

    number: int
    cells: list[str]


@dataclass
class Table:
    """One sheet (or the whole CSV / chat paste).

    `rows` is an iterator when the result comes from `stream()` and a list when it comes from
    `read()`. While streaming, rows longer than the header add `extra_N` columns to `columns` as
    they are met, so a row read early may have fewer cells than there are columns at the end.
    """

    sheet: str
    header_row: int | None
    columns: list[Column]
    rows: Iterable[RawRow]
    title: list[str] = field(default_factory=list)

    def iter_rows(self) -> Iterator[RawRow]:
        """Rows one at a time, whether they were streamed or read into a list."""
        return iter(self.rows)


@dataclass
class ReadResult:
    """Everything read from one upload.

    While streaming, `problems` and `blank_rows` grow as rows are consumed: read them after the
    last row of the last table.
    """

    kind: Kind | None
    encoding: str | None
    tables: list[Table] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    blank_rows: int = 0

    def add(self, code: str, row: int | None = None, **detail: Any) -> None:
        """Record a problem."""
        self.problems.append(Problem(code, row, detail))
