"""What `lint --fix` changes, finding by finding (`catalogue.fixes.plan_fixes`): only the
characters at fault, in the file's own quoting and line endings; nothing when the fix would
take a judgement or change another value."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from abmctl.catalogue.base import Context
from abmctl.catalogue.fixes import FixPlan, plan_fixes
from abmctl.catalogue.runner import run_rules
from abmctl.load.registry_files import load_registry
from abmctl.load.yamlfile import dominant_eol
from abmctl.suggest import only_match
from tests.support.registry import write_registry

AS_OF = date(2026, 11, 23)
ACCOUNTS = "registry/accounts/a.yaml"
GOOD = "tier: 3, scores: {fit: 50}, sources: [marketing, sales], reviewed: 2026-11-02"


def planned(root: Path, select: tuple[str, ...] = ()) -> tuple[FixPlan, dict[str, bytes]]:
    """The plan for the registry's findings, and each changed file's new bytes."""
    reg = load_registry(root)
    found = run_rules(reg, Context(AS_OF), ["load", "lint"], select)
    plan = plan_fixes(reg, found)
    return plan, {change.rel: change.new for change in plan.changes}


def accounts(tmp_path: Path, text: str) -> Path:
    return write_registry(tmp_path, {ACCOUNTS: text})


@pytest.mark.parametrize(("given", "meant"), [
    ("reviewd", "reviewed"), ("domain", "domains"), ("Tier", "tier"),
    ("tier_sinc", None),  # tier_since or stage_since
    ("scors", None),  # scores or sources
    ("colour", None),  # nothing close
])
def test_only_match_names_a_key_only_when_no_other_is_as_close(given: str,
                                                               meant: str | None) -> None:
    keys = ["id", "name", "domains", "tier", "tier_since", "stage", "stage_since", "scores",
            "sources", "reviewed"]
    assert only_match(given, keys) == meant


@pytest.mark.parametrize(("text", "eol"), [
    ("a\r\nb\r\nc\n", "\r\n"), ("a\nb\nc\r\n", "\n"), ("a\r\nb\n", "\r\n"), ("a\nb\r\n", "\n"),
    ("a", "\n"), ("a\rb\r", "\r"),
])
def test_the_dominant_line_ending_is_the_most_common_then_the_first(text: str,
                                                                     eol: str) -> None:
    assert dominant_eol(text) == eol


def test_a_quoted_key_keeps_its_quotes(tmp_path: Path) -> None:
    root = accounts(tmp_path, f"""
        accounts:
          - {{id: a, name: A, domains: [a.com], {GOOD}, "regon": emea}}
        """)
    _, new = planned(root)
    assert b'"region": emea}' in new[ACCOUNTS]


def test_a_key_already_written_right_is_not_renamed_onto_it(tmp_path: Path) -> None:
    root = accounts(tmp_path, """
        accounts:
          - id: a
            name: A
            domains: [a.com]
            tier: 3
            reviewed: 2026-11-02
            reviewd: 2026-11-01
        """)
    plan, new = planned(root)
    assert new == {}
    reg = load_registry(root)
    (finding,) = [f for f in reg.load_findings if f.code == "ABM002"]
    assert not finding.fixable


def test_a_misspelt_key_in_a_nested_mapping_is_fixed_at_its_depth(tmp_path: Path) -> None:
    root = accounts(tmp_path, """
        accounts:
          - id: a
            name: A
            domains: [a.com]
            tier: 3
            scores:
              fti: 50   # fit, from the ICP model
        """)
    _, new = planned(root)
    assert b"      fit: 50   # fit, from the ICP model\n" in new[ACCOUNTS]


def test_a_url_written_twice_in_the_record_is_fixed_in_its_domains_only(tmp_path: Path) -> None:
    root = accounts(tmp_path, f"""
        accounts:
          - {{id: a, name: A, domains: [https://a.com/], {GOOD}, x-site: https://a.com/}}
        """)
    _, new = planned(root)
    assert b"domains: [a.com]," in new[ACCOUNTS] and b"x-site: https://a.com/}" in new[ACCOUNTS]


def test_a_url_written_twice_as_domains_in_the_record_is_left_with_the_reason(
    tmp_path: Path
) -> None:
    root = accounts(tmp_path, f"""
        accounts:
          - {{id: a, name: A, domains: [https://a.com/], {GOOD}, x-old: {{domains: [https://a.com/]}}}}
        """)
    plan, new = planned(root)
    assert new == {}
    ((finding, why),) = plan.left
    assert finding.code == "ABM108"
    assert why == "'https://a.com/' is written 2 times in the record; change it by hand"


def test_a_domain_already_listed_plain_is_reported_not_fixed(tmp_path: Path) -> None:
    root = accounts(tmp_path, f"""
        accounts:
          - {{id: a, name: A, domains: [a.com, https://a.com], {GOOD}}}
        """)
    reg = load_registry(root)
    (finding,) = run_rules(reg, Context(AS_OF), ["lint"], ["ABM108"])
    assert "it is already listed: delete this one" in finding.message
    assert not finding.fixable


def test_an_unused_code_leaves_the_others_in_the_comment(tmp_path: Path) -> None:
    root = accounts(tmp_path, """
        accounts:
          - id: a  # abmctl: ignore[ABM204,ABM105] until=2027-01-15 reason="re-scored in Q1"
            name: A
            domains: [a.com]
            tier: 3
            sources: [marketing, sales]
            reviewed: 2026-11-02
        """)
    _, new = planned(root)
    assert new[ACCOUNTS].splitlines()[1] == \
        b'  - id: a  # abmctl: ignore[ABM204] until=2027-01-15 reason="re-scored in Q1"'


def test_blanks_inside_a_block_text_are_kept_the_others_removed(tmp_path: Path) -> None:
    root = accounts(tmp_path, "accounts:  \n  - id: a\n    name: A\n    domains: [a.com]\n"
                    "    tier: 3\n    research: |\n      line one  \n      line two\n")
    plan, new = planned(root, ("ABM009",))
    assert new[ACCOUNTS] == (b"accounts:\n  - id: a\n    name: A\n    domains: [a.com]\n"
                             b"    tier: 3\n    research: |\n      line one  \n"
                             b"      line two\n")
    assert [f.code for f in plan.fixed] == ["ABM009"]


def test_a_byte_order_mark_and_a_missing_final_newline_stay(tmp_path: Path) -> None:
    root = write_registry(tmp_path)
    (root / ACCOUNTS).write_bytes(b"\xef\xbb\xbfaccounts:\r\n  - {id: a, name: A, "
                                  b"domains: [WWW.A.COM], tier: 3} \r\n")
    _, new = planned(root, ("ABM009", "ABM108"))
    assert new[ACCOUNTS] == (b"\xef\xbb\xbfaccounts:\r\n  - {id: a, name: A, "
                             b"domains: [a.com], tier: 3}\r\n")
    (root / ACCOUNTS).write_bytes(b"accounts:\n  - {id: a, name: A, domains: [a.com/x], "
                                  b"tier: 3}")
    _, new = planned(root, ("ABM108",))
    assert new[ACCOUNTS].endswith(b"domains: [a.com], tier: 3}")


def test_an_unused_suppression_waits_while_a_record_does_not_load(tmp_path: Path) -> None:
    root = accounts(tmp_path, """
        accounts:
          - id: a  # abmctl: ignore[ABM105] reason="merger"
            name: A
            domains: [a.com]
            tier: 3
            reviewed: 2026-11-02
          - id: b
            name: B
            domains: [b.com]
            tier: "three"
        """)
    plan, new = planned(root)
    assert new == {}
    assert [(f.code, why) for f, why in plan.left] == [
        ("ABM007", "a record does not load (ABM001/ABM002): fix that first")]


@pytest.mark.parametrize(("raw", "line", "message"), [
    (b"accounts:\r\n  - {id: a, name: A, domains: [a.com], tier: 3}\n",
     2, "line endings are mixed (1 CRLF, 1 LF; most are CRLF)"),
    (b"accounts:\n\n  - {id: a, name: A, domains: [a.com], tier: 3}\r\n",
     3, "line endings are mixed (1 CRLF, 2 LF; most are LF)"),
    (b"accounts: \n  - {id: a, name: A, domains: [a.com], tier: 3}\t",
     1, "2 lines end in blanks"),
    (b"accounts:\n  - {id: a, name: A, domains: [a.com], tier: 3} \r\n",
     2, "a line ends in blanks; line endings are mixed (1 CRLF, 1 LF; most are LF)"),
])
def test_abm009_points_at_the_first_line_at_fault(tmp_path: Path, raw: bytes, line: int,
                                                  message: str) -> None:
    root = write_registry(tmp_path)
    (root / ACCOUNTS).write_bytes(raw)
    (finding,) = [f for f in load_registry(root).load_findings if f.code == "ABM009"]
    assert (finding.path, finding.line, finding.message) == (ACCOUNTS, line, message)
    assert finding.fixable


def test_a_file_without_blanks_or_mixed_endings_has_no_abm009(tmp_path: Path) -> None:
    root = write_registry(tmp_path)
    (root / ACCOUNTS).write_bytes(b"accounts:\r\n  - {id: a, name: A, domains: [a.com], "
                                  b"tier: 3}")  # CRLF throughout, no final line end
    assert [f for f in load_registry(root).load_findings if f.code == "ABM009"] == []


def test_a_domain_shared_through_an_anchor_is_left_whole(tmp_path: Path) -> None:
    root = accounts(tmp_path, f"""
        accounts:
          - {{id: a, name: A, domains: &shared [https://a.com/], {GOOD}}}
          - {{id: b, name: B, domains: *shared, {GOOD}}}
        """)
    plan, new = planned(root, ("ABM108",))
    assert new == {}
    assert sorted(why for _, why in plan.left) == [
        "'https://a.com/' is written 0 times in the record; change it by hand",
        "the file would read differently (a value shared through an anchor?); change it by "
        "hand",
    ]


def test_many_urls_in_one_file_are_fixed_in_one_pass(tmp_path: Path) -> None:
    items = "".join(f"  - id: a{n}\n    name: A{n}\n    domains: [https://www.a{n}.com/]  # web\n"
                    f"    tier: 3\n" for n in range(300))
    root = accounts(tmp_path, "accounts:\n" + items)
    plan, new = planned(root, ("ABM108",))
    assert len(plan.fixed) == 300 and plan.left == []
    assert new[ACCOUNTS].decode() == "accounts:\n" + items.replace("https://www.", "").replace(
        ".com/]", ".com]")


def test_the_pages_of_the_fixable_rules_say_so_and_no_other_does() -> None:
    from abmctl.catalogue import catalogue

    says = {code for code, rule in catalogue().items()
            if "Fixable with `abmctl lint --fix`" in rule.doc}
    assert says == {"ABM002", "ABM007", "ABM009", "ABM108"}


def test_a_file_linked_from_outside_the_root_is_never_written(tmp_path: Path) -> None:
    from abmctl.findings import Finding, Fix

    root = write_registry(tmp_path / "abm")
    outside = tmp_path / "shared.yaml"
    outside.write_text("accounts:\n  - {id: a, name: A, domains: [https://a.com/], tier: 3}\n")
    (root / ACCOUNTS).symlink_to(outside)
    reg = load_registry(root)  # the loader refuses to read it (ABM001)
    claimed = Finding("ABM108", "warning", "m", ACCOUNTS, 2,
                      fix=Fix("domain", "https://a.com/", "a.com"))
    plan = plan_fixes(reg, [claimed])
    assert plan.changes == []
    assert plan.left == [(claimed, "the file is a link to outside the registry root")]


# account records with every fixable mistake and some YAML that is hard to edit
FIELDS = [
    "    name: B", "    domains: [https://www.B.com/]", "    domains: ['HTTP://c.com', c.com]",
    "    domains: &d [WWW.D.COM]", "    x-same: *d", "    tier: 3", "    tier: 1",
    "    reviewd: 2026-11-02", "    reviewed: 2026-11-02", "    scors: {fit: 50}",
    "    scores: {fitt: 50}", "    research: |\n      text  \n      more", "    research: >",
    "    x-site: https://www.B.com/  ", '    "reviewd": 2026-11-02',
    "    domains:\n      - Www.F.com.", "   ", "# https://www.B.com/",
    "    sources: [marketing, sales]  # both",
]
FIRST = ["  - id: {n}", "  - id: {n}  # abmctl: ignore[ABM105] reason=\"x\"",
         "  - id: {n}  # abmctl: ignore[ABM105, ABM204]   ",
         "  - {{id: {n}, name: E, domains: [e{n}.com/x], tier: 3}}  # flow"]
ENDINGS = st.sampled_from(["\n", "\n", "\r\n", "\r"])
RECORD = st.tuples(st.sampled_from(FIRST), st.lists(
    st.sampled_from(FIELDS), max_size=6, unique_by=lambda f: f.split(":")[0].strip(' "')))


def account_file(records: list[tuple[str, list[str]]], endings: list[str]) -> str:
    lines = ["accounts:"]
    for n, (first, fields) in enumerate(records):
        lines += [first.format(n=f"r{n}"), *("\n".join(fields).split("\n") if fields else [])]
    return "".join(line + endings[i % len(endings)] for i, line in enumerate(lines))


@settings(max_examples=80, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(records=st.lists(RECORD, max_size=5), endings=st.lists(ENDINGS, min_size=1, max_size=4),
       bom=st.booleans())
def test_fixing_never_fails_never_loses_a_value_and_ends(tmp_path: Path,
                                                         records: list[tuple[str, list[str]]],
                                                         endings: list[str], bom: bool) -> None:
    """Whatever the records hold, a fix keeps the file YAML of the same shape (every value
    is checked by `plan_fixes` itself), keeps a BOM, and fixing again ends."""
    import yaml_rs

    root = write_registry(tmp_path)
    text = ("\ufeff" if bom else "") + account_file(records, endings)
    (root / ACCOUNTS).write_bytes(text.encode())
    for _ in range(5):
        plan, new = planned(root)
        if not new:
            break
        before = yaml_rs.loads((root / ACCOUNTS).read_text(encoding="utf-8-sig"),
                               parse_datetime=False)
        after = yaml_rs.loads(new[ACCOUNTS].decode("utf-8-sig"), parse_datetime=False)
        assert isinstance(after, dict) and isinstance(before, dict)
        assert len(after.get("accounts") or []) == len(before.get("accounts") or [])
        assert new[ACCOUNTS].startswith(b"\xef\xbb\xbf") == bom
        (root / ACCOUNTS).write_bytes(new[ACCOUNTS])
    else:
        pytest.fail("still fixing after 5 rounds")


def test_nel_ls_and_ps_are_text_so_the_fix_lands_on_its_own_line(tmp_path: Path) -> None:
    # YAML 1.2 breaks lines at CR and LF only: U+0085, U+2028, U+2029 in values and comments
    # before the record must not move the fix onto another line, and stay byte for byte
    text = ("accounts:   # EMEA\u2028and\u2029more\x85\n"
            '  - {id: a, name: "A\u2028Corp", domains: [a.com], ' + GOOD + "}\n"
            "  - id: b\n    name: B\u2029Inc\n    x-note: 'one\x85two'\n"
            "    domains: [b.com]\n    tier: 3\n    reviewd: 2026-11-02\n")
    root = write_registry(tmp_path)
    (root / ACCOUNTS).write_bytes(text.encode())
    _, new = planned(root)
    assert new == {ACCOUNTS: text.replace("reviewd:", "reviewed:").encode()}
