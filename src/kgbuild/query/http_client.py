"""A small HTTP client for triple stores: requests with deadlines, retries and credentials; SPARQL queries.

Only the standard library (``urllib.request``). Retries, credentials and errors are as ``kgbuild.query.load`` describes
them: the loader (Graph Store Protocol) and the endpoint query engine (``kgbuild query --engine endpoint``) share
this one client, its connection and its error model.
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
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from email.message import Message
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph

from .._version import __version__
from ..errors import KgbuildError, UsageError
from ..options import DEFAULT_RETRIES, DEFAULT_TIMEOUT, PASSWORD_VARIABLE
from ..rdf.terms import from_ox
from .sparql import Row

BACKOFF = 0.5  # seconds before the first retry, doubled for each next one
MAX_RETRY_AFTER = 30.0
MESSAGE_CHARS = 200  # of a server's error message
# Statuses that say "not now" rather than "no": timeouts, rate limits, a gateway or a server that is busy.
TRANSIENT_STATUS = frozenset({408, 425, 429, 502, 503, 504})
ENDPOINT_STATUS = frozenset({401, 403, 404, 405, 415, 501, 505})
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


DEFAULT_OPENER = urllib.request.build_opener(_NoRedirect(), _DeadlineHTTP(), _DeadlineHTTPS())


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
            raise UsageError(f"{path}: cannot read: {one_line(str(exc))}") from exc
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
        return DEFAULT_OPENER
    passwords = urllib.request.HTTPPasswordMgrWithDefaultRealm()
    passwords.add_password(None, _authority(endpoint), auth.user, auth.password)
    return urllib.request.build_opener(_NoRedirect(), _DeadlineHTTP(), _DeadlineHTTPS(), _Digest(passwords),
                                       _Basic(passwords))


def one_line(text: str, limit: int = MESSAGE_CHARS) -> str:
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
    body = one_line(body)
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
                hint = ("; the user or password was refused" if client is not DEFAULT_OPENER
                        else "; the endpoint asks for credentials: give --user")
            raise EndpointError(f"{url}: {_server_message(exc)}{hint}") from exc
        raise LoadFailed(f"{url}: the server refused the request: {_server_message(exc)}") from exc
    except (urllib.error.URLError, OSError, http.client.HTTPException) as exc:
        reason = _reason(exc)
        if isinstance(reason, ConnectionRefusedError):
            raise EndpointError(f"{url}: connection refused (is the server running?)") from exc
        if isinstance(reason, socket.gaierror):
            raise EndpointError(f"{url}: unknown host: {one_line(str(reason))}") from exc
        if isinstance(reason, ssl.SSLError | ssl.CertificateError):
            raise EndpointError(f"{url}: TLS failed: {one_line(str(reason))}") from exc
        if isinstance(reason, TimeoutError | socket.timeout) or time.monotonic() - started > timeout:
            raise _Transient(f"no complete answer within {timeout:g} s") from exc
        if isinstance(reason, ConnectionError | http.client.HTTPException | OSError):
            # reset, aborted, closed without an answer, a broken status line: the server may be restarting
            raise _Transient(one_line(f"{type(reason).__name__}: {reason}".rstrip(": "))) from exc
        raise EndpointError(f"{url}: {one_line(str(exc))}") from exc
    except ValueError as exc:  # urllib's "unknown url type" and the like
        raise EndpointError(f"{url}: {one_line(str(exc))}") from exc


def request(method: str, url: str, body: bytes | None = None, headers: dict[str, str] | None = None, *,
            retries: int = DEFAULT_RETRIES, timeout: float = DEFAULT_TIMEOUT, sleep: Sleep = time.sleep,
            done: str = "", ok: frozenset[int] = frozenset(),
            client: urllib.request.OpenerDirector = DEFAULT_OPENER) -> bytes:
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
        raise LoadFailed(f"{endpoint}: an answer kgbuild cannot read: {one_line(str(exc))}") from exc


