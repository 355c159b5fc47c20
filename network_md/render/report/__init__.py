"""`network-md report`: the network as one self-contained HTML page (docs/report.md).

Pure: analysis in, HTML text out. Jinja2 is imported only here, when a report is made, so no
other command pays for it.
"""

from __future__ import annotations

from network_md.render.report.layout import MAP_LIMIT

GENERATOR = b'<meta name="generator" content="network-md report">'  # in every page's head
HEAD_BYTES = 4096


def render_report(analysis, config, problems, edges=None, map_limit: int = MAP_LIMIT) -> str:
    """The page for one analysis; `edges` are introductions as (from_path, to_path) pairs, by
    default the analysis's own (who introduced you to whom)."""
    from network_md.render.report.html import render
    from network_md.render.report.view import build

    if edges is None:
        edges = analysis.introductions.edges()
    return render(build(analysis, config, list(problems), list(edges), map_limit))


def is_report(data: bytes) -> bool:
    """A page that `report` wrote: its head names network-md as its generator."""
    return GENERATOR in data[:HEAD_BYTES]
