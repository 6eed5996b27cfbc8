"""Domain normalisation and matching an activity row's `account` to a list account."""

from __future__ import annotations

import re
from collections.abc import Iterable

# a value normalising leaves as it is: plain lowercase ASCII host characters (no blank, no
# scheme, userinfo, port, path, query or fragment), no `www.` before, no `.` after; most
# values are (`eu.northwind.com`), and this test costs a quarter of normalising them
_NORMAL = re.compile(r"(?!www\.)[a-z0-9_-][a-z0-9._-]*(?<!\.)").fullmatch


def normalise_domain(value: str) -> str:
    """`https://WWW.Northwind.com:443/x` -> `northwind.com`; IDNA-encoded; '' if nothing left."""
    return value if _NORMAL(value) is not None else idna_form(plain_domain(value))


def idna_form(text: str) -> str:
    """A plain domain (`plain_domain`) as ASCII: IDNA-encoded when it is not (`bücher.de` ->
    `xn--bcher-kva.de`), as it is when it cannot be encoded."""
    if not text.isascii():
        try:
            return text.encode("idna").decode("ascii")
        except UnicodeError:
            return text
    return text


def plain_domain(value: str) -> str:
    """The domain as a registry writes it: `https://WWW.Bücher.de/x` -> `bücher.de` (the
    normal form before IDNA encoding, which a person may prefer to read); '' if nothing left."""
    text = value.strip().lower()
    if "@" in text:
        text = text.rsplit("@", 1)[1]
    if "://" in text:
        text = text.split("://", 1)[1]
    for stop in "/?#":
        text = text.split(stop, 1)[0]
    text = text.rsplit("@", 1)[-1].split(":", 1)[0].rstrip(".")
    if text.startswith("www."):
        text = text[4:]
    return text


class DomainIndex:
    """Finds the account a domain, subdomain, URL or email belongs to."""

    def __init__(self, domains: dict[str, str]) -> None:
        self._owner = domains  # normalised domain -> account id
        self._cache: dict[str, str | None] = {}
        # the owned domains a value may be looked up as it is: each its own normal form
        self._direct: dict[str, str] = {}

    @classmethod
    def of(cls, domains: Iterable[tuple[str, str]]) -> DomainIndex:
        """From each (domain as written, account id); a domain listed twice is the first
        account's."""
        owner: dict[str, str] = {}
        normal: list[str] = []
        for written, account in domains:
            domain = normalise_domain(written)
            owner.setdefault(domain, account)
            if domain == written:  # so normalise_domain(domain) == domain as well
                normal.append(domain)
        index = cls(owner)
        index._direct = {domain: owner[domain] for domain in normal}
        return index

    @property
    def owners(self) -> dict[str, str]:
        """Each normalised domain and the account it belongs to."""
        return self._owner

    def account_for(self, value: str) -> str | None:
        """The account id for `value` (a domain, URL, email), or None."""
        direct = self._direct.get(value)
        if direct is not None:  # in normal form: what the search below would find first
            return direct
        hit = self._cache.get(value, False)
        if hit is not False:
            return hit  # type: ignore[return-value]
        domain = normalise_domain(value)
        found = None
        while domain:
            found = self._owner.get(domain)
            if found is not None or "." not in domain:
                break
            domain = domain.split(".", 1)[1]  # eu.northwind.com -> northwind.com
        self._cache[value] = found
        return found
