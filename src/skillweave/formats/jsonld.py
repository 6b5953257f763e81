"""JSON-LD as skillweave writes it, from the triples of :mod:`skillweave.formats.rdf`.

Two layouts of one writer, both with the context in the file (reading them needs no network),
sorted keys and values, and the same bytes for the same triples:

* :func:`graph` (the ELM export): every node in ``@graph`` in canonical order, properties and
  classes as prefixed names, every value as an array of value objects;
* :func:`tree` (European Digital Credentials): the nodes as one tree from a root, in the terms of
  published contexts (:class:`Terms`), each node written in full once where it is first reached
  (breadth first); the embedded context holds exactly the definitions of the terms used.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import msgspec

from skillweave.formats.rdf import RDF_TYPE, Grouped, Iri, Lit, Prefixes, Triple, collector_paused, compact, safe_iri


def _plain(value: object) -> str:
    """What msgspec's encoder cannot take by itself: an :class:`Iri` (a ``str`` subclass)."""
    if isinstance(value, str):
        return str(value)
    raise TypeError(f"no JSON for {type(value).__name__}")


_ENCODER = msgspec.json.Encoder(enc_hook=_plain)


def dumps(document: dict) -> str:
    """The text of a JSON-LD document: UTF-8 characters as they are, one space of indent, keys in
    the order of the document (the same text as ``json.dumps(document, ensure_ascii=False,
    indent=1)``, written by msgspec's encoder, some ten times faster)."""
    return msgspec.json.format(_ENCODER.encode(document), indent=1).decode("utf-8") + "\n"


# --- every node in @graph -----------------------------------------------------------------------

def graph(grouped: Grouped, prefixes: Prefixes) -> dict:
    """The document of triples in canonical order: ``{"@context": prefixes, "@graph": [nodes]}``."""
    ids: dict[str, str] = {}  # IRI -> as written (each made safe once)
    names: dict[str, str] = {}  # predicate, class or datatype -> prefixed name, else as written

    def name(iri: str) -> str:
        found = names.get(iri)
        if found is None:
            found = names[iri] = compact(iri, prefixes) or safe_iri(iri)
        return found

    nodes = []
    with collector_paused():
        for s, preds in grouped:
            node: dict = {"@id": ids.get(s) or ids.setdefault(s, safe_iri(s))}
            for p, objects in preds:
                if p == RDF_TYPE:
                    node["@type"] = [name(o) for o in objects]
                    continue
                values = []
                for o in objects:
                    if o.__class__ is Iri:
                        values.append({"@id": ids.get(o) or ids.setdefault(o, safe_iri(o))})
                    elif o.lang:
                        values.append({"@value": o.value, "@language": o.lang})
                    elif o.datatype:
                        values.append({"@value": o.value, "@type": name(o.datatype)})
                    else:
                        values.append({"@value": o.value})
                node[name(p)] = values
            nodes.append(node)
    return {"@context": dict(prefixes), "@graph": nodes}


# --- one tree in the terms of published contexts ------------------------------------------------

#: a local name after a prefix in a compact IRI
_TREE_LOCAL = re.compile(r"[A-Za-z_][A-Za-z0-9_.-]*")


@dataclass
class Terms:
    """The terms of one or more JSON-LD contexts together (a later context's definition wins, as
    in ``@context: [first, second]``)."""

    #: prefix -> namespace, and in the order compaction tries them
    prefixes: dict[str, str]
    #: term -> its definition as the context writes it
    definitions: dict[str, object] = field(default_factory=dict)
    #: class IRI -> term
    classes: dict[str, str] = field(default_factory=dict)
    #: property IRI -> [(term, coercion)] by term; coercion is "@id", "@language", a datatype IRI or None
    properties: dict[str, list[tuple[str, str | None]]] = field(default_factory=dict)

    @classmethod
    def of(cls, *contexts: dict) -> "Terms":
        merged: dict[str, object] = {}
        for ctx in contexts:
            merged.update(ctx)
        prefixes = {k: d for k, d in merged.items() if isinstance(d, str) and d.startswith(("http://", "https://"))}
        out = cls(prefixes)
        for term, d in sorted(merged.items()):
            if term in prefixes or term in ("id", "type") or term.startswith("@"):
                continue
            out.definitions[term] = d
            if isinstance(d, str):
                out.classes.setdefault(out.expand(d), term)
                continue
            assert isinstance(d, dict)
            container = d.get("@container")
            if container not in (None, "@language"):
                continue  # a graph container (verifiableCredential): not written here
            kind = d.get("@type")
            coercion = "@language" if container else ("@id" if kind == "@id" else out.expand(kind) if kind else None)
            out.properties.setdefault(out.expand(d["@id"]), []).append((term, coercion))
        return out

    def __post_init__(self) -> None:
        self._prefix_order: Prefixes = tuple(self.prefixes.items())

    def expand(self, value: str) -> str:
        prefix, _, local = value.partition(":")
        return self.prefixes[prefix] + local if prefix in self.prefixes else value

    def compact(self, iri: str) -> str:
        """``prefix:local`` with a prefix of the contexts, else the IRI itself."""
        return compact(iri, self._prefix_order, _TREE_LOCAL) or iri

    def datatype(self, p: str) -> str:
        """The datatype that the contexts give property ``p``, or ""."""
        for _term, coercion in self.properties.get(p, ()):
            if coercion not in (None, "@id", "@language"):
                return coercion
        return ""

    def key(self, p: str, kind: str | None) -> tuple[str, str | None]:
        """(key, coercion) for values of ``kind`` of property ``p``: the first term (by name) whose
        definition holds them, else the property's prefixed name without coercion."""
        for term, coercion in self.properties.get(p, ()):
            if coercion == kind or (coercion is None and kind in ("@id", None)):
                return term, coercion
        return self.compact(p), None


def _kind(o: "Iri | Lit") -> str | None:
    """What a term's definition must say to hold ``o``: "@id", "@language", its datatype, or
    None (a plain literal)."""
    if isinstance(o, Iri):
        return "@id"
    return "@language" if o.lang else (o.datatype or None)


def _tree_order(o: "Iri | Lit") -> tuple:
    return (0, o, "", "") if isinstance(o, Iri) else (1, o.lang, o.value, o.datatype)


class _Tree:
    """A graph without blank nodes as one JSON-LD tree from its root, in the contexts' terms."""

    def __init__(self, triples: "set[Triple] | frozenset[Triple]", root: str, terms: Terms) -> None:
        self.graph: dict[str, dict[str, list]] = {}
        for s, p, o in triples:
            self.graph.setdefault(s, {}).setdefault(p, []).append(o)
        self.root = root
        self.terms = terms
        self._key_cache: dict[tuple[str, str | None], tuple[str, str | None]] = {}
        #: keys, class names and datatypes written (the context defines them)
        self.names: set[str] = set()
        self._keys: dict[str, list[tuple[str, str | None, list]]] = {}
        #: node -> (subject, key) under which it is written in full
        self.owner: dict[str, tuple[str, str]] = {}

    def key(self, p: str, kind: str | None) -> tuple[str, str | None]:
        found = self._key_cache.get((p, kind))
        if found is None:
            found = self._key_cache[(p, kind)] = self.terms.key(p, kind)
        return found

    def keys(self, s: str) -> list[tuple[str, str | None, list]]:
        """(key, coercion, sorted values) of a subject's statements, by key."""
        found = self._keys.get(s)
        if found is not None:
            return found
        groups: dict[str, tuple[str | None, list]] = {}
        for p, objects in self.graph[s].items():
            if p == RDF_TYPE:
                continue
            for o in objects:
                key, coercion = self.key(p, _kind(o))
                groups.setdefault(key, (coercion, []))[1].append(o)
        found = []
        for key, (coercion, values) in sorted(groups.items()):
            if len(values) > 1:
                values.sort(key=_tree_order)
                if coercion == "@language" and len({o.lang for o in values}) < len(values):
                    # a language map holds one value per language: the property's prefixed name
                    definition = self.terms.definitions[key]
                    assert isinstance(definition, dict)
                    coercion, key = None, self.terms.compact(self.terms.expand(definition["@id"]))
            found.append((key, coercion, values))
            self.names.add(key)
        self._keys[s] = found
        return found

    def place(self) -> list[str]:
        """Decide where each node is written in full: where it is first reached, breadth first (so
        as near the root as it can be). Returns the nodes that the root does not reach."""
        seen, queue = {self.root}, [self.root]
        for s in queue:
            for key, _coercion, values in self.keys(s):
                for o in values:
                    if isinstance(o, Iri) and o in self.graph and o not in seen:
                        seen.add(o)
                        self.owner[o] = (s, key)
                        queue.append(o)
        return sorted(set(self.graph) - seen)

    def node(self, s: str) -> dict:
        out: dict = {"id": s}
        types = sorted(self.graph[s].get(RDF_TYPE, ()))
        if types:
            names = [self.terms.classes.get(c) or self.terms.compact(c) for c in types]
            self.names.update(names)
            out["type"] = names[0] if len(names) == 1 else names
        for key, coercion, values in self.keys(s):
            if coercion == "@language":
                out[key] = {o.lang: o.value for o in values}
                continue
            rendered = [self.value(s, key, coercion, o) for o in values]
            out[key] = rendered[0] if len(rendered) == 1 else rendered
        return out

    def value(self, s: str, key: str, coercion: str | None, o: "Iri | Lit"):
        if isinstance(o, Iri):
            if self.owner.get(o) == (s, key):
                return self.node(o)
            return str(o) if coercion == "@id" else {"id": str(o)}
        if coercion is not None or (not o.lang and not o.datatype):
            return o.value  # the term gives the datatype (or none: a plain literal)
        if o.lang:
            return {"@value": o.value, "@language": o.lang}
        datatype = self.terms.compact(o.datatype)
        self.names.add(datatype)
        return {"@value": o.value, "@type": datatype}

    def context(self) -> dict:
        """The definitions of the terms used, and the prefixes that they and the prefixed names
        need."""
        t = self.terms
        used = sorted(name for name in self.names if name in t.definitions)
        prefixes = {name.partition(":")[0] for name in self.names}
        for term in used:
            d = t.definitions[term]
            for text in ([d] if isinstance(d, str) else [x for x in d.values() if isinstance(x, str)]):
                prefixes.add(text.partition(":")[0])
        ctx: dict = {"id": "@id", "type": "@type"}
        ctx.update({p: t.prefixes[p] for p in sorted(prefixes & set(t.prefixes))})
        ctx.update({term: t.definitions[term] for term in used})
        return ctx

    def document(self) -> dict:
        rest = self.place()
        root = self.node(self.root)
        if rest:  # not reached from the root: beside it, in a @graph
            body = {"@graph": [root, *(self.node(s) for s in rest)]}
        else:
            body = root
        return {"@context": self.context(), **body}


def tree(triples: "set[Triple] | frozenset[Triple]", root: str, terms: Terms) -> dict:
    """The JSON-LD document of a graph without blank nodes, written as a tree from ``root`` in the
    terms of ``terms`` (keys ``id`` and ``type`` for ``@id`` and ``@type``)."""
    return _Tree(triples, root, terms).document()
