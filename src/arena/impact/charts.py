"""Geometry of the server-drawn SVG charts: plain numbers the templates turn into <rect> and <polyline>.

No JavaScript and no inline styles (the CSP forbids them): colours are SVG presentation attributes.
Every chart also comes with its numbers as a table in the template, for screen readers and WCAG.
"""

from dataclasses import dataclass, field

from arena.impact.enums import Stage
from arena.impact.selectors import BreakdownRow, FunnelStage, SeriesPoint

WIDTH = 640
LABEL_WIDTH = 190
BAR_HEIGHT = 22
BAR_GAP = 8
# Colours that keep 3:1 contrast against white (WCAG 1.4.11 for graphical objects).
COLOURS = {
    Stage.CHALLENGE: "#1f4e79",
    Stage.MATCH: "#2e6b9e",
    Stage.MEETING: "#3b7d3b",
    Stage.FOLLOW_UP: "#5c6b12",
    Stage.PILOT: "#8a4b08",
    Stage.PROCUREMENT: "#a3341f",
    Stage.CONTRACT: "#6b2d6b",
}


@dataclass
class Bar:
    label: str
    value: int
    x: float
    y: float
    width: float
    height: float
    colour: str
    text_y: float
    value_x: float


@dataclass
class BarChart:
    width: int
    height: int
    label_width: int
    bars: list[Bar]


def _bars(items: list[tuple[str, int, str]]) -> BarChart:
    largest = max((value for _label, value, _colour in items), default=0) or 1
    room = WIDTH - LABEL_WIDTH - 60
    bars = []
    for index, (label, value, colour) in enumerate(items):
        y = index * (BAR_HEIGHT + BAR_GAP) + BAR_GAP
        width = room * value / largest
        bars.append(
            Bar(
                label=label,
                value=value,
                x=LABEL_WIDTH,
                y=y,
                width=round(width, 1),
                height=BAR_HEIGHT,
                colour=colour,
                text_y=y + BAR_HEIGHT * 0.7,
                value_x=round(LABEL_WIDTH + width + 6, 1),
            )
        )
    height = len(items) * (BAR_HEIGHT + BAR_GAP) + BAR_GAP
    return BarChart(width=WIDTH, height=max(height, 40), label_width=LABEL_WIDTH, bars=bars)


def _short(label: str, limit: int = 24) -> str:
    """Labels end at the bars' left edge; longer ones are cut (the table has them whole)."""
    return label if len(label) <= limit else label[: limit - 1].rstrip() + "…"


def funnel_chart(funnel: list[FunnelStage]) -> BarChart:
    return _bars([(row.label, row.challenges, COLOURS[row.stage]) for row in funnel])


def breakdown_chart(rows: list[BreakdownRow], stage: Stage = Stage.CHALLENGE) -> BarChart:
    return _bars([(_short(row.label), row.counts[stage], COLOURS[stage]) for row in rows[:12]])


@dataclass
class Line:
    label: str
    colour: str
    points: str
    dots: list[tuple[float, float, int]] = field(default_factory=list)


@dataclass
class Tick:
    label: str
    x: float


@dataclass
class LineChart:
    width: int
    height: int
    left: int
    bottom: int
    top: int
    lines: list[Line]
    ticks: list[Tick]
    y_ticks: list[tuple[float, int]]


SERIES_STAGES = (Stage.CHALLENGE, Stage.MEETING, Stage.PILOT, Stage.CONTRACT)


def series_chart(series: list[SeriesPoint]) -> LineChart:
    left, top, height = 40, 10, 220
    bottom = height - 40
    largest = max((point.counts[stage] for point in series for stage in SERIES_STAGES), default=0)
    largest = max(largest, 1)
    step = (WIDTH - left - 40) / max(len(series) - 1, 1)

    def y_of(value: int) -> float:
        return round(bottom - (bottom - top) * value / largest, 1)

    lines = []
    for stage in SERIES_STAGES:
        dots = [
            (round(left + index * step, 1), y_of(point.counts[stage]), point.counts[stage])
            for index, point in enumerate(series)
        ]
        lines.append(
            Line(
                label=str(stage.label),
                colour=COLOURS[stage],
                points=" ".join(f"{x},{y}" for x, y, _value in dots),
                dots=dots,
            )
        )
    every = max(1, len(series) // 8)
    ticks = [
        Tick(label=point.label, x=round(left + index * step, 1))
        for index, point in enumerate(series)
        if index % every == 0
    ]
    y_ticks = [(y_of(value), value) for value in sorted({0, largest // 2, largest})]
    return LineChart(
        width=WIDTH,
        height=height,
        left=left,
        bottom=bottom,
        top=top,
        lines=lines,
        ticks=ticks,
        y_ticks=y_ticks,
    )
