"""Reading the report's pages in a test: the rows of a table by their `data-key`, the text of
each cell, the charts; and making a site of the example registry once per test module."""

from __future__ import annotations

import json
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from tests.support.cli import invoke
from tests.support.registry import REPO

AS_OF = "2026-11-23"
PAGES = ("index.html", "handoff.html", "overlap.html", "scorecard.html", "tiers.html",
         "health.html", "accounts/index.html")


class _Rows(HTMLParser):
    """Each `<tr data-key=...>`'s (or `<tr id=...>`'s) cells as text, end tags left out or
    not; the number of `<svg>` elements."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.rows: dict[str, list[str]] = {}
        self.svgs = 0
        self._row: list[str] | None = None
        self._cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag in ("tr", "td"):
            self._close_cell()
        if tag == "tr":
            key = found.get("data-key", found.get("id"))
            self._row = None if key is None else self.rows.setdefault(str(key), [])
        elif tag == "td" and self._row is not None:
            self._cell = []
        elif tag == "svg":
            self.svgs += 1

    def _close_cell(self) -> None:
        if self._row is not None and self._cell is not None:
            self._row.append("".join(self._cell).strip())
        self._cell = None

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "tr", "tbody", "table"):
            self._close_cell()
        if tag in ("tr", "tbody", "table"):
            self._row = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)


def rows(page: Path) -> dict[str, list[str]]:
    """The page's keyed table rows: data-key -> the cells' text."""
    parser = _Rows()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser.rows


def svg_count(page: Path) -> int:
    parser = _Rows()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser.svgs


def command_json(*args: str, root: Path = REPO) -> Any:
    """`abmctl ARGS --format json` on `root`, parsed (exit 0 or 1: a report with findings)."""
    done = invoke(*args, "--format", "json", "--root", str(root), "--as-of", AS_OF, "-q")
    assert done.returncode in (0, 1), done.stderr
    return json.loads(done.stdout)


def make_site(root: Path, out: Path, *extra: str) -> Path:
    done = invoke("report", "--html", str(out), "--root", str(root), "--as-of", AS_OF, *extra)
    assert done.returncode == 0, done.stderr
    return out
