"""Passwords: hashed with Argon2id, 12 characters or more, none that guessers try first."""

import pytest
from django.contrib.auth.hashers import make_password
from django.contrib.auth.password_validation import CommonPasswordValidator, validate_password
from django.core.exceptions import ValidationError
from django.utils import translation

from izdeu import settings as izdeu_settings
from izdeu.accounts.passwords import OUR_LIST, KeyboardLayoutPasswordValidator, common_passwords
from izdeu.accounts.tests.conftest import OVERVIEW, location, sign_in
from izdeu.conftest import PASSWORD, make_user


@pytest.fixture
def production_hashers(settings):
    # The suite hashes with a cheap Argon2id; these tests check what izdeu really uses.
    settings.PASSWORD_HASHERS = izdeu_settings.PASSWORD_HASHERS


def test_argon2_comes_first_and_pbkdf2_only_after_it(production_hashers, settings):
    assert settings.PASSWORD_HASHERS == [
        "django.contrib.auth.hashers.Argon2PasswordHasher",
        "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    ]


def test_passwords_are_stored_with_argon2id(production_hashers, organisation):
    user = make_user(organisation, "lawyer", "dana-lawyer")
    assert user.password.startswith("argon2$argon2id$")


def test_an_older_pbkdf2_hash_becomes_argon2id_at_the_next_sign_in(production_hashers, client, volunteer):
    volunteer.password = make_password(PASSWORD, hasher="pbkdf2_sha256")
    volunteer.save()
    assert location(sign_in(client, volunteer)) == OVERVIEW
    volunteer.refresh_from_db()
    assert volunteer.password.startswith("argon2$argon2id$")


@pytest.mark.parametrize(
    "password",
    [
        "йцукенгшщзхъ",  # the top row of the Russian keyboard
        "ЙЦУКЕНГШЩЗХЪ",
        "qwertyuiop12",
        "1q2w3e4r5t6y",
        "пароль123456",
        "Алматы2022!!",
        "қазақстан2022",
        "gfhjkm123456",  # "пароль123456" typed without switching to Cyrillic
        "зфыыцщкв1234",  # "password1234" typed without switching to Latin
        "  zaq12wsxcde3 ",
    ],
)
def test_common_passwords_in_either_keyboard_layout_are_refused(db, password):
    with pytest.raises(ValidationError) as refused:
        validate_password(password)
    assert "password_too_common" in [error.code for error in refused.value.error_list]


@pytest.mark.parametrize("password", [PASSWORD, "таулар-арасында-көктем", "Mountain-river-Ili-1987"])
def test_uncommon_long_passwords_are_accepted(db, password):
    validate_password(password)


def test_short_passwords_are_refused(db):
    with pytest.raises(ValidationError):
        validate_password("Қысқа-сөз-1")


def test_the_refusal_speaks_the_users_language(db):
    with translation.override("ru"), pytest.raises(ValidationError) as refused:
        KeyboardLayoutPasswordValidator().validate("йцукенгшщзхъ")
    assert "пароль" in refused.value.messages[0].lower()


def test_both_lists_are_read_whole():
    lines = OUR_LIST.read_text(encoding="utf-8").splitlines()
    ours = {line.casefold() for line in lines if line and not line.startswith("#")}
    assert len(ours) >= 100 and ours <= common_passwords()
    assert CommonPasswordValidator().passwords <= common_passwords()
