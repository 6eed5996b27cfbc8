"""ABM005: registry/signals/sources.yaml names files that are not there."""

from __future__ import annotations

from abmctl.catalogue.base import described

unused_source = described("ABM005", "warning", "a sources.yaml entry matches no file", """
    **What it catches.** An entry of `registry/signals/sources.yaml` whose `path` glob matches
    no export in `registry/signals/` (e.g. `bombra/*.csv` for `bombora/*.csv`).

    **Why.** The entry was written so that a vendor's export would be read in its own layout.
    A glob that matches nothing reads nothing, and the activity it was meant to bring (the
    intent behind tiers and handoffs) is silently missing.

    **Example.**

    ```yaml
    # registry/signals/sources.yaml; the exports are in registry/signals/bombora/
    sources:
      - path: bombra/*.csv
        format: bombora
    ```

    **Use instead.**

    ```yaml
    sources:
      - path: bombora/*.csv
        format: bombora
    ```

    **How to fix.** Correct the glob (it is relative to `registry/signals/`; `*` stays within
    one folder, `**` crosses folders), add the export it names, or delete the entry.
    `abmctl signals` lists every file a run reads and the layout each is read in.
""")


RULES = (unused_source,)
