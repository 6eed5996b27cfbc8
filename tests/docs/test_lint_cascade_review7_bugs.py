"""Review 7 (newcomer): one typo in a record makes lint report findings that are not true.

In the registry `abmctl init` writes, a newcomer mistypes one value:
- `role: sdrr` for sam.rivera in teams.yaml: lint reports the ABM002 at that line, and also,
  on every account sam.rivera owns, "ABM003 example-corp: unknown person 'sam.rivera' in
  'owners'; the people in registry/teams.yaml are alex.morgan or jo.chen" — while sam.rivera
  is right there in teams.yaml, two lines above the typo.
- `cadence: weekly2` in registry/agreements/sales.yaml: the ABM002 at that line, and also
  "ABM401 partner team 'sales' (sales) has no agreement in registry/agreements/" — while the
  agreement is there.
The reference (Exit codes) says a record that does not load is left out "and so is what only
made sense with it"; a finding that names the real record as missing sends the newcomer
looking for the wrong fault."""

from __future__ import annotations

from pathlib import Path

from tests.support.cli import invoke

AS_OF = "2026-11-23"


def _init(tmp_path: Path) -> Path:
    root = tmp_path / "my-abm"
    assert invoke("init", str(root), "--as-of", AS_OF).returncode == 0
    return root


def test_a_person_whose_record_has_a_typo_is_not_called_unknown(tmp_path: Path) -> None:
    root = _init(tmp_path)
    teams = root / "registry" / "teams.yaml"
    teams.write_text(teams.read_text(encoding="utf-8").replace("role: sdr\n", "role: sdrr\n"),
                     encoding="utf-8")
    done = invoke("lint", "--root", str(root), "--as-of", AS_OF)
    assert "role: 'sdrr' is not allowed" in done.stdout, done.stdout
    assert "unknown person 'sam.rivera'" not in done.stdout, done.stdout


def test_an_agreement_with_a_typo_is_not_reported_missing(tmp_path: Path) -> None:
    root = _init(tmp_path)
    agreement = root / "registry" / "agreements" / "sales.yaml"
    agreement.write_text(agreement.read_text(encoding="utf-8").replace(
        "cadence: weekly ", "cadence: weekly2 "), encoding="utf-8")
    done = invoke("lint", "--root", str(root), "--as-of", AS_OF)
    assert "'weekly2' is not allowed" in done.stdout, done.stdout
    assert "ABM401" not in done.stdout, done.stdout
