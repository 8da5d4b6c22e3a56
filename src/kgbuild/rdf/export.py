"""The graph in other RDF formats: N-Triples, N-Quads and TriG (one named graph per source document), JSON-LD.

Every writer is deterministic: the same triples give the same bytes, whatever order the graph holds them in.

**Named graphs** (N-Quads, TriG). Each triple goes to the named graph of the source document its *subject*
was read from, so that one document's facts can be replaced in a store without touching the rest:

- a node derived from source documents (``prov:wasDerivedFrom`` a ``kg:SourceDocument``: a decision, a report,
  an agreement section) belongs to the graph of its ``kg:textSource`` when it has one (a decision's text
  file), else of the source with the smallest ``kg:sourcePath`` (then IRI);
- a node whose IRI extends such a node's IRI by ``/...`` belongs where that node does: a report's claims,
  their spans, selectors and reviews; a decision's grants, amounts and annotations;
- a source document's own description (``kg:SourceDocument``, path, hash, format) belongs to its own graph;
- everything else is shared by several documents and goes to ``…/graaf/gedeeld``: organisations,
  programmes, persons and offices, meetings, concepts and schemes, the Flemish Government, the coalition
  agreement and its chapters (and a section no agreement file describes).

A document's graph is ``https://w3id.org/kgbuild/id/graaf/<h>`` where ``bron/<h>`` is the source document
(the first 20 hex digits of the file's SHA-256). The default graph is left empty, and the union of the
named graphs is exactly the graph. The assignment follows the subject only: a decision cited by a report
but with its own text file keeps its facts in the text file's graph, even those the report added.

Why ~400 lines: every writer of the graph (streamed Turtle and N-Triples, named graphs, JSON-LD) and the
k-way merge of the parts they are written from.
"""

from __future__ import annotations

import contextlib
import hashlib
import heapq
import io
import json
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path
from typing import BinaryIO

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import PROV, RDF, XSD
from rdflib.term import Node

from ..errors import UsageError
from ..options import FORMATS, Format
from ..outputs import atomic_write
from .namespaces import ID, KG, PREFIXES, Curies
from .terms import from_ox, load_graph, to_ox

Quad = tuple[Node, Node, Node, URIRef]

GRAPH_BASE = str(ID) + "graaf/"
SHARED_GRAPH = URIRef(GRAPH_BASE + "gedeeld")
_SOURCE_BASE = str(ID) + "bron/"
_RDF_TYPE = str(RDF.type)


def get_format(name: str) -> Format:
    """The format called ``name``; UsageError for an unknown one."""
    try:
        return FORMATS[name]
    except KeyError:
        raise UsageError(f"unknown format {name!r}; use one of {', '.join(FORMATS)}") from None


def serialize(graph: Graph, fmt: str) -> bytes:
    """``graph`` written in the format called ``fmt`` (see FORMATS)."""
    name = get_format(fmt).name
    if name == "ttl":
        return to_turtle(graph)
    if name == "nt":
        return to_ntriples(graph)
    if name == "nq":
        return to_nquads(graph)
    if name == "trig":
        return to_trig(graph)
    return to_jsonld(graph)


def export_graph(graph: Path, fmt: str | None = None) -> bytes:
    """The RDF file ``graph`` written in the format called ``fmt`` (default ttl)."""
    return serialize(load_graph(graph), fmt or "ttl")


def export_file(graph: Path, out: Path, fmt: str | None = None) -> tuple[str, int]:
    """Write the RDF file ``graph`` to ``out`` in ``fmt`` (default: told by ``out``'s extension, else ttl);
    the format used and the bytes written."""
    if fmt is None:
        by_extension = {f.extension: f.name for f in FORMATS.values()}
        fmt = by_extension.get(out.suffix.lstrip(".").lower(), "ttl")
    data = export_graph(graph, fmt)
    atomic_write(out, data)
    return fmt, len(data)


# ---------------------------------------------------------------------------------------------------------------
# N-Triples


def _sorted_lines(data: bytes) -> bytes:
    # Canonical N-Triples / N-Quads hold one statement per line (line breaks in literals are escaped), so
    # sorting the lines as bytes sorts the statements: the order `LC_ALL=C sort` gives.
    lines = sorted(set(data.split(b"\n")) - {b""})
    return b"\n".join(lines) + b"\n" if lines else b""


def merged_lines(parts: Iterable[Path]) -> Iterator[bytes]:
    """The lines of sorted N-Triples files as one sorted stream without duplicates (a k-way merge): one
    line of each file in memory at a time, whatever the size of the graph."""
    with contextlib.ExitStack() as stack:
        files = [stack.enter_context(Path(p).open("rb")) for p in parts]
        last = b""
        for line in heapq.merge(*files):
            if line != last:
                yield line
                last = line


_CHUNK_LINES = 20_000


def parsed(lines: Iterable[bytes]) -> Iterator[ox.Triple]:
    """pyoxigraph triples of N-Triples lines, parsed a chunk at a time."""
    chunk: list[bytes] = []
    for line in lines:
        chunk.append(line)
        if len(chunk) >= _CHUNK_LINES:
            yield from ox.parse(b"".join(chunk), format=ox.RdfFormat.N_TRIPLES)
            chunk = []
    if chunk:
        yield from ox.parse(b"".join(chunk), format=ox.RdfFormat.N_TRIPLES)


def load_lines(lines: Iterable[bytes], graph: Graph) -> Graph:
    """``graph`` with the triples of N-Triples ``lines`` added (pyoxigraph parses: rdflib's parser is ~8x slower)."""
    for t in parsed(lines):
        graph.add((from_ox(t.subject), from_ox(t.predicate), from_ox(t.object)))
    return graph


def turtle_prefixes() -> dict[str, str]:
    """kgbuild's prefixes without ``id:``: kgbuild's own IRIs hold slashes, which a prefixed name could only
    write escaped, so they are kept whole."""
    return {k: v for k, v in sorted({**PREFIXES, "rdf": str(RDF)}.items()) if v != str(ID)}


class _TurtleLayout:
    """A file-like sink for pyoxigraph's Turtle writer: our own prefix header in a fixed order, and a blank
    line before each subject, for readers and diffs."""

    def __init__(self, out: BinaryIO, prefixes: Mapping[str, str]) -> None:
        self.out = out
        self.pending = b""
        out.write(b"".join(f"@prefix {k}: <{v}> .\n".encode() for k, v in sorted(prefixes.items())))

    def write(self, data: bytes) -> int:
        lines = (self.pending + bytes(data)).split(b"\n")
        self.pending = lines.pop()
        for line in lines:
            if not line or line.startswith(b"@prefix "):
                continue
            self.out.write(line + b"\n" if line.startswith(b"\t") else b"\n" + line + b"\n")
        return len(data)

    def flush(self) -> None:
        pass

    def close(self) -> None:
        if self.pending:
            self.write(b"\n")


def write_turtle(lines: Iterable[bytes], out: BinaryIO, prefixes: Mapping[str, str] | None = None) -> None:
    """Turtle of sorted N-Triples ``lines``, streamed into ``out``: its bytes depend only on the triples.

    pyoxigraph writes it (rdflib's Turtle writer spends quadratic time trying to abbreviate the many IRIs
    that cannot be prefixed names: 57 s for 205k triples, against 2 s here); sorted lines keep each
    subject's triples together, so it groups them.
    """
    prefixes = turtle_prefixes() if prefixes is None else prefixes
    sink = _TurtleLayout(out, prefixes)
    ox.serialize(parsed(lines), sink, format=ox.RdfFormat.TURTLE, prefixes=dict(prefixes))  # type: ignore[arg-type]
    sink.close()


def to_turtle(graph: Graph) -> bytes:
    """``graph`` as sorted Turtle (see ``write_turtle``), with kgbuild's prefixes and those of its own it uses."""
    prefixes = {**turtle_prefixes(), **bound_prefixes(graph)}
    buffer = io.BytesIO()
    write_turtle(to_ntriples(graph).splitlines(keepends=True), buffer, prefixes)
    return buffer.getvalue()


def to_ntriples(graph: Graph) -> bytes:
    """Canonical N-Triples with the lines sorted (by code point)."""
    triples = [ox.Triple(to_ox(s), to_ox(p), to_ox(o)) for s, p, o in graph]  # type: ignore[arg-type]
    data = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES)
    assert data is not None
    return _sorted_lines(data)


# ---------------------------------------------------------------------------------------------------------------
# Named graphs


def source_graph(source: Node) -> URIRef:
    """The named graph of the source document ``source`` (``…/bron/<h>`` -> ``…/graaf/<h>``)."""
    text = str(source)
    if text.startswith(_SOURCE_BASE):
        return URIRef(GRAPH_BASE + text[len(_SOURCE_BASE):])
    # a source document kgbuild did not name: still one graph of its own, named after the whole IRI
    return URIRef(GRAPH_BASE + hashlib.sha256(text.encode()).hexdigest()[:20])


def graph_owners(graph: Graph) -> dict[str, URIRef]:
    """The nodes that own a named graph (IRI -> graph): source documents and what was derived from them."""
    sources = set(graph.subjects(RDF.type, KG.SourceDocument))
    owners: dict[str, URIRef] = {str(s): source_graph(s) for s in sources}
    derived: dict[Node, list[Node]] = {}
    for s, o in graph.subject_objects(PROV.wasDerivedFrom):
        if o in sources:
            derived.setdefault(s, []).append(o)
    text_source = {s: o for s, o in graph.subject_objects(KG.textSource) if o in sources}
    for node in sorted(set(derived) | set(text_source), key=str):
        if node in text_source:
            chosen = text_source[node]
        else:
            chosen = min(derived[node], key=lambda o: (str(graph.value(o, KG.sourcePath) or ""), str(o)))
        owners.setdefault(str(node), source_graph(chosen))
    return owners


def graph_of(subject: Node, owners: Mapping[str, URIRef], cache: dict[str, URIRef] | None = None) -> URIRef:
    """The named graph of the triples about ``subject``: its own, or that of the nearest owning IRI above it."""
    key = str(subject)
    if cache is not None and key in cache:
        return cache[key]
    found = SHARED_GRAPH
    if isinstance(subject, URIRef):
        prefix = key
        while prefix.startswith(str(ID)):
            if prefix in owners:
                found = owners[prefix]
                break
            prefix = prefix.rpartition("/")[0]
    if cache is not None:
        cache[key] = found
    return found


def _term_key(term: Node) -> tuple[str, str]:
    return str(term), term.n3() if isinstance(term, Literal) else ""


def _assign(graph: Graph, owners: Mapping[str, URIRef]) -> list[tuple[Node, Node, Node, str]]:
    # the graph as a str: hashing rdflib terms is slow, and this runs once per triple
    cache: dict[str, URIRef] = {}
    return [(s, p, o, str(graph_of(s, owners, cache))) for s, p, o in graph]


def to_quads(graph: Graph) -> list[Quad]:
    """Every triple of ``graph`` with its named graph (see the module docstring), sorted by graph, s, p, o."""
    quads = sorted(_assign(graph, graph_owners(graph)),
                   key=lambda q: (q[3], *_term_key(q[0]), str(q[1]), *_term_key(q[2])))
    return [(s, p, o, URIRef(g)) for s, p, o, g in quads]


def _nquad_lines(graph: Graph) -> list[bytes]:
    owners = graph_owners(graph)
    graphs = {str(g): ox.NamedNode(g) for g in {*owners.values(), SHARED_GRAPH}}
    quads = [ox.Quad(to_ox(s), to_ox(p), to_ox(o), graphs[g])  # type: ignore[arg-type]
             for s, p, o, g in _assign(graph, owners)]
    data = ox.serialize(quads, format=ox.RdfFormat.N_QUADS)
    assert data is not None
    return [line for line in data.split(b"\n") if line]


def to_nquads(graph: Graph) -> bytes:
    """N-Quads, every triple in its document's named graph, the lines sorted (by code point)."""
    return _sorted_lines(b"\n".join(_nquad_lines(graph)))


def _graph_then_line(line: bytes) -> tuple[bytes, bytes]:
    # a line ends in " <graph> .", and an IRI holds no space
    return line.rsplit(b" ", 2)[1], line


def bound_prefixes(graph: Graph) -> dict[str, str]:
    """The prefixes ``graph`` binds beyond kgbuild's, for the namespaces its IRIs use: a library binding one
    while reading the graph (pySHACL binds sh:) must not change what a writer puts out."""
    own = {**PREFIXES, "rdf": str(RDF)}
    extra = {str(k): str(v) for k, v in graph.namespaces() if k and str(k) not in own}
    if not extra:
        return {}
    used: set[str] = set()
    for triple in graph:
        for term in triple:
            if isinstance(term, URIRef):
                used.update(k for k, v in extra.items() if str(term).startswith(v))
    return {k: v for k, v in extra.items() if k in used}


def _prefixes(graph: Graph) -> dict[str, str]:
    # as in to_turtle: kgbuild's own IRIs hold slashes, which a prefixed name could only write escaped
    return {k: v for k, v in sorted({**PREFIXES, "rdf": str(RDF), **bound_prefixes(graph)}.items()) if v != str(ID)}


def to_trig(graph: Graph) -> bytes:
    """TriG: kgbuild's prefixes, then one block per named graph in IRI order, its triples in N-Triples order."""
    prefixes = _prefixes(graph)
    # sorted as N-Quads lines, graph first (cheaper than sorting rdflib terms), read back in that order
    lines = sorted(set(_nquad_lines(graph)), key=_graph_then_line)
    quads = ox.parse(b"\n".join(lines), format=ox.RdfFormat.N_QUADS)
    data = ox.serialize(quads, format=ox.RdfFormat.TRIG, prefixes=prefixes)
    assert data is not None
    header = [f"@prefix {k}: <{v}> .".encode() for k, v in prefixes.items()]
    body = [line for line in data.split(b"\n") if line and not line.startswith(b"@prefix ")]
    out = header
    for line in body:
        if not line.startswith((b"\t", b"}")):  # a graph opens: a blank line before it, for readers and diffs
            out.append(b"")
        out.append(line)
    return b"\n".join(out) + b"\n"


# ---------------------------------------------------------------------------------------------------------------
# JSON-LD


def jsonld_context(graph: Graph | None = None) -> dict[str, str]:
    """The ``@context``: kgbuild's prefixes (and ``rdf``), and those others ``graph`` binds and uses, sorted.

    Every namespace ends in ``/`` or ``#``, so JSON-LD 1.1 takes each term as a prefix for compact IRIs.
    """
    bound = bound_prefixes(graph) if graph is not None else {}
    return dict(sorted({**bound, **PREFIXES, "rdf": str(RDF)}.items()))


def _compactor(context: Mapping[str, str]) -> Callable[[str], str]:
    curies = Curies(context)
    return lambda iri: curies(iri) or iri


def _node_id(term: Node, compact: Callable[[str], str]) -> str:
    return f"_:{term}" if isinstance(term, BNode) else compact(str(term))


def _jsonld_value(term: Node, compact: Callable[[str], str]) -> object:
    if not isinstance(term, Literal):
        return {"@id": _node_id(term, compact)}
    if term.language:
        return {"@value": str(term), "@language": term.language}
    if term.datatype is not None and term.datatype != XSD.string:
        # the lexical form, not a JSON number: "1.50"^^xsd:decimal must come back as written
        return {"@value": str(term), "@type": compact(str(term.datatype))}
    return str(term)


def to_jsonld(graph: Graph) -> bytes:
    """JSON-LD: an ``@context`` of the prefixes and an ``@graph`` of one node object per subject, one per line.

    Subjects, properties and values are sorted; literals keep their lexical form, language and datatype,
    so any JSON-LD processor reads back exactly the graph.
    """
    context = jsonld_context(graph)
    compact = _compactor(context)
    nodes: dict[Node, dict[str, list[Node]]] = {}
    for s, p, o in graph:
        nodes.setdefault(s, {}).setdefault(str(p), []).append(o)
    lines: list[str] = []
    for s in sorted(nodes, key=_term_key):
        node: dict[str, object] = {"@id": _node_id(s, compact)}
        properties = nodes[s]
        types = properties.pop(_RDF_TYPE, [])
        if any(not isinstance(t, Literal) for t in types):
            names = [_node_id(t, compact) for t in sorted(types, key=_term_key) if not isinstance(t, Literal)]
            node["@type"] = names[0] if len(names) == 1 else names
            literal_types: list[Node] = [t for t in types if isinstance(t, Literal)]
            if literal_types:  # @type takes IRIs only: a literal type stays an rdf:type property
                properties[_RDF_TYPE] = literal_types
        elif types:
            properties[_RDF_TYPE] = types
        for prop in sorted(properties):
            values = [_jsonld_value(o, compact) for o in sorted(properties[prop], key=_term_key)]
            node[compact(prop)] = values[0] if len(values) == 1 else values
        lines.append(json.dumps(node, ensure_ascii=False))
    context_text = json.dumps(context, ensure_ascii=False, indent=2).replace("\n", "\n  ")
    body = ",\n    ".join(lines)
    return (f'{{\n  "@context": {context_text},\n  "@graph": [\n    {body}\n  ]\n}}\n' if lines
            else f'{{\n  "@context": {context_text},\n  "@graph": []\n}}\n').encode("utf-8")
