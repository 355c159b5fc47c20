"""Text and JSON from the analysis. Returns strings and plain data; never prints.

Text carries ANSI styles; click.echo drops them when the stream is not a terminal.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

import click

from .dates import format_duration, iso
from .model import RELATIONSHIPS, Entry, Flag, Problem

if TYPE_CHECKING:
    from .analysis import AgendaItem, ContactStats, Practice, Summary

SEVERITY_STYLE = {"red": {"fg": "red", "bold": True}, "nudge": {"fg": "yellow"}}
REL_STYLE = {
    "network": "green",
    "one-way": "red",
    "receiving": "yellow",
    "acquaintance": "cyan",
    "dormant": "bright_black",
    "contact": "bright_black",
}
ACTION_LABEL = {
    "thank": "Thank",
    "reply": "Reply to",
    "follow-up": "Follow up with",
    "give": "Give back to",
    "reach-out": "Reach out to",
    "ask": "Ask",
}


def dumps(data, indent: int | None = 2) -> str:
    """Strict JSON, the only kind network-md prints: a NaN or Infinity is a bug, not output."""
    import json

    return json.dumps(data, ensure_ascii=False, indent=indent, allow_nan=False)


# --- JSON shapes (contract section 5) -------------------------------------------------------


def flag_json(f: Flag) -> dict:
    return {
        "rule": f.rule,
        "severity": f.severity,
        "contact": f.contact,
        "path": f.path,
        "since": iso(f.since),
        "message": f.message,
        "advice": f.advice,
    }


def problem_json(p: Problem) -> dict:
    return {"path": p.path, "line": p.line, "severity": p.severity, "message": p.message}


def entry_json(e: Entry) -> dict:
    return {
        "date": iso(e.day),
        "kind": e.kind,
        "word": e.word,
        "minutes": e.minutes,
        "text": e.text,
        "line": e.line,
    }


def contact_json(s: ContactStats) -> dict:
    c = s.contact
    return {
        "name": c.name,
        "path": c.path,
        "aliases": list(c.aliases),
        "tags": list(c.tags),
        "circle": s.circle,
        "cadence_days": s.cadence_days,
        "relationship": s.relationship,
        "given": s.given,
        "received": s.received,
        "thanks_given": s.thanks_given,
        "thanks_received": s.thanks_received,
        "asks": s.asks,
        "declines": s.declines,
        "balance": s.balance,
        "last_touch": iso(s.last_touch),
        "familiarity": s.familiarity,
        "trust": s.trust,
        "flags": [f.rule for f in s.flags],
        "snoozed": s.snoozed,
        "snooze_until": iso(c.snooze_until),
        "snooze_why": c.snooze_why,
        "fields": c.fields,
    }


def practice_json(p: Practice) -> dict:
    return {
        "streak_days": p.streak_days,
        "minutes_today": p.minutes_today,
        "goal_minutes": p.goal_minutes,
    }


def status_json(vault: str, a: Summary, problems: list[Problem], top: int) -> dict:
    return {
        "vault": vault,
        "today": iso(a.today),
        "contacts": a.contacts,
        "relationships": a.relationships,
        "flags": {sev: sum(1 for f in a.flags if f.severity == sev) for sev in ("red", "nudge")},
        "top": [flag_json(f) for f in a.flags[:top]],
        "practice": practice_json(a.practice),
        "snoozed": a.snoozed,
        "problems": [problem_json(p) for p in problems],
    }


def agenda_json(a: Summary, items: list[AgendaItem], last: dict[str, Entry | None]) -> dict:
    return {
        "today": iso(a.today),
        "items": [
            {
                "action": i.action,
                "contact": i.contact,
                "path": i.path,
                "reason": i.reason,
                "rule": i.rule,
                "last": entry_json(last[i.path]) if last.get(i.path) else None,
            }
            for i in items
        ],
        "practice": practice_json(a.practice),
    }


# --- text -----------------------------------------------------------------------------------


def style(text: str, **kw) -> str:
    return click.style(text, **kw)


def dim(text: str) -> str:
    return click.style(text, dim=True)


def _table(rows: list[list[str]], widths_from: list[list[str]] | None = None) -> list[str]:
    """Left-aligned columns; widths measured without ANSI styles."""
    plain = widths_from or [[click.unstyle(c) for c in r] for r in rows]
    widths = [max(len(r[i]) for r in plain) for i in range(len(plain[0]))] if plain else []
    out = []
    for row, raw in zip(rows, plain):
        cells = [c + " " * (widths[i] - len(raw[i])) for i, c in enumerate(row)]
        out.append("  ".join(cells).rstrip())
    return out


def relationships_line(a: Summary) -> str:
    parts = [f"{a.contacts} contact{'s' * (a.contacts != 1)}"]
    for rel in RELATIONSHIPS:
        n = a.relationships[rel]
        if n:
            parts.append(style(f"{n} {rel}", fg=REL_STYLE[rel]))
    if a.snoozed:
        parts.append(f"{a.snoozed} snoozed")
    return " · ".join(parts)


def practice_line(p: Practice) -> str:
    streak = f"{p.streak_days}-day streak" if p.streak_days else "no streak yet"
    done = p.minutes_today >= p.goal_minutes
    minutes = style(
        f"{p.minutes_today} of {p.goal_minutes} minutes today", fg="green" if done else None
    )
    return f"Practice: {streak} · {minutes}" + (" ✓" if done else "")


def flag_lines(
    flags: list[Flag], with_severity: bool = True, with_contact: bool = True
) -> list[str]:
    """Aligned rows, each followed by its advice, indented under the rule."""
    rows = []
    for f in flags:
        row = [style(f.severity, **SEVERITY_STYLE[f.severity])] if with_severity else []
        row.append(f.rule)
        if with_contact:
            row.append(style(f.contact, bold=True))
        row += [dim(f"since {iso(f.since)}"), f.message]
        rows.append(row)
    pad = (max(len(f.severity) for f in flags) + 2) if with_severity and flags else 2
    lines = []
    for line, f in zip(_table(rows), flags):
        lines.append("  " + line)
        lines.append("  " + " " * pad + dim("→ " + f.advice))
    return lines


def problems_summary(problems: list[Problem]) -> str | None:
    if not problems:
        return None
    errors = sum(1 for p in problems if p.severity == "error")
    warnings = len(problems) - errors
    parts = []
    if errors:
        parts.append(f"{errors} error{'s' * (errors != 1)}")
    if warnings:
        parts.append(f"{warnings} warning{'s' * (warnings != 1)}")
    return f"{' and '.join(parts)} in the vault's files: run `network-md check` to see them"


def status_text(title: str, a: Summary, problems: list[Problem], top: int) -> str:
    lines = [style(title, bold=True), "", relationships_line(a), ""]
    red = sum(1 for f in a.flags if f.severity == "red")
    nudge = len(a.flags) - red
    if a.flags:
        head = f"{red} red flag{'s' * (red != 1)}, {nudge} nudge{'s' * (nudge != 1)}"
        shown = a.flags[:top]
        lines.append(head + (". Most pressing:" if len(a.flags) > len(shown) else ":"))
        lines += flag_lines(shown)
        if len(a.flags) > len(shown):
            lines.append(dim(f"  … and {len(a.flags) - len(shown)} more: `network-md flags`"))
    else:
        lines.append(
            style("No red flags, no nudges: every relationship is in good shape.", fg="green")
        )
    lines += ["", practice_line(a.practice)]
    summary = problems_summary(problems)
    if summary:
        lines.append(style(summary[0].upper() + summary[1:], fg="yellow"))
    return "\n".join(lines)


def flags_text(flags: list[Flag]) -> str:
    if not flags:
        return "No flags raised."
    out = []
    for sev, title in (("red", "Red flags"), ("nudge", "Nudges")):
        group = [f for f in flags if f.severity == sev]
        if group:
            if out:
                out.append("")
            out.append(style(f"{title} ({len(group)})", bold=True))
            out += flag_lines(group, with_severity=False)
    return "\n".join(out)


def list_text(stats: list[ContactStats]) -> str:
    if not stats:
        return "No contacts."
    header = [
        "NAME",
        "RELATIONSHIP",
        "GAVE",
        "GOT",
        "THANKS ↑↓",
        "BAL",
        "LAST TOUCH",
        "FAM",
        "TRUST",
        "FLAGS",
    ]
    rows = [
        [
            s.contact.name,
            style(s.relationship, fg=REL_STYLE[s.relationship]),
            str(s.given),
            str(s.received),
            f"{s.thanks_given}↑ {s.thanks_received}↓",
            _signed(s.balance),
            iso(s.last_touch) or "-",
            str(s.familiarity),
            str(s.trust),
            ("snoozed " if s.snoozed else "") + ", ".join(f.rule for f in s.flags),
        ]
        for s in stats
    ]
    return "\n".join(_table([[style(h, bold=True) for h in header], *rows]))


def _field_text(value) -> str:
    if isinstance(value, list):
        return ", ".join(_field_text(v) for v in value)
    if isinstance(value, dict):
        return ", ".join(f"{k}: {_field_text(v)}" for k, v in value.items())
    return "" if value is None else str(value)


def show_text(s: ContactStats, log: list[Entry], today: int) -> str:
    c = s.contact
    lines = [style(c.name, bold=True) + "  " + dim(c.path)]
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
    lines.append("  " + " · ".join(about))
    for key, value in c.fields.items():
        text = _field_text(value)
        if text:
            lines.append(f"  {key}: {text}")
    if s.snoozed:
        why = f" ({c.snooze_why})" if c.snooze_why else ""
        lines.append(
            style(f"  snoozed until {iso(c.snooze_until)}{why}: no flags until then", fg="cyan")
        )
    lines.append("")
    rel = style(s.relationship, fg=REL_STYLE[s.relationship], bold=True)
    lines.append(
        f"  {rel} · gave {s.given} · got {s.received} · thanked {s.thanks_given} · "
        f"thanked you {s.thanks_received} · asked {s.asks} · declined {s.declines} · balance {_signed(s.balance)}"
    )
    touch = (
        "never" if s.last_touch is None else f"{iso(s.last_touch)} ({_ago(today - s.last_touch)})"
    )
    lines.append(f"  last touch {touch} · familiarity {s.familiarity} · trust {s.trust}")
    if s.flags:
        lines += ["", style("Flags", bold=True)]
        lines += flag_lines(list(s.flags), with_contact=False)
    lines += ["", style("Log", bold=True) + dim(" (newest first)")]
    if not log:
        lines.append(dim('  no entries yet: `network-md log NAME gave "..."`'))
    rows = []
    for e in sorted(log, key=lambda e: (e.day, e.line), reverse=True):
        when = iso(e.day) + (" planned" if e.day > today else "")
        word = e.word + (f" ({format_duration(e.minutes)})" if e.minutes else "")
        rows.append([dim(when) if e.day > today else when, word, e.text])
    lines += ["  " + r for r in _table(rows)] if rows else []
    return "\n".join(lines)


def _signed(n: int) -> str:
    return f"{n:+d}" if n else "0"


def _ago(days: int) -> str:
    if days == 0:
        return "today"
    if days == 1:
        return "yesterday"
    return f"{days} days ago"


def last_text(e: Entry | None) -> str:
    if e is None:
        return "no entries yet"
    return f"last: {iso(e.day)} {e.word}: {e.text}".rstrip(": ")


def agenda_text(a: Summary, items: list[AgendaItem], last: dict[str, Entry | None]) -> str:
    day = date.fromordinal(a.today)
    head = f"Today, {day:%A} {day.day} {day:%B %Y}"
    lines = [style(head, bold=True)]
    if not items:
        lines.append(
            style("Nothing due. A good day to give something to someone you value.", fg="green")
        )
    rows = [
        [f"{n}.", style(ACTION_LABEL[i.action], bold=True), style(i.contact, bold=True), i.reason]
        for n, i in enumerate(items, 1)
    ]
    table = _table(rows)
    pad = len(click.unstyle(table[0])) - len(items[0].reason) if items else 0
    for line, item in zip(table, items):
        lines.append("  " + line)
        lines.append("  " + " " * pad + dim(last_text(last.get(item.path))))
    lines += ["", practice_line(a.practice)]
    return "\n".join(lines)


def agenda_markdown(a: Summary, items: list[AgendaItem], last: dict[str, Entry | None]) -> str:
    lines = [f"## Network — {iso(a.today)}", ""]
    for i in items:
        context = last_text(last.get(i.path))
        link = f"[[{i.path[:-3]}|{i.contact}]]"
        lines.append(f"- [ ] {ACTION_LABEL[i.action]} {link} — {i.reason} ({context})")
    if not items:
        lines.append("- [ ] Give something to someone you value")
    p = a.practice
    lines += [
        "",
        f"Practice: {p.streak_days}-day streak, {p.minutes_today}/{p.goal_minutes} minutes today",
    ]
    return "\n".join(lines)


def check_text(problems: list[Problem]) -> str:
    return "\n".join(p.format() for p in problems)
