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
        assert cells[1] == handoff["sla_status"]  # beside the account: in view on a phone
        assert cells[7] == handoff["due"].replace("T", " ").removesuffix(":00Z")
    overdue = sum(h["sla_breached"] for h in document["handoffs"])
    index = (site / "index.html").read_text()
    assert f"{overdue}</span>handoffs past their SLA" in index
    assert f"</span> of {len(document['handoffs'])} handoffs to make" in index


def test_the_scorecard_is_abmctl_scorecards(site: Path) -> None:
    document = command_json("scorecard")
    table = rows(site / "scorecard.html")
    for metric in document["metrics"]:
        cells = table[metric["id"]]
        assert cells[0] == metric["title"]
        assert cells[5] == f"{metric['numerator']} / {metric['denominator']}"
        assert cells[1].split(" ")[0] == metric["status"]  # beside the metric, as on a phone
        if metric["value"] is not None:
            assert abs(int(cells[2].removesuffix("%")) - metric["value"] * 100) <= 0.5
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
        assert page.count("<figure") == page.count('<svg class="chart" viewBox="0 0 ') == \
            page.count('" role="img" aria-labelledby=') == page.count("<desc ")
        # a sparkline (the index's trends) is named by its values
        assert page.count('<svg class="spark"') == page.count('role="img" aria-label="')
        assert page.count("<figure") <= page.count("the numbers</caption>")
        # colours and fonts come from the page, not fixed in the SVG
        for chart in re.findall(r"<svg class=\"chart\".*?</svg>", page, re.DOTALL):
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


def test_every_page_weighs_under_2_mb(site: Path) -> None:
    for page in site.rglob("*.html"):
        assert page.stat().st_size < 2_000_000, page


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


_STAMP = re.compile(r"\d{4}-\d\d-\d\dT\d\d:")  # a raw ISO timestamp


@pytest.mark.parametrize("account", ["fernhill-media", "lowell-finch", "vantage-payments",
                                     "kestrel-bank"])
def test_an_account_page_is_abmctl_explain(site: Path, account: str) -> None:
    """Each section laid out for a reader (a record card, a sentence and the checks, the
    signals adding up to the intent, the SLA status of each handoff, short commits and days),
    every figure the explain document's."""
    document = command_json("explain", account)
    path = site / "accounts" / f"{account}.html"
    page = path.read_text(encoding="utf-8")
    table = rows(path)
    record = document["account"]
    card = re.search(r'<dl class="record" data-key="account">(.*?)</dl>', page, re.DOTALL)
    assert card is not None
    assert f"{record['path']}:{record['line']}" in card.group(1)
    assert ", ".join(record["domains"]) in card.group(1)
    tiering = document["tier"]
    assert f"<b>{tiering['verdict']['kind']}</b>" in page
    for kind in ("keep", "promote"):
        for check in (tiering[kind] or {"checks": []})["checks"]:
            cells = table[f"tier.{kind}.{check['score']}"]
            assert cells == [check["score"], f"{check['value']:,}",
                                 f"{check['threshold']:,}",
                                 "met" if check["met"] else "not met"]
    intent = document["intent"]
    assert intent["score"] == tiering["standing"]["intent"]  # the plan's number
    if intent["source"] == "activity":
        signals = [table[f"intent.signals.{n}"] for n in range(len(intent["signals"]))]
        assert [c[:3] for c in signals] == [
            [s["occurred_at"][:10], s["type"], f"+{s['points']}"] for s in intent["signals"]]
        assert table["intent.score"] == [str(intent["score"]), ""]
    for n, handoff in enumerate(document["handoffs"]):
        assert table[f"handoffs.{n}"][0] == handoff["sla_status"]
    for section in ("conflicts", "findings"):
        assert page.count(f'data-key="{section}.') == len(document[section])
    changes = document["history"]["changes"]
    assert changes or account != "kestrel-bank"
    for n, change in enumerate(changes):
        cells = table[f"history.{n}"]
        assert cells[0] == change["when"][:10] and cells[4] == change["subject"]
        assert cells[3] == change["commit"][:8]
        assert f'<code title="{change["commit"]}">{change["commit"][:8]}</code>' in page
    text = re.sub(r"<[^>]*>", "", page)  # what a reader sees, attributes left out
    assert not _STAMP.search(text)
    assert not re.search(r"\b[0-9a-f]{40}\b", text)
    listed = rows(site / "accounts/index.html")[account]
    assert listed[5:] == [str(len(document[s])) for s in ("handoffs", "conflicts", "findings")]


def test_the_index_is_the_review_s_first_page(site: Path) -> None:
    """Its key numbers with their status (the handoffs past their SLA), each metric's trend
    with its latest status, the tier sizes against their limits: the commands' own."""
    index = (site / "index.html").read_text()
    handoffs = command_json("handoff")["handoffs"]
    breached = sum(1 for h in handoffs if h["sla_status"] == "breached")
    assert breached and f'<span class="n">{breached}</span>handoffs past their SLA' in index
    table = rows(site / "index.html")
    trend = command_json("scorecard", "--trend")["metrics"]
    scorecard = rows(site / "scorecard.html")
    for metric in trend:
        cells = table[f"trend:{metric['id']}"]
        latest = metric["values"][-1]
        assert cells[2] == latest["status"]
        spark = re.search(rf'<svg class="spark"[^>]*aria-label="{re.escape(metric["title"])}: '
                          r'([^"]*)"><polyline points="([^"]*)"', index)
        assert spark is not None
        assert spark.group(1) == ", ".join(  # the values the scorecard page tables
            f"{p['period']} {scorecard[metric['id'] + ':' + p['period']][1]}"
            for p in metric["values"])
        assert len(spark.group(2).split()) == sum(p["value"] is not None
                                                  for p in metric["values"])
    for load in command_json("tiers", "plan")["capacity"]:
        limit = "—" if load["max_accounts"] is None else str(load["max_accounts"])
        assert table.get(f"{load['tier']} {load['name']}") is None  # the chart's table: unkeyed
        assert f"<td>{load['tier']} {load['name']}</td><td class=num>{load['before']}</td>" \
               f"<td class=num>{limit}</td>" in index


def test_charts_scale_to_the_screen_with_legible_text(site: Path) -> None:
    """A chart is as wide as its container (viewBox, no fixed size) and about a phone's width
    in its own units, so that its smallest text stays about 11 px on a 390 px screen."""
    for name in ("index.html", "handoff.html", "overlap.html", "scorecard.html",
                 "tiers.html", "health.html"):
        page = (site / name).read_text()
        for chart in re.findall(r"<svg class=\"chart\".*?</svg>", page, re.DOTALL):
            head = chart[:chart.index(">")]
            assert " width=" not in head and " height=" not in head
            view = re.search(r'viewBox="0 0 ([\d.]+) ', head)
            assert view is not None and float(view.group(1)) <= 370
            sizes = [float(n) for n in re.findall(r"font-size: ([\d.]+)px", chart)]
            assert sizes and min(sizes) >= 11, (name, sizes)


def test_additions_and_removals_have_a_scale_of_their_own(site: Path) -> None:
    """The list's first import (every account added) does not flatten the tier moves: the
    promotions and demotions are a chart, the additions and removals another."""
    tiers = (site / "tiers.html").read_text()
    moves = re.search(r'<figure id="tier-moves".*?</figure>', tiers, re.DOTALL)
    listed = re.search(r'<figure id="list-changes".*?</figure>', tiers, re.DOTALL)
    assert moves is not None and listed is not None
    assert ">promoted<" in moves.group() and ">added<" not in moves.group()
    assert ">added<" in listed.group() and ">promoted<" not in listed.group()


def test_the_handoff_queue_keeps_the_account_in_view_on_a_phone(site: Path) -> None:
    page = (site / "handoff.html").read_text()
    assert '<table class=sticky><caption>The handoff queue</caption>' in page
    assert re.search(r'<th scope="col">Account</th><th scope="col">SLA</th>', page)


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
