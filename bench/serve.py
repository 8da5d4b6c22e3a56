"""Serve under load: `kgbuild serve` on a build's store, in its own process, and N clients at once on loopback.

    python bench/serve.py OUT [CLIENTS ...]      # OUT: a build folder (kgbuild build ../shared/corpus -o OUT)

Each client thread (in this process, apart from the server's) sends 20 light queries (a count of the decisions,
ten triples, an ASK), over one keep-alive connection and again with a new connection per request; prints the
answers by status (a 503 must carry Retry-After; an error name is a request that got no HTTP answer), and the
median, 95th percentile and largest latency. Defaults: 16 and 32 clients, and 100 against the server's default
of 64 connections (its 503s). The floor is one client alone, one request at a time.
"""

from __future__ import annotations

import http.client
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
from collections import Counter
from pathlib import Path

QUERIES = ("SELECT (COUNT(*) AS ?n) WHERE { ?d a <http://data.vlaanderen.be/ns/besluit#Besluit> }",
           "SELECT ?s ?p ?o WHERE { ?s ?p ?o } LIMIT 10",
           "ASK { ?s ?p ?o }")
REQUESTS = 20


def client(port: int, k: int, fresh: bool, out: list[tuple[object, float, str | None]], lock: threading.Lock) -> None:
    conn: http.client.HTTPConnection | None = None
    for j in range(REQUESTS):
        body = urllib.parse.urlencode({"query": QUERIES[(k + j) % len(QUERIES)]})
        started = time.perf_counter()
        retry: str | None = None
        try:
            if conn is None:
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            conn.request("POST", "/query", body, {"Content-Type": "application/x-www-form-urlencoded",
                                                  "Accept": "application/sparql-results+json"})
            answer = conn.getresponse()
            answer.read()
            status: object = answer.status
            retry = answer.getheader("Retry-After")
            if fresh or (answer.getheader("Connection") or "").lower() == "close":
                conn.close()
                conn = None
        except OSError as exc:
            status, conn = type(exc).__name__, None
        with lock:
            out.append((status, time.perf_counter() - started, retry))


def run(port: int, clients: int, fresh: bool) -> str:
    out: list[tuple[object, float, str | None]] = []
    lock = threading.Lock()
    threads = [threading.Thread(target=client, args=(port, k, fresh, out, lock)) for k in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    ms = sorted(latency * 1000 for _, latency, _ in out)
    statuses = Counter(str(s) for s, _, _ in out)
    without = sum(1 for s, _, r in out if s == 503 and not r)
    return (f"{clients:>3} clients, {'new connection each' if fresh else 'keep-alive':>19}: "
            f"{dict(sorted(statuses.items()))}{f' ({without} 503 without Retry-After)' if without else ''}; "
            f"p50 {statistics.median(ms):.0f} ms, p95 {ms[int(0.95 * len(ms))]:.0f} ms, max {ms[-1]:.0f} ms")


def main() -> None:
    store = Path(sys.argv[1]) / "store"
    counts = [int(a) for a in sys.argv[2:]] or [16, 32, 100]
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = subprocess.Popen([sys.executable, "-m", "kgbuild.cli", "serve", "--store", str(store), "--port", str(port),
                               "-q"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.1)
        run(port, 2, False)  # the workers' first queries open the store's caches
        print("floor:", run(port, 1, False))
        for n in counts:
            for fresh in (False, True):
                print(run(port, n, fresh))
    finally:
        server.terminate()
        server.wait(10)


if __name__ == "__main__":
    main()
