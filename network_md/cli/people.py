"""Commands that change who is in the vault: archive, unarchive, merge, rename."""

from __future__ import annotations

import click

from network_md.cli.completion import complete_name
from network_md.cli.main import Session, cli, emit, pass_session
from network_md.cli.write import _commit_wanted, _set_snooze, commit_option, say
from network_md.core.errors import UsageError, WriteError

# --- archive ---------------------------------------------------------------------------------


def say_if_archived(s: Session, contact) -> None:
    """The entry is written either way; the user learns why it will count for nothing."""
    from network_md.format.fields import is_archived

    if contact.fields and is_archived(contact.fields, s.today.toordinal()):
        say(
            f"Note: {contact.name} is archived: the entry is kept but counts in nothing "
            f"(`network-md unarchive {contact.path}` brings them back)"
        )


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
    since = since if isinstance(since, str) else None  # `archived: true` has no day to say
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
        raise WriteError(f"{rel}: {exc.message}", exc.exit_code, path=rel) from None


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
            keep_bytes,
            other_bytes,
            names,
            gone.path,
            s.today,
            s.config.log_heading,
            [kept.name, *kept.aliases],
        ),
    )
    links = _links_following(s, gone, kept, {kept.path: result.data, gone.path: None})
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


def _links_following(s: Session, gone, kept, pending: dict) -> list:
    """Changes of the other files whose links name `gone` by its file (`[[stem]]`,
    `[[folder/stem]]`), rewritten to name `kept`'s file; a link by name needs nothing, since
    the name lives on as an alias. `pending`: paths this command already changes (None: removes)."""
    from network_md.format.links import build_index
    from network_md.format.rename import Move

    contacts = s.index.contacts()
    index = build_index(contacts)
    grown = kept._replace(aliases=(*kept.aliases, gone.name, *gone.aliases))
    after = build_index([grown, *(c for c in contacts if c.path not in (gone.path, kept.path))])
    move = Move(gone.path, kept.path, gone.name, gone.name)
    return _relink_vault(s, index, after, move, pending)


def _relink_vault(s: Session, index, after, move, pending: dict) -> list:
    """A Change for every other Markdown file of the vault whose links `move` rewrites."""
    from network_md.format.rename import relinked
    from network_md.store.batch import Change, markdown_files
    from network_md.store.safeopen import read_regular

    changes = []
    for rel in markdown_files(s.root):
        if rel in pending:
            continue
        try:
            data = read_regular(s.root / rel)
        except OSError:
            continue  # unreadable: nothing of it can be rewritten (and nothing is lost)
        new, count = relinked(data, index, after, move)
        if count:
            changes.append(Change(rel, data, new))
    return changes


# --- rename ----------------------------------------------------------------------------------


@cli.command()
@click.argument("name", shell_complete=complete_name)
@click.argument("new_name")
@click.option("--dry-run", is_flag=True, help="Show what would change; write nothing.")
@commit_option
@pass_session
def rename(s: Session, name, new_name, dry_run, commit):
    """Give NAME a new name: the old one becomes an alias, every link to the contact keeps
    pointing at it, and a file named after the old name is renamed after the new one."""
    from network_md.format.links import build_index
    from network_md.format.rename import Move, renamed_file
    from network_md.store.batch import Change, apply

    new_name = " ".join(new_name.split())
    contact = s.contact(name)
    if not new_name:
        raise UsageError("NEW_NAME is empty; nothing written")
    if new_name == contact.name:
        say(f"{contact.name} ({contact.path}) already has that name; nothing changed")
        return
    contacts = s.index.contacts()
    _refuse_taken(contacts, contact, new_name)
    wants_commit = False if dry_run else _commit_wanted(s, commit)
    new_path = _renamed_path(s, contact, new_name)
    move = Move(contact.path, new_path, contact.name, new_name)
    moved = contact._replace(path=new_path, name=new_name, aliases=(*contact.aliases, contact.name))
    index = build_index(contacts)
    after = build_index([moved, *(c for c in contacts if c.path != contact.path)])
    before = _read(s, contact.path)
    data = _named(contact.path, lambda: renamed_file(before, index, after, move))
    own = (
        [Change(contact.path, before, data)]
        if new_path == contact.path
        else [Change(new_path, None, data), Change(contact.path, before, None)]
    )
    links = _relink_vault(s, index, after, move, {contact.path: data})
    changes = [own[0], *links, *own[1:]]
    if dry_run:
        _show_changes(s, changes)
    else:
        apply(s.root, changes)
    verb = "Would rename" if dry_run else "Renamed"
    where = contact.path if new_path == contact.path else f"{contact.path} → {new_path}"
    count = f"; links follow in {len(links)} other file(s)" if links else ""
    say(f"{verb} {contact.name} → {new_name} ({where}){count}")
    if wants_commit:
        _commit_batch(s, changes, f"rename: {contact.name} → {new_name}")


def _refuse_taken(contacts, contact, new_name: str) -> None:
    """UsageError when NEW_NAME already names another contact (its name, an alias, its file)."""
    from network_md.core.names import compact, keyed, listed

    wanted = compact(new_name)  # as `new` checks a name: `O Brien` is `O'Brien`
    others = [
        k.contact for k in keyed(contacts) if k.contact.path != contact.path and wanted in k.compact
    ]
    if others:
        raise UsageError(f"'{new_name}' already names {listed(others)}; nothing written")


def _renamed_path(s: Session, contact, new_name: str) -> str:
    """The contact's path once renamed: a new file name only when the old one was made from the
    old name (as `new` makes it, `ada-lovelace.md` or `ada-lovelace-2.md`, or the name itself,
    `Ada Lovelace.md`), in the same style, never over another file; else the path it has."""
    import re
    from pathlib import PurePosixPath

    from network_md.format.rename import file_style_stem
    from network_md.store.newfile import slugify

    path = PurePosixPath(contact.path)
    stem, folder = path.stem, path.parent
    slug = slugify(contact.name)
    if slug and re.fullmatch(re.escape(slug) + r"(-[0-9]+)?", stem):
        base = slugify(new_name)
    elif stem == contact.name:
        base = file_style_stem(new_name)
    else:
        return contact.path
    if not base:
        return contact.path
    for n in range(1, 1000):
        candidate = (
            folder / (f"{base}{path.suffix}" if n == 1 else f"{base}-{n}{path.suffix}")
        ).as_posix()
        if candidate == contact.path or not (s.root / candidate).exists():
            return candidate
    return contact.path
