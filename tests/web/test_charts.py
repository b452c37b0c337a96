"""Chart geometry: axis steps and stacked segments follow the figures."""

from web.charts import Chart, Column
from web.page_charts import _unsplit


def chart(rows, **options) -> Chart:
    return Chart(
        slug="test",
        title="Test",
        label_heading="Year",
        columns=[Column("a", "A"), Column("b", "B")],
        stacked=["a", "b"],
        rows=rows,
        **options,
    )


def test_ticks_are_round_and_reach_the_largest_stack():
    assert chart([{"label": "2020", "a": 9437, "b": None}]).ticks() == [0, 2500, 5000, 7500, 10000]
    assert chart([{"label": "2020", "a": 3, "b": 4}]).ticks()[-1] >= 7
    assert chart([]).ticks() == [0]


def test_segments_stack_in_order_and_skip_missing_values():
    svg = chart([{"label": "2020", "a": 50, "b": 50}, {"label": "2021", "a": None, "b": 100}]).svg
    first, second = svg["bars"]
    assert [s["key"] for s in first["segments"]] == ["a", "b"]
    assert first["segments"][0]["length"] == first["segments"][1]["length"]
    assert [s["key"] for s in second["segments"]] == ["b"]
    assert sum(s["length"] for s in first["segments"]) == sum(s["length"] for s in second["segments"])


def test_horizontal_bars_end_where_their_value_label_starts():
    svg = chart([{"label": "Syria", "a": 834, "b": 0}], horizontal=True).svg
    bar = svg["bars"][0]
    segment = bar["segments"][0]
    assert bar["total"] == 834
    assert round(segment["x"] + segment["width"] + 4, 6) == round(bar["end_x"], 6)


def test_unsplit_is_what_a_total_leaves_unexplained():
    assert _unsplit(7073, 2492, 4561, None) == 20
    assert _unsplit(5544, None, None, None) == 5544
    assert _unsplit(100, 60, 40) is None
    assert _unsplit(None, 1, 2) is None
