"""Memoranda of understanding (ECVET) between two partners: ``mou/FIRST_SECOND.html`` and
``mou/FIRST_SECOND.xml`` (partner ids by id).

The HTML holds the memorandum in every language of the alliance (a language switch as in the
transcripts) with a signature block for each partner. The XML is in skillweave's namespace
``urn:skillweave:mou:1`` and valid against the schema shipped in the package
(``skillweave/data/mou.xsd``, see :func:`schema`). Neither holds learner data.
"""

from __future__ import annotations

from lxml import etree

from skillweave.analyses.mobility import Memorandum
from skillweave.emitters.document_html import identifiers
from skillweave.emitters.document_html import render as render_html
from skillweave.formats import numbers
from skillweave.formats import xml as xmlfmt
from skillweave.model import Partner

NS = "urn:skillweave:mou:1"
E = xmlfmt.Namespace(NS)


def _partner(root, p: Partner, languages: tuple[str, ...]) -> None:
    e = E.el(root, "partner", id=p.id, type=p.type, country=p.country)
    E.texts(e, "name", p.name, languages)
    for scheme, value in identifiers(p):
        E.el(e, "identifier", value, scheme=scheme)
    if p.url:
        E.el(e, "url", p.url)


def build(m: Memorandum) -> etree._Element:
    langs = m.languages
    root = E.root("memorandum", {"id": m.id, "version": "1"})
    alliance = E.el(root, "alliance", id=m.alliance.id)
    E.texts(alliance, "name", m.alliance.name, langs)
    for p in m.partners:
        _partner(root, p, langs)
    for x in m.exchanges:
        ex = E.el(root, "exchange", home=x.home.id, host=x.host.id)
        E.el(ex, "roles", assesses=x.host.id, validates=x.home.id, recognises=x.home.id)
        for prog in x.programmes:
            pe = E.el(ex, "programme", id=prog.id, uri=f"{m.base_uri}programme/{prog.id}",
                     eqfLevel=str(prog.eqf_level), ecvetPoints=numbers.exact(prog.ecvet_points))
            E.texts(pe, "title", prog.title, langs)
        for unit in x.units:
            ue = E.el(ex, "unit", id=unit.id, uri=f"{m.base_uri}unit/{unit.id}", eqfLevel=str(unit.eqf_level),
                     ecvetPoints=numbers.exact(unit.ecvet_points))
            E.texts(ue, "title", unit.title, langs)
            for method in unit.assessment_methods:
                E.el(ue, "assessmentMethod", method)
            for lo in unit.learning_outcomes:
                le = E.el(ue, "learningOutcome", id=lo.id, type=lo.type)
                E.texts(le, "statement", lo.statement, langs)
                if lo.assessment is not None:
                    E.texts(le, "assessment", lo.assessment, langs)
    return root


def xml(m: Memorandum) -> dict[str, bytes]:
    return {f"{m.id}.xml": xmlfmt.serialise(build(m))}


def html(m: Memorandum) -> dict[str, str]:
    return {f"{m.id}.html": render_html("mou.html.j2", m.languages, m=m)}


def render(m: Memorandum) -> dict[str, str | bytes]:
    """Both files of one memorandum."""
    return html(m) | xml(m)


def schema() -> etree.XMLSchema:
    """The XML Schema of the memorandum XML, read from the package without network access."""
    return xmlfmt.package_schema("mou.xsd")
