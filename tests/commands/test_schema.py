"""`abmctl schema [KIND] [--out DIR]` on the command line (the schemas themselves are tested in
tests/test_schema.py)."""

from __future__ import annotations

import json
from pathlib import Path

from abmctl.schema import schema_for
from tests.support.cli import invoke, run
from tests.test_schema import EXPECTED_KINDS


def test_schema_without_kind_lists_the_kinds() -> None:
    done = invoke("schema")
    assert done.returncode == 0
    listed = [line.split()[0] for line in done.stdout.splitlines()[: len(EXPECTED_KINDS)]]
    assert listed == EXPECTED_KINDS
    assert "registry/accounts/*.yaml" in done.stdout


def test_schema_kind_prints_the_schema_as_json() -> None:
    done = run("schema", "accounts")
    assert done.returncode == 0
    assert json.loads(done.stdout) == schema_for("accounts")


def test_an_unknown_kind_exits_2_listing_the_kinds() -> None:
    done = invoke("schema", "account")
    assert done.returncode == 2
    assert done.stderr == (
        "abmctl: error: unknown file kind 'account'; the kinds are: "
        + ", ".join(EXPECTED_KINDS) + "\n"
    )


def test_schema_out_writes_every_kind(tmp_path: Path) -> None:
    done = invoke("schema", "--out", str(tmp_path / "schemas"))
    assert done.returncode == 0, done.stderr
    written = sorted(p.name for p in (tmp_path / "schemas").iterdir())
    assert written == sorted(f"{kind}.schema.json" for kind in EXPECTED_KINDS)
    for kind in EXPECTED_KINDS:
        text = (tmp_path / "schemas" / f"{kind}.schema.json").read_text()
        assert json.loads(text) == schema_for(kind)


def test_schema_kind_with_out_writes_that_kind_only(tmp_path: Path) -> None:
    done = invoke("schema", "play", "--out", str(tmp_path))
    assert done.returncode == 0
    assert [p.name for p in tmp_path.iterdir()] == ["play.schema.json"]
