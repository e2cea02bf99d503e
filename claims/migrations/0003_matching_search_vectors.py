"""Full-text search for claim matching on PostgreSQL (a no-op on SQLite).

Candidate claims and fact-checks are found with an OR full-text query ranked by ``ts_rank``.
Ranking reads the tsvector of every matching row, so it is stored (a generated column Django's
models do not declare: they never select or write it) and indexed with GIN.
"""

from django.db import migrations

TABLES = {
    "claims_claim": "to_tsvector('english', coalesce(text, ''))",
    "claims_factcheck": (
        "to_tsvector('english', coalesce(claim_reviewed, '') || ' ' || coalesce(title, ''))"
    ),
}


def add_search_vectors(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table, expression in TABLES.items():
        schema_editor.execute(
            f"ALTER TABLE {table} ADD COLUMN IF NOT EXISTS match_vector tsvector "
            f"GENERATED ALWAYS AS ({expression}) STORED"
        )
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {table}_match_vector_gin ON {table} USING gin (match_vector)"
        )


def remove_search_vectors(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in TABLES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {table}_match_vector_gin")
        schema_editor.execute(f"ALTER TABLE {table} DROP COLUMN IF EXISTS match_vector")


class Migration(migrations.Migration):
    dependencies = [("claims", "0002_roles")]

    operations = [migrations.RunPython(add_search_vectors, remove_search_vectors)]
