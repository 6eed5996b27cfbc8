"""Finding the adapter for `--signals-format NAME` (and `--signals-map FILE`) in `ADAPTERS`."""

from __future__ import annotations

from pathlib import Path

from abmctl.errors import AbmctlError
from abmctl.load.adapters import ADAPTERS, Adapter


def load_adapter(name: str, signals_map: Path | None = None) -> Adapter:
    """The adapter of layout `name`, or the one `signals_map` builds on top of it; an unknown
    name is an AbmctlError listing the known names."""
    if signals_map is not None:
        from abmctl.load.adapters.column_map import adapter_from_map

        return adapter_from_map(signals_map, name)
    where = ADAPTERS.get(name)
    if where is None:
        from abmctl.suggest import closest

        guess = closest(name, ADAPTERS)
        hint = f"did you mean {guess!r}? " if guess else ""
        raise AbmctlError(f"--signals-format: unknown layout {name!r}; {hint}known: "
                          f"{', '.join(sorted(ADAPTERS))}")
    import importlib

    module, function = where.split(":")
    adapter: Adapter = getattr(importlib.import_module(module), function)
    return adapter
