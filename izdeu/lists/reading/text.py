"""CSV and TSV in any common encoding and delimiter, and lists pasted from a chat, read line by line."""

import codecs
import csv
import io
import re
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, closing
from itertools import islice
from typing import BinaryIO

from . import detect
from .headers import find_header
from .model import Column, RawRow, ReadResult, Table
from .table import build_table

DELIMITERS = (";", "\t", ",", "|")
SAMPLE_BYTES = 64 * 1024
SAMPLE_LINES = 100
# A quoted cell running over more lines than this is more likely a quote never closed.
SUSPECT_LINES = 20
# Line numbers listed in a mixed_encoding problem; the count is always given.
LISTED_LINES = 200
_NUMBERED = re.compile(r"^\s*(\d{1,5})\s*[.)]\s+(?=\S)")

Opener = Callable[[], AbstractContextManager[BinaryIO]]


def _whole_lines(head: bytes) -> bytes:
    """The sample cut at its last line end, so no character is cut in half."""
    if len(head) < SAMPLE_BYTES:
        return head
    cut = head.rfind(b"\n")
    return head[: cut + 1] if cut > 0 else head


class _Decoder:
    """Decodes lines one by one and remembers which ones were not in the file's main encoding."""

    def __init__(self, main: str, fallback: str | None) -> None:
        self.main = main
        self.fallback = fallback
        self.odd_lines: list[int] = []
        self.odd_count = 0
        self.odd_encodings: set[str] = set()

    def lines(self, binary: BinaryIO, skip_bom: bool) -> Iterator[str]:
        for number, raw in enumerate(binary, start=1):
            if number == 1 and skip_bom:
                raw = raw.removeprefix(codecs.BOM_UTF8)
            text, encoding = detect.decode_line(raw, self.fallback)
            if encoding not in ("ascii", self.main):
                self.odd_count += 1
                self.odd_encodings.add(encoding)
                if len(self.odd_lines) < LISTED_LINES:
                    self.odd_lines.append(number)
            yield text

    def report(self, result: ReadResult) -> None:
        if self.odd_count:
            result.add(
                "mixed_encoding", None, encoding=self.main, other=sorted(self.odd_encodings),
                lines=self.odd_lines, count=self.odd_count,
            )


def _field_counts(lines: list[str], delimiter: str) -> list[int]:
    return [len(row) for row in csv.reader(lines, delimiter=delimiter) if any(cell.strip() for cell in row)]


def delimiter_score(lines: list[str], delimiter: str) -> tuple[float, int]:
    """How consistently `delimiter` splits the sample: (share of split rows with the usual count, that count)."""
    counts = [count for count in _field_counts(lines, delimiter) if count > 1]
    total = len(_field_counts(lines, delimiter))
    if not counts or len(counts) < total / 2:
        return 0.0, 1
    usual, hits = Counter(counts).most_common(1)[0]
    return hits / len(counts), usual


def choose_delimiter(lines: list[str]) -> str | None:
    """The delimiter that splits the sample into the most consistent columns, or None for one-column text.

    csv.Sniffer is not used: on lists with a title block above the header it often picks a letter
    or a space. Counting columns row by row is simpler and says why it chose.
    """
    best, best_score = None, (0.5, 1)
    for delimiter in DELIMITERS:
        score = delimiter_score(lines, delimiter)
        if score > best_score:
            best, best_score = delimiter, score
    return best


def _looks_like_chat(lines: list[str], delimiter: str | None) -> bool:
    """Most lines start "12." or "13)" and no delimiter splits them into a real table (3+ columns)."""
    filled = [line for line in lines if line.strip()]
    numbered = sum(1 for line in filled if _NUMBERED.match(line))
    if not filled or numbered < 0.6 * len(filled):
        return False
    if delimiter is None:
        return True
    consistency, columns = delimiter_score(lines, delimiter)
    return consistency < 0.8 or columns < 3


def _csv_rows(lines: Iterator[str], delimiter: str, result: ReadResult) -> Iterator[tuple[int, list[str]]]:
    reader = csv.reader(lines, delimiter=delimiter)
    last_line = 0
    for number, row in enumerate(reader, start=1):
        if reader.line_num - last_line > SUSPECT_LINES:
            result.add("suspect_quote", number, lines=reader.line_num - last_line)
        last_line = reader.line_num
        yield number, row


def _chat_rows(lines: Iterator[str]) -> Iterator[tuple[int, list[str]]]:
    for number, line in enumerate(lines, start=1):
        text = line.strip()
        match = _NUMBERED.match(text)
        if match:
            yield number, [match.group(1), text[match.end() :].strip()]
        else:
            yield number, ["", text] if text else []


def _chat_table(lines: Iterator[str], result: ReadResult) -> Table:
    """One row per line: the number the sender gave it, and the rest of the line for the name parser.

    Unnumbered lines before the first numbered one ("Список УП Алмалинского:") are the title.
    """
    columns = [Column(0, "№", "row_number", 1.0), Column(1, "full_text", "chat_line", 1.0)]
    rows = _chat_rows(lines)
    title: list[str] = []
    first: list[tuple[int, list[str]]] = []
    for number, cells in rows:
        if not cells:
            result.blank_rows += 1
        elif cells[0] or not cells[1]:
            first.append((number, cells))
            break
        else:
            title.append(cells[1])

    def stream() -> Iterator[RawRow]:
        for number, cells in [*first, *rows]:
            if cells:
                yield RawRow(number, cells)
            else:
                result.blank_rows += 1

    return Table("", None, columns, stream(), title)


def _text_lines(open_binary: Opener, encoding: str, decoder: _Decoder | None) -> Iterator[str]:
    """Decoded lines with their line ends, read lazily; the file stays open only while they are read."""
    with open_binary() as binary:
        if decoder is None:
            yield from io.TextIOWrapper(binary, encoding=encoding, errors="replace", newline="")
        else:
            yield from decoder.lines(binary, skip_bom=encoding == "utf-8-sig")


def read_text(open_binary: Opener, head: bytes, result: ReadResult) -> None:
    """Read a text list into `result`: detect its encoding, then its delimiter or chat layout."""
    encoding = detect.utf16_encoding(head)
    decoder = None
    if encoding is None:
        sample = _whole_lines(head)
        encoding, fallback = detect.main_encoding(sample.removeprefix(codecs.BOM_UTF8))
        if sample.startswith(codecs.BOM_UTF8):
            encoding = "utf-8-sig"
        decoder = _Decoder("utf-8" if encoding == "utf-8-sig" else encoding, fallback)
    result.encoding = encoding
    sample_lines = _sample_lines(open_binary, encoding, decoder)
    delimiter = choose_delimiter(sample_lines)
    lines = _reporting(_text_lines(open_binary, encoding, decoder), decoder, result)
    if _looks_like_chat(sample_lines, delimiter):
        result.kind = "chat"
        result.tables.append(_chat_table(lines, result))
        return
    if delimiter is None and find_header([[line.strip()] for line in sample_lines if line.strip()]) is None:
        result.kind = "chat"
        result.tables.append(_chat_table(lines, result))
        return
    result.kind = "csv"
    # One-column text with a header ("ФИО" and names under it) is a CSV without delimiters.
    result.tables.append(build_table("", _csv_rows(lines, delimiter or "\x1f", result), result))


def _sample_lines(open_binary: Opener, encoding: str, decoder: _Decoder | None) -> list[str]:
    """The first lines, decoded the way the whole file will be, without recording problems twice."""
    probe = _Decoder(decoder.main, decoder.fallback) if decoder else None
    with closing(_text_lines(open_binary, encoding, probe)) as all_lines:
        return list(islice(all_lines, SAMPLE_LINES))


def _reporting(lines: Iterator[str], decoder: _Decoder | None, result: ReadResult) -> Iterator[str]:
    """Pass lines through, and report mixed encodings once the last line has been read."""
    yield from lines
    if decoder is not None:
        decoder.report(result)
