"""Text from the registry and the activity exports, made safe for the medium it is printed in.

A pull request can put anything in a name, a research note, an export's detail or a file name,
and abmctl's output lands in terminals, CI logs, GitHub annotations, pull-request comments and
Slack. One function per medium, called by every renderer on the data it prints (never on the
text or colour codes abmctl writes itself):

- `terminal` (one-line fields) and `terminal_block` (a note with its line breaks): control and
  bidi characters made visible (`\\x1b`, `\\u202e`), and no line a CI runner would read as a
  workflow command (`::warning::...`, `##[error]`); `file_line`: a line of a file as a diff
  shows it, every character a reader could take for a line break made visible too;
- `workflow_message` and `workflow_property`: a GitHub workflow command's message and values;
- `markdown` and `markdown_code`: table cells, headings and list items with no HTML, links,
  images, mentions, code or headings from the data;
- `csv_cell`: a CSV text cell no spreadsheet runs as a formula (the quoting itself is the csv
  module's, RFC 4180);
- `html` (a page's text and attribute values) and `chart_text` (a label a chart library draws):
  `abmctl report --html`.
"""

from __future__ import annotations

import re

# C0 (but tab) and DEL, C1, bidi embeddings/overrides/isolates and marks, and lone surrogates
# (a file name or JSON string that is not valid UTF-8): shown as escapes, never passed on
_HIDDEN = (r"\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
           r"\ud800-\udfff")
_BREAKS = "\r\n|[\n\r\x0b\x0c\x1c-\x1e\x85\u2028\u2029]"
# GitHub's runner reads a line as a command when, leading blanks trimmed, it starts with `::`
# (or the older `##[`); a line can also be cut (wrapped) anywhere in a field, so every such
# pair in data is split by a word joiner, which shows as nothing and is not a blank
_COMMAND = "::|##\\["
_JOINER = "\u2060"
_LINE_UNSAFE = re.compile(f"[{_HIDDEN}\\n\\t]|{_COMMAND}")
_BLOCK_UNSAFE = re.compile(f"[{_HIDDEN}]|{_COMMAND}")
_BREAK = re.compile(_BREAKS)
_HIDDEN_CHAR = re.compile(f"[{_HIDDEN}]")
# in a line of a file, the breaks YAML takes as text (U+0085, U+2028, U+2029, form feed, ...)
# would cut it in two on a screen: those outside `_HIDDEN` shown as escapes too
_FILE_LINE_UNSAFE = re.compile(f"[{_HIDDEN}\n\u2028\u2029]|{_COMMAND}")
_FILE_LINE_HIDDEN = re.compile(f"[{_HIDDEN}\n\u2028\u2029]")
_COMMAND_START = re.compile(_COMMAND)


def _visible(found: re.Match[str]) -> str:
    code = ord(found.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def _unhidden(text: str, hidden: re.Pattern[str] = _HIDDEN_CHAR) -> str:
    """Control, bidi and surrogate characters (`hidden`) as escapes; `::` and `##[` split."""
    text = hidden.sub(_visible, text)
    return _COMMAND_START.sub(lambda m: m.group()[0] + _JOINER + m.group()[1:], text)


def terminal(text: str) -> str:
    """A one-line field for a terminal or a CI log: line breaks become a space, tabs too."""
    if not _LINE_UNSAFE.search(text):
        return text
    return _unhidden(_BREAK.sub(" ", text).replace("\t", " "))


def terminal_block(text: str) -> str:
    """A field that keeps its lines (a research note): line breaks become `\\n`, the rest as
    `terminal` does."""
    if not _BLOCK_UNSAFE.search(text):
        return text
    return _unhidden(_BREAK.sub("\n", text))


def file_line(text: str) -> str:
    """One line of a file (its ending left off) as a diff shows it: as `terminal_block` does,
    and a break inside it (U+0085, U+2028, a form feed: text to YAML) as an escape, so that
    each line of the file stays one line on the screen."""
    if not _FILE_LINE_UNSAFE.search(text):
        return text
    return _unhidden(text, _FILE_LINE_HIDDEN)


def workflow_message(text: str) -> str:
    """A workflow command's message: `%`, CR and LF escaped as GitHub's toolkit does; other
    control and bidi characters shown as escapes (the log viewer would obey them)."""
    escaped = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return _HIDDEN_CHAR.sub(_visible, escaped)


def workflow_property(text: str) -> str:
    """A property value (`file=`, `title=`): also `:` and `,`, the property delimiters."""
    return workflow_message(text).replace(":", "%3A").replace(",", "%2C")


# what would turn data into Markdown or HTML structure: `\\` and `|` (a table's cell ends),
# backticks (code), `[` `]` (links and images); `<` opening a tag, comment or autolink and `&`
# opening an entity (a `<` before a blank or a digit is text: `fit 50 < 60`)
_MARKDOWN = {ord("\\"): "\\\\", ord("|"): "\\|", ord("`"): "\\`", ord("["): "\\[",
             ord("]"): "\\]"}
_HTML = re.compile(r"<(?=[A-Za-z/!?])|&(?=#|\w+;)")
_HTML_ESCAPE = {"<": "&lt;", "&": "&amp;"}
_MARKDOWN_UNSAFE = re.compile(
    f"[{_HIDDEN}\\n\\t\\\\|`\\[\\]@]|{_HTML.pattern}|{_COMMAND}|^[\\s#]|\\s$|\\s\\s")
_MENTION = re.compile(r"(?<![\w.+-])@(?=[\w-])")


def markdown(text: str) -> str:
    """A table cell, heading or list item: one line (runs of blanks become one space), no
    HTML, link, image, code, `@mention` or heading from the data."""
    if not _MARKDOWN_UNSAFE.search(text):
        return text
    text = " ".join(_unhidden(_BREAK.sub(" ", text)).split())
    text = _HTML.sub(lambda m: _HTML_ESCAPE[m.group()], text.translate(_MARKDOWN))
    text = _MENTION.sub("@" + _JOINER, text)
    return "\\" + text if text.startswith("#") else text


def markdown_code(text: str) -> str:
    """`text` as an inline code span, fences included: one line, no `|` ending a table cell,
    a fence longer than any run of backticks in it."""
    text = " ".join(_unhidden(_BREAK.sub(" ", text)).split()).replace("|", "\\|")
    longest = max((len(run) for run in re.findall("`+", text)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


# a spreadsheet reads a cell starting with one of these as a formula (`=HYPERLINK(...)`,
# `@SUM(...)`, `-2+3`), or, after a tab, a cell it may trim to one (a CR is shown as `\x0d`)
FORMULA_STARTS = ("=", "+", "-", "@", "\t")
# what a cell shows as escapes: the terminal's hidden characters and the Unicode line and
# paragraph separators (the JSON writer escapes them too)
_CSV_HIDDEN = re.compile(f"[{_HIDDEN}\u2028\u2029]")


def csv_cell(text: str) -> str:
    """A text cell of a CSV report: control and bidi characters and U+2028/U+2029 shown as
    escapes (`\\x9b`, as in a terminal; a line break or a tab stays, the csv module quotes
    it), `::` and `##[` split as in a terminal, and a `'` before a leading `=`, `+`, `-`, `@` or
    tab so a spreadsheet shows the text instead of running it (the cell reads `'=cmd`).
    Numbers abmctl writes itself are not text cells and never get one."""
    text = _CSV_HIDDEN.sub(_visible, text.replace("\r\n", "\n"))
    if _COMMAND_START.search(text):  # a CSV printed in a CI log: no workflow command either
        text = _COMMAND_START.sub(lambda m: m.group()[0] + _JOINER + m.group()[1:], text)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


_HTML_UNSAFE = re.compile(f"[{_HIDDEN}&<>\"']")
_HTML_ENTITIES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;",
                                "'": "&#x27;"})


def html(text: str) -> str:
    """Text or an attribute value in an HTML page (`abmctl report --html`): `&`, `<`, `>`, `"`
    and `'` as entities, so no tag, attribute or script comes from the data; control and bidi
    characters shown as escapes, as in a terminal."""
    if not _HTML_UNSAFE.search(text):  # most text: ten thousand pages call this a million times
        return text
    return _HIDDEN_CHAR.sub(_visible, text).translate(_HTML_ENTITIES)


def chart_text(text: str) -> str:
    """A label a chart library draws into SVG (it writes XML entities itself): control and bidi
    characters shown as escapes, nothing else changed."""
    return _HIDDEN_CHAR.sub(_visible, text)
