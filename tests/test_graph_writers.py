"""The GraphML and node-link JSON writers give exactly what networkx's own writers give (they
replace them for speed), on the demo and on a graph with every awkward value."""

from __future__ import annotations

import json
from types import SimpleNamespace

import networkx as nx
import pytest

from skillweave.emitters import graph as writers
from skillweave.pipeline import check

from .conftest import REPO


def networkx_writers(g: nx.MultiDiGraph) -> tuple[str, str]:
    """What the exports were before: networkx's writers over the graph in sorted order."""
    out = nx.MultiDiGraph()
    for node in sorted(g.nodes):
        out.add_node(node, **{k: v for k, v in sorted(g.nodes[node].items()) if v is not None})
    for u, v, k, data in sorted(g.edges(keys=True, data=True), key=lambda e: (e[0], e[1], e[2])):
        out.add_edge(u, v, key=k, **dict(sorted(data.items())))
    graphml = "\n".join(nx.generate_graphml(out, encoding="utf-8", prettyprint=True)) + "\n"
    node_link = json.dumps(nx.node_link_data(out, edges="edges"), ensure_ascii=False, indent=1, sort_keys=True) + "\n"
    return graphml, node_link


def awkward() -> nx.MultiDiGraph:
    g = nx.MultiDiGraph()
    g.add_node("unit/a&b", kind="unit", label='Tom & "Jerry" <b>\tWärme\nnext', eqf_level=4, ecvet_points=7.5,
               approved=True, note=None)
    g.add_node("skill/ø", kind="skill", label="ÆØÅ — 日本", eqf_level=None)
    g.add_node("bare")
    g.add_node("unit/2", kind="unit", eqf_level=5.0)  # the same name with another type: a second key
    g.add_edge("unit/a&b", "skill/ø", key="teaches", relation="teaches")
    g.add_edge("unit/a&b", "skill/ø", key='"odd" key', relation="x\r\ny", weight=2)
    g.add_edge("bare", "unit/2", key="plain")
    return g


@pytest.mark.parametrize("which", ["demo", "awkward", "empty"])
def test_the_writers_give_networkx_bytes(which):
    if which == "demo":
        g = check(REPO).graph
    elif which == "awkward":
        g = awkward()
    else:
        g = nx.MultiDiGraph()
    project = SimpleNamespace(graph=g, memo=lambda key, compute: compute())
    graphml, node_link = networkx_writers(g)
    assert writers.graphml(project) == graphml
    assert writers.node_link_json(project) == node_link
