"""The log in a contact's body: list items `- [BOX ]DATE[ TIME] KIND[ (DURATION)]: TEXT` outside
fenced code. BOX is a task box (`[ ]` a plan, `[x]` done, `[-]` cancelled); DATE may be written
as a daily-note link `[[YYYY-MM-DD]]`; TIME is `HH:MM`.

Two paths, one grammar. The fast path (no fences, nothing wrong, no full log wanted) reads a
file's entries with one `findall` and dictionary lookups, because indexing a vault of 10,000
contacts reads 200,000 entries. Anything else (a fence, an impossible date, an unknown kind, a
bad duration, box or time, a dated bullet that is not an entry, or `with_log`) takes the careful
path, which knows every entry's line and says what is wrong where.
"""

from __future__ import annotations

import re
from array import array
from datetime import date
from typing import NamedTuple

from network_md.core.dates import parse_duration
from network_md.core.model import (
    ASK_CODES,
    CODE_KIND,
    KIND_CODE,
    NO_MINUTES,
    Entries,
    Entry,
    Problem,
    same_day_rank,
)
from network_md.core.quote import show_value
from network_md.format.config import Config

# A bullet that starts with a date (after a task box, a `[[`, or both). Groups: that prefix,
# the date, `]]`, the time, the kind, the duration, the text; the last four are empty when the
# rest is not an entry. Fewer groups and one prefix group, because every group costs on the
# fast path: a time is only taken when a kind follows it (`14:30: call` reads as kind `14`,
# which the careful path then reports as a line that is not an entry). Each optional part is
# written `(?:X|)`, not `(?:X)?`: the same matches, but the engine tries a branch for it rather
# than a repeat, which costs it a sixth less on a cold index (a duration left out is then an
# empty group, not None).
DATED = re.compile(
    r"^[ \t]*[-*+][ \t]+(\[[^\]\n]{0,2}\][ \t]*(?:\[\[|)|\[\[|)([0-9]{4}-[0-9]{2}-[0-9]{2})(\]\]|)(?![0-9-])"
    r"(?:[ \t]+(?:([0-9]{1,2}:[0-9]{2})[ \t]+|)([A-Za-z0-9-]+)[ \t]*(\([^)\n]*\)|)[ \t]*:(.*)|)",
    re.MULTILINE,
)
# Exactly an entry (for edit.py, which places new ones among them): group 1 the date, 2 the
# kind, 3 the duration, 4 the text.
ENTRY = re.compile(
    r"^[ \t]*[-*+][ \t]+(?:\[[ xX-]\][ \t]*)?(?:\[\[(?=[0-9]{4}-[0-9]{2}-[0-9]{2}\]\]))?"
    r"([0-9]{4}-[0-9]{2}-[0-9]{2})(?:\]\])?(?:[ \t]+[0-9]{1,2}:[0-9]{2})?"
    r"[ \t]+([A-Za-z0-9-]+)[ \t]*(?:\(([^)\n]*)\))?[ \t]*:(.*)$",
    re.MULTILINE,
)
DONE_BOXES = ("", "[x]", "[X]")  # an ordinary entry: no box, or a ticked one
STATES = {"": "done", "[x]": "done", "[X]": "done", "[ ]": "plan", "[-]": "cancelled"}
NOT_AN_ENTRY = (
    "starts with a date but is not a log entry "
    "(expected '- [ ] DATE [HH:MM] KIND: TEXT', box and time optional); left out"
)


class Scanned(NamedTuple):
    """What a body's log holds."""

    entries: Entries  # done entries: what the analysis counts
    plans: tuple  # open plans as (day, kind word, text), in file order
    log: list | None  # every entry (plans and cancelled ones too), with `with_log`
    problems: list
    linked: tuple = ()  # the entries whose text holds a wikilink (any state), in file order


HEADING = re.compile(r"# +(.+?)[ \t]*#*[ \t]*\r?\Z")
FIRST_LINE = re.compile(r"(?:[ \t]*\r?\n)*([^\n]*)")  # the first non-blank line
OPEN_FENCE = re.compile(r"^[ ]{0,3}(`{3,}|~{3,})", re.MULTILINE)

_DAYS: dict[str, int] = {}  # 'YYYY-MM-DD' -> ordinal, -1 when impossible; shared by every file
_DURATIONS: dict[str, int] = {"": NO_MINUTES}  # '(15m)' -> 15, -1 when not a duration
_CODES: dict[tuple, dict[str, str]] = {}  # config kinds -> {word as written: kind code}


def impossible_day(path: str, line: int, written: str) -> Problem:
    """The problem of an entry dated on a day no calendar has (every log reader says it so)."""
    return Problem(path, line, "error", f"impossible date {written}; this entry is left out")


def bad_duration(path: str, line: int, duration: str) -> Problem:
    """The problem of an entry whose `(…)` is not a duration: it counts without minutes."""
    return Problem(
        path,
        line,
        "warning",
        f"'{show_value(duration)}' is not a duration like 15m, 1h or 1h30m; counted without minutes",
    )


def day_ordinal(text: str) -> int:
    day = _DAYS.get(text)
    if day is None:
        try:
            day = date(int(text[:4]), int(text[5:7]), int(text[8:10])).toordinal()
        except ValueError:
            day = -1
        if len(_DAYS) > 200_000:
            _DAYS.clear()
        _DAYS[text] = day
    return day


def duration_minutes(text: str) -> int:
    m = _DURATIONS.get(text)
    if m is None:
        parsed = parse_duration(text[1:-1])
        m = -1 if parsed is None else min(parsed, NO_MINUTES - 1)
        if len(_DURATIONS) < 10_000:
            _DURATIONS[text] = m
    return m


class _Codes(dict):
    """Kind word as written -> kind code; learns each new spelling on first sight."""

    def __init__(self, config: Config):
        super().__init__()
        self.config = config

    def __missing__(self, word: str) -> str | None:
        kind = self.config.kind_of(word) if word else None
        code = KIND_CODE[kind] if kind else None
        self[word] = code
        return code


_LAST_CODES: tuple = (None, None)  # (config, its codes): a cold index asks 100,000 times


def codes_for(config: Config) -> dict[str, str | None]:
    global _LAST_CODES
    last, codes = _LAST_CODES
    if last is config:
        return codes
    key = tuple(sorted(config.kinds.items()))
    codes = _CODES.get(key)
    if codes is None:
        codes = _CODES[key] = _Codes(config)
    _LAST_CODES = (config, codes)
    return codes


def fenced_ranges(text: str, start: int) -> list[tuple[int, int]]:
    """Character ranges of fenced code blocks (an unclosed fence runs to the end)."""
    ranges = []
    pos = start
    while True:
        m = OPEN_FENCE.search(text, pos)
        if not m:
            return ranges
        marker = m[1]
        closer = re.compile(
            r"^[ ]{0,3}" + re.escape(marker[0]) + "{" + str(len(marker)) + r",}[ \t]*\r?$", re.M
        )
        line_end = text.find("\n", m.end())
        if line_end < 0:
            ranges.append((m.start(), len(text)))
            return ranges
        c = closer.search(text, line_end + 1)
        end = len(text) if not c else c.end()
        ranges.append((m.start(), end))
        pos = end


def _inside(at: int, ranges) -> bool:
    return any(a <= at < b for a, b in ranges)


def first_heading(text: str, start: int) -> str | None:
    """The `# ` heading that is the body's first non-blank line, if it is one: a heading further
    down is a section of the note, not its title (Obsidian titles such a note by its file name)."""
    m = FIRST_LINE.match(text, start)
    if m is None:
        return None
    title = HEADING.match(m[1])
    return title[1].strip() if title else None


def columns_to_entries(days: list, codes: list, minutes: list) -> Entries:
    """Entry columns in date order (asks before same-day answers), sorted only when needed."""
    if days != sorted(days) or (len(set(days)) < len(days) and _ask_after_answer(days, codes)):
        order = sorted(range(len(days)), key=lambda i: (days[i], same_day_rank(codes[i])))
        days, codes, minutes = (
            [days[i] for i in order],
            [codes[i] for i in order],
            [minutes[i] for i in order],
        )
    return Entries(array("i", days), "".join(codes), array("I", minutes))


def _ask_after_answer(days: list, codes: list) -> bool:
    return any(
        days[i] == days[i + 1] and codes[i + 1] in ASK_CODES and codes[i] not in ASK_CODES
        for i in range(len(days) - 1)
    )


def _box(prefix: str, closer: str) -> str | None:
    """The task box of a prefix (`""` for none); None when a `[[` and its `]]` do not pair, or
    the box is none the grammar knows."""
    opener = prefix.endswith("[[")
    if opener != bool(closer):
        return None
    box = (prefix[:-2] if opener else prefix).rstrip(" \t")
    return box if box in STATES else None


def valid_time(text: str) -> str | None:
    """`9:30` -> `09:30`; None for a time that is not one (`25:00`)."""
    hours, _, minutes = text.partition(":")
    if int(hours) > 23 or int(minutes) > 59:
        return None
    return f"{int(hours):02d}:{minutes}"


def scan(text: str, start: int, config: Config, path: str, with_log: bool) -> Scanned:
    """The log of the body that starts at `start`."""
    if not with_log and "```" not in text and "~~~" not in text:
        fast = _fast(text, start, config, path)
        if fast is not None:
            entries, plans, linked = fast
            return Scanned(entries, plans, None, [], linked)
    from network_md.format.logcareful import careful  # a fence, a problem, or the full log

    return careful(text, start, config, path, with_log)


def _fast(text: str, start: int, config: Config, path: str) -> tuple | None:
    """(entries, plans, linked entries) when nothing is wrong; None when the careful path must
    look."""
    found = DATED.findall(text, start)
    if not found:
        return NO_LOG, (), ()
    prefixes, dates, closes, times, words, durations, texts = zip(*found)
    days = list(map(_DAYS.get, dates))
    if None in days:  # a date not seen before in this process: learn it
        days = list(map(day_ordinal, dates))
    codes_of = codes_for(config)
    codes = list(map(codes_of.get, words))
    if None in codes:  # a spelling not seen before: learn it (or it is unknown)
        codes = [codes_of[w] for w in words]
    minutes = list(map(_DURATIONS.get, durations))
    if None in minutes:
        minutes = list(map(duration_minutes, durations))
    if -1 in days or None in codes or -1 in minutes:
        return None
    if any(times) and any(t and valid_time(t) is None for t in times):
        return None
    boxes = None
    if any(prefixes) or any(closes):  # boxes and links: rare, the plain case pays nothing
        boxes = [_box(p, c) for p, c in zip(prefixes, closes)]
        if None in boxes:
            return None
    linked = ()
    if text.find("[[", start) >= 0:
        linked = _linked_found(text, start, path, found, (days, codes, minutes, boxes))
        if linked is None:
            linked = _linked(text, start, config, path)
    return (*_boxed(found, days, codes, minutes, boxes), linked)


def _boxed(found, days, codes, minutes, boxes) -> tuple[Entries, tuple]:
    """(entries, plans): the done entries counted, the open boxes as plans."""
    if boxes is None:
        return columns_to_entries(days, codes, minutes), ()
    plans = tuple(
        (days[i], found[i][4], found[i][6].strip()) for i, b in enumerate(boxes) if b == "[ ]"
    )
    keep = [i for i, b in enumerate(boxes) if b in DONE_BOXES]
    days, codes, minutes = ([col[i] for i in keep] for col in (days, codes, minutes))
    return columns_to_entries(days, codes, minutes), plans


def _entry(config: Config, day, word, mins, rest, line, state, time, path) -> Entry:
    """One full log entry, as `show` prints it."""
    return Entry(
        day,
        config.kind_of(word) or "met",
        word,
        None if mins == NO_MINUTES else mins,
        rest.strip(),
        line,
        state,
        valid_time(time) if time else None,
        path,
    )


def _linked_found(text: str, start: int, path: str, found: list, columns: tuple) -> tuple | None:
    """The fast path's entries whose text holds a link, from what its `findall` found; None
    when the body has other lines with a `[[` (`_linked` then tells the entries' lines apart).

    Each such entry is one line holding a `[[`, in order: when the body has as many lines
    holding one as there are such entries, those lines are theirs, one for one, and no line
    needs matching again. `columns`: the entries' days, kind codes, minutes and boxes (None:
    no entry has one), all known good."""
    which = [i for i, entry in enumerate(found) if "[[" in entry[6]]
    if not which:
        return ()  # the `[[`s are elsewhere: in notes, a heading, a daily-link date
    lines = _link_lines(text, start)
    if len(lines) != len(which):
        return None
    days, codes, minutes, boxes = columns
    out = []
    for i, line in zip(which, lines):
        time, word, rest = found[i][3], found[i][4], found[i][6]
        mins = minutes[i]
        out.append(
            Entry(
                days[i],
                CODE_KIND[codes[i]],
                word,
                None if mins == NO_MINUTES else mins,
                rest.strip(),
                line,
                "done" if boxes is None else STATES[boxes[i]],
                valid_time(time) if time else None,
                path,
            )
        )
    return tuple(out)


def _link_lines(text: str, start: int) -> list[int]:
    """The numbers of the lines from `start` on that hold a `[[`."""
    lines = []
    line, pos = text.count("\n", 0, start) + 1, start
    at = text.find("[[", start)
    while at >= 0:
        line += text.count("\n", pos, at)
        pos = at
        lines.append(line)
        end = text.find("\n", at)
        at = -1 if end < 0 else text.find("[[", end)
    return lines


def _linked(text: str, start: int, config: Config, path: str) -> tuple:
    """The fast path's entries whose text holds a link, as the careful path builds them.

    Found from the body's `[[`s, not by a second pass over every entry: an entry is one line
    where the pattern matches at the line's start (never across lines), and the fast path
    found every such line, so a line holding a `[[` that matches with one in its text is the
    next such entry. Every part of it is known good: the fast path checked them all."""
    out = []
    line, pos = text.count("\n", 0, start) + 1, start
    at = text.find("[[", start)
    while at >= 0:
        begin = text.rfind("\n", start, at) + 1 or start
        m = DATED.match(text, begin)
        if m is not None and m[7] and "[[" in m[7]:
            line += text.count("\n", pos, begin)
            pos = begin
            prefix, day, closer, time, word, duration, rest = m.groups()
            state = STATES[_box(prefix, closer)] if prefix or closer else "done"
            mins = duration_minutes(duration or "")
            out.append(_entry(config, day_ordinal(day), word, mins, rest, line, state, time, path))
        end = text.find("\n", at)
        at = -1 if end < 0 else text.find("[[", end)
    return tuple(out)


NO_LOG = Entries(array("i"), "", array("I"))
