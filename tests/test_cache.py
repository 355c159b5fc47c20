"""The index cache never changes an answer (issue 5): correctness, never speed.

In every case a reading command prints the same thing (exit code, stdout, stderr) with the cache
as with `--no-cache`, for the same files, config and `--today`. The cache trusts a file while its
stamp (mtime, ctime, size, inode) is unchanged, and stores files modified less than RACY_NS ago
unstamped (read again next time); most tests therefore set file mtimes an hour back (`age`) so
that the trusted, cached path is the one exercised, and some run right after writing so that the
racy path is.
"""

from __future__ import annotations

import json
import marshal
import os
import random
import select
import shutil
import subprocess
import sys
import tempfile
import time
import zlib
from datetime import date, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import TODAY, as_unprivileged, script_path
from hypothesis import HealthCheck, given, note, settings
from hypothesis import strategies as st

from network_md.cli.main import cli
from network_md.core.model import KINDS
from network_md.store.cache import MAGIC, Cache, cache_path
from network_md.store.cache_check import sealed

T = TODAY.isoformat()  # 2026-11-27
CONFIG = "me: Pat\ncontacts: [people]\nkinds: {coffee: met, intro: gave}\none_way_gives: 3\n"

ADA = """---
name: Ada Lovelace
aliases: [Ada, Countess of Lovelace]
tags: [mentor, engineering]
circle: close
company: Analytical Engines Ltd
---
Met at the PyCon hallway track.

## Log
- 2026-10-02 asked: restaurant tip for Lisbon
- 2026-10-02 got: three places and a table booked for me
- 2026-11-20 got (20m): the structured-interviews book
- 2026-11-27 met (10m): coffee at the station
"""
BOB = "# Bob Builder\n\n## Log\n- 2026-09-01 gave: a\n- 2026-10-01 gave: b\n- 2026-11-01 gave (15m): c\n"
CYD = """---
name: Cyd Ng
---
- 2026-10-01 asked: an intro
- 2026-10-20 asked: a review
- 2026-10-21 declined: too busy
- 2026-11-05 asked: a coffee?
"""
DEE = "---\nname: Dee\ncircle: inner\n---\n- 2026-11-25 asked-me: a reference\n- 2026-11-26 coffee: chat\n"
EVE = "# Eve\n- 2025-01-10 met: conference\n- 2027-02-01 met: planned dinner\n"
FAY = "---\nname: [Fay\n---\n# Fay\n- 2026-02-30 gave: impossible\n- 2026-11-26 dinner (1h): unknown kind\n"
GUS = "---\nname: Gus\nsnooze_until: 2026-12-15\n---\n- 2026-11-01 got: x\n- 2026-11-02 got: y\n"
HAL = "---\nname: Hal\ncircle: wide\n---\n- 2026-06-01 met: x\n- 2026-06-02 got: y\n- 2026-06-03 thanked: z\n"
FILES = {
    "people/ada.md": ADA,
    "people/bob.md": BOB,
    "people/cyd.md": CYD,
    "people/dee.md": DEE,
    "people/old/eve.md": EVE,
    "people/fay.md": FAY,
    "people/gus.md": GUS,
    "people/hal.md": HAL,
    "people/board.md": "---\nnetwork-md: dashboard\n---\n# Board\n- 2026-11-27 gave: not a log\n",
    "notes/ivy.md": "# Ivy\n- 2026-11-26 got: outside the contacts folder\n",
}

READS = [
    ("status", "--json"),
    ("flags", "--json"),
    ("today", "--json"),
    ("list", "--json"),
    ("check", "--json"),
    ("show", "ada", "--json"),
    ("show", "bob", "--json"),
    ("status",),
]


# --- helpers ----------------------------------------------------------------------------------


def outcome(result) -> tuple:
    return result.exit_code, result.stdout, result.stderr


def assert_same(run, root: Path, commands=READS, today: str = T) -> dict:
    """Each command, cached then `--no-cache`: the same exit code, stdout and stderr. Returns
    the cached outcomes by command."""
    seen = {}
    for args in commands:
        cached = run(root, *args, today=today)
        fresh = run(root, "--no-cache", *args, today=today)
        assert "internal error" not in cached.stderr, (args, cached.stderr)
        assert outcome(cached) == outcome(fresh), (args, today)
        seen[args] = outcome(cached)
    return seen


def age(root: Path, seconds: int = 3600) -> None:
    """Every file (but the cache) modified `seconds` ago: no longer racy, so the cache trusts it."""
    when = time.time_ns() - seconds * 1_000_000_000
    for p in root.rglob("*"):
        if p.is_file() and ".network-md" not in p.relative_to(root).parts:
            os.utime(p, ns=(when, when))


def cache_sound(root: Path) -> bool:
    """The cache file is whole and current: every file's entry (head and tail) loads from it and
    none needs re-reading. Meaningful only when the files were not racy when it was written."""
    cache = Cache(root)
    index = cache.open_index()
    index.refresh()
    assert len(index.files) == len(index.paths())  # decodes every record: a bad one is re-read
    return not index.changed and not index.touched


HEAD_AT = len(MAGIC) + 24  # magic, then head length, head checksum, tail length, tail checksum


def split_cache(raw: bytes) -> tuple[bytes, bytes]:
    """(head, tail) of a cache file, checked against the layout cache.py documents."""
    n = len(MAGIC)
    assert raw.startswith(MAGIC)
    head_len = int.from_bytes(raw[n : n + 8], "big")
    head, tail = raw[HEAD_AT : HEAD_AT + head_len], raw[HEAD_AT + head_len :]
    assert zlib.adler32(head) == int.from_bytes(raw[n + 8 : n + 12], "big")
    assert len(tail) == int.from_bytes(raw[n + 12 : n + 20], "big")
    assert zlib.adler32(tail) == int.from_bytes(raw[n + 20 : n + 24], "big")
    return head, tail


def join_cache(head: bytes, tail: bytes, magic: bytes = MAGIC) -> bytes:
    """A cache file with valid lengths and checksums around `head` and `tail`."""
    return (
        magic
        + len(head).to_bytes(8, "big")
        + zlib.adler32(head).to_bytes(4, "big")
        + len(tail).to_bytes(8, "big")
        + zlib.adler32(tail).to_bytes(4, "big")
        + head
        + tail
    )


def assert_cache_intact(root: Path) -> dict:
    """The cache file is not corrupt: magic, lengths, both checksums, a head that loads."""
    head, _ = split_cache(cache_path(root).read_bytes())
    data = marshal.loads(head)
    assert isinstance(data, dict) and isinstance(data.get("files"), dict)
    return data


def leftovers(root: Path) -> list[str]:
    """Anything in the cache folder but the cache files and its .gitignore (temporary files)."""
    folder = cache_path(root).parent
    keep = {cache_path(root).name, "links", ".gitignore"}  # links: store/linkstate.py
    return sorted(p.name for p in folder.iterdir() if p.name not in keep) if folder.is_dir() else []


def built(make_vault, run, files=FILES, config=CONFIG) -> Path:
    """A vault whose files are an hour old, with a cache written by every reading command."""
    root = make_vault(files, config=config)
    age(root)
    assert_same(run, root)
    assert cache_sound(root)
    return root


def rewrite_same_size(path: Path, old: str, new: str, keep_mtime: bool) -> None:
    """Replace `old` by `new` (same length) in place: same size, same inode; mtime kept if asked."""
    assert len(old.encode()) == len(new.encode())
    before = path.stat()
    data = path.read_bytes()
    assert old.encode() in data
    path.write_bytes(data.replace(old.encode(), new.encode(), 1))
    if keep_mtime:
        os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    after = path.stat()
    assert after.st_size == before.st_size and after.st_ino == before.st_ino
    if keep_mtime:
        assert after.st_mtime_ns == before.st_mtime_ns


# --- content changes --------------------------------------------------------------------------


@pytest.mark.parametrize("first", ["status", "list", "today", "check"])
@pytest.mark.parametrize("keep_mtime", [False, True], ids=["mtime-moves", "mtime-set-back"])
def test_same_size_change_is_seen(make_vault, run, first, keep_mtime):
    root = built(make_vault, run)
    before = assert_same(run, root)
    # got -> met: the same size, but no thank flag for Ada any more and one `received` less
    rewrite_same_size(
        root / "people/ada.md", "2026-11-20 got (20m)", "2026-11-20 met (20m)", keep_mtime
    )
    order = sorted(READS, key=lambda a: a[0] != first)
    after = assert_same(run, root, order)
    assert after[("status", "--json")] != before[("status", "--json")]
    assert after[("show", "ada", "--json")] != before[("show", "ada", "--json")]
    assert '"thank"' not in after[("flags", "--json")][1]
    assert_same(run, root)  # and again, from the cache just written


def test_same_size_change_with_mtime_set_back_right_after_a_cached_run(make_vault, run):
    """The cache stored the file stamped (its mtime is old, so not racy) although it was written
    a moment ago; a second same-size edit with the mtime set back must still be seen (ctime)."""
    root = built(make_vault, run)
    path = root / "people/bob.md"
    for old, new in [
        ("gave: a", "gave: A"),
        ("2026-09-01 gave", "2026-11-26 gave"),
        ("gave: b", "thnx: b"),
    ]:
        rewrite_same_size(path, old, new, keep_mtime=True)
        assert_same(
            run,
            root,
            [
                ("status", "--json"),
                ("list", "--json"),
                ("check", "--json"),
                ("show", "bob", "--json"),
            ],
        )
    assert "thnx" in run(root, "check", "--json").stdout


def test_touch_without_change(make_vault, run):
    root = built(make_vault, run)
    before = assert_same(run, root)
    for when in (None, time.time_ns() - 7200 * 10**9):  # to now, then to another old time
        for name in ("ada", "bob", "cyd"):
            path = root / f"people/{name}.md"
            if when is None:
                path.touch()
            else:
                os.utime(path, ns=(when, when))
        for _ in range(2):
            assert assert_same(run, root) == before


@pytest.mark.parametrize("same_stamp", [False, True], ids=["new-content", "same-size-and-mtime"])
def test_file_replaced_by_rename(make_vault, run, same_stamp):
    """An editor's atomic save: a temporary file renamed over the original (a new inode)."""
    root = built(make_vault, run)
    before = assert_same(run, root)
    path = root / "people/ada.md"
    old = path.stat()
    text = path.read_text()
    new = (
        text.replace("2026-11-20 got", "2026-11-20 met")
        if same_stamp
        else text + "- 2026-11-26 thanked: a card\n"
    )
    tmp = path.with_name(".ada.md.swp")
    tmp.write_text(new)
    if same_stamp:
        os.utime(tmp, ns=(old.st_atime_ns, old.st_mtime_ns))
    os.replace(tmp, path)
    now = path.stat()
    assert now.st_ino != old.st_ino
    if same_stamp:
        assert (now.st_size, now.st_mtime_ns) == (old.st_size, old.st_mtime_ns)
    after = assert_same(run, root)
    assert after[("show", "ada", "--json")] != before[("show", "ada", "--json")]
    assert after[("flags", "--json")] != before[("flags", "--json")]


def test_file_replaced_by_rename_with_identical_bytes(make_vault, run):
    root = built(make_vault, run)
    before = assert_same(run, root)
    path = root / "people/cyd.md"
    old = path.stat()
    tmp = path.with_name(".cyd.tmp")
    tmp.write_bytes(path.read_bytes())
    os.utime(tmp, ns=(old.st_atime_ns, old.st_mtime_ns))
    os.replace(tmp, path)
    assert assert_same(run, root) == before


def test_file_deleted(make_vault, run):
    root = built(make_vault, run)
    before = assert_same(run, root)
    (root / "people/bob.md").unlink()
    after = assert_same(run, root)
    assert after[("status", "--json")] != before[("status", "--json")]
    assert "bob.md" not in after[("list", "--json")][1]
    assert after[("show", "bob", "--json")][0] == 2  # no such contact any more
    assert_same(run, root)


def test_file_created(make_vault, run):
    root = built(make_vault, run)
    before = assert_same(run, root)
    (root / "people/new").mkdir()
    (root / "people/new/jo.md").write_text(
        "# Jo\n- 2026-11-20 got: advice\n- 2026-11-21 got: more\n"
    )
    after = assert_same(run, root)
    assert after[("status", "--json")] != before[("status", "--json")]
    assert "people/new/jo.md" in after[("flags", "--json")][1]
    age(root)
    assert_same(run, root)
    assert_cache_intact(root)


def test_file_renamed(make_vault, run):
    root = built(make_vault, run)
    os.replace(root / "people/ada.md", root / "people/ada-lovelace.md")
    after = assert_same(run, root)
    assert "people/ada-lovelace.md" in after[("list", "--json")][1]
    assert '"people/ada.md"' not in after[("list", "--json")][1]


@pytest.mark.parametrize(
    "old, new",
    [("people/old", "people/archive"), ("people", "folks"), ("notes", "people/notes")],
)
def test_folder_renamed(make_vault, run, old, new):
    root = built(make_vault, run)
    before = assert_same(run, root)
    (root / new).parent.mkdir(parents=True, exist_ok=True)
    os.rename(root / old, root / new)
    after = assert_same(run, root)
    assert after[("list", "--json")] != before[("list", "--json")]
    age(root)
    assert_same(run, root)
    os.rename(root / new, root / old)  # and back: the very files (same inodes) at the old paths
    assert assert_same(run, root) == before


@pytest.mark.parametrize(
    "path, old, new",
    [
        (
            "people/board.md",
            "network-md: dashboard",
            "network-md: dashboarx",
        ),  # dashboard <-> contact
        ("people/bin.md", "\x00", "x"),  # binary <-> contact
        (
            "people/big.md",
            "<!-- " + "z" * 1_048_600 + " -->",
            "<!-- z -->",
        ),  # over 1 MiB <-> contact
    ],
    ids=["dashboard", "binary", "huge"],
)
def test_a_file_that_is_not_a_contact_becomes_one_and_back(make_vault, run, path, old, new):
    files = {
        **FILES,
        "people/bin.md": "# Bin\n\x00- 2026-11-20 got: x\n",
        "people/big.md": "# Big\n<!-- " + "z" * 1_048_600 + " -->\n- 2026-11-20 got: x\n",
    }
    root = built(make_vault, run, files=files)
    before = assert_same(run, root)
    target = root / path
    text = target.read_text()
    if len(old) == len(new):
        rewrite_same_size(target, old, new, keep_mtime=True)
    else:
        target.write_text(text.replace(old, new))
    after = assert_same(run, root)
    assert after[("list", "--json")] != before[("list", "--json")]
    target.write_text(text)
    if len(old) == len(new):
        os.utime(target, ns=(time.time_ns() - 3600 * 10**9,) * 2)
    assert assert_same(run, root) == before


def test_file_swapped_with_another(make_vault, run):
    """Two files exchange places (three renames): sizes may differ, paths stay, inodes move."""
    root = built(make_vault, run)
    a, b = root / "people/cyd.md", root / "people/dee.md"
    os.rename(a, root / "people/.swap")
    os.rename(b, a)
    os.rename(root / "people/.swap", b)
    assert_same(run, root)


# --- config -----------------------------------------------------------------------------------


CONFIG_CHANGES = {
    "one_way_gives-same-size": ("one_way_gives: 3", "one_way_gives: 4"),
    "kind-word-remapped": ("coffee: met", "coffee: got"),
    "kind-word-removed": ("kinds: {coffee: met, intro: gave}", "kinds: {intro: gave}"),
    "contacts-widened": ("contacts: [people]", "contacts: [people, notes]"),
    "ignore-added": ("contacts: [people]", "contacts: [people]\nignore: ['people/old/**']"),
    "circles-changed": (
        "me: Pat",
        "me: Pat\ncircles: {inner: 1, close: 30, wide: 20, contact: none}",
    ),
    "window-shortened": ("me: Pat", "me: Pat\nwindow_days: 40\nlookback_days: 3"),
    "daily-changed": ("me: Pat", "me: Pat\ndaily: {minutes: 60, items: 1, default_minutes: 30}"),
    "dashboard-named": ("me: Pat", "me: Pat\ndashboard: people/hal.md"),
    "comment-only": ("me: Pat", "me: Pat  # the same meaning"),
}


@pytest.mark.parametrize("keep_mtime", [False, True], ids=["mtime-moves", "mtime-set-back"])
@pytest.mark.parametrize("change", sorted(CONFIG_CHANGES))
def test_config_change(make_vault, run, change, keep_mtime):
    root = built(make_vault, run)
    before = assert_same(run, root)
    cfg = root / ".network-md.yaml"
    old_stat = cfg.stat()
    old, new = CONFIG_CHANGES[change]
    assert old in CONFIG
    cfg.write_text(CONFIG.replace(old, new, 1))
    if keep_mtime:
        os.utime(cfg, ns=(old_stat.st_atime_ns, old_stat.st_mtime_ns))
    after = assert_same(run, root)
    if change == "comment-only":
        assert after == before
    else:
        assert after != before
    assert_same(run, root)
    cfg.write_text(CONFIG)  # and back
    assert assert_same(run, root) == before


def test_config_deleted_created_and_made_invalid(make_vault, run):
    root = built(make_vault, run)
    before = assert_same(run, root)
    cfg = root / ".network-md.yaml"
    cfg.unlink()  # defaults: the whole vault, no kind words
    without = assert_same(run, root)
    assert without != before
    cfg.write_text("one_way_gives: many\n")  # a bad config: exit 2 for every reading command
    bad = assert_same(run, root, [("status", "--json"), ("list", "--json")])
    assert all(code == 2 for code, _, _ in bad.values())
    cfg.write_text(CONFIG)
    assert assert_same(run, root) == before
    cfg.write_text("kinds: {coffee: got}\nunknown_key: 1\n")  # a warning about the config itself
    assert "unknown_key" in assert_same(run, root)[("check", "--json")][1]


# --- a damaged, foreign or other-version cache ---------------------------------------------------


def _flip(raw: bytes, at: int) -> bytes:
    return raw[:at] + bytes([raw[at] ^ 0x01]) + raw[at + 1 :]


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
        return _flip(raw, at)
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
    root = built(make_vault, run, files={**FILES, **_team(30)})
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


# --- read-only vault ----------------------------------------------------------------------------


@pytest.fixture
def world_readable_dir():
    """A folder under the system temp dir that `nobody` can reach (tmp_path may not be)."""
    base = Path(tempfile.mkdtemp(prefix="network-md-cache-test-"))
    os.chmod(base, 0o755)
    yield base
    for p in [base, *base.rglob("*")]:
        if p.is_dir() and not p.is_symlink():
            os.chmod(p, 0o755)
    shutil.rmtree(base)


def _invoke_all(root: Path, commands=READS, today: str = T) -> list:
    """Each command cached then `--no-cache`, in this process, as plain lists (for the pipe)."""
    out = []
    for args in commands:
        for extra in ((), ("--no-cache",)):
            r = CliRunner().invoke(cli, ["--vault", str(root), "--today", today, *extra, *args])
            out.append([list(args), list(extra), r.exit_code, r.stdout, r.stderr])
    return out


def _compare_pairs(results: list) -> None:
    for cached, fresh in zip(results[::2], results[1::2]):
        assert cached[1] == [] and fresh[1] == ["--no-cache"]
        assert "internal error" not in cached[4], cached
        assert cached[2:] == fresh[2:], cached[0]


@pytest.mark.parametrize(
    "cache_state", ["no-cache-folder", "stale-cache", "unreadable-cache", "current-cache"]
)
def test_read_only_vault_works_silently_without_a_cache(world_readable_dir, run, cache_state):
    root = world_readable_dir / "vault"
    root.mkdir()
    (root / ".network-md.yaml").write_text(CONFIG)
    for rel, text in FILES.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text)
    age(root)
    if cache_state == "no-cache-folder":
        for args in READS:  # imports what the child needs, and writes nothing
            assert run(root, "--no-cache", *args).exit_code in (0, 1)
    else:
        assert_same(run, root)
        if cache_state == "stale-cache":
            rewrite_same_size(
                root / "people/ada.md", "2026-11-20 got", "2026-11-20 met", keep_mtime=True
            )
            (root / "people/bob.md").unlink()
            (root / "people/kim.md").write_text("# Kim\n- 2026-11-26 got: a lead\n")
        os.chmod(cache_path(root), 0o000 if cache_state == "unreadable-cache" else 0o644)
        assert cache_state != "current-cache" or cache_sound(root)
    cache_before = cache_path(root).read_bytes() if cache_path(root).exists() else None
    for p in [*root.rglob("*"), root]:
        os.chmod(p, 0o555 if p.is_dir() else (p.stat().st_mode & 0o777 & ~0o222))

    def child():
        try:
            (root / "probe").write_text("x")
        except PermissionError:
            pass
        else:
            return {"skip": "permissions are not enforced here (the vault stayed writable)"}
        return {"results": _invoke_all(root)}

    got = as_unprivileged(child)
    if "skip" in got:
        pytest.skip(got["skip"])
    _compare_pairs(got["results"])  # stderr included: silent, not a word about the cache
    if cache_before is None:
        assert not (root / ".network-md").exists()
    else:
        os.chmod(cache_path(root), 0o644)
        assert cache_path(root).read_bytes() == cache_before
        assert leftovers(root) == []


def test_file_the_user_cannot_read(world_readable_dir, run):
    """A file that cannot be read is a problem, stored unstamped: once readable it is read."""
    root = world_readable_dir / "vault"
    root.mkdir()
    (root / ".network-md.yaml").write_text(CONFIG)
    for rel, text in FILES.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text)
    age(root)
    for p in [root, *root.rglob("*")]:
        os.chmod(p, 0o777 if p.is_dir() else 0o666)
    secret = root / "people/bob.md"
    os.chmod(secret, 0o000)
    _invoke_all(root, [("status", "--json")])  # imports what the child needs (root reads all)
    shutil.rmtree(root / ".network-md")  # made by root: the child makes its own

    def child():
        try:
            secret.read_bytes()
        except PermissionError:
            pass
        else:
            return {"skip": "permissions are not enforced here"}
        return {"results": _invoke_all(root) + _invoke_all(root)}

    got = as_unprivileged(child)
    if "skip" in got:
        pytest.skip(got["skip"])
    _compare_pairs(got["results"])
    assert "cannot be read" in got["results"][8][3]  # check --json
    os.chmod(secret, 0o644)
    got = as_unprivileged(lambda: {"results": _invoke_all(root)})
    _compare_pairs(got["results"])
    assert "cannot be read" not in got["results"][8][3]
    assert "Bob Builder" in got["results"][6][3]  # list --json


# --- the same day again and again; another day --------------------------------------------------


def test_repeated_runs_after_changes_do_not_double_count(make_vault, run):
    root = built(make_vault, run)
    ada, bob = root / "people/ada.md", root / "people/bob.md"
    status = [("status", "--json")]
    for step in range(3):
        ada.write_text(ada.read_text() + f"- 2026-11-2{step + 5} got ({step + 1}m): more {step}\n")
        first = assert_same(run, root, status)
        for _ in range(3):  # the racy files are read again each time: the summary must not drift
            assert assert_same(run, root, status) == first
        assert_same(run, root, [("today", "--json"), ("flags", "--json"), ("status", "--json")])
    bob.unlink()
    (root / "people/kim.md").write_text("# Kim\n- 2026-11-27 asked-me (7m): help\n")
    for _ in range(3):
        assert_same(run, root, [("status", "--json"), ("today", "--json")])
    age(root)  # no longer racy: trusted from now on
    for _ in range(3):
        assert_same(run, root, [("status", "--json"), ("flags", "--json"), ("today", "--json")])
    assert_cache_intact(root)
    # a file that stays racy across runs (written just before each one)
    for i in range(4):
        ada.write_text(ADA + f"- 2026-11-27 gave ({i}m): {'x' * i}\n")
        for _ in range(2):
            assert_same(run, root, [("status", "--json"), ("today", "--json")])


def test_the_summary_survives_other_commands_in_between(make_vault, run):
    """status, then a command that does not need the summary (list, check, show) after a change,
    then status again: the summary must be rebuilt or patched, never reused stale."""
    root = built(make_vault, run)
    for i, between in enumerate(
        [("list", "--json"), ("check", "--json"), ("show", "ada", "--json")]
    ):
        assert_same(run, root, [("status", "--json")])
        (root / "people/cyd.md").write_text(CYD + f"- 2026-11-2{i} got: answer {i}\n")
        assert_same(run, root, [between])
        age(root)
        assert_same(run, root, [("status", "--json"), ("flags", "--json"), ("today", "--json")])


def _team(n: int = 40) -> dict[str, str]:
    return {
        f"people/team/p{i:02}.md": f"# P{i}\n- 2026-11-{1 + i % 26:02} {('gave', 'got', 'met', 'asked')[i % 4]}: {'x' * (i % 7)}\n"
        for i in range(n)
    }


@pytest.mark.parametrize(
    "between", [("list", "--json"), ("check", "--json"), ("show", "ada", "--json")]
)
@pytest.mark.parametrize("day", [T, "2026-11-28"])
def test_many_changes_then_a_command_that_needs_no_summary(make_vault, run, between, day):
    """Many files change at once and the next command (on the summary's day or another) does
    not need the summary: whatever it writes, the next status must not see a stale summary."""
    root = built(make_vault, run, files={**FILES, **_team()})
    assert_same(run, root, [("status", "--json")])
    for i, path in enumerate(sorted((root / "people/team").glob("*.md"))[:30]):
        with open(path, "a") as fh:
            fh.write(
                f"- 2026-11-2{i % 8} {('got', 'declined', 'asked-me')[i % 3]}: more {'z' * i}\n"
            )
    (root / "people/ada.md").unlink()
    (root / "people/zed.md").write_text("# Zed\n- 2026-11-26 got: a lead\n")
    assert_same(run, root, [between], today=day)
    for _ in range(2):
        assert_same(run, root, [("status", "--json"), ("flags", "--json"), ("today", "--json")])
        assert_same(run, root, [("status", "--json")], today=day)
    age(root)
    assert_same(run, root, [between, ("status", "--json"), ("today", "--json")])
    assert_same(run, root)


@pytest.mark.parametrize("how", ["moved", "copied-with-times"])
def test_vault_moved_or_copied_with_its_cache(make_vault, run, how):
    root = built(make_vault, run)
    before = assert_same(run, root)
    other = root.with_name(root.name + "-elsewhere")
    if how == "moved":
        os.rename(root, other)  # same inodes, stamps and cache: the paths inside are relative
    else:
        shutil.copytree(root, other, copy_function=shutil.copy2)  # times kept, new inodes
        rewrite_same_size(
            other / "people/ada.md", "2026-11-20 got", "2026-11-20 met", keep_mtime=True
        )
    after = assert_same(run, other)
    if how == "moved":  # the same answers, but for status, which names the vault
        assert {k: v for k, v in after.items() if k[0] != "status"} == {
            k: v for k, v in before.items() if k[0] != "status"
        }
    else:
        assert after[("show", "ada", "--json")] != before[("show", "ada", "--json")]


DAYS = [
    "2026-11-27",
    "2026-11-28",
    "2026-12-20",
    "2026-11-27",
    "2026-11-02",
    "2027-02-01",
    "2026-11-27",
]


def test_change_of_today_between_runs_and_back(make_vault, run):
    root = built(make_vault, run)
    seen = {}
    for day in DAYS:
        for _ in range(2):
            out = assert_same(run, root, today=day)
            assert seen.setdefault(day, out) == out
    assert len({v[("status", "--json")] for v in seen.values()}) == len(set(DAYS))
    # a change while another day is cached
    (root / "people/bob.md").write_text(BOB + "- 2026-11-27 got: at last\n")
    for day in DAYS:
        assert_same(
            run, root, [("status", "--json"), ("today", "--json"), ("flags", "--json")], today=day
        )


# --- what the cache leaves out ------------------------------------------------------------------


def test_show_and_today_carry_the_text_of_entries(make_vault, run):
    root = built(make_vault, run)
    for _ in range(2):  # the second time all from the cache
        out = assert_same(run, root, [("show", "ada", "--json"), ("today", "--json")])
    log = json.loads(out[("show", "ada", "--json")][1])["log"]
    assert [e["text"] for e in log] == [
        "coffee at the station",
        "the structured-interviews book",
        "three places and a table booked for me",
        "restaurant tip for Lisbon",
    ]
    assert log[0]["minutes"] == 10 and log[0]["line"] == 14
    items = json.loads(out[("today", "--json")][1])["items"]
    last = {i["path"]: i["last"] for i in items}
    assert last["people/ada.md"]["text"] == "coffee at the station"
    assert last["people/dee.md"] == {
        "date": "2026-11-26", "kind": "met", "word": "coffee", "minutes": None, "text": "chat", "line": 6,
        "path": "people/dee.md", "state": "done", "time": None,
    }  # fmt: skip
    # the text changed, same size and mtime: show and today read it again
    rewrite_same_size(root / "people/dee.md", "coffee: chat", "coffee: tea!", keep_mtime=True)
    out = assert_same(run, root, [("show", "dee", "--json"), ("today", "--json")])
    assert '"tea!"' in out[("show", "dee", "--json")][1] and '"tea!"' in out[("today", "--json")][1]


# --- written only when something changed --------------------------------------------------------


def _cache_stamp(root: Path) -> tuple:
    st = cache_path(root).stat()
    return st.st_mtime_ns, st.st_ino, st.st_size, cache_path(root).read_bytes()


def test_cache_is_written_only_when_something_changed(make_vault, run):
    root = built(make_vault, run)
    assert_same(run, root, [("status", "--json")])
    stamp = _cache_stamp(root)
    time.sleep(0.01)
    for _ in range(2):
        assert_same(run, root)  # every reading command, cached and not
    assert _cache_stamp(root) == stamp
    (root / "people/ada.md").touch()  # a new stamp, the same content
    assert_same(run, root, [("status", "--json")])
    age(root)
    assert_same(run, root, [("status", "--json")])
    stamp = _cache_stamp(root)
    assert_same(run, root)
    assert _cache_stamp(root) == stamp
    assert_same(run, root, [("status", "--json")], today="2026-11-28")  # another day's summary
    assert _cache_stamp(root) != stamp


def test_no_cache_never_writes(make_vault, run):
    root = make_vault(FILES, config=CONFIG)
    for args in READS:
        run(root, "--no-cache", *args)
    assert not (root / ".network-md").exists()
    age(root)
    assert_same(run, root)
    stamp = _cache_stamp(root)
    (root / "people/bob.md").unlink()
    for args in READS:
        run(root, "--no-cache", *args)
    assert _cache_stamp(root) == stamp


# --- processes at once --------------------------------------------------------------------------


def _mutate(root: Path, round_no: int) -> None:
    """Files change between rounds: appended to (new sizes), deleted, created; the config too."""
    rng = random.Random(round_no)
    people = root / "people"
    for path in sorted(people.rglob("*.md"))[:: 2 + round_no % 2]:
        with open(path, "a") as fh:
            kind = rng.choice(["gave", "got", "asked", "met"])
            fh.write(
                f"- 2026-11-{rng.randint(10, 27)} {kind}: r{round_no}{'!' * rng.randint(0, 9)}\n"
            )
    victims = sorted(people.glob("*.md"))
    if round_no % 2 and victims:
        victims[rng.randrange(len(victims))].unlink()
    (people / f"new{round_no}.md").write_text(
        f"# New {round_no}\n- 2026-11-2{round_no % 8} got: hello\n"
    )
    if round_no % 3 == 2:  # a new config: every process reads every file and writes a cache
        (root / ".network-md.yaml").write_text(CONFIG + f"# round {round_no}\n")
    if round_no == 3:
        age(root)  # this round's processes trust what they read, and store it stamped


def test_processes_writing_the_cache_at_once(make_vault, run):
    """Several processes at once, each on another day (so each has its own summary to write):
    none fails, each answers right, and the cache left behind is whole and gives right answers."""
    # Enough files that a round changes more than a handful (so that every process writes), and
    # a cache big enough that its writes take a while.
    many = {
        f"people/team/p{i:02}.md": f"# P{i}\n"
        + "".join(
            f"- 2026-{9 + j % 3:02}-{1 + (i + j) % 27:02} {('gave', 'got', 'met')[(i + j) % 3]}: {'x' * i}\n"
            for j in range(15)
        )
        for i in range(60)
    }
    root = make_vault({**FILES, **many}, config=CONFIG)
    script = script_path()
    commands = [
        ("status", "--json"),
        ("today", "--json"),
        ("flags", "--json"),
        ("list", "--json"),
        ("check", "--json"),
    ]
    days = [(TODAY + timedelta(days=i)).isoformat() for i in range(-3, 5)]
    for round_no in range(8):
        _mutate(root, round_no)
        pairs = [(commands[(i + round_no) % len(commands)], day) for i, day in enumerate(days)]
        all_at_once(run, script, root, pairs)
        assert_cache_intact(root)
        assert leftovers(root) == []
        for day in days[::2]:
            assert_same(run, root, [("status", "--json"), ("list", "--json")], today=day)
    age(root)
    assert_same(run, root)
    assert_cache_intact(root)


def all_at_once(run, script, root, pairs) -> None:
    """Run the installed script once per (args, day), all at the same time; each answer must
    equal the `--no-cache` answer for that day."""
    jobs = [
        (args, day, subprocess.Popen(
            [script, "--vault", str(root), "--today", day, *args],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        ))
        for args, day in pairs
    ]  # fmt: skip
    for args, day, proc in jobs:
        out, err = proc.communicate(timeout=120)
        fresh = run(root, "--no-cache", *args, today=day)
        assert (proc.returncode, out, err) == outcome(fresh), (args, day)


def test_a_watch_and_commands_at_once(make_vault, run):
    """`watch` saves the cache when things are quiet while commands in other processes read and
    write it: every answer right, the cache whole after each round and after the watch stops."""
    root = make_vault({**FILES, **_team(30)}, config=CONFIG)
    script = script_path()
    watch = subprocess.Popen(
        [script, "--vault", str(root), "--today", T, "watch", "--json"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        ready, _, _ = select.select([watch.stdout], [], [], 60)
        assert ready, "the watch did not start"
        assert json.loads(watch.stdout.readline())["event"] == "ready"
        for round_no in range(3):
            _mutate(root, round_no)
            commands = [
                ("status", "--json"),
                ("today", "--json"),
                ("list", "--json"),
                ("status", "--json"),
            ]
            all_at_once(
                run,
                script,
                root,
                [(args, [T, "2026-11-28"][i % 2]) for i, args in enumerate(commands)],
            )
            time.sleep(2.5)  # quiet: the watch writes the cache now
            assert watch.poll() is None
            assert_cache_intact(root)
            assert_same(run, root, [("status", "--json"), ("today", "--json"), ("list", "--json")])
    finally:
        watch.terminate()
        _, err = watch.communicate(timeout=30)
    assert "internal error" not in err and "Traceback" not in err
    assert_cache_intact(root)
    assert leftovers(root) == []
    assert_same(run, root)


# --- random sequences ---------------------------------------------------------------------------


SEQ_DAYS = ["2026-11-27", "2026-11-28", "2026-12-20", "2027-01-05"]
SEQ_PATHS = [
    "people/ada.md", "people/bob.md", "people/cyd.md", "people/old/dee.md",
    "people/sub/eve.md", "archive/fay.md", "people/board.md", "notes/gus.md",
]  # fmt: skip
SEQ_FOLDERS = [
    ("people/old", "people/older"),
    ("people/sub", "people/old"),
    ("archive", "people/archive"),
    ("people", "folks"),
]
SEQ_CONFIGS = [
    "contacts: [people]\n",
    "contacts: [people]\none_way_gives: 1\n",
    "contacts: [people]\nkinds: {coffee: gave, intro: got}\n",
    "contacts: [people, archive]\nkinds: {coffee: met}\nlookback_days: 7\nwindow_days: 60\n",
    "contacts: [people]\nignore: ['people/old/**']\ncircles: {inner: 3, close: 7, wide: 20, contact: none}\n",
    "contacts: [people, archive]\ndashboard: people/board.md\ndaily: {minutes: 5, items: 2, default_minutes: 10}\n",
    "",
    None,
    "one_way_gives: many\n",
]
SEQ_COMMANDS = [
    ("status", "--json"),
    ("flags", "--json"),
    ("today", "--json"),
    ("list", "--json"),
    ("check", "--json"),
    ("status",),
]
BASE = date(2026, 11, 27)
WORDS = [
    *KINDS,
    "coffee",
    "intro",
    "GOT",
    "dinner",
]


@st.composite
def log_line(draw) -> str:
    if draw(st.integers(0, 19)) == 0:
        return "- 2026-02-30 gave: an impossible date"
    offset = draw(st.one_of(st.integers(-45, 40), st.integers(-420, -46)))
    day = (BASE + timedelta(days=offset)).isoformat()
    word = draw(st.sampled_from(WORDS))
    duration = draw(st.sampled_from(["", "", " (15m)", " (1h30m)", " (0m)"]))
    bullet = draw(st.sampled_from(["-", "-", "*", "+", "  -"]))
    text = draw(st.sampled_from(["", "a note", "intro to [[Bob]]", "café ☕", "x" * 17]))
    return f"{bullet} {day} {word}{duration}: {text}"


FRONT = [
    None,
    "name: {name}",
    "name: {name}\ncircle: inner\ntags: [a, '#b']",
    "name: {name}\ncadence: 7d\naliases: [{name}2]",
    "name: {name}\nsnooze_until: 2026-12-01",
    "name: {name}\ncircle: nowhere\ncompany: X\nmet: 2024-03-02",
    "name: {name}\ncadence: often",
    "name: {name}\nextra: {{a: [1, 2.5, true, null], 1: x}}\nwhen: 2024-03-02T10:00:00\nodd: .nan\n"
    "big: 123456789012345678901234567890\nlink: [[Acme]]\nzero: -0.0",
    "name: [broken",
    "- a list",
    "network-md: dashboard",
    "",
]


@st.composite
def contact_text(draw) -> bytes:
    name = draw(st.sampled_from(["Ada", "Bob", "Cyd Ng", "Dee", "Émile", "Zoë"]))
    front = draw(st.sampled_from(FRONT))
    parts = []
    if front is not None:
        parts.append("---\n" + front.format(name=name) + ("\n" if front else "") + "---\n")
    if draw(st.booleans()):
        parts.append(f"# {name}\n\nSome words.\n\n## Log\n")
    lines = draw(st.lists(log_line(), max_size=8))
    if lines and draw(st.integers(0, 5)) == 0:
        lines.insert(
            draw(st.integers(0, len(lines))), "```\n- 2026-11-27 gave: inside a fence\n```"
        )
    parts.append("".join(line + "\n" for line in lines))
    text = "".join(parts)
    odd = draw(st.integers(0, 24))
    if odd == 0:
        return b"# Bin\n\x00\x01 a binary file\n"
    if odd == 1:
        return ("# Caf\u00e9\n- 2026-11-20 got: cr\u00e8me\n" + text).encode("latin-1", "replace")
    if odd == 2:
        return b"---\nname: never closed\n- 2026-11-20 got: x\n"
    if draw(st.integers(0, 7)) == 0:
        text = text.replace("\n", "\r\n")
    if draw(st.integers(0, 9)) == 0:
        text = "\ufeff" + text
    return text.encode()


def _vault_files(root: Path) -> list[Path]:
    return sorted(
        p
        for p in root.rglob("*.md")
        if p.is_file() and ".network-md" not in p.relative_to(root).parts
    )


def _step(data, root: Path, state: dict) -> str:
    """One random operation on the vault; returns what it did (for the failure report)."""
    op = data.draw(
        st.sampled_from(
            [
                "write",
                "write",
                "replace",
                "same-size",
                "same-size",
                "same-size",
                "delete",
                "create",
                "rename",
                "rename-folder",
                "touch",
                "age",
                "age",
                "config",
                "today",
                "damage-cache",
                "bulk",
                "link",
                "symlink",
            ]
        ),  # fmt: skip
        label="op",
    )
    files = _vault_files(root)
    rel = lambda p: p.relative_to(root).as_posix()  # noqa: E731
    if op in ("write", "create") or (
        not files and op in ("replace", "same-size", "delete", "rename", "touch", "link", "symlink")
    ):
        target = root / data.draw(st.sampled_from(SEQ_PATHS), label="path")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data.draw(contact_text(), label="content"))
        return f"write {rel(target)}"
    if op == "replace":
        target = data.draw(st.sampled_from(files), label="file")
        tmp = target.with_name("." + target.name + ".tmp")
        tmp.write_bytes(data.draw(contact_text(), label="content"))
        if data.draw(st.booleans(), label="old mtime"):
            old = target.stat()
            os.utime(tmp, ns=(old.st_atime_ns, old.st_mtime_ns))
        os.replace(tmp, target)
        return f"replace {rel(target)} by rename"
    if op == "same-size":
        target = data.draw(st.sampled_from(files), label="file")
        raw = bytearray(target.read_bytes())
        digits = [i for i, b in enumerate(raw) if 0x30 <= b <= 0x39]
        swaps = [
            (b"got", b"met"),
            (b"met", b"got"),
            (b"declined", b"asked-me"),
            (b"asked-me", b"declined"),
        ]
        swaps = [(a, b) for a, b in swaps if a in raw]
        if not digits and not swaps:
            return f"same-size {rel(target)}: nothing to change"
        if digits and (not swaps or data.draw(st.booleans(), label="digit")):
            at = data.draw(st.sampled_from(digits), label="at")
            raw[at] = ord(
                data.draw(
                    st.sampled_from([d for d in "0123456789" if ord(d) != raw[at]]), label="digit"
                )
            )
            what = f"digit at {at}"
        else:
            a, b = data.draw(st.sampled_from(swaps), label="swap")
            raw = bytearray(bytes(raw).replace(a, b, 1))
            what = f"{a.decode()} -> {b.decode()}"
        old = target.stat()
        target.write_bytes(bytes(raw))
        keep = data.draw(st.booleans(), label="keep mtime")
        if keep:
            os.utime(target, ns=(old.st_atime_ns, old.st_mtime_ns))
        return f"same-size {rel(target)}: {what}, mtime kept: {keep}"
    if op == "delete":
        target = data.draw(st.sampled_from(files), label="file")
        target.unlink()
        return f"delete {rel(target)}"
    if op == "rename":
        target = data.draw(st.sampled_from(files), label="file")
        new = root / data.draw(st.sampled_from(SEQ_PATHS), label="to")
        new.parent.mkdir(parents=True, exist_ok=True)
        os.replace(target, new)
        return f"rename {rel(target)} -> {rel(new)}"
    if op == "rename-folder":
        pairs = [
            (a, b)
            for a, b in SEQ_FOLDERS + [(b, a) for a, b in SEQ_FOLDERS]
            if (root / a).is_dir() and not (root / b).exists()
        ]
        if not pairs:
            return "rename-folder: none possible"
        a, b = data.draw(st.sampled_from(pairs), label="folders")
        (root / b).parent.mkdir(parents=True, exist_ok=True)
        os.rename(root / a, root / b)
        return f"rename folder {a} -> {b}"
    if op == "touch":
        target = data.draw(st.sampled_from(files), label="file")
        back = data.draw(
            st.sampled_from([0, 3600, 86400, -3600]), label="seconds back"
        )  # -: future
        when = time.time_ns() - back * 1_000_000_000
        os.utime(target, ns=(when, when))
        return f"touch {rel(target)} to {back} s ago"
    if op == "bulk":
        # many files at once: more than a handful changed (a cache save is then due at once)
        seed = data.draw(st.integers(0, 2**16), label="seed")
        count = data.draw(st.integers(10, 30), label="count")
        rng = random.Random(seed)
        folder = root / "people/bulk"
        folder.mkdir(parents=True, exist_ok=True)
        for i in range(count):
            lines = [
                f"- {(BASE + timedelta(days=rng.randint(-60, 5))).isoformat()} {rng.choice(WORDS)}: {'y' * rng.randint(0, 5)}"
                for _ in range(rng.randint(0, 4))
            ]
            (folder / f"b{i:02}.md").write_text(
                f"# B{i} {rng.randint(0, 9)}\n" + "".join(x + "\n" for x in lines)
            )
        return f"bulk write {count} files in people/bulk (seed {seed})"
    if op in ("link", "symlink"):
        target = data.draw(st.sampled_from(files), label="file")
        new = root / data.draw(st.sampled_from(SEQ_PATHS), label="as")
        if new.exists() or new.is_symlink():
            return f"{op}: {rel(new)} exists"
        new.parent.mkdir(parents=True, exist_ok=True)
        if op == "link":
            os.link(target, new)  # one inode, two paths: an edit of one is an edit of both
        else:
            os.symlink(os.path.relpath(target, new.parent), new)
        return f"{op} {rel(new)} -> {rel(target)}"
    if op == "age":
        age(root, data.draw(st.sampled_from([3600, 7200]), label="seconds"))
        if data.draw(st.booleans(), label="and delete the cache"):
            # the next run writes a whole new cache in which every file is stamped (trusted)
            cache_path(root).unlink(missing_ok=True)
            return "age every file, delete the cache"
        return "age every file"
    if op == "config":
        config = data.draw(st.sampled_from(SEQ_CONFIGS), label="config")
        cfg = root / ".network-md.yaml"
        if config is None:
            cfg.unlink(missing_ok=True)
        else:
            cfg.write_text(config)
        return f"config {config!r}"
    if op == "today":
        state["today"] = data.draw(st.sampled_from(SEQ_DAYS), label="today")
        return f"today {state['today']}"
    # damage-cache
    path = cache_path(root)
    if not path.is_file():
        return "damage-cache: no cache yet"
    raw = path.read_bytes()
    how = data.draw(st.sampled_from(["truncate", "flip", "empty", "delete"]), label="damage")
    if how == "truncate" and raw:
        path.write_bytes(raw[: data.draw(st.integers(0, len(raw) - 1), label="length")])
    elif how == "flip" and raw:
        path.write_bytes(_flip(raw, data.draw(st.integers(0, len(raw) - 1), label="at")))
    elif how == "empty":
        path.write_bytes(b"")
    else:
        path.unlink()
    return f"damage-cache {how}"


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
    ],
)
@given(data=st.data())
def test_random_sequences_give_the_same_answers_with_and_without_the_cache(run, data):
    base = Path(tempfile.mkdtemp(prefix="network-md-seq-"))
    try:
        root = base / "vault"
        root.mkdir()
        (root / ".network-md.yaml").write_text(SEQ_CONFIGS[0])
        for rel in data.draw(
            st.lists(st.sampled_from(SEQ_PATHS), min_size=1, max_size=5, unique=True), label="files"
        ):
            (root / rel).parent.mkdir(parents=True, exist_ok=True)
            (root / rel).write_bytes(data.draw(contact_text(), label="content"))
        state = {"today": SEQ_DAYS[0]}
        if data.draw(st.integers(0, 3), label="age at start") > 0:
            age(root)
        steps = data.draw(st.integers(1, 8), label="steps")
        for i in range(steps + 1):
            if i:
                note(f"step {i}: {_step(data, root, state)}")
            commands = data.draw(st.permutations(SEQ_COMMANDS), label="order")
            name = data.draw(
                st.sampled_from(["ada", "bob", "cyd", "dee", "zoë", "emile"]), label="show"
            )
            assert_same(
                run, root, [*commands, ("show", name, "--json"), commands[0]], today=state["today"]
            )
    finally:
        shutil.rmtree(base)


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


# --- a file system with whole-second timestamps ----------------------------------------------------


@pytest.fixture
def coarse_clock_dir(tmp_path):
    """A real ext4 with 128-byte inodes (timestamps in whole seconds), loop-mounted."""
    if os.geteuid() != 0 or not shutil.which("mkfs.ext4"):
        pytest.skip("needs root and mkfs.ext4 to mount a file system")
    image, mount = tmp_path / "ext4.img", tmp_path / "mnt"
    mount.mkdir()
    with open(image, "wb") as fh:
        fh.truncate(16 * 1024 * 1024)
    made = subprocess.run(["mkfs.ext4", "-q", "-F", "-I", "128", str(image)], capture_output=True)
    mounted = (
        made.returncode == 0
        and (
            subprocess.run(["mount", "-o", "loop", str(image), str(mount)], capture_output=True)
        ).returncode
        == 0
    )
    if not mounted:
        pytest.skip("cannot loop-mount a file system here")
    try:
        yield mount
    finally:
        subprocess.run(["umount", str(mount)], capture_output=True)


def test_same_size_rewrite_keeping_mtime_within_the_second_of_a_cached_run(
    coarse_clock_dir, make_vault
):
    """`cp -p` / `rsync --inplace -t` on a whole-second file system: only the ctime moved, and
    within the second of the run that cached the file; it must be read again, not served stale."""
    from network_md.store.cache import load

    root = coarse_clock_dir / "vault"
    (root / "people").mkdir(parents=True)
    (root / ".network-md.yaml").write_text("contacts: [people]\n", "utf-8")
    ada = root / "people/ada.md"
    old_text, new_text = "## Log\n- 2026-11-20 gave: aaaa\n", "## Log\n- 2026-11-20 got: aaaaa\n"
    assert len(old_text) == len(new_text)
    for _attempt in range(5):  # everything below must fall within one wall-clock second
        ada.write_text(old_text, "utf-8")
        shutil.rmtree(root / ".network-md", ignore_errors=True)
        time.sleep(1.02 - time.time() % 1)  # the start of a fresh second
        second = int(time.time())
        old = second - 100
        os.utime(ada, (old, old))  # an old mtime; the ctime is now
        load(root)  # the cached run
        with open(ada, "r+b") as fh:  # rewritten in place, same size...
            fh.write(new_text.encode())
        os.utime(ada, (old, old))  # ...and the old mtime put back
        if int(time.time()) == second:
            break
    else:
        pytest.skip("the machine is too slow to stay within one second")
    assert os.stat(ada).st_ctime_ns % 1_000_000_000 == 0  # whole seconds indeed
    contact = load(root).contact("people/ada.md")
    assert contact.entries.triples()[0][1] == "got"


def test_a_cache_folder_symlinked_out_of_the_vault_is_never_written(make_vault, run, tmp_path):
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    root = make_vault(FILES, config=CONFIG)
    (root / ".network-md").symlink_to(outside)
    before = assert_same(run, root)
    assert assert_same(run, root) == before  # works without a cache
    assert list(outside.iterdir()) == []


# --- the cache folder ignores itself ------------------------------------------------------------


@pytest.mark.skipif(shutil.which("git") is None, reason="no git")
@pytest.mark.parametrize("gitignore", [None, b"", b"*.tmp\n"])  # no .gitignore, or one without it
def test_the_cache_folder_is_never_seen_by_git(make_vault, run, gitignore):
    root = make_vault({"people/ada.md": ADA}, config=CONFIG)
    if gitignore is not None:
        (root / ".gitignore").write_bytes(gitignore)
    subprocess.run(["git", "init", "--quiet", str(root)], check=True)
    assert run(root, "status").exit_code == 0
    assert cache_path(root).exists()
    assert (cache_path(root).parent / ".gitignore").read_bytes() == b"*\n"
    untracked = subprocess.run(
        ["git", "-C", str(root), "status", "--porcelain", "--untracked-files=all"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    assert not [line for line in untracked.splitlines() if ".network-md/" in line], untracked
    assert "people/ada.md" in untracked


def test_a_cache_folder_without_its_gitignore_gets_one(make_vault, run):
    root = make_vault({"people/ada.md": ADA}, config=CONFIG)
    assert run(root, "status").exit_code == 0
    (root / ".network-md" / ".gitignore").unlink()  # as an older network-md left it
    assert run(root, "--no-cache", "status").exit_code == 0
    assert not (root / ".network-md" / ".gitignore").exists()  # --no-cache writes nothing there
    assert run(root, "status").exit_code == 0  # whether or not it rewrites the cache
    assert (root / ".network-md" / ".gitignore").read_bytes() == b"*\n"


def test_the_cache_keeps_a_gitignore_someone_wrote(make_vault, run):
    root = make_vault({"people/ada.md": ADA}, config=CONFIG)
    (root / ".network-md").mkdir()
    (root / ".network-md" / ".gitignore").write_bytes(b"index\n")
    assert run(root, "status").exit_code == 0 and cache_path(root).exists()
    assert (root / ".network-md" / ".gitignore").read_bytes() == b"index\n"
