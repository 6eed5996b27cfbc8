"""Review of `abmctl explain` about one account (its intent alone, lint's intent rules judging it
alone, the registry's rules made by a child) on a registry that works those paths hard: tier 1
short of seats (promotions compete), keep above promote, lint.yaml overriding severities and
ignoring a rule, suppressions that expired, that hide nothing and that hide another account's
finding, on the review window's first days, mid-quarter and with stale activity. What it prints
is what an explanation from every account's intent and a whole lint says."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from abmctl import parallel
from abmctl.catalogue.runner import registry_rules
from abmctl.output import formats
from tests.explain.builders import example_copy, explainer
from tests.support.cli import invoke

DAYS = (date(2026, 10, 5), date(2026, 11, 30), date(2027, 4, 2))


@pytest.fixture(scope="module")
def hard(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = example_copy(tmp_path_factory.mktemp("hard"))
    tiers = root / "rules" / "tiers.yaml"
    text = tiers.read_text(encoding="utf-8")
    for old, new in (
            ("max_accounts: 50 ", "max_accounts: 9  "),
            ("promote: {fit: 80, intent: 60, relationship: 50, acv_potential: 100000}",
             "promote: {fit: 60}"),
            ("promote: {fit: 70, intent: 40}", "promote: {fit: 45}"),
            ("keep:    {fit: 70, intent: 30}", "keep:    {fit: 70, intent: 50}"),
            ("keep:    {fit: 60}", "keep:    {fit: 60, intent: 20}")):
        assert old in text
        text = text.replace(old, new)
    tiers.write_text(text, encoding="utf-8")
    (root / "rules" / "lint.yaml").write_text(
        "ignore: [ABM105]\nseverity: {ABM204: error, ABM206: info, ABM008: info}\n",
        encoding="utf-8")
    apac = root / "registry" / "accounts" / "apac.yaml"
    text = apac.read_text(encoding="utf-8")
    for old, new in (
            ("  - id: tamarind-foods\n",
             '  - id: tamarind-foods  # abmctl: ignore[ABM204] until=2026-09-01 reason="x"\n'),
            ("  - id: solace-telecom\n",
             '  - id: solace-telecom  # abmctl: ignore[ABM204, ABM206] reason="y"\n')):
        assert old in text
        text = text.replace(old, new)
    apac.write_text(text, encoding="utf-8")
    return root


def shown(root: Path, account_id: str, day: date) -> dict[str, object]:
    done = invoke("explain", account_id, "--as-of", day.isoformat(), "--format", "json",
                  "--root", str(root))
    assert done.returncode == 0, done.stderr
    found: dict[str, object] = json.loads(done.stdout)
    return found


@pytest.mark.slow  # a dozen explains a day, ~2.5 s
@pytest.mark.parametrize("day", DAYS, ids=str)
def test_explain_of_one_account_says_what_everything_says(
        hard: Path, day: date, monkeypatch: pytest.MonkeyPatch) -> None:
    every = explainer(hard, day)  # every intent, the whole plan, a whole lint
    expected: dict[str, Any] = {
        a.id: json.loads(str(formats.render("explain", "json", every.explain(a.id),
                                            formats.View())))
        for a in every.reg.accounts}
    # the accounts these settings make interesting: moved, held, with findings of any kind
    chosen = [a for a, e in expected.items()
              if e["findings"] or e["tier"]["verdict"]["kind"] != "stays"]
    assert len(chosen) >= 5
    monkeypatch.setattr(parallel, "cores", lambda: 2)  # the registry rules made by a child
    monkeypatch.setattr(parallel, "spare_cores", lambda: 1.5)
    started: list[object] = []
    real_start = parallel.start

    def start(*args: Any, **kwargs: Any) -> Any:
        started.append(args[0])
        return real_start(*args, **kwargs)

    monkeypatch.setattr(parallel, "start", start)
    for account_id in chosen:
        assert shown(hard, account_id, day) == expected[account_id], account_id
    assert started.count(registry_rules) == len(chosen)
    kinds = {e["tier"]["verdict"]["kind"] for e in expected.values()}
    codes = {f["code"] for e in expected.values() for f in e["findings"]}
    assert "ABM105" not in codes  # lint.yaml ignores it
    if day == DAYS[0]:
        assert {"held", "promoted", "demoted"} <= kinds and {"ABM004", "ABM204"} <= codes
