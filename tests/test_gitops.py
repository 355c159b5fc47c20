"""gitops, the one way network-md runs git: merge-file, a clone's config, what changed."""

from __future__ import annotations

import shutil

import pytest
from helpers import git

from network_md.core.errors import UsageError, WriteError
from network_md.store import git as gitops

pytestmark = [
    pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed"),
    pytest.mark.usefixtures("git_identity"),
]
LABELS = ("ours", "base", "theirs")


def test_merge_file_is_gits_own_three_way_merge():
    base = b"one\ntwo\nthree\n"
    assert gitops.merge_file(base, b"ONE\ntwo\nthree\n", b"one\ntwo\nTHREE\n", LABELS) == (
        b"ONE\ntwo\nTHREE\n",
        False,
    )
    data, conflicted = gitops.merge_file(base, b"1\ntwo\nthree\n", b"uno\ntwo\nthree\n", LABELS)
    assert conflicted
    assert data == b"<<<<<<< ours\n1\n=======\nuno\n>>>>>>> theirs\ntwo\nthree\n"


def test_merge_file_refuses_binary_input_with_one_line():
    with pytest.raises(WriteError, match="git merge-file failed"):
        gitops.merge_file(b"\0a", b"\0b", b"\0c", LABELS)


def test_config_of_a_clone_and_what_changed_in_a_subfolder(tmp_path):
    repo = tmp_path / "repo"
    (repo / "vault").mkdir(parents=True)
    assert gitops.init_repo(repo) and not gitops.init_repo(repo / "vault")
    assert gitops.config_get(repo, "merge.x.driver") is None
    gitops.config_set(repo / "vault", "merge.x.driver", "cat %A")
    assert gitops.config_get(repo, "merge.x.driver") == "cat %A"
    vault = repo / "vault"
    (vault / "a b.md").write_text("new\n")
    (vault / "kept.md").write_text("kept\n")
    gitops.commit_files(vault, ["kept.md"], "kept")
    assert gitops.tracked_or_new(vault, ["a b.md", "kept.md", "gone.md"]) == ["a b.md"]
    assert git(repo, "show", "--name-only", "--format=", "HEAD").split() == ["vault/kept.md"]


def test_require_work_tree_outside_one_is_a_usage_error(tmp_path):
    with pytest.raises(UsageError, match="not inside a git work tree"):
        gitops.require_work_tree(tmp_path)
