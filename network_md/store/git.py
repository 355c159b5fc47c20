"""Every call network-md makes to git: repositories, commits of the files a command wrote,
settings in a clone's own config, and git's own three-way merge of a text."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from network_md.core.errors import UsageError, WriteError

MERGE_ERROR = 128  # `git merge-file` exits with the number of conflicts below this, or fails


def run(
    root: Path, *args: str, data: bool = False, stdin: bytes | None = None
) -> subprocess.CompletedProcess:
    """`git -C root ARGS`, output captured (bytes with `data` or `stdin`, else text)."""
    binary = data or stdin is not None
    return subprocess.run(
        ["git", "-C", str(root), *args], capture_output=True, text=not binary, input=stdin
    )


def _last_line(done: subprocess.CompletedProcess) -> str:
    out = done.stderr or done.stdout or ""
    if isinstance(out, bytes):
        out = out.decode("utf-8", "replace")
    lines = out.strip().splitlines()
    return lines[-1] if lines else "unknown error"


def require_git(why: str) -> None:
    """UsageError (exit 2) when git is not installed; `why` says what needed it."""
    if shutil.which("git") is None:
        raise UsageError(f"{why} needs git, and git is not installed (or not on PATH)")


def work_tree_top(path: Path) -> Path | None:
    """The top folder of the git work tree that holds `path`, or None."""
    done = run(path, "rev-parse", "--show-toplevel")
    if done.returncode != 0 or not done.stdout.strip():
        return None
    return Path(done.stdout.strip())


def require_work_tree(root: Path) -> None:
    """UsageError (exit 2, before anything is written) unless git runs and `root` is in a work tree."""
    require_git("--commit")
    done = run(root, "rev-parse", "--is-inside-work-tree")
    if done.returncode != 0 or done.stdout.strip() != "true":
        raise UsageError(
            f"--commit: {root} is not inside a git work tree (run `git init` there, "
            "or `network-md init --git`); nothing written"
        )


def init_repo(path: Path) -> bool:
    """Make `path` a git repository unless it is inside one already; True when one was made."""
    if work_tree_top(path) is not None:
        return False
    done = run(path, "init", "--quiet")
    if done.returncode != 0:
        raise WriteError(f"`git init` failed in {path}: {_last_line(done)}")
    return True


def commit_files(root: Path, rels: list[str], message: str) -> None:
    """Stage and commit only `rels` (paths relative to `root`), in one commit; other changes,
    staged or not, stay as they were. A failure here comes after the files were written, and
    says so (exit 1)."""
    paths = b"\0".join(map(os.fsencode, rels)) + b"\0"  # any number; a name's own bytes
    spec = ("--pathspec-from-file=-", "--pathspec-file-nul")
    for step in (("add", *spec), ("commit", "--quiet", "-m", message, "--only", *spec)):
        done = run(root, *step, stdin=paths)
        if done.returncode != 0:
            written = rels[0] if len(rels) == 1 else f"{len(rels):,} files"
            verb = "was" if len(rels) == 1 else "were"
            raise WriteError(
                f"{written} {verb} written, but git {step[0]} failed: {_last_line(done)}"
            )


def commit_file(root: Path, rel: str, message: str) -> None:
    """Stage and commit only `rel`."""
    commit_files(root, [rel], message)


def tracked_or_new(root: Path, rels: list[str]) -> list[str]:
    """Those of `rels` that differ from the last commit (new, changed), ignored files left out."""
    done = run(root, "status", "--porcelain", "-z", "--untracked-files=all", "--", *rels)
    if done.returncode != 0:
        raise WriteError(f"git status failed in {root}: {_last_line(done)}")
    changed = {item[3:] for item in done.stdout.split("\0") if len(item) > 3}
    top = work_tree_top(root) or root
    prefix = Path(os.path.relpath(root.resolve(), top.resolve())).as_posix()
    strip = "" if prefix == "." else prefix + "/"
    return [rel for rel in rels if strip + rel in changed]


def config_get(root: Path, key: str, local: bool = True) -> str | None:
    """A setting of the clone's own config (`.git/config`; with `local` false, the setting in
    force there, from any config file), or None when unset."""
    done = run(root, "config", *(["--local"] if local else []), "--get", key)
    return done.stdout.rstrip("\n") if done.returncode == 0 else None


def config_set(root: Path, key: str, value: str) -> None:
    done = run(root, "config", "--local", key, value)
    if done.returncode != 0:
        raise WriteError(f"git config {key} failed: {_last_line(done)}")


def merge_file(
    base: bytes, ours: bytes, theirs: bytes, labels: tuple[str, str, str], cwd: Path | None = None
) -> tuple[bytes, bool]:
    """git's own three-way merge of three texts: (result, conflicted), conflicts marked as git
    marks them. `labels` name ours, base and theirs in the markers. Run in `cwd` (a clone), git
    also follows that clone's `merge.conflictStyle`."""
    with tempfile.TemporaryDirectory(prefix="network-md-merge-") as tmp:
        names = []
        for name, content in (("ours", ours), ("base", base), ("theirs", theirs)):
            file = Path(tmp) / name
            file.write_bytes(content)
            names.append(str(file))
        ours_label, base_label, theirs_label = labels
        args = ["merge-file", "-p", "-L", ours_label, "-L", base_label, "-L", theirs_label]
        done = run(cwd or Path(tmp), *args, *names, data=True)
    if done.returncode < 0 or done.returncode >= MERGE_ERROR:
        raise WriteError(f"git merge-file failed: {_last_line(done)}")
    return done.stdout, done.returncode > 0


def commit_changes(root: Path, written: list[str], removed: list[str], message: str) -> None:
    """One commit of the files a command wrote and of those it removed (a removed file that git
    never tracked has nothing to commit); nothing else."""
    done = run(root, "ls-files", "-z", "--", *removed) if removed else None
    # ls-files names paths relative to the folder it runs in: the vault's root
    tracked = set(done.stdout.split("\0")) if done is not None and done.returncode == 0 else set()
    gone = [rel for rel in removed if rel in tracked]
    commit_files(root, [*written, *gone], message)
