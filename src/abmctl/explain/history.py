"""An account's tier history for its explanation, read by `abmctl.tiers.history` (the home of
tier history from git); a registry outside git, or git missing, is a note, not a failure."""

from __future__ import annotations

from pathlib import Path

from abmctl.errors import AbmctlError
from abmctl.explain.explanation import History
from abmctl.tiers.history import History as TierHistory
from abmctl.tiers.history import TierEvent, read_history

COMMAND = "explain"  # named in the note when git cannot be read


def account_history(root: Path, account_id: str) -> History:
    """The account's tier changes, oldest first (only the commits touching its file)."""
    try:
        found = read_history(root, account=account_id, command=COMMAND)
    except AbmctlError as error:
        return History((), (error.message,))
    return History(found.events, found.notes + _not_committed(bool(found.events), found.shallow))


NOT_COMMITTED = ("in no commit of registry/accounts/ yet: its history starts with the commit "
                 "that adds it")


def _not_committed(changed: bool, shallow: bool) -> tuple[str, ...]:
    """An account with no change in a whole history was never committed (each account is
    added by a commit), unless a shallow clone cut the commit that added it."""
    return () if changed or shallow else (NOT_COMMITTED,)


def whole_history(root: Path, found: TierHistory | None = None,
                  ) -> tuple[dict[str, tuple[TierEvent, ...]], TierHistory | str]:
    """Every account's tier changes, read in one pass (a run that explains many accounts), or
    taken from `found` (the caller's `read_history(root)`), and the read (whose `notes_of` an
    account are its notes), or why git cannot be read."""
    if found is None:
        try:
            found = read_history(root, command=COMMAND)
        except AbmctlError as error:
            return {}, error.message
    events: dict[str, list[TierEvent]] = {}
    for event in found.events:
        events.setdefault(event.account_id, []).append(event)
    return {account: tuple(items) for account, items in events.items()}, found


def notes_of(read: TierHistory | str, account_id: str, changed: bool) -> tuple[str, ...]:
    """An account's notes in `whole_history`'s read (`changed`: it has changes there): as its
    own pass has them (a note on another account's record, or on a file that did not hold
    it, is not about it)."""
    if isinstance(read, str):
        return (read,)
    return read.notes_of(account_id) + _not_committed(changed, read.shallow)
