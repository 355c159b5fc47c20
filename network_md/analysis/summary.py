"""The network's summary (relationship counts, flags, practice), kept up to date per contact.

`status`, `flags` and `today` need only this. Each contact adds a small *contribution* (its
relationship, snooze, flags, asks and the minutes of its entries in the window); the summary is
their sum. Kept with the index cache for one evaluation day and one config, the summary of a
10,000-contact vault is brought up to date by redoing only the contacts whose files changed,
instead of analysing everyone again on every command. A pure function of its inputs, like the
analysis it is made of.
"""

from __future__ import annotations

from array import array
from bisect import bisect_right
from collections import Counter
from typing import NamedTuple

from network_md.analysis.contribute import contribution as _found
from network_md.analysis.introductions import may_introduce, may_raise_loop
from network_md.analysis.stats import Practice, Summary, contact_stats, sort_flags
from network_md.analysis.stats import practice as stats_practice
from network_md.core.model import RELATIONSHIPS, Contact, Flag
from network_md.format.config import Config

# A contribution is a plain tuple: (relationship, snoozed, flags as tuples, asked in the window,
# every entry day up to today as array('i') bytes (repeats kept), minutes of today's entries,
# open plans whose day has come as (day, name, word, text), a birthday within the lead days as
# (day, name, reason) or None, archived, LINKS_SOMEONE or RAISES_LOOP or 0: what its file may
# hold of introductions). An archived contact's contribution is its archived mark (and what it
# may hold of introductions) alone: it is in no count, and its entries are not part of the
# practice.
REL, SNOOZED, FLAGS, ASKED, DAYS, MINUTES_TODAY, PLANS, BIRTHDAY, ARCHIVED, INTRO = range(10)
LINKS_SOMEONE, RAISES_LOOP = 1, 2  # an entry that links (yours, say), someone's introduction


def contribution(contact: Contact, cfg: Config, today: int) -> tuple:
    """What one contact adds to the summary (plain values, as the cache stores them): found in
    the entry columns without a step per entry (contribute.py)."""
    return _found(contact, cfg, today)


def plain_contribution(contact: Contact, cfg: Config, today: int) -> tuple:
    """The contribution read off the contact's full numbers (`contact_stats`): what
    `contribution` must equal, every time."""
    minutes: dict[int, int] = {}
    s = contact_stats(contact, cfg, today, minutes)
    days = contact.entries.days
    upto = b"" if s.archived else days[: bisect_right(days, today)].tobytes()
    flags = tuple(tuple(f) for f in s.flags)
    plans = tuple((day, contact.name, word, text) for day, word, text in s.plans)
    birthday = None if s.birthday is None else (s.birthday[0], contact.name, s.birthday[1])
    return (
        s.relationship,
        s.snoozed,
        flags,
        s.asked_in_window,
        upto,
        minutes.get(today, 0),
        plans,
        birthday,
        s.archived,
        RAISES_LOOP if may_raise_loop(contact) else LINKS_SOMEONE if may_introduce(contact) else 0,
    )


class State(NamedTuple):
    """The summed contributions: what the cache keeps between commands."""

    today: int
    config_key: str
    contacts: int
    relationships: dict  # relationship -> count, every relationship present
    snoozed: int
    day_counts: dict  # day -> number of entries that day, every day up to today
    minutes_today: int
    flags: list  # flag tuples: red first, then oldest since, then path
    asked: list  # paths with an ask in the window
    plans: list  # open plans whose day has come: (day, name, path, word, text), by day and path
    birthdays: list = []  # birthdays within the lead days: (day, name, path, reason), by day
    archived: int = 0  # archived contacts: counted here alone
    # paths whose files may hold someone's introduction (`introduced_by`, a `got` that links):
    # when there are any, the close-the-loop nudges (raised across contacts) are worked out
    # from the contacts themselves, and kept in `loop`
    introducing: list = []
    loop: list | None = None  # close-the-loop flag tuples; None: not worked out for this state
    linking: int = 0  # how many files may hold an introduction, yours included (for `show`)


def build(contribs: dict, today: int, config_key: str) -> State:
    """The summary of all contributions. One pass; the entry days of everyone are gathered
    into one array and counted at C speed (`Counter`), not one Python step per entry."""
    rels = dict.fromkeys(RELATIONSHIPS, 0)
    days = array("i")
    flags, asked, plans, birthdays, introducing = [], [], [], [], []
    snoozed = minutes = archived = linking = 0
    for path, c in contribs.items():
        if intro := _intro(c):
            linking += 1
            if intro == RAISES_LOOP:
                introducing.append(path)
        if c[ARCHIVED]:
            archived += 1
            continue
        if c[PLANS]:
            plans += _plans(path, c)
        if c[BIRTHDAY] is not None:
            birthdays += _birthdays(path, c)
        rels[c[REL]] += 1
        snoozed += c[SNOOZED]
        flags.extend(c[FLAGS])
        if c[ASKED]:
            asked.append(path)
        days.frombytes(c[DAYS])
        minutes += c[MINUTES_TODAY]
    return _state(
        today, config_key, len(contribs) - archived, rels, snoozed, dict(Counter(days)),
        minutes, flags, asked, plans, birthdays, archived, (introducing, linking),
    )  # fmt: skip


def _state(
    today, config_key, count, rels, snoozed, counts, minutes, flags, asked, plans, birthdays,
    archived, intro,
):  # fmt: skip
    """A State from summed parts, its lists in the order the commands show them. `intro`:
    (the introducing paths, the linking count)."""
    return State(
        today, config_key, count, rels, snoozed, counts, minutes, sort_flags(flags), asked,
        sorted(plans), sorted(birthdays), archived, sorted(intro[0]), None, intro[1],
    )  # fmt: skip


def _intro(c: tuple) -> int:
    """LINKS_SOMEONE, RAISES_LOOP or 0 (a contribution of an older shape: 0)."""
    return c[INTRO] if len(c) > INTRO else 0


def _patched_intro(state: State, old: dict, new: dict, paths: set) -> tuple[list, int]:
    """(introducing paths, linking count) with `old` contributions replaced by `new`."""
    introducing = [p for p in state.introducing if p not in paths]
    introducing += [p for p, c in new.items() if _intro(c) == RAISES_LOOP]
    linking = state.linking - sum(1 for c in old.values() if _intro(c))
    return introducing, linking + sum(1 for c in new.values() if _intro(c))


def _plans(path: str, c: tuple) -> list:
    return [(day, name, path, word, text) for day, name, word, text in c[PLANS]]


def _birthdays(path: str, c: tuple) -> list:
    if c[BIRTHDAY] is None:
        return []
    day, name, reason = c[BIRTHDAY]
    return [(day, name, path, reason)]


def patch(state: State, old: dict, new: dict) -> State:
    """`state` with the contributions `old` (by path) replaced by `new` (absent: the file is gone)."""
    rels = dict(state.relationships)
    counts = dict(state.day_counts)
    snoozed, count, minutes = state.snoozed, state.contacts, state.minutes_today
    archived = state.archived
    paths = set(old) | set(new)
    for sign, group in ((-1, old), (1, new)):
        for c in group.values():
            if c[ARCHIVED]:
                archived += sign
                continue
            rels[c[REL]] += sign
            snoozed += sign * c[SNOOZED]
            count += sign
            minutes += sign * c[MINUTES_TODAY]
            for day in array("i", c[DAYS]):
                left = counts.get(day, 0) + sign
                if left > 0:
                    counts[day] = left
                else:
                    counts.pop(day, None)
    flags = [f for f in state.flags if f[3] not in paths]
    for c in new.values():
        flags.extend(c[FLAGS])
    asked = [p for p in state.asked if p not in paths]
    asked += [p for p, c in new.items() if c[ASKED] and not c[ARCHIVED]]  # as `build` counts
    intro = _patched_intro(state, old, new, paths)
    plans = [p for p in state.plans if p[2] not in paths]
    birthdays = [b for b in state.birthdays if b[2] not in paths]
    for path, c in new.items():
        plans += _plans(path, c)
        birthdays += _birthdays(path, c)
    return _state(
        state.today, state.config_key, count, rels, snoozed, counts, minutes, flags, asked, plans,
        birthdays, archived, intro,
    )  # fmt: skip


def practice(state: State, cfg: Config) -> Practice:
    """The practice as of the state's day: `stats.practice` over the days it counts."""
    return stats_practice(state.day_counts, state.minutes_today, cfg, state.today)


def view(state: State, cfg: Config) -> Summary:
    """The summary as the commands show it."""
    return Summary(
        state.today,
        state.contacts,
        state.relationships,
        list(map(Flag._make, state.flags)),
        practice(state, cfg),
        state.snoozed,
        frozenset(state.asked),
        tuple(state.plans),
        tuple(state.birthdays),
        state.archived,
    )
