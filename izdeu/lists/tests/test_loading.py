"""Loading a list from the web page in the background: the mapping screen, progress, failures.

Every name is fictional. Queued work runs at once in tests (conftest), except where a test puts
the database queue back to see the pages a volunteer sees while the worker is busy.
"""

import io
import time

import pytest
from django.core.management import call_command
from openpyxl import Workbook

from izdeu.lists import importing, tasks
from izdeu.lists.models import ImportJob, JobStatus, ListEntry, Source
from izdeu.lists.tests.test_pages import accept_mapping, load, post_upload

# "Кем задержан" is no header izdeu knows: the volunteer says it is a note.
UNKNOWN_COLUMN = "\r\n".join([
    "ФИО;Год рождения;Кем задержан",
    "Сейткали Болат Ерланович;1990;ППС УП Медеуского р-на",
    "Омарова Жулдыз Маратовна;1995;СОБР",
]).encode("cp1251")  # fmt: skip


def two_sheets() -> bytes:
    workbook = Workbook()
    detained = workbook.active
    detained.title = "Задержанные"
    detained.append(["Тегі", "Аты", "Туған жылы"])
    detained.append(["Зағыпаров", "Нұрлан", 1992])
    detained.append(["Сұлтанова", "Айгерім", 1998])
    totals = workbook.create_sheet("Итого")
    totals.append(["Район", "Всего"])
    totals.append(["Алмалинский", 2])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def column_of(job: ImportJob, header: str, sheet: int = 0) -> str:
    index = next(c["index"] for c in job.sheets[sheet]["columns"] if c["header"] == header)
    return f"s{sheet}-c{index}"


def test_a_volunteer_corrects_a_column_and_the_next_version_remembers_it(client, volunteer):
    client.force_login(volunteer)
    post_upload(client, UNKNOWN_COLUMN, name="ИВС ДП г. Алматы")
    job = ImportJob.objects.get()
    page = client.get(f"/en/lists/loading/{job.pk}/").content.decode()
    assert "not recognised" in page and "ППС УП Медеуского р-на" in page
    accept_mapping(client, job, {column_of(job, "Кем задержан"): "note"})
    assert sorted(ListEntry.objects.values_list("note", flat=True)) == ["ППС УП Медеуского р-на", "СОБР"]

    newer = UNKNOWN_COLUMN + "\r\nКасымов Данияр Асетович;1988;ППС\r\n".encode("cp1251")
    post_upload(client, newer, name="ИВС ДП г. Алматы")
    second = ImportJob.objects.latest("pk")
    assert second.sheets[0]["remembered"] is True
    page = client.get(f"/en/lists/loading/{second.pk}/").content.decode()
    assert '<option value="note" selected>' in page
    assert "previous version of this list" in page
    accept_mapping(client, second)
    second.refresh_from_db()
    assert ListEntry.objects.get(source_id=second.source_id, surname="Касымов").note == "ППС"


def test_a_sheet_can_be_left_out_and_the_list_says_so(client, volunteer):
    client.force_login(volunteer)
    post_upload(client, two_sheets(), filename="списки.xlsx")
    job = ImportJob.objects.get()
    assert [(s["sheet"], s["rows"]) for s in job.sheets] == [("Задержанные", 2), ("Итого", 2)]
    page = client.get(f"/en/lists/loading/{job.pk}/").content.decode()
    assert "Load this sheet" in page
    accept_mapping(client, job, leave_out=["Итого"])
    job.refresh_from_db()
    assert sorted(ListEntry.objects.values_list("given_name", flat=True)) == ["Айгерім", "Нұрлан"]
    summary = client.get(f"/en/lists/{job.source_id}/").content.decode()
    assert "This sheet was left out" in summary


def test_a_sheet_without_a_name_column_is_refused_with_a_reason(client, volunteer):
    client.force_login(volunteer)
    post_upload(client, UNKNOWN_COLUMN)
    job = ImportJob.objects.get()
    response = accept_mapping(client, job, {column_of(job, "ФИО"): ""}, lang="en")
    assert response.status_code == 400
    assert "Say which column holds the name." in response.content.decode()
    job.refresh_from_db()
    assert job.status == JobStatus.MAPPING and not Source.objects.exists()


def test_leaving_every_sheet_out_is_refused(client, volunteer):
    client.force_login(volunteer)
    post_upload(client, two_sheets(), filename="списки.xlsx")
    job = ImportJob.objects.get()
    response = accept_mapping(client, job, lang="en", leave_out=["Задержанные", "Итого"])
    assert response.status_code == 400 and "Choose at least one sheet" in response.content.decode()


@pytest.fixture
def worker_queue(settings, transactional_db):
    """The real queue: work waits in the database until a worker takes it (the worker closes its
    database connection after each task, so these tests cannot run inside one transaction)."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def run_worker():
    call_command("db_worker", batch=True, interval=0, verbosity=0)


def test_the_page_shows_progress_while_the_worker_reads_and_loads(client, volunteer, worker_queue):
    client.force_login(volunteer)
    response = post_upload(client, lang="en")
    job = ImportJob.objects.get()
    waiting = client.get(response["Location"]).content.decode()
    assert job.status == JobStatus.READING
    assert '<meta http-equiv="refresh" content="2">' in waiting and "<progress" in waiting
    run_worker()
    job.refresh_from_db()
    assert job.status == JobStatus.MAPPING
    accept_mapping(client, job, lang="en")
    job.refresh_from_db()
    assert job.status == JobStatus.QUEUED
    queued = client.get(f"/en/lists/loading/{job.pk}/").content.decode()
    assert "Waiting to be loaded" in queued and 'max="3"' in queued
    assert "Being loaded" in client.get("/en/lists/").content.decode()
    run_worker()
    job.refresh_from_db()
    assert job.status == JobStatus.FINISHED and job.source.entries.count() == 2
    assert tasks.progress_of(job.pk)["rows"] == 3


def test_a_load_that_fails_keeps_nothing_and_can_be_run_again(client, volunteer, monkeypatch):
    client.force_login(volunteer)
    post_upload(client, lang="en")
    job = ImportJob.objects.get()

    def broken(batch):
        raise OSError("disk full")

    monkeypatch.setattr(importing, "create_entries", broken)
    accept_mapping(client, job, lang="en")
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED and job.problems == ["load_failed"]
    assert not Source.objects.exists() and not ListEntry.objects.exists()
    page = client.get(f"/en/lists/loading/{job.pk}/").content.decode()
    assert "Try again" in page and "refresh" not in page

    monkeypatch.undo()
    response = client.post(f"/en/lists/loading/{job.pk}/again/")
    assert response.status_code == 302
    job.refresh_from_db()
    assert job.status == JobStatus.FINISHED and job.source.entries.count() == 2


def test_a_load_whose_worker_went_away_can_be_run_again(client, volunteer, worker_queue, monkeypatch):
    client.force_login(volunteer)
    post_upload(client, lang="en")
    job = ImportJob.objects.get()
    run_worker()
    job.refresh_from_db()
    ImportJob.objects.filter(pk=job.pk).update(status=JobStatus.LOADING, mappings={})
    job.refresh_from_db()
    tasks.report(job.pk, 2000, 5000)
    assert not tasks.stalled(job)
    assert "refresh" in client.get(f"/en/lists/loading/{job.pk}/").content.decode()
    later = time.time() + tasks.STALLED_AFTER + 1
    assert tasks.stalled(job, now=later)
    monkeypatch.setattr(tasks, "STALLED_AFTER", -1)
    assert "Try again" in client.get(f"/en/lists/loading/{job.pk}/").content.decode()
    client.post(f"/en/lists/loading/{job.pk}/again/")
    run_worker()
    job.refresh_from_db()
    assert job.status == JobStatus.FINISHED


def test_a_refused_file_is_said_so_before_anything_is_kept(client, volunteer):
    client.force_login(volunteer)
    response = post_upload(client, b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4, filename="список.csv", lang="en")
    assert response.status_code == 400
    assert "This file is not a table" in response.content.decode()
    assert not ImportJob.objects.exists()


def test_another_volunteers_load_is_not_found_but_the_coordinator_sees_it(client, volunteer, coordinator):
    from izdeu.conftest import make_user

    client.force_login(volunteer)
    post_upload(client)
    job = ImportJob.objects.get()
    other = make_user(volunteer.organisation, "volunteer", "volunteer-daniyar")
    client.force_login(other)
    assert client.get(f"/en/lists/loading/{job.pk}/").status_code == 404
    assert client.post(f"/en/lists/loading/{job.pk}/again/").status_code == 404
    client.force_login(coordinator)
    assert client.get(f"/en/lists/loading/{job.pk}/").status_code == 200


def test_the_loads_page_names_no_person_in_its_address(client, volunteer):
    client.force_login(volunteer)
    job = load(client)
    assert job.source.entries.filter(surname="ЗАГИПАРОВ").exists()


def test_a_fixed_row_keeps_the_columns_nobody_retyped(client, volunteer):
    rows = "\r\n".join(["ФИО;ИИН;Статья", "Жумабаев Асет Болатович;920312300128;ст. 272 УК РК"]).encode("cp1251")
    client.force_login(volunteer)
    job = load(client, rows)
    row = job.source.import_runs.get().quarantined_rows.get()
    prefix = f"r{row.pk}"
    client.post(f"/en/lists/{job.source_id}/quarantine/{row.pk}/fix/",
                {f"{prefix}-full_name": "Жумабаев Асет Болатович", f"{prefix}-iin": "920312300127"})  # fmt: skip
    entry = ListEntry.objects.get()
    assert (entry.patronymic, entry.article, entry.iin) == ("Болатович", "ст. 272 УК РК", "920312300127")


def test_a_chat_line_set_aside_comes_back_split_into_its_parts(client, volunteer):
    client.force_login(volunteer)
    client.post("/en/lists/", {
        "text": "1. Загипаров Нурлан Серикович, 31.02.1992 — УП Алмалинского района\r\n2. Ким Сергей 05.11.1985\r\n",
        "name": "Чат", "kind": "volunteer_report", "reliability": "unconfirmed",
    })  # fmt: skip
    accept_mapping(client, ImportJob.objects.get(), lang="en")
    row = ImportJob.objects.get().source.import_runs.get().quarantined_rows.get()
    page = client.get(f"/en/lists/{row.run.source_id}/quarantine/").content.decode()
    prefix = f"r{row.pk}"
    assert f'name="{prefix}-full_name" value="Загипаров Нурлан Серикович"' in page
    assert f'name="{prefix}-birth" value="31.02.1992"' in page
    assert f'name="{prefix}-place" value="УП Алмалинского района"' in page


def test_an_age_is_shown_as_an_age_on_the_list_page(client, volunteer):
    client.force_login(volunteer)
    client.post("/en/lists/", {
        "text": "1. Сейтқали Айгерим Болатқызы 30 жаста — ИВС ДП г. Алматы\r\n2. Ким Сергей 40-45 лет\r\n",
        "name": "Чат", "kind": "volunteer_report", "reliability": "unconfirmed",
    })  # fmt: skip
    job = ImportJob.objects.get()
    accept_mapping(client, job, lang="en")
    job.refresh_from_db()
    page = client.get(f"/en/lists/{job.source_id}/").content.decode()
    assert "30 years old" in page and "40–45 years old" in page
    assert ListEntry.objects.get(surname="Ким").full_name == "Ким Сергей"
