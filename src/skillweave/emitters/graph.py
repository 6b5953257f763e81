"""The curriculum graph for other tools: GraphML (yEd, Gephi, Cytoscape) and node-link JSON
(networkx, D3). Nodes and edges are written in sorted order, so the output is deterministic."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from skillweave.emitters import Options
    from skillweave.model import Project


def _sorted_graph(project: "Project"):
    import networkx as nx

    g = project.graph
    out = nx.MultiDiGraph()
    for node in sorted(g.nodes):
        out.add_node(node, **{k: v for k, v in sorted(g.nodes[node].items()) if v is not None})
    for u, v, k, data in sorted(g.edges(keys=True, data=True), key=lambda e: (e[0], e[1], e[2])):
        out.add_edge(u, v, key=k, **dict(sorted(data.items())))
    return out


def graphml(project: "Project", options: "Options | None" = None) -> str:
    import networkx as nx

    text = "\n".join(nx.generate_graphml(_sorted_graph(project), encoding="utf-8", prettyprint=True))
    return text + "\n"


def node_link_json(project: "Project", options: "Options | None" = None) -> str:
    import networkx as nx

    data = nx.node_link_data(_sorted_graph(project), edges="edges")
    return json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n"
