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

How the workspace maps onto LOQ is the table in :mod:`skillweave.formats.loq` (the import reads
the same mapping back).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from lxml import etree

from skillweave import parts
from skillweave.formats import authority, numbers
from skillweave.formats import elm as v
from skillweave.formats import qualifications as quals
from skillweave.formats import xml as xmlfmt
from skillweave.formats.elm import (
    ECVET,
    ENTITLEMENT_OCCUPATION,
    ENTITLEMENT_PROSPECTIVE,
    ORGANISATION_TYPE,
    ORGANISATION_TYPES,
    SKILL_TYPES,
    Uris,
)
from skillweave.formats.loq import (
    COUNTRY_UNKNOWN,
    LANGUAGE_UNDETERMINED,
    TOPIC_ASSESSMENT,
    TOPIC_ENTRY_REQUIREMENTS,
    XSD_VERSION,
    q,
)

if TYPE_CHECKING:  # pragma: no cover
    from skillweave.emitters import Options
    from skillweave.model import Partner, Programme, Project, Text, Unit


#: the sections of the document where a unit writes records
SECTIONS = ("specification", "outcomes", "activities", "assessments")
_MARK = re.compile(r"^[ \t]*<!--(/?)part ([^ ]+) ([a-z]+)-->\n", re.M)


def xml(project: "Project", options: "Options | None" = None) -> str:
    """The LOQ XML document of the workspace's joint programmes, units and partners.

    A unit's records in each of the four sections it writes to are parts of the unit
    (:mod:`skillweave.parts`): the tree is built with a comment before and after each unit's
    records (or, for a unit whose parts are reused, one comment where they go), serialised, and
    the comments give way to the parts; the text is the same as the tree's without them."""
    doc = _Document(project)
    found = parts.of(project)
    assembler = found.assemble("loq-xml")
    kept: dict[tuple[str, str], str] = {}
    for uid in doc.cur.units:
        key = found.keys.get(uid)
        texts = [found.previous_part("loq-xml", "", f"{uid}/{section}", key) if key else None for section in SECTIONS]
        if all(t is not None for t in texts):
            kept.update({(uid, section): t for section, t in zip(SECTIONS, texts)})
    doc.kept, doc.kept_texts = {uid for uid, _ in kept}, kept
    text = xmlfmt.serialise(doc.build(), xmlfmt.LXML_DECLARATION).decode("utf-8")
    position = 0
    opened: dict[tuple[str, str], int] = {}
    for m in _MARK.finditer(text):
        closing, uid, section = m.group(1) == "/", m.group(2), m.group(3)
        if closing:
            start = opened.pop((uid, section))
            rendered = text[start:m.start()]
            assembler.unit(uid, lambda rendered=rendered: rendered, part=f"{uid}/{section}")
        elif (uid, section) in kept:
            assembler.add(text[position:m.start()])
            assembler.unit(uid, lambda: kept[(uid, section)], part=f"{uid}/{section}")
        else:
            assembler.add(text[position:m.start()])
            opened[(uid, section)] = m.end()
        position = m.end()
    assembler.add(text[position:])
    for uid in sorted(doc.cur.units):  # the sections a unit wrote nothing to
        for section in SECTIONS:
            if f"{uid}/{section}" not in assembler.spans:
                assembler.unit(uid, lambda: "", part=f"{uid}/{section}")
    return assembler.text()


class _Document:
    def __init__(self, project: "Project") -> None:
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
        #: the units whose records are parts taken from the previous build, and those parts
        self.kept: set[str] = set()
        self.kept_texts: dict[tuple[str, str], str] = {}

    # -- helpers ---------------------------------------------------------------------------------

    def ordered(self, text: "Text | dict[str, str] | None") -> list[tuple[str, str]]:
        """(language, text) in the alliance's languages, default first, then any other alphabetically."""
        root = {} if text is None else text if isinstance(text, dict) else text.root
        known = [(lang, root[lang]) for lang in self.languages if lang in root]
        return known + sorted((lang, t) for lang, t in root.items() if lang not in self.languages)

    def texts(self, parent: "etree._Element", tag: str, text: "Text | dict[str, str] | None") -> None:
        for lang, value in self.ordered(text):
            q.el(parent, tag, value, language=lang)

    def notes(self, parent: "etree._Element", tag: str, text: "Text | None", subject: str | None = None) -> None:
        """One Note per language (a Note holds a single literal)."""
        for lang, value in self.ordered(text):
            self.note(parent, tag, lang, value, subject)

    def note(self, parent: "etree._Element", tag: str, lang: str, value: str, subject: str | None = None) -> None:
        note = q.el(parent, tag)
        if subject:
            q.el(note, "dc:subject", uri=subject)
        q.el(note, "noteLiteral", value, language=lang)

    def labels(self, uri: str) -> dict[str, str]:
        """A vocabulary concept's preferred labels in the alliance's languages (English or any if none)."""
        concept = self.project.vocabulary.concept(uri)
        return v.preferred_labels(concept.pref_labels, self.languages) if concept is not None else {}

    def concept(self, parent: "etree._Element", tag: str, uri: str, labels: dict[str, str]) -> None:
        e = q.el(parent, tag, uri=uri)
        self.texts(e, "skos:prefLabel", labels)

    def languages_of_content(self, parent: "etree._Element") -> None:
        uris = [u for u in (authority.language_uri(lang) for lang in self.languages) if u]
        for uri in dict.fromkeys(uris or [LANGUAGE_UNDETERMINED]):
            q.el(parent, "language", uri=uri)

    def credit(self, parent: "etree._Element", points: float) -> None:
        cp = q.el(parent, "creditPoint")
        q.el(cp, "framework", uri=ECVET)
        q.el(cp, "point", numbers.exact(points))

    def identifier(self, parent: "etree._Element", tag: str, notation: str, scheme: str | None = None,
                   spatial: str | None = None) -> None:
        e = q.el(parent, tag)
        q.el(e, "skos:notation", notation)
        if scheme is not None:
            q.el(e, "schemeName", scheme)
        if spatial is not None:
            q.el(e, "spatial", uri=spatial)

    def location(self, partner_id: str) -> str:
        return f"{self.uris.organisation(partner_id)}/location"

    # -- the document ----------------------------------------------------------------------------

    def build(self) -> "etree._Element":
        root = q.root("Courses", {"xsdVersion": XSD_VERSION}, **q.prefixes)
        opportunities = q.el(root, "learningOpportunityReferences")
        specs = q.el(root, "learningAchievementSpecificationReferences")
        outcomes = q.el(root, "learningOutcomeReferences")
        activities = q.element("learningActivitySpecificationReferences")
        assessments = q.element("learningAssessmentSpecificationReferences")
        entitlements = q.element("learningEntitlementSpecificationReferences")
        for prog in self.programmes:
            self.programme(specs, outcomes, entitlements, prog)
            self.opportunities(opportunities, prog)
        if not len(opportunities):
            root.remove(opportunities)
        sections = (specs, outcomes, activities, assessments)
        filled: set[str] = set()  # the sections that hold a part taken from the previous build
        for unit in self.units:
            if unit.id in self.kept:  # where its parts go (an empty one goes nowhere)
                for name, parent in zip(SECTIONS, sections):
                    if self.kept_texts[(unit.id, name)]:
                        parent.append(etree.Comment(f"part {unit.id} {name}"))
                        filled.add(name)
                continue
            for name, parent in zip(SECTIONS, sections):
                parent.append(etree.Comment(f"part {unit.id} {name}"))
            self.unit(*sections, unit)
            for name, parent in zip(SECTIONS, sections):
                parent.append(etree.Comment(f"/part {unit.id} {name}"))
        for name, section in (("activities", activities), ("assessments", assessments), ("", entitlements)):
            if name in filled or any(isinstance(child.tag, str) for child in section):
                root.append(section)
        partners = self.alliance.partners if self.alliance else []
        if partners:
            agents = q.el(root, "agentReferences")
            for partner in partners:
                self.organisation(agents, partner)
        if self.alliance is not None:
            groups = q.el(root, "groupReferences")
            group = q.el(groups, "group", id=self.uris.alliance(self.alliance.id))
            self.texts(group, "skos:prefLabel", self.alliance.name)
            self.notes(group, "additionalNote", self.alliance.description)
            for partner in partners:
                q.el(group, "member", idref=self.uris.organisation(partner.id))
        if partners:
            locations = q.el(root, "locationReferences")
            for partner in partners:
                location = q.el(locations, "location", id=self.location(partner.id))
                address = q.el(location, "address")
                q.el(address, "countryCode", uri=authority.country_uri(partner.country) or COUNTRY_UNKNOWN)
        return root

    def summary(self, parent: "etree._Element", texts: dict[str, str]) -> None:
        """The learning outcome summary: one Note, so one literal, in the default language."""
        if self.default in texts:
            self.note(parent, "learningOutcomeSummary", self.default, texts[self.default])

    def modes(self, parent: "etree._Element", modes: list[str]) -> None:
        for mode in modes:
            q.el(parent, "mode", uri=mode)

    def qualification(self, spec: "etree._Element", eqf_level: int, levels, partial: bool) -> None:
        q.el(spec, "isPartialQualification", "true" if partial else "false")
        q.el(spec, "EQFLevel", uri=authority.eqf_uri(eqf_level))
        for level in levels:
            q.el(spec, "NQFLevel", uri=level.uri)

    def programme(self, specs, outcomes, entitlements, prog: "Programme") -> None:
        node = self.uris.programme(prog.id)
        levels = quals.nqf_levels(prog)
        spec = q.el(specs, "qualification" if levels else "learningAchievementSpecification", id=node)
        self.texts(spec, "title", prog.title)
        self.texts(spec, "description", prog.description)
        if prog.nqf_level is not None:  # as written: the levels are the NQFLevel URIs
            self.note(spec, "additionalNote", self.default, prog.nqf_text,
                      subject=self.uris.concept("note-subject", quals.NQF_NOTE))
        units = [self.cur.units[uid] for uid in dict.fromkeys(prog.units) if uid in self.cur.units]
        self.summary(spec, quals.programme_summary(units, self.default))
        q.el(spec, "ISCEDFCode", uri=authority.isced_f_uri(prog.isced_f))
        hours = [u.hours for u in units if u.hours is not None]
        if hours:
            q.el(spec, "volumeOfLearning", numbers.hours_duration(sum(h.school + h.workplace for h in hours)))
        self.credit(spec, prog.ecvet_points)
        if not levels:
            q.el(spec, "educationLevel", uri=authority.eqf_uri(prog.eqf_level))
        self.languages_of_content(spec)
        self.modes(spec, quals.programme_modes(units))
        q.el(spec, "learningSetting", uri=quals.FORMAL)
        if prog.maximum_duration_months is not None:
            q.el(spec, "maximumDuration", f"P{prog.maximum_duration_months}M")
        outcome_ids = [self.uris.outcome(lo.id) for u in units for lo in u.learning_outcomes]
        if not outcome_ids:  # the schema requires one: a programme without units states itself
            outcome = q.el(outcomes, "learningOutcome", id=f"{node}/learning-outcome")
            self.texts(outcome, "title", prog.title)
            outcome_ids = [f"{node}/learning-outcome"]
        for lo in outcome_ids:
            q.el(spec, "learningOutcome", idref=lo)
        occupations = self.project.resolved.programme_occupations.get(prog.id, [])
        for n, occupation in enumerate(occupations, 1):
            ent_id = f"{node}/entitlement/{n}"
            q.el(spec, "entitlesTo", idref=ent_id)
            ent = q.el(entitlements, "learningEntitlementSpecification", id=ent_id)
            labels = self.labels(occupation)
            self.texts(ent, "title", labels or prog.title)
            q.el(ent, "type", uri=ENTITLEMENT_OCCUPATION)
            q.el(ent, "entitlementStatus", uri=ENTITLEMENT_PROSPECTIVE)
            self.concept(ent, "limitOccupation", occupation, labels)
            q.el(ent, "entitledBy", idref=node)
        for unit in units:
            # a qualification's parts are qualifications (the schema's keys): units that are not
            # partial qualifications say that they are part of it (isPartOf) instead
            if not levels or quals.partial_levels(unit, self.programmes_of.get(unit.id, [])):
                q.el(spec, "hasPart", idref=self.uris.unit(unit.id))
        for partner_id in prog.awarding_partners:
            awarding = q.el(spec, "awardingOpportunity")
            q.el(awarding, "awardingBody", idref=self.uris.organisation(partner_id))
            q.el(awarding, "location", idref=self.location(partner_id))
            q.el(awarding, "learningAchievementSpecification", idref=node)
        if levels:
            self.qualification(spec, prog.eqf_level, levels, partial=False)

    def opportunities(self, section, prog: "Programme") -> None:
        """The programme's nominal duration: a learning opportunity per awarding partner with a
        homepage (the register requires one), ``{programme}/learning-opportunity/N``."""
        node = self.uris.programme(prog.id)
        for n, partner_id in enumerate(prog.awarding_partners, 1):
            partner = self.alliance.partner(partner_id) if self.alliance else None
            if partner is None or not partner.url or not v.is_web_address(partner.url):
                continue
            opportunity = q.el(section, "learningOpportunity", id=f"{node}/learning-opportunity/{n}")
            self.texts(opportunity, "title", prog.title)
            homepage = q.el(opportunity, "homepage")
            q.el(homepage, "contentUrl", partner.url)
            q.el(opportunity, "duration", f"P{prog.duration_months}M")
            q.el(opportunity, "providedBy", idref=self.uris.organisation(partner_id))
            q.el(opportunity, "location", idref=self.location(partner_id))
            q.el(opportunity, "learningAchievementSpecification", idref=node)
            q.el(opportunity, "defaultLanguage", uri=authority.language_uri(self.default) or LANGUAGE_UNDETERMINED)

    def unit(self, specs, outcomes, activities, assessments, unit: "Unit") -> None:
        node = self.uris.unit(unit.id)
        programmes = self.programmes_of.get(unit.id, [])
        levels = quals.partial_levels(unit, programmes)
        spec = q.el(specs, "qualification" if levels else "learningAchievementSpecification", id=node)
        self.texts(spec, "title", unit.title)
        self.texts(spec, "description", unit.description)
        q.el(spec, "publisher", idref=self.uris.organisation(unit.owner))
        self.summary(spec, quals.unit_summary(unit, self.default))
        codes = sorted({authority.isced_f_uri(p.isced_f) for p in programmes})
        for uri in codes or [authority.isced_f_uri(None)]:
            q.el(spec, "ISCEDFCode", uri=uri)
        if unit.hours is not None:
            q.el(spec, "volumeOfLearning", numbers.hours_duration(unit.hours.school + unit.hours.workplace))
        self.credit(spec, unit.ecvet_points)
        if not levels:
            q.el(spec, "educationLevel", uri=authority.eqf_uri(unit.eqf_level))
        self.languages_of_content(spec)
        self.modes(spec, quals.unit_modes(unit))
        q.el(spec, "learningSetting", uri=quals.unit_setting(unit))
        prerequisites = list(dict.fromkeys(unit.prerequisites))
        if prerequisites:
            # one literal only: the default language, each unit by title and URI (as the ELM export)
            text = "; ".join(f"{self.cur.units[p].title.get(self.default)} <{self.uris.unit(p)}>"
                             for p in prerequisites)
            self.note(spec, "entryRequirement", self.default, text, subject=TOPIC_ENTRY_REQUIREMENTS)
        for lo in unit.learning_outcomes:
            q.el(spec, "learningOutcome", idref=self.uris.outcome(lo.id))
            outcome = q.el(outcomes, "learningOutcome", id=self.uris.outcome(lo.id))
            self.texts(outcome, "title", lo.statement)
            if lo.type in SKILL_TYPES:
                q.el(outcome, "type", uri=SKILL_TYPES[lo.type])
            self.notes(outcome, "additionalNote", lo.assessment, subject=TOPIC_ASSESSMENT)
            for skill in self.project.resolved.outcome_skills.get(lo.id, []):
                self.concept(outcome, "relatedESCOSkill", skill, self.labels(skill))
        if unit.hours is not None:
            for where, hours, mode in (("school", unit.hours.school, v.MODE_PRESENTIAL),
                                       ("workplace", unit.hours.workplace, v.MODE_WORKBASED)):
                act_id = f"{node}/learning-activity/{where}"
                q.el(spec, "influencedBy", idref=act_id)
                activity = q.el(activities, "learningActivitySpecification", id=act_id)
                self.texts(activity, "title", unit.title)
                q.el(activity, "volumeOfLearning", numbers.hours_duration(hours))
                q.el(activity, "mode", uri=mode)
                q.el(activity, "influences", idref=node)
        for n, method in enumerate(unit.teaching_methods, start=1):
            act_id = f"{node}/teaching-method/{n}"
            q.el(spec, "influencedBy", idref=act_id)
            activity = q.el(activities, "learningActivitySpecification", id=act_id)
            self.texts(activity, "title", method)
            self.modes(activity, quals.method_modes(method))
            q.el(activity, "influences", idref=node)
        for n, method in enumerate(unit.assessment_methods, start=1):
            spec_id = f"{node}/assessment-method/{n}"
            q.el(spec, "provenBy", idref=spec_id)
            assessment = q.el(assessments, "learningAssessmentSpecification", id=spec_id)
            self.texts(assessment, "title", method)
            q.el(assessment, "proves", idref=node)
        for prog in programmes:
            q.el(spec, "isPartOf", idref=self.uris.programme(prog.id))
        if levels:
            self.qualification(spec, unit.eqf_level, levels, partial=True)

    def organisation(self, agents, partner: "Partner") -> None:
        org = q.el(agents, "organisation", id=self.uris.organisation(partner.id))
        self.texts(org, "legalName", partner.name)
        kind = q.el(org, "type", uri=self.uris.concept(ORGANISATION_TYPE, partner.type))
        q.el(kind, "skos:prefLabel", ORGANISATION_TYPES[partner.type], language="en")
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
            homepage = q.el(org, "homepage")
            q.el(homepage, "contentUrl", partner.url)
        self.notes(org, "additionalNote", partner.description)
        q.el(org, "location", idref=self.location(partner.id))
