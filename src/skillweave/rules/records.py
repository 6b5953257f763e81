"""Rules for learner records: references, dates, programmes and mobilities.

Messages name the learner by id only (never by name, birth date or e-mail).
"""

from __future__ import annotations

from skillweave.rules.curriculum import RuleContext, _did_you_mean, _near, rule


def _unit_delivered_by(ctx: RuleContext, unit_id: str, partner: str) -> bool:
    unit = ctx.cur.units.get(unit_id)
    return unit is not None and (unit.owner == partner or partner in unit.contributors)


@rule
def learner_records(ctx: RuleContext) -> None:
    """SW201, SW202, SW209, SW210, SW604-SW608: learner records fit the curriculum.

    * learners: known home partner and programme; enrolment before completion or leaving, not both
      completed and left, born before enrolment;
    * results: known learner, unit and assessing partner; the unit is in the learner's programme;
      named outcomes are the unit's; assessed within the learner's enrolment;
    * mobilities: known learner and partners; the home partner is the learner's; the host is
      another partner that delivers (owns or co-designed) every unit; start before end, within
      the enrolment; units in the learner's programme.
    """
    rec = ctx.cur.records
    if not rec.present:
        return
    partners = sorted(p.id for p in ctx.cur.alliance.partners) if ctx.cur.alliance else []
    check_partners = ctx.cur.alliance is not None

    def partner(r, column: str) -> bool:
        pid = getattr(r.item, column)
        if check_partners and not ctx.partner_known(pid):
            ctx.sink.emit(r.file, r.pos(column), "SW201",
                          f"{column} '{pid}' is not a partner of the alliance{_did_you_mean(_near(pid, partners))}")
            return False
        return True

    def unit(r, column: str, uid: str) -> bool:
        if uid not in ctx.cur.units and ("unit", uid) not in ctx.cur.broken:
            ctx.sink.emit(r.file, r.pos(column), "SW202",
                          f"unknown unit '{uid}'{_did_you_mean(_near(uid, sorted(ctx.cur.units)))}")
            return False
        return uid in ctx.cur.units

    def dates(r, column: str, message: str) -> None:
        ctx.sink.emit(r.file, r.pos(column), "SW604", message)

    for lid, r in rec.learners.items():
        item = r.item
        partner(r, "home_partner")
        if item.programme not in ctx.cur.programmes and ("programme", item.programme) not in ctx.cur.broken:
            ctx.sink.emit(r.file, r.pos("programme"), "SW209",
                          f"learner '{lid}': unknown programme '{item.programme}'"
                          f"{_did_you_mean(_near(item.programme, sorted(ctx.cur.programmes)))}")
        if item.completed_on and item.completed_on < item.enrolled_on:
            dates(r, "completed_on", f"learner '{lid}' completed before enrolling; check completed_on and enrolled_on")
        if item.left_on and item.left_on < item.enrolled_on:
            dates(r, "left_on", f"learner '{lid}' left before enrolling; check left_on and enrolled_on")
        if item.completed_on and item.left_on:
            dates(r, "left_on", f"learner '{lid}' both completed and left; keep one of completed_on and left_on")
        if item.date_of_birth >= item.enrolled_on:
            dates(r, "date_of_birth", f"learner '{lid}' was born on or after enrolling; check date_of_birth")

    def learner_of(r):
        lid = r.item.learner_id
        learner = rec.learners.get(lid)
        if learner is None and lid not in rec.broken_learners:
            ctx.sink.emit(r.file, r.pos("learner_id"), "SW210",
                          f"unknown learner '{lid}': learners/learners.csv has no row for it")
        return learner.item if learner else None

    def within_enrolment(r, learner, column: str, day, what: str) -> None:
        if day < learner.enrolled_on:
            dates(r, column, f"{what} of learner '{learner.learner_id}' is before enrolment")
        end = learner.completed_on or learner.left_on
        if end and end >= learner.enrolled_on and day > end:  # an inconsistent end is reported already
            dates(r, column, f"{what} of learner '{learner.learner_id}' is after the learner completed or left")

    def programme_of(learner):
        """The learner's programme, unless it names units that do not exist (reported already)."""
        programme = ctx.cur.programmes.get(learner.programme) if learner else None
        if programme is not None and any(u not in ctx.cur.units for u in programme.units):
            return None
        return programme

    for r in rec.results:
        item = r.item
        learner = learner_of(r)
        partner(r, "assessed_by")
        if not unit(r, "unit", item.unit):
            continue
        u = ctx.cur.units[item.unit]
        own = {lo.id for lo in u.learning_outcomes}
        for lo in item.learning_outcomes:
            if lo not in own:
                ctx.sink.emit(r.file, r.pos("learning_outcomes"), "SW607",
                              f"learning outcome '{lo}' is not an outcome of unit '{item.unit}'"
                              f"{_did_you_mean(_near(lo, sorted(own)))}")
        if learner is None:
            continue
        programme = programme_of(learner)
        if programme is not None and item.unit not in programme.units:
            ctx.sink.emit(r.file, r.pos("unit"), "SW605",
                          f"unit '{item.unit}' is not in programme '{learner.programme}' of learner "
                          f"'{learner.learner_id}'")
        within_enrolment(r, learner, "date", item.date, "the assessment date")

    for mid, r in rec.mobilities.items():
        item = r.item
        learner = learner_of(r)
        home_ok = partner(r, "home_partner")
        host_ok = partner(r, "host_partner")
        if item.end < item.start:
            dates(r, "end", f"mobility '{mid}' ends before it starts")
        if learner is not None:
            if home_ok and item.home_partner != learner.home_partner:
                ctx.sink.emit(r.file, r.pos("home_partner"), "SW608",
                              f"mobility '{mid}': home partner '{item.home_partner}' is not the home partner "
                              f"'{learner.home_partner}' of learner '{learner.learner_id}'")
            within_enrolment(r, learner, "start", item.start, f"the start of mobility '{mid}'")
        if host_ok and item.host_partner == item.home_partner:
            ctx.sink.emit(r.file, r.pos("host_partner"), "SW608",
                          f"mobility '{mid}': the host is the home partner; a mobility goes to another partner")
        programme = programme_of(learner)
        for uid in item.units:
            if not unit(r, "units", uid):
                continue
            if programme is not None and uid not in programme.units:
                ctx.sink.emit(r.file, r.pos("units"), "SW605",
                              f"mobility '{mid}': unit '{uid}' is not in programme '{programme.id}'")
            if host_ok and not _unit_delivered_by(ctx, uid, item.host_partner):
                ctx.sink.emit(r.file, r.pos("units"), "SW606",
                              f"mobility '{mid}': host '{item.host_partner}' does not deliver unit '{uid}' (it is "
                              "neither its owner nor a contributor); choose another unit or host")
