"""What the calendar feed holds, chosen from one day's analysis: `calendar` and `watch
--calendar` both build it here, so the file either writes is the same for the same vault.

Pure: the analysis, the config, the day and each contact's full log in, the feed's bytes out.
Archived and snoozed contacts are left out of everything.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from network_md.core.dates import iso


def feed_of(
    analysis,
    config,
    today: date,
    days: int,
    full_log: Callable[[str], list],
    name: str,
    memo: dict | None = None,
) -> tuple[bytes, str]:
    """The feed's bytes, and a line that counts what it holds. `full_log(path)`: the
    contact's log entries as written (the index keeps only what the analysis counts);
    `memo`: the items' bytes of the last call, to reuse (render.calendar.feed)."""
    from network_md.analysis.agenda import agenda
    from network_md.render import calendar as feed

    active = [st for st in analysis.contacts if not (st.snoozed or st.archived)]
    birthdays = birthdays_of([st.contact for st in active])
    paths = {st.contact.path for st in active}
    items = [i for i in agenda(analysis.summary()) if i.path in paths]
    due_today = [agenda_todo(i, today) for i in items]
    todos = due_today + coming_todos(active, birthdays, today, days, set(map(_todo_key, due_today)))
    plans = [p for st in active for p in plans_of(st.contact, full_log(st.contact.path), today)]
    daily = feed.Daily(
        config.daily_at,
        config.daily_minutes,
        feed.agenda_text(today, due_today, config.daily_items),
    )
    data = feed.feed(today, name, daily, birthdays, plans, todos, memo)
    return data, f"{len(birthdays)} birthday(s), {len(plans)} plan(s), {len(todos)} to-do(s)"


def feed_name(config, vault_name: str) -> str:
    """The calendar's name as apps show it."""
    return f"{config.me}'s network" if config.me else f"Network ({vault_name})"


def _todo_key(t):
    return (t.action, t.path, t.since)


def birthdays_of(contacts) -> list:
    """Each contact's birthday. One that is not a real date is left out: the reader already
    reports it (file, line, key) with the vault's other problems."""
    from network_md.analysis.birthdays import Birthday, parse_birthday
    from network_md.format.fields import known

    found = []
    for c in contacts:
        try:
            md = parse_birthday(known(c.fields).get("birthday"))
        except ValueError:
            continue
        if md is not None:
            found.append(Birthday(c.name, c.path, *md))
    return found


def agenda_todo(item, today: date):
    """A to-do for one of today's items: due today, or on a coming birthday's own day."""
    from network_md.render.calendar import Todo

    since = date.fromordinal(item.since)
    return Todo(item.action, item.contact, item.path, item.reason, max(since, today), since)


def coming_todos(active, birthdays, today: date, days: int, taken: set) -> list:
    """What is certain to come due in the `days` after today, unless something happens first:
    birthdays, and `overdue` (a contact's cadence running out). Items already due are skipped."""
    from network_md.analysis.birthdays import upcoming
    from network_md.render.calendar import Todo

    todos = [
        Todo("birthday", u.birthday.contact, u.birthday.path, u.reason, u.day, u.day)
        for u in upcoming(birthdays, today, days)
    ]
    last_day = min(today.toordinal() + days, date.max.toordinal())
    for st in active:
        if st.cadence_days is None or st.last_touch is None:
            continue
        due = st.last_touch + st.cadence_days + 1  # the day the `overdue` flag is raised
        if today.toordinal() < due <= last_day:
            day = date.fromordinal(due)
            reason = f"last touch {iso(st.last_touch)}; cadence {st.cadence_days} days"
            todos.append(Todo("reach-out", st.contact.name, st.contact.path, reason, day, day))
    todos.sort(key=lambda t: (t.due, t.path, t.action))
    return [t for t in todos if _todo_key(t) not in taken]


def plans_of(contact, log, today: date) -> list:
    """The contact's plans, from its full log: open boxes (`- [ ]`) and cancelled ones (`[-]`)
    whatever their day, and entries dated after today."""
    from network_md.render.calendar import Plan

    return [
        Plan(
            contact.name,
            contact.path,
            date.fromordinal(e.day),
            e.time,
            e.word,
            e.text,
            e.minutes,
            "cancelled" if e.state == "cancelled" else "plan",
        )
        for e in log
        if e.state in ("plan", "cancelled") or e.day > today.toordinal()
    ]


def is_feed(data: bytes) -> bool:
    """An iCalendar file (what `calendar --output` and `watch --calendar` write)."""
    return data.lstrip(b"\xef\xbb\xbf \t\r\n").upper().startswith(b"BEGIN:VCALENDAR")


def holds_a_box(contact, data: bytes) -> bool:
    """Whether a contact file may hold a plan box: an open one (the index keeps those) or a
    cancelled one (`[-]` in its bytes). A file with neither gives plans only through entries
    dated after the day (`has_entries_after`): its log need not be parsed for the feed."""
    return bool(contact.plans) or b"[-]" in data


def has_entries_after(contact, day: int) -> bool:
    days = contact.entries.days
    return bool(days) and days[-1] > day
