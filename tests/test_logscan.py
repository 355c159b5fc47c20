"""The log grammar: task boxes, daily-link dates, times, and lines that look like entries."""

from __future__ import annotations

import re
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from network_md.format.config import DEFAULT
from network_md.format.logscan import ENTRY, fenced_ranges, scan
from network_md.format.parse import parse_contact

PATH = "people/ada.md"


def d(iso: str) -> int:
    return date.fromisoformat(iso).toordinal()


def both_paths(body: str):
    """(fast scan, careful scan with the log): the two paths must agree on what counts."""
    fast = scan(body, 0, DEFAULT, PATH, with_log=False)
    careful = scan(body, 0, DEFAULT, PATH, with_log=True)
    assert fast.entries.triples() == careful.entries.triples()
    assert fast.plans == careful.plans
    assert fast.linked == careful.linked
    assert fast.problems == [] or fast.problems == careful.problems
    return fast, careful


@pytest.mark.parametrize("bullet", ["-", "*", "+", "  -", "\t*"])
@pytest.mark.parametrize("box", ["[x]", "[X]", "[x] ", "[x]\t"])
def test_ticked_box_is_an_ordinary_entry(bullet, box):
    body = f"{bullet} {box} 2026-11-20 gave (20m): the article\n"
    fast, careful = both_paths(body)
    assert fast.entries.triples() == [(d("2026-11-20"), "gave", 20)]
    assert careful.problems == []
    (e,) = careful.log
    assert (e.state, e.kind, e.text, e.line, e.path) == ("done", "gave", "the article", 1, PATH)


def test_open_box_is_a_plan_never_counted_whatever_its_date():
    body = (
        "## Log\n- [ ] 2026-11-01 met: lunch\n- [ ] 2027-01-05 asked: intro\n- 2026-11-02 got: x\n"
    )
    fast, careful = both_paths(body)
    assert fast.entries.triples() == [(d("2026-11-02"), "got", None)]
    assert fast.plans == ((d("2026-11-01"), "met", "lunch"), (d("2027-01-05"), "asked", "intro"))
    assert [(e.state, e.line) for e in careful.log] == [("plan", 2), ("plan", 3), ("done", 4)]


def test_cancelled_box_is_kept_in_the_log_never_counted_never_a_plan():
    body = "- [-] 2026-11-01 met: lunch, called off\n- 2026-11-02 got: x\n"
    fast, careful = both_paths(body)
    assert fast.entries.triples() == [(d("2026-11-02"), "got", None)]
    assert fast.plans == ()
    assert [e.state for e in careful.log] == ["cancelled", "done"]
    assert careful.log[0].text == "lunch, called off"


@pytest.mark.parametrize("box", ["[ ]", "[x]", ""])
def test_daily_note_link_as_the_date(box):
    body = f"- {box} [[2026-11-20]] met: coffee\n".replace("-  ", "- ")
    fast, careful = both_paths(body)
    assert careful.problems == []
    assert careful.log[0].day == d("2026-11-20")
    assert careful.log[0].text == "coffee"


@pytest.mark.parametrize(
    ("written", "shown"), [("14:30", "14:30"), ("9:05", "09:05"), ("00:00", "00:00")]
)
def test_time_after_the_date_is_kept_and_not_the_kind(written, shown):
    body = f"- 2026-11-20 {written} met (30m): call\n- [ ] [[2026-11-21]] {written} met: call\n"
    fast, careful = both_paths(body)
    assert careful.problems == []
    assert fast.entries.triples() == [(d("2026-11-20"), "met", 30)]
    assert [(e.word, e.time, e.minutes) for e in careful.log] == [
        ("met", shown, 30),
        ("met", shown, None),
    ]


def test_impossible_time_is_a_warning_and_the_entry_stays():
    body = "- 2026-11-20 25:61 gave: x\n"
    fast, careful = both_paths(body)
    assert fast.entries.triples() == [(d("2026-11-20"), "gave", None)]
    (p,) = careful.problems
    assert (p.line, p.severity) == (1, "warning") and "25:61" in p.message
    assert careful.log[0].time is None


@pytest.mark.parametrize(
    "line",
    [
        "- [>] 2026-11-20 met: rescheduled",  # a box the grammar does not know
        "- [/] 2026-11-20 met: half done",
        "- [] 2026-11-20 met: empty box",
        "- [[2026-11-20 met: unclosed link",
        "- 2026-11-20]] met: stray closer",
        "- [x] 2026-11-20 met lunch",  # no colon
        "- [ ] 2026-11-20",
        "- 2026-11-20 14:30: called",
        "- 2026-11-20 9:30am met: x",
    ],
)
def test_a_dated_bullet_that_does_not_fit_is_a_warning_on_its_line(line):
    body = f"intro\n\n## Log\n- 2026-11-19 got: ok\n{line}\n- 2026-11-21 gave: ok\n"
    fast = scan(body, 0, DEFAULT, PATH, with_log=False)
    careful = scan(body, 0, DEFAULT, PATH, with_log=True)
    for result in (fast, careful):
        (p,) = result.problems
        assert (p.path, p.line, p.severity) == (PATH, 5, "warning")
        assert [t[1] for t in result.entries.triples()] == ["got", "gave"]
    assert [e.line for e in careful.log] == [4, 6]


def test_line_numbers_after_front_matter_fences_and_crlf():
    text = (
        "---\r\nname: Ada\r\n---\r\n```\r\n- 2026-11-01 gave: fenced\r\n```\r\n"
        "- [ ] 2026-11-02 met: plan\r\n- [x] [[2026-11-03]] 10:00 got: ok\r\n"
    )
    c, problems = parse_contact(PATH, text.encode(), DEFAULT)
    assert problems == ()
    assert [(e.line, e.state, e.time, e.text) for e in c.log] == [
        (7, "plan", None, "plan"),
        (8, "done", "10:00", "ok"),
    ]
    assert c.plans == ((d("2026-11-02"), "met", "plan"),)


def test_plans_survive_the_index_without_the_full_log():
    text = "- [ ] 2026-11-02 met: plan\n- 2026-11-01 gave: x\n"
    c, _ = parse_contact(PATH, text.encode(), DEFAULT, with_log=False)
    assert c.log is None
    assert c.plans == ((d("2026-11-02"), "met", "plan"),)


@pytest.mark.parametrize(
    "line",
    [
        "- [ ] 2026-11-20 met: x",
        "- [x] [[2026-11-20]] 14:30 met (5m): x",
        "* [-] 2026-11-20 gave: x",
        "- 2026-11-20 09:00 got:",
    ],
)
def test_edits_see_every_entry_form_with_its_date(line):
    m = ENTRY.fullmatch(line)
    assert m and m[1] == "2026-11-20"


# --- properties: the two paths agree, and no dated bullet is dropped in silence -----------------

LOOKS_DATED = re.compile(
    r"[ \t]*[-*+][ \t]+(?:\[[^\]\n]{0,2}\][ \t]*)?(?:\[\[)?[0-9]{4}-[0-9]{2}-[0-9]{2}(?![0-9-])"
)

parts = st.tuples(
    st.sampled_from(["- ", "* ", "  + ", "-\t", "1. ", ""]),
    st.sampled_from(["", "[ ] ", "[x] ", "[X]", "[-] ", "[>] ", "[] ", "[[ "]),
    st.sampled_from(
        ["2026-11-20", "[[2026-11-21]]", "[[2026-11-22", "2026-11-23]]", "2026-02-30", "20261120"]
    ),
    st.sampled_from(["", " 14:30", " 9:05", " 25:00", " 14:30:"]),
    st.sampled_from([" gave", " GOT", " coffee", " met", " 1on1", "", " asked-me"]),
    st.sampled_from(["", " (15m)", " (1h30m)", " (soon)"]),
    st.sampled_from([": text", ":", " text", ": [[Ada]] and more"]),
)


@given(
    st.lists(st.one_of(parts.map("".join), st.sampled_from(["", "# T", "```", "text"])), max_size=8)
)
def test_fast_and_careful_agree_and_every_dated_bullet_is_an_entry_or_a_problem(lines):
    body = "\n".join(lines) + "\n"
    fast = scan(body, 0, DEFAULT, PATH, with_log=False)
    careful = scan(body, 0, DEFAULT, PATH, with_log=True)
    assert fast.entries.triples() == careful.entries.triples()
    assert fast.plans == careful.plans
    assert fast.linked == careful.linked
    assert fast.problems in ([], careful.problems)
    fenced = fenced_ranges(body, 0)
    offsets = [0]
    for line in lines:
        offsets.append(offsets[-1] + len(line) + 1)
    seen = {e.line for e in careful.log} | {p.line for p in careful.problems}
    for number, (line, at) in enumerate(zip(lines, offsets), 1):
        if LOOKS_DATED.match(line) and not any(a <= at < b for a, b in fenced):
            assert number in seen, line


LINKING = st.sampled_from(
    [
        "- 2026-11-20 gave: intro to [[Ada]]",
        "- 2026-11-20 gave: intro to [[Ada]] and [[Bo]]",
        "  * [x] 2026-11-21 14:30 got (15m): [[Bo|Bob]] said yes",
        "- [ ] 2026-11-22 met: lunch with [[Cy]]",
        "- [-] [[2026-11-23]] met: [[Cy]], called off",
        "- [[2026-11-24]] met: no link here",
        "- 2026-11-25 met: plain",
        "Notes that name [[Ada]] outside the log",
        "[[Ada]] - 2026-11-20 gave: not a bullet",
        "- [[Ada]] 2026-11-20 gave: the link first",
        "- 2026-11-26 gave [[Ada]]",
        "",
        "text",
    ]
)


@given(
    st.lists(LINKING, max_size=10),
    st.sampled_from(["", "---\nname: X\n---\n", "---\nname: [[Ada]]\n---\n# T\n"]),
    st.booleans(),
)
def test_the_entries_that_link_are_found_as_the_careful_path_finds_them(lines, front, crlf):
    """The fast path finds the lines of the entries that link from the body's `[[`s: the same
    entries, lines and states as the careful path, wherever else a `[[` stands."""
    text = front + "\n".join(lines) + "\n"
    if crlf:
        text = text.replace("\n", "\r\n")
    start = text.index("---", 3) + 4 + crlf if front else 0
    fast = scan(text, start, DEFAULT, PATH, with_log=False)
    careful = scan(text, start, DEFAULT, PATH, with_log=True)
    assert fast.linked == careful.linked
    assert [e.text for e in careful.linked] == [e.text for e in careful.log if "[[" in e.text]


# --- the log section: one rule for reading notes, writing, new files and merging ----------------

SECTIONED = [
    # (body, configured heading, the section's text or None)
    ("intro\n## Log\n- a\n## Next\nb\n", "## Log", "- a\n"),
    ("## Interactions\n- a\n## Log\n- b\n", "## Interactions", "- a\n"),
    (
        "### interactions ##\n- a\n#### Sub\n- b\n### End\n",
        "## Interactions",
        "- a\n#### Sub\n- b\n",
    ),
    ("## Log\n- a\n", "## Interactions", "- a\n"),  # the configured one is absent: `## Log`
    ("```\n## Log\n```\n- a\n", "## Log", None),  # a heading in a code block is text
    ("~~~\n## Calls\n~~~\n## Calls\n- a\n", "## Calls", "- a\n"),
    ("## Log\r\n- a\r\n# Top\r\n", "## Log", "- a\r\n"),
    ("## Logbook\n- a\n", "## Log", None),
    ("no heading\n- a\n", "## Log", None),
]


@pytest.mark.parametrize(("body", "heading", "section"), SECTIONED)
def test_log_section_is_the_configured_heading_else_log_at_any_level(body, heading, section):
    from network_md.format.logsection import log_section

    found = log_section(body, 0, heading)
    assert (None if found is None else body[found.body_at : found.end]) == section


@pytest.mark.parametrize(("body", "heading", "section"), SECTIONED)
def test_notes_and_the_merge_see_the_same_log_section(body, heading, section):
    """Notes (show, export) are the body outside the very section `log` writes into and the
    merge driver merges as the log: one rule, not one per reader."""
    from network_md.format.gitmerge import split_body
    from network_md.format.parse import notes_of

    before, _heading, merged_section, after = split_body(body, heading)
    assert (merged_section if _heading is not None else None) == section
    assert notes_of(body.encode(), heading) == (before + after).replace("\r\n", "\n").strip()


# --- the entry pattern: written with branches, it matches as written with optional groups -----

OPTIONAL_GROUPS = re.compile(  # DATED as first written: each optional part `(?:X)?`
    r"^[ \t]*[-*+][ \t]+(\[[^\]\n]{0,2}\][ \t]*(?:\[\[)?|\[\[|)([0-9]{4}-[0-9]{2}-[0-9]{2})(\]\]|)(?![0-9-])"
    r"(?:[ \t]+(?:([0-9]{1,2}:[0-9]{2})[ \t]+)?([A-Za-z0-9-]+)[ \t]*(\([^)\n]*\))?[ \t]*:(.*))?",
    re.MULTILINE,
)


@given(
    st.lists(
        st.one_of(
            parts.map("".join),
            st.sampled_from(
                ["", "# T", "```", "text", "- 2026-11-20 (15m) gave: x", "-  2026-11-20"]
            ),
            st.text(st.sampled_from("- *+[]()x:1209 \t"), max_size=30),
        ),
        max_size=8,
    ),
    st.sampled_from(["\n", "\r\n"]),
)
def test_the_entry_pattern_matches_as_its_optional_group_spelling(lines, newline):
    from network_md.format.logscan import DATED

    body = newline.join(lines) + newline
    assert DATED.findall(body) == OPTIONAL_GROUPS.findall(body)
    for line in lines:
        m, old = DATED.match(line), OPTIONAL_GROUPS.match(line)
        assert (m is None) == (old is None)
        if m is not None:
            assert m.span() == old.span()
            # a duration left out is an empty group instead of None; every other group alike
            assert m.groups()[:5] + m.groups()[6:] == old.groups()[:5] + old.groups()[6:]
            assert (m[6] or None) == old[6]
