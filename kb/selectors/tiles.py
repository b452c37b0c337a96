"""Mapbox vector tiles of the published polygons, made by PostGIS (ST_AsMVT) in one query per tile.

Tiles are in Web Mercator (EPSG:3857) on the usual z/x/y grid; the GiST index on the WGS 84 geometry selects the
rows through the tile's envelope transformed back to WGS 84."""

from dataclasses import dataclass

from kb.choices import ReviewStatusChoices
from kb.routing.reads import read_connection
from kb.services.geometry import MAX_ZOOM
from kb.services.synthetic_hazards import SOURCE_SLUG as SYNTHETIC_SOURCE

EXTENT = 4096  # tile coordinate units, the MVT default
BUFFER = 64  # units drawn beyond the tile's edge so that outlines join across tiles


@dataclass(frozen=True)
class TileLayer:
    table: str
    columns: str  # the feature properties, as SQL over the table `t` and its country `a`
    reviewed: bool = True  # published rows only, each joined to its country `a`; False for reference geometry


# Synthetic demo polygons (kb_seed_hazards) are flagged in every tile, so that a map can label them as such.
SYNTHETIC = "t.source_id IN (SELECT id FROM kb_source WHERE slug = %(synthetic_source)s) AS synthetic"
BOUNDS = "(SELECT ST_TileEnvelope(%(z)s, %(x)s, %(y)s) AS box) bounds"
REVIEWED_ROWS = f"JOIN kb_area a ON a.id = t.area_id, {BOUNDS} WHERE t.status = %(published)s AND"
ALL_ROWS = f", {BOUNDS} WHERE"


TILE_LAYERS = {
    "hazard-areas": TileLayer(
        table="kb_hazardarea",
        columns="t.id, t.reference, a.code AS country, t.hazard_class, t.contamination_type, t.hazard_status, "
        "round(t.computed_area_m2)::bigint AS computed_area_m2, " + SYNTHETIC,
    ),
    "land-release-activities": TileLayer(
        table="kb_landreleaseactivity",
        columns="t.id, t.reference, a.code AS country, t.method, t.outcome, t.completed_on::text AS completed_on, "
        "round(t.computed_area_m2)::bigint AS computed_area_m2, " + SYNTHETIC,
    ),
    # The offline basemap: Natural Earth's country outlines (kb/models/basemap.py), `country` as Area.code.
    "basemap": TileLayer(table="kb_basemapcountry", columns="t.code AS country, t.name", reviewed=False),
}


def tile_in_range(*, z: int, x: int, y: int) -> bool:
    return 0 <= z <= MAX_ZOOM and 0 <= x < 2**z and 0 <= y < 2**z


def tile_mvt(*, layer: str, z: int, x: int, y: int) -> bytes:
    """The tile's bytes (empty where no polygon of the layer touches it). `layer` must be a key of TILE_LAYERS."""
    spec = TILE_LAYERS[layer]
    # Table and column names come from TILE_LAYERS above, never from the request. The statement begins with SELECT,
    # which pghistory's request context leaves as it is (it prefixes any other statement with its set_config).
    sql = f"""SELECT ST_AsMVT(features.*, %(layer)s, {EXTENT}, 'geom') FROM (
            SELECT ST_AsMVTGeom(ST_Transform(t.geometry, 3857), bounds.box, {EXTENT}, {BUFFER}, true) AS geom,
                   {spec.columns}
              FROM {spec.table} t {REVIEWED_ROWS if spec.reviewed else ALL_ROWS}
                   t.geometry && ST_Transform(bounds.box, 4326)
        ) features WHERE geom IS NOT NULL"""
    params = {
        "z": z,
        "x": x,
        "y": y,
        "layer": layer,
        "published": ReviewStatusChoices.PUBLISHED,
        "synthetic_source": SYNTHETIC_SOURCE,
    }
    # The database the tile's ETag (data stamp) was read from. Prepared on each connection: the statement's text is the
    # same for every tile of a layer, and its plan (the GiST index over the tile's box) serves every tile, so it is
    # planned once, not on every request (a zoom-14 tile 0.45 -> 0.20 ms, zoom 10 3.1 -> 2.6 ms at p50).
    with read_connection().prepared_cursor() as cursor:
        cursor.execute(sql, params)
        tile = cursor.fetchone()[0]
    return bytes(tile) if tile is not None else b""
