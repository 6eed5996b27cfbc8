"""ABM401-ABM405: an agreement with every partner team, saying what its kind must say, with a
kickoff, a sync that is kept, and (product marketing) a fresh messaging framework."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from abmctl.catalogue.base import Context
from abmctl.catalogue.runner import run_rules
from abmctl.findings import Finding
from abmctl.load.registry_files import load_registry
from abmctl.scorecard.metrics import agreement_compliance
from tests.catalogue.builders import AS_OF, line_of, lint, record_file, where
from tests.support.registry import write

TEAMS = """
territories: [emea]
teams:
  - {id: abm, kind: abm}
  - {id: sales, kind: sales}
  - {id: sdr, kind: sdr}
  - {id: emea-field, kind: regional_marketing, territories: [emea]}
  - {id: email-ops, kind: email_ops}
  - {id: events, kind: events}
  - {id: pmm, kind: product_marketing}
  - {id: cs, kind: customer_success}
  - {id: sales-leadership, kind: sales_leadership}
people: []
"""

# one agreement per partner team, each saying all it must, none overdue on 2026-11-23
GOOD: dict[str, dict[str, str | None]] = {
    "sales": {"cadence": "weekly", "reviewed": "2026-11-20",
              "decides": "{before_meeting: abm, after_meeting: ae}"},
    "emea-field": {"cadence": "biweekly", "reviewed": "2026-11-16"},
    "email-ops": {"cadence": "monthly", "reviewed": "2026-11-03",
                  "abm_provides": "[account_list, copy, send_window]"},
    "events": {"cadence": "monthly", "reviewed": "2026-11-03",
               "lead_time_days": "{major: 90, minor: 60}"},
    "pmm": {"cadence": "monthly", "reviewed": "2026-11-03",
            "messaging_refreshed": "2026-10-01"},
    "sales-leadership": {"cadence": "quarterly", "reviewed": "2026-10-08"},
}


def agreement(root: Path, partner: str, **changes: str | None) -> Path:
    fields = {"partner": partner, "kickoff": "2026-01-15", **GOOD[partner], **changes}
    return record_file(root, f"registry/agreements/{partner}.yaml", fields)


@pytest.fixture
def root(registry_root: Path) -> Path:
    write(registry_root, "registry/teams.yaml", TEAMS)
    for partner in GOOD:
        agreement(registry_root, partner)
    return registry_root


def test_the_baseline_agreements_are_clean(root: Path) -> None:
    assert lint(root, "ABM4") == []


# --- ABM401 ----------------------------------------------------------------------------------

def test_a_partner_team_without_an_agreement_is_abm401_at_the_team(root: Path) -> None:
    (root / "registry/agreements/events.yaml").unlink()
    found = lint(root, "ABM4")
    teams = root / "registry/teams.yaml"
    assert where(found) == [("ABM401", "registry/teams.yaml", line_of(teams, "id: events"))]
    assert found[0].message == ("partner team 'events' (events) has no agreement in "
                                "registry/agreements/")


def _as_it_is(root: Path) -> list[Finding]:
    """The ABM00x and ABM4xx findings, the registry taken as it is (load errors and all)."""
    found = run_rules(load_registry(root), Context(as_of=AS_OF), ["load", "lint"])
    return [f for f in found if f.code.startswith(("ABM00", "ABM4"))]


@pytest.mark.parametrize("text", [
    "partner: events\nkickoff: 2026-01-15\ncadence: monthly2\nreviewed: 2026-11-03\n",
    "partner: events\nkickoff: [[[\n",  # not YAML: its `partner:` line says whose it is
])
def test_an_agreement_that_does_not_load_is_not_called_missing(root: Path, text: str) -> None:
    (root / "registry/agreements/events.yaml").write_text(text, encoding="utf-8")
    found = [(f.code, f.path) for f in _as_it_is(root)]
    assert found and all(path == "registry/agreements/events.yaml"
                         and code in ("ABM001", "ABM002") for code, path in found), found


def test_an_agreement_that_does_not_load_covers_only_its_partner(root: Path) -> None:
    (root / "registry/agreements/events.yaml").write_text(
        "partner: events\ncadence: often\n", encoding="utf-8")
    (root / "registry/agreements/pmm.yaml").unlink()
    missing = [f.message for f in _as_it_is(root) if f.code == "ABM401"]
    assert missing == ["partner team 'pmm' (product_marketing) has no agreement in "
                       "registry/agreements/"]


def test_an_agreement_naming_no_readable_partner_keeps_abm401_quiet(root: Path) -> None:
    # a file that does not load and names no partner may be any team's: no team is told it
    # has none, while the file's own error stands
    (root / "registry/agreements/events.yaml").write_text("[[[\n", encoding="utf-8")
    (root / "registry/agreements/pmm.yaml").unlink()
    assert [(f.code, f.path) for f in _as_it_is(root)] == [
        ("ABM001", "registry/agreements/events.yaml")]


def test_abm_sdr_and_customer_success_need_no_agreement(root: Path) -> None:
    assert not (root / "registry/agreements/cs.yaml").exists()
    assert lint(root, "ABM401") == []


def test_a_registry_with_no_teams_or_agreements_has_no_abm4_findings(tmp_path: Path) -> None:
    write(tmp_path, "registry/teams.yaml", "teams: []\n")
    assert lint(tmp_path, "ABM4") == []


# --- ABM402 ----------------------------------------------------------------------------------

@pytest.mark.parametrize(("partner", "changes", "field", "message"), [
    ("sales", {"cadence": "biweekly"}, "cadence",
     "cadence biweekly is less often than the weekly sync a sales partner needs"),
    ("sales", {"cadence": None}, "partner", "no cadence; a sales sync is weekly"),
    ("sales", {"decides": None}, "partner",
     "no 'decides'; it must say before_meeting: abm, after_meeting: ae"),
    ("sales", {"decides": "{before_meeting: abm, after_meeting: sales}"}, "decides",
     "decides.after_meeting is sales; it must be ae"),
    ("email-ops", {"abm_provides": "[account_list, copy]"}, "abm_provides",
     "abm_provides lacks send_window"),
    ("email-ops", {"abm_provides": None}, "partner",
     "abm_provides lacks account_list, copy, send_window"),
    ("events", {"lead_time_days": "{major: 89, minor: 60}"}, "lead_time_days",
     "lead_time_days.major is 89; it must be at least 90"),
    ("events", {"lead_time_days": "{major: 90, minor: 59}"}, "lead_time_days",
     "lead_time_days.minor is 59; it must be at least 60"),
    ("events", {"lead_time_days": None}, "partner",
     "no 'lead_time_days'; it must give major ≥ 90 and minor ≥ 60 days"),
    ("pmm", {"messaging_refreshed": None}, "partner",
     "no 'messaging_refreshed' date for the shared messaging framework"),
    ("sales-leadership", {"cadence": "quarterly", "reviewed": "2026-10-08",
                          "x-note": "fine"}, "", ""),
])
def test_an_agreement_lacking_what_its_kind_must_say_is_abm402(
    root: Path, partner: str, changes: dict[str, str | None], field: str, message: str
) -> None:
    path = agreement(root, partner, **changes)
    found = lint(root, "ABM402")
    if not message:
        assert found == []
        return
    assert where(found) == [("ABM402", f"registry/agreements/{partner}.yaml",
                             line_of(path, f"{field}:"))]
    assert found[0].message == f"agreement with {partner}: {message}"


@pytest.mark.parametrize(("partner", "cadence"), [
    ("sales", "weekly"), ("emea-field", "weekly"), ("sales-leadership", "monthly"),
    ("events", "biweekly"),
])
def test_a_cadence_as_often_or_more_often_than_required_passes_abm402(
    root: Path, partner: str, cadence: str
) -> None:
    agreement(root, partner, cadence=cadence, reviewed="2026-11-20")
    assert lint(root, "ABM402") == []


def test_longer_lead_times_and_more_provided_items_pass_abm402(root: Path) -> None:
    agreement(root, "events", lead_time_days="{major: 120, minor: 75}")
    agreement(root, "email-ops", abm_provides="[send_window, copy, account_list, audience]")
    assert lint(root, "ABM402") == []


def test_the_required_cadence_comes_from_engagement_yaml(root: Path) -> None:
    write(root, "rules/engagement.yaml", "cadences: {sales_leadership: monthly}\n")
    (found,) = lint(root, "ABM402")
    assert found.message == ("agreement with sales-leadership: cadence quarterly is less often "
                             "than the monthly sync a sales_leadership partner needs")


# --- ABM403 ----------------------------------------------------------------------------------

def test_an_agreement_without_kickoff_is_abm403(root: Path) -> None:
    agreement(root, "pmm", kickoff=None)
    found = lint(root, "ABM403")
    assert where(found) == [("ABM403", "registry/agreements/pmm.yaml", 1)]
    assert found[0].severity == "warning"


def test_an_agreement_with_a_kickoff_is_not_abm403(root: Path) -> None:
    agreement(root, "pmm", kickoff="2026-11-23")
    assert lint(root, "ABM403") == []


# --- ABM404 ----------------------------------------------------------------------------------

@pytest.mark.parametrize(("partner", "cadence", "reviewed", "overdue"), [
    ("sales", "weekly", "2026-11-16", False),            # 7 days
    ("sales", "weekly", "2026-11-15", True),             # 8 days
    ("emea-field", "biweekly", "2026-11-09", False),     # 14 days
    ("emea-field", "biweekly", "2026-11-08", True),      # 15 days
    ("events", "monthly", "2026-10-23", False),          # 31 days
    ("events", "monthly", "2026-10-22", True),           # 32 days
    ("sales-leadership", "quarterly", "2026-08-23", False),  # 92 days
    ("sales-leadership", "quarterly", "2026-08-22", True),   # 93 days
])
def test_a_sync_older_than_its_cadence_allows_is_abm404(
    root: Path, partner: str, cadence: str, reviewed: str, overdue: bool
) -> None:
    path = agreement(root, partner, cadence=cadence, reviewed=reviewed)
    found = lint(root, "ABM404")
    if not overdue:
        assert found == []
        return
    assert where(found) == [("ABM404", f"registry/agreements/{partner}.yaml",
                             line_of(path, "reviewed:"))]
    assert f"the {cadence} sync was last held {reviewed}" in found[0].message


@pytest.mark.parametrize(("cadence", "allowed"), [
    ("weekly", 7), ("biweekly", 14), ("monthly", 31), ("quarterly", 92)])
@pytest.mark.parametrize(("extra", "overdue"), [(0, False), (1, True), (None, True)])
def test_abm404_and_the_scorecard_agree_on_when_a_sync_is_overdue(
    root: Path, cadence: str, allowed: int, extra: int | None, overdue: bool
) -> None:
    # exactly `allowed` days ago is on time; one day more is overdue; never held is overdue
    reviewed = None if extra is None else (AS_OF - timedelta(days=allowed + extra)).isoformat()
    agreement(root, "sales-leadership", cadence=cadence, reviewed=reviewed)
    linted = [f.code for f in lint(root, "ABM404")]
    metric = agreement_compliance(load_registry(root), AS_OF)
    assert linted == (["ABM404"] if overdue else [])
    assert [p.subject for p in metric.pulling_down] == (["sales-leadership"] if overdue else [])
    assert metric.numerator == metric.denominator - overdue  # the fixture's others are kept


def test_without_a_cadence_the_partner_kinds_cadence_decides_abm404(root: Path) -> None:
    agreement(root, "sales", cadence=None, reviewed="2026-11-15")   # sales: weekly
    assert [f.code for f in lint(root, "ABM404")] == ["ABM404"]


def test_a_sync_never_held_is_abm404(root: Path) -> None:
    agreement(root, "events", reviewed=None)
    (found,) = lint(root, "ABM404")
    assert found.message == ("agreement with events: the monthly sync was never held (no "
                             "'reviewed' date)")


def test_an_agreement_with_no_cadence_and_no_default_is_not_abm404(root: Path) -> None:
    record_file(root, "registry/agreements/cs.yaml", {"partner": "cs", "kickoff": "2026-01-15"})
    assert lint(root, "ABM404") == []


# --- ABM405 ----------------------------------------------------------------------------------

@pytest.mark.parametrize(("refreshed", "stale"), [
    ("2026-08-23", False),   # 92 days before 2026-11-23: a quarter
    ("2026-08-22", True),    # 93 days
])
def test_a_messaging_framework_older_than_a_quarter_is_abm405(root: Path, refreshed: str,
                                                              stale: bool) -> None:
    path = agreement(root, "pmm", messaging_refreshed=refreshed)
    found = lint(root, "ABM4")
    if not stale:
        assert found == []
        return
    assert where(found) == [("ABM405", "registry/agreements/pmm.yaml",
                             line_of(path, "messaging_refreshed:"))]
    assert found[0].message == ("agreement with pmm: messaging framework last refreshed "
                                "2026-08-22, 93 days ago; it is refreshed every quarter "
                                "(92 days)")


def test_lint_yaml_can_raise_abm404_to_an_error(root: Path) -> None:
    write(root, "rules/lint.yaml", "severity: {ABM404: error}\n")
    agreement(root, "events", reviewed=None)
    assert [(f.code, f.severity) for f in lint(root, "ABM4")] == [("ABM404", "error")]
