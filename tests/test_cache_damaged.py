"""The index cache never changes an answer when it is damaged, foreign, of another version, or
malformed behind good checksums: it is ignored and rebuilt."""

from __future__ import annotations

import json
import marshal
import random
import sys
from pathlib import Path

import pytest
from cache_helpers import (
    BOB,
    CONFIG,
    FILES,
    HEAD_AT,
    READS,
    assert_cache_intact,
    assert_same,
    built,
    cache_sound,
    flip,
    join_cache,
    leftovers,
    outcome,
    rewrite_same_size,
    split_cache,
    team,
)
from helpers import age

from network_md.store.cache import MAGIC, cache_path
from network_md.store.cache_check import sealed

# --- a damaged, foreign or other-version cache ---------------------------------------------------


def _damage(raw: bytes, how: str) -> bytes:
    head, tail = split_cache(raw)
    head_at, tail_at = HEAD_AT, HEAD_AT + len(head)
    rng = random.Random(how)
    if how == "random":
        return rng.randbytes(len(raw))
    if how == "magic-then-random":
        return MAGIC + rng.randbytes(len(raw) - len(MAGIC))
    if how == "empty":
        return b""
    if how.startswith("truncated-"):
        cut = {
            "magic": len(MAGIC) - 1,
            "sizes": len(MAGIC) + 10,
            "head-start": head_at,
            "head-middle": head_at + len(head) // 2,
            "head-end": tail_at,
            "tail-middle": tail_at + len(tail) // 2,
            "last-byte": len(raw) - 1,
        }[how.removeprefix("truncated-")]
        return raw[:cut]
    if how == "appended":
        return raw + b"\n"
    if how.startswith("flip-"):
        where = how.removeprefix("flip-")
        at = {
            "magic": 3,
            "head-length": len(MAGIC) + 7,
            "head-checksum": len(MAGIC) + 9,
            "tail-length": len(MAGIC) + 19,
            "tail-checksum": len(MAGIC) + 23,
            "head-first": head_at,
            "head-middle": head_at + len(head) // 2,
            "head-last": tail_at - 1,
            "head-path": head_at + head.index(b"people/ada.md") + 8,
            "tail-first": tail_at,
            "tail-middle": tail_at + len(tail) // 2,
            "tail-last": len(raw) - 1,
            "tail-name": tail_at + tail.index(b"Ada Lovelace") + 11,
            "tail-random": tail_at + rng.randrange(len(tail)),
        }[where]
        return flip(raw, at)
    raise AssertionError(how)


# Damage found when the cache is opened (magic, lengths, head checksum): the whole cache is
# ignored, and the first run writes a new one.
DAMAGES = [
    "random",
    "magic-then-random",
    "empty",
    "appended",
    *(f"truncated-{w}" for w in ("magic", "sizes", "head-start", "head-middle", "head-end", "tail-middle", "last-byte")),
    *(
        f"flip-{w}"
        for w in (
            "magic", "head-length", "head-checksum", "tail-length",
            "head-first", "head-middle", "head-last", "head-path",
        )
    ),
]  # fmt: skip
# Damage inside the tail (the per-file records and contributions), found by its checksum only
# when a record or contribution is first needed.
TAIL_DAMAGES = [f"flip-tail-{w}" for w in ("checksum", "first", "middle", "last", "name", "random")]


@pytest.mark.parametrize("first", ["status", "list"])
@pytest.mark.parametrize("how", DAMAGES)
def test_damaged_cache_is_ignored_and_rebuilt(make_vault, run, how, first):
    root = built(make_vault, run)
    before = assert_same(run, root)
    path = cache_path(root)
    damaged = _damage(path.read_bytes(), how)
    path.write_bytes(damaged)
    order = sorted(READS, key=lambda a: a[0] != first)
    assert assert_same(run, root, order) == before
    assert path.read_bytes() != damaged
    assert_cache_intact(root)
    assert cache_sound(root)
    assert leftovers(root) == []


@pytest.mark.parametrize("first", ["status", "list", "show"])
@pytest.mark.parametrize("how", TAIL_DAMAGES)
def test_damaged_cache_tail_never_gives_a_wrong_answer(make_vault, run, how, first):
    """A flipped byte in a record (e.g. inside "Ada Lovelace") would show as a wrong name, count
    or date if the tail's checksum were not checked before the record is decoded."""
    root = built(make_vault, run)
    before = assert_same(run, root)
    path = cache_path(root)
    path.write_bytes(_damage(path.read_bytes(), how))
    order = sorted(READS, key=lambda a: a[0] != first)
    for _ in range(2):
        assert assert_same(run, root, order) == before
    assert leftovers(root) == []
    # a file changes: the summary cannot be patched from the damaged tail, so it is rebuilt,
    # and the cache with it
    (root / "people/bob.md").write_text(BOB + "- 2026-11-26 got: finally\n")
    assert_same(run, root, [("status", "--json"), *order])
    assert_cache_intact(root)


@pytest.mark.parametrize("how", TAIL_DAMAGES)
def test_damaged_cache_tail_is_rebuilt_in_a_large_vault(make_vault, run, how):
    root = built(make_vault, run, files={**FILES, **team(30)})
    path = cache_path(root)
    path.write_bytes(_damage(path.read_bytes(), how))
    assert_same(run, root)  # every reading command once, list and show among them
    assert_cache_intact(root)
    assert cache_sound(root)


@pytest.mark.parametrize("how", TAIL_DAMAGES)
def test_damaged_cache_tail_is_rebuilt(make_vault, run, how):
    root = built(make_vault, run)
    path = cache_path(root)
    path.write_bytes(_damage(path.read_bytes(), how))
    assert_same(run, root)  # every reading command once, list and show among them
    assert_cache_intact(root)


@pytest.mark.parametrize(
    "how",
    ["flip-tail-middle", "flip-tail-name", "flip-head-middle", "truncated-tail-middle", "empty"],
)
def test_damaged_cache_then_a_file_changes(make_vault, run, how):
    """The summary is patched from the cached contributions of the changed files: from a damaged
    tail they must not be trusted."""
    root = built(make_vault, run)
    path = cache_path(root)
    path.write_bytes(_damage(path.read_bytes(), how))
    rewrite_same_size(
        root / "people/ada.md", "2026-11-20 got (20m)", "2026-11-20 met (20m)", keep_mtime=True
    )
    (root / "people/bob.md").unlink()
    assert_same(run, root, [("status", "--json"), ("status", "--json"), *READS])
    age(root)
    assert_same(run, root)
    assert_same(run, root, today="2026-11-28")


@pytest.mark.parametrize(
    "content",
    [
        b"{}",
        b'{"files": {}}\n',
        marshal.dumps({"files": {}}),
        b"network-md index\n",
        b"\x00" * 4096,
    ],
    ids=["json", "json-files", "bare-marshal", "magic-like", "zeros"],
)
def test_foreign_cache_file(make_vault, run, content):
    root = built(make_vault, run)
    before = assert_same(run, root)
    cache_path(root).write_bytes(content)
    assert assert_same(run, root) == before
    assert cache_sound(root)


def test_directory_where_the_cache_file_should_be(make_vault, run):
    root = built(make_vault, run)
    before = assert_same(run, root)
    path = cache_path(root)
    path.unlink()
    path.mkdir()
    (path / "something").write_text("the user's")
    assert assert_same(run, root) == before
    (root / "people/bob.md").write_text(BOB + "- 2026-11-26 got: finally\n")
    assert_same(run, root)
    assert path.is_dir() and (path / "something").read_text() == "the user's"
    assert leftovers(root) == []  # no temporary file left behind


def test_cache_folder_is_a_file(make_vault, run):
    root = make_vault(FILES, config=CONFIG)
    (root / ".network-md").write_text("not a folder")
    assert_same(run, root)
    assert (root / ".network-md").read_text() == "not a folder"


def _forge(root: Path, mutate, magic: bytes = MAGIC) -> None:
    """Rewrite the cache with its head changed by `mutate` and valid checksums; its summary made
    wrong as well, so that a cache wrongly accepted shows in the output."""
    head, tail = split_cache(cache_path(root).read_bytes())
    data = marshal.loads(head)
    summary = data["summary"]
    summary["contacts"] += 7
    summary["flags"] = []
    rels = summary["relationships"] = dict.fromkeys(summary["relationships"], 0)
    rels[next(iter(rels))] = summary["contacts"]  # wrong, yet consistent
    mutate(data)
    cache_path(root).write_bytes(join_cache(sealed(marshal.dumps(data)), tail, magic))


OTHER_VERSIONS = {
    "older-magic": (lambda d: None, b"network-md index 0\n"),
    "newer-magic": (lambda d: None, MAGIC.replace(b"index ", b"index 1")),
    "python-version": (lambda d: d.update(python=[3, 99, sys.byteorder]), MAGIC),
    "byte-order": (
        lambda d: d.update(
            python=[*sys.version_info[:2], "big" if sys.byteorder == "little" else "little"]
        ),
        MAGIC,
    ),
    "code-stamp": (lambda d: d.update(code=[0] * len(d["code"])), MAGIC),
}


@pytest.mark.parametrize("version", sorted(OTHER_VERSIONS))
def test_cache_of_another_version_is_ignored_and_rebuilt(make_vault, run, version):
    root = built(make_vault, run)
    before = assert_same(run, root)
    mutate, magic = OTHER_VERSIONS[version]
    _forge(root, mutate, magic)
    assert assert_same(run, root) == before
    assert cache_path(root).read_bytes().startswith(MAGIC)
    assert cache_sound(root)


def test_forged_summary_is_what_a_current_cache_would_show(make_vault, run):
    """The control for the test above: the same forgery with nothing else changed IS believed
    (the cache is in use), so the other-version tests can fail."""
    root = built(make_vault, run)
    before = assert_same(run, root, [("status", "--json")])
    _forge(root, lambda d: None)
    forged = run(root, "status", "--json")
    assert outcome(forged) != before[("status", "--json")]
    assert (
        json.loads(forged.stdout)["contacts"]
        == json.loads(before[("status", "--json")][1])["contacts"] + 7
    )


# --- a head that passes its checksums but is not what this code writes ---------------------------

MALFORMED_HEADS = {
    "files-not-tuples": lambda d: d["files"].update(dict.fromkeys(d["files"], "junk")),
    "files-short-tuple": lambda d: d["files"].update({k: (v[0],) for k, v in d["files"].items()}),
    "stamp-wrong-size": lambda d: d["files"].update(
        {k: (v[0][:5], v[1]) for k, v in d["files"].items()}
    ),
    "problems-malformed": lambda d: d["files"].update(
        {k: (v[0], (("x",), 3)) for k, v in d["files"].items()}
    ),
    "path-not-text": lambda d: d["files"].update({7: next(iter(d["files"].values()))}),
    "config-key-missing": lambda d: d.pop("config_key"),
    "summary-not-a-dict": lambda d: d.update(summary="junk"),
    "summary-missing-key": lambda d: d["summary"].pop("flags"),
    "summary-flags-junk": lambda d: d["summary"].update(flags=[("one-way",), 5]),
    "summary-days-junk": lambda d: d["summary"].update(day_counts={"x": None}),
    "summary-relationships-junk": lambda d: d["summary"].update(relationships={"friends": 1}),
    "config-junk": lambda d: d.update(config=("x",) * 40),
}


@pytest.mark.parametrize("how", sorted(MALFORMED_HEADS))
def test_a_malformed_head_with_good_checksums_is_ignored_and_rebuilt(make_vault, run, how):
    root = built(make_vault, run)
    before = assert_same(run, root)
    head, tail = split_cache(cache_path(root).read_bytes())
    data = marshal.loads(head)
    MALFORMED_HEADS[how](data)
    cache_path(root).write_bytes(join_cache(sealed(marshal.dumps(data)), tail))
    assert assert_same(run, root) == before  # no internal error, the same answers
    assert cache_sound(root)
