"""Writes a generated demo world into the database, and removes it again.

The demo world never shares a database with real data: ``load_world`` refuses a database that
holds anything but facilities, and ``remove_world`` refuses one where real data sits beside
the demo. Loading is one transaction of bulk inserts, so a full-size world (about 56,000 list
entries) loads in well under a minute on SQLite. ``bulk_create`` encrypts the sensitive fields
and computes each IIN's keyed hash like ``save`` does (``izdeu/encryption/fields.py``).

The loader creates people only for search requests (the sought persons, with their cases);
linking list entries to them is the matcher's work, so no candidates are created here.
"""

from collections.abc import Iterable
from enum import Enum

from django.db import models, transaction
from django.utils import timezone

from izdeu.accounts.models import Organisation, Role, TotpDevice, User
from izdeu.audit.log import AuditAction, in_bulk, record_bulk
from izdeu.cases.models import Case, Priority
from izdeu.demo.models import DemoWorld
from izdeu.demoworld import model as world_model
from izdeu.facilities.models import Facility
from izdeu.lists.models import ListEntry, Source
from izdeu.people.models import Person
from izdeu.searches.models import IntakeChannel, Requester, SearchRequest

DEMO_ORGANISATION = "Demo coalition (fictional)"
# Published in the README and printed by `izdeu demo`: never valid outside a demo database.
DEMO_LOGINS: list[tuple[str, str, str]] = [
    ("volunteer", Role.VOLUNTEER, "demo-volunteer-2022"),
    ("lawyer", Role.LAWYER, "demo-lawyer-2022"),
    ("coordinator", Role.COORDINATOR, "demo-coordinator-2022"),
    ("admin", Role.ADMINISTRATOR, "demo-admin-2022"),
]
DEMO_USER_LANGUAGES = {"volunteer": "ru", "lawyer": "ru", "coordinator": "kk", "admin": "en"}
# Lawyers, coordinators and administrators sign in with a code too: these published keys go
# into an authenticator app (printed by `izdeu demo`, in the README). Public like the passwords.
DEMO_TOTP_SECRETS = {
    "lawyer": "IZDEUDEMOLAWYERJANUARYTWENTYTWO2",
    "coordinator": "IZDEUDEMOCOORDINATORJANUARYTWO22",
    "admin": "IZDEUDEMOADMINJANUARYTWENTYTWO22",
}
BATCH_SIZE = 2000
PERSON_FIELDS = (
    "full_name", "surname", "given_name", "patronymic", "birth_date", "birth_year",
    "age_min", "age_max", "age_on", "sex", "iin",
)


class DatabaseState(Enum):
    EMPTY = "empty"  # nothing but facilities
    DEMO = "demo"  # a demo world and nothing else
    OTHER = "other"  # data that is not the demo's


class NotEmpty(Exception):
    """The database holds data, so the demo world may not be loaded into it."""


def database_state() -> DatabaseState:
    """Whether the database is empty, holds only the demo world, or holds other data.

    Every record about people belongs to an organisation and every account to an organisation,
    so a database whose only organisation is the demo's holds nothing real.
    """
    demo = DemoWorld.objects.first()
    organisations = Organisation.objects.all()
    if demo is not None and demo.organisation_id is not None:
        organisations = organisations.exclude(pk=demo.organisation_id)
    if organisations.exists():
        return DatabaseState.OTHER
    return DatabaseState.DEMO if demo is not None else DatabaseState.EMPTY


@transaction.atomic
def load_world(world: world_model.World) -> DemoWorld:
    """Write the world into an empty database, in one transaction."""
    if database_state() is not DatabaseState.EMPTY:
        raise NotEmpty
    organisation = Organisation.objects.create(name=DEMO_ORGANISATION)
    users = _create_users(organisation)
    facilities, added = _facilities(world.facilities)
    sources, entries = _lists(world, organisation, users["volunteer"], facilities)
    requests = _search_requests(world, organisation, users["volunteer"])
    counts = {
        "accounts": len(users),
        "facilities": len(facilities),
        "sources": sources,
        "list_entries": entries,
        "people": requests["people"],
        "cases": requests["people"],
        "requesters": requests["requests"],
        "search_requests": requests["requests"],
    } | {name: value for name, value in world.counts().items() if name.startswith("hard_cases_")}
    # bulk_create sends no signals: one audit entry per model stands for the rows loaded.
    for model, count in ((ListEntry, entries), (Person, requests["people"]), (Case, requests["people"]),
                         (Requester, requests["requests"]), (SearchRequest, requests["requests"])):
        record_bulk(None, AuditAction.BULK_LOAD, model, count, organisation_id=organisation.pk)
    return DemoWorld.objects.create(
        seed=world.seed, scale=world.scale, counts=counts, organisation=organisation, facility_ids=added
    )


@transaction.atomic
def remove_world() -> None:
    """Delete the demo world and everything recorded about it since, leaving other data alone."""
    if database_state() is DatabaseState.OTHER:
        raise NotEmpty
    demo = DemoWorld.objects.first()
    if demo is None:
        return
    facility_ids = list(demo.facility_ids)
    if demo.organisation_id is not None:
        # One audit entry per model for the whole demo world, not one per row.
        with in_bulk(AuditAction.BULK_DELETE, organisation_id=demo.organisation_id):
            _delete_with_dependants(Organisation.objects.filter(pk=demo.organisation_id))
    DemoWorld.objects.all().delete()
    _delete_with_dependants(Facility.objects.filter(pk__in=facility_ids))


def _delete_with_dependants(queryset: models.QuerySet, path: tuple[type[models.Model], ...] = ()) -> None:
    """Delete rows and, first, every row that refers to them, whatever its on_delete rule.

    Records added later by other parts of izdeu (candidates, events, notes) refer to demo rows
    with PROTECT; they are demo data too. A model already on the current path is skipped: its
    rows are in the same delete or the transaction fails on the foreign key, never silently.
    """
    model = queryset.model
    for relation in model._meta.get_fields(include_hidden=True):
        if not (relation.auto_created and not relation.concrete and (relation.one_to_many or relation.one_to_one)):
            continue
        dependant = relation.related_model
        if dependant is model:
            # A list's previous version is in the same delete; unlink them so none protects another.
            if relation.field.null:
                queryset.update(**{relation.field.name: None})
            continue
        if dependant in path:
            continue
        rows = dependant._base_manager.filter(**{f"{relation.field.name}__in": queryset})
        if rows.exists():
            _delete_with_dependants(rows, (*path, model))
    queryset.delete()


def _create_users(organisation: Organisation) -> dict[str, User]:
    users = {
        username: User.objects.create_user(
            username=username,
            email=f"{username}@demo.izdeu.invalid",
            password=password,
            role=role,
            organisation=organisation,
            language=DEMO_USER_LANGUAGES[username],
        )
        for username, role, password in DEMO_LOGINS
    }
    TotpDevice.objects.bulk_create(
        TotpDevice(user=users[username], secret=secret, confirmed_at=timezone.now())
        for username, secret in DEMO_TOTP_SECRETS.items()
    )
    return users


def _facilities(places: Iterable[world_model.Facility]) -> tuple[dict[str, Facility], list[int]]:
    """The world's facilities as rows: existing ones are reused, the others created.

    Returns the rows by world key, and the ids of those the demo created.
    """
    rows: dict[str, Facility] = {}
    added: list[int] = []
    for place in places:
        row, created = Facility.objects.get_or_create(
            kind=place.kind,
            name_ru=place.name_ru,
            city=place.city,
            defaults={"name_kk": place.name_kk, "name_en": place.name_en, "district": place.district, "address": place.address},
        )
        rows[place.key] = row
        if created:
            added.append(row.pk)
    return rows, added


def _lists(world: world_model.World, organisation: Organisation, volunteer: User, facilities: dict[str, Facility]) -> tuple[int, int]:
    sources = Source.objects.bulk_create(
        Source(
            organisation=organisation,
            name=source.name,
            kind=source.kind,
            facility=facilities.get(source.facility),
            list_date=source.list_date,
            provided_by=source.provided_by,
            reliability=source.reliability,
            uploaded_by=volunteer,
            created_at=source.published_at,
        )
        for source in world.sources
    )
    by_key = {source.key: row for source, row in zip(world.sources, sources, strict=True)}
    versions = []
    for source in world.sources:
        if source.previous_version:
            by_key[source.key].previous_version = by_key[source.previous_version]
            versions.append(by_key[source.key])
    Source.objects.bulk_update(versions, ["previous_version"], batch_size=BATCH_SIZE)
    entries = ListEntry.objects.bulk_create(
        (
            ListEntry(
                source=by_key[source.key],
                file_name=source.file_name,
                sheet=source.sheet,
                row_number=entry.row_number,
                raw=entry.raw,
                place_text=entry.place_text,
                article=entry.article,
                note=entry.note,
                created_at=source.published_at,
                **{field: getattr(entry, field) for field in PERSON_FIELDS},
            )
            for source in world.sources
            for entry in source.entries
        ),
        batch_size=BATCH_SIZE,
    )
    return len(sources), len(entries)


def _search_requests(world: world_model.World, organisation: Organisation, volunteer: User) -> dict[str, int]:
    """One person and one case per sought person; every request with its own requester.

    The person is described as the earliest request describes them; the other requests'
    spellings are kept as other spellings.
    """
    by_person: dict[str, list[world_model.SearchRequest]] = {}
    for request in sorted(world.requests, key=lambda r: (r.created_at, r.key)):
        by_person.setdefault(request.person, []).append(request)
    people = Person.objects.bulk_create(
        (_person(organisation, requests) for requests in by_person.values()), batch_size=BATCH_SIZE
    )
    cases = Case.objects.bulk_create(
        (
            Case(organisation=organisation, person=person, priority=_priority(requests), opened_at=requests[0].created_at)
            for person, requests in zip(people, by_person.values(), strict=True)
        ),
        batch_size=BATCH_SIZE,
    )
    ordered = [(case, request) for case, requests in zip(cases, by_person.values(), strict=True) for request in requests]
    requesters = Requester.objects.bulk_create(
        (_requester(organisation, request) for _case, request in ordered), batch_size=BATCH_SIZE
    )
    SearchRequest.objects.bulk_create(
        (
            _search_request(case, requester, request, volunteer)
            for (case, request), requester in zip(ordered, requesters, strict=True)
        ),
        batch_size=BATCH_SIZE,
    )
    return {"people": len(people), "requests": len(ordered)}


def _person(organisation: Organisation, requests: list[world_model.SearchRequest]) -> Person:
    first = requests[0]
    spellings = list(dict.fromkeys(r.full_name for r in requests[1:] if r.full_name != first.full_name))
    return Person(
        organisation=organisation,
        other_spellings=spellings,
        description=first.description,
        created_at=first.created_at,
        **{field: getattr(first, field) for field in PERSON_FIELDS},
    )


def _priority(requests: list[world_model.SearchRequest]) -> int:
    """Minors and people with injuries or health needs are worked first."""
    if any(r.is_minor or r.health_needs for r in requests):
        return Priority.URGENT
    if len(requests) > 1:
        return Priority.HIGH
    return Priority.NORMAL


def _requester(organisation: Organisation, request: world_model.SearchRequest) -> Requester:
    requester = request.requester
    return Requester(
        organisation=organisation,
        name=requester.name,
        phone=requester.phone,
        email=requester.email,
        telegram=requester.telegram,
        relationship=requester.relationship,
        preferred_channel=requester.preferred_channel,
        reachable_when=requester.reachable_when,
        language=requester.language,
        consent_given_at=request.created_at,
        sharing_scope=requester.sharing_scope,
        created_at=request.created_at,
    )


def _search_request(case: Case, requester: Requester, request: world_model.SearchRequest, volunteer: User) -> SearchRequest:
    return SearchRequest(
        case=case,
        requester=requester,
        phone=request.phone,
        description=request.description,
        last_seen_place=request.last_seen_place,
        last_seen_at=request.last_seen_at,
        circumstances=request.circumstances,
        health_needs=request.health_needs,
        is_minor=request.is_minor,
        channel=request.channel,
        # Phone intake is typed in by a volunteer, who must be named.
        entered_by=volunteer if request.channel == IntakeChannel.PHONE else None,
        created_at=request.created_at,
        **{field: getattr(request, field) for field in PERSON_FIELDS},
    )
