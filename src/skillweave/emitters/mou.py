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

from functools import lru_cache

from lxml import etree

from skillweave.analyses.mobility import Grading, Memorandum
from skillweave.emitters.document_html import identifiers
from skillweave.emitters.document_html import render as render_html
from skillweave.formats.document_strings import strings
from skillweave.formats.grading import scale_text
from skillweave.model import Contact, Partner, Text, number_text

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
    return number_text(value)


def _localised(parent, tag: str, languages: tuple[str, ...], make) -> None:
    """``tag`` once per language with the text ``make(lang, strings)``."""
    for lang in languages:
        _el(parent, tag, make(lang, strings(lang)), **{XML_LANG: lang})


def _contact(parent, c: Contact, languages: tuple[str, ...]) -> None:
    e = _el(parent, "contact")
    _el(e, "name", c.name)
    if c.role is not None:
        _texts(e, "role", c.role, languages)
    if c.email:
        _el(e, "email", c.email)
    if c.phone:
        _el(e, "phone", c.phone)


def _partner(root, p: Partner, languages: tuple[str, ...], tag: str = "partner") -> etree._Element:
    e = _el(root, tag, id=p.id, type=p.type, country=p.country)
    _texts(e, "name", p.name, languages)
    for scheme, value in identifiers(p):
        _el(e, "identifier", value, scheme=scheme)
    if p.url:
        _el(e, "url", p.url)
    if p.contact is not None:
        _contact(e, p.contact, languages)
    return e


def _grading(parent, g: Grading, languages: tuple[str, ...]) -> None:
    _owner, scheme_id, scheme = g
    if scheme is None or scheme_id is None:
        return
    e = _el(parent, "grading", id=scheme_id)
    _texts(e, "title", scheme.title, languages)
    if scheme.description is not None:
        _texts(e, "description", scheme.description, languages)
    for lang in languages:
        _el(e, "summary", f"{scale_text(scheme, lang)}", **{XML_LANG: lang})
    if scheme.scale is not None:
        attrib = dict(lowest=_points(scheme.scale.lowest), highest=_points(scheme.scale.highest),
                      decimals=str(scheme.scale.decimals))
        if scheme.scale.pass_mark is not None:
            attrib["pass"] = _points(scheme.scale.pass_mark)
        _el(e, "scale", **attrib)
    for g_ in scheme.labels or []:
        _el(e, "label", g_.label, passing="true" if g_.passing else "false")


def build(m: Memorandum) -> etree._Element:
    langs = m.languages
    root = etree.Element(_E + "memorandum", {"id": m.id, "version": "2"}, nsmap={None: NS})
    alliance = _el(root, "alliance", id=m.alliance.id)
    _texts(alliance, "name", m.alliance.name, langs)
    names = [p.name for p in m.partners]
    for p, g in zip(m.partners, m.gradings):
        _grading(_partner(root, p, langs), g, langs)
    _localised(_el(root, "mutualAcceptance"), "text", langs, lambda lang, s: s["mutual_acceptance_text"].format(
        first=names[0].get(lang, langs[0]), second=names[1].get(lang, langs[0])))
    terms = _el(root, "validity")
    if m.terms is not None and m.terms.valid_from:
        terms.set("from", m.terms.valid_from.isoformat())
    if m.terms is not None and m.terms.valid_until:
        terms.set("until", m.terms.valid_until.isoformat())
    if m.terms is not None and m.terms.review is not None:
        _texts(terms, "review", m.terms.review, langs)
    for x in m.exchanges:
        ex = _el(root, "exchange", home=x.home.id, host=x.host.id)
        _el(ex, "roles", assesses=x.host.id, validates=x.home.id, recognises=x.home.id)
        for prog in x.programmes:
            pe = _el(ex, "programme", id=prog.id, uri=f"{m.base_uri}programme/{prog.id}",
                     eqfLevel=str(prog.eqf_level), ecvetPoints=_points(prog.ecvet_points))
            _texts(pe, "title", prog.title, langs)
            for nqf in prog.nqf_levels():
                _el(pe, "nqfLevel", nqf)
        for p in x.workplaces:
            _partner(ex, p, langs, "organisation")
        for unit in x.units:
            ue = _el(ex, "unit", id=unit.id, uri=f"{m.base_uri}unit/{unit.id}", eqfLevel=str(unit.eqf_level),
                     ecvetPoints=_points(unit.ecvet_points))
            _texts(ue, "title", unit.title, langs)
            for lang in unit.languages_of_instruction:
                _el(ue, "languageOfInstruction", lang)
            for method in unit.teaching_methods:
                _texts(_el(ue, "teachingMethod"), "text", method, langs)
            for method in unit.assessment_methods:
                _texts(_el(ue, "assessmentMethod"), "text", method, langs)
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
    return {f"{m.id}.html": render_html("mou.html.j2", m.languages, m=m, scale_text=scale_text)}


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
