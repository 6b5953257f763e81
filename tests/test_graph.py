"""The curriculum graph built from the base fixture: typed nodes and typed edges."""

from __future__ import annotations

from collections import Counter

from skillweave.graph import NODE_KINDS, RELATIONS
from skillweave.pipeline import check

from .conftest import FIXTURES

SK = "http://data.europa.eu/esco/skill/"
OCC = "http://data.europa.eu/esco/occupation/installer"


def test_graph_of_the_base_fixture():
    g = check(FIXTURES / "base").graph
    kinds = Counter(d["kind"] for _, d in g.nodes(data=True))
    assert kinds == {"partner": 3, "programme": 1, "unit": 3, "learning-outcome": 6, "skill": 4, "occupation": 1,
                     "national-qualification": 1, "national-unit": 1}
    assert set(kinds) <= set(NODE_KINDS)
    relations = Counter(k for _, _, k in g.edges(keys=True))
    assert set(relations) <= set(RELATIONS)
    assert relations["contains"] == 3 + 1  # programme -> 3 units, qualification -> 1 national unit
    assert relations["has-outcome"] == 6
    assert relations["requires"] == 3  # mounting -> safety, wiring -> safety, wiring -> mounting
    assert relations["essential-skill-of"] == 3 and relations["optional-skill-of"] == 1
    assert g.has_edge("unit:wiring", "unit:mounting", "requires")
    assert g.has_edge("outcome:mounting-1", SK + "mount", "addresses-skill")  # resolved from a label
    assert g.has_edge("programme:installer", OCC, "targets-occupation")
    assert g.has_edge(SK + "safety", OCC, "essential-skill-of")
    assert g.has_edge("unit:safety", "partner:emp-b", "approved-by")
    assert g.has_edge("unit:mounting", "partner:emp-b", "contributed-by")
    assert g.has_edge("national-unit:vet-a/nl-mount", "partner:vet-a", "owned-by")
    assert g.nodes[SK + "safety"]["skill_type"] == "knowledge"
