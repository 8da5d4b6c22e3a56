"""SPARQL over the store and the graph: both engines agree, the W3C result formats, parameters, errors, the CLI."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from rdflib import Graph, Literal, URIRef
from rdflib import namespace as ns

from conftest import run_cli as run
from kgbuild.cli import main
from kgbuild.pipeline.plan import BuildResult
from kgbuild.query.engines import (
    QueryError,
    QuerySyntaxError,
    bound_text,
    format_result,
    load_query,
    parse_value,
    rows_equal,
    run_query,
)
from kgbuild.query.store import StoreError, is_store, open_store, save_store

PREFIXES = """\
PREFIX besluit: <http://data.vlaanderen.be/ns/besluit#>
PREFIX cito: <http://purl.org/spar/cito/>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX eli: <http://data.europa.eu/eli/ontology#>
PREFIX oa: <http://www.w3.org/ns/oa#>
PREFIX schema: <http://schema.org/>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
"""
DECISION = "https://w3id.org/kgbuild/id/besluit/5df88bfb5084e700080000ca"

TINY = """\
@prefix ex: <http://example.org/> .
ex:a ex:name "Alpha, \\"the first\\"" ; ex:label "een"@nl ; ex:count 3 .
ex:b ex:name "Beta\\tline\\nbreak" ; ex:count 12 .
"""
TINY_SELECT = """\
PREFIX ex: <http://example.org/>
SELECT ?s ?name ?label ?count WHERE { ?s ex:name ?name ; ex:count ?count OPTIONAL { ?s ex:label ?label } }
ORDER BY ?s
"""
INT = "http://www.w3.org/2001/XMLSchema#integer"




@pytest.fixture(scope="module")
def seed_graph(seed_build: BuildResult) -> Graph:
    return seed_build.graph


@pytest.fixture(scope="module")
def seed_store(seed_graph: Graph, tmp_path_factory: pytest.TempPathFactory) -> ox.Store:
    directory = tmp_path_factory.mktemp("seed") / "store"
    assert save_store(seed_graph, directory) == len(seed_graph)
    return open_store(directory)


@pytest.fixture
def tiny(tmp_path: Path) -> Path:
    path = tmp_path / "tiny.ttl"
    path.write_text(TINY, encoding="utf-8")
    return path


def both(query: str, graph: Graph, store: ox.Store, **params: str) -> tuple[object, object]:
    q = load_query(query)
    return run_query(q, store=store, params=params), run_query(q, graph=graph, params=params)


# --- both engines give the same answer -------------------------------------------------------------------------

SEED_QUERIES = {
    "decisions with dates": "SELECT ?d ?date ?title WHERE { ?d a besluit:Besluit ; eli:date_document ?date ; "
                            "eli:title ?title } ORDER BY ?date ?d",
    "claims per report": "SELECT ?r (COUNT(?c) AS ?claims) WHERE { ?c a schema:Claim ; schema:isPartOf ?r } "
                         "GROUP BY ?r",
    "citations per decision": "SELECT ?d (COUNT(DISTINCT ?c) AS ?n) WHERE { ?c cito:citesAsEvidence ?d } "
                              "GROUP BY ?d ORDER BY DESC(?n) ?d",
    "select star": "SELECT * WHERE { ?d eli:date_document ?date ; dcterms:type/skos:prefLabel ?kind }",
    "span arithmetic": "SELECT (MIN(?s) AS ?first) (SUM(?e - ?s) AS ?chars) (AVG(?e - ?s) AS ?mean) "
                       "(COUNT(?s) / (7 * COUNT(?s)) AS ?seventh) WHERE { ?x oa:start ?s ; oa:end ?e }",
}


@pytest.mark.parametrize("name", SEED_QUERIES)
def test_engines_agree_on_the_seed(name: str, seed_graph: Graph, seed_store: ox.Store) -> None:
    q = load_query(PREFIXES + SEED_QUERIES[name])
    a, b = run_query(q, store=seed_store), run_query(q, graph=seed_graph)
    assert (a.engine, b.engine) == ("oxigraph", "rdflib")
    assert a.variables == b.variables and a.rows
    assert rows_equal(a.rows, b.rows, ordered=q.ordered)


def test_what_differs_between_engines_is_only_the_form_of_numbers(seed_graph: Graph, seed_store: ox.Store) -> None:
    q = load_query(PREFIXES + SEED_QUERIES["span arithmetic"])
    (ox_row,), (rdf_row,) = run_query(q, store=seed_store).rows, run_query(q, graph=seed_graph).rows
    first_ox, first_rdf = ox_row[0], rdf_row[0]
    assert isinstance(first_ox, Literal) and isinstance(first_rdf, Literal)
    # MIN keeps rdflib's xsd:nonNegativeInteger but is xsd:integer in pyoxigraph; decimals carry 18 vs 28 digits.
    assert first_ox.datatype == ns.XSD.integer and first_rdf.datatype == ns.XSD.nonNegativeInteger
    assert len(str(ox_row[3])) < len(str(rdf_row[3]))
    assert ox_row != rdf_row and rows_equal([ox_row], [rdf_row])


def test_rows_equal_respects_order_only_when_asked() -> None:
    one, two = (Literal(1),), (Literal("2.0", datatype=ns.XSD.double),)
    assert rows_equal([one, two], [(Literal("2", datatype=ns.XSD.decimal),), one])
    assert not rows_equal([one, two], [two, one], ordered=True)
    assert not rows_equal([one], [(Literal("1"),)])  # a number is not the string of its digits
    assert rows_equal([(Literal("x", lang="en-GB"),)], [(Literal("x", lang="en-gb"),)])


# --- the W3C SPARQL 1.1 result formats --------------------------------------------------------------------------


def test_csv_tsv_json_are_the_w3c_formats_from_either_engine(tiny: Path) -> None:
    graph = Graph().parse(tiny)
    store = ox.Store()
    store.load(TINY.encode(), ox.RdfFormat.TURTLE)
    a, b = both(TINY_SELECT, graph, store)
    csv = ('s,name,label,count\r\n'
           'http://example.org/a,"Alpha, ""the first""",een,3\r\n'
           'http://example.org/b,"Beta\tline\nbreak",,12\r\n')
    tsv = ('?s\t?name\t?label\t?count\n'
           f'<http://example.org/a>\t"Alpha, \\"the first\\""\t"een"@nl\t"3"^^<{INT}>\n'
           f'<http://example.org/b>\t"Beta\\tline\\nbreak"\t\t"12"^^<{INT}>\n')
    bindings = [
        {"s": {"type": "uri", "value": "http://example.org/a"},
         "name": {"type": "literal", "value": 'Alpha, "the first"'},
         "label": {"type": "literal", "value": "een", "xml:lang": "nl"},
         "count": {"type": "literal", "value": "3", "datatype": INT}},
        {"s": {"type": "uri", "value": "http://example.org/b"},
         "name": {"type": "literal", "value": "Beta\tline\nbreak"},
         "count": {"type": "literal", "value": "12", "datatype": INT}},
    ]
    for result in (a, b):
        assert format_result(result, "csv") == csv
        assert format_result(result, "tsv") == tsv
        assert json.loads(format_result(result, "json")) == {"head": {"vars": ["s", "name", "label", "count"]},
                                                             "results": {"bindings": bindings}}


def test_cli_formats(tiny: Path) -> None:
    code, out, _ = run("query", TINY_SELECT, "--graph", str(tiny), "--format", "json")
    assert code == 0 and json.loads(out)["head"]["vars"] == ["s", "name", "label", "count"]
    code, out, err = run("query", TINY_SELECT, "--graph", str(tiny))
    assert code == 0 and "ex:a" in out and 'Alpha, "the first"' in out and "2 row(s)" in err
    # CliRunner's text output folds CRLF; the bytes show the CSV's own line ends
    result = CliRunner().invoke(main, ["query", TINY_SELECT, "--graph", str(tiny), "--engine", "rdflib", "-f", "csv"])
    assert result.exit_code == 0 and result.stdout_bytes.startswith(b"s,name,label,count\r\n")


def test_ask_exits_0_for_true_and_1_for_false(tiny: Path) -> None:
    ask = "PREFIX ex: <http://example.org/> ASK { ?s ex:count ?n FILTER(?n > ?min) }"
    for engine in ("oxigraph", "rdflib"):
        assert run("query", ask, "--graph", str(tiny), "--engine", engine, "-p", "min=10")[:2] == (0, "true\n")
        assert run("query", ask, "--graph", str(tiny), "--engine", engine, "-p", "min=12")[:2] == (1, "false\n")
    code, out, _ = run("query", ask, "--graph", str(tiny), "-p", "min=1", "--format", "json")
    assert code == 0 and json.loads(out) == {"head": {}, "boolean": True}


@pytest.mark.parametrize("engine", ["oxigraph", "rdflib"])
def test_construct_prints_turtle(engine: str, tiny: Path) -> None:
    construct = "PREFIX ex: <http://example.org/> CONSTRUCT { ?s ex:named ?name } WHERE { ?s ex:name ?name }"
    code, out, err = run("query", construct, "--graph", str(tiny), "--engine", engine)
    assert code == 0, err
    graph = Graph().parse(data=out, format="turtle")
    assert len(graph) == 2 and "@prefix ex: <http://example.org/>" in out


# --- parameters -------------------------------------------------------------------------------------------------

PARAM_CASES = [
    # a string compared in a FILTER: pyoxigraph's own substitutions cannot bind a variable that is not projected
    ("SELECT ?d WHERE { ?d dcterms:type/skos:prefLabel ?l FILTER(STR(?l) = ?kind) }", {"kind": "Mededeling"}, 1),
    ("SELECT ?d ?kind WHERE { ?d dcterms:type/skos:prefLabel ?kind }", {"kind": '"Nota"@nl'}, 25),
    # an integer, used inside a subquery
    ("SELECT ?n WHERE { { SELECT (COUNT(?d) AS ?n) WHERE { ?d eli:date_document ?date "
     "FILTER(YEAR(?date) = ?year) } } }", {"year": "2020"}, 1),
    ("SELECT ?d WHERE { ?d eli:date_document ?date FILTER(?date >= ?since) }", {"since": "2023-01-01"}, 3),
    # an IRI, projected (its column stays) and not
    ("SELECT ?d ?title WHERE { ?d eli:title ?title }", {"d": DECISION}, 1),
    ("SELECT ?title WHERE { ?d eli:title ?title }", {"d": f"<{DECISION}>"}, 1),
    ("SELECT * WHERE { ?d eli:title ?title }", {"d": DECISION}, 1),
]


@pytest.mark.parametrize(("query", "params", "rows"), PARAM_CASES)
def test_params_bind_the_same_on_both_engines(query: str, params: dict[str, str], rows: int, seed_graph: Graph,
                                              seed_store: ox.Store) -> None:
    q = load_query(PREFIXES + query)
    a, b = run_query(q, store=seed_store, params=params), run_query(q, graph=seed_graph, params=params)
    assert len(a.rows) == rows and a.variables == b.variables and rows_equal(a.rows, b.rows)
    for name, value in params.items():
        if name in a.variables:  # a bound projected variable keeps its column, holding the value
            assert {row[a.variables.index(name)] for row in a.rows} == {parse_value(value)}


def test_param_values() -> None:
    assert parse_value("<urn:x>") == URIRef("urn:x")
    assert parse_value("https://example.org/a") == URIRef("https://example.org/a")
    assert parse_value("42") == Literal(42)
    assert parse_value("-1.50") == Literal("-1.50", datatype=ns.XSD.decimal)
    assert parse_value("true") == Literal(True)
    assert parse_value("2020-01-31") == Literal("2020-01-31", datatype=ns.XSD.date)
    assert parse_value('"42"') == Literal("42")
    assert parse_value('"Nota"@nl') == Literal("Nota", lang="nl")
    assert parse_value("Nota van de minister") == Literal("Nota van de minister")
    with pytest.raises(QueryError, match="not a valid IRI"):
        parse_value("<not an iri>")


def test_header_declares_description_and_params(tmp_path: Path, seed_graph: Graph, seed_store: ox.Store) -> None:
    path = tmp_path / "since.rq"
    path.write_text("# Decisions taken since a date.\n#\n# Newest first.\n"
                    "# param since: the first date (YYYY-MM-DD) to include (default: 2023-06-01)\n"
                    "# param kind: the kind's label, e.g. \"Nota\"@nl\n"
                    + PREFIXES + "SELECT ?d WHERE { ?d eli:date_document ?date ; dcterms:type/skos:prefLabel ?kind "
                    "FILTER(?date >= ?since) } ORDER BY DESC(?date)\n", encoding="utf-8")
    q = load_query(str(path))
    assert (q.source, q.form, q.ordered) == (str(path), "SELECT", True)
    assert q.description == "Decisions taken since a date.\n\nNewest first."
    assert [(p.name, p.description, p.default, p.line) for p in q.params.values()] == [
        ("since", "the first date (YYYY-MM-DD) to include", "2023-06-01", 4),
        ("kind", "the kind's label, e.g. \"Nota\"@nl", None, 5)]
    assert len(run_query(q, store=seed_store).rows) == 2  # the default
    assert len(run_query(q, graph=seed_graph, params={"since": "2023-01-01"}).rows) == 3
    assert len(run_query(q, graph=seed_graph, params={"since": "2019-01-01", "kind": '"Mededeling"@nl'}).rows) == 1


def test_bound_text_rewrites_every_place_a_variable_stands() -> None:
    q = load_query("SELECT ?x ?y WHERE { ?x <urn:p> ?y FILTER(?y != ?x) } ORDER BY ?x DESC(?y)")
    assert bound_text(q, {"x": URIRef("urn:a")}) == (
        "SELECT (<urn:a> AS ?x) ?y WHERE { <urn:a> <urn:p> ?y FILTER(?y != <urn:a>) } ORDER BY (<urn:a>) DESC(?y)")
    grouped = load_query("SELECT ?x (COUNT(?y) AS ?n) WHERE { ?x <urn:p> ?y } GROUP BY ?x")
    with pytest.raises(QueryError, match=r"^<text>:1:\d+: cannot bind \?n: the query assigns it"):
        bound_text(grouped, {"n": Literal(1)})
    with pytest.raises(QueryError, match="groups by it"):
        bound_text(grouped, {"x": URIRef("urn:a")})


def test_unknown_param_lists_the_valid_ones(tmp_path: Path, tiny: Path) -> None:
    code, _, err = run("query", TINY_SELECT, "--graph", str(tiny), "--param", "colour=red")
    assert code == 2 and err == "kgbuild: <text>: unknown parameter colour; valid: s, name, label, count\n"
    code, _, err = run("query", TINY_SELECT, "--graph", str(tiny), "--param", "nameless")
    assert code == 2 and "expected NAME=VALUE" in err


# --- errors -----------------------------------------------------------------------------------------------------


def test_syntax_error_names_file_line_and_column(tmp_path: Path, tiny: Path) -> None:
    path = tmp_path / "broken.rq"
    path.write_text("# Broken.\nPREFIX ex: <http://example.org/>\nSELECT ?s WHERE { ?s ex:name }\n", encoding="utf-8")
    with pytest.raises(QuerySyntaxError) as info:
        load_query(str(path))
    assert (info.value.source, info.value.line) == (str(path), 3)
    code, _, err = run("query", str(path), "--graph", str(tiny))
    assert code == 2 and re.fullmatch(rf"kgbuild: {re.escape(str(path))}:3:\d+: syntax error: [^\n]+\n", err)


def test_undeclared_prefix_is_an_error_for_both_engines() -> None:
    # rdflib alone would quietly read schema: as https://schema.org/ and find nothing
    with pytest.raises(QuerySyntaxError, match=r"^<text>:2:14: syntax error: prefix schema: is not declared"):
        load_query("SELECT ?s\nWHERE { ?s a schema:Report }")


def test_missing_query_file_and_store(tmp_path: Path, tiny: Path) -> None:
    code, _, err = run("query", str(tmp_path / "nope.rq"), "--graph", str(tiny))
    assert code == 2 and err == f"kgbuild: {tmp_path / 'nope.rq'}: no such file\n"
    for engine in ("oxigraph", "rdflib"):
        code, _, err = run("query", TINY_SELECT, "--store", str(tmp_path / "nostore"), "--engine", engine)
        assert code == 2 and err.startswith(f"kgbuild: {tmp_path / 'nostore'}: no such store") and err.count("\n") == 1
    code, _, err = run("query", TINY_SELECT, "--store", str(tmp_path))
    assert code == 2 and err == f"kgbuild: {tmp_path}: not a pyoxigraph store\n"


# --- the store --------------------------------------------------------------------------------------------------


def test_store_replaces_a_store_but_not_other_folders(tmp_path: Path) -> None:
    directory = tmp_path / "store"
    assert save_store(TINY.encode(), directory) == 5
    assert save_store(b"<urn:a> <urn:b> <urn:c> .\n", directory) == 1 and is_store(directory)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["store"]  # no temporary folder left behind
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "notes.txt").write_text("keep me")
    with pytest.raises(StoreError, match="is not a store; not replacing it"):
        save_store(TINY.encode(), tmp_path / "mine")
    assert (tmp_path / "mine" / "notes.txt").read_text() == "keep me"
    with pytest.raises(StoreError, match="cannot write the store"):
        save_store(b"not turtle", tmp_path / "bad")


@pytest.mark.slow
def test_two_processes_read_one_store(tmp_path: Path) -> None:
    directory = tmp_path / "store"
    save_store(TINY.encode(), directory)
    first, second = open_store(directory), open_store(directory)
    child = subprocess.run([sys.executable, "-c", "import sys; from kgbuild.query.store import open_store; "
                            "print(len(open_store(sys.argv[1])))", str(directory)],
                           capture_output=True, text=True, timeout=60)
    assert child.returncode == 0 and child.stdout == "5\n", child.stderr
    assert len(first) == len(second) == 5


@pytest.mark.slow
def test_build_writes_the_store_and_query_reads_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)  # the seed shipped in the package is built into out/
    code, _, err = run("build", "-q")
    assert code == 0, err
    assert is_store(tmp_path / "out" / "store")
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    triples = len(Graph().parse(tmp_path / "out" / "graph.ttl"))
    assert run("query", count, "--format", "csv")[:2] == (0, f"n\n{triples}\n")
    (tmp_path / "out" / "graph.ttl").rename(tmp_path / "graph.ttl")  # the default source is the store
    assert run("query", count, "--format", "csv")[:2] == (0, f"n\n{triples}\n")
    code, _, err = run("query", count, "--engine", "rdflib")
    assert code == 2 and "out/graph.ttl: no such file" in err


def test_nothing_to_query_exits_2(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    code, _, err = run("query", "ASK {}")
    assert code == 2 and "nothing to query" in err and err.count("\n") == 1


def test_query_help_has_an_example() -> None:
    code, out, _ = run("query", "--help")
    assert code == 0 and "Example" in out and "--param" in out
