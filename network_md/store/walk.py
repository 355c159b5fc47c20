"""One walk of the vault's folders: every `.md` file a contact may be, with its stat."""

from __future__ import annotations

import os
import stat
from collections.abc import Callable

from network_md.store.atomic import is_temp_name


def walk(
    folders: list, keep: Callable[[str], bool], stats: bool = True
) -> tuple[dict[str, os.stat_result | None], list]:
    """The regular `.md` files under `folders` ((path, vault-relative path) pairs) that `keep`
    takes, by vault-relative path; and the temporary files a killed writer left. Hidden names
    are skipped; a symlinked folder is followed once, never in a loop. `stats=False`: the same
    files, each with None instead of its stat (a cold index has no stamps to compare, and
    its readers stat each file they open: 100,000 system calls fewer)."""
    found: dict[str, os.stat_result | None] = {}
    stale: list[str] = []
    stack = list(folders)
    seen_dirs: set[tuple[int, int]] = set()
    scan = _scan if stats else _scan_types
    while stack:
        path, rel = stack.pop()
        it = _open_folder(path, seen_dirs)
        if it is not None:
            with it:
                scan(it, rel, keep, stack, found, stale)
    return found, stale


def _scan(it, rel: str, keep, stack: list, found: dict, stale: list) -> None:
    """One folder's entries: contact files into `found`, folders onto `stack`."""
    for entry in it:
        name = entry.name
        if name.startswith("."):
            if is_temp_name(name):  # left by a killed writer, perhaps
                stale.append(entry.path)
            continue
        try:
            if name.endswith(".md"):
                st = entry.stat()  # needed anyway: one call answers "is it a file?"
                child = f"{rel}/{name}" if rel else name
                if stat.S_ISDIR(st.st_mode):
                    stack.append((entry.path, child))
                elif stat.S_ISREG(st.st_mode) and keep(child):  # a FIFO is never opened
                    found[child] = st
            elif entry.is_dir():
                stack.append((entry.path, f"{rel}/{name}" if rel else name))
        except OSError:
            continue


def _scan_types(it, rel: str, keep, stack: list, found: dict, stale: list) -> None:
    """`_scan` without the stats: what each entry is, from its directory entry's type (a
    symlink, or a file system that does not say, is stat'ed to find out, as `_scan` does:
    `is_file` and `is_dir` follow symlinks and are False where the stat fails)."""
    for entry in it:
        name = entry.name
        if name.startswith("."):
            if is_temp_name(name):
                stale.append(entry.path)
            continue
        if name.endswith(".md") and entry.is_file():
            child = f"{rel}/{name}" if rel else name
            if keep(child):  # a FIFO, a socket or a device is no file: never opened
                found[child] = None
        elif entry.is_dir():
            stack.append((entry.path, f"{rel}/{name}" if rel else name))


def _open_folder(path, seen_dirs: set):
    """`os.scandir(path)`, or None when it cannot be read or was walked already."""
    try:
        st = os.stat(path)
        it = os.scandir(path)
    except OSError:
        return None
    if (st.st_dev, st.st_ino) in seen_dirs:
        it.close()
        return None
    seen_dirs.add((st.st_dev, st.st_ino))
    return it
