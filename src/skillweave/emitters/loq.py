"""LOQ XML: the joint programmes and units in the upload format of the EU's Qualification Dataset
Register (``loq.xsd`` v3.1.0, the European Learning Model's LOQ application profile as XML).

The document is valid against the official schema for every workspace that ``skillweave check``
accepts, and byte-identical for the same workspace: records in id order (partners in the
alliance's order), texts in the alliance's languages (default language first) and then any other
language alphabetically, no timestamps. Every record has the URI that the ELM RDF export gives
the same resource (:class:`skillweave.formats.elm.Uris`): ``{base}programme/{id}``,
``{base}unit/{id}``, ``{base}learning-outcome/{id}``, ``{base}organisation/{id}``, and below
them ``{unit}/learning-activity/school``, ``{unit}/assessment-method/1``,
``{programme}/entitlement/1``, ``{organisation}/location``.

How the workspace maps onto LOQ (``importers/loq.py`` reads the same mapping back; docs/loq.md
has the full table):

* a programme is a ``qualification`` (``EQFLevel``, an ``NQFLevel`` per level of the QDR's list
  that ``nqf_level`` names, ``isPartialQualification`` false) when it names such a level, and a
  ``learningAchievementSpecification`` with its EQF level as ``educationLevel`` otherwise; the
  level as written is an ``additionalNote`` on ``{base}concept/note-subject/nqf-level``;
* a unit at the EQF level of all its programmes, which are qualifications, is a partial
  qualification (``isPartialQualification`` true, its programmes' NQF levels) and a ``hasPart``
  of them; every other unit a ``learningAchievementSpecification`` that ``isPartOf`` them
  (a qualification's parts must be qualifications);
* the nominal duration is the ``duration`` of a ``learningOpportunity`` per awarding partner
  with a web address; ``maximumDuration`` only a declared ``maximum_duration_months``;
* learning outcome summary, learning setting and modes (:mod:`skillweave.formats.qualifications`);
  teaching methods as ``learningActivitySpecification`` ``{unit}/teaching-method/N``;
* titles and descriptions per language, ISCED-F codes (a unit has its programmes'; none gives
  99), ECVET ``creditPoint``, occupations as entitlements, awarding opportunities, ``publisher``
  (the unit's owner), prerequisites as ``entryRequirement``, hours as ``volumeOfLearning`` and
  activities per place, assessment methods, learning outcomes with type and ESCO skills, partners
  as organisations with identifiers and a location, the alliance as a ``group``.

Not in LOQ, so not exported: units' contributors, status and approvals; the alliance's sector and
approval rule; national qualifications; learner data (never).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from skillweave.emitters.elm import ORGANISATION_TYPES
from skillweave.formats import authority
from skillweave.formats import elm as v
from skillweave.formats import qualifications as quals
from skillweave.formats.elm import (
    DC,
    ECVET,
    ENTITLEMENT_OCCUPATION,
    ENTITLEMENT_PROSPECTIVE,
    SKILL_TYPES,
    SKOS,
    Uris,
)

if TYPE_CHECKING:  # pragma: no cover
    from lxml import etree

    from skillweave.emitters import Options
    from skillweave.model import Partner, Programme, Project, Text, Unit

LOQ = "http://data.europa.eu/snb/model/ap/loq-constraints/"
NSMAP = {None: LOQ, "skos": SKOS, "dc": DC}
_PREFIXES = {"skos": SKOS, "dc": DC}
XSD_VERSION = "3.1.0"

#: the QDR's topics of notes (``SubjectTypeCodeEnumType`` in loq.xsd)
TOPIC_ASSESSMENT = "http://data.europa.eu/snb/qualification-topics#assessment"
TOPIC_ENTRY_REQUIREMENTS = "http://data.europa.eu/snb/qualification-topics#entry-requirements"
#: skillweave's partner types, as the ELM export names them: ``{base}concept/organisation-type/{type}``
ORGANISATION_TYPE = "organisation-type"
#: the subject of the note that holds a programme's nqf_level as written: ``{base}concept/note-subject/nqf-level``
NQF_NOTE = "nqf-level"
#: the schema has no "unknown country"; the authority table's placeholder keeps the file valid
COUNTRY_UNKNOWN = authority.COUNTRY_AUTHORITY + "OP_DATPRO"
LANGUAGE_UNDETERMINED = authority.LANGUAGE_AUTHORITY + "UND"


def q(tag: str) -> str:
    """Clark notation of ``tag``, ``prefix:name`` for SKOS and Dublin Core, LOQ otherwise."""
    prefix, _, name = tag.rpartition(":")
    return f"{{{_PREFIXES[prefix] if prefix else LOQ}}}{name}"


def xml(project: "Project", options: "Options | None" = None) -> str:
    """The LOQ XML document of the workspace's joint programmes, units and partners."""
    from lxml import etree

    root = _Document(project).build()
    return etree.tostring(root, encoding="UTF-8", xml_declaration=True, pretty_print=True).decode("utf-8")


class _Document:
    def __init__(self, project: "Project") -> None:
        from lxml import etree

        self.etree = etree
        self.project = project
        self.cur = project.curriculum
        self.alliance = self.cur.alliance
        self.uris = Uris(project.base_uri)
        self.default = project.default_language
        langs = [self.default] + (self.alliance.languages if self.alliance else [])
        self.languages = list(dict.fromkeys(langs))
        self.programmes = [self.cur.programmes[k] for k in sorted(self.cur.programmes)]
        self.units = [self.cur.units[k] for k in sorted(self.cur.units)]
        self.programmes_of: dict[str, list[Programme]] = {}
        for prog in self.programmes:
            for uid in dict.fromkeys(prog.units):
                self.programmes_of.setdefault(uid, []).append(prog)
        self.notations: set[str] = set()

    # -- helpers ---------------------------------------------------------------------------------

    def el(self, parent: "etree._Element", tag: str, text: str | None = None, **attrib: str) -> "etree._Element":
        e = self.etree.SubElement(parent, q(tag), attrib)
        if text is not None:
            e.text = text
        return e

    def ordered(self, text: "Text | dict[str, str] | None") -> list[tuple[str, str]]:
        """(language, text) in the alliance's languages, default first, then any other alphabetically."""
        root = {} if text is None else text if isinstance(text, dict) else text.root
        known = [(lang, root[lang]) for lang in self.languages if lang in root]
        return known + sorted((lang, t) for lang, t in root.items() if lang not in self.languages)

    def texts(self, parent: "etree._Element", tag: str, text: "Text | dict[str, str] | None") -> None:
        for lang, value in self.ordered(text):
            self.el(parent, tag, value, language=lang)

    def notes(self, parent: "etree._Element", tag: str, text: "Text | None", subject: str | None = None) -> None:
        """One Note per language (a Note holds a single literal)."""
        for lang, value in self.ordered(text):
            self.note(parent, tag, lang, value, subject)

    def note(self, parent: "etree._Element", tag: str, lang: str, value: str, subject: str | None = None) -> None:
        note = self.el(parent, tag)
        if subject:
            self.el(note, "dc:subject", uri=subject)
        self.el(note, "noteLiteral", value, language=lang)

    def labels(self, uri: str) -> dict[str, str]:
        """A vocabulary concept's preferred labels in the alliance's languages (English or any if none)."""
        concept = self.project.vocabulary.concept(uri)
        if concept is None or not concept.pref_labels:
            return {}
        found = {lang: concept.pref_labels[lang] for lang in self.languages if lang in concept.pref_labels}
        if not found:
            lang = "en" if "en" in concept.pref_labels else min(concept.pref_labels)
            found = {lang: concept.pref_labels[lang]}
        return found

    def concept(self, parent: "etree._Element", tag: str, uri: str, labels: dict[str, str]) -> None:
        e = self.el(parent, tag, uri=uri)
        self.texts(e, "skos:prefLabel", labels)

    def languages_of_content(self, parent: "etree._Element") -> None:
        uris = [u for u in (authority.language_uri(lang) for lang in self.languages) if u]
        for uri in dict.fromkeys(uris or [LANGUAGE_UNDETERMINED]):
            self.el(parent, "language", uri=uri)

    def credit(self, parent: "etree._Element", points: float) -> None:
        cp = self.el(parent, "creditPoint")
        self.el(cp, "framework", uri=ECVET)
        self.el(cp, "point", v.number_text(points))

    def identifier(self, parent: "etree._Element", tag: str, notation: str, scheme: str | None = None,
                   spatial: str | None = None) -> None:
        e = self.el(parent, tag)
        self.el(e, "skos:notation", notation)
        if scheme is not None:
            self.el(e, "schemeName", scheme)
        if spatial is not None:
            self.el(e, "spatial", uri=spatial)

    def location(self, partner_id: str) -> str:
        return f"{self.uris.organisation(partner_id)}/location"

    # -- the document ----------------------------------------------------------------------------

    def build(self) -> "etree._Element":
        root = self.etree.Element(q("Courses"), nsmap=NSMAP, xsdVersion=XSD_VERSION)
        opportunities = self.el(root, "learningOpportunityReferences")
        specs = self.el(root, "learningAchievementSpecificationReferences")
        outcomes = self.el(root, "learningOutcomeReferences")
        activities = self.etree.Element(q("learningActivitySpecificationReferences"))
        assessments = self.etree.Element(q("learningAssessmentSpecificationReferences"))
        entitlements = self.etree.Element(q("learningEntitlementSpecificationReferences"))
        for prog in self.programmes:
            self.programme(specs, outcomes, entitlements, prog)
            self.opportunities(opportunities, prog)
        if not len(opportunities):
            root.remove(opportunities)
        for unit in self.units:
            self.unit(specs, outcomes, activities, assessments, unit)
        for section in (activities, assessments, entitlements):
            if len(section):
                root.append(section)
        partners = self.alliance.partners if self.alliance else []
        if partners:
            agents = self.el(root, "agentReferences")
            for partner in partners:
                self.organisation(agents, partner)
        if self.alliance is not None:
            groups = self.el(root, "groupReferences")
            group = self.el(groups, "group", id=self.uris.alliance(self.alliance.id))
            self.texts(group, "skos:prefLabel", self.alliance.name)
            self.notes(group, "additionalNote", self.alliance.description)
            for partner in partners:
                self.el(group, "member", idref=self.uris.organisation(partner.id))
        if partners:
            locations = self.el(root, "locationReferences")
            for partner in partners:
                location = self.el(locations, "location", id=self.location(partner.id))
                address = self.el(location, "address")
                self.el(address, "countryCode", uri=authority.country_uri(partner.country) or COUNTRY_UNKNOWN)
        return root

    def summary(self, parent: "etree._Element", texts: dict[str, str]) -> None:
        """The learning outcome summary: one Note, so one literal, in the default language."""
        if self.default in texts:
            self.note(parent, "learningOutcomeSummary", self.default, texts[self.default])

    def modes(self, parent: "etree._Element", modes: list[str]) -> None:
        for mode in modes:
            self.el(parent, "mode", uri=mode)

    def qualification(self, spec: "etree._Element", eqf_level: int, levels, partial: bool) -> None:
        self.el(spec, "isPartialQualification", "true" if partial else "false")
        self.el(spec, "EQFLevel", uri=authority.eqf_uri(eqf_level))
        for level in levels:
            self.el(spec, "NQFLevel", uri=level.uri)

    def programme(self, specs, outcomes, entitlements, prog: "Programme") -> None:
        node = self.uris.programme(prog.id)
        levels = quals.nqf_levels(prog)
        spec = self.el(specs, "qualification" if levels else "learningAchievementSpecification", id=node)
        self.texts(spec, "title", prog.title)
        self.texts(spec, "description", prog.description)
        if prog.nqf_level is not None:  # as written: the levels are the NQFLevel URIs
            self.note(spec, "additionalNote", self.default, prog.nqf_text,
                      subject=self.uris.concept("note-subject", NQF_NOTE))
        units = [self.cur.units[uid] for uid in dict.fromkeys(prog.units) if uid in self.cur.units]
        self.summary(spec, quals.programme_summary(units, self.default))
        self.el(spec, "ISCEDFCode", uri=authority.isced_f_uri(prog.isced_f))
        hours = [u.hours for u in units if u.hours is not None]
        if hours:
            self.el(spec, "volumeOfLearning", v.hours_duration(sum(h.school + h.workplace for h in hours)))
        self.credit(spec, prog.ecvet_points)
        if not levels:
            self.el(spec, "educationLevel", uri=authority.eqf_uri(prog.eqf_level))
        self.languages_of_content(spec)
        self.modes(spec, quals.programme_modes(units))
        self.el(spec, "learningSetting", uri=quals.FORMAL)
        if prog.maximum_duration_months is not None:
            self.el(spec, "maximumDuration", f"P{prog.maximum_duration_months}M")
        outcome_ids = [self.uris.outcome(lo.id) for u in units for lo in u.learning_outcomes]
        if not outcome_ids:  # the schema requires one: a programme without units states itself
            outcome = self.el(outcomes, "learningOutcome", id=f"{node}/learning-outcome")
            self.texts(outcome, "title", prog.title)
            outcome_ids = [f"{node}/learning-outcome"]
        for lo in outcome_ids:
            self.el(spec, "learningOutcome", idref=lo)
        occupations = self.project.resolved.programme_occupations.get(prog.id, [])
        for n, occupation in enumerate(occupations, 1):
            ent_id = f"{node}/entitlement/{n}"
            self.el(spec, "entitlesTo", idref=ent_id)
            ent = self.el(entitlements, "learningEntitlementSpecification", id=ent_id)
            labels = self.labels(occupation)
            self.texts(ent, "title", labels or prog.title)
            self.el(ent, "type", uri=ENTITLEMENT_OCCUPATION)
            self.el(ent, "entitlementStatus", uri=ENTITLEMENT_PROSPECTIVE)
            self.concept(ent, "limitOccupation", occupation, labels)
            self.el(ent, "entitledBy", idref=node)
        for unit in units:
            # a qualification's parts are qualifications (the schema's keys): units that are not
            # partial qualifications say that they are part of it (isPartOf) instead
            if not levels or quals.partial_levels(unit, self.programmes_of.get(unit.id, [])):
                self.el(spec, "hasPart", idref=self.uris.unit(unit.id))
        for partner_id in prog.awarding_partners:
            awarding = self.el(spec, "awardingOpportunity")
            self.el(awarding, "awardingBody", idref=self.uris.organisation(partner_id))
            self.el(awarding, "location", idref=self.location(partner_id))
            self.el(awarding, "learningAchievementSpecification", idref=node)
        if levels:
            self.qualification(spec, prog.eqf_level, levels, partial=False)

    def opportunities(self, section, prog: "Programme") -> None:
        """The programme's nominal duration: a learning opportunity per awarding partner with a
        homepage (the register requires one), ``{programme}/learning-opportunity/N``."""
        node = self.uris.programme(prog.id)
        for n, partner_id in enumerate(prog.awarding_partners, 1):
            partner = self.alliance.partner(partner_id) if self.alliance else None
            if partner is None or not partner.url or not quals.is_web_address(partner.url):
                continue
            opportunity = self.el(section, "learningOpportunity", id=f"{node}/learning-opportunity/{n}")
            self.texts(opportunity, "title", prog.title)
            homepage = self.el(opportunity, "homepage")
            self.el(homepage, "contentUrl", partner.url)
            self.el(opportunity, "duration", f"P{prog.duration_months}M")
            self.el(opportunity, "providedBy", idref=self.uris.organisation(partner_id))
            self.el(opportunity, "location", idref=self.location(partner_id))
            self.el(opportunity, "learningAchievementSpecification", idref=node)
            self.el(opportunity, "defaultLanguage", uri=authority.language_uri(self.default) or LANGUAGE_UNDETERMINED)

    def unit(self, specs, outcomes, activities, assessments, unit: "Unit") -> None:
        node = self.uris.unit(unit.id)
        programmes = self.programmes_of.get(unit.id, [])
        levels = quals.partial_levels(unit, programmes)
        spec = self.el(specs, "qualification" if levels else "learningAchievementSpecification", id=node)
        self.texts(spec, "title", unit.title)
        self.texts(spec, "description", unit.description)
        self.el(spec, "publisher", idref=self.uris.organisation(unit.owner))
        self.summary(spec, quals.unit_summary(unit, self.default))
        codes = sorted({authority.isced_f_uri(p.isced_f) for p in programmes})
        for uri in codes or [authority.isced_f_uri(None)]:
            self.el(spec, "ISCEDFCode", uri=uri)
        if unit.hours is not None:
            self.el(spec, "volumeOfLearning", v.hours_duration(unit.hours.school + unit.hours.workplace))
        self.credit(spec, unit.ecvet_points)
        if not levels:
            self.el(spec, "educationLevel", uri=authority.eqf_uri(unit.eqf_level))
        self.languages_of_content(spec)
        self.modes(spec, quals.unit_modes(unit))
        self.el(spec, "learningSetting", uri=quals.unit_setting(unit))
        prerequisites = list(dict.fromkeys(unit.prerequisites))
        if prerequisites:
            # one literal only: the default language, each unit by title and URI (as the ELM export)
            text = "; ".join(f"{self.cur.units[p].title.get(self.default)} <{self.uris.unit(p)}>"
                             for p in prerequisites)
            self.note(spec, "entryRequirement", self.default, text, subject=TOPIC_ENTRY_REQUIREMENTS)
        for lo in unit.learning_outcomes:
            self.el(spec, "learningOutcome", idref=self.uris.outcome(lo.id))
            outcome = self.el(outcomes, "learningOutcome", id=self.uris.outcome(lo.id))
            self.texts(outcome, "title", lo.statement)
            if lo.type in SKILL_TYPES:
                self.el(outcome, "type", uri=SKILL_TYPES[lo.type])
            self.notes(outcome, "additionalNote", lo.assessment, subject=TOPIC_ASSESSMENT)
            for skill in self.project.resolved.outcome_skills.get(lo.id, []):
                self.concept(outcome, "relatedESCOSkill", skill, self.labels(skill))
        if unit.hours is not None:
            for where, hours, mode in (("school", unit.hours.school, v.MODE_PRESENTIAL),
                                       ("workplace", unit.hours.workplace, v.MODE_WORKBASED)):
                act_id = f"{node}/learning-activity/{where}"
                self.el(spec, "influencedBy", idref=act_id)
                activity = self.el(activities, "learningActivitySpecification", id=act_id)
                self.texts(activity, "title", unit.title)
                self.el(activity, "volumeOfLearning", v.hours_duration(hours))
                self.el(activity, "mode", uri=mode)
                self.el(activity, "influences", idref=node)
        for n, method in enumerate(unit.teaching_methods, start=1):
            act_id = f"{node}/teaching-method/{n}"
            self.el(spec, "influencedBy", idref=act_id)
            activity = self.el(activities, "learningActivitySpecification", id=act_id)
            self.texts(activity, "title", method)
            self.modes(activity, quals.method_modes(method))
            self.el(activity, "influences", idref=node)
        for n, method in enumerate(unit.assessment_methods, start=1):
            spec_id = f"{node}/assessment-method/{n}"
            self.el(spec, "provenBy", idref=spec_id)
            assessment = self.el(assessments, "learningAssessmentSpecification", id=spec_id)
            self.texts(assessment, "title", method)
            self.el(assessment, "proves", idref=node)
        for prog in programmes:
            self.el(spec, "isPartOf", idref=self.uris.programme(prog.id))
        if levels:
            self.qualification(spec, unit.eqf_level, levels, partial=True)

    def organisation(self, agents, partner: "Partner") -> None:
        org = self.el(agents, "organisation", id=self.uris.organisation(partner.id))
        self.texts(org, "legalName", partner.name)
        kind = self.el(org, "type", uri=self.uris.concept(ORGANISATION_TYPE, partner.type))
        self.el(kind, "skos:prefLabel", ORGANISATION_TYPES[partner.type], language="en")
        country = authority.country_uri(partner.country) or COUNTRY_UNKNOWN
        for key, value in partner.identifiers.items():
            # the schema wants identifier notations unique in the document: a value that another
            # partner already uses is left out (two partners cannot share a PIC)
            if key not in ("legal", "vat") and value not in self.notations:
                self.notations.add(value)
                self.identifier(org, "identifier", value, scheme=key)
        if "legal" in partner.identifiers:
            self.identifier(org, "registration", partner.identifiers["legal"], spatial=country)
        if "vat" in partner.identifiers:
            self.identifier(org, "vatIdentifier", partner.identifiers["vat"], spatial=country)
        if partner.url:
            homepage = self.el(org, "homepage")
            self.el(homepage, "contentUrl", partner.url)
        self.notes(org, "additionalNote", partner.description)
        self.el(org, "location", idref=self.location(partner.id))
