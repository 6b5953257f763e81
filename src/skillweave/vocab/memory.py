"""A vocabulary held in memory, read from RDF files in the ESCO model (the workspace's
``ontologies/`` or a file given with ``--vocabulary``)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path

from skillweave.load.xmlsafe import without_controls
from skillweave.vocab.base import (
    ESCO,
    SKILL_TYPE_KNOWLEDGE,
    SKILL_TYPE_SKILL,
    SKOS,
    Concept,
    Vocabulary,
    normalise_label,
)

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
DCTERMS_DESCRIPTION = "http://purl.org/dc/terms/description"
DC_DESCRIPTION = "http://purl.org/dc/elements/1.1/description"
SKOS_DEFINITION = SKOS + "definition"
#: Predicates whose object is a concept's description (rank 0) or definition (rank 1). ESCO's RDF
#: points them at an ``esco:NodeLiteral`` resource holding ``esco:nodeLiteral`` (the text) and
#: ``esco:language``; plain language-tagged literals are accepted too.
_DESCRIPTION_RANK = {DCTERMS_DESCRIPTION: 0, DC_DESCRIPTION: 0, ESCO + "description": 0, SKOS_DEFINITION: 1}


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
        # (concept, rank) -> language -> texts; node literal -> text and language
        described: dict[tuple[str, int], dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
        described_by_node: list[tuple[str, int, str]] = []
        node_text: dict[str, str] = {}
        node_lang: dict[str, str] = {}
        for s, p, o, lang in triples:
            if lang is not None:
                o = without_controls(o)
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
            elif p in _DESCRIPTION_RANK:
                if lang is None and o.startswith(("http://", "https://", "urn:")):
                    described_by_node.append((s, _DESCRIPTION_RANK[p], o))
                else:
                    described[(s, _DESCRIPTION_RANK[p])][lang or ""].add(o)
            elif p == ESCO + "nodeLiteral":
                node_text[s] = o
            elif p == ESCO + "language":
                node_lang[s] = o
        for s, rank, node in described_by_node:
            if node in node_text:
                described[(s, rank)][node_lang.get(node, "")].add(node_text[node])
        descriptions: dict[str, dict[str, str]] = defaultdict(dict)
        for (s, rank), by_lang in sorted(described.items(), key=lambda item: -item[0][1]):
            for lang, texts in by_lang.items():
                descriptions[s][lang or "en"] = min(texts)  # a description overrides a definition
        vocab = cls()
        # ESCO's node literals (description texts) are resources of their own, not concepts
        subjects = (set(types) | set(pref) | set(alt) | set(skill_type)) - set(node_text)
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
                descriptions=dict(sorted(descriptions.get(uri, {}).items())),
            )
            vocab._add(concept)
        for occ in sorted(set(essential) | set(optional)):
            vocab._essential[occ] = sorted(essential.get(occ, ()))
            vocab._optional[occ] = sorted(optional.get(occ, set()) - essential.get(occ, set()))
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

    # -- the store's snapshot (vocab/store.py) -----------------------------------------------------

    _KINDS = {"occupation": "o", "skill": "s", "other": "x"}

    def to_snapshot(self) -> dict:
        """Everything this vocabulary holds as built-in types only (dicts, lists, strings,
        integers), with concepts numbered, so that it pickles small and loads fast."""
        uris = list(self._concepts)
        number = {uri: i for i, uri in enumerate(uris)}

        def n(uri: str) -> int:
            i = number.get(uri)
            if i is None:
                i = number[uri] = len(uris)
                uris.append(uri)
            return i

        concepts = list(self._concepts.values())
        return {
            "version": 1,
            "concepts": len(concepts),
            "kinds": "".join(self._KINDS[c.kind] for c in concepts),
            "pref": [c.pref_labels for c in concepts],
            "alt": {i: {lang: list(v) for lang, v in c.alt_labels.items()}
                    for i, c in enumerate(concepts) if c.alt_labels},
            "skill_type": {i: c.skill_type for i, c in enumerate(concepts) if c.skill_type},
            "broader": {i: [n(b) for b in c.broader] for i, c in enumerate(concepts) if c.broader},
            "descriptions": {i: c.descriptions for i, c in enumerate(concepts) if getattr(c, "descriptions", None)},
            "labels": {label: [n(u) for u in sorted(found)] for label, found in self._labels.items()},
            "essential": {n(o): [n(s) for s in skills] for o, skills in self._essential.items()},
            "optional": {n(o): [n(s) for s in skills] for o, skills in self._optional.items()},
            "uris": uris,
        }

    @classmethod
    def from_snapshot(cls, data: dict) -> "InMemoryVocabulary":
        """The inverse of :meth:`to_snapshot`: concepts are built on first use, so that loading
        all of ESCO to look up a few concepts stays fast."""
        return SnapshotVocabulary(data)


class SnapshotVocabulary(InMemoryVocabulary):
    """An :class:`InMemoryVocabulary` over a snapshot (see :meth:`InMemoryVocabulary.to_snapshot`)."""

    def __init__(self, data: dict) -> None:
        super().__init__()
        if data.get("version") != 1:
            raise ValueError(f"unknown snapshot version {data.get('version')!r}")
        self._data = data
        self._uris: list[str] = data["uris"]
        self._count: int = data["concepts"]
        self._number = {uri: i for i, uri in enumerate(self._uris)}
        self._reverse: dict[str, dict[int, list[int]]] | None = None

    def _make(self, i: int) -> Concept:
        data, uris = self._data, self._uris
        alt = data["alt"].get(i)
        broader = data["broader"].get(i)
        extra = {"descriptions": data["descriptions"].get(i, {})} if _HAS_DESCRIPTIONS else {}
        return Concept(
            uri=uris[i], kind=_KIND_NAMES[data["kinds"][i]], pref_labels=data["pref"][i],
            alt_labels={lang: tuple(v) for lang, v in alt.items()} if alt else {},
            skill_type=data["skill_type"].get(i),
            broader=tuple(uris[b] for b in broader) if broader else (),
            **extra)

    def concept(self, uri: str) -> Concept | None:
        c = self._concepts.get(uri)
        if c is None:
            i = self._number.get(uri)
            if i is None or i >= self._count:
                return None
            c = self._concepts[uri] = self._make(i)
        return c

    def by_label(self, label: str) -> list[str]:
        found = self._data["labels"].get(normalise_label(label), ())
        return sorted(self._uris[i] for i in found)

    def _related(self, key: str, uri: str) -> list[str]:
        i = self._number.get(uri)
        return [self._uris[s] for s in self._data[key].get(i, ())] if i is not None else []

    def essential_skills(self, occupation: str) -> list[str]:
        return self._related("essential", occupation)

    def optional_skills(self, occupation: str) -> list[str]:
        return self._related("optional", occupation)

    def occupations_needing(self, skill: str) -> list[tuple[str, str]]:
        if self._reverse is None:
            # skill -> the occupations that need it, one map per relation (no pair objects: the
            # relations of all of ESCO are many)
            self._reverse = {}
            for key in ("essential", "optional"):
                reverse: dict[int, list[int]] = defaultdict(list)
                for o, skills in self._data[key].items():
                    for s in skills:
                        reverse[s].append(o)
                self._reverse[key] = reverse
        i = self._number.get(skill)
        if i is None:
            return []
        return sorted((self._uris[o], key) for key, reverse in self._reverse.items() for o in reverse.get(i, ()))

    def all_labels(self) -> Iterable[tuple[str, str]]:
        pref, alt, uris = self._data["pref"], self._data["alt"], self._uris
        for i in range(self._count):
            uri = uris[i]
            for label in pref[i].values():
                yield label, uri
            for labels in alt.get(i, {}).values():
                for label in labels:
                    yield label, uri

    def all_uris(self) -> Iterable[str]:
        return iter(self._uris[:self._count])

    def skill_texts(self, lang: str) -> Iterable[tuple[str, str, list[str], str]]:
        """As :meth:`Vocabulary.skill_texts`, read from the snapshot without making concept objects
        (twice as fast for all of ESCO; ``skillweave suggest`` reads every skill)."""
        data, uris = self._data, self._uris
        kinds, pref, alt, descriptions = data["kinds"], data["pref"], data["alt"], data["descriptions"]
        skill = InMemoryVocabulary._KINDS["skill"]
        for i in sorted(range(self._count), key=uris.__getitem__):
            if kinds[i] != skill:
                continue
            labels = pref[i]
            # the fallback of Concept.label: lang, then English, then any, then the URI
            label = labels[lang] if lang in labels else labels["en"] if "en" in labels else (
                labels[min(labels)] if labels else uris[i])
            alts = alt.get(i)
            found = descriptions.get(i)
            yield uris[i], label, list(alts.get(lang, ())) if alts else [], found.get(lang, "") if found else ""

    def __len__(self) -> int:
        return self._count


_KIND_NAMES = {v: k for k, v in InMemoryVocabulary._KINDS.items()}
_HAS_DESCRIPTIONS = "descriptions" in Concept.__dataclass_fields__
