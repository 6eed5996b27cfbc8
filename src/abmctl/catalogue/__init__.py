"""The rule catalogue: every rule abmctl knows, by family, in catalogue order.

`FAMILIES` is the one list. Each module it names lists its rules in `RULES`; a family's modules
are imported only when that family is asked for (`lint` never pays for the overlap rules).
Adding a rule: its generator, declared with `@rule(...)` in its family's module, one line in
that module's `RULES`, and its test.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from abmctl.catalogue.base import Family, Rule

FAMILIES: dict[Family, tuple[str, ...]] = {
    "load": ("loading", "suppressions", "sources"),  # ABM0xx
    "lint": ("listhygiene", "crmids", "tiers", "stages", "agreements", "plays"),  # ABM1xx-ABM5xx
    "overlap": ("overlap",),  # ABM6xx
}


def catalogue(families: Collection[Family] = tuple(FAMILIES)) -> dict[str, Rule]:
    """The rules of `families` (by default all) by code, in catalogue order."""
    import importlib
    from dataclasses import replace

    rules: dict[str, Rule] = {}
    for family, modules in FAMILIES.items():
        if family in families:
            for name in modules:
                listed: tuple[Rule, ...] = importlib.import_module(f"{__name__}.{name}").RULES
                rules.update((rule.code, replace(rule, family=family)) for rule in listed)
    return dict(sorted(rules.items()))  # a module may hold codes of two decades (ABM003, ABM008)
