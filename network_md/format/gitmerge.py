"""A three-way merge of one contact file, for git's merge driver: every log entry either side
added is kept, in date order; front-matter keys merge one by one; the notes merge as text.

Pure: bytes in, bytes out. The notes around the log merge through `merge_text`, which the
caller supplies (git's own `merge-file`), so their conflicts look exactly as git makes them.
A body without a log heading has as its log the entries it ends with. Whatever a merge cannot
take apart safely (not UTF-8, front matter never closed, a side that deleted the front matter
or the log, a dashboard or a template) merges as text, whole.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import NamedTuple

from network_md.core.errors import WriteError
from network_md.format.edit import Text
from network_md.format.fields import canonical, key_of
from network_md.format.logscan import DATED, fenced_ranges
from network_md.format.logsection import DEFAULT_HEADING, log_section
from network_md.format.parse import BOM, front_matter_bounds
from network_md.format.seqmerge import Item, Markers, merge_entries

TextMerge = Callable[[bytes, bytes, bytes], tuple[bytes, bool]]

LINE = re.compile(r"[^\n]*\n|[^\n]+")  # a line with its newline; `\r` and U+2028 are not breaks
NOT_A_CONTACT = re.compile(
    r"^network-md[ \t]*:[ \t]*['\"]?(?:dashboard|template)\b", re.MULTILINE | re.IGNORECASE
)


class Merged(NamedTuple):
    data: bytes
    conflicted: bool


class NotMergeable(Exception):
    """This version of the file cannot be taken apart safely: the whole file merges as text."""


class FrontMatter(NamedTuple):
    opening: str  # the `---` line
    preamble: str  # comments and blank lines before the first key
    keys: dict[str, str]  # key as network-md reads it -> its lines (continuations, comments)
    closing: str  # the closing `---` line


NO_FRONT = FrontMatter("", "", {}, "")


class Parts(NamedTuple):
    """One version of a contact file, taken apart; joined again it gives the same bytes."""

    bom: bool
    newline: str
    final_newline: bool
    front: FrontMatter | None
    before: str  # the body before the log heading
    heading: str | None  # the log heading line (None: the body has none)
    log: tuple[Item, ...]  # the log section under it; without one, the entries the body ends with
    after: str  # the body after the log section


# --- taking a file apart -----------------------------------------------------------------------


def lines_of(text: str) -> list[str]:
    return LINE.findall(text)


def take_front(text: str) -> tuple[FrontMatter | None, int]:
    """(the front matter split into keys, where the body starts)."""
    bounds = front_matter_bounds(text)
    if bounds is None:
        return None, 0
    if bounds.body_at < 0:
        raise NotMergeable("front matter that is never closed")
    preamble, keys, current = "", {}, None
    for line in lines_of(text[bounds.fm_start : bounds.fm_end]):
        found = key_of(line)
        key = canonical(found[0]) if found else ""
        if key:
            current = key
            n = 2
            while current in keys:  # a key written twice: each copy merges on its own
                current, n = f"{key}\0{n}", n + 1
            keys[current] = line
        elif current is None:
            preamble += line
        else:
            keys[current] += line
    front = FrontMatter(
        text[: bounds.fm_start], preamble, keys, text[bounds.fm_end : bounds.body_at]
    )
    if NOT_A_CONTACT.search(text, bounds.fm_start, bounds.fm_end):
        raise NotMergeable("a dashboard or a template")
    return front, bounds.body_at


def _outside(at: int, fences) -> bool:
    return not any(a <= at < b for a, b in fences)


def split_body(body: str, log_heading: str) -> tuple[str, str | None, str, str]:
    """(before, heading line, the log section under it, after): the section `log` writes into
    (`logsection.log_section`, the rule every reader and writer shares)."""
    section = log_section(body, 0, log_heading)
    if section is None:
        return body, None, "", ""
    start, heading_end, end = section.start, section.body_at, section.end
    return body[:start], body[start:heading_end], body[heading_end:end], body[end:]


def log_items(section: str) -> tuple[Item, ...]:
    """The section's lines, each entry grouped with the more-indented lines under it."""
    fences = fenced_ranges(section, 0)
    lines = lines_of(section)
    starts = [0]
    for line in lines:
        starts.append(starts[-1] + len(line))
    items, i = [], 0
    while i < len(lines):
        m = DATED.match(lines[i]) if _outside(starts[i], fences) else None
        if m is None:
            items.append(Item(lines[i], None))
            i += 1
            continue
        indent = _indent(lines[i])
        j = i + 1
        while j < len(lines) and lines[j].strip() and _indent(lines[j]) > indent:
            j += 1
        time = m[4] or ""  # DATED's groups: 2 the date, 4 the time
        when = f"{m[2]} {time.rjust(5, '0')}" if time else m[2]
        items.append(Item("".join(lines[i:j]), when))
        i = j
    return tuple(items)


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" \t"))


def take_apart(data: bytes, log_heading: str) -> Parts:
    if b"\0" in data:
        raise NotMergeable("a binary file")
    try:
        t = Text(data)
    except WriteError:
        raise NotMergeable("not UTF-8") from None
    text = t.text
    final = not text or text.endswith("\n")
    if not final:
        text += t.newline  # every line ends alike while merging; the last one loses it again
    front, body_at = take_front(text)
    before, heading, section, after = split_body(text[body_at:], log_heading)
    if heading is None:
        before, log = trailing_entries(before)
    else:
        log = log_items(section)
    return Parts(t.bom, t.newline, final, front, before, heading, log, after)


def trailing_entries(body: str) -> tuple[str, tuple[Item, ...]]:
    """A body with no log heading: (the text, the entries it ends with, as its log)."""
    items = log_items(body)
    start = len(items)
    while start > 0 and (items[start - 1].when or not items[start - 1].text.strip()):
        start -= 1
    while start < len(items) and not items[start].when:
        start += 1  # blank lines before the first entry stay with the text
    return "".join(i.text for i in items[:start]), items[start:]


def render_front(front: FrontMatter | None) -> str:
    if front is None:
        return ""
    return front.opening + front.preamble + "".join(front.keys.values()) + front.closing


# --- merging the parts -------------------------------------------------------------------------


def pick(base, ours, theirs):
    """A value only one side can change at a time (a flag, a heading): the side that changed it;
    when both did, ours."""
    return ours if ours != base else theirs


def three_way(base, ours, theirs):
    """(the merged value, False), or (None, True) when both sides changed it differently."""
    if ours == theirs or theirs == base:
        return ours, False
    if ours == base:
        return theirs, False
    return None, True


def merge_value(base: str | None, ours: str | None, theirs: str | None, markers: Markers):
    """One front-matter key's lines (None: absent); a conflict marks both sides' lines."""
    value, conflicted = three_way(base, ours, theirs)
    if conflicted:
        return markers.wrap(ours or "", theirs or "", base or ""), True
    return value or "", False


def key_order(ours: dict, theirs: dict) -> list[str]:
    """Ours' keys in ours' order; a key only theirs has goes after the key it follows there."""
    order = list(ours)
    previous = None
    for key in theirs:
        if key not in order:
            order.insert(order.index(previous) + 1 if previous is not None else 0, key)
        previous = key
    return order


def merge_front(base, ours, theirs, markers: Markers) -> tuple[str, bool]:
    front, conflicted = three_way(base, ours, theirs)
    if not conflicted:
        return render_front(front), False
    b, o, t = (x or NO_FRONT for x in (base, ours, theirs))
    out = [pick(b.opening, o.opening, t.opening)]
    text, conflicted = merge_value(b.preamble, o.preamble, t.preamble, markers)
    out.append(text)
    for key in key_order(o.keys, t.keys):
        text, clash = merge_value(b.keys.get(key), o.keys.get(key), t.keys.get(key), markers)
        out.append(text)
        conflicted = conflicted or clash
    out.append(pick(b.closing, o.closing, t.closing))
    return "".join(out), conflicted


def merge_notes(base: str, ours: str, theirs: str, merge_text: TextMerge) -> tuple[str, bool]:
    text, conflicted = three_way(base, ours, theirs)
    if not conflicted:
        return text, False
    data, conflicted = merge_text(base.encode(), ours.encode(), theirs.encode())
    return data.decode("utf-8"), conflicted


def _same_shape(base: Parts, ours: Parts, theirs: Parts) -> None:
    """A side that deleted the front matter or the log (its heading, or the entries a body
    without one ends with): too much moved to merge by parts."""
    for side in (ours, theirs):
        if base.front is not None and side.front is None:
            raise NotMergeable("one side removed the front matter")
        if base.heading is not None and side.heading is None:
            raise NotMergeable("one side removed the log heading")
        if base.log and not side.log and side.heading is None:
            raise NotMergeable("one side no longer ends with the log")


def merge(
    base: bytes,
    ours: bytes,
    theirs: bytes,
    merge_text: TextMerge,
    log_heading: str = DEFAULT_HEADING,
    labels: tuple[str, str] = ("ours", "theirs"),
    base_label: str | None = None,
) -> Merged:
    """The three-way merge of one contact file: (bytes, conflicted). With `base_label`, a
    conflict shows the base's lines too, as git's `merge.conflictStyle=diff3` does."""
    try:
        b, o, t = (take_apart(data, log_heading) for data in (base, ours, theirs))
        _same_shape(b, o, t)
    except NotMergeable:
        return Merged(*merge_text(base, ours, theirs))
    newline = pick(b.newline, o.newline, t.newline)
    markers = Markers(*labels, newline, base_label)
    front, c1 = merge_front(b.front, o.front, t.front, markers)
    before, c2 = merge_notes(b.before, o.before, t.before, merge_text)
    heading = pick(b.heading, o.heading, t.heading) or ""
    log, c3 = merge_entries(b.log, o.log, t.log, markers)
    after, c4 = merge_notes(b.after, o.after, t.after, merge_text)
    conflicted = c1 or c2 or c3 or c4
    text = front + before + heading + "".join(i.text for i in log) + after
    if not pick(b.final_newline, o.final_newline, t.final_newline) and not conflicted:
        text = text[: -len(newline)] if text.endswith(newline) else text.removesuffix("\n")
    bom = BOM if pick(b.bom, o.bom, t.bom) else ""
    return Merged((bom + text).encode("utf-8"), conflicted)
