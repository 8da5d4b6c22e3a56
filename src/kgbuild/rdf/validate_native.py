"""kgbuild's SHACL shapes checked without an rdflib graph: the core shapes by rudof's native engine (Rust,
``pyrudof``) over N-Triples, the SPARQL-based constraint by pyoxigraph.

The build validates every partition this way (issue 27: an rdflib graph per partition and pySHACL were a third
of the map round). ``validate.validate`` (pySHACL) stays the reference, and `kgbuild validate` uses it; the tests
compare the two on the seed with every kind of breakage and on a corpus partition: the same focus nodes, paths,
values, messages, severities and shapes.
"""

from __future__ import annotations

import functools
import re
from collections import defaultdict
from collections.abc import Iterable
from collections.abc import Set as AbstractSet

import pyoxigraph as ox
from rdflib import Literal, URIRef
from rdflib.namespace import SH
from rdflib.term import Node

from .terms import from_ox, to_ox
from .validate import SparqlConstraint, Violation, flatten_shapes, load_shapes, split_sparql

AnyTriple = tuple[Node, Node, Node]

# how rudof writes a literal value: "-5"^^xsd:decimal, "tekst"@nl, "x"; an integer bare
_QUOTED = re.compile(r'"((?:[^"\\]|\\.)*)"')


@functools.cache
def _shapes() -> tuple[str, tuple[SparqlConstraint, ...], dict[str, str]]:
    """The core shapes as Turtle, the SPARQL constraints as whole-graph queries, and each named shape's
    message (the one pySHACL reports: English first)."""
    core, queries = split_sparql(flatten_shapes(load_shapes()))
    messages: dict[str, str] = {}
    for shape in {s for s in core.subjects(SH.message, None) if isinstance(s, URIRef)}:
        found = sorted(core.objects(shape, SH.message),
                       key=lambda m: (getattr(m, "language", None) not in (None, "en"), str(m)))
        messages[str(shape)] = str(found[0])
    return core.serialize(format="turtle"), tuple(queries), messages


def native_available() -> bool:
    try:
        import pyrudof  # noqa: F401
    except ImportError:  # pragma: no cover - a dependency; kept as a fallback to pySHACL
        return False
    return True


def validate_triples(triples: Iterable[AnyTriple], focus: AbstractSet[Node]) -> list[Violation]:
    """The violations of the ``focus`` nodes (IRIs) in ``triples``, in no particular order."""
    import pyrudof

    shapes, queries, messages = _shapes()
    every = list(triples)
    if not every:  # rudof refuses an empty input; nothing to check
        return []
    ox_triples = [ox.Triple(to_ox(s), to_ox(p), to_ox(o)) for s, p, o in every]  # type: ignore[arg-type]
    data = ox.serialize(ox_triples, format=ox.RdfFormat.N_TRIPLES) or b""
    rudof = pyrudof.Rudof(pyrudof.RudofConfig())
    rudof.read_data(data.decode("utf-8"), pyrudof.RDFFormat.NTriples)
    rudof.read_shacl(shapes, pyrudof.ShaclFormat.Turtle)
    wanted = {str(n) for n in focus if isinstance(n, URIRef)}
    results = [r for r in rudof.validate_shacl() if str(r.focus_node) in wanted]
    found: list[Violation] = []
    if results:
        objects: dict[tuple[str, str], list[Node]] = defaultdict(list)
        for s, p, o in every:
            objects[(str(s), str(p))].append(o)
        for r in results:
            node, path = URIRef(str(r.focus_node)), str(r.path) if r.path else None
            shape = str(r.source_shape) if r.source_shape else None
            found.append(Violation(
                focus_node=node, path=URIRef(path) if path else None,
                value=_value(r.value, objects.get((str(node), path), []) if path else [node]),
                message=messages.get(shape or "", _unquoted(str(r.message or ""))),
                severity=str(r.severity).rsplit("#", 1)[-1] or "Violation",
                shape=URIRef(shape) if shape and not shape.startswith("_:") else None))
    if queries:
        store = ox.Store()
        store.bulk_extend(ox.Quad(t.subject, t.predicate, t.object) for t in ox_triples)
        for q in queries:
            for row in store.query(q.query):  # type: ignore[union-attr]
                this, value = row[0], row[1]
                if isinstance(this, ox.NamedNode) and this.value in wanted:
                    found.append(Violation(from_ox(this), None, None if value is None else from_ox(value),
                                           q.message, q.severity, q.shape))
    return found


def _unquoted(message: str) -> str:
    return message[1:-1] if len(message) >= 2 and message[0] == message[-1] == '"' else message


def _value(written: object, candidates: list[Node]) -> Node | None:
    """The data's own term for the value rudof reports as text ("-5"^^xsd:decimal, an IRI, 1000000000)."""
    if written is None:
        return None
    text = str(written)
    m = _QUOTED.match(text)
    lexical = m.group(1) if m else text.strip("<>")
    for c in candidates:
        if str(c) == lexical:
            return c
    return Literal(lexical) if m or not candidates else candidates[0]
