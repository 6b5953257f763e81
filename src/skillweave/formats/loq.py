"""LOQ XML, the upload format of the EU's Qualification Dataset Register (``loq.xsd`` v3.1.0, the
European Learning Model's LOQ application profile as XML): the names that the export
(:mod:`skillweave.emitters.loq`) writes and the import (:mod:`skillweave.importers.loq`) reads.

How the workspace maps onto LOQ (the export writes it, the import reads it back):

====================================  ===========================================================
skillweave                            LOQ XML
====================================  ===========================================================
programme                             ``qualification`` (``isPartialQualification`` false) when
                                      ``nqf_level`` names a level of the QDR's list, else
                                      ``learningAchievementSpecification``
unit                                  a partial ``qualification`` when at the EQF level of all its
                                      programmes, all qualifications (and then ``hasPart`` of
                                      them), else ``learningAchievementSpecification``;
                                      ``isPartOf`` its programmes, in the order of their outcomes
title, description, statement         ``title`` / ``description`` / the outcome's ``title``, one
                                      element per language
eqf_level                             ``EQFLevel`` ``http://data.europa.eu/snb/eqf/N`` (a
                                      specification: ``educationLevel``)
nqf_level                             ``NQFLevel`` per level of the QDR's list
                                      (:mod:`skillweave.formats.nqf`); the text as written in an
                                      ``additionalNote`` on ``{base}concept/note-subject/nqf-level``
isced_f                               ``ISCEDFCode``; a unit has its programmes' codes; none, or a
                                      code not in ISCED-F 2013, gives 99 (field unknown): the
                                      element is required
ecvet_points                          ``creditPoint`` in the ECVET framework
duration_months                       ``duration`` ``PnM`` of a ``learningOpportunity`` per
                                      awarding partner with an http(s) ``url`` (its provider)
maximum_duration_months               ``maximumDuration`` ``PnM``, only when declared
occupations                           ``entitlesTo`` a ``learningEntitlementSpecification`` per
                                      occupation: type occupation, status prospective,
                                      ``limitOccupation`` with the vocabulary's labels
awarding_partners                     an ``awardingOpportunity`` per partner (body and location)
units                                 ``hasPart`` (see unit); the programme's ``learningOutcome`` are its
                                      units' outcomes (the schema requires one: a programme
                                      without units gets ``{programme}/learning-outcome``)
owner                                 ``publisher``
prerequisites                         ``entryRequirement``: "Title <unit URI>; ..." in the
                                      default language (a Note holds one literal)
hours                                 ``volumeOfLearning`` (school + workplace) and a
                                      ``learningActivitySpecification`` per part (mode presential
                                      for school, work-based for the workplace)
teaching_methods                      a ``learningActivitySpecification`` each, with the ``mode``
                                      it names (:mod:`skillweave.formats.qualifications`)
(derived)                             ``learningOutcomeSummary`` (default language),
                                      ``learningSetting``, ``mode``
assessment_methods                    a ``learningAssessmentSpecification`` each (``provenBy``)
learning outcome                      ``learningOutcome``: ``type`` knowledge or skill (the list
                                      has no competence: a competence outcome has no type),
                                      ``relatedESCOSkill`` per resolved ESCO skill, the assessment
                                      as ``additionalNote`` on the QDR topic "assessment"
partner                               ``organisation``: ``legalName``, ``type``
                                      (``{base}concept/organisation-type/{type}``), ``identifier``
                                      (pic, erasmus, other keys; the key is the ``schemeName``),
                                      ``registration`` (legal), ``vatIdentifier`` (vat),
                                      ``homepage`` (url), ``additionalNote`` (description), a
                                      ``location`` with the country
alliance                              ``group`` ``{base}alliance/{id}`` with every partner as
                                      ``member``; the alliance's languages are every
                                      specification's ``language`` (default language first)
====================================  ===========================================================

Not in LOQ, so not exported: units' contributors, status and approvals; the alliance's sector and
approval rule; national qualifications; learner data (never).
"""

from __future__ import annotations

from skillweave.formats import authority
from skillweave.formats.elm import DC, SKOS
from skillweave.formats.xml import Namespace

LOQ = "http://data.europa.eu/snb/model/ap/loq-constraints/"
PREFIXES = {"skos": SKOS, "dc": DC}
#: the elements of a LOQ document: ``q("title")``, ``q("skos:notation")``, ``q.el(parent, ...)``
q = Namespace(LOQ, PREFIXES)
XSD_VERSION = "3.1.0"

#: the QDR's topics of notes (``SubjectTypeCodeEnumType`` in loq.xsd)
TOPIC_ASSESSMENT = "http://data.europa.eu/snb/qualification-topics#assessment"
TOPIC_ENTRY_REQUIREMENTS = "http://data.europa.eu/snb/qualification-topics#entry-requirements"
#: the schema has no "unknown country"; the authority table's placeholder keeps the file valid
COUNTRY_UNKNOWN = authority.COUNTRY_AUTHORITY + "OP_DATPRO"
LANGUAGE_UNDETERMINED = authority.LANGUAGE_AUTHORITY + "UND"

