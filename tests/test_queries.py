"""The query library in queries/: every query is documented, runs on both engines with the same answer, gives
the expected rows on the seed (and on the all-formats case, which has what the seed lacks: a policy domain, an
evaluated section, ministers), and answers on the whole corpus."""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, XSD
from rdflib.plugins.sparql import prepareQuery

import kgbuild
from conftest import Analysis
from kgbuild.cli import main
from kgbuild.pipeline.plan import BuildResult
from kgbuild.query.engines import Query, QueryResult, execute, load_query, rows_equal, run_query
from kgbuild.query.store import open_store, save_store
from kgbuild.rdf.export import to_turtle

ROOT = Path(__file__).resolve().parent.parent
QUERIES = ROOT / "queries"
QUERY_FILES = sorted(QUERIES.glob("*.rq"))
NAMES = [p.stem for p in QUERY_FILES]
ALL_FORMATS = ROOT / "tests" / "cases" / "all-formats" / "input"

ID = "https://w3id.org/kgbuild/id/"
SCHEMA = "http://schema.org/"
CITO = "http://purl.org/spar/cito/"
KG_NS = "https://w3id.org/kgbuild/ns#"
SEED_REPORT = "000_1331771e99bb3f69"
AI_DECISION = "5DF88BFB5084E700080000CA"  # the seed's first decision: three grants, 12 + 6 + 6 million

# The questions this file checks answer by answer (any other query file in queries/ is still checked for its
# header and for both engines agreeing on it).
QUESTIONS = ("money-per-organisation", "money-per-programme", "money-per-year", "money-per-minister",
             "decisions-per-domain-year", "report-claims", "sections-fewest-decisions", "organisations-with-programme",
             "programme-timeline", "title-only-decisions", "claims-without-entity-support", "top-organisations",
             "top-programmes", "grant-provenance", "is-consistent", "weakest-claims")
# The queries that take a parameter, and a value for each case; every query also runs without its parameter.
PARAMS: dict[str, dict[str, str]] = {
    "report-claims": {"report": SEED_REPORT},
    "organisations-with-programme": {"programme": "Plan Vlaamse Veerkracht"},
    "programme-timeline": {"programme": "vlaanderen radicaal digitaal 2"},  # the name's case does not matter
    "grant-provenance": {"decision": AI_DECISION.lower()},  # nor the identifier's
    "weakest-claims": {"rating": "unsupported", "report": SEED_REPORT},
}
RUNS = [(name, {}) for name in NAMES] + [(name, params) for name, params in PARAMS.items()]


def run_id(run: tuple[str, dict[str, str]]) -> str:
    name, params = run
    return name + "".join(f"[{k}]" for k in params)


# --- fixtures and helpers ---------------------------------------------------------------------------------------


class Data:
    """One graph, for rdflib, and the same triples in a pyoxigraph store."""

    def __init__(self, graph: Graph, store: ox.Store) -> None:
        self.graph, self.store = graph, store

    def both(self, name: str, **params: str) -> QueryResult:
        """The query run by both engines, which must agree; the oxigraph result."""
        q = query(name)
        a = run_query(q, store=self.store, params=params)
        b = run_query(q, graph=self.graph, params=params)
        assert (a.variables, a.boolean) == (b.variables, b.boolean), name
        if not rows_equal(a.rows, b.rows, ordered=q.ordered):
            diff = next(((x, y) for x, y in zip(a.rows, b.rows, strict=False) if not rows_equal([x], [y])),
                        (len(a.rows), len(b.rows)))
            message = f"{name}: the engines disagree; first difference (oxigraph, rdflib): {diff}"
            pytest.fail(message)
        return a


def memory_data(graph: Graph) -> Data:
    store = ox.Store()
    store.load(graph.serialize(format="nt", encoding="utf-8"), ox.RdfFormat.N_TRIPLES)
    return Data(graph, store)


_QUERIES: dict[str, Query] = {}


def query(name: str) -> Query:
    if name not in _QUERIES:
        _QUERIES[name] = load_query(str(QUERIES / f"{name}.rq"))
    return _QUERIES[name]


def py(term: object) -> Any:
    """A result term as a plain Python value: IRIs as strings, numbers as Decimal or int, dates as dates."""
    if term is None:
        return None
    if isinstance(term, Literal):
        value = term.toPython()
        return value if isinstance(value, (int, Decimal, date, bool)) else str(term)
    return str(term)


def table(result: QueryResult, *columns: str) -> list[tuple[Any, ...]]:
    """The rows as tuples of plain values, of the named columns (all, in order, when none are named)."""
    names = list(columns) or result.variables
    index = [result.variables.index(c) for c in names]
    return [tuple(py(row[i]) for i in index) for row in result.rows]


def column(result: QueryResult, name: str) -> list[Any]:
    return [row[0] for row in table(result, name)]


@pytest.fixture(scope="module")
def seed_folder(seed_build: BuildResult, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """What `kgbuild build` writes for the seed: graph.ttl and the store made from it."""
    folder = tmp_path_factory.mktemp("seed-queries")
    turtle = to_turtle(seed_build.graph)
    (folder / "graph.ttl").write_bytes(turtle)
    save_store(turtle, folder / "store")
    return folder


@pytest.fixture(scope="module")
def seed(seed_build: BuildResult, seed_folder: Path) -> Data:
    return Data(seed_build.graph, open_store(seed_folder / "store"))


@pytest.fixture(scope="module")
def all_formats() -> Data:
    return memory_data(kgbuild.build([ALL_FORMATS]).graph)


def with_triples(graph: Graph, triples: list[tuple[URIRef, URIRef, URIRef | Literal]]) -> Data:
    extended = Graph(bind_namespaces="none")
    for t in graph:
        extended.add(t)
    for t in triples:
        extended.add(t)
    return memory_data(extended)


# --- every query file -------------------------------------------------------------------------------------------


def test_the_library_has_every_question() -> None:
    assert len(QUERY_FILES) >= 13
    assert set(QUESTIONS) <= set(NAMES)


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.slow
def test_query_file_is_documented(name: str) -> None:
    assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", name)
    q = query(name)  # parses, and every prefix used is declared
    text = (QUERIES / f"{name}.rq").read_text(encoding="utf-8")
    assert text.startswith("# ") and q.description
    words = set(re.findall(r"\w+", q.description))
    if q.form == "SELECT":
        assert q.ordered, f"{name}: no ORDER BY"
        assert "Columns" in q.description
        undescribed = _projected(q) - words
        assert not undescribed, f"{name}: columns not described: {sorted(undescribed)}"
    for p in q.params.values():
        assert p.description, f"{name}: param {p.name} is not described"
    if name in QUESTIONS:
        assert set(q.params) == set(PARAMS.get(name, {}))
        # no defaults: without its parameter a query covers every report, programme or decision
        assert all(p.default is None for p in q.params.values())


def _projected(q: Query) -> set[str]:
    return {str(v) for v in prepareQuery(q.text).algebra["PV"]}


@pytest.mark.parametrize("run", RUNS, ids=run_id)
@pytest.mark.slow
def test_engines_agree_on_the_seed(run: tuple[str, dict[str, str]], seed: Data) -> None:
    name, params = run
    seed.both(name, **params)


@pytest.mark.parametrize("name", NAMES)
def test_engines_agree_on_the_all_formats_case(name: str, all_formats: Data) -> None:
    all_formats.both(name)


# --- what each query answers on the seed ------------------------------------------------------------------------


def test_money_per_organisation(seed: Data) -> None:
    r = seed.both("money-per-organisation")
    assert r.variables == ["organisation", "label", "grants", "decisions", "total", "lowConfidence", "currency"]
    assert table(r, "label", "grants", "decisions", "total", "currency") == [
        ("Fonds voor Innoveren en Ondernemen", 2, 1, 9600000, "EUR"),
        ("Vlaamse AI Academie", 3, 3, 2895000, "EUR"),
        ("Agentschap Integratie en Inburgering", 1, 1, 1900000, "EUR"),
        ("imec", 1, 1, 1400000, "EUR"),
        ("Kenniscentrum Data & Maatschappij", 1, 1, 750000, "EUR"),
        ("Vereniging van Vlaamse Steden en Gemeenten", 1, 1, 488000, "EUR"),
    ]
    assert column(r, "organisation")[0] == ID + "organisatie/fio"


def test_money_per_programme(seed: Data) -> None:
    r = seed.both("money-per-programme")
    # committed money only; a grant counts for the programme it funds and for the plan that pays for it
    assert table(r, "programme", "partOf", "grants", "decisions", "total") == [
        (ID + "programma/plan-vlaamse-veerkracht", None, 16, 11, 94438000),
        (ID + "programma/onderzoeksprogramma-ai", "Vlaams Beleidsplan Artificiële Intelligentie", 2, 2, 24185000),
        (ID + "programma/vlaanderen-radicaal-digitaal-2", "Vlaanderen Radicaal Digitaal", 1, 1, 10000000),
        (ID + "programma/city-of-things", "Plan Vlaamse Veerkracht", 1, 1, 9000000),
        (ID + "programma/vlaanderen-radicaal-digitaal", None, 1, 1, 5000000),
        (ID + "programma/slimme-regio-vlaanderen", None, 2, 1, 1800000),
        (ID + "programma/vlaams-beleidsplan-ai", None, 1, 1, 1500000),
    ]


def test_money_per_year_adds_up_to_every_committed_grant(seed: Data) -> None:
    r = seed.both("money-per-year")
    assert table(r, "year", "grants", "decisions", "total", "currency") == [
        (2019, 2, 2, 7500000, "EUR"),
        (2020, 2, 2, 1545000, "EUR"),
        (2021, 16, 11, 94038000, "EUR"),
        (2022, 2, 2, 24585000, "EUR"),
        (2023, 4, 3, 17100000, "EUR"),
    ]
    committed = URIRef("https://w3id.org/kgbuild/id/concept/bedragrol/committed")
    grants = list(seed.graph.subjects(URIRef("https://w3id.org/kgbuild/ns#amountRole"), committed))
    assert sum(column(r, "grants")) == len(grants) == 26
    totals = [Decimal(str(t)) for t in seed.graph.objects(None, URIRef("https://w3id.org/kgbuild/ns#committedTotal"))]
    assert sum(column(r, "total")) == sum(totals) == 144768000
    # the part of it that rests on a default, shown apart; on the decisions as kg:committedLowConfidence
    low = [Decimal(str(t)) for t in seed.graph.objects(None, URIRef("https://w3id.org/kgbuild/ns#committedLowConfidence"))]
    assert sum(column(r, "lowConfidence")) == sum(low) == 53500000


def test_money_per_minister(seed: Data, all_formats: Data) -> None:
    # the seed's decisions come from a report only: no API record, so no minister; one row holds all the money
    assert table(seed.both("money-per-minister")) == [(None, None, 26, 20, 144768000, 53500000, "EUR")]
    # a decision proposed by two ministers counts in full for each
    assert table(all_formats.both("money-per-minister")) == [
        (ID + "persoon/hilde-crevits", "Hilde Crevits", 1, 1, 12000000, 0, "EUR"),
        (ID + "persoon/jan-jambon", "Jan Jambon", 1, 1, 12000000, 0, "EUR"),
    ]


def test_decisions_per_domain_year(seed: Data, all_formats: Data) -> None:
    assert seed.both("decisions-per-domain-year").rows == []  # the seed report evaluates no section
    domain = ID + "concept/beleidsdomein/economie-en-innovatie"
    assert table(all_formats.both("decisions-per-domain-year")) == [
        (domain, "Economie en innovatie", 2020, 1, 1),
        (domain, "Economie en innovatie", 2021, 1, 1),
    ]


def test_report_claims(seed: Data) -> None:
    r = seed.both("report-claims", report=SEED_REPORT)
    assert r.variables == ["reportId", "claim", "start", "theme", "text", "decision", "id", "date", "title"]
    claims = list(dict.fromkeys(column(r, "claim")))
    assert len(claims) == 12 and len(r.rows) == 33  # 12 claims citing 33 times
    assert claims == [f"{ID}rapport/000-1331771e99bb3f69/bewering/{n}" for n in range(1, 13)]  # in document order
    assert set(column(r, "reportId")) == {SEED_REPORT}
    starts = column(r, "start")
    assert starts == sorted(starts) and starts[0] == 823
    first = dict(zip(r.variables, table(r)[0], strict=True))
    assert first["theme"] == "Digitale Infrastructuur en Slimme Regio-initiatieven"
    assert first["id"] == AI_DECISION and first["date"] == date(2019, 12, 20)
    assert first["title"].startswith("AI-onderzoeksprogramma: subsidie")
    assert first["text"].startswith("Slimme Regio Vlaanderen uitgebouwd")
    # without the parameter: every report (the seed has one); an unknown report: nothing
    assert rows_equal(seed.both("report-claims").rows, r.rows, ordered=True)
    assert seed.both("report-claims", report="no-such-report").rows == []


def test_sections_fewest_decisions(seed: Data, all_formats: Data) -> None:
    assert seed.both("sections-fewest-decisions").rows == []
    assert table(all_formats.both("sections-fewest-decisions")) == [
        (ID + "regeerakkoord/2019-2024/economie-en-innovatie/2.3.1", "Economie en innovatie", "2.3.1", "Onderzoek",
         1, 3, 2),
    ]


@pytest.mark.slow
def test_organisations_with_programme(seed: Data) -> None:
    r = seed.both("organisations-with-programme", programme="Plan Vlaamse Veerkracht")
    assert set(column(r, "plan")) == {ID + "programma/plan-vlaamse-veerkracht"}
    assert len(r.rows) == 15
    assert table(r, "label", "decisions")[:2] == [("Digitaal Vlaanderen", 4),
                                                  ("Agentschap Integratie en Inburgering", 2)]
    assert ("imec", 1) in table(r, "label", "decisions")
    # the project named with and without its code (VV057) is one node
    shared = seed.both("organisations-with-programme", programme="ondersteuning digitale transformatie")
    assert sorted(set(column(shared, "plan"))) == [ID + "programma/vv057"]
    everything = seed.both("organisations-with-programme")
    assert len(everything.rows) == 45 and set(table(r)) <= set(table(everything))


def test_programme_timeline(seed: Data) -> None:
    r = seed.both("programme-timeline", programme="vlaanderen radicaal digitaal 2")
    assert table(r, "date", "id", "grants", "total") == [
        (date(2020, 11, 27), "5FBE129220B6670008000340", 0, 0),
        (date(2021, 12, 17), "61B856E8364ED9000900104F", 0, 0),
        (date(2022, 11, 18), "63749CBF34B8770AF8FDE8D0", 0, 0),
        (date(2023, 11, 17), "6553329B8265E66451D4C7CF", 2, 15000000),
    ]
    assert set(column(r, "plan")) == {ID + "programma/vlaanderen-radicaal-digitaal-2"}
    assert column(r, "title")[1] == "Programma Vlaanderen Radicaal Digitaal 2: uitvoeringsjaar 2022"
    assert len(seed.both("programme-timeline", programme="Plan Vlaamse Veerkracht").rows) == 12


def test_title_only_decisions(seed: Data, all_formats: Data) -> None:
    stub = ID + "besluit/e3d82170-0fe2-11eb-9a42-a101b41f0404"
    assert table(seed.both("title-only-decisions")) == [
        (stub, "e3d82170-0fe2-11eb-9a42-a101b41f0404", date(2020, 7, 17), "Uitbouw van Slimme Regio Vlaanderen",
         SEED_REPORT, 1)]
    assert table(all_formats.both("title-only-decisions"), "decision", "reportId", "claims") == [
        (stub, "2_—_Economie_en_innovatie_-_2.3_Innovatie_-_2.3.1_Onderzoek", 2)]


@pytest.mark.slow
def test_claims_without_entity_support(seed: Data) -> None:
    # every claim of the seed report is backed: its decisions mention what it names (Mobilidata and 5G, which no
    # decision names, are no entities of the graph)
    assert seed.both("claims-without-entity-support").rows == []
    # the build says what a claim names, with the decisions' extractors
    mentions = {(str(c), str(e)) for c, e in seed.graph.subject_objects(URIRef(KG_NS + "names"))}
    assert any(e == ID + "organisatie/vaia" for _, e in mentions), sorted(mentions)
    report = URIRef(f"{ID}rapport/000-1331771e99bb3f69")
    claim = URIRef(f"{report}/bewering/99")
    text = ("De Vlaamse Regering gaf imec, de AI-academie en VLAIO certificaten voor het Onderzoeksprogramma "
            "Artificiële Intelligentie.")
    names = [ID + "organisatie/imec", ID + "organisatie/vaia", ID + "organisatie/vlaio",
             ID + "programma/onderzoeksprogramma-artificiele-intelligentie", ID + "organisatie/vlaamse-regering"]
    data = with_triples(seed.graph, [
        (claim, RDF.type, URIRef(SCHEMA + "Claim")),
        (claim, URIRef(SCHEMA + "isPartOf"), report),
        (claim, URIRef(SCHEMA + "text"), Literal(text, lang="nl")),
        # the AI decision mentions the research programme only
        (claim, URIRef(CITO + "citesAsEvidence"), URIRef(ID + "besluit/5df88bfb5084e700080000ca")),
        *((claim, URIRef(KG_NS + "names"), URIRef(n)) for n in names),
    ])
    r = data.both("claims-without-entity-support")
    # not the programme (its decision mentions it), nor the Flemish Government (it passes every decision)
    assert table(r, "reportId", "claim", "entity", "cited", "citedWithText") == [
        (SEED_REPORT, str(claim), ID + "organisatie/vlaio", 1, 1),
        (SEED_REPORT, str(claim), ID + "organisatie/vaia", 1, 1),
        (SEED_REPORT, str(claim), ID + "organisatie/imec", 1, 1),
    ]
    assert column(r, "entityLabel") == ["Agentschap Innoveren en Ondernemen", "Vlaamse AI Academie", "imec"]


def test_top_organisations_and_programmes(seed: Data) -> None:
    orgs = seed.both("top-organisations")
    assert orgs.variables == ["organisation", "label", "decisions", "grants", "granted"]
    assert table(orgs, "label", "decisions", "grants", "granted")[:6] == [
        ("Digitaal Vlaanderen", 4, 0, 0),
        ("Stuurorgaan Vlaams Informatie- en ICT-beleid", 4, 0, 0),
        ("Vlaamse AI Academie", 3, 3, 2895000),
        ("Agentschap Integratie en Inburgering", 2, 1, 1900000),
        ("Kenniscentrum Data & Maatschappij", 2, 1, 750000),
        ("Fonds voor Innoveren en Ondernemen", 1, 2, 9600000),
    ]
    assert len(orgs.rows) == 18  # every organisation the seed's decisions mention (fewer than the limit of 20)
    programmes = seed.both("top-programmes")
    assert len(programmes.rows) == 20  # the LIMIT
    assert table(programmes, "label", "decisions", "grants", "funded")[:4] == [
        ("Plan Vlaamse Veerkracht", 12, 16, 94438000),  # the plan that pays: committed money, each euro once
        ("Vlaams Beleidsplan Artificiële Intelligentie", 6, 1, 1500000),
        ("Vlaanderen Radicaal Digitaal 2", 4, 1, 10000000),
        ("Onderzoeksprogramma Artificiële Intelligentie", 3, 2, 24185000),
    ]


def test_grant_provenance(seed: Data, seed_analysis: Analysis) -> None:
    r = seed.both("grant-provenance", decision=AI_DECISION.lower())
    grant = f"{ID}besluit/5df88bfb5084e700080000ca/toelage/"
    assert table(r, "id", "grant", "value", "kind", "fundedItem", "validFrom", "validThrough", "start", "end",
                 "quote") == [
        (AI_DECISION, grant + "1", 12000000, "budget", None, None, None, 553, 568, "12 miljoen euro"),
        (AI_DECISION, grant + "2", 6000000, None, "Onderzoeksprogramma Artificiële Intelligentie",
         date(2019, 7, 1), date(2019, 12, 31), 703, 717, "6 miljoen euro"),
        (AI_DECISION, grant + "3", 6000000, None, None, date(2020, 1, 1), date(2020, 6, 30), 791, 805,
         "6 miljoen euro"),
    ]
    assert set(column(r, "textSource")) == {"000_1331771e99bb3f69.txt"}
    # the quote is the decision's text as read at the offsets
    text = next(d.text for k, d in seed_analysis.corpus.decisions.items() if k.upper() == AI_DECISION)
    assert all(text[s:e] == q for s, e, q in table(r, "start", "end", "quote"))
    everything = seed.both("grant-provenance")
    assert len({row[1] for row in table(everything)}) == 29  # every grant, with one row per span
    assert table(r) == [row for row in table(everything) if row[0] == AI_DECISION]


def test_is_consistent(seed: Data) -> None:
    assert seed.both("is-consistent").boolean is True
    amount = URIRef(f"{ID}besluit/5df88bfb5084e700080000ca/toelage/1/bedrag")
    zero = with_triples(seed.graph, [(amount, URIRef(SCHEMA + "value"), Literal("0", datatype=XSD.decimal))])
    assert zero.both("is-consistent").boolean is False


# --- through the command line -----------------------------------------------------------------------------------


def test_cli_ask_exit_codes_and_params(seed_folder: Path, tmp_path: Path) -> None:
    graph = str(seed_folder / "graph.ttl")
    for engine in ("oxigraph", "rdflib"):
        result = CliRunner().invoke(main, ["query", str(QUERIES / "is-consistent.rq"), "--graph", graph,
                                           "--engine", engine])
        assert (result.exit_code, result.stdout) == (0, "true\n")
    bad = tmp_path / "bad.ttl"
    bad.write_text("<urn:g> a <http://schema.org/MonetaryGrant> ; <http://schema.org/amount> <urn:a> .\n"
                   "<urn:a> <http://schema.org/value> -5 .\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["query", str(QUERIES / "is-consistent.rq"), "--graph", str(bad)])
    assert (result.exit_code, result.stdout) == (1, "false\n")
    result = CliRunner().invoke(main, ["query", str(QUERIES / "programme-timeline.rq"), "--graph", graph,
                                       "--param", "programme=Vlaanderen Radicaal Digitaal 2", "--format", "csv"])
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "plan,date,decision,id,title,grants,total" and len(lines) == 5


# --- the whole corpus -------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def corpus_store(corpus_turtle: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The store `kgbuild build` writes for the corpus."""
    folder = tmp_path_factory.mktemp("corpus-queries")
    save_store(corpus_turtle.read_bytes(), folder / "store")
    return folder / "store"


def _corpus(name: str, store: Path, params: Mapping[str, str] | None = None) -> QueryResult:
    return execute(str(QUERIES / f"{name}.rq"), store_path=store, engine="oxigraph", params=params)


@pytest.mark.corpus
def test_every_query_answers_on_the_corpus(corpus_store: Path, corpus_build: BuildResult) -> None:
    results = {name: _corpus(name, corpus_store) for name in NAMES}
    assert results["is-consistent"].boolean is True
    for name, result in results.items():
        if result.form == "SELECT":
            assert result.rows, f"{name}: no rows on the corpus"
    counts = corpus_build.report.counts
    assert len(results["sections-fewest-decisions"].rows) == counts["reports_linked_to_a_section"]
    assert sum(column(results["money-per-year"], "grants")) == counts["amounts_committed"]
    assert len(results["top-organisations"].rows) == len(results["top-programmes"].rows) == 20
    assert len({row[1] for row in table(results["report-claims"])}) == counts["claims"]
    assert len(results["report-claims"].rows) == counts["citations"]
    assert len(results["title-only-decisions"].rows) >= counts["title_only_decisions"]
    # a value from each parameterless answer narrows the query with its parameter to that value's rows
    narrowed = {
        "report-claims": ("report", "reportId"),
        "organisations-with-programme": ("programme", "planLabel"),
        "grant-provenance": ("decision", "id"),
    }
    for name, (param, col) in narrowed.items():
        everything = results[name]
        value = column(everything, col)[0]
        one = _corpus(name, corpus_store, {param: f'"{value}"'})
        assert one.rows and {str(v).lower() for v in column(one, col)} == {value.lower()}, name
        assert sorted(map(str, table(one))) == sorted(
            str(row) for row in table(everything) if str(row[everything.variables.index(col)]).lower() == value.lower())
    timeline = _corpus("programme-timeline", corpus_store, {"programme": "Plan Vlaamse Veerkracht"})
    assert len(timeline.rows) > 100


def test_weakest_claims_on_the_seed(seed: Data) -> None:
    result = seed.both("weakest-claims", rating="unsupported")
    claims = [str(row[1]) for row in result.rows]
    assert any("5G-netwerk" in c for c in claims)
    assert {str(row[3]) for row in result.rows} == {"unsupported"}
    everything = seed.both("weakest-claims")
    assert len(everything.rows) == 12
    weakest = [str(row[1]) for row in everything.rows[:2]]  # issue 25: the two claims whose subject is nowhere
    assert any("5G-netwerk" in c for c in weakest) and any("Mobilidata" in c for c in weakest)
    scores = [float(row[2]) for row in everything.rows]  # type: ignore[arg-type]
    assert scores == sorted(scores)
