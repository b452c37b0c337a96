"""The bulk import path: the same stored rows and history as the row path, the same style of report, all or nothing."""

import datetime as dt
import hashlib

import pytest
from django.db import connection, transaction
from django.utils import timezone

from kb.models import CasualtyRecord, ImportBatch
from kb.services.figures import MSG_LOCKED_PREFERRED
from kb.services.imports import ImportRejected, rows_import
from kb.services.imports import service as import_service
from tests.factories import CasualtyRecordFactory
from tests.factories.reference import AdminAreaFactory, AreaFactory, OrganisationFactory

pytestmark = pytest.mark.django_db

CASUALTY_HEADER = (
    "country_code,pcode,period,civilian_status,sex,age_group,device_type,total,killed,injured,fate_unknown,"
    "share_percent,share_of,share_basis,preferred,qualifiers,source,source_locator,source_quote,notes\n"
)
# Competing figures, explicit and implicit preference, breakdowns, qualifiers, shares, an admin area, a source by
# URL, a cell that already has a preferred figure (WLD 2022, demo data), text with a tab and a formula apostrophe.
CASUALTY_ROWS = (
    "XKX,,2019,,,,,100,40,60,,,,,,,lm2022-impact,p. 12,,\n"
    "XKX,,2019,,,,,120,,,,,,,,total:at_least,lm2021-impact,,,\n"
    "XKX,,2020,,,,,90,,,,,,,false,,lm2022-impact,,,\n"
    "XKX,,2020,,,,,95,,,,,,,,,lm2021-impact,,,\n"
    "XKX,,2021,civilian,,,,,,,,85.5,400,status known,,,lm2022-impact,,,\n"
    "XKX,,2021,civilian,,,,,,,,80,,,true,,lm2021-impact,,,\n"
    'XKX,,2021,,female,child,improvised_mine,7,2,5,,,,,,,lm2022-impact,,"a \tquote",\'=SUM(1)\n'
    "XKX,XKX01,2021-06,,,,,3,1,1,1,,,,,,lm2022-impact,,,\n"
    "XKX,,2019-01-01/2020-06-30,,,,,12,,,,,,,,,lm2022-impact,,,note\n"
    "XKX,,2022-12-31,,,,,1,,,,,,,,,lm2022-impact,,,\n"
    "WLD,,2022,,,,,4800,,,,,,,,,lm2021-impact,,,\n"
    "WLD,,2022,,,child,,1200,,,,,,,true,,lm2022-impact,,,\n"
)
LAND_HEADER = (
    "country_code,pcode,period,operator,device_type,released_m2,cleared_m2,reduced_m2,cancelled_m2,"
    "ap_mines_destroyed,av_mines_destroyed,other_items_destroyed,preferred,qualifiers,source\n"
)
LAND_ROWS = (
    "XKX,,2019,,,1000,500,200,300,4,,,,,lm2022-impact\n"
    "XKX,,2019,,,1100,,,,,,,,released_m2:approximately,lm2021-impact\n"
    "XKX,,2019,XKX demining,anti_personnel_mine,,250,,,2,1,7,,,lm2022-impact\n"
)


@pytest.fixture
def places(db):
    area = AreaFactory(code="XKX", name="Kosovo (test)")
    AdminAreaFactory(pcode="XKX01", area=area)
    OrganisationFactory(name="XKX demining")


def stored(model) -> list[tuple]:
    """Every stored row of the table but its id and timestamps, in id order."""
    skip = {"id", "created_at", "updated_at"}
    columns = [f.column for f in model._meta.concrete_fields if f.column not in skip]
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {', '.join(columns)} FROM {model._meta.db_table} ORDER BY id")
        return cursor.fetchall()


def history(model) -> list[tuple]:
    """The history events, without ids and times: label, status, preference, import context, every other column."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT e.pgh_label, e.status, e.is_preferred, c.metadata->>'channel', c.metadata->>'batch', "
            "(to_jsonb(e) - 'pgh_id' - 'pgh_created_at' - 'pgh_context_id' - 'pgh_obj_id' - 'id' - 'created_at' "
            "- 'updated_at')::text "
            f"FROM {model._meta.db_table}event e LEFT JOIN pghistory_context c ON c.id = e.pgh_context_id "
            "ORDER BY e.pgh_id"
        )
        return cursor.fetchall()


def path_history(model, *, bulk: bool, batch: str = "7") -> list[tuple]:
    """The history after an import of `batch` by one path: the channel of the batch's events checked (`bulk` or
    `import`) and then set aside, so the two paths' events can be compared."""
    events = history(model)
    assert {e[3] for e in events if e[4] == batch} <= {"bulk" if bulk else "import"}
    return sorted(((*e[:3], "path" if e[4] == batch else e[3], *e[4:]) for e in events), key=repr)


def outcome(resource: str, model, text: str, *, bulk: bool, **kwargs):
    """Import in a savepoint that is rolled back: (report totals, stored rows, history) afterwards."""

    class Undo(Exception):
        pass

    try:
        with transaction.atomic():
            report = rows_import(resource=resource, content=text.encode(), filename="f.csv", bulk=bulk, **kwargs)
            found = (report.totals, stored(model), path_history(model, bulk=bulk))
            raise Undo
    except Undo:
        return found


@pytest.mark.parametrize(
    ("resource", "model_name", "text"),
    [
        ("casualties", "CasualtyRecord", CASUALTY_HEADER + CASUALTY_ROWS),
        ("land-release", "LandReleaseRecord", LAND_HEADER + LAND_ROWS),
    ],
)
@pytest.mark.parametrize("status", ["draft", "published"])
def test_bulk_stores_what_the_row_path_stores(places, resource, model_name, text, status):
    from kb import models

    model = getattr(models, model_name)
    if status == "draft":  # a draft may not take the preference of the demo data's published WLD 2022 figure
        text = text.replace("1200,,,,,,,true,", "1200,,,,,,,,")
    row_path = outcome(resource, model, text, bulk=False, initial_status=status, batch_id=7)
    bulk_path = outcome(resource, model, text, bulk=True, initial_status=status, batch_id=7)
    assert bulk_path == row_path
    assert row_path[0]["new"] == text.count("\n") - 1


@pytest.mark.parametrize("bulk", [False, True])
def test_a_draft_never_takes_the_preference_of_a_published_figure(places, demo_data, bulk):
    row = "WLD,,2022,,,child,,1200,,,,,,,true,,lm2022-impact,,,\n"
    with pytest.raises(ImportRejected) as rejected:
        rows_import(resource="casualties", content=(CASUALTY_HEADER + row).encode(), filename="f.csv", bulk=bulk)
    [issue] = rejected.value.issues
    assert (issue.row, issue.column) == (2, "preferred")
    assert "only a reviewer changes that" in issue.message


@pytest.mark.parametrize("bulk", [False, True])
@pytest.mark.parametrize("holder", ["in_review", "retracted"])
def test_an_editor_does_not_take_the_preference_of_a_figure_in_review_or_retracted(places, editor, bulk, holder):
    held = CasualtyRecordFactory(area=AreaFactory(code="XPH"), status=holder, total=5, retraction_reason="old")
    row = f"XPH,,{held.period_start.year},,,,,9,,,,,,,true,,lm2022-impact,,,\n"
    with pytest.raises(ImportRejected) as rejected:
        rows_import(
            resource="casualties", content=(CASUALTY_HEADER + row).encode(), filename="f.csv", bulk=bulk, by=editor
        )
    [issue] = rejected.value.issues
    assert (issue.row, issue.column, issue.message) == (2, "preferred", MSG_LOCKED_PREFERRED)
    held.refresh_from_db()
    assert held.is_preferred


@pytest.mark.parametrize("bulk", [False, True])
def test_a_figure_demoted_by_an_import_moves_its_last_modified(places, bulk):
    """Both paths: the stored figure an imported one takes the preference from has changed, so its updated_at
    (the API's Last-Modified) moves with it."""
    held = CasualtyRecordFactory(area=AreaFactory(code="XPD"), total=5)
    an_hour_ago = timezone.now() - dt.timedelta(hours=1)
    CasualtyRecord.objects.filter(pk=held.pk).update(updated_at=an_hour_ago)
    row = f"XPD,,{held.period_start.year},,,,,9,,,,,,,true,,lm2022-impact,,,\n"
    rows_import(
        resource="casualties",
        content=(CASUALTY_HEADER + row).encode(),
        filename="f.csv",
        bulk=bulk,
        initial_status="published",
    )
    held.refresh_from_db()
    assert held.is_preferred is False and held.updated_at > an_hour_ago


def test_bulk_preference_follows_the_row_path_rule(places, demo_data):
    rows_import(
        resource="casualties",
        content=(CASUALTY_HEADER + CASUALTY_ROWS).encode(),
        filename="f.csv",
        bulk=True,
        initial_status="published",
    )
    preferred = {
        (r.period, r.civilian_status, r.source.slug): r.is_preferred
        for r in CasualtyRecord.objects.filter(area__code="XKX", admin_area=None, sex=None)
    }
    assert preferred[("2019", None, "lm2022-impact")] is True  # first figure of the cell
    assert preferred[("2019", None, "lm2021-impact")] is False
    assert preferred[("2020", None, "lm2022-impact")] is False  # preferred=false
    assert preferred[("2020", None, "lm2021-impact")] is True  # so the next one is the first eligible
    assert preferred[("2021", "civilian", "lm2021-impact")] is True  # explicit preference wins
    assert preferred[("2021", "civilian", "lm2022-impact")] is False
    world = CasualtyRecord.objects.filter(
        area__code="WLD", period_start__year=2022, age_group=None, civilian_status=None
    )
    assert world.get(source__slug="lm2021-impact").is_preferred is False  # the cell already had a preferred figure


def checksum() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM kb_casualtyrecord ORDER BY id")
        rows = cursor.fetchall()
        cursor.execute("SELECT count(*) FROM kb_casualtyrecordevent")
        return hashlib.sha256(repr((rows, cursor.fetchall())).encode()).hexdigest()


def rejected(text: str, *, bulk=True) -> list[tuple]:
    before = checksum()
    with pytest.raises(ImportRejected) as caught:
        rows_import(resource="casualties", content=text.encode(), filename="f.csv", bulk=bulk)
    assert checksum() == before
    return [(i.row, i.column, i.value, i.message) for i in caught.value.issues]


BAD_ROWS = (
    "XKX,,2019,,,,,100,40,60,,,,,,,lm2022-impact,,,\n"  # row 2: fine
    "QQQ,,2019,,,,,5,,,,,,,,,lm2022-impact,,,\n"  # row 3: unknown area
    "XKX,,2019,,,,,-5,,,,,,,,,lm2021-impact,,,\n"  # row 4: negative count
    "XKX,,2020,,,,,5,9,,,,,,,,lm2022-impact,,,\n"  # row 5: killed > total
    "XKX,,2019-13,,,,,5,,,,,,,,,lm2022-impact,,,\n"  # row 6: bad period
    "XKX,,2021,,,,,5,,,,,,,,,no-such-source,,,\n"  # row 7: unknown source
    "XKX,,2022,,,,,,,,,,,,,,lm2022-impact,,,\n"  # row 8: no figure
    "XKX,,2023,soldier,,,,5,,,,,,,,,lm2022-impact,,,\n"  # row 9: bad choice
    "XKX,,2024,,,,,5,,,,,,,,bogus:at_least,lm2022-impact,,,\n"  # row 10: qualifier on no figure
)


def test_bad_rows_are_reported_by_row_and_column_and_nothing_is_written(places):
    issues = rejected(CASUALTY_HEADER + BAD_ROWS)
    where = [(row, column) for row, column, _, _ in issues]
    assert where == [
        (3, "country_code"),
        (4, "total"),
        (5, ""),
        (6, "period"),
        (7, "source"),
        (8, ""),
        (9, "civilian_status"),
        (10, "qualifiers"),
    ]
    assert issues[0][2:] == ("QQQ", "Unknown country code 'QQQ'.")
    assert issues[1][3] == "Ensure this value is greater than or equal to 0."
    assert issues[2][3] == "Killed, injured and fate unknown together cannot exceed the total."


def test_cell_messages_are_the_row_paths(places):
    """Cell-level problems read the same on both paths (the bulk path cleans each value with the same widget)."""
    cell_rows = "".join(line + "\n" for i, line in enumerate(BAD_ROWS.splitlines()) if i in (1, 2, 4, 5, 7))
    bulk = rejected(CASUALTY_HEADER + cell_rows)
    rows = rejected(CASUALTY_HEADER + cell_rows, bulk=False)
    assert bulk == rows


def test_duplicate_rows_and_missing_columns_are_caught_before_the_bulk_path(places):
    row = "XKX,,2019,,,,,100,40,60,,,,,,,lm2022-impact,,,\n"
    assert rejected(CASUALTY_HEADER + row + row)[0][:2] == (
        3,
        "country_code, pcode, period, civilian_status, sex, age_group, device_type, source",
    )


def test_updates_are_left_to_the_row_path(places, monkeypatch):
    row = "XKX,,2019,,,,,100,40,60,,,,,,,lm2022-impact,,,\n"
    rows_import(resource="casualties", content=(CASUALTY_HEADER + row).encode(), filename="f.csv", bulk=True)
    changed = row.replace("100,40,60", "110,40,70")
    issues = rejected(CASUALTY_HEADER + changed)
    assert "only adds new records" in issues[0][3]
    monkeypatch.setattr(import_service, "BULK_MIN_ROWS", 1)
    report = rows_import(resource="casualties", content=(CASUALTY_HEADER + changed).encode(), filename="f.csv")
    assert report.totals == {"new": 0, "changed": 1, "unchanged": 0}  # chosen automatically, then the row path
    assert CasualtyRecord.objects.get(area__code="XKX").total == 110


def test_large_files_take_the_bulk_path_and_keep_the_batch_in_history(places, monkeypatch):
    monkeypatch.setattr(import_service, "BULK_MIN_ROWS", 5)
    batch = ImportBatch.objects.create(resource="casualties", filename="f.csv", content=b"")
    report = rows_import(
        resource="casualties",
        content=(CASUALTY_HEADER + CASUALTY_ROWS).encode(),
        filename="f.csv",
        batch_id=batch.pk,
        initial_status="published",
    )
    assert report.rows == [] and report.totals["new"] == 12  # counted, not listed: the bulk path ran
    events = history(CasualtyRecord)
    new_events = [e for e in events if e[4] == str(batch.pk)]
    # twelve inserts, the stored WLD 2022 child figure demoted, and XKX 2021 civilian demoted by a later row
    assert len(new_events) == 12 + 2
    assert {e[3] for e in new_events} == {"bulk"}


def test_resources_other_than_statistics_are_refused(places):
    with pytest.raises(ImportRejected, match="statistics resources only"):
        rows_import(resource="organisations", content=b"name,kind\nX org,ngo\n", filename="o.csv", bulk=True)


def test_a_bulk_batch_reverts_like_any_other(places, demo_data):
    from kb.models import ImportBatchStatusChoices
    from kb.services.batch_revert import import_batch_revert

    before = stored(CasualtyRecord)
    batch = ImportBatch.objects.create(
        resource="casualties", filename="f.csv", content=b"", status=ImportBatchStatusChoices.APPLIED
    )
    text = CASUALTY_HEADER + CASUALTY_ROWS
    rows_import(
        resource="casualties",
        content=text.encode(),
        filename="f.csv",
        bulk=True,
        batch_id=batch.pk,
        initial_status="published",
    )
    assert len(stored(CasualtyRecord)) == len(before) + 12
    counts = import_batch_revert(batch=batch, by=None)
    # twelve new records deleted; two updates undone: the stored WLD 2022 child figure's demotion, and the demotion
    # of a record of the file itself (deleted anyway)
    assert counts["deleted"] == 12 and counts["restored"] == 2
    after = stored(CasualtyRecord)
    assert [row[:6] + row[7:] for row in after] == [row[:6] + row[7:] for row in before]  # all but the version


def test_a_file_published_by_a_named_user_goes_row_by_row_and_vouches_for_its_sources(places, reviewer):
    """The row path approves the proposed sources a reviewer's published rows cite; the bulk path would not, so such
    a file is the row path's (asked for with `--bulk`, the import says why)."""
    from kb.models import Source
    from tests.factories import SourceFactory

    SourceFactory(slug="proposed-by-an-editor", reviewed=False)
    text = CASUALTY_HEADER + CASUALTY_ROWS.replace("lm2022-impact", "proposed-by-an-editor")
    options = {"resource": "casualties", "content": text.encode(), "by": reviewer, "initial_status": "published"}
    with pytest.raises(ImportRejected, match="goes row by row"):
        rows_import(filename="f.csv", bulk=True, **options)
    assert not Source.objects.get(slug="proposed-by-an-editor").reviewed
    report = rows_import(filename="f.csv", **options)
    assert report.bulk_new is None and report.totals["new"] > 0
    assert Source.objects.get(slug="proposed-by-an-editor").reviewed
