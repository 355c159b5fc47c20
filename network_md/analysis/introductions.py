"""Who introduced you to whom, whom you introduced, and the nudge to close the loop.

Contact B was introduced by contact A when B's `introduced_by` names A, else when A's log has a
`got` entry whose text links B: A introduced you to B on that entry's day (the earliest such).
A `gave` entry in A's log that links B means you introduced A and B to each other. In an entry
that links its own contact too (a daily note's, or one written to several people), the first
contact linked is the one it is about: "got: [[Ana]] introduced me to [[Ben]]" in a daily note
is Ana's introduction of Ben, not Ben's of Ana.

Pure functions of (contacts, evaluation day): links are resolved with format.links, against the
same contacts.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from typing import NamedTuple

from network_md.analysis.rules import ADVICE
from network_md.core.dates import iso
from network_md.core.model import KIND_CODE, Contact, Flag
from network_md.format.config import Config
from network_md.format.fields import is_archived, known
from network_md.format.links import LinkIndex, build_index, linked, parse_link

RULE = "close-the-loop"
_CLOSES_LOOP = (KIND_CODE["thanked"], KIND_CODE["gave"])


class Introduction(NamedTuple):
    """`by` introduced you to `to` (both contact paths) on `day`; None: only `introduced_by`
    says so, on no known day."""

    by: str
    to: str
    day: int | None


class Introductions(NamedTuple):
    """Every introduction in a vault on one evaluation day."""

    by_whom: dict  # introduced contact's path -> its Introduction
    mutual: tuple  # (a, b, day): you introduced a and b to each other (a's `gave` links b)

    def introducer(self, path: str) -> str | None:
        """The path of whoever introduced you to the contact at `path`, or None."""
        intro = self.by_whom.get(path)
        return intro.by if intro else None

    def introduced(self, path: str) -> list[Introduction]:
        """Whom the contact at `path` introduced you to, earliest first, those on no known day last."""
        found = [i for i in self.by_whom.values() if i.by == path]
        return sorted(found, key=lambda i: (i.day is None, i.day or 0, i.to))

    def you_introduced(self, path: str) -> list[tuple[str, int]]:
        """(other contact's path, day) for each contact you introduced `path` to, earliest first."""
        found = [(b, d) for a, b, d in self.mutual if a == path]
        found += [(a, d) for a, b, d in self.mutual if b == path]
        return sorted(found, key=lambda t: (t[1], t[0]))

    def edges(self) -> list[tuple[str, str]]:
        """(introducer, introduced) path pairs, by introduced path: for the report's map."""
        return [(i.by, i.to) for _, i in sorted(self.by_whom.items())]


NONE = Introductions({}, ())


def may_introduce(contact: Contact) -> bool:
    """Whether the contact can take part in an introduction at all: it has `introduced_by`, or
    a log entry that links someone. A vault where no contact may is spared the link index."""
    return bool(contact.linked) or "introduced_by" in known(contact.fields)


def introduced_by_target(contact: Contact) -> str | None:
    """What the contact's `introduced_by` names, as a link target: `[[Charles Babbage]]`,
    `"[[people/charles|Charles]]"` or a plain name. YAML reads an unquoted `[[Name]]` as a list
    in a list: its text is the name too."""
    value = known(contact.fields).get("introduced_by")
    while isinstance(value, list) and value:
        value = value[0]
    if not isinstance(value, str) or not value.strip():
        return None
    link = parse_link(value)
    return link.target if link else value.strip()


def find(contacts: Iterable[Contact], today: int, index: LinkIndex | None = None) -> Introductions:
    """Every introduction among `contacts` on the evaluation day `today` (a date ordinal).
    Plans (open boxes, entries after today) and cancelled entries introduce no one."""
    contacts = list(contacts)
    if not any(may_introduce(c) for c in contacts):
        return NONE
    index = index if index is not None else build_index(contacts)
    by_whom: dict[str, Introduction] = {}
    from_logs: dict[str, Introduction] = {}
    mutual: dict[frozenset, tuple] = {}
    for c in contacts:
        target = introduced_by_target(c)
        if target is not None:
            found = index.resolve(target)
            if len(found) == 1 and found[0] != c.path:
                by_whom[c.path] = Introduction(found[0], c.path, None)
        for kind, day, other in _linking_entries(c, index, today):
            if kind == "got":
                old = from_logs.get(other)
                if old is None or (day, c.path) < (old.day, old.by):
                    from_logs[other] = Introduction(c.path, other, day)
            else:
                pair = frozenset((c.path, other))
                if pair not in mutual or (day, c.path) < (mutual[pair][2], mutual[pair][0]):
                    mutual[pair] = (c.path, other, day)
    for path, intro in from_logs.items():
        by_whom.setdefault(path, intro)  # `introduced_by` says it first
    return Introductions(by_whom, tuple(sorted(mutual.values(), key=lambda t: (t[2], t[0]))))


def _linking_entries(c: Contact, index: LinkIndex, today: int):
    """(kind, day, other contact's path) for each counted `got`/`gave` of the contact that
    links another contact it is about (see the module's docstring)."""
    for e in c.linked:
        if e.kind not in ("got", "gave") or e.state != "done" or e.day > today:
            continue
        paths = linked(e.text, index).paths
        if c.path in paths and paths[0] != c.path:
            continue  # an entry about someone else that also links this contact
        for other in paths:
            if other != c.path:
                yield e.kind, e.day, other


def loop_flags(
    contacts: Iterable[Contact], intros: Introductions, cfg: Config, today: int
) -> list[Flag]:
    """The `close-the-loop` nudges, one per introducer (the oldest first meeting decides)."""
    if not intros.by_whom:
        return []
    by_path = {c.path: c for c in contacts}
    first_day = today - cfg.lookback_days + 1
    pending: dict[str, tuple[int, Contact]] = {}
    for intro in intros.by_whom.values():
        a, b = by_path.get(intro.by), by_path.get(intro.to)
        if a is None or b is None or _left_out(a, today) or _left_out(b, today, snooze=False):
            continue
        met = _first_entry(b, intro.day, today)
        if met is None or met < first_day or _closed(a, met, today):
            continue
        if intro.by not in pending or (met, b.path) < (
            pending[intro.by][0],
            pending[intro.by][1].path,
        ):
            pending[intro.by] = (met, b)
    flags = []
    for path, (met, b) in sorted(pending.items()):
        a = by_path[path]
        message = f"introduced you to {b.name}, whom you met on {iso(met)}; not told how it went"
        flags.append(Flag(RULE, "nudge", a.name, a.path, met, message, ADVICE[RULE]))
    return flags


def _left_out(c: Contact, today: int, snooze: bool = True) -> bool:
    """Archived (never in any flag), or snoozed (its own flags wait)."""
    if c.fields and is_archived(c.fields, today):
        return True
    return snooze and c.snooze_until is not None and today < c.snooze_until


def _first_entry(c: Contact, since: int | None, today: int) -> int | None:
    """The day of the contact's first counted entry on or after `since` (None: any), up to today."""
    days = c.entries.days
    i = 0 if since is None else bisect_left(days, since)
    return days[i] if i < bisect_right(days, today) else None


def _closed(a: Contact, met: int, today: int) -> bool:
    """A `thanked` or `gave` of the introducer dated from `met` to today."""
    days, kinds = a.entries.days, a.entries.kinds
    lo, hi = bisect_left(days, met), bisect_right(days, today)
    return any(kinds[i] in _CLOSES_LOOP for i in range(lo, hi))


def mentions(contacts: Iterable[Contact], today: int, index: LinkIndex | None = None) -> dict:
    """(a, b) -> how many counted entries (done, up to today) of contact a's log link contact b."""
    contacts = list(contacts)
    if not any(c.linked for c in contacts):
        return {}
    index = index if index is not None else build_index(contacts)
    found: dict[tuple[str, str], int] = {}
    for c in contacts:
        for e in c.linked:
            if e.state != "done" or e.day > today:
                continue
            for other in linked(e.text, index).paths:
                if other != c.path:
                    found[c.path, other] = found.get((c.path, other), 0) + 1
    return found
