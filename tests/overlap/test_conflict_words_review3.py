"""Review: conflicts alike on one account held as one object with the latest one's words
(`Context.alike_as_one`) say in every format what each conflict made on its own says, grouped
the same way, also when lint.yaml overrides ABM605/ABM606's severity and account records carry
active, expired and reasoned suppressions of them; `explain` says the same as `overlap`."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from abmctl.commands.options import RegistryOptions, load
from abmctl.output import formats
from abmctl.output.formats import View
from abmctl.overlap.conflicts import find_conflicts
from abmctl.overlap.groups import OverlapReport, ordered
from tests.support.cli import invoke
from tests.support.registry import REPO

AS_OF = "2026-11-23"
FORMATS = ("text", "json", "markdown", "github", "csv")
# what each chosen account's record line gets, in the order the accounts are chosen
COMMENTS = (
    '  # abmctl: ignore[ABM605] reason="known"',  # active: its ABM605s go
    "  # abmctl: ignore[ABM606] until=2026-01-01",  # expired: kept, with an ABM004
    "  # abmctl: ignore[ABM605,ABM606] until=2026-12-31",  # active: both go
    '  # abmctl: ignore[ABM605] until=2026-11-01 reason="old"',  # expired, with its reason
)


@pytest.fixture(scope="module", params=["lint.yaml severities", "catalogue severities"])
def root(tmp_path_factory: pytest.TempPathFactory,
         request: pytest.FixtureRequest) -> tuple[Path, list[str]]:
    """A generated registry with suppressions on accounts that have both ABM605 and ABM606,
    several of each; with or without lint.yaml severities for ABM605/606."""
    made = tmp_path_factory.mktemp("generated")
    subprocess.run([sys.executable, str(REPO / "benchmarks/generate.py"), "--accounts", "300",
                    "--files", "3", "--activity", "6000", "--out", str(made)], check=True,
                   capture_output=True)
    run = load(RegistryOptions(root=made, as_of=AS_OF))
    each = find_conflicts(run.reg, run.activity, run.as_of, each=True)
    counts = Counter((c.account, c.code) for c in each)
    chosen = [c for c in dict.fromkeys(c.account or "" for c in each if c.code == "ABM605")
              if counts[(c, "ABM605")] > 1 and counts[(c, "ABM606")] > 0][:len(COMMENTS)]
    assert len(chosen) == len(COMMENTS)
    for account, comment in zip(chosen, COMMENTS, strict=True):
        record = run.reg.account_by_id[account]
        path = made / record.path
        lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
        assert f"id: {account}" in lines[record.line - 1]
        lines[record.line - 1] = lines[record.line - 1].rstrip("\n") + comment + "\n"
        path.write_text("".join(lines), encoding="utf-8")
    if request.param == "lint.yaml severities":
        (made / "rules" / "lint.yaml").write_text("severity: {ABM605: error, ABM606: info}\n",
                                                  encoding="utf-8")
    return made, chosen


def test_alike_as_one_reads_as_each_alone_grouped_in_every_format(
        root: tuple[Path, list[str]]) -> None:
    made, chosen = root
    run = load(RegistryOptions(root=made, as_of=AS_OF))
    as_one = find_conflicts(run.reg, run.activity, run.as_of)
    each = find_conflicts(run.reg, run.activity, run.as_of, each=True)
    assert len(as_one) == len(each) > len(ordered(as_one))
    kinds = Counter((c.code, c.severity) for c in each)
    if (made / "rules" / "lint.yaml").exists():  # each conflict copied at its severity
        assert kinds[("ABM605", "error")] and kinds[("ABM606", "info")]
        assert not kinds[("ABM605", "warning")] and not kinds[("ABM606", "warning")]
    else:  # conflicts alike on an account: one object
        assert len({id(c) for c in as_one}) < len(as_one)
    on = {(c.account, c.code) for c in each}
    assert (chosen[0], "ABM605") not in on and (chosen[0], "ABM606") in on
    assert (chosen[2], "ABM605") not in on and (chosen[2], "ABM606") not in on
    expired = sorted((c.account, c.message.split(" expired")[0]) for c in each
                     if c.code == "ABM004")
    assert expired == sorted([(chosen[1], "the suppression of ABM606"),
                              (chosen[3], "the suppression of ABM605")])
    for fmt in FORMATS:
        texts = [formats.render("overlap", fmt, OverlapReport(found, run.as_of), View())
                 for found in (as_one, each)]
        said = ["".join(text) if not isinstance(text, str) else text for text in texts]
        assert said[0] == said[1], fmt
    listed = [(c.code, c.severity, c.account, c.message, n) for c, n in ordered(as_one)]
    assert listed == [(c.code, c.severity, c.account, c.message, n) for c, n in ordered(each)]


def test_explain_says_what_overlap_says_of_each_account(root: tuple[Path, list[str]]) -> None:
    made, chosen = root
    done = invoke("overlap", "--root", str(made), "--as-of", AS_OF, "--format", "json")
    assert done.returncode == 1
    listed = json.loads(done.stdout)["conflicts"]
    for account in chosen:
        explained = invoke("explain", account, "--root", str(made), "--as-of", AS_OF)
        assert explained.returncode == 0, explained.stderr
        section = explained.stdout.split("\nConflicts")[1].split("\n\n")[0]
        words = " ".join(section.split())
        for conflict in (c for c in listed if c["account"] == account):
            first = re.escape(" ".join(conflict["message"].split()[:6]))
            assert re.search(first, words), (account, conflict["message"])
