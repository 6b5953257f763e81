"""ECVET mobility: memoranda of understanding between partners and learning agreements.

* A :class:`Memorandum` is drawn up for every pair of partners between which at least one
  mobility goes (in either direction). For each direction (an :class:`Exchange`: home → host) it
  lists the units that learners of the home partner achieve at the host, with their ECVET points
  and learning outcomes, and the roles ECVET gives the two: the host assesses, the home partner
  validates and recognises. It carries no learner data, not even a count.
* A :class:`LearningAgreement` is drawn up for every mobility: the learner, the home and host
  partners, the period, and the units and learning outcomes to be achieved abroad with their
  assessment.

Languages: a memorandum is in every language of the alliance, a learning agreement in the
languages of the learner's programme (the default language first, always).
"""

from __future__ import annotations

from dataclasses import dataclass

from skillweave.analyses.transcripts import languages_of
from skillweave.model import Alliance, Curriculum, Learner, Mobility, Partner, Programme, Unit


@dataclass(frozen=True)
class Exchange:
    """One direction of a memorandum: units that learners of ``home`` achieve at ``host``."""

    home: Partner
    host: Partner
    #: the units concerned, in the order of the programmes that contain them
    units: tuple[Unit, ...]
    #: the programmes of the learners concerned, by id
    programmes: tuple[Programme, ...]


@dataclass(frozen=True)
class Memorandum:
    alliance: Alliance
    base_uri: str
    #: the two partners, by id
    partners: tuple[Partner, Partner]
    #: one or two exchanges, by (home id, host id)
    exchanges: tuple[Exchange, ...]
    languages: tuple[str, ...]

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
        pairs.setdefault(pair, []).append(Exchange(
            home=partners[home],
            host=partners[host],
            units=tuple(curriculum.units[u] for u in sorted(units, key=order.__getitem__)),
            programmes=tuple(curriculum.programmes[p] for p in sorted(programmes)),
        ))
    languages = languages_of(alliance, alliance.languages)
    return [Memorandum(alliance, base_uri, (partners[a], partners[b]), tuple(exchanges), languages)
            for (a, b), exchanges in sorted(pairs.items())]


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
        ))
    return out
