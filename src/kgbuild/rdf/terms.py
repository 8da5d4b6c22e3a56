"""rdflib terms to pyoxigraph terms and back, and reading an RDF file with pyoxigraph into rdflib.

rdflib holds the graphs kgbuild builds; pyoxigraph parses, writes and queries them faster. A plain
string is a literal without datatype in rdflib and an xsd:string in pyoxigraph: mapped both ways so
the two give equal graphs.
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Node

from ..errors import UsageError

OxTerm = ox.NamedNode | ox.BlankNode | ox.Literal


def to_ox(term: Node) -> OxTerm:
    """The pyoxigraph term for an rdflib term."""
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype is not None:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    return ox.BlankNode(str(term))


def from_ox(term: OxTerm | ox.Triple) -> URIRef | BNode | Literal:
    """The rdflib term for a pyoxigraph term: the same Python object rdflib's own parser would give."""
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        datatype = term.datatype.value
        return Literal(term.value) if datatype == str(XSD.string) else Literal(term.value, datatype=URIRef(datatype))
    raise UsageError(f"RDF-star triple terms are not supported: {term}")


def load_graph(path: Path) -> Graph:
    """The RDF file at ``path`` (Turtle unless the extension says otherwise), with its prefixes bound.

    pyoxigraph parses, rdflib holds the result: twice as fast as rdflib's Turtle parser on the corpus graph.
    Named graphs, if any, are merged.
    """
    path = Path(path)
    if not path.is_file():
        raise UsageError(f"{path}: {'a folder, not a file' if path.is_dir() else 'no such file'}")
    fmt = ox.RdfFormat.from_extension(path.suffix.lstrip(".")) or ox.RdfFormat.TURTLE
    graph = Graph(bind_namespaces="none")
    try:
        with path.open("rb") as f:
            parser = ox.parse(f, format=fmt)
            for quad in parser:
                graph.add((from_ox(quad.subject), from_ox(quad.predicate), from_ox(quad.object)))
    except (SyntaxError, ValueError, OSError) as exc:
        raise UsageError(f"{path}: cannot parse: {' '.join(str(exc).split())}") from exc
    for prefix, ns in parser.prefixes.items():
        graph.bind(prefix, ns, override=True)
    return graph
