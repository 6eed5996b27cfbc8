"""ABM107: one CRM record, one list account; ABM109: rules/crm.yaml maps only tiers that exist."""

from __future__ import annotations

from collections.abc import Iterator

from abmctl.catalogue.base import Context, finding, rule
from abmctl.crm.ids import account_ids
from abmctl.findings import Finding
from abmctl.model.accounts import Account
from abmctl.registry import Registry


@rule("ABM107", "error", "two accounts carry the same CRM id")
def crm_ids_belong_to_one_account(reg: Registry, ctx: Context) -> Iterator[Finding]:
    """
    **What it catches.** A Salesforce or HubSpot id under `crm:` that another account already
    carries. A Salesforce id is compared by its first 15 characters, so the 15- and the
    18-character spelling of one id are the same record. The later account (in file order) is
    reported.

    **Why.** `abmctl accounts import` matches CRM rows to list accounts by these ids first,
    and `abmctl accounts export` writes each account's tier to the record its id names: two
    accounts on one record would overwrite each other's tier in the CRM on every export.

    **Example.**

    ```yaml
    accounts:
      - {id: northwind, name: Northwind Traders, domains: [northwind.com], tier: 2,
         crm: {salesforce: 0015g00000HcYh1AAF}}
      - {id: northwind-eu, name: Northwind Europe, domains: [northwind.eu], tier: 3,
         crm: {salesforce: 0015g00000HcYh1}}
    ```

    **Use instead.**

    ```yaml
    accounts:
      - {id: northwind, name: Northwind Traders, domains: [northwind.com], tier: 2,
         crm: {salesforce: 0015g00000HcYh1AAF}}
      - {id: northwind-eu, name: Northwind Europe, domains: [northwind.eu], tier: 3,
         crm: {salesforce: 0015g00000Lq2ZxAAJ}}
    ```

    **How to fix.** Look the company up in the CRM and keep the id on the account it belongs
    to; if the two records are one company, merge them.
    """
    first: dict[tuple[str, str], Account] = {}
    for account in reg.accounts:
        for system, key in account_ids(account):
            earlier = first.setdefault((system, key), account)
            if earlier is account or earlier.id == account.id:
                continue  # the same id twice is ABM101's finding
            yield finding(
                "ABM107",
                f"{account.id}: {system} id '{getattr(account.crm, system)}' is already carried "
                f"by account '{earlier.id}' at {earlier.path}:{earlier.line_of('crm')}",
                account, "crm", account=account.id,
            )


TARGETS = ("salesforce", "hubspot", "csv")  # the export targets of CrmSettings, in file order


@rule("ABM109", "error", "rules/crm.yaml maps a tier that rules/tiers.yaml does not define")
def crm_tiers_are_tiers(reg: Registry, ctx: Context) -> Iterator[Finding]:
    """
    **What it catches.** A tier number under `tiers:` of an export target in
    `rules/crm.yaml` (`salesforce`, `hubspot` or `csv`) that is not a tier of
    `rules/tiers.yaml` (or of the built-in tiers, without that file).

    **Why.** `abmctl accounts export` writes each account's tier as the value this map gives
    it; a line for a tier no account can be in does nothing, and is usually a typo: the tier
    it meant gets its default value in the CRM instead of the one written here.

    **Example.**

    ```yaml
    # rules/crm.yaml
    hubspot:
      tier: hs_ideal_customer_profile
      tiers:
        1: tier_1
        9: tier_2
    ```

    **Use instead.**

    ```yaml
    # rules/crm.yaml
    hubspot:
      tier: hs_ideal_customer_profile
      tiers:
        1: tier_1
        2: tier_2
    ```

    **How to fix.** Correct the tier number, or drop the line of a tier that no longer
    exists; `rules/tiers.yaml` lists the tiers.
    """
    tiers = [t.id for t in reg.settings.tiers.tiers]
    crm = reg.settings.crm
    unknown = [(target, tier) for target in TARGETS
               for tier in getattr(crm, target).tiers if tier not in tiers]
    if not unknown:
        return
    from abmctl.load.yamlfile import YamlProblem, read_yaml
    from abmctl.suggest import listing

    rel = next((f for f in reg.files if f in ("rules/crm.yaml", "rules/crm.yml")),
               "rules/crm.yaml")
    try:  # the lines, read only when there is something to report
        root = read_yaml(reg.root / rel, rel, reg.root).index.root
    except YamlProblem:
        root = None
    home = "rules/tiers.yaml" if "rules/tiers.yaml" in reg.files else "the built-in tiers"
    for target, tier in unknown:
        line, column = root.where([target, "tiers", str(tier)]) if root else (None, None)
        yield finding(
            "ABM109",
            f"{target}.tiers maps tier {tier}, which is no tier ({home}: "
            f"{listing(tiers, 'and')})",
            path=rel, line=line, column=column,
        )


RULES = (crm_ids_belong_to_one_account, crm_tiers_are_tiers)
