"""Review 8: `tiers apply` and the `accounts import` field edits in hostile but legal YAML —
an explicit key (`? tier` / `: 2`), a plain name over two lines, an id given through an
alias: exactly the intended characters, or a refusal that says why."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
import yaml_rs

from abmctl.errors import AbmctlError
from abmctl.tiers.fieldedit import FieldEdit
from abmctl.tiers.writing import NewRecords, prepare
from tests.support.cli import invoke
from tests.tiers.builders import OPEN_TIERS, make_registry

DAY = "2026-10-01"
REL = "registry/accounts/a.yaml"
RECORD = "  - id: al\n    name: A\n    domains: [a.com]\n"
SCORES = "    scores: {fit: 90, intent: 80}   # strong\n"


def apply(root: Path, text: str) -> tuple[int, str, bytes]:
    make_registry(root, {}, OPEN_TIERS)
    (root / REL).write_bytes(text.encode())
    done = invoke("tiers", "apply", "--root", str(root), "--as-of", DAY)
    return done.returncode, done.stderr, (root / REL).read_bytes()


def test_apply_adds_tier_since_after_an_explicit_tier_key_at_the_record_s_indentation(
    tmp_path: Path
) -> None:
    before = f"accounts:\n{RECORD}    ? tier   # explicit key\n    : 2\n{SCORES}"
    code, err, after = apply(tmp_path, before)
    assert (code, err) == (0, "")
    assert after.decode() == before.replace("    : 2\n", f"    : 1\n    tier_since: {DAY}\n")


def test_apply_names_an_id_given_through_an_alias_instead_of_blaming_the_disk(
    tmp_path: Path
) -> None:
    before = f"x-ids: [&i al]\naccounts:\n  - id: *i\n    name: A\n    domains: [a.com]\n" \
             f"    tier: 2\n{SCORES}"
    code, err, after = apply(tmp_path, before)
    assert code == 2 and after.decode() == before
    assert "alias" in err and "changed on disk" not in err
    assert f"{REL}:3:" in err and len(err.strip().splitlines()) == 1


def edited(root: Path, text: str, **edit: dict) -> str:
    (root / "registry/accounts").mkdir(parents=True)
    (root / REL).write_text(text)
    (change,) = prepare(root, [FieldEdit(REL, 2, "al", **edit)])
    return change.new.decode()


def test_import_adds_keys_after_an_explicit_tier_key(tmp_path: Path) -> None:
    before = f"accounts:\n{RECORD}    ? tier\n    : 3\n"
    assert edited(tmp_path, before, sets={"region": "emea"}) == before + "    region: emea\n"


def test_import_adds_an_owner_beside_an_explicit_key_of_a_block_mapping(tmp_path: Path) -> None:
    before = f"accounts:\n{RECORD}    tier: 3\n    owners:\n      ? sdr\n      : raj\n"
    assert edited(tmp_path, before, entries={("owners", "ae"): "ana"}) == \
        before + "      ae: ana\n"


@pytest.mark.parametrize("tail", ["", "\n    # a comment\n", "\n\n"])
def test_import_replaces_a_plain_name_written_over_two_lines_whole(tmp_path: Path,
                                                                   tail: str) -> None:
    before = ("accounts:\n  - id: al\n    name: Alpha\n      Industries   # two lines\n"
              f"    domains: [a.com]\n    tier: 3{tail}")
    after = edited(tmp_path, before, sets={"name": "Beta"})
    assert after == before.replace("Alpha\n      Industries", "Beta")
    assert yaml_rs.loads(after)["accounts"][0]["name"] == "Beta"


def test_import_still_refuses_what_it_cannot_edit_in_place(tmp_path: Path) -> None:
    before = f"accounts:\n{RECORD}    tier: 3\n    owners: &o {{sdr: raj}}\n    x-copy: *o\n"
    with pytest.raises(AbmctlError, match="anchor.*change it by hand"):
        edited(tmp_path, before, entries={("owners", "ae"): "ana"})



NAME = {"sets": {"name": "It's New"}}
OWNER = {"entries": {("owners", "ae"): "ana"}}
HEAD = "accounts:\n  - id: al\n    domains: [a.com]\n    tier: 3\n"


@pytest.mark.parametrize(("before", "edit", "after"), [
    (HEAD + "    name: 'Old' # q\n", NAME, HEAD + "    name: 'It''s New' # q\n"),
    (HEAD + '    name: "Old"\n', NAME, HEAD + '    name: "It\'s New"\n'),
    (HEAD + "    owners: {ae: 'raj'}\n", OWNER, HEAD + "    owners: {ae: 'ana'}\n"),
    (HEAD + '    owners:\n      ae: "raj"\n', OWNER, HEAD + '    owners:\n      ae: "ana"\n'),
    ("accounts:\n  - {id: al, name: 'Old', domains: [a.com], tier: 3}\n", NAME,
     "accounts:\n  - {id: al, name: 'It''s New', domains: [a.com], tier: 3}\n"),
])
def test_import_keeps_the_quotes_of_the_value_it_replaces(tmp_path: Path, before: str,
                                                          edit: dict, after: str) -> None:
    # docs/crm.md: "comments, key order, quoting and line ends stay"
    assert edited(tmp_path, before, **edit) == after


NEW = NewRecords("  - id: m\n    name: M\n", ({"id": "m", "name": "M"},), "# new\n")
ITEM = "  - id: a\n    name: A\n"


@pytest.mark.parametrize(("before", "after"), [
    # a closing `...`: the new records go before it, not after the document's end
    (f"accounts:\n{ITEM}...\n", f"accounts:\n{ITEM}  - id: m\n    name: M\n...\n"),
    # a key after the list: the new records end the list, not that key's value
    (f"accounts:\n{ITEM}# the list ends\n\nx-meta: {{owner: ops}}\n",
     f"accounts:\n{ITEM}  - id: m\n    name: M\n# the list ends\n\nx-meta: {{owner: ops}}\n"),
    ("accounts:\r\n  - id: a\r\nx-meta: 1",
     "accounts:\r\n  - id: a\r\n  - id: m\r\n    name: M\r\nx-meta: 1"),
    # an empty list written as null, as `[]` is
    ("accounts: ~   # none yet\n", "accounts:   # none yet\n  - id: m\n    name: M\n"),
    ("accounts: null\n", "accounts:\n  - id: m\n    name: M\n"),
])
def test_new_records_join_the_accounts_list_wherever_it_ends(tmp_path: Path, before: str,
                                                             after: str) -> None:
    (tmp_path / "registry/accounts").mkdir(parents=True)
    (tmp_path / REL).write_bytes(before.encode())
    (change,) = prepare(tmp_path, [], {REL: NEW})
    assert change.new.decode() == after


def test_a_flow_list_file_is_scanned_once_for_all_its_moves(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # 500 moves in a 1,500-account `accounts: [...]` file took six minutes: a scan each
    from ruamel.yaml import YAML

    from abmctl.tiers import yamledit
    from abmctl.tiers.yamledit import TierEdit

    scans: list[int] = []
    real = YAML.scan
    monkeypatch.setattr(YAML, "scan", lambda self, text: scans.append(1) or real(self, text))
    yamledit._scanned.cache_clear()
    items = ", ".join(f"{{id: a{n}, tier: 3}}" for n in range(3))
    (tmp_path / "registry/accounts").mkdir(parents=True)
    (tmp_path / REL).write_text(f"accounts: [{items}]\n")
    edits = [TierEdit(REL, 1, f"a{n}", 3, 2, date(2026, 10, 1)) for n in range(3)]
    (change,) = prepare(tmp_path, edits)
    assert change.new.decode().count("tier: 2, tier_since: 2026-10-01") == 3
    assert len(scans) == 1
