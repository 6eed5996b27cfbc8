"""Matching an export's rows to list accounts, and the change set that follows.

A row is the list account carrying its CRM id, else the one holding its (normalised)
domain, else, for a plain CSV, the one with its `id`. A row whose only likeness to an
account is its name is reported and never merged: two companies can share a name, and a
silent merge would hand one company's tier to the other. A row like no account is a new
account at the lowest tier. Nothing is ever removed: accounts no row matched are listed.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from abmctl.catalogue.listhygiene import normalise_name
from abmctl.crm.changes import (
    ChangeSet,
    FieldChange,
    Missing,
    NameOnly,
    NewAccount,
    Note,
    Update,
)
from abmctl.crm.ids import SYSTEMS, System, account_ids, id_key
from abmctl.crm.layouts import CrmLayout, CrmRow
from abmctl.engine.activity import SkippedRow
from abmctl.engine.domains import normalise_domain, plain_domain
from abmctl.load.adapters.column_map import header_key
from abmctl.model.accounts import HUBSPOT_ID_PATTERN, SALESFORCE_ID_PATTERN, Account
from abmctl.model.teams import Person
from abmctl.registry import Registry

_ID_FORMS = {"salesforce": re.compile(SALESFORCE_ID_PATTERN),
             "hubspot": re.compile(HUBSPOT_ID_PATTERN)}
_NOT_SLUG = re.compile(r"[^a-z0-9]+")
_EMAIL_IN = re.compile(r"[^\s()<>,;]+@[^\s()<>,;]+")
_DOMAIN = re.compile(r"[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)+")


def _domain(row: CrmRow) -> str:
    """The row's domain, normalised; '' when it has none or it is no domain (`n/a`)."""
    domain = normalise_domain(row.get("domain"))
    return domain if _DOMAIN.fullmatch(domain) else ""


@dataclass
class _Index:
    """The registry's accounts and people by what a row can name them by."""

    by_crm: dict[tuple[str, str], Account] = field(default_factory=dict)
    by_domain: dict[str, str] = field(default_factory=dict)  # normalised -> account id
    by_name: dict[str, Account] = field(default_factory=dict)
    by_id: dict[str, Account] = field(default_factory=dict)
    by_email: dict[str, Person] = field(default_factory=dict)
    by_person_name: dict[str, list[Person]] = field(default_factory=dict)
    regions: dict[str, str] = field(default_factory=dict)
    territories: frozenset[str] = frozenset()
    taken: set[str] = field(default_factory=set)
    new: dict[object, tuple[str, int]] = field(default_factory=dict)  # key -> new id, row


def _index(reg: Registry) -> _Index:
    index = _Index(by_id=reg.account_by_id, taken=set(reg.account_by_id),
                   by_domain=dict(reg.domains.owners))
    for account in reg.accounts:
        for key in account_ids(account):
            index.by_crm.setdefault(key, account)
        index.by_name.setdefault(normalise_name(account.name), account)
    for person in reg.people:
        if person.email:
            index.by_email.setdefault(person.email.strip().casefold(), person)
        index.by_person_name.setdefault(person.name.strip().casefold(), []).append(person)
    index.territories = frozenset(reg.territories)
    index.regions = {header_key(k): v for k, v in reg.settings.crm.regions.items()}
    return index


def plan_import(reg: Registry, rows: Iterable[CrmRow], layout: CrmLayout, changes: ChangeSet,
                as_of: date) -> ChangeSet:
    """Fill `changes` with what importing `rows` does to `reg` (nothing is written)."""
    index = _index(reg)
    seen: dict[str, int] = {}  # account id -> the row that matched it
    lowest = max((t.id for t in reg.settings.tiers.tiers), default=3)
    for row in rows:
        changes.rows += 1
        ids = _row_ids(row, layout, changes)
        if ids is None:
            continue
        account, how = _match(row, ids, index)
        if account is not None:
            if account.id in seen:
                changes.notes.append(Note(row.line, account.id, f"the same account as row "
                                          f"{seen[account.id]}; this row is left out"))
                continue
            seen[account.id] = row.line
            _update(row, ids, account, how, index, reg, changes)
            continue
        earlier = _new_twin(row, ids, index)
        if earlier is not None:
            changes.notes.append(Note(row.line, earlier[0], f"the same company as row "
                                      f"{earlier[1]} (a new account); this row is left out"))
            continue
        twin = index.by_name.get(normalise_name(row.get("name")))
        if twin is not None and row.get("name"):
            changes.name_only.append(NameOnly(row.line, row.get("name"), twin.id, twin.path,
                                              twin.line))
            continue
        _new(row, ids, index, reg, changes, as_of, lowest)
    changes.missing = [Missing(a.id, a.path, a.line) for a in reg.accounts if a.id not in seen]
    return changes


def _row_ids(row: CrmRow, layout: CrmLayout, changes: ChangeSet) -> dict[System, str] | None:
    """The row's CRM ids; None (the row skipped) when one is not an id of its CRM."""
    given: dict[System, str] = {}
    if layout.system is not None:
        given[layout.system] = row.get("crm_id")
    else:
        given = {s: row.get(f"{s}_id") for s in SYSTEMS}
    ids: dict[System, str] = {}
    for system, value in given.items():
        if not value:
            continue
        if not _ID_FORMS[system].fullmatch(value):
            what = "15 or 18 letters and digits" if system == "salesforce" else "digits"
            changes.skipped.append(SkippedRow(changes.source, row.line, f"{value!r} is not a "
                                              f"{system} id ({what})"))
            return None
        ids[system] = value
    if layout.system is not None and not ids:
        changes.skipped.append(SkippedRow(changes.source, row.line, "no record id"))
        return None
    if not row.get("name"):
        changes.skipped.append(SkippedRow(changes.source, row.line, "no account name"))
        return None
    return ids


def _match(row: CrmRow, ids: dict[System, str],
           index: _Index) -> tuple[Account | None, str]:
    """The list account a row is: by CRM id, then domain, then (a plain CSV) registry id
    (docs/crm.md's order)."""
    for system, value in ids.items():
        found = index.by_crm.get((system, id_key(system, value)))
        if found is not None:
            return found, "crm id"
    domain = _domain(row)
    if domain and domain in index.by_domain:
        return index.by_id[index.by_domain[domain]], "domain"
    if row.get("id") in index.by_id:
        return index.by_id[row.get("id")], "id"
    return None, ""


def _update(row: CrmRow, ids: dict[System, str], account: Account, how: str, index: _Index,
            reg: Registry, changes: ChangeSet) -> None:
    found: list[FieldChange] = []
    name = row.get("name")
    if name and name != account.name:
        found.append(FieldChange("name", account.name, name))
    found += _domain_change(row, account, index, changes)
    region = _region(row, index, changes, account.id)
    if region is not None and region != account.region:
        found.append(FieldChange("region", account.region, region))
    found += _id_changes(row, ids, account, index, changes)
    role = reg.settings.crm.owner_role
    owner = _owner(row, index, changes, account.id, role)
    if owner is not None and account.owner(role) != owner:
        found.append(FieldChange(f"owners.{role}", account.owner(role), owner))
    if not found:
        changes.unchanged += 1
    changes.updates.append(Update(account.id, account.path, account.line, how, row.line,
                                  tuple(found)))


def _domain_change(row: CrmRow, account: Account, index: _Index,
                   changes: ChangeSet) -> list[FieldChange]:
    domain = _domain(row)
    holder = index.by_domain.get(domain)
    if not domain or holder == account.id:
        return []
    if holder is not None:
        other = index.by_id[holder]
        changes.notes.append(Note(row.line, account.id, f"domain {domain} belongs to account "
                                  f"'{holder}' ({other.path}:{other.line}); not added"))
        return []
    if domain in index.new:  # an earlier row's new account has it
        changes.notes.append(Note(row.line, account.id, f"domain {domain} belongs to the new "
                                  f"account {_made(index.new[domain])}; not added"))
        return []
    index.by_domain[domain] = account.id
    return [FieldChange("domains", None, plain_domain(row.get("domain")))]


def _id_changes(row: CrmRow, ids: dict[System, str], account: Account, index: _Index,
                changes: ChangeSet) -> list[FieldChange]:
    found: list[FieldChange] = []
    for system, value in ids.items():
        key = (system, id_key(system, value))
        current = getattr(account.crm, system)
        holder = index.by_crm.get(key)
        if holder is not None and holder.id != account.id:
            changes.notes.append(Note(row.line, account.id, f"{system} id {value} is carried "
                                      f"by account '{holder.id}' ({holder.path}:"
                                      f"{holder.line}); not added"))
        elif key in index.new:
            changes.notes.append(Note(row.line, account.id, f"{system} id {value} is carried "
                                      f"by the new account {_made(index.new[key])}; not "
                                      "added"))
        elif current is None:
            index.by_crm[key] = account
            found.append(FieldChange(f"crm.{system}", None, value))
        elif id_key(system, current) != key[1]:
            changes.notes.append(Note(row.line, account.id, f"carries {system} id {current}, "
                                      f"the export {value}; not changed (fix it by hand)"))
    return found


def _made(new: tuple[str, int]) -> str:
    """A new account as a note names it: its id and the row that makes it."""
    return f"'{new[0]}' (row {new[1]})"


def _region(row: CrmRow, index: _Index, changes: ChangeSet, account: str | None) -> str | None:
    """The territory the row's region (or country) is in; None when it has none or it is
    no territory (noted once per value)."""
    for value in (row.get("region"), row.get("country")):
        if not value:
            continue
        territory = index.regions.get(header_key(value), value.strip())
        if territory in index.territories:
            return territory
        if territory.lower() in index.territories:
            return territory.lower()
    value = row.get("region") or row.get("country")
    if value:
        changes.notes.append(Note(row.line, account, f"region '{value}' is no territory of "
                                  "teams.yaml; map it in rules/crm.yaml regions:"))
    return None


def _owner(row: CrmRow, index: _Index, changes: ChangeSet, account: str | None,
           role: str) -> str | None:
    """The person the row's owner is: by e-mail (the owner e-mail column, or one written in
    the owner column), else by their full name when one person has it; only someone whose
    role in teams.yaml is `role` (rules/crm.yaml owner_role) becomes that owner."""
    written = row.get("owner")
    email = row.get("owner_email") or (
        next(iter(_EMAIL_IN.findall(written)), "") if "@" in written else "")
    person = index.by_email.get(email.strip().casefold()) if email else None
    named: list[Person] = []
    if person is None and written:
        named = index.by_person_name.get(written.strip().casefold(), [])
        person = named[0] if len(named) == 1 else None
    if person is not None and person.role == role:
        return person.id
    if person is not None:
        changes.notes.append(Note(row.line, account, f"owner {person.id} is {person.role}, not "
                                  f"{role}, in teams.yaml; owners not changed"))
    elif len(named) > 1:
        changes.notes.append(Note(row.line, account, f"owner '{written}' is the name of "
                                  f"{len(named)} people in teams.yaml ("
                                  f"{', '.join(p.id for p in named)}); owners not changed "
                                  "(give the export the owner's e-mail)"))
    elif email or written:
        changes.notes.append(Note(row.line, account, f"owner '{email or written}' is nobody "
                                  "in teams.yaml (by e-mail or name); owners not changed"))
    return None


def _new(row: CrmRow, ids: dict[System, str], index: _Index, reg: Registry,
         changes: ChangeSet, as_of: date, lowest: int) -> None:
    domain = _domain(row)
    if not domain:
        changes.skipped.append(SkippedRow(changes.source, row.line, "no domain, and no list "
                                          "account has its id: a new account needs a domain"))
        return
    ident = _new_id(row.get("id") or normalise_name(row.get("name")), domain, index.taken)
    written = plain_domain(row.get("domain"))
    values: dict[str, Any] = {"id": ident, "name": row.get("name"), "domains": [written],
                              "tier": lowest, "tier_since": as_of.isoformat()}
    region = _region(row, index, changes, ident)
    if region is not None:
        values["region"] = region
    role = reg.settings.crm.owner_role
    owner = _owner(row, index, changes, ident, role)
    if owner is not None:
        values["owners"] = {role: owner}
    values["sources"] = list(reg.settings.crm.sources)
    if ids:
        values["crm"] = dict(ids)
    index.taken.add(ident)
    for key in _keys(row, ids):
        index.new.setdefault(key, (ident, row.line))
    changes.new.append(NewAccount(ident, row.line, values))


def _keys(row: CrmRow, ids: dict[System, str]) -> list[object]:
    keys: list[object] = [(system, id_key(system, value)) for system, value in ids.items()]
    domain = _domain(row)
    return [*keys, domain] if domain else keys


def _new_twin(row: CrmRow, ids: dict[System, str], index: _Index) -> tuple[str, int] | None:
    """The new account an earlier row of the export made for the same company, if any."""
    return next((index.new[k] for k in _keys(row, ids) if k in index.new), None)


def _new_id(name: str, domain: str, taken: set[str]) -> str:
    """A slug from the name (without its legal form: Ltd, Inc, GmbH), else from the domain,
    unique among the list's ids."""
    folded = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    base = _NOT_SLUG.sub("-", folded).strip("-")[:60].strip("-")
    base = base or _NOT_SLUG.sub("-", domain).strip("-") or "account"
    ident, number = base, 2
    while ident in taken:
        ident, number = f"{base}-{number}", number + 1
    return ident
