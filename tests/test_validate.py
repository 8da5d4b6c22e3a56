"""SHACL validation: the seed and the corpus conform; known breakage is reported on exactly its nodes."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import RDF

from conftest import run_cli as run
from kgbuild.pipeline.plan import BuildResult
from kgbuild.rdf.export import to_turtle
from kgbuild.rdf.namespaces import BESLUIT, CITO, ELI, OA, SCHEMA
from kgbuild.rdf.terms import load_graph
from kgbuild.rdf.validate import Violation, format_report, load_shapes, read_predicates, validate

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "000_1331771e99bb3f69.txt"
KGS = Namespace("https://w3id.org/kgbuild/shapes#")
# a plain Namespace: pytest probes module attributes, and rdflib's closed XSD warns on the unknown ones
XSD = Namespace("http://www.w3.org/2001/XMLSchema#")

Breakage = Callable[[Graph], URIRef]




def copy(graph: Graph) -> Graph:
    g = Graph(bind_namespaces="none")
    for prefix, ns in graph.namespaces():
        g.bind(prefix, ns)
    for triple in graph:
        g.add(triple)
    return g


def first(g: Graph, cls: URIRef) -> URIRef:
    node = sorted(g.subjects(RDF.type, cls))[0]
    assert isinstance(node, URIRef)
    return node


# Each breakage changes one node and returns it: the focus node the violation must name.
def drop_date(g: Graph) -> URIRef:
    decision = first(g, BESLUIT.Besluit)
    g.remove((decision, ELI.date_document, None))
    return decision


def negative_amount(g: Graph) -> URIRef:
    amount = first(g, SCHEMA.MonetaryAmount)
    g.set((amount, SCHEMA.value, Literal("-5", datatype=XSD.decimal)))
    return amount


def drop_citations(g: Graph) -> URIRef:
    claim = first(g, SCHEMA.Claim)
    g.remove((claim, CITO.citesAsEvidence, None))
    return claim


def min_above_value(g: Graph) -> URIRef:
    amount = first(g, SCHEMA.MonetaryAmount)
    value = g.value(amount, SCHEMA.value)
    assert isinstance(value, Literal)
    g.set((amount, SCHEMA.minValue, Literal(value.toPython() + 1, datatype=XSD.decimal)))
    return amount


def start_after_end(g: Graph) -> URIRef:
    selector = first(g, OA.TextPositionSelector)
    g.set((selector, OA.start, Literal(10**9, datatype=XSD.nonNegativeInteger)))
    return selector


def rating_above_best(g: Graph) -> URIRef:
    rating = first(g, SCHEMA.Rating)
    g.set((rating, SCHEMA.ratingValue, Literal("1.5", datatype=XSD.decimal)))
    return rating


BREAKAGES: dict[str, tuple[Breakage, URIRef]] = {
    "no date": (drop_date, KGS.DecisionDate),
    "negative amount": (negative_amount, KGS.AmountValue),
    "no citations": (drop_citations, KGS.ClaimEvidence),
    "minimum above value": (min_above_value, KGS.AmountMinValue),
    "start after end": (start_after_end, KGS.SelectorStart),
    "rating above best": (rating_above_best, KGS.RatingValue),
}


def focus_nodes(results: list[Violation]) -> set[object]:
    return {v.focus_node for v in results}


@pytest.fixture(scope="module")
def seed_file(seed_build: BuildResult, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("seed") / "graph.ttl"
    path.write_bytes(to_turtle(seed_build.graph))
    return path


@pytest.fixture(scope="module")
def broken(seed_build: BuildResult) -> tuple[Graph, dict[str, URIRef]]:
    """The seed graph with a decision's date, an amount's value and a claim's citations broken."""
    g = copy(seed_build.graph)
    return g, {kind: BREAKAGES[kind][0](g) for kind in ("no date", "negative amount", "no citations")}


def test_every_shape_has_a_message() -> None:
    from rdflib.namespace import SH
    shapes = load_shapes()
    property_shapes = set(shapes.subjects(SH.path, None))
    assert property_shapes and all(isinstance(s, URIRef) for s in property_shapes)
    assert all(shapes.value(s, SH.message) is not None for s in property_shapes)


def test_seed_conforms(seed_build: BuildResult) -> None:
    report = validate(seed_build.graph)
    assert report.conforms, "\n".join(format_report(report))
    assert report.results == []


@pytest.mark.corpus
def test_corpus_conforms(corpus_build: BuildResult) -> None:
    report = validate(corpus_build.graph)
    assert report.conforms, "\n".join(format_report(report, limit=20))


@pytest.mark.parametrize("kind", BREAKAGES)
def test_each_breakage_is_reported_on_its_node_alone(seed_build: BuildResult, kind: str) -> None:
    g = copy(seed_build.graph)
    breakage, shape = BREAKAGES[kind]
    node = breakage(g)
    report = validate(g)
    assert not report.conforms
    assert {(v.focus_node, v.shape) for v in report.results} == {(node, shape)}


def test_broken_graph_names_exactly_the_broken_nodes(broken: tuple[Graph, dict[str, URIRef]]) -> None:
    g, nodes = broken
    report = validate(g)
    assert not report.conforms
    by_path = {str(path): focus_nodes([v for v in report.results if v.path == path])
               for path in (ELI.date_document, SCHEMA.value, CITO.citesAsEvidence)}
    assert by_path == {str(ELI.date_document): {nodes["no date"]}, str(SCHEMA.value): {nodes["negative amount"]},
                       str(CITO.citesAsEvidence): {nodes["no citations"]}}
    assert focus_nodes(report.results) == set(nodes.values())
    negative = next(v for v in report.results if v.path == SCHEMA.value)
    assert negative.value == Literal("-5", datatype=XSD.decimal) and negative.severity == "Violation"


def test_focus_nodes_give_the_results_of_those_nodes_alone(broken: tuple[Graph, dict[str, URIRef]]) -> None:
    """A partition's graph is validated with its own nodes as the focus: pySHACL checks no other target, and the
    results are the whole graph's results on those nodes (the SPARQL constraints' too)."""
    g, nodes = broken
    whole = validate(g).results
    for focus in ({nodes["no date"], nodes["negative amount"]}, {nodes["no citations"]}, set(g.subjects())):
        assert validate(g, focus=focus).results == [v for v in whole if v.focus_node in focus]


@pytest.mark.slow
def test_results_are_the_same_with_the_shapes_as_written(broken: tuple[Graph, dict[str, URIRef]]) -> None:
    g, _ = broken
    flat = validate(g)
    assert flat.results and flat.results == validate(g, flatten=False).results


def test_the_triples_the_shapes_read_give_the_same_results(broken: tuple[Graph, dict[str, URIRef]]) -> None:
    graph, _ = broken
    read = read_predicates(load_shapes())
    assert {RDF.type, ELI.title, OA.hasSource, SCHEMA.reviewRating} <= read  # a path, a sequence, a target
    fewer = Graph()
    for t in graph:
        if t[1] in read:
            fewer.add(t)
    assert len(fewer) < len(graph)
    assert validate(fewer).results == validate(graph).results


def test_format_report_is_short_and_counts_what_it_leaves_out(broken: tuple[Graph, dict[str, URIRef]]) -> None:
    g, nodes = broken
    lines = format_report(validate(g))
    decision = str(nodes["no date"]).removeprefix("https://w3id.org/kgbuild/id/")
    assert f"id:{decision}  eli:date_document  A decision has exactly one eli:date_document" in "\n".join(lines)
    assert any(line.endswith('(value: "-5"^^xsd:decimal)') for line in lines)
    assert format_report(validate(g), limit=1)[1:] == ["... and 2 more"]


@pytest.mark.slow
def test_load_graph_reads_what_rdflib_reads(seed_file: Path) -> None:
    assert set(load_graph(seed_file)) == set(Graph().parse(seed_file))


@pytest.mark.slow
def test_cli_validate_exit_codes(seed_file: Path, broken: tuple[Graph, dict[str, URIRef]], tmp_path: Path) -> None:
    code, out, err = run("validate", str(seed_file))
    assert code == 0, err
    assert out.strip().splitlines()[-1] == f"conforms: {len(load_graph(seed_file))} triples checked"

    g, nodes = broken
    bad = tmp_path / "broken.ttl"
    bad.write_bytes(to_turtle(g))
    code, out, err = run("validate", str(bad))
    assert code == 1
    assert str(nodes["no date"]).removeprefix("https://w3id.org/kgbuild/id/") in out
    assert "does not conform" in err and "3 violation(s)" in err

    code, _, err = run("validate", str(tmp_path / "missing.ttl"))
    assert code == 2 and "missing.ttl" in err and err.count("\n") == 1
    (tmp_path / "garbage.ttl").write_text("this is not < turtle\n")
    code, _, err = run("validate", str(tmp_path / "garbage.ttl"))
    assert code == 2 and "garbage.ttl: cannot parse" in err and err.count("\n") == 1


@pytest.mark.slow
def test_build_validates_unless_told_not_to(tmp_path: Path) -> None:
    code, out, err = run("build", str(SEED), "-o", str(tmp_path / "a"))
    assert code == 0, err
    assert "conforms: " in out and "triples checked" in out
    code, out, err = run("build", str(SEED), "-o", str(tmp_path / "b"), "--no-validate")
    assert code == 0, err
    assert "conforms" not in out + err


@pytest.mark.slow
def test_build_that_does_not_conform_writes_its_files_and_exits_1(tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    strict = load_shapes().parse(data="""
        @prefix sh: <http://www.w3.org/ns/shacl#> .
        <urn:test:shape> sh:targetClass <http://data.vlaanderen.be/ns/besluit#Besluit> ;
            sh:property [ sh:path <urn:test:nothing> ; sh:minCount 1 ; sh:message "needs nothing" ] .
    """, format="turtle")
    monkeypatch.setattr("kgbuild.rdf.validate.load_shapes", lambda: strict)
    code, _, err = run("build", str(SEED), "-o", str(tmp_path))
    assert code == 1
    assert (tmp_path / "graph.ttl").exists() and (tmp_path / "build-report.json").exists()
    listed = [line for line in err.splitlines() if line.endswith("needs nothing")]
    assert len(listed) == 20 and "... and 6 more" in err  # 26 decisions in the seed
    assert "26 violation(s)" in err.splitlines()[-1]


def test_validate_help_has_an_example() -> None:
    code, out, _ = run("validate", "--help")
    assert code == 0 and "Example" in out
