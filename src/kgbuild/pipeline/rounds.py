"""The four rounds of a build, each a task over one chunk of files or one partition (``pipeline`` drives them).

Every document has a *group key* (a decision's id, a report's name, a section's domain and number), and
every key falls in one of N partitions by a hash of the key, so every source of one decision lands in the
same partition whatever file and task it was read in. Tasks pass only small summaries back, and spill the
rest to the work folder:

1. **read**: a task reads a chunk of files and writes its documents, split by partition, to one spill
   file (``work/read/``). A report's references also go to the partitions of the decisions they name.
2. **extract**: a task merges the decisions of one partition from all their sources, runs the extractors
   (with the cache of incremental builds) and spills the result (``work/extract/``). It returns the
   project codes its mentions use.
3. **map**: with the code aliases of the whole corpus, a task maps one partition's decisions and sections to
   triples, adds what the ontology entails (one triple at a time, so a partition can be reasoned alone), writes
   ``parts/NNNNN-besluiten.nt`` and spills what each cited decision can confirm of a claim (``work/evidence/``).
4. **reports**: a task checks the claims of one partition's reports against that evidence, writes
   ``parts/NNNNN-rapporten.nt``, and validates both partitions of its number against the SHACL shapes.

The driver then resolves the entities from the summed mentions and writes ``parts/gedeeld.nt`` (the entities,
themes and shared nodes). Parts are sorted, duplicate-free N-Triples, the same bytes whatever the executor. A
partition is validated with the types of the nodes it points to outside itself as context; shared nodes are
validated once, in ``gedeeld.nt``. Partitions and spill files are ``pipeline.spill``; writing and validating a
partition's triples is ``pipeline.parts``. The four rounds share one module: they share the partition's
dataclasses, and a round read alone would not show what the one before it wrote.
"""

from __future__ import annotations

import dataclasses
import hashlib
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..claims import ClaimCheck, DecisionEvidence, check_report, cited, decision_evidence
from ..corrections import Fix, Money, apply_fixes, apply_verdicts, money_summary
from ..entities import (
    Mentions,
    coded_names,
    collect_mentions,
    found_counts,
    mentions_in,
    rekey,
    unclassified_amounts,
)
from ..extract import Found, LegalCitation, extract_decision, load_gazetteer
from ..model import (
    AgreementSection,
    Decision,
    DecisionFacts,
    Problem,
    Report,
    ReportMetadata,
    SectionPath,
    canonical_id,
)
from ..rdf.mapping import (
    ENTITY_CLASSES,
    Triple,
    agreement_section_triples,
    decision_iri,
    decision_triples,
    entity_iri,
    extraction_triples,
    leaf_iri,
    report_iri,
    report_triples,
    source_triples,
)
from ..rdf.namespaces import BESLUIT
from ..rdf.validate import Violation
from ..readers import ReadResult, read_bytes, read_limited
from ..readers.agreement import parse_section_name
from ..resolve import merge_decision, merge_reports, merge_sections
from ..search import SearchDoc, analysed
from .cache import Cache, memo_files
from .cache import key as cache_key
from .codec import dumps, loads
from .parts import static_types, validate_partition, write_part
from .spill import (
    Segments,
    decision_key,
    load_plan,
    partition_of,
    read_segments,
    report_key,
    write_bytes,
    write_spill,
)

SHARED = "gedeeld.nt"


# --- the tasks: what the driver hands a round, one frozen value per task (plans are files, see ``spill.plan``) -----


@dataclass(frozen=True)
class ReadTask:
    number: int  # the chunk
    files: list[tuple[str, str]]  # (path, name relative to its input folder)
    partitions: int
    work: str
    cache_dir: str | None
    max_bytes: int


@dataclass(frozen=True)
class ExtractTask:
    number: int  # the partition
    plan: str  # where its documents are in the read round's spill files
    work: str
    cache_dir: str | None


@dataclass(frozen=True)
class MapTask:
    number: int
    aliases: str  # the plan of the code aliases of the whole corpus
    fixes: str  # the plan of the fixes to its decisions' amounts (the ledger's and the readers')
    partitions: int
    work: str
    out: str
    reasoning: str
    check: bool
    cache_dir: str | None


@dataclass(frozen=True)
class ReportsTask:
    number: int
    plan: str  # where the evidence its reports' claims cite is in the map round's spill files
    work: str
    out: str
    reasoning: str
    check: bool
    cache_dir: str | None
    published: str  # the reviews' date: the latest decision of the build
    verdicts: str  # the plan of the readers' verdicts


# --- reading and extracting one file or decision, with the cache of incremental builds ---------------


def _read_one(rel: str, data: bytes | ReadResult, digest: bytes,
              cache_dir: str | None) -> tuple[ReadResult, bool]:
    """One file's documents (``digest``: the SHA-256 of its bytes); True where the cache had them."""
    if isinstance(data, ReadResult):
        return data, False
    if cache_dir is None:
        return read_bytes(rel, data), False
    return Cache(Path(cache_dir)).memo("read", cache_key("read", rel, digest), lambda: read_bytes(rel, data))


def extract_decisions(items: list[tuple[str, str, str | None, str | None]]) -> list[tuple[list[Found], bool]]:
    """Extract from decisions (id, text, title, cache folder) with the shipped gazetteer; runs in a worker."""
    gazetteer = load_gazetteer()
    out: list[tuple[list[Found], bool]] = []
    for ident, text, title, cache_dir in items:
        def compute(ident: str = ident, text: str = text, title: str | None = title) -> list[Found]:
            return extract_decision(ident, text, gazetteer, title)

        if cache_dir is None:
            out.append((compute(), False))
        else:
            out.append(Cache(Path(cache_dir)).memo("extract", cache_key("extract", ident, title or "", text), compute))
    return out


# --- round 1: read ---------------------------------------------------------------------------------------


@dataclass
class ReadOut:
    formats: Counter[str]
    problems: list[Problem]
    hits: int
    spill: str
    segments: Segments


def read_round(task: ReadTask) -> ReadOut:
    number, files, partitions, work = task.number, task.files, task.partitions, task.work
    cache_dir, max_bytes = task.cache_dir, task.max_bytes
    spill = Path(work) / "read" / f"{number:06d}.bin"
    datas = [(rel, read_limited(Path(path), rel, max_bytes)) for path, rel in files]
    # each file hashed once: the digest keys both the chunk and, on a miss, the file's own entry
    digests = [hashlib.sha256(data).digest() if isinstance(data, bytes) else str(data.problems).encode()
               for _rel, data in datas] if cache_dir else [b""] * len(datas)
    cache = Cache(Path(cache_dir)) if cache_dir else None
    k = ""
    if cache:  # a whole chunk of unchanged files: its spill as it was, without a cache entry per file
        h = hashlib.sha256()
        for (rel, _data), digest in zip(datas, digests, strict=True):
            h.update(rel.encode() + b"\0" + digest)
        k = cache_key("read-chunk", h.hexdigest(), str(partitions))

    def compute() -> tuple[Counter[str], list[Problem], Segments, int]:
        routed: dict[int, list[tuple[str, Any]]] = defaultdict(list)
        formats: Counter[str] = Counter()
        problems: list[Problem] = []
        hits = 0
        for (rel, data), digest in zip(datas, digests, strict=True):
            result, hit_one = _read_one(rel, data, digest, cache_dir)
            formats[result.format or "skipped"] += 1
            problems.extend(result.problems)
            hits += hit_one
            for doc in result.documents:
                if isinstance(doc, Report):
                    routed[partition_of(report_key(doc.key), partitions)].append(("report", doc))
                    for ref in doc.references.values():
                        key = decision_key(ref.decision.id)
                        routed[partition_of(key, partitions)].append(("cited", (doc.key, ref.decision)))
                elif isinstance(doc, DecisionFacts):
                    routed[partition_of(decision_key(doc.id), partitions)].append(("facts", doc))
                elif isinstance(doc, ReportMetadata):
                    routed[partition_of(report_key(doc.key), partitions)].append(("metadata", doc))
                else:
                    key = "s:" + "\0".join(doc.path.key)
                    routed[partition_of(key, partitions)].append(("section", doc))
        return formats, problems, write_spill(spill, routed), hits

    (formats, problems, segments, hits), chunk_hit = memo_files(cache, "read-chunk", k, [spill], compute)
    return ReadOut(formats, problems, len(files) if chunk_hit else hits, str(spill), segments)


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
class ExtractOut:
    problems: list[Problem]
    codes: dict[str, set[str]]
    hits: int
    extracted: int
    counts: Counter[str]
    latest: str = ""  # the date of the partition's latest decision (ISO), "" when none has one
    search: str = ""  # the spill of the partition's search documents
    money: list[Money] = dataclasses.field(default_factory=list)  # what the ledger needs of each decision


def extract_round(task: ExtractTask) -> ExtractOut:
    number, plan, work, cache_dir = task.number, task.plan, task.work, task.cache_dir
    where: list[tuple[str, int, int]] = load_plan(plan)
    raw = list(read_segments(where))
    target = Path(work) / "extract" / f"{number:05d}.bin"
    search = Path(work) / "search" / f"{number:05d}.bin"
    search.parent.mkdir(parents=True, exist_ok=True)
    cache = Cache(Path(cache_dir)) if cache_dir else None
    # an unchanged partition (the same documents routed to it): its spills and summaries as they were, without
    # decoding and encoding every decision's extraction again
    k = cache_key("extract-partition", *raw, whole=True) if cache else ""

    def compute() -> tuple[list[Problem], dict[str, set[str]], int, int, Counter[str], str, list[Money]]:
        return _extract_partition(raw, target, search, cache_dir)

    (problems, codes, hits, extracted, counts, latest, money), hit = memo_files(
        cache, "extract-partition", k, [target, search], compute)
    if hit:  # every decision of the partition comes from the cache
        hits, extracted = hits + extracted, 0
    return ExtractOut(problems, codes, hits, extracted, counts, latest, str(search), money)


def _extract_partition(raw: list[bytes], target: Path, search: Path, cache: str | None) -> tuple[
        list[Problem], dict[str, set[str]], int, int, Counter[str], str, list[Money]]:
    facts: dict[str, list[DecisionFacts]] = defaultdict(list)
    cited_by: dict[str, set[str]] = defaultdict(set)
    reports: dict[str, list[Report]] = defaultdict(list)
    metadata: dict[str, ReportMetadata] = {}
    sections: dict[tuple[str, str], list[AgreementSection]] = defaultdict(list)
    for items in map(loads, raw):
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
    results = extract_decisions([(decisions[k].id, decisions[k].text or "", decisions[k].title, cache) for k in idents])
    found = {k: f for k, (f, _hit) in zip(idents, results, strict=True)}
    hits = sum(hit for _f, hit in results)
    part = _Partition(decisions, found, dict(cited_by), merged,
                      {k: parse_section_name(metadata[k].topic) for k in sorted(metadata)},
                      [merge_sections(sections[k], problems) for k in sorted(sections)])
    spilled = dumps(part)
    write_bytes(target, spilled)  # beside and renamed: the file may be a link to a cached copy
    claims = [c for r in merged for c in r.claims]
    counts = Counter({
        "reports": len(merged), "claims": len(claims), "citations": sum(len(c.citations) for c in claims),
        "decisions": len(decisions), "title_only_decisions": sum(d.title_only for d in decisions.values()),
        "agreement_sections": len(part.sections), "reports_linked_to_a_section": len(part.report_sections),
    })
    dates = [d.date.isoformat() for d in decisions.values() if d.date]
    write_bytes(search, dumps(search_documents(part)))  # the Dutch analysis of every text: kept with the partition
    money = [money_summary(dec.id, dec.date.isoformat() if dec.date else "", dec.title or "", dec.text or "",
                           found.get(k, []), _cited_acts(found.get(k, []))) for k, dec in decisions.items()]
    return problems, coded_names(found), hits, len(idents) - hits, counts, max(dates, default=""), money


def _cited_acts(found: Iterable[Found]) -> tuple[tuple[str, str, str], ...]:
    """The decisions of the Flemish Government a decision cites, as (date, title, relation)."""
    return tuple(sorted({(f.item.date, f.item.title, f.item.relation) for f in found
                         if isinstance(f.item, LegalCitation) and f.item.kind == "bvr" and f.item.date}))


def section_id(path: SectionPath) -> str:
    """The search id of an agreement section: its policy domain and number."""
    return f"{path.domain} {path.number}"


def search_documents(part: _Partition) -> list[SearchDoc]:
    """The partition's decisions, claims, reports and agreement sections as analysed search documents."""
    docs: list[SearchDoc] = []
    for ident, dec in part.decisions.items():
        names = sorted({m.text for f in part.found.get(ident, ()) for m in mentions_in(f)})
        acts = _cited_acts(part.found.get(ident, ()))
        docs.append(SearchDoc(
            dec.id, "decision", str(decision_iri(dec.id)), dec.title or "", dec.text or "",
            dec.date.isoformat() if dec.date else "",
            tuple(f"{m.first_name} {m.family_name}" for m in dec.mandatees),
            cited_by=tuple(sorted(part.cited_by.get(ident, ()))), names=tuple(names), acts=tuple(acts)))
    for report in part.reports:
        path = part.report_sections.get(report.key)
        domains = (path.domain,) if path else ()
        iri = str(report_iri(report.key))
        title = report.title or report.key
        for i, claim in enumerate(report.claims, start=1):
            docs.append(SearchDoc(f"{report.key}#{i}", "claim", f"{iri}/bewering/{i}", title, claim.text,
                                  domains=domains))
        docs.append(SearchDoc(
            report.key, "report", iri, title, "\n".join(x for x in (report.summary, report.conclusion) if x),
            domains=domains, cites=tuple(sorted(cited(report))), section=section_id(path) if path else ""))
    for section in part.sections:
        docs.append(SearchDoc(section_id(section.path), "section", str(leaf_iri(section.path)),
                              section.path.title, section.text, domains=(section.path.domain,)))
    return [analysed(d) for d in docs]


# --- round 3: map the decisions --------------------------------------------------------------------------


@dataclass
class MapOut:
    mentions: dict[tuple[str, str], Mentions]
    counts: Counter[str]
    spill: str
    segments: Segments
    violations: list[Violation]
    checked: int
    unclassified: list[dict[str, str]]
    key: str = ""  # the cache key of this partition's inputs ("" without a cache)
    stale: list[Fix] = dataclasses.field(default_factory=list)  # readers' corrections that name no amount
    corrected: int = 0  # readers' corrections applied


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


def map_round(task: MapTask) -> MapOut:
    number, plan, fixes_plan, partitions, work = task.number, task.aliases, task.fixes, task.partitions, task.work
    out, reasoning, check, cache_dir = task.out, task.reasoning, task.check, task.cache_dir
    path = Path(work) / "extract" / f"{number:05d}.bin"
    spill = Path(work) / "evidence" / f"{number:05d}.bin"
    target = Path(out) / f"{number:05d}-besluiten.nt"
    cache = Cache(Path(cache_dir)) if cache_dir else None
    extracted, aliases, fixes_data = path.read_bytes(), Path(plan).read_bytes(), Path(fixes_plan).read_bytes()
    k = cache_key("map", extracted, aliases, fixes_data, str(partitions), reasoning, str(check), whole=True) \
        if cache else ""

    def compute() -> tuple[Segments, dict[tuple[str, str], Mentions], Counter[str],
                           list[Violation], int, list[Any], list[Fix], int]:
        alias: dict[str, str] = loads(aliases)
        part: _Partition = loads(extracted)
        part.found = rekey(part.found, alias)
        stale: list[Fix] = []
        applied = 0
        for ident, fixes in sorted(loads(fixes_data).items()):
            if ident not in part.found:
                stale.extend(f for f in fixes if f.where)  # a reader's correction of a decision the build lacks
                continue
            part.found[ident], missed = apply_fixes(part.found[ident], part.decisions[ident].text or "", fixes)
            stale.extend(f for f in missed if f.where)  # the ledger's fixes name amounts it read itself
            applied += sum(1 for f in fixes if f.where and f not in missed)
        write_bytes(path, dumps(part))  # the reports round reads the rekeyed mentions (renamed in: a link stays intact)
        triples, subjects = write_part(target, _decision_part(part), reasoning)
        violations: list[Violation] = []
        checked = 0
        if check:
            known = static_types()
            for m in (m for fs in part.found.values() for f in fs for m in mentions_in(f)):
                known[entity_iri(m.type, m.key)].add(ENTITY_CLASSES[m.type])
            violations, checked = validate_partition(triples, subjects, known, reasoning)
        del triples
        evidence: dict[int, dict[str, DecisionEvidence]] = defaultdict(dict)
        for ident, reports in part.cited_by.items():
            record = decision_evidence(part.decisions[ident], part.found.get(ident, ()))
            for report in reports:
                evidence[partition_of(report_key(report), partitions)][ident] = record
        texts = {i: (d.id, d.text or "") for i, d in part.decisions.items()}
        return (write_spill(spill, evidence), collect_mentions(part.found), found_counts(part.found), violations,
                checked, unclassified_amounts(part.found, texts), stale, applied)

    # an unchanged partition: its part, rekeyed extractions, evidence spill and summaries as they were
    spill.parent.mkdir(parents=True, exist_ok=True)
    (segments, mentions, counts, violations, checked, unclassified, stale, applied), _hit = memo_files(
        cache, "map", k, [target, path, spill], compute)
    return MapOut(mentions, counts, str(spill), segments, violations, checked, unclassified, k, stale, applied)


# --- round 4: the reports, and the validation of both partitions -----------------------------------------


@dataclass
class ReportsOut:
    themes: set[str]
    ratings: Counter[str]
    violations: list[Violation]
    checked: int
    key: str = ""  # the cache key of this partition's inputs ("" without a cache)
    corrected: list[str] = field(default_factory=list)  # the keys of the readers' verdicts it applied


def _report_part(part: _Partition, checks: Mapping[tuple[str, int], ClaimCheck],
                 published: str | None) -> Iterator[Triple]:
    for report in part.reports:
        yield from report_triples(report, part.report_sections.get(report.key), checks, published)
        yield from source_triples(report.source)


def reports_round(task: ReportsTask) -> ReportsOut:
    number, plan, work, out, reasoning = task.number, task.plan, task.work, task.out, task.reasoning
    check, cache_dir, published, verdicts_plan = task.check, task.cache_dir, task.published, task.verdicts
    where: list[tuple[str, int, int]] = load_plan(plan)
    path = Path(work) / "extract" / f"{number:05d}.bin"
    target = Path(out) / f"{number:05d}-rapporten.nt"
    cache = Cache(Path(cache_dir)) if cache_dir else None
    extracted, segments = path.read_bytes(), list(read_segments(where))
    verdicts_data = Path(verdicts_plan).read_bytes()
    k = cache_key("reports", extracted, *segments, reasoning, str(check), published, verdicts_data,
                  whole=True) if cache else ""

    def compute() -> tuple[set[str], Counter[str], list[Violation], int, list[str]]:
        part: _Partition = loads(extracted)
        evidence: dict[str, DecisionEvidence] = {}
        for segment in segments:
            evidence.update(loads(segment))
        gazetteer = load_gazetteer()
        checks: dict[tuple[str, int], ClaimCheck] = {}
        for report in part.reports:
            checks.update(check_report(report, evidence, gazetteer))
        checks, corrected = apply_verdicts(part.reports, checks, loads(verdicts_data))
        triples, subjects = write_part(target, _report_part(part, checks, published or None), reasoning)
        violations: list[Violation] = []
        checked = 0
        if check:
            known = static_types()
            for report in part.reports:  # the decisions the claims cite are described in other partitions
                for ref in report.references.values():
                    known[decision_iri(ref.decision.id)].add(BESLUIT.Besluit)
            violations, checked = validate_partition(triples, subjects, known, reasoning)
        return ({c.theme for r in part.reports for c in r.claims if c.theme},
                Counter(c.rating for c in checks.values()), violations, checked, corrected)

    (themes, ratings, violations, checked, corrected), _hit = memo_files(cache, "reports", k, [target], compute)
    return ReportsOut(themes, ratings, violations, checked, k, corrected)
