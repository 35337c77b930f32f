"""How long izdeu keeps personal data, and erasing it: by schedule (``purge``) or on request (``erase``).

What a seized server does not hold cannot be used against anyone. So every kind of list, and
every search request once it is no longer open, has a retention period in days (the table
below, overridable with IZDEU_RETENTION_DAYS, e.g. ``morgue=3650,request_closed=90``; ``never``
keeps for ever). Nothing is purged from a case still open, whatever its age.

Search requests are erased whole, with their requester when it was the requester's last
request: a request is the requester's own words and their contact, and the requester record
cannot exist without a way to reach them. The sought person, the case and the confirmed
timeline stay. The clock of a request starts at its last recorded change (closing it is one),
so a request closed yesterday is not erased because it was filed long ago.

List entries are erased once their list is older than its kind's period, with the rows of that
list that could not be read (quarantined); the list itself (name, kind, date) stays as the
source the timeline cites. The file a list was loaded from holds every row of it, so it is
erased once every list read from it is past its period and no row read from it remains (a row
of an open case keeps it); a file whose load never finished goes after ``upload_unimported``
days. The upload's record stays without its file and name, for the imports that cite it. A
search request's photo goes with the request. A stored file no record refers to any longer (a
photo saved by an intake that then failed) is removed a day after it was written. A request
half told to the Telegram bot and left for a day is forgotten (``izdeu.bot``).

Each erased record leaves an ``erase`` entry in the audit log: its type, id and the rule, nothing
else.
"""

import datetime as dt
import os
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.files.storage import default_storage
from django.db import models, transaction
from django.db.models import ProtectedError
from django.utils import timezone

from izdeu.audit.log import ActorLike, AuditAction, acting_as, erasing, record
from izdeu.audit.models import AuditEntry
from izdeu.bot.models import Conversation
from izdeu.cases.models import CaseStatus
from izdeu.lists.models import ImportJob, JobStatus, ListEntry, QuarantinedRow, SourceKind, Upload
from izdeu.lists.problems import FILE_ERASED
from izdeu.searches.models import RequestStatus, Requester, SearchRequest

UNIMPORTED = "upload_unimported"
# A stored file is only an orphan once no transaction can still be about to refer to it.
ORPHAN_AFTER = dt.timedelta(days=1)
# Days kept. Lists: from the day izdeu received the list. Requests: from their last change.
DEFAULT_DAYS: dict[str, int | None] = {
    SourceKind.POLICE_STATION: 730,
    SourceKind.TEMPORARY_DETENTION: 730,
    # Pre-trial detention lasts months and trials follow: these lists are needed longer.
    SourceKind.PRETRIAL_DETENTION: 1825,
    # Court decisions and deaths are evidence for accountability, sought years later.
    SourceKind.COURT: 3650,
    SourceKind.MORGUE: 3650,
    # Medical data: kept while families and lawyers may still need it, no longer.
    SourceKind.HOSPITAL: 730,
    # Once released, being on the list matters little for the search.
    SourceKind.RELEASE: 365,
    SourceKind.VOLUNTEER_REPORT: 730,
    # Published by the authorities themselves.
    SourceKind.OFFICIAL_STATEMENT: None,
    # The requester asked to stop: their contact goes first.
    f"request_{RequestStatus.WITHDRAWN}": 30,
    f"request_{RequestStatus.CLOSED}": 180,
    # Found: the family may still need the lawyers for the trial that follows.
    f"request_{RequestStatus.LOCATED}": 365,
    # A list file whose load never finished: long enough for someone to load it again.
    UNIMPORTED: 30,
}
PURGED_STATUSES = (RequestStatus.WITHDRAWN, RequestStatus.CLOSED, RequestStatus.LOCATED)
REASON = re.compile(r"[a-z0-9_.:-]{1,100}")


def parse_periods(text: str) -> dict[str, int | None]:
    """Read IZDEU_RETENTION_DAYS: comma-separated ``name=days`` or ``name=never``."""
    periods: dict[str, int | None] = {}
    for item in filter(None, (part.strip() for part in text.split(","))):
        name, sep, value = (part.strip() for part in item.partition("="))
        if not sep:
            raise ImproperlyConfigured(f"IZDEU_RETENTION_DAYS: {item!r} is not name=days")
        if name not in DEFAULT_DAYS:
            known = ", ".join(sorted(DEFAULT_DAYS))
            raise ImproperlyConfigured(f"IZDEU_RETENTION_DAYS: unknown name {name!r}; known names are {known}")
        if name in periods:
            raise ImproperlyConfigured(f"IZDEU_RETENTION_DAYS: {name!r} is given twice")
        if value == "never":
            periods[name] = None
        elif re.fullmatch(r"[0-9]{1,6}", value):
            periods[name] = int(value)
        else:
            raise ImproperlyConfigured(f"IZDEU_RETENTION_DAYS: {name}={value!r} is neither a number of days nor 'never'")
    return periods


def periods() -> dict[str, int | None]:
    return DEFAULT_DAYS | parse_periods(settings.RETENTION_DAYS)


class ErasureRefused(Exception):
    """Other records depend on this one (e.g. a case on its person), so it was not erased."""


def erase(actor: ActorLike, obj: models.Model, reason: str) -> int:
    """Erase a record and what exists only for it; leave an ``erase`` entry for each.

    ``reason`` is a short code, never free text: ``retention:request_closed``,
    ``erasure_request``. Records that merely cite an erased one (an event citing the list row
    or the match it was confirmed from) lose that link and keep their source. Returns how many
    records were erased; raises ErasureRefused when another record depends on this one.
    """
    if not REASON.fullmatch(reason):
        raise ValueError("an erasure reason is a short code such as erasure_request, never free text")
    if getattr(type(obj), "audited", False) is not True:
        # Tombstones are written by the audit signals, which only watch personal-data models.
        raise ValueError(f"{obj._meta.label_lower} holds no personal data to erase")
    erased = 0
    with acting_as(actor), erasing(reason), transaction.atomic():
        for target in _erasure_plan(obj):
            _release_citations(type(target), [target.pk], reason, frozenset())
            try:
                count, _by_model = target.delete()
            except ProtectedError as error:
                blocking = sorted({row._meta.label_lower for row in error.protected_objects})
                raise ErasureRefused(f"{target._meta.label_lower} {target.pk} is needed by {', '.join(blocking)}") from error
            erased += count
    return erased


def _erasure_plan(obj: models.Model) -> list[models.Model]:
    """A requester goes with their requests; a request with its requester when it was their last;
    a list row with the quarantined row it was mended from (the same row as read)."""
    if isinstance(obj, ListEntry):
        return [*QuarantinedRow.objects.filter(fixed_entry=obj), obj]
    if isinstance(obj, Requester):
        return [*obj.requests.all(), obj]
    if isinstance(obj, SearchRequest):
        requester = obj.requester
        others = requester.requests.exclude(pk=obj.pk).exists()
        return [obj] if others else [obj, requester]
    return [obj]


def _release_citations(model: type[models.Model], pks: list, reason: str, path: frozenset) -> None:
    """Clear nullable PROTECT links to the rows about to go, and to the rows their deletion
    cascades to, recording each cleared link as a change."""
    for relation in model._meta.get_fields(include_hidden=True):
        if not (relation.auto_created and not relation.concrete and (relation.one_to_many or relation.one_to_one)):
            continue
        dependant, name = relation.related_model, relation.field.name
        rows = dependant._base_manager.filter(**{f"{name}__in": pks})
        if relation.on_delete is models.PROTECT and relation.field.null:
            ids = list(rows.values_list("pk", flat=True))
            if ids:
                dependant._base_manager.filter(pk__in=ids).update(**{name: None})
                record(None, AuditAction.UPDATE, dependant, ids, detail=reason, fields=[name])
        elif relation.on_delete is models.CASCADE and dependant not in path:
            ids = list(rows.values_list("pk", flat=True))
            if ids:
                _release_citations(dependant, ids, reason, path | {model})


def _changed_since(model: type[models.Model], since: dt.datetime) -> set[str]:
    changes = AuditEntry.objects.filter(
        object_type=model._meta.label_lower, action__in=[AuditAction.CREATE, AuditAction.UPDATE], at__gte=since
    ).values_list("object_ids", flat=True)
    return {pk for ids in changes.iterator() for pk in ids}


def expired_requests(now: dt.datetime, days: dict[str, int | None]) -> Iterator[tuple[str, type, list[int]]]:
    for status in PURGED_STATUSES:
        rule = f"request_{status}"
        if days[rule] is None:
            continue
        since = now - dt.timedelta(days=days[rule])
        candidates = (
            SearchRequest.objects.filter(status=status, created_at__lt=since)
            .exclude(case__status=CaseStatus.OPEN)
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        changed = _changed_since(SearchRequest, since)
        yield rule, SearchRequest, [pk for pk in candidates if str(pk) not in changed]


def expired_entries(now: dt.datetime, days: dict[str, int | None]) -> Iterator[tuple[str, type, list[int]]]:
    """Rows of lists past their period, except those tied to an open case: confirmed as its
    person, matched to one of its requests, or cited by its person's timeline. The rows that
    could not be read go first: a mended one must not outlive the entry made from it."""
    for kind in SourceKind.values:
        if days.get(kind) is None:
            continue
        since = now - dt.timedelta(days=days[kind])
        quarantined = QuarantinedRow.objects.filter(run__source__kind=kind, run__source__created_at__lt=since)
        yield kind, QuarantinedRow, list(quarantined.order_by("pk").values_list("pk", flat=True))
        entries = (
            ListEntry.objects.filter(source__kind=kind, source__created_at__lt=since)
            .exclude(person__case__status=CaseStatus.OPEN)
            .exclude(candidates__search_request__case__status=CaseStatus.OPEN)
            .exclude(events__person__case__status=CaseStatus.OPEN)
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        yield kind, ListEntry, list(entries)


def expired_uploads(now: dt.datetime, days: dict[str, int | None]) -> Iterator[tuple[str, Upload]]:
    """Kept list files no longer needed, each with the rule that ended it."""
    for upload in Upload.objects.exclude(file="").prefetch_related("import_runs__source").order_by("pk"):
        rule = _upload_expired_by(upload, now, days)
        if rule is not None:
            yield rule, upload


def _upload_expired_by(upload: Upload, now: dt.datetime, days: dict[str, int | None]) -> str | None:
    """The rule whose period ended last among the lists read from the file, once all have; None
    while one is within its period or a row read from the file remains."""
    sources = list({run.source_id: run.source for run in upload.import_runs.all()}.values())
    if not sources:
        period = days[UNIMPORTED]
        return UNIMPORTED if period is not None and upload.uploaded_at < now - dt.timedelta(days=period) else None
    for source in sources:
        period = days.get(source.kind)
        if period is None or source.created_at >= now - dt.timedelta(days=period):
            return None
    rows = ListEntry.objects.filter(source__in=sources, file_sha256=upload.sha256)
    if rows.exists() or QuarantinedRow.objects.filter(run__upload=upload).exists():
        return None
    return max(sources, key=lambda source: days[source.kind]).kind


def erase_upload_file(upload: Upload, rule: str) -> None:
    """Erase a kept list file and its name; the upload's record stays for the imports citing it,
    and the sample rows shown while its columns were checked go too. A load still waiting (at
    the column screen, or failed) can no longer be done: it is refused with the reason."""
    name = upload.file.name
    with transaction.atomic():
        Upload.objects.filter(pk=upload.pk).update(file="", original_name="")
        for job in ImportJob.objects.filter(upload=upload):
            job.forget_samples()
            if job.status not in (JobStatus.FINISHED, JobStatus.REFUSED):
                job.status, job.problems, job.finished_at = JobStatus.REFUSED, [FILE_ERASED], timezone.now()
            job.save(update_fields=["sheets", "status", "problems", "finished_at"])
        record(None, AuditAction.ERASE, Upload, [upload.pk], detail=f"retention:{rule}",
               organisation_id=upload.organisation_id)  # fmt: skip
        transaction.on_commit(lambda: default_storage.delete(name))


def orphaned_files(now: dt.datetime) -> list[str]:
    """Stored files no record refers to, written more than a day ago."""
    if not hasattr(default_storage, "stored_names"):
        return []
    kept = set(Upload.objects.exclude(file="").values_list("file", flat=True))
    kept |= set(SearchRequest.objects.exclude(photo="").values_list("photo", flat=True))
    before = (now - ORPHAN_AFTER).timestamp()
    return [name for name in default_storage.stored_names()
            if name not in kept and os.path.getmtime(default_storage.path(name)) < before]  # fmt: skip


@dataclass
class PurgeResult:
    erased: Counter[str] = field(default_factory=Counter)  # rule -> records the rule erased
    refused: Counter[str] = field(default_factory=Counter)  # rule -> records kept: others depend on them
    orphans: int = 0  # stored files no record referred to, removed


def purge(actor: ActorLike = None, *, dry_run: bool = False, now: dt.datetime | None = None) -> PurgeResult:
    """Erase everything past its retention period; with ``dry_run``, only count it.

    Each record is erased in its own transaction, so a long purge never holds the database
    for long and a refusal stops nothing else.
    """
    now = now or timezone.now()
    days = periods()
    result = PurgeResult()
    with acting_as(actor):
        for rule, model, ids in (*expired_requests(now, days), *expired_entries(now, days)):
            if dry_run:
                result.erased[rule] += len(ids)
                continue
            for pk in ids:
                _erase_one(model, pk, rule, result)
        # After the rows: a file is only done with once no row read from it remains.
        for rule, upload in expired_uploads(now, days):
            if not dry_run:
                erase_upload_file(upload, rule)
            result.erased[rule] += 1
        orphans = orphaned_files(now)
        result.orphans = len(orphans)
        if not dry_run:
            for name in orphans:
                default_storage.delete(name)
            # The bot forgets them as updates arrive; a bot nobody writes to forgets them here.
            Conversation.idle(now).delete()
            summary = f"erased={result.erased.total()} refused={result.refused.total()} orphans={result.orphans}"
            record(None, AuditAction.PURGE, detail=summary)
    return result


def _erase_one(model: type[models.Model], pk: int, rule: str, result: PurgeResult) -> None:
    target = model._base_manager.filter(pk=pk).first()
    if target is None:
        return  # gone already, erased along with an earlier record
    try:
        erase(None, target, f"retention:{rule}")
    except ErasureRefused:
        result.refused[rule] += 1
    else:
        result.erased[rule] += 1
