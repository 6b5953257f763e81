"""The files of a new workspace (``skillweave init``): an alliance, one programme and one unit as
examples, the part of ESCO they use, the JSON Schemas and the editor settings that use them, and a
``.gitignore`` that keeps generated and personal files out of version control.

The YAML files are written from templates with comments that explain each field, so a designer
learns the format by reading them; every value that comes from an answer goes through
:func:`scalar`, which quotes it whenever YAML could read it as anything but that text. The same
answers always give the same bytes.

ESCO: the example programme targets an ESCO occupation and the example outcome links one of its
essential skills, so that ``check`` passes without warnings. The occupation comes from the
vocabulary the designer names (a store, RDF files or a SPARQL endpoint), or else from a small
vocabulary shipped with skillweave (``data/esco-starter.ttl``: the ESCO occupation *solar energy
technician* with its skills, as ``skillweave vocab extract`` writes it from the demo's
vocabulary). Either way ``ontologies/esco-subset.ttl`` holds the occupations' part of ESCO.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from skillweave.errors import StarterError
from skillweave.formats.json_schema import SCHEMAS, schema_files

#: the occupation of the vocabulary shipped with skillweave (solar energy technician)
STARTER_OCCUPATION = "http://data.europa.eu/esco/occupation/75b63949-1b93-4bf2-a777-ccf978dc3e8a"
SCHEMA_FOLDER = "schemas"
from skillweave.terms import PARTNER_TYPES  # noqa: E402,F401  (the kinds of partner init offers)


def starter_vocabulary() -> Path:
    return Path(__file__).resolve().parent.parent / "data" / "esco-starter.ttl"


# The example texts in the languages of the EU and of the other Erasmus+ programme countries. A
# language missing here gets no example text (check then asks for a translation, SW309).
EXAMPLES: dict[str, dict[str, str]] = {
    "programme": {
        "bg": "Примерна програма", "cs": "Ukázkový program", "da": "Eksempeluddannelse",
        "de": "Beispielbildungsgang", "el": "Παράδειγμα προγράμματος", "en": "Example programme",
        "es": "Programa de ejemplo", "et": "Näidisõppekava", "fi": "Esimerkkikoulutus",
        "fr": "Programme d'exemple", "ga": "Clár samplach", "hr": "Primjer programa",
        "hu": "Mintaprogram", "is": "Dæmi um námsbraut", "it": "Programma di esempio",
        "lt": "Pavyzdinė programa", "lv": "Parauga programma", "mt": "Programm ta' eżempju",
        "nb": "Eksempelutdanning", "nl": "Voorbeeldopleiding", "no": "Eksempelutdanning",
        "pl": "Przykładowy program", "pt": "Programa de exemplo", "ro": "Program exemplu",
        "sk": "Vzorový program", "sl": "Vzorčni program", "sv": "Exempelutbildning", "tr": "Örnek program",
    },
    "unit": {
        "bg": "Примерна единица", "cs": "Ukázková jednotka", "da": "Eksempelenhed", "de": "Beispieleinheit",
        "el": "Παράδειγμα ενότητας", "en": "Example unit", "es": "Unidad de ejemplo", "et": "Näidismoodul",
        "fi": "Esimerkkiyksikkö", "fr": "Unité d'exemple", "ga": "Aonad samplach", "hr": "Primjer jedinice",
        "hu": "Mintaegység", "is": "Dæmi um einingu", "it": "Unità di esempio", "lt": "Pavyzdinis modulis",
        "lv": "Parauga vienība", "mt": "Unità ta' eżempju", "nb": "Eksempelenhet", "nl": "Voorbeeldeenheid",
        "no": "Eksempelenhet", "pl": "Przykładowa jednostka", "pt": "Unidade de exemplo",
        "ro": "Unitate exemplu", "sk": "Vzorová jednotka", "sl": "Vzorčna enota", "sv": "Exempelenhet",
        "tr": "Örnek birim",
    },
    "statement": {
        "bg": "Опишете какво може обучаваният след тази единица.",
        "cs": "Popište, co student po této jednotce umí.",
        "da": "Beskriv, hvad eleven kan efter denne enhed.",
        "de": "Beschreiben Sie, was die Lernenden nach dieser Einheit können.",
        "el": "Περιγράψτε τι μπορεί να κάνει ο εκπαιδευόμενος μετά από αυτή την ενότητα.",
        "en": "Describe what the learner is able to do after this unit.",
        "es": "Describa lo que el alumno es capaz de hacer al terminar esta unidad.",
        "et": "Kirjeldage, mida õppija pärast seda moodulit oskab.",
        "fi": "Kuvaa, mitä oppija osaa tämän yksikön jälkeen.",
        "fr": "Décrivez ce que l'apprenant sait faire à l'issue de cette unité.",
        "ga": "Déan cur síos ar a bhfuil an foghlaimeoir in ann a dhéanamh tar éis an aonaid seo.",
        "hr": "Opišite što polaznik zna nakon ove jedinice.",
        "hu": "Írja le, mire képes a tanuló az egység elvégzése után.",
        "is": "Lýstu því hvað neminn getur eftir þessa einingu.",
        "it": "Descrivere ciò che il discente è in grado di fare al termine di questa unità.",
        "lt": "Aprašykite, ką besimokantysis geba po šio modulio.",
        "lv": "Aprakstiet, ko izglītojamais prot pēc šīs vienības.",
        "mt": "Iddeskrivi x'jista' jagħmel l-istudent wara din l-unità.",
        "nb": "Beskriv hva eleven kan etter denne enheten.",
        "nl": "Beschrijf wat de deelnemer na deze eenheid kan.",
        "no": "Beskriv hva eleven kan etter denne enheten.",
        "pl": "Opisz, co uczący się potrafi po ukończeniu tej jednostki.",
        "pt": "Descreva o que o formando é capaz de fazer no final desta unidade.",
        "ro": "Descrieți ce poate face cursantul după această unitate.",
        "sk": "Opíšte, čo študent po tejto jednotke vie.",
        "sl": "Opišite, kaj zna udeleženec po tej enoti.",
        "sv": "Beskriv vad den studerande kan efter denna enhet.",
        "tr": "Öğrencinin bu birimden sonra neler yapabildiğini açıklayın.",
    },
}

#: a country for the example partners, by the alliance's language
COUNTRY_OF_LANGUAGE = {
    "bg": "BG", "cs": "CZ", "da": "DK", "de": "DE", "el": "GR", "en": "IE", "es": "ES", "et": "EE", "fi": "FI",
    "fr": "FR", "ga": "IE", "hr": "HR", "hu": "HU", "is": "IS", "it": "IT", "lt": "LT", "lv": "LV", "mt": "MT",
    "nb": "NO", "nl": "NL", "no": "NO", "pl": "PL", "pt": "PT", "ro": "RO", "sk": "SK", "sl": "SI", "sv": "SE",
    "tr": "TR",
}


@dataclass(frozen=True)
class PartnerAnswer:
    name: str
    type: str
    country: str


@dataclass(frozen=True)
class Concept:
    uri: str
    label: str


@dataclass
class Answers:
    """What ``skillweave init`` asks (or takes from its options)."""

    name: str = "Example Sector Skills Alliance"
    languages: list[str] = field(default_factory=lambda: ["en"])
    default_language: str = "en"
    partners: list[PartnerAnswer] = field(default_factory=list)
    #: None: the example title in every language that has one
    programme: str | None = None
    unit: str | None = None
    eqf_level: int = 4


@dataclass
class Esco:
    """The ESCO part of the new workspace: the occupations, a skill for the example outcome, and
    the Turtle for ontologies/."""

    occupations: list[Concept]
    skill: Concept | None
    turtle: str
    source: str


def default_partners(languages: list[str]) -> list[PartnerAnswer]:
    first = COUNTRY_OF_LANGUAGE.get(languages[0], "BE")
    second = COUNTRY_OF_LANGUAGE.get(languages[1], first) if len(languages) > 1 else first
    return [PartnerAnswer("Example VET provider", "vet-provider", first),
            PartnerAnswer("Example employer", "employer", second)]


def slug(text: str, fallback: str) -> str:
    """An id from a name: ASCII letters and digits in lower case, hyphens between words."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()
    out = re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")[:64].strip("-")
    return out or fallback


def _unique(ids: list[str]) -> list[str]:
    seen: dict[str, int] = {}
    out = []
    for i in ids:
        n = seen.get(i, 0) + 1
        seen[i] = n
        out.append(i if n == 1 else f"{i[:60]}-{n}")
    return out


# --- YAML text ----------------------------------------------------------------------------------

_PLAIN = re.compile(r"[^\W\d_][\w .,'()/&+-]*")
#: words that some YAML readers (YAML 1.1) take for booleans or null
_RESERVED = {"y", "n", "yes", "no", "on", "off", "true", "false", "null"}


def scalar(text: str) -> str:
    """``text`` as a YAML scalar that every YAML reader reads back as exactly that text."""
    if _PLAIN.fullmatch(text) and not text.endswith(" ") and text.lower() not in _RESERVED:
        return text
    quoted = json.dumps(text, ensure_ascii=False)  # a JSON string is a YAML double-quoted scalar
    return "".join(f"\\u{ord(c):04x}" if _unprintable(c) else c for c in quoted)


def _unprintable(c: str) -> bool:
    code = ord(c)
    return 0x7F <= code <= 0x9F or code in (0xFEFF, 0xFFFE, 0xFFFF) or 0xD800 <= code <= 0xDFFF


def _text(indent: int, texts: dict[str, str]) -> str:
    pad = " " * indent
    return "".join(f"\n{pad}{lang}: {scalar(value)}" for lang, value in texts.items())


def _modeline(schema: str, depth: int) -> str:
    return f"# yaml-language-server: $schema={'../' * depth}{SCHEMA_FOLDER}/{schema}.schema.json\n"


# --- the files ----------------------------------------------------------------------------------

def _example(kind: str, answer: str | None, a: Answers) -> dict[str, str]:
    if answer is not None:
        return {a.default_language: answer}
    table = EXAMPLES[kind]
    texts = {lang: table[lang] for lang in a.languages if lang in table}
    if a.default_language not in texts:
        texts = {a.default_language: table["en"], **texts}
    return texts


def workspace_files(a: Answers, esco: Esco) -> dict[str, str]:
    """{path relative to the workspace: content} of the new workspace."""
    langs = a.languages
    alliance_id = slug(a.name, "alliance")
    partner_ids = _unique([slug(p.name, "partner") for p in a.partners])
    vet = [pid for pid, p in zip(partner_ids, a.partners) if p.type == "vet-provider"]
    owner = vet[0] if vet else partner_ids[0]
    others = [pid for pid in partner_ids if pid != owner]
    programme_title = _example("programme", a.programme, a)
    unit_title = _example("unit", a.unit, a)
    programme_id = slug(a.programme, "programme") if a.programme else "example-programme"
    unit_id = slug(a.unit, "unit") if a.unit else "example-unit"
    if unit_id == programme_id:
        unit_id = f"{unit_id[:58]}-unit"

    def same_in_every_language(name: str) -> dict[str, str]:
        return {lang: name for lang in langs}

    partners = ""
    for pid, p in zip(partner_ids, a.partners):
        partners += (f"  - id: {pid}\n"
                     f"    name:{_text(6, same_in_every_language(p.name))}\n"
                     f"    type: {p.type}\n"
                     f"    country: {p.country}\n")
    alliance = "".join([
        _modeline("alliance", 1),
        "# The alliance: its partners, the languages of the joint curriculum and the co-design rule.\n",
        "# Every file and field is described in skillweave's format reference (docs/formats.md).\n",
        f"id: {alliance_id}\n",
        f"name:{_text(2, same_in_every_language(a.name))}\n",
        f"languages: [{', '.join(langs)}]\n",
        _c(f"default_language: {a.default_language}", "the language of texts written as one string"),
        _c("approval: {min_vet_providers: 1, min_employers: 1}", "approvals a unit needs to be approved"),
        _c(f"# base_uri: https://curricula.example.org/{alliance_id}/", "where exported RDF resources live"),
        "# Partner names are repeated in each language; translate them where the name differs.\n",
        "# type: vet-provider | employer | social-partner | sectoral-body | public-authority | other\n",
        "# country: ISO 3166-1 code; optional keys: identifiers {pic, erasmus, legal, vat}, url, description\n",
        f"partners:\n{partners}",
    ])

    points = 30
    programme = "".join([
        _modeline("programme", 2),
        "# A joint programme: the qualification the alliance designs, made of units.\n",
        _c(f"id: {programme_id}", "the file is named after the id"),
        f"title:{_text(2, programme_title)}\n",
        _c(f"eqf_level: {a.eqf_level}", "European Qualifications Framework level, 1-8"),
        _c('# nqf_level: "4"', "the national framework level"),
        _c('# isced_f: "0713"', "ISCED-F 2013 field of education (in quotes)"),
        _c("occupations:", "target occupations: ESCO URIs or exact labels"),
        *(_c(f"  - {o.uri}", _comment(o.label)) for o in esco.occupations),
        "duration_months: 6\n",
        _c(f"ecvet_points: {points}", "60 ECVET points are one year of full-time VET"),
        f"awarding_partners: [{owner}]\n",
        _c(f"units: [{unit_id}]", "in teaching order; their points add up to ecvet_points"),
    ])

    unit = "".join([
        _modeline("unit", 2),
        "# A unit of learning outcomes: assessed and credited on its own, the building block of programmes.\n",
        _c(f"id: {unit_id}", "the file is named after the id"),
        f"title:{_text(2, unit_title)}\n",
        f"eqf_level: {a.eqf_level}\n",
        f"ecvet_points: {points}\n",
        _c(f"owner: {owner}", "the partner responsible for the unit"),
        _c(f"contributors: [{', '.join(others)}]", "partners who design it with the owner") if others else "",
        _c("# prerequisites: [other-unit]", "units a learner completes first"),
        _c("# hours: {school: 300, workplace: 450}", "school-based and work-based learning"),
        "# assessment_methods: [practical demonstration, professional interview]\n",
        _c("status: draft", "draft | proposed | approved (approved needs approvals)"),
        "# approvals:\n",
        f"#   - {{partner: {owner}, date: 2026-03-01}}\n",
        "learning_outcomes:\n",
        _c(f"  - id: {unit_id}-1", "unique in the workspace"),
        _c("    type: skill", "knowledge | skill | competence"),
        f"    statement:{_text(6, _example('statement', None, a))}\n",
        _c("    esco:", "ESCO skills the outcome covers (URIs or exact labels)") if esco.skill else "",
        _c(f"      - {esco.skill.uri}", _comment(esco.skill.label)) if esco.skill else "",
    ])

    files = {
        "curricula/alliance.yaml": alliance,
        f"curricula/programmes/{programme_id}.yaml": programme,
        f"curricula/units/{unit_id}.yaml": unit,
        "ontologies/esco-subset.ttl": _vocabulary_header(esco) + esco.turtle,
        ".gitignore": GITIGNORE,
        ".vscode/settings.json": vscode_settings(),
        ".vscode/extensions.json": json.dumps({"recommendations": ["redhat.vscode-yaml"]}, indent=2) + "\n",
    }
    for name, text in schema_files().items():
        files[f"{SCHEMA_FOLDER}/{name}"] = text
    return files


def _c(code: str, comment: str) -> str:
    """A line of YAML with a comment, the comments of a file in one column where they fit."""
    return f"{code.ljust(34)}  # {comment}\n" if len(code) <= 34 else f"{code}  # {comment}\n"


def _comment(text: str) -> str:
    return " ".join(text.split())


def _vocabulary_header(esco: Esco) -> str:
    names = ", ".join(o.label for o in esco.occupations)
    return (f"# The part of ESCO (the European classification of Skills, Competences and Occupations, from\n"
            f"# {_comment(esco.source)}) that this workspace uses: {_comment(names)}.\n"
            "# Write it again for your occupations with\n"
            "#   skillweave vocab extract --occupation LABEL-OR-URI ... -o ontologies/esco-subset.ttl --store STORE\n")


GITIGNORE = """\
# What skillweave build writes: generated, rebuilt at any time
/exports/
# Learner records and graduate tracking are personal data: keep them out of the repository
/learners/
/quality/tracking.csv
"""


def vscode_settings() -> str:
    """VS Code's workspace settings: the YAML extension reads YAML 1.2 and knows the schemas."""
    schemas = {f"./{SCHEMA_FOLDER}/{spec.file_name}": list(spec.globs) for spec in SCHEMAS}
    return json.dumps({"yaml.yamlVersion": "1.2", "yaml.schemas": schemas}, indent=2) + "\n"


# --- ESCO ---------------------------------------------------------------------------------------

def esco_part(source: str | None, occupations: list[str], lang: str) -> Esco:
    """The occupations (references) resolved in ``source`` (None: the vocabulary shipped with
    skillweave), their part of ESCO, and an essential skill of the first for the example outcome."""
    from skillweave.diagnostics import DiagnosticSink
    from skillweave.vocab import VocabularyError
    from skillweave.vocab.extract import ExtractError, extract_subset
    from skillweave.vocab.sources import open_source

    shown = source or "the small vocabulary shipped with skillweave"
    sink = DiagnosticSink()
    try:
        opened = open_source(source or str(starter_vocabulary()), sink)
    except VocabularyError as exc:
        raise StarterError(str(exc)) from None
    if sink.items:
        d = sink.items[0]
        raise StarterError(f"{d.file}:{d.line}:{d.column}: {d.message}")
    vocab = opened.vocabulary
    refs = occupations or ([STARTER_OCCUPATION] if source is None else [])
    if not refs:
        raise StarterError("name the target occupation of the example programme (--occupation LABEL-OR-URI)")
    found: list[Concept] = []
    for ref in refs:
        res = vocab.resolve(ref, "occupation")
        if res.uri is None:
            if res.candidates:
                raise StarterError(f"the label {ref!r} names several ESCO occupations in {shown}: "
                                   + ", ".join(res.candidates[:4]) + "; give the URI")
            hint = f"; did you mean {' or '.join(repr(s) for s in res.suggestions)}?" if res.suggestions else ""
            raise StarterError(f"{ref!r} is not an ESCO occupation in {shown}{hint}")
        if res.uri not in [c.uri for c in found]:
            found.append(Concept(res.uri, vocab.label(res.uri, lang)))
    try:
        subset = extract_subset(opened.sparql(), [c.uri for c in found])
    except (ExtractError, VocabularyError) as exc:
        raise StarterError(str(exc)) from None

    def rank(uri: str) -> tuple:
        concept = vocab.concept(uri)
        return (concept is None or concept.skill_type != "skill", vocab.label(uri, lang), uri)

    skills = sorted(vocab.essential_skills(found[0].uri), key=rank)
    skill = Concept(skills[0], vocab.label(skills[0], lang)) if skills else None
    return Esco(found, skill, subset.turtle, source or "ESCO v1.2.0, shipped with skillweave")
