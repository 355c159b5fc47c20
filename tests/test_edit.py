"""The write side's pure edits (add_entry, set_keys, yaml_scalar) and the atomic write
(read_for_edit, write_atomic): real bytes, real files."""

from __future__ import annotations

import os
import re
import stat
from datetime import date, timedelta
from pathlib import Path

import pytest
import yaml
from helpers import as_unprivileged
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from network_md.core.errors import WriteError
from network_md.format.config import DEFAULT
from network_md.format.edit import add_entry, set_keys
from network_md.format.logscan import ENTRY
from network_md.format.parse import _load_yaml, front_matter_bounds, parse_contact
from network_md.format.yamlsafe import yaml_flow_list, yaml_problem, yaml_scalar
from network_md.store.atomic import read_for_edit, write_file

BOM = b"\xef\xbb\xbf"
DAY = date(2026, 11, 27)


def entries_of(data: bytes, path: str = "people/x.md"):
    contact, problems = parse_contact(path, data, DEFAULT)
    assert contact is not None, problems
    return contact.log


def added(data: bytes, day: date = DAY, word: str = "gave", text: str = "x", minutes=None) -> bytes:
    return add_entry(data, day, word, text, minutes)


# --- add_entry: bytes kept ---------------------------------------------------------------------


def test_front_matter_is_untouched_byte_for_byte():
    fm = b"---\r\nname:   Ada  \r\n## Log\r\ntags: [a,b]   # comment\r\n\r\nmet: 2024-03-02\r\n---\r\n"
    body = b"Intro \t\r\n\r\n## Log\r\n- 2026-01-01 met: hello\r\n"
    new = added(fm + body, text="sent the article")
    assert new.startswith(fm)
    assert new == fm + body + b"- 2026-11-27 gave: sent the article\r\n"


def test_crlf_file_gets_a_crlf_line():
    data = b"---\r\nname: Ada\r\n---\r\n## Log\r\n- 2026-01-01 met: a\r\n- 2026-12-30 met: b\r\n"
    new = added(data, text="c")
    assert new == (
        b"---\r\nname: Ada\r\n---\r\n## Log\r\n- 2026-01-01 met: a\r\n"
        b"- 2026-11-27 gave: c\r\n- 2026-12-30 met: b\r\n"
    )
    assert new.count(b"\n") == new.count(b"\r\n")


def test_bom_is_kept_once():
    data = BOM + b"---\nname: Ada\n---\n## Log\n- 2026-01-01 met: a\n"
    new = added(data, text="b")
    assert new == data + b"- 2026-11-27 gave: b\n"
    assert new.count(BOM) == 1


def test_missing_final_newline_is_kept_when_the_log_exists():
    data = b"---\nname: Ada\n---\n## Log\n- 2026-01-01 met: a"
    new = added(data, text="b")
    assert new == data + b"\n- 2026-11-27 gave: b"
    assert not new.endswith(b"\n")


def test_missing_final_newline_crlf_at_end_of_log():
    data = b"## Log\r\n- 2026-01-01 met: a\r\n- 2026-02-01 met: b"
    assert added(data, text="c") == data + b"\r\n- 2026-11-27 gave: c"


def test_missing_final_newline_under_a_bare_heading():
    assert added(b"## Log", text="c") == b"## Log\n- 2026-11-27 gave: c"


def test_missing_final_newline_is_kept_when_the_log_is_created():
    new = added(b"---\nname: Ada\n---\nHello", text="b")
    assert new == b"---\nname: Ada\n---\nHello\n\n## Log\n- 2026-11-27 gave: b"


def test_tabs_and_trailing_spaces_are_kept():
    data = (
        b"---\nname: Ada\t \n---\n\tindented\ttext   \ntrailing  \n\n"
        b"## Log  \n- 2026-01-01 met:\tfirst\t \n- 2026-12-01 met: later   \n\t\n"
    )
    new = added(data, text="b")
    assert new == data.replace(b"- 2026-12-01", b"- 2026-11-27 gave: b\n- 2026-12-01")


def test_the_text_becomes_one_line():
    data = b"## Log\n"
    new = added(data, text="  two\nlines\r\n and\ttabs  ")
    assert new == b"## Log\n- 2026-11-27 gave: two lines and tabs\n"


def test_minutes_and_empty_text():
    assert added(b"## Log\n", text="", minutes=90) == b"## Log\n- 2026-11-27 gave (1h30m):\n"
    assert added(b"## Log\n", text="x", minutes=15) == b"## Log\n- 2026-11-27 gave (15m): x\n"


def test_a_file_that_is_not_utf8_is_refused():
    with pytest.raises(WriteError, match="UTF-8"):
        added(b"---\nname: Ad\xe9\n---\n## Log\n")


# --- add_entry: placement ----------------------------------------------------------------------

LOG = b"# Ada\n\n## Log\n- 2026-01-10 met: a\n- 2026-11-27 got: b\n- 2026-11-27 met: c\n- 2026-12-05 asked: d\n"


@pytest.mark.parametrize(
    "day, after",
    [
        (date(2026, 1, 1), b"## Log\n"),  # before the first later entry: the first one
        (date(2026, 6, 1), b"met: a\n"),
        (date(2026, 11, 27), b"met: c\n"),  # after the entries of the same date
        (date(2026, 12, 5), b"asked: d\n"),
        (date(2027, 3, 1), b"asked: d\n"),  # at the end
    ],
)
def test_date_order(day, after):
    new = added(LOG, day=day, text="NEW")
    line = f"- {day.isoformat()} gave: NEW\n".encode()
    at = LOG.index(after) + len(after)
    assert new == LOG[:at] + line + LOG[at:]


def test_unsorted_log_goes_before_the_first_later_entry():
    data = b"## Log\n- 2026-05-01 met: a\n- 2026-01-01 met: b\n- 2026-12-01 met: c\n"
    assert added(data, day=date(2026, 3, 1), text="N") == (
        b"## Log\n- 2026-03-01 gave: N\n- 2026-05-01 met: a\n- 2026-01-01 met: b\n- 2026-12-01 met: c\n"
    )


def test_entries_in_fenced_code_are_ignored_for_placement():
    data = (
        b"## Log\n- 2026-01-01 met: a\n```\n- 2026-02-01 met: fenced\n- 2026-12-31 met: fenced\n```\n"
        b"- 2026-03-01 met: b\n~~~\n- 2026-04-01 met: fenced too\n~~~\n"
    )
    # a later date than every real entry: after `b`, not before a fenced one
    new = added(data, day=date(2026, 6, 1), text="N")
    assert new == data.replace(b"met: b\n", b"met: b\n- 2026-06-01 gave: N\n")
    # an earlier date than `b`: right before `b`, not before the fenced 2026-02-01
    new = added(data, day=date(2026, 1, 15), text="N")
    assert new == data.replace(b"- 2026-03-01", b"- 2026-01-15 gave: N\n- 2026-03-01")
    assert [e.text for e in entries_of(new)] == ["a", "N", "b"]


def test_the_section_is_created_at_the_end_with_a_blank_line_before_it():
    data = b"---\nname: Ada\n---\n# Ada\n\nMet at PyCon.\n- 2026-01-01 met: a list item outside any Log\n"
    new = added(data, text="N")
    assert new == data + b"\n## Log\n- 2026-11-27 gave: N\n"


def test_the_section_is_created_without_a_second_blank_line():
    data = b"---\nname: Ada\n---\nNotes.\n\n"
    assert added(data, text="N") == data + b"## Log\n- 2026-11-27 gave: N\n"


def test_the_section_is_created_in_a_crlf_file_with_bom():
    data = BOM + b"---\r\nname: Ada\r\n---\r\nNotes.\r\n"
    assert added(data, text="N") == data + b"\r\n## Log\r\n- 2026-11-27 gave: N\r\n"


def test_the_section_is_created_in_a_front_matter_only_file_and_in_an_empty_file():
    fm = b"---\nname: Ada\n---\n"
    assert added(fm, text="N") == fm + b"\n## Log\n- 2026-11-27 gave: N\n"
    assert added(b"", text="N") == b"## Log\n- 2026-11-27 gave: N\n"


def test_a_log_heading_in_the_front_matter_is_not_the_section():
    data = b"---\nname: Ada\n## Log\n---\nBody.\n"
    new = added(data, text="N")
    assert new == data + b"\n## Log\n- 2026-11-27 gave: N\n"


def test_a_log_heading_in_a_fenced_block_is_not_the_section():
    data = b"# Ada\n\n```markdown\n## Log\n- 2026-01-01 met: example\n```\n"
    new = added(data, text="N")
    assert new == data + b"\n## Log\n- 2026-11-27 gave: N\n"
    assert [e.text for e in entries_of(new)] == ["N"]


def test_the_real_log_after_a_fenced_one():
    data = b"```\n## Log\n- 2026-12-01 met: example\n```\n\n## Log\n- 2026-01-01 met: a\n"
    assert added(data, text="N") == data + b"- 2026-11-27 gave: N\n"


def test_a_following_section_ends_the_log():
    data = b"## Log\n- 2026-01-01 met: a\n\n## Notes\n- 2026-12-01 met: in the notes\nmore\n"
    new = added(data, text="N")
    assert new == data.replace(b"met: a\n", b"met: a\n- 2026-11-27 gave: N\n")


def test_a_level_one_heading_ends_the_log_but_a_subheading_does_not():
    data = b"## Log\n### 2026\n- 2026-01-01 met: a\n# Archive\n- 2026-12-01 met: old\n"
    assert added(data, text="N") == data.replace(b"met: a\n", b"met: a\n- 2026-11-27 gave: N\n")


def test_an_empty_log_followed_by_a_section():
    data = b"## Log\n\n## Notes\nx\n"
    new = added(data, text="N")
    assert new == b"## Log\n- 2026-11-27 gave: N\n\n## Notes\nx\n"


def test_an_empty_log_with_intro_text():
    data = b"## Log\nWhat happened, newest last.\n\n## Notes\n"
    new = added(data, text="N")
    assert new == b"## Log\nWhat happened, newest last.\n- 2026-11-27 gave: N\n\n## Notes\n"


def test_the_heading_is_matched_case_insensitively_and_with_closing_hashes():
    for heading in (b"## log", b"## Log ##", b"##\tLog  "):
        data = b"Intro\n" + heading + b"\n- 2026-01-01 met: a\n"
        assert added(data, text="N") == data + b"- 2026-11-27 gave: N\n"


@pytest.mark.parametrize("bullet", [b"* ", b"+ ", b"  - ", b"\t* ", b"-   "])
def test_the_bullet_style_of_neighbours_is_copied(bullet):
    data = b"## Log\n" + bullet + b"2026-01-01 met: a\n" + bullet + b"2026-12-01 met: b\n"
    # before a later entry (copies that one) and at the end (copies the last one)
    assert added(data, text="N") == data.replace(
        bullet + b"2026-12-01", bullet + b"2026-11-27 gave: N\n" + bullet + b"2026-12-01"
    )
    assert added(data, day=date(2027, 1, 1), text="N") == data + bullet + b"2027-01-01 gave: N\n"


def test_mixed_bullets_copy_the_neighbour():
    data = b"## Log\n- 2026-01-01 met: a\n* 2026-12-01 met: b\n"
    assert (
        added(data, text="N")
        == b"## Log\n- 2026-01-01 met: a\n* 2026-11-27 gave: N\n* 2026-12-01 met: b\n"
    )


def test_a_new_last_entry_goes_after_the_previous_entrys_sub_bullets():
    data = b"## Log\n- 2026-01-01 met: coffee\n  - she is hiring in Q2\n  - ask about Lisbon\n"
    assert added(data, text="N") == data + b"- 2026-11-27 gave: N\n"


def test_an_entry_after_an_unclosed_fence_in_the_log_is_still_read():
    # the entry goes right under the heading, before the fence, where the parser reads it
    data = b"## Log\nSee below.\n```\nsome code\n"
    new = added(data, text="N")
    assert "N" in [e.text for e in entries_of(new)]
    assert new == data.replace(b"## Log\n", b"## Log\n- 2026-11-27 gave: N\n")


def test_no_log_section_after_an_unclosed_fence_is_refused():
    # a new `## Log` at the end would sit inside the code block, unread: refuse, say why
    with pytest.raises(WriteError, match="never closed"):
        add_entry(b"# Ada\n```\nsome code\n", date(2026, 11, 27), "gave", "N")


# --- add_entry: the property -------------------------------------------------------------------

MARK = "zqxmark"
NOT_PLAIN = re.compile(r"^(#|[ ]{0,3}(```|~~~)|[ \t]*(-{3,}|\.{3})[ \t]*$)")
WORDS = ["gave", "got", "thanked", "thanked-me", "asked", "declined", "asked-me", "met", "Coffee"]

line_text = st.text(
    alphabet=st.characters(
        codec="utf-8", exclude_categories=("Cs",), exclude_characters="\r\n\x00"
    ),  # NUL: a binary file
    max_size=24,
).filter(lambda s: not NOT_PLAIN.match(s) and MARK not in s)
days = st.integers(0, 40).map(lambda n: date(2026, 11, 1) + timedelta(days=n))
entry = st.builds(
    lambda b, d, w, m, t: f"{b}{d.isoformat()} {w}{m}:{t}",
    st.sampled_from(["- ", "* ", "+ ", "  - ", "\t* ", "-\t"]),
    days,
    st.sampled_from(WORDS),
    st.sampled_from(["", " (15m)", " (1h)"]),
    st.one_of(st.just(""), line_text.map(lambda s: " " + s)),
)
blank = st.sampled_from(["", " ", "\t", "  \t "])
fenced = st.lists(st.one_of(entry, line_text, st.just("## Log")), max_size=3).map(
    lambda inner: ["```", *inner, "```"]
)
group = st.one_of(
    entry.map(lambda e: [e]), line_text.map(lambda s: [s]), blank.map(lambda s: [s]), fenced
)
groups = st.lists(group, max_size=6).map(lambda gs: [line for g in gs for line in g])
front = st.lists(
    st.sampled_from(
        [
            "name: Ada Lovelace",
            "tags: [a, b]",
            "## Log",
            "aliases:",
            "  - Ada",
            "met: 2024-03-02",
            "x:  \t",
        ]
    ),
    max_size=4,
)


@st.composite
def files(draw):
    fm = draw(st.none() | front)
    lines = [] if fm is None else ["---", *fm, "---"]
    lines += draw(groups)
    heading_at = notes_at = None
    if draw(st.booleans()):
        heading_at = len(lines)
        lines.append(draw(st.sampled_from(["## Log", "## log", "## Log ##", "## Log  "])))
        lines += draw(groups)
    if draw(st.booleans()):
        notes_at = len(lines)
        lines.append(draw(st.sampled_from(["## Notes", "# Elsewhere"])))
        lines += draw(groups)
    nl = draw(st.sampled_from(["\n", "\r\n"]))
    text = nl.join(lines)
    if lines and draw(st.booleans()):
        text += nl
    data = (BOM if draw(st.booleans()) else b"") + text.encode("utf-8")
    return data, nl, heading_at, notes_at


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(files(), days, st.sampled_from(WORDS), st.none() | st.integers(1, 600), line_text)
def test_add_entry_adds_exactly_one_line_and_nothing_else(case, day, word, minutes, extra):
    data, nl, heading_at, notes_at = case
    text = f"{MARK} {extra}"
    new = add_entry(data, day, word, text, minutes)
    enl = nl.encode()
    assert new.count(MARK.encode()) == 1
    assert new.startswith(BOM) == data.startswith(BOM)

    if b"\n" not in data:
        nl, enl = "\n", b"\n"  # a file of one line has no line ending to copy: LF
    if heading_at is None:
        # the section is made at the end: the file's bytes, then line endings, heading, entry
        assert new.startswith(data)
        tail = new[len(data) :].decode("utf-8")
        lines = tail.split(nl)
        if data.removeprefix(BOM) and not data.endswith(b"\n"):
            lines.append("")  # a file without a final newline keeps it that way: none is added
        assert lines[-1] == "" and lines[-3] == "## Log", tail
        assert all(x == "" for x in lines[:-3]), tail
        assert ENTRY.fullmatch(lines[-2]) and lines[-2].startswith(f"- {day.isoformat()} {word}")
        assert new.endswith(b"\n") == (data.endswith(b"\n") or not data.removeprefix(BOM))
        body = data.removeprefix(BOM) + tail[: tail.index("## Log")].encode()
        if body.decode("utf-8").strip():
            assert body.endswith(enl * 2), body  # a blank line before the heading
        else:
            assert body.endswith(enl) or not body
    else:
        assert new.count(b"\n") == data.count(b"\n") + 1
        i = new.index(MARK.encode())
        start = new.rfind(b"\n", 0, i) + 1
        end = new.find(b"\n", i)
        if end < 0:  # the new last line of a file without a final newline
            assert not data.endswith(b"\n")
            assert new[:start].endswith(enl)
            restored = new[: start - len(enl)]
        else:
            assert new[end + 1 - len(enl) : end + 1] == enl  # the file's own line ending
            restored = new[:start] + new[end + 1 :]
        assert restored == data
        line = new[start : end if end >= 0 else len(new)].decode("utf-8").rstrip("\r")
        assert ENTRY.fullmatch(line)
        # in the section, in date order
        new_line_no = new[:start].count(b"\n") + 1
        first, last = heading_at + 1, (notes_at + 1 if notes_at is not None else 10**9)
        assert first < new_line_no <= last
        log = [e for e in entries_of(new) if first < e.line <= last]
        mine = [e for e in log if e.line == new_line_no]
        assert (
            len(mine) == 1
            and mine[0].day == day.toordinal()
            and mine[0].text == " ".join(text.split())
        )
        assert mine[0].minutes == minutes
        before = [e for e in log if e.line < new_line_no]
        after = [e for e in log if e.line > new_line_no]
        assert all(e.day <= day.toordinal() for e in before)
        if any(e.day > day.toordinal() for e in log):
            assert after and after[0].day > day.toordinal()
        else:
            assert not after

    # either way the new entry is read back
    assert [e for e in entries_of(new) if MARK in e.text]


# --- set_keys ----------------------------------------------------------------------------------

FM = b"---\nname: Ada\ncircle: close\nsnooze_until: 2026-01-01\ncompany: X\n---\nBody\n## Log\n"


def test_set_keys_replaces_only_that_line():
    new = set_keys(FM, {"snooze_until": "2027-01-01"})
    assert new == FM.replace(b"snooze_until: 2026-01-01", b"snooze_until: 2027-01-01")


def test_set_keys_adds_a_missing_key_at_the_end_of_the_front_matter():
    new = set_keys(FM, {"snooze_why": yaml_scalar("new baby: twins")})
    assert new == FM.replace(b"company: X\n", b'company: X\nsnooze_why: "new baby: twins"\n')
    assert yaml.safe_load(new.split(b"---\n")[1])["snooze_why"] == "new baby: twins"


def test_set_keys_removes_a_key_and_ignores_a_missing_one():
    new = set_keys(FM, {"snooze_until": None, "snooze_why": None})
    assert new == FM.replace(b"snooze_until: 2026-01-01\n", b"")


def test_set_keys_leaves_keys_with_a_longer_name_and_nested_keys_alone():
    data = (
        b"---\nsnooze_until_old: 1\nmeta:\n  snooze_until: 2\n# snooze_until: 3\n"
        b"snooze_until: 2026-01-01\nname: Ada\n---\nsnooze_until: body\n"
    )
    assert set_keys(data, {"snooze_until": "2027-02-02"}) == data.replace(
        b"snooze_until: 2026-01-01", b"snooze_until: 2027-02-02"
    )


def test_set_keys_replaces_a_key_with_its_continuation_lines():
    data = b"---\nname: Ada\ncompany:\n  - A\n  - B\nrole: r\ntags:\n- x\n- y\n---\nBody\n"
    new = set_keys(data, {"company": "C", "tags": "[z]"})
    assert new == b"---\nname: Ada\ncompany: C\nrole: r\ntags: [z]\n---\nBody\n"
    assert (
        set_keys(data, {"company": None})
        == b"---\nname: Ada\nrole: r\ntags:\n- x\n- y\n---\nBody\n"
    )


def test_set_keys_keeps_crlf_and_bom():
    data = BOM + b"---\r\nname: Ada\r\nrole: old\r\n---\r\nBody\r\n"
    new = set_keys(data, {"role": "new", "company": "C"})
    assert new == BOM + b"---\r\nname: Ada\r\nrole: new\r\ncompany: C\r\n---\r\nBody\r\n"


def test_set_keys_empty_front_matter():
    assert set_keys(b"---\n---\nBody\n", {"a": "1"}) == b"---\na: 1\n---\nBody\n"


def test_set_keys_adds_front_matter_to_a_file_without_it():
    data = BOM + b"# Ada\r\n\r\n## Log\r\n"
    new = set_keys(data, {"snooze_until": "2027-01-01", "snooze_why": None})
    assert new == BOM + b"---\r\nsnooze_until: 2027-01-01\r\n---\r\n# Ada\r\n\r\n## Log\r\n"
    assert set_keys(b"# Ada\n", {"snooze_until": None}) == b"# Ada\n"


def test_set_keys_refuses_an_unclosed_front_matter():
    data = b"---\nname: Ada\n\n## Log\n"
    with pytest.raises(WriteError, match="never closed"):
        set_keys(data, {"snooze_until": "2027-01-01"})


@pytest.mark.parametrize(
    ("written", "key"),
    [
        ("Snooze Until", "snooze_until"),
        ("snooze-until", "snooze_until"),
        ("SNOOZE_UNTIL", "snooze_until"),
        ("Snooze Why", "snooze_why"),
        ("Company", "company"),
        ("E-mail", "email"),
        ("'Snooze Until'", "snooze_until"),
        ("Alias", "aliases"),
        ("tag", "tags"),
    ],
)
def test_set_keys_finds_a_key_by_its_folded_name_and_keeps_its_spelling(written, key):
    data = f"---\nname: Ada\n{written}: old\nrole: r\n---\nBody\n".encode()
    assert set_keys(data, {key: "new"}) == data.replace(b": old", b": new")
    assert set_keys(data, {key: None}) == data.replace(f"{written}: old\n".encode(), b"")


def test_set_keys_keeps_a_folded_keys_continuation_lines_together():
    data = b"---\nName: Ada\nSnooze Why: |\n  two\n  lines\nRole: r\n---\n"
    assert set_keys(data, {"snooze_why": "one"}) == (
        b"---\nName: Ada\nSnooze Why: one\nRole: r\n---\n"
    )


@pytest.mark.parametrize(
    ("first", "second", "key"),
    [
        ("snooze_until", "snooze_until", "snooze_until"),
        ("Snooze Until", "snooze_until", "snooze_until"),
        ("company", "Company", "company"),
        ("alias", "aliases", "aliases"),
        ("snooze_why", "Snooze-Why", "snooze_why"),
    ],
)
@pytest.mark.parametrize("value", ["2027-01-01", None])
def test_set_keys_refuses_a_key_written_twice(first, second, key, value):
    data = f"---\nname: Ada\n{first}: a\nrole: r\n{second}: b\n---\n".encode()
    with pytest.raises(
        WriteError, match=rf"key '{first}' is written 2 times .*lines 3, 5.*nothing"
    ):
        set_keys(data, {key: value})


def test_set_keys_ignores_duplicates_of_keys_it_does_not_set():
    data = b"---\nname: Ada\ncompany: a\nCompany: b\n---\n"
    assert set_keys(data, {"snooze_until": "2027-01-01"}) == data.replace(
        b"Company: b\n", b"Company: b\nsnooze_until: 2027-01-01\n"
    )


@settings(max_examples=150, deadline=None)
@given(files(), st.sampled_from(["2027-01-01", yaml_scalar("a new baby: twins")]))
def test_set_then_remove_a_new_key_gives_back_the_bytes(case, value):
    data, nl = case[0], case[1]
    assume(data.removeprefix(BOM).startswith(b"---"))  # front matter (always closed here)
    text = data.removeprefix(BOM).decode("utf-8")
    bounds = front_matter_bounds(text)
    if yaml_problem(text[bounds.fm_start : bounds.fm_end]):  # not a mapping the reader loads
        with pytest.raises(WriteError, match="not valid YAML"):
            set_keys(data, {"snooze_until": value})
        return
    with_key = set_keys(data, {"snooze_until": value})
    fm_end = with_key.index(b"\n---") + 1
    added_line = f"snooze_until: {value}{nl}".encode()
    assert with_key[:fm_end].endswith(added_line)
    assert with_key[: fm_end - len(added_line)] + with_key[fm_end:] == data
    assert set_keys(with_key, {"snooze_until": None}) == data


# --- yaml_scalar -------------------------------------------------------------------------------

TRICKY = [
    "new baby: twins",
    "#1",
    "a #b",
    "yes",
    "No",
    "on",
    "OFF",
    "true",
    "null",
    "Null",
    "~",
    "y",
    "n",
    'say "hi"',
    "it's",
    "'quoted'",
    "Zoë 漢字 🎉",
    "  padded ",
    "trailing ",
    "- dash",
    "[x]",
    "{y}",
    "*star",
    "&anchor",
    "!tag",
    "|",
    ">",
    "%",
    "@at",
    "`tick`",
    "a\tb",
    "back\\slash",
    "",
    "?",
    "Studio 54",
    "3M",
    "v2.0 launch",
    "a, b",
    "ümlaut: yes",
    "line\u2028sep",
]


@pytest.mark.parametrize("value", TRICKY)
def test_yaml_scalar_round_trips(value):
    assert yaml.safe_load(f"k: {yaml_scalar(value)}\n")["k"] == value


@given(st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cc", "Cs", "Nd"))))
@settings(max_examples=300, deadline=None)
def test_yaml_scalar_round_trips_any_text_without_digits(value):
    assert yaml.safe_load(f"k: {yaml_scalar(value)}\n")["k"] == value


@pytest.mark.parametrize("value", ["007", "0x1F", "1_000", "1.0", "2026-01-01", "x\x7f"])
def test_yaml_scalar_round_trips_number_like_text(value):
    assert yaml.safe_load(f"k: {yaml_scalar(value)}\n")["k"] == value


@pytest.mark.parametrize("value", TRICKY + ["007", "2026-01-01", "x\x7f", "a, b, c", "[[Acme]]"])
def test_yaml_scalar_round_trips_as_a_flow_list_item(value):
    items = [value, "next"]
    written = yaml_flow_list(items)
    assert yaml.safe_load(f"k: {written}\n")["k"] == items
    assert _load_yaml(f"k: {written}\n")["k"] == items  # and as the reader loads it


@pytest.mark.parametrize(
    ("value", "mapping", "flow"),
    [
        ("ana@example.com", "ana@example.com", "ana@example.com"),
        ("https://x.example/a?b=c", "https://x.example/a?b=c", "https://x.example/a?b=c"),
        ("Smith, Ana", "Smith, Ana", '"Smith, Ana"'),  # a comma splits a flow list
        ("C++", "C++", "C++"),
        ("a: b", '"a: b"', '"a: b"'),
        ("x #y", '"x #y"', '"x #y"'),
        ("a\tb", '"a\\tb"', '"a\\tb"'),  # readers disagree on a tab in plain text
        (date(2026, 3, 1), "2026-03-01", "2026-03-01"),
        ("true", '"true"', '"true"'),
        (".nan", '".nan"', '".nan"'),  # NaN to YAML, though network-md's reader keeps the text
        ("2026-02-30", '"2026-02-30"', '"2026-02-30"'),
    ],
)
def test_yaml_scalar_is_plain_exactly_when_it_reads_back(value, mapping, flow):
    """One writer for every value network-md writes (new, snooze, the importers): plain text
    wherever it reads back as itself, in a mapping and in a flow list alike."""
    assert yaml_scalar(value) == mapping
    assert yaml_scalar(value, flow=True) == flow


# --- read_for_edit and write_atomic ------------------------------------------------------------


def listing(folder: Path) -> list[str]:
    return sorted(os.listdir(folder))


@pytest.fixture
def contact(tmp_path):
    folder = tmp_path / "people"
    folder.mkdir()
    path = folder / "ada.md"
    path.write_bytes(b"---\nname: Ada\n---\n## Log\n")
    return path


def test_write_atomic_writes_and_keeps_permissions(contact):
    os.chmod(contact, 0o640)
    before = read_for_edit(contact)
    after = add_entry(before, DAY, "gave", "x")
    write_file(contact, after, before)
    assert contact.read_bytes() == after
    assert stat.S_IMODE(contact.stat().st_mode) == 0o640
    assert listing(contact.parent) == ["ada.md"]


def test_write_atomic_refuses_a_file_changed_between_read_and_write(contact):
    before = read_for_edit(contact)
    contact.write_bytes(before + b"- 2026-11-26 met: typed by hand meanwhile\n")
    meanwhile = contact.read_bytes()
    with pytest.raises(WriteError, match="changed on disk"):
        write_file(contact, add_entry(before, DAY, "gave", "x"), before)
    assert contact.read_bytes() == meanwhile
    assert listing(contact.parent) == ["ada.md"]


def test_write_atomic_refuses_a_file_that_vanished(contact):
    before = read_for_edit(contact)
    contact.unlink()
    with pytest.raises(WriteError, match="vanished"):
        write_file(contact, add_entry(before, DAY, "gave", "x"), before)
    assert not contact.exists()
    assert listing(contact.parent) == []


def test_read_for_edit_refuses_a_file_that_is_gone(contact):
    contact.unlink()
    with pytest.raises(WriteError, match="gone"):
        read_for_edit(contact)


def test_write_atomic_new_file_never_overwrites(contact):
    original = contact.read_bytes()
    with pytest.raises(WriteError, match="already exists"):
        write_file(contact, b"---\nname: Someone else\n---\n", None)
    assert contact.read_bytes() == original
    assert listing(contact.parent) == ["ada.md"]


def test_write_atomic_new_file(contact):
    path = contact.parent / "grace.md"
    write_file(path, b"---\nname: Grace\n---\n", None)
    assert path.read_bytes() == b"---\nname: Grace\n---\n"
    mask = os.umask(0o022)
    os.umask(mask)
    assert stat.S_IMODE(path.stat().st_mode) == 0o666 & ~mask
    assert listing(contact.parent) == ["ada.md", "grace.md"]


def test_write_atomic_into_a_missing_folder_is_an_error(tmp_path):
    with pytest.raises(WriteError, match="nothing written"):
        write_file(tmp_path / "nowhere" / "ada.md", b"x", None)
    assert listing(tmp_path) == []


# Root may write any file, so os.access(W_OK) is True for a 0o444 file when the tests run as
# root. Then the read-only checks run in a forked child that has dropped to `nobody`.


def test_read_for_edit_refuses_a_read_only_file(open_dir):
    path = open_dir / "ada.md"
    path.write_bytes(b"---\nname: Ada\n---\n## Log\n")
    os.chmod(path, 0o444)

    def attempt():
        assert not os.access(path, os.W_OK)
        try:
            read_for_edit(path)
        except WriteError as exc:
            return ["refused", exc.message]
        return ["read"]

    assert as_unprivileged(attempt)[0] == "refused"
    assert path.read_bytes() == b"---\nname: Ada\n---\n## Log\n"
    assert listing(open_dir) == ["ada.md"]


def test_write_atomic_refuses_a_file_made_read_only_after_it_was_read(open_dir):
    path = open_dir / "ada.md"
    path.write_bytes(b"---\nname: Ada\n---\n## Log\n")
    os.chmod(path, 0o644)
    if os.geteuid() == 0:
        os.chown(path, 65534, 65534)  # the unprivileged child must own it to chmod it

    def attempt():
        before = read_for_edit(path)  # writable when read
        os.chmod(path, 0o444)  # then made read-only before the write
        try:
            write_file(path, add_entry(before, DAY, "gave", "x"), before)
        except WriteError:
            return "refused"
        return "written"

    assert as_unprivileged(attempt) == "refused"
    assert path.read_bytes() == b"---\nname: Ada\n---\n## Log\n"


# --- keys are set only in front matter the reader can load ---------------------------------------

BROKEN_FRONT_MATTER = [
    "---\nname: [Ada\n---\nBody\n",  # an unclosed flow list
    "---\nname: Ada\n  role: x\n bad\n---\n",  # wrong indentation
    "---\n- Ada\n- Lovelace\n---\n",  # a list, not a mapping
    "---\njust text\n---\n",  # text, not a mapping
    "---\nname: Ada\nname: 'x\n---\n",  # an unclosed quote
]


@pytest.mark.parametrize("text", BROKEN_FRONT_MATTER)
@pytest.mark.parametrize(
    "values", [{"snooze_until": "2027-01-01"}, {"snooze_until": None}, {"company": "Acme"}]
)
def test_set_keys_refuses_front_matter_that_is_not_valid_yaml(text, values):
    with pytest.raises(WriteError, match="front matter is not valid YAML"):
        set_keys(text.encode(), values)


def test_set_keys_accepts_template_placeholders_as_the_reader_does():
    data = b"---\nname: Ada\ncreated: {{date}}\n---\n"
    assert set_keys(data, {"snooze_until": "2027-01-01"}).startswith(b"---\nname: Ada\n")


def test_set_keys_refuses_an_edit_that_would_break_the_front_matter():
    data = b"---\nnotes: |\n  snooze_until: x\n---\n"  # the key name inside a block scalar
    with pytest.raises(WriteError, match="once the keys are set"):
        set_keys(data, {"snooze_until": "[broken"})


# --- the log section the file already has -------------------------------------------------------


def test_log_goes_into_the_configured_section():
    data = (
        b"---\nname: Bo\n---\nNotes.\n\n## Interactions\n- 2026-11-01 met: coffee\n\n## Other\nx\n"
    )
    new = add_entry(data, DAY, "gave", "a book", heading="## Interactions")
    assert new == data.replace(b"coffee\n", b"coffee\n- 2026-11-27 gave: a book\n")


def test_log_heading_matches_in_any_case_and_with_closing_hashes():
    data = b"# Bo\n\n## interactions ##\n- 2026-11-01 met: coffee\n"
    new = add_entry(data, DAY, "met", "x", heading="## Interactions")
    assert new.count(b"nteractions") == 1 and new.endswith(b"- 2026-11-27 met: x\n")


def test_an_existing_log_section_is_used_when_the_configured_one_is_missing():
    data = b"# Bo\n\n## Log\n- 2026-11-01 met: coffee\n"
    new = add_entry(data, DAY, "met", "x", heading="## Interactions")
    assert new == data + b"- 2026-11-27 met: x\n"


def test_a_missing_section_is_made_under_the_configured_heading():
    new = add_entry(b"# Bo\n", DAY, "met", "x", heading="## Interactions")
    assert new == b"# Bo\n\n## Interactions\n- 2026-11-27 met: x\n"
    crlf = add_entry(b"# Bo\r\n", DAY, "met", "x", heading="### Log")
    assert crlf == b"# Bo\r\n\r\n### Log\r\n- 2026-11-27 met: x\r\n"


def test_a_deeper_log_heading_ends_at_the_next_heading_of_its_level():
    data = b"# Bo\n\n### Log\n- 2026-11-01 met: a\n\n### Next\n- 2026-11-02 met: elsewhere\n"
    new = add_entry(data, DAY, "met", "x", heading="### Log")
    assert new == data.replace(b"met: a\n", b"met: a\n- 2026-11-27 met: x\n")


@pytest.mark.parametrize("level", ["#", "###", "####"])
@pytest.mark.parametrize("configured", ["## Log", "## Interactions"])
def test_a_log_section_at_another_level_is_the_section_never_a_second_one(level, configured):
    """`### Log` (or `# Log`) is the file's log to a reader: `log` writes there, it ends at the
    next heading of its own level or higher, and no `## Log` is added."""
    title = configured.split(" ", 1)[1]
    data = f"# Bo\n\nNotes.\n\n{level} {title}\n- 2026-11-01 met: a\n\n{level} Next\nz\n".encode()
    new = add_entry(data, DAY, "gave", "b", heading=configured)
    assert new == data.replace(b"met: a\n", b"met: a\n- 2026-11-27 gave: b\n")
