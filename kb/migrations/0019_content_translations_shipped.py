"""The Ukrainian and Russian texts of the rows the project ships (treaties, the public record's and the demo's treaty
actions and armed conflicts, the demo programme, the example admin areas), for databases seeded before those columns
existed: the seed only adds missing rows, so it would never fill them. Only empty translations of rows with the
shipped key are filled; nothing typed is changed."""

import csv
from pathlib import Path

from django.conf import settings
from django.db import migrations

ACTION_KEY = {"treaty__code": "treaty", "area__code": "country_code", "kind": "action", "date": "date"}
# (model, {lookup: file column} naming one row, file under fixtures/)
SHIPPED = [
    ("Treaty", {"code": "code"}, "reference/treaties.csv"),
    ("TreatyAction", ACTION_KEY, "public/treaty-actions.csv"),
    ("TreatyAction", ACTION_KEY, "demo/treaty-actions.csv"),
    ("ArmedConflictPeriod", {"area__code": "country_code", "started_on": "started_on"}, "demo/armed-conflicts.csv"),
    ("Programme", {"slug": "slug"}, "demo/programmes.csv"),
    ("AdminArea", {"pcode": "pcode"}, "examples/admin-areas.csv"),
]
SUFFIXES = ("_uk", "_ru")


def forwards(apps, schema_editor):
    for model_name, key, name in SHIPPED:
        path = Path(settings.BASE_DIR) / "fixtures" / name
        if not path.is_file():
            continue
        model = apps.get_model("kb", model_name)
        with path.open(newline="", encoding="utf-8") as file:
            rows = [row for row in csv.DictReader(file) if not next(iter(row.values())).startswith("#")]
        for row in rows:
            record = model.objects.filter(**{lookup: row[column] for lookup, column in key.items()}).first()
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
