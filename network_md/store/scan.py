"""The searchable text of every contact file, kept in `.network-md/search` between runs.

`search` must read notes and log text, which the index cache does not keep: reading and folding
100,000 files takes seconds, finding a term in their folded text takes milliseconds. So the
folded text (format/searchtext.py) is kept per file with the file's stamp (mtime, ctime, size,
inode), and only files whose stamp moved are read again. A file modified within RACY_NS of the
scan may change again without moving its stamp, so it is kept unstamped and read next time.
The cache is one marshal blob behind a magic line and a checksum: a torn, foreign or older one
is ignored and rebuilt, never trusted. It is written by the one atomic writer.
"""

from __future__ import annotations

import marshal
import os
import stat
import time
import zlib
from pathlib import Path

from network_md.core.errors import WriteError
from network_md.core.model import MAX_BYTES
from network_md.format.searchtext import searchable
from network_md.store.layout import modules_stamp
from network_md.store.vault import CACHE_DIR, UNSTAMPED, stamp_of

MAGIC = b"network-md search 1\n"
CACHE_NAME = "search"
RACY_NS = 2_000_000_000
# The modules whose code decides what is kept: an upgrade rebuilds the cache.
_CODE = ("format/searchtext", "core/names", "format/logscan", "store/scan")


def _code_stamp() -> list[int]:
    return modules_stamp(_CODE)


def cache_path(root: Path) -> Path:
    return root / CACHE_DIR / CACHE_NAME


def _load(root: Path) -> dict[str, tuple[bytes, bytes]]:
    """path -> (stamp, searchable text), as kept; empty when missing, damaged or foreign."""
    from network_md.store.safeopen import read_regular

    try:
        raw = read_regular(cache_path(root))
    except OSError:
        return {}
    n = len(MAGIC)
    if not raw.startswith(MAGIC) or len(raw) < n + 4:
        return {}
    payload = memoryview(raw)[n + 4 :]
    if zlib.adler32(payload) != int.from_bytes(raw[n : n + 4], "big"):
        return {}
    try:
        data = marshal.loads(payload)
    except (ValueError, EOFError, TypeError):
        return {}
    if not isinstance(data, dict) or data.get("code") != _code_stamp():
        return {}
    files = data.get("files")
    return files if isinstance(files, dict) else {}


def _save(root: Path, files: dict[str, tuple[bytes, bytes]]) -> None:
    """Written like every file network-md owns; where it cannot be, search works without it."""
    from network_md.store.atomic import OVERWRITE, write_file
    from network_md.store.layout import ignore_itself

    payload = marshal.dumps({"code": _code_stamp(), "files": files})
    blob = MAGIC + zlib.adler32(payload).to_bytes(4, "big") + payload
    folder = root / CACHE_DIR
    try:
        folder.mkdir(exist_ok=True)
        write_file(folder / CACHE_NAME, blob, OVERWRITE, root, sync=False)
        ignore_itself(root)
    except (OSError, WriteError):
        pass


def _read(full: str) -> tuple[bytes, os.stat_result] | None:
    """A regular file's bytes and stat, None for anything else or a file too large to be a
    contact. Opened without blocking: a FIFO put there is never waited on."""
    try:
        fd = os.open(full, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError:
        return None
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode) or st.st_size > MAX_BYTES:
            return None
        chunks, size = [], 0
        while size <= MAX_BYTES and (chunk := os.read(fd, MAX_BYTES + 1 - size)):
            chunks.append(chunk)
            size += len(chunk)
        return (b"".join(chunks), st) if size <= MAX_BYTES else None
    except OSError:
        return None
    finally:
        os.close(fd)


def load(root: Path, use_cache: bool = True) -> dict[str, tuple[bytes, bytes]]:
    """What the cache kept: path -> (stamp, searchable text); not yet checked against the files."""
    return _load(root) if use_cache else {}


def texts(
    root: Path,
    seen: dict[str, os.stat_result],
    kept: dict[str, tuple[bytes, bytes]],
    use_cache: bool = True,
) -> dict[str, bytes]:
    """Every contact file's searchable text, by vault-relative path (`seen`: the vault's
    discovery): kept where the file's stamp has not moved, else read; the cache written back
    when anything moved."""
    fresh: dict[str, tuple[bytes, bytes]] = {}
    now = time.time_ns()
    moved = len(kept) != len(seen)
    for path, st in seen.items():
        stamp = stamp_of(st)
        old = kept.get(path)
        if type(old) is tuple and len(old) == 2 and old[0] == stamp and type(old[1]) is bytes:
            fresh[path] = old
            continue
        moved = True
        got = _read(os.path.join(root, path))
        if got is None:  # too large to be a contact, or no regular file: nothing to find in it,
            fresh[path] = (stamp, b"")  # and nothing to read again until its stamp moves
            continue
        data, st = got
        racy = now - max(st.st_mtime_ns, st.st_ctime_ns) < RACY_NS
        fresh[path] = (UNSTAMPED if racy else stamp_of(st), searchable(data, Path(path).stem))
    if use_cache and moved:
        _save(root, fresh)
    return {path: text for path, (_, text) in fresh.items()}
