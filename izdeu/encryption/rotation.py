"""Re-encrypting stored values: under a new key (``izdeu rotatekey``), or for the first time (migrations).

Tables are read and written with plain SQL, batch by batch in primary-key order, each batch in
its own transaction, so a run that stops part-way loses nothing and the next run resumes:
values already under the current key are left alone. Every update names the old values in
its WHERE clause, so a row changed by someone else meanwhile is skipped and counted, never
overwritten with stale data. Nothing here prints or returns a value, only counts and row ids.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.apps import apps as global_apps
from django.db import connections, transaction

from izdeu.encryption import cipher
from izdeu.encryption.fields import BlindIndexField, EncryptedMixin, blind_index_fields, encrypted_fields
from izdeu.encryption.keyring import current_key


@dataclass
class TableCounts:
    label: str
    rows: int = 0  # rows read
    reencrypted: int = 0  # values moved to the current key
    encrypted: int = 0  # plaintext values encrypted (first migration only)
    hashes: int = 0  # blind indexes recomputed
    changed_meanwhile: int = 0  # rows someone else changed during the run: run again
    problems: list[str] = field(default_factory=list)  # "#id column: why", never a value


def encrypted_models(app_registry=global_apps) -> list[type]:
    """Every model with encrypted fields or blind indexes in its own table."""
    return [
        model
        for model in app_registry.get_models()
        if not model._meta.proxy and model._meta.managed and (encrypted_fields(model) or blind_index_fields(model))
    ]


def rewrite_table(
    model,
    *,
    using: str = "default",
    accept_plaintext: bool = False,
    dry_run: bool = False,
    batch_size: int = 500,
) -> TableCounts:
    """Bring every encrypted value of ``model`` under the current key and every blind index up to date.

    ``accept_plaintext`` is for the migration that first encrypts a column; otherwise a value
    that is not encrypted is a problem (someone wrote around izdeu), reported and left alone.
    """
    connection = connections[using]
    quote = connection.ops.quote_name
    encrypted = encrypted_fields(model)
    indexes = blind_index_fields(model)
    by_name = {f.name: f for f in model._meta.local_concrete_fields}
    read = [model._meta.pk, *encrypted, *indexes]
    read += [by_name[i.source] for i in indexes if by_name[i.source] not in read]
    table = quote(model._meta.db_table)
    columns = ", ".join(quote(f.column) for f in read)
    counts = TableCounts(label=model._meta.label)
    current = current_key().key_id
    sources = {i.source for i in indexes}
    last = None
    while True:
        where = "" if last is None else f" WHERE {quote(model._meta.pk.column)} > %s"
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT {columns} FROM {table}{where} ORDER BY {quote(model._meta.pk.column)} LIMIT %s",  # noqa: S608
                ([] if last is None else [last]) + [batch_size],
            )
            rows = cursor.fetchall()
        if not rows:
            return counts
        last = rows[-1][0]
        with transaction.atomic(using=using):
            for row in rows:
                _rewrite_row(connection, model, read, dict(zip((f.column for f in read), row, strict=True)),
                             counts, current, sources, accept_plaintext, dry_run)


def _rewrite_row(connection, model, read, row, counts, current, sources, accept_plaintext, dry_run) -> None:
    pk = row[model._meta.pk.column]
    counts.rows += 1
    plain: dict[str, str | None] = {}
    unreadable: set[str] = set()
    changes: dict[str, str] = {}
    tally = {"reencrypted": 0, "encrypted": 0, "hashes": 0}
    for f in read:
        if not isinstance(f, EncryptedMixin):
            continue
        stored = row[f.column]
        if stored is None or stored == "":
            plain[f.name] = stored
        elif cipher.is_encrypted(stored):
            if cipher.key_id_of(stored) == current and f.name not in sources:
                continue
            try:
                plain[f.name] = f.decrypt_text(stored)
            except cipher.DecryptionError as problem:
                counts.problems.append(f"#{pk} {problem}")
                unreadable.add(f.name)
                continue
            if cipher.key_id_of(stored) != current:
                changes[f.column] = f.encrypt_text(plain[f.name])
                tally["reencrypted"] += 1
        elif accept_plaintext:
            plain[f.name] = stored
            changes[f.column] = f.encrypt_text(stored)
            tally["encrypted"] += 1
        else:
            counts.problems.append(f"#{pk} {f.column_label}: the stored value is not encrypted")
            unreadable.add(f.name)
    for f in read:
        if not isinstance(f, BlindIndexField) or f.source in unreadable:
            continue
        source = next(s for s in read if s.name == f.source)
        value = plain.get(f.source) if isinstance(source, EncryptedMixin) else row[source.column]
        wanted = cipher.blind_index(value or "", f.purpose)
        if wanted != (row[f.column] or ""):
            changes[f.column] = wanted
            tally["hashes"] += 1
    if not changes:
        return
    if not dry_run and not _compare_and_set(connection, model, row, changes):
        counts.changed_meanwhile += 1
        return
    for name, number in tally.items():
        setattr(counts, name, getattr(counts, name) + number)


def _compare_and_set(connection, model, row: dict, changes: dict) -> bool:
    """Write ``changes`` only if the row still holds what was read."""
    quote = connection.ops.quote_name
    pk_column = model._meta.pk.column
    assignments = ", ".join(f"{quote(column)} = %s" for column in changes)
    conditions, params = [f"{quote(pk_column)} = %s"], [*changes.values(), row[pk_column]]
    for column, value in row.items():
        if column == pk_column:
            continue
        if value is None:
            conditions.append(f"{quote(column)} IS NULL")
        else:
            conditions.append(f"{quote(column)} = %s")
            params.append(value)
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {quote(model._meta.db_table)} SET {assignments} WHERE {' AND '.join(conditions)}",  # noqa: S608
            params,
        )
        return cursor.rowcount == 1


def decrypt_table(model, *, using: str = "default", batch_size: int = 500) -> int:
    """Write every encrypted value of ``model`` back as plaintext (only to undo the first migration)."""
    connection = connections[using]
    quote = connection.ops.quote_name
    pk = model._meta.pk
    encrypted = encrypted_fields(model)
    table = quote(model._meta.db_table)
    columns = ", ".join(quote(f.column) for f in [pk, *encrypted])
    done, last = 0, None
    while True:
        where = "" if last is None else f" WHERE {quote(pk.column)} > %s"
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT {columns} FROM {table}{where} ORDER BY {quote(pk.column)} LIMIT %s",  # noqa: S608
                ([] if last is None else [last]) + [batch_size],
            )
            rows = cursor.fetchall()
            if not rows:
                return done
            last = rows[-1][0]
            for pk_value, *values in rows:
                for f, stored in zip(encrypted, values, strict=True):
                    if cipher.is_encrypted(stored):
                        cursor.execute(
                            f"UPDATE {table} SET {quote(f.column)} = %s WHERE {quote(pk.column)} = %s",  # noqa: S608
                            [f.decrypt_text(stored), pk_value],
                        )
                        done += 1


@dataclass
class FileCounts:
    files: int = 0
    reencrypted: int = 0
    problems: list[str] = field(default_factory=list)


def rotate_files(storage, *, dry_run: bool = False) -> FileCounts:
    """Re-encrypt every stored upload under the current key; each file is replaced atomically."""
    counts = FileCounts()
    if not hasattr(storage, "stored_names"):
        counts.problems.append(f"the default storage ({type(storage).__name__}) does not encrypt uploads")
        return counts
    for name in storage.stored_names():
        counts.files += 1
        try:
            if storage.reencrypt(name, dry_run=dry_run):
                counts.reencrypted += 1
        except cipher.DecryptionError as problem:
            counts.problems.append(str(problem))
    return counts


def encrypt_existing(app_label: str, model_name: str):
    """A migration operation: encrypt the plaintext already in a model's encrypted columns.

    Runs after the ``AlterField`` that makes the columns encrypted, before any constraint on
    the blind indexes; reversing it writes the plaintext back.
    """
    from django.db import migrations

    def forward(apps, schema_editor):
        model = apps.get_model(app_label, model_name)
        counts = rewrite_table(model, using=schema_editor.connection.alias, accept_plaintext=True)
        if counts.problems:
            raise RuntimeError(f"{model._meta.label}: cannot encrypt: " + "; ".join(counts.problems[:10]))
        _fire_deferred_checks(schema_editor)

    def backward(apps, schema_editor):
        decrypt_table(apps.get_model(app_label, model_name), using=schema_editor.connection.alias)
        _fire_deferred_checks(schema_editor)

    return migrations.RunPython(forward, backward)


def _fire_deferred_checks(schema_editor) -> None:
    # PostgreSQL refuses to alter a table with deferred foreign-key checks still pending from
    # the updates above, and the next operation of the migration alters the table.
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        schema_editor.execute("SET CONSTRAINTS ALL DEFERRED")


def problems_of(counts: Iterable[TableCounts]) -> list[str]:
    return [f"{c.label} {p}" for c in counts for p in c.problems]
