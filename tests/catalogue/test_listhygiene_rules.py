"""ABM101-ABM105: one list, no duplicates, built jointly, reviewed quarterly."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from abmctl.catalogue.listhygiene import normalise_name
from tests.catalogue.builders import AS_OF, account, accounts_file, line_of, lint, where


def test_a_repeated_id_is_reported_at_the_later_record_naming_the_first(
    registry_root: Path,
) -> None:
    accounts_file(registry_root, account("northwind"), name="a.yaml")
    later = accounts_file(registry_root, account("contoso"),
                          account("northwind", domains="[northwind.eu]", name="Northwind EU"),
                          name="b.yaml")
    found = lint(registry_root, "ABM1")
    assert where(found) == [("ABM101", "registry/accounts/b.yaml",
                             line_of(later, "id: northwind"))]
    assert found[0].account == "northwind"
    assert "registry/accounts/a.yaml:2" in found[0].message


def test_distinct_ids_are_not_abm101(registry_root: Path) -> None:
    accounts_file(registry_root, account("northwind"), account("northwind-eu",
                                                               domains="[northwind.eu]"))
    assert lint(registry_root, "ABM101") == []


@pytest.mark.parametrize("claimed", ["northwind.com", "NorthWind.COM", "www.northwind.com",
                                     "https://www.northwind.com/about", "northwind.com:443",
                                     "northwind.com."])
def test_the_same_normalised_domain_on_two_accounts_is_abm102(
    registry_root: Path, claimed: str
) -> None:
    path = accounts_file(registry_root, account("northwind", domains="[northwind.com]"),
                         account("contoso", domains=f"[contoso.com, '{claimed}']"))
    found = lint(registry_root, "ABM102")
    assert where(found) == [("ABM102", "registry/accounts/a.yaml",
                             line_of(path, "domains:", nth=2))]
    assert found[0].account == "contoso"
    assert "account 'northwind' at registry/accounts/a.yaml:4" in found[0].message


@pytest.mark.parametrize("other", ["eu.northwind.com", "northwind.co.uk", "northwinds.com"])
def test_a_subdomain_or_a_different_domain_is_not_abm102(registry_root: Path,
                                                         other: str) -> None:
    accounts_file(registry_root, account("northwind", domains="[northwind.com]"),
                  account("contoso", domains=f"[{other}]"))
    assert lint(registry_root, "ABM102") == []


def test_a_domain_repeated_within_one_account_is_not_abm102(registry_root: Path) -> None:
    accounts_file(registry_root,
                  account("northwind", domains="[northwind.com, www.northwind.com]"))
    assert lint(registry_root, "ABM102") == []


@pytest.mark.parametrize(("first", "second"), [
    ("Northwind Traders", "northwind  traders"),
    ("Northwind Traders Ltd", "Northwind Traders, Inc."),
    ("Müller GmbH", "MÜLLER"),
    ("Acme, L.L.C.", "ACME llc"),
    ("O'Brien & Sons Co.", "OBrien & Sons"),
])
def test_the_same_normalised_name_is_abm103(registry_root: Path, first: str,
                                            second: str) -> None:
    path = accounts_file(registry_root, account("one", name=f'"{first}"'),
                         account("two", name=f'"{second}"'))
    found = lint(registry_root, "ABM103")
    assert where(found) == [("ABM103", "registry/accounts/a.yaml",
                             line_of(path, "name:", nth=2))]
    assert found[0].severity == "warning"
    assert "matches account 'one'" in found[0].message


@pytest.mark.parametrize(("first", "second"), [
    ("Northwind", "Northwind Traders"),
    ("Acme Holdings", "Acme Labs"),
])
def test_names_that_differ_in_a_real_word_are_not_abm103(registry_root: Path, first: str,
                                                        second: str) -> None:
    accounts_file(registry_root, account("one", name=f'"{first}"'),
                  account("two", name=f'"{second}"'))
    assert lint(registry_root, "ABM103") == []


def test_a_name_made_only_of_a_legal_form_keeps_its_word() -> None:
    assert normalise_name("Inc.") == "inc"
    assert normalise_name("  The  Co-op, Ltd ") == "the co op"


@pytest.mark.parametrize(("sources", "lacks"), [
    ("[marketing]", "sales"), ("[sales]", "marketing"), ("[]", "nobody"),
    (None, "nobody"), ("[intent_data, events]", "intent_data, events"),
])
def test_an_account_from_one_side_only_is_abm104(registry_root: Path, sources: str | None,
                                                 lacks: str) -> None:
    path = accounts_file(registry_root, account("northwind", sources=sources))
    found = lint(registry_root, "ABM104")
    expected_line = line_of(path, "sources:") if sources is not None else 2
    assert where(found) == [("ABM104", "registry/accounts/a.yaml", expected_line)]
    assert lacks in found[0].message


@pytest.mark.parametrize("sources", ["[marketing, sales]", "[Sales, Marketing, intent]"])
def test_an_account_both_sides_put_on_the_list_is_not_abm104(registry_root: Path,
                                                             sources: str) -> None:
    accounts_file(registry_root, account("northwind", sources=sources))
    assert lint(registry_root, "ABM104") == []


@pytest.mark.parametrize(("reviewed", "overdue"), [
    (date(2026, 8, 23), False),  # exactly 92 days before 2026-11-23
    (date(2026, 8, 22), True),   # 93 days
    (AS_OF, False),
])
def test_a_review_older_than_list_review_days_is_abm105(registry_root: Path, reviewed: date,
                                                        overdue: bool) -> None:
    path = accounts_file(registry_root, account("northwind", reviewed=reviewed.isoformat()))
    found = lint(registry_root, "ABM105")
    if overdue:
        assert where(found) == [("ABM105", "registry/accounts/a.yaml",
                                 line_of(path, "reviewed:"))]
        assert found[0].message == ("northwind: last reviewed 2026-08-22, 93 days before "
                                    "2026-11-23; list_review_days is 92")
    else:
        assert found == []


def test_an_account_never_reviewed_is_abm105(registry_root: Path) -> None:
    accounts_file(registry_root, account("northwind", reviewed=None))
    (found,) = lint(registry_root, "ABM105")
    assert "never reviewed" in found.message


def test_list_review_days_comes_from_engagement_yaml(registry_root: Path) -> None:
    from tests.support.registry import write

    write(registry_root, "rules/engagement.yaml", "list_review_days: 30\n")
    accounts_file(registry_root, account("northwind", reviewed="2026-10-23"),
                  account("contoso", reviewed="2026-10-24"))
    assert [f.account for f in lint(registry_root, "ABM105")] == ["northwind"]


def test_an_inline_comment_silences_abm104_for_that_account_only(registry_root: Path) -> None:
    quiet = account("northwind", sources="[marketing]").replace(
        "- id: northwind", "- id: northwind  # abmctl: ignore[ABM104]")
    accounts_file(registry_root, quiet, account("contoso", sources="[marketing]"))
    assert [f.account for f in lint(registry_root, "ABM104")] == ["contoso"]
