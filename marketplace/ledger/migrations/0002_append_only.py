"""Entries are append-only: the database refuses any UPDATE or DELETE of a ledger entry, whatever
the code path (a correction is a reversing entry). TRUNCATE, which only a test database's flush
uses, is left alone."""
from django.db import migrations

POSTGRESQL = """
CREATE FUNCTION ledger_entry_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'ledger entries are append-only: % refused (book a reversing entry)', TG_OP
        USING ERRCODE = 'restrict_violation';
END $$;
CREATE TRIGGER ledger_entry_append_only BEFORE UPDATE OR DELETE ON ledger_entry
    FOR EACH ROW EXECUTE FUNCTION ledger_entry_append_only();
"""
POSTGRESQL_REVERSE = """
DROP TRIGGER ledger_entry_append_only ON ledger_entry;
DROP FUNCTION ledger_entry_append_only();
"""
SQLITE = [
    "CREATE TRIGGER ledger_entry_no_update BEFORE UPDATE ON ledger_entry "
    "BEGIN SELECT RAISE(ABORT, 'ledger entries are append-only: UPDATE refused'); END",
    "CREATE TRIGGER ledger_entry_no_delete BEFORE DELETE ON ledger_entry "
    "BEGIN SELECT RAISE(ABORT, 'ledger entries are append-only: DELETE refused'); END",
]
SQLITE_REVERSE = ["DROP TRIGGER ledger_entry_no_update", "DROP TRIGGER ledger_entry_no_delete"]


def create_guard(apps, schema_editor):
    _run(schema_editor, POSTGRESQL, SQLITE)


def drop_guard(apps, schema_editor):
    _run(schema_editor, POSTGRESQL_REVERSE, SQLITE_REVERSE)


def _run(schema_editor, postgresql: str, sqlite: list[str]):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(postgresql, params=None)
    elif vendor == "sqlite":
        for statement in sqlite:
            schema_editor.execute(statement, params=None)


class Migration(migrations.Migration):

    dependencies = [("ledger", "0001_initial")]

    operations = [migrations.RunPython(create_guard, drop_guard)]
