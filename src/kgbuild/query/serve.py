"""A read-only SPARQL 1.1 protocol endpoint over a store, on 127.0.0.1, with the standard library's http.server.

``GET /query?query=...`` and ``POST /query`` (a form with ``query=...``, or the query itself as
``application/sparql-query``), with optional ``default-graph-uri`` / ``named-graph-uri``. SELECT and ASK
answer in SPARQL JSON, XML, CSV or TSV, CONSTRUCT and DESCRIBE in Turtle, N-Triples, JSON-LD or RDF/XML, as
the Accept header asks (JSON and Turtle by default); 406 when it accepts none of them. Updates are refused
(403, ``update=`` or ``application/sparql-update``; 405 for PUT, DELETE, PATCH), a query that does not parse
is 400 with a one-line message.

Safe by default, because any web page the user opens can send requests to 127.0.0.1:
* federated ``SERVICE`` calls are refused (403): the endpoint never sends a request anywhere;
* only ``Host: 127.0.0.1|localhost|[::1]:PORT`` is answered (403 otherwise), against DNS rebinding;
* every query runs in a worker process with a deadline (``timeout``); past it the worker is killed, so the
  work really stops, and the client gets 503. ``workers`` bounds the queries running at once, and
  ``max_connections`` the open connections (503 past either);
* a client that is idle or sends its request slowly is cut off after ``read_timeout`` seconds;
* when the store folder is replaced by a new build, the workers reopen it; every answer names the build it
  came from in ``X-Kgbuild-Build`` (the manifest's build id, else the store folder's identity).

Why one module of ~430 lines: the request handler, the worker pool with its deadlines and the connection
limits are one safety design (issue 12), tested together.
"""

from __future__ import annotations

import contextlib
import json
import multiprocessing
import multiprocessing.connection
import os
import queue
import socket
import threading
import time
import urllib.parse
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from .._version import __version__
from ..errors import UsageError
from ..options import MAX_CONNECTIONS, QUERY_TIMEOUT, SERVE_WORKERS
from .answers import BUSY, Answer, answer, one_line
from .engines import uses_service
from .store import check_store

HOST = "127.0.0.1"  # never another interface: the endpoint has no authentication
PATH = "/query"
MAX_BODY = 10 * 1024 * 1024  # bytes of a POSTed query
DEFAULT_TIMEOUT = QUERY_TIMEOUT
DEFAULT_WORKERS = SERVE_WORKERS
DEFAULT_MAX_CONNECTIONS = MAX_CONNECTIONS
READ_TIMEOUT = 5.0  # seconds a client has to send its whole request (and to stay idle between requests)
QUEUE_WAIT = 5.0  # seconds a request waits for a free worker before 503
RETRY_AFTER = "1"  # seconds a client told "busy" (503) should wait before it asks again
# Connections waiting to be accepted: socketserver's 5 drops a burst of connects, and a dropped SYN is sent again
# only after a second (the p95 of 16 clients connecting at once was 1 s)
BACKLOG = 128
REJECT_READ = 1.0  # seconds an over-the-limit connection has to send its request before its 503
REJECTING = 64  # over-the-limit connections being answered 503 at once; past them a connection is closed

Log = Callable[[str], None]


def _worker(conn: multiprocessing.connection.Connection, directory: str) -> None:
    """A worker process: open the store read-only, then answer requests until the pipe closes."""
    store = ox.Store.read_only(directory)
    while True:
        try:
            request = conn.recv()
        except (EOFError, OSError):
            return
        conn.send(answer(store, *request))


def store_identity(directory: Path) -> str:
    """What names the build a store came from: the manifest's build id, else the folder's inode and time."""
    manifest = directory.parent / "manifest.json"
    try:
        build = json.loads(manifest.read_text(encoding="utf-8")).get("build")
        if isinstance(build, str) and build:
            return build
    except (OSError, ValueError):
        pass
    try:
        st = os.stat(directory)
        return f"store-{st.st_ino:x}-{st.st_mtime_ns:x}"
    except OSError:
        return "unknown"


@dataclass
class _Worker:
    process: Any
    conn: multiprocessing.connection.Connection
    generation: int


class QueryPool:
    """Worker processes answering queries on one store folder, each one killed when it overruns its deadline."""

    def __init__(self, directory: Path, workers: int = DEFAULT_WORKERS, timeout: float = DEFAULT_TIMEOUT) -> None:
        self.directory = Path(directory)
        self.timeout = timeout
        self._context = multiprocessing.get_context("forkserver")
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._lock = threading.Lock()
        self._stamp = self._folder_stamp()
        self.identity = store_identity(self.directory)
        self.generation = 0
        self._all: list[_Worker] = []
        for _ in range(workers):
            self._idle.put(self._spawn())

    def _folder_stamp(self) -> tuple[int, int]:
        try:
            st = os.stat(self.directory)
            return st.st_ino, st.st_mtime_ns
        except OSError:
            return 0, 0

    def _spawn(self) -> _Worker:
        parent, child = self._context.Pipe()
        process = self._context.Process(target=_worker, args=(child, str(self.directory)), daemon=True)
        process.start()
        child.close()
        worker = _Worker(process, parent, self.generation)
        with self._lock:
            self._all.append(worker)
        return worker

    def _stop(self, worker: _Worker) -> None:
        worker.process.kill()
        worker.process.join(timeout=5)
        worker.conn.close()
        with self._lock:
            if worker in self._all:
                self._all.remove(worker)

    def refresh(self) -> bool:
        """Notice a store folder replaced by a new build; True when it was (workers then reopen it)."""
        stamp = self._folder_stamp()
        with self._lock:
            if stamp == self._stamp:
                return False
            self._stamp = stamp
            self.generation += 1
        self.identity = store_identity(self.directory)
        return True

    def run(self, query: str, default: Sequence[str], named: Sequence[str], accept: str) -> Answer:
        self.refresh()
        try:
            worker = self._idle.get(timeout=QUEUE_WAIT)
        except queue.Empty:
            return BUSY
        if worker.generation != self.generation or not worker.process.is_alive():
            self._stop(worker)  # it holds the store the folder had before a rebuild
            worker = self._spawn()
        try:
            worker.conn.send((query, list(default), list(named), accept))
            if worker.conn.poll(self.timeout):
                result: Answer = worker.conn.recv()
                self._idle.put(worker)
                return result
        except (EOFError, OSError, BrokenPipeError):
            pass  # the worker died (out of memory, killed): a fresh one takes its place
        self._stop(worker)
        self._idle.put(self._spawn())
        if not worker.process.exitcode or worker.process.exitcode < 0:
            return one_line(503, f"the query ran longer than the limit of {self.timeout:g} s and was stopped")
        return one_line(500, "the query failed: its worker stopped")

    def close(self) -> None:
        with self._lock:
            workers = list(self._all)
        for worker in workers:
            self._stop(worker)


class SparqlServer(ThreadingHTTPServer):
    """An HTTP server answering SPARQL queries on the store in ``directory``; ``url`` is its query endpoint."""

    daemon_threads = True
    request_queue_size = BACKLOG

    def __init__(self, directory: Path, port: int = 0, log: Log | None = None, *, timeout: float = DEFAULT_TIMEOUT,
                 workers: int = DEFAULT_WORKERS, max_connections: int = DEFAULT_MAX_CONNECTIONS,
                 read_timeout: float = READ_TIMEOUT, allow_service: bool = False) -> None:
        check_store(Path(directory))
        self.log = log
        self.read_timeout = read_timeout
        self.allow_service = allow_service
        self._slots = threading.BoundedSemaphore(max_connections)
        # threads answering "busy" past the bound, bounded too (each lives at most 3 s)
        self._rejecting = threading.BoundedSemaphore(max(REJECTING, max_connections))
        try:
            super().__init__((HOST, port), _Handler)
        except OSError as exc:
            raise UsageError(f"cannot listen on {HOST}:{port}: {exc.strerror or exc}") from exc
        port = self.server_address[1]
        self.hosts = frozenset({f"127.0.0.1:{port}", f"localhost:{port}", f"[::1]:{port}"})
        try:
            self.pool = QueryPool(Path(directory), workers, timeout)
        except OSError as exc:
            self.socket.close()
            raise UsageError(f"{directory}: cannot start the query workers: {exc}") from exc

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.server_address[1]}{PATH}"

    def process_request(self, request: Any, client_address: Any) -> None:
        if not self._slots.acquire(blocking=False):
            # past the bound: the request is read and answered 503 with Retry-After by a short thread of a
            # second bounded set (a client whose request is not read gets a reset, not an answer); past both,
            # the connection is closed
            if self._rejecting.acquire(blocking=False):
                threading.Thread(target=self._reject, args=(request,), daemon=True).start()
            else:
                self.shutdown_request(request)
            return
        super().process_request(request, client_address)

    def _reject(self, request: socket.socket) -> None:
        try:
            request.settimeout(REJECT_READ)
            with contextlib.suppress(OSError):  # a client that sends nothing still gets its answer
                _read_request(request)
            body = b"busy: too many open connections; try again in a moment\n"
            request.sendall(b"HTTP/1.1 503 Service Unavailable\r\nContent-Type: text/plain; charset=utf-8\r\n"
                            b"Retry-After: " + RETRY_AFTER.encode() + b"\r\nConnection: close\r\nContent-Length: "
                            + str(len(body)).encode() + b"\r\n\r\n" + body)
            request.shutdown(socket.SHUT_WR)
            with contextlib.suppress(OSError):  # let the client close first: no reset of the answer in flight
                until = time.monotonic() + 2 * REJECT_READ
                while time.monotonic() < until and request.recv(65536):
                    pass
        except OSError:
            pass
        finally:
            self.shutdown_request(request)
            self._rejecting.release()

    def process_request_thread(self, request: Any, client_address: Any) -> None:
        try:
            super().process_request_thread(request, client_address)
        finally:
            self._slots.release()

    def server_close(self) -> None:
        super().server_close()
        pool = getattr(self, "pool", None)
        if pool is not None:
            pool.close()


def start(directory: Path, port: int = 0, log: Log | None = None, **options: Any
          ) -> tuple[SparqlServer, threading.Thread]:
    """Serve the store in ``directory`` in a background thread; stop it with ``server.shutdown()`` and
    ``server.server_close()``."""
    server = SparqlServer(directory, port, log, **options)
    thread = threading.Thread(target=server.serve_forever, name="kgbuild-serve", daemon=True)
    thread.start()
    return server, thread


def _read_request(conn: socket.socket, limit: int = 1024 * 1024) -> None:
    """Read one request's head and its body (by Content-Length, at most ``limit`` bytes in all) off ``conn``."""
    data = b""
    while b"\r\n\r\n" not in data and len(data) < 65536:
        chunk = conn.recv(65536)
        if not chunk:
            return
        data += chunk
    head, _, rest = data.partition(b"\r\n\r\n")
    length = 0
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length" and value.strip().isdigit():
            length = int(value.strip())
    left = min(length, limit) - len(rest)
    while left > 0:
        chunk = conn.recv(min(65536, left))
        if not chunk:
            return
        left -= len(chunk)


class _Handler(BaseHTTPRequestHandler):
    server: SparqlServer
    server_version = f"kgbuild/{__version__}"
    protocol_version = "HTTP/1.1"
    # the head and the body of an answer are two writes: with Nagle's algorithm the second waits for the
    # client's delayed ACK of the first, 40 ms on every answer of a keep-alive connection
    disable_nagle_algorithm = True

    # --- connection: deadlines and the Host check --------------------------------------------------------

    def setup(self) -> None:
        super().setup()
        self.connection.settimeout(self.server.read_timeout)  # idle between requests, or a stalled read
        self._deadline: threading.Timer | None = None

    def handle_one_request(self) -> None:
        # The whole request (line, headers, body) must arrive within read_timeout: a client sending a byte a
        # second never trips the per-read timeout, so a timer cuts the connection.
        self._deadline = threading.Timer(self.server.read_timeout, self._cut)
        self._deadline.daemon = True
        self._deadline.start()
        try:
            super().handle_one_request()
        finally:
            self._read_done()

    def _cut(self) -> None:
        with contextlib.suppress(OSError):
            self.connection.shutdown(socket.SHUT_RDWR)

    def _read_done(self) -> None:
        if self._deadline is not None:
            self._deadline.cancel()
            self._deadline = None

    def parse_request(self) -> bool:
        if not super().parse_request():
            return False
        host = (self.headers.get("Host") or "").strip().lower()
        if host not in self.server.hosts:
            self.close_connection = True
            self._error(403, f"Host {host[:100]!r} refused: use http://127.0.0.1:{self.server.server_address[1]}")
            return False
        return True

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
        self._read_done()
        if not self.server.allow_service and uses_service(query):
            self._error(403, "federated SERVICE calls are refused: this endpoint sends no requests elsewhere")
            return
        result = self.server.pool.run(query, params.get("default-graph-uri", []),
                                      params.get("named-graph-uri", []), self.headers.get("Accept") or "")
        self._send(*result, {"Retry-After": RETRY_AFTER} if result is BUSY else None)

    def _error(self, status: int, message: str, headers: Mapping[str, str] | None = None) -> None:
        line = " ".join(message.split())
        self._send(status, "text/plain; charset=utf-8", (line + "\n").encode("utf-8"), headers)

    def _send(self, status: int, media: str, data: bytes, headers: Mapping[str, str] | None = None) -> None:
        self._read_done()
        self.send_response(status, HTTPStatus(status).phrase)
        self.send_header("X-Kgbuild-Build", self.server.pool.identity)
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
