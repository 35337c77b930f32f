import pytest
from django.core.management import CommandError, call_command

from izdeu.accounts.models import User


@pytest.fixture
def typed_passwords(monkeypatch):
    answers = []
    monkeypatch.setattr("getpass.getpass", lambda prompt="": answers.pop(0))
    return answers


def test_createuser_makes_an_account_in_its_organisation(db, typed_passwords):
    typed_passwords += ["Жаңа-құпия-сөз-2022", "Жаңа-құпия-сөз-2022"]
    call_command("createuser", "dana", role="lawyer", organisation="Qadam Legal Aid")
    dana = User.objects.get(username="dana")
    assert dana.role == "lawyer" and dana.organisation.name == "Qadam Legal Aid"
    assert dana.check_password("Жаңа-құпия-сөз-2022")
    assert not dana.is_staff


def test_createuser_makes_administrators_staff(db, typed_passwords):
    typed_passwords += ["ұзын-құпия-сөз-44", "ұзын-құпия-сөз-44"]
    call_command("createuser", "arman", role="administrator", organisation="Qadam Legal Aid")
    assert User.objects.get(username="arman").is_staff


def test_createuser_refuses_short_or_common_passwords(db, typed_passwords):
    typed_passwords += ["qwerty", "qwerty", "password1234", "password1234", "abc", "abd"]
    with pytest.raises(CommandError):
        call_command("createuser", "dana", role="volunteer", organisation="Qadam Legal Aid")
    assert not User.objects.filter(username="dana").exists()


def test_createuser_refuses_an_existing_name(volunteer, typed_passwords):
    with pytest.raises(CommandError):
        call_command("createuser", volunteer.username, role="volunteer", organisation="Other")
