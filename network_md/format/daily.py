"""Daily notes: which files they are, the day each one is, and the entries in one. Pure.

A vault's daily notes are named by a folder and a file-name format of the tokens `YYYY`, `MM`
and `DD` (`/` makes subfolders; any other character is itself): the config's `daily_notes:`,
else Obsidian's own `.obsidian/daily-notes.json` when its format uses only those tokens.

In a daily note, a list item `- [BOX ][DATE ][TIME ]KIND[ (DURATION)]: TEXT` whose KIND is a
canonical kind or a `kinds:` word is an entry, dated by the note unless it has a DATE; which
contacts it belongs to is for the links in its TEXT to say (`format.links`). Every other list
item is the day's own business and is passed over in silence.
"""

from __future__ import annotations

import json
import posixpath
import re
from datetime import date
from functools import lru_cache
from typing import NamedTuple

from network_md.core.model import NO_MINUTES, Entry
from network_md.core.quote import show_value
from network_md.format.links import find_links
from network_md.format.logscan import (
    STATES,
    bad_duration,
    day_ordinal,
    duration_minutes,
    fenced_ranges,
    impossible_day,
    valid_time,
)

OBSIDIAN_SETTINGS = ".obsidian/daily-notes.json"
OBSIDIAN_DEFAULT_FORMAT = "YYYY-MM-DD"  # what Obsidian uses when its settings name none
_TOKEN = re.compile(r"YYYY|MM|DD")
_GROUP = {"YYYY": ("y", "[0-9]{4}"), "MM": ("m", "[0-9]{2}"), "DD": ("d", "[0-9]{2}")}

# A list item that may be an entry: box, date (maybe as a link), time, kind, duration, text.
_ITEM = re.compile(
    r"^[ \t]*[-*+][ \t]+(?:(\[.\])[ \t]*)?"
    r"(?:(\[\[)?([0-9]{4}-[0-9]{2}-[0-9]{2})(\]\])?[ \t]+)?"
    r"(?:([0-9]{1,2}:[0-9]{2})[ \t]+)?"
    r"([A-Za-z0-9-]+)[ \t]*(\([^)\n]*\))?[ \t]*:(.*?)\r?$",
    re.MULTILINE,
)


class DailyNotes(NamedTuple):
    """Where a vault's daily notes are: a folder (vault-relative, "" the root) and a format."""

    folder: str
    format: str
    source: str  # the file that said so, for messages

    def named(self, rel: str) -> bool:
        """Whether `rel` is named like a daily note (fast: no date is made)."""
        if self.folder:
            if (
                not rel.startswith(self.folder)
                or rel[len(self.folder) : len(self.folder) + 1] != "/"
            ):
                return False
            rel = rel[len(self.folder) + 1 :]
        return (
            rel.endswith(".md")
            and _pattern(self.format).fullmatch(rel, 0, len(rel) - 3) is not None
        )

    def day_of(self, rel: str) -> int | None:
        """The date ordinal of the daily note at vault-relative `rel`; None when `rel` is not
        one (another file, or a name like a date that no calendar has: `2026-02-30`)."""
        if not rel.endswith(".md"):
            return None
        if self.folder:
            if not rel.startswith(self.folder + "/"):
                return None
            rel = rel[len(self.folder) + 1 :]
        m = _pattern(self.format).fullmatch(rel[:-3])
        if m is None:
            return None
        try:
            return date(int(m["y"]), int(m["m"]), int(m["d"])).toordinal()
        except ValueError:
            return None

    def path_of(self, day: date) -> str:
        """The vault-relative path of the daily note of `day`."""
        name = _TOKEN.sub(lambda t: {"YYYY": f"{day.year:04d}", "MM": f"{day.month:02d}",
                                     "DD": f"{day.day:02d}"}[t[0]], self.format)  # fmt: skip
        return f"{self.folder}/{name}.md" if self.folder else f"{name}.md"


@lru_cache(maxsize=32)
def _pattern(form: str) -> re.Pattern:
    """A format as a regex: each token a group, a repeated token the same text again."""
    out, seen = [], set()
    for part in re.split(r"(YYYY|MM|DD)", form):
        if part in _GROUP:
            name, digits = _GROUP[part]
            out.append(f"(?P={name})" if name in seen else f"(?P<{name}>{digits})")
            seen.add(name)
        else:
            out.append(re.escape(part))
    return re.compile("".join(out))


def format_problem(form: str) -> str | None:
    """What is wrong with a file-name format, or None: it must name the year, month and day,
    and may not climb folders or start with one."""
    missing = [t for t in ("YYYY", "MM", "DD") if t not in form]
    if missing:
        return f"'{show_value(form)}' names no {', '.join(missing)}; use YYYY, MM and DD"
    parts = form.split("/")
    if any(p in ("", ".", "..") for p in parts) or "\\" in form:
        return f"'{show_value(form)}' is not a file name (an empty, `.` or `..` folder)"
    return None


def from_obsidian(text: str) -> DailyNotes | None:
    """Obsidian's daily-notes settings, when their format uses only YYYY, MM and DD (Obsidian's
    formats are moment.js: `dddd`, `MMM` or `[W]ww` name days we would have to guess)."""
    try:
        settings = json.loads(text)
    except ValueError:
        return None
    if not isinstance(settings, dict):
        return None
    folder, form = settings.get("folder") or "", settings.get("format") or OBSIDIAN_DEFAULT_FORMAT
    if not isinstance(folder, str) or not isinstance(form, str):
        return None
    folder = posixpath.normpath(folder.replace("\\", "/").strip() or ".").strip("/")
    folder = "" if folder == "." else folder
    literal = _TOKEN.sub("", form)
    if re.search(r"[A-Za-z\[\]]", literal) or format_problem(form) or ".." in folder.split("/"):
        return None
    return DailyNotes(folder, form.strip(), OBSIDIAN_SETTINGS)


class NoteEntry(NamedTuple):
    """An entry of a daily note, with the targets of the links in its text (not yet resolved:
    who they name depends on the contacts)."""

    entry: Entry
    targets: tuple[str, ...]


def scan_note(text: str, start: int, day: int, config, path: str) -> tuple[list, list]:
    """(NoteEntry list, problems) of a daily note's body from `start`, the note dated `day`.
    Only items that hold a link can link anyone; of those, a known KIND makes an entry."""
    if "[[" not in text:
        return [], []
    fences = fenced_ranges(text, start) if ("```" in text or "~~~" in text) else []
    found, problems = [], []
    line, pos = text.count("\n", 0, start) + 1, start
    for m in _ITEM.finditer(text, start):
        box, opener, written_day, closer, time, word, duration, rest = m.groups(default="")
        if "[[" not in rest or (fences and any(a <= m.start() < b for a, b in fences)):
            continue
        kind = config.kind_of(word)
        state = STATES.get(box)
        if kind is None or state is None or bool(opener) != bool(closer):
            continue  # not an entry: a daily note holds many other list items
        line += text.count("\n", pos, m.start())
        pos = m.start()
        targets = tuple(link.target for link in find_links(rest))
        if not targets:
            continue  # its links were code
        entry_day = day_ordinal(written_day) if written_day else day
        if entry_day < 0:
            problems.append(impossible_day(path, line, written_day))
            continue
        minutes = duration_minutes(duration)
        if minutes < 0:
            problems.append(bad_duration(path, line, duration))
        shown_minutes = None if minutes in (NO_MINUTES, -1) else minutes
        shown_time = valid_time(time) if time else None
        entry = Entry(
            entry_day, kind, word, shown_minutes, rest.strip(), line, state, shown_time, path
        )
        found.append(NoteEntry(entry, targets))
    return found, problems
