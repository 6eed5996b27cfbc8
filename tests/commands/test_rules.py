"""`abmctl rules [CODE]`: the catalogue holds the documented rules, each with a page."""

from __future__ import annotations

import importlib
import json
import subprocess
import sys

import pytest

from abmctl.catalogue import FAMILIES, catalogue
from abmctl.catalogue.base import Family
from abmctl.output.rule_page import SECTIONS, sections
from tests.support.cli import invoke, run

# the catalogue as documented: SPEC §4's table, plus ABM004 (an expired inline suppression)
# and ABM005 (a sources.yaml entry that matches no file), ABM006/ABM007 (a suppression naming
# no rule, or hiding nothing), ABM008 (a review date after the as-of date), ABM106 (an unknown
# value in an account's sources), ABM109 (a tier in rules/crm.yaml that is no tier)
DOCUMENTED_CODES = [
    "ABM001", "ABM002", "ABM003", "ABM004", "ABM005", "ABM006", "ABM007", "ABM008",
    "ABM009", "ABM101", "ABM102", "ABM103", "ABM104", "ABM105", "ABM106", "ABM107", "ABM108",
    "ABM109",
    "ABM201", "ABM202", "ABM203", "ABM204", "ABM205", "ABM206", "ABM207", "ABM208", "ABM209",
    "ABM301", "ABM302",
    "ABM401", "ABM402", "ABM403", "ABM404", "ABM405",
    "ABM501", "ABM502", "ABM503", "ABM504", "ABM505", "ABM506",
    "ABM601", "ABM602", "ABM603", "ABM604", "ABM605", "ABM606",
]
RULES = catalogue()


def test_the_catalogue_holds_exactly_the_documented_rules_in_code_order() -> None:
    assert list(RULES) == DOCUMENTED_CODES


def test_no_two_listed_rules_share_a_code() -> None:
    listed = [rule.code for modules in FAMILIES.values() for name in modules
              for rule in importlib.import_module(f"abmctl.catalogue.{name}").RULES]
    assert sorted(listed) == sorted(RULES)


@pytest.mark.parametrize(("family", "prefixes"), [
    ("load", ("ABM0",)), ("lint", ("ABM1", "ABM2", "ABM3", "ABM4", "ABM5")), ("overlap", ("ABM6",)),
])
def test_each_family_holds_its_codes_and_nothing_else(
    family: Family, prefixes: tuple[str, ...]
) -> None:
    rules = catalogue([family])
    assert list(rules) == [code for code in DOCUMENTED_CODES if code.startswith(prefixes)]
    assert {rule.family for rule in rules.values()} == {family}


def test_listing_the_lint_rules_does_not_import_the_overlap_rules() -> None:
    # lint never pays for the ABM6xx module (importing it costs more than many checks)
    script = ("import sys; from abmctl.catalogue import catalogue; catalogue(['load', 'lint']); "
              "print(*sorted(m for m in sys.modules if m.startswith('abmctl.catalogue.')))")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          check=True)
    imported = set(done.stdout.split())
    assert {f"abmctl.catalogue.{name}" for name in FAMILIES["lint"]} <= imported
    assert not {f"abmctl.catalogue.{name}" for name in FAMILIES["overlap"]} & imported


def test_the_rules_that_need_touches_and_signals_say_so() -> None:
    # `overlap` names them when no activity is given: "ran ABM601 and ABM602 only; ..."
    needing = [code for code, rule in RULES.items() if rule.needs_activity]
    assert needing == ["ABM503", "ABM603", "ABM604", "ABM605", "ABM606"]


@pytest.mark.parametrize("code", list(RULES))
def test_every_rule_has_a_page_with_what_why_an_example_the_fix_and_how_to_fix(
    code: str,
) -> None:
    page = sections(RULES[code].doc)
    assert list(page) == list(SECTIONS)
    assert all(len(text) > 20 for text in page.values())


@pytest.mark.parametrize("code", list(RULES))
def test_a_rule_page_gives_its_reasons_in_plain_words_not_document_numbers(code: str) -> None:
    # users have only the repository: no page may send them to a document they do not have
    page = RULES[code].doc
    for reference in ("seed", "SPEC", "§", "[000", "../shared"):
        assert reference not in page, reference
    assert "seed" not in invoke("rules", code).stdout


def test_the_catalogue_names_no_document_a_user_does_not_have() -> None:
    listing = invoke("rules").stdout + invoke("rules", "--format", "json").stdout
    assert "[000" not in listing and "[004" not in listing and "seed" not in listing


def test_the_catalogue_lists_every_rule_with_severity_and_family() -> None:
    done = run("rules")
    assert done.returncode == 0
    rows = {line.split()[0]: line.split() for line in done.stdout.splitlines()
            if line.startswith("ABM")}
    assert sorted(rows) == sorted(RULES)
    for code, rule in RULES.items():
        assert rows[code][1:3] == [rule.severity, rule.family]
    assert done.stdout.rstrip().endswith("explains one: what, why, how to fix.")


def test_quiet_leaves_out_the_catalogues_closing_line_and_only_it() -> None:
    loud, quiet = invoke("rules"), invoke("rules", "--quiet")
    assert quiet.returncode == 0, quiet.stderr
    assert "explains one" not in quiet.stdout
    assert quiet.stdout.splitlines() == loud.stdout.splitlines()[:-1]
    assert quiet.stdout.splitlines()[-1].startswith(max(RULES))  # no blank line after it


def test_the_catalogue_as_json() -> None:
    done = invoke("rules", "--format", "json")
    document = json.loads(done.stdout)
    assert document["version"] == 1
    assert [r["code"] for r in document["rules"]] == sorted(RULES)
    assert set(document["rules"][0]) == {"code", "severity", "family", "summary"}


@pytest.mark.parametrize("given", ["ABM003", "abm003", "3"])
def test_a_rule_page_is_plain_text_off_a_terminal(given: str) -> None:
    done = invoke("rules", given)
    assert done.returncode == 0
    first, second, *rest = done.stdout.splitlines()
    assert first == f"ABM003 (error): {RULES['ABM003'].summary}"
    assert second == "Family: load"
    body = "\n".join(rest)
    assert "**" not in body
    for heading in SECTIONS:
        assert f"{heading}." in body


def test_a_rule_page_is_rendered_markdown_on_a_terminal() -> None:
    done = invoke("rules", "ABM001", env={"FORCE_COLOR": "1", "COLUMNS": "90"})
    assert "\x1b[" in done.stdout
    assert "**" not in done.stdout
    assert "What it catches." in done.stdout


def test_one_rule_as_json_carries_its_page() -> None:
    (rule,) = json.loads(invoke("rules", "ABM002", "--format", "json").stdout)["rules"]
    assert rule["code"] == "ABM002"
    assert rule["page"] == RULES["ABM002"].doc


@pytest.mark.parametrize(
    ("given", "suggested"), [("ABM0O2", "ABM002"), ("ABM00", "ABM001, ABM002, ABM003"),
                             ("ABM9999", "")],
)
def test_an_unknown_code_exits_2_with_suggestions(given: str, suggested: str) -> None:
    done = invoke("rules", given)
    assert done.returncode == 2
    assert done.stderr.startswith(f"abmctl: error: no rule '{given}'")
    assert suggested in done.stderr
    assert "Traceback" not in done.stderr
    assert done.stdout == ""


def test_abm205s_page_explains_how_to_add_an_account_mid_quarter() -> None:
    page = " ".join(invoke("rules", "ABM205").stdout.split())  # prose, as wrapped
    assert ("Adding an account mid-quarter. Add it at the lowest tier (with the default tiers, "
            "`tier: 3`) with `tier_since` set to the day you add it, any day of the quarter"
            in page)
    assert "The same account added with `tier: 1` and `tier_since: 2026-11-18` is ABM205." in page
