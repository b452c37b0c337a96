import datetime as dt

import pytest

from kb.periods import MSG_PERIOD_ORDER, Period, period_parse

D = dt.date


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2018", Period("year", D(2018, 1, 1), D(2018, 12, 31))),
        ("2024-02", Period("month", D(2024, 2, 1), D(2024, 2, 29))),
        ("2021-12-31", Period("as_of", D(2021, 12, 31), D(2021, 12, 31))),
        ("1999-01-01/2008-12-31", Period("range", D(1999, 1, 1), D(2008, 12, 31))),
        (" 2018 ", Period("year", D(2018, 1, 1), D(2018, 12, 31))),
    ],
)
def test_period_notation_round_trips(text, expected):
    assert period_parse(text) == expected
    assert str(expected) == text.strip()


@pytest.mark.parametrize("text", ["", "18", "2018-13", "2018/2019", "31/12/2021", "2021-02-30", "2018-1"])
def test_unreadable_periods(text):
    with pytest.raises(ValueError, match="Unreadable period"):
        period_parse(text)


def test_range_ending_before_it_starts():
    with pytest.raises(ValueError, match=str(MSG_PERIOD_ORDER)):
        period_parse("2020-01-01/2019-01-01")
