"""Birthdays: the front-matter value read as a month and day (and year), and the ones coming up.

A pure module: nothing here reads a file or the clock; "today" is always given.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import NamedTuple

# `YYYY-MM-DD` (a YAML timestamp arrives as `YYYY-MM-DDTHH:MM:SS`), `--MM-DD` or `--MMDD` (as
# vCard writes a birthday without its year), `MM-DD`.
# A templater placeholder left in (`{{birthday}}`, `<% tp.file.cursor() %>`) is no value yet.
PLACEHOLDER = re.compile(r"\{\{.*\}\}|<%.*%>", re.S)
FORMS = "1815-12-10, --12-10 or 12-10"


class MonthDay(NamedTuple):
    """A birthday as written: month and day, and the year of birth when it is known."""

    month: int
    day: int
    year: int | None


class Birthday(NamedTuple):
    """One contact's birthday."""

    contact: str  # the display name
    path: str  # the contact's file, vault-relative
    month: int
    day: int
    year: int | None


class Upcoming(NamedTuple):
    """A birthday that falls within the lead days: on which day, how old they turn, and why."""

    birthday: Birthday
    day: date  # the day it is kept this time (28 February for 29 February in other years)
    age: int | None  # the age they turn, when the year of birth is known
    reason: str


def parse_birthday(value) -> MonthDay | None:
    """A front-matter value as a MonthDay; None when there is no value (empty, or a template
    placeholder); ValueError (with a readable message) for anything that is not a real birthday.
    The forms are `fields.birthday`'s: one parser for JSON, exports, the agenda and the feed."""
    from network_md.format.fields import birthday, birthday_form, first_text

    if isinstance(value, datetime):
        value = value.date()
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, (bool, int, float, dict)):
        raise ValueError(f"'{_cut(str(value))}' is not a birthday like {FORMS}")
    text = value.isoformat() if isinstance(value, date) else first_text(value)
    if text is None or PLACEHOLDER.search(text):
        return None
    parts = birthday(text)
    if parts is None:
        if birthday_form(text):
            raise ValueError(f"'{text}' is not a real day")  # short: it has a birthday's form
        raise ValueError(f"'{_cut(text)}' is not a birthday like {FORMS}")
    year, month, day = parts
    return MonthDay(month, day, year)


def _cut(text: str, limit: int = 40) -> str:
    """A value as a message may quote it: cut short (a pasted paragraph, a huge number)."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def kept_on(month: int, day: int, year: int) -> date:
    """The day a birthday is kept in `year`: 29 February is 28 February in a year without one."""
    if (month, day) == (2, 29) and not _is_leap(year):
        return date(year, 2, 28)
    return date(year, month, day)


def _is_leap(year: int) -> bool:
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


def next_day(b: Birthday, today: date) -> date | None:
    """The first day from today on which the birthday is kept; None past the calendar's end.
    A known year of birth is no birthday itself: only the years after it count."""
    first = today.year if b.year is None else max(today.year, b.year + 1)
    for year in (first, first + 1):
        if year > date.max.year:
            return None
        day = kept_on(b.month, b.day, year)
        if day >= today:
            return day
    return None


def upcoming(birthdays, today: date, lead_days: int) -> list[Upcoming]:
    """The birthdays kept from today to today + lead_days, soonest first, then by path.
    Archived and snoozed contacts are the caller's to leave out."""
    last = today.toordinal() + lead_days  # an ordinal: today + lead_days may pass date.max
    found = []
    for b in birthdays:
        day = next_day(b, today)
        if day is not None and day.toordinal() <= last:
            age = None if b.year is None else day.year - b.year
            found.append(Upcoming(b, day, age, reason(b, day, age, today)))
    found.sort(key=lambda u: (u.day, u.birthday.path))
    return found


def reason(b: Birthday, day: date, age: int | None, today: date) -> str:
    """`birthday today`, `turns 40 tomorrow, Saturday 28 November`, `birthday on Sunday 1 March`."""
    what = "birthday" if age is None else f"turns {age}"
    named = f"{day:%A} {day.day} {day:%B}"
    ahead = (day - today).days
    when = "today" if ahead == 0 else f"tomorrow, {named}" if ahead == 1 else f"on {named}"
    moved = " (a 29 February birthday)" if (b.month, b.day) != (day.month, day.day) else ""
    return f"{what} {when}{moved}"


def due(name: str, path: str, value, today: date, lead_days: int) -> tuple[int, str] | None:
    """(the day it is kept, as an ordinal; the reason) when this birthday value falls from today
    to today + lead_days; None otherwise, or when the value is no real birthday."""
    try:
        md = parse_birthday(value)
    except ValueError:
        return None  # the reader reports it with the vault's problems
    if md is None:
        return None
    found = upcoming([Birthday(name, path, *md)], today, lead_days)
    return (found[0].day.toordinal(), found[0].reason) if found else None
