"""Matching inside the service: every list entry and every open request meet, as they arrive.

- ``relink(organisation)`` learns a model from the organisation's records (or starts from the
  demo world's, ``izdeu.matching.default_model``, while there are too few), saves it with the
  data (``MatchingModel``), and scores every request against every entry with Splink.
- ``match_entries`` and ``match_request`` run when a list is loaded or a request is filed:
  the worker keeps one index per organisation of its entries and open requests
  (``izdeu.matching.index``), brings it up to date with what arrived since, and matches the
  new records, in milliseconds each. A request's candidates are weighed against each other
  (``izdeu.matching.one_person``): a request seeks one person.

Every pair at or above the review threshold becomes a ``Candidate`` with the engine's reasons,
for a lawyer to confirm or reject. Candidates already decided are never changed.
"""

import gc
from dataclasses import dataclass, field

from django.db import transaction
from django.tasks import task

from izdeu.accounts.models import Organisation
from izdeu.audit.log import record_bulk
from izdeu.audit.models import AuditAction
from izdeu.lists.models import ListEntry
from izdeu.matching import linking
from izdeu.matching.batch import REVIEW_QUEUE_THRESHOLD
from izdeu.matching.default_model import default_model
from izdeu.matching.index import Index
from izdeu.matching.model import Frequencies, Model, Scored
from izdeu.matching.one_person import Weighed, weigh
from izdeu.matching.reasons import describe, one_person_reasons, reasons
from izdeu.matching.records import prepare
from izdeu.review.models import Candidate, Decision, MatchingModel
from izdeu.searches.models import RequestStatus, SearchRequest

REVIEW_THRESHOLD = REVIEW_QUEUE_THRESHOLD
ENGINE_VERSION = "izdeu-matching-1"


# Records -------------------------------------------------------------------------------------


def _birth_text(details) -> str:
    if details.birth_date:
        return details.birth_date.isoformat()
    if details.birth_year:
        return str(details.birth_year)
    if details.age_min is not None:
        return f"{details.age_min}-{details.age_max} лет"
    return ""


def _record(identifier: str, details, reference, phones: str = "") -> dict:
    return prepare({
        "id": identifier, "full_name": details.full_name, "surname": details.surname,
        "given_name": details.given_name, "patronymic": details.patronymic, "birth_date": _birth_text(details),
        "sex": "" if details.sex == "unknown" else details.sex, "iin": details.iin, "phone": phones,
    }, reference=reference)  # fmt: skip


def entry_record(entry: ListEntry) -> dict:
    return _record(f"e{entry.pk}", entry, entry.age_on or entry.source.list_date, entry.phones)


def request_record(request: SearchRequest) -> dict:
    # The requester's phone is theirs, not the sought person's: it is never compared.
    return _record(f"r{request.pk}", request, request.age_on or request.created_at.date())


def _entries(organisation_id: int):
    return ListEntry.objects.filter(source__organisation_id=organisation_id).select_related("source")


# A located person is still followed: a later list moves them to a СИЗО, a court or a hospital,
# and those entries must reach the timeline too.
FOLLOWED = (RequestStatus.OPEN, RequestStatus.LOCATED)


def _open_requests(organisation_id: int):
    return SearchRequest.objects.filter(case__organisation_id=organisation_id, status__in=FOLLOWED)


def model_of(organisation_id: int) -> tuple[int | None, Model]:
    saved = MatchingModel.objects.filter(organisation_id=organisation_id).first()
    return (saved.pk, Model(saved.parameters)) if saved else (None, Model(default_model()))


# Candidates ----------------------------------------------------------------------------------


def _reasons_json(scored_levels, request: dict, entry: dict, weighed: Weighed) -> list[dict]:
    return [
        {"comparison": r.comparison, "level": r.level, "request": r.left, "entry": r.right, "weight": round(r.weight, 2),
         "text": describe(r)}
        for r in reasons(scored_levels, request, entry) + one_person_reasons(weighed)
    ]  # fmt: skip


def _save(found: list[tuple[int, int, float, list[dict]]], organisation_id: int) -> int:
    """Store (request id, entry id, probability, reasons) as candidates; a proposal already there
    is brought up to date, a decided one is left as the person decided it. Returns how many are new."""
    if not found:
        return 0
    existing = {
        (c.search_request_id, c.entry_id): c
        for c in Candidate.objects.filter(search_request_id__in={f[0] for f in found}, entry_id__in={f[1] for f in found})
    }  # fmt: skip
    new, changed = [], []
    for request_id, entry_id, probability, why in found:
        candidate = existing.get((request_id, entry_id))
        if candidate is None:
            new.append(Candidate(search_request_id=request_id, entry_id=entry_id, probability=probability,
                                 reasons=why, engine_version=ENGINE_VERSION))  # fmt: skip
        elif candidate.decision == Decision.PROPOSED:
            candidate.probability, candidate.reasons, candidate.engine_version = probability, why, ENGINE_VERSION
            changed.append(candidate)
    with transaction.atomic():
        Candidate.objects.bulk_create(new, ignore_conflicts=True)
        Candidate.objects.bulk_update(changed, ["probability", "reasons", "engine_version"])
    if new:
        record_bulk("task:matching", AuditAction.BULK_LOAD, Candidate, len(new), organisation_id=organisation_id)
    return len(new)


# One at a time -------------------------------------------------------------------------------


@dataclass
class _Held:
    """The index of one organisation held by this worker process, and how far it has read."""

    model_id: int | None
    index: Index
    last_entry: int = 0
    last_request: int = 0
    requests: set[int] = field(default_factory=set)


_held: dict[int, _Held] = {}


def index_of(organisation_id: int) -> Index:
    """The organisation's index, brought up to date: new entries and requests are added, requests
    no longer open removed. A new model, or entries gone (erased), means building it afresh."""
    model_id, model = model_of(organisation_id)
    held = _held.get(organisation_id)
    entries = _entries(organisation_id)
    if held is None or held.model_id != model_id or entries.filter(pk__lte=held.last_entry).count() != sum(
        1 for i in held.index.records if i.startswith("e")
    ):
        held = _held[organisation_id] = _Held(model_id, Index(model))
    for entry in entries.filter(pk__gt=held.last_entry).order_by("pk").iterator(chunk_size=2_000):
        held.index.add(entry_record(entry))
        held.last_entry = entry.pk
    # The held records live as long as the worker: keep the garbage collector from walking them
    # again and again (a million records make each full collection a pause of seconds).
    gc.freeze()
    open_ids = set(_open_requests(organisation_id).values_list("pk", flat=True))
    for closed in held.requests - open_ids:
        held.index.remove(f"r{closed}")
    for request in _open_requests(organisation_id).filter(pk__in=open_ids - held.requests):
        held.index.add(request_record(request))
    held.requests = open_ids
    return held.index


def _request_candidates(index: Index, request: dict) -> list[tuple[int, int, float, list[dict]]]:
    """A request against every entry of the index, its candidates weighed against each other."""
    matches = index.match(request, REVIEW_THRESHOLD, among=lambda i: i.startswith("e"))
    return _weighed(request, {m.id: m.scored for m in matches}, index.records, index.model, index.frequencies)


def _weighed(request: dict, scored: dict[str, Scored], records: dict[str, dict], model: Model,
             frequencies: Frequencies) -> list[tuple[int, int, float, list[dict]]]:  # fmt: skip
    weighed = weigh(scored, records, model, frequencies, REVIEW_THRESHOLD)
    request_id = int(request["unique_id"][1:])
    return [(request_id, int(entry_id[1:]), weighed[entry_id].probability,
             _reasons_json(scored[entry_id].levels, request, records[entry_id], weighed[entry_id]))
            for entry_id in scored if weighed[entry_id].probability >= REVIEW_THRESHOLD]  # fmt: skip


@task()
def match_entries(source_id: int) -> int:
    """Match a list's entries against the open requests (after the list is loaded): every
    request one of them may be about is matched again, its candidates weighed together."""
    entries = list(ListEntry.objects.filter(source_id=source_id).select_related("source"))
    if not entries:
        return 0
    organisation_id = entries[0].source.organisation_id
    index = index_of(organisation_id)
    touched = set()
    for entry in entries:
        record = index.records.get(f"e{entry.pk}") or entry_record(entry)
        touched.update(m.id for m in index.match(record, REVIEW_THRESHOLD, among=lambda i: i.startswith("r")))
    found = [pair for request_id in sorted(touched) for pair in _request_candidates(index, index.records[request_id])]
    return _save(found, organisation_id)


@task()
def match_request(request_id: int) -> int:
    """Match a new request against every entry of its organisation."""
    request = SearchRequest.objects.select_related("case").get(pk=request_id)
    index = index_of(request.case.organisation_id)
    record = index.records.get(f"r{request.pk}") or request_record(request)
    return _save(_request_candidates(index, record), request.case.organisation_id)


# Everything at once --------------------------------------------------------------------------


@task()
def relink(organisation_id: int) -> int:
    """Learn the model from the organisation's records when there are enough, save it, and score
    every open request against every entry on Splink (with the index, while they are few).
    Returns how many candidates are new."""
    organisation = Organisation.objects.get(pk=organisation_id)
    entries = [entry_record(entry) for entry in _entries(organisation_id).iterator(chunk_size=2_000)]
    requests = [request_record(request) for request in _open_requests(organisation_id)]
    if not entries or not requests:
        return 0
    if len(entries) < linking.LEARN_FROM_RECORDS:
        # Too few to learn from, and to count how common a name is: the index scores them all.
        index = Index(model_of(organisation_id)[1], entries)
        return _save([pair for request in requests for pair in _request_candidates(index, request)], organisation_id)
    tables = [linking.table(requests), linking.table(entries)]
    parameters, learned = linking.model_for(tables, "link_only")
    if learned:
        MatchingModel.objects.create(organisation=organisation, parameters=parameters, entries=len(entries),
                                     requests=len(requests))  # fmt: skip
    else:
        parameters = model_of(organisation_id)[1].json
    model = Model(parameters)
    frequencies = model.frequencies([*requests, *entries])
    by_id = {record["unique_id"]: record for record in (*requests, *entries)}
    per_request: dict[str, dict[str, Scored]] = {}
    for pair in linking.predict(linking.trained_linker(tables, parameters, "duckdb"), REVIEW_THRESHOLD):
        request_id, entry_id = (pair.left_id, pair.right_id) if pair.left_id.startswith("r") else (pair.right_id, pair.left_id)
        per_request.setdefault(request_id, {})[entry_id] = Scored(pair.match_probability, pair.match_weight, pair.levels)
    found = [pair for request_id, scored in per_request.items()
             for pair in _weighed(by_id[request_id], scored, by_id, model, frequencies)]  # fmt: skip
    return _save(found, organisation_id)

