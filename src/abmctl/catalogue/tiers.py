"""ABM201-ABM207: tiers hold what they promise — named owners, seats, thresholds, and changes
made only in a review window."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import replace
from datetime import date

from abmctl.catalogue.base import Context, described, finding, rule
from abmctl.engine.motion import on_motion
from abmctl.engine.owners import Owners
from abmctl.engine.standing import check, listing, meets, standing_of, without_intent
from abmctl.engine.windows import Window, window_for
from abmctl.findings import Finding
from abmctl.model.accounts import Account
from abmctl.model.settings import Review, TierDef
from abmctl.output.text import plural
from abmctl.registry import Registry

# "Tier 1/2" are the tiers worked account by account or by segment
NAMED_TIERS: frozenset[int] = frozenset({1, 2})
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December")


def _tiers(reg: Registry) -> dict[int, TierDef]:
    return {t.id: t for t in reg.settings.tiers.tiers}


@rule("ABM201", "error", "a tier's required owner is missing")
def tier_has_named_owners(reg: Registry, ctx: Context) -> Iterator[Finding]:
    """
    **What it catches.** An account with no owner in a role its tier `requires` (with the
    default tiers: Tier 1 needs an `ae`, an `sdr` and an `abm` owner, Tier 2 an `ae`). Each
    missing role is one finding.

    **Why.** Every play on a Tier 1 or Tier 2 account is coordinated with the AE who owns the
    relationship, and a Tier 1 account also needs its SDR and ABM marketer, named per account.
    Handoffs are routed to these owners: a missing one sends a hot account to nobody.

    **Example.**

    ```yaml
    # Tier 1 requires ae, sdr and abm owners
    accounts:
      - id: kestrel-bank
        name: Kestrel Bank
        domains: [kestrelbank.com]
        tier: 1
        region: emea
        owners: {ae: ana.lima, sdr: chloe.martin}
    ```

    **Use instead.**

    ```yaml
        owners: {ae: ana.lima, sdr: chloe.martin, abm: sam.okafor}
    ```

    **How to fix.** Name the person under `owners:` (`owners: {ae: ana.lima, ...}`), or move
    the account to a tier whose requirements the team can staff.
    """
    tiers, owners = _tiers(reg), Owners(reg)
    for account in reg.accounts:
        tier = tiers.get(account.tier)
        if tier is None:
            continue  # an unknown tier is ABM003's finding
        for role in owners.required_missing(account, tier):
            yield finding(
                "ABM201", f"{account.id}: tier {tier.id} requires a named {role} owner; "
                f"owners has no {role}", account, "owners", account=account.id,
            )


@rule("ABM202", "error", "a tier holds more accounts than max_accounts")
def tier_within_max_accounts(reg: Registry, ctx: Context) -> Iterator[Finding]:
    """
    **What it catches.** A tier holding more accounts than its `max_accounts` (Tier 1: 50,
    Tier 2: 200 by default). A tier exactly at its cap is fine. The finding points at the
    first account over the cap, in file order.

    **Why.** A tier's size is what the team can work at that depth: about 25-50 Tier 1 accounts
    per revenue team and 100-200 in Tier 2. Past the cap every account in the tier gets
    shallower attention; 500 neglected accounts do less than 50 engaged ones.

    **Example.**

    ```yaml
    # rules/tiers.yaml: this team can run two Tier 1 accounts
    tiers:
      - {id: 1, name: Strategic, motion: one_to_one, max_accounts: 2}
      - {id: 2, name: Scaled, motion: one_to_few}
    # registry/accounts/emea.yaml: three in Tier 1 (owners left out here)
    accounts:
      - {id: kestrel-bank, name: Kestrel Bank, domains: [kestrelbank.com], tier: 1}
      - {id: meridian-re, name: Meridian Re, domains: [meridian-re.com], tier: 1}
      - {id: tamarind-foods, name: Tamarind Foods, domains: [tamarindfoods.com], tier: 1}
    ```

    **Use instead.**

    ```yaml
    # the weakest moves down at the next review window (abmctl tiers apply)
      - {id: tamarind-foods, name: Tamarind Foods, domains: [tamarindfoods.com], tier: 2,
         tier_since: 2027-01-04}
    ```

    **How to fix.** Move the weakest accounts of the tier down at the next review window
    (`abmctl tiers plan` ranks them), or raise `max_accounts` in `rules/tiers.yaml` if the team
    really has grown.
    """
    for tier in reg.settings.tiers.tiers:
        cap = tier.max_accounts
        if cap is None:
            continue
        members = accounts_of_tier(reg, tier.id)
        if len(members) > cap:
            over = members[cap]
            yield finding(
                "ABM202", f"tier {tier.id} holds {plural(len(members), 'account')}; "
                f"max_accounts is {cap} ({over.id} is the first over the cap)", over, "tier",
                account=over.id,
            )


@rule("ABM203", "error", "an owner holds more accounts of a tier than their cap")
def ae_within_tier_cap(reg: Registry, ctx: Context) -> Iterator[Finding]:
    """
    **What it catches.** An AE who owns (`owners.ae`) more accounts of one tier than their cap:
    their own `capacity` for that tier in `teams.yaml` when set, else the tier's `max_per_ae`
    (Tier 1: 15, Tier 2: 40 by default). Exactly at the cap is fine. The finding points at the
    first of the AE's accounts over the cap, in file order.

    **Why.** At the one-to-one level an AE can give real attention to about 5 to 15 accounts
    before quality drops; more accounts without more people means shallower engagement across
    the board. Tiers are sized by what sales can sustain.

    **Example.**

    ```yaml
    # registry/teams.yaml: kenji.sato's own cap is 2 Tier 1 accounts
    people:
      - {id: kenji.sato, name: Kenji Sato, team: sales, role: ae, territories: [apac],
         capacity: {1: 2}}
    # registry/accounts/apac.yaml: he owns three (other owners left out here)
    accounts:
      - {id: lotus-bay, name: Lotus Bay, domains: [lotusbay.com], tier: 1, owners: {ae: kenji.sato}}
      - {id: harbour-one, name: Harbour One, domains: [harbourone.au], tier: 1,
         owners: {ae: kenji.sato}}
      - {id: kaimai-dairy, name: Kaimai Dairy, domains: [kaimai.nz], tier: 1,
         owners: {ae: kenji.sato}}
    ```

    **Use instead.**

    ```yaml
      - {id: kaimai-dairy, name: Kaimai Dairy, domains: [kaimai.nz], tier: 1,
         owners: {ae: aisha.khan}}
    ```

    **How to fix.** Hand some of the AE's accounts in that tier to another AE, or move the
    weakest down at the next review window. If the AE's cap is wrong, set it under their
    `capacity:` in `teams.yaml`.
    """
    tiers, owners = _tiers(reg), Owners(reg)
    owned = [(a, (ae, a.tier)) for a in reg.accounts
             if (ae := a.owner("ae")) is not None and a.tier in tiers]
    totals = Counter(key for _, key in owned)
    running: Counter[tuple[str, int]] = Counter()
    for account, key in owned:
        running[key] += 1
        ae, tier_id = key
        cap = owners.ae_cap(ae, tiers[tier_id])
        if cap.limit is not None and running[key] == cap.limit + 1:
            yield finding(
                "ABM203", f"{ae} holds {plural(totals[key], f'tier {tier_id} account')}; "
                f"their cap is {cap.limit} ({cap.source}; {account.id} is the first over it)",
                account, "owners", account=account.id,
            )


@rule("ABM204", "warning", "an account does not meet its tier's keep thresholds",
      reads_intent=True)
def account_meets_keep(reg: Registry, ctx: Context) -> Iterator[Finding]:
    """
    **What it catches.** An account on the active motion that fails one of its tier's `keep`
    thresholds: `fit`, `intent`, `relationship` or `acv_potential`. A missing threshold is no
    condition; a missing score counts as 0. Intent comes from the signals when activity is
    given, else `scores.intent`. Accounts that are closed_lost, disqualified or
    not_ready are left out, as `tiers plan` leaves them out.

    **Why.** Tier 1 and 2 accounts should score high on fit, intent and relationship, and a
    tier follows how likely the account is to buy, not a wish list. `keep` is the bar to stay in
    a tier, set lower than `promote` so that an account near the line does not move back and
    forth at every review.

    **Example.**

    ```yaml
    # Tier 2 keeps fit >= 60 (rules/tiers.yaml)
    accounts:
      - id: lowell-finch
        name: Lowell & Finch
        domains: [lowellfinch.com]
        tier: 2
        tier_since: 2026-04-06
        scores: {fit: 55}
    ```

    **Use instead.**

    ```yaml
    # moved down at the next review window by abmctl tiers apply
        tier: 3
        tier_since: 2027-01-04
        scores: {fit: 55}
    ```

    **How to fix.** At the next review window run `abmctl tiers plan` and apply the demotion
    it proposes, or correct the scores if they are out of date. A known exception can be
    silenced on the account with `# abmctl: ignore[ABM204] until=DATE reason="..."`.
    """
    tiers = _tiers(reg)
    for account in reg.accounts:
        tier = tiers.get(account.tier)
        if tier is None or not on_motion(account) or not ctx.judges(account.id):
            continue
        standing = standing_of(account, ctx.intent)
        keep = tier.keep if ctx.stale is None else without_intent(tier.keep)
        if meets(keep, standing):
            continue
        failed = listing(check(keep, standing), only_failed=True)
        # the same words as the plan's reason for the demotion (engine/standing.py)
        yield finding("ABM204", f"{account.id}: fails tier {tier.id} keep{failed}",
                      account, "tier", account=account.id)


@rule("ABM205", "error", "tier_since falls outside a review window (a mid-cycle tier change)")
def tier_changed_in_window(reg: Registry, ctx: Context) -> Iterator[Finding]:
    """
    **What it catches.** An account in any tier but the lowest whose `tier_since` is not
    inside the review window of its period: with the default quarterly review, the first 14
    days of January, April, July or October (`rules/tiers.yaml` `review:` sets the cadence,
    the window length and the fiscal year start); or whose `tier_since` is after the as-of date.
    An account in the lowest tier may have any `tier_since`: new accounts enter the list on any
    day, at the lowest tier. `abmctl lint` and `abmctl tiers diff` apply this same test, so a
    pull request passes review exactly when lint passes afterwards. The message names the
    window the change should have landed in.

    **Why.** Tiers change on a regular cadence, not in real time: promoting or demoting
    accounts mid-cycle breaks the pacing of the plays and confuses the teams running them.
    Entering the list at the lowest tier starts no play of its own, so it can happen any day.

    **Example.**

    ```yaml
    # quarterly review: windows open Jan/Apr/Jul/Oct 1-14
    accounts:
      - id: vantage-payments
        name: Vantage Payments
        domains: [vantagepay.com]
        tier: 1
        tier_since: 2026-11-18       # promoted mid-quarter
    ```

    **Use instead.**

    ```yaml
        tier: 2                      # stays until the window opens
        tier_since: 2026-07-06
    # then, at the window, abmctl tiers apply writes:
    #   tier: 1
    #   tier_since: 2027-01-04
    ```

    **How to fix.** Keep the account at its previous tier until the next window opens, then
    change it with `abmctl tiers apply` (which writes `tier_since` for you). If the date is
    simply wrong, correct it. A new account that came in at a higher tier enters at the lowest
    tier and is promoted at the next window.

    **Adding an account mid-quarter.** Add it at the lowest tier (with the default tiers,
    `tier: 3`) with `tier_since` set to the day you add it, any day of the quarter; lint and
    `abmctl tiers diff` accept it. At the next review window, `abmctl tiers plan` proposes it
    for a higher tier if its scores meet that tier's `promote` thresholds, and
    `abmctl tiers apply` moves it:

    ```yaml
      - id: northwind-logistics
        name: Northwind Logistics
        domains: [northwind.io]
        tier: 3                      # the lowest tier: any day
        tier_since: 2026-11-18
        scores: {fit: 85, relationship: 40}
    ```

    The same account added with `tier: 1` and `tier_since: 2026-11-18` is ABM205.
    """
    review = reg.settings.tiers.review
    tiers = _tiers(reg)
    lowest = max(tiers)
    windows: dict[date, Window] = {}  # accounts share a few dates: one window each
    for account in reg.accounts:
        since = account.tier_since
        if since is None or account.tier == lowest or account.tier not in tiers:
            continue  # an unknown tier is ABM003's finding
        window = windows.get(since) or windows.setdefault(since, window_for(since, review))
        problem = _tier_since_problem(since, window, review, ctx.as_of)
        if problem is not None:
            yield finding("ABM205", f"{account.id}: tier {account.tier} {problem}", account,
                          "tier_since", account=account.id)


def _tier_since_problem(since: date, window: Window, review: Review, as_of: date) -> str | None:
    """Why a `tier_since` of a tier above the lowest is no review-window date, or None."""
    if since > as_of:
        return (f"since {since}, after the as-of date {as_of}: a tier change takes effect on "
                "the day it is written, inside a review window")
    if window.is_open(since):
        return None
    return (f"since {since}, after the {_window_name(window, review)} window "
            f"({window.start}..{window.end}); tier changes take effect only inside a review "
            f"window (the next starts {window.next_start})")


def _window_name(window: Window, review: Review) -> str:
    """`Q4`, `fiscal Q2`, `November 2026` or `week of 2026-11-23`."""
    start = window.start
    if review.cadence == "weekly":
        return f"week of {start}"
    if review.cadence == "monthly":
        return f"{_MONTHS[start.month - 1]} {start.year}"
    number = (start.month - review.year_start_month) % 12 // 3 + 1
    return f"Q{number}" if review.year_start_month == 1 else f"fiscal Q{number}"


@rule("ABM206", "warning", "high intent but poor fit in Tier 1/2", reads_intent=True)
def intent_without_fit(reg: Registry, ctx: Context) -> Iterator[Finding]:
    """
    **What it catches.** A Tier 1 or Tier 2 account on the active motion whose fit is below
    its tier's `keep.fit` while its intent is at or above the tier's `promote.intent`: the
    account is researching the category, but it does not match the ideal customer profile.

    **Why.** Intent data sharpens the list but does not replace fit with the ideal customer
    profile: an account that researches the category without matching the profile belongs to
    demand generation, not to ABM. A wrong account costs a quarter of coordinated effort, not a
    click.

    **Example.**

    ```yaml
    # Tier 1 keeps fit >= 70 and promotes at intent >= 60
    accounts:
      - id: contoso
        name: Contoso
        domains: [contoso.com]
        tier: 1
        scores: {fit: 52, intent: 75, relationship: 40}
    ```

    **Use instead.**

    ```yaml
    # handed to demand gen at the next review window
        tier: 3
        tier_since: 2027-01-04
        scores: {fit: 52, intent: 75, relationship: 40}
    ```

    **How to fix.** Hand the account to demand gen (take it off the list or down to the
    programmatic tier at the next review window), or, if the fit score is stale, re-score it.
    """
    if ctx.stale is not None:
        return  # stale activity says nothing about today's intent
    tiers = _tiers(reg)
    for account in reg.accounts:
        tier = tiers.get(account.tier)
        if (tier is None or tier.id not in NAMED_TIERS or not on_motion(account)
                or not ctx.judges(account.id)):
            continue
        need_fit, high_intent = tier.keep.fit, tier.promote.intent
        if need_fit is None or high_intent is None:
            continue
        standing = standing_of(account, ctx.intent)
        if standing.fit < need_fit and standing.intent >= high_intent:
            yield finding(
                "ABM206", f"{account.id}: intent {standing.intent} (≥ {high_intent}) but fit "
                f"{standing.fit} (< {need_fit}) in tier {tier.id}: a demand gen lead, not an "
                "ABM target", account, "tier", account=account.id,
            )


@rule("ABM207", "warning", "the owner's territory does not cover the account's region")
def owners_cover_region(reg: Registry, ctx: Context) -> Iterator[Finding]:
    """
    **What it catches.** An account owner (in any role) whose `territories` in `teams.yaml` do
    not include the account's `region`. People with no territories listed cover every region;
    accounts with no region are not checked.

    **Why.** Overlap between teams is settled by territory: when a Tier 1 account sits in a
    regional marketer's territory, the default answer holds only if owners and territories agree.
    An owner outside the account's region bypasses the regional team and its bi-weekly overlap
    review.

    **Example.**

    ```yaml
    # registry/teams.yaml: tom.becker covers na-west only
    accounts:
      - id: kestrel-bank
        name: Kestrel Bank
        domains: [kestrelbank.com]
        tier: 2
        region: emea
        owners: {ae: tom.becker}
    ```

    **Use instead.**

    ```yaml
        owners: {ae: ana.lima}       # covers emea
    ```

    **How to fix.** Give the account an owner who covers its region, correct the account's
    `region`, or add the region to the person's `territories` if they really cover it.
    """
    for account in reg.accounts:
        if account.region is None:
            continue
        for role, person_id in account.owners.items():
            person = reg.person_by_id.get(person_id)
            if person is None or not person.territories:
                continue
            if account.region not in person.territories:
                covers = ", ".join(person.territories)
                yield finding(
                    "ABM207", f"{account.id}: {role} {person_id} covers {covers}, not the "
                    f"account's region {account.region}", account, "owners",
                    account=account.id,
                )


def accounts_of_tier(reg: Registry, tier: int) -> list[Account]:
    """The accounts of `tier`, in file order."""
    return [a for a in reg.accounts if a.tier == tier]


# made by `tiers diff`, which alone sees both revisions (tiers/diff.py)
tier_since_kept = described(
    "ABM208", "error", "an account's tier changed but its tier_since did not", """
    **What it catches.** In `abmctl tiers diff BASE [HEAD]`: an account whose `tier` differs
    between the two revisions while its `tier_since` is the same (or missing in both). Accounts
    added or removed are not checked.

    **Why.** Tiers change on the review cadence, and `tier_since` is how the
    registry records when a change took effect. A change that keeps the old date looks, to
    lint's ABM205 and to everyone reading the file, as if the account had been in its new tier
    since that old date, so a mid-cycle change slips through review.

    **Example.**

    ```yaml
    # at BASE
      - {id: vantage-payments, name: Vantage Payments, domains: [vantagepay.com], tier: 2,
         tier_since: 2026-07-06}
    # at HEAD: the tier changed, the date did not
      - {id: vantage-payments, name: Vantage Payments, domains: [vantagepay.com], tier: 1,
         tier_since: 2026-07-06}
    ```

    **Use instead.**

    ```yaml
    # at HEAD, inside the review window
      - {id: vantage-payments, name: Vantage Payments, domains: [vantagepay.com], tier: 1,
         tier_since: 2027-01-04}
    ```

    **How to fix.** Set `tier_since` to the date the change takes effect, a day inside a review
    window (`abmctl tiers apply` writes both `tier` and `tier_since`), or leave the tier as it
    was until the next window.
""")


# made by `tiers diff` from the plan at the base (tiers/diff.py, tiers/verdict.py)
plan_override = replace(described(
    "ABM209", "warning", "a tier change the plan does not propose (an override needs a reason)",
    """
    **What it catches.** In `abmctl tiers diff BASE [HEAD]`: a promotion or demotion that the
    tier plan does not propose: the plan holds it (a tier or an AE at capacity, a required
    owner missing), moves the account to another tier, or does not move it at all. The plan
    asked is the one `abmctl tiers plan` makes on the registry at BASE, as of the change's new
    `tier_since`, reading the activity at BASE when `registry/signals/` is kept in git (else
    the working tree's) plus any `--signals`. So the answer does not depend on the day the
    check runs: a change `abmctl tiers apply` wrote passes on any later day. The finding shows
    the account's scores against the thresholds of the tier it moves to. Accounts added or
    removed are not checked.

    **Why.** Tiers move by the numbers the team agreed on (fit, intent, relationship, ACV
    against each tier's `promote` and `keep`) and by the capacity it can staff, so that the
    list reflects where the revenue is likely, not who asked loudest. A hand-edit that
    promotes an account the thresholds do not support takes a seat, an AE's time and a
    quarter of plays from an account that earned them. Sometimes a person knows better (a
    signed strategic partnership the scores cannot see): then the override should be visible
    and explained, not silent.

    **Example.**

    ```yaml
    # rules/tiers.yaml: tier 1 promote {fit: 80, intent: 60}
      - id: vantage-payments
        name: Vantage Payments
        domains: [vantagepay.com]
        tier: 1                      # was 3; fit 55, intent 12: no plan proposes this
        tier_since: 2027-01-04
        scores: {fit: 55}
    ```

    **Use instead.**

    ```yaml
    # apply what the plan proposes (abmctl tiers plan, then abmctl tiers apply), or keep a
    # deliberate override, with its reason, on the account:
      - id: vantage-payments  # abmctl: ignore[ABM209] reason="partnership signed in Dec"
        name: Vantage Payments
        domains: [vantagepay.com]
        tier: 1
        tier_since: 2027-01-04
        scores: {fit: 55}
    ```

    **How to fix.** Run `abmctl tiers plan --as-of DATE` on the base branch to see what the
    plan proposes and why, and change the tier to that (or not at all). If the scores are
    wrong, correct them first, in their own pull request. If the change is a deliberate
    override, put `# abmctl: ignore[ABM209] reason="..."` on the account's first line: a
    suppression without `reason=` does not silence this rule.
"""), suppression_needs_reason=True)


RULES = (
    tier_has_named_owners,
    tier_within_max_accounts,
    ae_within_tier_cap,
    account_meets_keep,
    tier_changed_in_window,
    intent_without_fit,
    owners_cover_region,
    tier_since_kept,
    plan_override,
)
