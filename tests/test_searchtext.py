"""A file's searchable text: one folded line per line of the file, each with its zone."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from network_md.analysis.search import FACT_KEYS, Term
from network_md.core.names import fold
from network_md.format import searchtext as z
from network_md.format.config import DEFAULT, parse_config
from network_md.format.parse import parse_contact
from network_md.format.searchtext import facts, file_facts, searchable

SEARCH_CONFIGS = [
    "contacts: [people]\n",
    "contacts: [people]\ncircles: {inner: 3, close: 7}\nkinds: {coffee: met}\n",
    "log_heading: '## Journal'\ndashboard: people/x.md\n",
]


def zones(data: bytes, stem: str = "x") -> list[tuple[str, str]]:
    return [(line[:1], line[1:]) for line in searchable(data, stem).decode().split("\n")]


def test_each_line_of_the_file_is_one_line_after_the_stem():
    text = (
        "---\nName: Zoë O'Brien\nAlias: Zo\ntags:\n  - Go\n  - Rust\nE-Mail: zo@x.org\nTitle: CTO\n"
        "Company: '[[Acme]]'\ncircle: close\nLocation: Lisbon\n# a comment\n---\n"
        "Notes here.\n```\n- 2026-01-01 met: fenced\n```\n## Log\n- [ ] 2026-11-01 met: Café\n"
    )
    assert zones(text.encode(), "zoe-obrien") == [
        (z.STEM, "zoe obrien"),
        (z.NOTHING, ""),
        (z.NAME, "zoe obrien"),
        (z.ALIAS, "zo"),
        (z.TAG, ""),
        (z.TAG, "go"),
        (z.TAG, "rust"),
        (z.EMAIL, "zo x org"),
        (z.ROLE, "cto"),
        (z.COMPANY, "acme"),
        (z.CIRCLE, "close"),
        (z.FIELD, "location lisbon"),  # any other key's line: the key is text too
        (z.NOTHING, ""),
        (z.NOTHING, ""),
        (z.NOTE, "notes here"),
        (z.NOTE, ""),
        (z.NOTE, "2026 01 01 met fenced"),  # in a fence: notes, not the log
        (z.NOTE, ""),
        (z.NOTE, "log"),
        (z.ENTRY, "2026 11 01 met cafe"),
        (z.NOTE, ""),  # after the final newline
    ]


def test_without_a_name_key_the_first_heading_is_the_name_and_only_it():
    assert [zn for zn, _ in zones(b"\n# Ada\n# Other\n")] == [
        z.STEM,
        z.NOTE,
        z.NAME,
        z.NOTE,
        z.NOTE,
    ]
    assert zones(b"---\nname: Bo\n---\n# Ada\n")[4] == (z.NOTE, "ada")


@pytest.mark.parametrize(
    "data",
    [
        b"\xef\xbb\xbf---\r\nname: A\r\n---\r\nbody\r\n",
        b"---\nname: [broken\n---\nbody\n",
        b"---\nnever closed\nbody\n",
        b"\xff\xfe not utf-8 body\n",
        b"",
    ],
)
def test_any_bytes_give_one_line_per_line(data):
    lines = searchable(data, "s").decode().split("\n")
    assert len(lines) == 2 + data.count(b"\n") and lines[0] == "Ss"  # the stem, then each line
    assert all(line[:1] in "SNATOCRPELFBG-" for line in lines)


# --- a contact's facts ----------------------------------------------------------------------------

FACT_VALUES = [
    "Ada", "ADA Lovelace", "Zoë", "zoe", "O'Brien", "obrien", "Café Müller", "cafe", "[[Acme]]",
    "[[companies/acme|Acme Inc]]", "acme", "2024", "3.5", "yes", "a,b", "#go", "go", "Go Lang",
    "李", "😀", "x@y.org", "+1 555", "", "  ", "a\\nb",
]  # fmt: skip
FACT_KEYS_WRITTEN = [
    "name", "Name", "aliases", "Alias", "tags", "Tags", "company", "Company", "Title", "role",
    "position", "E-Mail", "email", "phone", "linkedin", "LinkedIn", "location", "circle",
]  # fmt: skip


def yaml_value(draw) -> str:
    value = draw(st.sampled_from(FACT_VALUES))
    shape = draw(st.sampled_from(["plain", "quoted", "list", "block", "anchor"]))
    quoted = '"' + value.replace('"', '\\"') + '"'
    if shape == "plain":
        return value
    if shape == "quoted":
        return quoted
    if shape == "list":
        other = draw(st.sampled_from(FACT_VALUES))
        return f'[{quoted}, "{other}"]'
    if shape == "block":
        return f"\n  - {quoted}\n  - {draw(st.sampled_from(FACT_VALUES)) or 'x'}"
    return f"&v {quoted}"


@st.composite
def front_matter_file(draw) -> bytes:
    lines = []
    for key in draw(st.lists(st.sampled_from(FACT_KEYS_WRITTEN), max_size=6)):
        lines.append(f"{key}: {yaml_value(draw)}")
    if any("&v" in line for line in lines) and draw(st.booleans()):
        lines.append(f"{draw(st.sampled_from(['tags', 'company', 'aliases']))}: [*v]")
    body = draw(st.sampled_from(["", "# Heading Name\n", "Some notes.\n", "# Ëve\n## Log\n"]))
    return ("---\n" + "\n".join(lines) + "\n---\n" + body).encode()


@settings(max_examples=400, deadline=None)
@given(data=front_matter_file(), key=st.sampled_from(sorted(FACT_KEYS)), value=st.data())
def test_facts_answer_every_field_term_as_the_contact_does(data, key, value):
    from network_md.analysis.search import _field_holds, holds_in

    contact, _ = parse_contact("people/x.md", data, DEFAULT)
    own = [*contact.aliases, *contact.tags, contact.name, *map(str, contact.fields.values())]
    pool = own if own and value.draw(st.booleans(), label="its own") else FACT_VALUES
    typed = value.draw(st.sampled_from(pool), label="value")
    folded = fold(typed.lstrip("#") if key == "tag" else typed)
    if not folded:
        return  # no term: parse_terms refuses it
    for part in {folded, folded[1:], folded[:-1]} - {""}:
        t = Term(key, part, typed)
        assert holds_in(t, facts(contact)) == _field_holds(t, None, contact), (t, contact)


@settings(max_examples=200, deadline=None)
@given(data=front_matter_file(), config=st.sampled_from(SEARCH_CONFIGS))
def test_facts_of_a_file_need_no_config_and_are_the_parsed_contact_s(data, config):
    cfg = parse_config(config)[0]
    assert file_facts("people/x.md", data) == facts(parse_contact("people/x.md", data, cfg)[0])


def test_facts_are_lines_of_a_zone_and_a_folded_value_and_none_for_no_contact():
    data = (
        "---\nname: Zoë O'Brien\naliases: [Zo, 'Z.']\ntags: [Go, '#Rust']\nTitle: CTO\n"
        "Company: '[[Acme]]'\nE-Mail: [zo@x.org, z@y.org]\nlocation: Lisbon\n---\n"
    ).encode()
    assert file_facts("people/zo.md", data) == (
        b"\nNzoe obrien\nAzo\nAz\nTgo\nTrust\nCacme\nRcto\nEzo x org\nEz y org\n"
    )
    assert file_facts("people/b.md", b"# Bin\x00") == b""
    assert file_facts("people/d.md", b"---\nnetwork-md: dashboard\n---\n") == b""
    assert file_facts("people/ana-lu.md", b"no name here\n") == b"\nNana lu\n"
