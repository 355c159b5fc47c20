"""What `search` looks in, per file: every line folded as names are, tagged with the part of the
contact it holds. Pure: a file's bytes in, its searchable text out (no YAML, no log grammar
beyond which lines are entries, so a broken file is searched like any other).

The text is UTF-8 bytes, one line per line of the file: line 0 is the file's stem (a name the
contact answers to), line N is the file's line N. Each line is one ZONE letter, then the line
folded (`core.names.fold`): lower case, accents and punctuation gone. A folded term is never
upper case and never holds a newline, so `term in text` finds it only inside one line's
folded text, and a zone letter is never part of a match.

Beside it, a contact's facts (`facts`): what `key:value` terms ask, as the parser reads the
front matter (YAML and all), one zone letter and folded value a line: its name, each alias,
each tag, each company, role, email, phone and LinkedIn value.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, NamedTuple

from network_md.core.names import fold, fold_text
from network_md.format.fields import canonical, known, same_key, texts
from network_md.format.logscan import DATED, FIRST_LINE, HEADING, fenced_ranges
from network_md.format.parse import BOM, front_matter_bounds

if TYPE_CHECKING:
    from network_md.core.model import Contact

STEM = "S"  # line 0: the file's stem
NAME = "N"
ALIAS = "A"
TAG = "T"
CIRCLE = "O"
COMPANY, ROLE, EMAIL, PHONE, LINKEDIN = "C", "R", "E", "P", "L"
FIELD = "F"  # any other front-matter key's line, the key included
NOTE = "B"  # the body outside log entries (fenced code included: it is part of the notes)
ENTRY = "G"  # a log entry's line
NOTHING = "-"  # front-matter delimiters and comments

# `network-md: dashboard` in the front matter: the file says it is no contact (as the parser reads it).
NOT_A_CONTACT = re.compile(
    rb"\A(?:\xef\xbb\xbf)?---[ \t]*\r?\n(?:(?!---|\.\.\.)[^\n]*\n)*?"
    rb"network-md:[ \t]*(['\"]?)dashboard\1[ \t]*(?:#[^\n]*)?\r?$",
    re.MULTILINE,
)
# Front-matter keys (as `same_key` or `canonical` spell them) -> their zone.
KEY_ZONES = {
    "name": NAME,
    "aliases": ALIAS,
    "tags": TAG,
    "circle": CIRCLE,
    "company": COMPANY,
    "role": ROLE,
    "email": EMAIL,
    "phone": PHONE,
    "linkedin": LINKEDIN,
}


def key_zone(key: str) -> str:
    """The zone of a front-matter key as written (`E-Mail` -> EMAIL, `Title` -> ROLE)."""
    return KEY_ZONES.get(same_key(key)) or KEY_ZONES.get(canonical(key)) or FIELD


def searchable(data: bytes, stem: str) -> bytes:
    """The searchable text of one file (see the module's docstring); nothing for a file that
    is no contact whatever its name: binary (NUL bytes), or a dashboard by its front matter."""
    if b"\x00" in data or NOT_A_CONTACT.search(data[:4096]):
        return b""
    text = data.decode("utf-8", "replace")
    text = text[1:] if text.startswith(BOM) else text
    lines = text.split("\n")
    zones = [NOTE] * len(lines)
    folded: list[str | None] = [None] * len(lines)
    bounds = front_matter_bounds(text)
    body_line = 0
    named = False
    if bounds is not None and bounds.body_at >= 0:
        first = text.count("\n", 0, bounds.fm_start)  # the opening `---` line's index is 0
        last = text.count("\n", 0, bounds.fm_end)  # the closing line's index
        zones[0] = zones[last] = NOTHING
        named = _front_matter(lines, first, last, zones, folded)
        body_line = last + 1
    _body(text, lines, body_line, zones, named)
    out = [STEM + fold_text(stem)]
    for line, zone, done in zip(lines, zones, folded):
        out.append(zone + (fold_text(line) if done is None else done) if zone != NOTHING else zone)
    return "\n".join(out).encode("utf-8")


def _front_matter(lines, first: int, last: int, zones: list, folded: list) -> bool:
    """Zones and folded values of the front matter's lines; True when a `name:` key is there."""
    zone, named = FIELD, False
    for i in range(first, last):
        line = lines[i]
        head = line[:1]
        if head == "#":
            zones[i] = NOTHING
        elif head not in (" ", "\t", "-", "") and ":" in line:
            key, value = line.split(":", 1)
            zone = key_zone(key.strip().strip("'\""))
            named = named or zone == NAME
            zones[i] = zone
            if (
                zone != FIELD
            ):  # a known key's value alone; any other key is text too (`location: x`)
                folded[i] = fold_text(value)
        else:
            zones[i] = zone  # a list item or a continued value: its key's
    return named


def _body(text: str, lines: list, start: int, zones: list, named: bool) -> None:
    """Entry lines outside fenced code are ENTRY; without a `name:` key, a `# ` heading as the
    body's first non-blank line is the NAME (as the parser names the contact)."""
    offsets, at = [], 0
    for line in lines:
        offsets.append(at)
        at += len(line) + 1
    fences = fenced_ranges(text, offsets[start] if start < len(offsets) else len(text))
    for i in range(start, len(lines)):
        if DATED.match(lines[i]) and not any(a <= offsets[i] < b for a, b in fences):
            zones[i] = ENTRY
    if not named and start < len(lines):
        m = FIRST_LINE.match(text, offsets[start])
        if m and HEADING.match(m[1]):
            zones[text.count("\n", 0, m.start(1))] = NAME


class Corpus(NamedTuple):
    """Every contact file of a vault, by position: its path, searchable text and facts."""

    paths: list[str]
    texts: list[bytes]
    facts: list[bytes]


# The known fields whose values are facts, by canonical key (fields.known's) -> their zone.
FACT_FIELDS = {
    "company": COMPANY, "role": ROLE, "email": EMAIL, "phone": PHONE, "linkedin": LINKEDIN,
}  # fmt: skip


def facts(contact: Contact | None) -> bytes:
    """The contact's facts as UTF-8 lines, each a zone letter and a folded value, with a newline
    before the first line and after every line (so a newline, `T`, a tag and a newline is one
    whole tag); b"" for a file that is no contact. A folded value never holds a newline."""
    if contact is None:
        return b""
    lines = [NAME + fold(contact.name)]
    lines += [ALIAS + fold(a) for a in contact.aliases]
    lines += [TAG + fold(t) for t in contact.tags]
    own = known(contact.fields)
    for key, zone in FACT_FIELDS.items():
        lines += [zone + fold(v) for v in texts(own.get(key))]
    return ("\n" + "\n".join(lines) + "\n").encode("utf-8")


def file_facts(path: str, data: bytes) -> bytes:
    """`facts` of the contact the file's bytes make, read as the parser reads them; no config
    decides who a contact is (its name, aliases, tags or fields), so none is asked."""
    from network_md.format.config import DEFAULT
    from network_md.format.parse import parse_contact

    return facts(parse_contact(path, data, DEFAULT, with_log=False, with_entries=False)[0])
