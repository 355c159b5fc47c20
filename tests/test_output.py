"""`--output FILE` alike for every command that writes one file (cli/output.py): the guard that
never replaces a file of another kind, FIFOs refused without a wait, the atomic write."""

from __future__ import annotations

import os
import subprocess

import pytest
from helpers import TODAY, script_path

ADA = "---\nname: Ada Lovelace\ncircle: close\n---\n## Log\n- 2026-11-20 gave: an article\n"

# Every command with --output, and what its guard calls a file of its own kind.
GUARDED = {
    "calendar": (["calendar"], "a calendar"),
    "graph": (["graph", "--format", "json"], "a json graph"),
    "graph-dot": (["graph", "--format", "dot"], "a dot graph"),
    "report": (["report"], "a network-md report"),
}
WRITERS = {**{k: v[0] for k, v in GUARDED.items()}, "export": ["export", "--format", "csv"]}


@pytest.fixture
def vault(make_vault):
    return make_vault({"people/ada.md": ADA})


@pytest.mark.parametrize("command", GUARDED)
@pytest.mark.parametrize(
    "existing",
    [
        b"my notes\n",
        b"---\nname: Bo\n---\n",
        b" " * 100 + b"my notes after a long blank start\n",
        b"\xef\xbb\xbf\n\n" + b"\t" * 5000 + b"# notes\n",
    ],
    ids=["note", "contact", "blank-head", "long-blank-head"],
)
def test_output_never_replaces_a_file_of_another_kind(vault, run, tmp_path, command, existing):
    args, what = GUARDED[command]
    target = tmp_path / "out"
    target.write_bytes(existing)
    r = run(vault, *args, "--output", str(target))
    assert r.exit_code == 2 and r.stdout == ""
    assert r.stderr.splitlines() == [
        f"network-md: error: --output {target}: the file is there and is not {what}; "
        "nothing written"
    ]
    assert target.read_bytes() == existing


@pytest.mark.parametrize("command", GUARDED)
@pytest.mark.parametrize("existing", [b"", b"\n", b"\xef\xbb\xbf", b" \t\r\n\x0b\x0c" * 30])
def test_output_replaces_a_file_that_holds_nothing(vault, run, tmp_path, command, existing):
    args, _ = GUARDED[command]
    target = tmp_path / "out"
    target.write_bytes(existing)
    r = run(vault, *args, "--output", str(target))
    assert r.exit_code == 0, r.stderr
    assert target.read_bytes() == run(vault, *args).stdout_bytes
    # and again: what it wrote is of its own kind
    assert run(vault, *args, "--output", str(target)).exit_code == 0


@pytest.mark.parametrize("command", WRITERS)
def test_output_to_a_fifo_is_refused_at_once(vault, tmp_path, command):
    fifo = tmp_path / "out"
    os.mkfifo(fifo)
    argv = [script_path(), "--vault", str(vault), "--today", TODAY.isoformat()]
    done = subprocess.run(
        [*argv, *WRITERS[command], "--output", str(fifo)], capture_output=True, timeout=60
    )
    assert done.returncode == 2 and done.stdout == b""
    assert done.stderr.decode().splitlines() == [
        f"network-md: error: --output {fifo}: not a regular file; nothing written"
        " (without --output: stdout)"
    ]
    assert fifo.is_fifo()


@pytest.mark.parametrize("command", WRITERS)
def test_output_in_a_missing_folder_is_one_line_exit_2(vault, run, tmp_path, command):
    target = tmp_path / "nowhere" / "out"
    r = run(vault, *WRITERS[command], "--output", str(target))
    assert r.exit_code == 2 and r.stdout == ""
    assert r.stderr.splitlines() == [
        f"network-md: error: --output {target}: the folder {target.parent} does not exist; "
        "nothing written"
    ]
    assert not target.parent.exists()


@pytest.mark.parametrize("command", WRITERS)
def test_output_writes_what_stdout_shows_and_says_so(vault, run, tmp_path, command):
    (tmp_path / "outs").mkdir()
    target = tmp_path / "outs" / "out"
    r = run(vault, *WRITERS[command], "--output", str(target))
    assert r.exit_code == 0 and r.stdout == ""
    assert r.stderr.startswith("Wrote ") and str(target) in r.stderr
    assert target.read_bytes() == run(vault, *WRITERS[command]).stdout_bytes
    assert [p.name for p in target.parent.iterdir()] == ["out"]  # no temporary left
