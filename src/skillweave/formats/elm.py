"""The European Learning Model (ELM v3) terms that skillweave reads and writes.

Namespaces, the controlled-vocabulary concepts used by the ELM export (EQF levels, ISCED-F fields,
the ECVET credit framework, skill types, languages and countries of the EU's named authority
lists), the URI scheme of exported resources, and the JSON-LD contexts that ELM documents name
by URL (rebuilt here from a compact term table, so that reading them needs no network).
"""

from __future__ import annotations

import re
from decimal import Decimal
from urllib.parse import quote

from skillweave.formats import authority

ELM = "http://data.europa.eu/snb/model/elm/"
DC = "http://purl.org/dc/terms/"
SKOS = "http://www.w3.org/2004/02/skos/core#"
ADMS = "http://www.w3.org/ns/adms#"
ROV = "http://www.w3.org/ns/regorg#"
FOAF = "http://xmlns.com/foaf/0.1/"
ORG = "http://www.w3.org/ns/org#"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
XSD = "http://www.w3.org/2001/XMLSchema#"
RDF_TYPE = RDF + "type"
LANG_STRING = RDF + "langString"

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


# --- the URIs of exported resources -------------------------------------------------------------

_UNSAFE = re.compile(r'[\x00-\x20<>"{}|^`\\\x7f]')


def safe_iri(iri: str) -> str:
    """``iri`` with the characters that no IRI may hold percent-encoded (so that every syntax can
    write it)."""
    return _UNSAFE.sub(lambda m: "".join(f"%{b:02X}" for b in m.group().encode("utf-8")), iri)


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


# --- values ------------------------------------------------------------------------------------

def number_text(value: float) -> str:
    """A number as ELM writes credit points: ``12``, ``7.5``."""
    return str(int(value)) if float(value).is_integer() else repr(float(value))


def hours_duration(hours: float) -> str:
    """Hours as an xsd:duration (``PT110H``, ``PT12H30M``); only seconds may have a fraction."""
    seconds = Decimal(repr(float(hours))) * 3600
    h, rest = divmod(seconds, 3600)
    m, s = divmod(rest, 60)
    out = "PT"
    if h:
        out += f"{int(h)}H"
    if m:
        out += f"{int(m)}M"
    if s:
        out += f"{s.normalize():f}S"
    return out if out != "PT" else "PT0H"


_DURATION = re.compile(r"-?P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?"
                       r"(?:T(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?")


def parse_duration(text: str) -> tuple[int, int, Decimal] | None:
    """(years*12 + months, days incl. weeks, seconds of the time part) of an xsd:duration."""
    m = _DURATION.fullmatch(text.strip())
    if not m or text.strip() in ("P", "PT") or text.strip().startswith("-"):
        return None
    y, mo, w, d, h, mi, s = m.groups()
    months = int(y or 0) * 12 + int(mo or 0)
    days = int(w or 0) * 7 + int(d or 0)
    seconds = Decimal(h or 0) * 3600 + Decimal(mi or 0) * 60 + Decimal(s or 0)
    return months, days, seconds


def duration_hours(text: str) -> float | None:
    """The hours of an xsd:duration that holds only a time part (and days, counted as 24 hours)."""
    parsed = parse_duration(text)
    if parsed is None or parsed[0]:
        return None
    months, days, seconds = parsed
    return float((Decimal(days) * 86400 + seconds) / 3600)


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
