"""A build whose memory follows the partition, not the corpus: tasks write N-Triples partitions, the store loads them.

The in-memory build (``pipeline.build``) holds the whole corpus and graph in one process. This one never
does. Every document has a *group key* (a decision's id, a report's name, a section's domain and number),
and every key falls in one of N partitions by a hash of the key, so every source of one decision lands
in the same partition whatever file and task it was read in. Four rounds of tasks then run on the
executor, each over one chunk of files or one partition, passing only small summaries to the driver:

1. **read**: a task reads a chunk of files and writes its documents, split by partition, to one spill
   file (``work/read/``). A report's references also go to the partitions of the decisions they name.
2. **extract**: a task merges the decisions of one partition from all their sources, runs the extractors
   (with the cache of incremental builds) and spills the result (``work/extract/``). It returns the
   project codes its mentions use.
3. **map**: with the code aliases of the whole corpus, a task maps the decisions and sections of one
   partition to triples, adds what the ontology entails (the reasoning is one triple at a time, so a
   partition can be reasoned alone) and writes ``parts/NNNNN-besluiten.nt``. It returns the mentions of
   each entity, and spills what each cited decision can confirm of a claim to the partitions of the
   reports that cite it (``work/evidence/``).
4. **reports**: a task checks the claims of one partition's reports against that evidence, writes
   ``parts/NNNNN-rapporten.nt``, and validates both partitions of its number against the SHACL shapes.

Between rounds 3 and 4 the driver resolves the entities from the summed mentions (labels are chosen by
how many decisions use a spelling, which partitions add up) and writes ``parts/gedeeld.nt``: the
entities, the themes and the nodes every graph has. The partitions are sorted, duplicate-free N-Triples,
the same bytes whatever the executor; the store bulk-loads them one by one. Their union is the graph of
the in-memory build with the same inputs (tested).

A partition is validated with the types of the nodes it points to outside itself as context, and only
the nodes it describes itself (subjects of its own asserted triples) are reported; the shared nodes are
validated once, in ``gedeeld.nt``.
"""

from __future__ import annotations

import functools
import hashlib
import math
import shutil
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from rdflib import Graph
from rdflib.namespace import RDF
from rdflib.term import Node

from .claims import ClaimCheck, DecisionEvidence, check_report, decision_evidence
from .codec import dumps, loads
from .entities import (
    GRANT_COUNTS,
    Entity,
    Mentions,
    code_aliases,
    coded_names,
    collect_mentions,
    entities_from_mentions,
    entity_counts,
    found_counts,
    mentions_in,
    rating_counts,
    rekey,
    unclassified_amounts,
)
from .errors import NoInputError
from .executors import Executor, chunked, make_executor
from .extract import Found, load_gazetteer
from .mapping import (
    ENTITY_CLASSES,
    Triple,
    agreement_section_triples,
    decision_iri,
    decision_triples,
    entity_iri,
    entity_triples,
    extraction_triples,
    new_graph,
    report_triples,
    source_triples,
    static_triples,
    theme_triples,
)
from .model import AgreementSection, Decision, DecisionFacts, Problem, Report, ReportMetadata, SectionPath
from .namespaces import BESLUIT
from .pipeline import BuildReport, _extract_task, _read_task
from .readers import FORMATS, MAX_INPUT_BYTES, find_inputs
from .readers.agreement import parse_section_name
from .readers.decision import canonical_id
from .reason import DEFAULT_MODE, check_mode, entailments, infer
from .resolve import merge_decision, merge_reports, merge_sections
from .store import save_store_files
from .terms import to_ox
from .validate import ValidationReport, Violation, _prefixes, load_shapes, read_predicates, validate

AnyTriple = tuple[Node, Node, Node]
PARTITION_FILES = 2000  # input files per partition, on average
READ_FILES = 1000  # files per read task
SHARED = "gedeeld.nt"

Progress = Callable[[str, int, int], None]


@dataclass
class PartitionedResult:
    """What a partitioned build wrote and found; the graph itself is in ``parts`` and ``store``."""

    report: BuildReport
    parts: list[Path]
    store: Path
    validation: ValidationReport | None = None
    seconds: dict[str, float] = field(default_factory=dict)  # wall time of each round, and of the store load


def partition_of(key: str, partitions: int) -> int:
    """The partition of a group key: the same on every machine and in every process."""
    return int.from_bytes(hashlib.sha256(key.encode()).digest()[:8], "big") % partitions


def _decision_key(ident: str) -> str:
    return "d:" + canonical_id(ident)


def _report_key(key: str) -> str:
    return "r:" + key


# --- spill files: one codec value per partition, concatenated, with an index of where each starts -------------

Segments = dict[int, tuple[int, int]]  # partition -> (offset, length)


def _spill(path: Path, by_partition: Mapping[int, Any]) -> Segments:
    path.parent.mkdir(parents=True, exist_ok=True)
    index: Segments = {}
    tmp = path.with_name(path.name + ".tmp")
    with tmp.open("wb") as f:
        for part in sorted(by_partition):
            data = dumps(by_partition[part])
            index[part] = (f.tell(), len(data))
            f.write(data)
    tmp.replace(path)
    return index


def _plan(work: Path, name: str, value: Any) -> str:
    """Write a task's input to a file and give its path: a task's arguments stay small (a Dask scheduler
    warns about, and slows down on, task graphs of many megabytes)."""
    path = work / "plan" / f"{name}.bin"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(dumps(value))
    return str(path)


def _load(path: str) -> Any:
    with open(path, "rb") as f:
        return loads(f.read())


def _unspill(where: Iterable[tuple[str, int, int]]) -> Iterator[Any]:
    for path, offset, length in where:
        with open(path, "rb") as f:
            f.seek(offset)
            yield loads(f.read(length))


# --- round 1: read ---------------------------------------------------------------------------------------


@dataclass
class _ReadOut:
    formats: Counter[str]
    problems: list[Problem]
    hits: int
    spill: str
    segments: Segments


def _read_round(args: tuple[int, list[tuple[str, str]], int, str, str | None, int]) -> _ReadOut:
    number, files, partitions, work, cache, max_bytes = args
    routed: dict[int, list[tuple[str, Any]]] = defaultdict(list)
    formats: Counter[str] = Counter()
    problems: list[Problem] = []
    hits = 0
    for result, hit in _read_task([(path, rel, cache, max_bytes) for path, rel in files]):
        formats[result.format or "skipped"] += 1
        problems.extend(result.problems)
        hits += hit
        for doc in result.documents:
            if isinstance(doc, Report):
                routed[partition_of(_report_key(doc.key), partitions)].append(("report", doc))
                for ref in doc.references.values():
                    key = _decision_key(ref.decision.id)
                    routed[partition_of(key, partitions)].append(("cited", (doc.key, ref.decision)))
            elif isinstance(doc, DecisionFacts):
                routed[partition_of(_decision_key(doc.id), partitions)].append(("facts", doc))
            elif isinstance(doc, ReportMetadata):
                routed[partition_of(_report_key(doc.key), partitions)].append(("metadata", doc))
            else:
                key = "s:" + "\0".join(doc.path.key)
                routed[partition_of(key, partitions)].append(("section", doc))
    spill = Path(work) / "read" / f"{number:06d}.bin"
    return _ReadOut(formats, problems, hits, str(spill), _spill(spill, routed))


# --- round 2: merge and extract ---------------------------------------------------------------------------


@dataclass
class _Partition:
    """One partition's documents, merged."""

    decisions: dict[str, Decision]
    found: dict[str, list[Found]]
    cited_by: dict[str, set[str]]  # decision id -> keys of the reports citing it
    reports: list[Report]
    report_sections: dict[str, SectionPath]
    sections: list[AgreementSection]


@dataclass
class _ExtractOut:
    problems: list[Problem]
    codes: dict[str, set[str]]
    hits: int
    extracted: int
    counts: Counter[str]


def _extract_round(args: tuple[int, str, str, str | None]) -> _ExtractOut:
    number, plan, work, cache = args
    where: list[tuple[str, int, int]] = _load(plan)
    facts: dict[str, list[DecisionFacts]] = defaultdict(list)
    cited_by: dict[str, set[str]] = defaultdict(set)
    reports: dict[str, list[Report]] = defaultdict(list)
    metadata: dict[str, ReportMetadata] = {}
    sections: dict[tuple[str, str], list[AgreementSection]] = defaultdict(list)
    for items in _unspill(where):
        for kind, doc in items:
            if kind == "facts":
                facts[canonical_id(doc.id)].append(doc)
            elif kind == "cited":
                report, fact = doc
                facts[canonical_id(fact.id)].append(fact)
                cited_by[canonical_id(fact.id)].add(report)
            elif kind == "report":
                reports[doc.key].append(doc)
            elif kind == "metadata":
                metadata[doc.key] = doc
            else:
                sections[doc.path.key].append(doc)
    problems: list[Problem] = []
    decisions = {k: merge_decision(facts[k], problems) for k in sorted(facts)}
    merged = [merge_reports(reports[k], problems) for k in sorted(reports)]
    idents = [k for k, d in decisions.items() if d.text]
    results = _extract_task([(decisions[k].id, decisions[k].text or "", decisions[k].title, cache) for k in idents])
    found = {k: f for k, (f, _hit) in zip(idents, results, strict=True)}
    hits = sum(hit for _f, hit in results)
    part = _Partition(decisions, found, dict(cited_by), merged,
                      {k: parse_section_name(metadata[k].topic) for k in sorted(metadata)},
                      [merge_sections(sections[k], problems) for k in sorted(sections)])
    (Path(work) / "extract" / f"{number:05d}.bin").write_bytes(dumps(part))
    claims = [c for r in merged for c in r.claims]
    counts = Counter({
        "reports": len(merged), "claims": len(claims), "citations": sum(len(c.citations) for c in claims),
        "decisions": len(decisions), "title_only_decisions": sum(d.title_only for d in decisions.values()),
        "agreement_sections": len(part.sections), "reports_linked_to_a_section": len(part.report_sections),
    })
    return _ExtractOut(problems, coded_names(found), hits, len(idents) - hits, counts)


# --- round 3: map the decisions --------------------------------------------------------------------------


@dataclass
class _MapOut:
    mentions: dict[tuple[str, str], Mentions]
    counts: Counter[str]
    spill: str
    segments: Segments
    violations: list[Violation]
    checked: int
    unclassified: list[dict[str, str]]


def _write_part(path: Path, triples: Iterable[Triple], reasoning: str) -> tuple[set[AnyTriple], set[Node]]:
    """Write sorted, duplicate-free N-Triples of ``triples`` and what they entail.

    Returns the triples written and the subjects of the asserted ones (the nodes the partition describes).
    """
    asserted: set[AnyTriple] = set(triples)
    subjects: set[Node] = {s for s, _p, _o in asserted}
    every = set(infer(asserted, entailments(reasoning))) if reasoning != "none" else asserted
    ox_triples = [ox.Triple(to_ox(s), to_ox(p), to_ox(o)) for s, p, o in every]  # type: ignore[arg-type]
    data = ox.serialize(ox_triples, format=ox.RdfFormat.N_TRIPLES) or b""
    lines = sorted(set(data.splitlines()))
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_bytes(b"".join(line + b"\n" for line in lines))
    tmp.replace(path)
    return every, subjects


def validate_partition(triples: set[AnyTriple], subjects: set[Node], known: Mapping[Node, Iterable[Node]],
                       reasoning: str) -> tuple[list[Violation], int]:
    """The violations of the nodes a partition describes. The nodes it points to but does not describe
    get their types from ``known`` (and what the ontology entails of them), so that a link to them can be
    checked; their own shapes are checked where they are described."""
    graph = Graph(bind_namespaces="none")
    read = _read_predicates()
    for t in triples:
        if t[1] in read:
            graph.add(t)
    context: list[AnyTriple] = [(o, RDF.type, c) for o in set(graph.objects()) if o not in subjects
                                for c in known.get(o, ())]
    if reasoning != "none":
        context = list(infer(context, entailments(reasoning)))
    for t in context:
        graph.add(t)
    return [v for v in validate(graph).results if v.focus_node in subjects], len(triples)


@functools.cache
def _read_predicates() -> frozenset[Node]:
    return read_predicates(load_shapes())


def _static_types() -> dict[Node, set[Node]]:
    known: dict[Node, set[Node]] = defaultdict(set)
    for s, p, o in static_triples():
        if p == RDF.type:
            known[s].add(o)
    return known


def _decision_part(part: _Partition) -> Iterator[Triple]:
    for dec in part.decisions.values():
        yield from decision_triples(dec)
        for src in dec.sources:
            yield from source_triples(src)
    for section in part.sections:
        yield from agreement_section_triples(section)
        yield from source_triples(section.source)
    for ident, found in part.found.items():
        yield from extraction_triples(part.decisions[ident], found)


def _map_round(args: tuple[int, str, int, str, str, str, bool]) -> _MapOut:
    number, plan, partitions, work, out, reasoning, check = args
    alias: dict[str, str] = _load(plan)
    path = Path(work) / "extract" / f"{number:05d}.bin"
    part: _Partition = _load(str(path))
    part.found = rekey(part.found, alias)
    path.write_bytes(dumps(part))  # the reports round reads the rekeyed mentions
    triples, subjects = _write_part(Path(out) / f"{number:05d}-besluiten.nt", _decision_part(part), reasoning)
    violations: list[Violation] = []
    checked = 0
    if check:
        known = _static_types()
        for m in (m for fs in part.found.values() for f in fs for m in mentions_in(f)):
            known[entity_iri(m.type, m.key)].add(ENTITY_CLASSES[m.type])
        violations, checked = validate_partition(triples, subjects, known, reasoning)
    del triples
    evidence: dict[int, dict[str, DecisionEvidence]] = defaultdict(dict)
    for ident, reports in part.cited_by.items():
        record = decision_evidence(part.decisions[ident], part.found.get(ident, ()))
        for report in reports:
            evidence[partition_of(_report_key(report), partitions)][ident] = record
    spill = Path(work) / "evidence" / f"{number:05d}.bin"
    return _MapOut(collect_mentions(part.found), found_counts(part.found), str(spill), _spill(spill, evidence),
                   violations, checked,
                   unclassified_amounts(part.found, {k: (d.id, d.text or "") for k, d in part.decisions.items()}))


# --- round 4: the reports, and the validation of both partitions -----------------------------------------


@dataclass
class _ReportsOut:
    themes: set[str]
    ratings: Counter[str]
    violations: list[Violation]
    checked: int


def _report_part(part: _Partition, checks: Mapping[tuple[str, int], ClaimCheck]) -> Iterator[Triple]:
    for report in part.reports:
        yield from report_triples(report, part.report_sections.get(report.key), checks)
        yield from source_triples(report.source)


def _reports_round(args: tuple[int, str, str, str, str, bool]) -> _ReportsOut:
    number, plan, work, out, reasoning, check = args
    where: list[tuple[str, int, int]] = _load(plan)
    part: _Partition = _load(str(Path(work) / "extract" / f"{number:05d}.bin"))
    evidence: dict[str, DecisionEvidence] = {}
    for records in _unspill(where):
        evidence.update(records)
    gazetteer = load_gazetteer()
    checks: dict[tuple[str, int], ClaimCheck] = {}
    for report in part.reports:
        checks.update(check_report(report, evidence, gazetteer))
    triples, subjects = _write_part(Path(out) / f"{number:05d}-rapporten.nt", _report_part(part, checks), reasoning)
    violations: list[Violation] = []
    checked = 0
    if check:
        known = _static_types()
        for report in part.reports:  # the decisions the claims cite are described in other partitions
            for ref in report.references.values():
                known[decision_iri(ref.decision.id)].add(BESLUIT.Besluit)
        violations, checked = validate_partition(triples, subjects, known, reasoning)
    return _ReportsOut({c.theme for r in part.reports for c in r.claims if c.theme},
                       Counter(c.rating for c in checks.values()), violations, checked)


def _one(chunk: list[tuple[Callable[[Any], Any], Any]]) -> list[Any]:
    """A round's task on its arguments: one task per chunk, so a partition is one unit of work."""
    return [task(args) for task, args in chunk]


# --- the driver ------------------------------------------------------------------------------------------


def _shared_part(entities: Iterable[Entity], themes: Iterable[str]) -> Iterator[Triple]:
    yield from static_triples()
    yield from theme_triples(themes)
    for entity in entities:
        yield from entity_triples(entity)


def build_partitioned(paths: Iterable[str | Path], out: Path, reasoning: str = DEFAULT_MODE,
                      executor: str | Executor = "process", jobs: int | None = None, scheduler: str | None = None,
                      cache: Path | None = None, partition_files: int = PARTITION_FILES, check: bool = True,
                      progress: Progress | None = None, max_bytes: int = MAX_INPUT_BYTES) -> PartitionedResult:
    """Build the graph of ``paths`` as N-Triples partitions in ``out/parts`` and a store in ``out/store``.

    Memory follows ``partition_files`` (input files per partition), not the corpus. ``check`` validates
    every partition against the SHACL shapes. With a Dask ``scheduler``, ``out`` must be on a file system
    the workers share.
    """
    check_mode(reasoning)
    found_problems: list[Problem] = []
    files = [(str(p), rel) for p, rel in find_inputs(list(paths), found_problems)]
    if not files and not found_problems:
        raise NoInputError("no input files under " + ", ".join(map(str, paths)))
    out = Path(out)
    # the spill folder is kgbuild's own (a hidden name); parts/ may hold a user's files: only ours are rewritten,
    # and the parts are the files this build lists, never whatever the folder holds
    work, parts_dir = out / ".kgbuild-work", out / "parts"
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

    report = BuildReport(inputs={f: 0 for f in FORMATS})
    report.inputs["skipped"] = len(found_problems)
    counts: Counter[str] = Counter()
    problems: list[Problem] = list(found_problems)
    try:
        reads: list[_ReadOut] = run("read", _read_round, [
            (i, chunk, n, str(work), cache_dir, max_bytes) for i, chunk in enumerate(chunked(files, READ_FILES))])
        for r in reads:
            for fmt, k in r.formats.items():
                report.inputs[fmt] = report.inputs.get(fmt, 0) + k
            problems += r.problems

        def where(outs: Iterable[Any], part: int) -> list[tuple[str, int, int]]:
            return [(o.spill, *o.segments[part]) for o in outs if part in o.segments]

        extracts: list[_ExtractOut] = run("extract", _extract_round, [
            (p, _plan(work, f"extract-{p:05d}", where(reads, p)), str(work), cache_dir) for p in range(n)])
        codes: dict[str, set[str]] = defaultdict(set)
        for e in extracts:
            problems += e.problems
            counts.update(e.counts)
            for name, keys in e.codes.items():
                codes[name] |= keys
        aliases = _plan(work, "aliases", code_aliases(codes))
        maps: list[_MapOut] = run("map", _map_round, [
            (p, aliases, n, str(work), str(parts_dir), reasoning, check) for p in range(n)])
        mentions: dict[tuple[str, str], Mentions] = defaultdict(Mentions)
        for m in maps:
            counts.update(m.counts)
            for key, agg in m.mentions.items():
                mentions[key].add(agg)
        reports_out: list[_ReportsOut] = run("reports", _reports_round, [
            (p, _plan(work, f"reports-{p:05d}", where(maps, p)), str(work), str(parts_dir), reasoning, check)
            for p in range(n)])
    finally:
        if isinstance(executor, str):
            runner.close()
    entities = entities_from_mentions(mentions, load_gazetteer())
    themes: set[str] = set().union(*(r.themes for r in reports_out))
    triples, subjects = _write_part(parts_dir / SHARED, _shared_part(entities.values(), themes), reasoning)
    violations = [v for m in maps for v in m.violations] + [v for r in reports_out for v in r.violations]
    checked = sum(m.checked for m in maps) + sum(r.checked for r in reports_out)
    if check:
        found, n_checked = validate_partition(triples, subjects, {}, reasoning)
        violations += found
        checked += n_checked
    del triples
    shutil.rmtree(work, ignore_errors=True)
    parts = sorted([parts_dir / SHARED, *(parts_dir / f"{p:05d}-{kind}.nt" for p in range(n)
                                         for kind in ("besluiten", "rapporten"))])
    start = time.perf_counter()
    stored = save_store_files(parts, out / "store")
    seconds["store"] = time.perf_counter() - start
    ratings: Counter[str] = Counter()
    for out_r in reports_out:
        ratings.update(out_r.ratings)
    report.problems = sorted(set(problems), key=lambda p: (p.path, p.message))
    report.counts = {
        **{k: counts[k] for k in ("reports", "claims", "citations", "decisions", "title_only_decisions",
                                  "agreement_sections", "reports_linked_to_a_section")},
        **entity_counts(entities.values()),
        **{k: counts[k] for k in GRANT_COUNTS},
        **rating_counts(ratings), "annotations": counts["annotations"],
        "triples": stored, "partitions": n,
    }
    report.unclassified = sorted((u for m in maps for u in m.unclassified), key=lambda u: (u["decision"], u["amount"]))
    if cache:
        report.cache = {"reads_from_cache": sum(r.hits for r in reads),
                        "reads": len(files) - sum(r.hits for r in reads),
                        "extractions_from_cache": sum(e.hits for e in extracts),
                        "extractions": sum(e.extracted for e in extracts)}
    validation = None
    if check:
        validation = ValidationReport(not any(v.severity == "Violation" for v in violations),
                                      sorted(violations, key=_violation_key), _prefixes(new_graph()))
        report.counts["triples_validated"] = checked
    return PartitionedResult(report, parts, out / "store", validation, seconds)


def _violation_key(v: Violation) -> tuple[str, str, str]:
    return str(v.focus_node), str(v.path), v.message


__all__ = ["PARTITION_FILES", "PartitionedResult", "build_partitioned", "partition_of", "validate_partition"]
