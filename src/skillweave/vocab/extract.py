"""``vocab extract``: the ESCO subset that a workspace ships in ``ontologies/``, as Turtle.

For the given occupations the subset holds

- each occupation (``esco:Occupation``) with its preferred and alternative labels, its essential
  and optional skills and its ISCO group (``skos:broader``);
- every one of those skills (``esco:Skill``) with its skill type, labels and ``skos:broader``
  concepts;
- each broader concept with its preferred label (``esco:Skill`` with its skill type when it is a
  skill itself, otherwise a plain ``skos:Concept``);
- each ISCO group (``esco:ISCOGroup``) with its preferred label and code (``skos:notation``).

Descriptions are left out (they are large and ``check`` does not need them). The output is
deterministic: subjects, predicates and objects are sorted, so extracting again gives a
byte-identical file. The data is read with SPARQL, so any source works: a store's Oxigraph
database, RDF files, or a SPARQL endpoint.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass

from skillweave.errors import ExtractError
from skillweave.vocab.base import ESCO, SKILL_TYPE_KNOWLEDGE, SKILL_TYPE_SKILL, SKOS
from skillweave.vocab.memory import RDF_TYPE
from skillweave.vocab.sparql import Term, fetch, fetch_inverse

PREFIXES = {ESCO: "esco", SKOS: "skos"}
_SKILL_TYPES = (SKILL_TYPE_SKILL, SKILL_TYPE_KNOWLEDGE)
_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b", "\f": "\\f"}
_NEEDS_ESCAPE = re.compile(r'[\\"\x00-\x1f\x7f]')
_LOCAL_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9_-]*$")


def turtle_string(text: str, lang: str | None = None) -> str:
    """A Turtle string literal, escaped, with an optional language tag."""
    body = _NEEDS_ESCAPE.sub(lambda m: _ESCAPES.get(m.group(), f"\\u{ord(m.group()):04X}"), text)
    return f'"{body}"' + (f"@{lang}" if lang else "")


def _term(iri: str) -> str:
    """An IRI as a prefixed name when it is safely expressible, else in angle brackets."""
    if iri == RDF_TYPE:
        return "a"
    for ns, prefix in PREFIXES.items():
        if iri.startswith(ns) and _LOCAL_NAME.match(iri[len(ns):]):
            return f"{prefix}:{iri[len(ns):]}"
    if any(c in iri for c in '<>"{}|^`\\ ') or any(ord(c) <= 0x20 for c in iri):
        raise ExtractError(f"not an IRI usable in Turtle: {iri!r}")
    return f"<{iri}>"


class _Graph:
    """Triples as {subject: {predicate: {object in Turtle syntax}}}."""

    def __init__(self) -> None:
        self.subjects: dict[str, dict[str, set[str]]] = {}

    def add(self, s: str, p: str, o: str) -> None:
        self.subjects.setdefault(s, {}).setdefault(p, set()).add(o)

    def add_iri(self, s: str, p: str, o: str) -> None:
        self.add(s, p, _term(o))

    def __len__(self) -> int:
        return sum(len(objs) for preds in self.subjects.values() for objs in preds.values())

    def serialize(self) -> str:
        out = [f"@prefix {prefix}: <{ns}> ." for ns, prefix in sorted(PREFIXES.items(), key=lambda kv: kv[1])]
        for s in sorted(self.subjects):
            preds = self.subjects[s]
            # rdf:type ("a") first, as is customary; then predicates by IRI.
            order = sorted(preds, key=lambda p: (p != RDF_TYPE, p))
            parts = [f"    {_term(p)} {', '.join(sorted(preds[p]))}" for p in order]
            out.append("")
            out.append(_term(s))
            out.append(" ;\n".join(parts) + " .")
        return "\n".join(out) + "\n"


@dataclass
class Subset:
    turtle: str
    occupations: int
    skills: int
    essential: int
    optional: int
    isco_groups: int
    broader_concepts: int
    triples: int


def _index(triples: list[tuple[str, str, Term]]) -> dict[str, dict[str, list[Term]]]:
    out: dict[str, dict[str, list[Term]]] = defaultdict(lambda: defaultdict(list))
    for s, p, o in triples:
        out[s][p].append(o)
    return out


def extract_subset(endpoint, occupations: list[str], languages: list[str] | None = None) -> Subset:
    """The subset for ``occupations`` (URIs) from ``endpoint`` (``select(query) -> rows``).

    ``languages`` keeps only labels in those languages (labels without a language are kept).
    """
    wanted = list(dict.fromkeys(occupations))
    if not wanted:
        raise ExtractError("no occupation given")
    keep = set(languages) if languages else None

    def lit(term: Term) -> str | None:
        if term.kind != "literal" or (keep is not None and term.lang and term.lang not in keep):
            return None
        return turtle_string(term.value, term.lang)

    occ = _index(fetch(endpoint, wanted, [RDF_TYPE, SKOS + "prefLabel", SKOS + "altLabel", SKOS + "broader",
                                          ESCO + "relatedEssentialSkill", ESCO + "relatedOptionalSkill"]))
    not_occupations = [u for u in wanted if not any(t.value == ESCO + "Occupation" for t in occ[u][RDF_TYPE])]
    if not_occupations:
        raise ExtractError("not an occupation in the vocabulary: " + ", ".join(not_occupations))
    relations: set[tuple[str, str, str]] = set()
    for o in wanted:
        for rel, pred in (("essential", "relatedEssentialSkill"), ("optional", "relatedOptionalSkill")):
            relations |= {(o, rel, t.value) for t in occ[o][ESCO + pred] if t.kind == "uri"}
    for s, p, o in fetch_inverse(endpoint, wanted, [ESCO + "isEssentialSkillFor", ESCO + "isOptionalSkillFor"]):
        relations.add((o, "essential" if p.endswith("isEssentialSkillFor") else "optional", s))
    subset_skills = {s for _, _, s in relations}

    skills = _index(fetch(endpoint, subset_skills, [RDF_TYPE, ESCO + "skillType", SKOS + "prefLabel",
                                                    SKOS + "altLabel", SKOS + "broader"]))
    broader = {(s, t.value) for s in subset_skills for t in skills[s][SKOS + "broader"] if t.kind == "uri"}
    broader_concepts = {b for _, b in broader} - subset_skills
    wider = _index(fetch(endpoint, broader_concepts, [RDF_TYPE, ESCO + "skillType", SKOS + "prefLabel"]))
    candidates = {t.value for o in wanted for t in occ[o][SKOS + "broader"] if t.kind == "uri"}
    groups = _index(fetch(endpoint, candidates, [RDF_TYPE, SKOS + "prefLabel", SKOS + "notation"]))
    isco = {g for g in candidates if any(t.value == ESCO + "ISCOGroup" for t in groups[g][RDF_TYPE])}

    g = _Graph()

    def labels(uri: str, found: dict[str, list[Term]], with_alt: bool = True) -> None:
        for pred in (SKOS + "prefLabel", SKOS + "altLabel") if with_alt else (SKOS + "prefLabel",):
            for term in found[pred]:
                if (text := lit(term)) is not None:
                    g.add(uri, pred, text)

    def skill(uri: str, found: dict[str, list[Term]], with_alt: bool = True) -> None:
        g.add_iri(uri, RDF_TYPE, ESCO + "Skill")
        g.add_iri(uri, RDF_TYPE, SKOS + "Concept")
        for t in found[ESCO + "skillType"]:
            if t.value in _SKILL_TYPES:
                g.add_iri(uri, ESCO + "skillType", t.value)
        labels(uri, found, with_alt)

    for o in wanted:
        g.add_iri(o, RDF_TYPE, ESCO + "Occupation")
        g.add_iri(o, RDF_TYPE, SKOS + "Concept")
        labels(o, occ[o])
        for t in occ[o][SKOS + "broader"]:
            if t.value in isco:
                g.add_iri(o, SKOS + "broader", t.value)
    for uri in isco:
        g.add_iri(uri, RDF_TYPE, ESCO + "ISCOGroup")
        g.add_iri(uri, RDF_TYPE, SKOS + "Concept")
        labels(uri, groups[uri], with_alt=False)
        for t in groups[uri][SKOS + "notation"]:
            if t.kind == "literal":
                g.add(uri, SKOS + "notation", turtle_string(t.value))
    for o, rel, s in relations:
        g.add_iri(o, ESCO + ("relatedEssentialSkill" if rel == "essential" else "relatedOptionalSkill"), s)
    for uri in subset_skills:
        skill(uri, skills[uri])
    for narrower, wide in broader:
        g.add_iri(narrower, SKOS + "broader", wide)
    for uri in broader_concepts:
        if any(t.value == ESCO + "Skill" for t in wider[uri][RDF_TYPE]):
            # Only the preferred label: more labels of concepts outside the occupations' own
            # skills would make more labels ambiguous without helping anyone.
            skill(uri, wider[uri], with_alt=False)
        else:
            g.add_iri(uri, RDF_TYPE, SKOS + "Concept")
            labels(uri, wider[uri], with_alt=False)
    return Subset(
        turtle=g.serialize(), occupations=len(wanted), skills=len(subset_skills),
        essential=sum(1 for _, r, _ in relations if r == "essential"),
        optional=sum(1 for _, r, _ in relations if r == "optional"),
        isco_groups=len(isco), broader_concepts=len(broader_concepts), triples=len(g))
