"""NEL (U+0085), LINE SEPARATOR (U+2028) and PARAGRAPH SEPARATOR (U+2029) are text in YAML 1.2,
which breaks lines at CR, LF and CR LF only: `tiers apply` edits a file holding them in values
and comments (only the tier lines, those characters kept byte for byte), and lint names the
lines a YAML reader counts."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml_rs

from tests.support.cli import invoke
from tests.tiers.builders import OPEN_TIERS, make_registry

DAY = "2026-10-01"
STRONG = "{fit: 90, intent: 80}"
NEL, LS, PS = "\x85", "\u2028", "\u2029"
FILE = "registry/accounts/breaks.yaml"

TEXT = (
    f"# accounts{LS}of EMEA{PS}and{NEL}more (a comment)\n"
    "accounts:\n"
    "  - id: before\n"
    f'    name: "Be{LS}fore{PS}Ltd{NEL}"\n'
    f"    x-note: plain{LS}text{PS}with{NEL}breaks\n"
    "    domains: [before.com]\n"
    "    tier: 2\n"
    "    tier_since: 2026-01-05\n"
    "    scores: {fit: 65}\n"
    "  - id: acme\n"
    f'    name: "Acme{LS}Corp"\n'
    f"    x-note: one{PS}two{NEL}three   # a comment{LS}with a separator\n"
    "    domains: [acme.com]\n"
    "    tier: 3\n"
    f"    scores: {STRONG}\n"
    f"  # between records{NEL}{LS}{PS}\n"
    "  - id: later\n"
    f"    name: 'Later{PS}Inc'\n"
    "    domains: [later.com]\n"
    "    tier: 2   # moves\n"
    "    tier_since: '2026-01-05'\n"
    f"    scores: {STRONG}\n"
    "  - id: after\n"
    f"    name: After{LS}Co\n"
    f'    x-note: "a{NEL}b"\n'
    "    domains: [after.com]\n"
    "    tier: 2\n"
    "    tier_since: 2026-01-05\n"
    "    scores: {fit: 65}\n"
)


def line_of(text: str, marker: str) -> int:
    """The 1-based line of `marker`, counted at LF only (as YAML counts in this LF file)."""
    return text[: text.index(marker)].count("\n") + 1


def test_the_breaks_are_characters_of_the_values_to_the_loader() -> None:
    # the premise: the reader the registry is loaded with keeps them in the values
    accounts = yaml_rs.loads(TEXT, parse_datetime=False)["accounts"]
    assert [a["name"] for a in accounts] == [
        f"Be{LS}fore{PS}Ltd{NEL}", f"Acme{LS}Corp", f"Later{PS}Inc", f"After{LS}Co"]
    assert accounts[0]["x-note"] == f"plain{LS}text{PS}with{NEL}breaks"


def test_apply_writes_exactly_the_tier_lines_and_keeps_every_break(tmp_path: Path) -> None:
    make_registry(tmp_path, {}, OPEN_TIERS)
    (tmp_path / FILE).write_bytes(TEXT.encode("utf-8"))
    done = invoke("tiers", "apply", "--root", str(tmp_path), "--as-of", DAY, "--force")
    assert (done.returncode, done.stderr) == (0, "")
    assert f"acme: tier 3 → 1  ({FILE}:{line_of(TEXT, '- id: acme')})" in done.stdout
    assert f"later: tier 2 → 1  ({FILE}:{line_of(TEXT, '- id: later')})" in done.stdout
    wanted = TEXT.replace(
        "    tier: 3\n", f"    tier: 1\n    tier_since: {DAY}\n").replace(
        "    tier: 2   # moves\n    tier_since: '2026-01-05'\n",
        f"    tier: 1   # moves\n    tier_since: '{DAY}'\n")
    assert (tmp_path / FILE).read_bytes() == wanted.encode("utf-8")
    tiers = {a["id"]: (a["tier"], str(a.get("tier_since")))
             for a in yaml_rs.loads(wanted, parse_datetime=False)["accounts"]}
    assert tiers == {"before": (2, "2026-01-05"), "acme": (1, DAY), "later": (1, DAY),
                     "after": (2, "2026-01-05")}
    again = invoke("tiers", "apply", "--root", str(tmp_path), "--as-of", DAY)
    assert (again.returncode, again.stdout) == (0, f"No tier changes to write as of {DAY}.\n")


@pytest.mark.parametrize("eol", ["\n", "\r\n"])
def test_lint_names_the_line_a_yaml_reader_counts(tmp_path: Path, eol: str) -> None:
    text = TEXT.replace("    x-note: \"a", "    nickname: Aft\n    x-note: \"a")
    make_registry(tmp_path, {}, OPEN_TIERS)
    (tmp_path / FILE).write_bytes(text.replace("\n", eol).encode("utf-8"))
    done = invoke("lint", "--root", str(tmp_path), "--format", "json")
    found = [f for f in json.loads(done.stdout)["findings"] if f["path"] == FILE]
    unknown = [(f["line"], f["column"]) for f in found if f["code"] == "ABM002"]
    assert unknown == [(line_of(text, "nickname"), 5)]
    at = {f["account"]: f["line"] for f in found if f["code"] == "ABM105"}
    assert at == {name: line_of(text, f"- id: {name}") for name in ("before", "acme", "later")}
