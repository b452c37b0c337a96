"""HXL hashtags for the columns of computed answers (treaty status, summaries, coverage, profiles, hazard areas).

Lists of stored records carry the hashtags their import resource declares (kb/services/imports/); computed answers
reuse those declarations where a column means the same thing (a summary's `killed.sum` is `#affected+killed`, as the
casualties column), name places, dates and statuses with the HXL dictionary's hashtags, and keep `#meta` for what
the dictionary has no hashtag for. Hashtags and attributes: https://hxlstandard.org/standard/dictionary/"""

import re

from kb.services.export_columns import LEADING, TRAILING
from kb.services.imports.casualties import CasualtyRecordResource
from kb.services.imports.statistics import COMMON_HXL

# Whole flattened column names (nested objects flattened with dots, `area.iso3`).
COLUMNS = {
    "area": "#country+code",
    "area.iso3": "#country+code",
    "area_name": "#country+name",
    "area.name": "#country+name",
    "area.name_en": "#country+name+i_en",
    "area.name_uk": "#country+name+i_uk",
    "area.name_ru": "#country+name+i_ru",
    "area.iso2": "#country+code+iso2",
    "area.kind": "#country+type",
    "area.latitude": "#geo+lat",
    "area.longitude": "#geo+lon",
    "admin_area": "#loc+code",
    "admin_area.pcode": "#loc+code",
    "admin_area.name": "#loc+name",
    "pcode": "#loc+code",
    "year": "#date+year",
    "on": "#date",
    "period": "#meta+period",
    "treaty": "#meta+treaty+code",
    "status": "#status",
    "is_bound": "#status+bound",
    "notes": "#description",
    "description": "#description",
    "statistic": "#indicator+name",
    "present": "#indicator+present",
    "records": "#meta+records",
    "sources": "#meta+source",
    "source.slug": "#meta+source",
    "source.title": "#meta+source+title",
    "source.url": "#meta+source+url",
    "reference": "#loc+code+hazard",
    **{column.name: column.hxl for column in (*LEADING, *TRAILING)},
}
# Columns of the casualty summary: its groups and measures are the casualties resource's columns.
CASUALTY_COLUMNS = {**COMMON_HXL, **CasualtyRecordResource.hxl}
DATE_SUFFIX = re.compile(r"^(?P<stem>[a-z0-9_]+)_on$")


def _attribute(name: str) -> str:
    """A column name as HXL attributes: each starts with a letter, then letters, digits and underscores."""
    parts = [part for part in re.split(r"[^a-z0-9_]+", name.lower()) if part]
    return "+".join(part if part[0].isalpha() else f"n{part}" for part in parts)


def hxl_tag(column: str) -> str:
    """The hashtag (with attributes) of one flattened column of a computed answer."""
    if column in COLUMNS:
        return COLUMNS[column]
    head, _, tail = column.partition(".")
    if head == "group":  # casualties/summary: group.year, group.area, group.sex, ...
        return hxl_tag(tail) if tail in COLUMNS else CASUALTY_COLUMNS.get(tail, f"#meta+{_attribute(tail)}")
    if head in CASUALTY_COLUMNS and tail == "sum":  # a measure's sum is the measure
        return CASUALTY_COLUMNS[head]
    if head in CASUALTY_COLUMNS and tail:
        return f"#meta+{_attribute(tail)}+{_attribute(head)}"
    leaf = column.rsplit(".", 1)[-1]
    if match := DATE_SUFFIX.match(leaf):  # signed_on, in_force_on, withdrawal_effective_on, ...
        return f"#date+{_attribute(match['stem'])}"
    if leaf.endswith("_m2"):  # areas in square metres: numbers
        return f"#indicator+{_attribute(leaf)}+num"
    return f"#meta+{_attribute(column)}"
