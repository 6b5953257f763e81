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
from collections.abc import Iterable
from dataclasses import dataclass

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


def analyse(curriculum: Curriculum, base_uri: str, issued_on: dt.date | None = None) -> list[Transcript]:
    """The transcripts of every learner with at least one passed unit, by learner id.

    Expects a workspace without errors (``check`` first): every reference resolves.
    """
    alliance = curriculum.alliance
    records = curriculum.records
    if alliance is None or not records.present:
        return []
    partners = {p.id: p for p in alliance.partners}

    passed: dict[str, dict[str, tuple[int, Result]]] = {}
    for row, r in enumerate(records.results):
        result = r.item
        if result.result != "passed":
            continue
        units = passed.setdefault(result.learner_id, {})
        current = units.get(result.unit)
        if current is None or (result.date, row) >= (current[1].date, current[0]):
            units[result.unit] = (row, result)

    mobilities: dict[str, list[Mobility]] = {}
    for _mid, r in sorted(records.mobilities.items()):
        mobilities.setdefault(r.item.learner_id, []).append(r.item)

    transcripts = []
    for lid in sorted(passed):
        record = records.learners.get(lid)
        if record is None:
            continue
        learner = record.item
        programme = curriculum.programmes[learner.programme]
        achieved = passed[lid]
        units = []
        for uid in programme.units:
            if uid not in achieved:
                continue
            result = achieved[uid][1]
            unit = curriculum.units[uid]
            named = set(result.learning_outcomes)
            outcomes = tuple(lo for lo in unit.learning_outcomes if not named or lo.id in named)
            mobility = next((m for m in mobilities.get(lid, ())
                             if m.host_partner == result.assessed_by and uid in m.units), None)
            assessor = partners[result.assessed_by]
            units.append(AchievedUnit(unit, result, outcomes, assessor, mobility, assessor.grading,
                                      alliance.grading_of(assessor.id)))
        if not units:
            continue
        transcripts.append(Transcript(
            alliance=alliance,
            base_uri=base_uri,
            learner=learner,
            programme=programme,
            home=partners[learner.home_partner],
            units=tuple(units),
            languages=languages_of(alliance, programme.title.languages),
            issued=issued_on or max(d for u in units for d in (u.result.date, u.recognised_on) if d is not None),
        ))
    return transcripts

