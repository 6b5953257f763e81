"""The rules of docs/formats.md that need more than one file: references, cycles, levels, points,
approvals, languages and ESCO links.

Each rule is a function registered with :func:`rule`; its docstring is its user documentation
(``docs/diagnostics.md`` says the same, by code). Rules only read the curriculum and the vocabulary
and report through the sink; :func:`run` runs them all and returns the resolved ESCO references.

Scope decisions: language rules (SW206, SW309, SW310) and the missing-ESCO warning (SW311) apply
to the joint content (alliance, programmes, units in ``curricula/units``), not to national
qualifications, which are existing documents in their own language.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel

from skillweave.diagnostics import DiagnosticSink
from skillweave.fingerprint import VERSION as FINGERPRINT_VERSION
from skillweave.fingerprint import fingerprint
from skillweave.model import Alliance, Approval, Curriculum, Resolved, Text, Unit
from skillweave.vocab import Vocabulary


@dataclass
class RuleContext:
    cur: Curriculum
    vocab: Vocabulary
    sink: DiagnosticSink
    resolved: Resolved = field(default_factory=Resolved)
    #: file -> the fingerprint of its unit's learning content (computed once, for SW315 and SW308)
    fingerprints: dict[str, str] = field(default_factory=dict)

    def fingerprint(self, file: str, unit: Unit) -> str:
        if file not in self.fingerprints:
            self.fingerprints[file] = fingerprint(unit, self.resolved.skill_uri)
        return self.fingerprints[file]

    def outdated(self, file: str, unit: Unit, approval: Approval) -> bool:
        """The approval is bound to content (has a fingerprint) that is no longer the unit's."""
        return approval.fingerprint is not None and approval.fingerprint != self.fingerprint(file, unit)

    def emit(self, file: str, path: tuple, code: str, message: str, key: bool = False) -> None:
        pos = self.cur.key_pos(file, *path) if key else self.cur.pos(file, *path)
        self.sink.emit(file, pos, code, message)

    def partner_known(self, partner_id: str) -> bool:
        a = self.cur.alliance
        return (a is not None and a.partner(partner_id) is not None) or ("partner", partner_id) in self.cur.broken

    def joint_units(self) -> Iterator[tuple[str, Unit]]:
        for uid, unit in self.cur.units.items():
            yield self.cur.unit_file(uid), unit

    def all_units(self) -> Iterator[tuple[str, Unit, str | None]]:
        """(file, unit, national partner or None) for joint and national units."""
        for file, unit in self.joint_units():
            yield file, unit, None
        for partner, entry in sorted(self.cur.national.items()):
            for uid, unit in entry.units.items():
                yield entry.unit_files[uid], unit, partner


RULES: list[Callable[[RuleContext], None]] = []


def rule(fn: Callable[[RuleContext], None]) -> Callable[[RuleContext], None]:
    RULES.append(fn)
    return fn


def _did_you_mean(options: list[str]) -> str:
    if not options:
        return ""
    return "; did you mean " + " or ".join(f"'{o}'" for o in options) + "?"


def _near(name: str, known: list[str]) -> list[str]:
    import difflib

    return difflib.get_close_matches(name, known, n=2, cutoff=0.6)


# --- references -------------------------------------------------------------------------------

@rule
def esco_references(ctx: RuleContext) -> None:
    """SW203, SW204, SW205, SW312: every ESCO reference names exactly one concept of the right kind.

    A reference is a full concept URI or an exact preferred or alternative label (any case).
    Programmes' ``occupations`` must be occupations; learning outcomes' ``esco`` must be skills.
    """
    vocab = ctx.vocab
    empty = len(vocab) == 0
    no_vocab = " (no vocabulary is loaded: add ESCO RDF files to ontologies/ or pass --vocabulary)" if empty else ""

    def resolve(file: str, path: tuple, ref: str, kind: str) -> str | None:
        res = vocab.resolve(ref, kind)  # type: ignore[arg-type]
        if res.uri:
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
                     f"unknown ESCO {noun} '{ref}'{no_vocab}{_did_you_mean(list(res.suggestions))}")
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
            if uri and uri in uris:
                ctx.emit(file, ("occupations", i), "SW312", f"occupation '{ref}' is listed twice; delete one")
            elif uri:
                uris.append(uri)
        ctx.resolved.programme_occupations[pid] = uris
    for file, unit, _partner in ctx.all_units():
        for j, lo in enumerate(unit.learning_outcomes):
            uris = []
            for i, ref in enumerate(lo.esco):
                uri = resolve(file, ("learning_outcomes", j, "esco", i), ref, "skill")
                if uri and uri in uris:
                    ctx.emit(file, ("learning_outcomes", j, "esco", i), "SW312",
                             f"ESCO skill '{ref}' is linked twice to outcome '{lo.id}'; delete one")
                elif uri:
                    uris.append(uri)
            ctx.resolved.outcome_skills.setdefault(lo.id, uris)


@rule
def partner_references(ctx: RuleContext) -> None:
    """SW201, SW207: owners, contributors, delivering partners (``delivered_by``), awarding
    partners, approvals and national folders name partners of the alliance."""
    if ctx.cur.alliance is None:
        return  # the alliance file itself is reported; partner checks would only repeat it
    known = [p.id for p in ctx.cur.alliance.partners]

    def check(file: str, path: tuple, partner_id: str, what: str, code: str = "SW201") -> None:
        if not ctx.partner_known(partner_id):
            ctx.emit(file, path, code,
                     f"{what} '{partner_id}' is not a partner of the alliance{_did_you_mean(_near(partner_id, known))}"
                     + ("" if _near(partner_id, known) else "; add it to partners in curricula/alliance.yaml"))

    for pid, prog in ctx.cur.programmes.items():
        file = ctx.cur.programme_file(pid)
        for i, partner in enumerate(prog.awarding_partners):
            check(file, ("awarding_partners", i), partner, "awarding partner")
        _duplicates(ctx, file, ("awarding_partners",), prog.awarding_partners, "awarding partner")
    for file, unit, national in ctx.all_units():
        check(file, ("owner",), unit.owner, "owner")
        for i, partner in enumerate(unit.contributors):
            check(file, ("contributors", i), partner, "contributor")
        _duplicates(ctx, file, ("contributors",), unit.contributors, "contributor")
        for i, partner in enumerate(unit.delivered_by):
            check(file, ("delivered_by", i), partner, "delivering partner")
        _duplicates(ctx, file, ("delivered_by",), unit.delivered_by, "delivering partner")
        for i, approval in enumerate(unit.approvals):
            check(file, ("approvals", i, "partner"), approval.partner, "approving partner", "SW207")
        if national and unit.owner != national and ctx.partner_known(unit.owner):
            ctx.emit(file, ("owner",), "SW208",
                     f"this unit belongs to the national qualification of '{national}', but its owner is "
                     f"'{unit.owner}'; set owner: {national}")
    for partner, entry in sorted(ctx.cur.national.items()):
        if not ctx.partner_known(partner):
            file = entry.file or f"{entry.folder}/qualification.yaml"
            ctx.sink.emit(file, (1, 1), "SW201",
                          f"the folder curricula/national/{partner} is named after no partner of the alliance"
                          f"{_did_you_mean(_near(partner, known))}; rename it to the partner's id")


def _duplicates(ctx: RuleContext, file: str, path: tuple, items: list[str], what: str) -> None:
    seen: set[str] = set()
    for i, item in enumerate(items):
        if item in seen:
            ctx.emit(file, path + (i,), "SW312", f"{what} '{item}' is listed twice; delete one")
        seen.add(item)


@rule
def unit_references(ctx: RuleContext) -> None:
    """SW202, SW312: programmes, prerequisites and national qualifications name existing units."""
    joint = sorted(ctx.cur.units)

    def known_joint(uid: str) -> bool:
        return uid in ctx.cur.units or ("unit", uid) in ctx.cur.broken

    for pid, prog in ctx.cur.programmes.items():
        file = ctx.cur.programme_file(pid)
        for i, uid in enumerate(prog.units):
            if not known_joint(uid):
                ctx.emit(file, ("units", i), "SW202",
                         f"unknown unit '{uid}': there is no curricula/units/{uid}.yaml{_did_you_mean(_near(uid, joint))}")
        _duplicates(ctx, file, ("units",), prog.units, "unit")
    for file, unit in ctx.joint_units():
        for i, uid in enumerate(unit.prerequisites):
            if not known_joint(uid):
                ctx.emit(file, ("prerequisites", i), "SW202",
                         f"unknown prerequisite unit '{uid}'{_did_you_mean(_near(uid, joint))}")
        _duplicates(ctx, file, ("prerequisites",), unit.prerequisites, "prerequisite")
    for partner, entry in sorted(ctx.cur.national.items()):
        names = sorted(entry.units)

        def known(uid: str) -> bool:
            return uid in entry.units or uid in entry.broken_units

        q = entry.qualification
        if q is not None and entry.file:
            for i, uid in enumerate(q.units):
                if not known(uid):
                    ctx.emit(entry.file, ("units", i), "SW202",
                             f"unknown unit '{uid}': there is no {entry.folder}/units/{uid}.yaml"
                             f"{_did_you_mean(_near(uid, names))}")
            _duplicates(ctx, entry.file, ("units",), q.units, "unit")
        for uid, unit in entry.units.items():
            file = entry.unit_files[uid]
            for i, pre in enumerate(unit.prerequisites):
                if not known(pre):
                    ctx.emit(file, ("prerequisites", i), "SW202",
                             f"unknown prerequisite unit '{pre}' in {entry.folder}/units{_did_you_mean(_near(pre, names))}")


@rule
def outcome_ids(ctx: RuleContext) -> None:
    """SW107: learning outcome ids are unique across the workspace."""
    first: dict[str, tuple[str, int]] = {}
    for file, unit, _national in ctx.all_units():
        for j, lo in enumerate(unit.learning_outcomes):
            if lo.id in first:
                other_file, line = first[lo.id]
                ctx.emit(file, ("learning_outcomes", j, "id"), "SW107",
                         f"learning outcome id '{lo.id}' is already used in {other_file} (line {line}); "
                         "give each outcome its own id")
            else:
                first[lo.id] = (file, ctx.cur.pos(file, "learning_outcomes", j, "id")[0])


# --- structure of the curriculum --------------------------------------------------------------

@rule
def prerequisite_cycles(ctx: RuleContext) -> None:
    """SW301, SW303: prerequisites form no cycle; a prerequisite's EQF level is not above the unit's.

    The cycle diagnostic names the whole cycle, at the first unit of it (alphabetically).
    """
    import networkx as nx

    groups: list[tuple[dict[str, Unit], dict[str, str]]] = [
        (ctx.cur.units, {uid: ctx.cur.unit_file(uid) for uid in ctx.cur.units})
    ]
    for _partner, entry in sorted(ctx.cur.national.items()):
        groups.append((entry.units, entry.unit_files))
    for units, files in groups:
        g = nx.DiGraph()
        for uid in sorted(units):
            g.add_node(uid)
            for pre in units[uid].prerequisites:
                if pre in units:
                    g.add_edge(uid, pre)
        for component in sorted(nx.strongly_connected_components(g), key=min):
            if len(component) == 1:
                (only,) = component
                if not g.has_edge(only, only):
                    continue
            start = min(component)
            cycle = _cycle_through(g.subgraph(component), start)
            unit = units[start]
            nxt = cycle[1] if len(cycle) > 1 else start
            index = unit.prerequisites.index(nxt)
            shown = " → ".join(cycle + [start])
            ctx.emit(files[start], ("prerequisites", index), "SW301",
                     f"prerequisites form a cycle: {shown}; remove one of these prerequisites")
        for uid in sorted(units):
            unit = units[uid]
            for i, pre in enumerate(unit.prerequisites):
                other = units.get(pre)
                if other is not None and other.eqf_level > unit.eqf_level:
                    ctx.emit(files[uid], ("prerequisites", i), "SW303",
                             f"prerequisite '{pre}' has EQF level {other.eqf_level}, above this unit's "
                             f"{unit.eqf_level}; check the levels or the order")


def _cycle_through(g, start: str) -> list[str]:
    """The shortest cycle through ``start`` as a list of nodes beginning with it."""
    import networkx as nx

    best: list[str] | None = None
    for succ in sorted(g.successors(start)):
        if succ == start:
            return [start]
        try:
            back = nx.shortest_path(g, succ, start)
        except nx.NetworkXNoPath:
            continue
        candidate = [start] + back[:-1]
        if best is None or len(candidate) < len(best):
            best = candidate
    return best or [start]


def _points(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


@rule
def programme_rules(ctx: RuleContext) -> None:
    """SW302, SW304, SW305, SW314: levels, points and completeness of each programme.

    * a unit's EQF level is not above its programme's (error, at the unit's ``eqf_level``);
    * the units' ECVET points add up to the programme's (error);
    * the programme's points are within 10 % of 60 per 12 months of ``duration_months`` (warning);
    * every prerequisite of a programme's unit is itself in the programme (warning).
    """
    for pid, prog in ctx.cur.programmes.items():
        file = ctx.cur.programme_file(pid)
        listed = set(prog.units)
        unknown = any(uid not in ctx.cur.units for uid in listed)  # reported already (SW202)
        complete = True
        total = 0.0
        for i, uid in enumerate(dict.fromkeys(prog.units)):
            unit = ctx.cur.units.get(uid)
            if unit is None:
                complete = False
                continue
            total += unit.ecvet_points
            if unit.eqf_level > prog.eqf_level:
                ctx.emit(ctx.cur.unit_file(uid), ("eqf_level",), "SW302",
                         f"EQF level {unit.eqf_level} is above the level {prog.eqf_level} of programme '{pid}'; "
                         f"lower the unit's level or move it to a programme of level {unit.eqf_level}")
            for pre in unit.prerequisites:
                if pre not in listed and not unknown and (pre in ctx.cur.units or ("unit", pre) in ctx.cur.broken):
                    index = prog.units.index(uid)
                    ctx.emit(file, ("units", index), "SW314",
                             f"unit '{uid}' requires '{pre}', which this programme does not include; "
                             f"add '{pre}' to units or drop the prerequisite")
        if complete and abs(total - prog.ecvet_points) > 1e-9:
            ctx.emit(file, ("ecvet_points",), "SW304",
                     f"the units add up to {_points(total)} ECVET points, but the programme declares "
                     f"{_points(prog.ecvet_points)}; change ecvet_points or the units' points")
        expected = 60 * prog.duration_months / 12
        if abs(prog.ecvet_points - expected) > 0.1 * expected:
            ctx.emit(file, ("ecvet_points",), "SW305",
                     f"{_points(prog.ecvet_points)} ECVET points for {prog.duration_months} months is more than "
                     f"10 % off the ECVET norm of {_points(expected)} (60 points per year of full-time VET); "
                     "check ecvet_points and duration_months")


@rule
def nqf_levels(ctx: RuleContext) -> None:
    """SW316: every level a programme's ``nqf_level`` writes names a level of the QDR's list of
    national framework levels (warning, at the value: the mapping form's value for its country).

    The exports name NQF levels by that list's URIs and leave out what names none; a programme
    with no level of the list is exported as a learning achievement specification, not as a
    qualification (docs/loq.md, docs/elm.md).
    """
    from skillweave.formats import nqf

    for pid, prog in ctx.cur.programmes.items():
        readings = nqf.read(prog.nqf_level)
        mapped = any(r.level is not None for r in readings)
        for r in readings:
            if r.problem is None:
                continue
            path = ("nqf_level", r.key) if r.key is not None else ("nqf_level",)
            outcome = ("the exports leave it out" if mapped else
                       "the exports leave it out, and without a level of the list the programme is exported "
                       "as a learning achievement specification, not a qualification")
            ctx.emit(ctx.cur.programme_file(pid), path, "SW316",
                     f"NQF level \"{r.text}\" is not in the QDR's list of national framework levels: {r.problem}; {outcome}")


@rule
def unit_rules(ctx: RuleContext) -> None:
    """SW306, SW307, SW308, SW311, SW313: outcomes, approvals and use of each joint unit.

    * a unit has at least one learning outcome (error) and one of type ``skill`` (warning);
    * an ``approved`` unit has approvals from at least ``approval.min_vet_providers`` VET providers
      and ``approval.min_employers`` employers of the alliance (error); an approval of earlier
      content (SW315) does not count;
    * a learning outcome links at least one ESCO skill (warning, joint units only);
    * every joint unit is used by some programme (warning).
    """
    alliance = ctx.cur.alliance
    used = {uid for prog in ctx.cur.programmes.values() for uid in prog.units}
    # a broken programme file or a misspelt unit in a programme would make this warning misleading
    programmes_broken = any(kind == "programme" for kind, _ in ctx.cur.broken) or any(
        uid not in ctx.cur.units for uid in used)
    for file, unit, national in ctx.all_units():
        if not unit.learning_outcomes:
            where = ("learning_outcomes",) if ("learning_outcomes",) in ctx.cur.sources[file].values else ("id",)
            ctx.emit(file, where, "SW306",
                     "the unit has no learning outcome; add learning_outcomes with at least one outcome")
        elif not any(lo.type == "skill" for lo in unit.learning_outcomes):
            ctx.emit(file, ("learning_outcomes",), "SW307",
                     "the unit has no learning outcome of type skill; most units teach at least one skill")
        if national is None:
            for j, lo in enumerate(unit.learning_outcomes):
                if not lo.esco:
                    ctx.emit(file, ("learning_outcomes", j, "id"), "SW311",
                             f"learning outcome '{lo.id}' links no ESCO skill; add the skills it teaches under esco: "
                             "(skillweave suggest can propose some)")
            if unit.id not in used and not programmes_broken:
                ctx.emit(file, ("id",), "SW313", f"unit '{unit.id}' is in no programme; add it to a programme's units")
        if unit.status == "approved" and alliance is not None:
            counted = [a for a in unit.approvals if not ctx.outdated(file, unit, a)]
            outdated = len(unit.approvals) - len(counted)  # content changed since (SW315): they no longer count
            lacking = quorum_shortfall(alliance, counted)
            if lacking:
                stale = (f" ({outdated} approval{'s' if outdated != 1 else ''} of earlier content no longer "
                         f"count{'' if outdated != 1 else 's'})") if outdated else ""
                ctx.emit(file, ("status",), "SW308",
                         "the unit is approved without the co-design quorum: it needs approvals from "
                         + " and ".join(lacking) + stale
                         + "; add the missing approvals (skillweave approve) or set status: proposed")


def quorum_shortfall(alliance: Alliance, approvals: Iterable[Approval]) -> list[str]:
    """What ``approvals`` lack of the alliance's co-design quorum (empty when they meet it)."""
    kinds: dict[str, set[str]] = {"vet-provider": set(), "employer": set()}
    for approval in approvals:
        partner = alliance.partner(approval.partner)
        if partner is not None and partner.type in kinds:
            kinds[partner.type].add(partner.id)
    rule_ = alliance.approval
    lacking = []
    if len(kinds["vet-provider"]) < rule_.min_vet_providers:
        lacking.append(f"{rule_.min_vet_providers} VET provider(s) (has {len(kinds['vet-provider'])})")
    if len(kinds["employer"]) < rule_.min_employers:
        lacking.append(f"{rule_.min_employers} employer(s) (has {len(kinds['employer'])})")
    return lacking


@rule
def approval_fingerprints(ctx: RuleContext) -> None:
    """SW315: an approval bound to the unit's learning content still matches it.

    ``skillweave approve`` writes the fingerprint of the unit's learning content into the approval
    (``fingerprint: v1-…``). When the content changes afterwards (a statement, points, an ESCO
    link: see skillweave.fingerprint for exactly what counts), the approval is reported at its
    line and no longer counts towards the co-design quorum (SW308). Approvals without a
    fingerprint are not bound to content and count as they are.
    """
    for file, unit, _national in ctx.all_units():
        for i, approval in enumerate(unit.approvals):
            if not ctx.outdated(file, unit, approval):
                continue
            assert approval.fingerprint is not None
            version = approval.fingerprint.split("-", 1)[0]
            if version != FINGERPRINT_VERSION:
                why = (f"its fingerprint is of another version ({version}) than this skillweave computes "
                       f"({FINGERPRINT_VERSION})")
            else:
                why = "the unit's learning content has changed since"
            ctx.emit(file, ("approvals", i), "SW315",
                     f"the approval by '{approval.partner}' of {approval.date.isoformat()} no longer counts: "
                     f"{why}; let the partner review the unit and run 'skillweave approve {unit.id} "
                     f"--partner {approval.partner}', or delete this approval")


# --- languages --------------------------------------------------------------------------------

def _text_fields(cls: type[BaseModel]) -> tuple[str, ...]:
    """The fields of a model class that can hold Text, directly or inside models and lists."""
    cached = _TEXT_FIELDS.get(cls)
    if cached is None:
        import typing

        def holds_text(annotation: Any) -> bool:
            if annotation is Text:
                return True
            if isinstance(annotation, type) and issubclass(annotation, BaseModel):
                return True
            return any(holds_text(a) for a in typing.get_args(annotation))

        cached = tuple(n for n, f in cls.model_fields.items() if holds_text(f.annotation))
        _TEXT_FIELDS[cls] = cached
    return cached


_TEXT_FIELDS: dict[type, tuple[str, ...]] = {}


def _texts(obj: Any, path: tuple = ()) -> Iterator[tuple[tuple, Text]]:
    if isinstance(obj, Text):
        yield path, obj
    elif isinstance(obj, dict):  # e.g. grading_schemes: id -> scheme
        for key, item in obj.items():
            yield from _texts(item, path + (key,))
    elif isinstance(obj, BaseModel):
        for name in _text_fields(type(obj)):
            value = getattr(obj, name)
            if value is not None:
                yield from _texts(value, path + (name,))
    elif isinstance(obj, list):
        for i, item in enumerate(obj):
            yield from _texts(item, path + (i,))


@rule
def languages(ctx: RuleContext) -> None:
    """SW102, SW206, SW309, SW310: texts of the joint content are in the alliance's languages.

    The default language is required (error), each other language of the alliance is expected
    (warning; not of an approval's note, which is the partner's own remark), and a language the
    alliance does not list is probably a typo (warning).
    """
    alliance = ctx.cur.alliance
    if alliance is None:
        return
    langs = alliance.languages
    if alliance.default_language not in langs:
        ctx.emit(ctx.cur.alliance_file, ("default_language",), "SW102",
                 f"default_language '{alliance.default_language}' is not among languages "
                 f"[{', '.join(langs)}]; add it to languages")
    documents: list[tuple[str, BaseModel]] = [(ctx.cur.alliance_file, alliance)]
    documents += [(ctx.cur.programme_file(pid), p) for pid, p in ctx.cur.programmes.items()]
    documents += [(file, unit) for file, unit in ctx.joint_units()]
    for file, doc in documents:
        check_languages(ctx, file, doc)


def check_languages(ctx: RuleContext, file: str, doc: BaseModel, prefix: tuple = ()) -> None:
    """SW206, SW309, SW310 on every text of ``doc`` (a model read from ``file`` at ``prefix``)."""
    alliance = ctx.cur.alliance
    assert alliance is not None
    langs = alliance.languages
    default = alliance.default_language
    for path, text in _texts(doc, prefix):
        present = text.root
        if default not in present:
            ctx.emit(file, path, "SW310",
                     f"{_where(path)} has no text in the default language '{default}'; add {default}: ...")
        missing = [lang for lang in langs if lang not in present and lang != default]
        # an approval's note is the partner's own remark, not curriculum text to translate
        if missing and "approvals" not in path:
            ctx.emit(file, path, "SW309",
                     f"{_where(path)} has no {', '.join(missing)} text; add a translation "
                     f"({', '.join(f'{m}: ...' for m in missing)})")
        for lang in present:
            if lang not in langs:
                ctx.emit(file, path + (lang,), "SW206",
                         f"language '{lang}' is not one of the alliance's languages [{', '.join(langs)}]; "
                         "fix the code or add the language to curricula/alliance.yaml", key=True)


def _where(path: tuple) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else ("." if out else "") + part
    return out


def run(cur: Curriculum, vocab: Vocabulary, sink: DiagnosticSink) -> Resolved:
    from skillweave.rules import (
        quality,  # noqa: F401  (registers the quality-input rules)
        records,  # noqa: F401  (registers the learner-record rules)
    )

    ctx = RuleContext(cur, vocab, sink)
    for fn in RULES:
        fn(ctx)
    return ctx.resolved
