"""Reciprocity, familiarity, trust, relationships, flags and the daily practice.

A pure function of (contacts, config, evaluation day): nothing here reads a file or the clock.
"""

from __future__ import annotations

import math
from datetime import date
from typing import NamedTuple

from .config import Config
from .model import KINDS, RELATIONSHIPS, SEVERITIES, Contact, Flag
from .rules import RULE_FUNCTIONS, Facts

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


class Practice(NamedTuple):
    streak_days: int
    minutes_today: int
    goal_minutes: int


class AgendaItem(NamedTuple):
    action: str
    contact: str
    path: str
    reason: str
    rule: str
    since: int


class Analysis(NamedTuple):
    today: int  # date ordinal
    contacts: list[ContactStats]  # by path
    flags: list[Flag]  # red first, then oldest since, then path
    relationships: dict[str, int]  # every relationship, zeros included
    practice: Practice
    snoozed: int


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


def gather(contact: Contact, cfg: Config, today: int, days: set[int]) -> tuple[Facts, float, int]:
    """One pass over a contact's entries: the rules' Facts, the recency sum and answered asks.
    Adds every entry day up to today to `days` (for the daily practice)."""
    wstart = today - cfg.window_days + 1
    lstart = today - cfg.lookback_days + 1
    counts = dict.fromkeys(KINDS, 0)
    f = Facts()
    f.contact, f.today, f.counts = contact, today, counts
    f.last_touch = f.first_gave_w = f.first_got_w = f.last_decline_w = None
    f.last_got = f.last_response = f.last_thanked = f.last_gave = None
    f.asks_w, f.gots_l, f.asked_me_l = [], [], []
    recency = 0.0
    pending = answered = 0
    window = cfg.window_days
    for day, kind, _ in contact.entries:
        if day > today:
            break  # plans: kept and shown, left out of the analysis
        days.add(day)
        f.last_touch = day
        if kind == "got":
            f.last_got = f.last_response = day
        elif kind == "declined":
            f.last_response = day
        elif kind == "thanked":
            f.last_thanked = day
        elif kind == "gave":
            f.last_gave = day
        if day < wstart:
            continue
        counts[kind] += 1
        recency += 1 - (today - day) / window
        if kind == "asked":
            f.asks_w.append(day)
            pending += 1
        elif kind == "got":
            if f.first_got_w is None:
                f.first_got_w = day
            if pending:
                answered += 1
                pending -= 1
            if day >= lstart:
                f.gots_l.append(day)
        elif kind == "declined":
            f.last_decline_w = day
            if pending:
                pending -= 1
        elif kind == "gave":
            if f.first_gave_w is None:
                f.first_gave_w = day
        elif kind == "asked-me" and day >= lstart:
            f.asked_me_l.append(day)
    f.out = counts["gave"] + counts["thanked"]
    f.into = counts["got"] + counts["thanked-me"]
    f.cadence_days = cadence_days(contact, cfg)
    return f, recency, answered


def contact_stats(contact: Contact, cfg: Config, today: int, days: set[int]) -> ContactStats:
    f, recency, answered = gather(contact, cfg, today, days)
    counts = f.counts
    in_window = sum(counts.values())
    f.relationship = relationship(f.last_touch is not None, in_window, f.out, f.into)
    snoozed = contact.snooze_until is not None and today < contact.snooze_until
    flags = () if snoozed else tuple(fl for rule in RULE_FUNCTIONS.values() if (fl := rule(f, cfg)))
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
        asked_in_window=bool(f.asks_w),
    )


def flag_order(flag: Flag):
    """Red before nudge, then the oldest `since`, then by path (and the contract's rule order)."""
    return (SEVERITIES.index(flag.severity), flag.since, flag.path, RULE_ORDER[flag.rule])


RULE_ORDER = {rule: i for i, rule in enumerate(RULE_FUNCTIONS)}


def practice(days: set[int], contacts: list[Contact], cfg: Config, today: int) -> Practice:
    """Streak of counted days ending today (or yesterday, when today has nothing yet), minutes today."""
    day = today if today in days else today - 1
    streak = 0
    while day in days:
        streak += 1
        day -= 1
    minutes = 0
    if today in days:
        default = cfg.default_minutes
        for c in contacts:
            for d, _, m in reversed(c.entries):
                if d < today:
                    break
                if d == today:
                    minutes += default if m is None else m
    return Practice(streak, minutes, cfg.daily_minutes)


def analyse(contacts: list[Contact], cfg: Config, today: date) -> Analysis:
    """Everything the reading commands show, for one evaluation day."""
    day = today.toordinal()
    days: set[int] = set()
    stats = [contact_stats(c, cfg, day, days) for c in contacts]
    flags = sorted((fl for s in stats for fl in s.flags), key=flag_order)
    counts = dict.fromkeys(RELATIONSHIPS, 0)
    for s in stats:
        counts[s.relationship] += 1
    return Analysis(
        today=day,
        contacts=stats,
        flags=flags,
        relationships=counts,
        practice=practice(days, contacts, cfg, day),
        snoozed=sum(1 for s in stats if s.snoozed),
    )


# `today`: which flag becomes which action, in the order of priority.
ACTIONS = {
    "thank": "thank",
    "reply": "reply",
    "unanswered-ask": "follow-up",
    "give-back": "give",
    "overdue": "reach-out",
    "one-way": "ask",
}
ACTION_ORDER = list(dict.fromkeys(ACTIONS.values()))


def agenda(analysis: Analysis, limit: int) -> list[AgendaItem]:
    """The day's agenda: at most `limit` items, one per contact (its most pressing action)."""
    asked = {s.contact.path for s in analysis.contacts if s.asked_in_window}
    items = []
    for fl in analysis.flags:
        action = ACTIONS.get(fl.rule)
        if action is None or (action == "ask" and fl.path in asked):
            continue
        items.append(AgendaItem(action, fl.contact, fl.path, fl.message, fl.rule, fl.since))
    items.sort(key=lambda i: (ACTION_ORDER.index(i.action), i.since, i.path))
    seen, picked = set(), []
    for item in items:
        if item.path not in seen:
            seen.add(item.path)
            picked.append(item)
    return picked[:limit]
