"""Loading a list file into izdeu: every row becomes a list entry, a quarantined row or a counted duplicate.

`import_file()` is the one way in, for the `izdeu import` command and for the pages alike:

- the file is kept unchanged and encrypted (`Upload`), found again by its SHA-256;
- importing the same file into the same list twice changes nothing (`already_imported`);
- a list with the same name, kind and facility as an earlier one is its new version: it reuses
  the earlier column mapping when the headers are the same, and says who appeared and who
  disappeared;
- all of it happens in one transaction: a failure half-way leaves no list, entry or run.
"""

import datetime as dt
import hashlib
import os
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

from django.conf import settings
from django.core.files import File
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone

from izdeu.accounts.models import Organisation, User
from izdeu.audit.log import record_bulk
from izdeu.audit.models import AuditAction
from izdeu.facilities.models import Facility
from izdeu.lists import problems as codes
from izdeu.lists.models import (
    ImportRun,
    ImportStatus,
    ListEntry,
    QuarantinedRow,
    Reliability,
    Source,
    SourceKind,
    Upload,
)
from izdeu.lists.reading import Column, RawRow, ReadResult, Table, apply_mapping, mapping_of, stream
from izdeu.lists.values import (
    Birth,
    Iin,
    cross_check,
    parse_birth,
    parse_iin,
    Phone,
    normalise_phones,
    parse_sex,
    sex_from_patronymic,
    sex_from_surname,
    split_full_name,
)

# The words for a list's kind in `izdeu import --kind`, the API and the upload form.
KINDS = {
    "police": SourceKind.POLICE_STATION,
    "temporary_detention": SourceKind.TEMPORARY_DETENTION,
    "pretrial_detention": SourceKind.PRETRIAL_DETENTION,
    "court": SourceKind.COURT,
    "hospital": SourceKind.HOSPITAL,
    "morgue": SourceKind.MORGUE,
    "release": SourceKind.RELEASE,
    "volunteer": SourceKind.VOLUNTEER_REPORT,
}

BATCH = 2_000
# Lists whose people are in custody: someone missing from the next version may have been moved,
# released or worse, so each of them is named for follow-up.
DETENTION_KINDS = frozenset({SourceKind.POLICE_STATION, SourceKind.TEMPORARY_DETENTION, SourceKind.PRETRIAL_DETENTION})
# Reading problems that mean there is nothing to import at all.
FATAL_READING = frozenset({"too_large", "empty_file", "unsupported_xls", "not_a_table", "zip_bomb", "broken_xlsx"})
# Birth problems that say the row itself is wrong, not merely written oddly.
BAD_BIRTH = frozenset({"impossible_date", "future_date", "implausible_age"})
# Problem details safe to keep beside a run: counts and positions, never a value from the file.
SAFE_DETAILS = frozenset({"sheet", "column", "columns", "cells", "lines", "count", "size", "limit", "encoding"})
MAX_LENGTHS = {"phones": 200, "full_name": 300, "surname": 100, "given_name": 100, "patronymic": 100, "place_text": 300, "article": 200}

Data = bytes | str | os.PathLike[str]
# {sheet: {column index: field or None}}, as the mapping screen and the API give it.
Mappings = dict[str, dict[int | str, str | None]]
# Told the number of rows read so far, every few thousand rows.
Progress = Callable[[int], None]


class ImportRefused(Exception):
    """The file cannot be imported at all; `problems` holds the reading problem codes."""

    def __init__(self, problem_codes: list[str]):
        super().__init__(", ".join(problem_codes))
        self.codes = problem_codes


@dataclass
class ImportSummary:
    rows: int = 0
    imported: int = 0
    quarantined: int = 0
    duplicates: int = 0
    blank: int = 0
    source_id: int | None = None
    run_ids: list[int] = field(default_factory=list)
    upload_id: int | None = None
    sha256: str = ""
    problems: list[dict[str, Any]] = field(default_factory=list)
    already_imported: bool = False
    previous_source_id: int | None = None
    appeared: int | None = None
    disappeared: int | None = None
    disappeared_entry_ids: list[int] = field(default_factory=list)
    changed: int | None = None
    # [{"before": entry id, "after": entry id, "fields": ["birth_date", "place_text", …]}]
    changed_entries: list[dict[str, Any]] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        """The contract of `izdeu import --json`: the counts and the list first, then the rest."""
        head = {key: getattr(self, key) for key in ("rows", "imported", "quarantined", "duplicates", "source_id")}
        rest = {key: value for key, value in vars(self).items() if key not in head}
        return head | rest


@dataclass
class Parsed:
    """What one row says, ready to become a ListEntry, or the reasons it cannot."""

    fields: dict[str, Any]
    problems: list[dict[str, Any]]
    # Things worth a look that do not stop the row from becoming an entry (codes, as `problems`).
    notes: list[str] = field(default_factory=list)


def import_file(
    data: Data,
    filename: str,
    *,
    source_name: str,
    kind: str,
    organisation: Organisation,
    user: User,
    facility: Facility | None = None,
    list_date: dt.date | None = None,
    reliability: str = Reliability.UNCONFIRMED,
    mappings: Mappings | None = None,
    provided_by: str = "",
) -> ImportSummary:
    """Import one list file; see the module's docstring. Raises `ImportRefused` for an unreadable file."""
    check_readable(data, filename)
    upload = keep_upload(data, filename, organisation, user)
    return import_upload(
        upload, source_name=source_name, kind=kind, organisation=organisation, user=user, facility=facility,
        list_date=list_date, reliability=reliability, mappings=mappings, provided_by=provided_by,
    )  # fmt: skip


def import_upload(
    upload: Upload,
    *,
    source_name: str,
    kind: str,
    organisation: Organisation,
    user: User,
    facility: Facility | None = None,
    list_date: dt.date | None = None,
    reliability: str = Reliability.UNCONFIRMED,
    mappings: Mappings | None = None,
    skipped_sheets: Iterable[str] = (),
    provided_by: str = "",
    progress: Progress | None = None,
) -> ImportSummary:
    """Import a file already kept: the one import, for `import_file()` and the background loads alike.

    `mappings` is {sheet: {column index: field or None}} (a CSV's one sheet is ""); sheets without
    one keep the guess, or the previous version's mapping. `progress` is told the rows read so far.
    """
    if kind not in SourceKind.values:
        raise ValueError(f"unknown list kind {kind!r}")
    earlier = earlier_import(upload, organisation, source_name)
    if earlier is not None:
        return earlier
    result = read_upload(upload)
    with transaction.atomic():
        summary = _import(result, upload, source_name, kind, organisation, user, facility, list_date, reliability,
                          mappings or {}, frozenset(skipped_sheets), provided_by, progress)  # fmt: skip
        hand_to_matching(summary.source_id)
    return summary


def hand_to_matching(source_id: int) -> None:
    """Once the list is saved, match its entries against the open requests, in the background."""
    from izdeu.review.matching import match_entries  # the review app depends on lists, not the reverse

    transaction.on_commit(lambda: match_entries.enqueue(source_id))


def check_readable(data: Data, filename: str) -> None:
    """Raise `ImportRefused` when the file holds no table at all; only the start of the file is read."""
    result = stream(data, filename, settings.MAX_UPLOAD_MB * 1024 * 1024)
    if not result.tables:
        raise ImportRefused([p.code for p in result.problems if p.code in FATAL_READING] or ["not_a_table"])


def read_upload(upload: Upload) -> ReadResult:
    """The kept file, streamed as it is decrypted; records the format found, the first time."""
    if not upload.file:
        raise ImportRefused([codes.FILE_ERASED])
    result = stream(_opener(upload), upload.original_name, settings.MAX_UPLOAD_MB * 1024 * 1024)
    if not result.tables:
        raise ImportRefused([p.code for p in result.problems if p.code in FATAL_READING] or ["not_a_table"])
    if not upload.detected_kind:
        upload.detected_kind, upload.encoding = result.kind or "", result.encoding or ""
        upload.save(update_fields=["detected_kind", "encoding"])
    return result


def _opener(upload: Upload) -> Callable[[], BinaryIO]:
    return lambda: upload.file.storage.open(upload.file.name).file


# The upload ---------------------------------------------------------------------------------------


def _sha256(data: Data) -> str:
    digest = hashlib.sha256()
    if isinstance(data, bytes):
        digest.update(data)
    else:
        with open(data, "rb") as handle:
            for chunk in iter(lambda: handle.read(1024 * 1024), b""):
                digest.update(chunk)
    return digest.hexdigest()


def keep_upload(data: Data, filename: str, organisation: Organisation, user: User) -> Upload:
    """The raw file, stored once per organisation; kept outside the import's transaction on purpose:
    a failed import can be run again from it, and a kept file loses nothing."""
    sha256 = _sha256(data)
    existing = Upload.objects.filter(organisation=organisation, sha256=sha256).first()
    if existing is not None and existing.file:
        return existing
    # A file kept before and erased with its lists (``izdeu purge``) is kept again.
    upload = existing or Upload(
        organisation=organisation,
        sha256=sha256,
        size=len(data) if isinstance(data, bytes) else os.path.getsize(data),
        uploaded_by=user,
    )
    upload.original_name = Path(filename).name[:255]
    if isinstance(data, bytes):
        upload.file.save("upload", ContentFile(data), save=False)
    else:
        with open(data, "rb") as handle:
            upload.file.save("upload", File(handle), save=False)
    try:
        with transaction.atomic():
            upload.save()
    except IntegrityError:
        # The same file, stored at the same moment by another import: use that one.
        upload.file.delete(save=False)
        return Upload.objects.get(organisation=organisation, sha256=sha256)
    return upload


def earlier_import(upload: Upload, organisation: Organisation, source_name: str) -> ImportSummary | None:
    runs = list(
        ImportRun.objects.filter(
            upload=upload, status=ImportStatus.FINISHED, source__organisation=organisation, source__name=source_name
        ).select_related("source")
    )
    if not runs:
        return None
    summary = _summary_of_runs(runs, upload)
    summary.already_imported = True
    source = runs[0].source
    if source.previous_version is not None:
        _compare_versions(summary, source.previous_version, source)
    return summary


def _summary_of_runs(runs: list[ImportRun], upload: Upload) -> ImportSummary:
    summary = ImportSummary(source_id=runs[0].source_id, upload_id=upload.pk, sha256=upload.sha256)
    summary.previous_source_id = runs[0].source.previous_version_id
    for run in runs:
        summary.rows += run.rows
        summary.imported += run.imported
        summary.quarantined += run.quarantined
        summary.duplicates += run.duplicates
        summary.blank += run.blank
        summary.run_ids.append(run.pk)
        summary.problems.extend(run.problems)
    return summary


def summary_of(source: Source) -> ImportSummary | None:
    """The summary of a list already imported, as `import_file()` gave it; None before any run finished."""
    runs = list(source.import_runs.filter(status=ImportStatus.FINISHED).select_related("source", "upload"))
    if not runs:
        return None
    summary = _summary_of_runs(runs, runs[0].upload)
    if source.previous_version is not None:
        _compare_versions(summary, source.previous_version, source)
    return summary


# The import ---------------------------------------------------------------------------------------


def _import(
    result: ReadResult,
    upload: Upload,
    source_name: str,
    kind: str,
    organisation: Organisation,
    user: User,
    facility: Facility | None,
    list_date: dt.date | None,
    reliability: str,
    mappings: Mappings,
    skipped_sheets: frozenset[str],
    provided_by: str,
    progress: Progress | None,
) -> ImportSummary:
    previous = previous_version(organisation, source_name, kind, facility)
    source = Source.objects.create(
        organisation=organisation, name=source_name, kind=kind, facility=facility, list_date=list_date,
        provided_by=provided_by, reliability=reliability, previous_version=previous, uploaded_by=user,
    )  # fmt: skip
    seen: set[bytes] = set()
    runs = []
    counts = {"entries": 0, "quarantined": 0, "rows": 0}
    for table in result.tables:
        if table.sheet in skipped_sheets:
            _skip(table, result)
            continue
        _choose_mapping(table, mappings.get(table.sheet), previous)
        runs.append(_import_table(table, source, upload, list_date, seen, counts, progress))
    if not runs:
        raise ImportRefused([codes.NO_SHEET_CHOSEN])
    # Reading problems grow while rows are read: they are complete only now.
    _attach_problems(runs, result)
    record_bulk(user, AuditAction.BULK_LOAD, ListEntry, counts["entries"], organisation_id=organisation.pk)
    if counts["quarantined"]:
        record_bulk(user, AuditAction.BULK_LOAD, QuarantinedRow, counts["quarantined"], organisation_id=organisation.pk)
    summary = _summary_of_runs(runs, upload)
    if previous is not None:
        _compare_versions(summary, previous, source)
    return summary


def _skip(table: Table, result: ReadResult) -> None:
    """A sheet the volunteer left out: its rows are read past (the next sheet follows them), counted,
    and the count kept with the list, so the summary says what was not loaded."""
    rows = sum(1 for _row in table.iter_rows())
    result.add(codes.SHEET_LEFT_OUT, None, sheet=table.sheet, count=rows)


def previous_version(organisation: Organisation, name: str, kind: str, facility: Facility | None) -> Source | None:
    """The latest list of that name, kind and facility: the one a new upload would be the next version of."""
    return (
        Source.objects.filter(organisation=organisation, name=name, kind=kind, facility=facility, next_version__isnull=True)
        .order_by("-created_at", "-pk")
        .first()
    )


def remembered_mapping(previous: Source | None, table: Table) -> dict[str, str | None] | None:
    """The mapping used for the previous version of the list, when its headers were the same."""
    if previous is None:
        return None
    headers = [column.header for column in table.columns]
    run = previous.import_runs.filter(headers=headers).order_by("-pk").first()
    return run.mapping if run is not None else None


def _choose_mapping(table: Table, mapping: dict[int | str, str | None] | None, previous: Source | None) -> None:
    """A volunteer's mapping wins; else the previous version's, when its headers were the same."""
    chosen = mapping if mapping is not None else remembered_mapping(previous, table)
    if chosen is None:
        return
    try:
        apply_mapping(table, chosen)
    except ValueError as error:
        raise ImportRefused([codes.UNKNOWN_COLUMN]) from error


def _import_table(
    table: Table,
    source: Source,
    upload: Upload,
    list_date: dt.date | None,
    seen: set[bytes],
    counts: dict[str, int],
    progress: Progress | None,
) -> ImportRun:
    run = ImportRun.objects.create(
        source=source, upload=upload, sheet=table.sheet[:100], headers=[c.header for c in table.columns],
        mapping=mapping_of(table),
    )  # fmt: skip
    entries: list[ListEntry] = []
    quarantined: list[QuarantinedRow] = []
    noted: dict[str, list[int]] = {}
    for row in table.iter_rows():
        run.rows += 1
        counts["rows"] += 1
        if progress is not None and counts["rows"] % BATCH == 0:
            progress(counts["rows"])
        if _is_duplicate(row, seen):
            run.duplicates += 1
            continue
        raw = _raw(table, row)
        parsed = parse_row(table, row, list_date)
        for code in parsed.notes:
            noted.setdefault(code, []).append(row.number)
        if parsed.problems:
            quarantined.append(QuarantinedRow(run=run, sheet=run.sheet, row_number=row.number, raw=raw,
                                              problems=parsed.problems))  # fmt: skip
        else:
            entries.append(ListEntry(source=source, file_sha256=upload.sha256, sheet=run.sheet,
                                     row_number=row.number, raw=raw, **parsed.fields))  # fmt: skip
        if len(entries) >= BATCH:
            run.imported += _flush_entries(entries)
        if len(quarantined) >= BATCH:
            run.quarantined += _flush_quarantined(quarantined)
    run.imported += _flush_entries(entries)
    run.quarantined += _flush_quarantined(quarantined)
    counts["entries"] += run.imported
    counts["quarantined"] += run.quarantined
    run.problems.extend(_notes(noted, run.sheet))
    run.status = ImportStatus.FINISHED
    run.finished_at = timezone.now()
    run.save()
    return run


# A note met on many rows is kept once per sheet, with its count and the first row numbers.
NOTED_ROWS = 50


def _notes(noted: dict[str, list[int]], sheet: str) -> list[dict[str, Any]]:
    return [
        {"code": code, "row": rows[0], "detail": {"sheet": sheet, "count": len(rows), "rows": rows[:NOTED_ROWS]}}
        for code, rows in noted.items()
    ]


def create_entries(batch: list[ListEntry]) -> None:
    """One batch of entries into the database (a function of its own so tests can make it fail)."""
    ListEntry.objects.bulk_create(batch)


def _flush_entries(entries: list[ListEntry]) -> int:
    count = len(entries)
    if count:
        create_entries(entries)
        entries.clear()
    return count


def _flush_quarantined(rows: list[QuarantinedRow]) -> int:
    count = len(rows)
    if count:
        QuarantinedRow.objects.bulk_create(rows)
        rows.clear()
    return count


def _is_duplicate(row: RawRow, seen: set[bytes]) -> bool:
    """The same cells as an earlier row of this import; trailing empty cells do not count."""
    cells = list(row.cells)
    while cells and not cells[-1].strip():
        cells.pop()
    key = hashlib.blake2b("\x1f".join(c.strip() for c in cells).encode(), digest_size=16).digest()
    if key in seen:
        return True
    seen.add(key)
    return False


def _raw(table: Table, row: RawRow) -> dict[str, str]:
    """The row as {header: cell}, in column order; blank or repeated headers get the column's number."""
    raw: dict[str, str] = {}
    for index, cell in enumerate(row.cells):
        header = table.columns[index].header.strip() if index < len(table.columns) else ""
        key = header or f"#{index + 1}"
        if key in raw:
            key = f"{key} #{index + 1}"
        raw[key] = cell
    return raw


def _attach_problems(runs: list[ImportRun], result: ReadResult) -> None:
    by_sheet = {run.sheet: run for run in runs}
    for problem in result.problems:
        safe = {key: value for key, value in problem.detail.items() if key in SAFE_DETAILS}
        run = by_sheet.get(str(safe.get("sheet", ""))[:100], runs[0])
        run.problems.append({"code": problem.code, "row": problem.row, "detail": safe})
    for run in runs:
        if run.problems:
            run.save(update_fields=["problems"])


# One row ------------------------------------------------------------------------------------------

# "1992 г.р.", "12.03.1992", "92 ж.т.", "30 жаста", "30 лет", "40-45 лет" inside a chat line.
_CHAT_BIRTH = re.compile(
    r"(?<!\d)(?:\d{1,2}[./-]\d{1,2}[./-]\d{2,4}|\d{2,4}\s*(?:г\.?\s*р\.?|ж\.?\s*т\.?|жылы\s+туған|года\s+рождения)"
    r"|\d{4}(?!\d)|\d{1,3}(?:\s*[-–—]\s*\d{1,3})?\s*(?:жаста|жас|лет|года|год)(?!\w))",
    re.IGNORECASE,
)
_CHAT_PLACE = re.compile(r"\s+[—–-]\s+|\s*[—–]\s*")


def parse_row(table: Table, row: RawRow, list_date: dt.date | None) -> Parsed:
    """Read one row into ListEntry fields; any reason to doubt the row goes into `problems`."""
    cells = _cells_by_field(table, row)
    fields: dict[str, Any] = {}
    found: list[dict[str, Any]] = []
    birth_text = cells.get("birth_date") or cells.get("birth_year") or cells.get("age") or ""
    if "chat_line" in cells and not cells.get("full_name"):
        birth_text = _read_chat_line(cells["chat_line"], cells) or birth_text
    _read_names(cells, fields)
    birth = _read_birth(birth_text, list_date, fields, found)
    column_sex = parse_sex(cells.get("sex", ""))
    notes: list[str] = []
    iin = _read_iin(cells.get("iin", ""), birth, column_sex, fields, found, notes)
    fields["sex"] = column_sex or (iin.sex if iin else None) or _sex_from_names(fields) or "unknown"
    fields["place_text"] = cells.get("place", "")
    fields["article"] = cells.get("article", "")
    fields["note"] = cells.get("note", "")
    fields["phones"] = _read_phones(cells.get("phone", ""), notes)
    if not (fields["full_name"] or fields["surname"] or fields["given_name"]):
        found.append({"code": codes.NO_NAME, "detail": {}})
    too_long = [name for name, limit in MAX_LENGTHS.items() if len(fields[name]) > limit]
    if too_long:
        found.append({"code": codes.VALUE_TOO_LONG, "detail": {"fields": too_long}})
    return Parsed(fields, found, notes)


def _cells_by_field(table: Table, row: RawRow) -> dict[str, str]:
    """{field: text}; two columns with one meaning (two "note" columns) are joined, not dropped."""
    cells: dict[str, str] = {}
    for column, cell in zip(table.columns, row.cells, strict=False):
        text = " ".join(cell.split())
        if column.field and text:
            cells[column.field] = f"{cells[column.field]} {text}" if column.field in cells else text
    return cells


def _read_phones(text: str, notes: list[str]) -> str:
    """The row's numbers in E.164; one that cannot be read is noted, never a reason to set the row
    aside (the raw row keeps it as written)."""
    numbers = []
    for phone in normalise_phones(text):
        if isinstance(phone, Phone):
            numbers.append(phone.e164)
        else:
            notes.append(phone.code)
    return ", ".join(dict.fromkeys(numbers))


def _read_chat_line(line: str, cells: dict[str, str]) -> str:
    """Split "Загипаров Нурлан, 1992 г.р. — УП Алмалинского" into name, birth and place; returns the birth text."""
    name_part, *place = _CHAT_PLACE.split(line, maxsplit=1)
    if place and not cells.get("place"):
        cells["place"] = place[0].strip(" ,;")
    match = _CHAT_BIRTH.search(name_part)
    birth_text = ""
    if match:
        birth_text = match.group(0)
        name_part = name_part[: match.start()] + " " + name_part[match.end() :]
    cells["full_name"] = " ".join(name_part.replace(",", " ").split()).strip(" .;")
    return birth_text


def _read_names(cells: dict[str, str], fields: dict[str, Any]) -> None:
    fields["surname"] = cells.get("surname", "")
    fields["given_name"] = cells.get("given_name", "")
    fields["patronymic"] = cells.get("patronymic", "")
    written = cells.get("full_name", "")
    if written and not (fields["surname"] or fields["given_name"]):
        parts = split_full_name(written)
        fields["surname"] = parts.surname or ""
        fields["given_name"] = parts.given_name or ""
        fields["patronymic"] = fields["patronymic"] or parts.patronymic or ""
    fields["full_name"] = written or " ".join(
        part for part in (fields["surname"], fields["given_name"], fields["patronymic"]) if part
    )


def _read_birth(
    text: str, list_date: dt.date | None, fields: dict[str, Any], found: list[dict[str, Any]]
) -> Birth | None:
    if not text:
        return None
    birth = parse_birth(text, list_date)
    if not isinstance(birth, Birth):
        if birth.code in BAD_BIRTH:
            found.append({"code": birth.code, "detail": {"field": "birth"}})
        # An unreadable date is not a reason to hide the person: the raw row keeps it as typed.
        return None
    fields["birth_date"] = birth.date
    fields["birth_year"] = birth.year
    fields["age_min"] = birth.age_min
    fields["age_max"] = birth.age_max
    fields["age_on"] = birth.age_on
    return birth


def _read_iin(
    text: str,
    birth: Birth | None,
    sex: str | None,
    fields: dict[str, Any],
    found: list[dict[str, Any]],
    notes: list[str] | None = None,
) -> Iin | None:
    if not text:
        return None
    iin = parse_iin(text)
    restored = _restore_leading_zero(text) if not isinstance(iin, Iin) and iin.code == "iin_wrong_length" else None
    if restored is not None:
        iin = restored
        if notes is not None:
            notes.append(codes.IIN_LEADING_ZERO_RESTORED)
    if not isinstance(iin, Iin):
        found.append({"code": iin.code, "detail": {"field": "iin"}})
        return None
    contradictions = cross_check(iin, birth, sex)
    found.extend({"code": problem.code, "detail": {"field": "iin"}} for problem in contradictions)
    if contradictions:
        return None
    fields["iin"] = iin.value
    # The IIN agrees with the row and carries the exact birth date: it settles a row that gave
    # only a year or an age, or a day and month that could be read either way.
    fields["birth_date"] = iin.birth_date
    fields["birth_year"] = iin.birth_date.year
    return iin


def _restore_leading_zero(text: str) -> Iin | None:
    """The IIN of someone born in 2000–2009 starts with 0, which a spreadsheet drops when the column
    holds numbers: 11 digits that make a valid IIN of that decade once the 0 is put back are read so.
    Only that decade: a 0 for 1900–1909 would make a person over 110, far likelier a mistyped number."""
    digits = text.strip()
    if len(digits) != 11 or not (digits.isascii() and digits.isdigit()):
        return None
    iin = parse_iin("0" + digits)
    return iin if isinstance(iin, Iin) and iin.century == 2000 else None


def _sex_from_names(fields: dict[str, Any]) -> str | None:
    return (sex_from_patronymic(fields["patronymic"]) if fields["patronymic"] else None) or sex_from_surname(
        fields["surname"]
    )


# Fixing a quarantined row ------------------------------------------------------------------------

# What the fix form holds, and the row's fields each value replaces; the row's other columns (a
# note, an article) stay as read.
FIX_REPLACES = {
    "full_name": ("full_name", "surname", "given_name", "patronymic", "chat_line"),
    "birth": ("birth_date", "birth_year", "age"),
    "iin": ("iin",),
    "sex": ("sex",),
    "place": ("place",),
}
FIX_READ_AS = {"full_name": "full_name", "birth": "birth_date", "iin": "iin", "sex": "sex", "place": "place"}


def _row_table(row: QuarantinedRow) -> tuple[Table, list[str]]:
    """The quarantined row as the import read it: its cells under the columns' meanings."""
    columns = [Column(index, header, field=row.run.mapping.get(str(index))) for index, header in enumerate(row.raw)]
    return Table(sheet=row.sheet, header_row=None, columns=columns, rows=[]), list(row.raw.values())


def fix_values(row: QuarantinedRow) -> dict[str, str]:
    """The fix form filled with what the row says, so that fixing a typo is changing one character."""
    table, cells = _row_table(row)
    by_field = _cells_by_field(table, RawRow(row.row_number, cells))
    birth = by_field.get("birth_date") or by_field.get("birth_year") or by_field.get("age") or ""
    if "chat_line" in by_field and not by_field.get("full_name"):
        birth = _read_chat_line(by_field["chat_line"], by_field) or birth
    names = [by_field.get(f, "") for f in ("surname", "given_name", "patronymic")]
    return {
        "full_name": by_field.get("full_name") or " ".join(n for n in names if n),
        "birth": birth,
        "iin": by_field.get("iin", ""),
        "sex": parse_sex(by_field.get("sex", "")) or "",
        "place": by_field.get("place", ""),
    }


def parse_fixed(row: QuarantinedRow, values: dict[str, str], list_date: dt.date | None) -> Parsed:
    """The row read again by `parse_row`, with the volunteer's values in place of the ones they retyped."""
    table, cells = _row_table(row)
    replaced = {field for key in FIX_REPLACES for field in FIX_REPLACES[key]}
    for column in table.columns:
        if column.field in replaced:
            column.field = None
    for key, meaning in FIX_READ_AS.items():
        table.columns.append(Column(len(table.columns), key, field=meaning))
        cells.append(values.get(key) or "")
    return parse_row(table, RawRow(row.row_number, cells), list_date)


# Versions -----------------------------------------------------------------------------------------


def person_key(surname: str, given_name: str, birth_year: int | None) -> tuple[str, str, int | None]:
    """Who a row is, loosely enough that a retyped list still finds the same people."""
    return (_fold(surname), _fold(given_name), birth_year)


def _fold(text: str) -> str:
    return " ".join(text.casefold().replace("ё", "е").split())


# Details compared between the versions of a list, by the names the summary gives them. The IIN
# is compared through its keyed hash: the comparison never decrypts it.
VERSION_DETAILS = ("patronymic", "birth_date", "iin_hash", "sex", "place_text", "facility_id", "article")
_VERSION_FIELDS = ("pk", "surname", "given_name", "birth_year", *VERSION_DETAILS)


def _pair(before: dict[int, tuple], after: dict[int, tuple], key) -> list[tuple[int, int]]:
    """Pair the rows of two versions with the same key, in row order; each row pairs at most once."""
    waiting: dict[Any, list[int]] = {}
    for pk in sorted(before):
        waiting.setdefault(key(before[pk]), []).append(pk)
    pairs = []
    for pk in sorted(after):
        queue = waiting.get(key(after[pk]))
        if queue:
            pairs.append((queue.pop(0), pk))
    return pairs


def _changed(old: tuple, new: tuple) -> list[str]:
    offset = len(_VERSION_FIELDS) - len(VERSION_DETAILS)
    changed = [name for index, name in enumerate(VERSION_DETAILS, offset) if old[index] != new[index]]
    if old[3] != new[3]:
        changed.insert(0, "birth_year")
    return ["iin" if name == "iin_hash" else name.removesuffix("_id") for name in changed]


def _compare_versions(summary: ImportSummary, previous: Source, source: Source) -> None:
    """Who appeared, who disappeared and whose row changed since the previous version.

    Rows are the same person first by surname, given name and birth year, then (for the rest) by
    surname and given name alone, so that a corrected birth year reads as a change, not as one
    person leaving and another arriving."""
    before = {row[0]: row for row in previous.entries.values_list(*_VERSION_FIELDS).iterator()}
    after = {row[0]: row for row in source.entries.values_list(*_VERSION_FIELDS).iterator()}
    pairs = _pair(before, after, lambda row: person_key(row[1], row[2], row[3]))
    left_before = {pk: before[pk] for pk in before.keys() - {old for old, _new in pairs}}
    left_after = {pk: after[pk] for pk in after.keys() - {new for _old, new in pairs}}
    pairs += _pair(left_before, left_after, lambda row: person_key(row[1], row[2], None))
    changes = [(old, new, fields) for old, new in pairs if (fields := _changed(before[old], after[new]))]
    summary.changed = len(changes)
    summary.changed_entries = [{"before": old, "after": new, "fields": fields} for old, new, fields in changes]
    summary.appeared = len(after) - len(pairs)
    gone = sorted(before.keys() - {old for old, _new in pairs})
    summary.disappeared = len(gone)
    if source.kind in DETENTION_KINDS:
        summary.disappeared_entry_ids = gone


# Before loading: what the mapping screen shows ----------------------------------------------------

# Rows of each sheet shown under its columns, so that a volunteer can see what a column holds.
SAMPLE_ROWS = 3


def preview(upload: Upload, organisation: Organisation, source_name: str, kind: str, facility: Facility | None,
            progress: Progress | None = None) -> list[dict[str, Any]]:  # fmt: skip
    """Every sheet of the kept file as the mapping screen shows it: columns with their guessed (or
    remembered) meanings, the number of rows, a few sample rows and the sheet's reading problems."""
    result = read_upload(upload)
    previous = previous_version(organisation, source_name, kind, facility)
    sheets = []
    read = 0
    for table in result.tables:
        remembered = remembered_mapping(previous, table)
        if remembered is not None:
            apply_mapping(table, remembered)
        header_columns = len(table.columns)
        samples, rows = [], 0
        for row in table.iter_rows():
            rows += 1
            read += 1
            if len(samples) < SAMPLE_ROWS:
                samples.append(row.cells[:header_columns])
            if progress is not None and read % BATCH == 0:
                progress(read)
        sheets.append({
            "sheet": table.sheet, "header_row": table.header_row, "rows": rows, "samples": samples,
            "remembered": remembered is not None,
            "columns": [{"index": c.index, "header": c.header, "field": c.field, "confidence": c.confidence}
                        for c in table.columns[:header_columns]],
        })  # fmt: skip
    for problem in result.problems:
        sheet = next((s for s in sheets if s["sheet"] == problem.detail.get("sheet", "")), sheets[0])
        sheet.setdefault("problems", []).append(problem.code)
    for sheet in sheets:
        sheet["problems"] = sorted(set(sheet.get("problems", [])))
    return sheets
