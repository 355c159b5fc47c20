"""A contact's contribution found in the entry columns is the one read off its full numbers, and
the summary built in one pass is the one patched in contact by contact."""

from __future__ import annotations

from datetime import timedelta

import pytest
from helpers import TODAY, contact
from hypothesis import given, settings
from hypothesis import strategies as st

from network_md.analysis.summary import build, contribution, patch, plain_contribution
from network_md.core.model import KINDS
from network_md.format.config import DEFAULT

DAY = TODAY.toordinal()
# Near today, so that the window and lookback bounds (drawn small) fall among the entries.
_days = st.integers(-70, 10).map(lambda n: (TODAY + timedelta(days=n)).isoformat())
_texts = st.sampled_from(["", "met [[Ben]]", "intro to [[Cy]]"])
# A few kinds a contact, so that rarer sequences (an ask, then only a withdrawal) are common.
_rows = st.lists(st.sampled_from(KINDS), min_size=1, max_size=4, unique=True).flatmap(
    lambda kinds: st.lists(
        st.tuples(_days, st.sampled_from(kinds), st.none() | st.integers(0, 90), _texts),
        max_size=25,
    )
)
_fields = st.fixed_dictionaries(
    {},
    optional={
        "archived": st.sampled_from([True, False, "2026-11-30", "2027-01-01", "yes", "nope"]),
        "birthday": st.sampled_from(["1990-12-03", "12-01", "--12-20", "1985-11-30", "soon"]),
        "introduced_by": st.sampled_from(["[[Ada]]", "", "Bob"]),
        "Introduced By": st.just("[[Cy]]"),
    },
)
_configs = st.builds(
    DEFAULT._replace,
    window_days=st.integers(1, 60),
    lookback_days=st.integers(1, 40),
    one_way_gives=st.integers(1, 4),
    ask_unanswered_days=st.integers(0, 30),
    default_minutes=st.integers(0, 30),
    lead_days=st.integers(0, 30),
)


@settings(max_examples=1000, deadline=None)
@given(
    rows=_rows,
    fields=_fields,
    cfg=_configs,
    cadence=st.sampled_from([None, "none", 1, 7, 90]),
    circle=st.sampled_from([None, "inner", "outer", "nowhere"]),
    snooze=st.sampled_from([None, None, None, "2026-11-25", "2026-11-27", "2026-11-29"]),
    today=st.integers(-3, 3).map(lambda n: DAY + n),
)
def test_the_contribution_is_the_one_read_off_the_full_numbers(
    rows, fields, cfg, cadence, circle, snooze, today
):
    person = contact(
        [r if r[3] else r[:3] for r in rows],
        cadence=cadence,
        circle=circle,
        snooze_until=snooze,
        fields=fields,
    )
    assert contribution(person, cfg, today) == plain_contribution(person, cfg, today)


def test_each_part_of_a_contribution_is_found_in_the_columns():
    """Rules that fire and rules that do not, today's minutes, a plan and a birthday, on one
    contact: each part is the full numbers' part."""
    log = [
        ("2026-10-01", "gave"), ("2026-10-02", "asked"), ("2026-11-22", "declined"),
        ("2026-11-20", "got", None, "met [[Ben]]"), ("2026-11-25", "asked-me"),
        ("2026-11-27", "met", 20), ("2026-11-27", "thanked"), ("2026-12-09", "met", 30),
    ]  # fmt: skip
    person = contact(log, fields={"birthday": "1990-11-29"})._replace(
        plans=((DAY - 1, "met", "lunch"), (DAY + 5, "met", "later"))
    )
    found = contribution(person, DEFAULT, DAY)
    assert found == plain_contribution(person, DEFAULT, DAY)
    assert [f[0] for f in found[2]] == ["declined-ask", "reply"]
    assert found[5] == 20 + DEFAULT.default_minutes  # the thanks has no duration
    assert found[6] == ((DAY - 1, "Ada", "met", "lunch"),)
    assert found[7][0] == DAY + 2 and found[9] == 2


# Each a log that one fact of the rules turns on, at the bounds the columns are searched
# between: (log, the rules that fire on TODAY under the defaults).
_EDGES = [
    ([("2026-10-01", "asked"), ("2026-10-20", "withdrew")], []),
    ([("2026-10-01", "asked"), ("2026-10-20", "declined")], ["declined-ask"]),
    ([("2026-10-01", "asked")], ["unanswered-ask"]),
    ([("2026-10-29", "got")], ["thank"]),  # the lookback's first day
    ([("2026-10-28", "got")], []),  # the day before it
    ([("2026-10-29", "asked-me")], ["reply"]),
    ([("2026-11-20", "got"), ("2026-11-21", "got")], ["thank", "give-back"]),
    ([("2026-11-20", "gave"), ("2026-11-22", "gave"), ("2026-11-23", "gave")], ["one-way"]),
    ([("2025-11-28", "gave")] * 3, ["one-way"]),  # the window's first day
    ([("2025-11-27", "gave")] * 3, []),  # the day before it: dormant
    ([("2026-11-20", "got"), ("2026-11-21", "thanked"), ("2026-11-28", "got")], []),
]


@pytest.mark.parametrize("log, rules", _EDGES)
def test_the_rules_see_the_same_facts_at_every_bound(log, rules):
    person = contact(log)
    found = contribution(person, DEFAULT, DAY)
    assert found == plain_contribution(person, DEFAULT, DAY)
    assert [f[0] for f in found[2]] == rules


_people = st.lists(st.tuples(_rows, _fields, st.sampled_from([None, 7, 30])), max_size=12)


@settings(max_examples=200, deadline=None)
@given(people=_people, cfg=_configs)
def test_the_summary_built_in_one_pass_is_the_one_patched_in(people, cfg):
    contribs = {}
    for i, (rows, fields, cadence) in enumerate(people):
        person = contact(
            [r if r[3] else r[:3] for r in rows], path=f"p/{i}.md", cadence=cadence, fields=fields
        )
        contribs[person.path] = contribution(person, cfg, DAY)
    built = build(contribs, DAY, "k")
    assert built == patch(build({}, DAY, "k"), {}, contribs)
    assert sum(built.day_counts.values()) == sum(len(c[4]) // 4 for c in contribs.values())
