"""A file's searchable text: one folded line per line of the file, each with its zone."""

from __future__ import annotations

import pytest

from network_md.format import searchtext as z
from network_md.format.searchtext import searchable


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
