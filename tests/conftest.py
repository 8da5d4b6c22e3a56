from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

import kgbuild
from kgbuild.analysis import extract_corpus, read_corpus
from kgbuild.cli import main
from kgbuild.entities import Extracted
from kgbuild.model import Corpus
from kgbuild.pipeline.plan import BuildResult

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]
SEEDS = ROOT / "seeds"
CORPUS = ROOT.parent / "shared" / "corpus"


@pytest.fixture(autouse=True)
def _own_folder(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every test runs in an empty folder of its own: none reads or writes the checkout's out/ (where the
    README's first command builds the seed) or any other path outside its tmp dirs."""
    monkeypatch.chdir(tmp_path_factory.mktemp("cwd"))


@pytest.fixture(scope="session")
def seed_build() -> BuildResult:
    return kgbuild.build([SEEDS])


@pytest.fixture(scope="session")
def corpus_path() -> Path:
    if not (CORPUS / "reports").is_dir():
        pytest.skip(f"the shared corpus is not at {CORPUS} (it sits beside the checkout in CI)")
    return CORPUS


@pytest.fixture(scope="session")
def corpus_build(corpus_path: Path, tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    """The corpus built into a folder kept for the session: its parts and its search index (OUT/search)."""
    return kgbuild.build([corpus_path], out=tmp_path_factory.mktemp("corpus-build"))


@pytest.fixture(scope="session")
def corpus_turtle(corpus_build: BuildResult, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The corpus graph as the build writes graph.ttl (streamed from its sorted lines, no rdflib graph)."""
    from kgbuild.rdf.export import write_turtle

    path = tmp_path_factory.mktemp("corpus-turtle") / "graph.ttl"
    with path.open("wb") as f:
        write_turtle(corpus_build.lines(), f)
    return path


def triple_count(build: BuildResult) -> int:
    """How many triples a build made (its sorted, duplicate-free lines)."""
    return sum(1 for _ in build.lines())


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """Debian's Chromium, driven by Playwright (never a browser Playwright downloads)."""
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is missing: scripts/test.sh installs Debian's chromium")
    playwright = pytest.importorskip("playwright.sync_api", reason="the test extra installs playwright")
    with playwright.sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        yield b
        b.close()


def run_cli(*args: str) -> tuple[int, str, str]:
    """``kgbuild ARGS`` in-process: exit code, standard output, standard error."""
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


@dataclass
class Analysis:
    """What the readers and extractors found, as objects (``kgbuild.analysis``): the build itself never holds
    the corpus, only its graph."""

    corpus: Corpus
    extracted: Extracted


def analyse(paths: list[Path]) -> Analysis:
    corpus = read_corpus(paths)
    return Analysis(corpus, extract_corpus(corpus))


@pytest.fixture(scope="session")
def seed_analysis() -> Analysis:
    return analyse([SEEDS])


@pytest.fixture(scope="session")
def corpus_analysis(corpus_path: Path) -> Analysis:
    return analyse([corpus_path])


# Markers follow from what a test asks for, so a new test is marked by its fixtures: `pytest -m "not slow"`
# runs the quick tests (under 30 s), `-m "not browser"` leaves Chromium out, `-m "not server"` the servers.
_FIXTURE_MARKS = {
    "corpus_path": ("corpus", "slow"), "corpus_build": ("corpus", "slow"), "corpus_analysis": ("corpus", "slow"),
    "oxigraph": ("server", "slow"), "virtuoso": ("server", "slow"), "browser": ("browser", "slow"),
}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        names = getattr(item, "fixturenames", ())
        for mark in sorted({m for name in names for m in _FIXTURE_MARKS.get(name, ())}):
            item.add_marker(mark)
        if item.get_closest_marker("corpus") or item.get_closest_marker("server") \
                or item.get_closest_marker("browser"):
            item.add_marker("slow")


class AnyMethod(BaseHTTPRequestHandler):
    """A test server's handler: GET, POST, PUT and DELETE all go to ``_any``; no request log."""

    def _any(self) -> None:
        raise NotImplementedError

    def do_GET(self) -> None:
        self._any()

    do_POST = do_PUT = do_DELETE = do_GET

    def log_message(self, format: str, *args: object) -> None:
        pass


@contextlib.contextmanager
def http_server(handler: type[BaseHTTPRequestHandler]) -> Iterator[str]:
    """``handler`` served on 127.0.0.1 at a free port, in a thread, for the block: its base URL."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)
