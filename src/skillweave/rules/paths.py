"""Learning paths: each programme can be taught in an order that respects its prerequisites, in
semesters of about equal ECVET points.

* The teaching order respects every prerequisite inside the programme and otherwise keeps the
  order in which the programme lists its units.
* The semester plan splits that order into ``ceil(duration_months / 6)`` semesters; a unit comes
  after its prerequisites, in the same semester (taught before it) or an earlier one. Among the
  splits it takes the one whose heaviest semester carries the fewest ECVET points, so semesters
  stay near the ECVET norm of 30 points (60 a year).

:func:`plan` is the computation that both the rule here and the report of ``skillweave path``
(:mod:`skillweave.analyses.paths`) use; only the rule reports problems.
"""

from __future__ import annotations

import heapq
import math
from dataclasses import dataclass

from skillweave.model import Curriculum, Programme
from skillweave.rules.context import RuleContext, emits

SEMESTER_MONTHS = 6
#: a semester this much above its share of the points is overloaded
OVERLOAD = 1.25


def teaching_order(units: list[str], requires: dict[str, list[str]]) -> list[str] | None:
    """Topological order, ties broken by position in ``units``; None if there is a cycle."""
    position = {u: i for i, u in enumerate(units)}
    indegree = {u: 0 for u in units}
    dependants: dict[str, list[str]] = {u: [] for u in units}
    for u in units:
        for pre in requires.get(u, []):
            if pre in position and pre != u:
                indegree[u] += 1
                dependants[pre].append(u)
            elif pre == u:
                return None
    ready = [(position[u], u) for u in units if indegree[u] == 0]
    heapq.heapify(ready)
    order = []
    while ready:
        _, u = heapq.heappop(ready)
        order.append(u)
        for d in dependants[u]:
            indegree[d] -= 1
            if indegree[d] == 0:
                heapq.heappush(ready, (position[d], d))
    return order if len(order) == len(units) else None


def split(points: list[float], parts: int) -> list[int]:
    """Cut indexes that split ``points`` (in order) into at most ``parts`` contiguous groups with
    the smallest possible heaviest group (dynamic programming; ties: earlier cuts)."""
    n = len(points)
    parts = max(1, min(parts, n)) if n else 1
    prefix = [0.0]
    for p in points:
        prefix.append(prefix[-1] + p)
    inf = float("inf")
    # best[k][i]: smallest max load splitting the first i units into k groups
    best = [[inf] * (n + 1) for _ in range(parts + 1)]
    cut = [[0] * (n + 1) for _ in range(parts + 1)]
    best[0][0] = 0.0
    for k in range(1, parts + 1):
        for i in range(1, n + 1):
            for j in range(k - 1, i):
                load = max(best[k - 1][j], prefix[i] - prefix[j])
                if load < best[k][i] - 1e-9:
                    best[k][i] = load
                    cut[k][i] = j
    # use exactly `parts` groups when there are enough units
    k, i, cuts = parts, n, []
    while k > 0:
        j = cut[k][i]
        cuts.append(j)
        i, k = j, k - 1
    return sorted(cuts)[1:] if cuts else []


@dataclass
class Plan:
    """How a programme can be taught: its units (existing ones, once each, in the programme's
    order), what each requires, the teaching order (None: the prerequisites form a cycle), the
    semesters (unit lists) and each semester's share of the points."""

    units: list[str]
    requires: dict[str, list[str]]
    order: list[str] | None
    semesters: list[list[str]]
    semester_count: int
    target_points: float


def plan(cur: Curriculum, prog: Programme) -> Plan:
    units = [u for u in dict.fromkeys(prog.units) if u in cur.units]
    requires = {u: list(cur.units[u].prerequisites) for u in units}
    count = max(1, math.ceil(prog.duration_months / SEMESTER_MONTHS))
    total = sum(cur.units[u].ecvet_points for u in units)
    target = total / count if count else total
    order = teaching_order(units, requires)
    semesters: list[list[str]] = []
    if order is not None:
        bounds = [0] + split([cur.units[u].ecvet_points for u in order], count) + [len(order)]
        semesters = [order[bounds[k]:bounds[k + 1]] for k in range(len(bounds) - 1)]
    return Plan(units, requires, order, semesters, count, target)


@emits("SW501", "SW502", "SW503")
def learning_paths(ctx: RuleContext) -> None:
    """SW501, SW502, SW503: every programme can be planned.

    * the prerequisites of the programme's units form no cycle, so a teaching order exists (SW501,
      error; SW301 names the cycle);
    * every prerequisite of a programme's unit is itself in the programme: otherwise no learner
      of the programme could meet it (SW502, error);
    * the best semester plan leaves no semester more than 25 % above its share of the points
      (SW503, warning: a unit is too large for a semester, or the duration too short).

    Not checked for a programme that names an unknown unit (SW202).
    """
    cur = ctx.cur
    for pid in sorted(cur.programmes):
        prog = cur.programmes[pid]
        if not ctx.programme_complete(pid):
            continue
        file = cur.programme_file(pid)
        listed = set(prog.units)
        for uid in dict.fromkeys(prog.units):
            for pre in cur.units[uid].prerequisites:
                if pre not in listed and ctx.unit_known(pre):  # an unknown prerequisite is SW202
                    ctx.emit(file, ("units", prog.units.index(uid)), "SW502",
                             f"unit '{uid}' requires '{pre}', which programme '{pid}' does not contain, so no "
                             f"learner of it can meet the prerequisite; add '{pre}' to units")
        p = plan(cur, prog)
        if p.order is None:
            ctx.emit(file, ("units",), "SW501",
                     f"programme '{pid}' has no teaching order: its units' prerequisites form a cycle "
                     "(see SW301); remove one prerequisite")
            continue
        for number, units in enumerate(p.semesters, start=1):
            points = sum(cur.units[u].ecvet_points for u in units)
            if p.target_points and points > OVERLOAD * p.target_points + 1e-9:
                ctx.emit(file, ("duration_months",), "SW503",
                         f"semester {number} of programme '{pid}' carries {points:g} ECVET points, more than "
                         f"25 % above its share of {p.target_points:g} ({p.semester_count} semesters of "
                         f"{SEMESTER_MONTHS} months); split a large unit or extend duration_months")
