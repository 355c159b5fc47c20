"""Mentions: the entries of contact logs that link someone, kept with the links state.

The index keeps only what the analysis needs of a log, not its text, so the entries that hold
a link are read here from the files, and kept per file by stamp in the links cache. Read only
for a command that asks (`show`, `check`), and then only the files that moved: in step with
the index cache, those it re-read; else each file whose stamp differs from the kept one.
"""

from __future__ import annotations

import os

from network_md.core.model import Entry, Problem
from network_md.format.links import find_links
from network_md.format.parse import parse_contact
from network_md.store.linkstate import LinkState, key_of, named_by, note_entry
from network_md.store.safeopen import read_regular


def outgoing(state: LinkState, index) -> dict:
    """Contact path -> (stamp, its log's entries that hold a link, as (entry, targets))."""
    if state.outgoing_fresh:
        return state.parts.get("outgoing", {})
    state.ensure_who(index)
    same_key = state.head.get("key") == key_of(index)
    kept = state.parts.get("outgoing", {}) if same_key else {}
    in_step = same_key and state.outgoing_stamp == state.index_stamp and bool(state.index_stamp)
    config, out, moved = index.vault.config, {}, False
    for path in index.paths():
        known = kept.get(path)
        stamp = index.stamp(path)
        if known is not None and (path not in index.touched if in_step else known[0] == stamp):
            out[path] = known
            continue
        out[path] = (stamp, _linked_entries(state.root, path, config))
        moved = True
    if moved or out.keys() != kept.keys():
        state.parts.put("outgoing", out)
        state.changed = True
    state.outgoing_fresh = state.active = True
    return out


def mentions(state: LinkState, index, path: str) -> list[Entry]:
    """Every entry elsewhere that links the contact at `path`: in other contacts' logs and in
    daily notes; by date, then file and line."""
    kept = outgoing(state, index)  # first: it brings the names up to date
    links = state.link_index()
    found = list(state.entries_of(path))
    for source, (_, entries) in kept.items():
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
    for source, (_, entries) in found.items():
        for entry, targets in map(note_entry, entries):
            named_by(links, targets, entry, source, problems)
    return problems


def _linked_entries(root, path: str, config) -> tuple:
    """The entries of one contact file's log that hold a link, as plain tuples."""
    try:
        data = read_regular(os.path.join(root, path))
    except OSError:
        return ()
    if b"[[" not in data:
        return ()
    contact, _ = parse_contact(path, data, config)
    out = []
    for entry in contact.log if contact and contact.log else ():
        targets = tuple(link.target for link in find_links(entry.text))
        if targets:
            out.append((tuple(entry), targets))
    return tuple(out)
