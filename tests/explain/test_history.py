"""The tier history from git: each change with its date, from and to, commit, author and
subject; a registry outside git says so, and the command still succeeds."""

from __future__ import annotations

import json
from pathlib import Path

from tests.explain.builders import account, explain, explainer, make_registry
from tests.support.cli import invoke
from tests.support.git import commit, init

ANA = ("Ana Lima", "ana@example.com")


def set_tier(root: Path, tier: int, since: str) -> None:
    path = root / "registry/accounts/all.yaml"
    text = path.read_text()
    head, rest = text.split("  - id: contoso\n", 1)
    block, _, tail = rest.partition("  - id: ")
    block = "\n".join(
        f"    tier: {tier}" if line.startswith("    tier: ") else
        f"    tier_since: {since}" if line.startswith("    tier_since: ") else line
        for line in block.split("\n"))
    path.write_text(head + "  - id: contoso\n" + block + ("  - id: " + tail if tail else ""))


def test_an_account_whose_tier_changed_twice_shows_both_changes(tmp_path: Path) -> None:
    root = make_registry(tmp_path, account("contoso", 3, 75), account("fabrikam", 2, 65))
    init(root, author=ANA)
    first = commit(root, "Add the list", "2026-03-02T10:00:00+00:00", author=ANA)
    set_tier(root, 2, "2026-04-06")
    second = commit(root, "Q2 review: contoso to tier 2", "2026-04-06T10:00:00+00:00",
                    author=ANA)
    (root / "notes.txt").write_text("not a registry file\n")
    commit(root, "Unrelated", "2026-05-01T10:00:00+00:00", author=ANA)
    set_tier(root, 1, "2026-07-06")
    third = commit(root, "Q3 review: contoso to tier 1", "2026-07-06T10:00:00+00:00",
                   author=ANA)

    events = explain(root, "contoso").history.events
    assert [(e.when.date().isoformat(), e.before, e.after, e.commit, e.author, e.subject)
            for e in events] == [
        ("2026-03-02", None, 3, first, "Ana Lima", "Add the list"),
        ("2026-04-06", 3, 2, second, "Ana Lima", "Q2 review: contoso to tier 2"),
        ("2026-07-06", 2, 1, third, "Ana Lima", "Q3 review: contoso to tier 1"),
    ]
    assert [e.after for e in explain(root, "fabrikam").history.events] == [2]
    every = explainer(root)  # the whole list's history, read once
    assert every.explain("contoso").history.events == events
    assert [e.after for e in every.explain("fabrikam").history.events] == [2]

    done = invoke("explain", "contoso", "--as-of", "2026-11-23", "--root", str(root),
                  env={"COLUMNS": "100"})
    assert done.returncode == 0, done.stderr
    text = done.stdout.split("Tier history\n", 1)[1]
    assert text.splitlines() == [
        f"  2026-03-02  added at tier 3  {first[:8]}  Ana Lima: Add the list",
        f"  2026-04-06  tier 3 -> 2      {second[:8]}  Ana Lima: Q2 review: contoso to tier 2",
        f"  2026-07-06  tier 2 -> 1      {third[:8]}  Ana Lima: Q3 review: contoso to tier 1",
    ]
    history = json.loads(invoke("explain", "contoso", "--as-of", "2026-11-23", "--format",
                                "json", "--root", str(root)).stdout)["history"]
    assert history["notes"] == []
    assert [(c["when"], c["from"], c["to"], c["kind"], c["commit"]) for c in
            history["changes"]] == [
        ("2026-03-02T10:00:00Z", None, 3, "added", first),
        ("2026-04-06T10:00:00Z", 3, 2, "promoted", second),
        ("2026-07-06T10:00:00Z", 2, 1, "promoted", third),
    ]


def test_outside_git_the_history_says_so_and_the_command_succeeds(tmp_path: Path) -> None:
    root = make_registry(tmp_path, account("contoso", 3, 75))
    done = invoke("explain", "contoso", "--as-of", "2026-11-23", "--format", "json", "--root",
                  str(root))
    assert (done.returncode, done.stderr) == (0, "")
    history = json.loads(done.stdout)["history"]
    assert history["changes"] == []
    assert history["notes"] == [f"{root} is not inside a git repository; explain reads "
                                "revisions with git (run it in the registry's clone)"]
