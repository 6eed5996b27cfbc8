"""Review: a part of the account pages that fails must not leave the other parts' children
running after `report --html` has ended (they would write into a folder being removed)."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from abmctl import parallel
from abmctl.errors import AbmctlError
from abmctl.report import pages
from tests.support.cli import invoke
from tests.support.registry import REPO


@pytest.mark.slow  # waits for the pages children to settle: seconds
def test_a_failing_part_leaves_no_other_part_running(tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pages, "PART_SIZE", 7)
    monkeypatch.setattr(parallel, "cores", lambda: 4)
    monkeypatch.setattr(parallel, "spare_cores", lambda: 3.5)
    marker = tmp_path / "second-part-ended"
    real = pages._account_part

    def part(reports, site, folder, ids):  # type: ignore[no-untyped-def]
        if ids[0] == reports.reg.accounts[0].id:
            raise AbmctlError("cannot write the page", path="accounts/x.html")
        time.sleep(1.5)  # still writing when the first part has failed
        marker.write_text(str(os.getpid()))
        return real(reports, site, folder, ids)

    monkeypatch.setattr(pages, "_account_part", part)
    done = invoke("report", "--html", str(tmp_path / "site"), "--root", str(REPO),
                  "--as-of", "2026-11-23")
    assert done.returncode == 2
    # every child was waited for before the run ended: the slower parts have ended too
    assert marker.exists(), "a part's child still runs after report --html ended"
    with pytest.raises(ChildProcessError):
        os.waitpid(-1, os.WNOHANG)


def test_a_registry_where_no_account_loads_makes_a_site_not_a_traceback(
        tmp_path: Path) -> None:
    from tests.support.registry import write, write_registry

    root = write_registry(tmp_path / "reg")
    write(root, "registry/accounts/emea.yaml", "accounts:\n  - {id: broken\n")  # no account loads
    done = invoke("report", "--html", str(tmp_path / "site"), "--root", str(root),
                  "--as-of", "2026-11-23")
    assert done.returncode in (0, 1, 2)  # invoke fails the test on a traceback
    assert "range() arg 3" not in done.stderr
