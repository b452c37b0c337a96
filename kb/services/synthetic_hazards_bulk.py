"""The bulk path of kb_seed_hazards (`--bulk`): the same kind of SYNTHETIC hazard areas made by one INSERT ... SELECT
in PostgreSQL, so that a benchmark can have 100,000 of them in well under a minute. NOT REAL DATA.

The polygons follow kb/services/synthetic_hazards.py's rule (one vertex per equal sector at a random angle and
distance, laid out in local metres, within SPREAD_DEGREES of the country's centroid) with the random numbers drawn
from md5(seed, polygon, draw), so the same seed gives the same polygons; they are not the row path's polygons for
that seed. Hazard areas only: no land-release tasks. Labelled as the row path labels them (source, SYN- reference,
note), and they replace the synthetic records of those countries as the row path does."""

import pgtrigger
from django.core.exceptions import ValidationError
from django.db import connection, transaction

from kb.choices import DeviceTypeChoices, HazardClassChoices, HazardStatusChoices, ReviewStatusChoices
from kb.models import Area, HazardArea, LandReleaseActivity
from kb.services.imports.bulk import history_columns, insert_events_sql, insert_trigger
from kb.services.synthetic_hazards import (
    CONTAMINATION,
    METRES_PER_DEGREE,
    MSG_NO_CENTROID,
    NOTE,
    REFERENCE_PREFIX,
    SPREAD_DEGREES,
    synthetic_source,
)

# A uniform number in [0, 1) from the seed, the polygon's number and the draw's number.
RANDOM = "('x' || substr(md5(%(seed)s || ':' || {n} || ':' || {draw}), 1, 8))::bit(32)::bigint / 4294967296.0"


def _weighted(draw: str, choices: list[tuple[str, int]]) -> str:
    """SQL picking one of `choices` (value, weight) with the uniform number `draw`."""
    total = sum(weight for _, weight in choices)
    cases, upto = [], 0
    for value, weight in choices[:-1]:
        upto += weight
        cases.append(f"WHEN {draw} < {upto / total!r} THEN '{value}'")
    return f"CASE {' '.join(cases)} ELSE '{choices[-1][0]}' END"


def _insert_sql() -> str:
    def r(n: str, draw: str) -> str:
        return RANDOM.format(n=n, draw=draw)

    even = [(value, 1) for value in HazardClassChoices.values]
    statuses = [(value, 1) for value in HazardStatusChoices.values]
    kinds = [(DeviceTypeChoices(kind).value, weight) for kind, weight in CONTAMINATION]
    return f"""
        WITH countries AS (
            SELECT id, code, latitude::float AS lat, longitude::float AS lon, row_number() OVER (ORDER BY code) - 1 AS k
              FROM kb_area WHERE id = ANY(%(areas)s)
        ),
        placed AS (
            SELECT g.n, c.id AS area_id, c.code,
                   c.lon + ({r("g.n", "1")} * 2 - 1) * {SPREAD_DEGREES} AS lon,
                   c.lat + ({r("g.n", "2")} * 2 - 1) * {SPREAD_DEGREES} AS lat,
                   80 + {r("g.n", "3")} * 1420 AS radius, 6 + floor({r("g.n", "4")} * 7)::int AS sides
              FROM generate_series(0, %(total)s - 1) AS g(n) JOIN countries c ON c.k = g.n %% %(countries)s
        ),
        shaped AS (
            SELECT p.*, ST_Multi(ST_MakePolygon(ST_AddPoint(ring.line, ST_StartPoint(ring.line)))) AS geometry
              FROM placed p, LATERAL (
                SELECT ST_MakeLine(ST_MakePoint(
                         p.lon + cos(v.angle) * v.distance / ({METRES_PER_DEGREE} * cos(radians(p.lat))),
                         p.lat + sin(v.angle) * v.distance / {METRES_PER_DEGREE}) ORDER BY v.i) AS line
                  FROM (SELECT i, (i + 0.1 + 0.8 * {r("p.n", "(10 + i)")}) * 2 * pi() / p.sides AS angle,
                               p.radius * (0.6 + 0.4 * {r("p.n", "(30 + i)")}) AS distance
                          FROM generate_series(0, p.sides - 1) AS i) v
              ) ring
        ),
        inserted AS (
        INSERT INTO kb_hazardarea (
            created_at, updated_at, status, status_changed_at, retraction_reason, version, source_locator,
            source_quote, reference, name, geometry, reported_area_m2, notes, hazard_class, contamination_type,
            hazard_status, evidence, recorded_on, area_id, source_id)
        SELECT now(), now(), %(published)s, now(), '', 1, 'synthetic', '',
               %(prefix)s || code || '-' || lpad((n + 1)::text, 6, '0'), 'Synthetic hazard ' || (n + 1), geometry,
               round(ST_Area(geometry::geography) * (0.75 + 0.5 * {r("n", "5")})), %(note)s,
               {_weighted(r("n", "6"), even)}, {_weighted(r("n", "7"), kinds)}, {_weighted(r("n", "8"), statuses)},
               '', date '2020-01-01' + floor({r("n", "9")} * 2000)::int, area_id, %(source)s
          FROM shaped ORDER BY n
        RETURNING {", ".join(history_columns(HazardArea))}
        ) {insert_events_sql(HazardArea)}
    """


def synthetic_hazards_bulk_seed(*, codes: list[str], per_country: int, seed: int = 17) -> int:
    """Replace the synthetic records of `codes` with `per_country` published hazard areas each, made in SQL.
    Returns the number of hazard areas."""
    areas = list(Area.objects.filter(code__in=[code.upper() for code in codes]).order_by("code"))
    for area in areas:
        if area.latitude is None or area.longitude is None:
            raise ValidationError(MSG_NO_CENTROID.format(code=area.code))
    params = {
        "seed": str(seed),
        "areas": [area.pk for area in areas],
        "countries": max(len(areas), 1),
        "total": per_country * len(areas),
        "published": ReviewStatusChoices.PUBLISHED,
        "prefix": REFERENCE_PREFIX,
        "note": NOTE,
    }
    # The history events are written by the same statement, as the bulk import writes them: row by row, pghistory's
    # trigger took about 2 ms a row.
    with transaction.atomic():
        params["source"] = synthetic_source().pk
        for model in (LandReleaseActivity, HazardArea):
            model.objects.filter(area__in=areas, reference__startswith=REFERENCE_PREFIX).delete()
        # pgtrigger.ignore adds a positional parameter of its own: the statement goes with its values in it.
        sql = connection.ops.compose_sql(_insert_sql(), params).replace("%", "%%")
        with connection.cursor() as cursor, pgtrigger.ignore(insert_trigger(HazardArea)):
            cursor.execute(sql, [])
            return cursor.rowcount
