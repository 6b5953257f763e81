"""Quality inputs (``quality/providers.yaml``, ``quality/tracking.csv``) are complete and fit the
alliance and the learner records.

Messages about tracking rows name the learner by id only (never a name, a status or an answer).
Unknown partners and learners are the reference rules' (SW201, SW210); the languages of the
declared texts are the language rule's (SW206, SW309, SW310).
"""

from __future__ import annotations

from skillweave.load.quality import PROVIDERS_FILE
from skillweave.model import IN_EMPLOYMENT
from skillweave.rules.context import RuleContext, emits

#: the sections of a provider's entry, with the indicator each one feeds
SECTIONS = (("qa_system", "1"), ("staff", "2"), ("unemployment_rate", "7"), ("needs_mechanisms", "9"),
            ("access_schemes", "10"))


@emits("SW701", "SW702")
def quality_declarations(ctx: RuleContext) -> None:
    """SW701, SW702: providers.yaml declares, for each VET provider of the alliance, its QA system,
    staff, regional unemployment rate, mechanisms to identify training needs and schemes for
    better access.

    * every entry is for a VET provider (SW701, warning: an entry for another partner is ignored);
    * every VET provider has an entry with every section (SW702, warning: the indicators leave the
      provider out where it declares nothing); when ``quality/`` exists without providers.yaml,
      one SW702 says so.
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
    for pid in list(q.providers) + sorted(q.broken_providers):
        partner = alliance.partner(pid)
        if partner is not None and partner.type != "vet-provider":
            ctx.sink.emit(file, ctx.cur.key_pos(file, pid), "SW701",
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


@emits("SW703")
def staff_figures(ctx: RuleContext) -> None:
    """SW703: a VET provider has no more teachers and trainers in further training than it has
    teachers and trainers."""
    alliance = ctx.cur.alliance
    if alliance is None:
        return
    vet = {p.id for p in alliance.partners if p.type == "vet-provider"}
    for pid, entry in ctx.cur.quality.providers.items():
        staff = entry.staff
        if pid in vet and staff is not None and staff.in_further_training > staff.teachers_and_trainers:
            ctx.emit(PROVIDERS_FILE, (pid, "staff", "in_further_training"), "SW703",
                     f"'{pid}': {staff.in_further_training} teachers and trainers in further training, but only "
                     f"{staff.teachers_and_trainers} in all; in_further_training counts people among "
                     "teachers_and_trainers")


@emits("SW704")
def tracking_completers(ctx: RuleContext) -> None:
    """SW704: tracking is for completers and early leavers: the learner of each row of
    tracking.csv has a ``completed_on`` or a ``left_on`` in learners/learners.csv."""
    learners = ctx.cur.records.learners
    for r in ctx.cur.quality.tracking:
        learner = learners.get(r.item.learner_id)
        if learner is not None and learner.item.completed_on is None and learner.item.left_on is None:
            ctx.sink.emit(r.file, r.pos("learner_id"), "SW704",
                          f"learner '{r.item.learner_id}' has neither completed_on nor left_on in "
                          "learners/learners.csv; tracking is for completers and early leavers: record the "
                          "completion or the leaving, or delete this row")


@emits("SW705")
def tracking_answers(ctx: RuleContext) -> None:
    """SW705: ``job_related`` and ``employer_satisfaction`` are answered only when the status is
    employed or self-employed."""
    for r in ctx.cur.quality.tracking:
        t = r.item
        if t.status in IN_EMPLOYMENT:
            continue
        for column in ("job_related", "employer_satisfaction"):
            if getattr(t, column) is not None:
                ctx.sink.emit(r.file, r.pos(column), "SW705",
                              f"learner '{t.learner_id}': {column} applies only to employed or self-employed "
                              "completers; leave it empty or correct the status")
