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

from .claims import check_claims
from .entities import Extracted, resolve_entities
from .errors import NoInputError
from .extract import Found, Gazetteer, extract_decision, load_gazetteer
from .mapping import corpus_triples, new_graph
from .model import Corpus, Document, Problem
from .namespaces import PREFIXES
from .readers import FORMATS, find_inputs, read_file
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


@dataclass
class BuildReport:
    """What a build read, made and skipped; every problem is listed with its file."""

    inputs: dict[str, int] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    @property
    def skipped(self) -> list[Problem]:
        return [p for p in self.problems if p.skipped]

    def as_dict(self) -> dict[str, object]:
        return {
            "inputs": dict(self.inputs),
            "counts": dict(self.counts),
            "skipped_files": len(self.skipped),
            "problems": [{"path": p.path, "message": p.message, "skipped": p.skipped} for p in self.problems],
        }


@dataclass
class BuildResult:
    graph: Graph
    corpus: Corpus
    report: BuildReport
    extracted: Extracted | None = None


def extract_corpus(corpus: Corpus, gazetteer: Gazetteer | None = None) -> Extracted:
    """Run every extractor over every decision text and resolve the mentions into entities."""
    gazetteer = gazetteer or load_gazetteer()
    found: dict[str, list[Found]] = {}
    for ident, dec in corpus.decisions.items():
        if dec.text:
            found[ident] = extract_decision(dec.id, dec.text, gazetteer, dec.title)
    extracted = Extracted(found, resolve_entities(found, gazetteer))
    extracted.checks = check_claims(corpus, extracted, gazetteer)
    return extracted


def read_corpus(paths: Iterable[str | Path], progress: Progress | None = None) -> tuple[Corpus, BuildReport]:
    """Read every input under ``paths`` and resolve it into a corpus; problems never stop the build."""
    files = list(find_inputs(paths))
    if not files:
        raise NoInputError("no input files under " + ", ".join(map(str, paths)))
    inputs: Counter[str] = Counter({f: 0 for f in FORMATS})
    documents: list[Document] = []
    problems: list[Problem] = []
    for i, (path, rel) in enumerate(files, start=1):
        result = read_file(path, rel)
        inputs[result.format or "skipped"] += 1
        documents.extend(result.documents)
        problems.extend(result.problems)
        if progress:
            progress(i, len(files))
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
    return corpus, report


def build(paths: Iterable[str | Path] = (), progress: Progress | None = None,
          reasoning: str = DEFAULT_MODE) -> BuildResult:
    """Build the graph of every input under ``paths`` (by default the seed report).

    ``reasoning`` (none, rdfs, owlrl) adds what the ontology entails, so that a query in kgbuild's own
    terms sees the same data as one in the standard terms the graph is written in.
    """
    check_mode(reasoning)
    paths = list(paths) or [default_input()]
    corpus, report = read_corpus(paths, progress)
    extracted = extract_corpus(corpus)
    report.counts.update(extracted.counts())
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
