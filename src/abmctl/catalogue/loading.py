"""ABM001-ABM003, ABM008: files that cannot be read, records that do not fit, names that name
nothing, review dates that have not happened yet."""

from __future__ import annotations

from collections.abc import Container, Iterable, Iterator
from dataclasses import dataclass
from datetime import date

from abmctl.catalogue.base import Context, described, finding, rule
from abmctl.findings import Finding
from abmctl.model.base import Record
from abmctl.registry import Registry

not_yaml = described("ABM001", "error", "a file is not valid YAML", """
    **What it catches.** A registry or rules file that cannot be read as YAML 1.2: a syntax
    error, bytes that are not UTF-8, tab indentation, a key given twice in one mapping, an
    explicit tag such as `!!python/object/apply`, several documents in one file, or aliases
    that expand without bound.

    **Why.** Every other rule reads these files. A file that different tools read differently
    (or that runs code when read) cannot be the one source of truth the program agrees on.

    **Example.**

    ```yaml
    # registry/accounts/emea.yaml
    accounts:
      - id: northwind
        name: Northwind Traders
        name: Northwind              # the same key twice
        domains: !!set {northwind.com}   # an explicit tag
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

    **How to fix.** Go to the line named. Indent with spaces, keep each key once, drop the
    tag, split several documents into several files, and save the file as UTF-8.
""")

not_fitting = described("ABM002", "error", "a record does not match its schema", """
    **What it catches.** A record with a missing required key, an unknown key (a typo), a value
    of the wrong type (`tier: "1"`), an impossible date (`2026-02-30`), or an id that is not a
    slug.

    **Why.** A typo that passes silently is a rule that silently stops applying.

    **Example.**

    ```yaml
    accounts:
      - id: Northwind Traders        # an id must be a slug
        name: Northwind Traders
        domains: [northwind.com]
        tier: "2"                    # a string, not a number
        reviewd: 2026-10-02          # a typo: no such key
    ```

    **Use instead.**

    ```yaml
    accounts:
      - id: northwind
        name: Northwind Traders
        domains: [northwind.com]
        tier: 2
        reviewed: 2026-10-02
        x-notes: met at the Munich roadshow   # the team's own note
    ```

    **How to fix.** Correct the key or value on the line named. Keys of your own are welcome
    under an `x-` prefix (`x-notes: ...`); abmctl ignores them.
    Fixable with `abmctl lint --fix` when a misspelt key can only mean one key of its mapping
    (the message names it, and it is not written there already); when two keys are as close
    (`scors`: `scores` or `sources`?), the choice is yours.
""")

layout = described("ABM009", "warning", "a line ends in blanks, or a file mixes line endings", """
    **What it catches.** A registry or rules file with spaces or tabs at the end of a line, or
    with lines ending in both CRLF (Windows) and LF (Linux, macOS). One finding per file, at
    the first such line.

    **Why.** Invisible differences make noisy diffs: a review of a tier change should show the
    tier, not a line that only lost a blank, nor a whole file whose line endings flipped
    because two editors saved it.

    **Example.**

    ```yaml
    # the id line ends in two blanks
    accounts:
      - id: northwind\x20\x20
        name: Northwind Traders
        domains: [northwind.com]
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

    **How to fix.** Fixable with `abmctl lint --fix`: it removes the blanks at line ends and
    gives every line the ending most of the file's lines have (a file that is mostly CRLF
    stays CRLF). Blanks at the end of a line inside a multi-line text (`|` or `>`) are part of
    that text: the fix leaves them.
""")


@rule("ABM003", "error", "a reference names nothing")
def references_resolve(reg: Registry, ctx: Context) -> Iterator[Finding]:
    """
    **What it catches.** A name that points at nothing: an account owner who is not in
    `teams.yaml`, a person on an unknown team, a region or territory that is not listed, a tier
    that `rules/tiers.yaml` does not define, a play naming an unknown account, team or event,
    an event inviting an unknown account, an agreement with an unknown partner team.

    **Why.** Routing, capacity and overlap all follow these names; a dangling one sends a
    handoff to nobody.

    **Example.**

    ```yaml
    # registry/teams.yaml lists dana.whitfield
    accounts:
      - id: northwind
        name: Northwind Traders
        domains: [northwind.com]
        tier: 2
        region: na-east
        owners: {ae: dana.whitfeld}
    ```

    **Use instead.**

    ```yaml
        owners: {ae: dana.whitfield}
    ```

    A name of a record that is written but does not load (its own ABM001 or ABM002 error says
    why) is not reported here: mend that record.

    **How to fix.** Correct the spelling, or add the missing person, team, territory, tier,
    account or event where it belongs.
    """
    # a name of a record written but left out for its own ABM001/ABM002 (`role: sdrr` on a
    # person) is not unknown: that error says what to mend
    written = {f.account for f in reg.load_findings if f.severity == "error" and f.account}
    for name in dangling(reg):
        if not (written and name.kind in _RECORD_KINDS and name.name in written):
            yield reference_finding(name, reg)


# the kinds of name that are a record's id (a load finding names the record it left out)
_RECORD_KINDS = frozenset({"person", "team", "account", "event"})


@dataclass(frozen=True, slots=True)
class Dangling:
    """A name in a record's field that points at nothing (`account`: the account's id)."""

    record: Record
    field_name: str
    kind: str
    name: object
    account: str | None = None


def reference_finding(name: Dangling, reg: Registry | None = None) -> Finding:
    """The ABM003 finding of a dangling name: with the name it probably meant and where that
    is defined, or the valid names when they are few."""
    owner = getattr(name.record, "id", None) or getattr(name.record, "partner", "")
    fix = _fix(name, reg) if reg is not None else ""
    return finding("ABM003", f"{owner}: unknown {name.kind} '{name.name}' in "
                   f"'{name.field_name}'{fix}", name.record, name.field_name,
                   account=name.account)


def _fix(name: Dangling, reg: Registry) -> str:
    """`; did you mean 'x'? (defined in file:line)`, or the valid names of a small set."""
    from abmctl.suggest import SMALL_SET, closest, listing

    records: dict[str, Record] = {}
    home = "registry/teams.yaml"
    if name.kind == "person":
        records = dict(reg.person_by_id)
    elif name.kind == "team":
        records = dict(reg.team_by_id)
    elif name.kind == "account":
        records, home = dict(reg.account_by_id), "registry/accounts/"
    elif name.kind == "event":
        records, home = dict(reg.event_by_id), "registry/events/"
    names: list[object] = list(records)
    if name.kind == "territory":
        names = list(reg.territories)
    elif name.kind == "tier":
        names = [t.id for t in reg.settings.tiers.tiers]
        home = "rules/tiers.yaml" if "rules/tiers.yaml" in reg.files else ""
    guess = closest(name.name, names) if names else None
    if guess is not None and guess in records:
        record = records[guess]
        return f"; did you mean '{guess}'? (defined in {record.path}:{record.line})"
    if name.kind in ("account", "event") or not names:  # many, or none that loaded
        return ""
    where = f"the {_PLURAL[name.kind]} in {home}" if home else f"the built-in {_PLURAL[name.kind]}"
    valid = f"{where} are {listing(names)}"
    if guess is not None:
        return f"; did you mean '{guess}'? ({valid})"
    return f"; {valid}" if len(names) <= SMALL_SET else f"; see {home}"


_PLURAL = {"person": "people", "team": "teams", "territory": "territories", "tier": "tiers",
           "account": "accounts", "event": "events"}


def dangling(reg: Registry) -> Iterator[Dangling]:
    """Every name in the registry that points at nothing: ABM003's findings, and what the
    reports leave out (an account's unknown owner: the reference; anything else: the record)."""
    territories: Container[object] = set(reg.territories)
    teams: Container[object] = reg.team_by_id
    people: Container[object] = reg.person_by_id
    if reg.teams_unloaded:  # its ABM001/ABM002 says why; the names it held are not unknown
        territories = teams = people = _Anything()
    tiers = {t.id for t in reg.settings.tiers.tiers}
    for team in reg.teams:
        yield from _unknown("territory", team.territories, territories, team, "territories")
    for person in reg.people:
        yield from _unknown("team", [person.team], teams, person, "team")
        yield from _unknown("territory", person.territories, territories, person, "territories")
        yield from _unknown("tier", person.capacity, tiers, person, "capacity")
    for account in reg.accounts:
        # 10,000 accounts whose names almost all resolve: look before building findings
        if account.tier not in tiers:
            yield from _unknown("tier", [account.tier], tiers, account, "tier", account.id)
        if account.region is not None and account.region not in territories:
            yield from _unknown("territory", [account.region], territories, account, "region",
                                account.id)
        if not all(person in people for person in account.owners.values()):
            yield from _unknown("person", account.owners.values(), people, account, "owners",
                                account.id)
    # an account whose file or record did not load is reported there (ABM001/ABM002), once
    accounts: Container[object] = reg.account_by_id
    if reg.unloaded_accounts:
        accounts = reg.account_by_id.keys() | reg.unloaded_accounts
    for play in reg.plays:
        yield from _unknown("team", [play.owner], teams, play, "owner")
        yield from _unknown("account", play.accounts or [], accounts, play, "accounts")
        yield from _unknown("event", [play.event] if play.event else [], reg.event_by_id, play,
                            "event")
        yield from _unknown("tier", [play.tier] if play.tier is not None else [], tiers, play,
                            "tier")
        if play.select is not None and play.select.tier is not None:
            yield from _unknown("tier", [play.select.tier], tiers, play, "select")
        if play.select is not None and play.select.region is not None:
            yield from _unknown("territory", [play.select.region], territories, play, "select")
    for event in reg.events:
        yield from _unknown("account", event.invited, accounts, event, "invited")
    for agreement in reg.agreements:
        yield from _unknown("team", [agreement.partner], teams, agreement, "partner")


class _Anything:
    """Every name: what a file that did not load may have held."""

    def __contains__(self, name: object) -> bool:
        return True


def _unknown(
    kind: str, names: Iterable[object], known: Container[object], record: Record,
    field_name: str, account: str | None = None,
) -> Iterator[Dangling]:
    for name in names:
        if name not in known:
            yield Dangling(record, field_name, kind, name, account)


@rule("ABM008", "warning", "a review date lies after the as-of date")
def review_dates_are_past(reg: Registry, ctx: Context) -> Iterator[Finding]:
    """
    **What it catches.** An account's `reviewed` date or an agreement's `reviewed` date (the
    last sync held) that is later than the as-of date (today, or `--as-of`). A future
    `tier_since` is ABM205's.

    **Why.** A review date records a review that happened. One in the future, usually a typo
    in the year, keeps the review looking current for months: the overdue-review checks
    (ABM105, ABM404) stay silent until that day.

    **Example.**

    ```yaml
    # as of 2026-11-23
    accounts:
      - id: northwind
        name: Northwind Traders
        domains: [northwind.com]
        tier: 2
        reviewed: 2027-11-16         # the year is wrong
    ```

    **Use instead.**

    ```yaml
        reviewed: 2026-11-16
    ```

    **How to fix.** Write the date the review or sync was held. When checking an old state of
    the registry with `--as-of`, a later review is expected: give a later `--as-of`.
    """
    for account in reg.accounts:
        if account.reviewed is not None and account.reviewed > ctx.as_of:
            yield finding("ABM008", f"{account.id}: {_future('reviewed', account.reviewed, ctx)}",
                          account, "reviewed", account=account.id, severity="warning")
    for agreement in reg.agreements:
        if agreement.reviewed is not None and agreement.reviewed > ctx.as_of:
            yield finding("ABM008", f"agreement with {agreement.partner}: "
                          f"{_future('reviewed', agreement.reviewed, ctx)}", agreement,
                          "reviewed", severity="warning")


def _future(key: str, day: date, ctx: Context) -> str:
    """`reviewed 2027-11-16 is after the as-of date 2026-11-23 (2026-11-16?)`."""
    text = f"{key} {day} is after the as-of date {ctx.as_of}; write the day it was held"
    try:
        guess = day.replace(year=ctx.as_of.year)
    except ValueError:  # 29 February
        return text
    return f"{text} ({guess}?)" if guess <= ctx.as_of else text


RULES = (
    not_yaml,
    not_fitting,
    layout,
    references_resolve,
    review_dates_are_past,
)
