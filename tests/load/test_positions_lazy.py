"""A file's positions are found the first time one in it is asked for: every position, span,
finding and output is what indexing every file at once gives, on hostile files too, and a run
indexes only the files it asks a position in (a clean plan, handoff or scorecard: none)."""

from __future__ import annotations

import pickle
import shutil
from pathlib import Path

import pytest

from abmctl.load import yamlfile
from abmctl.load.registry_files import load_registry
from abmctl.load.yamlfile import FileIndex, yaml_lines
from abmctl.model.base import Record
from abmctl.registry import Registry
from tests.support.cli import invoke
from tests.support.registry import REPO, write_registry

# written byte for byte (no dedent): quoted keys, anchors and aliases, a block scalar holding
# `key:` text, tabs, NEL, LS and PS inside values and comments (text to YAML 1.2, line breaks
# to `str.splitlines`), a suppression, an `x-` key, a record that does not load
HOSTILE = (
    "# hostile accounts \u0085 with a NEL and an LS \u2028 in this comment\n"
    "accounts:\n"
    "  - id: hostile-anchor   # abmctl: ignore[ABM204] reason=\"kept for a test\"\n"
    "    name: \"Anchor\u2028Co\"\n"
    "    domains: [anchor.example]\n"
    "    tier: 3\n"
    "    research: |\n"
    "      id: not-a-key\n"
    "      \ttabbed \u2029 text\n"
    "    scores: &shared\n"
    "      fit: 40\n"
    "  - \"id\": hostile-quoted\n"
    "    'name': \"Quoted\u0085Co\"   # NEL inside the quotes: text\n"
    "    domains:\n"
    "      - quoted.example\n"
    "    tier: 3\n"
    "    scores: *shared\n"
    "    x-note: \"a\u2029note\"\n"
    "  - id: hostile-bad\n"
    "    name: \"Tab\there\"\n"
    "    domains: [bad.example]\n"
    "    tier: \"3\"\n"
    "  -   id: hostile-wide\n"
    "      name: Wide\n"
    "      domains: [wide.example]\n"
    "      tier: 3\n"
    "      tier_sinc: 2026-01-01\n"
)
CRLF = ("# CRLF\naccounts:\n  - id: crlf-one\n    name: One\n    domains: [one.example]\n"
        "    tier: 3\n  - id: crlf-two\n    name: Two\n    domains: [two.example]\n"
        "    tier: nine\n").replace("\n", "\r\n")
CR = "# CR\raccounts:\r  - id: cr-one\r    name: One\r    domains: [cr.example]\r    tier: 3\r"
FLOW = ("# flow\naccounts: [{id: flow-one, name: F1, domains: [f1.example], tier: 3},\n"
        "  {id: flow-two, name: F2, domains: [f2.example], tier: 3},\n"
        "  {id: flow-bad, name: F3, domains: [], tier: 3}]\n")
FLOW_ITEMS = ("# flow items\naccounts:\n  - {id: item-one, name: I1, domains: [i1.example],"
              " tier: 3}\n  - {id: item-bad, name: I2, domains: [i2.example], tier: x}\n")
DUPLICATE = ("# duplicate\naccounts:\n  - id: dup\n    name: A\n    name: B\n"
             "    domains: [d.example]\n    tier: 3\n")


def hostile_registry(root: Path) -> Path:
    """The example registry, and beside it accounts files of every hostile kind and one-record
    files whose first key is not on line 1 (one of them does not load)."""
    for folder in ("registry", "rules"):
        shutil.copytree(REPO / folder, root / folder)
    accounts = root / "registry" / "accounts"
    for name, text in {"zz-hostile": HOSTILE, "zz-crlf": CRLF, "zz-cr": CR, "zz-flow": FLOW,
                       "zz-flow-items": FLOW_ITEMS, "zz-duplicate": DUPLICATE}.items():
        (accounts / f"{name}.yaml").write_bytes(text.encode("utf-8"))
    play = (REPO / "registry/plays/emea-roadshow.yaml").read_text(encoding="utf-8")
    plays = root / "registry" / "plays"
    (plays / "zz-late.yaml").write_text("\n# comments first\n\n" + play.replace(
        "id: emea-roadshow", "id: zz-late"), encoding="utf-8")
    (plays / "zz-late-bad.yaml").write_text("\n\n# a misspelt key\n" + play.replace(
        "id: emea-roadshow", "id: zz-late-bad").replace("channels:", "chanels:"),
        encoding="utf-8")
    return root


def records(reg: Registry) -> list[Record]:
    return [*reg.accounts, *reg.teams, *reg.people, *reg.plays, *reg.events, *reg.agreements]


def where(record: Record) -> tuple[object, ...]:
    """Everything that says where `record` is: its path, line, column, each field's line."""
    return (type(record).__name__, record.path, record.line, record.column_of(),
            tuple(record.line_of(name) for name in type(record).model_fields))


def everything(reg: Registry, spans_first: bool) -> tuple[object, ...]:
    """Each record's place and each file's spans, asked in an order of the test's choosing:
    records last to first (files indexed out of order), spans before or after them."""
    spans = {}
    if spans_first:
        spans = {rel: (s.starts, s.ends) for rel, s in reversed(reg.spans.items())}
    places = [where(record) for record in reversed(records(reg))]
    if not spans_first:
        spans = {rel: (s.starts, s.ends) for rel, s in reg.spans.items()}
    return places, dict(sorted(spans.items())), reg.load_findings


class _AtOnce(FileIndex):
    """Indexed when read, as every file was before positions were found when asked for."""

    __slots__ = ()

    def __init__(self, text: str) -> None:
        super().__init__(text)
        assert self.index is not None


@pytest.fixture
def indexed(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The text of each file indexed, in the order they are (lines joined with LF)."""
    seen: list[str] = []
    real = yamlfile.index_lines

    def spy(lines: list[str]) -> object:
        seen.append("\n".join(lines))
        return real(lines)

    monkeypatch.setattr(yamlfile, "index_lines", spy)
    return seen


def files_of(root: Path, seen: list[str]) -> list[str]:
    """The files (relative to `root`) whose text is each of `seen`."""
    by_text = {"\n".join(yaml_lines(path.read_bytes().decode("utf-8-sig"), keepends=False)):
               path.relative_to(root).as_posix()
               for path in sorted(root.rglob("*.yaml"))}
    return [by_text[text] for text in seen]


@pytest.mark.parametrize("spans_first", [False, True])
def test_every_position_found_when_asked_is_the_one_indexing_everything_at_once_gives(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, spans_first: bool,
) -> None:
    root = hostile_registry(tmp_path)
    lazily = everything(load_registry(root), spans_first)
    with monkeypatch.context() as patched:
        patched.setattr(yamlfile, "FileIndex", _AtOnce)
        eagerly = everything(load_registry(root), spans_first=False)
    assert lazily == eagerly
    places, spans, findings = lazily
    # the registry is as hostile as meant: each kind of file loaded, or was refused, with lines
    assert {("Account", "registry/accounts/zz-hostile.yaml", 3, 5),
            ("Account", "registry/accounts/zz-hostile.yaml", 12, 5),
            ("Account", "registry/accounts/zz-crlf.yaml", 3, 5),
            ("Account", "registry/accounts/zz-cr.yaml", 3, 5),
            ("Account", "registry/accounts/zz-flow.yaml", 2, None),
            ("Play", "registry/plays/zz-late.yaml", 6, 1)} <= {p[:4] for p in places}
    assert spans["registry/accounts/zz-hostile.yaml"] == ([3, 12, 19, 23], [11, 18, 22, 27])
    assert spans["registry/plays/zz-late-bad.yaml"][0] == [6]
    assert {(f.code, f.path, f.line, f.column) for f in findings} >= {
        ("ABM002", "registry/accounts/zz-hostile.yaml", 22, 5),
        ("ABM002", "registry/accounts/zz-hostile.yaml", 27, 7),
        ("ABM002", "registry/accounts/zz-crlf.yaml", 10, 5),
        ("ABM002", "registry/accounts/zz-flow-items.yaml", 4, 5),
        ("ABM001", "registry/accounts/zz-duplicate.yaml", 5, 5),
        ("ABM002", "registry/plays/zz-late-bad.yaml", 11, 1)}


@pytest.mark.parametrize("command", [
    ("lint", "--format", "json"),
    ("lint", "--format", "sarif"),
    ("explain", "hostile-quoted", "--format", "json"),
    ("explain", "solace-telecom"),
    ("overlap", "--format", "json"),
    ("tiers", "plan"),
])
def test_what_a_command_prints_is_what_it_printed_with_every_file_indexed_at_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: tuple[str, ...],
) -> None:
    root = hostile_registry(tmp_path)
    lazily = invoke(*command, cwd=root)
    with monkeypatch.context() as patched:
        patched.setattr(yamlfile, "FileIndex", _AtOnce)
        eagerly = invoke(*command, cwd=root)
    assert (lazily.returncode, lazily.stdout, lazily.stderr) == (
        eagerly.returncode, eagerly.stdout, eagerly.stderr)
    assert len(lazily.stdout) > 1000


def test_a_clean_load_indexes_no_file_and_a_position_only_its_own(
    tmp_path: Path, indexed: list[str],
) -> None:
    files = {f"registry/accounts/part-{n}.yaml": f"# part {n}\naccounts:\n" + "".join(
        f"  - id: acme-{n}-{k}\n    name: Acme\n    domains: [acme{n}{k}.com]\n    tier: 3\n"
        for k in range(3)) for n in range(3)}
    root = write_registry(tmp_path, files)
    reg = load_registry(root)
    assert indexed == []
    assert sorted(reg.spans) == ["registry/accounts/part-0.yaml",
                                 "registry/accounts/part-1.yaml",
                                 "registry/accounts/part-2.yaml", "registry/teams.yaml"]
    assert [a.path for a in reg.accounts][3] == "registry/accounts/part-1.yaml"
    assert indexed == []  # a record's path is known without its file's index
    assert (reg.accounts[4].line, reg.accounts[4].line_of("tier")) == (7, 10)
    assert files_of(root, indexed) == ["registry/accounts/part-1.yaml"]
    assert (reg.accounts[3].column_of(), reg.accounts[5].line) == (5, 11)  # the same file
    assert reg.spans["registry/accounts/part-1.yaml"].record_start(9) == 7
    assert files_of(root, indexed) == ["registry/accounts/part-1.yaml"]
    assert reg.spans["registry/accounts/part-2.yaml"].record_start(9) == 7
    assert files_of(root, indexed) == ["registry/accounts/part-1.yaml",
                                       "registry/accounts/part-2.yaml"]


def test_a_fault_indexes_its_file_while_loading_and_no_other(
    tmp_path: Path, indexed: list[str],
) -> None:
    root = write_registry(tmp_path, {
        "registry/accounts/good.yaml": "accounts:\n  - id: good\n    name: Good\n"
                                       "    domains: [good.com]\n    tier: 3\n",
        "registry/accounts/bad.yaml": "# bad\naccounts:\n  - id: bad\n    name: Bad\n"
                                      "    domains: [bad.com]\n    tier: \"3\"\n"})
    reg = load_registry(root)
    assert [(f.path, f.line, f.column) for f in reg.load_findings] == [
        ("registry/accounts/bad.yaml", 6, 5)]
    assert files_of(root, indexed) == ["registry/accounts/bad.yaml"]


@pytest.mark.parametrize("command", [
    ("tiers", "plan", "--format", "json"),
    ("tiers", "plan"),
    ("handoff",),
    ("handoff", "--format", "json"),
    ("scorecard",),
])
def test_a_report_that_shows_no_record_line_indexes_no_file(
    tmp_path: Path, indexed: list[str], command: tuple[str, ...],
) -> None:
    for folder in ("registry", "rules"):
        shutil.copytree(REPO / folder, tmp_path / folder)
    done = invoke(*command, "--as-of", "2026-11-23", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert indexed == []


def test_lint_indexes_only_files_its_findings_name(tmp_path: Path, indexed: list[str]) -> None:
    """The files lint names, and those whose suppressions hide a finding (made, then hidden)."""
    root = hostile_registry(tmp_path)
    done = invoke("lint", "--format", "github", cwd=root)
    named = {line.split("file=", 1)[1].split(",", 1)[0] for line in done.stdout.splitlines()
             if "file=" in line}
    commented = {path.relative_to(root).as_posix() for path in root.rglob("*.yaml")
                 if "abmctl: ignore" in path.read_text(encoding="utf-8")}
    assert set(files_of(root, indexed)) <= named | commented
    assert "registry/accounts/zz-crlf.yaml" in named
    assert len(set(files_of(root, indexed))) < len(list(root.rglob("*.yaml")))


def test_a_pickled_registry_keeps_every_position_and_span(tmp_path: Path) -> None:
    root = hostile_registry(tmp_path)
    reg = load_registry(root)
    back = pickle.loads(pickle.dumps(reg))
    assert everything(back, spans_first=False) == everything(reg, spans_first=False)
