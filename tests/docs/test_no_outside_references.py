"""Nothing the product prints or ships cites a document a user does not have.

A clone is all a user has: the code, its messages and rule pages, the docs, the README, the
example registry and the files `abmctl init` writes. None of it may send them to "SPEC §2.4",
"seed 000 Rule 1", a "[000 Rule 1]" citation or `../shared/`: say the reasoning in plain words
or point at docs/reference.md. A random seed (`--seed N`, `random.seed`) is another word.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SHIPPED = ("src", "docs", "README.md", "registry", "rules", "benchmarks", ".pre-commit-hooks.yaml",
           "pyproject.toml")
TEXT = {".py", ".md", ".yaml", ".yml", ".json", ".toml", ".txt", ".csv", ".jsonl", ".cfg", ".ini"}

CITATION = re.compile(
    r"\bSPEC\b"                     # SPEC, SPEC §2.4, SPEC.md
    r"|(?<![-.\w])seed(?:s|'s|s')?\b(?!\s*=)"  # seed 000, the seeds' number, the seed's 90/60
    r"|\[00\d\b"                    # [000 Rule 1], [004 Step 7]
    r"|\.\./shared\b"               # ../shared/SPEC.md
)
# the random-number sense of "seed": a generator's seed, the benchmarks' --seed option
RANDOM_SEED = re.compile(r"random|--seed\b|\bseed\s+N\b")


def citations(text: str) -> list[tuple[int, str]]:
    """(line number, line) of each line citing an outside document."""
    return [(number, line.strip()) for number, line in enumerate(text.splitlines(), 1)
            if CITATION.search(line) and not RANDOM_SEED.search(line)]


def shipped_files() -> list[Path]:
    found: list[Path] = []
    for name in SHIPPED:
        path = ROOT / name
        if path.is_file():
            found.append(path)
        elif path.is_dir():
            found += [p for p in sorted(path.rglob("*")) if p.is_file() and p.suffix in TEXT
                      and not any(part.endswith(".egg-info") or part == "__pycache__"
                                  for part in p.parts)]
    return found


@pytest.mark.parametrize("line", [
    "# seed 000 Rule 1: tier changes happen on a regular cadence",
    '"""The signal engine (SPEC §2.4): qualifying signals."""',
    '@rule("ABM101", "error", "two accounts share an id", "[000 Rule 1]")',
    "See ../shared/SPEC.md for the contract.",
    "Every default is the seeds' number.",
    "else the seed's 90/60.",
    "(seed 001, seed 002)",
])
def test_a_citation_is_found(line: str) -> None:
    assert citations(line) == [(1, line)]


@pytest.mark.parametrize("line", [
    '    p.add_argument("--seed", type=int, default=20261123)',
    "| `--seed N` | 20261123 | same arguments + seed = byte-identical output |",
    "rng = random.Random(args.seed)",
    "Output is a pure function of the arguments (seeded random).",
    "# 25-50 Tier 1 accounts per revenue team (docs/reference.md, Tier planning)",
    "tiers: [1, 2, 3]",
])
def test_a_random_seed_or_plain_words_are_not_a_citation(line: str) -> None:
    assert citations(line) == []


def test_nothing_shipped_cites_spec_or_the_seed_documents() -> None:
    files = shipped_files()
    assert any(p.name == "example.yaml" for p in files)  # the scaffold `abmctl init` writes
    assert ROOT / "docs" / "rules" / "README.md" in files
    found = [f"{path.relative_to(ROOT)}:{number}: {line}"
             for path in files
             for number, line in citations(path.read_text(encoding="utf-8", errors="replace"))]
    assert not found, (
        "say the reasoning in plain words or point to docs/reference.md instead of citing "
        "documents users do not have:\n" + "\n".join(found))
