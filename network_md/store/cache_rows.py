"""`list`'s rows, kept beside the index cache (`.network-md/rows`) for one evaluation day,
config and version of the code that makes them.

The store only keeps them: path -> (meta, text), meta a marshal-able value and text bytes
that the render layer makes (render/listrows.py). The file holds the texts one after the
other as UTF-8 (read as bytes, decoded only when printed), then the metas marshalled (path ->
(meta, (start, end), or None for an item still to be made)), a few thousand rows at a time,
each piece preceded by its length: written in that order, each text can go to the file and
leave memory before the metas are encoded, and they are never encoded all at once. The index cache's
sealed head points at it: its SHA-1 (so it is
used only as the writer of that head wrote it: a rows file another process has put there
since is ignored), where its metas begin, the key (day, config key, code) and the paths whose
rows are stale. Commands other than `list` never read it: a save that touched some files only
adds them to the stale paths (their rows are made again by the next `list`), so the file is
written only when `list` made many rows.
"""

from __future__ import annotations

import hashlib
import marshal
import os
from itertools import islice
from pathlib import Path

from network_md.core.errors import WriteError
from network_md.store.atomic import OVERWRITE, write_file
from network_md.store.layout import CACHE_DIR
from network_md.store.safeopen import file_identity, open_regular, read_again, read_at

ROWS_NAME = "rows"
SHA1_SIZE = 20
NONE: tuple = ({}, b"")
# More stale paths than this (a cold index, a new folder): the rows are dropped instead.
MAX_STALE = 2_000
PIECE = 1 << 20  # the rows file's texts are written this many bytes at a time
METAS = 2_000  # and its metas this many rows at a time
LENGTH = 4  # the bytes that say how long each piece of metas is


def sound_pointer(pointer) -> bool:
    """(SHA-1, where the metas begin, day, config key, code, stale paths): the head's pointer."""
    return (
        type(pointer) is tuple
        and len(pointer) == 6
        and type(pointer[0]) is bytes
        and len(pointer[0]) == SHA1_SIZE
        and type(pointer[1]) is int
        and pointer[1] >= 0
        and type(pointer[2]) is int
        and type(pointer[3]) is str
        and type(pointer[4]) is str
        and type(pointer[5]) is tuple
        and all(type(p) is str for p in pointer[5])
    )


class FileTexts:
    """The texts of a rows file left on disk (for a `list` that prints none of them: 90 MB at
    100,000 contacts never held), read a range at a time, and only while the file is the one
    checked: OSError once it is another (a rows file written with them is then not written)."""

    __slots__ = ("path", "identity", "size")

    def __init__(self, path: Path, identity: tuple, size: int):
        self.path, self.identity, self.size = path, identity, size

    def __len__(self) -> int:
        return self.size

    def __getitem__(self, where: slice) -> bytes:
        data = read_again(self.path, self.identity, where.stop - where.start, where.start)
        if data is None:
            raise OSError(f"{self.path}: replaced since it was read")
        return data


def read_rows(root: Path, pointer: tuple, texts: bool = True) -> tuple[dict, object]:
    """(path -> (meta, (start, end)), the texts) of the rows file the pointer names, the stale
    paths left out; NONE when it is missing or not the one the pointer names. Each row's shape
    is checked where it is used. The texts as bytes, or with `texts` False, left in the file
    (FileTexts): checked, never held."""
    path = root / CACHE_DIR / ROWS_NAME
    try:
        fd = open_regular(path)
    except OSError:
        return NONE
    digest, split, stale = pointer[0], pointer[1], pointer[5]
    seal = hashlib.sha1()
    try:
        st = os.fstat(fd)
        if split > st.st_size:
            return NONE
        # read apart: the metas' bytes are freed once loaded, the texts alone stay (or none)
        kept = _read_texts(fd, split, seal, texts)
        metas = read_at(fd, st.st_size - split, split)
    except OSError:
        return NONE
    finally:
        os.close(fd)
    seal.update(metas)
    if split + len(metas) != st.st_size or seal.digest() != digest:
        return NONE
    rows = _loaded(metas)
    del metas
    if rows is None:
        return NONE
    for stale_path in stale:
        rows.pop(stale_path, None)
    if not texts:
        return rows, FileTexts(path, file_identity(st), split)
    return rows, memoryview(kept)


def _read_texts(fd: int, size: int, seal, keep: bool) -> bytes:
    """The first `size` bytes of the file, added to `seal`; b"" unless `keep` (then read a
    piece at a time, so that they are never in memory at once). OSError when cut short."""
    if keep:
        data = read_at(fd, size, 0)
        seal.update(data)
        if len(data) != size:
            raise OSError("cut short")
        return data
    for at in range(0, size, PIECE):
        piece = read_at(fd, min(PIECE, size - at), at)
        seal.update(piece)
        if len(piece) != min(PIECE, size - at):
            raise OSError("cut short")
    return b""


def written(root: Path, rows: dict, texts, key: tuple) -> tuple | None:
    """Write the rows file of rows path -> (meta, text), a text its bytes, (start, end) in
    `texts` (the stored texts they were read with) or None (not made); the head's pointer to
    it, None where it cannot be written. The texts go first, in pieces as they are joined,
    each row's text released once written (`rows` becomes path -> (meta, where its text
    lies), the metas the file ends with): the texts (100 MB at 100,000 contacts) are never
    held twice, nor beside the metas' bytes."""
    seal, split = hashlib.sha1(), [0]

    def pieces():
        for piece in _texts(rows, texts):
            split[0] += len(piece)
            seal.update(piece)
            yield piece
        for metas in _metas(rows):
            seal.update(metas)
            yield metas

    try:
        (root / CACHE_DIR).mkdir(exist_ok=True)  # a first run: the index cache is written next
        # no fsync: a file torn by a crash fails its SHA-1 and is made again
        write_file(root / CACHE_DIR / ROWS_NAME, pieces(), OVERWRITE, root, sync=False)
    except (OSError, WriteError):
        return None
    return (seal.digest(), split[0], *key, ())


def _texts(rows: dict, texts, batch: int = PIECE):
    """The rows' texts one after the other, in pieces of about `batch` bytes; each row's text
    replaced, as it goes, by where it lies among them. Kept texts that lie one after another
    in `texts` are read as one range."""
    pieces, size, at = [], 0, 0
    for path, (meta, text) in rows.items():
        if text is None:  # a row whose item is still to be made
            continue
        if type(text) is bytes:
            pieces.append(text)
            length = len(text)
        else:
            length = text[1] - text[0]
            if pieces and type(pieces[-1]) is tuple and pieces[-1][1] == text[0]:
                pieces[-1] = (pieces[-1][0], text[1])
            else:
                pieces.append(tuple(text))
        rows[path] = (meta, (at, at + length))  # the same keys: iterating stays sound
        at += length
        size += length
        if size >= batch:
            yield _joined(pieces, texts)
            pieces, size = [], 0
    if pieces:
        yield _joined(pieces, texts)


def _joined(pieces: list, texts) -> bytes:
    """The pieces' bytes, a range (start, end) read from `texts`."""
    return b"".join([p if type(p) is bytes else texts[p[0] : p[1]] for p in pieces])


def _metas(rows: dict, count: int = METAS):
    """The metas marshalled `count` rows at a time, each preceded by its length: never one
    encoding of them all (30 MB at 100,000 contacts) beside the rows."""
    items = iter(rows.items())
    while part := dict(islice(items, count)):
        data = marshal.dumps(part)
        yield len(data).to_bytes(LENGTH, "big") + data


def _loaded(metas: bytes) -> dict | None:
    """path -> meta of the metas `_metas` wrote; None for bytes it did not write."""
    rows, view, at = {}, memoryview(metas), 0
    while at < len(view):
        size = int.from_bytes(view[at : at + LENGTH], "big")
        at += LENGTH
        if at + size > len(view):
            return None
        try:
            part = marshal.loads(view[at : at + size])
        except (ValueError, TypeError, EOFError):
            return None
        if type(part) is not dict:
            return None
        rows.update(part)
        at += size
    return rows


def with_stale(pointer: tuple, touched: set) -> tuple | None:
    """The pointer with `touched` among its stale paths; None when they grow too many."""
    stale = set(pointer[5]) | touched
    if len(stale) > MAX_STALE:
        return None
    return (*pointer[:5], tuple(sorted(stale)))
