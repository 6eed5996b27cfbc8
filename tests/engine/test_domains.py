"""Domain normalisation and matching (SPEC §1.2)."""

from __future__ import annotations

import pytest

from abmctl.engine.domains import DomainIndex, normalise_domain


@pytest.mark.parametrize(("raw", "normal"), [
    ("Northwind.com", "northwind.com"),
    ("https://WWW.northwind.com:443/pricing?x=1", "northwind.com"),
    ("northwind.com.", "northwind.com"),
    ("ann@Northwind.com", "northwind.com"),
    ("münchen.de", "xn--mnchen-3ya.de"),
])
def test_normalise(raw: str, normal: str) -> None:
    assert normalise_domain(raw) == normal


def test_subdomains_match_their_account_but_lookalikes_do_not() -> None:
    index = DomainIndex({"northwind.com": "northwind"})
    assert index.account_for("eu.northwind.com") == "northwind"
    assert index.account_for("https://shop.eu.northwind.com/x") == "northwind"
    assert index.account_for("notnorthwind.com") is None
    assert index.account_for("northwind.com.evil.io") is None
