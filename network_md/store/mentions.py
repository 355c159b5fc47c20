"""Mentions: the entries of contact logs that link someone, kept with the links state.

The index keeps of each contact the log entries whose text holds a `[[`; the ones among them
that link someone are taken from there (no file is read for them), and kept per file by stamp
in the links cache (the part `outgoing`), with what the file's `introduced_by` names. Worked
out only for a command that asks (`show`, `check`), and then only for the files that moved: in
step with the index cache, those it re-read whose stamp differs from the kept one; else every
file whose stamp differs from the kept one.

Beside them, the same links turned around (the part `incoming`): for each contact, the entries
of other contact files that link it and the contacts whose `introduced_by` names it. `show`
reads the one contact's, never every file's. It is patched for the files that moved, and made
anew when any name moved (a link may name someone else then). Each file's and each contact's
share is marshalled on its own, so a command decodes only the few it reads.
"""

from __future__ import annotations

import marshal
from typing import NamedTuple

from network_md.core.model import Entry, Problem
from network_md.format.links import LinkIndex, find_links, introduced_by_target
from network_md.store.linkstate import LinkState, key_of, named_by, note_entry

OUTGOING, INCOMING = "outgoing", "incoming"


class Incoming(NamedTuple):
    """What other contact files say of one contact."""

    entries: tuple[Entry, ...]  # their log entries that link it, by date, then file and line
    introducers: tuple[str, ...]  # the paths of the contacts whose `introduced_by` names it


NO_ONE = Incoming((), ())


class Resolver:
    """`LinkIndex.resolve` for the link targets the contact files hold, answered from what the
    links cache kept of them (the whole link index is read only for a target it lacks)."""

    def __init__(self, known: dict, state: LinkState):
        self.known, self._state = known, state

    def resolve(self, target: str) -> tuple[str, ...]:
        found = self.known.get(target)
        return found if found is not None else self._state.link_index().resolve(target)


class _Memo:
    """A link index's answers, remembered: kept with the part they were worked out for."""

    def __init__(self, links: LinkIndex, known: dict):
        self.links, self.known = links, known

    def resolve(self, target: str) -> tuple[str, ...]:
        found = self.known.get(target)
        if found is None:
            found = self.known[target] = self.links.resolve(target)
        return found


def refresh(state: LinkState, index) -> None:
    """Bring both parts up to date with the files and the names (once per command)."""
    if state.outgoing_fresh:
        return
    names_moved = state.ensure_who(index)
    same_key = state.head.get("key") == key_of(index)
    kept = state.parts.get(OUTGOING, {}) if same_key else {}
    turned = state.parts.get(INCOMING, None) if same_key else None
    in_step = same_key and state.outgoing_stamp == state.index_stamp and bool(state.index_stamp)
    if in_step and not state.moved(index) and not names_moved and turned is not None:
        state.outgoing_fresh = state.active = True
        return  # nothing re-read since both parts were written
    out, moved = _outgoing(state, index, kept, in_step)
    if moved or out.keys() != kept.keys():
        state.parts.put(OUTGOING, out)
        state.changed = True
    if turned is None or names_moved:
        memo = _Memo(state.link_index(), {})
        state.parts.put(INCOMING, (_turned(out, {}, {}, memo), memo.known))
        state.changed = True
    elif moved or out.keys() != kept.keys():
        memo = _Memo(state.link_index(), dict(turned[1]))
        sources = {p: out[p] for p in moved} | dict.fromkeys(kept.keys() - out.keys())
        old = {p: kept.get(p) for p in sources}
        state.parts.put(INCOMING, (_turned(sources, old, turned[0], memo), memo.known))
        state.changed = True
    state.outgoing_fresh = state.active = True


def _outgoing(state: LinkState, index, kept: dict, in_step: bool) -> tuple[dict, list[str]]:
    """(path -> (stamp, marshalled share), the paths whose share was read again). In step with
    the index cache, only the files it re-read can have moved; else every file is looked at.
    A file whose kept stamp is still its own did not move (an unstamped, racy one always
    is read again)."""
    paths, out = (state.moved(index), dict(kept)) if in_step else (index.paths(), {})
    moved = []
    for path in paths:
        stamp, known = index.stamp(path), kept.get(path)
        if stamp is None:  # re-read and dropped: no contact file any more
            out.pop(path, None)
        elif known is not None and _same(known[0], stamp):
            out[path] = known
        else:
            out[path] = (stamp, marshal.dumps(_share(index, path)))
            moved.append(path)
    return out, moved


def _same(kept, stamp) -> bool:
    return bool(stamp) and kept == stamp


def _turned(sources: dict, old: dict, turned: dict, links: _Memo) -> dict:
    """`turned` (contact path -> marshalled Incoming) with the shares of `sources` (path ->
    (stamp, share), or None: the file is gone) in place of those in `old` (the same paths, what
    `turned` holds of them; all empty: made anew)."""
    wanted: dict[str, tuple[list, list]] = {}
    for source, kept in old.items():  # the contacts the old shares named
        for target in _named(source, kept, links):
            wanted.setdefault(target, ([], []))
    for source, kept in sources.items():
        if kept is None:
            continue
        entries, introducer = marshal.loads(kept[1])
        for fields, targets in entries:
            entry = Entry(*fields)
            for target in _resolved(targets, links, source):
                wanted.setdefault(target, ([], []))[0].append(entry)
        if introducer is not None:
            for target in _resolved((introducer,), links, source):
                wanted.setdefault(target, ([], []))[1].append(source)
    out = dict(turned)
    for target, (entries, introducers) in wanted.items():
        before = _decoded(out.get(target))
        entries += [e for e in before.entries if e.path not in sources]
        introducers += [p for p in before.introducers if p not in sources]
        if entries or introducers:
            entries.sort(key=lambda e: (e.day, e.path, e.line))
            blob = (tuple(tuple(e) for e in entries), tuple(sorted(introducers)))
            out[target] = marshal.dumps(blob)
        else:
            out.pop(target, None)
    return out


def _named(source: str, kept, links: _Memo) -> set[str]:
    """The contacts a file's kept share names (by a linking entry or its `introduced_by`)."""
    if kept is None:
        return set()
    entries, introducer = marshal.loads(kept[1])
    found = {t for _, targets in entries for t in _resolved(targets, links, source)}
    return found.union(_resolved((introducer,), links, source) if introducer else ())


def _resolved(targets, links, source: str) -> list[str]:
    """The contacts other than `source` that one of `targets` names alone."""
    found = []
    for target in targets:
        paths = links.resolve(target)
        if len(paths) == 1 and paths[0] != source and paths[0] not in found:
            found.append(paths[0])
    return found


def _decoded(blob: bytes | None) -> Incoming:
    if blob is None:
        return NO_ONE
    entries, introducers = marshal.loads(blob)
    return Incoming(tuple(Entry(*e) for e in entries), tuple(introducers))


def resolver(state: LinkState, index) -> Resolver:
    """What link targets name, for the targets of contact files mostly from the cache."""
    refresh(state, index)
    return Resolver(state.parts.get(INCOMING, ({}, {}))[1], state)


def incoming(state: LinkState, index, path: str) -> Incoming:
    """What other contact files say of the contact at `path`."""
    refresh(state, index)
    return _decoded(state.parts.get(INCOMING, ({}, {}))[0].get(path))


def outgoing(state: LinkState, index) -> dict:
    """Contact path -> (stamp, its log's entries that hold a link as (entry, targets), what its
    `introduced_by` names or None): every file's, decoded."""
    refresh(state, index)
    out = {}
    for path, (stamp, blob) in state.parts.get(OUTGOING, {}).items():
        entries, introducer = marshal.loads(blob)
        out[path] = (stamp, entries, introducer)
    return out


def mentions(state: LinkState, index, path: str) -> list[Entry]:
    """Every entry elsewhere that links the contact at `path`: in other contacts' logs and in
    daily notes; by date, then file and line. Without the cache, every file's entries are
    looked through (the plain path the cached one is tested against)."""
    if state.enabled:
        found = [*state.entries_of(path), *incoming(state, index, path).entries]
        return sorted(found, key=lambda e: (e.day, e.path, e.line))
    kept = outgoing(state, index)  # first: it brings the names up to date
    links = state.link_index()
    found = list(state.entries_of(path))
    for source, (_, entries, _) in kept.items():
        if source == path:
            continue
        for entry, targets in map(note_entry, entries):
            if any(links.resolve(t) == (path,) for t in targets):
                found.append(entry)
    return sorted(found, key=lambda e: (e.day, e.path, e.line))


def log_problems(state: LinkState, index) -> list[Problem]:
    """Ambiguous links in contact logs (for `check`, which reads every log)."""
    problems: list[Problem] = []
    found = outgoing(state, index)
    links = state.link_index()
    for source, (_, entries, _) in found.items():
        for entry, targets in map(note_entry, entries):
            named_by(links, targets, entry, source, problems)
    return problems


def _share(index, path: str) -> tuple:
    """(the entries of one contact file's log that hold a link, as plain tuples with their
    targets; what its `introduced_by` names, or None): from its indexed contact, which keeps
    the entries whose text holds a `[[` (no file is read for them)."""
    contact = index.own(path)
    if contact is None:
        return (), None
    out = []
    for entry in contact.linked:
        targets = tuple(link.target for link in find_links(entry.text))
        if targets:
            out.append((tuple(entry), targets))
    return tuple(out), introduced_by_target(contact)


def related(state: LinkState, index, path: str, today: int) -> list[str]:
    """The contacts whose files can say, on the day `today`, who introduced you to the contact
    at `path`, whom it introduced you to and whom you introduced it to: it; those whose counted
    `got` or `gave` entries link it, or whose `introduced_by` names it; those its own such
    entries link; and, for each contact its `got` entries link that names no introducer of its
    own, every other contact whose `got` links that one (the earliest decides who introduced
    it)."""
    links = resolver(state, index)
    me = index.contact(path)
    if me is None:
        return [path]
    said = incoming(state, index, path)
    wanted = {path, *_counted_sources(said, ("got", "gave"), today)}
    wanted |= _linked_by(me, links, ("got", "gave"), today)
    for other in _linked_by(me, links, ("got",), today) | set(said.introducers):
        wanted.add(other)
        contact = index.contact(other)
        if contact is None or _names_introducer(contact, links):
            continue  # its own `introduced_by` decides
        wanted.update(_counted_sources(incoming(state, index, other), ("got",), today))
        wanted |= _linked_by(contact, links, ("got",), today)
    return sorted(wanted)


def _counted(entry: Entry, kinds, today: int) -> bool:
    return entry.kind in kinds and entry.state == "done" and entry.day <= today


def _counted_sources(said: Incoming, kinds, today: int) -> set[str]:
    """The files of the counted entries of `kinds` among those that link a contact."""
    return {e.path for e in said.entries if _counted(e, kinds, today)}


def _names_introducer(contact, links: Resolver) -> bool:
    """Whether the contact's `introduced_by` names one other contact (it wins over any `got`)."""
    target = introduced_by_target(contact)
    found = links.resolve(target) if target is not None else ()
    return len(found) == 1 and found[0] != contact.path


def _linked_by(contact, links: Resolver, kinds, today: int) -> set[str]:
    """The contacts that the contact's counted linked entries of `kinds` (its own and its daily
    notes') name."""
    found = set()
    for entry in contact.linked:
        if not _counted(entry, kinds, today):
            continue
        for link in find_links(entry.text):
            paths = links.resolve(link.target)
            if len(paths) == 1:
                found.add(paths[0])
    return found
