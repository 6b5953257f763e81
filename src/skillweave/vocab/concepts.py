"""Concepts as a user names them: finding a concept by URI or label, searching labels, and what
``vocab show`` tells about a concept (as data; :mod:`skillweave.emitters.concepts` renders it).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from skillweave.errors import UnknownConcept
from skillweave.vocab.base import normalise_label

if TYPE_CHECKING:  # pragma: no cover
    from skillweave.vocab.base import Vocabulary
    from skillweave.vocab.search import SearchHit

#: what ``vocab show`` knows about a concept: uri, kind, label, alt_labels, description, broader;
#: a skill adds skill_type and occupations; an occupation (or a skill with skills of its own)
#: essential_skills and optional_skills grouped by skill type
ConceptView = dict[str, Any]


def resolve_any(vocab: "Vocabulary", ref: str) -> tuple[str | None, list[str]]:
    """(URI, []) for the concept REF names, else (None, candidates or near misses).

    A label that is the preferred label of exactly one of the concepts carrying it names that one
    (``welder`` is the preferred label of one occupation and an alternative label of another).
    """
    ref = ref.strip()
    if ref.startswith(("http://", "https://")):
        if vocab.concept(ref) is not None:
            return ref, []
        return None, []
    uris = sorted(set(vocab.by_label(ref)))
    uris = [u for u in uris if vocab.concept(u) is not None]
    if len(uris) == 1:
        return uris[0], []
    if len(uris) > 1:
        norm = normalise_label(ref)
        preferred = [u for u in uris if any(normalise_label(label) == norm
                                            for label in vocab.concept(u).pref_labels.values())]
        if len(preferred) == 1:
            return preferred[0], uris
        return None, uris
    return None, []


def resolve(vocab: "Vocabulary", ref: str, what: str = "concept", kind: str | None = None) -> str:
    """The URI of the concept (of ``kind``, if given) that ``ref`` (a URI or a label) names.

    Raises :class:`UnknownConcept` saying what is wrong: the concept is of another kind, the label
    names several concepts (listed), or nothing has it (with near misses for a label).
    """
    uri, others = resolve_any(vocab, ref)
    if uri is not None and (kind is None or vocab.concept(uri).kind == kind):
        return uri
    if uri is not None:
        raise UnknownConcept(f"'{ref}' is an ESCO {vocab.concept(uri).kind}, not an {kind}")
    if others:
        lines = [f"'{ref}' names {len(others)} concepts; give the URI of the one you mean:"]
        for u in others:
            c = vocab.concept(u)
            lines.append(f"  {c.kind:<10}  {c.label()}  <{u}>")
        raise UnknownConcept("\n".join(lines))
    hint = ""
    if not ref.startswith(("http://", "https://")):
        near = vocab.near_misses(ref, kind or "occupation") + ([] if kind else vocab.near_misses(ref, "skill"))
        if near:
            hint = "; did you mean " + ", ".join(f"'{n}'" for n in dict.fromkeys(near)) + "?"
    raise UnknownConcept(f"no {what} '{ref}' in the vocabulary{hint}")


@dataclass(frozen=True)
class SearchResult:
    """What ``vocab search`` found, best first, with the preferred label of each hit's concept in
    the language of the label that matched."""

    text: str
    hits: list["SearchHit"]
    preferred_labels: list[str]


def search(vocab: "Vocabulary", text: str, kind: str | None = None, lang: str | None = None,
           limit: int = 20) -> SearchResult:
    hits = vocab.search(text, kind, lang, limit)  # type: ignore[arg-type]
    vocab.prefetch([h.uri for h in hits])  # one batch of queries for a SPARQL endpoint
    return SearchResult(text, hits, [vocab.label(h.uri, h.lang) for h in hits])


_TYPE_NAMES = {"skill": "skill/competence", "knowledge": "knowledge", None: "unspecified skill type"}


def _item(vocab: "Vocabulary", uri: str, lang: str) -> dict:
    return {"uri": uri, "label": vocab.label(uri, lang)}


def _sorted(vocab: "Vocabulary", uris, lang: str) -> list[str]:
    return sorted(uris, key=lambda u: (vocab.label(u, lang).casefold(), u))


def concept_view(vocab: "Vocabulary", uri: str, lang: str) -> ConceptView:
    """What ``vocab show`` tells about the concept ``uri``, with labels in ``lang``."""
    c = vocab.concept(uri)
    needed = [o for o, _ in vocab.occupations_needing(uri)] if c.kind == "skill" else []
    # one batch of queries instead of one per concept shown, for a SPARQL endpoint
    vocab.prefetch([*c.broader, *needed, *vocab.essential_skills(uri), *vocab.optional_skills(uri)])
    view: ConceptView = {"uri": uri, "kind": c.kind, "label": c.label(lang),
                         "alt_labels": list(c.alt_labels.get(lang, ())),
                         "description": getattr(c, "descriptions", {}).get(lang, ""),
                         "broader": [_item(vocab, b, lang) for b in _sorted(vocab, c.broader, lang)]}
    if c.kind == "skill":
        view["skill_type"] = _TYPE_NAMES[c.skill_type]
        relations = vocab.occupations_needing(uri)
        view["occupations"] = {
            rel: [_item(vocab, o, lang) for o in _sorted(vocab, [o for o, r in relations if r == rel], lang)]
            for rel in ("essential", "optional")}
    if c.kind == "occupation" or vocab.essential_skills(uri) or vocab.optional_skills(uri):
        for rel, skills in (("essential", vocab.essential_skills(uri)), ("optional", vocab.optional_skills(uri))):
            by_type: dict[str, list[dict]] = {}
            for s in _sorted(vocab, skills, lang):
                sc = vocab.concept(s)
                by_type.setdefault(_TYPE_NAMES[sc.skill_type if sc else None], []).append(_item(vocab, s, lang))
            view[f"{rel}_skills"] = {t: by_type[t] for t in _TYPE_NAMES.values() if t in by_type}
    return view
