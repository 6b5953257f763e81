"""The European Learning Model (ELM v3) terms that skillweave reads and writes.

Namespaces, the controlled-vocabulary concepts used by the ELM export (EQF levels, ISCED-F fields,
the ECVET credit framework, skill types, languages and countries of the EU's named authority
lists), the URI scheme of exported resources, the JSON-LD contexts that ELM documents name by URL
(rebuilt here from a compact term table, so that reading them needs no network), and
:class:`ElmTriples`, the node kinds that the curriculum export and the European Digital
Credentials of transcripts share.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING
from urllib.parse import quote

from skillweave.formats import authority, numbers
from skillweave.formats.jsonld import Terms
from skillweave.formats.rdf import RDF, RDF_TYPE, RDFS, XSD, Iri, Lit, Triple, safe_iri

if TYPE_CHECKING:  # pragma: no cover
    from skillweave.model import Partner, Text

ELM = "http://data.europa.eu/snb/model/elm/"
DC = "http://purl.org/dc/terms/"
SKOS = "http://www.w3.org/2004/02/skos/core#"
ADMS = "http://www.w3.org/ns/adms#"
ROV = "http://www.w3.org/ns/regorg#"
FOAF = "http://xmlns.com/foaf/0.1/"
ORG = "http://www.w3.org/ns/org#"

#: prefixes of every exported file, in the order they are written
PREFIXES: tuple[tuple[str, str], ...] = (
    ("adms", ADMS), ("dc", DC), ("elm", ELM), ("foaf", FOAF), ("rdf", RDF), ("rov", ROV),
    ("skos", SKOS), ("xsd", XSD),
)

# --- controlled vocabularies (data.europa.eu/snb and the publications office's authority lists) ---

SNB = "http://data.europa.eu/snb/"
EQF_SCHEME = SNB + "eqf/25831c2"
ISCED_F_SCHEME = SNB + "isced-f/25831c2"
CREDIT_SCHEME = SNB + "education-credit/25831c2"
#: the ECVET credit system (ECVET points)
ECVET = SNB + "education-credit/60b314e826"
SKILL_TYPE_SCHEME = SNB + "skill-type/25831c2"
SKILL_TYPES = {"knowledge": SNB + "skill-type/knowledge", "skill": SNB + "skill-type/skill"}
ENTITLEMENT_SCHEME = SNB + "entitlement/25831c2"
ENTITLEMENT_OCCUPATION = SNB + "entitlement/52f62180c2"
ENTITLEMENT_STATUS_SCHEME = SNB + "entitlement-status/25831c2"
ENTITLEMENT_PROSPECTIVE = SNB + "entitlement-status/5b8d6b34fb"
MODE_SCHEME = SNB + "learning-assessment/25831c2"
MODE_PRESENTIAL = SNB + "learning-assessment/9191af2ed9"
MODE_WORKBASED = SNB + "learning-assessment/729f3bed4b"
LANGUAGE_NAL = "http://publications.europa.eu/resource/authority/language"
COUNTRY_NAL = "http://publications.europa.eu/resource/authority/country"
ESCO_SKILLS = "http://data.europa.eu/esco/concept-scheme/skills"
ESCO_OCCUPATIONS = "http://data.europa.eu/esco/concept-scheme/occupations"

# European Digital Credentials (the Europass application profile of ELM)
CRED = "https://www.w3.org/2018/credentials#"
CREDENTIAL_TYPE_SCHEME = SNB + "credential/25831c2"
#: the credential type "Generic" (the others are qualification awards, diploma supplements,
#: learning activities and learning entitlements)
CREDENTIAL_GENERIC = SNB + "credential/e34929035b"
ENCODING_SCHEME = SNB + "encoding/25831c2"
ENCODING_BASE64 = SNB + "encoding/6146cde7dd"
FILE_TYPE_NAL = "http://publications.europa.eu/resource/authority/file-type"
FILE_TYPE_SVG = FILE_TYPE_NAL + "/SVG"
#: the SHACL shapes a credential names as its schema (they import edc-generic-no-cv)
EDC_SHAPES = "http://data.europa.eu/snb/model/ap/edc-generic-full"

#: skillweave's partner types with their English labels: ``{base}concept/organisation-type/{type}``
ORGANISATION_TYPE = "organisation-type"
ORGANISATION_TYPES = {
    "vet-provider": "VET provider", "employer": "employer", "social-partner": "social partner",
    "sectoral-body": "sectoral body", "public-authority": "public authority", "other": "other organisation",
}
#: the notations of skillweave's own note subjects (``{base}concept/note-subject/{notation}``)
NOTE_SUBJECT = "note-subject"
ASSESSMENT = "assessment"
HOMEPAGE = "homepage"
_WEB_ADDRESS = re.compile(r"https?://[^\s/?#@\[\]]+(?:[/?#]\S*)?", re.IGNORECASE)


def is_web_address(url: str) -> bool:
    """Whether ``url`` is a web resource's address as the LOQ shapes and the QDR take it: an
    absolute http(s) URL (their URL pattern); a partner's other ``url`` stays a note."""
    return _WEB_ADDRESS.fullmatch(url) is not None

CONCEPT_LABELS = {
    ECVET: "European Credit system for Vocational Education and Training (ECVET)",
    SKILL_TYPES["knowledge"]: "knowledge",
    SKILL_TYPES["skill"]: "skill",
    ENTITLEMENT_OCCUPATION: "occupation",
    ENTITLEMENT_PROSPECTIVE: "prospective",
    MODE_PRESENTIAL: "Presential",
    MODE_WORKBASED: "Workbased",
    CREDENTIAL_GENERIC: "Generic",
    ENCODING_BASE64: "base64",
    FILE_TYPE_SVG: "SVG",
}


# EQF levels, ISCED-F fields, languages and countries: the authority tables shared with the LOQ
# XML export (skillweave.formats.authority)
ISCED_F_UNKNOWN = authority.ISCED_F_UNKNOWN
eqf_level = authority.eqf_uri
eqf_number = authority.eqf_level
isced_f = authority.isced_f_uri
isced_code = authority.isced_f_code
language_uri = authority.language_uri
language_code = authority.language_code
country_uri = authority.country_uri
country_code = authority.country_code


def preferred_labels(pref_labels: dict[str, str], languages: list[str]) -> dict[str, str]:
    """The labels (language -> label) of a vocabulary concept that an export writes: those in
    ``languages``, else the English one, else the first by language code."""
    found = {lang: pref_labels[lang] for lang in languages if lang in pref_labels}
    if not found and pref_labels:
        lang = "en" if "en" in pref_labels else min(pref_labels)
        found = {lang: pref_labels[lang]}
    return found


# --- the URIs of exported resources -------------------------------------------------------------

@lru_cache(maxsize=4096)
def segment(text: str) -> str:
    """A free-text key (such as an identifier scheme) as one URI path segment."""
    return quote(text, safe="")


class Uris:
    """The stable URIs of one workspace's resources under its base URI (the LOQ XML export uses
    the same scheme): ``{base}programme/{id}``, ``{base}unit/{id}``,
    ``{base}learning-outcome/{id}``, ``{base}organisation/{id}``; nodes that belong to one of
    these get a URI below it (no blank nodes)."""

    def __init__(self, base: str) -> None:
        self.base = safe_iri(base)

    def programme(self, pid: str) -> str:
        return f"{self.base}programme/{pid}"

    def unit(self, uid: str) -> str:
        return f"{self.base}unit/{uid}"

    def outcome(self, lid: str) -> str:
        return f"{self.base}learning-outcome/{lid}"

    def organisation(self, pid: str) -> str:
        return f"{self.base}organisation/{pid}"

    def alliance(self, aid: str) -> str:
        return f"{self.base}alliance/{aid}"

    def concept(self, scheme: str, notation: str | None = None) -> str:
        """A concept of skillweave's own (organisation types, the competence outcome type ...)."""
        return f"{self.base}concept/{scheme}" + (f"/{segment(notation)}" if notation is not None else "")


# --- JSON-LD contexts named by URL -------------------------------------------------------------

EDC_AP_CONTEXT_URL = "http://data.europa.eu/snb/model/context/edc-ap"
CREDENTIALS_V1_URL = "https://www.w3.org/2018/credentials/v1"

# The terms of the EDC application profile context: ``elm:<term>`` unless mapped otherwise.
_EDC_CLASSES = (
    "Accreditation Agent Amount Address AwardingOpportunity AwardingProcess Claim ContactPoint CreditPoint "
    "DisplayParameter DisplayDetail EuropeanDigitalCredential EuropeanDigitalPresentation Evidence GradingScheme "
    "Grant Group Identifier IndividualDisplay LearningAchievement LearningAchievementSpecification LearningActivity "
    "LearningActivitySpecification LearningAssessment LearningAssessmentSpecification LearningEntitlement "
    "LearningEntitlementSpecification LearningOpportunity LearningOutcome LegalIdentifier Mailbox MediaObject Note "
    "Organisation Person Phone PriceDetail Qualification ResultCategory ResultDistribution ShaclValidator2017 "
    "ShortenedGrading Specification VerificationCheck WebResource"
)
_EDC_CLASS_MAP = {"Concept": "skos:Concept", "ConceptScheme": "skos:ConceptScheme", "Geometry": "locn:Geometry",
                  "Location": "dc:Location", "PeriodOfTime": "dc:PeriodOfTime"}
_EDC_LINKS = (  # object properties: string values are IRIs
    "accreditation accreditingAgent admissionProcedure additionalNote address assessedBy attachment attachmentType "
    "awardingBody awardingOpportunity awardedBy awards bannerImage citizenshipCountry contactForm contactPoint "
    "contentEncoding contentType countryCode creditPoint creditReceived credentialProfiles decision descriptionHtml "
    "directedBy displayParameter displayDetail educationLevel educationSubject emailAddress embeddedEvidence "
    "entitlesTo entitledBy entitlementStatus entryRequirement evidenceTarget priceDetail amount framework "
    "fullAddress gender generalisationOf grade gradeStatus gradingScheme grant groupMemberOf hasClaim hasCredential "
    "hasPart image idVerification influencedBy influences individualDisplay isPartOf landingPage "
    "learningAchievementSpecification learningActivitySpecification learningOpportunity learningOutcome "
    "learningOutcomeSummary learningSetting learningSchedule limitCredentialType limitEQFLevel limitField "
    "limitJurisdiction limitNationalOccupation limitOccupation limitOrganisation limitQualification location logo "
    "mode educationalSystemNote nationalID noteFormat organisation placeOfBirth primaryLanguage phone provenBy "
    "proves providedBy qualificationCode relatedESCOSkill relatedSkill report resultDestribution resultCategory "
    "reusabilityLevel scheduleInformation shortenedGrading spatialCode specialisationOf specifiedBy "
    "supplementaryDocument targetGroup taxIdentifier unit used vatIdentifier verificationCheck verificationStatus"
)
_EDC_TYPED = {  # datatype -> properties
    "@language": "category geographicName noteLiteral",
    "xsd:dateTime": "applicationDeadline awardingDate dateOfBirth endDate expiryDate reviewDate startDate",
    "xsd:string": "areaDialingCode contactHour content countryDialing dialNumber evidenceStatement label point "
                  "phoneNumber schemeName schemeVersion score status summaryDisplay",
    "xsd:integer": "contentSize percentageEqual percentageHigher percentageLower",
    "xsd:positiveInteger": "count levelOfCompletion page",
    "xsd:duration": "duration maximumDuration volumeOfLearning workload",
    "xsd:boolean": "isPartialQualification",
    "xsd:anyURI": "schemeId",
    "xsd:decimal": "value",
}
# terms whose IRI is not elm:<term>: term -> (IRI, coercion)
_EDC_OTHER = {
    "altLabel": ("skos:altLabel", "@language"), "birthName": ("person:birthName", "@language"),
    "hasSubOrganization": ("org:hasSubOrganization", "@id"), "contentURL": ("elm:contentUrl", "xsd:anyURI"),
    "creator": ("dc:creator", "@id"), "dateCreated": ("dc:created", "xsd:dateTime"),
    "dateIssued": ("dc:issued", "xsd:dateTime"), "dateModified": ("dc:modified", "@id"),
    "description": ("dc:description", "@language"), "definition": ("skos:definition", "@language"),
    "dcType": ("dc:type", "@id"), "eIDASIdentifier": ("elm:eidasLegalIdentifier", "@id"),
    "elmSubject": ("elm:subject", "@id"), "eqfLevel": ("elm:EQFLevel", "@id"),
    "familyName": ("foaf:familyName", "@language"), "fullName": ("foaf:fullName", "@language"),
    "givenName": ("foaf:givenName", "@language"), "homepage": ("foaf:homepage", "@id"),
    "identifier": ("adms:identifier", "@id"), "inScheme": ("skos:inScheme", "@id"),
    "language": ("dc:language", "@id"), "latitude": ("clv:latitude", "xsd:string"),
    "legalName": ("rov:legalName", "@language"), "longitude": ("clv:longitude", "xsd:string"),
    "maximumScore": ("elm:maxScore", "xsd:string"), "minimumScore": ("elm:minScore", "xsd:string"),
    "member": ("foaf:member", "@id"), "memberOf": ("org:memberOf", "@id"), "notation": ("skos:notation", None),
    "nqfLevel": ("elm:NQFLevel", "@id"), "patronymicName": ("person:patronymicName", "@language"),
    "publisher": ("dc:publisher", "@id"), "prefLabel": ("skos:prefLabel", "@language"),
    "registration": ("rov:registration", "@id"), "schemeAgency": ("adms:schemeAgency", "@language"),
    "spatial": ("dc:spatial", "@id"), "subject": ("dc:subject", "@id"),
    "subOrganizationOf": ("org:subOrganizationOf", "@id"), "temporal": ("dc:temporal", "@id"),
    "thematicArea": ("elm:ISCEDFCode", "@id"), "title": ("dc:title", "@language"),
    "valid": ("dc:valid", "xsd:dateTime"),
}
_EDC_PREFIXES = {
    "cred": "https://www.w3.org/2018/credentials#", "elm": ELM, "adms": ADMS, "dc": DC, "xsd": XSD, "foaf": FOAF,
    "rdf": RDF, "rdfs": RDFS, "org": ORG, "rov": ROV, "skos": SKOS, "person": "http://www.w3.org/ns/person#",
    # as the published context has it (no trailing slash)
    "clv": "http://data.europa.eu/m8g", "locn": "http://www.w3.org/ns/locn#",
    "vc": "http://data.europa.eu/snb/model/w3c/vc/",
}


def _term(iri: str, coercion: str | None) -> dict | str:
    if coercion is None:
        return {"@id": iri}
    if coercion == "@language":
        return {"@id": iri, "@container": "@language"}
    return {"@id": iri, "@type": coercion}


def edc_ap_context() -> dict:
    """The JSON-LD context of the Europass (EDC) application profile of ELM v3, term for term."""
    ctx: dict = dict(_EDC_PREFIXES)
    for name in _EDC_CLASSES.split():
        ctx[name] = f"elm:{name}"
    ctx.update(_EDC_CLASS_MAP)
    for name in _EDC_LINKS.split():
        ctx[name] = _term(f"elm:{name}", "@id")
    for coercion, names in _EDC_TYPED.items():
        for name in names.split():
            ctx[name] = _term(f"elm:{name}", coercion)
    for name, (iri, coercion) in _EDC_OTHER.items():
        ctx[name] = _term(iri, coercion)
    return ctx


def credentials_v1_context() -> list:
    """The W3C Verifiable Credentials 1.0 context, term for term."""
    cred = {"credentialSchema": "@id", "credentialStatus": "@id", "credentialSubject": "@id", "evidence": "@id",
            "expirationDate": "xsd:dateTime", "issuanceDate": "xsd:dateTime", "issuer": "@id",
            "refreshService": "@id", "serviceEndpoint": "@id", "termsOfUse": "@id"}
    ctx: dict = {"cred": "https://www.w3.org/2018/credentials#", "xsd": XSD, "id": "@id", "type": "@type"}
    for name in ("JsonSchemaValidator2018", "ManualRefreshService2018", "VerifiableCredential",
                 "VerifiablePresentation"):
        ctx[name] = f"cred:{name}"
    for name, coercion in cred.items():
        ctx[name] = {"@id": f"cred:{name}", "@type": coercion}
    ctx["verifiableCredential"] = {"@id": "cred:verifiableCredential", "@type": "@id", "@container": "@graph"}
    return [{"@version": 1.1}, ctx]


def known_contexts() -> dict[str, object]:
    """The remote JSON-LD contexts that skillweave knows without fetching them: URL -> context."""
    edc = edc_ap_context()
    creds = credentials_v1_context()
    return {
        EDC_AP_CONTEXT_URL: edc, EDC_AP_CONTEXT_URL + "/": edc,
        CREDENTIALS_V1_URL: creds,
    }


@lru_cache(maxsize=1)
def edc_terms() -> Terms:
    """The terms of the two contexts that European Digital Credentials name, together (the
    Europass context's definition wins where both define a term, as in ``@context: [v1, edc]``)."""
    return Terms.of(credentials_v1_context()[-1], edc_ap_context())


# --- the node kinds that ELM documents share ----------------------------------------------------

#: ``_lit(Lit, (value, lang, datatype))`` makes a literal in C: a named tuple's own constructor is
#: Python code, four times slower, and an export makes a hundred thousand literals
_lit = tuple.__new__


class ElmTriples:
    """A set of ELM triples under a base URI, with the helpers that write the shared node kinds
    (controlled concepts, credit points, notes, organisations). The curriculum export
    (:mod:`skillweave.emitters.elm`) and the European Digital Credentials of transcripts
    (:mod:`skillweave.emitters.transcript_edc`) build on it."""

    def __init__(self, base_uri: str, languages: list[str], default: str) -> None:
        self.uris = Uris(base_uri)
        self.triples: set[Triple] = set()
        #: the concepts written into ``triples`` so far, by their arguments (see :meth:`concept`)
        self.concepts_written: dict[tuple, Iri] = {}
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
            self.add(s, p, _lit(Lit, (value, lang, "")))

    def string(self, s: str, p: str, value: str, datatype: str = "") -> None:
        self.add(s, p, _lit(Lit, (value, "", datatype)))

    def concept(self, uri: str, scheme: str | None = None, notation: str | None = None,
                labels: dict[str, str] | None = None) -> Iri:
        """A skos:Concept (the LOQ shapes check the class of every controlled value). Its triples
        are added once per set of arguments until ``concepts_written`` is emptied (who swaps
        ``triples`` for another set empties it too)."""
        key = (uri, scheme, notation, tuple(sorted(labels.items())) if labels else None)
        written = self.concepts_written.get(key)
        if written is not None:
            return written
        self.concepts_written[key] = made = self._concept(uri, scheme, notation, labels)
        return made

    def _concept(self, uri: str, scheme: str | None, notation: str | None, labels: dict[str, str] | None) -> Iri:
        uri = safe_iri(uri)
        self.typed(uri, SKOS + "Concept")
        if scheme:
            self.add(uri, SKOS + "inScheme", Iri(scheme))
            self.typed(scheme, SKOS + "ConceptScheme")
        if notation is not None:
            self.string(uri, SKOS + "notation", notation)
        label = CONCEPT_LABELS.get(uri)
        if label and not labels:
            labels = {"en": label}
        for lang, value in sorted((labels or {}).items()):
            self.add(uri, SKOS + "prefLabel", Lit(value, lang=lang))
        return Iri(uri)

    def web_resource(self, node: str, url: str) -> Iri:
        """An elm:WebResource: a public web page, its address as an xsd:anyURI."""
        self.typed(node, ELM + "WebResource")
        self.string(node, ELM + "contentUrl", url, XSD + "anyURI")
        return Iri(node)

    def own_concept(self, scheme: str, notation: str, label: str) -> Iri:
        """A concept of skillweave's own, ``{base}concept/{scheme}/{notation}``, labelled in English."""
        return self.concept(self.uris.concept(scheme, notation), self.uris.concept(scheme), notation, {"en": label})

    def language(self, code: str) -> Iri:
        uri = language_uri(code)
        if uri:
            return self.concept(uri, LANGUAGE_NAL)
        return self.concept(self.uris.concept("language", code), self.uris.concept("language"), code)

    def country(self, code: str) -> Iri:
        uri = country_uri(code)
        if uri:
            return self.concept(uri, COUNTRY_NAL)
        return self.concept(self.uris.concept("country", code), self.uris.concept("country"), code)

    def eqf(self, level: int) -> Iri:
        return self.concept(eqf_level(level), EQF_SCHEME, labels={"en": f"Level {level}"})

    def isced(self, code: str | None) -> Iri:
        """An ISCED-F field; none or a code that is not in ISCED-F 2013 gives "field unknown"."""
        uri = isced_f(code)
        return self.concept(uri, ISCED_F_SCHEME, uri.rsplit("/", 1)[-1])

    def credits(self, owner: str, points: float, prop: str = ELM + "creditPoint") -> None:
        """ECVET points as an elm:CreditPoint ``{owner}/credit-point``, linked by ``prop``."""
        node = self.typed(f"{owner}/credit-point", ELM + "CreditPoint")
        self.add(owner, prop, Iri(node))
        self.add(node, ELM + "framework", self.concept(ECVET, CREDIT_SCHEME))
        self.string(node, ELM + "point", numbers.exact(points))

    def note(self, node: str, texts: dict[str, str], subject: Iri | None = None) -> Iri:
        self.typed(node, ELM + "Note")
        for lang, value in sorted(texts.items()):
            self.add(node, ELM + "noteLiteral", _lit(Lit, (value, lang, "")))
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
        self.add(org, DC + "type", self.own_concept(ORGANISATION_TYPE, p.type, ORGANISATION_TYPES[p.type]))
        location = self.typed(f"{org}/location", DC + "Location")
        address = self.typed(f"{location}/address", ELM + "Address")
        self.add(org, ELM + "location", Iri(location))
        self.add(location, ELM + "address", Iri(address))
        country = self.country(p.country)
        self.add(address, ELM + "countryCode", country)
        for key, value in sorted(p.identifiers.items()):
            node = f"{org}/identifier/{segment(key)}"
            if key in ("legal", "vat"):
                self.typed(node, ELM + "LegalIdentifier")
                self.add(node, DC + "spatial", country)
                self.add(org, ROV + "registration" if key == "legal" else ELM + "vatIdentifier", Iri(node))
            else:
                self.typed(node, ELM + "Identifier")
                self.add(org, ADMS + "identifier", Iri(node))
            self.string(node, SKOS + "notation", value)
            self.string(node, ELM + "schemeName", key)
        if p.url and is_web_address(p.url):
            self.add(org, FOAF + "homepage", self.web_resource(f"{org}/homepage", p.url))
        elif p.url:  # not a web address the registers take (no http or https): a note on the homepage
            subject = self.own_concept(NOTE_SUBJECT, HOMEPAGE, "homepage")
            self.add(org, ELM + "additionalNote", self.note(f"{org}/homepage", {self.default: p.url}, subject))
        if p.description is not None:
            self.add(org, ELM + "additionalNote", self.note(f"{org}/description", p.description.root))
        return org
