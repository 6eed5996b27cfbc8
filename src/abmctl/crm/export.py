"""`abmctl accounts export`: the CSV a CRM's importer takes, one row per account.

Each target's columns are its defaults (below, and docs/crm.md) with `rules/crm.yaml`'s
over them. The key column is what the importer matches records by: Salesforce Data Loader
upserts by `Id` (or an external id field), HubSpot's import updates by `Record ID` (or
creates and dedupes by `Company Domain Name`). An account without the key's value (no
`crm:` id for that CRM) cannot be matched there: it is left out and counted.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from abmctl.crm.ids import SYSTEMS
from abmctl.errors import AbmctlError
from abmctl.findings import Finding
from abmctl.model.accounts import Account
from abmctl.model.settings import CrmExport
from abmctl.output.csv_text import table
from abmctl.registry import Registry

DEFAULTS: dict[str, CrmExport] = {
    # a custom picklist on the Account object (the `ABM_Tier__c`-style field sales sees)
    "salesforce": CrmExport(key="Id", key_value="crm_id", name="Name", tier="ABM_Tier__c",
                            tiers={1: "Tier 1", 2: "Tier 2", 3: "Tier 3"},
                            stage="ABM_Stage__c", owners={}),
    # HubSpot's own company property for ABM tiers, and the company owner (the import takes
    # the owner's e-mail address)
    "hubspot": CrmExport(key="Record ID", key_value="crm_id", name="name",
                         tier="hs_ideal_customer_profile",
                         tiers={1: "tier_1", 2: "tier_2", 3: "tier_3"}, stage="",
                         owners={"ae": "hubspot_owner_id"}),
    "csv": CrmExport(key="id", key_value="id", name="name", tier="tier", tiers={},
                     stage="stage", owners={"ae": "ae", "sdr": "sdr", "abm": "abm", "cs": "cs"}),
}


@dataclass
class ExportReport:
    """The CSV text and the lines said on stderr (accounts left out, rows written)."""

    text: str
    rows: int
    notes: list[str] = field(default_factory=list)


def columns(reg: Registry, target: str) -> CrmExport:
    """The target's columns: its defaults, with rules/crm.yaml's over them."""
    base = DEFAULTS[target]
    given: CrmExport = getattr(reg.settings.crm, target)
    chosen = {name: value for name, value in given.model_dump().items()
              if value is not None and name != "tiers"}
    return base.model_copy(update={**chosen, "tiers": {**base.tiers, **given.tiers}})


def export_rows(reg: Registry, target: str, changed_since: str | None) -> ExportReport:
    """The export of every account (or of those changed since a revision)."""
    spec = columns(reg, target)
    accounts = reg.accounts
    notes: list[str] = []
    if changed_since is not None:
        moved, gone, unread = changed_accounts(reg, changed_since)
        accounts = [a for a in accounts if a.id in moved]
        notes.append(f"{len(accounts)} of {len(reg.accounts)} accounts changed tier, stage or "
                     f"owners since {changed_since}")
        for fault in unread[:10]:  # what it held there is unknown: exported as changed
            notes.append(f"at {changed_since}, {fault.where}: {fault.code} {fault.message}: "
                         "its accounts did not load there and are exported as changed")
        if len(unread) > 10:
            notes.append(f"... and {len(unread) - 10} more faults of account files at "
                         f"{changed_since}")
        if gone:
            # a CRM importer leaves a field an empty cell names as it is: no row can clear it
            named = [f"{a.id} ({spec.key} {key})" if (key := _key_value(a, spec, target))
                     else f"{a.id} (no {spec.key})" for a in gone[:10]]
            notes.append(f"{len(gone)} account(s) of {changed_since} are not in the list now "
                         f"(removed, or not loading) nor in this file; clear the tier in the "
                         f"CRM of those that left: {', '.join(named)}"
                         + (" ..." if len(gone) > 10 else ""))
    people = {p.id: p for p in reg.people}
    left_out: list[str] = []
    no_email: set[str] = set()
    rows: list[list[str]] = []
    for account in accounts:
        key = _key_value(account, spec, target)
        if not key:
            left_out.append(account.id)
            continue
        rows.append(_row(account, spec, target, key, people, no_email))
    # the one CSV writer of every report: RFC 4180, and no cell a spreadsheet would run
    text = table(_header(spec, target), rows)
    if no_email:
        notes.append(f"{len(no_email)} owner(s) have no e-mail in teams.yaml; their cells are "
                     f"left empty: {', '.join(sorted(no_email)[:10])}")
    if left_out:
        shown = ", ".join(left_out[:10]) + (" ..." if len(left_out) > 10 else "")
        notes.append(f"{len(left_out)} account(s) left out: no {spec.key} value (no crm: id "
                     f"for {target}): {shown}")
    return ExportReport(text, len(rows), notes)


def _header(spec: CrmExport, target: str) -> list[str]:
    names: list[Any] = [spec.key, spec.name]
    if target == "csv":
        names += ["domain", "salesforce_id", "hubspot_id"]
    names += [spec.tier, spec.stage, *(spec.owners or {}).values()]
    return [str(n) for n in names if n]


def _key_value(account: Account, spec: CrmExport, target: str) -> str:
    if spec.key_value == "id":
        return account.id
    if spec.key_value == "domain":
        return account.domains[0]
    if target not in SYSTEMS:
        raise AbmctlError(f"rules/crm.yaml: {target}.key_value crm_id names no CRM; use id "
                          "or domain")
    return getattr(account.crm, target) or ""


def _row(account: Account, spec: CrmExport, target: str, key: str,
         people: dict[str, Any], no_email: set[str]) -> list[str]:
    cells: list[str] = [key]
    if spec.name:
        cells.append(account.name)
    if target == "csv":
        cells += [account.domains[0], account.crm.salesforce or "", account.crm.hubspot or ""]
    if spec.tier:
        cells.append(spec.tiers.get(account.tier, str(account.tier)))
    if spec.stage:
        cells.append(account.stage)
    for role in (spec.owners or {}):
        cells.append(_owner_cell(account.owner(role), target, people, no_email))
    return cells


def _owner_cell(ident: str | None, target: str, people: dict[str, Any],
                no_email: set[str]) -> str:
    """The CSV names the person by id; a CRM by e-mail (its importer finds its user by it)."""
    if not ident or target == "csv":
        return ident or ""
    person = people.get(ident)
    if person is None or not person.email:
        no_email.add(ident)
        return ""
    return str(person.email)


def changed_accounts(reg: Registry, revision: str
                     ) -> tuple[set[str], list[Account], list[Finding]]:
    """The accounts whose tier, stage or owners differ from `revision` (or that it lacks),
    `revision`'s accounts the list no longer has, and the errors of its account files (an
    account that did not load there counts as changed: what it held is unknown)."""
    from abmctl.load import gitrev

    repo = gitrev.open_repo(reg.root, "accounts export --changed-since")
    commit = gitrev.resolve(repo, revision)
    with gitrev.registry_at(repo, commit) as base:
        before = {a.id: _exported(a) for a in base.accounts}
        now = {a.id for a in reg.accounts}
        gone = [a for a in base.accounts if a.id not in now]
        unread = [f for f in base.load_findings if f.severity == "error"
                  and (f.path or "").startswith(gitrev.ACCOUNTS + "/")]
    return {a.id for a in reg.accounts if before.get(a.id) != _exported(a)}, gone, unread


def _exported(account: Account) -> tuple[int, str, tuple[tuple[str, str], ...]]:
    return account.tier, account.stage, tuple(sorted(account.owners.items()))
