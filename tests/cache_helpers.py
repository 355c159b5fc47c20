"""What the index cache tests share: a vault of tricky contacts, and a check that every command
answers the same with the cache as with `--no-cache`."""

from __future__ import annotations

import marshal
import os
import zlib
from pathlib import Path

from click.testing import CliRunner
from helpers import TODAY, age

from network_md.cli.main import cli
from network_md.store.cache import MAGIC, Cache, cache_path

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
    keep = {cache_path(root).name, "links", "rows", ".gitignore"}  # linkstate.py, cache_rows.py
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


def flip(raw: bytes, at: int) -> bytes:
    return raw[:at] + bytes([raw[at] ^ 0x01]) + raw[at + 1 :]


def team(n: int = 40) -> dict[str, str]:
    return {
        f"people/team/p{i:02}.md": f"# P{i}\n- 2026-11-{1 + i % 26:02} {('gave', 'got', 'met', 'asked')[i % 4]}: {'x' * (i % 7)}\n"
        for i in range(n)
    }


def invoke_all(root: Path, commands=READS, today: str = T) -> list:
    """Each command cached then `--no-cache`, in this process, as plain lists (for the pipe)."""
    out = []
    for args in commands:
        for extra in ((), ("--no-cache",)):
            r = CliRunner().invoke(cli, ["--vault", str(root), "--today", today, *extra, *args])
            out.append([list(args), list(extra), r.exit_code, r.stdout, r.stderr])
    return out


def compare_pairs(results: list) -> None:
    """Each cached run answered as its `--no-cache` twin did (code, stdout, stderr)."""
    for cached, fresh in zip(results[::2], results[1::2]):
        assert cached[1] == [] and fresh[1] == ["--no-cache"]
        assert "internal error" not in cached[4], cached
        assert cached[2:] == fresh[2:], cached[0]
