"""`tiers diff` as the stable JSON document of SPEC §3.3 (`"version": 1`)."""

from __future__ import annotations

import json

from abmctl.output.findings_json import finding_json
from abmctl.output.formats import View
from abmctl.output.run_info import json_fields
from abmctl.tiers.diff import TierDiff


def render(diff: TierDiff, view: View) -> str:
    return render_json(diff)


def render_json(diff: TierDiff) -> str:
    document = {
        "version": 1,
        "base": diff.base,
        "head": diff.head,
        "changes": [
            {"account": c.account, "from": c.from_tier, "to": c.to_tier, "kind": c.kind}
            for c in diff.changes
        ],
        "findings": [finding_json(f) for f in diff.findings],
        **json_fields(diff.run_info),
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"
