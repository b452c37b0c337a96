"""Run with the app's environment (DATABASE_URL = the primary): partner tokens, and an import big enough to be
queued for the task worker, through the same services the admin's upload and confirm use. Prints them as JSON.

    python scripts/cluster/fixtures.py ROWS TOKENS
"""

import datetime as dt
import json
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")

import django

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402

from kb.models import CasualtyRecord, Organisation  # noqa: E402
from kb.services.imports.batches import import_batch_apply, import_batch_preview  # noqa: E402
from kb.services.tokens import token_create  # noqa: E402

AREA = "XKX"  # figures written here are the check's own: removed first, so a run starts from the demo data
IMPORT_FROM = dt.date(1000, 1, 1)  # the import's periods, a day each; the partners' are days from 1800


def import_file(rows: int) -> bytes:
    lines = ["country_code,period,total,source"]
    days = (IMPORT_FROM + dt.timedelta(days=n) for n in range(rows))
    lines += [f"{AREA},{day.isoformat()},{n % 97 + 1},lm2023-impact" for n, day in enumerate(days)]
    return ("\n".join(lines) + "\n").encode()


def main(rows: int, tokens: int) -> dict:
    CasualtyRecord.objects.filter(area__code=AREA).delete()
    organisation = Organisation.objects.get(name="Humanity & Inclusion")
    # One token a client: a client's read-your-writes pin is its own, not refreshed by the other clients' writes.
    keys = [
        token_create(organisation=organisation, name=f"cluster check {n}", scopes=["read", "submit"])[1]
        for n in range(tokens)
    ]
    staff, _ = get_user_model().objects.get_or_create(
        username="cluster-check", defaults={"is_staff": True, "is_superuser": True}
    )
    batch = import_batch_preview(resource="casualties", content=import_file(rows), filename="big.csv", by=staff)
    if batch.status != "previewed":
        raise SystemExit(f"the import file was {batch.status}: {batch.report[:3]}")
    batch = import_batch_apply(batch=batch, by=staff, background=True)
    return {"tokens": keys, "batch": batch.pk, "batch_status": batch.status, "area": AREA, "rows": rows}


if __name__ == "__main__":
    print(json.dumps(main(int(sys.argv[1]), int(sys.argv[2]))))
