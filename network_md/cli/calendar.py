"""`calendar`: the vault as an iCalendar feed a calendar app can subscribe to.

What goes in is chosen by render.calendar_items (which `watch --calendar` shares), how it is
written by render.calendar; this module is the command (its `--output` goes through cli.output).
"""

from __future__ import annotations

import click

from network_md.cli.main import Session, cli, pass_session
from network_md.cli.output import deliver, output_option, refuse_to_replace

DEFAULT_DAYS = 14
MAX_DAYS = 366


@cli.command("calendar")
@output_option("Write the feed to this file (atomically) instead of stdout.")
@click.option(
    "--days",
    type=click.IntRange(0, MAX_DAYS),
    metavar="N",
    default=DEFAULT_DAYS,
    show_default=True,
    help="To-dos for this many days after today.",
)
@pass_session
def calendar_(s: Session, output, days):
    """An iCalendar (.ics) feed: the daily networking time with the day's agenda, every
    birthday, every plan, and the to-dos of the next days. Subscribe to the file it writes."""
    if output is not None:
        from network_md.render.calendar_items import is_feed

        refuse_to_replace(output, is_feed, "a calendar")
    data, holds = build(s, days)
    # bytes go to the binary stream, CRLF kept
    deliver(output, data, f"Wrote {output}: the daily networking time, {holds}")
    s.report_problems()


def build(s: Session, days: int) -> tuple[bytes, str]:
    """The feed's bytes, and a line that counts what it holds."""
    from network_md.render.calendar_items import feed_name, feed_of

    name = feed_name(s.config, s.root.name)
    return feed_of(s.analysis, s.config, s.today, days, plan_log(s), name)


def plan_log(s: Session):
    """`full_log(path)` that parses only the files that can give the feed a plan: one with a
    box (open or cancelled), or with entries after today. At 10,000 contacts that is a few
    files, not every one."""
    from network_md.render.calendar_items import has_entries_after, holds_a_box
    from network_md.store.safeopen import read_regular

    day = s.today.toordinal()

    def full_log(path: str) -> list:
        contact = s.index.contact(path)
        if contact is None:
            return []
        if not has_entries_after(contact, day):
            try:
                data = read_regular(s.root / path)
            except OSError:
                return []  # gone since it was indexed: its problem is the index's to say
            if not holds_a_box(contact, data):
                return []
        return s.full_log(path)

    return full_log
