"""ACCOUNT is an id, a domain (as activity rows name it: a URL, an email, a subdomain) or a
name; a name of several accounts lists them, an unknown one the closest; both exit 2."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.explain.builders import account, make_registry
from tests.support.cli import invoke


@pytest.fixture(scope="module")
def root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_registry(
        tmp_path_factory.mktemp("lookup"),
        account("kestrel-bank", 2, 65, name="Kestrel Bank plc", domain="kestrelbank.co.uk"),
        account("acme-uk", 2, 65, name="Acme", domain="acme.co.uk"),
        account("acme-de", 2, 65, name="Acme", domain="acme.de"),
        account("northwind", 3, 45, name="Northwind Traders"),
    )


def explained(root: Path, given: str) -> tuple[int, str, str]:
    done = invoke("explain", given, "--as-of", "2026-11-23", "--root", str(root), "-q")
    first = done.stdout.splitlines()[0] if done.stdout else ""
    return done.returncode, first, done.stderr


@pytest.mark.parametrize("given", [
    "kestrel-bank",  # the id
    "kestrelbank.co.uk", "https://www.KestrelBank.co.uk/about", "f.mcleod@kestrelbank.co.uk",
    "eu.kestrelbank.co.uk",  # a domain, normalised and matched as activity rows are
    "Kestrel Bank plc", "  kestrel   BANK PLC ",  # the name, case and blanks aside
    "Kestrel",  # a part of one name only
])
def test_an_account_is_found_by_id_domain_or_name(root: Path, given: str) -> None:
    code, first, err = explained(root, given)
    assert (code, err) == (0, "")
    assert first == "kestrel-bank: Kestrel Bank plc (as of 2026-11-23)"


def test_a_name_of_several_accounts_lists_them_and_exits_2(root: Path) -> None:
    code, first, err = explained(root, "acme")
    assert (code, first) == (2, "")
    assert err == ("abmctl: error: ACCOUNT: 'acme' names 2 accounts: acme-uk (Acme, "
                   "registry/accounts/all.yaml:12); acme-de (Acme, registry/accounts/all.yaml:22)"
                   "; give the id or the domain\n")
    assert explained(root, "acme.de")[1].startswith("acme-de: Acme ")


def test_an_unknown_account_names_the_closest_and_exits_2(root: Path) -> None:
    code, first, err = explained(root, "kestrl-bank")
    assert (code, first) == (2, "")
    assert err == ("abmctl: error: ACCOUNT: no account 'kestrl-bank' on the list (by id, domain "
                   "or name); did you mean kestrel-bank (Kestrel Bank plc)?\n")
    code, _, err = explained(root, "Northwnd Traders")
    assert code == 2 and "did you mean northwind (Northwind Traders)?" in err
    code, _, err = explained(root, "zzz-nothing-like-it")
    assert code == 2 and err.endswith("on the list (by id, domain or name)\n")


def test_a_blank_account_is_a_usage_error(root: Path) -> None:
    code, _, err = explained(root, "  ")
    assert code == 2 and err == "abmctl: error: ACCOUNT: give an account id, domain or name\n"


def test_an_account_that_does_not_load_is_named_as_such(tmp_path: Path) -> None:
    root = make_registry(tmp_path, account("broken", 2, 65).replace("tier: 2", "tier: two"),
                         account("fine", 2, 65))
    code, first, err = explained(root, "broken")
    assert (code, first) == (2, "")
    assert err.endswith("abmctl: error: ACCOUNT: broken is in the account files but does not "
                        "load, so no report reads it; `abmctl lint` says why\n")
