"""Byte-preserving text edits of contact files: one log line, one front-matter key.

Every edit here is a pure function from the file's bytes to new bytes that differ only where
they mean to; `network_md.store.atomic` puts them on disk (a temporary file in the same folder
and a rename, under a lock, after checking that the file still holds the bytes the edit
started from).
"""

from __future__ import annotations

import re
from datetime import date

from network_md.core.dates import format_duration
from network_md.core.errors import WriteError
from network_md.core.quote import show_value
from network_md.format.fields import key_lines, same_key
from network_md.format.logscan import ENTRY, fenced_ranges
from network_md.format.logsection import DEFAULT_HEADING, LogSection, log_section
from network_md.format.parse import BOM, front_matter_bounds
from network_md.format.yamlsafe import yaml_problem

ENTRY_PREFIX = re.compile(r"([ \t]*[-*+][ \t]+)")
PLAIN_YAML = re.compile(r"[^\W_][\w .()/'-]*\Z")  # no `,` `:` `#` `[`: safe in a flow list too


# --- text ------------------------------------------------------------------------------------


class Text:
    """A file's text split into what edits keep verbatim: BOM, newline style, final newline."""

    def __init__(self, data: bytes):
        try:
            decoded = data.decode("utf-8")
        except UnicodeDecodeError:
            raise WriteError(
                "the file is not valid UTF-8; fix its encoding first (`network-md check`)"
            ) from None
        self.bom = decoded.startswith(BOM)
        self.text = decoded[1:] if self.bom else decoded
        first = self.text.find("\n")
        self.newline = "\r\n" if first > 0 and self.text[first - 1] == "\r" else "\n"

    def encode(self, text: str) -> bytes:
        return ((BOM if self.bom else "") + text).encode("utf-8")


def entry_line(
    day: date,
    word: str,
    text: str = "",
    minutes: int | None = None,
    bullet: str = "- ",
    *,
    plan: bool = False,
) -> str:
    """One log line: `- 2026-11-27 gave (20m): text`; a plan is `- [ ] 2026-12-12 met: text`."""
    text = " ".join(text.split())  # one line, however it was typed
    duration = f" ({format_duration(minutes)})" if minutes else ""
    box = "[ ] " if plan else ""
    return f"{bullet}{box}{day.isoformat()} {word}{duration}:" + (f" {text}" if text else "")


def _body_start(text: str) -> int:
    bounds = front_matter_bounds(text)
    return bounds.body_at if bounds and bounds.body_at >= 0 else 0


def _outside(pos: int, fences) -> bool:
    return not any(a <= pos < b for a, b in fences)


def _line_end(text: str, pos: int) -> int:
    """Offset just past the line that holds `pos` (its newline included, if any)."""
    end = text.find("\n", pos)
    return len(text) if end < 0 else end + 1


def _after_block(text: str, line_start: int, limit: int) -> int:
    """The end of an entry's line and of the more-indented lines under it (its sub-bullets)."""
    indent = len(text[line_start:]) - len(text[line_start:].lstrip(" \t"))
    at = _line_end(text, line_start)
    while at < limit:
        line = text[at : _line_end(text, at)]
        if not line.strip() or len(line) - len(line.lstrip(" \t")) <= indent:
            break
        at = _line_end(text, at)
    return at


def insert_entry(
    text: str, day: date, line_for, nl: str = "\n", heading: str = DEFAULT_HEADING
) -> str:
    """Put one entry in the log section in date order: the section under `heading` (the
    config's `log_heading:`), else `## Log`, made at the end of the body when there is neither.

    `line_for(bullet)` gives the entry line; the bullet copies the style of the entries around it.
    Only the new line (and, if the section is missing, its heading) is added: a missing final
    newline stays missing, and nothing lands inside a fenced code block."""
    start = _body_start(text)
    fences = fenced_ranges(text, start)
    section = log_section(text, start, heading, fences)
    if section is None:
        return _with_new_section(text, fences, heading, line_for("- "), nl)
    entries = [
        m for m in ENTRY.finditer(text, section.body_at, section.end) if _outside(m.start(), fences)
    ]
    later = next((m for m in entries if m[1] > day.isoformat()), None)
    if later is not None:  # before the first later entry, in its bullet style
        bullet = ENTRY_PREFIX.match(later[0])[1]
        return text[: later.start()] + line_for(bullet) + nl + text[later.start() :]
    at, bullet = _after_last(text, section, entries)
    if any(a < at < b for a, b in fences) or (
        at == len(text) and fences and not _fence_closed(text, fences[-1])
    ):
        at = section.body_at  # never inside a code block: right under the heading instead
    if at == len(text) and not text.endswith("\n"):
        return text + nl + line_for(bullet)
    return text[:at] + line_for(bullet) + nl + text[at:]


def _with_new_section(text: str, fences, heading: str, line: str, nl: str) -> str:
    """The text with a log section (`heading` and the one entry line) added at its end."""
    if fences and fences[-1][1] == len(text) and not _fence_closed(text, fences[-1]):
        raise WriteError(
            "a code fence (```) in the file is never closed; close it first, then log again"
        )
    blank = not text.strip()
    if not text or text.endswith("\n"):
        gap = "" if blank or text.endswith(nl * 2) else nl
        return f"{text}{gap}{heading}{nl}{line}{nl}"
    gap = "" if blank else nl
    return f"{text}{nl}{gap}{heading}{nl}{line}"  # no final newline: none added


def _after_last(text: str, section: LogSection, entries: list[re.Match]) -> tuple[int, str]:
    """Where an entry later than all the others goes, and its bullet: after the last entry (and
    its sub-bullets), else after the section's last non-blank line (its intro text), else right
    under the heading."""
    if entries:
        anchor = entries[-1]
        return _after_block(text, anchor.start(), section.end), ENTRY_PREFIX.match(anchor[0])[1]
    at = section.body_at
    for m in re.finditer(r"^.*\S.*$", text[section.body_at : section.end], re.MULTILINE):
        at = _line_end(text, section.body_at + m.start())
    return at, "- "


def _fence_closed(text: str, fence: tuple[int, int]) -> bool:
    """Whether a fenced block found by the parser has a closing line (else it runs to the end)."""
    block = text[fence[0] : fence[1]].rstrip("\r\n")
    marker = block.lstrip(" ")[:3]
    last = block.rsplit("\n", 1)[-1].strip()
    return "\n" in block and last.startswith(marker)


def add_entry(
    data: bytes,
    day: date,
    word: str,
    text: str = "",
    minutes: int | None = None,
    heading: str = DEFAULT_HEADING,
    *,
    plan: bool = False,
) -> bytes:
    """The file's bytes with one log entry (or open plan) added; every other byte kept."""
    t = Text(data)
    line_for = lambda bullet: entry_line(day, word, text, minutes, bullet, plan=plan)  # noqa: E731
    return t.encode(insert_entry(t.text, day, line_for, t.newline, heading))


def _key_span(text: str, fm_start: int, fm_end: int, key: str) -> tuple[int, int, str] | None:
    """The lines of the top-level key that `key` folds to (`Snooze Until` for `snooze_until`),
    its continuation lines included, and the key as the file spells it. WriteError when the
    key is written twice: YAML reads the last, and editing one of them could be the wrong one."""
    wanted = same_key(key)
    found = [kl for kl in key_lines(text[fm_start:fm_end]) if same_key(kl.key) == wanted]
    if not found:
        return None
    if len(found) > 1:
        lines = ", ".join(str(kl.line + 1) for kl in found)  # the file's line: `---` is line 1
        raise WriteError(
            f"key '{show_value(found[0].key)}' is written {len(found)} times in the front matter "
            f"(lines {lines}); keep one, then try again; nothing written"
        )
    start = fm_start
    for _ in range(found[0].line - 1):
        start = _line_end(text, start)
    spelling = text[start : start + found[0].key_end].rstrip(" \t")
    end = _line_end(text, start)
    while end < fm_end:
        nxt = _line_end(text, end)
        line = text[end:nxt]
        if line[:1] in (" ", "\t") or (line.startswith("-") and not line.startswith("---")):
            end = nxt  # an indented or list continuation of this key
            continue
        break
    return start, end, spelling


def key_span(text: str, fm_start: int, fm_end: int, key: str) -> tuple[int, int, str] | None:
    """(start, end, spelling) of a top-level key's lines in the front matter between `fm_start`
    and `fm_end`, found by its folded name; None when absent. WriteError when it is written twice."""
    return _key_span(text, fm_start, fm_end, key)


def _refuse_unless_loads(text: str, when: str) -> None:
    bounds = front_matter_bounds(text)
    problem = yaml_problem(text[bounds.fm_start : bounds.fm_end]) if bounds else None
    if problem:
        raise WriteError(
            f"its front matter is not valid YAML{when} ({problem}); "
            "fix it first (`network-md check` shows where); nothing written"
        )


def set_keys(data: bytes, values: dict[str, str | None]) -> bytes:
    """Set (or, with None, remove) top-level front-matter keys, touching only their lines.

    Values are YAML text already (see `yaml_scalar`). An existing key is found by its folded
    name and keeps its spelling (`Snooze Until:`); a key written twice is refused, nothing
    written. A file without front matter gets one.
    WriteError when the front matter is not valid YAML, before or after: a key set in a file
    the reader cannot load would be set in name only."""
    t = Text(data)
    text, nl = t.text, t.newline
    bounds = front_matter_bounds(text)
    if bounds is None or bounds.body_at < 0:
        if bounds is not None:
            raise WriteError("its front matter is never closed with '---'; fix that first")
        new = [f"{k}: {v}{nl}" for k, v in values.items() if v is not None]
        if not new:
            return data
        return t.encode(_loads_after(f"---{nl}{''.join(new)}---{nl}{text}"))
    _refuse_unless_loads(text, "")
    for key, value in values.items():
        bounds = front_matter_bounds(text)
        span = _key_span(text, bounds.fm_start, bounds.fm_end, key)
        if span is None and value is None:
            continue
        if span is None:
            text = text[: bounds.fm_end] + f"{key}: {value}{nl}" + text[bounds.fm_end :]
            continue
        old_line = text[span[0] : span[1]]
        line_nl = "\r\n" if old_line.endswith("\r\n") else ("\n" if old_line.endswith("\n") else nl)
        replacement = "" if value is None else f"{span[2]}: {value}{line_nl}"
        text = text[: span[0]] + replacement + text[span[1] :]
    return t.encode(_loads_after(text))


def _loads_after(text: str) -> str:
    _refuse_unless_loads(text, " once the keys are set")
    return text
