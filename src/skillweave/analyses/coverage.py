"""Skills coverage and gaps: which ESCO skills of each programme's target occupations its
learning outcomes teach, and which they miss.

For every programme and target occupation: the essential and the optional skills, each split by
skill type (skill/competence, knowledge), how many the programme's learning outcomes link by exact
URI (the headline figure) and the ratio; the missing skills ranked (skills that more of the
programme's target occupations need first, then by label); separately, and labelled as such, the
missing skills that are credited through the ESCO hierarchy because the programme teaches a
narrower skill (or the skill's direct broader skill). Per unit: its skills and how many essential
skills of the target occupations it covers. The skills the programme teaches that none of its
target occupations lists are reported as extra skills.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from skillweave.model import Curriculum, Resolved
from skillweave.vocab import Vocabulary

#: how many levels of skos:broader a taught narrower skill may be below a missing skill
HIERARCHY_DEPTH = 3


@dataclass(frozen=True)
class SkillRef:
    uri: str
    label: str
    type: str  # "skill" | "knowledge" | "unknown"


@dataclass(frozen=True)
class HierarchyCredit:
    skill: SkillRef
    via: SkillRef
    relation: str  # "narrower": the programme teaches a narrower skill; "broader": its direct broader skill


@dataclass
class SkillSet:
    """Coverage of one relation (essential or optional) of one occupation."""

    total: int
    covered: int
    by_type: dict[str, tuple[int, int]]  # type -> (covered, total)
    covered_skills: list[SkillRef]
    missing: list[SkillRef]
    hierarchy: list[HierarchyCredit]

    @property
    def ratio(self) -> float | None:
        return round(self.covered / self.total, 4) if self.total else None

    def as_dict(self) -> dict:
        return {
            "total": self.total,
            "covered": self.covered,
            "ratio": self.ratio,
            "by_type": {t: {"covered": c, "total": n} for t, (c, n) in sorted(self.by_type.items())},
            "missing": [_ref(s) for s in self.missing],
            "via_hierarchy": {
                "covered": len(self.hierarchy),
                "skills": [{**_ref(h.skill), "via": h.via.uri, "via_label": h.via.label, "relation": h.relation}
                           for h in self.hierarchy],
            },
        }


def _ref(s: SkillRef) -> dict:
    return {"uri": s.uri, "label": s.label, "type": s.type}


@dataclass
class OccupationCoverage:
    uri: str
    label: str
    essential: SkillSet
    optional: SkillSet

    def as_dict(self) -> dict:
        return {"uri": self.uri, "label": self.label, "essential": self.essential.as_dict(),
                "optional": self.optional.as_dict()}


@dataclass
class UnitContribution:
    id: str
    title: str
    skills: list[str]
    essential_covered: int
    #: essential skill URI -> number of this unit's outcomes that link it
    essential_hits: dict[str, int] = field(default_factory=dict)

    def as_dict(self) -> dict:
        return {"id": self.id, "skills": self.skills, "essential_covered": self.essential_covered}


@dataclass
class ProgrammeCoverage:
    id: str
    title: str
    occupations: list[OccupationCoverage]
    units: list[UnitContribution]
    extra_skills: list[SkillRef]
    #: the essential skills of all target occupations, ranked as in the heat map
    essential_skills: list[SkillRef]

    def as_dict(self) -> dict:
        return {
            "id": self.id,
            "occupations": [o.as_dict() for o in self.occupations],
            "units": [u.as_dict() for u in self.units],
            "extra_skills": [{"uri": s.uri, "label": s.label} for s in self.extra_skills],
        }


@dataclass
class CoverageReport:
    programmes: list[ProgrammeCoverage]

    def as_dict(self) -> dict:
        return {"programmes": [p.as_dict() for p in self.programmes]}


def _skill_ref(vocab: Vocabulary, uri: str, lang: str) -> SkillRef:
    c = vocab.concept(uri)
    return SkillRef(uri, c.label(lang) if c else uri, (c.skill_type if c and c.skill_type else "unknown"))


def _ancestors(vocab: Vocabulary, uri: str, depth: int) -> set[str]:
    seen: set[str] = set()
    frontier = [uri]
    for _ in range(depth):
        nxt = []
        for u in frontier:
            c = vocab.concept(u)
            for b in c.broader if c else ():
                if b not in seen:
                    seen.add(b)
                    nxt.append(b)
        frontier = nxt
    return seen


def analyse(cur: Curriculum, vocab: Vocabulary, resolved: Resolved) -> CoverageReport:
    lang = cur.alliance.default_language if cur.alliance else "en"
    programmes = []
    for pid in sorted(cur.programmes):
        prog = cur.programmes[pid]
        units = [cur.units[u] for u in dict.fromkeys(prog.units) if u in cur.units]
        unit_skills: dict[str, list[str]] = {}
        outcome_hits: dict[str, dict[str, int]] = {}
        for unit in units:
            skills: list[str] = []
            hits: dict[str, int] = {}
            for lo in unit.learning_outcomes:
                for uri in resolved.outcome_skills.get(lo.id, []):
                    if uri not in hits:
                        skills.append(uri)
                    hits[uri] = hits.get(uri, 0) + 1
            unit_skills[unit.id] = skills
            outcome_hits[unit.id] = hits
        taught = {s for skills in unit_skills.values() for s in skills}
        # taught skill -> its broader skills (for hierarchy credit)
        taught_ancestors = {t: _ancestors(vocab, t, HIERARCHY_DEPTH) for t in sorted(taught)}
        occupations = resolved.programme_occupations.get(pid, [])
        need_count: dict[str, int] = {}
        for occ in occupations:
            for s in vocab.essential_skills(occ):
                need_count[s] = need_count.get(s, 0) + 1

        def rank(uris: list[str]) -> list[SkillRef]:
            refs = [_skill_ref(vocab, u, lang) for u in uris]
            return sorted(refs, key=lambda r: (-need_count.get(r.uri, 0), r.label.casefold(), r.uri))

        def skill_set(uris: list[str]) -> SkillSet:
            by_type: dict[str, list[int]] = {}
            missing, covered = [], []
            for u in uris:
                t = _skill_ref(vocab, u, lang).type
                entry = by_type.setdefault(t, [0, 0])
                entry[1] += 1
                if u in taught:
                    entry[0] += 1
                    covered.append(u)
                else:
                    missing.append(u)
            credits = []
            for ref in rank(missing):
                via = _hierarchy_credit(vocab, ref.uri, taught_ancestors)
                if via:
                    other, relation = via
                    credits.append(HierarchyCredit(ref, _skill_ref(vocab, other, lang), relation))
            return SkillSet(len(uris), len(covered), {t: (c, n) for t, (c, n) in by_type.items()},
                            rank(covered), rank(missing), credits)

        occ_reports = []
        listed: set[str] = set()
        for occ in occupations:
            essential = vocab.essential_skills(occ)
            optional = vocab.optional_skills(occ)
            listed.update(essential, optional)
            c = vocab.concept(occ)
            occ_reports.append(OccupationCoverage(occ, c.label(lang) if c else occ, skill_set(essential),
                                                  skill_set(optional)))
        essential_all = rank(sorted(need_count))
        contributions = []
        for unit in units:
            hits = {s: n for s, n in outcome_hits[unit.id].items() if s in need_count}
            contributions.append(UnitContribution(unit.id, unit.title.get(lang), unit_skills[unit.id], len(hits), hits))
        extra = sorted((_skill_ref(vocab, s, lang) for s in taught - listed), key=lambda r: (r.label.casefold(), r.uri))
        programmes.append(ProgrammeCoverage(pid, prog.title.get(lang), occ_reports, contributions, extra, essential_all))
    return CoverageReport(programmes)


def _hierarchy_credit(vocab: Vocabulary, missing: str, taught_ancestors: dict[str, set[str]]) -> tuple[str, str] | None:
    """A taught skill narrower than ``missing`` (preferred), or ``missing``'s direct broader skill if taught."""
    for taught, ancestors in taught_ancestors.items():
        if missing in ancestors:
            return taught, "narrower"
    c = vocab.concept(missing)
    for b in c.broader if c else ():
        if b in taught_ancestors:
            return b, "broader"
    return None
