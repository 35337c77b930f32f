"""Loading a list through the JSON API: the rows arrive as JSON and go through the same import as a file.

The rows become a CSV in memory (UTF-8, one column per key, in the order keys first appear) and
`import_file()` does the rest, so an API list is kept, versioned, quarantined and deduplicated
exactly like an uploaded one; the same JSON sent twice changes nothing.
"""

import csv
import datetime as dt
import io
from typing import Any, Literal

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status
from pydantic import field_validator

from izdeu.accounts.models import Role
from izdeu.facilities.models import Facility
from izdeu.lists import problems as codes
from izdeu.lists.importing import KINDS
from izdeu.lists.importing import ImportRefused, import_file
from izdeu.lists.models import Reliability
from izdeu.lists.problems import describe
from izdeu.lists.reading.model import FIELDS

# The kinds an operator names, shared with `izdeu import` (a module whose name is a keyword).
MAX_ROWS = 100_000
# Always written as columns, even empty, so the header row is always recognised as one.
ALWAYS = ("full_name", "birth_date", "iin")
FILENAME = "api.json"

router = Router(tags=["lists"])


class ImportRequest(Schema):
    source: str = Field(
        min_length=1, max_length=300, description="The list's name; the same name again makes a new version."
    )
    kind: Literal[tuple(KINDS)] = Field(description="What kind of list it is.")  # type: ignore[valid-type]
    facility: str | None = Field(None, max_length=300, description="The facility, by its name in any language.")
    list_date: dt.date | None = Field(None, description="The day the list speaks of.")
    reliability: Reliability = Reliability.UNCONFIRMED
    provided_by: str = Field("", max_length=300)
    # No rows is refused: as a new version of a custody list it would say everyone had left.
    rows: list[dict[str, str | int | None]] = Field(
        min_length=1,
        max_length=MAX_ROWS,
        description=f"At most {MAX_ROWS:,} rows; keys are column meanings: {', '.join(FIELDS)}.",
    )

    @field_validator("rows")
    @classmethod
    def _known_keys(cls, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
        unknown = sorted({key for row in rows for key in row} - set(FIELDS))
        if unknown:
            raise ValueError(f"unknown keys {unknown}: use {', '.join(FIELDS)}")
        if not any(value not in (None, "") for row in rows for value in row.values()):
            raise ValueError("every row is empty")
        return rows


class ProblemOut(Schema):
    code: str
    message: str


class Refusal(Schema):
    problems: list[ProblemOut]


def _refusal(problem_codes: list[str]) -> dict[str, Any]:
    return {"problems": [{"code": code, "message": describe(code)} for code in problem_codes]}


def _as_csv(rows: list[dict[str, Any]]) -> tuple[bytes, dict[int, str]]:
    """The rows as UTF-8 CSV bytes, and the column mapping {index: field} to import them with."""
    keys = list(ALWAYS)
    for row in rows:
        keys.extend(key for key in row if key not in keys)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(keys)
    for row in rows:
        writer.writerow(["" if row.get(key) is None else str(row[key]) for key in keys])
    return buffer.getvalue().encode("utf-8"), dict(enumerate(keys))


def _facility(name: str) -> Facility | str:
    """The facility of that name in any language, or the problem code saying why there is none."""
    wanted = _fold(name)
    found = [f for f in Facility.objects.all() if wanted in {_fold(f.name_kk), _fold(f.name_ru), _fold(f.name_en)}]
    if len(found) == 1:
        return found[0]
    return codes.AMBIGUOUS_FACILITY if found else codes.UNKNOWN_FACILITY


def _fold(text: str) -> str:
    return " ".join(text.casefold().split())


@router.post(
    "/import",
    response={200: dict[str, Any], 403: Refusal, 422: Refusal},
    summary="Load a list given as JSON rows",
    description=(
        "For volunteers and coordinators; the list belongs to the token's organisation. Answers with the "
        "same object as `izdeu import --json`; `already_imported` is true when the same rows were loaded "
        "into this list before. A list that cannot be imported at all gets 422 with its problems."
    ),
)
def import_list(request: HttpRequest, payload: ImportRequest):
    user = request.auth
    if not user.has_role(Role.VOLUNTEER, Role.COORDINATOR):
        return Status(
            403, {"problems": [{"code": "forbidden", "message": _("Only volunteers and coordinators can load lists.")}]}
        )
    facility = None
    if payload.facility:
        facility = _facility(payload.facility)
        if isinstance(facility, str):
            return Status(422, _refusal([facility]))
    data, mapping = _as_csv(payload.rows)
    try:
        summary = import_file(
            data, FILENAME, source_name=payload.source, kind=KINDS[payload.kind], organisation=user.organisation,
            user=user, facility=facility, list_date=payload.list_date, reliability=payload.reliability,
            mappings={"": mapping}, provided_by=payload.provided_by,
        )  # fmt: skip
    except ImportRefused as refused:
        return Status(422, _refusal(refused.codes))
    return Status(200, summary.as_json())
