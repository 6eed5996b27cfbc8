"""A registry whose free text is hostile: names, research, an export's detail and source, and
file names carry terminal escapes, bidi overrides, workflow commands and Markdown/HTML. Every
account is also an ordinary one: it turns hot and is not followed up, so handoff, overlap
(ABM606) and lint all print its text."""

from __future__ import annotations

from pathlib import Path

from tests.catalogue.overlap_builders import TEAMS
from tests.support.registry import write

AS_OF = "2026-11-23"
# what a terminal or a CI runner would obey, or Markdown would render, if printed raw
ESCAPES = ("\x1b", "\x07", "\u202e", "\u2066", "\x9b", "\x7f")
COMMAND = "::warning file=registry/a.yaml,line=1::pwned"
HTML = ("<script>", "<img", "<!--")
# YAML double-quoted escapes: the loaded text holds the raw characters
NAME_YAML = (r'"Evil\e]8;;http://evil.example\a Corp\e[2J \u202Egnp.exe\r\n'
             r'::warning file=registry/a.yaml,line=1::pwned <script>alert(1)</script>"')
RESEARCH_YAML = (r'"# Heading\n<!-- unterminated\n<img src=x onerror=alert(1)>'
                 r' ![i](http://evil.example/i.png) [l](javascript:alert(1)) @org/team'
                 r' a | b \\ `tick`\n##[error]old style\n\u2066isolate\x9b31m\x7f"')
DETAIL = '"case\r\n::warning::pwned \x1b]0;title\x07 <script>x</script> @org/team"'
SOURCE = "\x1b[31mmarketo\u202e"


def hostile_registry(root: Path) -> Path:
    """`root` holding the hostile registry and its activity export."""
    write(root, "registry/teams.yaml", TEAMS)
    write(root, "registry/accounts/all.yaml", f"""
        accounts:
          - id: northwind
            name: {NAME_YAML}
            domains: [northwind.com]
            tier: 1
            tier_since: 2026-07-01
            region: emea
            segment: retail
            owners: {{ae: ana.lima, sdr: raj.patel, abm: mei.chen}}
            stage: awareness
            stage_since: 2026-07-01
            familiar: false
            sources: [marketing, sales]
            reviewed: 2026-10-01
            research: {RESEARCH_YAML}
        """)
    rows = [
        "occurred_at,account,type,contact,detail,score,sentiment,source",
        f"2026-10-30T10:00:00Z,northwind,event_registration,a@northwind.com,{DETAIL},,,{SOURCE}",
        f"2026-10-31T10:00:00Z,northwind,event_registration,b@northwind.com,{DETAIL},,,{SOURCE}",
        "2026-11-01T10:00:00Z,northwind,content_download,c@northwind.com,case_study,,,marketo",
        f"2026-11-02T10:00:00Z,northwind,outbound_response,d@northwind.com,{DETAIL},,positive,"
        f"{SOURCE}",
    ]
    path = root / "registry/signals/activity.csv"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(("\n".join(rows) + "\n").encode("utf-8"))
    return root


def commands_at_line_start(text: str) -> list[str]:
    """Lines a GitHub runner would run as workflow commands (it trims leading blanks)."""
    return [line for line in text.splitlines() if line.lstrip().startswith(("::", "##["))]
