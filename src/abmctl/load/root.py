"""Finding the registry root, the way git finds `.git`."""

from __future__ import annotations

import os
from pathlib import Path

from abmctl.errors import AbmctlError


def find_root(explicit: Path | None = None, start: Path | None = None) -> Path:
    """`--root`, else `ABMCTL_ROOT`, else the nearest folder upwards holding `registry/`."""
    from_env = os.environ.get("ABMCTL_ROOT")
    chosen = explicit or (Path(from_env) if from_env else None)
    if chosen is not None:
        given = "" if explicit else " (from ABMCTL_ROOT)"
        try:
            if not chosen.is_dir():
                raise AbmctlError(f"no such folder{given}", path=str(chosen))
            registry = (chosen / "registry").is_dir()
        except OSError as exc:  # a name too long, a folder on the way that cannot be searched
            raise AbmctlError(f"cannot read the folder{given}: {exc.strerror or exc}",
                              path=str(chosen)) from None
        if not registry:
            raise AbmctlError(
                f"no registry/ folder in {chosen}{given}; point at the folder holding "
                "registry/ and rules/, or start one with `abmctl init`"
            )
        return chosen
    try:
        here = (start or Path.cwd()).resolve()
    except OSError:  # the folder abmctl was started in has been deleted
        raise AbmctlError("the current folder no longer exists; cd into the registry "
                          "or pass --root DIR") from None
    for folder in (here, *here.parents):
        try:
            if (folder / "registry").is_dir():
                return folder
        except OSError as exc:  # a folder that cannot be searched: the search stops there
            raise AbmctlError(f"cannot read the folder: {exc.strerror or exc}; pass --root "
                              "DIR", path=str(folder)) from None
    raise AbmctlError(
        f"no registry/ folder in {here} or any folder above it; "
        "run abmctl inside a registry repo, pass --root DIR, or start one with `abmctl init`"
    )
