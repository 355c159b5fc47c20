"""The files `watch` keeps: the dashboard, the calendar feed (`--calendar FILE`) and the report
(`--report FILE`), each rebuilt from one analysis after every batch and at midnight, and written
only when its bytes change.

The feed and the report are pure functions of the vault and the evaluation day (the feed's DTSTAMP is the day, the
report has no clock in it), so "its bytes changed" is exactly "something it shows changed":
a batch that touches nothing they show leaves the file, and its modification time, alone, and
a calendar that polls the file reads nothing new. Each write goes through store.atomic, so a
reader (a calendar app, a browser) sees the old file or the new one, never half of one.

icalendar and Jinja2 are imported on the first build, so a `watch` without these options never
loads them.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from datetime import date
from pathlib import Path

from network_md.core.errors import UsageError, WriteError
from network_md.render.calendar_items import has_entries_after, holds_a_box, is_feed
from network_md.render.owned import replaceable
from network_md.render.report import is_report
from network_md.store.atomic import edit_file, write_file
from network_md.store.safeopen import NotRegularFile, read_regular

FEED_DAYS = 14  # the feed's to-dos reach this many days ahead, as `calendar`'s default
LONE_SURROGATE = re.compile("[\ud800-\udfff]")


class KeptFile:
    """One file `watch` keeps: written atomically, and only when its bytes change.

    It replaces only a file that is empty or already its kind (`ours`): a typo that names a
    note, a contact or a page of your own is refused, never overwritten."""

    def __init__(self, option: str, path: Path, ours: Callable[[bytes], bool], kind: str):
        self.option, self.path, self.ours, self.kind = option, path, ours, kind
        self.data: bytes | None = None  # what the file holds, as far as we know
        self.failed = False  # the last write of `data` failed

    def check(self) -> None:
        """At the start, before anything is indexed: UsageError (exit 2) for a path that can
        never be written: no such folder, a folder or FIFO there, a file that is not ours."""
        where = f"{self.option} {self.path}"
        if not self.path.parent.is_dir():
            raise UsageError(f"{where}: the folder {self.path.parent} does not exist")
        try:
            before = read_regular(self.path)
        except NotRegularFile as exc:
            raise UsageError(f"{where}: {exc.strerror}; nothing written") from None
        except FileNotFoundError:
            return
        except OSError:
            return  # the write says why it cannot be made, and watching goes on
        if not replaceable(before, self.ours):
            raise UsageError(f"{where}: the file is there and is not {self.kind}; not replaced")
        self.data = before

    def update(self, data: bytes) -> bool:
        """Write `data` unless the file holds it already; True when written. WriteError when
        it cannot be written (nothing written; tried again when the bytes change again). A file
        deleted meanwhile is written again, unless its last write failed."""
        if self.data is None:
            try:
                self.data = read_regular(self.path)
            except OSError:
                self.data = b""
        if data == self.data and (self.failed or os.path.exists(self.path)):
            return False
        self.data, self.failed = data, True  # first: a failed write is said once, not each batch
        if not os.path.exists(self.path):  # a symlink that leads nowhere yet is written through
            write_file(self.path, data, None)
        else:
            edit_file(self.path, lambda before: self._replacing(before, data))
        self.failed = False
        return True

    def _replacing(self, before: bytes, data: bytes) -> bytes:
        if not replaceable(before, self.ours):
            raise WriteError(f"is not {self.kind} (something else was saved there); not replaced")
        return data


class Logs:
    """Each contact's full log, read again only when its file changed: the index keeps only
    what the analysis counts, and the feed needs the plans as written (box, time, text).

    Only a file that can hold a plan is parsed for it: one with an open box (the index knows
    them), an entry after the evaluation day (the index's columns say), or a cancelled box
    (`[-]` in its bytes). Every other log is the empty list of plans it would give."""

    def __init__(self, root: Path):
        self.root = root
        self.known: dict[str, tuple] = {}  # path -> ((stamp, config key), entries or None)

    def reader(self, index, today: date) -> Callable[[str], list]:
        """`full_log(path)` for one build; what it was not asked for is forgotten (gone files)."""
        config_key = index.vault.config_key
        before, self.known = self.known, {}
        day = today.toordinal()

        def full_log(path: str) -> list:
            item = index.get(path)
            if item is None or item.contact is None:
                return []
            key = (item.stamp, config_key)
            known = before.get(path)
            if known is None or known[0] != key:
                known = (key, self._read(path, item.contact, index.vault.config))
            self.known[path] = known
            if known[1] is None:  # no box: only entries after today can be plans
                if not has_entries_after(item.contact, day):
                    return []
                return self._reread(path, key, index)
            return known[1]

        return full_log

    def _read(self, path: str, contact, config) -> list | None:
        """The log, or None when the file has no box at all (open or cancelled)."""
        from network_md.format.parse import parse_contact

        try:
            data = read_regular(self.root / path)
        except OSError:  # gone or unreadable since the batch: its next event says so
            return []
        if not holds_a_box(contact, data):
            return None
        parsed, _ = parse_contact(path, data, config)
        return list(parsed.log or ()) if parsed else []

    def _reread(self, path: str, key: tuple, index) -> list:
        """The whole log of a file with entries after today (rare: a log written ahead)."""
        from network_md.format.parse import parse_contact

        try:
            parsed, _ = parse_contact(path, read_regular(self.root / path), index.vault.config)
        except OSError:
            return []
        log = list(parsed.log or ()) if parsed else []
        self.known[path] = (key, log)
        return log


def feed_bytes(analysis, index, today: date, logs: Logs, items: dict) -> bytes:
    """The calendar feed of this analysis, as `calendar` writes it. `items`: each item's bytes
    from the last build, reused where nothing changed (at 10,000 contacts serialising every
    to-do again would take most of the batch)."""
    from network_md.render.calendar_items import feed_name, feed_of

    config = index.vault.config
    name = feed_name(config, index.vault.root.name)
    full_log = logs.reader(index, today)
    return feed_of(analysis, config, today, FEED_DAYS, full_log, name, items)[0]


def report_bytes(analysis, index, problems) -> bytes:
    """The report of this analysis, as `report` writes it."""
    from network_md.render.report import render_report

    page = render_report(analysis, index.vault.config, problems)
    return LONE_SURROGATE.sub("\ufffd", page).encode("utf-8")


class Outputs:
    """The calendar feed and the report `watch` was told to keep (either may be None)."""

    def __init__(self, root: Path, calendar: Path | None = None, report: Path | None = None):
        self.calendar = (
            KeptFile("--calendar", calendar, is_feed, "a calendar") if calendar else None
        )
        self.report = (
            KeptFile("--report", report, is_report, "a network-md report") if report else None
        )
        self.logs = Logs(root)
        self.feed_items: dict = {}  # the feed's items as bytes, from the last build
        self.board = None  # the dashboard's DashboardFile, once there is one

    def files(self) -> list[KeptFile]:
        return [f for f in (self.calendar, self.report) if f is not None]

    def check(self, index=None, dashboard: Path | None = None) -> None:
        """UsageError for a path that can never be written, that the vault would read as a
        contact file (its own write would then come back as a contact), or that another kept
        file names too (each would refuse to replace the other)."""
        taken = {os.path.realpath(dashboard): "the dashboard"} if dashboard else {}
        for kept in self.files():
            kept.check()
            if index is not None and _is_contact_file(kept.path, index):
                raise UsageError(
                    f"{kept.option} {kept.path}: the vault reads that file as a contact; "
                    "name a file outside the contact folders (or not ending in .md)"
                )
            real = os.path.realpath(kept.path)
            if real in taken:
                raise UsageError(f"{kept.option} {kept.path}: the same file as {taken[real]}")
            taken[real] = kept.option

    def update(self, analysis, index, today: date, problems, dashboard=(None, None)) -> list:
        """Rebuild each file and write those whose content changed: the dashboard (`(path, the
        root it must stay inside)`), the feed, the report. The failed writes, as (path, error)."""
        writes = []
        if dashboard[0] is not None:
            writes.append((dashboard[0], self._dashboard, (*dashboard, analysis, index, problems)))
        if self.calendar is not None:
            writes.append((self.calendar.path, self._feed, (analysis, index, today)))
        if self.report is not None:
            writes.append((self.report.path, self._report, (analysis, index, problems)))
        failed = []
        for path, write, args in writes:
            try:
                write(*args)
            except WriteError as exc:
                failed.append((path, exc))
        return failed

    def _dashboard(self, path: Path, inside: Path | None, analysis, index, problems) -> None:
        from network_md.render.dashboard import DashboardFile, render_dashboard

        if self.board is None or (self.board.path, self.board.root) != (path, inside):
            self.board = DashboardFile(path, inside)
        self.board.update(render_dashboard(analysis.summary(), index.vault.config, problems))

    def _feed(self, analysis, index, today: date) -> None:
        self.calendar.update(feed_bytes(analysis, index, today, self.logs, self.feed_items))

    def _report(self, analysis, index, problems) -> None:
        self.report.update(report_bytes(analysis, index, problems))


def _is_contact_file(path: Path, index) -> bool:
    root = index.vault.root
    try:
        rel = Path(os.path.realpath(path)).relative_to(os.path.realpath(root)).as_posix()
    except ValueError:
        return False
    return index.vault.filter.wanted(rel)
