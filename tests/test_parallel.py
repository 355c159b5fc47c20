"""Reading many files in worker processes gives exactly what reading them here gives."""

from __future__ import annotations

import json
import subprocess
import sys
import threading

import pytest
from helpers import age, script_path

from network_md.store import parallel
from network_md.store.vault import Index, Vault

FILES = {
    "people/ada.md": "---\nname: Ada\ncircle: close\n---\n## Log\n- 2026-11-20 got: intro\n",
    "people/bad-yaml.md": "---\nname: [oops\n---\n- 2026-11-01 gave: kept\n",
    "people/bad-date.md": "# Bad Date\n- 2026-02-30 met: no\n- 2026-11-02 asked: yes\n",
    "people/binary.md": b"\x00\x01binary",
    "people/empty.md": "",
    "people/fenced.md": "# Fenced\n```\n- 2026-11-01 gave: not counted\n```\n- 2026-11-03 gave: counted\n",
}


def many(n: int) -> dict:
    files = dict(FILES)
    for i in range(n):
        files[f"people/team/p{i:04d}.md"] = (
            f"---\nname: Person {i}\n---\n## Log\n- 2026-{(i % 12) + 1:02d}-0{(i % 9) + 1} gave: item {i}\n"
        )
    return files


def serial_and_parallel(root):
    serial = Index(Vault.open(root))
    serial.refresh()
    fast = Index(Vault.open(root))
    fast.refresh(parallel=True)
    return serial, fast


def test_workers_read_what_one_process_reads(make_vault, monkeypatch):
    root = make_vault(many(60))
    monkeypatch.setattr(parallel, "PARALLEL_MIN", 10)
    if parallel.workers_for(100) < 2:
        pytest.skip(
            "one core, not Linux, or threads running: the parallel reader would not be used"
        )
    serial, fast = serial_and_parallel(root)
    assert fast.contacts() == serial.contacts()
    assert fast.problems() == serial.problems()
    assert {p: f.stamp for p, f in fast.files.items()} == {
        p: f.stamp for p, f in serial.files.items()
    }
    assert fast.touched == serial.touched


def _parallel_or_skip(monkeypatch):
    monkeypatch.setattr(parallel, "PARALLEL_MIN", 10)
    if parallel.workers_for(100) < 2:
        pytest.skip("one core, not Linux, or threads running: no worker processes")


def test_the_workers_chunks_hold_every_file_once(make_vault, monkeypatch):
    """Each path read comes back once with its entry, a contact's prepared value beside it, and
    a file gone before its worker came to it among the gone."""
    _parallel_or_skip(monkeypatch)
    root = make_vault(many(60))
    vault = Vault.open(root)
    paths = sorted(vault.discover())
    chunks = parallel.read_many(root, vault.config, [*paths, "people/gone.md"], prepare=len)
    assert sorted(p for c in chunks for p in c.gone) == ["people/gone.md"]
    assert sorted(p for c in chunks for p in c.paths) == paths
    assert all(len(c.raws) == len(c.paths) for c in chunks)
    prepared = {p: v for c in chunks for p, v in zip(c.prepared_paths, c.prepared)}
    contacts = {c.path: c for c in serial_and_parallel(root)[0].contacts()}
    assert prepared == {p: len(c) for p, c in contacts.items()}  # binary, empty: no contact


def test_files_read_again_by_workers_replace_what_was_indexed(make_vault, monkeypatch):
    """An index that holds decoded contacts, then many files change and one goes: the workers'
    entries replace the old ones, exactly as reading them here does."""
    _parallel_or_skip(monkeypatch)
    root = make_vault(many(60))
    index = Index(Vault.open(root))
    index.refresh()
    assert index.contacts()  # decoded: held as files, not raw entries
    for i in range(0, 60, 2):
        (root / f"people/team/p{i:04d}.md").write_text(
            f"---\nname: Renamed {i}\n---\n- 2026-11-0{i % 9 + 1} got: again\n"
        )
    (root / "people/ada.md").unlink()
    changed = index.refresh(parallel=True)
    assert "people/ada.md" in changed and "people/team/p0000.md" in changed
    fresh = Index(Vault.open(root))
    fresh.refresh()
    assert index.contacts() == fresh.contacts()
    assert index.problems() == fresh.problems()
    assert "people/ada.md" not in index.paths()


def test_small_vaults_and_threaded_processes_read_here(make_vault):
    assert parallel.workers_for(parallel.PARALLEL_MIN - 1) == 1
    stop = threading.Event()
    t = threading.Thread(target=stop.wait)
    t.start()
    try:
        assert parallel.workers_for(10**6) == 1  # `watch` has its observer thread: never fork
    finally:
        stop.set()
        t.join()


def _installed_files_head(root) -> str:
    """The saved cache's per-file head, as the installed package reads it (in CI the source
    tree's modules have other stamps, so this process would not trust that cache)."""
    code = (
        "import hashlib, sys; from network_md.store.cache import Cache\n"
        "head = Cache(__import__('pathlib').Path(sys.argv[1])).head\n"
        "print(hashlib.sha1(repr(sorted(head['files'].items())).encode()).hexdigest() if head else '')"
    )
    # cwd: the vault, so this Python imports the installed network_md, as the script does
    done = subprocess.run(
        [sys.executable, "-c", code, str(root)], cwd=root, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def test_installed_script_on_a_large_vault_matches_the_cache(make_vault):
    """The real CLI path: over PARALLEL_MIN files, cold (parallel) equals warm (cache) and serial."""
    root = make_vault(many(parallel.PARALLEL_MIN + 50))
    age(root)  # no file "just modified": the cache trusts every one
    cmd = [script_path(), "--vault", str(root), "--today", "2026-11-27"]
    cold = subprocess.run([*cmd, "--no-cache", "list", "--json"], capture_output=True, text=True)
    assert cold.returncode == 0, cold.stderr
    built = subprocess.run([*cmd, "check", "--json"], capture_output=True, text=True)
    saved = _installed_files_head(root)  # what the workers read was saved
    assert saved
    warm = subprocess.run([*cmd, "list", "--json"], capture_output=True, text=True)
    assert warm.stdout == cold.stdout
    index = Index(Vault.open(root))
    index.refresh()  # serial, in this process
    expected = [[p.path, p.line, p.severity, p.message] for p in index.problems()]
    got = [
        [p["path"], p["line"], p["severity"], p["message"]]
        for p in json.loads(built.stdout)["problems"]
    ]
    assert expected and got == expected
    assert [c["name"] for c in json.loads(cold.stdout)["contacts"]] == sorted(
        (c.name for c in index.contacts()), key=str.casefold
    )
    # ...and used: the warm run read no file again (it saved only `list`'s rows, made once)
    assert _installed_files_head(root) == saved
    again = (root / ".network-md" / "index").stat().st_mtime_ns
    assert subprocess.run([*cmd, "list", "--json"], capture_output=True, text=True).stdout == (
        cold.stdout
    )
    assert (root / ".network-md" / "index").stat().st_mtime_ns == again  # nothing to save
