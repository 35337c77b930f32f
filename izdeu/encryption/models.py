"""A base for models that keep blind indexes beside encrypted fields.

``BlindIndexField.pre_save`` keeps the hash right through ``save`` and ``bulk_create``; this
base closes the other write paths: ``save(update_fields=[source])`` also writes the hash,
``update(source=value)`` and ``bulk_update(objs, [source])`` compute it. Only raw SQL and
``_base_manager`` bypass it; for IINs a check constraint then refuses an IIN without its hash.
"""

from django.db import models

from izdeu.encryption.cipher import blind_index, blind_indexes
from izdeu.encryption.fields import BlindIndexField, blind_index_fields


class BlindIndexQuerySet(models.QuerySet):
    def filter_encrypted(self, **values) -> "BlindIndexQuerySet":
        """Rows whose encrypted field equals the value: ``filter_encrypted(iin="920312350125")``.

        Compares blind indexes under the current and every previous key, so it also finds rows
        written before a key change that ``izdeu rotatekey`` has not reached yet.
        """
        queryset = self
        for source, value in values.items():
            field = _index_for(self.model, source)
            hashes = blind_indexes(value or "", field.purpose)
            if not hashes:
                return self.none()
            queryset = queryset.filter(**{f"{field.name}__in": hashes})
        return queryset

    def update(self, **kwargs):
        for field in blind_index_fields(self.model):
            if field.source in kwargs and field.name not in kwargs and field.attname not in kwargs:
                value = kwargs[field.source]
                if hasattr(value, "resolve_expression"):
                    raise ValueError(
                        f"{field.source} needs a plain value here, so that {field.name} can be computed; or give {field.name} too"
                    )
                kwargs[field.name] = blind_index(value or "", field.purpose)
        return super().update(**kwargs)

    update.alters_data = True

    def bulk_update(self, objs, fields, batch_size=None):
        objs, fields = list(objs), list(fields)
        for field in blind_index_fields(self.model):
            if field.source in fields and field.name not in fields:
                for obj in objs:
                    setattr(obj, field.attname, field.compute(obj))
                fields.append(field.name)
        return super().bulk_update(objs, fields, batch_size=batch_size)

    bulk_update.alters_data = True


class BlindIndexedModel(models.Model):
    objects = BlindIndexQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, **kwargs):
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            update_fields = set(update_fields)
            for field in blind_index_fields(type(self)):
                if field.source in update_fields:
                    update_fields.add(field.name)
            kwargs["update_fields"] = update_fields
        super().save(**kwargs)

    save.alters_data = True

    def full_clean(self, *args, **kwargs):
        # Validation compares the hash, which is otherwise only computed when saving.
        for field in blind_index_fields(type(self)):
            setattr(self, field.attname, field.compute(self))
        super().full_clean(*args, **kwargs)


def _index_for(model, source: str) -> BlindIndexField:
    for field in model._meta.concrete_fields:
        if isinstance(field, BlindIndexField) and field.source == source:
            return field
    raise ValueError(f"{model._meta.label} keeps no blind index of {source!r}")
