"""docs/rules/ is the rule catalogue's pages, generated: it cannot drift from `abmctl rules`."""

from __future__ import annotations

from pathlib import Path

from abmctl.catalogue import catalogue
from tests.support.cli import invoke

RULE_DOCS = Path(__file__).resolve().parents[2] / "docs" / "rules" / "README.md"


def test_docs_rules_is_exactly_what_abmctl_rules_prints_as_markdown() -> None:
    done = invoke("rules", "--format", "markdown")
    assert done.returncode == 0
    assert RULE_DOCS.read_text(encoding="utf-8") == done.stdout, (
        "docs/rules/README.md is out of date: run "
        "`abmctl rules --format markdown > docs/rules/README.md`"
    )


def test_docs_rules_holds_every_rule_with_its_example_and_its_fix() -> None:
    text = RULE_DOCS.read_text(encoding="utf-8")
    for code, rule in catalogue().items():
        assert f'<a id="{code.lower()}"></a>' in text
        assert f"## {code}: {rule.summary}" in text
    assert text.count("**Example.**") == text.count("**Use instead.**") == len(catalogue())


def test_one_rule_page_as_markdown_is_its_page_in_the_docs() -> None:
    page = invoke("rules", "ABM205", "--format", "markdown").stdout
    assert page.startswith("# ABM205: ")
    body = page.split("\n", 1)[1]
    assert body in RULE_DOCS.read_text(encoding="utf-8")
