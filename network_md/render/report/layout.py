"""The map of the network: where each contact goes, its shape, colour and size. Pure geometry.

You are at the centre. Each relationship has a wedge of the circle (clockwise from the top, in
the order of RELATIONSHIPS); inside its wedge a contact's distance from the centre says how
familiar you are (familiarity 100 near you, 0 on the rim), its size says how much you trust it,
its colour and shape say the relationship, and a ring says it is flagged. At most `limit`
contacts are drawn: the flagged first, then the most familiar; the rest are counted per wedge.
"""

from __future__ import annotations

import math
from typing import NamedTuple

from network_md.core.model import RELATIONSHIPS
from network_md.core.names import fold

MAP_LIMIT = 300  # contacts drawn on the map; the table lists everyone
PER_WEDGE = 8  # every relationship keeps at least this many on the map, when it has them
INTRODUCTION_SHARE = 1 / 3  # of the map at most, for contacts drawn for their introductions
LABEL_ALL_UNDER = 60  # up to this many drawn contacts, each is named; above, none (too crowded)
R_NEAR, R_RIM = 52.0, 300.0  # distance from you of familiarity 100 and of familiarity 0
GAP_DEG = 4.0  # between wedges
MIN_WEDGE_DEG = 14.0

# Okabe & Ito's palette: told apart with every common colour-vision deficiency; shapes repeat
# the relationship for print in black and white.
COLOUR = {
    "network": "#009E73",
    "one-way": "#D55E00",
    "receiving": "#E69F00",
    "acquaintance": "#56B4E9",
    "dormant": "#CC79A7",
    "contact": "#999999",
}
SHAPE = {
    "network": "circle",
    "one-way": "triangle",
    "receiving": "triangle-down",
    "acquaintance": "diamond",
    "dormant": "square",
    "contact": "ring",
}
_SEVERITY_RANK = {"red": 0, "nudge": 1}


class Node(NamedTuple):
    """One contact on the map."""

    stats: object  # ContactStats
    x: float
    y: float
    size: float  # the shape's radius
    shape: str
    colour: str
    severity: str | None  # the worst flag's: "red", "nudge", or None
    labelled: bool


class Wedge(NamedTuple):
    relationship: str
    colour: str
    total: int  # contacts in this relationship
    shown: int  # of them, drawn
    arc: str  # SVG path of the wedge's outer arc, for its background
    label_x: float
    label_y: float
    anchor: str  # text-anchor of the label


class Edge(NamedTuple):
    x1: float
    y1: float
    x2: float
    y2: float
    title: str


class MapLayout(NamedTuple):
    nodes: list[Node]
    wedges: list[Wedge]
    edges: list[Edge]
    hidden: int  # contacts not drawn
    hidden_edges: int  # introductions with an end not drawn
    rings: list[tuple[int, float]]  # (familiarity, radius) of the guide rings


def severity(stats) -> str | None:
    """The worst of the contact's flags: red, nudge, or None."""
    found = {f.severity for f in stats.flags}
    return "red" if "red" in found else ("nudge" if found else None)


def _flag_first(stats):
    return (
        _SEVERITY_RANK.get(severity(stats), 2),
        min((f.since for f in stats.flags), default=0),
        -stats.familiarity,
        fold(stats.contact.name),
        stats.contact.path,
    )


def _closest_first(stats):
    return (-stats.familiarity, -stats.trust, fold(stats.contact.name), stats.contact.path)


def _alternate(*orders):
    """The items of several sequences, one from each in turn, until all are used up."""
    iterators = [iter(o) for o in orders]
    while iterators:
        for it in list(iterators):
            item = next(it, None)
            if item is None:
                iterators.remove(it)
            else:
                yield item


def pick(stats: list, limit: int = MAP_LIMIT, edges: list[tuple[str, str]] = ()) -> list:
    """The contacts to draw, when there are more than `limit`: PER_WEDGE of each relationship
    (its most familiar), then both ends of each introduction, in the order given, while they fit
    in INTRODUCTION_SHARE of the map, then in turn the most familiar and the flagged (red, then
    the oldest)."""
    if len(stats) <= limit:
        return list(stats)
    chosen: dict[str, object] = {}
    taken = dict.fromkeys(RELATIONSHIPS, 0)
    closest = sorted(stats, key=_closest_first)
    for s in closest:
        if taken[s.relationship] < PER_WEDGE and len(chosen) < limit:
            taken[s.relationship] += 1
            chosen[s.contact.path] = s
    by_path = {s.contact.path: s for s in stats}
    room = len(chosen) + int(limit * INTRODUCTION_SHARE)
    for a, b in edges:
        ends = [by_path[p] for p in (a, b) if p in by_path and p not in chosen]
        if len(chosen) + len(ends) > room:
            break
        chosen.update((s.contact.path, s) for s in ends)
    flagged = sorted((s for s in stats if s.flags), key=_flag_first)
    for s in _alternate(closest, flagged):
        if len(chosen) >= limit:
            break
        chosen.setdefault(s.contact.path, s)
    return list(chosen.values())


def distance(familiarity: int) -> float:
    """How far from you a contact of this familiarity sits."""
    return R_NEAR + (R_RIM - R_NEAR) * (1 - familiarity / 100)


def trust_size(trust: int) -> float:
    """The radius of a contact's shape: 5 with no trust, 12 with full trust."""
    return 5.0 + trust * 0.07


def crowding(drawn: int) -> float:
    """How much the shapes shrink so that many contacts stay apart: 1 up to LABEL_ALL_UNDER."""
    return max(0.45, min(1.0, math.sqrt(LABEL_ALL_UNDER / max(drawn, 1))))


def _point(radius: float, degrees: float) -> tuple[float, float]:
    a = math.radians(degrees - 90)  # 0 degrees is the top, clockwise
    return round(radius * math.cos(a), 1), round(radius * math.sin(a), 1)


def _spans(counts: dict[str, int]) -> dict[str, tuple[float, float]]:
    """Each present relationship's (start, end) angle, sized by its drawn contacts."""
    present = [r for r in RELATIONSHIPS if counts.get(r)]
    if not present:
        return {}
    free = 360.0 - GAP_DEG * len(present)
    weights = {
        r: max(counts[r] / sum(counts[p] for p in present) * free, MIN_WEDGE_DEG) for r in present
    }
    scale = free / sum(weights.values())
    spans, start = {}, GAP_DEG / 2
    for r in present:
        end = start + weights[r] * scale
        spans[r] = (start, end)
        start = end + GAP_DEG
    return spans


def _arc(start: float, end: float) -> str:
    """A wedge from you to just past the rim, as an SVG path."""
    r = R_RIM + 14
    x1, y1 = _point(r, start)
    x2, y2 = _point(r, end)
    large = 1 if end - start > 180 else 0
    return f"M0,0L{x1},{y1}A{r},{r} 0 {large} 1 {x2},{y2}Z"


def _wedges(totals: dict[str, int], shown: dict[str, int], spans) -> list[Wedge]:
    out = []
    for r, (start, end) in spans.items():
        x, y = _point(R_RIM + 44, (start + end) / 2)
        anchor = "middle" if abs(x) < 40 else ("start" if x > 0 else "end")
        out.append(Wedge(r, COLOUR[r], totals[r], shown.get(r, 0), _arc(start, end), x, y, anchor))
    return out


def layout(stats: list, edges: list[tuple[str, str]], limit: int = MAP_LIMIT) -> MapLayout:
    """The whole map for every contact's stats and the introductions (from_path, to_path)."""
    drawn = pick(stats, limit, edges)
    totals = dict.fromkeys(RELATIONSHIPS, 0)
    for s in stats:
        totals[s.relationship] += 1
    groups: dict[str, list] = {r: [] for r in RELATIONSHIPS}
    for s in drawn:
        groups[s.relationship].append(s)
    spans = _spans({r: len(g) or totals[r] for r, g in groups.items()})
    labelled = len(drawn) <= LABEL_ALL_UNDER
    scale = crowding(len(drawn))
    nodes = []
    for r, group in groups.items():
        if r not in spans:
            continue
        start, end = spans[r]
        group.sort(key=lambda s: (fold(s.contact.name), s.contact.path))
        for i, s in enumerate(group):
            # Neighbours step in and out a little, so that equal familiarities do not overlap.
            radius = distance(s.familiarity) + ((i % 3) - 1) * 7
            x, y = _point(radius, start + (end - start) * (i + 0.5) / len(group))
            size = round(trust_size(s.trust) * scale, 1)
            nodes.append(Node(s, x, y, size, SHAPE[r], COLOUR[r], severity(s), labelled))
    shown = {r: len(g) for r, g in groups.items()}
    lines, hidden_edges = _edges(nodes, edges)
    rings = [(f, round(distance(f), 1)) for f in (75, 50, 25, 0)]
    return MapLayout(
        nodes, _wedges(totals, shown, spans), lines, len(stats) - len(drawn), hidden_edges, rings
    )


def _edges(nodes: list[Node], edges: list[tuple[str, str]]) -> tuple[list[Edge], int]:
    """Lines for the introductions whose two ends are drawn; how many others there are."""
    where = {n.stats.contact.path: n for n in nodes}
    lines, hidden = [], 0
    for a, b in edges:
        na, nb = where.get(a), where.get(b)
        if na is None or nb is None:
            hidden += 1
            continue
        title = f"{na.stats.contact.name} introduced you to {nb.stats.contact.name}"
        lines.append(Edge(na.x, na.y, nb.x, nb.y, title))
    return lines, hidden


def shape_path(shape: str, x: float, y: float, s: float) -> str:
    """The SVG path of a non-circle shape of radius `s` centred on (x, y)."""
    if shape == "triangle":
        pts = [(0, -1.3), (1.13, 0.65), (-1.13, 0.65)]
    elif shape == "triangle-down":
        pts = [(0, 1.3), (1.13, -0.65), (-1.13, -0.65)]
    elif shape == "diamond":
        pts = [(0, -1.3), (1.3, 0), (0, 1.3), (-1.3, 0)]
    else:  # square
        pts = [(-0.9, -0.9), (0.9, -0.9), (0.9, 0.9), (-0.9, 0.9)]
    return "M" + "L".join(f"{round(x + px * s, 1)},{round(y + py * s, 1)}" for px, py in pts) + "Z"
