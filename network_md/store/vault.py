"""The vault: its config, its contact files, and the index of them by path."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable
from pathlib import Path

from network_md.core.errors import ConfigError, UsageError
from network_md.core.model import Contact, Problem
from network_md.format.config import CONFIG_NAME, DEFAULT, Config, check_paths, parse_config
from network_md.store.atomic import remove_stale, sweep
from network_md.store.bulk import bulk
from network_md.store.layout import (  # noqa: F401 - where the rest of the code has always found them
    CACHE_DIR,
    ENV_VAULT,
    GLOB_CHARS,
    INIT_README,
    TEMPLATE,
    PathFilter,
    daily_notes_of,
    find_root,
    glob_regex,
)
from network_md.store.names import NameEntry, NameTable, StoredNames, name_entry
from network_md.store.reader import (  # noqa: F401 - where the rest of the code finds them
    LEAN,
    STAMP,
    UNSTAMPED,
    IndexedFile,
    Stamp,
    read_file,
    stamp_of,
)
from network_md.store.records import from_record
from network_md.store.safeopen import NotRegularFile, read_regular
from network_md.store.walk import walk


class Vault:
    """A vault root with its config. `Index` holds its contacts."""

    def __init__(self, root: Path, config: Config, config_problems=(), config_key: str = ""):
        self.root = root
        self.config = config
        self.config_problems = list(config_problems)
        self.config_key = config_key  # hash of the config file's bytes, for the cache
        self.daily = daily_notes_of(root, config)  # where the daily notes are, or None
        self.filter = PathFilter(config, self.daily)
        self.stale: list[str] = []  # temporary files of ours found by the last `discover`

    @classmethod
    def open(cls, root: Path, cached_config: Callable[[str], tuple | None] | None = None) -> Vault:
        """Read the config (parsed only when `cached_config` does not already hold it)."""
        path = root / CONFIG_NAME
        try:
            raw = read_regular(path)  # a FIFO would hang every command
        except NotRegularFile as exc:
            raise ConfigError(CONFIG_NAME, None, None, f"{exc.strerror}; make it one") from None
        except FileNotFoundError:
            raw = None
        except OSError as exc:
            raise UsageError(f"{CONFIG_NAME}: cannot be read: {exc.strerror}") from None
        key = hashlib.sha1(raw if raw is not None else b"<none>").hexdigest()
        if raw is None:
            return cls(root, DEFAULT, (), key)
        known = cached_config(key) if cached_config else None
        if known is not None:
            config, problems = known
        else:
            try:
                text = raw.decode("utf-8-sig")
            except UnicodeDecodeError:
                raise ConfigError(
                    CONFIG_NAME, None, None, "not valid UTF-8; re-save it as UTF-8"
                ) from None
            config, problems = parse_config(text)
        # every run, cached or not: a symlink may have moved since the config was read
        check_paths(root, config, raw.decode("utf-8-sig", "replace"))
        return cls(root, config, problems, key)

    def missing_folders(self) -> list[Problem]:
        """A warning for each folder `contacts:` names that is not there: never a silent zero."""
        found = []
        for folder in self.filter.folders:
            path = self.root / folder
            if not path.is_dir():
                what = "is not a folder" if path.exists() else "does not exist"
                found.append(
                    Problem(
                        CONFIG_NAME,
                        None,
                        "warning",
                        f"contacts: the folder '{folder}' {what}; no contacts are read from it",
                    )
                )
        return found

    def discover(self, stats: bool = True) -> dict[str, os.stat_result | None]:
        """Every contact file with its stat, by vault-relative path; one pass, hidden folders
        skipped. `stats=False`: None for each stat (see `walk`)."""
        folders = [(self.root / f if f else self.root, f) for f in self.filter.roots()]
        found, self.stale = walk(folders, self._keeper(), stats)
        return found

    def _keeper(self):
        """Whether a vault-relative `.md` path is a contact file."""
        flt = self.filter
        if flt.ignores or flt.globs:
            return flt.wanted
        # Without globs or ignores every .md file under the walked folders is a contact file,
        # bar a few names: no per-file pattern work.
        skip = {flt.dashboard, TEMPLATE, INIT_README}
        if not flt.may_hold_daily():
            return lambda rel: rel not in skip
        daily = flt.is_daily
        return lambda rel: rel not in skip and not daily(rel)


class Index:
    """Contacts keyed by vault-relative path; refresh all, or update or drop one path alone.

    Entries stay raw until something asks for their contact, so a command that needs only the
    cached summary never decodes 10,000 contacts. A raw entry is either as the cache holds it,
    `(stamp + where its record lies, problem tuples)`, decoded by the cache's `decode`; or as
    a worker process sent it, `(stamp, problem tuples, record, name entry)`, decoded here; or
    sent without its record (reader.LEAN), read again when its contact is asked for."""

    def __init__(self, vault: Vault, files: dict[str, IndexedFile] | None = None):
        self.vault = vault
        self._files: dict[str, IndexedFile] = files or {}
        self._raw: dict[str, tuple] = {}
        self._decode: Callable[[str, tuple], IndexedFile] | None = None
        # the name index as the cache stored it (names.py), read on first use
        self._stored_names: Callable[[], StoredNames | None] = lambda: None
        self.changed = False  # since loaded: the cache is written back only when True
        self.touched: set[str] = set()  # paths re-read or dropped since loaded
        # What `prepared_by` (a function of a contact, given to `refresh`) made of each contact
        # read by a worker: the layers above use it instead of computing it again.
        self.prepared: dict[str, object] = {}
        self.prepared_by: Callable | None = None
        # Adds to a contact what other files say of it (its daily notes' entries): applied by
        # `contact` and `contacts`, never to what the cache stores.
        self.extend: Callable[[Contact], Contact] | None = None

    def add_raw(
        self,
        raw: dict[str, tuple],
        decode: Callable[[str, tuple], IndexedFile],
        names: Callable[[], StoredNames | None] = lambda: None,
    ) -> None:
        """Entries from the cache, decoded on first use by `decode`; `names` reads the name
        index stored with them (ValueError when it does not check out)."""
        # entries are popped as they are decoded: never from the caller's dict
        self._raw = dict(raw)
        self._decode = decode
        self._stored_names = names

    @property
    def files(self) -> dict[str, IndexedFile]:
        """Every indexed file, decoded."""
        self._read_lean()
        for path in list(self._raw):
            self.get(path)
        return self._files

    def get(self, path: str) -> IndexedFile | None:
        raw = self._raw.pop(path, None)
        if raw is not None and len(raw) == LEAN:
            return self.update(path, wanted=True)
        if raw is not None:
            try:
                self._files[path] = self._decode(path, raw) if len(raw) == 2 else _from_worker(raw)
            except Exception:  # a damaged cache entry: read the file again instead
                return self.update(path)
        return self._files.get(path)

    def paths(self) -> list[str]:
        return sorted({*self._files, *self._raw})

    def _written_not_walked(self) -> list[Path]:
        """Folders network-md writes in that discovery does not walk: the cache folder, the
        vault root and the dashboard's folder (what a killed write there left is swept too)."""
        root, roots = self.vault.root, self.vault.filter.roots()
        dashboard = self.vault.config.dashboard
        folders = {"", os.path.dirname(dashboard.strip("/")) if dashboard else ""}
        walked = lambda f: any(f == r or f.startswith(r + "/") or r == "" for r in roots)  # noqa: E731
        return [root / CACHE_DIR] + [root / f for f in sorted(folders) if not walked(f)]

    def refresh(
        self,
        progress: Callable[[int, int], None] | None = None,
        parallel: bool = False,
        prepare: Callable | None = None,
        seen: dict[str, os.stat_result] | None = None,
        records: bool = True,
    ) -> list[str]:
        """Stat every file, re-read only new or changed ones, drop vanished ones. Changed paths.
        `parallel`: many files may be read by worker processes, which also run `prepare` on
        each contact they read (see parallel.py); `prepared` holds what it made. `seen`: what
        `discover()` of this vault (its root and config) just found, when the caller needed it
        first (`search`). `records=False`: workers send each contact they `prepare` without
        its record (for a command that saves no cache and wants few contacts: see parallel.py);
        ignored where daily notes may link contacts, whose links need every contact's names."""
        if seen is None:  # nothing indexed yet: no stamp to compare, every file is read
            seen = self.vault.discover(stats=bool(self._files or self._raw))
        remove_stale(self.vault.stale)
        for folder in self._written_not_walked():
            sweep(folder)
        gone = [p for p in (*self._files, *self._raw) if p not in seen]
        for path in gone:
            self.drop(path)
        todo = self._changed(seen)
        if todo:
            with bulk():
                records = records or self.vault.daily is not None
                self._read(todo, progress, parallel, prepare, records)
        return sorted(gone + todo)

    def _changed(self, seen: dict[str, os.stat_result]) -> list[str]:
        """The paths of `seen` whose stamp moved (or that are new), sorted."""
        raw, files = self._raw, self._files
        if not raw and not files:
            return sorted(seen)  # every one is new (and its stat may not have been taken)
        pack = STAMP.pack
        todo = []
        for path, st in seen.items():
            now = pack(st.st_mtime_ns, st.st_ctime_ns, st.st_size, st.st_ino)
            if path in raw:
                if not raw[path][0].startswith(now):
                    todo.append(path)
            elif path not in files or files[path].stamp != now:
                todo.append(path)
        todo.sort()
        return todo

    def _read(self, todo: list[str], progress, parallel: bool, prepare, records=True) -> None:
        from network_md.store.parallel import read_many  # only a cold index needs it

        vault = self.vault
        results = None
        if parallel:
            results = read_many(vault.root, vault.config, todo, progress, prepare, records)
        if results is None:
            for i, path in enumerate(todo):
                self.update(path, wanted=True)
                if progress:
                    progress(i + 1, len(todo))
            return
        for chunk in results:
            for path in chunk.gone:
                self.drop(path)
            if self._files:  # a file read again: its raw entry replaces the decoded one
                for path in chunk.paths:
                    self._files.pop(path, None)
            self._raw.update(zip(chunk.paths, chunk.raws))
            self.touched.update(chunk.paths)
            self.prepared.update(zip(chunk.prepared_paths, chunk.prepared))
            self.changed = self.changed or bool(chunk.paths)
        if prepare is not None:
            self.prepared_by = prepare

    def _read_lean(self) -> None:
        """The contacts sent without their records read again, all at once (by workers), before
        a pass that wants every one: never one by one."""
        lean = sorted(p for p, raw in self._raw.items() if len(raw) == LEAN)
        if lean:
            with bulk():
                self._read(lean, None, True, None)

    def update(self, path: str, wanted: bool | None = None) -> IndexedFile | None:
        """Re-read one path: parse it if it is a contact file now, drop it otherwise.
        `wanted=True`: the caller knows it is a contact file (found by `discover`)."""
        item = None
        if wanted or self.vault.filter.wanted(path):
            item = read_file(self.vault.root, self.vault.config, path)
        if item is None:
            self.drop(path)
            return None
        self.put(path, item)
        return item

    def put(self, path: str, item: IndexedFile) -> None:
        """Set one path's entry."""
        self._raw.pop(path, None)
        self._files[path] = item
        self.changed = True
        self.touched.add(path)

    def drop(self, path: str) -> bool:
        found = self._files.pop(path, None) is not None
        found = self._raw.pop(path, None) is not None or found
        if found:
            self.changed = True
            self.touched.add(path)
        return found

    def contacts(self) -> list[Contact]:
        found = [f.contact for _, f in sorted(self.files.items()) if f.contact is not None]
        return list(map(self.extend, found)) if self.extend else found

    def contact(self, path: str) -> Contact | None:
        f = self.get(path)
        if f is None or f.contact is None:
            return None
        return self.extend(f.contact) if self.extend else f.contact

    def passing(self, path: str) -> Contact | None:
        """`contact(path)`, decoded without being kept: its cached entry stays as it came (a save
        copies its record as bytes), for one pass over everyone that keeps none of them."""
        contact = self.own(path)
        return self.extend(contact) if contact is not None and self.extend else contact

    def own(self, path: str) -> Contact | None:
        """The contact as its file alone says (no daily notes' entries), decoded as `passing`."""
        raw, f = self._raw.get(path), None
        if raw is not None and len(raw) != LEAN:
            try:
                f = self._decode(path, raw) if len(raw) == 2 else _from_worker(raw)
            except Exception:  # a damaged cache entry: `get` reads the file again instead
                f = None
        f = f if f is not None else self.get(path)
        return None if f is None else f.contact

    def stamp(self, path: str) -> Stamp | None:
        """The stamp of the file at `path` as indexed (UNSTAMPED: it is to be read again),
        without decoding its contact; None when it is not indexed."""
        raw = self._raw.get(path)
        if raw is not None:
            return bytes(raw[0][: STAMP.size])
        f = self._files.get(path)
        return f.stamp if f is not None else None

    def problems(self) -> list[Problem]:
        """The config's problems, then every file's, by path and line."""
        found = [Problem(*p) for raw in self._raw.values() if raw[1] for p in raw[1]]
        found += [p for f in self._files.values() for p in f.problems]
        found.sort(key=lambda p: (p.path, p.line or 0))
        return list(self.vault.config_problems) + self.vault.missing_folders() + found

    def names(self) -> dict[str, NameEntry]:
        """Every contact's name entry, by path: as stored where its file is untouched, as a
        worker sent it, else from the contact."""
        return self.name_table().entries()

    def name_table(self) -> NameTable:
        """`names()` as a table that finds a NAME's candidates decoding only theirs: the stored
        entries of untouched files, and the others' entries made here. The stored index was
        written with the head the untouched entries came from, of the same contacts (its
        SHA-1 is sealed in that head): an untouched file it does not name has no contact."""
        try:
            stored = self._stored_names() or None
        except ValueError:  # a damaged cache: every contact is decoded instead
            stored = None
        fresh = {}
        self._read_lean()
        for path in sorted({*self._files, *self._raw} if stored is None else self.touched):
            raw = self._raw.get(path)
            if raw is not None and len(raw) == 4:
                if raw[3] is not None:
                    fresh[path] = raw[3]
            elif (contact := self.contact(path)) is not None:
                fresh[path] = name_entry(contact)
        return NameTable(stored, set(self.touched), fresh)

    def raw_or_decoded(self):
        """(path, raw entry or None, IndexedFile or None) for every path: for saving."""
        self._read_lean()
        for path in self.paths():
            yield path, self._raw.get(path), self._files.get(path)


def _from_worker(raw: tuple) -> IndexedFile:
    stamp, problems, record, _ = raw
    contact = None if record is None else from_record(record)
    return IndexedFile(stamp, contact, tuple(Problem(*p) for p in problems))
