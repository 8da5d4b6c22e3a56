"""What the site's graphs draw: node numbers, the node table, each page's neighbourhood and its data script, and
the graph view's layout by community.

A node has one number in every file of the site. A page's data (``data/XX.js``, shared among SHARDS files by
the page's key) lists its nodes by number and its edges; what each node is (type, name, size, page, and what
the filters read) is written once for the site, NODE_BLOCK nodes a file (``data/n-<number / NODE_BLOCK>.js``).
"""

from __future__ import annotations

import hashlib
import math
from collections import Counter
from collections.abc import Iterable
from decimal import Decimal

import networkx as nx

from ..viz.data import short_label
from ..viz.layout import node_size
from ..viz.page import script_json
from .pages import Site
from .rows import Link, Page

# A page's own graph draws at most this many nodes (its most linked neighbours); the graph view at most
# GRAPH_NODES, laid out by community in Python so the browser runs no physics on it.
PAGE_NODES = 120
GRAPH_NODES = 2000
SEED = 7
# The site's node table is cut into files of this many nodes (by number): small enough that a page reads little
# more than its own nodes (a decision page reads a median 16 files, 114 KB on the corpus), large enough that the
# site does not have a file per node
NODE_BLOCK = 32


class Graphs:
    """The node ids (one integer per IRI, the same in every file of the site) and what a node carries for the
    filters, computed once for the whole site."""

    def __init__(self, site: Site) -> None:
        self.site = site
        data = site.data
        self.ids = {iri: i for i, iri in enumerate(sorted(data.nodes))}
        # a page's edges name their kind by its place in this list (in assets/colours.js), not in words
        self.kinds = sorted({e.kind for e in data.edges})
        self.kind = {k: i for i, k in enumerate(self.kinds)}
        self.degree = Counter[str]()
        for e in data.edges:
            self.degree[e.source] += 1
            self.degree[e.target] += 1
        self.attrs: dict[str, dict[str, object]] = {}
        self._nodes: dict[str, dict[str, object]] = {}
        for n in data.nodes.values():
            if n.type == "decision":
                d = site.decision_row(n.iri)
                self.attrs[n.iri] = _attrs(d.date, d.ministers, d.domains, amount=d.committed)
            elif n.type == "grant":
                for g in site.grant_rows([n.iri]):
                    self.attrs[n.iri] = _attrs(g.date, g.ministers, g.domains, amount=g.amount)
            elif n.type == "claim":
                for c in site.claim_rows([n.iri]):
                    self.attrs[n.iri] = _attrs(c.date, c.ministers, c.domains, verdict=c.verdict)
            elif n.type == "report":
                self.attrs[n.iri] = {"o": site.report_domains.get(n.iri, [])}

    def node(self, iri: str, focus: bool = False) -> dict[str, object]:
        item = self._nodes.get(iri)
        if item is None:
            item = self._nodes[iri] = self._node(iri)
        return {**item, "f": 1} if focus else item

    def _node(self, iri: str) -> dict[str, object]:
        n = self.site.data.nodes[iri]
        link = self.site.link(iri)
        # the short label is the name cut in the page (site.js shortLabel), and a page's link is its key +
        # ".html": neither is repeated in the data of every page that draws the node
        item: dict[str, object] = {"i": self.ids[iri], "t": n.type, "n": short_label(n.label, 300),
                                   "s": node_size(n, self.degree[iri])}
        if link.key and (iri not in self.site.keys or link.href != f"{self.site.keys[iri]}.html"):
            item["h"] = link.href
        if iri in self.site.keys:
            item["p"] = self.site.keys[iri]
            item["z"] = shard_file(self.site.keys[iri])
        if n.type == "claim":
            item["r"] = n.rating or "not rated"
        item.update(self.attrs.get(iri, {}))
        return item

    def payload(self, iris: list[str], focus: str | None = None,
                positions: dict[str, tuple[float, float]] | None = None) -> dict[str, object]:
        """A graph's data: with ``positions`` (the graph view, one file) its nodes in full; else (a page) its
        nodes by number, what each is being in the site's node table (``node_tables``), not repeated in
        the data of every page that draws it."""
        keep = set(iris)
        order = sorted(keep, key=self.ids.__getitem__)
        edges = sorted({(self.ids[e.source], self.ids[e.target], e.kind) for iri in keep
                        for e in self.site.data.out.get(iri, ()) if e.target in keep})
        if positions is None:
            out: dict[str, object] = {"ids": [self.ids[i] for i in order],
                                      "edges": [[a, b, self.kind[k]] for a, b, k in edges]}
            if focus in keep:
                out["f"] = self.ids[focus]
            return out
        nodes = []
        for iri in order:
            item = self.node(iri, iri == focus)
            if iri in positions:
                item = {**item, "x": positions[iri][0], "y": positions[iri][1]}
            nodes.append(item)
        return {"nodes": nodes, "edges": [list(e) for e in edges]}

    def node_tables(self) -> dict[str, bytes]:
        """What every node is, once for the site, ``NODE_BLOCK`` nodes a file by number (``data/n-<id //
        NODE_BLOCK>.js``): a page reads the few files its nodes are in."""
        blocks: dict[int, list[bytes]] = {}
        for iri, i in sorted(self.ids.items(), key=lambda t: t[1]):
            line = f"(window.KGNODES = window.KGNODES || {{}})[{i}] = {script_json(self.node(iri))};\n"
            blocks.setdefault(i // NODE_BLOCK, []).append(line.encode())
        return {f"data/n-{b}.js": b"".join(lines) for b, lines in blocks.items()}

    def neighbourhood(self, page: Page) -> tuple[list[str], int]:
        """The page's node and its most linked neighbours (at most PAGE_NODES in all), and how many it has."""
        data = self.site.data
        around = [i for i in dict.fromkeys(page.neighbours) if i in data.nodes and i != page.iri]
        seen = {page.iri, *around}  # a hub has thousands of neighbours: membership in a set, not the list
        for e in [*data.out.get(page.iri, ()), *data.into.get(page.iri, ())]:
            other = e.target if e.source == page.iri else e.source
            if other not in seen:
                seen.add(other)
                around.append(other)
        total = len(around)
        if total >= PAGE_NODES:
            around = sorted(around, key=lambda i: (-self.degree[i], i))[:PAGE_NODES - 1]
        else:  # room left: what the grants pay and to whom, and the reports of the claims
            for i in list(around):
                if data.nodes[i].type in ("grant", "claim"):
                    for e in [*data.out.get(i, ()), *data.into.get(i, ())]:
                        for other in (e.source, e.target):
                            if other not in seen and len(around) < PAGE_NODES - 1:
                                seen.add(other)
                                around.append(other)
        return [page.iri, *around], total if total >= PAGE_NODES else 0


def _attrs(date: str, ministers: list[Link], domains: list[str], verdict: str | None = None,
           amount: Decimal | None = None) -> dict[str, object]:
    out: dict[str, object] = {}
    if date:
        out["d"] = date
    if ministers:
        out["m"] = [x.label for x in ministers]
    if domains:
        out["o"] = list(domains)
    if verdict:
        out["v"] = verdict
    if amount is not None:
        out["a"] = float(amount)
    return out


def community_layout(nodes: list[str], edges: Iterable[tuple[str, str]], seed: int = SEED,
                     spacing: float = 60.0) -> dict[str, tuple[float, float]]:
    """Positions by community: Louvain communities (networkx, seeded), each laid out by a seeded spring layout
    inside a disc whose area follows its size, the discs packed along a spiral, largest first."""
    g = nx.Graph()
    g.add_nodes_from(sorted(nodes))
    g.add_edges_from(sorted((a, b) for a, b in edges if a != b))
    communities = sorted((sorted(c) for c in nx.community.louvain_communities(g, seed=seed)),
                         key=lambda c: (-len(c), c[0]))
    positions: dict[str, tuple[float, float]] = {}
    placed: list[tuple[float, float, float]] = []
    angle = 0.0
    for members in communities:
        radius = spacing * math.sqrt(len(members))
        if len(members) == 1:
            local = {members[0]: (0.0, 0.0)}
        else:
            sub = g.subgraph(members)
            raw = nx.spring_layout(sub, seed=seed, iterations=40 if len(members) < 400 else 20)
            local = {k: (float(v[0]), float(v[1])) for k, v in raw.items()}
        # the spiral walks out until the disc overlaps no disc placed before it
        distance = 0.0 if not placed else placed[0][2] + radius
        while True:
            cx, cy = distance * math.cos(angle), distance * math.sin(angle)
            if all(math.hypot(cx - x, cy - y) >= r + radius + spacing for x, y, r in placed):
                break
            angle += 0.35
            distance += spacing * 0.25
        placed.append((cx, cy, radius))
        for k, (x, y) in local.items():
            positions[k] = (round(cx + x * radius, 1), round(cy + y * radius, 1))
    return positions


SHARDS = 256


def shard_file(key: str) -> str:
    """The script that holds the graph data of page ``key``: the pages' data is shared among SHARDS files,
    so the site has half as many files (creating files is what writing the site costs) and a page still
    loads only about 1/SHARDS of it."""
    return f"data/{hashlib.sha256(key.encode()).hexdigest()[:2]}.js"


def data_script(key: str, payload: dict[str, object]) -> bytes:
    return f"(window.KGDATA = window.KGDATA || {{}})[{script_json(key)}] = {script_json(payload)};\n".encode()
