"""`tiers apply` guards the list: a bulk plan needs --force, and at a terminal it asks before
writing (SPEC §3.1). The question is tested on a real pseudo-terminal with the real abmctl."""

from __future__ import annotations

import os
import pty
import select
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import pytest

from tests.support.cli import SWITCHES, invoke
from tests.tiers.builders import OPEN_TIERS, account, make_registry, plan_for

DAY = "2026-10-01"


def tier1_of_eight(slipping: int) -> Path:
    """Eight Tier 1 accounts of which `slipping` fail keep (fit 65 < 70) and go to Tier 2,
    which holds twelve accounts (so three arriving there is 25%, not bulk)."""
    return make_registry(Path.cwd(), {"a.yaml": [
        *(account(f"slip-{n}", 1, 65, 90, ae=None) for n in range(slipping)),
        *(account(f"stay-{n}", 1, 90, 90, ae=None) for n in range(8 - slipping)),
        *(account(f"two-{n}", 2, 65, ae=None) for n in range(12)),
    ]}, OPEN_TIERS)


@pytest.fixture
def in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_demoting_3_of_8_tier_1_accounts_is_bulk_and_refused_without_force(in_tmp: Path) -> None:
    tier1_of_eight(3)
    before = (in_tmp / "registry/accounts/a.yaml").read_bytes()
    done = invoke("tiers", "apply", "--root", str(in_tmp), "--as-of", DAY)
    assert done.returncode == 1
    assert done.stderr == (
        "abmctl: error: tiers apply refused: a bulk plan (tier 1: 3 moves out or in, of 8 "
        "accounts (38%)); moving more than 30% of a tier or of the list at once needs --force "
        "(check the activity it read with `abmctl tiers plan` first)\n")
    assert (in_tmp / "registry/accounts/a.yaml").read_bytes() == before
    dry = invoke("tiers", "apply", "--root", str(in_tmp), "--as-of", DAY, "--dry-run")
    assert dry.returncode == 1 and "(dry run: nothing written)" in dry.stderr


def test_force_applies_the_bulk_plan(in_tmp: Path) -> None:
    tier1_of_eight(3)
    done = invoke("tiers", "apply", "--root", str(in_tmp), "--as-of", DAY, "--force")
    assert done.returncode == 0
    assert done.stdout.startswith("Applied 3 tier changes in 1 file")


def test_demoting_2_of_8_is_not_bulk(in_tmp: Path) -> None:
    tier1_of_eight(2)  # 25%, and fewer than 3 moves
    done = invoke("tiers", "apply", "--root", str(in_tmp), "--as-of", DAY)
    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout.startswith("Applied 2 tier changes in 1 file")


def test_moves_into_a_tier_count_toward_its_share(in_tmp: Path) -> None:
    # three promotions into a Tier 1 of two accounts: tier 2 loses 3 of 20 (15%), but
    # tier 1 takes in 3 against its 2 accounts
    make_registry(in_tmp, {"a.yaml": [
        *(account(f"one-{n}", 1, 90, 90, ae=None) for n in range(2)),
        *(account(f"rise-{n}", 2, 90, 90, ae=None) for n in range(3)),
        *(account(f"two-{n}", 2, 65, ae=None) for n in range(17)),
    ]}, OPEN_TIERS)
    done = invoke("tiers", "apply", "--root", str(in_tmp), "--as-of", DAY)
    assert done.returncode == 1
    assert "(tier 1: 3 moves out or in, of 2 accounts (150%))" in done.stderr


def test_the_plan_value_carries_its_bulk_check(in_tmp: Path) -> None:
    tier1_of_eight(3)
    bulk = plan_for(in_tmp, date.fromisoformat(DAY)).bulk()
    assert [(b.tier, b.size, b.moved) for b in bulk] == [(1, 8, 3)]


def test_a_plan_moving_more_than_30_percent_of_the_list_is_bulk_for_the_list_too(
    in_tmp: Path,
) -> None:
    # ten promotions out of a list of 30: each tier and the list as a whole move too much
    make_registry(in_tmp, {"a.yaml": [
        *(account(f"rise-{n}", 2, 90, 90, ae=None) for n in range(10)),
        *(account(f"two-{n}", 2, 65, ae=None) for n in range(20)),
    ]}, OPEN_TIERS)
    assert [(b.tier, b.size, b.moved) for b in plan_for(in_tmp, date.fromisoformat(DAY)).bulk()
            ] == [(1, 0, 10), (2, 30, 10), (None, 30, 10)]
    done = invoke("tiers", "apply", "--root", str(in_tmp), "--as-of", DAY)
    assert done.returncode == 1
    assert "; the list: 10 of 30 accounts move (33%))" in done.stderr


def test_without_a_terminal_apply_does_not_ask(in_tmp: Path) -> None:
    make_registry(in_tmp, {"a.yaml": [account("acme", 2, 90, 90)]}, OPEN_TIERS)
    done = subprocess.run(
        [sys.executable, "-m", "abmctl", "tiers", "apply", "--as-of", DAY], cwd=in_tmp,
        stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=60, env=_env(),
    )
    assert (done.returncode, done.stderr) == (0, "")
    assert "[y/N]" not in done.stdout
    written = (in_tmp / "registry/accounts/a.yaml").read_text()
    assert "tier: 1\n    tier_since: 2026-10-01" in written


@pytest.mark.parametrize(("answer", "written"), [("y", True), ("yes", True), ("n", False),
                                                 ("", False)])
def test_at_a_terminal_apply_asks_and_writes_only_on_yes(in_tmp: Path, answer: str,
                                                         written: bool) -> None:
    make_registry(in_tmp, {"a.yaml": [account("acme", 2, 90, 90), account("zeta", 3, 55)]},
                  OPEN_TIERS)
    before = (in_tmp / "registry/accounts/a.yaml").read_text()
    code, screen = _in_terminal(in_tmp, ["tiers", "apply", "--as-of", DAY], answer)
    assert "  acme: tier 2 → 1  (registry/accounts/a.yaml:2)" in screen
    assert "Apply 1 tier change to 1 file? [y/N]: " in screen
    after = (in_tmp / "registry/accounts/a.yaml").read_text()
    if written:
        assert code == 0 and "Applied 1 tier change in 1 file" in screen
        assert "tier: 1\n    tier_since: 2026-10-01" in after
    else:
        assert code == 1 and "not confirmed; nothing written" in screen
        assert after == before


def test_at_a_terminal_yes_does_not_ask(in_tmp: Path) -> None:
    make_registry(in_tmp, {"a.yaml": [account("acme", 2, 90, 90)]}, OPEN_TIERS)
    code, screen = _in_terminal(in_tmp, ["tiers", "apply", "--as-of", DAY, "--yes"], None)
    assert code == 0
    assert "[y/N]" not in screen and "Applied 1 tier change in 1 file" in screen


def _env() -> dict[str, str]:
    return {name: value for name, value in os.environ.items() if name not in SWITCHES}


def _in_terminal(cwd: Path, args: list[str], answer: str | None) -> tuple[int, str]:
    """Run the real abmctl on a pseudo-terminal; type `answer` and Enter at the question
    (None: expect none). Returns the exit code and everything the terminal showed."""
    leader, follower = pty.openpty()
    process = subprocess.Popen([sys.executable, "-m", "abmctl", *args], cwd=cwd, env=_env(),
                               stdin=follower, stdout=follower, stderr=follower)
    os.close(follower)
    screen = b""
    answered = answer is None
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        ready, _, _ = select.select([leader], [], [], 0.2)
        if ready:
            try:
                chunk = os.read(leader, 4096)
            except OSError:  # the program has exited and closed the terminal
                break
            if not chunk:
                break
            screen += chunk
        if not answered and b"[y/N]: " in screen:
            os.write(leader, (answer or "").encode() + b"\r")
            answered = True
        if process.poll() is not None and not ready:
            break
    os.close(leader)
    code = process.wait(timeout=10)
    return code, screen.decode("utf-8", "replace").replace("\r\n", "\n")
