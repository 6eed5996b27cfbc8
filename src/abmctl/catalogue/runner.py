"""Running the catalogue: selection, severity overrides, inline suppressions (SPEC §1.10)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace

from abmctl.catalogue.base import RULES, Context, Family, finding
from abmctl.findings import Finding, Severity, sort_key
from abmctl.registry import Registry, Suppression

# the rule modules of each family, in catalogue order
FAMILY_MODULES: dict[Family, tuple[str, ...]] = {
    "load": ("abmctl.catalogue.loading", "abmctl.catalogue.suppressions"),
    "lint": ("abmctl.catalogue.listhygiene", "abmctl.catalogue.tiers", "abmctl.catalogue.stages",
             "abmctl.catalogue.agreements", "abmctl.catalogue.plays"),
    "overlap": ("abmctl.catalogue.overlap",),
}
RULE_MODULES = tuple(module for modules in FAMILY_MODULES.values() for module in modules)


def load_catalogue(families: Iterable[Family] = ("load", "lint", "overlap")) -> None:
    """Import the rule modules of `families` (by default all) so each registers its rules.

    `load` is always imported: it describes ABM001/ABM002 and the ABM004 a run may add."""
    import importlib

    wanted = {"load", *families}
    for family, modules in FAMILY_MODULES.items():
        if family in wanted:
            for module in modules:
                importlib.import_module(module)


def registry_errors(reg: Registry, ctx: Context) -> list[Finding]:
    """ABM001-ABM003: what makes a registry unfit for planning or reporting.

    Only the module of these rules is imported (the first of the catalogue, so the catalogue's
    order stays the same): importing every rule module would cost more than the check."""
    from abmctl.catalogue.loading import references_resolve

    return sorted([*reg.load_findings, *references_resolve(reg, ctx)], key=sort_key)


def run_rules(
    reg: Registry,
    ctx: Context,
    families: Sequence[Family],
    select: Iterable[str] = (),
    ignore: Iterable[str] = (),
) -> list[Finding]:
    """Every finding of the rules of `families`, after lint.yaml, --select/--ignore and
    inline suppressions."""
    load_catalogue(families)  # lint needs no overlap rules (importing them costs 25 ms)
    settings = reg.settings.lint
    chosen = [*settings.select, *select]
    dropped = [*settings.ignore, *ignore]

    def wanted(code: str) -> bool:
        return _matches(code, chosen, default=True) and not _matches(code, dropped, False)

    found: list[Finding] = list(reg.load_findings) if "load" in families else []
    for rule in RULES.values():
        # a rule yields findings of its own code only: one left out need not run at all
        if rule.family in families and rule.check is not None and wanted(rule.code):
            found.extend(rule.check(reg, ctx))
    kept = [_with_severity(f, settings.severity) for f in found if wanted(f.code)]
    return sorted(_apply_suppressions(reg, ctx, kept), key=sort_key)


def _with_severity(item: Finding, overrides: Mapping[str, Severity]) -> Finding:
    """The finding at the severity lint.yaml gives its code, else the catalogue's."""
    rule = RULES.get(item.code)
    if rule is None:
        return item
    severity = overrides.get(item.code, rule.severity)
    return item if severity == item.severity else replace(item, severity=severity)


def _matches(code: str, patterns: Sequence[str], default: bool) -> bool:
    """`ABM2` selects every ABM2xx rule; `ABM204` just the one."""
    if not patterns:
        return default
    return any(code.startswith(p.strip().upper()) for p in patterns)


def _apply_suppressions(reg: Registry, ctx: Context, found: list[Finding]) -> list[Finding]:
    if not reg.suppressions:
        return found  # the common case: no `# abmctl: ignore[...]` comment anywhere
    kept: list[Finding] = []
    expired: dict[tuple[str, int, str], Suppression] = {}
    commented = {path for path, _ in reg.suppressions}
    for item in found:
        if item.path not in commented:
            kept.append(item)
            continue
        covering = [s for s in reg.suppressions_for(item.path, item.line) if item.code in s.codes]
        active = [s for s in covering if s.until is None or ctx.as_of <= s.until]
        if active:
            continue
        for s in covering:
            expired[(s.path, s.line, item.code)] = s
        kept.append(item)
    for (_, _, code), s in expired.items():
        reason = f" (reason was: {s.reason})" if s.reason else ""
        kept.append(replace(
            finding("ABM004", f"the suppression of {code} expired on {s.until}{reason}; "
                    "fix the finding or renew the suppression with a new date"),
            path=s.path, line=s.line,
        ))
    return kept
