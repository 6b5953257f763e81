"""Personal transcripts: the units each learner has achieved, ready for any transcript format.

For every learner of ``learners/learners.csv`` with at least one passed unit, a :class:`Transcript`
lists the units achieved, in the order of the learner's programme:

* a unit counts once, with its latest passed result (by date, then by row); a unit with failed
  results only is left out, and so is a learner with no passed unit at all (no transcript);
* the learning outcomes achieved are those the result names, else all of the unit's outcomes;
* the ECVET points are the unit's: ECVET allocates points to a unit, and a passed unit earns them;
* each unit is credited to the partner that assessed it (``assessed_by``), with its grade on that
  partner's grading scheme (``grading``). A unit assessed by the host of one of the learner's
  mobilities that lists it is a *mobility unit*: the host assessed it, and it is *recognised* by
  the home partner only when the mobility records the date (``recognised_on``); until then it is
  awaiting recognition, and no format claims otherwise;
* the languages are those of the alliance in which the programme has a title, the default first.

The records date of a transcript (``issued``) is the date of the latest result or recognition it
lists, so the same records always give the same documents; a caller may set another date.

These objects carry personal data. Emitters (``skillweave.emitters.documents``) put each into that learner's
own documents only.
"""

from __future__ import annotations

import datetime as dt
from array import array
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import overload

from skillweave.model import (
    Alliance,
    Curriculum,
    GradingScheme,
    Learner,
    LearningOutcome,
    Mobility,
    Partner,
    Programme,
    Result,
    Unit,
)


@dataclass(frozen=True)
class AchievedUnit:
    """One unit on a transcript: the passed result that counts and where it was assessed."""

    unit: Unit
    result: Result
    outcomes: tuple[LearningOutcome, ...]
    assessed_by: Partner
    #: the mobility during which the host assessed the unit, or None for a unit assessed at home
    mobility: Mobility | None = None
    #: the grading scheme of the assessing partner (its id and the scheme), if it has one
    scheme_id: str | None = None
    scheme: GradingScheme | None = None

    @property
    def points(self) -> float:
        return self.unit.ecvet_points

    @property
    def abroad(self) -> bool:
        return self.mobility is not None

    @property
    def recognised_on(self) -> dt.date | None:
        """The date the home partner recognised this mobility unit (None: assessed at home, or
        awaiting recognition)."""
        return self.mobility.recognised_on if self.mobility is not None else None

    @property
    def awaiting_recognition(self) -> bool:
        return self.mobility is not None and self.mobility.recognised_on is None


@dataclass(frozen=True)
class Transcript:
    """Everything one learner's transcript shows, in every format."""

    alliance: Alliance
    base_uri: str
    learner: Learner
    programme: Programme
    home: Partner
    units: tuple[AchievedUnit, ...]
    languages: tuple[str, ...]
    issued: dt.date

    @property
    def learner_id(self) -> str:
        return self.learner.learner_id

    @property
    def points(self) -> float:
        return sum(u.points for u in self.units)

    def by_institution(self) -> list[tuple[Partner, tuple[AchievedUnit, ...]]]:
        """The units grouped by the partner that assessed them: the home partner first (always,
        even when every unit was assessed abroad), then the others by id."""
        groups: dict[str, list[AchievedUnit]] = {self.home.id: []}
        partners = {self.home.id: self.home}
        for u in self.units:
            groups.setdefault(u.assessed_by.id, []).append(u)
            partners[u.assessed_by.id] = u.assessed_by
        order = sorted(groups, key=lambda pid: (pid != self.home.id, pid))
        return [(partners[pid], tuple(groups[pid])) for pid in order]

    def recognised(self) -> tuple[AchievedUnit, ...]:
        """The units achieved abroad that the home partner has recognised, in programme order."""
        return tuple(u for u in self.units if u.recognised_on is not None)

    def gradings(self) -> list[tuple[Partner, str | None, GradingScheme | None]]:
        """(institution, scheme id, scheme) for every institution that assessed units, in the order
        of :meth:`by_institution` (the home partner only when it assessed units itself)."""
        out = []
        for partner, units in self.by_institution():
            if units:
                out.append((partner, units[0].scheme_id, units[0].scheme))
        return out


def languages_of(alliance: Alliance, text_languages: Iterable[str]) -> tuple[str, ...]:
    """The alliance's languages that ``text_languages`` has, the default language first (always)."""
    have = set(text_languages)
    rest = [lang for lang in alliance.languages if lang in have and lang != alliance.default_language]
    return (alliance.default_language, *rest)


class Cohort(Sequence[Transcript]):
    """The transcripts of a cohort, by learner id, each made only when it is asked for.

    Made by :func:`cohort`, which finds who gets a transcript and which result rows count (a few
    bytes a learner); ``cohort[i]`` and ``cohort[a:b]`` make those transcripts then. A cohort of
    50,000 learners is never held as 50,000 transcripts: the documents writer takes a batch at a
    time (:mod:`skillweave.cohort`), in worker processes that inherit the cohort.
    """

    def __init__(self, curriculum: Curriculum, base_uri: str, issued_on: dt.date | None,
                 learners: Sequence[str], rows: array, ends: array,
                 mobilities: dict[str, list[Mobility]]) -> None:
        self._curriculum = curriculum
        self._base_uri = base_uri
        self._issued_on = issued_on
        #: learner ids, sorted; the passed result rows of learners[i] are rows[ends[i-1]:ends[i]]
        self._learners = learners
        self._rows = rows
        self._ends = ends
        self._mobilities = mobilities
        alliance = curriculum.alliance
        self._partners = {p.id: p for p in alliance.partners} if alliance is not None else {}

    @property
    def learner_ids(self) -> Sequence[str]:
        return self._learners

    def __len__(self) -> int:
        return len(self._learners)

    @overload
    def __getitem__(self, index: int) -> Transcript: ...
    @overload
    def __getitem__(self, index: slice) -> list[Transcript]: ...

    def __getitem__(self, index: int | slice) -> Transcript | list[Transcript]:
        if isinstance(index, slice):
            return [self._transcript(i) for i in range(*index.indices(len(self)))]
        if index < 0:
            index += len(self)
        if not 0 <= index < len(self):
            raise IndexError("cohort index out of range")
        return self._transcript(index)

    def __iter__(self) -> Iterator[Transcript]:
        return (self._transcript(i) for i in range(len(self)))

    def only(self, learner_ids: Iterable[str]) -> "Cohort":
        """The transcripts of these learners only (those who get one)."""
        wanted = set(learner_ids)
        keep = [i for i, lid in enumerate(self._learners) if lid in wanted]
        rows, ends = array("L"), array("L")
        for i in keep:
            rows.extend(self._rows[self._ends[i - 1] if i else 0:self._ends[i]])
            ends.append(len(rows))
        return Cohort(self._curriculum, self._base_uri, self._issued_on, [self._learners[i] for i in keep],
                      rows, ends, self._mobilities)

    def _transcript(self, i: int) -> Transcript:
        curriculum = self._curriculum
        alliance = curriculum.alliance
        assert alliance is not None
        results = curriculum.records.results
        partners = self._partners
        lid = self._learners[i]
        achieved: dict[str, tuple[int, Result]] = {}
        for row in self._rows[self._ends[i - 1] if i else 0:self._ends[i]]:
            result = results[row].item
            current = achieved.get(result.unit)
            if current is None or (result.date, row) >= (current[1].date, current[0]):
                achieved[result.unit] = (row, result)
        learner = curriculum.records.learners[lid].item
        programme = curriculum.programmes[learner.programme]
        mobilities = self._mobilities.get(lid, ())
        units = []
        for uid in programme.units:
            if uid not in achieved:
                continue
            result = achieved[uid][1]
            unit = curriculum.units[uid]
            named = set(result.learning_outcomes)
            outcomes = tuple(lo for lo in unit.learning_outcomes if not named or lo.id in named)
            mobility = next((m for m in mobilities if m.host_partner == result.assessed_by and uid in m.units), None)
            assessor = partners[result.assessed_by]
            units.append(AchievedUnit(unit, result, outcomes, assessor, mobility, assessor.grading,
                                      alliance.grading_of(assessor.id)))
        return Transcript(
            alliance=alliance,
            base_uri=self._base_uri,
            learner=learner,
            programme=programme,
            home=partners[learner.home_partner],
            units=tuple(units),
            languages=languages_of(alliance, programme.title.languages),
            issued=self._issued_on or max(d for u in units for d in (u.result.date, u.recognised_on) if d is not None),
        )


def cohort(curriculum: Curriculum, base_uri: str, issued_on: dt.date | None = None) -> Cohort:
    """The transcripts of every learner with at least one passed unit, by learner id, made as
    they are asked for (:class:`Cohort`).

    Expects a workspace without errors (``check`` first): every reference resolves.
    """
    alliance = curriculum.alliance
    records = curriculum.records
    if alliance is None or not records.present:
        return Cohort(curriculum, base_uri, issued_on, [], array("L"), array("L"), {})
    passed: dict[str, list[int]] = {}
    for row, r in enumerate(records.results):
        if r.item.result == "passed":
            passed.setdefault(r.item.learner_id, []).append(row)
    in_programme: dict[str, frozenset[str]] = {}
    learners: list[str] = []
    rows, ends = array("L"), array("L")
    for lid in sorted(passed):
        record = records.learners.get(lid)
        if record is None:
            continue
        pid = record.item.programme
        units = in_programme.get(pid)
        if units is None:
            units = in_programme[pid] = frozenset(curriculum.programmes[pid].units)
        mine = passed[lid]
        if not any(records.results[row].item.unit in units for row in mine):
            continue  # no passed unit of the programme: no transcript
        learners.append(lid)
        rows.extend(mine)
        ends.append(len(rows))
    mobilities: dict[str, list[Mobility]] = {}
    for _mid, r in sorted(records.mobilities.items()):
        mobilities.setdefault(r.item.learner_id, []).append(r.item)
    return Cohort(curriculum, base_uri, issued_on, learners, rows, ends, mobilities)


def analyse(curriculum: Curriculum, base_uri: str, issued_on: dt.date | None = None) -> list[Transcript]:
    """The transcripts of every learner with at least one passed unit, by learner id, all at once
    (see :func:`cohort` for a cohort made as it is needed).

    Expects a workspace without errors (``check`` first): every reference resolves.
    """
    return list(cohort(curriculum, base_uri, issued_on))
