"""The request and the list entry field by field, each field marked agree, disagree or missing.

The mark follows the engine where it weighed the field (its reasons know that "Zagghiparov" and
"ЗАГИПАРОВ" are one name); where it did not, the values are compared by their name keys,
dates, years and the IIN's keyed hash. The reasons themselves are shown in the reader's
language: the engine writes English for files and leaves the pages to translate.
"""

from dataclasses import dataclass

from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from izdeu.lists.models import ListEntry
from izdeu.lists.views import mask_iin
from izdeu.matching.names import reduced_key, token_key
from izdeu.people.models import PersonDetails, Sex
from izdeu.searches.models import SearchRequest

AGREE, DISAGREE, MISSING, NOT_COMPARED = "agree", "disagree", "missing", "not_compared"
MARK_WORDS = {
    AGREE: gettext_lazy("agrees"),
    DISAGREE: gettext_lazy("differs"),
    MISSING: gettext_lazy("missing"),
    NOT_COMPARED: gettext_lazy("not compared"),
}

COMPARISON_WORDS = {
    "surname": gettext_lazy("Surname"),
    "given_name": gettext_lazy("Given name"),
    "given_initial": gettext_lazy("Initial of the given name"),
    "father": gettext_lazy("Patronymic"),
    "father_initial": gettext_lazy("Initial of the patronymic"),
    "generation": gettext_lazy("Father and son"),
    "birth": gettext_lazy("Birth"),
    "sex": gettext_lazy("Sex"),
    "iin": gettext_lazy("IIN"),
    "document": gettext_lazy("Identity document"),
    "phone": gettext_lazy("Phone"),
    "place": gettext_lazy("Place"),
    "one_person": gettext_lazy("Other candidates"),
}
LEVEL_WORDS = {
    "missing": gettext_lazy("missing on one side"),
    "same": gettext_lazy("same"),
    "other_order": gettext_lazy("same names in the other order"),
    "crossed": gettext_lazy("one's surname is the other's given name"),
    "other_order_initial": gettext_lazy("the surname and the initial in the other order"),
    "soviet_dzh": gettext_lazy("the initial of the name as spelled with Дж-"),
    "other_order_typo": gettext_lazy("the names in the other order, one mistyped"),
    "close_variant": gettext_lazy("a close variant"),
    "different_families": gettext_lazy("different families"),
    "typo": gettext_lazy("a likely typo"),
    "same_root": gettext_lazy("same root (one form without -ov/-ev)"),
    "two_names": gettext_lazy("two different names"),
    "father_and_child": gettext_lazy("one is named after the other's father"),
    "same_day": gettext_lazy("same day"),
    "day_month_swapped": gettext_lazy("day and month swapped"),
    "year_apart_same_day": gettext_lazy("same day, the year one apart"),
    "one_typo": gettext_lazy("one digit mistyped"),
    "same_year_other_day": gettext_lazy("same year, another day"),
    "same_year": gettext_lazy("same year"),
    "fits_age": gettext_lazy("fits the age given"),
    "year_apart": gettext_lazy("a year apart"),
    "age_far_off": gettext_lazy("far from the age given"),
    "shared": gettext_lazy("a number in common"),
    "same_address": gettext_lazy("same address"),
    "similar_address": gettext_lazy("similar address"),
    "same_city": gettext_lazy("same town"),
    "different": gettext_lazy("different"),
    "same_person_as_stronger": gettext_lazy("may be the same person as a stronger candidate"),
    "another_person_fits": gettext_lazy("another person fits as well or better"),
}

# Which of the engine's comparisons speak for each field shown.
FIELD_COMPARISONS = {
    "surname": ("surname",),
    "given_name": ("given_name", "given_initial"),
    "patronymic": ("father", "father_initial"),
    "birth": ("birth",),
    "sex": ("sex",),
    "iin": ("iin",),
}


@dataclass(frozen=True)
class Row:
    label: str
    request: str
    entry: str
    mark: str

    @property
    def mark_words(self) -> str:
        return str(MARK_WORDS[self.mark])


@dataclass(frozen=True)
class ShownReason:
    comparison: str
    level: str
    request: str
    entry: str
    weight: float


def shown_reasons(reasons: list[dict]) -> list[ShownReason]:
    """The engine's reasons in the reader's language, strongest first."""
    shown = []
    for reason in sorted(reasons, key=lambda r: -abs(r.get("weight", 0))):
        comparison = reason.get("comparison", "")
        level = reason.get("level", "")
        shown.append(ShownReason(
            comparison=str(COMPARISON_WORDS.get(comparison, comparison)) if comparison else "",
            level=str(LEVEL_WORDS[level]) if level in LEVEL_WORDS else reason.get("text", level),
            request=_quoted(comparison, reason.get("request", "")), entry=_quoted(comparison, reason.get("entry", "")),
            weight=reason.get("weight", 0.0),
        ))  # fmt: skip
    return shown


def _quoted(comparison: str, value: str) -> str:
    """What a reason quotes, as written; the engine's own words for sex in the reader's language."""
    return str(Sex(value).label) if comparison == "sex" and value in Sex.values else value


def side_by_side(request: SearchRequest, entry: ListEntry, reasons: list[dict]) -> list[Row]:
    engine = _engine_marks(reasons)
    read = _engine_reading(reasons)
    names = [_name_row(field, label, request, entry, engine, read.get(field, ("", ""))) for field, label in (
        ("surname", _("Surname")), ("given_name", _("Given name")), ("patronymic", _("Patronymic")))]  # fmt: skip
    written = Row(_("Name as written"), request.full_name, entry.full_name, _combined(row.mark for row in names))
    birth = Row(_("Birth date or age"), birth_text(request), birth_text(entry),
                engine.get("birth") or _birth_mark(request, entry))  # fmt: skip
    sex = Row(_("Sex"), _sex_text(request), _sex_text(entry), engine.get("sex") or _sex_mark(request, entry))
    iin = Row(_("IIN"), mask_iin(request.iin), mask_iin(entry.iin), engine.get("iin") or _iin_mark(request, entry))
    place = Row(_("Place"), request.last_seen_place, _entry_place(entry), _place_mark(request, entry))
    return [written, *names, birth, sex, iin, place]


def birth_text(details: PersonDetails) -> str:
    if details.birth_date:
        return formats.date_format(details.birth_date, "SHORT_DATE_FORMAT")
    if details.birth_year:
        return str(details.birth_year)
    if details.age_min is not None:
        if details.age_min == details.age_max:
            return _("aged %(age)s") % {"age": details.age_min}
        return _("%(low)s–%(high)s years old") % {"low": details.age_min, "high": details.age_max}
    return ""


def _engine_marks(reasons: list[dict]) -> dict[str, str]:
    """Each field's mark as the engine weighed it: for when the weights add up above zero."""
    marks = {}
    for field, comparisons in FIELD_COMPARISONS.items():
        weighed = [r for r in reasons if r.get("comparison") in comparisons and r.get("level") != "missing"]
        total = sum(r.get("weight", 0.0) for r in weighed)
        if weighed and total:
            marks[field] = AGREE if total > 0 else DISAGREE
    return marks


def _combined(marks) -> str:
    marks = set(marks)
    if DISAGREE in marks:
        return DISAGREE
    return AGREE if AGREE in marks else MISSING


def _engine_reading(reasons: list[dict]) -> dict[str, tuple[str, str]]:
    """Each name part as the engine read it on both sides (request, entry). The public form asks
    for the full name first and the parts only if the requester wishes: most requests keep no
    parts, and without these the names the engine found alike would show as missing."""
    read = {}
    for field in ("surname", "given_name", "patronymic"):
        for reason in reasons:
            if reason.get("comparison") in FIELD_COMPARISONS[field] and reason.get("level") != "missing":
                read.setdefault(field, (reason.get("request", ""), reason.get("entry", "")))
    return read


def _name_row(field: str, label: str, request, entry, engine: dict[str, str], read: tuple[str, str]) -> Row:
    left, right = getattr(request, field) or read[0], getattr(entry, field) or read[1]
    if not left or not right:
        mark = MISSING
    elif field in engine:
        mark = engine[field]
    else:
        # Keys in one Latin spelling: "Zagghiparov" and "ЗАГИПАРОВ" are both "zagiparov".
        mark = AGREE if reduced_key(token_key(left)) == reduced_key(token_key(right)) else DISAGREE
    return Row(label, left, right, mark)


def _years(details: PersonDetails) -> tuple[int, int] | None:
    if details.birth_date:
        return details.birth_date.year, details.birth_date.year
    if details.birth_year:
        return details.birth_year, details.birth_year
    if details.age_min is not None and details.age_on:
        return details.age_on.year - details.age_max - 1, details.age_on.year - details.age_min
    return None


def _birth_mark(request, entry) -> str:
    if request.birth_date and entry.birth_date:
        return AGREE if request.birth_date == entry.birth_date else DISAGREE
    left, right = _years(request), _years(entry)
    if left is None or right is None:
        return MISSING
    return AGREE if left[0] <= right[1] and right[0] <= left[1] else DISAGREE


def _sex_text(details: PersonDetails) -> str:
    return "" if details.sex == Sex.UNKNOWN else details.get_sex_display()


def _sex_mark(request, entry) -> str:
    if Sex.UNKNOWN in (request.sex, entry.sex):
        return MISSING
    return AGREE if request.sex == entry.sex else DISAGREE


def _iin_mark(request, entry) -> str:
    if not request.iin_hash or not entry.iin_hash:
        return MISSING
    return AGREE if request.iin_hash == entry.iin_hash else DISAGREE


def _entry_place(entry: ListEntry) -> str:
    facility = entry.facility or entry.source.facility
    return facility.name() if facility else entry.place_text


def _place_mark(request, entry) -> str:
    # Where a relative last saw someone and where a list holds them are different facts.
    return MISSING if not request.last_seen_place or not _entry_place(entry) else NOT_COMPARED
