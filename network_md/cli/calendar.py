"""`calendar`: the vault as an iCalendar feed a calendar app can subscribe to.

What goes in is chosen here, from the session's contacts and analysis; how it is written is
calendar_feed's. Archived and snoozed contacts are left out of everything.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import click

from network_md.cli.main import Session, cli, pass_session
from network_md.core.dates import iso
from network_md.core.errors import UsageError

DEFAULT_DAYS = 14
MAX_DAYS = 366


@cli.command("calendar")
@click.option(
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the feed to this file (atomically) instead of stdout.",
)
@click.option(
    "--days",
    type=click.IntRange(0, MAX_DAYS),
    metavar="N",
    default=DEFAULT_DAYS,
    show_default=True,
    help="To-dos for this many days after today.",
)
@pass_session
def calendar_(s: Session, output, days):
    """An iCalendar (.ics) feed: the daily networking time with the day's agenda, every
    birthday, every plan, and the to-dos of the next days. Subscribe to the file it writes."""
    if output is not None:
        _refuse_to_replace(output)  # before any work, and before any warning
    data, holds = build(s, days)
    if output is None:
        click.echo(data, nl=False)  # bytes go to the binary stream, CRLF kept
    else:
        from network_md.cli.exchange import _write_output  # the one atomic writer of --output files
        from network_md.cli.write import say

        _write_output(output, data)
        say(f"Wrote {output}: the daily networking time, {holds}")
    s.report_problems()


def _refuse_to_replace(path: Path) -> None:
    """A file that is there and is not a calendar (a note, a contact: a typo in --output; a
    FIFO) is never replaced: exit 2, nothing written."""
    if not path.exists():
        return
    if not path.is_file():  # a FIFO would hang the read, a device is no calendar
        raise UsageError(
            f"--output {path}: not a regular file; nothing written (without --output: stdout)"
        )
    try:
        with open(path, "rb") as fh:
            head = fh.read(64).lstrip(b"\xef\xbb\xbf \t\r\n")
    except OSError:
        return  # the writer says why it cannot be written
    if head and not head.upper().startswith(b"BEGIN:VCALENDAR"):
        raise UsageError(
            f"--output {path}: the file is there and is not a calendar; nothing written"
        )


def build(s: Session, days: int) -> tuple[bytes, str]:
    """The feed's bytes, and a line that counts what it holds."""
    from network_md.analysis.stats import agenda
    from network_md.render import calendar as feed

    today, cfg = s.today, s.config
    active = [st for st in s.analysis.contacts if not (st.snoozed or st.archived)]
    birthdays = birthdays_of([st.contact for st in active])
    paths = {st.contact.path for st in active}
    items = [i for i in agenda(s.analysis.summary()) if i.path in paths]
    due_today = [agenda_todo(i, today) for i in items]
    todos = due_today + coming_todos(active, birthdays, today, days, set(map(_todo_key, due_today)))
    plans = [p for st in active for p in plans_of(st.contact, s.full_log(st.contact.path), today)]
    daily = feed.Daily(
        cfg.daily_at, cfg.daily_minutes, feed.agenda_text(today, due_today, cfg.daily_items)
    )
    name = f"{cfg.me}'s network" if cfg.me else f"Network ({s.root.name})"
    data = feed.feed(today, name, daily, birthdays, plans, todos)
    return data, f"{len(birthdays)} birthday(s), {len(plans)} plan(s), {len(todos)} to-do(s)"


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
