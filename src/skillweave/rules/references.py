"""References between files: every id, partner, unit, programme, learner and ESCO concept a file
names exists, and no list names the same thing twice.

A reference to something whose file exists but could not be read is not reported: the file's own
problem is. Messages about learner records and tracking name the learner by id only.
"""

from __future__ import annotations

from skillweave.load.quality import PROVIDERS_FILE
from skillweave.rules.context import RuleContext, did_you_mean, emits, near


@emits("SW203", "SW204", "SW205")
def esco_references(ctx: RuleContext) -> None:
    """SW203, SW204, SW205: every ESCO reference names exactly one concept of the right kind.

    A reference is a full concept URI or an exact preferred or alternative label (any case).
    Programmes' ``occupations`` must be occupations; learning outcomes' ``esco`` must be skills.
    The references that resolve are what the graph, the analyses and the exports link.
    """
    vocab = ctx.vocab
    empty = len(vocab) == 0
    no_vocab = " (no vocabulary is loaded: add ESCO RDF files to ontologies/ or pass --vocabulary)" if empty else ""

    def resolve(file: str, path: tuple, ref: str, kind: str) -> str | None:
        res = vocab.resolve(ref, kind)  # type: ignore[arg-type]
        if res.uri:
            ctx.esco_uris[(file, path)] = res.uri
            if kind == "skill":
                ctx.resolved.skill_references[ref] = res.uri
            return res.uri
        noun = "occupation" if kind == "occupation" else "skill"
        if res.candidates:
            listed = "; ".join(f"{vocab.label(u)} <{u}>" for u in res.candidates[:6])
            ctx.emit(file, path, "SW204",
                     f"the label '{ref}' names {len(res.candidates)} ESCO {noun}s: {listed}; use the URI of the one you mean")
        elif res.wrong_kind:
            ctx.emit(file, path, "SW205",
                     f"'{ref}' is an ESCO {res.wrong_kind}, but an ESCO {noun} is expected here")
        else:
            ctx.emit(file, path, "SW203",
                     f"unknown ESCO {noun} '{ref}'{no_vocab}{did_you_mean(list(res.suggestions))}")
        return None

    # one batch for remote vocabularies (a SPARQL endpoint), instead of a query per reference
    vocab.prefetch(sorted({ref for prog in ctx.cur.programmes.values() for ref in prog.occupations}
                          | {ref for _f, unit, _n in ctx.all_units() for lo in unit.learning_outcomes
                             for ref in lo.esco}))
    for pid, prog in ctx.cur.programmes.items():
        file = ctx.cur.programme_file(pid)
        uris: list[str] = []
        for i, ref in enumerate(prog.occupations):
            uri = resolve(file, ("occupations", i), ref, "occupation")
            if uri and uri not in uris:
                uris.append(uri)
        ctx.resolved.programme_occupations[pid] = uris
    for file, unit, _partner in ctx.all_units():
        for j, lo in enumerate(unit.learning_outcomes):
            uris = []
            for i, ref in enumerate(lo.esco):
                uri = resolve(file, ("learning_outcomes", j, "esco", i), ref, "skill")
                if uri and uri not in uris:
                    uris.append(uri)
            ctx.resolved.outcome_skills.setdefault(lo.id, uris)


@emits("SW201", "SW207")
def partner_references(ctx: RuleContext) -> None:
    """SW201, SW207: every partner id names a partner of the alliance.

    Checked: programmes' awarding partners, units' owners, contributors and delivering partners
    (``delivered_by``), national folders
    (``curricula/national/<partner>``), the keys of ``quality/providers.yaml`` and the partners in
    learner records (``home_partner``, ``assessed_by``, ``host_partner``). An approval by an
    unknown partner is SW207.
    """
    alliance = ctx.cur.alliance
    if alliance is None:
        return  # the alliance file itself is reported; partner checks would only repeat it
    known = [p.id for p in alliance.partners]

    def hint(partner_id: str) -> str:
        return did_you_mean(near(partner_id, known))

    def check(file: str, path: tuple, partner_id: str, what: str, code: str = "SW201") -> None:
        if not ctx.partner_known(partner_id):
            ctx.emit(file, path, code,
                     f"{what} '{partner_id}' is not a partner of the alliance{hint(partner_id)}"
                     + ("" if near(partner_id, known) else "; add it to partners in curricula/alliance.yaml"))

    for pid, prog in ctx.cur.programmes.items():
        file = ctx.cur.programme_file(pid)
        for i, partner in enumerate(prog.awarding_partners):
            check(file, ("awarding_partners", i), partner, "awarding partner")
    for file, unit, _national in ctx.all_units():
        if not ctx.stand_in(file, "owner"):
            check(file, ("owner",), unit.owner, "owner")
        for i, partner in enumerate(unit.contributors):
            check(file, ("contributors", i), partner, "contributor")
        for i, partner in enumerate(unit.delivered_by):
            check(file, ("delivered_by", i), partner, "delivering partner")
        for i, approval in enumerate(unit.approvals):
            check(file, ("approvals", i, "partner"), approval.partner, "approving partner", "SW207")
    for partner, entry in sorted(ctx.cur.national.items()):
        if not ctx.partner_known(partner):
            file = entry.file or f"{entry.folder}/qualification.yaml"
            ctx.sink.emit(file, (1, 1), "SW201",
                          f"the folder curricula/national/{partner} is named after no partner of the alliance"
                          f"{hint(partner)}; rename it to the partner's id")

    q = ctx.cur.quality
    if q.present and q.providers_loaded:
        for pid in list(q.providers) + sorted(q.broken_providers):
            if not ctx.partner_known(pid):
                ctx.sink.emit(PROVIDERS_FILE, ctx.cur.key_pos(PROVIDERS_FILE, pid), "SW201",
                              f"'{pid}' is not a partner of the alliance{did_you_mean(near(pid, sorted(known)))}")

    rec = ctx.cur.records
    columns = (("learners", ("home_partner",)), ("results", ("assessed_by",)),
               ("mobilities", ("home_partner", "host_partner")))
    for table, names in columns:
        rows = getattr(rec, table)
        for r in rows.values() if isinstance(rows, dict) else rows:
            for column in names:
                pid = getattr(r.item, column)
                if not ctx.partner_known(pid):
                    ctx.sink.emit(r.file, r.pos(column), "SW201",
                                  f"{column} '{pid}' is not a partner of the alliance"
                                  f"{did_you_mean(near(pid, sorted(known)))}")


@emits("SW208")
def national_unit_owners(ctx: RuleContext) -> None:
    """SW208: a unit of a partner's national qualification is owned by that partner."""
    if ctx.cur.alliance is None:
        return
    for file, unit, national in ctx.all_units():
        if national and not ctx.stand_in(file, "owner") and unit.owner != national \
                and ctx.partner_known(unit.owner):
            ctx.emit(file, ("owner",), "SW208",
                     f"this unit belongs to the national qualification of '{national}', but its owner is "
                     f"'{unit.owner}'; set owner: {national}")


@emits("SW202")
def unit_references(ctx: RuleContext) -> None:
    """SW202: every unit id names an existing unit.

    Checked: programmes' ``units`` and units' ``prerequisites`` (joint units), a national
    qualification's ``units`` and its units' prerequisites (units of the same folder), and the
    units of results and mobilities in the learner records (joint units).
    """
    joint = sorted(ctx.cur.units)
    for pid, prog in ctx.cur.programmes.items():
        file = ctx.cur.programme_file(pid)
        for i, uid in enumerate(prog.units):
            if not ctx.unit_known(uid):
                ctx.emit(file, ("units", i), "SW202",
                         f"unknown unit '{uid}': there is no curricula/units/{uid}.yaml{did_you_mean(near(uid, joint))}")
    for file, unit in ctx.joint_units():
        for i, uid in enumerate(unit.prerequisites):
            if not ctx.unit_known(uid):
                ctx.emit(file, ("prerequisites", i), "SW202",
                         f"unknown prerequisite unit '{uid}'{did_you_mean(near(uid, joint))}")
    for _partner, entry in sorted(ctx.cur.national.items()):
        names = sorted(entry.units)

        def known(uid: str) -> bool:
            return uid in entry.units or uid in entry.broken_units

        q = entry.qualification
        if q is not None and entry.file:
            for i, uid in enumerate(q.units):
                if not known(uid):
                    ctx.emit(entry.file, ("units", i), "SW202",
                             f"unknown unit '{uid}': there is no {entry.folder}/units/{uid}.yaml"
                             f"{did_you_mean(near(uid, names))}")
        for uid, unit in entry.units.items():
            file = entry.unit_files[uid]
            for i, pre in enumerate(unit.prerequisites):
                if not known(pre):
                    ctx.emit(file, ("prerequisites", i), "SW202",
                             f"unknown prerequisite unit '{pre}' in {entry.folder}/units{did_you_mean(near(pre, names))}")

    rec = ctx.cur.records
    for r in rec.results:
        if not ctx.unit_known(r.item.unit):
            ctx.sink.emit(r.file, r.pos("unit"), "SW202",
                          f"unknown unit '{r.item.unit}'{did_you_mean(near(r.item.unit, joint))}")
    for r in rec.mobilities.values():
        for uid in r.item.units:
            if not ctx.unit_known(uid):
                ctx.sink.emit(r.file, r.pos("units"), "SW202", f"unknown unit '{uid}'{did_you_mean(near(uid, joint))}")


@emits("SW209")
def programme_references(ctx: RuleContext) -> None:
    """SW209: every learner's ``programme`` names an existing programme."""
    known = sorted(ctx.cur.programmes)
    for lid, r in ctx.cur.records.learners.items():
        programme = r.item.programme
        if programme not in ctx.cur.programmes and ("programme", programme) not in ctx.cur.broken:
            ctx.sink.emit(r.file, r.pos("programme"), "SW209",
                          f"learner '{lid}': unknown programme '{programme}'{did_you_mean(near(programme, known))}")


@emits("SW210")
def learner_references(ctx: RuleContext) -> None:
    """SW210: every result, mobility and tracking row names a learner of learners/learners.csv.

    When learners.csv cannot be read at all (no usable header, say: reported already), no row is
    reported; when it exists but holds no learner, tracking rows are not reported one by one.
    """
    rec = ctx.cur.records
    if "learners/learners.csv" in rec.unreadable:
        return

    def check(r) -> None:
        lid = r.item.learner_id
        if lid not in rec.learners and lid not in rec.broken_learners:
            like = rec.learner_like(lid)
            ctx.sink.emit(r.file, r.pos("learner_id"), "SW210",
                          f"unknown learner '{lid}': learners/learners.csv has no row for it"
                          + (f"; did you mean '{like}'? (ids are compared with their case)" if like else ""))

    for r in rec.results:
        check(r)
    for r in rec.mobilities.values():
        check(r)
    tracking = ctx.cur.quality.tracking
    learners_file = ctx.cur.workspace.root / "learners" / "learners.csv"
    if tracking and not (learners_file.is_file() and not rec.learners and not rec.broken_learners):
        for r in tracking:
            check(r)


@emits("SW312")
def duplicate_entries(ctx: RuleContext) -> None:
    """SW312: no list names the same thing twice.

    Checked: a programme's ``occupations`` (the same ESCO concept, however written),
    ``awarding_partners`` and ``units``; a unit's ``contributors``, ``delivered_by`` and
    ``prerequisites``; a
    learning outcome's ``esco`` skills; a national qualification's ``units``.
    """
    def duplicates(file: str, path: tuple, items: list[str], what: str) -> None:
        seen: set[str] = set()
        for i, item in enumerate(items):
            if item in seen:
                ctx.emit(file, path + (i,), "SW312", f"{what} '{item}' is listed twice; delete one")
            seen.add(item)

    for pid, prog in ctx.cur.programmes.items():
        file = ctx.cur.programme_file(pid)
        seen_uris: set[str] = set()
        for i, ref in enumerate(prog.occupations):
            uri = ctx.esco_uris.get((file, ("occupations", i)))
            if uri in seen_uris:
                ctx.emit(file, ("occupations", i), "SW312", f"occupation '{ref}' is listed twice; delete one")
            elif uri:
                seen_uris.add(uri)
    for file, unit, _national in ctx.all_units():
        for j, lo in enumerate(unit.learning_outcomes):
            seen_uris = set()
            for i, ref in enumerate(lo.esco):
                path = ("learning_outcomes", j, "esco", i)
                uri = ctx.esco_uris.get((file, path))
                if uri in seen_uris:
                    ctx.emit(file, path, "SW312", f"ESCO skill '{ref}' is linked twice to outcome '{lo.id}'; delete one")
                elif uri:
                    seen_uris.add(uri)
    if ctx.cur.alliance is not None:  # partner lists are checked once the partners are known
        for pid, prog in ctx.cur.programmes.items():
            duplicates(ctx.cur.programme_file(pid), ("awarding_partners",), prog.awarding_partners, "awarding partner")
        for file, unit, _national in ctx.all_units():
            duplicates(file, ("contributors",), unit.contributors, "contributor")
            duplicates(file, ("delivered_by",), unit.delivered_by, "delivering partner")
    for pid, prog in ctx.cur.programmes.items():
        duplicates(ctx.cur.programme_file(pid), ("units",), prog.units, "unit")
    for file, unit in ctx.joint_units():
        duplicates(file, ("prerequisites",), unit.prerequisites, "prerequisite")
    for _partner, entry in sorted(ctx.cur.national.items()):
        if entry.qualification is not None and entry.file:
            duplicates(entry.file, ("units",), entry.qualification.units, "unit")
