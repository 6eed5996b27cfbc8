"""The report's children: results and exceptions come back, and the site they make is the one
this process would make alone."""

from __future__ import annotations

from pathlib import Path

import pytest

from abmctl.errors import AbmctlError
from abmctl.report import pages, parallel
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
    parts = make_site(REPO, tmp_path / "parts")
    assert _site(parts) == _site(alone)
    assert len(_site(parts)) > 60
