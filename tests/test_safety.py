"""Issue 12: hostile input, faults and a hostile web page. Each test is the reproducer of one item."""

from __future__ import annotations

import contextlib
import errno
import json
import os
import re
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
from collections.abc import Iterator
from http.client import HTTPConnection
from pathlib import Path

import pytest
from rdflib import Graph

from conftest import SEEDS, AnyMethod, http_server, run_cli
from kgbuild.outputs import LOCK, MANIFEST, OutputError, locked
from kgbuild.pipeline.cache import Cache
from kgbuild.query.serve import SparqlServer, start
from kgbuild.readers import read_bytes
from test_load import COUNT, Oxigraph, free_port, http, oxigraph  # noqa: F401 -- the fixture

SEED_REPORT = next(SEEDS.glob("*.txt"))


def _build(tmp_path: Path, *args: str, name: str = "out") -> Path:
    out = tmp_path / name
    code, _, err = run_cli("build", *args, "-o", str(out), "--no-validate", "--executor", "serial", "-q")
    assert code == 0, err
    return out


@pytest.fixture(scope="module")
def seed_out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _build(tmp_path_factory.mktemp("safety"), str(SEEDS))


@contextlib.contextmanager
def _listener() -> Iterator[tuple[int, list[bytes]]]:
    """A socket on 127.0.0.1 that records every connection made to it: the target of an SSRF."""
    seen: list[bytes] = []
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen()
    server.settimeout(0.2)
    stop = threading.Event()

    def accept() -> None:
        while not stop.is_set():
            try:
                conn, _ = server.accept()
            except OSError:
                continue
            with conn:
                conn.settimeout(1)
                with contextlib.suppress(OSError):
                    seen.append(conn.recv(1000))

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    try:
        yield server.getsockname()[1], seen
    finally:
        stop.set()
        thread.join(timeout=5)
        server.close()


@pytest.fixture
def served(seed_out: Path) -> Iterator[SparqlServer]:
    server, thread = start(seed_out / "store", timeout=2, workers=1, max_connections=4, read_timeout=1)
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


def _get(server: SparqlServer, query: str, headers: dict[str, str] | None = None) -> tuple[int, dict[str, str], bytes]:
    return http("GET", f"{server.url}?query={urllib.parse.quote(query)}", headers=headers)


# --- 1. SSRF ---------------------------------------------------------------------------------------------------


@pytest.mark.slow
def test_serve_refuses_service_and_sends_nothing(served: SparqlServer) -> None:
    with _listener() as (port, seen):
        for query in (f"SELECT * WHERE {{ SERVICE <http://127.0.0.1:{port}/x> {{ ?s ?p ?o }} }}",
                      f"SELECT * WHERE {{ SERVICE SILENT <http://127.0.0.1:{port}/x> {{ ?s ?p ?o }} }}",
                      f"select * {{ service <http://127.0.0.1:{port}/x> {{ ?s ?p ?o }} }}"):
            status, _, body = _get(served, query)
            assert status == 403 and b"SERVICE" in body and body.count(b"\n") == 1
        time.sleep(0.5)
        assert seen == []
    # the word inside a string or an IRI is no SERVICE call
    status, _, _ = _get(served, 'SELECT * WHERE { ?s ?p "SERVICE" } LIMIT 1')
    assert status == 200


@pytest.mark.parametrize("engine", ["oxigraph", "rdflib"])
@pytest.mark.slow
def test_query_refuses_service_unless_allowed(seed_out: Path, engine: str) -> None:
    with _listener() as (port, seen):
        query = f"SELECT * WHERE {{ SERVICE <http://127.0.0.1:{port}/sparql> {{ ?s ?p ?o }} }}"
        code, _, err = run_cli("query", query, "--store", str(seed_out / "store"), "--engine", engine)
        assert code == 2 and "--allow-service" in err and err.count("\n") == 1
        time.sleep(0.3)
        assert seen == []
        if engine == "rdflib":  # rdflib would also fetch FROM <...>
            code, _, err = run_cli("query", f"SELECT * FROM <http://127.0.0.1:{port}/g> WHERE {{ ?s ?p ?o }}",
                                   "--store", str(seed_out / "store"), "--engine", engine)
            assert code == 2 and "FROM" in err
            time.sleep(0.3)
            assert seen == []


# --- 6. a failed SERVICE call: its own exit code, one line --------------------------------------------------------


@pytest.mark.parametrize("engine", ["oxigraph", "rdflib"])
def test_failed_service_call_exits_3_with_one_line(seed_out: Path, engine: str) -> None:
    port = free_port()  # nothing listens there
    query = f"SELECT * WHERE {{ SERVICE <http://127.0.0.1:{port}/sparql> {{ ?s ?p ?o }} }}"
    code, _, err = run_cli("query", query, "--store", str(seed_out / "store"), "--engine", engine,
                           "--allow-service")
    assert code == 3, err
    assert err.startswith("kgbuild: ") and "the query failed" in err and err.count("\n") == 1
    assert "Traceback" not in err


# --- 2. time limits -------------------------------------------------------------------------------------------

HEAVY = "SELECT (COUNT(*) AS ?n) { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


@pytest.mark.slow
def test_serve_stops_a_query_at_its_deadline(served: SparqlServer) -> None:
    started = time.monotonic()
    status, _, body = _get(served, HEAVY)
    assert status == 503 and b"limit of 2 s" in body
    assert time.monotonic() - started < 10
    # the worker was killed, not left running: one live worker, and it answers
    time.sleep(0.2)
    alive = [w for w in served.pool._all if w.process.is_alive()]
    assert len(alive) == 1
    status, _, _ = _get(served, COUNT)
    assert status == 200


@pytest.mark.slow
def test_query_timeout_exits_3(seed_out: Path) -> None:
    started = time.monotonic()
    code, _, err = run_cli("query", HEAVY, "--store", str(seed_out / "store"), "--timeout", "1")
    assert code == 3 and "longer than 1 s" in err and err.count("\n") == 1
    assert time.monotonic() - started < 15


# --- 3. DNS rebinding -------------------------------------------------------------------------------------------


@pytest.mark.slow
def test_serve_answers_only_local_host_names(served: SparqlServer) -> None:
    port = served.server_address[1]
    for host in (f"evil.example:{port}", "127.0.0.1", f"127.0.0.1:{port + 1}", f"attacker.127.0.0.1.nip.io:{port}"):
        status, _, body = _get(served, COUNT, {"Host": host})
        assert status == 403 and b"Host" in body, host
    for host in (f"127.0.0.1:{port}", f"localhost:{port}", f"[::1]:{port}", f"LOCALHOST:{port}"):
        status, _, _ = _get(served, COUNT, {"Host": host})
        assert status == 200, host


# --- 4. idle and slow clients, bounded connections ----------------------------------------------------------


def _closed_within(sock: socket.socket, seconds: float) -> bool:
    sock.settimeout(seconds)
    try:
        while sock.recv(1000):
            pass
        return True
    except (TimeoutError, OSError):
        return False


@pytest.mark.slow
def test_idle_and_trickling_clients_are_cut_off(served: SparqlServer) -> None:
    port = served.server_address[1]
    with socket.create_connection(("127.0.0.1", port)) as idle:
        assert _closed_within(idle, 5)
    with socket.create_connection(("127.0.0.1", port)) as slow:
        started = time.monotonic()
        request = f"GET /query?query=ASK%7B%7D HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n".encode()
        with contextlib.suppress(OSError):
            for byte in request * 10:  # a byte every 0.1 s: never idle for the per-read timeout
                slow.send(bytes([byte]))
                time.sleep(0.1)
                if time.monotonic() - started > 6:
                    break
        assert time.monotonic() - started < 6  # cut after read_timeout (1 s), not after the whole trickle
        assert _closed_within(slow, 5)


@pytest.mark.slow
def test_connections_are_bounded(served: SparqlServer) -> None:
    port = served.server_address[1]
    held = [socket.create_connection(("127.0.0.1", port)) for _ in range(4)]
    try:
        time.sleep(0.2)
        with socket.create_connection(("127.0.0.1", port)) as extra, \
                socket.create_connection(("127.0.0.1", port)) as silent:
            extra.settimeout(5)
            extra.sendall(f"GET /query?query=ASK%7B%7D HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n".encode())
            answer = extra.recv(1000)
            assert answer.startswith(b"HTTP/1.1 503") and b"\r\nRetry-After: 1\r\n" in answer
            silent.settimeout(5)
            assert silent.recv(100).startswith(b"HTTP/1.1 503")  # even a client that sends nothing is answered
    finally:
        for s in held:
            s.close()
    time.sleep(1.5)  # the held ones are cut by the read deadline; the server answers again
    status, _, _ = _get(served, COUNT)
    assert status == 200


@pytest.mark.slow
def test_under_load_every_request_gets_an_http_answer(served: SparqlServer) -> None:
    """16 clients at once against 4 connections and 1 worker: each request is answered, 200 or 503 with
    Retry-After; none is reset or left unanswered (a bounded load on loopback; the latencies are bench/'s)."""
    port, answers, lock = served.server_address[1], [], threading.Lock()

    def client(k: int) -> None:
        for j in range(10):
            conn = HTTPConnection("127.0.0.1", port, timeout=20)
            try:
                conn.request("GET", "/query?query=" + urllib.parse.quote(COUNT if (k + j) % 2 else "ASK {}"),
                             headers={"Accept": "application/sparql-results+json"})
                r = conn.getresponse()
                r.read()
                got: tuple[object, str | None] = (r.status, r.getheader("Retry-After"))
            except OSError as exc:
                got = (type(exc).__name__, None)
            finally:
                conn.close()
            with lock:
                answers.append(got)

    threads = [threading.Thread(target=client, args=(k,)) for k in range(16)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert len(answers) == 160
    assert {status for status, _ in answers} <= {200, 503}, answers
    assert all(retry == "1" for status, retry in answers if status == 503)
    assert sum(status == 200 for status, _ in answers) >= 16


# --- 5. a store replaced by a rebuild ----------------------------------------------------------------------


@pytest.mark.slow
def test_serve_notices_a_rebuild(tmp_path: Path) -> None:
    out = _build(tmp_path, str(SEEDS))
    server, thread = start(out / "store", timeout=10, workers=1)
    try:
        status, headers, body = _get(server, COUNT, {"Accept": "text/csv"})
        before, first = headers["X-Kgbuild-Build"], int(body.split()[1])
        assert before == json.loads((out / MANIFEST).read_text())["build"]
        report = tmp_path / "in" / "r.md"
        report.parent.mkdir()
        report.write_text(SEED_REPORT.read_text(encoding="utf-8").replace("Slimme Regio", "Slimme Streek"),
                          encoding="utf-8")
        _build(tmp_path, str(report.parent))
        status, headers, body = _get(server, COUNT, {"Accept": "text/csv"})
        assert status == 200 and headers["X-Kgbuild-Build"] != before
        assert int(body.split()[1]) != first or headers["X-Kgbuild-Build"] != before
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


# --- 7. terminal escapes --------------------------------------------------------------------------------------

ESCAPES = ("\x1b]0;pwned\x07", "\x1b[2J", "\x9b31m")


@pytest.mark.slow
def test_control_characters_never_reach_the_terminal(tmp_path: Path) -> None:
    text = SEED_REPORT.read_text(encoding="utf-8")
    # a claim and a decision title carrying terminal commands
    text = text.replace("Slimme Regio", "Slimme " + "".join(ESCAPES) + "Regio", 3)
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "r.md").write_text(text, encoding="utf-8")
    out = _build(tmp_path, str(tmp_path / "in"))
    outputs = [
        run_cli("claims", "--store", str(out / "store")),
        run_cli("query", "SELECT ?t WHERE { ?c <https://schema.org/text> ?t }", "--store", str(out / "store")),
        run_cli("viz", str(out / "graph.ttl"), "--theme", "Slimme"),
    ]
    seen = "".join(o + e for _, o, e in outputs)
    assert "pwned" in seen or "Slimme" in seen
    assert not re.search("[\x00-\x08\x0b-\x1f\x7f-\x9f]", seen)


# --- 8. IRIs from input ----------------------------------------------------------------------------------------


def test_invalid_iris_are_encoded_with_a_warning(tmp_path: Path, corpus_path: Path) -> None:
    report = json.loads(next((corpus_path / "reports").glob("*/clean_responses.json")).read_text(encoding="utf-8"))
    first = sorted(report["references"])[0]
    report["references"][first]["source_url"] = "https://beslissingen.example/a b?x=<y>"
    record_path = next((corpus_path / "bucket" / "ingestion").rglob("document.json"))
    record = json.loads(record_path.read_text(encoding="utf-8"))
    record["attributes"]["uri"] = 'http://themis.example/id/"x"'
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "report.json").write_text(json.dumps(report), encoding="utf-8")
    (tmp_path / "in" / "record.json").write_text(json.dumps(record), encoding="utf-8")
    out = tmp_path / "out"
    code, _, err = run_cli("build", str(tmp_path / "in"), "-o", str(out), "--no-validate", "--executor", "serial")
    assert code == 0, err
    assert "report.json: reference" in err
    assert "percent-encoded as 'https://beslissingen.example/a%20b?x=%3Cy%3E'" in err
    assert "record.json: uri" in err and "%22x%22" in err
    graph = Graph().parse(out / "graph.ttl")  # the Turtle is valid
    assert any("a%20b" in str(o) for o in graph.objects())


# --- 9. inputs that crashed the reader ------------------------------------------------------------------------


@pytest.mark.slow
def test_hostile_files_are_one_skipped_line_each(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "deep.json").write_text('{"body": ' + "[" * 100_000 + "]" * 100_000 + ', "references": {}}')
    (folder / "surrogate.json").write_text(
        '{"heading": "x\\ud800", "body": "# T\\n\\n- a claim \\\\[1\\\\]\\n", "references": {"1": '
        '{"s3_filename_clean": "clean/2021/01/2021-01-01-nota-AAAAAAAAAAAAAAAAAAAAAAAA.txt", '
        '"s3_clean_content": "Titel \\udfff tekst"}}}')
    os.symlink(folder / "b", folder / "a")
    os.symlink(folder / "a", folder / "b")
    bad_name = os.fsencode(str(folder)) + b"/bad\xff.md"
    with open(bad_name, "wb") as f:
        f.write(SEED_REPORT.read_bytes())
    (folder / "seed.md").write_bytes(SEED_REPORT.read_bytes())
    out = tmp_path / "out"
    code, _stdout, err = run_cli("build", str(folder), "-o", str(out), "--no-validate", "--executor", "serial")
    assert code == 0, err
    lines = err.splitlines()
    assert any(line.startswith("skipped: deep.json: JSON nested too deep") for line in lines)
    assert any(line.startswith("skipped: a: unreadable") for line in lines)
    assert any(line.startswith("skipped: b: unreadable") for line in lines)
    assert any(line.startswith("skipped: bad\\xff.md: file name is not valid UTF-8") for line in lines)
    assert not any("surrogate.json" in line and line.startswith("skipped") for line in lines)
    report = json.loads((out / "build-report.json").read_text())
    assert report["inputs"]["skipped"] == 4 and report["skipped_files"] == 4
    graph = (out / "graph.ttl").read_text(encoding="utf-8")
    assert "\ufffd" in graph  # the lone surrogate, written as U+FFFD
    assert report["counts"]["reports"] == 2  # the seed and the JSON report: nothing valid was lost


@pytest.mark.slow
def test_oversized_files_are_skipped_unread(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "seed.md").write_bytes(SEED_REPORT.read_bytes())
    (folder / "2021-01-01-nota-BBBBBBBBBBBBBBBBBBBBBBBB.txt").write_bytes(b"Titel " + b"x " * 600_000)
    code, _, err = run_cli("build", str(folder), "-o", str(tmp_path / "out"), "--no-validate", "--executor",
                           "serial", "--max-file-size", "1000000")
    assert code == 0
    assert "skipped: 2021-01-01-nota-BBBBBBBBBBBBBBBBBBBBBBBB.txt: larger than the limit of 1,000,000 bytes" in err


# --- 11. folders that cannot be read ---------------------------------------------------------------------------


@pytest.mark.slow
def test_a_folder_too_deep_to_list_is_a_problem(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "seed.md").write_bytes(SEED_REPORT.read_bytes())
    # a chain of folders whose full path is longer than the system allows (PATH_MAX 4096): made relative
    here = os.getcwd()
    try:
        os.chdir(folder)
        for _ in range(30):
            name = "d" * 200
            os.mkdir(name)
            os.chdir(name)
        with open("deep.md", "wb") as f:
            f.write(SEED_REPORT.read_bytes())
    finally:
        os.chdir(here)
    out = tmp_path / "out"
    code, _, err = run_cli("build", str(folder), "-o", str(out), "--no-validate", "--executor", "serial", "--strict")
    assert code == 1
    assert re.search(r"skipped: \S+: folder not read: File name too long", err), err
    assert json.loads((out / "build-report.json").read_text())["skipped_files"] >= 1


def test_an_unlistable_folder_is_a_problem(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # as root no permission stops a read: the fault is injected where the walk lists the folder
    folder = tmp_path / "in"
    (folder / "locked").mkdir(parents=True)
    (folder / "seed.md").write_bytes(SEED_REPORT.read_bytes())
    real = os.scandir

    def scandir(path: str) -> object:
        if str(path).endswith("locked"):
            raise PermissionError(errno.EACCES, "Permission denied", path)
        return real(path)

    monkeypatch.setattr("kgbuild.readers.os.scandir", scandir)
    from kgbuild.analysis import read_corpus

    corpus = read_corpus([folder])
    assert [(p.path, p.message, p.skipped) for p in corpus.problems] == [
        ("locked", "folder not read: Permission denied", True)]


# --- 12. the cache cannot run code or crash the build ---------------------------------------------------------


@pytest.mark.slow
def test_a_damaged_or_planted_cache_entry_is_a_miss(tmp_path: Path) -> None:
    out = tmp_path / "out"
    _build(tmp_path, str(SEEDS), "--cache", str(tmp_path / "cache"))
    entries = sorted(p for p in (tmp_path / "cache").rglob("*") if p.is_file() and p.stat().st_size)
    assert entries
    marker = tmp_path / "pwned"
    import pickle

    class Boom:
        def __reduce__(self) -> tuple[object, ...]:
            return (os.system, (f"touch {marker}",))

    for i, entry in enumerate(entries):
        data = bytearray(entry.read_bytes())
        if i % 3 == 0:
            data[len(data) // 2] ^= 0x10  # one flipped bit
        elif i % 3 == 1:
            data = bytearray(pickle.dumps(Boom()))  # a planted pickle
        else:
            data = data[: len(data) // 3]  # truncated
        entry.write_bytes(bytes(data))
    reference = (out / "graph.ttl").read_bytes()
    again = _build(tmp_path, str(SEEDS), "--cache", str(tmp_path / "cache"), name="again")
    assert (again / "graph.ttl").read_bytes() == reference
    assert not marker.exists()
    assert Cache(tmp_path / "cache").get("read", "0" * 64) is None


# --- 13. atomic outputs ---------------------------------------------------------------------------------------


@pytest.mark.slow
def test_a_failed_write_leaves_no_temporaries_and_one_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = _build(tmp_path, str(SEEDS))
    before = (out / "graph.ttl").read_bytes()

    def full(fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr("kgbuild.outputs.os.fsync", full)
    code, _, err = run_cli("build", str(SEEDS), "-o", str(out), "--no-validate", "--executor", "serial", "-q")
    assert code == 2 and err.count("\n") == 1 and "No space left on device" in err
    assert (out / "graph.ttl").read_bytes() == before  # the old file, whole
    assert not [p for p in out.iterdir() if ".tmp" in p.name or p.name.startswith(".store.new")]
    assert not (out / MANIFEST).exists()  # incomplete: readers refuse it until a build completes
    code, _, err = run_cli("query", COUNT, "--store", str(out / "store"))
    assert code == 2 and "no complete build here" in err


def test_an_output_path_that_is_a_file_is_one_line(tmp_path: Path) -> None:
    blocker = tmp_path / "out"
    blocker.write_text("not a folder")
    code, _, err = run_cli("build", str(SEEDS), "-o", str(blocker), "--no-validate", "--executor", "serial")
    assert code == 2 and err.count("\n") == 1 and str(blocker) in err


# --- 14. lock and manifest --------------------------------------------------------------------------------------


def test_a_second_build_into_a_locked_folder_is_refused(tmp_path: Path) -> None:
    out = tmp_path / "out"
    with locked(out):
        code, _, err = run_cli("build", str(SEEDS), "-o", str(out), "--no-validate", "--executor", "serial")
    assert code == 2 and "another kgbuild build is writing" in err
    with locked(out), pytest.raises(OutputError), locked(out):  # a second holder, even in this process, fails
        pass


@pytest.mark.slow
def test_readers_refuse_a_folder_that_does_not_match_its_manifest(tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    out = _build(tmp_path, str(SEEDS))
    other = _build(tmp_path, str(SEEDS), "--reason", "none", name="other")
    assert run_cli("query", COUNT, "--store", str(out / "store"))[0] == 0
    # a graph.ttl from another build beside this build's store (a kill between the two writes)
    (out / "graph.ttl").write_bytes((other / "graph.ttl").read_bytes())
    for args in (("query", COUNT, "--graph", str(out / "graph.ttl")), ("viz", str(out / "graph.ttl")),
                 ("query", COUNT, "--engine", "rdflib", "--store", str(out / "store"))):
        code, _, err = run_cli(*args)
        assert code == 2 and "changed since the build" in err, args
    # a store from another build
    out2 = _build(tmp_path, str(SEEDS), name="third")
    mark = out2 / "store" / "KGBUILD_BUILD"
    mark.write_text("someone-else\n")
    code, _, err = run_cli("query", COUNT, "--store", str(out2 / "store"))
    assert code == 2 and "not the one the manifest describes" in err
    code, _, err = run_cli("serve", "--store", str(out2 / "store"))
    assert code == 2 and "not the one the manifest describes" in err
    # no manifest at all: a build that was killed
    (other / MANIFEST).unlink()
    empty = tmp_path / "empty"  # never the working folder: a user's out/ from the README's first command is there
    empty.mkdir()
    monkeypatch.chdir(empty)
    code, _, err = run_cli("query", COUNT)
    assert code == 2 and "nothing to query" in err
    code, _, err = run_cli("query", COUNT, "--store", str(other / "store"))
    assert code == 2 and "no complete build here" in err


@pytest.mark.slow
def test_a_build_deletes_only_what_a_build_wrote(tmp_path: Path) -> None:
    out = tmp_path / "out"
    (out / "parts").mkdir(parents=True)
    mine = [out / "graph.nt", out / "parts" / "notes.txt", out / "parts" / "mine.nt", out / "graph.jsonld"]
    for path in mine:
        path.write_text("the user's own\n")
    _build(tmp_path, str(SEEDS), "--format", "nq")
    assert all(p.read_text() == "the user's own\n" for p in mine)
    _build(tmp_path, str(SEEDS))  # the earlier build's graph.nq is its own: it goes
    assert not (out / "graph.nq").exists() and (out / "graph.ttl").exists()
    code, _, err = run_cli("build", str(SEEDS), "-o", str(out), "--format", "trig", "--no-validate", "--executor",
                           "serial", "-q")
    assert code == 0, err
    assert all(p.read_text() == "the user's own\n" for p in mine)
    assert not (out / "graph.ttl").exists()  # the earlier build's files, listed in its manifest
    assert (out / LOCK).exists()


def test_a_build_without_the_site_leaves_no_empty_site_behind(tmp_path: Path) -> None:
    """A build with the site, one without (its files go, and the folders they leave empty, up to OUT), and one
    with it again: the last one must not find a site folder without its mark and refuse it."""
    out = tmp_path / "out"
    for extra in ((), ("--no-site",), ()):
        code, _, err = run_cli("build", str(SEEDS), "-o", str(out), "--no-validate", "--executor", "serial", "-q",
                               *extra)
        assert code == 0, err
        assert (out / "site").is_dir() is (not extra)
    assert (out / "site" / "index.html").exists()


# --- 15-17. load ---------------------------------------------------------------------------------------------


@pytest.mark.slow
def test_load_refuses_parts_without_a_complete_manifest(tmp_path: Path) -> None:
    out = tmp_path / "out"
    code, _, err = run_cli("build", str(SEEDS), "-o", str(out), "--partition-files", "1",
                           "--no-validate", "--executor", "serial", "-q")
    assert code == 0, err
    with _listener() as (port, seen):
        endpoint = f"http://127.0.0.1:{port}/store"
        (out / "parts" / "99999-besluiten.nt").write_text("<urn:a> <urn:b> <urn:c> .\n")  # a stale part
        code, _, err = run_cli("load", str(out / "parts"), "--endpoint", endpoint, "--replace")
        assert code == 2 and "99999-besluiten.nt" in err and "not written by the build" in err
        (out / "parts" / "99999-besluiten.nt").unlink()
        (out / MANIFEST).unlink()  # killed before the manifest was written
        code, _, err = run_cli("load", str(out / "parts"), "--endpoint", endpoint, "--replace")
        assert code == 2 and "no complete build here" in err
        time.sleep(0.3)
        assert seen == []  # nothing was sent


@contextlib.contextmanager
def _failing_proxy(target: str, fail_after: int) -> Iterator[str]:
    """A proxy to a real Oxigraph server that rejects every data request after the first ``fail_after``."""
    passed = [0]

    class Handler(AnyMethod):
        def _any(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else None
            if self.command in ("PUT", "POST") and "/store" in self.path:
                passed[0] += 1
                if passed[0] > fail_after:
                    self.send_response(400)
                    self.send_header("Content-Length", "7")
                    self.end_headers()
                    self.wfile.write(b"broken\n")
                    return
            request = urllib.request.Request(target + self.path, data=body, method=self.command,
                                             headers={k: v for k, v in self.headers.items() if k.lower() != "host"})
            try:
                with urllib.request.urlopen(request, timeout=30) as answer:
                    status, data = answer.status, answer.read()
            except urllib.error.HTTPError as exc:
                status, data = exc.code, exc.read()
            self.send_response(status)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

    with http_server(Handler) as base:
        yield base


import urllib.error  # noqa: E402
import urllib.request  # noqa: E402


def test_a_failed_replace_leaves_the_server_as_it_was(oxigraph: Oxigraph, seed_out: Path) -> None:  # noqa: F811
    graph = seed_out / "graph.ttl"
    assert run_cli("load", str(graph), "--endpoint", oxigraph.store, "--replace")[0] == 0
    before = oxigraph.count()
    small = seed_out.parent / "small.nt"
    small.write_text("".join(f"<urn:s{i}> <urn:p> <urn:o> .\n" for i in range(30)))
    with _failing_proxy(oxigraph.base, fail_after=1) as proxy:
        code, _, err = run_cli("load", str(small), "--endpoint", f"{proxy}/store", "--replace", "--batch-size", "10",
                               "--retries", "0", "--update-endpoint", f"{proxy}/update")
    assert code == 1 and "nothing was replaced" in err and err.count("\n") == 1
    assert oxigraph.count() == before  # the old content, whole
    graphs = "SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
    from kgbuild.query.http_client import sparql_query

    assert int(sparql_query(oxigraph.query, graphs).rows[0][0]) == 0  # no staging graph left behind
    # a load that succeeds swaps the new content in
    assert run_cli("load", str(small), "--endpoint", oxigraph.store, "--replace", "--batch-size", "10")[0] == 0
    assert oxigraph.count() == 30


@pytest.mark.slow
def test_a_trickling_server_meets_the_deadline(tmp_path: Path) -> None:
    stop = threading.Event()
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen()

    def trickle() -> None:
        server.settimeout(0.2)
        while not stop.is_set():
            try:
                conn, _ = server.accept()
            except OSError:
                continue
            with conn, contextlib.suppress(OSError):
                conn.settimeout(0.5)
                with contextlib.suppress(OSError):
                    conn.recv(1 << 20)
                for byte in b"HTTP/1.1 200 OK\r\nX-Slow: " + b"a" * 1000:
                    if stop.is_set():
                        break
                    conn.send(bytes([byte]))
                    time.sleep(0.5)

    thread = threading.Thread(target=trickle, daemon=True)
    thread.start()
    small = tmp_path / "small.nt"
    small.write_text("<urn:a> <urn:b> <urn:c> .\n")
    try:
        started = time.monotonic()
        code, _, err = run_cli("load", str(small), "--endpoint", f"http://127.0.0.1:{server.getsockname()[1]}/gsp",
                               "--timeout", "2", "--retries", "0")
        assert code == 1 and "no complete answer within 2 s" in err
        assert time.monotonic() - started < 10
    finally:
        stop.set()
        thread.join(timeout=5)
        server.close()


# --- 10. linear patterns and extractors ---------------------------------------------------------------------


@pytest.mark.slow
def test_every_pattern_is_linear() -> None:
    """Every compiled regular expression in kgbuild, run over adversarial texts of 200 KB and of 2 MB: the
    time may grow tenfold, not a hundredfold. Slow or quadratic patterns show as a ratio near 100."""
    code = subprocess.run([sys.executable, str(Path(__file__).with_name("linearity.py")), "patterns"],
                          capture_output=True, text=True, timeout=1500)
    assert code.returncode == 0, code.stdout + code.stderr


@pytest.mark.slow
def test_extractors_and_readers_are_linear() -> None:
    code = subprocess.run([sys.executable, str(Path(__file__).with_name("linearity.py")), "documents"],
                          capture_output=True, text=True, timeout=1500)
    assert code.returncode == 0, code.stdout + code.stderr


def test_read_bytes_never_raises_on_the_hostile_cases() -> None:
    cases = [b"{" * 10_000, b'{"body": "\\ud800", "references": {}, "heading": 1}', b"\xff\xfe\x00\x00",
             b"# a" + b" " * 100_000 + b"b\n", b"TOPIC_NAME:" + b"\n" * 100_000]
    for data in cases:
        read_bytes("x.md", data)
