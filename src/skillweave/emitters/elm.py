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

from skillweave import parts

from collections.abc import Callable
from typing import TYPE_CHECKING

from skillweave.formats import elm as v
from skillweave.formats import jsonld as jsonld_writer
from skillweave.formats import numbers, rdf
from skillweave.formats import qualifications as quals
from skillweave.formats.elm import ADMS, DC, ELM, FOAF, SKOS, XSD, ElmTriples, Iri, Lit, Triple, _lit
from skillweave.formats.rdf import RDF_TYPE

if TYPE_CHECKING:  # pragma: no cover
    from skillweave.emitters import Options
    from skillweave.files import Pieces
    from skillweave.model import Project


#: the classes and properties of a learning outcome and the nodes below it (ElmGraph._outcome)
_LEARNING_OUTCOME, _NOTE, _IDENTIFIER = Iri(ELM + "LearningOutcome"), Iri(ELM + "Note"), Iri(ELM + "Identifier")
_TITLE, _TYPE, _SUBJECT, _SKILL = DC + "title", DC + "type", DC + "subject", ELM + "relatedESCOSkill"
_ADDITIONAL_NOTE, _NOTE_LITERAL, _IDENTIFIER_OF = ELM + "additionalNote", ELM + "noteLiteral", ADMS + "identifier"
_NOTATION, _SCHEME_NAME, _SCHEME_ID = SKOS + "notation", ELM + "schemeName", ELM + "schemeId"
#: the terms that _outcome_written writes, each made once per Turtle export
_WRITTEN_TERMS = (RDF_TYPE, _LEARNING_OUTCOME, _NOTE, _IDENTIFIER, _TITLE, _TYPE, _SUBJECT, _SKILL, _ADDITIONAL_NOTE,
                  _NOTE_LITERAL, _IDENTIFIER_OF, _NOTATION, _SCHEME_NAME, _SCHEME_ID)


class ElmGraph(ElmTriples):
    """The triples of a project's ELM export, built once, in blocks (see "the three syntaxes"
    below): ``rest``, the triples of no unit (the alliance, its partners, the programmes and every
    concept), and ``units``, each unit's (:data:`rdf.Index`: each block is written in order by
    subject)."""

    def __init__(self, project: "Project", kept: "dict[str, list[Triple]] | None" = None, record: bool = False,
                 built: "Callable[[str, rdf.Index], None] | None" = None, keep: bool = True,
                 terms: "rdf.Terms | None" = None) -> None:
        """``kept``: units whose own triples are not needed (their blocks are reused), with the
        triples of no unit that they add (concepts); ``record``: record, per unit built, the
        triples of no unit it adds, in ``contributions``; ``built(unit id, block)``: called as
        each unit's block is complete (the writer of one syntax writes it while it is fresh in
        the processor's caches); ``keep=False``: a unit's block is let go once ``built`` has
        taken it (not in ``units``); ``terms``: the blocks are for Turtle alone, with these terms
        (each learning outcome, its note and its position are written in N-Triples as they are
        made: :meth:`_outcome_written`)."""
        alliance = project.curriculum.alliance
        super().__init__(project.base_uri,
                         list(alliance.languages) if alliance else [project.default_language],
                         project.default_language)
        del self.triples  # kept by subject instead:
        self.rest: rdf.Index = {}
        self.units: dict[str, rdf.Index] = {}
        self.index = self.rest  # where add() writes: the block being built
        self.shared = self.rest  # where the concepts go (see _concept)
        self.project = project
        self.cur = project.curriculum
        self.kept = kept or {}
        self.record = record
        self.built = built
        self.terms = terms
        # the N-Triples text of the terms that _outcome_written writes, for Turtle alone
        self._predicate_texts = {p: terms.texts.get(p) or terms.iri_text(p) for p in _WRITTEN_TERMS} if terms else {}
        self.keep = keep
        self.contributions: dict[str, set[Triple]] = {}
        self._labels: dict[str, dict[str, str]] = {}  # vocabulary_labels, by concept
        self._summaries: dict[str, dict[str, str]] = {}  # _unit_summary, by unit
        self._build()

    def add(self, s: str, p: str, o: "Iri | Lit") -> None:
        preds = self.index.get(s)
        if preds is None:
            self.index[s] = {p: [o]}
            return
        objects = preds.get(p)
        if objects is None:
            preds[p] = [o]
        else:
            objects.append(o)  # (a triple added again is written once: rdf.order)

    def _concept(self, *args) -> Iri:
        """A concept's triples are no unit's: they go to ``shared`` whoever adds them."""
        block, self.index = self.index, self.shared
        try:
            return super()._concept(*args)
        finally:
            self.index = block

    def triples(self) -> set[Triple]:
        """The triples, as a set."""
        return rdf.flat(self.rest).union(*(rdf.flat(block) for block in self.units.values()))

    def _unit_summary(self, unit) -> dict[str, str]:
        """:func:`quals.unit_summary`, once per unit (its programmes' summaries take it too)."""
        found = self._summaries.get(unit.id)
        if found is None:
            found = self._summaries[unit.id] = quals.unit_summary(unit, self.default)
        return found

    def _esco_skill(self, uri: str) -> Iri:
        """:meth:`concept` of an ESCO skill (labelled as the vocabulary labels it), by its URI: the
        learning outcomes name tens of thousands, and the key of :meth:`concept` (its labels,
        sorted) is made once per skill, not once per outcome. Kept with the concepts written, so
        that it is forgotten with them."""
        key = ("esco skill", uri)
        found = self.concepts_written.get(key)
        if found is None:
            found = self.concepts_written[key] = self.concept(uri, v.ESCO_SKILLS, labels=self.vocabulary_labels(uri))
        return found

    def nqf(self, level) -> Iri:
        """A level of the QDR's list of national framework levels (:mod:`skillweave.formats.nqf`)."""
        return self.concept(level.uri, quals.NQF_SCHEME, labels={"en": level.label})

    def vocabulary_labels(self, uri: str) -> dict[str, str]:
        """The concept's preferred labels in the alliance's languages (English or any if none)."""
        found = self._labels.get(uri)
        if found is None:
            c = self.project.vocabulary.concept(uri)
            found = self._labels[uri] = v.preferred_labels(c.pref_labels, self.languages) if c is not None else {}
        return found

    # -- the export ----------------------------------------------------------------------------

    def _build(self) -> None:
        alliance = self.cur.alliance
        if alliance is not None:
            self._alliance()
        self.programmes_of = quals.programmes_of(self.cur)
        for prog in self.cur.programmes.values():
            self._programme(prog)
        # what a programme states about a unit (its position) is in the unit's block; the units
        # come after the programmes so that each unit's block is complete once the unit is built
        owner = _owner(self.project)
        for s in [s for s in self.rest if owner(s) is not None]:
            self.units.setdefault(owner(s), {})[s] = self.rest.pop(s)  # type: ignore[index]
        for uid, unit in self.cur.units.items():
            if uid in self.kept:
                for t in self.kept[uid]:
                    self.add(*t)
                continue
            self.index = block = self.units.setdefault(uid, {})
            if self.record:  # what the unit adds to the rest, concepts it shares with others included
                self.shared, self.concepts_written = {}, {}
            # a unit adds triples about itself, its outcomes and nodes below either, and concepts
            self._unit(unit, [p.id for p in self.programmes_of.get(uid, [])])
            if self.record:
                made, self.shared, self.concepts_written = self.shared, self.rest, {}
                self.contributions[uid] = rdf.flat(made)
                for s, preds in made.items():
                    known = self.rest.get(s)
                    if known is None:
                        self.rest[s] = preds
                        continue
                    for p, objects in preds.items():
                        if p in known:
                            known[p].extend(objects)
                        else:
                            known[p] = objects
            self.index = self.rest
            if self.built is not None:
                self.built(uid, block)
            if not self.keep:
                del self.units[uid]

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
            subject = self.own_concept(v.NOTE_SUBJECT, quals.NQF_NOTE, "NQF level as written")
            self.add(node, ELM + "additionalNote", self.note(f"{node}/nqf-level", {self.default: prog.nqf_text}, subject))
        if prog.maximum_duration_months is not None:  # only a declared maximum, never the nominal duration
            self.string(node, ELM + "maximumDuration", f"P{prog.maximum_duration_months}M", XSD + "duration")
        units = [self.cur.units[uid] for uid in dict.fromkeys(prog.units) if uid in self.cur.units]
        self._register(node, quals.programme_summary(units, self.default, self._unit_summary), quals.FORMAL,
                       quals.programme_modes(units))
        self._opportunities(node, prog)
        hours = [u.hours for u in units if u.hours is not None]
        if hours:
            total = sum(h.school + h.workplace for h in hours)
            self.string(node, ELM + "volumeOfLearning", numbers.hours_duration(total), XSD + "duration")
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
            if partner is None or not partner.url or not v.is_web_address(partner.url):
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
        self._register(node, self._unit_summary(unit), quals.unit_setting(unit), quals.unit_modes(unit))
        self.add(node, DC + "publisher", Iri(self.uris.organisation(unit.owner)))
        for pid in programmes:
            self.add(node, ELM + "isPartOf", Iri(self.uris.programme(pid)))
        if unit.prerequisites:
            self._prerequisites(node, unit)
        if unit.hours is not None:
            h = unit.hours
            self.string(node, ELM + "volumeOfLearning", numbers.hours_duration(h.school + h.workplace), XSD + "duration")
            for where, hours, mode in (("school", h.school, v.MODE_PRESENTIAL),
                                       ("workplace", h.workplace, v.MODE_WORKBASED)):
                act = self.typed(f"{node}/learning-activity/{where}", ELM + "LearningActivitySpecification")
                self.add(node, ELM + "influencedBy", Iri(act))
                self.add(act, ELM + "influences", Iri(node))
                self.text(act, DC + "title", unit.title)
                self.add(act, ELM + "mode", self.concept(mode, v.MODE_SCHEME))
                self.string(act, ELM + "volumeOfLearning", numbers.hours_duration(hours), XSD + "duration")
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
        position = _lit(Lit, (f"position in unit {unit.id}", "", ""))
        scheme = _lit(Lit, (node, "", XSD + "anyURI"))
        outcome = self._outcome
        if self.terms is not None:
            nodes = {f"{self.uris.outcome(lo.id)}{below}" for lo in unit.learning_outcomes
                     for below in ("", "/position", "/assessment")}
            if len(nodes) == 3 * len(unit.learning_outcomes) and nodes.isdisjoint(self.index):
                # each node written once: not where a unit lists an id twice (see _outcome), or
                # where one outcome's node would be another's
                outcome = self._outcome_written
        for n, lo in enumerate(unit.learning_outcomes, 1):
            lo_node = self.uris.outcome(lo.id)
            self.add(node, ELM + "learningOutcome", Iri(lo_node))
            if lo.type in v.SKILL_TYPES:
                kind = self.concept(v.SKILL_TYPES[lo.type], v.SKILL_TYPE_SCHEME)
            else:
                kind = self.own_concept("learning-outcome-type", lo.type, "competence (responsibility and autonomy)")
            skills = [self._esco_skill(skill) for skill in outcome_skills.get(lo.id, ())]
            note = None
            if lo.assessment is not None:
                note = (f"{lo_node}/assessment", lo.assessment.root,
                        self.own_concept(v.NOTE_SUBJECT, v.ASSESSMENT, "assessment"))
            outcome(lo_node, lo.statement, kind, skills, note, n, position, scheme)

    def _outcome(self, lo_node: str, statement, kind: Iri, skills: list[Iri], note: "tuple | None", n: int,
                 position: Lit, scheme: Lit) -> None:
        """A learning outcome, its assessment note and its position (``position``: the name of the
        scheme, ``scheme``: the unit's URI as a literal), each node's statements put in the index
        at once: :meth:`typed`, :meth:`text`, :meth:`note` and :meth:`position` through
        :meth:`add`, one call per triple, were a third of the export's Python work (the outcomes
        and the nodes below them are two thirds of the triples)."""
        index = self.index
        position_node = f"{lo_node}/position"
        if lo_node in index or position_node in index or (note is not None and note[0] in index):
            # (a node made already: only where a unit lists two outcomes with one id, an error that
            # check reports; outcomes of two units that share an id are each in its unit's block)
            self._outcome_by_helpers(lo_node, statement, kind, skills, note, n, position, scheme)
            return
        preds: dict[str, list] = {RDF_TYPE: [_LEARNING_OUTCOME]}
        if statement is not None and statement.root:
            preds[_TITLE] = [_lit(Lit, (value, lang, "")) for lang, value in sorted(statement.root.items())]
        preds[_TYPE] = [kind]
        if skills:
            preds[_SKILL] = skills
        if note is not None:
            node, texts, subject = note
            made = {RDF_TYPE: [_NOTE]}
            if texts:
                made[_NOTE_LITERAL] = [_lit(Lit, (value, lang, "")) for lang, value in sorted(texts.items())]
            made[_SUBJECT] = [subject]
            index[node] = made
            preds[_ADDITIONAL_NOTE] = [Iri(node)]
        index[position_node] = {RDF_TYPE: [_IDENTIFIER], _NOTATION: [_lit(Lit, (str(n), "", ""))],
                                _SCHEME_NAME: [position], _SCHEME_ID: [scheme]}
        preds[_IDENTIFIER_OF] = [Iri(position_node)]
        index[lo_node] = preds

    def _outcome_written(self, lo_node: str, statement, kind: Iri, skills: list[Iri], note: "tuple | None", n: int,
                         position: Lit, scheme: Lit) -> None:
        """:meth:`_outcome` for Turtle alone (``terms``): each of the three nodes written in
        N-Triples at once, in canonical order, into the index as :class:`rdf.Written` text. The
        nodes' shapes are fixed, so their order is too (rdf:type first, then the predicates by
        IRI, the IRIs of a predicate by IRI, its literals by value): no index of the nodes to
        make, walk and put in order (a test compares the text with what the index would give).
        Only for a unit whose outcomes' nodes are all new and distinct (see :meth:`_unit`)."""
        index = self.index
        position_node = f"{lo_node}/position"
        t = self.terms
        texts, iri, literal = t.texts, t.iri_text, t.literal_text
        w = self._predicate_texts
        lo = texts.get(lo_node) or iri(lo_node)
        pos = iri(position_node)
        lines = [f"{lo} {w[RDF_TYPE]} {w[_LEARNING_OUTCOME]} .\n"]
        if note is not None:  # elm:additionalNote
            node, notes, subject = note
            note_text = iri(node)
            lines.append(f"{lo} {w[_ADDITIONAL_NOTE]} {note_text} .\n")
        if skills:  # elm:relatedESCOSkill
            p = w[_SKILL]
            for skill in sorted(set(skills)) if len(skills) > 1 else skills:
                lines.append(f"{lo} {p} {texts.get(skill) or iri(skill)} .\n")
        if statement is not None and statement.root:  # dc:title
            p = w[_TITLE]
            for value, lang in sorted((value, lang) for lang, value in statement.root.items()):
                lines.append(f"{lo} {p} {literal(value, lang)} .\n")
        lines.append(f"{lo} {w[_TYPE]} {texts.get(kind) or iri(kind)} .\n")  # dc:type
        lines.append(f"{lo} {w[_IDENTIFIER_OF]} {pos} .\n")  # adms:identifier
        index[lo_node] = rdf.Written("".join(lines))
        if note is not None:
            lines = [f"{note_text} {w[RDF_TYPE]} {w[_NOTE]} .\n"]
            p = w[_NOTE_LITERAL]
            for value, lang in sorted((value, lang) for lang, value in notes.items()):
                lines.append(f"{note_text} {p} {literal(value, lang)} .\n")
            lines.append(f"{note_text} {w[_SUBJECT]} {texts.get(subject) or iri(subject)} .\n")  # dc:subject
            index[node] = rdf.Written("".join(lines))
        index[position_node] = rdf.Written(
            f"{pos} {w[RDF_TYPE]} {w[_IDENTIFIER]} .\n"
            f"{pos} {w[_SCHEME_ID]} {literal(*scheme)} .\n"
            f"{pos} {w[_SCHEME_NAME]} {literal(*position)} .\n"
            f"{pos} {w[_NOTATION]} \"{n}\" .\n")

    def _outcome_by_helpers(self, lo_node: str, statement, kind: Iri, skills: list[Iri], note: "tuple | None", n: int,
                            position: Lit, scheme: Lit) -> None:
        """:meth:`_outcome` through the helpers, triple by triple (the same triples: a test compares them)."""
        self.typed(lo_node, ELM + "LearningOutcome")
        self.text(lo_node, DC + "title", statement)
        self.add(lo_node, DC + "type", kind)
        for skill in skills:
            self.add(lo_node, ELM + "relatedESCOSkill", skill)
        if note is not None:
            self.add(lo_node, ELM + "additionalNote", self.note(*note))
        self.add(lo_node, ADMS + "identifier", self.position(f"{lo_node}/position", n, position.value, scheme.value))

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


# --- the three syntaxes ------------------------------------------------------------------------
#
# Each syntax is written in blocks: first the triples that belong to no unit (the alliance, its
# partners, the programmes and every concept), then one block per unit, in unit id order, with
# the triples whose subject is the unit, one of its learning outcomes or a node below either. Each
# block is in canonical order (formats/rdf.py). A unit's block is one of its parts
# (skillweave.parts): a build after an edit writes the blocks of unchanged units as the previous
# build wrote them.

def triples(project: "Project") -> set[Triple]:
    """The ELM triples of the project, built once for all three syntaxes (hundreds of thousands of
    new containers, none in a cycle: the garbage collector is paused meanwhile)."""
    def build() -> set[Triple]:
        with rdf.collector_paused():
            return ElmGraph(project).triples()

    return project.memo("elm-triples", build)


#: the three syntaxes (their unit blocks are reused together)
SYNTAXES = ("elm-turtle", "elm-jsonld", "elm-rdfxml")


def _owner(project: "Project") -> "Callable[[str], str | None]":
    """subject -> the unit whose block it is in, or None."""
    cur = project.curriculum
    uris = v.Uris(project.base_uri)
    base = uris.base
    roots = {uris.unit(uid): uid for uid in cur.units}
    roots.update({uris.outcome(lo.id): uid for uid, unit in cur.units.items() for lo in unit.learning_outcomes})
    found: dict[str, str | None] = {}

    def owner(subject: str) -> str | None:
        if subject in found:
            return found[subject]
        uid = None
        if subject.startswith(base):
            kind, _, rest = subject[len(base):].partition("/")
            uid = roots.get(f"{base}{kind}/{rest.partition('/')[0]}")
        found[subject] = uid
        return uid

    return owner


def _encode(ts: "set[Triple]") -> list[list]:
    return sorted([s, p, 0, str(o)] if isinstance(o, Iri) else [s, p, 1, o.value, o.lang, o.datatype] for s, p, o in ts)


def _decode(rows: object) -> "list[Triple] | None":
    try:
        return [(r[0], r[1], Iri(r[3]) if r[2] == 0 else Lit(r[3], r[4], r[5])) for r in rows]  # type: ignore[union-attr]
    except (TypeError, IndexError, KeyError):
        return None


#: the name and key under which the table of the triples that units add is remembered (not a unit id)
_TABLE, _TABLE_KEY = "#added", "1"


def blocks(project: "Project", built: "Callable[[str, rdf.Index], None] | None" = None
           ) -> tuple[rdf.Index, dict[str, rdf.Index]]:
    """The triples of no unit, and those of each unit (see above) whose block is not taken from
    the previous build (:mod:`skillweave.parts`): a unit whose blocks in all three syntaxes and
    whose concepts are there is not built again. Built once per project; ``built``: see
    :class:`ElmGraph` (called only when the blocks are built, not when they were already)."""
    def split() -> tuple[rdf.Index, dict[str, rdf.Index]]:
        found = parts.of(project)
        kept: dict[str, list[Triple]] = {}
        # the triples each unit adds to the rest block are remembered as indexes into one table
        # (units share most of them: 91,000 rows over 2,600 distinct ones at 1,000 units)
        table = _decode(found.remembered(SYNTAXES[0], _TABLE, _TABLE_KEY)) if found.keys else None
        for uid in project.curriculum.units if table is not None else ():
            key = found.keys.get(uid)
            rows = found.remembered(SYNTAXES[0], uid, key) if key else None
            if (isinstance(rows, list) and all(type(i) is int and 0 <= i < len(table) for i in rows)
                    and all(found.previous_part(e, "", uid, key) is not None for e in SYNTAXES)):
                kept[uid] = [table[i] for i in rows]
        with rdf.collector_paused():
            graph = ElmGraph(project, kept, record=bool(found.keys), built=built)
        added = {**graph.contributions, **{uid: set(concepts) for uid, concepts in kept.items()}}
        index: dict[tuple, int] = {}
        for uid in sorted(added):
            rows = [index.setdefault(tuple(row), len(index)) for row in _encode(added[uid])]
            found.remember(SYNTAXES[0], uid, found.keys[uid], rows)
        found.remember(SYNTAXES[0], _TABLE, _TABLE_KEY, [list(row) for row in index])
        return graph.rest, graph.units  # (each block is put in order when written)

    return project.memo("elm-blocks", split)


def _write(project: "Project", export: str, head: str, write_block, tail: str, separator: str = "",
           terms: "rdf.Terms | None" = None) -> str:
    """The export assembled from its blocks: ``head``, the block of no unit, each unit's block
    (a part of the unit), ``tail``; non-empty blocks joined by ``separator``. The syntax that
    builds the blocks writes each unit's block as soon as it is built, while its triples are
    still in the processor's caches (a tenth faster than writing them all afterwards). ``terms``:
    Turtle's (see :class:`ElmGraph`), for the blocks that this syntax alone writes."""
    assembler = parts.of(project).assemble(export)
    written: dict[str, "str | memoryview"] = {}

    def fresh(uid: str, block: rdf.Index) -> None:
        written[uid] = write_block(block)

    # the collector paused while the triples are made, split and written, not step by step:
    # between steps it walked every triple made so far again (none of this makes a cycle); in a
    # command, what is alive is frozen at the end (collector.paused)
    with rdf.collector_paused(freeze=True):
        found = parts.of(project)
        if found.once and not found.keys:
            # the only output of this project (export): each unit's block is let go once written
            # (memory stays flat, and the next unit's triples reuse it), none is kept for another
            # syntax
            with rdf.collector_paused():
                graph = ElmGraph(project, built=fresh, keep=False, terms=terms)
            rest, units = graph.rest, graph.units
        else:
            rest, units = blocks(project, fresh)
        assembler.add(head)
        first = write_block(rest)
        assembler.add(first)
        joined = bool(first)
        for uid in sorted(project.curriculum.units):
            if joined:
                assembler.add(separator)
            if uid in written:
                assembler.unit(uid, lambda done=written.pop(uid): done)
            else:
                assembler.unit(uid, (lambda uid=uid: write_block(units[uid])) if uid in units else _unavailable)
            joined = True
        assembler.add(tail)
        return assembler.text()


def _unavailable() -> str:
    raise RuntimeError("a unit block found in the previous build is gone")  # pragma: no cover


def _between(text: str, start: str, end: str) -> str:
    """The text after the first ``start`` and before the last ``end``."""
    i = text.index(start) + len(start)
    return text[i:text.rindex(end)]


def turtle(project: "Project", options: "Options | None" = None) -> "str | Pieces":
    empty = rdf.turtle([], v.PREFIXES)
    terms = rdf.Terms()  # shared by the blocks: each IRI made once

    def block(ts: rdf.Index) -> "memoryview | str":
        # UTF-8 as Oxigraph wrote it: never decoded when the output is bytes (a build, export)
        return rdf.turtle_statements(ts, v.PREFIXES, terms) if ts else ""

    return _write(project, "elm-turtle", empty, block, "", terms=terms)


def jsonld(project: "Project", options: "Options | None" = None) -> str:
    """JSON-LD with its context embedded: one ``@graph`` of node objects, block after block."""
    def text(ts: rdf.Index) -> str:
        return jsonld_writer.dumps(jsonld_writer.graph(rdf.order(ts, v.PREFIXES), v.PREFIXES))

    whole = text({"urn:x": {rdf.RDF_TYPE: [Iri("urn:y")]}})  # where the nodes go, and how they are joined
    opening, closing = whole.split('"@graph": [', 1)[0] + '"@graph": [', whole[whole.rindex("]"):]
    node = _between(whole, '"@graph": [', closing)
    indent = node[:len(node) - len(node.lstrip())]
    trailing = node[len(node.rstrip()):]

    def block(ts: rdf.Index) -> str:
        return _between(text(ts), '"@graph": [', closing).strip() if ts else ""

    return _write(project, "elm-jsonld", opening + indent, block, trailing + closing, separator="," + indent)


def rdfxml(project: "Project", options: "Options | None" = None) -> str:
    whole = rdf.rdfxml([], v.PREFIXES)
    close = whole.rindex("</rdf:RDF>")
    head, tail = whole[:close], whole[close:]

    terms = rdf.Terms()

    def block(ts: rdf.Index) -> str:
        out = rdf.rdfxml(rdf.order(ts, v.PREFIXES), v.PREFIXES, terms)
        return out[len(head):out.rindex("</rdf:RDF>")] if ts else ""

    return _write(project, "elm-rdfxml", head, block, tail)
