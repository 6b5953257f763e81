"""EQAVET quality indicators, per VET provider, per programme and for the alliance, for the period
``all`` and for each entry cohort.

Inputs: the providers' declarations (``quality/providers.yaml``), the learner records
(``learners/learners.csv``, ``results.csv``), the tracking of completers and early leavers
(``quality/tracking.csv``) and, for the evidence of indicator 9, the curriculum itself.

**Scopes.** *alliance*: every learner, every VET provider of the alliance, every programme.
*provider*: one VET provider: its learners (home partner) and its declarations. *programme*: one
programme: its learners, and the declarations of its providers (the VET providers that award it
or whose learners follow it).

**Periods.** ``all`` (every learner in the records) and each entry cohort, the school year in which
learners enrolled (1 August to 31 July, named ``2024-25``). The period selects the learners of
indicators 3, 4, 5, 6 and 8 (tracking rows follow their learner); the declarations (1, 2, 7, 9, 10)
are the providers' current ones and the same in every period. A cohort's *nominal duration has
ended* when every entrant of the cohort has passed ``enrolled_on`` + the programme's
``duration_months`` on or before the *reference date*, the latest date in the learner records
(``enrolled_on``, ``completed_on``, ``left_on`` and the dates of ``results.csv``).

**Indicators** (numerator ÷ denominator; see docs/quality.md for the EQAVET text each follows):

* 1a / 1b: providers with an internal QA system / accredited ÷ providers that declare a QA system;
* 2a: teachers and trainers in further training ÷ teachers and trainers; 2b: the investment in their
  training (EUR), in all and per teacher or trainer;
* 3: participants (learners who enrolled in the period), by provider, gender, disadvantaged status
  and age band on entry;
* 4: completers ÷ entrants, over the entry cohorts of the period whose nominal duration has ended
  (learners still enrolled count as not completed);
* 5a: the destinations (every status, unknown included) of the completers tracked 6 and 12 months
  after completion, and of the early leavers tracked 6 and 12 months after leaving; 5b: employed or
  self-employed ÷ completers tracked at that point (unknown included);
* 6a: completers in employment in a job related to the training ÷ completers tracked at that point;
  6b1 / 6b2: learners / employers satisfied (4 or 5 on the 1-5 scale) ÷ those who answered, at 6 and
  at 12 months;
* 7: each provider's regional unemployment rate, as declared;
* 8a: disadvantaged ÷ participants (unknown status included); 8b: disadvantaged completers ÷
  disadvantaged entrants (as 4); both also by gender and by age band on entry;
* 9a / 10a: the declared mechanisms to identify training needs / schemes for better access; 9b /
  10b: the evidence of their effectiveness declared with each, and for 9b the curriculum's own:
  the essential ESCO skills of the target occupations that the learning outcomes cover, the units
  an employer partner approved.

**Disclosure control.** Every count of people that any scope, indicator or period publishes
(directly, or as the numerator or denominator of a rate) is a cell of one table
(:mod:`skillweave.analyses.disclosure`), with the relations between cells; counts of 1 to 4 people
and counts about groups of 1 to 4 people are suppressed, and further cells until no suppressed
count can be worked out from published ones. Every format publishes the figures of this one table,
so the same figures are suppressed everywhere, whichever periods are published together. Shares of
providers (1) and the curriculum evidence (9b) describe organisations and the curriculum, not
people; declared figures (2b amounts, 7) are the providers' own. Rates are rounded to 4 decimals.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from skillweave.analyses.disclosure import THRESHOLD, Table
from skillweave.model import (
    IN_EMPLOYMENT,
    STATUSES,
    TRACKING_POINTS,
    Declared,
    Learner,
    ProviderQuality,
    Text,
    Tracking,
    UnemploymentRate,
)

if TYPE_CHECKING:  # pragma: no cover
    from skillweave.model import Project

#: a count of fewer people than this, or about a group of fewer people, is suppressed
MIN_DENOMINATOR = THRESHOLD
SUPPRESSED = "suppressed"
ALL = "all"
DECLARED = "declared"
#: the school year (and so the entry cohort) starts on 1 August
SCHOOL_YEAR_START_MONTH = 8
#: a learner answering 4 or 5 on the 1-5 scale is satisfied (6b)
SATISFIED = 4

INDICATORS = ("1a", "1b", "2a", "2b", "3", "4", "5a_6", "5a_12", "5b_6", "5b_12", "6a_6", "6a_12", "6b1_6",
              "6b1_12", "6b2_6", "6b2_12", "7", "8a", "8b", "9a", "9b", "10a", "10b")

#: what each indicator is, for reports (EQAVET's names, shortened)
INDICATOR_TITLES = {
    "1a": "Providers with an internal quality assurance system",
    "1b": "Providers that are accredited",
    "2a": "Teachers and trainers in further training",
    "2b": "Investment in the training of teachers and trainers",
    "3": "Participants",
    "4": "Completion rate (completers ÷ entrants)",
    "5a_6": "Destinations 6 months after completion or leaving",
    "5a_12": "Destinations 12 months after completion or leaving",
    "5b_6": "Completers in employment 6 months after completion",
    "5b_12": "Completers in employment 12 months after completion",
    "6a_6": "Completers in a job related to the training (6 months)",
    "6a_12": "Completers in a job related to the training (12 months)",
    "6b1_6": "Learners satisfied with the skills acquired (6 months)",
    "6b1_12": "Learners satisfied with the skills acquired (12 months)",
    "6b2_6": "Employers satisfied with the completers' skills (6 months)",
    "6b2_12": "Employers satisfied with the completers' skills (12 months)",
    "7": "Unemployment rate in the provider's region",
    "8a": "Participants who are disadvantaged",
    "8b": "Completion rate of disadvantaged learners",
    "9a": "Mechanisms to identify training needs",
    "9b": "Evidence of the effectiveness of those mechanisms",
    "10a": "Schemes to promote better access",
    "10b": "Evidence of the effectiveness of those schemes",
}

GENDERS = ("f", "m", "x", "unknown")
DISADVANTAGED = ("yes", "no", "unknown")
AGE_BANDS = ("under-18", "18-24", "25-and-over")
AGE_BAND_LABELS = {"under-18": "under 18", "18-24": "18 to 24", "25-and-over": "25 and over"}
GROUPS = ("completers", "leavers")


def _round(value: float) -> float:
    return round(value, 4)


# --- figures ------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Count:
    """A number of people, as published: its value, or suppressed."""

    value: int
    suppressed: bool = False

    def as_json(self) -> int | str:
        return SUPPRESSED if self.suppressed else self.value


@dataclass(frozen=True)
class Rate:
    """numerator ÷ denominator. Over people it is suppressed when the disclosure control suppressed
    its numerator or its denominator. A rate of figures nobody declared (``declared`` false) is
    not available: None, not suppressed."""

    numerator: int
    denominator: int
    people: bool = True
    declared: bool = True
    suppressed: bool = False

    @property
    def value(self) -> float | None:
        """The rate, or None when it is suppressed, not declared or has no denominator."""
        if self.suppressed or not self.declared or self.denominator == 0:
            return None
        return _round(self.numerator / self.denominator)

    def as_json(self) -> float | str | None:
        return SUPPRESSED if self.suppressed else self.value


@dataclass(frozen=True)
class Investment:
    """Indicator 2b: total training investment (EUR) of the providers that declare staff."""

    total_eur: float | None
    teachers: Count

    @property
    def per_teacher_eur(self) -> float | None:
        if self.total_eur is None or self.teachers.suppressed or self.teachers.value == 0:
            return None
        return round(self.total_eur / self.teachers.value, 2)

    def as_json(self) -> dict:
        per = SUPPRESSED if self.teachers.suppressed and self.total_eur is not None else self.per_teacher_eur
        return {"total_eur": self.total_eur, "per_teacher_eur": per,
                "teachers_and_trainers": self.teachers.as_json() if self.total_eur is not None else None}


@dataclass(frozen=True)
class Participants:
    total: Count
    by_provider: dict[str, Count]
    by_gender: dict[str, Count]
    by_disadvantaged: dict[str, Count]
    by_age: dict[str, Count]

    def as_json(self) -> dict:
        def counts(d: dict[str, Count]) -> dict:
            return {k: c.as_json() for k, c in d.items()}

        return {"total": self.total.as_json(), "by_provider": counts(self.by_provider),
                "by_gender": counts(self.by_gender), "by_disadvantaged": counts(self.by_disadvantaged),
                "by_age": counts(self.by_age)}


@dataclass(frozen=True)
class Completion:
    """Indicator 4 over the entry cohorts of the period whose nominal duration has ended."""

    entrants: Count
    completed: Count
    left: Count
    still_enrolled: Count
    rate: Rate
    #: the entry cohorts counted
    cohorts: tuple[str, ...]

    def as_json(self) -> dict:
        if not self.cohorts:  # no entry cohort of the period has reached its nominal duration
            return {"rate": None, "entrants": None, "completed": None, "left": None, "still_enrolled": None,
                    "cohorts": []}
        return {"rate": self.rate.as_json(), "entrants": self.entrants.as_json(),
                "completed": self.completed.as_json(), "left": self.left.as_json(),
                "still_enrolled": self.still_enrolled.as_json(), "cohorts": list(self.cohorts)}


@dataclass(frozen=True)
class Destinations:
    """Indicator 5a for one group (completers or early leavers) at one tracking point."""

    months: int
    group: str
    tracked: Count
    shares: dict[str, Rate]

    def as_json(self) -> dict:
        return {"tracked": self.tracked.as_json(), "shares": {s: r.as_json() for s, r in self.shares.items()}}


@dataclass(frozen=True)
class Satisfaction:
    """Indicator 6b1 or 6b2 at one tracking point: satisfied ÷ answers."""

    rate: Rate
    answers: Count

    def as_json(self) -> dict:
        return {"rate": self.rate.as_json(), "answers": self.answers.as_json()}


@dataclass(frozen=True)
class Breakdown:
    """A rate with the same rate by gender and by age band on entry (indicator 8)."""

    total: Rate
    by_gender: dict[str, Rate]
    by_age: dict[str, Rate]

    def as_json(self) -> dict:
        return {"rate": self.total.as_json(), "by_gender": {g: r.as_json() for g, r in self.by_gender.items()},
                "by_age": {b: r.as_json() for b, r in self.by_age.items()}}


@dataclass(frozen=True)
class CurriculumEvidence:
    """Indicator 9b's evidence from the curriculum."""

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


def text_json(t: Text) -> dict[str, str]:
    return dict(sorted(t.root.items()))


def evidence_json(d: Declared) -> dict | None:
    ev = d.evidence
    if ev is None:
        return None
    if ev.value is not None:
        return {"value": ev.value, "description": text_json(ev.description)}  # type: ignore[arg-type]
    return {"text": text_json(ev.text)}  # type: ignore[arg-type]


@dataclass
class Indicators:
    """The figures of one scope in one period."""

    qa_internal: Rate  # 1a
    qa_accredited: Rate  # 1b
    staff_in_training: Rate  # 2a
    investment: Investment  # 2b
    participants: Participants  # 3
    completion: Completion  # 4
    destinations: dict[tuple[str, int], Destinations]  # 5a by (group, months)
    employment: dict[int, Rate]  # 5b by months
    job_related: dict[int, Rate]  # 6a by months
    learner_satisfaction: dict[int, Satisfaction]  # 6b1 by months
    employer_satisfaction: dict[int, Satisfaction]  # 6b2 by months
    unemployment: dict[str, UnemploymentRate]  # 7
    disadvantaged_share: Breakdown  # 8a
    disadvantaged_completion: Breakdown  # 8b
    disadvantaged_entrants: Count  # 8b
    disadvantaged_completers: Count  # 8b
    needs_mechanisms: dict[str, list[Declared]]  # 9a, 9b
    evidence: CurriculumEvidence  # 9b
    access_schemes: dict[str, list[Declared]]  # 10a, 10b

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
            out[f"5a_{m}"] = {g: self.destinations[(g, m)].as_json() for g in GROUPS}
        for m in TRACKING_POINTS:
            out[f"5b_{m}"] = self.employment[m].as_json()
        for m in TRACKING_POINTS:
            out[f"6a_{m}"] = self.job_related[m].as_json()
        for m in TRACKING_POINTS:
            out[f"6b1_{m}"] = self.learner_satisfaction[m].as_json()
        for m in TRACKING_POINTS:
            out[f"6b2_{m}"] = self.employer_satisfaction[m].as_json()
        out["7"] = {pid: {"value": u.value, "unit": "percent", "year": u.year, "source": text_json(u.source)}
                    for pid, u in self.unemployment.items()}
        out["8a"] = self.disadvantaged_share.as_json()
        out["8b"] = {**self.disadvantaged_completion.as_json(), "entrants": self.disadvantaged_entrants.as_json(),
                     "completed": self.disadvantaged_completers.as_json()}
        out["9a"] = {"mechanisms": {pid: [text_json(d.text) for d in ds] for pid, ds in self.needs_mechanisms.items()}}
        out["9b"] = {"evidence": {pid: [evidence_json(d) for d in ds] for pid, ds in self.needs_mechanisms.items()},
                     "curriculum": self.evidence.as_json()}
        out["10a"] = {"schemes": {pid: [text_json(d.text) for d in ds] for pid, ds in self.access_schemes.items()}}
        out["10b"] = {"evidence": {pid: [evidence_json(d) for d in ds] for pid, ds in self.access_schemes.items()}}
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
class PeriodReport:
    period: Period
    scopes: list[Scope]

    def as_json(self) -> dict:
        return {"period": self.period.id, "scopes": [s.as_json() for s in self.scopes]}

    def scope(self, kind: str, id_: str) -> Scope:
        for s in self.scopes:
            if s.kind == kind and s.id == id_:
                return s
        raise KeyError((kind, id_))


@dataclass
class QualityReport:
    alliance: str
    period: Period
    scopes: list[Scope]
    #: whether quality/ and learners/ exist (an empty report says so)
    has_quality_inputs: bool
    has_learner_records: bool
    #: the latest date in the learner records (None without records)
    reference_date: dt.date | None = None
    #: the entry cohorts whose nominal duration has ended by the reference date
    ended_cohorts: tuple[str, ...] = ()
    #: with period ``all``: every entry cohort's figures, oldest first (published with it)
    cohorts: list[PeriodReport] = field(default_factory=list)
    #: the disclosure-control table every figure comes from
    table: Table | None = None

    def as_json(self) -> dict:
        out: dict[str, Any] = {"period": self.period.id,
                               "reference_date": self.reference_date.isoformat() if self.reference_date else None,
                               "ended_cohorts": list(self.ended_cohorts),
                               "scopes": [s.as_json() for s in self.scopes]}
        if self.period.id == ALL:
            out["cohorts"] = [c.as_json() for c in self.cohorts]
        return out

    def scope(self, kind: str, id_: str) -> Scope:
        for s in self.scopes:
            if s.kind == kind and s.id == id_:
                return s
        raise KeyError((kind, id_))

    @property
    def periods(self) -> list[PeriodReport]:
        """Every period in the report: the report's own, then (for ``all``) each entry cohort."""
        return [PeriodReport(self.period, self.scopes), *self.cohorts]


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


def add_months(day: dt.date, months: int) -> dt.date:
    """``day`` plus ``months`` calendar months (the 31st becomes the month's last day)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def age_band(born: dt.date, on: dt.date) -> str:
    """The age band of someone born on ``born`` at the date ``on`` (their entry)."""
    age = on.year - born.year - ((on.month, on.day) < (born.month, born.day))
    return "under-18" if age < 18 else "18-24" if age < 25 else "25-and-over"


# --- the table of counts ------------------------------------------------------------------------

def _gender(le: Learner) -> str:
    return le.gender or "unknown"


def _disadvantaged(le: Learner) -> str:
    return "unknown" if le.disadvantaged is None else "yes" if le.disadvantaged else "no"


class _Cells:
    """The counts of one scope in one period, added to the table with their relations and groups."""

    def __init__(self, table: Table, period: str, kind: str, id_: str) -> None:
        self.table, self.prefix = table, (period, kind, id_)

    def key(self, name: str) -> tuple:
        return (*self.prefix, name)

    def add(self, name: str, value: int, parent: str | None = None) -> tuple:
        return self.table.add(self.key(name), value, self.key(parent) if parent else None)

    def relate(self, total: str, parts: list[str]) -> None:
        self.table.relate(self.key(total), [self.key(p) for p in parts])

    def split(self, total: str, prefix: str, values: dict[str, int], parent: str | None = None) -> None:
        """``prefix.<category>`` for each category, parts of ``total`` (their group: ``parent``)."""
        for cat, n in values.items():
            self.add(f"{prefix}.{cat}", n, parent or total)
        self.relate(total, [f"{prefix}.{cat}" for cat in values])


def _scope_cells(c: _Cells, learners: list[Learner], tracking: list[Tracking], ended: set[str],
                 providers: list[str] | None, due: bool) -> None:
    """Every count of indicators 3, 4, 5, 6 and 8 of one scope in one period."""
    c.add("3.total", len(learners))
    c.split("3.total", "3.gender", {g: sum(1 for le in learners if _gender(le) == g) for g in GENDERS})
    c.split("3.total", "3.disadvantaged",
            {d: sum(1 for le in learners if _disadvantaged(le) == d) for d in DISADVANTAGED})
    band = {le.learner_id: age_band(le.date_of_birth, le.enrolled_on) for le in learners}
    c.split("3.total", "3.age", {b: sum(1 for le in learners if band[le.learner_id] == b) for b in AGE_BANDS})
    if providers is not None:  # a programme: its participants at each provider
        c.split("3.total", "3.provider", {p: sum(1 for le in learners if le.home_partner == p) for p in providers})

    # 4 and 8b: entrants of the cohorts whose nominal duration has ended (none in a cohort not yet due)
    entrants = [le for le in learners if cohort_of(le.enrolled_on) in ended]

    def completed(group: list[Learner]) -> int:
        return sum(1 for le in group if le.completed_on is not None)

    if due:
        _completion_cells(c, entrants, band, completed)
    _tracking_cells(c, learners, tracking)
    # 8a: disadvantaged among participants, also by gender and age band
    for dim, of, cats in (("gender", _gender, GENDERS), ("age", lambda le: band[le.learner_id], AGE_BANDS)):
        for cat in cats:
            c.add(f"8a.yes.{dim}.{cat}", sum(1 for le in learners if le.disadvantaged and of(le) == cat),
                  f"3.{dim}.{cat}")
        c.relate("3.disadvantaged.yes", [f"8a.yes.{dim}.{cat}" for cat in cats])
    _subsets(c, due, c.prefix[0] in ended)


def _subsets(c: _Cells, due: bool, ended: bool) -> None:
    """Who is counted within whom, across indicators: the disadvantaged of indicator 8a among the
    participants of 3; the entrants of 4 and 8b among the participants of 3 and 8a, and in an
    entry cohort whose duration has ended (the report names those) all of them. Tied in the table,
    no subtraction across the indicators recovers a suppressed count."""
    for dim, cats in (("gender", GENDERS), ("age", AGE_BANDS)):
        for cat in cats:
            c.table.include(c.key(f"3.{dim}.{cat}"), c.key(f"8a.yes.{dim}.{cat}"))
    if not due:
        return
    pairs = [("3.total", "4.entrants"), ("3.disadvantaged.yes", "8b.entrants")]
    pairs += [(f"8a.yes.{dim}.{cat}", f"8b.entrants.{dim}.{cat}")
              for dim, cats in (("gender", GENDERS), ("age", AGE_BANDS)) for cat in cats]
    for whole, part in pairs:
        if ended:
            c.relate(whole, [part])
        else:
            c.table.include(c.key(whole), c.key(part))
    c.table.include(c.key("4.entrants"), c.key("8b.entrants"))
    c.table.include(c.key("4.completed"), c.key("8b.completed"))


def _completion_cells(c: _Cells, entrants: list[Learner], band: dict[str, str], completed) -> None:
    c.add("4.entrants", len(entrants), "3.total")
    c.add("4.completed", completed(entrants), "4.entrants")
    c.add("4.left", sum(1 for le in entrants if le.completed_on is None and le.left_on is not None), "4.entrants")
    c.add("4.still-enrolled", sum(1 for le in entrants if le.completed_on is None and le.left_on is None),
          "4.entrants")
    c.relate("4.entrants", ["4.completed", "4.left", "4.still-enrolled"])

    # 8b: completion of disadvantaged entrants, also by gender and age band
    vulnerable = [le for le in entrants if le.disadvantaged]
    c.add("8b.entrants", len(vulnerable), "4.entrants")
    c.add("8b.completed", completed(vulnerable), "8b.entrants")
    for dim, of, cats in (("gender", _gender, GENDERS), ("age", lambda le: band[le.learner_id], AGE_BANDS)):
        for cat in cats:
            group = [le for le in vulnerable if of(le) == cat]
            c.add(f"8b.entrants.{dim}.{cat}", len(group), "8b.entrants")
            c.add(f"8b.completed.{dim}.{cat}", completed(group), f"8b.entrants.{dim}.{cat}")
        c.relate("8b.entrants", [f"8b.entrants.{dim}.{cat}" for cat in cats])
        c.relate("8b.completed", [f"8b.completed.{dim}.{cat}" for cat in cats])


def _tracking_cells(c: _Cells, learners: list[Learner], tracking: list[Tracking]) -> None:
    # 5 and 6
    completers = {le.learner_id for le in learners if le.completed_on is not None}
    leavers = {le.learner_id for le in learners if le.completed_on is None and le.left_on is not None}
    for m in TRACKING_POINTS:
        at = [t for t in tracking if t.months_after_completion == m]
        for group, ids in (("completers", completers), ("leavers", leavers)):
            rows = [t for t in at if t.learner_id in ids]
            tracked = f"5a_{m}.{group}.tracked"
            c.add(tracked, len(rows))
            c.split(tracked, f"5a_{m}.{group}", {s: sum(1 for t in rows if t.status == s) for s in STATUSES})
        rows = [t for t in at if t.learner_id in completers]
        tracked = f"5a_{m}.completers.tracked"
        c.add(f"5b_{m}.in-employment", sum(1 for t in rows if t.status in IN_EMPLOYMENT), tracked)
        c.relate(f"5b_{m}.in-employment", [f"5a_{m}.completers.{s}" for s in IN_EMPLOYMENT])
        c.add(f"6a_{m}.related", sum(1 for t in rows if t.status in IN_EMPLOYMENT and t.job_related), tracked)
        c.table.include(c.key(f"5b_{m}.in-employment"), c.key(f"6a_{m}.related"))
        for code, attr in (("6b1", "learner_satisfaction"), ("6b2", "employer_satisfaction")):
            answers = [getattr(t, attr) for t in rows if getattr(t, attr) is not None]
            c.add(f"{code}_{m}.answers", len(answers), tracked)
            c.add(f"{code}_{m}.satisfied", sum(1 for a in answers if a >= SATISFIED), f"{code}_{m}.answers")
            c.table.include(c.key(tracked), c.key(f"{code}_{m}.answers"))
        # those tracked are among the scope's participants (a scope with nobody has nobody tracked)
        for group in ("completers", "leavers"):
            c.table.include(c.key("3.total"), c.key(f"5a_{m}.{group}.tracked"))


# --- computation --------------------------------------------------------------------------------

def _providers_rate(decls: list[ProviderQuality], attr: str) -> Rate:
    declared = [d.qa_system for d in decls if d.qa_system is not None]
    return Rate(sum(1 for q in declared if getattr(q, attr)), len(declared), people=False)


def _evidence(project: "Project", programmes: list[str]) -> CurriculumEvidence:
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
    return CurriculumEvidence(len(programmes), total, covered, len(units), approved)


def reference_date(project: "Project") -> dt.date | None:
    """The latest date in the learner records: enrolments, completions, leavings and results."""
    rec = project.curriculum.records
    days = [d for r in rec.learners.values() for d in (r.item.enrolled_on, r.item.completed_on, r.item.left_on)
            if d is not None]
    days += [r.item.date for r in rec.results]
    return max(days) if days else None


def ended_cohorts(project: "Project", learners: list[Learner], today: dt.date | None) -> set[str]:
    """The entry cohorts every entrant of which has passed the programme's nominal duration."""
    if today is None:
        return set()
    programmes = project.curriculum.programmes
    ends: dict[str, dt.date] = {}
    for le in learners:
        prog = programmes.get(le.programme)
        if prog is None:
            ends[cohort_of(le.enrolled_on)] = dt.date.max
            continue
        end = add_months(le.enrolled_on, prog.duration_months)
        cohort = cohort_of(le.enrolled_on)
        ends[cohort] = max(ends.get(cohort, end), end)
    return {c for c, end in ends.items() if end <= today}


@dataclass
class _Layout:
    """Who is in which scope, and who delivers what (the same in every period)."""

    alliance_id: str
    alliance_name: Text | None
    vet: list[str]
    programmes: list[str]
    delivers: dict[str, list[str]]  # programme -> its VET providers
    offers: dict[str, list[str]]  # provider -> its programmes


def analyse(project: "Project", period: str = ALL) -> QualityReport:
    """The indicators of every scope for ``period`` (``all``, with every entry cohort's figures, or
    one entry cohort such as ``2024-25``), disclosure-controlled over every period together."""
    cur = project.curriculum
    alliance = cur.alliance
    vet = [p.id for p in alliance.partners if p.type == "vet-provider"] if alliance else []
    declarations = {pid: d for pid, d in cur.quality.providers.items() if pid in vet}
    everyone = [r.item for r in cur.records.learners.values()]
    cohorts = tuple(sorted({cohort_of(le.enrolled_on) for le in everyone}))
    today = reference_date(project)
    ended = ended_cohorts(project, everyone, today)
    programmes = sorted(cur.programmes)
    delivers: dict[str, set[str]] = {pid: {p for p in cur.programmes[pid].awarding_partners if p in vet}
                                     for pid in programmes}
    for le in everyone:
        if le.programme in delivers and le.home_partner in vet:
            delivers[le.programme].add(le.home_partner)
    layout = _Layout(alliance.id if alliance else "workspace", alliance.name if alliance else None, vet, programmes,
                     {g: [p for p in vet if p in delivers[g]] for g in programmes},
                     {p: [g for g in programmes if p in delivers[g]] for p in vet})
    by_learner = {le.learner_id: le for le in everyone}
    tracking = [r.item for r in cur.quality.tracking if r.item.learner_id in by_learner]

    table = Table(weight=_weight, headline=_headline)
    periods = [ALL, *cohorts]
    for pid in periods:
        members = everyone if pid == ALL else [le for le in everyone if cohort_of(le.enrolled_on) == pid]
        _period_cells(table, pid, members, tracking, ended, layout)
    _period_relations(table, cohorts)
    _declared_cells(table, declarations, layout)
    table.protect()

    def scopes_of(pid: str) -> list[Scope]:
        return _scopes(project, table, pid, declarations, layout, tuple(sorted(ended)))

    report = QualityReport(layout.alliance_id, Period(period, cohorts), scopes_of(period), cur.quality.present,
                           cur.records.present, today, tuple(sorted(ended)), table=table)
    if period == ALL:
        report.cohorts = [PeriodReport(Period(c, (c,)), scopes_of(c)) for c in cohorts]
    return report


def _groups(layout: _Layout, members: list[Learner]) -> list[tuple[str, str, list[Learner]]]:
    out = [("alliance", layout.alliance_id, members)]
    out += [("provider", p, [le for le in members if le.home_partner == p]) for p in layout.vet]
    out += [("programme", g, [le for le in members if le.programme == g]) for g in layout.programmes]
    return out


def _period_cells(table: Table, period: str, members: list[Learner], tracking: list[Tracking], ended: set[str],
                  layout: _Layout) -> None:
    for kind, id_, group in _groups(layout, members):
        ids = {le.learner_id for le in group}
        _scope_cells(_Cells(table, period, kind, id_), group, [t for t in tracking if t.learner_id in ids], ended,
                     layout.delivers[id_] if kind == "programme" else None, period == ALL or period in ended)
    # the alliance is the sum of its providers (and of its programmes), cell by cell
    names = [k[3] for k in list(table.values) if k[:3] == (period, "alliance", layout.alliance_id)]
    for name in names:
        total = (period, "alliance", layout.alliance_id, name)
        table.relate(total, [(period, "provider", p, name) for p in layout.vet])
        table.relate(total, [(period, "programme", g, name) for g in layout.programmes])
    # a provider's participants are the sum of its participants in each programme
    for p in layout.vet:
        table.relate((period, "provider", p, "3.total"),
                     [(period, "programme", g, f"3.provider.{p}") for g in layout.offers[p]])


#: how much each count matters to readers: complementary suppression takes the least first
_IMPORTANCE = {"3.total": 60, "4.entrants": 20, "4.completed": 20, "5a_6.completers.tracked": 12,
               "5a_12.completers.tracked": 12, "5b_6.in-employment": 10, "5b_12.in-employment": 10,
               "8b.entrants": 8, "8b.completed": 8, "3.disadvantaged.yes": 8}


def _weight(key: tuple) -> int:
    """Complementary suppression takes cohorts before period ``all``, providers and programmes
    before the alliance, breakdowns before headline counts, unknowns first."""
    period, kind, _, name = key
    importance = _IMPORTANCE.get(name, 4 if name.count(".") <= 1 else 0 if not name.endswith(".unknown") else -1)
    return importance + 25 * (period == ALL) + 12 * (kind == "alliance")


def _headline(key: tuple) -> bool:
    """The counts of period ``all`` that a reader looks at first: each scope's participants,
    entrants and completers, and the alliance's other headline counts."""
    period, kind, _, name = key
    return period == ALL and (name in ("3.total", "4.entrants", "4.completed")
                              or kind == "alliance" and name in _IMPORTANCE)


def _period_relations(table: Table, cohorts: tuple[str, ...]) -> None:
    """Period ``all`` is the sum of the entry cohorts, cell by cell."""
    for key in [k for k in table.values if k[0] == ALL]:
        table.relate(key, [(c, *key[1:]) for c in cohorts if (c, *key[1:]) in table.values])


def _declared_cells(table: Table, declarations: dict[str, ProviderQuality], layout: _Layout) -> None:
    """Indicator 2's teachers and trainers: declared, the same in every period."""
    staffed = [p for p in layout.vet if p in declarations and declarations[p].staff is not None]
    for p in staffed:
        staff = declarations[p].staff
        assert staff is not None
        table.add((DECLARED, "provider", p, "2.teachers"), staff.teachers_and_trainers)
        table.add((DECLARED, "provider", p, "2.in-training"), staff.in_further_training,
                  (DECLARED, "provider", p, "2.teachers"))
    scopes = [("alliance", layout.alliance_id, staffed)]
    scopes += [("programme", g, [p for p in layout.delivers[g] if p in staffed]) for g in layout.programmes]
    for kind, id_, providers in scopes:
        if not providers:
            continue
        for name, parent in (("2.teachers", None), ("2.in-training", "2.teachers")):
            parts = [(DECLARED, "provider", p, name) for p in providers]
            key = table.add((DECLARED, kind, id_, name), sum(table.values[k] for k in parts),
                            (DECLARED, kind, id_, parent) if parent else None)
            table.relate(key, parts)


class _View:
    """Published figures of one scope in one period, read from the protected table."""

    def __init__(self, table: Table, period: str, kind: str, id_: str) -> None:
        self.table, self.prefix = table, (period, kind, id_)

    def count(self, name: str, prefix: tuple | None = None) -> Count:
        key = (*(prefix or self.prefix), name)
        if key not in self.table.values:
            return Count(0)
        return Count(self.table.values[key], not self.table.is_published(key))

    def rate(self, num: str, den: str, prefix: tuple | None = None) -> Rate:
        n, d = self.count(num, prefix), self.count(den, prefix)
        return Rate(n.value, d.value, suppressed=n.suppressed or d.suppressed,
                    declared=(*(prefix or self.prefix), den) in self.table.values)


def _scopes(project: "Project", table: Table, period: str, declarations: dict[str, ProviderQuality],
            layout: _Layout, ended: tuple[str, ...]) -> list[Scope]:
    cur = project.curriculum
    alliance = cur.alliance
    out: list[Scope] = []
    entries = [("alliance", layout.alliance_id, layout.alliance_name, layout.vet, layout.programmes)]
    for p in layout.vet:
        partner = alliance.partner(p) if alliance else None
        entries.append(("provider", p, partner.name if partner else None, [p], layout.offers[p]))
    for g in layout.programmes:
        entries.append(("programme", g, cur.programmes[g].title, layout.delivers[g], [g]))
    counted = tuple(c for c in ended if period in (ALL, c))
    for kind, id_, title, providers, programmes in entries:
        v = _View(table, period, kind, id_)
        decls = [declarations[p] for p in providers if p in declarations]
        staff = [d.staff for d in decls if d.staff is not None]
        declared = (DECLARED, kind, id_)

        def counts(prefix: str, cats) -> dict[str, Count]:
            return {cat: v.count(f"{prefix}.{cat}") for cat in cats}  # noqa: B023

        if kind == "alliance":
            by_provider = {p: v.count("3.total", (period, "provider", p)) for p in layout.vet}
        elif kind == "provider":
            by_provider = {id_: v.count("3.total")}
        else:
            by_provider = counts("3.provider", layout.delivers[id_])
        destinations = {}
        for m in TRACKING_POINTS:
            for group in GROUPS:
                tracked = f"5a_{m}.{group}.tracked"
                destinations[(group, m)] = Destinations(
                    m, group, v.count(tracked), {s: v.rate(f"5a_{m}.{group}.{s}", tracked) for s in STATUSES})

        def breakdown(num: str, den: str, num_cat: str, den_cat: str) -> Breakdown:
            return Breakdown(v.rate(num, den),  # noqa: B023
                             {g: v.rate(f"{num_cat}.gender.{g}", f"{den_cat}.gender.{g}") for g in GENDERS},  # noqa: B023
                             {b: v.rate(f"{num_cat}.age.{b}", f"{den_cat}.age.{b}") for b in AGE_BANDS})  # noqa: B023

        indicators = Indicators(
            qa_internal=_providers_rate(decls, "internal"),
            qa_accredited=_providers_rate(decls, "accredited"),
            staff_in_training=v.rate("2.in-training", "2.teachers", declared),
            investment=Investment(float(sum(s.training_investment_eur for s in staff)) if staff else None,
                                  v.count("2.teachers", declared)),
            participants=Participants(v.count("3.total"), by_provider, counts("3.gender", GENDERS),
                                      counts("3.disadvantaged", DISADVANTAGED), counts("3.age", AGE_BANDS)),
            completion=Completion(v.count("4.entrants"), v.count("4.completed"), v.count("4.left"),
                                  v.count("4.still-enrolled"), v.rate("4.completed", "4.entrants"), counted),
            destinations=destinations,
            employment={m: v.rate(f"5b_{m}.in-employment", f"5a_{m}.completers.tracked") for m in TRACKING_POINTS},
            job_related={m: v.rate(f"6a_{m}.related", f"5a_{m}.completers.tracked") for m in TRACKING_POINTS},
            learner_satisfaction={m: Satisfaction(v.rate(f"6b1_{m}.satisfied", f"6b1_{m}.answers"),
                                                  v.count(f"6b1_{m}.answers")) for m in TRACKING_POINTS},
            employer_satisfaction={m: Satisfaction(v.rate(f"6b2_{m}.satisfied", f"6b2_{m}.answers"),
                                                   v.count(f"6b2_{m}.answers")) for m in TRACKING_POINTS},
            unemployment={p: declarations[p].unemployment_rate for p in providers  # type: ignore[misc]
                          if p in declarations and declarations[p].unemployment_rate is not None},
            disadvantaged_share=breakdown("3.disadvantaged.yes", "3.total", "8a.yes", "3"),
            disadvantaged_completion=breakdown("8b.completed", "8b.entrants", "8b.completed", "8b.entrants"),
            disadvantaged_entrants=v.count("8b.entrants"),
            disadvantaged_completers=v.count("8b.completed"),
            needs_mechanisms={p: list(declarations[p].needs_mechanisms) for p in providers
                              if p in declarations and declarations[p].needs_mechanisms},
            evidence=_evidence(project, programmes),
            access_schemes={p: list(declarations[p].access_schemes) for p in providers
                            if p in declarations and declarations[p].access_schemes},
        )
        out.append(Scope(kind, id_, title, providers, programmes, indicators))
    return out
