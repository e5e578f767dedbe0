"""Trigram indexes for the board's search box (PostgreSQL only; nothing to do on SQLite).

The search is a case-insensitive "contains" (Django's icontains: UPPER(column) LIKE UPPER('%text%')),
which a plain b-tree cannot serve; a GIN index of UPPER(column) with gin_trgm_ops can.
Creating the pg_trgm extension needs a role allowed to (the database owner on PostgreSQL 13+).
"""

from django.db import migrations

INDEXES = [
    ("case_case_id_trgm", "cases_case", "case_id"),
    ("case_subject_trgm", "cases_case", "subject"),
    ("case_notes_trgm", "cases_case", "notes"),
    ("case_product_value_trgm", "cases_caseproduct", "value"),
]


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for name, table, column in INDEXES:
        schema_editor.execute(
            f'CREATE INDEX IF NOT EXISTS {name} ON {table} USING gin ((UPPER("{column}"::text)) gin_trgm_ops)'
        )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, _, _ in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("cases", "0008_supervisors_see_login_attempts")]

    operations = [migrations.RunPython(forwards, backwards)]
