"""`list`'s rows, kept beside the index cache (`.network-md/rows`) for one evaluation day,
config and version of the code that makes them.

The store only keeps them: path -> (meta, text), meta a marshal-able value and text bytes
that the render layer makes (render/listrows.py). The file holds the metas marshalled (path
-> (meta, (start, end), or None for an item still to be made)), then the texts one after the
other as UTF-8, read as bytes and
decoded only when printed. The index cache's sealed head points at it: its SHA-1 (so it is
used only as the writer of that head wrote it: a rows file another process has put there
since is ignored), where its texts begin, the key (day, config key, code) and the paths whose
rows are stale. Commands other than `list` never read it: a save that touched some files only
adds them to the stale paths (their rows are made again by the next `list`), so the file is
written only when `list` made many rows.
"""

from __future__ import annotations

import hashlib
import marshal
import os
from pathlib import Path

from network_md.core.errors import WriteError
from network_md.store.atomic import OVERWRITE, write_file
from network_md.store.layout import CACHE_DIR
from network_md.store.safeopen import open_regular, read_at

ROWS_NAME = "rows"
SHA1_SIZE = 20
NONE: tuple = ({}, b"")
# More stale paths than this (a cold index, a new folder): the rows are dropped instead.
MAX_STALE = 2_000
PIECE = 1 << 20  # the rows file is written this many bytes at a time


def sound_pointer(pointer) -> bool:
    """(SHA-1, where the texts begin, day, config key, code, stale paths): the head's pointer."""
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


def read_rows(root: Path, pointer: tuple) -> tuple[dict, memoryview]:
    """(path -> (meta, (start, end)), the texts) of the rows file the pointer names, the stale
    paths left out; NONE when it is missing or not the one the pointer names. Each row's shape
    is checked where it is used."""
    try:
        fd = open_regular(root / CACHE_DIR / ROWS_NAME)
    except OSError:
        return NONE
    digest, split, stale = pointer[0], pointer[1], pointer[5]
    try:
        size = os.fstat(fd).st_size
        if split > size:
            return NONE
        # read apart: the metas' bytes are freed once loaded, the texts alone stay
        head = read_at(fd, split, 0)
        texts = read_at(fd, size - split, split)
    except OSError:
        return NONE
    finally:
        os.close(fd)
    seal = hashlib.sha1(head)
    seal.update(texts)
    if len(head) + len(texts) != size or seal.digest() != digest:
        return NONE
    try:
        rows = marshal.loads(head)
    except (ValueError, TypeError, EOFError):
        return NONE
    del head
    if type(rows) is not dict:
        return NONE
    for path in stale:
        rows.pop(path, None)
    return rows, memoryview(texts)


def written(root: Path, rows: dict, texts, key: tuple) -> tuple | None:
    """Write the rows file of rows path -> (meta, text), a text its bytes, (start, end) in
    `texts` (the stored texts they were read with) or None (not made); the head's pointer to
    it, None where it cannot be written. The texts are written in pieces as they are joined,
    never all at once: the file is as large as the items (100 MB at 100,000 contacts)."""
    metas, size = {}, 0
    for path, (meta, text) in rows.items():
        if text is None:  # a row whose item is still to be made
            metas[path] = (meta, None)
            continue
        length = len(text) if type(text) is bytes else text[1] - text[0]
        metas[path] = (meta, (size, size + length))
        size += length
    head = marshal.dumps(metas)
    del metas
    seal = hashlib.sha1(head)

    def pieces():
        yield head
        for piece in _texts(rows, texts):
            seal.update(piece)
            yield piece

    try:
        (root / CACHE_DIR).mkdir(exist_ok=True)  # a first run: the index cache is written next
        # no fsync: a file torn by a crash fails its SHA-1 and is made again
        write_file(root / CACHE_DIR / ROWS_NAME, pieces(), OVERWRITE, root, sync=False)
    except (OSError, WriteError):
        return None
    return (seal.digest(), len(head), *key, ())


def _texts(rows: dict, texts, batch: int = PIECE):
    """The rows' texts one after the other, in pieces of about `batch` bytes."""
    pieces, size = [], 0
    for _, text in rows.values():
        if text is None:
            continue
        pieces.append(text if type(text) is bytes else texts[text[0] : text[1]])
        size += len(pieces[-1])
        if size >= batch:
            yield b"".join(pieces)
            pieces, size = [], 0
    if pieces:
        yield b"".join(pieces)


def with_stale(pointer: tuple, touched: set) -> tuple | None:
    """The pointer with `touched` among its stale paths; None when they grow too many."""
    stale = set(pointer[5]) | touched
    if len(stale) > MAX_STALE:
        return None
    return (*pointer[:5], tuple(sorted(stale)))
