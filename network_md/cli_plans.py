"""`done`: a plan that happened. Its open box `[ ]` becomes `[x]`, and nothing else changes."""

from __future__ import annotations

import click

from .cli import Session, cli, pass_session
from .cli_write import _commit, _commit_wanted, commit_option, complete_name, say
from .dates import parse_iso
from .errors import UsageError


@cli.command()
@click.argument("name", shell_complete=complete_name)
@click.option(
    "--date", "day", metavar="YYYY-MM-DD", help="The plan on this day (default: the oldest)."
)
@commit_option
@pass_session
def done(s: Session, name, day, commit):
    """Tick NAME's open plan (the oldest, or the one on --date): `[ ]` becomes `[x]`, and the
    plan counts as an entry of its day from then on."""
    from .edit import edit_file
    from .parse import parse_contact
    from .plans import pick_plan, tick_box

    try:
        on = parse_iso(day).toordinal() if day else None
    except ValueError as exc:
        raise UsageError(f"--date: {exc}") from None
    contact = s.contact(name)
    wants_commit = _commit_wanted(s, commit)
    ticked = []

    def tick(before: bytes) -> bytes:
        """The plan is found in the bytes read under the lock: the file as it is now."""
        parsed, _ = parse_contact(contact.path, before, s.config)
        plan = pick_plan(parsed.log if parsed else (), on)
        if plan is None:
            which = f" on {day}" if day else ""
            raise UsageError(
                f"{contact.name} ({contact.path}) has no open plan{which}; nothing written"
            )
        ticked.append(plan)
        return tick_box(before, plan.line)

    with s.naming(s.root / contact.path):
        edit_file(s.root / contact.path, tick, s.root)
    plan = ticked[0]
    what = f"{plan.date.isoformat()} {plan.word}" + (f": {plan.text}" if plan.text else "")
    say(f"Done: {what} → {contact.name} ({contact.path}:{plan.line})")
    if wants_commit:
        _commit(s, contact.path, f"done: {plan.word} → {contact.name}")
