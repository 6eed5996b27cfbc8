"""The unified diff of file edits, one per file: what `abmctl lint --diff` shows `--fix` would
write, and what `abmctl tiers apply --dry-run` shows `apply` would.

Lines are those YAML reads (broken at CRLF, LF and CR only, so hunks number lines as the
findings do) and are compared with their endings, so a line whose ending alone changes is
shown; in a file whose line endings change, a line ending in CRLF is shown ending in `^M` (as
`cat -v` writes it), since a terminal shows CRLF and LF alike; one ending in a lone CR is shown
ending in `\\r`. A last line with no ending is followed by `\\ No newline at end of file`, as
git writes it. The data is escaped for a terminal, and a character inside a line that a reader
could take for a line break (U+0085, U+2028, U+2029 are text to YAML) is shown as an escape:
each line of the file is one line of the diff.
"""

from __future__ import annotations

import difflib
from collections.abc import Sequence

from abmctl.load.yamlfile import yaml_lines
from abmctl.output.escape import file_line, terminal
from abmctl.tiers.writing import FileChange

NO_NEWLINE = "\\ No newline at end of file"
# how a line's ending shows in a file whose endings change (LF: as nothing)
_SHOWN = {"\r\n": "^M", "\r": "\\r"}


def render_diff(changes: Sequence[FileChange], context: int = 3) -> str:
    """Every change's unified diff (`--- a/path`, `+++ b/path`, hunks), one after another."""
    return "".join(_file_diff(change, context) for change in changes)


def _file_diff(change: FileChange, context: int) -> str:
    old = yaml_lines(change.old.decode("utf-8"))
    new = yaml_lines(change.new.decode("utf-8"))
    endings_change = {_ending(line) for line in old if _ending(line)} != \
        {_ending(line) for line in new if _ending(line)}
    rel = terminal(change.rel)
    out: list[str] = []
    for number, line in enumerate(difflib.unified_diff(old, new, f"a/{rel}", f"b/{rel}",
                                                       n=context)):
        # the file's headers are the first two lines; a removed `--` line also reads `---`
        if number < 2 or line.startswith("@@"):
            out.append(line.rstrip("\r\n") + "\n")
            continue
        ending = _ending(line)
        shown = file_line(line[: len(line) - len(ending)]) + (
            _SHOWN.get(ending, "") if endings_change else "")
        out.append(shown + "\n")
        if not ending:
            out.append(NO_NEWLINE + "\n")
    return "".join(out)


def _ending(line: str) -> str:
    if line.endswith("\r\n"):
        return "\r\n"
    return line[-1] if line.endswith(("\n", "\r")) else ""
