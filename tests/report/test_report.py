"""`abmctl report --html DIR`: the pages, their numbers against each command's JSON, escaping,
size, and how DIR is written."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

import pytest

from tests.hostile.output_registry import hostile_registry
from tests.report.site_pages import (
    AS_OF,
    PAGES,
    command_json,
    make_site,
    rows,
    svg_count,
)
from tests.support.cli import invoke
from tests.support.registry import REPO, write


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example registry's site, as of the example's date."""
    return make_site(REPO, tmp_path_factory.mktemp("report") / "site")


def test_every_page_and_a_page_per_account(site: Path) -> None:
    for name in PAGES:
        assert (site / name).is_file(), name
    accounts = command_json("tiers", "plan")  # the accounts the reports read
    listed = rows(site / "accounts/index.html")
    assert sum(load["before"] for load in accounts["capacity"]) == len(listed)
    for account in listed:
        assert (site / "accounts" / f"{account}.html").is_file()


def test_the_handoff_queue_is_abmctl_handoffs(site: Path) -> None:
    document = command_json("handoff")
    queue = rows(site / "handoff.html")
    assert len(queue) == len(document["handoffs"]) > 0
    for handoff in document["handoffs"]:
        cells = queue[f"{handoff['account']}:{handoff['transition']}"]
        assert cells[0] == handoff["account"]
        assert cells[7] == handoff["sla_status"]
        assert cells[6] == handoff["due"].replace("T", " ").removesuffix(":00Z")
    overdue = sum(h["sla_breached"] for h in document["handoffs"])
    index = (site / "index.html").read_text()
    assert f"{len(document['handoffs'])}</span>handoffs to make" in index
    assert f"{overdue} past their SLA" in index


def test_the_scorecard_is_abmctl_scorecards(site: Path) -> None:
    document = command_json("scorecard")
    table = rows(site / "scorecard.html")
    for metric in document["metrics"]:
        cells = table[metric["id"]]
        assert cells[0] == metric["title"]
        assert cells[4] == f"{metric['numerator']} / {metric['denominator']}"
        assert cells[5].split(" ")[0] == metric["status"]
        if metric["value"] is not None:
            assert abs(int(cells[1].removesuffix("%")) - metric["value"] * 100) <= 0.5
    page = (site / "scorecard.html").read_text()
    assert f'status {document["health"]["status"]}' in page


def test_the_overlap_agenda_is_abmctl_overlaps(site: Path) -> None:
    document = command_json("overlap")
    total = sum(c["count"] for c in document["conflicts"])
    index = (site / "index.html").read_text()
    assert f"{total}</span>conflicts between teams" in index
    page = (site / "overlap.html").read_text()
    for account in {c["account"] or "(registry)" for c in document["conflicts"]}:
        assert f'data-key="{account}"' in page


def test_tier_sizes_and_findings_are_the_plan_and_lint_statistics(site: Path) -> None:
    plan = command_json("tiers", "plan")
    sizes = rows(site / "tiers.html")
    for load in plan["capacity"]:
        cells = sizes[str(load["tier"])]
        assert cells[2:] == [str(load["before"]), str(load["after"]),
                             "-" if load["max_accounts"] is None else str(load["max_accounts"])]
    statistics = command_json("lint", "--statistics")["statistics"]
    by_code = rows(site / "health.html")
    assert {code: cells[2] for code, cells in by_code.items()} == {
        s["code"]: str(s["count"]) for s in statistics}


def test_charts_are_inline_svg_with_title_desc_and_a_table(site: Path) -> None:
    for name in ("index.html", "handoff.html", "overlap.html", "scorecard.html",
                 "tiers.html", "health.html"):
        page = (site / name).read_text()
        assert svg_count(site / name) >= 1, name
        assert page.count("<figure") == page.count('role="img"') == page.count("<desc ")
        assert page.count("<figure") <= page.count("the numbers</caption>")
        # colours and fonts come from the page, not fixed in the SVG
        for chart in re.findall(r"<svg.*?</svg>", page, re.DOTALL):
            assert "currentColor" in chart and "var(--tone-" in chart
            assert "#0a0b" not in chart and "DejaVu" not in chart


def test_the_pages_load_nothing(site: Path) -> None:
    for page in site.rglob("*.html"):
        text = page.read_text()
        assert "default-src 'none'" in text
        for fetched in ("<script", "<link", "@import", "src=\"http", "url(http"):
            assert fetched not in text, (page, fetched)


def test_the_pages_read_as_sentences(site: Path) -> None:
    """The health card's status in its colour, counts in the singular when there is one, no
    Markdown backticks, and each conflict's message a sentence before its teams."""
    health = command_json("scorecard")["health"]["status"]
    assert health in ("green", "yellow", "red")
    index = (site / "index.html").read_text()
    assert f'<span class="n {health}">{health}</span>' in index
    reviews = sum(1 for f in command_json("lint")["findings"] if f["code"] == "ABM105")
    assert reviews == 1  # the example registry's highline-realty
    assert "1 overdue list review. " in index and "1 overdue list reviews" not in index
    overlap = (site / "overlap.html").read_text()
    assert "`" not in overlap and "<code>abmctl overlap --all</code> lists each" in overlap
    teams = re.findall(r"(.)\s*Teams: ", overlap)
    assert teams and set(teams) <= {"."}, set(teams)


def test_the_index_weighs_under_2_mb(site: Path) -> None:
    assert (site / "index.html").stat().st_size < 2_000_000


def test_hostile_names_are_text_on_every_page(tmp_path: Path) -> None:
    root = hostile_registry(tmp_path / "reg")
    write(root, "rules/tiers.yaml", """
        tiers:
          - {id: 1, name: "<script>alert(1)</script>", motion: one_to_one, max_accounts: 50}
          - {id: 2, name: "Scaled", motion: one_to_few}
          - {id: 3, name: "Programmatic", motion: one_to_many}
        """)
    site = make_site(root, tmp_path / "site")
    pages = list(site.rglob("*.html"))
    assert len(pages) == len(PAGES) + 1
    for page in pages:
        text = page.read_text(encoding="utf-8")
        for raw in ("<script", "<img", "<!--", "\x1b", "\u202e", "\x07"):
            assert raw not in text, (page.name, raw)
    account = (site / "accounts/northwind.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in account
    assert "\\x1b" in account and "\\u202e" in account
    tiers = (site / "tiers.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in tiers  # the chart's label and table


def test_without_the_extra_one_line_names_the_install(monkeypatch: pytest.MonkeyPatch,
                                                      tmp_path: Path) -> None:
    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec",
                        lambda name, *a: None if name == "matplotlib" else real(name, *a))
    done = invoke("report", "--html", str(tmp_path / "site"), "--root", str(REPO),
                  "--as-of", AS_OF)
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1
    assert "pip install 'abmctl[report]'" in done.stderr
    assert not (tmp_path / "site").exists()


def test_a_folder_of_other_files_is_refused_and_left_as_it_was(tmp_path: Path) -> None:
    target = tmp_path / "docs"
    write(target, "index.html", "mine\n")
    done = invoke("report", "--html", str(target), "--root", str(REPO), "--as-of", AS_OF)
    assert done.returncode == 2
    assert "holds files abmctl did not write" in done.stderr
    assert [p.name for p in target.iterdir()] == ["index.html"]
    assert (target / "index.html").read_text() == "mine\n"


def test_a_second_run_replaces_its_pages_and_keeps_the_users_files(tmp_path: Path) -> None:
    root = hostile_registry(tmp_path / "reg")
    site = make_site(root, tmp_path / "site")
    write(site, "CNAME", "abm.example.com\n")
    (site / "accounts" / "northwind.html").write_text("stale")
    write(root, "registry/accounts/all.yaml", """
        accounts:
          - {id: fabrikam, name: Fabrikam, domains: [fabrikam.com], tier: 3, region: emea}
        """)
    make_site(root, site)
    assert (site / "CNAME").read_text() == "abm.example.com\n"
    assert not (site / "accounts" / "northwind.html").exists()  # off the list: page removed
    assert (site / "accounts" / "fabrikam.html").is_file()
    assert not [p for p in site.rglob("*") if "abmctl-tmp" in p.name]


def test_an_empty_folder_is_used(tmp_path: Path) -> None:
    (tmp_path / "site").mkdir()
    make_site(hostile_registry(tmp_path / "reg"), tmp_path / "site")
    assert (tmp_path / "site" / "index.html").is_file()


def test_the_trend_is_abmctl_scorecard_trends(site: Path) -> None:
    document = command_json("scorecard", "--trend")
    table = rows(site / "scorecard.html")
    for metric in document["metrics"]:
        assert metric["group"] is None
        for point in metric["values"]:
            cells = table[f"{metric['id']}:{point['period']}"]
            assert cells[0] == point["period"]
            assert cells[2] == f"{point['numerator']} / {point['denominator']}"
            assert cells[3] == point["status"]


def test_tier_history_is_abmctl_tiers_history(site: Path) -> None:
    document = command_json("tiers", "history")
    table = rows(site / "tiers.html")
    for period in document["periods"]:
        cells = table[period["period"]]
        assert cells[1:5] == [str(period[kind]) for kind in
                              ("promoted", "demoted", "added", "removed")]
        for n, size in enumerate(period["tiers"]):
            limit = "" if size["max_accounts"] is None else f" / {size['max_accounts']}"
            assert cells[5 + n].startswith(f"{size['accounts']}{limit}")


def _leaves(value: object, path: str) -> dict[str, object]:
    """The JSON's plain values by their path (`tier.verdict.kind`), as the page keys rows."""
    found: dict[str, object] = {}
    if isinstance(value, dict):
        for key, item in value.items():
            if isinstance(item, dict) and any(isinstance(v, dict | list) for v in item.values()):
                found.update(_leaves(item, f"{path}.{key}"))
            elif not isinstance(item, dict | list):
                found[f"{path}.{key}"] = item
    return found


def _lists(value: object, path: str) -> list[tuple[str, list[object]]]:
    """The JSON's lists of plain values by their path (`history.notes`): a row each."""
    found: list[tuple[str, list[object]]] = []
    if isinstance(value, dict):
        for key, item in value.items():
            where = f"{path}.{key}" if path else key
            if path and isinstance(item, list) and not any(isinstance(v, dict | list)
                                                           for v in item):
                found.append((where, item))
            elif isinstance(item, dict) and any(isinstance(v, dict | list) for v in item.values()):
                found += _lists(item, where)  # a table of its own (else one line, its lists too)
    return found


@pytest.mark.parametrize("account", ["fernhill-media", "lowell-finch", "vantage-payments"])
def test_an_account_page_is_abmctl_explain(site: Path, account: str) -> None:
    document = command_json("explain", account)
    table = rows(site / "accounts" / f"{account}.html")
    sections = ("account", "tier", "intent", "ownership", "history")
    leaves = {k: v for s in sections for k, v in _leaves(document[s], s).items()}
    assert leaves
    for path, value in leaves.items():
        shown = "–" if value is None else ("yes" if value else "no") if isinstance(
            value, bool) else str(value)
        assert table[path] == ["".join(path.rpartition(".")[2]), shown], path
    for section in ("handoffs", "conflicts", "findings"):
        assert len([k for k in table if k.startswith(f"{section}.")]) == len(
            document[section])
    for path, value in _lists(document, ""):
        assert table[path][1] == (", ".join(map(str, value)) if value else "–"), path
    listed = rows(site / "accounts/index.html")[account]
    assert listed[5:] == [str(len(document[s])) for s in ("handoffs", "conflicts", "findings")]


def test_a_run_that_fails_leaves_the_last_site_as_it_was(tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    from abmctl.report import pages

    root = hostile_registry(tmp_path / "reg")
    site = make_site(root, tmp_path / "site")
    before = {p.relative_to(site): p.read_bytes() for p in site.rglob("*") if p.is_file()}

    def full_disk(reports: object, site: object) -> str:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(pages, "health", full_disk)
    done = invoke("report", "--html", str(site), "--root", str(root), "--as-of", "2026-11-24")
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1 and "No space left on device" in done.stderr
    after = {p.relative_to(site): p.read_bytes() for p in site.rglob("*") if p.is_file()}
    assert after == before  # nothing replaced, nothing left behind


def test_quiet_prints_nothing_not_even_a_skipped_row(tmp_path: Path) -> None:
    root = hostile_registry(tmp_path / "reg")
    with (root / "registry/signals/activity.csv").open("a") as export:
        export.write("not a date,northwind,web_visit,,,,,\n")
    loud = invoke("report", "--html", str(tmp_path / "a"), "--root", str(root),
                  "--as-of", AS_OF)
    assert loud.returncode == 0 and "row skipped" in loud.stderr
    assert "Wrote 8 pages" in loud.stdout
    quiet = invoke("report", "--html", str(tmp_path / "b"), "--root", str(root),
                   "--as-of", AS_OF, "--quiet")
    assert (quiet.returncode, quiet.stdout, quiet.stderr) == (0, "", "")
