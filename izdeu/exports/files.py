"""The contents of export files, written as CSV that spreadsheets cannot turn into formulas."""

import csv
from collections.abc import Iterable, Iterator

from django.db.models import Count, OuterRef, Subquery
from django.utils.translation import gettext as _

from izdeu.accounts import visibility
from izdeu.exports.models import Export, ExportKind
from izdeu.people.models import Event

# A cell starting with one of these is a formula to Excel and LibreOffice; prefixing a quote
# keeps it as the text it was (CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


class _Line:
    """A file-like object that hands back what csv.writer writes, for streaming."""

    def write(self, text: str) -> str:
        return text


def csv_lines(rows: Iterable[list]) -> Iterator[str]:
    writer = csv.writer(_Line())
    yield "\ufeff"  # so that spreadsheet programs read the file as UTF-8 (Cyrillic, Kazakh letters)
    for row in rows:
        yield writer.writerow([safe_cell(cell) for cell in row])


def export_rows(export: Export) -> Iterator[list]:
    """The watermark line, the header, then one row per record, each row watermarked too."""
    watermark = export.watermark()
    yield [watermark]
    if export.kind == ExportKind.CASES:
        yield from _case_rows(export, watermark)


def _case_rows(export: Export, watermark: str) -> Iterator[list]:
    yield [
        _("export"), _("case"), _("status"), _("priority"), _("surname"), _("given name"), _("patronymic"),
        _("birth date"), _("birth year"), _("sex"), _("search requests"), _("last known event"), _("when"), _("where"),
    ]
    last_event = Event.objects.filter(person=OuterRef("person")).order_by("-occurred_at", "-recorded_at")
    cases = (
        visibility.cases(export.requested_by)
        .select_related("person")
        .annotate(
            request_count=Count("requests"),
            last_kind=Subquery(last_event.values("kind")[:1]),
            last_at=Subquery(last_event.values("occurred_at")[:1]),
            last_place=Subquery(last_event.values("place_text")[:1]),
        )
        .order_by("pk")
    )
    event_labels = dict(Event._meta.get_field("kind").choices)
    for case in cases.iterator(chunk_size=2000):
        person = case.person
        yield [
            watermark, case.pk, case.get_status_display(), case.get_priority_display(),
            person.surname, person.given_name, person.patronymic, person.birth_date, person.birth_year,
            person.get_sex_display(), case.request_count, event_labels.get(case.last_kind, ""),
            case.last_at or "", case.last_place or "",
        ]
