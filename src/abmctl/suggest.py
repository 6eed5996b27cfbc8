"""How a message points at the fix: the closest known name, the valid values of a small set."""

from __future__ import annotations

from collections.abc import Iterable

SMALL_SET = 12  # at most this many valid values are listed in a message


def closest(given: object, known: Iterable[object]) -> str | None:
    """The known name `given` most likely meant (same letters in another case first), or None."""
    import difflib

    names = [str(name) for name in known]
    text = str(given)
    folded = {name.casefold(): name for name in names}
    if text.casefold() in folded and folded[text.casefold()] != text:
        return folded[text.casefold()]
    guess = difflib.get_close_matches(text, names, n=1, cutoff=0.6)
    return guess[0] if guess else None


def only_match(given: object, known: Iterable[object]) -> str | None:
    """The known name `given` can only have meant: the one spelt the same in another case, or
    the one close match `closest` would name when it is the only candidate; None when two or
    more are close (choosing one would be a judgement, `lint --fix` leaves it)."""
    import difflib

    names = list(dict.fromkeys(str(name) for name in known))
    text = str(given)
    folded = [name for name in names if name.casefold() == text.casefold() and name != text]
    if folded:
        return folded[0] if len(folded) == 1 else None
    close = difflib.get_close_matches(text, names, n=2, cutoff=0.6)
    return close[0] if len(close) == 1 else None


def listing(values: Iterable[object], conjunction: str = "or") -> str:
    """`a, b or c` (the first few, then how many more)."""
    names = [str(value) for value in values]
    if len(names) > SMALL_SET:
        shown = ", ".join(names[:SMALL_SET])
        return f"{shown} {conjunction} {len(names) - SMALL_SET} more"
    if len(names) <= 1:
        return "".join(names)
    return f"{', '.join(names[:-1])} {conjunction} {names[-1]}"


def hint(given: object, known: Iterable[object], what: str = "") -> str:
    """`; did you mean 'x'?`, else `; valid {what}: a, b or c` for a small set, else ''."""
    names = list(dict.fromkeys(str(name) for name in known))
    guess = closest(given, names)
    if guess is not None:
        return f"; did you mean '{guess}'?"
    if names and len(names) <= SMALL_SET:
        label = f"valid {what}" if what else "valid values"
        return f"; {label}: {listing(names)}"
    return ""
