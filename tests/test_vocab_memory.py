"""Reading a vocabulary in the ESCO RDF model and resolving references against it."""

from __future__ import annotations

from skillweave.vocab.memory import InMemoryVocabulary

ESCO = "http://data.europa.eu/esco/model#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"


def vocab() -> InMemoryVocabulary:
    return InMemoryVocabulary.from_triples([
        ("urn:o", TYPE, ESCO + "Occupation", None),
        ("urn:o", SKOS + "prefLabel", "welder", "en"),
        ("urn:o", SKOS + "prefLabel", "lasser", "nl"),
        ("urn:s1", TYPE, ESCO + "Skill", None),
        ("urn:s1", SKOS + "prefLabel", "weld metal", "en"),
        ("urn:s1", SKOS + "altLabel", "metaal lassen", "nl"),
        ("urn:s1", ESCO + "skillType", "http://data.europa.eu/esco/skill-type/skill", None),
        ("urn:s1", ESCO + "isEssentialSkillFor", "urn:o", None),  # the inverse form ESCO also publishes
        ("urn:s2", TYPE, ESCO + "Skill", None),
        ("urn:s2", SKOS + "prefLabel", "metallurgy", "en"),
        ("urn:s2", ESCO + "skillType", "http://data.europa.eu/esco/skill-type/knowledge", None),
        ("urn:s2", SKOS + "broader", "urn:s1", None),
        ("urn:o", ESCO + "relatedOptionalSkill", "urn:s2", None),
    ])


def test_labels_in_any_language_any_case():
    v = vocab()
    assert v.resolve("Metaal  Lassen", "skill").uri == "urn:s1"
    assert v.resolve("WELD METAL", "skill").uri == "urn:s1"
    assert v.resolve("lasser", "occupation").uri == "urn:o"
    assert v.resolve("lasser", "skill").wrong_kind == "occupation"
    assert v.resolve("weld metals", "skill").suggestions == ("weld metal",)


def test_relations_and_types():
    v = vocab()
    assert v.essential_skills("urn:o") == ["urn:s1"]
    assert v.optional_skills("urn:o") == ["urn:s2"]
    assert v.occupations_needing("urn:s2") == [("urn:o", "optional")]
    assert v.concept("urn:s2").skill_type == "knowledge"
    assert v.concept("urn:s2").broader == ("urn:s1",)
    assert v.concept("urn:o").label("nl") == "lasser"
