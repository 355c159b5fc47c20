"""The index cache on unusual file systems: a read-only vault, whole-second timestamps."""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from pathlib import Path

import pytest
from cache_helpers import (
    CONFIG,
    FILES,
    READS,
    assert_same,
    cache_sound,
    compare_pairs,
    invoke_all,
    leftovers,
    rewrite_same_size,
)
from helpers import age, as_unprivileged

from network_md.store.cache import cache_path

# --- read-only vault ----------------------------------------------------------------------------


def _aged_vault(base: Path) -> Path:
    """cache_helpers' vault written in `base`, every file aged (the cache trusts them)."""
    root = base / "vault"
    root.mkdir()
    (root / ".network-md.yaml").write_text(CONFIG)
    for rel, text in FILES.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text)
    age(root)
    return root


def _where_denied(denied, results) -> list:
    """`results()` as an unprivileged user, once `denied()` has raised PermissionError there;
    skipped where it does not (permissions not enforced: the test would prove nothing)."""

    def child():
        try:
            denied()
        except PermissionError:
            return {"results": results()}
        return {"skip": "permissions are not enforced here"}

    got = as_unprivileged(child)
    if "skip" in got:
        pytest.skip(got["skip"])
    return got["results"]


@pytest.mark.parametrize(
    "cache_state", ["no-cache-folder", "stale-cache", "unreadable-cache", "current-cache"]
)
def test_read_only_vault_works_silently_without_a_cache(open_dir, run, cache_state):
    root = _aged_vault(open_dir)
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

    results = _where_denied(lambda: (root / "probe").write_text("x"), lambda: invoke_all(root))
    compare_pairs(results)  # stderr included: silent, not a word about the cache
    if cache_before is None:
        assert not (root / ".network-md").exists()
    else:
        os.chmod(cache_path(root), 0o644)
        assert cache_path(root).read_bytes() == cache_before
        assert leftovers(root) == []


def test_file_the_user_cannot_read(open_dir, run):
    """A file that cannot be read is a problem, stored unstamped: once readable it is read."""
    root = _aged_vault(open_dir)
    for p in [root, *root.rglob("*")]:
        os.chmod(p, 0o777 if p.is_dir() else 0o666)
    secret = root / "people/bob.md"
    os.chmod(secret, 0o000)
    invoke_all(root, [("status", "--json")])  # imports what the child needs (root reads all)
    shutil.rmtree(root / ".network-md")  # made by root: the child makes its own

    results = _where_denied(secret.read_bytes, lambda: invoke_all(root) + invoke_all(root))
    compare_pairs(results)
    assert "cannot be read" in results[8][3]  # check --json
    os.chmod(secret, 0o644)
    got = as_unprivileged(lambda: {"results": invoke_all(root)})
    compare_pairs(got["results"])
    assert "cannot be read" not in got["results"][8][3]
    assert "Bob Builder" in got["results"][6][3]  # list --json


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
    from network_md.analysis.current import open_index, save

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
        save(open_index(root))  # the cached run
        with open(ada, "r+b") as fh:  # rewritten in place, same size...
            fh.write(new_text.encode())
        os.utime(ada, (old, old))  # ...and the old mtime put back
        if int(time.time()) == second:
            break
    else:
        pytest.skip("the machine is too slow to stay within one second")
    assert os.stat(ada).st_ctime_ns % 1_000_000_000 == 0  # whole seconds indeed
    contact = open_index(root).index.contact("people/ada.md")
    assert contact.entries.triples()[0][1] == "got"


def test_a_cache_folder_symlinked_out_of_the_vault_is_never_written(make_vault, run, tmp_path):
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    root = make_vault(FILES, config=CONFIG)
    (root / ".network-md").symlink_to(outside)
    before = assert_same(run, root)
    assert assert_same(run, root) == before  # works without a cache
    assert list(outside.iterdir()) == []
