"""Fold a migration's AddField, AddConstraint, AddIndex and AddTrigger operations into the CreateModel of the model
they belong to, and print the migration again (stdout).

`makemigrations` writes a new model as a CreateModel followed by one operation per foreign key, constraint, index and
history trigger. Applying each of those re-renders every model related to it (about 0.07 s each here, since nearly
every kb model points at Area and Source), so 0001_initial's 574 operations took 30 s and every test worker paid it.
Folded, the same schema is created by 56 operations in under 3 s. Columns keep their order (a folded field goes to
the end of its table, where AddField put it), and a foreign key to a model created later in the file stays an
AddField; operations on models the migration does not create stay as they are, in their order.

    .venv/bin/python scripts/fold_migration.py kb/migrations/0008_x.py > /tmp/0008.py && mv /tmp/0008.py kb/migrations/

Check the result as docs/development/adding-a-model.md says: `pg_dump --schema-only` of a database migrated before
and after is the same, and `makemigrations --check` finds no change. A RunPython operation is copied as written in
the original file (its functions live there), in its place after the models."""

import importlib
import os
import re
import sys
from pathlib import Path

import django
import pgtrigger.migrations
from django.db import migrations
from django.db.migrations.writer import MigrationWriter

FOLDED_OPTION = {
    migrations.AddConstraint: ("constraints", "constraint"),
    migrations.AddIndex: ("indexes", "index"),
    pgtrigger.migrations.AddTrigger: ("triggers", "trigger"),
}
RUN_PYTHON = re.compile(r"((?:        #[^\n]*\n)*        migrations\.RunPython\([^\n]*\),\n)")
PLACEHOLDER = re.compile(r"        migrations\.RunSQL\(\n            sql='RUN_PYTHON_\d+',\n        \),\n")


def related_model(field, app_label: str) -> str | None:
    """The lower-case name of the model of this app a relation points at, or None."""
    remote = getattr(field, "remote_field", None)
    if remote is None or not isinstance(remote.model, str):
        return None
    app, _, name = remote.model.rpartition(".")
    return name.lower() if app in ("", app_label) else None


def folded(operations: list, app_label: str) -> list:
    creates = {op.name_lower: op for op in operations if isinstance(op, migrations.CreateModel)}
    fields = {name: list(op.fields) for name, op in creates.items()}
    options = {name: dict(op.options) for name, op in creates.items()}
    before, after = [], []  # the other operations, in their order: before the first model or after it
    seen_model = False
    for op in operations:
        model = getattr(op, "model_name_lower", None)
        if isinstance(op, migrations.CreateModel):
            seen_model = True
            continue
        if model in creates and isinstance(op, migrations.AddField):
            fields[model].append((op.name, op.field))
        elif model in creates and type(op) in FOLDED_OPTION:
            option, attribute = FOLDED_OPTION[type(op)]
            options[model][option] = [*options[model].get(option, []), getattr(op, attribute)]
        else:
            (after if seen_model else before).append(op)
    models = [
        migrations.CreateModel(
            name=creates[name].name,
            fields=fields[name],
            options=options[name],
            bases=creates[name].bases,
            managers=creates[name].managers,
        )
        for name in _creation_order(fields, app_label)
    ]
    return before + models + after


def _creation_order(fields: dict, app_label: str) -> list[str]:
    """The models in an order where each foreign key points at a model created before it (the file's order where
    it allows)."""
    order, remaining = [], list(fields)
    while remaining:
        ready = [
            name
            for name in remaining
            if {related_model(field, app_label) for _, field in fields[name]} & set(remaining) <= {name}
        ]
        if not ready:
            raise SystemExit(f"foreign keys in a cycle among {remaining}: fold these by hand")
        order.append(ready[0])
        remaining.remove(ready[0])
    return order


def main(path: str) -> str:
    source = Path(path).read_text(encoding="utf-8")
    app_label = Path(path).resolve().parent.parent.name
    migration = importlib.import_module(f"{app_label}.migrations.{Path(path).stem}").Migration
    operations = []
    for op in folded(list(migration.operations), app_label):
        # RunPython's functions live in the file: a placeholder now, the original line below.
        is_python = isinstance(op, migrations.RunPython)
        operations.append(migrations.RunSQL(f"RUN_PYTHON_{len(operations)}") if is_python else op)
    migration.operations = operations
    written = MigrationWriter(migration(Path(path).stem, app_label)).as_string()
    body = written[written.index("    operations = [") :]
    for original in RUN_PYTHON.findall(source[source.index("    operations = [") :]):
        body = PLACEHOLDER.sub(lambda _match, text=original: text, body, count=1)
    header = source[: source.index("    operations = [")]
    imports = sorted(
        {line for line in written[: written.index("class Migration")].splitlines() if line.startswith("import ")}
    )
    code = "\n".join(line for line in header.splitlines() if not line.startswith(("import ", "from "))) + body
    kept = [line for line in header.splitlines() if not line.startswith("import ") and _used(line, code)]
    first = next(i for i, line in enumerate(kept) if line.startswith("from "))
    return "\n".join(kept[:first] + imports + kept[first:]) + "\n" + body


def _used(line: str, code: str) -> bool:
    """False for a `from ... import` line none of whose names the code uses (the written operations may spell them
    by their module)."""
    if not line.startswith("from "):
        return True
    names = [name.strip() for name in line.split(" import ", 1)[1].split(",")]
    return any(re.search(rf"(?<![.\w]){re.escape(name)}\b", code) for name in names)


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    django.setup()
    sys.stdout.write(main(sys.argv[1]))
