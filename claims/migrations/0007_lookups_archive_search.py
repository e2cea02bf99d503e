"""Full-text search of the newsroom archive for source lookups, on PostgreSQL (a no-op on SQLite).

The archive provider ranks other articles against a claim with ``SearchRank``. Computing every
article's tsvector per lookup does not scale with the archive, so it is stored (a generated
column the Article model does not declare: Django never selects or writes it) and GIN-indexed.
Title words weigh more (A) than body words (B).
"""

from django.db import migrations

VECTOR = (
    "setweight(to_tsvector('english', coalesce(title, '')), 'A') || "
    "setweight(to_tsvector('english', coalesce(body, '')), 'B')"
)


def add_archive_vector(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        "ALTER TABLE claims_article ADD COLUMN IF NOT EXISTS archive_vector tsvector "
        f"GENERATED ALWAYS AS ({VECTOR}) STORED"
    )
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS claims_article_archive_vector_gin "
        "ON claims_article USING gin (archive_vector)"
    )


def remove_archive_vector(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("DROP INDEX IF EXISTS claims_article_archive_vector_gin")
    schema_editor.execute("ALTER TABLE claims_article DROP COLUMN IF EXISTS archive_vector")


class Migration(migrations.Migration):
    dependencies = [("claims", "0006_review_queue_filter_indexes")]

    operations = [migrations.RunPython(add_archive_vector, remove_archive_vector)]
