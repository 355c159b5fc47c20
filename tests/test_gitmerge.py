"""The merge core: three versions of a contact file in, one out. git's own `merge-file` merges
the notes (as the driver uses it); everything else is network-md's."""

from __future__ import annotations

import re
import shutil
from functools import partial

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from network_md.format.gitmerge import merge
from network_md.store import git as gitops

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

text_merge = partial(gitops.merge_file, labels=("ours", "base", "theirs"))
merged = partial(merge, merge_text=text_merge)

ADA = """\
---
name: Ada Lovelace
company: Analytical Engines
circle: close
---
Met at PyCon. Cares about apprenticeships.

## Log
- 2026-10-02 asked: restaurant tip for Lisbon
- 2026-10-03 thanked (5m): postcard
"""


def add(text: str, *lines: str) -> str:
    return text + "".join(line + "\n" for line in lines)


def go(base: str, ours: str, theirs: str, **kw) -> tuple[str, bool]:
    data, conflicted = merged(base.encode(), ours.encode(), theirs.encode(), **kw)
    return data.decode(), conflicted


def log_lines(text: str) -> list[str]:
    return [line for line in text.splitlines() if re.match(r"\s*[-*+] ", line)]


# --- the log ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "ours_line, theirs_line",
    [
        ("- 2026-11-20 gave: the article", "- 2026-11-25 got: an intro"),  # different days
        ("- 2026-11-25 got: an intro", "- 2026-11-20 gave: the article"),  # theirs earlier
        ("- 2026-11-20 gave: the article", "- 2026-11-20 met: coffee"),  # the same day
        ("- [ ] 2026-12-12 met: lunch in Lisbon", "- [x] 2026-11-21 met: call"),  # boxes
        ("- [[2026-11-22]] met: daily-note date", "- 2026-11-21 14:30 met: with a time"),
        ("* 2026-11-22 gave: star bullet", "+ 2026-11-21 got: plus bullet"),
        ("- [-] 2026-11-23 asked: cancelled", "- 2026-11-23 09:05 got: at nine"),
    ],
)
def test_entries_both_sides_added_are_all_kept_in_date_order(ours_line, theirs_line):
    out, conflicted = go(ADA, add(ADA, ours_line), add(ADA, theirs_line))
    assert not conflicted
    new = log_lines(out)[2:]
    assert sorted(new) == sorted([ours_line, theirs_line])
    dates = [re.search(r"\d{4}-\d\d-\d\d(?: \d\d:\d\d)?", line)[0] for line in new]
    assert dates == sorted(dates)
    assert out.startswith(ADA)  # every byte before them is as it was


def test_an_entry_both_sides_added_is_there_once():
    line = "- 2026-11-20 gave: the article"
    out, conflicted = go(ADA, add(ADA, line), add(ADA, line, "- 2026-11-21 met: more"))
    assert not conflicted
    assert out == add(ADA, line, "- 2026-11-21 met: more")


def test_each_side_adds_several_entries_interleaved_by_date():
    ours = add(ADA, "- 2026-11-01 met: a", "- 2026-11-10 met: c", "- 2026-11-20 met: e")
    theirs = add(ADA, "- 2026-11-05 met: b", "- 2026-11-15 met: d")
    out, conflicted = go(ADA, ours, theirs)
    assert not conflicted
    assert [line[-1] for line in log_lines(out)[2:]] == list("abcde")


def test_an_entry_one_side_removed_or_ticked_follows_that_side():
    plan = "- [ ] 2026-11-26 met: lunch"
    base = add(ADA, plan)
    ticked = base.replace("[ ]", "[x]")
    removed = base.replace("- 2026-10-02 asked: restaurant tip for Lisbon\n", "")
    theirs = add(base, "- 2026-11-27 got: an intro")
    out, conflicted = go(base, ticked, theirs)
    assert not conflicted and out == add(ticked, "- 2026-11-27 got: an intro")
    out, conflicted = go(base, theirs, removed)
    assert not conflicted
    assert out == add(removed, "- 2026-11-27 got: an intro")


def test_sub_bullets_travel_with_their_entry():
    base = add(ADA, "- 2026-11-20 gave: the article", "  - she liked part 2")
    ours = add(base, "- 2026-11-21 met: coffee")
    theirs = base.replace("part 2\n", "part 2\n  - and sent it on\n")
    out, conflicted = go(base, ours, theirs)
    assert not conflicted
    assert out.endswith(
        "- 2026-11-20 gave: the article\n  - she liked part 2\n  - and sent it on\n"
        "- 2026-11-21 met: coffee\n"
    )


@pytest.mark.parametrize("written", ["## Interactions", "### interactions", "# Interactions #"])
def test_a_configured_log_heading_merges_as_the_log_at_any_level(written):
    start = ADA.replace("## Log", written)
    later = "\n# Later\ntext\n"  # a heading of the top level ends a section of any level
    base = start + later
    ours = add(start, "- 2026-11-20 met: a") + later
    theirs = add(start, "- 2026-11-21 met: b") + later
    assert go(base, ours, theirs)[1]  # not a log heading: a text conflict
    out, conflicted = go(base, ours, theirs, log_heading="## Interactions")
    assert not conflicted
    assert out == add(start, "- 2026-11-20 met: a", "- 2026-11-21 met: b") + later


def test_a_log_section_both_sides_created_merges():
    base = ADA.split("## Log")[0].rstrip("\n") + "\n"
    ours = base + "\n## Log\n- 2026-11-20 met: a\n"
    theirs = base + "\n## Log\n- 2026-11-21 met: b\n"
    out, conflicted = go(base, ours, theirs)
    assert not conflicted and out == base + "\n## Log\n- 2026-11-20 met: a\n- 2026-11-21 met: b\n"


def test_a_body_without_a_log_heading_has_the_entries_it_ends_with_as_its_log():
    base = "---\nname: Ada\n---\nNotes.\n\n- 2026-10-01 met: x\n"
    ours, theirs = add(base, "- 2026-11-20 met: a"), add(base, "- 2026-11-21 met: b")
    out, conflicted = go(base, ours, theirs)
    assert not conflicted and out == add(base, "- 2026-11-20 met: a", "- 2026-11-21 met: b")
    bare = "- 2026-10-01 met: x"  # no front matter, no text, no final newline
    out, conflicted = go(bare, bare + "\n- 2026-11-20 met: a", bare + "\n- 2026-11-21 met: b")
    assert not conflicted and out == bare + "\n- 2026-11-20 met: a\n- 2026-11-21 met: b"
    # one side's `log` made the heading (after the old entries); the other appended
    headed = add(base, "", "## Log", "- 2026-11-20 met: a")
    out, conflicted = go(base, headed, theirs)
    assert not conflicted and out == add(headed, "- 2026-11-21 met: b")
    out, conflicted = go(base, theirs, headed)
    assert not conflicted and out == add(headed, "- 2026-11-21 met: b")


def test_a_side_that_wrote_after_the_last_entry_merges_as_text():
    base = "Notes.\n- 2026-10-01 met: x\n"
    ours, theirs = add(base, "a closing remark"), add(base, "- 2026-11-21 met: b")
    expected = text_merge(base.encode(), ours.encode(), theirs.encode())
    assert merged(base.encode(), ours.encode(), theirs.encode()) == expected


def test_the_log_ends_at_the_next_section_whose_text_merges_as_text():
    base = ADA + "\n## Later\nsomething\n"
    ours = base.replace("postcard\n", "postcard\n- 2026-11-20 met: a\n")
    theirs = base.replace("postcard\n", "postcard\n- 2026-11-21 met: b\n").replace(
        "something", "else"
    )
    out, conflicted = go(base, ours, theirs)
    assert not conflicted
    assert out == ADA + "- 2026-11-20 met: a\n- 2026-11-21 met: b\n\n## Later\nelse\n"


def test_lines_in_a_code_block_and_other_lines_conflict_as_text():
    base = ADA + "```\n```\n"
    ours = base.replace("```\n```", "```\n- 2026-11-20 met: in code\n```")
    theirs = base.replace("```\n```", "```\n- 2026-11-21 met: also in code\n```")
    out, conflicted = go(base, ours, theirs)
    assert conflicted
    assert "<<<<<<< ours\n- 2026-11-20 met: in code\n=======\n" in out
    ours, theirs = add(ADA, "a note in the log"), add(ADA, "another note")
    out, conflicted = go(ADA, ours, theirs)
    assert conflicted and out.endswith(
        "<<<<<<< ours\na note in the log\n=======\nanother note\n>>>>>>> theirs\n"
    )


# --- front matter ----------------------------------------------------------------------------


def test_different_keys_changed_on_each_side_both_land():
    ours = ADA.replace("Analytical Engines", "Babbage & Co")
    theirs = ADA.replace("circle: close", "circle: inner\nsnooze_until: 2027-01-01")
    out, conflicted = go(ADA, ours, theirs)
    assert not conflicted
    assert out == ours.replace("circle: close", "circle: inner\nsnooze_until: 2027-01-01")


def test_the_same_key_changed_differently_is_a_conflict_around_that_key_alone():
    ours = add(ADA.replace("Analytical Engines", "Babbage & Co"), "- 2026-11-20 met: a")
    theirs = add(
        ADA.replace("Analytical Engines", "Difference Ltd").replace("close", "inner"),
        "- 2026-11-21 met: b",
    )
    out, conflicted = go(ADA, ours, theirs)
    assert conflicted
    assert out == (
        "---\nname: Ada Lovelace\n"
        "<<<<<<< ours\ncompany: Babbage & Co\n=======\ncompany: Difference Ltd\n>>>>>>> theirs\n"
        "circle: inner\n---\n" + ADA.split("---\n", 2)[2] + "- 2026-11-20 met: a\n"
        "- 2026-11-21 met: b\n"
    )


def test_with_a_base_label_conflicts_show_the_base_lines_as_diff3_does():
    ours, theirs = ADA.replace("close", "inner"), ADA.replace("close", "wide")
    out, conflicted = go(ADA, ours, theirs, base_label="base")
    assert conflicted
    assert (
        "<<<<<<< ours\ncircle: inner\n||||||| base\ncircle: close\n=======\ncircle: wide\n" in out
    )
    out, conflicted = go(ADA, add(ADA, "note a"), add(ADA, "note b"), base_label="base")
    assert out.endswith("<<<<<<< ours\nnote a\n||||||| base\n=======\nnote b\n>>>>>>> theirs\n")


def test_a_key_both_changed_the_same_way_or_one_removed():
    same = ADA.replace("close", "inner")
    assert go(ADA, same, same) == (same, False)
    removed = ADA.replace("circle: close\n", "")
    changed = ADA.replace("Analytical Engines", "Babbage & Co")
    assert go(ADA, removed, changed) == (changed.replace("circle: close\n", ""), False)
    out, conflicted = go(ADA, removed, ADA.replace("close", "inner"))
    assert conflicted and "<<<<<<< ours\n=======\ncircle: inner\n>>>>>>> theirs\n" in out


def test_keys_are_matched_as_network_md_reads_them():
    ours = ADA.replace("circle: close\n", "circle: close\nE-mail: ada@a.example\n")
    theirs = ADA.replace("circle: close\n", "circle: close\nemail: ada@b.example\n")
    out, conflicted = go(ADA, ours, theirs)
    assert conflicted
    assert "<<<<<<< ours\nE-mail: ada@a.example\n=======\nemail: ada@b.example\n" in out


def test_a_new_key_goes_after_the_key_it_follows_and_lists_stay_whole():
    base = ADA.replace("circle: close\n", "circle: close\naliases:\n- Ada\n")
    ours = base.replace("- Ada\n", "- Ada\n- Countess\n")
    theirs = base.replace("company: Analytical Engines\n", "company: AE\nrole: CTO\n")
    out, conflicted = go(base, ours, theirs)
    assert not conflicted
    assert out.startswith(
        "---\nname: Ada Lovelace\ncompany: AE\nrole: CTO\ncircle: close\naliases:\n- Ada\n"
        "- Countess\n---\n"
    )


# --- the notes -------------------------------------------------------------------------------


def test_notes_edited_apart_merge_and_overlapping_edits_conflict_as_git_marks_them():
    base = ADA.replace("Met at PyCon.", "Met at PyCon.\n\nLikes tea.\n\nHas a dog.")
    ours = base.replace("Likes tea.", "Likes green tea.")
    theirs = base.replace("Has a dog.", "Has two dogs.")
    out, conflicted = go(base, ours, theirs)
    assert not conflicted and "Likes green tea." in out and "Has two dogs." in out
    theirs = base.replace("Likes tea.", "Likes coffee.")
    out, conflicted = go(base, add(ours, "- 2026-11-20 met: a"), add(theirs, "- 2026-11-21 met: b"))
    assert conflicted
    assert "<<<<<<< ours\nLikes green tea.\n=======\nLikes coffee.\n>>>>>>> theirs\n" in out
    assert out.endswith("- 2026-11-20 met: a\n- 2026-11-21 met: b\n")


# --- bytes -----------------------------------------------------------------------------------


@pytest.mark.parametrize("bom", [False, True])
@pytest.mark.parametrize("newline", ["\n", "\r\n"])
@pytest.mark.parametrize("final", [True, False])
def test_line_endings_bom_and_final_newline_stay_as_they_were(bom, newline, final):
    def as_file(text: str) -> bytes:
        text = text.replace("\n", newline)
        if not final:
            text = text.removesuffix(newline)
        return (("\ufeff" if bom else "") + text).encode()

    base = ADA
    ours = add(base.replace("close", "inner"), "- 2026-11-20 met: a")
    theirs = add(base, "- 2026-11-21 met: b")
    data, conflicted = merged(as_file(base), as_file(ours), as_file(theirs))
    assert not conflicted
    assert data == as_file(add(ours, "- 2026-11-21 met: b"))
    data, conflicted = merged(
        as_file(base),
        as_file(ours.replace("Engines", "A")),
        as_file(theirs.replace("Engines", "B")),
    )
    assert conflicted
    lines = data.split(b"\n")[:-1]
    assert all(line.endswith(b"\r") for line in lines) == (newline == "\r\n")
    assert data.startswith(b"\xef\xbb\xbf") == bom


# --- what is not a contact -------------------------------------------------------------------


@pytest.mark.parametrize(
    "base",
    [
        ADA.replace("circle: close", "network-md: dashboard"),
        ADA.replace("circle: close", "network-md: template"),
        "---\nname: never closed\n## Log\n- 2026-10-02 met: x\n",
    ],
)
def test_what_cannot_be_taken_apart_merges_as_git_merges_it(base):
    ours, theirs = add(base, "- 2026-11-20 met: a"), add(base, "- 2026-11-21 met: b")
    expected = text_merge(base.encode(), ours.encode(), theirs.encode())
    assert expected[1]  # git alone would conflict here
    assert merged(base.encode(), ours.encode(), theirs.encode()) == expected


def test_a_side_that_removed_the_log_heading_or_front_matter_merges_as_text():
    ours = ADA.replace("## Log\n", "")
    theirs = add(ADA, "- 2026-11-21 met: b")
    expected = text_merge(ADA.encode(), ours.encode(), theirs.encode())
    assert merged(ADA.encode(), ours.encode(), theirs.encode()) == expected
    ours = ADA.split("---\n", 2)[2]
    expected = text_merge(ADA.encode(), ours.encode(), theirs.encode())
    assert merged(ADA.encode(), ours.encode(), theirs.encode()) == expected


def test_a_file_that_is_not_utf8_merges_as_git_merges_it():
    base = ADA.encode("utf-8").replace(b"PyCon", b"Caf\xe9")
    ours, theirs = base + b"- 2026-11-20 met: a\n", base + b"- 2026-11-21 met: b\n"
    assert merged(base, ours, theirs) == text_merge(base, ours, theirs)


# --- properties ------------------------------------------------------------------------------

WORD = st.text("abcdefgh XYZéß", min_size=1, max_size=8).map(str.strip).filter(bool)
DAY = st.dates().map(lambda d: f"{d.year:04d}-{d.month:02d}-{d.day:02d}")
BOX = st.sampled_from(["", "[ ] ", "[x] ", "[-] "])
ENTRY = st.builds(
    lambda bullet, box, day, kind, text: f"{bullet} {box}{day} {kind}: {text}",
    st.sampled_from("-*+"),
    BOX,
    DAY,
    st.sampled_from(["gave", "got", "met", "asked", "coffee"]),
    WORD,
)
LOG_ITEM = st.one_of(ENTRY, ENTRY.map(lambda e: e + "\n  - " + "sub"), st.just(""), WORD)
KEY = st.sampled_from(["name", "company", "Company", "circle", "tags", "e-mail", "role"])
FRONT = st.lists(
    st.one_of(
        st.builds(lambda k, v: f"{k}: {v}", KEY, WORD),
        st.builds(lambda k, v: f"{k}:\n- {v}", KEY, WORD),
        st.just("# a comment"),
    ),
    max_size=5,
)


@st.composite
def contact_files(draw) -> bytes:
    parts = []
    front = draw(st.one_of(st.none(), FRONT))
    if front is not None:
        parts += ["---", *front, "---"]
    parts += draw(st.lists(st.one_of(WORD, st.just(""), st.just("# Title")), max_size=4))
    if draw(st.booleans()):
        parts += [draw(st.sampled_from(["## Log", "## log", "## Log ##"]))]
        parts += draw(st.lists(LOG_ITEM, max_size=6))
    if draw(st.booleans()):
        parts += ["## Later", *draw(st.lists(WORD, max_size=2))]
    newline = draw(st.sampled_from(["\n", "\r\n"]))
    text = "".join(p.replace("\n", newline) + newline for p in parts)
    if not draw(st.booleans()):
        text = text.removesuffix(newline)
    return (("\ufeff" if draw(st.booleans()) else "") + text).encode()


ANY_TEXT = st.text(st.characters(exclude_characters="\0", exclude_categories=["Cs"]))
FILES = st.one_of(contact_files(), ANY_TEXT.map(str.encode))
SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(FILES, FILES)
def test_merging_with_an_unchanged_side_gives_the_changed_side_byte_for_byte(base, a):
    assert merged(a, a, a) == (a, False)
    assert merged(base, a, base) == (a, False)
    assert merged(base, base, a) == (a, False)


@SETTINGS
@given(contact_files(), st.lists(ENTRY, max_size=4), st.lists(ENTRY, max_size=4))
def test_entries_added_on_both_sides_all_land_once(base, ours_new, theirs_new):
    text = base.decode("utf-8-sig")
    if "## Log" not in text.replace("## log", "## Log"):
        return
    nl = "\r\n" if "\r\n" in text else "\n"
    tail = "" if text.endswith(nl) or not text else nl
    ours = base + (tail + "".join(e + nl for e in ours_new)).encode()
    theirs = base + (tail + "".join(e + nl for e in theirs_new)).encode()
    data, conflicted = merged(base, ours, theirs)
    if "## Later" in text:  # entries added after a later section are that section's text
        return
    assert not conflicted
    out, before = data.decode("utf-8-sig").split(nl), text.split(nl)
    for entry in set(ours_new) | set(theirs_new):
        added = max(ours_new.count(entry), theirs_new.count(entry))
        assert out.count(entry) == before.count(entry) + added


@SETTINGS
@given(contact_files(), contact_files(), contact_files())
def test_which_side_is_ours_does_not_change_whether_a_merge_conflicts(base, a, b):
    assert merged(base, a, b).conflicted == merged(base, b, a).conflicted
