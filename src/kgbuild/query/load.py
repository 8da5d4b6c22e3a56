"""Talk to a remote triple store: send a graph with the SPARQL 1.1 Graph Store Protocol, ask SPARQL queries.

Only the standard library (``urllib.request``) is used. Any Graph Store Protocol endpoint works: Oxigraph
server's ``http://HOST:PORT/store``, Fuseki's ``/DATASET/data``, GraphDB's ``/repositories/ID/rdf-graphs/service``.

**Batches.** The graph goes as N-Triples in batches of at most ``batch_size`` triples, each one request:
``POST`` adds a batch to the graph; with ``replace`` the first batch is ``PUT`` (which replaces the graph's
content) and the rest are ``POST``ed; an empty graph with ``replace`` ``DELETE``s the graph. Every request is
idempotent in effect (RDF graphs are sets), so a batch is simply sent again after a transient failure.

**Retries.** A connection reset or closed mid-answer, a timeout, the answers 408, 425, 429, 502, 503 and 504, and
any answer with a Retry-After header are transient: the request is tried again after 0.5 s, 1 s, 2 s (or the
server's Retry-After, up to 30 s), ``retries`` times. Anything else is final and stops the load at once: a 500
without Retry-After is the server's answer to this request, and sending it again gets the same one (Virtuoso's
"not configured to have default graph" is such a 500).

**Credentials.** ``Credentials`` (a user and a password, see ``credentials``) answer the server's challenge,
Digest (Virtuoso's ``/sparql-graph-crud-auth``) or Basic. They are sent only to the endpoint's own host and only
once the server has asked for them; after the first challenge every later request carries its answer up front,
so a batch crosses the network once, not twice. The first request is an empty POST that fetches the
challenge: a server may close the connection on a large batch sent without credentials before answering.

**Errors**, each one line naming the URL:

- ``EndpointError`` (exit 2): the endpoint is wrong or out of reach, so nothing can be sent: a malformed URL,
  an unknown host, a refused connection, a TLS failure, a redirect (give the URL it points to), 401 / 403 (not
  allowed: no or wrong credentials), 404 / 405 / 501 (no Graph Store there);
- ``LoadFailed`` (exit 1): the endpoint took part or none of the data: it rejected a batch (any other 4xx, with
  the server's own message, shortened), answered with a final 5xx, or kept failing after the retries. The
  message says how many triples were stored before; a load is not atomic, so ``--replace`` the graph to start
  again.

The HTTP client (deadlines, retries, TLS, credentials) is ``kgbuild.query.http_client``, shared with the endpoint
query engine; this module is the Graph Store Protocol and the staged replace on top of it.
"""

from __future__ import annotations

import contextlib
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph

from ..errors import KgbuildError, UsageError
from ..options import DEFAULT_BATCH, DEFAULT_RETRIES, DEFAULT_TIMEOUT
from ..outputs import check_source
from ..rdf.terms import to_ox
from .http_client import (
    DEFAULT_OPENER,
    N_TRIPLES,
    Credentials,
    EndpointError,
    LoadFailed,
    Sleep,
    check_url,
    one_line,
    opener,
    request,
)


@dataclass(frozen=True)
class LoadResult:
    """What a load sent: triples, requests (batches) and the time it took."""

    url: str
    triples: int
    batches: int
    seconds: float

    @property
    def rate(self) -> float:
        """Triples per second."""
        return self.triples / self.seconds if self.seconds > 0 else float("inf")


def graph_store_url(endpoint: str, graph: str | None = None) -> str:
    """The Graph Store Protocol URL of the default graph (``?default``) or of the named graph ``graph``."""
    check_url(endpoint)
    if graph is not None:
        try:
            ox.NamedNode(graph)
        except ValueError as exc:
            raise UsageError(f"--graph {graph!r}: not a valid IRI") from exc
    query = "default" if graph is None else "graph=" + urllib.parse.quote(graph, safe="")
    return f"{endpoint}{'&' if '?' in endpoint else '?'}{query}"


# ---------------------------------------------------------------------------------------------------------------
# Loading


def read_triples(source: Path | Graph) -> list[ox.Triple]:
    """The triples of an RDF file (by extension, else Turtle; named graphs merged) or of an rdflib graph."""
    if isinstance(source, Graph):
        return [ox.Triple(to_ox(s), to_ox(p), to_ox(o)) for s, p, o in source]  # type: ignore[arg-type]
    return [t for _g, ts in _file_groups(Path(source), merge=True) for t in ts]


# The file extensions a folder is loaded from: the formats `kgbuild export` writes and the parts of a build (OUT/parts).
RDF_EXTENSIONS = (".nt", ".nq", ".ttl", ".trig")
_DATASETS = (ox.RdfFormat.N_QUADS, ox.RdfFormat.TRIG)


def _file_groups(path: Path, merge: bool) -> list[tuple[str | None, list[ox.Triple]]]:
    """The triples of one file by named graph (None: the default graph); with ``merge`` all in one group."""
    if not path.is_file():
        raise UsageError(f"{path}: no such file")
    fmt = ox.RdfFormat.from_extension(path.suffix.lstrip(".")) or ox.RdfFormat.TURTLE
    # dicts, not sets: the first occurrence keeps its place, so batches follow the file's order
    groups: dict[str | None, dict[ox.Triple, None]] = {}
    try:
        for q in ox.parse(path=str(path), format=fmt):
            name = None if merge or not isinstance(q.graph_name, ox.NamedNode) else q.graph_name.value
            groups.setdefault(name, {})[ox.Triple(q.subject, q.predicate, q.object)] = None
    except (SyntaxError, ValueError, OSError) as exc:
        raise UsageError(f"{path}: cannot parse: {one_line(str(exc))}") from exc
    if not groups:
        return [(None, [])]
    return [(name, list(groups[name])) for name in sorted(groups, key=lambda n: (n is not None, n or ""))]


def read_groups(source: Path | Graph, graph: str | None = None) -> Iterator[tuple[str | None, list[ox.Triple]]]:
    """What to send where: (target graph, triples) pairs, None for the default graph.

    A folder is read one file at a time (its RDF files, sorted), so memory follows the largest file. The
    named graphs of an N-Quads or TriG file go to graphs of the same name, unless ``graph`` is given: then
    everything goes to it.
    """
    if isinstance(source, Graph):
        yield graph, read_triples(source)
        return
    path = Path(source)
    if path.is_dir():
        files = sorted(p for p in path.iterdir() if p.suffix in RDF_EXTENSIONS and p.is_file())
        if not files:
            raise UsageError(f"{path}: a folder without RDF files ({', '.join(RDF_EXTENSIONS)})")
    else:
        files = [path]
    for file in files:
        merge = graph is not None or (ox.RdfFormat.from_extension(file.suffix.lstrip(".")) not in _DATASETS)
        for name, triples in _file_groups(file, merge):
            yield (graph if merge else name), triples


def batches(triples: Sequence[ox.Triple], size: int) -> Iterator[tuple[int, bytes]]:
    """N-Triples of at most ``size`` triples at a time, with the number of triples in each."""
    if size < 1:
        raise UsageError(f"batch size {size}: must be at least 1")
    for start in range(0, len(triples), size):
        chunk = triples[start:start + size]
        data = ox.serialize(chunk, format=ox.RdfFormat.N_TRIPLES)
        assert data is not None
        yield len(chunk), data


def update_url(endpoint: str) -> str | None:
    """The SPARQL Update endpoint beside a Graph Store endpoint, for the servers whose layout is known:
    Oxigraph ``/store`` -> ``/update``, Fuseki ``/DATASET/data`` -> ``/DATASET/update``, GraphDB
    ``/repositories/ID/rdf-graphs/service`` -> ``/repositories/ID/statements``, Virtuoso
    ``/sparql-graph-crud-auth`` -> ``/sparql-auth`` (and ``/sparql-graph-crud`` -> ``/sparql``)."""
    parts = urllib.parse.urlsplit(endpoint)
    path = parts.path.rstrip("/")
    for tail, update in (("/rdf-graphs/service", "/statements"), ("/store", "/update"), ("/data", "/update"),
                         ("/sparql-graph-crud-auth", "/sparql-auth"), ("/sparql-graph-crud", "/sparql")):
        if path.endswith(tail):
            return urllib.parse.urlunsplit(parts._replace(path=path[:-len(tail)] + update, query=""))
    return None


def _send_all(groups: Iterator[tuple[str | None, list[ox.Triple]]], endpoint: str, stage: dict[str | None, str],
              replace: bool, batch_size: int, retries: int, timeout: float, sleep: Sleep,
              counts: list[int], touched: dict[str, bool], done: Callable[[], str],
              client: urllib.request.OpenerDirector) -> None:
    """Send every group's triples, in batches, to its graph (or to its staging graph in ``stage``)."""
    headers = {"Content-Type": N_TRIPLES}
    greeted = client is DEFAULT_OPENER
    for target, triples in groups:
        url = graph_store_url(endpoint, stage.get(target, target) if stage else target)
        touched.setdefault(url, False)
        try:
            if not greeted and triples:
                # an empty POST (it adds nothing) fetches the server's challenge first: a server that refuses a
                # large batch without credentials closes the connection before the batch is sent, and the 401
                # with its challenge never arrives (Virtuoso does)
                request("POST", url, b"", headers, retries=retries, timeout=timeout, sleep=sleep, client=client)
                greeted = True
            for count, data in batches(triples, batch_size):
                method = "PUT" if replace and not touched[url] else "POST"
                request(method, url, data, headers, retries=retries, timeout=timeout, sleep=sleep, done=done(),
                        client=client)
                touched[url] = True
                counts[0] += count
                counts[1] += 1
        except LoadFailed as exc:
            # Virtuoso's Graph Store has no default graph ('contains "default" param but ...')
            if target is None and "default" in str(exc).removeprefix(url).lower():
                exc.args = (f"{exc}; give --graph IRI to load into a named graph",)
            raise


def load(source: Path | Graph, endpoint: str, *, graph: str | None = None, replace: bool = False,
         batch_size: int = DEFAULT_BATCH, retries: int = DEFAULT_RETRIES, timeout: float = DEFAULT_TIMEOUT,
         sleep: Sleep = time.sleep, update_endpoint: str | None = None,
         auth: Credentials | None = None) -> LoadResult:
    """Send the triples of ``source`` to the Graph Store Protocol ``endpoint`` (see the module docstring).

    ``source`` is an RDF file, a folder of them (a build's ``OUT/parts``) or a graph. Triples
    go to the default graph, or all to the named graph ``graph``; without ``graph`` the named graphs of an
    N-Quads or TriG file keep their names. ``replace`` replaces what each graph sent to held, and only
    those graphs: loading one document's named graph again replaces that document and nothing else.

    With ``replace`` the data first goes to staging graphs, and only when all of it has arrived does one
    SPARQL Update (``MOVE``, at ``update_endpoint`` or the one ``update_url`` knows) put it in place: a load
    that fails leaves every graph as it was. A server without SPARQL Update gets the data directly, and a
    failure then says exactly what the graph holds and how to restore it.

    ``auth`` answers a server that asks for a user and password (Virtuoso's ``/sparql-graph-crud-auth``).
    """
    check_url(endpoint)
    client = opener(auth, endpoint)
    graph_store_url(endpoint, graph)  # a bad --graph fails before anything is read
    if not isinstance(source, Graph):
        check_source(Path(source))  # never a half-written build, or parts of two builds
    started = time.perf_counter()
    counts = [0, 0]  # triples, requests
    touched: dict[str, bool] = {}  # url -> whether a request was sent to it
    groups = list(read_groups(source, graph))
    updates = (update_endpoint or update_url(endpoint)) if replace else None
    if updates is not None:
        check_url(updates)
        tag = uuid.uuid4().hex
        stage = {t: f"urn:kgbuild:staging:{tag}:{i}" for i, t in enumerate(dict.fromkeys(t for t, _ in groups))}
        try:
            _send_all(iter(groups), endpoint, stage, True, batch_size, retries, timeout, sleep, counts, touched,
                      lambda: "; nothing was replaced: every graph still holds what it held before", client)
        except KgbuildError:
            for staged in stage.values():
                with contextlib.suppress(KgbuildError):
                    request("DELETE", graph_store_url(endpoint, staged), retries=0, timeout=timeout, sleep=sleep,
                            ok=frozenset({404}), client=client)
            raise
        moves = " ; ".join(f"MOVE SILENT GRAPH <{s}> TO {'DEFAULT' if t is None else f'GRAPH <{t}>'}"
                           for t, s in stage.items())
        try:
            request("POST", updates, moves.encode(), {"Content-Type": "application/sparql-update"},
                    retries=retries, timeout=timeout, sleep=sleep, client=client)
        except KgbuildError as exc:
            for staged in stage.values():
                with contextlib.suppress(KgbuildError):
                    request("DELETE", graph_store_url(endpoint, staged), retries=0, timeout=timeout, sleep=sleep,
                            ok=frozenset({404}), client=client)
            if not isinstance(exc, EndpointError):
                exc.args = (f"{exc}; nothing was replaced: every graph still holds what it held before",)
                raise
            counts, touched = [0, 0], {}  # no SPARQL Update there: send the data to the graphs directly
        else:
            urls = [graph_store_url(endpoint, t) for t in stage]
            where = urls[0] if len(urls) == 1 else f"{endpoint} ({len(urls)} graphs)"
            return LoadResult(where, counts[0], counts[1], time.perf_counter() - started)

    def done() -> str:
        if not counts[0]:
            return ""
        if replace:
            return (f"; the graph(s) sent to now hold only the {counts[0]} triples of this load sent so far, "
                    "their old content is gone (the server has no SPARQL Update to stage the load): run the same "
                    "command again to restore them")
        return f"; {counts[0]} triples were stored before"

    _send_all(iter(groups), endpoint, {}, replace, batch_size, retries, timeout, sleep, counts, touched, done,
              client)
    for url, was_sent in touched.items():
        if replace and not was_sent:
            # 404: there was no such graph, which is what was asked for
            request("DELETE", url, retries=retries, timeout=timeout, sleep=sleep, ok=frozenset({404}), client=client)
            counts[1] += 1
    urls = list(touched)
    where = urls[0] if len(urls) == 1 else f"{endpoint} ({len(urls)} graphs)"
    return LoadResult(where, counts[0], counts[1], time.perf_counter() - started)
