"""The persistent index cache in `.network-md/index`: what the analysis needs, by path.

Layout: a magic line, then the CRC-32 and length of a `marshal` payload holding the format
version, the Python version, the config (keyed by a hash of the config file's bytes) and per
file its stamp, its contact without the full log, and its problems. marshal, because it loads
plain tuples and dicts faster than anything else in the standard library; the CRC, because
marshal must never see a truncated or foreign file. Each file's entry is trusted only while its
stamp (mtime, ctime, size, inode) is unchanged, so a stale cache costs a re-read, never a wrong
answer. Writes are atomic (temporary file, then rename), so two processes never corrupt it; the
last writer wins, and whatever it missed is re-read by the next run.
"""

from __future__ import annotations

import marshal
import os
import sys
import time
import zlib
from pathlib import Path

from .config import Config
from .model import Contact, Problem
from .vault import CACHE_DIR, Index, IndexedFile, Vault

MAGIC = b"network-md index\n"
FORMAT = 3
CACHE_NAME = "index"
# Files modified this close to the scan may change again within the clock's granularity without
# moving their mtime ("racy git"); they are stored unstamped so the next run reads them again.
RACY_NS = 2_000_000_000


def cache_path(root: Path) -> Path:
    return root / CACHE_DIR / CACHE_NAME


def _read(root: Path) -> dict | None:
    try:
        raw = cache_path(root).read_bytes()
    except OSError:
        return None
    head = len(MAGIC) + 12
    if len(raw) < head or not raw.startswith(MAGIC):
        return None
    crc = int.from_bytes(raw[len(MAGIC) : len(MAGIC) + 4], "big")
    size = int.from_bytes(raw[len(MAGIC) + 4 : head], "big")
    payload = raw[head:]
    if len(payload) != size or zlib.crc32(payload) != crc:
        return None
    try:
        data = marshal.loads(payload)
    except Exception:
        return None
    if (
        not isinstance(data, dict)
        or data.get("format") != FORMAT
        or data.get("python") != list(sys.version_info[:2])
        or not isinstance(data.get("files"), dict)
    ):
        return None
    return data


def _config_from(data: dict | None):
    def lookup(key: str):
        if not data or data.get("config_key") != key:
            return None
        try:
            return Config(*data["config"]), [Problem(*p) for p in data["config_problems"]]
        except Exception:
            return None

    return lookup


def open_index(root: Path, use_cache: bool = True) -> Index:
    """The vault and its index, from the cache where it is still valid (not yet refreshed)."""
    data = _read(root) if use_cache else None
    vault = Vault.open(root, _config_from(data))
    files: dict[str, IndexedFile] = {}
    if data and data.get("config_key") == vault.config_key:
        try:
            for path, (stamp, contact, problems) in data["files"].items():
                files[path] = IndexedFile(
                    tuple(stamp),
                    None if contact is None else Contact(*contact, None),
                    tuple(Problem(*p) for p in problems),
                )
        except Exception:
            files = {}  # a foreign or damaged layout: rebuild from the files
    index = Index(vault, files)
    index.changed = data is None and use_cache
    return index


def save_index(index: Index, scan_started_ns: int) -> bool:
    """Write the cache back atomically if anything changed; silently skip a vault we cannot write."""
    if not index.changed:
        return False
    vault = index.vault
    racy_after = scan_started_ns - RACY_NS
    files = {}
    for path, f in index.files.items():
        stamp = f.stamp if f.stamp[0] < racy_after else (0, 0, -1, 0)
        contact = None if f.contact is None else tuple(f.contact[:-1])
        files[path] = (stamp, contact, tuple(tuple(p) for p in f.problems))
    data = {
        "format": FORMAT,
        "python": list(sys.version_info[:2]),
        "config_key": vault.config_key,
        "config": tuple(vault.config),
        "config_problems": tuple(tuple(p) for p in vault.config_problems),
        "files": files,
    }
    try:
        payload = marshal.dumps(data)
    except ValueError:
        return False  # a value marshal cannot hold: work without the cache
    blob = MAGIC + zlib.crc32(payload).to_bytes(4, "big") + len(payload).to_bytes(8, "big") + payload
    import tempfile

    folder = vault.root / CACHE_DIR
    try:
        folder.mkdir(exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".index-", dir=folder)
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(blob)
            os.replace(tmp, folder / CACHE_NAME)
        except BaseException:
            with _quiet():
                os.unlink(tmp)
            raise
    except OSError:
        return False
    index.changed = False
    return True


def load(root: Path, use_cache: bool = True, progress=None) -> Index:
    """Open the index, bring it up to date with the files, and save the cache if it moved."""
    started = time.time_ns()
    index = open_index(root, use_cache)
    index.refresh(progress)
    if use_cache:
        save_index(index, started)
    return index


class _quiet:
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return exc[0] is not None and issubclass(exc[0], OSError)
