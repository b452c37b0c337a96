"""The Ukrainian and Russian names and descriptions of the rows the project ships (treaties, the demo programme, the
example admin areas), for databases seeded before those columns existed: the seed only adds missing rows, so it
would never fill them. Only empty translations of rows with the shipped key are filled; nothing typed is changed."""

import csv
from pathlib import Path

from django.conf import settings
from django.db import migrations

# (model, key field, file under fixtures/)
SHIPPED = [
    ("Treaty", "code", "reference/treaties.csv"),
    ("Programme", "slug", "demo/programmes.csv"),
    ("AdminArea", "pcode", "examples/admin-areas.csv"),
]
SUFFIXES = ("_uk", "_ru")


def forwards(apps, schema_editor):
    for model_name, key, name in SHIPPED:
        path = Path(settings.BASE_DIR) / "fixtures" / name
        if not path.is_file():
            continue
        model = apps.get_model("kb", model_name)
        with path.open(newline="", encoding="utf-8") as file:
            rows = [row for row in csv.DictReader(file) if not row[key].startswith("#")]
        for row in rows:
            record = model.objects.filter(**{key: row[key]}).first()
            if record is None:
                continue
            empty = [
                column
                for column in row
                if column.endswith(SUFFIXES) and row[column] and not getattr(record, column, "x")
            ]
            if empty:
                model.objects.filter(pk=record.pk).update(**{column: row[column] for column in empty})


class Migration(migrations.Migration):
    dependencies = [("kb", "0018_content_translations")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
