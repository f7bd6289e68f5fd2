# Korean search: pg_trgm, a generated search document and its GIN trigram index.

import proposals.search
from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations, models

INDEX = "proposal_search_trgm_idx"


def create_trigram_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {INDEX} ON proposals_proposal "
        "USING gin (search_document gin_trgm_ops)"
    )


def drop_trigram_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):

    dependencies = [
        ('proposals', '0001_initial'),
    ]

    operations = [
        TrigramExtension(),
        migrations.AddField(
            model_name='proposal',
            name='search_document',
            field=models.GeneratedField(db_persist=True, expression=proposals.search.SearchDocument('title', 'summary'), output_field=models.TextField()),
        ),
        migrations.RunPython(create_trigram_index, drop_trigram_index, elidable=False),
    ]
