"""ABM004: an inline suppression past its `until=` date — exceptions must not outlive reasons."""

from __future__ import annotations

from abmctl.catalogue.base import described

suppression_expired = described("ABM004", "warning", "an inline suppression has expired", """
    **What it catches.** A comment such as
    `- id: contoso  # abmctl: ignore[ABM206] until=2027-01-15 reason="pilot"` whose `until`
    date has passed. The suppressed finding is reported again, and so is the expired comment.

    **Why.** An exception agreed for a reason should end when the reason does; otherwise the
    registry fills with silent exceptions nobody remembers agreeing to.

    **Example.**

    ```yaml
    # as of 2026-11-23: the exception ran out on 2026-09-30
    accounts:
      - id: contoso  # abmctl: ignore[ABM206] until=2026-09-30 reason="pilot"
    ```

    **Use instead.**

    ```yaml
    # agreed again at the Q4 review, with a new end date (or the comment removed
    # once the finding is fixed)
    accounts:
      - id: contoso  # abmctl: ignore[ABM206] until=2027-01-15 reason="pilot extended at Q4 review"
    ```

    **How to fix.** Fix what the suppressed rule reports, or, if the exception still holds,
    agree a new date and write it in the comment.
""")

RULES = (suppression_expired,)
