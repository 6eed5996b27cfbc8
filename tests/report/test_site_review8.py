"""Review 8 (RF-EXPLAIN): the report site's account pages, whatever the account's id."""

from __future__ import annotations

import json
from pathlib import Path

from tests.support.cli import invoke
from tests.support.registry import write_registry

ACCOUNTS = """
accounts:
  - {id: index, name: Index Holdings, domains: [index-holdings.example], tier: 3,
     tier_since: 2026-01-05, region: emea, owners: {ae: ana.lima}, stage: awareness,
     stage_since: 2026-01-05, sources: [marketing, sales], reviewed: 2026-11-01}
  - {id: con, name: Con Industries, domains: [con.example], tier: 3,
     tier_since: 2026-01-05, region: emea, owners: {ae: ana.lima}, stage: awareness,
     stage_since: 2026-01-05, sources: [marketing, sales], reviewed: 2026-11-01}
"""


def test_an_account_called_index_has_its_own_page_beside_the_account_list(
        tmp_path: Path) -> None:
    root = write_registry(tmp_path / "reg", {"registry/accounts/emea.yaml": ACCOUNTS})
    site = tmp_path / "site"
    invoke("report", "--html", str(site), "--root", str(root), "--as-of", "2026-11-23")
    listing = (site / "accounts" / "index.html").read_text(encoding="utf-8")
    assert "<title>Accounts" in listing
    pages = [p for p in (site / "accounts").iterdir() if p.name != "index.html"]
    own = [p for p in pages if "Index Holdings (index)" in p.read_text(encoding="utf-8")]
    assert len(own) == 1  # the account's page was overwritten by the list
    assert f"href={own[0].name}>index<" in listing  # the list links to it, not to itself
    kept = json.loads((site / ".abmctl-report.json").read_text(encoding="utf-8"))
    files = kept["files"] if isinstance(kept, dict) else kept
    assert len(files) == len(set(files))


def test_an_account_named_as_a_windows_device_gets_a_page_windows_can_open(
        tmp_path: Path) -> None:
    root = write_registry(tmp_path / "reg", {"registry/accounts/emea.yaml": ACCOUNTS})
    site = tmp_path / "site"
    invoke("report", "--html", str(site), "--root", str(root), "--as-of", "2026-11-23")
    names = {p.stem.lower() for p in (site / "accounts").iterdir()}
    assert "con" not in names  # CON.html cannot be opened on Windows (an artifact's zip)
    listing = (site / "accounts" / "index.html").read_text(encoding="utf-8")
    assert "href=con.html" not in listing


def test_a_site_folder_under_a_file_names_the_file(tmp_path: Path) -> None:
    root = write_registry(tmp_path / "reg", {"registry/accounts/emea.yaml": ACCOUNTS})
    (tmp_path / "notes.txt").write_text("mine\n", encoding="utf-8")
    done = invoke("report", "--html", str(tmp_path / "notes.txt" / "site"), "--root",
                  str(root), "--as-of", "2026-11-23")
    assert done.returncode == 2
    assert "notes.txt" in done.stderr and "not a folder" in done.stderr  # was 'File exists'
    assert (tmp_path / "notes.txt").read_text(encoding="utf-8") == "mine\n"


def test_the_first_page_says_the_activity_is_stale_as_every_command_warns(
        tmp_path: Path) -> None:
    from tests.explain.builders import account, make_registry

    root = make_registry(tmp_path / "reg", account("contoso", 2, 75), rows=(
        "2026-09-01T10:00:00Z,contoso.com,content_download,a@contoso.com,pricing,,,web\n"))
    site = tmp_path / "site"
    done = invoke("report", "--html", str(site), "--root", str(root), "--as-of", "2027-06-01")
    assert "activity is stale" in done.stderr
    first = (site / "index.html").read_text(encoding="utf-8")
    assert "activity is stale: newest row 2026-09-01" in first  # the red scores' cause
    fresh = tmp_path / "fresh"
    invoke("report", "--html", str(fresh), "--root", str(root), "--as-of", "2026-09-10")
    assert "stale" not in (fresh / "index.html").read_text(encoding="utf-8")
