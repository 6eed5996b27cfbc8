"""The file kinds of a registry, each once: where its files live and the model that reads them.
The loader, `abmctl schema` and `abmctl init` all read this list."""

from __future__ import annotations

from dataclasses import dataclass

from pydantic import BaseModel

from abmctl.model.accounts import AccountsFile
from abmctl.model.agreements import Agreement
from abmctl.model.events import Event
from abmctl.model.plays import Play
from abmctl.model.settings import (
    CrmSettings,
    EngagementSettings,
    LintSettings,
    SignalSettings,
    TierSettings,
)
from abmctl.model.sources import SourcesFile
from abmctl.model.teams import TeamsFile


@dataclass(frozen=True)
class FileKind:
    """One file kind: its name (`abmctl schema NAME`), its folder, its one file's name there
    (None: every `*.yaml` of the folder), its model, and a summary."""

    name: str
    folder: str
    file: str | None
    model: type[BaseModel]
    summary: str

    @property
    def files(self) -> str:
        """Where such files live, as a glob: `registry/plays/*.yaml`, `rules/tiers.yaml`."""
        return f"{self.folder}/{self.file or '*.yaml'}"


FILE_KINDS: tuple[FileKind, ...] = (
    FileKind("teams", "registry", "teams.yaml", TeamsFile, "territories, teams and people"),
    FileKind("accounts", "registry/accounts", None, AccountsFile, "the target account list"),
    FileKind("agreement", "registry/agreements", None, Agreement, "one partner agreement"),
    FileKind("play", "registry/plays", None, Play, "one play"),
    FileKind("event", "registry/events", None, Event, "one event"),
    FileKind("tiers", "rules", "tiers.yaml", TierSettings, "tiers, thresholds, review cadence"),
    FileKind("signals", "rules", "signals.yaml", SignalSettings,
             "qualifying signals and thresholds"),
    FileKind("engagement", "rules", "engagement.yaml", EngagementSettings,
             "ownership, routing, awareness, cadences"),
    FileKind("lint", "rules", "lint.yaml", LintSettings, "rule selection and severity overrides"),
    FileKind("crm", "rules", "crm.yaml", CrmSettings,
             "the CRM's columns for account imports and exports"),
    FileKind("sources", "registry/signals", "sources.yaml", SourcesFile,
             "the layout of each vendor export kept in registry/signals/"),
)
# `Registry` attribute -> model, for the one-record-per-file kinds (each file is one record)
RECORD_FOLDERS: dict[str, type[BaseModel]] = {
    kind.folder.removeprefix("registry/"): kind.model
    for kind in FILE_KINDS if kind.file is None and kind.model is not AccountsFile
}
# rules/NAME.yaml -> its settings model (NAME is also the `Settings` field)
RULES_FILES: dict[str, type[BaseModel]] = {
    kind.name: kind.model for kind in FILE_KINDS if kind.folder == "rules"
}


def kind_of(rel: str) -> FileKind | None:
    """The kind of the file at `rel` (relative to the registry's root, named `.yaml` as
    `abmctl init` names them), if it is one."""
    folder, _, name = rel.rpartition("/")
    for kind in FILE_KINDS:
        if kind.folder == folder and (kind.file == name if kind.file else name.endswith(".yaml")):
            return kind
    return None
