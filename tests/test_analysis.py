"""analyse(): relationships, counts, last_touch, familiarity, trust, the daily practice and the
`today` agenda (docs/rules.md)."""

from __future__ import annotations

import itertools
import math
from datetime import date

import pytest
from helpers import TODAY, ago, contact, o
from hypothesis import given, settings
from hypothesis import strategies as st

from network_md.analysis.agenda import agenda
from network_md.analysis.stats import analyse
from network_md.core.model import RELATIONSHIPS
from network_md.format.config import DEFAULT, parse_config


def stats(log, config=DEFAULT, **kw):
    return analyse([contact(log, **kw)], config, TODAY).contacts[0]


def cfg(text: str):
    return parse_config(text)[0]


def day_agenda(result, limit):
    """analysis.agenda over the analysis (or its summary, where the code has one)."""
    return agenda(result.summary() if hasattr(result, "summary") else result, limit)


# --- relationships ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("log", "expected"),
    [
        ([], "contact"),
        ([("2026-12-01", "gave"), ("2027-01-01", "got")], "contact"),  # plans only
        ([(ago(365), "gave"), (ago(400), "got")], "dormant"),
        ([(ago(365), "met"), ("2026-12-01", "met")], "dormant"),
        ([(ago(10), "gave"), (ago(5), "got")], "network"),
        ([(ago(10), "thanked"), (ago(5), "thanked-me")], "network"),
        ([(ago(364), "gave"), (ago(0), "thanked-me")], "network"),
        ([(ago(10), "gave")], "one-way"),
        ([(ago(10), "thanked"), (ago(9), "asked")], "one-way"),
        ([(ago(10), "gave"), (ago(365), "got")], "one-way"),
        ([(ago(10), "got")], "receiving"),
        ([(ago(10), "thanked-me"), (ago(400), "gave")], "receiving"),
        (
            [(ago(10), "met"), (ago(9), "asked"), (ago(8), "declined"), (ago(7), "asked-me")],
            "acquaintance",
        ),
        ([(ago(0), "met")], "acquaintance"),
    ],
)
def test_relationship(log, expected):
    assert stats(log).relationship == expected


def test_relationship_counts_every_relationship_with_zeros():
    contacts = [
        contact([(ago(10), "gave"), (ago(5), "got")], path="p/a.md"),
        contact([(ago(10), "gave"), (ago(5), "got")], path="p/b.md"),
        contact([(ago(10), "got")], path="p/c.md"),
        contact([], path="p/d.md"),
    ]
    result = analyse(contacts, DEFAULT, TODAY)
    assert result.relationships == {
        "network": 2,
        "one-way": 0,
        "receiving": 1,
        "acquaintance": 0,
        "dormant": 0,
        "contact": 1,
    }
    assert set(result.relationships) == set(RELATIONSHIPS)
    assert [s.contact.path for s in result.contacts] == ["p/a.md", "p/b.md", "p/c.md", "p/d.md"]


# --- counts and last_touch --------------------------------------------------------------------


def test_counts_over_the_window_only():
    log = [
        (ago(400), "gave"),
        (ago(365), "got"),
        (ago(364), "gave"),
        (ago(300), "gave"),
        (ago(200), "got"),
        (ago(100), "thanked"),
        (ago(90), "thanked"),
        (ago(80), "thanked-me"),
        (ago(70), "asked"),
        (ago(60), "asked"),
        (ago(50), "asked"),
        (ago(40), "declined"),
        (ago(30), "asked-me"),
        (ago(20), "met"),
        ("2026-12-01", "gave"),
    ]
    s = stats(log)
    assert (s.given, s.received, s.thanks_given, s.thanks_received, s.asks, s.declines) == (
        2,
        1,
        2,
        1,
        3,
        1,
    )
    assert s.balance == 1


def test_balance_can_be_negative():
    s = stats([(ago(3), "got"), (ago(2), "got"), (ago(1), "got"), (ago(1), "gave")])
    assert (s.given, s.received, s.balance) == (1, 3, -2)


def test_last_touch_any_kind_any_time_not_plans():
    assert stats([(ago(500), "met"), ("2026-12-01", "gave")]).last_touch == o(ago(500))
    assert stats([(ago(5), "declined"), (ago(50), "gave")]).last_touch == o(ago(5))
    assert stats([(ago(0), "asked-me")]).last_touch == TODAY.toordinal()
    assert stats([("2026-11-28", "met")]).last_touch is None
    assert stats([]).last_touch is None


def test_circle_and_cadence_days():
    s = stats([], circle="close", cadence=None)
    assert (s.circle, s.cadence_days) == ("close", 30)
    s = stats([], circle="family", cadence=None)
    assert (s.circle, s.cadence_days) == ("wide", 90)
    s = stats([], circle="inner", cadence=45)
    assert (s.circle, s.cadence_days) == ("inner", 45)
    s = stats([], circle="inner", cadence="none")
    assert s.cadence_days is None
    s = stats([], circle="contact", cadence=None)
    assert s.cadence_days is None


# --- familiarity: 0 with no entry in the window, else max(1, round(100 (1 - e^(-S/5)))), ------
# --- S = sum of 1 - age/window_days over the window's entries -----------------------------------


def _familiarity(ages, window=365):
    if not ages:
        return 0
    s = sum(1 - a / window for a in ages)
    return max(1, round(100 * (1 - math.exp(-s / 5))))


@pytest.mark.parametrize(
    ("ages", "expected"),
    [
        ([], 0),
        ([0], 18),
        ([0, 0], 33),
        ([0] * 5, 63),
        ([100], 14),
        ([364], 1),
        ([0] * 40, 100),
        ([56, 56, 55, 7], 51),
    ],
)
def test_familiarity_worked_examples(ages, expected):
    assert _familiarity(ages) == expected
    assert stats([(ago(a), "met") for a in ages]).familiarity == expected


def test_familiarity_zero_without_an_entry_in_the_window():
    assert stats([(ago(365), "met"), (ago(1000), "gave")]).familiarity == 0
    assert stats([("2026-12-01", "met")]).familiarity == 0


def test_familiarity_grows_with_number_and_recency_and_is_bounded():
    values = [stats([(ago(10), "met")] * n).familiarity for n in (1, 2, 4, 8, 16, 32, 64)]
    assert values == sorted(values) and len(set(values)) >= 5
    assert all(0 <= v <= 100 for v in values)
    by_age = [stats([(ago(a), "met")]).familiarity for a in (300, 200, 100, 10, 0)]
    assert by_age == sorted(by_age) and by_age[0] < by_age[-1]
    assert stats([(ago(0), "met")] * 500).familiarity == 100


def test_familiarity_follows_window_days():
    c = cfg("window_days: 100\n")
    assert stats([(ago(50), "met")], c).familiarity == _familiarity([50], window=100) == 10


# --- trust: 0 with no `in`, else 20 + 20 per answered ask + 10 per min(out, in) ----------------
# --- - 25 per decline, clamped to 0..100 --------------------------------------------------------


@pytest.mark.parametrize(
    ("log", "expected"),
    [
        ([(ago(5), "gave"), (ago(4), "asked"), (ago(3), "declined")], 0),  # nothing in
        ([(ago(5), "got")], 20),
        ([(ago(5), "thanked-me")], 20),
        ([(ago(6), "asked"), (ago(5), "got")], 40),
        ([(ago(5), "asked"), (ago(5), "got")], 40),  # same day: the ask comes first
        ([(ago(6), "got"), (ago(5), "asked")], 20),  # a got before the ask answers nothing
        ([(ago(6), "asked"), (ago(5), "got"), (ago(4), "gave")], 50),
        ([(ago(6), "asked"), (ago(5), "got"), (ago(4), "gave"), (ago(3), "declined")], 25),
        (
            [
                (ago(6), "asked"),
                (ago(5), "got"),
                (ago(4), "gave"),
                (ago(3), "declined"),
                (ago(2), "declined"),
            ],
            0,
        ),
        ([(ago(9), "asked"), (ago(8), "declined"), (ago(7), "got")], 0),  # 20 - 25, clamped
        (
            [(ago(9), "asked"), (ago(8), "withdrew"), (ago(7), "got")],
            20,
        ),  # let go: no answer, no decline
        ([(ago(9), "asked"), (ago(8), "withdrew"), (ago(7), "asked"), (ago(6), "got")], 40),
        ([(ago(9), "asked"), (ago(8), "asked"), (ago(7), "got"), (ago(6), "got")], 60),
        ([(ago(9), "asked"), (ago(8), "asked"), (ago(7), "declined"), (ago(6), "got")], 15),
        ([(ago(3), "gave"), (ago(2), "got")], 30),
        ([(ago(3), "gave"), (ago(3), "gave"), (ago(2), "got"), (ago(2), "got")], 40),
        ([(ago(3), "gave"), (ago(3), "thanked"), (ago(2), "got")], 30),  # min(out 2, in 1)
        ([(ago(400), "asked"), (ago(399), "got"), (ago(5), "got")], 20),  # window only
        ([(ago(n), k) for n in range(1, 6) for k in ("asked", "got", "gave")], 100),  # 170 clamped
    ],
)
def test_trust_worked_examples(log, expected):
    assert stats(log).trust == expected


def test_withdrew_is_no_decline_and_no_exchange():
    s = stats([(ago(9), "asked"), (ago(8), "withdrew"), (ago(7), "withdrew")])
    assert (s.declines, s.asks, s.given, s.received) == (0, 1, 0, 0)
    assert s.relationship == "acquaintance" and s.familiarity > 0


def test_trust_each_decline_lowers_it():
    base = [
        (ago(20), "asked"),
        (ago(19), "got"),
        (ago(18), "asked"),
        (ago(17), "got"),
        (ago(16), "gave"),
    ]
    values = [stats(base + [(ago(10 - i), "declined") for i in range(n)]).trust for n in range(4)]
    assert values == [70, 45, 20, 0]


def test_the_documented_example_contact():
    log = [
        ("2026-10-02", "asked"),
        ("2026-10-02", "got"),
        ("2026-10-03", "thanked", 5),
        ("2026-11-20", "gave", 20),
    ]
    s = stats(log, circle="close", cadence=None)
    assert s.relationship == "network"
    assert (
        s.given,
        s.received,
        s.thanks_given,
        s.thanks_received,
        s.asks,
        s.declines,
        s.balance,
    ) == (
        1,
        1,
        1,
        0,
        1,
        0,
        0,
    )
    assert s.last_touch == o("2026-11-20")
    assert s.familiarity == 51
    assert s.trust == 50  # 20 + 20 (one answered ask) + 10 * min(out 2, in 1)
    assert s.flags == ()
    assert s.snoozed is False
    # 24 days later: overdue since last touch + 30 + 1, and familiarity has faded
    later = analyse([contact(log, circle="close", cadence=None)], DEFAULT, date(2026, 12, 21))
    (s2,) = later.contacts
    assert [(f.rule, f.since) for f in s2.flags] == [("overdue", o("2026-12-21"))]
    assert s2.familiarity == 48


# --- the daily practice -----------------------------------------------------------------------


def practice(contacts, config=DEFAULT):
    return analyse(contacts, config, TODAY).practice


def test_streak_ending_today_across_contacts():
    p = practice(
        [
            contact([(ago(0), "met"), (ago(2), "gave")], path="p/a.md"),
            contact([(ago(1), "got")], path="p/b.md"),
        ]
    )
    assert p.streak_days == 3


def test_streak_ending_yesterday_when_today_has_nothing():
    assert practice([contact([(ago(1), "met"), (ago(2), "met"), (ago(3), "met")])]).streak_days == 3


def test_streak_broken_by_a_gap():
    assert (
        practice(
            [contact([(ago(0), "met"), (ago(1), "met"), (ago(3), "met"), (ago(4), "met")])]
        ).streak_days
        == 2
    )
    assert practice([contact([(ago(2), "met"), (ago(3), "met")])]).streak_days == 0
    assert practice([]).streak_days == 0


def test_streak_ignores_plans():
    assert practice([contact([("2026-11-28", "met")])]).streak_days == 0
    assert practice([contact([("2026-11-28", "met"), (ago(0), "met")])]).streak_days == 1


def test_streak_longer_than_the_window():
    c = cfg("window_days: 30\n")
    p = practice([contact([(ago(n), "met") for n in range(40)])], c)
    assert p.streak_days == 40


def test_streak_ending_yesterday_outside_a_one_day_window():
    c = cfg("window_days: 1\n")
    assert practice([contact([(ago(1), "met"), (ago(2), "met")])], c).streak_days == 2


def test_streak_counts_snoozed_contacts_too():
    p = practice([contact([(ago(0), "met"), (ago(1), "met")], snooze_until="2027-01-01")])
    assert p.streak_days == 2
    assert p.minutes_today == 5


def test_minutes_today_durations_else_default():
    contacts = [
        contact([(ago(0), "gave", 15), (ago(0), "met"), (ago(1), "gave", 100)], path="p/a.md"),
        contact([(ago(0), "got", 60), ("2026-11-28", "met", 30)], path="p/b.md"),
    ]
    p = practice(contacts)
    assert (p.minutes_today, p.goal_minutes) == (80, 15)
    p2 = practice(contacts, cfg("daily: {minutes: 20, default_minutes: 10}\n"))
    assert (p2.minutes_today, p2.goal_minutes) == (85, 20)


def test_minutes_today_zero_minute_duration():
    assert practice([contact([(ago(0), "met", 0), (ago(0), "gave", 10)])]).minutes_today == 10


def test_minutes_today_zero_without_entries_today():
    p = practice([contact([(ago(1), "met", 30)])])
    assert (p.streak_days, p.minutes_today, p.goal_minutes) == (1, 0, 15)


# --- the `today` agenda -----------------------------------------------------------------------


def _agenda_contacts():
    return [
        contact([(ago(3), "got")], path="p/a-thank.md"),
        contact([(ago(2), "asked-me")], path="p/b-reply.md"),
        contact([(ago(20), "asked")], path="p/c-follow.md"),
        contact([(ago(60), "got"), (ago(50), "got")], path="p/d-give.md"),
        contact([(ago(100), "met")], path="p/e-reach.md", cadence=30),
        contact([(ago(60), "gave"), (ago(50), "gave"), (ago(40), "gave")], path="p/f-ask.md"),
        # one-way, but an ask is already out in the window (too young to follow up): no `ask`
        contact(
            [(ago(60), "gave"), (ago(50), "gave"), (ago(40), "gave"), (ago(5), "asked")],
            path="p/g-asked.md",
        ),
        # declined-ask has no action
        contact([(ago(3), "declined")], path="p/h-declined.md"),
        # snoozed: nothing
        contact([(ago(3), "got")], path="p/i-snoozed.md", snooze_until="2026-12-01"),
    ]


def test_agenda_actions_in_priority_order():
    result = analyse(_agenda_contacts(), DEFAULT, TODAY)
    items = day_agenda(result, 10)
    assert [(i.action, i.path, i.rule) for i in items] == [
        ("thank", "p/a-thank.md", "thank"),
        ("reply", "p/b-reply.md", "reply"),
        ("follow-up", "p/c-follow.md", "unanswered-ask"),
        ("give", "p/d-give.md", "give-back"),
        ("reach-out", "p/e-reach.md", "overdue"),
        ("ask", "p/f-ask.md", "one-way"),
    ]
    assert all(i.contact and i.reason for i in items)
    assert items[0].contact == "A-Thank"


def test_agenda_capped_at_daily_items():
    result = analyse(_agenda_contacts(), DEFAULT, TODAY)
    assert [i.action for i in day_agenda(result, DEFAULT.daily_items)] == [
        "thank",
        "reply",
        "follow-up",
        "give",
        "reach-out",
    ]
    assert [i.action for i in day_agenda(result, 2)] == ["thank", "reply"]


def test_agenda_one_item_per_contact_its_most_pressing():
    # one-way (`ask`, from a red flag) and overdue (`reach-out`): only `reach-out`, its priority
    busy = contact(
        [
            (ago(60), "gave"),
            (ago(50), "gave"),
            (ago(40), "gave"),
            (ago(40), "gave"),
            (ago(35), "asked-me"),
        ],
        path="p/busy.md",
        cadence=7,
    )
    result = analyse([busy], DEFAULT, TODAY)
    assert {f.rule for f in result.flags} == {"one-way", "overdue"}
    assert [(i.action, i.path) for i in day_agenda(result, 5)] == [("reach-out", "p/busy.md")]
    busy2 = contact(
        [(ago(20), "asked"), (ago(2), "got"), (ago(1), "asked-me")], path="p/busy2.md", cadence=1
    )
    result2 = analyse([busy2], DEFAULT, TODAY)
    assert {f.rule for f in result2.flags} == {"thank", "reply"}
    assert [i.action for i in day_agenda(result2, 5)] == ["thank"]


def test_agenda_within_one_action_oldest_since_then_path():
    contacts = [
        contact([(ago(3), "got")], path="p/a.md"),
        contact([(ago(20), "got")], path="p/z.md"),
        contact([(ago(20), "got")], path="p/m.md"),
    ]
    items = day_agenda(analyse(contacts, DEFAULT, TODAY), 5)
    assert [(i.path, i.since) for i in items] == [
        ("p/m.md", o(ago(20))),
        ("p/z.md", o(ago(20))),
        ("p/a.md", o(ago(3))),
    ]


def test_agenda_ask_only_without_an_ask_in_the_window():
    gives = [(ago(60), "gave"), (ago(50), "gave"), (ago(40), "gave")]
    assert [i.action for i in day_agenda(analyse([contact(gives)], DEFAULT, TODAY), 5)] == ["ask"]
    old_ask = [*gives, (ago(365), "asked")]
    assert [i.action for i in day_agenda(analyse([contact(old_ask)], DEFAULT, TODAY), 5)] == ["ask"]
    recent_ask = [*gives, (ago(364), "asked"), (ago(363), "declined")]
    result = analyse([contact(recent_ask)], DEFAULT, TODAY)
    assert {f.rule for f in result.flags} == {"one-way", "declined-ask"}
    assert day_agenda(result, 5) == []


# --- one streak, one same-day order -------------------------------------------------------------


@pytest.mark.parametrize(
    "ago_days", [(), (0,), (1,), (2,), (2, 1, 0), (3, 2, 1), (4, 2, 1, 0), (0, 0, 1)]
)
def test_the_streak_is_one_function_for_the_full_analysis_and_the_patched_summary(ago_days):
    from network_md.analysis import summary
    from network_md.analysis.stats import streak

    contacts = [contact([(ago(d), "gave")], path=f"people/c{i}.md") for i, d in enumerate(ago_days)]
    today = TODAY.toordinal()
    days = {today - d for d in ago_days}
    expected = streak(days, today)
    assert streak(dict.fromkeys(days, 1), today) == expected
    assert analyse(contacts, DEFAULT, TODAY).practice.streak_days == expected
    contribs = {c.path: summary.contribution(c, DEFAULT, today) for c in contacts}
    state = summary.build(contribs, today, "key")
    assert summary.practice(state, DEFAULT).streak_days == expected


@pytest.mark.parametrize(
    "kinds", list(itertools.permutations(["got", "asked", "gave", "asked-me"]))
)
def test_entries_of_and_the_parser_order_a_day_alike(kinds):
    """One same-day order (asks first) for entries built from values and entries read from a
    file, whatever order they were written in."""
    from network_md.core.model import Entries
    from network_md.format.parse import parse_contact

    text = "## Log\n" + "".join(f"- {ago(1)} {k}: x\n" for k in kinds)
    parsed, _ = parse_contact("people/a.md", text.encode(), DEFAULT)
    built = Entries.of([(o(ago(1)), k, None) for k in kinds])
    assert parsed.entries == built
    assert [k for _, k, _ in built.triples()][:2] in (["asked", "asked-me"], ["asked-me", "asked"])


def _agenda_item_by_item(summary, limit=None):
    """The agenda as it was first written (an item per flag, sorted by a key per item): the
    plain path the ranked one is held equal to."""
    from network_md.analysis.agenda import ACTION_ORDER, ACTIONS, AgendaItem, plan_reason

    plans = [
        AgendaItem("plan", name, path, plan_reason(day, word, text, summary.today), None, day)
        for day, name, path, word, text in summary.plans
    ]
    plans.sort(key=lambda i: (i.since, i.path))
    plans += sorted(
        (AgendaItem("birthday", n, p, why, None, day) for day, n, p, why in summary.birthdays),
        key=lambda i: (i.since, i.path),
    )
    actions = []
    for fl in summary.flags:
        action = ACTIONS.get(fl.rule)
        if action is None or (action == "ask" and fl.path in summary.asked):
            continue
        actions.append(AgendaItem(action, fl.contact, fl.path, fl.message, fl.rule, fl.since))
    actions.sort(key=lambda i: (ACTION_ORDER.index(i.action), i.since, i.path))
    seen, picked = set(), plans
    for item in actions:
        if item.path not in seen:
            seen.add(item.path)
            picked.append(item)
    return picked if limit is None else picked[:limit]


@settings(max_examples=300, deadline=None)
@given(data=st.data())
def test_the_agenda_is_the_one_made_item_by_item(data):
    from network_md.analysis.agenda import ACTIONS
    from network_md.analysis.stats import Summary
    from network_md.core.model import Flag

    paths = st.sampled_from(["people/a.md", "people/b.md", "people/c.md", "x/d.md"])
    rules = st.sampled_from([*ACTIONS, "no-such-rule"])
    flag = st.builds(
        Flag, rules, st.sampled_from(["red", "nudge"]), st.sampled_from(["A", "B"]), paths,
        st.integers(0, 5), st.sampled_from(["m1", "m2"]), st.just(""),
    )  # fmt: skip
    plan = st.tuples(st.integers(1, 5), st.just("A"), paths, st.just("met"), st.just("t"))
    birthday = st.tuples(st.integers(0, 5), st.just("B"), paths, st.just("turns 40"))
    summary = Summary(
        today=5, contacts=4, relationships={}, practice=None, snoozed=0,
        flags=data.draw(st.lists(flag, max_size=12)),
        asked=frozenset(data.draw(st.lists(paths, max_size=2))),
        plans=tuple(data.draw(st.lists(plan, max_size=3))),
        birthdays=tuple(data.draw(st.lists(birthday, max_size=2))),
    )  # fmt: skip
    limit = data.draw(st.one_of(st.none(), st.integers(0, 8)))
    assert list(agenda(summary, limit)) == _agenda_item_by_item(summary, limit)


def test_the_agenda_reads_like_a_list_of_its_items():
    from network_md.analysis.agenda import AgendaItem
    from network_md.analysis.stats import Summary
    from network_md.core.model import Flag

    flags = [Flag("thank", "red", f"P{i}", f"p/{i}.md", i, "m", "") for i in range(5)]
    plan = ((3, "Ann", "p/a.md", "met", "coffee"),)
    summary = Summary(5, 6, {}, flags, None, 0, frozenset(), plan, ())
    every = agenda(summary)
    items = list(every)
    assert len(every) == 6 and items[0].action == "plan"
    assert [every[i] for i in range(-6, 6)] == items + items
    assert every[1:3] == items[1:3] and every[::-2] == items[::-2] and every[9:] == []
    assert isinstance(every[5], AgendaItem) and every[5].contact == "P4"
    for bad in (6, -7):
        with pytest.raises(IndexError):
            every[bad]
