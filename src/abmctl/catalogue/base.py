"""The rule catalogue: each rule is a generator of findings, declared with its code.

Like yamllint's rules: the declaration (code, severity, summary) sits on the function,
and the function's docstring is its `abmctl rules CODE` page (what / why / how to fix). The
catalogue itself is the explicit list in `abmctl.catalogue`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from typing import TYPE_CHECKING, Literal

from abmctl.findings import Finding, Severity
from abmctl.model.base import Record

if TYPE_CHECKING:
    from abmctl.engine.activity import Activity
    from abmctl.registry import Registry

Family = Literal["load", "lint", "overlap"]


@dataclass(frozen=True)
class Context:
    """What a rule may know beyond the registry: the date, and activity when given."""

    as_of: date
    intent: Mapping[str, int] = field(default_factory=dict)  # account id -> intent score
    activity: Activity | None = None
    stale: str | None = None  # why the activity is stale (engine.signals.freshness): intent
    # from it is then judged by no rule and moves no tier
    # the accounts whose findings the run shows (None: every one): a rule that reads intent
    # and judges each account alone may leave the others unjudged (`abmctl explain` of one
    # account then works out one intent of ten thousand)
    accounts: frozenset[str] | None = None
    # the run lists conflicts alike on one account as one, the latest, with a count
    # (`overlap.groups.repeats`; `abmctl overlap` without --all): a rule that makes many may
    # hand over one conflict object for all of them, holding the latest one's words
    alike_as_one: bool = False

    def judges(self, account_id: str) -> bool:
        """Does the run show findings about the account (`accounts`)?"""
        return self.accounts is None or account_id in self.accounts


RuleCheck = Callable[["Registry", Context], Iterator[Finding]]


@dataclass(frozen=True)
class Rule:
    """A rule of the catalogue: its code, default severity and page, and the generator that
    checks it (none for the findings made elsewhere: ABM001/ABM002 by loading, ABM004 by the
    runner, ABM208 and ABM209 by `tiers diff`)."""

    code: str
    severity: Severity
    summary: str
    doc: str
    check: RuleCheck | None = None
    family: Family = "lint"  # the catalogue sets it from the FAMILIES list it is listed in
    needs_activity: bool = False  # finds nothing without touches and signals
    reads_activity: bool = False  # looks at the activity when there is some (ABM601: meetings)
    # looks at `Context.intent` (and keeps to `Context.accounts`): the runner runs it after
    # the others
    reads_intent: bool = False
    # an inline suppression silences it only when it says why (`reason="..."`): ABM209
    suppression_needs_reason: bool = False

    @property
    def reads_registry_only(self) -> bool:
        """Judges the registry and the date alone (neither activity nor intent): its findings
        can be made as soon as the registry is loaded (`runner.registry_rules`)."""
        return self.check is not None and not (
            self.needs_activity or self.reads_activity or self.reads_intent)

    def __call__(self, reg: Registry, ctx: Context) -> Iterator[Finding]:
        """The rule's findings, at its default severity."""
        if self.check is None:
            return
        for item in self.check(reg, ctx):
            yield item if item.severity == self.severity else replace(item, severity=self.severity)

    def finding(
        self, message: str, record: Record | None = None, field_name: str | None = None,
        account: str | None = None,
    ) -> Finding:
        """A finding of this rule made outside a generator, at the rule's severity."""
        where = at(record, field_name) if record is not None else {}
        return Finding(self.code, self.severity, message, account=account,
                       **where)  # type: ignore[arg-type]


def rule(
    code: str, severity: Severity, summary: str, needs_activity: bool = False,
    reads_intent: bool = False, reads_activity: bool = False,
) -> Callable[[RuleCheck], Rule]:
    """Declare a rule generator under `code`; its docstring is the rule's page. The catalogue
    holds the rule once its module's `RULES` lists it."""

    def declare(check: RuleCheck) -> Rule:
        return Rule(code, severity, summary, _page(check.__doc__), check,
                    needs_activity=needs_activity, reads_intent=reads_intent,
                    reads_activity=reads_activity)

    return declare


def described(code: str, severity: Severity, summary: str, doc: str) -> Rule:
    """A rule no generator yields (ABM001/ABM002 come from loading, ABM004 from the runner)."""
    return Rule(code, severity, summary, _page(doc))


def similar_codes(given: str, codes: Iterable[str], limit: int = 3) -> list[str]:
    """Rule codes a mistyped `given` probably meant: two characters swapped (`ABM150` →
    ABM105) or one typo away (`ABM0O2` → ABM002) first."""
    import difflib

    known = sorted(codes)
    swapped = [code for code in known if sorted(code) == sorted(given) and code != given]

    def typos(code: str) -> int:
        if len(code) != len(given):
            return len(code) + len(given)
        return sum(a != b for a, b in zip(code, given, strict=True))

    near = [code for code in known if typos(code) == 1]
    rest = difflib.get_close_matches(given, known, n=limit, cutoff=0.5)
    return list(dict.fromkeys(swapped + near + rest))[:limit]


def _page(doc: str | None) -> str:
    import inspect

    return inspect.cleandoc(doc or "")


def at(record: Record, field_name: str | None = None) -> dict[str, str | int | None]:
    """`path=`, `line=` and `column=` for a finding about `record` (or one of its fields)."""
    line = record.line_of(field_name) if field_name else record.line
    return {"path": record.path, "line": line, "column": record.column_of(field_name)}


def finding(
    code: str, message: str, record: Record | None = None, field_name: str | None = None,
    account: str | None = None, severity: Severity = "error", **more: object,
) -> Finding:
    """A finding of rule `code` at `record` (or its `field_name`), made in the rule's
    generator; running the rule gives it the rule's severity. A rule that makes many findings
    passes its own (`severity=rule.severity`), so none is built twice."""
    where = at(record, field_name) if record is not None else {}
    return Finding(code, severity, message, account=account,
                   **where, **more)  # type: ignore[arg-type]
