"""tick_box changes one byte; pick_plan picks the oldest open plan (or the one on a day)."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from network_md.core.errors import WriteError
from network_md.format.config import DEFAULT
from network_md.format.parse import parse_contact
from network_md.format.plans import pick_plan, tick_box

lines = st.lists(
    st.sampled_from(
        ["", "text", "- 2026-11-01 got: x", "  * [x] 2026-11-02 met: y", "# Title", "- [ ] call"]
    ),
    max_size=6,
)


@given(before=lines, after=lines, newline=st.sampled_from(["\n", "\r\n"]), bom=st.booleans())
def test_ticking_changes_exactly_one_byte_and_the_plan_becomes_an_entry(
    before, after, newline, bom
):
    plan = "\t+ [ ] [[2026-11-20]] 14:30 met (5m): lunch"
    text = newline.join([*before, plan, *after])
    data = (b"\xef\xbb\xbf" if bom else b"") + text.encode()
    contact, _ = parse_contact("p.md", data, DEFAULT)
    (entry,) = [e for e in contact.log if e.state == "plan"]
    ticked = tick_box(data, entry.line)
    assert len(ticked) == len(data)
    box = data.index(plan.encode()) + plan.index("[ ]") + 1
    assert [i for i, (a, b) in enumerate(zip(data, ticked)) if a != b] == [box]
    again, _ = parse_contact("p.md", ticked, DEFAULT)
    assert [e.state for e in again.log if e.line == entry.line] == ["done"]
    assert again.plans == ()


@pytest.mark.parametrize("text", ["- [x] 2026-11-20 met: x", "- 2026-11-20 met: x", "plain"])
def test_a_line_without_an_open_box_is_refused(text):
    with pytest.raises(WriteError):
        tick_box(text.encode(), 1)
    with pytest.raises(WriteError):
        tick_box(text.encode(), 5)


TODAY = date(2026, 11, 27).toordinal()


def test_pick_the_oldest_open_plan_or_the_one_on_a_day():
    text = "- [ ] 2026-11-25 met: b\n- [-] 2026-11-01 met: gone\n- [ ] 2026-11-20 met: a\n"
    contact, _ = parse_contact("p.md", text.encode(), DEFAULT)
    assert pick_plan(contact.log, None, TODAY).text == "a"
    assert pick_plan(contact.log, date(2026, 11, 25).toordinal(), TODAY).text == "b"
    assert pick_plan(contact.log, date(2026, 11, 1).toordinal(), TODAY) is None  # cancelled


@pytest.mark.parametrize(
    ("text", "picked"),
    [
        ("- [ ] 9999-12-31 gave: far\n", None),
        ("- [ ] 2026-11-28 gave: tomorrow\n- [ ] 2027-01-01 met: later\n", None),
        ("- [ ] 2026-11-28 gave: tomorrow\n- [ ] 2026-11-27 met: today\n", "today"),
        ("- [ ] 2030-01-01 gave: ahead\n- [ ] 2026-11-02 met: due\n", "due"),
        ("- [x] 2026-11-01 met: ticked\n- [ ] 2026-12-01 met: ahead\n", None),
    ],
)
def test_without_a_day_only_a_plan_whose_day_has_come_is_picked(text, picked):
    contact, _ = parse_contact("p.md", text.encode(), DEFAULT)
    plan = pick_plan(contact.log, None, TODAY)
    assert (plan.text if plan else None) == picked


def test_a_plan_still_ahead_is_picked_when_named_by_its_day():
    contact, _ = parse_contact("p.md", b"- [ ] 9999-12-31 gave: far\n", DEFAULT)
    assert pick_plan(contact.log, date(9999, 12, 31).toordinal(), TODAY).text == "far"
