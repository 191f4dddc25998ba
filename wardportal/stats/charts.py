"""Geometry of the server-rendered SVG charts (the templates draw it; the data table sits beside)."""

from dataclasses import dataclass

WIDTH = 640
HEIGHT = 220
PAD_LEFT = 40
PAD_BOTTOM = 28
PAD_TOP = 12


@dataclass(frozen=True)
class Bar:
    """One rectangle of a chart, with the value it stands for."""

    x: float
    y: float
    width: float
    height: float
    value: int
    series: int  # 0, 1, …: picks the colour class


@dataclass(frozen=True)
class Chart:
    """Bars, axis ticks and labels in a WIDTH × HEIGHT viewBox."""

    bars: list[Bar]
    ticks: list[tuple[float, int]]  # (y, value)
    labels: list[tuple[float, str]]  # (x centre, text)
    width: int = WIDTH
    height: int = HEIGHT


def _nice_max(value: int) -> int:
    """A round axis maximum at or above ``value``."""
    if value <= 5:
        return 5
    step = 10 ** (len(str(value)) - 1)
    for factor in (1, 2, 2.5, 5, 10):
        if value <= factor * step:
            return int(factor * step)
    return value


def grouped_bars(groups: list[tuple[str, list[int]]]) -> Chart:
    """Side-by-side bars: one group per label, one bar per series (e.g. received and resolved)."""
    top = _nice_max(max((v for _, values in groups for v in values), default=0))
    plot_width, plot_height = WIDTH - PAD_LEFT, HEIGHT - PAD_BOTTOM - PAD_TOP
    slot = plot_width / max(len(groups), 1)
    per_group = max((len(values) for _, values in groups), default=1)
    bar_width = max(slot * 0.8 / per_group, 1)
    bars, labels = [], []
    every = max(1, -(-len(groups) // 6))  # about 6 labels stay legible when a phone shrinks the chart
    for index, (label, values) in enumerate(groups):
        left = PAD_LEFT + index * slot + slot * 0.1
        for series, value in enumerate(values):
            height = plot_height * value / top
            bars.append(Bar(round(left + series * bar_width, 2), round(PAD_TOP + plot_height - height, 2),
                            round(bar_width, 2), round(height, 2), value, series))
        if index % every == 0:
            labels.append((round(PAD_LEFT + index * slot + slot / 2, 2), label))
    ticks = [(round(PAD_TOP + plot_height * (1 - share), 2), round(top * share)) for share in (0, 0.5, 1)]
    return Chart(bars, ticks, labels)
