"""Hostile input found by review 7 that still ends in a traceback or a refusal the contract
does not allow (every test here fails on the code as reviewed)."""

from __future__ import annotations

import json
import stat
import subprocess
from pathlib import Path

import pytest

from tests.hostile.input_registry import AS_OF, HEADER, export, small_registry, snapshot
from tests.support.cli import invoke
from tests.support.registry import write


def _loop(path: Path) -> Path:
    """`path` made a link to itself: opening or resolving it fails with ELOOP."""
    path.symlink_to(path.name)
    return path


def test_output_into_a_link_loop_is_one_clear_error_not_a_traceback(tmp_path: Path) -> None:
    # `abmctl lint --output loop` where loop -> loop: RuntimeError from Path.resolve (3.11)
    root = small_registry(tmp_path / "repo")
    target = _loop(tmp_path / "report.txt")
    done = invoke("lint", "--root", str(root), "--as-of", AS_OF, "--output", str(target))
    assert done.returncode == 2
    assert f"{target.as_posix()}: --output: cannot write the report" in done.stderr


def test_a_signals_map_that_is_a_link_loop_is_named_when_the_file_is_a_registry_export(
    tmp_path: Path
) -> None:
    # `--signals registry/signals/a.csv --signals-map loop`: the map is compared before it is
    # read, and resolving it raises RuntimeError (3.11)
    root = small_registry(tmp_path / "repo")
    csv = export(root, "a.csv", HEADER + "2026-11-20,acme.com,web_visit\n")
    loop = _loop(tmp_path / "map.yaml")
    done = invoke("lint", "--root", str(root), "--as-of", AS_OF, "--signals", str(csv),
                  "--signals-map", str(loop))
    assert done.returncode == 2
    assert loop.as_posix() in done.stderr or "registry/signals/a.csv" in done.stderr


def test_a_header_cell_longer_than_the_csv_field_limit_stops_the_run_naming_the_file(
    tmp_path: Path
) -> None:
    # a header cell of 140,000 characters: _csv.Error "field larger than field limit"
    # escapes canonical._split; a data row so long is skipped with its line, as it should be
    root = small_registry(tmp_path / "repo")
    export(root, "a.csv", "occurred_at,account,type," + "y" * 140_000 + "\n"
           "2026-11-20,acme.com,web_visit,x\n")
    done = invoke("lint", "--root", str(root), "--as-of", AS_OF)
    assert done.returncode == 2
    assert "registry/signals/a.csv:1:" in done.stderr


def _git(root: Path, *args: str) -> None:
    subprocess.run(["git", "-c", "user.email=t@example.com", "-c", "user.name=t",
                    "-c", "commit.gpgsign=false", *args], cwd=root, check=True,
                   capture_output=True)


def test_tiers_diff_runs_on_what_loads_when_a_base_accounts_file_is_not_yaml(
    tmp_path: Path
) -> None:
    # main got a file with merge-conflict markers; the pull request that mends it runs
    # `abmctl tiers diff origin/main` in CI. SPEC 3.2 (r2): tiers diff does not refuse a
    # registry with errors (records that do not load are left out, with a warning naming
    # them); today BASE's unreadable file stops the run: exit 2, "cannot read it at <commit>"
    root = small_registry(tmp_path / "repo")
    write(root, "registry/accounts/b.yaml", """
        accounts:
          - {id: bolt, name: Bolt, domains: [bolt.com], tier: 3, region: emea}
    """)
    _git(root, "init", "-q")
    _git(root, "add", "-A")
    _git(root, "commit", "-qm", "start")
    broken = "<<<<<<< HEAD\n" + (root / "registry/accounts/b.yaml").read_text() + ">>>>>>> x\n"
    (root / "registry/accounts/b.yaml").write_text(broken)
    _git(root, "commit", "-qam", "a bad merge")
    _git(root, "revert", "--no-edit", "HEAD")
    before = snapshot(root / "registry")
    done = invoke("tiers", "diff", "HEAD~1", "--root", str(root), "--as-of", AS_OF,
                  "--format", "json")
    assert done.returncode in (0, 1), done.stderr
    assert "registry/accounts/b.yaml" in done.stderr
    # the mirror of tests/tiers/test_tier_diff.py's head-side case: bolt did not load at
    # BASE, so it is not "added" (no tier changed)
    assert json.loads(done.stdout)["changes"] == []
    assert snapshot(root / "registry") == before


def test_a_signals_map_with_a_value_of_the_wrong_kind_names_its_line_in_plain_words(
    tmp_path: Path
) -> None:
    # `--signals-map map.yaml` with `occurred_at: 5`: today "map.yaml: --signals-map:
    # columns.occurred_at: Input should be a valid string" (no line, pydantic's words), while
    # `accounts import --map` says "map.yaml:3: ..." and registry files "expected text, got 5"
    root = small_registry(tmp_path / "repo")
    csv = tmp_path / "x.csv"
    csv.write_text(HEADER + "2026-11-20,acme.com,web_visit\n", encoding="utf-8")
    column_map = tmp_path / "map.yaml"
    column_map.write_text("columns:\n  account: account\n  occurred_at: 5\n  type: type\n",
                          encoding="utf-8")
    done = invoke("handoff", "--root", str(root), "--as-of", AS_OF, "--signals", str(csv),
                  "--signals-map", str(column_map))
    assert done.returncode == 2
    assert f"{column_map.as_posix()}:3:" in done.stderr
    assert "Input should be" not in done.stderr


def test_a_csv_header_naming_a_column_twice_is_named_not_read_one_way_silently(
    tmp_path: Path
) -> None:
    # `occurred_at,account,account,type`: today the first `account` is read without a word
    # (a JSON Lines row with a key twice keeps the last); YAML refuses a key twice because
    # tools disagree on which one wins (docs/yaml.md), and an export is no different
    root = small_registry(tmp_path / "repo")
    export(root, "a.csv", "occurred_at,account,account,type\n"
           "2026-11-20,other.com,acme.com,web_visit\n")
    done = invoke("signals", "--root", str(root), "--as-of", AS_OF)
    assert "registry/signals/a.csv:1:" in done.stderr
    assert "account" in done.stderr.split("registry/signals/a.csv:1:", 1)[1]


def _as_a_user(monkeypatch: pytest.MonkeyPatch) -> None:
    """Writing a file without a write bit fails, as for anyone but root (tests may run as
    root, which the mode does not stop)."""
    write_bytes = Path.write_bytes

    def checked(self: Path, data: bytes) -> int:
        if self.exists() and not stat.S_IMODE(self.stat().st_mode) & stat.S_IWUSR:
            raise PermissionError(13, "Permission denied", str(self))
        return write_bytes(self, data)

    monkeypatch.setattr(Path, "write_bytes", checked)


def test_accounts_import_dry_run_works_on_read_only_account_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # a checkout whose files are read-only (chmod 444), run by a user: `accounts import
    # --dry-run` prints the change set, then "abmctl: error: cannot write the output:
    # Permission denied" (exit 2, no file named): crm/checking.new_errors lints a copy made
    # with shutil.copytree, which keeps the modes, and then writes into that read-only copy.
    # `tiers apply --dry-run` (and `tiers apply`) work on the same files.
    root = small_registry(tmp_path / "repo")
    accounts = root / "registry/accounts/a.yaml"
    accounts.chmod(0o444)
    _as_a_user(monkeypatch)
    export_file = tmp_path / "export.csv"
    export_file.write_text("Account ID,Account Name,Website\n"
                           "0015g00000HcYh1AAF,Acme Ltd,acme.com\n", encoding="utf-8")
    before = snapshot(root)
    done = invoke("accounts", "import", str(export_file), "--from", "salesforce", "--root",
                  str(root), "--as-of", AS_OF, "--dry-run")
    assert done.returncode == 0, done.stderr
    assert "cannot write the output" not in done.stderr
    assert snapshot(root) == before


def test_an_unreadable_signals_folder_is_named_not_called_an_output_failure(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # `chmod 000 registry/signals` (as a user): every command that reads activity says
    # "abmctl: error: cannot write the output: Permission denied" -- it wrote nothing, it
    # could not read, and names no file. The OSError of `path.is_file()` in
    # load/sources.read_sources_config reaches cli._run's net for write failures.
    root = small_registry(tmp_path / "repo")
    export(root, "a.csv", HEADER + "2026-11-20,acme.com,web_visit\n")
    folder = root / "registry/signals"
    is_file = Path.is_file

    def denied(self: Path) -> bool:
        if self.parent == folder:
            raise PermissionError(13, "Permission denied", str(self))
        return is_file(self)

    monkeypatch.setattr(Path, "is_file", denied)
    done = invoke("handoff", "--root", str(root), "--as-of", AS_OF)
    assert done.returncode == 2
    assert "cannot write the output" not in done.stderr
    assert "registry/signals" in done.stderr


def test_a_registry_folder_that_cannot_be_searched_is_named_not_called_an_output_failure(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # `chmod 000 registry` (as a user): `abmctl lint` says "cannot write the output:
    # Permission denied" -- Path.exists() on registry/teams.yaml raises EACCES (Python 3.11
    # ignores only ENOENT, ENOTDIR, EBADF, ELOOP) in load/registry_files._doc
    root = small_registry(tmp_path / "repo")
    folder = root / "registry"
    exists = Path.exists

    def denied(self: Path) -> bool:
        if folder in self.parents:
            raise PermissionError(13, "Permission denied", str(self))
        return exists(self)

    monkeypatch.setattr(Path, "exists", denied)
    done = invoke("lint", "--root", str(root), "--as-of", AS_OF)
    assert "cannot write the output" not in done.stderr
    assert "registry" in done.stderr


def test_accounts_import_into_a_link_loop_is_one_clear_error_not_a_traceback(
    tmp_path: Path
) -> None:
    # `--into registry/accounts/.new.yaml` where .new.yaml -> .new.yaml (a hidden name, so
    # the loader does not read it): RuntimeError from Path.resolve in crm/importing.into_rel
    root = small_registry(tmp_path / "repo")
    _loop(root / "registry/accounts/.new.yaml")
    export_file = tmp_path / "export.csv"
    export_file.write_text("Account ID,Account Name,Website\n"
                           "0015g00000HcYh1AAF,Bolt,bolt.com\n", encoding="utf-8")
    done = invoke("accounts", "import", str(export_file), "--from", "salesforce", "--root",
                  str(root), "--as-of", AS_OF, "--into", "registry/accounts/.new.yaml")
    assert done.returncode == 2
    assert "registry/accounts/.new.yaml" in done.stderr


LONG = "a" * 300  # longer than a file name may be (255 bytes): stat() fails ENAMETOOLONG


@pytest.mark.parametrize("args", [
    ["lint", "--root", f"/tmp/{LONG}"],
    ["lint", LONG],
    ["lint", "--signals", f"/tmp/{LONG}"],
    ["lint", "--signals", "{csv}", "--signals-map", f"/tmp/{LONG}.yaml"],
    ["init", f"/tmp/{LONG}"],
    ["accounts", "import", "{csv}", "--from", "csv", "--map", f"/tmp/{LONG}"],
    ["accounts", "import", "{csv}", "--from", "salesforce", "--into",
     f"registry/accounts/{LONG}.yaml"],
])
def test_a_path_argument_too_long_for_a_file_name_is_named_not_called_an_output_failure(
    args: list[str], tmp_path: Path
) -> None:
    # a pasted path too long for the file system: every reading option says "abmctl: error:
    # cannot write the output: File name too long" (exit 2) -- nothing was being written, and
    # the option and path go unnamed. Path.exists()/is_dir() raise ENAMETOOLONG on Python
    # 3.11 and cli._run's OSError net (meant for a full disk or a closed stdout) answers.
    root = small_registry(tmp_path / "repo")
    csv = tmp_path / "x.csv"
    csv.write_text(HEADER + "2026-11-20,acme.com,web_visit\n", encoding="utf-8")
    given = [str(csv) if a == "{csv}" else a for a in args]
    root_args = [] if given[0] == "init" or "--root" in given else ["--root", str(root)]
    done = invoke(*given, *root_args, "--as-of", AS_OF)
    assert done.returncode == 2
    assert "cannot write the output" not in done.stderr
    assert LONG in done.stderr


def test_signals_strict_exits_2_when_a_registry_record_does_not_load(tmp_path: Path) -> None:
    # docs/reference.md ("Checking a source"): `abmctl signals` "exits 0 whenever it runs;
    # with --strict, 2 when a row was skipped, the activity is stale or a registry record does
    # not load". Today: exit 0 and not a word, and the rows of the account left out are
    # counted as unmatched.
    root = small_registry(tmp_path / "repo")
    write(root, "registry/accounts/b.yaml", """
        accounts:
          - {id: bolt, name: Bolt, domains: [bolt.com], tier: two, region: emea}
    """)
    export(root, "a.csv", HEADER + "2026-11-20,acme.com,web_visit\n"
           "2026-11-20,bolt.com,web_visit\n")
    done = invoke("signals", "--root", str(root), "--as-of", AS_OF, "--strict")
    assert done.returncode == 2
    assert "registry/accounts/b.yaml" in done.stderr


@pytest.mark.parametrize("folder", ["rules", "registry/plays", "registry/signals"])
@pytest.mark.parametrize("kind", ["broken link", "file"])
def test_a_registry_folder_that_is_a_broken_link_or_a_file_is_named_not_skipped(
    folder: str, kind: str, tmp_path: Path
) -> None:
    # `rules -> ../shared/rules` whose target is not checked out in CI, or a file named
    # `rules`: today lint says "0 errors" and every command runs on the built-in defaults
    # (no plays, no activity) without a word. docs/limits.md: what is named like a registry
    # file and is not one is refused naming it, "a folder abmctl cannot list is an error
    # naming the folder"; the folder counterpart of a link to nothing goes unreported.
    root = small_registry(tmp_path / "repo")
    path = root / folder
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.is_dir():
        path.rmdir()
    if kind == "file":
        path.write_text("x\n")
    else:
        path.symlink_to(tmp_path / "not-checked-out")
    done = invoke("lint", "--root", str(root), "--as-of", AS_OF, "--format", "json")
    named = [f for f in json.loads(done.stdout)["findings"] if f["path"] == folder]
    assert named or f"{folder}:" in done.stderr, done.stdout


def test_a_date_format_naming_a_directive_twice_is_refused_not_a_traceback(
    tmp_path: Path
) -> None:
    # a typo in `--date-format` such as `%d/%m/%d`: datetime.strptime raises re.error
    # ("redefinition of group name 'd'"), which activity_reader.parse_moment does not catch
    root = small_registry(tmp_path / "repo")
    csv = tmp_path / "x.csv"
    csv.write_text(HEADER + "20/11/2026,acme.com,web_visit\n", encoding="utf-8")
    done = invoke("handoff", "--root", str(root), "--as-of", AS_OF, "--signals", str(csv),
                  "--date-format", "%d/%m/%d")
    assert done.returncode == 2
    assert "%d/%m/%d" in done.stderr


def test_a_sources_yaml_date_format_naming_a_directive_twice_is_named_not_a_traceback(
    tmp_path: Path
) -> None:
    # the same typo in registry/signals/sources.yaml: a registry file a pull request may
    # change makes `abmctl lint` in CI end in a traceback (re.error from strptime)
    root = small_registry(tmp_path / "repo")
    export(root, "web/a.csv", HEADER + "20/11/2026,acme.com,web_visit\n")
    write(root, "registry/signals/sources.yaml", """
        sources:
          - path: web/*.csv
            date_format: "%d/%m/%d"
    """)
    done = invoke("lint", "--root", str(root), "--as-of", AS_OF)
    assert done.returncode in (1, 2)
    assert "registry/signals/sources.yaml" in done.stdout + done.stderr


def test_ignoring_the_abm00_prefix_does_not_hide_a_file_that_is_not_yaml(
    tmp_path: Path
) -> None:
    # rules/lint.yaml `ignore: [ABM00]` to quiet the hygiene warnings (ABM004 expired
    # suppressions, ABM009 blanks at line ends...) also hides ABM001-ABM003: `lint` says
    # "0 errors" with an accounts file that is not YAML, so CI passes it, and every report
    # runs without its accounts. `tiers apply` still refuses, saying "run `abmctl lint` for
    # the full list" -- which lists nothing. SPEC 3.2: every malformed file gives one clear
    # message naming it.
    root = small_registry(tmp_path / "repo")
    write(root, "rules/lint.yaml", "ignore: [ABM00]\n")
    (root / "registry/accounts/b.yaml").write_text("accounts: [[[\n")
    done = invoke("lint", "--root", str(root), "--as-of", AS_OF)
    assert done.returncode == 1
    assert "registry/accounts/b.yaml" in done.stdout


def test_a_lint_yaml_code_that_names_no_rule_is_reported_at_its_line(tmp_path: Path) -> None:
    # rules/lint.yaml with `ignore: [ABM999]` on line 2: ABM006 has path rules/lint.yaml but
    # line null, so the text shows "-", a GitHub annotation marks no line and an editor
    # cannot jump to it; SPEC 4: a finding points at "file and line of the record (or field)
    # at fault" -- the loader knows the line of every value (load/positions.py)
    root = small_registry(tmp_path / "repo")
    write(root, "rules/lint.yaml", "# lint settings\nignore: [ABM999]\n")
    done = invoke("lint", "--root", str(root), "--as-of", AS_OF, "--format", "json")
    found = [(f["path"], f["line"]) for f in json.loads(done.stdout)["findings"]
             if f["code"] == "ABM006"]
    assert found == [("rules/lint.yaml", 2)]


def test_accounts_export_changed_since_a_revision_whose_file_did_not_load_says_so(
    tmp_path: Path
) -> None:
    # `accounts export --changed-since REV` where REV's accounts file is not YAML (a bad
    # merge, mended since): every account of that file is exported as "changed" without a
    # word (crm/export.changed_accounts reads REV with gitrev.registry_at and never looks at
    # its load errors); `tiers history` notes such a file, "skipped at this commit"
    root = small_registry(tmp_path / "repo")
    _git(root, "init", "-q")
    _git(root, "add", "-A")
    _git(root, "commit", "-qm", "start")
    good = (root / "registry/accounts/a.yaml").read_text()
    (root / "registry/accounts/a.yaml").write_text("<<<<<<< HEAD\n" + good)
    _git(root, "commit", "-qam", "a bad merge")
    (root / "registry/accounts/a.yaml").write_text(good)
    _git(root, "commit", "-qam", "mended")
    done = invoke("accounts", "export", "--root", str(root), "--changed-since", "HEAD~1")
    assert "registry/accounts/a.yaml" in done.stderr, done.stderr


@pytest.mark.parametrize("domain", ["https://", "''", "'@'", "'http://[::1]/'"])
def test_a_domain_that_names_no_host_is_a_finding(domain: str, tmp_path: Path) -> None:
    # `domains: [https://]` (or '' or '@') passes lint without a word: ABM108 skips a URL
    # whose plain form is empty, and nothing else checks that a domain names a host; for
    # `http://[::1]/` ABM108 says it "is written as '['". docs/reference.md: domains are
    # "the account's web domains; activity is matched to the account by these".
    root = small_registry(tmp_path / "repo")
    write(root, "registry/accounts/b.yaml", f"""
        accounts:
          - id: bolt
            name: Bolt
            domains: [{domain}]
            tier: 3
            region: emea
    """)
    done = invoke("lint", "--root", str(root), "--as-of", AS_OF, "--format", "json")
    at = [(f["code"], f["message"]) for f in json.loads(done.stdout)["findings"]
          if f["path"] == "registry/accounts/b.yaml" and "domain" in f["message"]]
    assert at, done.stdout
    assert all("written as '['" not in message for _, message in at)


def test_report_html_never_writes_or_deletes_through_a_link_in_an_earlier_site(
    tmp_path: Path
) -> None:
    # an earlier site whose `accounts` folder is now a link elsewhere, and whose file list
    # (DIR/.abmctl-report.json) names `accounts/keep.txt`: the next `report --html DIR`
    # writes every account page into the link's target and deletes keep.txt there.
    # docs/reference.md: the site is written into DIR; "any other file ... is left alone";
    # `tiers apply` and `lint --fix` refuse to write through a link out of their root.
    root = small_registry(tmp_path / "repo")
    site = tmp_path / "site"
    assert invoke("report", "--root", str(root), "--as-of", AS_OF, "--html", str(site),
                  "-q").returncode == 0
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "keep.txt").write_text("precious\n")
    for page in (site / "accounts").iterdir():
        page.unlink()
    (site / "accounts").rmdir()
    (site / "accounts").symlink_to(outside)
    listing = site / ".abmctl-report.json"
    written = json.loads(listing.read_text())
    written["files"].append("accounts/keep.txt")
    listing.write_text(json.dumps(written))
    invoke("report", "--root", str(root), "--as-of", AS_OF, "--html", str(site), "-q")
    assert sorted(p.name for p in outside.iterdir()) == ["keep.txt"]
