"""Everything the report shows, gathered from the analysis into plain values for the templates."""

from __future__ import annotations

from datetime import date
from typing import NamedTuple

from network_md.analysis.agenda import agenda
from network_md.analysis.stats import Analysis
from network_md.core.dates import iso
from network_md.core.model import RELATIONSHIPS, RULES, Flag, Problem
from network_md.core.names import fold
from network_md.format.config import Config
from network_md.render.report import layout, series
from network_md.render.text import ACTION_LABEL, problems_summary

TOP_FLAGS = 5  # as `status` shows
LOPSIDED_ROWS = 20  # people in the given-against-received chart; the table has everyone
CELL = 16  # the practice calendar's day cell, gap included
# English, whatever the locale: the rest of the page is.
MONTH_NAMES = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
WEEKDAYS = ((0, "Mon"), (2, "Wed"), (4, "Fri"))  # the calendar rows that carry a label
# Minutes against the daily goal: one shade per level, light to dark (one hue, so it prints).
LEVELS = ("#eeeeee", "#c6dbef", "#6baed6", "#2171b5", "#08306b")


class Day(NamedTuple):
    """One cell of the practice calendar."""

    x: int
    y: int
    day: str  # YYYY-MM-DD
    minutes: int
    level: int  # 0 no entry; 1 under half the goal; 2 under the goal; 3 the goal; 4 twice it
    streak: bool


class Calendar(NamedTuple):
    days: list[Day]
    months: list[tuple[int, str]]  # (x, "Nov") at each month's first column
    width: int
    height: int
    counted: int  # days with an entry
    minutes: int
    goal_days: int  # days that reached the goal


class FlagGroup(NamedTuple):
    rule: str
    severity: str
    advice: str
    flags: list[Flag]


class Report(NamedTuple):
    title: str
    today: str
    me: str
    summary: object  # analysis.Summary
    red: int
    nudges: int
    top: list[Flag]
    relationships: list[tuple[str, int, str]]  # (relationship, count, colour), zeros left out
    problems: str | None
    map: layout.MapLayout
    lopsided: list  # ContactStats, most lopsided first
    lopsided_more: int
    lopsided_scale: int
    months: list[series.Month]
    month_scale: int
    calendar: Calendar
    flag_groups: list[FlagGroup]
    agenda: list[tuple[str, str, str]]  # (action label, contact, reason), at most daily.items
    agenda_more: int  # the agenda's items left out
    contacts: list  # ContactStats by name


def lopsided(stats: list) -> list:
    """Contacts with anything given or received, the largest |given − received| first."""
    rows = [s for s in stats if s.given or s.received]
    rows.sort(key=lambda s: (-abs(s.balance), -(s.given + s.received), fold(s.contact.name)))
    return rows


def level(minutes: int | None, goal: int) -> int:
    """The calendar shade of a day's minutes; None: the day has no entry."""
    if minutes is None:
        return 0
    if minutes >= 2 * goal:
        return 4
    if minutes >= goal:
        return 3
    return 2 if minutes * 2 >= goal else 1


def calendar(minutes: dict[int, int], days: range, goal: int, streak: int, today: int) -> Calendar:
    """The window's days as weeks (columns, Monday on top) of day cells."""
    first = days[0]
    monday = first - date.fromordinal(first).weekday()
    streak_end = today if today in minutes else today - 1
    in_streak = range(streak_end - streak + 1, streak_end + 1)
    cells, labels = [], []
    for day in days:
        col, row = divmod(day - monday, 7)
        d = date.fromordinal(day)
        if d.day == 1:
            labels.append((col * CELL, MONTH_NAMES[d.month - 1]))
        m = minutes.get(day)
        cells.append(
            Day(col * CELL, row * CELL, d.isoformat(), m or 0, level(m, goal), day in in_streak)
        )
    start = date.fromordinal(first)
    if not labels or labels[0][0] >= 3 * CELL:  # room to name the month the window starts in
        labels.insert(0, (0, MONTH_NAMES[start.month - 1]))
    counted = [minutes[d] for d in days if d in minutes]
    width = ((days[-1] - monday) // 7 + 1) * CELL
    return Calendar(
        cells,
        labels,
        width,
        7 * CELL,
        len(counted),
        sum(counted),
        sum(1 for m in counted if m >= goal),
    )


def flag_groups(flags: list[Flag]) -> list[FlagGroup]:
    """The flags by rule, red rules first, each group in the flags' order."""
    by_rule: dict[str, list[Flag]] = {}
    for f in flags:
        by_rule.setdefault(f.rule, []).append(f)
    order = {r: i for i, r in enumerate(RULES)}
    groups = [FlagGroup(r, fs[0].severity, fs[0].advice, fs) for r, fs in by_rule.items()]
    groups.sort(key=lambda g: (g.severity != "red", order.get(g.rule, len(order)), g.rule))
    return groups


def build(
    a: Analysis,
    cfg: Config,
    problems: list[Problem],
    edges: list[tuple[str, str]],
    map_limit: int = layout.MAP_LIMIT,
) -> Report:
    """The report's values for one analysis (one evaluation day)."""
    summary = a.summary()
    contacts = [s.contact for s in a.contacts]
    days = series.window(cfg, a.today)
    minutes = series.minutes_by_day(contacts, cfg, a.today)
    months = series.months(contacts, cfg, a.today)
    rows = lopsided(a.contacts)
    shown = rows[:LOPSIDED_ROWS]
    every = agenda(summary)
    red = sum(1 for f in a.flags if f.severity == "red")
    title = f"{cfg.me}'s network" if cfg.me else "Your network"
    return Report(
        title=title,
        today=iso(a.today),
        me=cfg.me or "You",
        summary=summary,
        red=red,
        nudges=len(a.flags) - red,
        top=a.flags[:TOP_FLAGS],
        relationships=[
            (r, a.relationships[r], layout.COLOUR[r]) for r in RELATIONSHIPS if a.relationships[r]
        ],
        problems=problems_summary(problems),
        map=layout.layout(a.contacts, edges, map_limit),
        lopsided=shown,
        lopsided_more=len(rows) - len(shown),
        lopsided_scale=max([max(s.given, s.received) for s in shown] + [1]),
        months=months,
        month_scale=max([max(m.given, m.received) for m in months] + [1]),
        calendar=calendar(minutes, days, cfg.daily_minutes, a.practice.streak_days, a.today),
        flag_groups=flag_groups(a.flags),
        agenda=[(ACTION_LABEL[i.action], i.contact, i.reason) for i in every[: cfg.daily_items]],
        agenda_more=max(0, len(every) - cfg.daily_items),
        contacts=sorted(a.contacts, key=lambda s: (fold(s.contact.name), s.contact.path)),
    )
