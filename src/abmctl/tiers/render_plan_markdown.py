"""The tier plan as Markdown, for the review meeting's notes or a pull request description."""

from __future__ import annotations

from abmctl.output.escape import markdown
from abmctl.output.formats import View
from abmctl.tiers.plan import Move, Plan, TierLoad
from abmctl.tiers.render_plan_text import summary_line, window_line


def tier_cell(tier: int | None) -> str:
    return "off the list" if tier is None else str(tier)


def render(plan: Plan, view: View) -> str:
    return render_markdown(plan)


def render_markdown(plan: Plan) -> str:
    lines = [f"## Tier plan as of {plan.as_of}", "", window_line(plan.window, plan.as_of), "",
             f"**{summary_line(plan)}**", ""]
    moves = [m for m in plan.changes if m.to_tier is not None]
    if moves:
        lines += ["### Changes", "", *_table(moves), ""]
    if plan.held:
        lines += ["### Held (capacity, owners, stale activity)", "", *_table(list(plan.held)), ""]
    if plan.leaving:
        lines += ["### Leaving the list (for demand gen; remove them by hand)", "",
                  *_table(list(plan.leaving)), ""]
    lines += ["### Capacity", "", *capacity_table(plan.capacity)]
    return "\n".join(lines) + "\n"


def _table(moves: list[Move]) -> list[str]:
    rows = ["| account | from | to | reason |", "|---|---:|---:|---|"]
    rows += [f"| `{m.account}` | {m.from_tier} | {tier_cell(m.to_tier)} | {markdown(m.reason)} |"
             for m in moves]
    return rows


def capacity_table(loads: tuple[TierLoad, ...]) -> list[str]:
    rows = ["| tier | before | after | max |", "|---|---:|---:|---:|"]
    for load in loads:
        over = " ⚠️" if load.max_accounts is not None and load.after > load.max_accounts else ""
        limit = "—" if load.max_accounts is None else str(load.max_accounts)
        rows.append(f"| {load.tier} {markdown(load.name)} | {load.before} | {load.after}{over} | "
                    f"{limit} |")
    return rows
