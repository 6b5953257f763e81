"""The curriculum graph for other tools: GraphML (yEd, Gephi, Cytoscape) and node-link JSON
(networkx, D3). Nodes and edges are written in sorted order, so the output is deterministic.

Both are written here directly from the graph, in exactly the layout of networkx's own writers
(``nx.generate_graphml(..., prettyprint=True)`` and ``nx.node_link_data``): the tests compare the
bytes with networkx's on the demo and on synthetic graphs. networkx builds an element tree per
node and edge first, which at 5,000 units took seconds; these writers take a tenth of that.
"""

from __future__ import annotations

from skillweave.formats import jsontext

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from skillweave.emitters import Options
    from skillweave.model import Project

#: GraphML's attribute types of the Python values the graph holds (as networkx names them)
GRAPHML_TYPES = {str: "string", int: "long", float: "double", bool: "boolean"}
_ROOT = ('<graphml xmlns="http://graphml.graphdrawing.org/xmlns" '
         'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
         'xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns '
         'http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">')


def _text(value: str) -> str:
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _attribute(value: str) -> str:
    value = value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
    if "\n" in value or "\r" in value or "\t" in value:
        value = value.replace("\n", "&#10;").replace("\r", "&#13;").replace("\t", "&#09;")
    return value


def _sorted(project: "Project") -> tuple[list, list]:
    """The nodes (id, attributes without None) and edges (source, target, key, attributes),
    sorted (once for both formats)."""
    def made() -> tuple[list, list]:
        g = project.graph
        nodes = [(n, [(k, v) for k, v in sorted(g.nodes[n].items()) if v is not None]) for n in sorted(g.nodes)]
        edges = [(u, v, k, sorted(data.items()))
                 for u, v, k, data in sorted(g.edges(keys=True, data=True), key=lambda e: (e[0], e[1], e[2]))]
        return nodes, edges

    return project.memo("graph-sorted", made)


def graphml(project: "Project", options: "Options | None" = None) -> str:
    nodes, edges = _sorted(project)
    keys: dict[tuple[str, str, str], str] = {}  # (name, type, scope) -> id, in the order first used
    lines: list[str] = []

    def element(open_tag: str, name: str, attributes: list, scope: str) -> None:
        if not attributes:
            lines.append(f"    {open_tag} />")
            return
        lines.append(f"    {open_tag}>")
        for k, v in attributes:
            kind = GRAPHML_TYPES.get(type(v))
            if kind is None:
                raise TypeError(f"GraphML has no type for {type(v).__name__} values ({k})")
            key = keys.setdefault((str(k), kind, scope), f"d{len(keys)}")
            lines.append(f'      <data key="{key}">{_text(str(v))}</data>')
        lines.append(f"    </{name}>")

    for n, attributes in nodes:
        element(f'<node id="{_attribute(str(n))}"', "node", attributes, "node")
    for u, v, k, attributes in edges:
        element(f'<edge source="{_attribute(str(u))}" target="{_attribute(str(v))}" '
                f'id="{_attribute(str(k))}"', "edge", attributes, "edge")
    head = [_ROOT]
    for (name, kind, scope), key in reversed(list(keys.items())):  # networkx puts each new key first
        head.append(f'  <key id="{key}" for="{scope}" attr.name="{_attribute(name)}" attr.type="{kind}" />')
    if lines:
        text = "\n".join([*head, '  <graph edgedefault="directed">', *lines, "  </graph>", "</graphml>"]) + "\n"
    else:
        text = "\n".join([*head, '  <graph edgedefault="directed" />', "</graphml>"]) + "\n"
    # as networkx writes it: ASCII only, and line by line (a carriage return in a text ends a line,
    # as XML readers take it anyway)
    return "\n".join(text.encode("ascii", "xmlcharrefreplace").decode("ascii").splitlines()) + "\n"


def node_link_json(project: "Project", options: "Options | None" = None) -> str:
    nodes, edges = _sorted(project)
    data = {"directed": True, "multigraph": True, "graph": {},
            "nodes": [{**dict(attributes), "id": n} for n, attributes in nodes],
            "edges": [{**dict(attributes), "source": u, "target": v, "key": k} for u, v, k, attributes in edges]}
    return jsontext.dumps(data, indent=1, sort_keys=True)
