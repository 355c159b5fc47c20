"""A contact's contribution to the summary, worked out with as little Python per entry as can be.

Every contact of a cold index gets one, so this is on the hot path of every first command of
a large vault. The summary keeps far less than a contact's full numbers (`stats.contact_stats`):
no familiarity or trust, and only today's minutes. So instead of one Python step per entry,
the facts the rules need are found in the sorted columns themselves: the kinds are a string
of one-character codes, so a count, the first or the last entry of a kind in the window is one
C-level `str.count`, `find` or `rfind` between the window's bounds, and the bounds come from
bisecting the days. `summary.plain_contribution` is the same value read off `contact_stats`:
the tests hold the two equal.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right

from network_md.analysis.introductions import introduction_mark
from network_md.analysis.rules import Facts
from network_md.analysis.stats import (
    ASKED,
    ASKED_ME,
    DECLINED,
    GAVE,
    GOT,
    RULES_IN_ORDER,
    THANKED,
    WITHDREW,
    cadence_days,
    due_birthday,
    due_plans,
    relationship,
)
from network_md.core.model import CODE_KIND, NO_MINUTES, Contact
from network_md.format.config import Config
from network_md.format.fields import is_archived


def contribution(contact: Contact, cfg: Config, today: int) -> tuple:
    """What one contact adds to the summary (the tuple summary.py describes)."""
    archived = is_archived(contact.fields, today) if contact.fields else False
    days = contact.entries.days
    hi = bisect_right(days, today)  # entries after today are plans: left out
    lo = bisect_left(days, today - cfg.window_days + 1, 0, hi)
    f = _facts(contact, cfg, today, lo, hi)
    snoozed = contact.snooze_until is not None and today < contact.snooze_until
    quiet = snoozed or archived
    flags = () if quiet else _flags(f, cfg)
    plans = () if archived else due_plans(contact, today)
    birthday = None if quiet else due_birthday(contact, cfg, today)
    return (
        f.relationship,
        snoozed,
        flags,
        bool(f.asks_in_window),
        b"" if archived else days[:hi].tobytes(),
        0 if archived else _minutes_today(contact, cfg, today, lo, hi),
        tuple((day, contact.name, word, text) for day, word, text in plans),
        None if birthday is None else (birthday[0], contact.name, birthday[1]),
        archived,
        introduction_mark(contact),
    )


def _flags(f: Facts, cfg: Config) -> tuple:
    """The rules' flags, in the rules' order, as plain tuples."""
    flags = []
    for rule in RULES_IN_ORDER:
        if (flag := rule(f, cfg)) is not None:
            flags.append(tuple(flag))
    return tuple(flags)


def _facts(contact: Contact, cfg: Config, today: int, lo: int, hi: int) -> Facts:
    """The Facts `stats.gather` makes of the entries in [lo, hi), found without a loop over
    them: a later index in the sorted columns is a later (or the same) day."""
    days, kinds = contact.entries.days, contact.entries.kinds
    f = Facts()
    f.contact, f.today = contact, today
    f.last_touch = days[hi - 1] if hi else None
    f.counts = counts = {kind: kinds.count(code, lo, hi) for code, kind in CODE_KIND.items()}
    f.out = counts["gave"] + counts["thanked"]
    f.into = counts["got"] + counts["thanked-me"]
    f.cadence_days = cadence_days(contact, cfg)
    f.relationship = relationship(f.last_touch is not None, hi - lo, f.out, f.into)
    f.first_gave_in_window = _day_at(days, kinds.find(GAVE, lo, hi))
    f.first_got_in_window = _day_at(days, kinds.find(GOT, lo, hi))
    last_got, last_declined = kinds.rfind(GOT, lo, hi), kinds.rfind(DECLINED, lo, hi)
    f.last_got = _day_at(days, last_got)
    f.last_decline_in_window = _day_at(days, last_declined)
    f.last_response = _day_at(days, max(last_got, last_declined, kinds.rfind(WITHDREW, lo, hi)))
    f.last_thanked = _day_at(days, kinds.rfind(THANKED, lo, hi))
    f.last_gave = _day_at(days, kinds.rfind(GAVE, lo, hi))
    f.asks_in_window = _days_of(days, kinds, ASKED, lo, hi)
    lookback = bisect_left(days, today - cfg.lookback_days + 1, lo, hi)
    f.gots_in_lookback = _days_of(days, kinds, GOT, lookback, hi)
    f.asked_me_in_lookback = _days_of(days, kinds, ASKED_ME, lookback, hi)
    return f


def _day_at(days, index: int) -> int | None:
    """The day of the entry at `index`; None for -1 (no such entry)."""
    return None if index < 0 else days[index]


def _days_of(days, kinds: str, code: str, lo: int, hi: int) -> list:
    """The days of every entry of kind `code` in [lo, hi), in order."""
    found = []
    i = kinds.find(code, lo, hi)
    while i >= 0:
        found.append(days[i])
        i = kinds.find(code, i + 1, hi)
    return found


def _minutes_today(contact: Contact, cfg: Config, today: int, lo: int, hi: int) -> int:
    """The minutes of today's entries (an entry without a duration counts the default)."""
    minutes = contact.entries.minutes
    default = cfg.default_minutes
    start = bisect_left(contact.entries.days, today, lo, hi)
    return sum(default if m == NO_MINUTES else m for m in minutes[start:hi])
