"""The rows file (`.network-md/rows`): written in pieces, read back as written, its metas
apart from its texts; a write that stops midway leaves the rows that were there."""

from __future__ import annotations

import hashlib
import marshal

import pytest
from cache_helpers import FILES, team
from helpers import age

from network_md.store.cache import Cache, cache_path
from network_md.store.cache_rows import METAS, PIECE, _loaded, _metas, _texts, read_rows, written

KEY = (739947, "config-key", "code")
BIG = "x" * (PIECE // 3)  # a field this long: a few contacts' items fill several pieces


def _meta(n: int) -> tuple:
    return (("people/p.md", n), "cells", b"\x01", True, False, ("", 0))


def _rows_of(root) -> tuple:
    """(rows, texts) as the cache's head points at them."""
    cache = Cache(root)
    pointer = cache.head["rows"]
    return read_rows(root, pointer), pointer


@pytest.mark.parametrize("count", [0, 1, 7, 40])
def test_rows_written_in_pieces_read_back_as_they_were(tmp_path, count):
    """Items made now (bytes), kept ones (where they lie in the texts read before) and rows
    with no item yet, in many pieces: each comes back as it was, the pointer naming the file."""
    old = b"".join(b"kept %d " % i + BIG.encode() for i in range(count))
    spans, at = [], 0
    for i in range(count):
        size = len(b"kept %d " % i) + len(BIG)
        spans.append((at, at + size))
        at += size
    rows, want = {}, {}
    for i in range(count):
        made = b"made \xc3\xa9 %d " % i + BIG.encode()
        rows[f"people/m{i}.md"], want[f"people/m{i}.md"] = (_meta(i), made), made
        rows[f"people/k{i}.md"], want[f"people/k{i}.md"] = (
            (_meta(i), spans[i]),
            old[slice(*spans[i])],
        )
        rows[f"people/n{i}.md"], want[f"people/n{i}.md"] = (_meta(i), None), None
    pointer = written(tmp_path, rows, memoryview(old), KEY)
    blob = (tmp_path / ".network-md" / "rows").read_bytes()
    assert pointer == (hashlib.sha1(blob).digest(), pointer[1], *KEY, ())
    # the texts first, then the metas: each row's text released as it was written
    assert _loaded(blob[pointer[1] :]).keys() == want.keys()
    assert all(r[1] is None or type(r[1]) is tuple for r in rows.values())
    back, texts = read_rows(tmp_path, pointer)
    assert back == rows
    for path, (meta, where) in back.items():
        assert meta == _meta(int(path.split("/")[1][1:-3]))
        assert (None if where is None else bytes(texts[where[0] : where[1]])) == want[path]
    # the texts alone stay in memory: the metas' bytes are not held with them
    assert len(texts.obj) == pointer[1]


@pytest.mark.parametrize("batch", [1, 10, 1000, PIECE])
def test_the_texts_come_in_pieces_of_about_the_batch(batch):
    old = b"0123456789" * 50
    rows = {f"p{i}": (None, b"item %d;" % i if i % 3 else (i, i + 17)) for i in range(60)}
    rows["none"] = (None, None)
    want = b"".join(t if type(t) is bytes else old[t[0] : t[1]] for _, t in rows.values() if t)
    made = [p for p, (_, t) in rows.items() if type(t) is bytes]
    pieces = list(_texts(rows, memoryview(old), batch))
    assert b"".join(pieces) == want
    # each text, once written, is where it lies among them: none is held twice
    assert all(type(rows[p][1]) is tuple for p in made) and rows["none"] == (None, None)
    assert all(len(p) >= batch for p in pieces[:-1])
    assert all(len(p) < batch + 20 for p in pieces)  # never more than one item past it


def _big_vault(make_vault):
    """Contacts whose items are long: the rows file takes several pieces."""
    bios = {
        f"people/bio{i}.md": f"---\nname: Bio {i}\nbio: {BIG}{i}\n---\n- 2026-11-0{i + 1} met: x\n"
        for i in range(6)
    }
    root = make_vault({**FILES, **team(12), **bios})
    age(root)
    return root


def test_a_rows_file_of_many_pieces_lists_as_without_the_cache(make_vault, run):
    root = _big_vault(make_vault)
    fresh = {a: run(root, "--no-cache", "list", *a).stdout for a in [(), ("--json",)]}
    assert run(root, "list", "--json").stdout == fresh[("--json",)]
    (rows, texts), pointer = _rows_of(root)
    assert len(texts) > 2 * PIECE
    assert run(root, "list").stdout == fresh[()]  # the kept items copied into the new file
    (rows, texts), again = _rows_of(root)
    assert again != pointer and len(texts) > 2 * PIECE
    for args, want in fresh.items():
        assert run(root, "list", *args).stdout == want


def test_a_torn_rows_file_is_made_again(make_vault, run):
    """A rows file cut short (a crash after a write without fsync): its SHA-1 is not the
    head's, so `list` makes the rows again, prints what `--no-cache` prints, and keeps them."""
    root = _big_vault(make_vault)
    run(root, "list", "--json")
    rows_file = cache_path(root).parent / "rows"
    blob = rows_file.read_bytes()
    (rows, texts), _ = _rows_of(root)
    for cut in (len(blob) // 2, len(blob) - 1, PIECE):
        rows_file.write_bytes(blob[:cut])
        assert read_rows(root, Cache(root).head["rows"]) == ({}, b"")
        fresh = run(root, "--no-cache", "list", "--json").stdout
        assert run(root, "list", "--json").stdout == fresh
        assert _rows_of(root)[0] == (rows, texts)  # made again, whole


@pytest.mark.parametrize("count", [1, 3, METAS])
@pytest.mark.parametrize("size", [0, 1, 7, 2 * METAS + 1])
def test_the_metas_come_in_pieces_and_load_as_one(count, size):
    rows = {f"people/p{i}.md": (_meta(i), (i, i + 1) if i % 2 else None) for i in range(size)}
    pieces = list(_metas(rows, count))
    assert len(pieces) == -(-size // count)
    assert _loaded(b"".join(pieces)) == rows
    assert list(_loaded(b"".join(pieces))) == list(rows)  # in order: the texts' order


@pytest.mark.parametrize(
    "damage",
    [
        lambda b: b[:-1],  # cut short
        lambda b: b[:2],  # inside a length
        lambda b: (len(b) + 10).to_bytes(4, "big") + b[4:],  # a length past the end
        lambda b: b + len(m := marshal.dumps([1])).to_bytes(4, "big") + m,  # not a dict
        lambda b: b + (3).to_bytes(4, "big") + b"\xff\xff\xff",  # not marshal's
    ],
)
def test_metas_not_as_written_load_as_none(damage):
    blob = b"".join(_metas({"people/a.md": (_meta(1), None), "people/b.md": (_meta(2), (0, 1))}))
    assert _loaded(damage(blob)) is None


def _written_file(root, count: int = 30) -> tuple:
    """A rows file of `count` rows with items; (pointer, {path: item})."""
    rows = {f"people/p{i}.md": (_meta(i), b"item %d " % i + BIG.encode()) for i in range(count)}
    items = {p: t for p, (_, t) in rows.items()}
    return written(root, rows, b"", KEY), items


@pytest.mark.parametrize("texts", [True, False])
def test_the_texts_read_or_left_in_the_file_are_the_same(tmp_path, texts):
    """A table (`texts` False) leaves the items in the file: checked as whole, read a range at
    a time, only what is asked; the same bytes as the items read at once."""
    pointer, items = _written_file(tmp_path)
    rows, kept = read_rows(tmp_path, pointer, texts)
    assert len(kept) == pointer[1] and (type(kept) is memoryview) == texts
    for path, (_, (start, end)) in rows.items():
        assert bytes(kept[start:end]) == items[path]


@pytest.mark.parametrize("texts", [True, False])
@pytest.mark.parametrize("where", ["texts", "metas"])
def test_a_rows_file_damaged_anywhere_is_none_either_way(tmp_path, texts, where):
    pointer, _ = _written_file(tmp_path)
    path = tmp_path / ".network-md" / "rows"
    blob = bytearray(path.read_bytes())
    blob[pointer[1] // 2 if where == "texts" else (pointer[1] + len(blob)) // 2] ^= 1
    path.write_bytes(bytes(blob))
    assert read_rows(tmp_path, pointer, texts) == ({}, b"")
    path.write_bytes(bytes(blob[: pointer[1] - 1]))  # torn inside the texts
    assert read_rows(tmp_path, pointer, texts) == ({}, b"")


def test_items_left_in_a_file_replaced_since_are_never_copied(tmp_path):
    """A `list` left the kept items in the rows file; another process replaced the file
    before this one wrote its own: the items are never read from the new file, and no rows
    file is written with them (the next `list` makes them again)."""
    pointer, items = _written_file(tmp_path)
    rows, kept = read_rows(tmp_path, pointer, texts=False)
    other, _ = _written_file(tmp_path, 31)  # another writer's file in its place
    path = tmp_path / ".network-md" / "rows"
    theirs = path.read_bytes()
    with pytest.raises(OSError):
        kept[0:10]  # noqa: B018 - reading is the test
    assert written(tmp_path, dict(rows), kept, KEY) is None
    assert path.read_bytes() == theirs and read_rows(tmp_path, other)[0]
    assert [p.name for p in path.parent.iterdir()] == ["rows"]  # no temporary file left


def test_kept_ranges_one_after_another_are_read_as_one(tmp_path):
    """Copying the kept items of a file left on disk reads each run of adjacent ones at once,
    in pieces of about PIECE bytes, not one read per row."""
    pointer, items = _written_file(tmp_path, 40)
    rows, kept = read_rows(tmp_path, pointer, texts=False)
    reads = []

    class Counted:  # the file's texts, each read counted
        def __len__(self):
            return len(kept)

        def __getitem__(self, where):
            reads.append(where.stop - where.start)
            return kept[where]

    pieces = list(_texts(dict(rows), Counted()))
    assert b"".join(pieces) == b"".join(items.values())
    assert len(reads) == len(pieces) < len(items) and max(reads) < PIECE + len(BIG) + 20
