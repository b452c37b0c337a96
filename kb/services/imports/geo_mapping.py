"""How a GIS feature's attributes become a hazard-area or land-release-activity record (docs/maps.md lists them).

Attribute names are matched case-insensitively through the aliases below, IMSMA Core's export names first; choice
values through VALUE_ALIASES (lower case, spaces and hyphens read as underscores)."""

import datetime as dt
import math
import re

from django.core.exceptions import ValidationError

from kb.choices import (
    DeviceTypeChoices,
    HazardClassChoices,
    HazardStatusChoices,
    ReleaseMethodChoices,
    ReleaseOutcomeChoices,
)
from kb.models import AdminArea, Area, HazardArea, LandReleaseActivity, Organisation

# model field -> attribute names tried in order (lower case)
COMMON_ATTRIBUTES = {
    "reference": ["hazard_id", "hazard_localid", "localid", "activity_id", "task_id", "reference", "id"],
    "name": ["hazard_name", "activity_name", "name"],
    "country": ["country_code", "iso3", "country"],
    "admin_area": ["pcode", "admin_pcode", "adm2_pcode", "adm1_pcode"],
    "operator": ["operator", "organisation", "organization", "org_name"],
    "reported_area_m2": ["estimated_area_m2", "area_m2", "estimated_area", "reported_area_m2", "area_sqm"],
    "notes": ["notes", "comments", "remarks"],
}
HAZARD_ATTRIBUTES = {
    **COMMON_ATTRIBUTES,
    "hazard_class": ["hazard_class", "hazard_type", "classification", "class"],
    "contamination_type": ["contamination_type", "hazard_contamination", "contamination", "device_type"],
    "hazard_status": ["hazard_status", "status"],
    "evidence": ["evidence", "evidence_description", "description"],
    "recorded_on": ["recorded_on", "last_update", "survey_date", "date"],
}
RELEASE_ATTRIBUTES = {
    **COMMON_ATTRIBUTES,
    "method": ["method", "activity_type", "land_release_method", "type"],
    "outcome": ["outcome", "land_release_result", "result"],
    "hazard_areas": ["hazard_ids", "hazard_id_list", "hazard_reference", "hazard_id"],
    "started_on": ["started_on", "start_date"],
    "completed_on": ["completed_on", "end_date", "completion_date"],
    "ap_mines_found": ["ap_mines_found", "ap_mines", "apm_found"],
    "av_mines_found": ["av_mines_found", "av_mines", "atm_found"],
    "improvised_mines_found": ["improvised_mines_found", "improvised_mines", "ied_found"],
    "submunitions_found": ["submunitions_found", "submunitions", "cmr_found"],
    "other_erw_found": ["other_erw_found", "uxo_found", "erw_found"],
}
# A land-release activity's own ID column must not be read as the hazard it released.
RELEASE_ATTRIBUTES["reference"] = ["activity_id", "task_id", "localid", "reference", "id"]

# normalised value (lower case, spaces/hyphens as underscores) -> stored value
VALUE_ALIASES = {
    "hazard_class": {
        "sha": HazardClassChoices.SHA,
        "suspected": HazardClassChoices.SHA,
        "suspected_hazardous_area": HazardClassChoices.SHA,
        "cha": HazardClassChoices.CHA,
        "confirmed": HazardClassChoices.CHA,
        "confirmed_hazardous_area": HazardClassChoices.CHA,
    },
    "contamination_type": {
        **{value: value for value in DeviceTypeChoices.values},
        "ap": DeviceTypeChoices.ANTI_PERSONNEL_MINE,
        "apm": DeviceTypeChoices.ANTI_PERSONNEL_MINE,
        "ap_mines": DeviceTypeChoices.ANTI_PERSONNEL_MINE,
        "av": DeviceTypeChoices.ANTI_VEHICLE_MINE,
        "atm": DeviceTypeChoices.ANTI_VEHICLE_MINE,
        "av_mines": DeviceTypeChoices.ANTI_VEHICLE_MINE,
        "ied": DeviceTypeChoices.IMPROVISED_MINE,
        "improvised_mines": DeviceTypeChoices.IMPROVISED_MINE,
        "cmr": DeviceTypeChoices.CLUSTER_SUBMUNITION,
        "cluster_munition_remnants": DeviceTypeChoices.CLUSTER_SUBMUNITION,
        "erw": DeviceTypeChoices.OTHER_ERW,
        "uxo": DeviceTypeChoices.OTHER_ERW,
    },
    "hazard_status": {
        "open": HazardStatusChoices.OPEN,
        "active": HazardStatusChoices.OPEN,
        "worked_on": HazardStatusChoices.WORKED_ON,
        "in_progress": HazardStatusChoices.WORKED_ON,
        "closed": HazardStatusChoices.CLOSED,
        "completed": HazardStatusChoices.CLOSED,
    },
    "method": {
        "nts": ReleaseMethodChoices.NON_TECHNICAL_SURVEY,
        "non_technical_survey": ReleaseMethodChoices.NON_TECHNICAL_SURVEY,
        "ts": ReleaseMethodChoices.TECHNICAL_SURVEY,
        "technical_survey": ReleaseMethodChoices.TECHNICAL_SURVEY,
        "clearance": ReleaseMethodChoices.CLEARANCE,
    },
    "outcome": {value: value for value in ReleaseOutcomeChoices.values},
}
# Without an outcome column the method says what happened to the land.
OUTCOME_OF_METHOD = {
    ReleaseMethodChoices.NON_TECHNICAL_SURVEY: ReleaseOutcomeChoices.CANCELLED,
    ReleaseMethodChoices.TECHNICAL_SURVEY: ReleaseOutcomeChoices.REDUCED,
    ReleaseMethodChoices.CLEARANCE: ReleaseOutcomeChoices.CLEARED,
}
GEO_RESOURCES = {
    "hazard-areas": (HazardArea, HAZARD_ATTRIBUTES),
    "land-release-activities": (LandReleaseActivity, RELEASE_ATTRIBUTES),
}

SHAPEFILE_NAME_LENGTH = 10
CHOICE_FIELDS = {"hazard_class", "contamination_type", "hazard_status", "method", "outcome"}
DATE_FIELDS = {"recorded_on", "started_on", "completed_on"}
COUNT_FIELDS = {
    "reported_area_m2",
    "ap_mines_found",
    "av_mines_found",
    "improvised_mines_found",
    "submunitions_found",
    "other_erw_found",
}
TEXT_FIELDS = {"reference", "name", "notes", "evidence"}

MSG_VALUE = "Unknown value {value!r}; use one of: {choices}."
MSG_MISSING = "No value (looked for the attributes {names})."
MSG_COUNTRY = "Unknown country or area code {code!r}."
MSG_PCODE = "Unknown admin area p-code {pcode!r}."
MSG_OPERATOR = "Unknown organisation {name!r}: add it in the admin first."
MSG_HAZARD = "Unknown hazard area {reference!r} in {country}."
MSG_DATE = "Not a date (YYYY-MM-DD): {value!r}."
MSG_NUMBER = "Not a whole number of zero or more: {value!r}."


class FeatureMapper:
    """Builds one unsaved, validated record per feature; looks reference data up once per file."""

    def __init__(self, *, model, attributes: dict, country: Area | None, source, locator: str):
        self.model = model
        self.attributes = attributes
        self.country = country
        self.source = source
        self.locator = locator
        self.areas = {area.code: area for area in Area.objects.all()}
        self.admin_areas = {admin.pcode: admin for admin in AdminArea.objects.all()}
        self.organisations = {org.name.lower(): org for org in Organisation.objects.all()}
        self._hazards: dict | None = None
        self._read: dict = {}
        self._keys: dict[str, list[str]] = {}
        self.layer_fields([])

    def record(self, feature, *, by, initial_status: str):
        """(record, hazard areas it releases) for the feature; ValidationError naming every bad attribute."""
        values, area, links = self.values(feature.attributes)
        record = self.model(
            **{name: value for name, value in values.items() if value is not None},
            area=area,
            geometry=feature.geometry,
            source=self.source,
            source_locator=self.source_locator(feature.number),
            status=initial_status,
            submitted_by=by,
        )
        record.full_clean(exclude=["computed_area_m2"])
        return record, links

    def values(self, attributes: dict) -> tuple[dict, Area, list[HazardArea]]:
        """(field values, country, hazard areas it releases) the attributes give; ValidationError naming every bad
        attribute. The model's own rules (lengths, constraints, uniqueness) are left to `record`."""
        errors: dict[str, list[str]] = {}
        values: dict = {}
        for name, keys in self._keys.items():
            value = _first(attributes, keys)
            if value is None:
                values[name] = None
                continue
            try:
                values[name] = self._value_read(name, value)
            except ValidationError as error:
                errors.setdefault(name, []).extend(error.messages)
        for name in self._required():
            if values.get(name) in (None, "") and name not in errors:
                errors[name] = [MSG_MISSING.format(names=", ".join(self.attributes[name]))]
        if errors:
            raise ValidationError(errors)
        area = values.pop("country") or self.country
        if area is None:
            raise ValidationError({"country": [MSG_MISSING.format(names=", ".join(self.attributes["country"]))]})
        links = self._links(values.pop("hazard_areas", None), area)
        if self.model is LandReleaseActivity and not values.get("outcome"):
            values["outcome"] = OUTCOME_OF_METHOD.get(values.get("method"))
        return values, area, links

    def layer_fields(self, names: list[str]) -> None:
        """Look up only the attribute names the layer has (its features all have the same ones), in the order
        the aliases give; Shapefiles cut names to 10 characters (contamination_type -> contaminat)."""
        present = {name.lower() for name in names}
        self._keys = {
            name: [
                key
                for alias in aliases
                for key in dict.fromkeys((alias, alias[:SHAPEFILE_NAME_LENGTH]))
                if key in present
            ]
            for name, aliases in self.attributes.items()
        }

    def _value_read(self, name: str, value):
        """_value, each distinct value of a choice, date or reference field read once per file."""
        if name in TEXT_FIELDS or name in COUNT_FIELDS:
            return self._value(name, value)
        key = (name, type(value), value)
        found = self._read.get(key)
        if found is None:
            try:
                found = self._read[key] = (self._value(name, value), None)
            except ValidationError as error:
                found = self._read[key] = (None, error)
        if found[1] is not None:
            raise ValidationError(found[1].messages)
        return found[0]

    def source_locator(self, number: int) -> str:
        return f"{self.locator}, feature {number}"[:300]

    def identity(self, attributes: dict) -> tuple[str, str] | None:
        """(country code, reference) as the file states them, to find references repeated in one file."""
        reference = _first(attributes, self._keys["reference"])
        if reference is None:
            return None
        country = _first(attributes, self._keys["country"])
        code = str(country).strip().upper() if country else (self.country.code if self.country else "")
        return code, str(reference).strip()

    def _required(self) -> list[str]:
        if self.model is HazardArea:
            return ["hazard_class", "contamination_type"]
        return ["method"]

    def _value(self, name: str, value):
        if value is None:
            return None
        if name in CHOICE_FIELDS:
            return _choice(name, value)
        if name in DATE_FIELDS:
            return _date(value)
        if name in COUNT_FIELDS:
            return _count(value)
        if name in TEXT_FIELDS:
            return str(value).strip()
        return self._lookup(name, str(value).strip())

    def _lookup(self, name: str, text: str):
        if name == "country":
            return _found(self.areas.get(text.upper()), MSG_COUNTRY.format(code=text))
        if name == "admin_area":
            return _found(self.admin_areas.get(text.upper()), MSG_PCODE.format(pcode=text))
        if name == "operator":
            return _found(self.organisations.get(text.lower()), MSG_OPERATOR.format(name=text))
        return text  # hazard_areas: resolved once the country is known

    def _links(self, text: str | None, area: Area) -> list[HazardArea]:
        if not text:
            return []
        if self._hazards is None:
            self._hazards = {
                (hazard.area_id, hazard.reference): hazard for hazard in HazardArea.objects.exclude(reference="")
            }
        links = []
        for reference in (part.strip() for part in text.replace(",", ";").split(";")):
            if reference:
                hazard = self._hazards.get((area.pk, reference))
                links.append(_found(hazard, MSG_HAZARD.format(reference=reference, country=area.code), "hazard_areas"))
        return links


def _first(attributes: dict, keys: list[str]):
    """The first of the attributes that has a value."""
    for key in keys:
        value = attributes.get(key)
        if value is not None and value != "":
            return value
    return None


def _found(value, message: str, field: str | None = None):
    if value is None:
        raise ValidationError({field: [message]} if field else message)
    return value


def _choice(name: str, value) -> str:
    key = str(value).strip().lower().replace(" ", "_").replace("-", "_")
    aliases = VALUE_ALIASES[name]
    if key not in aliases:
        raise ValidationError(MSG_VALUE.format(value=value, choices=", ".join(sorted(set(aliases.values())))))
    return aliases[key]


def _date(value) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip()[:10])
    except ValueError as error:
        raise ValidationError(MSG_DATE.format(value=value)) from error


# A comma only between groups of three digits ("12,500"): "2500,75" is a decimal comma, not 250,075.
THOUSANDS = re.compile(r"^[+-]?\d{1,3}(,\d{3})+(\.\d*)?$")


def _count(value) -> int:
    text = str(value).strip()
    if "," in text:
        if not THOUSANDS.match(text):
            raise ValidationError(MSG_NUMBER.format(value=value))
        text = text.replace(",", "")
    try:
        number = float(text)
    except ValueError as error:
        raise ValidationError(MSG_NUMBER.format(value=value)) from error
    if not math.isfinite(number) or number < 0:
        raise ValidationError(MSG_NUMBER.format(value=value))
    return round(number)
