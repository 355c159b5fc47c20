"""Text from the analysis. Returns strings; never prints.

Text carries ANSI styles; click.echo drops them when the stream is not a terminal (or colour is
off). Everything a user wrote passes through `printable` before it is part of a line, and
`limit` (the terminal's width, None for none) is the display width no line may pass.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

import click

from network_md.core.dates import iso
from network_md.core.model import RELATIONSHIPS, Entry, Flag, Problem
from network_md.core.terminal import printable
from network_md.format.fields import company
from network_md.render.table import FIXED, Column, aligned, fit_line, measured, table, width

if TYPE_CHECKING:
    from network_md.analysis.agenda import AgendaItem
    from network_md.analysis.stats import ContactStats, Practice, Summary

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
    "plan": "Planned with",
    "birthday": "Congratulate",
    "thank": "Thank",
    "close-the-loop": "Close the loop with",
    "reply": "Reply to",
    "follow-up": "Follow up with",
    "give": "Give back to",
    "reach-out": "Reach out to",
    "ask": "Ask",
}


# The JSON shapes live in shapes.py; these names stay importable from here.
from network_md.render.shapes import (  # noqa: E402, F401
    agenda_json,
    contact_json,
    dumps,
    entry_json,
    flag_json,
    introductions_json,
    mention_json,
    practice_json,
    problem_json,
    status_json,
)

# --- text -----------------------------------------------------------------------------------


def style(text: str, **kw) -> str:
    return click.style(text, **kw)


def dim(text: str) -> str:
    return click.style(text, dim=True)


def fit(lines: list[str], limit: int | None) -> list[str]:
    """Each line cut to `limit` display columns: rows never wrap."""
    return [fit_line(line, limit) for line in lines] if limit else lines


def count(n: int, noun: str) -> str:
    """`1 contact`, `1,832 contacts`."""
    return f"{n:,} {noun}{'s' * (n != 1)}"


def relationships_line(a: Summary) -> str:
    parts = [count(a.contacts, "contact")]
    for rel in RELATIONSHIPS:
        n = a.relationships[rel]
        if n:
            parts.append(style(f"{n:,} {rel}", fg=REL_STYLE[rel]))
    if a.snoozed:
        parts.append(f"{a.snoozed:,} snoozed")
    if a.archived:
        parts.append(f"{a.archived:,} archived")
    return " · ".join(parts)


def streak_text(days: int) -> str:
    """The practice streak in the one wording every output uses."""
    return f"{days}-day streak" if days else "no streak yet"


def practice_line(p: Practice) -> str:
    done = p.minutes_today >= p.goal_minutes
    minutes = style(
        f"{p.minutes_today} of {p.goal_minutes} minutes today", fg="green" if done else None
    )
    return f"Practice: {streak_text(p.streak_days)} · {minutes}" + (" ✓" if done else "")


FLAG_COLUMNS = {
    "severity": FIXED,
    "rule": FIXED,
    "contact": Column(shrink=True, least=10),
    "since": Column(drop=1),
    "message": Column(shrink=True, least=24),
}


def flag_lines(
    flags: list[Flag], with_severity: bool = True, with_contact: bool = True, limit=None
) -> list[str]:
    """Aligned rows, each followed by its advice, indented under the rule."""
    names = [n for n in FLAG_COLUMNS if (with_severity or n != "severity")]
    names = [n for n in names if with_contact or n != "contact"]
    rows = []
    for f in flags:
        cells = {
            "severity": (f.severity, SEVERITY_STYLE[f.severity]),
            "rule": f.rule,
            "contact": (f.contact, {"bold": True}),
            "since": (f"since {iso(f.since)}", {"dim": True}),
            "message": f.message,
        }
        rows.append([cells[n] for n in names])
    pad = (max(len(f.severity) for f in flags) + 2) if with_severity and flags else 2
    inner = None if limit is None else limit - 2
    lines = []
    for line, f in zip(table(rows, [FLAG_COLUMNS[n] for n in names], inner), flags):
        lines.append("  " + line)
        lines.append(fit_line("  " + " " * pad + dim("→ " + printable(f.advice)), limit))
    return lines


def problems_count(problems: list[Problem]) -> str | None:
    """`2 errors and 1 warning`; None when there are none."""
    if not problems:
        return None
    errors = sum(1 for p in problems if p.severity == "error")
    warnings = len(problems) - errors
    parts = []
    if errors:
        parts.append(count(errors, "error"))
    if warnings:
        parts.append(count(warnings, "warning"))
    return " and ".join(parts)


def problems_summary(problems: list[Problem]) -> str | None:
    """The line that points to `check` when the vault's files have problems."""
    counted = problems_count(problems)
    if counted is None:
        return None
    return f"{counted} in the vault's files: run `network-md check` to see them"


def check_footer(problems: list[Problem], files: int) -> str:
    """`check`'s last line: how many problems in how many files."""
    counted = problems_count(problems)
    return f"{counted} in {files} files" if counted else f"No problems in {files} files."


def status_text(
    title: str, a: Summary, problems: list[Problem], top: int, limit: int | None = None
) -> str:
    lines = [style(printable(title), bold=True), "", relationships_line(a), ""]
    red = sum(1 for f in a.flags if f.severity == "red")
    nudge = len(a.flags) - red
    if a.flags:
        head = f"{count(red, 'red flag')}, {count(nudge, 'nudge')}"
        shown = a.flags[:top]
        lines.append(head + (". Most pressing:" if len(a.flags) > len(shown) else ":"))
        lines += flag_lines(shown, limit=limit)
        if len(a.flags) > len(shown):
            lines.append(dim(f"  … and {len(a.flags) - len(shown):,} more: `network-md flags`"))
    elif not a.contacts and a.archived:
        lines.append(
            "Everyone is archived: `network-md list --archived` shows them, "
            "`network-md unarchive NAME` brings one back."
        )
    elif not a.contacts:
        lines.append("Nobody here yet: add someone with `network-md new NAME`, or import them.")
    else:
        lines.append(
            style("No red flags, no nudges: every relationship is in good shape.", fg="green")
        )
    lines += ["", practice_line(a.practice)]
    summary = problems_summary(problems)
    if summary:
        lines.append(style(summary[0].upper() + summary[1:], fg="yellow"))
    return "\n".join(fit(lines, limit))


def flags_text(flags: list[Flag], limit: int | None = None) -> str:
    if not flags:
        return "No flags raised."
    out = []
    for sev, title in (("red", "Red flags"), ("nudge", "Nudges")):
        group = [f for f in flags if f.severity == sev]
        if group:
            if out:
                out.append("")
            out.append(style(f"{title} ({len(group):,})", bold=True))
            out += flag_lines(group, with_severity=False, limit=limit)
    return "\n".join(out)


# `list`: each column's header and how it gives way on a narrow terminal.
LIST_COLUMNS = (
    ("NAME", Column(shrink=True, least=12)),
    ("COMPANY", Column(shrink=True, drop=1)),  # who they are is `show`'s; the numbers are list's
    ("RELATIONSHIP", FIXED),
    ("GAVE", FIXED),
    ("GOT", FIXED),
    ("THANKS ↑↓", Column(drop=3)),
    ("BAL", Column(drop=6)),
    ("LAST TOUCH", Column(drop=5)),
    ("FAM", Column(drop=4)),
    ("TRUST", Column(drop=2)),
    ("FLAGS", Column(shrink=True)),
)
LIST_LEGEND = "THANKS: ↑ you thanked them, ↓ they thanked you · BAL: gave − got"


def list_text(stats: list[ContactStats], limit: int | None = None) -> str:
    return list_table([list_cells(s) for s in stats], limit)


def list_cells(s: ContactStats) -> tuple[tuple, tuple, bool]:
    """One contact's row of `list`: its cells' printable texts, their display widths, whether
    each is its text's length (as in most names). The relationship's style is added by
    `list_table`."""
    texts = tuple(
        printable(t)
        for t in (
            s.contact.name,
            company(s.contact.fields),
            s.relationship,
            str(s.given),
            str(s.received),
            f"{s.thanks_given}↑ {s.thanks_received}↓",
            signed(s.balance),
            iso(s.last_touch) or "-",
            str(s.familiarity),
            str(s.trust),
            ("snoozed " if s.snoozed else "") + ", ".join(f.rule for f in s.flags),
        )
    )
    lengths = tuple(map(len, texts))
    if "".join(texts).isascii():  # printable ASCII: a column a character (100,000 rows of it)
        return texts, lengths, True
    widths = tuple(map(width, texts))
    return texts, widths, widths == lengths


REL_COLUMN = 2  # the styled one


def list_table(rows: list, limit: int | None = None) -> str:
    """`list`'s table of rows made by `list_cells` (or kept from them)."""
    if not rows:
        return "No contacts."
    header = [measured((h, {"bold": True})) for h, _ in LIST_COLUMNS]
    styles = {REL_COLUMN: {rel: {"fg": colour} for rel, colour in REL_STYLE.items()}}
    lines = aligned(header, rows, [c for _, c in LIST_COLUMNS], limit, styles)
    if "THANKS" in click.unstyle(lines[0]):
        lines.append(fit_line(dim(LIST_LEGEND), limit))
    return "\n".join(lines)


def signed(n: int) -> str:
    return f"{n:+d}" if n else "0"


def last_text(e: Entry | None) -> str:
    if e is None:
        return "no entries yet"
    return printable(f"last: {iso(e.day)} {e.word}: {e.text}".rstrip(": "))


AGENDA_COLUMNS = [FIXED, FIXED, Column(shrink=True), Column(shrink=True)]


def agenda_text(
    a: Summary,
    items: list[AgendaItem],
    last: dict[str, Entry | None],
    more: int = 0,
    limit: int | None = None,
) -> str:
    day = date.fromordinal(a.today)
    head = f"Today, {day:%A} {day.day} {day:%B %Y}"
    lines = [style(head, bold=True)]
    if not items:
        lines.append(
            style("Nothing due. A good day to give something to someone you value.", fg="green")
        )
    rows = []
    for n, i in enumerate(items, 1):
        label = (ACTION_LABEL[i.action], {"bold": True})
        rows.append([f"{n}.", label, (i.contact, {"bold": True}), i.reason])
        rows.append(["", "", "", (last_text(last.get(i.path)), {"dim": True})])  # its context
    inner = None if limit is None else limit - 2
    lines += ["  " + line for line in table(rows, AGENDA_COLUMNS, inner)]
    if more:
        lines.append(dim(f"  … and {more:,} more: `network-md today --all`"))
    lines += ["", practice_line(a.practice)]
    return "\n".join(fit(lines, limit))


def agenda_markdown(
    a: Summary, items: list[AgendaItem], last: dict[str, Entry | None], more: int = 0
) -> str:
    lines = [f"## Network — {iso(a.today)}", ""]
    for i in items:
        context = last_text(last.get(i.path))
        link = f"[[{i.path[:-3]}|{printable(i.contact)}]]"
        lines.append(f"- [ ] {ACTION_LABEL[i.action]} {link} — {printable(i.reason)} ({context})")
    if not items:
        lines.append("- [ ] Give something to someone you value")
    if more:
        lines.append(f"- … and {more:,} more: `network-md today --all`")
    p = a.practice
    lines += [
        "",
        f"Practice: {streak_text(p.streak_days)}, {p.minutes_today}/{p.goal_minutes} minutes today",
    ]
    return "\n".join(lines)


def check_text(problems: list[Problem]) -> str:
    return "\n".join(printable(p.format()) for p in problems)


from network_md.render.show import show_text  # noqa: E402, F401  (one contact's page, in its own module)
