"""Running the catalogue: selection, severity overrides, inline suppressions (SPEC §1.10)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace

from abmctl.checks.base import RULES, Context, Family, finding
from abmctl.findings import Finding, sort_key
from abmctl.registry import Registry, Suppression

RULE_MODULES = (
    "abmctl.checks.loading",
    "abmctl.checks.suppressions",
    "abmctl.checks.listhygiene",
    "abmctl.checks.tiers",
    "abmctl.checks.stages",
    "abmctl.checks.agreements",
    "abmctl.checks.plays",
    "abmctl.checks.overlap",
)


def load_catalogue() -> None:
    """Import every rule module so each registers its rules."""
    import importlib

    for module in RULE_MODULES:
        importlib.import_module(module)


def registry_errors(reg: Registry, ctx: Context) -> list[Finding]:
    """ABM001-ABM003: what makes a registry unfit for planning or reporting."""
    load_catalogue()
    check = RULES["ABM003"].check
    found = list(reg.load_findings)
    if check is not None:
        found += check(reg, ctx)
    return sorted(found, key=sort_key)


def run_rules(
    reg: Registry,
    ctx: Context,
    families: Sequence[Family],
    select: Iterable[str] = (),
    ignore: Iterable[str] = (),
) -> list[Finding]:
    """Every finding of the rules of `families`, after lint.yaml, --select/--ignore and
    inline suppressions."""
    load_catalogue()
    found: list[Finding] = list(reg.load_findings) if "load" in families else []
    for rule in RULES.values():
        if rule.family in families and rule.check is not None:
            found.extend(rule.check(reg, ctx))
    settings = reg.rules.lint
    chosen = [*settings.select, *select]
    dropped = [*settings.ignore, *ignore]
    kept = [
        replace(f, severity=settings.severity.get(f.code, RULES[f.code].severity))
        if f.code in RULES else f
        for f in found
        if _matches(f.code, chosen, default=True) and not _matches(f.code, dropped, default=False)
    ]
    return sorted(_apply_suppressions(reg, ctx, kept), key=sort_key)


def _matches(code: str, patterns: Sequence[str], default: bool) -> bool:
    """`ABM2` selects every ABM2xx rule; `ABM204` just the one."""
    if not patterns:
        return default
    return any(code.startswith(p.strip().upper()) for p in patterns)


def _apply_suppressions(reg: Registry, ctx: Context, found: list[Finding]) -> list[Finding]:
    kept: list[Finding] = []
    expired: dict[tuple[str, int, str], Suppression] = {}
    for item in found:
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
