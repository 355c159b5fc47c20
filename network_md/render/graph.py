"""`graph`: the network as nodes and edges, written as JSON, GraphML or Graphviz DOT. Never prints.

Nodes: you (id `you`), and each contact (id: its vault path) with its numbers. Edges: you -> each
contact, weighted by the exchanges of the window (given + received + thanks either way); A -> B
for each introduction (A introduced you to B); A -> B for "you introduced A to B"; and A -> B
for mentions (A's counted log entries that link B, weighted by how many). networkx, which
writes the GraphML, is imported only when GraphML is asked for.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from network_md.core.dates import iso
from network_md.core.terminal import printable

YOU = "you"  # never a contact's id: those are paths ending in `.md`
FORMATS = ("json", "graphml", "dot")
EDGE_KINDS = ("exchanges", "introduced", "you-introduced", "mention")
# Gephi drops an edge of weight 0 on import: in GraphML, an edge with no exchange yet weighs
# this much (its `count` says 0).
ZERO_WEIGHT = 0.5


class Node(NamedTuple):
    id: str
    label: str
    attrs: dict  # JSON-safe scalars (and `flags`, a list of rule names)


class Edge(NamedTuple):
    source: str
    target: str
    kind: str  # one of EDGE_KINDS
    weight: int
    date: str | None  # YYYY-MM-DD: the introduction's day, when known


class Graph(NamedTuple):
    nodes: list[Node]
    edges: list[Edge]


def clean(text: str) -> str:
    """User text as every format can carry it: no control characters (illegal in XML 1.0, and
    line breaks in DOT), no lone surrogates (a file name that is not UTF-8)."""
    return printable(text).encode("utf-8", "replace").decode("utf-8")


def build(analysis, me: str | None, intros, mentions: dict) -> Graph:
    """The graph of one analysis; `intros`: its Introductions, yours included; `mentions`:
    (from path, to path) -> how many entries."""
    nodes = [Node(YOU, clean(me or "You"), {"kind": "you"})]
    edges = []
    for s in analysis.contacts:
        c = s.contact
        nodes.append(Node(c.path, clean(c.name), _numbers(s)))
        exchanges = s.given + s.received + s.thanks_given + s.thanks_received
        edges.append(Edge(YOU, c.path, "exchanges", exchanges, None))
    for _, i in sorted(intros.by_whom.items()):
        edges.append(Edge(i.by, i.to, "introduced", 1, iso(i.day)))
    for a, b, day in intros.mutual:
        edges.append(Edge(a, b, "you-introduced", 1, iso(day)))
    for (a, b), count in sorted(mentions.items()):
        edges.append(Edge(a, b, "mention", count, None))
    return Graph(nodes, edges)


def _numbers(s) -> dict:
    c = s.contact
    return {
        "kind": "contact",
        "name": clean(c.name),
        "path": clean(c.path),
        "circle": clean(s.circle),
        "relationship": s.relationship,
        "familiarity": s.familiarity,
        "trust": s.trust,
        "given": s.given,
        "received": s.received,
        "balance": s.balance,
        "last_touch": iso(s.last_touch),
        "archived": s.archived,
        "flags": [f.rule for f in s.flags],
    }


def to_json(g: Graph) -> dict:
    return {
        "nodes": [{"id": clean(n.id), "label": n.label, **n.attrs} for n in g.nodes],
        "edges": [
            {
                "source": clean(e.source),
                "target": clean(e.target),
                "kind": e.kind,
                "weight": e.weight,
                "date": e.date,
            }
            for e in g.edges
        ],
    }


def _graphml_attrs(attrs: dict) -> dict:
    """GraphML keys hold scalars: no None, lists as comma-separated text."""
    out = {}
    for key, value in attrs.items():
        if isinstance(value, list):
            value = ",".join(value)
        if value is not None:
            out[key] = value
    return out


def to_graphml(g: Graph) -> bytes:
    """GraphML as networkx writes it, UTF-8 (Gephi, Cytoscape and networkx read it). Each edge
    has `count` (the number) and `weight` (the same as a double, ZERO_WEIGHT for none), and an
    id of its own."""
    from io import BytesIO

    import networkx as nx

    graph = nx.MultiDiGraph(name="network")
    for n in g.nodes:
        graph.add_node(clean(n.id), label=n.label, **_graphml_attrs(n.attrs))
    for i, e in enumerate(g.edges):
        weight = float(e.weight or ZERO_WEIGHT)
        attrs = {"kind": e.kind, "weight": weight, "count": e.weight, "date": e.date}
        # the key is the edge's GraphML id: unique, or Gephi takes two edges for one
        graph.add_edge(clean(e.source), clean(e.target), key=f"e{i}", **_graphml_attrs(attrs))
    out = BytesIO()
    nx.write_graphml(graph, out, encoding="utf-8", prettyprint=True)
    return out.getvalue()


_DOT_ESCAPE = re.compile(r'["\\]')
# How each edge kind looks in Graphviz (the numbers stay in attributes).
_DOT_STYLE = {
    "exchanges": "color=gray60",
    "introduced": 'color="#1b9e77", penwidth=2',
    "you-introduced": 'color="#7570b3", style=dashed',
    "mention": 'color="#d95f02", style=dotted',
}


def dot_id(text: str) -> str:
    """A DOT double-quoted ID: `"` and `\\` escaped, on one line."""
    return '"' + _DOT_ESCAPE.sub(lambda m: "\\" + m[0], clean(text)) + '"'


def _dot_attrs(attrs: dict) -> str:
    parts = []
    for key, value in attrs.items():
        if isinstance(value, list):
            value = ",".join(value)
        if value is None:
            continue
        shown = str(value).lower() if isinstance(value, bool) else value
        parts.append(f"{key}={shown if isinstance(shown, int) else dot_id(str(shown))}")
    return ", ".join(parts)


def to_dot(g: Graph) -> str:
    """Graphviz DOT text (`dot -Tsvg`, `neato`, or any tool that reads DOT)."""
    lines = [
        "digraph network {",
        "  graph [overlap=false, splines=true];",
        "  node [shape=circle];",
    ]
    for n in g.nodes:
        shape = ", shape=doublecircle" if n.id == YOU else ""
        lines.append(f"  {dot_id(n.id)} [label={dot_id(n.label)}{shape}, {_dot_attrs(n.attrs)}];")
    for e in g.edges:
        attrs = _dot_attrs({"kind": e.kind, "weight": e.weight, "date": e.date})
        lines.append(f"  {dot_id(e.source)} -> {dot_id(e.target)} [{attrs}, {_DOT_STYLE[e.kind]}];")
    lines.append("}")
    return "\n".join(lines) + "\n"
