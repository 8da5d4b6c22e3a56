"""Run a build: find inputs, read each (a pure step per file), resolve, map to one graph."""

from __future__ import annotations

import gc
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from rdflib import Graph

from .errors import NoInputError
from .mapping import corpus_triples, new_graph
from .model import Corpus, Document, Problem
from .readers import FORMATS, find_inputs, read_file
from .resolve import resolve


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


def build(paths: Iterable[str | Path] = (), progress: Progress | None = None) -> BuildResult:
    """Build the graph of every input under ``paths`` (by default the seed report)."""
    paths = list(paths) or [default_input()]
    corpus, report = read_corpus(paths, progress)
    # rdflib's bulk adds create many small objects; the collector only slows them down.
    enabled = gc.isenabled()
    gc.disable()
    try:
        graph = new_graph(corpus_triples(corpus))
    finally:
        if enabled:
            gc.enable()
    report.counts["triples"] = len(graph)
    return BuildResult(graph, corpus, report)


def to_turtle(graph: Graph) -> bytes:
    """Turtle whose bytes depend only on the graph's triples (sorted subjects and predicates, no blank nodes)."""
    data = graph.serialize(format="turtle", encoding="utf-8")
    return data if data.endswith(b"\n") else data + b"\n"
