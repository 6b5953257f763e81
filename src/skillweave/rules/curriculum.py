"""The curriculum's own rules: prerequisites, EQF levels, ECVET points, learning outcomes and
approvals of units and programmes.

The missing-ESCO warning (SW311) applies to the joint content (units in ``curricula/units``), not
to national qualifications, which are existing documents.
"""

from __future__ import annotations

import re

from collections import deque
from collections.abc import Iterable

from skillweave.fingerprint import VERSION as FINGERPRINT_VERSION
from skillweave.model import Alliance, Approval, Unit
from skillweave.rules.context import RuleContext, emits


def _unit_groups(ctx: RuleContext) -> list[tuple[dict[str, Unit], dict[str, str]]]:
    """The joint units, then each national qualification's units: (units by id, files by id).
    Prerequisites name units of the same group."""
    groups = [(ctx.cur.units, {uid: ctx.cur.unit_file(uid) for uid in ctx.cur.units})]
    for _partner, entry in sorted(ctx.cur.national.items()):
        groups.append((entry.units, entry.unit_files))
    return groups


@emits("SW301")
def prerequisite_cycles(ctx: RuleContext) -> None:
    """SW301: prerequisites form no cycle.

    The diagnostic names the whole cycle (a shortest one), at the first unit of it
    (alphabetically), on the prerequisite that leads into the cycle.
    """
    for units, files in _unit_groups(ctx):
        requires = {uid: [pre for pre in units[uid].prerequisites if pre in units] for uid in sorted(units)}
        for component in sorted(_strongly_connected(requires), key=min):
            start = min(component)
            if len(component) == 1 and start not in requires[start]:
                continue
            cycle = _cycle_through(requires, component, start)
            nxt = cycle[1] if len(cycle) > 1 else start
            index = units[start].prerequisites.index(nxt)
            shown = " → ".join(cycle + [start])
            ctx.emit(files[start], ("prerequisites", index), "SW301",
                     f"prerequisites form a cycle: {shown}; remove one of these prerequisites")


def _strongly_connected(edges: dict[str, list[str]]) -> list[set[str]]:
    """The strongly connected components of a directed graph (Tarjan's algorithm, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    components: list[set[str]] = []
    for root in edges:
        if root in index:
            continue
        work = [(root, iter(edges[root]))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, successors = work[-1]
            for succ in successors:
                if succ not in index:
                    index[succ] = low[succ] = len(index)
                    stack.append(succ)
                    on_stack.add(succ)
                    work.append((succ, iter(edges[succ])))
                    break
                if succ in on_stack:
                    low[node] = min(low[node], index[succ])
            else:
                work.pop()
                if work:
                    parent = work[-1][0]
                    low[parent] = min(low[parent], low[node])
                if low[node] == index[node]:
                    component = set()
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        component.add(member)
                        if member == node:
                            break
                    components.append(component)
    return components


def _cycle_through(edges: dict[str, list[str]], component: set[str], start: str) -> list[str]:
    """A shortest cycle through ``start`` inside ``component``, as a list of units beginning with it."""
    best: list[str] | None = None
    for succ in sorted(set(edges[start]) & component):
        if succ == start:
            return [start]
        back = _shortest_path(edges, component, succ, start)
        if back is None:
            continue
        candidate = [start] + back[:-1]
        if best is None or len(candidate) < len(best):
            best = candidate
    return best or [start]


def _shortest_path(edges: dict[str, list[str]], inside: set[str], source: str, target: str) -> list[str] | None:
    parent: dict[str, str | None] = {source: None}
    queue = deque([source])
    while queue:
        node = queue.popleft()
        if node == target:
            path = [node]
            while parent[path[-1]] is not None:
                path.append(parent[path[-1]])  # type: ignore[arg-type]
            return path[::-1]
        for succ in sorted(set(edges[node]) & inside):
            if succ not in parent:
                parent[succ] = node
                queue.append(succ)
    return None


@emits("SW303")
def prerequisite_levels(ctx: RuleContext) -> None:
    """SW303: a prerequisite's EQF level is not above the level of the unit that requires it."""
    for units, files in _unit_groups(ctx):
        for uid in sorted(units):
            unit = units[uid]
            for i, pre in enumerate(unit.prerequisites):
                other = units.get(pre)
                if other is not None and other.eqf_level > unit.eqf_level and not (
                        ctx.stand_in(files[uid], "eqf_level") or ctx.stand_in(files.get(pre, ""), "eqf_level")):
                    ctx.emit(files[uid], ("prerequisites", i), "SW303",
                             f"prerequisite '{pre}' has EQF level {other.eqf_level}, above this unit's "
                             f"{unit.eqf_level}; check the levels or the order")


@emits("SW302")
def unit_levels(ctx: RuleContext) -> None:
    """SW302: a unit's EQF level is not above the level of a programme that contains it (reported
    at the unit's ``eqf_level``)."""
    for pid, prog in ctx.cur.programmes.items():
        for uid in dict.fromkeys(prog.units):
            unit = ctx.cur.units.get(uid)
            if unit is not None and unit.eqf_level > prog.eqf_level \
                    and not ctx.stand_in(ctx.cur.unit_file(uid), "eqf_level"):
                ctx.emit(ctx.cur.unit_file(uid), ("eqf_level",), "SW302",
                         f"EQF level {unit.eqf_level} is above the level {prog.eqf_level} of programme '{pid}'; "
                         f"lower the unit's level or move it to a programme of level {unit.eqf_level}")


def _points(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


@emits("SW304", "SW305")
def ecvet_points(ctx: RuleContext) -> None:
    """SW304, SW305: a programme's ECVET points.

    * the units' points add up to the programme's ``ecvet_points`` (error; not checked while a
      unit of the programme is unknown);
    * the programme's points are within 10 % of 60 per 12 months of ``duration_months``
      (warning: the ECVET norm for a year of full-time VET).
    """
    for pid, prog in ctx.cur.programmes.items():
        file = ctx.cur.programme_file(pid)
        if ctx.programme_complete(pid) and not any(ctx.stand_in(ctx.cur.unit_file(uid), "ecvet_points")
                                                   for uid in prog.units):
            total = sum(ctx.cur.units[uid].ecvet_points for uid in dict.fromkeys(prog.units))
            if abs(total - prog.ecvet_points) > 1e-9:
                ctx.emit(file, ("ecvet_points",), "SW304",
                         f"the units add up to {_points(total)} ECVET points, but the programme declares "
                         f"{_points(prog.ecvet_points)}; change ecvet_points or the units' points")
        expected = 60 * prog.duration_months / 12
        if abs(prog.ecvet_points - expected) > 0.1 * expected:
            ctx.emit(file, ("ecvet_points",), "SW305",
                     f"{_points(prog.ecvet_points)} ECVET points for {prog.duration_months} months is more than "
                     f"10 % off the ECVET norm of {_points(expected)} (60 points per year of full-time VET); "
                     "check ecvet_points and duration_months")


@emits("SW316")
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


@emits("SW306", "SW307")
def unit_outcomes(ctx: RuleContext) -> None:
    """SW306, SW307: every unit (joint or national) has at least one learning outcome (error), and
    one of type ``skill`` (warning)."""
    for file, unit, _national in ctx.all_units():
        if ctx.stand_in(file, "learning_outcomes"):
            continue  # outcomes with errors were left out: the rest is not all of them
        if not unit.learning_outcomes:
            where = ("learning_outcomes",) if ("learning_outcomes",) in ctx.cur.sources[file].values else ("id",)
            ctx.emit(file, where, "SW306",
                     "the unit has no learning outcome; add learning_outcomes with at least one outcome")
        elif not any(lo.type == "skill" for lo in unit.learning_outcomes):
            ctx.emit(file, ("learning_outcomes",), "SW307",
                     "the unit has no learning outcome of type skill; most units teach at least one skill")


@emits("SW311")
def outcome_esco_links(ctx: RuleContext) -> None:
    """SW311: every learning outcome of a joint unit links at least one ESCO skill (warning;
    ``skillweave suggest`` proposes some)."""
    for file, unit in ctx.joint_units():
        for j, lo in enumerate(unit.learning_outcomes):
            if not lo.esco:
                ctx.emit(file, ("learning_outcomes", j, "id"), "SW311",
                         f"learning outcome '{lo.id}' links no ESCO skill; add the skills it teaches under esco: "
                         "(skillweave suggest can propose some)")


@emits("SW313")
def units_in_programmes(ctx: RuleContext) -> None:
    """SW313: every joint unit is in some programme (warning; not checked while a programme file
    cannot be read or a programme names an unknown unit)."""
    used = {uid for prog in ctx.cur.programmes.values() for uid in prog.units}
    # a broken programme file or a misspelt unit in a programme would make this warning misleading
    if any(kind == "programme" for kind, _ in ctx.cur.broken) or any(uid not in ctx.cur.units for uid in used):
        return
    for file, unit in ctx.joint_units():
        if unit.id not in used:
            ctx.emit(file, ("id",), "SW313", f"unit '{unit.id}' is in no programme; add it to a programme's units")


@emits("SW308")
def approval_quorum(ctx: RuleContext) -> None:
    """SW308: an ``approved`` unit has approvals from at least ``approval.min_vet_providers`` VET
    providers and ``approval.min_employers`` employers of the alliance (the co-design quorum); an
    approval of earlier content (SW315) does not count."""
    alliance = ctx.cur.alliance
    if alliance is None:
        return
    for file, unit, _national in ctx.all_units():
        if unit.status != "approved":
            continue
        if ctx.stand_in(file):
            continue  # its content is not all known: neither are its approvals
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
    quorum = alliance.approval
    lacking = []
    if len(kinds["vet-provider"]) < quorum.min_vet_providers:
        lacking.append(f"{quorum.min_vet_providers} VET provider(s) (has {len(kinds['vet-provider'])})")
    if len(kinds["employer"]) < quorum.min_employers:
        lacking.append(f"{quorum.min_employers} employer(s) (has {len(kinds['employer'])})")
    return lacking


@emits("SW315")
def approval_fingerprints(ctx: RuleContext) -> None:
    """SW315: an approval bound to the unit's learning content still matches it.

    ``skillweave approve`` writes the fingerprint of the unit's learning content into the approval
    (``fingerprint: v1-…``). When the content changes afterwards (a statement, points, an ESCO
    link: see skillweave.fingerprint for exactly what counts), the approval is reported at its
    line and no longer counts towards the co-design quorum (SW308). Approvals without a
    fingerprint are not bound to content and count as they are.
    """
    for file, unit, _national in ctx.all_units():
        if ctx.stand_in(file):
            continue  # its content is not all known: no approval can be judged against it
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


#: an absolute IRI: a scheme, then no character that no IRI may hold
_ABSOLUTE_IRI = re.compile(r'[A-Za-z][A-Za-z0-9+.-]*:[^\x00-\x20<>"{}|^`\\\x7f]+')


@emits("SW317")
def base_uri(ctx: RuleContext) -> None:
    """SW317: the alliance's ``base_uri``, under which every exported resource gets its URI, is an
    absolute IRI (``https://...`` or ``urn:...``): a relative one would make the RDF exports
    resolve against wherever a reader found the file."""
    a = ctx.cur.alliance
    if a is None or a.base_uri is None or _ABSOLUTE_IRI.fullmatch(a.base_uri):
        return
    ctx.emit(ctx.cur.alliance_file, ("base_uri",), "SW317",
             f"base_uri {a.base_uri!r} is not an absolute IRI; write it with its scheme and without spaces, "
             "e.g. https://curricula.example.org/my-alliance/")
