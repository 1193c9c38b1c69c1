"""The full-text index beside search_searchdocument: an FTS5 table on SQLite, a GIN-indexed tsvector on PostgreSQL.

The SQL is written out here (not imported) so that this migration keeps meaning what it meant.
"""

from django.db import migrations

SQLITE_CREATE = (
    "CREATE VIRTUAL TABLE IF NOT EXISTS search_fts USING fts5("
    "title, body, tags, content='', tokenize='ascii', detail='full')"
)
SQLITE_DROP = "DROP TABLE IF EXISTS search_fts"

POSTGRES_CREATE = """
ALTER TABLE search_searchdocument ADD COLUMN IF NOT EXISTS tsv tsvector NOT NULL DEFAULT ''::tsvector;
ALTER TABLE search_searchdocument ADD COLUMN IF NOT EXISTS exact_text text NULL;
CREATE INDEX IF NOT EXISTS search_searchdocument_tsv ON search_searchdocument USING gin (tsv);
"""
POSTGRES_DROP = """
DROP INDEX IF EXISTS search_searchdocument_tsv;
ALTER TABLE search_searchdocument DROP COLUMN IF EXISTS exact_text;
ALTER TABLE search_searchdocument DROP COLUMN IF EXISTS tsv;
"""


def forwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        schema_editor.execute(SQLITE_CREATE, params=None)
    elif vendor == "postgresql":
        schema_editor.execute(POSTGRES_CREATE, params=None)


def backwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        schema_editor.execute(SQLITE_DROP, params=None)
    elif vendor == "postgresql":
        schema_editor.execute(POSTGRES_DROP, params=None)


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
