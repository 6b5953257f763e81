"""EMREX ELMO XML transcripts (schema v1, ``https://github.com/emrex-eu/elmo-schemas/tree/v1``).

One file per learner, ``LEARNER.xml``:

* ``learner``: the learner id (identifier type ``local``), given names, family name, birth date.
  Nothing else (no gender, no e-mail): the transcript needs no more to identify the learner.
* one ``report`` per institution that assessed units, because ELMO's issuer is "the institution
  at which the student has studied in order to achieve the credits" and data from several
  institutions MUST go into separate reports. The home partner's report comes first, always;
  units assessed by a host during a mobility are credited to the host in the host's report.
* in every report the units hang under the learner's programme (a ``learningOpportunitySpecification``
  of type ``Degree Programme`` with the learner's enrolment as its instance), each unit a
  ``Course`` in a ``hasPart``. The home report also lists, under the programme, every unit
  achieved abroad that the home partner has *recognised* (``recognised_on``), as the schema's
  example shows a recognised external course under the home programme: the title names the host,
  the instance carries the host's grade on the host's scale, and the description says who
  assessed it and when the home partner recognised it. A unit awaiting recognition is only in the
  host's report.
* the issuer: country, identifiers of the kinds ELMO names (``pic``, ``erasmus``, ``schac``: the
  ``schac`` identifier of alliance.yaml, else the domain of the partner's URL, as ELMO advises),
  then ``legal``, ``vat`` and local ones; the partner id as type ``local`` when it has none), its
  name in every language of the transcript, its URL (else its URI under the alliance's base URI).
* a unit: identifiers (``local`` unit id, ``uri``), titles, ISCED-F field of the programme, the
  achieved learning outcomes as plain text per language; its instance: the mobility start
  (mobility units), the assessment date, status ``passed``, ``gradingSchemeLocalId`` (the
  assessing partner's scheme id) and the grade as ``resultLabel``, the credit (scheme ``ecvet``,
  the unit's points), the EQF level, ``languageOfInstruction`` (the first of the unit's
  languages of instruction that is official in the assessing institution's country, or its only
  one; left out when it cannot be told) and ``engagementHours`` (the unit's school and workplace
  hours). An ``extension`` in skillweave's namespace names the learning outcomes by URI and, for
  a mobility unit, the mobility (home, host, period, the recognition date when there is one).
* each report ends with a ``gradingScheme`` for every scheme its results use, described in every
  language of the transcript (title, scale, pass mark, description).

``generatedDate`` and ``issueDate`` are the transcript's records date at midnight UTC, so the same
records give the same bytes. Unsigned: signing is the issuing institution's step.
"""

from __future__ import annotations

from copy import deepcopy
from urllib.parse import urlsplit

from lxml import etree

from skillweave.analyses.transcripts import AchievedUnit, Transcript
from skillweave.emitters.document_html import identifiers
from skillweave.emitters.fragments import FragmentCache
from skillweave.formats import grading, numbers
from skillweave.formats.authority import primary_language
from skillweave.formats.strings import strings
from skillweave.formats.xml import XML_LANG, Namespace, serialise
from skillweave.model import GradingScheme, Partner

NS = "https://github.com/emrex-eu/elmo-schemas/tree/v1"
SW = "urn:skillweave:elmo-extension:1"
E = Namespace(NS)
_SW = f"{{{SW}}}"
_CACHE = FragmentCache()
#: the issuer identifier types that ELMO defines, in its order
ELMO_IDENTIFIERS = ("pic", "erasmus", "schac")


def issuer_identifiers(partner: Partner) -> list[tuple[str, str]]:
    """(type, value) of a partner's identifiers for ELMO: ``pic``, ``erasmus``, ``schac`` first
    (``schac`` from alliance.yaml, else the host name of its URL without ``www.``), then the others."""
    ids = identifiers(partner)
    out = [(s, v) for s, v in ids if s in ELMO_IDENTIFIERS]
    if "schac" not in partner.identifiers and partner.url:
        host = (urlsplit(partner.url).hostname or "").lower()
        if host:
            out.append(("schac", host.removeprefix("www.")))
    out.sort(key=lambda sv: ELMO_IDENTIFIERS.index(sv[0]))
    return out + [(s, v) for s, v in ids if s not in ELMO_IDENTIFIERS]


def _issuer(partner: Partner, t: Transcript) -> etree._Element:
    issuer = E.element("issuer")
    E.el(issuer, "country", partner.country)
    ids = issuer_identifiers(partner)
    for scheme, value in ids:
        E.el(issuer, "identifier", value, type=scheme)
    if not ids:
        E.el(issuer, "identifier", partner.id, type="local")
    E.texts(issuer, "title", partner.name, t.languages)
    E.el(issuer, "url", partner.url or f"{t.base_uri}organisation/{partner.id}")
    return issuer


def outcomes_text(u: AchievedUnit, lang: str, default: str) -> str:
    """The learning outcomes achieved as plain text in ``lang``: a heading and one line per outcome."""
    heading = strings(lang)["outcomes_achieved"]
    return heading + ":\n" + "\n".join(f"- {lo.statement.get(lang, default)}" for lo in u.outcomes)


def recognition_text(u: AchievedUnit, t: Transcript, lang: str) -> str:
    """"Assessed by HOST during mobility M; recognised by HOME on DATE." (or awaiting recognition)."""
    s, default = strings(lang), t.languages[0]
    assert u.mobility is not None
    names = dict(host=u.assessed_by.name.get(lang, default), mobility=u.mobility.mobility_id,
                 home=t.home.name.get(lang, default))
    if u.recognised_on is not None:
        return s["recognised"].format(date=u.recognised_on.isoformat(), **names)
    return s["awaiting_recognition"].format(**names)


def _unit(u: AchievedUnit, t: Transcript, recognised: bool) -> etree._Element:
    """The parts of a unit's specification that every learner with the same outcomes, assessed by
    the same partner, shares. The instance holds status, credit, level, language, hours and the
    extension, in the schema's order; :func:`_achieved` adds the learner's result."""
    unit = u.unit
    default = t.languages[0]
    los = E.element("learningOpportunitySpecification")
    E.el(los, "identifier", unit.id, type="local")
    E.el(los, "identifier", f"{t.base_uri}unit/{unit.id}", type="uri")
    # a recognised external result names its institution, as in the schema's example
    E.texts(los, "title", unit.title, t.languages,
            (lambda lang: f" ({u.assessed_by.name.get(lang, default)})") if recognised else None)
    E.el(los, "type", "Course")
    if t.programme.isced_f:
        E.el(los, "iscedCode", t.programme.isced_f)
    for lang in t.languages:
        E.el(los, "description", outcomes_text(u, lang, default), **{XML_LANG: lang})
    loi = E.el(E.el(los, "specifies"), "learningOpportunityInstance")
    E.el(loi, "status", "passed")
    credit = E.el(loi, "credit")
    E.el(credit, "scheme", "ecvet")
    E.el(credit, "value", numbers.exact(unit.ecvet_points))
    level = E.el(loi, "level")
    E.el(level, "type", "EQF")
    E.el(level, "value", str(unit.eqf_level))
    language = primary_language(unit.languages_of_instruction, u.assessed_by.country)
    if language:
        E.el(loi, "languageOfInstruction", language)
    if unit.hours_total is not None:
        E.el(loi, "engagementHours", numbers.exact(unit.hours_total))
    achieved = etree.SubElement(E.el(loi, "extension"), _SW + "achievement", nsmap={"sw": SW})
    for lo in u.outcomes:
        etree.SubElement(achieved, _SW + "learningOutcome", id=lo.id, uri=f"{t.base_uri}learning-outcome/{lo.id}")
    return los


def _achieved(u: AchievedUnit, t: Transcript, recognised: bool = False) -> etree._Element:
    """A unit's specification with this learner's result; ``recognised``: as the home report lists
    a unit achieved abroad and recognised."""
    shared = _CACHE.get((u.unit, t.programme, u.assessed_by),
                        ("unit", tuple(lo.id for lo in u.outcomes), t.languages, t.base_uri, recognised),
                        lambda: _unit(u, t, recognised))
    los = deepcopy(shared)
    loi = los.find(f"{E('specifies')}/{E('learningOpportunityInstance')}")
    status = loi.find(E("status"))
    head = []
    if u.mobility is not None:
        head.append(("start", u.mobility.start.isoformat()))
    head.append(("date", u.result.date.isoformat()))
    for i, (tag, text) in enumerate(head):
        e = E.element(tag)
        e.text = text
        loi.insert(i, e)
    after = loi.index(status) + 1
    if u.result.grade:
        if u.scheme_id:
            scheme = E.element("gradingSchemeLocalId")
            scheme.text = u.scheme_id
            loi.insert(after, scheme)
            after += 1
        label = E.element("resultLabel")
        label.text = u.result.grade
        loi.insert(after, label)
    if u.mobility is not None:
        m = u.mobility
        attrib = dict(id=m.mobility_id, home=m.home_partner, host=m.host_partner, start=m.start.isoformat(),
                      end=m.end.isoformat())
        if m.recognised_on is not None:
            attrib["recognisedOn"] = m.recognised_on.isoformat()
        achievement = loi.find(f"{E('extension')}/{_SW}achievement")
        etree.SubElement(achievement, _SW + "mobility", attrib)
        if recognised:
            for description in los.findall(E("description")):
                description.text += "\n\n" + recognition_text(u, t, description.get(XML_LANG))
    return los


def _programme(t: Transcript) -> etree._Element:
    """The learner's programme: a ``Degree Programme`` whose instance is the learner's enrolment
    (``passed`` when completed, ``failed`` when the learner left, else ``in-progress``). No credit:
    the units carry it, and ELMO forbids counting credits twice along a branch."""
    prog, learner = t.programme, t.learner
    los = deepcopy(_CACHE.get((prog,), ("programme", t.languages, t.base_uri), lambda: _programme_head(t)))
    loi = E.el(E.el(los, "specifies"), "learningOpportunityInstance")
    E.el(loi, "start", learner.enrolled_on.isoformat())
    end = learner.completed_on or learner.left_on
    if end is not None:
        E.el(loi, "date", end.isoformat())
    E.el(loi, "status", "passed" if learner.completed_on else "failed" if learner.left_on else "in-progress")
    level = E.el(loi, "level")
    E.el(level, "type", "EQF")
    E.el(level, "value", str(prog.eqf_level))
    for nqf in prog.nqf_levels():
        level = E.el(loi, "level")
        E.el(level, "type", "NQF")
        E.el(level, "value", nqf)
    return los


def _programme_head(t: Transcript) -> etree._Element:
    """What the programme's specification says whoever the learner is."""
    prog = t.programme
    los = E.element("learningOpportunitySpecification")
    E.el(los, "identifier", prog.id, type="local")
    E.el(los, "identifier", f"{t.base_uri}programme/{prog.id}", type="uri")
    E.texts(los, "title", prog.title, t.languages)
    E.el(los, "type", "Degree Programme")
    if prog.isced_f:
        E.el(los, "iscedCode", prog.isced_f)
    return los


def _grading_scheme(scheme_id: str, scheme: GradingScheme, t: Transcript) -> etree._Element:
    e = E.element("gradingScheme", localId=scheme_id)
    for lang in t.languages:
        E.el(e, "description", grading.summary(scheme, lang, t.languages[0]), **{XML_LANG: lang})
    return e


def _report(t: Transcript, partner: Partner, programme: etree._Element, entries: list[tuple[AchievedUnit, bool]],
            stamp: str) -> etree._Element:
    report = E.element("report")
    report.append(deepcopy(_CACHE.get((partner,), ("issuer", t.languages, t.base_uri), lambda: _issuer(partner, t))))
    programme = deepcopy(programme)
    report.append(programme)
    schemes: dict[str, GradingScheme] = {}
    for u, recognised in entries:
        E.el(programme, "hasPart").append(_achieved(u, t, recognised))
        if u.result.grade and u.scheme_id and u.scheme is not None:
            schemes[u.scheme_id] = u.scheme
    E.el(report, "issueDate", stamp)
    for sid in sorted(schemes):
        report.append(deepcopy(_CACHE.get((schemes[sid], t.alliance), ("scheme", sid, t.languages),
                                          lambda: _grading_scheme(sid, schemes[sid], t))))
    return report


def build(t: Transcript) -> etree._Element:
    """The ``elmo`` element of one transcript."""
    stamp = f"{t.issued.isoformat()}T00:00:00Z"
    root = E.root("elmo")
    E.el(root, "generatedDate", stamp)
    learner = E.el(root, "learner")
    E.el(learner, "identifier", t.learner.learner_id, type="local")
    E.el(learner, "givenNames", t.learner.given_names)
    E.el(learner, "familyName", t.learner.family_name)
    E.el(learner, "bday", t.learner.date_of_birth.isoformat())
    recognised = set(map(id, t.recognised()))
    programme = _programme(t)
    for partner, units in t.by_institution():
        if partner.id == t.home.id:
            # the home report: its own units and the recognised ones, in programme order
            entries = [(u, id(u) in recognised) for u in t.units if u.assessed_by.id == t.home.id or id(u) in recognised]
        else:
            entries = [(u, False) for u in units]
        root.append(_report(t, partner, programme, entries, stamp))
    return root


def render(t: Transcript) -> dict[str, bytes]:
    return {f"{t.learner_id}.xml": serialise(build(t))}
