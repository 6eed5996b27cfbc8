"""An account's tier history for its explanation, read by `abmctl.tiers.history` (the home of
tier history from git); a registry outside git, or git missing, is a note, not a failure."""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import Any

from abmctl.errors import AbmctlError
from abmctl.explain.explanation import History, TierEvent


def _source() -> Any:
    try:
        return importlib.import_module("abmctl.tiers.history")
    except ModuleNotFoundError:  # until tiers/history.py lands
        raise AbmctlError("tier history is not available") from None


def account_history(root: Path, account_id: str) -> History:
    """The account's tier changes, oldest first (only the commits touching its file)."""
    try:
        events = _source().account_history(root, account_id)
    except AbmctlError as error:
        return History((), error.message)
    return History(tuple(_event(e) for e in events))


def whole_history(root: Path) -> History | dict[str, History]:
    """Every account's tier changes, read in one pass; a `History` with the note alone when
    git cannot be read."""
    try:
        events = _source().history(root)
    except AbmctlError as error:
        return History((), error.message)
    found: dict[str, list[TierEvent]] = {}
    for event in events:
        found.setdefault(event.account_id, []).append(_event(event))
    return {account: History(tuple(items)) for account, items in found.items()}


def _event(event: Any) -> TierEvent:
    return TierEvent(event.when, event.before, event.after, event.commit, event.author,
                     event.subject)
