"""RDF as skillweave writes it: terms, one canonical order, and the Turtle and RDF/XML writers.

Every RDF export (ELM, the EQAVET Data Cube) builds a set of triples whose objects are
:class:`Iri` or :class:`Lit` (subjects and predicates are always IRIs; there are no blank
nodes), puts them in the canonical order of :func:`group`, and writes them with :func:`turtle`,
:func:`rdfxml` or one of the JSON-LD layouts of :mod:`skillweave.formats.jsonld`. The same set of
triples therefore always gives the same bytes, and a change to the data gives a small diff.

The canonical order: subjects that have a prefixed name first (the vocabulary an export
declares), then the other subjects, each group by IRI; per subject ``rdf:type`` first, then the
predicates by IRI; per predicate the IRIs by IRI, then the literals by value, language and
datatype.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from xml.sax.saxutils import escape, quoteattr

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
XSD = "http://www.w3.org/2001/XMLSchema#"
RDF_TYPE = RDF + "type"
LANG_STRING = RDF + "langString"

#: (prefix, namespace) pairs, in the order a file declares them
Prefixes = tuple[tuple[str, str], ...]


class Iri(str):
    """An IRI object (a plain ``str`` subject or predicate is always an IRI)."""


@dataclass(frozen=True)
class Lit:
    """A literal: a language-tagged string, a typed value, or a plain string."""

    value: str
    lang: str = ""
    datatype: str = ""


Triple = tuple[str, str, "Iri | Lit"]
#: triples grouped by subject, then by predicate, in canonical order
Grouped = list[tuple[str, list[tuple[str, list["Iri | Lit"]]]]]


# --- IRIs ---------------------------------------------------------------------------------------

_UNSAFE = re.compile(r'[\x00-\x20<>"{}|^`\\\x7f]')


def safe_iri(iri: str) -> str:
    """``iri`` with the characters that no IRI may hold percent-encoded (so that every syntax can
    write it)."""
    return _UNSAFE.sub(lambda m: "".join(f"%{b:02X}" for b in m.group().encode("utf-8")), iri)


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

def _object_key(o: "Iri | Lit") -> tuple:
    return (0, o, "", "") if isinstance(o, Iri) else (1, o.value, o.lang, o.datatype)


def group(triples: "set[Triple] | frozenset[Triple]", prefixes: Prefixes) -> Grouped:
    """The triples in canonical order (see the module's docstring), grouped by subject, then by
    predicate: what every writer here takes."""
    def key(t: Triple) -> tuple:
        s, p, o = t
        return (compact(s, prefixes) is None, s, p != RDF_TYPE, p, _object_key(o))

    out: Grouped = []
    for s, p, o in sorted(triples, key=key):
        if not out or out[-1][0] != s:
            out.append((s, []))
        preds = out[-1][1]
        if not preds or preds[-1][0] != p:
            preds.append((p, []))
        preds[-1][1].append(o)
    return out


# --- Turtle -------------------------------------------------------------------------------------

_TURTLE_ESCAPES = {ord("\\"): "\\\\", ord('"'): '\\"', ord("\n"): "\\n", ord("\r"): "\\r", ord("\t"): "\\t"}
_TURTLE_ESCAPES |= {c: f"\\u{c:04X}" for c in (*range(0x20), 0x7F) if c not in _TURTLE_ESCAPES}


def turtle_string(value: str) -> str:
    """A Turtle string literal: backslash, quote, line breaks and tabs escaped, the other control
    characters as ``\\uXXXX``."""
    return '"' + value.translate(_TURTLE_ESCAPES) + '"'


@functools.lru_cache(maxsize=8192)
def turtle_iri(iri: str, prefixes: Prefixes) -> str:
    return compact(iri, prefixes) or f"<{safe_iri(iri)}>"


def turtle_object(o: "Iri | Lit", prefixes: Prefixes) -> str:
    if isinstance(o, Iri):
        return turtle_iri(o, prefixes)
    text = turtle_string(o.value)
    if o.lang:
        return f"{text}@{o.lang}"
    if o.datatype:
        return f"{text}^^{turtle_iri(o.datatype, prefixes)}"
    return text


def turtle(grouped: Grouped, prefixes: Prefixes) -> str:
    """Turtle: the prefixes, then one block per subject with a line per predicate."""
    lines = [f"@prefix {prefix}: <{ns}> ." for prefix, ns in prefixes]
    for s, preds in grouped:
        lines.append("")
        lines.append(turtle_iri(s, prefixes))
        last = len(preds) - 1
        for i, (p, objects) in enumerate(preds):
            name = "a" if p == RDF_TYPE else turtle_iri(p, prefixes)
            lines.append(f"    {name} " + ", ".join(turtle_object(o, prefixes) for o in objects)
                         + (" ." if i == last else " ;"))
    return "\n".join(lines) + "\n"


# --- RDF/XML ------------------------------------------------------------------------------------

def _xml_text(value: str) -> str:
    return escape(value).replace("\r", "&#13;")


def rdfxml(grouped: Grouped, prefixes: Prefixes) -> str:
    """RDF/XML: one ``rdf:Description`` per subject. Every predicate needs a prefix (an XML name)."""
    lines = ['<?xml version="1.0" encoding="utf-8"?>', "<rdf:RDF"]
    lines += [f"    xmlns:{prefix}={quoteattr(ns)}" for prefix, ns in prefixes]
    lines[-1] += ">"
    for s, preds in grouped:
        lines.append(f"  <rdf:Description rdf:about={quoteattr(safe_iri(s))}>")
        for p, objects in preds:
            name = compact(p, prefixes)
            if name is None:
                raise ValueError(f"no XML name for {p}: add its namespace to the prefixes")
            for o in objects:
                if isinstance(o, Iri):
                    lines.append(f"    <{name} rdf:resource={quoteattr(safe_iri(o))}/>")
                elif o.lang:
                    lines.append(f"    <{name} xml:lang={quoteattr(o.lang)}>{_xml_text(o.value)}</{name}>")
                elif o.datatype:
                    datatype = quoteattr(safe_iri(o.datatype))
                    lines.append(f"    <{name} rdf:datatype={datatype}>{_xml_text(o.value)}</{name}>")
                else:
                    lines.append(f"    <{name}>{_xml_text(o.value)}</{name}>")
        lines.append("  </rdf:Description>")
    lines.append("</rdf:RDF>")
    return "\n".join(lines) + "\n"
