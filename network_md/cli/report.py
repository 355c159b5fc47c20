"""`network-md report`: the network as one self-contained HTML page."""

from __future__ import annotations

from pathlib import Path

import click

from network_md.cli.main import Session, cli, pass_session
from network_md.core.errors import UsageError


@cli.command()
@click.option(
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the page to this file (atomically) instead of stdout.",
)
@pass_session
def report(s: Session, output):
    """The network as one HTML page: summary, map, given and received, practice, flags."""
    from network_md.cli.exchange import _write_output
    from network_md.cli.write import say
    from network_md.render.report import render_report

    if output is not None:
        _refuse_to_replace(output)  # before any work
    page = render_report(s.analysis, s.config, s.problems())  # the map draws its introductions
    if output is None:
        click.echo(page, nl=False)
    else:
        _write_output(output, page)
        say(f"Wrote the report of {len(s.analysis.contacts):,} contact(s) to {output}")
    s.report_problems()


def _refuse_to_replace(path: Path) -> None:
    """A file that is there and is not a page `report` wrote (a note, a contact, a page of your
    own: a typo in --output) is never replaced: exit 2, nothing written."""
    from network_md.render.report import is_report
    from network_md.store.safeopen import read_regular

    try:
        before = read_regular(path)
    except OSError:
        return  # missing: written; a FIFO or unreadable: the writer says why
    if before.strip() and not is_report(before):
        raise UsageError(
            f"--output {path}: the file is there and is not a network-md report; nothing written"
        )
