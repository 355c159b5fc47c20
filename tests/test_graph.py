"""`graph`: the network as JSON, GraphML (read back with networkx) and DOT (parsed here, and by
Graphviz when it is installed), from real vaults through the installed command."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import networkx as nx
import pytest
from helpers import TODAY, ago, script_path, vault_bytes

from network_md.render import graph as render_graph

ODD = 'Zoë <script>alert("x")</script> & "Q" \\ back'  # markup, quotes, a backslash, an accent

VAULT = {
    "people/ana.md": "---\nname: Ana Silva\n---\n## Log\n"
    f"- {ago(40)} got: introduced me to [[Ben Ode]]\n"
    f"- {ago(30)} gave: put her in touch with [[carla]]\n"
    f"- {ago(20)} met: talked about [[Ben Ode]] and [[Nobody]]\n"
    f"- {ago(-5)} met: a plan with [[carla]] does not count\n",
    "people/ben.md": f"---\nname: Ben Ode\n---\n## Log\n- {ago(3)} met: coffee\n"
    f"- {ago(2)} gave: a book\n- {ago(1)} got: advice\n",
    "people/carla.md": '---\nname: Carla\nintroduced_by: "[[Ana Silva]]"\narchived: true\n---\n'
    f"## Log\n- {ago(60)} met: hello\n",
    "people/odd.md": f"---\nname: {json.dumps(ODD + chr(7))}\n---\n## Log\n"
    f"- {ago(5)} thanked: for [[Ana Silva]]\n",
}


def run_graph(root: Path, *args: str, code: int = 0) -> subprocess.CompletedProcess:
    done = subprocess.run(
        [script_path(), "--vault", str(root), "--today", TODAY.isoformat(), "graph", *args],
        capture_output=True,
        timeout=60,
    )
    assert done.returncode == code, done.stderr.decode()
    return done


def edges_of(data: dict) -> set[tuple]:
    return {(e["source"], e["target"], e["kind"], e["weight"], e["date"]) for e in data["edges"]}


def test_json_has_you_every_contact_with_its_numbers_and_every_kind_of_edge(make_vault):
    root = make_vault(VAULT, config="me: Pat Example\ncontacts: [people]\n")
    data = json.loads(run_graph(root).stdout)
    nodes = {n["id"]: n for n in data["nodes"]}
    assert set(nodes) == {"you", *VAULT}
    assert nodes["you"] == {"id": "you", "label": "Pat Example", "kind": "you"}
    ana = nodes["people/ana.md"]
    assert {k: ana[k] for k in ("name", "relationship", "given", "received", "archived")} == {
        "name": "Ana Silva",
        "relationship": "network",
        "given": 1,
        "received": 1,
        "archived": False,
    }
    assert isinstance(ana["familiarity"], int) and isinstance(ana["trust"], int)
    assert nodes["people/carla.md"]["archived"] is True
    assert nodes["people/odd.md"]["label"] == ODD  # the bell is gone, the rest kept
    assert edges_of(data) == {
        ("you", "people/ana.md", "exchanges", 2, None),
        ("you", "people/ben.md", "exchanges", 2, None),
        ("you", "people/carla.md", "exchanges", 0, None),
        ("you", "people/odd.md", "exchanges", 1, None),
        ("people/ana.md", "people/ben.md", "introduced", 1, ago(40)),
        ("people/ana.md", "people/carla.md", "introduced", 1, None),  # introduced_by: no day
        ("people/ana.md", "people/carla.md", "you-introduced", 1, ago(30)),
        ("people/ana.md", "people/ben.md", "mention", 2, None),  # the got and the met
        ("people/ana.md", "people/carla.md", "mention", 1, None),  # the plan is left out
        ("people/odd.md", "people/ana.md", "mention", 1, None),
    }


def test_graphml_reads_back_in_networkx_with_every_node_edge_and_number(make_vault, tmp_path):
    root = make_vault(VAULT)
    out = tmp_path / "network.graphml"
    done = run_graph(root, "--format", "graphml", "--output", str(out))
    assert b"Wrote" in done.stderr and done.stdout == b""
    g = nx.read_graphml(out)
    assert g.is_directed() and g.is_multigraph()
    assert set(g.nodes) == {"you", *VAULT}
    ana = g.nodes["people/ana.md"]
    assert (ana["label"], ana["relationship"], ana["given"], ana["flags"]) == (
        "Ana Silva",
        "network",
        1,
        "close-the-loop",
    )
    assert g.nodes["people/odd.md"]["label"] == ODD
    assert g.nodes["people/carla.md"]["archived"] is True
    kinds = sorted((a, b, d["kind"], d["count"]) for a, b, d in g.edges(data=True))
    expected = edges_of(json.loads(run_graph(root).stdout))
    assert kinds == sorted((a, b, k, w) for a, b, k, w, _ in expected)
    # Gephi drops edges of weight 0: an edge with no exchange yet weighs a half
    weights = {(a, b, d["kind"]): d["weight"] for a, b, d in g.edges(data=True)}
    assert weights["you", "people/carla.md", "exchanges"] == 0.5
    assert weights["you", "people/ana.md", "exchanges"] == 2.0
    assert all(w > 0 for w in weights.values())
    ids = re.findall(rb'<edge [^>]*id="([^"]*)"', out.read_bytes())
    assert len(ids) == g.number_of_edges() == len(set(ids))  # Gephi identifies edges by id
    intro = [d for a, b, d in g.edges(data=True) if d["kind"] == "introduced" and "date" in d]
    assert [d["date"] for d in intro] == [ago(40)]
    # the same bytes on stdout
    assert run_graph(root, "--format", "graphml").stdout == out.read_bytes()


QUOTED = r'"((?:[^"\\]|\\.)*)"'
EDGE = re.compile(rf"^  {QUOTED} -> {QUOTED} \[(.*)\];$")
NODE = re.compile(rf"^  {QUOTED} \[(.*)\];$")
ATTR = re.compile(rf"(\w+)=({QUOTED}|[^,\s]+)")


def unquote(text: str) -> str:
    return re.sub(r"\\(.)", r"\1", text)


def parse_dot(text: str) -> tuple[dict, list]:
    """The nodes (id -> attrs) and edges (source, target, attrs) of the DOT `graph` writes."""
    lines = text.splitlines()
    assert lines[0] == "digraph network {" and lines[-1] == "}"
    nodes, edges = {}, []
    for line in lines[1:-1]:
        if m := EDGE.match(line):
            attrs = {k: unquote(q) if v.startswith('"') else v for k, v, q in ATTR.findall(m[3])}
            edges.append((unquote(m[1]), unquote(m[2]), attrs))
        elif m := NODE.match(line):
            attrs = {k: unquote(q) if v.startswith('"') else v for k, v, q in ATTR.findall(m[2])}
            nodes[unquote(m[1])] = attrs
    return nodes, edges


def test_dot_escapes_every_name_and_holds_every_edge(make_vault):
    root = make_vault(VAULT)
    text = run_graph(root, "--format", "dot").stdout.decode("utf-8")
    assert "\x07" not in text and all(line.isprintable() for line in text.splitlines())
    nodes, edges = parse_dot(text)
    assert set(nodes) == {"you", *VAULT}
    assert nodes["people/odd.md"]["label"] == ODD
    assert nodes["people/ana.md"]["relationship"] == "network"
    assert nodes["people/ana.md"]["given"] == "1"
    found = {(a, b, d["kind"], int(d["weight"])) for a, b, d in edges}
    expected = edges_of(json.loads(run_graph(root).stdout))
    assert found == {(a, b, k, w) for a, b, k, w, _ in expected}


@pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz is not installed")
def test_graphviz_lays_the_dot_out(make_vault, tmp_path):
    root = make_vault(VAULT)
    (tmp_path / "g.dot").write_bytes(run_graph(root, "--format", "dot").stdout)
    done = subprocess.run(["dot", "-Tsvg", str(tmp_path / "g.dot")], capture_output=True)
    assert done.returncode == 0 and b"<svg" in done.stdout, done.stderr


def test_dot_id_escapes_quotes_and_backslashes_on_one_line():
    assert render_graph.dot_id('a "b" \\c\nd\x1b[31m') == r'"a \"b\" \\c d"'


def test_an_empty_vault_is_you_alone(make_vault):
    root = make_vault({})
    assert json.loads(run_graph(root).stdout) == {
        "nodes": [{"id": "you", "label": "You", "kind": "you"}],
        "edges": [],
    }
    assert (
        nx.read_graphml(
            __import__("io").BytesIO(run_graph(root, "--format", "graphml").stdout)
        ).number_of_nodes()
        == 1
    )


@pytest.mark.parametrize("fmt", ["json", "graphml", "dot"])
def test_output_never_replaces_a_file_that_is_not_such_a_graph(make_vault, fmt):
    root = make_vault(VAULT)
    before = vault_bytes(root)
    done = run_graph(root, "--format", fmt, "--output", str(root / "people/ana.md"), code=2)
    assert b"is not a" in done.stderr and b"Traceback" not in done.stderr
    assert vault_bytes(root) == before
    # a graph of that format is replaced, atomically
    target = root / f"graph.{fmt}"
    run_graph(root, "--format", fmt, "--output", str(target))
    first = target.read_bytes()
    run_graph(root, "--format", fmt, "--output", str(target))
    assert target.read_bytes() == first
    assert not [p for p in root.iterdir() if p.name.startswith(".graph")]


def test_output_in_a_missing_folder_is_a_usage_error(make_vault, tmp_path):
    root = make_vault(VAULT)
    done = run_graph(root, "--output", str(tmp_path / "nowhere" / "g.json"), code=2)
    assert b"does not exist" in done.stderr and b"Traceback" not in done.stderr
