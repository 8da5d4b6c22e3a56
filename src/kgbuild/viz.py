"""The graph as one self-contained HTML page: who received what, from which decision, under which programme,
for which claim.

``graph_data`` reads the RDF graph into plain nodes and edges, ``select_view`` picks what one page shows (the
whole graph when it is small, else a focused neighbourhood, with a note saying so), ``render_html`` returns
the page. The page draws with vis-network, inlined from the copy pyvis ships, so it makes no network request.
pyvis's own ``Network`` is not used: its template loads Bootstrap from a CDN even in ``in_line`` mode, and
``add_node``/``from_nx`` cost quadratic time (79 s for 20,000 nodes); the node and edge lists are written here
directly instead.

Every string from the graph reaches the page as data: JSON inside a ``<script type="application/json">``
block with ``<``, ``>``, ``&`` and every non-ASCII character escaped, turned into DOM text with
``textContent`` (never ``innerHTML``) by the page's script; text drawn in the SVG charts is ``html.escape``d.
A Content-Security-Policy that allows only the page's own scripts (by hash) and no network access backs this up.
"""

from __future__ import annotations

import base64
import difflib
import hashlib
import html
import json
import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from importlib import resources
from pathlib import Path
from typing import Any, NamedTuple, Protocol
from typing import Literal as Kind

import networkx as nx
import pyoxigraph as ox
from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS, FOAF, ORG, OWL, PROV, RDF, RDFS, SKOS
from rdflib.term import Node as RdfNode

from .errors import UsageError
from .export import merged_lines, parsed
from .namespaces import BESLUIT, CITO, ELI, KG, MANDAAT, OA, PERSON, SCHEMA
from .outputs import atomic_write, check_source
from .terms import from_ox, load_graph
from .text import slug

# The whole graph is drawn when it has at most this many nodes; above it the default view is focused.
# Measured in Chromium (bench/viz.py): at 1,500 nodes the layout is done in 4 s and a redraw takes 70 ms.
DEFAULT_MAX_NODES = 1500
# Above this many nodes physics stops once the layout is stable: vis-network's continuous simulation
# freezes the page with thousands of nodes (pyvis issues #204, #88).
PHYSICS_LIMIT = 400
# Layout iterations: each costs more than linear time in the nodes (Barnes-Hut repulsion dominates; measured
# 40-60 ms per iteration at 2,600 nodes, 250 ms at 7,500), so a large view gets a budget of node-iterations
# and starts from the radial layout computed here rather than from random positions.
SMALL_VIEW_ITERATIONS = 1000
ITERATION_BUDGET = 150_000
MIN_ITERATIONS = 20
LABEL_CHARS = 28
EXCERPT_CHARS = 400
ROLE_NAMES = {"committed": "committed here", "part": "part of a total", "earlier": "decided earlier",
              "other-party": "another party's money", "target": "target", "threshold": "threshold",
              "unit-rate": "unit rate", "loan-or-guarantee": "loan or guarantee", "plan-total": "total of a plan",
              "unclassified": "unclassified"}
TOP_BARS = 12

FocusKind = Kind["report", "organisation", "programme", "theme"]


class NodeType(NamedTuple):
    label: str
    shape: str
    colour: str


# Legend order. Shapes with the label outside grow with ``size``; report and theme are few and carry text.
NODE_TYPES: dict[str, NodeType] = {
    "report": NodeType("Report", "box", "#1b3a6b"),
    "claim": NodeType("Claim", "dot", "#9e9e9e"),
    "decision": NodeType("Decision", "square", "#1e88e5"),
    "grant": NodeType("Grant", "diamond", "#d4af37"),
    "organisation": NodeType("Organisation", "triangle", "#8e24aa"),
    "programme": NodeType("Programme", "hexagon", "#d81b60"),
    "person": NodeType("Person", "star", "#00acc1"),
    "section": NodeType("Agreement section", "triangleDown", "#546e7a"),
    "theme": NodeType("Theme", "ellipse", "#cfd8dc"),
}
# Claims are coloured by how well the decisions they cite support them (schema:ClaimReview).
RATING_COLOURS: dict[str, str] = {
    "supported": "#2e7d32",
    "partly supported": "#ef6c00",
    "unsupported": "#c62828",
    "not rated": "#9e9e9e",
}
EDGE_KINDS: dict[str, str] = {
    "has claim": "#90a4ae",
    "cites": "#64b5f6",
    "theme": "#b0bec5",
    "evaluates": "#78909c",
    "part of": "#b0bec5",
    "mentions": "#ce93d8",
    "grant": "#d4af37",
    "recipient": "#b8860b",
    "funds": "#e6a23c",
    "minister": "#4dd0e1",
}
CLASS_TYPES: tuple[tuple[URIRef, str], ...] = (
    (BESLUIT.Besluit, "decision"),
    (SCHEMA.Report, "report"),
    (SCHEMA.Claim, "claim"),
    (SCHEMA.MonetaryGrant, "grant"),
    (ORG.Organization, "organisation"),
    (PROV.Plan, "programme"),
    (PERSON.Person, "person"),
    (KG.AgreementSection, "section"),
)
ENTITY_TYPES = ("organisation", "programme", "person")


@dataclass
class VizNode:
    """One drawn node: its full label, what the details panel lists, and what search and focus match."""

    iri: str
    type: str
    label: str
    details: list[tuple[str, str]] = field(default_factory=list)
    links: list[tuple[str, str]] = field(default_factory=list)
    quote: str = ""
    money: Decimal | None = None
    role: str | None = None  # a grant's amount role (committed, part, earlier ...)
    rating: str | None = None
    names: list[str] = field(default_factory=list)
    date: str = ""


@dataclass(frozen=True)
class VizEdge:
    source: str
    target: str
    kind: str
    label: str = ""
    quote: str = ""


@dataclass
class VizData:
    """Every node and edge the page can show, and the totals the overview charts draw."""

    nodes: dict[str, VizNode]
    edges: list[VizEdge]
    money_per_programme: dict[str, Decimal] = field(default_factory=dict)
    money_per_year: dict[str, Decimal] = field(default_factory=dict)
    ratings: dict[str, int] = field(default_factory=dict)
    domains: dict[str, list[str]] = field(default_factory=dict)  # policy domain label -> report IRIs
    out: dict[str, list[VizEdge]] = field(default_factory=dict)
    into: dict[str, list[VizEdge]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        out: dict[str, list[VizEdge]] = defaultdict(list)
        into: dict[str, list[VizEdge]] = defaultdict(list)
        for e in self.edges:
            out[e.source].append(e)
            into[e.target].append(e)
        self.out, self.into = dict(out), dict(into)

    def of_type(self, type_: str) -> list[VizNode]:
        return [n for n in self.nodes.values() if n.type == type_]

    def targets(self, iri: str, *kinds: str) -> list[str]:
        return [e.target for e in self.out.get(iri, ()) if e.kind in kinds]

    def sources(self, iri: str, *kinds: str) -> list[str]:
        return [e.source for e in self.into.get(iri, ()) if e.kind in kinds]


@dataclass(frozen=True)
class Focus:
    kind: FocusKind
    name: str


@dataclass
class View:
    """What one page draws, and the sentence that says so."""

    title: str
    note: str
    nodes: list[VizNode]
    edges: list[VizEdge]
    total_nodes: int
    roots: list[str] = field(default_factory=list)  # where the layout of a large view starts


# --------------------------------------------------------------------------- reading the graph


def _text(value: RdfNode | None) -> str:
    return " ".join(str(value).split()) if value is not None else ""


def _short(text: str, limit: int = LABEL_CHARS) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def euro(value: Decimal) -> str:
    """A short amount for labels: €12,500, €350 k, €1.2 M, €745 M, €3.0 bn."""
    v = float(value)
    if abs(v) >= 1e9:
        return f"€{v / 1e9:,.1f} bn"
    if abs(v) >= 1e6:
        return f"€{v / 1e6:,.1f} M" if abs(v) < 1e8 else f"€{v / 1e6:,.0f} M"
    if abs(v) >= 1e5:
        return f"€{v / 1e3:,.0f} k"
    return f"€{v:,.0f}"


def _euro_full(value: Decimal) -> str:
    return f"€{value:,.2f}".removesuffix(".00")


# Every predicate graph_data reads (tested): the page of a build is drawn from these triples alone, which
# quarters the triples parsed.
READ_PREDICATES: frozenset[URIRef] = frozenset({
    CITO.citesAsEvidence, DCTERMS.identifier, DCTERMS.isPartOf, DCTERMS.source, DCTERMS.subject, DCTERMS.title,
    DCTERMS.type, ELI.date_document, ELI.title, ELI.title_alternative, FOAF.name, KG.amountRole, KG.conclusion,
    KG.evaluates, KG.fundedBy, KG.policyDomain, KG.responsibleMandatee, KG.sectionNumber, KG.titleOnly,
    KG.unsupportedTerm, MANDAAT.isBestuurlijkeAliasVan, OA.end, OA.exact, OA.hasBody, OA.hasSelector, OA.hasSource,
    OA.hasTarget, OA.start, OWL.sameAs, PROV.value, PROV.wasDerivedFrom, RDF.type, RDFS.label, RDFS.seeAlso,
    SCHEMA.abstract, SCHEMA.alternateName, SCHEMA.amount, SCHEMA.fundedItem, SCHEMA.isPartOf, SCHEMA.itemReviewed,
    SCHEMA.jobTitle, SCHEMA.mentions, SCHEMA.minValue, SCHEMA.ratingValue, SCHEMA.recipient, SCHEMA.reviewRating,
    SCHEMA.text, SCHEMA.url, SCHEMA.validFrom, SCHEMA.validThrough, SCHEMA.value, SKOS.altLabel, SKOS.prefLabel,
})


class Triples(Protocol):
    """What graph_data reads of a graph: an rdflib ``Graph`` has it, and so has ``TripleIndex``."""

    def subject_objects(self, predicate: URIRef) -> Iterator[tuple[RdfNode, RdfNode]]: ...

    def subjects(self, predicate: URIRef, object: RdfNode) -> Iterator[RdfNode]: ...


class TripleIndex:
    """Triples by predicate, the way graph_data reads them: about five times faster to fill than an rdflib
    ``Graph`` (no events, contexts or three-way indexes), for the page of a build."""

    def __init__(self) -> None:
        self._by_p: dict[RdfNode, list[tuple[RdfNode, RdfNode]]] = defaultdict(list)
        self._by_po: dict[RdfNode, dict[RdfNode, list[RdfNode]]] = {}

    def add(self, s: RdfNode, p: RdfNode, o: RdfNode) -> None:
        self._by_p[p].append((s, o))

    def subject_objects(self, predicate: URIRef) -> Iterator[tuple[RdfNode, RdfNode]]:
        return iter(self._by_p.get(predicate, ()))

    def subjects(self, predicate: URIRef, object: RdfNode) -> Iterator[RdfNode]:
        if predicate not in self._by_po:
            by: dict[RdfNode, list[RdfNode]] = defaultdict(list)
            for s, o in self._by_p.get(predicate, ()):
                by[o].append(s)
            self._by_po[predicate] = dict(by)
        return iter(self._by_po[predicate].get(object, ()))


def index_lines(lines: Iterable[bytes]) -> TripleIndex:
    """The triples of N-Triples ``lines`` in a ``TripleIndex``; each IRI becomes one rdflib term, shared."""
    index = TripleIndex()
    iris: dict[str, URIRef] = {}

    def term(t: Any) -> RdfNode:
        if isinstance(t, ox.NamedNode):
            value = t.value
            found = iris.get(value)
            if found is None:
                found = iris[value] = URIRef(value)
            return found
        return from_ox(t)

    for t in parsed(lines):
        index.add(term(t.subject), term(t.predicate), term(t.object))
    return index


class _Index:
    """The objects of a predicate by subject, built on first use with one pass over the predicate: far faster
    than one ``graph.value`` lookup per node on the corpus graph."""

    def __init__(self, graph: Triples) -> None:
        self.graph = graph
        self.values: dict[URIRef, dict[RdfNode, list[RdfNode]]] = {}

    def _of(self, p: URIRef) -> dict[RdfNode, list[RdfNode]]:
        assert p in READ_PREDICATES, p  # the page of a build would miss the triples of any other
        if p not in self.values:
            by: dict[RdfNode, list[RdfNode]] = defaultdict(list)
            for s, o in self.graph.subject_objects(p):
                by[s].append(o)
            for objs in by.values():
                objs.sort(key=lambda o: (str(o), o.n3() if isinstance(o, Literal) else ""))
            self.values[p] = dict(by)
        return self.values[p]

    def all(self, s: RdfNode, p: URIRef) -> list[RdfNode]:
        return self._of(p).get(s, [])

    def one(self, s: RdfNode, p: URIRef) -> RdfNode | None:
        objs = self._of(p).get(s)
        return objs[0] if objs else None

    def text(self, s: RdfNode, p: URIRef) -> str:
        return _text(self.one(s, p))


def graph_data(graph: Triples) -> VizData:
    """Read decisions, reports, claims, grants, organisations, programmes, people, agreement sections and
    themes, and the relations between them, from a graph built by kgbuild (reasoned or not)."""
    ix = _Index(graph)
    types: dict[RdfNode, str] = {}
    for cls, type_ in CLASS_TYPES:
        for s in graph.subjects(RDF.type, cls):
            types.setdefault(s, type_)
    for claim in [s for s, t in types.items() if t == "claim"]:
        for theme in ix.all(claim, DCTERMS.subject):
            types.setdefault(theme, "theme")
    edges: list[VizEdge] = []
    quotes = _mention_quotes(graph, ix)
    nodes: dict[str, VizNode] = {}
    grant_values: dict[RdfNode, Decimal] = {}
    for s, type_ in sorted(types.items(), key=lambda x: str(x[0])):  # IRI order, whatever the graph's order
        node = VizNode(str(s), type_, "")
        nodes[str(s)] = node
        if type_ == "decision":
            _decision(ix, s, node, edges, quotes)
        elif type_ == "report":
            _report(ix, s, node, edges)
        elif type_ == "claim":
            _claim(ix, s, node, edges)
        elif type_ == "grant":
            _grant(ix, s, node, edges, quotes)
            if node.money is not None:
                grant_values[s] = node.money
        elif type_ in ("organisation", "programme"):
            _entity(ix, s, node, edges, types)
        elif type_ == "person":
            node.label = ix.text(s, FOAF.name) or str(s).rsplit("/", 1)[-1]
        elif type_ == "section":
            _section(ix, s, node, edges, types)
        else:
            node.label = ix.text(s, SKOS.prefLabel) or str(s).rsplit("/", 1)[-1]
        node.names = list(dict.fromkeys([node.label, *node.names]))
    edges = [e for e in edges if e.source in nodes and e.target in nodes]
    data = VizData(nodes, sorted(set(edges), key=lambda e: (e.source, e.target, e.kind, e.label, e.quote)))
    _totals(data, grant_values)
    return data


def _mention_quotes(graph: Triples, ix: _Index) -> dict[tuple[str, str], str]:
    """The first quoted span of each (decision, entity or grant) pair, from the Web Annotations."""
    found: dict[tuple[str, str], tuple[int, str]] = {}
    for a in graph.subjects(RDF.type, OA.Annotation):
        body, target = ix.one(a, OA.hasBody), ix.one(a, OA.hasTarget)
        if body is None or target is None:
            continue
        source = ix.one(target, OA.hasSource)
        quote, start = "", 0
        for sel in ix.all(target, OA.hasSelector):
            quote = quote or ix.text(sel, OA.exact)
            start_lit = ix.one(sel, OA.start)
            if isinstance(start_lit, Literal):
                start = int(start_lit.toPython())
        if source is not None and quote:
            key = (str(source), str(body))
            if key not in found or (start, quote) < found[key]:
                found[key] = (start, quote)
    return {k: v[1] for k, v in found.items()}


def _links(ix: _Index, s: RdfNode) -> list[tuple[str, str]]:
    links = [("Published decision (search)", str(u)) for u in ix.all(s, RDFS.seeAlso)]
    links += [("Themis record", str(u)) for u in ix.all(s, OWL.sameAs)]
    return [(t, u) for t, u in links if u.lower().startswith(("http://", "https://"))]


def _decision(ix: _Index, s: RdfNode, node: VizNode, edges: list[VizEdge], quotes: dict[tuple[str, str], str]) -> None:
    ident = ix.text(s, DCTERMS.identifier)
    node.label = ix.text(s, ELI.title) or ident or str(s).rsplit("/", 1)[-1]
    kind = ix.one(s, DCTERMS.type)
    node.date = ix.text(s, ELI.date_document)
    node.details = [("Date", node.date), ("Kind", ix.text(kind, SKOS.prefLabel) if kind else ""),
                    ("Formal title", ix.text(s, ELI.title_alternative)), ("Identifier", ident)]
    if ix.text(s, KG.titleOnly) == "true":
        node.details.append(("Text", "only the title is known"))
    node.quote = _short(ix.text(s, PROV.value), EXCERPT_CHARS)
    node.links = _links(ix, s)
    node.names = [ident]
    for body in ix.all(s, SCHEMA.mentions):
        edges.append(VizEdge(str(s), str(body), "mentions", quote=quotes.get((str(s), str(body)), "")))
    for office in ix.all(s, KG.responsibleMandatee):
        person = ix.one(office, MANDAAT.isBestuurlijkeAliasVan)
        if person is not None:
            edges.append(VizEdge(str(s), str(person), "minister", quote=ix.text(office, SCHEMA.jobTitle)))
    minister = [ix.text(o, RDFS.label) for o in ix.all(s, KG.responsibleMandatee)]
    if minister:
        node.details.append(("Ministers", "; ".join(minister)))


def _report(ix: _Index, s: RdfNode, node: VizNode, edges: list[VizEdge]) -> None:
    ident = ix.text(s, DCTERMS.identifier)
    node.label = ix.text(s, DCTERMS.title) or ident
    node.details = [("Identifier", ident), ("Conclusion", _short(ix.text(s, KG.conclusion), EXCERPT_CHARS))]
    node.quote = _short(ix.text(s, SCHEMA.abstract), EXCERPT_CHARS)
    node.names = [ident]
    for section in ix.all(s, KG.evaluates):
        edges.append(VizEdge(str(s), str(section), "evaluates"))


def _claim(ix: _Index, s: RdfNode, node: VizNode, edges: list[VizEdge]) -> None:
    text = ix.text(s, SCHEMA.text)
    node.label, node.quote = text, text
    node.rating = "not rated"
    for review in sorted(ix.graph.subjects(SCHEMA.itemReviewed, s), key=str):
        rating = ix.one(review, SCHEMA.reviewRating)
        if rating is not None:
            node.rating = ix.text(rating, SCHEMA.alternateName) or "not rated"
            node.details.append(("Support", f"{node.rating} (score {ix.text(rating, SCHEMA.ratingValue)})"))
        terms = [_text(t) for t in ix.all(review, KG.unsupportedTerm)]
        if terms:
            node.details.append(("Terms no cited decision contains", ", ".join(terms)))
    for span in ix.all(s, PROV.wasDerivedFrom):
        for sel in ix.all(span, OA.hasSelector):
            if ix.one(sel, OA.start) is not None:
                node.details.append(("Span in the report file", f"characters {ix.text(sel, OA.start)}–"
                                     f"{ix.text(sel, OA.end)}"))
    for report in ix.all(s, SCHEMA.isPartOf):
        edges.append(VizEdge(str(report), str(s), "has claim"))
    for d in ix.all(s, CITO.citesAsEvidence):
        edges.append(VizEdge(str(s), str(d), "cites"))
    for theme in ix.all(s, DCTERMS.subject):
        edges.append(VizEdge(str(s), str(theme), "theme"))


def _grant(ix: _Index, s: RdfNode, node: VizNode, edges: list[VizEdge], quotes: dict[tuple[str, str], str]) -> None:
    amount = ix.one(s, SCHEMA.amount)
    value = ix.one(amount, SCHEMA.value) if amount is not None else None
    if isinstance(value, Literal):
        node.money = Decimal(str(value))
    kind = ix.one(s, DCTERMS.type)
    kind_label = ix.text(kind, SKOS.prefLabel) if kind is not None else ""
    role = ix.one(s, KG.amountRole)
    node.role = str(role).rsplit("/", 1)[-1] if role is not None else None
    node.label = euro(node.money) if node.money is not None else "grant"
    if amount is not None:
        low = ix.one(amount, SCHEMA.minValue)
        shown = _euro_full(node.money) if node.money is not None else ""
        if isinstance(low, Literal):
            shown = f"{_euro_full(Decimal(str(low)))} to {shown}"
        period = " to ".join(x for x in (ix.text(amount, SCHEMA.validFrom), ix.text(amount, SCHEMA.validThrough)) if x)
        node.details = [("Amount", shown), ("Role", ROLE_NAMES.get(node.role or "", node.role or "")),
                        ("Kind", kind_label), ("Period", period)]
    for d in ix.all(s, DCTERMS.source):
        node.quote = quotes.get((str(d), str(s)), "")
        edges.append(VizEdge(str(d), str(s), "grant", label=node.label))
    for r in ix.all(s, SCHEMA.recipient):
        edges.append(VizEdge(str(s), str(r), "recipient"))
    for f in ix.all(s, SCHEMA.fundedItem):
        edges.append(VizEdge(str(s), str(f), "funds"))
    for f in ix.all(s, KG.fundedBy):
        edges.append(VizEdge(str(s), str(f), "funded by"))
    for total in ix.all(s, DCTERMS.isPartOf):
        edges.append(VizEdge(str(s), str(total), "part of"))


def _entity(ix: _Index, s: RdfNode, node: VizNode, edges: list[VizEdge], types: dict[RdfNode, str]) -> None:
    node.label = ix.text(s, SKOS.prefLabel) or str(s).rsplit("/", 1)[-1]
    alt = [_text(a) for a in ix.all(s, SKOS.altLabel)]
    node.names = alt
    kind = ix.one(s, DCTERMS.type)
    node.details = [("Also written", "; ".join(alt[:8]) + (" …" if len(alt) > 8 else "")),
                    ("Kind", ix.text(kind, SKOS.prefLabel) if kind is not None else ""),
                    ("Code", ix.text(s, DCTERMS.identifier))]
    node.links = [("Website", str(u)) for u in ix.all(s, SCHEMA.url) if str(u).lower().startswith(("http:", "https:"))]
    for parent in ix.all(s, DCTERMS.isPartOf):
        if types.get(parent) in ENTITY_TYPES:
            edges.append(VizEdge(str(s), str(parent), "part of"))


def _section(ix: _Index, s: RdfNode, node: VizNode, edges: list[VizEdge], types: dict[RdfNode, str]) -> None:
    number, title = ix.text(s, KG.sectionNumber), ix.text(s, DCTERMS.title)
    node.label = f"{number} {title}".strip()
    domain = ix.one(s, KG.policyDomain)
    node.details = [("Policy domain", ix.text(domain, SKOS.prefLabel) if domain is not None else "")]
    node.quote = _short(ix.text(s, PROV.value), EXCERPT_CHARS)
    for parent in ix.all(s, DCTERMS.isPartOf):
        if types.get(parent) == "section":
            edges.append(VizEdge(str(s), str(parent), "part of"))


@dataclass
class Money:
    """Committed money in a set of grants (each euro once): per programme, per year, per recipient and the
    flows from the programme or plan that pays to the recipient."""

    per_programme: dict[str, Decimal] = field(default_factory=dict)
    per_year: dict[str, Decimal] = field(default_factory=dict)
    per_recipient: dict[str, Decimal] = field(default_factory=dict)
    flows: dict[tuple[str, str], Decimal] = field(default_factory=dict)
    grants: int = 0


NO_PROGRAMME, NO_RECIPIENT = "(no programme named)", "(no recipient named)"


def committed_money(data: VizData, grants: Iterable[str]) -> Money:
    """The committed money of ``grants`` (IRIs): only amounts whose role is committed count, so a total and
    its parts, restatements, earlier decisions and other parties' money are never added twice. A graph made
    before amounts had roles counts every amount."""
    money = Money()
    per_programme: dict[str, Decimal] = defaultdict(Decimal)
    per_year: dict[str, Decimal] = defaultdict(Decimal)
    per_recipient: dict[str, Decimal] = defaultdict(Decimal)
    flows: dict[tuple[str, str], Decimal] = defaultdict(Decimal)
    for iri in sorted(set(grants)):
        node = data.nodes[iri]
        if node.money is None or node.role not in (None, "committed"):
            continue
        money.grants += 1
        value = node.money
        out = data.out.get(iri, ())
        programmes = sorted({e.target for e in out if e.kind in ("funds", "funded by")})
        recipients = sorted({e.target for e in out if e.kind == "recipient"})
        for p in programmes:
            per_programme[p] += value
        for r in recipients:
            per_recipient[r] += value
        source = next((e.target for e in sorted(out, key=lambda e: (e.kind != "funds", e.target))
                       if e.kind in ("funds", "funded by")), NO_PROGRAMME)
        flows[(source, recipients[0] if recipients else NO_RECIPIENT)] += value
        for d in data.sources(iri, "grant"):
            per_year[data.nodes[d].date[:4] or "no date"] += value
    money.per_programme = dict(sorted(per_programme.items()))
    money.per_year = dict(sorted(per_year.items()))
    money.per_recipient = dict(sorted(per_recipient.items()))
    money.flows = dict(sorted(flows.items()))
    return money


def _totals(data: VizData, grant_values: dict[RdfNode, Decimal]) -> None:
    """Committed money per programme, year and recipient, claims per rating, reports per domain."""
    money = committed_money(data, (str(g) for g in grant_values))
    per_programme, per_year = money.per_programme, money.per_year
    received: dict[str, Decimal] = defaultdict(Decimal)
    for iri, value in {**money.per_recipient, **money.per_programme}.items():
        received[iri] += value
    for iri, total in received.items():
        node = data.nodes[iri]
        node.money = total
        node.details.append(("Committed money received or funded", _euro_full(total)))
    for n in data.nodes.values():
        if n.type == "decision":
            grants = [data.nodes[g] for g in data.targets(n.iri, "grant")]
            if grants:
                total = sum((g.money for g in grants if g.money is not None and g.role in (None, "committed")),
                            Decimal(0))
                n.details.append(("Amounts", f"{len(grants)}; committed here: {_euro_full(total)}"))
        n.details = [(k, v) for k, v in n.details if v]
    data.money_per_programme = dict(sorted(per_programme.items()))
    data.money_per_year = dict(sorted(per_year.items()))
    ratings = Counter(n.rating or "not rated" for n in data.of_type("claim"))
    data.ratings = {r: ratings[r] for r in [*RATING_COLOURS, *sorted(set(ratings) - set(RATING_COLOURS))]
                    if ratings[r]}
    domains: dict[str, list[str]] = defaultdict(list)
    for report in data.of_type("report"):
        for section in data.targets(report.iri, "evaluates"):
            domain = dict(data.nodes[section].details).get("Policy domain", "")
            if domain:
                domains[domain].append(report.iri)
    data.domains = dict(domains)


# --------------------------------------------------------------------------- choosing what to show


def _match(data: VizData, kind: str, types: tuple[str, ...], name: str, extra: dict[str, list[str]] | None = None
           ) -> list[str]:
    """Nodes of ``types`` whose label or other name is ``name`` (case-insensitive); a one-line error with the
    closest names when there is none."""
    wanted = name.casefold().strip()
    by_name: dict[str, set[str]] = defaultdict(set)
    spelt: dict[str, str] = {}  # a name as the graph writes it, for the error message
    preferred: set[str] = set()
    names = [(label, [n.iri], i == 0) for n in data.nodes.values() if n.type in types
             for i, label in enumerate(n.names)]
    names += [(label, iris, True) for label, iris in (extra or {}).items()]
    for label, iris, main in names:
        key = label.casefold()
        by_name[key].update(iris)
        spelt.setdefault(key, label)
        if main and key == wanted:
            preferred.update(iris)
    if preferred:  # a preferred label wins over another entity's alternative name
        return sorted(preferred)
    if wanted in by_name:
        return sorted(by_name[wanted])
    keys = sorted(by_name)
    close = difflib.get_close_matches(wanted, keys, n=5, cutoff=0.6)
    close += [k for k in keys if wanted and wanted in k and k not in close][: 5 - len(close)]
    hint = f"; close matches: {', '.join(repr(spelt[c]) for c in close)}" if close else ""
    raise UsageError(f"no {kind} named {name!r} in the graph{hint}")


def _decision_neighbourhood(data: VizData, decisions: Iterable[str], entities: bool) -> set[str]:
    """Decisions with their grants and what those grants go to, and (when ``entities``) everything the
    decisions mention and the ministers responsible."""
    keep: set[str] = set()
    for d in decisions:
        keep.add(d)
        for g in data.targets(d, "grant"):
            keep.add(g)
            keep.update(data.targets(g, "recipient", "funds"))
        if entities:
            keep.update(data.targets(d, "mentions", "minister"))
    return keep


def _claims_neighbourhood(data: VizData, claims: Iterable[str]) -> set[str]:
    keep: set[str] = set()
    decisions: set[str] = set()
    for c in claims:
        keep.add(c)
        keep.update(data.sources(c, "has claim"))
        keep.update(data.targets(c, "theme"))
        decisions.update(data.targets(c, "cites"))
    for r in [k for k in keep if data.nodes[k].type == "report"]:
        keep.update(data.targets(r, "evaluates"))
    return keep | _decision_neighbourhood(data, decisions, entities=True)


def _entity_neighbourhood(data: VizData, entities: list[str]) -> set[str]:
    keep = set(entities)
    decisions: set[str] = set()
    for e in entities:
        decisions.update(data.sources(e, "mentions"))
        for g in data.sources(e, "recipient", "funds"):
            decisions.update(data.sources(g, "grant"))
        keep.update(data.sources(e, "part of"))
        keep.update(data.targets(e, "part of"))
    keep |= _decision_neighbourhood(data, decisions, entities=False)
    for d in decisions:
        for c in data.sources(d, "cites"):
            keep.add(c)
            keep.update(data.sources(c, "has claim"))
    return keep


def _count_phrase(data: VizData, keep: set[str]) -> str:
    counts = Counter(data.nodes[i].type for i in keep)
    return ", ".join(f"{counts[t]:,} {NODE_TYPES[t].label.lower()}{'s' if counts[t] != 1 else ''}"
                     for t in NODE_TYPES if counts[t]) or "no nodes"


def _report_ident(node: VizNode) -> str:
    return dict(node.details).get("Identifier", node.label)


def select_view(data: VizData, focus: Focus | None = None, max_nodes: int = DEFAULT_MAX_NODES) -> View:
    """The nodes and edges one page draws: the whole graph when it has at most ``max_nodes`` nodes, else (or
    when a focus is given) one neighbourhood, with a note that says what is shown and how to see more."""
    total = len(_whole(data))
    how = ("Other views: kgbuild viz GRAPH --report ID | --organisation NAME | --programme NAME | --theme NAME;"
           f" without one, --max-nodes {total} draws the whole graph.")
    if focus is None:
        reports = data.of_type("report")
        if total <= max_nodes:
            keep = _whole(data)
            return _view(data, keep, "Whole graph", f"The whole graph: {_count_phrase(data, keep)}.", total,
                         [r.iri for r in reports])
        if not reports:
            keep = set(sorted(_whole(data))[:max_nodes])
            return _view(data, keep, "Part of the graph", f"The first {max_nodes:,} of {total:,} nodes. {how}", total)
        top = max(reports, key=lambda r: (len(data.targets(r.iri, "has claim")), _invert(_report_ident(r))))
        focus = Focus("report", _report_ident(top))
        prefix = (f"The whole graph has {total:,} nodes, more than the {max_nodes:,} drawn at once, so this page "
                  "shows the report with the most claims. ")
    else:
        prefix = ""
    keep, roots, title, what = _focused(data, focus)
    return _view(data, keep, title, f"{prefix}{what}: {_count_phrase(data, keep)}. {how}", total, roots)


def _invert(text: str) -> tuple[int, ...]:
    """A key that sorts ``text`` in reverse, so ``max`` breaks ties by the smallest identifier."""
    return tuple(-ord(c) for c in text)


def _whole(data: VizData) -> set[str]:
    # organisations, programmes and people nothing links to (the Flemish Government, which passes every
    # decision, is a static node) would only float around the edge
    linked = {e.source for e in data.edges} | {e.target for e in data.edges}
    return {i for i, n in data.nodes.items() if n.type not in ENTITY_TYPES or i in linked}


def _focused(data: VizData, focus: Focus) -> tuple[set[str], list[str], str, str]:
    """The nodes of a focused view, the nodes it centres on, its title and what it shows."""
    if focus.kind == "report":
        reports = [r for r in data.of_type("report") if focus.name.casefold() in
                   (_report_ident(r).casefold(), r.iri.rsplit("/", 1)[-1].casefold())]
        if not reports:
            reports = [data.nodes[i] for i in _match(data, "report", ("report",), focus.name)]
        claims = [c for r in reports for c in data.targets(r.iri, "has claim")]
        keep = _claims_neighbourhood(data, claims) | {r.iri for r in reports}
        label = reports[0].label
        return keep, [r.iri for r in reports], f"Report: {label}", (
            f"Report “{label}” ({_report_ident(reports[0])}), its claims, the decisions they cite and what those "
            "decisions mention and fund")
    if focus.kind in ("organisation", "programme"):
        found = _match(data, focus.kind, (focus.kind,), focus.name)
        names = " / ".join(data.nodes[i].label for i in found)
        keep = _entity_neighbourhood(data, found)
        return keep, found, f"{focus.kind.capitalize()}: {names}", (
            f"{focus.kind.capitalize()} “{names}”, the decisions that mention or fund it with their grants, and "
            "the claims that cite those decisions")
    found = _match(data, "theme or policy domain", ("theme",), focus.name, data.domains)
    of_theme: list[str] = []
    for t in found:
        if data.nodes[t].type == "theme":
            of_theme += data.sources(t, "theme")
        else:  # a policy domain: the reports that evaluate its sections
            of_theme += data.targets(t, "has claim")
    keep = _claims_neighbourhood(data, of_theme)
    themes = [t for t in found if data.nodes[t].type == "theme"]
    if themes:
        name = " / ".join(dict.fromkeys(data.nodes[t].label for t in themes))
        what = f"Theme “{name}”: its claims, their reports"
    else:
        name = next(d for d in sorted(data.domains) if d.casefold() == focus.name.casefold().strip())
        what = f"Policy domain “{name}”: the claims of the {len(found)} reports that evaluate its sections"
    return keep, themes or found, f"Theme: {name}", f"{what}, the decisions they cite and what those mention and fund"


def _view(data: VizData, keep: set[str], title: str, note: str, total: int, roots: Iterable[str] = ()) -> View:
    nodes = [data.nodes[i] for i in sorted(keep)]
    edges = [e for e in data.edges if e.source in keep and e.target in keep]
    return View(title, note, nodes, edges, total, sorted(r for r in roots if r in keep))


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


# --------------------------------------------------------------------------- the page


def _vis_assets() -> tuple[str, str]:
    """vis-network's script and stylesheet as shipped inside pyvis (no CDN)."""
    lib = resources.files("pyvis") / "templates" / "lib" / "vis-9.1.2"
    js = (lib / "vis-network.min.js").read_text(encoding="utf-8")
    css = (lib / "vis-network.css").read_text(encoding="utf-8")
    # the source map is not shipped: a browser with developer tools open would ask for it
    js = re.sub(r"//# sourceMappingURL=\S+", "", js)
    if "</script" in js.lower() or "</style" in css.lower():
        raise RuntimeError("vis-network cannot be inlined: it contains a closing tag")
    return js, css


def _json(value: object) -> str:
    """JSON safe inside a <script> block: no '<', '>' or '&' (so no '</script>' or '<!--'), all non-ASCII
    escaped (so no U+2028/U+2029), keys sorted for byte-identical output."""
    text = json.dumps(value, ensure_ascii=True, sort_keys=True, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _size(node: VizNode, degree: int) -> float:
    if node.money is not None and node.money > 0:
        return round(8 + 4 * (max(math.log10(float(node.money)), 3) - 3), 1)  # €1 k: 8, €1 M: 20, €1 bn: 32
    return round(min(8 + 3 * math.sqrt(degree), 40), 1)


def layout_iterations(nodes: int) -> int:
    """How many physics iterations the page runs before it shows the layout."""
    if nodes <= PHYSICS_LIMIT:
        return SMALL_VIEW_ITERATIONS
    return max(MIN_ITERATIONS, min(SMALL_VIEW_ITERATIONS, ITERATION_BUDGET // nodes))


def _payload(view: View) -> dict[str, object]:
    """The page's data: nodes and edges with integer ids in IRI order, and the styles per type."""
    index = {n.iri: i for i, n in enumerate(view.nodes)}
    g = nx.Graph()
    g.add_nodes_from(index.values())
    g.add_edges_from((index[e.source], index[e.target]) for e in view.edges)
    degree = dict(g.degree())
    positions = radial_layout(view) if len(view.nodes) > PHYSICS_LIMIT else {}
    nodes = []
    for n in view.nodes:
        item: dict[str, object] = {"id": index[n.iri], "t": n.type, "label": _short(n.label), "name": n.label,
                                   "iri": n.iri, "size": _size(n, degree[index[n.iri]])}
        if n.details:
            item["d"] = [list(x) for x in n.details]
        if n.links:
            item["l"] = [list(x) for x in n.links]
        if n.quote:
            item["q"] = n.quote
        if n.rating:
            item["r"] = n.rating
        if n.iri in positions:
            item["x"], item["y"] = positions[n.iri]
        alt = [x for x in n.names[1:] if x]
        if alt:
            item["s"] = " | ".join(alt)
        nodes.append(item)
    edges = []
    for e in view.edges:
        edge: dict[str, object] = {"from": index[e.source], "to": index[e.target], "k": e.kind}
        if e.label:
            edge["a"] = e.label
        if e.quote:
            edge["q"] = e.quote
        edges.append(edge)
    return {
        "nodes": nodes, "edges": edges,
        "types": {k: {"label": t.label, "shape": t.shape, "colour": t.colour} for k, t in NODE_TYPES.items()},
        "ratings": RATING_COLOURS, "edgeKinds": EDGE_KINDS,
        "physicsLimit": PHYSICS_LIMIT, "iterations": layout_iterations(len(view.nodes)),
    }


def _swatch(shape: str, colour: str) -> str:
    """A small SVG of a legend entry's shape."""
    c = html.escape(colour)
    shapes = {
        "dot": f'<circle cx="8" cy="8" r="6" fill="{c}"/>',
        "square": f'<rect x="2" y="2" width="12" height="12" fill="{c}"/>',
        "triangle": f'<polygon points="8,1 15,14 1,14" fill="{c}"/>',
        "triangleDown": f'<polygon points="1,2 15,2 8,15" fill="{c}"/>',
        "diamond": f'<polygon points="8,1 15,8 8,15 1,8" fill="{c}"/>',
        "hexagon": f'<polygon points="4,2 12,2 15,8 12,14 4,14 1,8" fill="{c}"/>',
        "star": f'<polygon points="8,1 10,6 15,6 11,9 13,15 8,11 3,15 5,9 1,6 6,6" fill="{c}"/>',
        "box": f'<rect x="1" y="3" width="14" height="10" rx="2" fill="{c}"/>',
        "ellipse": f'<ellipse cx="8" cy="8" rx="7" ry="5" fill="{c}" stroke="#90a4ae"/>',
        "line": f'<line x1="1" y1="8" x2="15" y2="8" stroke="{c}" stroke-width="3"/>',
    }
    return f'<svg class="sw" width="16" height="16" viewBox="0 0 16 16" aria-hidden="true">{shapes[shape]}</svg>'


def _legend(view: View) -> str:
    counts = Counter(n.type for n in view.nodes)
    rows = []
    for key, t in NODE_TYPES.items():
        if not counts[key]:
            continue
        rows.append(f'<label class="row"><input type="checkbox" checked data-type="{html.escape(key)}"> '
                    f'{_swatch(t.shape, t.colour)} {html.escape(t.label)} <span class="n">{counts[key]:,}</span>'
                    "</label>")
        if key == "claim":
            ratings = Counter(n.rating or "not rated" for n in view.nodes if n.type == "claim")
            rows += [f'<div class="row sub">{_swatch("dot", c)} {html.escape(r)} <span class="n">{ratings[r]:,}</span>'
                     "</div>" for r, c in RATING_COLOURS.items() if ratings[r]]
    kinds = Counter(e.kind for e in view.edges)
    edges = [f'<div class="row">{_swatch("line", c)} {html.escape(k)} <span class="n">{kinds[k]:,}</span></div>'
             for k, c in EDGE_KINDS.items() if kinds[k]]
    return ("<h2>Nodes <small>(untick to hide)</small></h2>" + "".join(rows) +
            "<h2>Relations</h2>" + "".join(edges) +
            '<p class="hint">Size: money for grants, organisations and programmes; else the number of links.</p>')


def _bar_chart(title: str, rows: list[tuple[str, Decimal]], note: str = "") -> str:
    """Horizontal bars with the label left and the amount right, as escaped SVG."""
    if not rows:
        return f"<figure><figcaption>{html.escape(title)}</figcaption><p>No amounts in the graph.</p></figure>"
    width, bar_h, left, right = 560, 18, 220, 90
    top = max(v for _, v in rows) or Decimal(1)
    parts = []
    for i, (label, value) in enumerate(rows):
        y = i * (bar_h + 4)
        w = max(1.0, float(value / top) * (width - left - right))
        parts.append(f'<g><title>{html.escape(label)}: {html.escape(_euro_full(value))}</title>'
                     f'<text x="{left - 6}" y="{y + 13}" text-anchor="end">{html.escape(_short(label, 34))}</text>'
                     f'<rect x="{left}" y="{y}" width="{w:.1f}" height="{bar_h}" fill="#d81b60"/>'
                     f'<text x="{left + w + 4:.1f}" y="{y + 13}">{html.escape(euro(value))}</text></g>')
    height = len(rows) * (bar_h + 4)
    return (f'<figure><figcaption>{html.escape(title)}</figcaption><svg class="chart" width="{width}" '
            f'height="{height}" viewBox="0 0 {width} {height}" role="img">{"".join(parts)}</svg>'
            f'{f"<p class=hint>{html.escape(note)}</p>" if note else ""}</figure>')


def _column_chart(title: str, rows: list[tuple[str, Decimal]]) -> str:
    if not rows:
        return f"<figure><figcaption>{html.escape(title)}</figcaption><p>No amounts in the graph.</p></figure>"
    col, gap, height, base = 44, 8, 180, 150
    top = max(v for _, v in rows) or Decimal(1)
    parts = []
    for i, (label, value) in enumerate(rows):
        x = i * (col + gap)
        h = max(1.0, float(value / top) * (base - 20))
        parts.append(f'<g><title>{html.escape(label)}: {html.escape(_euro_full(value))}</title>'
                     f'<rect x="{x}" y="{base - h:.1f}" width="{col}" height="{h:.1f}" fill="#d4af37"/>'
                     f'<text x="{x + col / 2}" y="{base - h - 4:.1f}" text-anchor="middle">'
                     f'{html.escape(euro(value))}</text>'
                     f'<text x="{x + col / 2}" y="{base + 16}" text-anchor="middle">{html.escape(label)}</text></g>')
    width = len(rows) * (col + gap)
    return (f'<figure><figcaption>{html.escape(title)}</figcaption><svg class="chart" width="{width}" '
            f'height="{height}" viewBox="0 0 {width} {height}" role="img">{"".join(parts)}</svg></figure>')


def _ratings_chart(ratings: dict[str, int]) -> str:
    total = sum(ratings.values())
    title = "Claims by how well the decisions they cite support them"
    if not total:
        return f"<figure><figcaption>{html.escape(title)}</figcaption><p>No claims in the graph.</p></figure>"
    width, x, parts, keys = 560, 0.0, [], []
    for rating, n in ratings.items():
        w = n / total * width
        colour = html.escape(RATING_COLOURS.get(rating, "#9e9e9e"))
        parts.append(f'<rect x="{x:.1f}" y="0" width="{w:.1f}" height="22" fill="{colour}">'
                     f"<title>{html.escape(rating)}: {n}</title></rect>")
        keys.append(f'<span class="key">{_swatch("dot", colour)} {html.escape(rating)}: {n:,} '
                    f"({n / total:.0%})</span>")
        x += w
    return (f'<figure><figcaption>{html.escape(title)}</figcaption><svg class="chart" width="{width}" height="22" '
            f'viewBox="0 0 {width} 22" role="img">{"".join(parts)}</svg><div>{"".join(keys)}</div></figure>')


COMMITTED_RULE = ("Committed money only, each euro once: new money a decision grants or budgets. Parts of a total, "
                  "restated amounts, earlier decisions, other parties' money, targets, thresholds, unit rates, "
                  "loans and plan totals are left out (the same rule as queries/committed-per-decision.rq).")


def _top(data: VizData, values: dict[str, Decimal]) -> tuple[list[tuple[str, Decimal]], str]:
    rows = sorted(((data.nodes[i].label if i in data.nodes else i, v) for i, v in values.items()),
                  key=lambda x: (-x[1], x[0]))
    rest = rows[TOP_BARS:]
    note = f"{len(rest)} more: {_euro_full(sum((v for _, v in rest), Decimal(0)))}. " if rest else ""
    return rows[:TOP_BARS], note


def _sankey(data: VizData, flows: dict[tuple[str, str], Decimal]) -> str:
    """Committed money from the programme or plan that pays to the recipient, as an SVG flow diagram: the
    largest flows, the rest joined into "other" on each side. Drawn here, so the page needs no library."""
    title = "Money flow: programme or plan → recipient (committed money)"
    if not flows:
        return f"<figure><figcaption>{html.escape(title)}</figcaption><p>No committed amounts here.</p></figure>"
    ranked = sorted(flows.items(), key=lambda x: (-x[1], x[0]))
    shown, rest = ranked[:TOP_BARS], ranked[TOP_BARS:]
    merged: dict[tuple[str, str], Decimal] = defaultdict(Decimal)
    for (s, t), v in shown:
        merged[(s, t)] += v
    if rest:
        merged[("(other)", "(other)")] += sum((v for _, v in rest), Decimal(0))

    def name(iri: str) -> str:
        return data.nodes[iri].label if iri in data.nodes else iri

    left: dict[str, Decimal] = defaultdict(Decimal)
    right: dict[str, Decimal] = defaultdict(Decimal)
    for (s, t), v in merged.items():
        left[s] += v
        right[t] += v
    total = sum(merged.values(), Decimal(0)) or Decimal(1)
    width, height, pad, bar, label_w = 560, 320, 6, 10, 170
    usable = height - pad * max(len(left), len(right))

    def place(side: dict[str, Decimal]) -> dict[str, tuple[float, float]]:
        y, out = 0.0, {}
        for key, v in sorted(side.items(), key=lambda x: (-x[1], name(x[0]))):
            h = max(2.0, float(v / total) * usable)
            out[key] = (y, h)
            y += h + pad
        return out

    ly, ry = place(left), place(right)
    lx, rx = label_w, width - label_w
    used_l: dict[str, float] = defaultdict(float)
    used_r: dict[str, float] = defaultdict(float)
    parts = []
    for (s, t), v in sorted(merged.items(), key=lambda x: (-x[1], x[0])):
        h = max(1.0, float(v / total) * usable)
        y0 = ly[s][0] + used_l[s]
        y1 = ry[t][0] + used_r[t]
        used_l[s] += h
        used_r[t] += h
        mid = (lx + bar + rx) / 2
        path = (f"M{lx + bar},{y0:.1f} C{mid},{y0:.1f} {mid},{y1:.1f} {rx},{y1:.1f} "
                f"L{rx},{y1 + h:.1f} C{mid},{y1 + h:.1f} {mid},{y0 + h:.1f} {lx + bar},{y0 + h:.1f} Z")
        parts.append(f'<path d="{path}" fill="#d81b60" fill-opacity="0.35"><title>'
                     f'{html.escape(name(s))} → {html.escape(name(t))}: {html.escape(_euro_full(v))}</title></path>')
    for key, (y, h) in ly.items():
        parts.append(f'<rect x="{lx}" y="{y:.1f}" width="{bar}" height="{h:.1f}" fill="#1565c0"/>'
                     f'<text x="{lx - 4}" y="{y + h / 2 + 4:.1f}" text-anchor="end">'
                     f'{html.escape(_short(name(key), 26))}</text>')
    for key, (y, h) in ry.items():
        parts.append(f'<rect x="{rx}" y="{y:.1f}" width="{bar}" height="{h:.1f}" fill="#2e7d32"/>'
                     f'<text x="{rx + bar + 4}" y="{y + h / 2 + 4:.1f}">{html.escape(_short(name(key), 26))} '
                     f'{html.escape(euro(right[key]))}</text>')
    table = "".join(f"<tr><td>{html.escape(name(s))}</td><td>{html.escape(name(t))}</td>"
                    f"<td>{html.escape(_euro_full(v))}</td></tr>" for (s, t), v in ranked)
    return (f'<figure class="sankey"><figcaption>{html.escape(title)}</figcaption><svg class="chart" width="{width}" '
            f'height="{height}" viewBox="0 0 {width} {height}" role="img" aria-label="{html.escape(title)}">'
            f'{"".join(parts)}</svg><details><summary>The flows as a table</summary><table><tr><th>from</th>'
            f"<th>to</th><th>committed</th></tr>{table}</table></details></figure>")


def _overview(data: VizData, view: View | None = None) -> str:
    """The charts of what the page shows: the whole graph, or the grants of the focused view only."""
    whole = view is None or len(view.nodes) >= view.total_nodes
    shown = data.of_type("grant") if whole or view is None else [n for n in view.nodes if n.type == "grant"]
    grants = [n.iri for n in shown]
    money = committed_money(data, grants)
    programmes, note = _top(data, money.per_programme)
    recipients, rnote = _top(data, money.per_recipient)
    heading = "Overview of the whole graph" if whole else "Overview of this view"
    return (f'<section id="overview"><h2>{heading}</h2><p class="hint">{html.escape(COMMITTED_RULE)}</p>'
            '<div class="charts">'
            + _bar_chart("Committed money per programme", programmes, note)
            + _bar_chart("Committed money per recipient", recipients, rnote)
            + _column_chart("Committed money per year (by the date of the decision)", list(money.per_year.items()))
            + _sankey(data, money.flows)
            + _ratings_chart(data.ratings) + "</div></section>")


def _other_views(data: VizData) -> str:
    """The commands for a few other views, so the reader of a focused page knows what to ask for."""
    reports = sorted(data.of_type("report"), key=lambda r: (-len(data.targets(r.iri, "has claim")),
                                                             _report_ident(r)))[:8]
    orgs = sorted((n for n in data.of_type("organisation") if data.sources(n.iri, "mentions", "recipient")),
                  key=lambda n: (-len(data.sources(n.iri, "mentions")), n.label))[:8]
    progs = sorted((n for n in data.of_type("programme") if n.money or data.sources(n.iri, "mentions")),
                   key=lambda n: (-(n.money or 0), n.label))[:8]

    def item(cmd: str, what: str) -> str:
        return f"<li><code>{html.escape(cmd)}</code> {html.escape(what)}</li>"

    lines = [item(f"kgbuild viz GRAPH --report {_quote_arg(_report_ident(r))}",
                  f"{len(data.targets(r.iri, 'has claim'))} claims") for r in reports]
    lines += [item(f"kgbuild viz GRAPH --organisation {_quote_arg(n.label)}",
                   f"{len(data.sources(n.iri, 'mentions')):,} decisions") for n in orgs]
    lines += [item(f"kgbuild viz GRAPH --programme {_quote_arg(n.label)}",
                   euro(n.money) if n.money else f"{len(data.sources(n.iri, 'mentions')):,} decisions") for n in progs]
    return f'<details id="views"><summary>Other views</summary><ul>{"".join(lines)}</ul></details>'


def _quote_arg(text: str) -> str:
    return text if re.fullmatch(r"[\w.\-]+", text) else "'" + text.replace("'", "'\\''") + "'"


def _csp_hash(script: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode() + "'"


def render_html(data: VizData, view: View) -> str:
    """The page, as a string: same data and view, same bytes."""
    js, css = _vis_assets()
    payload = _json(_payload(view))
    csp = ("default-src 'none'; " f"script-src {_csp_hash(js)} {_csp_hash(APP_JS)}; "
           "style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'")
    title = html.escape(f"kgbuild — {view.title}")
    return "".join([
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">",
        f'<meta http-equiv="Content-Security-Policy" content="{html.escape(csp, quote=False)}">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{title}</title><style>{css}</style><style>{PAGE_CSS}</style></head><body data-state=\"loading\">",
        f'<header><h1>{html.escape(view.title)}</h1><p id="note">{html.escape(view.note)}</p>{_other_views(data)}'
        "</header>",
        '<main><div id="graph-box"><div id="graph" aria-label="graph"></div>'
        '<div id="progress" role="status">Laying out …</div></div>',
        '<aside><div class="search"><input id="search" type="search" placeholder="Search names, titles, ids" '
        'aria-label="search" autocomplete="off"><button id="search-next" type="button">Find</button>'
        '<div id="search-count" role="status"></div></div>',
        f'<div id="legend">{_legend(view)}</div>',
        '<div id="details"><p class="hint">Hover a node for its details; click to keep them here.</p></div>',
        "</aside></main>",
        _overview(data, view),
        f'<script type="application/json" id="kg-data">{payload}</script>',
        f"<script>{js}</script><script>{APP_JS}</script></body></html>\n",
    ])


def render(graph: Triples, focus: Focus | None = None, max_nodes: int = DEFAULT_MAX_NODES,
           scope: str = "") -> tuple[str, View]:
    """Read ``graph``, choose the view and return the page with the view it shows; ``scope`` says what part
    of a larger graph ``graph`` is, when it is one."""
    data = graph_data(graph)
    view = select_view(data, focus, max_nodes)
    if scope:
        view.note = f"{scope} {view.note}"
    return render_html(data, view), view


def write_page(graph: Path, out: Path | None = None, focus: Focus | None = None,
               max_nodes: int = DEFAULT_MAX_NODES) -> tuple[Path, View]:
    """Draw the RDF file ``graph`` into ``out`` (default: beside it, ``graph.html`` or
    ``graph-<focus>-<name>.html``); the file written and the view it shows."""
    check_source(graph)
    page, view = render(load_graph(graph), focus, max_nodes)
    if out is None:
        name = f"{graph.stem}-{focus.kind}-{slug(focus.name)}.html" if focus else f"{graph.stem}.html"
        out = graph.with_name(name)
    atomic_write(out, page.encode("utf-8"))
    return out, view


# The page of a build is drawn from at most this many bytes of its N-Triples parts (about 800,000 triples and
# 1 GiB in rdflib): whole partitions, in order, and the shared part. The corpus takes about 60 MB.
VIEW_BYTES = 128 * 1024 * 1024


def render_parts(parts: Sequence[Path], focus: Focus | None = None, max_nodes: int = DEFAULT_MAX_NODES,
                 budget: int = VIEW_BYTES) -> tuple[str, View]:
    """The page of a build from its sorted N-Triples ``parts``: all of them when they fit in ``budget``
    bytes, else the shared part and as many whole partitions as fit, and the page says so."""
    shared = [p for p in parts if not p.name[:1].isdigit()]
    numbered: dict[str, list[Path]] = {}
    for p in parts:
        if p.name[:1].isdigit():
            numbered.setdefault(p.name.split("-", 1)[0], []).append(p)
    chosen = list(shared)
    size = sum(p.stat().st_size for p in shared)
    taken = 0
    for _number, group in sorted(numbered.items()):
        grow = sum(p.stat().st_size for p in group)
        if taken and size + grow > budget:
            break
        chosen += group
        size += grow
        taken += 1
    scope = ""
    if taken < len(numbered):
        scope = (f"This build is too large to draw from whole: the page is drawn from {taken:,} of its "
                 f"{len(numbered):,} partitions (kgbuild viz on its graph file draws any report or organisation).")
    wanted = tuple(f" <{p}> ".encode() for p in READ_PREDICATES)
    graph = index_lines(line for line in merged_lines(chosen) if _predicate_in(line, wanted))
    return render(graph, focus, max_nodes, scope)


def _predicate_in(line: bytes, wanted: tuple[bytes, ...]) -> bool:
    # an N-Triples line's subject is an IRI or a blank node, with no space in it: the predicate follows the first
    return line[line.find(b" "):].startswith(wanted)


PAGE_CSS = """
*{box-sizing:border-box}
body{margin:0;font:14px/1.4 system-ui,sans-serif;color:#222;background:#fafafa}
header{padding:8px 16px;background:#fff;border-bottom:1px solid #ddd}
h1{font-size:18px;margin:0 0 4px}
#note{margin:0;color:#444}
#views{margin-top:4px}
#views code{background:#f1f1f1;padding:0 3px}
main{display:flex;height:78vh;min-height:420px}
#graph-box{position:relative;flex:1;background:#fff}
#graph{position:absolute;inset:0}
#progress{position:absolute;left:8px;bottom:8px;background:#fffd;padding:2px 6px;border-radius:3px;color:#555}
aside{width:340px;overflow:auto;border-left:1px solid #ddd;padding:8px 12px;background:#fff}
aside h2{font-size:14px;margin:10px 0 4px}
aside small{font-weight:normal;color:#777}
.row{display:flex;gap:6px;align-items:center;padding:1px 0}
.row.sub{padding-left:26px}
.n{margin-left:auto;color:#777}
.hint{color:#777;font-size:12px}
.search{display:flex;flex-wrap:wrap;gap:4px}
#search{flex:1;padding:4px}
#search-count{width:100%;color:#555;font-size:12px}
#details dl,.kg-tip dl{display:grid;grid-template-columns:auto 1fr;gap:2px 8px;margin:6px 0}
#details dt,.kg-tip dt{color:#666}
#details dd,.kg-tip dd{margin:0;overflow-wrap:anywhere}
blockquote{margin:6px 0;padding:4px 8px;border-left:3px solid #d4af37;background:#fbf8ec;white-space:pre-wrap;
overflow-wrap:anywhere}
.kg-tip{max-width:380px;white-space:normal;font-size:12px}
.kg-tip .title,#details .title{font-weight:600}
.type{color:#666;font-size:12px}
#overview{padding:8px 16px}
.charts{display:flex;flex-wrap:wrap;gap:24px}
figure{margin:0}
figcaption{font-weight:600;margin-bottom:4px}
.chart text{font-size:11px;fill:#333}
.key{margin-right:12px}
div.vis-tooltip{max-width:400px;white-space:normal;font-family:system-ui,sans-serif}
"""

# The page's script. It builds every piece of text with textContent and every link only for http(s)
# URLs, so nothing from the graph is ever parsed as HTML.
APP_JS = """
(function () {
  "use strict";
  var DATA = JSON.parse(document.getElementById("kg-data").textContent);
  var TYPES = DATA.types;
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) { e.className = cls; }
    if (text !== undefined && text !== null) { e.textContent = String(text); }
    return e;
  }
  function safeUrl(url) { return /^https?:\\/\\//i.test(url) ? url : null; }
  function card(n, withLinks, cls) {
    var box = el("div", cls);
    box.appendChild(el("div", "title", n.name));
    var type = TYPES[n.t].label + (n.r ? " \\u00b7 " + n.r : "");
    box.appendChild(el("div", "type", type));
    if (n.d && n.d.length) {
      var dl = el("dl");
      n.d.forEach(function (kv) { dl.appendChild(el("dt", null, kv[0])); dl.appendChild(el("dd", null, kv[1])); });
      box.appendChild(dl);
    }
    if (n.q) { box.appendChild(el("blockquote", null, n.q)); }
    (n.l || []).forEach(function (link) {
      var url = safeUrl(link[1]);
      if (!url) { return; }
      if (withLinks) {
        var a = el("a", null, link[0]);
        a.href = url; a.rel = "noopener noreferrer"; a.target = "_blank";
        var p = el("p"); p.appendChild(a); box.appendChild(p);
      } else {
        box.appendChild(el("div", "type", link[0] + " (click the node for the link)"));
      }
    });
    return box;
  }
  function edgeTip(e) {
    var box = el("div", "kg-tip");
    box.appendChild(el("div", "title", e.k + (e.a ? " " + e.a : "")));
    if (e.q) { box.appendChild(el("blockquote", null, e.q)); }
    return box;
  }
  var big = DATA.nodes.length > DATA.physicsLimit;
  var byId = {};
  var visNodes = DATA.nodes.map(function (n) {
    byId[n.id] = n;
    var t = TYPES[n.t];
    var colour = n.t === "claim" ? (DATA.ratings[n.r] || t.colour) : t.colour;
    var node = {id: n.id, label: n.label, shape: t.shape, size: n.size, title: card(n, false, "kg-tip"),
                color: {background: colour, border: colour, highlight: {background: colour, border: "#000"},
                        hover: {background: colour, border: "#000"}}};
    if (n.t === "report") { node.font = {color: "#fff"}; }
    if (n.x !== undefined) { node.x = n.x; node.y = n.y; }
    return node;
  });
  var visEdges = DATA.edges.map(function (e, i) {
    return {id: i, from: e.from, to: e.to, label: e.k, title: edgeTip(e),
            color: {color: DATA.edgeKinds[e.k] || "#999", highlight: "#37474f", hover: "#37474f"}};
  });
  var nodes = new vis.DataSet(visNodes);
  var edges = new vis.DataSet(visEdges);
  var options = {
    layout: {randomSeed: 7, improvedLayout: DATA.nodes.length <= 150},
    physics: {enabled: true, solver: "forceAtlas2Based",
              forceAtlas2Based: {gravitationalConstant: -40, springLength: 90, avoidOverlap: 0.2},
              stabilization: {enabled: true, iterations: DATA.iterations, updateInterval: 10,
                              fit: true}},
    interaction: {hover: true, tooltipDelay: 120, hideEdgesOnDrag: big, hideEdgesOnZoom: big},
    nodes: {font: {size: 12, face: "system-ui, sans-serif"}, borderWidth: 1},
    edges: {arrows: {to: {enabled: true, scaleFactor: 0.4}}, width: 1,
            font: {size: 9, color: "#455a64", strokeWidth: 2, align: "middle"},
            smooth: big ? false : {type: "continuous"}, scaling: {label: {drawThreshold: 8}}}
  };
  var container = document.getElementById("graph");
  var network = new vis.Network(container, {nodes: nodes, edges: edges}, options);
  var progress = document.getElementById("progress");
  var state = {ready: false, stabilisedAt: null, started: performance.now()};
  network.on("stabilizationProgress", function (p) {
    progress.textContent = "Laying out " + p.iterations + " / " + p.total + " …";
  });
  function finish() {
    if (state.ready) { return; }
    if (big) { network.setOptions({physics: {enabled: false}}); }
    state.ready = true;
    state.stabilisedAt = performance.now();
    progress.textContent = DATA.nodes.length + " nodes, " + DATA.edges.length + " edges" +
      (big ? " (layout fixed: physics stops above " + DATA.physicsLimit + " nodes; drag nodes freely)" : "");
    document.body.setAttribute("data-state", "ready");
  }
  network.once("stabilizationIterationsDone", finish);
  if (!DATA.nodes.length) { finish(); }

  var details = document.getElementById("details");
  function showDetails(id) {
    var n = byId[id];
    if (n === undefined) { return; }
    details.replaceChildren(card(n, true, "kg-card"));
  }
  network.on("click", function (p) { if (p.nodes.length) { showDetails(p.nodes[0]); } });

  document.querySelectorAll("#legend input[data-type]").forEach(function (box) {
    box.addEventListener("change", function () {
      var t = box.getAttribute("data-type");
      nodes.update(DATA.nodes.filter(function (n) { return n.t === t; })
        .map(function (n) { return {id: n.id, hidden: !box.checked}; }));
    });
  });

  var search = document.getElementById("search");
  var count = document.getElementById("search-count");
  var matches = [], at = -1, last = null;
  function find() {
    var q = search.value.trim().toLowerCase();
    if (q !== last) {
      last = q; at = -1;
      matches = q ? DATA.nodes.filter(function (n) {
        return !nodes.get(n.id).hidden && (n.name.toLowerCase().indexOf(q) >= 0 ||
          (n.s && n.s.toLowerCase().indexOf(q) >= 0) || n.iri.toLowerCase() === q);
      }).map(function (n) { return n.id; }) : [];
    }
    if (!matches.length) { count.textContent = q ? "no match" : ""; network.unselectAll(); return; }
    at = (at + 1) % matches.length;
    var id = matches[at];
    network.selectNodes([id]);
    network.focus(id, {scale: Math.max(network.getScale(), 1.0), animation: false});
    showDetails(id);
    count.textContent = (at + 1) + " of " + matches.length + (matches.length === 1 ? " match" : " matches") +
      (matches.length > 1 ? " (Enter for the next)" : "");
  }
  search.addEventListener("keydown", function (ev) { if (ev.key === "Enter") { ev.preventDefault(); find(); } });
  document.getElementById("search-next").addEventListener("click", find);

  window.kgviz = {
    network: network, nodes: nodes, edges: edges, state: state, showDetails: showDetails, data: DATA,
    drawn: function () { return network.body.nodeIndices.length; }
  };
})();
"""
