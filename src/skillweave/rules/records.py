"""Learner records (``learners/*.csv``) fit the curriculum: dates, programmes, outcomes,
mobilities and grades (with the alliance's grading schemes).

Messages name the learner by id only (never by name, birth date, e-mail or grade). References to
unknown partners, units, programmes and learners are the reference rules' (SW201, SW202, SW209,
SW210); the rules here skip what those report.
"""

from __future__ import annotations

from skillweave.model import GradingScheme, Learner, Partner, Programme, Unit
from skillweave.rules.context import RuleContext, did_you_mean, emits, near

#: the partner types that may host a mobility (docs/formats.md, the host rule)
HOST_TYPES = ("vet-provider", "employer")


def host_problem(unit: Unit, host: Partner) -> str | None:
    """Why ``host`` may not deliver ``unit`` during a mobility, or None if it may: the host must be
    a VET provider or an employer of the alliance, and in the unit's ``delivered_by`` where the
    unit has one (without it every VET provider delivers and assesses it, and employers host its
    work-based part)."""
    if host.type not in HOST_TYPES:
        return f"host '{host.id}' is a {host.type}; a mobility goes to a VET provider or an employer"
    if unit.delivered_by and host.id not in unit.delivered_by:
        return (f"host '{host.id}' is not among the partners that deliver unit '{unit.id}' "
                f"(delivered_by: {', '.join(unit.delivered_by)}); choose one of them or add '{host.id}' "
                "to the unit's delivered_by")
    return None


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
    * a mobility starts before it ends, and is recognised (``recognised_on``) no earlier than it
      starts and than the host's results for its units.
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
    latest_passed = {}
    for r in rec.results:
        if r.item.result == "passed":
            key = (r.item.learner_id, r.item.unit, r.item.assessed_by)
            latest_passed[key] = max(latest_passed.get(key, r.item.date), r.item.date)
    for mid, r in rec.mobilities.items():
        item = r.item
        if item.end < item.start:
            dates(r, "end", f"mobility '{mid}' ends before it starts")
        learner = _learner(ctx, item.learner_id)
        if learner is not None:
            within_enrolment(r, learner, "start", item.start, f"the start of mobility '{mid}'")
        if item.recognised_on is None:
            continue
        if item.recognised_on < item.start:
            dates(r, "recognised_on", f"mobility '{mid}' is recognised before it starts; check recognised_on")
        for uid in item.units:
            assessed = latest_passed.get((item.learner_id, uid, item.host_partner))
            if uid in ctx.cur.units and assessed is not None and assessed > item.recognised_on:
                dates(r, "recognised_on",
                      f"mobility '{mid}' is recognised before the host assessed unit '{uid}' on "
                      f"{assessed.isoformat()}; check recognised_on")


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
    """SW606: the host of a mobility may deliver every unit of it: the host is a VET provider or an
    employer, and in each unit's ``delivered_by`` where the unit has one."""
    alliance = ctx.cur.alliance
    if alliance is None:
        return
    for mid, r in ctx.cur.records.mobilities.items():
        host = alliance.partner(r.item.host_partner)
        if host is None:
            continue  # an unknown host is SW201
        for uid in r.item.units:
            unit = ctx.cur.units.get(uid)
            problem = host_problem(unit, host) if unit is not None else None
            if problem:
                ctx.sink.emit(r.file, r.pos("units"), "SW606", f"mobility '{mid}', unit '{uid}': {problem}")


@emits("SW607")
def result_outcomes(ctx: RuleContext) -> None:
    """SW607: the learning outcomes a result names are outcomes of its unit."""
    for r in ctx.cur.records.results:
        unit = ctx.cur.units.get(r.item.unit)
        if unit is None or ctx.stand_in(ctx.cur.unit_file(r.item.unit), "learning_outcomes"):
            continue  # unknown (SW202), or its outcomes are not all known (its file has errors)
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


@emits("SW609", "SW610", "SW611")
def grading_schemes(ctx: RuleContext) -> None:
    """SW609, SW610, SW611: the alliance's grading schemes are usable, and partners name them.

    * a partner's ``grading`` names a scheme of ``grading_schemes`` (SW609);
    * every scheme has a pass mark: ``pass`` on a numeric scale, labels both passing and failing
      (``pass: false``) in an ordered list (SW610);
    * a scheme has either ``scale`` or ``labels``; a scale's ends differ and its pass mark lies on
      it with no more decimals than the scale; labels are distinct and best first, so no passing
      label comes after a failing one (SW611).
    """
    alliance = ctx.cur.alliance
    if alliance is None:
        return
    file = ctx.cur.alliance_file
    schemes = sorted(alliance.grading_schemes)
    for i, partner in enumerate(alliance.partners):
        if partner.grading and partner.grading not in alliance.grading_schemes:
            hint = did_you_mean(near(partner.grading, schemes)) or (
                f"; the schemes are {', '.join(schemes)}" if schemes
                else "; define it under grading_schemes in curricula/alliance.yaml")
            ctx.emit(file, ("partners", i, "grading"), "SW609",
                     f"partner '{partner.id}' grades on '{partner.grading}', which is not a grading scheme{hint}")
    for sid, scheme in alliance.grading_schemes.items():
        _check_scheme(ctx, file, sid, scheme)


def _check_scheme(ctx: RuleContext, file: str, sid: str, scheme: GradingScheme) -> None:
    """SW610, SW611 of one grading scheme (for :func:`grading_schemes`)."""
    where = ("grading_schemes", sid)
    if (scheme.scale is None) == (scheme.labels is None):
        ctx.emit(file, where, "SW611",
                 f"grading scheme '{sid}' needs either a numeric scale or labels"
                 + (", not both; keep one" if scheme.scale is not None else
                    ": add scale: {lowest: 1, highest: 10, pass: 5.5} or labels: [good, sufficient, "
                    "{label: insufficient, pass: false}]"), key=True)
        return
    if scheme.scale is not None:
        scale = scheme.scale
        if scale.lowest == scale.highest:
            ctx.emit(file, where + ("scale", "highest"), "SW611",
                     f"grading scheme '{sid}': the scale's lowest and highest grades are equal; highest is the "
                     "best grade (the smaller number on a scale where lower is better)")
        if scale.pass_mark is None:
            ctx.emit(file, where + ("scale",), "SW610",
                     f"grading scheme '{sid}' has no pass mark, so a grade cannot show whether it passes; "
                     "add pass: (the lowest passing grade) to its scale", key=True)
        elif not scale.contains(scale.pass_mark):
            ctx.emit(file, where + ("scale", "pass"), "SW611",
                     f"grading scheme '{sid}': the pass mark is outside the scale "
                     f"({scheme.range_text()}); put it between lowest and highest")
        return
    labels = scheme.labels or []
    seen: set[str] = set()
    failing: str | None = None
    misordered = False
    for j, g in enumerate(labels):
        if g.label in seen:
            ctx.emit(file, where + ("labels", j), "SW611",
                     f"grading scheme '{sid}': the label '{g.label}' is listed twice; delete one")
        seen.add(g.label)
        if g.passing and failing is not None and not misordered:
            misordered = True  # one diagnostic is enough to reorder the list
            ctx.emit(file, where + ("labels", j), "SW611",
                     f"grading scheme '{sid}': the passing label '{g.label}' comes after the failing label "
                     f"'{failing}'; list the labels best first")
        failing = failing if g.passing else (failing or g.label)
    if not scheme.has_pass_mark:
        what = "no label fails" if all(g.passing for g in labels) else "no label passes"
        ctx.emit(file, where + ("labels",), "SW610",
                 f"grading scheme '{sid}' has no pass mark ({what}); mark the failing labels with "
                 "{label: ..., pass: false} and keep at least one passing label", key=True)


@emits("SW612", "SW613", "SW614")
def result_grades(ctx: RuleContext) -> None:
    """SW612, SW613, SW614: a result's grade is on the assessing partner's grading scheme
    (SW612), passing on a passed result and failing on a failed one (SW613), and given only by a
    partner that has a grading scheme (SW614). Messages never show the grade."""
    alliance = ctx.cur.alliance
    if alliance is None:
        return
    for r in ctx.cur.records.results:
        item = r.item
        partner = alliance.partner(item.assessed_by)
        if not item.grade or partner is None:
            continue  # an unknown partner is SW201 (or one of a broken alliance entry, reported already)
        if not partner.grading:
            ctx.sink.emit(r.file, r.pos("grade"), "SW614",
                          f"the grade has no scale: partner '{partner.id}' has no grading scheme; add grading: to "
                          "it in curricula/alliance.yaml (and the scheme under grading_schemes), or leave the grade "
                          "empty")
            continue
        scheme = alliance.grading_schemes.get(partner.grading)
        if scheme is None:
            continue  # an unknown scheme: reported at the partner (SW609)
        reading = scheme.read(item.grade)
        if reading.problem:
            ctx.sink.emit(r.file, r.pos("grade"), "SW612",
                          f"the grade is not on the scale '{partner.grading}' of '{partner.id}' "
                          f"({scheme.range_text()}): {reading.problem}")
        elif reading.passing is not None and reading.passing != (item.result == "passed"):
            if item.result == "passed":
                why = f"a failing grade on a passed result (the pass mark of '{partner.grading}' is {scheme.pass_text()})"
            else:
                why = f"a passing grade on a failed result (the pass mark of '{partner.grading}' is {scheme.pass_text()})"
            ctx.sink.emit(r.file, r.pos("grade"), "SW613", f"{why}; correct the grade or the result")
