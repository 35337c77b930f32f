"""Filing a search request: the one way every channel (web form, phone intake, Telegram bot) takes one in.

``file_request`` writes the requester, the request and, unless the sought person already has an
open case in the organisation, a person and a case, all in one transaction with the message that
tells the requester their request arrived (``izdeu.notify.outbox.request_received``). Matching
against every list entry is queued once the transaction has committed.

Joining a case is decided carefully, because a wrong join shows one family's news to another:
the same IIN, or the same full birth date and names the matching engine holds for the same
person almost surely. When unsure, a new case; the matching candidates then bring the two
together before a lawyer.
"""

import datetime as dt
import secrets
from dataclasses import dataclass, fields

from django.conf import settings
from django.contrib.auth.hashers import check_password, make_password
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from izdeu.accounts.models import Organisation
from izdeu.cases.models import Case, CaseStatus, Priority
from izdeu.matching.model import Frequencies
from izdeu.matching.records import prepare
from izdeu.notify.outbox import request_received
from izdeu.people.models import Person, Sex
from izdeu.review.matching import match_request, model_of
from izdeu.searches.models import REFERENCE_ALPHABET, IntakeChannel, Requester, SearchRequest, new_reference_code

# Probability from the matching engine, on top of the same birth date, above which two
# descriptions are taken for one person. Lower than this, a lawyer decides.
SAME_PERSON = 0.99
SECRET_GROUPS = 3


class PublicOrganisationMissing(LookupError):
    """IZDEU_PUBLIC_ORGANISATION is empty or names no organisation: the public form is closed."""


@dataclass(frozen=True)
class SoughtPerson:
    """Who is sought, as the requester describes them. Names in any script; one of full_name,
    surname or given_name is needed. Birth as a date (then birth_year too), or an age range."""

    full_name: str = ""
    surname: str = ""
    given_name: str = ""
    patronymic: str = ""
    birth_date: dt.date | None = None
    birth_year: int | None = None
    age_min: int | None = None
    age_max: int | None = None
    age_on: dt.date | None = None
    sex: str = Sex.UNKNOWN
    iin: str = ""
    phone: str = ""
    description: str = ""
    last_seen_place: str = ""
    last_seen_at: dt.datetime | None = None
    circumstances: str = ""
    health_needs: str = ""
    is_minor: bool = False


# Who someone is (PersonDetails), copied from the description into a new person.
IDENTITY_FIELDS = ("full_name", "surname", "given_name", "patronymic", "birth_date", "birth_year",
                   "age_min", "age_max", "age_on", "sex", "iin")  # fmt: skip


@dataclass(frozen=True)
class RequesterDetails:
    """Who asks, and how to reach them safely. At least one of phone, email or telegram."""

    name: str
    relationship: str
    preferred_channel: str
    language: str
    sharing_scope: str
    phone: str = ""
    email: str = ""
    telegram: str = ""
    reachable_when: str = ""


@dataclass(frozen=True)
class Filed:
    request: SearchRequest
    # Shown once to the requester, stored only as a hash.
    secret: str
    joined_existing_case: bool


def public_organisation() -> Organisation:
    name = settings.PUBLIC_ORGANISATION
    organisation = Organisation.objects.filter(name=name).first() if name else None
    if organisation is None:
        raise PublicOrganisationMissing(name)
    return organisation


def file_request(
    organisation: Organisation,
    sought: SoughtPerson,
    requester: RequesterDetails,
    *,
    channel: str,
    entered_by=None,
    photo: bytes | None = None,
) -> Filed:
    """Record a request and tell its requester it arrived. ``photo`` must already be re-encoded
    (``izdeu.searches.photos.reencode``). The requester's consent is taken by the channel before
    calling this: every channel asks for it."""
    if channel == IntakeChannel.PHONE and entered_by is None:
        raise ValueError("a request taken by phone names the volunteer who took it")
    secret = new_secret()
    with transaction.atomic():
        case = case_to_join(organisation, sought)
        joined = case is not None
        if case is None:
            person = Person.objects.create(organisation=organisation, description=sought.description,
                                           **{name: getattr(sought, name) for name in IDENTITY_FIELDS})  # fmt: skip
            case = Case.objects.create(organisation=organisation, person=person, priority=_priority(sought))
        else:
            _join(case, sought)
        saved_requester = Requester.objects.create(
            organisation=organisation, consent_given_at=timezone.now(),
            **{f.name: getattr(requester, f.name) for f in fields(RequesterDetails)},
        )  # fmt: skip
        search_request = SearchRequest(
            case=case, requester=saved_requester, channel=channel, entered_by=entered_by,
            reference_code=_unused_reference_code(), secret_hash=make_password(secret),
            **{f.name: getattr(sought, f.name) for f in fields(SoughtPerson)},
        )  # fmt: skip
        if photo:
            # The storage encrypts the file and names it at random.
            search_request.photo.save("photo.jpg", ContentFile(photo), save=False)
        search_request.save()
        request_received(search_request)
        transaction.on_commit(lambda: match_request.enqueue(search_request.pk))
    return Filed(search_request, secret, joined)


def case_to_join(organisation: Organisation, sought: SoughtPerson) -> Case | None:
    """The open case of the same sought person in this organisation, when it is beyond doubt."""
    open_people = Person.objects.filter(organisation=organisation, case__isnull=False).exclude(
        case__status=CaseStatus.CLOSED
    )
    if sought.iin:
        same_iin = open_people.filter_encrypted(iin=sought.iin).select_related("case").first()
        if same_iin is not None:
            return same_iin.case
    if sought.birth_date is None:
        return None
    record = _record("r", sought)
    model = model_of(organisation.pk)[1]
    for person in open_people.filter(birth_date=sought.birth_date).select_related("case"):
        if sought.iin and person.iin and person.iin != sought.iin:
            continue  # two IINs: two people, however alike their names
        if Sex.UNKNOWN not in (sought.sex, person.sex) and sought.sex != person.sex:
            continue
        scored = model.score(record, _record(f"p{person.pk}", person), Frequencies())
        if scored is not None and scored.match_probability >= SAME_PERSON:
            return person.case
    return None


def _record(identifier: str, details) -> dict:
    return prepare({
        "id": identifier, "full_name": details.full_name, "surname": details.surname,
        "given_name": details.given_name, "patronymic": details.patronymic,
        "birth_date": details.birth_date.isoformat() if details.birth_date else "",
        "sex": "" if details.sex == Sex.UNKNOWN else details.sex, "iin": details.iin,
    })  # fmt: skip


def _join(case: Case, sought: SoughtPerson) -> None:
    """Another relative asks about the person: keep how they wrote the name, and work it sooner."""
    person = case.person
    if sought.full_name and sought.full_name != person.full_name and sought.full_name not in person.other_spellings:
        person.other_spellings = [*person.other_spellings, sought.full_name]
        person.save(update_fields=["other_spellings", "updated_at"])
    priority = min(case.priority, _priority(sought), Priority.HIGH)
    if priority != case.priority:
        case.priority = priority
        case.save(update_fields=["priority"])


def _priority(sought: SoughtPerson) -> int:
    """Minors and people with injuries or health needs are worked first."""
    return Priority.URGENT if sought.is_minor or sought.health_needs.strip() else Priority.NORMAL


def _unused_reference_code() -> str:
    # 25⁸ codes: a repeat is rare, but a unique column would fail the whole transaction.
    while SearchRequest.objects.filter(reference_code=(code := new_reference_code())).exists():
        pass
    return code


def new_secret() -> str:
    """12 characters from the reference alphabet (about 56 bits), in groups of four: easy to
    read out on the phone and to type, impossible to guess within the lookup limits."""
    raw = "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(4 * SECRET_GROUPS))
    return "-".join(raw[i : i + 4] for i in range(0, len(raw), 4))


def normalise_code(text: str) -> str:
    """A code or secret as typed ("acdf efgh", "ACDF–EFGH") in the stored form ("ACDF-EFGH")."""
    compact = "".join(c for c in text.upper() if c.isalnum())
    return "-".join(compact[i : i + 4] for i in range(0, len(compact), 4))


# Checked against when no request has the code, so that a wrong code costs the same time as a
# wrong secret. Made on first use: hashing at import would slow every start.
_decoy: list[str] = []


def request_for(code: str, secret: str) -> SearchRequest | None:
    """The request with this code and secret, or None; the same work is done whether the code
    or the secret is wrong."""
    found = SearchRequest.objects.select_related("case__person").filter(reference_code=normalise_code(code)).first()
    if found is None or not found.secret_hash:
        if not _decoy:
            _decoy.append(make_password(new_secret()))
        check_password(normalise_code(secret), _decoy[0])
        return None
    return found if check_password(normalise_code(secret), found.secret_hash) else None
