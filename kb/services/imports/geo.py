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
from kb.services.imports.errors import ImportIssue, ImportRejected
from kb.services.imports.geo_mapping import GEO_RESOURCES, FeatureMapper
from kb.services.imports.geo_read import GeoFeature, geo_features_read
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
) -> GeoImportResult:
    """Import every feature of the file as a `resource` record, or nothing. Raises ImportRejected with one issue
    per bad feature (its number and reason); `dry_run` validates everything and writes nothing."""
    if resource not in GEO_RESOURCES:
        raise ImportRejected([ImportIssue(MSG_RESOURCE.format(name=resource, names=", ".join(GEO_RESOURCES)))])
    model, attributes = GEO_RESOURCES[resource]
    if by is not None and initial_status != ReviewStatusChoices.DRAFT and not can_review(by, model):
        raise ImportRejected([ImportIssue(MSG_NOT_REVIEWER)])
    read = geo_features_read(path=Path(path), repair=repair)
    issues = [item for item in read if isinstance(item, ImportIssue)]
    features = [item for item in read if isinstance(item, GeoFeature)]
    mapper = FeatureMapper(model=model, attributes=attributes, country=country, source=source, locator=Path(path).name)
    built = []  # (feature number, record, hazard areas it releases)
    for feature in features:
        try:
            built.append((feature.number, *mapper.record(feature, by=by, initial_status=initial_status)))
        except ValidationError as error:
            issues.extend(_issues(feature.number, error))
    issues.extend(_duplicates(features, mapper))
    if issues:
        raise ImportRejected(sorted(issues, key=lambda issue: issue.row or 0))
    result = GeoImportResult(resource=resource, features=len(read), dry_run=dry_run)
    result.repaired = [MSG_REPAIRED.format(number=f.number, reason=f.repaired) for f in features if f.repaired]
    result.records = [record for _number, record, _links in built]
    if not dry_run:
        _write(model, built, reason=f"import of {Path(path).name}")
        result.created = len(built)
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


def _issues(number: int, error: ValidationError) -> list[ImportIssue]:
    if hasattr(error, "error_dict"):
        return [
            ImportIssue(message, row=number, column=name, unit="feature")
            for name, messages in error.message_dict.items()
            for message in messages
        ]
    return [ImportIssue(message, row=number, unit="feature") for message in error.messages]


def _duplicates(features, mapper) -> list[ImportIssue]:
    seen, issues = {}, []
    for feature in features:
        key = mapper.identity(feature)
        if key is None:
            continue
        if key in seen:
            message = MSG_DUPLICATE.format(reference=key[1], first=seen[key], second=feature.number)
            issues.append(ImportIssue(message, row=feature.number, unit="feature"))
        seen.setdefault(key, feature.number)
    return issues
