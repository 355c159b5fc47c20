"""The summary kept current with the files: the one way every command opens the index.

The store keeps a summary and each contact's part of it (its *contribution*, summary.py) with
the cached files, without looking inside. This module is what fills them: it opens the index
through the store (passing the contribution down to the worker processes of a cold index, so
they compute it beside the parsing), brings the stored summary up to date by redoing only the
contacts whose files changed, or builds it anew for a new day or config, and hands the store
what to save.
"""

from __future__ import annotations

import marshal
from pathlib import Path
from typing import NamedTuple

from network_md.analysis.introductions import loop_nudges
from network_md.analysis.summary import (
    ARCHIVED,
    FLAGS,
    INTRO,
    RAISES_LOOP,
    REL,
    State,
    build,
    contribution,
    patch,
)
from network_md.core.model import RELATIONSHIPS, Contact
from network_md.format.config import Config
from network_md.store.cache import Cache

_FLAG_TYPES = (str, str, str, str, int, str, str)  # a Flag's fields
_PLAN_TYPES = (int, str, str, str, str)  # (day, name, path, word, text)
_BIRTHDAY_TYPES = (int, str, str, str)  # (day, name, path, reason)
_INT = frozenset({int})
# What a stored part that is not a contribution raises in marshal, `patch` or `build`.
_DAMAGED = (ValueError, TypeError, KeyError, IndexError, EOFError)


class Contribution(NamedTuple):
    """A contact's contribution to the summary of `today` (a date ordinal) under `config`:
    the function a cold index's workers run on each contact they read (picklable, comparable)."""

    config: Config
    today: int

    def __call__(self, contact: Contact) -> tuple:
        return contribution(contact, self.config, self.today)

    def spans_contacts(self, made: tuple) -> bool:
        """Whether the summary with this contribution needs every contact: it may raise a
        close-the-loop nudge (`_with_loop`)."""
        return made[INTRO] == RAISES_LOOP


def open_index(
    root: Path,
    use_cache: bool = True,
    progress=None,
    parallel: bool = False,
    day: int | None = None,
    summary_only: bool = False,
) -> Cache:
    """The vault's index (`.index` of the cache returned), brought up to date with its files.
    `day`: the summary of that day will be asked for (workers prepare the contributions).
    `summary_only`: the command asks for that summary and hardly a contact: with no cache to
    write, workers send no records (a contact asked for is read again)."""
    cache = Cache(root, use_cache)
    index = cache.open_index()
    prepare = None if day is None else Contribution(index.vault.config, day)
    records = cache.enabled or not summary_only
    index.refresh(progress, parallel=parallel, prepare=prepare, records=records)
    return cache


def summary(cache: Cache, today: int) -> State:
    """The summary of `today`: the stored one patched for the files that changed, else built."""
    state = _patched(cache, today)
    return _with_loop(cache, state if state is not None else _built(cache, today))


def _with_loop(cache: Cache, state: State) -> State:
    """The state with its close-the-loop nudges (`loop`). They span contacts, so the summary of
    per-contact parts cannot hold them: they are worked out from every contact, only when some
    file may hold someone's introduction and they are not known for this state yet (patching
    or building it forgets them), and kept with it."""
    if not state.introducing or state.loop is not None:
        return state
    index = cache.index
    found = loop_nudges(index.contacts(), index.vault.config, state.today)
    state = state._replace(loop=[tuple(f) for f in found])
    cache.keep(state._asdict(), {})
    return state


def stored_current(cache: Cache, today: int):
    """(summary of `today`, prior) when the stored summary serves (patched for the touched
    files, every other contact's part stored, and its close-the-loop nudges known when some
    contact may raise one), else None. `prior(path)`: the (relationship, archived, flags) of
    the path's stored part, right for the paths not touched since it was saved; None when the
    path has none (a file new since)."""
    state = _patched(cache, today)
    if state is None or (state.introducing and state.loop is None):
        return None  # the nudges across contacts would need everyone decoded: a cold start
    stored = cache.stored_parts()  # path -> where its part lies: no part is read here
    if not all(p in stored for p in cache.index.paths() if p not in cache.index.touched):
        return None

    def prior(path: str):
        part = cache.stored_part(path) if path in stored else None
        if part is None:
            return None
        c = marshal.loads(part)
        return c[REL], c[ARCHIVED], c[FLAGS]

    return state, prior


def save(cache: Cache, force: bool = False) -> bool:
    """Save the cache, its stored summary first brought up to date for its own day (cheap: the
    changed contacts alone) when this command did not ask for one: the next `status` stays fast."""
    stored = cache.stored_summary()
    if (
        cache.due(force)
        and not cache.summary_changed
        and cache.index.touched
        and sound_summary(stored)
    ):
        state = _patched(cache, stored["today"])
        if state is not None:
            _with_loop(cache, state)  # a summary is never stored without its nudges
    return cache.save(force)


def _patched(cache: Cache, today: int) -> State | None:
    """The stored summary with the touched files' contributions replaced; None when there is
    none for this day and config, or it does not check out."""
    index = cache.index
    cfg, key = index.vault.config, index.vault.config_key
    old = cache.stored_summary()
    if not (sound_summary(old) and old["today"] == today and old["config_key"] == key):
        return None
    state, touched = State(**old), index.touched
    if not touched:
        return state
    try:
        before = {p: marshal.loads(part) for p in touched if (part := cache.stored_part(p))}
        after = {p: contribution(c, cfg, today) for p in touched if (c := index.contact(p))}
        state = patch(state, before, after)
    except _DAMAGED:
        return None  # a damaged summary: built anew
    parts = {p: marshal.dumps(after[p]) if p in after else None for p in touched}
    cache.keep(state._asdict(), parts)
    return state


def _built(cache: Cache, today: int) -> State:
    """The summary from every contact's contribution: from the workers where they prepared it."""
    index = cache.index
    prepare = Contribution(index.vault.config, today)
    ready = index.prepared if index.prepared_by == prepare else {}
    contribs = {}
    for path in index.paths():
        if path in ready:
            contribs[path] = ready[path]
        elif (contact := index.passing(path)) is not None:  # its record stays bytes to save
            contribs[path] = prepare(contact)
    state = build(contribs, today, index.vault.config_key)
    if cache.enabled:
        parts = {p: marshal.dumps(c) for p, c in contribs.items()}
        cache.keep(state._asdict(), parts, rebuilt=True)
    return state


def sound_summary(summary) -> bool:
    """A stored summary has the shape `State` reads: never trusted before this says so."""
    if not isinstance(summary, dict) or set(summary) != set(State._fields):
        return False
    ints = ("today", "contacts", "snoozed", "minutes_today", "archived", "linking")
    if not all(_count(summary[k]) for k in ints) or type(summary["config_key"]) is not str:
        return False
    return _sound_counts(summary) and _sound_lists(summary)


def _count(value) -> bool:
    return type(value) is int and value >= 0


def _sound_counts(summary: dict) -> bool:
    rels, days = summary["relationships"], summary["day_counts"]
    if not isinstance(rels, dict) or set(rels) != set(RELATIONSHIPS):
        return False
    if not all(_count(v) for v in rels.values()) or sum(rels.values()) != summary["contacts"]:
        return False
    return isinstance(days, dict) and (
        set(map(type, days)) <= _INT and set(map(type, days.values())) <= _INT
    )


def _sound_lists(summary: dict) -> bool:
    flags, asked, plans = summary["flags"], summary["asked"], summary["plans"]
    if not isinstance(asked, list) or not all(type(p) is str for p in asked):
        return False
    return (
        isinstance(flags, list)
        and all(_shaped(f, _FLAG_TYPES) for f in flags)
        and isinstance(plans, list)
        and all(_shaped(p, _PLAN_TYPES) for p in plans)
        and isinstance(summary["birthdays"], list)
        and all(_shaped(b, _BIRTHDAY_TYPES) for b in summary["birthdays"])
        and _sound_introductions(summary)
    )


def _sound_introductions(summary: dict) -> bool:
    introducing, loop = summary["introducing"], summary["loop"]
    return (
        isinstance(introducing, list)
        and all(type(p) is str for p in introducing)
        and (loop is None or isinstance(loop, list) and all(_shaped(f, _FLAG_TYPES) for f in loop))
    )


def _shaped(item, types: tuple) -> bool:
    return (
        type(item) is tuple
        and len(item) == len(types)
        and all(type(v) is t for v, t in zip(item, types))
    )
