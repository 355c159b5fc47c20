"""The file `.network-md/links`, where store/linkstate.py keeps what it knows between commands.

Layout: a magic line; the head's length and Adler-32; the head, one `marshal` dict of what
every command needs at once (stamps, a few small values) and where each part lies; then the
parts, each marshalled on its own, that only some commands need (`Parts`). A command reads the
head alone; a part is read (from the same open file, so a writer's rename never mixes two
versions), checked and decoded when first needed; a save copies a part it did not replace as
the bytes it read.
"""

from __future__ import annotations

import marshal
import os
import zlib
from pathlib import Path

from network_md.store.atomic import OVERWRITE, write_file
from network_md.store.layout import CACHE_DIR, modules_stamp

MAGIC = b"network-md links 2\n"
CACHE_NAME = "links"
INDEX_CACHE = "index"  # the index cache's file, whose stamp says which summary it holds
MODULES = ("format/daily", "format/links", "format/logscan", "store/daily", "store/linkstate",
           "store/linkcache", "store/mentions")  # fmt: skip


def code_stamp() -> list:
    """Stamps of the modules that decide what is kept: another version reads everything anew."""
    return modules_stamp(MODULES)


def index_stamp(root: Path) -> list:
    """The index cache file's stamp now ([] when there is none)."""
    try:
        st = os.stat(root / CACHE_DIR / INDEX_CACHE)
    except OSError:
        return []
    return [st.st_mtime_ns, st.st_ctime_ns, st.st_size, st.st_ino]


class Parts:
    """The parts of one cache file, each read and decoded once on first use; `put` replaces
    one. A part that cannot be read (damaged) is the caller's default: an empty state."""

    def __init__(
        self, where: dict | None = None, path: Path | None = None, identity=None, base: int = 0
    ):
        self._where = where or {}  # name -> (offset after the head, length, adler32)
        # The file is opened again for each part, and only while it is still the file the head
        # came from: no descriptor is held (a long `watch` would run out of them).
        self._path, self._identity = path, identity
        self._base = base
        self._values: dict = {}
        self._put: set[str] = set()

    def _bytes(self, name: str) -> bytes | None:
        where = self._where.get(name)
        if where is None or self._path is None:
            return None
        from network_md.store.safeopen import read_again

        offset, length, check = where
        blob = read_again(self._path, self._identity, length, self._base + offset)
        return blob if blob is not None and zlib.adler32(blob) == check else None

    def get(self, name: str, default):
        if name not in self._values:
            try:
                blob = self._bytes(name)
                self._values[name] = default if blob is None else marshal.loads(blob)
            except Exception:
                self._values[name] = default
        return self._values[name]

    def put(self, name: str, value) -> None:
        self._values[name] = value
        self._put.add(name)

    def replaced(self, name: str) -> bool:
        return name in self._put

    def encoded(self) -> dict[str, bytes]:
        """Every part as bytes: those not replaced as they were read."""
        out = {}
        for name in self._where:
            if name not in self._put:
                blob = self._bytes(name)
                if blob is not None:
                    out[name] = blob
        out.update((name, marshal.dumps(self._values[name])) for name in self._put)
        return out


_SIZES = len(MAGIC) + 12


def read(root: Path) -> tuple[dict, Parts]:
    """The head, checked, and its parts; ({}, no parts) when the file is missing, damaged or
    of another version."""
    from network_md.store.safeopen import file_identity, open_regular

    path = root / CACHE_DIR / CACHE_NAME
    try:
        fd = open_regular(path)
    except OSError:
        return {}, Parts()
    try:
        start = os.pread(fd, _SIZES, 0)
        if len(start) < _SIZES or not start.startswith(MAGIC):
            raise ValueError("not a links cache")
        length = int.from_bytes(start[len(MAGIC) : len(MAGIC) + 8], "big")
        body = os.pread(fd, length, _SIZES)
        if len(body) != length or zlib.adler32(body) != int.from_bytes(start[-4:], "big"):
            raise ValueError("a damaged head")
        head = marshal.loads(body)
        if not isinstance(head, dict) or head.get("code") != code_stamp():
            raise ValueError("another version")
        where = head.get("parts")
        if not isinstance(where, dict):
            raise ValueError("no parts")
        identity = file_identity(os.fstat(fd))
    except Exception:
        return {}, Parts()
    finally:
        os.close(fd)
    return head, Parts(where, path, identity, _SIZES + length)


def write(root: Path, head: dict, parts: dict[str, bytes]) -> bool:
    """Write the head and the parts atomically; False where it cannot be (the index cache's
    folder missing, a read-only vault): a cache that cannot be written is a cache not used."""
    folder = root / CACHE_DIR
    try:
        if not folder.is_dir():
            return False  # the index cache makes the folder (and its .gitignore)
        where, offset = {}, 0
        for name, blob in parts.items():
            where[name] = (offset, len(blob), zlib.adler32(blob))
            offset += len(blob)
        body = marshal.dumps({**head, "parts": where})
        blob = MAGIC + len(body).to_bytes(8, "big") + zlib.adler32(body).to_bytes(4, "big")
        write_file(
            folder / CACHE_NAME, blob + body + b"".join(parts.values()), OVERWRITE, root, sync=False
        )
        return True
    except Exception:
        return False
