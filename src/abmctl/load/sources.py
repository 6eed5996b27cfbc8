"""Which activity files a run reads, and in which layout each (sources add up).

`registry/signals/` is read whenever it exists: its exports are canonical unless
`registry/signals/sources.yaml` gives a glob that matches them a `format` (an adapter), a
`map` (a column map) or a `date_format`; the first matching entry wins. Every `--signals`
path adds to it, read in the layout of `--signals-format`, `--signals-map` and
`--date-format`. `--no-registry-signals` leaves `registry/signals/` out. A file named twice
is read once, in the layout it was first named with.

Faults of `sources.yaml` are findings with a line: ABM001 (not YAML), ABM002 (an unknown
key, an unknown adapter, a map that does not load) and ABM005 (an entry that matches no
file). `lint` lists them; a command that reads activity stops on an error among them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from abmctl.errors import AbmctlError
from abmctl.findings import Finding
from abmctl.model.sources import SourceEntry, SourcesFile
from abmctl.suggest import closest

if TYPE_CHECKING:
    from abmctl.load.positions import PosNode

SIGNALS_FOLDER = "registry/signals"
SOURCES_FILE = f"{SIGNALS_FOLDER}/sources.yaml"
UNUSED_ENTRY = "ABM005"  # a sources.yaml entry that matches no file
_NOT_ACTIVITY = (".yaml", ".yml")  # sources.yaml and the column maps beside the exports


@dataclass(frozen=True, slots=True)
class Layout:
    """How one file's rows are read: an adapter, maybe a column map on top, a date layout."""

    format: str = "canonical"
    map: Path | None = None
    date_format: str | None = None
    map_label: str | None = None  # the map as the user wrote it

    @property
    def label(self) -> str:
        """The layout as the summary names it: `bombora`, `canonical, map maps/web.yaml`."""
        return self.format if self.map_label is None else f"{self.format}, map {self.map_label}"


@dataclass(frozen=True, slots=True)
class Source:
    """One activity file of the run and its layout; `in_registry`: found in
    registry/signals/ (its layout then comes from sources.yaml, not the options)."""

    path: Path
    layout: Layout
    in_registry: bool


@dataclass(frozen=True, slots=True)
class _Entry:
    entry: SourceEntry
    line: int
    layout: Layout | None  # None: the entry cannot be used (its finding says why)


@dataclass
class SourcesConfig:
    """`registry/signals/sources.yaml` as read: its usable entries and its findings."""

    entries: list[_Entry] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "error"]


def read_sources_config(root: Path) -> SourcesConfig:
    """The registry's sources.yaml (an empty config when there is none), checked."""
    from abmctl.load.records import validate
    from abmctl.load.schema_errors import item_label
    from abmctl.load.yamlfile import YamlProblem, read_yaml

    config = SourcesConfig()
    path = root / SOURCES_FILE
    folder = root / SIGNALS_FOLDER
    try:
        if not folder.is_dir():
            there, link = folder.exists(), folder.is_symlink()
            if there or link:  # a file, a link to nothing: its exports would go unread
                said = ("a symbolic link to a folder that does not exist" if link and not
                        there else "not a folder")
                config.findings.append(Finding("ABM001", "error", f"{said}; nothing in it is "
                                               "read", SIGNALS_FOLDER, None))
            return config
        if not path.is_file():
            return config
    except OSError as exc:  # registry/signals/ cannot be searched (`chmod 000`)
        raise AbmctlError(f"cannot read the folder: {exc.strerror or exc}",
                          SIGNALS_FOLDER) from None
    try:
        doc = read_yaml(path, SOURCES_FILE)
    except YamlProblem as problem:
        config.findings.append(problem.finding)
        return config
    data = {} if doc.data is None else doc.data
    root_node = doc.index.root
    if not isinstance(data, dict):  # the file's shape first; then each entry on its own
        validate(SourcesFile, data, SOURCES_FILE, root_node, config.findings)
        return config
    written = data.get("sources")
    if validate(SourcesFile, {**data, "sources": []}, SOURCES_FILE, root_node,
                config.findings) is None or written is None:
        return config
    if not isinstance(written, list):
        config.findings.append(Finding("ABM002", "error", "'sources' must be a list",
                                       SOURCES_FILE, root_node.find(["sources"])))
        return config
    node = root_node.child("sources") or root_node
    for position, item in enumerate(written):
        item_node = node.items[position] if position < len(node.items) else node
        label = item_label("sources", position, item)  # `source 1`: counted from 1, as lint
        entry = validate(SourceEntry, item, SOURCES_FILE, item_node, config.findings, label)
        if entry is not None:
            config.entries.append(_checked(entry, label, folder, item_node, config.findings))
    return config


def _checked(entry: SourceEntry, label: str, folder: Path, node: PosNode,
             findings: list[Finding]) -> _Entry:
    """The entry with its layout (None when it cannot be used), its faults to `findings`."""
    lines, line = node.field_lines(), node.line
    layout = _layout(entry, label, folder, lines, line, findings)
    if not _matches(folder, entry.path):
        findings.append(Finding(
            UNUSED_ENTRY, "warning", f"{label}: '{entry.path}' matches no file in "
            f"{SIGNALS_FOLDER}/ (a misspelt glob reads nothing)", SOURCES_FILE,
            lines.get("path", line)))
    return _Entry(entry, line, layout)


def _layout(entry: SourceEntry, label: str, folder: Path, lines: dict[str, int], line: int,
            findings: list[Finding]) -> Layout | None:
    """The entry's layout, or None with an ABM002 finding: an unknown adapter (with the
    closest known name), a map that does not load."""
    from abmctl.load.activity_reader import date_format_fault
    from abmctl.load.adapters import ADAPTERS

    name = entry.format or "canonical"
    fault = date_format_fault(entry.date_format) if entry.date_format else None
    if fault is not None:
        findings.append(Finding(
            "ABM002", "error", f"{label}: date_format {entry.date_format!r}: {fault}",
            SOURCES_FILE, lines.get("date_format", line)))
        return None
    if name not in ADAPTERS:
        close = closest(name, ADAPTERS)
        hint = f"; did you mean '{close}'?" if close else ""
        findings.append(Finding(
            "ABM002", "error", f"{label}: unknown format '{name}'{hint} (known: "
            f"{', '.join(sorted(ADAPTERS))})", SOURCES_FILE, lines.get("format", line)))
        return None
    map_path = None
    if entry.map is not None:
        map_path = folder / entry.map
        problem = _map_problem(map_path, name)
        if problem is not None:
            findings.append(Finding("ABM002", "error", f"{label}: map '{entry.map}' does not "
                                    f"load: {problem}", SOURCES_FILE, lines.get("map", line)))
            return None
    return Layout(name, map_path, entry.date_format, entry.map)


def _map_problem(path: Path, base: str) -> str | None:
    try:
        if not path.is_file():
            return "no such file"
    except OSError as exc:  # a folder on its way cannot be searched
        return f"cannot read it: {exc.strerror or exc}"
    from abmctl.load.adapters.lookup import load_adapter

    try:
        load_adapter(base, path)
    except AbmctlError as exc:
        return exc.message.removeprefix("--signals-map: ")
    return None


def _matches(folder: Path, glob: str) -> list[Path]:
    """The activity files of `folder` a sources.yaml glob matches (never a name outside it),
    with what is named like one but cannot be read (a FIFO, a link loop, a link to nothing or
    out of the root, a folder named like an export): reading refuses those, naming them, as it
    does at registry/signals/'s own level. A plain folder the glob matches is no file."""
    from abmctl.load.export_files import SUFFIXES

    if not folder.is_dir() or Path(glob).is_absolute() or ".." in Path(glob).parts:
        return []
    try:
        return sorted(
            p for p in folder.glob(glob)
            if not p.name.startswith(".") and not p.name.lower().endswith(_NOT_ACTIVITY)
            and (not p.is_dir() or p.name.lower().removesuffix(".gz").endswith(SUFFIXES))
        )
    except (ValueError, OSError):
        return []


def activity_sources(root: Path, signals: list[Path], given: Layout, *,
                     registry_signals: bool = True,
                     config: SourcesConfig | None = None) -> list[Source]:
    """Every file the run reads, in order: registry/signals/ (sorted by path), then the
    `--signals` paths as given (folders: their exports, sorted); each file once."""
    from abmctl.load.activity_reader import date_format_fault
    from abmctl.load.boundary import leads_to
    from abmctl.load.export_files import export_files

    fault = date_format_fault(given.date_format) if given.date_format else None
    if fault is not None:
        raise AbmctlError(f"--date-format {given.date_format!r}: {fault}")
    found: list[Source] = []
    folder = root / SIGNALS_FOLDER
    if registry_signals and folder.is_dir():
        found += registry_sources(folder, config or read_sources_config(root))
    found += [Source(path, given, False) for path in export_files(signals)]
    seen: dict[Path, Source] = {}
    unique: list[Source] = []
    for source in found:
        key = leads_to(source.path)  # a link loop leads nowhere, and is reported when read
        first = seen.get(key)
        if first is None:
            seen[key] = source
            unique.append(source)
        elif first.in_registry and not source.in_registry:
            _check_same_layout(first, given, root)
    return unique


def _check_same_layout(source: Source, given: Layout, root: Path) -> None:
    """A --signals file that registry/signals/ already reads is read once, in sources.yaml's
    layout: a different layout given on the command line would be silently ignored."""
    from abmctl.errors import AbmctlError
    from abmctl.load.export_files import relative

    if given == Layout() or _same(source.layout, given):
        return
    raise AbmctlError(
        f"--signals: already read from {SIGNALS_FOLDER}/ as {source.layout.label}, so "
        "--signals-format, --signals-map and --date-format cannot apply to it: describe its "
        f"layout in {SIGNALS_FOLDER}/sources.yaml, or pass --no-registry-signals",
        relative(source.path, root))


def _same(one: Layout, other: Layout) -> bool:
    from abmctl.load.boundary import leads_to

    maps = [None if m is None else leads_to(m) for m in (one.map, other.map)]
    return (one.format, one.date_format, maps[0]) == (other.format, other.date_format, maps[1])


def registry_sources(folder: Path, config: SourcesConfig) -> list[Source]:
    """registry/signals/'s exports (its own level) and every file a sources.yaml entry
    matches (any level), each in the layout of the first entry that matches it."""
    from abmctl.load.export_files import export_files

    layouts: dict[Path, Layout] = {}
    for item in config.entries:
        if item.layout is None:
            continue  # its ABM002 says why; the command stops on it, lint lists it
        for path in _matches(folder, item.entry.path):
            layouts.setdefault(path, item.layout)
    files = {*export_files([folder], option=""), *layouts}
    files = {p for p in files if p.name.lower() != "sources.yaml"}
    ordered = sorted(files, key=lambda p: p.relative_to(folder).as_posix())
    return [Source(p, layouts.get(p, Layout()), True) for p in ordered]


def sources_findings(root: Path) -> list[Finding]:
    """What `lint` says about sources.yaml (nothing when there is none)."""
    return read_sources_config(root).findings
