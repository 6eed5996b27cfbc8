"""Bombora Company Surge, Master Surge bulk feed (`--signals-format bombora`).

The feed has no header row: nine positional columns per row (the column names come from
Bombora's own schema notebook in github.com/bomboradata/bombora-tutorials). The week the scores
belong to is in the file name, `..._YYYYMMDD.csv`. Each row becomes one `third_party_intent`
signal: detail = the topic, score = the composite score, source = bombora. A domain listed with
no topic and a score of 0 carries no intent and is left out.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from abmctl.errors import AbmctlError
from abmctl.load.adapters import RawRow, SourceFile, column_names
from abmctl.load.adapters.canonical import PROBLEM
from abmctl.load.adapters.column_map import records

ENCODINGS = ("utf-8-sig", "cp1252")
COLUMNS = (
    "Company Name", "Domain", "Size", "Industry", "Category", "Topic", "Composite Score",
    "Metro Composite Scores", "Domain Origin Country",
)
_DOMAIN, _TOPIC, _SCORE = 1, 5, 6


def read_bombora(source: SourceFile) -> Iterator[RawRow]:
    """One third_party_intent row per domain and topic of the week's feed."""
    week = week_of(source)
    width = len(COLUMNS)
    checked = False
    for line, cells in records(source, delimiter=","):
        if cells[0] == PROBLEM:
            yield line, {PROBLEM: cells[1]}
            continue
        if not checked:
            checked = True
            _check_layout(cells, source, line)
            if _is_header(cells):
                continue  # a header row someone added in a spreadsheet
        if len(cells) != width:
            yield line, {PROBLEM: f"{len(cells)} fields; a Bombora Master Surge row has {width}"}
            continue
        topic, score = cells[_TOPIC].strip(), cells[_SCORE].strip()
        if not topic and score in ("", "0"):
            continue  # the domain was seen, but researched no topic this week
        yield line, {
            "occurred_at": week,
            "account": cells[_DOMAIN].strip(),
            "type": "third_party_intent",
            "detail": topic,
            "score": score,
            "source": "bombora",
        }


def week_of(source: SourceFile) -> str:
    """The feed's week, ISO, from the last YYYYMMDD in the file name."""
    stem = source.name.rsplit(".", 1)[0]
    digits = "".join(ch if ch.isdigit() else " " for ch in stem).split()
    for token in reversed(digits):
        if len(token) == 8:
            try:
                return date(int(token[:4]), int(token[4:6]), int(token[6:])).isoformat()
            except ValueError:
                continue
    raise AbmctlError(
        f"cannot tell the week of Bombora file {source.name!r}: Master Surge files are named "
        "..._YYYYMMDD.csv (rename it so the name ends with the week's date)",
        source.rel,
    )


def _check_layout(cells: list[str], source: SourceFile, line: int) -> None:
    if len(cells) != len(COLUMNS):
        raise AbmctlError(
            f"not a Bombora Master Surge file: expected {len(COLUMNS)} columns without a header "
            f"({', '.join(COLUMNS)}); found {len(cells)}: {column_names(cells)}",
            source.rel, line,
        )


def _is_header(cells: list[str]) -> bool:
    return cells[_DOMAIN].strip().lower() == "domain" and not _is_number(cells[_SCORE])


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True
