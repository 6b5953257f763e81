"""Learner records (``learners/*.csv``) fit the curriculum: dates, programmes, outcomes and
mobilities.

Messages name the learner by id only (never by name, birth date or e-mail). References to
unknown partners, units, programmes and learners are the reference rules' (SW201, SW202, SW209,
SW210); the rules here skip what those report.
"""

from __future__ import annotations

from skillweave.model import Learner, Programme
from skillweave.rules.context import RuleContext, did_you_mean, emits, near


def _learner(ctx: RuleContext, learner_id: str) -> Learner | None:
    r = ctx.cur.records.learners.get(learner_id)
    return r.item if r else None


def _programme_of(ctx: RuleContext, learner: Learner | None) -> Programme | None:
    """The learner's programme, unless it names units that do not exist (reported already)."""
    programme = ctx.cur.programmes.get(learner.programme) if learner else None
    if programme is not None and not ctx.programme_complete(programme.id):
        return None
    return programme


def _partner_ok(ctx: RuleContext, partner_id: str) -> bool:
    """The partner is known, or cannot be checked (no alliance): reported by SW201 otherwise."""
    return ctx.cur.alliance is None or ctx.partner_known(partner_id)


@emits("SW604")
def record_dates(ctx: RuleContext) -> None:
    """SW604: dates that contradict each other.

    * a learner enrols before completing or leaving, does not both complete and leave, and is
      born before enrolling;
    * a result is assessed, and a mobility starts, within the learner's enrolment;
    * a mobility starts before it ends.
    """
    rec = ctx.cur.records

    def dates(r, column: str, message: str) -> None:
        ctx.sink.emit(r.file, r.pos(column), "SW604", message)

    for lid, r in rec.learners.items():
        item = r.item
        if item.completed_on and item.completed_on < item.enrolled_on:
            dates(r, "completed_on", f"learner '{lid}' completed before enrolling; check completed_on and enrolled_on")
        if item.left_on and item.left_on < item.enrolled_on:
            dates(r, "left_on", f"learner '{lid}' left before enrolling; check left_on and enrolled_on")
        if item.completed_on and item.left_on:
            dates(r, "left_on", f"learner '{lid}' both completed and left; keep one of completed_on and left_on")
        if item.date_of_birth >= item.enrolled_on:
            dates(r, "date_of_birth", f"learner '{lid}' was born on or after enrolling; check date_of_birth")

    def within_enrolment(r, learner: Learner, column: str, day, what: str) -> None:
        if day < learner.enrolled_on:
            dates(r, column, f"{what} of learner '{learner.learner_id}' is before enrolment")
        end = learner.completed_on or learner.left_on
        if end and end >= learner.enrolled_on and day > end:  # an inconsistent end is reported already
            dates(r, column, f"{what} of learner '{learner.learner_id}' is after the learner completed or left")

    for r in rec.results:
        learner = _learner(ctx, r.item.learner_id)
        if learner is not None and r.item.unit in ctx.cur.units:
            within_enrolment(r, learner, "date", r.item.date, "the assessment date")
    for mid, r in rec.mobilities.items():
        item = r.item
        if item.end < item.start:
            dates(r, "end", f"mobility '{mid}' ends before it starts")
        learner = _learner(ctx, item.learner_id)
        if learner is not None:
            within_enrolment(r, learner, "start", item.start, f"the start of mobility '{mid}'")


@emits("SW605")
def units_of_learner_programme(ctx: RuleContext) -> None:
    """SW605: the unit of a result, and each unit of a mobility, is in the learner's programme."""
    rec = ctx.cur.records
    for r in rec.results:
        item = r.item
        learner = _learner(ctx, item.learner_id)
        programme = _programme_of(ctx, learner)
        if item.unit in ctx.cur.units and programme is not None and item.unit not in programme.units:
            ctx.sink.emit(r.file, r.pos("unit"), "SW605",
                          f"unit '{item.unit}' is not in programme '{programme.id}' of learner '{item.learner_id}'")
    for mid, r in rec.mobilities.items():
        programme = _programme_of(ctx, _learner(ctx, r.item.learner_id))
        for uid in r.item.units:
            if uid in ctx.cur.units and programme is not None and uid not in programme.units:
                ctx.sink.emit(r.file, r.pos("units"), "SW605",
                              f"mobility '{mid}': unit '{uid}' is not in programme '{programme.id}'")


@emits("SW606")
def mobility_units_delivered(ctx: RuleContext) -> None:
    """SW606: the host of a mobility delivers (owns or co-designed) every unit of it."""
    for mid, r in ctx.cur.records.mobilities.items():
        host = r.item.host_partner
        if not _partner_ok(ctx, host):
            continue
        for uid in r.item.units:
            unit = ctx.cur.units.get(uid)
            if unit is not None and unit.owner != host and host not in unit.contributors:
                ctx.sink.emit(r.file, r.pos("units"), "SW606",
                              f"mobility '{mid}': host '{host}' does not deliver unit '{uid}' (it is "
                              "neither its owner nor a contributor); choose another unit or host")


@emits("SW607")
def result_outcomes(ctx: RuleContext) -> None:
    """SW607: the learning outcomes a result names are outcomes of its unit."""
    for r in ctx.cur.records.results:
        unit = ctx.cur.units.get(r.item.unit)
        if unit is None:
            continue
        own = {lo.id for lo in unit.learning_outcomes}
        for lo in r.item.learning_outcomes:
            if lo not in own:
                ctx.sink.emit(r.file, r.pos("learning_outcomes"), "SW607",
                              f"learning outcome '{lo}' is not an outcome of unit '{r.item.unit}'"
                              f"{did_you_mean(near(lo, sorted(own)))}")


@emits("SW608")
def mobility_partners(ctx: RuleContext) -> None:
    """SW608: a mobility's home partner is the learner's, and its host is another partner."""
    for mid, r in ctx.cur.records.mobilities.items():
        item = r.item
        learner = _learner(ctx, item.learner_id)
        if learner is not None and _partner_ok(ctx, item.home_partner) and item.home_partner != learner.home_partner:
            ctx.sink.emit(r.file, r.pos("home_partner"), "SW608",
                          f"mobility '{mid}': home partner '{item.home_partner}' is not the home partner "
                          f"'{learner.home_partner}' of learner '{learner.learner_id}'")
        if _partner_ok(ctx, item.host_partner) and item.host_partner == item.home_partner:
            ctx.sink.emit(r.file, r.pos("host_partner"), "SW608",
                          f"mobility '{mid}': the host is the home partner; a mobility goes to another partner")
