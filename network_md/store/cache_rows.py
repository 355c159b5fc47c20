"""`list`'s rows, kept in the index cache's tail for one evaluation day and one config.

The store only keeps them: path -> (meta, text), meta a marshal-able value and text a string
that the render layer makes (render/listrows.py). They lie in the tail as one blob: the metas
marshalled (path -> (meta, (start, end))), then the texts one after the other as UTF-8 (read as
bytes, never decoded unless printed). The head holds where the blob lies, where its texts
begin, its SHA-1 (the head is sealed, so the blob is used only as its writer wrote it), and
the day, config key and code the rows were made for. A row describes its contact as the cache's
record of the same file has it: the row of a file re-read (or whose daily-note entries moved)
since is dropped when the cache is saved, never saved stale, and made again by the next `list`.
"""

from __future__ import annotations

import hashlib
import marshal

SHA1_SIZE = 20
NONE: tuple = ({}, b"")


def sound_where(where) -> bool:
    """(offset, length, where its texts begin, SHA-1, day, config key, code): the head's
    pointer (the code: a stamp of the modules that make rows, so an upgrade makes them anew)."""
    return (
        type(where) is tuple
        and len(where) == 7
        and all(type(v) is int and v >= 0 for v in where[:3])
        and where[2] <= where[1]
        and type(where[3]) is bytes
        and len(where[3]) == SHA1_SIZE
        and type(where[4]) is int
        and type(where[5]) is str
        and type(where[6]) is str
    )


def decoded(blob, split: int, digest: bytes) -> tuple[dict, memoryview]:
    """(path -> (meta, (start, end)), the texts) in `blob` when it is as written; else NONE.
    Each row's shape is checked where it is used (a warm `list` reads 100,000 of them)."""
    if hashlib.sha1(blob).digest() != digest:
        return NONE
    try:
        rows = marshal.loads(blob[:split])
    except (ValueError, TypeError, EOFError):
        return NONE
    return (rows, blob[split:]) if type(rows) is dict else NONE


def encoded(rows: dict, texts) -> tuple[bytes, int]:
    """(blob, where its texts begin) of rows path -> (meta, text), a text being a string or
    (start, end) in `texts`, the kept texts it was read from."""
    metas, chunks, size = {}, [], 0
    for path, (meta, text) in rows.items():
        data = (
            text.encode("utf-8", "surrogatepass") if type(text) is str else texts[text[0] : text[1]]
        )
        metas[path] = (meta, (size, size + len(data)))
        chunks.append(data)
        size += len(data)
    head = marshal.dumps(metas)
    return head + b"".join(chunks), len(head)


def to_save(rows: dict, contacts: set, touched: set, fresh: bool) -> dict:
    """The rows a save keeps: only contacts' (every path in `contacts` holds one), and, unless
    they were all made or checked since the files were read (`fresh`), none of a path touched
    since."""
    if fresh:
        return {p: r for p, r in rows.items() if p in contacts}
    return {p: r for p, r in rows.items() if p in contacts and p not in touched}
