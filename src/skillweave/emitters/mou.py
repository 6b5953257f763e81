"""Memoranda of understanding (ECVET) between two partners: ``mou/FIRST_SECOND.html`` and
``mou/FIRST_SECOND.xml`` (partner ids by id).

The HTML holds the memorandum in every language of the alliance (a language switch as in the
transcripts) with the clauses of the ECVET memorandum template (parties and contact persons,
mutual acceptance, grading, qualifications with EQF and NQF levels, units, roles, other
organisations involved, validity and review) and a signature block for each partner. The XML
(version 2) is in skillweave's namespace ``urn:skillweave:mou:1`` and valid against the schema
shipped in the package (``skillweave/data/mou.xsd``, see :func:`schema`); it holds the same
clauses as data, and their wording per language. Neither holds learner data.
"""

from __future__ import annotations

from lxml import etree

from skillweave.analyses.mobility import Grading, Memorandum
from skillweave.emitters.document_html import identifiers
from skillweave.emitters.document_html import render as render_html
from skillweave.formats import numbers
from skillweave.formats import xml as xmlfmt
from skillweave.formats.grading import scale_text
from skillweave.formats.strings import strings
from skillweave.model import Contact, Partner

NS = "urn:skillweave:mou:1"
E = xmlfmt.Namespace(NS)


def _contact(parent, c: Contact, languages: tuple[str, ...]) -> None:
    e = E.el(parent, "contact")
    E.el(e, "name", c.name)
    if c.role is not None:
        E.texts(e, "role", c.role, languages)
    if c.email:
        E.el(e, "email", c.email)
    if c.phone:
        E.el(e, "phone", c.phone)


def _partner(root, p: Partner, languages: tuple[str, ...], tag: str = "partner") -> etree._Element:
    e = E.el(root, tag, id=p.id, type=p.type, country=p.country)
    E.texts(e, "name", p.name, languages)
    for scheme, value in identifiers(p):
        E.el(e, "identifier", value, scheme=scheme)
    if p.url:
        E.el(e, "url", p.url)
    if p.contact is not None:
        _contact(e, p.contact, languages)
    return e


def _grading(parent, g: Grading, languages: tuple[str, ...]) -> None:
    _owner, scheme_id, scheme = g
    if scheme is None or scheme_id is None:
        return
    e = E.el(parent, "grading", id=scheme_id)
    E.texts(e, "title", scheme.title, languages)
    if scheme.description is not None:
        E.texts(e, "description", scheme.description, languages)
    for lang in languages:
        E.el(e, "summary", f"{scale_text(scheme, lang)}", **{xmlfmt.XML_LANG: lang})
    if scheme.scale is not None:
        attrib = dict(lowest=numbers.exact(scheme.scale.lowest), highest=numbers.exact(scheme.scale.highest),
                      decimals=str(scheme.scale.decimals))
        if scheme.scale.pass_mark is not None:
            attrib["pass"] = numbers.exact(scheme.scale.pass_mark)
        E.el(e, "scale", **attrib)
    for g_ in scheme.labels or []:
        E.el(e, "label", g_.label, passing="true" if g_.passing else "false")


def build(m: Memorandum) -> etree._Element:
    langs = m.languages
    root = E.root("memorandum", {"id": m.id, "version": "2"})
    alliance = E.el(root, "alliance", id=m.alliance.id)
    E.texts(alliance, "name", m.alliance.name, langs)
    names = [p.name for p in m.partners]
    for p, g in zip(m.partners, m.gradings):
        _grading(_partner(root, p, langs), g, langs)
    E.localised(E.el(root, "mutualAcceptance"), "text", langs, lambda lang: strings(lang)["mutual_acceptance_text"].format(
        first=names[0].get(lang, langs[0]), second=names[1].get(lang, langs[0])))
    terms = E.el(root, "validity")
    if m.terms is not None and m.terms.valid_from:
        terms.set("from", m.terms.valid_from.isoformat())
    if m.terms is not None and m.terms.valid_until:
        terms.set("until", m.terms.valid_until.isoformat())
    if m.terms is not None and m.terms.review is not None:
        E.texts(terms, "review", m.terms.review, langs)
    for x in m.exchanges:
        ex = E.el(root, "exchange", home=x.home.id, host=x.host.id)
        E.el(ex, "roles", assesses=x.host.id, validates=x.home.id, recognises=x.home.id)
        for prog in x.programmes:
            pe = E.el(ex, "programme", id=prog.id, uri=f"{m.base_uri}programme/{prog.id}",
                     eqfLevel=str(prog.eqf_level), ecvetPoints=numbers.exact(prog.ecvet_points))
            E.texts(pe, "title", prog.title, langs)
            for nqf in prog.nqf_levels():
                E.el(pe, "nqfLevel", nqf)
        for p in x.workplaces:
            _partner(ex, p, langs, "organisation")
        for unit in x.units:
            ue = E.el(ex, "unit", id=unit.id, uri=f"{m.base_uri}unit/{unit.id}", eqfLevel=str(unit.eqf_level),
                     ecvetPoints=numbers.exact(unit.ecvet_points))
            E.texts(ue, "title", unit.title, langs)
            for lang in unit.languages_of_instruction:
                E.el(ue, "languageOfInstruction", lang)
            for method in unit.teaching_methods:
                E.texts(E.el(ue, "teachingMethod"), "text", method, langs)
            for method in unit.assessment_methods:
                E.texts(E.el(ue, "assessmentMethod"), "text", method, langs)
            for lo in unit.learning_outcomes:
                le = E.el(ue, "learningOutcome", id=lo.id, type=lo.type)
                E.texts(le, "statement", lo.statement, langs)
                if lo.assessment is not None:
                    E.texts(le, "assessment", lo.assessment, langs)
    return root


def xml(m: Memorandum) -> dict[str, bytes]:
    return {f"{m.id}.xml": xmlfmt.serialise(build(m))}


def html(m: Memorandum) -> dict[str, str]:
    return {f"{m.id}.html": render_html("mou.html.j2", m.languages, m=m, scale_text=scale_text)}


def render(m: Memorandum) -> dict[str, str | bytes]:
    """Both files of one memorandum."""
    return html(m) | xml(m)


def schema() -> etree.XMLSchema:
    """The XML Schema of the memorandum XML, read from the package without network access."""
    return xmlfmt.package_schema("mou.xsd")
