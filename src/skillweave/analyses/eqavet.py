"""EQAVET quality indicators, per VET provider, per programme and for the alliance.

Inputs: the providers' declarations (``quality/providers.yaml``), the learner records
(``learners/learners.csv``), the graduate tracking (``quality/tracking.csv``) and, for indicator 9,
the curriculum itself.

**Scopes.** *alliance*: every learner, every VET provider of the alliance, every programme.
*provider*: one VET provider: its learners (home partner) and its declarations. *programme*: one
programme: its learners, and the declarations of its providers (the VET providers that award it
or whose learners follow it).

**Period.** A report covers one period: ``all`` (every learner in the records) or one entry
cohort, the school year in which learners enrolled (1 August to 31 July, named ``2024-25``).
The period filters the learners of indicators 3, 4, 5, 6 and 8 (tracking rows follow their
learner); the declarations (1, 2, 7, 9, 10) are the providers' current ones and the same in every
period.

**Indicators.**

* 1a / 1b: share of the providers (that declare a QA system) with an internal QA system / that are
  accredited;
* 2a: teachers and trainers in further training ÷ all teachers and trainers; 2b: the total
  investment in their training (EUR) and that total per teacher or trainer;
* 3: participants (learners enrolled in the period, whatever became of them), by provider, gender
  (f, m, x, unknown) and disadvantaged status (yes, no, unknown);
* 4: completion rate, completed ÷ (completed + left); learners still enrolled are left out and
  counted separately;
* 5a: destinations of completers 6 and 12 months after completion: the share of each status among
  the completers tracked at that point; 5b: the share in employment (employed + self-employed)
  among those tracked at that point whose status is known;
* 6a: among completers in employment (employed or self-employed) at 12 months who say whether
  their job is related to the training, the share that say yes; 6b: the mean learner and employer
  satisfaction (1-5) over every answer at either tracking point, with the number of answers;
* 7: each provider's regional unemployment rate, as declared (per cent), with year and source;
* 8a: the share of disadvantaged learners among the participants whose status is known; 8b: the
  completion rate (as 4) of the disadvantaged learners;
* 9: the declared mechanisms to identify training needs, with the curriculum's evidence: of the
  essential ESCO skills of the target occupations of the scope's programmes, how many the
  learning outcomes cover (summed over programmes), and of the programmes' units, how many an
  employer partner has approved;
* 10: the declared schemes for better access.

**Suppression.** A rate over people (learners, answers, teachers and trainers) whose denominator
is under 5 is suppressed: it is reported as the string ``"suppressed"``, never as a number, and
so are the counts that would give it away (the completed and left counts of 4 and 8b); a mean
of fewer than 5 answers likewise. Shares of providers (1), of skills and of units (9) describe
organisations and the curriculum, not people, and are never suppressed. Rates are rounded to 4
decimals.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from skillweave.model import (
    IN_EMPLOYMENT,
    STATUSES,
    TRACKING_POINTS,
    Learner,
    ProviderQuality,
    Text,
    Tracking,
    UnemploymentRate,
)

if TYPE_CHECKING:  # pragma: no cover
    from skillweave.model import Project

#: a rate over fewer people than this is suppressed
MIN_DENOMINATOR = 5
SUPPRESSED = "suppressed"
ALL = "all"
#: the school year (and so the entry cohort) starts on 1 August
SCHOOL_YEAR_START_MONTH = 8

INDICATORS = ("1a", "1b", "2a", "2b", "3", "4", "5a_6", "5a_12", "5b_6", "5b_12", "6a", "6b_learners",
              "6b_employers", "7", "8a", "8b", "9", "10")

#: what each indicator is, for reports (EQAVET's names, shortened)
INDICATOR_TITLES = {
    "1a": "Providers with an internal quality assurance system",
    "1b": "Providers that are accredited",
    "2a": "Teachers and trainers in further training",
    "2b": "Investment in the training of teachers and trainers",
    "3": "Participants",
    "4": "Completion rate",
    "5a_6": "Destinations of completers 6 months after completion",
    "5a_12": "Destinations of completers 12 months after completion",
    "5b_6": "Completers in employment 6 months after completion",
    "5b_12": "Completers in employment 12 months after completion",
    "6a": "Completers in employment (12 months) in a job related to the training",
    "6b_learners": "Learner satisfaction with the skills acquired (1-5)",
    "6b_employers": "Employer satisfaction with the completers' skills (1-5)",
    "7": "Unemployment rate in the provider's region",
    "8a": "Participants who are disadvantaged",
    "8b": "Completion rate of disadvantaged learners",
    "9": "Mechanisms to identify training needs",
    "10": "Schemes to promote better access",
}

GENDERS = ("f", "m", "x", "unknown")
DISADVANTAGED = ("yes", "no", "unknown")


# --- figures ------------------------------------------------------------------------------------

def _round(value: float) -> float:
    return round(value, 4)


@dataclass(frozen=True)
class Rate:
    """numerator ÷ denominator; over people (``people``) it is suppressed under 5. A rate of figures
    that nobody declared (``declared`` false) is not available: None, not suppressed."""

    numerator: int
    denominator: int
    people: bool = True
    declared: bool = True

    @property
    def suppressed(self) -> bool:
        return self.declared and self.people and self.denominator < MIN_DENOMINATOR

    @property
    def value(self) -> float | None:
        """The rate, or None when it is suppressed, not declared or has no denominator."""
        if self.suppressed or not self.declared or self.denominator == 0:
            return None
        return _round(self.numerator / self.denominator)

    def as_json(self) -> float | str | None:
        return SUPPRESSED if self.suppressed else self.value


@dataclass(frozen=True)
class Mean:
    """The mean of answers on a 1-5 scale; suppressed under 5 answers."""

    total: int
    answers: int

    @property
    def suppressed(self) -> bool:
        return self.answers < MIN_DENOMINATOR

    @property
    def value(self) -> float | None:
        return None if self.suppressed else _round(self.total / self.answers)

    def as_json(self) -> dict:
        return {"mean": SUPPRESSED if self.suppressed else self.value, "answers": self.answers}


@dataclass(frozen=True)
class Completion:
    completed: int
    left: int
    still_enrolled: int

    @property
    def rate(self) -> Rate:
        return Rate(self.completed, self.completed + self.left)

    def as_json(self) -> dict:
        hidden = self.rate.suppressed
        return {"rate": self.rate.as_json(), "completed": SUPPRESSED if hidden else self.completed,
                "left": SUPPRESSED if hidden else self.left, "still_enrolled": self.still_enrolled}


@dataclass(frozen=True)
class Investment:
    """Indicator 2b: total training investment (EUR) of the providers that declare staff."""

    total_eur: float | None
    teachers: int

    @property
    def per_teacher_eur(self) -> float | None:
        if self.total_eur is None or self.teachers == 0:
            return None
        return round(self.total_eur / self.teachers, 2)

    def as_json(self) -> dict:
        return {"total_eur": self.total_eur, "per_teacher_eur": self.per_teacher_eur,
                "teachers_and_trainers": self.teachers}


@dataclass(frozen=True)
class Participants:
    total: int
    by_provider: dict[str, int]
    by_gender: dict[str, int]
    by_disadvantaged: dict[str, int]

    def as_json(self) -> dict:
        return {"total": self.total, "by_provider": dict(self.by_provider), "by_gender": dict(self.by_gender),
                "by_disadvantaged": dict(self.by_disadvantaged)}


@dataclass(frozen=True)
class Destinations:
    """Indicator 5a at one tracking point: completers tracked, by status."""

    months: int
    counts: dict[str, int]

    @property
    def tracked(self) -> int:
        return sum(self.counts.values())

    def shares(self) -> dict[str, Rate]:
        return {s: Rate(self.counts.get(s, 0), self.tracked) for s in STATUSES}

    def as_json(self) -> dict:
        return {s: r.as_json() for s, r in self.shares().items()}


@dataclass(frozen=True)
class Evidence:
    """Indicator 9's evidence from the curriculum."""

    programmes: int
    essential_skills: int
    essential_skills_covered: int
    units: int
    units_approved_by_employer: int

    @property
    def essential_coverage(self) -> Rate:
        return Rate(self.essential_skills_covered, self.essential_skills, people=False)

    @property
    def employer_approval(self) -> Rate:
        return Rate(self.units_approved_by_employer, self.units, people=False)

    def as_json(self) -> dict:
        return {"programmes": self.programmes, "essential_skills": self.essential_skills,
                "essential_skills_covered": self.essential_skills_covered,
                "essential_coverage": self.essential_coverage.as_json(), "units": self.units,
                "units_approved_by_employer": self.units_approved_by_employer,
                "employer_approval_share": self.employer_approval.as_json()}


def _text(t: Text) -> dict[str, str]:
    return dict(sorted(t.root.items()))


@dataclass
class Indicators:
    """The 18 figures of one scope."""

    qa_internal: Rate  # 1a
    qa_accredited: Rate  # 1b
    staff_in_training: Rate  # 2a
    investment: Investment  # 2b
    participants: Participants  # 3
    completion: Completion  # 4
    destinations: dict[int, Destinations]  # 5a by months
    employment: dict[int, Rate]  # 5b by months
    job_related: Rate  # 6a
    learner_satisfaction: Mean  # 6b
    employer_satisfaction: Mean  # 6b
    unemployment: dict[str, UnemploymentRate]  # 7
    disadvantaged_share: Rate  # 8a
    disadvantaged_completion: Completion  # 8b
    needs_mechanisms: dict[str, list[Text]]  # 9
    evidence: Evidence  # 9
    access_schemes: dict[str, list[Text]]  # 10

    def as_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "1a": self.qa_internal.as_json(),
            "1b": self.qa_accredited.as_json(),
            "2a": self.staff_in_training.as_json(),
            "2b": self.investment.as_json(),
            "3": self.participants.as_json(),
            "4": self.completion.as_json(),
        }
        for m in TRACKING_POINTS:
            out[f"5a_{m}"] = self.destinations[m].as_json()
        for m in TRACKING_POINTS:
            out[f"5b_{m}"] = self.employment[m].as_json()
        out["6a"] = self.job_related.as_json()
        out["6b_learners"] = self.learner_satisfaction.as_json()
        out["6b_employers"] = self.employer_satisfaction.as_json()
        out["7"] = {pid: {"value": u.value, "unit": "percent", "year": u.year, "source": _text(u.source)}
                    for pid, u in self.unemployment.items()}
        out["8a"] = self.disadvantaged_share.as_json()
        out["8b"] = self.disadvantaged_completion.rate.as_json()
        out["9"] = {"mechanisms": {pid: [_text(t) for t in texts] for pid, texts in self.needs_mechanisms.items()},
                    "evidence": self.evidence.as_json()}
        out["10"] = {"schemes": {pid: [_text(t) for t in texts] for pid, texts in self.access_schemes.items()}}
        assert tuple(out) == INDICATORS
        return out


@dataclass
class Scope:
    kind: str  # "alliance" | "provider" | "programme"
    id: str
    title: Text | None
    #: the VET providers whose declarations count here
    providers: list[str]
    programmes: list[str]
    indicators: Indicators

    def as_json(self) -> dict:
        return {"scope": self.kind, "id": self.id, "indicators": self.indicators.as_json()}


@dataclass(frozen=True)
class Period:
    id: str  # "all" or "2024-25"
    #: the entry cohorts with learners in this period, oldest first
    cohorts: tuple[str, ...]

    @property
    def label(self) -> str:
        if self.id == ALL:
            if not self.cohorts:
                return "all entry cohorts"
            first, last = self.cohorts[0], self.cohorts[-1]
            span = first if first == last else f"{first} to {last}"
            return f"all entry cohorts ({span.replace('-', '/')})"
        return f"entry cohort {self.id.replace('-', '/')}"


@dataclass
class QualityReport:
    alliance: str
    period: Period
    scopes: list[Scope]
    #: whether quality/ and learners/ exist (an empty report says so)
    has_quality_inputs: bool
    has_learner_records: bool

    def as_json(self) -> dict:
        return {"period": self.period.id, "scopes": [s.as_json() for s in self.scopes]}

    def scope(self, kind: str, id_: str) -> Scope:
        for s in self.scopes:
            if s.kind == kind and s.id == id_:
                return s
        raise KeyError((kind, id_))


# --- periods ------------------------------------------------------------------------------------

_PERIOD = re.compile(r"^(\d{4})(?:[-/](\d{2}|\d{4}))?$")


def cohort_of(day: dt.date) -> str:
    """The entry cohort of an enrolment date: its school year, ``2024-25``."""
    start = day.year if day.month >= SCHOOL_YEAR_START_MONTH else day.year - 1
    return f"{start}-{(start + 1) % 100:02d}"


def parse_period(text: str) -> str:
    """``all``, or an entry cohort written ``2024``, ``2024-25``, ``2024/25`` or ``2024/2025``.

    Raises ValueError with a message for the user."""
    text = text.strip()
    if text.lower() == ALL:
        return ALL
    m = _PERIOD.match(text)
    if m:
        start = int(m.group(1))
        end = m.group(2)
        if end is None or int(end) in ((start + 1) % 100, start + 1):
            return f"{start}-{(start + 1) % 100:02d}"
    raise ValueError(f"'{text}' is not a period; write all, or the school year learners enrolled in, "
                     "such as 2024 or 2024-25")


# --- computation --------------------------------------------------------------------------------

def _providers_rate(decls: list[ProviderQuality], attr: str) -> Rate:
    declared = [d.qa_system for d in decls if d.qa_system is not None]
    return Rate(sum(1 for q in declared if getattr(q, attr)), len(declared), people=False)


def _completion(learners: list[Learner]) -> Completion:
    completed = sum(1 for le in learners if le.completed_on is not None)
    left = sum(1 for le in learners if le.completed_on is None and le.left_on is not None)
    return Completion(completed, left, len(learners) - completed - left)


def _indicators(learners: list[Learner], tracking: list[Tracking], providers: list[str],
                declarations: dict[str, ProviderQuality], evidence: Evidence, all_providers: list[str]) -> Indicators:
    decls = [declarations[p] for p in providers if p in declarations]
    staff = [d.staff for d in decls if d.staff is not None]
    teachers = sum(s.teachers_and_trainers for s in staff)
    by_provider = {p: 0 for p in all_providers}
    for le in learners:
        by_provider[le.home_partner] = by_provider.get(le.home_partner, 0) + 1
    gender = {g: 0 for g in GENDERS}
    disadvantaged = {d: 0 for d in DISADVANTAGED}
    for le in learners:
        gender[le.gender or "unknown"] += 1
        disadvantaged["unknown" if le.disadvantaged is None else "yes" if le.disadvantaged else "no"] += 1
    destinations, employment = {}, {}
    for months in TRACKING_POINTS:
        rows = [t for t in tracking if t.months_after_completion == months]
        counts = {s: sum(1 for t in rows if t.status == s) for s in STATUSES}
        destinations[months] = Destinations(months, counts)
        known = [t for t in rows if t.status != "unknown"]
        employment[months] = Rate(sum(1 for t in known if t.status in IN_EMPLOYMENT), len(known))
    employed12 = [t for t in tracking if t.months_after_completion == 12 and t.status in IN_EMPLOYMENT
                  and t.job_related is not None]
    learner_answers = [t.learner_satisfaction for t in tracking if t.learner_satisfaction is not None]
    employer_answers = [t.employer_satisfaction for t in tracking if t.employer_satisfaction is not None]
    known_status = [le for le in learners if le.disadvantaged is not None]
    return Indicators(
        qa_internal=_providers_rate(decls, "internal"),
        qa_accredited=_providers_rate(decls, "accredited"),
        staff_in_training=Rate(sum(s.in_further_training for s in staff), teachers, declared=bool(staff)),
        investment=Investment(float(sum(s.training_investment_eur for s in staff)) if staff else None, teachers),
        participants=Participants(len(learners), by_provider, gender, disadvantaged),
        completion=_completion(learners),
        destinations=destinations,
        employment=employment,
        job_related=Rate(sum(1 for t in employed12 if t.job_related), len(employed12)),
        learner_satisfaction=Mean(sum(learner_answers), len(learner_answers)),
        employer_satisfaction=Mean(sum(employer_answers), len(employer_answers)),
        unemployment={p: declarations[p].unemployment_rate for p in providers  # type: ignore[misc]
                      if p in declarations and declarations[p].unemployment_rate is not None},
        disadvantaged_share=Rate(sum(1 for le in known_status if le.disadvantaged), len(known_status)),
        disadvantaged_completion=_completion([le for le in learners if le.disadvantaged]),
        needs_mechanisms={p: list(declarations[p].needs_mechanisms) for p in providers
                          if p in declarations and declarations[p].needs_mechanisms},
        evidence=evidence,
        access_schemes={p: list(declarations[p].access_schemes) for p in providers
                        if p in declarations and declarations[p].access_schemes},
    )


def _evidence(project: "Project", programmes: list[str]) -> Evidence:
    cur = project.curriculum
    alliance = cur.alliance
    employers = {p.id for p in alliance.partners if p.type == "employer"} if alliance else set()
    coverage = {p.id: p for p in project.coverage.programmes}
    total = covered = 0
    units: list[str] = []
    for pid in programmes:
        pc = coverage.get(pid)
        if pc is not None:
            taught = {s for u in pc.units for s in u.skills}
            total += len(pc.essential_skills)
            covered += sum(1 for s in pc.essential_skills if s.uri in taught)
        units += [u for u in cur.programmes[pid].units if u in cur.units]
    units = list(dict.fromkeys(units))
    approved = sum(1 for u in units if any(a.partner in employers for a in cur.units[u].approvals))
    return Evidence(len(programmes), total, covered, len(units), approved)


def analyse(project: "Project", period: str = ALL) -> QualityReport:
    """The indicators of every scope for ``period`` (``all`` or an entry cohort such as ``2024-25``)."""
    cur = project.curriculum
    alliance = cur.alliance
    vet = [p.id for p in alliance.partners if p.type == "vet-provider"] if alliance else []
    declarations = {pid: d for pid, d in cur.quality.providers.items() if pid in vet}
    everyone = [r.item for r in cur.records.learners.values()]
    cohorts = tuple(sorted({cohort_of(le.enrolled_on) for le in everyone}))
    learners = everyone if period == ALL else [le for le in everyone if cohort_of(le.enrolled_on) == period]
    completers = {le.learner_id for le in learners if le.completed_on is not None}
    tracking = [r.item for r in cur.quality.tracking if r.item.learner_id in completers]
    programmes = sorted(cur.programmes)

    def tracked(group: list[Learner]) -> list[Tracking]:
        ids = {le.learner_id for le in group}
        return [t for t in tracking if t.learner_id in ids]

    # who delivers what, over every period (a programme's providers do not change with the period)
    delivers: dict[str, set[str]] = {pid: {p for p in cur.programmes[pid].awarding_partners if p in vet}
                                     for pid in programmes}
    for le in everyone:
        if le.programme in delivers and le.home_partner in vet:
            delivers[le.programme].add(le.home_partner)

    scopes: list[Scope] = []
    alliance_id = alliance.id if alliance else "workspace"
    scopes.append(Scope("alliance", alliance_id, alliance.name if alliance else None, vet, programmes,
                        _indicators(learners, tracking, vet, declarations, _evidence(project, programmes), vet)))
    for pid in vet:
        group = [le for le in learners if le.home_partner == pid]
        own = [prog for prog in programmes if pid in delivers[prog]]
        partner = alliance.partner(pid) if alliance else None
        scopes.append(Scope("provider", pid, partner.name if partner else None, [pid], own,
                            _indicators(group, tracked(group), [pid], declarations, _evidence(project, own), [pid])))
    for prog in programmes:
        group = [le for le in learners if le.programme == prog]
        providers = [p for p in vet if p in delivers[prog]]
        scopes.append(Scope("programme", prog, cur.programmes[prog].title, providers, [prog],
                            _indicators(group, tracked(group), providers, declarations, _evidence(project, [prog]),
                                        providers)))
    return QualityReport(alliance_id, Period(period, cohorts), scopes, cur.quality.present, cur.records.present)
