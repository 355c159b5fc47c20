"""The persistent index cache in `.network-md/index`: what the analysis needs, by path.

The cache only stores: records, problems and stamps of the files, and a summary with each
contact's part of it that the analysis layer computes and hands over (opaque bytes and a
marshal-able value here; see analysis/current.py).

Layout: a magic line; the lengths and Adler-32 checksums of a head and a tail; the head, a
`marshal` payload followed by its SHA-1 (the seal, see cache_check.py); the tail, the
concatenated per-file blobs the head points into. Nothing in the head is used before the seal
and the shape of every value check out, and a record is used only when it is its file's.

- head: format version, Python version and byte order, the stamps of the modules that decide
  what is cached, the config (keyed by a hash of the config file's bytes), per file its stamp,
  problems and where its contact record lies in the tail, and the summary the analysis kept
  with where each contact's part of it lies in the tail, and where the name index lies (with
  its SHA-1).
- tail: each contact's record and part, each marshalled on its own; the name index (names.py).

A warm `status` reads only the head: the stamps, to find what changed, and the summary. Records
and contributions are decoded one by one, when a command needs that contact; a save copies the
untouched ones as bytes, never decoding them. marshal, because it loads plain tuples and dicts
faster than anything else in the standard library; the checksums, because marshal must never
see a truncated or foreign file. A file's entry is trusted only while its stamp (mtime, ctime,
size, inode) is unchanged, so a stale cache costs a re-read, never a wrong answer. Writes are
atomic (temporary file, then rename), so two processes never corrupt it; the last writer wins,
and what it missed is read again by the next run.
"""

from __future__ import annotations

import hashlib
import marshal
import struct
import time
import zlib
from pathlib import Path

from network_md.core.model import Problem
from network_md.format.config import Config
from network_md.store.cache_check import sealed
from network_md.store.cache_file import (  # noqa: F401 - MAGIC and cache_path: where callers find them
    CACHE_NAME,
    MAGIC,
    PLATFORM,
    cache_path,
    code_stamp,
    frame,
    read_cache,
    write_cache,
)
from network_md.store.cache_rows import NONE as NO_ROWS
from network_md.store.cache_rows import read_rows, sound_pointer, with_stale, written
from network_md.store.names import StoredNames, packed, stored_blob
from network_md.store.reader import STAMP, UNSTAMPED, IndexedFile
from network_md.store.records import from_record, to_record
from network_md.store.vault import CACHE_DIR, Index, Vault  # noqa: F401

# Files modified this close to the scan may change again within the clock's granularity without
# moving their stamp ("racy git"); they are stored unstamped so the next run reads them again.
# `cp -p` or `rsync --inplace -t` rewrites a file in place at its old size and puts its old
# mtime back: only the ctime saw it. Where timestamps have nanoseconds the new ctime differs
# from the stamped one; on a file system with whole-second timestamps (ext4 with 128-byte
# inodes, many NAS shares) it may not, within the same second. So there, a recent ctime makes
# a file racy too. (Whole seconds in both mtime and ctime tell such a file system: elsewhere
# that happens about once in a billion.)
RACY_NS = 2_000_000_000
SECOND_NS = 1_000_000_000
# Rewriting the whole cache for a handful of changed files costs more than re-reading them on
# the next run, so a save waits until this many files moved (or the summary was rebuilt).
SMALL_CHANGE = 16
# Per file in the head: its stamp, then where its record and its contribution lie in the tail
# (offset, length; length 0: none), packed in one bytes object: the head loads 10,000 of them fast.
_WHERE = struct.Struct("<qqqq")
NOWHERE = (0, 0)


def _settled(stamp: tuple, racy_after: int) -> bool:
    """The file's stamp can be trusted next time: no change since it could hide in the clock."""
    mtime, ctime = stamp[0], stamp[1]
    if mtime >= racy_after:
        return False
    coarse = mtime % SECOND_NS == 0 and ctime % SECOND_NS == 0
    return not coarse or ctime < racy_after


def _part_where(raw: tuple) -> tuple[int, int]:
    """Where a file's part of the summary lies in the tail (length 0: none)."""
    return _WHERE.unpack_from(raw[0], STAMP.size)[2:]


class _Tail:
    """The tail being written: blobs one after the other, each found again by (offset, length)."""

    def __init__(self):
        self.chunks: list = []
        self.size = 0

    def put(self, blob) -> tuple[int, int]:
        self.chunks.append(blob)
        self.size += len(blob)
        return self.size - len(blob), len(blob)


class Cache:
    """One command's view of the cache: read once, saved at the end if anything moved.

    What the analysis keeps with the files: `summary`, a marshal-able value, and `parts`, each
    contact's part of it as bytes, by path (None: as the head holds them). The cache never
    looks inside either; it keeps them only while they describe the files it saves: a summary
    not handed over again after a file changed is dropped, never saved stale."""

    def __init__(self, root: Path, enabled: bool = True):
        self.root = root
        self.enabled = enabled
        self.head, self._lazy_tail, self._tail_sum = (
            read_cache(root) if enabled else (None, None, 0)
        )
        self._tail: memoryview | None = None
        self._tail_ok: bool | None = None
        self.started_ns = time.time_ns()
        self.index: Index | None = None
        self.summary = None
        self.parts: dict | None = None
        self.summary_changed = False
        self.summary_rebuilt = False  # from scratch (a new day, a new config): worth saving
        self._names: StoredNames | None = None  # the stored name index, once read
        self.rows: dict | None = None  # `list`'s rows this command made or kept (None: none)
        self.rows_key: tuple | None = None  # (day, config key, code) they were made for
        self.rows_texts = b""  # the stored texts the kept rows may point into
        self.rows_many = False  # many rows were made: worth saving

    def _blob(self, where) -> memoryview:
        """A blob of the tail; ValueError when the tail does not check out."""
        if self._tail_ok is None:
            self._tail = self._lazy_tail.read() if self._lazy_tail else None
            self._tail_ok = self._tail is not None and zlib.adler32(self._tail) == self._tail_sum
        if not self._tail_ok:
            raise ValueError("damaged cache tail")
        offset, length = where
        if not (offset >= 0 and length > 0 and offset + length <= len(self._tail)):
            raise ValueError("a cache entry points outside the tail")
        return self._tail[offset : offset + length]

    def _config_lookup(self, key: str):
        head = self.head
        if not head or head.get("config_key") != key:
            return None
        try:
            return Config(*head["config"]), [Problem(*p) for p in head["config_problems"]]
        except Exception:
            return None

    def _decode(self, path: str, raw: tuple) -> IndexedFile:
        """One file's entry; ValueError when its record is not that file's (the file is read)."""
        packed, problems = raw
        stamp = packed[: STAMP.size]
        record = _WHERE.unpack_from(packed, STAMP.size)[:2]
        contact = from_record(self._blob(record)) if record[1] else None
        if contact is not None and contact.path != path:
            raise ValueError("a cache entry points at another file's record")
        return IndexedFile(stamp, contact, tuple(Problem(*p) for p in problems))

    def open_index(self) -> Index:
        """The vault and its index, from the cache where it is still valid (not yet refreshed)."""
        vault = Vault.open(self.root, self._config_lookup)
        index = Index(vault)
        if self.head and self.head.get("config_key") == vault.config_key:
            index.add_raw(self.head["files"], self._decode, self._stored_names)
        else:
            index.changed = self.enabled
        self.index = index
        return index

    def _stored_names(self) -> StoredNames | None:
        """The name index the head points at (read once: `show` asks for it twice, for the NAME
        and for the links); ValueError when it is not as it was written. Never changed by its
        readers."""
        if self._names is None:
            self._names = self._read_names()
        return self._names

    def _names_to_save(self, index: Index) -> bytes:
        """The name index to save: as read when no file was touched, else packed anew."""
        blob = None if index.touched else stored_blob(self.head, self._blob, strict=False)
        return bytes(blob) if blob else packed(index.names())

    def _read_names(self) -> StoredNames | None:
        blob = stored_blob(self.head, self._blob)
        return None if blob is None else StoredNames.loads(blob)

    # --- the analysis' summary, kept with the files ------------------------------------------

    def stored_summary(self):
        """The summary as the last writer left it (None: none)."""
        return (self.head or {}).get("summary")

    def stored_part(self, path: str) -> memoryview | None:
        """`path`'s part of the stored summary; ValueError when the tail does not check out."""
        raw = (self.head or {}).get("files", {}).get(path)
        where = _part_where(raw) if raw else NOWHERE
        return self._blob(where) if where[1] else None

    def stored_parts(self) -> dict:
        """Path -> where its part lies in the tail, for every part the head holds."""
        files = (self.head or {}).get("files", {})
        return {p: w for p, raw in files.items() if (w := _part_where(raw))[1]}

    def keep(self, summary, parts: dict, rebuilt: bool = False) -> None:
        """Save `summary` with the files. `rebuilt`: `parts` (path -> bytes) are all of them;
        else they are the changes (path -> bytes, or None: no part any more) to the parts
        stored or kept before."""
        if not rebuilt:
            kept = self.stored_parts() if self.parts is None else self.parts
            for path, part in parts.items():
                if part is None:
                    kept.pop(path, None)
                else:
                    kept[path] = part
            parts = kept
        self.summary, self.parts = summary, dict(parts) if rebuilt else parts
        self.summary_changed = True
        self.summary_rebuilt = self.summary_rebuilt or rebuilt

    # --- `list`'s rows, kept with the files (cache_rows.py) -----------------------------------

    def stored_rows(self, key: tuple, texts: bool = True) -> tuple[dict, object]:
        """(`list`'s rows as stored for `key` (day, config key, code), by path, as (meta, (start,
        end)); the texts those point into, as bytes, or left in their file unless `texts`),
        ({}, b"") for none: right only for the paths not touched since the cache was read."""
        pointer = (self.head or {}).get("rows")
        if not sound_pointer(pointer) or pointer[2:5] != key:
            return NO_ROWS
        return read_rows(self.root, pointer, texts)

    def stale_rows(self) -> tuple:
        """The paths whose stored rows a save by another command marked stale (them alone)."""
        pointer = (self.head or {}).get("rows")
        return pointer[5] if sound_pointer(pointer) else ()

    def keep_rows(self, key: tuple, rows: dict, texts, many: bool) -> None:
        """Save `list`'s rows of every contact, as the refreshed index has them, for `key` (day,
        config key, code): path -> (meta, text), a text bytes or (start, end) in `texts`
        (what `stored_rows` gave). `many`: so many were made that saving is worth it."""
        self.rows, self.rows_key, self.rows_texts = rows, key, texts
        self.rows_many = self.rows_many or many

    def _rows_pointer(self, index: Index, contacts, summary) -> tuple | None:
        """The head's pointer to `list`'s rows: to the rows this command kept (those of
        `contacts`, the paths that hold one), their file written now; else to the stored ones,
        the paths touched since marked stale, and only for the day of the summary saved with
        them (yesterday's rows would never serve)."""
        config_key = index.vault.config_key
        if self.rows is not None:
            if self.rows_key[1] != config_key:
                return None
            rows = {p: r for p, r in self.rows.items() if p in contacts}
            self.rows = {}  # the file holds them now: their memory is free for what follows
            return written(self.root, rows, self.rows_texts, self.rows_key) if rows else None
        pointer = (self.head or {}).get("rows")
        if not sound_pointer(pointer) or pointer[3] != config_key:
            return None
        if summary is None or pointer[2] != summary.get("today"):
            return None
        return with_stale(pointer, index.touched) if index.touched else pointer

    # --- saving ------------------------------------------------------------------------------

    def due(self, force: bool = False) -> bool:
        """`save` would write: something moved, and enough of it (or `force`)."""
        index = self.index
        moved = index is not None and (index.changed or self.summary_changed or self.rows_many)
        if not self.enabled or not moved:
            return False
        rebuilt = (
            self.head is None
            or self.head.get("config_key") != index.vault.config_key
            or self.summary_rebuilt
            or self.rows_many
            or self._tail_ok is False
        )
        return force or rebuilt or len(index.touched) > SMALL_CHANGE

    def save(self, force: bool = False) -> bool:
        """Write the cache back atomically if anything changed; skip silently where we cannot write.

        A few changed files alone (SMALL_CHANGE) do not make it write, unless `force`: the next
        run reads them again, which is cheaper than rewriting the cache each time."""
        if not self.due(force):
            return False
        index = self.index
        if self._tail_ok is False:  # every run would re-read those files: rewrite it
            index.files  # noqa: B018 - decodes what it can, and reads the rest from the files again
        try:
            blob = self._encode(index)
        except (ValueError, TypeError):
            return False  # a value marshal cannot hold, or a damaged tail: work without the cache
        return write_cache(index.vault.root, blob)

    def _encode(self, index: Index) -> list:
        """The cache file's pieces (cache_file.frame)."""
        moved_rows = self._rows_alone(index)
        if moved_rows is not None:
            return moved_rows
        tail = _Tail()
        racy_after = self.started_ns - RACY_NS
        records = {
            path: self._entry(raw, f, tail, racy_after) for path, raw, f in index.raw_or_decoded()
        }
        summary, parts = self._summary_to_save(index, records)
        files = {}
        for path, (stamp, problems, where) in records.items():
            part = NOWHERE
            if parts is not None and where[1]:
                p = parts[path]
                part = tail.put(p if isinstance(p, (bytes, memoryview)) else self._blob(p))
            files[path] = ((stamp or bytes(STAMP.size)) + _WHERE.pack(*where, *part), problems)
        names = self._names_to_save(index)
        vault = index.vault
        head = {
            "python": PLATFORM,
            "code": code_stamp(),
            "config_key": vault.config_key,
            "config": tuple(vault.config),
            "config_problems": tuple(tuple(p) for p in vault.config_problems),
            "files": files,
        }
        # its SHA-1 in the sealed head: the name index is used only as this writer wrote it
        head["names"] = (*tail.put(names), hashlib.sha1(names).digest())
        if parts is not None:
            head["summary"] = summary
        contacts = {p for p, (_, _, where) in records.items() if where[1]}
        rows = self._rows_pointer(index, contacts, summary if parts is not None else None)
        if rows is not None:
            head["rows"] = rows
        return frame(sealed(marshal.dumps(head)), tail.chunks)

    def _rows_alone(self, index: Index) -> list | None:
        """The cache file when only `list`'s rows moved (no file touched, the summary as
        stored): the head as read with its rows pointer replaced, before the tail as read
        (copied, never encoded again); None otherwise."""
        head = self.head
        if (
            self.rows is None
            or head is None
            or index.touched
            or index.changed
            or self.summary_changed
            or head.get("config_key") != index.vault.config_key
        ):
            return None
        try:
            self._blob((0, 1))  # the tail read and checked, as every record of it was
        except ValueError:
            return None
        # the paths that hold a contact (a record): a set, not a tuple for each of 100,000 files
        unpack = _WHERE.unpack_from
        contacts = {p for p, e in head["files"].items() if unpack(e[0], STAMP.size)[1]}
        head = {k: v for k, v in head.items() if k != "rows"}
        rows = self._rows_pointer(index, contacts, None)
        if rows is not None:
            head["rows"] = rows
        return frame(sealed(marshal.dumps(head)), [self._tail])

    def _entry(self, raw, f: IndexedFile | None, tail: _Tail, racy_after: int) -> tuple:
        """(stamp, problem tuples, where its record lies in `tail`) for one file."""
        if raw is not None and len(raw) == 2:  # untouched since read: its record copied as bytes
            where = _WHERE.unpack_from(raw[0], STAMP.size)[:2]
            return (
                raw[0][: STAMP.size],
                raw[1],
                tail.put(self._blob(where)) if where[1] else NOWHERE,
            )
        if raw is not None:  # as a worker sent it: its record is already bytes
            stamp, problems, record, _ = raw
        else:
            stamp, problems = f.stamp, tuple(tuple(p) for p in f.problems)
            record = None if f.contact is None else to_record(f.contact)
        fresh = stamp and _settled(STAMP.unpack(stamp), racy_after)
        return (
            stamp if fresh else UNSTAMPED,
            problems,
            NOWHERE if record is None else tail.put(record),
        )

    def _summary_to_save(self, index: Index, records: dict) -> tuple:
        """(summary, parts by path) to save with `records`; parts None: no summary is saved
        (none kept, or it does not describe these files: every contact must have its part)."""
        summary, parts = self.summary, self.parts
        if not self.summary_changed:
            if index.touched:  # the stored summary may not describe the files any more
                return None, None
            summary, parts = self.stored_summary(), None
        if summary is None:
            return None, None
        if parts is None:
            parts = self.stored_parts()
        contact_paths = {p for p, (_, _, where) in records.items() if where[1]}
        return (summary, parts) if set(parts) == contact_paths else (None, None)
