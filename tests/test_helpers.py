"""The builders tests/helpers.py shares: each does what its callers take for granted."""

from __future__ import annotations

import json

import pytest
from helpers import REAL_WORLD, TODAY, real_people, run_script


def test_run_script_runs_the_installed_command_on_the_vault_with_today_pinned(make_vault):
    root = make_vault({"people/ada.md": "---\nname: Ada\ncircle: inner\n---\n"})
    done = run_script(root, "today", "--json")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["today"] == TODAY.isoformat()
    assert (root / ".network-md").is_dir()  # its own process, its cache on disk
    bad = run_script(root, "show", "nobody")
    assert bad.returncode == 2 and isinstance(bad.stderr, str)


def test_real_people_are_the_obsidian_notes_under_people():
    files = real_people()
    folder = REAL_WORLD / "obsidian-people"
    if not folder.is_dir():
        assert files == {}
        pytest.skip("the real-world Obsidian notes are not here")
    notes = sorted(folder.rglob("*.md"))
    assert len(files) == len(notes) >= 30
    for note in notes:
        assert files["people/" + note.relative_to(folder).as_posix()] == note.read_bytes()


def test_open_copy_is_the_vault_byte_for_byte_in_a_folder_every_user_may_write(
    make_vault, open_dir
):
    import stat

    from helpers import open_copy, vault_bytes

    vault = make_vault({"people/ada.md": "---\nname: Ada\n---\n", "notes/x.md": "x\n"})
    root = open_copy(vault, open_dir)
    assert vault_bytes(root) == vault_bytes(vault)
    for folder in (open_dir, root, root / "people"):
        assert stat.S_IMODE(folder.stat().st_mode) == 0o777
