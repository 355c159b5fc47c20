"""Writing one log entry (`log` and its shortcuts): to NAME, and with `--with` to several
people, every name resolved and every file checked before any is written."""

from __future__ import annotations

import click

from network_md.cli.session import Session
from network_md.core.dates import parse_iso
from network_md.core.errors import UsageError, WriteError
from network_md.core.model import KINDS


def say(message: str) -> None:
    """Confirmations go to stderr, like every other message that is not the command's output;
    they name contacts, so they pass through `printable` like every other output."""
    from network_md.core.terminal import printable

    click.echo(printable(message), err=True)


def commit_wanted(s: Session, flag: bool) -> bool:
    if flag or s.config.autocommit:
        from network_md.store.git import require_work_tree

        require_work_tree(s.root)
        return True
    return False


def log_entry(
    s: Session,
    name: str,
    word: str,
    words: tuple[str, ...],
    day: str | None,
    minutes: int | None,
    commit: bool,
    plan: bool = False,
    with_names: tuple[str, ...] = (),
):
    """Log one entry, to NAME and each `--with` contact; `words` are TEXT as the shell split it
    (NAME must not run on into them). Every name resolves before anything is written."""
    from network_md.format.edit import add_entry

    kind = s.config.kind_of(word)
    if kind is None or not word.replace("-", "").isalnum():
        kinds = ", ".join(list(KINDS) + [f"{w} ({k})" for w, k in s.config.kinds.items()])
        raise UsageError(
            f"unknown kind '{word}'{_name_ran_on(s, name, word)}; the kinds are: {kinds}"
        )
    try:
        when = parse_iso(day) if day else s.today
    except ValueError as exc:
        raise UsageError(f"--date: {exc}") from None
    contact, words = s.contact_for_write(name, words)
    contacts = with_contacts(s, contact, with_names)
    text = " ".join(words)
    wants_commit = commit_wanted(s, commit)
    plan = plan or when > s.today  # a future entry is a plan: it counts once `done` ticks it
    heading = s.config.log_heading

    def edit(data: bytes) -> bytes:
        return add_entry(data, when, word, text, minutes, heading, plan=plan)

    write_each(s, contacts, edit)
    hint = "; `network-md done NAME` ticks it when it happened" if plan else ""
    verb = "Planned" if plan else "Logged"
    names = ", ".join(c.name for c in contacts)
    where = ", ".join(c.path for c in contacts)
    say(f"{verb} {when.isoformat()} {word} → {names} ({where}){hint}")
    from network_md.cli.people import say_if_archived

    for each in contacts:
        say_if_archived(s, each)
    if wants_commit:  # one commit of every file written
        from network_md.store.git import commit_files

        message = f"{'plan' if plan else 'log'}: {word} → {names}"
        commit_files(s.root, [c.path for c in contacts], message)
        say(f"Committed: {message}")


def _name_ran_on(s: Session, name: str, word: str) -> str:
    """When KIND is the next word of a name (`log Priya Patel gave …`), a hint that says so."""
    from network_md.core.names import listed, matches

    found = matches(s.name_cards(f"{name} {word}"), f"{name} {word}")
    if not found:
        return ""
    return f" ('{name} {word}' is {listed(found, 3)}: quote a name of several words)"


def write_each(s: Session, contacts: list, edit) -> None:
    """The edit, to each contact's file. Each one is checked first (inside the vault, readable,
    editable), so a file that cannot be written stops the command before any is written."""
    from network_md.store.atomic import edit_file, inside, read_for_edit

    for c in contacts:
        path = s.root / c.path
        with s.naming(path):
            try:
                edit(read_for_edit(inside(path, s.root)))
            except OSError as exc:
                raise WriteError(
                    f"{c.path}: cannot be read ({exc.strerror}); nothing written", path=c.path
                ) from None
    written: list[str] = []
    for c in contacts:
        path = s.root / c.path
        try:
            with s.naming(path):
                edit_file(path, edit, s.root)
        except WriteError as exc:
            if not written:
                raise
            raise WriteError(
                f"{exc.message}; already written to {', '.join(written)}",
                exc.exit_code,
                path=exc.path,
            ) from None
        written.append(c.path)


def with_contacts(s: Session, first, with_names: tuple[str, ...]) -> list:
    """NAME's contact and each `--with` one, in the order given, each once (a contact named
    twice gets the entry once). A `--with` that names nobody, or several: UsageError (exit 2),
    before anything is written."""
    contacts = [first]
    for other in with_names:
        try:
            found = s.contact(other)
        except UsageError as exc:
            raise UsageError(f"--with {exc.message} Nothing written.") from None
        if all(found.path != c.path for c in contacts):
            contacts.append(found)
    return contacts
