"""The name index: each contact's names folded once and kept with the cache, so that finding
the one contact a NAME means reads a table of names, never every contact (folding 300,000
names takes most of a second; reading them folded, a twentieth of that).

As stored it is a few long UTF-8 strings, so that a NAME's candidates are found by
`bytes.find` in C and only theirs decoded: every entry's keys and compact keys in one
"haystack", every file stem in another, every path in a third, each with the offsets where its
entries start, and each entry's name and aliases marshalled on its own. Keys are folded, so
they hold no control characters, and a path (so a stem) holds no NUL: those separate the
entries and their keys, so a search for a folded NAME finds it only inside one entry's keys
(and UTF-8 is found in UTF-8 exactly where the text is found in the text)."""

from __future__ import annotations

import hashlib
import marshal
from array import array
from bisect import bisect_right
from typing import NamedTuple

from network_md.core.model import Contact
from network_md.core.names import Keyed, file_stem, keys_of, match_keys, path_query

# One contact's entry, as the cache stores it: (name, aliases, folded keys, the keys without
# their spaces, the file stem case-folded), the parts of `core.names.Keyed`.
NameEntry = tuple

_ENTRY = "\x00"  # before each entry in a haystack, and after the last
_KEY = "\x01"  # between the keys of one entry (no folded key holds either)
_SHAPE = "network-md names 1"  # the stored value's first item
# A file name that is not UTF-8 comes from the walk with lone surrogates in its path and stem:
# kept as they are, as marshal keeps them.
_UTF8, _LONE = "utf-8", "surrogatepass"


class NameCard(NamedTuple):
    """What resolving a NAME reads of a contact (and names it by in a message)."""

    path: str
    name: str
    aliases: tuple[str, ...]


def name_entry(contact: Contact) -> NameEntry:
    keys = tuple(keys_of(contact))
    compact = tuple(k.replace(" ", "") for k in keys)
    stem = file_stem(contact.path).casefold()
    return contact.name, tuple(contact.aliases), keys, compact, stem


def keyed_card(path: str, entry: NameEntry) -> Keyed:
    """The entry as `core.names.resolve` matches it, its contact a NameCard."""
    name, aliases, keys, compact, stem = entry
    return Keyed(NameCard(path, name, aliases), stem, keys, compact)


def _wanted_paths(query: str) -> set[str]:
    """The paths a NAME written as a path names (with and without `.md`); none otherwise."""
    wanted = path_query(query)
    if wanted is None:
        return set()
    return {wanted, wanted if wanted.lower().endswith(".md") else wanted + ".md"}


def candidates(names: dict[str, NameEntry], query: str) -> list[Keyed]:
    """The entries NAME could match in any tier of `core.names.resolve`, by path: those whose
    keys hold the folded NAME (with or without its spaces), whose stem it is, or whose path it
    names. Resolving among them alone gives what resolving among everyone gives, but for the
    message about a NAME that matches nobody (it suggests near names from everyone)."""
    q, qc, stem = match_keys(query)
    paths = _wanted_paths(query)
    found = []
    for path, entry in names.items():
        _, _, keys, compact, entry_stem = entry
        if (
            entry_stem == stem
            or path in paths
            or (q and (any(q in k for k in keys) or any(qc in c for c in compact)))
        ):
            found.append(keyed_card(path, entry))
    return found


class _Haystack(NamedTuple):
    """Items, UTF-8, joined in one bytes object, each after an _ENTRY, and where each one's
    _ENTRY lies (one offset more than items: the closing _ENTRY)."""

    text: bytes
    starts: array

    @classmethod
    def of(cls, items: list[str]) -> _Haystack:
        encoded = [item.encode(_UTF8, _LONE) for item in items]
        starts, at = array("q", [0]), 0
        for item in encoded:
            at += len(item) + 1
            starts.append(at)
        return cls(b"\0".join([b"", *encoded, b""]), starts)

    def holding(self, needle: str) -> set[int]:
        """The items that hold `needle` (which holds no separator)."""
        text, starts, found = self.text, self.starts, set()
        wanted = needle.encode(_UTF8, _LONE)
        at = text.find(wanted)
        while at >= 0:
            i = bisect_right(starts, at) - 1
            found.add(i)
            at = text.find(wanted, starts[i + 1])
        return found

    def equal(self, value: str) -> set[int]:
        """The items that are `value` (which holds no separator)."""
        text, starts, found = self.text, self.starts, set()
        wanted = b"\0" + value.encode(_UTF8, _LONE) + b"\0"
        at = text.find(wanted)
        while at >= 0:
            found.add(bisect_right(starts, at) - 1)
            at = text.find(wanted, at + 1)
        return found

    def item(self, i: int) -> str:
        return self.text[self.starts[i] + 1 : self.starts[i + 1]].decode(_UTF8, _LONE)

    def items(self) -> list[str]:
        return self.text[1:-1].decode(_UTF8, _LONE).split(_ENTRY) if len(self.starts) > 1 else []


class StoredNames:
    """The name index as the cache holds it: a NAME's candidates found in the haystacks, and
    only their entries decoded."""

    def __init__(self, keys: _Haystack, stems: _Haystack, paths: _Haystack, cards, where):
        self._keys, self._stems, self._paths = keys, stems, paths
        self._cards, self._where = cards, where

    def __len__(self) -> int:
        return len(self._where) - 1

    @classmethod
    def loads(cls, blob) -> StoredNames:
        """The index `packed` wrote; ValueError when it is not of that shape."""
        try:
            shape, *parts = marshal.loads(blob)
            keys, key_at, stems, stem_at, paths, path_at, cards, where = parts
            arrays = [array("q", bytes(b)) for b in (key_at, stem_at, path_at, where)]
            texts = [bytes(t) for t in (keys, stems, paths, cards)]
        except Exception as exc:  # marshal and array raise several kinds on foreign bytes
            raise ValueError("the name index is not as network-md wrote it") from exc
        if shape != _SHAPE or len({len(a) for a in arrays}) != 1:
            raise ValueError("the name index is not as network-md wrote it")
        hay = [_Haystack(t, a) for t, a in zip(texts, arrays)]
        return cls(hay[0], hay[1], hay[2], texts[3], arrays[3])

    def path(self, i: int) -> str:
        return self._paths.item(i)

    def entry(self, i: int) -> NameEntry:
        name, aliases = marshal.loads(self._cards[self._where[i] : self._where[i + 1]])
        keys = self._keys.item(i).split(_KEY)
        half = len(keys) // 2
        return name, aliases, tuple(keys[:half]), tuple(keys[half:]), self._stems.item(i)

    def paths(self) -> list[str]:
        """Every path, in the stored order (sorted)."""
        return self._paths.items()

    def entries(self) -> dict[str, NameEntry]:
        """Every entry, by path, in the stored order (each haystack split in one go)."""
        keys, stems, cards, where = (
            self._keys.items(),
            self._stems.items(),
            self._cards,
            self._where,
        )
        out = {}
        for i, path in enumerate(self._paths.items()):
            name, aliases = marshal.loads(cards[where[i] : where[i + 1]])
            entry_keys = keys[i].split(_KEY)
            half = len(entry_keys) // 2
            out[path] = name, aliases, tuple(entry_keys[:half]), tuple(entry_keys[half:]), stems[i]
        return out

    def matching(self, query: str) -> list[int] | None:
        """The entries `candidates` finds for NAME, in the stored order; None when NAME holds a
        separator (it is then looked for among the decoded entries)."""
        q, qc, stem = match_keys(query)
        paths = _wanted_paths(query)
        if any(_ENTRY in s or _KEY in s for s in (q, stem, *paths)):
            return None
        found = self._stems.equal(stem)
        for path in paths:
            found |= self._paths.equal(path)
        if q and qc:
            found |= self._keys.holding(q)
            if qc != q:
                found |= self._keys.holding(qc)
        return sorted(found)


def stored_blob(head: dict | None, blob_at, strict: bool = True):
    """The name index's bytes where a cache `head` points (`blob_at((offset, length))` reads
    them), None when it points at none; when they are not as they were written, ValueError
    (`strict`) or None."""
    where = (head or {}).get("names")
    if where is None:
        return None
    offset, length, digest = where
    try:
        blob = blob_at((offset, length)) if length else b""
        if hashlib.sha1(blob).digest() != digest:
            raise ValueError("the name index is not as network-md wrote it")
    except ValueError:
        if strict:
            raise
        return None
    return blob


def packed(names: dict[str, NameEntry]) -> bytes:
    """The name index as stored (StoredNames reads it); ValueError for an entry whose keys hold
    a separator (no folded key does) or whose path holds a NUL (no file's does)."""
    keys, stems, cards, where, separators = [], [], [], array("q", [0]), 0
    dumps, at = marshal.dumps, 0
    for name, aliases, entry_keys, compact, stem in names.values():
        if not entry_keys or len(entry_keys) != len(compact):
            raise ValueError(f"{name}: a name index entry this index cannot hold")
        keys.append(_KEY.join((*entry_keys, *compact)))
        separators += 2 * len(entry_keys) - 1
        stems.append(stem)
        card = dumps((name, tuple(aliases)))
        cards.append(card)
        at += len(card)
        where.append(at)
    hay = [_Haystack.of(items) for items in (keys, stems, list(names))]
    # every separator where it belongs, none inside a key, stem or path
    ends = [h.text.count(b"\0") for h in hay]
    if ends != [len(names) + 1] * 3 or hay[0].text.count(b"\1") != separators:
        raise ValueError("a name index entry this index cannot hold")
    return marshal.dumps((
        _SHAPE, hay[0].text, hay[0].starts.tobytes(), hay[1].text, hay[1].starts.tobytes(),
        hay[2].text, hay[2].starts.tobytes(), b"".join(cards), where.tobytes(),
    ))  # fmt: skip


class NameTable:
    """Every contact's name entry, by path (as `Index.names` gives them): the stored ones but
    those in `hidden` (their files moved or went), and `fresh` ones, by path."""

    def __init__(self, stored: StoredNames | None, hidden: set[str], fresh: dict[str, NameEntry]):
        self.stored, self.hidden, self.fresh = stored, hidden, fresh

    def entries(self) -> dict[str, NameEntry]:
        """Every entry, sorted by path."""
        found = dict(self.fresh)
        if self.stored is not None:
            hidden = self.hidden
            found.update((p, e) for p, e in self.stored.entries().items() if p not in hidden)
        return dict(sorted(found.items()))

    def candidates(self, query: str) -> list[Keyed]:
        """`candidates(self.entries(), query)`, decoding only the entries found."""
        stored = self.stored
        hits = None if stored is None else stored.matching(query)
        if hits is None:
            return candidates(self.entries(), query)
        found = candidates(self.fresh, query)
        for i in hits:
            path = stored.path(i)
            if path not in self.hidden:
                found.append(keyed_card(path, stored.entry(i)))
        found.sort(key=lambda k: k.contact.path)
        return found
