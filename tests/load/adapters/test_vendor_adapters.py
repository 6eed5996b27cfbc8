"""Vendor export adapters (`--signals-format NAME`, SPEC §2.3): each maps a vendor's columns
onto the canonical record of SPEC §2.1.

Where each layout comes from:
- bombora: Bombora's Master Surge bulk feed. The sample is 17 real lines of Bombora's own
  public sample file (tests/load/adapters/data/SOURCES.md); the column names come from Bombora's
  schema notebook in the same repository.
- g2: no column list for G2's Buyer Intent export could be found (searched G2's pages and
  public code); the layout follows G2's public description of its signals (sell.g2.com: profile
  and pricing views, comparisons, category research) and accepts alternative labels.
- salesforce-tasks / salesforce-campaign-members: Salesforce report "Details Only" CSV export:
  field labels as headers, every value quoted, a footer of "Grand Totals (N records)", the
  confidentiality line and a copyright line. Samples hand-written to that layout.
- hubspot: HubSpot records export: property labels as headers, "Record ID" first.
  Hand-written to that layout.
"""

from __future__ import annotations

import importlib
from pathlib import Path

import pytest

from abmctl.errors import AbmctlError
from abmctl.load.activity_reader import read_activity_files
from abmctl.load.adapters import ADAPTERS, SourceFile
from abmctl.load.adapters.bombora import read_bombora, week_of
from abmctl.load.adapters.canonical import PROBLEM
from abmctl.load.adapters.g2 import read_g2, weight
from abmctl.load.adapters.hubspot import contact_email, read_hubspot
from abmctl.load.adapters.lookup import load_adapter
from abmctl.load.adapters.salesforce_campaign_members import read_salesforce_campaign_members
from abmctl.load.adapters.salesforce_tasks import is_footer, read_salesforce_tasks
from abmctl.load.registry_files import load_registry
from tests.load.adapters.samples import DATA, sample, sample_registry
from tests.support.cli import invoke, run
from tests.support.registry import REPO

VENDORS = ["bombora", "g2", "salesforce-tasks", "salesforce-campaign-members", "hubspot"]
# one sample export per layout of ADAPTERS (a new layout needs one here)
SAMPLES = {
    "canonical": REPO / "registry" / "signals" / "activity.csv",
    "bombora": DATA / "bombora" / "Output_MasterSurgeFile_20150719.csv",
    "g2": DATA / "g2" / "buyer_intent.csv",
    "hubspot": DATA / "hubspot" / "activities.csv",
    "salesforce-campaign-members": DATA / "salesforce" / "campaign_members_report.csv",
    "salesforce-tasks": DATA / "salesforce" / "tasks_report.csv",
}


def test_the_layouts_are_canonical_and_the_vendors() -> None:
    assert sorted(ADAPTERS) == sorted(["canonical", *VENDORS])


@pytest.mark.parametrize("name", sorted(ADAPTERS))
def test_every_layout_loads_by_its_name_and_reads_its_sample(name: str) -> None:
    path = SAMPLES[name]
    source = SourceFile(f"signals/{path.name}", path.name, path.read_text(encoding="utf-8-sig"))
    rows = list(load_adapter(name)(source))
    assert len(rows) >= 3
    assert all(PROBLEM not in fields and fields["account"] for _, fields in rows)


def test_an_unknown_layout_is_refused_naming_every_known_one() -> None:
    with pytest.raises(AbmctlError) as caught:
        load_adapter("salesforce")  # a first word is not a layout name
    assert str(caught.value) == (
        "--signals-format: unknown layout 'salesforce'; did you mean 'salesforce-tasks'? known: "
        "bombora, canonical, g2, hubspot, salesforce-campaign-members, salesforce-tasks")


def test_a_misspelt_layout_names_the_closest() -> None:
    with pytest.raises(AbmctlError, match=r"unknown layout 'bombra'; did you mean 'bombora'\? "
                                          r"known: bombora, canonical"):
        load_adapter("bombra")


@pytest.mark.parametrize("name", VENDORS)
def test_each_vendor_module_offers_the_cp1252_fallback_excel_needs(name: str) -> None:
    module = importlib.import_module(f"abmctl.load.adapters.{name.replace('-', '_')}")
    assert module.ENCODINGS == ("utf-8-sig", "cp1252")


# --- bombora ----------------------------------------------------------------------------------

def test_bombora_rows_become_third_party_intent_of_the_files_week() -> None:
    rows = list(read_bombora(sample("bombora/Output_MasterSurgeFile_20150719.csv")))
    assert rows[0] == (1, {
        "occurred_at": "2015-07-19", "account": "0-lightower.net", "type": "third_party_intent",
        "detail": "mortgage", "score": "63", "source": "bombora",
    })
    assert rows[1][1]["detail"] == "recreation loans (atvs, boats, rvs)"  # quoted, with commas


def test_bombora_domains_with_no_topic_and_no_score_are_left_out() -> None:
    rows = list(read_bombora(sample("bombora/Output_MasterSurgeFile_20150719.csv")))
    lines = [line for line, _ in rows]
    assert lines == [1, 2, 3, 4, 5, 9, 11, 13, 14, 15, 16, 17]  # 6-8, 10, 12: 002.ru and co.
    assert all(fields["detail"] for _, fields in rows)


@pytest.mark.parametrize(("name", "week"), [
    ("Output_MasterSurgeFile_20150719.csv", "2015-07-19"),
    ("Output_MasterSurgeFile_20150719-sample.csv", "2015-07-19"),
    ("bombora_mastersurge_20150719_head200.csv", "2015-07-19"),
    ("surge_20261109_v2.csv", "2026-11-09"),
])
def test_bombora_week_comes_from_the_file_name(name: str, week: str) -> None:
    assert week_of(SourceFile(name, name, "")) == week


@pytest.mark.parametrize("name", ["surge.csv", "surge_20261341.csv", "surge_2026119.csv"])
def test_a_bombora_file_without_a_week_in_its_name_is_refused(name: str) -> None:
    with pytest.raises(AbmctlError, match=r"cannot tell the week .* named \.\.\._YYYYMMDD\.csv"):
        list(read_bombora(SourceFile(name, name, ",a.com,,,c,t,70,,US\n")))


def test_a_bombora_adat_file_is_the_wrong_layout_and_says_which_columns_it_expected() -> None:
    with pytest.raises(AbmctlError) as caught:
        list(read_bombora(sample("bombora/Input_AllDomainsAllTopics_20150719.csv")))
    message = str(caught.value)
    assert "expected 9 columns without a header (Company Name, Domain, Size" in message
    assert "found 12: " in message and "do not look like a column name (not shown)" in message
    assert caught.value.line == 1


def test_a_bombora_header_row_added_in_a_spreadsheet_is_tolerated() -> None:
    text = ("Company Name,Domain,Size,Industry,Category,Topic,Composite Score,Metro,Country\n"
            ",a.com,,,security,endpoint security,70,,US\n")
    rows = list(read_bombora(SourceFile("s_20261109.csv", "s_20261109.csv", text)))
    assert [(line, fields["account"]) for line, fields in rows] == [(2, "a.com")]


def test_a_short_bombora_row_is_a_problem_row_not_a_guess() -> None:
    text = ",a.com,,,security,endpoint security,70,,US\n,b.com,,,security\n"
    rows = list(read_bombora(SourceFile("s_20261109.csv", "s_20261109.csv", text)))
    assert rows[1] == (2, {"__problem__": "5 fields; a Bombora Master Surge row has 9"})


# --- salesforce -------------------------------------------------------------------------------

def test_salesforce_tasks_become_sales_touches_and_meetings() -> None:
    rows = list(read_salesforce_tasks(sample("salesforce/tasks_report.csv")))
    assert [(line, f["type"]) for line, f in rows] == [
        (2, "sales_touch"), (3, "sales_touch"), (4, "meeting_booked"), (5, "sales_touch"),
        (6, "sales_touch"),
    ]
    assert rows[1][1] == {
        "occurred_at": "11/03/2026", "account": "ana.lima@northwind.com",
        "type": "sales_touch", "contact": "ana.lima@northwind.com",
        "detail": "Follow-up, pricing and ROI", "source": "salesforce",
    }


def test_salesforce_report_footer_lines_are_not_rows() -> None:
    rows = list(read_salesforce_tasks(sample("salesforce/tasks_report.csv")))
    assert max(line for line, _ in rows) == 6
    assert not any("Grand Totals" in str(fields) for _, fields in rows)


@pytest.mark.parametrize(("cells", "footer"), [
    (["Grand Totals (5 records)"], True),
    (["Confidential Information - Do Not Distribute", "", ""], True),
    (["Copyright (c) 2000-2026 salesforce.com, inc. All rights reserved."], True),
    (["Grand Totals", "Northwind"], False),
    (["Dana", "Call", "11/02/2026"], False),
])
def test_what_counts_as_a_salesforce_footer(cells: list[str], footer: bool) -> None:
    assert is_footer(cells) is footer


def test_salesforce_account_falls_back_to_the_account_name_without_an_email() -> None:
    text = '"Date","Subject","Account Name","Type"\n"11/02/2026","Call","northwind","Call"\n'
    rows = list(read_salesforce_tasks(SourceFile("t.csv", "t.csv", text)))
    assert rows[0][1]["account"] == "northwind"


def test_a_cp1252_salesforce_export_reads_once_decoded_as_excel_saved_it() -> None:
    text = ('"Date","Subject","Account Name","Email","Type"\r\n'
            '"11/02/2026","Café – follow-up","Müller GmbH","jo@mueller.de","Call"\r\n')
    raw = text.encode("cp1252")
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8-sig")
    decoded = raw.decode("cp1252")
    rows = list(read_salesforce_tasks(SourceFile("t.csv", "t.csv", decoded)))
    assert rows[0][1]["detail"] == "Café – follow-up"


def test_salesforce_campaign_member_status_chooses_the_signal() -> None:
    rows = list(read_salesforce_campaign_members(
        sample("salesforce/campaign_members_report.csv")))
    found = [(f["type"], f["occurred_at"], f.get("sentiment")) for _, f in rows]
    assert found == [
        ("event_registration", "11/05/2026", None),
        ("event_attendance", "11/12/2026", None),
        ("marketing_touch", "11/01/2026", None),  # sent: no response date, the added date
        ("outbound_response", "11/09/2026", "positive"),
    ]
    assert {f["detail"] for _, f in rows} == {"Q4 Data Leaders Webinar", "Pricing nurture"}


def test_a_tasks_report_is_not_a_campaign_member_report() -> None:
    with pytest.raises(AbmctlError, match=r"expected the columns Campaign Name, Member Status, "
                                          r"Created Date; found: Assigned, Subject, Date"):
        list(read_salesforce_campaign_members(sample("salesforce/tasks_report.csv")))


# --- hubspot ----------------------------------------------------------------------------------

def test_a_hubspot_calls_export_is_sales_touches_matched_by_the_contacts_email() -> None:
    rows = list(read_hubspot(sample("hubspot/calls.csv")))
    assert rows == [
        (2, {"occurred_at": "2026-11-02 14:30", "account": "ana.lima@northwind.com",
             "type": "sales_touch", "contact": "ana.lima@northwind.com", "detail": "Intro call",
             "source": "hubspot"}),
        (3, {"occurred_at": "2026-11-09 10:00", "account": "cy.park@contoso.com",
             "type": "sales_touch", "contact": "cy.park@contoso.com",
             "detail": "Follow-up call", "source": "hubspot"}),
    ]


def test_hubspot_activity_types_map_and_notes_and_tasks_are_left_out() -> None:
    rows = list(read_hubspot(sample("hubspot/activities.csv")))
    assert [(line, f["type"]) for line, f in rows] == [
        (2, "sales_touch"), (3, "outbound_response"), (4, "meeting_booked"),
    ]


@pytest.mark.parametrize(("text", "email"), [
    ("Ana Lima (ana@northwind.com)", "ana@northwind.com"),
    ("Cy Park (cy@contoso.com);Dee Ng (dee@contoso.com)", "cy@contoso.com"),
    ("bo@northwind.com", "bo@northwind.com"),
    ("Bo Chen", ""),
    ("", ""),
])
def test_the_associated_contacts_email(text: str, email: str) -> None:
    assert contact_email(text) == email


def test_a_hubspot_export_of_contacts_is_not_an_activity_export() -> None:
    text = "Record ID,First Name,Last Name,Email,Activity date\n1,Ana,Lima,a@n.com,2026-11-02\n"
    with pytest.raises(AbmctlError, match="not a HubSpot activity export"):
        list(read_hubspot(SourceFile("c.csv", "c.csv", text)))


def test_a_file_without_record_id_is_not_a_hubspot_export() -> None:
    with pytest.raises(AbmctlError, match=r"not a HubSpot activity export: expected the columns "
                                          r"Record ID, Activity date; found: Date, Company Name"):
        list(read_hubspot(sample("g2/buyer_intent.csv")))


# --- g2 ---------------------------------------------------------------------------------------

def test_g2_activity_becomes_third_party_intent_weighted_by_kind() -> None:
    rows = list(read_g2(sample("g2/buyer_intent.csv")))
    assert [(f["account"], f["detail"], f["score"]) for _, f in rows] == [
        ("northwind.com", "Data Pipeline Tools", "80"),
        ("northwind.com", "Data Pipeline Tools", "60"),
        ("contoso.com", "ETL Tools", "30"),
    ]
    assert {f["type"] for _, f in rows} == {"third_party_intent"}


@pytest.mark.parametrize(("activity", "score"), [
    ("Pricing page", 80), ("Viewed your profile", 80), ("Compared products", 60),
    ("Alternatives page", 60), ("Category page", 30), ("Something new", 30),
])
def test_g2_weights_follow_gs_own_scoring_guidance(activity: str, score: int) -> None:
    assert weight(activity) == score


def test_a_g2_score_column_wins_over_the_weight() -> None:
    text = "Date,Company Domain,Signal,Intent Score\n2026-11-02,a.com,Category page,91\n"
    rows = list(read_g2(SourceFile("g.csv", "g.csv", text)))
    assert rows[0][1]["score"] == "91"


def test_g2_headers_match_ignoring_case_and_the_delimiter_is_detected() -> None:
    text = "date;company_domain;SIGNAL\n2026-11-02;a.com;Pricing page\n"
    rows = list(read_g2(SourceFile("g.csv", "g.csv", text)))
    assert rows[0][1]["account"] == "a.com"


# --- through the reader and the command line --------------------------------------------------

@pytest.mark.parametrize(("name", "rel", "date_format", "matched"), [
    ("bombora", "bombora/Output_MasterSurgeFile_20150719.csv", None,
     {"lightower": 5, "alma": 5}),
    ("g2", "g2/buyer_intent.csv", None, {"northwind": 2, "contoso": 1}),
    ("salesforce-tasks", "salesforce/tasks_report.csv", "%m/%d/%Y",
     {"northwind": 3, "contoso": 1}),
    ("salesforce-campaign-members", "salesforce/campaign_members_report.csv", "%m/%d/%Y",
     {"northwind": 2, "contoso": 2}),
    ("hubspot", "hubspot/activities.csv", None, {"northwind": 3}),
])
def test_each_vendor_export_reads_into_matched_rows_with_nothing_skipped(
    tmp_path: Path, name: str, rel: str, date_format: str | None, matched: dict[str, int],
) -> None:
    reg = load_registry(sample_registry(tmp_path))
    activity = read_activity_files([DATA / rel], reg, signals_format=name,
                                   date_format=date_format, root=tmp_path)
    assert activity.skipped == []
    assert {k: len(v) for k, v in activity.by_account.items()} == matched


def test_a_cp1252_export_saved_by_excel_reads_through_the_reader(tmp_path: Path) -> None:
    reg = load_registry(sample_registry(tmp_path))
    export = tmp_path / "tasks.csv"
    export.write_bytes(('"Date","Subject","Account Name","Email","Type"\r\n'
                        '"11/02/2026","Café – follow-up","Müller","ana@northwind.com","Call"\r\n'
                        ).encode("cp1252"))
    activity = read_activity_files([export], reg, signals_format="salesforce-tasks",
                                   date_format="%m/%d/%Y", root=tmp_path)
    assert activity.skipped == []
    assert [row.detail for row in activity.rows] == ["Café – follow-up"]


def test_lint_reads_a_bombora_feed_end_to_end(tmp_path: Path) -> None:
    root = sample_registry(tmp_path / "repo")
    feed = DATA / "bombora" / "Output_MasterSurgeFile_20150719.csv"
    done = run("lint", "--root", str(root), "--as-of", "2015-07-20", "--signals", str(feed),
               "--signals-format", "bombora", "--strict",
               env={"COLUMNS": "1000"})  # no stderr line wrapped: read each whole
    assert done.returncode == 0, done.stdout + done.stderr
    assert "row skipped" not in done.stderr
    assert "Output_MasterSurgeFile_20150719.csv (bombora): 12 rows: " in done.stderr
    assert ", 0 skipped; 2015-07-19 to 2015-07-19" in done.stderr


def test_lint_refuses_the_wrong_vendor_layout_with_exit_2_naming_the_columns(
    tmp_path: Path,
) -> None:
    root = sample_registry(tmp_path / "repo")
    done = invoke("lint", "--root", str(root), "--signals", str(DATA / "g2" / "buyer_intent.csv"),
                  "--signals-format", "salesforce-tasks")
    assert done.returncode == 2
    assert "buyer_intent.csv:1: not a Salesforce Tasks and Events report export: expected the " \
           "columns Date, Subject, Account Name; found: Date, Company Name" in done.stderr


@pytest.mark.parametrize("name", ["g2", "salesforce-tasks", "salesforce-campaign-members",
                                  "hubspot"])
@pytest.mark.parametrize("text", ["", "\n\n", " \r\n"])
def test_an_empty_export_has_no_rows_and_no_error(name: str, text: str) -> None:
    assert list(load_adapter(name)(SourceFile("e.csv", "e.csv", text))) == []


def test_a_report_title_above_the_header_is_passed_over() -> None:
    text = ('"Q4 activity report"\n""\n"Date","Subject","Account Name","Email","Type"\n'
            '"11/02/2026","Call","Northwind","ana@northwind.com","Call"\n')
    rows = list(read_salesforce_tasks(SourceFile("t.csv", "t.csv", text)))
    assert [(line, f["account"]) for line, f in rows] == [(4, "ana@northwind.com")]


def test_an_unclosed_quote_in_a_vendor_export_skips_that_row_only(tmp_path: Path) -> None:
    root = sample_registry(tmp_path / "repo")
    export = tmp_path / "tasks.csv"
    export.write_text(
        "Date,Subject,Account Name,Email,Type\n"
        '11/02/2026,"Call: intro,Northwind Traders,ana.lima@northwind.com,Call\n'
        "11/03/2026,Follow-up,Northwind Traders,ana.lima@northwind.com,Email\n"
        "11/04/2026,Voicemail,Contoso Ltd,cy.park@contoso.com,Call\n", encoding="utf-8")
    activity = read_activity_files([export], load_registry(root),
                                   signals_format="salesforce-tasks",
                                   date_format="%m/%d/%Y", root=tmp_path)
    assert [(s.line, s.reason) for s in activity.skipped] == [
        (2, "a quote opened in this row never closes (reading goes on with the next line)")]
    assert [row.detail for row in activity.rows] == ["Follow-up", "Voicemail"]
    done = invoke("lint", "--root", str(root), "--as-of", "2026-11-20", "--signals", str(export),
                  "--signals-format", "salesforce-tasks", "--date-format", "%m/%d/%Y",
                  "--strict", env={"COLUMNS": "1000"})  # no stderr line wrapped
    assert done.returncode == 2
    assert "tasks.csv:2: a quote opened in this row never closes" in done.stderr


def test_a_vendor_row_with_more_cells_than_the_header_is_skipped_with_its_line(
    tmp_path: Path,
) -> None:
    reg = load_registry(sample_registry(tmp_path))
    export = tmp_path / "tasks.csv"
    export.write_text(
        "Date,Subject,Account Name,Email,Type\n"
        "11/02/2026,Call, intro,Northwind Traders,ana.lima@northwind.com,Call\n"
        "11/03/2026,Follow-up,Northwind Traders,ana.lima@northwind.com,Email,\n",
        encoding="utf-8")
    activity = read_activity_files([export], reg, signals_format="salesforce-tasks",
                                   date_format="%m/%d/%Y", root=tmp_path)
    assert [(s.line, s.reason) for s in activity.skipped] == [
        (2, "6 fields but the header has 5 (an unquoted delimiter inside a value?)")]
    assert [row.detail for row in activity.rows] == ["Follow-up"]
