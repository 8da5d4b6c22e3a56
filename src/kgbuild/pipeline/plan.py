"""The build: four rounds of tasks over partitions of the input (see ``rounds``), one code path at every size.

A small input is one partition and runs in this process; a corpus is split into partitions of about
``partition_files`` files, which the executor runs side by side. Memory follows the partition, never the
corpus: every round passes small summaries to this driver and spills the rest to ``OUT/.kgbuild-work``. The
graph is the set of sorted N-Triples parts the rounds write; ``rdf.export.merged_lines`` merges them into one
sorted stream, from which the Turtle file, the store and the page are written without holding the graph.
Counts, problems and the validation are gathered here and nowhere else.
"""

from __future__ import annotations

import itertools
import math
import multiprocessing
import shutil
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rdflib import Graph, URIRef

from ..corrections import FILE_NAME, Fix, apply_links, ledger, links_between, parse_corrections
from ..entities import FOUND_COUNTS, Mentions, code_aliases, entities_from_mentions, entity_counts, rating_counts
from ..errors import NoInputError
from ..extract import load_gazetteer
from ..extract.base import CorrectionNote
from ..files import shipped
from ..links import DecisionLink
from ..model import Problem
from ..options import DEFAULT_MODE, PARTITION_FILES
from ..outputs import install_folder, sha256_file
from ..rdf.export import load_lines, merged_lines
from ..rdf.mapping import decision_link_triples, new_graph, promise_iri, promise_link_triples, relevance_triples
from ..rdf.namespaces import BESLUIT
from ..rdf.reason import check_mode
from ..rdf.validate import ValidationReport, Violation, graph_prefixes
from ..readers import FORMATS, MAX_INPUT_BYTES, find_inputs
from ..search import SearchIndex, linked, missed_everywhere, promise_candidates, shared_tokens
from .cache import Cache, memo_files
from .cache import key as cache_key
from .codec import loads
from .executors import Executor, chunked, make_executor
from .parts import shared_part, validate_partition, violation_key, write_part
from .rounds import (
    SHARED,
    ExtractOut,
    ExtractTask,
    MapOut,
    MapTask,
    ReadOut,
    ReadTask,
    ReportsOut,
    ReportsTask,
    extract_round,
    map_round,
    read_round,
    reports_round,
)
from .spill import decision_partition, plan

READ_FILES = 500  # files per read task
WORK = ".kgbuild-work"

Progress = Callable[[str, int, int], None]  # (round, tasks done, tasks in the round)


def default_input() -> Path:
    """``seeds/`` in the working folder, else kgbuild's own seed report."""
    local = Path("seeds")
    if local.is_dir():
        return local
    return shipped("seeds")


@dataclass
class BuildReport:
    """What a build read, made and skipped; every problem is listed with its file."""

    inputs: dict[str, int] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    cache: dict[str, int] = field(default_factory=dict)  # what an incremental build took from its cache
    unclassified: list[dict[str, str]] = field(default_factory=list)  # amounts no role rule could place
    corrections: dict[str, object] = field(default_factory=dict)  # the corrections file: read, applied, stale

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
            **({"corrections": dict(self.corrections)} if self.corrections else {}),
            "problems": [{"path": p.path, "message": p.message, "skipped": p.skipped} for p in self.problems],
        }


@dataclass
class BuildResult:
    """A build's report and validation, and its graph: sorted N-Triples parts in ``parts``, or, for a build
    into no folder, their merged lines in memory."""

    report: BuildReport
    parts: list[Path]
    validation: ValidationReport | None = None
    seconds: dict[str, float] = field(default_factory=dict)  # wall time of each round
    data: bytes | None = None  # the merged N-Triples, when the parts were in a temporary folder
    search: list[Path] = field(default_factory=list)  # the files of the search index (OUT/search)
    _graph: Graph | None = field(default=None, repr=False)

    def lines(self) -> Iterator[bytes]:
        """The graph as sorted, duplicate-free canonical N-Triples lines (each with its newline)."""
        if self.data is not None:
            yield from self.data.splitlines(keepends=True)
        else:
            yield from merged_lines(self.parts)

    @property
    def graph(self) -> Graph:
        """The graph as an rdflib ``Graph``, parsed on first use: for tests and notebooks, not for builds
        larger than memory."""
        if self._graph is None:
            self._graph = load_lines(self.lines(), new_graph())
        return self._graph


def build(paths: Iterable[str | Path] = (), out: Path | None = None, reasoning: str = DEFAULT_MODE,
          executor: str | Executor = "process", jobs: int | None = None, scheduler: str | None = None,
          cache: Path | None = None, partition_files: int = PARTITION_FILES, check: bool = True,
          progress: Progress | None = None, max_bytes: int = MAX_INPUT_BYTES,
          corrections: Path | None = None) -> BuildResult:
    """Build the graph of every input under ``paths`` (by default the seed report).

    The parts are written to ``out/parts`` (kept, for ``load`` and for the writers in ``write``); without
    ``out`` they go to a temporary folder and the result holds their merged lines. ``reasoning`` (none, rdfs,
    owlrl) adds what the ontology entails; ``executor`` (serial, process, dask) runs the tasks, and every
    executor gives the same bytes; ``cache`` is a folder for incremental builds; ``check`` validates each
    partition against the SHACL shapes; files over ``max_bytes`` are skipped; ``corrections`` is a readers'
    corrections file (by default ``kgbuild-corrections.csv`` in the first input folder, when there is one). With
    a Dask ``scheduler``, ``out`` must be on a file system the workers share.
    """
    check_mode(reasoning)
    paths = list(paths) or [default_input()]
    if out is None:
        with tempfile.TemporaryDirectory(prefix="kgbuild-") as tmp:
            result = build(paths, Path(tmp), reasoning=reasoning, executor=executor, jobs=jobs, scheduler=scheduler,
                           cache=cache, partition_files=partition_files, check=check, progress=progress,
                           max_bytes=max_bytes, corrections=corrections)
            result.data = b"".join(result.lines())
            result.parts, result.search = [], []
            result.report.counts["triples"] = result.data.count(b"\n")
            return result
    found_problems: list[Problem] = []
    corrections = corrections if corrections is not None else default_corrections(paths)
    reader_fixes: list[Fix] = []
    if corrections is not None:
        reader_fixes, bad_rows = read_corrections(Path(corrections))
        found_problems += bad_rows
    files = [(str(p), rel) for p, rel in find_inputs(paths, found_problems) if Path(rel).name != FILE_NAME]
    if not files and not found_problems:
        raise NoInputError("no input files under " + ", ".join(map(str, paths)))
    out = Path(out)
    # the spill folder is kgbuild's own (a hidden name); parts/ may hold a user's files: only ours are rewritten,
    # and the parts are the files this build lists, never whatever the folder holds
    work, parts_dir = out / WORK, out / "parts"
    shutil.rmtree(work, ignore_errors=True)
    (work / "extract").mkdir(parents=True)
    parts_dir.mkdir(parents=True, exist_ok=True)
    n = max(1, math.ceil(len(files) / partition_files))
    runner = make_executor(executor, jobs, scheduler) if isinstance(executor, str) else executor
    cache_dir = str(cache) if cache else None
    seconds: dict[str, float] = {}

    def run(name: str, task: Callable[[Any], Any], args: list[Any]) -> list[Any]:
        start = time.perf_counter()
        results = []
        for i, result in enumerate(runner.map(_one, [[(task, a)] for a in args]), start=1):
            results.append(result[0])
            if progress:
                progress(name, i, len(args))
        seconds[name] = time.perf_counter() - start
        return results

    def where(outs: Iterable[Any], part: int) -> list[tuple[str, int, int]]:
        return [(o.spill, *o.segments[part]) for o in outs if part in o.segments]

    try:
        reads: list[ReadOut] = run("read", read_round, [
            ReadTask(i, chunk, n, str(work), cache_dir, max_bytes)
            for i, chunk in enumerate(chunked(files, READ_FILES))])
        extracts: list[ExtractOut] = run("extract", extract_round, [
            ExtractTask(p, plan(work, f"extract-{p:05d}", where(reads, p)), str(work), cache_dir) for p in range(n)])
        codes: dict[str, set[str]] = defaultdict(set)
        for e in extracts:
            for name, keys in e.codes.items():
                codes[name] |= keys
        aliases = plan(work, "aliases", code_aliases(codes))
        money = [m for e in extracts for m in e.money]
        links = links_between(money)  # found once: the ledger follows them, the search part writes them
        fixes: dict[int, dict[str, list[Fix]]] = defaultdict(lambda: defaultdict(list))
        verdicts = [f for f in reader_fixes if f.claim]  # few: every reports round gets them all
        amounts = [f for f in reader_fixes if not f.claim and not f.promise]
        for fix in [*ledger(money, links), *amounts]:  # a reader's fix wins
            fixes[decision_partition(fix.decision, n)][fix.decision].append(fix)
        maps: list[MapOut] = run("map", map_round, [
            MapTask(p, aliases, plan(work, f"fixes-{p:05d}", {k: v for k, v in fixes[p].items()}), n, str(work),
                    str(parts_dir), reasoning, check, cache_dir) for p in range(n)])
        published = max((e.latest for e in extracts), default="")  # the reviews' date: the latest decision's
        verdicts_plan = plan(work, "verdicts", verdicts)
        reports_out: list[ReportsOut] = run("reports", reports_round, [
            ReportsTask(p, plan(work, f"reports-{p:05d}", where(maps, p)), str(work), str(parts_dir), reasoning, check,
                        cache_dir, published, verdicts_plan) for p in range(n)])
    finally:
        if isinstance(executor, str):
            runner.close()
    start = time.perf_counter()
    outs: list[MapOut | ReportsOut] = [*maps, *reports_out]
    violations: list[Violation] = [v for o in outs for v in o.violations]
    checked = sum(o.checked for o in outs)
    shared_violations, shared_checked, counted = _shared(parts_dir / SHARED, maps, reports_out, reasoning, check,
                                                         cache_dir)
    violations += shared_violations
    checked += shared_checked
    seconds["shared"] = time.perf_counter() - start
    start = time.perf_counter()
    link_fixes = [f for f in reader_fixes if f.promise]
    search_violations, search_checked, search_counts, link_applied = _search_apart(
        out, parts_dir / RELEVANCE, extracts, links, reasoning, check, cache_dir, link_fixes)
    violations += search_violations
    checked += search_checked
    counted.update(search_counts)
    shutil.rmtree(work, ignore_errors=True)
    seconds["search"] = time.perf_counter() - start
    parts = sorted([parts_dir / SHARED, parts_dir / RELEVANCE, *(parts_dir / f"{p:05d}-{kind}.nt" for p in range(n)
                                                                for kind in ("besluiten", "rapporten"))])
    report = _report(found_problems, reads, extracts, maps, reports_out, files, cache_dir is not None)
    if corrections is not None:
        stale = sorted((f for m in maps for f in m.stale), key=lambda f: f.where)
        judged = {k for r in reports_out for k in r.corrected}
        stale_verdicts = [f for f in reader_fixes if f.claim and f.key not in judged]
        stale_links = [f for f in link_fixes if f.key not in link_applied]
        judged |= set(link_applied)
        report.problems = sorted({*report.problems, *(Problem(f.where, (
            f"stale correction: decision {f.decision} has no amount {f.amount!r} (not applied; fix or remove "
            "the row)")) for f in stale), *(Problem(f.where, (
                f"stale correction: the build has no claim {f.claim} (not applied; fix or remove the row)"))
                for f in stale_verdicts), *(Problem(f.where, (
                    f"stale correction: the build has no promise {f.promise} or no decision {f.decision} (not "
                    "applied; fix or remove the row)")) for f in stale_links)}, key=lambda p: (p.path, p.message))
        report.corrections = {"file": str(corrections), "rows": len(reader_fixes),
                              "applied": sum(m.corrected for m in maps) + len(judged),
                              "stale": len(stale) + len(stale_verdicts) + len(stale_links)}
    report.counts.update(counted)
    report.counts["partitions"] = n
    validation = None
    if check:
        validation = ValidationReport(not any(v.severity == "Violation" for v in violations),
                                      sorted(violations, key=violation_key), graph_prefixes(new_graph()))
        report.counts["triples_validated"] = checked
    return BuildResult(report, parts, validation, seconds, search=sorted((out / SEARCH).iterdir()))


def _shared(path: Path, maps: list[MapOut], reports_out: list[ReportsOut], reasoning: str, check: bool,
            cache_dir: str | None) -> tuple[list[Violation], int, dict[str, int]]:
    """Write the shared part (entities from the summed mentions, themes, fixed nodes) and validate it; its
    violations, the triples checked and the entity counts. Taken from the cache when every partition's inputs
    are the ones it was made from."""
    cache = Cache(Path(cache_dir)) if cache_dir else None
    keys = [m.key for m in maps] + [r.key for r in reports_out]
    k = cache_key("shared", *keys, reasoning, str(check), whole=True) if cache and all(keys) else ""

    def compute() -> tuple[list[Violation], int, dict[str, int]]:
        mentions: dict[tuple[str, str], Mentions] = defaultdict(Mentions)
        for m in maps:
            for key, agg in m.mentions.items():
                mentions[key].add(agg)
        entities = entities_from_mentions(mentions, load_gazetteer())
        themes: set[str] = set().union(*(r.themes for r in reports_out))
        triples, subjects = write_part(path, shared_part(entities.values(), themes), reasoning)
        violations, checked = validate_partition(triples, subjects, {}, reasoning) if check else ([], 0)
        return violations, checked, entity_counts(entities.values())

    (violations, checked, counted), _hit = memo_files(cache, "shared", k, [path], compute)
    return violations, checked, counted


SEARCH = "search"  # the index folder under OUT
RELEVANCE = "relevantie.nt"  # the part with each report's relevant uncited decisions and the decision links


# The search round indexes every document of the corpus at once (bm25s): on a large corpus it is the one step whose
# memory grows with the corpus, and memory Python has freed is not given back to the system, so the build's own
# process stayed that large to the end (1.3 GiB at ten times the corpus). Above this many bytes of documents it
# runs in a process of its own, which gives all of it back when it ends; below, starting one costs more than it
# saves.
SEARCH_APART_BYTES = 32 * 1024 * 1024


def _search_apart(out: Path, path: Path, extracts: list[ExtractOut], links: list[DecisionLink], reasoning: str,
                  check: bool, cache_dir: str | None, link_fixes: list[Fix]
                  ) -> tuple[list[Violation], int, dict[str, int], list[str]]:
    """``_search``, in a process of its own when the corpus is large (``SEARCH_APART_BYTES``)."""
    args = (out, path, extracts, links, reasoning, check, cache_dir, link_fixes)
    if sum(Path(e.search).stat().st_size for e in extracts) <= SEARCH_APART_BYTES:
        return _search(*args)
    with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("forkserver")) as pool:
        return pool.submit(_search, *args).result()


def _search(out: Path, path: Path, extracts: list[ExtractOut], links: list[DecisionLink], reasoning: str,
            check: bool, cache_dir: str | None, link_fixes: list[Fix]
            ) -> tuple[list[Violation], int, dict[str, int], list[str]]:
    """Index the search documents of every partition into ``out/search`` and write the part that lists, per
    report (and per agreement section no report evaluates), the relevant decisions it does not cite, and the
    links between decisions where one cites another (``links``, found from the same documents). Readers'
    corrections of which decisions act on a promise (``link_fixes``) are applied; the keys of those applied are
    returned. Taken from the cache when no partition's documents and no such correction changed."""
    # the spills are read one at a time, hashed for the key and loaded for the index: never all held at once
    spills = [Path(e.search) for e in extracts]
    cache = Cache(Path(cache_dir)) if cache_dir else None
    said = "\0".join(f"{f.key}:{f.why}" for f in link_fixes)  # a changed row changes the part
    k = cache_key("search", *(sha256_file(p) for p in spills), reasoning, str(check), said, whole=True) \
        if cache else ""

    saved = out / WORK / "search-index"  # the index as it is written, before it is installed as out/search
    shutil.rmtree(saved, ignore_errors=True)

    pool: dict[str, str] = {}

    def compute() -> tuple[list[Violation], int, dict[str, int], list[str]]:
        docs = linked([d for spill in spills for d in shared_tokens(loads(spill.read_bytes()), pool)])
        index = SearchIndex.build(docs)
        index.save(saved)
        found = missed_everywhere(index)
        promises = promise_candidates(index)
        ranked = [(promise_iri(URIRef(section), number), cands, acts)
                  for section, listed in sorted(promises.items()) for number, cands, acts in listed]
        acting, applied, _stale = apply_links({str(iri): acts for iri, _c, acts in ranked},
                                              {d.id.upper() for d in index.docs if d.type == "decision"}, link_fixes)
        notes: dict[str, list[CorrectionNote]] = defaultdict(list)
        for fix in applied:
            notes[fix.promise].append(fix.note)
        triples = itertools.chain(
            (t for (kind, ident), cands in sorted(found.items())
             for t in relevance_triples(URIRef(index.by_id[(kind, ident)].iri), cands)),
            (t for iri, cands, _acts in ranked
             for t in promise_link_triples(iri, cands, acting[str(iri)], notes.get(str(iri), ()))),
            (t for link in links for t in decision_link_triples(URIRef(link.source), URIRef(link.target),
                                                                link.relation)))
        written, subjects = write_part(path, triples, reasoning)
        violations: list[Violation] = []
        checked = 0
        if check:
            known: dict[Any, set[Any]] = defaultdict(set)
            for d in index.docs:
                if d.type == "decision":
                    known[URIRef(d.iri)].add(BESLUIT.Besluit)
            # a decision that links to another is described in its own partition, and checked there
            violations, checked = validate_partition(written, subjects - set(known), known, reasoning)
        counts = {"search_documents": len(index.docs),
                  "relevant_uncited": sum(len(c) for c in found.values()),
                  "decision_links": len(links), "decision_links_changes": sum(x.relation == "changes" for x in links),
                  "promises": sum(len(listed) for listed in promises.values()),
                  "promises_acted_on": sum(bool(ids) for ids in acting.values())}
        return violations, checked, counts, [f.key for f in applied]

    (violations, checked, counts, applied_keys), _hit = memo_files(cache, "search", k, [path], compute, saved)
    install_folder(out / SEARCH, {p.name: p for p in sorted(saved.iterdir()) if p.is_file()})
    return violations, checked, counts, applied_keys


def default_corrections(paths: Iterable[str | Path]) -> Path | None:
    """``kgbuild-corrections.csv`` in the first input folder, when it is there."""
    for p in paths:
        candidate = Path(p) / FILE_NAME
        if Path(p).is_dir() and candidate.is_file():
            return candidate
        break
    return None


def read_corrections(path: Path) -> tuple[list[Fix], list[Problem]]:
    """The fixes of a corrections file and its bad rows; a file that cannot be read is one problem."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        return [], [Problem(str(path), f"cannot read the corrections file ({exc.strerror or exc})", skipped=True)]
    return parse_corrections(data, str(path))


def _one(chunk: list[tuple[Callable[[Any], Any], Any]]) -> list[Any]:
    """A round's task on its arguments: one task per chunk, so a partition is one unit of work."""
    return [task(args) for task, args in chunk]


_READ_COUNTS = ("reports", "claims", "citations", "decisions", "title_only_decisions", "agreement_sections",
                "reports_linked_to_a_section")


def _report(found_problems: list[Problem], reads: list[ReadOut], extracts: list[ExtractOut], maps: list[MapOut],
            reports_out: list[ReportsOut], files: list[tuple[str, str]], cached: bool) -> BuildReport:
    """The build report, from the summaries the rounds returned: the one place anything is counted."""
    report = BuildReport(inputs={f: 0 for f in FORMATS})
    report.inputs["skipped"] = len(found_problems)
    problems: list[Problem] = list(found_problems)
    counts: Counter[str] = Counter()
    ratings: Counter[str] = Counter()
    for r in reads:
        for fmt, k in r.formats.items():
            report.inputs[fmt] = report.inputs.get(fmt, 0) + k
        problems += r.problems
    for e in extracts:
        problems += e.problems
        counts.update(e.counts)
    for m in maps:
        counts.update(m.counts)
    for o in reports_out:
        ratings.update(o.ratings)
    report.problems = sorted(set(problems), key=lambda p: (p.path, p.message))
    report.counts = {**{k: counts[k] for k in _READ_COUNTS}, **{k: counts[k] for k in FOUND_COUNTS},
                     **rating_counts(ratings), "annotations": counts["annotations"]}
    report.unclassified = sorted((u for m in maps for u in m.unclassified), key=lambda u: (u["decision"], u["amount"]))
    if cached:
        hits = sum(r.hits for r in reads)
        report.cache = {"reads_from_cache": hits, "reads": len(files) - hits,
                        "extractions_from_cache": sum(e.hits for e in extracts),
                        "extractions": sum(e.extracted for e in extracts)}
    return report


__all__ = ["PARTITION_FILES", "BuildReport", "BuildResult", "build", "default_corrections", "default_input",
           "read_corrections"]
