"""The database itself refuses to change or remove audit entries, whatever the application does.

Someone with the database owner's rights can still drop these triggers; the hash chain is what
then shows the tampering (``izdeu audit verify``).
"""

from django.db import NotSupportedError, migrations

SQLITE_INSTALL = [
    """CREATE TRIGGER audit_entry_no_update BEFORE UPDATE ON audit_auditentry
       BEGIN SELECT RAISE(ABORT, 'the audit log is append-only: UPDATE refused'); END""",
    """CREATE TRIGGER audit_entry_no_delete BEFORE DELETE ON audit_auditentry
       BEGIN SELECT RAISE(ABORT, 'the audit log is append-only: DELETE refused'); END""",
]
SQLITE_REMOVE = [
    "DROP TRIGGER IF EXISTS audit_entry_no_update",
    "DROP TRIGGER IF EXISTS audit_entry_no_delete",
]

POSTGRESQL_INSTALL = [
    """CREATE FUNCTION audit_entry_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN
         RAISE EXCEPTION 'the audit log is append-only: % refused', TG_OP
           USING ERRCODE = 'integrity_constraint_violation';
       END $$""",
    """CREATE TRIGGER audit_entry_append_only BEFORE UPDATE OR DELETE ON audit_auditentry
       FOR EACH ROW EXECUTE FUNCTION audit_entry_refuse_change()""",
    # Row triggers do not fire on TRUNCATE, which would empty the log in one statement.
    """CREATE TRIGGER audit_entry_no_truncate BEFORE TRUNCATE ON audit_auditentry
       FOR EACH STATEMENT EXECUTE FUNCTION audit_entry_refuse_change()""",
]
POSTGRESQL_REMOVE = [
    "DROP TRIGGER IF EXISTS audit_entry_no_truncate ON audit_auditentry",
    "DROP TRIGGER IF EXISTS audit_entry_append_only ON audit_auditentry",
    "DROP FUNCTION IF EXISTS audit_entry_refuse_change()",
]

STATEMENTS = {
    "sqlite": (SQLITE_INSTALL, SQLITE_REMOVE),
    "postgresql": (POSTGRESQL_INSTALL, POSTGRESQL_REMOVE),
}


def _run(schema_editor, which: int) -> None:
    vendor = schema_editor.connection.vendor
    if vendor not in STATEMENTS:
        # An audit log the database would let anyone rewrite is not one: refuse to go on.
        raise NotSupportedError(f"izdeu's append-only audit log supports SQLite and PostgreSQL, not {vendor}")
    for statement in STATEMENTS[vendor][which]:
        # No parameters: the PL/pgSQL body's "%" is RAISE's placeholder, not the driver's.
        schema_editor.execute(statement, params=None)


def install(apps, schema_editor) -> None:
    _run(schema_editor, 0)


def remove(apps, schema_editor) -> None:
    _run(schema_editor, 1)


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_initial")]

    operations = [migrations.RunPython(install, remove)]
