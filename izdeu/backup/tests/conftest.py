"""Fixtures for backups: a private data folder, the coordinator's key pair, and a world worth keeping."""

import datetime as dt
import io
import os
import shutil
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from izdeu.audit.testing import install_append_only, remove_append_only
from izdeu.backup import database
from izdeu.backup.keys import write_identity
from izdeu.demoworld.iin import make_iin
from izdeu.facilities.models import FacilityKind
from izdeu.lists.models import Reliability, SourceKind
from izdeu.people.models import Certainty, Event, EventKind
from izdeu.review.models import Decision
from izdeu.searches.models import IntakeChannel

REQUESTER_PHONE = "+77015550142"
SURNAME = "ЗАГИПАРОВ"
UPLOAD = Path("lists") / "2022-01-08" / "ivs-almaty.xlsx.enc"


@pytest.fixture(autouse=True)
def data_dir(settings, tmp_path) -> Path:
    """The server's data folder; backups go to its backups/ folder unless told otherwise."""
    settings.DATA_DIR = tmp_path / "server"
    settings.MEDIA_ROOT = tmp_path / "server" / "uploads"
    settings.BACKUP_RECIPIENTS = []
    return settings.DATA_DIR


@pytest.fixture
def identity_file(settings, tmp_path) -> Path:
    """The coordinator's identity, on an offline laptop; the server knows only its public key."""
    path = tmp_path / "offline-laptop" / "izdeu-backup-identity.txt"
    path.parent.mkdir()
    settings.BACKUP_RECIPIENTS = [str(write_identity(path))]
    return path


@pytest.fixture
def world(factory, volunteer, lawyer, coordinator) -> None:
    """A detention list, the relative's request that matches it, the lawyer's work, and a file."""
    ivs = factory.facility(
        kind=FacilityKind.TEMPORARY_DETENTION,
        name_kk="Алматы қаласы ПД уақытша ұстау изоляторы",
        name_ru="ИВС ДП г. Алматы",
        name_en="Temporary detention centre of the Almaty police department",
    )
    source = factory.source(
        name="ИВС ДП г. Алматы, 8 января",
        kind=SourceKind.TEMPORARY_DETENTION,
        facility=ivs,
        list_date=dt.date(2022, 1, 8),
        reliability=Reliability.RELIABLE,
    )
    entry = factory.entry(source=source, iin=make_iin(dt.date(1992, 3, 12), "male", 4817), file_name=UPLOAD.name)
    factory.entry(
        source=source,
        row_number=2,
        full_name="АХМЕТОВА Дана Ерлановна",
        surname="АХМЕТОВА",
        given_name="Дана",
        patronymic="Ерлановна",
        birth_date=None,
        birth_year=1998,
        sex="female",
        raw={"№": "2", "ФИО": "АХМЕТОВА Дана Ерлановна", "Дата рождения": "1998"},
    )
    case = factory.case(assigned_lawyer=lawyer)
    request = factory.search_request(
        case=case,
        requester=factory.requester(phone=REQUESTER_PHONE),
        channel=IntakeChannel.PHONE,
        entered_by=volunteer,
        health_needs="Инсулин керек, қант диабеті",
    )
    candidate = factory.candidate(
        entry=entry, search_request=request, decision=Decision.CONFIRMED, decided_by=lawyer, decided_at=timezone.now()
    )
    Event.objects.create(
        person=case.person,
        kind=EventKind.DETAINED,
        occurred_at=dt.datetime(2022, 1, 7, 23, 40, 12, 345678, tzinfo=dt.UTC),
        facility=ivs,
        certainty=Certainty.CONFIRMED,
        source=source,
        list_entry=entry,
        candidate=candidate,
        physical_condition="Жалуется на боль в рёбрах",
        recorded_by=lawyer,
    )
    duty = Group.objects.create(name="Кезекші заңгерлер")
    duty.permissions.add(Permission.objects.get(codename="view_case"))
    lawyer.groups.add(duty)
    upload = Path(settings.MEDIA_ROOT) / UPLOAD
    upload.parent.mkdir(parents=True)
    upload.write_bytes(os.urandom(3000))


def backup(*args: str) -> str:
    out = io.StringIO()
    call_command("backup", *args, stdout=out)
    return out.getvalue()


def restore(*args: str) -> str:
    out = io.StringIO()
    call_command("restore", *args, stdout=out)
    return out.getvalue()


def the_backup() -> Path:
    (found,) = (Path(settings.DATA_DIR) / "backups").glob("izdeu-backup-*.age")
    return found


def stored_rows() -> dict[str, list[tuple]]:
    """Every row of every table a backup covers, exactly as the database stores it.

    Links between accounts and groups are compared without their own ids, which Django's
    serialization does not keep: it writes the links, not the rows of the link table.
    """
    queries = {}
    for model in database.backed_up_models():
        queries[model._meta.db_table] = "*"
        for field in model._meta.local_many_to_many:
            through = field.remote_field.through._meta
            links = [f.column for f in through.local_concrete_fields if f.is_relation]
            queries[through.db_table] = ", ".join(connection.ops.quote_name(column) for column in links)
    rows = {}
    with connection.cursor() as cursor:
        for table, columns in sorted(queries.items()):
            cursor.execute(f"SELECT {columns} FROM {connection.ops.quote_name(table)} ORDER BY 1, 2")  # noqa: S608
            rows[table] = cursor.fetchall()
    return rows


def uploaded_files() -> dict[str, bytes]:
    media_root = Path(settings.MEDIA_ROOT)
    return {path.relative_to(media_root).as_posix(): path.read_bytes() for path in media_root.rglob("*") if path.is_file()}


def new_server() -> None:
    """Empty the database and uploads as on a new server where only `izdeu migrate` ran.

    The audit log's triggers refuse exactly this; they are lifted for the moment it takes,
    inside the test's transaction, and put back.
    """
    remove_append_only()
    database.wipe()
    install_append_only()
    if Path(settings.MEDIA_ROOT).exists():
        shutil.rmtree(settings.MEDIA_ROOT)
