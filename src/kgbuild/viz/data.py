"""Read a graph built by kgbuild into plain nodes and edges (``graph_data``): decisions, reports, claims,
grants, organisations, programmes, people, agreement sections and themes."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, NamedTuple, Protocol

import pyoxigraph as ox
from rdflib import URIRef
from rdflib.namespace import DCTERMS, FOAF, ORG, PROV, RDF, RDFS, SKOS
from rdflib.term import Node as RdfNode

from ..rdf.export import parsed
from ..rdf.namespaces import BESLUIT, CITO, ELI, KG, MANDAAT, OA, PERSON, SCHEMA
from ..rdf.terms import from_ox

LABEL_CHARS = 28


EXCERPT_CHARS = 400


ROLE_NAMES = {"committed": "committed here", "part": "part of a total", "earlier": "decided earlier",
              "other-party": "another party's money", "target": "target", "threshold": "threshold",
              "unit-rate": "unit rate", "loan-or-guarantee": "loan or guarantee", "plan-total": "total of a plan",
              "context": "context (not committed here)", "unclassified": "unclassified"}


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
    "contradicted": "#6a1b9a",
    "not checkable": "#546e7a",
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
    committed: Decimal | None = None  # what a grant adds to committed money (kg:committedAmount)
    confidence: str = ""  # a grant's kg:confidence: high or low
    reason: str = ""  # why a grant has its role (kg:roleReason)
    corrected: bool = False  # a reader's correction set it (kg:correctedBy)
    rating: str | None = None
    names: list[str] = field(default_factory=list)
    date: str = ""
    text: str = ""  # a decision's or section's whole text (the site shows it; the page shows ``quote``)
    evidence: list[tuple[str, str]] = field(default_factory=list)  # a claim's (decision IRI, sentence), best first
    uncited: list[str] = field(default_factory=list)  # a report's relevant uncited decisions, best first


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
    # a decision's mentions: (start in the source text, quoted span, IRI of what it names), by start
    spans: dict[str, list[tuple[int, str, str]]] = field(default_factory=dict)
    # an agreement section's promises: (number in the section, sentence, IRIs of the decisions acting on it)
    promises: dict[str, list[tuple[int, str, list[str]]]] = field(default_factory=dict)
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


def term_text(value: RdfNode | None) -> str:
    return " ".join(str(value).split()) if value is not None else ""


def short_label(text: str, limit: int = LABEL_CHARS) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


# Every predicate graph_data reads (tested): the page of a build is drawn from these triples alone, which
# quarters the triples parsed.
READ_PREDICATES: frozenset[URIRef] = frozenset({
    CITO.citesAsEvidence, DCTERMS.identifier, DCTERMS.isPartOf, DCTERMS.source, DCTERMS.subject, DCTERMS.title,
    DCTERMS.type, ELI.date_document, ELI.title, ELI.title_alternative, FOAF.name, KG.amountRole, KG.conclusion,
    KG.actsOn, KG.candidate, KG.evaluates, KG.evidence, KG.fundedBy, KG.policyDomain, KG.rank, KG.relevantUncited,
    KG.responsibleMandatee, KG.sectionNumber, KG.committedAmount, KG.confidence, KG.roleReason, KG.correctedBy,
    KG.titleOnly, KG.unsupportedTerm, MANDAAT.isBestuurlijkeAliasVan, OA.end, OA.exact, OA.hasBody, OA.hasSelector,
    OA.hasSource, OA.hasTarget, OA.start, PROV.value, PROV.wasDerivedFrom, RDF.type, RDFS.label,
    RDFS.seeAlso, SCHEMA.abstract, SCHEMA.alternateName, SCHEMA.amount, SCHEMA.fundedItem, SCHEMA.isPartOf,
    SCHEMA.itemReviewed, SCHEMA.jobTitle, SCHEMA.mentions, SCHEMA.minValue, SCHEMA.ratingValue, SCHEMA.recipient,
    SCHEMA.reviewBody, SCHEMA.reviewRating, SCHEMA.subjectOf, SCHEMA.text, SCHEMA.url, SCHEMA.validFrom,
    SCHEMA.validThrough, SCHEMA.value, SKOS.altLabel, SKOS.prefLabel,
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


def euro_full(value: Decimal) -> str:
    return f"€{value:,.2f}".removesuffix(".00")
