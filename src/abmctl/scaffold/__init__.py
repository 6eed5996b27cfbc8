"""`abmctl init`: a new registry — commented rules files, one example of each file kind, and
the JSON Schemas editors read (`abmctl init [DIR]`).

The templates live in `scaffold/files/`. Example dates are placed around the review period
holding the as-of date, so a fresh registry lints clean on the day it is made.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from importlib import resources
from pathlib import Path

from abmctl.engine.windows import period_start
from abmctl.errors import AbmctlError
from abmctl.model.base import FIRST_YEAR, LAST_YEAR
from abmctl.model.kinds import kind_of
from abmctl.model.settings import Review
from abmctl.schema import KINDS, schema_file_name, schema_text

SCHEMA_FOLDER = ".abmctl/schemas"
# the files a new registry gets (each YAML one names the schema of its kind)
TEMPLATES: tuple[str, ...] = (
    "registry/teams.yaml",
    "registry/accounts/example.yaml",
    "registry/agreements/sales.yaml",
    "registry/plays/example-roundtable.yaml",
    "registry/events/example-roundtable.yaml",
    "registry/signals/sources.yaml",
    "rules/tiers.yaml",
    "rules/signals.yaml",
    "rules/engagement.yaml",
    "rules/lint.yaml",
    "rules/crm.yaml",
)
# packaged under a name without the dot: package-data globs skip dotfiles
_DOTFILES = {".gitignore": "gitignore"}
# folders a new registry may already hold without counting as "not empty"
_IGNORED_WHEN_EMPTY = {".git"}


@dataclass
class InitResult:
    """What `init` did: files written and files left alone because they existed."""

    root: Path
    created: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)


def schema_header(rel: str, kind: str) -> str:
    """The first line that points yaml-language-server at the file's schema, relatively."""
    up = "../" * rel.count("/")
    return f"# yaml-language-server: $schema={up}{SCHEMA_FOLDER}/{schema_file_name(kind)}\n"


def example_dates(as_of: date) -> dict[str, date]:
    """Example dates around the default review period holding `as_of` (none fails a rule)."""
    start = period_start(as_of, Review())
    event = start + timedelta(days=60)
    # kept inside the years a registry date may name (--as-of takes their first and last day)
    first, last = date(FIRST_YEAR, 1, 1), date(LAST_YEAR, 12, 31)
    return {
        "today": as_of,
        "period_start": start,  # tier_since inside the review window (ABM205)
        "play_brief": start + timedelta(days=7),  # every play briefed before it starts
        "play_start": start + timedelta(days=14),
        # runs on past the period (or to the last day there is): no recap due yet
        "play_end": min(start + timedelta(days=120), last),
        "event_date": event,
        # a minor event needs 60 days; from the first day there is, the event is 60 days on
        "event_looped_in": max(event - timedelta(days=70), first),
    }


def render(rel: str, as_of: date) -> str:
    """One scaffold file's text: its schema line, then the template with dates filled in."""
    text = _template(_DOTFILES.get(rel, rel))
    for name, day in example_dates(as_of).items():
        text = text.replace(f"@{name}@", day.isoformat())
    kind = kind_of(rel)
    return schema_header(rel, kind.name) + text if kind else text


def scaffold_files(as_of: date) -> dict[str, str]:
    """Every file a new registry gets, by path relative to its root."""
    files = {rel: render(rel, as_of) for rel in TEMPLATES}
    files.update({rel: render(rel, as_of) for rel in _DOTFILES})
    files.update({f"{SCHEMA_FOLDER}/{schema_file_name(kind)}": schema_text(kind) for kind in KINDS})
    return files


def write_scaffold(root: Path, as_of: date, force: bool = False) -> InitResult:
    """Write the scaffold into `root`; never overwrites a file, refuses a non-empty folder."""
    _check_target(root, force)
    result = InitResult(root=root)
    for rel, text in scaffold_files(as_of).items():
        path = root / rel
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            with path.open("x", encoding="utf-8", newline="\n") as handle:
                handle.write(text)
        except FileExistsError:
            result.skipped.append(rel)
            continue
        except OSError as exc:
            reason = exc.strerror or exc
            raise AbmctlError(f"cannot write {rel}: {reason}", path=str(root)) from None
        result.created.append(rel)
    return result


def _check_target(root: Path, force: bool) -> None:
    try:
        folder = root.is_dir()
        if root.exists() and not folder:
            raise AbmctlError(f"{root} is a file, not a folder")
    except OSError as exc:  # a name too long for the file system, a folder unsearchable
        raise AbmctlError(f"cannot make the registry there: {exc.strerror or exc}",
                          path=str(root)) from None
    if not folder or force:
        return
    present = sorted(p.name for p in root.iterdir() if p.name not in _IGNORED_WHEN_EMPTY)
    if present:
        shown = ", ".join(present[:5]) + (", ..." if len(present) > 5 else "")
        raise AbmctlError(
            f"{root} is not empty ({shown}); pass --force to add the missing scaffold files "
            "(existing files are never overwritten)"
        )


def _template(rel: str) -> str:
    return resources.files(__package__).joinpath("files", *rel.split("/")).read_text("utf-8")
