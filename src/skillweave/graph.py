"""The curriculum graph: partners, programmes, units, learning outcomes, skills, occupations and
national qualifications as typed nodes of a networkx ``MultiDiGraph``, with typed edges.

Node keys: ``partner:<id>``, ``programme:<id>``, ``unit:<id>``, ``outcome:<id>``,
``qualification:<partner>/<id>``, ``national-unit:<partner>/<id>``, and ESCO concepts by URI.
Every node has ``kind`` and ``label``; every edge has ``relation`` (also its key), one of
:data:`RELATIONS`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    import networkx as nx

    from skillweave.model import Curriculum, Resolved
    from skillweave.vocab import Vocabulary

NODE_KINDS = ("partner", "programme", "unit", "learning-outcome", "skill", "occupation",
              "national-qualification", "national-unit")
RELATIONS = ("contains", "has-outcome", "addresses-skill", "requires", "owned-by", "contributed-by",
             "approved-by", "awarded-by", "targets-occupation", "essential-skill-of", "optional-skill-of",
             "broader")


def node_id(kind: str, ident: str) -> str:
    prefix = {"learning-outcome": "outcome", "national-qualification": "qualification"}.get(kind, kind)
    return f"{prefix}:{ident}"


def build_graph(cur: "Curriculum", vocab: "Vocabulary", resolved: "Resolved") -> "nx.MultiDiGraph":
    import networkx as nx

    g = nx.MultiDiGraph()
    lang = cur.alliance.default_language if cur.alliance else "en"

    def edge(a: str, b: str, relation: str) -> None:
        if a in g and b in g:
            g.add_edge(a, b, key=relation, relation=relation)

    def concept(uri: str) -> str:
        if uri not in g:
            c = vocab.concept(uri)
            kind = c.kind if c and c.kind in ("skill", "occupation") else "skill"
            attrs = {"kind": kind, "label": c.label(lang) if c else uri, "uri": uri}
            if c and c.skill_type:
                attrs["skill_type"] = c.skill_type
            g.add_node(uri, **attrs)
        return uri

    if cur.alliance:
        for p in cur.alliance.partners:
            g.add_node(node_id("partner", p.id), kind="partner", label=p.name.get(lang), type=p.type,
                       country=p.country)

    def add_unit(key: str, kind: str, unit) -> None:
        g.add_node(key, kind=kind, label=unit.title.get(lang), eqf_level=unit.eqf_level,
                   ecvet_points=unit.ecvet_points, status=unit.status)
        edge(key, node_id("partner", unit.owner), "owned-by")
        for c in unit.contributors:
            edge(key, node_id("partner", c), "contributed-by")
        for a in unit.approvals:
            edge(key, node_id("partner", a.partner), "approved-by")
        for lo in unit.learning_outcomes:
            lo_key = node_id("learning-outcome", lo.id)
            g.add_node(lo_key, kind="learning-outcome", label=lo.statement.get(lang), type=lo.type)
            edge(key, lo_key, "has-outcome")
            for uri in resolved.outcome_skills.get(lo.id, []):
                edge(lo_key, concept(uri), "addresses-skill")

    for uid, unit in cur.units.items():
        add_unit(node_id("unit", uid), "unit", unit)
    for uid, unit in cur.units.items():
        for pre in unit.prerequisites:
            edge(node_id("unit", uid), node_id("unit", pre), "requires")
    for pid, prog in cur.programmes.items():
        key = node_id("programme", pid)
        g.add_node(key, kind="programme", label=prog.title.get(lang), eqf_level=prog.eqf_level,
                   ecvet_points=prog.ecvet_points)
        for uid in prog.units:
            edge(key, node_id("unit", uid), "contains")
        for partner in prog.awarding_partners:
            edge(key, node_id("partner", partner), "awarded-by")
        for occ in resolved.programme_occupations.get(pid, []):
            edge(key, concept(occ), "targets-occupation")
    for partner, entry in sorted(cur.national.items()):
        for uid, unit in entry.units.items():
            add_unit(node_id("national-unit", f"{partner}/{uid}"), "national-unit", unit)
        for uid, unit in entry.units.items():
            for pre in unit.prerequisites:
                edge(node_id("national-unit", f"{partner}/{uid}"), node_id("national-unit", f"{partner}/{pre}"),
                     "requires")
        q = entry.qualification
        if q is not None:
            key = node_id("national-qualification", f"{partner}/{q.id}")
            g.add_node(key, kind="national-qualification", label=q.title.get(lang), eqf_level=q.eqf_level)
            edge(key, node_id("partner", partner), "awarded-by")
            for uid in q.units:
                edge(key, node_id("national-unit", f"{partner}/{uid}"), "contains")
    # the target occupations' skills, so that coverage is a question about the graph
    for occ in [n for n, d in g.nodes(data=True) if d["kind"] == "occupation"]:
        for skill in vocab.essential_skills(occ):
            edge(concept(skill), occ, "essential-skill-of")
        for skill in vocab.optional_skills(occ):
            edge(concept(skill), occ, "optional-skill-of")
    return g
