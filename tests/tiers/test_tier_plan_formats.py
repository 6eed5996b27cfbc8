"""`tiers plan` in text and Markdown: the moves with reasons, held, leaving, capacity."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support.cli import invoke
from tests.tiers.builders import TIERS, account, make_registry


@pytest.fixture
def crowded(tmp_path: Path) -> Path:
    """Tier 1 full (3 of 3): one promotion held, one demotion, one account leaving."""
    sitting = [account(f"t1-{n}", 1, 90, 90, ae=None) for n in range(3)]
    return make_registry(tmp_path, {"a.yaml": [
        *sitting, account("rising", 2, 90, 90, ae=None), account("slipping", 2, 50),
        account("fading", 3, 30),
    ]}, TIERS)


def test_text_plan_lists_moves_held_capacity_and_a_summary(crowded: Path) -> None:
    done = invoke("tiers", "plan", "--root", str(crowded), "--as-of", "2026-10-05")
    assert done.returncode == 0
    lines = done.stdout.splitlines()
    assert lines[:3] == ["Tier plan as of 2026-10-05",
                         "Review window open until 2026-10-14 (opened 2026-10-01).", "Changes"]
    assert any(line.split()[:3] == ["slipping", "2", "3"] for line in lines)
    assert any(line.split()[:4] == ["fading", "3", "off", "list"] for line in lines)
    assert "Held (capacity, owners, stale activity)" in lines
    assert any(line.split() == ["rising", "2", "1", "tier", "1", "at", "capacity", "(3)"]
               for line in lines)
    assert any(line.split() == ["1", "Strategic", "3", "3", "3"] for line in lines)
    assert lines[-1] == "2 changes: 0 promotions, 1 demotion, 1 leaving the list, 1 held."
    assert all(line == line.rstrip() for line in lines)


def test_markdown_plan_has_a_table_per_section(crowded: Path) -> None:
    done = invoke("tiers", "plan", "--root", str(crowded), "--as-of", "2026-11-23",
                  "--format", "markdown")
    assert done.returncode == 0
    assert done.stdout.startswith("## Tier plan as of 2026-11-23\n\nReview window closed (it ran "
                                  "2026-10-01 to 2026-10-14); the next opens on 2027-01-01.\n")
    assert ("| `slipping` | 2 | 3 | fails tier 2 keep: fit 50 < 60; meets tier 3 keep: "
            "fit 50 ≥ 40 |") in done.stdout
    assert ("### Held (capacity, owners, stale activity)\n\n"
            "| account | from | to | reason |") in done.stdout
    assert "| `rising` | 2 | 1 | tier 1 at capacity (3) |" in done.stdout
    assert "### Leaving the list (for demand gen; remove them by hand)" in done.stdout
    assert "| `fading` | 3 | off the list |" in done.stdout
    assert done.stdout.endswith("| 3 Programmatic | 1 | 1 | — |\n")


def test_a_quiet_plan_says_so(tmp_path: Path) -> None:
    make_registry(tmp_path, {"a.yaml": [account("acme", 2, 65)]}, TIERS)
    done = invoke("tiers", "plan", "--root", str(tmp_path), "--as-of", "2026-10-05")
    assert done.returncode == 0
    assert done.stdout.splitlines()[-1] == "No tier changes: every account keeps its tier."


@pytest.mark.parametrize("args", [["--format", "yaml"], ["--as-of", "2026-13-01"]])
def test_bad_options_exit_2_with_one_line(tmp_path: Path, args: list[str]) -> None:
    make_registry(tmp_path, {"a.yaml": [account("acme", 2, 65)]}, TIERS)
    done = invoke("tiers", "plan", "--root", str(tmp_path), *args)
    assert done.returncode == 2
    assert done.stderr.startswith(("abmctl: error: --format: 'yaml' is not one of text, json, "
                                   "markdown",
                                   "abmctl: error: --as-of: '2026-13-01' is not a date"))


def test_the_moves_are_laid_out_as_rich_lays_out_its_table() -> None:
    """The plan writes its (long) moves tables itself: line for line what rich would print,
    at any width, or rich's own table when it would cut a column short."""
    import io
    import random

    from rich.console import Console

    from abmctl.output.terminal import painter
    from abmctl.tiers.plan import Move
    from abmctl.tiers.render_plan_text import moves_lines, moves_table, tidy

    words = ["tier", "1", "requires", "a", "named", "sdr", "owner", "(ABM201)", "fails",
             "keep:", "fit", "30", "<", "40;", "≥", "at"]
    pick = random.Random(20261123)
    laid = 0
    for _ in range(300):
        moves = [Move(f"acc-{pick.randrange(10 ** pick.randrange(1, 8))}", pick.randrange(1, 4),
                      pick.choice([None, 1, 2, 3]),
                      " ".join(pick.choices(words, k=pick.randrange(1, 25))), "a.yaml", 1)
                 for _ in range(pick.randrange(1, 6))]
        width = pick.randrange(30, 140)
        ours = moves_lines("Changes", moves, width, painter(False))
        if ours is None:
            continue
        laid += 1
        out = io.StringIO()
        Console(file=out, color_system=None, width=width, highlight=False, emoji=False,
                markup=False).print(moves_table("Changes", moves))
        assert tidy(ours, False) == tidy(out.getvalue(), False), width
    assert laid > 250  # rich is asked only at the narrowest widths
