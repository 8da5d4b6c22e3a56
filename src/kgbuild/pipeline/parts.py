"""One partition's triples: written as sorted, duplicate-free N-Triples with what they entail, and validated
against the SHACL shapes with the types of the nodes they point to outside the partition as context."""

from __future__ import annotations

import functools
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph
from rdflib.namespace import RDF
from rdflib.term import Node

from ..entities import Entity
from ..rdf.mapping import Triple, entity_triples, static_triples, theme_triples
from ..rdf.reason import entailments, infer
from ..rdf.terms import to_ox
from ..rdf.validate import Violation, load_shapes, read_predicates, validate
from .spill import write_bytes

AnyTriple = tuple[Node, Node, Node]


def write_part(path: Path, triples: Iterable[Triple], reasoning: str) -> tuple[set[AnyTriple], set[Node]]:
    """Write sorted, duplicate-free N-Triples of ``triples`` and what they entail.

    Returns the triples written and the subjects of the asserted ones (the nodes the partition describes).
    """
    asserted: set[AnyTriple] = set(triples)
    subjects: set[Node] = {s for s, _p, _o in asserted}
    every = set(infer(asserted, entailments(reasoning))) if reasoning != "none" else asserted
    ox_triples = [ox.Triple(to_ox(s), to_ox(p), to_ox(o)) for s, p, o in every]  # type: ignore[arg-type]
    data = ox.serialize(ox_triples, format=ox.RdfFormat.N_TRIPLES) or b""
    lines = sorted(set(data.splitlines()))
    write_bytes(path, b"".join(line + b"\n" for line in lines))
    return every, subjects


def validate_partition(triples: set[AnyTriple], subjects: set[Node], known: Mapping[Node, Iterable[Node]],
                       reasoning: str) -> tuple[list[Violation], int]:
    """The violations of the nodes a partition describes. The nodes it points to but does not describe
    get their types from ``known`` (and what the ontology entails of them), so that a link to them can be
    checked; their own shapes are checked where they are described."""
    graph = Graph(bind_namespaces="none")
    read = shape_predicates()
    for t in triples:
        if t[1] in read:
            graph.add(t)
    context: list[AnyTriple] = [(o, RDF.type, c) for o in set(graph.objects()) if o not in subjects
                                for c in known.get(o, ())]
    if reasoning != "none":
        context = list(infer(context, entailments(reasoning)))
    for t in context:
        graph.add(t)
    return list(validate(graph, focus=subjects).results), len(triples)


@functools.cache
def shape_predicates() -> frozenset[Node]:
    return read_predicates(load_shapes())


def static_types() -> dict[Node, set[Node]]:
    known: dict[Node, set[Node]] = defaultdict(set)
    for s, p, o in static_triples():
        if p == RDF.type:
            known[s].add(o)
    return known


def shared_part(entities: Iterable[Entity], themes: Iterable[str]) -> Iterator[Triple]:
    """The triples of no one partition: the nodes every graph has, the themes, the resolved entities."""
    yield from static_triples()
    yield from theme_triples(themes)
    for entity in entities:
        yield from entity_triples(entity)


def violation_key(v: Violation) -> tuple[str, str, str]:
    return str(v.focus_node), str(v.path), v.message
