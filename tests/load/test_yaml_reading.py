"""Reading one YAML file: YAML 1.2 values, and one ABM001 finding with a line for bad files."""

from __future__ import annotations

from pathlib import Path

import pytest

from abmctl.load.yamlfile import YamlProblem, parse_yaml, read_yaml


def refused(text: str) -> YamlProblem:
    with pytest.raises(YamlProblem) as caught:
        parse_yaml(text, "registry/accounts/x.yaml")
    assert caught.value.finding.code == "ABM001"
    return caught.value


def test_yaml_1_2_keeps_yes_no_and_sexagesimal_as_text() -> None:
    doc = parse_yaml("a: yes\nb: no\nc: 1:20\nd: true\ne: 2026-10-01\n", "f.yaml")
    assert doc.data == {"a": "yes", "b": "no", "c": "1:20", "d": True, "e": "2026-10-01"}


def test_duplicate_key_is_refused_at_the_second_occurrence() -> None:
    problem = refused("accounts:\n  - id: a\n    name: A\n    name: B\n")
    assert problem.finding.line == 4
    assert "duplicate" in problem.finding.message


def test_object_constructing_tag_is_refused_with_its_line() -> None:
    problem = refused("a: 1\nb: !!python/object/apply:os.system ['echo hi']\n")
    assert problem.finding.line == 2
    assert "python/object/apply" in problem.finding.message


@pytest.mark.parametrize("mark", ["\x85", "\u2028", "\u2029"])
def test_a_tag_after_nel_ls_or_ps_is_refused_at_the_line_yaml_counts(mark: str) -> None:
    # YAML 1.2 reads NEL, LINE SEPARATOR and PARAGRAPH SEPARATOR as text, not line breaks
    problem = refused(f"# a{mark}comment\na: 'x{mark}y'\nb: !!python/object/apply:os.system [x]\n")
    assert (problem.finding.line, problem.finding.column) == (3, 4)


def test_an_exclamation_mark_inside_text_is_not_a_tag() -> None:
    assert parse_yaml("research: Growing fast! Hiring !now\n", "f.yaml").data == {
        "research": "Growing fast! Hiring !now"
    }


def test_several_documents_are_refused_at_the_separator() -> None:
    assert refused("a: 1\n---\nb: 2\n").finding.line == 2


def test_a_leading_document_marker_is_fine() -> None:
    assert parse_yaml("---\na: 1\n", "f.yaml").data == {"a": 1}


def test_tab_indentation_names_the_line_and_the_fix() -> None:
    problem = refused("a:\n\tb: 1\n")
    assert problem.finding.line == 2
    assert "spaces" in problem.finding.message


def test_billion_laughs_stops_quickly() -> None:
    rows = ["a: &a [x, x, x, x, x, x, x, x, x, x]"]
    for prev, name in zip("abcdefgh", "bcdefghi", strict=True):
        rows.append(f"{name}: &{name} [" + ", ".join([f"*{prev}"] * 10) + "]")
    problem = refused("\n".join(rows) + "\n")
    assert "alias" in problem.finding.message
    assert problem.finding.line == 5  # `e`, where the expansion passes the limit


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("x: 1\na: " + "[" * 5000 + "]" * 5000 + "\n", 2),
        ("".join("  " * depth + f"k{depth}:\n" for depth in range(5000)), 33),
    ],
    ids=["flow", "block"],
)
def test_5000_deep_nesting_is_refused_at_its_line(text: str, line: int) -> None:
    problem = refused(text)
    assert "nest" in problem.finding.message or "recursion" in problem.finding.message
    assert problem.finding.line == line


@pytest.mark.parametrize(("depth", "refused_at_all"), [(31, False), (32, True)])
def test_nesting_is_refused_from_32_levels_below_the_top(depth: int, refused_at_all: bool) -> None:
    text = "a: " + "[" * depth + "1" + "]" * depth + "\n"
    if refused_at_all:
        assert refused(text).finding.message == "nesting deeper than 32 levels"
    else:
        assert parse_yaml(text, "f.yaml").data["a"] is not None


@pytest.mark.parametrize("text", ["# notes\na: 1\nb: 2\n...\n", "---\na: 1\nb: 2\n...\n# end\n"])
def test_a_closing_document_end_marker_leaves_one_document(text: str) -> None:
    assert parse_yaml(text, "f.yaml").data == {"a": 1, "b": 2}


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("a: 1\n...\nb: 2\n", 3),  # content after `...` is a document of its own
        ("a: 1\n...\n# c\n...\n%YAML 1.2\n---\nb: 2\n", 6),
        ("---\n---\n", 2),  # two empty documents
        ("--- foo # c\n--- foo # c\n", 2),  # content on the `---` line
        ("- a\n---\n- b\n", 2),  # two lists
        ("--- |\n%!PS-Adobe-2.0\n...\n%YAML 1.2\n---\n", 5),  # `%` in a block scalar is text
    ],
)
def test_a_second_document_is_refused_at_the_line_it_begins(text: str, line: int) -> None:
    problem = refused(text)
    assert (problem.finding.line, problem.finding.message) == (
        line, "several YAML documents in one file; keep one")


@pytest.mark.parametrize(
    ("text", "data"),
    [
        ("- a\n- b\n", ["a", "b"]),
        ("---\n- [a]\n- [b]\n...\n", [["a"], ["b"]]),
        ("--- |\n%!PS-Adobe-2.0\n...\n", "%!PS-Adobe-2.0\n"),
    ],
)
def test_one_document_holding_a_list_or_a_scalar_is_one_document(text: str, data: object) -> None:
    assert parse_yaml(text, "f.yaml").data == data


@pytest.mark.parametrize(
    ("text", "tag"),
    [
        ("{ foo : !!str, !!str : bar }\n", "!!str"),  # the comma is not part of the tag
        ("a: [!local x, y]\n", "!local"),
        ("a: !<tag:yaml.org,2002:str> x\n", "!<tag:yaml.org,2002:str>"),
    ],
)
def test_a_tag_is_quoted_as_written(text: str, tag: str) -> None:
    assert refused(text).finding.message == f"explicit YAML tag {tag!r} is not allowed"


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("a: 1\nb: {x: 1,\n  x: 2}\n", 3),  # in a flow mapping
        (": a\n: b\n", 2),  # two empty keys
        ("a: 1\nb: {&k [a, b]: 1, *k : 2}\n", 2),  # two equal list keys
        ("a: 1\n? x\n: 1\n? x\n: 2\n", 4),  # complex keys
    ],
)
def test_every_duplicate_key_names_its_line(text: str, line: int) -> None:
    problem = refused(text)
    assert problem.finding.line == line
    assert problem.finding.message.startswith("duplicate mapping key")


def test_invalid_utf8_names_the_line_of_the_bad_byte(tmp_path: Path) -> None:
    path = tmp_path / "x.yaml"
    path.write_bytes(b"a: 1\nb: caf\xe9\n")
    with pytest.raises(YamlProblem) as caught:
        read_yaml(path, "x.yaml")
    assert caught.value.finding.line == 2
    assert "UTF-8" in caught.value.finding.message


def test_binary_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "x.yaml"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00")
    with pytest.raises(YamlProblem) as caught:
        read_yaml(path, "x.yaml")
    assert "binary" in caught.value.finding.message
    assert caught.value.finding.line == 3  # the line of the first NUL byte


def test_utf8_bom_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "x.yaml"
    path.write_bytes("\ufeffa: 1\n".encode())
    assert read_yaml(path, "x.yaml").data == {"a": 1}
