"""`tiers diff` as GitHub Actions annotations: its findings, written as lint writes them."""

from __future__ import annotations

from abmctl.findings import sort_key
from abmctl.output.findings_github import render_github
from abmctl.output.formats import View
from abmctl.tiers.diff import TierDiff


def render(diff: TierDiff, view: View) -> str:
    return render_github(sorted(diff.findings, key=sort_key))
