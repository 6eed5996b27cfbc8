"""Review 7 (newcomer): `abmctl tiers diff` text wraps its per-change lines to column 0.

A reviewer's hand promotion of vantage-payments (the guide's own ABM209 example) prints, at
the default 100 columns (a file, a pipe, a CI log), `  scores    tier 1 promote: fit 84 ≥ 80,
... acv_potential 180,000` then a line `≥ 100,000`, and `  plan      held: tier 1 requires
... to release it` then a line `(plan at HEAD as of 2026-11-23)`.

The continuations start at column 0, outside the block they continue, where every other text
report (`handoff --details`, `explain`, `lint`) hangs them under their value."""

from __future__ import annotations

import shutil
from pathlib import Path

from tests.support.cli import invoke
from tests.support.git import init

ROOT = Path(__file__).resolve().parents[2]


def test_a_changes_details_continue_under_their_value(tmp_path: Path) -> None:
    for part in ("registry", "rules"):
        shutil.copytree(ROOT / part, tmp_path / part)
    init(tmp_path, "the example registry")
    accounts = tmp_path / "registry" / "accounts" / "na-east.yaml"
    text = accounts.read_text(encoding="utf-8")
    at = text.index("  - id: vantage-payments")
    end = text.index("tier_since:", at)
    accounts.write_text(text[:at] + text[at:end].replace("tier: 2", "tier: 1") + text[end:],
                        encoding="utf-8")
    done = invoke("tiers", "diff", "HEAD", "--root", str(tmp_path), "--as-of", "2026-11-23")
    assert done.returncode == 1, done.stdout + done.stderr  # ABM208
    block = done.stdout[done.stdout.index("\nvantage-payments\n") + 1:done.stdout.index("Capacity")]
    lines = [line for line in block.splitlines()[1:] if line.strip()]
    assert lines and all(line.startswith("  ") for line in lines), block
    assert all(len(line) <= 100 for line in done.stdout.splitlines()), done.stdout
