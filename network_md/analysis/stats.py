"""Reciprocity, familiarity, trust, relationships, flags and the daily practice.

A pure function of (contacts, config, evaluation day): nothing here reads a file or the clock.
"""

from __future__ import annotations

import math
from bisect import bisect_left, bisect_right
from datetime import date
from operator import itemgetter
from typing import NamedTuple

from network_md.analysis import introductions as intro
from network_md.analysis.birthdays import due as birthday_due
from network_md.analysis.rules import RULE_FUNCTIONS, Facts
from network_md.core.model import (
    CODE_KIND,
    KIND_CODE,
    KINDS,
    NO_MINUTES,
    RELATIONSHIPS,
    Contact,
    Flag,
)
from network_md.format.config import Config
from network_md.format.fields import is_archived, known

# Familiarity saturates: this much recency-weighted activity gives 63 of 100.
FAMILIARITY_SCALE = 5.0
TRUST_BASE, TRUST_PER_ANSWER, TRUST_PER_EXCHANGE, TRUST_PER_DECLINE = 20, 20, 10, 25


class ContactStats(NamedTuple):
    """One contact's numbers on the evaluation day."""

    contact: Contact
    circle: str
    cadence_days: int | None
    given: int
    received: int
    thanks_given: int
    thanks_received: int
    asks: int
    declines: int
    balance: int
    last_touch: int | None  # date ordinal
    familiarity: int
    trust: int
    relationship: str
    snoozed: bool
    flags: tuple[Flag, ...]
    asked_in_window: bool
    plans: tuple = ()  # open plans whose day has come: (day, kind word, text)
    archived: bool = False
    birthday: tuple | None = None  # (day, reason) when it falls within the lead days
    introduced_by: str | None = None  # the path of the contact who introduced you


class Practice(NamedTuple):
    streak_days: int
    minutes_today: int
    goal_minutes: int


class Summary(NamedTuple):
    """What `status`, `flags` and `today` show: the network as a whole on one day."""

    today: int  # date ordinal
    contacts: int
    relationships: dict[str, int]  # every relationship, zeros included
    flags: list[Flag]  # red first, then oldest since, then path
    practice: Practice
    snoozed: int
    asked: frozenset  # paths of contacts with an ask in the window
    plans: tuple = ()  # open plans whose day has come: (day, contact name, path, word, text)
    birthdays: tuple = ()  # birthdays within the lead days: (day, contact name, path, reason)
    archived: int = 0  # archived contacts: in none of the counts above


class Analysis(NamedTuple):
    """Every contact's numbers, and the network's summary."""

    today: int  # date ordinal
    contacts: list[ContactStats]  # by path
    flags: list[Flag]  # red first, then oldest since, then path
    relationships: dict[str, int]  # every relationship, zeros included
    practice: Practice
    snoozed: int
    archived: int = 0  # archived contacts: in `contacts`, but in no count, flag or practice
    introductions: intro.Introductions = intro.NONE  # who introduced you to whom (not yours)

    def summary(self) -> Summary:
        asked = frozenset(s.contact.path for s in self.contacts if s.asked_in_window)
        return Summary(
            self.today,
            len(self.contacts) - self.archived,
            self.relationships,
            self.flags,
            self.practice,
            self.snoozed,
            asked,
            tuple(
                (day, s.contact.name, s.contact.path, word, text)
                for s in self.contacts
                for day, word, text in s.plans
            ),
            tuple(
                (s.birthday[0], s.contact.name, s.contact.path, s.birthday[1])
                for s in self.contacts
                if s.birthday
            ),
            self.archived,
        )


def cadence_days(contact: Contact, cfg: Config) -> int | None:
    """The contact's own cadence, else its circle's, else the default circle's; None for none."""
    if contact.cadence is not None:
        return None if contact.cadence == "none" else contact.cadence
    return cfg.cadence_of_circle(contact.circle)


def relationship(has_entries: bool, in_window: int, out: int, into: int) -> str:
    """The first that holds: contact, dormant, network, one-way, receiving, acquaintance."""
    if not has_entries:
        return "contact"
    if in_window == 0:
        return "dormant"
    if out >= 1 and into >= 1:
        return "network"
    if out >= 1:
        return "one-way"
    if into >= 1:
        return "receiving"
    return "acquaintance"


def familiarity(recency_sum: float, in_window: int) -> int:
    """0 with no entry in the window; else 100·(1 − e^(−S/5)), at least 1, where S sums each
    entry's recency weight 1 − age/window_days (1 for today, near 0 at the window's first day)."""
    if in_window == 0:
        return 0
    return max(1, round(100 * (1 - math.exp(-recency_sum / FAMILIARITY_SCALE))))


def trust(into: int, out: int, answered: int, declines: int) -> int:
    """0 with nothing received; else 20 + 20 per answered ask + 10 per two-way exchange
    (min of out and in) − 25 per decline, clamped to 0..100."""
    if into == 0:
        return 0
    score = TRUST_BASE + TRUST_PER_ANSWER * answered + TRUST_PER_EXCHANGE * min(out, into)
    return max(0, min(100, score - TRUST_PER_DECLINE * declines))


GAVE, GOT, THANKED, THANKED_ME, ASKED, DECLINED, ASKED_ME, MET, WITHDREW = (
    KIND_CODE[k] for k in KINDS
)


def gather(contact: Contact, cfg: Config, today: int, minutes_by_day: dict[int, int]):
    """One pass over the contact's entries in the window (older ones are skipped by bisection).

    Returns (facts for the rules, counts by kind, recency sum, answered asks). Adds each
    entry's minutes to `minutes_by_day`, for the daily practice."""
    e = contact.entries
    days, kinds, minutes = e.days, e.kinds, e.minutes
    hi = bisect_right(days, today)  # entries after today are plans: left out
    lo = bisect_left(days, today - cfg.window_days + 1, 0, hi)
    lstart = today - cfg.lookback_days + 1
    f = Facts()
    f.contact, f.today = contact, today
    f.last_touch = days[hi - 1] if hi else None
    # Earlier values than the window's never matter: every rule compares them with window days.
    f.first_gave_in_window = f.first_got_in_window = f.last_decline_in_window = None
    f.last_got = f.last_response = f.last_thanked = f.last_gave = None
    f.asks_in_window, f.gots_in_lookback, f.asked_me_in_lookback = [], [], []
    counts = dict.fromkeys(CODE_KIND, 0)
    recency = 0.0
    pending = answered = 0
    window = cfg.window_days
    default_minutes = cfg.default_minutes
    for i in range(lo, hi):
        day, k = days[i], kinds[i]
        counts[k] += 1
        recency += 1 - (today - day) / window
        m = minutes[i]
        minutes_by_day[day] = minutes_by_day.get(day, 0) + (
            default_minutes if m == NO_MINUTES else m
        )
        if k == GOT:
            f.last_got = f.last_response = day
            if f.first_got_in_window is None:
                f.first_got_in_window = day
            if pending:
                answered += 1
                pending -= 1
            if day >= lstart:
                f.gots_in_lookback.append(day)
        elif k == GAVE:
            f.last_gave = day
            if f.first_gave_in_window is None:
                f.first_gave_in_window = day
        elif k == ASKED:
            f.asks_in_window.append(day)
            pending += 1
        elif k == DECLINED:
            f.last_response = f.last_decline_in_window = day
            if pending:
                pending -= 1
        elif k == WITHDREW:  # I let my open asks go: answered by nobody, declined by nobody
            f.last_response = day
            pending = 0
        elif k == THANKED:
            f.last_thanked = day
        elif k == ASKED_ME and day >= lstart:
            f.asked_me_in_lookback.append(day)
    by_kind = {CODE_KIND[code]: n for code, n in counts.items()}
    f.counts = by_kind
    f.out = by_kind["gave"] + by_kind["thanked"]
    f.into = by_kind["got"] + by_kind["thanked-me"]
    f.cadence_days = cadence_days(contact, cfg)
    return f, by_kind, recency, answered, hi - lo


def contact_stats(
    contact: Contact, cfg: Config, today: int, minutes_by_day: dict[int, int]
) -> ContactStats:
    """One contact's numbers. An archived contact keeps its numbers (for `list --archived` and
    `show`) but raises no flag, has no plan or birthday due, and adds no minutes to the practice."""
    archived = is_archived(contact.fields, today) if contact.fields else False
    f, counts, recency, answered, in_window = gather(
        contact, cfg, today, {} if archived else minutes_by_day
    )
    f.relationship = relationship(f.last_touch is not None, in_window, f.out, f.into)
    snoozed = contact.snooze_until is not None and today < contact.snooze_until
    quiet = snoozed or archived
    flags = () if quiet else tuple(fl for rule in RULES_IN_ORDER if (fl := rule(f, cfg)))
    return ContactStats(
        contact=contact,
        circle=contact.circle if contact.circle in cfg.circles else cfg.default_circle,
        cadence_days=f.cadence_days,
        given=counts["gave"],
        received=counts["got"],
        thanks_given=counts["thanked"],
        thanks_received=counts["thanked-me"],
        asks=counts["asked"],
        declines=counts["declined"],
        balance=counts["gave"] - counts["got"],
        last_touch=f.last_touch,
        familiarity=familiarity(recency, in_window),
        trust=trust(f.into, f.out, answered, counts["declined"]),
        relationship=f.relationship,
        snoozed=snoozed,
        flags=flags,
        asked_in_window=bool(f.asks_in_window),
        plans=() if archived else due_plans(contact, today),
        archived=archived,
        birthday=None if quiet else due_birthday(contact, cfg, today),
    )


def due_birthday(contact: Contact, cfg: Config, today: int) -> tuple | None:
    """(day, reason) when the contact's birthday falls within the lead days, else None."""
    value = known(contact.fields).get("birthday") if contact.fields else None
    if value is None:
        return None
    return birthday_due(contact.name, contact.path, value, date.fromordinal(today), cfg.lead_days)


def due_plans(contact: Contact, today: int) -> tuple:
    """The contact's open plans whose day has come (today or earlier), oldest first."""
    return tuple(sorted(p for p in contact.plans if p[0] <= today))


RULES_IN_ORDER = tuple(RULE_FUNCTIONS.values())


def sort_flags(flags: list) -> list:
    """Red before nudge, then the oldest `since`, then path; stable, so one contact's flags keep
    the rules' order (docs/rules.md). Two sorts with C-level keys beat one with a Python key.
    Works on Flags and on plain flag tuples alike."""
    flags.sort(key=_SINCE_PATH)
    flags.sort(key=_SEVERITY, reverse=True)  # "red" > "nudge"; reverse=True keeps stability
    return flags


_SINCE_PATH = itemgetter(4, 3)  # Flag fields: since, path
_SEVERITY = itemgetter(1)


def streak(days, today: int) -> int:
    """How many days in a row hold an entry (`days`: any container of day ordinals), ending
    today, or yesterday when today has nothing yet (the day is not over)."""
    day = today if today in days else today - 1
    count = 0
    while day in days:
        count += 1
        day -= 1
    return count


def practice(days: set[int], minutes_today: int, cfg: Config, today: int) -> Practice:
    """The streak of days with an entry, the minutes logged today, the daily goal."""
    return Practice(streak(days, today), minutes_today, cfg.daily_minutes)


def _entry_days(contacts: list[Contact], today: int) -> set[int]:
    """Every day up to today with at least one entry, in any contact."""
    days: set[int] = set()
    for c in contacts:
        d = c.entries.days
        days.update(d[: bisect_right(d, today)])
    return days


def analyse(contacts: list[Contact], cfg: Config, today: date) -> Analysis:
    """Everything the reading commands show, for one evaluation day."""
    day = today.toordinal()
    minutes_by_day: dict[int, int] = {}
    stats = [contact_stats(c, cfg, day, minutes_by_day) for c in contacts]
    intros = intro.find(contacts, day, mutual=False)  # who introduced whom; `graph` wants yours too
    stats = intro.across(stats, intros, intro.loop_flags(contacts, intros, cfg, day))
    flags = sort_flags([fl for s in stats for fl in s.flags])
    counts = dict.fromkeys(RELATIONSHIPS, 0)
    active = [s for s in stats if not s.archived]
    for s in active:
        counts[s.relationship] += 1
    return Analysis(
        today=day,
        contacts=stats,
        flags=flags,
        relationships=counts,
        practice=practice(
            _entry_days([s.contact for s in active], day), minutes_by_day.get(day, 0), cfg, day
        ),
        snoozed=sum(1 for s in active if s.snoozed),
        archived=len(stats) - len(active),
        introductions=intros,
    )
