"""Every file network-md opens itself is read only when it is a regular file: a FIFO, a device
or a folder in its place is refused at once (a FIFO would make the command wait forever)."""

from __future__ import annotations

import os
import subprocess

import pytest
from helpers import TODAY, script_path

from network_md.core.errors import WriteError
from network_md.store.atomic import _locked
from network_md.store.safeopen import NotRegularFile, read_regular

ADA = "---\nname: Ada Lovelace\n---\n\n## Log\n- 2026-11-20 gave: x\n"


def network_md(root, *args, cwd=None):
    """The installed script, with a timeout: a hang is a failure, not a stuck test run."""
    return subprocess.run(
        [script_path(), *(["--vault", str(root)] if root else []), "--today", TODAY.isoformat()]
        + list(args),
        capture_output=True,
        text=True,
        timeout=30,
        cwd=cwd,
    )


def test_read_regular_reads_a_file_and_refuses_anything_else(tmp_path):
    (tmp_path / "f").write_bytes(b"bytes\x00")
    assert read_regular(tmp_path / "f") == b"bytes\x00"
    os.mkfifo(tmp_path / "fifo")
    with pytest.raises(NotRegularFile, match="FIFO"):
        read_regular(tmp_path / "fifo")  # at once: the FIFO has no writer
    with pytest.raises(NotRegularFile, match="a folder"):
        read_regular(tmp_path)
    with pytest.raises(NotRegularFile, match="not a regular file"):
        read_regular("/dev/null")
    with pytest.raises(FileNotFoundError):
        read_regular(tmp_path / "missing")


def test_read_regular_and_open_regular_refuse_alike_and_keep_no_descriptor(tmp_path):
    from network_md.store.safeopen import open_regular

    (tmp_path / "f").write_bytes(b"bytes")
    os.mkfifo(tmp_path / "fifo")
    before = sorted(os.listdir("/proc/self/fd"))
    for _ in range(50):
        for path in (tmp_path / "fifo", tmp_path, "/dev/null", tmp_path / "missing"):
            for opener in (read_regular, open_regular):
                with pytest.raises(OSError) as caught:
                    opener(path)
                assert isinstance(caught.value, (NotRegularFile, FileNotFoundError))
        assert read_regular(tmp_path / "f") == b"bytes"
        os.close(open_regular(tmp_path / "f"))
    assert sorted(os.listdir("/proc/self/fd")) == before


def test_read_again_reads_only_the_file_it_was_told_of_and_all_it_asked(tmp_path):
    from network_md.store.safeopen import file_identity, read_again

    path = tmp_path / "cache"
    path.write_bytes(b"0123456789")
    same = file_identity(os.stat(path))
    assert read_again(path, same, 4, 3) == b"3456"
    assert read_again(path, same, 0, 10) == b""
    assert read_again(path, same, 4, 8) is None  # not all there
    other = tmp_path / "other"
    other.write_bytes(b"0123456789")
    os.replace(other, path)  # the same bytes, another file
    assert read_again(path, same, 4, 3) is None
    same = file_identity(os.stat(path))
    with open(path, "ab") as fh:
        fh.write(b"more")  # written since
    assert read_again(path, same, 4, 3) is None
    path.unlink()
    assert read_again(path, same, 4, 3) is None
    os.mkfifo(path)
    assert read_again(path, same, 4, 3) is None  # at once: never a wait


@pytest.mark.parametrize(
    "command",
    [["list"], ["status", "--json"], ["check"], ["new", "Bo Smith"], ["gave", "ada", "x"]],
)
def test_a_fifo_as_the_cache_is_no_cache_never_a_hang(make_vault, command):
    root = make_vault({"people/ada.md": ADA})
    (root / ".network-md").mkdir()
    os.mkfifo(root / ".network-md/index")
    done = network_md(root, *command)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    assert network_md(root, "list").returncode == 0  # the cache written over it works


@pytest.mark.parametrize("kind", ["fifo", "folder"])
def test_a_template_that_is_not_a_file_is_exit_2_not_a_hang(make_vault, kind):
    root = make_vault({"people/ada.md": ADA})
    (root / "templates").mkdir()
    target = root / "templates/contact.md"
    os.mkfifo(target) if kind == "fifo" else target.mkdir()
    done = network_md(root, "new", "Bo Smith")
    assert done.returncode == 2
    assert done.stderr.startswith("network-md: error: templates/contact.md: ")
    assert done.stderr.count("\n") == 1 and not (root / "people/bo-smith.md").exists()


@pytest.mark.parametrize(
    "command", [["import", "vcard"], ["import", "linkedin"], ["import", "vcard", "--dry-run"]]
)
def test_an_import_input_that_is_a_fifo_is_exit_2_not_a_hang(make_vault, tmp_path, command):
    root = make_vault({"people/ada.md": ADA})
    fifo = tmp_path / "input.vcf"
    os.mkfifo(fifo)
    done = network_md(root, *command[:2], str(fifo), *command[2:])
    assert done.returncode == 2
    assert f"{fifo} is a FIFO (named pipe), not a regular file; nothing imported" in done.stderr


def test_the_fallback_lock_file_that_is_a_fifo_is_refused(tmp_path):
    fifo = tmp_path / ".network-md.lock"
    os.mkfifo(fifo)
    with pytest.raises(WriteError, match="FIFO"):
        _locked(fifo, os.O_RDWR | os.O_CREAT | os.O_NONBLOCK, tmp_path)


@pytest.mark.parametrize("kind", ["fifo", "folder"])
def test_a_config_that_is_not_a_file_is_named_when_the_vault_is_looked_for(make_vault, kind):
    root = make_vault({"people/ada.md": ADA}, config=None)
    config = root / ".network-md.yaml"
    os.mkfifo(config) if kind == "fifo" else config.mkdir()
    (root / "people/sub").mkdir()
    what = "a FIFO (named pipe), not a regular file" if kind == "fifo" else "a folder, not a file"
    for cwd in (root, root / "people/sub"):  # found from the vault and from below it
        done = network_md(None, "list", cwd=cwd)
        assert done.returncode == 2
        assert done.stderr.strip() == (
            f"{config}: error: {what}; the vault's config must be a file"
        )
    done = network_md(root, "list")
    assert done.returncode == 2 and what in done.stderr
