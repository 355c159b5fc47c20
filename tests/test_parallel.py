"""Reading many files in worker processes gives exactly what reading them here gives."""

from __future__ import annotations

import json
import subprocess
import sys
import threading

import pytest
from helpers import TODAY, age, ago, run_script, script_path

from network_md.analysis.current import Contribution
from network_md.store import parallel
from network_md.store.reader import LEAN
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


# --- contacts sent without their records (a summary-only command with no cache) ------------

# Ana introduced Ben (a `got` that links him), whom you met since: a close-the-loop nudge,
# which needs every contact. Carla names Ana as her introducer in her front matter.
INTRODUCING = {
    "people/ana.md": f"---\nname: Ana Silva\n---\n## Log\n- {ago(40)} got: met [[Ben Ode]]\n",
    "people/ben.md": f"---\nname: Ben Ode\n---\n## Log\n- {ago(3)} met: coffee\n",
    "people/team/zz-carla.md": '---\nname: Carla\nintroduced_by: "[[Ana Silva]]"\n---\n'
    f"- {ago(60)} met: hello\n",
}


def _contribution(root) -> Contribution:
    return Contribution(Vault.open(root).config, TODAY.toordinal())


def _lean_paths(index: Index) -> list[str]:
    """The entries a worker sent without their records (looked at in the index itself: nothing
    else tells them apart)."""
    return sorted(p for p, raw in index._raw.items() if len(raw) == LEAN)


def test_contacts_sent_without_records_are_read_again_when_asked(make_vault, monkeypatch):
    """Problems and stamps need no contact; one contact asked for is read again alone; every
    contact asked for, all the rest at once (one more parallel read). Each as one process
    reads it, and the prepared contributions are kept."""
    _parallel_or_skip(monkeypatch)
    root = make_vault(many(60))
    serial = Index(Vault.open(root))
    serial.refresh()
    prepare = _contribution(root)
    index = Index(Vault.open(root))
    index.refresh(parallel=True, prepare=prepare, records=False)
    contacts = {c.path: c for c in serial.contacts()}
    assert _lean_paths(index) == sorted(contacts)  # the files that are no contact: sent whole
    assert index.prepared == {p: prepare(c) for p, c in contacts.items()}
    assert index.problems() == serial.problems()
    assert {p: index.stamp(p) for p in index.paths()} == {
        p: serial.stamp(p) for p in serial.paths()
    }
    assert len(_lean_paths(index)) == len(contacts)
    reads = []
    real = parallel.read_many
    monkeypatch.setattr(parallel, "read_many", lambda *a, **k: reads.append(a[2]) or real(*a, **k))
    for one in ("people/team/p0007.md", "people/ada.md"):
        assert index.own(one) == serial.own(one)
    assert index.contact("people/team/p0011.md") == contacts["people/team/p0011.md"]
    assert reads == [] and len(_lean_paths(index)) == len(contacts) - 3
    assert index.names() == serial.names()
    assert len(reads) == 1 and len(reads[0]) == len(contacts) - 3
    assert _lean_paths(index) == []
    assert index.contacts() == serial.contacts() and len(reads) == 1
    assert index.prepared_by == prepare  # the second read prepared nothing, and forgot nothing


def test_a_contact_that_needs_everyone_sends_the_rest_with_their_records(make_vault, monkeypatch):
    """Once a worker prepares a contribution that needs every contact (a close-the-loop nudge
    may be raised), it sends every later contact with its record."""
    _parallel_or_skip(monkeypatch)
    root = make_vault(many(60) | INTRODUCING)
    vault = Vault.open(root)
    prepare = _contribution(root)
    paths = sorted(vault.discover())
    chunks = parallel.read_many(root, vault.config, paths, prepare=prepare, records=False)
    spanning = 0
    for chunk in chunks:
        made = dict(zip(chunk.prepared_paths, chunk.prepared))
        seen = False
        for path, raw in zip(chunk.paths, chunk.raws):
            if path in made:
                seen = seen or prepare.spans_contacts(made[path])
                assert not seen or len(raw) == 4  # itself included
                spanning += prepare.spans_contacts(made[path])
    assert spanning == 2  # Ana (her `got` links Ben) and Carla (`introduced_by`)
    lean = [raw for c in chunks for raw in c.raws if len(raw) == LEAN]
    assert 0 < len(lean) < len(paths) - 6


SUMMARY_COMMANDS = [
    ("status", "--json"),
    ("status",),
    ("flags", "--json"),
    ("today", "--json"),
    ("today", "--all", "--json"),
]


@pytest.mark.parametrize(
    "files, config",
    [
        ({}, "contacts: [people]\n"),
        (INTRODUCING, "contacts: [people]\n"),
        (INTRODUCING, "contacts: [people]\ndaily_notes: {folder: Daily, format: YYYY-MM-DD}\n"),
    ],
    ids=["plain", "introducing", "daily-notes"],
)
def test_summary_commands_without_a_cache_say_what_the_cache_says(make_vault, files, config):
    """The installed script over PARALLEL_MIN files: `--no-cache` (workers send no records,
    but where daily notes may link contacts) prints what the cached path prints, close-the-loop
    nudges and problems included."""
    extra = {"people/bad-date.md": "# Bad Date\n- 2026-02-30 met: no\n"}
    if "daily_notes" in config:
        extra["Daily/2026-11-20.md"] = "- met [[Ben Ode]] for lunch\n"
    root = make_vault(many(parallel.PARALLEL_MIN + 50) | files | extra, config=config)
    age(root)
    cold = {args: run_script(root, "--no-cache", *args) for args in SUMMARY_COMMANDS}
    assert run_script(root, "status").returncode == 0  # the cache built
    for args in SUMMARY_COMMANDS:
        warm = run_script(root, *args)
        assert (cold[args].returncode, cold[args].stdout, cold[args].stderr) == (
            warm.returncode,
            warm.stdout,
            warm.stderr,
        ), args
    flags = json.loads(cold[("flags", "--json")].stdout)["flags"]
    loops = [f["path"] for f in flags if f["rule"] == "close-the-loop"]
    assert loops == (["people/ana.md"] if files else [])
