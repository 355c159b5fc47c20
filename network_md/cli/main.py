"""The `network-md` command: a thin click layer over the library. Errors are translated here, once."""

from __future__ import annotations

import os
import sys

import click

from network_md.cli.completion import complete_name
from network_md.cli.globalopts import GlobalOptionsGroup
from network_md.cli.session import TOP_FLAGS, Session
from network_md.cli.streams import safe_streams
from network_md.core.errors import NetworkMdError
from network_md.core.model import RULES, SEVERITIES
from network_md.core.terminal import colour_allowed, printable

__all__ = [
    "TOP_FLAGS",
    "Session",
    "cli",
    "emit",
    "emit_json",
    "json_option",
    "main",
    "pass_session",
]


def emit(text: str) -> None:
    click.echo(text)


def width() -> int | None:
    """The display columns text output may use (None: no limit, as in a pipe)."""
    from network_md.core.terminal import columns

    return columns(os.environ, sys.stdout)


def emit_json(data) -> None:
    from network_md.render.text import dumps

    click.echo(dumps(data), color=False)


def emit_json_list(key: str, items) -> None:
    """`emit_json({key: list(items)})`, written as it is made."""
    from network_md.render.shapes import dumps_list

    emit_pieces(dumps_list(key, items))


def emit_pieces(pieces) -> None:
    """JSON text made in pieces, then its last newline."""
    for piece in pieces:
        click.echo(piece, nl=False, color=False)
    click.echo("")


# Every command, in the order of a day's use, with the line `--help` shows for it and the module
# that defines it: a command's module is imported only when that command runs, so `status` and
# `--help` never pay for the writers, the watcher or the importers.
COMMANDS = {
    "status": ("main", "The summary: relationships, top flags, practice."),
    "today": ("main", "The day's agenda and the daily practice."),
    "flags": ("main", "Every raised flag: red first, then the oldest."),
    "list": ("listing", "One row per contact."),
    "show": ("main", "One contact: fields, numbers, flags, log."),
    "search": ("search", "Contacts whose files hold every term, best first."),
    "check": ("main", "Every problem in the vault's files."),
    "log": ("write", "Add one entry to a contact's log."),
    "gave": ("write", "You gave NAME information, an idea or help."),
    "got": ("write", "NAME gave you information, an idea or help."),
    "thanked": ("write", "You thanked NAME."),
    "thanked-me": ("write", "NAME thanked you."),
    "asked": ("write", "You asked NAME for something."),
    "declined": ("write", "NAME declined (or ignored) what you asked."),
    "asked-me": ("write", "NAME asked you for something."),
    "met": ("write", "A neutral touch with NAME: a call, a coffee, a chat."),
    "withdrew": ("write", "You let go of what you asked NAME (no decline)."),
    "new": ("write", "Add a contact file; never overwrites."),
    "edit": ("write", "Open a contact in your editor, then check it."),
    "snooze": ("write", "Pause a contact's flags until a day."),
    "unsnooze": ("write", "End a contact's snooze."),
    "done": ("plans", "Tick a contact's open plan: it happened."),
    "archive": ("people", "Archive a contact: out of counts, flags and the agenda."),
    "unarchive": ("people", "Bring an archived contact back."),
    "merge": ("people", "One person in two files becomes one file."),
    "rename": ("people", "A new name for a contact; links to them follow."),
    "init": ("write", "Make a new vault (here, or in PATH)."),
    "watch": ("watch", "Keep the analysis current as files change."),
    "import": ("exchange", "Bring in LinkedIn connections and vCards."),
    "export": ("exchange", "Contacts and their analysis: JSON, CSV or vCard."),
    "calendar": ("calendar", "An iCalendar feed: networking time, birthdays, plans, to-dos."),
    "git": ("git", "Several machines or a team: git setup and merge driver."),
    "report": ("report", "The network as one self-contained HTML page."),
    "graph": ("graph", "The network as a graph: JSON, GraphML or DOT."),
}


_NO_ARGS = getattr(click.exceptions, "NoArgsIsHelpError", ())  # click 8.2+


class Group(GlobalOptionsGroup):
    """Runs a command and turns every error into one line on stderr and its exit code (docs/cli.md lists them)."""

    def list_commands(self, ctx):
        return list(COMMANDS)

    def get_command(self, ctx, name):
        if name not in self.commands and name in COMMANDS:
            import importlib

            importlib.import_module(f"{__package__}.{COMMANDS[name][0]}")  # it registers itself
        return self.commands.get(name)

    def format_commands(self, ctx, formatter):
        """The command list from COMMANDS, without importing any command's module."""
        with formatter.section("Commands"):
            formatter.write_dl([(name, short) for name, (_, short) in COMMANDS.items()])

    def main(self, args=None, prog_name=None, complete_var=None, standalone_mode=True, **extra):
        argv = list(sys.argv[1:] if args is None else args)
        debug = "--debug" in argv or bool(os.environ.get("NETWORK_MD_DEBUG"))
        if any(k.endswith("_COMPLETE") for k in os.environ):
            from network_md.cli.completion import register

            register()  # names come back quoted as the shell needs
        if not standalone_mode:
            return super().main(argv, prog_name, complete_var, standalone_mode=False, **extra)
        safe_streams()
        try:
            code = super().main(
                argv, prog_name or "network-md", complete_var, standalone_mode=False, **extra
            )
        except NetworkMdError as exc:
            click.echo(printable(exc.shown()), err=True)  # one line, whatever a file name holds
            sys.exit(exc.exit_code)
        except click.exceptions.Abort:
            click.echo("network-md: aborted", err=True)
            sys.exit(1)
        except _NO_ARGS as exc:  # plain `network-md`: the help, not an error
            click.echo(exc.ctx.get_help() if exc.ctx else exc.format_message())
            sys.exit(0)
        except click.ClickException as exc:
            hint = ""
            if isinstance(exc, click.UsageError) and exc.ctx is not None:
                hint = f" (see `{exc.ctx.command_path} --help`)"
            one_line = " ".join(exc.format_message().split())  # click lists choices on lines
            click.echo(printable(f"network-md: error: {one_line}{hint}"), err=True)
            sys.exit(exc.exit_code)
        except KeyboardInterrupt:
            sys.exit(130)
        except Exception as exc:  # a bug: say so, and show the traceback only with --debug
            if debug:
                import traceback

                traceback.print_exc()
            click.echo(
                f"network-md: internal error (this is a bug, please report it): {type(exc).__name__}: {exc}"
                + ("" if debug else " — run with --debug for the traceback"),
                err=True,
            )
            sys.exit(1)
        sys.exit(code if isinstance(code, int) else 0)


@click.group(cls=Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--vault",
    metavar="PATH",
    help="The vault folder (default: $NETWORK_MD_VAULT, else the nearest folder upward with "
    ".network-md.yaml). May also follow the command.",
)
@click.option(
    "--today",
    metavar="YYYY-MM-DD",
    help="Evaluate the network as of this day (default: $NETWORK_MD_TODAY, else the real date). "
    "May also follow the command.",
)
@click.option(
    "--no-cache",
    is_flag=True,
    help="Read every file; neither use nor write the index cache. May also follow the command.",
)
@click.option(
    "--debug",
    is_flag=True,
    help="Show the traceback of an unexpected error. May also follow the command.",
)
@click.version_option(package_name="network-md", prog_name="network-md")
@click.pass_context
def cli(ctx, vault, today, no_cache, debug):
    """Your professional network as Markdown files: who gives, who receives, and whom to
    thank, answer, follow up with or reach out to today."""
    ctx.obj = Session(vault, today, not no_cache, debug)
    ctx.call_on_close(ctx.obj.close)
    if not colour_allowed(os.environ):
        ctx.color = False  # every click.echo in this command strips its styles


json_option = click.option("--json", "as_json", is_flag=True, help="Print JSON on stdout.")
pass_session = click.make_pass_decorator(Session)


@cli.command()
@json_option
@pass_session
def status(s: Session, as_json):
    """The summary: contacts per relationship, the most pressing flags, the daily practice."""
    s.summary_only = True
    from network_md.render import text as render

    a, problems = s.summary, s.problems()
    if as_json:
        emit_json(render.status_json(str(s.root), a, problems, TOP_FLAGS))
        return
    for p in s.index.vault.missing_folders():  # why there may be nobody: said in full
        click.echo(printable(p.format()), err=True)
    me = s.config.me
    title = f"{me}'s network" if me else "Your network"
    head = f"{title} · {s.root.name} · {s.today.isoformat()}"
    emit(render.status_text(head, a, problems, TOP_FLAGS, width()))


@cli.command()
@click.option("--rule", type=click.Choice(RULES), help="Only this rule.")
@click.option("--severity", type=click.Choice(SEVERITIES), help="Only red flags, or only nudges.")
@json_option
@pass_session
def flags(s: Session, rule, severity, as_json):
    """Every raised flag: red before nudge, then the oldest first."""
    s.summary_only = True
    from network_md.render import text as render

    found = [
        f
        for f in s.summary.flags
        if (not rule or f.rule == rule) and (not severity or f.severity == severity)
    ]
    if as_json:
        from network_md.render.shapes import flags_json_pieces

        emit_pieces(flags_json_pieces(found))
    else:
        emit(render.flags_text(found, width()))
    s.report_problems()


@cli.command()
@click.argument("name", shell_complete=complete_name)
@json_option
@pass_session
def show(s: Session, name, as_json):
    """One contact: fields, notes, numbers, flags, plans, and the log, newest first."""
    from network_md.format.parse import notes_of
    from network_md.render import text as render
    from network_md.render.show import plans_of
    from network_md.store.mentions import mentions
    from network_md.store.safeopen import read_regular

    st = s.stats_for(name)
    log = s.full_log(st.contact.path)
    mentioned = mentions(s.links, s.index, st.contact.path)
    today = s.today.toordinal()
    intros = s.introductions_of(st.contact.path)
    try:
        notes = notes_of(read_regular(s.root / st.contact.path), s.config.log_heading)
    except OSError:
        notes = ""
    if as_json:
        data = render.contact_json(st)
        newest = sorted(log, key=lambda e: (e.day, e.path, e.line), reverse=True)
        data["log"] = [render.entry_json(e) for e in newest]
        data["plans"] = [render.entry_json(e) for e in plans_of(log, today)]
        data["notes"] = notes
        data["flag_details"] = [render.flag_json(f) for f in st.flags]
        data["mentions"] = [render.mention_json(e) for e in reversed(mentioned)]
        data.update(render.introductions_json(intros, st.contact.path))
        emit_json(data)
    else:
        rows = s.introduction_rows(st.contact.path)
        emit(render.show_text(st, log, today, width(), notes, mentioned, rows))
    problems = [p for p in s.problems() if p.path == st.contact.path]
    for p in problems:
        click.echo(printable(p.format()), err=True)


@cli.command()
@click.option(
    "--markdown", is_flag=True, help="Print the agenda as Markdown checkbox tasks for a daily note."
)
@click.option(
    "--all", "show_all", is_flag=True, help="Every item, not only the first `daily.items`."
)
@json_option
@pass_session
def today(s: Session, markdown, show_all, as_json):
    """The day's agenda: your plans that are due, then whom to thank, answer, follow up with,
    give to, reach out to, ask."""
    s.summary_only = not show_all  # each item shown reads its contact's file
    from network_md.analysis.agenda import agenda
    from network_md.render import text as render

    a = s.summary
    every = agenda(a)
    items = every if show_all else every[: s.config.daily_items]
    more = len(every) - len(items)
    last = {i.path: _last_entry(s.full_log(i.path), a.today) for i in items}
    if as_json:
        emit_json(render.agenda_json(a, items, last, more))
    elif markdown:
        emit(render.agenda_markdown(a, items, last, more))
    else:
        emit(render.agenda_text(a, items, last, more, width()))
    s.report_problems()


def _last_entry(log, today: int):
    past = [e for e in log if e.day <= today and e.state == "done"]
    return max(past, key=lambda e: (e.day, e.line)) if past else None


@cli.command()
@json_option
@pass_session
def check(s: Session, as_json):
    """Every problem in the vault, one per line; exit 1 when there is an error."""
    from network_md.render import text as render

    problems = s.check_problems()
    if as_json:
        emit_json({"problems": [render.problem_json(p) for p in problems]})
    elif problems:
        emit(render.check_text(problems))
    errors = sum(1 for p in problems if p.severity == "error")
    if not as_json:
        click.echo(render.check_footer(problems, len(s.index.paths())), err=True)
    if errors:
        sys.exit(1)


def main():
    cli()
