"""Statistical disclosure control for a table of published counts of people.

A :class:`Table` holds every count that a report publishes, directly or through a rate (a rate
publishes its numerator and its denominator: either can be computed back from the other and the
rate), with the linear relations that hold between them: a total is the sum of its parts (a scope is
the sum of its providers, period ``all`` the sum of the entry cohorts, a breakdown the sum of its
categories, an indicator's count the sum of counts of another indicator). Each count may name the
group it describes (its *parent*: the participants of whom it counts those of gender ``f``).

:meth:`Table.protect` decides which counts are suppressed:

1. **primary suppression**: a count of 1 to 4 people, and every count that describes a group of 1
   to 4 people (its parent, or its parent's parent, is suppressed by this rule);
2. **complementary suppression**: then, as long as the published counts and the relations determine
   the value of a suppressed count, one more count of a relation that holds it is suppressed (the
   smallest part, a total only when no part will do).

A suppressed value counts as *determined* (:func:`audit`) when it is fixed by the linear relations
once the published values are put in (the attacker subtracts, adds and combines relations, across
scopes, indicators and periods), or when interval reasoning pins it to a positive value (counts are
never negative, and bounds carried from relation to relation may leave a single whole number). A
zero pinned by bounds alone is not a disclosure: it follows from a published zero (a group with
nobody in it, such as no participant aged 25 or over in the whole alliance), and says nothing that
zero does not. The audit works on each connected group of unknown counts separately.

*Hidden* counts are never published and never need protection (the learners of a scope whose home
partner is not a VET provider, say); they take part in the relations as unknowns.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Callable, Hashable, Iterable


Key = Hashable

#: counts from 1 to this minus one are too small to publish
THRESHOLD = 5


@dataclass
class Table:
    values: dict[Key, int] = field(default_factory=dict)
    parent: dict[Key, Key] = field(default_factory=dict)
    hidden: set[Key] = field(default_factory=set)
    #: (total, parts): total = sum(parts)
    relations: list[tuple[Key, tuple[Key, ...]]] = field(default_factory=list)
    suppressed: set[Key] = field(default_factory=set)
    #: the counts suppressed by the primary rule (the rest of ``suppressed`` is complementary)
    primary: set[Key] = field(default_factory=set)
    #: suppressed counts that the relations fix without any published count (nothing can hide them)
    structural: set[Key] = field(default_factory=set)
    #: complementary count -> the suppressed count it protects
    because: dict[Key, Key] = field(default_factory=dict)
    #: how much publishing a count matters (complementary suppression takes the least first)
    weight: Callable[[Key], int] = lambda key: 0
    #: what :func:`audit` found for each group of unknowns it solved (a group's equations follow
    #: from its unknowns, the relations and the values, which never change)
    solved: dict[frozenset, list[Key]] = field(default_factory=dict, repr=False, compare=False)
    #: the counts that readers look at first: published again after complementary suppression
    #: when that exposes nothing (see :meth:`_release`)
    headline: Callable[[Key], bool] = lambda key: False

    def add(self, key: Key, value: int, parent: Key | None = None, hidden: bool = False) -> Key:
        if key in self.values:
            if self.values[key] != value:  # pragma: no cover - a bug in the caller
                raise ValueError(f"{key}: {self.values[key]} and {value}")
            return key
        self.values[key] = value
        if parent is not None:
            self.parent[key] = parent
        if hidden:
            self.hidden.add(key)
        return key

    def relate(self, total: Key, parts: Iterable[Key]) -> None:
        """``total`` is the sum of ``parts``; a remainder, if any, is added as a hidden count."""
        parts = tuple(p for p in parts if p != total)
        rest = self.values[total] - sum(self.values[p] for p in parts)
        if rest < 0:  # pragma: no cover - a bug in the caller
            raise ValueError(f"{total}: parts exceed the total by {-rest}")
        if rest:
            parts += (self.add(("rest", total, parts), rest, hidden=True),)
        if parts:
            self.relations.append((total, parts))

    def include(self, total: Key, part: Key) -> None:
        """``part`` counts some of the people ``total`` counts: ``total`` is ``part`` plus a hidden
        remainder, even when that is zero (a reader knows the inclusion, not the remainder)."""
        rest = self.values[total] - self.values[part]
        if rest < 0:  # pragma: no cover - a bug in the caller
            raise ValueError(f"{total}: {part} exceeds it by {-rest}")
        self.relations.append((total, (part, self.add(("rest", total, (part,)), rest, hidden=True))))

    def is_published(self, key: Key) -> bool:
        return key not in self.suppressed and key not in self.hidden

    # --- the two steps ------------------------------------------------------------------------

    def protect(self, threshold: int = THRESHOLD, max_rounds: int = 500) -> set[Key]:
        """Primary then complementary suppression; returns the suppressed counts."""

        def small(key: Key, seen: int = 0) -> bool:
            value = self.values[key]
            if 1 <= value < threshold:
                return True
            up = self.parent.get(key)
            return up is not None and seen < 50 and small(up, seen + 1)

        self.primary = {k for k in self.values if k not in self.hidden and small(k)}
        self.suppressed = set(self.primary)
        self.structural = set()
        for _ in range(max_rounds):
            exposed = [k for k in audit(self) if k not in self.structural]
            if not exposed:
                self._release()
                return self.suppressed
            before = len(self.suppressed)
            self._complement(exposed)
            if len(self.suppressed) == before:
                # what is left follows from the relations alone, whatever the data: nothing published
                # can hide it (a count that the structure forces to be 0, say)
                self.structural |= set(exposed)
        raise RuntimeError("disclosure control did not settle")  # pragma: no cover

    def _by_cell(self) -> dict[Key, list[int]]:
        """The relations (their indexes) that hold each count."""
        by_cell: dict[Key, list[int]] = defaultdict(list)
        for n, (total, parts) in enumerate(self.relations):
            for k in (total, *parts):
                by_cell[k].append(n)
        return by_cell

    def _release(self) -> None:
        """Greedy complementary suppression may take more than it needs: publish again each
        complementary :attr:`headline` count (the most important by :attr:`weight` first) when
        that exposes nothing, together with the complementary counts its release alone would
        expose (a total that equals another, say)."""
        by_cell = self._by_cell()
        candidates = [k for k in self.suppressed - self.primary if self.headline(k)]
        for key in sorted(candidates, key=lambda k: (-self.weight(k), repr(k))):
            if key not in self.suppressed:
                continue
            group = {key}
            for _ in range(4):
                self.suppressed -= group
                exposed = [k for k in self._audit_around(group, by_cell) if k not in self.structural]
                if not exposed:
                    for k in group:
                        self.because.pop(k, None)
                    break
                self.suppressed |= group
                if any(k in self.primary for k in exposed):
                    break
                group |= set(exposed)
            else:
                self.suppressed |= group

    def _audit_around(self, cells: set[Key], by_cell: dict[Key, list[int]]) -> list[Key]:
        """:func:`audit` of the unknowns connected to ``cells`` through the relations."""
        unknown: set[Key] = set()
        relations: set[int] = set()
        frontier = list(cells)
        while frontier:
            cell = frontier.pop()
            for n in by_cell[cell]:
                if n in relations:
                    continue
                relations.add(n)
                total, parts = self.relations[n]
                for k in (total, *parts):
                    if k not in unknown and not self.is_published(k):
                        unknown.add(k)
                        frontier.append(k)
        return audit(self, unknown, [self.relations[n] for n in sorted(relations)])

    def _complement(self, exposed: list[Key]) -> None:
        """For each exposed count, suppress the cheapest published count of a relation that holds
        it: by :attr:`weight`, then a part before the total, then the smaller value; a zero is no
        use where the unknown parts add up to zero. A count whose relations changed in this round
        waits for the next audit."""
        by_cell = self._by_cell()
        touched: set[int] = set()
        for key in exposed:
            if any(n in touched for n in by_cell[key]):
                continue
            best = self._cheapest(by_cell[key])
            # nothing of use in its own relations: look one relation further, and so on
            frontier, seen = {key}, {key}
            while best is None or best[0][0] or best[0][1]:
                frontier = {k for c in frontier for n in by_cell[c] for k in (self.relations[n][0], *self.relations[n][1])
                            if k not in seen and not self.is_published(k)}
                if not frontier:
                    break
                seen |= frontier
                further = self._cheapest([n for c in frontier for n in by_cell[c]])
                if further is not None and (best is None or further[0] < best[0]):
                    best = further
            if best is None:  # pragma: no cover - nothing published holds it: cannot be exposed
                continue
            self.suppressed.add(best[1])
            self.because[best[1]] = key
            touched.update(by_cell[best[1]])

    def _cheapest(self, relations: Iterable[int]) -> tuple[tuple, Key] | None:
        best = None
        for n in dict.fromkeys(relations):
            total, parts = self.relations[n]
            unknown_sum = sum(self.values[k] for k in parts if not self.is_published(k))
            if not self.is_published(total):
                unknown_sum = -1  # the total is unknown too: any value helps
            # a relation with a hidden count in it (the rest of an inclusion) pins nothing unless
            # that count is pinned elsewhere: its counts are the last resort
            slack = any(k in self.hidden for k in parts)
            for k in (total, *parts):
                if not self.is_published(k):
                    continue
                value = self.values[k]
                useless = value == 0 and unknown_sum == 0 and k != total
                cost = (useless, slack, self.weight(k), k == total, value, repr(k))
                if best is None or cost < best[0]:
                    best = (cost, k)
        return best


# --- the attacker ---------------------------------------------------------------------------

def audit(table: Table, cells: set[Key] | None = None,
          relations: list[tuple[Key, tuple[Key, ...]]] | None = None) -> list[Key]:
    """The suppressed counts whose value the published ones determine (sorted, as ``repr``);
    ``cells`` and ``relations`` restrict the audit to one group of unknowns."""
    unknown = [k for k in (cells if cells is not None else table.values) if not table.is_published(k)]
    unknown.sort(key=repr)
    index = {k: i for i, k in enumerate(unknown)}
    # equations over the unknowns: sum(coef * x) = constant
    equations: list[tuple[dict[int, int], int]] = []
    for total, parts in (relations if relations is not None else table.relations):
        coefs: dict[int, int] = {}
        constant = 0
        for k, c in ((total, 1), *((p, -1) for p in parts)):
            if k in index:
                coefs[index[k]] = coefs.get(index[k], 0) + c
            else:
                constant -= c * table.values[k]
        coefs = {i: c for i, c in coefs.items() if c}
        if coefs:
            equations.append((coefs, constant))
    # connected groups of unknowns
    root = list(range(len(unknown)))

    def find(i: int) -> int:
        while root[i] != i:
            root[i] = root[root[i]]
            i = root[i]
        return i

    for coefs, _ in equations:
        first, *rest = coefs
        for j in rest:
            a, b = find(first), find(j)
            if a != b:
                root[max(a, b)] = min(a, b)
    groups: dict[int, list[int]] = defaultdict(list)
    for i in range(len(unknown)):
        groups[find(i)].append(i)
    group_equations: dict[int, list[tuple[dict[int, int], int]]] = defaultdict(list)
    for eq in equations:
        group_equations[find(next(iter(eq[0])))].append(eq)
    exposed: list[Key] = []
    for g, members in groups.items():
        eqs = group_equations.get(g, [])
        if not eqs:
            continue
        cells_of = frozenset(unknown[i] for i in members)
        found = table.solved.get(cells_of)
        if found is None:
            fixed = _determined(members, eqs, [table.values[unknown[i]] for i in members])
            found = table.solved[cells_of] = [unknown[i] for i in fixed if unknown[i] not in table.hidden]
        exposed += found
    return sorted(exposed, key=repr)


#: a prime near 2**61: the linear algebra is exact arithmetic modulo it (ranks of the small
#: integer matrices here are the same as over the rationals unless the prime divides a minor)
PRIME = 2305843009213693951


def _linear(size: int, equations: list[tuple[list[tuple[int, int]], int]]) -> set[int]:
    """The unknowns (local indices) that the equations alone fix: Gauss-Jordan elimination on sparse
    rows; x_i is fixed when a reduced row holds x_i and no other unknown."""
    pivots: dict[int, dict[int, int]] = {}  # pivot column -> reduced row (coefficient 1 at the pivot)
    for terms, _ in equations:
        row = {n: c % PRIME for n, c in terms if c % PRIME}
        # eliminate the pivots (pivot rows hold no other pivot, so this ends)
        while True:
            hit = next((c for c in row if c in pivots), None)
            if hit is None:
                break
            factor = row[hit]
            for k, v in pivots[hit].items():
                nv = (row.get(k, 0) - factor * v) % PRIME
                if nv:
                    row[k] = nv
                else:
                    row.pop(k, None)
        if not row:
            continue
        col = min(row)
        inv = pow(row[col], PRIME - 2, PRIME)
        row = {k: v * inv % PRIME for k, v in row.items()}
        # keep the other rows reduced with respect to the new pivot
        for other in pivots.values():
            if col in other:
                factor = other[col]
                for k, v in row.items():
                    nv = (other.get(k, 0) - factor * v) % PRIME
                    if nv:
                        other[k] = nv
                    else:
                        other.pop(k, None)
        pivots[col] = row
    return {col for col, row in pivots.items() if len(row) == 1}


def _determined(members: list[int], equations: list[tuple[dict[int, int], int]], values: list[int]) -> list[int]:
    """The members (global indices) whose value the equations and non-negativity fix."""
    local = {m: n for n, m in enumerate(members)}
    size = len(members)
    local_eqs = [([(local[i], c) for i, c in coefs.items()], b) for coefs, b in equations]
    lo = [0.0] * size
    hi = [math.inf] * size
    linear = _linear(size, local_eqs)
    for n in linear:
        lo[n] = hi[n] = float(values[n])
    # bounds: each equation bounds each of its unknowns by the bounds of the others
    for _ in range(4 * size + 8):
        changed = False
        for terms, b in local_eqs:
            for n, c in terms:
                rest_lo = rest_hi = 0.0
                for m, d in terms:
                    if m == n:
                        continue
                    if d > 0:
                        rest_lo += d * lo[m]
                        rest_hi += d * hi[m]
                    else:
                        rest_lo += d * hi[m]
                        rest_hi += d * lo[m]
                # c * x = b - rest
                lo_x, hi_x = (b - rest_hi) / c, (b - rest_lo) / c
                if c < 0:
                    lo_x, hi_x = hi_x, lo_x
                new_lo = max(lo[n], math.ceil(lo_x - 1e-9)) if math.isfinite(lo_x) else lo[n]
                new_hi = min(hi[n], math.floor(hi_x + 1e-9)) if math.isfinite(hi_x) else hi[n]
                if new_lo > lo[n] or new_hi < hi[n]:
                    lo[n], hi[n] = new_lo, new_hi
                    changed = True
        if not changed:
            break
    # a zero pinned by bounds alone follows from published zeros (a group with nobody in it): that
    # group's emptiness is published, so the zero discloses nothing more
    return [m for n, m in enumerate(members) if lo[n] == hi[n] and (n in linear or values[n] > 0)]
