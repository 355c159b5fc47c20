"""Front-matter keys as people write them, and the values of the keys network-md knows.

Obsidian CRMs write `Company`, `E-mail`, `Phone Number`, `Birth Day`: a key is matched
case-insensitively, ignoring spaces, `_` and `-`, while the file keeps it as written. A value
may be an Obsidian link (`"[[Acme Corp]]"`, or YAML's nested list when unquoted): its text is
the value. Pure functions over a contact's JSON-safe `fields`.
"""

from __future__ import annotations

import re
from datetime import date
from functools import lru_cache
from typing import NamedTuple

# Canonical key -> the other spellings that mean it (each already folded).
KNOWN = {
    "company": ("company",),
    "role": ("role", "title", "position"),
    "email": ("email",),
    "phone": ("phone",),
    "linkedin": ("linkedin",),
    "birthday": ("birthday", "bday"),  # `bday`: as the vCard-contacts plugin for Obsidian writes it
    "introduced_by": ("introducedby",),
    "archived": ("archived",),
    "n": ("n",),
}
_SPELLINGS = {spelling: key for key, spellings in KNOWN.items() for spelling in spellings}
_IGNORED = re.compile(r"[\s_-]+")
# `[[folder/Target#part|shown]]`: 1 the target, 2 the part, 3 the text shown.
WIKILINK = re.compile(r"\[\[([^\]|#]*)(?:#([^\]|]*))?(?:\|([^\]]*))?\]\]\Z")
# `1815-12-10`; without the year `--12-10` or `--1210` (as vCard writes it) or `12-10`. ASCII digits
# only: `\d` would take other scripts' digits for a date.
BIRTHDAY = re.compile(r"(?:([0-9]{4})-|--)?([0-9]{2})-?([0-9]{2})\Z")


def fold_key(key: str) -> str:
    """`Phone Number`, `phone_number`, `phone-number` -> `phonenumber`."""
    return _IGNORED.sub("", key).casefold()


# Keys the parser reads under a second name (`alias:` is `aliases:`), each already folded.
SYNONYMS = {"alias": "aliases", "tag": "tags"}


def same_key(key: str) -> str:
    """What a written key is matched by when it is read, set or checked for a duplicate: its
    fold, `alias`/`tag` as `aliases`/`tags`."""
    folded = fold_key(key)
    return SYNONYMS.get(folded, folded)


class KeyLine(NamedTuple):
    """One top-level key line of a front matter: the key as written, its line (1-based, in the
    front matter's text) and where the key's text ends in that line."""

    key: str
    line: int
    key_end: int


# A top-level key at the start of a line, as YAML reads one: plain, or quoted (`"a: b":`), and
# followed by `:` and a space or the line's end (`a:b` is text, not a key). Groups: the key
# double-quoted, single-quoted, plain; the match ends where the key does (before the `:`).
KEY_LINE = re.compile(
    r"""(?:"([^"\n]*)"|'([^'\n]*)'|([^\s#'"?\-][^:\n]*?|-[^\s:\-][^:\n]*?))[ \t]*"""
    r"(?=:(?:[ \t]|\r?\n|\r?\Z))"
)


_NEVER_A_KEY = ("", " ", "\t", "#", "?")  # blank, indented (nested), a comment, a complex key


def key_of(line: str) -> tuple[str, int] | None:
    """(the key, where its text ends) when `line` starts a top-level key, else None."""
    first = line[:1]
    if first in _NEVER_A_KEY:
        return None
    if first not in "\"'-:" and not first.isspace():  # a plain key ends at the first colon
        # (what KEY_LINE finds, without the regex: this runs for every line of every file)
        at = line.find(":")
        after = line[at + 1 : at + 2]
        if at < 0 or not (after in ("", " ", "\t", "\n") or line[at + 1 :] in ("\r", "\r\n")):
            return None
        return line[:at].rstrip(" \t"), at
    m = KEY_LINE.match(line)
    if m is None:
        return None
    return next(g for g in m.groups() if g is not None), m.end()


def key_lines(fm_text: str) -> list[KeyLine]:
    """Every top-level `key:` line of a front matter's text, in order (duplicates included,
    which YAML would silently collapse)."""
    out = []
    for i, line in enumerate(fm_text.split("\n")):
        if line[:1] in _NEVER_A_KEY or ":" not in line:
            continue  # most lines of a long front matter: a list item, a nested key, no key
        found = key_of(line)
        if found is not None:
            out.append(KeyLine(found[0], i + 1, found[1]))
    return out


FLOW_KEY = re.compile(r"[{,][ \t]*['\"]?([^\s'\"{},:][^'\"{},:]*?)['\"]?[ \t]*:")


def key_line_numbers(text: str, first_line: int = 1, nested: bool = False) -> dict[str, int]:
    """The line of each top-level key (its first line, numbered from `first_line`). With
    `nested`, also `parent.key` for the keys of a mapping under it, indented on the lines below
    (`daily:` then `  minutes: 15`) or written flow on its own line (`daily: {minutes: 15}`)."""
    lines: dict[str, int] = {}
    tops = key_lines(text)
    for kl in tops:
        lines.setdefault(kl.key, kl.line + first_line - 1)
    if nested:
        rows = text.split("\n")
        ends = [kl.line - 1 for kl in tops[1:]] + [len(rows)]
        for kl, end in zip(tops, ends):
            for i in range(kl.line - 1, end):
                for sub in _nested_keys(rows[i], first=i == kl.line - 1):
                    lines.setdefault(f"{kl.key}.{sub}", i + first_line)
    return lines


def _nested_keys(row: str, first: bool) -> list[str]:
    """The keys a line holds for the mapping above it: flow ones (`{a: 1, b: 2}`, on the key's
    own line or after it), or one indented block key (`  a: 1`)."""
    if first:
        row = row.split(":", 1)[1] if ":" in row else ""
    found = [m[1].strip() for m in FLOW_KEY.finditer(row.split(" #", 1)[0])]
    if not found and not first and row[:1] in (" ", "\t") and ":" in row:
        key = row.split(":", 1)[0].strip().strip("'\"")
        if key and not key.startswith(("#", "-")):
            found = [key]
    return found


def duplicate_keys(fm_text: str) -> list[tuple[KeyLine, KeyLine]]:
    """(first, later) for each key line whose key another line before it already set, folded:
    `snooze_until:` twice, or `Company:` beside `company:`."""
    seen: dict[str, KeyLine] = {}
    dups = []
    for kl in key_lines(fm_text):
        folded = same_key(kl.key)
        if folded in seen:
            dups.append((seen[folded], kl))
        else:
            seen[folded] = kl
    return dups


@lru_cache(maxsize=4096)  # a vault spells its keys a few dozen ways, for 100,000 contacts
def canonical(key: str) -> str:
    """The key network-md knows `key` as (`E-mail` -> `email`, `Title` -> `role`), else its fold."""
    folded = fold_key(key)
    if folded.endswith("number") and folded[:-6] in _SPELLINGS:
        folded = folded[:-6]  # `Phone Number`
    return _SPELLINGS.get(folded, folded)


def known(fields: dict) -> dict:
    """The known keys' values, by canonical key (the first spelling in the file wins)."""
    out: dict = {}
    for key, value in fields.items():
        name = canonical(key)
        if name in KNOWN and name not in out and value not in (None, "", []):
            out[name] = value
    return out


def link_text(value) -> str:
    """A link as Obsidian shows it, text stays text: `[[Acme]]` -> `Acme`, `[[companies/reddit]]`
    and `[[reddit#Team]]` -> `reddit`, `[[people/ada|Ada]]` -> `Ada`."""
    text = str(value).strip()
    m = WIKILINK.match(text)
    if not m:
        return text
    target, part, shown = m[1].strip(), (m[2] or "").strip(), (m[3] or "").strip()
    return shown or target.rpartition("/")[2].strip() or part


def texts(value) -> list[str]:
    """A value as a list of non-empty texts (one value is one item), links as their text."""
    if value is None:
        return []
    items = value if isinstance(value, (list, tuple)) else [value]
    found = [link_text(i) for i in items if i is not None and not isinstance(i, (dict, list))]
    return [t for t in found if t]


def first_text(value) -> str | None:
    items = texts(value)
    return items[0] if items else None


def company(contact_fields: dict) -> str:
    """The contact's company as `list` shows, filters and sorts it ("" when none)."""
    return first_text(known(contact_fields).get("company")) or ""


def birthday_form(value):
    """The match of a birthday's form (`1815-12-10`, `--12-10`, `--1210`, `12-10`; a date-time is
    its day), real date or not; None when it has none of those forms."""
    text = str(value or "").strip()
    if len(text) > 10 and text[10] in "T ":
        text = text[:10]  # `1990-02-28T10:00:00+00:00`, as YAML reads a date-time
    m = BIRTHDAY.match(text)
    if not m or (m[1] is None and not text.startswith("--") and "-" not in text):
        return None  # `1210` is no form of a birthday; `--1210` is
    return m


def birthday(value) -> tuple[int | None, int, int] | None:
    """(year or None, month, day) of a birthday's form when that is a real date; else None."""
    m = birthday_form(value)
    if m is None:
        return None
    year, month, day = int(m[1]) if m[1] else None, int(m[2]), int(m[3])
    try:  # without a year, a leap year: 29 February is a real birthday
        date(2000 if year is None else year, month, day)
    except ValueError:
        return None
    return year, month, day


def birthday_text(value) -> str | None:
    """A birthday as `YYYY-MM-DD`, or `--MM-DD` without the year; None when it is none."""
    parts = birthday(first_text(value))
    if parts is None:
        return None
    year, month, day = parts
    return f"{year:04d}-{month:02d}-{day:02d}" if year else f"--{month:02d}-{day:02d}"


def birthday_problem(contact_fields: dict) -> tuple[str, str] | None:
    """(the key as written, a warning) when the birthday is not a real date; else None."""
    for key, value in contact_fields.items():
        if canonical(key) != "birthday" or value in (None, "", []):
            continue
        if "{{" in str(value) or "<%" in str(value):
            return None  # a template placeholder left in: no birthday yet, nothing wrong
        if birthday_text(value) is not None:
            return None
        from network_md.core.quote import show_value

        text = show_value(first_text(value) or value)  # `{a: 1}`, never Python's repr
        return key, (
            f"{show_value(key)}: '{text}' is not a real date like 1815-12-10, or --12-10 without the year; "
            "left out of exports and the agenda"
        )
    return None


def is_archived(contact_fields: dict, today: int) -> bool:
    """`archived: true`, or a date on or before `today` (a date ordinal)."""
    value = known(contact_fields).get("archived")
    if value is True:
        return True
    if isinstance(value, str):
        from network_md.core.dates import parse_iso

        try:
            return parse_iso(value[:10]).toordinal() <= today
        except ValueError:
            return value.strip().casefold() in ("true", "yes")
    return False
