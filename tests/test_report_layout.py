"""report.layout: the map's placement, shapes, colours, which contacts are drawn, and edges."""

from __future__ import annotations

import math

from helpers import TODAY, ago, contact

from network_md.analysis.stats import analyse
from network_md.core.model import RELATIONSHIPS
from network_md.format.config import DEFAULT
from network_md.render.report import layout

# One contact per relationship, by the log that gives it.
LOGS = {
    "network": [(ago(2), "gave"), (ago(1), "got"), (ago(0), "thanked")],
    "one-way": [(ago(30), "gave"), (ago(20), "gave"), (ago(10), "gave")],  # and a red flag
    "receiving": [(ago(5), "got")],
    "acquaintance": [(ago(5), "met")],
    "dormant": [(ago(500), "met")],
    "contact": [],
}


def stats_of(logs: dict) -> list:
    people = [contact(log, path=f"people/{name}.md") for name, log in logs.items()]
    return analyse(people, DEFAULT, TODAY).contacts


def radius(node) -> float:
    return math.hypot(node.x, node.y)


def test_every_relationship_has_its_own_colour_and_shape():
    assert set(layout.COLOUR) == set(layout.SHAPE) == set(RELATIONSHIPS)
    assert len(set(layout.COLOUR.values())) == len(set(layout.SHAPE.values())) == 6


def test_small_networks_draw_everyone_with_their_relationship():
    m = layout.layout(stats_of(LOGS), [])
    drawn = {n.stats.contact.path: n for n in m.nodes}
    assert len(drawn) == 6 and m.hidden == 0
    for name in LOGS:
        node = drawn[f"people/{name}.md"]
        assert node.stats.relationship == name
        assert (node.colour, node.shape) == (layout.COLOUR[name], layout.SHAPE[name])
        assert node.labelled
    assert drawn["people/one-way.md"].severity == "red"
    assert drawn["people/network.md"].severity is None
    assert {w.relationship for w in m.wedges} == set(LOGS)


def test_more_familiar_sits_closer_and_more_trusted_is_larger():
    assert layout.distance(100) < layout.distance(50) < layout.distance(0) == layout.R_RIM
    assert layout.trust_size(0) < layout.trust_size(50) < layout.trust_size(100)
    m = layout.layout(stats_of(LOGS), [])
    by = {n.stats.relationship: n for n in m.nodes}
    assert radius(by["network"]) < radius(by["dormant"])
    assert by["network"].size > by["acquaintance"].size  # trust 30 against 0


def test_contacts_sit_inside_their_own_wedge():
    logs = {f"n{i}": LOGS["network"] for i in range(7)} | {
        f"d{i}": LOGS["dormant"] for i in range(3)
    }
    m = layout.layout(stats_of(logs), [])
    spans = layout._spans({"network": 7, "dormant": 3})
    for n in m.nodes:
        angle = (math.degrees(math.atan2(n.y, n.x)) + 90) % 360
        start, end = spans[n.stats.relationship]
        assert start <= angle <= end, (n.stats.contact.path, angle, start, end)


def test_a_crowded_map_keeps_each_relationship_the_flagged_and_the_closest():
    logs = {
        f"near{i:03}": [(ago(d), "gave") for d in range(0, 40, 4)] + [(ago(1), "got")]
        for i in range(50)
    }
    logs |= {f"flag{i:03}": LOGS["one-way"] for i in range(50)}
    logs |= {f"cold{i:03}": LOGS["dormant"] for i in range(50)}
    stats = stats_of(logs)
    m = layout.layout(stats, [], limit=30)
    drawn = [n.stats for n in m.nodes]
    assert len(drawn) == 30 and m.hidden == 120
    rels = [s.relationship for s in drawn]
    assert rels.count("dormant") == layout.PER_WEDGE  # each wedge keeps a few
    assert rels.count("one-way") >= 10 and rels.count("network") >= 10  # flagged and closest
    assert not any(n.labelled for n in m.nodes) or len(drawn) <= layout.LABEL_ALL_UNDER
    wedges = {w.relationship: w for w in m.wedges}
    assert (wedges["dormant"].total, wedges["dormant"].shown) == (50, layout.PER_WEDGE)


def test_pick_is_everyone_when_under_the_limit_and_stable():
    stats = stats_of(LOGS)
    assert layout.pick(stats, 10) == stats
    assert layout.pick(stats, 3) == layout.pick(list(reversed(stats)), 3)


def test_crowded_maps_shrink_shapes_and_drop_names():
    assert layout.crowding(10) == 1.0
    assert layout.crowding(300) < 0.5
    logs = {f"p{i:03}": LOGS["network"] for i in range(layout.LABEL_ALL_UNDER + 1)}
    m = layout.layout(stats_of(logs), [])
    assert not any(n.labelled for n in m.nodes)
    assert max(n.size for n in m.nodes) < layout.trust_size(30)


def test_edges_join_drawn_contacts_and_count_the_others():
    stats = stats_of(LOGS)
    edges = [
        ("people/network.md", "people/receiving.md"),
        ("people/one-way.md", "people/contact.md"),
        ("people/network.md", "people/gone.md"),  # not a contact: counted, not drawn
    ]
    m = layout.layout(stats, edges)
    assert len(m.edges) == 2 and m.hidden_edges == 1
    at = {n.stats.contact.path: (n.x, n.y) for n in m.nodes}
    e = m.edges[0]
    assert (e.x1, e.y1) == at["people/network.md"] and (e.x2, e.y2) == at["people/receiving.md"]
    assert e.title == "Network introduced you to Receiving"
    few = layout.layout(stats, edges, limit=2)
    assert len(few.edges) + few.hidden_edges == 3


def test_shapes_are_closed_paths_around_their_centre():
    for shape in ("triangle", "triangle-down", "diamond", "square"):
        d = layout.shape_path(shape, 10.0, -20.0, 5.0)
        assert d.startswith("M") and d.endswith("Z")
        points = [tuple(map(float, p.split(","))) for p in d[1:-1].split("L")]
        assert all(abs(x - 10) <= 7 and abs(y + 20) <= 7 for x, y in points)


def test_no_contacts_no_wedges():
    m = layout.layout([], [])
    assert (m.nodes, m.wedges, m.edges, m.hidden) == ([], [], [], 0)


def test_a_crowded_map_draws_the_ends_of_introductions_within_its_share():
    stats = [
        analyse(
            [contact([(ago(200 - i % 150), "met")], path=f"p/{i:04d}.md")], DEFAULT, TODAY
        ).contacts[0]
        for i in range(400)
    ]
    far = [s.contact.path for s in sorted(stats, key=lambda s: s.familiarity)[:80]]
    edges = list(zip(far[0::2], far[1::2]))  # 40 introductions between the least familiar
    m = layout.layout(stats, edges, limit=60)
    drawn = {n.stats.contact.path for n in m.nodes}
    assert len(drawn) == 60
    share = int(60 * layout.INTRODUCTION_SHARE)
    assert len(m.edges) == share // 2 and m.hidden_edges == len(edges) - share // 2
    assert all(a in drawn and b in drawn for a, b in edges[: share // 2])
    assert layout.pick(stats, 60) != layout.pick(stats, 60, edges)  # without them: others
