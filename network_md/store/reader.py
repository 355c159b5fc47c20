"""Reading one contact file: the one reader the index and its worker processes share."""

from __future__ import annotations

import os
import stat
import struct
from pathlib import Path
from typing import NamedTuple

from network_md.core.model import MAX_BYTES, Contact, Problem
from network_md.format.config import Config

Stamp = bytes  # mtime_ns, ctime_ns, size, inode, packed: a file is re-read when any of them moves
STAMP = struct.Struct("<qqqQ")
UNSTAMPED = b""  # never equal to a real stamp: the file is read again
OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0)  # a FIFO put there is never waited on
# The length of a contact's raw entry as a worker sends it without its record, (stamp, problem
# tuples, 0): parallel.py makes it, the index reads the file again when it is asked for
LEAN = 3
_PARSE: list = [None]  # format.parse.parse_contact, imported on the first file read


def stamp_of(st: os.stat_result) -> Stamp:
    return STAMP.pack(st.st_mtime_ns, st.st_ctime_ns, st.st_size, st.st_ino)


class IndexedFile(NamedTuple):
    stamp: Stamp
    contact: Contact | None  # None: not a contact (binary, too large, the dashboard)
    problems: tuple[Problem, ...]


def read_file(
    root: Path | str, config: Config, path: str, walked: bool = False
) -> IndexedFile | None:
    """One contact file, parsed (without its full log); None when it is gone or not a regular
    file. An unreadable file is an entry with its problem, never an exception. `walked`: the
    walk of this command just found a regular file there (see `_read_bytes`)."""
    parse_contact = _PARSE[0] or _parser()
    try:
        data, st = _read_bytes(os.path.join(root, path), path, walked)
    except (FileNotFoundError, NotADirectoryError, IsADirectoryError):
        return None
    except OSError as exc:
        problem = Problem(path, None, "error", f"cannot be read: {exc.strerror or exc}")
        return IndexedFile(UNSTAMPED, None, (problem,))
    contact, problems = parse_contact(path, data, config, with_log=False)
    return IndexedFile(stamp_of(st), contact, problems)


def _parser():
    """The parser, imported once (a warm `status` reads no file, and never imports it)."""
    from network_md.format.parse import parse_contact

    _PARSE[0] = parse_contact
    return parse_contact


def _read_bytes(full: str, path: str, walked: bool = False) -> tuple[bytes, os.stat_result]:
    """The file's bytes (one past MAX_BYTES at most) and its stat; IsADirectoryError for
    anything but a regular file. A folder, FIFO or device is not opened at all: its stat says
    so first, unless the walk (`walked`) has just said it was a regular file (one system call
    less a file on a cold index); either way the open file's own stat is checked."""
    if not walked and not stat.S_ISREG(os.stat(full).st_mode):
        raise IsADirectoryError(path)
    # O_NONBLOCK: should it become a FIFO between the stat and the open, never hang
    fd = os.open(full, OPEN_FLAGS)
    try:  # os-level reads: a file object costs more than reading a small file
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise IsADirectoryError(path)
        # One byte past the limit tells the parser "too large", without reading a huge file.
        limit = MAX_BYTES + 1
        data = os.read(fd, min(st.st_size + 1, limit))
        while (
            len(data) < limit
            and len(data) > st.st_size
            and (more := os.read(fd, limit - len(data)))
        ):
            data += more  # it grew while we read: take the rest, up to the limit
    finally:
        os.close(fd)
    return data, st
