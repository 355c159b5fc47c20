"""Committing the one file a command wrote, and nothing else."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from .errors import UsageError, WriteError


def _git(root: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True)


def require_work_tree(root: Path) -> None:
    """UsageError (exit 2, before anything is written) unless git runs and `root` is in a work tree."""
    if shutil.which("git") is None:
        raise UsageError(
            "--commit needs git, and git is not installed (or not on PATH); nothing written"
        )
    done = _git(root, "rev-parse", "--is-inside-work-tree")
    if done.returncode != 0 or done.stdout.strip() != "true":
        raise UsageError(
            f"--commit: {root} is not inside a git work tree (run `git init` there, "
            "or `network-md init --git`); nothing written"
        )


def commit_file(root: Path, rel: str, message: str) -> None:
    """Stage and commit only `rel`; other changes, staged or not, stay as they were.
    A failure here comes after the file was written, and says so (exit 1)."""
    steps = (("add", "--", rel), ("commit", "--quiet", "-m", message, "--only", "--", rel))
    for step in steps:
        done = _git(root, *step)
        if done.returncode != 0:
            detail = (done.stderr or done.stdout).strip().splitlines()
            raise WriteError(
                f"{rel} was written, but git {step[0]} failed: {detail[-1] if detail else 'unknown error'}"
            )
