"""Bar charts drawn by the site itself: inline SVG whose geometry is computed
here, in Python. No script, no inline style (the Content-Security-Policy allows
neither): colours come from classes in labsite.css. Each chart carries a title
and a description, and its page puts the same figures in a table beside it."""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django import template

register = template.Library()

# The SVG has no viewBox: it is as wide as its place and never scaled, so its
# text is drawn at the size labsite.css gives it (13px) at every width. Lengths
# down the chart are in pixels, across it in percent of its width: each row is
# its label, then its bar, the total just after the bar's end.
BAR_AREA = 86.0  # percent of the width; the rest keeps room for the largest total
LABEL_HEIGHT = 18
BAR_HEIGHT = 16
ROW_GAP = 10
PADDING = 4
VALUE_GAP = 6  # pixels between a bar's end and its total
MIN_VISIBLE = 0.5  # percent: a bar worth 1 among hundreds still shows


@dataclass(frozen=True)
class Segment:
    key: str
    label: str
    value: int
    x: float
    width: float


@dataclass(frozen=True)
class Bar:
    label: str
    total: int
    label_y: float
    y: float
    text_y: float
    value_x: float
    segments: list[Segment]


@dataclass(frozen=True)
class Chart:
    id: str
    title: str
    description: str
    height: int
    bars: list[Bar]
    legend: list[tuple[str, str]]


def _width(value: int, scale: float) -> float:
    if value <= 0:
        return 0.0
    return round(max(value * scale, MIN_VISIBLE), 1)


def bar_chart(
    *,
    chart_id: str,
    title: str,
    description: str,
    rows: Sequence[tuple[str, Sequence[tuple[str, int]]]],
    legend: Sequence[tuple[str, str]] = (),
) -> Chart:
    """Horizontal bars, one per row, each stacked from its ``(key, value)``
    parts; ``legend`` names the keys (left out for a single series)."""
    names = dict(legend)
    largest = max((sum(value for _key, value in parts) for _label, parts in rows), default=0)
    scale = BAR_AREA / largest if largest else 0.0
    bars = []
    for index, (label, parts) in enumerate(rows):
        top = PADDING + index * (LABEL_HEIGHT + BAR_HEIGHT + ROW_GAP)
        y = top + LABEL_HEIGHT
        x = 0.0
        segments = []
        for key, value in parts:
            width = _width(value, scale)
            segments.append(Segment(key=key, label=str(names.get(key, label)), value=value, x=round(x, 1), width=width))
            x += width
        bars.append(
            Bar(
                label=str(label),
                total=sum(value for _key, value in parts),
                label_y=top + LABEL_HEIGHT / 2,
                y=y,
                text_y=y + BAR_HEIGHT / 2,
                value_x=round(x, 1),
                segments=segments,
            )
        )
    height = 2 * PADDING + max(len(rows), 1) * (LABEL_HEIGHT + BAR_HEIGHT + ROW_GAP) - ROW_GAP
    return Chart(
        id=chart_id,
        title=str(title),
        description=str(description),
        height=height,
        bars=bars,
        legend=[(key, str(name)) for key, name in legend],
    )


@register.inclusion_tag("labsite/bar_chart.html")
def svg_bar_chart(chart: Chart) -> dict[str, Any]:
    return {"chart": chart, "bar_height": BAR_HEIGHT, "value_gap": VALUE_GAP}
