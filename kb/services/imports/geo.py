"""Importing hazard areas and land-release activities from a field system's GIS export (docs/maps.md).

Attributes map to fields as kb/services/imports/geo_mapping.py says. All-or-nothing like CSV imports: every bad
feature is reported with its number and reason, and nothing is written unless all are good; a dry run reports
what would be written."""

import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import pghistory
from django.core.exceptions import ValidationError
from django.db import transaction

from kb.choices import ReviewStatusChoices
from kb.models import Area, Source
from kb.services.imports.errors import BulkNotApplicable, ImportIssue, ImportRejected
from kb.services.imports.geo_bulk import GeoBulkImport, feature_issues, geo_bulk_applicable
from kb.services.imports.geo_mapping import GEO_RESOURCES, FeatureMapper
from kb.services.imports.geo_read import GeoFeature, geo_features_read, geo_layer_open
from kb.services.review import can_review

MSG_NOT_REVIEWER = "Only a reviewer may import records straight into publication."
MSG_RESOURCE = "Unknown layer {name!r}; use one of: {names}."
MSG_DUPLICATE = "The reference {reference!r} appears twice in the file (features {first} and {second})."
MSG_REPAIRED = "Feature {number}: invalid geometry repaired ({reason})."


@dataclass
class GeoImportResult:
    resource: str
    features: int = 0
    created: int = 0
    repaired: list[str] = field(default_factory=list)
    dry_run: bool = False
    records: list = field(default_factory=list)  # the validated, unsaved (dry run) or saved records

    @property
    def count(self) -> int:
        """Records imported, or that would be (a dry run)."""
        return len(self.records) if self.dry_run else self.created


def geo_import(
    *,
    resource: str,
    path: Path,
    source: Source,
    by=None,
    country: Area | None = None,
    repair: bool = True,
    dry_run: bool = False,
    initial_status: str = ReviewStatusChoices.DRAFT,
    bulk: bool | None = None,
    keep_records: bool = False,
) -> GeoImportResult:
    """Import every feature of the file as a `resource` record, or nothing. Raises ImportRejected with one issue
    per bad feature (its number and reason); `dry_run` validates everything and writes nothing.

    Large GeoPackage, Shapefile and GeoJSON files take the bulk path (`bulk`: force it on or off), which gives the
    same rows and messages; it keeps the unsaved records (`result.records`) for a dry run, or if `keep_records`."""
    if resource not in GEO_RESOURCES:
        raise ImportRejected([ImportIssue(MSG_RESOURCE.format(name=resource, names=", ".join(GEO_RESOURCES)))])
    model, attributes = GEO_RESOURCES[resource]
    if by is not None and initial_status != ReviewStatusChoices.DRAFT and not can_review(by, model):
        raise ImportRejected([ImportIssue(MSG_NOT_REVIEWER)])
    mapper = FeatureMapper(model=model, attributes=attributes, country=country, source=source, locator=Path(path).name)
    options = {"by": by, "repair": repair, "dry_run": dry_run, "initial_status": initial_status}
    driver, source_name, layer, srs = geo_layer_open(path=Path(path))
    mapper.layer_fields(layer.fields)
    if geo_bulk_applicable(driver, layer, bulk):
        try:
            importer = GeoBulkImport(mapper=mapper, source_name=source_name, layer=layer, srs=srs, **options)
            return _import_bulk(importer, resource=resource, path=Path(path), keep_records=keep_records or dry_run)
        except BulkNotApplicable:
            pass  # the feature path reads every file GDAL does
    return _import_features(mapper, resource=resource, path=Path(path), **options)


def _import_features(mapper, *, resource: str, path: Path, by, repair, dry_run, initial_status) -> GeoImportResult:
    """A GDAL feature, a GEOS geometry and a full_clean'd record per feature."""
    read = geo_features_read(path=path, repair=repair)
    issues = [item for item in read if isinstance(item, ImportIssue)]
    features = [item for item in read if isinstance(item, GeoFeature)]
    built = []  # (feature number, record, hazard areas it releases)
    for feature in features:
        try:
            built.append((feature.number, *mapper.record(feature, by=by, initial_status=initial_status)))
        except ValidationError as error:
            issues.extend(feature_issues(feature.number, error))
    issues.extend(_duplicates([(mapper.identity(feature.attributes), feature.number) for feature in features]))
    if issues:
        raise ImportRejected(sorted(issues, key=lambda issue: issue.row or 0))
    result = GeoImportResult(resource=resource, features=len(read), dry_run=dry_run)
    result.repaired = [MSG_REPAIRED.format(number=f.number, reason=f.repaired) for f in features if f.repaired]
    result.records = [record for _number, record, _links in built]
    if not dry_run:
        _write(mapper.model, built, reason=f"import of {path.name}")
        result.created = len(built)
    return result


def _import_bulk(importer: GeoBulkImport, *, resource: str, path: Path, keep_records: bool) -> GeoImportResult:
    """The same checks, messages and rows as _import_features, in sets (kb/services/imports/geo_bulk.py)."""
    with transaction.atomic(), pghistory.context(reason=f"import of {path.name}"):
        outcome = importer.check(keep_records=keep_records)
        issues = [*outcome.geometry_issues, *outcome.record_issues, *_duplicates(outcome.identities)]
        if issues:
            raise ImportRejected(sorted(issues, key=lambda issue: issue.row or 0))
        result = GeoImportResult(resource=resource, features=outcome.count, dry_run=importer.dry_run)
        result.repaired = [MSG_REPAIRED.format(number=number, reason=reason) for number, reason in outcome.repaired]
        result.records = outcome.records
        if not importer.dry_run:
            result.created = importer.write()
    return result


def geo_import_content(*, content: bytes, filename: str, **options) -> GeoImportResult:
    """geo_import for an uploaded file's bytes: GDAL reads files, so they go to a private temporary directory under
    the upload's own name (its suffix says the format; a Shapefile's parts stay inside its zip)."""
    with tempfile.TemporaryDirectory(prefix="kb-geo-") as directory:
        path = Path(directory) / Path(filename).name
        path.write_bytes(content)
        return geo_import(path=path, **options)


@transaction.atomic
def _write(model, built, *, reason: str) -> None:
    with pghistory.context(reason=reason):
        created = model.objects.bulk_create([record for _number, record, _links in built])
        for record, (_number, _record, links) in zip(created, built, strict=True):
            if links:
                record.hazard_areas.set(links)


def _duplicates(identities: list[tuple]) -> list[ImportIssue]:
    """References repeated in the file: (country code, reference) of each good feature, with its number."""
    seen, issues = {}, []
    for key, number in identities:
        if key is None:
            continue
        if key in seen:
            message = MSG_DUPLICATE.format(reference=key[1], first=seen[key], second=number)
            issues.append(ImportIssue(message, row=number, unit="feature"))
        seen.setdefault(key, number)
    return issues
