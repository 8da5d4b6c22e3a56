"""Loading into a real Oxigraph server over the Graph Store Protocol, retries and errors, and `kgbuild serve`."""

from __future__ import annotations

import contextlib
import json
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph, Literal
from rdflib.namespace import RDF

from conftest import AnyMethod, http_server, triple_count
from conftest import run_cli as run
from kgbuild.pipeline.plan import BuildResult
from kgbuild.pipeline.writers import build_into
from kgbuild.query.answers import negotiate
from kgbuild.query.engines import Query, Row, Term, bindings, bound_text, load_query, rows_equal, run_query
from kgbuild.query.http_client import EndpointError, LoadFailed, sparql_query
from kgbuild.query.load import graph_store_url, load
from kgbuild.query.serve import SparqlServer, start
from kgbuild.query.store import open_store, save_store
from kgbuild.rdf.export import serialize, to_turtle

ROOT = Path(__file__).resolve().parent.parent
QUERIES = sorted((ROOT / "queries").glob("*.rq"))
MINI = ROOT / "tests" / "cases" / "all-formats" / "input"
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
# Parameters without a default are optional in every query file (unbound, they select everything); these runs
# also try each with a value the seed has.
PARAM_RUNS = [
    ("grant-provenance.rq", {"decision": "5DF88BFB5084E700080000CA"}),
    ("organisations-with-programme.rq", {"programme": "Digisprong"}),
    ("programme-timeline.rq", {"programme": "City of Things"}),
    ("report-claims.rq", {"report": "000_1331771e99bb3f69"}),
    ("weakest-claims.rq", {"rating": "unsupported"}),
]




def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def http(method: str, url: str, data: bytes | None = None,
         headers: dict[str, str] | None = None) -> tuple[int, dict[str, str], bytes]:
    request = urllib.request.Request(url, data=data, method=method, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, dict(exc.headers), exc.read()


# --- a real Oxigraph server --------------------------------------------------------------------------------------


@dataclass
class Oxigraph:
    base: str

    @property
    def store(self) -> str:
        return f"{self.base}/store"

    @property
    def query(self) -> str:
        return f"{self.base}/query"

    def count(self, graph: str | None = None) -> int:
        text = COUNT if graph is None else f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}"
        (row,) = sparql_query(self.query, text).rows
        assert row[0] is not None
        return int(row[0])


def _oxigraph_binary() -> Path:
    binary = Path(sys.executable).parent / "oxigraph"
    assert binary.is_file(), "the oxigraph server is missing: pip install -e '.[test]' (scripts/test.sh does)"
    return binary


def _wait_until_up(process: subprocess.Popen[bytes], probe: str, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            return False  # exited: most likely the port was taken meanwhile
        try:
            with urllib.request.urlopen(probe, timeout=2):
                return True
        except OSError:
            time.sleep(0.1)
    return False


@contextlib.contextmanager
def running(args: list[str], probe: str, *, start: float = 30, stop: float = 10, cwd: Path | None = None
            ) -> Iterator[bool]:
    """A server started with ``args`` for the block: whether it answered ``probe`` within ``start`` seconds.
    It is stopped on leaving, killed if it takes longer than ``stop`` seconds."""
    process = subprocess.Popen(args, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        yield _wait_until_up(process, probe, start)
    finally:
        process.terminate()
        try:
            process.wait(timeout=stop)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.fixture
def oxigraph(tmp_path: Path) -> Iterator[Oxigraph]:
    binary = _oxigraph_binary()
    for _ in range(3):
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        with running([str(binary), "serve", "--location", str(tmp_path / f"ox-{port}"), "--bind", f"127.0.0.1:{port}"],
                     f"{base}/query?query=ASK%7B%7D") as up:
            if up:
                yield Oxigraph(base)
                return
    pytest.fail("the oxigraph server did not start")


_CONCAT = re.compile(r'GROUP_CONCAT\((?:[^()]|\([^()]*\))*?;\s*separator\s*=\s*"([^"]*)"\s*\)\s+AS\s+\?(\w+)', re.I)
_DEFAULTED = re.compile(r'COALESCE\(\?(\w+),\s*""\)\s+AS\s+\?(\w+)', re.I)


def _concat_sorted(q: Query, variables: list[str], rows: list[Row]) -> list[Row]:
    """Rows with each GROUP_CONCAT column's parts sorted: SPARQL leaves their order to the store."""
    concats = dict((name, sep) for sep, name in _CONCAT.findall(q.text))
    # a GROUP_CONCAT given a default by the outer query: (COALESCE(?inner, "") AS ?outer)
    concats |= {outer: concats[inner] for inner, outer in _DEFAULTED.findall(q.text) if inner in concats}
    columns = {variables.index(name): sep for name, sep in concats.items() if name in variables}

    def fold(i: int, term: Term | None) -> Term | None:
        if i not in columns or not isinstance(term, Literal):
            return term
        text = columns[i].join(sorted(str(term).split(columns[i])))
        return Literal(text, lang=term.language, datatype=term.datatype)

    return [tuple(fold(i, t) for i, t in enumerate(row)) for row in rows]


def compare_queries(endpoint: str, local: ox.Store, skip: frozenset[str] = frozenset(), ordered: bool = True) -> int:
    """Run every queries/*.rq (defaults, then PARAM_RUNS) on ``endpoint`` and on ``local``; the rows compared,
    in order where the query orders them (unless not ``ordered``). Files named in ``skip`` are left out."""
    runs: list[tuple[Path, dict[str, str]]] = [(path, {}) for path in QUERIES if path.name not in skip]
    runs += [(ROOT / "queries" / name, params) for name, params in PARAM_RUNS if name not in skip]
    rows = 0
    for path, params in runs:
        q = load_query(str(path))
        expected = run_query(q, store=local, params=params)
        where = f"{path.name} {params}"
        try:
            got = sparql_query(endpoint, bound_text(q, bindings(q, params)))
        except Exception as exc:  # which file the endpoint refused
            raise AssertionError(f"{where}: {exc}") from exc
        if q.form == "ASK":
            assert got.boolean is not None and got.boolean == expected.boolean, where
        elif q.form == "SELECT":
            assert got.variables == expected.variables, where
            assert rows_equal(_concat_sorted(q, got.variables, got.rows),
                              _concat_sorted(q, expected.variables, expected.rows), ordered=ordered and q.ordered), \
                where
            rows += len(got.rows)
        else:
            assert got.graph is not None and expected.graph is not None
            assert set(got.graph) == set(expected.graph), where
    return rows


def _memory_store(turtle: bytes) -> ox.Store:
    store = ox.Store()
    store.bulk_load(turtle, ox.RdfFormat.TURTLE)
    return store


@pytest.fixture(scope="module")
def seed_turtle(seed_build: BuildResult, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("seed") / "graph.ttl"
    path.write_bytes(to_turtle(seed_build.graph))
    return path


def _load_and_compare(server: Oxigraph, path: Path, triples: int) -> tuple[float, int]:
    started = time.perf_counter()
    code, out, err = run("load", str(path), "--endpoint", server.store)
    seconds = time.perf_counter() - started
    assert code == 0, err
    assert f"sent {triples:,} triples" in out
    assert server.count() == triples
    rows = compare_queries(server.query, _memory_store(path.read_bytes()))
    return seconds, rows


def test_seed_into_oxigraph(oxigraph: Oxigraph, seed_turtle: Path, seed_build: BuildResult) -> None:
    triples = len(seed_build.graph)
    seconds, rows = _load_and_compare(oxigraph, seed_turtle, triples)
    assert rows > 0
    print(f"\nseed: {triples} triples loaded in {seconds:.2f} s ({triples / seconds:,.0f} triples/s)")


@pytest.mark.corpus
def test_corpus_into_oxigraph(oxigraph: Oxigraph, corpus_build: BuildResult, corpus_turtle: Path) -> None:
    path = corpus_turtle
    triples = triple_count(corpus_build)
    seconds, rows = _load_and_compare(oxigraph, path, triples)
    assert rows > 1000
    print(f"\ncorpus: {triples} triples loaded in {seconds:.1f} s ({triples / seconds:,.0f} triples/s)")


def test_replace_twice_leaves_the_count(oxigraph: Oxigraph, seed_turtle: Path, seed_build: BuildResult,
                                        tmp_path: Path) -> None:
    n = len(seed_build.graph)
    for _ in range(2):
        code, out, err = run("load", str(seed_turtle), "--endpoint", oxigraph.store, "--replace",
                             "--batch-size", "1000")
        assert code == 0, err
        assert f"in {-(-n // 1000)} batch(es)" in out
        assert oxigraph.count() == n
    small = tmp_path / "small.nt"
    small.write_text("<urn:a> <urn:b> <urn:c> .\n")
    assert run("load", str(small), "--endpoint", oxigraph.store)[0] == 0
    assert oxigraph.count() == n + 1  # without --replace the graph grows
    assert run("load", str(small), "--endpoint", oxigraph.store, "--replace")[0] == 0
    assert oxigraph.count() == 1


def test_named_graph(oxigraph: Oxigraph, seed_turtle: Path, seed_build: BuildResult) -> None:
    iri = "https://example.org/graaf/één"  # quoted in the URL
    code, out, err = run("load", str(seed_turtle), "--endpoint", oxigraph.store, "--graph", iri)
    assert code == 0, err
    assert urllib.parse.quote(iri, safe="") in out
    assert oxigraph.count(iri) == len(seed_build.graph)
    assert oxigraph.count() == 0  # the default graph is untouched
    empty = seed_turtle.with_name("empty.ttl")
    empty.write_text("")
    code, out, _ = run("load", str(empty), "--endpoint", oxigraph.store, "--graph", iri, "--replace")
    assert code == 0 and "sent 0 triples" in out
    assert oxigraph.count(iri) == 0  # --replace with nothing deleted the graph


def test_named_graphs_keep_their_names_and_are_replaced_alone(oxigraph: Oxigraph, seed_build: BuildResult,
                                                              tmp_path: Path) -> None:
    nq = tmp_path / "graph.nq"
    nq.write_bytes(serialize(seed_build.graph, "nq"))
    per_graph: dict[str | None, int] = {}
    for q in ox.parse(path=str(nq), format=ox.RdfFormat.N_QUADS):
        name = q.graph_name.value if isinstance(q.graph_name, ox.NamedNode) else None
        per_graph[name] = per_graph.get(name, 0) + 1
    named = sorted(g for g in per_graph if g is not None)
    assert len(named) >= 2
    code, out, err = run("load", str(nq), "--endpoint", oxigraph.store)
    assert code == 0, err
    assert f"({len(per_graph)} graphs)" in out
    assert {g: oxigraph.count(g) for g in named} == {g: per_graph[g] for g in named}
    assert oxigraph.count() == per_graph.get(None, 0)
    # one document again, changed: its graph is replaced, the others stay as they were
    first, rest = named[0], named[1:]
    one = tmp_path / "one.nq"
    one.write_text(f"<urn:a> <urn:b> <urn:c> <{first}> .\n", encoding="utf-8")
    code, _, err = run("load", str(one), "--endpoint", oxigraph.store, "--replace")
    assert code == 0, err
    assert oxigraph.count(first) == 1
    assert {g: oxigraph.count(g) for g in rest} == {g: per_graph[g] for g in rest}


def test_the_parts_of_a_build(oxigraph: Oxigraph, tmp_path: Path) -> None:
    result = build_into(tmp_path / "out", [MINI], executor="serial", partition_files=1)
    assert len(result.parts) > 3
    code, _, err = run("load", str(tmp_path / "out" / "parts"), "--endpoint", oxigraph.store, "--replace",
                         "--batch-size", "500")
    assert code == 0, err
    # the store of the build and the server hold the same; derived integer types are xsd:integer in both
    assert oxigraph.count() == result.report.counts["triples"]
    assert compare_queries(oxigraph.query, ox.Store.read_only(str(tmp_path / "out" / "store"))) > 0
    code, _, err = run("load", str(tmp_path / "out" / "store"), "--endpoint", oxigraph.store)
    assert code == 2 and "a folder without RDF files" in err


def test_wrong_path_is_one_line(oxigraph: Oxigraph, seed_turtle: Path) -> None:
    code, _, err = run("load", str(seed_turtle), "--endpoint", f"{oxigraph.base}/no/such/path")
    assert code == 2 and err.count("\n") == 1 and "404" in err
    code, _, err = run("load", str(seed_turtle), "--endpoint", oxigraph.query)  # the query endpoint takes no data
    assert code == 2 and err.count("\n") == 1 and "415" in err


def test_refused_connection_exits_2_with_one_line(seed_turtle: Path) -> None:
    url = f"http://127.0.0.1:{free_port()}/store"  # nothing listens there
    code, out, err = run("load", str(seed_turtle), "--endpoint", url)
    assert (code, out) == (2, "")
    assert err == f"kgbuild: {url}?default: connection refused (is the server running?)\n"


@pytest.mark.parametrize("url", ["ftp://example.org/store", "localhost:7878/store", "http://:80/store",
                                 "http://127.0.0.1:99999/store"])
def test_bad_url_exits_2(url: str, seed_turtle: Path) -> None:
    code, _, err = run("load", str(seed_turtle), "--endpoint", url)
    assert code == 2 and err.startswith(f"kgbuild: {url}") and err.count("\n") == 1


def test_urls() -> None:
    assert graph_store_url("http://h:1/store") == "http://h:1/store?default"
    assert graph_store_url("http://h/ds/data", "urn:x:y") == "http://h/ds/data?graph=urn%3Ax%3Ay"
    assert graph_store_url("http://h/s?repo=1", "urn:x") == "http://h/s?repo=1&graph=urn%3Ax"


# --- a scripted server: retries, refusals, batches ---------------------------------------------------------------

Action = tuple[int, str, dict[str, str]] | str  # (status, body, headers), or "reset" to drop the connection


@dataclass
class Script:
    actions: list[Action]
    requests: list[tuple[str, str, str, bytes]] = field(default_factory=list)  # method, path, content type, body
    default: Action = (204, "", {})


@pytest.fixture
def scripted() -> Iterator[tuple[Script, str]]:
    script = Script([])

    class Handler(AnyMethod):
        def _any(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else b""
            script.requests.append((self.command, self.path, self.headers.get("Content-Type", ""), body))
            action = script.actions.pop(0) if script.actions else script.default
            if action == "reset":
                self.close_connection = True
                self.connection.shutdown(socket.SHUT_RDWR)
                return
            assert not isinstance(action, str)
            status, text, headers = action
            self.send_response(status)
            for name, value in headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(text.encode())))
            self.end_headers()
            self.wfile.write(text.encode())

    with http_server(Handler) as base:
        yield script, f"{base}/gsp"  # no known update endpoint: direct loads


def _sleeps() -> tuple[list[float], Callable[[float], None]]:
    slept: list[float] = []
    return slept, slept.append


@pytest.mark.slow
def test_batches_put_then_post(scripted: tuple[Script, str], seed_build: BuildResult) -> None:
    script, url = scripted
    graph = seed_build.graph
    result = load(graph, url, replace=True, batch_size=1000)
    n = len(graph)
    assert (result.triples, result.batches) == (n, -(-n // 1000))
    methods = [r[0] for r in script.requests]
    assert methods == ["PUT"] + ["POST"] * (result.batches - 1)
    assert {r[1] for r in script.requests} == {"/gsp?default"}
    assert {r[2] for r in script.requests} == {"application/n-triples"}
    sent = Graph()
    for *_, body in script.requests:
        assert body.count(b"\n") <= 1000
        sent.parse(data=body, format="nt")
    assert set(sent) == set(graph)


@pytest.mark.slow
def test_transient_failures_are_retried(scripted: tuple[Script, str], seed_turtle: Path) -> None:
    script, url = scripted
    script.actions = [(503, "busy", {}), "reset", (502, "", {}), (429, "", {"Retry-After": "3"}),
                      (500, "restarting", {"Retry-After": "1"})]
    slept, sleep = _sleeps()
    result = load(seed_turtle, url, batch_size=100_000, retries=5, sleep=sleep)
    assert result.batches == 1 and len(script.requests) == 6
    assert slept == [0.5, 1.0, 2.0, 3.0, 1.0]  # doubling, then what the server asked for (a 500 that asks too)
    script.actions = [(503, "", {})] * 3
    slept.clear()
    load(seed_turtle, url, retries=3, sleep=sleep)
    assert slept == [0.5, 1.0, 2.0]


@pytest.mark.slow
def test_giving_up_after_the_retries_says_what_was_stored(scripted: tuple[Script, str], seed_turtle: Path,
                                                         seed_build: BuildResult) -> None:
    script, url = scripted
    script.actions = [(204, "", {})] + [(503, "Service Unavailable: try later", {})] * 4
    slept, sleep = _sleeps()
    with pytest.raises(LoadFailed) as info:
        load(seed_turtle, url, batch_size=1000, retries=3, sleep=sleep)
    message = str(info.value)
    assert "POST failed after 4 tries: 503" in message and "try later" in message
    assert message.endswith("; 1000 triples were stored before")
    assert info.value.exit_code == 1 and "\n" not in message and len(slept) == 3


@pytest.mark.slow
def test_rejected_data_exits_1_with_the_server_message(scripted: tuple[Script, str], seed_turtle: Path) -> None:
    script, url = scripted
    page = "<html><head><style>p {}</style></head><body><h1>Bad data</h1>\n<p>line 3: unexpected &lt;</p></body></html>"
    script.actions = [(400, page, {"Content-Type": "text/html"})]
    code, out, err = run("load", str(seed_turtle), "--endpoint", url)
    assert (code, out) == (1, "")
    assert err == f"kgbuild: {url}?default: the server refused the request: 400 Bad Request: Bad data line 3: " \
                  "unexpected <\n"
    script.actions = [(413, "x" * 5000, {})]
    code, _, err = run("load", str(seed_turtle), "--endpoint", url, "--retries", "0")
    assert code == 1 and err.count("\n") == 1 and len(err) < 400 and err.rstrip().endswith("...")
    script.actions = [(500, "boom", {})]  # final: not tried again, whatever --retries says
    code, _, err = run("load", str(seed_turtle), "--endpoint", url, "--retries", "3")
    assert code == 1 and err == f"kgbuild: {url}?default: the server refused the request: 500 Internal Server " \
                                "Error: boom\n"
    assert script.actions == [] and len(script.requests) == 3


@pytest.mark.parametrize(("status", "headers", "expected"), [
    (401, {}, "401 Unauthorized"),
    (403, {}, "403 Forbidden"),
    (405, {}, "405 Method Not Allowed"),
    (301, {"Location": "http://elsewhere/store"}, "redirected (301) to http://elsewhere/store; give that URL"),
])
@pytest.mark.slow
def test_endpoint_refusals_exit_2(status: int, headers: dict[str, str], expected: str,
                                  scripted: tuple[Script, str], seed_turtle: Path) -> None:
    script, url = scripted
    script.actions = [(status, "", headers)]
    code, _, err = run("load", str(seed_turtle), "--endpoint", url)
    assert code == 2 and expected in err and err.count("\n") == 1
    assert len(script.requests) == 1  # not retried


@pytest.mark.slow
def test_timeout_is_transient(seed_turtle: Path) -> None:
    with socket.socket() as silent:  # accepts connections, never answers
        silent.bind(("127.0.0.1", 0))
        silent.listen()
        slow = f"http://127.0.0.1:{silent.getsockname()[1]}/store"
        slept, sleep = _sleeps()
        with pytest.raises(LoadFailed, match=r"POST failed after 2 tries: no complete answer within 0\.2 s$"):
            load(seed_turtle, slow, retries=1, timeout=0.2, sleep=sleep)
        assert slept == [0.5]


@pytest.mark.slow
def test_replace_with_nothing_deletes_the_graph(scripted: tuple[Script, str], tmp_path: Path) -> None:
    script, url = scripted
    empty = tmp_path / "empty.nt"
    empty.write_text("")
    script.actions = [(404, "no such graph", {})]
    result = load(empty, url, graph="urn:g", replace=True)
    assert (result.triples, result.batches) == (0, 1)
    assert [(m, p) for m, p, *_ in script.requests] == [("DELETE", "/gsp?graph=urn%3Ag")]
    assert load(empty, url).batches == 0  # nothing to add: no request


def test_bad_arguments(tmp_path: Path) -> None:
    code, _, err = run("load", str(tmp_path / "nope.ttl"), "--endpoint", "http://127.0.0.1:1/store")
    assert code == 2 and err == f"kgbuild: {tmp_path / 'nope.ttl'}: no such file\n"
    code, _, err = run("load", "--endpoint", "http://127.0.0.1:1/store", "--graph", "not an iri")
    assert code == 2 and err == "kgbuild: --graph 'not an iri': not a valid IRI\n"
    assert run("load", str(tmp_path))[0] == 2  # --endpoint is required
    assert run("load", "--endpoint", "http://h/s", "--batch-size", "0")[0] == 2
    with pytest.raises(EndpointError):
        load(Graph(), "not a url")


# --- kgbuild serve -----------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def seed_store_dir(seed_build: BuildResult, tmp_path_factory: pytest.TempPathFactory) -> Path:
    directory = tmp_path_factory.mktemp("serve") / "store"
    save_store(seed_build.graph, directory)
    return directory


@pytest.fixture(scope="module")
def seed_store(seed_store_dir: Path) -> ox.Store:
    return open_store(seed_store_dir)


@pytest.fixture
def served(seed_store_dir: Path) -> Iterator[SparqlServer]:
    server, thread = start(seed_store_dir)
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


@pytest.mark.slow
def test_serve_answers_every_query_file_as_the_store_does(served: SparqlServer, seed_store: ox.Store) -> None:
    assert served.server_address[0] == "127.0.0.1"
    assert compare_queries(served.url, seed_store) > 0


@pytest.mark.slow
def test_serve_formats(served: SparqlServer, seed_build: BuildResult) -> None:
    n = len(seed_build.graph)
    query = urllib.parse.quote(COUNT)
    status, headers, body = http("GET", f"{served.url}?query={query}")
    assert status == 200 and headers["Content-Type"] == "application/sparql-results+json"
    assert json.loads(body)["results"]["bindings"][0]["n"]["value"] == str(n)
    status, headers, body = http("GET", f"{served.url}?query={query}", headers={"Accept": "text/csv"})
    assert (status, body) == (200, f"n\r\n{n}\r\n".encode()) and headers["Content-Type"].startswith("text/csv")
    status, _, body = http("POST", served.url, COUNT.encode(), {"Content-Type": "application/sparql-query",
                                                                "Accept": "text/tab-separated-values"})
    assert (status, body.split(b"\n")[0]) == (200, b"?n")
    status, _, body = http("POST", served.url, urllib.parse.urlencode({"query": COUNT}).encode(),
                           {"Content-Type": "application/x-www-form-urlencoded",
                            "Accept": "application/sparql-results+xml"})
    assert status == 200 and body.startswith(b"<?xml")
    construct = "CONSTRUCT { ?s a ?o } WHERE { ?s a ?o }"
    status, headers, body = http("GET", f"{served.url}?query={urllib.parse.quote(construct)}")
    assert status == 200 and headers["Content-Type"].startswith("text/turtle")
    types = set(seed_build.graph.triples((None, RDF.type, None)))
    assert set(Graph().parse(data=body, format="turtle")) == types
    status, headers, body = http("GET", f"{served.url}?query={urllib.parse.quote(construct)}",
                                 headers={"Accept": "application/n-triples"})
    assert status == 200 and len(body.splitlines()) == len(types)
    ask = sparql_query(served.url, "ASK { ?s ?p ?o }")
    assert ask.boolean is True


@pytest.mark.slow
def test_serve_refuses_updates_and_bad_queries(served: SparqlServer) -> None:
    form = {"Content-Type": "application/x-www-form-urlencoded"}
    cases = [
        ("GET", f"{served.url}?query=SELEC", None, {}, 400, "syntax error"),
        ("GET", served.url, None, {}, 400, "missing the query parameter"),
        ("POST", served.url, b"update=INSERT+DATA+%7B%3Curn%3Aa%3E+%3Curn%3Ab%3E+%3Curn%3Ac%3E%7D", form, 403,
         "read-only"),
        ("POST", served.url, b"INSERT DATA {}", {"Content-Type": "application/sparql-update"}, 403, "read-only"),
        ("PUT", served.url, b"<urn:a> <urn:b> <urn:c> .", {"Content-Type": "application/n-triples"}, 405,
         "read-only"),
        ("DELETE", served.url, None, {}, 405, "read-only"),
        ("GET", served.url.replace("/query", "/store"), None, {}, 404, "no such path"),
        ("GET", f"{served.url}?query=ASK%7B%7D", None, {"Accept": "image/png"}, 406, "answer in"),
        ("POST", served.url, b"query=ASK{}", {"Content-Type": "text/plain"}, 415, "send the query"),
    ]
    for method, url, data, headers, status, text in cases:
        got, _, body = http(method, url, data, headers)
        assert got == status and text in body.decode() and body.count(b"\n") == 1, (method, url, body)
    # an INSERT sent as a query does not parse as one
    got, _, body = http("POST", served.url, urllib.parse.urlencode({"query": "INSERT DATA {}"}).encode(), form)
    assert got == 400
    with pytest.raises(LoadFailed, match="400 Bad Request: syntax error"):
        sparql_query(served.url, "SELECT WHERE")
    assert sparql_query(served.url, COUNT).rows  # still serving after the errors


def test_negotiation() -> None:
    offered = ["application/sparql-results+json", "application/xml", "text/csv"]
    assert negotiate("", offered) == offered[0]
    assert negotiate("*/*", offered) == offered[0]
    assert negotiate("text/*", offered) == "text/csv"
    assert negotiate("text/csv;q=0.5, application/xml", offered) == "application/xml"
    assert negotiate("text/html, application/xml;q=0.9, */*;q=0.8", offered) == "application/xml"
    assert negotiate("image/png", offered) is None
    assert negotiate("text/csv;q=0", offered) is None


@pytest.mark.slow
def test_serve_command(seed_store: ox.Store, seed_build: BuildResult, tmp_path: Path) -> None:
    directory = tmp_path / "store"
    save_store(seed_build.graph, directory)
    process = subprocess.Popen([sys.executable, "-m", "kgbuild.cli", "serve", "--store", str(directory), "-q"],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert process.stdout is not None
        line = process.stdout.readline()
        assert line.startswith(f"serving {directory} read-only at http://127.0.0.1:"), line
        url = line.split(" at ")[1].split()[0]
        (row,) = sparql_query(url, COUNT).rows
        assert int(str(row[0])) == len(seed_build.graph)
    finally:
        process.terminate()
        process.wait(timeout=10)
        for stream in (process.stdout, process.stderr):
            if stream is not None:
                stream.close()


def test_serve_errors(tmp_path: Path) -> None:
    code, _, err = run("serve", "--store", str(tmp_path / "nostore"))
    assert code == 2 and err.startswith(f"kgbuild: {tmp_path / 'nostore'}: no such store") and err.count("\n") == 1
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        directory = tmp_path / "store"
        save_store(b"<urn:a> <urn:b> <urn:c> .\n", directory)
        code, _, err = run("serve", "--store", str(directory), "--port", str(port))
        assert code == 2 and f"cannot listen on 127.0.0.1:{port}" in err and err.count("\n") == 1


def test_query_command_asks_an_endpoint(oxigraph: Oxigraph, seed_turtle: Path) -> None:
    """The endpoint engine: the same query file answers the same over HTTP as on the local store."""
    code, _, err = run("load", str(seed_turtle), "--endpoint", oxigraph.store, "--replace")
    assert code == 0, err
    query = str(ROOT / "queries" / "money-per-organisation.rq")
    local = run("query", query, "--graph", str(seed_turtle), "--format", "csv")
    remote = run("query", query, "--endpoint", oxigraph.query, "--format", "csv")
    assert local[0] == remote[0] == 0 and local[1] == remote[1] and local[1].count("\n") > 2
    code, out, _ = run("query", "ASK { ?s a <https://schema.org/Nothing> }", "--endpoint", oxigraph.query)
    assert code == 1 and out.strip() == "false"
    code, _, err = run("query", COUNT, "--endpoint", oxigraph.query, "--store", str(seed_turtle.parent / "store"))
    assert code == 2 and "one of --graph, --store and --endpoint" in err
    code, _, err = run("query", COUNT, "--engine", "endpoint", "--graph", str(seed_turtle))
    assert code == 2 and "--endpoint URL" in err
