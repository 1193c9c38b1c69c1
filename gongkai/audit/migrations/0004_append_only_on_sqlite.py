"""On SQLite too the database refuses UPDATE and DELETE on the audit trail (triggers, like PostgreSQL's)."""

from django.db import migrations

from gongkai.audit.append_only import SQLITE_CREATE, SQLITE_DROP


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        for statement in SQLITE_CREATE:
            schema_editor.execute(statement, params=None)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        for statement in SQLITE_DROP:
            schema_editor.execute(statement, params=None)


class Migration(migrations.Migration):
    dependencies = [("audit", "0003_append_only_on_postgresql")]
    operations = [migrations.RunPython(forwards, backwards)]
