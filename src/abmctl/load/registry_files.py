"""Loading every `registry/` and `rules/` file once into a `Registry`."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any, NoReturn

from abmctl.findings import Finding, Fix
from abmctl.load.boundary import (
    MAX_YAML_BYTES,
    Refused,
    capped,
    folder_entries,
    read_bytes,
)
from abmctl.load.positions import Part, Spot
from abmctl.load.records import validate, validate_list
from abmctl.load.yamlfile import YamlDoc, YamlProblem, dominant_eol, read_yaml, yaml_lines
from abmctl.model.accounts import Account
from abmctl.model.kinds import RECORD_FOLDERS, RULES_FILES
from abmctl.model.settings import Settings
from abmctl.model.teams import Person, Team, TeamsFile
from abmctl.registry import Registry, Spans, Suppression

SUPPRESSION = re.compile(r"#\s*abmctl:\s*ignore\[([^\]]*)\](.*)$")
_UNTIL = re.compile(r"until=(\S+)")
_REASON = re.compile(r"reason=\"([^\"]*)\"")


def load_registry(root: Path) -> Registry:
    """Read and validate everything; faults become findings, never exceptions, but for a
    folder that cannot be searched (AbmctlError naming it)."""
    return _load(root)


def _load(root: Path) -> Registry:
    reg = Registry(root=root)
    _load_teams(reg)
    for doc in _docs(reg, "registry/accounts"):
        part = Part(doc.positions, doc.rel, "accounts")
        if _only_keys(doc, {"accounts"}, reg.load_findings):
            written = doc.data.get("accounts")
            valid = validate_list(Account, written, doc.rel, part, reg.load_findings, "accounts",
                                  annotated=_may_hold_annotations(doc))
            if isinstance(written, list) and len(valid) != len(written):
                reg.unloaded_accounts |= _ids_in(written) - {a.id for a in valid}
            reg.accounts += valid
        _note_spans(reg, doc, part)
    for folder, model in RECORD_FOLDERS.items():
        records = getattr(reg, folder)
        for doc in _docs(reg, f"registry/{folder}"):
            part = Part(doc.positions, doc.rel, whole=True)  # its line is its first key's
            record = validate(model, doc.data, doc.rel, Spot(part, None), reg.load_findings)
            if record is not None:
                records.append(record)
            _note_spans(reg, doc, part)
    reg.settings = _load_rules(reg)
    reg.load_findings = capped(reg.load_findings)
    return reg


def _load_teams(reg: Registry) -> None:
    doc = _doc(reg, reg.root / "registry" / "teams.yaml")
    if doc is None or not _only_keys(doc, {"territories", "teams", "people"},
                                     reg.load_findings):
        reg.teams_unloaded = True
        return
    findings = reg.load_findings
    territories = doc.data.get("territories") or []
    if not isinstance(territories, list) or not all(isinstance(t, str) for t in territories):
        findings.append(Finding("ABM002", "error", "'territories' must be a list of names",
                                doc.rel, doc.index.root.find(["territories"])))
        territories = []
    teams, people = Part(doc.positions, doc.rel, "teams"), Part(doc.positions, doc.rel, "people")
    reg.teams_file = TeamsFile.model_construct(
        territories=territories,
        teams=validate_list(Team, doc.data.get("teams"), doc.rel, teams, findings, "teams"),
        people=validate_list(Person, doc.data.get("people"), doc.rel, people, findings,
                             "people"),
    )
    _note_spans(reg, doc, teams, people)


def _load_rules(reg: Registry) -> Settings:
    folder = reg.root / "rules"
    settings: dict[str, Any] = {}
    try:
        entries = folder_entries(folder) if _is_folder(reg, "rules") else []
    except Refused as refused:
        reg.load_findings.append(Finding("ABM001", "error", str(refused), "rules", None))
        entries = []
    if entries:
        for path in entries:
            if path.suffix not in (".yaml", ".yml") or path.name.startswith("."):
                continue
            rel = f"rules/{path.name}"
            if path.stem not in RULES_FILES:
                known = ", ".join(f"{name}.yaml" for name in RULES_FILES)
                reg.load_findings.append(Finding(
                    "ABM002", "error", f"unknown rules file (expected one of {known})", rel, 1))
                continue
            doc = _doc(reg, path)
            if doc is not None:
                model = RULES_FILES[path.stem]
                part = Part(doc.positions, rel)
                found = validate(model, doc.data, rel, Spot(part, None), reg.load_findings)
                if found is not None:
                    settings[path.stem] = found
                _note_spans(reg, doc, part)
    return Settings.model_construct(**{**_defaults(), **settings})


def _defaults() -> dict[str, Any]:
    defaults = Settings()
    return {name: getattr(defaults, name) for name in RULES_FILES}


def _docs(reg: Registry, folder: str) -> Iterator[YamlDoc]:
    """The folder's YAML files, read one at a time as they are asked for: a file's parsed text
    is let go once its records are made (20 files of 100,000 accounts held at once were a
    third of lint's peak memory); its text stays for its positions until they are asked for
    (`yamlfile.FileIndex`)."""
    base = reg.root / folder
    if not _is_folder(reg, folder):
        return
    try:
        entries = folder_entries(base)
    except Refused as refused:
        reg.load_findings.append(Finding("ABM001", "error", str(refused), folder, None))
        return
    # every *.yaml name is read: a folder, a FIFO or a broken link so named is a finding
    paths = [p for p in entries if p.suffix in (".yaml", ".yml") and not p.name.startswith(".")]
    for path in paths:
        doc = _doc(reg, path)
        if doc is not None:
            yield doc
            del doc


def _doc(reg: Registry, path: Path) -> YamlDoc | None:
    rel = path.relative_to(reg.root).as_posix()
    try:
        missing = not path.exists() and not path.is_symlink()
    except OSError as exc:  # its folder cannot be searched (no x permission)
        _unsearchable(reg, path, exc)
        return None
    if missing:
        reg.load_findings.append(Finding("ABM002", "error", "file is missing", rel, None))
        return None
    reg.files.append(rel)
    try:
        doc = read_yaml(path, rel, reg.root)
    except YamlProblem as problem:
        reg.load_findings.append(problem.finding)
        if rel.startswith("registry/accounts/"):
            reg.unloaded_accounts |= _ids_written(path, reg.root)
        return None
    if doc.data is None:
        doc.data = {}
    if not isinstance(doc.data, dict):
        reg.load_findings.append(Finding(
            "ABM002", "error", "expected a mapping of keys at the top of the file", rel, 1))
        return None
    _note_suppressions(reg, doc)
    _note_layout(reg, doc)
    return doc


def _is_folder(reg: Registry, rel: str) -> bool:
    """Is the root-relative `rel` a folder? Nothing there is no fault (the folder is
    optional); something else there (a file, a link to nothing) is an ABM001 finding naming
    it: every record it was meant to hold would be missing without a word."""
    path = reg.root / rel
    try:
        if path.is_dir():
            return True
        there, link = path.exists(), path.is_symlink()
    except OSError as exc:  # its folder cannot be searched
        _unsearchable(reg, path, exc)
    if there or link:
        said = ("a symbolic link to a folder that does not exist" if link and not there
                else "not a folder")
        reg.load_findings.append(Finding("ABM001", "error", f"{said}; nothing in it is read",
                                         rel, None))
    return False


def _unsearchable(reg: Registry, path: Path, exc: OSError) -> NoReturn:
    """The folder holding `path` cannot be searched (`chmod 000 registry`): no name in it can
    be looked up, so what the registry holds is unknown; the run stops naming the folder, as
    it does when there is no registry/ folder at all."""
    from abmctl.errors import AbmctlError

    folder = path.parent.relative_to(reg.root).as_posix() if path.parent != reg.root else "."
    raise AbmctlError(f"cannot read the folder: {exc.strerror or exc}", folder)


_TRAILING_BLANKS = re.compile(r"[ \t]+(?=\r\n|\r|\n|\Z)")


def _note_layout(reg: Registry, doc: YamlDoc) -> None:
    """ABM009: blanks at line ends, line endings of two kinds (one finding per file)."""
    text = doc.text
    cr = "\r" in text  # most files have none: two substring scans settle them (10k accounts:
    # 3.4 MB in 8 ms)
    blank_end = " \n" in text or "\t\n" in text or text.endswith((" ", "\t")) or (
        cr and (" \r" in text or "\t\r" in text))
    if not blank_end and not cr:
        return
    crlf = text.count("\r\n")
    endings = [crlf, text.count("\n") - crlf, text.count("\r") - crlf]
    mixed = sum(1 for count in endings if count) > 1
    if not blank_end and not mixed:
        return
    parts: list[str] = []
    lines: list[int] = []
    if blank_end:
        ends = [m.start() for m in _TRAILING_BLANKS.finditer(text)]
        lines.append(len(yaml_lines(text[: ends[0] + 1])))
        parts.append(f"{len(ends)} lines end in blanks" if len(ends) != 1
                     else "a line ends in blanks")
    if mixed:
        dominant = dominant_eol(text)
        names = {"\r\n": "CRLF", "\n": "LF", "\r": "CR"}
        counts = ", ".join(f"{count} {name}" for name, count in zip(names.values(), endings,
                                                                    strict=True) if count)
        lines.append(next(number for number, line in enumerate(yaml_lines(text), start=1)
                          if line.endswith(("\r", "\n"))
                          and line.rstrip("\r\n") + dominant != line))
        parts.append(f"line endings are mixed ({counts}; most are {names[dominant]})")
    reg.load_findings.append(Finding(
        "ABM009", "warning", "; ".join(parts), doc.rel, min(lines), fix=Fix("layout")))


# `id:` opening a line or list item, or inside a flow mapping (`- {id: acme, ...}`)
_ID_LINE = re.compile(r"""(?:^[ \t]*(?:-[ \t]+)?|[{,][ \t]*)id:[ \t]*["']?([\w.-]+)""",
                      re.MULTILINE)


def _ids_written(path: Path, root: Path) -> set[str]:
    """The account ids an unreadable file seems to hold (`ids_written`)."""
    try:
        return ids_written(read_bytes(path, MAX_YAML_BYTES, root))
    except Refused:
        return set()


def ids_written(raw: bytes) -> set[str]:
    """The account ids an unreadable accounts file seems to hold, read off its `id:` lines
    (the YAML cannot say): never reported, only kept from being called missing or new."""
    return set(_ID_LINE.findall(raw.decode("utf-8", "replace")))


def _ids_in(items: Any) -> set[str]:
    if not isinstance(items, list):
        return set()
    return {item["id"] for item in items if isinstance(item, dict) and isinstance(
        item.get("id"), str)}


def _may_hold_annotations(doc: YamlDoc) -> bool:
    """An `x-` key needs "x-" in the text, or a backslash escape that spells it."""
    return "x-" in doc.text or "\\" in doc.text


def _only_keys(doc: YamlDoc, allowed: set[str], findings: list[Finding]) -> bool:
    ok = True
    for key in doc.data:
        if isinstance(key, str) and (key in allowed or key.startswith("x-")):
            continue
        expected = ", ".join(sorted(allowed))
        findings.append(Finding("ABM002", "error", f"unknown key '{key}' (expected {expected})",
                                doc.rel, doc.index.root.find([str(key)])))
        ok = False
    return ok


def _note_spans(reg: Registry, doc: YamlDoc, *parts: Part) -> None:
    """The spans of the records of `parts` (of one file), found when first asked for."""
    positions = doc.positions

    def find() -> tuple[list[int], list[int]]:
        nodes = sorted((node for part in parts for node in part.records()),
                       key=lambda n: n.line)
        return [node.line for node in nodes], [node.end or positions.last_line
                                               for node in nodes]

    reg.spans[doc.rel] = Spans(find=find)


def _note_suppressions(reg: Registry, doc: YamlDoc) -> None:
    if "abmctl:" not in doc.text:
        return
    for number, line in enumerate(doc.lines, start=1):
        if "abmctl:" not in line:
            continue
        match = SUPPRESSION.search(line)
        if not match or line.lstrip().startswith("#"):  # a comment line holds no record
            continue
        codes = frozenset(c.strip().upper() for c in match.group(1).split(",") if c.strip())
        rest = match.group(2)
        until: date | None = None
        if (found := _UNTIL.search(rest)) is not None:
            try:
                until = date.fromisoformat(found.group(1))
            except ValueError:
                reg.load_findings.append(Finding(
                    "ABM002", "error", f"suppression 'until={found.group(1)}' is not a date",
                    doc.rel, number))
                continue
        reason = found.group(1) if (found := _REASON.search(rest)) else None
        suppression = Suppression(codes, doc.rel, number, until, reason, match.start() + 1)
        reg.suppressions.setdefault((doc.rel, number), []).append(suppression)
