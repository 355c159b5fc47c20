"""`network-md report`: the network as one self-contained HTML page."""

from __future__ import annotations

from network_md.cli.main import Session, cli, pass_session
from network_md.cli.output import deliver, output_option, refuse_to_replace


@cli.command()
@output_option("Write the page to this file (atomically) instead of stdout.")
@pass_session
def report(s: Session, output):
    """The network as one HTML page: summary, map, given and received, practice, flags."""
    from network_md.render.report import is_report, render_report

    if output is not None:
        refuse_to_replace(output, is_report, "a network-md report")
    page = render_report(s.analysis, s.config, s.problems())  # the map draws its introductions
    deliver(
        output, page, f"Wrote the report of {len(s.analysis.contacts):,} contact(s) to {output}"
    )
    s.report_problems()
