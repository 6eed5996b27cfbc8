"""The report's pages, each laid out from the reports `report.site.gather` made: the program at
a glance, the handoff queue, the overlap agenda, the scorecard, the tiers, the list's health,
and a page per account. Numbers are the reports' own; a chart tallies a report's items (its
handoffs per territory, its findings per code) and shows the tally as a table beside it.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING, Any

from abmctl.output.escape import html as e
from abmctl.output.text import column_stamp, plural
from abmctl.report.charts import Chart, Series
from abmctl.report.html import (
    Column,
    Site,
    account_link,
    account_page_name,
    cards,
    figure,
    page,
    status,
    table,
)

if TYPE_CHECKING:
    from abmctl.findings import Finding
    from abmctl.model.accounts import Account
    from abmctl.report.site import Reports
    from abmctl.scorecard.trend import Trend
    from abmctl.tiers.history import HistoryReport

SLA_STATUSES = (("breached", "bad"), ("pending", "warn"), ("met", "good"))
SEVERITY_TONES = (("error", "bad"), ("warning", "warn"), ("info", "muted"))
REVIEW_CODE = "ABM105"  # an account's list review is overdue (catalogue.listhygiene)
CODES_CHARTED = 12  # the most frequent codes get a bar each; the table lists every code


PARTS = 4  # at most this many processes make the account pages,
PART_SIZE = 500  # each with at least this many (fewer: not worth a process)


def write_site_pages(reports: Reports, site: Site, folder: Path) -> list[str]:
    """Every page of the site written under `folder`; their paths. The account pages are made
    and written in parts by child processes (`abmctl.parallel`) while this one draws the
    charts of the others."""
    from abmctl import parallel
    from abmctl.report.write import write_pages

    ids = [account.id for account in reports.reg.accounts]
    if ids:
        reports.explainer.explain(ids[0])  # its indexes made once, before the children copy it
    (folder / "accounts").mkdir()
    parts = max(1, min(PARTS, parallel.cores(), len(ids) // PART_SIZE + 1))
    if not parallel.core_to_spare():
        parts = 1  # made here, after the other pages
    size = max(1, -(-len(ids) // parts))  # (no account: no part)
    waits = [parallel.beside(_account_part, reports, site, folder, ids[n:n + size])
             for n in range(0, len(ids), size)]
    try:
        written = write_pages(folder, [
            ("index.html", index(reports, site)),
            ("handoff.html", handoff(reports, site)),
            ("overlap.html", overlap(reports, site)),
            ("scorecard.html", scorecard(reports, site)),
            ("tiers.html", tiers(reports, site)),
            ("health.html", health(reports, site)),
        ])
    except BaseException:
        parallel.settle(waits)  # the children done writing before the folder is removed
        raise
    counts: dict[str, tuple[int, int, int]] = {}
    try:
        for wait in waits:
            counts.update(wait())
    except BaseException:
        parallel.settle(waits)  # the other parts done before the folder is removed
        raise
    written += [f"accounts/{account_page_name(account)}" for account in ids]
    written += write_pages(folder, [("accounts/index.html", accounts(reports, site, counts))])
    return written


def _account_part(reports: Reports, site: Site, folder: Path, ids: list[str],
                  ) -> dict[str, tuple[int, int, int]]:
    """The pages of these accounts written under `folder/accounts/`; for each account, how
    many handoffs, conflicts and findings its page explains."""
    from abmctl.explain.render_json import explanation_json

    counts: dict[str, tuple[int, int, int]] = {}
    accounts_folder = folder / "accounts"
    by_id = reports.reg.account_by_id
    for account_id in ids:
        document = explanation_json(reports.explainer.explain(account_id))
        counts[account_id] = (len(document["handoffs"]), len(document["conflicts"]),
                              len(document["findings"]))
        text = account_page(site, by_id[account_id], document)
        (accounts_folder / account_page_name(account_id)).write_bytes(
            text.encode("utf-8", "surrogateescape"))
    return counts


def index(reports: Reports, site: Site) -> str:
    """The page a quarterly review opens on: the key numbers with their status, each
    scorecard metric's trend, the tier sizes against their limits, the scorecard chart."""
    from abmctl.report.html import sparkline

    card, hand, conflicts = reports.scorecard, reports.handoffs, reports.overlap.conflicts
    findings = reports.lint.findings
    severities = Counter(f.severity for f in findings)
    sla = Counter(h.sla_status for h in hand.handoffs)
    overdue_reviews = sum(1 for f in findings if f.code == REVIEW_CODE)
    over = [load for load in reports.plan.capacity
            if load.max_accounts is not None and load.before > load.max_accounts]
    tier_sizes = ", ".join(
        f"Tier {load.tier}: {load.before}"
        + ("" if load.max_accounts is None else f" of {load.max_accounts}")
        for load in reports.plan.capacity)
    key_numbers = cards([
        (card.health.status, f"scorecard health, {card.label}",
         f'{e(card.health.reason)} <a href="scorecard.html">Scorecard</a>'),
        (str(sla["breached"]), "handoffs past their SLA",
         f"{status('breached' if sla['breached'] else 'met')} of "
         f"{plural(len(hand.handoffs), 'handoff')} to make; {sla['pending']} pending. "
         '<a href="handoff.html">Handoff queue</a>'),
        (str(len(conflicts)), "conflicts between teams",
         f'{e(_overlap_headline(reports))}. <a href="overlap.html">Overlap agenda</a>'),
        (str(len(reports.reg.accounts)), "accounts on the list",
         f"{e(tier_sizes)}"
         + (f"; {status('red')} {e(', '.join(f'Tier {o.tier}' for o in over))} over its "
            "max_accounts" if over else "")
         + '. <a href="tiers.html">Tiers</a>'),
        (str(len(findings)), "lint findings",
         f"{plural(severities['error'], 'error')}, {plural(severities['warning'], 'warning')}, "
         f"{plural(overdue_reviews, 'overdue list review')}. "
         '<a href="health.html">List health</a>'),
    ])
    trend = reports.trend
    labels = [c.label for c in trend.cards]
    whole = [row for row in trend.rows if row.group is None]
    # the latest value and its status first: on a phone they show without scrolling sideways
    trend_rows = [[e(row.title), _shown_ratio(row.latest.value), status(row.latest.status),
                   _shown_ratio(row.latest.target),
                   sparkline(row.title, labels, [_ratio(p.value) for p in row.points],
                             [_shown_ratio(p.value) for p in row.points])]
                  for row in whole]
    trends = table([Column("Metric"), Column(f"{labels[-1]}", True), Column("Status"),
                    Column("Target", True), Column(f"{labels[0]} to {labels[-1]}")],
                   trend_rows, caption="Each metric month by month: the trend", sticky=True,
                   keys=[f"trend:{row.metric}" for row in whole]) if labels else ""
    stale = ("" if reports.stale is None else
             f"<p><strong>The {e(reports.stale)}</strong>: the scorecard, handoffs and "
             "intent read from it are out of date, and the tier plan holds the moves that "
             "rest on intent.</p>")
    body = (f"{stale}<h2>Key numbers</h2>{key_numbers}"
            f"<h2>Trends, the last {len(labels)} months</h2><p>Each metric month by month "
            '(<code>abmctl scorecard --trend</code>; the <a href="scorecard.html#trend">'
            f"scorecard</a> draws each one against its target).</p>{trends}"
            f"<h2>Tier sizes</h2>{figure(_sizes_chart(reports))}"
            f"<h2>Scorecard, {e(card.label)}</h2>{figure(_metrics_chart(reports))}")
    return page(site, "index.html", "The ABM program at a glance", body)


def _sizes_chart(reports: Reports) -> Chart:
    loads = reports.plan.capacity
    return Chart(
        "tier-sizes", "Tier sizes against their limits",
        "Bars: accounts in each tier now, beside the tier's max_accounts.",
        "Tier", "Accounts", tuple(f"{load.tier} {load.name}" for load in loads),
        (Series("Accounts", tuple(float(load.before) for load in loads), "c1"),
         Series("max_accounts", tuple(None if load.max_accounts is None
                                      else float(load.max_accounts) for load in loads),
                "muted")))


def _overlap_headline(reports: Reports) -> str:
    from abmctl.overlap.groups import headline

    return headline(reports.overlap.conflicts)


def handoff(reports: Reports, site: Site) -> str:
    handoffs = reports.handoffs.handoffs
    regions = sorted({h.account.region or "(none)" for h in handoffs})
    by_region: Counter[tuple[str, str]] = Counter(
        (h.account.region or "(none)", h.sla_status) for h in handoffs)
    chart = Chart(
        "handoffs-by-territory", "Handoffs by territory and SLA status",
        "Stacked bars: per territory, how many handoffs are past their SLA, still within it, "
        "or followed up in time.",
        "Territory", "Handoffs", tuple(regions),
        tuple(Series(name, tuple(float(by_region[(r, name)]) for r in regions), tone)
              for name, tone in SLA_STATUSES),
        kind="stacked")
    # the account and its SLA status first: on a phone they stay in view (the account
    # column sticks while the rest scrolls sideways)
    columns = [Column("Account"), Column("SLA"), Column("Tier", True), Column("Transition"),
               Column("Goes to"), Column("Person"), Column("At (UTC)"), Column("Due (UTC)"),
               Column("First touch (UTC)")]
    rows = [[account_link(h.account.id), status(h.sla_status), str(h.account.tier),
             e(h.transition), e(h.route.to), e(h.route.person or "-"), column_stamp(h.at),
             column_stamp(h.due),
             column_stamp(h.followed_up) if h.followed_up is not None else "-"]
            for h in handoffs]
    notes = "" if reports.handoffs.has_activity else (
        "<p>No activity files were read: only booked meetings in the account files hand "
        "accounts on.</p>")
    body = (f"<p>{plural(len(handoffs), 'handoff')}, {reports.handoffs.overdue} past their "
            f"SLA: what <code>abmctl handoff</code> lists, most urgent first.</p>{notes}"
            f"{figure(chart) if handoffs else ''}"
            + table(columns, rows, caption="The handoff queue", sticky=True,
                    keys=[f"{h.account.id}:{h.transition}" for h in handoffs]))
    return page(site, "handoff.html", "Handoff queue", body)


def overlap(reports: Reports, site: Site) -> str:
    from abmctl.overlap.groups import NO_ACCOUNT, by_account, repeats_note

    report = reports.overlap
    groups = by_account(report.conflicts)
    codes: Counter[tuple[str, str]] = Counter((c.code, c.severity) for c in report.conflicts)
    ordered = sorted({code for code, _ in codes})
    chart = Chart(
        "conflicts-by-rule", "Conflicts by rule and severity",
        "Stacked bars: how many conflicts each overlap rule found, by severity.",
        "Rule", "Conflicts", tuple(ordered),
        tuple(Series(name, tuple(float(codes[(code, name)]) for code in ordered), tone)
              for name, tone in SEVERITY_TONES),
        kind="stacked")
    listed = sum(len(items) for _, items in groups)
    notes = [e(note) for note in report.notes]
    if (grouped := repeats_note(listed, report.conflicts)) is not None:
        notes.append(e(grouped).replace("--all lists each",
                                        "<code>abmctl overlap --all</code> lists each"))
    parts = [f"<p>{e(_overlap_headline(reports))}: the agenda of the overlap review, "
             "accounts with the worst conflict first (<code>abmctl overlap</code>).</p>"]
    parts += [f"<p>Note: {note}</p>" for note in notes]
    if report.conflicts:
        parts.append(figure(chart))
    for account, items in groups:
        title = e(account) if account == NO_ACCOUNT else account_link(account)
        parts.append(f'<h2 data-key="{e(account)}">{title}</h2><ul class="items">')
        for conflict, alike in items:
            parts.append(f"<li>{_conflict(conflict)}"
                         f"{f' ({alike} alike)' if alike > 1 else ''}</li>")
        parts.append("</ul>")
    return page(site, "overlap.html", "Overlap agenda", "".join(parts))


def _conflict(conflict: Finding) -> str:
    teams = f" Teams: {e(', '.join(conflict.teams))}." if conflict.teams else ""
    decides = f" Decides: {e(conflict.decides)}." if conflict.decides else ""
    resolution = f"<br>Resolution: {e(conflict.resolution)}" if conflict.resolution else ""
    message = conflict.message  # a sentence of its own before Teams: and Decides:
    if (teams or decides) and not message.endswith((".", "!", "?")):
        message += "."
    return (f"{status(conflict.severity)} <b>{e(conflict.code)}</b> {e(message)}"
            f"{teams}{decides}{resolution}")


def _metrics_chart(reports: Reports) -> Chart:
    metrics = reports.scorecard.metrics
    return Chart(
        "metrics", f"Scorecard metrics, {reports.scorecard.label}",
        "Bars: each metric's value beside its target, as percentages.",
        "Metric", "Share", tuple(m.title for m in metrics),
        (Series("Value", tuple(_ratio(m.value) for m in metrics), "c1"),
         Series("Target", tuple(_ratio(m.target) for m in metrics), "muted")),
        percent=True)


def _ratio(value: object) -> float | None:
    from abmctl.scorecard.render_json import ratio

    return ratio(value)  # type: ignore[arg-type]


def scorecard(reports: Reports, site: Site) -> str:
    from abmctl.scorecard.metrics import percent

    card = reports.scorecard
    # the status beside the metric: on a phone both stay in view (the metric sticks)
    columns = [Column("Metric"), Column("Status"), Column("Value", True),
               Column("Target", True), Column("Red below", True), Column("Counted", True)]
    rows = [[e(m.title), status(m.status) + (f' <span class="note">({e(m.note)})</span>'
                                             if m.note else ""),
             percent(m.value), percent(m.target), percent(m.red_below),
             f"{m.numerator} / {m.denominator}"]
            for m in card.metrics]
    parts = [f"<p>Health: {status(card.health.status)}: {e(card.health.reason)} "
             f"(<code>abmctl scorecard</code>, {e(card.label)}: {card.period.start} to "
             f"{card.period.end}).</p>",
             table(columns, rows, caption=f"The scorecard, {card.label}",
                   keys=[m.id for m in card.metrics], sticky=True),
             figure(_metrics_chart(reports)),
             _trend(reports.trend)]
    parts += [f"<p>Note: {e(note)}</p>" for note in card.notes]
    for metric in card.metrics:
        if not metric.pulling_down:
            continue
        shown = metric.pulling_down[:LISTED]
        parts.append(f"<h2>Pulling down: {e(metric.title)}</h2><ul class=\"items\">")
        parts += [f"<li>{_subject(p.subject, p.kind, reports)}: {e(p.reason)}</li>"
                  for p in shown]
        if len(metric.pulling_down) > LISTED:
            parts.append(f"<li>and {len(metric.pulling_down) - LISTED} more</li>")
        parts.append("</ul>")
    return page(site, "scorecard.html", "Scorecard", "".join(parts))


LISTED = 25  # accounts named under each metric and review list; the rest are counted


def _trend(trend: Trend) -> str:
    """Each metric over the last months, as `abmctl scorecard --trend` reports it: a line
    against its target, the values and counts in the table beside it."""
    labels = tuple(card.label for card in trend.cards)
    parts = [f'<h2 id="trend">Trend: the last {len(labels)} months</h2>'
             "<p>Each metric month by month "
             "(<code>abmctl scorecard --trend</code>); the dashed line is its target.</p>"]
    for row in trend.rows:
        if row.group is not None:
            continue
        latest = row.latest
        chart = Chart(
            f"trend-{row.metric}", f"{row.title}, {labels[0]} to {labels[-1]}",
            f"A line: {row.title} in each of the last {len(labels)} months; latest "
            f"{_shown_ratio(latest.value)}, {latest.status}.",
            "Month", "Share", labels,
            (Series(row.title, tuple(_ratio(p.value) for p in row.points), "c1"),),
            kind="line", percent=True, target=_ratio(latest.target))
        counted = table([Column("Month"), Column("Value", True), Column("Counted", True),
                         Column("Status")],
                        [[e(label), _shown_ratio(p.value), f"{p.numerator} / {p.denominator}",
                          status(p.status)] for label, p in zip(labels, row.points, strict=True)],
                        caption=f"{row.title} by month: the numbers",
                        keys=[f"{row.metric}:{label}" for label in labels])
        parts.append(f"<h3>{e(row.title)}</h3>{figure(chart, counted)}")
    return "".join(parts)


def _shown_ratio(value: object) -> str:
    from abmctl.scorecard.metrics import percent

    return percent(value)  # type: ignore[arg-type]


def _subject(subject: str, kind: str, reports: Reports) -> str:
    if kind == "account" and subject in reports.reg.account_by_id:
        return account_link(subject)
    return e(subject)


def tiers(reports: Reports, site: Site) -> str:
    plan = reports.plan
    loads = plan.capacity
    chart = _sizes_chart(reports)
    columns = [Column("Tier", True), Column("Name"), Column("Accounts", True),
               Column("After the plan", True), Column("max_accounts", True)]
    rows = [[str(load.tier), e(load.name), str(load.before), str(load.after),
             "-" if load.max_accounts is None else str(load.max_accounts)] for load in loads]
    moves = Counter(m.kind for m in plan.changes)
    window = (f"open ({plan.window.start} to {plan.window.end})" if plan.is_open
              else f"closed; the next opens {plan.window.next_start}")
    change_rows = [[account_link(m.account), str(m.from_tier),
                    "leaves the list" if m.to_tier is None else str(m.to_tier), e(m.reason)]
                   for m in plan.changes]
    held_rows = [[account_link(m.account), str(m.from_tier),
                  "-" if m.to_tier is None else str(m.to_tier), e(m.reason)]
                 for m in plan.held]
    move_columns = [Column("Account"), Column("From", True), Column("To"), Column("Reason")]
    body = (
        f"<p>The tier plan as of {plan.as_of} (<code>abmctl tiers plan</code>): "
        f"{moves['promoted']} promoted, {moves['demoted']} demoted, "
        f"{moves['leaving']} leaving the list, {len(plan.held)} held. The review window is "
        f"{window}.</p>{figure(chart)}"
        + table(columns, rows, caption="Tier sizes", keys=[str(load.tier) for load in loads])
        + _history(reports.history, reports.history_note)
        + "<h2>Proposed changes</h2>"
        + table(move_columns, change_rows, caption="Changes the plan proposes")
        + "<h2>Held</h2>"
        + table(move_columns, held_rows, caption="Moves held by capacity, owners or stale "
                "activity"))
    return page(site, "tiers.html", "Tiers", body)


MOVES = (("promoted", "good"), ("demoted", "warn"), ("added", "c1"), ("removed", "bad"))


def _history(found: HistoryReport | None, note: str | None) -> str:
    """Tier sizes at each quarter's end and the moves in each, as `abmctl tiers history`
    reports them."""
    if found is None:
        return (f"<h2>Over time</h2><p>No tier history: {e(note or 'git cannot be read')} "
                "(<code>abmctl tiers history</code> reads it from git).</p>")
    periods = found.periods
    labels = tuple(p.label for p in periods)
    tier_ids = sorted({size.tier for p in periods for size in p.sizes})
    names = {size.tier: size.name for p in periods for size in p.sizes}
    sizes = {(p.label, size.tier): size for p in periods for size in p.sizes}
    tones = ("c1", "c2", "c3", "c4")
    size_chart = Chart(
        "tier-sizes-over-time", "Tier sizes at each quarter's end",
        f"Bars: the accounts in each tier at the end of each of the last {len(labels)} "
        "quarters.", "Quarter", "Accounts", labels,
        tuple(Series(f"Tier {tier} {names[tier]}", tuple(
            float(sizes[(label, tier)].accounts) if (label, tier) in sizes else None
            for label in labels), tones[n % len(tones)]) for n, tier in enumerate(tier_ids)))
    # promotions and demotions apart from additions and removals: the list's first import
    # (an "added" for every account, as the history counts it) would set the scale of both
    moves_chart, list_chart = (Chart(
        key, title, f"Bars side by side: the accounts {what} in each quarter.", "Quarter",
        "Accounts", labels,
        tuple(Series(kind, tuple(float(p.counts[kind]) for p in periods), tone)
              for kind, tone in MOVES if kind in kinds))
        for key, title, what, kinds in (
            ("tier-moves", "Promotions and demotions per quarter",
             "promoted to a higher tier and demoted to a lower one", ("promoted", "demoted")),
            ("list-changes", "Accounts added to and removed from the list",
             "added to the list and removed from it (the first quarter holds the list's "
             "first import)", ("added", "removed"))))
    columns = [Column("Quarter")] + [Column(kind, True) for kind, _ in MOVES] + [
        Column(f"Tier {tier} / max", True) for tier in tier_ids]
    rows = [[e(p.label)] + [str(p.counts[kind]) for kind, _ in MOVES] + [
        _size(sizes.get((p.label, tier))) for tier in tier_ids] for p in periods]
    notes = "".join(f"<p>Note: {e(n)}</p>" for n in found.notes)
    return (f"<h2>Over time</h2><p>The last {len(labels)} quarters from git "
            f"(<code>abmctl tiers history</code>).</p>{notes}{figure(size_chart)}"
            f"{figure(moves_chart)}{figure(list_chart)}"
            + table(columns, rows, caption="Moves and sizes per quarter",
                    keys=list(labels)))


def _size(size: object) -> str:
    from abmctl.tiers.history import TierSize

    if not isinstance(size, TierSize):
        return "–"
    limit = "" if size.max_accounts is None else f" / {size.max_accounts}"
    return f"{size.accounts}{limit}{' over' if size.over else ''}"


def health(reports: Reports, site: Site) -> str:
    from abmctl.catalogue import catalogue
    from abmctl.output.findings_statistics import counts

    rules = catalogue()
    rows_by_code = counts(reports.lint.findings)  # what `abmctl lint --statistics` prints
    charted = rows_by_code[:CODES_CHARTED]
    chart = Chart(
        "findings-by-code", "Lint findings by rule",
        f"Bars: the {len(charted)} rules with the most findings, by how many each has.",
        "Rule", "Findings", tuple(code for code, _, _ in charted),
        (Series("Findings", tuple(float(n) for _, _, n in charted), "c1"),))
    columns = [Column("Rule"), Column("Severity"), Column("Findings", True), Column("What")]
    rows = [[e(code), status(severity), str(n),
             e(rules[code].summary if code in rules else "")]
            for code, severity, n in rows_by_code]
    reviews = [f for f in reports.lint.findings if f.code == REVIEW_CODE]
    review_rows = [[_subject(f.account or "-", "account", reports), e(f.message)]
                   for f in reviews[:LISTED * 4]]
    more = len(reviews) - len(review_rows)
    body = (
        f"<p>{plural(len(reports.lint.findings), 'finding')} in "
        f"{plural(reports.lint.files_checked, 'file')} (<code>abmctl lint</code>; per rule as "
        "<code>abmctl lint --statistics</code> counts them).</p>"
        + (figure(chart) if charted else "")
        + table(columns, rows, caption="Findings by rule", keys=[c for c, _, _ in rows_by_code])
        + f"<h2>Stale reviews</h2><p>{plural(len(reviews), 'account')} whose list review is "
        f"overdue ({REVIEW_CODE}).</p>"
        + table([Column("Account"), Column("Finding")], review_rows,
                caption="Accounts due for review")
        + (f"<p>and {more} more (<code>abmctl lint --select {REVIEW_CODE}</code>).</p>"
           if more > 0 else ""))
    return page(site, "health.html", "List health", body)


def accounts(reports: Reports, site: Site, counts: dict[str, tuple[int, int, int]]) -> str:
    """Every account, with how many handoffs, conflicts and findings its page explains. Ten
    thousand rows: each is written short (HTML's optional end tags left out, the numbers'
    alignment set once by the stylesheet, the id unquoted: ids are slugs), an `id` each (a
    link can point at an account's row)."""
    ordered = sorted(reports.reg.accounts, key=lambda a: (a.tier, a.id))
    rows = []
    for account in ordered:
        handoffs, conflicts, findings = counts[account.id]
        slug = e(account.id)
        rows.append(f"<tr id={slug}><td><a href={e(account_page_name(account.id))}>{slug}</a>"
                    f"<td>{e(account.name)}"
                    f"<td>{account.tier}<td>{e(account.stage)}<td>{e(account.region or '-')}"
                    f"<td>{handoffs}<td>{conflicts}<td>{findings}")
    head = "".join(f'<th scope="col"{" class=num" if n in _COUNTED else ""}>{name}</th>'
                   for n, name in enumerate(("Account", "Name", "Tier", "Stage", "Territory",
                                             "Handoffs", "Conflicts", "Findings")))
    tiers = Counter(a.tier for a in ordered)
    jump = ", ".join(f'<a href="#{e(ordered[sum(n for t, n in tiers.items() if t < tier)].id)}"'
                     f">Tier {tier}</a> ({tiers[tier]})" for tier in sorted(tiers))
    body = (f"<p>{plural(len(ordered), 'account')} on the list, by tier: {jump}.</p>"
            '<div class="scroll" tabindex="0" role="region" aria-label="Every account">'
            f'<table class="accounts"><caption>Every account</caption><thead><tr>{head}</tr>'
            f'</thead><tbody>{"".join(rows) or "<tr><td colspan=8>None."}</tbody></table></div>')
    return page(site, "accounts/index.html", "Accounts", body)


_COUNTED = (2, 5, 6, 7)  # the accounts' table's number columns (right-aligned)


def account_page(site: Site, account: Account, document: dict[str, Any]) -> str:
    """`abmctl explain ACCOUNT`'s document laid out, a section each: the record as a card, the
    tier as a sentence with its checks, the signals adding up to the intent, the owners, the
    handoffs with their SLA status, conflicts, findings and the tier history. Every figure is
    the document's (nothing recomputed here but its dates cut to the day)."""
    parts = [f"<p>What <code>abmctl explain {e(account.id)}</code> shows, as of "
             f"{e(document['as_of'])}.</p>", _record(document["account"]),
             "<h2>Tier</h2>", _tiering(document["tier"]),
             "<h2>Intent</h2>", _intent(document["intent"], document["as_of"]),
             "<h2>Owners and stage</h2>", _ownership(document["ownership"]),
             "<h2>Handoffs</h2>", _handoffs(document["handoffs"]),
             "<h2>Conflicts</h2>", _items(document["conflicts"], "conflicts"),
             "<h2>Lint findings</h2>", _items(document["findings"], "findings"),
             "<h2>Tier history</h2>", _changes(document["history"])]
    return page(site, f"accounts/{account_page_name(account.id)}", f"{account.name} ({account.id})",
                "".join(parts))


def _day(stamp: Any) -> str:
    """An ISO date or timestamp of the document as its day (YYYY-MM-DD); a dash when none."""
    return "–" if stamp is None else e(str(stamp)[:10])


def _record(a: dict[str, Any]) -> str:
    owners = ", ".join(f"{role} {person}" for role, person in a["owners"].items())
    fields = (("Tier", f"{a['tier']} (since {_day(a['tier_since'])})"),
              ("Stage", f"{e(a['stage'])} (since {_day(a['stage_since'])})"),
              ("Territory", e(a["region"] or "–")), ("Segment", e(a["segment"] or "–")),
              ("Domains", e(", ".join(a["domains"]) or "–")), ("Owners", e(owners or "–")),
              ("File", f"<code>{e(a['path'])}:{a['line']}</code>"))
    return ('<dl class="record" data-key="account">' + "".join(
        f"<div><dt>{name}</dt><dd>{value}</dd></div>" for name, value in fields) + "</dl>")


def _tiering(t: dict[str, Any]) -> str:
    s, verdict = t["standing"], t["verdict"]
    window = verdict["window"]
    when = (f"the review window is open ({window['start']} to {window['end']})"
            if window["open"] else f"the next review window opens {window['next_start']}")
    move = ("" if verdict["from"] == verdict["to"]
            else f" from tier {verdict['from']} to {verdict['to'] or 'off the list'}")
    acv = s["acv_potential"]
    parts = [f'<p data-key="tier.verdict">Tier {t["tier"]} {e(t["name"])}: '
             f'<b>{e(verdict["kind"])}</b>{e(move)}: {e(verdict["reason"])}; {e(when)}.</p>'
             f'<p data-key="tier.standing">Scores: fit {_num(s["fit"])}, intent '
             f'{_num(s["intent"])}, relationship {_num(s["relationship"])}, ACV potential '
             f'{"–" if acv is None else f"{acv:,}"}.</p>']
    for kind, what in (("keep", "To keep tier"), ("promote", "To be promoted to tier")):
        criteria = t[kind]
        if criteria is None or not criteria["checks"]:
            continue
        caption = f"{what} {criteria['tier']} {criteria['name']}"
        parts.append(table(
            [Column("Score"), Column("Value", True), Column("Threshold", True), Column("Met")],
            [[e(c["score"]), _num(c["value"]), _num(c["threshold"]), _met(c["met"])]
             for c in criteria["checks"]],
            caption=caption, keys=[f"tier.{kind}.{c['score']}" for c in criteria["checks"]]))
    return "".join(parts)


def _num(value: Any) -> str:
    return "–" if value is None else e(f"{value:,}" if isinstance(value, int) else str(value))


def _met(met: bool) -> str:
    return status("met") if met else '<span class="status breached">not met</span>'


def _intent(i: dict[str, Any], as_of: str) -> str:
    if i["source"] != "activity":
        where = ("no signal rows in the activity: the recorded scores.intent"
                 if i["source"] == "scores.intent" else
                 "no signal rows in the activity and no scores.intent")
        return f'<p data-key="intent.score">Intent <b>{i["score"]}</b>: {e(where)}.</p>'
    # the points before the detail (long: an email address): on a phone they stay in view
    rows = [[_day(s["occurred_at"]), e(s["type"]), f"+{s['points']}",
             e(" ".join(p for p in (s["detail"], s["contact"]) if p) or "–")
             + (f" (counted at {_day(s['repeats'])})" if s["repeats"] else "")]
            for s in i["signals"]]
    capped = f", capped at {i['cap']}" if i["subtotal"] > i["cap"] else ""
    total = (f'<tfoot><tr data-key="intent.score"><th scope="row" colspan="2">Intent: '
             f'{plural(i["distinct"], "distinct signal")} × {i["per_signal"]} = '
             f'{i["subtotal"]}{capped}</th><td class=num>{i["score"]}</td><td></td></tr>'
             "</tfoot>")
    return (f"<p>Intent <b>{i['score']}</b>: the qualifying signals from "
            f"{_day(i['lookback']['since'])} to {e(as_of)}.</p>"
            + table([Column("Date"), Column("Signal"), Column("Points", True),
                     Column("Detail")], rows, caption="Signals adding up to the intent",
                    keys=[f"intent.signals.{n}" for n in range(len(rows))], foot=total))


def _ownership(o: dict[str, Any]) -> str:
    motion = "on the motion" if o["on_motion"] else "off the motion"
    booked = ("" if o["meeting_booked"] is None
              else f" A meeting is booked for {_day(o['meeting_booked'])}.")
    rows = [[e(w["role"]), e(w["person"]), e(w["name"] or "–"), e(w["team"] or "–")]
            for w in o["owners"]]
    team = f" (team {e(o['decides_team'])})" if o["decides_team"] else ""
    return (f'<p data-key="ownership">Stage {e(o["stage"])} since {_day(o["stage_since"])}, '
            f'{motion}; {e(o["decides"] or "nobody")} decides{team}.{booked}</p>'
            + table([Column("Role"), Column("Person"), Column("Name"), Column("Team")], rows,
                    caption="Owners", keys=[f"ownership.owners.{w['role']}"
                                            for w in o["owners"]]))


def _handoffs(items: list[dict[str, Any]]) -> str:
    if not items:
        return "<p>No open handoff.</p>"
    rows = [[status(h["sla_status"]), e(h["transition"]),
             e(h["route"]["to"]) + (f" ({e(h['route']['person'])})" if h["route"]["person"]
                                    else ""),
             _day(h["at"]), _day(h["due"]), _day(h["first_touch"])] for h in items]
    return table([Column("SLA"), Column("Transition"), Column("Goes to"), Column("At"),
                  Column("Due"), Column("First touch")], rows, caption="Open handoffs",
                 keys=[f"handoffs.{n}" for n in range(len(items))])


def _items(items: list[dict[str, Any]], section: str) -> str:
    """Conflicts or findings: a line each, its severity, rule and message, where it is."""
    if not items:
        return "<p>None.</p>"
    lines = []
    for n, item in enumerate(items):
        where = (f' <code>{e(item["path"])}:{item["line"]}</code>' if item.get("path")
                 and item.get("line") is not None else
                 f' <code>{e(item["path"])}</code>' if item.get("path") else "")
        resolution = (f"<br>Resolution: {e(item['resolution'])}" if item.get("resolution")
                      else "")
        lines.append(f'<li data-key="{section}.{n}">{status(item["severity"])} '
                     f'<b>{e(item["code"])}</b> {e(item["message"])}{where}{resolution}</li>')
    return f'<ul class="items">{"".join(lines)}</ul>'


SHORT_COMMIT = 8  # a commit's hash as the page shows it (the whole hash in its title)


def _changes(h: dict[str, Any]) -> str:
    notes = "".join(f"<p>Note: {e(note)}</p>" for note in h["notes"])
    rows = [[_day(c["when"]), e(c["kind"]),
             f"{_num(c['from'])} → {_num(c['to'])}",
             f'<code title="{e(c["commit"])}">{e(c["commit"][:SHORT_COMMIT])}</code>',
             e(c["subject"]), e(c["author"])] for c in h["changes"]]
    return notes + table([Column("Date"), Column("Change"), Column("Tiers"),
                          Column("Commit"), Column("Subject"), Column("Author")], rows,
                         caption="Tier changes in git",
                         keys=[f"history.{n}" for n in range(len(rows))])
