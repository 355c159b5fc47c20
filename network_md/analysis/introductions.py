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
from typing import NamedTuple, Protocol

from network_md.analysis.rules import ADVICE
from network_md.core.dates import iso
from network_md.core.model import KIND_CODE, RULES, Contact, Flag, Problem
from network_md.format.config import Config
from network_md.format.fields import is_archived
from network_md.format.links import (
    LinkIndex,
    ambiguous,
    build_index,
    find_links,
    has_introduced_by,
    introduced_by_target,
    parse_link,
)

RULE = "close-the-loop"


class Resolving(Protocol):
    """What `find` asks of a link index: the paths a link target names."""

    def resolve(self, target: str) -> tuple[str, ...]: ...


_CLOSES_LOOP = (KIND_CODE["thanked"], KIND_CODE["gave"])


class Introduction(NamedTuple):
    """`by` introduced you to `to` (both contact paths) on `day`; None: only `introduced_by`
    says so, on no known day."""

    by: str
    to: str
    day: int | None
    source: tuple | None = None  # (path, line) of the `got` that says so


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

    def rows(self, path: str) -> list[tuple[str, str, int | None]]:
        """Both directions for `show`: (what, other contact's path, day or None), what being
        "by" (they introduced you to this contact), "to" (it introduced you to them) or
        "mutual" (you introduced them to each other)."""
        by = self.by_whom.get(path)
        found = [("by", by.by, by.day)] if by else []
        found += [("to", i.to, i.day) for i in self.introduced(path)]
        return found + [("mutual", p, day) for p, day in self.you_introduced(path)]

    def edges(self) -> list[tuple[str, str]]:
        """(introducer, introduced) path pairs, by introduced path: for the report's map."""
        return [(i.by, i.to) for _, i in sorted(self.by_whom.items())]


NONE = Introductions({}, ())


def may_introduce(contact: Contact) -> bool:
    """Whether the contact's own file may hold an introduction: it has `introduced_by`, or a
    log entry that links someone. A vault where no contact may is spared the link index."""
    return bool(contact.linked) or has_introduced_by(contact)


def may_raise_loop(contact: Contact) -> bool:
    """Whether the contact's file may hold an introduction by someone (what `close-the-loop`
    needs): `introduced_by`, or a `got` that links someone. A `gave` (yours) never does."""
    return any(e.kind == "got" for e in contact.linked) or has_introduced_by(contact)


def introduction_mark(contact: Contact) -> int:
    """2 when `may_raise_loop`, else 1 when `may_introduce`, else 0: the fields looked at once."""
    if has_introduced_by(contact) or any(e.kind == "got" for e in contact.linked):
        return 2
    return 1 if contact.linked else 0


def find(
    contacts: Iterable[Contact],
    today: int,
    index: LinkIndex | Resolving | None = None,
    mutual: bool = True,
) -> Introductions:
    """Every introduction among `contacts` on the evaluation day `today` (a date ordinal).
    Plans (open boxes, entries after today) and cancelled entries introduce no one. `index`:
    the contacts' link index (or anything that resolves targets as it does: the vault's,
    when `contacts` are the few a caller needs), when the caller keeps one; `mutual=False` leaves out the
    introductions you made (all `close-the-loop` needs)."""
    contacts = list(contacts)
    wanted = may_introduce if mutual else may_raise_loop
    candidates = [c for c in contacts if wanted(c)]
    if not candidates:
        return NONE
    index = index if index is not None else build_index(contacts)
    resolve = _memo(index)
    kinds = ("got", "gave") if mutual else ("got",)
    by_whom: dict[str, Introduction] = {}
    from_logs: dict[str, Introduction] = {}
    pairs: dict[frozenset, tuple] = {}
    for c in candidates:
        target = introduced_by_target(c)
        if target is not None:
            found = resolve(target)
            if len(found) == 1 and found[0] != c.path:
                by_whom[c.path] = Introduction(found[0], c.path, None)
        for e, other in _linking_entries(c, resolve, today, kinds):
            day = e.day
            if e.kind == "got":
                old = from_logs.get(other)
                if old is None or (day, c.path) < (old.day, old.by):
                    from_logs[other] = Introduction(c.path, other, day, (e.path, e.line))
            else:
                pair = frozenset((c.path, other))
                if pair not in pairs or (day, c.path) < (pairs[pair][2], pairs[pair][0]):
                    pairs[pair] = (c.path, other, day)
    for path, intro in from_logs.items():
        by_whom.setdefault(path, intro)  # `introduced_by` says it first
    return Introductions(by_whom, tuple(sorted(pairs.values(), key=lambda t: (t[2], t[0]))))


def _memo(index: LinkIndex):
    """index.resolve, remembered per target: a vault links the same few people many times."""
    seen: dict[str, tuple] = {}

    def resolve(target: str) -> tuple:
        found = seen.get(target)
        if found is None:
            found = seen[target] = index.resolve(target)
        return found

    return resolve


def _linked_paths(text: str, resolve) -> list[str]:
    """The contacts a text links, each once, in the order of its first link; ambiguous links
    (reported by `check`) link no one."""
    paths: list[str] = []
    for link in find_links(text):
        found = resolve(link.target)
        if len(found) == 1 and found[0] not in paths:
            paths.append(found[0])
    return paths


def _linking_entries(c: Contact, resolve, today: int, kinds=("got", "gave")):
    """(entry, other contact's path) for each counted entry of `kinds` of the contact that
    links another contact it is about (see the module's docstring)."""
    for e in c.linked:
        if e.kind not in kinds or e.state != "done" or e.day > today:
            continue
        paths = _linked_paths(e.text, resolve)
        if c.path in paths and paths[0] != c.path:
            continue  # an entry about someone else that also links this contact
        for other in paths:
            if other != c.path:
                yield e, other


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
        met = _first_entry(b, intro.day, today, _shares(b, intro))
        if met is None or met < first_day or _closed(a, met, today):
            continue
        best = pending.get(intro.by)
        if best is None or (met, b.path) < (best[0], best[1].path):
            pending[intro.by] = (met, b)
    flags = []
    for path, (met, b) in sorted(pending.items()):
        a = by_path[path]
        message = f"introduced you to {b.name}, whom you met on {iso(met)}; not told how it went"
        flags.append(Flag(RULE, "nudge", a.name, a.path, met, message, ADVICE[RULE]))
    return flags


def loop_nudges(contacts: list[Contact], cfg: Config, today: int) -> list[Flag]:
    """The `close-the-loop` nudges of a vault, which the summary of per-contact contributions
    cannot hold."""
    return loop_flags(contacts, find(contacts, today, mutual=False), cfg, today)


def across(stats: list, intros: Introductions, extra: list[Flag]) -> list:
    """Contacts' stats with what spans contacts: who introduced each (`introduced_by`), and the
    flags raised across contacts added to their contacts, in the rules' order."""
    if not extra and not intros.by_whom:
        return stats
    by_path: dict[str, list[Flag]] = {}
    for fl in extra:
        by_path.setdefault(fl.path, []).append(fl)
    out = []
    for s in stats:
        path = s.contact.path
        more = by_path.get(path)
        if more:
            flags = sorted((*s.flags, *more), key=lambda fl: RULES.index(fl.rule))
            s = s._replace(flags=tuple(flags))
        by = intros.introducer(path)
        out.append(s._replace(introduced_by=by) if by else s)
    return out


class Across(NamedTuple):
    """What spans contacts on one evaluation day, as each contact's stats take it: who
    introduced whom, and the close-the-loop nudges by the path they are raised on."""

    intros: Introductions
    loop: dict  # introducer's path -> its close-the-loop flags

    def key(self, path: str) -> tuple[str, int]:
        """What the contact at `path` takes of it: (its introducer's path or "", its nudges)."""
        return self.intros.introducer(path) or "", len(self.loop.get(path, ()))

    def onto(self, stats):
        """One contact's stats as `across` makes them among everyone's."""
        return across([stats], self.intros, self.loop.get(stats.contact.path, []))[0]


def spanning(contacts: list[Contact], cfg: Config, today: int) -> Across:
    """Who introduced whom and the close-the-loop nudges among `contacts` on `today`."""
    intros = find(contacts, today, mutual=False)
    loop: dict[str, list[Flag]] = {}
    for fl in loop_flags(contacts, intros, cfg, today):
        loop.setdefault(fl.path, []).append(fl)
    return Across(intros, loop)


def _left_out(c: Contact, today: int, snooze: bool = True) -> bool:
    """Archived (never in any flag), or snoozed (its own flags wait)."""
    if c.fields and is_archived(c.fields, today):
        return True
    return snooze and c.snooze_until is not None and today < c.snooze_until


def _shares(b: Contact, intro: Introduction) -> bool:
    """Whether the introduction's own entry is in B's log too (a daily note's entry is in the
    log of every contact it links): it tells of the introduction, not of a meeting."""
    return intro.source is not None and any(
        (e.path, e.line) == intro.source and e.state == "done" for e in b.linked
    )


def _first_entry(c: Contact, since: int | None, today: int, skip_one: bool = False) -> int | None:
    """The day of the contact's first counted entry on or after `since` (None: any), up to
    today; `skip_one`: the first entry on `since` itself is not counted."""
    days = c.entries.days
    i = 0 if since is None else bisect_left(days, since)
    if skip_one and i < len(days) and days[i] == since:
        i += 1
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
    resolve = _memo(index if index is not None else build_index(contacts))
    found: dict[tuple[str, str], int] = {}
    for c in contacts:
        for e in c.linked:
            if e.state != "done" or e.day > today:
                continue
            for other in _linked_paths(e.text, resolve):
                if other != c.path:
                    found[c.path, other] = found.get((c.path, other), 0) + 1
    return found


def problems(contacts: Iterable[Contact], index: LinkIndex | None = None) -> list[Problem]:
    """A warning for each `introduced_by` that names several contacts: it names none of them."""
    contacts = list(contacts)
    named = [(c, t) for c in contacts if (t := introduced_by_target(c)) is not None]
    if not named:
        return []
    index = index if index is not None else build_index(contacts)
    found = []
    for c, target in named:
        paths = index.resolve(target)
        if len(paths) > 1:
            link = parse_link(f"[[{target}]]")
            warning = ambiguous(link, paths, c.path, None)
            found.append(warning._replace(message=f"introduced_by: {warning.message}"))
    return found
