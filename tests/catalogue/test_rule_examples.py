"""Every rule page's Example trips its rule and its Use instead does not.

The snippets are read from the pages (`abmctl rules CODE`), so a page that drifts from what the
rule does fails here. What a snippet leaves to the reader (the teams, the other accounts, the
date) is each code's context in SCENES; the snippet goes into the file its header comment names
(`# registry/plays/x.yaml`), or the scene's file. A partial Use instead (a few lines) replaces
the Example's lines of the same key (or list item of the same id) and adds the rest.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from abmctl.catalogue import catalogue
from abmctl.output.rule_page import sections
from tests.support.cli import invoke
from tests.support.registry import write_registry

ACCOUNTS = "registry/accounts/a.yaml"
SIGNALS = "registry/signals/activity.csv"
TEAMS = """
territories: [emea, na-east, na-west, apac]
teams:
  - {id: abm, kind: abm}
  - {id: sales, kind: sales}
  - {id: sdr, kind: sdr}
  - {id: cs, kind: customer_success}
  - {id: pmm, kind: product_marketing}
  - {id: events, kind: events}
  - {id: emea-field, kind: regional_marketing, territories: [emea]}
  - {id: na-field, kind: regional_marketing, territories: [na-east]}
people:
  - {id: ana.lima, name: Ana Lima, team: sales, role: ae, territories: [emea, na-east]}
  - {id: aisha.khan, name: Aisha Khan, team: sales, role: ae, territories: [apac]}
  - {id: dana.whitfield, name: Dana Whitfield, team: sales, role: ae, territories: [na-east]}
  - {id: tom.becker, name: Tom Becker, team: sales, role: ae, territories: [na-west]}
  - {id: marcus.osei, name: Marcus Osei, team: sales, role: ae, territories: [emea, na-east]}
  - {id: chloe.martin, name: Chloe Martin, team: sdr, role: sdr, territories: [emea]}
  - {id: raj.patel, name: Raj Patel, team: sdr, role: sdr, territories: [emea, na-east]}
  - {id: sam.okafor, name: Sam Okafor, team: abm, role: abm, territories: [emea, na-east]}
  - {id: mei.chen, name: Mei Chen, team: abm, role: abm, territories: [emea, na-east, apac]}
"""


def acct(ident: str, tier: int = 2, **more: str) -> str:
    """An account list item of the scenes' context (a flow mapping)."""
    extra = "".join(f", {key}: {value}" for key, value in more.items())
    return (f"  - {{id: {ident}, name: {ident.title()}, domains: [{ident}.com], tier: {tier}, "
            f"region: emea{extra}}}\n")


@dataclass(frozen=True)
class Scene:
    """What a page's snippet needs around it."""

    as_of: str = "2026-11-23"
    target: str = ACCOUNTS  # where a snippet without a `# registry/...` header goes
    files: dict[str, str] = field(default_factory=dict)  # context: path -> text
    command: str = "lint"
    fill: str = ""  # keys added to an account item the snippet shows only the id of


def accounts(*items: str) -> dict[str, str]:
    return {"registry/accounts/context.yaml": "accounts:\n" + "".join(items)}


PLAY_ACCOUNTS = accounts(
    acct("kestrel-bank", 1), acct("meridian-re", 1), acct("aurelia-assicurazioni", 2),
    acct("tidewater-shipping", 3), acct("oakhurst-university", 3), acct("quayside-hotels", 3),
    acct("calder-transit", 3, stage="disqualified", stage_since="2026-10-14"),
)
BRIGHTWATER = accounts(acct("brightwater-logistics", 1, stage="engagement",
                            stage_since="2026-07-01", tier_since="2026-07-01"))
CONTOSO = """name: Contoso
domains: [contoso.com]
tier: 1
region: emea
reviewed: 2026-11-16
scores: {fit: 52, intent: 75, relationship: 40}"""
PLAY = "name: A play"
SCENES: dict[str, Scene] = {
    "ABM001": Scene(), "ABM002": Scene(), "ABM003": Scene(),
    "ABM004": Scene(fill=CONTOSO), "ABM007": Scene(fill=CONTOSO),
    "ABM005": Scene(target="registry/signals/sources.yaml",
                    files={"registry/signals/bombora/surge_20261116.csv": (
        "Kestrel Bank,kestrelbank.com,500,Banking,Cloud,Data lakes,70,,DE\n")}),
    "ABM006": Scene(fill=CONTOSO), "ABM008": Scene(), "ABM009": Scene(),
    "ABM101": Scene(), "ABM102": Scene(), "ABM103": Scene(), "ABM104": Scene(),
    "ABM105": Scene(), "ABM106": Scene(), "ABM108": Scene(), "ABM107": Scene(), "ABM109": Scene(),
    "ABM201": Scene(),
    "ABM202": Scene(target="registry/accounts/emea.yaml"),
    "ABM203": Scene(target="registry/accounts/apac.yaml"),
    "ABM204": Scene(), "ABM205": Scene(), "ABM206": Scene(), "ABM207": Scene(),
    "ABM301": Scene(target="registry/plays/q4-exec-roundtable.yaml", files=PLAY_ACCOUNTS),
    "ABM302": Scene(),
    "ABM401": Scene(target="registry/teams.yaml", files={"registry/teams.yaml": (
        "territories: [emea]\nteams:\n  - {id: abm, kind: abm}\npeople: []\n")}),
    "ABM402": Scene(target="registry/agreements/sales.yaml"),
    "ABM403": Scene(target="registry/agreements/cs.yaml"),
    "ABM404": Scene(target="registry/agreements/events.yaml"),
    "ABM405": Scene(target="registry/agreements/pmm.yaml"),
    "ABM501": Scene(target="registry/plays/sdr-q4-sequence.yaml"),
    "ABM502": Scene(target="registry/plays/na-field-dinners.yaml"),
    "ABM503": Scene(target="registry/plays/t3-programmatic-ads.yaml", files={
        **PLAY_ACCOUNTS, SIGNALS: "occurred_at,account,type,contact,detail,score,sentiment,"
        "source\n2026-06-20,oakhurst-university,content_download,x,y,,,marketo\n"}),
    "ABM504": Scene(fill=PLAY + "\nend: 2026-12-31\nbrief: 2026-10-01"),
    "ABM505": Scene(target="registry/events/dataworks-expo-2027.yaml"),
    "ABM506": Scene(target="registry/plays/q4-exec-roundtable.yaml", files=PLAY_ACCOUNTS),
    "ABM601": Scene(command="overlap", files=PLAY_ACCOUNTS, fill=PLAY),
    "ABM602": Scene(command="overlap", target="registry/plays/emea-roadshow.yaml",
                    files=PLAY_ACCOUNTS, fill=PLAY),
    "ABM603": Scene(command="overlap", target=SIGNALS, files=accounts(
        acct("corvid-aerospace", 1, stage="awareness", stage_since="2026-07-01",
             tier_since="2026-07-01"))),
    "ABM604": Scene(command="overlap", target=SIGNALS),
    "ABM605": Scene(command="overlap", target=SIGNALS, files=BRIGHTWATER),
    "ABM606": Scene(command="overlap", target=SIGNALS, files=BRIGHTWATER),
}
# pages whose Use instead is advice, not a file to lint: only their Example is checked
FIX_NOT_A_SNIPPET: dict[str, str] = {
    "ABM604": "the touch already happened; the fix keeps the account out of the next plays",
    "ABM605": "an info: nothing in the files changes, the stage owner takes one alert",
}
# pages whose example no snippet in a registry can show, and why
NOT_FROM_A_SNIPPET: dict[str, str] = {
    "ABM208": "compares the registry at two git revisions (tiers diff), not one registry",
    "ABM209": "compares the registry with the plan at a git revision (tiers diff)",
}


def snippets(code: str) -> tuple[str, str]:
    """The first code block of the page's Example and of its Use instead (joined when several
    blocks, a YAML and a CSV, show one example)."""
    page = catalogue()[code].doc
    parts = re.split(r"\*\*(Example|Use instead|How to fix)\.\*\*", page)
    found = dict(zip(parts[1::2], parts[2::2], strict=True))

    def blocks(text: str) -> str:
        return "\n".join(f"# {lang}\n{body}" if lang == "csv" else body for lang, body in
                         re.findall(r"```(\w*)\n(.*?)```", text, re.S))

    return blocks(found["Example"]), blocks(found.get("Use instead", ""))


HEADER = re.compile(r"^# ((?:registry|rules)/[\w./-]+\.yaml|csv)\b")


def describes(path: str, line: str, snippet: str) -> bool:
    """Whether a `# path` comment heads the lines below it (not a remark about that file
    over an account list)."""
    rest = snippet.split(line, 1)[1].lstrip("\n")
    return path == "csv" or path.startswith("registry/accounts/") or not re.match(
        r"(accounts:\s*\n|\s*- \{?id:)", rest)


def files_of(snippet: str, target: str) -> dict[str, str]:
    """The snippet split by its header comments into files (path -> text)."""
    out: dict[str, list[str]] = {}
    current = target
    for line in snippet.splitlines():
        head = HEADER.match(line)
        if head and describes(head.group(1), line, snippet):
            current = SIGNALS if head.group(1) == "csv" else head.group(1)
            continue
        out.setdefault(current, []).append(line)
    return {path: "\n".join(lines) + "\n" for path, lines in out.items()}


def logical(text: str) -> list[str]:
    """Lines, a flow mapping spread over lines joined into one; comment-only lines dropped."""
    out: list[str] = []
    depth = 0
    for line in text.splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if depth > 0:
            out[-1] += " " + line.strip()
        else:
            out.append(line)
        depth += line.count("{") + line.count("[") - line.count("}") - line.count("]")
    return out


def key_of(line: str) -> tuple[int, str] | None:
    item = re.match(r"^(\s*)- \{?id: ([\w.-]+)", line)
    if item:
        return len(item.group(1)), "id=" + item.group(2)
    plain = re.match(r"^(\s*)([\w-]+):", line)
    return (len(plain.group(1)), plain.group(2)) if plain else None


def patched(example: str, fix: str) -> str:
    """The example with the fix's lines in place of those of the same key or item id."""
    lines = logical(example)
    for line in logical(fix):
        key = key_of(line)
        same = [n for n, old in enumerate(lines) if key is not None and key_of(old) == key]
        if same:
            lines[same[0]] = line
        else:
            indent = len(line) - len(line.lstrip())
            last = max((n for n, old in enumerate(lines)
                        if len(old) - len(old.lstrip()) == indent), default=len(lines) - 1)
            lines.insert(last + 1, line)
    return "\n".join(lines) + "\n"


def merged(base: str, extra: str) -> str:
    """`extra`'s top-level list items added under `base`'s keys of the same name; items with no
    key (`  - {...}`) under `accounts:`."""
    lines = base.rstrip("\n").splitlines() or ["accounts:"]
    key = "accounts"
    for line in extra.splitlines():
        top = re.match(r"^([\w-]+):\s*(\S.*)?$", line)
        if top:
            key = top.group(1)
            if f"{key}:" not in lines:
                lines.append(f"{key}:")
            continue
        if line.strip():
            at = lines.index(f"{key}:")
            ends = at + 1
            while ends < len(lines) and (lines[ends].startswith(" ") or not lines[ends]):
                ends += 1
            lines.insert(ends, line)
    return "\n".join(lines) + "\n"


def is_whole(example: str, fix: str) -> bool:
    first = logical(fix)[:1]
    return bool(first) and logical(example)[:1] == [first[0]] and not first[0].startswith(" ") \
        or bool(first) and key_of(first[0]) == key_of(logical(example)[0]) and \
        len(logical(fix)) >= len(logical(example)) - 1


def with_fill(text: str, fill: str) -> str:
    """Each record of `text` (`id: x` or `- id: x`) with the `fill` keys it lacks."""
    missing = [line for line in fill.splitlines()
               if not re.search(rf"^\s*{line.split(':')[0]}:", text, re.M)]

    def filled(found: re.Match[str]) -> str:
        indent = "    " if found[1].startswith(" ") else ""
        return found[1] + "".join(f"{indent}{line}\n" for line in missing)

    return re.sub(r"^(\s*- id: .*\n|id: .*\n)", filled, text, flags=re.M) if fill else text


def registry(tmp_path: Path, code: str, snippet: dict[str, str]) -> Path:
    scene = SCENES[code]
    files = {"registry/teams.yaml": TEAMS, **scene.files}
    for path, text in snippet.items():
        base = files.get(path)
        if path.endswith(".csv"):
            header = "occurred_at,account,type,contact,detail,score,sentiment,source"
            body = [line for line in text.splitlines() if line and line != header]
            files[path] = "\n".join([header, *(base or "").splitlines()[1:], *body]) + "\n"
            continue
        text = with_fill(text, scene.fill)
        if base is not None or text.startswith(" "):
            files[path] = merged(base or "", text)
        else:
            files[path] = text
    root = write_registry(tmp_path, {k: v for k, v in files.items()
                                     if k != "registry/teams.yaml"},
                          teams=files["registry/teams.yaml"])
    return root


def findings(tmp_path: Path, code: str, snippet: dict[str, str]) -> list[dict[str, object]]:
    scene = SCENES[code]
    root = registry(tmp_path, code, snippet)
    # every rule runs: a suppression's findings (ABM004, ABM007) need the rule it names
    done = invoke(scene.command, "--format", "json", "--as-of", scene.as_of,
                  "--root", str(root))
    assert done.returncode in (0, 1), done.stderr
    document = json.loads(done.stdout)
    found = document["findings"] if scene.command == "lint" else document["conflicts"]
    return [item for item in found if item["code"] == code]


def with_example() -> list[str]:
    return [code for code, rule in catalogue().items()
            if {"Example", "Use instead"} <= sections(rule.doc).keys()]


def test_every_page_with_an_example_has_a_scene_or_a_reason() -> None:
    assert set(with_example()) == set(SCENES) | set(NOT_FROM_A_SNIPPET)
    assert len(NOT_FROM_A_SNIPPET) <= 2
    assert len(FIX_NOT_A_SNIPPET) <= 2 and set(FIX_NOT_A_SNIPPET) <= set(SCENES)
    assert not set(SCENES) & set(NOT_FROM_A_SNIPPET)


@pytest.mark.parametrize("code", sorted(SCENES))
def test_the_example_trips_the_rule_and_use_instead_does_not(
    tmp_path: Path, code: str
) -> None:
    example, fix = snippets(code)
    target = SCENES[code].target
    before = files_of(example, target)
    assert findings(tmp_path / "example", code, before), (code, before)
    if code in FIX_NOT_A_SNIPPET:
        return
    fix_files = files_of(fix, next(iter(before)) if len(before) == 1 else target)
    after = dict(before)
    for path, text in fix_files.items():
        if path in before and not is_whole(before[path], text):
            after[path] = patched(before[path], text)
        else:
            after[path] = text
    assert not findings(tmp_path / "fixed", code, after), (code, after)
