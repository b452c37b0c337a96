"""PostgreSQL extensions: btree_gist lets exclusion constraints combine equality (area) with range overlap."""

from django.contrib.postgres.operations import BtreeGistExtension
from django.db import migrations


class Migration(migrations.Migration):
    initial = True
    dependencies = []
    operations = [BtreeGistExtension()]
