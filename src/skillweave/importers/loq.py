"""LOQ XML (the Qualification Dataset Register's upload format) into workspace files.

The reverse of :mod:`skillweave.emitters.loq`; :mod:`skillweave.formats.loq` has the mapping: a file that
skillweave exported imports back to the same programmes, units and alliance (less what LOQ does
not carry: units' contributors, status and approvals, the alliance's sector and approval rule).
Any other LOQ file imports as far as it maps:

* ``learningAchievementSpecification`` and ``qualification`` records become programmes and units:
  a record that is part of another (``hasPart``/``isPartOf``) is a unit, one that has parts is a
  programme, a qualification on its own is a programme and anything else a unit;
* organisations become the partners in ``curricula/alliance.yaml`` (type ``other`` unless the file
  says), the ``group`` that lists them the alliance (else the alliance is named after the file);
  the alliance's languages are those of the specifications, the first being the default;
* ids come from the URIs (``.../unit/pv-design`` → ``pv-design``; ``http://Q-01`` → ``q-01``);
* a learning outcome without a type is a competence (the LOQ list has only knowledge and skill).

What does not map is listed in :attr:`ImportResult.unmapped`, one line per record, and values that
a workspace requires but the file lacks (an owner, an EQF level) are left out of the written file
so that ``skillweave check`` points at them. Files with a DOCTYPE are refused before parsing: LOQ
needs no DTD, and entity declarations can read local files (XXE) or expand without bound.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from skillweave.errors import ImportFailure
from skillweave.formats import authority, nqf
from skillweave.formats import workspace_yaml as writer
from skillweave.formats.elm import ECVET, MODE_WORKBASED, ORGANISATION_TYPE, SKILL_TYPES
from skillweave.formats.loq import LOQ, TOPIC_ASSESSMENT
from skillweave.formats.qualifications import NQF_NOTE
from skillweave.formats.loq import q as _q
from skillweave.formats.numbers import duration_hours, parse_duration
from skillweave.importers import ImportResult
from skillweave.load import xmlsafe
from skillweave.model import ID_PATTERN, Alliance, Partner, Programme, Unit

_ID = ID_PATTERN.strip("^$")
_OWN = re.compile(rf"(?P<base>.*)(?P<kind>programme|unit)/(?P<id>{_ID})")
_LANG = re.compile(r"[a-z]{2}")
#: the units of an entry requirement: "Title <URI>; ..."
_BRACKETED = re.compile(r"<([^<>\s]+)>")
_SKILL_TYPE_BACK = {uri: kind for kind, uri in SKILL_TYPES.items()} | {
    "http://data.europa.eu/esco/skill-type/knowledge": "knowledge",
    "http://data.europa.eu/esco/skill-type/skill": "skill",
}
from skillweave.terms import PARTNER_TYPES as _PARTNER_TYPES  # noqa: E402
_SPECS = ("learningAchievementSpecification", "qualification")


def read(path: Path) -> ImportResult:
    """Read a LOQ XML file into programme, unit and alliance files (nothing is written here)."""
    try:
        raw = Path(path).read_bytes()
    except OSError as exc:
        raise ImportFailure(f"cannot read the file ({exc.strerror})", code="SW108") from None
    return _Reader(parse(raw), Path(path).stem).result()


# --- safe parsing ------------------------------------------------------------------------------

def parse(raw: bytes):
    """The root element of an XML document that has no DOCTYPE, parsed without any network,
    DTD or entity resolution (:mod:`skillweave.load.xmlsafe`); :class:`ImportFailure` with line
    and column otherwise."""
    try:
        return xmlsafe.parse(raw)
    except xmlsafe.XmlProblem as exc:
        raise ImportFailure(exc.message, exc.line, exc.column) from None


# --- reading the document ----------------------------------------------------------------------

def _local(el) -> str:
    tag = el.tag if isinstance(el.tag, str) else ""
    return tag.rpartition("}")[2]


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:64].strip("-")


def months_of(duration: str) -> int | None:
    """Whole months in an xs:duration of years and months only; None otherwise."""
    parsed = parse_duration(duration)
    if parsed is None or parsed[1] or parsed[2] or not parsed[0]:
        return None
    return parsed[0]


class _Reader:
    def __init__(self, root, stem: str) -> None:
        if root.tag != _q("Courses"):
            raise ImportFailure(f"this is not LOQ XML: the root element is <{_local(root) or root.tag}>, "
                                f"not <Courses> in the namespace {LOQ}", root.sourceline or 1)
        self.root = root
        self.stem = stem
        self.unmapped: list[str] = []
        self.records: dict[str, Any] = {}
        for section in root:
            for record in section:
                if record.get("id"):
                    self.records.setdefault(record.get("id"), record)
        self.specs = [r for r in self.section("learningAchievementSpecificationReferences") if _local(r) in _SPECS]
        self.organisations = [r for r in self.section("agentReferences") if _local(r) == "organisation"]
        bases = {m["base"] for r in self.specs if (m := _OWN.fullmatch(r.get("id", "")))}
        self.base = bases.pop() if len(bases) == 1 else None
        self.taken: dict[str, set[str]] = {}
        self.ids: dict[tuple[str, str], str] = {}
        self.default = "en"

    # -- small readers ---------------------------------------------------------------------------

    def section(self, name: str) -> list:
        found = self.root.find(_q(name))
        return [r for r in found if isinstance(r.tag, str)] if found is not None else []

    def own(self, kind: str, uri: str) -> str | None:
        """The id in a URI that skillweave exported (``{base}{kind}/{id}``), else None."""
        if self.base is None or not uri.startswith(f"{self.base}{kind}/"):
            return None
        rest = uri[len(self.base) + len(kind) + 1:]
        return rest if re.fullmatch(_ID, rest) else None

    def id_for(self, kind: str, uri: str, fallback: str) -> str:
        """A workspace id for the resource ``uri``: its own id if skillweave made it, else a slug."""
        key = (kind, uri)
        if key not in self.ids:
            last = uri.rstrip("/").rpartition("/")[2].rpartition("#")[2].rpartition(":")[2]
            self.ids[key] = self.fresh_id(kind, self.own(kind, uri) or _slug(last) or fallback)
        return self.ids[key]

    def fresh_id(self, kind: str, wanted: str) -> str:
        """``wanted``, or ``wanted-2``, ``wanted-3`` ... if another resource of the kind has it."""
        taken = self.taken.setdefault(kind, set())
        found, n = wanted, 1
        while found in taken:
            n += 1
            found = f"{wanted[:60]}-{n}"
        taken.add(found)
        return found

    def texts(self, el, tag: str, what: str) -> dict[str, str]:
        out: dict[str, str] = {}
        for child in el.findall(_q(tag)):
            self.literal(child, out, what)
        return dict(sorted(out.items()))

    def literal(self, child, out: dict[str, str], what: str) -> None:
        value = (child.text or "")
        raw_lang = (child.get("language") or child.get("{http://www.w3.org/XML/1998/namespace}lang") or "")
        lang = raw_lang.strip().lower().split("-")[0]
        if not value.strip():
            return
        if not _LANG.fullmatch(lang):
            self.unmapped.append(f"{what}: a {_local(child)} in language '{raw_lang}' (not ISO 639-1) is not kept")
        elif lang in out:
            self.unmapped.append(f"{what}: a second {_local(child)} in '{lang}' is not kept")
        else:
            out[lang] = value

    def notes(self, el, tag: str) -> list[tuple[str | None, Any]]:
        """(subject URI, literal element) of each Note under ``tag``."""
        out = []
        for note in el.findall(_q(tag)):
            subject = note.find(_q("dc:subject"))
            literal = note.find(_q("noteLiteral"))
            out.append((subject.get("uri") if subject is not None else None, literal))
        return out

    def note_text(self, notes, what: str) -> dict[str, str]:
        out: dict[str, str] = {}
        for _, literal in notes:
            if literal is not None:
                self.literal(literal, out, what)
        return dict(sorted(out.items()))

    def refs(self, el, tag: str) -> list[str]:
        return [c.get("idref") for c in el.findall(_q(tag)) if c.get("idref")]

    def uris(self, el, tag: str) -> list[str]:
        return list(dict.fromkeys(c.get("uri") for c in el.findall(_q(tag)) if c.get("uri")))

    def first_text(self, el, tag: str) -> str | None:
        child = el.find(_q(tag))
        return child.text.strip() if child is not None and child.text and child.text.strip() else None

    def leftovers(self, el, handled: set[str], what: str) -> None:
        names = sorted({_local(c) for c in el if isinstance(c.tag, str)} - handled)
        if names:
            self.unmapped.append(f"{what}: {', '.join(names)} not mapped")

    def model(self, cls, data: dict, what: str, file: str):
        """The model, validated; if the file lacks something the workspace needs, the model as far
        as it goes (written without the missing keys, so that ``check`` points at them)."""
        try:
            return cls.model_validate(data, context={"default_language": self.default})
        except ValidationError as exc:
            problems = []
            for err in exc.errors(include_url=False):
                loc = ".".join(str(p) for p in err["loc"])
                problems.append(f"no {loc}" if err["type"] == "missing" else f"{loc}: {err['msg']}")
            self.unmapped.append(f"{what}: {'; '.join(dict.fromkeys(problems))}: complete {file}")
            full = {name: data.get(name) for name, info in cls.model_fields.items()
                    if name in data or info.is_required()}
            return cls.model_construct(**full)

    # -- the workspace ---------------------------------------------------------------------------

    def result(self) -> ImportResult:
        kinds = self.classify()
        self.languages = self.read_languages()
        self.default = self.languages[0]
        partners = {r.get("id"): self.partner(r) for r in self.organisations}
        self.partner_ids = {uri: p["id"] for uri, p in partners.items()}
        unit_records = [r for r in self.specs if kinds[r.get("id")] == "unit"]
        programme_records = [r for r in self.specs if kinds[r.get("id")] == "programme"]
        self.unit_ids = {r.get("id"): self.id_for("unit", r.get("id"), "unit") for r in unit_records}
        programme_ids = {r.get("id"): self.id_for("programme", r.get("id"), "programme") for r in programme_records}
        self.outcomes_in_units: set[str] = set()
        self.used_opportunities: set[str] = set()
        units = [self.unit(r) for r in unit_records]
        programmes = [self.programme(r, programme_ids[r.get("id")]) for r in programme_records]
        alliance = self.alliance(list(partners.values()))
        self.other_sections()
        return ImportResult(writer.workspace_files(alliance, programmes, units), self.unmapped)

    def classify(self) -> dict[str, str]:
        parts, wholes = set(), set()
        for r in self.specs:
            for ref in self.refs(r, "hasPart"):
                parts.add(ref)
                wholes.add(r.get("id"))
            if self.refs(r, "isPartOf") or (r.findtext(_q("isPartialQualification")) or "").strip() == "true":
                parts.add(r.get("id"))
        kinds = {}
        for r in self.specs:
            uri = r.get("id")
            if self.own("programme", uri):
                kinds[uri] = "programme"
            elif self.own("unit", uri) or uri in parts:
                kinds[uri] = "unit"
            elif uri in wholes or _local(r) == "qualification":
                kinds[uri] = "programme"
            else:
                kinds[uri] = "unit"
        return kinds

    def read_languages(self) -> list[str]:
        """The languages of the first specification that names some (default first), then any other
        language that texts use, alphabetically."""
        ordered: list[str] = []
        for r in self.specs:
            codes = [authority.language_code(u) for u in self.uris(r, "language")]
            if codes:
                ordered = [c for c in codes if c]
                unknown = [u for u, c in zip(self.uris(r, "language"), codes) if not c]
                if unknown:
                    self.unmapped.append(f"languages without an ISO 639-1 code are not kept: {', '.join(unknown)}")
                break
        used = set()
        for el in self.root.iter():
            lang = (el.get("language") or "").strip().lower().split("-")[0]
            if _LANG.fullmatch(lang):
                used.add(lang)
        langs = list(dict.fromkeys(ordered + sorted(used - set(ordered))))
        return langs or ["en"]

    def partner(self, org) -> dict:
        uri = org.get("id")
        pid = self.id_for("organisation", uri, "partner")
        what = f"organisation {pid}"
        data: dict[str, Any] = {"id": pid, "name": self.texts(org, "legalName", what)}
        kind = next((k for u in self.uris(org, "type") if (k := self.own(f"concept/{ORGANISATION_TYPE}", u))), None)
        if kind not in _PARTNER_TYPES:
            kind = "other"
            self.unmapped.append(f"{what}: no skillweave partner type; imported as 'other'")
        data["type"] = kind
        country = None
        for ref in self.refs(org, "location"):
            location = self.records.get(ref)
            code = location.find(f"{_q('address')}/{_q('countryCode')}") if location is not None else None
            country = country or (authority.country_code(code.get("uri", "")) if code is not None else None)
        identifiers: dict[str, str] = {}
        for tag, key in (("identifier", None), ("registration", "legal"), ("vatIdentifier", "vat"),
                         ("eidasLegalIdentifier", "eidas"), ("taxIdentifier", "tax")):
            for ident in org.findall(_q(tag)):
                notation = ident.findtext(_q("skos:notation")) or ""
                if not notation.strip():
                    continue
                name = key or self.first_text(ident, "schemeName") or "id"
                identifiers[name if name not in identifiers else self.fresh_key(identifiers, name)] = notation
                spatial = ident.find(_q("spatial"))
                country = country or (authority.country_code(spatial.get("uri", "")) if spatial is not None else None)
        if country:
            data["country"] = country
        if identifiers:
            data["identifiers"] = identifiers
        homepages = [h.findtext(_q("contentUrl")) for h in org.findall(_q("homepage"))]
        homepages = [h.strip() for h in homepages if h and h.strip()]
        if homepages:
            data["url"] = homepages[0]
            if len(homepages) > 1:
                self.unmapped.append(f"{what}: homepages other than the first are not kept")
        description = self.note_text(self.notes(org, "additionalNote"), what)
        if description:
            data["description"] = description
        self.leftovers(org, {"legalName", "type", "identifier", "registration", "vatIdentifier",
                             "eidasLegalIdentifier", "taxIdentifier", "homepage", "additionalNote", "location"}, what)
        return data

    @staticmethod
    def fresh_key(identifiers: dict, key: str) -> str:
        n = 2
        while f"{key}-{n}" in identifiers:
            n += 1
        return f"{key}-{n}"

    def alliance(self, partners: list[dict]) -> Alliance:
        groups = self.section("groupReferences")
        group = next((g for g in groups if self.base and g.get("id", "").startswith(f"{self.base}alliance/")), None)
        if group is None:
            group = next((g for g in groups if set(self.refs(g, "member")) & set(self.partner_ids)), None)
        data: dict[str, Any] = {}
        if group is not None:
            uri = group.get("id")
            aid = self.own("alliance", uri) or _slug(uri.rstrip("/").rpartition("/")[2]) or "alliance"
            data["id"] = aid
            data["name"] = self.texts(group, "skos:prefLabel", f"group {aid}")
            description = self.note_text(self.notes(group, "additionalNote"), f"group {aid}")
            if description:
                data["description"] = description
            self.leftovers(group, {"prefLabel", "additionalNote", "member"}, f"group {aid}")
            for other in groups:
                if other is not group:
                    self.unmapped.append(f"group {other.get('id')}: only one group (the alliance) is imported")
        else:
            data["id"] = _slug(self.stem) or "alliance"
            data["name"] = {self.default: self.stem}
            self.unmapped.append("the file names no alliance (a group of its organisations): the alliance is "
                                 "named after the file; edit curricula/alliance.yaml")
        data["languages"] = self.languages
        data["default_language"] = self.default
        if self.base and not self.base.startswith("urn:skillweave:"):
            data["base_uri"] = self.base
        data["partners"] = partners
        try:
            return Alliance.model_validate(data)
        except ValidationError:
            valid = []
            for p in partners:
                valid.append(self.model(Partner, p, f"organisation {p['id']}", "curricula/alliance.yaml"))
            data["partners"] = valid
            return self.model(Alliance, data, "the alliance", "curricula/alliance.yaml")

    def common(self, r, data: dict, what: str) -> None:
        """Title, description, EQF level and ECVET points: what programmes and units share."""
        data["title"] = self.texts(r, "title", what)
        description = self.texts(r, "description", what)
        if description:
            data["description"] = description
        levels = [lvl for u in self.uris(r, "educationLevel") + self.uris(r, "EQFLevel")
                  if (lvl := authority.eqf_level(u)) is not None]
        if levels:
            data["eqf_level"] = levels[0]
        for cp in r.findall(_q("creditPoint")):
            framework = cp.find(_q("framework"))
            point = (cp.findtext(_q("point")) or "").strip()
            if framework is None or framework.get("uri") != ECVET:
                system = framework.get("uri") if framework is not None else "no framework"
                self.unmapped.append(f"{what}: {point} credit points in {system} (only ECVET points are kept)")
                continue
            try:
                value = Decimal(point)
            except InvalidOperation:
                self.unmapped.append(f"{what}: ECVET points '{point}' are not a number")
                continue
            data["ecvet_points"] = float(value)

    def unit(self, r) -> Unit:
        uri = r.get("id")
        uid = self.unit_ids[uri]
        what = f"unit {uid}"
        data: dict[str, Any] = {"id": uid}
        self.common(r, data, what)
        owners = [self.partner_ids[ref] for ref in self.refs(r, "publisher") if ref in self.partner_ids]
        owners += [self.partner_ids[ref] for a in r.findall(_q("awardingOpportunity"))
                   for ref in self.refs(a, "awardingBody") if ref in self.partner_ids]
        if owners:
            data["owner"] = owners[0]
        levels = [u for u in self.uris(r, "educationLevel") if authority.eqf_level(u) is None]
        if levels:
            self.unmapped.append(f"{what}: education level(s) {', '.join(levels)} not kept "
                                 "(units have an EQF level only)")
        prerequisites = []
        requirement = self.note_text(self.notes(r, "entryRequirement"), what)
        for text in requirement.values():
            prerequisites += [self.unit_ids[uri] for uri in _BRACKETED.findall(text) if uri in self.unit_ids]
        if prerequisites:
            data["prerequisites"] = list(dict.fromkeys(prerequisites))
        elif requirement:
            self.unmapped.append(f"{what}: entry requirement not mapped: "
                                 f"{requirement.get(self.default) or next(iter(requirement.values()))}")
        if r.findall(_q("additionalNote")):
            self.unmapped.append(f"{what}: {len(r.findall(_q('additionalNote')))} additional note(s) not mapped")
        hours = self.hours(r, what)
        if hours is not None:
            data["hours"] = hours
        teaching = []
        for ref in self.refs(r, "influencedBy"):
            activity = self.records.get(ref)
            if activity is None or activity.findtext(_q("volumeOfLearning")) is not None:
                continue
            titles = self.texts(activity, "title", what)
            if titles and titles not in teaching:
                teaching.append(titles)  # the modes it names follow from its text
                self.leftovers(activity, {"title", "mode", "influences"}, f"learning activity {ref}")
        if teaching:
            data["teaching_methods"] = teaching
        methods = []
        for ref in self.refs(r, "provenBy"):
            assessment = self.records.get(ref)
            titles = self.texts(assessment, "title", what) if assessment is not None else {}
            if titles:
                methods.append(titles)  # multilingual, like every text
                self.leftovers(assessment, {"title", "proves"}, f"assessment {ref}")
            else:
                self.unmapped.append(f"{what}: assessment {ref} has no title and is not kept")
        if methods:
            data["assessment_methods"] = methods
        outcomes = [self.outcome(ref, what) for ref in self.refs(r, "learningOutcome")]
        data["learning_outcomes"] = [o for o in outcomes if o is not None]
        for ref in self.refs(r, "hasPart"):
            self.unmapped.append(f"{what}: its part {ref} is imported as a unit of its own")
        # derived, so not kept: the summary, modes and setting (from the outcomes and teaching
        # methods, which LOQ does not carry), the NQF levels of a partial qualification (its programmes')
        self.leftovers(r, {"title", "description", "educationLevel", "EQFLevel", "creditPoint", "publisher",
                           "awardingOpportunity", "additionalNote", "entryRequirement", "volumeOfLearning",
                           "influencedBy", "provenBy", "learningOutcome", "ISCEDFCode", "language", "isPartOf",
                           "hasPart", "learningOutcomeSummary", "mode", "learningSetting", "isPartialQualification",
                           "NQFLevel"}, what)
        return self.model(Unit, data, what, f"curricula/units/{uid}.yaml")

    def hours(self, r, what: str) -> dict | None:
        parts = {"school": Decimal(0), "workplace": Decimal(0)}
        found = False
        for ref in self.refs(r, "influencedBy"):
            activity = self.records.get(ref)
            volume = activity.findtext(_q("volumeOfLearning")) if activity is not None else None
            if activity is not None and volume is None and activity.find(_q("title")) is not None:
                continue  # a teaching method (see teaching_methods)
            hours = duration_hours(volume) if volume else None
            if hours is None:
                self.unmapped.append(f"{what}: learning activity {ref} has no volume of learning in hours")
                continue
            where = "workplace" if MODE_WORKBASED in self.uris(activity, "mode") else "school"
            parts[where] += Decimal(repr(hours))
            found = True
            self.leftovers(activity, {"title", "volumeOfLearning", "mode", "influences"}, f"learning activity {ref}")
        total = r.findtext(_q("volumeOfLearning"))
        total_hours = duration_hours(total) if total else None
        if total and total_hours is None:
            self.unmapped.append(f"{what}: volume of learning {total.strip()} is not in hours")
        if not found and total_hours is not None:
            self.unmapped.append(f"{what}: the volume of learning ({total.strip()}) is imported as hours at school")
            parts["school"] = Decimal(repr(total_hours))
            found = True
        if not found:
            return None
        return {"school": float(parts["school"]), "workplace": float(parts["workplace"])}

    def outcome(self, ref: str, where: str) -> dict | None:
        record = self.records.get(ref)
        if record is None or _local(record) != "learningOutcome":
            self.unmapped.append(f"{where}: learning outcome {ref} is not in the file")
            return None
        if ref in self.outcomes_in_units:
            lid = self.fresh_id("learning-outcome", self.ids[("learning-outcome", ref)])
            self.unmapped.append(f"{where}: learning outcome {ref} belongs to several units; this copy is '{lid}'")
        else:
            lid = self.id_for("learning-outcome", ref, "outcome")
            self.outcomes_in_units.add(ref)
        what = f"learning outcome {lid}"
        types = [_SKILL_TYPE_BACK.get(u) for u in self.uris(record, "type")]
        if types and types[0]:
            kind = types[0]
        else:
            kind = "competence"
            if not self.own("learning-outcome", ref):
                self.unmapped.append(f"{what}: {'type ' + self.uris(record, 'type')[0] if types else 'no type'}; "
                                     "imported as competence")
        data: dict[str, Any] = {"id": lid, "type": kind, "statement": self.texts(record, "title", what)}
        esco = self.uris(record, "relatedESCOSkill")
        if esco:
            data["esco"] = esco
        notes = self.notes(record, "additionalNote")
        assessment = self.note_text([n for n in notes if n[0] == TOPIC_ASSESSMENT], what)
        if assessment:
            data["assessment"] = assessment
        others = [n for n in notes if n[0] != TOPIC_ASSESSMENT]
        if others:
            self.unmapped.append(f"{what}: {len(others)} additional note(s) not mapped")
        self.leftovers(record, {"title", "type", "additionalNote", "relatedESCOSkill"}, what)
        return data

    def programme(self, r, pid: str) -> Programme:
        what = f"programme {pid}"
        data: dict[str, Any] = {"id": pid}
        self.common(r, data, what)
        self.nqf_level(r, data, what)
        codes = [authority.isced_f_code(u) for u in self.uris(r, "ISCEDFCode")]
        known = [c for c in codes if c]
        if known:
            data["isced_f"] = known[0]
            if len(known) > 1:
                self.unmapped.append(f"{what}: ISCED-F codes other than {known[0]} are not kept")
        occupations = []
        for ref in self.refs(r, "entitlesTo"):
            entitlement = self.records.get(ref)
            if entitlement is None:
                continue
            occupations += self.uris(entitlement, "limitOccupation")
            self.leftovers(entitlement, {"title", "type", "entitlementStatus", "limitOccupation", "entitledBy"},
                           f"entitlement {ref}")
        if occupations:
            data["occupations"] = list(dict.fromkeys(occupations))
        self.durations(r, data, what)
        awarding = []
        for opportunity in r.findall(_q("awardingOpportunity")):
            awarding += [self.partner_ids[ref] for ref in self.refs(opportunity, "awardingBody")
                         if ref in self.partner_ids]
            self.leftovers(opportunity, {"awardingBody", "location", "learningAchievementSpecification"},
                           f"{what}: awarding opportunity")
        if awarding:
            data["awarding_partners"] = list(dict.fromkeys(awarding))
        data["units"] = self.parts(r)
        units = data["units"]
        unit_outcomes = {ref for u in self.specs if self.unit_ids.get(u.get("id")) in units
                         for ref in self.refs(u, "learningOutcome")}
        loose = [ref for ref in self.refs(r, "learningOutcome") if ref not in unit_outcomes
                 and not (self.base and ref == f"{self.base}programme/{pid}/learning-outcome")]
        if loose:
            self.unmapped.append(f"{what}: {len(loose)} learning outcome(s) of the programme itself (not of a unit) "
                                 "are not kept")
        self.leftovers(r, {"title", "description", "educationLevel", "EQFLevel", "NQFLevel", "creditPoint",
                           "ISCEDFCode", "entitlesTo", "maximumDuration", "awardingOpportunity", "hasPart",
                           "learningOutcome", "language", "volumeOfLearning", "additionalNote",
                           "learningOutcomeSummary", "mode", "learningSetting", "isPartialQualification"}, what)
        return self.model(Programme, data, what, f"curricula/programmes/{pid}.yaml")

    def nqf_level(self, r, data: dict, what: str) -> None:
        """The NQF level as written (skillweave's note), else the QDR levels named by URI (and the
        education levels that are no EQF level, as in files of earlier skillweave versions)."""
        notes = self.notes(r, "additionalNote")
        written = [lit for subject, lit in notes
                   if subject and self.own("concept/note-subject", subject) == NQF_NOTE and lit is not None]
        others = [n for n in notes if n[1] not in written]
        if others:
            self.unmapped.append(f"{what}: {len(others)} additional note(s) not mapped")
        if written and (written[0].text or "").strip():
            data["nqf_level"] = Programme.nqf_from_text(written[0].text.strip())
            return
        labels = []
        frameworks = {fw.uri: fw.name for fw in nqf.frameworks()}
        for uri in self.uris(r, "NQFLevel"):
            level = nqf.level_by_uri(uri)
            if level is not None:
                labels.append(f"{level.framework.name} {level.level}")
            elif uri in frameworks:
                self.unmapped.append(f"{what}: NQF level {uri} is the framework {frameworks[uri]}, not one of its "
                                     "levels, and is not kept")
            else:
                self.unmapped.append(f"{what}: NQF level {uri} is not in the QDR's list and is not kept")
        own = f"{r.get('id')}/nqf-level"  # how skillweave wrote the NQF level before it used the list
        for el in r.findall(_q("educationLevel")):
            uri = el.get("uri", "")
            if uri == own:
                labels.append(self.first_text(el, "skos:notation") or self.first_text(el, "skos:prefLabel") or uri)
            elif authority.eqf_level(uri) is None:
                self.unmapped.append(f"{what}: education level {uri} is not kept")
        if labels:
            data["nqf_level"] = Programme.nqf_from_text(" / ".join(dict.fromkeys(labels)))

    def durations(self, r, data: dict, what: str) -> None:
        """The nominal duration of the programme's learning opportunities, and its maximum duration."""
        uri = r.get("id")
        found = []
        for opportunity in self.section("learningOpportunityReferences"):
            if uri not in self.refs(opportunity, "learningAchievementSpecification"):
                continue
            self.used_opportunities.add(opportunity.get("id"))
            duration = opportunity.findtext(_q("duration"))
            months = months_of(duration) if duration else None
            if months:
                found.append(months)
            elif duration:
                self.unmapped.append(f"{what}: duration {duration.strip()} is not in whole months")
            self.leftovers(opportunity, {"title", "homepage", "duration", "providedBy", "location",
                                         "learningAchievementSpecification", "defaultLanguage"},
                           f"learning opportunity {opportunity.get('id')}")
        if found:
            data["duration_months"] = found[0]
            if len(set(found)) > 1:
                self.unmapped.append(f"{what}: learning opportunities of other durations than {found[0]} months "
                                     "are not kept")
        maximum = r.findtext(_q("maximumDuration"))
        if maximum:
            months = months_of(maximum)
            if months:
                data["maximum_duration_months"] = months
            else:
                self.unmapped.append(f"{what}: maximum duration {maximum.strip()} is not in whole months")

    def parts(self, r) -> list[str]:
        """The programme's units: its parts and the units that say they are part of it, in the order of
        the programme's learning outcomes (which are its units' outcomes, in order), then as listed."""
        uri = r.get("id")
        members = [ref for ref in self.refs(r, "hasPart") if ref in self.unit_ids]
        members += [u.get("id") for u in self.specs if uri in self.refs(u, "isPartOf") and u.get("id") in self.unit_ids]
        members = list(dict.fromkeys(members))
        order = {ref: n for n, ref in enumerate(self.refs(r, "learningOutcome"))}

        def first_outcome(member: str) -> int:
            record = self.records.get(member)
            found = [order[lo] for lo in self.refs(record, "learningOutcome") if lo in order] if record is not None else []
            return min(found) if found else len(order)

        members.sort(key=first_outcome)  # stable: the listed order where the outcomes say nothing
        return list(dict.fromkeys(self.unit_ids[m] for m in members))

    def other_sections(self) -> None:
        opportunities = [o for o in self.section("learningOpportunityReferences")
                         if o.get("id") not in self.used_opportunities]
        if opportunities:
            self.unmapped.append(f"{len(opportunities)} learning opportunities not mapped (they offer no "
                                 "specification of the file)")
        for name, what in (("accreditationReferences", "accreditations"),
                           ("gradingSchemeReferences", "grading schemes")):
            found = self.section(name)
            if found:
                self.unmapped.append(f"{len(found)} {what} not mapped (the workspace has none)")
        agents = [r for r in self.section("agentReferences") if _local(r) != "organisation"]
        if agents:
            self.unmapped.append(f"{len(agents)} agent(s) that are not organisations not mapped")
        references = [r for r in self.section("learningAchievementSpecificationReferences")
                      if _local(r) == "qualificationReference"]
        if references:
            self.unmapped.append(f"{len(references)} qualification reference(s) to other datasets not mapped")
