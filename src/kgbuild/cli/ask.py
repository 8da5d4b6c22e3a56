"""Commands that ask a build: ``query``, ``claims``, ``review money``, ``search``, ``missed``."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from ..files import shipped
from ..options import ENGINES, SEARCH_TYPES
from ..options import RESULT_FORMATS as FORMATS
from ..options import SEARCH_FORMATS as OUTPUT_FORMATS
from ..outputs import atomic_write
from .base import err, main, print_rows, say, store_of

if TYPE_CHECKING:
    from ..query.engines import Engine


@main.command("query")
@click.argument("query")
@click.option("--graph", "graph", type=click.Path(path_type=Path),
              help="An RDF file to query (Turtle unless the extension says otherwise).")
@click.option("--store", "store", type=click.Path(path_type=Path), help="A store folder written by build.")
@click.option("--endpoint", metavar="URL", help="Ask a SPARQL 1.1 endpoint instead (http or https; the one request "
              "this command then sends), such as Oxigraph's http://HOST:7878/query.")
@click.option("--engine", type=click.Choice(ENGINES), default="oxigraph", show_default=True,
              help="Run on pyoxigraph or on rdflib (which reads the Turtle).")
@click.option("--format", "-f", "fmt", type=click.Choice(FORMATS), default="table", show_default=True,
              help="SELECT output: a table, or W3C SPARQL CSV, TSV or JSON.")
@click.option("--param", "-p", "params", multiple=True, metavar="NAME=VALUE",
              help="Bind ?NAME to VALUE: <iri> or http(s)://..., 12, 1.5, true, 2020-01-31, \"text\"@nl, or text.")
@click.option("--allow-service", is_flag=True,
              help="Allow federated SERVICE calls (and FROM on rdflib), which send requests to other servers.")
@click.option("--timeout", type=click.FloatRange(min=0, min_open=True), metavar="SECONDS",
              help="Stop the query after this many seconds (it runs in a worker process that is killed); exit 3.")
def query_command(query: str, graph: Path | None, store: Path | None, endpoint: str | None, engine: Engine, fmt: str,
                  params: tuple[str, ...], allow_service: bool, timeout: float | None) -> None:
    """Run the SPARQL query in the file QUERY (or the query text QUERY) on the graph.

    The graph is out/store (or out/graph.ttl when there is no store) unless --graph or --store says
    otherwise. SELECT prints rows; ASK prints true or false and exits 0 or 1; CONSTRUCT and DESCRIBE
    print Turtle. A query file may declare its parameters, with defaults, in its opening comment:
    `# param since: first date (default: 2022-01-01)`. Exit codes: 0 ok (ASK true), 1 ASK false, 2 bad
    query or input, 3 the query failed while running (or ran past --timeout). No request leaves this
    machine unless --allow-service is given. A build folder that is incomplete or mixed is refused.

    \b
    Examples:
      kgbuild query decisions.rq --param since=2022-01-01
      kgbuild query 'SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }' --format csv
      kgbuild query check.rq --engine rdflib --graph out/corpus/graph.ttl
    """
    from ..query.engines import execute_with_deadline, format_result, parse_param_args, table_cells

    result = execute_with_deadline(query, timeout, graph_path=graph, store_path=store, endpoint=endpoint, engine=engine,
                                   params=parse_param_args(params), allow_service=allow_service)
    if fmt == "table" and result.form == "SELECT":
        print_rows(*table_cells(result))
    else:
        say(format_result(result, fmt), nl=False)
    if result.boolean is False:
        sys.exit(1)




WEAKEST_CLAIMS = shipped("queries", "weakest-claims.rq")


@main.command("claims")
@click.option("--report", "report", help="Only the claims of the report with this identifier (its folder name).")
@click.option("--rating", type=click.Choice(["contradicted", "unsupported", "partly supported", "supported",
                                            "not checkable"]),
              help="Only claims with this rating.")
@click.option("--store", "store", type=click.Path(path_type=Path), help="A store folder written by build.")
@click.option("--graph", "graph", type=click.Path(path_type=Path), help="A graph file written by build.")
@click.option("--format", "-f", "fmt", type=click.Choice(FORMATS), default="table", show_default=True)
def claims_command(report: str | None, rating: str | None, store: Path | None, graph: Path | None, fmt: str) -> None:
    """List claims from the weakest up: score, rating, the terms no cited decision contains.

    \b
    Examples:
      kgbuild claims --rating unsupported
      kgbuild claims --report 1_—_Mobiliteit_en_openbare_werken_-_1.3_Fiets --format csv
    """
    from ..query.engines import execute, format_result, parse_param_args, table_cells

    params = {k: v for k, v in (("report", report), ("rating", rating)) if v}
    result = execute(str(WEAKEST_CLAIMS), graph_path=graph, store_path=store, engine="oxigraph",
                     params=parse_param_args(tuple(f"{k}={v}" for k, v in params.items())))
    if fmt == "table":
        print_rows(*table_cells(result))
    else:
        say(format_result(result, fmt), nl=False)





PROMISES = shipped("queries", "promises.rq")
PROMISE_STATUS = {"money": "money", "acted": "acted", "none": "none"}


@main.command("promises")
@click.option("--section", help="Only the promises of the agreement section with this number, e.g. 1.3.")
@click.option("--status", type=click.Choice(["all", "money", "acted", "none"]), default="all", show_default=True,
              help="money: a decision acting on it commits money; acted: one acts on it; none: no decision found.")
@click.option("--out", "out", type=click.Path(path_type=Path), default=Path("out"), show_default=True,
              help="The build folder whose store is read.")
@click.option("--format", "-f", "fmt", type=click.Choice(FORMATS), default="table", show_default=True)
def promises_command(section: str | None, status: str, out: Path, fmt: str) -> None:
    """The promises of the coalition agreement and what was done about each: the decisions that act on it and
    the money they commit.

    \b
    Examples:
      kgbuild promises --out out/corpus --section 1.3 --status none
      kgbuild promises --out out/corpus --status money --format csv
    """
    from ..query.engines import execute, format_result, parse_param_args, table_cells

    params = [f"section={section}"] if section else []
    if status != "all":
        params.append(f"only={PROMISE_STATUS[status]}")
    result = execute(str(PROMISES), store_path=store_of(out), engine="oxigraph", params=parse_param_args(tuple(params)))
    if fmt == "table":
        print_rows(*table_cells(result))
    else:
        say(format_result(result, fmt), nl=False)


@main.group("review")
def review_group() -> None:
    """Lists of facts a reader should check, written as files to correct them with."""


@review_group.command("money")
@click.option("--top", type=click.IntRange(min=1), default=20, show_default=True,
              help="Every amount of the decisions with the largest committed totals.")
@click.option("--low", type=click.IntRange(min=0), default=50, show_default=True,
              help="And the largest committed amounts of other decisions whose role has low confidence.")
@click.option("--out", "out", type=click.Path(path_type=Path), default=Path("out"), show_default=True,
              help="The build folder whose store is read.")
@click.option("--csv", "csv_path", type=click.Path(path_type=Path, dir_okay=False),
              default=Path("kgbuild-review.csv"), show_default=True,
              help="Where to write the rows, as a corrections file to fill in.")
def review_money_command(top: int, low: int, out: Path, csv_path: Path) -> None:
    """The largest committed totals and the low-confidence amounts, with sentence, role and reason.

    Prints a table and writes CSV_PATH: fill in `field` (role, value, recipient, funded_item), `value`, `who`,
    `date` and `why` on the rows to correct, save it as kgbuild-corrections.csv in the input folder (or give it
    to `kgbuild build --corrections`), and build again: the corrections are applied, kept in the graph with
    who, when and why, and reported when their amount is gone.

    \b
    Examples:
      kgbuild review money --out out/corpus --top 40
      kgbuild review money --out out/corpus --csv ../corrections/money.csv
    """
    from ..review import money_review, review_csv

    rows = money_review(store_of(out), top=top, low=low)
    atomic_write(csv_path, review_csv(rows).encode())
    print_rows(("decision", "total", "amount", "role", "conf", "reason", "sentence"),
                [[r.decision[:10], f"{r.total:,.0f}", r.amount, r.role, r.confidence, r.reason[:60],
                  r.sentence[:90]] for r in rows],
                f"{len(rows)} amount(s); wrote {csv_path}")





@main.command("search")
@click.argument("query")
@click.option("--out", "out", type=click.Path(path_type=Path), default=Path("out"), show_default=True,
              help="The build folder whose index (OUT/search) to search.")
@click.option("--type", "kind", type=click.Choice(SEARCH_TYPES), help="Only documents of this type.")
@click.option("--from", "date_from", metavar="YYYY-MM-DD", help="Only documents dated on or after this day.")
@click.option("--to", "date_to", metavar="YYYY-MM-DD", help="Only documents dated on or before this day.")
@click.option("--minister", help="Only decisions of a minister whose name holds this text (any case).")
@click.option("--domain", help="Only documents in a policy domain whose name holds this text (any case).")
@click.option("--limit", type=click.IntRange(min=1), default=10, show_default=True)
@click.option("--format", "-f", "fmt", type=click.Choice(OUTPUT_FORMATS), default="table", show_default=True)
def search_command(query: str, out: Path, kind: str | None, date_from: str | None, date_to: str | None,
                   minister: str | None, domain: str | None, limit: int, fmt: str) -> None:
    """Ranked Dutch full-text search over decisions, claims, agreement sections and reports.

    Words are matched by their Dutch stem ("fietspaden" finds "fietspad"); stopwords and syntax characters
    are ignored, so any text is a query. Each hit shows its id, type, title, date, BM25 score and the
    sentence that best matches the query.

    \b
    Examples:
      kgbuild search "fietsinfrastructuur gemeenten"
      kgbuild search Kopenhagenplan --type decision --from 2021-01-01
      kgbuild search "armoede subsidie vzw" --out out/corpus --format json
    """
    from ..search import HIT_COLUMNS, Filters, SearchIndex, format_rows, rows

    index = SearchIndex.open(out / "search")
    result = index.search(query, Filters(kind, date_from, date_to, minister, domain), limit)
    if fmt == "table":
        print_rows(HIT_COLUMNS, rows(result.hits, HIT_COLUMNS), result.note)
    else:
        if result.note:
            err.print(result.note)
        say(format_rows(result.hits, HIT_COLUMNS, fmt), nl=False)


@main.command("missed")
@click.option("--report", "report", required=True, help="The report's identifier (its folder name).")
@click.option("--out", "out", type=click.Path(path_type=Path), default=Path("out"), show_default=True,
              help="The build folder whose index (OUT/search) to use.")
@click.option("--limit", type=click.IntRange(min=1), default=20, show_default=True)
@click.option("--format", "-f", "fmt", type=click.Choice(OUTPUT_FORMATS), default="table", show_default=True)
def missed_command(report: str, out: Path, limit: int, fmt: str) -> None:
    """The decisions most relevant to a report's subject that the report does not cite.

    Relevance is BM25 over the decisions for the text of the agreement section the report evaluates, the
    report's claims and the organisations and programmes its cited decisions mention.

    \b
    Example:
      kgbuild missed --report 1_—_Mobiliteit_en_openbare_werken_-_1.3_Fiets --out out/corpus
    """
    from ..search import CANDIDATE_COLUMNS, SearchIndex, format_rows, missed, rows

    found = missed(SearchIndex.open(out / "search"), report, limit)
    if fmt == "table":
        print_rows(CANDIDATE_COLUMNS, rows(found, CANDIDATE_COLUMNS))
    else:
        say(format_rows(found, CANDIDATE_COLUMNS, fmt), nl=False)


