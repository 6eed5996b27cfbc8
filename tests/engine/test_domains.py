"""Domain normalisation and matching (SPEC §1.2)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from abmctl.engine.domains import DomainIndex, idna_form, normalise_domain, plain_domain


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


# normalise_domain answers a value in normal form without normalising it: the same answer
@pytest.mark.parametrize(("raw", "normal"), [
    ("eu.northwind.com", "eu.northwind.com"),
    ("visitor12.example.net", "visitor12.example.net"),
    ("my_host-1.example.com", "my_host-1.example.com"),
    ("EU.Northwind.com", "eu.northwind.com"),
    ("www.northwind.com", "northwind.com"),
    ("www.www.northwind.com", "www.northwind.com"),
    ("wwwnorthwind.com", "wwwnorthwind.com"),
    ("northwind.com..", "northwind.com"),
    ("northwind.com:8443", "northwind.com"),
    ("ann:secret@northwind.com", "northwind.com"),
    (" northwind.com\t", "northwind.com"),
    ("northwind.com\x1f", "northwind.com"),
    ("northwind.com/x", "northwind.com"),
    ("northwind.com?q=1", "northwind.com"),
    ("northwind.com#top", "northwind.com"),
    ("bücher.de", "xn--bcher-kva.de"),
    ("xn--bcher-kva.de", "xn--bcher-kva.de"),
    (".northwind.com", ".northwind.com"),
    ("", ""),
])
def test_normal_forms_and_near_misses(raw: str, normal: str) -> None:
    assert normalise_domain(raw) == normal


def _normalised_the_long_way(value: str) -> str:
    """normalise_domain without its shortcut for values already in normal form."""
    return idna_form(plain_domain(value))


HOSTISH = st.text(alphabet=st.sampled_from("abcwxyzWX019._-:/@?#. \t\x1fü"), max_size=16)


@given(st.one_of(HOSTISH, st.text(max_size=12), HOSTISH.map(lambda v: "www." + v)))
def test_the_shortcut_answers_what_normalising_does(value: str) -> None:
    assert normalise_domain(value) == _normalised_the_long_way(value)
