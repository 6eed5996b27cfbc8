"""A large account list has its last half of files parsed by a forked child while this process
reads the first (`load.yaml_beside`): the registry is the one reading every file here gives,
faults, positions, suppressions and all; a child that fails costs time, not files; one core,
or a small list, forks nothing."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from abmctl import parallel
from abmctl.load import yaml_beside
from abmctl.load.registry_files import load_registry
from abmctl.registry import Registry
from tests.support.registry import write_registry

needs_fork = pytest.mark.skipif(not hasattr(os, "fork"), reason="no fork on this system")


def item(ident: str, extra: str = "") -> str:
    return (f"  - id: {ident}\n    name: {ident.title()}\n    domains: [{ident}.com]\n"
            f"    tier: 3\n    region: emea\n    stage_since: 2026-10-01\n{extra}")


FILES = {
    "registry/accounts/a.yaml": "accounts:\n" + item("acme") + item("beta"),
    "registry/accounts/b.yaml": "accounts:\n" + item("gamma", "    tier_since: 2026-13-01\n"),
    "registry/accounts/c.yaml": "accounts:\n  - id: [unclosed\n",  # not YAML
    "registry/accounts/d.yaml": "accounts:\n" + item("delta", "    x-note: {deep: [1, 2]}\n")
    + item("eps", "    sources: [marketing]   \n"),  # a trailing blank
    "registry/accounts/e.yaml": "accounts:\n" + item("zeta", "    segmnt: retail"
                                                     "  # abmctl: ignore[ABM002] reason=\"x\"\n"),
    "registry/accounts/f.yaml": "x-owner: ops\r\naccounts:\r\n  - id: eta\r\n    name: Eta\r\n"
    "    domains: [eta.com]\r\n    tier: 3\r\n    tier: 2\r\n",  # CRLF, a duplicate key
    "registry/accounts/g.yaml": "accounts:\n" + "".join(item(f"n{n}") for n in range(30)),
    "registry/accounts/h.yaml": "accounts:\n  - !!python/object:os.system {}\n",  # a tag
}


def snapshot(reg: Registry) -> tuple[Any, ...]:
    return (reg.files, [(a, a.path, a.line, a.line_of("domains"), a.column_of())
                        for a in reg.accounts],
            reg.load_findings, {rel: (s.starts, s.ends) for rel, s in reg.spans.items()},
            reg.suppressions, reg.unloaded_accounts)


@pytest.fixture
def registry(tmp_path: Path) -> Path:
    return write_registry(tmp_path, FILES)


def loaded(root: Path, monkeypatch: pytest.MonkeyPatch, split_bytes: int) -> Registry:
    monkeypatch.setattr(yaml_beside, "SPLIT_BYTES", split_bytes)
    return load_registry(root)


@needs_fork
def test_files_parsed_by_the_child_load_as_they_do_here(
        registry: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parallel, "cores", lambda: 2)
    started: list[object] = []
    real_start = parallel.start

    def start(*args: Any, **kwargs: Any) -> Any:
        started.append(args[0])
        return real_start(*args, **kwargs)

    monkeypatch.setattr(parallel, "start", start)
    here = loaded(registry, monkeypatch, 10**9)
    assert started == []
    split = loaded(registry, monkeypatch, 0)
    assert len(started) == 1  # the accounts folder's last half, in one child
    assert snapshot(split) == snapshot(here)
    codes = {f.code for f in here.load_findings}
    assert {"ABM001", "ABM002", "ABM009"} <= codes  # the faults were there to be read
    assert here.suppressions and here.unloaded_accounts


@needs_fork
def test_a_child_that_fails_costs_time_not_files(registry: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parallel, "cores", lambda: 2)
    here = loaded(registry, monkeypatch, 10**9)

    def broken(*_: object) -> list[object]:
        raise RuntimeError("child broke")

    monkeypatch.setattr(yaml_beside, "_parsed", broken)
    assert snapshot(loaded(registry, monkeypatch, 0)) == snapshot(here)


def test_one_core_or_a_small_list_forks_nothing(registry: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    paths = sorted((registry / "registry" / "accounts").iterdir())
    monkeypatch.setattr(yaml_beside, "SPLIT_BYTES", 0)
    monkeypatch.setattr(parallel, "cores", lambda: 1)
    assert yaml_beside.beside(paths, registry) is None
    monkeypatch.setattr(parallel, "cores", lambda: 2)
    monkeypatch.setattr(yaml_beside, "SPLIT_BYTES", 10**9)
    assert yaml_beside.beside(paths, registry) is None
    assert yaml_beside.beside(paths[:1], registry) is None
