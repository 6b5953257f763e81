"""Generate a synthetic but valid skillweave workspace for benchmarks and scale tests.

The workspace follows the format of docs/formats.md and is meant to pass ``skillweave check`` with no
error and no warning: partners of every type, programmes whose units' ECVET points add up
exactly, units with learning outcomes in every alliance language linked to real ESCO skills of
the programmes' target occupations, acyclic prerequisites, co-design approvals that meet the
quorum, and a few national qualifications for mapping. The ESCO vocabulary of the chosen
occupations is written to ``ontologies/esco-subset.ttl`` by ``scripts/esco_subset.py``.

Only the standard library is used. The output is deterministic: the same arguments give
byte-identical files.

Command line::

    python benchmarks/make_workspace.py OUT_DIR [--partners 20] [--units 1000] [--outcomes 10000]
        [--programmes 25] [--occupations 30] [--national 3] [--seed 1] [--esco DIR] [--force]

The ESCO CSV folder defaults to ``$SKILLWEAVE_SHARED/esco/v1.2.0-en`` (``SKILLWEAVE_SHARED``
defaults to ``../shared`` relative to the repository root).
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import math
import random
import re
import shutil
import sys
import time
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO_ROOT / "scripts"))
from esco_subset import EscoSubsetError, default_esco_dir, write_esco_subset  # noqa: E402
from esco_subset import _lines as label_values  # noqa: E402  (the same splitting of multi-valued cells)

LANGUAGES = ("en", "nl", "de")
ID_MAX = 64
ESCO_OUTPUT = Path("ontologies") / "esco-subset.ttl"

# ISCO major groups whose occupations are typically trained in VET (technicians and associate
# professionals, craft and related trades, plant and machine operators); others only as a fallback.
VET_ISCO_MAJOR_GROUPS = ("3", "7", "8")
MIN_ESSENTIAL_SKILLS = 15

# ISCO group prefix -> ISCED-F 2013 detailed field (longest prefix wins).
ISCED_F_BY_ISCO = {
    "31": "0719", "311": "0713", "313": "0714", "315": "1041", "32": "0914", "33": "0410",
    "34": "1013", "35": "0612", "71": "0732", "72": "0715", "73": "0214", "74": "0713",
    "751": "0721", "752": "0722", "753": "0723", "754": "0788", "81": "0715", "82": "0715",
    "83": "1041",
}
DEFAULT_ISCED_F = "0788"

# Partner types with their share among the partners after the first vet-provider and employer.
PARTNER_TYPES = (
    ("vet-provider", 35), ("employer", 35), ("sectoral-body", 10), ("social-partner", 8),
    ("public-authority", 7), ("other", 5),
)

# Per country: cities and name templates per partner type ({city}, {trade}).
COUNTRIES = {
    "NL": {
        "cities": ["Utrecht", "Eindhoven", "Zwolle", "Groningen", "Tilburg", "Arnhem", "Leiden"],
        "trades": ["Installatietechniek", "Bouw", "Metaal", "Energie", "Techniek"],
        "vet-provider": "ROC {city}",
        "employer": "{trade} {city} B.V.",
        "sectoral-body": "Opleidingsfonds {trade} {city}",
        "social-partner": "Vakbond {trade} regio {city}",
        "public-authority": "Gemeente {city}",
        "other": "Kenniscentrum {trade} {city}",
        "legal": "NL-KVK-{n:08d}",
    },
    "DE": {
        "cities": ["Hannover", "Münster", "Dresden", "Köln", "Nürnberg", "Bremen", "Kassel"],
        "trades": ["Haustechnik", "Bau", "Metallbau", "Energietechnik", "Elektrotechnik"],
        "vet-provider": "Berufsbildende Schulen {city}",
        "employer": "{trade} {city} GmbH",
        "sectoral-body": "Handwerkskammer {city}",
        "social-partner": "Gewerkschaft {trade} Bezirk {city}",
        "public-authority": "Landesinstitut für Berufsbildung {city}",
        "other": "Kompetenzzentrum {trade} {city}",
        "legal": "DE-HRB-{n:06d}",
    },
    "BE": {
        "cities": ["Gent", "Antwerpen", "Leuven", "Hasselt", "Brugge"],
        "trades": ["Installatie", "Bouwtechniek", "Metaalbewerking", "Energie"],
        "vet-provider": "Centrum voor Volwassenenonderwijs {city}",
        "employer": "{trade} {city} NV",
        "sectoral-body": "Sectorfonds {trade} {city}",
        "social-partner": "Beroepsvereniging {trade} {city}",
        "public-authority": "Provincie {city}",
        "other": "Innovatiecentrum {trade} {city}",
        "legal": "BE-KBO-{n:010d}",
    },
    "AT": {
        "cities": ["Graz", "Linz", "Salzburg", "Innsbruck", "Klagenfurt"],
        "trades": ["Gebäudetechnik", "Holzbau", "Metalltechnik", "Installation"],
        "vet-provider": "Landesberufsschule {city}",
        "employer": "{trade} {city} GmbH",
        "sectoral-body": "Wirtschaftskammer {city}",
        "social-partner": "Arbeiterkammer {city}",
        "public-authority": "Bildungsdirektion {city}",
        "other": "Forschungsverein {trade} {city}",
        "legal": "AT-FN-{n:06d}",
    },
    "IE": {
        "cities": ["Cork", "Galway", "Limerick", "Waterford", "Dundalk"],
        "trades": ["Building Services", "Construction", "Engineering", "Energy"],
        "vet-provider": "{city} Education and Training Board",
        "employer": "{city} {trade} Ltd",
        "sectoral-body": "{city} {trade} Skillnet",
        "social-partner": "{trade} Workers Union {city}",
        "public-authority": "{city} County Council",
        "other": "{city} {trade} Network",
        "legal": "IE-CRO-{n:06d}",
    },
    "FI": {
        "cities": ["Tampere", "Oulu", "Turku", "Jyväskylä", "Kuopio"],
        "trades": ["Talotekniikka", "Rakennus", "Metalli", "Energia"],
        "vet-provider": "{city} Vocational College",
        "employer": "{trade} {city} Oy",
        "sectoral-body": "{trade} Federation {city}",
        "social-partner": "{trade} Union {city}",
        "public-authority": "City of {city}",
        "other": "{trade} Cluster {city}",
        "legal": "FI-Y-{n:07d}",
    },
}
# National qualification framework level, as written in each country.
NQF_PREFIX = {"NL": "NL", "DE": "DQR", "BE": "VKS", "AT": "NQR", "IE": "NFQ", "FI": "NQF"}

ASSESSMENT_METHODS = (  # (assessment_methods entry, then the phrase in en, nl, de)
    ("practical demonstration", "a practical demonstration", "een praktijkdemonstratie",
     "eine praktische Vorführung"),
    ("written test", "a written test", "een schriftelijke toets", "eine schriftliche Prüfung"),
    ("professional interview", "a professional interview", "een criteriumgericht interview",
     "ein Fachgespräch"),
    ("portfolio", "a portfolio of work products", "een portfolio met werkproducten",
     "ein Portfolio mit Arbeitsergebnissen"),
    ("workplace observation", "observation at the workplace", "observatie op de werkplek",
     "Beobachtung am Arbeitsplatz"),
)
CONTEXTS = (  # how an outcome is performed, in en, nl, de
    ("under supervision", "onder begeleiding", "unter Anleitung"),
    ("independently", "zelfstandig", "selbstständig"),
    ("as part of a team", "als lid van een team", "im Team"),
    ("on a customer site", "bij de klant", "beim Kunden vor Ort"),
    ("following the company procedures", "volgens de bedrijfsprocedures",
     "nach den betrieblichen Verfahren"),
    ("in line with health and safety rules", "volgens de veiligheidsvoorschriften",
     "unter Beachtung der Arbeitsschutzvorschriften"),
)
STATEMENTS = {  # per outcome type: templates in en, nl, de ({label}, {context})
    "skill": (
        ("Is able to {label} {context}.", "Kan {label} {context} uitvoeren.",
         "Kann {label} {context} ausführen."),
        ("Can {label} {context} to the required quality standard.",
         "Kan {label} {context} volgens de vereiste kwaliteitsnorm uitvoeren.",
         "Kann {label} {context} in der geforderten Qualität ausführen."),
    ),
    "knowledge": (
        ("Explains the principles of {label} and how they are applied {context}.",
         "Legt de principes van {label} uit en hoe ze {context} worden toegepast.",
         "Erklärt die Grundlagen von {label} und ihre Anwendung {context}."),
        ("Describes the main concepts of {label}.", "Beschrijft de belangrijkste begrippen van {label}.",
         "Beschreibt die wichtigsten Begriffe von {label}."),
    ),
    "competence": (
        ("Takes responsibility for how to {label} {context} and evaluates the result.",
         "Neemt {context} verantwoordelijkheid voor {label} en evalueert het resultaat.",
         "Übernimmt {context} Verantwortung für {label} und bewertet das Ergebnis."),
        ("Decides how to {label} in new situations and justifies the choice.",
         "Beslist in nieuwe situaties hoe {label} wordt aangepakt en verantwoordt de keuze.",
         "Entscheidet in neuen Situationen über {label} und begründet die Wahl."),
    ),
}
UNIT_TITLES = (("{Label}", "Module {label}", "Modul {label}"),
               ("Working on {label}", "Werken aan {label}", "Arbeiten an {label}"),
               ("Practice in {label}", "Praktijk van {label}", "Praxis von {label}"))
APPROVAL_NOTES = (
    ("approved with minor changes to the assessment", "goedgekeurd met kleine wijzigingen in de beoordeling",
     "genehmigt mit kleinen Änderungen an der Bewertung"),
    ("approved after the employer panel", "goedgekeurd na het werkgeverspanel",
     "genehmigt nach dem Arbeitgeberpanel"),
)
FIRST_APPROVAL_DAY = dt.date(2025, 9, 1)


class IsoDate(str):
    """A date written unquoted, as docs/formats.md shows it (``2026-03-01``)."""


# --------------------------------------------------------------------------------------------
# YAML writing: a small emitter for the subset of YAML the workspace needs, so the generator
# runs without PyYAML and its output layout is fixed (key order as in docs/formats.md).

_RESERVED = re.compile(r"(?i)(y|yes|n|no|true|false|on|off|null|~)\Z")
_PLAIN_EXTRA = set(" _().,'/-&+")
_URI = re.compile(r"https?://[A-Za-z0-9._~/-]+\Z")


def _plain_ok(text: str, flow: bool) -> bool:
    if not text or text != text.strip() or _RESERVED.match(text):
        return False
    if _URI.match(text):
        return not flow
    if not text[0].isalpha() or text.endswith(":"):
        return False
    extra = _PLAIN_EXTRA - {","} if flow else _PLAIN_EXTRA
    return all(c.isalnum() or c in extra for c in text)


def _scalar(value, flow: bool = False) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, IsoDate):
        return str(value)
    text = str(value)
    if _plain_ok(text, flow):
        return text
    quoted = json.dumps(text, ensure_ascii=False)  # a JSON string is a YAML double-quoted scalar
    return quoted.replace("\u2028", "\\L").replace("\u2029", "\\P").replace("\x85", "\\N")


def _is_scalar(value) -> bool:
    return not isinstance(value, (dict, list))


def _flow_scalar(value) -> str | None:
    """A scalar as written inside ``[...]`` or ``{...}``, or None if it needs the block style."""
    if isinstance(value, (int, IsoDate)):
        return _scalar(value)
    if isinstance(value, str) and _plain_ok(value, flow=True):
        return value
    return None


def _flow(value) -> str | None:
    """The one-line flow form of a list or mapping of scalars, or None if it would not be safe."""
    items = value.items() if isinstance(value, dict) else ((None, v) for v in value)
    parts = []
    for key, item in items:
        text = _flow_scalar(item)
        if text is None or (key is not None and " " in text):  # texts in a mapping read better as a block
            return None
        parts.append(text if key is None else f"{key}: {text}")
    text = ("{%s}" if isinstance(value, dict) else "[%s]") % ", ".join(parts)
    return text if len(text) <= 90 else None


def _emit(value, indent: int, out: list[str]) -> None:
    pad = " " * indent
    if isinstance(value, dict):
        for key, item in value.items():
            if _is_scalar(item):
                out.append(f"{pad}{key}: {_scalar(item)}")
            elif not item:
                out.append(f"{pad}{key}: {'[]' if isinstance(item, list) else '{}'}")
            elif (flow := _flow(item)) is not None:
                out.append(f"{pad}{key}: {flow}")
            else:
                out.append(f"{pad}{key}:")
                _emit(item, indent + 2, out)
    else:
        for item in value:
            if _is_scalar(item):
                out.append(f"{pad}- {_scalar(item)}")
            elif isinstance(item, dict) and (flow := _flow(item)) is not None:
                out.append(f"{pad}- {flow}")
            else:
                # a block mapping inside a list: its first key on the dash line
                sub: list[str] = []
                _emit(item, indent + 2, sub)
                out.append(f"{pad}- {sub[0][indent + 2:]}")
                out.extend(sub[1:])


def to_yaml(document: dict) -> str:
    lines: list[str] = []
    _emit(document, 0, lines)
    return "\n".join(lines) + "\n"


# --------------------------------------------------------------------------------------------
# ESCO: the occupations to target and the skills (and unambiguous labels) to link to.


@dataclass
class Esco:
    occupations: dict[str, dict]  # uri -> {"label", "isco"}
    relations: dict[str, list[tuple[str, str]]]  # occupation uri -> [(relationType, skill uri)]
    skills: dict[str, tuple[str, str]]  # skill uri -> (preferred label, skillType)
    label_counts: dict[str, int]  # casefolded label -> how many labels in ESCO spell it


def _csv_rows(path: Path):
    with path.open(encoding="utf-8", newline="") as fh:
        yield from csv.DictReader(fh)


def _label_key(label: str) -> str:
    return " ".join(label.split()).casefold()


def read_esco(esco_dir: Path) -> Esco:
    occupations: dict[str, dict] = {}
    counts: dict[str, int] = {}

    def count(*cells: str) -> None:
        for cell in cells:
            for label in label_values(cell):
                key = _label_key(label)
                counts[key] = counts.get(key, 0) + 1

    for r in _csv_rows(esco_dir / "occupations_en.csv"):
        occupations[r["conceptUri"]] = {"label": r["preferredLabel"].strip(), "isco": r["iscoGroup"].strip()}
        count(r["preferredLabel"], r["altLabels"], r["hiddenLabels"])
    skills: dict[str, tuple[str, str]] = {}
    for r in _csv_rows(esco_dir / "skills_en.csv"):
        skills[r["conceptUri"]] = (r["preferredLabel"].strip(), r["skillType"].strip())
        count(r["preferredLabel"], r["altLabels"], r["hiddenLabels"])
    for r in _csv_rows(esco_dir / "skillGroups_en.csv"):
        count(r["preferredLabel"], r["altLabels"], r["hiddenLabels"])
    for r in _csv_rows(esco_dir / "ISCOGroups_en.csv"):
        count(r["preferredLabel"], r["altLabels"])
    relations: dict[str, list[tuple[str, str]]] = {}
    for r in _csv_rows(esco_dir / "occupationSkillRelations_en.csv"):
        relations.setdefault(r["occupationUri"], []).append((r["relationType"].strip(), r["skillUri"]))
    for rels in relations.values():
        rels.sort()
    return Esco(occupations, relations, skills, counts)


def choose_occupations(esco: Esco, n: int, rng: random.Random) -> list[str]:
    """A seeded sample of VET-level occupations with many essential skills, sorted by URI."""
    def essential(uri: str) -> int:
        return sum(1 for rel, _ in esco.relations.get(uri, ()) if rel == "essential")

    rich = sorted(u for u in esco.occupations if essential(u) >= MIN_ESSENTIAL_SKILLS)
    vet = [u for u in rich if esco.occupations[u]["isco"][:1] in VET_ISCO_MAJOR_GROUPS]
    for pool in (vet, rich, sorted(u for u in esco.occupations if essential(u) > 0)):
        if len(pool) >= n:
            return sorted(rng.sample(pool, n))
    raise SystemExit(f"make_workspace: only {len(pool)} ESCO occupations have skills; ask for fewer")


def isced_f(isco: str) -> str:
    for length in (3, 2):
        if isco[:length] in ISCED_F_BY_ISCO:
            return ISCED_F_BY_ISCO[isco[:length]]
    return DEFAULT_ISCED_F


@dataclass
class SkillPool:
    """The skills a programme links to, by outcome kind, and those also linkable by label."""

    skills: list[str] = field(default_factory=list)  # skill/competence
    knowledge: list[str] = field(default_factory=list)
    by_label: list[str] = field(default_factory=list)

    def of(self, outcome_type: str) -> list[str]:
        return self.knowledge if outcome_type == "knowledge" and self.knowledge else self.skills or self.knowledge


def skill_pool(esco: Esco, occupations: list[str], unlabelled: set[str]) -> SkillPool:
    pool = SkillPool()
    seen: set[str] = set()
    for occ in occupations:
        for _, uri in esco.relations.get(occ, ()):
            if uri in seen or uri in unlabelled or uri not in esco.skills:
                continue
            seen.add(uri)
            label, kind = esco.skills[uri]
            (pool.knowledge if kind == "knowledge" else pool.skills).append(uri)
            if esco.label_counts.get(_label_key(label)) == 1:
                pool.by_label.append(uri)
    for uris in (pool.skills, pool.knowledge, pool.by_label):
        uris.sort()
    return pool


# --------------------------------------------------------------------------------------------
# Helpers for ids, numbers and text.


def slug(text: str, limit: int) -> str:
    text = text.replace("ß", "ss").replace("ä", "ae").replace("ö", "oe").replace("ü", "ue")
    ascii_ = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    s = re.sub(r"[^a-z0-9]+", "-", ascii_.lower()).strip("-")
    return s[:limit].rstrip("-") or "x"


def split_total(total: int, parts: int, rng: random.Random) -> list[int]:
    """``total`` split into ``parts`` positive integers with some spread."""
    weights = [rng.uniform(0.5, 1.5) for _ in range(parts)]
    counts = [1] * parts
    for i in rng.choices(range(parts), weights=weights, k=total - parts):
        counts[i] += 1
    return counts


def texts(templates: tuple[str, str, str], **values) -> dict[str, str]:
    return {lang: t.format(**values) for lang, t in zip(LANGUAGES, templates)}


def capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


# --------------------------------------------------------------------------------------------
# The workspace.


@dataclass
class Partner:
    id: str
    name: str
    type: str
    country: str


def make_partners(n: int, rng: random.Random) -> list[Partner]:
    kinds = ["vet-provider", "employer"] + rng.choices(
        [k for k, _ in PARTNER_TYPES], weights=[w for _, w in PARTNER_TYPES], k=n - 2)
    countries = sorted(COUNTRIES)
    partners, ids = [], set()
    for i, kind in enumerate(kinds):
        country = countries[i % len(countries)] if i < len(countries) else rng.choice(countries)
        data = COUNTRIES[country]
        base = data[kind].format(city=rng.choice(data["cities"]), trade=rng.choice(data["trades"]))
        name, k = base, 2
        while slug(name, 60) in ids:  # the same name drawn twice: number the branches
            name, k = f"{base} {k}", k + 1
        ids.add(slug(name, 60))
        partners.append(Partner(slug(name, 60), name, kind, country))
    return partners


def partner_document(p: Partner, rng: random.Random, pics: set[str]) -> dict:
    pic = str(rng.randrange(900_000_000, 1_000_000_000))
    while pic in pics:
        pic = str(rng.randrange(900_000_000, 1_000_000_000))
    pics.add(pic)
    identifiers = {"pic": pic}
    if rng.random() < 0.5:
        identifiers["legal"] = COUNTRIES[p.country]["legal"].format(n=rng.randrange(10**6))
    # A partner's name is multilingual text too: every alliance language, so none is "missing".
    return {"id": p.id, "name": {lang: p.name for lang in LANGUAGES}, "type": p.type, "country": p.country,
            "identifiers": identifiers, "url": f"https://{p.id}.example.org"}


class Generator:
    def __init__(self, args: argparse.Namespace, esco: Esco, occupations: list[str], unlabelled: set[str]):
        self.args = args
        self.esco = esco
        self.occupations = occupations
        self.unlabelled = unlabelled
        self.rng = random.Random(f"skillweave-workspace-{args.seed}")
        self.files: dict[Path, str] = {}  # relative path -> YAML text

    # --- partners and approvals

    def partners_by_type(self, kind: str) -> list[Partner]:
        return [p for p in self.partners if p.type == kind]

    def codesign(self, owner: Partner, status: str) -> tuple[list[str], list[dict]]:
        """Contributors and approvals: an approved unit has at least one VET provider and one employer."""
        rng = self.rng
        vet, employers = self.partners_by_type("vet-provider"), self.partners_by_type("employer")
        need_vet = owner if owner.type == "vet-provider" else rng.choice(vet)
        need_employer = owner if owner.type == "employer" else rng.choice(employers)
        others = [p for p in self.partners if p.id not in {owner.id, need_vet.id, need_employer.id}]
        extra = rng.sample(others, min(len(others), rng.choice((0, 0, 1, 1, 2))))
        team = [p for p in (need_vet, need_employer, *extra) if p.id != owner.id]
        contributors = sorted({p.id for p in team})
        if status == "draft":
            approvers: list[Partner] = []
        elif status == "proposed":
            approvers = [owner]
        else:
            approvers = [owner] + [p for p in (need_vet, need_employer) if p.id != owner.id]
            approvers += [p for p in extra if rng.random() < 0.5]
        day = FIRST_APPROVAL_DAY + dt.timedelta(days=rng.randrange(270))
        approvals = []
        for p in approvers:
            approval = {"partner": p.id, "date": IsoDate(day.isoformat())}
            if rng.random() < 0.08:
                approval["note"] = texts(rng.choice(APPROVAL_NOTES))
            approvals.append(approval)
            day += dt.timedelta(days=rng.randrange(1, 15))
        return contributors, approvals

    # --- units and learning outcomes

    def outcome_type(self, index: int) -> str:
        if index == 0:
            return "skill"
        r = self.rng.random()
        return "skill" if r < 0.5 else "knowledge" if r < 0.8 else "competence"

    def learning_outcome(self, oid: str, kind: str, pool: SkillPool, first: str | None) -> dict:
        rng = self.rng
        candidates = pool.of(kind)
        links = rng.sample(candidates, min(len(candidates), rng.choice((1, 1, 2, 2, 3))))
        if first:  # the unit's own skill leads its first (skill) outcome
            links = [first] + [uri for uri in links if uri != first][: len(links) - 1]
        label = self.esco.skills[links[0]][0]
        context = rng.choice(CONTEXTS)
        statement = rng.choice(STATEMENTS[kind])
        esco_refs: list[str] = list(links)
        if pool.by_label and rng.random() < 0.05:
            by_label = rng.choice(pool.by_label)
            if by_label not in links:
                esco_refs.append(self.esco.skills[by_label][0])
        method = rng.choice(ASSESSMENT_METHODS)
        return {
            "id": oid,
            "type": kind,
            "statement": {lang: t.format(label=label, context=c)
                          for lang, t, c in zip(LANGUAGES, statement, context)},
            "esco": esco_refs,
            "assessment": {lang: t.format(method=m) for lang, t, m in zip(
                LANGUAGES, ("Assessed through {method}.", "Beoordeeld door middel van {method}.",
                            "Bewertet durch {method}."), method[1:])},
        }

    def unit(self, uid: str, main: str, eqf: int, points: int, n_outcomes: int, owner: Partner,
             prerequisites: list[str], pool: SkillPool, occupation: str, status: str) -> dict:
        """A unit about the skill ``main`` (its title, id and first learning outcome)."""
        rng = self.rng
        label = self.esco.skills[main][0]
        contributors, approvals = self.codesign(owner, status)
        hours = points * 25
        workplace = round(hours * rng.uniform(0.3, 0.7) / 10) * 10
        methods = sorted(rng.sample(ASSESSMENT_METHODS, rng.choice((1, 2, 2, 3))))
        occ_label = self.esco.occupations[occupation]["label"]
        outcomes = [self.learning_outcome(f"{uid}-{i + 1}", self.outcome_type(i), pool, main if i == 0 else None)
                    for i in range(n_outcomes)]
        return {
            "id": uid,
            "title": texts(rng.choice(UNIT_TITLES), label=label, Label=capitalised(label)),
            "description": texts((
                "This unit prepares learners to {label} as {occ} at EQF level {eqf}.",
                "Deze eenheid bereidt lerenden voor op {label} als {occ} op EQF-niveau {eqf}.",
                "Diese Einheit bereitet Lernende auf {label} als {occ} auf EQR-Niveau {eqf} vor."),
                label=label, occ=occ_label, eqf=eqf),
            "eqf_level": eqf,
            "ecvet_points": points,
            "owner": owner.id,
            "contributors": contributors,
            "prerequisites": prerequisites,
            "hours": {"school": hours - workplace, "workplace": workplace},
            "assessment_methods": [{"en": m[0], "nl": m[2], "de": m[3]} for m in methods],
            "status": status,
            "approvals": approvals,
            "learning_outcomes": outcomes,
        }

    def status(self) -> str:
        r = self.rng.random()
        return "approved" if r < 0.8 else "proposed" if r < 0.92 else "draft"

    def unit_id(self, main: str, suffix: str) -> str:
        # leave room for "-<outcome number>" in the learning outcome ids
        return f"{slug(self.esco.skills[main][0], ID_MAX - 10 - len(suffix))}-{suffix}"

    def main_skills(self, pool: SkillPool, n: int) -> list[str]:
        """The skills of ``n`` units: the pool in a random order, repeated when it is too small."""
        skills = list(pool.skills or pool.knowledge)
        self.rng.shuffle(skills)
        return [skills[i % len(skills)] for i in range(n)]

    def owners(self) -> list[Partner]:
        return [p for p in self.partners if p.type in ("vet-provider", "employer", "sectoral-body")]

    # --- programmes, national qualifications, alliance

    def programmes(self) -> None:
        args, rng = self.args, self.rng
        unit_counts = split_total(args.units, args.programmes, rng)
        outcome_counts = split_total(args.outcomes, args.units, rng)
        order = list(self.occupations)
        rng.shuffle(order)
        awarding_pool = self.partners_by_type("vet-provider")
        unit_number = 0
        for i, n_units in enumerate(unit_counts):
            targets = [order[i % len(order)]]
            if len(order) > 1 and rng.random() < 0.4:
                targets.append(rng.choice([o for o in order if o != targets[0]]))
            pool = skill_pool(self.esco, targets, self.unlabelled)
            occ = self.esco.occupations[targets[0]]
            eqf = rng.choice((4, 5))
            months = max(rng.choice((12, 18, 24, 30, 36, 42, 48)), math.ceil(3 * n_units / 5 / 6) * 6)
            points = months * 5  # 60 ECVET points per 12 months
            unit_points = split_total(points, n_units, rng)
            pid = f"{slug(occ['label'], 50)}-p{i + 1}"
            units, levels = [], []
            for j, main in enumerate(self.main_skills(pool, n_units)):
                unit_number += 1
                uid = self.unit_id(main, f"u{unit_number}")
                level = eqf if rng.random() < 0.7 else eqf - 1
                earlier = [units[k] for k in range(max(0, j - 10), j) if levels[k] <= level]
                r = rng.random()
                prerequisites = rng.sample(earlier, min(len(earlier), 2 if r < 0.1 else 1 if r < 0.35 else 0))
                prerequisites.sort(key=units.index)
                doc = self.unit(uid, main, level, unit_points[j], outcome_counts[unit_number - 1],
                                rng.choice(self.owners()), prerequisites, pool, targets[0], self.status())
                self.files[Path("curricula/units") / f"{uid}.yaml"] = to_yaml(doc)
                units.append(uid)
                levels.append(level)
            title = capitalised(occ["label"])
            self.files[Path("curricula/programmes") / f"{pid}.yaml"] = to_yaml({
                "id": pid,
                "title": texts(("{t}", "{t} (gezamenlijke opleiding)", "{t} (gemeinsames Programm)"), t=title),
                "description": texts((
                    "Joint programme for {t} at EQF level {eqf}, {m} months.",
                    "Gezamenlijke opleiding voor {t} op EQF-niveau {eqf}, {m} maanden.",
                    "Gemeinsames Programm für {t} auf EQR-Niveau {eqf}, {m} Monate."),
                    t=occ["label"], eqf=eqf, m=months),
                "eqf_level": eqf,
                "isced_f": isced_f(occ["isco"]),
                "occupations": targets,
                "duration_months": months,
                "ecvet_points": points,
                "awarding_partners": sorted(p.id for p in rng.sample(awarding_pool, min(len(awarding_pool), rng.choice((1, 2, 2, 3))))),
                "units": units,
            })

    def national(self) -> None:
        rng = self.rng
        # VET providers first, one per country as far as possible
        candidates = sorted(self.partners, key=lambda p: (p.type != "vet-provider", self.partners.index(p)))
        chosen: list[Partner] = []
        for p in candidates:
            if len(chosen) < self.args.national and p.country not in {c.country for c in chosen}:
                chosen.append(p)
        for p in candidates:
            if len(chosen) < self.args.national and p not in chosen:
                chosen.append(p)
        for i, partner in enumerate(chosen):
            occupation = self.occupations[rng.randrange(len(self.occupations))]
            occ = self.esco.occupations[occupation]
            pool = skill_pool(self.esco, [occupation], self.unlabelled)
            eqf = rng.choice((4, 5))
            qid = f"{partner.country.lower()}-{slug(occ['label'], 48)}-q{i + 1}"
            units, levels, total = [], [], 0
            folder = Path("curricula/national") / partner.id
            for j, main in enumerate(self.main_skills(pool, rng.randint(8, 12))):
                uid = self.unit_id(main, f"n{i + 1}-{j + 1}")
                level = eqf if rng.random() < 0.7 else eqf - 1
                earlier = [units[k] for k in range(j) if levels[k] <= level]
                prerequisites = [rng.choice(earlier)] if earlier and rng.random() < 0.3 else []
                points = rng.randint(3, 15)
                doc = self.unit(uid, main, level, points, rng.randint(2, 6), partner, prerequisites, pool,
                                occupation, "approved")
                self.files[folder / "units" / f"{uid}.yaml"] = to_yaml(doc)
                units.append(uid)
                levels.append(level)
                total += points
            title = capitalised(occ["label"])
            self.files[folder / "qualification.yaml"] = to_yaml({
                "id": qid,
                "title": texts(("{t} (national qualification)", "{t} (nationale kwalificatie)",
                                "{t} (nationale Qualifikation)"), t=title),
                "country": partner.country,
                "eqf_level": eqf,
                "nqf_level": f"{NQF_PREFIX[partner.country]} {eqf}",
                "ecvet_points": total,
                "units": units,
            })

    def alliance(self) -> None:
        pics: set[str] = set()
        self.files[Path("curricula/alliance.yaml")] = to_yaml({
            "id": f"synthetic-alliance-{slug(str(self.args.seed), 40)}",
            "name": {"en": "Synthetic Sector Skills Alliance", "nl": "Synthetische sectorale vaardighedenalliantie",
                     "de": "Synthetische Allianz für branchenspezifische Fertigkeiten"},
            "sector": {"nace": "43.22", "label": {
                "en": "Plumbing, heat and air-conditioning installation",
                "nl": "Installatie van sanitair, verwarming en airconditioning",
                "de": "Gas-, Wasser-, Heizungs- sowie Lüftungs- und Klimainstallation"}},
            "languages": list(LANGUAGES),
            "default_language": "en",
            "approval": {"min_vet_providers": 1, "min_employers": 1},
            "base_uri": "https://curricula.example.org/synthetic-alliance/",
            "partners": [partner_document(p, self.rng, pics) for p in self.partners],
        })

    def run(self) -> dict[Path, str]:
        self.partners = make_partners(self.args.partners, self.rng)
        self.alliance()
        self.programmes()
        self.national()
        return self.files


# --------------------------------------------------------------------------------------------


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path, metavar="OUT_DIR", help="workspace folder to create")
    parser.add_argument("--partners", type=int, default=20)
    parser.add_argument("--units", type=int, default=1000, help="joint units (in curricula/units/)")
    parser.add_argument("--outcomes", type=int, default=10000, help="learning outcomes of the joint units")
    parser.add_argument("--programmes", type=int, default=25)
    parser.add_argument("--occupations", type=int, default=30, help="ESCO occupations in the vocabulary")
    parser.add_argument("--national", type=int, default=3, help="national qualifications (about 10 units each)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--esco", type=Path, default=None,
                        help="ESCO CSV folder (default: $SKILLWEAVE_SHARED/esco/v1.2.0-en)")
    parser.add_argument("--force", action="store_true",
                        help="replace curricula/ and ontologies/esco-subset.ttl if OUT_DIR already has them")
    args = parser.parse_args(argv)
    problems = []
    if args.partners < 2:
        problems.append("--partners must be at least 2 (a VET provider and an employer)")
    if args.programmes < 1 or args.occupations < 1:
        problems.append("--programmes and --occupations must be at least 1")
    if args.units < args.programmes:
        problems.append("--units must be at least --programmes (every programme needs a unit)")
    if args.outcomes < args.units:
        problems.append("--outcomes must be at least --units (every unit needs a learning outcome)")
    if not 0 <= args.national <= args.partners:
        problems.append("--national must be between 0 and --partners")
    if problems:
        parser.error("; ".join(problems))
    return args


def main(argv: list[str] | None = None) -> int:
    started = time.perf_counter()
    args = parse_args(argv)
    out: Path = args.out
    generated = [out / "curricula", out / ESCO_OUTPUT]
    if any(p.exists() for p in generated):
        if not args.force:
            print(f"make_workspace: {out} already holds a workspace; pass --force to replace it", file=sys.stderr)
            return 2
        shutil.rmtree(out / "curricula", ignore_errors=True)
    esco_dir = args.esco or default_esco_dir()
    try:
        esco = read_esco(esco_dir)
        occupations = choose_occupations(esco, args.occupations, random.Random(f"skillweave-occupations-{args.seed}"))
        counts = write_esco_subset(esco_dir, occupations, out / ESCO_OUTPUT)
    except (EscoSubsetError, OSError) as exc:
        print(f"make_workspace: {exc}", file=sys.stderr)
        return 2
    files = Generator(args, esco, occupations, set(counts["unlabelled"])).run()
    for rel in sorted(files):
        path = out / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(files[rel], encoding="utf-8", newline="\n")
    joint_units = sum(1 for rel in files if rel.parent == Path("curricula/units"))
    national_units = sum(1 for rel in files if rel.parts[:2] == ("curricula", "national") and "units" in rel.parts)
    programmes = sum(1 for rel in files if rel.parent == Path("curricula/programmes"))
    print(f"{out}: {args.partners} partners, {programmes} programmes, {joint_units} units, "
          f"{args.outcomes} learning outcomes, {args.national} national qualifications "
          f"({national_units} units), {counts['occupations']} occupations / {counts['skills']} skills in "
          f"{ESCO_OUTPUT.as_posix()}, {len(files) + 1} files, {time.perf_counter() - started:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
