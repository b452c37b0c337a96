"""PostGIS for the hazard-area and land-release geometries (kb/models/hazards.py).

Creating the extension needs a superuser unless it already exists: scripts/db.sh enables it in the project database
and in template1 (so test databases have it), which makes this a no-op there."""

from django.contrib.postgres.operations import CreateExtension
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("kb", "0006_performance_indexes"),
    ]

    operations = [
        CreateExtension("postgis"),
    ]
