"""Export formats: deterministic bytes, the same graph back from every format, one named graph per source document."""

from __future__ import annotations

import json
import random
import re
import shutil
import subprocess
from collections import defaultdict
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Dataset, Graph, URIRef
from rdflib.namespace import PROV, RDF

import kgbuild
from conftest import run_cli as run
from kgbuild.cli import main
from kgbuild.pipeline.plan import BuildResult
from kgbuild.query.store import is_store
from kgbuild.rdf.export import FORMATS, SHARED_GRAPH, jsonld_context, serialize, source_graph, to_quads, to_turtle
from kgbuild.rdf.mapping import new_graph
from kgbuild.rdf.namespaces import ID, KG, PREFIXES
from kgbuild.rdf.terms import load_graph

ROOT = Path(__file__).resolve().parent.parent
ALL_FORMATS = ROOT / "tests" / "cases" / "all-formats" / "input"
RAPPER_SYNTAX = {"ttl": "turtle", "nt": "ntriples", "nq": "nquads", "trig": "trig"}




@pytest.fixture(scope="module")
def seed(seed_build: BuildResult) -> Graph:
    return seed_build.graph


@pytest.fixture(scope="module")
def mixed() -> Graph:
    """A report, its decision from three sources (report, clean text, API record), an agreement section."""
    return kgbuild.build([ALL_FORMATS]).graph


def rapper_count(path: Path, syntax: str) -> int:
    rapper = shutil.which("rapper")
    assert rapper, "rapper (Debian raptor2-utils) is missing: scripts/test.sh installs it"
    done = subprocess.run([rapper, "-i", syntax, "-c", str(path)], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    m = re.search(r"returned (\d+) (?:triples|statements)", done.stderr)
    assert m, done.stderr
    return int(m[1])


# --- every format gives the graph back ---------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", list(FORMATS))
def test_every_format_reads_back_as_the_same_graph(fmt: str, seed: Graph, tmp_path: Path) -> None:
    path = tmp_path / f"graph.{FORMATS[fmt].extension}"
    path.write_bytes(serialize(seed, fmt))
    assert set(load_graph(path)) == set(seed)  # pyoxigraph reads it; named graphs merged


@pytest.mark.parametrize("fmt", list(FORMATS))
def test_every_format_is_deterministic(fmt: str, seed: Graph) -> None:
    triples = list(seed)
    random.Random(7).shuffle(triples)
    shuffled = new_graph(triples)
    assert serialize(shuffled, fmt) == serialize(seed, fmt)


@pytest.mark.parametrize("fmt", ["ttl", "nt", "nq", "trig"])
def test_raptor_parses_it(fmt: str, seed: Graph, tmp_path: Path) -> None:
    path = tmp_path / f"graph.{fmt}"
    path.write_bytes(serialize(seed, fmt))
    assert rapper_count(path, RAPPER_SYNTAX[fmt]) == len(seed)


def test_ntriples_is_canonical_and_sorted(seed: Graph) -> None:
    lines = serialize(seed, "nt").decode("utf-8").splitlines()
    assert len(lines) == len(seed) and lines == sorted(lines)
    assert all(line.endswith(" .") and "\t" not in line for line in lines)
    assert set(Graph().parse(data="\n".join(lines), format="nt")) == set(seed)  # rdflib reads it too


def test_jsonld_has_the_prefixes_as_context_and_rdflib_reads_it_back(seed: Graph) -> None:
    data = serialize(seed, "jsonld")
    doc = json.loads(data)
    assert doc["@context"] == jsonld_context(seed)
    assert set(PREFIXES.items()) <= set(doc["@context"].items())
    assert set(Graph().parse(data=data, format="json-ld")) == set(seed)
    decision = next(n for n in doc["@graph"] if n["@id"] == "id:besluit/5df88bfb5084e700080000ca")
    assert "besluit:Besluit" in decision["@type"]
    assert decision["eli:date_document"] == {"@value": "2019-12-20", "@type": "xsd:date"}
    assert decision["dcterms:identifier"] == "5DF88BFB5084E700080000CA"


def test_empty_graph(tmp_path: Path) -> None:
    empty = new_graph()
    for fmt in FORMATS:
        path = tmp_path / f"empty.{FORMATS[fmt].extension}"
        path.write_bytes(serialize(empty, fmt))
        assert len(load_graph(path)) == 0


# --- named graphs -----------------------------------------------------------------------------------------------


def test_named_graphs_partition_the_graph(mixed: Graph) -> None:
    quads = to_quads(mixed)
    assert quads == sorted(quads, key=lambda q: (str(q[3]), str(q[0]), str(q[1]), str(q[2]), q[2].n3()))
    assert len(quads) == len(mixed) and {q[:3] for q in quads} == set(mixed)
    assert all(str(g).startswith(str(ID) + "graaf/") for *_, g in quads)


def test_nquads_and_trig_hold_the_same_named_graphs(mixed: Graph) -> None:
    expected = {(s, p, o, g) for s, p, o, g in to_quads(mixed)}
    for fmt, syntax in (("nq", "nquads"), ("trig", "trig")):
        dataset = Dataset()
        dataset.parse(data=serialize(mixed, fmt), format=syntax)
        got = {(s, p, o, g) for s, p, o, g in dataset.quads((None, None, None, None))}
        assert got == expected, fmt
        assert len(dataset.default_graph) == 0  # nothing outside a named graph


def test_each_triple_goes_to_the_graph_of_its_source_document(mixed: Graph) -> None:
    by_graph: dict[URIRef, set[str]] = defaultdict(set)
    for s, _, _, g in to_quads(mixed):
        by_graph[g].add(str(s).removeprefix(str(ID)))
    paths = {str(path): source for source, path in mixed.subject_objects(KG.sourcePath)}
    clean = source_graph(paths["bucket/clean/2021/01/2021-01-29-nota-601121166B34EF00090001A4.txt"])
    api_source = paths["bucket/ingestion/output/2021/01/601121166B34EF00090001A4/document.json"]
    api = source_graph(api_source)
    report = source_graph(next(s for p, s in paths.items() if p.startswith("reports/")))
    section = source_graph(next(s for p, s in paths.items() if p.startswith("regeerakkoord/")))
    decision = "besluit/601121166b34ef00090001a4"
    # a decision read from a report, its clean text and its API record: the graph of its text file
    assert {decision, f"{decision}/toelage/1", f"{decision}/toelage/1/bedrag"} <= by_graph[clean]
    assert any(s.startswith(f"{decision}/vermelding/") for s in by_graph[clean])
    assert by_graph[api] == {str(api_source).removeprefix(str(ID))}  # only the description of the file itself
    # the report, its claims and their spans; a decision known only from the report
    key = "rapport/2-economie-en-innovatie-2.3-innovatie-2.3.1-onderzoek"
    assert {key, f"{key}/bewering/1", f"{key}/bewering/1/bron", f"{key}/bewering/1/bron/selector"} <= by_graph[report]
    assert "besluit/e3d82170-0fe2-11eb-9a42-a101b41f0404" in by_graph[report]
    assert "regeerakkoord/2019-2024/economie-en-innovatie/2.3.1" in by_graph[section]
    # shared: concepts, the Government, the agreement and its chapters, entities
    shared = by_graph[SHARED_GRAPH]
    assert {"organisatie/vlaamse-regering", "concept/besluittype/nota", "regeerakkoord/2019-2024",
            "regeerakkoord/2019-2024/economie-en-innovatie"} <= shared
    assert not any(s.startswith(("besluit/", "rapport/", "bron/")) for s in shared)
    assert set(by_graph) == {clean, api, report, section, SHARED_GRAPH}


def test_without_a_text_file_the_first_source_by_path(mixed: Graph) -> None:
    graph = new_graph(t for t in mixed if t[1] != KG.textSource)
    d = URIRef(str(ID) + "besluit/601121166b34ef00090001a4")
    sources = sorted(graph.objects(d, PROV.wasDerivedFrom), key=lambda s: str(graph.value(s, KG.sourcePath)))
    assert len(sources) == 3
    assert {g for s, _, _, g in to_quads(graph) if s == d} == {source_graph(sources[0])}


def test_the_graph_iri_reuses_the_source_hash() -> None:
    assert source_graph(URIRef(str(ID) + "bron/0123456789abcdef0123")) == URIRef(str(ID) + "graaf/0123456789abcdef0123")
    assert source_graph(URIRef("urn:x")).startswith(str(ID) + "graaf/")


# --- the CLI ----------------------------------------------------------------------------------------------------


@pytest.mark.slow
def test_export_command(seed: Graph, tmp_path: Path) -> None:
    ttl = tmp_path / "graph.ttl"
    ttl.write_bytes(to_turtle(seed))
    code, out, err = run("export", str(ttl), "-o", str(tmp_path / "g.nq"))  # the format from the extension
    assert code == 0 and "g.nq" in err and out == ""
    assert (tmp_path / "g.nq").read_bytes() == serialize(seed, "nq")
    result = CliRunner().invoke(main, ["export", str(ttl), "--format", "nt"])
    assert result.exit_code == 0 and result.stdout_bytes == serialize(seed, "nt")
    result = CliRunner().invoke(main, ["export", str(ttl)])
    assert result.exit_code == 0 and result.stdout_bytes == to_turtle(seed)


def test_export_errors_are_one_line(tmp_path: Path) -> None:
    code, _, err = run("export", str(tmp_path / "nope.ttl"))
    assert code == 2 and err == f"kgbuild: {tmp_path / 'nope.ttl'}: no such file\n"
    (tmp_path / "bad.ttl").write_text("this is not turtle")
    code, _, err = run("export", str(tmp_path / "bad.ttl"), "--format", "nt")
    assert code == 2 and err.startswith("kgbuild: ") and err.count("\n") == 1
    code, _, _ = run("export", str(tmp_path / "bad.ttl"), "--format", "rdfxml")
    assert code == 2


@pytest.mark.slow
def test_build_format_writes_that_file_and_the_store(tmp_path: Path) -> None:
    seed = ROOT / "seeds"
    code, _, err = run("build", str(seed), "-o", str(tmp_path), "-q", "--no-validate")
    assert code == 0, err
    turtle = load_graph(tmp_path / "graph.ttl")
    code, out, err = run("build", str(seed), "-o", str(tmp_path), "--format", "nq", "--no-validate")
    assert code == 0, err
    assert f"wrote {tmp_path / 'graph.nq'}" in out
    assert not (tmp_path / "graph.ttl").exists()  # the earlier build's Turtle would not match the store
    assert set(load_graph(tmp_path / "graph.nq")) == set(turtle)
    assert is_store(tmp_path / "store")
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    assert run("query", count, "--store", str(tmp_path / "store"), "-f", "csv")[:2] == (0, f"n\n{len(turtle)}\n")
    code, _, _ = run("build", "--format", "xml", "-o", str(tmp_path))
    assert code == 2


@pytest.mark.parametrize("command", ["export", "load", "serve"])
def test_help_has_an_example(command: str) -> None:
    code, out, _ = run(command, "--help")
    assert code == 0 and "Example" in out


# --- the corpus -------------------------------------------------------------------------------------------------


@pytest.mark.corpus
def test_corpus_named_graphs_and_raptor(corpus_build: BuildResult, tmp_path: Path) -> None:
    graph = corpus_build.graph
    quads = to_quads(graph)
    assert {q[:3] for q in quads} == set(graph) and len(quads) == len(graph)
    sources = set(graph.subjects(RDF.type, KG.SourceDocument))
    graphs = {g for *_, g in quads}
    assert graphs <= {source_graph(s) for s in sources} | {SHARED_GRAPH}
    path = tmp_path / "corpus.nt"  # the Turtle is checked by test_determinism, N-Quads and TriG on the seed
    path.write_bytes(serialize(graph, "nt"))
    assert rapper_count(path, "ntriples") == len(graph)
