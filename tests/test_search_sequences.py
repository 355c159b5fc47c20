"""Random vaults and random sequences of edits (seq_helpers' steps, a tag renamed in place,
damage to the search cache): `search` answers the same from its cache as with `--no-cache`
after each step, for text terms, fact terms (`tag:`, `name:`, `company:`, ...) and the terms
that ask a contact's numbers or log."""

from __future__ import annotations

import os
import shutil
import tempfile
import time
from pathlib import Path

from cache_helpers import assert_same, flip
from helpers import age
from hypothesis import given, note
from hypothesis import strategies as st
from seq_helpers import SEQ_CONFIGS, SEQ_DAYS, SEQ_PATHS, contact_text, sequence_settings, step

from network_md.store.scan import cache_path

TERMS = [
    "ada", "bob", "cyd ng", "zoe", "emile", "some words", "note", "cafe", "x", "intro", "coffee",
    "tag:a", "tag:b", "tag:#b", "tags:c", "name:ada", "name:d", "alias:ada2", "alias:2",
    "company:x", "title:x", "email:x", "circle:inner", "relationship:one-way", "kind:gave",
    "kind:coffee", "nobody",
]  # fmt: skip
# Same-size renames of a tag, so that only ctime (or nothing but the bytes) tells the change.
TAG_SWAPS = [(b"[a, ", b"[c, "), (b"[c, ", b"[a, "), (b"'#b'", b"'#d'"), (b"'#d'", b"'#b'")]


def searches(data) -> list[tuple[str, ...]]:
    terms = data.draw(st.lists(st.sampled_from(TERMS), min_size=1, max_size=3), label="terms")
    return [("search", *terms, "--json"), ("search", *terms), ("search", *terms, "--all")]


def search_step(data, root: Path, state: dict) -> str:
    """A step of seq_helpers, or one aimed at search: a tag renamed in place (same size, same
    mtime), the search cache damaged."""
    op = data.draw(st.sampled_from(["any", "any", "any", "tag", "damage"]), label="op")
    if op == "any":
        return step(data, root, state)
    if op == "tag":
        files = [p for p in sorted(root.rglob("*.md")) if p.is_file() and not p.is_symlink()]
        for path in files:
            raw = path.read_bytes()
            for old, new in TAG_SWAPS:
                if old in raw:
                    before = path.stat()
                    path.write_bytes(raw.replace(old, new, 1))
                    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
                    return f"tag {old!r} -> {new!r} in {path.relative_to(root)}, mtime kept"
        return "tag: none to rename"
    path = cache_path(root)
    if not path.is_file():
        return "damage the search cache: none yet"
    raw = path.read_bytes()
    how = data.draw(st.sampled_from(["truncate", "flip", "empty", "delete"]), label="damage")
    if how in ("truncate", "flip") and not raw:
        how = "delete"  # nothing to cut or flip in an empty file
    if how == "truncate":
        path.write_bytes(raw[: data.draw(st.integers(0, len(raw) - 1), label="length")])
    elif how == "flip":
        path.write_bytes(flip(raw, data.draw(st.integers(0, len(raw) - 1), label="at")))
    elif how == "empty":
        path.write_bytes(b"")
    else:
        path.unlink()
    return f"damage the search cache: {how}"


@sequence_settings(30)
@given(data=st.data())
def test_random_sequences_search_the_same_with_and_without_the_cache(run, data):
    base = Path(tempfile.mkdtemp(prefix="network-md-search-seq-"))
    try:
        root = base / "vault"
        root.mkdir()
        (root / ".network-md.yaml").write_text(
            data.draw(st.sampled_from([c for c in SEQ_CONFIGS if c]), label="config")
        )
        for rel in data.draw(
            st.lists(st.sampled_from(SEQ_PATHS), min_size=1, max_size=6, unique=True), label="files"
        ):
            (root / rel).parent.mkdir(parents=True, exist_ok=True)
            (root / rel).write_bytes(data.draw(contact_text(), label="content"))
        state = {"today": SEQ_DAYS[0]}
        if data.draw(st.booleans(), label="old files"):
            age(root)
        if data.draw(st.integers(0, 4), label="wait") == 0:
            # no file is racy any more (ctime too): the first search keeps their stamps, trusted
            # by the next ones, so only a stamp that moved tells an edit; else every file is
            # racy, kept unstamped and read again each time
            time.sleep(2.1)
        for i in range(data.draw(st.integers(1, 6), label="steps") + 1):
            if i:
                note(f"step {i}: {search_step(data, root, state)}")
            assert_same(run, root, searches(data), today=state["today"])
    finally:
        shutil.rmtree(base)
