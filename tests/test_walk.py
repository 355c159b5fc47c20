"""The walk finds the same files whether or not it takes their stats (a cold index takes none)."""

from __future__ import annotations

import os
import socket
import stat as st

import pytest

from network_md.store.vault import Index, Vault
from network_md.store.walk import walk

ADA = "---\nname: Ada\n---\n## Log\n- 2026-11-20 gave: x\n"


@pytest.fixture
def odd_tree(make_vault):
    """Contacts beside every kind of entry a walk meets: folders (one named like a contact, one
    hidden, one symlinked, one a loop), a FIFO, a socket, a device, symlinks to a file, to a
    device and to nothing, a killed writer's temporary file, and files that are not `.md`."""
    root = make_vault(
        {
            "people/ada.md": ADA,
            "people/odd.md/inner.md": ADA,
            "people/team/bob.md": ADA,
            "people/.hidden/no.md": ADA,
            "people/.ada.md.nmd-1-x.tmp": "left by a killed writer",
            "people/notes.txt": "not markdown",
            "people/README": "not markdown",
            "elsewhere/carol.md": ADA,
            "elsewhere/deep/dan.md": ADA,
        }
    )
    people = root / "people"
    os.mkfifo(people / "pipe.md")
    sock = socket.socket(socket.AF_UNIX)
    sock.bind(str(people / "sock.md"))
    (people / "zero.md").symlink_to("/dev/zero")
    (people / "dangling.md").symlink_to(people / "missing.md")
    (people / "alias.md").symlink_to(people / "ada.md")
    (people / "linked").symlink_to(root / "elsewhere", target_is_directory=True)
    (people / "loop").symlink_to("..", target_is_directory=True)
    (people / "folder-link.md").symlink_to(root / "elsewhere" / "deep", target_is_directory=True)
    try:
        os.mknod(people / "null.md", st.S_IFCHR | 0o600, os.makedev(1, 3))
    except OSError:
        pass  # no device nodes here: the symlink to /dev/zero stands for them
    yield root
    sock.close()


def both(root, keep=lambda rel: True):
    folders = [(root / "people", "people")]
    return walk(folders, keep, stats=True), walk(folders, keep, stats=False)


def test_the_same_files_with_and_without_stats(odd_tree):
    (with_stats, stale), (without, stale_too) = both(odd_tree)
    assert set(without) == set(with_stats)
    assert {"people/ada.md", "people/odd.md/inner.md", "people/alias.md"} <= set(without)
    # through a symlinked folder (or the loop: each folder once, whichever way comes first)
    assert any(p.endswith("/carol.md") for p in without)
    assert any(p.endswith("/dan.md") for p in without)
    for odd in ("pipe", "sock", "zero", "dangling", "null", "folder-link"):
        assert f"people/{odd}.md" not in without
    assert not any(".hidden" in p for p in without)
    assert set(without.values()) == {None}
    assert all(st.S_ISREG(s.st_mode) for s in with_stats.values())
    assert sorted(stale_too) == sorted(stale) == [str(odd_tree / "people/.ada.md.nmd-1-x.tmp")]


def test_keep_decides_alike_without_stats(odd_tree):
    keep = lambda rel: not rel.startswith("people/team/")  # noqa: E731
    (with_stats, _), (without, _) = both(odd_tree, keep)
    assert set(without) == set(with_stats)
    assert "people/team/bob.md" not in without and "people/ada.md" in without


def test_an_empty_index_walks_without_stats_and_reads_the_same(odd_tree):
    """A cold index (nothing indexed) takes no stats, a warm one does; the contacts, their
    stamps and problems are the same either way."""
    cold = Index(Vault.open(odd_tree))
    cold.refresh()
    warm = Index(Vault.open(odd_tree))
    warm.put("people/ada.md", cold.get("people/ada.md"))  # something indexed: stats taken
    warm.refresh()
    assert cold.contacts() == warm.contacts() and cold.contacts()
    assert cold.problems() == warm.problems()
    assert {p: f.stamp for p, f in cold.files.items()} == {
        p: f.stamp for p, f in warm.files.items()
    }
    assert cold.vault.discover(stats=False).keys() == cold.vault.discover().keys()
