"""Commands that write contact files: init, new, log (and its shortcuts), edit, snooze."""

from __future__ import annotations

from pathlib import Path

import click

from network_md.cli.completion import complete_kind, complete_name
from network_md.cli.entries import commit_wanted as _commit_wanted
from network_md.cli.entries import log_entry as _log
from network_md.cli.entries import say
from network_md.cli.main import Session, cli, pass_session
from network_md.core.dates import MAX_MINUTES, iso, parse_iso
from network_md.core.errors import UsageError, WriteError
from network_md.store.initfiles import CONFIG_TEMPLATE, VAULT_README
from network_md.store.safeopen import read_regular


def _commit(s: Session, rel: str, message: str) -> None:
    from network_md.store.git import commit_file

    commit_file(s.root, rel, message)
    say(f"Committed: {message}")


commit_option = click.option(
    "--commit", is_flag=True, help="Commit the written files (and nothing else) to git."
)


# --- init ------------------------------------------------------------------------------------


@cli.command()
@click.argument("path", default=".", type=click.Path(file_okay=False, path_type=Path))
@click.option(
    "--git",
    "use_git",
    is_flag=True,
    help="Also make it a git repository: first commit, merge driver.",
)
def init(path: Path, use_git: bool):
    """Make a new vault: config, people/, a .gitignore for the cache, a short README."""
    from network_md.format.config import CONFIG_NAME
    from network_md.store.atomic import write_file

    config = path / CONFIG_NAME
    if config.exists():
        raise UsageError(
            f"{path} is already a network-md vault ({CONFIG_NAME} exists); nothing changed"
        )
    if path.exists() and not path.is_dir():
        raise UsageError(f"{path} is a file, not a folder")
    try:  # a read-only file system or folder: one line, not a traceback
        path.mkdir(parents=True, exist_ok=True)
        (path / "people").mkdir(exist_ok=True)
    except OSError as exc:
        raise WriteError(
            f"{path}: cannot make a vault there ({exc.strerror}); nothing written"
        ) from None
    ignore = path / ".gitignore"
    if not ignore.exists():
        write_file(ignore, b".network-md/\n", None)
    else:
        old = read_regular(ignore)
        if b".network-md/" not in old:
            sep = b"" if not old or old.endswith(b"\n") else b"\n"
            write_file(ignore, old + sep + b".network-md/\n", old)
    if not (path / "README.md").exists():
        write_file(path / "README.md", VAULT_README.encode(), None)
    write_file(config, CONFIG_TEMPLATE.encode(), None)
    say(f"Made a vault in {path.resolve()}.")
    say(f'Next: cd {path} && network-md new "Ada Lovelace" --circle close')
    if use_git:
        from network_md.cli.git import init_git

        init_git(path, [CONFIG_NAME, ".gitignore", "README.md"])


# --- new -------------------------------------------------------------------------------------


def _contacts_folder(config) -> str:
    from network_md.store.vault import GLOB_CHARS

    plain = [c for c in config.contacts if not GLOB_CHARS.search(c)]
    return plain[0] if plain else "people"


@cli.command()
@click.argument("name")
@click.option("--circle", help="inner, close, wide, contact, or a circle of your config.")
@click.option("--tag", "tags", multiple=True, help="A tag (repeat for more).")
@click.option(
    "--alias", "aliases", multiple=True, help="Another name they go by (repeat for more)."
)
@click.option("--company", help="Where they work.")
@click.option("--role", help="What they do there (a title or position).")
@click.option("--email", help="Their email address.")
@click.option("--linkedin", metavar="URL", help="Their LinkedIn profile.")
@click.option(
    "--force-new",
    is_flag=True,
    help="Add a second, different person with a name already in the vault.",
)
@click.option("--edit", "open_editor", is_flag=True, help="Open the new file in $VISUAL / $EDITOR.")
@commit_option
@pass_session
def new(s: Session, name, circle, tags, aliases, force_new, open_editor, commit, **who):
    """Add a contact file for NAME; never overwrites an existing one."""
    from network_md.store import newfile
    from network_md.store.atomic import write_file

    name = " ".join(name.split())
    cfg = s.config
    circle = circle or cfg.default_circle
    if circle not in cfg.circles:
        raise UsageError(f"unknown circle '{circle}'; the circles are: {', '.join(cfg.circles)}")
    first = s.root / _contacts_folder(cfg) / f"{newfile.slugify(name) or '_'}.md"
    if not force_new:
        _refuse_known_names(s, name, aliases)
        if first.exists():
            raise UsageError(
                f"{s.vault_rel(first)} already exists; nothing written. "
                "To add a different person with the same name, use --force-new"
            )
    # Without --force-new the file is `<slug>.md` or nothing: a `new` racing another one for the
    # same name fails when the file appears, rather than making `<slug>-2.md`.
    taken = (lambda p: p.exists()) if force_new else (lambda p: False)
    path = newfile.new_contact_path(s.root, _contacts_folder(cfg), name, taken)
    wants_commit = _commit_wanted(s, commit)
    template = newfile.read_template(s.root)
    tags = [t.lstrip("#") for t in tags]
    text = newfile.render_template(template, name, circle, tags, aliases, s.today, cfg.log_heading)
    # who: --company, --role, --email, --linkedin
    data = newfile.with_who(text.encode("utf-8"), who)
    path.parent.mkdir(parents=True, exist_ok=True)
    with s.naming(path):
        write_file(path, data, None, s.root)
    rel = s.vault_rel(path)
    say(f"Created {rel}")
    if wants_commit:
        _commit(s, rel, f"new: {name}")
    if open_editor:
        _edit_and_check(s, path)


def _refuse_known_names(s: Session, name: str, aliases: tuple[str, ...]) -> None:
    """UsageError when NAME or an alias already names a contact (its name, an alias or its file
    stem, folded as NAME is matched): after it, that name would no longer say whom it means."""
    from network_md.core.names import compact, listed

    table = s.name_cards()
    for label, wanted in (("", name), *(("the alias ", a) for a in aliases)):
        key = compact(wanted)
        known = [k.contact for k in table if key and key in k.compact]
        if known:
            raise UsageError(
                f"{label}'{wanted}' already names {listed(known)}; nothing written. "
                "To add a different person with the same name, use --force-new"
            )


# --- log -------------------------------------------------------------------------------------


date_option = click.option(
    "--date", "day", metavar="YYYY-MM-DD", help="The entry's date (default: today)."
)
minutes_option = click.option(
    "--minutes",
    type=click.IntRange(min=1, max=MAX_MINUTES),
    help="Minutes it took (written as the DURATION; at most a week).",
)
plan_option = click.option(
    "--plan",
    is_flag=True,
    help="Write an open plan `- [ ] DATE KIND: TEXT` (a date after today always does).",
)


with_option = click.option(
    "--with",
    "with_names",
    multiple=True,
    metavar="NAME",
    shell_complete=complete_name,
    help="Write the same entry to this contact too (repeat for more); nothing is written "
    "unless every name is known.",
)


def _entry_command(f):
    """TEXT, the options and the session of every command that writes a log entry (`log` and
    its shortcuts): one list, so the shortcuts can never drift from `log`."""
    for param in reversed(
        (
            click.argument("text", nargs=-1),
            date_option,
            minutes_option,
            plan_option,
            with_option,
            commit_option,
        )
    ):
        f = param(f)
    return pass_session(f)


@cli.command()
@click.argument("name", shell_complete=complete_name)
@click.argument("kind", shell_complete=complete_kind)
@_entry_command
def log(s: Session, name, kind, text, day, minutes, plan, with_names, commit):
    """Add one entry to NAME's log: KIND is gave, got, thanked, thanked-me, asked, declined,
    asked-me, met, withdrew, or a word of your config's `kinds:`. TEXT may be several words."""
    _log(s, name, kind, text, day, minutes, commit, plan, with_names)


def _shortcut(kind: str, summary: str):
    @click.argument("name", shell_complete=complete_name)
    @_entry_command
    def command(s: Session, name, text, day, minutes, plan, with_names, commit):
        _log(s, name, kind, text, day, minutes, commit, plan, with_names)

    command.__doc__ = f"{summary} Same as `log NAME {kind} TEXT`."
    cli.command(kind)(command)


_shortcut("gave", "You gave NAME information, an idea or help.")
_shortcut("got", "NAME gave you information, an idea or help.")
_shortcut("thanked", "You thanked NAME.")
_shortcut("thanked-me", "NAME thanked you.")
_shortcut("asked", "You asked NAME for something.")
_shortcut("declined", "NAME declined (or ignored) what you asked.")
_shortcut("asked-me", "NAME asked you for something.")
_shortcut("met", "A neutral touch with NAME: a call, a coffee, a chat.")
_shortcut("withdrew", "You let go of what you asked NAME: it closes your open asks, no decline.")


# --- edit ------------------------------------------------------------------------------------


def _edit_and_check(s: Session, path: Path) -> None:
    from network_md.core.terminal import printable

    try:
        click.edit(filename=str(path))
    except click.ClickException as exc:
        raise UsageError(
            f"could not open an editor: {exc.format_message()} (set $EDITOR)"
        ) from None
    item = s.index.update(s.vault_rel(path))
    problems = item.problems if item else ()
    for p in problems:
        click.echo(printable(p.format()), err=True)
    if any(p.severity == "error" for p in problems):
        raise SystemExit(1)


@cli.command()
@click.argument("name", shell_complete=complete_name)
@pass_session
def edit(s: Session, name):
    """Open NAME's file in $VISUAL / $EDITOR, then check it."""
    contact = s.contact(name)
    _edit_and_check(s, s.root / contact.path)


# --- snooze ----------------------------------------------------------------------------------


def _set_snooze(
    s: Session, name: str, values: dict, commit: bool, done: str, action: str, unchanged: str
) -> None:
    from network_md.format.edit import set_keys
    from network_md.store.atomic import edit_file

    contact = s.contact(name)
    wants_commit = _commit_wanted(s, commit)
    path = s.root / contact.path
    with s.naming(path):
        changed = edit_file(path, lambda b: set_keys(b, values), s.root)
    if not changed:
        say(unchanged.format(name=contact.name))
        return
    say(done.format(name=contact.name))
    if wants_commit:
        _commit(s, contact.path, action.format(name=contact.name))


@cli.command()
@click.argument("name", shell_complete=complete_name)
@click.option(
    "--until",
    "until",
    required=True,
    metavar="YYYY-MM-DD",
    help="No flags for NAME before this day.",
)
@click.option(
    "--why",
    help="Why (a new baby, an illness, a sabbatical): shown with the contact. Without it a "
    're-snooze keeps the reason; --why "" removes it.',
)
@commit_option
@pass_session
def snooze(s: Session, name, until, why, commit):
    """Pause NAME's flags until a day: reciprocity runs over seasons."""
    from network_md.format.yamlsafe import yaml_scalar

    try:
        day = parse_iso(until)
    except ValueError as exc:
        raise UsageError(f"--until: {exc}") from None
    if day <= s.today:
        raise UsageError(
            f"--until {day.isoformat()} is not after today ({s.today.isoformat()}); nothing written"
        )
    values = {"snooze_until": day.isoformat()}
    if why is not None:  # without --why, a re-snooze keeps the reason it had
        values["snooze_why"] = yaml_scalar(why.strip()) if why.strip() else None
    until_text = iso(day.toordinal())
    _set_snooze(
        s,
        name,
        values,
        commit,
        f"Snoozed {{name}} until {until_text}",
        f"snooze: {{name}} until {until_text}",
        f"{{name}} is already snoozed until {until_text}; nothing changed",
    )


@cli.command()
@click.argument("name", shell_complete=complete_name)
@commit_option
@pass_session
def unsnooze(s: Session, name, commit):
    """End NAME's snooze: flags come back at once."""
    _set_snooze(
        s,
        name,
        {"snooze_until": None, "snooze_why": None},
        commit,
        "Unsnoozed {name}",
        "unsnooze: {name}",
        "{name} is not snoozed; nothing changed",
    )
