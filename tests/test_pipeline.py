"""The one build: its partitions together are the graph of a one-partition build, whatever the executor, the
number of partitions or the cache; it validates each partition; the graph file, the store and the page are
written from the parts."""

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
from kgbuild.pipeline.parts import validate_partition
from kgbuild.pipeline.plan import BuildResult, build
from kgbuild.pipeline.spill import partition_of
from kgbuild.pipeline.writers import build_into
from kgbuild.rdf.mapping import decision_iri
from kgbuild.rdf.namespaces import BESLUIT, CITO, ELI, SCHEMA
from kgbuild.rdf.terms import to_ox

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "000_1331771e99bb3f69.txt"
MINI = ROOT / "tests" / "cases" / "all-formats" / "input"


def union(result: BuildResult) -> set[ox.Triple]:
    return {ox.Triple(q.subject, q.predicate, q.object)
            for path in result.parts for q in ox.parse(path=str(path), format=ox.RdfFormat.N_TRIPLES)}


def in_memory(result: BuildResult) -> set[ox.Triple]:
    return {ox.Triple(to_ox(s), to_ox(p), to_ox(o)) for s, p, o in result.graph}  # type: ignore[arg-type]


def same_build(partitioned: BuildResult, memory: BuildResult) -> None:
    got, want = in_memory(partitioned), in_memory(memory)
    assert not (want - got) and not (got - want), (sorted(map(str, want - got))[:5], sorted(map(str, got - want))[:5])
    assert partitioned.report.problems == memory.report.problems
    assert partitioned.report.inputs == memory.report.inputs
    common = set(memory.report.counts) & set(partitioned.report.counts) - {"triples", "partitions", "triples_validated"}
    assert {k: partitioned.report.counts[k] for k in common} == {k: memory.report.counts[k] for k in common}


def part_bytes(result: BuildResult) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in result.parts}


@pytest.mark.parametrize("reasoning", ["owlrl", "none"])
@pytest.mark.slow
def test_partitions_together_are_the_one_partition_graph(tmp_path: Path, reasoning: str) -> None:
    paths = [SEED, MINI]
    part = build(paths, out=tmp_path, reasoning=reasoning, executor="serial", partition_files=1)
    assert part.report.counts["partitions"] > 3
    one = kgbuild.build(paths, reasoning=reasoning, executor="serial")
    assert one.report.counts["partitions"] == 1 and not one.parts and one.data
    same_build(part, one)
    assert union(part) == in_memory(one)
    assert part.validation is not None and part.validation.conforms


@pytest.mark.slow
def test_partitions_are_sorted_and_free_of_duplicates(tmp_path: Path) -> None:
    part = build([SEED, MINI], out=tmp_path, executor="serial", partition_files=1)
    for data in part_bytes(part).values():
        lines = data.splitlines()
        assert lines == sorted(set(lines)) and (not data or data.endswith(b"\n"))


@pytest.mark.slow
def test_every_executor_and_partition_size_writes_the_same(tmp_path: Path) -> None:
    paths = [SEED, MINI]
    serial = build_into(tmp_path / "serial", paths, executor="serial", partition_files=1)
    process = build_into(tmp_path / "process", paths, executor="process", jobs=2, partition_files=1)
    assert part_bytes(process) == part_bytes(serial)
    one = build_into(tmp_path / "one", paths, executor="serial", partition_files=10_000)
    assert one.report.counts["partitions"] == 1 and union(one) == union(serial)
    # the graph file and the page do not depend on the partitions: they are written from the merged parts
    for name in ("graph.ttl", "graph.html"):
        assert (tmp_path / "one" / name).read_bytes() == (tmp_path / "serial" / name).read_bytes() \
            == (tmp_path / "process" / name).read_bytes()


@pytest.mark.slow
def test_a_local_dask_cluster_writes_the_same(tmp_path: Path) -> None:
    pytest.importorskip("dask.distributed")
    paths = [SEED, MINI]
    dask = build(paths, out=tmp_path / "dask", executor="dask", jobs=2, partition_files=1)
    serial = build(paths, out=tmp_path / "serial", executor="serial", partition_files=1)
    assert part_bytes(dask) == part_bytes(serial)


def test_partition_of_a_key_is_fixed() -> None:
    # a hash of the key's bytes, not Python's salted hash(): the same on every machine and in every process
    assert partition_of("d:5df88bfb5084e700080000ca", 7) == partition_of("d:5df88bfb5084e700080000ca", 7)
    assert {partition_of(f"d:{i}", 4) for i in range(100)} == {0, 1, 2, 3}
    assert partition_of("d:5df88bfb5084e700080000ca", 1000) == 683


@pytest.mark.slow
def test_a_rebuild_takes_every_extraction_from_the_cache(tmp_path: Path) -> None:
    src = tmp_path / "in"
    shutil.copytree(MINI, src)
    first = build([src], out=tmp_path / "a", executor="serial", partition_files=1, cache=tmp_path / "cache")
    again = build([src], out=tmp_path / "b", executor="serial", partition_files=1, cache=tmp_path / "cache")
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


@pytest.mark.slow
def test_cli_build_writes_every_output_from_the_parts(tmp_path: Path) -> None:
    out = tmp_path / "out"
    code, stdout, stderr = run_cli("build", str(SEED), "-o", str(out), "--no-cache", "--partition-files", "1")
    assert code == 0, stderr
    assert "partition(s)" in stdout and "conforms:" in stdout
    assert sorted(p.name for p in (out / "parts").iterdir())[-2:] == ["gedeeld.nt", "relevantie.nt"]
    report = json.loads((out / "build-report.json").read_text(encoding="utf-8"))
    assert report["counts"]["partitions"] == 1 and report["counts"]["triples"] > 1000
    # the store, the Turtle file and the merged parts hold the same triples
    merged = {ox.Triple(q.subject, q.predicate, q.object) for q in ox.parse(path=str(out / "graph.ttl"))}
    assert len(merged) == report["counts"]["triples"] == len(ox.Store.read_only(str(out / "store")))
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert {"graph.ttl", "graph.html", "parts/gedeeld.nt", "build-report.json"} <= set(manifest["files"])
    query = str(ROOT / "queries" / "money-per-organisation.rq")
    code, rows, _ = run_cli("query", query, "--store", str(out / "store"), "--format", "csv")
    assert code == 0 and rows.count("\n") > 1


def test_cli_build_refuses_the_old_partitioned_flag(tmp_path: Path) -> None:
    code, _, stderr = run_cli("build", str(SEED), "-o", str(tmp_path), "--partitioned")
    assert code == 2 and "--partitioned" in stderr


@pytest.mark.slow
def test_cli_partitioned_counts_bad_input(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    shutil.copy(SEED, src)
    (src / "kapot.json").write_text("{ not json", encoding="utf-8")
    code, _, stderr = run_cli("build", str(src), "-o", str(tmp_path / "out"), "-q", "--no-cache")
    assert code == 0 and "kapot.json" in stderr
    report = json.loads((tmp_path / "out" / "build-report.json").read_text(encoding="utf-8"))
    assert report["skipped_files"] == 1
    code, _, _ = run_cli("build", str(src), "-o", str(tmp_path / "out"), "-q", "--strict")
    assert code == 1


@pytest.mark.slow
def test_corpus_partitions_are_the_one_partition_graph(tmp_path: Path, corpus_path: Path,
                                                       corpus_build: BuildResult) -> None:
    part = build([corpus_path], out=tmp_path, partition_files=100_000)
    assert part.report.counts["partitions"] == 1 and corpus_build.report.counts["partitions"] > 5
    same_build(part, corpus_build)
    assert part.validation is not None and part.validation.conforms, part.validation.results[:3]


@pytest.mark.slow
def test_an_unchanged_rebuild_takes_partitions_and_outputs_from_the_cache(tmp_path: Path) -> None:
    paths, cache = [SEED, MINI], tmp_path / "cache"
    first = build_into(tmp_path / "a", paths, executor="serial", partition_files=1, cache=cache)
    again = build_into(tmp_path / "b", paths, executor="serial", partition_files=1, cache=cache)
    assert "outputs from cache" in again.seconds and "outputs from cache" not in first.seconds
    assert not {"graph file", "store", "page"} & set(again.seconds)
    assert first.report.counts == again.report.counts
    for name in ("graph.ttl", "graph.html"):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes(), name
    assert part_bytes(first) == part_bytes(again)
    assert len(ox.Store.read_only(str(tmp_path / "b" / "store"))) == again.report.counts["triples"]
    # a damaged cached output is a miss, and the outputs are written anew
    for page in (cache / "outputs").rglob("graph.html"):
        page.write_bytes(b"<html>tampered</html>")
    third = build_into(tmp_path / "c", paths, executor="serial", partition_files=1, cache=cache)
    assert "outputs from cache" not in third.seconds
    assert (tmp_path / "c" / "graph.html").read_bytes() == (tmp_path / "a" / "graph.html").read_bytes()


def test_a_rebuild_copies_no_bytes_and_an_output_changed_in_place_is_noticed(tmp_path: Path) -> None:
    """A rebuild from the cache puts the parts, spills and outputs back as hard links (no bytes copied). An output
    edited in place then writes through to the cached copy: the next rebuild sees that the copy's size, time or
    checksum no longer match, takes it as a miss, and writes what a clean build writes."""
    paths, cache, out = [SEED, MINI], tmp_path / "cache", tmp_path / "out"
    clean = build_into(tmp_path / "clean", paths, executor="serial", partition_files=1)
    build_into(out, paths, executor="serial", partition_files=1, cache=cache)
    again = build_into(out, paths, executor="serial", partition_files=1, cache=cache)
    assert "outputs from cache" in again.seconds
    linked = [p for p in [*again.parts, out / "graph.ttl"] if p.stat().st_nlink > 1]
    assert out / "graph.ttl" in linked and len(linked) > len(again.parts) // 2
    for path in (again.parts[0], out / "graph.ttl"):
        with path.open("ab") as f:  # an editor that writes in place
            f.write(b"<urn:x> <urn:y> <urn:z> .\n")
    third = build_into(out, paths, executor="serial", partition_files=1, cache=cache)
    assert part_bytes(third) == part_bytes(clean)
    assert (out / "graph.ttl").read_bytes() == (tmp_path / "clean" / "graph.ttl").read_bytes()


@pytest.mark.slow
def test_the_page_reads_only_its_predicates_and_says_when_it_drew_part(tmp_path: Path) -> None:
    """graph.html exists at every size: from all the parts when they fit the budget, else from the shared
    part and whole partitions, with a note; the predicate filter gives the page of the whole graph."""
    from kgbuild import viz

    result = build([SEED, MINI], out=tmp_path, executor="serial", partition_files=1)
    whole, view = viz.render_parts(result.parts)
    assert whole == viz.render(result.graph)[0] and "partitions" not in view.note
    part, view = viz.render_parts(result.parts, budget=1)  # room for one partition only
    numbered = {p.name.split("-")[0] for p in result.parts if p.name[:1].isdigit()}
    assert f"drawn from 1 of its {len(numbered)} partitions" in view.note and part != whole


def test_merged_lines_are_one_sorted_stream_without_duplicates(tmp_path: Path) -> None:
    from kgbuild.rdf.export import merged_lines

    a, b = tmp_path / "a.nt", tmp_path / "b.nt"
    a.write_bytes(b"<urn:a> <urn:p> <urn:x> .\n<urn:c> <urn:p> <urn:x> .\n")
    b.write_bytes(b"<urn:a> <urn:p> <urn:x> .\n<urn:b> <urn:p> <urn:x> .\n")
    assert list(merged_lines([a, b])) == [b"<urn:a> <urn:p> <urn:x> .\n", b"<urn:b> <urn:p> <urn:x> .\n",
                                          b"<urn:c> <urn:p> <urn:x> .\n"]
