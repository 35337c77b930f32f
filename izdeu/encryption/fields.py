"""Model fields whose values are encrypted before they reach the database.

Values are encrypted in ``get_prep_value``, which every write path goes through (``save``,
``bulk_create``, ``bulk_update``, ``QuerySet.update``), and decrypted in ``from_db_value``. An
empty string stays an empty string, so "is it filled in?" still works, in Python and in check
constraints; nothing else about a value can be asked of the database: filtering, except
``isnull`` and ``= ""``, raises :class:`EncryptedLookupError`. To find equal values, keep a
:class:`BlindIndexField` beside the encrypted one and use ``filter_encrypted`` (``models.py``).

The database column is always ``text``: ``max_length`` limits the plaintext.
"""

import json

from django import forms
from django.core import validators
from django.core.exceptions import FieldError
from django.db import models
from django.db.models.lookups import Exact, IsNull
from django.utils.functional import cached_property

from izdeu.encryption import cipher


class EncryptedLookupError(FieldError):
    """A query tried to compare an encrypted column with something else than "empty"."""


def _refusal(field: "EncryptedMixin", lookup: str) -> EncryptedLookupError:
    hint = "keep the value in a BlindIndexField and use filter_encrypted(), or filter in Python"
    model = getattr(field, "model", None)
    for other in model._meta.concrete_fields if model is not None else ():
        if isinstance(other, BlindIndexField) and other.source == field.name:
            hint = f"use .filter_encrypted({field.name}=…), which compares {other.name}"
    return EncryptedLookupError(
        f"{field.column_label} is encrypted: the database holds only ciphertext, so it cannot "
        f"be filtered with '{lookup}' ({hint}). Only '__isnull' and '=\"\"' work."
    )


class EmptyOnlyExact(Exact):
    """``field=""``: whether a value is filled in is all an encrypted column can answer."""

    def get_prep_lookup(self):
        if not (isinstance(self.rhs, str) and self.rhs == ""):
            raise _refusal(self.lhs.output_field, "exact")
        return super().get_prep_lookup()


class EncryptedMixin:
    """Encrypts the value with AES-256-GCM, bound to this model's column (``cipher.py``)."""

    allows_empty_exact = True

    def __init__(self, *args, **kwargs):
        for option in ("primary_key", "unique", "db_index"):
            if kwargs.get(option):
                raise TypeError(f"an encrypted field cannot be {option}: its stored values are random")
        super().__init__(*args, **kwargs)

    @property
    def column_label(self) -> str:
        """``app.model.field``: the associated data that binds ciphertexts to this column."""
        meta = self.model._meta
        return f"{meta.app_label}.{meta.model_name}.{self.name}"

    def encrypt_text(self, plaintext: str) -> str:
        return cipher.encrypt(plaintext, self.column_label)

    def decrypt_text(self, stored: str) -> str:
        return cipher.decrypt(stored, self.column_label)

    def get_internal_type(self):
        return "TextField"

    def get_lookup(self, lookup_name):
        if lookup_name == "isnull":
            return IsNull
        if lookup_name == "exact" and self.allows_empty_exact:
            return EmptyOnlyExact
        raise _refusal(self, lookup_name)

    def get_transform(self, lookup_name):
        raise _refusal(self, lookup_name)


class EncryptedTextField(EncryptedMixin, models.TextField):
    """Free text (testimony, health notes), encrypted. A form shows it as a text area."""

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        if value is None or value == "":
            return value
        return self.encrypt_text(value)

    def from_db_value(self, value, expression, connection):
        if value is None or value == "":
            return value
        return self.decrypt_text(value)


class EncryptedCharField(EncryptedTextField):
    """A short text (a phone number, a name), encrypted; ``max_length`` counts plaintext characters."""

    def __init__(self, *args, max_length=None, **kwargs):
        if not isinstance(max_length, int) or max_length < 1:
            raise TypeError("EncryptedCharField needs max_length, a positive whole number")
        super().__init__(*args, max_length=max_length, **kwargs)

    @cached_property
    def validators(self):
        return [*super().validators, validators.MaxLengthValidator(self.max_length)]

    def get_prep_value(self, value):
        # The database cannot check the length of ciphertext, so it is checked here, before.
        plain = models.TextField.get_prep_value(self, value)
        if plain and len(plain) > self.max_length:
            raise ValueError(f"{self.column_label}: {len(plain)} characters, more than the {self.max_length} allowed")
        return super().get_prep_value(plain)

    def formfield(self, **kwargs):
        # A one-line input, as for a CharField, not TextField's text area.
        return models.Field.formfield(self, **{"max_length": self.max_length, **kwargs})


class EncryptedEmailField(EncryptedCharField):
    default_validators = [validators.validate_email]

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 254)
        super().__init__(*args, **kwargs)

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": forms.EmailField, **kwargs})


class EncryptedJSONField(EncryptedMixin, models.TextField):
    """Any JSON value (a list row as read), encrypted whole; ``None`` is SQL NULL."""

    allows_empty_exact = False
    empty_strings_allowed = False

    def get_prep_value(self, value):
        if value is None:
            return None
        return self.encrypt_text(json.dumps(value, ensure_ascii=False, separators=(",", ":")))

    def from_db_value(self, value, expression, connection):
        if value is None:
            return None
        return json.loads(self.decrypt_text(value))

    def to_python(self, value):
        return value

    def value_to_string(self, obj):
        return self.value_from_object(obj)

    def formfield(self, **kwargs):
        return models.Field.formfield(self, **{"form_class": forms.JSONField, **kwargs})


class BlindIndexField(models.CharField):
    """The keyed hash (``cipher.blind_index``) of another field, kept up to date on every write.

    ``pre_save`` computes it from ``source``, and ``bulk_create`` calls ``pre_save`` too, so
    no write through ``save`` or ``bulk_create`` can forget it; ``BlindIndexedModel`` covers
    ``save(update_fields=…)``, ``update`` and ``bulk_update``.
    """

    def __init__(self, *args, source: str, purpose: str, **kwargs):
        self.source = source
        self.purpose = purpose
        cipher.normalise("", purpose)  # refuses an unknown purpose at start-up
        kwargs.setdefault("max_length", 64)
        kwargs.setdefault("blank", True)
        kwargs.setdefault("default", "")
        kwargs.setdefault("editable", False)
        kwargs.setdefault("db_index", True)
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        return name, path, args, {**kwargs, "source": self.source, "purpose": self.purpose}

    def compute(self, instance) -> str:
        return cipher.blind_index(getattr(instance, self.source) or "", self.purpose)

    def pre_save(self, model_instance, add):
        value = self.compute(model_instance)
        setattr(model_instance, self.attname, value)
        return value


def encrypted_fields(model) -> list[EncryptedMixin]:
    """The encrypted columns stored in this model's own table."""
    return [f for f in model._meta.local_concrete_fields if isinstance(f, EncryptedMixin)]


def blind_index_fields(model) -> list[BlindIndexField]:
    return [f for f in model._meta.local_concrete_fields if isinstance(f, BlindIndexField)]
