"""What links say about contacts, kept beside the index: the daily notes' entries of each
contact, the names that links resolve against, and (store/mentions.py) the linked entries of
contact logs.

The daily notes' entries count as if they were in the contact's own file, so `Index.contact`
hands out contacts extended with them (`extend`). Their summary contributions are the index
cache's; when a daily note changes, the contacts it links before and after the change are
marked touched, and the summary redoes exactly those. To know "before", this cache records the
index cache's stamp and the contacts whose notes' entries moved since that summary was written
(`pending`): when the two caches disagree (one was written, the other not), every contact is
redone, never a wrong count.

A warm command with nothing changed reads the head of `.network-md/links` (stamps), walks the
daily notes' folder, and decodes nothing more; a changed note costs that note, the contacts it
links and the link index (store/linkcache.py).
"""

from __future__ import annotations

import marshal
import os
import stat
import time
from pathlib import Path

from network_md.core.model import Entries, Entry, Problem
from network_md.format.daily import NoteEntry
from network_md.format.links import LinkIndex, ambiguous, build_index, parse_inside
from network_md.store import linkcache
from network_md.store.daily import RACY_NS, Note, find_notes, read_note, stamp_now, stamp_of_stat


class Who(tuple):
    """(path, name, aliases) of a contact: all a link index needs of it."""

    path = property(lambda self: self[0])
    name = property(lambda self: self[1])
    aliases = property(lambda self: self[2])


def key_of(index) -> tuple:
    """What the kept notes and names were read under: the config, where the notes are."""
    settings = index.vault.daily
    return (index.vault.config_key, tuple(settings) if settings else None)


class LinkState:
    """One command's view of the links: loaded from the cache, refreshed against the index."""

    def __init__(self, root: Path, enabled: bool = True):
        self.root = root
        self.enabled = enabled
        self.head, self.parts = linkcache.read(root) if enabled else ({}, linkcache.Parts())
        self.index_stamp = linkcache.index_stamp(root)  # before anyone saves it
        self.in_step = bool(self.head) and self.head.get("index_stamp") == self.index_stamp
        # out of step, the index cache's summary may count notes' entries this state does not
        # know of: every contact is to be redone, unless `refresh` finds none it could count
        self.redo_all = not self.in_step
        # in step, the files this cache holds beyond the index cache's: re-read since that was
        # saved, by the commands that wrote this one (one come and gone the index never held)
        self.touched_since = set(self.head.get("touched_since", ())) if self.in_step else set()
        self.note_stamps: dict[str, tuple] = {}  # note path -> (stamp, day)
        self.problems_: list[Problem] = []
        self.pending: set[str] = set()  # contacts whose notes' entries moved since the summary
        self.changed = False  # anything to write back
        self.active = False  # refreshed anything: worth keeping
        self._names_moved: bool | None = None  # None: names not refreshed yet
        self._links: LinkIndex | None = None
        self._old_notes: dict = {}  # note path -> its blob before this command re-read it
        # the index cache's stamp that the kept contact-log links are in step with (mentions.py)
        self.outgoing_stamp: list = self.head.get("outgoing_stamp", [])
        self.outgoing_fresh = False  # refreshed by this command

    # --- the parts, decoded when first needed ---------------------------------------------

    @property
    def who(self) -> dict:
        """Contact path -> (name, aliases)."""
        return self.parts.get("who", {})

    @property
    def linked(self) -> dict:
        """Contact path -> its notes' entries (plain tuples, by day)."""
        return self.parts.get("linked", {})

    def _notes(self) -> dict:
        """Note path -> the note as marshalled plain tuples."""
        return self.parts.get("notes", {})

    def note(self, path: str) -> Note | None:
        blob = self._notes().get(path)
        return None if blob is None else Note(*marshal.loads(blob))

    def link_index(self) -> LinkIndex:
        """The index of every contact's names (`ensure_who` first: it is built from them)."""
        if self._names_moved is None:
            raise RuntimeError("link_index before ensure_who")  # a bug: links would name no one
        if self._links is None:
            kept = self.parts.get("links", None)
            if kept is None:
                built = build_index(Who((p, *w)) for p, w in self.who.items())
                self.parts.put("links", tuple(built))
                self._links = built
            else:
                self._links = LinkIndex(*kept)
        return self._links

    # --- refresh ---------------------------------------------------------------------------

    def refresh(self, index) -> set[str]:
        """Bring the daily notes and the names up to date with the files, extend `index` with
        the notes' entries, and mark touched the contacts whose entries from notes differ from
        the index cache's summary. Returns those contacts' paths."""
        head, settings = self.head, index.vault.daily
        if settings is None and not head.get("linked_any") and not head.get("pending"):
            self.redo_all = False
            return set()  # no daily notes, now or in what the index cache's summary holds
        had_linked = bool(head.get("linked_any"))
        if head.get("key") != key_of(index):
            self.parts, self.in_step, head = linkcache.Parts(), False, {}
        self.active = True
        if self.in_step:
            self.pending = set(head.get("pending", ()))
        self.problems_ = [Problem(*p) for p in head.get("problems", ())]
        names_moved = self.ensure_who(index)
        moved_notes = self._scan_notes(index, settings, head.get("note_stamps", {}))
        if names_moved or not head:
            moved = self._resolve_all()
        else:
            moved = self._renote(moved_notes)
        if moved or moved_notes:
            self.changed = True
        if self.in_step:
            affected = self.pending | moved
        else:
            affected = set(index.paths()) if (had_linked or self.linked) else set()
            self.redo_all = bool(affected)
        self.pending |= moved
        index.extend = self.extend
        for path in self.linked if index.prepared else ():
            index.prepared.pop(path, None)  # a worker made it without the notes' entries
        index.touched.update(p for p in affected if index.get(p) is not None)
        return affected

    def ensure_who(self, index) -> bool:
        """The names of every contact up to date (once per command); True when any name,
        alias or contact changed, so links must be resolved again. In step with the index
        cache, only the files it re-read can have moved; else every contact is looked at."""
        if self._names_moved is not None:
            return self._names_moved
        self.active = True
        same_key = self.head.get("key") == key_of(index)
        paths = self.moved(index) if self.in_step and same_key else index.paths()
        if not paths and self.in_step and same_key:
            self._names_moved = False  # nothing re-read: nothing renamed
            return False
        old = self.who if same_key else {}
        if self.in_step and same_key:
            who = dict(old)
            for path in paths:
                item = index.get(path)
                if item is None or item.contact is None:
                    who.pop(path, None)
                else:
                    who[path] = (item.contact.name, tuple(item.contact.aliases))
        else:  # the index's own name table: no contact decoded where its file did not move
            who = {p: (entry[0], tuple(entry[1])) for p, entry in index.names().items()}
        moved = who != old
        if moved:
            self.parts.put("who", who)
            self.parts.put("links", None)
            self.parts.put("incoming", None)  # mentions.py: links may name others now
            self._links = None
            self.changed = True
        self._names_moved = moved
        return moved

    def moved(self, index) -> set[str]:
        """In step with the index cache: the paths whose kept names or links may be out of
        date (what the index re-read or dropped, and what this cache holds beyond it)."""
        return set(index.touched) | self.touched_since

    def _scan_notes(self, index, settings, old_stamps: dict, found=None) -> list[str]:
        """Read the daily notes that are new or changed (of `found`, path -> stat: else every
        note on disk); the paths that came, went or moved."""
        if found is None:
            found = find_notes(index.vault.root, settings) if settings else {}
        racy_after = time.time_ns() - RACY_NS
        notes = self._notes()
        moved, fresh = [], {}
        for path, st in found.items():
            kept = old_stamps.get(path)
            if kept is not None and kept[0] and kept[0] == stamp_of_stat(st):
                self.note_stamps[path] = kept
                continue
            day = settings.day_of(path)
            if day is None:
                self.note_stamps.pop(path, None)
                continue  # named like a day no calendar has: not a note
            note = read_note(
                index.vault.root, path, day, index.vault.config, stamp_now(st, racy_after)
            )
            self.note_stamps[path] = (note.stamp, day)
            fresh[path] = marshal.dumps(_plain_note(note))
            moved.append(path)
        gone = [p for p in old_stamps if p not in found or p not in self.note_stamps]
        for path in gone:
            self.note_stamps.pop(path, None)
        if moved or gone:
            self._old_notes = {p: notes.get(p) for p in moved + gone}
            kept_notes = {p: b for p, b in notes.items() if p not in gone}
            self.parts.put("notes", {**kept_notes, **fresh})
        return moved + gone

    def _resolve_all(self) -> set[str]:
        """Every note's entries given to the contacts their links name; the contacts whose
        entries moved."""
        old = self.linked
        links, linked, problems = self.link_index(), {}, []
        for path in sorted(self._notes()):
            note = self.note(path)
            problems.extend(note.problems)
            for entry, targets in map(note_entry, note.entries):
                for contact in named_by(links, targets, entry, path, problems):
                    linked.setdefault(contact, []).append(tuple(entry))
        new = {p: tuple(sorted(es, key=_by_day)) for p, es in linked.items()}
        self.parts.put("linked", new)
        self.problems_ = sorted(problems, key=_by_line)
        return {p for p in old.keys() | new.keys() if old.get(p) != new.get(p)}

    def _renote(self, paths: list[str]) -> set[str]:
        """Take the old entries of the notes at `paths` out, put their new ones in (the names
        are as they were); the contacts whose entries moved."""
        if not paths:
            return set()
        links, linked, moved = self.link_index(), dict(self.linked), set()
        gone = set(paths)
        problems = [p for p in self.problems_ if p.path not in gone]
        for path in paths:
            blob = self._old_notes.get(path)
            for entry, targets in map(
                note_entry, Note(*marshal.loads(blob)).entries if blob else ()
            ):
                for contact in named_by(links, targets, entry, path, []):
                    kept = tuple(e for e in linked.get(contact, ()) if e[8] != path)
                    linked[contact] = kept
                    moved.add(contact)
            note = self.note(path)
            if note is None:
                continue
            problems.extend(note.problems)
            for entry, targets in map(note_entry, note.entries):
                for contact in named_by(links, targets, entry, path, problems):
                    linked[contact] = tuple(
                        sorted((*linked.get(contact, ()), tuple(entry)), key=_by_day)
                    )
                    moved.add(contact)
        self.parts.put("linked", {p: es for p, es in linked.items() if es})
        self.problems_ = sorted(problems, key=_by_line)
        return moved

    def update(self, index, paths) -> set[str]:
        """After `index` re-read `paths` (a watch batch: contact files and daily notes), read the
        notes among them again. The contacts whose notes' entries changed, before or after."""
        settings = index.vault.daily
        notes = [p for p in paths if settings and settings.day_of(p) is not None]
        self.active, self.in_step, self._names_moved = True, True, None
        saved_touched = index.touched  # the re-read are the moved: this process's own index
        index.touched = set(paths) - set(notes)
        try:
            names_moved = self.ensure_who(index)
        finally:
            index.touched = saved_touched
        found = {}
        for path in notes:
            try:
                st = os.stat(os.path.join(index.vault.root, path))
            except OSError:
                continue
            if stat.S_ISREG(st.st_mode):
                found[path] = st
        old = {p: (b"", 0) for p in notes if p in self.note_stamps}  # read again, whatever it was
        moved_notes = self._scan_notes(index, settings, old, found)
        moved = self._resolve_all() if names_moved else self._renote(moved_notes)
        self.changed = self.changed or bool(moved) or bool(moved_notes)
        self.pending |= moved
        # the index cache's summary, when saved, must redo them too
        index.touched.update(p for p in moved if index.get(p) is not None)
        return moved

    def unseen_notes(self, index) -> list[str]:
        """Daily notes that came, went or changed without this state hearing of it (for
        `watch`'s rescan after the events were lost)."""
        settings = index.vault.daily
        seen = find_notes(index.vault.root, settings) if settings else {}
        moved = [
            p for p, st in seen.items() if self.note_stamps.get(p, (b"",))[0] != stamp_of_stat(st)
        ]
        return moved + [p for p in self.note_stamps if p not in seen]

    # --- what the commands ask ---------------------------------------------------------------

    def entries_of(self, path: str) -> tuple[Entry, ...]:
        """The daily notes' entries of the contact at `path`, by day."""
        return tuple(Entry(*e) for e in self.linked.get(path, ()))

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
        linked = contact.linked + extra  # a daily note's entry links its contacts, by definition
        return contact._replace(entries=entries, plans=plans, log=log, linked=linked)

    def problems(self) -> list[Problem]:
        """The daily notes' problems, and their ambiguous links."""
        return list(self.problems_)

    # --- the cache -------------------------------------------------------------------------

    def save(self, index, index_saved: bool) -> bool:
        """Write the cache back when anything moved. The index cache's stamp (and so what its
        summary holds) moves only when the index cache was just written (`index_saved`)."""
        if self.enabled and not self.active and index_saved:
            return self._restamp(index)
        if not self.enabled or not self.active or not (self.changed or index_saved):
            return False
        head = {
            "code": linkcache.code_stamp(),
            "key": key_of(index),
            "note_stamps": self.note_stamps,
            "problems": tuple(tuple(p) for p in self.problems_),
            "linked_any": bool(self.linked)
            if self.parts.replaced("linked")
            else bool(self.head.get("linked_any")),
        }
        head["outgoing_stamp"] = self.outgoing_stamp
        if self.outgoing_fresh:  # in step with the index cache as it is now on disk
            head["outgoing_stamp"] = linkcache.index_stamp(self.root)
        if index_saved:
            head["index_stamp"], head["pending"] = linkcache.index_stamp(self.root), []
            head["touched_since"] = []
        else:  # in step with the index cache as it was read, or (redo_all) with none
            head["index_stamp"] = [] if self.redo_all else self.index_stamp
            head["pending"] = sorted(self.pending)
            head["touched_since"] = sorted(self.touched_since | set(index.touched))
        return linkcache.write(self.root, head, self.parts.encoded())

    def _restamp(self, index) -> bool:
        """The cache as it was, in step with the index cache this command just wrote without
        having looked at the links (no daily notes): what it holds beyond that index cache is
        what it held beyond the old one, and what this command re-read (no note's entry counts
        anywhere: the new index cache's summary has none to redo)."""
        head = {k: v for k, v in self.head.items() if k != "parts"}
        if not self.in_step or head.get("pending") or head.get("linked_any"):
            return False  # the next command that looks at the links brings them up to date
        now = linkcache.index_stamp(self.root)
        if head.get("outgoing_stamp") == self.index_stamp:
            head["outgoing_stamp"] = now
        head["index_stamp"], head["pending"] = now, []
        head["touched_since"] = sorted(self.touched_since | set(index.touched))
        return linkcache.write(self.root, head, self.parts.encoded())


def _by_day(entry: tuple):
    """Entries (plain tuples) by day, then file and line."""
    return (entry[0], entry[8], entry[5])


def _by_line(problem: Problem):
    return (problem.path, problem.line or 0)


def named_by(links: LinkIndex, targets, entry: Entry, path: str, problems: list) -> list[str]:
    """The contacts an entry's link targets name, each once; a warning per ambiguous one."""
    named: list[str] = []
    for target in targets:
        found = links.resolve(target)
        if len(found) == 1:
            if found[0] not in named:
                named.append(found[0])
        elif found:
            problems.append(ambiguous(parse_inside(target), found, path, entry.line))
    return named


def note_entry(fields) -> NoteEntry:
    entry, targets = fields
    return NoteEntry(entry if isinstance(entry, Entry) else Entry(*entry), tuple(targets))


def _plain_note(note: Note) -> tuple:
    """A Note as plain tuples, as marshal stores them."""
    entries = tuple((tuple(e.entry), e.targets) for e in map(note_entry, note.entries))
    return (note.stamp, note.day, entries, tuple(tuple(p) for p in note.problems))
