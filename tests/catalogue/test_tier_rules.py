"""ABM201-ABM207: named owners, seats per tier and per AE, keep thresholds, review windows,
intent without fit, territories."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from tests.catalogue.builders import TIER1_OWNERS, account, accounts_file, line_of, lint, where
from tests.support.registry import write

TEAMS = """
territories: [emea, na-east]
teams:
  - {id: abm, kind: abm}
  - {id: sales, kind: sales}
  - {id: sdr, kind: sdr}
people:
  - {id: ana.lima, name: Ana Lima, team: sales, role: ae, territories: [emea], capacity: {1: 1}}
  - {id: tom.becker, name: Tom Becker, team: sales, role: ae, territories: [emea]}
  - {id: lee.park, name: Lee Park, team: sales, role: ae}
  - {id: raj.patel, name: Raj Patel, team: sdr, role: sdr, territories: [emea]}
  - {id: mei.chen, name: Mei Chen, team: abm, role: abm, territories: [emea, na-east]}
"""

# small caps so a test can fill them: tier 1 holds 3 accounts, 2 per AE
TIERS = """
review: {cadence: quarterly, window_days: 14}
tiers:
  - {id: 1, name: Strategic, motion: one_to_one, max_accounts: 3, max_per_ae: 2,
     requires: [ae, sdr, abm], promote: {fit: 80, intent: 60},
     keep: {fit: 70, intent: 30, acv_potential: 50000}}
  - {id: 2, name: Scaled, motion: one_to_few, max_per_ae: 40, requires: [ae],
     promote: {fit: 70, intent: 40}, keep: {fit: 60}}
  - {id: 3, name: Programmatic, motion: one_to_many, promote: {fit: 50}, keep: {fit: 40}}
"""


@pytest.fixture
def root(registry_root: Path) -> Path:
    write(registry_root, "registry/teams.yaml", TEAMS)
    write(registry_root, "rules/tiers.yaml", TIERS)
    return registry_root


def t1(ident: str, ae: str = "tom.becker", **fields: str | None) -> str:
    """A Tier 1 account that meets every tier 1 rule unless `fields` say otherwise."""
    base: dict[str, str | None] = {
        "tier": "1", "owners": f"{{ae: {ae}, sdr: raj.patel, abm: mei.chen}}",
        "scores": "{fit: 90, intent: 50}", "acv_potential": "250000",
    }
    return account(ident, **{**base, **fields})


# --- ABM201 ----------------------------------------------------------------------------------

def test_each_required_role_missing_is_one_abm201_at_owners(root: Path) -> None:
    path = accounts_file(root, t1("northwind", owners="{ae: tom.becker}"))
    found = lint(root, "ABM201")
    line = line_of(path, "owners:")
    assert where(found) == [("ABM201", "registry/accounts/a.yaml", line)] * 2
    assert [f.message for f in found] == [
        "northwind: tier 1 requires a named sdr owner; owners has no sdr",
        "northwind: tier 1 requires a named abm owner; owners has no abm",
    ]


def test_a_tier_2_account_without_any_owners_needs_an_ae(root: Path) -> None:
    accounts_file(root, account("contoso", tier="2"))
    (found,) = lint(root, "ABM201")
    assert (found.line, found.account) == (2, "contoso")  # no owners key: the record's line
    assert "requires a named ae owner" in found.message


@pytest.mark.parametrize("item", [
    t1("northwind", owners=TIER1_OWNERS), account("contoso", tier="2", owners="{ae: lee.park}"),
    account("fabrikam", tier="3"),
])
def test_owners_in_every_required_role_pass_abm201(root: Path, item: str) -> None:
    accounts_file(root, item)
    assert lint(root, "ABM201") == []


# --- ABM202 ----------------------------------------------------------------------------------

@pytest.mark.parametrize(("count", "over"), [(3, False), (4, True)])
def test_a_tier_over_max_accounts_is_abm202_at_the_first_account_over(
    root: Path, count: int, over: bool
) -> None:
    owners = ["tom.becker", "tom.becker", "lee.park", "lee.park"]
    items = [t1(f"acct-{n}", ae=owners[n]) for n in range(count)]
    accounts_file(root, *items[:2], name="a.yaml")
    second = accounts_file(root, *items[2:], name="b.yaml")
    found = lint(root, "ABM202")
    if not over:
        assert found == []
        return
    assert where(found) == [("ABM202", "registry/accounts/b.yaml", line_of(second, "tier:", 2))]
    assert found[0].message == ("tier 1 holds 4 accounts; max_accounts is 3 (acct-3 is the "
                                "first over the cap)")
    assert found[0].account == "acct-3"


def test_a_tier_without_max_accounts_has_no_cap(root: Path) -> None:
    accounts_file(root, *[account(f"acct-{n}") for n in range(5)])
    assert lint(root, "ABM202") == []


# --- ABM203 ----------------------------------------------------------------------------------

@pytest.mark.parametrize(("count", "over"), [(2, False), (3, True)])
def test_an_ae_over_max_per_ae_is_abm203(root: Path, count: int, over: bool) -> None:
    write(root, "rules/tiers.yaml", TIERS.replace("max_accounts: 3", "max_accounts: 50"))
    path = accounts_file(root, *[t1(f"acct-{n}") for n in range(count)],
                         t1("other", ae="lee.park"))
    found = lint(root, "ABM203")
    if not over:
        assert found == []
        return
    assert where(found) == [("ABM203", "registry/accounts/a.yaml",
                             line_of(path, "owners:", 3))]
    assert found[0].message == ("tom.becker holds 3 tier 1 accounts; their cap is 2 (tier 1 "
                                "max_per_ae; acct-2 is the first over it)")


def test_a_persons_own_capacity_overrides_max_per_ae(root: Path) -> None:
    accounts_file(root, t1("one", ae="ana.lima"), t1("two", ae="ana.lima"))
    (found,) = lint(root, "ABM203")
    assert found.message == ("ana.lima holds 2 tier 1 accounts; their cap is 1 (capacity "
                             "{1: 1} in teams.yaml; two is the first over it)")


def test_only_the_ae_role_counts_towards_the_ae_cap(root: Path) -> None:
    # ana.lima (tier 1 cap 1) is the AE of one Tier 1 account and the abm owner of another
    accounts_file(root, t1("one", ae="ana.lima"),
                  t1("two", owners="{ae: tom.becker, sdr: raj.patel, abm: ana.lima}"),
                  account("three", tier="3", owners="{ae: ana.lima}"))
    assert lint(root, "ABM203") == []


# --- ABM204 ----------------------------------------------------------------------------------

@pytest.mark.parametrize(("scores", "acv", "failed"), [
    ("{fit: 70, intent: 30}", "50000", ""),                    # exactly at every threshold
    ("{fit: 69, intent: 30}", "50000", "fit 69 < 70"),
    ("{fit: 90, intent: 29}", "50000", "intent 29 < 30"),
    ("{intent: 30}", "50000", "fit 0 < 70"),                   # a missing score is 0
    ("{fit: 90, intent: 30}", None, "acv_potential 0 < 50,000"),
])
def test_an_account_failing_its_tiers_keep_is_abm204(
    root: Path, scores: str, acv: str | None, failed: str
) -> None:
    path = accounts_file(root, t1("northwind", scores=scores, acv_potential=acv))
    found = lint(root, "ABM204")
    if not failed:
        assert found == []
        return
    assert where(found) == [("ABM204", "registry/accounts/a.yaml", line_of(path, "tier:"))]
    assert found[0].message == f"northwind: fails tier 1 keep: {failed}"


def test_intent_from_the_signals_replaces_scores_intent(root: Path) -> None:
    accounts_file(root, t1("northwind", scores="{fit: 90, intent: 80}"))
    assert lint(root, "ABM204", intent={"northwind": 80}) == []
    (found,) = lint(root, "ABM204", intent={"northwind": 15})
    assert found.message == "northwind: fails tier 1 keep: intent 15 < 30"


def test_a_tier_with_no_keep_thresholds_keeps_everyone(root: Path) -> None:
    write(root, "rules/tiers.yaml", "tiers:\n  - {id: 1, name: All, motion: one_to_one}\n")
    accounts_file(root, account("northwind", tier="1", scores="{}"))
    assert lint(root, "ABM204") == []


def test_an_account_off_the_motion_is_not_checked_against_keep(root: Path) -> None:
    accounts_file(root, t1("northwind", scores="{fit: 10}", stage="closed_lost"))
    assert lint(root, "ABM204") == []


# --- ABM205 ----------------------------------------------------------------------------------

@pytest.mark.parametrize(("since", "window"), [
    ("2026-10-01", None), ("2026-10-14", None),              # first and last day of the window
    ("2026-10-15", "Q4 window (2026-10-01..2026-10-14)"),    # first day outside
    ("2026-09-30", "Q3 window (2026-07-01..2026-07-14)"),
])
def test_tier_since_outside_its_review_window_is_abm205(root: Path, since: str,
                                                        window: str | None) -> None:
    path = accounts_file(root, account("northwind", tier="2", tier_since=since))
    found = lint(root, "ABM205")
    if window is None:
        assert found == []
        return
    assert where(found) == [("ABM205", "registry/accounts/a.yaml",
                             line_of(path, "tier_since:"))]
    assert f"northwind: tier 2 since {since}, after the {window}" in found[0].message


@pytest.mark.parametrize("since", ["2026-10-15", "2026-09-30", "2026-11-23"])
def test_the_lowest_tier_may_have_any_tier_since(root: Path, since: str) -> None:
    # new accounts enter the list on any day, at the lowest tier (tier 3 here)
    accounts_file(root, account("northwind", tier="3", tier_since=since))
    assert lint(root, "ABM205") == []


@pytest.mark.parametrize(("tier", "flagged"), [("1", True), ("2", True), ("3", False)])
def test_a_tier_since_after_the_as_of_date_is_abm205_above_the_lowest_tier(
    root: Path, tier: str, flagged: bool
) -> None:
    accounts_file(root, t1("northwind", tier=tier, tier_since="2027-01-05"))  # in Q1's window
    found = lint(root, "ABM205", as_of=date(2026, 11, 23))
    assert len(found) == flagged
    if flagged:
        assert "since 2027-01-05, after the as-of date 2026-11-23" in found[0].message
    assert lint(root, "ABM205", as_of=date(2027, 1, 5)) == []


@pytest.mark.parametrize("as_of", [date(2026, 10, 5), date(2026, 11, 23), date(2027, 3, 1)])
def test_abm205_does_not_depend_on_the_day_lint_runs(root: Path, as_of: date) -> None:
    accounts_file(root, account("inside", tier="2", tier_since="2026-10-05"),
                  account("outside", tier="2", tier_since="2026-09-30"))
    assert [f.account for f in lint(root, "ABM205", as_of=as_of)] == ["outside"]


@pytest.mark.parametrize(("review", "since", "named"), [
    ("{cadence: monthly, window_days: 5}", "2026-11-06", "November 2026 window "
                                                         "(2026-11-01..2026-11-05)"),
    ("{cadence: weekly, window_days: 2}", "2026-11-18", "week of 2026-11-16 window "
                                                        "(2026-11-16..2026-11-17)"),
    ("{cadence: quarterly, window_days: 14, year_start_month: 2}", "2026-11-15",
     "fiscal Q4 window (2026-11-01..2026-11-14)"),
])
def test_abm205_names_the_window_of_any_cadence(root: Path, review: str, since: str,
                                                named: str) -> None:
    write(root, "rules/tiers.yaml", TIERS.replace("{cadence: quarterly, window_days: 14}",
                                                  review))
    accounts_file(root, account("northwind", tier="2", tier_since=since))
    (found,) = lint(root, "ABM205")
    assert f", after the {named}" in found.message


def test_an_account_without_tier_since_is_not_abm205(root: Path) -> None:
    accounts_file(root, account("northwind", tier="2", tier_since=None))
    assert lint(root, "ABM205") == []


# --- ABM206 ----------------------------------------------------------------------------------

@pytest.mark.parametrize(("tier", "scores", "flagged"), [
    ("1", "{fit: 69, intent: 60}", True),    # fit below keep.fit, intent at promote.intent
    ("1", "{fit: 69, intent: 59}", False),   # intent just below promote.intent
    ("1", "{fit: 70, intent: 95}", False),   # fit at keep.fit
    ("2", "{fit: 59, intent: 40}", True),
    ("3", "{fit: 10, intent: 99}", False),   # Tier 3 is demand gen's anyway
])
def test_high_intent_without_fit_in_tier_1_or_2_is_abm206(
    root: Path, tier: str, scores: str, flagged: bool
) -> None:
    path = accounts_file(root, t1("northwind", tier=tier, scores=scores))
    found = lint(root, "ABM206")
    if not flagged:
        assert found == []
        return
    assert where(found) == [("ABM206", "registry/accounts/a.yaml", line_of(path, "tier:"))]
    assert "demand gen lead" in found[0].message


# --- ABM207 ----------------------------------------------------------------------------------

def test_each_owner_outside_the_accounts_region_is_abm207(root: Path) -> None:
    path = accounts_file(root, t1("northwind", region="na-east"))
    found = lint(root, "ABM207")
    assert where(found) == [("ABM207", "registry/accounts/a.yaml", line_of(path, "owners:"))] * 2
    assert [f.message for f in found] == [
        "northwind: ae tom.becker covers emea, not the account's region na-east",
        "northwind: sdr raj.patel covers emea, not the account's region na-east",
    ]


@pytest.mark.parametrize(("region", "owners"), [
    ("emea", "{ae: tom.becker, sdr: raj.patel, abm: mei.chen}"),
    ("na-east", "{ae: lee.park, abm: mei.chen}"),    # lee.park lists no territories: covers all
    (None, "{ae: tom.becker}"),
])
def test_owners_who_cover_the_region_pass_abm207(root: Path, region: str | None,
                                                 owners: str) -> None:
    accounts_file(root, account("northwind", region=region, owners=owners))
    assert lint(root, "ABM207") == []


def test_an_inline_comment_silences_abm206_until_its_date(root: Path) -> None:
    item = t1("northwind", scores="{fit: 65, intent: 70}").replace(
        "- id: northwind", '- id: northwind  # abmctl: ignore[ABM206] until=2026-12-31 '
        'reason="pilot"')
    accounts_file(root, item)
    assert lint(root, "ABM206") == []
    assert [f.code for f in lint(root, "ABM206", as_of=date(2027, 1, 1))] == ["ABM206"]


@pytest.mark.parametrize(("settings", "expired"), [
    ("", [("ABM004", "warning", "northwind")]),
    ("severity: {ABM004: error}\n", [("ABM004", "error", "northwind")]),
    ("ignore: [ABM004]\n", []),
])
def test_the_notice_of_an_expired_suppression_answers_to_lint_yaml(
    root: Path, settings: str, expired: list[tuple[str, str, str]]
) -> None:
    # the ABM004 a run adds is settled like any finding: lint.yaml may raise or drop it
    write(root, "rules/lint.yaml", settings or "ignore: []\n")
    item = t1("northwind", scores="{fit: 65, intent: 70}").replace(
        "- id: northwind", "- id: northwind  # abmctl: ignore[ABM206] until=2026-12-31")
    accounts_file(root, item)
    found = lint(root, "ABM", as_of=date(2027, 1, 1))
    assert [(f.code, f.severity, f.account) for f in found if f.code == "ABM004"] == expired
    assert [f.code for f in found if f.code == "ABM206"] == ["ABM206"]
