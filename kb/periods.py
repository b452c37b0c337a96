"""Periods as one text value: "2018" (year), "2025-12" (month), "2021-12-31" (as of), "2019-01-01/2020-06-30" (range).

The same text is read by imports and the admin and written by exports, so a period round-trips unchanged.
"""

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from kb.choices import PeriodKindChoices as Kind

MSG_PERIOD = (
    "Unreadable period {value!r}: use a year (2018), a month (2025-12), an as-of date (2021-12-31) "
    "or a range (2019-01-01/2020-06-30)."
)
# Also the message of the constraint on every period (kb/models/base.py) and of the admin's period widget.
MSG_PERIOD_ORDER = _("The period ends before it starts.")


class PeriodOrderError(ValueError):
    """A range whose end is before its start (reported as such, not as an unreadable period)."""


_YEAR = re.compile(r"^\d{4}$")
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")


@dataclass(frozen=True)
class Period:
    kind: str
    start: dt.date
    end: dt.date

    def __str__(self) -> str:
        return period_format(self.kind, self.start, self.end)


def period_parse(text: str) -> Period:
    """Parse the period notation; raises ValueError with MSG_PERIOD or MSG_PERIOD_ORDER."""
    value = (text or "").strip()
    try:
        if _YEAR.match(value):
            year = int(value)
            return Period(Kind.YEAR, dt.date(year, 1, 1), dt.date(year, 12, 31))
        if match := _MONTH.match(value):
            year, month = int(match[1]), int(match[2])
            return Period(
                Kind.MONTH, dt.date(year, month, 1), dt.date(year, month, calendar.monthrange(year, month)[1])
            )
        if "/" in value:
            first, last = (dt.date.fromisoformat(part.strip()) for part in value.split("/", 1))
            if last < first:
                raise PeriodOrderError(str(MSG_PERIOD_ORDER))
            return Period(Kind.RANGE, first, last)
        day = dt.date.fromisoformat(value)
        return Period(Kind.AS_OF, day, day)
    except PeriodOrderError:
        raise
    except ValueError:
        raise ValueError(MSG_PERIOD.format(value=value)) from None


def period_format(kind: str, start: dt.date, end: dt.date) -> str:
    if kind == Kind.YEAR:
        return f"{start.year:04d}"
    if kind == Kind.MONTH:
        return f"{start.year:04d}-{start.month:02d}"
    if kind == Kind.AS_OF:
        return start.isoformat()
    return f"{start.isoformat()}/{end.isoformat()}"


def precise_date_format(day: dt.date, precision: str) -> str:
    """A date as precisely as its source gives it (DatePrecisionChoices): 2024-11-01, 2024-11 or 2028."""
    return day.isoformat()[: {"year": 4, "month": 7}.get(precision, 10)]
