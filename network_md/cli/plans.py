"""`done`: a plan that happened. Its open box `[ ]` becomes `[x]`, and nothing else changes."""

from __future__ import annotations

import click

from network_md.cli.main import Session, cli, pass_session
from network_md.cli.write import _commit, _commit_wanted, commit_option, complete_name, say
from network_md.core.dates import parse_iso
from network_md.core.errors import UsageError


@cli.command()
@click.argument("name", shell_complete=complete_name)
@click.option(
    "--date",
    "day",
    metavar="YYYY-MM-DD",
    help="The plan on this day, even one still ahead (default: the oldest whose day has come).",
)
@commit_option
@pass_session
def done(s: Session, name, day, commit):
    """Tick NAME's open plan (the oldest whose day has come, or the one on --date): `[ ]` becomes
    `[x]`, and the plan counts as an entry of its day from then on."""
    from network_md.format.parse import parse_contact
    from network_md.format.plans import pick_plan, plan_text, tick_box
    from network_md.store.atomic import edit_file

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
        log = parsed.log if parsed else ()
        plan = pick_plan(log, on, s.today.toordinal())
        if plan is None:
            raise UsageError(_no_plan(f"{contact.name} ({contact.path})", log, day))
        ticked.append(plan)
        return tick_box(before, plan.line)

    with s.naming(s.root / contact.path):
        edit_file(s.root / contact.path, tick, s.root)
    plan = ticked[0]
    say(f"Done: {plan_text(plan)} → {contact.name} ({contact.path}:{plan.line})")
    if wants_commit:
        _commit(s, contact.path, f"done: {plan.word} → {contact.name}")


def _no_plan(who: str, log, day: str | None) -> str:
    """Why nothing was ticked, in one line: no plan (on that day), or every plan still ahead."""
    from network_md.format.plans import open_plans, plan_text

    plans = open_plans(log)
    if day or not plans:
        return f"{who} has no open plan{f' on {day}' if day else ''}; nothing written"
    ahead = "; ".join(plan_text(p) for p in plans)
    return (
        f"{who} has no open plan whose day has come, only plans ahead ({ahead}): "
        "`--date D` ticks the one on D; nothing written"
    )
