"""report.view: the page's values — lopsided order, calendar cells and shades, flag groups."""

from __future__ import annotations

from datetime import date

from helpers import TODAY, ago, contact, o

from network_md.analysis.stats import analyse
from network_md.format.config import DEFAULT
from network_md.render.report import view

T = TODAY.toordinal()


def test_level_is_minutes_against_the_goal():
    assert [view.level(m, 15) for m in (None, 0, 7, 8, 14, 15, 29, 30, 500)] == [
        0,
        1,
        1,
        2,
        2,
        3,
        3,
        4,
        4,
    ]


def test_lopsided_puts_the_largest_difference_first_either_way():
    people = [
        contact([(ago(1), "gave")] * 1, path="people/even.md"),
        contact([(ago(1), "got")] * 4, path="people/takes.md"),
        contact([(ago(1), "gave")] * 3, path="people/gives.md"),
        contact([(ago(1), "gave"), (ago(1), "got")], path="people/both.md"),
        contact([(ago(1), "met")], path="people/none.md"),  # nothing given or received
    ]
    rows = view.lopsided(analyse(people, DEFAULT, TODAY).contacts)
    assert [s.contact.path[7:-3] for s in rows] == ["takes", "gives", "even", "both"]


def test_calendar_is_weeks_of_days_with_monday_on_top():
    days = range(o("2026-11-01"), T + 1)  # a Sunday to a Friday
    cal = view.calendar({T: 20, T - 1: 3}, days, goal=15, streak=2, today=T)
    assert len(cal.days) == 27
    first, last = cal.days[0], cal.days[-1]
    assert (first.day, first.x, first.y) == ("2026-11-01", 0, 6 * view.CELL)  # Sunday: bottom
    assert (last.day, last.x, last.y) == ("2026-11-27", 4 * view.CELL, 4 * view.CELL)
    assert (last.minutes, last.level, last.streak) == (20, 3, True)
    assert [d.day for d in cal.days if d.streak] == ["2026-11-26", "2026-11-27"]
    assert (cal.counted, cal.minutes, cal.goal_days) == (2, 23, 1)
    assert cal.months == [(0, "Nov")] and cal.width == 5 * view.CELL


def test_calendar_names_each_month_where_it_starts():
    days = range(o("2026-10-20"), o("2026-12-05") + 1)
    names = [name for _, name in view.calendar({}, days, 15, 0, days[-1]).months]
    assert names == ["Nov", "Dec"]  # October has too few columns left to be named
    early = range(o("2026-10-05"), o("2026-11-05") + 1)
    assert [n for _, n in view.calendar({}, early, 15, 0, early[-1]).months] == ["Oct", "Nov"]


def test_the_streak_ends_yesterday_when_today_has_nothing_yet():
    days = range(T - 5, T + 1)
    cal = view.calendar({T - 1: 5, T - 2: 5}, days, 15, streak=2, today=T)
    assert [d.day for d in cal.days if d.streak] == [
        date.fromordinal(T - 2).isoformat(),
        date.fromordinal(T - 1).isoformat(),
    ]


def test_flag_groups_put_red_rules_first_and_keep_each_rules_advice():
    people = [
        contact([(ago(2), "got")], path="people/a.md"),  # thank (nudge)
        contact([(ago(60), "gave"), (ago(50), "gave"), (ago(40), "gave")], path="people/b.md"),
        contact([(ago(20), "asked")], path="people/c.md"),  # unanswered-ask (red)
    ]
    groups = view.flag_groups(analyse(people, DEFAULT, TODAY).flags)
    assert [(g.rule, g.severity) for g in groups] == [
        ("one-way", "red"),
        ("unanswered-ask", "red"),
        ("thank", "nudge"),
    ]
    assert all(g.advice == g.flags[0].advice and g.advice for g in groups)
