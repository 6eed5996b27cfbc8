"""CRM account exports as they come: a Salesforce accounts report, a HubSpot companies
export, a plain CSV, or any layout a column map describes (`--map FILE.yaml`).

Each layout names, for each field an import reads, the header labels that may carry it (the
documented one first: docs/crm.md). The header row is found, footers are left out and rows
that cannot be split are reported by the same pieces the activity adapters use
(`load/adapters/column_map.py`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from pydantic import Field

from abmctl.crm.ids import System
from abmctl.engine.activity import SkippedRow
from abmctl.errors import AbmctlError
from abmctl.load.adapters.canonical import PROBLEM
from abmctl.load.adapters.column_map import Layout, header_rows
from abmctl.load.adapters.salesforce_tasks import is_footer
from abmctl.model.base import Strict
from abmctl.output.escape import FORMULA_STARTS

CrmField = Literal["id", "crm_id", "salesforce_id", "hubspot_id", "name", "domain", "region",
                   "country", "owner_email", "owner"]
# blanks around a line break inside a cell: one blank
_BROKEN = re.compile(r"[ \t]*(?:\r\n|[\r\n])\s*")
# Excel on Windows saves "CSV" in the machine's ANSI code page
ENCODINGS = ("cp1252",)

SALESFORCE = Layout(
    "Salesforce accounts",
    {
        "crm_id": ("Account ID", "Account Id", "Id", "Account ID (18)", "Account: Account ID"),
        "name": ("Account Name", "Name", "Account: Account Name"),
        "domain": ("Website", "Account Website", "Domain"),
        "region": ("Sales Region", "Region", "Territory"),
        "country": ("Billing Country", "BillingCountry", "Billing Country Code", "Country"),
        "owner_email": ("Account Owner Email", "Account Owner: Email", "Owner Email"),
        "owner": ("Account Owner", "Owner Name", "Account Owner Name", "Owner"),
    },
    required=("crm_id", "name"),
)
HUBSPOT = Layout(
    "HubSpot companies",
    {
        "crm_id": ("Record ID", "Company ID", "hs_object_id"),
        "name": ("Company name", "Name", "name"),
        "domain": ("Company Domain Name", "Website URL", "domain", "website"),
        "region": ("Region", "Sales Region", "Territory"),
        "country": ("Country/Region", "Country", "country"),
        "owner_email": ("Company owner email", "Owner email", "Company owner (email)"),
        "owner": ("Company owner", "HubSpot Owner", "hubspot_owner_id"),
    },
    required=("crm_id", "name"),
)
CSV = Layout(
    "plain CSV account",
    {field: (field,) for field in CrmField.__args__},  # type: ignore[attr-defined]
    required=("name", "domain"),
    note=" (a CRM's own export: --from salesforce or --from hubspot; other headers: --map)",
)


@dataclass(frozen=True)
class CrmLayout:
    """A layout and the CRM its `crm_id` column belongs to (None: the ids come in their own
    `salesforce_id` / `hubspot_id` columns)."""

    name: str
    layout: Layout
    system: System | None


LAYOUTS: dict[str, CrmLayout] = {
    "salesforce": CrmLayout("salesforce", SALESFORCE, "salesforce"),
    "hubspot": CrmLayout("hubspot", HUBSPOT, "hubspot"),
    "csv": CrmLayout("csv", CSV, None),
}


@dataclass(frozen=True, slots=True)
class CrmRow:
    """One account row of an export, with its file's line; values stripped, '' when absent."""

    line: int
    fields: dict[str, str]

    def get(self, name: str) -> str:
        return self.fields.get(name, "")


def read_rows(path: Path, rel: str, layout: CrmLayout,
              skipped: list[SkippedRow]) -> list[CrmRow]:
    """The rows of the export (a row that cannot be split goes to `skipped`); an export that
    is not this layout stops the run (exit 2) naming the columns expected and found."""
    from abmctl.load.export_files import read_source

    source = read_source(path, rel, skipped, encodings=ENCODINGS)
    if source is None:
        reason = skipped.pop().reason if skipped else "cannot read it"
        raise AbmctlError(reason, rel)
    found: list[CrmRow] = []
    for line, cells in header_rows(source, layout.layout, stop=is_footer):
        if PROBLEM in cells:
            skipped.append(SkippedRow(rel, line, cells[PROBLEM]))
        else:
            found.append(CrmRow(line, {k: _cell(v) for k, v in cells.items()}))
    return found


def _cell(value: str) -> str:
    """A cell as the one-line value it holds: a line break in it (Excel's Alt+Enter, written
    quoted across lines) is a blank, and `'=x` (abmctl's own CSV, or a spreadsheet's, guarding
    a formula) is the text `=x`, as a spreadsheet shows it, so an exported list imported back
    renames nothing."""
    if "\n" in value or "\r" in value:
        value = _BROKEN.sub(" ", value)
    if value.startswith("'") and value[1:2] and value[1:].startswith(FORMULA_STARTS):
        return value[1:]
    return value


class _MapFile(Strict):
    system: System | None = Field(default=None)
    columns: dict[CrmField, str] = Field(default_factory=dict)


def layout_from_map(path: Path) -> CrmLayout:
    """The layout a `--map FILE.yaml` describes: `columns` (field -> the export's header) and
    `system` (the CRM the `crm_id` column belongs to)."""
    from abmctl.findings import Finding
    from abmctl.load.records import validate
    from abmctl.load.yamlfile import YamlProblem, read_yaml

    rel = path.as_posix()
    try:
        doc = read_yaml(path, rel)
    except YamlProblem as problem:
        raise AbmctlError(f"--map: {problem.finding.message}", rel,
                          problem.finding.line) from None
    if not isinstance(doc.data, dict):
        raise AbmctlError("--map: expected a mapping with system: and columns:", rel, 1)
    faults: list[Finding] = []
    spec = validate(_MapFile, doc.data, rel, doc.index.root, faults, annotated=False)
    if spec is None:  # in the words and with the line of a registry file's fault
        raise AbmctlError(f"--map: {faults[0].message}", rel, faults[0].line)
    needed = [f for f in ("name", "domain") if f not in spec.columns]
    if "crm_id" in spec.columns and spec.system is None:
        raise AbmctlError("--map: a crm_id column needs `system: salesforce` or "
                          "`system: hubspot` (the CRM it is the id in)", rel)
    if needed and not ("crm_id" in spec.columns and "name" in spec.columns):
        raise AbmctlError(f"--map: no column for {', '.join(needed)} (name, and domain or "
                          "crm_id, are required)", rel)
    required = ("crm_id", "name") if "crm_id" in spec.columns else ("name", "domain")
    layout = Layout(f"column-mapped ({rel})",
                    {field: (label,) for field, label in spec.columns.items()}, required,
                    note=f" (the columns come from --map {rel})")
    return CrmLayout("map", layout, spec.system)
