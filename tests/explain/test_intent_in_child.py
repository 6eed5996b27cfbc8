"""`abmctl explain` has every account's intent computed in a child process (where the system
can fork and a core is to spare) while it makes the other sections and lints, and the lint
findings the registry alone decides made by another child while it reads the activity: the
explanation is the same as when this process computes them, and a failure in a child fails
the run as it would here."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from abmctl import parallel
from abmctl.catalogue.runner import registry_rules
from abmctl.engine import signals
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


def with_findings_and_signals(root: Path) -> list[str]:
    """Two accounts: one with lint findings, one whose intent is from its signals."""
    every = explainer(root)
    shown = [every.explain(a.id) for a in every.reg.accounts]
    return [next(e.account.id for e in shown if e.findings),
            next(e.account.id for e in shown if e.intent.score and e.intent.added)]


@pytest.mark.skipif(not hasattr(os, "fork"), reason="no fork on this system")
def test_the_child_s_intents_are_this_process_s(example: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    accounts = with_findings_and_signals(example)
    monkeypatch.setattr(parallel, "cores", lambda: 2)
    monkeypatch.setattr(parallel, "spare_cores", lambda: 1.0)
    started: list[object] = []
    real_start = parallel.start

    def start(*args: object, **kwargs: object) -> object:
        started.append(args[0])
        return real_start(*args, **kwargs)

    monkeypatch.setattr(parallel, "start", start)
    in_child = {a: explain(example, a) for a in accounts}
    forked = [started.count(signals.intent_scores), started.count(registry_rules)]
    assert forked == [len(accounts)] * 2  # each run forked both
    monkeypatch.setattr(parallel, "spare_cores", lambda: 0.4)
    busy = {a: explain(example, a) for a in accounts}
    assert len(started) == 2 * len(accounts)  # no core to spare: no child
    monkeypatch.setattr(parallel, "cores", lambda: 1)
    here = {a: explain(example, a) for a in accounts}
    assert len(started) == 2 * len(accounts)  # one core: no child
    assert busy == here
    assert in_child == here
    findings, intent = (here[a] for a in accounts)
    assert findings["findings"] and intent["intent"]["score"]


@pytest.mark.skipif(not hasattr(os, "fork"), reason="no fork on this system")
def test_intents_that_fail_in_the_child_fail_the_run(example: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*_: object, **__: object) -> dict[str, int]:
        raise RuntimeError("intent broke")

    account = with_findings_and_signals(example)[0]
    monkeypatch.setattr(parallel, "cores", lambda: 2)
    monkeypatch.setattr(parallel, "spare_cores", lambda: 1.0)
    monkeypatch.setattr(signals, "intent_scores", broken)
    with pytest.raises(RuntimeError, match="intent broke"):
        invoke("explain", account, "--as-of", AS_OF.isoformat(), "--root", str(example))


def test_a_lint_that_fails_fails_the_run_and_leaves_no_child(
        example: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import abmctl.commands.lint as lint

    def broken(*_: object, **__: object) -> list[object]:
        raise RuntimeError("lint broke")

    account = with_findings_and_signals(example)[0]
    settled: list[object] = []
    real_settle = parallel.settle

    def settle(waits: list[object]) -> None:
        settled.extend(waits)
        real_settle(waits)  # type: ignore[arg-type]

    monkeypatch.setattr(parallel, "cores", lambda: 2)
    monkeypatch.setattr(parallel, "spare_cores", lambda: 1.0)
    monkeypatch.setattr(parallel, "settle", settle)
    monkeypatch.setattr(lint, "lint_findings", broken)
    with pytest.raises(RuntimeError, match="lint broke"):
        invoke("explain", account, "--as-of", AS_OF.isoformat(), "--root", str(example))
    if hasattr(os, "fork"):
        assert settled, "the intents' child was waited for"
        with pytest.raises(ChildProcessError):  # and reaped: no child at all, running or done
            os.waitpid(-1, os.WNOHANG)


@pytest.mark.skipif(not hasattr(os, "fork"), reason="no fork on this system")
def test_registry_rules_that_fail_in_the_child_fail_the_run(
        example: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from abmctl.catalogue import runner

    def broken(*_: object, **__: object) -> dict[str, list[object]]:
        raise RuntimeError("rules broke")

    account = with_findings_and_signals(example)[0]
    monkeypatch.setattr(parallel, "cores", lambda: 2)
    monkeypatch.setattr(parallel, "spare_cores", lambda: 1.0)
    monkeypatch.setattr(runner, "registry_rules", broken)
    with pytest.raises(RuntimeError, match="rules broke"):
        invoke("explain", account, "--as-of", AS_OF.isoformat(), "--root", str(example))
    with pytest.raises(ChildProcessError):  # every child reaped
        os.waitpid(-1, os.WNOHANG)
