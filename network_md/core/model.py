"""The values network-md works with: contacts, log entries, flags and problems. No I/O.

They are NamedTuples rather than dataclasses on purpose: they are immutable, compare and sort
as tuples, and a vault of 10,000 contacts is built (and loaded from the index cache) in a
fraction of the time frozen dataclasses take.
"""

from __future__ import annotations

from array import array
from datetime import date
from typing import NamedTuple

from network_md.core.terminal import printable

# The nine canonical kinds, in the order docs/format.md lists them. A new kind goes last: each
# kind's code is its place here, and the index cache stores codes.
KINDS = (
    "gave", "got", "thanked", "thanked-me", "asked", "declined", "asked-me", "met", "withdrew",
)  # fmt: skip
MAX_BYTES = 1024 * 1024  # a larger file is not read as a contact
RELATIONSHIPS = ("network", "one-way", "receiving", "acquaintance", "dormant", "contact")
RULES = (
    "one-way",
    "declined-ask",
    "unanswered-ask",
    "thank",
    "close-the-loop",
    "reply",
    "overdue",
    "give-back",
)
SEVERITIES = ("red", "nudge")

# Each kind's one-character code in `Entries.kinds`.
KIND_CODE = {kind: str(i) for i, kind in enumerate(KINDS)}
CODE_KIND = {code: kind for kind, code in KIND_CODE.items()}
# Asks sort before answers dated the same day, so "asked, then got, same day" reads as answered.
ASK_CODES = frozenset({KIND_CODE["asked"], KIND_CODE["asked-me"]})


def same_day_rank(code: str) -> int:
    """Where an entry of this kind code sorts among the entries of its day: asks first."""
    return 0 if code in ASK_CODES else 1


class Entries(NamedTuple):
    """What the analysis needs of a log, as three columns sorted by day.

    Columns rather than a tuple per entry: the index cache of 10,000 contacts with 200,000
    entries loads in a fifth of the time, and `bisect` on `days` skips entries before the window.
    """

    days: array  # date ordinals, ascending ('i')
    kinds: str  # one KIND_CODE character per entry
    minutes: array  # DURATION in minutes, NO_MINUTES when none ('I')

    @classmethod
    def of(cls, items) -> Entries:
        """From (day, kind, minutes) triples in any order."""
        rows = sorted(items, key=lambda t: (t[0], same_day_rank(KIND_CODE[t[1]])))
        return cls(
            array("i", [r[0] for r in rows]),
            "".join(KIND_CODE[r[1]] for r in rows),
            array("I", [NO_MINUTES if r[2] is None else min(r[2], NO_MINUTES - 1) for r in rows]),
        )

    def triples(self) -> list[tuple[int, str, int | None]]:
        """(day, kind, minutes or None) in date order: for tests and debugging."""
        return [
            (d, CODE_KIND[k], None if m == NO_MINUTES else m)
            for d, k, m in zip(self.days, self.kinds, self.minutes)
        ]


NO_MINUTES = 0xFFFFFFFF  # an entry without a DURATION (0m is a real duration of 0)


class Entry(NamedTuple):
    """One log line as written: what `show` prints and `log` writes."""

    day: int  # date ordinal
    kind: str  # canonical kind
    word: str  # the kind as written
    minutes: int | None
    text: str
    line: int
    state: str = "done"  # "done" | "plan" (an open box) | "cancelled"
    time: str | None = None  # "HH:MM" as written, or None
    path: str = ""  # the file the line is in

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
        """One line, whatever the file's name or the message holds: a newline or an escape
        sequence in a name never forges a line of `check`'s output."""
        path = printable(self.path)
        where = f"{path}:{self.line}" if self.line else path
        return f"{where}: {self.severity}: {printable(self.message)}"


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
    entries: Entries  # the analysis columns, sorted by day
    log: tuple[Entry, ...] | None  # full entries in file order; None when loaded from the cache
    plans: tuple = ()  # open plans (an open task box) as (day, kind word, text), in file order
    # The log lines whose text holds a `[[wikilink]]` (any state), as Entries in file order:
    # kept even when `log` is not, because introductions and mentions read links between
    # contacts on every command that shows them.
    linked: tuple = ()


class Flag(NamedTuple):
    """A raised rule for one contact."""

    rule: str
    severity: str  # "red" | "nudge"
    contact: str
    path: str
    since: int  # date ordinal
    message: str
    advice: str
