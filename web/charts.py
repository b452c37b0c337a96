"""Bar charts drawn on the server as SVG, each with the table it was drawn from.

No JavaScript: the page shows the SVG, the same numbers as an HTML table, and a link to them as CSV."""

import math
from dataclasses import dataclass, field

from django.utils.formats import number_format

WIDTH = 640
PLOT_HEIGHT = 220
MARGIN_LEFT = 64  # room for the value axis labels
MARGIN_BOTTOM = 28  # room for the category labels
LABEL_WIDTH = 170  # horizontal charts: room for the category names
ROW_HEIGHT = 26


@dataclass(frozen=True)
class Column:
    key: str
    label: str


@dataclass
class Chart:
    """`rows` are dicts with a "label", one value per column key (int or None) and optionally "source" and
    "note". The keys in `stacked` are drawn as bar segments in that order; the others appear in the table only."""

    slug: str
    title: str
    label_heading: str
    columns: list[Column]
    stacked: list[str]
    rows: list[dict] = field(default_factory=list)
    horizontal: bool = False
    description: str = ""
    csv_url: str = ""

    @property
    def series(self) -> list[dict]:
        labels = {column.key: column.label for column in self.columns}
        return [{"key": key, "label": labels[key], "index": index} for index, key in enumerate(self.stacked)]

    @property
    def maximum(self) -> int:
        sums = [sum(row.get(key) or 0 for key in self.stacked) for row in self.rows]
        return max(sums, default=0)

    def ticks(self) -> list[int]:
        """Round values for the value axis: 0 and up to four steps reaching the maximum."""
        top = self.maximum
        if top <= 0:
            return [0]
        raw = top / 4
        magnitude = 10 ** math.floor(math.log10(raw))
        step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
        count = math.ceil(top / step)
        return [int(step * i) for i in range(count + 1)]

    @property
    def height(self) -> int:
        if self.horizontal:
            return ROW_HEIGHT * len(self.rows) + MARGIN_BOTTOM
        return PLOT_HEIGHT + MARGIN_BOTTOM

    @property
    def svg(self) -> dict:
        """Geometry for the template: bars (with segments), axis ticks and labels, in SVG user units."""
        ticks = self.ticks()
        scale_top = ticks[-1] or 1
        if self.horizontal:
            return self._horizontal(ticks, scale_top)
        return self._vertical(ticks, scale_top)

    def _segments(self, row, extent: float, scale_top: int) -> list[dict]:
        segments, offset = [], 0.0
        for serie in self.series:
            value = row.get(serie["key"]) or 0
            length = extent * value / scale_top
            if length > 0:
                segments.append({**serie, "offset": offset, "length": length, "value": value})
            offset += length
        return segments

    def _vertical(self, ticks, scale_top) -> dict:
        plot_width = WIDTH - MARGIN_LEFT
        band = plot_width / max(len(self.rows), 1)
        bar_width = min(band * 0.65, 60)
        bars = []
        for position, row in enumerate(self.rows):
            x = MARGIN_LEFT + band * position + (band - bar_width) / 2
            segments = [
                {**segment, "x": x, "y": PLOT_HEIGHT - segment["offset"] - segment["length"], "width": bar_width}
                for segment in self._segments(row, PLOT_HEIGHT - 10, scale_top)
            ]
            bars.append({"label": row["label"], "label_x": x + bar_width / 2, "segments": segments})
        axis = [
            {
                "value": tick,
                "text": number_format(tick, force_grouping=True),
                "y": PLOT_HEIGHT - (PLOT_HEIGHT - 10) * tick / scale_top,
            }
            for tick in ticks
        ]
        return {"bars": bars, "axis": axis, "label_y": PLOT_HEIGHT + 18, "plot_left": MARGIN_LEFT, "width": WIDTH}

    def _horizontal(self, ticks, scale_top) -> dict:
        extent = WIDTH - LABEL_WIDTH - 20
        bars = []
        for position, row in enumerate(self.rows):
            y = ROW_HEIGHT * position + 4
            segments = [
                {**segment, "x": LABEL_WIDTH + segment["offset"], "y": y, "width": segment["length"], "height": 18}
                for segment in self._segments(row, extent, scale_top)
            ]
            given = [row[key] for key in self.stacked if row.get(key) is not None]
            total = sum(given) if given else None  # nothing reported is a dash, as in the table, never 0
            end = LABEL_WIDTH + extent * (total or 0) / scale_top
            bars.append(
                {"label": row["label"], "label_y": y + 13, "segments": segments, "total": total, "end_x": end + 4}
            )
        axis = [
            {
                "value": tick,
                "text": number_format(tick, force_grouping=True),
                "x": LABEL_WIDTH + extent * tick / scale_top,
            }
            for tick in ticks
        ]
        bottom = ROW_HEIGHT * len(self.rows)
        return {"bars": bars, "axis": axis, "label_x": LABEL_WIDTH - 8, "bottom": bottom, "width": WIDTH}

    def table_rows(self) -> list[list]:
        """The values in column order, for the HTML table and the CSV file."""
        return [[row["label"], *(row.get(column.key) for column in self.columns)] for row in self.rows]
