"""Memoranda of understanding (ECVET) between two partners: ``mou/FIRST_SECOND.html`` and
``mou/FIRST_SECOND.xml`` (partner ids by id).

The HTML holds the memorandum in every language of the alliance (a language switch as in the
transcripts) with a signature block for each partner. The XML is in skillweave's namespace
``urn:skillweave:mou:1`` and valid against the schema shipped in the package
(``skillweave/data/mou.xsd``, see :func:`schema`). Neither holds learner data.
"""

from __future__ import annotations

from functools import lru_cache

from lxml import etree

from skillweave.analyses.mobility import Memorandum
from skillweave.emitters.document_html import identifiers
from skillweave.emitters.document_html import render as render_html
from skillweave.model import Partner, Text

NS = "urn:skillweave:mou:1"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_E = f"{{{NS}}}"


def _el(parent, tag: str, text: str | None = None, **attrib) -> etree._Element:
    e = etree.SubElement(parent, _E + tag, attrib)
    if text is not None:
        e.text = text
    return e


def _texts(parent, tag: str, text: Text, languages: tuple[str, ...]) -> None:
    for lang in languages:
        if lang in text.root or lang == languages[0]:
            _el(parent, tag, text.get(lang, languages[0]), **{XML_LANG: lang})


def _points(value: float) -> str:
    return f"{value:.6f}".rstrip("0").rstrip(".")


def _partner(root, p: Partner, languages: tuple[str, ...]) -> None:
    e = _el(root, "partner", id=p.id, type=p.type, country=p.country)
    _texts(e, "name", p.name, languages)
    for scheme, value in identifiers(p):
        _el(e, "identifier", value, scheme=scheme)
    if p.url:
        _el(e, "url", p.url)


def build(m: Memorandum) -> etree._Element:
    langs = m.languages
    root = etree.Element(_E + "memorandum", {"id": m.id, "version": "1"}, nsmap={None: NS})
    alliance = _el(root, "alliance", id=m.alliance.id)
    _texts(alliance, "name", m.alliance.name, langs)
    for p in m.partners:
        _partner(root, p, langs)
    for x in m.exchanges:
        ex = _el(root, "exchange", home=x.home.id, host=x.host.id)
        _el(ex, "roles", assesses=x.host.id, validates=x.home.id, recognises=x.home.id)
        for prog in x.programmes:
            pe = _el(ex, "programme", id=prog.id, uri=f"{m.base_uri}programme/{prog.id}",
                     eqfLevel=str(prog.eqf_level), ecvetPoints=_points(prog.ecvet_points))
            _texts(pe, "title", prog.title, langs)
        for unit in x.units:
            ue = _el(ex, "unit", id=unit.id, uri=f"{m.base_uri}unit/{unit.id}", eqfLevel=str(unit.eqf_level),
                     ecvetPoints=_points(unit.ecvet_points))
            _texts(ue, "title", unit.title, langs)
            for method in unit.assessment_methods:
                _el(ue, "assessmentMethod", method)
            for lo in unit.learning_outcomes:
                le = _el(ue, "learningOutcome", id=lo.id, type=lo.type)
                _texts(le, "statement", lo.statement, langs)
                if lo.assessment is not None:
                    _texts(le, "assessment", lo.assessment, langs)
    return root


def xml(m: Memorandum) -> dict[str, bytes]:
    body = etree.tostring(build(m), encoding="UTF-8", pretty_print=True, xml_declaration=False)
    return {f"{m.id}.xml": b'<?xml version="1.0" encoding="UTF-8"?>\n' + body}


def html(m: Memorandum) -> dict[str, str]:
    return {f"{m.id}.html": render_html("mou.html.j2", m.languages, m=m)}


def render(m: Memorandum) -> dict[str, str | bytes]:
    """Both files of one memorandum."""
    return html(m) | xml(m)


@lru_cache(maxsize=1)
def schema() -> etree.XMLSchema:
    """The XML Schema of the memorandum XML, read from the package without network access."""
    from importlib.resources import files

    path = files("skillweave") / "data" / "mou.xsd"
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    return etree.XMLSchema(etree.parse(str(path), parser))
