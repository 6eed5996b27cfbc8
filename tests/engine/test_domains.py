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


# domains as a registry may write them: in normal form or not, twice, one the normal form of
# another (`www.www.x.com` is `www.x.com` normalised, which is itself `x.com` normalised)
WRITTEN = [("northwind.com", "northwind"), ("Contoso.IO", "contoso"), ("www.www.x.com", "xx"),
           ("x.com", "x"), ("www.y.com", "y"), ("y.com", "y2"), ("northwind.com", "again"),
           ("münchen.de", "muenchen"), ("xn--mnchen-3ya.de", "muenchen2"), ("z.org.", "z"),
           (" pad.io", "pad"), ("a@b.io", "b"), ("b.io", "b2"), ("eu.northwind.com", "eu")]
VALUES = ["northwind.com", "eu.northwind.com", "shop.eu.northwind.com", "NORTHWIND.COM",
          "contoso.io", "Contoso.IO", "www.www.x.com", "www.x.com", "x.com", "www.y.com",
          "y.com", "münchen.de", "xn--mnchen-3ya.de", "z.org", "z.org.", "pad.io", " pad.io",
          "b.io", "a@b.io", "com", "", ".", "ann@eu.northwind.com", "https://x.com/p"]


def test_an_index_of_written_domains_matches_as_normalising_every_value_does() -> None:
    """The index looks a value already in normal form up as it is (no normalising): the
    answers are those of normalising every value first."""
    owner: dict[str, str] = {}
    for domain, account in WRITTEN:
        owner.setdefault(normalise_domain(domain), account)
    normalising, direct = DomainIndex(owner), DomainIndex.of(WRITTEN)
    assert direct.owners == owner
    answers = [direct.account_for(value) for value in VALUES]
    assert answers == [normalising.account_for(value) for value in VALUES]
    assert answers[:3] == ["northwind", "eu", "eu"] and answers[8] == "x"
