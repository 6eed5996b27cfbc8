"""Every report's formats, in one table: report kind → {format name: renderer}.

Each command's `--format` choices, their help text and the error for a bad one are built from
`FORMATS`; adding a format is one renderer function plus one line here. A renderer is named as
`module:function` and imported only when chosen (the text ones bring rich), so `abmctl --help`
and the commands that print JSON never load what they do not use.

Every renderer has one shape: `render(data, view) -> str | Iterable[str]` (pieces for reports
too large to hold twice), `data` being the report value of its kind (the comment on each).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, NamedTuple, cast


@dataclass(frozen=True, slots=True)
class View:
    """How to lay a report out: ANSI colour and width (text only), whether to show the
    details a report has (the handoff packets), and its summary lines (not under --quiet);
    `unicode` off when the terminal cannot show block characters (a C locale): ASCII instead."""

    color: bool = False
    width: int = 100
    details: bool = False
    summary: bool = True
    unicode: bool = True


class Format(NamedTuple):
    renderer: str  # "module:function"
    note: str = ""  # what the format is for, in --help


Renderer = Callable[[Any, View], "str | Iterable[str]"]

_STABLE = "stable, version 1"
_ANNOTATIONS = "workflow annotations"
_SPREADSHEET = "one table, for a spreadsheet"

FORMATS: dict[str, dict[str, Format]] = {
    # output.findings.FindingsReport: `abmctl lint`
    "findings": {
        "text": Format("abmctl.output.findings_text:render"),
        "json": Format("abmctl.output.findings_json:render", _STABLE),
        "github": Format("abmctl.output.findings_github:render", _ANNOTATIONS),
        "sarif": Format("abmctl.output.findings_sarif:render", "code scanning"),
    },
    # output.findings.FindingsReport: `abmctl lint --statistics` (counts by code)
    "statistics": {
        "text": Format("abmctl.output.findings_statistics:render_text"),
        "json": Format("abmctl.output.findings_statistics:render_json", _STABLE),
    },
    # overlap.groups.OverlapReport: `abmctl overlap`
    "overlap": {
        "text": Format("abmctl.overlap.render_text:render"),
        "json": Format("abmctl.overlap.render_json:render", _STABLE),
        "markdown": Format("abmctl.overlap.render_markdown:render", "the overlap-review agenda"),
        "github": Format("abmctl.overlap.render_github:render", _ANNOTATIONS),
        "csv": Format("abmctl.overlap.render_csv:render", _SPREADSHEET),
    },
    # handoff.report.HandoffReport: `abmctl handoff`
    "handoff": {
        "text": Format("abmctl.handoff.render_text:render"),
        "json": Format("abmctl.handoff.render_json:render", _STABLE),
        "markdown": Format("abmctl.handoff.render_markdown:render"),
        "csv": Format("abmctl.handoff.render_csv:render", _SPREADSHEET),
    },
    # scorecard.metrics.Scorecard: `abmctl scorecard`
    "scorecard": {
        "text": Format("abmctl.scorecard.render_text:render"),
        "json": Format("abmctl.scorecard.render_json:render", _STABLE),
        "markdown": Format("abmctl.scorecard.render_markdown:render"),
        "csv": Format("abmctl.scorecard.render_csv:render", _SPREADSHEET),
    },
    # scorecard.trend.Trend: `abmctl scorecard --trend` (the same choices as "scorecard")
    "trend": {
        "text": Format("abmctl.scorecard.render_trend_text:render"),
        "json": Format("abmctl.scorecard.render_trend_json:render", _STABLE),
        "markdown": Format("abmctl.scorecard.render_trend_markdown:render"),
        "csv": Format("abmctl.scorecard.render_trend_csv:render", _SPREADSHEET),
    },
    # tiers.plan.Plan: `abmctl tiers plan`
    "plan": {
        "text": Format("abmctl.tiers.render_plan_text:render"),
        "json": Format("abmctl.tiers.render_plan_json:render", _STABLE),
        "markdown": Format("abmctl.tiers.render_plan_markdown:render"),
        "csv": Format("abmctl.tiers.render_plan_csv:render", _SPREADSHEET),
    },
    # tiers.diff.TierDiff: `abmctl tiers diff`
    "diff": {
        "text": Format("abmctl.tiers.render_diff_text:render"),
        "json": Format("abmctl.tiers.render_diff_json:render", _STABLE),
        "markdown": Format("abmctl.tiers.render_diff_markdown:render", "a pull-request comment"),
        "github": Format("abmctl.tiers.render_diff_github:render", _ANNOTATIONS),
    },
    # tiers.history.HistoryReport: `abmctl tiers history`
    "history": {
        "text": Format("abmctl.tiers.render_history_text:render"),
        "json": Format("abmctl.tiers.render_history_json:render", _STABLE),
        "markdown": Format("abmctl.tiers.render_history_markdown:render",
                           "for the review's notes"),
        "csv": Format("abmctl.tiers.render_history_csv:render", _SPREADSHEET),
    },
    # crm.changes.ChangeSet: `abmctl accounts import`
    "import": {
        "text": Format("abmctl.crm.render_import_text:render"),
        "json": Format("abmctl.crm.render_import_json:render", _STABLE),
    },
    # sources.report.SourcesReport: `abmctl signals`
    "signals": {
        "text": Format("abmctl.sources.render_text:render"),
        "json": Format("abmctl.sources.render_json:render", _STABLE),
        "csv": Format("abmctl.sources.render_csv:render", _SPREADSHEET),
    },
    # explain.explanation.Explanation: `abmctl explain ACCOUNT`
    "explain": {
        "text": Format("abmctl.explain.render_text:render"),
        "json": Format("abmctl.explain.render_json:render", _STABLE),
        "markdown": Format("abmctl.explain.render_markdown:render"),
    },
    # a list of catalogue.base.Rule: `abmctl rules`
    "rules": {
        "text": Format("abmctl.output.rule_catalogue:catalogue_text"),
        "json": Format("abmctl.output.rule_catalogue:catalogue_json", _STABLE),
        "markdown": Format("abmctl.output.rule_catalogue:catalogue_markdown", "every page"),
    },
    # one catalogue.base.Rule: `abmctl rules CODE` (the same choices as "rules")
    "rule": {
        "text": Format("abmctl.output.rule_catalogue:page_text"),
        "json": Format("abmctl.output.rule_catalogue:page_json", _STABLE),
        "markdown": Format("abmctl.output.rule_catalogue:page_markdown_text"),
    },
}


def names(kind: str) -> tuple[str, ...]:
    """The formats of a report kind, text (the default) first."""
    return tuple(FORMATS[kind])


def described(kind: str) -> str:
    """`text, json (stable, version 1) or markdown`: the choices as --help lists them."""
    items = [f"{name} ({entry.note})" if entry.note else name
             for name, entry in FORMATS[kind].items()]
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} or {items[-1]}"


def renderer(kind: str, name: str) -> Renderer:
    """The renderer of format `name` for `kind`, imported now."""
    entry = FORMATS[kind].get(name)
    if entry is None:  # the commands offer only listed names: a caller's mistake
        raise ValueError(f"unknown {kind} format {name!r}; expected one of "
                         f"{', '.join(names(kind))}")
    module, _, function = entry.renderer.partition(":")
    return cast(Renderer, getattr(importlib.import_module(module), function))


def render(kind: str, name: str, data: object, view: View = View()) -> str | Iterable[str]:
    """`data` (a report of `kind`) in format `name`."""
    return renderer(kind, name)(data, view)
