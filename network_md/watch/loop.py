"""The watch loop: follow a vault with watchdog and report what changes, as plain-dict events.

    stop = threading.Event()
    watch_vault(root, on_event, stop)   # blocks until `stop` is set; never prints

Each event is a JSON-ready dict with an "event" key (docs/cli.md, `watch`):

- `ready`: `contacts`, `problems`, `today`, `vault`: indexed, and every later change is reported
- `raised` / `cleared`: `flag` (a flag is (path, rule); within a batch, cleared come first)
- `problem`: `problem`, `kept_last_good` (true only for the config: a broken config keeps the
  last good one until it parses again; a contact file is always analysed as it is on disk,
  counting what can be read); `resolved`: `problem`, a problem that went away
- `relationships`: `contacts`, `relationships` (counts), `changes` (the counts that moved)
- `day`: `today`, the evaluation day moved; `config`: `path`, the config was reloaded
- `batch`: `paths`, `seconds`: one settled burst was processed (for embedders and tests)
- `error`: `message`, the vault folder is gone; `watch_vault` then raises VaultGone
"""

from __future__ import annotations

import os
import queue
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

from network_md.analysis.stats import Analysis
from network_md.core.errors import NetworkMdError
from network_md.core.model import RELATIONSHIPS, Contact, Problem
from network_md.format.config import CONFIG_NAME
from network_md.render.text import flag_json, problem_json
from network_md.store.vault import IndexedFile, Vault, stamp_of
from network_md.watch.live import (
    LiveAnalysis,
    changed_problems,
    config_problem,
    diff_flags,
    new_problems,
    problem_event,
    problem_order,
    resolved_event,
    start_live,
)
from network_md.watch.observe import event_key, files_under, start_observer
from network_md.watch.outputs import Outputs

# cache saves and re-scans wait for this much quiet, so they rarely delay an event
IDLE_SECONDS = 2.0
# inotify drops events when its queue overflows (a checkout of many thousand files): this often,
# while quiet, every file is stat-ed and whatever changed unseen is processed as a batch.
RESCAN_SECONDS = 30.0


class VaultGone(NetworkMdError):
    """The vault folder was deleted, moved away or unmounted while watching: exit 1."""


class VaultWatcher:
    """The loop's state: the index, each contact as on disk, the analysis, the dashboard."""

    def __init__(
        self,
        root: str | os.PathLike,
        on_event: Callable[[dict], None],
        *,
        clock: Callable[[], date] = date.today,
        use_cache: bool = True,
        debounce: float = 0.1,
        max_wait: float = 1.0,
        dashboard: str | os.PathLike | None = None,
        tick: float = 0.25,
        progress=None,
        calendar: str | os.PathLike | None = None,
        report: str | os.PathLike | None = None,
    ):
        self.root = Path(root).resolve()
        self.on_event = on_event
        self.clock = clock
        self.use_cache = use_cache
        self.debounce, self.max_wait, self.tick = debounce, max_wait, tick
        self.pinned_dashboard = Path(dashboard).absolute() if dashboard else None
        self.dashboard: Path | None = self.pinned_dashboard
        self.progress = progress
        self.queue: queue.Queue = queue.Queue()
        self.index = None  # vault.Index, once indexed
        self.links = None  # store.linkstate.LinkState, with the index
        self.contacts: dict[str, Contact] = {}  # each contact as read from its file now
        self.config_error: Problem | None = None
        self.live: LiveAnalysis | None = None
        self.last_batch = self.last_rescan = time.monotonic()
        self.dirty = False  # the index moved since the cache was last saved
        absolute = lambda p: Path(p).absolute() if p else None  # noqa: E731
        self.outputs = Outputs(self.root, absolute(calendar), absolute(report))

    # --- from watchdog's thread -----------------------------------------------------------

    def enqueue(self, event) -> None:
        """Queue a watchdog event, unless nothing in it can matter (so it starts no batch)."""
        wanted = self.index.vault.filter.worth_reading if self.index else None
        key = event_key(event, self.root, self.dashboard, wanted)
        if key is not None:
            self.queue.put(key)

    # --- the loop ---------------------------------------------------------------------------

    def run(self, stop) -> None:
        """Index, arm, emit `ready`, then process settled batches until `stop` is set."""
        if not self.root.is_dir():
            raise VaultGone(f"{self.root}: no such folder")
        self.outputs.check()  # a path that can never be written: exit 2 before any work
        # started before indexing: no change made meanwhile is lost
        observer = start_observer(self.root, self)
        try:
            self.cache, self.index = self._open()
            if stop.is_set():  # stopped while indexing: no summary nobody waits for
                return
            self._use_config_dashboard()
            self.outputs.check(self.index, self.dashboard)
            self.dirty = self.index.changed  # a cold index is saved at the first quiet moment
            self.today = self.clock()
            # a kept file (dashboard, calendar, report) needs everyone: no warm start
            warm = self.use_cache and self.dashboard is None and not self.outputs.files()
            self.live, count = start_live(self.cache, self.today, warm)
            self.contacts = self.live.contacts
            self.write_files()
            self.on_event({
                "event": "ready",
                "contacts": count,
                "problems": [problem_json(p) for p in self.problems()],
                "today": self.today.isoformat(),
                "vault": str(self.root),
            })  # fmt: skip
            self._loop(stop)
        finally:
            observer.stop()
            observer.join(timeout=5)
            if self.use_cache and self.index is not None and self.dirty:
                self._save_cache()

    def _loop(self, stop) -> None:
        q = self.queue
        while not stop.is_set():
            try:
                first = q.get(timeout=self.tick)
            except queue.Empty:
                self._idle()
                continue
            batch, start = [first], time.monotonic()
            quiet_until, deadline = start + self.debounce, start + self.max_wait
            while (wait := min(quiet_until, deadline) - time.monotonic()) > 0:
                try:
                    batch.append(q.get(timeout=wait))
                except queue.Empty:
                    break
                quiet_until = time.monotonic() + self.debounce
            self.process(batch)

    def _idle(self) -> None:
        self._check_root()
        self._check_day()
        now = time.monotonic()
        if now - self.last_batch < IDLE_SECONDS:
            return
        if now - self.last_rescan > RESCAN_SECONDS:
            self.last_rescan = now
            self.rescan()
        if self.use_cache and self.dirty:
            self._save_cache()

    def rescan(self) -> None:
        """Stat every file; process what changed without an event (lost to a queue overflow)."""
        seen = self.index.vault.discover()
        files = self.index.files
        missed = [p for p, st in seen.items() if p not in files or files[p].stamp != stamp_of(st)]
        missed += [p for p in files if p not in seen]
        missed += self.links.unseen_notes(self.index)
        if missed:
            self.process([(False, p, None) for p in missed])

    def _open(self):
        """A fresh cache and its index, brought up to date with the files."""
        from network_md.analysis.current import open_index
        from network_md.store.linkstate import LinkState

        links = LinkState(self.root, self.use_cache)  # before the index cache is written
        cache = open_index(self.root, self.use_cache, self.progress)
        self.links = links
        self.links.refresh(cache.index)  # the daily notes' entries join their contacts
        return cache, cache.index

    def _save_cache(self) -> None:
        # Every file is re-read on its event, so the index is current as of now, not of the load.
        self.cache.started_ns = time.time_ns()
        from network_md.analysis import current

        current.summary(self.cache, self.today.toordinal())  # keeps `status` fast afterwards
        self.links.save(self.index, current.save(self.cache, force=True))
        self.dirty = False

    def _check_root(self) -> None:
        if not self.root.is_dir():
            message = f"the vault folder {self.root} is gone (deleted, moved or unmounted); stopped watching"
            self.on_event({"event": "error", "message": message})
            raise VaultGone(message)

    def _check_day(self) -> None:
        today = self.clock()
        if today == self.today:
            return
        self.today = today
        old, counts = self.live.flags(), dict(self.live.counts)
        self.live.decode_all(self.index)  # a new day moves everyone's flags
        self.live.rebuild(self.index.vault.config, today, self.contacts)
        self._emit(
            [{"event": "day", "today": today.isoformat()}], *diff_flags(old, self.live.flags())
        )
        self._emit_counts(counts)
        self.write_files()

    # --- one batch --------------------------------------------------------------------------

    def process(self, batch: list[tuple]) -> None:
        """Re-read what the batch touched, recompute those contacts, emit the differences."""
        started = time.monotonic()
        self._check_root()
        self._check_day()
        paths, config_changed = self._paths(batch)
        counts = dict(self.live.counts)
        problems: list[dict] = []
        if config_changed:
            old_flags = self.live.flags()
            if self._reload_config(problems):
                self._emit(problems, *diff_flags(old_flags, self.live.flags()))
                self._finish(counts, sorted(self.index.files), started)
                return
        old_flags, new_flags = list(self.live.loop), []  # nudges across contacts: before and after
        self.dirty = self.dirty or bool(paths)
        for path in sorted(paths):
            self.live.settle(path, self.index.contact(path))  # as it was, before re-reading
            before = self.index.get(path)
            self._settle(path, before, self.index.update(path), problems)
        old_notes = self.links.problems()
        linked = self.links.update(self.index, paths)  # who the daily notes' entries belong to
        problems += changed_problems(old_notes, self.links.problems())
        daily = self.index.vault.filter.is_daily
        for path in sorted({p for p in paths if not daily(p)} | linked):
            self._extend(path)
            was, now = self.live.set(path, self.contacts.get(path))
            old_flags += was
            new_flags += now
        if self.live.introducing:  # a nudge across contacts: everyone decoded (warm-started)
            self.live.complete(self.index)
        new_flags += self.live.relink()
        self._emit(problems, *diff_flags(old_flags, new_flags))
        self._finish(counts, sorted(paths), started)

    def _extend(self, path: str) -> None:
        """The contact at `path` as the analysis sees it: with its daily notes' entries."""
        self.contacts[path] = contact = self.index.contact(path)
        if contact is None:
            del self.contacts[path]

    def _finish(self, counts: dict, paths: list[str], started: float) -> None:
        self._emit_counts(counts)
        self.write_files()
        self.last_batch = time.monotonic()
        self.on_event(
            {"event": "batch", "paths": paths, "seconds": round(self.last_batch - started, 4)}
        )

    def _paths(self, batch) -> tuple[set[str], bool]:
        """The contact paths a batch may have changed; a folder stands for every file in it."""
        paths: set[str] = set()
        config_changed = False
        for is_dir, *rels in batch:
            for rel in rels:
                if rel is None:
                    continue
                if rel == "":
                    self._check_root()
                elif rel == CONFIG_NAME:
                    config_changed = True
                elif not is_dir:
                    paths.add(rel)
                else:
                    prefix = rel + "/"
                    paths.update(p for p in self.index.files if p.startswith(prefix))
                    paths.update(p for p in self.links.note_stamps if p.startswith(prefix))
                    paths.update(files_under(self.root, rel))
        return paths, config_changed

    def _settle(
        self, path: str, before: IndexedFile | None, after: IndexedFile | None, out: list
    ) -> None:
        """Analyse a re-read file as it is on disk, and note its new and gone problems.

        A file with errors counts what can be read, exactly as every other command reads it:
        the flags `watch` holds are always those `flags --json` gives for the files on disk."""
        self._extend(path)
        out += changed_problems(before.problems if before else (), after.problems if after else ())

    def _reload_config(self, out: list) -> bool:
        """Re-read the config; on a change re-parse every file. False: nothing to re-evaluate."""
        old = self.index
        try:
            vault = Vault.open(self.root)
            if vault.config_key != old.vault.config_key:
                # the cached files are keyed to the old config: all re-read
                cache, index = self._open()
        except NetworkMdError as exc:
            problem = config_problem(exc)
            if problem != self.config_error:
                out.append(problem_event(problem, kept_last_good=True))
            self.config_error = problem
            return False
        if self.config_error is not None:
            out.append(resolved_event(self.config_error))
            self.config_error = None
        if vault.config_key == old.vault.config_key:
            return False
        vault = index.vault
        out += [
            problem_event(p) for p in new_problems(vault.config_problems, old.vault.config_problems)
        ]
        out += [
            resolved_event(p)
            for p in new_problems(old.vault.config_problems, vault.config_problems)
        ]
        self.cache, self.index = cache, index
        self._use_config_dashboard()
        for path in sorted(set(old.files) | set(self.index.files)):
            self._settle(path, old.files.get(path), self.index.get(path), out)
        self.dirty = True
        self.live.rebuild(vault.config, self.today, self.contacts)
        out.append({"event": "config", "path": CONFIG_NAME})
        return True

    # --- output -----------------------------------------------------------------------------

    def _emit(self, events: list[dict], cleared=(), raised=()) -> None:
        """Problems first, then flags: cleared before raised, each by severity and date."""
        for event in events:
            self.on_event(event)
        for kind, flags in (("cleared", cleared), ("raised", raised)):
            for f in flags:
                self.on_event({"event": kind, "flag": flag_json(f)})

    def _emit_counts(self, before: dict) -> None:
        now = self.live.counts
        changes = {rel: now[rel] - before[rel] for rel in RELATIONSHIPS if now[rel] != before[rel]}
        if changes:
            self.on_event({
                "event": "relationships",
                "contacts": sum(now.values()),
                "relationships": dict(now),
                "changes": changes,
            })  # fmt: skip

    def problems(self) -> list[Problem]:
        """Every problem now: the config's, then each file's (by path)."""
        found = sorted(self.index.problems() + self.links.problems(), key=problem_order)
        return ([self.config_error] if self.config_error else []) + found

    def analysis(self) -> Analysis:
        self.live.complete(self.index)
        return self.live.analysis()

    def _use_config_dashboard(self) -> None:
        if self.pinned_dashboard is None:
            name = self.index.vault.config.dashboard
            self.dashboard = (self.root / name) if name else None

    def write_files(self) -> None:
        """The dashboard, the calendar feed and the report, each rewritten where its content
        changed, from one analysis. A failed write is a problem event; watching goes on."""
        if self.dashboard is None and not self.outputs.files():
            return
        # the config's dashboard must stay inside the vault; one named with --dashboard is the user's
        board = (self.dashboard, None if self.pinned_dashboard else self.root)
        args = (self.analysis(), self.index, self.today, self.problems(), board)
        for path, exc in self.outputs.update(*args):  # each said once, tried again on a change
            message = exc.reason() if exc.path == path.name else exc.message
            self.on_event(problem_event(Problem(str(path), None, "error", message)))


def watch_vault(
    root: str | os.PathLike, on_event: Callable[[dict], None], stop_event, **options
) -> None:
    """Watch `root` until `stop_event` is set, calling `on_event(dict)` for each event (see above).

    Blocks; run it in a thread to embed it. Options (VaultWatcher's): `clock` (a callable giving
    the evaluation day, checked every `tick` seconds, 0.25), `use_cache`, `debounce` (0.1 s of
    quiet settles a burst), `max_wait` (1 s: a steady stream still reports), `dashboard` (else
    the config's `dashboard:`), `calendar` and `report` (files to keep), `progress`. Raises
    VaultGone when the vault folder disappears, UsageError for a bad config at the start."""
    VaultWatcher(root, on_event, **options).run(stop_event)
