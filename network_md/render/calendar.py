"""The calendar feed: the daily networking time, birthdays, plans and to-dos as iCalendar bytes.

A pure function of its inputs (data in, RFC 5545 bytes out), built with the `icalendar`
library, which does the escaping, folding and recurrence syntax. Two runs on one day with the
same vault give identical bytes: DTSTAMP is the evaluation day, and every UID is derived from
what the item is (its file, kind, day and text), never from the clock or a line number, so a
calendar that re-reads the file updates its items instead of duplicating them.

Times are floating (no time zone): the daily networking time at 08:30 is 08:30 wherever the
reader's calendar is. Birthdays and plans without a time are all-day dates.
"""

from __future__ import annotations

import hashlib
import re
from datetime import date, datetime, time, timedelta, timezone
from typing import NamedTuple

import icalendar

from network_md.analysis.birthdays import Birthday, kept_on
from network_md.core.terminal import printable
from network_md.render.text import ACTION_LABEL

PRODID = "-//network-md//calendar feed//EN"
DOMAIN = "network-md"
PLAN_MINUTES = 30  # the length of a plan with a time but no DURATION
REFRESH = timedelta(hours=1)  # how often a subscribed calendar should read the file again
LABELS = {"birthday": "Congratulate", "plan": "Your plan with", **ACTION_LABEL}
LONE_SURROGATE = re.compile("[\ud800-\udfff]")
CALENDAR_END = b"END:VCALENDAR\r\n"
NOTHING_DUE = "Nothing due. A good day to give something to someone you value."


class Daily(NamedTuple):
    """The daily networking time: when it starts (`HH:MM`), how long it lasts, its text."""

    at: str
    minutes: int
    description: str


class Plan(NamedTuple):
    """A planned log entry: an event on its day, at its time when it has one."""

    contact: str
    path: str
    day: date
    time: str | None  # `HH:MM`, or None for an all-day event
    kind: str
    text: str
    minutes: int | None  # the entry's DURATION
    state: str  # "plan" (open), "done" or "cancelled"


class Todo(NamedTuple):
    """An agenda item: a to-do due on a day."""

    action: str
    contact: str
    path: str
    reason: str
    due: date
    since: date  # the day the item arose: with action and path it names the item


def feed(
    today: date,
    name: str,
    daily: Daily,
    birthdays: list[Birthday],
    plans: list[Plan],
    todos: list[Todo],
    memo: dict | None = None,
) -> bytes:
    """The whole calendar, as the bytes of an .ics file.

    `memo` (a dict the caller keeps between calls, as `watch` does): each item's bytes from the
    last call, reused when the item, its UID and the day are the same. The bytes are the same
    either way: each item is serialised by icalendar exactly as inside the whole calendar."""
    pieces = [(_key("daily"), daily_event, (today, daily))]
    pieces += [
        (_key("birthday", b.path), birthday_event, (b, today))
        for b in sorted(birthdays, key=lambda b: b.path)
    ]
    pieces += [(plan_key(p), plan_event, (p,)) for p in sorted(plans, key=_plan_order)]
    pieces += [(todo_key(t), todo, (t,)) for t in todos]  # in the caller's order: the agenda's
    items = _serialised(pieces, today, memo)
    head = _calendar(name).to_ical()  # ... END:VCALENDAR: the items go in before its last line
    return head[: -len(CALENDAR_END)] + b"".join(items) + CALENDAR_END


def _calendar(name: str) -> icalendar.Calendar:
    """The calendar's own properties, without its items."""
    cal = icalendar.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("name", _text(name))  # RFC 7986
    cal.add("x-wr-calname", _text(name))  # the same, as Apple, Google and Outlook read it
    cal.add("refresh-interval", REFRESH, parameters={"VALUE": "DURATION"})
    cal.add("x-published-ttl", icalendar.vDuration(REFRESH))
    return cal


def _serialised(pieces, today: date, memo: dict | None) -> list[bytes]:
    """Each (key, builder, its arguments) as the bytes of one component with its UID and
    DTSTAMP (the day at midnight UTC); from `memo` when the same item was there last time."""
    stamp = datetime.combine(today, time(0, 0), tzinfo=timezone.utc)
    uids, before, used = Uids(), (memo or {}), {}
    out = []
    for key, build, args in pieces:
        uid = uids.take(key)
        known = (uid, args, today)
        data = before.get(known)
        if data is None:
            component = build(*args)
            component.add("uid", uid)
            component.add("dtstamp", stamp)
            data = component.to_ical()
        used[known] = data
        out.append(data)
    if memo is not None:
        memo.clear()
        memo.update(used)
    return out


class Uids:
    """UIDs from what an item is; a second item with the same key gets `-2`, and so on."""

    def __init__(self):
        self.seen: dict[str, int] = {}

    def take(self, key: str) -> str:
        kind = key.split("\x1f", 1)[0]
        digest = hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()[:24]
        n = self.seen[key] = self.seen.get(key, 0) + 1
        return f"{kind}-{digest}{'' if n == 1 else f'-{n}'}@{DOMAIN}"


def _text(text: str) -> str:
    """User text without control characters or escape sequences (RFC 5545 allows none in a
    TEXT value), line by line: a description keeps its lines. A file name that is not UTF-8
    (lone surrogates, which no encoder takes) shows U+FFFD in their place."""
    text = LONE_SURROGATE.sub("\ufffd", text)
    return "\n".join(printable(line) for line in text.split("\n"))


def _key(*parts: str) -> str:
    return "\x1f".join(parts)


def clock(text: str) -> time:
    """`HH:MM` as a time of day."""
    hours, minutes = text.split(":")
    return time(int(hours), int(minutes))


def _add_end(event: icalendar.Event, start, length: timedelta) -> None:
    """DTEND = start + length; left out past the calendar's last day (9999-12-31), where an
    all-day event then lasts its one day and a timed one ends as it starts (RFC 5545)."""
    try:
        event.add("dtend", start + length)
    except OverflowError:
        pass


def daily_event(today: date, daily: Daily) -> icalendar.Event:
    """One event that recurs every day from today: its description is today's agenda."""
    start = datetime.combine(today, clock(daily.at))  # floating: no tzinfo
    event = icalendar.Event()
    event.add("summary", "Networking time")
    event.add("dtstart", start)
    _add_end(event, start, timedelta(minutes=daily.minutes))
    event.add("rrule", {"freq": "daily"})
    event.add("description", _text(daily.description))
    return event


def birthday_event(b: Birthday, today: date) -> icalendar.Event:
    """A yearly all-day event from the day of birth (or this year, when the year is unknown).
    29 February recurs on the last day of February, so years without one show it on the 28th."""
    first = kept_on(b.month, b.day, b.year or today.year)
    event = icalendar.Event()
    event.add("summary", _text(f"Birthday: {b.contact}"))
    event.add("dtstart", first)
    _add_end(event, first, timedelta(days=1))
    if (b.month, b.day) == (2, 29):
        event.add("rrule", {"freq": "yearly", "bymonth": 2, "bymonthday": -1})
    else:
        event.add("rrule", {"freq": "yearly"})
    event.add("transp", "TRANSPARENT")  # a birthday does not make you busy
    born = f"Born {b.day} {date(2000, b.month, 1):%B}" + (f" {b.year}" if b.year else "")
    event.add("description", _text(f"{born}.\n{b.path}"))
    return event


def plan_key(p: Plan) -> str:
    """A plan's identity: its file, day, kind and text (its time, DURATION and box may change)."""
    return _key("plan", p.path, p.day.isoformat(), p.kind, p.text)


def plan_event(p: Plan) -> icalendar.Event:
    """An event on the plan's day: at its time (its DURATION long, else 30 minutes), or all day.
    A cancelled plan stays in the feed as cancelled, so calendars that imported it drop it."""
    event = icalendar.Event()
    event.add(
        "summary", _text(f"{p.kind.capitalize()} {p.contact}" + (f": {p.text}" if p.text else ""))
    )
    if p.time:
        start = datetime.combine(p.day, clock(p.time))
        event.add("dtstart", start)
        _add_end(event, start, timedelta(minutes=p.minutes or PLAN_MINUTES))
    else:
        event.add("dtstart", p.day)
        _add_end(event, p.day, timedelta(days=1))
        event.add("transp", "TRANSPARENT")
    event.add("status", "CANCELLED" if p.state == "cancelled" else "CONFIRMED")
    event.add("description", _text(p.path))
    return event


def _plan_order(p: Plan):
    return (p.day, p.time or "", p.path, p.kind, p.text)


def todo_key(t: Todo) -> str:
    """A to-do's identity: its action, its file and the day it arose."""
    return _key("todo", t.action, t.path, t.since.isoformat())


def todo(t: Todo) -> icalendar.Todo:
    """A to-do due on its day (an all-day date)."""
    item = icalendar.Todo()
    item.add("summary", _text(f"{LABELS.get(t.action, t.action)} {t.contact}"))
    item.add("due", t.due)
    item.add("status", "NEEDS-ACTION")
    item.add("description", _text(f"{t.reason}\n{t.path}"))
    return item


def agenda_text(today: date, todos: list[Todo], limit: int) -> str:
    """The day's agenda as plain text, at most `limit` items, and how many more."""
    lines = [f"Your networking time, {today:%A} {today.day} {today:%B %Y}:"]
    for n, t in enumerate(todos[:limit], 1):
        lines.append(f"{n}. {LABELS.get(t.action, t.action)} {t.contact}: {t.reason}")
    if len(todos) > limit:
        lines.append(f"… and {len(todos) - limit} more: network-md today --all")
    if not todos:
        lines.append(NOTHING_DUE)
    return "\n".join(lines)
