"""What `watch` keeps between batches: per-contact analysis updated one path at a time, and the
diffs of flags and problems that become its events. Pure: no files, no clock, no printing."""

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
    after each batch (`relink`), only while some contact may take part in an introduction."""

    def __init__(self, config, today: date, contacts: dict[str, Contact]):
        self.rebuild(config, today, contacts)

    def rebuild(self, config, today: date, contacts: dict[str, Contact]) -> None:
        self.config, self.today = config, today
        self.contacts = contacts
        whole = analyse(list(contacts.values()), config, today)
        self.stats = {s.contact.path: _own(s) for s in whole.contacts}
        self.counts = dict(whole.relationships)
        self.introducing = {p for p, c in contacts.items() if intro.may_raise_loop(c)}
        self.loop = [f for f in whole.flags if f.rule == intro.RULE]
        self.link_index = None  # built when first needed, again when a name or a file changes

    def flags(self) -> list[Flag]:
        return [f for s in self.stats.values() for f in s.flags] + self.loop

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
        old = self.stats.pop(path, None)
        if old is not None and not old.archived:
            self.counts[old.relationship] -= 1
        if old is None or contact is None or _names(old.contact) != _names(contact):
            self.link_index = None  # what links resolve to may have changed
        self.introducing.discard(path)
        if contact is None:
            return (old.flags if old else ()), ()
        if intro.may_raise_loop(contact):
            self.introducing.add(path)
        new = _own(analyse([contact], self.config, self.today).contacts[0])
        self.stats[path] = new
        if not new.archived:  # an archived contact is in no count
            self.counts[new.relationship] += 1
        return (old.flags if old else ()), new.flags

    def analysis(self) -> Analysis:
        """The whole analysis (daily practice and all), for the summary and the dashboard."""
        return analyse([self.contacts[p] for p in sorted(self.contacts)], self.config, self.today)


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
