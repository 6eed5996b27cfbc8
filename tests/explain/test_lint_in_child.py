"""`abmctl explain` has lint run in a child process (where the system can fork and a second core
is there) while it makes the plan: the findings section is the same as when this process
lints, and a lint that fails in the child fails the run as it would here."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from abmctl import parallel
from tests.explain.builders import AS_OF, example_copy, explainer
from tests.support.cli import invoke


@pytest.fixture(scope="module")
def example(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return example_copy(tmp_path_factory.mktemp("example"))


def explain(root: Path, account: str) -> dict[str, object]:
    done = invoke("explain", account, "--as-of", AS_OF.isoformat(), "--format", "json",
                  "--root", str(root))
    assert done.returncode == 0, done.stderr
    shown: dict[str, object] = json.loads(done.stdout)
    return shown


def with_findings(root: Path) -> list[str]:
    every = explainer(root)
    return [a.id for a in every.reg.accounts if every.explain(a.id).findings]


@pytest.mark.skipif(not hasattr(os, "fork"), reason="no fork on this system")
def test_the_child_s_findings_are_this_process_s(example: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    accounts = with_findings(example)[:2]
    assert accounts, "the example has accounts with findings"
    monkeypatch.setattr(parallel, "cores", lambda: 2)
    started: list[object] = []
    real_start = parallel.start

    def start(*args: object, **kwargs: object) -> object:
        started.append(args[0])
        return real_start(*args, **kwargs)

    monkeypatch.setattr(parallel, "start", start)
    in_child = {a: explain(example, a) for a in accounts}
    assert len(started) == len(accounts)  # each run forked its lint
    monkeypatch.setattr(parallel, "cores", lambda: 1)
    here = {a: explain(example, a) for a in accounts}
    assert len(started) == len(accounts)  # one core: no child
    assert in_child == here
    assert all(shown["findings"] for shown in here.values())


def test_a_lint_that_fails_in_the_child_fails_the_run(example: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    import abmctl.commands.lint as lint

    def broken(*_: object, **__: object) -> list[object]:
        raise RuntimeError("lint broke")

    monkeypatch.setattr(parallel, "cores", lambda: 2)
    monkeypatch.setattr(lint, "lint_findings", broken)
    with pytest.raises(RuntimeError, match="lint broke"):
        invoke("explain", with_findings(example)[0], "--as-of", AS_OF.isoformat(),
               "--root", str(example))
