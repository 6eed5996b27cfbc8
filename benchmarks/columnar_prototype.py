#!/usr/bin/env python3
"""PROTOTYPE, NOT USED BY ABMCTL: the activity path on polars, timed against today's engine.

    python benchmarks/columnar_prototype.py /tmp/abmctl-bench/1m

What it does, for the canonical CSV of a generated registry (benchmarks/generate.py) and the
default rules: read the file into columns, find the host each `account` value names (the
reader's `host_of` as expressions) and match each distinct host once through the registry's
own matcher, as the reader does; qualify rows as column
expressions (downloads of the listed assets, events, surging intent, positive replies), group
web visits (3 in 14 days, counting afresh after each signal) in one pass over the visit
columns, and compute intent over the 90-day lookback as a group-by. The crossings are then
found by the engine's own `crossings` function on the prototype's signals.

It checks that every account's signals (type, moment, distinct key), intent and crossings
equal the engine's, and prints both timings (CPU seconds, this process). It does not cover
what the real path must keep: row-level skip reasons with file:line, TSV/JSONL/gzip/Parquet,
vendor adapters, --date-format, de-duplication across sources, the follow-up and handoff
reports; see benchmarks/README.md.
"""

from __future__ import annotations

import sys
import time
from collections import defaultdict
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

AS_OF = date(2026, 11, 23)


def cpu() -> float:
    return time.process_time()


def engine_results(root: Path) -> tuple[dict[str, object], float, float]:
    """Today's path: the reader, then the engine per account."""
    from abmctl.commands.options import RegistryOptions, read_activity
    from abmctl.engine.signals import crossings, intent_score, qualifying_signals
    from abmctl.load.registry_files import load_registry

    reg = load_registry(root)  # the registry, as every command reads it (not timed)
    started = cpu()
    activity = read_activity(reg, RegistryOptions(root=root, as_of=AS_OF.isoformat()))
    read = cpu() - started
    rules = reg.settings.signals
    assert activity is not None
    results: dict[str, object] = {}
    for account, rows in activity.by_account.items():
        signals = qualifying_signals(rows, rules)
        results[account] = (
            sorted((s.type, s.occurred_at, s.key) for s in signals),
            intent_score(signals, rules, AS_OF),
            crossings(signals, rules.threshold, rules.window_days),
        )
    return results, read, cpu() - started - read


def columnar_results(root: Path) -> tuple[dict[str, object], float, float]:
    """The prototype: columns from the file to the per-account results."""
    import polars as pl

    from abmctl.engine.activity import normal_form
    from abmctl.engine.signals import Signal, crossings
    from abmctl.load.registry_files import load_registry

    reg = load_registry(root)  # the registry, as every command reads it (not timed)
    rules = reg.settings.signals
    started = cpu()
    frame = pl.read_csv(root / "registry/signals/activity.csv", infer_schema=False)
    # the host each value names (`host_of` as expressions), then each distinct host once
    # through the registry's own matcher, as the reader does
    value = pl.col("account").str.strip_chars()
    value = pl.when(value.str.contains("://", literal=True)).then(
        value.str.extract(r"://([^/?]*)")).otherwise(value)
    value = pl.when(value.str.contains("@", literal=True)).then(
        value.str.extract(r"@([^@]*)$")).otherwise(value)
    frame = frame.with_columns(value.alias("host"))
    hosts = frame.get_column("host").unique().drop_nulls().to_list()
    order = {a.id: n for n, a in enumerate(reg.accounts)}
    found = {h: a for h in hosts
             if h and (a := reg.match_account(h) or reg.match_account(h.lower()))}
    matched = pl.DataFrame(
        {"host": list(found), "list_account": list(found.values()),
         "rank": [order[a] for a in found.values()]},
        schema={"host": pl.String, "list_account": pl.String, "rank": pl.Int32})
    moment = pl.col("occurred_at").str.to_datetime("%Y-%m-%dT%H:%M:%SZ", time_zone="UTC",
                                                   time_unit="us", strict=False)
    frame = (frame.join(matched, on="host", how="inner")
             .with_columns(
                 pl.coalesce(moment, pl.col("occurred_at").str.to_datetime(
                     time_zone="UTC", time_unit="us", strict=False)).alias("occurred_at"),
                 pl.col("type").str.strip_chars().str.to_lowercase()))
    read = cpu() - started
    q = rules.qualify
    assets = [normal_form(a) for a in q.content_download.assets] if q.content_download else []
    surge = q.third_party_intent
    moods = [normal_form(s) for s in q.outbound_response.sentiment] if q.outbound_response \
        else []
    kind = pl.col("type")
    frame = frame.filter(kind.is_in(["content_download", "event_registration",
                                     "event_attendance", "third_party_intent",
                                     "outbound_response", "web_visit"])).with_columns(
        pl.col("score").cast(pl.Float64, strict=False),
        _norm(pl.col("detail")).alias("detail_norm"),
        _norm(pl.col("contact")).alias("contact_norm"),
        _norm(pl.col("sentiment")).alias("sentiment_norm"))
    test = ((kind == "content_download") & pl.col("detail_norm").is_in(assets))
    test |= kind.is_in([k for k in ("event_registration", "event_attendance")
                        if getattr(q, k) is not None])
    if surge is not None:
        topics = [normal_form(t) for t in surge.topics]
        test |= ((kind == "third_party_intent") & (pl.col("score") >= surge.min_score)
                 & (pl.col("detail_norm").is_in(topics) if topics else pl.lit(True)))
    test |= (kind == "outbound_response") & pl.col("sentiment_norm").is_in(moods)
    rows = frame.filter(test).select(
        "list_account", "type", "occurred_at",
        pl.when(pl.col("contact_norm") == "").then(None).otherwise(pl.col("contact_norm"))
        .alias("contact_key"))
    visits = (frame.filter(kind == "web_visit").select("rank", "list_account", "occurred_at")
              .sort("rank", "occurred_at", maintain_order=True))
    signals: dict[str, list[tuple[str, datetime, tuple[str | None, ...]]]] = defaultdict(list)
    for account, kind_, moment, contact in rows.iter_rows():
        signals[account].append((kind_, moment, (kind_, contact)))
    if q.web_visit is not None and not q.web_visit.pages:
        least, window = q.web_visit.min_visits, timedelta(days=rules.window_days)
        accounts = visits.get_column("list_account").to_list()
        moments = visits.get_column("occurred_at").to_list()
        start = 0
        for end, moment in enumerate(moments):  # one pass; the window restarts per account
            if end == 0 or accounts[end] != accounts[end - 1]:
                start = end
            while moments[start] <= moment - window:
                start += 1
            if end + 1 - start >= least:
                signals[accounts[end]].append(("web_visit", moment, ("web_visit", None)))
                start = end + 1
    lookback = datetime.combine(AS_OF, datetime.min.time(), UTC) + timedelta(days=1)
    since = lookback - timedelta(days=rules.intent_score.lookback_days)
    results: dict[str, object] = {}
    for account, found_signals in signals.items():
        found_signals.sort(key=lambda s: s[1])
        made = [Signal(account, k, m, key, ()) for k, m, key in found_signals]
        keys = {s[2] for s in found_signals if since <= s[1] < lookback}
        results[account] = (
            sorted(found_signals),
            min(rules.intent_score.cap, rules.intent_score.per_signal * len(keys)),
            crossings(made, rules.threshold, rules.window_days),
        )
    return results, read, cpu() - started - read


def _norm(column: object) -> object:
    """`normal_form` as a column expression."""
    import polars as pl

    assert isinstance(column, pl.Expr)
    return (column.fill_null("").str.strip_chars().str.to_lowercase()
            .str.replace_all(" ", "_", literal=True).str.replace_all("-", "_", literal=True))


def main() -> int:
    root = Path(sys.argv[1])
    wall = time.perf_counter()
    engine, engine_read, engine_rest = engine_results(root)
    engine_wall = time.perf_counter() - wall
    started, wall = cpu(), time.perf_counter()
    import polars  # noqa: F401  (timed: every command that reads activity would pay it)
    imported = cpu() - started
    columns, column_read, column_rest = columnar_results(root)
    column_wall = time.perf_counter() - wall
    same = {a: r for a, r in engine.items() if r[0] or r[1]} == {
        a: r for a, r in columns.items() if r[0] or r[1]}
    print(f"engine:   read {engine_read:.2f} s CPU, signals+intent+crossings "
          f"{engine_rest:.2f} s CPU; {engine_wall:.2f} s wall with the registry")
    print(f"columnar: import {imported:.2f} s, read+match {column_read:.2f} s CPU, "
          f"signals+intent+crossings {column_rest:.2f} s CPU; {column_wall:.2f} s wall with "
          "the registry")
    print(f"accounts with signals: {sum(1 for r in columns.values() if r[0])}; "
          f"results equal: {same}")
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
