"""`registry/signals/sources.yaml`: how the vendor exports kept in `registry/signals/` are read.

Each entry names a glob (relative to `registry/signals/`) and the layout of the files it
matches: an adapter (`format`), a column map (`map`, a YAML file relative to
`registry/signals/`), and the dates' strftime layout (`date_format`). The first matching entry
wins; a file no entry matches is read as the canonical layout.
"""

from __future__ import annotations

from pydantic import Field

from abmctl.model.base import Strict


class SourceEntry(Strict):
    """One glob and the layout of the files it matches."""

    path: str = Field(min_length=1, description="glob relative to registry/signals/, e.g. "
                      "bombora/*.csv")
    format: str | None = Field(default=None, description="an adapter name, as for "
                               "--signals-format (default: canonical)")
    date_format: str | None = Field(default=None, min_length=1, description="strftime layout "
                                    "of the dates, as for --date-format")
    map: str | None = Field(default=None, min_length=1, description="a column map, relative "
                            "to registry/signals/, as for --signals-map")


class SourcesFile(Strict):
    """`registry/signals/sources.yaml`: the layout of each vendor export kept in the repo."""

    sources: list[SourceEntry] = Field(
        default_factory=list,
        description="The entries; the first whose path matches a file wins.")
