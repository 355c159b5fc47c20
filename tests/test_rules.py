"""The rules of docs/rules.md, each at its boundaries, on Contact values built directly."""

from __future__ import annotations

from datetime import date
from pathlib import PurePosixPath

import pytest
from helpers import TODAY, ago, contact, o

from network_md.analysis.rules import first_unanswered
from network_md.analysis.stats import analyse
from network_md.core import model
from network_md.format.config import DEFAULT, parse_config


def raised(contacts, config=DEFAULT, today=TODAY):
    """Every flag as (rule, severity, path, since ISO)."""
    result = analyse(list(contacts), config, today)
    return [
        (f.rule, f.severity, f.path, date.fromordinal(f.since).isoformat()) for f in result.flags
    ]


def rules(log, config=DEFAULT, **kw):
    """{rule: since ISO} for one contact."""
    return {rule: since for rule, _, _, since in raised([contact(log, **kw)], config)}


def cfg(text: str):
    return parse_config(text)[0]


def test_dates_used_here():
    assert ago(13) == "2026-11-14" and ago(14) == "2026-11-13"
    assert ago(29) == "2026-10-29" and ago(30) == "2026-10-28"
    assert ago(364) == "2025-11-28" and ago(365) == "2025-11-27"


# --- unanswered-ask ---------------------------------------------------------------------------


def test_unanswered_ask_13_days_old_is_not_flagged():
    assert rules([("2026-11-14", "asked")]) == {}


def test_unanswered_ask_14_days_old_is_flagged():
    assert raised([contact([("2026-11-13", "asked")])]) == [
        ("unanswered-ask", "red", "people/ada.md", "2026-11-13")
    ]


def test_unanswered_ask_threshold_from_config():
    c = cfg("ask_unanswered_days: 3\n")
    assert rules([(ago(2), "asked")], c) == {}
    assert rules([(ago(3), "asked")], c) == {"unanswered-ask": ago(3)}


@pytest.mark.parametrize("answer", ["got", "declined", "withdrew"])
@pytest.mark.parametrize("delay", [0, 1, 20])
def test_ask_answered_on_or_after_it_is_not_unanswered(answer, delay):
    log = [(ago(40), "asked"), (ago(40 - delay), answer)]
    assert "unanswered-ask" not in rules(log)


@pytest.mark.parametrize("answer", ["got", "declined", "withdrew"])
def test_answer_before_the_ask_does_not_answer_it(answer):
    assert rules([(ago(41), answer), (ago(40), "asked")]).get("unanswered-ask") == ago(40)


def test_withdrew_closes_every_open_ask_and_is_no_decline():
    log = [(ago(60), "asked"), (ago(50), "asked"), (ago(40), "asked"), (ago(30), "withdrew")]
    assert rules(log) == {}  # neither unanswered-ask nor declined-ask
    # an ask after letting go is a new one
    assert rules([*log, (ago(20), "asked")]) == {"unanswered-ask": ago(20)}


def test_the_unanswered_ask_advice_says_to_let_it_go_with_withdrew():
    (flag,) = analyse([contact([(ago(20), "asked")])], DEFAULT, TODAY).flags
    assert flag.rule == "unanswered-ask" and "withdrew" in flag.advice


def test_unanswered_ask_since_is_the_oldest_unanswered():
    assert rules([(ago(60), "asked"), (ago(30), "asked"), (ago(20), "asked")])[
        "unanswered-ask"
    ] == ago(60)
    # the first ask answered: the next one is the oldest unanswered
    log = [(ago(60), "asked"), (ago(50), "got"), (ago(30), "asked"), (ago(20), "asked")]
    assert rules(log)["unanswered-ask"] == ago(30)


def test_young_unanswered_ask_after_an_answered_one_is_not_flagged():
    assert "unanswered-ask" not in rules([(ago(60), "asked"), (ago(50), "got"), (ago(5), "asked")])


def test_unanswered_ask_answer_in_the_future_does_not_count():
    log = [(ago(20), "asked"), ("2026-11-30", "got")]
    assert rules(log) == {"unanswered-ask": ago(20)}


def test_unanswered_ask_only_in_the_window():
    assert rules([(ago(364), "asked")]) == {"unanswered-ask": ago(364)}
    assert rules([(ago(365), "asked")]) == {}


# --- one-way ----------------------------------------------------------------------------------


def test_one_way_two_gives_not_flagged_three_flagged():
    assert rules([(ago(50), "gave"), (ago(40), "gave")]) == {}
    assert raised([contact([(ago(50), "gave"), (ago(40), "gave"), (ago(30), "gave")])]) == [
        ("one-way", "red", "people/ada.md", ago(50))
    ]


def test_one_way_gives_from_config():
    assert rules([(ago(50), "gave"), (ago(40), "gave")], cfg("one_way_gives: 2\n")) == {
        "one-way": ago(50)
    }


@pytest.mark.parametrize("incoming", ["thanked-me", "got"])
def test_one_way_cleared_by_anything_coming_in(incoming):
    log = [(ago(50), "gave"), (ago(40), "gave"), (ago(30), "gave"), (ago(100), incoming)]
    assert "one-way" not in rules(log)


def test_one_way_counts_gave_only_not_thanked():
    assert rules([(ago(50), "gave"), (ago(40), "gave"), (ago(30), "thanked")]) == {}


def test_one_way_window_and_since_first_gave_in_window():
    old = [(ago(365), "gave"), (ago(40), "gave"), (ago(30), "gave")]
    assert rules(old) == {}
    edge = [(ago(364), "gave"), (ago(40), "gave"), (ago(30), "gave")]
    assert rules(edge) == {"one-way": ago(364)}
    # in = 0 counts only the window: a thanked-me before it does not clear the flag
    assert rules([*edge, (ago(400), "thanked-me")]) == {"one-way": ago(364)}


# --- declined-ask -----------------------------------------------------------------------------


def test_declined_ask_raised_since_the_decline():
    assert raised([contact([(ago(20), "asked"), (ago(10), "declined")])]) == [
        ("declined-ask", "red", "people/ada.md", ago(10))
    ]


def test_declined_ask_cleared_by_a_later_got_not_a_same_day_got():
    assert "declined-ask" not in rules([(ago(10), "declined"), (ago(9), "got")])
    assert rules([(ago(10), "declined"), (ago(10), "got")])["declined-ask"] == ago(10)


def test_declined_ask_since_the_latest_decline_without_a_got_after_it():
    log = [(ago(40), "declined"), (ago(30), "got"), (ago(20), "declined"), (ago(15), "declined")]
    assert rules(log)["declined-ask"] == ago(15)
    log2 = [(ago(40), "declined"), (ago(20), "declined"), (ago(5), "got")]
    assert "declined-ask" not in rules(log2)


def test_declined_ask_window():
    assert rules([(ago(364), "declined")]) == {"declined-ask": ago(364)}
    assert rules([(ago(365), "declined")]) == {}


def test_declined_ask_a_future_got_does_not_clear():
    assert rules([(ago(5), "declined"), ("2026-12-01", "got")]) == {"declined-ask": ago(5)}


# --- thank ------------------------------------------------------------------------------------


def test_thank_got_on_the_lookbacks_first_day_is_flagged():
    assert raised([contact([("2026-10-29", "got")])]) == [
        ("thank", "nudge", "people/ada.md", "2026-10-29")
    ]


def test_thank_got_the_day_before_the_lookback_is_not():
    assert rules([("2026-10-28", "got")]) == {}


def test_thank_lookback_from_config():
    assert rules([(ago(7), "got")], cfg("lookback_days: 7\n")) == {}
    assert rules([(ago(6), "got")], cfg("lookback_days: 7\n")) == {"thank": ago(6)}


@pytest.mark.parametrize(("thanked", "flagged"), [(11, True), (10, False), (3, False)])
def test_thank_cleared_by_a_thanked_on_or_after_the_got(thanked, flagged):
    result = rules([(ago(10), "got"), (ago(thanked), "thanked")])
    assert ("thank" in result) is flagged


def test_thank_since_the_oldest_unthanked_got():
    assert rules([(ago(20), "got"), (ago(10), "got")])["thank"] == ago(20)
    log = [(ago(20), "got"), (ago(15), "thanked"), (ago(10), "got")]
    assert rules(log)["thank"] == ago(10)


def test_thank_a_future_thanked_does_not_clear():
    assert rules([(ago(3), "got"), ("2026-12-24", "thanked")]) == {"thank": ago(3)}


# --- reply ------------------------------------------------------------------------------------


def test_reply_raised_for_asked_me_in_the_lookback():
    assert raised([contact([(ago(29), "asked-me")])]) == [
        ("reply", "nudge", "people/ada.md", ago(29))
    ]
    assert rules([(ago(30), "asked-me")]) == {}


@pytest.mark.parametrize(("gave", "flagged"), [(6, True), (5, False), (1, False)])
def test_reply_cleared_by_a_gave_on_or_after(gave, flagged):
    result = rules([(ago(5), "asked-me"), (ago(gave), "gave")])
    assert ("reply" in result) is flagged


def test_reply_since_the_oldest_unanswered():
    log = [(ago(20), "asked-me"), (ago(18), "gave"), (ago(10), "asked-me"), (ago(4), "asked-me")]
    assert rules(log)["reply"] == ago(10)


# --- the three "answered by a later entry" rules, side by side ------------------------------

ANSWERED_BY = [
    ("unanswered-ask", "asked", "got"),
    ("unanswered-ask", "asked", "declined"),
    ("unanswered-ask", "asked", "withdrew"),
    ("thank", "got", "thanked"),
    ("reply", "asked-me", "gave"),
]


@pytest.mark.parametrize(("rule", "event", "answer"), ANSWERED_BY)
def test_since_is_the_first_event_after_the_last_answer(rule, event, answer):
    log = [(ago(28), event), (ago(24), answer), (ago(20), event), (ago(16), event)]
    assert rules(log).get(rule) == ago(20)
    # an answer on the day of an event answers it too
    assert rules([*log, (ago(20), answer)]).get(rule) == ago(16)
    assert rules([*log, (ago(16), answer)]).get(rule) is None


def test_first_unanswered_takes_the_first_day_after_the_last_answer():
    assert first_unanswered([], None) is None
    assert first_unanswered([3, 5, 9], None) == 3
    assert first_unanswered([3, 5, 9], 4) == 5
    assert first_unanswered([3, 5, 9], 5) == 9
    assert first_unanswered([3, 5, 9], 9) is None


# --- overdue ----------------------------------------------------------------------------------


def test_overdue_at_exactly_cadence_days_is_not_flagged():
    assert rules([(ago(30), "met")], cadence=30) == {}


def test_overdue_at_cadence_plus_one_is_flagged_since_last_plus_cadence_plus_one():
    assert raised([contact([(ago(31), "met")], cadence=30)]) == [
        ("overdue", "nudge", "people/ada.md", TODAY.isoformat())
    ]
    last = o(ago(45))
    assert rules([(ago(45), "met")], cadence=30) == {
        "overdue": date.fromordinal(last + 30 + 1).isoformat()
    }


def test_overdue_uses_the_last_touch_of_any_kind():
    log = [(ago(100), "gave"), (ago(10), "asked-me"), (ago(9), "gave")]
    assert "overdue" not in rules(log, cadence=30)


def test_overdue_circle_cadence():
    assert rules([(ago(15), "met")], circle="inner", cadence=None) == {"overdue": TODAY.isoformat()}
    assert rules([(ago(14), "met")], circle="inner", cadence=None) == {}
    assert rules([(ago(15), "met")], circle="close", cadence=None) == {}


def test_overdue_contact_cadence_overrides_the_circle():
    assert rules([(ago(15), "met")], circle="inner", cadence=60) == {}
    assert rules([(ago(15), "met")], circle="wide", cadence=7) == {"overdue": ago(7)}


def test_overdue_none_switches_it_off():
    assert rules([(ago(300), "met")], circle="inner", cadence="none") == {}
    assert rules([(ago(300), "met")], circle="contact", cadence=None) == {}


def test_overdue_default_circle_applies_without_or_with_an_unknown_circle():
    assert rules([(ago(90), "met")], cadence=None) == {}
    assert rules([(ago(91), "met")], cadence=None) == {"overdue": TODAY.isoformat()}
    assert rules([(ago(91), "met")], circle="family", cadence=None) == {
        "overdue": TODAY.isoformat()
    }
    c = cfg("default_circle: inner\n")
    assert rules([(ago(15), "met")], c, cadence=None) == {"overdue": TODAY.isoformat()}


def test_overdue_config_circles():
    c = cfg("circles: {inner: 2w, family: 7}\n")
    assert rules([(ago(8), "met")], c, circle="family", cadence=None) == {
        "overdue": TODAY.isoformat()
    }
    assert rules([(ago(7), "met")], c, circle="family", cadence=None) == {}


def test_overdue_last_touch_before_the_window_still_counts():
    assert rules([(ago(400), "met")], cadence=30) == {"overdue": ago(400 - 31)}


def test_overdue_needs_a_last_touch():
    assert rules([], cadence=1) == {}
    assert rules([("2026-12-01", "met")], cadence=1) == {}


# --- give-back --------------------------------------------------------------------------------


def test_give_back_needs_two_gots_and_receiving():
    assert rules([(ago(60), "got")]) == {}
    assert raised([contact([(ago(60), "got"), (ago(50), "got")])]) == [
        ("give-back", "nudge", "people/ada.md", ago(60))
    ]


def test_give_back_thanked_me_is_in_but_not_received():
    assert rules([(ago(60), "got"), (ago(50), "thanked-me")]) == {}


def test_give_back_not_when_anything_goes_out():
    assert rules([(ago(60), "got"), (ago(50), "got"), (ago(40), "thanked")]) == {}
    assert rules([(ago(60), "got"), (ago(50), "got"), (ago(40), "gave")]) == {}


def test_give_back_counts_the_window_only():
    assert rules([(ago(365), "got"), (ago(50), "got")]) == {}
    assert rules([(ago(364), "got"), (ago(50), "got")]) == {"give-back": ago(364)}
    # a gave before the window does not stop it either
    assert rules([(ago(400), "gave"), (ago(60), "got"), (ago(50), "got")]) == {"give-back": ago(60)}


# --- the window, plans, snooze ----------------------------------------------------------------


def test_window_from_config():
    c = cfg("window_days: 30\none_way_gives: 1\n")
    assert rules([(ago(29), "gave")], c) == {"one-way": ago(29)}
    assert rules([(ago(30), "gave")], c) == {}


def test_entries_after_today_are_plans_and_ignored():
    plans = [
        ("2026-11-28", "gave"),
        ("2026-12-01", "gave"),
        ("2027-01-01", "gave"),
        ("2026-11-28", "asked"),
    ]
    assert rules(plans, cadence=1) == {}
    result = analyse([contact(plans)], DEFAULT, TODAY).contacts[0]
    assert (result.given, result.asks, result.relationship, result.last_touch) == (
        0,
        0,
        "contact",
        None,
    )


def test_today_itself_counts():
    assert rules([(ago(0), "gave"), (ago(1), "gave"), (ago(2), "gave")]) == {"one-way": ago(2)}


def _snoozable(snooze_until):
    return contact(
        [(ago(60), "gave"), (ago(50), "gave"), (ago(40), "gave"), (ago(20), "asked")],
        cadence=7,
        snooze_until=snooze_until,
    )


def test_snoozed_contact_raises_no_flags_and_counts_as_snoozed():
    result = analyse([_snoozable("2026-11-28")], DEFAULT, TODAY)
    assert result.flags == []
    assert result.snoozed == 1
    assert result.contacts[0].snoozed is True
    assert result.contacts[0].flags == ()
    # the numbers are still computed
    assert result.contacts[0].given == 3 and result.contacts[0].relationship == "one-way"


def test_snooze_ends_on_its_day():
    result = analyse([_snoozable(TODAY.isoformat())], DEFAULT, TODAY)
    assert result.snoozed == 0
    assert [f.rule for f in result.flags] == ["one-way", "unanswered-ask", "overdue"]
    past = analyse([_snoozable("2026-01-01")], DEFAULT, TODAY)
    assert past.snoozed == 0 and len(past.flags) == 3


# --- since, severity, message, advice and order -----------------------------------------------


def test_every_rule_can_be_raised_with_its_severity_and_advice():
    contacts = [
        contact([(ago(60), "gave"), (ago(50), "gave"), (ago(40), "gave")], path="p/one-way.md"),
        contact([(ago(10), "declined")], path="p/declined-ask.md"),
        contact([(ago(20), "asked")], path="p/unanswered-ask.md"),
        contact([(ago(5), "got"), (ago(5), "gave")], path="p/thank.md"),
        contact([(ago(5), "asked-me")], path="p/reply.md"),
        contact([(ago(200), "met")], path="p/overdue.md", cadence=None),
        contact([(ago(100), "got"), (ago(90), "got")], path="p/give-back.md"),
        contact([(ago(60), "met")], path="p/close-the-loop.md"),
        contact([(ago(5), "met")], path="p/ben.md", fields={"introduced_by": "[[close-the-loop]]"}),
    ]
    result = analyse(contacts, DEFAULT, TODAY)
    by_rule = {f.rule: f for f in result.flags}
    assert len(result.flags) == 8
    assert set(by_rule) == set(model.RULES)
    for flag in result.flags:
        assert flag.path == f"p/{flag.rule}.md"
        assert flag.severity == (
            "red" if flag.rule in ("one-way", "declined-ask", "unanswered-ask") else "nudge"
        )
        assert flag.message and flag.advice
        assert flag.contact == PurePosixPath(flag.path).stem.title()
    assert "small" in by_rule["one-way"].advice.lower()
    assert "new contacts" in by_rule["declined-ask"].advice.lower()
    assert "follow up" in by_rule["unanswered-ask"].advice.lower()
    assert "thank" in by_rule["thank"].advice.lower()
    assert "answer" in by_rule["reply"].advice.lower()
    assert "reach out" in by_rule["overdue"].advice.lower()
    assert "back" in by_rule["give-back"].advice.lower()
    assert "introduced you" in by_rule["close-the-loop"].advice.lower()


def test_flag_order_red_first_then_oldest_since_then_path():
    contacts = [
        contact([(ago(3), "got")], path="people/a-nudge-new.md"),
        contact([(ago(25), "got")], path="people/b-nudge-old.md"),
        contact([(ago(5), "declined")], path="people/c-red-new.md"),
        contact([(ago(50), "declined")], path="people/e-red-old.md"),
        contact([(ago(50), "declined")], path="people/d-red-old.md"),
    ]
    assert [(f.severity, f.path) for f in analyse(contacts, DEFAULT, TODAY).flags] == [
        ("red", "people/d-red-old.md"),
        ("red", "people/e-red-old.md"),
        ("red", "people/c-red-new.md"),
        ("nudge", "people/b-nudge-old.md"),
        ("nudge", "people/a-nudge-new.md"),
    ]


def test_flag_order_within_one_contact():
    # one-way since 60 days ago, unanswered since 20, reply since 5, overdue since today
    log = [
        (ago(60), "gave"),
        (ago(50), "gave"),
        (ago(40), "gave"),
        (ago(20), "asked"),
        (ago(5), "asked-me"),
    ]
    got = raised([contact(log, cadence=1)])
    assert [(r, s) for r, s, _, _ in got] == [
        ("one-way", "red"),
        ("unanswered-ask", "red"),
        ("reply", "nudge"),
        ("overdue", "nudge"),
    ]
    assert [since for *_, since in got] == [ago(60), ago(20), ago(5), ago(3)]
