"""Refusing passwords that guessers try first, in the keyboard layouts used in Kazakhstan.

Django's ``CommonPasswordValidator`` knows 20,000 common passwords, mostly typed on a Latin
keyboard. People here also type Russian words and walks on the ЙЦУКЕН layout, or type a
Russian word without switching layout ("gfhjkm" for "пароль"), and guessers know it. This
validator refuses a password found in ``common_passwords.txt`` or in Django's list, as typed
or as it would read in the other layout. (The Kazakh layout differs from the Russian one only
on the number row, which these lists barely use.)
"""

from functools import cache
from pathlib import Path

from django.contrib.auth.password_validation import CommonPasswordValidator
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

OUR_LIST = Path(__file__).resolve().parent / "common_passwords.txt"
LATIN_KEYS = "`qwertyuiop[]asdfghjkl;'zxcvbnm,."
RUSSIAN_KEYS = "ёйцукенгшщзхъфывапролджэячсмитьбю"
TO_RUSSIAN = str.maketrans(LATIN_KEYS, RUSSIAN_KEYS)
TO_LATIN = str.maketrans(RUSSIAN_KEYS, LATIN_KEYS)


@cache
def common_passwords() -> frozenset[str]:
    ours = {
        line.strip().casefold()
        for line in OUR_LIST.read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    }
    return frozenset(ours | CommonPasswordValidator().passwords)


def as_typed_in_either_layout(password: str) -> set[str]:
    typed = password.strip().casefold()
    return {typed, typed.translate(TO_RUSSIAN), typed.translate(TO_LATIN)}


class KeyboardLayoutPasswordValidator:
    def validate(self, password: str, user=None) -> None:
        if as_typed_in_either_layout(password) & common_passwords():
            raise ValidationError(_("This password is too common."), code="password_too_common")

    def get_help_text(self) -> str:
        return _("Your password can’t be a commonly used password.")
