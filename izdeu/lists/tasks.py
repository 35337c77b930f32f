"""Lists loaded in the background: the worker reads the kept file for the mapping screen, then loads it.

The tasks take only a job's id: nothing personal goes into the task queue. A failure is recorded
on the job as a code; its message, which could quote a value from the file, is never stored.
"""

import logging
import time

from django.core.cache import caches
from django.db import transaction
from django.tasks import task
from django.utils import timezone

from izdeu.lists import problems as codes
from izdeu.lists.importing import ImportRefused, import_upload, preview
from izdeu.lists.models import ImportJob, JobStatus

logger = logging.getLogger(__name__)

# A load whose progress has not moved for this long has lost its worker (stopped, killed, restarted).
STALLED_AFTER = 300


def report(job_id: int, rows: int, total: int | None) -> None:
    caches["progress"].set(f"job:{job_id}", {"rows": rows, "total": total, "at": time.time()}, timeout=86_400)


def progress_of(job_id: int) -> dict:
    """{"rows", "total", "at"}: rows read so far, of how many (None while the first reading counts them)."""
    return caches["progress"].get(f"job:{job_id}") or {"rows": 0, "total": None, "at": None}


def rows_to_load(job: ImportJob) -> int:
    return sum(sheet["rows"] for sheet in job.sheets if sheet["sheet"] not in job.skipped_sheets)


def stalled(job: ImportJob, now: float | None = None) -> bool:
    """A load that can be started again: it failed, or its worker went away."""
    if job.status == JobStatus.FAILED:
        return True
    if job.status not in (JobStatus.LOADING, JobStatus.READING):
        return False
    at = progress_of(job.pk)["at"]
    if at is None:
        at = job.created_at.timestamp()
    return (now if now is not None else time.time()) - at > STALLED_AFTER


def _claim(job_id: int, expected: str, new: str) -> ImportJob | None:
    """Move the job on, once: a task delivered twice finds it already moved and does nothing."""
    with transaction.atomic():
        job = _jobs().select_for_update(of=("self",)).filter(pk=job_id, status=expected).first()
        if job is None:
            return None
        job.status = new
        job.save(update_fields=["status"])
    return job


def _jobs():
    return ImportJob.objects.select_related("upload", "facility", "organisation", "uploaded_by")


def _fail(job: ImportJob, problem_codes: list[str], status: str) -> None:
    job.status, job.problems, job.finished_at = status, problem_codes, timezone.now()
    job.save(update_fields=["status", "problems", "finished_at"])


@task()
def read_list(job_id: int) -> None:
    """Read the kept file once through: sheets, guessed columns, row counts, sample rows."""
    job = _jobs().filter(pk=job_id, status=JobStatus.READING).first()
    if job is None:
        return
    report(job.pk, 0, None)
    try:
        sheets = preview(job.upload, job.organisation, job.source_name, job.kind, job.facility,
                         progress=lambda rows: report(job.pk, rows, None))  # fmt: skip
    except ImportRefused as refused:
        _fail(job, refused.codes, JobStatus.REFUSED)
        return
    except Exception as error:
        logger.error("reading list job %s failed: %s", job.pk, type(error).__name__)
        _fail(job, [codes.LOAD_FAILED], JobStatus.FAILED)
        return
    job.sheets, job.status = sheets, JobStatus.MAPPING
    job.save(update_fields=["sheets", "status"])


@task()
def load_list(job_id: int) -> None:
    """Import the kept file with the columns the volunteer checked, in one transaction."""
    job = _claim(job_id, JobStatus.QUEUED, JobStatus.LOADING)
    if job is None:
        return
    total = rows_to_load(job)
    report(job.pk, 0, total)
    try:
        summary = import_upload(
            job.upload, source_name=job.source_name, kind=job.kind, organisation=job.organisation,
            user=job.uploaded_by, facility=job.facility, list_date=job.list_date, reliability=job.reliability,
            mappings=job.mappings, skipped_sheets=job.skipped_sheets, provided_by=job.provided_by,
            progress=lambda rows: report(job.pk, rows, total),
        )  # fmt: skip
    except ImportRefused as refused:
        _fail(job, refused.codes, JobStatus.REFUSED)
        return
    except Exception as error:
        logger.error("loading list job %s failed: %s", job.pk, type(error).__name__)
        _fail(job, [codes.LOAD_FAILED], JobStatus.FAILED)
        return
    report(job.pk, total, total)
    job.status, job.source_id, job.already_imported = JobStatus.FINISHED, summary.source_id, summary.already_imported
    job.forget_samples()
    job.finished_at = timezone.now()
    job.save(update_fields=["status", "source", "already_imported", "sheets", "finished_at"])


def start_again(job: ImportJob) -> None:
    """Run a failed or stalled job again from the step it stopped at (the import is atomic: nothing to undo)."""
    step, status = (read_list, JobStatus.READING) if not job.sheets else (load_list, JobStatus.QUEUED)
    job.status, job.problems, job.finished_at = status, [], None
    job.save(update_fields=["status", "problems", "finished_at"])
    step.enqueue(job.pk)
