"""ECVET mobility: memoranda of understanding between partners and learning agreements.

* A :class:`Memorandum` is drawn up for every pair of partners between which at least one
  mobility goes (in either direction), with the clauses of the ECVET memorandum template: the
  partners with their contact persons and grading schemes, their mutual acceptance as competent
  institutions, for each direction (an :class:`Exchange`: home → host) the qualifications
  concerned (EQF and NQF levels) and the units that learners of the home partner achieve at the
  host, with their ECVET points and learning outcomes, the roles ECVET gives the two (the host
  assesses, the home partner validates and recognises) and the other organisations involved (the
  employers of the alliance that may host the units' work-based part), and the memorandum's
  validity and review (``mou`` in alliance.yaml). It carries no learner data, not even a count.
* A :class:`LearningAgreement` is drawn up for every mobility: the learner, the home and host
  partners with their contacts, the workplace and mentor when the host is an employer, the
  period, the units and learning outcomes to be achieved abroad with their assessment, and the
  home and host grading schemes side by side.

Languages: a memorandum is in every language of the alliance, a learning agreement in the
languages of the learner's programme (the default language first, always).
"""

from __future__ import annotations

from dataclasses import dataclass

from skillweave.analyses.transcripts import languages_of
from skillweave.model import (
    Alliance,
    Curriculum,
    GradingScheme,
    Learner,
    Mobility,
    MouTerms,
    Partner,
    Programme,
    Unit,
)

#: (partner, its scheme id, the scheme): how a partner grades; id and scheme None without a scheme
Grading = tuple[Partner, str | None, GradingScheme | None]


def grading_of(alliance: Alliance, partner: Partner) -> Grading:
    return partner, partner.grading, alliance.grading_of(partner.id)


@dataclass(frozen=True)
class Exchange:
    """One direction of a memorandum: units that learners of ``home`` achieve at ``host``."""

    home: Partner
    host: Partner
    #: the units concerned, in the order of the programmes that contain them
    units: tuple[Unit, ...]
    #: the programmes of the learners concerned, by id
    programmes: tuple[Programme, ...]
    #: other organisations involved: employers of the alliance in the host's country, other than
    #: the two partners, that may host the work-based part of at least one of the units, by id
    workplaces: tuple[Partner, ...]


@dataclass(frozen=True)
class Memorandum:
    alliance: Alliance
    base_uri: str
    #: the two partners, by id
    partners: tuple[Partner, Partner]
    #: one or two exchanges, by (home id, host id)
    exchanges: tuple[Exchange, ...]
    languages: tuple[str, ...]
    #: the two partners' grading, in the order of ``partners``
    gradings: tuple[Grading, Grading]
    #: validity and review, when alliance.yaml gives them
    terms: MouTerms | None

    @property
    def id(self) -> str:
        """``first_second`` (partner ids by id; ids never contain ``_``)."""
        return f"{self.partners[0].id}_{self.partners[1].id}"


@dataclass(frozen=True)
class LearningAgreement:
    alliance: Alliance
    base_uri: str
    mobility: Mobility
    learner: Learner
    programme: Programme
    home: Partner
    host: Partner
    #: the units to be achieved abroad, in the order the mobility lists them
    units: tuple[Unit, ...]
    languages: tuple[str, ...]
    home_grading: Grading
    host_grading: Grading

    @property
    def workplace(self) -> Partner | None:
        """The host when it is an employer: the learner's workplace abroad."""
        return self.host if self.host.type == "employer" else None

    @property
    def id(self) -> str:
        return self.mobility.mobility_id

    @property
    def days(self) -> int:
        """The length of the period in calendar days, both ends included."""
        return (self.mobility.end - self.mobility.start).days + 1


def _unit_order(curriculum: Curriculum) -> dict[str, int]:
    """Units in the order of the programmes (by id) that contain them, then the rest by id."""
    order: dict[str, int] = {}
    for pid in sorted(curriculum.programmes):
        for uid in curriculum.programmes[pid].units:
            order.setdefault(uid, len(order))
    for uid in sorted(curriculum.units):
        order.setdefault(uid, len(order))
    return order


def memoranda(curriculum: Curriculum, base_uri: str) -> list[Memorandum]:
    """A memorandum for every pair of partners with mobilities, by id. Expects a checked workspace."""
    alliance = curriculum.alliance
    records = curriculum.records
    if alliance is None or not records.present:
        return []
    partners = {p.id: p for p in alliance.partners}
    order = _unit_order(curriculum)
    directions: dict[tuple[str, str], tuple[set[str], set[str]]] = {}
    for _mid, r in sorted(records.mobilities.items()):
        m = r.item
        units, programmes = directions.setdefault((m.home_partner, m.host_partner), (set(), set()))
        units.update(m.units)
        learner = records.learners.get(m.learner_id)
        if learner is not None:
            programmes.add(learner.item.programme)
    pairs: dict[tuple[str, str], list[Exchange]] = {}
    for (home, host), (units, programmes) in sorted(directions.items()):
        pair = tuple(sorted((home, host)))
        concerned = tuple(curriculum.units[u] for u in sorted(units, key=order.__getitem__))
        pairs.setdefault(pair, []).append(Exchange(
            home=partners[home],
            host=partners[host],
            units=concerned,
            programmes=tuple(curriculum.programmes[p] for p in sorted(programmes)),
            workplaces=_workplaces(alliance, partners[home], partners[host], concerned),
        ))
    languages = languages_of(alliance, alliance.languages)
    return [Memorandum(alliance, base_uri, (partners[a], partners[b]), tuple(exchanges), languages,
                       (grading_of(alliance, partners[a]), grading_of(alliance, partners[b])), alliance.mou)
            for (a, b), exchanges in sorted(pairs.items())]


def _workplaces(alliance: Alliance, home: Partner, host: Partner, units: tuple[Unit, ...]) -> tuple[Partner, ...]:
    """Employers of the alliance in the host's country, other than the two partners, that the host
    rule lets host the work-based part of one of ``units`` (a unit with workplace hours, and the
    employer in its ``delivered_by`` where it has one)."""
    def may_host(employer: Partner) -> bool:
        return any(u.hours is not None and u.hours.workplace > 0
                   and (not u.delivered_by or employer.id in u.delivered_by) for u in units)

    return tuple(p for p in sorted(alliance.partners, key=lambda p: p.id)
                 if p.type == "employer" and p.country == host.country and p.id not in (home.id, host.id)
                 and may_host(p))


def learning_agreements(curriculum: Curriculum, base_uri: str) -> list[LearningAgreement]:
    """A learning agreement for every mobility, by mobility id. Expects a checked workspace."""
    alliance = curriculum.alliance
    records = curriculum.records
    if alliance is None or not records.present:
        return []
    partners = {p.id: p for p in alliance.partners}
    out = []
    for mid, r in sorted(records.mobilities.items()):
        m = r.item
        learner = records.learners[m.learner_id].item
        programme = curriculum.programmes[learner.programme]
        out.append(LearningAgreement(
            alliance=alliance,
            base_uri=base_uri,
            mobility=m,
            learner=learner,
            programme=programme,
            home=partners[m.home_partner],
            host=partners[m.host_partner],
            units=tuple(curriculum.units[u] for u in dict.fromkeys(m.units)),
            languages=languages_of(alliance, programme.title.languages),
            home_grading=grading_of(alliance, partners[m.home_partner]),
            host_grading=grading_of(alliance, partners[m.host_partner]),
        ))
    return out
