"""ABM107: one CRM record, one list account."""

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


RULES = (crm_ids_belong_to_one_account,)
