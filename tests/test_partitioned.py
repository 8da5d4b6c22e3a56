"""The partitioned build: its partitions together are the in-memory build's graph, whatever the executor,
the number of partitions or the cache; it validates each partition and writes a store that queries see."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS, RDF

import kgbuild
from conftest import run_cli
from kgbuild.mapping import decision_iri
from kgbuild.namespaces import BESLUIT, CITO, ELI, SCHEMA
from kgbuild.partitioned import PartitionedResult, build_partitioned, partition_of, validate_partition
from kgbuild.pipeline import BuildResult
from kgbuild.terms import to_ox

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "000_1331771e99bb3f69.txt"
MINI = ROOT / "tests" / "cases" / "all-formats" / "input"


def union(result: PartitionedResult) -> set[ox.Triple]:
    return {ox.Triple(q.subject, q.predicate, q.object)
            for path in result.parts for q in ox.parse(path=str(path), format=ox.RdfFormat.N_TRIPLES)}


def in_memory(result: BuildResult) -> set[ox.Triple]:
    return {ox.Triple(to_ox(s), to_ox(p), to_ox(o)) for s, p, o in result.graph}  # type: ignore[arg-type]


def same_build(partitioned: PartitionedResult, memory: BuildResult) -> None:
    got, want = union(partitioned), in_memory(memory)
    assert not (want - got) and not (got - want), (sorted(map(str, want - got))[:5], sorted(map(str, got - want))[:5])
    assert partitioned.report.problems == memory.report.problems
    assert partitioned.report.inputs == memory.report.inputs
    common = set(memory.report.counts) & set(partitioned.report.counts) - {"triples"}
    assert {k: partitioned.report.counts[k] for k in common} == {k: memory.report.counts[k] for k in common}


def part_bytes(result: PartitionedResult) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in result.parts}


@pytest.mark.parametrize("reasoning", ["owlrl", "none"])
def test_partitions_together_are_the_in_memory_graph(tmp_path: Path, reasoning: str) -> None:
    paths = [SEED, MINI]
    part = build_partitioned(paths, tmp_path, reasoning=reasoning, executor="serial", partition_files=1)
    assert part.report.counts["partitions"] > 3
    same_build(part, kgbuild.build(paths, reasoning=reasoning, executor="serial"))
    assert part.validation is not None and part.validation.conforms
    # the store holds the union: Oxigraph writes xsd:nonNegativeInteger offsets as xsd:integer, so compare counts
    assert len(ox.Store.read_only(str(tmp_path / "store"))) == len(union(part)) == part.report.counts["triples"]


def test_partitions_are_sorted_and_free_of_duplicates(tmp_path: Path) -> None:
    part = build_partitioned([SEED, MINI], tmp_path, executor="serial", partition_files=1)
    for data in part_bytes(part).values():
        lines = data.splitlines()
        assert lines == sorted(set(lines)) and (not data or data.endswith(b"\n"))


def test_every_executor_and_partition_size_writes_the_same(tmp_path: Path) -> None:
    paths = [SEED, MINI]
    serial = build_partitioned(paths, tmp_path / "serial", executor="serial", partition_files=1)
    process = build_partitioned(paths, tmp_path / "process", executor="process", jobs=2, partition_files=1)
    assert part_bytes(process) == part_bytes(serial)
    one = build_partitioned(paths, tmp_path / "one", executor="serial", partition_files=10_000)
    assert one.report.counts["partitions"] == 1 and union(one) == union(serial)


def test_a_local_dask_cluster_writes_the_same(tmp_path: Path) -> None:
    pytest.importorskip("dask.distributed")
    paths = [SEED, MINI]
    dask = build_partitioned(paths, tmp_path / "dask", executor="dask", jobs=2, partition_files=1)
    serial = build_partitioned(paths, tmp_path / "serial", executor="serial", partition_files=1)
    assert part_bytes(dask) == part_bytes(serial)


def test_partition_of_a_key_is_fixed() -> None:
    # a hash of the key's bytes, not Python's salted hash(): the same on every machine and in every process
    assert partition_of("d:5df88bfb5084e700080000ca", 7) == partition_of("d:5df88bfb5084e700080000ca", 7)
    assert {partition_of(f"d:{i}", 4) for i in range(100)} == {0, 1, 2, 3}
    assert partition_of("d:5df88bfb5084e700080000ca", 1000) == 683


def test_a_rebuild_takes_every_extraction_from_the_cache(tmp_path: Path) -> None:
    src = tmp_path / "in"
    shutil.copytree(MINI, src)
    first = build_partitioned([src], tmp_path / "a", executor="serial", partition_files=1, cache=tmp_path / "cache")
    again = build_partitioned([src], tmp_path / "b", executor="serial", partition_files=1, cache=tmp_path / "cache")
    files = sum(first.report.inputs.values())
    assert again.report.cache == {"reads_from_cache": files, "reads": 0, "extractions": 0,
                                  "extractions_from_cache": first.report.cache["extractions"]}
    assert part_bytes(again) == part_bytes(first)


def test_only_the_nodes_a_partition_describes_are_reported() -> None:
    """A claim citing a decision described in another partition is checked against that decision's type;
    the decision's own shape is checked where it is described; a broken grant here is reported."""
    claim, grant, elsewhere = URIRef("urn:x:claim"), URIRef("urn:x:grant"), decision_iri("elders")
    here = decision_iri("hier")
    triples = {
        (here, RDF.type, BESLUIT.Besluit), (here, DCTERMS.identifier, Literal("hier")),
        (claim, RDF.type, SCHEMA.Claim), (claim, SCHEMA.text, Literal("x", lang="nl")),
        (claim, SCHEMA.isPartOf, URIRef("urn:x:report")), (claim, CITO.citesAsEvidence, elsewhere),
        (URIRef("urn:x:report"), RDF.type, SCHEMA.Report),
        (grant, RDF.type, SCHEMA.MonetaryGrant), (grant, DCTERMS.source, here),
    }
    subjects = {s for s, _p, _o in triples}
    known = {elsewhere: {BESLUIT.Besluit}}
    violations, _ = validate_partition(set(triples), subjects, known, "none")
    focus = {v.focus_node for v in violations}
    assert elsewhere not in focus and claim not in focus  # typed by the context, checked where it is described
    assert here in focus and grant in focus  # no title, date, body...; no amount
    assert any(v.path == ELI.date_document for v in violations if v.focus_node == here)
    # without the context the claim's citation is a violation: the context is what makes the link checkable
    bare, _ = validate_partition(set(triples), subjects, {}, "none")
    assert any(v.focus_node == claim and v.path == CITO.citesAsEvidence for v in bare)


def test_cli_partitioned_build_writes_parts_and_a_store_that_queries_see(tmp_path: Path) -> None:
    out, plain = tmp_path / "out", tmp_path / "plain"
    code, _, _ = run_cli("build", str(SEED), "-o", str(plain), "-q", "--no-cache")
    assert code == 0
    shutil.copytree(plain, out)  # an earlier build's graph.ttl and page must go: they would not match the store
    code, stdout, stderr = run_cli("build", str(SEED), "-o", str(out), "--partitioned", "--no-cache")
    assert code == 0, stderr
    assert "partition(s)" in stdout and "conforms:" in stdout
    assert sorted(p.name for p in (out / "parts").iterdir())[-1] == "gedeeld.nt"
    assert not (out / "graph.ttl").exists() and not (out / "graph.html").exists()
    report = json.loads((out / "build-report.json").read_text(encoding="utf-8"))
    assert report["counts"]["partitions"] == 1 and report["counts"]["triples"] > 1000
    query = str(ROOT / "queries" / "money-per-organisation.rq")
    rows = [run_cli("query", query, "--store", str(d / "store"), "--format", "csv") for d in (plain, out)]
    assert rows[0][0] == rows[1][0] == 0 and rows[0][1] == rows[1][1] and rows[0][1].count("\n") > 1
    # a plain build over it removes the partitions again
    code, _, _ = run_cli("build", str(SEED), "-o", str(out), "-q", "--no-cache")
    assert code == 0 and not (out / "parts").exists()


def test_cli_partitioned_refuses_a_format(tmp_path: Path) -> None:
    code, _, stderr = run_cli("build", str(SEED), "-o", str(tmp_path), "--partitioned", "--format", "nt")
    assert code == 2 and "--format" in stderr and "--partitioned" in stderr


def test_cli_partitioned_counts_bad_input(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    shutil.copy(SEED, src)
    (src / "kapot.json").write_text("{ not json", encoding="utf-8")
    code, _, stderr = run_cli("build", str(src), "-o", str(tmp_path / "out"), "--partitioned", "-q", "--no-cache")
    assert code == 0 and "kapot.json" in stderr
    report = json.loads((tmp_path / "out" / "build-report.json").read_text(encoding="utf-8"))
    assert report["skipped_files"] == 1
    code, _, _ = run_cli("build", str(src), "-o", str(tmp_path / "out"), "--partitioned", "-q", "--strict")
    assert code == 1


def test_corpus_partitions_are_the_in_memory_graph(tmp_path: Path, corpus_path: Path,
                                                   corpus_build: BuildResult) -> None:
    part = build_partitioned([corpus_path], tmp_path, partition_files=1500)
    assert part.report.counts["partitions"] == 5
    same_build(part, corpus_build)
    assert part.validation is not None and part.validation.conforms, part.validation.results[:3]
