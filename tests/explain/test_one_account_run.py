"""`abmctl explain` runs about one account: its intent is worked out alone (every account's
only when it would be promoted, as promotions compete for seats), lint's intent rules judge it
alone (`Context.accounts`), and the lint findings the registry alone decides are made by a
child process while the activity is read (where the system can fork and a core is to spare).
What it prints is what an explanation made from every account's intent and a whole lint run
says, and a child that fails (raises, or is killed) costs time, not the run."""

from __future__ import annotations

import json
import os
import signal
import threading
from pathlib import Path

import pytest

from abmctl import parallel
from abmctl.catalogue.runner import registry_rules
from abmctl.engine import signals
from abmctl.output import formats
from tests.explain.builders import AS_OF, account, example_copy, explainer, make_registry
from tests.support.cli import invoke


@pytest.fixture(scope="module")
def example(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return example_copy(tmp_path_factory.mktemp("example"))


def explain(root: Path, account_id: str) -> dict[str, object]:
    done = invoke("explain", account_id, "--as-of", AS_OF.isoformat(), "--format", "json",
                  "--root", str(root))
    assert done.returncode == 0, done.stderr
    shown: dict[str, object] = json.loads(done.stdout)
    return shown


def from_everything(root: Path, account_id: str) -> dict[str, object]:
    """The explanation made from every account's intent and a whole lint run."""
    every = explainer(root)  # no `accounts`: the full context, the whole plan
    text = formats.render("explain", "json", every.explain(account_id), formats.View())
    made: dict[str, object] = json.loads(text)
    return made


def counted(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The accounts whose intent is worked out from now on."""
    asked: list[str] = []
    real = signals.IntentOf.__call__

    def call(self: signals.IntentOf, account: object) -> int:
        asked.append(account.id)  # type: ignore[attr-defined]
        return real(self, account)  # type: ignore[arg-type]

    monkeypatch.setattr(signals.IntentOf, "__call__", call)
    return asked


@pytest.mark.slow  # 4 s: each example account explained alone, against a run of all
def test_every_example_account_is_explained_as_from_everything(
        example: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    ids = [a.id for a in explainer(example).reg.accounts]
    expected = {a: from_everything(example, a) for a in ids}
    asked = counted(monkeypatch)
    for account_id in ids:
        assert explain(example, account_id) == expected[account_id], account_id
    assert len(asked) < 2 * len(ids)  # about one intent per run, not one per account


def test_a_promotion_ranks_against_every_account_s_intent(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # tier 1 has one seat: the two accounts meeting its promote compete, by intent
    root = make_registry(tmp_path, account("alpha", 2, 85, intent=50),
                         account("beta", 2, 85, intent=60), account("gamma", 3, 45))
    expected = {a: from_everything(root, a) for a in ("alpha", "beta", "gamma")}
    asked = counted(monkeypatch)
    alpha, beta = explain(root, "alpha"), explain(root, "beta")
    assert sorted(asked) == sorted(["alpha", "beta", "gamma"] * 2)  # all, for the ranking
    del asked[:]
    gamma = explain(root, "gamma")
    assert asked == ["gamma"]  # no promotion: its own alone
    for shown, account_id in ((alpha, "alpha"), (beta, "beta"), (gamma, "gamma")):
        assert shown == expected[account_id]
    verdicts = [shown["tier"]["verdict"] for shown in (alpha, beta)]  # type: ignore[index]
    assert [v["kind"] for v in verdicts] == ["held", "promoted"]  # beta's intent ranks first
    assert "at capacity" in verdicts[0]["reason"]


@pytest.mark.slow  # a real process with its child: seconds
@pytest.mark.skipif(not hasattr(os, "fork"), reason="no fork on this system")
def test_the_child_s_registry_findings_are_this_process_s(
        example: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    ids = [a.id for a in explainer(example).reg.accounts]
    findings = [a for a in ids if from_everything(example, a)["findings"]][:2]
    assert findings
    monkeypatch.setattr(parallel, "cores", lambda: 2)
    monkeypatch.setattr(parallel, "spare_cores", lambda: 1.0)
    started: list[object] = []
    real_start = parallel.start
    threads = threading.active_count()
    beside: list[int] = []  # threads running when a child is forked: none of explain's own

    def start(*args: object, **kwargs: object) -> object:
        started.append(args[0])
        beside.append(threading.active_count() - threads)
        return real_start(*args, **kwargs)

    monkeypatch.setattr(parallel, "start", start)
    in_child = {a: explain(example, a) for a in findings}
    assert started.count(registry_rules) == len(findings)  # each run forked it
    assert beside == [0] * len(started)  # not beside git's thread
    monkeypatch.setattr(parallel, "spare_cores", lambda: 0.4)
    busy = {a: explain(example, a) for a in findings}
    monkeypatch.setattr(parallel, "cores", lambda: 1)
    here = {a: explain(example, a) for a in findings}
    assert started.count(registry_rules) == len(findings)  # no core to spare: no child
    assert in_child == busy == here
    assert all(here[a]["findings"] for a in findings)


def _raises(*_: object, **__: object) -> dict[str, list[object]]:
    raise RuntimeError("rules broke")


def _killed(*_: object, **__: object) -> dict[str, list[object]]:
    os.kill(os.getpid(), signal.SIGKILL)  # in the child: the OOM killer, a kill -9
    raise AssertionError("unreachable")


@pytest.mark.slow  # waits for a failing child: seconds
@pytest.mark.skipif(not hasattr(os, "fork"), reason="no fork on this system")
@pytest.mark.parametrize("failure", [_raises, _killed], ids=["raises", "killed"])
def test_a_registry_rules_child_that_fails_costs_time_not_the_run(
        example: Path, monkeypatch: pytest.MonkeyPatch, failure: object) -> None:
    from abmctl.catalogue import runner

    account_id = next(a for a in (a.id for a in explainer(example).reg.accounts)
                      if from_everything(example, a)["findings"])
    here = explain(example, account_id)  # one process (no child on a busy machine either)
    monkeypatch.setattr(parallel, "cores", lambda: 2)
    monkeypatch.setattr(parallel, "spare_cores", lambda: 1.0)
    monkeypatch.setattr(runner, "registry_rules", failure)
    assert explain(example, account_id) == here  # the rules made here instead
    with pytest.raises(ChildProcessError):  # every child reaped
        os.waitpid(-1, os.WNOHANG)


def test_a_lint_that_fails_fails_the_run_and_leaves_no_child(
        example: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import abmctl.commands.lint as lint

    def broken(*_: object, **__: object) -> list[object]:
        raise RuntimeError("lint broke")

    account_id = explainer(example).reg.accounts[0].id
    monkeypatch.setattr(parallel, "cores", lambda: 2)
    monkeypatch.setattr(parallel, "spare_cores", lambda: 1.0)
    monkeypatch.setattr(lint, "lint_findings", broken)
    with pytest.raises(RuntimeError, match="lint broke"):
        invoke("explain", account_id, "--as-of", AS_OF.isoformat(), "--root", str(example))
    if hasattr(os, "fork"):
        with pytest.raises(ChildProcessError):  # the registry rules' child reaped
            os.waitpid(-1, os.WNOHANG)
