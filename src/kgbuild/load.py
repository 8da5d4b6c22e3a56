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

Why one module of ~500 lines: the HTTP client (deadlines, retries, TLS), the Graph Store Protocol and the
staged replace share one connection and error model; the endpoint query engine reuses the same client.
"""

from __future__ import annotations

import base64
import contextlib
import html
import http.client
import netrc
import os
import re
import socket
import ssl
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from email.message import Message
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph

from . import __version__
from .errors import KgbuildError, UsageError
from .outputs import check_source
from .query import Row
from .terms import from_ox, to_ox

DEFAULT_BATCH = 50_000
DEFAULT_RETRIES = 3
DEFAULT_TIMEOUT = 300.0  # seconds per request: a 50,000-triple batch takes about one on a local Oxigraph
BACKOFF = 0.5  # seconds before the first retry, doubled for each next one
MAX_RETRY_AFTER = 30.0
MESSAGE_CHARS = 200  # of a server's error message
# Statuses that say "not now" rather than "no": timeouts, rate limits, a gateway or a server that is busy.
TRANSIENT_STATUS = frozenset({408, 425, 429, 502, 503, 504})
ENDPOINT_STATUS = frozenset({401, 403, 404, 405, 415, 501, 505})
PASSWORD_VARIABLE = "KGBUILD_PASSWORD"
N_TRIPLES = "application/n-triples"
SPARQL_JSON = "application/sparql-results+json"

Sleep = Callable[[float], None]


class EndpointError(KgbuildError):
    """The endpoint is wrong or cannot be reached: nothing could be sent (exit 2)."""


class LoadFailed(KgbuildError):
    """The endpoint was reached but did not take the data, or kept failing (exit 1)."""

    exit_code = 1


class _Transient(Exception):
    """A failure worth trying again; ``message`` says what it was, ``wait`` what the server asked for."""

    def __init__(self, message: str, wait: float | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.wait = wait


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


@dataclass
class Answer:
    """A remote query's answer in rdflib terms: rows for SELECT, a boolean for ASK, a graph otherwise."""

    variables: list[str] = field(default_factory=list)
    rows: list[Row] = field(default_factory=list)
    boolean: bool | None = None
    graph: Graph | None = None


# ---------------------------------------------------------------------------------------------------------------
# URLs


def check_url(url: str) -> str:
    """``url`` if it is an absolute http(s) URL, else EndpointError."""
    try:
        parts = urllib.parse.urlsplit(url)
        parts.port  # noqa: B018 -- a bad port raises ValueError here
    except ValueError as exc:
        raise EndpointError(f"{url}: not a valid URL: {exc}") from exc
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise EndpointError(f"{url}: not an http(s) URL (e.g. http://localhost:7878/store)")
    return url


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
# HTTP with retries


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    # urllib would turn a redirected POST into a GET without the data; report the redirect instead
    def redirect_request(self, req: urllib.request.Request, fp: object, code: int, msg: str, headers: Message,
                         newurl: str) -> None:
        return None


class _Deadline:
    """Shuts a connection's socket when its request has taken longer than the overall limit: the per-read
    timeout alone never trips on a server that trickles one byte a second."""

    timer: threading.Timer | None = None

    def arm(self, sock: socket.socket | None, seconds: float | None) -> None:
        if sock is None or not seconds:
            return

        def cut() -> None:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)

        self.timer = threading.Timer(seconds, cut)
        self.timer.daemon = True
        self.timer.start()

    def disarm(self) -> None:
        if self.timer is not None:
            self.timer.cancel()


class _DeadlineConnection:
    """Arms a _Deadline on the socket when the connection opens; mixed into the HTTP and HTTPS connections."""

    sock: socket.socket | None
    timeout: float | None
    deadline = _Deadline()

    def connect(self) -> None:
        super().connect()  # type: ignore[misc]
        self.deadline = _Deadline()
        self.deadline.arm(self.sock, self.timeout if isinstance(self.timeout, (int, float)) else None)

    def close(self) -> None:
        self.deadline.disarm()
        super().close()  # type: ignore[misc]


class _HTTPConnection(_DeadlineConnection, http.client.HTTPConnection):
    pass


class _HTTPSConnection(_DeadlineConnection, http.client.HTTPSConnection):
    pass


class _DeadlineHTTP(urllib.request.HTTPHandler):
    def http_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
        return self.do_open(_HTTPConnection, req)


class _DeadlineHTTPS(urllib.request.HTTPSHandler):
    def https_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
        return self.do_open(_HTTPSConnection, req)


_OPENER = urllib.request.build_opener(_NoRedirect(), _DeadlineHTTP(), _DeadlineHTTPS())


# ---------------------------------------------------------------------------------------------------------------
# Credentials


@dataclass(frozen=True)
class Credentials:
    """A user and password for an endpoint that asks for them (the password is never printed)."""

    user: str
    password: str = field(repr=False)


def credentials(endpoint: str, user: str, environ: Mapping[str, str] | None = None,
                netrc_file: Path | None = None) -> Credentials:
    """The password of ``user`` at ``endpoint``: from the environment variable KGBUILD_PASSWORD, else from the
    netrc file (``netrc_file``, else $NETRC, else ~/.netrc) entry for the endpoint's host with that login.

    Never from the command line, where other users of the machine and the shell history would see it.
    """
    environ = os.environ if environ is None else environ
    if not user:
        raise UsageError("--user: give a user name")
    password = environ.get(PASSWORD_VARIABLE)
    if password:
        return Credentials(user, password)
    host = urllib.parse.urlsplit(check_url(endpoint)).hostname or ""
    named = netrc_file or (Path(environ["NETRC"]) if environ.get("NETRC") else None)
    path = named or Path.home() / ".netrc"
    if path.is_file():
        try:
            # the default file goes by None, so netrc refuses it when others can read it
            entry = netrc.netrc(str(named) if named else None).authenticators(host)
        except (netrc.NetrcParseError, OSError) as exc:
            raise UsageError(f"{path}: cannot read: {_one_line(str(exc))}") from exc
        if entry is not None and entry[0] == user and entry[2]:
            return Credentials(user, entry[2])
    raise UsageError(f"--user {user}: no password: set {PASSWORD_VARIABLE}, or add 'machine {host} login {user} "
                     f"password ...' to {path}")


def _authority(url: str) -> str:
    parts = urllib.parse.urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}/"


class _Digest(urllib.request.HTTPDigestAuthHandler):
    """Digest auth that, once the server has sent a challenge, answers it up front on every later request."""

    challenge: dict[str, str] | None = None

    def retry_http_digest_auth(self, req: urllib.request.Request, auth: str) -> object:
        _scheme, _, challenge = auth.partition(" ")
        self.challenge = urllib.request.parse_keqv_list([x for x in urllib.request.parse_http_list(challenge) if x])
        if getattr(req, "_kgbuild_answered", False):
            return None  # the answer to a fresh challenge was refused: the password is wrong; don't send 5 more
        setattr(req, "_kgbuild_answered", True)  # noqa: B010 -- a mark on this one request
        return super().retry_http_digest_auth(req, auth)

    def http_request(self, req: urllib.request.Request) -> urllib.request.Request:
        if self.challenge is not None and not req.has_header("Authorization"):
            value = self.get_authorization(req, self.challenge)  # None for a URL of another host
            if value:
                req.add_unredirected_header("Authorization", f"Digest {value}")
        return req

    https_request = http_request


class _Basic(urllib.request.HTTPBasicAuthHandler):
    """Basic auth, sent up front once the server has asked for it (never before: it shows the password)."""

    asked = False

    def http_error_401(self, req: urllib.request.Request, fp: object, code: int, msg: str,
                       headers: Message) -> object:
        try:
            return super().http_error_401(req, fp, code, msg, headers)  # type: ignore[arg-type]
        except ValueError:  # a challenge of another scheme (Digest, refused above): the 401 stands
            return None

    def retry_http_basic_auth(self, host: str, req: urllib.request.Request, realm: str) -> object:
        self.asked = True
        return super().retry_http_basic_auth(host, req, realm)

    def http_request(self, req: urllib.request.Request) -> urllib.request.Request:
        if self.asked and not req.has_header("Authorization"):
            user, password = self.passwd.find_user_password(None, req.full_url)  # type: ignore[arg-type]
            if user is not None and password is not None:
                token = base64.b64encode(f"{user}:{password}".encode()).decode("ascii")
                req.add_unredirected_header("Authorization", f"Basic {token}")
        return req

    https_request = http_request


def opener(auth: Credentials | None, endpoint: str) -> urllib.request.OpenerDirector:
    """The HTTP client of one load or query: no redirects, deadlines, and the credentials for ``endpoint``'s
    host (one client per load, so a Digest challenge answered once is reused)."""
    if auth is None:
        return _OPENER
    passwords = urllib.request.HTTPPasswordMgrWithDefaultRealm()
    passwords.add_password(None, _authority(endpoint), auth.user, auth.password)
    return urllib.request.build_opener(_NoRedirect(), _DeadlineHTTP(), _DeadlineHTTPS(), _Digest(passwords),
                                       _Basic(passwords))


def _one_line(text: str, limit: int = MESSAGE_CHARS) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit - 3].rstrip() + "..."


def _server_message(exc: urllib.error.HTTPError) -> str:
    """The status and the server's own explanation, on one short line."""
    try:
        body = exc.read(64 * 1024).decode("utf-8", "replace")
    except (OSError, http.client.HTTPException):
        body = ""
    if "<" in body and ">" in body:  # an HTML error page: its text only
        body = html.unescape(re.sub(r"(?s)<(script|style)\b.*?</\1>|<[^>]+>", " ", body))
    status = f"{exc.code} {exc.reason}".strip()
    body = _one_line(body)
    return f"{status}: {body}" if body and body.lower() != str(exc.reason).lower() else status


def _retry_after(exc: urllib.error.HTTPError) -> float | None:
    value = exc.headers.get("Retry-After", "") if exc.headers else ""
    try:
        return min(float(value), MAX_RETRY_AFTER)
    except ValueError:
        return None


def _reason(exc: BaseException) -> BaseException:
    reason = exc.reason if isinstance(exc, urllib.error.URLError) else exc
    return reason if isinstance(reason, BaseException) else exc


def _request_once(method: str, url: str, body: bytes | None, headers: dict[str, str], timeout: float,
                  ok: frozenset[int], client: urllib.request.OpenerDirector) -> bytes:
    request = urllib.request.Request(url, data=body, method=method,
                                     headers={"User-Agent": f"kgbuild/{__version__}", **headers})
    started = time.monotonic()
    try:
        with client.open(request, timeout=timeout) as response:
            data: bytes = response.read()
            if time.monotonic() - started > timeout:  # cut off by the deadline: what came may be partial
                raise TimeoutError("overall deadline")
            return data
    except urllib.error.HTTPError as exc:
        if exc.code in ok:
            return b""
        if exc.code in TRANSIENT_STATUS or (exc.code >= 500 and _retry_after(exc) is not None):
            raise _Transient(_server_message(exc), _retry_after(exc)) from exc
        if 300 <= exc.code < 400:
            where = exc.headers.get("Location", "") if exc.headers else ""
            raise EndpointError(f"{url}: redirected ({exc.code}) to {where or 'another URL'}; give that URL") \
                from exc
        if exc.code in ENDPOINT_STATUS:
            hint = "; is this the Graph Store / SPARQL endpoint?" if exc.code in (404, 405, 415, 501) else ""
            if exc.code == 401:
                hint = ("; the user or password was refused" if client is not _OPENER
                        else "; the endpoint asks for credentials: give --user")
            raise EndpointError(f"{url}: {_server_message(exc)}{hint}") from exc
        raise LoadFailed(f"{url}: the server refused the request: {_server_message(exc)}") from exc
    except (urllib.error.URLError, OSError, http.client.HTTPException) as exc:
        reason = _reason(exc)
        if isinstance(reason, ConnectionRefusedError):
            raise EndpointError(f"{url}: connection refused (is the server running?)") from exc
        if isinstance(reason, socket.gaierror):
            raise EndpointError(f"{url}: unknown host: {_one_line(str(reason))}") from exc
        if isinstance(reason, ssl.SSLError | ssl.CertificateError):
            raise EndpointError(f"{url}: TLS failed: {_one_line(str(reason))}") from exc
        if isinstance(reason, TimeoutError | socket.timeout) or time.monotonic() - started > timeout:
            raise _Transient(f"no complete answer within {timeout:g} s") from exc
        if isinstance(reason, ConnectionError | http.client.HTTPException | OSError):
            # reset, aborted, closed without an answer, a broken status line: the server may be restarting
            raise _Transient(_one_line(f"{type(reason).__name__}: {reason}".rstrip(": "))) from exc
        raise EndpointError(f"{url}: {_one_line(str(exc))}") from exc
    except ValueError as exc:  # urllib's "unknown url type" and the like
        raise EndpointError(f"{url}: {_one_line(str(exc))}") from exc


def request(method: str, url: str, body: bytes | None = None, headers: dict[str, str] | None = None, *,
            retries: int = DEFAULT_RETRIES, timeout: float = DEFAULT_TIMEOUT, sleep: Sleep = time.sleep,
            done: str = "", ok: frozenset[int] = frozenset(),
            client: urllib.request.OpenerDirector = _OPENER) -> bytes:
    """Send one HTTP request with ``client`` (see ``opener``), trying a transient failure again ``retries``
    times; the answer's body.

    An error status in ``ok`` counts as success (with an empty body).
    ``done`` is added to a final error ("; 50000 triples were stored before"), so the one line says it all.
    """
    for attempt in range(retries + 1):
        try:
            return _request_once(method, url, body, headers or {}, timeout, ok, client)
        except _Transient as exc:
            if attempt == retries:
                tries = f" after {retries + 1} tries" if retries else ""
                raise LoadFailed(f"{url}: {method} failed{tries}: {exc.message}{done}") from exc
            sleep(exc.wait if exc.wait is not None else BACKOFF * 2 ** attempt)
        except KgbuildError as exc:
            if done:
                exc.args = (f"{exc}{done}",)
            raise
    raise AssertionError("unreachable")


# ---------------------------------------------------------------------------------------------------------------
# Loading


def read_triples(source: Path | Graph) -> list[ox.Triple]:
    """The triples of an RDF file (by extension, else Turtle; named graphs merged) or of an rdflib graph."""
    if isinstance(source, Graph):
        return [ox.Triple(to_ox(s), to_ox(p), to_ox(o)) for s, p, o in source]  # type: ignore[arg-type]
    return [t for _g, ts in _file_groups(Path(source), merge=True) for t in ts]


# The file extensions a folder is loaded from: the formats `kgbuild export` and `build --partitioned` write.
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
        raise UsageError(f"{path}: cannot parse: {_one_line(str(exc))}") from exc
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
    greeted = client is _OPENER
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

    ``source`` is an RDF file, a folder of them (``build --partitioned``'s ``OUT/parts``) or a graph. Triples
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


# ---------------------------------------------------------------------------------------------------------------
# Querying


def sparql_query(endpoint: str, query: str, *, retries: int = DEFAULT_RETRIES, timeout: float = DEFAULT_TIMEOUT,
                 sleep: Sleep = time.sleep, auth: Credentials | None = None) -> Answer:
    """Run ``query`` on the SPARQL 1.1 protocol ``endpoint`` (a POSTed form); the answer in rdflib terms.

    SELECT and ASK ask for SPARQL JSON results; CONSTRUCT and DESCRIBE for N-Triples. Which one it was is
    read from the answer's media type.
    """
    check_url(endpoint)
    body = urllib.parse.urlencode({"query": query}).encode("utf-8")
    headers = {"Content-Type": "application/x-www-form-urlencoded",
               "Accept": f"{SPARQL_JSON}, {N_TRIPLES};q=0.9"}
    data = request("POST", endpoint, body, headers, retries=retries, timeout=timeout, sleep=sleep,
                   client=opener(auth, endpoint))
    return _answer(data, endpoint)


def _answer(data: bytes, endpoint: str) -> Answer:
    text = data.lstrip()
    try:
        if text.startswith(b"{"):
            parsed = ox.parse_query_results(data, format=ox.QueryResultsFormat.JSON)
            if isinstance(parsed, ox.QueryBoolean):
                return Answer(boolean=bool(parsed))
            variables = [v.value for v in parsed.variables]
            rows: list[Row] = [tuple(None if t is None else from_ox(t) for t in solution) for solution in parsed]
            return Answer(variables=variables, rows=rows)
        graph = Graph(bind_namespaces="none")
        for t in ox.parse(data, format=ox.RdfFormat.N_TRIPLES):
            graph.add((from_ox(t.subject), from_ox(t.predicate), from_ox(t.object)))
        return Answer(graph=graph)
    except (SyntaxError, ValueError) as exc:
        raise LoadFailed(f"{endpoint}: an answer kgbuild cannot read: {_one_line(str(exc))}") from exc


