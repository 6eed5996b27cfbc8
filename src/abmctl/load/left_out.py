"""Reports run on what loads: the registry without the records that have an ABM001-ABM003
error, and the list of what was left out, each named once.

- a file that does not load (ABM001) or a record that does not fit (ABM002): the loader has
  already left it out; it is named here;
- a name that points at nothing (ABM003): the record holding it is left out, except an
  account's owner missing from teams.yaml, where only that owner is (the account is
  reported with that role unknown);
- what only a left-out record made sense of: a person of a left-out team, an account owned
  by a left-out person (the owner, again, not the account), a play or an agreement of a
  left-out team, a play whose every named account was left out. Leaving one out can strand
  another, so the names are checked again until none dangles.

The result is the registry the reports would read had those records never been written.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from abmctl.catalogue.loading import Dangling, dangling, reference_finding
from abmctl.model.accounts import Account
from abmctl.model.teams import TeamsFile
from abmctl.output.run_info import Excluded

if TYPE_CHECKING:
    from abmctl.findings import Finding
    from abmctl.model.base import Record
    from abmctl.registry import Registry


def what_loads(reg: Registry) -> tuple[Registry, tuple[Excluded, ...]]:
    """The registry without the records (and owner references) that do not load, and what
    was left out, in file order."""
    excluded = _merged([f for f in reg.load_findings if f.severity == "error"])
    while True:  # each round leaves out at least one record or owner: it ends
        reg, stranded = _without_stranded_plays(reg)
        excluded += stranded
        names = list(dangling(reg))
        if not names:
            break
        reg, more = _without(reg, names)
        excluded += more
    return reg, tuple(sorted(excluded, key=lambda e: (e.path or "", e.line or 0)))


def _merged(findings: list[Finding]) -> list[Excluded]:
    """One entry per left-out record: a record with two faults is named once, both told."""
    by_record: dict[tuple[str | None, str | int | None], Excluded] = {}
    for f in findings:
        key = (f.path, f.account if f.account is not None else f.line)
        known = by_record.get(key)
        if known is None:
            by_record[key] = Excluded(f.path, f.line, f.account, f.code, f.message)
        else:
            by_record[key] = replace(known, message=f"{known.message}; {f.message}")
    return list(by_record.values())


def _without(reg: Registry, names: list[Dangling]) -> tuple[Registry, list[Excluded]]:
    """`reg` without the records holding `names`, and the owners of accounts that name
    nobody in teams.yaml."""
    dropped: dict[int, Record] = {}
    unowned: dict[int, set[str]] = {}
    excluded: list[Excluded] = []
    for name in names:
        finding = reference_finding(name, reg)
        record = name.record
        if isinstance(record, Account) and name.field_name == "owners":
            unowned.setdefault(id(record), set()).add(str(name.name))
            roles = [r for r, p in record.owners.items() if p == name.name]
            note = f"{finding.message} (only this owner is left out: the account is " \
                   f"reported with no {' or '.join(roles)})"
            excluded.append(_named(replace(finding, message=note), record, reference=True))
        elif id(record) not in dropped:
            dropped[id(record)] = record
            excluded.append(_named(finding, record))
    accounts = [_without_owners(a, unowned[id(a)]) if id(a) in unowned else a
                for a in reg.accounts if id(a) not in dropped]
    gone = {a.id for a in reg.accounts if id(a) in dropped}
    teams_file = TeamsFile.model_construct(
        territories=reg.territories,
        teams=[t for t in reg.teams if id(t) not in dropped],
        people=[p for p in reg.people if id(p) not in dropped],
    )
    return replace(
        reg, accounts=accounts, teams_file=teams_file,
        plays=[p for p in reg.plays if id(p) not in dropped],
        events=[e for e in reg.events if id(e) not in dropped],
        agreements=[a for a in reg.agreements if id(a) not in dropped],
        unloaded_accounts=reg.unloaded_accounts | (gone - {a.id for a in accounts}),
    ), excluded


def _without_owners(account: Account, people: set[str]) -> Account:
    kept = {role: person for role, person in account.owners.items() if person not in people}
    copy = account.model_copy(update={"owners": kept})
    copy.place_as(account)  # the copy stands where the account was written
    return copy


def _without_stranded_plays(reg: Registry) -> tuple[Registry, list[Excluded]]:
    """A play that names accounts, every one of them left out, has nothing left to do."""
    stranded = [p for p in reg.plays if p.accounts and not any(
        a in reg.account_by_id for a in p.accounts) and any(
        a in reg.unloaded_accounts for a in p.accounts)]
    if not stranded:
        return reg, []
    excluded = [Excluded(p.path, p.line, p.id, "ABM003",
                         f"{p.id}: every account it names was left out") for p in stranded]
    gone = {id(p) for p in stranded}
    return replace(reg, plays=[p for p in reg.plays if id(p) not in gone]), excluded


def _named(finding: Finding, record: Record, reference: bool = False) -> Excluded:
    ident = getattr(record, "id", None) or getattr(record, "partner", None)
    return Excluded(finding.path, finding.line, ident, finding.code, finding.message,
                    reference=reference)
