"""Messages that say how to fix: each kind of mistake a person makes in a registry, and the
words that send them to the fix (the closest name, where it is defined, the valid values,
1-based labels, line and column), never the validation library's own phrasing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.support.cli import invoke
from tests.support.registry import write

AS_OF = "2026-11-23"
TEAMS = """
territories: [emea, na-east]
teams:
  - {id: abm, kind: abm}
  - {id: sales, kind: sales}
people:
  - {id: dana.whitfield, name: Dana Whitfield, team: sales, role: ae, territories: [emea]}
  - {id: mei.chen, name: Mei Chen, team: abm, role: abm, territories: [emea]}
"""
OK = """
  - id: northwind
    name: Northwind
    domains: [northwind.com]
    tier: 3
"""


def account(*lines: str) -> str:
    """An accounts file: a valid first account, then `contoso` with `lines` added."""
    body = "\n".join(f"    {line}" for line in lines)
    return ("accounts:" + OK + "  - id: contoso\n    name: Contoso\n    domains: [contoso.com]\n"
            + body + "\n")


def findings(tmp_path: Path, files: dict[str, str], *args: str) -> list[dict[str, object]]:
    write(tmp_path, "registry/teams.yaml", TEAMS)
    for rel, text in files.items():
        write(tmp_path, rel, text)
    done = invoke("lint", "--root", str(tmp_path), "--as-of", AS_OF, "--format", "json", *args)
    assert done.returncode in (0, 1), done.stderr
    found: list[dict[str, object]] = json.loads(done.stdout)["findings"]
    return found


def one(tmp_path: Path, code: str, files: dict[str, str], *args: str) -> dict[str, object]:
    """The one finding of `code`; no message of the run speaks the library's words."""
    found = findings(tmp_path, files, *args)
    assert not [f for f in found if "Input should" in str(f["message"])]
    (item,) = [f for f in found if f["code"] == code]
    return item


ACCOUNTS = "registry/accounts/emea.yaml"

# (what was written in contoso, the code, the words of the fix, line, column)
SCHEMA_MISTAKES = [
    ("scores: {fitt: 80}", "ABM002",
     "account 2 (id: contoso): unknown key 'fitt' in scores; did you mean 'fit'?", 10, 5),
    ("regoin: emea", "ABM002", "unknown key 'regoin'; did you mean 'region'?", 10, 5),
    ("owners: {AE: dana.whitfield}", "ABM002",
     "owners: 'AE' is not a valid key; did you mean 'ae'? (one of ae, sdr, abm", 10, 5),
    ("familiar: yes", "ABM002",
     "familiar: 'yes' is not true or false; YAML 1.2 reads yes, no, on and off as text: "
     "write true or false", 10, 5),
    ("tier: '1'", "ABM002",
     "tier: expected a whole number, got '1' (a quoted number is text: drop the quotes)", 9, 5),
    ("reviewed: 2026-02-30", "ABM002",
     "reviewed: '2026-02-30' is not a real date: day is out of range for month", 10, 5),
    ("stage: won", "ABM002", "stage: 'won' is not allowed; use one of awareness, engagement",
     10, 5),
    ("stage: Active", "ABM002", "stage: 'Active' is not allowed; did you mean 'active'?", 10, 5),
    ("acv_potential: -5", "ABM002", "acv_potential: must be at least 0.0, got -5", 10, 5),
    ("sources: sales", "ABM002", "sources: expected a list ([a, b] or one '- item' per line), "
     "got 'sales'", 10, 5),
    ("segment: 5", "ABM002", "segment: expected text, got 5", 10, 5),
]


@pytest.mark.parametrize(("written", "code", "words", "line", "column"), SCHEMA_MISTAKES)
def test_a_schema_mistake_names_the_fix_in_plain_words(
    tmp_path: Path, written: str, code: str, words: str, line: int, column: int
) -> None:
    text = account("tier: 3", written) if not written.startswith("tier:") else account(written)
    item = one(tmp_path, code, {ACCOUNTS: text})
    assert words in str(item["message"])
    assert (item["path"], item["line"], item["column"]) == (ACCOUNTS, line, column)


def test_a_date_mistake_shows_the_value_once(tmp_path: Path) -> None:
    item = one(tmp_path, "ABM002", {ACCOUNTS: account("tier: 3", "reviewed: 2026-02-30")})
    assert str(item["message"]).count("2026-02-30") == 1


def test_a_missing_key_and_a_list_too_short_are_named_on_the_1_based_record(
    tmp_path: Path,
) -> None:
    text = "accounts:" + OK + "  - id: contoso\n    domains: []\n    tier: 3\n"
    found = findings(tmp_path, {ACCOUNTS: text})
    messages = sorted(str(f["message"]) for f in found if f["code"] == "ABM002")
    assert messages == ["account 2 (id: contoso): domains: needs at least 1 item, got 0",
                        "account 2 (id: contoso): missing required key 'name'"]


def test_a_rules_file_mistake_names_the_tier_not_a_0_based_index(tmp_path: Path) -> None:
    rules = """
        review:
          cadense: quarterly
        tiers:
          - id: 1
            name: Strategic
            motion: one_to_one
            max_per_ae: "15"
            promote: {fitt: 80}
    """
    found = findings(tmp_path, {"rules/tiers.yaml": rules, ACCOUNTS: "accounts:" + OK})
    messages = [(f["line"], f["message"]) for f in found if f["path"] == "rules/tiers.yaml"]
    assert messages == [
        (2, "unknown key 'cadense' in review; did you mean 'cadence'?"),
        (7, "tier 1's max_per_ae: expected a whole number, got '15' (a quoted number is text: "
            "drop the quotes)"),
        (8, "unknown key 'fitt' in tier 1's promote; did you mean 'fit'?"),
    ]


REFERENCE_MISTAKES = [
    ("owners: {ae: dana.whitfeld}",
     "contoso: unknown person 'dana.whitfeld' in 'owners'; did you mean 'dana.whitfield'? "
     "(defined in registry/teams.yaml:6)"),
    ("region: no", "contoso: unknown territory 'no' in 'region'; the territories in "
     "registry/teams.yaml are emea or na-east"),
    ("region: na-est", "contoso: unknown territory 'na-est' in 'region'; did you mean "
     "'na-east'? (the territories in registry/teams.yaml are emea or na-east)"),
]


@pytest.mark.parametrize(("written", "words"), REFERENCE_MISTAKES)
def test_a_name_that_names_nothing_points_at_the_one_meant(
    tmp_path: Path, written: str, words: str
) -> None:
    item = one(tmp_path, "ABM003", {ACCOUNTS: account("tier: 3", written)})
    assert item["message"] == words
    assert (item["line"], item["column"]) == (10, 5)


def test_an_unknown_tier_lists_the_valid_tiers(tmp_path: Path) -> None:
    item = one(tmp_path, "ABM003", {ACCOUNTS: account("tier: 4")})
    assert item["message"] == ("contoso: unknown tier '4' in 'tier'; the built-in tiers are "
                               "1, 2 or 3")


def test_an_unknown_team_names_the_closest_and_where_it_is_defined(tmp_path: Path) -> None:
    teams = TEAMS + "  - {id: bo.berg, name: Bo Berg, team: salez, role: ae}\n"
    write(tmp_path, "registry/teams.yaml", teams)
    write(tmp_path, ACCOUNTS, "accounts:" + OK)
    done = invoke("lint", "--root", str(tmp_path), "--as-of", AS_OF, "--format", "json",
                  "--select", "ABM003")
    (item,) = json.loads(done.stdout)["findings"]
    assert item["message"] == ("bo.berg: unknown team 'salez' in 'team'; did you mean 'sales'? "
                               "(defined in registry/teams.yaml:4)")


@pytest.mark.parametrize(("text", "line", "column", "words"), [
    ("accounts:\n  - id: a\n    region:na-east\n    tier: 2\n", 3, 12,
     "invalid YAML: no space after the colon in 'region:na-east'; write 'region: na-east'"),
    ("accounts:\n  - id: a\n    domains: [a.com, b.com\n    tier: 2\n", 3, 14,
     "invalid YAML: the '[' opened here is not closed; end the list with ']' on this line"),
    ("accounts:\n  - id: a\n    name: A\n    name: B\n", 4, 5,
     "duplicate mapping key: 'name'; each key may appear once per mapping"),
    ("accounts:\n  - id: a\n    name: \"Acme\n  - id: b\n", 3, 11,
     "invalid YAML: the quoted value opened here (\") is not closed on this line"),
])
def test_a_syntax_error_names_the_line_at_fault_and_its_column(
    tmp_path: Path, text: str, line: int, column: int, words: str
) -> None:
    path = tmp_path / ACCOUNTS
    path.parent.mkdir(parents=True)
    path.write_text(text, encoding="utf-8")
    item = one(tmp_path, "ABM001", {})
    assert (item["line"], item["column"]) == (line, column)
    assert str(item["message"]).startswith(words)


def test_text_output_gives_line_and_column(tmp_path: Path) -> None:
    write(tmp_path, "registry/teams.yaml", TEAMS)
    write(tmp_path, ACCOUNTS, account("tier: 3", "familiar: yes"))
    done = invoke("lint", "--root", str(tmp_path), "--as-of", AS_OF, "--select", "ABM002")
    assert "  10:5  error  ABM002  account 2 (id: contoso): familiar: " in done.stdout


def test_a_review_date_after_the_as_of_date_suggests_this_year(tmp_path: Path) -> None:
    item = one(tmp_path, "ABM008", {ACCOUNTS: account("tier: 3", "reviewed: 2027-11-16")})
    assert item["message"] == ("contoso: reviewed 2027-11-16 is after the as-of date 2026-11-23; "
                               "write the day it was held (2026-11-16?)")
    assert item["severity"] == "warning"


@pytest.mark.parametrize(("reviewed", "found"), [("2026-11-23", False), ("2026-11-24", True)])
def test_a_review_on_the_as_of_date_is_not_in_the_future(
    tmp_path: Path, reviewed: str, found: bool
) -> None:
    codes = [f["code"] for f in findings(
        tmp_path, {ACCOUNTS: account("tier: 3", f"reviewed: {reviewed}")}, "--select", "ABM008")]
    assert codes == (["ABM008"] if found else [])


def test_an_agreement_synced_in_the_future_is_reported(tmp_path: Path) -> None:
    agreement = "partner: sales\ncadence: monthly\nkickoff: 2026-01-05\nreviewed: 2027-01-10\n"
    item = one(tmp_path, "ABM008", {ACCOUNTS: "accounts:" + OK,
                                    "registry/agreements/sales.yaml": agreement})
    assert str(item["message"]).startswith("agreement with sales: reviewed 2027-01-10 is after")


@pytest.mark.parametrize(("sources", "words"), [
    ("[marketing, sales, partner]", "contoso: unknown source 'partner'; sources takes "
     "marketing and sales (other origins go in a note under an 'x-' key)"),
    ("[marketing, sale]", "contoso: unknown source 'sale'; did you mean 'sales'?"),
])
def test_an_unknown_source_says_which_two_are_meant(
    tmp_path: Path, sources: str, words: str
) -> None:
    item = one(tmp_path, "ABM106", {ACCOUNTS: account("tier: 3", f"sources: {sources}")})
    assert str(item["message"]).startswith(words)


def test_marketing_and_sales_in_any_case_are_known_sources(tmp_path: Path) -> None:
    found = findings(tmp_path, {ACCOUNTS: account("tier: 3", "sources: [Marketing, SALES]")},
                     "--select", "ABM106")
    assert found == []


SUPPRESSED = """
accounts:
  - id: northwind  # abmctl: ignore[{codes}]
    name: Northwind
    domains: [northwind.com]
    tier: 3
    sources: [marketing, sales]
    reviewed: 2026-11-01
"""


def about_suppressions(found: list[dict[str, object]]) -> list[object]:
    """The codes of `found` that judge suppressions or that ABM105 (the one suppressed) made."""
    return [f["code"] for f in found if f["code"] in ("ABM004", "ABM006", "ABM007", "ABM105")]


def test_a_suppression_naming_no_rule_names_the_closest(tmp_path: Path) -> None:
    item = one(tmp_path, "ABM006", {ACCOUNTS: SUPPRESSED.replace("{codes}", "ABM150")})
    assert item["message"] == ("the suppression names ABM150, which is not a rule; did you "
                               "mean ABM105?")
    assert (item["line"], item["column"]) == (2, 20)


def test_a_suppression_that_hides_nothing_is_a_warning(tmp_path: Path) -> None:
    item = one(tmp_path, "ABM007", {ACCOUNTS: SUPPRESSED.replace("{codes}", "ABM105")})
    assert item["severity"] == "warning"
    assert item["message"] == ("the suppression of ABM105 hides nothing: ABM105 reports nothing "
                               "here; delete it from the comment")


def test_a_suppression_that_hides_a_finding_is_used(tmp_path: Path) -> None:
    text = SUPPRESSED.replace("{codes}", "ABM105").replace("2026-11-01", "2025-01-01")
    assert about_suppressions(findings(tmp_path, {ACCOUNTS: text})) == []


@pytest.mark.parametrize(("codes", "narrowing", "expected"), [
    ("ABM201", ("--select", "ABM1"), []),  # ABM007 is not shown either
    ("ABM105", ("--ignore", "ABM105"), ["ABM007"]),  # as a full run: ABM105 run to judge it
    ("ABM105", ("--select", "ABM007"), ["ABM007"]),
])
def test_a_suppression_is_judged_as_a_full_run_judges_it(
    tmp_path: Path, codes: str, narrowing: tuple[str, str], expected: list[str]
) -> None:
    text = SUPPRESSED.replace("{codes}", codes)
    assert about_suppressions(findings(tmp_path, {ACCOUNTS: text}, *narrowing)) == expected


def test_a_suppression_of_a_rule_lint_yaml_switches_off_is_not_judged(tmp_path: Path) -> None:
    files = {ACCOUNTS: SUPPRESSED.replace("{codes}", "ABM105"),
             "rules/lint.yaml": "ignore: [ABM105]\n"}
    assert about_suppressions(findings(tmp_path, files)) == []


def test_a_suppression_of_an_overlap_rule_is_not_judged_by_lint(tmp_path: Path) -> None:
    text = SUPPRESSED.replace("{codes}", "ABM606")
    assert about_suppressions(findings(tmp_path, {ACCOUNTS: text})) == []


def test_an_expired_suppression_is_abm004s_when_the_finding_is_back_else_unused(
        tmp_path: Path) -> None:
    text = SUPPRESSED.replace("{codes}", "ABM105] until=2026-01-01 reason=\"x\" #")
    # ABM105 reports nothing here: the comment is only in the way (ABM007: delete it)
    assert about_suppressions(findings(tmp_path, {ACCOUNTS: text})) == ["ABM007"]
    overdue = text.replace("2026-11-01", "2025-01-01")  # ABM105 reports the account again
    assert sorted(about_suppressions(findings(tmp_path, {ACCOUNTS: overdue}))) == [
        "ABM004", "ABM105"]


def test_an_unknown_adapter_names_the_closest(tmp_path: Path) -> None:
    sources = "sources:\n  - path: bombora/*.csv\n    format: bombra\n"
    found = findings(tmp_path, {ACCOUNTS: "accounts:" + OK,
                                "registry/signals/sources.yaml": sources,
                                "registry/signals/bombora/a.csv": "x\n"})
    assert any("did you mean 'bombora'?" in str(f["message"]) for f in found)


def test_rules_file_mistakes_name_tier_keys_list_items_and_the_valid_values(
    tmp_path: Path,
) -> None:
    files = {
        ACCOUNTS: "accounts:" + OK,
        "rules/engagement.yaml": "routing:\n  1: {to: aee}\n  two: {to: ae}\n",
        "rules/signals.yaml": ("qualify:\n  web_visit: {min_visit: 3}\n"
                               "distinct_by: [type, contacts]\n"),
        "rules/lint.yaml": "severity: {ABM105: fatal}\n",
    }
    found = findings(tmp_path, files, "--select", "ABM002")
    assert [(f["path"], f["line"], f["message"]) for f in found] == [
        ("rules/engagement.yaml", 2, "routing.1.to: 'aee' is not allowed; did you mean 'ae'? "
                                     "(one of ae, sdr, abm or standard)"),
        ("rules/engagement.yaml", 3, "routing: the key 'two': expected a whole number, got "
                                     "'two'"),
        ("rules/lint.yaml", 1, "severity.ABM105: 'fatal' is not allowed; use one of error, "
                               "warning or info"),
        ("rules/signals.yaml", 2, "unknown key 'min_visit' in qualify.web_visit; did you mean "
                                  "'min_visits'?"),
        ("rules/signals.yaml", 3, "distinct_by item 2: 'contacts' is not allowed; did you mean "
                                  "'contact'? (one of type, contact, detail or source)"),
    ]


def test_an_empty_distinct_by_is_refused_at_its_line(tmp_path: Path) -> None:
    """With no field to tell signals apart every signal is the same one: no account could
    ever cross a threshold above 1, and nothing would say why."""
    files = {ACCOUNTS: "accounts:" + OK, "rules/signals.yaml": "window_days: 14\ndistinct_by: []\n"}
    found = findings(tmp_path, files, "--select", "ABM002")
    assert [(f["path"], f["line"], f["message"]) for f in found] == [
        ("rules/signals.yaml", 2, "distinct_by: needs at least 1 item, got 0")]


def test_a_lint_file_code_that_names_no_rule_is_reported(tmp_path: Path) -> None:
    lint = "select: [ABM1, ABM0, XYZ]\nignore: [ABM150]\nseverity: {ABM1O5: error}\n"
    found = findings(tmp_path, {ACCOUNTS: "accounts:" + OK, "rules/lint.yaml": lint})
    assert [(f["path"], f["message"]) for f in found if f["code"] == "ABM006"] == [
        ("rules/lint.yaml", "'select' names XYZ, which is not a rule; `abmctl rules` lists "
                            "them"),
        ("rules/lint.yaml", "'ignore' names ABM150, which is not a rule; did you mean ABM105?"),
        ("rules/lint.yaml", "'severity' names ABM1O5, which is not a rule; did you mean ABM105?"),
    ]


def test_an_unknown_select_code_names_the_swapped_one_first(tmp_path: Path) -> None:
    write(tmp_path, "registry/teams.yaml", TEAMS)
    write(tmp_path, ACCOUNTS, "accounts:" + OK)
    done = invoke("lint", "--root", str(tmp_path), "--select", "ABM150")
    assert done.returncode == 2
    assert "did you mean ABM105," in done.stderr
