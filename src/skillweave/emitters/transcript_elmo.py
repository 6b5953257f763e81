"""EMREX ELMO XML transcripts (schema v1, ``https://github.com/emrex-eu/elmo-schemas/tree/v1``).

One file per learner, ``LEARNER.xml``:

* ``learner``: the learner id (identifier type ``local``), given names, family name, birth date.
  Nothing else (no gender, no e-mail): the transcript needs no more to identify the learner.
* one ``report`` per institution that assessed units, because ELMO's issuer is "the institution
  at which the student has studied in order to achieve the credits" and data from several
  institutions MUST go into separate reports. The home partner's report comes first, always
  (empty when every unit was assessed abroad: ELMO allows that); units assessed by a host during
  a mobility are credited to the host in the host's report.
* the issuer: country, the partner's identifiers from alliance.yaml (``pic``, ``erasmus``,
  ``legal``, ``vat`` and local ones; the partner id as type ``local`` when it has none), its name
  in every language of the transcript, its URL (else its URI under the alliance's base URI).
* a ``learningOpportunitySpecification`` of type ``Course`` per unit: identifiers (``local`` unit
  id, ``uri``), titles, ISCED-F field of the programme, the achieved learning outcomes as a plain
  text description per language, and ``specifies/learningOpportunityInstance`` with the mobility
  start (mobility units), the assessment date, status ``passed``, the grade as ``resultLabel``,
  the credit (scheme ``ecvet``, the unit's points) and the EQF level. An ``extension`` in
  skillweave's namespace names the learning outcomes by URI and, for a mobility unit, the
  mobility with its home (which validates and recognises) and host (which assessed).

``generatedDate`` and ``issueDate`` are the transcript's records date at midnight UTC, so the same
records give the same bytes. Unsigned: signing is the issuing institution's step.
"""

from __future__ import annotations

from copy import deepcopy

from lxml import etree

from skillweave.analyses.transcripts import AchievedUnit, Transcript
from skillweave.emitters.document_html import identifiers
from skillweave.emitters.fragments import FragmentCache
from skillweave.formats import numbers
from skillweave.formats.strings import strings
from skillweave.formats.xml import XML_LANG, Namespace, serialise
from skillweave.model import Partner

NS = "https://github.com/emrex-eu/elmo-schemas/tree/v1"
SW = "urn:skillweave:elmo-extension:1"
E = Namespace(NS)
_SW = f"{{{SW}}}"
_CACHE = FragmentCache()


def _issuer(partner: Partner, t: Transcript) -> etree._Element:
    issuer = E.element("issuer")
    E.el(issuer, "country", partner.country)
    ids = identifiers(partner)
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


def _unit(u: AchievedUnit, t: Transcript) -> etree._Element:
    """The parts of a unit's specification that every learner with the same outcomes shares; the
    instance holds date, status, credit, level and extension, in this order."""
    unit = u.unit
    default = t.languages[0]
    los = E.element("learningOpportunitySpecification")
    E.el(los, "identifier", unit.id, type="local")
    E.el(los, "identifier", f"{t.base_uri}unit/{unit.id}", type="uri")
    E.texts(los, "title", unit.title, t.languages)
    E.el(los, "type", "Course")
    if t.programme.isced_f:
        E.el(los, "iscedCode", t.programme.isced_f)
    for lang in t.languages:
        E.el(los, "description", outcomes_text(u, lang, default), **{XML_LANG: lang})
    loi = E.el(E.el(los, "specifies"), "learningOpportunityInstance")
    E.el(loi, "date")
    E.el(loi, "status", "passed")
    credit = E.el(loi, "credit")
    E.el(credit, "scheme", "ecvet")
    E.el(credit, "value", numbers.exact(unit.ecvet_points))
    level = E.el(loi, "level")
    E.el(level, "type", "EQF")
    E.el(level, "value", str(unit.eqf_level))
    achieved = etree.SubElement(E.el(loi, "extension"), _SW + "achievement", nsmap={"sw": SW})
    for lo in u.outcomes:
        etree.SubElement(achieved, _SW + "learningOutcome", id=lo.id, uri=f"{t.base_uri}learning-outcome/{lo.id}")
    return los


def _achieved(u: AchievedUnit, t: Transcript) -> etree._Element:
    """A unit's specification with this learner's result."""
    shared = _CACHE.get((u.unit, t.programme), ("unit", tuple(lo.id for lo in u.outcomes), t.languages, t.base_uri),
                        lambda: _unit(u, t))
    los = deepcopy(shared)
    loi = los[-1][0]
    loi[0].text = u.result.date.isoformat()
    if u.result.grade:
        loi.insert(2, E.el(loi, "resultLabel", u.result.grade))
    if u.mobility is not None:
        m = u.mobility
        start = E.element("start")
        start.text = m.start.isoformat()
        loi.insert(0, start)
        etree.SubElement(loi[-1][0], _SW + "mobility", id=m.mobility_id, home=m.home_partner, host=m.host_partner,
                         start=m.start.isoformat(), end=m.end.isoformat())
    return los


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
    for partner, units in t.by_institution():
        report = E.el(root, "report")
        report.append(deepcopy(_CACHE.get((partner,), ("issuer", t.languages, t.base_uri), lambda: _issuer(partner, t))))
        for u in units:
            report.append(_achieved(u, t))
        E.el(report, "issueDate", stamp)
    return root


def render(t: Transcript) -> dict[str, bytes]:
    return {f"{t.learner_id}.xml": serialise(build(t))}
