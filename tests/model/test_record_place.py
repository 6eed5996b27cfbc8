"""A record's place (file, line, each field's line, column) is found when first asked for; a
record compares, copies and pickles with it as when it was known from the start."""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest

from abmctl.load import yamlfile
from abmctl.load.registry_files import load_registry
from abmctl.model.accounts import Account
from abmctl.registry import Registry
from tests.support.registry import write_registry

ACME = "  - id: acme\n    name: Acme\n    domains: [acme.com]\n    tier: 3\n"


def loaded(root: Path, files: dict[str, str]) -> Registry:
    return load_registry(write_registry(root, files))


@pytest.fixture
def builds(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """One entry per file indexed."""
    seen: list[int] = []
    real = yamlfile.index_lines

    def spy(lines: list[str]) -> object:
        seen.append(len(lines))
        return real(lines)

    monkeypatch.setattr(yamlfile, "index_lines", spy)
    return seen


def test_a_pickled_record_keeps_its_place_and_carries_no_file_text(
    tmp_path: Path, builds: list[int],
) -> None:
    reg = loaded(tmp_path, {"registry/accounts/emea.yaml":
                            "# a comment only the file holds\naccounts:\n" + ACME})
    account = reg.accounts[0]
    assert builds == []
    data = pickle.dumps(account)
    assert b"only the file holds" not in data
    back = pickle.loads(data)
    assert back == account
    assert (back.path, back.line, back.line_of("tier"), back.column_of()) == (
        "registry/accounts/emea.yaml", 3, 6, 5)
    assert len(builds) == 1  # pickling found the place; the copy did not need the file
    made = Account(id="acme", name="Acme", domains=["acme.com"], tier=3)
    assert pickle.loads(pickle.dumps(made)).line == 0  # a record made in code has none


def test_records_are_equal_with_equal_fields_in_the_same_place(tmp_path: Path) -> None:
    """Fields alike are not enough: the same account in two files, or twice in one, differs;
    the same record read twice is equal, whether its file was indexed first or not."""
    files = {"registry/accounts/a.yaml": "accounts:\n" + ACME + ACME,
             "registry/accounts/b.yaml": "accounts:\n" + ACME}
    first, second = loaded(tmp_path / "1", files), loaded(tmp_path / "2", files)
    twice, again = first.accounts[:2], second.accounts[:2]
    assert twice[0] != twice[1]  # one file, two lines
    assert first.accounts[0] != first.accounts[2]  # two files
    assert again[1].line == 6  # one side indexed before the comparison, the other not
    assert twice[1] == again[1] and again[0] == twice[0]
    assert twice[0] != again[1]


def test_a_changed_copy_stands_where_the_record_was_written_without_indexing(
    tmp_path: Path, builds: list[int],
) -> None:
    reg = loaded(tmp_path, {"registry/accounts/emea.yaml": "accounts:\n" + ACME + ACME.replace(
        "acme", "beta")})
    beta = reg.accounts[1]
    copy = beta.model_copy(update={"owners": {}})
    copy.place_as(beta)
    assert builds == []
    assert (copy.path, copy.line, copy.line_of("domains")) == (
        "registry/accounts/emea.yaml", 6, 8)
    assert beta.line == 6 and len(builds) == 1  # the file indexed once for both
