"""The bulk path of the GIS import (kb/services/imports/geo.py): the same checks, messages and rows, in sets.

The feature path builds a GDAL feature, a GEOS geometry and a validated model instance per feature and saves them
with a history trigger each (~100 features/s). This path, for large GeoPackage, Shapefile and GeoJSON files:

1. reads the layer in batches with pyogrio (attributes as arrays, geometries as WKB; no per-feature objects);
2. maps each feature's attributes with the feature path's own FeatureMapper (each distinct value read once), and
   writes the mapped values and the raw WKB with COPY into a temporary staging table;
3. finds in SQL the features that may be bad: a geometry that is missing, not polygonal, out of range or invalid
   once in WGS 84 (ST_Transform, ST_IsValid), a CHECK constraint broken, a reference already stored; in Python
   those whose attributes do not read, exceed a field's size or put the admin area in another country;
4. reads just those features again and passes them through the feature path (geo_feature_check, then
   FeatureMapper.record with full_clean), so every message is the feature path's own, and a geometry it repairs
   replaces the staged one;
5. with no problem left, inserts every staged row with one INSERT ... SELECT in file order, with its history events
   (one INSERT, in the caller's pghistory context) and, for activities, the hazard areas it released.

All or nothing: any problem raises ImportRejected and nothing is written. A file this path cannot take (KML, a CRS
PostGIS does not know by EPSG code, WKB PostGIS refuses) raises BulkNotApplicable: the feature path reads it.
"""

import datetime as dt
from dataclasses import dataclass, field

import pgtrigger
from django.contrib.gis.gdal import OGRGeometry
from django.core.exceptions import ValidationError
from django.db import DatabaseError, connection, models, transaction

from kb.services.geometry import MAX_COORDINATE, WGS84
from kb.services.imports.bulk import INSERT_TRIGGER, history_insert_sql
from kb.services.imports.bulk_stage import COPY_CHUNK, _copy_text
from kb.services.imports.errors import BulkNotApplicable, ImportIssue
from kb.services.imports.geo_columns import column_values
from kb.services.imports.geo_read import geo_feature_check

# Longitude/latitude: a stored geometry's box lies inside it (kb.services.geometry.multipolygon_from).
GLOBE = f"ST_MakeEnvelope(-180, -90, 180, 90, {WGS84})"
BULK_MIN_FEATURES = 2_000  # smaller files take the feature path
BULK_DRIVERS = {"GPKG", "ESRI Shapefile", "GeoJSON"}
BATCH = 20_000  # features read, mapped and staged at a time
STAGE = "kb_geo_stage"
LINKS = "kb_geo_links"
IDS = "kb_geo_ids"
# Fields a new record takes the default of.
DEFAULTED = ("status_changed_at", "reviewed_by", "partner_organisation", "retraction_reason", "version", "source_quote")
MSG_NOT_BULK = "The bulk path cannot read this file."


@dataclass
class BulkOutcome:
    count: int = 0
    geometry_issues: list[ImportIssue] = field(default_factory=list)
    record_issues: list[ImportIssue] = field(default_factory=list)
    identities: list[tuple] = field(default_factory=list)  # (identity, feature number) of good geometries
    repaired: list[tuple[int, str]] = field(default_factory=list)  # (feature number, reason)
    records: list = field(default_factory=list)


def geo_bulk_applicable(driver: str, layer, bulk: bool | None) -> bool:
    """Large files of the formats read alike by pyogrio's GDAL and GeoDjango's; `bulk` forces it on or off."""
    return driver in BULK_DRIVERS and (bulk if bulk is not None else len(layer) >= BULK_MIN_FEATURES)


class GeoBulkImport:
    """One file through the bulk path, inside the caller's transaction (and pghistory context, to write)."""

    def __init__(self, *, mapper, source_name: str, layer, srs, repair: bool, dry_run: bool, by, initial_status: str):
        self.mapper, self.model, self.dry_run = mapper, mapper.model, dry_run
        self.source_name, self.layer_name, self.srs = source_name, layer.name, srs
        self.repair, self.by, self.initial_status = repair, by, initial_status
        self.srid = _srid(srs)
        self.fields = [
            self.model._meta.get_field(name)
            for name in mapper.attributes
            if name not in ("country", "hazard_areas") and name in {f.name for f in self.model._meta.concrete_fields}
        ]
        if self.model.__name__ == "LandReleaseActivity" and "outcome" not in mapper.attributes:
            self.fields.append(self.model._meta.get_field("outcome"))
        self.encoders = [(f, *_encoder(f)) for f in self.fields]
        self.links: list[tuple[int, int]] = []  # (row number, hazard area id)
        self.suspects: set[int] = set()
        self.fids: dict[int, int] = {}  # row number -> the feature's id in the file, to read it again

    def check(self, *, keep_records: bool) -> BulkOutcome:
        """Stage every feature and settle the suspects; the outcome's issues are the feature path's."""
        outcome = BulkOutcome()
        with connection.cursor() as cursor:
            self._stage_create(cursor)
            number = 0
            for meta, fids, geometries, columns in self._batches():
                names = [name.lower() for name in meta["fields"]]
                lines = []
                for fid, wkb, row in zip(fids.tolist(), geometries, zip(*columns, strict=True), strict=True):
                    number += 1
                    attributes = dict(zip(names, row, strict=True))
                    lines.append(self._line(number, fid, wkb, attributes, outcome))
                self._copy(cursor, lines)
            outcome.count = number
            self.suspects |= self._sql_suspects(cursor)
            self._settle(cursor, outcome)
            if keep_records and not outcome.geometry_issues and not outcome.record_issues:
                outcome.records = self._records(cursor)
        return outcome

    def write(self) -> int:
        """Insert the staged rows in file order, with their history events and links; how many."""
        values = _new_record_values(self.model, by=self.by, initial_status=self.initial_status)
        staged = ["area_id", *[f.column for f in self.fields]]
        rest = [
            f.column
            for f in self.model._meta.concrete_fields
            if f.column not in {"id", *staged, *values, "geometry", "source_id", "source_locator"} and not f.generated
        ]
        if rest:
            raise RuntimeError(f"GIS bulk import: no value for {rest}")  # a new model field: decide its value here
        insert = (
            f"INSERT INTO {self.model._meta.db_table} (id, {', '.join(staged)}, geometry, source_id, source_locator, "
            f"{', '.join(values)}) SELECT i.id, {', '.join(staged)}, COALESCE(fixed, {self._final('geometry')}), %s, "
            f"left(%s || ', feature ' || s.rownum, 300), {', '.join(['%s'] * len(values))} "
            f"FROM {STAGE} s JOIN {IDS} i USING (rownum)"  # the ids follow the file's order
        )
        with connection.cursor() as cursor, pgtrigger.ignore(f"{self.model._meta.label}:{INSERT_TRIGGER}"):
            # ids in file order, taken from the table's sequence, so links can name the new rows
            cursor.execute(
                f"CREATE TEMP TABLE {IDS} ON COMMIT DROP AS SELECT rownum, nextval(pg_get_serial_sequence(%s, 'id')) "
                f"AS id FROM (SELECT rownum FROM {STAGE} ORDER BY rownum) o",
                [self.model._meta.db_table],
            )
            cursor.execute(
                history_insert_sql(self.model, insert),
                [self.mapper.source.pk, self.mapper.locator, *values.values()],
            )
            count = cursor.rowcount
            if self.links:
                through = self.model.hazard_areas.through
                with cursor.cursor.copy(f"COPY {LINKS} (rownum, hazard_id) FROM STDIN") as copy:
                    for rownum, hazard in self.links:
                        copy.write_row((rownum, hazard))
                cursor.execute(
                    f"INSERT INTO {through._meta.db_table} (landreleaseactivity_id, hazardarea_id) "
                    f"SELECT i.id, l.hazard_id FROM {LINKS} l JOIN {IDS} i USING (rownum) ORDER BY l.rownum"
                )
        return count

    # ---------------------------------------------------------------------------------------------- staging

    def _stage_create(self, cursor) -> None:
        table = self.model._meta.db_table
        cursor.execute(f"DROP TABLE IF EXISTS {STAGE}; DROP TABLE IF EXISTS {LINKS}; DROP TABLE IF EXISTS {IDS}")
        cursor.execute("SET LOCAL jit = off")  # the planner misjudges the stage's rows; compiling costs ~1 s
        cursor.execute(
            f"CREATE TEMP TABLE {STAGE} ON COMMIT DROP AS SELECT * FROM {table} WITH NO DATA; "
            f"ALTER TABLE {STAGE} ALTER geometry TYPE geometry, ADD COLUMN rownum integer, "
            "ADD COLUMN fixed geometry(MultiPolygon, 4326); "
            f"CREATE TEMP TABLE {LINKS} (rownum integer, hazard_id bigint) ON COMMIT DROP"
        )

    def _batches(self):
        """(meta, fids, WKB geometries, attribute columns as lists) for each batch of the layer, in file order
        (GeoPackage and Shapefile seek to a feature by its index; GDAL holds GeoJSON in memory: one read)."""
        if self.source_name.endswith((".json", ".geojson")):
            yield self._read()
            return
        skip = 0
        while True:
            meta, fids, geometries, columns = self._read(skip_features=skip, max_features=BATCH)
            if not len(fids):
                return
            yield meta, fids, geometries, columns
            skip += len(fids)

    def _read(self, **options):
        # Imported here, not with the module: pyogrio brings a GDAL of its own (about 45 MB resident), which every
        # web worker would otherwise load with the admin.
        import pyogrio.raw

        try:
            # Dates as text: pyogrio's datetime64 columns ask NumPy for a timedelta without a unit wherever a date is
            # missing, which NumPy deprecates and will refuse; column_values reads the text as the feature path would.
            meta, fids, geometries, data = pyogrio.raw.read(
                self.source_name, layer=self.layer_name, return_fids=True, datetime_as_string=True, **options
            )
        except Exception as error:  # pyogrio's own errors: the feature path reads the file and reports
            raise BulkNotApplicable([ImportIssue(MSG_NOT_BULK)]) from error
        columns = [column_values(array, kind) for array, kind in zip(data, meta["ogr_types"], strict=True)]
        return meta, fids, geometries, columns

    def _line(self, number: int, fid: int, wkb, attributes: dict, outcome: BulkOutcome) -> str:
        """The COPY line of one feature; a feature whose attributes may be bad is a suspect."""
        self.fids[number] = fid
        identity = self.mapper.identity(attributes)
        if identity is not None:
            outcome.identities.append((identity, number))
        geometry = wkb.hex() if wkb is not None else r"\N"
        try:
            values, area, links = self.mapper.values(attributes)
            cells = [str(area.pk)]
            for f, encode, default, fits in self.encoders:
                value = values.get(f.name)
                if value is None:
                    cells.append(default)
                elif fits(value):
                    cells.append(encode(value))
                else:
                    raise ValidationError("")  # too long or too large: full_clean says so
            admin = values.get("admin_area")
            if admin is not None and admin.area_id != area.pk:
                raise ValidationError("")  # an admin area of another country: full_clean says so
        except ValidationError:
            self.suspects.add(number)  # staged for its geometry's checks only
            return f"{number}\t{geometry}" + "\t\\N" * (len(self.fields) + 1)
        if links:
            self.links.extend((number, hazard.pk) for hazard in links)
        return f"{number}\t{geometry}\t" + "\t".join(cells)

    def _copy(self, cursor, lines: list[str]) -> None:
        columns = ", ".join(["rownum", "geometry", "area_id", *[f.column for f in self.fields]])
        with cursor.cursor.copy(f"COPY {STAGE} ({columns}) FROM STDIN") as copy:
            for start in range(0, len(lines), COPY_CHUNK):
                copy.write("".join(line + "\n" for line in lines[start : start + COPY_CHUNK]))

    # ----------------------------------------------------------------------------------------------- checks

    def _final(self, column: str) -> str:
        """SQL: the staged geometry as stored, a 2D multipolygon in WGS 84 (for rows whose geometry checked)."""
        flat = f"ST_SetSRID(ST_Force2D({column}), {self.srid})"
        return f"ST_Multi({flat if self.srid == WGS84 else f'ST_Transform({flat}, {WGS84})'})"

    def _sql_suspects(self, cursor) -> set[int]:
        """Rows the feature path must settle: an unreadable, unusable, invalid or off-the-globe geometry (projected
        coordinates without their CRS), a value a check refuses, a reference already stored."""
        g = "geometry"
        in_range = " AND ".join(
            f"abs({f}({g})) <= {MAX_COORDINATE}" for f in ("ST_XMin", "ST_XMax", "ST_YMin", "ST_YMax")
        )
        checks = [
            f"CASE WHEN {g} IS NULL OR ST_IsEmpty({g}) THEN true "
            f"WHEN ST_GeometryType(ST_Force2D({g})) NOT IN ('ST_Polygon', 'ST_MultiPolygon') THEN true "
            f"WHEN NOT ({in_range}) THEN true ELSE (SELECT NOT (ST_IsValid(f) AND f @ {GLOBE}) "
            f"FROM (SELECT {self._final(g)} AS f) final) END",
            *[f"({sql}) IS FALSE" for sql in _check_sql(self.model)],
        ]
        table = self.model._meta.db_table
        try:
            with transaction.atomic():  # a geometry PostGIS cannot read or transform: the feature path's
                cursor.execute(f"SELECT rownum FROM {STAGE} WHERE {' OR '.join(checks)}")
                suspects = {rownum for (rownum,) in cursor.fetchall()}
        except DatabaseError as error:
            raise BulkNotApplicable([ImportIssue(MSG_NOT_BULK)]) from error
        cursor.execute(
            f"SELECT s.rownum FROM {STAGE} s JOIN {table} t ON t.area_id = s.area_id AND t.reference = s.reference "
            "WHERE s.reference <> ''"
        )
        return suspects | {rownum for (rownum,) in cursor.fetchall()}

    def _settle(self, cursor, outcome: BulkOutcome) -> None:
        """The suspects through the feature path, read again from the file by feature id."""
        numbers = sorted(self.suspects)
        by_fid = {self.fids[number]: number for number in numbers}
        bad_geometry = set()
        for start in range(0, len(numbers), BATCH):
            fids = [self.fids[number] for number in numbers[start : start + BATCH]]
            meta, read_fids, geometries, columns = self._read(fids=fids)
            names = [name.lower() for name in meta["fields"]]
            for fid, wkb, row in zip(read_fids.tolist(), geometries, zip(*columns, strict=True), strict=True):
                number = by_fid[fid]
                attributes = dict(zip(names, row, strict=True))
                ogr = OGRGeometry(memoryview(wkb)) if wkb is not None else None
                item = geo_feature_check(number, attributes, ogr, self.srs, repair=self.repair)
                if isinstance(item, ImportIssue):
                    outcome.geometry_issues.append(item)
                    bad_geometry.add(number)
                    continue
                try:
                    self.mapper.record(item, by=self.by, initial_status=self.initial_status)
                except ValidationError as error:
                    outcome.record_issues.extend(feature_issues(number, error))
                    continue
                if item.repaired:
                    outcome.repaired.append((number, item.repaired))
                cursor.execute(
                    f"UPDATE {STAGE} SET fixed = %s WHERE rownum = %s", [item.geometry.hexewkb.decode(), number]
                )
        outcome.geometry_issues.sort(key=lambda issue: issue.row)
        outcome.record_issues.sort(key=lambda issue: issue.row)
        outcome.repaired.sort()
        outcome.identities = [(key, n) for key, n in outcome.identities if n not in bad_geometry]

    def _records(self, cursor) -> list:
        """Unsaved records for a preview: what the rows would be (their geometry read only when looked at)."""
        names = ["reference", "name", "reported_area_m2"]
        cursor.execute(
            f"SELECT rownum, area_id, {', '.join(names)}, "
            f"encode(ST_AsEWKB(COALESCE(fixed, {self._final('geometry')})), 'hex') FROM {STAGE} ORDER BY rownum"
        )
        areas = {area.pk: area for area in self.mapper.areas.values()}
        return [
            self.model(
                area=areas[area_id],
                geometry=geometry,
                source_locator=self.mapper.source_locator(rownum),
                **dict(zip(names, values, strict=True)),
            )
            for rownum, area_id, *values, geometry in cursor.fetchall()
        ]


def feature_issues(number: int, error: ValidationError) -> list[ImportIssue]:
    if hasattr(error, "error_dict"):
        return [
            ImportIssue(message, row=number, column=name, unit="feature")
            for name, messages in error.message_dict.items()
            for message in messages
        ]
    return [ImportIssue(message, row=number, unit="feature") for message in error.messages]


def _srid(srs) -> int:
    """The layer CRS's EPSG code, which PostGIS must know; else the feature path transforms with GDAL."""
    srs.identify_epsg()
    srid = srs.srid
    if srid is None:
        raise BulkNotApplicable([ImportIssue(MSG_NOT_BULK)])
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM spatial_ref_sys WHERE srid = %s", [srid])
        if cursor.fetchone() is None:
            raise BulkNotApplicable([ImportIssue(MSG_NOT_BULK)])
    return srid


def _encoder(f) -> tuple:
    """(COPY text of a value, of the field's default, whether a value fits the column) for one model field."""
    default = _copy_text(f.get_default())
    if f.is_relation:
        return (lambda value: str(value.pk)), default, (lambda value: True)
    if isinstance(f, models.IntegerField):
        low, high = connection.ops.integer_field_range(f.get_internal_type())
        low = -(2**63) if low is None else low
        high = 2**63 - 1 if high is None else high
        return str, default, (lambda value: low <= value <= high)
    if isinstance(f, models.CharField | models.TextField) and not f.choices:
        length = f.max_length or 2**31
        return _escape, default, (lambda value: len(value) <= length)
    memo: dict = {}  # choices and dates: few distinct values

    def encode(value) -> str:
        text = memo.get(value)
        if text is None:
            text = memo[value] = _copy_text(value)
        return text

    return encode, default, (lambda value: True)


def _escape(text: str) -> str:
    """Text in COPY's text format."""
    if "\\" in text or "\t" in text or "\n" in text or "\r" in text:
        return _copy_text(text)
    return text


def _check_sql(model) -> list[str]:
    """The model's CHECK constraints as Django writes them (but geometry validity, checked on the WGS 84 shape)."""
    with connection.schema_editor(collect_sql=True) as editor:
        return [
            c._get_check_sql(model, editor)
            for c in model._meta.constraints
            if isinstance(c, models.CheckConstraint) and not c.name.endswith("_geometry_valid")
        ]


def _new_record_values(model, *, by, initial_status: str) -> dict:
    """What a new record gets besides the file's values: review status, submitter, times, the fields' defaults."""
    now = dt.datetime.now(dt.UTC)
    values = {
        "status": initial_status,
        "submitted_by_id": getattr(by, "pk", None),
        "created_at": now,
        "updated_at": now,
    }
    for f in model._meta.concrete_fields:
        if f.name in (
            "status_changed_at",
            "reviewed_by",
            "partner_organisation",
            "retraction_reason",
            "version",
            "source_quote",
        ):
            values[f.column] = f.get_db_prep_save(f.get_default(), connection)
    return values
