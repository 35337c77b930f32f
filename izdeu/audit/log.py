"""Recording who read or changed which record: the audit log's public API.

    from izdeu.audit.log import AuditAction, record, record_read, record_change, record_bulk, acting_as

- ``record_read(request, people, fields=("full_name", "phone"))`` after showing records to someone;
- ``record_change(actor, obj, AuditAction.UPDATE, fields=("status",))`` for a change made other
  than by saving the model (saves and deletes of audited models are recorded by signals);
- ``record(actor, action, object_type, object_ids, detail="")`` for anything else: exports,
  break-glass access, alerts;
- ``record_bulk(actor, action, model, count)`` after ``bulk_create``, which sends no signals;
- ``acting_as(actor)`` around work done outside a web request on someone's behalf.

An *actor* is an ``HttpRequest`` (its user and address), a ``User``, a system label such as
``"task:purge"``, or None for whoever acts now: the request being served (``AuditMiddleware``),
else the innermost ``acting_as``, else ``command:<name>`` for an ``izdeu`` command.

Only field names, record ids and short codes go into the log, never values: it must not become
a second copy of the personal data it watches over.
"""

import datetime as dt
import logging
import re
import sys
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ObjectDoesNotExist
from django.db import models, transaction
from django.http import HttpRequest
from django.utils import timezone

from izdeu.accounts.clients import client_ip

from izdeu.audit.models import AuditAction, AuditAlert, AuditEntry, ChainHead

__all__ = [
    "Actor",
    "AuditAction",
    "AuditMiddleware",
    "acting_as",
    "record",
    "record_bulk",
    "record_change",
    "record_read",
]

logger = logging.getLogger(__name__)

READ_ALERT_WINDOW = dt.timedelta(hours=1)
# System actors are named by kind and name, e.g. command:demo, task:purge, public:web.
SYSTEM_LABEL = re.compile(r"[a-z]+:[a-z0-9_.-]+")


@dataclass(frozen=True)
class Actor:
    label: str
    user_id: int | None = None
    organisation_id: int | None = None
    ip: str = ""

    @classmethod
    def of_user(cls, user, ip: str = "") -> "Actor":
        return cls(user.get_username(), user.pk, user.organisation_id, ip)


type ActorLike = Actor | HttpRequest | models.Model | str | None

_current: ContextVar[Callable[[], Actor] | None] = ContextVar("izdeu_audit_actor", default=None)
# While set, audited changes are counted per model instead of recorded one by one.
_bulk: ContextVar[Counter[str] | None] = ContextVar("izdeu_audit_bulk", default=None)
# While set, deletions are erasures, recorded with this reason.
_erasure_reason: ContextVar[str | None] = ContextVar("izdeu_audit_erasure", default=None)


def _process_label() -> str:
    """``command:<name>`` when running as ``izdeu <name>``, else a plain system label."""
    args = sys.argv
    if len(args) > 1 and Path(args[0]).name in ("izdeu", "manage.py", "__main__.py") and re.fullmatch(r"[a-z_]+", args[1]):
        return f"command:{args[1]}"
    return "system:izdeu"


def _from_request(request: HttpRequest) -> Actor:
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return Actor.of_user(user, client_ip(request) or "")
    return Actor("public:web", ip=client_ip(request) or "")


def current_actor() -> Actor:
    resolve = _current.get()
    return resolve() if resolve is not None else Actor(_process_label())


def to_actor(actor: ActorLike) -> Actor:
    if actor is None:
        return current_actor()
    if isinstance(actor, Actor):
        return actor
    if isinstance(actor, HttpRequest):
        return _from_request(actor)
    if isinstance(actor, str):
        if not SYSTEM_LABEL.fullmatch(actor):
            raise ValueError("a system actor is named like command:demo or task:purge")
        return Actor(actor)
    return Actor.of_user(actor, current_actor().ip)


@contextmanager
def acting_as(actor: ActorLike) -> Iterator[Actor]:
    """Inside, records without an explicit actor (signals included) name this one."""
    resolved = to_actor(actor)
    token = _current.set(lambda: resolved)
    try:
        yield resolved
    finally:
        _current.reset(token)


class AuditMiddleware:
    """Makes the signed-in user and their address the actor of everything a request does.

    The actor is looked up when something is recorded, so a sign-in or sign-out halfway
    through the request is seen.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest):
        token = _current.set(lambda: _from_request(request))
        try:
            return self.get_response(request)
        finally:
            _current.reset(token)


def _label(object_type: type[models.Model] | str) -> str:
    return object_type if isinstance(object_type, str) else object_type._meta.label_lower


def organisation_of(obj: models.Model, depth: int = 2) -> int | None:
    """The organisation a record belongs to: its own, or that of the record it hangs from
    (an event's person, a candidate's list entry's list). Accounts are not followed: whose
    data it is matters, not who typed it."""
    own = getattr(obj, "organisation_id", None)
    if own is not None or depth == 0:
        return own
    for field in obj._meta.concrete_fields:
        if not field.is_relation or field.related_model is get_user_model():
            continue
        if getattr(obj, field.attname) is None:
            continue
        try:
            parent = getattr(obj, field.name)
        except ObjectDoesNotExist:
            continue
        if (found := organisation_of(parent, depth - 1)) is not None:
            return found
    return None


def _locked_head() -> ChainHead:
    """The chain head, locked until the transaction ends so appends happen one at a time.

    On PostgreSQL the row lock does it; SQLite's IMMEDIATE transactions (see settings) already
    let one writer in at a time. The head row is created on first use, from the last entry
    should the log hold entries already.
    """
    head = ChainHead.objects.select_for_update().filter(pk=1).first()
    if head is None:
        last = AuditEntry.objects.order_by("-sequence").only("sequence", "hash").first()
        start = ChainHead(pk=1, sequence=last.sequence, hash=last.hash) if last else ChainHead(pk=1)
        ChainHead.objects.bulk_create([start], ignore_conflicts=True)
        head = ChainHead.objects.select_for_update().get(pk=1)
    return head


def _append(entry: AuditEntry) -> AuditEntry:
    with transaction.atomic():
        head = _locked_head()
        entry.sequence = head.sequence + 1
        entry.prev_hash = head.hash
        # Taken under the lock, so times never go backwards along the chain.
        entry.at = timezone.now()
        entry.hash = entry.compute_hash()
        entry.save(force_insert=True)
        ChainHead.objects.filter(pk=head.pk).update(sequence=entry.sequence, hash=entry.hash)
    return entry


def record(
    actor: ActorLike,
    action: str,
    object_type: type[models.Model] | str = "",
    object_ids: Iterable = (),
    detail: str = "",
    *,
    fields: Iterable[str] = (),
    organisation_id: int | None = None,
) -> AuditEntry:
    """Append one entry. ``detail`` is a short code (``count=120``), never a name or a number
    someone could be found by. The entry belongs to ``organisation_id``, else the actor's."""
    who = to_actor(actor)
    if action not in AuditAction.values:
        raise ValueError(f"unknown audit action {action!r}")
    if len(detail) > AuditEntry._meta.get_field("detail").max_length:
        raise ValueError("an audit detail is a short code")
    entry = AuditEntry(
        user_id=who.user_id,
        actor=who.label,
        organisation_id=organisation_id if organisation_id is not None else who.organisation_id,
        ip=who.ip,
        action=action,
        object_type=_label(object_type) if object_type else "",
        object_ids=[str(pk) for pk in object_ids],
        fields=sorted(set(fields)),
        detail=detail,
    )
    return _append(entry)


def record_read(request_or_actor: ActorLike, objects: Iterable[models.Model], fields: Iterable[str] = ()) -> list[AuditEntry]:
    """Record that records were shown to someone: one entry per record type.

    Call it after the page or file is built, with the records in it and the names of the
    fields shown. Raises an alert when the reader passes the hourly limit (IZDEU_AUDIT_READ_ALERT).
    """
    who = to_actor(request_or_actor)
    by_type: dict[type[models.Model], list[models.Model]] = {}
    for obj in objects:
        by_type.setdefault(type(obj), []).append(obj)
    fields = tuple(fields)
    entries = [
        record(
            who,
            AuditAction.READ,
            model,
            [obj.pk for obj in group],
            fields=fields,
            organisation_id=organisation_of(group[0]),
        )
        for model, group in by_type.items()
    ]
    if who.user_id is not None and person_types().intersection(_label(model) for model in by_type):
        check_unusual_reads(who)
    return entries


def record_change(actor: ActorLike, obj: models.Model, action: str, fields: Iterable[str] = ()) -> AuditEntry:
    """Record a change to one record, with the names of the fields changed when known."""
    return record(actor, action, type(obj), [obj.pk], fields=fields, organisation_id=organisation_of(obj))


def record_bulk(
    actor: ActorLike, action: str, model: type[models.Model] | str, count: int, *, organisation_id: int | None = None
) -> AuditEntry:
    """One entry standing for ``count`` rows written or removed at once."""
    return record(actor, action, model, (), detail=f"count={count}", organisation_id=organisation_id)


@contextmanager
def in_bulk(action: str, actor: ActorLike = None, *, organisation_id: int | None = None) -> Iterator[None]:
    """Inside, saves and deletes of audited models are counted, then recorded as one
    ``record_bulk`` entry per model, so removing a demo world does not write 56,000 entries."""
    counts: Counter[str] = Counter()
    token = _bulk.set(counts)
    try:
        yield
    finally:
        _bulk.reset(token)
    for label, count in sorted(counts.items()):
        record_bulk(actor, action, label, count, organisation_id=organisation_id)


@contextmanager
def erasing(reason: str) -> Iterator[None]:
    """Inside, deletions of audited records are recorded as erasures with this reason."""
    token = _erasure_reason.set(reason)
    try:
        yield
    finally:
        _erasure_reason.reset(token)


def record_saved(instance: models.Model, created: bool, update_fields: Iterable[str] | None) -> None:
    if (counts := _bulk.get()) is not None:
        counts[instance._meta.label_lower] += 1
        return
    action = AuditAction.CREATE if created else AuditAction.UPDATE
    record_change(None, instance, action, fields=() if created else (update_fields or ()))


def record_deleted(instance: models.Model) -> None:
    if (counts := _bulk.get()) is not None:
        counts[instance._meta.label_lower] += 1
        return
    reason = _erasure_reason.get()
    if reason is None:
        record_change(None, instance, AuditAction.DELETE)
    else:
        record(None, AuditAction.ERASE, type(instance), [instance.pk], detail=reason, organisation_id=organisation_of(instance))


@cache
def person_types() -> frozenset[str]:
    """Record types that each describe one human by name: people, requests, list rows, requesters."""
    from izdeu.people.models import PersonDetails
    from izdeu.searches.models import Requester

    return frozenset(m._meta.label_lower for m in apps.get_models() if issubclass(m, PersonDetails | Requester))


def check_unusual_reads(reader: Actor) -> AuditAlert | None:
    """Raise an alert, once per account and clock hour, when the account has read more
    distinct records about people in the last hour than IZDEU_AUDIT_READ_ALERT."""
    now = timezone.now()
    window = now.replace(minute=0, second=0, microsecond=0)
    if AuditAlert.objects.filter(user_id=reader.user_id, window_start=window).exists():
        return None
    reads = AuditEntry.objects.filter(
        user_id=reader.user_id, action=AuditAction.READ, at__gte=now - READ_ALERT_WINDOW, object_type__in=person_types()
    ).values_list("object_type", "object_ids")
    seen = {(object_type, pk) for object_type, ids in reads.iterator() for pk in ids}
    if len(seen) <= settings.AUDIT_READ_ALERT:
        return None
    alert, created = AuditAlert.objects.get_or_create(
        user_id=reader.user_id,
        window_start=window,
        defaults={"organisation_id": reader.organisation_id, "records_read": len(seen)},
    )
    if created:
        logger.warning(
            "unusual reads: account %s read %s records about people within an hour (audit alert %s)",
            reader.user_id, len(seen), alert.pk,
        )
        record(reader, AuditAction.ALERT, AuditAlert, [alert.pk], detail=f"records={len(seen)}")
    return alert
