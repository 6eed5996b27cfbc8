"""`tiers apply` leaves nothing behind for git to see, never writes through a link out of the
registry, keeps a CR-only file CR-only; `tiers diff` reads a revision holding a link out of
the registry without a traceback."""

from __future__ import annotations

import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from abmctl.errors import AbmctlError
from abmctl.tiers.writing import TierEdit, prepare
from tests.hostile.input_registry import snapshot
from tests.support.cli import invoke
from tests.tiers.builders import OPEN_TIERS, account, git, init_repo, make_registry

DAY = "2026-10-01"  # inside the quarterly review window of OPEN_TIERS
MOVER = account("eta", 3, fit=90, intent=80)  # promoted to tier 1


def apply(root: Path) -> subprocess.CompletedProcess[str]:
    return invoke("tiers", "apply", "--root", str(root), "--as-of", DAY, "--force")


def test_what_a_killed_apply_left_is_removed_by_the_next_one(tmp_path: Path) -> None:
    make_registry(tmp_path, {"a.yaml": [MOVER]}, OPEN_TIERS)
    folder = tmp_path / "registry/accounts"
    with subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"]) as alive:
        left = [folder / ".a.yaml.999999999.k3j4h5g6.abmctl-tmp",  # no such process
                folder / ".a.yaml.999999999.0badc0de.abmctl-backup",
                folder / ".a.yaml.x7y8z9w0.abmctl-tmp"]  # written before the pid was in it
        running = folder / f".a.yaml.{alive.pid}.a1b2c3d4.abmctl-tmp"  # an apply still going
        for path in (*left, running):
            path.write_text("half", encoding="utf-8")
        init_repo(tmp_path)
        done = apply(tmp_path)
        alive.kill()
    assert done.returncode == 0, done.stderr
    assert [p.exists() for p in left] == [False] * 3
    assert running.exists()


def test_an_interrupted_apply_leaves_nothing_git_sees_in_a_new_registry(tmp_path: Path) -> None:
    done = invoke("init", str(tmp_path / "new"))
    assert done.returncode == 0, done.stderr
    root = tmp_path / "new"
    git(root, "init", "-q")
    (root / "registry/accounts/.a.yaml.4242.k3j4h5g6.abmctl-tmp").write_text("x")
    (root / "registry/accounts/.a.yaml.4242.0badc0de.abmctl-backup").write_text("x")
    assert git(root, "status", "--porcelain", "--untracked-files=all", "registry/accounts") \
        .count("abmctl-") == 0


def test_apply_refuses_to_write_through_a_link_out_of_the_registry(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    make_registry(root, {}, OPEN_TIERS)
    outside = tmp_path / "shared.yaml"
    outside.write_text("accounts:\n" + MOVER, encoding="utf-8")
    (root / "registry/accounts/a.yaml").symlink_to(outside)
    init_repo(root)
    before = snapshot(tmp_path)
    done = apply(root)
    assert done.returncode == 2
    assert "registry/accounts/a.yaml: ABM001 a symbolic link to a file outside the registry " \
        "root" in done.stderr
    assert snapshot(tmp_path) == before
    # and the writer refuses on its own, whoever asks it
    edit = TierEdit(path="registry/accounts/a.yaml", line=2, account="eta", from_tier=3,
                    to_tier=1, since=date.fromisoformat(DAY))
    with pytest.raises(AbmctlError, match="outside the registry root; abmctl does not write"):
        prepare(root, [edit])
    assert snapshot(tmp_path) == before


def test_a_file_with_cr_line_ends_only_stays_so(tmp_path: Path) -> None:
    make_registry(tmp_path, {}, OPEN_TIERS)
    text = ("accounts:\r  - id: eta\r    name: Eta\r    domains: [eta.com]\r    tier: 3\r"
            "    region: emea\r    scores: {fit: 90, intent: 80}\r")
    path = tmp_path / "registry/accounts/cr.yaml"
    path.write_bytes(text.encode())
    init_repo(tmp_path)
    done = apply(tmp_path)
    assert done.returncode == 0, done.stderr
    written = path.read_bytes()
    assert b"\n" not in written
    assert written.decode().split("\r")[4:] == [
        "    tier: 1", f"    tier_since: {DAY}", "    region: emea",
        "    scores: {fit: 90, intent: 80}", ""]


def test_tiers_diff_reads_a_revision_holding_an_absolute_link(tmp_path: Path) -> None:
    make_registry(tmp_path, {"a.yaml": [MOVER]}, OPEN_TIERS)
    (tmp_path / "registry/accounts/abs.yaml").symlink_to("/etc/hostname")
    init_repo(tmp_path)
    git(tmp_path, "commit", "-q", "--allow-empty", "-m", "head")
    done = invoke("tiers", "diff", "HEAD~1", "HEAD", "--root", str(tmp_path), "--as-of", DAY)
    assert "registry/accounts/abs.yaml: ABM001 a symbolic link to a file outside the " \
        "registry root" in done.stderr
    assert done.returncode in (0, 1), done.stderr
