"""Several files changed as one: every file is checked before any is written, all under the lock.

`merge` and `rename` change more than one file (a contact, the files that link it, a file that
goes or gets a new name). Each change names the bytes it was computed from. Under the locks of
every folder involved (taken in one order, so two such commands never wait on each other), each
file must still hold those bytes, be writable and lie inside the vault; only then is anything
written, each file through `atomic.write_file`. New files come first and removals last, so a
machine that stops half-way leaves a file twice rather than not at all.
"""

from __future__ import annotations

import os
from contextlib import ExitStack
from pathlib import Path
from typing import NamedTuple

from network_md.core.errors import WriteError
from network_md.store.atomic import folder_lock, inside, write_file
from network_md.store.safeopen import read_regular


class Change(NamedTuple):
    """One file of a batch: vault-relative, with the bytes read (None: a new file) and the bytes
    to write (None: the file is removed)."""

    path: str
    before: bytes | None
    after: bytes | None


def apply(root: Path, changes: list[Change]) -> None:
    """Write every change, or (WriteError, exit 1) none of them."""
    targets = [(inside(root / c.path, root), c) for c in changes]
    folders = sorted({os.fspath(t.parent) for t, _ in targets})
    for c in changes:
        if c.before is None:
            _make_folder(root, c.path)
    with ExitStack() as stack:
        for folder in folders:
            stack.enter_context(folder_lock(Path(folder)))
        for target, c in targets:
            _check(target, c)
        for target, c in sorted(targets, key=lambda tc: _rank(tc[1])):
            if c.after is None:
                _remove(target, c.path)
            else:
                write_file(target, c.after, c.before, root)


def _rank(c: Change) -> int:
    """New files first, then edits, then removals."""
    return 0 if c.before is None else (2 if c.after is None else 1)


def _make_folder(root: Path, rel: str) -> None:
    try:
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise WriteError(
            f"{rel}: cannot make its folder ({exc.strerror}); nothing written", path=rel
        ) from None


def _check(target: Path, c: Change) -> None:
    """The file still holds what the change was computed from, and can be written."""
    if c.before is None:
        if os.path.lexists(target):
            raise WriteError(f"{c.path} already exists; nothing written", path=c.path)
        if not os.access(target.parent, os.W_OK):
            raise WriteError(f"{c.path}: its folder is read-only; nothing written", path=c.path)
        return
    try:
        now = read_regular(target)
    except OSError:
        raise WriteError(
            f"{c.path}: the file is gone; nothing written, run it again", path=c.path
        ) from None
    if now != c.before:
        raise WriteError(
            f"{c.path} changed on disk meanwhile; nothing written, run it again", path=c.path
        )
    writable = os.access(target.parent, os.W_OK) and (c.after is None or os.access(target, os.W_OK))
    if not writable:
        raise WriteError(f"{c.path}: the file is read-only; nothing written", path=c.path)


def _remove(target: Path, rel: str) -> None:
    try:
        os.unlink(target)
    except OSError as exc:
        raise WriteError(f"{rel}: cannot be removed ({exc.strerror})", path=rel) from None


def markdown_files(root: Path) -> list[str]:
    """Every `*.md` regular file under `root`, vault-relative, hidden files and folders left out
    (`.obsidian`, `.git`, the cache): the notes a link may be written in."""
    found = []
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        base = Path(folder)
        for name in sorted(files):
            if name.startswith(".") or not name.lower().endswith(".md"):
                continue
            path = base / name
            if path.is_file() and not path.is_symlink():
                found.append(path.relative_to(root).as_posix())
    return found
