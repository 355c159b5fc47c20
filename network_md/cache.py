"""The persistent index cache in `.network-md/index`: what the analysis needs, by path.

Layout: a magic line, the Adler-32 checksum and length of a `marshal` payload, then the payload: format
version, Python version and byte order, the config (keyed by a hash of the config file's
bytes), per file its stamp, problems and contact record (itself marshalled, so it is decoded
only when a command needs that contact), and the summary of the last evaluation day with each
contact's contribution to it (see summary.py).

marshal, because it loads plain tuples, dicts and bytes faster than anything else in the
standard library; the checksum, because marshal must never see a truncated or foreign file. A file's
entry is trusted only while its stamp (mtime, ctime, size, inode) is unchanged, so a stale cache
costs a re-read, never a wrong answer. Writes are atomic (temporary file, then rename), so two
processes never corrupt it; the last writer wins, and what it missed is re-read by the next run.
"""

from __future__ import annotations

import marshal
import os
import sys
import time
import zlib
from array import array
from pathlib import Path

from .config import Config
from .model import Contact, Entries, Problem
from .summary import State, build, contribution, patch
from .vault import CACHE_DIR, Index, IndexedFile, Vault

MAGIC = b"network-md index\n"
FORMAT = 7
CACHE_NAME = "index"
# marshal's format and the arrays' byte order belong to the Python and the machine that wrote them.
_PLATFORM = [*sys.version_info[:2], sys.byteorder]
# Files modified this close to the scan may change again within the clock's granularity without
# moving their mtime ("racy git"); they are stored unstamped so the next run reads them again.
RACY_NS = 2_000_000_000
UNSTAMPED = (0, 0, -1, 0)


def _code_stamp() -> list:
    """The stamps of the modules whose code decides what is cached: an upgrade (or an edit of
    them) invalidates the cache even where the format number stayed the same."""
    here = Path(__file__).parent
    out = []
    for name in ("analysis", "cache", "config", "model", "parse", "rules", "summary"):
        try:
            st = os.stat(here / f"{name}.py")
            out += [st.st_mtime_ns, st.st_size]
        except OSError:
            out += [0, 0]
    return out


def cache_path(root: Path) -> Path:
    return root / CACHE_DIR / CACHE_NAME


def _read(root: Path) -> dict | None:
    """The cache's payload, or None when it is missing, damaged, foreign or of another version."""
    try:
        raw = cache_path(root).read_bytes()
    except OSError:
        return None
    head = len(MAGIC) + 12
    if len(raw) < head or not raw.startswith(MAGIC):
        return None
    check = int.from_bytes(raw[len(MAGIC) : len(MAGIC) + 4], "big")
    size = int.from_bytes(raw[len(MAGIC) + 4 : head], "big")
    payload = raw[head:]
    if len(payload) != size or zlib.adler32(payload) != check:
        return None
    try:
        data = marshal.loads(payload)
    except Exception:
        return None
    if not isinstance(data, dict) or data.get("format") != FORMAT or data.get("python") != _PLATFORM:
        return None
    if data.get("code") != _code_stamp():
        return None
    if not isinstance(data.get("files"), dict):
        return None
    return data


def _record(c: Contact) -> bytes:
    """A contact as marshal holds it: entry columns as bytes, the full log left out."""
    e = c.entries
    return marshal.dumps((*c[:-2], (e.days.tobytes(), e.kinds, e.minutes.tobytes())))


def _contact(blob: bytes | None) -> Contact | None:
    if blob is None:
        return None
    record = marshal.loads(blob)
    days, kinds, minutes = record[-1]
    entries = Entries(array("i", days), kinds, array("I", minutes))
    if len(entries.days) != len(kinds) or len(entries.minutes) != len(kinds):
        raise ValueError("entry columns of different lengths")
    return Contact(*record[:-1], entries, None)


def _decode(raw: tuple) -> IndexedFile:
    stamp, problems, blob = raw
    return IndexedFile(tuple(stamp), _contact(blob), tuple(Problem(*p) for p in problems))


class Cache:
    """One command's view of the cache: loaded once, saved once at the end if anything moved."""

    def __init__(self, root: Path, enabled: bool = True):
        self.root = root
        self.enabled = enabled
        self.data = _read(root) if enabled else None
        self.started_ns = time.time_ns()
        self.index: Index | None = None
        self.state: State | None = None
        self.contribs: dict[str, bytes] = {}
        self.state_changed = False

    def _config_lookup(self, key: str):
        data = self.data
        if not data or data.get("config_key") != key:
            return None
        try:
            return Config(*data["config"]), [Problem(*p) for p in data["config_problems"]]
        except Exception:
            return None

    def open_index(self) -> Index:
        """The vault and its index, from the cache where it is still valid (not yet refreshed)."""
        vault = Vault.open(self.root, self._config_lookup)
        index = Index(vault)
        if self.data and self.data.get("config_key") == vault.config_key:
            index.add_raw(self.data["files"], _decode)
        else:
            index.changed = self.enabled
        self.index = index
        return index

    def summary(self, index: Index, today: int) -> State:
        """The summary for `today`: the cached one patched for the files that changed, else built."""
        key, cfg = index.vault.config_key, index.vault.config
        old = (self.data or {}).get("summary")
        if old and old.get("today") == today and old.get("config_key") == key:
            try:
                state, prev = State(**old), self.data["contribs"]
                touched = set(index.touched)
                old_c = {p: marshal.loads(prev[p]) for p in touched if p in prev}
                new_c = {p: contribution(c, cfg, today) for p in touched if (c := index.contact(p))}
                self.contribs = {p: b for p, b in prev.items() if p not in touched}
                self.contribs.update((p, marshal.dumps(c)) for p, c in new_c.items())
                self.state = patch(state, old_c, new_c) if touched else state
                self.state_changed = bool(touched)
                return self.state
            except Exception:
                pass  # a damaged summary: build it anew below
        contribs = {p: contribution(c, cfg, today) for p in index.paths() if (c := index.contact(p))}
        self.contribs = {p: marshal.dumps(c) for p, c in contribs.items()}
        self.state = build(contribs, today, key)
        self.state_changed = True
        return self.state

    def save(self) -> bool:
        """Write the cache back atomically if anything changed; skip silently where we cannot write."""
        index = self.index
        if not self.enabled or index is None or not (index.changed or self.state_changed):
            return False
        vault = index.vault
        racy_after = self.started_ns - RACY_NS
        files = {}
        for path, raw, f in index.raw_or_decoded():
            if raw is not None:
                files[path] = raw  # untouched since loaded: written back as it came
                continue
            stamp = f.stamp if f.stamp[0] < racy_after else UNSTAMPED
            record = None if f.contact is None else _record(f.contact)
            files[path] = (stamp, tuple(tuple(p) for p in f.problems), record)
        data = {
            "format": FORMAT,
            "python": _PLATFORM,
            "code": _code_stamp(),
            "config_key": vault.config_key,
            "config": tuple(vault.config),
            "config_problems": tuple(tuple(p) for p in vault.config_problems),
            "files": files,
        }
        contact_paths = {p for p, (_, _, record) in files.items() if record is not None}
        if self.state is not None and set(self.contribs) == contact_paths:
            data["summary"] = self.state._asdict()
            data["contribs"] = self.contribs
        try:
            payload = marshal.dumps(data)
        except ValueError:
            return False  # a value marshal cannot hold: work without the cache
        blob = MAGIC + zlib.adler32(payload).to_bytes(4, "big") + len(payload).to_bytes(8, "big") + payload
        return _write(vault.root / CACHE_DIR, blob)


def _write(folder: Path, blob: bytes) -> bool:
    import tempfile

    try:
        folder.mkdir(exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".index-", dir=folder)
    except OSError:
        return False
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(blob)
        os.replace(tmp, folder / CACHE_NAME)
        return True
    except OSError:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        return False


def load(root: Path, use_cache: bool = True, progress=None) -> Index:
    """Open the index, bring it up to date with the files, and save the cache if it moved."""
    cache = Cache(root, use_cache)
    index = cache.open_index()
    index.refresh(progress)
    cache.save()
    return index
