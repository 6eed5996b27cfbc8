"""Review of the activity read's head start (`activity_reader.head_start`): account values of
every written form, matched in this process from the hosts the child found, give what one
process gives (rows, counts, the unmatched values and their order), and a run that stops
before the activity is read (rules/ does not load, an unknown account, a bad sources.yaml)
says what it said before and leaves no child process behind."""

from __future__ import annotations

import os
import random
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import pytest

from abmctl import parallel
from abmctl.engine.activity import Activity
from abmctl.load import activity_reader
from abmctl.load.activity_reader import RowChecker, read_sources
from abmctl.load.registry_files import load_registry
from abmctl.load.sources import Layout, Source
from abmctl.registry import Registry
from tests.support.cli import invoke
from tests.support.registry import write, write_registry

ACCOUNTS = """
accounts:
  - {id: northwind, name: Northwind, domains: [northwind.com, northwind.co.uk], tier: 3,
     region: emea, owners: {ae: ana.lima}, scores: {fit: 50}}
  - {id: contoso, name: Contoso, domains: [contoso.io], tier: 3, region: emea,
     owners: {ae: ana.lima}, scores: {fit: 50}}
  - {id: bucher, name: Bucher, domains: [bücher.de], tier: 3, region: emea,
     owners: {ae: ana.lima}, scores: {fit: 50}}
"""
HEADER = "occurred_at,account,type,contact,detail,score,sentiment,source"
# every way a row may name its account: ids, domains, emails, URLs, upper case, padding,
# blanks, values with no host, IDNA forms, and values no list account has
NAMED = ("northwind", "NORTHWIND", " northwind ", "northwind.com", "NorthWind.COM",
         "ann@northwind.com", "Ann@NorthWind.Com", "https://www.northwind.co.uk/pricing?x=1",
         "http://northwind.com:8080/", "HTTPS://NORTHWIND.COM", "northwind.com.", "contoso",
         "bo@contoso.io", "contoso.io ", "\tcontoso.io", "bücher.de", "xn--bcher-kva.de",
         "BÜCHER.DE", "x@bücher.de", "", " ", "\t", "https://", "nobody@", "@", "a@b@contoso.io",
         "fabrikam.com", "cy@fabrikam.com", "Fabrikam.com", "eu.contoso.io", "wingtip",
         "Northwind Traders", "z" * 200)


def rows(seed: int, count: int) -> Iterator[str]:
    rng = random.Random(seed)
    for n in range(count):
        day = 1 + n * 27 // count
        when = rng.choice([f"2026-11-{day:02}", f"2026-11-{day:02}T10:00:00Z",
                           f"2026-11-{day:02}T10:00:00.5+01:00", "yesterday"])
        yield ",".join((when, rng.choice(NAMED), rng.choice(["web_visit", "Web Visit", "bad"]),
                        rng.choice(["", "ann@northwind.com"]), rng.choice(["", "/pricing"]),
                        rng.choice(["", "7", "x"]), rng.choice(["", "positive", "meh"]),
                        rng.choice(["", "ga4"])))


@pytest.fixture
def reg(registry_root: Path, monkeypatch: pytest.MonkeyPatch) -> Registry:
    monkeypatch.setattr(parallel, "cores", lambda: 2)  # a head start on any machine
    monkeypatch.setattr(parallel, "spare_cores", lambda: 1.5)
    write_registry(registry_root, {"registry/accounts/all.yaml": ACCOUNTS})
    return load_registry(registry_root)


def export(reg: Registry, name: str, lines: Iterable[str], newline: str = "\n") -> Path:
    path = reg.root / "exports" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(newline.join([HEADER, *lines]) + newline, encoding="utf-8", newline="")
    return path


def seen(activity: Activity) -> dict[str, Any]:
    def row(r: Any) -> tuple[Any, ...]:
        return (r.occurred_at, r.account, r.type, r.contact, r.detail, r.score, r.sentiment,
                r.source, r.path, r.line)

    return {
        "by_account": [(a, [row(r) for r in rs]) for a, rs in activity.by_account.items()],
        "rows": [row(r) for r in activity.rows],
        "skipped": [(s.path, s.line, s.reason) for s in activity.skipped],
        "sources": [(s.path, s.rows, s.matched, s.unmatched, s.skipped, s.duplicates, s.first,
                     s.last) for s in activity.sources],
        "unmatched": activity.unmatched,
        "unmatched_accounts": [(path, list(counts.items()))
                               for path, counts in activity.unmatched_accounts.items()],
    }


def with_head_start(reg: Registry, given: list[Source], *, here_too: bool) -> dict[str, Any]:
    """The read with a head start on the first source; `here_too`: this process joins while
    the child is at work (the child slowed per part), else after it took every part."""
    real_columns = activity_reader._columns
    here: list[str] = []
    real_part = RowChecker._check_part

    def slowly(found: Any) -> bytes:  # in the child: it packs each part it checked
        import time

        time.sleep(0.02)
        return real_columns(found)

    def counted(self: RowChecker, part: Any, before: int, rel: str, *args: Any) -> None:
        here.append(rel)
        real_part(self, part, before, rel, *args)

    with pytest.MonkeyPatch.context() as patch:
        if here_too:
            patch.setattr(activity_reader, "_columns", slowly)
        patch.setattr(RowChecker, "_check_part", counted)
        head = activity_reader.head_start(given, reg.root, split_at=10)
        assert head is not None
        if not here_too:
            head.wait()
        read = seen(read_sources(given, reg, reg.root, split_at=10, head=head))
    assert (given[0].path.name in {Path(rel).name for rel in here}) is here_too
    return read


@pytest.mark.parametrize("here_too", [False, True], ids=["child-first", "both"])
def test_every_written_form_of_an_account_is_matched_as_in_one_process(
        reg: Registry, here_too: bool) -> None:
    first = export(reg, "a.csv", rows(1, 600))
    again = export(reg, "b.csv", [*list(rows(1, 600))[200:400], *rows(2, 100)])  # repeats
    given = [Source(p, Layout(), False) for p in (first, again)]
    serial = seen(read_sources(given, reg, reg.root, split_at=0))
    assert with_head_start(reg, given, here_too=here_too) == serial
    # the values that name no list account, in the order they first come, with their rows
    names = dict(serial["unmatched_accounts"])["exports/a.csv"]
    assert {"fabrikam.com", "nobody@", "https://", "wingtip", "z" * 200} <= {n for n, _ in names}
    assert not {"", " ", "\t"} & {n for n, _ in names}  # blank: skipped, not unmatched
    assert {a for a, _ in serial["by_account"]} == {"northwind", "contoso", "bucher"}
    assert serial["sources"][1][5] > 0  # b.csv's repeats of a.csv, counted once


def test_a_crlf_file_with_a_bom_and_a_date_format(reg: Registry) -> None:
    def us(line: str) -> str:
        when, rest = line.split(",", 1)
        return ("11/12/2026 09:30" if when.startswith("2026") else when) + "," + rest

    path = export(reg, "us.csv", (us(line) for line in rows(3, 400)), newline="\r\n")
    path.write_bytes("\ufeff".encode() + path.read_bytes())
    given = [Source(path, Layout("canonical", None, "%m/%d/%Y %H:%M"), False)]
    serial = seen(read_sources(given, reg, reg.root, split_at=0))
    assert with_head_start(reg, given, here_too=False) == serial
    assert serial["rows"] and min(row[-1] for row in serial["rows"]) >= 2
    assert any("does not match --date-format" in reason for _, _, reason in serial["skipped"])


def children() -> list[tuple[int, str]]:
    """This process's child processes still there, running or not yet waited for."""
    found = []
    for name in os.listdir("/proc"):
        if name.isdigit():
            try:
                with open(f"/proc/{name}/stat", encoding="utf-8") as stat:
                    fields = stat.read().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == os.getpid():
                found.append((int(name), fields[0]))
    return found


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads /proc (Linux)")
def test_a_run_that_stops_before_the_activity_leaves_no_child(
        reg: Registry, monkeypatch: pytest.MonkeyPatch) -> None:
    path = export(reg, "a.csv", rows(4, 400))
    args = ("--root", str(reg.root), "--as-of", "2026-11-30", "--no-registry-signals",
            "--signals", str(path))
    started: list[bool] = []
    real = activity_reader.head_start

    def spy(*given: Any, **named: Any) -> Any:
        started.append((head := real(*given, **named)) is not None)
        return head

    monkeypatch.setattr(activity_reader, "head_start", spy)
    outcomes = {}
    for split_at in (10**9, 10):
        monkeypatch.setattr(activity_reader, "SPLIT_AT", split_at)
        write(reg.root, "rules/tiers.yaml", "tiers: [oops\n")
        broken = invoke("handoff", *args)
        (reg.root / "rules" / "tiers.yaml").unlink()
        unknown = invoke("explain", "nobody-at-all", *args)
        tier = invoke("handoff", *args, "--tier", "9")
        assert children() == []
        outcomes[split_at] = [(d.returncode, d.stdout, d.stderr) for d in (broken, unknown, tier)]
    assert started == [False] * 3 + [True] * 3
    assert outcomes[10] == outcomes[10**9]
    broken_run, unknown_run, tier_run = outcomes[10]
    assert broken_run[0] == 2 and "rules/tiers.yaml" in broken_run[2]
    assert unknown_run[0] == 2 and "nobody-at-all" in unknown_run[2]
    assert tier_run[0] == 2 and "--tier" in tier_run[2]


def test_a_bad_sources_yaml_gets_no_head_start_and_the_same_message(
        reg: Registry, monkeypatch: pytest.MonkeyPatch) -> None:
    write(reg.root, "registry/signals/a.csv", "\n".join([HEADER, *rows(5, 300)]) + "\n")
    write(reg.root, "registry/signals/sources.yaml",
          "sources:\n  - {path: a.csv, format: nosuch}\n")
    args = ("--root", str(reg.root), "--as-of", "2026-11-30")
    started: list[bool] = []
    real = activity_reader.head_start

    def spy(*given: Any, **named: Any) -> Any:
        started.append(real(*given, **named) is not None)
        return None

    monkeypatch.setattr(activity_reader, "head_start", spy)
    outcomes = []
    for split_at in (10**9, 10):
        monkeypatch.setattr(activity_reader, "SPLIT_AT", split_at)
        done = invoke("handoff", *args)
        outcomes.append((done.returncode, done.stdout, done.stderr))
    assert started == []  # a plan at fault starts nothing: the read proper reports it
    assert outcomes[0] == outcomes[1]
    assert outcomes[0][0] == 2 and "sources.yaml:2" in outcomes[0][2]
    assert "unknown format 'nosuch'" in outcomes[0][2]
