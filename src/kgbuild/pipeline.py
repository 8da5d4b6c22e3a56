"""Run a build: find inputs, read each (a pure step per file), resolve, map to one graph."""

from __future__ import annotations

import gc
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

import pyoxigraph
from rdflib import Graph, Literal
from rdflib.term import Node

from .cache import Cache
from .cache import key as cache_key
from .claims import check_claims
from .entities import Extracted, merge_coded_names, resolve_entities, unclassified_amounts
from .errors import NoInputError
from .executors import Executor, SerialExecutor, chunked, make_executor
from .extract import Found, Gazetteer, extract_decision, load_gazetteer
from .mapping import corpus_triples, new_graph
from .model import Corpus, Document, Problem
from .namespaces import PREFIXES
from .readers import FORMATS, MAX_INPUT_BYTES, ReadResult, find_inputs, read_bytes, read_limited
from .reason import DEFAULT_MODE, check_mode, reason
from .resolve import resolve
from .terms import to_ox


def default_input() -> Path:
    """``seeds/`` in the working folder, else the copy of the seed report shipped inside the package."""
    local = Path("seeds")
    if local.is_dir():
        return local
    return Path(str(resources.files("kgbuild") / "data" / "seeds"))


Progress = Callable[[int, int], None]


READ_CHUNK = 64  # files per task
EXTRACT_CHUNK = 32  # decisions per task


@dataclass
class BuildReport:
    """What a build read, made and skipped; every problem is listed with its file."""

    inputs: dict[str, int] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    cache: dict[str, int] = field(default_factory=dict)  # what an incremental build took from its cache
    unclassified: list[dict[str, str]] = field(default_factory=list)  # amounts no role rule could place

    @property
    def skipped(self) -> list[Problem]:
        return [p for p in self.problems if p.skipped]

    def as_dict(self) -> dict[str, object]:
        return {
            "inputs": dict(self.inputs),
            "counts": dict(self.counts),
            "skipped_files": len(self.skipped),
            **({"cache": dict(self.cache)} if self.cache else {}),
            "unclassified_amounts": list(self.unclassified),
            "problems": [{"path": p.path, "message": p.message, "skipped": p.skipped} for p in self.problems],
        }


@dataclass
class BuildResult:
    graph: Graph
    corpus: Corpus
    report: BuildReport
    extracted: Extracted | None = None


def extract_corpus(corpus: Corpus, gazetteer: Gazetteer | None = None, executor: Executor | None = None,
                   cache: Path | None = None, report: BuildReport | None = None) -> Extracted:
    """Run every extractor over every decision text, resolve the mentions into entities, check the claims.

    With the shipped gazetteer the decisions are spread over ``executor``; a ``cache`` folder keeps each
    decision's extractions by content.
    """
    idents = [k for k, d in corpus.decisions.items() if d.text]
    found: dict[str, list[Found]] = {}
    hits = 0
    if gazetteer is not None:
        for ident in idents:
            dec = corpus.decisions[ident]
            found[ident] = extract_decision(dec.id, dec.text or "", gazetteer, dec.title)
    else:
        items = [(corpus.decisions[k].id, corpus.decisions[k].text, corpus.decisions[k].title,
                  str(cache) if cache else None) for k in idents]
        results = [r for chunk in (executor or SerialExecutor()).map(_extract_task, chunked(items, EXTRACT_CHUNK))
                   for r in chunk]
        for ident, (f, hit) in zip(idents, results, strict=True):
            found[ident] = f
            hits += hit
    gazetteer = gazetteer or load_gazetteer()
    found = merge_coded_names(found)
    extracted = Extracted(found, resolve_entities(found, gazetteer))
    extracted.checks = check_claims(corpus, extracted, gazetteer)
    if report is not None and cache:
        report.cache["extractions_from_cache"] = hits
        report.cache["extractions"] = len(idents) - hits
    return extracted


def _read_task(items: list[tuple[str, str, str | None, int]]) -> list[tuple[ReadResult, bool]]:
    """Read files (path, relative path, cache folder, size limit); runs in a worker. True where the cache had it."""
    out: list[tuple[ReadResult, bool]] = []
    for path, rel, cache_dir, max_bytes in items:
        data = read_limited(Path(path), rel, max_bytes)
        if isinstance(data, ReadResult):
            out.append((data, False))
            continue
        if cache_dir is None:
            out.append((read_bytes(rel, data), False))
            continue
        cache, k = Cache(Path(cache_dir)), cache_key("read", rel, data)
        cached = cache.get("read", k)
        if cached is not None:
            out.append((cached, True))
            continue
        result = read_bytes(rel, data)
        cache.put("read", k, result)
        out.append((result, False))
    return out


def _extract_task(items: list[tuple[str, str, str | None, str | None]]) -> list[tuple[list[Found], bool]]:
    """Extract from decisions (id, text, title, cache folder) with the shipped gazetteer; runs in a worker."""
    gazetteer = load_gazetteer()
    out: list[tuple[list[Found], bool]] = []
    for ident, text, title, cache_dir in items:
        cache = Cache(Path(cache_dir)) if cache_dir else None
        k = cache_key("extract", ident, title or "", text) if cache else ""
        cached = cache.get("extract", k) if cache else None
        if cached is not None:
            out.append((cached, True))
            continue
        found = extract_decision(ident, text, gazetteer, title)
        if cache:
            cache.put("extract", k, found)
        out.append((found, False))
    return out


def read_corpus(paths: Iterable[str | Path], progress: Progress | None = None, executor: Executor | None = None,
                cache: Path | None = None, max_bytes: int = MAX_INPUT_BYTES) -> tuple[Corpus, BuildReport]:
    """Read every input under ``paths`` and resolve it into a corpus; problems never stop the build.

    Files are read by ``executor`` (in this process by default); with a ``cache`` folder, files whose
    bytes were read before are taken from it.
    """
    problems: list[Problem] = []
    files = list(find_inputs(paths, problems))
    if not files and not problems:
        raise NoInputError("no input files under " + ", ".join(map(str, paths)))
    inputs: Counter[str] = Counter({f: 0 for f in FORMATS})
    inputs["skipped"] += len(problems)
    documents: list[Document] = []
    chunks = chunked([(str(path), rel, str(cache) if cache else None, max_bytes) for path, rel in files], READ_CHUNK)
    done = hits = 0
    for results in (executor or SerialExecutor()).map(_read_task, chunks):
        for result, hit in results:
            inputs[result.format or "skipped"] += 1
            documents.extend(result.documents)
            problems.extend(result.problems)
            hits += hit
        done += len(results)
        if progress:
            progress(done, len(files))
    corpus = resolve(documents, problems)
    report = BuildReport(inputs=dict(inputs))
    report.problems = sorted(set(problems), key=lambda p: (p.path, p.message))
    corpus.problems = report.problems
    claims = [c for r in corpus.reports for c in r.claims]
    report.counts = {
        "reports": len(corpus.reports),
        "claims": len(claims),
        "citations": sum(len(c.citations) for c in claims),
        "decisions": len(corpus.decisions),
        "title_only_decisions": sum(d.title_only for d in corpus.decisions.values()),
        "agreement_sections": len(corpus.sections),
        "reports_linked_to_a_section": len(corpus.report_sections),
    }
    if cache:
        report.cache["reads_from_cache"] = hits
        report.cache["reads"] = len(files) - hits
    return corpus, report


def build(paths: Iterable[str | Path] = (), progress: Progress | None = None,
          reasoning: str = DEFAULT_MODE, executor: str | Executor = "process", jobs: int | None = None,
          scheduler: str | None = None, cache: Path | None = None, max_bytes: int = MAX_INPUT_BYTES) -> BuildResult:
    """Build the graph of every input under ``paths`` (by default the seed report).

    ``reasoning`` (none, rdfs, owlrl) adds what the ontology entails, so that a query in kgbuild's own
    terms sees the same data as one in the standard terms the graph is written in. ``executor``
    (serial, process, dask) runs the reading and the extraction; every executor gives the same graph.
    ``cache`` is a folder for incremental builds (see cache.py). Files over ``max_bytes`` are skipped.
    """
    check_mode(reasoning)
    paths = list(paths) or [default_input()]
    runner = make_executor(executor, jobs, scheduler) if isinstance(executor, str) else executor
    try:
        corpus, report = read_corpus(paths, progress, runner, cache, max_bytes)
        extracted = extract_corpus(corpus, executor=runner, cache=cache, report=report)
    finally:
        if isinstance(executor, str):
            runner.close()
    report.counts.update(extracted.counts())
    report.unclassified = unclassified_amounts(extracted.found,
                                               {k: (d.id, d.text or "") for k, d in corpus.decisions.items()})
    # rdflib's bulk adds create many small objects; the collector only slows them down.
    enabled = gc.isenabled()
    gc.disable()
    try:
        graph = new_graph(corpus_triples(corpus, extracted))
        asserted = len(graph)
        graph = reason(graph, reasoning)
    finally:
        if enabled:
            gc.enable()
    report.counts["triples"] = len(graph)
    report.counts["entailed_triples"] = len(graph) - asserted
    return BuildResult(graph, corpus, report, extracted)


def _sort_key(triple: tuple[Node, Node, Node]) -> tuple[str, str, str, str]:
    s, p, o = triple
    return str(s), str(p), str(o), o.n3() if isinstance(o, Literal) else ""


def to_turtle(graph: Graph) -> bytes:
    """Turtle whose bytes depend only on the graph's triples: sorted by subject, predicate and object.

    pyoxigraph writes it: rdflib's Turtle writer spends quadratic time trying to abbreviate the many
    IRIs that cannot be prefixed names (measured: 57 s for 205k triples, against 2 s here).
    """
    triples = [pyoxigraph.Triple(to_ox(s), to_ox(p), to_ox(o))  # type: ignore[arg-type]
               for s, p, o in sorted(graph, key=_sort_key)]
    # kgbuild's own IRIs hold slashes, which a prefixed name could only write escaped: keep them whole
    prefixes = {str(k): str(v) for k, v in graph.namespaces() if k and str(v) != PREFIXES["id"]}
    data = pyoxigraph.serialize(triples, format=pyoxigraph.RdfFormat.TURTLE, prefixes=prefixes)
    assert data is not None
    # our own prefix header, in a fixed order, and a blank line between subjects, for readers and diffs
    header = [f"@prefix {k}: <{v}> .".encode() for k, v in sorted(prefixes.items())]
    body = [line for line in data.split(b"\n") if line and not line.startswith(b"@prefix ")]
    out = header
    for line in body:
        if not line.startswith(b"\t"):
            out.append(b"")
        out.append(line)
    return b"\n".join(out) + b"\n"
