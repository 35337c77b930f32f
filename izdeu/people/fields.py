"""The IIN (ЖСН): Kazakhstan's 12-digit individual identification number, kept encrypted."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from izdeu.encryption.fields import EncryptedCharField


def validate_iin(value: str) -> None:
    if value and not (len(value) == 12 and value.isascii() and value.isdigit()):
        raise ValidationError(_("An IIN has exactly 12 digits."), code="invalid_iin")


class IINField(EncryptedCharField):
    """An IIN, encrypted; a malformed one is refused before it is encrypted.

    The database cannot check what it cannot read, so the check that used to be a constraint
    runs here, on every write (``save``, ``bulk_create``, ``update``). Rows are found by the
    IIN's blind index (``iin_hash``), never by the encrypted column.
    """

    default_validators = [validate_iin]

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 12)
        super().__init__(*args, **kwargs)

    def get_prep_value(self, value):
        validate_iin(self.to_python(value) or "")
        return super().get_prep_value(value)
