"""The report's children: results and exceptions come back, and the site they make is the one
this process would make alone."""

from __future__ import annotations

from pathlib import Path

import pytest

from abmctl import parallel
from abmctl.errors import AbmctlError
from abmctl.report import pages
from tests.report.site_pages import make_site
from tests.support.registry import REPO


def _fails() -> None:
    raise AbmctlError("no such file", path="registry/teams.yaml")


def test_a_childs_value_and_exception_come_back() -> None:
    assert parallel.start(sum, [1, 2, 3])() == 6
    with pytest.raises(AbmctlError, match="no such file"):
        parallel.start(_fails)()


def _site(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in folder.rglob("*") if p.is_file()}


@pytest.mark.slow  # two sites of the example registry: seconds
def test_pages_made_in_four_parts_or_here_are_the_same(tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    alone = tmp_path / "alone"
    with monkeypatch.context() as patch:  # no fork: every part runs in this process
        patch.setattr(parallel, "start", lambda function, *a, **k: lambda: function(*a, **k))
        make_site(REPO, alone)
    monkeypatch.setattr(pages, "PART_SIZE", 7)
    monkeypatch.setattr(parallel, "cores", lambda: 4)
    monkeypatch.setattr(parallel, "spare_cores", lambda: 3.5)
    started: list[object] = []
    real = parallel.start
    monkeypatch.setattr(parallel, "start", lambda f, *a, **k: started.append(f) or real(f, *a, **k))
    parts = make_site(REPO, tmp_path / "parts")
    assert _site(parts) == _site(alone)
    assert len(_site(parts)) > 60
    assert started.count(pages._account_part) == 4  # four children made the account pages


def test_no_core_to_spare_makes_the_site_in_this_process(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from tests.hostile.output_registry import hostile_registry

    root = hostile_registry(tmp_path / "reg")
    monkeypatch.setattr(parallel, "cores", lambda: 2)
    monkeypatch.setattr(parallel, "spare_cores", lambda: 0.3)  # a busy machine

    def no_child(*_: object, **__: object) -> object:
        raise AssertionError("a child was started on a machine with no core to spare")

    monkeypatch.setattr(parallel, "start", no_child)
    site = make_site(root, tmp_path / "site")
    assert "index.html" in _site(site) and any(p.startswith("accounts/") for p in _site(site))


def test_a_registry_that_stops_the_run_leaves_no_child_behind(tmp_path: Path) -> None:
    import os

    from tests.hostile.output_registry import hostile_registry
    from tests.support.cli import invoke
    from tests.support.registry import write

    root = hostile_registry(tmp_path / "reg")
    write(root, "rules/tiers.yaml", "tiers: [unclosed\n")
    done = invoke("report", "--html", str(tmp_path / "site"), "--root", str(root),
                  "--as-of", "2026-11-23")
    assert done.returncode == 2 and "rules/tiers.yaml" in done.stderr
    assert not (tmp_path / "site").exists()
    with pytest.raises(ChildProcessError):  # the git reader was waited for: no child at all
        os.waitpid(-1, os.WNOHANG)
