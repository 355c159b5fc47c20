"""The vault's daily notes on disk: found (one walk of their folder), stamped, and read."""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import NamedTuple

from network_md.core.model import MAX_BYTES, Problem
from network_md.format.daily import DailyNotes, scan_note
from network_md.format.parse import BOM, front_matter_bounds
from network_md.store.safeopen import read_regular
from network_md.store.vault import STAMP, UNSTAMPED

# A note changed this close to the walk may change again without moving its stamp (as for the
# index cache): it is kept unstamped, so the next command reads it again.
RACY_NS = 2_000_000_000


class Note(NamedTuple):
    """One daily note as read: its stamp, its day and its entries (NoteEntry tuples)."""

    stamp: bytes
    day: int
    entries: tuple  # NoteEntry, in file order
    problems: tuple  # Problem


def find_notes(root: Path, daily: DailyNotes) -> dict[str, os.stat_result]:
    """Every file named like a daily note, with its stat, by vault-relative path: one walk of
    the daily folder (and its subfolders), hidden files and folders skipped, only regular
    files. (Whether its name is a real day, `day_of` says when it is read.)"""
    found: dict[str, os.stat_result] = {}
    named = daily.named
    top = daily.folder
    stack = [(root / top if top else root, top)]
    deep = "/" in daily.format  # a format with folders: walk them; else the folder alone
    while stack:
        path, rel = stack.pop()
        try:
            it = os.scandir(path)
        except OSError:
            continue
        with it:
            for entry in it:
                name = entry.name
                if name.startswith("."):
                    continue
                child = f"{rel}/{name}" if rel else name
                try:
                    if name.endswith(".md"):
                        st = entry.stat() if named(child) else None
                        if st is not None and stat.S_ISREG(st.st_mode):
                            found[child] = st
                    elif deep and entry.is_dir():
                        stack.append((entry.path, child))
                except OSError:
                    continue
    return found


def stamp_now(st: os.stat_result, racy_after: int) -> bytes:
    """The note's stamp, or UNSTAMPED while it is too fresh to trust."""
    if st.st_mtime_ns >= racy_after or st.st_ctime_ns >= racy_after:
        return UNSTAMPED
    return STAMP.pack(st.st_mtime_ns, st.st_ctime_ns, st.st_size, st.st_ino)


def stamp_of_stat(st: os.stat_result) -> bytes:
    return STAMP.pack(st.st_mtime_ns, st.st_ctime_ns, st.st_size, st.st_ino)


def read_note(root: Path, rel: str, day: int, config, stamp: bytes) -> Note:
    """One daily note's entries; a file that cannot be read is an error of that note."""
    try:
        data = read_regular(os.path.join(root, rel))
    except OSError as exc:
        problem = Problem(rel, None, "error", f"cannot be read: {exc.strerror or exc}")
        return Note(UNSTAMPED, day, (), (problem,))
    if len(data) > MAX_BYTES or b"\x00" in data:
        return Note(stamp, day, (), ())  # too large, or binary: no entries, as for a contact
    text = data.decode("utf-8", "replace")
    if text.startswith(BOM):
        text = text[1:]
    bounds = front_matter_bounds(text)
    start = bounds.body_at if bounds is not None and bounds.body_at >= 0 else 0
    entries, problems = scan_note(text, start, day, config, rel)
    return Note(stamp, day, tuple(entries), tuple(problems))
