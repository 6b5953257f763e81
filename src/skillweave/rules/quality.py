"""Rules for the quality inputs (``quality/providers.yaml``, ``quality/tracking.csv``).

Messages about tracking rows name the learner by id only (never a name, a status or an answer).
"""

from __future__ import annotations

from skillweave.load.quality import PROVIDERS_FILE
from skillweave.model import IN_EMPLOYMENT
from skillweave.rules.curriculum import RuleContext, _did_you_mean, _near, check_languages, rule

#: the sections of a provider's entry, with the indicator each one feeds
SECTIONS = (("qa_system", "1"), ("staff", "2"), ("unemployment_rate", "7"), ("needs_mechanisms", "9"),
            ("access_schemes", "10"))


@rule
def quality_providers(ctx: RuleContext) -> None:
    """SW201, SW701, SW702, SW703, SW206, SW309, SW310: providers.yaml declares, for each VET
    provider of the alliance, its QA system, staff, regional unemployment rate, mechanisms to identify
    training needs and schemes for better access.

    * every key is a partner of the alliance (SW201) that is a VET provider (SW701, warning: the
      entry is ignored);
    * every VET provider has an entry with every section (SW702, warning: the indicators leave the
      provider out where it declares nothing); when ``quality/`` exists without providers.yaml, one
      SW702 says so;
    * no more teachers and trainers in further training than there are (SW703);
    * texts are in the alliance's languages, as for the joint content (SW206, SW309, SW310).
    """
    q = ctx.cur.quality
    alliance = ctx.cur.alliance
    if not q.present or alliance is None:
        return
    vet = [p.id for p in alliance.partners if p.type == "vet-provider"]
    file = PROVIDERS_FILE
    if not q.providers_loaded:
        if vet and not (ctx.cur.workspace.root / file).exists():
            ctx.sink.emit(file, (1, 1), "SW702",
                          f"quality/ has no providers.yaml, so indicators 1, 2, 7, 9 and 10 have no declarations; "
                          f"add one with an entry for each VET provider ({', '.join(vet)}), see docs/formats.md")
        return
    partners = sorted(p.id for p in alliance.partners)
    for pid in list(q.providers) + sorted(q.broken_providers):
        where = ctx.cur.key_pos(file, pid)
        partner = alliance.partner(pid)
        if partner is None:
            if not ctx.partner_known(pid):
                ctx.sink.emit(file, where, "SW201",
                              f"'{pid}' is not a partner of the alliance{_did_you_mean(_near(pid, partners))}")
        elif partner.type != "vet-provider":
            ctx.sink.emit(file, where, "SW701",
                          f"'{pid}' is a partner of type {partner.type}; EQAVET indicators describe VET providers, "
                          "so this entry is ignored: delete it or move its figures to a VET provider")
    for pid in vet:
        if pid in q.broken_providers:
            continue
        entry = q.providers.get(pid)
        if entry is None:
            ctx.sink.emit(file, (1, 1), "SW702",
                          f"VET provider '{pid}' has no entry, so the indicators leave it out; add '{pid}:' "
                          "with qa_system, staff, unemployment_rate, needs_mechanisms and access_schemes")
            continue
        lacking = [f"{name} (indicator {ind})" for name, ind in SECTIONS if not getattr(entry, name)]
        if lacking:
            ctx.sink.emit(file, ctx.cur.key_pos(file, pid), "SW702",
                          f"'{pid}' declares no {', no '.join(lacking)}, so those indicators leave it out; add them")
    for pid, entry in q.providers.items():
        if pid not in vet:
            continue
        staff = entry.staff
        if staff is not None and staff.in_further_training > staff.teachers_and_trainers:
            ctx.emit(file, (pid, "staff", "in_further_training"), "SW703",
                     f"'{pid}': {staff.in_further_training} teachers and trainers in further training, but only "
                     f"{staff.teachers_and_trainers} in all; in_further_training counts people among "
                     "teachers_and_trainers")
        check_languages(ctx, file, entry, (pid,))


@rule
def quality_tracking(ctx: RuleContext) -> None:
    """SW107, SW210, SW704, SW705: graduate tracking fits the learner records.

    * every row names a learner of learners/learners.csv (SW210) who has completed or left (SW704);
    * one row per learner and tracking point (6 or 12 months) (SW107);
    * ``job_related`` and ``employer_satisfaction`` are answered only when the status is employed or
      self-employed (SW705).
    """
    q = ctx.cur.quality
    if not q.tracking:
        return
    rec = ctx.cur.records
    learners_file = ctx.cur.workspace.root / "learners" / "learners.csv"
    # learners.csv exists but could not be read at all (reported already): do not report every row
    unreadable = learners_file.is_file() and not rec.learners and not rec.broken_learners
    seen: dict[tuple[str, int], int] = {}
    for r in q.tracking:
        t = r.item
        key = (t.learner_id, t.months_after_completion)
        if key in seen:
            ctx.sink.emit(r.file, r.pos("learner_id"), "SW107",
                          f"learner '{t.learner_id}' is already tracked at {t.months_after_completion} months on line "
                          f"{seen[key]}; keep one row per learner and tracking point")
        else:
            seen[key] = r.line
        learner = rec.learners.get(t.learner_id)
        if learner is None:
            if t.learner_id not in rec.broken_learners and not unreadable:
                ctx.sink.emit(r.file, r.pos("learner_id"), "SW210",
                              f"unknown learner '{t.learner_id}': learners/learners.csv has no row for it")
        elif learner.item.completed_on is None and learner.item.left_on is None:
            ctx.sink.emit(r.file, r.pos("learner_id"), "SW704",
                          f"learner '{t.learner_id}' has neither completed_on nor left_on in learners/learners.csv; "
                          "tracking is for completers and early leavers: record the completion or the leaving, "
                          "or delete this row")
        if t.status not in IN_EMPLOYMENT:
            for column in ("job_related", "employer_satisfaction"):
                if getattr(t, column) is not None:
                    ctx.sink.emit(r.file, r.pos(column), "SW705",
                                  f"learner '{t.learner_id}': {column} applies only to employed or self-employed "
                                  "completers; leave it empty or correct the status")
