"""Which account `abmctl explain ACCOUNT` means: an id, a domain (or URL, or email) matched as
activity rows are, or a name; an ambiguous name lists the candidates and an unknown one the
closest, both exit 2."""

from __future__ import annotations

from typing import TYPE_CHECKING

from abmctl.errors import AbmctlError

if TYPE_CHECKING:
    from abmctl.model.accounts import Account
    from abmctl.registry import Registry

CANDIDATES_SHOWN = 10


def find_account(reg: Registry, given: str) -> Account:
    """The account `given` names: by id, then by domain (normalised as the engine matches
    activity: `https://www.Kestrelbank.com/` is kestrelbank.com), then by name (case and
    blanks ignored; a part of a name when no name is equal). Exit 2 when none or several."""
    text = given.strip()
    if not text:
        raise AbmctlError("ACCOUNT: give an account id, domain or name")
    found = reg.match_account(text)
    if found is not None:
        return reg.account_by_id[found]
    if text in reg.unloaded_accounts:
        raise AbmctlError(f"ACCOUNT: {text} is in the account files but does not load, so no "
                          "report reads it; `abmctl lint` says why")
    named = _by_name(reg, text)
    if len(named) == 1:
        return named[0]
    if named:
        raise AbmctlError(_ambiguous(given, named))
    raise AbmctlError(_unknown(reg, given))


def _folded(text: str) -> str:
    return " ".join(text.casefold().split())


def _by_name(reg: Registry, text: str) -> list[Account]:
    """The accounts of that name; else those whose name holds it."""
    wanted = _folded(text)
    equal = [a for a in reg.accounts if _folded(a.name) == wanted]
    if equal:
        return equal
    return [a for a in reg.accounts if wanted in _folded(a.name)]


def _ambiguous(given: str, accounts: list[Account]) -> str:
    shown = "; ".join(f"{a.id} ({a.name}, {a.path}:{a.line})"
                      for a in accounts[:CANDIDATES_SHOWN])
    more = (f"; and {len(accounts) - CANDIDATES_SHOWN} more" if len(accounts) > CANDIDATES_SHOWN
            else "")
    return (f"ACCOUNT: {given!r} names {len(accounts)} accounts: {shown}{more}; give the id "
            "or the domain")


def _unknown(reg: Registry, given: str) -> str:
    from abmctl.suggest import closest

    guesses = []
    by_name = {a.name: a for a in reg.accounts}
    for guess in (closest(given, reg.account_by_id), closest(given, by_name)):
        account = reg.account_by_id.get(guess or "") or by_name.get(guess or "")
        if account is not None and account not in guesses:
            guesses.append(account)
    hint = ("; did you mean " + " or ".join(f"{a.id} ({a.name})" for a in guesses) + "?"
            if guesses else "")
    return f"ACCOUNT: no account {given!r} on the list (by id, domain or name){hint}" + \
        _unloaded(reg)


def _unloaded(reg: Registry) -> str:
    """The accounts written in the account files that do not load: only their ids are known,
    so ACCOUNT given as a domain or name of one of them matches nothing; they are named."""
    ids = sorted(reg.unloaded_accounts)
    if not ids:
        return ""
    shown = ", ".join(ids[:CANDIDATES_SHOWN])
    more = f" and {len(ids) - CANDIDATES_SHOWN} more" if len(ids) > CANDIDATES_SHOWN else ""
    return (f"; in the account files, these do not load, so their domains and names are not "
            f"searched: {shown}{more} (`abmctl lint` says why)")
