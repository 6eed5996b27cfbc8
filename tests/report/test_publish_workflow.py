"""The workflow that publishes the report (docs/abmctl-report.yml): shown in
docs/github-actions.md as it is, its abmctl step a real command that runs as written."""

from __future__ import annotations

import re
import shlex
from pathlib import Path
from typing import Any

import yaml_rs

from tests.hostile.output_registry import hostile_registry
from tests.report.site_pages import AS_OF
from tests.support.cli import invoke
from tests.support.registry import REPO

WORKFLOW = REPO / "docs" / "abmctl-report.yml"
GUIDE = REPO / "docs" / "github-actions.md"


def workflow() -> dict[str, Any]:
    loaded: dict[str, Any] = yaml_rs.loads(WORKFLOW.read_text(), parse_datetime=False)
    return loaded


def step(job: str, name: str) -> dict[str, Any]:
    return next(s for s in workflow()["jobs"][job]["steps"] if s.get("name") == name)


def test_the_guide_shows_the_workflow_file_as_it_is() -> None:
    blocks = re.findall(r"```yaml\n(.*?)```", GUIDE.read_text(), flags=re.S)
    assert WORKFLOW.read_text() in blocks


def test_it_installs_the_report_extra_and_reads_the_whole_history() -> None:
    assert workflow()["env"]["ABMCTL"].startswith("abmctl[report] @ git+")
    assert workflow()["jobs"]["build"]["steps"][0]["with"]["fetch-depth"] == 0


def test_the_site_is_kept_as_an_artifact_and_published_from_the_same_folder() -> None:
    built = shlex.split(step("build", "Build the site")["run"])
    assert built[:3] == ["abmctl", "report", "--html"]
    folder = built[3]
    assert step("build", "Keep the site as an artifact")["with"]["path"] == folder
    assert step("build", "Hand the site to GitHub Pages")["with"]["path"] == folder
    publish = workflow()["jobs"]["publish"]
    assert publish["needs"] == "build"
    assert publish["permissions"] == {"pages": "write", "id-token": "write"}
    assert workflow()["permissions"] == {"contents": "read"}


def test_the_build_step_runs_as_written(tmp_path: Path) -> None:
    words = shlex.split(step("build", "Build the site")["run"])
    root = hostile_registry(tmp_path / "reg")
    done = invoke(*words[1:], "--root", str(root), "--as-of", AS_OF, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / words[3] / "index.html").is_file()
