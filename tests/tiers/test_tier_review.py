"""`tiers diff` reviews each change against the plan at the base (ABM209), its `tier_since`
(ABM205, ABM208) and shows why (SPEC §3.1), in a real git repository."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.support.cli import invoke
from tests.tiers.builders import OPEN_TIERS, account, git, init_repo, make_registry

WINDOW_DAY = "2026-10-05"  # inside the Q4 window (2026-10-01..14)
MID_QUARTER = "2026-11-18"
REVIEW_CODES = {"ABM205", "ABM208", "ABM209"}


def start(root: Path, *extra: str) -> Path:
    """main: `rising` (tier 2, meets tier 1 promote), `slipping` (tier 1, fails keep), `steady`
    and `weak` (tier 3, fit 55: below tier 1 and tier 2 promote), plus `extra` accounts."""
    make_registry(root, {"a.yaml": [
        account("rising", 2, 90, 90), account("slipping", 1, 65, 90),
        account("steady", 2, 75, 10), account("weak", 3, 55), *extra,
    ]}, OPEN_TIERS)
    init_repo(root)
    git(root, "checkout", "-q", "-b", "change")
    return root


def edit(root: Path, ident: str, old: str, new: str) -> None:
    """Replace `old` with `new` inside account `ident`'s block."""
    path = root / "registry/accounts/a.yaml"
    text = path.read_text()
    begin = text.index(f"  - id: {ident}")
    end = text.find("  - id: ", begin + 1)
    end = len(text) if end < 0 else end
    assert old in text[begin:end], (old, text[begin:end])
    path.write_text(text[:begin] + text[begin:end].replace(old, new) + text[end:])


def diff(root: Path, as_of: str, fmt: str = "json") -> tuple[int, Any]:
    done = invoke("tiers", "diff", "main", "--root", str(root), "--as-of", as_of,
                  "--format", fmt)
    assert "Traceback" not in done.stderr
    return done.returncode, json.loads(done.stdout) if fmt == "json" else done.stdout


def codes(document: dict[str, Any]) -> list[tuple[str, str]]:
    return [(f["code"], f["account"]) for f in document["findings"]]


@pytest.mark.parametrize("ci_day", [WINDOW_DAY, "2027-03-20"])
def test_a_pull_request_that_applies_the_plan_passes_on_any_later_day(tmp_path: Path,
                                                                      ci_day: str) -> None:
    root = start(tmp_path)
    applied = invoke("tiers", "apply", "--root", str(root), "--as-of", WINDOW_DAY)
    assert applied.returncode == 0, applied.stderr
    code, document = diff(root, ci_day)
    assert [(c["account"], c["kind"], c["plan"]["verdict"], c["plan"]["as_of"])
            for c in document["changes"]] == [("rising", "promoted", "proposed", WINDOW_DAY),
                                              ("slipping", "demoted", "proposed", WINDOW_DAY)]
    assert not {f["code"] for f in document["findings"]} & REVIEW_CODES
    assert code == 0


def test_a_hand_promotion_below_the_target_tiers_promote_is_abm209_with_its_scores(
    tmp_path: Path,
) -> None:
    root = start(tmp_path)
    edit(root, "weak", "tier: 3\n    tier_since: 2026-07-01",
         f"tier: 1\n    tier_since: {WINDOW_DAY}")
    code, document = diff(root, WINDOW_DAY)
    assert code == 0  # a warning: --fail-on warning blocks it
    found = [f for f in document["findings"] if f["code"] == "ABM209"]
    assert [(f["severity"], f["account"], f["line"]) for f in found] == [("warning", "weak", 32)]
    assert found[0]["message"] == (
        "weak: promoted from tier 3 to tier 1, but the plan at main as of 2026-10-05 does not "
        "propose it (tier 1 promote: fit 55 < 80, intent 0 < 60); keep the tier the plan "
        "gives, or mark a deliberate override on the account with "
        '# abmctl: ignore[ABM209] reason="..."')
    (change,) = document["changes"]
    assert change["plan"]["verdict"] == "not proposed"
    assert change["plan"]["scores"][0]["checks"][0] == {
        "score": "fit", "value": 55, "threshold": 80, "met": False}
    assert "ABM209" in change["findings"]
    failing = invoke("tiers", "diff", "main", "--root", str(root), "--as-of", WINDOW_DAY,
                     "--fail-on", "warning")
    assert failing.returncode == 1


def test_a_change_to_another_tier_than_the_plans_is_abm209(tmp_path: Path) -> None:
    root = start(tmp_path)
    # the plan moves slipping from tier 1 to tier 2; the pull request drops it to tier 3
    edit(root, "slipping", "tier: 1\n    tier_since: 2026-07-01",
         f"tier: 3\n    tier_since: {WINDOW_DAY}")
    _, document = diff(root, WINDOW_DAY)
    (change,) = document["changes"]
    assert (change["plan"]["verdict"], change["plan"]["instead"]) == ("other tier", "to tier 2")
    (found,) = [f for f in document["findings"] if f["code"] == "ABM209"]
    assert "but the plan at main as of 2026-10-05 moves it to tier 2" in found["message"]


def test_an_override_with_a_reason_is_kept_and_one_without_is_not(tmp_path: Path) -> None:
    root = start(tmp_path)
    edit(root, "weak", "tier: 3\n    tier_since: 2026-07-01",
         f"tier: 1\n    tier_since: {WINDOW_DAY}")
    edit(root, "weak", "  - id: weak\n", "  - id: weak  # abmctl: ignore[ABM209]\n")
    _, document = diff(root, WINDOW_DAY)
    (found,) = [f for f in document["findings"] if f["code"] == "ABM209"]
    assert found["message"].endswith(
        "(the suppression on line 29 gives no reason=, which this rule needs)")
    edit(root, "weak", "ignore[ABM209]\n", 'ignore[ABM209] reason="signed partnership"\n')
    _, document = diff(root, WINDOW_DAY)
    assert "ABM209" not in {f["code"] for f in document["findings"]}
    assert document["changes"][0]["plan"]["verdict"] == "not proposed"  # still shown


def test_changing_tier_without_tier_since_is_abm208(tmp_path: Path) -> None:
    root = start(tmp_path)
    edit(root, "rising", "tier: 2\n", "tier: 1\n")
    code, document = diff(root, WINDOW_DAY)
    assert code == 1
    assert ("ABM208", "rising") in codes(document)


@pytest.mark.parametrize(("tier", "expected"), [(3, []), (1, [("ABM205", "fresh")])])
def test_a_new_account_added_mid_quarter(tmp_path: Path, tier: int,
                                         expected: list[tuple[str, str]]) -> None:
    root = start(tmp_path)
    path = root / "registry/accounts/a.yaml"
    path.write_text(path.read_text() + account("fresh", tier, 85, tier_since=MID_QUARTER))
    code, document = diff(root, MID_QUARTER)
    assert [(c["account"], c["kind"], c["plan"]["verdict"]) for c in document["changes"]] == [
        ("fresh", "added", "new")]
    assert [c for c in codes(document) if c[0] in REVIEW_CODES] == expected
    assert code == (1 if expected else 0)


def test_text_and_markdown_show_scores_verdict_and_findings_per_change(tmp_path: Path) -> None:
    root = start(tmp_path)
    edit(root, "weak", "tier: 3\n    tier_since: 2026-07-01",
         f"tier: 1\n    tier_since: {WINDOW_DAY}")
    _, text = diff(root, WINDOW_DAY, "text")
    assert ("weak\n  scores    tier 1 promote: fit 55 < 80, intent 0 < 60\n"
            "  plan      not proposed (plan at main as of 2026-10-05)\n"
            "  findings  ABM204 warning, ABM209 warning") in text
    _, markdown = diff(root, WINDOW_DAY, "markdown")
    assert ("| `weak` | ⬆️ promoted | 3 | 1 | `registry/accounts/a.yaml:32` | tier 1 promote: "
            "fit 55 < 80, intent 0 < 60 | not proposed (plan at main as of 2026-10-05) |"
            in markdown)
    assert "⚠️ ABM209" in markdown


def test_markdown_prints_nothing_when_no_tier_changed(tmp_path: Path) -> None:
    root = start(tmp_path)
    edit(root, "weak", "name: Weak", "name: Weak Ltd")  # an edit, but no tier change
    code, markdown = diff(root, WINDOW_DAY, "markdown")
    assert (code, markdown) == (0, "")
    _, text = diff(root, WINDOW_DAY, "text")
    assert "0 tier changes" in text  # the terminal still says so
