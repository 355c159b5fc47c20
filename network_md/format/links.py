"""Wikilinks as Obsidian writes them, and which contacts they name. Pure: text in, values out.

Forms: `[[Target]]`, `[[Target|shown]]`, `[[folder/Target]]`, `[[Target#heading]]`,
`[[Target#^block]]`, `[[Target.md]]`, and embeds `![[Target]]` (Obsidian lists an embed among
a note's backlinks, so an embed of a contact links it too). Links inside fenced code blocks and
inline code spans are not links: Obsidian shows them as code and does not index them.

A target names a contact by, in this order (the first tier that matches decides):
1. its file: the stem (`ada`) or a vault-relative path without `.md`, whole or its last folders
   (`people/ada`, `friends/people/ada`), as clicking the link in Obsidian opens it;
2. its name or one of its aliases.
Both tiers compare folded text (`core.names.fold`: case, accents, apostrophes), so
`[[Ada Lovelace]]`, `[[ada lovelace]]` and `[[Adá Lovelace]]` are one link. A target that
names two or more contacts in the tier that matched is ambiguous (a warning); a target that
names nobody (`[[Lisbon]]`, a date, a picture) is not a problem.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import NamedTuple

from network_md.core.model import Contact, Problem
from network_md.core.names import fold
from network_md.core.quote import show_value
from network_md.format.fields import canonical, known
from network_md.format.logscan import fenced_ranges

# `![[...]]` or `[[...]]` on one line; the inside holds no bracket.
_LINK = re.compile(r"(!?)\[\[([^\[\]\n]+)\]\]")
_ONE_LINK = re.compile(r"\s*(!?)\[\[([^\[\]\n]+)\]\]\s*")
# An inline code span: a run of backticks, then the shortest text up to the same run, within a
# paragraph (a blank line ends an unclosed span, as in CommonMark).
_CODE_SPAN = re.compile(r"(?<!`)(`+)(?!`)((?:[^\n]|\n(?![ \t]*\r?\n))+?)(?<!`)\1(?!`)")


class Link(NamedTuple):
    """One wikilink as written in a text."""

    target: str  # the note it points at, as written: no `#part`, no `|shown`, no `.md` stripped
    part: str | None  # after `#` (a heading, or `^block`), or None
    shown: str | None  # after `|`, or None
    embed: bool  # written `![[...]]`
    start: int  # offset of the first `[` (or of `!` for an embed) in the text
    end: int  # offset just after the closing `]]`

    @property
    def text(self) -> str:
        """What a reader sees: the shown text, else the target."""
        return self.shown if self.shown is not None else self.target


def parse_inside(inside: str, embed: bool = False, start: int = 0, end: int = 0) -> Link:
    """The parts of `Target#part|shown` (the text between `[[` and `]]`). A `\\|`, as Obsidian
    writes a link inside a table cell, splits like `|`."""
    target, bar, shown = inside.partition("|")
    if target.endswith("\\"):
        target = target[:-1]
    target, hash_, part = target.partition("#")
    return Link(
        target.strip(), part.strip() if hash_ else None, shown if bar else None, embed, start, end
    )


def parse_link(text: str) -> Link | None:
    """The link when `text` is exactly one wikilink (a front-matter value like
    `introduced_by: "[[Charles Babbage]]"`), surrounding spaces aside; else None."""
    m = _ONE_LINK.fullmatch(text)
    return parse_inside(m[2], bool(m[1]), m.start(1), m.end(2) + 2) if m else None


EMPTY = (None, "", [])  # a key with no value names no one (as format.fields.known has it)


def has_introduced_by(contact: Contact) -> bool:
    """Asked of every contact on every cold command: a substring test spares most keys the fold."""
    return any(
        "ntroduced" in key.lower() and canonical(key) == "introduced_by" and value not in EMPTY
        for key, value in contact.fields.items()
    )


def introduced_by_target(contact: Contact) -> str | None:
    """What the contact's `introduced_by` names, as a link target: `[[Charles Babbage]]`,
    `"[[people/charles|Charles]]"` or a plain name. YAML reads an unquoted `[[Name]]` as a list
    in a list: its text is the name too."""
    if not has_introduced_by(contact):
        return None
    value = known(contact.fields).get("introduced_by")
    while isinstance(value, list) and value:
        value = value[0]
    if not isinstance(value, str) or not value.strip():
        return None
    link = parse_link(value)
    return link.target if link else value.strip()


def find_links(text: str) -> list[Link]:
    """Every wikilink in `text`, in order, except those in fenced code blocks or inline code."""
    if "[[" not in text:
        return []
    hidden = fenced_ranges(text, 0) if ("```" in text or "~~~" in text) else []
    if "`" in text:
        hidden += [m.span() for m in _CODE_SPAN.finditer(text) if not _in(m.start(), hidden)]
    found = []
    for m in _LINK.finditer(text):
        if hidden and _in(m.start(), hidden):
            continue
        found.append(parse_inside(m[2], bool(m[1]), m.start(), m.end()))
    return found


def _in(at: int, ranges: list[tuple[int, int]]) -> bool:
    return any(a <= at < b for a, b in ranges)


def path_key(path: str) -> str:
    """A vault-relative path (or a link's path target) as the index compares it: `/` between
    folded segments, without `.md`: `People/Adá.md` -> `people/ada`."""
    text = path.replace("\\", "/").strip().strip("/")
    if text.lower().endswith(".md"):
        text = text[:-3]
    return "/".join(fold(part) for part in text.split("/"))


class LinkIndex(NamedTuple):
    """Folded keys -> the paths of the contacts they name, built once for a vault (dict
    lookups: resolving is as fast at 100,000 contacts as at 10)."""

    by_file: dict  # path_key of the stem and of every trailing run of folders -> paths
    by_name: dict  # fold(name or alias) -> paths

    def resolve(self, target: str) -> tuple[str, ...]:
        """The paths of the contacts `target` names (a Link's target): none, one, or several
        when it is ambiguous. A target written from the root (`/people/ada`) names a whole
        path only."""
        key = path_key(target)
        if not key:
            return ()
        found = self.by_file.get(key, ())
        if target.lstrip().startswith("/"):
            found = tuple(p for p in found if path_key(p) == key)
        return found or self.by_name.get(fold(target), ())


def build_index(contacts: Iterable[Contact]) -> LinkIndex:
    """The index of every contact's file keys and names."""
    by_file: dict[str, list[str]] = {}
    by_name: dict[str, list[str]] = {}
    for c in contacts:
        parts = path_key(c.path).split("/")
        for i in range(len(parts)):
            _add(by_file, "/".join(parts[i:]), c.path)
        for name in (c.name, *c.aliases):
            key = fold(name)
            if key:
                _add(by_name, key, c.path)
    return LinkIndex(_frozen(by_file), _frozen(by_name))


def _add(table: dict[str, list[str]], key: str, path: str) -> None:
    paths = table.setdefault(key, [])
    if path not in paths:  # a name that is also an alias of the same contact is one contact
        paths.append(path)


def _frozen(table: dict[str, list[str]]) -> dict[str, tuple[str, ...]]:
    """Each key's paths in path order: the index (and each message that lists the contacts a
    link may mean) is the same whatever order the contacts came in, as the cache kept them or
    as the files are read."""
    return {k: tuple(sorted(v)) for k, v in table.items()}


class Linked(NamedTuple):
    """The contacts a text links, and the warnings its ambiguous links raise."""

    paths: tuple[str, ...]  # each linked contact once, in the order of its first link
    problems: tuple[Problem, ...]


def linked(
    text: str, index: LinkIndex, path: str = "", line: int | None = None, links=None
) -> Linked:
    """The contacts that the links in `text` name (`links`: found already, else found here).
    An ambiguous link links nobody and is a warning at `path`:`line`."""
    paths: list[str] = []
    problems: list[Problem] = []
    for link in find_links(text) if links is None else links:
        found = index.resolve(link.target)
        if len(found) == 1:
            if found[0] not in paths:
                paths.append(found[0])
        elif found:
            problems.append(ambiguous(link, found, path, line))
    return Linked(tuple(paths), tuple(problems))


def ambiguous(link: Link, paths: tuple[str, ...], path: str, line: int | None) -> Problem:
    """The warning for a link that names several contacts: it lists them, by path."""
    names = ", ".join(paths[:5]) + (f" and {len(paths) - 5} more" if len(paths) > 5 else "")
    return Problem(
        path,
        line,
        "warning",
        f"[[{show_value(link.target)}]] names {len(paths)} contacts ({names}); it links none of "
        "them: link one by its file name or path",
    )
