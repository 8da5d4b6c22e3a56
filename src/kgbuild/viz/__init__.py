"""The graph as one self-contained HTML page: who received what, from which decision, under which programme,
for which claim.

``data.graph_data`` reads the RDF graph into plain nodes and edges, ``view.select_view`` picks what one page
shows, ``layout`` gives deterministic starting positions, ``page.render_html`` fills the Jinja2 template.
The page draws with vis-network, inlined from the copy pyvis ships, so it makes no network request. pyvis's
own ``Network`` is not used: its template loads Bootstrap from a CDN even in ``in_line`` mode, and
``add_node``/``from_nx`` cost quadratic time (79 s for 20,000 nodes); the node and edge lists are written
directly instead.

Every string from the graph reaches the page as data: JSON inside a ``<script type="application/json">``
block with ``<``, ``>``, ``&`` and every non-ASCII character escaped, turned into DOM text with
``textContent`` (never ``innerHTML``) by ``static/app.js``; text in the template is autoescaped and text
drawn in the SVG charts is ``html.escape``d. A Content-Security-Policy that allows only the page's own
scripts (by hash) and no network access backs this up.
"""

from __future__ import annotations

from ..options import DEFAULT_MAX_NODES
from .data import (
    CLASS_TYPES,
    EDGE_KINDS,
    ENTITY_TYPES,
    NODE_TYPES,
    READ_PREDICATES,
    TripleIndex,
    Triples,
    VizData,
    VizEdge,
    VizNode,
    euro,
    index_lines,
)
from .layout import (
    ITERATION_BUDGET,
    MIN_ITERATIONS,
    PHYSICS_LIMIT,
    SMALL_VIEW_ITERATIONS,
    layout_iterations,
    radial_layout,
)
from .money import COMMITTED_RULE, Money, committed_money
from .page import VIEW_BYTES, parts_data, render, render_data, render_html, render_parts, write_page
from .read import graph_data
from .view import Focus, FocusKind, View, select_view

__all__ = [
    "CLASS_TYPES", "COMMITTED_RULE", "DEFAULT_MAX_NODES", "EDGE_KINDS", "ENTITY_TYPES", "ITERATION_BUDGET",
    "MIN_ITERATIONS", "NODE_TYPES", "PHYSICS_LIMIT", "READ_PREDICATES", "SMALL_VIEW_ITERATIONS", "VIEW_BYTES",
    "Focus", "FocusKind", "Money", "TripleIndex", "Triples", "View", "VizData", "VizEdge", "VizNode",
    "committed_money", "euro", "graph_data", "index_lines", "layout_iterations", "parts_data", "radial_layout",
    "render", "render_data", "render_html", "render_parts", "select_view", "write_page",
]
