"""ELM RDF (any syntax) into workspace files: ``skillweave import elm FILE -o WORKSPACE``.

Reads what :mod:`skillweave.emitters.elm` writes, and ELM data from other systems (QDR exports,
Europass credentials): every full ``elm:Qualification`` becomes a programme, and so does every
``elm:LearningAchievementSpecification`` that has parts, target occupations or awarding bodies;
partial qualifications and the other specifications become units; the organisations become the alliance's partners
(an ``alliance.yaml`` that the command line writes only where the workspace has none). A
qualification without parts that states learning outcomes of its own becomes a programme with one
unit of the same id holding them.

The input is parsed with :mod:`skillweave.load.rdf` (no DTDs or entities, no remote contexts); the
JSON-LD contexts of the Europass profile and of W3C credentials, which ELM documents name by URL,
are replaced by skillweave's built-in equivalents (:func:`skillweave.formats.elm.known_contexts`).

Values a workspace file requires but the source lacks are left out of the file and reported
(``skillweave check`` then points at them); every statement of the source that was not read is
reported, grouped by class and property. Learner data (persons, their claims) is never imported.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from skillweave.errors import ImportFailure, RdfError
from skillweave.formats import elm as v
from skillweave.formats import nqf, numbers
from skillweave.formats import workspace_yaml as writer
from skillweave.formats.elm import ADMS, DC, ELM, FOAF, ROV, SKOS
from skillweave.formats.rdf import RDF_TYPE
from skillweave.importers import ImportResult
from skillweave.model import Alliance, Programme, Unit

_KIND_SEGMENT = {"programme": "programme", "unit": "unit", "outcome": "learning-outcome",
                 "partner": "organisation", "alliance": "alliance"}
_ESCO_SKILL_TYPES = {"http://data.europa.eu/esco/skill-type/knowledge": "knowledge",
                     "http://data.europa.eu/esco/skill-type/skill": "skill"}


def read(path: Path, contexts: dict[str, Any] | None = None) -> ImportResult:
    """Import an ELM RDF file. ``contexts`` maps remote JSON-LD context URLs to contexts to use
    instead of the built-in ones (for example the published files, read from disk)."""
    from skillweave.load.rdf import parse_rdf, rdf_format, remote_contexts

    path = Path(path)
    fmt = rdf_format(path) or _sniff(path)
    known = v.known_contexts()
    known.update(contexts or {})
    notes: list[str] = []
    if fmt == "json-ld":
        try:
            urls = remote_contexts(json.loads(path.read_bytes()))
        except (OSError, ValueError, RecursionError):
            urls = []  # parse_rdf reports it with a position
        for url in urls:
            if url in known and url not in (contexts or {}):
                notes.append(f"the remote JSON-LD context {url} was read from skillweave's built-in copy (no network)")
    try:
        graph = parse_rdf(path, fmt=fmt, contexts=known)
    except RdfError as exc:
        raise ImportFailure(exc.problem.message, exc.problem.line, exc.problem.column, exc.problem.code) from None
    result = _Reader(graph).result()
    result.unmapped[:0] = notes
    return result


def _sniff(path: Path) -> str:
    try:
        head = path.read_bytes()[:512].lstrip(b"\xef\xbb\xbf \t\r\n")
    except OSError:
        return "turtle"
    if head.startswith(b"<") or head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "xml"
    if head.startswith((b"{", b"[")):
        return "json-ld"
    return "turtle"


def _natural(text: str) -> list:
    return [(0, int(part), "") if part.isdigit() else (1, 0, part) for part in re.split(r"(\d+)", text)]


def _slug(text: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:64].strip("-")
    return slug or "item"


def _clean(data: Any) -> Any:
    """Plain data without None or empty values (for files written without validation)."""
    if isinstance(data, dict):
        out = {k: _clean(x) for k, x in data.items()}
        return {k: x for k, x in out.items() if x not in (None, [], {})}
    if isinstance(data, list):
        return [_clean(x) for x in data]
    return data


class _Reader:
    def __init__(self, graph) -> None:
        from rdflib import URIRef

        self.g = graph
        self.URIRef = URIRef
        self.used: set = set()
        self.unmapped: list[str] = []
        self.ids: dict[str, dict[str, str]] = {kind: {} for kind in _KIND_SEGMENT}
        self.taken: dict[str, set[str]] = {kind: set() for kind in _KIND_SEGMENT}
        self.base: str | None = None
        self.languages: Counter = Counter()

    # -- reading the graph, remembering what was read -------------------------------------------

    def objects(self, s, p: str) -> list:
        found = sorted(self.g.objects(s, self.URIRef(p)), key=lambda o: (str(o), getattr(o, "language", "") or ""))
        for o in found:
            self.used.add((s, self.URIRef(p), o))
        return found

    def links(self, s, p: str) -> list:
        return [o for o in self.objects(s, p) if isinstance(o, self.URIRef)]

    def link(self, s, p: str):
        found = self.links(s, p)
        return found[0] if found else None

    def literal(self, s, p: str) -> str | None:
        found = [str(o) for o in self.objects(s, p) if not isinstance(o, self.URIRef)]
        return found[0] if found else None

    def text(self, s, p: str) -> dict[str, str] | None:
        out: dict[str, str] = {}
        for o in self.objects(s, p):
            if isinstance(o, self.URIRef):
                continue
            lang = (o.language or "").lower().split("-")[0]
            if not re.fullmatch(r"[a-z]{2}", lang):
                lang = "en"
                self.unmapped.append(f"{s}: text without a two-letter language tag read as English: {str(o)[:60]!r}")
            if lang in out:
                self.unmapped.append(f"{s}: a second {p.rsplit('/', 1)[-1]} in '{lang}' was left out: {str(o)[:60]!r}")
                continue
            out[lang] = str(o)
            self.languages[lang] += 1
        return out or None

    def types(self, s) -> set[str]:
        found = {str(o) for o in self.g.objects(s, self.URIRef(RDF_TYPE))}
        for o in self.g.objects(s, self.URIRef(RDF_TYPE)):
            self.used.add((s, self.URIRef(RDF_TYPE), o))
        return found

    def subjects_of(self, cls: str) -> list:
        return sorted({s for s in self.g.subjects(self.URIRef(RDF_TYPE), self.URIRef(cls))
                       if isinstance(s, self.URIRef)}, key=lambda s: _natural(str(s)))

    def notation(self, concept) -> str | None:
        return self.literal(concept, SKOS + "notation")

    def label(self, concept) -> str | None:
        labels = self.text(concept, SKOS + "prefLabel") or {}
        for lang in ("en", *sorted(labels)):
            if lang in labels:
                return labels[lang]
        return None

    # -- ids and the base URI --------------------------------------------------------------------

    def id_for(self, kind: str, uri, title: dict[str, str] | None = None) -> str:
        uri = str(uri)
        if uri in self.ids[kind]:
            return self.ids[kind][uri]
        seg = _KIND_SEGMENT[kind]
        m = re.search(rf"{seg}/([a-z0-9][a-z0-9-]{{0,63}})$", uri)
        if m:
            wanted = m.group(1)
            if self.base is None and kind in ("programme", "unit"):
                self.base = uri[:m.start()]
        else:
            tail = re.split(r"[/#:]", uri.rstrip("/#:"))[-1]
            wanted = _slug(tail if tail and not title else next(iter(sorted((title or {}).items())), ("", tail))[1])
        new, n = wanted, 1
        while new in self.taken[kind]:
            n += 1
            new = f"{wanted[:60]}-{n}"
        if new != (m.group(1) if m else None):
            self.unmapped.append(f"{uri}: given the {kind} id '{new}'")
        self.taken[kind].add(new)
        self.ids[kind][uri] = new
        return new

    # -- the parts -------------------------------------------------------------------------------

    def credits(self, s) -> float | None:
        points = None
        for cp in self.links(s, ELM + "creditPoint"):
            framework = self.link(cp, ELM + "framework")
            value = self.literal(cp, ELM + "point")
            self.types(cp)
            if framework is not None and str(framework) == v.ECVET and value is not None:
                try:
                    points = float(value)
                    continue
                except ValueError:
                    pass
            label = self.label(framework) if framework is not None else None
            self.unmapped.append(f"{s}: {value} credit points in {label or framework} (only ECVET points are kept)")
        return points

    def eqf(self, s, *props: str) -> int | None:
        for p in props:
            for level in self.links(s, p):
                n = v.eqf_number(str(level))
                if n is not None:
                    return n
        return None

    def position(self, node, scheme) -> int | None:
        for ident in self.links(node, ADMS + "identifier"):
            scheme_id = self.literal(ident, ELM + "schemeId")
            if scheme_id == str(scheme):
                self.types(ident)
                self.literal(ident, ELM + "schemeName")
                value = self.literal(ident, SKOS + "notation")
                if value and value.isdigit():
                    return int(value)
        return None

    def note_with_subject(self, s, subject: str) -> tuple[dict[str, str] | None, list]:
        """(the text of the note about ``subject``, the other notes)."""
        found, others = None, []
        for note in self.links(s, ELM + "additionalNote"):
            concept = self.link(note, DC + "subject")
            if concept is not None and (self.notation(concept) == subject or str(concept).endswith("/" + subject)):
                self.types(note)
                self.types(concept)
                found = self.text(note, ELM + "noteLiteral")
            else:
                others.append(note)
        return found, others

    def outcome(self, lo, unit_uri) -> dict:
        self.types(lo)
        title = self.text(lo, DC + "title")
        kind = None
        for t in self.links(lo, DC + "type"):
            uri = str(t)
            kind = ({u: k for k, u in v.SKILL_TYPES.items()}.get(uri) or _ESCO_SKILL_TYPES.get(uri)
                    or (self.notation(t) if self.notation(t) in ("knowledge", "skill", "competence") else None))
            if kind:
                break
        if kind is None:
            self.unmapped.append(f"{lo}: no learning outcome type (knowledge, skill or competence); written as skill")
            kind = "skill"
        assessment, notes = self.note_with_subject(lo, v.ASSESSMENT)
        for note in notes:
            self.unmapped.append(f"{lo}: note {note} not mapped")
        other = self.links(lo, ELM + "relatedSkill")
        if other:
            self.unmapped.append(f"{lo}: {len(other)} related non-ESCO skill(s) not mapped")
        if title is None:
            self.unmapped.append(f"{lo}: no title (the outcome's statement); add statement:")
        return {
            "id": self.id_for("outcome", lo, title), "type": kind, "statement": title,
            "esco": sorted(str(s) for s in self.links(lo, ELM + "relatedESCOSkill")),
            "assessment": assessment,
        }

    def partner_id(self, org) -> str | None:
        if org is None:
            return None
        names = {str(o.language or ""): str(o) for o in self.g.objects(org, self.URIRef(ROV + "legalName"))}
        return self.id_for("partner", org, names or None)

    def unit(self, u, programmes: list) -> dict:
        self.types(u)
        title = self.text(u, DC + "title")
        data: dict[str, Any] = {"id": self.id_for("unit", u, title), "title": title,
                                "description": self.text(u, DC + "description")}
        data["eqf_level"] = self.eqf(u, ELM + "educationLevel", ELM + "EQFLevel")
        data["ecvet_points"] = self.credits(u)
        owner = self.link(u, DC + "publisher")
        data["owner"] = self.partner_id(owner)
        self.links(u, ELM + "isPartOf")
        self.links(u, ELM + "ISCEDFCode")  # the programmes' fields: derived on export
        self.links(u, DC + "language")
        requirement = self.link(u, ELM + "entryRequirement")
        data["prerequisites"] = self.prerequisites(u, requirement) if requirement is not None else []
        data["hours"] = self.hours(u)
        data["teaching_methods"] = self.teaching_methods(u)
        self.derived(u)
        methods = []
        for spec in sorted(self.links(u, ELM + "provenBy"), key=lambda s: _natural(str(s))):
            self.types(spec)
            self.links(spec, ELM + "proves")
            titles = self.text(spec, DC + "title") or {}
            if titles and titles not in methods:
                methods.append(titles)  # multilingual, like every text
        data["assessment_methods"] = methods
        outcomes = self.links(u, ELM + "learningOutcome")
        outcomes.sort(key=lambda lo: (self.position(lo, u) or 10**9, _natural(str(lo))))
        data["learning_outcomes"] = [self.outcome(lo, u) for lo in outcomes]
        return data

    def prerequisites(self, u, note) -> list[str]:
        self.types(note)
        texts = self.text(note, ELM + "noteLiteral") or {}
        text = texts.get(self.default_language) or (texts[min(texts)] if texts else "")
        found = []
        for uri in re.findall(r"<([^<>\s]+)>", text):
            if (self.URIRef(uri), self.URIRef(RDF_TYPE), self.URIRef(ELM + "LearningAchievementSpecification")) in self.g \
                    or re.search(r"unit/[a-z0-9][a-z0-9-]{0,63}$", uri):
                found.append(self.id_for("unit", uri))
        if not found and text:
            self.unmapped.append(f"{u}: entry requirement not mapped (it names no unit): {text[:80]!r}")
        return list(dict.fromkeys(found))

    def hours(self, u) -> dict | None:
        activities = self.links(u, ELM + "influencedBy")
        volume = self.literal(u, ELM + "volumeOfLearning")
        if not activities:
            if volume is None:
                return None
            hours = numbers.duration_hours(volume)
            if hours is None:
                self.unmapped.append(f"{u}: volume of learning {volume} not mapped")
                return None
            self.unmapped.append(f"{u}: volume of learning {volume} counted as hours at school")
            return {"school": hours}
        out = {"school": 0.0, "workplace": 0.0}
        for act in activities:
            if self.teaching_method(act):
                continue
            self.types(act)
            self.links(act, ELM + "influences")
            self.text(act, DC + "title")
            modes = {str(m) for m in self.links(act, ELM + "mode")}
            amount = self.literal(act, ELM + "volumeOfLearning")
            hours = numbers.duration_hours(amount) if amount else None
            if hours is None:
                self.unmapped.append(f"{u}: learning activity {act} has no volume of learning in hours")
                continue
            out["workplace" if v.MODE_WORKBASED in modes else "school"] += hours
        return out

    def teaching_method(self, act) -> bool:
        """An activity without a volume of learning: a teaching method (titled with it)."""
        return (act, self.URIRef(ELM + "volumeOfLearning"), None) not in self.g and \
            (act, self.URIRef(DC + "title"), None) in self.g

    def teaching_methods(self, u) -> list[dict[str, str]]:
        methods = []
        acts = [a for a in self.links(u, ELM + "influencedBy") if self.teaching_method(a)]
        for act in sorted(acts, key=lambda a: _natural(str(a))):
            self.types(act)
            self.links(act, ELM + "influences")
            self.links(act, ELM + "mode")  # follows from the method's text
            title = self.text(act, DC + "title")
            if title and title not in methods:
                methods.append(title)
        return methods

    def derived(self, s) -> None:
        """What the export derives from other fields: the learning outcome summary (the outcomes),
        the learning setting and modes (the teaching methods), a partial qualification's flag and
        NQF levels (its programmes')."""
        for note in self.links(s, ELM + "learningOutcomeSummary"):
            self.types(note)
            self.objects(note, ELM + "noteLiteral")
        self.links(s, ELM + "learningSetting")
        self.links(s, ELM + "mode")
        self.objects(s, ELM + "isPartialQualification")
        if self.literal(s, ELM + "isPartialQualification") == "true":
            self.links(s, ELM + "NQFLevel")

    def nqf_level(self, q) -> str | dict[str, str] | None:
        """The NQF level as written (skillweave's note), else the levels of the QDR's list (or, from
        files of earlier versions, a concept of the programme's own with the text as notation)."""
        labels = []
        eqf_uri = self.link(q, ELM + "EQFLevel")
        for concept in self.links(q, ELM + "NQFLevel"):
            level = nqf.level_by_uri(str(concept))
            self.types(concept)
            if level is not None:
                labels.append(f"{level.framework.name} {level.level}")
            elif concept != eqf_uri:
                labels.append(self.notation(concept) or self.label(concept) or str(concept))
        written, _ = self.note_with_subject(q, "nqf-level")
        if written:
            return Programme.nqf_from_text(written.get(self.default_language) or written[min(written)])
        return Programme.nqf_from_text(" / ".join(dict.fromkeys(labels))) if labels else None

    def durations(self, q, data: dict) -> None:
        """The nominal duration of the learning opportunities of the programme; its maximum."""
        found = []
        for lo in sorted(self.g.subjects(self.URIRef(ELM + "learningAchievementSpecification"), q),
                         key=lambda o: _natural(str(o))):
            if ELM + "LearningOpportunity" not in self.types(lo):
                continue
            for p in (DC + "title", FOAF + "homepage", ELM + "providedBy", ELM + "location",
                      ELM + "learningAchievementSpecification", ELM + "defaultLanguage"):
                self.objects(lo, p)
            duration = self.literal(lo, ELM + "duration")
            months = self.months(q, duration) if duration else None
            if months:
                found.append(months)
        if found:
            data["duration_months"] = found[0]
            if len(set(found)) > 1:
                self.unmapped.append(f"{q}: learning opportunities of other durations than {found[0]} months not mapped")
        maximum = self.literal(q, ELM + "maximumDuration")
        if maximum:
            data["maximum_duration_months"] = self.months(q, maximum)

    def months(self, s, duration: str) -> int | None:
        parsed = numbers.parse_duration(duration)
        if parsed and (parsed[0] or parsed[1]):
            months = parsed[0] + -(-parsed[1] // 30)
            if parsed[1] or parsed[2]:
                self.unmapped.append(f"{s}: duration {duration} rounded up to {months} months")
            return months
        self.unmapped.append(f"{s}: duration {duration} not mapped")
        return None

    def programme(self, q) -> tuple[dict, list[dict]]:
        """(programme data, units made from the qualification's own outcomes)."""
        self.types(q)
        title = self.text(q, DC + "title")
        pid = self.id_for("programme", q, title)
        data: dict[str, Any] = {"id": pid, "title": title, "description": self.text(q, DC + "description")}
        data["eqf_level"] = self.eqf(q, ELM + "EQFLevel", ELM + "educationLevel")
        data["nqf_level"] = self.nqf_level(q)
        self.derived(q)
        codes = [v.isced_code(str(c)) for c in self.links(q, ELM + "ISCEDFCode")]
        codes = [c for c in codes if c and c != v.ISCED_F_UNKNOWN]
        if codes:
            data["isced_f"] = codes[0]
            if len(codes) > 1:
                self.unmapped.append(f"{q}: ISCED-F fields {', '.join(codes[1:])} not mapped (a programme has one)")
        occupations = []
        for ent in sorted(self.links(q, ELM + "entitlesTo"), key=lambda e: _natural(str(e))):
            self.types(ent)
            for p in (DC + "title", DC + "type", ELM + "entitlementStatus", ELM + "entitledBy"):
                self.objects(ent, p)
            occupations += [str(o) for o in self.links(ent, ELM + "limitOccupation")]
        data["occupations"] = list(dict.fromkeys(occupations))
        if not occupations:
            self.unmapped.append(f"{q}: no target occupation (elm:entitlesTo/elm:limitOccupation); add occupations:")
        self.durations(q, data)
        data["ecvet_points"] = self.credits(q)
        awarding = []
        for award in sorted(self.links(q, ELM + "awardingOpportunity"), key=lambda a: _natural(str(a))):
            self.types(award)
            self.links(award, ELM + "learningAchievementSpecification")
            self.links(award, ELM + "location")
            awarding += [self.partner_id(o) for o in self.links(award, ELM + "awardingBody")]
        data["awarding_partners"] = list(dict.fromkeys(awarding))
        self.links(q, DC + "language")
        self.objects(q, ELM + "volumeOfLearning")  # the units' hours: derived on export
        parts = set(self.g.subjects(self.URIRef(ELM + "isPartOf"), q)) | set(self.links(q, ELM + "hasPart"))
        parts = [u for u in parts if str(u) in self.las]
        parts.sort(key=lambda u: (self.position(u, q) or 10**9, _natural(str(u))))
        data["units"] = [self.id_for("unit", u) for u in parts]
        own_units = []
        unit_outcomes = {lo for u in parts for lo in self.g.objects(u, self.URIRef(ELM + "learningOutcome"))}
        outcomes = [lo for lo in self.links(q, ELM + "learningOutcome")
                    if lo not in unit_outcomes and str(lo) != f"{q}/learning-outcome"]
        for lo in self.links(q, ELM + "learningOutcome"):
            if str(lo) == f"{q}/learning-outcome":
                self.types(lo)
                self.text(lo, DC + "title")
        if outcomes and not parts:
            unit = {"id": self.id_for("unit", q, title), "title": title, "description": data["description"],
                    "eqf_level": data["eqf_level"], "ecvet_points": data["ecvet_points"],
                    "owner": awarding[0] if awarding else self.partner_id(self.link(q, DC + "publisher")),
                    "learning_outcomes": [self.outcome(lo, q) for lo in outcomes]}
            requirement = self.link(q, ELM + "entryRequirement")
            if requirement is not None:
                texts = self.text(requirement, ELM + "noteLiteral") or {}
                self.types(requirement)
                if texts:
                    self.unmapped.append(f"{q}: entry requirement not mapped: {next(iter(texts.values()))[:80]!r}")
            self.unmapped.append(f"{q}: a qualification without parts; its learning outcomes became unit '{unit['id']}'")
            own_units.append(unit)
            data["units"] = [unit["id"]]
        elif outcomes:
            self.unmapped.append(f"{q}: {len(outcomes)} learning outcome(s) of no unit not mapped")
        return data, own_units

    def organisation(self, org) -> dict:
        self.types(org)
        name = self.text(org, ROV + "legalName") or self.text(org, SKOS + "prefLabel")
        data: dict[str, Any] = {"id": self.partner_id(org), "name": name}
        kind = "other"
        for t in self.links(org, DC + "type"):
            if self.notation(t) in ("vet-provider", "employer", "social-partner", "sectoral-body",
                                    "public-authority", "other"):
                kind = self.notation(t)
                self.types(t)
        data["type"] = kind
        country = None
        for loc in self.links(org, ELM + "location"):
            self.types(loc)
            for address in self.links(loc, ELM + "address"):
                self.types(address)
                for c in self.links(address, ELM + "countryCode"):
                    country = country or v.country_code(str(c)) or self.notation(c)
        identifiers: dict[str, str] = {}
        for prop, key in ((ROV + "registration", "legal"), (ELM + "eidasLegalIdentifier", "legal"),
                          (ELM + "vatIdentifier", "vat"), (ELM + "taxIdentifier", "tax"), (ADMS + "identifier", "id")):
            for ident in self.links(org, prop):
                self.types(ident)
                value = self.notation(ident)
                scheme = self.literal(ident, ELM + "schemeName")
                for c in self.links(ident, DC + "spatial"):
                    country = country or v.country_code(str(c)) or self.notation(c)
                if value is None:
                    continue
                name_ = scheme if prop == ADMS + "identifier" and scheme else key
                if name_ in identifiers:
                    name_ = f"{name_}-{len(identifiers) + 1}"
                identifiers[name_] = value
        data["identifiers"] = identifiers
        data["country"] = country
        if country is None:
            self.unmapped.append(f"{org}: no country (elm:location/elm:address/elm:countryCode); add country:")
        url, notes = self.note_with_subject(org, v.HOMEPAGE)
        if url:
            data["url"] = url.get(self.default_language) or url[min(url)]
        for page in self.links(org, FOAF + "homepage"):
            self.types(page)
            data.setdefault("url", self.literal(page, ELM + "contentUrl"))
        for note in notes:
            texts = self.text(note, ELM + "noteLiteral")
            self.types(note)
            if str(note).endswith("/description") and "description" not in data:
                data["description"] = texts
            else:
                self.unmapped.append(f"{org}: note {note} not mapped")
        self.links(org, ELM + "groupMemberOf")
        if name is None:
            self.unmapped.append(f"{org}: no legal name; add name:")
        return data

    # -- the whole file --------------------------------------------------------------------------

    def result(self) -> ImportResult:
        quals = self.programmes_in_graph()
        self.las = {str(u) for u in self.subjects_of(ELM + "LearningAchievementSpecification")}
        self.las |= {str(u) for u in self.subjects_of(ELM + "Qualification")}
        self.las -= {str(q) for q in quals}
        self.default_language = self._default_language(quals)
        files: dict[str, str] = {}
        programmes = []
        units_by_id: dict[str, dict] = {}
        programme_of_unit: dict[str, dict] = {}
        for q in quals:
            data, own = self.programme(q)
            programmes.append(data)
            for u in own:
                units_by_id[u["id"]] = u
            for uid in data["units"]:
                programme_of_unit.setdefault(uid, data)
        for uri in sorted(self.las, key=_natural):
            u = self.URIRef(uri)
            data = self.unit(u, [])
            units_by_id[data["id"]] = data
        for uid, data in units_by_id.items():  # values a unit may take from its programme
            prog = programme_of_unit.get(uid)
            if prog is not None:
                if data.get("eqf_level") is None and prog.get("eqf_level") is not None:
                    data["eqf_level"] = prog["eqf_level"]
                    self.unmapped.append(f"unit '{uid}': no EQF level; took the programme's")
                if data.get("owner") is None and prog.get("awarding_partners"):
                    data["owner"] = prog["awarding_partners"][0]
                    self.unmapped.append(f"unit '{uid}': no publisher (owner); took the programme's first awarding body")
        for p in programmes:
            if p.get("ecvet_points") is None and p["units"] and all(
                    units_by_id.get(uid, {}).get("ecvet_points") is not None for uid in p["units"]):
                p["ecvet_points"] = sum(units_by_id[uid]["ecvet_points"] for uid in p["units"])
                self.unmapped.append(f"programme '{p['id']}': no ECVET points; took the sum of its units'")
            if p.get("duration_months") is None and p.get("ecvet_points"):
                p["duration_months"] = max(1, round(p["ecvet_points"] / 5))
                self.unmapped.append(f"programme '{p['id']}': no duration; took 12 months per 60 ECVET points")
        alliance = self._alliance()
        if alliance is not None:
            files["curricula/alliance.yaml"] = self._file(Alliance, alliance, "the alliance")
        for p in programmes:
            files[f"curricula/programmes/{p['id']}.yaml"] = self._file(Programme, p, f"programme '{p['id']}'")
        for uid, u in units_by_id.items():
            files[f"curricula/units/{uid}.yaml"] = self._file(Unit, u, f"unit '{uid}'")
        if not quals and not self.las:
            self.unmapped.append("no elm:Qualification or elm:LearningAchievementSpecification: no programme or unit")
        self._report_unread()
        return ImportResult(files=files, unmapped=list(dict.fromkeys(self.unmapped)))

    def programmes_in_graph(self) -> list:
        """Full qualifications, and specifications that have parts, target occupations or
        awarding bodies (as programmes without a national level are written)."""
        out = []
        for q in self.subjects_of(ELM + "Qualification"):
            partial = (q, self.URIRef(ELM + "isPartialQualification"), None) in self.g and \
                str(next(self.g.objects(q, self.URIRef(ELM + "isPartialQualification")))).lower() == "true"
            if not partial:
                out.append(q)
        for s in self.subjects_of(ELM + "LearningAchievementSpecification"):
            if s in out:
                continue
            if any((s, self.URIRef(ELM + p), None) in self.g for p in ("hasPart", "entitlesTo", "awardingOpportunity")) \
                    or (None, self.URIRef(ELM + "isPartOf"), s) in self.g:
                out.append(s)
        return sorted(out, key=lambda s: _natural(str(s)))

    def _default_language(self, quals) -> str:
        titled = [str(o.language) for s in quals for o in self.g.objects(s, self.URIRef(DC + "title"))
                  if getattr(o, "language", None)]
        counts = Counter(lang.lower()[:2] for lang in titled)
        if not counts or "en" in counts:
            return "en"
        return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[0][0]

    def _alliance(self) -> dict | None:
        orgs = self.subjects_of(ELM + "Organisation")
        groups = [g for g in self.subjects_of(ELM + "Group")
                  if set(self.g.objects(g, self.URIRef(FOAF + "member"))) & set(orgs)]
        if not orgs:
            return None
        partners = [self.organisation(o) for o in orgs]
        partners.sort(key=lambda p: p["id"])
        data: dict[str, Any] = {"id": None, "name": None}
        if groups:
            group = groups[0]
            self.types(group)
            name = self.text(group, SKOS + "prefLabel")
            data["id"] = self.id_for("alliance", group, name)
            data["name"] = name
            self.links(group, FOAF + "member")
            for note in self.links(group, ELM + "additionalNote"):
                self.types(note)
                data["description"] = self.text(note, ELM + "noteLiteral")
            if len(groups) > 1:
                self.unmapped.append(f"{len(groups) - 1} more group(s) of organisations not mapped")
        else:
            data["id"] = "imported"
            data["name"] = {self.default_language: "Imported alliance"}
            self.unmapped.append("no elm:Group of the organisations: the alliance is named 'Imported alliance'")
        languages = {v.language_code(str(c)) for c in self.g.objects(None, self.URIRef(DC + "language"))}
        languages |= {c for c in self.languages if c}
        languages.discard(None)
        languages.add(self.default_language)
        data["languages"] = [self.default_language] + sorted(languages - {self.default_language})
        data["default_language"] = self.default_language
        if self.base and self.base != f"urn:skillweave:{data['id']}:":
            data["base_uri"] = self.base
        data["partners"] = partners
        return data

    def _file(self, model: type[BaseModel], data: dict, what: str) -> str:
        data = _clean(data)
        try:
            obj = model.model_validate(data, context={"default_language": self.default_language})
        except ValidationError as exc:
            for err in exc.errors(include_url=False):
                where = ".".join(str(x) for x in err["loc"])
                self.unmapped.append(f"{what}: {where}: {err['msg'].lower()} (not in the source; complete the file)")
            obj = model.model_construct(**{name: data.get(name) for name in model.model_fields})
        return writer.dump(obj)

    def _report_unread(self) -> None:
        """Statements of the source that no field took, by class and property."""
        skipped_types = {SKOS + "Concept", SKOS + "ConceptScheme"}
        learner_types = {ELM + "Person", ELM + "LearningAchievement", ELM + "LearningActivity",
                         ELM + "LearningAssessment", ELM + "LearningEntitlement", ELM + "EuropeanDigitalCredential"}
        counts: Counter = Counter()
        persons = 0
        for s, p, o in self.g:
            if (s, p, o) in self.used:
                continue
            types = {str(t) for t in self.g.objects(s, self.URIRef(RDF_TYPE))}
            if types & skipped_types:
                continue
            if types & learner_types:
                if ELM + "Person" in types and str(p) == RDF_TYPE:
                    persons += 1
                continue
            cls = min((_short(t) for t in types), default="(untyped)")
            counts[(cls, _short(str(p)))] += 1
        if persons:
            self.unmapped.append(f"{persons} person(s) and their claims: learner data, never imported")
        for (cls, prop), n in sorted(counts.items()):
            self.unmapped.append(f"not read: {cls} {prop} ({n})")


def _short(iri: str) -> str:
    for prefix, ns in v.PREFIXES + (("org", v.ORG), ("cred", "https://www.w3.org/2018/credentials#")):
        if iri.startswith(ns):
            return f"{prefix}:{iri[len(ns):]}"
    return f"<{iri}>"
