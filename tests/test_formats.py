"""The format knowledge shared by writers and readers (skillweave.formats): the one RDF writer
(Turtle, RDF/XML, JSON-LD) read back by rdflib, its canonical order and escaping, the XML helpers,
number formatting and the interface-string table.

The exports built on these are compared byte for byte with golden files in tests/test_exports.py.
"""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
import rdflib
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from skillweave.formats import jsonld, numbers, rdf
from skillweave.formats import xml as xmlfmt
from skillweave.formats.rdf import RDF_TYPE, XSD, Iri, Lit
from skillweave.load import xmlsafe
from skillweave.model import Text

EX = "http://example.org/ns#"
PREFIXES = (("ex", EX), ("rdf", rdf.RDF), ("xsd", XSD))


# --- RDF ----------------------------------------------------------------------------------------

def _as_rdflib(triples) -> rdflib.Graph:
    g = rdflib.Graph()
    for s, p, o in triples:
        if isinstance(o, Iri):
            obj = rdflib.URIRef(rdf.safe_iri(o))
        else:
            obj = rdflib.Literal(o.value, lang=o.lang or None, datatype=o.datatype or None)
        g.add((rdflib.URIRef(rdf.safe_iri(s)), rdflib.URIRef(p), obj))
    return g


def _parsed(text: str, fmt: str) -> rdflib.Graph:
    return rdflib.Graph().parse(data=text, format=fmt)


def _isomorphic(a: rdflib.Graph, b: rdflib.Graph) -> bool:
    from rdflib.compare import to_isomorphic

    return to_isomorphic(a) == to_isomorphic(b)


# every character that XML 1.0 can hold (so RDF/XML can), line breaks and quotes included (the
# workspace's YAML holds no other control characters)
_values = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters=[
    chr(c) for c in (*range(0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0xFFFE, 0xFFFF)]), max_size=12)
_locals = st.from_regex(r"[a-z][a-z0-9-]{0,6}", fullmatch=True)
_iris = st.one_of(_locals.map(lambda n: EX + n),
                  st.text(st.characters(min_codepoint=0x21, max_codepoint=0x7E, blacklist_characters="#%"),
                          min_size=1, max_size=8).map(lambda n: "http://example.org/r/" + n))
_objects = st.one_of(
    _iris.map(Iri),
    _values.map(Lit),
    st.tuples(_values, st.sampled_from(["en", "nl", "de-AT"])).map(lambda v: Lit(v[0], lang=v[1])),
    st.tuples(_values, st.sampled_from([XSD + "string", XSD + "token", EX + "code"])).map(
        lambda v: Lit(v[0], datatype=v[1])),
)
_triples = st.sets(st.tuples(_iris, st.sampled_from([EX + "p", EX + "q", RDF_TYPE]), _objects), max_size=12)


def _well_typed(triples) -> set:
    # rdf:type with a literal is legal RDF but not what the exports write
    return {(s, p, o) for s, p, o in triples if p != RDF_TYPE or isinstance(o, Iri)}


@settings(deadline=None)  # three rdflib parsers per example: slow on a busy machine, not wrong
@given(_triples)
def test_the_three_syntaxes_read_back_as_the_same_graph(triples):
    triples = _well_typed(triples)
    expected = _as_rdflib(triples)
    grouped = rdf.group(triples, PREFIXES)
    assert _isomorphic(_parsed(rdf.turtle(grouped, PREFIXES), "turtle"), expected)
    assert _isomorphic(_parsed(rdf.rdfxml(grouped, PREFIXES), "xml"), expected)
    assert _isomorphic(_parsed(jsonld.dumps(jsonld.graph(grouped, PREFIXES)), "json-ld"), expected)


@given(_triples)
def test_the_order_does_not_depend_on_the_order_of_insertion(triples):
    triples = _well_typed(triples)
    forwards = rdf.turtle(rdf.group(set(sorted(triples, key=repr)), PREFIXES), PREFIXES)
    backwards = rdf.turtle(rdf.group(set(sorted(triples, key=repr, reverse=True)), PREFIXES), PREFIXES)
    assert forwards == backwards


def test_canonical_order():
    triples = {
        ("http://example.org/b", EX + "p", Lit("z")),
        ("http://example.org/b", EX + "p", Iri("http://example.org/z")),
        ("http://example.org/b", EX + "a", Lit("x", lang="nl")),
        ("http://example.org/b", EX + "a", Lit("x", lang="en")),
        ("http://example.org/b", RDF_TYPE, Iri(EX + "Thing")),
        ("http://example.org/a", EX + "p", Lit("1", datatype=XSD + "integer")),
        (EX + "vocabulary", RDF_TYPE, Iri(EX + "Class")),
    }
    assert rdf.turtle(rdf.group(triples, PREFIXES), PREFIXES) == (
        "@prefix ex: <http://example.org/ns#> .\n"
        "@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .\n"
        "@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n"
        "\n"
        "ex:vocabulary\n"  # prefixed subjects (the vocabulary) first
        "    a ex:Class .\n"
        "\n"
        "<http://example.org/a>\n"
        '    ex:p "1"^^xsd:integer .\n'
        "\n"
        "<http://example.org/b>\n"
        "    a ex:Thing ;\n"  # rdf:type first, then the predicates by IRI
        '    ex:a "x"@en, "x"@nl ;\n'
        '    ex:p <http://example.org/z>, "z" .\n'  # IRIs before literals
    )


@settings(deadline=None)
@given(st.text(st.characters(blacklist_categories=("Cs",)), max_size=20))
def test_any_string_reads_back_from_turtle(value):
    triples = {("http://example.org/a", EX + "p", Lit(value))}
    text = rdf.turtle(rdf.group(triples, PREFIXES), PREFIXES)
    assert _isomorphic(_parsed(text, "turtle"), _as_rdflib(triples))


def test_turtle_escapes():
    assert rdf.turtle_string('a "b" \\ c\nd\re\tf\x00\x1f\x7f é') == \
        '"a \\"b\\" \\\\ c\\nd\\re\\tf\\u0000\\u001F\\u007F é"'
    # characters that no IRI may hold are percent-encoded, in every syntax
    grouped = rdf.group({("http://example.org/a b", EX + "p", Iri('http://example.org/<"x">'))}, PREFIXES)
    assert "<http://example.org/a%20b>" in rdf.turtle(grouped, PREFIXES)
    assert "<http://example.org/%3C%22x%22%3E>" in rdf.turtle(grouped, PREFIXES)
    assert 'rdf:about="http://example.org/a%20b"' in rdf.rdfxml(grouped, PREFIXES)
    assert json.loads(jsonld.dumps(jsonld.graph(grouped, PREFIXES)))["@graph"][0]["@id"] == "http://example.org/a%20b"


def test_compact_names():
    assert rdf.compact(EX + "name", PREFIXES) == "ex:name"
    assert rdf.compact(EX + "1st", PREFIXES) is None  # not a local name that every syntax accepts
    assert rdf.compact(EX + "a.b", PREFIXES) is None
    assert rdf.compact("http://other.org/x", PREFIXES) is None
    # the longest namespace wins
    assert rdf.compact(EX + "sub/x", (("ex", EX), ("sub", EX + "sub/"))) == "sub:x"


def test_rdfxml_needs_a_prefix_for_every_predicate():
    with pytest.raises(ValueError, match="no XML name"):
        rdf.rdfxml(rdf.group({("http://example.org/a", "http://other.org/p", Lit("x"))}, PREFIXES), PREFIXES)


def test_jsonld_tree_in_the_terms_of_a_context():
    context = {"ex": EX, "xsd": XSD, "Thing": "ex:Thing", "name": {"@id": "ex:name", "@container": "@language"},
               "link": {"@id": "ex:link", "@type": "@id"}, "size": {"@id": "ex:size", "@type": "xsd:integer"}}
    terms = jsonld.Terms.of(context)
    root, child = "http://example.org/root", "http://example.org/child"
    triples = {(root, RDF_TYPE, Iri(EX + "Thing")), (root, EX + "link", Iri(child)),
               (root, EX + "name", Lit("wurzel", lang="de")), (root, EX + "name", Lit("root", lang="en")),
               (child, EX + "size", Lit("3", datatype=XSD + "integer")), (child, EX + "other", Lit("x"))}
    doc = jsonld.tree(triples, root, terms)
    assert doc == {
        "@context": {"id": "@id", "type": "@type", "ex": EX, "xsd": XSD, "Thing": "ex:Thing",
                     "link": context["link"], "name": context["name"], "size": context["size"]},
        "id": root, "type": "Thing", "link": {"id": child, "ex:other": "x", "size": "3"},
        "name": {"de": "wurzel", "en": "root"},
    }
    assert _isomorphic(_parsed(jsonld.dumps(doc), "json-ld"), _as_rdflib(triples))


# --- XML ----------------------------------------------------------------------------------------

def test_xml_namespace_helpers():
    x = xmlfmt.Namespace("urn:test", {"dc": "http://purl.org/dc/terms/"})
    root = x.root("doc", {"version": "1"}, dc="http://purl.org/dc/terms/")
    x.el(root, "dc:title", "a & b", lang="en")
    x.texts(root, "name", Text({"nl": "naam", "de": "Name"}), ("en", "nl", "fr"))
    assert xmlfmt.serialise(root).decode() == (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<doc xmlns="urn:test" xmlns:dc="http://purl.org/dc/terms/" version="1">\n'
        '  <dc:title lang="en">a &amp; b</dc:title>\n'
        # the first language always (else the text's first language by code), the others where the text has them
        '  <name xml:lang="en">Name</name>\n'
        '  <name xml:lang="nl">naam</name>\n'
        "</doc>\n")
    assert xmlfmt.serialise(root, xmlfmt.LXML_DECLARATION).startswith(b"<?xml version='1.0' encoding='UTF-8'?>\n<doc")


def test_xml_parser_resolves_no_entity(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP SECRET")
    doc = f'<!DOCTYPE d [<!ENTITY e SYSTEM "file://{secret}">]><d>&e;</d>'.encode()
    root = etree.fromstring(doc, xmlsafe.parser())
    assert b"TOP SECRET" not in etree.tostring(root)


# --- numbers ------------------------------------------------------------------------------------

@pytest.mark.parametrize("value, people, exact, decimal", [
    (12, "12", "12", "12.0"),
    (12.0, "12", "12", "12.0"),
    (7.5, "7.5", "7.5", "7.5"),
    (0.8571, "0.8571", "0.8571", "0.8571"),
    (92000.0, "92000", "92000", "92000.0"),
    (1e-05, "1e-05", "0.00001", "0.00001"),  # a data file never has an exponent
    (2.1234567, "2.12346", "2.1234567", "2.1234567"),  # people get six significant digits
])
def test_numbers(value, people, exact, decimal):
    assert numbers.points(value) == people
    assert numbers.exact(value) == exact
    assert numbers.decimal(value) == decimal
    assert Decimal(numbers.exact(value)) == Decimal(repr(float(value)))


def test_people_numbers():
    assert numbers.points(7.5, "nl") == "7,5" and numbers.points(7.5, "en") == "7.5"
    assert numbers.percent(0.857142) == "85.7 %"
    assert numbers.percent(0.857142, 0) == "86 %"
    assert numbers.percent(None) == "n/a"
    assert numbers.percent(None, missing="–") == "–"
    assert [numbers.coordinate(v) for v in (0, 2.0, 2.25, 2.26, 10.04, -0.04, 100)] == \
        ["0", "2", "2.2", "2.3", "10", "0", "100"]


def test_duration_helpers():
    assert numbers.hours_duration(325) == "PT325H"
    assert numbers.hours_duration(12.5) == "PT12H30M"
    assert numbers.hours_duration(0) == "PT0H"
    assert numbers.hours_duration(0.001) == "PT3.6S"
    for hours in (0, 1, 12.5, 7.25, 0.1, 1000, 0.001):
        assert numbers.duration_hours(numbers.hours_duration(hours)) == hours
    assert numbers.duration_hours("P1DT2H") == 26
    assert numbers.duration_hours("P1M") is None
    assert numbers.parse_duration("P1Y6M") == (18, 0, 0)
