"""Learning paths: a teaching order of each programme's units, a semester plan and the longest
prerequisite chain.

* The teaching order respects every prerequisite inside the programme and otherwise keeps the
  order in which the programme lists its units.
* The semester plan splits that order into ``ceil(duration_months / 6)`` semesters; a unit comes
  after its prerequisites, in the same semester (taught before it) or an earlier one. Among the
  splits it takes the one whose heaviest semester carries the fewest ECVET points, so semesters
  stay near the ECVET norm of 30 points (60 a year).
* The longest prerequisite chain is the longest sequence of units each of which requires the
  previous one.

Impossible plans are diagnostics: SW501 when the programme's prerequisites form a cycle (no
teaching order exists), SW502 when a unit requires a unit the programme does not contain,
SW503 when even the best split leaves a semester more than 25 % above its share of the points.
"""

from __future__ import annotations

import heapq
import math
from dataclasses import dataclass, field

from skillweave.diagnostics import Diagnostic, Severity
from skillweave.model import Curriculum

SEMESTER_MONTHS = 6
OVERLOAD = 1.25


@dataclass
class Semester:
    number: int
    units: list[str]
    ecvet_points: float

    def as_dict(self) -> dict:
        return {"semester": self.number, "units": self.units, "ecvet_points": self.ecvet_points}


@dataclass
class ProgrammePath:
    id: str
    order: list[str] | None
    semesters: list[Semester]
    target_points: float
    longest_chain: list[str]
    diagnostics: list[Diagnostic] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {"id": self.id, "order": self.order,
                "semesters": [s.as_dict() for s in self.semesters],
                "points_per_semester": round(self.target_points, 2),
                "longest_chain": self.longest_chain,
                "diagnostics": [d.as_dict() for d in self.diagnostics]}


@dataclass
class PathReport:
    programmes: list[ProgrammePath]

    @property
    def diagnostics(self) -> list[Diagnostic]:
        return sorted(d for p in self.programmes for d in p.diagnostics)

    def as_dict(self) -> dict:
        return {"programmes": [p.as_dict() for p in self.programmes]}


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


def longest_chain(units: list[str], requires: dict[str, list[str]], order: list[str]) -> list[str]:
    """The longest chain of prerequisites (by number of units), first unit first."""
    inside = set(units)
    best: dict[str, list[str]] = {}
    for u in order:
        chains = [best[p] for p in requires.get(u, []) if p in inside and p in best]
        longest = max(chains, key=lambda c: (len(c), [-order.index(x) for x in c]), default=[])
        best[u] = longest + [u]
    return max(best.values(), key=len, default=[])


def analyse(cur: Curriculum) -> PathReport:
    programmes = []
    for pid in sorted(cur.programmes):
        prog = cur.programmes[pid]
        file = cur.programme_file(pid)
        units = [u for u in dict.fromkeys(prog.units) if u in cur.units]
        requires = {u: list(cur.units[u].prerequisites) for u in units}
        diagnostics = []
        semesters_n = max(1, math.ceil(prog.duration_months / SEMESTER_MONTHS))
        total = sum(cur.units[u].ecvet_points for u in units)
        target = total / semesters_n if semesters_n else total
        for i, uid in enumerate(prog.units):
            for pre in cur.units[uid].prerequisites if uid in cur.units else []:
                if pre not in units:
                    diagnostics.append(Diagnostic(file, *cur.pos(file, "units", i), Severity.ERROR, "SW502",
                                                  f"unit '{uid}' requires '{pre}', which programme '{pid}' does not "
                                                  f"contain, so no learner of it can meet the prerequisite; add '{pre}' "
                                                  "to units"))
        order = teaching_order(units, requires)
        if order is None:
            diagnostics.append(Diagnostic(file, *cur.pos(file, "units"), Severity.ERROR, "SW501",
                                          f"programme '{pid}' has no teaching order: its units' prerequisites form "
                                          "a cycle (see SW301 from skillweave check); remove one prerequisite"))
            programmes.append(ProgrammePath(pid, None, [], target, [], diagnostics))
            continue
        points = [cur.units[u].ecvet_points for u in order]
        cuts = split(points, semesters_n)
        bounds = [0] + cuts + [len(order)]
        semesters = []
        for k in range(len(bounds) - 1):
            group = order[bounds[k]:bounds[k + 1]]
            semesters.append(Semester(k + 1, group, sum(cur.units[u].ecvet_points for u in group)))
        for s in semesters:
            if target and s.ecvet_points > OVERLOAD * target + 1e-9:
                diagnostics.append(Diagnostic(
                    file, *cur.pos(file, "duration_months"), Severity.WARNING, "SW503",
                    f"semester {s.number} of programme '{pid}' carries {s.ecvet_points:g} ECVET points, more than "
                    f"25 % above its share of {target:g} ({semesters_n} semesters of {SEMESTER_MONTHS} months); "
                    "split a large unit or extend duration_months"))
        programmes.append(ProgrammePath(pid, order, semesters, target, longest_chain(units, requires, order),
                                        diagnostics))
    return PathReport(programmes)
