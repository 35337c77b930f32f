"""Rows written before encryption (a demo world loaded earlier) are encrypted by the migration."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from izdeu.encryption import cipher

BEFORE = [("people", "0001_initial"), ("searches", "0001_initial"), ("lists", "0002_initial")]
AFTER = [("people", "0002_encrypt_sensitive_fields"), ("searches", "0002_encrypt_sensitive_fields"),
         ("lists", "0003_encrypt_sensitive_fields")]
IIN = "920312350125"
PHONE = "+77015550142"
TESTIMONY = "Его забрали у магазина на Абая, били дубинками по ногам"


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    # The models as the database now has them, every other app's migrations included.
    return MigrationExecutor(connection)._create_project_state(with_applied_migrations=True).apps


def raw_column(table, column):
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM {table}")  # noqa: S608
        return [value for (value,) in cursor.fetchall()]


@pytest.fixture
def at_the_latest_migrations_afterwards(transactional_db):
    yield
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


def test_plaintext_rows_are_encrypted_by_the_migration_and_back(at_the_latest_migrations_afterwards):
    old = migrate(BEFORE)
    organisation = old.get_model("accounts", "Organisation").objects.create(name="Almaty Legal Aid Network")
    user = old.get_model("accounts", "User").objects.create(username="volunteer-old", role="volunteer", organisation=organisation)
    person = old.get_model("people", "Person").objects.create(
        organisation=organisation, full_name="Загипаров Нурлан", iin=IIN, description=TESTIMONY
    )
    case = old.get_model("cases", "Case").objects.create(organisation=organisation, person=person)
    requester = old.get_model("searches", "Requester").objects.create(
        organisation=organisation, name="Гүлнар", phone=PHONE, relationship="parent", preferred_channel="phone_call",
        language="kk", consent_given_at=timezone.now(), sharing_scope="organisation",
    )
    old.get_model("searches", "SearchRequest").objects.create(
        case=case, requester=requester, full_name="Nurlan Zagghiparov", iin=IIN, circumstances=TESTIMONY, channel="web"
    )
    source = old.get_model("lists", "Source").objects.create(
        organisation=organisation, name="УП", kind="police_station", reliability="reliable", uploaded_by=user
    )
    old.get_model("lists", "ListEntry").objects.create(
        source=source, row_number=1, full_name="ЗАГИПАРОВ", iin="", raw={"ИИН": IIN, "Телефон": PHONE}
    )

    new = migrate(AFTER)
    assert all(cipher.is_encrypted(v) for v in raw_column("searches_requester", "phone") + raw_column("lists_listentry", "raw"))
    assert [cipher.decrypt(v, "searches.searchrequest.iin") for v in raw_column("searches_searchrequest", "iin")] == [IIN]
    assert raw_column("people_person", "iin_hash") == [cipher.blind_index(IIN, "iin")]
    assert raw_column("lists_listentry", "iin") == [""] and raw_column("lists_listentry", "iin_hash") == [""]
    request = new.get_model("searches", "SearchRequest").objects.get()
    assert (request.circumstances, request.iin) == (TESTIMONY, IIN)
    assert new.get_model("lists", "ListEntry").objects.get().raw == {"ИИН": IIN, "Телефон": PHONE}

    migrate(BEFORE)
    assert raw_column("searches_requester", "phone") == [PHONE]
    assert raw_column("people_person", "iin") == [IIN]
    assert old.get_model("lists", "ListEntry").objects.get().raw == {"ИИН": IIN, "Телефон": PHONE}
