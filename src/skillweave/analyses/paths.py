"""Learning paths: a teaching order of each programme's units, a semester plan and the longest
prerequisite chain (``skillweave path``).

The order and the semesters are :func:`skillweave.rules.paths.plan`'s (see there how they are
chosen). The longest prerequisite chain is the longest sequence of units each of which requires
the previous one. Impossible plans are diagnostics of the learning-paths rule (SW501-SW503), which
``check`` reports too; the report carries each programme's.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from skillweave.diagnostics import Diagnostic
from skillweave.model import Curriculum
from skillweave.rules.paths import learning_paths, plan


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


def longest_chain(units: list[str], requires: dict[str, list[str]], order: list[str]) -> list[str]:
    """The longest chain of prerequisites (by number of units), first unit first."""
    inside = set(units)
    best: dict[str, list[str]] = {}
    for u in order:
        chains = [best[p] for p in requires.get(u, []) if p in inside and p in best]
        longest = max(chains, key=lambda c: (len(c), [-order.index(x) for x in c]), default=[])
        best[u] = longest + [u]
    return max(best.values(), key=len, default=[])


def analyse(cur: Curriculum, diagnostics: Iterable[Diagnostic] = ()) -> PathReport:
    """The plan of every programme; ``diagnostics`` are the workspace's (from ``check``), of which
    each programme gets those of the learning-paths rule about its file."""
    codes = set(learning_paths.codes)
    found = [d for d in diagnostics if d.code in codes]
    programmes = []
    for pid in sorted(cur.programmes):
        prog = cur.programmes[pid]
        file = cur.programme_file(pid)
        p = plan(cur, prog)
        own = sorted(d for d in found if d.file == file)
        if p.order is None:
            programmes.append(ProgrammePath(pid, None, [], p.target_points, [], own))
            continue
        semesters = [Semester(k + 1, units, sum(cur.units[u].ecvet_points for u in units))
                     for k, units in enumerate(p.semesters)]
        programmes.append(ProgrammePath(pid, p.order, semesters, p.target_points,
                                        longest_chain(p.units, p.requires, p.order), own))
    return PathReport(programmes)
