"""One walk of the vault's folders: every `.md` file a contact may be, with its stat."""

from __future__ import annotations

import os
import stat
from collections.abc import Callable

from network_md.store.atomic import is_temp_name


def walk(folders: list, keep: Callable[[str], bool]) -> tuple[dict[str, os.stat_result], list]:
    """The regular `.md` files under `folders` ((path, vault-relative path) pairs) that `keep`
    takes, by vault-relative path; and the temporary files a killed writer left. Hidden names
    are skipped; a symlinked folder is followed once, never in a loop."""
    found: dict[str, os.stat_result] = {}
    stale: list[str] = []
    stack = list(folders)
    seen_dirs: set[tuple[int, int]] = set()
    while stack:
        path, rel = stack.pop()
        it = _open_folder(path, seen_dirs)
        if it is not None:
            with it:
                _scan(it, rel, keep, stack, found, stale)
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
