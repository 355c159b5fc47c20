"""The cache file on disk: its layout (magic line, sizes and checksums, head, tail), the head
read and checked, the tail read only when a record is needed. See cache.py."""

from __future__ import annotations

import marshal
import os
import sys
import zlib
from pathlib import Path

from network_md.core.errors import WriteError
from network_md.store.atomic import OVERWRITE, write_file
from network_md.store.cache_check import sound_head, unsealed
from network_md.store.layout import CACHE_DIR, modules_stamp
from network_md.store.safeopen import file_identity, open_regular, read_again, read_at

MAGIC = b"network-md index 12\n"
CACHE_NAME = "index"
_HEAD = len(MAGIC) + 24  # head length, head checksum, tail length, tail checksum
# marshal's format and the arrays' byte order belong to the Python and the machine that wrote them.
PLATFORM = [*sys.version_info[:2], sys.byteorder]


def code_stamp() -> list:
    """The stamps of the modules whose code decides what is cached: an upgrade (or an edit of
    them) invalidates the cache even where the format stayed the same."""
    return modules_stamp((
        "analysis/stats", "store/cache", "format/config", "format/fields", "format/logscan",
        "core/model", "format/parse", "store/records", "analysis/rules", "analysis/summary",
        "analysis/current", "core/names", "store/names", "store/reader", "store/cache_file",
        "format/configvalues", "format/yamlsafe", "analysis/introductions", "format/logsection",
        "format/plainyaml", "format/logcareful",
    ))  # fmt: skip


def cache_path(root: Path) -> Path:
    return root / CACHE_DIR / CACHE_NAME


def read_cache(root: Path) -> tuple[dict | None, _LazyTail | None, int]:
    """(head, tail, tail checksum): the head checked and decoded, the tail read only when a
    record is needed (a warm `status` never reads it). (None, None, 0) when the cache is
    missing, damaged, foreign or of another version."""
    path = cache_path(root)
    try:
        fd = open_regular(path)  # a FIFO there is no cache, never a wait
    except OSError:
        return None, None, 0
    try:
        head, tail_at, tail_len, tail_sum = _read_head(fd)
        identity = file_identity(os.fstat(fd))
    except OSError:
        return None, None, 0
    finally:
        os.close(fd)
    if head is None:
        return None, None, 0
    return head, _LazyTail(path, identity, tail_at, tail_len), tail_sum


def _read_head(fd: int) -> tuple[dict | None, int, int, int]:
    """(head, where the tail starts, its length, its checksum); head None when it does not
    check out."""
    start = read_at(fd, _HEAD, 0)
    if len(start) < _HEAD or not start.startswith(MAGIC):
        return None, 0, 0, 0
    n = len(MAGIC)
    head_len, head_sum = _number(start, n, 8), _number(start, n + 8, 4)
    tail_len, tail_sum = _number(start, n + 12, 8), _number(start, n + 20, 4)
    size = os.fstat(fd).st_size
    head = read_at(fd, head_len, _HEAD) if size == _HEAD + head_len + tail_len else b""
    if len(head) != head_len or not head or zlib.adler32(head) != head_sum:
        return None, 0, 0, 0
    return _decoded_head(head), _HEAD + head_len, tail_len, tail_sum


def _number(raw: bytes, at: int, size: int) -> int:
    return int.from_bytes(raw[at : at + size], "big")


def _decoded_head(head: bytes) -> dict | None:
    """The head's value when its seal, platform, code and shape check out."""
    try:
        data = marshal.loads(unsealed(head))
    except Exception:  # marshal raises several kinds on foreign bytes: none is an answer
        return None
    if (
        not isinstance(data, dict)
        or data.get("python") != PLATFORM
        or data.get("code") != code_stamp()
        or not sound_head(data)
    ):
        return None
    return data


class _LazyTail:
    """The tail of the cache file, read on first use, and only from the very file the head was
    read from (same device, inode, size and mtime): a cache another process has put there
    since is none of this head's (its records are then read from the files again)."""

    def __init__(self, path: Path, identity: tuple, offset: int, length: int):
        self.path, self.identity, self.offset, self.length = path, identity, offset, length

    def read(self) -> memoryview | None:
        """The tail's bytes; None when the file changed or they are not all there."""
        data = read_again(self.path, self.identity, self.length, self.offset)
        return None if data is None else memoryview(data)


def framed(head: bytes, tail: bytes) -> bytes:
    """The cache file: the magic line, the sizes and checksums, the head, the tail."""
    return b"".join(frame(head, [tail]))


def frame(head: bytes, tail: list) -> list:
    """The cache file in pieces, the tail given as its pieces: written one by one, so that
    the file (100 MB at 100,000 contacts) is never copied whole into memory."""
    tail_sum = 1  # Adler-32 of nothing
    for piece in tail:
        tail_sum = zlib.adler32(piece, tail_sum)
    sizes = (
        len(head).to_bytes(8, "big")
        + zlib.adler32(head).to_bytes(4, "big")
        + sum(map(len, tail)).to_bytes(8, "big")
        + tail_sum.to_bytes(4, "big")
    )
    return [MAGIC + sizes, head, *tail]


def write_cache(root: Path, blob: bytes | list) -> bool:
    """The cache file (its bytes, or its pieces: see `frame`), written by the one atomic
    writer; False where it cannot be written."""
    folder = root / CACHE_DIR
    try:
        folder.mkdir(exist_ok=True)
        if not (folder / ".gitignore").exists():  # never committed, whoever made the vault
            write_file(folder / ".gitignore", b"*\n", None, root)
        # no fsync: a cache torn by a crash fails its checksums and is rebuilt
        write_file(folder / CACHE_NAME, blob, OVERWRITE, root, sync=False)
        return True
    except (OSError, WriteError):
        return False
