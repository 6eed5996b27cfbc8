#!/usr/bin/env python3
"""Write a large, valid abmctl registry (and an activity export) for benchmarks.

    python benchmarks/generate.py --accounts 10000 --files 20 --activity 100000 --out DIR

The registry lints (almost) clean as of 2026-11-23: tier sizes and per-AE caps hold, every
`tier_since` falls in a quarterly review window, owners cover their accounts' regions, no play
targets an account off the motion. Output is a pure function of the arguments (seeded random).
Standard library only, so it runs before abmctl is installed.
"""

from __future__ import annotations

import argparse
import csv
import math
import random
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

AS_OF = date(2026, 11, 23)
ACTIVITY_DAYS = 120
TERRITORIES = ("na-east", "na-west", "emea", "apac")
SEGMENTS = ("financial-services", "healthcare", "retail", "manufacturing", "software",
            "logistics", "media", "energy", "telecom")
OFF_MOTION_SEGMENT = "public-sector"  # no select play uses it, so no play targets them
REVIEW_DAYS = (date(2026, 1, 5), date(2026, 4, 6), date(2026, 7, 6), date(2026, 10, 5))
# 25-50 Tier 1 accounts, 100-200 Tier 2, 5-15 at 1:1 per AE (rules/tiers.yaml's defaults)
TIER1_MAX, TIER2_MAX, PER_AE = 40, 180, {1: 15, 2: 40}
WORDS = ("north", "bright", "stone", "river", "cedar", "falcon", "harbor", "iron", "lumen",
         "maple", "nova", "orbit", "pine", "quartz", "raven", "silver", "summit", "terra",
         "vector", "willow", "zephyr", "atlas", "beacon", "cobalt", "delta", "ember")
SUFFIXES = ("com", "io", "co.uk", "de", "com.au", "net", "co")
QUALIFYING_ASSETS = ("case_study", "competitive_comparison", "roi_calculator")
ROW_TYPES = (  # (type, weight) — web traffic dominates real exports
    ("web_visit", 40), ("marketing_touch", 20), ("third_party_intent", 10),
    ("content_download", 10), ("sales_touch", 7), ("event_registration", 4),
    ("outbound_response", 4), ("event_attendance", 2), ("meeting_booked", 1),
)
PAGES = ("/pricing", "/product/pipelines", "/product/governance", "/customers",
         "/blog/what-is-a-lakehouse", "/blog/data-contracts", "/docs/getting-started")


@dataclass(frozen=True, slots=True)
class Account:
    id: str
    name: str
    domain: str
    tier: int
    region: str
    segment: str
    stage: str
    owners: dict[str, str]
    fit: int


@dataclass(frozen=True, slots=True)
class Team:
    """People per territory, sized so the per-AE caps hold."""

    aes: dict[str, list[str]]
    sdrs: dict[str, str]
    abms: dict[str, str]


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--accounts", type=int, default=10_000)
    p.add_argument("--files", type=int, default=20, help="account files to spread over")
    p.add_argument("--activity", type=int, default=100_000, help="activity CSV rows")
    p.add_argument("--out", type=Path, required=True)
    p.add_argument("--seed", type=int, default=20261123)
    args = p.parse_args(argv)
    if args.accounts < 1 or args.files < 1 or args.activity < 0:
        p.error("--accounts and --files must be >= 1, --activity >= 0")
    return args


def tier_sizes(n: int) -> tuple[int, int]:
    """Tier 1 and Tier 2 counts: most accounts are Tier 3, and both caps hold."""
    return min(TIER1_MAX, max(1, n // 200)), min(TIER2_MAX, n // 20)


def build_team(t1: int, t2: int) -> Team:
    regions = len(TERRITORIES)
    per_region = max(2, math.ceil(t1 / regions / 10), math.ceil(t2 / regions / 30))
    return Team(
        aes={t: [f"ae.{t}.{i}" for i in range(1, per_region + 1)] for t in TERRITORIES},
        sdrs={t: f"sdr.{t}" for t in TERRITORIES},
        abms={t: f"abm.{t}" for t in TERRITORIES},
    )


def build_accounts(n: int, team: Team, rng: random.Random) -> list[Account]:
    t1, t2 = tier_sizes(n)
    accounts: list[Account] = []
    for i in range(n):
        tier = 1 if i < t1 else 2 if i < t1 + t2 else 3
        region = TERRITORIES[i % len(TERRITORIES)]
        word = WORDS[i % len(WORDS)]
        stage = pick_stage(tier, rng)
        owners: dict[str, str] = {}
        if tier <= 2:  # round-robin within the territory keeps every AE under the cap
            aes = team.aes[region]
            owners["ae"] = aes[(i // len(TERRITORIES)) % len(aes)]
        if tier == 1:
            owners |= {"sdr": team.sdrs[region], "abm": team.abms[region]}
        fit = {1: rng.randint(72, 98), 2: rng.randint(61, 85), 3: rng.randint(41, 79)}[tier]
        segment = OFF_MOTION_SEGMENT if stage in ("closed_lost", "disqualified") \
            else SEGMENTS[rng.randrange(len(SEGMENTS))]
        accounts.append(Account(
            id=f"{word}-{i:06d}", name=f"{word.title()} Holdings {i:06d}",
            domain=f"{word}{i:06d}.{SUFFIXES[i % len(SUFFIXES)]}", tier=tier, region=region,
            segment=segment, stage=stage, owners=owners, fit=fit))
    return accounts


def pick_stage(tier: int, rng: random.Random) -> str:
    roll = rng.random()
    if tier == 3:
        return "awareness" if roll < 0.97 else "closed_lost" if roll < 0.985 else "disqualified"
    return ("awareness" if roll < 0.6 else "engagement" if roll < 0.85 else
            "active" if roll < 0.95 else "expand")


def account_yaml(a: Account, rng: random.Random) -> str:
    since = REVIEW_DAYS[rng.randrange(len(REVIEW_DAYS))]
    stage_since = since + timedelta(days=rng.randrange(0, (AS_OF - since).days))
    lines = [
        f"  - id: {a.id}",
        f"    name: {a.name}",
        f"    domains: [{a.domain}]",
        f"    tier: {a.tier}",
        f"    tier_since: {since.isoformat()}",
        f"    region: {a.region}",
        f"    segment: {a.segment}",
    ]
    if a.owners:
        lines.append("    owners: {" + ", ".join(f"{k}: {v}" for k, v in a.owners.items()) + "}")
    lines += [f"    stage: {a.stage}", f"    stage_since: {stage_since.isoformat()}"]
    if a.stage == "active":
        lines.append(f"    meeting_booked: {stage_since.isoformat()}")
    lines += [
        f"    scores: {{fit: {a.fit}, relationship: {rng.randint(5, 90)}}}",
        f"    acv_potential: {rng.randrange(20, 500) * 1000}",
        "    sources: [marketing, sales]",
        f"    reviewed: {(AS_OF - timedelta(days=rng.randint(1, 80))).isoformat()}",
    ]
    if a.tier <= 2:
        lines.append(f"    research: Synthetic account {a.id}; {a.segment} in {a.region}.")
    return "\n".join(lines)


def write_accounts(out: Path, accounts: list[Account], files: int, rng: random.Random) -> None:
    folder = out / "registry" / "accounts"
    width = len(str(files))
    for f in range(files):
        chunk = accounts[f::files]
        body = "".join(account_yaml(a, rng) + "\n" for a in chunk)
        write(folder / f"part-{f + 1:0{width}d}.yaml",
              f"# generated by benchmarks/generate.py, part {f + 1} of {files}\n"
              + (f"accounts:\n{body}" if chunk else "accounts: []\n"))


def write_teams(out: Path, team: Team) -> None:
    lines = [f"territories: [{', '.join(TERRITORIES)}]", "teams:"]
    teams = [("abm", "abm"), ("sales", "sales"), ("sdr", "sdr"),
             ("field", "regional_marketing"), ("events", "events"), ("email-ops", "email_ops"),
             ("pmm", "product_marketing"), ("cs", "customer_success"),
             ("sales-leadership", "sales_leadership")]
    for tid, kind in teams:
        extra = f", territories: [{', '.join(TERRITORIES)}]" if kind == "regional_marketing" else ""
        lines.append(f"  - {{id: {tid}, kind: {kind}{extra}}}")
    lines.append("people:")

    def person(pid: str, team_id: str, role: str, territories: list[str]) -> None:
        where = f", territories: [{', '.join(territories)}]" if territories else ""
        lines.append(f"  - {{id: {pid}, name: {pid.replace('.', ' ').title()}, team: {team_id}, "
                     f"role: {role}{where}}}")

    for t in TERRITORIES:
        for ae in team.aes[t]:
            person(ae, "sales", "ae", [t])
        person(team.sdrs[t], "sdr", "sdr", [t])
        person(team.abms[t], "abm", "abm", [t])
    person("field.lead", "field", "regional_marketer", list(TERRITORIES))
    for pid, tid, role in [("events.lead", "events", "events"),
                           ("email.ops", "email-ops", "email_ops"), ("pmm.lead", "pmm", "pmm"),
                           ("cs.lead", "cs", "cs"), ("sales.vp", "sales-leadership", "leader")]:
        person(pid, tid, role, [])
    write(out / "registry" / "teams.yaml", "\n".join(lines) + "\n")


def write_agreements_plays_events(out: Path, accounts: list[Account]) -> None:
    reg = out / "registry"
    agreements = {  # partner: (cadence, last sync, what the partner kind must also say)
        "sales": ("weekly", "2026-11-19", "decides: {before_meeting: abm, after_meeting: ae}"),
        "sdr": ("weekly", "2026-11-18", ""),
        "field": ("biweekly", "2026-11-16", ""),
        "events": ("monthly", "2026-11-06", "lead_time_days: {major: 90, minor: 60}"),
        "email-ops": ("monthly", "2026-11-05", "abm_provides: [account_list, copy, send_window]"),
        "pmm": ("monthly", "2026-11-10", "messaging_refreshed: 2026-10-01"),
        "cs": ("quarterly", "2026-10-20", ""),
        "sales-leadership": ("quarterly", "2026-10-08", ""),
    }
    for partner, (cadence, reviewed, extra) in agreements.items():
        write(reg / "agreements" / f"{partner}.yaml",
              f"partner: {partner}\nkickoff: 2026-01-12\ncadence: {cadence}\n"
              f"reviewed: {reviewed}\n" + (f"{extra}\n" if extra else ""))
    tier1 = [a.id for a in accounts if a.tier == 1 and a.stage in ("awareness", "engagement")]
    events = {
        "summit-2027": ("major", "2027-03-16", "2026-11-02", tier1[:10]),
        "expo-2026": ("major", "2026-10-20", "2026-07-13", tier1[:5]),
        "webinar-q4": ("minor", "2026-11-12", "2026-09-01", []),
    }
    for eid, (kind, day, looped, invited) in events.items():
        write(reg / "events" / f"{eid}.yaml",
              f"id: {eid}\nname: {eid.replace('-', ' ').title()}\nkind: {kind}\ndate: {day}\n"
              f"abm_looped_in: {looped}\ninvited: [{', '.join(invited)}]\n")
    plays = [  # (id, owner, tier, selection, start, end, brief, recap) — one per tier per month
        ("t1-roundtable", "abm", 1, f"accounts: [{', '.join(tier1[:12])}]",
         "2026-10-15", "2026-12-15", "2026-10-06", "null"),
        ("t2-fin-services", "abm", 2, "select: {tier: 2, segment: financial-services}",
         "2026-10-05", "2026-12-18", "2026-09-28", "null"),
        ("t2-field-dinners", "field", 2, "select: {tier: 2, segment: healthcare}",
         "2026-11-02", "2026-12-11", "2026-10-27", "null"),
        ("t3-webinars-q3", "abm", 3, "select: {tier: 3, segment: software}",
         "2026-07-06", "2026-09-25", "2026-06-29", "2026-10-02"),
        ("t3-programmatic", "abm", 3, "select: {tier: 3, segment: retail}",
         "2026-11-02", "2027-01-29", "2026-10-26", "null"),
    ]
    for pid, owner, tier, selection, start, end, brief, recap in plays:
        write(reg / "plays" / f"{pid}.yaml",
              f"id: {pid}\nname: {pid.replace('-', ' ').title()}\nowner: {owner}\ntier: {tier}\n"
              f"{selection}\nchannels: [email, ads]\nstart: {start}\nend: {end}\n"
              f"brief: {brief}\nrecap: {recap}\n")


def write_rules(out: Path) -> None:
    """The built-in defaults, written out (a missing file would mean the same)."""
    rules = out / "rules"
    write(rules / "tiers.yaml",
          "review: {cadence: quarterly, window_days: 14, year_start_month: 1}\n")
    write(rules / "signals.yaml",
          "window_days: 14\nthreshold: 2\nhot_threshold: 4\nsla_hours: 24\n")
    write(rules / "engagement.yaml", "plays_per_tier_per_month: 1\nlist_review_days: 92\n")


def activity_rows(accounts: list[Account], rows: int, rng: random.Random) -> Iterator[list[str]]:
    """`rows` activity rows in the 120 days before AS_OF; ~3% name no list account."""
    on_motion = [a for a in accounts if a.stage not in ("closed_lost", "disqualified")]
    types = [t for t, w in ROW_TYPES for _ in range(w)]
    start = datetime(AS_OF.year, AS_OF.month, AS_OF.day) - timedelta(days=ACTIVITY_DAYS)
    span = ACTIVITY_DAYS * 86_400 - 1
    # Tier 1 accounts need intent >= 30 to keep their tier: two distinct signals each
    kept = [a for a in accounts if a.tier == 1][: rows // 2]
    for a in kept:
        yield [stamp(start + timedelta(days=40)), a.domain, "third_party_intent", "",
               "data platforms", "75", "", "bombora"]
        yield [stamp(start + timedelta(days=80)), f"cdo@{a.domain}", "content_download",
               f"cdo@{a.domain}", "case_study", "", "", "marketo"]
    for n in range(rows - 2 * len(kept)):
        when = stamp(start + timedelta(seconds=rng.randrange(span)))
        kind = types[rng.randrange(len(types))]
        if n % 33 == 0:  # a company that is not on the list
            yield [when, f"visitor{n}.example.net", "web_visit", "", "/pricing", "", "", "ga4"]
            continue
        pool = on_motion if kind == "marketing_touch" else accounts
        a = pool[rng.randrange(len(pool))]
        contact = f"{WORDS[rng.randrange(len(WORDS))]}.{rng.randrange(50)}@{a.domain}"
        yield [when, reference(a, contact, rng), kind, *details(kind, contact, rng)]


def reference(a: Account, contact: str, rng: random.Random) -> str:
    """How an export names the account: id, domain, subdomain, URL or a contact's email."""
    forms = (a.id, a.domain, f"eu.{a.domain}", f"https://www.{a.domain}/pricing", contact)
    return forms[rng.randrange(len(forms))]


def details(kind: str, contact: str, rng: random.Random) -> list[str]:
    """contact, detail, score, sentiment, source for one row type."""
    if kind == "web_visit":
        return ["", PAGES[rng.randrange(len(PAGES))], "", "", "ga4"]
    if kind == "third_party_intent":
        return ["", "data platforms", str(rng.randint(40, 90)), "", "bombora"]
    if kind == "content_download":
        asset = ("ebook", *QUALIFYING_ASSETS)[rng.randrange(4)]
        return [contact, asset, "", "", "marketo"]
    if kind in ("event_registration", "event_attendance"):
        return [contact, "webinar-q4", "", "", "zoom"]
    if kind == "outbound_response":
        sentiment = ("positive", "neutral", "negative")[rng.randrange(3)]
        return [contact, "re: intro", "", sentiment, "outreach"]
    if kind == "marketing_touch":
        return ["", "email: newsletter", "", "", "marketo"]
    return [contact, "call", "", "", "salesforce"]  # sales_touch, meeting_booked


def stamp(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def write_activity(out: Path, accounts: list[Account], rows: int, rng: random.Random) -> None:
    path = out / "registry" / "signals" / "activity.csv"
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(["occurred_at", "account", "type", "contact", "detail", "score",
                         "sentiment", "source"])
        writer.writerows(activity_rows(accounts, rows, rng))


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    began = time.perf_counter()
    rng = random.Random(args.seed)
    team = build_team(*tier_sizes(args.accounts))
    accounts = build_accounts(args.accounts, team, rng)
    write_teams(args.out, team)
    write_accounts(args.out, accounts, args.files, rng)
    write_agreements_plays_events(args.out, accounts)
    write_rules(args.out)
    write_activity(args.out, accounts, args.activity, rng)
    t1, t2 = tier_sizes(args.accounts)
    print(f"{args.out}: {args.accounts} accounts (tier 1: {t1}, tier 2: {t2}) in {args.files} "
          f"files, {args.activity} activity rows, {time.perf_counter() - began:.1f}s",
          file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
