"""Rules for learner records: references, dates, programmes, mobilities and grades.

Messages name the learner by id only (never by name, birth date, e-mail or grade).
"""

from __future__ import annotations

from skillweave.model import GradingScheme, Partner, Unit
from skillweave.rules.curriculum import RuleContext, _did_you_mean, _near, rule

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


@rule
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
            hint = _did_you_mean(_near(partner.grading, schemes)) or (
                f"; the schemes are {', '.join(schemes)}" if schemes
                else "; define it under grading_schemes in curricula/alliance.yaml")
            ctx.emit(file, ("partners", i, "grading"), "SW609",
                     f"partner '{partner.id}' grades on '{partner.grading}', which is not a grading scheme{hint}")
    for sid, scheme in alliance.grading_schemes.items():
        _check_scheme(ctx, file, sid, scheme)


def _check_scheme(ctx: RuleContext, file: str, sid: str, scheme: GradingScheme) -> None:
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


@rule
def learner_records(ctx: RuleContext) -> None:
    """SW201, SW202, SW209, SW210, SW604-SW608, SW612-SW614: learner records fit the curriculum.

    * learners: known home partner and programme; enrolment before completion or leaving, not both
      completed and left, born before enrolment;
    * results: known learner, unit and assessing partner; the unit is in the learner's programme;
      named outcomes are the unit's; assessed within the learner's enrolment;
    * mobilities: known learner and partners; the home partner is the learner's; the host is
      another partner, a VET provider or an employer, and in each unit's ``delivered_by`` where
      the unit has one; start before end, within the enrolment; units in the learner's programme;
      recognised (``recognised_on``) no earlier than the start and than the host's results for
      the mobility's units;
    * grades: on the assessing partner's scheme, passing on a passed result and failing on a
      failed one (SW612-SW614).
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
            like = rec.learner_like(lid)
            ctx.sink.emit(r.file, r.pos("learner_id"), "SW210",
                          f"unknown learner '{lid}': learners/learners.csv has no row for it"
                          + (f"; did you mean '{like}'? (ids are compared with their case)" if like else ""))
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

    alliance = ctx.cur.alliance
    for r in rec.results:
        item = r.item
        learner = learner_of(r)
        if partner(r, "assessed_by") and item.grade and alliance is not None:
            _check_grade(ctx, r)
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

    latest_passed = {}
    for r in rec.results:
        if r.item.result == "passed":
            key = (r.item.learner_id, r.item.unit, r.item.assessed_by)
            latest_passed[key] = max(latest_passed.get(key, r.item.date), r.item.date)
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
        if item.recognised_on is not None and item.recognised_on < item.start:
            dates(r, "recognised_on", f"mobility '{mid}' is recognised before it starts; check recognised_on")
        host = alliance.partner(item.host_partner) if alliance is not None and host_ok else None
        programme = programme_of(learner)
        for uid in item.units:
            if not unit(r, "units", uid):
                continue
            if programme is not None and uid not in programme.units:
                ctx.sink.emit(r.file, r.pos("units"), "SW605",
                              f"mobility '{mid}': unit '{uid}' is not in programme '{programme.id}'")
            problem = host_problem(ctx.cur.units[uid], host) if host is not None else None
            if problem:
                ctx.sink.emit(r.file, r.pos("units"), "SW606", f"mobility '{mid}', unit '{uid}': {problem}")
            assessed = latest_passed.get((item.learner_id, uid, item.host_partner))
            if item.recognised_on is not None and assessed is not None and assessed > item.recognised_on:
                dates(r, "recognised_on",
                      f"mobility '{mid}' is recognised before the host assessed unit '{uid}' on "
                      f"{assessed.isoformat()}; check recognised_on")


def _check_grade(ctx: RuleContext, r) -> None:
    """SW612-SW614 for a result with a grade from a known partner. Messages never show the grade."""
    alliance = ctx.cur.alliance
    item = r.item
    partner = alliance.partner(item.assessed_by)
    if partner is None:
        return  # a partner of a broken alliance entry: reported already
    if not partner.grading:
        ctx.sink.emit(r.file, r.pos("grade"), "SW614",
                      f"the grade has no scale: partner '{partner.id}' has no grading scheme; add grading: to "
                      "it in curricula/alliance.yaml (and the scheme under grading_schemes), or leave the grade empty")
        return
    scheme = alliance.grading_schemes.get(partner.grading)
    if scheme is None:
        return  # an unknown scheme: reported at the partner (SW609)
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
