"""Read a graph built by kgbuild (reasoned or not) into the nodes and edges of ``data`` (``graph_data``), with
the money each node carries."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from decimal import Decimal

from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS, FOAF, PROV, RDF, RDFS, SKOS
from rdflib.term import Node as RdfNode

from ..rdf.namespaces import CITO, ELI, KG, MANDAAT, OA, SCHEMA
from .data import (
    CLASS_TYPES,
    ENTITY_TYPES,
    EXCERPT_CHARS,
    READ_PREDICATES,
    ROLE_NAMES,
    Triples,
    VizData,
    VizEdge,
    VizNode,
    euro,
    euro_full,
    short_label,
    term_text,
)
from .money import add_totals


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
        return term_text(self.one(s, p))


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
    quotes, spans = _mention_quotes(graph, ix)
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
    data.spans = {d: sorted(found) for d, found in sorted(spans.items()) if d in nodes}
    data.promises = _promises(graph, ix, nodes)
    add_totals(data, grant_values)
    return data


def _promises(graph: Triples, ix: _Index, nodes: dict[str, VizNode]) -> dict[str, list[tuple[int, str, list[str]]]]:
    """Each agreement section's promises, in order, with the decisions (of this view) that act on each."""
    acting: dict[str, list[str]] = defaultdict(list)
    for decision, promise in graph.subject_objects(KG.actsOn):
        if str(decision) in nodes:
            acting[str(promise)].append(str(decision))
    out: dict[str, list[tuple[int, str, list[str]]]] = defaultdict(list)
    for promise in graph.subjects(RDF.type, KG.Promise):
        section = ix.one(promise, SCHEMA.isPartOf)
        number = str(promise).rsplit("/", 1)[-1]
        if section is None or str(section) not in nodes or not number.isdigit():
            continue
        out[str(section)].append((int(number), ix.text(promise, SCHEMA.text), sorted(acting.get(str(promise), ()))))
    return {k: sorted(v) for k, v in sorted(out.items())}


def _mention_quotes(graph: Triples, ix: _Index) -> tuple[dict[tuple[str, str], str],
                                                          dict[str, set[tuple[int, str, str]]]]:
    """The first quoted span of each (decision, entity or grant) pair, and every span of each decision, from
    the Web Annotations."""
    found: dict[tuple[str, str], tuple[int, str]] = {}
    spans: dict[str, set[tuple[int, str, str]]] = defaultdict(set)
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
            spans[str(source)].add((start, quote, str(body)))
            if key not in found or (start, quote) < found[key]:
                found[key] = (start, quote)
    return {k: v[1] for k, v in found.items()}, spans


def _links(ix: _Index, s: RdfNode) -> list[tuple[str, str]]:
    links = [("Published decision (search)", str(u)) for u in ix.all(s, RDFS.seeAlso)]
    links += [("News item (Themis)", str(u)) for u in ix.all(s, SCHEMA.subjectOf)]
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
    node.text = str(ix.one(s, PROV.value) or "")
    node.quote = short_label(" ".join(node.text.split()), EXCERPT_CHARS)
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
    # a report without a title is named by its folder, the section it evaluates: "1_—_Energie_en_klimaat__-_1.3_
    # Industrie" reads "1 — Energie en klimaat - 1.3 Industrie"
    node.label = ix.text(s, DCTERMS.title) or " ".join(ident.replace("_", " ").split())
    node.details = [("Identifier", ident), ("Conclusion", short_label(ix.text(s, KG.conclusion), EXCERPT_CHARS))]
    node.quote = short_label(ix.text(s, SCHEMA.abstract), EXCERPT_CHARS)
    node.names = [ident]
    for section in ix.all(s, KG.evaluates):
        edges.append(VizEdge(str(s), str(section), "evaluates"))
    ranked = sorted(ix.all(s, KG.relevantUncited), key=lambda r: (int(ix.text(r, KG.rank) or 0), str(r)))
    node.uncited = [str(c) for r in ranked if (c := ix.one(r, KG.candidate)) is not None]


def _claim(ix: _Index, s: RdfNode, node: VizNode, edges: list[VizEdge]) -> None:
    text = ix.text(s, SCHEMA.text)
    node.label, node.quote = text, text
    node.rating = "not rated"
    for review in sorted(ix.graph.subjects(SCHEMA.itemReviewed, s), key=str):
        rating = ix.one(review, SCHEMA.reviewRating)
        if rating is not None:
            node.rating = ix.text(rating, SCHEMA.alternateName) or "not rated"
            node.details.append(("Support", f"{node.rating} (score {ix.text(rating, SCHEMA.ratingValue)})"))
        terms = [term_text(t) for t in ix.all(review, KG.unsupportedTerm)]
        if terms:
            node.details.append(("Terms no cited decision contains", ", ".join(terms)))
        body = ix.text(review, SCHEMA.reviewBody)
        if body:
            node.details.append(("Why", body))
        node.details.extend(_evidence(ix, review, node))
    for span in ix.all(s, PROV.wasDerivedFrom):
        for sel in ix.all(span, OA.hasSelector):
            if ix.one(sel, OA.start) is not None:
                node.details.append(("Span in the report file", f"characters {ix.text(sel, OA.start)}–"
                                     f"{ix.text(sel, OA.end)}"))
    for report in ix.all(s, SCHEMA.isPartOf):
        edges.append(VizEdge(str(report), str(s), "has claim"))
    _edges_from(ix, s, edges, ((CITO.citesAsEvidence, "cites"), (DCTERMS.subject, "theme")))


def _evidence(ix: _Index, review: RdfNode, node: VizNode) -> list[tuple[str, str]]:
    """The evidence sentences of a review, best first: the sentence, and the title and date of its decision (its
    id when the decision lies in a partition the page did not read); each also goes to ``node.evidence``."""
    ranked = sorted(ix.all(review, KG.evidence), key=lambda e: (int(ix.text(e, KG.rank) or 0), str(e)))
    out: list[tuple[str, str]] = []
    for n, e in enumerate(ranked, start=1):
        source = ix.one(e, OA.hasSource)
        quote = next((q for sel in ix.all(e, OA.hasSelector) if (q := ix.text(sel, OA.exact))), "")
        if source is None or not quote:
            continue
        node.evidence.append((str(source), quote))
        title = ix.text(source, ELI.title) or str(source).rsplit("/", 1)[-1]
        date = ix.text(source, ELI.date_document)
        out.append((f"Evidence {n}",
                    f"“{short_label(quote, EXCERPT_CHARS)}” — {title}" + (f" ({date})" if date else "")))
    return out


def _edges_from(ix: _Index, s: RdfNode, edges: list[VizEdge], kinds: Iterable[tuple[URIRef, str]]) -> None:
    """An edge of each kind from ``s`` to every object of its predicate."""
    for predicate, kind in kinds:
        edges.extend(VizEdge(str(s), str(o), kind) for o in ix.all(s, predicate))


def _grant(ix: _Index, s: RdfNode, node: VizNode, edges: list[VizEdge], quotes: dict[tuple[str, str], str]) -> None:
    amount = ix.one(s, SCHEMA.amount)
    value = ix.one(amount, SCHEMA.value) if amount is not None else None
    if isinstance(value, Literal):
        node.money = Decimal(str(value))
    kind = ix.one(s, DCTERMS.type)
    kind_label = ix.text(kind, SKOS.prefLabel) if kind is not None else ""
    role = ix.one(s, KG.amountRole)
    node.role = str(role).rsplit("/", 1)[-1] if role is not None else None
    committed = ix.one(s, KG.committedAmount)
    node.committed = Decimal(str(committed)) if isinstance(committed, Literal) else None
    node.confidence = ix.text(s, KG.confidence)
    node.reason = ix.text(s, KG.roleReason)
    node.corrected = ix.one(s, KG.correctedBy) is not None
    node.label = euro(node.money) if node.money is not None else "grant"
    if amount is not None:
        low = ix.one(amount, SCHEMA.minValue)
        shown = euro_full(node.money) if node.money is not None else ""
        if isinstance(low, Literal):
            shown = f"{euro_full(Decimal(str(low)))} to {shown}"
        period = " to ".join(x for x in (ix.text(amount, SCHEMA.validFrom), ix.text(amount, SCHEMA.validThrough)) if x)
        node.details = [("Amount", shown), ("Role", ROLE_NAMES.get(node.role or "", node.role or "")),
                        ("Why", node.reason), ("Confidence", node.confidence),
                        ("Committed here", euro_full(node.committed) if node.committed is not None else ""),
                        ("Corrected by a reader", "yes" if node.corrected else ""), ("Kind", kind_label),
                        ("Period", period)]
    for d in ix.all(s, DCTERMS.source):
        node.quote = quotes.get((str(d), str(s)), "")
        edges.append(VizEdge(str(d), str(s), "grant", label=node.label))
    _edges_from(ix, s, edges, ((SCHEMA.recipient, "recipient"), (SCHEMA.fundedItem, "funds"),
                               (KG.fundedBy, "funded by"), (DCTERMS.isPartOf, "part of")))


def _entity(ix: _Index, s: RdfNode, node: VizNode, edges: list[VizEdge], types: dict[RdfNode, str]) -> None:
    node.label = ix.text(s, SKOS.prefLabel) or str(s).rsplit("/", 1)[-1]
    alt = [term_text(a) for a in ix.all(s, SKOS.altLabel)]
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
    node.text = str(ix.one(s, PROV.value) or "")
    node.quote = short_label(" ".join(node.text.split()), EXCERPT_CHARS)
    for parent in ix.all(s, DCTERMS.isPartOf):
        if types.get(parent) == "section":
            edges.append(VizEdge(str(s), str(parent), "part of"))
