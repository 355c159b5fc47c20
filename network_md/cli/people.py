"""Commands that change who is in the vault: archive, unarchive, merge, rename."""

from __future__ import annotations

import click

from network_md.cli.completion import complete_name
from network_md.cli.main import Session, cli, emit, pass_session
from network_md.cli.write import _commit_wanted, _set_snooze, commit_option, say
from network_md.core.errors import UsageError, WriteError

# --- archive ---------------------------------------------------------------------------------


@cli.command()
@click.argument("name", shell_complete=complete_name)
@click.option(
    "--why", help='Why (moved on, a duplicate, a deleted connection); --why "" removes it.'
)
@commit_option
@pass_session
def archive(s: Session, name, why, commit):
    """Archive NAME: out of every count, flag and the agenda, its history kept; imports never
    bring it back as a new file."""
    from network_md.format.fields import is_archived, known
    from network_md.format.yamlsafe import yaml_scalar

    contact = s.contact(name)
    values = {}
    already = is_archived(contact.fields, s.today.toordinal())
    if not already:
        values["archived"] = s.today.isoformat()
    if why is not None:
        values["archived_why"] = yaml_scalar(why.strip()) if why.strip() else None
    since = known(contact.fields).get("archived")
    _set_snooze(
        s,
        contact.path,
        values,
        commit,
        "Archived {name}"
        + ("" if already else f" on {s.today.isoformat()}")
        + ": out of counts, flags and the agenda (`network-md unarchive` brings them back)",
        "archive: {name}",
        "{name} is already archived" + (f" ({since})" if since else "") + "; nothing changed",
    )


@cli.command()
@click.argument("name", shell_complete=complete_name)
@commit_option
@pass_session
def unarchive(s: Session, name, commit):
    """Bring NAME back from the archive: counted, flagged and on the agenda again."""
    contact = s.contact(name)
    _set_snooze(
        s,
        contact.path,
        {"archived": None, "archived_why": None},
        commit,
        "Unarchived {name}",
        "unarchive: {name}",
        "{name} is not archived; nothing changed",
    )


# --- merge -----------------------------------------------------------------------------------


def _read(s: Session, rel: str) -> bytes:
    from network_md.store.atomic import read_for_edit

    with s.naming(s.root / rel):
        return read_for_edit(s.root / rel)


def _named(rel: str, call):
    """`call()`, a WriteError about a file's text named by that file."""
    try:
        return call()
    except WriteError as exc:
        raise WriteError(f"{rel}: {exc.message}", exc.exit_code) from None


@cli.command()
@click.argument("keep", shell_complete=complete_name)
@click.argument("other", shell_complete=complete_name)
@click.option("--dry-run", is_flag=True, help="Show what would change; write nothing.")
@commit_option
@pass_session
def merge(s: Session, keep, other, dry_run, commit):
    """One person in two files becomes one: KEEP keeps every byte it has and gains OTHER's log
    entries, names (as aliases), notes and the keys it lacks; OTHER's file is removed."""
    from network_md.format.edit import Text
    from network_md.format.merge import merge as merged_bytes
    from network_md.format.merge import refuse_bad_yaml
    from network_md.store.batch import Change, apply

    kept, gone = s.contact(keep), s.contact(other)
    if kept.path == gone.path:
        raise UsageError(
            f"'{keep}' and '{other}' are one contact ({kept.name}, {kept.path}); nothing to merge"
        )
    wants_commit = False if dry_run else _commit_wanted(s, commit)
    keep_bytes, other_bytes = _read(s, kept.path), _read(s, gone.path)
    for rel, data in ((kept.path, keep_bytes), (gone.path, other_bytes)):
        _named(rel, lambda data=data: refuse_bad_yaml(Text(data).text))
    names = [gone.name, *gone.aliases]
    result = _named(
        gone.path,
        lambda: merged_bytes(
            keep_bytes, other_bytes, names, gone.path, s.today, s.config.log_heading
        ),
    )
    links = _links_following(s, gone, kept.path, {kept.path: result.data, gone.path: None})
    changes = [
        Change(kept.path, keep_bytes, result.data),
        *links,
        Change(gone.path, other_bytes, None),
    ]
    if dry_run:
        _show_changes(s, changes)
        _say_merge(kept, gone, result, links, "Would merge")
        return
    apply(s.root, changes)
    _say_merge(kept, gone, result, links, "Merged")
    if wants_commit:
        _commit_batch(s, changes, f"merge: {gone.name} into {kept.name}")


def _say_merge(kept, gone, result, links, verb: str) -> None:
    from network_md.core.quote import show_value

    parts = [f"{result.entries} entr{'y' if result.entries == 1 else 'ies'}"]
    if result.duplicates:
        parts.append(f"{result.duplicates} already there")
    if result.aliases:
        parts.append("aliases " + ", ".join(result.aliases))
    if result.keys:
        parts.append("keys " + ", ".join(result.keys))
    if result.notes:
        parts.append("notes")
    say(f"{verb} {gone.name} ({gone.path}) into {kept.name} ({kept.path}): {'; '.join(parts)}")
    for c in result.conflicts:
        say(
            f"  {c.key}: {kept.path} keeps '{show_value(c.keep)}'; {gone.name}'s "
            f"'{show_value(c.other)}' is kept under `merged:` in {kept.path}"
        )
    for ch in links:
        say(f"  links to {gone.path} in {ch.path} now point at {kept.path}")
    removed = "would be removed" if verb.startswith("Would") else "removed"
    say(f"  {gone.path} {removed}")


def _show_changes(s: Session, changes) -> None:
    """A unified diff of each change on stdout (a removed file: its removal)."""
    import difflib

    from network_md.core.terminal import printable

    for ch in changes:
        old = (ch.before or b"").decode("utf-8", "replace").splitlines(keepends=True)
        new = (ch.after or b"").decode("utf-8", "replace").splitlines(keepends=True)
        if ch.after is None:
            emit(printable(f"removed: {ch.path}"))
            continue
        label_old = "/dev/null" if ch.before is None else f"a/{ch.path}"
        for line in difflib.unified_diff(old, new, label_old, f"b/{ch.path}"):
            emit(printable(line.rstrip("\r\n")))


def _commit_batch(s: Session, changes, message: str) -> None:
    from network_md.store.git import commit_changes

    written = [c.path for c in changes if c.after is not None]
    removed = [c.path for c in changes if c.after is None]
    commit_changes(s.root, written, removed, message)
    say(f"Committed: {message}")


def _links_following(s: Session, gone, new_path: str, pending: dict) -> list:
    """The other files whose links name `gone` by its file (stem or path), rewritten to name
    `new_path`'s file; links by name need nothing (the name lives on as an alias)."""
    return []
