"""A Salesforce accounts report for a generated registry, to time `abmctl accounts import`.

    python benchmarks/crm_export.py --root /tmp/bench --rows 10000 --new 1000 --out sf.csv

The report has `--rows` accounts: `--rows - --new` of the registry's own (matched by their
domain, each with a Salesforce id the registry does not have yet: every one is an edit in
place), then `--new` companies the list does not have (appended at the lowest tier). Owners
and regions are those the registry already has, so no row is a bulk change. Stdlib and
yaml-rs only; the same arguments give the same file.
"""

from __future__ import annotations

import argparse
import csv
from pathlib import Path

import yaml_rs

HEADER = ["Account ID", "Account Name", "Type", "Website", "Billing Country", "Sales Region",
          "Account Owner", "Last Modified Date"]


def salesforce_id(n: int) -> str:
    """An 18-character Account Id, unique by its first 15 characters."""
    return f"0015g{n:010d}AAA"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", type=Path, required=True)
    parser.add_argument("--rows", type=int, default=10000)
    parser.add_argument("--new", type=int, default=1000)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    people = {p["id"]: p["name"] for p in yaml_rs.loads(
        (args.root / "registry" / "teams.yaml").read_text())["people"]}
    accounts = []
    for path in sorted((args.root / "registry" / "accounts").glob("*.yaml")):
        accounts += yaml_rs.loads(path.read_text(), parse_datetime=False)["accounts"]
    kept = accounts[: args.rows - args.new]
    with args.out.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out, quoting=csv.QUOTE_ALL, lineterminator="\r\n")
        writer.writerow(HEADER)
        for n, account in enumerate(kept):
            owner = people.get(account.get("owners", {}).get("ae", ""), "")
            writer.writerow([salesforce_id(n), account["name"], "Prospect",
                             f"https://www.{account['domains'][0]}/", "", account["region"],
                             owner, "12/1/2026"])
        for n in range(args.new):
            region = ("na-east", "na-west", "emea", "apac")[n % 4]
            writer.writerow([salesforce_id(len(kept) + n), f"Newco Systems {n:05d}", "Prospect",
                             f"newco{n:05d}.example", "", region, "", "12/1/2026"])
        writer.writerow([])
        writer.writerow([f"Grand Totals ({len(kept) + args.new} records)"])
    print(f"{args.out}: {len(kept)} list accounts, {args.new} new")


if __name__ == "__main__":
    main()
