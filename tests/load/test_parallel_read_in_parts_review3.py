"""Review: a file read with no core to spare is checked a part at a time in this process
(`RowChecker.check_in_parts`); whatever its line breaks, BOM, encoding or odd lines, the reader
gives exactly what one check of the whole file gives: the rows, their lines, the skipped rows,
the per-source summaries and the unmatched accounts."""

from __future__ import annotations

import random
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from abmctl import parallel
from abmctl.engine.activity import Activity
from abmctl.load.activity_reader import RowChecker, read_sources
from abmctl.load.registry_files import load_registry
from abmctl.load.sources import Layout, Source
from abmctl.registry import Registry
from tests.support.registry import write

ACCOUNTS = """
accounts:
  - {id: northwind, name: Northwind, domains: [northwind.com], tier: 1}
  - {id: contoso, name: Contoso, domains: [contoso.io], tier: 2}
"""
HEADER = b"occurred_at,account,type,contact,detail,score,sentiment,source"
GOOD = ("2026-11-{day:02}T10:00:00Z,northwind.com,web_visit,,/pricing,,,ga4",
        "2026-11-{day:02},contoso.io,sales_touch,ann@contoso.io,call,,Positive,crm",
        "2026-11-{day:02},nobody.example,web_visit,,,,,ga4",
        "2026-11-{day:02},contoso.io,third_party_intent,,x,lots,,bombora",
        "yesterday,contoso.io,web_visit,,,,,ga4",
        "2026-11-{day:02},,web_visit,,,,,ga4",
        "", "   ",
        "2026-11-{day:02},contoso.io,web_visit,,caf\u00e9,,,ga4")


@pytest.fixture
def reg(registry_root: Path) -> Registry:
    write(registry_root, "registry/accounts/all.yaml", ACCOUNTS)
    return load_registry(registry_root)


def body(seed: int, count: int) -> list[str]:
    rng = random.Random(seed)
    return [rng.choice(GOOD).format(day=1 + n * 28 // count) for n in range(count)]


def seen(activity: Activity) -> dict[str, Any]:
    def row(r: Any) -> tuple[Any, ...]:
        return (r.occurred_at, r.account, r.type, r.contact, r.detail, r.score, r.sentiment,
                r.source, r.path, r.line)

    return {
        "rows": [row(r) for r in activity.rows],
        "by_account": [(a, [row(r) for r in rs]) for a, rs in activity.by_account.items()],
        "skipped": [(s.path, s.line, s.reason, s.unread) for s in activity.skipped],
        "sources": [(s.path, s.format, s.rows, s.matched, s.unmatched, s.skipped, s.duplicates,
                     s.first, s.last) for s in activity.sources],
        "unmatched": activity.unmatched,
        "unmatched_accounts": activity.unmatched_accounts,
    }


def breaks(seed: int) -> Callable[[], bytes]:
    rng = random.Random(seed)
    return lambda: rng.choice([b"\n", b"\r\n", b"\r"])


def mixed(lines: list[str], encoding: str = "utf-8", seed: int = 1) -> bytes:
    next_break = breaks(seed)
    return b"".join(line.encode(encoding) + next_break() for line in lines)


CASES: dict[str, Callable[[], bytes]] = {
    # CR, LF and CR LF at random, one kind after another
    "mixed breaks": lambda: HEADER + b"\r\n" + mixed(body(1, 400)),
    # the last line has no line break
    "no last break": lambda: HEADER + b"\n" + mixed(body(2, 300))[:-2].rstrip(b"\r\n"),
    # the last part all blank lines
    "blank last part": lambda: HEADER + b"\n" + mixed(body(3, 120), seed=3)
    + b"\n" * 200 + b"  \r\n" * 50,
    # a line far longer than the reader's slices, in the middle of the file
    "huge line": lambda: HEADER + b"\n" + mixed(body(4, 150), seed=4)
    + b"2026-11-20,contoso.io,web_visit,," + b"x" * 600_000 + b",,,ga4\n"
    + mixed(body(5, 150), seed=5),
    # a BOM before the header, blank lines before it
    "bom": lambda: b"\xef\xbb\xbf\r\n \r\n" + HEADER + b"\r\n" + mixed(body(6, 300), seed=6),
    # cp1252 bytes in some lines (each such line skipped, the others read)
    "cp1252": lambda: HEADER + b"\n" + mixed(body(7, 300), "cp1252", seed=7),
}


@pytest.mark.parametrize("case", list(CASES))
def test_in_parts_with_no_core_to_spare_reads_as_the_whole_file(
        reg: Registry, monkeypatch: pytest.MonkeyPatch, case: str) -> None:
    path = reg.root / "exports" / "week.csv"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(CASES[case]())
    given = [Source(path, Layout("canonical", None, None), False)]
    whole = seen(read_sources(given, reg, reg.root, split_at=0))
    monkeypatch.setattr(parallel, "spare_cores", lambda: 0.0)  # every core busy
    split: list[int] = []
    real = RowChecker.check_in_parts

    def spy(self: RowChecker, parts: Any, *args: Any) -> None:
        split.append(len(parts.items))
        real(self, parts, *args)

    monkeypatch.setattr(RowChecker, "check_in_parts", spy)
    in_parts = seen(read_sources(given, reg, reg.root, split_at=10))
    assert split and split[0] > 1  # it was read in parts
    assert in_parts == whole
    assert whole["skipped"] and whole["rows"]
