"""What links say about contacts, kept beside the index: the daily notes' entries of each
contact, and (for `show`) the entries of contact logs that link someone.

The daily notes' entries count in the analysis as if they were in the contact's own file, so
`Index.contact` hands out contacts extended with them (`extend`). Their summary contributions
are the index cache's; when a daily note changes, the contacts it links before and after the
change are marked touched, and the summary redoes exactly those. To know "before", this cache
keeps the links the index cache's summary was computed with, and the index cache's stamp at
that moment: when the two caches disagree (one was written, the other not), every contact is
redone, never a wrong count.

Everything else here is kept per file by stamp: the daily notes, the names each contact file
answers to (for resolving links), and the linked entries of contact logs, which are read only
when someone asks (`mentions`) and only for files whose stamp moved.

Layout of `.network-md/links`: a magic line, an Adler-32 of the rest, then one `marshal` dict.
"""

from __future__ import annotations

import marshal
import os
import stat
import time
import zlib
from pathlib import Path

from network_md.core.model import Entries, Entry, Problem
from network_md.format.daily import NoteEntry
from network_md.format.links import LinkIndex, ambiguous, build_index, find_links
from network_md.format.parse import parse_contact
from network_md.store.atomic import OVERWRITE, write_file
from network_md.store.daily import RACY_NS, Note, find_notes, read_note, same_stamp, stamp_now
from network_md.store.layout import CACHE_DIR
from network_md.store.safeopen import read_regular

MAGIC = b"network-md links 1\n"
CACHE_NAME = "links"
INDEX_CACHE = "index"  # the index cache's file, whose stamp this cache keeps


def _code_stamp() -> list:
    """Stamps of the modules that decide what is kept: another version reads everything anew."""
    here = Path(__file__).parent.parent
    out = []
    for name in (
        "format/daily",
        "format/links",
        "format/logscan",
        "store/daily",
        "store/linkstate",
    ):
        try:
            st = os.stat(here / f"{name}.py")
            out += [st.st_mtime_ns, st.st_size]
        except OSError:
            out += [0, 0]
    return out


def _file_stamp(path: Path) -> tuple:
    try:
        st = os.stat(path)
    except OSError:
        return ()
    return (st.st_mtime_ns, st.st_ctime_ns, st.st_size, st.st_ino)


class Who(tuple):
    """(path, name, aliases) of a contact: all a link index needs of it."""

    path = property(lambda self: self[0])
    name = property(lambda self: self[1])
    aliases = property(lambda self: self[2])


class LinkState:
    """One command's view of the links: loaded from the cache, refreshed against the index."""

    def __init__(self, root: Path, enabled: bool = True):
        self.root = root
        self.enabled = enabled
        self.loaded = _read(root) if enabled else None
        self.index_stamp = _file_stamp(root / CACHE_DIR / INDEX_CACHE)  # before anyone saves
        self.notes: dict[str, Note] = {}
        self.who: dict[str, tuple] = {}  # contact path -> (stamp, name, aliases)
        # contact path -> its daily-note entries by day, as plain tuples (as the cache holds them)
        self.linked: dict[str, tuple] = {}
        self.note_problems: list[Problem] = []
        self.outgoing: dict[str, tuple] | None = None  # contact path -> (stamp, linked entries)
        self.changed = False
        self.active = False  # read or refreshed anything: worth saving
        self._names_moved: bool | None = None  # None: the names are not refreshed yet
        self._links: LinkIndex | None = None

    # --- daily notes ---------------------------------------------------------------------

    def refresh(self, index) -> set[str]:
        """Bring the daily notes and the names up to date with the files, extend `index` with
        the notes' entries, and mark touched the contacts whose entries from notes changed
        since the index cache's summary. Returns those contacts' paths."""
        old = self.loaded or {}
        settings = index.vault.daily
        if settings is None and not old.get("linked") and not old.get("summary_linked"):
            return set()  # no daily notes, now or in what the index cache's summary holds
        same_setup = old.get("key") == self._key(index)
        names_moved = self._ensure_who(index)
        notes_moved = self._refresh_notes(
            index, old.get("notes", {}) if same_setup else {}, settings
        )
        if names_moved or notes_moved or not same_setup:
            self._resolve_notes()
            self.changed = True
        else:
            self.linked = old.get("linked", {})
            self.note_problems = [Problem(*p) for p in old.get("note_problems", ())]
        affected = self._affected(index, old)
        index.extend = self.extend
        for path in self.linked:
            index.prepared.pop(path, None)  # a worker made it without the notes' entries
        index.touched.update(affected)
        return affected

    @staticmethod
    def _key(index) -> tuple:
        """What the kept notes and names were read under: the config, where the notes are."""
        settings = index.vault.daily
        return (index.vault.config_key, tuple(settings) if settings else None)

    def _ensure_who(self, index) -> bool:
        """The names up to date (once per command); True when they moved."""
        if self._names_moved is None:
            old = self.loaded or {}
            cached = old.get("who", {}) if old.get("key") == self._key(index) else {}
            self._names_moved = self._refresh_who(index, cached)
            self.active = True
        return self._names_moved

    def _refresh_who(self, index, cached: dict) -> bool:
        """The names of every contact, re-decoded only where the file's stamp moved. True when
        any name, alias or contact changed: links must be resolved again."""
        who, moved = {}, False
        for path in index.paths():
            stamp = index.stamp(path)
            known = cached.get(path)
            if known is not None and stamp and known[0] == stamp:
                who[path] = known
                continue
            item = index.get(path)
            if item is None or item.contact is None:
                moved = moved or known is not None
                continue
            c = item.contact
            who[path] = (item.stamp, c.name, tuple(c.aliases))
            moved = moved or known is None or known[1:] != who[path][1:]
        moved = moved or len(who) != len(cached)
        self.changed = self.changed or moved or who.keys() != cached.keys()
        self.who = who
        return moved

    def _refresh_notes(self, index, cached: dict, settings) -> bool:
        """Read the daily notes that are new or changed; True when any note came, went or moved."""
        if settings is None:
            self.notes = {}
            return bool(cached)
        root, config = index.vault.root, index.vault.config
        racy_after = time.time_ns() - RACY_NS
        notes, moved = {}, False
        for path, (day, st) in find_notes(root, settings).items():
            known = cached.get(path)
            note = Note(*known) if known is not None else None
            if same_stamp(note, st) and note.day == day:
                notes[path] = note
                continue
            notes[path] = read_note(root, path, day, config, stamp_now(st, racy_after))
            moved = True
        self.notes = notes
        return moved or notes.keys() != cached.keys()

    def update(self, index, paths) -> set[str]:
        """After `index` re-read `paths` (a watch batch: contact files and daily notes), read the
        notes among them again. The contacts whose notes' entries changed, before or after."""
        settings = index.vault.daily
        before = dict(self.linked)
        names_moved, notes = False, []
        for path in paths:
            day = settings.day_of(path) if settings else None
            if day is not None:
                notes.append((path, day))
                continue
            old, item = self.who.pop(path, None), index.get(path)
            if item is not None and item.contact is not None:
                self.who[path] = (item.stamp, item.contact.name, tuple(item.contact.aliases))
            names_moved = names_moved or (old or (None,))[1:] != self.who.get(path, (None,))[1:]
        racy_after = time.time_ns() - RACY_NS
        if names_moved:
            self._links = None
        for path, day in notes:
            if not names_moved:
                self._drop_note(path)
            try:
                st = os.stat(os.path.join(index.vault.root, path))
            except OSError:
                self.notes.pop(path, None)
                continue
            if not stat.S_ISREG(st.st_mode):
                self.notes.pop(path, None)
                continue
            self.notes[path] = read_note(
                index.vault.root, path, day, index.vault.config, stamp_now(st, racy_after)
            )
            if not names_moved:
                self._add_note(path)
        if names_moved:
            self._resolve_notes()
        self.changed = self.changed or bool(notes) or names_moved
        return {
            p for p in before.keys() | self.linked.keys() if before.get(p) != self.linked.get(p)
        }

    def unseen_notes(self, index) -> list[str]:
        """Daily notes that came, went or changed without this state hearing of it (for
        `watch`'s rescan after the events were lost)."""
        settings = index.vault.daily
        seen = find_notes(index.vault.root, settings) if settings else {}
        moved = [p for p, (_, st) in seen.items() if not same_stamp(self.notes.get(p), st)]
        return moved + [p for p in self.notes if p not in seen]

    def _drop_note(self, path: str) -> None:
        """Take one note's entries out of its contacts' (the names are as they were)."""
        note = self.notes.get(path)
        self.note_problems = [p for p in self.note_problems if p.path != path]
        if note is None:
            return
        links = self.link_index()
        for entry, targets in map(_note_entry, note.entries):
            for contact in _named(links, targets, entry, path, []):
                kept = tuple(e for e in self.linked.get(contact, ()) if e[8] != path)
                if kept:
                    self.linked[contact] = kept
                else:
                    self.linked.pop(contact, None)

    def _add_note(self, path: str) -> None:
        """Give one note's entries to the contacts its links name."""
        note, links, problems = self.notes[path], self.link_index(), []
        problems.extend(note.problems)
        for entry, targets in map(_note_entry, note.entries):
            for contact in _named(links, targets, entry, path, problems):
                self.linked[contact] = tuple(
                    sorted((*self.linked.get(contact, ()), tuple(entry)), key=_by_day)
                )
        self.note_problems = sorted(self.note_problems + problems, key=_by_line)

    def link_index(self) -> LinkIndex:
        if self._links is None:
            self._links = build_index(Who((p, w[1], w[2])) for p, w in self.who.items())
        return self._links

    def _resolve_notes(self) -> None:
        """Each note entry given to every contact its links name; ambiguous links warned of."""
        links = self.link_index()
        linked: dict[str, list] = {}
        problems: list[Problem] = []
        for path, note in self.notes.items():
            problems.extend(note.problems)
            for entry, targets in map(_note_entry, note.entries):
                for contact in _named(links, targets, entry, path, problems):
                    linked.setdefault(contact, []).append(entry)
        self.linked = {p: tuple(sorted(map(tuple, es), key=_by_day)) for p, es in linked.items()}
        self.note_problems = sorted(problems, key=_by_line)

    def _affected(self, index, old: dict) -> set[str]:
        """The contacts whose notes' entries differ from those the index cache's summary has."""
        if old and old.get("index_stamp") == list(self.index_stamp):
            before = old.get("summary_linked", {})
            paths = set(before) | set(self.linked)
            return {p for p in paths if before.get(p) != self.linked.get(p)}
        if not self.linked and not (old and old.get("summary_linked")):
            return set()  # no notes' entries, now or in what the summary may hold
        return set(index.paths())  # the caches disagree: redo everyone

    def entries_of(self, path: str) -> tuple[Entry, ...]:
        """The daily notes' entries of the contact at `path`, by day."""
        return tuple(map(_entry, self.linked.get(path, ())))

    def extend(self, contact):
        """The contact with its daily notes' entries: counted like its own (done ones), open
        ones among its plans, every one in its full log (when it has one)."""
        extra = self.entries_of(contact.path)
        if not extra:
            return contact
        done = [(e.day, e.kind, e.minutes) for e in extra if e.state == "done"]
        entries = Entries.of(contact.entries.triples() + done) if done else contact.entries
        plans = contact.plans + tuple((e.day, e.word, e.text) for e in extra if e.state == "plan")
        log = None if contact.log is None else contact.log + extra
        return contact._replace(entries=entries, plans=plans, log=log)

    def problems(self) -> list[Problem]:
        return list(self.note_problems)

    # --- mentions in contact logs ----------------------------------------------------------

    def _refresh_outgoing(self, index) -> None:
        """The linked entries of every contact log, re-read only where the file's stamp moved."""
        if self.outgoing is not None:
            return
        self._ensure_who(index)
        cached = (self.loaded or {}).get("outgoing", {})
        config, out = index.vault.config, {}
        for path in index.paths():
            stamp = index.stamp(path)
            known = cached.get(path)
            if known is not None and stamp and known[0] == stamp:
                out[path] = known
                continue
            self.changed = True
            out[path] = (stamp, _linked_entries(self.root, path, config))
        self.changed = self.changed or out.keys() != cached.keys()
        self.outgoing = out

    def mentions(self, index, path: str) -> list[Entry]:
        """Every entry elsewhere that links the contact at `path`: in other contacts' logs and
        in daily notes; by date, then path and line."""
        self._refresh_outgoing(index)
        links = self.link_index()
        found = list(self.entries_of(path))
        for source, (_, entries) in self.outgoing.items():
            if source == path:
                continue
            for entry, targets in map(_note_entry, entries):
                if any(links.resolve(t) == (path,) for t in targets):
                    found.append(entry)
        return sorted(found, key=lambda e: (e.day, e.path, e.line))

    def log_problems(self, index) -> list[Problem]:
        """Ambiguous links in contact logs (for `check`, which reads every log)."""
        self._refresh_outgoing(index)
        links, problems = self.link_index(), []
        for source, (_, entries) in self.outgoing.items():
            for entry, targets in map(_note_entry, entries):
                _named(links, targets, entry, source, problems)
        return problems

    # --- the cache -------------------------------------------------------------------------

    def save(self, index, index_saved: bool) -> bool:
        """Write the cache back when anything moved. The links of the summary (and the index
        cache's stamp) move only when the index cache was just written (`index_saved`)."""
        if not self.enabled or not self.active or not (self.changed or index_saved):
            return False
        old = self.loaded or {}
        linked = self.linked
        data = {
            "code": _code_stamp(),
            "key": self._key(index),
            "who": self.who,
            "notes": {p: _plain_note(n) for p, n in self.notes.items()},  # unstamped: read again
            "linked": linked,
            "note_problems": tuple(tuple(p) for p in self.note_problems),
            "outgoing": self.outgoing if self.outgoing is not None else old.get("outgoing", {}),
        }
        if index_saved:
            data["summary_linked"] = linked
            data["index_stamp"] = list(_file_stamp(self.root / CACHE_DIR / INDEX_CACHE))
        else:
            data["summary_linked"] = old.get("summary_linked", {})
            data["index_stamp"] = old.get("index_stamp", [])
        return _write(self.root, data)


def _by_day(entry: tuple):
    """Entries (plain tuples) by day, then file and line."""
    return (entry[0], entry[8], entry[5])


def _by_line(problem: Problem):
    return (problem.path, problem.line or 0)


def _named(links: LinkIndex, targets, entry: Entry, path: str, problems: list) -> list[str]:
    """The contacts an entry's link targets name, each once; a warning per ambiguous one."""
    named: list[str] = []
    for target in targets:
        found = links.resolve(target)
        if len(found) == 1:
            if found[0] not in named:
                named.append(found[0])
        elif found:
            problems.append(ambiguous(find_links(f"[[{target}]]")[0], found, path, entry.line))
    return named


def _entry(fields) -> Entry:
    return fields if isinstance(fields, Entry) else Entry(*fields)


def _note_entry(fields) -> NoteEntry:
    entry, targets = fields
    return NoteEntry(_entry(entry), tuple(targets))


def _plain_note(note: Note) -> tuple:
    """A Note as plain tuples, as marshal stores them."""
    entries = tuple((tuple(e.entry), e.targets) for e in map(_note_entry, note.entries))
    return (note.stamp, note.day, entries, tuple(tuple(p) for p in note.problems))


def _linked_entries(root: Path, path: str, config) -> tuple:
    """The entries of one contact file's log that hold a link, as plain tuples."""
    try:
        data = read_regular(os.path.join(root, path))
    except OSError:
        return ()
    if b"[[" not in data:
        return ()
    contact, _ = parse_contact(path, data, config)
    out = []
    for entry in contact.log if contact and contact.log else ():
        targets = tuple(link.target for link in find_links(entry.text))
        if targets:
            out.append((tuple(entry), targets))
    return tuple(out)


def _read(root: Path) -> dict | None:
    try:
        raw = read_regular(root / CACHE_DIR / CACHE_NAME)
    except OSError:
        return None
    n = len(MAGIC)
    if not raw.startswith(MAGIC) or len(raw) < n + 4:
        return None
    body = memoryview(raw)[n + 4 :]
    if zlib.adler32(body) != int.from_bytes(raw[n : n + 4], "big"):
        return None
    try:
        data = marshal.loads(body)
    except Exception:
        return None
    if not isinstance(data, dict) or data.get("code") != _code_stamp():
        return None
    return data


def _write(root: Path, data: dict) -> bool:
    folder = root / CACHE_DIR
    try:
        body = marshal.dumps(data)
        if not folder.is_dir():
            return False  # the index cache makes the folder (and its .gitignore)
        blob = MAGIC + zlib.adler32(body).to_bytes(4, "big") + body
        write_file(folder / CACHE_NAME, blob, OVERWRITE, root, sync=False)
        return True
    except Exception:
        return False  # a cache that cannot be written is a cache not used
