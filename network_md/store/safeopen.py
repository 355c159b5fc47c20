"""Reading a file network-md opens itself (config, cache, template, import input, `--output`
target, a contact file again) without ever waiting on something that is not a file.

Opening a FIFO for reading waits until a writer comes; reading a device may never end. So a
file is opened without blocking, checked with `fstat` on that very descriptor (no window in
which it could be swapped), and read only when it is a regular file.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

_FLAGS = (
    os.O_RDONLY
    | getattr(os, "O_NONBLOCK", 0)
    | getattr(os, "O_NOCTTY", 0)
    | getattr(os, "O_CLOEXEC", 0)
)


class NotRegularFile(OSError):
    """A folder, FIFO, device or socket where a file was expected; `strerror` says which."""

    def __init__(self, path, what: str):
        super().__init__(errno.EINVAL, what, os.fspath(path))


def kind_of(mode: int) -> str:
    """What a non-regular file is, as a message says it."""
    if stat.S_ISDIR(mode):
        return "a folder, not a file"
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe), not a regular file"
    return "not a regular file"


def open_regular(path: Path | str) -> int:
    """A descriptor open for reading on a regular file; NotRegularFile for anything else."""
    fd = os.open(path, _FLAGS)
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            raise NotRegularFile(path, kind_of(mode))
    except BaseException:
        os.close(fd)
        raise
    return fd


def read_at(fd: int, size: int, offset: int) -> bytes:
    """`size` bytes from `offset` (fewer only at the end of the file)."""
    parts, got = [], 0
    while got < size and (part := os.pread(fd, size - got, offset + got)):
        parts.append(part)
        got += len(part)
    return b"".join(parts)


def file_identity(st: os.stat_result) -> tuple:
    """Which file this is, as it is now: one replaced or written since has another."""
    return st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns


def read_again(path: Path | str, same: tuple, size: int, offset: int) -> bytes | None:
    """`size` bytes from `offset` of the file at `path`, only while it is still the file `same`
    names (`file_identity`) and they are all there; None otherwise (a cache read later than its
    head, say: whatever is there now may be another file)."""
    try:
        fd = open_regular(path)
    except OSError:
        return None
    try:
        if file_identity(os.fstat(fd)) != same:
            return None
        data = read_at(fd, size, offset)
    except OSError:
        return None
    finally:
        os.close(fd)
    return data if len(data) == size else None


def read_regular(path: Path | str) -> bytes:
    """The bytes of a regular file; NotRegularFile (an OSError) for anything else, at once."""
    fd = open_regular(path)
    try:
        with open(fd, "rb", closefd=False) as fh:
            return fh.read()
    finally:
        os.close(fd)


def read_regular_text(path: Path | str) -> str:
    return read_regular(path).decode("utf-8")
