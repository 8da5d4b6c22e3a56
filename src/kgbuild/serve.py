"""A read-only SPARQL 1.1 protocol endpoint over a store, on 127.0.0.1, with the standard library's http.server.

``GET /query?query=...`` and ``POST /query`` (a form with ``query=...``, or the query itself as
``application/sparql-query``), with optional ``default-graph-uri`` / ``named-graph-uri``. SELECT and ASK
answer in SPARQL JSON, XML, CSV or TSV, CONSTRUCT and DESCRIBE in Turtle, N-Triples, JSON-LD or RDF/XML, as
the Accept header asks (JSON and Turtle by default); 406 when it accepts none of them. Updates are refused
(403, ``update=`` or ``application/sparql-update``; 405 for PUT, DELETE, PATCH), a query that does not parse
is 400 with a one-line message. Queries have no time limit. The store is opened read-only.
"""

from __future__ import annotations

import threading
import urllib.parse
from collections.abc import Callable, Mapping, Sequence
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pyoxigraph as ox

from . import __version__
from .errors import UsageError

HOST = "127.0.0.1"  # never another interface: the endpoint has no authentication
PATH = "/query"
MAX_BODY = 10 * 1024 * 1024  # bytes of a POSTed query

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

Log = Callable[[str], None]


class SparqlServer(ThreadingHTTPServer):
    """An HTTP server answering SPARQL queries on ``store``; ``url`` is its query endpoint."""

    daemon_threads = True

    def __init__(self, store: ox.Store, port: int = 0, log: Log | None = None) -> None:
        self.store = store
        self.log = log
        try:
            super().__init__((HOST, port), _Handler)
        except OSError as exc:
            raise UsageError(f"cannot listen on {HOST}:{port}: {exc.strerror or exc}") from exc

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.server_address[1]}{PATH}"


def start(store: ox.Store, port: int = 0, log: Log | None = None) -> tuple[SparqlServer, threading.Thread]:
    """Serve ``store`` in a background thread; stop it with ``server.shutdown()`` and ``server.server_close()``."""
    server = SparqlServer(store, port, log)
    thread = threading.Thread(target=server.serve_forever, name="kgbuild-serve", daemon=True)
    thread.start()
    return server, thread


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


class _Handler(BaseHTTPRequestHandler):
    server: SparqlServer
    server_version = f"kgbuild/{__version__}"
    protocol_version = "HTTP/1.1"

    # --- methods --------------------------------------------------------------------------------------------

    def do_GET(self) -> None:
        url = urllib.parse.urlsplit(self.path)
        if url.path == "/":
            self._send(200, "text/plain; charset=utf-8",
                       f"kgbuild read-only SPARQL endpoint: GET or POST {PATH}?query=...\n".encode())
            return
        if url.path != PATH:
            self._error(404, f"no such path {url.path}; the endpoint is {PATH}")
            return
        self._answer(urllib.parse.parse_qs(url.query, keep_blank_values=True), None)

    def do_POST(self) -> None:
        url = urllib.parse.urlsplit(self.path)
        body = self._body()
        if body is None:
            self._error(413, f"a query of at most {MAX_BODY} bytes, please")
            return
        if url.path != PATH:
            self._error(404, f"no such path {url.path}; the endpoint is {PATH}")
            return
        params = urllib.parse.parse_qs(url.query, keep_blank_values=True)
        kind = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        if kind == "application/sparql-update":
            self._error(403, "this endpoint is read-only: updates are refused")
            return
        if kind == "application/x-www-form-urlencoded":
            for name, values in urllib.parse.parse_qs(body.decode("utf-8", "replace"), keep_blank_values=True).items():
                params.setdefault(name, []).extend(values)
            self._answer(params, None)
        elif kind == "application/sparql-query":
            self._answer(params, body.decode("utf-8", "replace"))
        else:
            self._error(415, "send the query as application/x-www-form-urlencoded or application/sparql-query")

    def _refuse(self) -> None:
        self._body()
        self._error(405, "this endpoint is read-only: only GET and POST of queries", {"Allow": "GET, POST"})

    do_PUT = do_DELETE = do_PATCH = _refuse

    def _body(self) -> bytes | None:
        """The request's body; None, and the connection to be closed, when it is too long to read."""
        try:
            length = int(self.headers.get("Content-Length") or 0)
        except ValueError:
            length = MAX_BODY + 1
        if length > MAX_BODY:
            self.close_connection = True  # the unread body would be taken for the next request
            return None
        return self.rfile.read(length) if length > 0 else b""

    # --- answering ------------------------------------------------------------------------------------------

    def _answer(self, params: Mapping[str, list[str]], query: str | None) -> None:
        if "update" in params:
            self._error(403, "this endpoint is read-only: updates are refused")
            return
        if query is None:
            queries = params.get("query", [])
            if len(queries) != 1:
                self._error(400, "give exactly one query parameter" if queries else "missing the query parameter")
                return
            query = queries[0]
        try:
            default: list[ox.NamedNode | ox.BlankNode | ox.DefaultGraph] = [
                ox.NamedNode(iri) for iri in params.get("default-graph-uri", [])]
            named: list[ox.NamedNode | ox.BlankNode] = [ox.NamedNode(iri) for iri in params.get("named-graph-uri", [])]
        except ValueError as exc:
            self._error(400, f"not a valid graph IRI: {exc}")
            return
        try:
            result = self.server.store.query(query, default_graph=default or None, named_graphs=named or None)
        except SyntaxError as exc:
            self._error(400, f"syntax error: {exc}")
            return
        except (OSError, ValueError, RuntimeError) as exc:
            self._error(500, f"the query failed: {exc}")
            return
        accept = self.headers.get("Accept") or ""
        graph = isinstance(result, ox.QueryTriples)
        offered = list(GRAPH_TYPES if graph else RESULT_TYPES)
        media = negotiate(accept, offered)
        if media is None:
            forms = "CONSTRUCT and DESCRIBE" if graph else "SELECT and ASK"
            self._error(406, f"{forms} answer in {', '.join(offered)}")
            return
        try:  # solutions are computed as they are written: evaluation errors surface here
            if isinstance(result, ox.QueryTriples):
                data = result.serialize(format=GRAPH_TYPES[media])
            else:
                data = result.serialize(format=RESULT_TYPES[media])
        except (OSError, ValueError, RuntimeError, SyntaxError) as exc:
            self._error(500, f"the query failed: {exc}")
            return
        assert data is not None
        charset = "; charset=utf-8" if media.startswith("text/") else ""
        self._send(200, media + charset, data)

    def _error(self, status: int, message: str, headers: Mapping[str, str] | None = None) -> None:
        line = " ".join(message.split())
        self._send(status, "text/plain; charset=utf-8", (line + "\n").encode("utf-8"), headers)

    def _send(self, status: int, media: str, data: bytes, headers: Mapping[str, str] | None = None) -> None:
        self.send_response(status, HTTPStatus(status).phrase)
        self.send_header("Content-Type", media)
        self.send_header("Content-Length", str(len(data)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(data)

    def log_message(self, format: str, *args: object) -> None:
        if self.server.log is not None:
            self.server.log(f"{self.address_string()} {format % args}")
