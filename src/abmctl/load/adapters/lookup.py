"""Finding the adapter for `--signals-format NAME` (and `--signals-map FILE`).

Adapters register themselves when their module is imported (`@adapter("bombora")` in
`abmctl.load.adapters.bombora`), so only the layout a run needs is imported. A name with a dash
lives in the module of that name with `_` (`salesforce-tasks` -> `salesforce_tasks`), or in the
module named by its first word (`salesforce`).

`--signals-map FILE` hands the YAML column map to `abmctl.load.adapters.column_map`, whose
`adapter_from_map(path, base)` returns an adapter for that map (`base` is the
`--signals-format` name the map starts from).
"""

from __future__ import annotations

import importlib
import pkgutil
import re
from pathlib import Path

from abmctl.errors import AbmctlError
from abmctl.load.adapters import ADAPTERS, Adapter

_NAME = re.compile(r"[a-z0-9][a-z0-9_-]*")
MAP_MODULE = "abmctl.load.adapters.column_map"


def load_adapter(name: str, signals_map: Path | None = None) -> Adapter:
    """The adapter registered as `name` (or built from `signals_map`); unknown -> AbmctlError
    listing the known names."""
    if signals_map is not None:
        return _mapped(signals_map, name)
    if name not in ADAPTERS and _NAME.fullmatch(name):
        for module in _modules_for(name):
            _import(module)
            if name in ADAPTERS:
                break
    if name not in ADAPTERS:
        raise AbmctlError(
            f"--signals-format: unknown layout {name!r}; known: {', '.join(known_formats())}"
        )
    return ADAPTERS[name]


def known_formats() -> list[str]:
    """Every registered layout name (imports every adapter module of the package)."""
    import abmctl.load.adapters as package

    for info in pkgutil.iter_modules(package.__path__):
        if info.name != "registry":
            _import(f"{package.__name__}.{info.name}")
    return sorted(ADAPTERS)


def _modules_for(name: str) -> list[str]:
    stem = name.replace("-", "_")
    candidates = [stem, stem.split("_", 1)[0]]
    return [f"abmctl.load.adapters.{c}" for c in dict.fromkeys(candidates)]


def _import(module: str) -> bool:
    try:
        importlib.import_module(module)
    except ModuleNotFoundError as exc:
        if exc.name != module:
            raise  # the adapter module exists but something it needs is missing: our bug
        return False
    return True


def _mapped(signals_map: Path, base: str) -> Adapter:
    if not _import(MAP_MODULE):
        raise AbmctlError("--signals-map: column maps are not available in this version")
    module = importlib.import_module(MAP_MODULE)
    build = getattr(module, "adapter_from_map", None)
    if build is None:
        raise AbmctlError("--signals-map: column maps are not available in this version")
    adapter: Adapter = build(signals_map, base)
    return adapter
