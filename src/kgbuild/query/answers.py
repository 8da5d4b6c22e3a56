"""What a SPARQL endpoint answers for one query: the media type the client accepts, and the store's answer
serialised in it, or a one-line error with its status. Run by ``serve``'s worker processes."""

from __future__ import annotations

from collections.abc import Sequence

import pyoxigraph as ox

RESULT_TYPES: dict[str, ox.QueryResultsFormat] = {
    "application/sparql-results+json": ox.QueryResultsFormat.JSON,
    "application/json": ox.QueryResultsFormat.JSON,
    "application/sparql-results+xml": ox.QueryResultsFormat.XML,
    "application/xml": ox.QueryResultsFormat.XML,
    "text/csv": ox.QueryResultsFormat.CSV,
    "text/tab-separated-values": ox.QueryResultsFormat.TSV,
}
GRAPH_TYPES: dict[str, ox.RdfFormat] = {
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "text/plain": ox.RdfFormat.N_TRIPLES,
    "application/ld+json": ox.RdfFormat.JSON_LD,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
}

Answer = tuple[int, str, bytes]  # status, media type, body


def negotiate(accept: str, offered: Sequence[str]) -> str | None:
    """The media type of ``offered`` the Accept header ``accept`` likes best (the first offered on ties or none)."""
    if not accept.strip():
        return offered[0]
    best: tuple[float, int, int] | None = None
    chosen: str | None = None
    for order, item in enumerate(accept.split(",")):
        media, *params = (part.strip() for part in item.split(";"))
        media = media.lower()
        q = 1.0
        for param in params:
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        if q <= 0:
            continue
        for rank, candidate in enumerate(offered):
            family = candidate.split("/")[0]
            if media in (candidate, "*/*", f"{family}/*"):
                specific = 0 if media == candidate else 1
                key = (-q, specific, rank if specific else order)
                if best is None or key < best:
                    best, chosen = key, candidate
                break
    return chosen


def one_line(status: int, message: str) -> Answer:
    """A plain-text answer of one line: how every error and refusal is told."""
    return status, "text/plain; charset=utf-8", (" ".join(message.split()) + "\n").encode("utf-8")


BUSY = one_line(503, "busy: every worker is answering a query; try again in a moment")


def answer(store: ox.Store, query: str, default: Sequence[str], named: Sequence[str], accept: str) -> Answer:
    """Run ``query`` on ``store`` and serialise it as ``accept`` asks: what a worker does for one request."""
    try:
        default_graphs: list[ox.NamedNode | ox.BlankNode | ox.DefaultGraph] = [ox.NamedNode(i) for i in default]
        named_graphs: list[ox.NamedNode | ox.BlankNode] = [ox.NamedNode(i) for i in named]
    except ValueError as exc:
        return one_line(400, f"not a valid graph IRI: {exc}")
    try:
        result = store.query(query, default_graph=default_graphs or None, named_graphs=named_graphs or None)
    except SyntaxError as exc:
        return one_line(400, f"syntax error: {exc}")
    except (OSError, ValueError, RuntimeError) as exc:
        return one_line(500, f"the query failed: {exc}")
    graph = isinstance(result, ox.QueryTriples)
    offered = list(GRAPH_TYPES if graph else RESULT_TYPES)
    media = negotiate(accept, offered)
    if media is None:
        forms = "CONSTRUCT and DESCRIBE" if graph else "SELECT and ASK"
        return one_line(406, f"{forms} answer in {', '.join(offered)}")
    try:  # solutions are computed as they are written: evaluation errors surface here
        if isinstance(result, ox.QueryTriples):
            data = result.serialize(format=GRAPH_TYPES[media])
        else:
            data = result.serialize(format=RESULT_TYPES[media])
    except (OSError, ValueError, RuntimeError, SyntaxError) as exc:
        return one_line(500, f"the query failed: {exc}")
    assert data is not None
    return 200, media + ("; charset=utf-8" if media.startswith("text/") else ""), data
