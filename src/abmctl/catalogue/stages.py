"""ABM301-ABM302: the account's stage decides who may spend on it and who owns it: ABM until
a qualified meeting, the AE after it, and no marketing spend off the active motion."""

from __future__ import annotations

from collections.abc import Iterator

from abmctl.catalogue.base import Context, finding, rule
from abmctl.engine.motion import on_motion
from abmctl.findings import Finding
from abmctl.model.accounts import Account
from abmctl.model.plays import Play
from abmctl.registry import Registry

# before the meeting the account is ABM's; a booked meeting makes it active
BEFORE_MEETING: frozenset[str] = frozenset({"awareness", "engagement"})


def _targets_off_motion(play: Play, account: Account, ctx: Context) -> bool:
    """The play runs (or ran) while the account is off the motion: it ends on or after the day
    the account left the motion; with no `stage_since`, it is running or still to come."""
    if on_motion(account):
        return False
    if account.stage_since is not None:
        return play.end >= account.stage_since
    return play.end >= ctx.as_of


@rule("ABM301", "error", "a marketing play targets an account that is closed_lost, "
      "disqualified or not_ready")
def no_play_on_off_motion_accounts(reg: Registry, ctx: Context) -> Iterator[Finding]:
    """
    **What it catches.** A play (run by any team) whose accounts — listed in `accounts:` or
    picked by `select:` — include an account whose stage is `closed_lost`, `disqualified` or
    `not_ready`, while the play runs or is still to come. A play that ended before the account
    left the motion (`stage_since`) is history and is not reported; without a `stage_since`,
    only plays that end on or after the as-of date are.

    **Why.** Marketing does not spend budget on accounts sales has closed, disqualified or
    flagged as not ready. Every play touch on such an account is spend with no pipeline behind
    it, and it undercuts the sales decision.

    **Example.**

    ```yaml
    # registry/plays/q4-exec-roundtable.yaml; calder-transit is disqualified
    id: q4-exec-roundtable
    name: Q4 executive roundtable
    owner: abm
    tier: 1
    accounts: [kestrel-bank, calder-transit]
    start: 2026-10-15
    end: 2026-12-15
    ```

    **Use instead.**

    ```yaml
    accounts: [kestrel-bank]
    ```

    **How to fix.** Take the account out of the play's `accounts:` (or narrow its `select:`),
    or, if the account is back in play, correct its `stage`.
    """
    for play in reg.plays:
        field_name = "accounts" if play.accounts is not None else "select"
        for account in reg.play_accounts(play):
            if _targets_off_motion(play, account, ctx):
                since = f" since {account.stage_since}" if account.stage_since else ""
                yield finding(
                    "ABM301", f"play {play.id} ({play.start}..{play.end}) targets "
                    f"{account.id}, which is {account.stage}{since}; no marketing spend on "
                    "accounts off the motion", play, field_name, account=account.id,
                )


@rule("ABM302", "warning", "stage and meeting disagree (meeting booked but stage before "
      "active)")
def meeting_makes_account_active(reg: Registry, ctx: Context) -> Iterator[Finding]:
    """
    **What it catches.** An account with a `meeting_booked` date whose `stage` is still
    `awareness` or `engagement`. (An `active` account with no meeting recorded is not this
    rule's business.)

    **Why.** The handoff to sales has one trigger: a qualified meeting booked with a
    stakeholder, not a lead score or an opportunity record. Once it is booked the AE owns the
    deal and ABM supports; an account left in an earlier stage keeps ABM deciding which plays run
    on the AE's deal.

    **Example.**

    ```yaml
    accounts:
      - id: pinecrest-insurance
        name: Pinecrest Insurance
        domains: [pinecrest.com]
        tier: 2
        stage: engagement
        meeting_booked: 2026-11-19
    ```

    **Use instead.**

    ```yaml
        stage: active
        stage_since: 2026-11-19
        meeting_booked: 2026-11-19
    ```

    **How to fix.** Set `stage: active` and `stage_since:` to the meeting date. If the meeting
    was not a qualified one, clear `meeting_booked`.
    """
    for account in reg.accounts:
        if account.meeting_booked is not None and account.stage in BEFORE_MEETING:
            yield finding(
                "ABM302", f"{account.id}: meeting booked {account.meeting_booked} but stage is "
                f"{account.stage}; a booked qualified meeting makes the account active",
                account, "stage", account=account.id,
            )


RULES = (
    no_play_on_off_motion_accounts,
    meeting_makes_account_active,
)
