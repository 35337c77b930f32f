"""The database part of a backup: a portable dump of izdeu's records, and loading it back.

The dump is Django's serialization as JSON lines, referring by natural key to accounts (user
name) and to the rows ``migrate`` creates on every server with ids of its own (content types,
permissions), so a dump taken from SQLite loads into PostgreSQL and back. Fields that convert their values on the way to and
from the database (the encrypted fields) are copied as stored: ciphertext is never decrypted
into the dump and never encrypted again on the way back, so a backup is encrypted twice and a
restore needs the data key of the server that made it. Sign-in sessions and queued background
work are not records of the work and are left out.
"""

import datetime as dt
import json
from collections import defaultdict
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TextIO

from django.apps import apps
from django.core import serializers
from django.core.management.color import no_style
from django.core.serializers.json import DjangoJSONEncoder
from django.core.serializers.jsonl import Serializer as JSONLinesSerializer
from django.db import DatabaseError, connection, models, transaction
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.operations import RunPython, RunSQL
from django.db.models import ExpressionWrapper, F, Value
from django.utils.translation import gettext as _

from izdeu.audit.log import AuditAction, in_bulk
from izdeu.backup.errors import BackupError

# Beside izdeu's own apps: groups an administrator made, and the admin site's change history.
OTHER_MODELS = {"auth.group", "admin.logentry"}
# Columns copied as stored are read into annotations of this name, bypassing from_db_value.
STORED = "backup_stored_"
CHUNK_SIZE = 2000


class ExactJSONEncoder(DjangoJSONEncoder):
    """Django's encoder rounds times to milliseconds; a restore must give back the very same rows."""

    def default(self, o):
        if isinstance(o, (dt.datetime, dt.time)):
            return o.isoformat()
        return super().default(o)


class StoredValueSerializer(JSONLinesSerializer):
    """Writes the fields that convert their values (``stored_fields``) as the database holds them."""

    def handle_field(self, obj, field):
        if not hasattr(obj, STORED + field.attname):
            return super().handle_field(obj, field)
        self._current[field.name] = getattr(obj, STORED + field.attname)

    def end_object(self, obj):
        # json.dumps encodes a row in C at once; json.dump, as Django calls it, in Python piece by piece.
        self.stream.write(json.dumps(self.get_dump_object(obj), **self.json_kwargs) + "\n")
        self._current = None


def stored_fields(model: type[models.Model]) -> list[models.Field]:
    """Fields with a ``from_db_value`` of their own (encryption): read and written as stored.

    Copying what the database holds is faithful whatever the conversion does; Django's own
    fields (JSONField) are left to the serializer, which keeps their values portable.
    """
    return [field for field in model._meta.local_concrete_fields if _converts(field)]


def _converts(field: models.Field) -> bool:
    converter = getattr(type(field), "from_db_value", None)
    return converter is not None and not converter.__module__.startswith("django.")


def _storage_field(field: models.Field) -> models.Field:
    """The Django field a converting field is built on, which reads and writes its column as is."""
    base = next(cls for cls in type(field).__mro__ if cls.__module__.startswith("django.db.models.fields"))
    return base()


def backed_up_models() -> list[type[models.Model]]:
    """Every model whose rows a backup holds, in an order in which they load."""
    app_list = []
    for config in apps.get_app_configs():
        chosen = [
            model
            for model in config.get_models()
            if model._meta.managed
            and not model._meta.proxy
            and (config.name.startswith("izdeu.") or model._meta.label_lower in OTHER_MODELS)
        ]
        if chosen:
            app_list.append((config, chosen))
    return serializers.sort_dependencies(app_list, allow_cycles=True)


def dump(stream: TextIO) -> dict[str, int]:
    """Write every backed-up row to ``stream``, all as of one moment; return the rows per model."""
    counts: dict[str, int] = {}
    with _read_snapshot():
        for model in backed_up_models():
            StoredValueSerializer().serialize(
                _counted(_rows(model), counts, model._meta.label_lower),
                stream=stream,
                use_natural_foreign_keys=True,
                cls=ExactJSONEncoder,
            )
    return counts


def _rows(model: type[models.Model]) -> Iterator[models.Model]:
    # Rows referred to by natural key (accounts) are fetched with their referrers, not one by one.
    natural = [
        field.name
        for field in model._meta.concrete_fields
        if field.is_relation and hasattr(field.related_model, "natural_key")
    ]
    rows = model._base_manager.order_by("pk")
    if natural:
        rows = rows.select_related(*natural)
    if stored := stored_fields(model):
        # Deferred, so they are never converted (decrypted) at all.
        rows = rows.defer(*(field.name for field in stored)).annotate(
            **{
                STORED + field.attname: ExpressionWrapper(F(field.attname), output_field=_storage_field(field))
                for field in stored
            }
        )
    return rows.iterator(chunk_size=CHUNK_SIZE)


def _counted(rows: Iterable[models.Model], counts: dict[str, int], label: str) -> Iterator[models.Model]:
    counts[label] = 0
    for row in rows:
        counts[label] += 1
        yield row


@contextmanager
def _read_snapshot() -> Iterator[None]:
    """Read every table as of one moment, so no row in the dump refers to one written later."""
    if connection.in_atomic_block:
        # The caller's transaction already is the moment (and a test's is).
        yield
        return
    if connection.vendor == "postgresql":
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            yield
        return
    # SQLite: Django begins transactions IMMEDIATE, which would hold the write lock for the whole
    # dump. A deferred read transaction sees one snapshot (WAL) and lets the server keep writing.
    with connection.cursor() as cursor:
        cursor.execute("BEGIN DEFERRED")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("COMMIT")


def row_counts() -> dict[str, int]:
    return {model._meta.label_lower: model._base_manager.count() for model in backed_up_models()}


def holds_data() -> bool:
    return any(model._base_manager.exists() for model in backed_up_models())


def applied_migrations() -> dict[str, list[str]]:
    applied: dict[str, list[str]] = defaultdict(list)
    for app_label, name in sorted(MigrationExecutor(connection).recorder.applied_migrations()):
        applied[app_label].append(name)
    return dict(applied)


def check_migrated() -> None:
    executor = MigrationExecutor(connection)
    if executor.migration_plan(executor.loader.graph.leaf_nodes()):
        raise BackupError(_("This database is not up to date: run `izdeu migrate` first."))


def check_compatible(migrations: dict[str, list[str]], made_by: str) -> None:
    """Refuse a backup whose records this code cannot take as they are.

    A backup from newer code may hold fields this code lacks. One from older code loads into
    today's tables unless a later migration converts records (RunPython, RunSQL): those
    conversions would be skipped, so that backup must be restored by the version that made it.
    """
    loader = MigrationExecutor(connection).loader
    in_backup = {(app_label, name) for app_label, names in migrations.items() for name in names}
    if not in_backup <= set(loader.disk_migrations):
        raise BackupError(
            _(
                "This backup was made by a newer izdeu (%(version)s) than the one installed here. "
                "Upgrade izdeu, run `izdeu migrate`, then restore."
            )
            % {"version": made_by}
        )
    dumped_apps = {model._meta.app_label for model in backed_up_models()}
    converting = [
        key
        for key, migration in loader.graph.nodes.items()
        if key not in in_backup
        and key[0] in dumped_apps
        and any(isinstance(operation, (RunPython, RunSQL)) for operation in migration.operations)
    ]
    if converting:
        raise BackupError(
            _(
                "This backup was made by an older izdeu (%(version)s) whose records later versions convert. "
                "Restore it with izdeu %(version)s, then upgrade."
            )
            % {"version": made_by}
        )


def load(path: Path, expected: dict[str, int], *, replace: bool, made_by: str) -> None:
    """Load a dump in one transaction: every row of it, or nothing."""
    with transaction.atomic():
        if replace:
            wipe()
        elif holds_data():
            raise BackupError(not_empty_message())
        # The audit log gets one entry per kind of record restored, after the rows are counted.
        with in_bulk(AuditAction.BULK_LOAD, "command:restore"):
            try:
                _insert(path)
            except Exception as error:
                # Database errors quote the rows they refused: name the kind of error only
                # (--traceback shows the rest to an operator who asks for it).
                raise BackupError(
                    _(
                        "The records in this backup do not fit this database (%(error)s). "
                        "Restore it with the izdeu version that made it (%(version)s)."
                    )
                    % {"error": type(error).__name__, "version": made_by}
                ) from error
            if _nonzero(row_counts()) != _nonzero(expected):
                raise BackupError(
                    _("The database does not hold what the backup lists after loading it: nothing was restored.")
                )


def _insert(path: Path) -> None:
    loaded: set[type[models.Model]] = set()
    with path.open(encoding="utf-8") as stream:
        for row in serializers.deserialize("jsonl", stream):
            _keep_stored(row.object)
            # The tables are empty: insert without first trying an update, as a plain save would.
            row.save(force_insert=True)
            loaded.add(type(row.object))
    # Foreign keys are deferred until here, so rows could load in any order.
    connection.check_constraints(table_names=[model._meta.db_table for model in loaded])
    with connection.cursor() as cursor:
        for statement in connection.ops.sequence_reset_sql(no_style(), list(loaded)):
            cursor.execute(statement)


def _keep_stored(instance: models.Model) -> None:
    """Make the save write stored values as they are, instead of converting (encrypting) them again."""
    for field in stored_fields(type(instance)):
        stored = getattr(instance, field.attname)
        if stored is not None:
            setattr(instance, field.attname, Value(stored, output_field=_storage_field(field)))


def _nonzero(found: dict[str, int]) -> dict[str, int]:
    return {label: number for label, number in found.items() if number}


def wipe() -> None:
    """Empty every table a backup restores, inside the caller's transaction.

    DELETE, not TRUNCATE: foreign keys are deferred, so the order does not matter, and an
    append-only table (the audit log) refuses row by row rather than the whole statement.
    """
    tables = []
    for model in backed_up_models():
        tables.append(model._meta.db_table)
        tables += [
            field.remote_field.through._meta.db_table
            for field in model._meta.local_many_to_many
            if field.remote_field.through._meta.auto_created
        ]
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            for table in tables:
                # Table names come from the models, quoted; nothing here comes from input.
                cursor.execute(f"DELETE FROM {connection.ops.quote_name(table)}")  # noqa: S608
    except DatabaseError:
        raise BackupError(
            _(
                "This database holds records that cannot be deleted, such as the entries of the "
                "append-only audit log, so --replace cannot empty it. Restore into a new database: "
                "create it, run `izdeu migrate`, then `izdeu restore`."
            )
        ) from None


def not_empty_message() -> str:
    return _(
        "This database or its uploads folder already holds data. "
        "Restore into a new, migrated database, or use --replace to delete what is there first."
    )
