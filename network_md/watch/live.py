"""What `watch` keeps between batches: per-contact analysis updated one path at a time, and the
diffs of flags and problems that become its events. No files (the cache is read already), no
clock, no printing."""

from __future__ import annotations

from collections import Counter
from datetime import date

from network_md.analysis import introductions as intro
from network_md.analysis.stats import Analysis, analyse, sort_flags
from network_md.core.errors import NetworkMdError
from network_md.core.model import Contact, Flag, Problem
from network_md.format.config import CONFIG_NAME
from network_md.format.links import build_index
from network_md.render.text import problem_json


def new_problems(these, those) -> list[Problem]:
    """Problems in `these` not in `those`, by (severity, message): a line shift is not news."""
    left = Counter((p.severity, p.message) for p in those)
    out = []
    for p in these:
        key = (p.severity, p.message)
        if left[key]:
            left[key] -= 1
        else:
            out.append(p)
    return out


def config_problem(exc: NetworkMdError) -> Problem:
    """A config that cannot be used, as a problem of the config file, at its line."""
    return Problem(CONFIG_NAME, exc.line, "error", exc.detail)


def problem_event(p: Problem, kept_last_good: bool = False) -> dict:
    return {"event": "problem", "problem": problem_json(p), "kept_last_good": kept_last_good}


def resolved_event(p: Problem) -> dict:
    return {"event": "resolved", "problem": problem_json(p)}


def diff_flags(old, new) -> tuple[list[Flag], list[Flag]]:
    """(cleared, raised) by identity (path, rule): a new `since` or `message` alone is no change."""
    before = {(f.path, f.rule): f for f in old}
    after = {(f.path, f.rule): f for f in new}
    cleared = sort_flags([f for k, f in before.items() if k not in after])
    raised = sort_flags([f for k, f in after.items() if k not in before])
    return cleared, raised


class LiveAnalysis:
    """Per-contact stats kept current one path at a time, through analyse() alone.

    The rules are per contact, so a batch recomputes only the contacts it touched: analyse()
    over 10,000 contacts takes a good part of the latency budget, over one a few microseconds.
    The one rule across contacts (close-the-loop) is kept apart, in `loop`, and worked out again
    after each batch (`relink`), only while some contact may take part in an introduction.

    Started from a stored summary (`warm`), it analyses no one up front: a contact is analysed
    when a batch touches it, and until then its flags and relationship are the summary's
    (`prior(path)`: its (relationship, archived, flags), None when unknown). The summary's
    close-the-loop nudges stand until a batch touches a vault where some contact may raise
    one: then everyone is decoded and they are worked out again."""

    def __init__(self, config, today: date, contacts: dict[str, Contact]):
        self.rebuild(config, today, contacts)

    @classmethod
    def warm(cls, config, today: date, contacts: dict, state, prior):
        """Started from a summary `state`: its counts, flag tuples, introducing paths and
        close-the-loop nudges, and `prior` for each path."""
        live = cls.__new__(cls)
        live.config, live.today, live.contacts = config, today, contacts
        live.stats, live.counts, live.whole = {}, dict(state.relationships), False
        live.prior, live.settled, live.link_index = prior, set(), None
        live.introducing = set(state.introducing)
        live.loop = [Flag(*f) for f in state.loop or ()]
        flags = state.flags
        live.known: dict[str, list[Flag]] = {}
        for f in flags:
            live.known.setdefault(f[3], []).append(Flag(*f))
        return live

    def rebuild(self, config, today: date, contacts: dict[str, Contact]) -> None:
        self.config, self.today = config, today
        self.contacts = contacts
        whole = analyse(list(contacts.values()), config, today)
        self.stats = {s.contact.path: _own(s) for s in whole.contacts}
        self.counts = dict(whole.relationships)
        self.introducing = {p for p, c in contacts.items() if intro.may_raise_loop(c)}
        self.loop = [f for f in whole.flags if f.rule == intro.RULE]
        self.link_index = None  # built when first needed, again when a name or a file changes
        self.whole, self.known, self.settled = True, {}, set()

    def flags(self) -> list[Flag]:
        if self.whole:
            return [f for s in self.stats.values() for f in s.flags] + self.loop
        known = {p: fs for p, fs in self.known.items() if p not in self.settled}
        known.update((p, s.flags) for p, s in self.stats.items())
        return [f for fs in known.values() for f in fs] + self.loop

    def settle(self, path: str, contact: Contact | None) -> None:
        """Analyse `path` as it was before a batch re-reads it (warm: not analysed yet)."""
        if self.whole or path in self.settled:
            return
        self.settled.add(path)
        if contact is not None:
            self.stats[path] = _own(analyse([contact], self.config, self.today).contacts[0])

    def relink(self) -> list[Flag]:
        """The close-the-loop nudges worked out again for the contacts as they are now."""
        if not self.introducing:
            self.loop = []
            return self.loop
        contacts = [self.contacts[p] for p in sorted(self.contacts)]
        if self.link_index is None:
            self.link_index = build_index(contacts)
        day = self.today.toordinal()
        found = intro.find(contacts, day, self.link_index, mutual=False)
        self.loop = intro.loop_flags(contacts, found, self.config, day)
        return self.loop

    def set(self, path: str, contact: Contact | None) -> tuple[tuple[Flag, ...], tuple[Flag, ...]]:
        """Recompute one path (None: gone); its (old flags, new flags)."""
        old_flags, old = self._forget(path)
        if old is None or contact is None or _names(old.contact) != _names(contact):
            self.link_index = None  # what links resolve to may have changed
        self.introducing.discard(path)
        if contact is None:
            return old_flags, ()
        if intro.may_raise_loop(contact):
            self.introducing.add(path)
        new = _own(analyse([contact], self.config, self.today).contacts[0])
        self.stats[path] = new
        if not new.archived:  # an archived contact is in no count
            self.counts[new.relationship] += 1
        return old_flags, new.flags

    def _forget(self, path: str) -> tuple[tuple[Flag, ...], object]:
        """Take `path` out of the counts; its flags until now, and its stats (None: unknown)."""
        if not self.whole and path not in self.settled:
            self.settled.add(path)
            prior = self.prior(path)
            if prior is None:  # no summary part: a file new since the summary
                return (), None
            relationship, archived, flags = prior
            if not archived:
                self.counts[relationship] -= 1
            return tuple(Flag(*f) for f in flags), None
        old = self.stats.pop(path, None)
        if old is not None and not old.archived:
            self.counts[old.relationship] -= 1
        return (old.flags if old else ()), old

    def decode_all(self, index) -> None:
        """Every contact of `index` in `contacts` (warm: those no batch touched are decoded)."""
        if not self.whole:
            missing = (p for p in index.paths() if p not in self.contacts)
            self.contacts.update((p, c) for p in missing if (c := index.contact(p)))

    def complete(self, index) -> None:
        """Every contact of `index` decoded and analysed (warm: for what needs them all)."""
        if not self.whole:
            self.decode_all(index)
            self.rebuild(self.config, self.today, self.contacts)

    def analysis(self) -> Analysis:
        """The whole analysis (daily practice and all), for the summary and the dashboard."""
        return analyse([self.contacts[p] for p in sorted(self.contacts)], self.config, self.today)


def start_live(cache, today: date, warm: bool) -> tuple[LiveAnalysis, int]:
    """The live analysis of the cache's index and its number of contacts. `warm`: from the
    stored summary when it serves, decoding no contact but those touched since it was saved
    (their stored parts are older than it); else every contact decoded and analysed now."""
    from network_md.analysis.current import stored_current

    index = cache.index
    stored = stored_current(cache, today.toordinal()) if warm else None
    if stored is None:
        contacts = {p: c for p in index.paths() if (c := index.contact(p))}
        return LiveAnalysis(index.vault.config, today, contacts), len(contacts)
    state, prior = stored
    live = LiveAnalysis.warm(index.vault.config, today, {}, state, prior)
    for path in sorted(index.touched):
        live.settle(path, index.contact(path))
    return live, state.contacts + state.archived


def changed_problems(old: list[Problem], new: list[Problem]) -> list[dict]:
    """Events for the problems that came (`problem`) and went (`resolved`) between two lists."""
    return [problem_event(p) for p in new_problems(new, old)] + [
        resolved_event(p) for p in new_problems(old, new)
    ]


def problem_order(problem: Problem):
    """The config's problems first, then by path and line, as every command lists them."""
    return (problem.path != CONFIG_NAME, problem.path, problem.line or 0)


def _own(s):
    """A contact's stats without the flags raised across contacts (kept in LiveAnalysis.loop)."""
    if any(f.rule == intro.RULE for f in s.flags):
        return s._replace(flags=tuple(f for f in s.flags if f.rule != intro.RULE))
    return s


def _names(c: Contact) -> tuple:
    return (c.name, c.aliases)
