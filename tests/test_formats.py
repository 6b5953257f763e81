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


def _rdf11(g: rdflib.Graph) -> rdflib.Graph:
    """``g`` as RDF 1.1 compares literals (and Oxigraph writes them), where rdflib tells them apart:
    a string typed ``xsd:string`` is the plain string, language tags are in lower case."""
    out = rdflib.Graph()
    for s, p, o in g:
        if isinstance(o, rdflib.Literal) and o.datatype == rdflib.XSD.string:
            o = rdflib.Literal(str(o))
        elif isinstance(o, rdflib.Literal) and o.language:
            o = rdflib.Literal(str(o), lang=o.language.lower())
        out.add((s, p, o))
    return out


def _isomorphic(a: rdflib.Graph, b: rdflib.Graph) -> bool:
    from rdflib.compare import to_isomorphic

    return to_isomorphic(_rdf11(a)) == to_isomorphic(_rdf11(b))


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
    try:
        assert _isomorphic(_parsed(rdf.rdfxml(grouped, PREFIXES), "xml"), expected)
    except ValueError as exc:  # the one graph RDF/XML cannot write here: a subject with only classes, none an XML name
        assert "no XML name for the class" in str(exc)
        subject = str(exc).removesuffix(", which has no other statement").split(" of ", 1)[1]
        assert {p for s, p, _o in triples if s == subject} == {RDF_TYPE}
    assert _isomorphic(_parsed(jsonld.dumps(jsonld.graph(grouped, PREFIXES)), "json-ld"), expected)


@given(_triples)
def test_the_order_does_not_depend_on_the_order_of_insertion(triples):
    triples = _well_typed(triples)
    forwards = rdf.turtle(rdf.group(set(sorted(triples, key=repr)), PREFIXES), PREFIXES)
    backwards = rdf.turtle(rdf.group(set(sorted(triples, key=repr, reverse=True)), PREFIXES), PREFIXES)
    assert forwards == backwards


@settings(deadline=None)  # an rdflib parser per example
@given(_triples, st.data())
def test_a_triple_given_twice_is_written_once(triples, data):
    """The writers take triples by subject (rdf.index), as the ELM export keeps them, with
    repeats: each is written once, wherever the repeats are."""
    triples = sorted(_well_typed(triples), key=repr)
    repeats = data.draw(st.lists(st.sampled_from(triples), max_size=8)) if triples else []
    mixed = data.draw(st.permutations(triples + repeats))
    expected = {(s, p, o): None for s, p, o in sorted(triples, key=repr)}  # each once
    once = rdf.turtle(rdf.group(expected, PREFIXES), PREFIXES)
    assert _isomorphic(_parsed(once, "turtle"), _as_rdflib(set(triples)))
    by_subject = rdf.index(mixed)
    # the ELM export writes one index three times (its Turtle straight from the index): each
    # writing gives the same text, with every triple once
    assert rdf.turtle(by_subject, PREFIXES) == once
    assert rdf.turtle(by_subject, PREFIXES) == once
    grouped = rdf.order(by_subject, PREFIXES)
    assert sum(len(objects) for _s, preds in grouped for _p, objects in preds) == len(triples)
    assert jsonld.dumps(jsonld.graph(grouped, PREFIXES)) == jsonld.dumps(
        jsonld.graph(rdf.group(set(triples), PREFIXES), PREFIXES))
    try:
        assert rdf.rdfxml(grouped, PREFIXES) == rdf.rdfxml(rdf.group(set(triples), PREFIXES), PREFIXES)
    except ValueError as exc:  # a subject with only classes, none an XML name (see above)
        assert "no XML name for the class" in str(exc)


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
        "ex:vocabulary a ex:Class .\n"  # prefixed subjects (the vocabulary) first
        "\n"
        "<http://example.org/a> ex:p 1 .\n"
        "\n"
        "<http://example.org/b> a ex:Thing ;\n"  # rdf:type first, then the predicates by IRI
        '\tex:a "x"@en , "x"@nl ;\n'
        '\tex:p <http://example.org/z> , "z" .\n'  # IRIs before literals
    )
    # RDF/XML in the same order: an element per subject, named after its first class
    assert rdf.rdfxml(rdf.group(triples, PREFIXES), PREFIXES).splitlines()[2:] == [
        '\t<ex:Class rdf:about="http://example.org/ns#vocabulary">',
        "\t</ex:Class>",
        '\t<rdf:Description rdf:about="http://example.org/a">',
        '\t\t<ex:p rdf:datatype="http://www.w3.org/2001/XMLSchema#integer">1</ex:p>',
        "\t</rdf:Description>",
        '\t<ex:Thing rdf:about="http://example.org/b">',
        '\t\t<ex:a xml:lang="en">x</ex:a>',
        '\t\t<ex:a xml:lang="nl">x</ex:a>',
        '\t\t<ex:p rdf:resource="http://example.org/z"/>',
        "\t\t<ex:p>z</ex:p>",
        "\t</ex:Thing>",
        "</rdf:RDF>",
    ]


@settings(deadline=None)
@given(st.text(st.characters(blacklist_categories=("Cs",)), max_size=20))
def test_any_string_reads_back_from_turtle(value):
    triples = {("http://example.org/a", EX + "p", Lit(value))}
    text = rdf.turtle(rdf.group(triples, PREFIXES), PREFIXES)
    assert _isomorphic(_parsed(text, "turtle"), _as_rdflib(triples))


#: any character (none of half a surrogate pair), the ones N-Triples and Turtle escape often
_any_text = st.text(st.one_of(st.sampled_from('"\\\n\r\t\x00\x7f\u2028'), st.characters(blacklist_categories=("Cs",))),
                    max_size=20)


@settings(deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["http://example.org/a", "http://example.org/<b>", EX + "c"]),
                          st.sampled_from([EX + "p", EX + "q"]),
                          st.one_of(
                              _any_text.map(Lit),
                              st.tuples(_any_text,
                                        st.sampled_from(["en", "EN-gb", "de-CH-1996", "zh-Hant"])).map(
                                  lambda v: Lit(v[0], lang=v[1])),
                              st.tuples(st.text(max_size=8), st.sampled_from([XSD + "string", XSD + "integer", EX + "d"])
                                        ).map(lambda v: Lit(v[0], datatype=v[1])),
                              st.sampled_from([Iri(EX + "o"), Iri("http://example.org/a b"), Iri("urn:x:1")]))),
                max_size=10))
def test_turtle_from_an_index_is_turtle_from_oxigraphs_own_terms(triples):
    """An index reaches Oxigraph's Turtle writer as N-Triples (rdf.Terms.ntriples, read back by
    Oxigraph's parser); grouped triples as Oxigraph's terms, made one by one. Any string of
    characters (no half of a surrogate pair: see the next test), control characters and quotes
    included, language tags in mixed case, typed literals, IRIs that must be made safe: the same
    bytes both ways."""
    assert rdf.turtle(rdf.index(triples), PREFIXES) == rdf.turtle(rdf.group(triples, PREFIXES), PREFIXES)


@given(st.from_regex(rdf.PLAIN_IRI, fullmatch=True))
def test_a_plain_iri_is_one_oxigraph_takes_as_it_is(iri):
    """rdf.Terms writes an IRI that PLAIN_IRI matches without asking Oxigraph."""
    import pyoxigraph

    assert pyoxigraph.NamedNode(iri).value == iri


def test_half_a_surrogate_pair_is_an_error_not_a_traceback():
    """No workspace holds one (YAML refuses it), but a writer given one says so."""
    from skillweave.errors import BuildError

    for triple in ((EX + "a", EX + "p", Lit("x\ud800", lang="en")), (EX + "a", EX + "p", Lit("\udfff"))):
        with pytest.raises(BuildError, match="half of a UTF-16 surrogate pair"):
            rdf.turtle(rdf.index([triple]), PREFIXES)


def test_escapes():
    triples = {("http://example.org/a", EX + "p", Lit('a "b" \\ c\nd\re\tf\x00\x1f\x7f é'))}
    grouped = rdf.group(triples, PREFIXES)
    text = rdf.turtle(grouped, PREFIXES)
    assert text.endswith('<http://example.org/a> ex:p "a \\"b\\" \\\\ c\\nd\\re\\tf\\u0000\\u001F\\u007F é" .\n')
    # a carriage return in RDF/XML is a character reference: a reader would take a raw one for a line break
    assert "<ex:p>a &quot;b&quot; \\ c\nd&#13;e\tf" in rdf.rdfxml(grouped, PREFIXES)
    triples = {("http://example.org/a", EX + "p", Lit("one\r\ntwo\rthree"))}
    grouped = rdf.group(triples, PREFIXES)
    assert _isomorphic(_parsed(rdf.rdfxml(grouped, PREFIXES), "xml"), _as_rdflib(triples))
    assert _isomorphic(_parsed(rdf.turtle(grouped, PREFIXES), "turtle"), _as_rdflib(triples))


def test_iris_are_made_valid_the_same_way_in_every_syntax():
    # characters that no IRI may hold are percent-encoded, in every syntax
    grouped = rdf.group({("http://example.org/a b", EX + "p", Iri('http://example.org/<"x">'))}, PREFIXES)
    assert "<http://example.org/a%20b>" in rdf.turtle(grouped, PREFIXES)
    assert "<http://example.org/%3C%22x%22%3E>" in rdf.turtle(grouped, PREFIXES)
    assert 'rdf:about="http://example.org/a%20b"' in rdf.rdfxml(grouped, PREFIXES)
    assert json.loads(jsonld.dumps(jsonld.graph(grouped, PREFIXES)))["@graph"][0]["@id"] == "http://example.org/a%20b"
    # and, where the IRI is still not valid, brackets outside the host, a stray percent sign, a
    # second "#", characters that no IRI may hold beyond ASCII
    assert rdf.safe_iri("http://example.org/a[1]?q=[2]") == "http://example.org/a%5B1%5D?q=%5B2%5D"
    assert rdf.safe_iri("http://example.org/50%") == "http://example.org/50%25"
    assert rdf.safe_iri("http://example.org/a%20b#c#d") == "http://example.org/a%20b#c%23d"
    assert rdf.safe_iri("http://example.org/\ue000") == "http://example.org/%EE%80%80"
    for fine in ("http://[::1]/x", "http://example.org/é#x", "urn:isbn:0451450523"):
        assert rdf.safe_iri(fine) == fine
    iri = "http://example.org/a[1]%"
    triples = {(iri, EX + "p", Iri(iri))}
    grouped = rdf.group(triples, PREFIXES)
    for text, fmt in ((rdf.turtle(grouped, PREFIXES), "turtle"), (rdf.rdfxml(grouped, PREFIXES), "xml"),
                      (jsonld.dumps(jsonld.graph(grouped, PREFIXES)), "json-ld")):
        assert set(_parsed(text, fmt)) == {(rdflib.URIRef("http://example.org/a%5B1%5D%25"), rdflib.URIRef(EX + "p"),
                                            rdflib.URIRef("http://example.org/a%5B1%5D%25"))}


def test_a_relative_iri_is_an_error_not_a_traceback():
    from skillweave.errors import BuildError

    for triple in (("green-install/unit/u1", EX + "p", Lit("x")), (EX + "a", EX + "p", Iri("green-install/unit/u1")),
                   (EX + "a", EX + "p", Lit("1", datatype="green-install/unit/u1"))):
        grouped = rdf.group({triple}, PREFIXES)
        for write, taken in ((rdf.turtle, grouped), (rdf.rdfxml, grouped), (rdf.turtle, rdf.index([triple]))):
            with pytest.raises(BuildError, match="cannot write 'green-install/unit/u1' as an IRI in RDF .*base_uri"):
                write(taken, PREFIXES)


def test_a_language_tag_rdf_cannot_hold_is_an_error_not_a_traceback():
    """Whether the triples come grouped or as an index (which the Turtle writer puts in order as
    it writes them as N-Triples), for RDF/XML and for Turtle."""
    from skillweave.errors import BuildError

    triples = {(EX + "a", EX + "p", Lit("x", lang="en us")), (EX + "a", EX + "q", Lit("y", lang="en"))}
    for write, taken in ((rdf.turtle, rdf.group(triples, PREFIXES)), (rdf.turtle, rdf.index(triples)),
                         (rdf.rdfxml, rdf.group(triples, PREFIXES))):
        with pytest.raises(BuildError, match="cannot write the language tag 'en us' in RDF"):
            write(taken, PREFIXES)


def test_compact_names():
    assert rdf.compact(EX + "name", PREFIXES) == "ex:name"
    assert rdf.compact(EX + "1st", PREFIXES) is None  # not a local name that every syntax accepts
    assert rdf.compact(EX + "a.b", PREFIXES) is None
    assert rdf.compact("http://other.org/x", PREFIXES) is None
    # the longest namespace wins
    assert rdf.compact(EX + "sub/x", (("ex", EX), ("sub", EX + "sub/"))) == "sub:x"


def test_rdfxml_of_classes_whose_iri_ends_without_an_xml_name():
    """Oxigraph names a subject's element after its first class; where the class's IRI ends in no
    XML name (a digit, a slash), another class names it, or the subject is an rdf:Description."""
    a, b = "http://example.org/a", "http://example.org/b"
    triples = {(a, RDF_TYPE, Iri("http://example.org/r/0")), (a, RDF_TYPE, Iri(EX + "Thing")),
               (b, RDF_TYPE, Iri("http://example.org/r/")), (b, EX + "p", Lit("x"))}
    text = rdf.rdfxml(rdf.group(triples, PREFIXES), PREFIXES)
    assert '<ex:Thing rdf:about="http://example.org/a">' in text
    assert '<rdf:Description rdf:about="http://example.org/b">' in text
    assert _isomorphic(_parsed(text, "xml"), _as_rdflib(triples))
    with pytest.raises(ValueError, match="no XML name for the class http://example.org/r/0 of http://example.org/a"):
        rdf.rdfxml(rdf.group({(a, RDF_TYPE, Iri("http://example.org/r/0"))}, PREFIXES), PREFIXES)


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
