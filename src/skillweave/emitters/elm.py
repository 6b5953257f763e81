"""Programmes and units in the European Learning Model (ELM v3, LOQ application profile) as Turtle,
JSON-LD (with its context embedded) and RDF/XML.

A programme is an ``elm:Qualification`` with the NQF levels of the QDR's list that its
``nqf_level`` names (an ``elm:LearningAchievementSpecification`` when it names none); a unit an
``elm:LearningAchievementSpecification`` that ``elm:isPartOf`` its programmes, or a partial
qualification where it is at their level (:mod:`skillweave.formats.qualifications`: the LOQ shapes
allow a qualification only qualifications as parts); the nominal duration is on learning
opportunities of the awarding partners; learning outcomes are ``elm:LearningOutcome`` with their type (ELM skill type) and
``elm:relatedESCOSkill``; the partners are ``elm:Organisation``, members of the alliance as an
``elm:Group``. Every resource has a stable URI under the alliance's ``base_uri`` (see
:class:`skillweave.formats.elm.Uris`); there are no blank nodes. The output conforms to the LOQ SHACL
shapes, and the three syntaxes are written from one sorted set of triples, so that the same
workspace gives byte-identical files. ``docs/elm.md`` lists the mapping field by field.
"""

from __future__ import annotations

import functools
import json
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING
from xml.sax.saxutils import escape, quoteattr

from skillweave.formats import elm as v
from skillweave.formats import qualifications as quals
from skillweave.formats.elm import ADMS, DC, ELM, FOAF, RDF_TYPE, ROV, SKOS, XSD

if TYPE_CHECKING:  # pragma: no cover
    from skillweave.emitters import Options
    from skillweave.model import Partner, Project, Text


class Iri(str):
    """An IRI object (a plain ``str`` subject or predicate is always an IRI)."""


@dataclass(frozen=True)
class Lit:
    value: str
    lang: str = ""
    datatype: str = ""


Triple = tuple[str, str, "Iri | Lit"]

ORGANISATION_TYPES = {
    "vet-provider": "VET provider", "employer": "employer", "social-partner": "social partner",
    "sectoral-body": "sectoral body", "public-authority": "public authority", "other": "other organisation",
}
#: the notation of skillweave's own concepts
COMPETENCE = "competence"
ASSESSMENT = "assessment"
HOMEPAGE = "homepage"
#: the note that holds a programme's nqf_level as written (the levels themselves are the QDR's)
NQF_NOTE = "nqf-level"


class ElmTriples:
    """A set of ELM triples under a base URI, with the helpers that write the shared node kinds
    (controlled concepts, credit points, notes, organisations). The curriculum export
    (:class:`ElmGraph`) and the European Digital Credentials of transcripts
    (:mod:`skillweave.emitters.transcript_edc`) build on it."""

    def __init__(self, base_uri: str, languages: list[str], default: str) -> None:
        self.uris = v.Uris(base_uri)
        self.triples: set[Triple] = set()
        #: the languages of dc:language statements (the alliance's)
        self.languages = languages
        self.default = default

    def add(self, s: str, p: str, o: "Iri | Lit") -> None:
        self.triples.add((s, p, o))

    def typed(self, s: str, *classes: str) -> str:
        for c in classes:
            self.add(s, RDF_TYPE, Iri(c))
        return s

    def text(self, s: str, p: str, text: "Text | None") -> None:
        """Every language of a multilingual text as an rdf:langString."""
        if text is None:
            return
        for lang, value in sorted(text.root.items()):
            self.add(s, p, Lit(value, lang=lang))

    def string(self, s: str, p: str, value: str, datatype: str = "") -> None:
        self.add(s, p, Lit(value, datatype=datatype))

    def concept(self, uri: str, scheme: str | None = None, notation: str | None = None,
                labels: dict[str, str] | None = None) -> Iri:
        """A skos:Concept (the LOQ shapes check the class of every controlled value)."""
        uri = v.safe_iri(uri)
        self.typed(uri, SKOS + "Concept")
        if scheme:
            self.add(uri, SKOS + "inScheme", Iri(scheme))
            self.typed(scheme, SKOS + "ConceptScheme")
        if notation is not None:
            self.string(uri, SKOS + "notation", notation)
        label = v.CONCEPT_LABELS.get(uri)
        if label and not labels:
            labels = {"en": label}
        for lang, value in sorted((labels or {}).items()):
            self.add(uri, SKOS + "prefLabel", Lit(value, lang=lang))
        return Iri(uri)

    def language(self, code: str) -> Iri:
        uri = v.language_uri(code)
        if uri:
            return self.concept(uri, v.LANGUAGE_NAL)
        return self.concept(self.uris.concept("language", code), self.uris.concept("language"), code)

    def country(self, code: str) -> Iri:
        uri = v.country_uri(code)
        if uri:
            return self.concept(uri, v.COUNTRY_NAL)
        return self.concept(self.uris.concept("country", code), self.uris.concept("country"), code)

    def eqf(self, level: int) -> Iri:
        return self.concept(v.eqf_level(level), v.EQF_SCHEME, labels={"en": f"Level {level}"})

    def nqf(self, level) -> Iri:
        """A level of the QDR's list of national framework levels (:mod:`skillweave.formats.nqf`)."""
        return self.concept(level.uri, quals.NQF_SCHEME, labels={"en": level.label})

    def web_resource(self, node: str, url: str) -> Iri:
        """An elm:WebResource: a public web page, its address as an xsd:anyURI."""
        self.typed(node, ELM + "WebResource")
        self.string(node, ELM + "contentUrl", url, XSD + "anyURI")
        return Iri(node)

    def isced(self, code: str | None) -> Iri:
        """An ISCED-F field; none or a code that is not in ISCED-F 2013 gives "field unknown"."""
        uri = v.isced_f(code)
        return self.concept(uri, v.ISCED_F_SCHEME, uri.rsplit("/", 1)[-1])

    def credits(self, owner: str, points: float, prop: str = ELM + "creditPoint") -> None:
        """ECVET points as an elm:CreditPoint ``{owner}/credit-point``, linked by ``prop``."""
        node = self.typed(f"{owner}/credit-point", ELM + "CreditPoint")
        self.add(owner, prop, Iri(node))
        self.add(node, ELM + "framework", self.concept(v.ECVET, v.CREDIT_SCHEME))
        self.string(node, ELM + "point", v.number_text(points))

    def note(self, node: str, texts: dict[str, str], subject: Iri | None = None) -> Iri:
        self.typed(node, ELM + "Note")
        for lang, value in sorted(texts.items()):
            self.add(node, ELM + "noteLiteral", Lit(value, lang=lang))
        if subject is not None:
            self.add(node, DC + "subject", subject)
        return Iri(node)

    def position(self, node: str, number: int, scheme_name: str, scheme: str) -> Iri:
        """An identifier that numbers a resource within another (teaching order, outcome order)."""
        self.typed(node, ELM + "Identifier")
        self.string(node, SKOS + "notation", str(number))
        self.string(node, ELM + "schemeName", scheme_name)
        self.string(node, ELM + "schemeId", scheme, XSD + "anyURI")
        return Iri(node)

    def organisation(self, p: "Partner") -> str:
        """A partner as an elm:Organisation ``{base}organisation/{id}`` with its location, identifiers
        and notes."""
        org = self.typed(self.uris.organisation(p.id), ELM + "Organisation")
        self.text(org, ROV + "legalName", p.name)
        self.add(org, DC + "type", self.concept(self.uris.concept("organisation-type", p.type),
                                                  self.uris.concept("organisation-type"), p.type,
                                                  {"en": ORGANISATION_TYPES[p.type]}))
        location = self.typed(f"{org}/location", DC + "Location")
        address = self.typed(f"{location}/address", ELM + "Address")
        self.add(org, ELM + "location", Iri(location))
        self.add(location, ELM + "address", Iri(address))
        country = self.country(p.country)
        self.add(address, ELM + "countryCode", country)
        for key, value in sorted(p.identifiers.items()):
            node = f"{org}/identifier/{v.segment(key)}"
            if key in ("legal", "vat"):
                self.typed(node, ELM + "LegalIdentifier")
                self.add(node, DC + "spatial", country)
                self.add(org, ROV + "registration" if key == "legal" else ELM + "vatIdentifier", Iri(node))
            else:
                self.typed(node, ELM + "Identifier")
                self.add(org, ADMS + "identifier", Iri(node))
            self.string(node, SKOS + "notation", value)
            self.string(node, ELM + "schemeName", key)
        if p.url and quals.is_web_address(p.url):
            self.add(org, FOAF + "homepage", self.web_resource(f"{org}/homepage", p.url))
        elif p.url:  # not a web address the registers take (no http or https): a note on the homepage
            subject = self.concept(self.uris.concept("note-subject", HOMEPAGE), self.uris.concept("note-subject"),
                                   HOMEPAGE, {"en": "homepage"})
            self.add(org, ELM + "additionalNote", self.note(f"{org}/homepage", {self.default: p.url}, subject))
        if p.description is not None:
            self.add(org, ELM + "additionalNote", self.note(f"{org}/description", p.description.root))
        return org


class ElmGraph(ElmTriples):
    """The triples of a project's ELM export, built once."""

    def __init__(self, project: "Project") -> None:
        alliance = project.curriculum.alliance
        super().__init__(project.base_uri,
                         list(alliance.languages) if alliance else [project.default_language],
                         project.default_language)
        self.project = project
        self.cur = project.curriculum
        self._build()

    def vocabulary_labels(self, uri: str) -> dict[str, str]:
        """The concept's preferred labels in the alliance's languages (English or any if none)."""
        c = self.project.vocabulary.concept(uri)
        if c is None or not c.pref_labels:
            return {}
        found = {lang: c.pref_labels[lang] for lang in self.languages if lang in c.pref_labels}
        if not found:
            lang = "en" if "en" in c.pref_labels else min(c.pref_labels)
            found = {lang: c.pref_labels[lang]}
        return found

    # -- the export ----------------------------------------------------------------------------

    def _build(self) -> None:
        alliance = self.cur.alliance
        if alliance is not None:
            self._alliance()
        self.programmes_of = quals.programmes_of(self.cur)
        for uid, unit in self.cur.units.items():
            self._unit(unit, [p.id for p in self.programmes_of.get(uid, [])])
        for prog in self.cur.programmes.values():
            self._programme(prog)

    def _alliance(self) -> None:
        a = self.cur.alliance
        group = self.typed(self.uris.alliance(a.id), ELM + "Group")
        self.text(group, SKOS + "prefLabel", a.name)
        if a.description is not None:
            self.add(group, ELM + "additionalNote", self.note(f"{group}/description", a.description.root))
        for p in a.partners:
            org = self.organisation(p)
            self.add(group, FOAF + "member", Iri(org))
            self.add(org, ELM + "groupMemberOf", Iri(group))

    def _specification(self, node: str, title, description, points: float, isced_codes: list[str | None]) -> None:
        self.text(node, DC + "title", title)
        self.text(node, DC + "description", description)
        for lang in self.languages:
            self.add(node, DC + "language", self.language(lang))
        for code in isced_codes or [None]:
            self.add(node, ELM + "ISCEDFCode", self.isced(code))
        self.credits(node, points)

    def _register(self, node: str, summary: dict[str, str], setting: str, modes: list[str]) -> None:
        """What the registers read of every specification: learning outcome summary, setting, modes."""
        if summary:
            self.add(node, ELM + "learningOutcomeSummary", self.note(f"{node}/learning-outcome-summary", summary))
        self.add(node, ELM + "learningSetting",
                 self.concept(setting, quals.LEARNING_SETTING_SCHEME, labels={"en": quals.LABELS[setting]}))
        for mode in modes:
            self.add(node, ELM + "mode", self.concept(mode, v.MODE_SCHEME, labels={"en": quals.LABELS[mode]}))

    def _levels(self, node: str, eqf_level: int, levels: list, partial: bool) -> None:
        """A qualification's EQF and NQF levels; a specification's EQF level as education level."""
        if levels:
            self.add(node, ELM + "EQFLevel", self.eqf(eqf_level))
            for level in levels:
                self.add(node, ELM + "NQFLevel", self.nqf(level))
            self.string(node, ELM + "isPartialQualification", "true" if partial else "false", XSD + "boolean")
        else:
            self.add(node, ELM + "educationLevel", self.eqf(eqf_level))

    def _programme(self, prog) -> None:
        levels = quals.nqf_levels(prog)
        node = self.typed(self.uris.programme(prog.id),
                          ELM + "Qualification" if levels else ELM + "LearningAchievementSpecification")
        self._specification(node, prog.title, prog.description, prog.ecvet_points, [prog.isced_f])
        self._levels(node, prog.eqf_level, levels, partial=False)
        if prog.nqf_level is not None:  # as written (the levels of the list are the NQFLevel concepts)
            subject = self.concept(self.uris.concept("note-subject", NQF_NOTE), self.uris.concept("note-subject"),
                                   NQF_NOTE, {"en": "NQF level as written"})
            self.add(node, ELM + "additionalNote", self.note(f"{node}/nqf-level", {self.default: prog.nqf_text}, subject))
        if prog.maximum_duration_months is not None:  # only a declared maximum, never the nominal duration
            self.string(node, ELM + "maximumDuration", f"P{prog.maximum_duration_months}M", XSD + "duration")
        units = [self.cur.units[uid] for uid in dict.fromkeys(prog.units) if uid in self.cur.units]
        self._register(node, quals.programme_summary(units, self.default), quals.FORMAL,
                       quals.programme_modes(units))
        self._opportunities(node, prog)
        hours = [u.hours for u in units if u.hours is not None]
        if hours:
            total = sum(h.school + h.workplace for h in hours)
            self.string(node, ELM + "volumeOfLearning", v.hours_duration(total), XSD + "duration")
        outcomes = [self.uris.outcome(lo.id) for u in units for lo in u.learning_outcomes]
        if not outcomes:  # the shapes require one: a programme without units states itself
            lo = self.typed(f"{node}/learning-outcome", ELM + "LearningOutcome")
            self.text(lo, DC + "title", prog.title)
            outcomes = [lo]
        for lo in outcomes:
            self.add(node, ELM + "learningOutcome", Iri(lo))
        occupations = self.project.resolved.programme_occupations.get(prog.id) or prog.occupations
        for n, occ in enumerate(occupations, 1):
            ent = self.typed(f"{node}/entitlement/{n}", ELM + "LearningEntitlementSpecification")
            self.add(node, ELM + "entitlesTo", Iri(ent))
            self.add(ent, ELM + "entitledBy", Iri(node))
            labels = self.vocabulary_labels(occ)
            if labels:
                for lang, value in sorted(labels.items()):
                    self.add(ent, DC + "title", Lit(value, lang=lang))
            else:
                self.text(ent, DC + "title", prog.title)
            self.add(ent, DC + "type", self.concept(v.ENTITLEMENT_OCCUPATION, v.ENTITLEMENT_SCHEME))
            self.add(ent, ELM + "entitlementStatus", self.concept(v.ENTITLEMENT_PROSPECTIVE,
                                                                  v.ENTITLEMENT_STATUS_SCHEME))
            self.add(ent, ELM + "limitOccupation", self.concept(occ, v.ESCO_OCCUPATIONS,
                                                                labels=self.vocabulary_labels(occ)))
        alliance = self.cur.alliance
        for n, pid in enumerate(prog.awarding_partners, 1):
            award = self.typed(f"{node}/awarding-opportunity/{n}", ELM + "AwardingOpportunity")
            self.add(node, ELM + "awardingOpportunity", Iri(award))
            self.add(award, ELM + "awardingBody", Iri(self.uris.organisation(pid)))
            self.add(award, ELM + "learningAchievementSpecification", Iri(node))
            if alliance is not None and alliance.partner(pid) is not None:
                self.add(award, ELM + "location", Iri(f"{self.uris.organisation(pid)}/location"))
        for n, uid in enumerate(prog.units, 1):
            if uid in self.cur.units:
                unit = self.uris.unit(uid)
                self.add(unit, ADMS + "identifier",
                         self.position(f"{unit}/position/{prog.id}", n, f"position in programme {prog.id}", node))
                if levels and quals.partial_levels(self.cur.units[uid], self.programmes_of.get(uid, [])):
                    self.add(node, ELM + "hasPart", Iri(unit))  # a qualification's parts are qualifications

    def _opportunities(self, node: str, prog) -> None:
        """The nominal duration: ELM gives a duration to learning opportunities, not to
        qualifications. One per awarding partner with a homepage (the shapes require one)."""
        alliance = self.cur.alliance
        for n, pid in enumerate(prog.awarding_partners, 1):
            partner = alliance.partner(pid) if alliance is not None else None
            if partner is None or not partner.url or not quals.is_web_address(partner.url):
                continue
            org = self.uris.organisation(pid)
            lo = self.typed(f"{node}/learning-opportunity/{n}", ELM + "LearningOpportunity")
            self.text(lo, DC + "title", prog.title)
            self.add(lo, FOAF + "homepage", self.web_resource(f"{org}/homepage", partner.url))
            self.string(lo, ELM + "duration", f"P{prog.duration_months}M", XSD + "duration")
            self.add(lo, ELM + "providedBy", Iri(org))
            self.add(lo, ELM + "location", Iri(f"{org}/location"))
            self.add(lo, ELM + "learningAchievementSpecification", Iri(node))
            self.add(lo, ELM + "defaultLanguage", self.language(self.default))

    def _unit(self, unit, programmes: list[str]) -> None:
        levels = quals.partial_levels(unit, self.programmes_of.get(unit.id, []))
        node = self.typed(self.uris.unit(unit.id),
                          ELM + "Qualification" if levels else ELM + "LearningAchievementSpecification")
        isced = sorted({self.cur.programmes[pid].isced_f for pid in programmes}, key=lambda c: c or "")
        self._specification(node, unit.title, unit.description, unit.ecvet_points, isced)
        self._levels(node, unit.eqf_level, levels, partial=True)
        self._register(node, quals.unit_summary(unit, self.default), quals.unit_setting(unit), quals.unit_modes(unit))
        self.add(node, DC + "publisher", Iri(self.uris.organisation(unit.owner)))
        for pid in programmes:
            self.add(node, ELM + "isPartOf", Iri(self.uris.programme(pid)))
        if unit.prerequisites:
            self._prerequisites(node, unit)
        if unit.hours is not None:
            h = unit.hours
            self.string(node, ELM + "volumeOfLearning", v.hours_duration(h.school + h.workplace), XSD + "duration")
            for where, hours, mode in (("school", h.school, v.MODE_PRESENTIAL),
                                       ("workplace", h.workplace, v.MODE_WORKBASED)):
                act = self.typed(f"{node}/learning-activity/{where}", ELM + "LearningActivitySpecification")
                self.add(node, ELM + "influencedBy", Iri(act))
                self.add(act, ELM + "influences", Iri(node))
                self.text(act, DC + "title", unit.title)
                self.add(act, ELM + "mode", self.concept(mode, v.MODE_SCHEME))
                self.string(act, ELM + "volumeOfLearning", v.hours_duration(hours), XSD + "duration")
        for n, method in enumerate(unit.teaching_methods, 1):
            act = self.typed(f"{node}/teaching-method/{n}", ELM + "LearningActivitySpecification")
            self.add(node, ELM + "influencedBy", Iri(act))
            self.add(act, ELM + "influences", Iri(node))
            self.text(act, DC + "title", method)
            for mode in quals.method_modes(method):
                self.add(act, ELM + "mode", self.concept(mode, v.MODE_SCHEME, labels={"en": quals.LABELS[mode]}))
        for n, method in enumerate(unit.assessment_methods, 1):
            spec = self.typed(f"{node}/assessment-method/{n}", ELM + "LearningAssessmentSpecification")
            self.add(node, ELM + "provenBy", Iri(spec))
            self.add(spec, ELM + "proves", Iri(node))
            self.text(spec, DC + "title", method)
        outcome_skills = self.project.resolved.outcome_skills
        for n, lo in enumerate(unit.learning_outcomes, 1):
            lo_node = self.typed(self.uris.outcome(lo.id), ELM + "LearningOutcome")
            self.add(node, ELM + "learningOutcome", Iri(lo_node))
            self.text(lo_node, DC + "title", lo.statement)
            if lo.type in v.SKILL_TYPES:
                kind = self.concept(v.SKILL_TYPES[lo.type], v.SKILL_TYPE_SCHEME)
            else:
                kind = self.concept(self.uris.concept("learning-outcome-type", lo.type),
                                    self.uris.concept("learning-outcome-type"), lo.type,
                                    {"en": "competence (responsibility and autonomy)"})
            self.add(lo_node, DC + "type", kind)
            for skill in outcome_skills.get(lo.id, []):
                self.add(lo_node, ELM + "relatedESCOSkill",
                         self.concept(skill, v.ESCO_SKILLS, labels=self.vocabulary_labels(skill)))
            if lo.assessment is not None:
                subject = self.concept(self.uris.concept("note-subject", ASSESSMENT),
                                       self.uris.concept("note-subject"), ASSESSMENT, {"en": "assessment"})
                self.add(lo_node, ELM + "additionalNote",
                         self.note(f"{lo_node}/assessment", lo.assessment.root, subject))
            self.add(lo_node, ADMS + "identifier",
                     self.position(f"{lo_node}/position", n, f"position in unit {unit.id}", node))

    def _prerequisites(self, node: str, unit) -> None:
        """The entry requirement: the required units, by title and URI, in every language in which
        all of them have a title."""
        required = [(self.cur.units.get(pid), self.uris.unit(pid)) for pid in unit.prerequisites]
        languages = sorted({lang for u, _ in required if u for lang in u.title.root})
        texts = {}
        for lang in languages:
            if lang != self.default and not all(u is not None and lang in u.title.root for u, _ in required):
                continue
            texts[lang] = "; ".join(f"{u.title.get(lang, self.default) if u else uri.rsplit('/', 1)[-1]} <{uri}>"
                                    for u, uri in required)
        if self.default not in texts:
            texts[self.default] = "; ".join(f"<{uri}>" for _, uri in required)
        self.add(node, ELM + "entryRequirement", self.note(f"{node}/entry-requirement", texts))


# --- canonical serialisation -------------------------------------------------------------------

def _sorted(triples: set[Triple]) -> list[Triple]:
    def key(t: Triple):
        s, p, o = t
        obj = (0, o, "", "") if isinstance(o, Iri) else (1, o.value, o.lang, o.datatype)
        return (s, p != RDF_TYPE, p, obj)

    return sorted(triples, key=key)


Grouped = list[tuple[str, list[tuple[str, list]]]]


def _by_subject(triples: set[Triple]) -> Grouped:
    """Triples in canonical order, grouped by subject, then by predicate."""
    out: Grouped = []
    for s, p, o in _sorted(triples):
        if not out or out[-1][0] != s:
            out.append((s, []))
        preds = out[-1][1]
        if not preds or preds[-1][0] != p:
            preds.append((p, []))
        preds[-1][1].append(o)
    return out


_PREFIXES = v.PREFIXES


_LOCAL_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*")


@functools.lru_cache(maxsize=4096)
def _compact(iri: str) -> str | None:
    for prefix, ns in _PREFIXES:
        if iri.startswith(ns):
            local = iri[len(ns):]
            if _LOCAL_NAME.fullmatch(local):
                return f"{prefix}:{local}"
    return None


def _ttl_iri(iri: str) -> str:
    return _compact(iri) or f"<{iri}>"


def _ttl_string(value: str) -> str:
    out = []
    for ch in value:
        if ch == "\\":
            out.append("\\\\")
        elif ch == '"':
            out.append('\\"')
        elif ch == "\n":
            out.append("\\n")
        elif ch == "\r":
            out.append("\\r")
        elif ch == "\t":
            out.append("\\t")
        elif ord(ch) < 0x20 or ord(ch) == 0x7F:
            out.append(f"\\u{ord(ch):04X}")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


def _ttl_object(o: "Iri | Lit") -> str:
    if isinstance(o, Iri):
        return _ttl_iri(o)
    text = _ttl_string(o.value)
    if o.lang:
        return f"{text}@{o.lang}"
    if o.datatype:
        return f"{text}^^{_ttl_iri(o.datatype)}"
    return text


def turtle_text(grouped: Grouped) -> str:
    lines = [f"@prefix {prefix}: <{ns}> ." for prefix, ns in _PREFIXES]
    for s, preds in grouped:
        lines.append("")
        lines.append(f"<{s}>")
        for i, (p, objects) in enumerate(preds):
            name = "a" if p == RDF_TYPE else _ttl_iri(p)
            end = " ." if i == len(preds) - 1 else " ;"
            lines.append(f"    {name} " + ", ".join(_ttl_object(o) for o in objects) + end)
    return "\n".join(lines) + "\n"


def jsonld_text(grouped: Grouped) -> str:
    context = {prefix: ns for prefix, ns in _PREFIXES}
    nodes = []
    for s, preds in grouped:
        node: dict = {"@id": s}
        for p, objects in preds:
            if p == RDF_TYPE:
                node["@type"] = [_compact(o) or o for o in objects]
                continue
            values = []
            for o in objects:
                if isinstance(o, Iri):
                    values.append({"@id": o})
                elif o.lang:
                    values.append({"@value": o.value, "@language": o.lang})
                elif o.datatype:
                    values.append({"@value": o.value, "@type": _compact(o.datatype) or o.datatype})
                else:
                    values.append({"@value": o.value})
            node[_compact(p) or p] = values
        nodes.append(node)
    return json.dumps({"@context": context, "@graph": nodes}, ensure_ascii=False, indent=1) + "\n"


def _xml_text(value: str) -> str:
    return escape(value).replace("\r", "&#13;")


def rdfxml_text(grouped: Grouped) -> str:
    lines = ['<?xml version="1.0" encoding="utf-8"?>', "<rdf:RDF"]
    lines += [f"    xmlns:{prefix}={quoteattr(ns)}" for prefix, ns in _PREFIXES]
    lines[-1] += ">"
    for s, preds in grouped:
        lines.append(f"  <rdf:Description rdf:about={quoteattr(s)}>")
        for p, objects in preds:
            name = _compact(p)
            if name is None:  # pragma: no cover - every predicate of the export has a prefix
                raise ValueError(f"no XML name for {p}")
            for o in objects:
                if isinstance(o, Iri):
                    lines.append(f"    <{name} rdf:resource={quoteattr(o)}/>")
                elif o.lang:
                    lines.append(f"    <{name} xml:lang={quoteattr(o.lang)}>{_xml_text(o.value)}</{name}>")
                elif o.datatype:
                    lines.append(f"    <{name} rdf:datatype={quoteattr(o.datatype)}>{_xml_text(o.value)}</{name}>")
                else:
                    lines.append(f"    <{name}>{_xml_text(o.value)}</{name}>")
        lines.append("  </rdf:Description>")
    lines.append("</rdf:RDF>")
    return "\n".join(lines) + "\n"


def triples(project: "Project") -> set[Triple]:
    """The ELM triples of the project, built once for all three syntaxes."""
    return project.memo("elm-triples", lambda: ElmGraph(project).triples)


def grouped(project: "Project") -> Grouped:
    """The ELM triples in canonical order, grouped by subject: shared by the three syntaxes."""
    return project.memo("elm-grouped", lambda: _by_subject(triples(project)))


def turtle(project: "Project", options: "Options | None" = None) -> str:
    return turtle_text(grouped(project))


def jsonld(project: "Project", options: "Options | None" = None) -> str:
    return jsonld_text(grouped(project))


def rdfxml(project: "Project", options: "Options | None" = None) -> str:
    return rdfxml_text(grouped(project))
