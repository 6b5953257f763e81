"""The occupation vocabulary interface: concepts, labels, relations and reference resolution.

Every vocabulary source (the workspace's RDF files, a persistent store, a SPARQL endpoint)
implements :class:`Vocabulary`; analyses only ever use this interface.
"""

from __future__ import annotations

import difflib
from abc import ABC, abstractmethod
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Literal

from skillweave.vocab.search import normalise_label, search_labels

ESCO = "http://data.europa.eu/esco/model#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
SKILL_TYPE_SKILL = "http://data.europa.eu/esco/skill-type/skill"
SKILL_TYPE_KNOWLEDGE = "http://data.europa.eu/esco/skill-type/knowledge"

Kind = Literal["occupation", "skill", "other"]


@dataclass(frozen=True)
class Concept:
    uri: str
    kind: Kind
    pref_labels: dict[str, str] = field(default_factory=dict, hash=False, compare=False)
    alt_labels: dict[str, tuple[str, ...]] = field(default_factory=dict, hash=False, compare=False)
    #: "skill" or "knowledge" for skills (ESCO skill type), else None
    skill_type: str | None = None
    broader: tuple[str, ...] = ()
    #: description (or, lacking one, definition) by language; used to rank suggestions
    descriptions: dict[str, str] = field(default_factory=dict, hash=False, compare=False)

    def label(self, lang: str = "en") -> str:
        if lang in self.pref_labels:
            return self.pref_labels[lang]
        if "en" in self.pref_labels:
            return self.pref_labels["en"]
        if self.pref_labels:
            return self.pref_labels[min(self.pref_labels)]
        return self.uri


@dataclass(frozen=True)
class Resolution:
    """The outcome of resolving one reference: a URI, or why not."""

    uri: str | None
    #: several concepts carry this label (ambiguous)
    candidates: tuple[str, ...] = ()
    #: near misses for "did you mean"
    suggestions: tuple[str, ...] = ()
    #: the reference is a known concept of another kind
    wrong_kind: Kind | None = None


class Vocabulary(ABC):
    """What skillweave needs to know of ESCO (or any SKOS vocabulary in the ESCO model)."""

    @abstractmethod
    def concept(self, uri: str) -> Concept | None:
        """The concept with this URI, or None."""

    @abstractmethod
    def by_label(self, label: str) -> list[str]:
        """URIs whose preferred or alternative label (any language) matches, case-insensitively."""

    @abstractmethod
    def essential_skills(self, occupation: str) -> list[str]: ...

    @abstractmethod
    def optional_skills(self, occupation: str) -> list[str]: ...

    @abstractmethod
    def occupations_needing(self, skill: str) -> list[tuple[str, str]]:
        """(occupation URI, "essential" | "optional") for the occupations that list the skill."""

    @abstractmethod
    def all_labels(self) -> Iterable[tuple[str, str]]:
        """(label, URI) pairs for near-miss suggestions."""

    @abstractmethod
    def all_uris(self) -> Iterable[str]: ...

    def __len__(self) -> int:  # pragma: no cover - informational
        return sum(1 for _ in self.all_uris())

    def label(self, uri: str, lang: str = "en") -> str:
        c = self.concept(uri)
        return c.label(lang) if c else uri

    def near_misses(self, reference: str, kind: Kind, n: int = 3) -> list[str]:
        """Labels (or URIs, for a URI reference) of concepts of ``kind`` close to ``reference``."""
        if reference.startswith(("http://", "https://")):
            pool = [u for u in self.all_uris() if (c := self.concept(u)) and c.kind == kind]
            return difflib.get_close_matches(reference, pool, n=n, cutoff=0.8)
        by_norm: dict[str, str] = {}
        for label, uri in self.all_labels():
            c = self.concept(uri)
            if c and c.kind == kind:
                by_norm.setdefault(normalise_label(label), label)
        hits = difflib.get_close_matches(normalise_label(reference), list(by_norm), n=n, cutoff=0.6)
        return [by_norm[h] for h in hits]

    def resolve(self, reference: str, kind: Kind) -> Resolution:
        """Resolve a full concept URI or an exact preferred/alternative label to one concept of ``kind``."""
        ref = reference.strip()
        if ref.startswith(("http://", "https://")):
            c = self.concept(ref)
            if c is None:
                return Resolution(None, suggestions=tuple(self.near_misses(ref, kind)))
            if c.kind != kind:
                return Resolution(None, wrong_kind=c.kind)
            return Resolution(ref)
        uris = sorted(set(self.by_label(ref)))
        of_kind = [u for u in uris if (c := self.concept(u)) and c.kind == kind]
        if len(of_kind) == 1:
            return Resolution(of_kind[0])
        if len(of_kind) > 1:
            return Resolution(None, candidates=tuple(of_kind))
        if uris:
            other = self.concept(uris[0])
            return Resolution(None, wrong_kind=other.kind if other else None)
        return Resolution(None, suggestions=tuple(self.near_misses(ref, kind)))

    def skill_texts(self, lang: str) -> Iterable[tuple[str, str, list[str], str]]:
        """(URI, preferred label, alternative labels, description) of every skill, in ``lang``.

        The preferred label falls back like :meth:`Concept.label` (``lang``, then English, then
        any); alternative labels and the description are those in ``lang`` ("" if none). Skills
        come in URI order. Sources that hold many skills may override this with a bulk query.
        """
        for uri in sorted(self.all_uris()):
            c = self.concept(uri)
            if c is None or c.kind != "skill":
                continue
            yield uri, c.label(lang), list(c.alt_labels.get(lang, ())), c.descriptions.get(lang, "")

    def prefetch(self, references: Iterable[str]) -> None:
        """Look up ``references`` (URIs or labels) ahead of :meth:`resolve` calls.

        Sources that pay per lookup (a SPARQL endpoint) fetch them all with a few batched
        queries; in-memory sources need nothing.
        """

    def search(self, text: str, kind: Kind | None = None, lang: str | None = None,
               limit: int = 20) -> list:
        """Concepts with a label (any language, or ``lang``) that contains ``text``, best first,
        as :class:`skillweave.vocab.search.SearchHit`; :mod:`skillweave.vocab.search` tells the
        ranking.
        """
        return search_labels(self.label_entries(kind), text, lang, limit)

    def label_entries(self, kind: Kind | None = None) -> Iterable[tuple[str, str, str, str, bool]]:
        """(URI, kind, language, label, preferred?) of every label of every concept (of ``kind``)."""
        for uri in self.all_uris():
            c = self.concept(uri)
            if c is None or (kind is not None and c.kind != kind):
                continue
            for lang, label in c.pref_labels.items():
                yield uri, c.kind, lang, label, True
            for lang, labels in c.alt_labels.items():
                for label in labels:
                    yield uri, c.kind, lang, label, False


class EmptyVocabulary(Vocabulary):
    """No vocabulary at all: every reference is unknown."""

    def concept(self, uri):
        return None

    def by_label(self, label):
        return []

    def essential_skills(self, occupation):
        return []

    def optional_skills(self, occupation):
        return []

    def occupations_needing(self, skill):
        return []

    def all_labels(self):
        return []

    def all_uris(self):
        return []
