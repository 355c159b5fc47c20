"""The values network-md works with: contacts, log entries, flags and problems. No I/O.

They are NamedTuples rather than dataclasses on purpose: they are immutable, compare and sort
as tuples, and a vault of 10,000 contacts with 200,000 entries is built (and loaded from the
index cache) in a fraction of the time frozen dataclasses take.
"""

from __future__ import annotations

from datetime import date
from typing import NamedTuple

# The eight canonical kinds, in the order the contract lists them.
KINDS = ("gave", "got", "thanked", "thanked-me", "asked", "declined", "asked-me", "met")
RELATIONSHIPS = ("network", "one-way", "receiving", "acquaintance", "dormant", "contact")
RULES = ("one-way", "declined-ask", "unanswered-ask", "thank", "reply", "overdue", "give-back")
SEVERITIES = ("red", "nudge")

# A compact analysis entry is a plain tuple (day, kind, minutes): `day` is a date ordinal, `kind`
# a canonical kind, `minutes` the DURATION or None. Contact.entries holds these, sorted by day.
# Plain tuples keep the cache small and the analysis loop fast; `Entry` below is the full record.
EntryTuple = tuple  # (day: int, kind: str, minutes: int | None)


class Entry(NamedTuple):
    """One log line as written: what `show` prints and `log` writes."""

    day: int  # date ordinal
    kind: str  # canonical kind
    word: str  # the kind as written
    minutes: int | None
    text: str
    line: int

    @property
    def date(self) -> date:
        return date.fromordinal(self.day)


class Problem(NamedTuple):
    """Something wrong in a file: `path:line: severity: message`."""

    path: str
    line: int | None
    severity: str  # "error" | "warning"
    message: str

    def format(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.severity}: {self.message}"


class Contact(NamedTuple):
    """One person, as read from one file."""

    path: str  # vault-relative, `/` separators
    name: str
    aliases: tuple[str, ...]
    tags: tuple[str, ...]
    circle: str | None
    cadence: int | str | None  # days, "none", or None when unset (the circle's applies)
    snooze_until: int | None  # date ordinal
    snooze_why: str | None
    fields: dict  # every other front-matter key, JSON-safe
    entries: tuple  # EntryTuple, sorted by day (asks before answers on the same day)
    log: tuple[Entry, ...] | None  # full entries in file order; None when loaded from the cache


class Flag(NamedTuple):
    """A raised rule for one contact."""

    rule: str
    severity: str  # "red" | "nudge"
    contact: str
    path: str
    since: int  # date ordinal
    message: str
    advice: str
