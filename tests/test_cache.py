"""The index cache never changes an answer: correctness, never speed.

In every case a reading command prints the same thing (exit code, stdout, stderr) with the cache
as with `--no-cache`, for the same files, config and `--today`. The cache trusts a file while its
stamp (mtime, ctime, size, inode) is unchanged, and stores files modified less than RACY_NS ago
unstamped (read again next time); most tests therefore set file mtimes an hour back (`age`) so
that the trusted, cached path is the one exercised, and some run right after writing so that the
racy path is."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import time
from pathlib import Path

import pytest
from cache_helpers import (
    ADA,
    CONFIG,
    FILES,
    READS,
    assert_cache_intact,
    assert_same,
    built,
    rewrite_same_size,
)
from helpers import age

from network_md.store.cache import Cache, cache_path

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


# --- what a warm run reads ----------------------------------------------------------------------


def test_a_warm_status_reads_the_head_alone(make_vault, run):
    """The tail (records, parts, the name index) is read only when a record is needed: a tail
    damaged behind an intact head is not even seen by `status`, and is by `show`, which then
    answers from the files and rewrites the cache."""
    root = built(make_vault, run)
    path = cache_path(root)
    raw = bytearray(path.read_bytes())
    raw[-1] ^= 0xFF  # the tail's last byte: its checksum no longer matches
    path.write_bytes(bytes(raw))
    before = path.stat().st_mtime_ns
    assert_same(run, root, [("status", "--json")])
    assert path.stat().st_mtime_ns == before  # nothing read, nothing rewritten
    assert_same(run, root, [("show", "ada", "--json")])
    assert path.read_bytes() != bytes(raw)  # seen, and rewritten


def test_a_cache_replaced_after_its_head_was_read_is_not_mixed_in(make_vault, run):
    """Another process may replace the cache between this one's head and its first record:
    the other file's tail is never read as this head's (the contact is read from its file)."""
    root = built(make_vault, run)
    cache = Cache(root)
    index = cache.open_index()
    other = make_vault({"people/zed.md": "# Zed\n"}, config=CONFIG)
    age(other)
    assert run(other, "status").exit_code == 0
    os.replace(cache_path(other), cache_path(root))  # a whole other cache, atomically
    assert index.contact("people/ada.md").name == "Ada Lovelace"


@pytest.mark.parametrize(
    "tail",
    [[], [b""], [b"one blob"], [b"a", memoryview(b"bc"), b"", bytes(range(256)) * 300]],
)
def test_a_cache_file_in_pieces_is_the_file_framed_whole(tail):
    """The index cache is written as its pieces (never joined into one copy of the file):
    they join into the very bytes the file framed whole holds, checksums and sizes included."""
    from network_md.store.cache_file import frame, framed

    head = b"a head \x00\xff"
    assert b"".join(frame(head, tail)) == framed(head, b"".join(tail))


def test_a_cache_written_in_pieces_reads_back(make_vault, run):
    """A cold `status` writes the cache as the tail's many records, one by one; the next
    `status` trusts it (no file read again) and says what `--no-cache` says."""
    root = make_vault(FILES, config=CONFIG)
    age(root)
    import zlib

    from network_md.store.cache_file import read_cache

    run(root, "status")
    head, tail, tail_sum = read_cache(root)
    data = tail.read()
    assert head is not None and len(data) > 1000 and zlib.adler32(data) == tail_sum
    assert (
        run(root, "status", "--json").stdout == run(root, "--no-cache", "status", "--json").stdout
    )
