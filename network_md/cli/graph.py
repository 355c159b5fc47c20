"""`network-md graph`: the network as a graph file, for Gephi, Graphviz, networkx and the like."""

from __future__ import annotations

import click

from network_md.cli.main import Session, cli, pass_session
from network_md.cli.output import deliver, output_option, refuse_to_replace

# What a file of each format starts with: --output replaces only a file that is one already
# (a typo naming a contact file or a note is never overwritten).
_LOOKS_LIKE = {"json": (b"{",), "graphml": (b"<?xml", b"<graphml"), "dot": (b"digraph", b"strict")}


@cli.command("graph")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["json", "graphml", "dot"]),
    default="json",
    show_default=True,
    help="JSON (nodes and edges), GraphML (Gephi, networkx) or DOT (Graphviz).",
)
@output_option("Write the graph to this file (atomically) instead of stdout.")
@pass_session
def graph(s: Session, fmt, output):
    """The network as a graph: you, every contact with its numbers, an edge to each contact
    weighted by your exchanges, and edges for introductions and mentions between contacts."""
    if output is not None:
        from network_md.render.owned import starts_with

        heads = _LOOKS_LIKE[fmt]
        refuse_to_replace(output, lambda data: starts_with(data, heads), f"a {fmt} graph")
    text, g = render(s, fmt)
    # GraphML's bytes go to the binary stream as they are
    deliver(
        output, text, f"Wrote {output}: {len(g.nodes) - 1:,} contact(s), {len(g.edges):,} edge(s)"
    )
    s.report_problems()


def render(s: Session, fmt: str):
    """(the graph in `fmt`, as text or, for GraphML, UTF-8 bytes; the graph)."""
    from network_md.analysis.introductions import find, mentions
    from network_md.format.links import build_index
    from network_md.render import graph as render_graph
    from network_md.render.shapes import dumps

    analysis = s.analysis
    contacts = [st.contact for st in analysis.contacts]
    links = build_index(contacts)
    intros = find(contacts, analysis.today, links)
    g = render_graph.build(analysis, s.config.me, intros, mentions(contacts, analysis.today, links))
    if fmt == "graphml":
        return render_graph.to_graphml(g), g
    if fmt == "dot":
        return render_graph.to_dot(g), g
    return dumps(render_graph.to_json(g)) + "\n", g
