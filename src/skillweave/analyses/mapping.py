"""Partner curriculum mapping: each national unit against each joint unit, for credit transfer.

A national unit N and a joint unit J are compared by the ESCO skills their learning outcomes link
(the main signal) and, as a secondary signal, by the words of their titles and outcome statements
in the languages both have (TF-IDF cosine). The relation is named in SKOS mapping terms, from the
national unit's point of view:

* ``exact``  the two link the same skills;
* ``close``  they share at least 60 % of the skills of one and 40 % of the other's;
* ``broad``  the joint unit is broader: at least 80 % of N's skills are in J, under 40 % of J's in N;
* ``narrow`` the joint unit is narrower: at least 80 % of J's skills are in N, under 40 % of N's in J;
* ``related`` some skills shared.

The score (the confidence) is ``0.85 × Dice + 0.15 × text similarity``. A unit that links no
ESCO skill is compared by its words alone: ``related`` from a text similarity of 0.3, with half
the similarity as its score. Matches are listed best first. Credit transfer: for a learner who holds every unit of the national qualification, a joint
unit of a programme is *recognised* when the national units together link at least 80 % of its
skills, *partly* recognised from 30 %, and otherwise to be learned; the skills still missing are
listed.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass, field

from skillweave.model import Curriculum, Resolved, Unit
from skillweave.vocab import Vocabulary

CLOSE_MIN = 0.4
CLOSE_MAX = 0.6
CONTAINED = 0.8
TEXT_ONLY_MIN = 0.3
TEXT_ONLY_WEIGHT = 0.5
RECOGNISED = 0.8
PARTIAL = 0.3
SKILL_WEIGHT = 0.85

_WORD = re.compile(r"[^\W\d_]{3,}", re.UNICODE)


@dataclass(frozen=True)
class Match:
    joint_unit: str
    relation: str
    score: float
    shared_skills: tuple[str, ...]

    def as_dict(self) -> dict:
        return {"joint_unit": self.joint_unit, "relation": self.relation, "score": self.score,
                "shared_skills": list(self.shared_skills)}


@dataclass
class NationalUnitMapping:
    unit: str
    title: str
    ecvet_points: float
    matches: list[Match]

    def as_dict(self) -> dict:
        return {"unit": self.unit, "matches": [m.as_dict() for m in self.matches]}


@dataclass
class CreditUnit:
    unit: str
    ecvet_points: float
    coverage: float | None
    via: list[str] = field(default_factory=list)
    missing: list[tuple[str, str]] = field(default_factory=list)  # (uri, label)

    def as_dict(self) -> dict:
        return {"unit": self.unit, "ecvet_points": self.ecvet_points, "coverage": self.coverage,
                "via": self.via, "missing": [{"uri": u, "label": lab} for u, lab in self.missing]}


@dataclass
class CreditTransfer:
    programme: str
    recognised: list[CreditUnit]
    partial: list[CreditUnit]
    to_learn: list[CreditUnit]

    @property
    def recognised_points(self) -> float:
        return sum(u.ecvet_points for u in self.recognised)

    @property
    def remaining_points(self) -> float:
        return sum(u.ecvet_points for u in self.partial + self.to_learn)

    def as_dict(self) -> dict:
        return {"programme": self.programme,
                "recognised": [u.as_dict() for u in self.recognised],
                "partial": [u.as_dict() for u in self.partial],
                "to_learn": [u.as_dict() for u in self.to_learn],
                "recognised_points": self.recognised_points,
                "remaining_points": self.remaining_points}


@dataclass
class QualificationMapping:
    partner: str
    qualification: str
    title: str
    units: list[NationalUnitMapping]
    credit_transfer: list[CreditTransfer]

    def as_dict(self) -> dict:
        return {"partner": self.partner, "qualification": self.qualification,
                "units": [u.as_dict() for u in self.units],
                "credit_transfer": [c.as_dict() for c in self.credit_transfer]}


@dataclass
class MappingReport:
    qualifications: list[QualificationMapping]

    def as_dict(self) -> dict:
        return {"qualifications": [q.as_dict() for q in self.qualifications]}

    def only(self, partner: str) -> "MappingReport":
        return MappingReport([q for q in self.qualifications if q.partner == partner])


def _skills(unit: Unit, resolved: Resolved) -> set[str]:
    return {uri for lo in unit.learning_outcomes for uri in resolved.outcome_skills.get(lo.id, [])}


def _texts(unit: Unit) -> dict[str, str]:
    """Words of the unit per language: title, description and outcome statements."""
    out: dict[str, list[str]] = {}
    for text in [unit.title, unit.description] + [lo.statement for lo in unit.learning_outcomes]:
        if text is None:
            continue
        for lang, value in text.root.items():
            out.setdefault(lang, []).append(value)
    return {lang: " ".join(values) for lang, values in out.items()}


class _TextIndex:
    """TF-IDF vectors per (unit key, language) for cosine similarity."""

    def __init__(self, docs: dict[tuple[str, str], str]) -> None:
        casefold = str.casefold
        self._tokens = {key: Counter(map(casefold, _WORD.findall(text))) for key, text in docs.items()}
        self._df: Counter = Counter()
        for counts in self._tokens.values():
            self._df.update(counts.keys())
        self._n = max(len(self._tokens), 1)
        #: the vectors made so far (each when first compared: most units are never a candidate)
        self._vectors: dict[tuple[str, str], dict[str, float]] = {}

    def vector(self, key: tuple[str, str]) -> dict[str, float] | None:
        vec = self._vectors.get(key)
        if vec is None:
            counts = self._tokens.get(key)
            if counts is None:
                return None
            n, df = self._n, self._df
            raw = {w: (1 + math.log(c)) * math.log(1 + n / df[w]) for w, c in counts.items()}
            norm = math.sqrt(sum(v * v for v in raw.values())) or 1.0
            vec = self._vectors[key] = {w: v / norm for w, v in raw.items()}
        return vec

    def similarity(self, a: str, b: str, langs: list[str]) -> float:
        best = 0.0
        for lang in langs:
            va, vb = self.vector((a, lang)), self.vector((b, lang))
            if va and vb:
                if len(va) > len(vb):
                    va, vb = vb, va
                best = max(best, sum(w * vb.get(t, 0.0) for t, w in va.items()))
        return best


def relation_for(national: set[str], joint: set[str], score: float) -> str | None:
    shared = len(national & joint)
    if national and national == joint:
        return "exact"
    if shared:
        in_national = shared / len(national)  # share of N's skills that J has
        in_joint = shared / len(joint)  # share of J's skills that N has
        if min(in_national, in_joint) >= CLOSE_MIN and max(in_national, in_joint) >= CLOSE_MAX:
            return "close"
        if in_national >= CONTAINED and in_joint < CLOSE_MIN:
            return "broad"
        if in_joint >= CONTAINED and in_national < CLOSE_MIN:
            return "narrow"
        return "related"
    return None


def analyse(cur: Curriculum, vocab: Vocabulary, resolved: Resolved) -> MappingReport:
    lang = cur.alliance.default_language if cur.alliance else "en"
    joint_ids = sorted(cur.units)
    joint_skills = {uid: _skills(cur.units[uid], resolved) for uid in joint_ids}
    units_by_skill: dict[str, list[str]] = {}
    for uid in joint_ids:
        for skill in joint_skills[uid]:
            units_by_skill.setdefault(skill, []).append(uid)
    national_units: list[tuple[str, str, Unit]] = []
    docs: dict[tuple[str, str], str] = {}
    for partner, entry in sorted(cur.national.items()):
        for uid in sorted(entry.units):
            national_units.append((partner, uid, entry.units[uid]))
            for lg, text in _texts(entry.units[uid]).items():
                docs[(f"n:{partner}/{uid}", lg)] = text
    # joint units' words only in the languages national units are written in
    languages = {lg for (_, lg) in docs}
    for uid in joint_ids:
        for lg, text in _texts(cur.units[uid]).items():
            if lg in languages:
                docs[(f"j:{uid}", lg)] = text
    index = _TextIndex(docs)

    labels: dict[str, str] = {}

    def label(uri: str) -> str:
        if uri not in labels:
            labels[uri] = vocab.label(uri, lang)
        return labels[uri]

    qualifications = []
    for partner, entry in sorted(cur.national.items()):
        q = entry.qualification
        if q is None:
            continue
        unit_ids = [u for u in dict.fromkeys(q.units) if u in entry.units]
        mappings = []
        held: set[str] = set()
        contributors: dict[str, list[str]] = {}
        for uid in unit_ids:
            unit = entry.units[uid]
            skills = _skills(unit, resolved)
            held |= skills
            langs = sorted(_texts(unit))
            matches = []
            if skills:
                # only joint units that share a skill can match a unit with skills
                candidates = sorted({j for s in skills for j in units_by_skill.get(s, ())})
            else:
                # a unit without ESCO links is compared by its words alone
                candidates = joint_ids
            for jid in candidates:
                js = joint_skills[jid]
                shared = skills & js
                text_sim = index.similarity(f"n:{partner}/{uid}", f"j:{jid}", langs)
                if skills and js:
                    dice = 2 * len(shared) / (len(skills) + len(js))
                    score = round(SKILL_WEIGHT * dice + (1 - SKILL_WEIGHT) * text_sim, 4)
                    relation = relation_for(skills, js, score)
                else:
                    score = round(TEXT_ONLY_WEIGHT * text_sim, 4)
                    relation = "related" if text_sim >= TEXT_ONLY_MIN else None
                if relation is None:
                    continue
                matches.append(Match(jid, relation, score, tuple(sorted(shared))))
                if shared:
                    contributors.setdefault(jid, []).append(uid)
            matches.sort(key=lambda m: (-m.score, m.joint_unit))
            mappings.append(NationalUnitMapping(uid, unit.title.get(lang), unit.ecvet_points, matches))
        transfers = []
        for pid in sorted(cur.programmes):
            recognised, partial, to_learn = [], [], []
            for jid in dict.fromkeys(cur.programmes[pid].units):
                if jid not in cur.units:
                    continue
                js = joint_skills[jid]
                points = cur.units[jid].ecvet_points
                if not js:
                    to_learn.append(CreditUnit(jid, points, None))
                    continue
                coverage = round(len(js & held) / len(js), 4)
                missing = sorted(((label(u), u) for u in js - held))
                missing = [(u, shown) for shown, u in missing]
                item = CreditUnit(jid, points, coverage, sorted(contributors.get(jid, [])), missing)
                if coverage >= RECOGNISED:
                    recognised.append(item)
                elif coverage >= PARTIAL:
                    partial.append(item)
                else:
                    to_learn.append(item)
            transfers.append(CreditTransfer(pid, recognised, partial, to_learn))
        qualifications.append(QualificationMapping(partner, q.id, q.title.get(lang), mappings, transfers))
    return MappingReport(qualifications)
