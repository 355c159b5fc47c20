"""birthdays: the value read as month, day and year; the ones within the lead days; their reason."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from helpers import REAL_WORLD, TODAY
from hypothesis import given, settings
from hypothesis import strategies as st

from network_md.analysis.birthdays import (
    Birthday,
    MonthDay,
    due,
    kept_on,
    next_day,
    parse_birthday,
    upcoming,
)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("1815-12-10", MonthDay(12, 10, 1815)),
        (" 1815-12-10 ", MonthDay(12, 10, 1815)),
        ("--12-10", MonthDay(12, 10, None)),
        ("--1210", MonthDay(12, 10, None)),
        ("12-10", MonthDay(12, 10, None)),
        ("02-29", MonthDay(2, 29, None)),
        ("--02-29", MonthDay(2, 29, None)),
        ("2000-02-29", MonthDay(2, 29, 2000)),
        ("1984-06-14T10:00:00", MonthDay(6, 14, 1984)),  # a YAML timestamp, as JSON-safe text
        (date(1990, 1, 2), MonthDay(1, 2, 1990)),
        (datetime(1990, 1, 2, 8, 0), MonthDay(1, 2, 1990)),
    ],
)
def test_parse_birthday_forms(value, expected):
    assert parse_birthday(value) == expected


@pytest.mark.parametrize("value", [None, "", "   ", "{{birthday}}", "<% tp.file.cursor(2) %>"])
def test_no_value_is_no_birthday_and_no_problem(value):
    assert parse_birthday(value) is None


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("2023-02-29", "'2023-02-29' is not a real day"),
        ("2026-02-30", "'2026-02-30' is not a real day"),
        ("13-01", "'13-01' is not a real day"),
        ("--00-10", "'--00-10' is not a real day"),
        ("02-30", "'02-30' is not a real day"),
        ("1210", "'1210' is not a birthday like 1815-12-10, --12-10 or 12-10"),
        ("circa 1800", "'circa 1800' is not a birthday like 1815-12-10, --12-10 or 12-10"),
        ("10/12/1815", "'10/12/1815' is not a birthday like 1815-12-10, --12-10 or 12-10"),
        ("1815-12-10-01", "'1815-12-10-01' is not a birthday like 1815-12-10, --12-10 or 12-10"),
        (1815, "'1815' is not a birthday like 1815-12-10, --12-10 or 12-10"),
        (True, "'True' is not a birthday like 1815-12-10, --12-10 or 12-10"),
        ({"day": 10}, "'{'day': 10}' is not a birthday like 1815-12-10, --12-10 or 12-10"),
    ],
)
def test_anything_else_is_a_readable_value_error(value, message):
    with pytest.raises(ValueError) as info:
        parse_birthday(value)
    assert str(info.value) == message


@pytest.mark.parametrize("value", ["1" * 5000, ["x" * 5000], "born " + "long ago " * 500])
def test_a_long_value_is_quoted_short(value):
    with pytest.raises(ValueError) as info:
        parse_birthday(value)
    assert len(str(info.value)) < 100 and str(info.value).endswith("--12-10 or 12-10")


def test_real_world_obsidian_birthdays_parse():
    """People notes from real Obsidian vaults: every `birthday:` value reads, or is no value."""
    import yaml

    folder = REAL_WORLD / "obsidian-people"
    if not folder.is_dir():
        pytest.skip("real-world samples absent")
    seen = 0
    for path in sorted(folder.rglob("*.md")):
        text = path.read_text(encoding="utf-8", errors="replace")
        if not text.startswith("---"):
            continue
        try:
            data = yaml.safe_load(text.split("---", 2)[1])
        except yaml.YAMLError:
            continue
        for key, value in (data or {}).items() if isinstance(data, dict) else ():
            if str(key).replace(" ", "").lower() in ("birthday", "bday"):
                seen += 1
                parse_birthday(value)  # never raises on these real values
    assert seen >= 5


def b(month, day, year=None, path="people/ada.md", name="Ada"):
    return Birthday(name, path, month, day, year)


def test_kept_on_29_february():
    assert kept_on(2, 29, 2028) == date(2028, 2, 29)
    assert kept_on(2, 29, 2027) == date(2027, 2, 28)
    assert kept_on(2, 29, 2100) == date(2100, 2, 28)  # not a leap year
    assert kept_on(2, 29, 2000) == date(2000, 2, 29)  # a leap year
    assert kept_on(2, 28, 2027) == date(2027, 2, 28)


@pytest.mark.parametrize(
    ("lead", "ahead", "included"),
    [
        (0, 0, True),
        (0, 1, False),
        (1, 0, True),
        (1, 1, True),
        (1, 2, False),
        (2, 2, True),  # the last day
        (2, 3, False),  # the day after
        (2, -1, False),  # yesterday's is a year away
        (30, 30, True),
        (30, 31, False),
    ],
)
def test_lead_days_boundaries(lead, ahead, included):
    day = TODAY + timedelta(days=ahead)
    found = upcoming([b(day.month, day.day)], TODAY, lead)
    assert [u.day for u in found] == ([day] if included else [])


def test_reasons_name_the_day():
    found = upcoming(
        [
            b(11, 27, path="people/a.md"),
            b(11, 28, 1986, path="people/b.md"),
            b(11, 29, path="people/c.md"),
            b(11, 29, 1986, path="people/d.md"),
        ],
        TODAY,
        2,
    )
    assert [(u.birthday.path, u.age, u.reason) for u in found] == [
        ("people/a.md", None, "birthday today"),
        ("people/b.md", 40, "turns 40 tomorrow, Saturday 28 November"),
        ("people/c.md", None, "birthday on Sunday 29 November"),
        ("people/d.md", 40, "turns 40 on Sunday 29 November"),
    ]


def test_soonest_first_then_by_path():
    found = upcoming(
        [
            b(11, 29, path="people/z.md"),
            b(11, 28, path="people/y.md"),
            b(11, 28, path="people/a.md"),
        ],
        TODAY,
        2,
    )
    assert [u.birthday.path for u in found] == ["people/a.md", "people/y.md", "people/z.md"]


@pytest.mark.parametrize(
    ("today", "year", "kept", "reason"),
    [
        # a year without 29 February: kept on the 28th, and the reason says why
        (
            date(2027, 2, 27),
            None,
            date(2027, 2, 28),
            "birthday tomorrow, Sunday 28 February (a 29 February birthday)",
        ),
        (date(2027, 2, 28), 2000, date(2027, 2, 28), "turns 27 today (a 29 February birthday)"),
        # a leap year: on the 29th itself
        (date(2028, 2, 28), None, date(2028, 2, 29), "birthday tomorrow, Tuesday 29 February"),
        (date(2028, 2, 27), 2000, date(2028, 2, 29), "turns 28 on Tuesday 29 February"),
    ],
)
def test_29_february_in_leap_and_other_years(today, year, kept, reason):
    (found,) = upcoming([b(2, 29, year)], today, 2)
    assert (found.day, found.reason) == (kept, reason)


def test_29_february_is_not_twice_in_a_leap_year():
    assert upcoming([b(2, 29)], date(2028, 2, 27), 1) == []  # not on the 28th of a leap year
    assert next_day(b(2, 29), date(2028, 3, 1)) == date(2029, 2, 28)


@pytest.mark.parametrize(
    ("today", "month", "day", "ahead"),
    [
        (date(2026, 12, 31), 1, 1, 1),
        (date(2026, 12, 30), 1, 1, 2),
        (date(2026, 12, 31), 12, 31, 0),
        (date(2026, 12, 31), 1, 2, 2),
    ],
)
def test_across_the_new_year(today, month, day, ahead):
    (found,) = upcoming([b(month, day, 1990)], today, 2)
    assert found.day == today + timedelta(days=ahead)
    assert found.age == found.day.year - 1990


def test_the_year_of_birth_is_no_birthday_and_the_end_of_the_calendar_is_no_crash():
    born_soon = b(11, 28, 2026)  # born tomorrow: the first birthday is a year later
    assert upcoming([born_soon], TODAY, 2) == []
    assert next_day(born_soon, TODAY) == date(2027, 11, 28)
    assert upcoming([b(12, 31, 9999)], date(9999, 12, 30), 2) == []
    assert upcoming([b(1, 1)], date(9999, 12, 31), 2) == []
    (found,) = upcoming([b(12, 31)], date(9999, 12, 30), 2)
    assert found.day == date(9999, 12, 31)


def test_due_gives_the_day_and_reason_within_the_lead_days_only():
    assert due("Ada", "people/ada.md", "1986-11-28", TODAY, 2) == (
        date(2026, 11, 28).toordinal(),
        "turns 40 tomorrow, Saturday 28 November",
    )
    assert due("Ada", "people/ada.md", "--11-30", TODAY, 2) is None  # three days ahead
    assert due("Ada", "people/ada.md", "--11-30", TODAY, 3) is not None
    assert due("Ada", "people/ada.md", "1990-02-30", TODAY, 2) is None  # no real birthday
    assert due("Ada", "people/ada.md", "{{birthday}}", TODAY, 2) is None


@settings(max_examples=300, deadline=None)
@given(
    today=st.dates(min_value=date(1900, 1, 1), max_value=date(2400, 12, 31)),
    born=st.dates(min_value=date(1896, 1, 1), max_value=date(2400, 12, 31)),
    with_year=st.booleans(),
    lead=st.integers(min_value=0, max_value=365),
)
def test_upcoming_is_exactly_the_next_kept_day_within_the_lead(today, born, with_year, lead):
    """Whatever the day: the birthday is listed iff the next day it is kept (from today on, after
    the year of birth) is at most `lead` days away, on its own day or 28 February for a 29th."""
    person = b(born.month, born.day, born.year if with_year else None)
    day = today
    while not (
        (day.month, day.day) == (born.month, born.day)
        or (
            (born.month, born.day) == (2, 29)
            and (day.month, day.day) == (2, 28)
            and not _leap(day.year)
        )
    ) or (with_year and day.year <= born.year):
        day += timedelta(days=1)
    found = upcoming([person], today, lead)
    assert [u.day for u in found] == ([day] if (day - today).days <= lead else [])


def _leap(year: int) -> bool:
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


BIRTHDAY_VAULT = {
    "people/ada.md": "---\nname: Ada\nBirthday: 1986-11-28\n---\n## Log\n- 2026-11-20 got: tips\n",
    "people/bo.md": "---\nname: Bo\nbirthday: --11-27\n---\n## Log\n- [ ] 2026-11-26 met: lunch\n",
    "people/cy.md": "---\nname: Cy\nbirthday: --11-30\n---\n",  # three days ahead: not yet
    "people/di.md": "---\nname: Di\nbirthday: --11-28\nsnooze_until: 2027-01-01\n---\n",
    "people/ed.md": "---\nname: Ed\nbirthday: --11-28\narchived: 2026-01-01\n---\n",
}


@pytest.mark.parametrize("cache", [[], ["--no-cache"]])
def test_today_lists_birthdays_after_plans_and_before_thanks(make_vault, run, cache):
    """From the cached summary and from the files alike: the plan, then the birthdays within
    `dates.lead_days` (soonest first), then the flags' actions; snoozed and archived left out."""
    import json

    root = make_vault(BIRTHDAY_VAULT)
    for _ in range(2):  # the second run answers from the cache it left
        data = json.loads(run(root, *cache, "today", "--json").stdout)
    got = [(i["action"], i["contact"], i["reason"], i["rule"]) for i in data["items"]]
    assert got == [
        ("plan", "Bo", got[0][2], None),
        ("birthday", "Bo", "birthday today", None),
        ("birthday", "Ada", "turns 40 tomorrow, Saturday 28 November", None),
        ("thank", "Ada", got[3][2], "thank"),
    ]
    text = run(root, *cache, "today").stdout
    assert "Congratulate" in text and "turns 40 tomorrow" in text


def test_lead_days_from_the_config_move_the_horizon(make_vault, run):
    import json

    root = make_vault(BIRTHDAY_VAULT, config="contacts: [people]\ndates: {lead_days: 3}\n")
    data = json.loads(run(root, "today", "--all", "--json").stdout)
    assert [i["contact"] for i in data["items"] if i["action"] == "birthday"] == ["Bo", "Ada", "Cy"]
    root = make_vault(BIRTHDAY_VAULT, config="contacts: [people]\ndates: {lead_days: 0}\n")
    data = json.loads(run(root, "today", "--all", "--json").stdout)
    assert [i["contact"] for i in data["items"] if i["action"] == "birthday"] == ["Bo"]
