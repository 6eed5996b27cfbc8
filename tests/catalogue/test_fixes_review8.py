"""Review 8: `lint --fix` mends a finding it marks `[*]` when the text it rewrites is also
written elsewhere in the record (a website note holding the same URL, a note mapping holding
the misspelt word as a key): the finding's own place says which one; the other is untouched."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.support.cli import invoke
from tests.tiers.builders import OPEN_TIERS, make_registry

REL = "registry/accounts/a.yaml"
DAY = "2026-10-01"
TAIL = "    tier: 3\n    tier_since: 2026-01-01\n    scores: {fit: 90, intent: 80}\n"


def fixed(root: Path, before: str) -> tuple[str, list[dict], str]:
    make_registry(root, {}, OPEN_TIERS)
    (root / REL).write_text(before)
    diff = invoke("lint", "--root", str(root), "--as-of", DAY, "--diff")
    done = invoke("lint", "--root", str(root), "--as-of", DAY, "--fix", "--format", "json")
    left = [f for f in json.loads(done.stdout)["findings"] if f["path"] == REL]
    return (root / REL).read_text(), left, diff.stdout


@pytest.mark.parametrize(("before", "after"), [
    (f"accounts:\n  - id: al\n    name: A\n    x-website: https://al.com\n"
     f"    domains: [https://al.com]   # the site\n{TAIL}",
     f"accounts:\n  - id: al\n    name: A\n    x-website: https://al.com\n"
     f"    domains: [al.com]   # the site\n{TAIL}"),
    (f"accounts:\n  - id: al\n    name: A\n    domains:\n      - 'https://al.com/'\n"
     f"    x-website: \"https://al.com/\"\n{TAIL}",
     f"accounts:\n  - id: al\n    name: A\n    domains:\n      - 'al.com'\n"
     f"    x-website: \"https://al.com/\"\n{TAIL}"),
    (f"accounts:\n  - id: al\n    name: A\n    x-old: {{domians: 1}}\n"
     f"    domians: [al.com]\n{TAIL}",
     f"accounts:\n  - id: al\n    name: A\n    x-old: {{domians: 1}}\n"
     f"    domains: [al.com]\n{TAIL}"),
])
def test_the_finding_s_own_scalar_is_rewritten_and_the_same_text_elsewhere_kept(
    tmp_path: Path, before: str, after: str
) -> None:
    text, left, diff = fixed(tmp_path, before)
    assert text == after
    assert [f for f in left if f["fixable"]] == []
    body = diff.splitlines()[2:]  # past the file's two header lines
    assert [len([x for x in body if x.startswith(sign)]) for sign in "-+"] == [1, 1]


OTHER = f"  - id: bo\n    name: B\n    domains: [bo.com]\n{TAIL}"


@pytest.mark.parametrize(("note", "domains"), [
    ("    x-website: https://al.com\n", '    domains: ["https:\\/\\/al.com"]\n'),
    ("    x-website: https://al.com\n", "    domains:\n      - \"https:\\/\\/al.com\"\n"),
    ("    x-n: domians\n", '    "domi\\x61ns": [al.com]\n'),
])
def test_a_fix_never_rewrites_the_same_text_in_another_value_of_the_record(
    tmp_path: Path, note: str, domains: str
) -> None:
    # a file of two records: the quick path (the text found once in the record) is taken
    before = f"accounts:\n  - id: al\n    name: A\n{note}{domains}{TAIL}{OTHER}"
    text, left, _ = fixed(tmp_path, before)
    assert note in text  # the note is the user's, as written
    assert text.replace(note, "") != before.replace(note, "")  # the finding's own text fixed
    assert [f for f in left if f["fixable"]] == []


@pytest.mark.parametrize("joint", [" ", "\n     "])
def test_a_flow_record_s_note_holding_the_url_is_not_taken_for_its_domain(
    tmp_path: Path, joint: str
) -> None:
    # the finding of a flow record is at its `{`: its place does not single the domain out
    record = ("  - {id: al, name: A, x-site: https://al.com," + joint +
              'domains: ["https:\\/\\/al.com"], tier: 3, tier_since: 2026-01-01, '
              "scores: {fit: 90}}\n")
    text, left, _ = fixed(tmp_path, f"accounts:\n{record}{OTHER}")
    assert text == f"accounts:\n{record}{OTHER}".replace('"https:\\/\\/al.com"', '"al.com"')
    assert [f for f in left if f["fixable"]] == []


def test_a_flow_list_file_is_scanned_once_for_all_its_fixes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # 300 URL domains in an `accounts: [...]` file took 32 s to fix: a scan of the file each
    from ruamel.yaml import YAML

    from abmctl.tiers import yamledit

    scans: list[int] = []
    real = YAML.scan
    monkeypatch.setattr(YAML, "scan", lambda self, text: scans.append(1) or real(self, text))
    yamledit._scanned.cache_clear()
    items = ", ".join(f"{{id: a{n}, name: A, domains: [https://a{n}.com], tier: 3, "
                      "tier_since: 2026-01-01, scores: {fit: 50}}" for n in range(3))
    text, left, _ = fixed(tmp_path, f"accounts: [{items}]\n")
    assert text.count("domains: [a") == 3 and [f for f in left if f["fixable"]] == []
    assert len(scans) <= 2  # the --diff run and the --fix run: once each
