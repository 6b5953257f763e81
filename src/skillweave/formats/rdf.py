"""RDF as skillweave writes it: terms, one canonical order, and the Turtle and RDF/XML writers.

Every RDF export (ELM, the EQAVET Data Cube) builds a set of triples whose objects are
:class:`Iri` or :class:`Lit` (subjects and predicates are always IRIs; there are no blank
nodes), puts them in the canonical order of :func:`group`, and writes them with :func:`turtle`,
:func:`rdfxml` or one of the JSON-LD layouts of :mod:`skillweave.formats.jsonld`. Turtle and
RDF/XML are written by Oxigraph's serialisers (pyoxigraph), which are handed the triples in the
canonical order and write one block per subject (the triples of an index reach the Turtle
serialiser as N-Triples, read by Oxigraph's parser: :meth:`Terms.ntriples`); JSON-LD by our own
layouts. The same set of triples therefore always gives the same bytes, and a change to the data
gives a small diff.

The canonical order: subjects that have a prefixed name first (the vocabulary an export
declares), then the other subjects, each group by IRI; per subject ``rdf:type`` first, then the
predicates by IRI; per predicate the IRIs by IRI, then the literals by value, language and
datatype.
"""

from __future__ import annotations

from skillweave.collector import paused

import functools
import re
from collections.abc import Iterable, Iterator
from typing import NamedTuple
from operator import attrgetter

import pyoxigraph as ox

from skillweave.errors import BuildError

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
XSD = "http://www.w3.org/2001/XMLSchema#"
RDF_TYPE = RDF + "type"
LANG_STRING = RDF + "langString"

#: (prefix, namespace) pairs, in the order a file declares them
Prefixes = tuple[tuple[str, str], ...]


class Iri(str):
    """An IRI object (a plain ``str`` subject or predicate is always an IRI)."""


class Lit(NamedTuple):
    """A literal: a language-tagged string, a typed value, or a plain string (the value always a
    ``str``, whatever the datatype). (A named tuple: made and hashed in C, twice to three times as
    fast as a frozen dataclass, for the hundreds of thousands an export makes.)"""

    value: str
    lang: str = ""
    datatype: str = ""


Triple = tuple[str, str, "Iri | Lit"]
#: triples grouped by subject, then by predicate, in canonical order
Grouped = list[tuple[str, list[tuple[str, list["Iri | Lit"]]]]]


# --- IRIs ---------------------------------------------------------------------------------------

_UNSAFE = re.compile(r'[\x00-\x20<>"{}|^`\\\x7f]')
#: scheme and authority (kept as they are), then the rest
_PARTS = re.compile(r"([A-Za-z][A-Za-z0-9+.-]*:(?://[^/?#]*)?)(.*)", re.DOTALL)
#: in the rest: a stray percent sign, or a character outside ASCII's unreserved and delimiters
_STRICT = re.compile(r"%(?![0-9A-Fa-f]{2})|[^A-Za-z0-9\-._~!$&'()*+,;=:@/?#%]")


def _encode(m: re.Match[str]) -> str:
    return "".join(f"%{b:02X}" for b in m.group().encode("utf-8"))


def safe_iri(iri: str) -> str:
    """``iri`` as every syntax can write it: a valid IRI as it is; else with the characters that
    no IRI may hold percent-encoded: spaces, quotes, angle brackets and the like anywhere, and,
    where it is still not valid, brackets, stray percent signs, a second ``#`` and the characters
    beyond ASCII after the scheme and authority. (An IRI without a scheme stays as it is: the
    writers refuse it.)"""
    try:
        ox.NamedNode(iri)
        return str(iri)
    except ValueError:
        pass
    iri = _UNSAFE.sub(_encode, iri)
    try:
        ox.NamedNode(iri)
        return iri
    except ValueError:
        pass
    parts = _PARTS.fullmatch(iri)
    if parts is None:
        return iri
    head, rest = parts.groups()
    fragment = rest.find("#")
    if fragment >= 0:  # the first "#" starts the fragment; any later one is encoded
        rest = rest[:fragment + 1] + rest[fragment + 1:].replace("#", "%23")
    return head + _STRICT.sub(_encode, rest)


#: an IRI that is valid as it is (RFC 3987), without asking Oxigraph: http or https, a host name
#: of letters, digits, dots and hyphens, an optional port and a path; or another scheme and a path
#: that does not start with "/" (``urn:skillweave:...``, the default base URI). The path of
#: characters that a path may hold as they are: no percent sign, query or fragment (such IRIs are
#: checked by Oxigraph)
PLAIN_IRI = re.compile(r"https?://[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?(?::[0-9]*)?(?:/[A-Za-z0-9._~!$&'()*+,;=:@/-]*)?"
                       r"|[A-Za-z][A-Za-z0-9+.-]*:[A-Za-z0-9._~!$&'()*+,;=:@-][A-Za-z0-9._~!$&'()*+,;=:@/-]*")

#: a local name that Turtle, RDF/XML and JSON-LD all accept after a prefix
LOCAL_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*")


@functools.lru_cache(maxsize=8192)
def compact(iri: str, prefixes: Prefixes, local: re.Pattern[str] = LOCAL_NAME) -> str | None:
    """``prefix:local`` for an IRI in one of the namespaces, else None; where several fit, the
    longest namespace wins (then the first prefix by name)."""
    fits = [(-len(ns), prefix) for prefix, ns in prefixes if iri.startswith(ns) and local.fullmatch(iri[len(ns):])]
    if not fits:
        return None
    minus_length, prefix = min(fits)
    return f"{prefix}:{iri[-minus_length:]}"


# --- canonical order ----------------------------------------------------------------------------

#: Python's cyclic garbage collector paused: the writers here make hundreds of thousands of
#: containers at once (tuples, lists, Oxigraph's terms), none of them in a cycle, and the collector
#: would scan them again and again (a quarter or more of the time at scale)
collector_paused = paused


_literal_key = attrgetter("value", "lang", "datatype")


#: triples by subject, then by predicate: the objects of a subject's predicate in the order they
#: came, a triple possibly more than once (what :func:`order` takes)
Index = dict[str, dict[str, list["Iri | Lit"]]]


class Written(str):
    """In an index that only Turtle writes: a subject's statements written already, in N-Triples
    and in canonical order (:meth:`Terms.write`; the ELM export writes its learning outcomes so,
    for its Turtle alone). Nothing but :meth:`Terms.ntriples` reads such an index."""


def index(triples: "Iterable[Triple]") -> Index:
    """The triples by subject, then by predicate."""
    by_subject: Index = {}
    with collector_paused():
        for s, p, o in triples:
            preds = by_subject.get(s)
            if preds is None:
                by_subject[s] = {p: [o]}
                continue
            objects = preds.get(p)
            if objects is None:
                preds[p] = [o]
            else:
                objects.append(o)
    return by_subject


def _subjects(by_subject: Index, prefixes: Prefixes) -> list[str]:
    """The subjects in canonical order: those with a prefixed name first, each group by IRI."""
    namespaces = tuple(ns for _prefix, ns in prefixes)
    named, others = [], []
    for s in sorted(by_subject):
        if s.startswith(namespaces) and compact(s, prefixes) is not None:
            named.append(s)
        else:
            others.append(s)
    return named + others


def _predicates(preds: dict[str, list]) -> list[str]:
    """A subject's predicates in canonical order: ``rdf:type`` first, then by IRI."""
    keys = sorted(preds)
    if len(keys) > 1 and keys[0] != RDF_TYPE and RDF_TYPE in preds:
        keys.remove(RDF_TYPE)
        keys.insert(0, RDF_TYPE)
    return keys


def _in_order(objects: list) -> None:
    """The objects of a predicate (two or more) in canonical order, each once, in place: the IRIs
    by IRI, then the literals by value, language and datatype."""
    once = dict.fromkeys(objects)
    if len(once) < len(objects):
        objects[:] = once
    try:
        objects.sort()  # all IRIs or all literals (an IRI and a literal cannot be compared)
    except TypeError:
        iris = sorted(o for o in objects if o.__class__ is Iri)
        literals = sorted((o for o in objects if o.__class__ is not Iri), key=_literal_key)
        objects[:] = iris + literals


def _grouped(by_subject: Index, prefixes: Prefixes) -> Iterator[tuple[str, list[tuple[str, list["Iri | Lit"]]]]]:
    """:func:`order`, one subject at a time (:meth:`Terms.ntriples` is the same walk, for Turtle)."""
    for s in _subjects(by_subject, prefixes):
        preds = by_subject[s]
        entries = []
        for p in _predicates(preds):
            objects = preds[p]
            if len(objects) > 1:
                _in_order(objects)
            entries.append((p, objects))
        yield s, entries


def order(by_subject: Index, prefixes: Prefixes) -> Grouped:
    """The triples of an :func:`index`, each once, in canonical order (see the module's
    docstring), grouped by subject, then by predicate: what every writer here takes. Sorted per
    level (the subjects, each subject's predicates, the objects of a predicate that has several),
    never with a key per triple; the index's lists of objects are sorted (and rid of repeats) in
    place."""
    with collector_paused():
        return list(_grouped(by_subject, prefixes))


def flat(by_subject: Index) -> set[Triple]:
    """The triples of an :func:`index`, as a set."""
    return {(s, p, o) for s, preds in by_subject.items() for p, objects in preds.items() for o in objects}


def group(triples: "Iterable[Triple]", prefixes: Prefixes) -> Grouped:
    """The triples in canonical order: :func:`order` of their :func:`index`."""
    return order(index(triples), prefixes)


# --- through Oxigraph's serialisers --------------------------------------------------------------


class Terms:
    """Oxigraph's terms for our IRIs and literals, each IRI made (and checked) once."""

    def __init__(self) -> None:
        self.nodes: dict[str, ox.NamedNode] = {}
        self.texts: dict[str, str] = {}  # IRI -> "<IRI>" in N-Triples (ntriples)
        self.tags: set[str] = set()  # the language tags checked (ntriples)

    def node(self, iri: str) -> ox.NamedNode:
        found = self.nodes.get(iri)
        if found is None:
            try:
                found = ox.NamedNode(iri)
            except ValueError:
                written = safe_iri(iri)
                try:
                    found = ox.NamedNode(written)
                except ValueError as exc:
                    raise BuildError(f"cannot write {written!r} as an IRI in RDF ({exc}): every IRI must be "
                                     "absolute (is the alliance's base_uri an absolute URI such as "
                                     "https://example.org/?)") from None
            self.nodes[iri] = found
        return found

    def triples(self, grouped: "Iterable[tuple[str, list[tuple[str, list[Iri | Lit]]]]]") -> Iterator[ox.Triple]:
        """Oxigraph's triples, in the order of ``grouped``, one at a time (the serialiser takes
        each as it comes: they are never all in memory at once)."""
        node, nodes, literal = self.node, self.nodes, self.literal
        Triple = ox.Triple
        for s, preds in grouped:
            sn = nodes.get(s) or node(s)
            for p, objects in preds:
                pn = nodes.get(p) or node(p)
                for o in objects:
                    yield Triple(sn, pn, nodes.get(o) or node(o) if o.__class__ is Iri else literal(o))

    def ntriples(self, by_subject: Index, prefixes: Prefixes) -> str:
        """An :func:`index` in canonical order as N-Triples: how Turtle hands a block to Oxigraph.

        Oxigraph's parser makes its triples in Rust. Made in Python (:meth:`triples`), each
        triple with a literal object costs two failed conversions: pyoxigraph's ``Triple`` tries
        the object as a named node, then as a blank node, and pyo3 builds and discards a Python
        ``TypeError`` for each. That was a third of the ELM export's render (literals are nearly
        half its triples). :func:`order` and this walk the index in the same order; a
        subject whose statements are :class:`Written` already is written as it is."""
        out: list[str] = []
        write = self.write
        for s in _subjects(by_subject, prefixes):
            preds = by_subject[s]
            if preds.__class__ is Written:
                out.append(preds)  # type: ignore[arg-type]
                continue
            pairs = []
            for p in _predicates(preds) if len(preds) > 1 else preds:
                objects = preds[p]
                if len(objects) > 1:
                    _in_order(objects)
                pairs.append((p, objects))
            write(s, pairs, out)
        return "".join(out)

    def write(self, s: str, pairs: "Iterable[tuple[str, Iterable[Iri | Lit]]]", out: list[str]) -> None:
        """The statements of subject ``s`` in N-Triples, one line each, onto ``out``: ``pairs``,
        (predicate, objects), in the order given (:meth:`ntriples` gives the canonical order).
        The text is checked here as Oxigraph would check it, so that its parser can skip the
        checks (``lenient``): every IRI once, by :data:`PLAIN_IRI` or else by :meth:`node` (and
        written as :func:`safe_iri` makes it), every language tag once, by :meth:`tagged`; a
        literal's value is written with the four characters that N-Triples escapes escaped (any
        other character may stand as it is)."""
        texts, iri, literal = self.texts, self.iri_text, self.literal_text
        line = out.append
        st = texts.get(s) or iri(s)
        for p, objects in pairs:
            sp = f"{st} {texts.get(p) or iri(p)} "
            for o in objects:
                line(f"{sp}{texts.get(o) or iri(o)} .\n" if o.__class__ is Iri else f"{sp}{literal(*o)} .\n")

    def literal_text(self, value: str, lang: str = "", datatype: str = "") -> str:
        """A literal in N-Triples (see :meth:`write`)."""
        if '"' in value or "\\" in value or "\n" in value or "\r" in value:
            value = value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
        if lang:
            if lang not in self.tags:
                self.tagged("", lang)  # (raises if Oxigraph would refuse the tag)
                self.tags.add(lang)
            return f'"{value}"@{lang}'
        if datatype:
            return f'"{value}"^^{self.texts.get(datatype) or self.iri_text(datatype)}'
        return f'"{value}"'

    def iri_text(self, iri: str) -> str:
        """``<iri>`` as N-Triples writes it, once checked: by :data:`PLAIN_IRI` (most IRIs: those
        of a base URI and an id), else by :meth:`node` (which makes it safe or refuses it)."""
        found = self.texts[iri] = f"<{iri}>" if PLAIN_IRI.fullmatch(iri) else f"<{self.node(iri).value}>"
        return found

    def literal(self, o: Lit) -> ox.Literal:
        value, lang, datatype = o
        if lang:
            return self.tagged(value, lang)
        if datatype:
            return ox.Literal(value, datatype=self.nodes.get(datatype) or self.node(datatype))
        return ox.Literal(value)

    @staticmethod
    def tagged(value: str, lang: str) -> ox.Literal:
        try:
            return ox.Literal(value, language=lang)
        except ValueError as exc:
            raise BuildError(f"cannot write the language tag {lang!r} in RDF ({exc})") from None


def turtle(grouped: "Grouped | Index", prefixes: Prefixes, terms: "Terms | None" = None) -> str:
    """Turtle: the prefixes, then one block per subject (``a`` first, a line per predicate, the
    objects of a predicate on its line), a blank line between the blocks. ``grouped``: from
    :func:`order`, or an :func:`index` (put in that order as it is written). ``terms``: Oxigraph's
    terms made so far, shared by the blocks of one export."""
    head = "".join(f"@prefix {prefix}: <{ns}> .\n" for prefix, ns in prefixes)
    return head + str(turtle_statements(grouped, prefixes, terms), "utf-8")


def turtle_statements(grouped: "Grouped | Index", prefixes: Prefixes, terms: "Terms | None" = None) -> memoryview:
    """What :func:`turtle` writes after its prefixes (a blank line, then the statements; nothing
    without triples), as UTF-8: a view, not a copy (the ELM export puts thousands together)."""
    terms = terms or Terms()
    if isinstance(grouped, dict):  # an index: put in order as it is handed over, as N-Triples
        text = terms.ntriples(grouped, prefixes)
        try:
            encoded = text.encode("utf-8")
        except UnicodeEncodeError as exc:
            raise BuildError(f"cannot write a text that holds {text[exc.start]!r} (half of a UTF-16 surrogate "
                             "pair, not a character) in RDF") from None
        triples = ox.parse(encoded, format=ox.RdfFormat.N_TRIPLES, lenient=True)
    else:
        triples = terms.triples(grouped)
    with collector_paused():
        data = ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=dict(prefixes))
    if not data:
        return memoryview(b"")
    # a raw line break only ends a line (literals hold theirs escaped): " .\n" ends a statement,
    # and so a subject's block (and each of Oxigraph's prefix lines)
    data = data.replace(b" .\n", b" .\n\n")
    # Oxigraph declares the prefixes in an order of its own: ours instead (see turtle)
    start = 0
    while data.startswith(b"@prefix ", start):
        start = data.index(b"\n\n", start) + 2
    if start == 0:  # no prefix of ours used: nothing of Oxigraph's to leave out
        return memoryview(b"\n" + data[:-1])
    return memoryview(data)[start - 1:-1]  # from the line break that ends the last prefix line


#: XML's NameStartChar without ":" and NameChar: Oxigraph names a subject's element after its first
#: class, by the tail of the class's IRI after its last character that no XML name holds
_NAME_START = ("A-Z_a-z\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u02FF\u0370-\u037D\u037F-\u1FFF\u200C-\u200D"
               "\u2070-\u218F\u2C00-\u2FEF\u3001-\uD7FF\uF900-\uFDCF\uFDF0-\uFFFD\U00010000-\U000EFFFF")
_NAME_CHAR = f"[{_NAME_START}\\-.0-9\u00B7\u0300-\u036F\u203F-\u2040]"


@functools.lru_cache(maxsize=None)
def _xml_names() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """NameChar and NameStartChar (compiled when RDF/XML is first written: a hundredth of a
    second, which every other export would pay at start-up)."""
    return re.compile(_NAME_CHAR), re.compile(f"[{_NAME_START}]")


@functools.lru_cache(maxsize=1024)
def _names_an_element(cls: str) -> bool:
    """Whether Oxigraph can name an element after class ``cls``: the tail of its IRI after the last
    character that no XML name holds (or a colon) must hold a character that may start a name."""
    name_char, name_start_char = _xml_names()
    cut = max(i for i, c in enumerate(cls) if c == ":" or not name_char.match(c))
    return name_start_char.search(cls, cut) is not None


def _typed_nodes(grouped: Grouped) -> Grouped:
    """The subjects as Oxigraph's RDF/XML writer can take them. It writes a subject whose first
    statement is ``rdf:type`` as an element named after that class, and cannot where the class's
    IRI ends without a name (it would write an element without a name). Such a subject gets a
    class that can name it first, else its other statements first (it is an ``rdf:Description``
    and its classes ``rdf:type`` statements); one with nothing but such classes cannot be written."""
    out = grouped
    for n, (s, preds) in enumerate(grouped):
        if preds[0][0] != RDF_TYPE or _names_an_element(preds[0][1][0]):
            continue
        if out is grouped:
            out = list(grouped)
        classes = sorted(preds[0][1], key=lambda c: not _names_an_element(c))
        if _names_an_element(classes[0]):
            out[n] = (s, [(RDF_TYPE, classes), *preds[1:]])
        elif len(preds) > 1:
            out[n] = (s, [*preds[1:], preds[0]])
        else:
            raise ValueError(f"no XML name for the class {classes[0]} of {s}, which has no other statement")
    return out


def rdfxml(grouped: Grouped, prefixes: Prefixes, terms: "Terms | None" = None) -> str:
    """RDF/XML: one element per subject, named after its first class. Every predicate needs a
    prefix (an XML name). ``terms``: as for :func:`turtle`."""
    for p in {p for _s, preds in grouped for p, _objects in preds}:
        if compact(p, prefixes) is None:
            raise ValueError(f"no XML name for {p}: add its namespace to the prefixes")
    triples = (terms or Terms()).triples(_typed_nodes(grouped))
    with collector_paused():
        data = ox.serialize(triples, format=ox.RdfFormat.RDF_XML, prefixes=dict(prefixes))
    if b"\r" in data:  # in a literal it must be a character reference, or a reader takes it for a
        data = data.replace(b"\r", b"&#13;")  # line break (IRIs and language tags hold none)
    return b"".join((data, b"\n")).decode("utf-8")
