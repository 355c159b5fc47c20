"""calendar_feed: the bytes parsed back with `icalendar`; every item's time, recurrence and UID."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import icalendar
import pytest
from dateutil.rrule import rrulestr
from helpers import TODAY

from network_md.analysis.birthdays import Birthday
from network_md.render.calendar import (
    NOTHING_DUE,
    PLAN_MINUTES,
    Daily,
    Plan,
    Todo,
    agenda_text,
    feed,
)

DAILY = Daily("08:30", 15, "Your networking time:\n1. Thank Ada: a note, please; soon")
ADA = Birthday("Ada Lovelace", "people/ada.md", 12, 10, 1815)
LEAP = Birthday("Leap Person", "people/leap.md", 2, 29, 2000)
YEARLESS = Birthday("Bo", "people/bo.md", 3, 1, None)
LUNCH = Plan(
    "Ada Lovelace", "people/ada.md", date(2026, 12, 12), "12:30", "met", "lunch", 90, "plan"
)
CALL = Plan("Bo", "people/bo.md", date(2026, 12, 3), None, "met", "call", None, "plan")
DROPPED = Plan("Bo", "people/bo.md", date(2026, 12, 4), "09:00", "met", "", None, "cancelled")
THANK = Todo("thank", "Ada Lovelace", "people/ada.md", "got: a tip", TODAY, date(2026, 11, 20))
GREET = Todo(
    "birthday",
    "Bo",
    "people/bo.md",
    "birthday on Monday 1 March",
    date(2027, 3, 1),
    date(2027, 3, 1),
)


def build(
    today=TODAY,
    daily=DAILY,
    birthdays=(ADA, LEAP, YEARLESS),
    plans=(LUNCH, CALL, DROPPED),
    todos=(THANK, GREET),
):
    return feed(today, "Pat's network", daily, list(birthdays), list(plans), list(todos))


def parsed(data: bytes) -> icalendar.Calendar:
    return icalendar.Calendar.from_ical(data)


def events(cal) -> dict[str, icalendar.Event]:
    return {str(e["summary"]): e for e in cal.walk("VEVENT")}


def instances(component, after: date, before: date) -> list[date]:
    """The days a recurring component falls on between two days, expanded by dateutil."""
    start = component.decoded("dtstart")
    start = datetime.combine(start, datetime.min.time()) if type(start) is date else start
    rule = rrulestr(component["rrule"].to_ical().decode(), dtstart=start)
    lo, hi = (datetime.combine(d, datetime.min.time()) for d in (after, before))
    return [d.date() for d in rule.between(lo, hi, inc=True)]


def test_the_calendar_itself():
    cal = parsed(build())
    assert str(cal["version"]) == "2.0"
    assert str(cal["prodid"]) == "-//network-md//calendar feed//EN"
    assert str(cal["x-wr-calname"]) == "Pat's network" == str(cal["name"])
    assert b"\r\n" in build() and b"X-PUBLISHED-TTL:PT1H\r\n" in build()
    # 1 daily + 3 birthdays + 3 plans; 2 to-dos
    assert (len(cal.walk("VEVENT")), len(cal.walk("VTODO"))) == (7, 2)


def test_two_runs_on_one_day_give_identical_bytes_and_dtstamp_is_the_day():
    assert build() == build()
    cal = parsed(build())
    for component in [*cal.walk("VEVENT"), *cal.walk("VTODO")]:
        assert component["dtstamp"].to_ical() == b"20261127T000000Z"


def test_daily_event_recurs_daily_in_floating_time_and_holds_the_agenda():
    data = build()
    daily = events(parsed(data))["Networking time"]
    start, end = daily.decoded("dtstart"), daily.decoded("dtend")
    assert start == datetime(2026, 11, 27, 8, 30) and start.tzinfo is None  # floating
    assert end - start == timedelta(minutes=15)
    assert b"DTSTART:20261127T083000\r\n" in data  # no TZID, no Z
    assert daily["rrule"].to_ical() == b"FREQ=DAILY"
    assert str(daily["description"]) == DAILY.description
    assert instances(daily, date(2027, 2, 27), date(2027, 3, 2)) == [
        date(2027, 2, 27),
        date(2027, 2, 28),
        date(2027, 3, 1),
    ]


@pytest.mark.parametrize(
    ("at", "minutes", "start", "end"),
    [
        ("00:00", 1, datetime(2026, 11, 27, 0, 0), datetime(2026, 11, 27, 0, 1)),
        ("23:50", 15, datetime(2026, 11, 27, 23, 50), datetime(2026, 11, 28, 0, 5)),
        ("07:05", 90, datetime(2026, 11, 27, 7, 5), datetime(2026, 11, 27, 8, 35)),
    ],
)
def test_daily_event_follows_daily_at_and_minutes(at, minutes, start, end):
    daily = events(parsed(build(daily=Daily(at, minutes, ""))))["Networking time"]
    assert (daily.decoded("dtstart"), daily.decoded("dtend")) == (start, end)


def test_birthdays_are_yearly_all_day_events():
    data = build()
    ada = events(parsed(data))["Birthday: Ada Lovelace"]
    assert ada.decoded("dtstart") == date(1815, 12, 10)
    assert type(ada.decoded("dtstart")) is date  # VALUE=DATE, not a date-time
    assert ada.decoded("dtend") == date(1815, 12, 11)
    assert b"DTSTART;VALUE=DATE:18151210\r\n" in data
    assert ada["rrule"].to_ical() == b"FREQ=YEARLY"
    assert str(ada["transp"]) == "TRANSPARENT"
    assert "Born 10 December 1815." in str(ada["description"])
    assert instances(ada, date(2026, 1, 1), date(2027, 12, 31)) == [
        date(2026, 12, 10),
        date(2027, 12, 10),
    ]


def test_a_birthday_without_a_year_starts_in_the_evaluation_year():
    bo = events(parsed(build()))["Birthday: Bo"]
    assert bo.decoded("dtstart") == date(2026, 3, 1)
    assert str(bo["description"]).startswith("Born 1 March.")


@pytest.mark.parametrize("year", [2000, None])
def test_29_february_is_the_last_day_of_february_every_year(year):
    leap = Birthday("Leap Person", "people/leap.md", 2, 29, year)
    event = events(parsed(build(birthdays=[leap])))["Birthday: Leap Person"]
    rule = event["rrule"]
    assert (rule["freq"], rule["bymonth"], rule["bymonthday"]) == (["YEARLY"], [2], [-1])
    first = event.decoded("dtstart")
    assert first == (date(2000, 2, 29) if year else date(2026, 2, 28))
    assert instances(event, date(2026, 1, 1), date(2029, 1, 1)) == [
        date(2026, 2, 28),
        date(2027, 2, 28),
        date(2028, 2, 29),
    ]
    assert instances(event, date(2100, 1, 1), date(2100, 12, 31)) == [date(2100, 2, 28)]


def test_plans_at_their_time_all_day_or_cancelled():
    found = events(parsed(build()))
    lunch, call, dropped = found["Met Ada Lovelace: lunch"], found["Met Bo: call"], found["Met Bo"]
    assert lunch.decoded("dtstart") == datetime(2026, 12, 12, 12, 30)
    assert lunch.decoded("dtstart").tzinfo is None
    assert lunch.decoded("dtend") == datetime(2026, 12, 12, 14, 0)  # its DURATION, 90 minutes
    assert str(lunch["status"]) == "CONFIRMED" and "rrule" not in lunch
    assert call.decoded("dtstart") == date(2026, 12, 3) and type(call.decoded("dtstart")) is date
    assert call.decoded("dtend") == date(2026, 12, 4)
    assert dropped.decoded("dtend") - dropped.decoded("dtstart") == timedelta(minutes=PLAN_MINUTES)
    assert str(dropped["status"]) == "CANCELLED"
    assert str(lunch["description"]) == "people/ada.md"


def test_todos_are_due_on_their_day():
    todos = {str(t["summary"]): t for t in parsed(build()).walk("VTODO")}
    thank, greet = todos["Thank Ada Lovelace"], todos["Congratulate Bo"]
    assert thank.decoded("due") == TODAY and type(thank.decoded("due")) is date
    assert greet.decoded("due") == date(2027, 3, 1)
    assert str(thank["status"]) == "NEEDS-ACTION"
    assert str(thank["description"]) == "got: a tip\npeople/ada.md"
    assert [str(t["summary"]) for t in parsed(build()).walk("VTODO")] == [
        "Thank Ada Lovelace",
        "Congratulate Bo",
    ]  # in the order given


def uids(data: bytes) -> dict[str, str]:
    cal = parsed(data)
    return {str(c["summary"]): str(c["uid"]) for c in [*cal.walk("VEVENT"), *cal.walk("VTODO")]}


def test_uids_are_unique_and_stable_from_one_day_to_the_next():
    today = uids(build())
    assert len(set(today.values())) == len(today) == 9
    assert all(u.endswith("@network-md") for u in today.values())
    later = build(
        today=TODAY + timedelta(days=3),
        daily=Daily("09:00", 30, "another agenda"),
        plans=[LUNCH._replace(time="13:00", minutes=None), CALL, DROPPED._replace(state="plan")],
        todos=[
            THANK._replace(due=TODAY + timedelta(days=3), reason="got: a tip, 6 days ago"),
            GREET,
        ],
    )
    assert later != build()
    assert uids(later) == today  # what an item is, not when, how long or in which state


@pytest.mark.parametrize(
    "changed",
    [
        {"path": "people/ada-lovelace.md"},
        {"day": date(2026, 12, 13)},
        {"text": "dinner"},
        {"kind": "gave"},
    ],
)
def test_a_different_plan_gets_a_different_uid(changed):
    def plan_uid(plan):
        return uids(build(birthdays=[], plans=[plan], todos=[]))[
            f"{plan.kind.capitalize()} {plan.contact}: {plan.text}"
        ]

    assert plan_uid(LUNCH._replace(**changed)) != plan_uid(LUNCH)


def test_same_plan_twice_gets_two_uids_and_same_birthday_file_keeps_its_uid():
    data = build(birthdays=[], plans=[CALL, CALL._replace(time="10:00")], todos=[])
    found = [str(e["uid"]) for e in parsed(data).walk("VEVENT")][1:]
    assert len(set(found)) == 2 and found[1] == found[0].replace("@", "-2@")
    renamed = ADA._replace(contact="Ada King", month=12, day=11)
    assert (
        uids(build(birthdays=[renamed]))["Birthday: Ada King"]
        == uids(build())["Birthday: Ada Lovelace"]
    )


@pytest.mark.parametrize(
    "name",
    ["Zoë Müller", "伟 李", "Liam O’Reilly", "A, B; C\\D", "Emoji 🎉 Person", "Line\nBreak"],
)
def test_any_name_and_text_round_trips(name):
    plan = Plan(
        name,
        "people/x.md",
        date(2026, 12, 1),
        None,
        "met",
        f"{name}: text, more; end",
        None,
        "plan",
    )
    birthday = Birthday(name, "people/x.md", 5, 6, None)
    cal = parsed(build(birthdays=[birthday], plans=[plan], todos=[THANK._replace(contact=name)]))
    summaries = {str(c["summary"]) for c in [*cal.walk("VEVENT"), *cal.walk("VTODO")]}
    assert {
        f"Birthday: {name}",
        f"Met {name}: {name}: text, more; end",
        f"Thank {name}",
    } <= summaries


def test_agenda_text_limit_more_and_nothing_due():
    todos = [THANK._replace(contact=f"P{n}", reason=f"r{n}") for n in range(1, 8)]
    text = agenda_text(TODAY, todos, 5)
    assert text.splitlines() == [
        "Your networking time, Friday 27 November 2026:",
        "1. Thank P1: r1",
        "2. Thank P2: r2",
        "3. Thank P3: r3",
        "4. Thank P4: r4",
        "5. Thank P5: r5",
        "… and 2 more: network-md today --all",
    ]
    assert agenda_text(TODAY, todos[:5], 5).splitlines()[-1] == "5. Thank P5: r5"
    assert agenda_text(TODAY, [], 5).splitlines()[1:] == [NOTHING_DUE]


def test_the_last_day_of_the_calendar_is_no_crash():
    last = date.max
    data = build(
        today=last,
        daily=Daily("23:50", 15, ""),
        birthdays=[Birthday("Z", "people/z.md", 12, 31, None)],
        plans=[CALL._replace(day=last), LUNCH._replace(day=last, time="23:59")],
        todos=[THANK._replace(due=last)],
    )
    found = events(parsed(data))
    assert found["Networking time"].decoded("dtstart") == datetime(9999, 12, 31, 23, 50)
    assert "dtend" not in found["Networking time"] and "dtend" not in found["Met Bo: call"]
    assert found["Birthday: Z"].decoded("dtstart") == last


# --- the items' bytes kept between builds (watch) -------------------------------------------------


def whole_calendar(data: bytes) -> bytes:
    """The same items put in one icalendar Calendar and serialised whole, as a reference."""
    cal = parsed(data)
    again = icalendar.Calendar()
    for name, value in cal.property_items(recursive=False)[1:-1]:
        again.add(name, value, encode=False)
    for component in cal.subcomponents:
        again.add_component(component)
    return again.to_ical()


def test_items_are_spliced_exactly_as_icalendar_writes_the_whole_calendar():
    data = build(todos=(THANK, GREET, THANK))  # a duplicate gets `-2`
    assert data == whole_calendar(data)
    assert data.endswith(b"END:VTODO\r\nEND:VCALENDAR\r\n")


def test_a_memo_gives_the_same_bytes_and_keeps_only_what_the_last_build_used():
    memo: dict = {}
    steps = [
        {},
        {"plans": (LUNCH._replace(time="13:00"), CALL)},  # one item changed, one gone
        {"todos": (THANK, GREET, THANK)},  # a duplicate UID
        {"today": TODAY + timedelta(days=1)},  # the day moves: every DTSTAMP with it
        {"daily": DAILY._replace(description="Nothing due.")},
        {"birthdays": ()},
    ]
    for step in steps:
        args = {
            "today": TODAY,
            "daily": DAILY,
            "birthdays": (ADA, LEAP, YEARLESS),
            "plans": (LUNCH, CALL, DROPPED),
            "todos": (THANK, GREET),
            **step,
        }
        plain = build(**args)
        kept = feed(
            args["today"],
            "Pat's network",
            args["daily"],
            list(args["birthdays"]),
            list(args["plans"]),
            list(args["todos"]),
            memo,
        )
        assert kept == plain, step
        count = len(parsed(plain).walk("VEVENT")) + len(parsed(plain).walk("VTODO"))
        assert len(memo) == count
