"""A deterministic layered drawing of a directed acyclic graph, for prerequisite diagrams.

The classic Sugiyama steps, kept small: nodes go into rows (or columns, drawn left to right) by
their longest path from a source (a unit sits one row below its deepest prerequisite); an edge
that skips rows gets invisible waypoints in the rows between, so that it bends around boxes
instead of crossing them; barycentre sweeps reorder each row to reduce crossings (the order with
the fewest crossings wins, ties keep the given node order); finally each row is placed as close
as possible to the centres of its neighbours while keeping boxes apart (least squares under the
row order). The same input always gives the same drawing, to the tenth of a pixel.
"""

from __future__ import annotations

import heapq
from dataclasses import dataclass

from skillweave.formats.numbers import coordinate as _n

#: barycentre sweeps (down and up) while reducing crossings, and placement passes
ORDER_SWEEPS = 12
PLACEMENT_PASSES = 8


@dataclass(frozen=True)
class Box:
    id: str
    x: float
    y: float
    width: float
    height: float
    row: int


@dataclass(frozen=True)
class Arrow:
    source: str
    target: str
    #: from the source box's far side (bottom, or right) through the waypoints to the target's near side
    points: tuple[tuple[float, float], ...]
    down: bool = True

    @property
    def path(self) -> str:
        """SVG path data: straight runs through waypoints, smooth S-curves between rows."""
        (x0, y0), rest = self.points[0], self.points[1:]
        out = [f"M{_n(x0)} {_n(y0)}"]
        for x1, y1 in rest:
            if abs((x1 - x0) if self.down else (y1 - y0)) < 0.05:
                out.append(f"L{_n(x1)} {_n(y1)}")
            elif self.down:
                ym = (y0 + y1) / 2
                out.append(f"C{_n(x0)} {_n(ym)} {_n(x1)} {_n(ym)} {_n(x1)} {_n(y1)}")
            else:
                xm = (x0 + x1) / 2
                out.append(f"C{_n(xm)} {_n(y0)} {_n(xm)} {_n(y1)} {_n(x1)} {_n(y1)}")
            x0, y0 = x1, y1
        return " ".join(out)


@dataclass(frozen=True)
class Drawing:
    width: float
    height: float
    boxes: tuple[Box, ...]
    arrows: tuple[Arrow, ...]
    crossings: int
    direction: str = "down"

    def box(self, node: str) -> Box:
        for b in self.boxes:
            if b.id == node:
                return b
        raise KeyError(node)


def rows_by_longest_path(nodes: list[str], edges: list[tuple[str, str]]) -> dict[str, int]:
    """Row of each node: 0 for a node without predecessors, else one below its deepest predecessor.

    Raises ValueError when the edges form a cycle.
    """
    position = {n: i for i, n in enumerate(nodes)}
    preds: dict[str, list[str]] = {n: [] for n in nodes}
    succs: dict[str, list[str]] = {n: [] for n in nodes}
    for a, b in dict.fromkeys(edges):
        if a in position and b in position and a != b:
            preds[b].append(a)
            succs[a].append(b)
    indegree = {n: len(preds[n]) for n in nodes}
    ready = [(position[n], n) for n in nodes if indegree[n] == 0]
    heapq.heapify(ready)
    row: dict[str, int] = {}
    while ready:
        _, n = heapq.heappop(ready)
        row[n] = max((row[p] + 1 for p in preds[n]), default=0)
        for s in succs[n]:
            indegree[s] -= 1
            if indegree[s] == 0:
                heapq.heappush(ready, (position[s], s))
    if len(row) != len(nodes):
        raise ValueError("the edges form a cycle")
    return row


def _crossings(upper: list[str], lower: list[str], segments: list[tuple[str, str]]) -> int:
    """Crossings between two adjacent rows: inversions of the lower ends, counted with a Fenwick tree."""
    up = {n: i for i, n in enumerate(upper)}
    low = {n: i for i, n in enumerate(lower)}
    pairs = sorted((up[a], low[b]) for a, b in segments if a in up and b in low)
    tree = [0] * (len(lower) + 1)
    count = seen = 0
    for _, b in pairs:
        # segments seen so far whose lower end lies strictly right of b cross this one
        i, not_right = b + 1, 0
        while i > 0:
            not_right += tree[i]
            i -= i & -i
        count += seen - not_right
        i = b + 1
        while i <= len(lower):
            tree[i] += 1
            i += i & -i
        seen += 1
    return count


def _isotonic(values: list[float]) -> list[float]:
    """Least-squares non-decreasing fit (pool adjacent violators)."""
    blocks: list[list[float]] = []  # [sum, count]
    for v in values:
        blocks.append([v, 1])
        while len(blocks) > 1 and blocks[-2][0] / blocks[-2][1] > blocks[-1][0] / blocks[-1][1]:
            s, c = blocks.pop()
            blocks[-1][0] += s
            blocks[-1][1] += c
    out: list[float] = []
    for s, c in blocks:
        out.extend([s / c] * int(c))
    return out


def layered_drawing(nodes: list[str], edges: list[tuple[str, str]], *, direction: str = "down",
                    box_width: float = 200, box_height: float = 60, gap_within: float = 28,
                    gap_between: float = 52, margin: float = 8, waypoint_breadth: float = 10) -> Drawing:
    """Lay out ``nodes`` (in their preferred order) in rows from top to bottom (``direction="down"``)
    or in columns from left to right (``"right"``); ``edges`` run from a node to a node that
    depends on it. Edges between unknown nodes and self-loops are ignored. ``gap_within`` separates
    neighbours in a row (column), ``gap_between`` the rows (columns)."""
    if direction not in ("down", "right"):
        raise ValueError(f"direction must be 'down' or 'right', not {direction!r}")
    down_the_page = direction == "down"
    rank = rows_by_longest_path(nodes, edges)
    position = {n: i for i, n in enumerate(nodes)}
    real_edges = [(a, b) for a, b in dict.fromkeys(edges) if a in rank and b in rank and a != b]
    n_rows = max(rank.values(), default=-1) + 1
    row_of: dict[str, int] = dict(rank)
    # an edge as its chain of segments through waypoints (one per row it skips)
    chains: dict[tuple[str, str], list[str]] = {}
    sort_key: dict[str, tuple[float, ...]] = {n: (position[n],) for n in nodes}
    for a, b in real_edges:
        chain = [a]
        for r in range(rank[a] + 1, rank[b]):
            w = f"\x00{a}\x00{b}\x00{r}"
            row_of[w] = r
            sort_key[w] = (position[a] + 0.5, position[b])
            chain.append(w)
        chain.append(b)
        chains[(a, b)] = chain
    segments = [(c[i], c[i + 1]) for c in chains.values() for i in range(len(c) - 1)]
    preds: dict[str, list[str]] = {n: [] for n in row_of}
    succs: dict[str, list[str]] = {n: [] for n in row_of}
    for a, b in segments:
        preds[b].append(a)
        succs[a].append(b)
    rows = [sorted((n for n in row_of if row_of[n] == r), key=lambda n: sort_key[n]) for r in range(n_rows)]

    def total(rs: list[list[str]]) -> int:
        return sum(_crossings(rs[r], rs[r + 1], segments) for r in range(len(rs) - 1))

    best, best_count = [list(r) for r in rows], total(rows)
    for sweep in range(ORDER_SWEEPS):
        if best_count == 0:
            break
        down = sweep % 2 == 0
        for r in range(1, n_rows) if down else range(n_rows - 2, -1, -1):
            ref = {n: i for i, n in enumerate(rows[r - 1 if down else r + 1])}
            current = {n: i for i, n in enumerate(rows[r])}
            keys = {}
            for n in rows[r]:
                near = [ref[m] for m in (preds[n] if down else succs[n]) if m in ref]
                keys[n] = (sum(near) / len(near) if near else current[n], current[n])
            rows[r] = sorted(rows[r], key=keys.__getitem__)
        count = total(rows)
        if count < best_count:
            best, best_count = [list(r) for r in rows], count
    rows = best

    # "along" runs within a row (x when drawing down the page), "depth" from row to row
    box_along, box_depth = (box_width, box_height) if down_the_page else (box_height, box_width)

    def breadth(n: str) -> float:
        return box_along if n in rank else waypoint_breadth

    def gap(a: str, b: str) -> float:
        both_waypoints = a not in rank and b not in rank
        return (gap_within / 2 if both_waypoints else gap_within) + (breadth(a) + breadth(b)) / 2

    # centres: pack each row, centre the rows, then pull towards neighbours
    centre: dict[str, float] = {}
    packed: list[float] = []
    for row in rows:
        x = 0.0
        for i, n in enumerate(row):
            x = x + gap(row[i - 1], n) if i else breadth(n) / 2
            centre[n] = x
        packed.append(x + breadth(row[-1]) / 2 if row else 0.0)
    widest = max(packed, default=0.0)
    for row, w in zip(rows, packed):
        for n in row:
            centre[n] += (widest - w) / 2
    for p in range(PLACEMENT_PASSES):
        down = p % 2 == 0
        for r in range(1, n_rows) if down else range(n_rows - 2, -1, -1):
            row = rows[r]
            desired = []
            for n in row:
                near = [centre[m] for m in (preds[n] if down else succs[n])]
                desired.append(sum(near) / len(near) if near else centre[n])
            offsets = [0.0]
            for i in range(1, len(row)):
                offsets.append(offsets[-1] + gap(row[i - 1], row[i]))
            fitted = _isotonic([d - o for d, o in zip(desired, offsets)])
            for n, f, o in zip(row, fitted, offsets):
                centre[n] = f + o
    low = min((centre[n] - breadth(n) / 2 for n in centre), default=0.0)
    high = max((centre[n] + breadth(n) / 2 for n in centre), default=0.0)
    for n in centre:
        centre[n] = round(centre[n] + margin - low, 1)

    def start(r: int) -> float:
        return margin + r * (box_depth + gap_between)

    def xy(along: float, depth: float) -> tuple[float, float]:
        return (round(along, 1), round(depth, 1)) if down_the_page else (round(depth, 1), round(along, 1))

    boxes = []
    for row in rows:
        for n in row:
            if n in rank:
                x, y = xy(centre[n] - box_along / 2, start(rank[n]))
                boxes.append(Box(n, x, y, box_width, box_height, rank[n]))
    # ports: spread a box's arrows along its side, in the order of where they go
    out_port: dict[tuple[str, str], float] = {}
    in_port: dict[tuple[str, str], float] = {}
    for n in rank:
        side = centre[n] - box_along / 2
        outgoing = sorted(((chains[e][1], e) for e in chains if e[0] == n), key=lambda t: (centre[t[0]], t[1]))
        for i, (_, e) in enumerate(outgoing):
            out_port[e] = side + box_along * (i + 1) / (len(outgoing) + 1)
        incoming = sorted(((chains[e][-2], e) for e in chains if e[1] == n), key=lambda t: (centre[t[0]], t[1]))
        for i, (_, e) in enumerate(incoming):
            in_port[e] = side + box_along * (i + 1) / (len(incoming) + 1)
    arrows = []
    for (a, b), chain in sorted(chains.items(), key=lambda kv: (position[kv[0][0]], position[kv[0][1]])):
        pts = [xy(out_port[(a, b)], start(rank[a]) + box_depth)]
        for w in chain[1:-1]:
            pts += [xy(centre[w], start(row_of[w])), xy(centre[w], start(row_of[w]) + box_depth)]
        pts.append(xy(in_port[(a, b)], start(rank[b])))
        arrows.append(Arrow(a, b, tuple(pts), down_the_page))
    extent_along = round(high - low + 2 * margin, 1)
    extent_depth = round(start(n_rows) - gap_between + margin if n_rows else 2 * margin, 1)
    width, height = (extent_along, extent_depth) if down_the_page else (extent_depth, extent_along)
    return Drawing(width, height, tuple(boxes), tuple(arrows), best_count, direction)
