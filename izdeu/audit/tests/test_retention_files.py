"""Files past their retention: the list file that holds every row of a list, a request's photo,
and files nothing refers to any longer. Every name here is fictional."""

import datetime as dt
import os

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.utils import timezone

from izdeu.audit.models import AuditEntry
from izdeu.audit.retention import erase, purge
from izdeu.lists.importing import ImportRefused, import_file, import_upload, keep_upload
from izdeu.lists.models import (
    ImportJob, JobStatus, ListEntry, QuarantinedRow, QuarantineStatus, Reliability, SourceKind, Upload,
)
from izdeu.lists.problems import describe

pytestmark = pytest.mark.django_db

LIST_DATE = dt.date(2022, 1, 7)
ROWS = [
    "1;ЗАГИПАРОВ Нурлан Серикович;12.03.1992",
    "2;Сейткалиева Айгерим Болатовна;05.11.1998",
    "3;Абенов Данияр;30.02.1990",  # no 30 February: quarantined
]
# Police lists are kept 730 days (README, "Retention").
PAST_PERIOD = dt.timedelta(days=731)


def police_list() -> bytes:
    return "\r\n".join(["№;ФИО;Дата рождения", *ROWS, ""]).encode("cp1251")


def load(volunteer, organisation):
    return import_file(police_list(), "список_задержанных.csv", source_name="УП Алмалинского района",
                       kind=SourceKind.POLICE_STATION, organisation=organisation, user=volunteer,
                       list_date=LIST_DATE)  # fmt: skip


def stored(name: str) -> bool:
    return bool(name) and default_storage.exists(name)


@pytest.fixture
def committing(django_capture_on_commit_callbacks):
    """Run what waits for the commit (removing files) as the real purge's commit would."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def test_the_list_file_is_erased_with_the_last_row_read_from_it(volunteer, organisation, committing):
    summary = load(volunteer, organisation)
    upload = Upload.objects.get(pk=summary.upload_id)
    name = upload.file.name
    assert stored(name) and summary.quarantined == 1
    with committing():
        result = purge(now=timezone.now() + PAST_PERIOD)
    upload.refresh_from_db()
    assert not upload.file and upload.original_name == "" and not stored(name)
    assert not ListEntry.objects.filter(source_id=summary.source_id).exists()
    assert not QuarantinedRow.objects.filter(run__source_id=summary.source_id).exists()
    # Two entries, the quarantined row and the file.
    assert result.erased[SourceKind.POLICE_STATION] == 4
    tombstone = AuditEntry.objects.get(action="erase", object_type="lists.upload")
    assert tombstone.object_ids == [str(upload.pk)] and tombstone.detail == "retention:police_station"


def test_the_list_file_stays_while_a_row_of_an_open_case_remains(factory, volunteer, organisation, committing):
    summary = load(volunteer, organisation)
    entry = ListEntry.objects.filter(source_id=summary.source_id).first()
    factory.candidate(entry=entry, search_request=factory.search_request(case=factory.case()))
    with committing():
        purge(now=timezone.now() + PAST_PERIOD)
    upload = Upload.objects.get(pk=summary.upload_id)
    assert ListEntry.objects.filter(pk=entry.pk).exists()
    assert stored(upload.file.name) and upload.original_name == "список_задержанных.csv"


def test_the_list_file_stays_within_its_period_and_in_a_dry_run(volunteer, organisation, committing):
    summary = load(volunteer, organisation)
    with committing():
        purge(now=timezone.now() + dt.timedelta(days=100))
        purge(now=timezone.now() + PAST_PERIOD, dry_run=True)
    assert stored(Upload.objects.get(pk=summary.upload_id).file.name)
    assert ListEntry.objects.filter(source_id=summary.source_id).count() == 2


def test_a_file_never_loaded_goes_after_thirty_days_and_can_be_given_again(volunteer, organisation, committing):
    upload = keep_upload(police_list(), "список_задержанных.csv", organisation, volunteer)
    with committing():
        purge(now=timezone.now() + dt.timedelta(days=29))
    assert stored(upload.file.name)
    with committing():
        result = purge(now=timezone.now() + dt.timedelta(days=31))
    assert result.erased["upload_unimported"] == 1
    upload.refresh_from_db()
    options = {"source_name": "УП Алмалинского района", "kind": SourceKind.POLICE_STATION,
               "organisation": organisation, "user": volunteer}  # fmt: skip
    with pytest.raises(ImportRefused) as refused:
        import_upload(upload, **options)
    assert refused.value.codes == ["file_erased"]
    assert describe("file_erased").startswith("The kept file was erased")
    # The volunteer loads the same file again: it is kept again, under the same record.
    again = keep_upload(police_list(), "список_задержанных.csv", organisation, volunteer)
    assert again.pk == upload.pk and stored(again.file.name)
    assert import_upload(again, **options).imported == 2


def test_an_entry_mended_from_a_quarantined_row_is_erased_with_that_row(volunteer, organisation, coordinator):
    summary = load(volunteer, organisation)
    row = QuarantinedRow.objects.get(run__source_id=summary.source_id)
    entry = ListEntry.objects.create(source_id=summary.source_id, sheet=row.sheet, row_number=row.row_number,
                                     raw=row.raw, full_name="Абенов Данияр", birth_year=1990)  # fmt: skip
    row.status, row.fixed_entry = QuarantineStatus.FIXED, entry
    row.save(update_fields=["status", "fixed_entry"])
    assert erase(coordinator, entry, "erasure_request") == 2
    assert not QuarantinedRow.objects.filter(pk=row.pk).exists()


def test_erasing_a_request_removes_its_photo(factory, coordinator, committing):
    search_request = factory.search_request()
    search_request.photo.save("photo.jpg", ContentFile(b"\xff\xd8\xff\xe0 a re-encoded photo"))
    name = search_request.photo.name
    with committing():
        erase(coordinator, search_request, "erasure_request")
    assert not stored(name)


def test_a_stored_file_nothing_refers_to_is_removed_a_day_later(volunteer, organisation, capsys, committing):
    # A photo written by an intake whose transaction then failed.
    orphan = default_storage.save("request-photos/photo.jpg", ContentFile(b"\xff\xd8\xff\xe0 left behind"))
    kept = keep_upload(police_list(), "список_задержанных.csv", organisation, volunteer).file.name
    assert purge().orphans == 0 and stored(orphan)
    two_days_ago = (timezone.now() - dt.timedelta(days=2)).timestamp()
    for name in (orphan, kept):
        os.utime(default_storage.path(name), (two_days_ago, two_days_ago))
    call_command("purge", "--dry-run")
    assert "1 stored file that no record refers to would be removed." in capsys.readouterr().out
    with committing():
        assert purge().orphans == 1
    assert not stored(orphan) and stored(kept)
    assert AuditEntry.objects.filter(action="purge", detail__endswith="orphans=1").exists()


def test_a_load_left_at_the_column_screen_is_refused_once_its_file_is_erased(client, volunteer, organisation):
    upload = keep_upload(police_list(), "список_задержанных.csv", organisation, volunteer)
    job = ImportJob.objects.create(organisation=organisation, upload=upload, uploaded_by=volunteer,
                                   source_name="УП Алмалинского района", kind=SourceKind.POLICE_STATION,
                                   reliability=Reliability.UNCONFIRMED, status=JobStatus.MAPPING,
                                   sheets=[{"sheet": "", "columns": [], "samples": [["1", "ЗАГИПАРОВ Нурлан"]]}])  # fmt: skip
    purge(now=timezone.now() + dt.timedelta(days=31))
    job.refresh_from_db()
    assert job.status == JobStatus.REFUSED and job.problems == ["file_erased"]
    assert all("samples" not in sheet for sheet in job.sheets)
    client.force_login(volunteer)
    page = client.get(f"/en/lists/loading/{job.pk}/").content.decode()
    assert "The kept file was erased when its retention period ended" in page
