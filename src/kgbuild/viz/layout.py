"""Deterministic starting positions and the layout budget of vis-network's physics."""

from __future__ import annotations

import math
from collections import Counter, defaultdict

from .data import VizNode
from .view import View

# Above this many nodes physics stops once the layout is stable: vis-network's continuous simulation
# freezes the page with thousands of nodes (pyvis issues #204, #88).
PHYSICS_LIMIT = 400


# Layout iterations: each costs more than linear time in the nodes (Barnes-Hut repulsion dominates; measured
# 40-60 ms per iteration at 2,600 nodes, 250 ms at 7,500), so a large view gets a budget of node-iterations
# and starts from the radial layout computed here rather than from random positions.
SMALL_VIEW_ITERATIONS = 1000


ITERATION_BUDGET = 150_000


MIN_ITERATIONS = 20


def radial_layout(view: View, ring: float = 160.0, gap: float = 26.0) -> dict[str, tuple[float, float]]:
    """Deterministic starting positions: breadth-first from the view's roots (then from any node not yet
    reached), each node on the ring of its depth, inside the angle of its parent, the angle shared in proportion
    to subtree sizes. O(n log n); vis-network's physics then needs far fewer iterations on a large view."""
    adjacency: dict[str, list[str]] = defaultdict(list)
    for e in view.edges:
        adjacency[e.source].append(e.target)
        adjacency[e.target].append(e.source)
    for targets in adjacency.values():
        targets.sort()
    parent: dict[str, str | None] = {}
    depth: dict[str, int] = {}
    order: list[str] = []
    # one root sits in the centre; several roots, and the starts of parts no root reaches, on the first ring
    centre = view.roots[0] if len(view.roots) == 1 else None
    for start in [*view.roots, *(n.iri for n in view.nodes)]:
        if start in parent:
            continue
        parent[start], depth[start] = None, 0 if start == centre else 1
        queue = [start]
        for node in queue:  # the list grows while it is walked: breadth-first
            order.append(node)
            for nxt in adjacency.get(node, ()):
                if nxt not in parent:
                    parent[nxt], depth[nxt] = node, depth[node] + 1
                    queue.append(nxt)
    children: dict[str | None, list[str]] = defaultdict(list)
    for node in order:
        children[parent[node]].append(node)
    size: dict[str, int] = {}
    for node in reversed(order):
        size[node] = 1 + sum(size[c] for c in children.get(node, ()))
    per_depth = Counter(depth.values())
    radius: dict[int, float] = {}
    for d in sorted(per_depth):
        needed = per_depth[d] * gap / (2 * math.pi)
        radius[d] = max(d * ring, needed, radius.get(d - 1, -ring) + ring) if d else 0.0
    positions: dict[str, tuple[float, float]] = {}
    wedges: list[tuple[str | None, float, float]] = [(None, 0.0, 2 * math.pi)]
    while wedges:
        owner, start_angle, width = wedges.pop()
        kids = children.get(owner, [])
        total = sum(size[k] for k in kids) or 1
        at = start_angle
        for kid in kids:
            share = width * size[kid] / total
            angle = at + share / 2
            r = radius[depth[kid]]
            positions[kid] = (round(r * math.cos(angle), 1), round(r * math.sin(angle), 1))
            wedges.append((kid, at, share))
            at += share
    return positions


def node_size(node: VizNode, degree: int) -> float:
    if node.money is not None and node.money > 0:
        return round(8 + 4 * (max(math.log10(float(node.money)), 3) - 3), 1)  # €1 k: 8, €1 M: 20, €1 bn: 32
    return round(min(8 + 3 * math.sqrt(degree), 40), 1)


def layout_iterations(nodes: int) -> int:
    """How many physics iterations the page runs before it shows the layout."""
    if nodes <= PHYSICS_LIMIT:
        return SMALL_VIEW_ITERATIONS
    return max(MIN_ITERATIONS, min(SMALL_VIEW_ITERATIONS, ITERATION_BUDGET // nodes))
