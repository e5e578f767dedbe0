"""Charts as server-rendered SVG: the geometry is computed here, the template only draws it.

No JavaScript and no build step. Each chart carries its title and a description (for <title> and
<desc>), and the same numbers as a table, so it reads without the picture too.
"""

import math
from dataclasses import dataclass, field

WIDTH = 640
PALETTE = ("s0", "s1", "s2", "s3")


@dataclass
class Bar:
    x: float
    y: float
    w: float
    h: float
    css: str
    label: str  # what a screen reader / tooltip says: "Week of 4 Mar: 12 opened"
    value_text: str = ""
    text_x: float = 0
    text_y: float = 0


@dataclass
class Line:
    css: str
    points: str
    dots: list[tuple[float, float, str]]


@dataclass
class Chart:
    slug: str
    title: str
    description: str
    kind: str  # "columns", "lines" or "hbars"
    height: int
    plot: tuple[float, float, float, float]  # x, y, width, height
    legend: list[tuple[str, str]] = field(default_factory=list)  # (name, css)
    y_ticks: list[tuple[float, str]] = field(default_factory=list)
    x_labels: list[tuple[float, str]] = field(default_factory=list)
    cat_labels: list[tuple[float, str]] = field(default_factory=list)  # hbars: one per row, at its y
    bars: list[Bar] = field(default_factory=list)
    lines: list[Line] = field(default_factory=list)
    table_head: list[str] = field(default_factory=list)
    table_rows: list[list] = field(default_factory=list)
    empty: bool = False
    width: int = WIDTH

    @property
    def plot_right(self) -> float:
        return self.plot[0] + self.plot[2]

    @property
    def plot_bottom(self) -> float:
        return self.plot[1] + self.plot[3]


def nice_step(max_value: float, ticks: int = 4) -> float:
    """A round step (1, 2, 2.5, 5 × 10^n) so that `ticks` steps cover max_value."""
    if max_value <= 0:
        return 1
    raw = max_value / ticks
    magnitude = 10 ** math.floor(math.log10(raw))
    for factor in (1, 2, 2.5, 5, 10):
        if raw <= factor * magnitude:
            return factor * magnitude
    return 10 * magnitude


def _fmt(value: float) -> str:
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.1f}"


def _axis(max_value: float, top: float, height: float, ticks: int = 4):
    step = nice_step(max_value, ticks)
    if max_value > 0 and max_value / step > ticks:
        ticks += 1
    scale_max = step * max(ticks, 1)
    marks = [(top + height - height * (i * step) / scale_max, _fmt(i * step)) for i in range(ticks + 1)]
    return scale_max, marks


def _thin(labels: list[str], room: int) -> list[int]:
    """Which category labels to write along the x axis so they do not overlap."""
    if not labels:
        return []
    every = max(1, math.ceil(len(labels) / room))
    return [i for i in range(len(labels)) if i % every == 0]


def columns(slug, title, description, categories: list[str], series: list[tuple[str, list[float]]], *,
            stacked=False, unit="", height=260, table_head=None) -> Chart:
    """Vertical bars per category, grouped side by side or stacked."""
    left, top, right, bottom = 44, 28, 12, 34
    plot = (left, top, WIDTH - left - right, height - top - bottom)
    totals = [sum(s[1][i] for s in series) for i in range(len(categories))] if stacked else \
        [max((s[1][i] for s in series), default=0) for i in range(len(categories))]
    scale_max, y_ticks = _axis(max(totals, default=0), top, plot[3])
    chart = Chart(slug, title, description, "columns", height, plot, y_ticks=y_ticks,
                  legend=[(name, PALETTE[i % 4]) for i, (name, _) in enumerate(series)])
    n = max(len(categories), 1)
    slot = plot[2] / n
    gap = slot * 0.22
    for i, category in enumerate(categories):
        x = left + i * slot + gap / 2
        base = top + plot[3]
        width = slot - gap
        for j, (name, values) in enumerate(series):
            value = values[i]
            h = plot[3] * value / scale_max if scale_max else 0
            label = f"{category}: {_fmt(value)} {name.lower()}{unit}"
            if stacked:
                chart.bars.append(Bar(x, base - h, width, h, PALETTE[j % 4], label))
                base -= h
            else:
                w = width / len(series)
                chart.bars.append(Bar(x + j * w, base - h, max(w - 1, 1), h, PALETTE[j % 4], label))
    for i in _thin(categories, 9):
        chart.x_labels.append((left + i * slot + slot / 2, categories[i]))
    chart.empty = not any(totals)
    chart.table_head = table_head or ["", *[name for name, _ in series]]
    chart.table_rows = [[c, *[_fmt(s[1][i]) for s in series]] for i, c in enumerate(categories)]
    return chart


def lines(slug, title, description, categories: list[str], series: list[tuple[str, list[float]]], *,
          height=260, table_head=None) -> Chart:
    left, top, right, bottom = 44, 28, 28, 34
    plot = (left, top, WIDTH - left - right, height - top - bottom)
    peak = max((v for _, values in series for v in values), default=0)
    scale_max, y_ticks = _axis(peak, top, plot[3])
    chart = Chart(slug, title, description, "lines", height, plot, y_ticks=y_ticks,
                  legend=[(name, PALETTE[i % 4]) for i, (name, _) in enumerate(series)])
    n = len(categories)
    step = plot[2] / (n - 1) if n > 1 else 0

    def x_at(i):
        return left + (i * step if n > 1 else plot[2] / 2)

    for j, (name, values) in enumerate(series):
        points = [(x_at(i), top + plot[3] - (plot[3] * v / scale_max if scale_max else 0)) for i, v in enumerate(values)]
        chart.lines.append(Line(
            PALETTE[j % 4],
            " ".join(f"{x:.1f},{y:.1f}" for x, y in points),
            [(x, y, f"{categories[i]}: {_fmt(values[i])} {name.lower()}") for i, (x, y) in enumerate(points)],
        ))
    for i in _thin(categories, 9):
        chart.x_labels.append((x_at(i), categories[i]))
    chart.empty = peak == 0
    chart.table_head = table_head or ["", *[name for name, _ in series]]
    chart.table_rows = [[c, *[_fmt(s[1][i]) for s in series]] for i, c in enumerate(categories)]
    return chart


def hbars(slug, title, description, categories: list[str], series: list[tuple[str, list[float]]], *,
          unit="", table_head=None, table_rows=None, value_format=None) -> Chart:
    """One row per category, bars left to right (stacked when several series): long names stay readable."""
    label_w, top, right, row_h = 210, 26, 56, 26
    height = top + max(len(categories), 1) * row_h + 10
    plot = (label_w, top, WIDTH - label_w - right, height - top - 10)
    totals = [sum(s[1][i] for s in series) for i in range(len(categories))]
    scale_max = max(totals, default=0) or 1
    chart = Chart(slug, title, description, "hbars", height, plot,
                  legend=[(name, PALETTE[i % 4]) for i, (name, _) in enumerate(series)] if len(series) > 1 else [])
    fmt = value_format or _fmt
    for i, category in enumerate(categories):
        y = top + i * row_h + 4
        x = label_w
        for j, (name, values) in enumerate(series):
            w = plot[2] * values[i] / scale_max
            css = PALETTE[j % 4] if len(series) > 1 else "s0"
            chart.bars.append(Bar(x, y, w, row_h - 8, css, f"{category}: {fmt(values[i])} {name.lower()}{unit}"))
            x += w
        last = chart.bars[-1]
        last.value_text = fmt(totals[i]) + unit
        last.text_x = x + 6
        last.text_y = y + (row_h - 8) / 2 + 4
        short = category if len(category) <= 30 else category[:29] + "…"
        chart.cat_labels.append((y + (row_h - 8) / 2 + 4, short))
    chart.empty = not any(totals)
    chart.table_head = table_head or ["", *[name for name, _ in series]]
    chart.table_rows = table_rows or [[c, *[fmt(s[1][i]) for s in series]] for i, c in enumerate(categories)]
    return chart
