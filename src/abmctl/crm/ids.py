"""CRM record ids as compared: the one place that knows when two ids name the same record."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Literal

from abmctl.model.accounts import Account

System = Literal["salesforce", "hubspot"]
SYSTEMS: tuple[System, ...] = ("salesforce", "hubspot")


def id_key(system: str, value: str) -> str:
    """The part of an id that names the record: a Salesforce 18-character id is its
    15-character id plus a checksum of the letters' case, so both spellings are one record."""
    value = value.strip()
    if system == "salesforce" and len(value) == 18:
        return value[:15]
    return value


def account_ids(account: Account) -> Iterator[tuple[System, str]]:
    """The account's CRM ids as (system, key)."""
    for system in SYSTEMS:
        value = getattr(account.crm, system)
        if value:
            yield system, id_key(system, value)
