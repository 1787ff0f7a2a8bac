"""Result versions (issue 14): every stored result becomes version 1 of its agency and year.

The data migration copies each existing result row (its file, who saved it and when) into
version 1, so no stored result is without a version and the dashboard can say which one it
shows. A file made by the typed form (``…-form.json``) is marked as typed, any other as
uploaded. Reversing drops the versions and leaves the result rows as they were.
"""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


BATCH = 500


def first_versions(apps, schema_editor):  # type: ignore[no-untyped-def]
    Result = apps.get_model("assessments", "Result")
    ResultVersion = apps.get_model("assessments", "ResultVersion")
    batch = []
    for row in Result.objects.order_by("pk").iterator(chunk_size=BATCH):
        batch.append(
            ResultVersion(
                agency_id=row.agency_id,
                fiscal_year=row.fiscal_year,
                number=1,
                kind="form" if row.source_name.endswith("-form.json") else "upload",
                source_name=row.source_name,
                source=row.source,
                sha256=row.sha256,
                published_only=row.published_only,
                overall=row.overall,
                level=row.level,
                created_by_id=row.uploaded_by_id,
                created_at=row.uploaded_at,
            )
        )
        if len(batch) >= BATCH:
            ResultVersion.objects.bulk_create(batch)
            batch = []
    ResultVersion.objects.bulk_create(batch)


class Migration(migrations.Migration):

    dependencies = [
        ('agencies', '0002_agency_sort_name'),
        ('assessments', '0004_findings_as_data'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='ResultVersion',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('fiscal_year', models.PositiveSmallIntegerField(verbose_name='fiscal year')),
                ('number', models.PositiveIntegerField(verbose_name='version')),
                ('kind', models.CharField(choices=[('upload', 'uploaded file'), ('api', 'uploaded through the API'), ('form', 'typed in the form'), ('form_merge', 'typed in the form, question detail kept'), ('paste', 'pasted table'), ('restore', 'restored')], max_length=12, verbose_name='source')),
                ('based_on', models.PositiveIntegerField(blank=True, null=True, verbose_name='based on version')),
                ('source_name', models.CharField(max_length=255, verbose_name='file name')),
                ('source', models.BinaryField(verbose_name='file')),
                ('sha256', models.CharField(max_length=64)),
                ('published_only', models.BooleanField(default=False)),
                ('overall', models.FloatField(null=True, verbose_name='overall score')),
                ('level', models.CharField(blank=True, max_length=40, verbose_name='level')),
                ('created_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='saved')),
                ('agency', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='result_versions', to='agencies.agency')),
                ('created_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': 'result version',
                'verbose_name_plural': 'result versions',
                'ordering': ['agency', 'fiscal_year', '-number'],
                'constraints': [models.UniqueConstraint(fields=('agency', 'fiscal_year', 'number'), name='result_version_unique')],
            },
        ),
        migrations.RunPython(first_versions, migrations.RunPython.noop, elidable=False),
    ]
