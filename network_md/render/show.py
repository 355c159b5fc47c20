"""`show`: one contact's page as text. Returns a string; never prints."""

from __future__ import annotations

from typing import TYPE_CHECKING

from network_md.core.dates import format_duration, iso
from network_md.core.model import Entry
from network_md.core.terminal import printable
from network_md.render.table import Column, table
from network_md.render.text import REL_STYLE, dim, fit, flag_lines, signed, style

if TYPE_CHECKING:
    from network_md.analysis.stats import ContactStats

LOG_COLUMNS = [Column(), Column(), Column(shrink=True)]


def is_plan(e: Entry, today: int) -> bool:
    """An open plan, or an entry dated after today: not (yet) part of the history."""
    return e.state == "plan" or (e.state != "cancelled" and e.day > today)


def plans_of(log: list[Entry], today: int) -> list[Entry]:
    """The plans, soonest first."""
    return sorted((e for e in log if is_plan(e, today)), key=lambda e: (e.day, e.line))


def _field_text(value) -> str:
    if isinstance(value, list):
        return ", ".join(_field_text(v) for v in value)
    if isinstance(value, dict):
        return ", ".join(f"{k}: {_field_text(v)}" for k, v in value.items())
    return "" if value is None else str(value)


def _about(s: ContactStats) -> list[str]:
    c = s.contact
    about = []
    if c.aliases:
        about.append("aka " + ", ".join(c.aliases))
    if c.tags:
        about.append("tags: " + ", ".join(c.tags))
    cadence = f"every {s.cadence_days} days" if s.cadence_days else "no cadence"
    if c.cadence is not None:  # its own cadence, not the circle's
        about.append(f"circle: {s.circle} · cadence: {cadence} (its own)")
    else:
        about.append(f"circle: {s.circle} ({cadence})")
    lines = ["  " + printable(" · ".join(about))]
    for key, value in c.fields.items():
        text = _field_text(value)
        if text:
            lines.append(printable(f"  {key}: {text}"))
    if s.snoozed:
        why = f" ({c.snooze_why})" if c.snooze_why else ""
        lines.append(
            style(
                printable(f"  snoozed until {iso(c.snooze_until)}{why}: no flags until then"),
                fg="cyan",
            )
        )
    if s.archived:
        lines.append(
            style(
                "  archived: out of every count, flag and agenda (`unarchive` restores it)",
                fg="cyan",
            )
        )
    return lines


def _numbers(s: ContactStats, today: int) -> list[str]:
    rel = style(s.relationship, fg=REL_STYLE[s.relationship], bold=True)
    touch = (
        "never" if s.last_touch is None else f"{iso(s.last_touch)} ({_ago(today - s.last_touch)})"
    )
    return [
        f"  {rel} · gave {s.given} · got {s.received} · thanked {s.thanks_given} · "
        f"thanked you {s.thanks_received} · asked {s.asks} · declined {s.declines} · "
        f"balance {signed(s.balance)}",
        f"  last touch {touch} · familiarity {s.familiarity} · trust {s.trust}",
    ]


def _entry_rows(entries: list[Entry], limit: int | None, home: str = "") -> list[str]:
    """Table rows of entries; one written in another file than `home` names it (`path:line`)."""
    rows = []
    for e in entries:
        when = iso(e.day) + (f" {e.time}" if e.time else "")
        word = e.word + (f" ({format_duration(e.minutes)})" if e.minutes else "")
        text = e.text
        if e.path and e.path != home:
            text = f"{text}  ({e.path}:{e.line})" if text else f"({e.path}:{e.line})"
        if e.state == "cancelled":
            when, text = (when, {"dim": True}), (f"cancelled: {text}".rstrip(": "), {"dim": True})
        rows.append([when, word, text])
    inner = None if limit is None else limit - 2
    return ["  " + r for r in table(rows, LOG_COLUMNS, inner)]


# How `show` words each direction of an introduction: (what, other contact's name, day or None).
INTRODUCTION_WORDS = {
    "by": "introduced by",  # the other contact introduced you to this one
    "to": "introduced you to",  # this contact introduced you to the other
    "mutual": "you introduced them to",
}


def _introduction_lines(introductions) -> list[str]:
    lines = []
    for what, name, day in introductions:
        when = f" on {iso(day)}" if day is not None else ""
        if what == "by":
            lines.append(f"  introduced by {printable(name)}{when}")
        else:
            lines.append(f"  {INTRODUCTION_WORDS[what]} {printable(name)}{when}")
    return lines


def show_text(
    s: ContactStats,
    log: list[Entry],
    today: int,
    limit: int | None = None,
    notes: str = "",
    mentions: list[Entry] = (),
    introductions=(),
) -> str:
    """The contact's page; `mentions`: the entries elsewhere that link it; `introductions`:
    (what, other contact's name, day or None), what being "by" (they introduced you to this
    contact), "to" (this contact introduced you to them) or "mutual"."""
    c = s.contact
    lines = [style(printable(c.name), bold=True) + "  " + dim(printable(c.path))]
    lines += _about(s)
    if notes:
        lines += ["", style("Notes", bold=True)]
        lines += ["  " + printable(line) if line.strip() else "" for line in notes.splitlines()]
    lines.append("")
    lines += _numbers(s, today)
    if introductions:
        lines += ["", style("Introductions", bold=True)]
        lines += _introduction_lines(introductions)
    if s.flags:
        lines += ["", style("Flags", bold=True)]
        lines += flag_lines(list(s.flags), with_contact=False, limit=limit)
    plans = plans_of(log, today)
    if plans:
        lines += [
            "",
            style("Plans", bold=True) + dim(" (soonest first; `network-md done` ticks one)"),
        ]
        lines += _entry_rows(plans, limit, c.path)
    history = sorted(
        (e for e in log if not is_plan(e, today)), key=_newest_first(c.path), reverse=True
    )
    lines += ["", style("Log", bold=True) + dim(" (newest first)")]
    if not history:
        lines.append(dim('  no entries yet: `network-md log NAME gave "..."`'))
    lines += _entry_rows(history, limit, c.path)
    if mentions:
        lines += [
            "",
            style("Mentions", bold=True) + dim(" (entries elsewhere that link them, newest first)"),
        ]
        lines += _entry_rows(sorted(mentions, key=_newest_first(""), reverse=True), limit, c.path)
    return "\n".join(fit(lines, limit))


def _newest_first(home: str):
    """The order of a log shown newest first: by day, the contact's own file before others
    on a day, then by line (reversed by the caller)."""
    return lambda e: (e.day, e.path == home or not e.path, e.path, e.line)


def _ago(days: int) -> str:
    if days == 0:
        return "today"
    if days == 1:
        return "yesterday"
    return f"{days} days ago"
