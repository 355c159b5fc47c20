"""What the report draws over time, from the log columns alone: given and received per month,
minutes per day. Pure functions of (contacts, config, evaluation day), like the analysis."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from datetime import date
from typing import NamedTuple

from network_md.core.model import KIND_CODE, NO_MINUTES, Contact
from network_md.format.config import Config

# The calendar draws at most this many days: a window of decades would be a page of megabytes.
MAX_DAYS = 5 * 366
_GAVE, _GOT = KIND_CODE["gave"], KIND_CODE["got"]


class Month(NamedTuple):
    """One calendar month of the window (the first and last may be partial)."""

    label: str  # "2026-11"
    first: int  # date ordinal of its first day inside the window
    given: int
    received: int
    days: int  # days with at least one entry
    minutes: int


def window(cfg: Config, today: int) -> range:
    """The window's days (date ordinals), today included; at most MAX_DAYS of them."""
    days = min(cfg.window_days, MAX_DAYS)
    return range(max(1, today - days + 1), today + 1)


def _in_window(contact: Contact, days: range) -> range:
    """The indexes of the contact's entries dated inside `days` (its columns are sorted)."""
    d = contact.entries.days
    hi = bisect_right(d, days[-1]) if days else 0
    return range(bisect_left(d, days[0], 0, hi) if days else 0, hi)


def minutes_by_day(contacts: list[Contact], cfg: Config, today: int) -> dict[int, int]:
    """Minutes per day of the window, over every contact: an entry's DURATION, else
    `daily.default_minutes`. A day absent from the result has no entry."""
    days = window(cfg, today)
    out: dict[int, int] = {}
    default = cfg.default_minutes
    for c in contacts:
        e = c.entries
        for i in _in_window(c, days):
            m = e.minutes[i]
            out[e.days[i]] = out.get(e.days[i], 0) + (default if m == NO_MINUTES else m)
    return out


def months(contacts: list[Contact], cfg: Config, today: int) -> list[Month]:
    """Given, received, days practised and minutes per month of the window, oldest first."""
    days = window(cfg, today)
    given: dict[int, int] = {}
    received: dict[int, int] = {}
    for c in contacts:
        e = c.entries
        for i in _in_window(c, days):
            kind = e.kinds[i]
            if kind == _GAVE:
                given[e.days[i]] = given.get(e.days[i], 0) + 1
            elif kind == _GOT:
                received[e.days[i]] = received.get(e.days[i], 0) + 1
    minutes = minutes_by_day(contacts, cfg, today)
    out: list[Month] = []
    for first, last in _month_spans(days):
        span = range(first, last + 1)
        out.append(
            Month(
                date.fromordinal(first).strftime("%Y-%m"),
                first,
                sum(given.get(d, 0) for d in span),
                sum(received.get(d, 0) for d in span),
                sum(1 for d in span if d in minutes),
                sum(minutes.get(d, 0) for d in span),
            )
        )
    return out


def _month_spans(days: range) -> list[tuple[int, int]]:
    """(first, last) ordinals of each calendar month that `days` touches, clipped to it."""
    spans = []
    day = days[0] if days else 0
    while days and day <= days[-1]:
        d = date.fromordinal(day)
        if (d.year, d.month) == (9999, 12):  # the last month date() knows
            following = days[-1] + 1
        else:
            following = date(d.year + d.month // 12, d.month % 12 + 1, 1).toordinal()
        spans.append((day, min(following - 1, days[-1])))
        day = following
    return spans
