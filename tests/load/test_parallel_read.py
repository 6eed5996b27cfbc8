"""A large quote-free export is checked in parts by two processes at once, this one taking parts
from the front and a forked child from the back (`RowChecker.check_parts`): what comes out is
exactly what one process reads: the rows, their order in every view, the skipped rows, the
per-source summaries and the unmatched accounts.

The split is forced at a few lines (`split_at`) so that small files take the two-process path."""

from __future__ import annotations

import json
import os
import random
import signal
import time
from collections.abc import Iterator
from datetime import UTC
from pathlib import Path
from typing import Any

import pytest

from abmctl import parallel
from abmctl.engine.activity import Activity
from abmctl.errors import AbmctlError
from abmctl.load import activity_reader
from abmctl.load.activity_reader import RowChecker, read_sources
from abmctl.load.registry_files import load_registry
from abmctl.load.sources import Layout, Source
from abmctl.registry import Registry
from tests.support.cli import invoke
from tests.support.registry import write

ACCOUNTS = """
accounts:
  - {id: northwind, name: Northwind, domains: [northwind.com, northwind.co.uk], tier: 1}
  - {id: contoso, name: Contoso, domains: [contoso.io], tier: 2}
  - {id: tailspin, name: Tailspin, domains: [tailspin.de], tier: 3}
"""
HEADER = "occurred_at,account,type,contact,detail,score,sentiment,source"
NAMED = ("northwind.com", "ann@northwind.com", "https://www.northwind.co.uk/pricing", "contoso",
         "bo@contoso.io", "tailspin.de", "TAILSPIN.DE", "fabrikam.com", "cy@fabrikam.com",
         "eu.tailspin.de", "wingtip.io", " contoso.io ", "nobody@", "https://", "Contoso")
TYPES = ("web_visit", "Web Visit", "content-download", "sales_touch", "meeting_booked",
         "third_party_intent", "marketing_touch")
BAD = (  # a row for each way a row goes wrong, and lines that are no rows
    "yesterday,northwind.com,web_visit,,,,,", "3001-01-01,northwind.com,web_visit,,,,,",
    "2026-11-12,,web_visit,,,,,", "2026-11-12,northwind.com,,,,,,",
    "2026-11-12,northwind.com,webinar,,,,,", "2026-11-12,contoso,third_party_intent,,x,high,,",
    "2026-11-12,contoso,outbound_response,,,,meh,", "2026-11-12,contoso,web_visit,,,,,,surplus",
    "", "   ", "2026-11-12,contoso,sales_touch",
)


@pytest.fixture
def reg(registry_root: Path, monkeypatch: pytest.MonkeyPatch) -> Registry:
    monkeypatch.setattr(parallel, "cores", lambda: 2)  # the split happens on any machine,
    monkeypatch.setattr(parallel, "spare_cores", lambda: 1.5)  # however busy
    write(registry_root, "registry/accounts/all.yaml", ACCOUNTS)
    return load_registry(registry_root)


def moment(rng: random.Random, day: int, micro: bool, ends: bool) -> str:
    """Whole seconds in every written form, or with microseconds (sent back as text), and the
    first and last moments a row may have."""
    second = rng.randrange(86_400)
    clock = f"{second // 3600:02}:{second // 60 % 60:02}:{second % 60:02}"
    return rng.choice([
        f"2026-11-{day:02}T{clock}Z", f"2026-11-{day:02}", f"2026-11-{day:02} {clock}",
        f"2026-11-{day:02}T{clock}+02:00",
        *([f"2026-11-{day:02}T{clock}.{rng.randrange(10**6):06}Z"] * micro),
        *(["1900-01-01T00:00:00Z", "2999-12-31T23:59:59Z"] * ends),
    ])


def lines(seed: int, count: int, *, days: range = range(1, 29), micro: bool = False,
          ends: bool = False, when: Any = None) -> Iterator[str]:
    """An export's rows, of `days` in order (as exports are), some bad."""
    rng = random.Random(seed)
    for n in range(count):
        if rng.random() < 0.08:
            yield rng.choice(BAD)
            continue
        day = days[n * len(days) // count]
        text = when(rng) if when else moment(rng, day, micro, ends)
        score = rng.choice(["", "", "7.5", "-0.0", " 12 "])
        mood = rng.choice(["", "", "Positive", " neutral "])
        contact = rng.choice(["", "ann@northwind.com", " bo@contoso.io "])
        yield ",".join((text, rng.choice(NAMED), rng.choice(TYPES), contact,
                        rng.choice(["", "/pricing", " case_study "]), score, mood,
                        rng.choice(["", "ga4", "marketo"])))


def export(reg: Registry, name: str, rows: Iterator[str], *, newline: str = "\n",
           before: str = "") -> Path:
    path = reg.root / "exports" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(before + newline.join([HEADER, *rows]) + newline, encoding="utf-8",
                    newline="")
    return path


def sources(*paths: Path, date_format: str | None = None) -> list[Source]:
    return [Source(p, Layout("canonical", None, date_format), False) for p in paths]


def seen(activity: Activity) -> dict[str, Any]:
    """Everything a reader's caller can see, as plain values."""
    def row(r: Any) -> tuple[Any, ...]:
        return (r.occurred_at, r.occurred_at.tzinfo is UTC, r.account, r.type, r.contact,
                r.detail, r.score, r.sentiment, r.source, r.path, r.line)

    groups = activity.by_account  # before `rows`: the reader's own grouping, not a regrouping
    return {
        "by_account": [(a, [row(r) for r in rs]) for a, rs in groups.items()],
        "rows": [row(r) for r in activity.rows],
        "same_objects": {id(r) for rs in groups.values() for r in rs}
        == {id(r) for r in activity.rows},
        "skipped": [(s.path, s.line, s.reason, s.unread) for s in activity.skipped],
        "sources": [(s.path, s.format, s.rows, s.matched, s.unmatched, s.skipped, s.duplicates,
                     s.first, s.last) for s in activity.sources],
        "unmatched": activity.unmatched,
        "unmatched_accounts": [(path, list(counts.items()))
                               for path, counts in activity.unmatched_accounts.items()],
        "files": activity.files,
    }


def split_calls(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The files read in parts from now on."""
    calls: list[str] = []
    real = RowChecker.check_parts

    def spy(self: RowChecker, *args: Any, **kwargs: Any) -> None:
        calls.append(args[1])
        real(self, *args, **kwargs)

    monkeypatch.setattr(RowChecker, "check_parts", spy)
    return calls


def both(reg: Registry, given: list[Source], split_at: int = 10,
         splits: bool = True) -> tuple[dict[str, Any], ...]:
    """The read in one process, and split with this process slowed a little per part, so
    that the child surely checks parts of its own and their rows come back (else the
    comparison would hold without testing what the child sends); `splits`: whether any of
    the files is one the split takes."""
    serial = seen(read_sources(given, reg, reg.root, split_at=0))
    sent: list[int] = []  # parts the child sent back, per split file
    with pytest.MonkeyPatch.context() as patch:
        check_part, add_back = RowChecker._check_part, RowChecker._add_back

        def slowed(self: RowChecker, *args: Any) -> None:
            time.sleep(0.01)
            check_part(self, *args)

        def added(self: RowChecker, done: activity_reader.BackChecked, *args: Any,
                  **kwargs: Any) -> None:
            sent.append(len(done.columns))
            add_back(self, done, *args, **kwargs)

        patch.setattr(RowChecker, "_check_part", slowed)
        patch.setattr(RowChecker, "_add_back", added)
        split = seen(read_sources(given, reg, reg.root, split_at=split_at))
    if splits:
        assert sent and all(sent), f"the child checked no part of a split file: {sent}"
    else:
        assert sent == []
    return serial, split


def test_a_split_read_equals_one_process_on_rows_of_every_kind(
        reg: Registry, monkeypatch: pytest.MonkeyPatch) -> None:
    path = export(reg, "mixed.csv", lines(1, 400))
    calls = split_calls(monkeypatch)
    serial, split = both(reg, sources(path))
    assert calls == ["exports/mixed.csv"]
    assert split == serial
    assert serial["skipped"] and serial["unmatched"] and serial["same_objects"]
    assert len(serial["rows"]) > 200 and len(serial["by_account"]) == 3


@pytest.mark.parametrize("micro", [False, True], ids=["whole-seconds", "microseconds"])
def test_moments_come_back_exactly(reg: Registry, micro: bool) -> None:
    path = export(reg, "moments.csv", lines(2, 300, micro=micro, ends=True))
    serial, split = both(reg, sources(path))
    assert split == serial
    micros = [r[0].microsecond for r in serial["rows"]]
    assert any(micros) is micro
    assert {r[0].year for r in serial["rows"]} >= {1900, 2026, 2999}


def test_several_sources_with_overlapping_dates_count_repeats_once(
        reg: Registry, monkeypatch: pytest.MonkeyPatch) -> None:
    first = list(lines(3, 300, days=range(1, 20)))
    again = first[100:250] + list(lines(4, 200, days=range(15, 29)))  # 150 repeated rows
    other = export(reg, "c-later.csv", lines(5, 100, days=range(25, 29)))
    given = sources(export(reg, "a.csv", iter(first)), export(reg, "b.csv", iter(again)), other)
    calls = split_calls(monkeypatch)
    serial, split = both(reg, given)
    assert calls == ["exports/a.csv", "exports/b.csv", "exports/c-later.csv"]
    assert split == serial
    assert serial["sources"][1][6] > 50  # b.csv's duplicates, counted once


def test_crlf_and_blank_lines_before_the_header_keep_line_numbers(reg: Registry) -> None:
    path = export(reg, "crlf.csv", lines(6, 300), newline="\r\n", before="\r\n  \r\n")
    serial, split = both(reg, sources(path))
    assert split == serial
    assert serial["rows"][0][-1] > 3


def test_lone_carriage_returns_count_as_line_breaks_in_either_half(reg: Registry) -> None:
    rows = [line + ("\r" if n % 3 else "\n") for n, line in enumerate(lines(14, 300))]
    path = export(reg, "cr.csv", iter(["".join(rows)]))
    serial, split = both(reg, sources(path))
    assert split == serial
    assert serial["rows"][-1][-1] > 250  # the last rows' lines, counted at CR too


def test_a_date_format_layout_splits_alike(reg: Registry) -> None:
    def us_date(rng: random.Random) -> str:
        return rng.choice(["11/12/2026 09:30", "11/13/2026 17:05", "12/01/2026 00:00",
                           "2026-11-12"])  # the last does not match the format: skipped

    path = export(reg, "us.csv", lines(7, 300, when=us_date))
    serial, split = both(reg, sources(path, date_format="%m/%d/%Y %H:%M"))
    assert split == serial
    assert any("does not match --date-format" in s[2] for s in serial["skipped"])


def test_files_the_split_does_not_take_are_read_in_one_process(
        reg: Registry, monkeypatch: pytest.MonkeyPatch) -> None:
    quoted = export(reg, "quoted.csv", (line.replace("/pricing", '"/pricing"')
                                        for line in lines(8, 100)))
    jsonl = reg.root / "exports" / "rows.jsonl"
    jsonl.write_text('{"occurred_at": "2026-11-12", "account": "contoso", "type": "web_visit"}\n'
                     * 50)
    small = export(reg, "small.csv", lines(9, 8))
    calls = split_calls(monkeypatch)
    serial, split = both(reg, sources(quoted, jsonl, small), split_at=20, splits=False)
    assert calls == []
    assert split == serial


@pytest.mark.parametrize(("cores", "load"), [(1, 0.0), (2, 1.6), (4, 3.9)])
def test_no_core_to_spare_reads_in_one_process(reg: Registry, monkeypatch: pytest.MonkeyPatch,
                                               cores: int, load: float) -> None:
    monkeypatch.setattr(parallel, "cores", lambda: cores)
    monkeypatch.setattr(parallel, "spare_cores", lambda: cores - load)
    calls = split_calls(monkeypatch)
    read_sources(sources(export(reg, "a.csv", lines(10, 100))), reg, reg.root, split_at=10)
    assert calls == []


def test_spare_cores_are_the_cores_less_the_load(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parallel, "cores", lambda: 4)
    monkeypatch.setattr(os, "getloadavg", lambda: (2.5, 1.0, 0.5))
    assert parallel.spare_cores() == 1.5


def _raises(self: RowChecker, parts: Any, shares: parallel.Shares, rel: str) -> Any:
    shares.take()  # two parts taken, then lost
    shares.take()
    raise MemoryError("the child ran out")


def _killed(self: RowChecker, parts: Any, shares: parallel.Shares, rel: str) -> Any:
    shares.take()
    shares.take()
    os.kill(os.getpid(), signal.SIGKILL)


@pytest.mark.parametrize("failure", [_raises, _killed], ids=["raises", "killed"])
def test_a_child_that_fails_costs_no_row(reg: Registry, monkeypatch: pytest.MonkeyPatch,
                                         failure: Any) -> None:
    given = sources(export(reg, "a.csv", lines(11, 300)), export(reg, "b.csv", lines(12, 300)))
    serial = seen(read_sources(given, reg, reg.root, split_at=0))
    real_part = RowChecker._check_part
    here: list[int] = []

    def slowly(self: RowChecker, *args: Any) -> None:  # so that the child takes its two first
        time.sleep(0.01)
        here.append(1)
        real_part(self, *args)

    real_take = parallel.Shares.take
    taken_here: list[bool] = []  # (this process's list: the child appends to its copy)

    def take(self: parallel.Shares) -> bool:
        taken_here.append(real_take(self))
        return taken_here[-1]

    monkeypatch.setattr(RowChecker, "_back_checked", failure)
    monkeypatch.setattr(RowChecker, "_check_part", slowly)
    monkeypatch.setattr(parallel.Shares, "take", take)
    calls = split_calls(monkeypatch)
    assert seen(read_sources(given, reg, reg.root, split_at=10)) == serial
    assert calls == ["exports/a.csv", "exports/b.csv"]
    assert sum(taken_here) == 2 * (activity_reader.PARTS - 2)  # the child took two of each
    assert len(here) == 2 * activity_reader.PARTS  # and they were read here


def test_the_command_line_stops_and_strict_fails_as_in_one_process(
        reg: Registry, monkeypatch: pytest.MonkeyPatch) -> None:
    bad = export(reg, "bad.csv", ("yesterday,northwind.com,web_visit,,,,," for _ in range(60)))
    mixed = export(reg, "mixed.csv", lines(13, 200))
    args = ("--root", str(reg.root), "--as-of", "2026-11-30", "--no-registry-signals")
    outcomes = []
    calls = split_calls(monkeypatch)
    for split_at in (10**9, 10):
        monkeypatch.setattr(activity_reader, "SPLIT_AT", split_at)
        outcomes.append([(done.returncode, done.stdout, done.stderr) for done in (
            invoke("handoff", *args, "--signals", str(bad)),
            invoke("signals", *args, "--signals", str(mixed), "--format", "json"),
            invoke("handoff", *args, "--signals", str(mixed), "--strict"),
        )])
    assert calls == ["exports/bad.csv", "exports/mixed.csv", "exports/mixed.csv"]
    assert outcomes[0] == outcomes[1]
    stopped, listed, strict = outcomes[1]
    assert stopped[0] == 2 and "every one of its 60 rows was skipped" in stopped[2]
    assert listed[0] == 0 and '"skipped"' in listed[1]
    assert strict[0] == 2 and "--strict:" in strict[2]


def test_a_missing_column_stops_a_large_file_as_a_small_one(reg: Registry) -> None:
    path = reg.root / "exports" / "no-type.csv"
    path.parent.mkdir(parents=True)
    path.write_text("occurred_at,account\n" + "2026-11-12,contoso\n" * 50)
    for split_at in (0, 10):
        with pytest.raises(AbmctlError, match="missing required column") as stopped:
            read_sources(sources(path), reg, reg.root, split_at=split_at)
        assert (stopped.value.path, stopped.value.line) == ("exports/no-type.csv", 1)


def test_shares_give_each_item_once_the_front_here_and_the_back_to_the_child() -> None:
    shares = parallel.Shares(40)

    def back() -> list[int]:
        taken = []
        while shares.take():
            taken.append(shares.count - shares.taken)
        return taken

    child = parallel.start(back)
    front = []
    while shares.take():
        front.append(shares.taken - 1)
    from_back = child()
    shares.close()
    assert front == list(range(len(front)))
    assert sorted(from_back) == list(range(len(front), 40))
    assert from_back == sorted(from_back, reverse=True)


def test_a_slow_child_leaves_its_parts_to_this_process(
        reg: Registry, monkeypatch: pytest.MonkeyPatch) -> None:
    given = sources(export(reg, "a.csv", lines(15, 400, micro=True)))
    serial = seen(read_sources(given, reg, reg.root, split_at=0))
    real = RowChecker._back_checked
    here: list[int] = []
    real_part = RowChecker._check_part

    def slow(self: RowChecker, *args: Any) -> Any:
        time.sleep(0.5)  # long enough for this process to take every part but one or none
        return real(self, *args)

    def counted(self: RowChecker, *args: Any) -> None:
        here.append(1)
        real_part(self, *args)

    monkeypatch.setattr(RowChecker, "_back_checked", slow)
    monkeypatch.setattr(RowChecker, "_check_part", counted)
    assert seen(read_sources(given, reg, reg.root, split_at=10)) == serial
    assert len(here) == activity_reader.PARTS


# The head start: the first source's parts checked by a child forked before the registry
# loads (`activity_reader.head_start`), their accounts matched here afterwards.


def head_read(reg: Registry, given: list[Source], *, child_first: bool) -> tuple[
        dict[str, Any], list[tuple[int, bool]]]:
    """The read with a head start on `given`'s first source (forced at 10 lines), and what the
    child sent back (parts, as written?). `child_first`: this process joins after the child
    has taken every part (a registry that loads slowly), else the child is slowed per part so
    that both take some."""
    sent: list[tuple[int, bool]] = []
    here: list[str]
    with pytest.MonkeyPatch.context() as patch:
        add_back, columns = RowChecker._add_back, activity_reader._columns

        def added(self: RowChecker, done: activity_reader.BackChecked, *args: Any,
                  **kwargs: Any) -> None:
            sent.append((len(done.columns), kwargs.get("as_written", False)))
            add_back(self, done, *args, **kwargs)

        def slowly(rows: Any) -> bytes:  # in the child only: it packs what it checked
            time.sleep(0.01)
            return columns(rows)

        def checked(self: RowChecker, part: Any, before: int, rel: str, *args: Any) -> None:
            here.append(rel)
            time.sleep(0 if child_first else 0.03)  # a child slow to start still gets parts
            check_part(self, part, before, rel, *args)

        check_part, here = RowChecker._check_part, []
        patch.setattr(RowChecker, "_add_back", added)
        patch.setattr(RowChecker, "_check_part", checked)
        if not child_first:
            patch.setattr(activity_reader, "_columns", slowly)
        head = activity_reader.head_start(given, reg.root, split_at=10)
        assert head is not None
        if child_first:
            head.wait()  # every part checked before this process asks
        read = seen(read_sources(given, reg, reg.root, split_at=10, head=head))
    # this process took parts of the head start's file only when it joined early enough
    assert (given[0].path.name == "a.csv"
            and ("exports/a.csv" in here) is (not child_first))
    return read, sent


@pytest.mark.parametrize("child_first", [True, False], ids=["child-first", "both-take-parts"])
def test_a_head_start_equals_one_process(reg: Registry, child_first: bool) -> None:
    given = sources(export(reg, "a.csv", lines(21, 400, days=range(1, 20))),
                    export(reg, "b.csv", lines(22, 300, days=range(15, 29))))
    serial = seen(read_sources(given, reg, reg.root, split_at=0))
    early, sent = head_read(reg, given, child_first=child_first)
    assert early == serial
    assert serial["unmatched"] and serial["skipped"] and serial["sources"][1][6] > 0
    # the child's rows came back with their accounts as written, and were matched here
    assert sent[0][1] is True and sent[0][0] == (activity_reader.PARTS if child_first
                                                else sent[0][0]) > 0
    assert [as_written for _, as_written in sent[1:]] == [False]  # b.csv: the usual split


@pytest.mark.parametrize("kind", ["microseconds", "date-format", "crlf"])
def test_a_head_start_reads_every_layout_of_a_csv_alike(reg: Registry, kind: str) -> None:
    def us_date(rng: random.Random) -> str:
        return rng.choice(["11/12/2026 09:30", "12/01/2026 00:00", "2026-11-12"])

    rows = lines(23, 300, micro=kind == "microseconds", ends=True,
                 when=us_date if kind == "date-format" else None)
    path = export(reg, "a.csv", rows, newline="\r\n" if kind == "crlf" else "\n")
    given = sources(path, date_format="%m/%d/%Y %H:%M" if kind == "date-format" else None)
    serial = seen(read_sources(given, reg, reg.root, split_at=0))
    assert head_read(reg, given, child_first=True)[0] == serial


def test_no_head_start_for_what_the_split_does_not_take(reg: Registry) -> None:
    quoted = export(reg, "quoted.csv", (line.replace("/pricing", '"/pricing"')
                                        for line in lines(24, 100)))
    small = export(reg, "small.csv", lines(25, 8))
    jsonl = reg.root / "exports" / "rows.jsonl"
    jsonl.write_text('{"occurred_at": "2026-11-12", "account": "contoso", "type": "web_visit"}\n'
                     * 50)
    missing = reg.root / "exports" / "missing.csv"
    for first in (quoted, small, jsonl, missing):
        assert activity_reader.head_start(sources(first), reg.root, split_at=20) is None
    assert activity_reader.head_start([], reg.root, split_at=20) is None


def test_a_head_start_not_taken_is_stopped_and_waited_for(reg: Registry) -> None:
    given = sources(export(reg, "a.csv", lines(26, 400)))
    taken: list[int] = []
    real = RowChecker._back_checked

    def counted(self: RowChecker, parts: Any, shares: parallel.Shares, rel: str) -> Any:
        time.sleep(0.2)  # this process stops the run meanwhile
        done = real(self, parts, shares, rel)
        os.write(pipe[1], b"%d" % len(done.columns))
        return done

    pipe = os.pipe()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(RowChecker, "_back_checked", counted)
        head = activity_reader.head_start(given, reg.root, split_at=10)
    assert head is not None
    head.close()
    os.close(pipe[1])
    taken.append(int(os.read(pipe[0], 16) or b"-1"))
    os.close(pipe[0])
    assert taken == [0]  # every part was taken back before the child asked for one
    head.close()  # a second close does nothing
    assert not head.takes(given[0], "exports/a.csv")  # nor is the source read from it


def test_the_command_line_gives_the_same_with_a_head_start(
        reg: Registry, monkeypatch: pytest.MonkeyPatch) -> None:
    mixed = export(reg, "mixed.csv", lines(27, 300))
    args = ("--root", str(reg.root), "--as-of", "2026-11-30", "--no-registry-signals",
            "--signals", str(mixed))
    started: list[bool] = []
    real = activity_reader.head_start

    def spy(*a: Any, **k: Any) -> Any:
        started.append((head := real(*a, **k)) is not None)
        return head

    monkeypatch.setattr(activity_reader, "head_start", spy)
    outcomes = []
    for split_at in (10**9, 10):
        monkeypatch.setattr(activity_reader, "SPLIT_AT", split_at)
        outcomes.append([(done.returncode, done.stdout, done.stderr) for done in (
            invoke("handoff", *args, "--format", "json"),
            invoke("explain", "northwind", *args, "--format", "json"),
            invoke("explain", "nobody-at-all", *args),
            invoke("handoff", *args, "--strict"),
            invoke("signals", *args, "--format", "json"),
        )])
    assert started == [False] * 5 + [True] * 5
    assert outcomes[0] == outcomes[1]
    report, explained, unknown, strict, listed = outcomes[1]
    assert listed[0] == 0 and json.loads(listed[1])["sources"][0]["unmatched"] > 0
    assert report[0] == 0 and '"handoffs"' in report[1]
    assert explained[0] == 0 and '"northwind"' in explained[1]
    assert unknown[0] == 2 and "nobody-at-all" in unknown[2]
    assert strict[0] == 2 and "--strict:" in strict[2]


def test_with_no_core_to_spare_a_large_file_is_read_in_parts_here_alike(
        reg: Registry, monkeypatch: pytest.MonkeyPatch) -> None:
    """On a busy machine nothing is forked, but a large export is still checked one part at a
    time (`RowChecker.check_in_parts`: one part's lines held at once, not every line of the
    file): the same rows, order, skipped rows and counts as one check of the whole file, and
    line numbers that run on across the parts (CR LF, blank lines, bad rows at any place)."""
    first = export(reg, "big.csv", lines(21, 400), newline="\r\n", before="\r\n \r\n")
    second = export(reg, "again.csv", iter(list(lines(21, 400))[150:300]))
    given = sources(first, second)
    serial = seen(read_sources(given, reg, reg.root, split_at=0))
    monkeypatch.setattr(parallel, "spare_cores", lambda: 0.0)  # every core busy
    forked = split_calls(monkeypatch)
    in_parts: list[tuple[str, int]] = []
    real = RowChecker.check_in_parts

    def spy(self: RowChecker, parts: Any, rel: str, *args: Any) -> None:
        in_parts.append((rel, len(parts.items)))
        real(self, parts, rel, *args)

    monkeypatch.setattr(RowChecker, "check_in_parts", spy)
    read = seen(read_sources(given, reg, reg.root, split_at=10))
    assert forked == []
    assert [rel for rel, _ in in_parts] == ["exports/big.csv", "exports/again.csv"]
    assert all(count > 1 for _, count in in_parts)
    assert read == serial
    assert serial["skipped"] and serial["sources"][1][6] > 50  # bad rows; repeats counted once
    assert serial["rows"][-1][-1] > 300  # the last part's line numbers follow the others'
