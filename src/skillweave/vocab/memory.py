"""A vocabulary held in memory, read from RDF files in the ESCO model (the workspace's
``ontologies/`` or a file given with ``--vocabulary``)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path

from .base import ESCO, SKILL_TYPE_KNOWLEDGE, SKILL_TYPE_SKILL, SKOS, Concept, Vocabulary, normalise_label

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"


class InMemoryVocabulary(Vocabulary):
    def __init__(self) -> None:
        self._concepts: dict[str, Concept] = {}
        self._labels: dict[str, set[str]] = defaultdict(set)
        self._essential: dict[str, list[str]] = {}
        self._optional: dict[str, list[str]] = {}
        self._needed_by: dict[str, list[tuple[str, str]]] = defaultdict(list)

    @classmethod
    def from_triples(cls, triples: Iterable[tuple[str, str, str, str | None]]) -> "InMemoryVocabulary":
        """Build from (subject, predicate, object, language) with URIs and literals as strings."""
        types: dict[str, set[str]] = defaultdict(set)
        pref: dict[str, dict[str, str]] = defaultdict(dict)
        alt: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
        skill_type: dict[str, str] = {}
        broader: dict[str, set[str]] = defaultdict(set)
        essential: dict[str, set[str]] = defaultdict(set)
        optional: dict[str, set[str]] = defaultdict(set)
        for s, p, o, lang in triples:
            if p == RDF_TYPE:
                types[s].add(o)
            elif p == SKOS + "prefLabel":
                current = pref[s].get(lang or "")
                if current is None or o < current:  # deterministic if a file has two
                    pref[s][lang or ""] = o
            elif p == SKOS + "altLabel":
                alt[s][lang or ""].add(o)
            elif p == ESCO + "skillType":
                if o == SKILL_TYPE_KNOWLEDGE:
                    skill_type[s] = "knowledge"
                elif o == SKILL_TYPE_SKILL:
                    skill_type[s] = "skill"
            elif p == SKOS + "broader":
                broader[s].add(o)
            elif p == ESCO + "relatedEssentialSkill":
                essential[s].add(o)
            elif p == ESCO + "relatedOptionalSkill":
                optional[s].add(o)
            elif p == ESCO + "isEssentialSkillFor":
                essential[o].add(s)
            elif p == ESCO + "isOptionalSkillFor":
                optional[o].add(s)
        vocab = cls()
        subjects = set(types) | set(pref) | set(alt) | set(skill_type)
        for uri in sorted(subjects):
            t = types.get(uri, set())
            if ESCO + "Occupation" in t:
                kind = "occupation"
            elif ESCO + "Skill" in t or uri in skill_type:
                kind = "skill"
            else:
                kind = "other"
            concept = Concept(
                uri=uri,
                kind=kind,
                pref_labels={k or "en": v for k, v in sorted(pref.get(uri, {}).items())},
                alt_labels={k or "en": tuple(sorted(v)) for k, v in sorted(alt.get(uri, {}).items())},
                skill_type=skill_type.get(uri),
                broader=tuple(sorted(broader.get(uri, ()))),
            )
            vocab._add(concept)
        for occ in sorted(set(essential) | set(optional)):
            vocab._essential[occ] = sorted(essential.get(occ, ()))
            vocab._optional[occ] = sorted(optional.get(occ, ()) - essential.get(occ, set()))
            for s in vocab._essential[occ]:
                vocab._needed_by[s].append((occ, "essential"))
            for s in vocab._optional[occ]:
                vocab._needed_by[s].append((occ, "optional"))
        return vocab

    @classmethod
    def from_graph(cls, graph) -> "InMemoryVocabulary":
        """Build from an rdflib graph in the ESCO model."""
        from rdflib import Literal, URIRef

        def triples():
            for s, p, o in graph:
                if not isinstance(s, URIRef):
                    continue
                if isinstance(o, Literal):
                    yield str(s), str(p), str(o), o.language
                elif isinstance(o, URIRef):
                    yield str(s), str(p), str(o), None

        return cls.from_triples(triples())

    def _add(self, concept: Concept) -> None:
        self._concepts[concept.uri] = concept
        for label in concept.pref_labels.values():
            self._labels[normalise_label(label)].add(concept.uri)
        for labels in concept.alt_labels.values():
            for label in labels:
                self._labels[normalise_label(label)].add(concept.uri)

    # -- Vocabulary ----------------------------------------------------------------------------

    def concept(self, uri: str) -> Concept | None:
        return self._concepts.get(uri)

    def by_label(self, label: str) -> list[str]:
        return sorted(self._labels.get(normalise_label(label), ()))

    def essential_skills(self, occupation: str) -> list[str]:
        return list(self._essential.get(occupation, ()))

    def optional_skills(self, occupation: str) -> list[str]:
        return list(self._optional.get(occupation, ()))

    def occupations_needing(self, skill: str) -> list[tuple[str, str]]:
        return sorted(self._needed_by.get(skill, ()))

    def all_labels(self) -> Iterable[tuple[str, str]]:
        for c in self._concepts.values():
            for label in c.pref_labels.values():
                yield label, c.uri
            for labels in c.alt_labels.values():
                for label in labels:
                    yield label, c.uri

    def all_uris(self) -> Iterable[str]:
        return iter(self._concepts)

    def __len__(self) -> int:
        return len(self._concepts)
