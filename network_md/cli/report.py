"""`network-md report`: the network as one self-contained HTML page."""

from __future__ import annotations

from pathlib import Path

import click

from network_md.cli.main import Session, cli, pass_session


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

    page = render_report(s.analysis, s.config, s.problems())  # the map draws its introductions
    if output is None:
        click.echo(page, nl=False)
    else:
        _write_output(output, page)
        say(f"Wrote the report of {len(s.analysis.contacts):,} contact(s) to {output}")
    s.report_problems()
