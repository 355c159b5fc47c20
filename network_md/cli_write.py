"""Commands that write contact files: init, new, log (and its shortcuts), edit, snooze."""

from __future__ import annotations

from pathlib import Path

import click

from .cli import Session, cli, pass_session
from .dates import iso, parse_iso
from .errors import UsageError, WriteError
from .model import KINDS

CONFIG_TEMPLATE = """\
# network-md settings for this vault. Every key is optional; the values shown are the defaults.
# The format is described in docs/format.md of network-md.

# me: Your Name              # your name, for headings
contacts: [people]           # folders or globs that hold contact files (empty: the whole vault)
ignore: []                   # globs to skip, e.g. [archive/**, "*.excalidraw.md"]
window_days: 365             # reciprocity is counted over this many days, today included
lookback_days: 30            # thank-you and reply nudges look back this far
circles: {inner: 14, close: 30, wide: 90, contact: none}   # days between touches
default_circle: wide         # for contacts without a circle
one_way_gives: 3             # this many gives with nothing back is a one-way red flag
ask_unanswered_days: 14      # an ask this old with no answer is a red flag
daily: {minutes: 15, items: 5, default_minutes: 5, at: "08:30"}   # goal, agenda length, minutes per entry, start
dates: {lead_days: 2}        # birthdays reach the agenda this many days ahead
kinds: {coffee: met, intro: gave}   # your own words for the canonical kinds
git: {autocommit: false}     # true: commit every file network-md writes
# dashboard: NETWORK.md      # the file `watch --dashboard` keeps; never read as a contact
"""

VAULT_README = """\
# My network

This folder is a [network-md](https://pypi.org/project/network-md/) vault: one Markdown file per
person in `people/`, each with a `## Log` of dated entries such as

    - 2026-11-27 gave (15m): sent Ada the article on structured interviews

Daily loop: `network-md today`, then `network-md log NAME KIND "what happened"`, and
`network-md status` for the whole picture. `templates/contact.md`, if you create it, is the
template for `network-md new` (placeholders: {{name}}, {{circle}}, {{tags}}, {{aliases}}, {{date}}).
"""


def say(message: str) -> None:
    """Confirmations go to stderr, like every other message that is not the command's output;
    they name contacts, so they pass through `printable` like every other output."""
    from .terminal import printable

    click.echo(printable(message), err=True)


def complete_name(ctx, param, incomplete):
    """Names, aliases and file stems of the vault's contacts (for shell completion)."""
    from click.shell_completion import CompletionItem

    from .cache import load
    from .names import fold
    from .vault import find_root

    try:
        index = load(find_root(ctx.find_root().params.get("vault")))
    except Exception:
        return []
    want = fold(incomplete)
    items = {}
    for c in index.contacts():
        for key in (c.name, *c.aliases, Path(c.path).stem):
            if fold(key).startswith(want):
                items.setdefault(key, c.path)
    return [CompletionItem(k, help=v) for k, v in sorted(items.items())]


def complete_kind(ctx, param, incomplete):
    from click.shell_completion import CompletionItem

    words = list(KINDS)
    try:
        from .cache import Cache
        from .vault import find_root

        words += list(
            Cache(find_root(ctx.find_root().params.get("vault"))).open_index().vault.config.kinds
        )
    except Exception:
        pass
    return [CompletionItem(w) for w in words if w.startswith(incomplete.lower())]


def _commit_wanted(s: Session, flag: bool) -> bool:
    if flag or s.config.autocommit:
        from .gitops import require_work_tree

        require_work_tree(s.root)
        return True
    return False


def _commit(s: Session, rel: str, message: str) -> None:
    from .gitops import commit_file

    commit_file(s.root, rel, message)
    say(f"Committed: {message}")


commit_option = click.option(
    "--commit", is_flag=True, help="Commit the written file (and nothing else) to git."
)


# --- init ------------------------------------------------------------------------------------


@cli.command()
@click.argument("path", default=".", type=click.Path(file_okay=False, path_type=Path))
@click.option("--git", "use_git", is_flag=True, help="Also run `git init` there.")
def init(path: Path, use_git: bool):
    """Make a new vault: config, people/, a .gitignore for the cache, a short README."""
    from .config import CONFIG_NAME
    from .edit import write_atomic

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
        write_atomic(ignore, b".network-md/\n", None)
    else:
        old = ignore.read_bytes()
        if b".network-md/" not in old:
            sep = b"" if not old or old.endswith(b"\n") else b"\n"
            write_atomic(ignore, old + sep + b".network-md/\n", old)
    if not (path / "README.md").exists():
        write_atomic(path / "README.md", VAULT_README.encode(), None)
    write_atomic(config, CONFIG_TEMPLATE.encode(), None)
    if use_git:
        import subprocess

        try:
            inside = (
                subprocess.run(
                    ["git", "-C", str(path), "rev-parse"], capture_output=True
                ).returncode
                == 0
            )
            if not inside:
                subprocess.run(
                    ["git", "init", "--quiet", str(path)], check=True, capture_output=True
                )
        except (OSError, subprocess.CalledProcessError) as exc:
            raise UsageError(f"the vault was made, but `git init` failed: {exc}") from None
    say(f"Made a vault in {path.resolve()}.")
    say(f'Next: cd {path} && network-md new "Ada Lovelace" --circle close')


# --- new -------------------------------------------------------------------------------------


def _contacts_folder(config) -> str:
    from .vault import GLOB_CHARS

    plain = [c for c in config.contacts if not GLOB_CHARS.search(c)]
    return plain[0] if plain else "people"


@cli.command()
@click.argument("name")
@click.option("--circle", help="inner, close, wide, contact, or a circle of your config.")
@click.option("--tag", "tags", multiple=True, help="A tag (repeat for more).")
@click.option(
    "--alias", "aliases", multiple=True, help="Another name they go by (repeat for more)."
)
@click.option(
    "--force-new",
    is_flag=True,
    help="Add a second, different person with a name already in the vault.",
)
@click.option("--edit", "open_editor", is_flag=True, help="Open the new file in $VISUAL / $EDITOR.")
@commit_option
@pass_session
def new(s: Session, name, circle, tags, aliases, force_new, open_editor, commit):
    """Add a contact file for NAME; never overwrites an existing one."""
    from .edit import DEFAULT_TEMPLATE, new_contact_path, render_template, slugify, write_atomic
    from .names import fold

    name = " ".join(name.split())
    cfg = s.config
    circle = circle or cfg.default_circle
    if circle not in cfg.circles:
        raise UsageError(f"unknown circle '{circle}'; the circles are: {', '.join(cfg.circles)}")
    same = [c for c in s.index.contacts() if fold(c.name) == fold(name)]
    first = s.root / _contacts_folder(cfg) / f"{slugify(name) or '_'}.md"
    if (same or first.exists()) and not force_new:
        where = same[0].path if same else s.vault_rel(first)
        raise UsageError(
            f"{name} is already in the vault ({where}); nothing written. "
            "To add a different person with the same name, use --force-new"
        )
    path = new_contact_path(s.root, _contacts_folder(cfg), name, lambda p: p.exists())
    wants_commit = _commit_wanted(s, commit)
    template_file = s.root / "templates" / "contact.md"
    template = template_file.read_text("utf-8") if template_file.is_file() else DEFAULT_TEMPLATE
    text = render_template(template, name, circle, [t.lstrip("#") for t in tags], aliases, s.today)
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(path, text.encode("utf-8"), None, s.root)
    rel = s.vault_rel(path)
    say(f"Created {rel}")
    if wants_commit:
        _commit(s, rel, f"new: {name}")
    if open_editor:
        _edit_and_check(s, path)


# --- log -------------------------------------------------------------------------------------


def _log(
    s: Session,
    name: str,
    word: str,
    text: str,
    day: str | None,
    minutes: int | None,
    commit: bool,
    plan: bool = False,
):
    from .edit import add_entry, edit_file
    from .names import resolve

    kind = s.config.kind_of(word)
    if kind is None or not word.replace("-", "").isalnum():
        words = ", ".join(list(KINDS) + [f"{w} ({k})" for w, k in s.config.kinds.items()])
        raise UsageError(f"unknown kind '{word}'; the kinds are: {words}")
    try:
        when = parse_iso(day) if day else s.today
    except ValueError as exc:
        raise UsageError(f"--date: {exc}") from None
    contact = resolve(s.index.contacts(), name)
    wants_commit = _commit_wanted(s, commit)
    plan = plan or when > s.today  # a future entry is a plan: it counts once `done` ticks it
    edit_file(
        s.root / contact.path,
        lambda b: add_entry(b, when, word, text, minutes, plan=plan),
        s.root,
    )
    hint = "; `network-md done NAME` ticks it when it happened" if plan else ""
    verb = "Planned" if plan else "Logged"
    say(f"{verb} {when.isoformat()} {word} → {contact.name} ({contact.path}){hint}")
    if wants_commit:
        _commit(s, contact.path, f"{'plan' if plan else 'log'}: {word} → {contact.name}")


date_option = click.option(
    "--date", "day", metavar="YYYY-MM-DD", help="The entry's date (default: today)."
)
minutes_option = click.option(
    "--minutes", type=click.IntRange(min=1), help="Minutes it took (written as the DURATION)."
)
plan_option = click.option(
    "--plan",
    is_flag=True,
    help="Write an open plan `- [ ] DATE KIND: TEXT` (a date after today always does).",
)


@cli.command()
@click.argument("name", shell_complete=complete_name)
@click.argument("kind", shell_complete=complete_kind)
@click.argument("text", nargs=-1)
@date_option
@minutes_option
@plan_option
@commit_option
@pass_session
def log(s: Session, name, kind, text, day, minutes, plan, commit):
    """Add one entry to NAME's log: KIND is gave, got, thanked, thanked-me, asked, declined,
    asked-me, met, or a word of your config's `kinds:`. TEXT may be several words."""
    _log(s, name, kind, " ".join(text), day, minutes, commit, plan)


def _shortcut(kind: str, summary: str):
    @click.argument("name", shell_complete=complete_name)
    @click.argument("text", nargs=-1)
    @date_option
    @minutes_option
    @plan_option
    @commit_option
    @pass_session
    def command(s: Session, name, text, day, minutes, plan, commit):
        _log(s, name, kind, " ".join(text), day, minutes, commit, plan)

    command.__doc__ = f"{summary} Same as `log NAME {kind} TEXT`."
    cli.command(kind)(command)


_shortcut("gave", "You gave NAME information, an idea or help.")
_shortcut("got", "NAME gave you information, an idea or help.")
_shortcut("thanked", "You thanked NAME.")
_shortcut("asked", "You asked NAME for something.")
_shortcut("met", "A neutral touch with NAME: a call, a coffee, a chat.")


# --- edit ------------------------------------------------------------------------------------


def _edit_and_check(s: Session, path: Path) -> None:
    from .terminal import printable

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
    from .names import resolve

    contact = resolve(s.index.contacts(), name)
    _edit_and_check(s, s.root / contact.path)


# --- snooze ----------------------------------------------------------------------------------


def _set_snooze(s: Session, name: str, values: dict, commit: bool, done: str, action: str) -> None:
    from .edit import edit_file, set_keys
    from .names import resolve

    contact = resolve(s.index.contacts(), name)
    wants_commit = _commit_wanted(s, commit)
    if not edit_file(s.root / contact.path, lambda b: set_keys(b, values), s.root):
        say(f"{contact.name} is not snoozed; nothing changed")
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
@click.option("--why", help="Why (a new baby, an illness, a sabbatical): shown with the contact.")
@commit_option
@pass_session
def snooze(s: Session, name, until, why, commit):
    """Pause NAME's flags until a day: reciprocity runs over seasons."""
    from .edit import yaml_scalar

    try:
        day = parse_iso(until)
    except ValueError as exc:
        raise UsageError(f"--until: {exc}") from None
    if day <= s.today:
        raise UsageError(
            f"--until {day.isoformat()} is not after today ({s.today.isoformat()}); nothing written"
        )
    values = {
        "snooze_until": day.isoformat(),
        "snooze_why": yaml_scalar(why.strip()) if why and why.strip() else None,
    }
    until_text = iso(day.toordinal())
    _set_snooze(
        s,
        name,
        values,
        commit,
        f"Snoozed {{name}} until {until_text}",
        f"snooze: {{name}} until {until_text}",
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
    )
