"""Each `tiers` subcommand run as a user or CI runs it: the real `abmctl` in a subprocess."""

from __future__ import annotations

import json
from pathlib import Path

from tests.support.cli import run
from tests.tiers.builders import OPEN_TIERS, TIERS, account, git, init_repo, make_registry


def test_tiers_plan_json_end_to_end(tmp_path: Path) -> None:
    sitting = [account(f"t1-{n}", 1, 90, 90, ae=None) for n in range(3)]
    make_registry(tmp_path, {"a.yaml": [
        *sitting, account("rising", 2, 90, 90, ae=None), account("slipping", 2, 50),
        account("fading", 3, 30),
    ]}, TIERS)
    done = run("tiers", "plan", "--as-of", "2026-10-05", "--format", "json", cwd=tmp_path)
    assert (done.returncode, done.stderr) == (0, "")
    assert json.loads(done.stdout) == {
        "version": 1, "as_of": "2026-10-05",
        "window": {"open": True, "start": "2026-10-01", "end": "2026-10-14",
                   "next_start": "2027-01-01"},
        "changes": [
            {"account": "slipping", "from": 2, "to": 3,
             "reason": "fails tier 2 keep: fit 50 < 60; meets tier 3 keep: fit 50 ≥ 40"},
            {"account": "fading", "from": 3, "to": None,
             "reason": "fails tier 3 keep: fit 30 < 40; no lower tier: leaves the list for "
                       "demand gen"},
        ],
        "held": [{"account": "rising", "from": 2, "to": 1,
                  "reason": "tier 1 at capacity (3)"}],
        # the text's capacity table: slipping leaves tier 2 for 3, fading leaves the list
        "capacity": [
            {"tier": 1, "name": "Strategic", "before": 3, "after": 3, "max_accounts": 3},
            {"tier": 2, "name": "Scaled", "before": 2, "after": 1, "max_accounts": None},
            {"tier": 3, "name": "Programmatic", "before": 1, "after": 1, "max_accounts": None},
        ],
        "excluded": [],
        "sources": [],
    }


def test_tiers_apply_end_to_end(tmp_path: Path) -> None:
    make_registry(tmp_path, {"a.yaml": [account("acme", 2, 90, 90)]}, OPEN_TIERS)
    done = run("tiers", "apply", "--as-of", "2026-10-05", cwd=tmp_path)
    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout.splitlines() == [
        "Applied 1 tier change in 1 file (tier_since: 2026-10-05).",
        "  acme: tier 2 → 1  (registry/accounts/a.yaml:2)",
    ]
    text = (tmp_path / "registry/accounts/a.yaml").read_text()
    assert "    tier: 1\n    tier_since: 2026-10-05\n" in text
    refused = run("tiers", "apply", "--as-of", "2026-10-15", cwd=tmp_path)
    assert refused.returncode == 1
    assert refused.stderr.startswith("abmctl: error: tiers apply refused: the review window is "
                                     "closed (it ran 2026-10-01 to 2026-10-14); the next opens "
                                     "on 2027-01-01")


def test_tiers_diff_end_to_end(tmp_path: Path) -> None:
    make_registry(tmp_path, {"a.yaml": [account("acme", 2, 90, 90)]}, OPEN_TIERS)
    init_repo(tmp_path)
    path = tmp_path / "registry/accounts/a.yaml"
    # promoted mid-cycle: tier_since is outside the Q4 window (2026-10-01..14)
    path.write_text(path.read_text().replace("tier: 2\n    tier_since: 2026-07-01",
                                             "tier: 1\n    tier_since: 2026-11-23"))
    done = run("tiers", "diff", "main", "--as-of", "2026-11-23", "--format", "json",
               cwd=tmp_path)
    assert (done.returncode, done.stderr) == (1, "")
    document = json.loads(done.stdout)
    assert [(c["account"], c["from"], c["to"], c["kind"], c["plan"]["verdict"], c["findings"])
            for c in document["changes"]] == [("acme", 2, 1, "promoted", "proposed", ["ABM205"])]
    assert [(f["code"], f["line"]) for f in document["findings"]] == [("ABM205", 6)]
    unknown = run("tiers", "diff", "nope", cwd=tmp_path)
    assert unknown.returncode == 2
    assert unknown.stderr == ("abmctl: error: unknown revision 'nope': no such commit, branch "
                              "or tag in this repository (fetch it first?)\n")
    assert git(tmp_path, "status", "--porcelain") == " M registry/accounts/a.yaml\n"
