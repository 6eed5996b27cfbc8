"""ABM004, ABM006, ABM007: inline suppressions that have expired, name no rule, or hide
nothing: an exception must not outlive its reason, nor be mistyped."""

from __future__ import annotations

from collections.abc import Collection, Iterator
from dataclasses import replace
from datetime import date

from abmctl.catalogue.base import described
from abmctl.findings import Finding, Fix
from abmctl.model.base import Record
from abmctl.registry import Registry, Suppression

suppression_expired = described("ABM004", "warning", "an inline suppression has expired", """
    **What it catches.** A comment such as
    `- id: contoso  # abmctl: ignore[ABM206] until=2027-01-15 reason="pilot"` whose `until`
    date has passed. The suppressed finding is reported again, and so is the expired comment:
    whichever rules a run shows (`--select ABM004` alone, or `--ignore` of the rule the comment
    names, reports the same expired comments as a full run). A rule that `rules/lint.yaml`
    switches off, or that reports nothing there any more, makes no ABM004 (the comment is then
    ABM007's: it hides nothing; on a record that does not load, neither is said until it
    does).

    **Why.** An exception agreed for a reason should end when the reason does; otherwise the
    registry fills with silent exceptions nobody remembers agreeing to.

    **Example.**

    ```yaml
    # as of 2026-11-23: the exception ran out on 2026-09-30
    accounts:
      - id: contoso  # abmctl: ignore[ABM206] until=2026-09-30 reason="pilot"
    ```

    **Use instead.**

    ```yaml
    # agreed again at the Q4 review, with a new end date (or the comment removed
    # once the finding is fixed)
    accounts:
      - id: contoso  # abmctl: ignore[ABM206] until=2027-01-15 reason="pilot extended at Q4 review"
    ```

    **How to fix.** Fix what the suppressed rule reports, or, if the exception still holds,
    agree a new date and write it in the comment.
""")

suppression_unknown_code = described("ABM006", "warning", "a suppression or rules/lint.yaml names "
                                     "no rule", """
    **What it catches.** A comment such as `# abmctl: ignore[ABM150]` naming a code that is not
    a rule (`abmctl rules` lists them all), or a code or prefix in `rules/lint.yaml`'s
    `select`, `ignore` or `severity` that no rule has.

    **Why.** A mistyped code suppresses nothing: the finding it was meant to hide is still
    reported, or, worse, the comment looks like an agreed exception when none is in force.

    **Example.**

    ```yaml
    accounts:
      - id: contoso  # abmctl: ignore[ABM150] reason="pilot"
    ```

    **Use instead.**

    ```yaml
    accounts:
      - id: contoso  # abmctl: ignore[ABM105] reason="pilot"
    ```

    **How to fix.** Correct the code (the message names the closest one), or delete it from
    the comment.
""")

suppression_unused = described("ABM007", "warning", "an inline suppression hides nothing", """
    **What it catches.** A comment such as `# abmctl: ignore[ABM105]` on a record the rule no
    longer reports: the finding it was written for has been fixed (whether or not the comment's
    `until` has passed). Whichever rules a run shows (`--select ABM007` alone, or `--ignore` of
    the rule the comment names), it reports the same comments as a full run; a suppression of a
    rule that `rules/lint.yaml` switches off, of an activity rule run without activity, of a
    rule that reads intent (ABM204, ABM206) when the activity is stale, or on a record that does
    not load (an ABM001 or ABM002 error leaves it out, and no rule checks it), is not judged:
    it is judged again once the record loads.

    **Why.** A stale exception hides the next, different problem of the same kind on that
    record; nobody would know it was ever there.

    **Example.**

    ```yaml
    # the account was reviewed last week: ABM105 reports nothing here any more
    accounts:
      - id: contoso  # abmctl: ignore[ABM105] reason="review after the merger"
        reviewed: 2026-11-16
    ```

    **Use instead.**

    ```yaml
    accounts:
      - id: contoso
        reviewed: 2026-11-16
    ```

    **How to fix.** Delete the code from the comment (the whole comment when it names no other
    code). Fixable with `abmctl lint --fix` (while every record loads: a record left out by an
    ABM001 or ABM002 error can change what the rules report on the others).
""")

RULES = (suppression_expired, suppression_unknown_code, suppression_unused)


def audit(reg: Registry, as_of: date, found: Collection[Finding], known: Collection[str],
          judged: Collection[str]) -> Iterator[Finding]:
    """ABM006 for each code of a suppression that is not in `known`, ABM007 for each code in
    `judged` (the rules this run checked) that a suppression (in force or expired) names but
    that matched none of `found` (the findings before suppression)."""
    used: set[tuple[Suppression, str]] = set()
    unloaded = _LeftOut(reg)
    commented = {path for path, _ in reg.suppressions}
    for item in found:
        if item.path in commented:
            used.update((s, item.code) for s in reg.suppressions_for(item.path, item.line)
                        if item.code in s.codes)
    for suppressions in reg.suppressions.values():
        for s in suppressions:
            for code in sorted(s.codes):
                if code not in known:
                    guess = _closest_code(code, known)
                    hint = f"; did you mean {guess}?" if guess else "; `abmctl rules` lists them"
                    yield _at(suppression_unknown_code.finding(
                        f"the suppression names {code}, which is not a rule{hint}"), s)
                elif (code in judged and (s, code) not in used  # in force or expired
                      and not unloaded.holds(s)):  # no rule checked a record left out
                    item = suppression_unused.finding(
                        f"the suppression of {code} hides nothing: {code} reports nothing "
                        "here; delete it from the comment")
                    yield _at(replace(item, fix=Fix("suppression", code)), s)


class _LeftOut:
    """Which suppressions stand on a record this run left out (an ABM001/ABM002 fault; or an
    ABM003 one, in a registry of what loads): no rule checked it, so they are not judged.
    Asked only of a suppression that would be ABM007: a file's records are indexed then."""

    def __init__(self, reg: Registry) -> None:
        self._reg = reg
        self._loaded: dict[str, set[int]] = {}  # path -> the first lines of its records

    def holds(self, s: Suppression) -> bool:
        reg = self._reg
        if s.path.startswith("rules/"):  # the file is one record: any fault leaves it out
            return any(f.path == s.path and f.severity == "error" for f in reg.load_findings)
        spans = reg.spans.get(s.path)
        start = spans.record_start(s.line) if spans is not None else None
        loaded = self._loaded_in(s.path)
        if start is not None:
            return start not in loaded
        # on no record's line: its file did not fit (a key of its own in teams.yaml)
        return not loaded and any(f.path == s.path and f.severity == "error"
                                  for f in reg.load_findings)

    def _loaded_in(self, path: str) -> set[int]:
        found = self._loaded.get(path)
        if found is None:
            reg = self._reg
            records: list[Record] = [*reg.accounts, *reg.teams, *reg.people, *reg.plays,
                                     *reg.events, *reg.agreements]
            found = self._loaded[path] = {r.line for r in records if r.path == path}
        return found


def lint_file_codes(reg: Registry, known: Collection[str]) -> Iterator[Finding]:
    """ABM006 for each code or prefix in rules/lint.yaml that no rule in `known` has."""
    settings = reg.settings.lint
    path = "rules/lint.yaml" if "rules/lint.yaml" in reg.files else None
    spots: _Spots | None = None
    for key, names in (("select", settings.select), ("ignore", settings.ignore),
                       ("severity", list(settings.severity))):
        for at, name in enumerate(names):
            given = name.strip().upper()
            if any(code.startswith(given) for code in known):
                continue
            guess = _closest_code(given, known)
            hint = f"; did you mean {guess}?" if guess else "; `abmctl rules` lists them"
            message = f"'{key}' names {name}, which is not a rule{hint}"
            if spots is None:
                spots = _Spots(reg, path)
            line, column = spots.where(key, name if key == "severity" else at)
            yield replace(suppression_unknown_code.finding(message), path=path, line=line,
                          column=column)


class _Spots:
    """Where each value of rules/lint.yaml is written: the settings keep no positions, so the
    file is read again, only when one of its codes is a finding."""

    def __init__(self, reg: Registry, path: str | None) -> None:
        from abmctl.load.yamlfile import YamlProblem, read_yaml

        self._root = None
        if path is not None:
            try:
                self._root = read_yaml(reg.root / path, path, reg.root).index.root
            except (YamlProblem, OSError):  # changed since it loaded: no line, as before
                self._root = None

    def where(self, key: str, entry: str | int) -> tuple[int | None, int | None]:
        """The line and column of `key`'s `entry` (a list's position, a mapping's key)."""
        if self._root is None:
            return None, None
        return self._root.where([key, entry])


def _at(item: Finding, s: Suppression) -> Finding:
    return replace(item, path=s.path, line=s.line, column=s.column)


def _closest_code(code: str, known: Collection[str]) -> str | None:
    """The rule a mistyped code meant (ABM105 for ABM150)."""
    from abmctl.catalogue.base import similar_codes

    close = similar_codes(code, known, limit=1)
    return close[0] if close else None
