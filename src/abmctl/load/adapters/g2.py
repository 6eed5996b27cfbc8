"""G2 Buyer Intent export (`--signals-format g2`).

One row per company activity on G2: when, the company's domain, and what it did (viewed your
profile or pricing, compared you with a competitor, browsed your category, ...). Each row becomes
a `third_party_intent` signal (source g2, detail = the category or product when given, else the
activity). G2 publishes no column list for this export that we could find; the labels below
follow G2's descriptions of its signals, and alternatives are accepted. docs/vendor-formats.md
says how to map a different layout with `--signals-map`.

The export has no score per activity. When no score column is present, the activity's weight
follows G2's own guidance on account scoring (sell.g2.com): pricing or profile views weigh
high, comparisons and alternatives medium, category research low.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache

from abmctl.load.adapters import RawRow, SourceFile
from abmctl.load.adapters.canonical import PROBLEM
from abmctl.load.adapters.column_map import Layout, header_key, header_rows

ENCODINGS = ("utf-8-sig", "cp1252")

LAYOUT = Layout(
    "G2 Buyer Intent",
    {
        "occurred_at": ("Date", "Activity Date", "Time", "Timestamp", "Day", "Last Seen"),
        "domain": ("Company Domain", "Domain", "Company Website", "Website"),
        "activity": ("Signal", "Activity", "Signal Type", "Activity Type", "Intent Signal",
                     "Tag", "Page Type"),
        "category": ("Category", "Category Name", "Categories", "Product", "Product Name",
                     "Competitor"),
        "score": ("Intent Score", "Score", "Buyer Intent Score"),
    },
    required=("occurred_at", "domain", "activity"),
)
# (words in the activity, score): third-party intent counts at or above min_score (60)
# (checked in order: "Compared products" is a comparison, not a product view)
WEIGHTS: tuple[tuple[tuple[str, ...], int], ...] = (
    (("compar", "alternative", "competitor", "versus", " vs"), 60),
    (("pricing", "profile", "review"), 80),
    (("category",), 30),
)
DEFAULT_WEIGHT = 30


def read_g2(source: SourceFile) -> Iterator[RawRow]:
    """One third_party_intent row per G2 activity."""
    for line, cells in header_rows(source, LAYOUT):
        if PROBLEM in cells:
            yield line, cells
            continue
        activity = cells.get("activity", "")
        yield line, {
            "occurred_at": cells.get("occurred_at", ""),
            "account": cells.get("domain", ""),
            "type": "third_party_intent",
            "detail": cells.get("category") or activity,
            "score": cells.get("score") or str(weight(activity)),
            "source": "g2",
        }


@cache
def weight(activity: str) -> int:
    """The score of a G2 activity by kind (computed once per distinct activity text)."""
    text = f" {header_key(activity)}"
    for words, score in WEIGHTS:
        if any(word in text for word in words):
            return score
    return DEFAULT_WEIGHT
