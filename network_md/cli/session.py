"""One command's session: the vault it works on, the evaluation day, and what it has loaded."""

from __future__ import annotations

import os
import sys
from contextlib import contextmanager
from datetime import date
from functools import cached_property
from typing import TYPE_CHECKING

import click

from network_md.core.errors import UsageError, WriteError

if TYPE_CHECKING:  # pathlib is imported where used: `--help` never needs it
    from pathlib import Path

ENV_TODAY = "NETWORK_MD_TODAY"
TOP_FLAGS = 5


class Session:
    """What one invocation works on: the vault, the evaluation day, and (lazily) the index."""

    def __init__(self, vault: str | None, today: str | None, use_cache: bool, debug: bool):
        self.vault_option = vault
        self.today_source = "--today" if today else ENV_TODAY
        self.today_option = today or os.environ.get(ENV_TODAY) or None
        self.use_cache = use_cache
        self.debug = debug
        self._cache = None  # opened on first use (`cache`), or adopted from the command
        # Set by a command that reads the summary and hardly a contact (status, flags, today),
        # before it opens the cache: see `open_index`.
        self.summary_only = False

    def set_option(self, name: str, value) -> None:
        """A global option given after the command (before anything was loaded)."""
        if name == "vault":
            self.vault_option = value
        elif name == "today":
            self.today_source, self.today_option = "--today", value
        elif name == "no_cache":
            self.use_cache = False
        elif name == "debug":
            self.debug = True

    @cached_property
    def today(self) -> date:
        from network_md.core.dates import parse_iso

        if not self.today_option:
            return date.today()  # the only place that reads the clock
        try:
            return parse_iso(self.today_option)
        except ValueError as exc:
            raise UsageError(f"{self.today_source}: {exc}") from None

    @cached_property
    def root(self) -> Path:
        from network_md.store.vault import find_root

        return find_root(self.vault_option)

    @property
    def cache(self):
        """The vault's cache, its index brought up to date with the files (saved on close)."""
        if self._cache is None:
            self._cache = self._open_cache()
        return self._cache

    def _open_cache(self):
        from network_md.analysis.current import open_index
        from network_md.store.bulk import Progress, bulk

        progress = Progress(sys.stderr) if sys.stderr.isatty() else None
        with bulk(freeze=True):
            day, only = self.today.toordinal(), self.summary_only
            cache = open_index(self.root, self.use_cache, progress, True, day, only)
            self.links.refresh(cache.index)  # the daily notes' entries join their contacts
        return cache

    def adopt_cache(self, cache) -> None:
        """Work on `cache` from now on: a cache whose index the command brought up to date
        itself (`search`, in the one walk that also finds its candidates). It is the session's
        cache and index, saved on close, as if the session had opened it."""
        if self._cache is not None:
            raise RuntimeError("the session has a cache already")  # two indexes: a bug
        self._cache = cache

    @property
    def index(self):
        """The vault's index, brought up to date with the files."""
        return self.cache.index

    @cached_property
    def links(self):
        """The daily notes and the links between contacts (store/linkstate.py)."""
        from network_md.store.linkstate import LinkState

        return LinkState(self.root, self.use_cache)

    @property
    def config(self):
        return self.index.vault.config

    @cached_property
    def state(self):
        """The summary's state for today: the cache's, patched for changed files (with the
        close-the-loop nudges, see analysis/current.py)."""
        from network_md.analysis.current import summary
        from network_md.store.bulk import bulk

        with bulk(freeze=True):
            return summary(self.cache, self.today.toordinal())

    @cached_property
    def summary(self):
        """Counts, flags and practice: from the cache's summary, patched for changed files."""
        from network_md.analysis.stats import sort_flags
        from network_md.analysis.summary import view
        from network_md.core.model import Flag

        state = self.state
        summary = view(state, self.config)
        if state.loop:  # someone introduced you, and the loop is open
            flags = sort_flags(summary.flags + [Flag._make(f) for f in state.loop])
            summary = summary._replace(flags=flags)
        return summary

    @cached_property
    def analysis(self):
        """Every contact's numbers (for list, show, export)."""
        from network_md.analysis.stats import analyse
        from network_md.store.bulk import bulk

        with bulk(freeze=True):
            return analyse(self.index.contacts(), self.config, self.today)

    def close(self) -> None:
        """At the end of the command: write the cache back if this command loaded the index."""
        from network_md.analysis.current import save
        from network_md.store.layout import ignore_itself

        if self._cache is not None:
            saved = save(self.cache)
            self.links.save(self.index, saved)
            if self.use_cache:
                ignore_itself(self.root)

    def problems(self, every_log: bool = False):
        """Every problem: the config's first, then by path and line. `every_log`: also the
        ambiguous links in contact logs, which only a command that reads every log finds."""
        from network_md.format.config import CONFIG_NAME

        found = self.index.problems() + self.links.problems()
        if every_log:
            from network_md.store.mentions import log_problems

            found += log_problems(self.links, self.index)
        return sorted(found, key=lambda p: (p.path != CONFIG_NAME, p.path, p.line or 0))

    def check_problems(self) -> list:
        """Every problem `check` reports: the files', and those that only every contact together
        shows (an `introduced_by` that names two people)."""
        from network_md.analysis.introductions import problems as introduction_problems
        from network_md.format.config import CONFIG_NAME

        found = self.problems(every_log=True) + introduction_problems(self.index.contacts())
        return sorted(found, key=lambda p: (p.path != CONFIG_NAME, p.path, p.line or 0))

    def report_problems(self):
        """On stderr: one line that says problems exist (reading commands keep going)."""
        from network_md.render import text as render

        summary = render.problems_summary(self.problems())
        if summary:
            click.secho(f"network-md: {summary}", fg="yellow", err=True)

    def vault_rel(self, path: Path) -> str:
        from pathlib import Path

        return Path(path).relative_to(self.root).as_posix()

    @contextmanager
    def naming(self, path: Path):
        """A write error about `path` names it by its vault path (`people/team/ada.md: …`): the
        writer knows only the file, and a vault may hold two `ada.md`."""
        try:
            yield
        except WriteError as exc:
            rel = self.vault_rel(path)
            if exc.path == rel:
                raise
            if exc.path == os.path.basename(path):
                raise exc.renamed(rel) from None
            raise WriteError(f"{rel}: {exc.message}", exc.exit_code, path=rel) from None

    def contact(self, name: str):
        """The contact NAME means: found in the name index, then only that one decoded."""
        from network_md.core.errors import UsageError
        from network_md.core.names import resolve

        query = self._vault_path_of(name)
        table = self.name_cards(query)
        try:
            card = resolve([k.contact for k in table], query, table)
        except UsageError:  # said again among everyone: "did you mean" looks at every name
            table = self.name_cards()
            card = resolve([k.contact for k in table], query, table)
        return self.index.contact(card.path)

    def contact_for_write(self, name: str, words: tuple[str, ...]):
        """(contact, text words) for a write given NAME and the words after it: it never guesses
        when NAME and some of them name someone else, and words that finish the contact's own
        name are the name, not the text. Resolved among the name index's candidates of NAME
        and of each longer name it could run on into, then only the one contact decoded."""
        from network_md.core.errors import UsageError
        from network_md.core.names import resolve_for_write

        query = self._vault_path_of(name)
        longer = [" ".join((query, *words[:n])) for n in range(len(words) + 1)]
        table = self.name_cards(*longer)
        try:
            card, consumed = resolve_for_write([k.contact for k in table], query, words, table)
        except UsageError:  # said again among everyone: "did you mean" looks at every name
            table = self.name_cards()
            card, consumed = resolve_for_write([k.contact for k in table], query, words, table)
        return self.index.contact(card.path), words[consumed:]

    def name_cards(self, *queries: str) -> list:
        """The name index's entries (`core.names.Keyed`, each contact a card of its names) that
        any of `queries` could match, by path; with none, every contact's."""
        from network_md.store.names import keyed_card

        names = self.index.name_table()
        if not queries:
            return [keyed_card(path, entry) for path, entry in names.entries().items()]
        found = {k.contact.path: k for q in queries for k in names.candidates(q)}
        return [found[path] for path in sorted(found)]

    def _vault_path_of(self, name: str) -> str:
        """A NAME that is a contact file on disk (`../people/ada.md`, as a shell completes a
        path) as its vault-relative path; any other NAME as it is."""
        if not name.lower().endswith(".md"):
            return name
        from pathlib import Path

        try:
            path = Path(name).resolve()
            return path.relative_to(self.root).as_posix() if path.is_file() else name
        except (OSError, ValueError):
            return name

    def stats_for(self, name: str):
        """One contact's numbers (only that contact is analysed, bar introductions)."""
        from network_md.analysis.introductions import across
        from network_md.analysis.stats import contact_stats
        from network_md.core.model import Flag

        contact = self.contact(name)
        stats = contact_stats(contact, self.config, self.today.toordinal(), {})
        # its close-the-loop nudge, from the state (the summary's view would build every flag)
        loop = [Flag._make(f) for f in self.state.loop or () if f[3] == contact.path]
        return across([stats], self.introductions_of(contact.path), loop)[0]

    def introductions_of(self, path: str):
        """Who introduced you to whom, right for the contact at `path` (its rows, whom it
        introduced): worked out from the few contacts whose files can say so, as the links
        cache knows them; without the cache, from every contact (the plain path). The contacts
        are read only when someone may have introduced anyone."""
        from network_md.analysis import introductions as intro

        known = self._introductions.get(path)
        if known is not None:
            return known
        if not self.state.linking:
            found = intro.NONE
        elif not self.use_cache:
            found = intro.find(self.index.contacts(), self.today.toordinal())
        else:
            from network_md.store.mentions import related, resolver

            index = self.index
            paths = related(self.links, index, path, self.today.toordinal())
            contacts = [c for p in paths if (c := index.contact(p)) is not None]
            found = intro.find(contacts, self.today.toordinal(), resolver(self.links, index))
        self._introductions[path] = found
        return found

    @cached_property
    def _introductions(self) -> dict:
        return {}

    def introduction_rows(self, path: str) -> list[tuple]:
        """Both directions of the contact's introductions for `show`: (what, other contact's
        name, day or None), as Introductions.rows gives them by path."""
        index = self.index

        def name(p: str) -> str:
            other = index.contact(p)
            return other.name if other else p

        return [(what, name(p), day) for what, p, day in self.introductions_of(path).rows(path)]

    def full_log(self, path: str):
        """The contact's full log, re-read from its file when the cache left it out."""
        from network_md.format.parse import parse_contact
        from network_md.store.safeopen import read_regular

        item = self.index.get(path)
        notes = list(self.links.entries_of(path))  # entries in daily notes that link it
        if item and item.contact and item.contact.log is not None:
            return list(item.contact.log) + notes
        try:
            data = read_regular(self.root / path)
        except OSError:
            return notes
        contact, _ = parse_contact(path, data, self.config)
        return (list(contact.log) if contact else []) + notes
