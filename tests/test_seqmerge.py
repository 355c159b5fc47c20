"""The log's item-by-item merge: diff3's chunks, and the union of entries both sides changed."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from network_md.format.seqmerge import Item, Markers, diff3, merge_entries, union

ITEMS = st.lists(st.sampled_from("abcde\n"), max_size=12)
MARKERS = Markers("ours", "theirs", "\n")


def entry(day: int, text: str = "x") -> Item:
    return Item(f"- 2026-11-{day:02d} met: {text}\n", f"2026-11-{day:02d}")


@settings(max_examples=300, deadline=None)
@given(ITEMS, ITEMS, ITEMS)
def test_diff3_chunks_put_together_give_back_each_sequence(base, ours, theirs):
    chunks = list(diff3(base, ours, theirs))
    for i, sequence in enumerate((base, ours, theirs)):
        assert [x for chunk in chunks for x in chunk[i]] == sequence
    for b, o, t in chunks:
        assert b or o or t  # no empty chunk: the walk always moves on


def test_diff3_keeps_what_no_side_changed_stable():
    chunks = list(diff3(list("abc"), list("aXbc"), list("abcY")))
    assert chunks == [
        (["a"], ["a"], ["a"]),
        ([], ["X"], []),
        (["b"], ["b"], ["b"]),
        (["c"], ["c"], ["c"]),
        ([], [], ["Y"]),
    ]


def test_union_counts_follow_the_side_that_changed_them_and_theirs_go_in_by_date():
    a, b, c, d = entry(1), entry(2), entry(3), entry(4)
    assert union([], [b, d], [a, c]) == [a, b, c, d]
    assert union([], [b], [b]) == [b]  # both added it: once
    assert union([a], [], [a, c]) == [c]  # ours removed a
    assert union([a], [a, a], [a, b]) == [a, a, b]  # ours added a second a
    assert union([], [c], [entry(3, "y")]) == [c, entry(3, "y")]  # same day: ours first


def test_merge_entries_marks_a_place_with_other_lines_as_a_conflict():
    base = [entry(1)]
    ours = [entry(1), Item("a note\n", None)]
    theirs = [entry(1), entry(2)]
    out, conflicted = merge_entries(base, ours, theirs, MARKERS)
    assert conflicted
    assert "".join(i.text for i in out) == (
        "- 2026-11-01 met: x\n<<<<<<< ours\na note\n=======\n- 2026-11-02 met: x\n>>>>>>> theirs\n"
    )
