"""The sample vendor exports in `data/` (see `data/SOURCES.md`), and a registry that names
their accounts."""

from __future__ import annotations

from pathlib import Path

from abmctl.load.adapters import SourceFile
from tests.support.registry import write_registry

DATA = Path(__file__).resolve().parent / "data"

# accounts the sample exports name (Bombora's real domains, the invented CRM ones)
SAMPLE_ACCOUNTS = """
accounts:
  - {id: northwind, name: Northwind Traders, domains: [northwind.com], tier: 3}
  - {id: contoso, name: Contoso, domains: [contoso.com], tier: 3}
  - {id: lightower, name: Lightower, domains: [0-lightower.net], tier: 3}
  - {id: alma, name: 101 Alma, domains: [101alma.com], tier: 3}
"""


def sample(rel: str, encoding: str = "utf-8-sig") -> SourceFile:
    """A sample export as an adapter receives it: decoded text and its name."""
    path = DATA / rel
    return SourceFile(f"signals/{path.name}", path.name, path.read_text(encoding=encoding))


def sample_registry(root: Path) -> Path:
    """A registry whose accounts are the ones the sample exports name."""
    return write_registry(root, {"registry/accounts/sample.yaml": SAMPLE_ACCOUNTS})
