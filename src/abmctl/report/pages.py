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
from abmctl.report.html import Column, Site, account_link, cards, figure, page, status, table

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
    and written in parts by child processes (`report.parallel`) while this one draws the
    charts of the others."""
    from abmctl.report import parallel
    from abmctl.report.write import write_pages

    ids = [account.id for account in reports.reg.accounts]
    if ids:
        reports.explainer.explain(ids[0])  # its indexes made once, before the children copy it
    (folder / "accounts").mkdir()
    parts = max(1, min(PARTS, parallel.cores(), len(ids) // PART_SIZE + 1))
    size = -(-len(ids) // parts)
    waits = [parallel.start(_account_part, reports, site, folder, ids[n:n + size])
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
    for wait in waits:
        counts.update(wait())
    written += [f"accounts/{account}.html" for account in ids]
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
        (accounts_folder / f"{account_id}.html").write_bytes(
            text.encode("utf-8", "surrogateescape"))
    return counts


def index(reports: Reports, site: Site) -> str:
    card, hand, conflicts = reports.scorecard, reports.handoffs, reports.overlap.conflicts
    findings = reports.lint.findings
    severities = Counter(f.severity for f in findings)
    overdue_reviews = sum(1 for f in findings if f.code == REVIEW_CODE)
    tier_sizes = ", ".join(f"Tier {load.tier}: {load.before}" for load in reports.plan.capacity)
    key_numbers = cards([
        (card.health.status, f"scorecard health, {card.label}",
         f'{e(card.health.reason)} <a href="scorecard.html">Scorecard</a>'),
        (str(len(hand.handoffs)), "handoffs to make",
         f'{hand.overdue} past their SLA. <a href="handoff.html">Handoff queue</a>'),
        (str(len(conflicts)), "conflicts between teams",
         f'{e(_overlap_headline(reports))}. <a href="overlap.html">Overlap agenda</a>'),
        (str(len(reports.reg.accounts)), "accounts on the list",
         f'{e(tier_sizes)}. <a href="tiers.html">Tiers</a>'),
        (str(len(findings)), "lint findings",
         f"{plural(severities['error'], 'error')}, {plural(severities['warning'], 'warning')}, "
         f"{plural(overdue_reviews, 'overdue list review')}. "
         '<a href="health.html">List health</a>'),
    ])
    body = (f"<h2>Key numbers</h2>{key_numbers}<h2>Scorecard, {e(card.label)}</h2>"
            f"{figure(_metrics_chart(reports))}")
    return page(site, "index.html", "The ABM program at a glance", body)


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
    columns = [Column("Account"), Column("Tier", True), Column("Transition"),
               Column("Goes to"), Column("Person"), Column("At (UTC)"), Column("Due (UTC)"),
               Column("SLA"), Column("First touch (UTC)")]
    rows = [[account_link(h.account.id), str(h.account.tier), e(h.transition), e(h.route.to),
             e(h.route.person or "-"), column_stamp(h.at), column_stamp(h.due),
             status(h.sla_status),
             column_stamp(h.followed_up) if h.followed_up is not None else "-"]
            for h in handoffs]
    notes = "" if reports.handoffs.has_activity else (
        "<p>No activity files were read: only booked meetings in the account files hand "
        "accounts on.</p>")
    body = (f"<p>{plural(len(handoffs), 'handoff')}, {reports.handoffs.overdue} past their "
            f"SLA: what <code>abmctl handoff</code> lists, most urgent first.</p>{notes}"
            f"{figure(chart) if handoffs else ''}"
            + table(columns, rows, caption="The handoff queue",
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
    columns = [Column("Metric"), Column("Value", True), Column("Target", True),
               Column("Red below", True), Column("Counted", True), Column("Status")]
    rows = [[e(m.title), percent(m.value), percent(m.target), percent(m.red_below),
             f"{m.numerator} / {m.denominator}",
             status(m.status) + (f" ({e(m.note)})" if m.note else "")]
            for m in card.metrics]
    parts = [f"<p>Health: {status(card.health.status)}: {e(card.health.reason)} "
             f"(<code>abmctl scorecard</code>, {e(card.label)}: {card.period.start} to "
             f"{card.period.end}).</p>",
             table(columns, rows, caption=f"The scorecard, {card.label}",
                   keys=[m.id for m in card.metrics]),
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
    parts = [f"<h2>Trend: the last {len(labels)} months</h2><p>Each metric month by month "
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
    chart = Chart(
        "tier-sizes", "Tier sizes against their limits",
        "Bars: accounts in each tier now, beside the tier's max_accounts.",
        "Tier", "Accounts", tuple(f"{load.tier} {load.name}" for load in loads),
        (Series("Accounts", tuple(float(load.before) for load in loads), "c1"),
         Series("max_accounts", tuple(None if load.max_accounts is None
                                      else float(load.max_accounts) for load in loads),
                "muted")))
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
    moves_chart = Chart(
        "tier-moves", "Tier moves per quarter",
        "Stacked bars: the accounts promoted, demoted, added to and removed from the list in "
        "each quarter.", "Quarter", "Accounts", labels,
        tuple(Series(kind, tuple(float(p.counts[kind]) for p in periods), tone)
              for kind, tone in MOVES), kind="stacked")
    columns = [Column("Quarter")] + [Column(kind, True) for kind, _ in MOVES] + [
        Column(f"Tier {tier} / max", True) for tier in tier_ids]
    rows = [[e(p.label)] + [str(p.counts[kind]) for kind, _ in MOVES] + [
        _size(sizes.get((p.label, tier))) for tier in tier_ids] for p in periods]
    notes = "".join(f"<p>Note: {e(n)}</p>" for n in found.notes)
    return (f"<h2>Over time</h2><p>The last {len(labels)} quarters from git "
            f"(<code>abmctl tiers history</code>).</p>{notes}{figure(size_chart)}"
            f"{figure(moves_chart)}"
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
    """Every account, with how many handoffs, conflicts and findings its page explains."""
    columns = [Column("Account"), Column("Name"), Column("Tier", True), Column("Stage"),
               Column("Territory"), Column("Handoffs", True), Column("Conflicts", True),
               Column("Findings", True)]
    ordered = sorted(reports.reg.accounts, key=lambda a: (a.tier, a.id))
    rows = []
    for account in ordered:
        handoffs, conflicts, findings = counts[account.id]
        rows.append([f'<a href="{e(account.id)}.html">{e(account.id)}</a>', e(account.name),
                     str(account.tier), e(account.stage), e(account.region or "-"),
                     str(handoffs), str(conflicts), str(findings)])
    body = (f"<p>{plural(len(ordered), 'account')} on the list, by tier.</p>"
            + table(columns, rows, caption="Every account", keys=[a.id for a in ordered]))
    return page(site, "accounts/index.html", "Accounts", body)


# the sections of `abmctl explain --format json` an account's page shows, in its order
SECTIONS = (("account", "The account file"), ("tier", "Tier, and why"), ("intent", "Intent"),
            ("ownership", "Owners and stage"), ("handoffs", "Handoffs"),
            ("conflicts", "Conflicts"), ("findings", "Lint findings"),
            ("history", "Tier history"))


def account_page(site: Site, account: Account, document: dict[str, Any]) -> str:
    """`abmctl explain ACCOUNT`'s document laid out: each section a table (a row per value,
    `data-key` its path in the JSON), each list of records a table of its own."""
    parts = [f"<p>What <code>abmctl explain {e(account.id)}</code> shows, as of "
             f"{e(document['as_of'])}.</p>"]
    for key, title in SECTIONS:
        parts.append(f"<h2>{e(title)}</h2>")
        parts.append(_block(document.get(key), key, title))
    return page(site, f"accounts/{account.id}.html", f"{account.name} ({account.id})",
                "".join(parts))


def _block(value: Any, path: str, title: str) -> str:
    """A value of the document: a record as a table of fields (its plain values, a row each),
    then its nested records and lists under their own headings; a list as a table of rows."""
    if type(value) is list:
        return _records(value, path, title)
    if type(value) is not dict:
        return f"<p>{_value(value)}</p>"
    rows, nested = [], []
    for key, item in value.items():
        if _nested(item):
            nested.append((key, item))
        else:
            rows.append(f'<tr data-key="{_key(f"{path}.{key}")}"><td>{_key(key)}</td>'
                        f"<td>{_value(item)}</td></tr>")
    parts = [_FIELDS.format(caption=_key(title), rows="".join(rows))] if rows else []
    for key, item in nested:
        inner = f"{title}: {key}"  # headings and table names stay unique on the page
        parts.append(f"<h3>{_key(inner)}</h3>{_block(item, f'{path}.{key}', inner)}")
    return "".join(parts)


# a record's fields (`report.html.table`'s markup, written out: ten thousand pages use it)
_FIELDS = ('<div class="scroll" tabindex="0" role="region" aria-label="{caption}"><table>'
           '<caption>{caption}</caption><thead><tr>'
           '<th scope="col">Field</th><th scope="col">Value</th></tr></thead>'
           "<tbody>{rows}</tbody></table></div>")
_CONTAINERS = (dict, list)


def _nested(value: Any) -> bool:
    """A dict holding more than plain values, or a list of records: a table of its own."""
    kind = type(value)
    if kind is dict:
        return any(type(v) in _CONTAINERS for v in value.values())
    return kind is list and any(type(v) is dict for v in value)


def _records(items: list[Any], path: str, title: str) -> str:
    if not items:
        return "<p>None.</p>"
    names: dict[str, None] = {}
    for item in items:
        names.update(dict.fromkeys(item) if isinstance(item, dict) else {"value": None})
    rows = [[_value(item.get(name)) if isinstance(item, dict) else _value(item)
             for name in names] for item in items]
    return table([Column(name) for name in names], rows, caption=title,
                 keys=[f"{path}.{n}" for n in range(len(items))])


def _value(value: Any) -> str:
    """A JSON value in a cell: text escaped, a list or record on one line."""
    kind = type(value)
    if kind is str:
        return e(value)
    if kind is int or kind is float:
        return str(value)
    if value is None:
        return "–"
    if kind is bool:
        return "yes" if value else "no"
    if kind is list:  # none: a dash, as a missing value
        return e(", ".join(_plain(v) for v in value)) if value else "–"
    if kind is dict:
        return e("; ".join(f"{k}: {_plain(v)}" for k, v in value.items()))
    return e(str(value))


_KEYS: dict[str, str] = {}


def _key(name: str) -> str:
    """A key of the document or a heading made of keys, escaped (once: they repeat on every
    page)."""
    found = _KEYS.get(name)
    if found is None:
        found = _KEYS[name] = e(name)
    return found


def _plain(value: Any) -> str:
    if value is True or value is False:
        return "yes" if value else "no"
    if isinstance(value, dict):
        return "(" + "; ".join(f"{k}: {_plain(v)}" for k, v in value.items()) + ")"
    if isinstance(value, list):
        return "[" + ", ".join(_plain(v) for v in value) + "]"
    return "–" if value is None else str(value)
