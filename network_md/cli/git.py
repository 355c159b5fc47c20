"""`network-md git`: one vault in git on several machines, or shared by a team. `git setup`
routes contact files to network-md's merge driver; git runs `git merge-driver` on each contact
file both sides changed."""

from __future__ import annotations

import os
import re
import shlex
import sys
from functools import partial
from pathlib import Path

import click

from network_md.cli.main import Session, cli, pass_session
from network_md.core.errors import NetworkMdError, UsageError, WriteError
from network_md.store.safeopen import read_regular

ATTRIBUTES = ".gitattributes"
DRIVER = "network-md"
DRIVER_NAME = "network-md: log entries from both sides, front matter key by key"
ATTRIBUTES_HEADER = "# Contact files merge with network-md's merge driver (`network-md git setup`)"
LABELS = ("ours", "theirs")
PATTERN_NEEDS_QUOTES = re.compile(r'[\s"\\]')


def say(message: str) -> None:
    click.echo(message, err=True)


# --- what setup writes ---------------------------------------------------------------------------


def attribute_patterns(contacts: tuple) -> list[str]:
    """The .gitattributes patterns (relative to the vault root) that hold every contact file:
    `FOLDER/**/*.md` per folder; `*.md` for the whole vault or a glob (the driver itself tells
    a contact from any other Markdown file, so a wider pattern only costs a look)."""
    from network_md.store.vault import GLOB_CHARS

    if not contacts or any(GLOB_CHARS.search(c) for c in contacts):
        return ["*.md"]
    return [_quoted(f"{folder}/**/*.md") for folder in dict.fromkeys(contacts)]


def _quoted(pattern: str) -> str:
    """A pattern as .gitattributes reads it: C-quoted when it holds a space, a quote or `\\`."""
    if pattern.startswith(("#", "!")):
        pattern = "\\" + pattern
    if not PATTERN_NEEDS_QUOTES.search(pattern):
        return pattern
    return '"' + pattern.replace("\\", "\\\\").replace('"', '\\"') + '"'


def attributes_with(old: bytes, patterns: list[str]) -> tuple[bytes, list[str]]:
    """The .gitattributes bytes with a `PATTERN merge=network-md` line for each pattern it
    lacks (every byte it had kept, its newline style too), and the lines added."""
    text = old.decode("utf-8", "surrogateescape")
    have = {" ".join(line.split()) for line in text.splitlines()}
    missing = [f"{p} merge={DRIVER}" for p in patterns if f"{p} merge={DRIVER}" not in have]
    if not missing:
        return old, []
    nl = "\r\n" if "\r\n" in text else "\n"
    header = [] if ATTRIBUTES_HEADER in have else [ATTRIBUTES_HEADER]
    sep = "" if not text or text.endswith("\n") else nl
    added = nl.join(header + missing) + nl
    return (text + sep + added).encode("utf-8", "surrogateescape"), missing


def driver_command() -> str:
    """The command git runs to merge a contact file: this very network-md, by absolute path,
    so that it works whatever PATH git runs with (a GUI, a hook, a shell without the venv)."""
    argv0 = Path(sys.argv[0])
    script = Path(sys.executable).with_name("network-md")
    if argv0.name == "network-md" and argv0.is_file():
        command = shlex.quote(str(argv0.absolute()))
    elif script.is_file():
        command = shlex.quote(str(script))
    else:
        command = f"{shlex.quote(sys.executable)} -m network_md"
    return f"{command} git merge-driver %O %A %B %P"


def write_attributes(root: Path, contacts: tuple) -> list[str]:
    """Add the contact files' lines to the vault's .gitattributes; the lines it added."""
    from network_md.store.atomic import write_file

    path = root / ATTRIBUTES
    try:
        old = read_regular(path) if path.exists() else None
    except OSError as exc:
        raise WriteError(
            f"{ATTRIBUTES}: cannot be read ({exc.strerror}); nothing changed"
        ) from None
    new, added = attributes_with(old or b"", attribute_patterns(contacts))
    if added:
        write_file(path, new, old, root)
    return added


def set_driver(root: Path) -> list[str]:
    """The merge driver in the clone's own git config (never committed); the settings changed."""
    from network_md.store import git as gitops

    changed = []
    for key, value in (
        (f"merge.{DRIVER}.name", DRIVER_NAME),
        (f"merge.{DRIVER}.driver", driver_command()),
    ):
        if gitops.config_get(root, key) != value:
            gitops.config_set(root, key, value)
            changed.append(f"{key} = {value}")
    return changed


def setup_clone(root: Path, contacts: tuple) -> list[str]:
    """`.gitattributes` lines and the merge driver in the clone that holds `root`, saying what
    it did; the .gitattributes lines it added (to commit)."""
    from network_md.store import git as gitops

    gitops.require_git("`network-md git setup`")
    if gitops.work_tree_top(root) is None:
        raise UsageError(
            f"{root} is not inside a git work tree: clone the vault's repository, or run "
            "`git init` there first; nothing changed"
        )
    added = write_attributes(root, contacts)
    settings = set_driver(root)
    for line in added:
        say(f"Added to {ATTRIBUTES}: {line}")
    for setting in settings:
        say(f"Set in this clone's git config: {setting}")
    if not added and not settings:
        say(f"Nothing to do: {ATTRIBUTES} and this clone's merge driver are already set up.")
    return added


def init_git(path: Path, written: list[str]) -> None:
    """For `init --git`, after init wrote `written` (paths relative to `path`): the repository
    (unless `path` is in one already), the merge driver, and one commit of what init wrote."""
    from network_md.store import git as gitops
    from network_md.store.initfiles import VAULT_README

    try:
        gitops.require_git("--git")
        made = gitops.init_repo(path)
    except NetworkMdError as exc:
        raise NetworkMdError(f"the vault was made, but {exc.message}", 1) from None
    if made:
        say(f"Made a git repository in {path.resolve()}.")
    setup_clone(path, _contacts_of(path))
    readme = path / "README.md"
    if readme.is_file() and read_regular(readme) != VAULT_README.encode():
        written = [w for w in written if w != "README.md"]  # the folder's own, which init kept
    files = gitops.tracked_or_new(path, [*written, ATTRIBUTES])
    if files:
        gitops.commit_files(path, files, "init: a network-md vault")
        say(f"Committed {', '.join(files)}.")


def _contacts_of(root: Path) -> tuple:
    from network_md.store.vault import Vault

    return Vault.open(root).config.contacts


# --- the commands --------------------------------------------------------------------------------


@cli.group("git")
def git_group():
    """A vault in git on several machines or shared by a team: run `git setup` once in each
    clone; then git merges contact files with `git merge-driver`, keeping the log entries of
    both sides."""


@git_group.command()
@click.option(
    "--commit", is_flag=True, help="Commit .gitattributes (and nothing else) when it changed."
)
@pass_session
def setup(s: Session, commit):
    """Make this clone merge contact files with network-md. It adds .gitattributes lines (to
    commit) and sets the driver in this clone's git config (never committed); safe to run
    again."""
    from network_md.store import git as gitops
    from network_md.store.vault import Vault

    config = Vault.open(s.root).config  # the config alone: setup reads no contact file
    if setup_clone(s.root, config.contacts):
        if commit or config.autocommit:
            gitops.commit_files(
                s.root, [ATTRIBUTES], "git setup: contact files merge with network-md"
            )
            say(f"Committed {ATTRIBUTES}.")
        else:
            say(
                f"Commit {ATTRIBUTES} so that every clone merges contact files this way "
                f"(`git add {ATTRIBUTES} && git commit`, or `network-md git setup --commit`)."
            )


@git_group.command("merge-driver")
@click.argument("base", type=click.Path(dir_okay=False, path_type=Path))
@click.argument("ours", type=click.Path(dir_okay=False, path_type=Path))
@click.argument("theirs", type=click.Path(dir_okay=False, path_type=Path))
@click.argument("path")
def merge_driver(base: Path, ours: Path, theirs: Path, path: str):
    """Merge one file that changed on both sides; git runs this as `%O %A %B %P`. The result
    replaces OURS; exit 1 when a conflict is left for you to resolve."""
    from network_md.store.atomic import write_file

    data = [_read(base), _read(ours), _read(theirs)]
    result = _merged(data, path)
    write_file(ours, result.data, data[1])
    if result.conflicted:
        say(
            f"network-md: {path}: both sides changed the same thing; resolve the lines between "
            f"<<<<<<< and >>>>>>>, then `git add {path}`"
        )
        sys.exit(1)


def _merged(data: list[bytes], path: str):
    """The three versions of `path` merged: by parts for a contact file, else as git would."""
    from network_md.format import gitmerge
    from network_md.store import git as gitops

    here = Path.cwd()  # git runs the driver at the top of the work tree
    text_merge = partial(gitops.merge_file, labels=(LABELS[0], "base", LABELS[1]), cwd=here)
    heading = _log_heading(here / path)
    if heading is not None:
        style = gitops.config_get(here, "merge.conflictStyle", local=False) or ""
        base_label = "base" if style.lower() in ("diff3", "zdiff3") else None
        try:
            return gitmerge.merge(*data, text_merge, heading, LABELS, base_label)
        except NetworkMdError:
            raise
        except Exception as exc:  # a bug here must not cost theirs: git's own merge instead
            say(f"network-md: {path}: merged as plain text ({type(exc).__name__}: {exc})")
    return gitmerge.Merged(*text_merge(*data))


def _read(path: Path) -> bytes:
    try:
        return read_regular(path)
    except OSError as exc:
        raise UsageError(f"{path}: cannot be read ({exc.strerror})") from None


def _log_heading(file: Path) -> str | None:
    """The log heading to merge by when `file` is a contact file of a vault; None when it is
    any other file (a daily note, a README, a file outside any vault), which merges as text."""
    from network_md.format.config import CONFIG_NAME
    from network_md.store.vault import ENV_VAULT, Vault

    file = file.absolute()
    root = next((d for d in file.parents if (d / CONFIG_NAME).is_file()), None)
    env = os.environ.get(ENV_VAULT)
    if root is None and env and Path(env).absolute() in file.parents:
        root = Path(env).absolute()
    if root is None:
        return None
    try:
        vault = Vault.open(root)
    except NetworkMdError:
        return None  # a config that cannot be read: git's own merge is the safe one
    rel = file.relative_to(root).as_posix()
    if not vault.filter.wanted(rel):  # a daily note is not a contact file either
        return None
    return vault.config.log_heading
