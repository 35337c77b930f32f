"""Finding the header row of a list and guessing what each column holds, in Kazakh, Russian or English."""

import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from .model import FIELDS, Column, Table

# Header names as volunteers meet them. Matching ignores case, punctuation, dots and spacing.
VOCABULARY: dict[str, tuple[str, ...]] = {
    "full_name": (
        "ФИО", "Ф.И.О.", "Фамилия Имя Отчество", "Фамилия, имя, отчество", "Аты-жөні", "Аты-жөні (толық)",
        "Тегі аты әкесінің аты", "Full name", "Name", "Имя и фамилия",
    ),
    "surname": ("Фамилия", "Тегі", "Surname", "Last name", "Family name"),
    "given_name": ("Имя", "Аты", "Given name", "First name"),
    "patronymic": ("Отчество", "Әкесінің аты", "Patronymic", "Middle name"),
    "birth_date": (
        "Дата рождения", "Туған күні", "Туған күні айы жылы", "Date of birth", "Birth date", "DOB", "Д.р.",
    ),
    "birth_year": ("Год рождения", "г.р.", "Туған жылы", "Year of birth", "Birth year"),
    "birth_place": ("Место рождения", "Туған жері", "Place of birth"),
    "age": ("Возраст", "Жасы", "Age"),
    "iin": ("ИИН", "ЖСН", "IIN", "ИИН ЖСН"),
    "sex": ("Пол", "Жынысы", "Sex", "Gender"),
    "place": (
        "Место содержания", "Ұсталған орны", "Ұстау орны", "Место", "Учреждение", "Место нахождения",
        "Place of detention", "Place", "Facility",
    ),
    "detention_date": ("Дата задержания", "Ұсталған күні", "Date of detention", "Detained on"),
    "article": ("Статья", "Статья УК", "Бап", "Article"),
    "note": ("Примечание", "Ескертпе", "Note", "Notes", "Comment", "Комментарий"),
    "row_number": ("№", "N", "№№", "№ п/п", "N п/п", "п/п", "Number", "No", "#", "Р/с", "Реттік нөмірі"),
    "phone": (
        "Телефон", "Тел.", "Телефон нөмірі", "Телефон родственников", "Контактный телефон", "Байланыс телефоны",
        "Туыстарының телефоны", "Phone", "Phone number", "Contact phone",
    ),
    "document_number": (
        "Номер документа", "№ удостоверения", "Удостоверение личности", "Құжат нөмірі", "Document number",
        "ID number", "Паспорт",
    ),
    "address": ("Адрес", "Адрес проживания", "Мекенжайы", "Address"),
}

# Latin letters that look like Cyrillic ones, so "ФИO" typed with a Latin O still reads as ФИО.
# Both sides are folded to the Cyrillic look-alike before comparing.
_HOMOGLYPHS = str.maketrans("aceopxykmhtbi", "асеорхукмнтві")
_PUNCTUATION = re.compile(r"[.,:;()\[\]{}\"'«»/\\_*?!-]+")
_SPACES = re.compile(r"\s+")
HEADER_SEARCH_ROWS = 20
SURE = 0.8


def normalise(text: str) -> str:
    """Lower case, ё as е, punctuation dropped, spacing collapsed: the form headers are compared in."""
    text = text.lower().replace("ё", "е")
    # A dot between letters ("Ф.И.О.") joins them; other punctuation separates words.
    text = re.sub(r"(?<=\w)\.(?=\w)", "", text)
    text = _PUNCTUATION.sub(" ", text)
    return _SPACES.sub(" ", text).strip()


def _fold(text: str) -> str:
    return normalise(text).translate(_HOMOGLYPHS).replace(" ", "")


_EXACT = {normalise(name): field for field, names in VOCABULARY.items() for name in names}
_FOLDED = {_fold(name): field for field, names in VOCABULARY.items() for name in names}
# Longest names first, so "Место рождения" is found inside a header before "Место".
_BY_LENGTH = sorted(_EXACT.items(), key=lambda item: -len(item[0]))


def guess_field(header: str) -> tuple[str | None, float]:
    """The field a header names and how sure we are: 1.0 exact, 0.9 up to look-alike letters, 0.7 contained."""
    key = normalise(header)
    if not key:
        return None, 0.0
    if key in _EXACT:
        return _EXACT[key], 1.0
    if _fold(header) in _FOLDED:
        return _FOLDED[_fold(header)], 0.9
    padded = f" {key} "
    for name, field in _BY_LENGTH:
        # Short names ("№", "no", "#") inside longer headers say too little to guess from.
        if len(name) > 2 and f" {name} " in padded:
            return field, 0.7
    return None, 0.0


def guess_fields(headers: Sequence[str]) -> list[tuple[str | None, float]]:
    """Guess every header's field."""
    return [guess_field(header) for header in headers]


def _recognised(cells: Sequence[str]) -> int:
    return sum(1 for cell in cells if guess_field(cell)[1] >= SURE)


def _has_digits(cells: Sequence[str]) -> bool:
    # The second row of a header holds labels, never data such as years or IINs, nor the
    # "1 | 2 | 3" column numbers official forms put under their header.
    return any(char.isdigit() for cell in cells for char in cell)


def _inherit_merged(top: list[str], below: list[str] | None) -> list[int | None]:
    """Fill blanks a merged header cell leaves to its right; returns, per column, the index inherited from.

    Without merge information (read-only XLSX, CSV) a blank header cell is taken as part of the
    merged cell on its left when another header follows it, or when the row below labels it.
    """
    last_filled = max((i for i, cell in enumerate(top) if cell), default=-1)
    origin: list[int | None] = [None] * len(top)
    source = None
    for i, cell in enumerate(top):
        if cell:
            source = i
        elif source is not None and (i < last_filled or (below and i < len(below) and below[i])):
            origin[i] = source
    for i, src in enumerate(origin):
        if src is not None:
            top[i] = top[src]
    return origin


@dataclass
class Header:
    """Where the header is and what it says; `rows` is how many rows it takes (1 or 2)."""

    position: int
    rows: int
    columns: list[Column]


def _join(top: Sequence[str], bottom: Sequence[str]) -> list[str]:
    width = max(len(top), len(bottom))
    padded_top = list(top) + [""] * (width - len(top))
    padded_bottom = list(bottom) + [""] * (width - len(bottom))
    return [f"{a}\n{b}".strip("\n") for a, b in zip(padded_top, padded_bottom, strict=True)]


def _pair_field(joined: str) -> tuple[str | None, float]:
    """A two-row header cell: the joined text ("Дата | рождения") if it is a header name, else the lower,
    more specific label ("ФИО | Имя" is a given name), else the upper one."""
    guess = guess_field(joined.replace("\n", " "))
    if guess[1] >= SURE or "\n" not in joined:
        return guess
    top, bottom = joined.split("\n", 1)
    for part in (bottom, top):
        if guess_field(part)[0]:
            return guess_field(part)
    return guess


def _columns(top: list[str], bottom: list[str] | None) -> list[Column]:
    top = list(top)
    origin = _inherit_merged(top, bottom)
    texts = _join(top, bottom) if bottom is not None else top
    columns = []
    for i, text in enumerate(texts):
        field, confidence = _pair_field(text)
        merged_from = origin[i] if i < len(origin) else None
        if merged_from is not None and bottom is None:
            field, confidence = None, 0.0
        columns.append(Column(i, text.replace("\n", " "), field, confidence, merged_from))
    _split_merged_full_name(columns)
    return columns


def _split_merged_full_name(columns: list[Column]) -> None:
    """A "ФИО" header merged over two or three columns holds surname, given name and patronymic."""
    parts = ("surname", "given_name", "patronymic")
    for column in columns:
        if column.field != "full_name" or column.merged_from is not None:
            continue
        span = [column] + [c for c in columns if c.merged_from == column.index and c.field in (None, "full_name")]
        if 2 <= len(span) <= 3:
            for part, spanned in zip(parts, span, strict=False):
                spanned.field, spanned.confidence = part, 0.5


def find_header(rows: Sequence[list[str]]) -> Header | None:
    """Find the header among the first rows: the row (or pair of rows) naming the most known fields.

    At least two cells must name a field, or every cell of a row with one or two cells; otherwise
    the list has no header and every row is data.
    """
    best: tuple[int, int, int] | None = None
    for i, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        cells = [cell for cell in row if cell]
        if not cells:
            continue
        single = _recognised(row)
        if single >= 2 or (single >= 1 and single == len(cells)):
            if best is None or single > best[0]:
                best = (single, i, 1)
        below = rows[i + 1] if i + 1 < len(rows) else None
        if below and any(below) and not _has_digits(below):
            paired = sum(1 for text in _join(row, below) if _pair_field(text)[1] >= SURE)
            # Two rows are one header only when together they name more than either alone.
            alone = max(single, _recognised(below))
            if paired >= 2 and paired > alone and (best is None or paired > best[0]):
                best = (paired, i, 2)
    if best is None:
        return None
    _, position, height = best
    bottom = rows[position + 1] if height == 2 else None
    return Header(position, height, _columns(rows[position], bottom))


def apply_mapping(table: Table, mapping: Mapping[int | str, str | None]) -> Table:
    """Override guessed fields with a volunteer's choice, {column index: field or None}; keys may be strings (JSON)."""
    by_index = {column.index: column for column in table.columns}
    for key, field in mapping.items():
        index = int(key)
        if index not in by_index:
            raise ValueError(f"no column {index}")
        if field is not None and field not in FIELDS:
            raise ValueError(f"unknown field {field!r}")
        by_index[index].field = field
        by_index[index].confidence = 1.0
    return table


def mapping_of(table: Table) -> dict[str, str | None]:
    """The table's current column meanings as a JSON-ready mapping, to remember for the list's next version."""
    return {str(column.index): column.field for column in table.columns}


def mapping_to_json(mapping: Mapping[int | str, str | None]) -> str:
    """Serialise a mapping (keys become strings, as JSON requires)."""
    return json.dumps({str(key): value for key, value in mapping.items()}, ensure_ascii=False, sort_keys=True)
