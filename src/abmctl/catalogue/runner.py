"""Running the catalogue: selection, severity overrides, inline suppressions."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import replace
from datetime import date

from abmctl.catalogue import catalogue
from abmctl.catalogue.base import Context, Family, Rule
from abmctl.findings import Finding, Severity, sort_key
from abmctl.registry import Registry, Suppression

EXPIRED = "ABM004"  # the finding an expired inline suppression adds
UNUSED = "ABM007"  # the finding an inline suppression that hides nothing adds
# the rules whose findings only `tiers diff` makes (tiers/diff.py): it alone sees two revisions
MADE_BY_DIFF = frozenset({"ABM208", "ABM209"})
# the errors that leave a record out of every report (a file not YAML, a record that does not
# fit, a name that points at nothing): only their own code leaves them out of a run, never a
# prefix (`ignore: [ABM00]`, meant to quiet ABM004 or ABM009, would hide a broken file)
UNFIT = frozenset({"ABM001", "ABM002", "ABM003"})


def checked_by(rule: Rule) -> str:
    """The command whose run makes `rule`'s findings: `lint`, `overlap` or `tiers diff`."""
    if rule.family == "overlap":
        return "overlap"
    return "tiers diff" if rule.code in MADE_BY_DIFF else "lint"


def registry_errors(reg: Registry, ctx: Context) -> list[Finding]:
    """ABM001-ABM003: what makes a registry unfit for planning or reporting.

    Only the module of these rules is imported: importing every rule module would cost more
    than the check."""
    from abmctl.catalogue.loading import references_resolve

    return sorted([*reg.load_findings, *references_resolve(reg, ctx)], key=sort_key)


def registry_rules(reg: Registry, as_of: date,
                   families: Sequence[Family]) -> dict[str, list[Finding]]:
    """The findings of each rule of `families` that judges the registry and the date alone
    (`Rule.reads_registry_only`), by code: what `run_rules` would make of them, made before
    the activity is read (`abmctl explain` has a child process make them meanwhile)."""
    ctx = Context(as_of=as_of)
    return {code: list(rule(reg, ctx)) for code, rule in catalogue(families).items()
            if rule.reads_registry_only}


def run_rules(
    reg: Registry,
    ctx: Context,
    families: Sequence[Family],
    select: Iterable[str] = (),
    ignore: Iterable[str] = (),
    extra: Iterable[Finding] = (),
    made: Mapping[str, list[Finding]] | None = None,
) -> list[Finding]:
    """Every finding of the rules of `families`, after lint.yaml, --select/--ignore and
    inline suppressions. `extra`: findings made outside the generators (`tiers diff`'s
    ABM208), settled here the same way: this is the one place that applies lint.yaml.
    `made`: the findings of rules already run on this registry and date
    (`registry_rules`), by code."""
    rules = catalogue(families)  # lint needs no overlap rules (importing them costs 25 ms)
    settings = reg.settings.lint
    chosen = [*settings.select, *select]
    dropped = [*settings.ignore, *ignore]

    def wanted(code: str) -> bool:
        return _matches(code, chosen, default=True) and not _ignores(code, dropped)

    found: list[Finding] = list(reg.load_findings) if "load" in families else []
    found.extend(extra)
    # a rule yields findings of its own code only: one left out need not run at all
    running = [rule for rule in rules.values() if rule.check is not None and wanted(rule.code)]
    # those that read intent last (it may still be on its way: `options.build_context`), their
    # findings put back in catalogue order, so that the run's findings are the same
    made = {rule.code: list(rule(reg, ctx)) if made is None or rule.code not in made
            else made[rule.code] for rule in sorted(running, key=lambda rule: rule.reads_intent)}
    found.extend(item for rule in running for item in made[rule.code])
    kept = [f for f in found if wanted(f.code)]
    # the rules --select/--ignore left out that a full run makes, of the codes suppressions
    # name: run here when ABM004 or ABM007 is asked for, so that a suppression is judged as a
    # full run judges it (their findings are not shown)
    missed = (_missed(reg, ctx, rules, wanted) if "load" in families
              and (wanted(EXPIRED) or wanted(UNUSED)) else {})
    lint_file = [*settings.select, *settings.ignore, *settings.severity]
    if "load" in families and (reg.suppressions or lint_file):  # ABM006/ABM007: lint's run
        kept += [f for f in _audit(reg, ctx, found, rules, wanted, missed) if wanted(f.code)]
    # an expired suppression is noticed beside the finding that comes back, and, when ABM004
    # is asked for, wherever a run without --select/--ignore would notice it
    unshown = _left_out(reg, ctx, found, wanted, missed) if wanted(EXPIRED) else []
    # the ABM004s that expired suppressions add answer to lint.yaml too (ignore, severity)
    explained = frozenset(code for code, rule in rules.items() if rule.suppression_needs_reason)
    settled = [f for f in _apply_suppressions(reg, ctx, kept, explained, unshown)
               if f.code != EXPIRED or not _ignores(f.code, dropped)]
    copies: dict[int, Finding] = {}
    return sorted((_with_severity(f, settings.severity, copies) for f in settled), key=sort_key)


def _missed(reg: Registry, ctx: Context, rules: Mapping[str, Rule],
            wanted: Callable[[str], bool]) -> dict[str, list[Finding]]:
    """The rules --select/--ignore left out of this run that lint.yaml lets a full run make,
    of the codes inline suppressions name, each with the findings it makes (run here)."""
    named = {code for each in reg.suppressions.values() for s in each for code in s.codes}
    return {code: list(rules[code](reg, ctx)) for code in sorted(named & rules.keys())
            if rules[code].check is not None and _left_to_a_full_run(reg, code, wanted)}


def _left_to_a_full_run(reg: Registry, code: str, wanted: Callable[[str], bool]) -> bool:
    """Did --select/--ignore leave `code` out of this run, while lint.yaml lets a full run
    make it?"""
    settings = reg.settings.lint
    return (not wanted(code) and _matches(code, settings.select, True)
            and not _ignores(code, settings.ignore))


def _left_out(reg: Registry, ctx: Context, found: list[Finding], wanted: Callable[[str], bool],
              missed: Mapping[str, list[Finding]]) -> list[Finding]:
    """The findings that --select/--ignore left out of this run but a full run makes, of the
    codes an expired suppression names (only those can add an ABM004): loading's, and those of
    the rules run for it (`_missed`)."""
    codes = {code for each in reg.suppressions.values() for s in each
             if s.until is not None and ctx.as_of > s.until for code in s.codes
             if _left_to_a_full_run(reg, code, wanted)}
    return [*(f for f in found if f.code in codes),
            *(f for code in sorted(codes & missed.keys()) for f in missed[code])]


def _audit(reg: Registry, ctx: Context, found: list[Finding], rules: Mapping[str, Rule],
           wanted: Callable[[str], bool],
           missed: Mapping[str, list[Finding]]) -> list[Finding]:
    """The suppressions that name no rule, or a rule this run checked (or ran for the audit:
    `missed`) that reports nothing where they stand (a rule not run, run without the activity
    it needs, or reading intent from stale activity, is not judged)."""
    from abmctl.catalogue.suppressions import audit, lint_file_codes

    judged = {code for code, rule in rules.items() if rule.check is not None
              and (wanted(code) or code in missed)
              and not (rule.needs_activity and (ctx.activity is None or ctx.stale))
              and not (rule.reads_intent and ctx.stale)}  # stale: intent judged by none
    named = {code for each in reg.suppressions.values() for s in each for code in s.codes}
    settings = reg.settings.lint
    named |= {p.strip().upper() for p in [*settings.select, *settings.ignore, *settings.severity]}
    # the whole catalogue (the overlap rules' import) only for a code this run does not know
    here = all(any(code.startswith(name) for code in rules) for name in named)
    known = rules.keys() if here else catalogue().keys()
    made = [*found, *(f for code in sorted(missed) for f in missed[code])]
    return [*audit(reg, ctx.as_of, made, known, judged), *lint_file_codes(reg, known)]


def _with_severity(item: Finding, overrides: Mapping[str, Severity],
                   copies: dict[int, Finding]) -> Finding:
    """The finding at the severity lint.yaml gives its code, else its own (the catalogue's).
    A finding listed several times (one overlap conflict standing for those alike,
    `Context.alike_as_one`) is copied once: `copies`, by the finding's id."""
    severity = overrides.get(item.code, item.severity)
    if severity == item.severity:
        return item
    copy = copies.get(id(item))
    if copy is None:
        copy = copies[id(item)] = replace(item, severity=severity)
    return copy


def _matches(code: str, patterns: Sequence[str], default: bool) -> bool:
    """`ABM2` selects every ABM2xx rule; `ABM204` just the one."""
    if not patterns:
        return default
    return any(code.startswith(p.strip().upper()) for p in patterns)


def _ignores(code: str, patterns: Sequence[str]) -> bool:
    """Does an `ignore` list leave `code` out? ABM001-ABM003 only when named whole (`UNFIT`)."""
    if code in UNFIT:
        return any(p.strip().upper() == code for p in patterns)
    return _matches(code, patterns, False)


def _apply_suppressions(reg: Registry, ctx: Context, found: list[Finding],
                        explained: frozenset[str] = frozenset(),
                        unshown: Sequence[Finding] = ()) -> list[Finding]:
    """`found` less what active suppressions cover, plus ABM004 for the expired ones that
    cover a finding of `found` or of `unshown` (findings not reported, whose expired
    suppressions are). The codes in `explained` are silenced only by a suppression that gives
    a `reason=`."""
    if not reg.suppressions:
        return found  # the common case: no `# abmctl: ignore[...]` comment anywhere
    kept: list[Finding] = []
    # (path, line, code) -> the suppression, and the account of the finding it no longer hides
    expired: dict[tuple[str, int, str], tuple[Suppression, str | None]] = {}
    commented = {path for path, _ in reg.suppressions}
    shown = len(found)
    for at, item in enumerate([*found, *unshown]):
        if item.path not in commented:
            if at < shown:
                kept.append(item)
            continue
        covering = [s for s in reg.suppressions_for(item.path, item.line) if item.code in s.codes]
        active = [s for s in covering if s.until is None or ctx.as_of <= s.until]
        if active and (item.code not in explained or any(s.reason for s in active)):
            continue
        if active:  # an override of this rule must say why
            lines = ", ".join(str(s.line) for s in active)
            item = replace(item, message=f"{item.message} (the suppression on line {lines} "
                           "gives no reason=, which this rule needs)")
        for s in covering:
            if s not in active:
                expired[(s.path, s.line, item.code)] = (s, item.account)
        if at < shown:
            kept.append(item)
    return kept + [_expired_notice(s, code, account)
                   for (_, _, code), (s, account) in expired.items()]


def _expired_notice(s: Suppression, code: str, account: str | None) -> Finding:
    """ABM004: `s` no longer hides `code`'s finding (about `account`)."""
    from abmctl.catalogue.suppressions import suppression_expired

    reason = f" (reason was: {s.reason})" if s.reason else ""
    message = (f"the suppression of {code} expired on {s.until}{reason}; fix the finding "
               "or renew the suppression with a new date")
    return replace(suppression_expired.finding(message, account=account), path=s.path,
                   line=s.line, column=s.column)
