"""A column pyogrio read (kb/services/imports/geo_bulk.py) as the Python values the feature path reads through
GeoDjango, so both paths store the same records."""

import datetime as dt


def column_values(array, ogr_type: str) -> list:
    """A pyogrio column as the Python values GeoDjango's Feature.get gives: None for nulls, whole numbers as int."""
    values = array.tolist()
    if ogr_type in ("OFTInteger", "OFTInteger64"):
        return [None if v is None or v != v else int(v) for v in values]
    if ogr_type == "OFTReal":
        return [None if v is None or v != v else v for v in values]
    if ogr_type in ("OFTDate", "OFTDateTime"):
        return [_date_or_time(v, ogr_type) for v in values]
    return values


def _date_or_time(text: str | None, ogr_type: str):
    """A date or a date and time given as text, as GeoDjango gives it: a date, or the local time as written without
    its offset (the day the field system recorded, not the UTC one). Text no ISO reading takes stays text, which
    the mapping then reports."""
    if text is None:
        return None
    try:
        value = dt.datetime.fromisoformat(text)
    except ValueError:
        return text
    return value.date() if ogr_type == "OFTDate" else value.replace(tzinfo=None)
