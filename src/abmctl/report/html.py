"""The report's page parts: the page around a body, tables, key-number cards, and a chart with
its data table. Every piece of data goes through `output.escape.html` (`e`); the page loads
nothing (its styles are inline, a Content-Security-Policy forbids any fetch), and follows the
reader's light or dark scheme and prints on paper.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from abmctl.output.escape import html as e
from abmctl.report.charts import Chart, svg

# the site's pages, in the navigation's order: (file, title)
PAGES: tuple[tuple[str, str], ...] = (
    ("index.html", "At a glance"),
    ("handoff.html", "Handoffs"),
    ("overlap.html", "Overlap"),
    ("scorecard.html", "Scorecard"),
    ("tiers.html", "Tiers"),
    ("health.html", "List health"),
    ("accounts/index.html", "Accounts"),
)
# nothing may be fetched: styles are inline, charts are inline SVG, images data: URLs
POLICY = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"
STYLE = """
:root{color-scheme:light dark;--bg:#fff;--fg:#1b1f24;--muted:#57606a;--line:#d0d7de;
--card:#f6f8fa;--link:#0550ae;--grid:#d0d7de;--tone-c1:#0969da;--tone-c2:#bc4c00;
--tone-c3:#8250df;--tone-c4:#1a7f37;--tone-good:#1a7f37;--tone-warn:#9a6700;
--tone-bad:#cf222e;--tone-muted:#6e7781}
@media screen and (prefers-color-scheme:dark){:root{--bg:#0d1117;--fg:#e6edf3;--muted:#9198a1;
--line:#3d444d;--card:#161b22;--link:#4493f8;--grid:#3d444d;--tone-c1:#4493f8;
--tone-c2:#f0883e;--tone-c3:#ab7df8;--tone-c4:#3fb950;--tone-good:#3fb950;
--tone-warn:#d29922;--tone-bad:#f85149;--tone-muted:#9198a1}}
*{box-sizing:border-box}
body{margin:0;background:var(--bg);color:var(--fg);font:15px/1.5 system-ui,-apple-system,
"Segoe UI",Roboto,"DejaVu Sans",sans-serif}
a{color:var(--link)}
header,main,footer{max-width:72rem;margin:0 auto;padding:0 1rem}
header{border-bottom:1px solid var(--line)}
nav ul{display:flex;flex-wrap:wrap;gap:.25rem 1rem;list-style:none;margin:0;padding:.75rem 0}
nav a[aria-current=page]{font-weight:700;color:var(--fg)}
h1{font-size:1.6rem;margin:1.2rem 0 .2rem}h2{font-size:1.25rem;margin:1.6rem 0 .5rem}
h3{font-size:1.05rem;margin:1.2rem 0 .3rem}
.sub,footer,caption{color:var(--muted)}
footer{border-top:1px solid var(--line);margin-top:2rem;padding:.75rem 1rem;font-size:.85rem}
.cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(13rem,1fr));gap:.75rem;
margin:1rem 0;padding:0;list-style:none}
.card{background:var(--card);border:1px solid var(--line);border-radius:6px;padding:.75rem}
.card .n{display:block;font-size:1.7rem;font-weight:700}
.card a{font-weight:600}
.scroll{overflow-x:auto}
table{border-collapse:collapse;margin:.5rem 0 1rem;font-size:.9rem}
caption{text-align:left;font-size:.85rem;padding:.2rem 0}
th,td{border-bottom:1px solid var(--line);padding:.3rem .6rem;text-align:left;
vertical-align:top}
td.num,th.num,.accounts :is(td:nth-child(3),td:nth-child(n+6)){text-align:right;
font-variant-numeric:tabular-nums}
figure{margin:1rem 0;display:grid;grid-template-columns:minmax(0,3fr) minmax(0,2fr);gap:1rem;
align-items:start}
@media (max-width:50rem){figure{grid-template-columns:minmax(0,1fr)}}
@media (max-width:30rem){header,main{padding:0 .6rem}footer{padding:.75rem .6rem}
th,td{padding:.3rem .35rem}}
svg.chart{width:100%;max-width:30rem;height:auto;color:var(--fg)}
svg.chart *{stroke-linejoin:round;stroke-linecap:butt}
.status{font-weight:600}
.green,.met{color:var(--tone-good)}.yellow,.pending{color:var(--tone-warn)}
.red,.breached,.error{color:var(--tone-bad)}.warning{color:var(--tone-warn)}
.n\\/a,.info{color:var(--muted)}
ul.items{padding-left:1.2rem}ul.items li{margin:.3rem 0}
table.sticky tr>:first-child{position:sticky;left:0;background:var(--bg);z-index:1}
table.sticky :is(td,th)+:is(td,th){white-space:nowrap}
table.sticky .note{white-space:normal;display:block;min-width:12rem}
tfoot th,tfoot td{border-top:2px solid var(--line);font-weight:700}
dl.record{display:grid;grid-template-columns:repeat(auto-fill,minmax(14rem,1fr));gap:.5rem 1rem;
background:var(--card);border:1px solid var(--line);border-radius:6px;padding:.75rem 1rem;
margin:1rem 0}
dl.record dt{color:var(--muted);font-size:.8rem}dl.record dd{margin:0;overflow-wrap:anywhere}
svg.spark{width:8rem;height:1.8rem;color:var(--tone-c1);vertical-align:middle}
svg.spark polyline{fill:none;stroke:currentColor;stroke-width:2;
vector-effect:non-scaling-stroke}svg.spark circle{fill:currentColor}
@media (max-width:30rem){svg.spark{width:4.5rem}}
@media print{nav,.skip{display:none}body{font-size:11pt;background:#fff;color:#000}
:root{--fg:#000;--muted:#444;--line:#999;--card:#fff;--link:#000}
figure,table,.card{break-inside:avoid}a{text-decoration:none}
header,main,footer{max-width:none}figure{grid-template-columns:minmax(0,1fr)}
.scroll{overflow:visible}}
.skip{position:absolute;left:-999px}.skip:focus{left:1rem;top:.5rem}
"""


@dataclass(frozen=True, slots=True)
class Site:
    """What every page's frame says: the program's as-of date and where abmctl ran."""

    as_of: date
    version: str


def page(site: Site, file: str, title: str, body: str) -> str:
    """A whole page: `file` is its path in the site (`accounts/acme.html`), which sets the
    links to the others; `body` is HTML made by this module's functions."""
    up = "../" * file.count("/")
    links = "".join(
        f'<li><a href="{up}{target}"'
        f'{" aria-current=page" if target == file else ""}>{e(name)}</a></li>'
        for target, name in PAGES)
    return (
        '<!doctype html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f'<meta http-equiv="Content-Security-Policy" content="{POLICY}">'
        '<meta name="color-scheme" content="light dark">'
        f"<title>{e(title)} · abmctl report {site.as_of}</title><style>{STYLE}</style></head>"
        '<body><a class="skip" href="#main">Skip to the content</a>'
        f'<header><nav aria-label="Report pages"><ul>{links}</ul></nav></header>'
        f'<main id="main"><h1>{e(title)}</h1>'
        f'<p class="sub">As of {site.as_of}</p>{body}</main>'
        f"<footer>Made by abmctl {e(site.version)} <code>report --html</code> as of "
        f"{site.as_of}. Every number comes from the command named on its page.</footer>"
        "</body></html>\n"
    )


@dataclass(frozen=True, slots=True)
class Column:
    """A table column: its heading, and whether it holds numbers (right-aligned)."""

    heading: str
    number: bool = False


def table(columns: Sequence[Column], rows: Iterable[Sequence[str]], *, caption: str,
          keys: Sequence[str] | None = None, foot: str = "", sticky: bool = False) -> str:
    """A table; cells are HTML (escape data with `e`); `keys` gives each row a `data-key`
    (tests and scripts find a row by it); `foot` a `<tfoot>`; `sticky`: the first column
    stays in view while the table scrolls sideways (a wide table on a phone)."""
    head = "".join(f'<th scope="col"{" class=num" if c.number else ""}>{e(c.heading)}</th>'
                   for c in columns)
    opens = ["<td class=num>" if c.number else "<td>" for c in columns]
    lines = []
    for n, row in enumerate(rows):
        key = f' data-key="{e(keys[n])}"' if keys is not None else ""
        cells = "</td>".join([start + cell for start, cell in zip(opens, row, strict=True)])
        lines.append(f"<tr{key}>{cells}</td></tr>")
    if not lines:
        lines.append(f'<tr><td colspan="{len(columns)}">None.</td></tr>')
    # a table wider than the screen scrolls inside its box, which the keyboard can reach
    return (f'<div class="scroll" tabindex="0" role="region" aria-label="{e(caption)}">'
            f'<table{" class=sticky" if sticky else ""}><caption>{e(caption)}</caption>'
            f'<thead><tr>{head}</tr></thead><tbody>{"".join(lines)}</tbody>{foot}'
            "</table></div>")


def figure(chart: Chart, data: str | None = None) -> str:
    """The chart beside a table of its numbers (the table is the chart for a screen reader,
    a printout without colour, and anyone who wants the figures); `data`: a fuller table of
    the same numbers to show instead."""
    if data is None:
        columns = [Column(chart.x_label)] + [Column(s.name, number=True) for s in chart.series]
        rows = [[e(category)] + [e(chart.shown(s.values[n])) for s in chart.series]
                for n, category in enumerate(chart.categories)]
        data = table(columns, rows, caption=f"{chart.title}: the numbers")
    return (f'<figure id="{e(chart.key)}" aria-label="{e(chart.title)}">{svg(chart)}'
            f"<div>{data}</div></figure>")


def cards(items: Iterable[tuple[str, str, str]]) -> str:
    """Key numbers: (number, what it counts, HTML under it), each a card; a status word
    (green, yellow, red) in its colour."""
    return '<ul class="cards">' + "".join(
        f'<li class="card"><span class="n{_TONED.get(number, "")}">{e(number)}</span>{e(label)}'
        f'{"<br>" + more if more else ""}</li>' for number, label, more in items) + "</ul>"


_TONED = {word: f" {word}" for word in ("green", "yellow", "red")}


def status(value: str) -> str:
    """A status word (green, breached, error) in its colour, the word itself kept."""
    return f'<span class="status {e(value)}">{e(value)}</span>'


def account_page_name(account_id: str) -> str:
    """The file name of an account's page under `accounts/`: `ID.html`, or `ID_.html` when
    `ID` is `index` (the account list's page) or a name Windows keeps for a device (`con`,
    `nul`, `com1`: a site unzipped there could not open it). Ids are slugs (lower-case
    letters, digits and '-'), so `_` is in no other page's name."""
    reserved = account_id in _RESERVED or re.fullmatch(r"(?:com|lpt)[0-9]", account_id)
    return f"{account_id}_.html" if reserved else f"{account_id}.html"


_RESERVED = frozenset({"index", "con", "prn", "aux", "nul"})


def account_link(account_id: str, up: str = "") -> str:
    """A link to an account's page."""
    return f'<a href="{up}accounts/{e(account_page_name(account_id))}">{e(account_id)}</a>'


def sparkline(name: str, labels: Sequence[str], values: Sequence[float | None],
              shown: Sequence[str]) -> str:
    """A metric's shares (0 to 1) over the periods as a small line, 0 to 100% high; its values
    as `shown` said in its label for a screen reader; no point where a period has none."""
    step = 100 / max(len(values) - 1, 1)
    points = [(n * step, 22 - 20 * v) for n, v in enumerate(values) if v is not None]
    said = ", ".join(f"{label} {text}" for label, text in zip(labels, shown, strict=True))
    line = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
    last = (f'<circle cx="{points[-1][0]:.1f}" cy="{points[-1][1]:.1f}" r="2.5"/>'
            if points else "")
    return (f'<svg class="spark" viewBox="-3 0 106 24" role="img" '
            f'aria-label="{e(name)}: {e(said)}"><polyline points="{line}"/>{last}</svg>')
