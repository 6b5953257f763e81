"""A vocabulary behind a SPARQL 1.1 endpoint (``--vocabulary https://...``), and the small query
interface that ``vocab extract`` shares with the local Oxigraph database.

Only the URL the user gives is contacted. Queries use the SPARQL 1.1 protocol (POST, form-encoded,
results as ``application/sparql-results+json``) through the standard library. Lookups are
cached and batched: :meth:`SparqlVocabulary.prefetch` fetches many references with a few
queries (``VALUES`` blocks of :data:`BATCH` URIs); concepts are built from the fetched triples
by the same code as for RDF files (:meth:`InMemoryVocabulary.from_triples`), so a check gives the
same diagnostics against an endpoint as against the files loaded into it.

Labels are matched with ``LCASE`` on the endpoint and then as skillweave matches labels
(case-folded, spaces collapsed); "did you mean" suggestions fetch every occupation and skill label
once per run, and only when a reference is unknown.
"""

from __future__ import annotations

import json
import urllib.parse
from collections.abc import Iterable
from typing import NamedTuple

from skillweave import net
from skillweave.errors import SparqlError
from skillweave.vocab.base import ESCO, SKOS, Concept, Kind, Vocabulary, normalise_label
from skillweave.vocab.memory import RDF_TYPE, InMemoryVocabulary

#: URIs per VALUES block
BATCH = 100
#: the largest answer read from an endpoint (a query of skillweave's asks for far less)
MAX_ANSWER_BYTES = 64 * 1024 * 1024
DCTERMS = "http://purl.org/dc/terms/"
#: what a concept is built from (the predicates InMemoryVocabulary.from_triples reads)
CONCEPT_PREDICATES = (RDF_TYPE, SKOS + "prefLabel", SKOS + "altLabel", ESCO + "skillType", SKOS + "broader",
                      DCTERMS + "description", "http://purl.org/dc/elements/1.1/description",
                      ESCO + "description", SKOS + "definition")


class Term(NamedTuple):
    """One RDF term of a query solution: kind is "uri", "literal" or "bnode"."""

    kind: str
    value: str
    lang: str | None = None

    @property
    def as_object(self) -> tuple[str, str | None]:
        """(value, language) as :meth:`InMemoryVocabulary.from_triples` takes an object."""
        if self.kind == "uri":
            return self.value, None
        if self.kind == "bnode":
            return f"urn:x-skillweave:bnode:{self.value}", None
        return self.value, self.lang or ""


Row = dict[str, Term]


def iri(value: str) -> str:
    """``<value>`` for a query; refuses what would break out of the IRI."""
    if any(c in value for c in '<>"{}|^`\\') or any(ord(c) <= 0x20 for c in value):
        raise ValueError(f"not an IRI: {value!r}")
    return f"<{value}>"


def literal(text: str) -> str:
    """A SPARQL string literal."""
    escaped = (text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
               .replace("\t", "\\t"))
    return f'"{escaped}"'


class SparqlEndpoint:
    """A SPARQL 1.1 query endpoint over HTTP, through :mod:`skillweave.net`: one deadline per query,
    at most :data:`MAX_ANSWER_BYTES` of answer, redirects only to the same server; an answer that is
    not well-formed SPARQL JSON results is an error, never a traceback."""

    def __init__(self, url: str, timeout: float = 60.0, max_bytes: int | None = None) -> None:
        try:
            net.check_url(url)
        except net.HttpError as exc:
            raise SparqlError(str(exc)) from None
        self.url = url
        self.timeout = timeout
        self.max_bytes = max_bytes or MAX_ANSWER_BYTES
        #: queries sent so far (tests check the batching with it)
        self.requests = 0

    def __str__(self) -> str:
        return self.url

    def select(self, query: str) -> list[Row]:
        body = urllib.parse.urlencode({"query": query}).encode("utf-8")
        self.requests += 1
        try:
            answer = net.request("POST", self.url, body=body, timeout=self.timeout, max_bytes=self.max_bytes,
                                 headers={"Accept": "application/sparql-results+json",
                                          "Content-Type": "application/x-www-form-urlencoded"})
        except net.HttpError as exc:
            raise SparqlError(f"the SPARQL endpoint {self.url}: {exc}") from None
        if not 200 <= answer.status < 300:
            detail = answer.text()
            raise SparqlError(f"the SPARQL endpoint {self.url} answered {answer.status} {answer.reason}"
                              + (f": {detail}" if detail else ""))
        return parse_results(answer.body, self.url)


def parse_results(body: bytes, source: str) -> list[Row]:
    """SPARQL JSON results as rows; anything else (not JSON, too deeply nested, the wrong shape)
    is a :class:`SparqlError` that names the source."""
    problem = (f"{source} did not answer with SPARQL JSON results; is it a SPARQL endpoint "
               "(for Oxigraph: http://host:port/query)?")
    try:
        doc = json.loads(body)
    except (ValueError, RecursionError):
        raise SparqlError(problem) from None
    bindings = doc.get("results", {}).get("bindings") if isinstance(doc, dict) and isinstance(
        doc.get("results"), dict) else None
    if not isinstance(bindings, list):
        raise SparqlError(f"{source} answered without SPARQL results")
    rows = []
    for b in bindings:
        if not isinstance(b, dict):
            raise SparqlError(problem)
        row = {}
        for name, v in b.items():
            if not (isinstance(v, dict) and isinstance(v.get("type"), str) and isinstance(v.get("value"), str)):
                raise SparqlError(problem)
            kind = "literal" if v["type"] in ("literal", "typed-literal") else v["type"]
            if kind not in ("uri", "literal", "bnode"):
                raise SparqlError(problem)
            lang = v.get("xml:lang")
            row[name] = Term(kind, v["value"], lang if isinstance(lang, str) else None)
        rows.append(row)
    return rows


class LocalSparql:
    """The same query interface over a pyoxigraph Store (a store's database, RDF files in memory)."""

    def __init__(self, store, name: str = "store") -> None:
        self.store = store
        self.name = name
        self.requests = 0

    def __str__(self) -> str:
        return self.name

    def select(self, query: str) -> list[Row]:
        import pyoxigraph as ox

        self.requests += 1
        try:
            solutions = self.store.query(query)
        except SyntaxError as exc:  # pragma: no cover - our queries are fixed
            raise SparqlError(f"invalid query: {exc}") from None
        names = [v.value for v in solutions.variables]
        rows = []
        for solution in solutions:
            row = {}
            for name in names:
                term = solution[name]
                if term is None:
                    continue
                if isinstance(term, ox.NamedNode):
                    row[name] = Term("uri", term.value)
                elif isinstance(term, ox.BlankNode):
                    row[name] = Term("bnode", term.value)
                else:
                    row[name] = Term("literal", term.value, term.language)
            rows.append(row)
        return rows


def _iris(values: Iterable[str]) -> str:
    # ``FILTER(?p IN (...))`` rather than a second VALUES block: Oxigraph then looks the subjects
    # up by index instead of joining two tables (100 times faster on all of ESCO).
    return ", ".join(iri(v) for v in values)


def batches(items: list[str], size: int = BATCH) -> Iterable[list[str]]:
    for i in range(0, len(items), size):
        yield items[i:i + size]


def fetch(endpoint, subjects: Iterable[str], predicates: Iterable[str]) -> list[tuple[str, str, Term]]:
    """(subject, predicate, object) for the given subjects and predicates, in batches."""
    subjects = sorted(set(subjects))
    out = []
    for chunk in batches(subjects):
        rows = endpoint.select(
            f"SELECT ?s ?p ?o WHERE {{ VALUES ?s {{ {' '.join(iri(s) for s in chunk)} }} "
            f"?s ?p ?o FILTER(?p IN ({_iris(predicates)})) }}")
        out += [(r["s"].value, r["p"].value, r["o"]) for r in rows if "o" in r]
    return out


def fetch_inverse(endpoint, objects: Iterable[str], predicates: Iterable[str]) -> list[tuple[str, str, str]]:
    """(subject, predicate, object) for triples pointing at the given objects."""
    objects = sorted(set(objects))
    out = []
    for chunk in batches(objects):
        rows = endpoint.select(
            f"SELECT ?s ?p ?o WHERE {{ VALUES ?o {{ {' '.join(iri(o) for o in chunk)} }} "
            f"?s ?p ?o FILTER(isIRI(?s) && ?p IN ({_iris(predicates)})) }}")
        out += [(r["s"].value, r["p"].value, r["o"].value) for r in rows]
    return out


class SparqlVocabulary(Vocabulary):
    """The vocabulary behind a SPARQL endpoint (or any object with ``select(query) -> rows``)."""

    def __init__(self, endpoint) -> None:
        self.endpoint = endpoint
        self._concepts: dict[str, Concept | None] = {}
        self._labels: dict[str, list[str]] = {}
        self._essential: dict[str, list[str]] = {}
        self._optional: dict[str, list[str]] = {}
        self._needed_by: dict[str, list[tuple[str, str]]] = {}
        self._index: InMemoryVocabulary | None = None
        self._size: int | None = None

    # -- batched fetching ----------------------------------------------------------------------

    def _fetch_concepts(self, uris: Iterable[str]) -> None:
        todo = sorted({u for u in uris if u not in self._concepts and _is_iri(u)})
        if not todo:
            return
        triples: list[tuple[str, str, str, str | None]] = []
        for chunk in batches(todo):
            rows = self.endpoint.select(
                f"SELECT ?s ?p ?o ?text ?lang WHERE {{ VALUES ?s {{ {' '.join(iri(u) for u in chunk)} }} "
                f"?s ?p ?o FILTER(?p IN ({_iris(CONCEPT_PREDICATES)})) "
                f"OPTIONAL {{ ?o {iri(ESCO + 'nodeLiteral')} ?text OPTIONAL {{ ?o {iri(ESCO + 'language')} ?lang }} }} }}")
            for r in rows:
                o, lang = r["o"].as_object
                triples.append((r["s"].value, r["p"].value, o, lang))
                if "text" in r:  # an ESCO node literal: the description text and its language
                    triples.append((o, ESCO + "nodeLiteral", r["text"].value, r["text"].lang or ""))
                    if "lang" in r:
                        triples.append((o, ESCO + "language", r["lang"].value, ""))
        built = InMemoryVocabulary.from_triples(triples)
        for uri in todo:
            self._concepts[uri] = built.concept(uri)

    def _fetch_labels(self, labels: Iterable[str]) -> None:
        wanted: dict[str, set[str]] = {}
        for label in labels:
            norm = normalise_label(label)
            if norm and norm not in self._labels:
                # the endpoint lower-cases (LCASE); skillweave case-folds: ask for both forms
                wanted.setdefault(norm, set()).update({norm, " ".join(label.lower().split())})
        if not wanted:
            return
        forms = sorted({f for fs in wanted.values() for f in fs})
        found: dict[str, set[str]] = {norm: set() for norm in wanted}
        for chunk in batches(forms):
            rows = self.endpoint.select(
                f"SELECT DISTINCT ?c ?l WHERE {{ ?c {iri(SKOS + 'prefLabel')}|{iri(SKOS + 'altLabel')} ?l "
                f"FILTER(isIRI(?c) && LCASE(STR(?l)) IN ({', '.join(literal(f) for f in chunk)})) }}")
            for r in rows:
                norm = normalise_label(r["l"].value)
                if norm in found:
                    found[norm].add(r["c"].value)
        for norm, uris in found.items():
            self._labels[norm] = sorted(uris)
        self._fetch_concepts(u for uris in found.values() for u in uris)

    def prefetch(self, references: Iterable[str]) -> None:
        """Fetch the concepts that ``references`` (URIs or labels) name, with a few batched queries."""
        uris, labels = [], []
        for ref in references:
            ref = ref.strip()
            (uris if ref.startswith(("http://", "https://")) else labels).append(ref)
        self._fetch_concepts(uris)
        self._fetch_labels(labels)

    def _all(self) -> InMemoryVocabulary:
        """Every concept's type and labels (for suggestions and listings): one query, once."""
        if self._index is None:
            values_p = " ".join(iri(p) for p in (RDF_TYPE, SKOS + "prefLabel", SKOS + "altLabel", ESCO + "skillType"))
            rows = self.endpoint.select(f"SELECT ?s ?p ?o WHERE {{ VALUES ?p {{ {values_p} }} ?s ?p ?o FILTER(isIRI(?s)) }}")
            self._index = InMemoryVocabulary.from_triples(
                (r["s"].value, r["p"].value, *r["o"].as_object) for r in rows)
        return self._index

    # -- Vocabulary ----------------------------------------------------------------------------

    def concept(self, uri: str) -> Concept | None:
        if uri not in self._concepts:
            self._fetch_concepts([uri])
        return self._concepts.get(uri)

    def by_label(self, label: str) -> list[str]:
        norm = normalise_label(label)
        if norm not in self._labels:
            self._fetch_labels([label])
        return list(self._labels.get(norm, ()))

    def _related(self, occupation: str) -> None:
        if occupation in self._essential or not _is_iri(occupation):
            return
        o = iri(occupation)
        rows = self.endpoint.select(
            f"SELECT DISTINCT ?s ?r WHERE {{ "
            f"{{ {o} {iri(ESCO + 'relatedEssentialSkill')} ?s BIND(\"e\" AS ?r) }} UNION "
            f"{{ ?s {iri(ESCO + 'isEssentialSkillFor')} {o} BIND(\"e\" AS ?r) }} UNION "
            f"{{ {o} {iri(ESCO + 'relatedOptionalSkill')} ?s BIND(\"o\" AS ?r) }} UNION "
            f"{{ ?s {iri(ESCO + 'isOptionalSkillFor')} {o} BIND(\"o\" AS ?r) }} }}")
        essential = {r["s"].value for r in rows if r["r"].value == "e"}
        optional = {r["s"].value for r in rows if r["r"].value == "o"} - essential
        self._essential[occupation] = sorted(essential)
        self._optional[occupation] = sorted(optional)

    def essential_skills(self, occupation: str) -> list[str]:
        self._related(occupation)
        return list(self._essential.get(occupation, ()))

    def optional_skills(self, occupation: str) -> list[str]:
        self._related(occupation)
        return list(self._optional.get(occupation, ()))

    def occupations_needing(self, skill: str) -> list[tuple[str, str]]:
        if skill not in self._needed_by and _is_iri(skill):
            s = iri(skill)
            rows = self.endpoint.select(
                f"SELECT DISTINCT ?o ?r WHERE {{ "
                f"{{ ?o {iri(ESCO + 'relatedEssentialSkill')} {s} BIND(\"essential\" AS ?r) }} UNION "
                f"{{ {s} {iri(ESCO + 'isEssentialSkillFor')} ?o BIND(\"essential\" AS ?r) }} UNION "
                f"{{ ?o {iri(ESCO + 'relatedOptionalSkill')} {s} BIND(\"optional\" AS ?r) }} UNION "
                f"{{ {s} {iri(ESCO + 'isOptionalSkillFor')} ?o BIND(\"optional\" AS ?r) }} }}")
            pairs = {(r["o"].value, r["r"].value) for r in rows}
            essential = {o for o, r in pairs if r == "essential"}
            self._needed_by[skill] = sorted((o, r) for o, r in pairs if r == "essential" or o not in essential)
        return list(self._needed_by.get(skill, ()))

    def all_labels(self) -> Iterable[tuple[str, str]]:
        return self._all().all_labels()

    def all_uris(self) -> Iterable[str]:
        return self._all().all_uris()

    def near_misses(self, reference: str, kind: Kind, n: int = 3) -> list[str]:
        return self._all().near_misses(reference, kind, n)

    def __len__(self) -> int:
        """Resources with a type or a label (a vocabulary with none is empty)."""
        if self._size is None:
            values_p = " ".join(iri(p) for p in (RDF_TYPE, SKOS + "prefLabel", SKOS + "altLabel", ESCO + "skillType"))
            rows = self.endpoint.select(
                f"SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE {{ VALUES ?p {{ {values_p} }} ?s ?p ?o FILTER(isIRI(?s)) }}")
            self._size = int(rows[0]["n"].value) if rows and "n" in rows[0] else 0
        return self._size

    def search(self, text: str, kind: Kind | None = None, lang: str | None = None, limit: int = 20):
        """As :meth:`Vocabulary.search`, over the concepts whose labels hold the text's longest word."""
        from skillweave.vocab.search import search_labels

        words = normalise_label(text).split()
        if not words:
            return []
        preds = _iris((RDF_TYPE, SKOS + "prefLabel", SKOS + "altLabel", ESCO + "skillType"))
        rows = self.endpoint.select(
            f"SELECT DISTINCT ?s ?p ?o WHERE {{ ?s {iri(SKOS + 'prefLabel')}|{iri(SKOS + 'altLabel')} ?l "
            f"FILTER(isIRI(?s) && CONTAINS(LCASE(STR(?l)), {literal(max(words, key=len))})) "
            f"?s ?p ?o FILTER(?p IN ({preds})) }}")
        found = InMemoryVocabulary.from_triples((r["s"].value, r["p"].value, *r["o"].as_object) for r in rows)
        return search_labels(found.label_entries(kind), text, lang, limit)

    def skill_texts(self, lang: str):
        """Fetch every skill in batches first, then as the base class."""
        index = self._all()
        self._fetch_concepts(u for u in index.all_uris() if (c := index.concept(u)) and c.kind == "skill")
        return super().skill_texts(lang)


def _is_iri(value: str) -> bool:
    try:
        iri(value)
    except ValueError:
        return False
    return True
