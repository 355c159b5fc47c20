"""The one writer (network_md.store.atomic): many real processes on one file, the folder lock, writes
that would leave the vault, and temporary files that killed writers leave behind."""

from __future__ import annotations

import fcntl
import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from helpers import TODAY, script_path, vault_bytes

from network_md.core.errors import WriteError
from network_md.store import atomic
from network_md.store.atomic import OVERWRITE, edit_file, is_temp_name, write_file

ADA = "---\nname: Ada Lovelace\n---\n\n## Log\n- 2026-01-02 met: first coffee\n"


def start(root: Path, *args: str) -> subprocess.Popen:
    return subprocess.Popen(
        [script_path(), "--vault", str(root), "--today", TODAY.isoformat(), *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def finish(procs) -> list[tuple[int, str]]:
    return [(p.wait(timeout=120), p.communicate()[1]) for p in procs]


# --- lost updates ------------------------------------------------------------------------------


def test_many_concurrent_log_processes_lose_no_entry(make_vault):
    root = make_vault({"people/ada.md": ADA})
    n = 30
    procs = [start(root, "log", "ada", "gave", f"entry number {i}") for i in range(n)]
    results = finish(procs)
    text = (root / "people/ada.md").read_text("utf-8")
    for i, (code, err) in enumerate(results):
        assert code in (0, 1), err
        # every exit 0 is an entry in the file; every exit 1 wrote nothing
        assert (f"entry number {i}\n" in text) == (code == 0), (i, code, err)
        assert "Traceback" not in err
    # the writers take turns on the lock: every one of them lands
    assert [code for code, _ in results] == [0] * n
    assert text.startswith(ADA[: ADA.index("## Log")])
    assert len(re.findall(r"^- 2026-11-27 gave: entry number \d+$", text, re.M)) == n


def test_concurrent_log_and_snooze_on_one_file_keep_every_landed_write(make_vault):
    root = make_vault({"people/ada.md": ADA})
    logs = [start(root, "log", "ada", "got", f"answer {i}") for i in range(12)]
    snoozes = [start(root, "snooze", "ada", "--until", f"2027-01-{i + 10:02d}") for i in range(6)]
    log_results, snooze_results = finish(logs), finish(snoozes)
    text = (root / "people/ada.md").read_text("utf-8")
    for i, (code, err) in enumerate(log_results):
        assert code in (0, 1) and (f"answer {i}\n" in text) == (code == 0), err
    landed = [f"2027-01-{i + 10:02d}" for i, (code, _) in enumerate(snooze_results) if code == 0]
    assert landed, snooze_results
    assert re.search(r"^snooze_until: (\S+)$", text, re.M)[1] in landed
    assert text.count("snooze_until:") == 1


def test_the_lock_is_held_across_read_check_and_rename(tmp_path, monkeypatch):
    path = tmp_path / "ada.md"
    path.write_bytes(b"old\n")
    monkeypatch.setattr(atomic, "LOCK_WAIT_SECONDS", 0.3)
    fd = os.open(tmp_path, os.O_RDONLY)  # another writer holds the folder's lock
    fcntl.flock(fd, fcntl.LOCK_EX)
    try:
        with pytest.raises(WriteError, match="lock"):
            edit_file(path, lambda b: b + b"new\n")
        with pytest.raises(WriteError, match="lock"):
            write_file(path, b"other\n", OVERWRITE)
    finally:
        os.close(fd)
    assert path.read_bytes() == b"old\n"
    assert edit_file(path, lambda b: b + b"new\n") is True  # free again: it lands
    assert path.read_bytes() == b"old\nnew\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["ada.md"]  # no lock file, no temp


def test_an_edit_that_changes_nothing_writes_nothing(tmp_path):
    path = tmp_path / "ada.md"
    path.write_bytes(b"same\n")
    before = os.stat(path)
    assert edit_file(path, lambda b: b) is False
    assert os.stat(path).st_ino == before.st_ino


# --- writes that would leave the vault -----------------------------------------------------------


@pytest.fixture
def outside(tmp_path):
    target = tmp_path / "outside"
    target.mkdir()
    (target / "victim.md").write_text(ADA, "utf-8")
    return target


@pytest.mark.parametrize("how", ["file", "folder"])
@pytest.mark.parametrize(
    "command",
    [
        ["log", "victim", "gave", "x"],
        ["gave", "victim", "x"],
        ["snooze", "victim", "--until", "2027-01-01"],
        ["unsnooze", "victim"],
    ],
)
def test_a_contact_that_resolves_outside_the_vault_is_read_never_written(
    make_vault, outside, run, how, command
):
    root = make_vault({"people/ada.md": ADA})
    if how == "file":
        (root / "people/victim.md").symlink_to(outside / "victim.md")
    else:
        (root / "people/elsewhere").symlink_to(outside)
    shown = run(root, "show", "victim")
    assert shown.exit_code == 0 and "Ada Lovelace" in shown.stdout  # read: yes
    result = run(root, *command)
    assert result.exit_code == 1
    assert "outside the vault" in result.stderr and len(result.stderr.splitlines()) == 1
    assert (outside / "victim.md").read_text("utf-8") == ADA
    assert sorted(p.name for p in outside.iterdir()) == ["victim.md"]


def test_a_symlink_inside_the_vault_is_written_through_not_replaced(make_vault, run):
    root = make_vault({"archive/ada.md": ADA})  # outside `contacts:`, inside the vault
    (root / "people").mkdir()
    (root / "people/ada.md").symlink_to("../archive/ada.md")
    result = run(root, "log", "ada", "gave", "through the link")
    assert result.exit_code == 0, result.stderr
    assert (root / "people/ada.md").is_symlink()
    assert "through the link" in (root / "archive/ada.md").read_text("utf-8")


def test_write_file_with_a_root_refuses_a_folder_symlinked_out(tmp_path, outside):
    root = tmp_path / "vault"
    root.mkdir()
    (root / "out").symlink_to(outside)
    for expected in (None, OVERWRITE):
        with pytest.raises(WriteError, match="outside the vault"):
            write_file(root / "out" / "new.md", b"x", expected, root)
    assert sorted(p.name for p in outside.iterdir()) == ["victim.md"]


# --- temporary files left by killed writers ------------------------------------------------------


def test_temp_names_are_recognised_exactly():
    assert is_temp_name(".ada.md.nmd-123-abc_9XYZ.tmp")
    assert is_temp_name(".index.nmd-1-a.tmp")
    for name in (
        "ada.md",
        ".ada.md.tmp",
        ".ada.md.abc123.tmp",
        "ada.nmd-1-a.tmp",
        ".x.nmd-a-b.tmp",
    ):
        assert not is_temp_name(name)


def dead_pid() -> int:
    done = subprocess.run(["true"])
    assert done.returncode == 0
    proc = subprocess.Popen(["true"])
    proc.wait()
    return proc.pid


@pytest.mark.parametrize("where", ["people", "", ".network-md"])
def test_the_next_command_removes_temp_files_of_dead_writers(make_vault, run, where):
    root = make_vault({"people/ada.md": ADA}, config="contacts: [people]\ndashboard: NETWORK.md\n")
    folder = root / where
    folder.mkdir(exist_ok=True)
    stale = folder / f".ada.md.nmd-{dead_pid()}-k2j4x9a1.tmp"
    stale.write_bytes(b"half a file")
    live = folder / f".ada.md.nmd-{os.getpid()}-livewrt1.tmp"  # a writer still running
    live.write_bytes(b"being written")
    foreign = folder / ".ada.md.swp"  # not ours: never touched
    foreign.write_bytes(b"vim")
    result = run(root, "status")
    assert result.exit_code == 0, result.stderr
    assert not stale.exists()
    assert live.exists() and foreign.exists()


@pytest.mark.parametrize("command", ["status", "list", "check", "flags"])
@pytest.mark.parametrize(
    ("config", "where"),
    [
        ("contacts: [people]\ndashboard: notes/NETWORK.md\n", "notes"),
        ("contacts: [people]\n", "people/team"),
        ("contacts: [people, work]\n", "work"),
        ("contacts: ['people/*.md']\n", ""),
    ],
)
def test_reading_commands_sweep_every_folder_network_md_writes_in(
    make_vault, run, config, where, command
):
    root = make_vault({"people/ada.md": ADA}, config=config)
    folder = root / where
    folder.mkdir(parents=True, exist_ok=True)
    stale = folder / f".NETWORK.md.nmd-{dead_pid()}-k2j4x9a1.tmp"
    stale.write_bytes(b"half a file")
    result = run(root, command)
    assert result.exit_code in (0, 1), result.stderr
    assert not stale.exists()


def test_a_killed_writer_not_yet_reaped_is_gone_too(make_vault):
    root = make_vault({"people/ada.md": ADA})
    proc = subprocess.Popen(["sleep", "60"])
    stale = root / "people" / f".ada.md.nmd-{proc.pid}-k2j4x9a1.tmp"
    stale.write_bytes(b"half a file")
    proc.kill()
    try:
        deadline = time.monotonic() + 10  # until the killed process is a zombie, not reaped
        while not atomic._zombie(proc.pid) and time.monotonic() < deadline:
            time.sleep(0.01)
        done = subprocess.run(
            [script_path(), "--vault", str(root), "--today", TODAY.isoformat(), "list"],
            capture_output=True,
            text=True,
            timeout=30,
        )
        assert done.returncode == 0, done.stderr
        assert not stale.exists()
    finally:
        proc.wait()


def test_an_old_temp_file_goes_whatever_its_pid(make_vault, run):
    root = make_vault({"people/ada.md": ADA})
    old = root / "people" / f".ada.md.nmd-{os.getpid()}-oldoldol.tmp"
    old.write_bytes(b"x")
    hour_ago = time.time() - atomic.STALE_SECONDS - 5
    os.utime(old, (hour_ago, hour_ago))
    assert run(root, "list").exit_code == 0
    assert not old.exists()


def test_a_killed_import_leaves_no_temp_file_once_the_next_command_runs(make_vault, tmp_path):
    root = make_vault({"people/ada.md": ADA})
    cards = "".join(
        f"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Person {i:04d}\r\nNOTE:{'n' * 2000}\r\nEND:VCARD\r\n"
        for i in range(3000)
    )
    vcf = tmp_path / "many.vcf"
    vcf.write_text(cards, "utf-8")
    proc = start(root, "import", "vcard", str(vcf))
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and len(list((root / "people").iterdir())) < 30:
        time.sleep(0.01)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    # whatever the kill left (perhaps a temporary file), the next command leaves none
    done = subprocess.run(
        [script_path(), "--vault", str(root), "--today", TODAY.isoformat(), "status"],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    assert [p for p in vault_bytes(root) if is_temp_name(Path(p).name)] == []
    assert [p.name for p in (root / "people").iterdir() if p.name.startswith(".")] == []


@pytest.mark.parametrize("command", ["new", "import"])
def test_new_files_in_a_contacts_folder_symlinked_out_are_never_written(
    make_vault, outside, run, tmp_path, command
):
    root = make_vault()
    (root / "people").symlink_to(outside)
    card = tmp_path / "grace.vcf"
    card.write_text("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Grace Hopper\r\nEND:VCARD\r\n", "utf-8")
    args = ["new", "Grace Hopper"] if command == "new" else ["import", "vcard", str(card)]
    result = run(root, *args)
    assert result.exit_code == 1
    assert "outside the vault" in result.stderr and len(result.stderr.splitlines()) == 1
    assert sorted(p.name for p in outside.iterdir()) == ["victim.md"]


# --- every other writer, many at once ------------------------------------------------------------


def test_many_concurrent_new_of_one_name_make_one_file(make_vault):
    root = make_vault({"people/ada.md": ADA})
    results = finish([start(root, "new", "Grace Hopper") for _ in range(12)])
    codes = sorted(code for code, _ in results)
    assert codes.count(0) == 1 and set(codes) <= {0, 1, 2}, results
    made = sorted(p.name for p in (root / "people").iterdir())
    assert made == ["ada.md", "grace-hopper.md"]
    assert all(len(err.splitlines()) == 1 for code, err in results if code)


def test_many_concurrent_export_outputs_leave_one_whole_file(make_vault, tmp_path):
    root = make_vault({f"people/p{i}.md": f"# Person {i}\n" for i in range(40)})
    out = tmp_path / "out.csv"
    args = ["export", "--format", "csv", "--output", str(out)]
    results = finish([start(root, *args)])  # the file exists: the others race to replace it
    results += finish([start(root, *args) for _ in range(8)])
    assert all(code in (0, 1) for code, _ in results), results
    assert out.read_bytes().count(b"\r\n") == 41  # a header and 40 rows: never torn
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_many_concurrent_cache_writers_leave_a_sound_cache(make_vault, tmp_path):
    root = make_vault({f"people/p{i}.md": f"# Person {i}\n" for i in range(60)})
    results = finish([start(root, "status", "--json") for _ in range(10)])
    assert [code for code, _ in results] == [0] * 10
    # Whole, and trusted by the next run: read by the installed package the writers ran (run
    # from outside the checkout, so that `import network_md` is not the source tree, whose
    # files and so whose code stamp may differ).
    trusted = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys; from network_md.store.cache import Cache; "
            "print(Cache(__import__('pathlib').Path(sys.argv[1])).head is not None)",
            str(root),
        ],
        cwd=tmp_path,
        capture_output=True,
        text=True,
    )
    assert trusted.stdout.strip() == "True", trusted.stderr
    assert sorted(p.name for p in (root / ".network-md").iterdir()) == [".gitignore", "index"]


def test_where_a_folder_cannot_be_locked_a_hidden_lock_file_is_used(make_vault, run, monkeypatch):
    """NFS cannot flock a folder (EBADF); that file system cannot run here, so its refusal is
    reproduced at the one call that differs, and everything else runs for real."""
    import errno
    import stat as st

    real_flock = fcntl.flock

    def nfs_like(fd, op):
        if st.S_ISDIR(os.fstat(fd).st_mode):
            raise OSError(errno.EBADF, "Bad file descriptor")
        return real_flock(fd, op)

    monkeypatch.setattr(fcntl, "flock", nfs_like)
    root = make_vault({"people/ada.md": ADA})
    assert run(root, "log", "ada", "gave", "over nfs").exit_code == 0
    assert (root / "people" / atomic.FALLBACK_LOCK).is_file()
    listed = run(root, "list", "--json")
    assert [c["path"] for c in json.loads(listed.stdout)["contacts"]] == ["people/ada.md"]
    assert "over nfs" in (root / "people/ada.md").read_text("utf-8")


def test_an_edit_never_opens_what_is_not_a_regular_file(tmp_path):
    fifo = tmp_path / "ada.md"
    os.mkfifo(fifo)
    with pytest.raises(WriteError, match="not a regular file"):
        edit_file(fifo, lambda b: b + b"x")  # returns at once: the FIFO is never opened
    assert fifo.is_fifo()


# --- a batch of new files (an import) -----------------------------------------------------------


def _names(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def test_a_batch_never_overwrites_a_file_created_meanwhile_and_leaves_no_temp(tmp_path):
    people = tmp_path / "people"
    people.mkdir()
    items = [(people / f"{n}.md", f"new {n}\n".encode()) for n in ("ada", "bo", "cy", "dee")]
    linked = []

    def written(path):  # another program creates `cy.md` between two links of the batch
        linked.append(path.name)
        if path.name == "bo.md":
            (people / "cy.md").write_bytes(b"theirs\n")

    with pytest.raises(WriteError, match=r"^people/cy\.md already exists; nothing written"):
        atomic.write_new_files(items, tmp_path, written)
    assert (people / "cy.md").read_bytes() == b"theirs\n"
    assert linked == ["ada.md", "bo.md"]
    assert (people / "ada.md").read_bytes() == b"new ada\n"
    assert _names(people) == ["ada.md", "bo.md", "cy.md"]  # no dee.md, no temporary file


@pytest.mark.parametrize("kind", ["file", "dangling symlink", "folder"])
def test_a_batch_refuses_any_name_already_taken(tmp_path, kind):
    people = tmp_path / "people"
    people.mkdir()
    taken = people / "bo.md"
    if kind == "file":
        taken.write_bytes(b"mine\n")
    elif kind == "dangling symlink":
        taken.symlink_to(tmp_path / "nowhere.md")
    else:
        taken.mkdir()
    items = [(people / "ada.md", b"a\n"), (taken, b"b\n"), (tmp_path / "other" / "cy.md", b"c\n")]
    (tmp_path / "other").mkdir()
    with pytest.raises(WriteError, match="bo.md already exists"):
        atomic.write_new_files(items, tmp_path)
    assert not (tmp_path / "nowhere.md").exists()
    assert _names(people) == ["ada.md", "bo.md"]
    assert _names(tmp_path / "other") == []  # the later folder's batch never started
    assert not any(is_temp_name(p.name) for p in tmp_path.rglob("*"))


def test_a_batch_gives_the_files_and_modes_write_file_gives(tmp_path):
    one, batch = tmp_path / "one", tmp_path / "batch"
    data = {"people/ada.md": b"---\nname: Ada\n---\n", "people/team/bo.md": "é\n".encode()}
    for root in (one, batch):
        for rel in data:
            (root / rel).parent.mkdir(parents=True, exist_ok=True)
    for rel, content in data.items():
        write_file(one / rel, content, None, one)
    atomic.write_new_files([(batch / rel, content) for rel, content in data.items()], batch)
    for rel in data:
        assert (batch / rel).read_bytes() == (one / rel).read_bytes()
        assert os.stat(batch / rel).st_mode == os.stat(one / rel).st_mode
    assert vault_bytes(batch) == vault_bytes(one)


def test_a_batch_into_a_folder_that_leads_outside_the_vault_writes_nothing(tmp_path):
    vault, outside = tmp_path / "vault", tmp_path / "outside"
    vault.mkdir()
    outside.mkdir()
    (vault / "people").symlink_to(outside)
    with pytest.raises(WriteError, match="resolves outside the vault"):
        atomic.write_new_files([(vault / "people" / "ada.md", b"a\n")], vault)
    assert _names(outside) == []


# --- every error names its file in a field ------------------------------------------------------


def _refused(call) -> WriteError:
    with pytest.raises(WriteError) as caught:
        call()
    return caught.value


def _fails_on_its_file(exc: WriteError, path: str) -> None:
    """The error's `path` is the file it names, where its message names it: at the start."""
    assert exc.path == path and exc.message.startswith(path)
    assert exc.shown() == f"network-md: error: {exc.message}"  # the field adds no `error:`


def test_each_refused_write_says_its_file_in_path(tmp_path):
    root = tmp_path / "vault"
    (root / "people").mkdir(parents=True)
    ada = root / "people/ada.md"
    ada.write_text(ADA, encoding="utf-8")
    gone = root / "people/gone.md"
    fifo = root / "people/pipe.md"
    os.mkfifo(fifo)
    (tmp_path / "out.md").write_text("x", encoding="utf-8")
    (root / "people/out.md").symlink_to(tmp_path / "out.md")

    def refuse(before: bytes) -> bytes:
        raise WriteError("its front matter is never closed with '---'; fix that first")

    cases = [
        (lambda: write_file(ada, b"new", None), "ada.md", "ada.md already exists"),
        (lambda: write_file(ada, b"new", b"other bytes"), "ada.md", "ada.md changed on disk"),
        (lambda: edit_file(gone, lambda b: b), "gone.md", "gone.md: the file is gone"),
        (lambda: edit_file(fifo, lambda b: b), "pipe.md", "pipe.md: a FIFO"),
        (lambda: edit_file(ada, refuse), "ada.md", "ada.md: its front matter"),
        (lambda: edit_file(ada, refuse, root), "people/ada.md", "people/ada.md: its front"),
        (lambda: write_file(root / "people/out.md", b"x", OVERWRITE, root), "people/out.md", ""),
    ]
    for call, path, begins in cases:
        exc = _refused(call)
        _fails_on_its_file(exc, path)
        assert exc.message.startswith(begins)
    assert ada.read_text(encoding="utf-8") == ADA


def test_a_batch_names_the_file_it_refuses_in_path(tmp_path):
    (tmp_path / "people").mkdir()
    (tmp_path / "people/bo.md").write_bytes(b"x")
    items = [(tmp_path / "people/ann.md", b"a"), (tmp_path / "people/bo.md", b"b")]
    exc = _refused(lambda: atomic.write_new_files(items, tmp_path))
    _fails_on_its_file(exc, "people/bo.md")
    assert exc.reason() == "people/bo.md already exists; nothing written"  # no `: ` to drop


def test_reason_drops_only_the_files_own_name_and_colon():
    assert WriteError("ada.md: read-only", path="ada.md").reason() == "read-only"
    assert WriteError("ada.md: read-only").reason() == "ada.md: read-only"
    assert WriteError("ada.md.bak: x", path="ada.md").reason() == "ada.md.bak: x"


# --- a file written in pieces -----------------------------------------------------------------


def _pieces(*parts: bytes, fail_after: int | None = None, error=ValueError):
    """The parts one by one, as a caller making them would give them; with `fail_after`, the
    making fails after that many (the caller's own error)."""
    for i, part in enumerate(parts):
        if fail_after is not None and i == fail_after:
            raise error("the next piece cannot be made")
        yield part


@pytest.mark.parametrize("expected", ["overwrite", "read", "new"])
@pytest.mark.parametrize(
    "pieces",
    [
        lambda: [b"head ", b"", b"middle ", memoryview(b"tail\n")],
        lambda: _pieces(b"head ", b"middle ", bytearray(b"tail\n")),
        lambda: iter([b"head middle tail\n"]),
    ],
)
def test_a_file_written_in_pieces_holds_them_joined(tmp_path, expected, pieces):
    target = tmp_path / "f.bin"
    if expected != "new":
        target.write_bytes(b"old\n")
    want = {"overwrite": OVERWRITE, "read": b"old\n", "new": None}[expected]
    write_file(target, pieces(), want, tmp_path)
    assert target.read_bytes() == b"head middle tail\n"
    assert [p.name for p in tmp_path.iterdir()] == ["f.bin"]


@pytest.mark.parametrize("error", [ValueError, OSError])
@pytest.mark.parametrize("fail_after", [0, 1, 2])
@pytest.mark.parametrize("before", [b"old and whole\n", None])
def test_pieces_that_stop_midway_leave_the_file_as_it_was_and_no_temp(
    tmp_path, before, fail_after, error
):
    target = tmp_path / "f.bin"
    if before is not None:
        target.write_bytes(before)
    pieces = _pieces(b"a" * 70_000, b"b" * 70_000, b"c", fail_after=fail_after, error=error)
    # the caller's own error reaches it; one from the system is the writer's one clear error
    with pytest.raises(WriteError if error is OSError else ValueError):
        write_file(target, pieces, OVERWRITE if before else None, tmp_path)
    assert (target.read_bytes() if target.exists() else None) == before
    assert [p.name for p in tmp_path.iterdir()] == ([] if before is None else ["f.bin"])


def test_pieces_over_a_file_changed_meanwhile_write_nothing(tmp_path):
    target = tmp_path / "f.bin"
    target.write_bytes(b"changed by an editor\n")
    with pytest.raises(WriteError, match="changed on disk"):
        write_file(target, _pieces(b"new ", b"bytes\n"), b"what was read\n", tmp_path)
    assert target.read_bytes() == b"changed by an editor\n"
    assert [p.name for p in tmp_path.iterdir()] == ["f.bin"]


WRITER = """
import sys, time
from pathlib import Path
from network_md.store.atomic import write_file

def pieces():
    yield b"x" * 1_000_000
    print("halfway", flush=True)
    time.sleep(60)
    yield b"never"

write_file(Path(sys.argv[1]), pieces())
"""


def test_a_writer_killed_between_pieces_leaves_the_old_file_and_the_next_sweeps(make_vault, run):
    """A process killed while it writes a file in pieces (a cache, between two of them):
    the file is as it was, the half-written temporary file goes with the next command."""
    root = make_vault({"people/ada.md": ADA})
    target = root / "people" / "notes.bin"
    target.write_bytes(b"whole\n")
    proc = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(target)], stdout=subprocess.PIPE, text=True
    )
    try:
        assert proc.stdout.readline() == "halfway\n"
        temps = [p for p in (root / "people").iterdir() if is_temp_name(p.name)]
        assert len(temps) == 1 and temps[0].stat().st_size > 0
    finally:
        proc.kill()
        proc.wait()
        proc.stdout.close()
    assert target.read_bytes() == b"whole\n"
    assert run(root, "list").exit_code == 0
    assert [p.name for p in (root / "people").iterdir() if p.name.startswith(".")] == []
