"""report.series: given and received per month, minutes per day, over the window only."""

from __future__ import annotations

from datetime import date

from helpers import TODAY, ago, contact, o

from network_md.analysis.stats import analyse
from network_md.format.config import DEFAULT, parse_config
from network_md.render.report import series

T = TODAY.toordinal()


def cfg(text: str):
    return parse_config(text)[0]


def test_window_is_window_days_ending_today():
    days = series.window(DEFAULT, T)
    assert (len(days), days[-1], days[0]) == (365, T, T - 364)
    assert len(series.window(cfg("window_days: 30\n"), T)) == 30


def test_window_of_decades_is_capped_and_never_before_year_one():
    assert len(series.window(cfg("window_days: 36500\n"), T)) == series.MAX_DAYS
    early = date(1, 1, 10).toordinal()
    assert series.window(DEFAULT, early) == range(1, early + 1)


def test_minutes_per_day_durations_else_default_minutes_across_contacts():
    a = contact([(ago(0), "gave", 20), (ago(0), "met"), (ago(3), "got", 0)], path="people/a.md")
    b = contact([(ago(0), "thanked", 7), (ago(1), "asked-me")], path="people/b.md")
    found = series.minutes_by_day([a, b], DEFAULT, T)
    assert found == {T: 20 + 5 + 7, T - 1: 5, T - 3: 0}  # 0m is a real duration, and a day
    custom = series.minutes_by_day([a], cfg("daily: {default_minutes: 9}\n"), T)
    assert custom[T] == 29


def test_minutes_leave_out_plans_and_days_before_the_window():
    c = contact([(ago(-1), "met", 30), (ago(365), "gave", 30), (ago(364), "gave", 30)])
    assert series.minutes_by_day([c], DEFAULT, T) == {T - 364: 30}


def test_minutes_match_the_practice_of_the_analysis_today():
    c = contact([(ago(0), "gave", 20), (ago(0), "met"), (ago(2), "got")])
    practice = analyse([c], DEFAULT, TODAY).practice
    assert series.minutes_by_day([c], DEFAULT, T)[T] == practice.minutes_today == 25


def test_months_count_gave_and_got_per_calendar_month():
    c = contact(
        [
            ("2026-11-27", "gave"),
            ("2026-11-01", "gave"),
            ("2026-11-02", "got"),
            ("2026-10-31", "got"),
            ("2026-10-31", "thanked"),  # thanks are not given or received
            ("2026-09-15", "asked"),
        ]
    )
    by_label = {m.label: m for m in series.months([c], DEFAULT, T)}
    assert (by_label["2026-11"].given, by_label["2026-11"].received) == (2, 1)
    assert (by_label["2026-10"].given, by_label["2026-10"].received) == (0, 1)
    assert by_label["2026-10"].days == 1 and by_label["2026-10"].minutes == 10
    assert (by_label["2026-09"].given, by_label["2026-09"].days) == (0, 1)


def test_months_span_the_window_with_partial_first_and_last_months():
    months = series.months([], DEFAULT, T)
    assert [m.label for m in months][:2] == ["2025-11", "2025-12"]
    assert months[-1].label == "2026-11" and len(months) == 13
    assert months[0].first == o("2025-11-28")  # the window's first day, not the 1st
    assert months[1].first == o("2025-12-01")
    assert all(m.given == m.received == m.days == m.minutes == 0 for m in months)


def test_months_add_up_to_the_analysis_over_many_contacts():
    people = [
        contact(
            [(ago(d), k) for d, k in ((1, "gave"), (40, "got"), (200, "gave"), (400, "got"))],
            path=f"people/p{i}.md",
        )
        for i in range(5)
    ]
    months = series.months(people, DEFAULT, T)
    stats = analyse(people, DEFAULT, TODAY).contacts
    assert sum(m.given for m in months) == sum(s.given for s in stats) == 10
    assert sum(m.received for m in months) == sum(s.received for s in stats) == 5


def test_months_cross_a_year_and_reach_the_last_month_date_knows():
    labels = [m.label for m in series.months([], cfg("window_days: 60\n"), o("2027-01-15"))]
    assert labels == ["2026-11", "2026-12", "2027-01"]
    last = series.months([], cfg("window_days: 40\n"), date(9999, 12, 31).toordinal())
    assert [m.label for m in last] == ["9999-11", "9999-12"]
