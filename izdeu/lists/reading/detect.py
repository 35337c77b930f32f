"""Telling what an upload is from its bytes, never from its name, and which encoding its text is in."""

import io
import math
import zipfile
from typing import Literal

Format = Literal["xlsx", "text", "xls", "ods", "zip", "pdf", "image", "binary", "empty"]

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"
_OTHER_MAGIC: tuple[tuple[bytes, Format], ...] = (
    (b"%PDF", "pdf"),
    (b"\x89PNG", "image"),
    (b"\xff\xd8\xff", "image"),
    (b"GIF8", "image"),
)

# Single-byte encodings Cyrillic lists arrive in. kz1048 is Windows-1251 with the Kazakh letters
# in place of Serbian and Macedonian ones; it wins only when those letters score better.
SINGLE_BYTE = ("cp1251", "koi8_r", "kz1048")

# Rough letter frequencies (per thousand) in Russian and Kazakh text; what matters is that real
# text scores far better than the same bytes read in the wrong encoding.
_FREQ = {
    "о": 110, "е": 85, "а": 80, "и": 73, "н": 67, "т": 63, "с": 55, "р": 47, "в": 45, "л": 44,
    "к": 35, "м": 32, "д": 30, "п": 28, "у": 26, "я": 20, "ы": 19, "ь": 17, "г": 17, "з": 16,
    "б": 16, "ч": 14, "й": 12, "х": 10, "ж": 9, "ш": 7, "ю": 6, "ц": 5, "щ": 4, "э": 3, "ф": 3,
    "ъ": 0.5, "ё": 0.5, "і": 10, "ә": 10, "қ": 8, "ұ": 5, "ү": 5, "ң": 5, "ө": 4, "ғ": 4, "һ": 0.5,
}
_LOG_FREQ = {letter: math.log(count) for letter, count in _FREQ.items()}
# Any other non-ASCII character (box drawing, Serbian letters, control symbols) is a sign of the
# wrong encoding.
_UNLIKELY = math.log(0.05)


def sniff_format(head: bytes) -> Format:
    """Name the format of a file from its first bytes (and, for zips, its member list)."""
    if not head.strip(b" \t\r\n\x00\xef\xbb\xbf\xff\xfe"):
        return "empty"
    if head.startswith(OLE_MAGIC):
        return "xls"
    for magic, name in _OTHER_MAGIC:
        if head.startswith(magic):
            return name
    if head.startswith(ZIP_MAGIC):
        return "zip"
    if looks_binary(head):
        return "binary"
    return "text"


def zip_format(archive: zipfile.ZipFile) -> Format:
    """Tell an XLSX from other zips (DOCX, ODS, plain archives) by the members it holds."""
    names = set(archive.namelist())
    if "[Content_Types].xml" in names and "xl/workbook.xml" in names:
        return "xlsx"
    if "mimetype" in names and b"spreadsheet" in archive.read("mimetype")[:100]:
        return "ods"
    return "zip"


def utf16_encoding(head: bytes) -> str | None:
    """UTF-16 by its BOM, or by the zero bytes every ASCII character leaves on one side."""
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16"
    sample = head[:4096]
    if len(sample) < 8:
        return None
    even_zeros = sample[0::2].count(0) / len(sample[0::2])
    odd_zeros = sample[1::2].count(0) / len(sample[1::2])
    if odd_zeros > 0.3 and even_zeros < 0.05:
        return "utf-16-le"
    if even_zeros > 0.3 and odd_zeros < 0.05:
        return "utf-16-be"
    return None


def looks_binary(head: bytes) -> bool:
    """True for bytes no text list contains: zero bytes, or more than 1% control characters."""
    if utf16_encoding(head):
        return False
    if b"\x00" in head:
        return True
    controls = sum(1 for byte in head if byte < 0x20 and byte not in b"\t\n\r\f\v")
    return controls > len(head) / 100


def cyrillic_score(text: str) -> float:
    """How much `text` looks like Russian or Kazakh; higher is more likely."""
    score = 0.0
    for char in text.lower():
        if char.isascii():
            continue
        score += _LOG_FREQ.get(char, _UNLIKELY)
    return score


def guess_single_byte(data: bytes) -> str:
    """Choose among Windows-1251, KOI8-R and KZ-1048 by which reads as the likeliest text."""
    return max(SINGLE_BYTE, key=lambda encoding: cyrillic_score(data.decode(encoding, errors="replace")))


def decode_line(line: bytes, fallback: str | None) -> tuple[str, str]:
    """Decode one line: ASCII, else strict UTF-8, else a single-byte encoding. Returns (text, encoding)."""
    if line.isascii():
        return line.decode("ascii"), "ascii"
    try:
        return line.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        encoding = fallback or guess_single_byte(line)
        return line.decode(encoding, errors="replace"), encoding


def main_encoding(sample: bytes) -> tuple[str, str | None]:
    """The encoding most lines of the sample are in, and the single-byte one to fall back to.

    UTF-8 wins unless more lines fail it than pass it; the fallback is guessed from the lines that
    fail, or left to be guessed line by line when none of the sampled lines fail.
    """
    failing: list[bytes] = []
    utf8 = 0
    for line in io.BytesIO(sample):
        if line.isascii():
            continue
        try:
            line.decode("utf-8")
            utf8 += 1
        except UnicodeDecodeError:
            failing.append(line)
    fallback = guess_single_byte(b"".join(failing)) if failing else None
    if fallback and len(failing) > utf8:
        return fallback, fallback
    return "utf-8", fallback
