# Korean search: analysed terms and weighted index keys replace the trigram document.

import django.db.models.deletion
from django.db import migrations, models

from proposals import analysis


def backfill(apps, schema_editor):
    Proposal = apps.get_model("proposals", "Proposal")
    SearchKey = apps.get_model("proposals", "SearchKey")
    rows = Proposal.objects.using(schema_editor.connection.alias).only(
        "pk", "title", "summary"
    )
    for proposal in rows.iterator(500):
        terms = analysis.document_terms(proposal.title, proposal.summary)
        Proposal.objects.filter(pk=proposal.pk).update(search_terms=terms)
        SearchKey.objects.bulk_create(
            SearchKey(proposal_id=proposal.pk, key=key, weight=weight)
            for key, weight in analysis.document_keys(proposal.title, terms).items()
        )


class Migration(migrations.Migration):

    dependencies = [
        ('proposals', '0003_text_length_validators'),
    ]

    operations = [
        migrations.RemoveField(
            model_name='proposal',
            name='search_document',
        ),
        migrations.AddField(
            model_name='proposal',
            name='search_terms',
            field=models.TextField(blank=True, default='', editable=False),
        ),
        migrations.CreateModel(
            name='SearchKey',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('key', models.CharField(max_length=40)),
                ('weight', models.FloatField()),
                ('proposal', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='search_keys', to='proposals.proposal')),
            ],
            options={
                'indexes': [models.Index(fields=['key', '-weight', '-proposal'], name='search_key_weight_idx')],
            },
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop, elidable=True),
    ]
