"""The report's charts: a `Chart` value (title, axes, series) drawn as inline SVG by matplotlib.

matplotlib is the optional extra `abmctl[report]`, imported here, inside `svg`, and only by
`abmctl report`. The SVG is made to sit in a page that can be light or dark: matplotlib draws
with placeholder colours, which are then replaced by `currentColor` (axes, text) and CSS
variables (`var(--tone-bad)`, ...), so the page's stylesheet colours every chart. Each chart
carries its title and a description (`<title>`, `<desc>`, `aria-labelledby`); the page shows
the same numbers as a table beside it (`report.html.figure`).
"""

from __future__ import annotations

import io
import math
import re
from dataclasses import dataclass
from fractions import Fraction
from typing import Any, Literal

from abmctl.errors import AbmctlError
from abmctl.output.escape import chart_text, html

Kind = Literal["bar", "stacked", "line"]
# the colours a series can have: CSS variables of the page (report.html.STYLE)
TONES = ("c1", "c2", "c3", "c4", "good", "warn", "bad", "muted")
_FOREGROUND = "#0a0b0c"
_GRID = "#0a0b0d"
# a placeholder colour per tone, replaced in the SVG by the tone's CSS variable
_TONE_COLOUR = {tone: f"#0a0b{16 + n:02x}" for n, tone in enumerate(TONES)}
_REPLACED = {_FOREGROUND: "currentColor", _GRID: "var(--grid)",
             **{colour: f"var(--tone-{tone})" for tone, colour in _TONE_COLOUR.items()}}
_PLACEHOLDER = re.compile("|".join(map(re.escape, _REPLACED)))
_STYLE: Any = {  # (matplotlib types rcParams keys as literals)
    "svg.fonttype": "none",  # text stays text: it takes the page's colour and can be read
    "svg.hashsalt": "abmctl",  # the same chart is the same SVG on every run
    "text.parse_math": False,  # a `$` in a name is a dollar sign, not mathematics
    "font.family": "sans-serif",
    "font.sans-serif": ["DejaVu Sans"],
    "font.size": 12,
    "axes.labelsize": 12,
    "xtick.labelsize": 11,
    "ytick.labelsize": 11,
    "axes.edgecolor": _FOREGROUND,
    "axes.labelcolor": _FOREGROUND,
    "axes.titlecolor": _FOREGROUND,
    "text.color": _FOREGROUND,
    "xtick.color": _FOREGROUND,
    "ytick.color": _FOREGROUND,
    "grid.color": _GRID,
    "axes.facecolor": "none",
    "figure.facecolor": "none",
    "savefig.facecolor": "none",
    "savefig.edgecolor": "none",
    "axes.spines.top": False,
    "axes.spines.right": False,
    "legend.frameon": False,
}
WIDTH_INCHES = 5.0  # 360 units wide: a phone shows a chart at about its size
INSTALL = "pip install 'abmctl[report]'"


@dataclass(frozen=True, slots=True)
class Series:
    """One line or set of bars: its name (the legend, the table's column) and one value per
    category (None: no value, a gap)."""

    name: str
    values: tuple[float | None, ...]
    tone: str = "c1"


@dataclass(frozen=True, slots=True)
class Chart:
    """What a chart shows, drawn by `svg` and tabled by `report.html.figure`."""

    key: str  # unique on its page: the SVG's ids start with it
    title: str
    description: str  # one sentence for a screen reader: what the chart shows
    x_label: str
    y_label: str
    categories: tuple[str, ...]
    series: tuple[Series, ...]
    kind: Kind = "bar"
    percent: bool = False  # values are ratios 0..1, shown as percentages
    target: float | None = None  # a dashed line across (a metric's target)

    def shown(self, value: float | None) -> str:
        """A value as the chart's table shows it."""
        if value is None:
            return "—"
        if self.percent:  # halves up, as the scorecard shows a percentage
            return f"{math.floor(Fraction(str(value)) * 100 + Fraction(1, 2))}%"
        return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.2f}"


def require_library() -> None:
    """Stop (exit 2) with the install line when the chart library is missing."""
    import importlib.util

    if importlib.util.find_spec("matplotlib") is None:
        raise AbmctlError(f"report --html draws its charts with matplotlib, which is not "
                          f"installed: {INSTALL}")


def svg(chart: Chart) -> str:
    """The chart as an inline `<svg>` element for an HTML page."""
    import matplotlib
    from matplotlib.figure import Figure

    legend = len(chart.series) > 1
    names = [chart_text(series.name) for series in chart.series]
    # the figure is about as wide as a phone's screen in CSS pixels (its points are the
    # viewBox's units): on a phone its 12-unit text stays about 12 px, and the page caps its
    # width on a wide screen (report.html.STYLE, svg.chart)
    width = WIDTH_INCHES * 72
    # characters of a category label that fit under each category, side by side (~6.6 units
    # a character of 11-unit DejaVu Sans, digits wider); labels whose words do not fit are
    # slanted instead
    room = int(width * 0.82 / max(len(chart.categories), 1) / 7.4)
    words = max((len(word) for c in chart.categories for word in chart_text(c).split()),
                default=0)
    slanted = words > room
    labels = [_wrapped(chart_text(c), 16 if slanted else room) for c in chart.categories]
    lines = max((label.count("\n") + 1 for label in labels), default=1)
    widest = max((len(line) for label in labels for line in label.split("\n")), default=0)
    # the legend's entries in as many columns (up to 3) as fit the figure's width
    columns = max(1, min(len(names), 3))
    while columns > 1 and sum(sorted((26 + 6.6 * len(n) for n in names), reverse=True)
                              [:columns]) > width * 0.95:
        columns -= 1
    legend_rows = -(-len(names) // columns) if legend else 0
    # the room under the axes for the category labels, in inches
    under = (0.2 * lines if not slanted else (6.6 * widest * 0.5 + 13 * lines) / 72)
    with matplotlib.rc_context(_STYLE):
        # margins set here, not by a layout engine (which measures every text twice: half
        # of a chart's time): the title, the legend in rows under it, the y labels and up to
        # three lines of category labels
        height = 3.2 + under + 0.25 * legend_rows
        figure = Figure(figsize=(WIDTH_INCHES, height))
        top = 1 - (0.42 + 0.25 * legend_rows) / height
        figure.subplots_adjust(left=0.16 if chart.percent else 0.14, right=0.97, top=top,
                               bottom=(0.55 + under) / height)
        axes = figure.add_subplot()
        _draw(axes, chart, labels, names)
        if slanted:
            for label in axes.get_xticklabels():
                label.set(rotation=30, ha="right", rotation_mode="anchor",
                          multialignment="right")
        figure.text(0.02, 1 - 0.08 / height, chart_text(chart.title), fontsize=13,
                    va="top", ha="left", color=_FOREGROUND)
        axes.set_xlabel(chart_text(chart.x_label))
        axes.set_ylabel(chart_text(chart.y_label))
        axes.grid(axis="y", linewidth=0.6)
        axes.set_axisbelow(True)
        if legend:
            axes.legend(loc="lower left", bbox_to_anchor=(-0.14, 1.0), ncol=columns,
                        fontsize=11, handlelength=1.2, columnspacing=1.0,
                        borderaxespad=0.2)
        if chart.percent:
            from matplotlib.ticker import MultipleLocator, PercentFormatter

            axes.yaxis.set_major_formatter(PercentFormatter(1.0, decimals=0))
            axes.yaxis.set_major_locator(MultipleLocator(0.25))
            axes.set_ylim(0, 1.05)
        else:
            from matplotlib.ticker import MaxNLocator

            axes.yaxis.set_major_locator(MaxNLocator(nbins=5, integer=True))
        out = io.StringIO()
        figure.savefig(out, format="svg", metadata={"Date": None})
    return _for_the_page(out.getvalue(), chart)


def _draw(axes: object, chart: Chart, labels: list[str], names: list[str]) -> None:
    from matplotlib.axes import Axes

    assert isinstance(axes, Axes)
    places = list(range(len(labels)))
    if chart.kind == "line":
        for series, name in zip(chart.series, names, strict=True):
            axes.plot(places, [float("nan") if v is None else v for v in series.values],
                      marker="o", linewidth=2, color=_TONE_COLOUR[series.tone],
                      label=name)
    elif chart.kind == "stacked":
        bottom = [0.0] * len(labels)
        for series, name in zip(chart.series, names, strict=True):
            values = [v or 0.0 for v in series.values]
            axes.bar(places, values, bottom=bottom, color=_TONE_COLOUR[series.tone],
                     label=name, width=0.6)
            bottom = [b + v for b, v in zip(bottom, values, strict=True)]
    else:
        width = 0.8 / max(len(chart.series), 1)
        for n, (series, name) in enumerate(zip(chart.series, names, strict=True)):
            offset = (n - (len(chart.series) - 1) / 2) * width
            axes.bar([p + offset for p in places], [v or 0.0 for v in series.values],
                     width=width, color=_TONE_COLOUR[series.tone],
                     label=name)
    if chart.target is not None:
        axes.axhline(chart.target, color=_FOREGROUND, linestyle="--", linewidth=1)
    axes.set_xticks(places, labels)


def _wrapped(label: str, width: int) -> str:
    """A category label on at most three lines of about `width` characters (at word breaks),
    so that the labels fit side by side."""
    import textwrap

    lines = textwrap.wrap(label, width, break_long_words=False) or [label]
    return "\n".join(lines[:2] + [" ".join(lines[2:])] if len(lines) > 3 else lines)


_HEAD = re.compile(r"\A.*?<svg\b[^>]*?\bviewBox=\"([^\"]*)\"[^>]*>", re.DOTALL)
_METADATA = re.compile(r"<metadata>.*?</metadata>\s*", re.DOTALL)
_SHEET = re.compile(r"<style[^>]*>.*?</style>\s*", re.DOTALL)
_GROUP_ID = re.compile(r'<g id="[^"]*">')
_ID = re.compile(r'\b(id="|url\(#|href="#)')
_FONTS = re.compile(r"font-family: [^;\"]*")


def _for_the_page(text: str, chart: Chart) -> str:
    """matplotlib's SVG document as an element of an HTML page: no XML prolog or metadata, a
    `viewBox` and no fixed size (the page sizes it), its title and description for assistive
    technology, ids prefixed with the chart's key (a page holds several charts), placeholder
    colours replaced by the page's."""
    head = _HEAD.match(text)
    if head is None:  # matplotlib always writes one; a new version that does not is a bug here
        raise AssertionError("matplotlib wrote no <svg> element")
    key = chart.key
    body = text[head.end():]
    body = _SHEET.sub("", _METADATA.sub("", body))
    body = _GROUP_ID.sub("<g>", body)
    body = _ID.sub(lambda m: m.group(1) + key + "-", body)
    body = _FONTS.sub("font-family: inherit", body)
    body = _PLACEHOLDER.sub(lambda m: _REPLACED[m.group()], body)
    return (f'<svg class="chart" viewBox="{head.group(1)}" role="img" '
            f'aria-labelledby="{key}-title {key}-desc" xmlns="http://www.w3.org/2000/svg" '
            f'xmlns:xlink="http://www.w3.org/1999/xlink">'
            f'<title id="{key}-title">{html(chart.title)}</title>'
            f'<desc id="{key}-desc">{html(chart.description)}</desc>{body}')
