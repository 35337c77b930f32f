"""Fields that convert their values on the way to and from the database (the encrypted fields)
are copied as the database stores them: never decrypted into the dump, never encrypted again."""

import pytest
from django.db import connection, models

from izdeu.backup.archive import DUMP, open_backup
from izdeu.backup.keys import read_identities
from izdeu.backup.tests.conftest import REQUESTER_PHONE, backup, new_server, restore, the_backup
from izdeu.searches.models import Requester

pytestmark = pytest.mark.django_db


class SealedCharField(models.CharField):
    """Stands in for an encrypted field: what the database stores is not what the model holds."""

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        return f"sealed:{value[::-1]}" if value else value

    def from_db_value(self, value, expression, connection):
        return value.removeprefix("sealed:")[::-1] if value else value


@pytest.fixture
def sealed_phone(monkeypatch) -> None:
    monkeypatch.setattr(Requester._meta.get_field("phone"), "__class__", SealedCharField)


def stored_phones() -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT phone FROM searches_requester ORDER BY id")
        return [phone for (phone,) in cursor.fetchall()]


def test_a_converting_field_is_dumped_and_restored_as_stored(sealed_phone, factory, identity_file):
    factory.requester(phone=REQUESTER_PHONE)
    stored = stored_phones()
    assert stored == ["sealed:24105551077+"]
    backup()
    with open_backup(the_backup(), read_identities(identity_file.read_text())) as opened:
        dumped = (opened.folder / DUMP).read_text(encoding="utf-8")
    assert '"phone": "sealed:24105551077+"' in dumped and REQUESTER_PHONE not in dumped

    new_server()
    restore(str(the_backup()), "--identity", str(identity_file))

    assert stored_phones() == stored
    assert Requester.objects.get().phone == REQUESTER_PHONE
