"""Reasoning in one streaming pass: close the small ontology once with owlrl, apply the rules it yields per triple.

owlrl over a whole instance graph is far too slow (tens of seconds for tens of thousands of triples), but
almost everything the ontology entails follows from one instance triple at a time. So ``close_ontology``
runs owlrl over a copy of the ontology plus one *probe* per term (``probe a C`` per class, ``probe-s p
probe-o`` per property) and reads off what owlrl derives about each probe; ``infer`` then applies those
rules to every triple in one linear pass. owlrl itself does all the composition (equivalence, sub-class and
sub-property chains, domain and range inherited along them, inverses of super-properties), so the rules
are exactly owlrl's consequences of a single triple.

Modes: ``rdfs`` is owlrl's RDFS semantics over the ontology with every ``owl:equivalentClass`` /
``owl:equivalentProperty`` read as two ``rdfs:subClassOf`` / ``rdfs:subPropertyOf`` (RDFS ignores OWL,
and without the equivalences the alignment would do nothing); ``owlrl`` is owlrl's OWL 2 RL semantics.

Kept (consequences of one triple, for terms outside the rdf:, rdfs:, owl: and xsd: vocabularies):

- ``x a C`` -> ``x a D`` for every superclass D (rdfs9, cax-sco, cax-eqc);
- ``x p y`` -> ``x q y`` for every super-property q (rdfs7, prp-spo1, prp-eqp);
- ``x p y`` -> ``y r x`` for every inverse r, with r's super-properties (prp-inv, prp-symp; owlrl mode);
- ``x p y`` -> ``x a D`` for the domains of p and of its super-properties, and their superclasses
  (rdfs2, prp-dom), and ``y a R`` likewise for the ranges (rdfs3, prp-rng), but only when y is not a
  literal: a range on a literal is a datatype, not a class membership. The ontology declares a domain or
  range on most of its properties and they are sound on kgbuild's data; dropping them would make the
  result differ from owlrl's for no gain, as the pass costs the same either way.

Dropped:

- everything that needs two instance triples: owl:sameAs smushing (eq-*), transitive properties,
  property chains, functional and inverse-functional properties, keys, owl:intersectionOf membership,
  someValuesFrom / allValuesFrom, max-cardinality;
- consequences of a class expression that add a triple other than a type, super-property or inverse
  (``x a C`` -> ``x p v`` from owl:hasValue); the ontology uses no class expressions;
- consistency checks (disjointness, owl:Nothing, datatype clashes): this is inference, not validation;
- reasoning about the rdf:, rdfs:, owl: and xsd: vocabularies themselves and the trivial types
  (``rdfs:Resource``, ``owl:Thing``, ``rdf:Property``, ``owl:Class``, datatypes), the reflexive
  ``x owl:sameAs x``, and triples about literals;
- literal equality: owlrl's RDFS copies every triple with a literal object to each literal of equal
  value (and rdflib counts ``false`` equal to ``0``, ``"x"`` to ``"x"@nl``); it is quadratic in the
  literals, two thirds of owlrl's RDFS time on a 23,000-triple sample of the corpus.
"""

from __future__ import annotations

import functools
import gc
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import cast

import owlrl
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, XSD
from rdflib.term import Node

from ..errors import UsageError
from ..files import shipped
from ..options import DEFAULT_MODE, REASONING_MODES

Triple = tuple[Node, Node, Node]
Rules = Mapping[URIRef, frozenset[URIRef]]

_BUILTIN = tuple(str(ns) for ns in (RDF, RDFS, OWL, XSD))
_PROBE = "urn:x-kgbuild:probe/"
_CLASS_DECLARATIONS = (OWL.Class, RDFS.Class)
_PROPERTY_DECLARATIONS = (
    RDF.Property,
    OWL.ObjectProperty,
    OWL.DatatypeProperty,
    OWL.AnnotationProperty,
    OWL.SymmetricProperty,
    OWL.AsymmetricProperty,
    OWL.TransitiveProperty,
    OWL.FunctionalProperty,
    OWL.InverseFunctionalProperty,
    OWL.ReflexiveProperty,
    OWL.IrreflexiveProperty,
)
_NO_RULES: frozenset[URIRef] = frozenset()


@dataclass(frozen=True)
class Entailments:
    """Per-term rules read off the closed ontology; each set excludes the term itself and builtin terms.

    ``domains[p]`` and ``ranges[p]`` are the classes ``x p y`` makes x and y members of, already closed
    under superclasses (and including what inverses and super-properties contribute).
    """

    mode: str
    superclasses: Rules
    superproperties: Rules
    inverses: Rules
    domains: Rules
    ranges: Rules


def check_mode(mode: str) -> str:
    """``mode`` if it is one of ``REASONING_MODES``, else a UsageError naming the valid ones."""
    if mode not in REASONING_MODES:
        raise UsageError(f"unknown reasoning mode {mode!r}: choose one of {', '.join(REASONING_MODES)}")
    return mode


def _builtin(term: Node) -> bool:
    # str(): rdflib's Identifier.startswith takes no tuple of prefixes.
    return not isinstance(term, URIRef) or str(term).startswith(_BUILTIN)


def _terms(ontology: Graph) -> tuple[list[URIRef], list[URIRef]]:
    """The classes and properties the ontology names, outside the builtin vocabularies, sorted."""
    classes: set[Node] = set()
    properties: set[Node] = set()
    for s, p, o in ontology:
        if (p == RDF.type and o in _CLASS_DECLARATIONS) or p in (RDFS.subClassOf, OWL.equivalentClass):
            classes.add(s)
        if p in (RDFS.subClassOf, OWL.equivalentClass, RDFS.domain, RDFS.range):
            classes.add(o)
        if (p == RDF.type and o in _PROPERTY_DECLARATIONS) or p in (RDFS.domain, RDFS.range):
            properties.add(s)
        if p in (RDFS.subPropertyOf, OWL.equivalentProperty, OWL.inverseOf):
            properties.update((s, o))
    return (
        sorted(cast(URIRef, c) for c in classes if not _builtin(c)),
        sorted(cast(URIRef, p) for p in properties if not _builtin(p)),
    )


def close_ontology(ontology: Graph, mode: str) -> Entailments:
    """Close a copy of ``ontology`` plus one probe per term with owlrl and read the per-triple rules off it."""
    if check_mode(mode) == "none":
        empty: Rules = MappingProxyType({})
        return Entailments(mode, empty, empty, empty, empty, empty)
    g = Graph()
    for t in ontology:
        g.add(t)
    if mode == "rdfs":
        # RDFS knows nothing of OWL; an equivalence is two subsumptions.
        for eq, sub in ((OWL.equivalentClass, RDFS.subClassOf), (OWL.equivalentProperty, RDFS.subPropertyOf)):
            for a, b in ontology.subject_objects(eq):
                g.add((a, sub, b))
                g.add((b, sub, a))
    classes, properties = _terms(ontology)
    class_probes = {c: URIRef(f"{_PROBE}class/{i}") for i, c in enumerate(classes)}
    property_probes = {
        p: (URIRef(f"{_PROBE}subject/{i}"), URIRef(f"{_PROBE}object/{i}")) for i, p in enumerate(properties)
    }
    for c, x in class_probes.items():
        g.add((x, RDF.type, c))
    for p, (x, y) in property_probes.items():
        g.add((x, p, y))
    semantics = owlrl.RDFS_Semantics if mode == "rdfs" else owlrl.OWLRL_Semantics
    owlrl.DeductiveClosure(semantics).expand(g)

    def types(x: URIRef, own: URIRef | None = None) -> frozenset[URIRef]:
        return frozenset(cast(URIRef, c) for c in g.objects(x, RDF.type) if c != own and not _builtin(c))

    superclasses = {c: types(x, c) for c, x in class_probes.items()}
    superproperties: dict[URIRef, frozenset[URIRef]] = {}
    inverses: dict[URIRef, frozenset[URIRef]] = {}
    domains: dict[URIRef, frozenset[URIRef]] = {}
    ranges: dict[URIRef, frozenset[URIRef]] = {}
    for p, (x, y) in property_probes.items():
        superproperties[p] = frozenset(cast(URIRef, q) for q in g.predicates(x, y) if q != p)
        inverses[p] = frozenset(cast(URIRef, r) for r in g.predicates(y, x))
        domains[p] = types(x)
        ranges[p] = types(y)

    def rules(table: dict[URIRef, frozenset[URIRef]]) -> Rules:
        return MappingProxyType({k: v for k, v in table.items() if v})

    return Entailments(
        mode, rules(superclasses), rules(superproperties), rules(inverses), rules(domains), rules(ranges)
    )


def packaged_ontology() -> Graph:
    """A fresh graph of the ontology shipped inside the package (identical to ``ontology/kgbuild.ttl``)."""
    text = shipped("ontology", "kgbuild.ttl").read_text(encoding="utf-8")
    return Graph().parse(data=text, format="turtle")


def entailments(mode: str = DEFAULT_MODE) -> Entailments:
    """The rules of the packaged ontology under ``mode``, computed once per process and mode."""
    return _entailments(check_mode(mode))


# Behind entailments() so that entailments() and entailments(DEFAULT_MODE) share one cache entry.
@functools.cache
def _entailments(mode: str) -> Entailments:
    return close_ontology(packaged_ontology(), mode)


def infer(triples: Iterable[Triple], ent: Entailments) -> Iterator[Triple]:
    """Each triple followed by what ``ent`` entails from it alone; a triple may come more than once."""
    # Keys are URIRefs; looking up any other node simply misses.
    superclasses = cast(Mapping[Node, frozenset[URIRef]], ent.superclasses)
    # One lookup per triple: the four rule sets of each predicate, fetched once.
    by_property: dict[Node, tuple[frozenset[URIRef], ...] | None] = {}
    rdf_type = RDF.type
    for s, p, o in triples:
        yield s, p, o
        if p == rdf_type:
            for c in superclasses.get(o, _NO_RULES):
                yield s, rdf_type, c
            continue
        try:
            rule = by_property[p]
        except KeyError:
            rule = by_property[p] = _property_rule(p, ent)
        if rule is None:
            continue
        supers, inverses, domains, ranges = rule
        for q in supers:
            yield s, q, o
        for c in domains:
            yield s, rdf_type, c
        if isinstance(o, Literal):
            continue
        for r in inverses:
            yield o, r, s
        for c in ranges:
            yield o, rdf_type, c


def _property_rule(p: Node, ent: Entailments) -> tuple[frozenset[URIRef], ...] | None:
    if not isinstance(p, URIRef):
        return None
    rule = tuple(table.get(p, _NO_RULES) for table in (ent.superproperties, ent.inverses, ent.domains, ent.ranges))
    return rule if any(rule) else None


def reason(graph: Graph, mode: str = DEFAULT_MODE) -> Graph:
    """A new graph, with ``graph``'s prefixes, holding ``graph`` and what ``mode`` entails from it.

    The rules come from the packaged ontology only: axioms inside ``graph`` are copied, not applied.
    Mode ``none`` returns ``graph`` itself.
    """
    if check_mode(mode) == "none":
        return graph
    ent = entailments(mode)
    out = Graph(bind_namespaces="none")
    for prefix, namespace in graph.namespaces():
        out.bind(prefix, namespace)
    # rdflib's bulk adds create many small objects; the collector only slows them down.
    enabled = gc.isenabled()
    gc.disable()
    try:
        add = out.add
        # Entailments repeat (a claim's types follow from each of its citations); a set drops the repeats
        # faster than the store would.
        for t in set(infer(graph, ent)):
            add(t)
    finally:
        if enabled:
            gc.enable()
    return out
