"""ABM101-ABM106: one target account list, built jointly and kept fresh."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from datetime import timedelta

from abmctl.catalogue.base import Context, finding, rule
from abmctl.engine.domains import normalise_domain, plain_domain
from abmctl.findings import Finding, Fix
from abmctl.model.accounts import Account
from abmctl.registry import Registry

# Legal-form words dropped from the end of a company name before names are compared
# ("Northwind Traders Ltd" and "Northwind Traders, Inc." are one company).
LEGAL_SUFFIXES: frozenset[str] = frozenset({
    "inc", "incorporated", "corp", "corporation", "co", "company", "ltd", "limited", "llc",
    "llp", "lp", "plc", "gmbh", "ag", "kg", "sa", "sas", "sarl", "srl", "spa", "bv", "nv",
    "ab", "oy", "as", "asa", "aps", "pty", "kk", "se",
})
# the list is built jointly, marketing's ICP and intent with sales' field
# intelligence
JOINT_SOURCES: tuple[str, ...] = ("marketing", "sales")
_JOINERS = str.maketrans("", "", ".'\u2019")
# what is not a letter or digit (`str.isalnum`) separates words: `\w` is those and "_"
_SEPARATORS = re.compile(r"[\W_]+")
_ASCII_SEPARATORS = bytes(c if chr(c).isalnum() else 32 for c in range(256))
# a domain already in its plain form (lower case, no scheme, path, port or `www.`): most are
_PLAIN_DOMAIN = re.compile(r"(?!www\.)[a-z0-9-]+(?:\.[a-z0-9-]+)+")
# what `lint --fix` writes as a plain YAML scalar: letters (any script), digits, `-`, `.`, `_`
_WRITABLE = re.compile(r"[\w.-]+")
# a host name: labels of letters (any script), digits, `-` and `_`, joined by dots
_HOST = re.compile(r"[\w-]+(?:\.[\w-]+)*")


def _where(account: Account, field_name: str | None = None) -> str:
    line = account.line_of(field_name) if field_name else account.line
    return f"{account.path}:{line}"


@rule("ABM101", "error", "two accounts share an id")
def account_ids_are_unique(reg: Registry, ctx: Context) -> Iterator[Finding]:
    """
    **What it catches.** An account id used by two records anywhere in `registry/accounts/`.
    The later record (in file order) is reported, naming where the first one is.

    **Why.** There is one target account list, kept in one place, and every team works from
    a subset of it. Two records under one id are two versions of the same
    account: plays, signals and tier changes would land on whichever one a tool happens to
    read first.

    **Example.**

    ```yaml
    # registry/accounts/na-east.yaml
    accounts:
      - {id: northwind, name: Northwind Traders, domains: [northwind.com], tier: 2}
    # registry/accounts/emea.yaml
    accounts:
      - {id: northwind, name: Northwind Logistics, domains: [northwind-logistics.de], tier: 3}
    ```

    **Use instead.**

    ```yaml
    # registry/accounts/emea.yaml: a second company gets its own id
    accounts:
      - {id: northwind-logistics, name: Northwind Logistics, domains: [northwind-logistics.de],
         tier: 3}
    ```

    **How to fix.** Merge the two records into one (keep the owners, scores and dates that are
    current), or give the second company its own id.
    """
    first: dict[str, Account] = {}
    for account in reg.accounts:
        earlier = first.setdefault(account.id, account)
        if earlier is not account:
            yield finding(
                "ABM101",
                f"{account.id}: the id is already used by the account at {_where(earlier)}",
                account, "id", account=account.id,
            )


@rule("ABM102", "error", "two accounts claim the same (normalised) domain")
def domains_belong_to_one_account(reg: Registry, ctx: Context) -> Iterator[Finding]:
    """
    **What it catches.** One domain listed by two different accounts, after normalising
    (case, `www.`, scheme, path, port and a trailing dot do not make a domain different:
    `https://WWW.Northwind.com/` is `northwind.com`). A domain repeated within one account is
    not reported. The later account (in file order) is reported.

    **Why.** There is one master list, and signals are matched to accounts by
    domain: a domain claimed twice sends one company's web visits and downloads to whichever
    account matched first, and the other account's team never hears of them.

    **Example.**

    ```yaml
    accounts:
      - {id: northwind, name: Northwind Traders, domains: [northwind.com], tier: 2}
      - {id: northwind-eu, name: Northwind Europe, domains: [www.northwind.com], tier: 3}
    ```

    **Use instead.**

    ```yaml
    accounts:
      - {id: northwind, name: Northwind Traders, domains: [northwind.com], tier: 2}
      - {id: northwind-eu, name: Northwind Europe, domains: [northwind.eu], tier: 3}
    ```

    **How to fix.** Decide which account the domain belongs to and remove it from the other;
    if the two records are the same company, merge them.
    """
    owner: dict[str, Account] = {}
    for account in reg.accounts:
        seen: set[str] = set()
        for domain in account.domains:
            key = normalise_domain(domain)
            if not key or key in seen:
                continue
            seen.add(key)
            earlier = owner.setdefault(key, account)
            if earlier is account or earlier.id == account.id:
                continue  # the same id twice is ABM101's finding
            shown = f"'{domain}'" if domain == key else f"'{domain}' ({key})"
            yield finding(
                "ABM102",
                f"{account.id}: domain {shown} is already claimed by account '{earlier.id}' "
                f"at {_where(earlier, 'domains')}",
                account, "domains", account=account.id,
            )


def normalise_name(name: str) -> str:
    """`Northwind Traders, Inc.` -> `northwind traders`: case-folded, punctuation as spaces,
    whitespace collapsed, trailing legal-form words (Inc, Ltd, GmbH, LLC, ...) dropped."""
    # "L.L.C." and "O'Brien" are one word: drop dots and apostrophes; any other punctuation
    # separates words
    if name.isascii():  # most names: the same steps on bytes, several times faster
        words = name.lower().encode().translate(_ASCII_SEPARATORS, b".'").decode().split()
    else:
        folded = unicodedata.normalize("NFKC", name).casefold()
        words = _SEPARATORS.sub(" ", folded.translate(_JOINERS)).split()
    while len(words) > 1 and words[-1] in LEGAL_SUFFIXES:
        words.pop()
    return " ".join(words)


@rule("ABM103", "warning", "two accounts have the same normalised name")
def names_belong_to_one_account(reg: Registry, ctx: Context) -> Iterator[Finding]:
    """
    **What it catches.** Two accounts whose names are the same once compared loosely: case,
    punctuation (dots and apostrophes join, other marks separate words) and runs of spaces
    are ignored, and so are legal-form words at the end of the
    name (Inc, Incorporated, Corp, Co, Ltd, Limited, LLC, LLP, PLC, GmbH, AG, SA, SAS, SRL,
    BV, NV, AB, Oy, Pty, KK and the like). "Northwind Traders Ltd" and "northwind traders,
    inc." are one name; "Northwind" and "Northwind Traders" are not. The later account (in
    file order) is reported.

    **Why.** There is one target account list. The same company entered twice under
    two ids (one by marketing, one by sales) splits its signals, plays and owners between two
    records. It is a warning, not an error: two different companies can share a name.

    **Example.**

    ```yaml
    accounts:
      - {id: northwind, name: Northwind Traders Ltd, domains: [northwind.com], tier: 2}
      - {id: nw-traders, name: "northwind traders, inc.", domains: [nwtraders.com], tier: 3}
    ```

    **Use instead.**

    ```yaml
    # one company: one record, both domains
    accounts:
      - {id: northwind, name: Northwind Traders Ltd, domains: [northwind.com, nwtraders.com],
         tier: 2}
    ```

    **How to fix.** Merge the records if they are one company. If they really are two
    companies, make the names tell them apart (a city or a division), or silence the rule on
    the second record with `# abmctl: ignore[ABM103]` and a reason.
    """
    first: dict[str, Account] = {}
    for account in reg.accounts:
        key = normalise_name(account.name)
        if not key:
            continue
        earlier = first.setdefault(key, account)
        if earlier is account or earlier.id == account.id:
            continue
        yield finding(
            "ABM103",
            f"{account.id}: name '{account.name}' matches account '{earlier.id}' "
            f"('{earlier.name}') at {_where(earlier, 'name')}",
            account, "name", account=account.id,
        )


@rule("ABM104", "warning", "an account came from one side only (sources lacks marketing or "
      "sales)")
def list_is_built_jointly(reg: Registry, ctx: Context) -> Iterator[Finding]:
    """
    **What it catches.** An account whose `sources` does not name both `marketing` and
    `sales` (compared without regard to case): it was put on the list by one side only, or
    nobody recorded who put it there.

    **Why.** The target list is built jointly: marketing brings fit with the ideal customer
    profile and intent data, sales brings field knowledge and relationships. A list made by one
    side alone is always partly wrong, and the other side will not work accounts it never agreed
    to.

    **Example.**

    ```yaml
    accounts:
      - id: driftwood-labs
        name: Driftwood Labs
        domains: [driftwoodlabs.io]
        tier: 3
        sources: [marketing]         # added from a webinar list
    ```

    **Use instead.**

    ```yaml
        sources: [marketing, sales]  # agreed at the joint list review
    ```

    **How to fix.** Take the account to the joint list review. Once the other side has agreed
    to it, add them to `sources` (`sources: [marketing, sales]`); if they do not, take it off
    the list.
    """
    for account in reg.accounts:
        given = {s.casefold() for s in account.sources}
        missing = [s for s in JOINT_SOURCES if s not in given]
        if not missing:
            continue
        if len(missing) == len(JOINT_SOURCES):
            listed = ", ".join(account.sources) if account.sources else "nobody"
            message = (f"{account.id}: sources names {listed}; the list is built jointly, "
                       "so both marketing and sales must have agreed to it")
        else:
            message = (f"{account.id}: sources lacks {missing[0]}; the list is built jointly, "
                       f"so {missing[0]} must agree to the account too")
        yield finding("ABM104", message, account, "sources", account=account.id)


@rule("ABM105", "warning", "an account's list review is overdue (reviewed older than "
      "list_review_days)")
def list_review_is_current(reg: Registry, ctx: Context) -> Iterator[Finding]:
    """
    **What it catches.** An account whose `reviewed` date is more than
    `engagement.list_review_days` (default 92, a quarter) before the as-of date, or that has no
    `reviewed` date at all. A review exactly `list_review_days` ago is still current.

    **Why.** The list goes stale: people leave, priorities shift, accounts are won or lost. A
    quarterly review adds the accounts that now fit the ideal customer profile and removes those
    won, lost or out of reach; a list that never gets updated is one of the usual ways an ABM
    program fails.

    **Example.**

    ```yaml
    # as of 2026-11-23, with list_review_days 92
    accounts:
      - id: highline-realty
        name: Highline Realty
        domains: [highlinerealty.com]
        tier: 3
        reviewed: 2026-08-03         # 112 days ago
    ```

    **Use instead.**

    ```yaml
        reviewed: 2026-11-16         # confirmed at this quarter's list review
    ```

    **How to fix.** Review the account at the next list review: confirm its tier, owners and
    scores (or take it off the list), then set `reviewed:` to the date of that review.
    """
    days = reg.settings.engagement.list_review_days
    oldest = ctx.as_of - timedelta(days=days)
    for account in reg.accounts:
        reviewed = account.reviewed
        if reviewed is None:
            yield finding("ABM105", f"{account.id}: never reviewed (no 'reviewed' date); "
                          f"the list is reviewed every {days} days",
                          account, "reviewed", account=account.id)
        elif reviewed < oldest:
            ago = (ctx.as_of - reviewed).days
            yield finding("ABM105", f"{account.id}: last reviewed {reviewed}, {ago} days before "
                          f"{ctx.as_of}; list_review_days is {days}",
                          account, "reviewed", account=account.id)


@rule("ABM106", "warning", "an account's sources names a side other than marketing or sales")
def sources_name_the_two_sides(reg: Registry, ctx: Context) -> Iterator[Finding]:
    """
    **What it catches.** A value in an account's `sources` other than `marketing` and `sales`
    (compared without regard to case), such as `partner` or a typo like `sale`.

    **Why.** `sources` records which sides agreed to put the account on the list, and the
    joint-list check (ABM104) reads exactly those two words. Anything else is ignored there:
    a typo leaves the list looking one-sided, a third word suggests an agreement that was
    never asked of anyone.

    **Example.**

    ```yaml
    accounts:
      - id: driftwood-labs
        name: Driftwood Labs
        domains: [driftwoodlabs.io]
        tier: 3
        sources: [marketing, sales, partner]   # referred by a partner
    ```

    **Use instead.**

    ```yaml
        sources: [marketing, sales]
        x-referred-by: partner         # a note of the team's own
    ```

    **How to fix.** Correct the spelling, or keep `sources` to `marketing` and `sales` and put
    other origins in a note under an `x-` key.
    """
    from abmctl.suggest import closest

    sides = set(JOINT_SOURCES)
    for account in reg.accounts:
        for value in account.sources:
            if value.casefold() not in sides:
                guess = closest(value.casefold(), JOINT_SOURCES)
                fix = f"did you mean '{guess}'?" if guess else "sources takes marketing and sales"
                yield finding("ABM106", f"{account.id}: unknown source '{value}'; {fix} (other "
                              "origins go in a note under an 'x-' key)", account, "sources",
                              account=account.id, severity="warning")


@rule("ABM108", "warning",
      "a domain is written as a URL, or not in its plain form, or names no host")
def domains_are_plain(reg: Registry, ctx: Context) -> Iterator[Finding]:
    """
    **What it catches.** An account's domain written as a URL or an address rather than a
    domain: with a scheme (`https://`), `www.`, a path, a port, capital letters, a trailing
    dot or an e-mail's `name@`. `https://www.Northwind.com/` is `northwind.com`. Also a domain
    that names no host once written plainly (`''`, `https://`, `@`, an address such as
    `http://[::1]/`): no activity can be matched by it.

    **Why.** Activity is matched by the plain domain either way, but a list that mixes URLs and
    domains is hard to search, and the next tool to read it (a CRM import, an enrichment
    vendor) may not clean it the way abmctl does.

    **Example.**

    ```yaml
    accounts:
      - id: northwind
        name: Northwind Traders
        domains: [https://www.Northwind.com/]
        tier: 2
    ```

    **Use instead.**

    ```yaml
    accounts:
      - id: northwind
        name: Northwind Traders
        domains: [northwind.com]
        tier: 2
    ```

    **How to fix.** Write the domain alone. Fixable with `abmctl lint --fix`, unless the
    plain form is already listed on the account (then delete the duplicate). A domain that
    names no host: write the company's web domain, or delete it.
    """
    for account in reg.accounts:
        for written in account.domains:
            if _PLAIN_DOMAIN.fullmatch(written):
                continue
            plain = plain_domain(written)
            if not _HOST.fullmatch(plain):
                yield finding("ABM108", f"{account.id}: domain '{written}' names no host: "
                              "no activity can be matched by it", account, "domains",
                              account=account.id, severity="warning")
                continue
            if plain == written:
                continue
            duplicate = plain in account.domains
            fix = None if duplicate or not _WRITABLE.fullmatch(plain) else \
                Fix("domain", written, plain)
            also = "; it is already listed: delete this one" if duplicate else ""
            yield finding("ABM108", f"{account.id}: domain '{written}' is written as "
                          f"'{plain}'{also}", account, "domains", account=account.id,
                          severity="warning", fix=fix)


RULES = (
    account_ids_are_unique,
    domains_belong_to_one_account,
    names_belong_to_one_account,
    list_is_built_jointly,
    list_review_is_current,
    sources_name_the_two_sides,
    domains_are_plain,
)
