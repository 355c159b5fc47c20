"""--vault, --today, --no-cache and --debug after the command too (`network-md status --today
2026-11-27`, `network-md import linkedin FILE --vault V`): every command of a group gets them."""

from __future__ import annotations

import click

from network_md.cli.session import Session


def _global_after(ctx, param, value):
    """A global option written after the command counts as if written before it."""
    if value is None or value is False:
        return
    ctx.meta[f"network_md.{param.name}"] = value  # completion reads it here (no session then)
    session = ctx.find_object(Session)
    if session is not None:
        session.set_option(param.name, value)


def _global_options() -> list[click.Option]:
    """--vault, --today, --no-cache and --debug for a command, to write after its name."""
    late = {"callback": _global_after, "expose_value": False, "is_eager": False}
    return [
        click.Option(
            ["--vault"], metavar="PATH", help="The vault folder (as before the command).", **late
        ),
        click.Option(
            ["--today"],
            metavar="YYYY-MM-DD",
            help="Evaluate as of this day (as before the command).",
            **late,
        ),
        click.Option(["--no-cache"], is_flag=True, hidden=True, **late),
        click.Option(["--debug"], is_flag=True, hidden=True, **late),
    ]


class GlobalOptionsGroup(click.Group):
    """A group whose every command also takes the global options after its name
    (`network-md status --today 2026-11-27`, `network-md import linkedin F --vault V`)."""

    def add_command(self, cmd, name=None):
        taken = {o for p in cmd.params for o in getattr(p, "opts", ())}
        cmd.params.extend(o for o in _global_options() if not taken & set(o.opts))
        super().add_command(cmd, name)


GlobalOptionsGroup.group_class = GlobalOptionsGroup
