"""Agency.sort_name: the Thai dictionary order key of the name (openita.collation)."""

from __future__ import annotations

from typing import Any

from django.db import migrations, models

from openita.collation import thai_sort_key


def fill_sort_names(apps: Any, schema_editor: Any) -> None:
    agency_model = apps.get_model("agencies", "Agency")
    agencies = list(agency_model.objects.only("pk", "name"))
    for agency in agencies:
        agency.sort_name = thai_sort_key(agency.name)
    agency_model.objects.bulk_update(agencies, ["sort_name"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [("agencies", "0001_initial")]

    operations = [
        migrations.AddField(
            model_name="agency",
            name="sort_name",
            field=models.CharField(db_index=True, default="", editable=False, max_length=484),
            preserve_default=False,
        ),
        migrations.RunPython(fill_sort_names, migrations.RunPython.noop),
        migrations.AlterModelOptions(
            name="agency",
            options={
                "ordering": ["sort_name", "pk"],
                "verbose_name": "agency",
                "verbose_name_plural": "agencies",
            },
        ),
    ]
