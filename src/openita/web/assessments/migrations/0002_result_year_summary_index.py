"""An index holding every summary column of a result, for the coordinator table.

A result row also stores its file (one or two kilobytes of JSON); on SQLite that file sits
inside the row, so reading the level or the scores of 8,317 agencies read every file too
(40–70 ms per query, bench/web.py). With this covering index the counts per level and the
sorting by a score read the index alone (openita.web.coordination.rows).
"""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("assessments", "0001_initial"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="result",
            index=models.Index(
                fields=["fiscal_year", "agency", "overall", "level", "level_id", "iit", "eit", "oit"],
                name="result_year_summary_idx",
            ),
        ),
    ]
