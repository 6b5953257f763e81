"""European Digital Credentials (ELM v3, the Europass EDC application profile), unsigned:
``LEARNER.jsonld``, one file per learner.

The credential is a ``VerifiableCredential`` and ``elm:EuropeanDigitalCredential`` issued by the
learner's home partner. Its subject is the learner (``elm:Person``: names, date of birth, learner
id) whose claims are one ``elm:LearningAchievement`` per unit achieved, each

* specified by the unit's ``elm:LearningAchievementSpecification`` under the same URI as in the
  curriculum export (``{base}unit/{id}``: title, EQF level, ISCED-F field, ECVET credit points,
  every learning outcome of the unit, part of the programme as an ``elm:Qualification``);
* with the ECVET points received, the learning outcomes achieved when they are not all of the
  unit's (as text: ELM links outcomes to specifications only), and the assessment
  (``elm:LearningAssessment``: grade, date, assessing institution). A grade is ``specifiedBy`` a
  ``elm:LearningAssessmentSpecification`` (the unit as the assessing partner assesses it) whose
  ``elm:gradingScheme`` is that partner's scheme, titled and described in every language, as the
  official samples tie a grade to its scheme;
* awarded (``elm:AwardingProcess``) by the institution that assessed the unit. A mobility unit is
  credited to the host, and the mobility itself is the ``elm:LearningActivity`` that influenced
  the achievement (period, host). Recognition is data, and only where the records hold it
  (``recognised_on``): the achievement is then awarded by the home partner on that date, in a
  process that ``elm:used`` the host's assessment (itself awarded by the host); until then the
  host's award is the only one.

The graph conforms to the shapes ``EDC-generic-full.ttl`` and ``EDC-generic-no-cv.ttl``. What the
shapes require and the workspace does not hold gets a fixed default (docs/mobility.md lists them):
the credential profile "Generic", the schema ``edc-generic-full``, issuance and validity from the
records date, and a display per language whose page image is an SVG summary of the transcript.

The JSON-LD is written in the terms of the two contexts that EDCs name (W3C credentials v1 and the
Europass context), with a context embedded in the file instead of their URLs: the definitions of
exactly the terms the file uses, taken from skillweave's copies of those contexts
(:func:`skillweave.formats.elm.edc_terms`, written by :func:`skillweave.formats.jsonld.tree`), so
reading it needs no network and gives the same
graph as the published contexts would. Statements no term covers (``cred:issued``,
``cred:validFrom``) use prefixed names. Every node has a URI (no blank nodes), each is written in
full once, where it is first reached from the credential (breadth first), and keys and values are
sorted: the same records always give the same bytes. Parts that every learner's credential shares
(partners, units) are made once per process.
"""

from __future__ import annotations

import base64
import datetime as dt
import re
import textwrap
from collections.abc import Callable, Iterable
from functools import lru_cache
from xml.sax.saxutils import escape

from skillweave.analyses.transcripts import AchievedUnit, Transcript
from skillweave.emitters.fragments import FragmentCache
from skillweave.emitters.transcript_elmo import outcomes_text, recognition_text
from skillweave.formats import elm as v
from skillweave.formats import grading, jsonld, numbers
from skillweave.formats.elm import ADMS, CRED, DC, ELM, FOAF, XSD, ElmTriples, Iri, Lit, Triple
from skillweave.formats.strings import strings
from skillweave.model import GradingScheme, Mobility, Partner, Text, Unit

DATE_TIME = XSD + "dateTime"
#: the scheme name of the stand-in for a missing legal identifier
PARTNER_ID_SCHEME = "skillweave partner id"
_SHARED = FragmentCache()


def date_time(day: dt.date) -> str:
    """A date as the xsd:dateTime the shapes ask for: midnight UTC (as in the ELMO transcripts)."""
    return f"{day.isoformat()}T00:00:00Z"


def issuer_identifier(p: Partner) -> tuple[str, str]:
    """(scheme, value) of the identifier that stands as a partner's eIDAS legal identifier: its
    legal registration number, else its VAT number, else its partner id."""
    for scheme in ("legal", "vat"):
        if scheme in p.identifiers:
            return scheme, p.identifiers[scheme]
    return PARTNER_ID_SCHEME, p.id


# --- the graph ------------------------------------------------------------------------------------

class CredentialGraph(ElmTriples):
    """The triples of one learner's credential."""

    def __init__(self, t: Transcript) -> None:
        super().__init__(t.base_uri, list(t.alliance.languages), t.languages[0])
        self.t = t
        self.credential = f"{self.uris.base}credential/{t.learner_id}/{t.issued.isoformat()}"
        self._build()

    def string(self, s: str, p: str, value: str, datatype: str = "") -> None:
        """A literal with the datatype the contexts give its property (xsd:string for points,
        scheme names ...), so that the file can use their terms."""
        super().string(s, p, value, datatype or v.edc_terms().datatype(p))

    def texts(self, s: str, p: str, text: Text) -> None:
        """``text`` in the languages of the transcript that it has (the default language always)."""
        for lang in self.t.languages:
            if lang in text.root or lang == self.default:
                self.add(s, p, Lit(text.get(lang, self.default), lang=lang))

    def localised(self, s: str, p: str, make) -> None:
        """``make(lang, strings)`` in every language of the transcript."""
        for lang in self.t.languages:
            self.add(s, p, Lit(make(lang, strings(lang)), lang=lang))

    def date(self, s: str, p: str, day: dt.date) -> None:
        self.string(s, p, date_time(day), DATE_TIME)

    def name(self, p: Partner, lang: str) -> str:
        return p.name.get(lang, self.default)

    # -- parts ---------------------------------------------------------------------------------

    def _build(self) -> None:
        t = self.t
        c = self.typed(self.credential, CRED + "VerifiableCredential", ELM + "EuropeanDigitalCredential")
        self.add(c, ELM + "credentialProfiles", self.concept(v.CREDENTIAL_GENERIC, v.CREDENTIAL_TYPE_SCHEME))
        self.add(c, CRED + "credentialSchema", Iri(self.typed(v.EDC_SHAPES, ELM + "ShaclValidator2017")))
        self.add(c, CRED + "issuer", self.issuer(t.home))
        for p in ("issuanceDate", "issued", "validFrom"):
            self.date(c, CRED + p, t.issued)
        self.add(c, ELM + "displayParameter", self._display(c))
        self.add(c, CRED + "credentialSubject", self._subject(c))

    def shared(self, objects: tuple, key: tuple, build: Callable[[], None]) -> None:
        """Add the triples that ``build`` adds, made once per process for the same model
        ``objects`` and ``key`` (a partner, a unit: the same in every learner's credential)."""
        def collect() -> frozenset[Triple]:
            saved, self.triples = self.triples, set()
            written, self.concepts_written = self.concepts_written, {}  # every concept it needs, in it
            try:
                build()
                return frozenset(self.triples)
            finally:
                self.triples, self.concepts_written = saved, written

        self.triples |= _SHARED.get((*objects, self.t.alliance), (*key, self.uris.base), collect)

    def organisation(self, p: Partner) -> Iri:
        """The partner as in the curriculum export, a member of the alliance; its legal
        registration is also its eIDAS legal identifier."""
        self.shared((p,), ("organisation",), lambda: self._organisation(p))
        return Iri(self.uris.organisation(p.id))

    def _organisation(self, p: Partner) -> None:
        org = super().organisation(p)
        if "legal" in p.identifiers:
            self.add(org, ELM + "eidasLegalIdentifier", Iri(f"{org}/identifier/legal"))
        alliance = self.t.alliance
        group = self.typed(self.uris.alliance(alliance.id), ELM + "Group")
        self.text(group, v.SKOS + "prefLabel", alliance.name)
        self.add(org, ELM + "groupMemberOf", Iri(group))

    def issuer(self, p: Partner) -> Iri:
        """The issuing partner. The shapes require an eIDAS legal identifier of every issuer: without
        a legal registration number its VAT number stands in, else its partner id."""
        org = self.organisation(p)
        scheme, value = issuer_identifier(p)
        if scheme == "vat":
            self.add(org, ELM + "eidasLegalIdentifier", Iri(f"{org}/identifier/vat"))
        elif scheme == PARTNER_ID_SCHEME:
            node = self.typed(f"{org}/legal-identifier", ELM + "LegalIdentifier")
            self.string(node, v.SKOS + "notation", value)
            self.string(node, ELM + "schemeName", scheme)
            self.add(node, DC + "spatial", self.country(p.country))
            self.add(org, ELM + "eidasLegalIdentifier", Iri(node))
        return org

    def _display(self, c: str) -> Iri:
        """How the credential shows: title and summary per language, the default language first,
        and per language one page whose image is an SVG summary of the transcript."""
        t = self.t
        node = self.typed(f"{c}/display", ELM + "DisplayParameter")
        self.localised(node, DC + "title", lambda lang, s: s["transcript"])
        self.localised(node, DC + "description", lambda lang, s: (
            f"{t.programme.title.get(lang, self.default)}: "
            + s["points_achieved"].format(achieved=numbers.exact(t.points), total=numbers.exact(t.programme.ecvet_points))))
        self.add(node, ELM + "primaryLanguage", self.language(self.default))
        for lang in t.languages:
            self.add(node, DC + "language", self.language(lang))
            shown = self.typed(f"{node}/{lang}", ELM + "IndividualDisplay")
            self.add(node, ELM + "individualDisplay", Iri(shown))
            self.add(shown, DC + "language", self.language(lang))
            page = self.typed(f"{shown}/page/1", ELM + "DisplayDetail")
            self.add(shown, ELM + "displayDetail", Iri(page))
            self.string(page, ELM + "page", "1")
            image = self.typed(f"{page}/image", ELM + "MediaObject")
            self.add(page, ELM + "image", Iri(image))
            self.add(image, ELM + "contentType", self.concept(v.FILE_TYPE_SVG, v.FILE_TYPE_NAL))
            self.add(image, ELM + "contentEncoding", self.concept(v.ENCODING_BASE64, v.ENCODING_SCHEME))
            self.string(image, ELM + "content", base64.b64encode(page_svg(t, lang)).decode("ascii"))
        return Iri(node)

    def _subject(self, c: str) -> Iri:
        t, learner = self.t, self.t.learner
        person = self.typed(f"{c}/subject", ELM + "Person")
        self.add(person, FOAF + "givenName", Lit(learner.given_names, lang=self.default))
        self.add(person, FOAF + "familyName", Lit(learner.family_name, lang=self.default))
        self.add(person, FOAF + "fullName", Lit(f"{learner.given_names} {learner.family_name}", lang=self.default))
        self.date(person, ELM + "dateOfBirth", learner.date_of_birth)
        ident = self.typed(f"{person}/identifier", ELM + "Identifier")
        self.add(person, ADMS + "identifier", Iri(ident))
        self.string(ident, v.SKOS + "notation", learner.learner_id)
        self.string(ident, ELM + "schemeName", "learner id")
        self.add(ident, DC + "creator", Iri(self.uris.organisation(t.home.id)))
        for u in t.units:
            self.add(person, ELM + "hasClaim", self._achievement(c, u))
        return Iri(person)

    def _achievement(self, c: str, u: AchievedUnit) -> Iri:
        node = self.typed(f"{c}/achievement/{u.unit.id}", ELM + "LearningAchievement")
        self.texts(node, DC + "title", u.unit.title)
        if len(u.outcomes) < len(u.unit.learning_outcomes):
            # the specification lists all the unit's outcomes; ELM has no property for the outcomes
            # of an achievement, so a partial one names those achieved in its description
            self.localised(node, DC + "description", lambda lang, s: outcomes_text(u, lang, self.default))
        self.add(node, ELM + "specifiedBy", self._specification(u))
        self.credits(node, u.points, ELM + "creditReceived")
        org = self.organisation(u.assessed_by)
        location = Iri(f"{org}/location")
        # the assessing partner's award of its assessment (and of the achievement, unless recognised)
        awarding = self.typed(f"{node}/awarding", ELM + "AwardingProcess")
        self.add(awarding, ELM + "awardingBody", org)
        self.add(awarding, ELM + "location", location)
        self.date(awarding, ELM + "awardingDate", u.result.date)
        assessment = self.typed(f"{node}/assessment", ELM + "LearningAssessment")
        self.add(node, ELM + "provenBy", Iri(assessment))
        self.localised(assessment, DC + "title",
                       lambda lang, s: f"{s['assessment']}: {u.unit.title.get(lang, self.default)}")
        self.date(assessment, DC + "issued", u.result.date)
        grade = ({self.default: u.result.grade} if u.result.grade
                 else {lang: strings(lang)["passed"] for lang in self.t.languages})
        self.add(assessment, ELM + "grade", self.note(f"{assessment}/grade", grade))
        if u.result.grade and u.scheme is not None and u.scheme_id is not None:
            self.add(assessment, ELM + "specifiedBy", self._assessment_specification(u))
        self.add(assessment, ELM + "assessedBy", org)
        self.add(assessment, ELM + "awardedBy", Iri(awarding))
        self.add(assessment, ELM + "location", location)
        if u.recognised_on is not None:
            home = self.organisation(self.t.home)
            recognition = self.typed(f"{node}/recognition", ELM + "AwardingProcess")
            self.add(recognition, ELM + "awardingBody", home)
            self.add(recognition, ELM + "location", Iri(f"{home}/location"))
            self.date(recognition, ELM + "awardingDate", u.recognised_on)
            self.add(recognition, ELM + "used", Iri(assessment))
            self.add(node, ELM + "awardedBy", Iri(recognition))
        else:
            self.add(node, ELM + "awardedBy", Iri(awarding))
        if u.mobility is not None:
            self.add(node, ELM + "influencedBy", self._mobility(c, u.mobility, u.assessed_by))
        return Iri(node)

    def _assessment_specification(self, u: AchievedUnit) -> Iri:
        """The unit as its assessing partner assesses it: what the assessment proves, the languages
        it is taught in and the grading scheme its grades are on (the same in every credential)."""
        uri = f"{self.uris.unit(u.unit.id)}/assessment/{u.assessed_by.id}"

        def build() -> None:
            node = self.typed(uri, ELM + "LearningAssessmentSpecification")
            self.localised(node, DC + "title", lambda lang, s: (
                f"{s['assessment']}: {u.unit.title.get(lang, self.default)} ({self.name(u.assessed_by, lang)})"))
            self.add(node, ELM + "proves", Iri(self.uris.unit(u.unit.id)))
            for lang in u.unit.languages_of_instruction:
                self.add(node, DC + "language", self.language(lang))
            self.add(node, ELM + "gradingScheme", self._grading_scheme(u.scheme_id, u.scheme))

        self.shared((u.unit, u.assessed_by, self.t.programme), ("assessment-specification",), build)
        return Iri(uri)

    def _grading_scheme(self, scheme_id: str, scheme: GradingScheme) -> Iri:
        uri = f"{self.uris.base}grading-scheme/{scheme_id}"

        def build() -> None:
            node = self.typed(uri, ELM + "GradingScheme")
            self.texts(node, DC + "title", scheme.title)
            self.localised(node, DC + "description", lambda lang, s: grading.summary(scheme, lang, self.default))
            ident = self.typed(f"{uri}/identifier", ELM + "Identifier")
            self.add(node, ADMS + "identifier", Iri(ident))
            self.string(ident, v.SKOS + "notation", scheme_id)
            self.string(ident, ELM + "schemeName", "grading scheme id")

        self.shared((scheme, self.t.programme), ("grading-scheme", scheme_id), build)
        return Iri(uri)

    def _mobility(self, c: str, m: Mobility, host: Partner) -> Iri:
        """The period abroad, directed by the host, as the learning activity behind its units."""
        node = self.typed(f"{c}/mobility/{m.mobility_id}", ELM + "LearningActivity")
        self.localised(node, DC + "title", lambda lang, s: f"{s['mobility']} {m.mobility_id}: {self.name(host, lang)}")
        period = self.typed(f"{node}/period", DC + "PeriodOfTime")
        self.add(node, DC + "temporal", Iri(period))
        self.date(period, ELM + "startDate", m.start)
        self.date(period, ELM + "endDate", m.end)
        org = self.organisation(host)
        self.add(node, ELM + "directedBy", org)
        self.add(node, ELM + "location", Iri(f"{org}/location"))
        awarding = self.typed(f"{node}/awarding", ELM + "AwardingProcess")
        self.add(node, ELM + "awardedBy", Iri(awarding))
        self.add(awarding, ELM + "awardingBody", org)
        self.date(awarding, ELM + "awardingDate", m.end)
        return Iri(node)

    def _specification(self, u: AchievedUnit) -> Iri:
        """The unit as the curriculum export has it (a subset of its statements)."""
        self.shared((u.unit, self.t.programme), ("specification",), lambda: self._unit(u.unit))
        return Iri(self.uris.unit(u.unit.id))

    def _unit(self, unit: Unit) -> None:
        node = self.typed(self.uris.unit(unit.id), ELM + "LearningAchievementSpecification")
        self.text(node, DC + "title", unit.title)
        self._common(node, self.t.programme.isced_f, unit.ecvet_points)
        self.add(node, ELM + "educationLevel", self.eqf(unit.eqf_level))
        if unit.hours is not None:
            self.string(node, ELM + "volumeOfLearning", numbers.hours_duration(unit.hours.school + unit.hours.workplace),
                        XSD + "duration")
        for lo in unit.learning_outcomes:
            outcome = self.typed(self.uris.outcome(lo.id), ELM + "LearningOutcome")
            self.add(node, ELM + "learningOutcome", Iri(outcome))
            self.text(outcome, DC + "title", lo.statement)
            if lo.type in v.SKILL_TYPES:  # the shapes allow only the ELM skill types (no competence)
                self.add(outcome, DC + "type", self.concept(v.SKILL_TYPES[lo.type], v.SKILL_TYPE_SCHEME))
        self.add(node, ELM + "isPartOf", self._programme())

    def _programme(self) -> Iri:
        prog = self.t.programme
        node = self.typed(self.uris.programme(prog.id), ELM + "Qualification")
        self.text(node, DC + "title", prog.title)
        self._common(node, prog.isced_f, prog.ecvet_points)
        self.add(node, ELM + "EQFLevel", self.eqf(prog.eqf_level))
        return Iri(node)

    def _common(self, node: str, isced_f: str | None, points: float) -> None:
        for lang in self.languages:
            self.add(node, DC + "language", self.language(lang))
        self.add(node, ELM + "ISCEDFCode", self.isced(isced_f))
        self.credits(node, points)


# --- the page image -------------------------------------------------------------------------------

_WIDTH = 595  # A4 in points
_COLUMNS = ((40, 54), (300, 6), (345, 8), (395, 10), (455, 24))  # x and characters: unit, points, grade, date, by
_NOT_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


@lru_cache(maxsize=4096)
def _wrap(text: str, width: int) -> list[str]:
    return textwrap.wrap(text, width) or [""]


def page_svg(t: Transcript, lang: str) -> bytes:
    """The transcript in ``lang`` as one SVG page: learner, programme, home institution, a table of
    the units achieved and the total. Plain text, no fonts or images to fetch."""
    s, default = strings(lang), t.languages[0]
    out: list[str] = []
    y = 40

    def line(x: int, text: str, size: float = 10, bold: bool = False, italic: bool = False) -> None:
        style = (' font-weight="bold"' if bold else "") + (' font-style="italic"' if italic else "")
        out.append(f'<text x="{x}" y="{y}" font-size="{size:g}"{style}>{escape(_NOT_XML.sub("", text))}</text>')

    def row(cells: Iterable[str], bold: bool = False) -> None:
        nonlocal y
        wrapped = [_wrap(text, width) for text, (_x, width) in zip(cells, _COLUMNS)]
        for i in range(max(map(len, wrapped))):
            for lines, (x, _width) in zip(wrapped, _COLUMNS):
                if i < len(lines):
                    line(x, lines[i], 8.5, bold)
            y += 11

    def advance(step: int) -> None:
        nonlocal y
        y += step

    line(40, s["transcript"], 15, True)
    advance(20)
    line(40, t.programme.title.get(lang, default), 11)
    advance(24)
    learner = t.learner
    for label, value in ((s["learner"], f"{learner.given_names} {learner.family_name}"),
                         (s["date_of_birth"], learner.date_of_birth.isoformat()),
                         (s["learner_id"], learner.learner_id),
                         (s["home"], t.home.name.get(lang, default))):
        line(40, f"{label}: {value}", 9.5)
        advance(14)
    advance(10)
    row((s["unit"], s["ecvet_points"], s["grade"], s["date"], s["assessed_by"]), bold=True)
    advance(3)
    for u in t.units:
        row((u.unit.title.get(lang, default), numbers.exact(u.points), u.result.grade or s["passed"],
             u.result.date.isoformat(), u.assessed_by.name.get(lang, default)))
        if u.mobility is not None:
            for text in textwrap.wrap(recognition_text(u, t, lang), 100):
                line(52, text, 7.5, italic=True)
                advance(10)
        advance(3)
    advance(8)
    line(40, f"{s['total']}: {numbers.exact(t.points)} {s['ecvet_points']}", 10, True)
    advance(14)
    line(40, s["points_achieved"].format(achieved=numbers.exact(t.points),
                                         total=numbers.exact(t.programme.ecvet_points)), 9)
    advance(14)
    advance(6)
    line(40, s["grading_scales"], 9.5, True)
    advance(13)
    for partner, _scheme_id, scheme in t.gradings():
        text = (f"{partner.name.get(lang, default)}: "
                + (grading.summary(scheme, lang, default) if scheme is not None else s["no_scheme"]))
        for part in textwrap.wrap(text, 110):
            line(40, part, 8)
            advance(10)
    advance(4)
    line(40, s["records_as_of"].format(date=t.issued.isoformat()), 9)
    advance(14)
    line(40, s["issued_by"].format(home=t.home.name.get(lang, default)), 9)
    height = y + 30
    head = (f'<svg xmlns="http://www.w3.org/2000/svg" width="{_WIDTH}" height="{height}" '
            f'viewBox="0 0 {_WIDTH} {height}" font-family="sans-serif" lang="{lang}">'
            f'<rect width="{_WIDTH}" height="{height}" fill="#fff"/>')
    return "\n".join([head, *out, "</svg>", ""]).encode("utf-8")


def render(t: Transcript) -> dict[str, bytes]:
    g = CredentialGraph(t)
    return {f"{t.learner_id}.jsonld": jsonld.dumps(jsonld.tree(g.triples, g.credential, v.edc_terms())).encode("utf-8")}


def notes(transcripts: Iterable[Transcript]) -> list[str]:
    """What the command should say about the credentials of a cohort (no learner data): issuers
    without a legal identifier."""
    homes = {t.home.id: t.home for t in transcripts}
    out = []
    for pid, partner in sorted(homes.items()):
        scheme, _value = issuer_identifier(partner)
        if scheme != "legal":
            instead = "its VAT number" if scheme == "vat" else "its partner id"
            out.append(f"partner {pid} has no legal identifier (identifiers.legal in alliance.yaml): its "
                       f"credentials name {instead} as the issuer's legal identifier instead")
    return out
