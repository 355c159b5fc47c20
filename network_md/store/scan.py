"""The searchable text and facts of every contact file, kept in `.network-md/search`.

`search` must read notes and log text, which the index cache does not keep: reading and folding
100,000 files takes seconds, finding a term in their folded text takes milliseconds. So the
folded text (format/searchtext.py) is kept per file with the file's stamp (mtime, ctime, size,
inode), and only files whose stamp moved are read again. Beside it, the file's facts
(searchtext.facts: its name, aliases, tags and known fields as the parser reads them), so that
`tag:` or `company:` needs no contact parsed. A file modified within RACY_NS of the scan may
change again without moving its stamp, so it is kept unstamped and read next time. The cache
is one marshal blob (paths, stamps, texts and facts as four lists) behind a magic line and a
checksum: a torn, foreign or older one is ignored and rebuilt, never trusted. It is written by
the one atomic writer.
"""

from __future__ import annotations

import marshal
import os
import stat
import time
import zlib
from pathlib import Path
from typing import NamedTuple

from network_md.core.errors import WriteError
from network_md.core.model import MAX_BYTES
from network_md.format.searchtext import Corpus, file_facts, searchable
from network_md.store.layout import modules_stamp
from network_md.store.reader import STAMP
from network_md.store.vault import CACHE_DIR, UNSTAMPED, stamp_of

MAGIC = b"network-md search 2\n"
CACHE_NAME = "search"
RACY_NS = 2_000_000_000
# The modules whose code decides what is kept: an upgrade rebuilds the cache.
_CODE = (
    "format/searchtext", "core/names", "format/logscan", "store/scan", "format/parse",
    "format/fields", "format/plainyaml", "format/yamlsafe", "core/model",
)  # fmt: skip


def _code_stamp() -> list[int]:
    return modules_stamp(_CODE)


def cache_path(root: Path) -> Path:
    return root / CACHE_DIR / CACHE_NAME


class Kept(NamedTuple):
    """What the cache holds: four lists, one item per file in the order of the walk that wrote
    them (the next walk of an unchanged vault meets the files in that order)."""

    paths: list[str]
    stamps: list[bytes]
    texts: list[bytes]
    facts: list[bytes]


NOTHING = Kept([], [], [], [])


def _load(root: Path) -> Kept:
    """What the cache kept; NOTHING when it is missing, damaged, foreign or of other code."""
    from network_md.store.safeopen import read_regular

    try:
        raw = read_regular(cache_path(root))
    except OSError:
        return NOTHING
    n = len(MAGIC)
    if not raw.startswith(MAGIC) or len(raw) < n + 4:
        return NOTHING
    payload = memoryview(raw)[n + 4 :]
    if zlib.adler32(payload) != int.from_bytes(raw[n : n + 4], "big"):
        return NOTHING
    try:
        data = marshal.loads(payload)
    except (ValueError, EOFError, TypeError):
        return NOTHING
    if type(data) is not tuple or len(data) != 5 or data[0] != _code_stamp():
        return NOTHING
    kept = Kept(*data[1:])
    return kept if _sound(kept) else NOTHING


def _sound(kept: Kept) -> bool:
    """Four lists of one length: paths as text, the rest bytes (checked in C, not per item)."""
    paths, *rest = kept
    if type(paths) is not list or any(type(x) is not list or len(x) != len(paths) for x in rest):
        return False
    return set(map(type, paths)) <= {str} and all(set(map(type, x)) <= {bytes} for x in rest)


def _save(root: Path, kept: Kept) -> None:
    """Written like every file network-md owns; where it cannot be, search works without it."""
    from network_md.store.atomic import OVERWRITE, write_file
    from network_md.store.layout import ignore_itself

    payload = marshal.dumps((_code_stamp(), *kept))
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


def load(root: Path, use_cache: bool = True) -> Kept:
    """What the cache kept; not yet checked against the files."""
    return _load(root) if use_cache else NOTHING


def corpus(
    root: Path, seen: dict[str, os.stat_result], kept: Kept, use_cache: bool = True
) -> Corpus:
    """Every contact file's searchable text and facts (`seen`: the vault's discovery, path ->
    stat): kept where the file's stamp has not moved, else read; the cache written back when
    anything moved. An unchanged vault is told by two list comparisons, in C."""
    paths = list(seen)
    stamps = [STAMP.pack(s.st_mtime_ns, s.st_ctime_ns, s.st_size, s.st_ino) for s in seen.values()]
    if paths == kept.paths and stamps == kept.stamps:
        return Corpus(paths, kept.texts, kept.facts)
    fresh = _refreshed(root, paths, stamps, kept)
    if use_cache:
        _save(root, fresh)
    return Corpus(paths, fresh.texts, fresh.facts)


def _refreshed(root: Path, paths: list[str], stamps: list[bytes], kept: Kept) -> Kept:
    """The files as they are: each kept where its stamp has not moved, else read again."""
    where = {path: i for i, path in enumerate(kept.paths)}
    out = Kept(paths, [], [], [])
    now = time.time_ns()
    for path, stamp in zip(paths, stamps):
        i = where.get(path)
        if i is not None and kept.stamps[i] == stamp:
            out.stamps.append(stamp)
            out.texts.append(kept.texts[i])
            out.facts.append(kept.facts[i])
            continue
        got = _read(os.path.join(root, path))
        if got is None:  # too large to be a contact, or no regular file: nothing to find in it,
            out.stamps.append(stamp)  # and nothing to read again until its stamp moves
            out.texts.append(b"")
            out.facts.append(b"")
            continue
        data, st = got
        racy = now - max(st.st_mtime_ns, st.st_ctime_ns) < RACY_NS
        text = searchable(data, Path(path).stem)
        out.stamps.append(UNSTAMPED if racy else stamp_of(st))
        out.texts.append(text)
        out.facts.append(file_facts(path, data) if text else b"")  # no text: no contact either
    return out
