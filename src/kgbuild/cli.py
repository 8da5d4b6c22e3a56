"""Command line: parse arguments, call one library function per command, print, and set the exit code.

Exit codes: 0 ok, 1 a check failed (``--strict`` with problems, a graph that does not conform to the shapes),
2 bad arguments or no input.

Why ~500 lines: one click command per capability with its options and help texts; there is no logic here
beyond turning arguments into one library call and its answer into lines.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

import click
from rich import box
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table
from rich.text import Text

from . import __version__
from .diff import as_json as diff_json
from .diff import compare, ldes_feed
from .diff import rows as diff_rows
from .errors import CheckFailed, KgbuildError, UsageError
from .executors import EXECUTORS
from .export import FORMATS as EXPORT_FORMATS
from .export import export_file, export_graph
from .files import shipped
from .load import DEFAULT_BATCH, DEFAULT_RETRIES, DEFAULT_TIMEOUT, PASSWORD_VARIABLE, credentials, load
from .outputs import atomic_write, check_source
from .pipeline import PARTITION_FILES, BuildReport
from .query import (
    ENGINES,
    FORMATS,
    Engine,
    QueryResult,
    execute,
    execute_with_deadline,
    format_result,
    parse_param_args,
    table_cells,
)
from .readers import MAX_INPUT_BYTES
from .reason import DEFAULT_MODE, REASONING_MODES
from .review import money_review, review_csv
from .search import CANDIDATE_COLUMNS, HIT_COLUMNS, OUTPUT_FORMATS, Filters, SearchIndex, format_rows, missed, rows
from .search import TYPES as SEARCH_TYPES
from .serve import DEFAULT_MAX_CONNECTIONS, DEFAULT_WORKERS, SparqlServer
from .serve import DEFAULT_TIMEOUT as DEFAULT_QUERY_TIMEOUT
from .site import write_site
from .terms import load_graph
from .text import printable
from .validate import ValidationReport, format_report, validate
from .viz import DEFAULT_MAX_NODES, Focus, FocusKind, write_page
from .write import build_into, graph_file

err = Console(stderr=True, highlight=False)

# Below this many files a build is quick enough that a bar is noise.
PROGRESS_THRESHOLD = 200
# Violations listed after a build; `kgbuild validate` lists more.
BUILD_VIOLATION_LINES = 20
VALIDATE_VIOLATION_LINES = 50


@contextmanager
def _progress(enabled: bool) -> Iterator[Callable[[str, int, int], None] | None]:
    if not enabled:
        yield None
        return
    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                  console=err, transient=True) as bar:
        task = bar.add_task("reading", total=None)

        def update(stage: str, done: int, total: int) -> None:
            bar.update(task, description=stage, completed=done, total=total)

        yield update


class Failed(click.ClickException):
    """A library error as click shows it: one line on standard error and the error's exit code (0 ok, 1 a check
    failed, 2 bad input or arguments, 3 a query failed while running)."""

    def __init__(self, error: KgbuildError) -> None:
        super().__init__(str(error))
        self.exit_code = error.exit_code  # type: ignore[misc]  # click declares it on the class; ours varies

    def show(self, file: IO[Any] | None = None) -> None:
        click.echo(printable(f"kgbuild: {self.message}"), err=True)


class _Commands(click.Group):
    """The command group: the one place a ``KgbuildError`` becomes a message and an exit code."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except KgbuildError as exc:
            raise Failed(exc) from exc


def _say(text: str, *, err: bool = False, nl: bool = True) -> None:
    """Print text that may hold data from the input: control characters go when a terminal shows it."""
    stream = sys.stderr if err else sys.stdout
    click.echo(printable(text) if err or stream.isatty() else text, err=err, nl=nl)


@click.group(cls=_Commands, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="kgbuild")
def main() -> None:
    """Build an RDF knowledge graph of Flemish Government decisions and the reports that evaluate them.

    \b
    Example:
      kgbuild build                      # the seed report in seeds/ -> out/graph.ttl
      kgbuild build ../shared/corpus -o out/corpus
      kgbuild query decisions.rq --param since=2022-01-01
      kgbuild validate out/corpus/graph.ttl
    """


@main.command("build")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("-o", "--out", "out", type=click.Path(path_type=Path), default=Path("out"), show_default=True,
              help="Folder for graph.ttl, store/ and build-report.json.")
@click.option("--strict", is_flag=True, help="Exit 1 when any input was skipped or had a problem.")
@click.option("--quiet", "-q", is_flag=True, help="Print only problems and errors.")
@click.option("--reason", "reasoning", type=click.Choice(REASONING_MODES), default=DEFAULT_MODE, show_default=True,
              help="Add what the ontology entails (one streaming pass), so kgbuild's own terms see the data.")
@click.option("--no-validate", "no_validate", is_flag=True,
              help="Do not check the graph against the SHACL shapes (by default a graph that fails exits 1).")
@click.option("--format", "-f", "fmt", type=click.Choice(list(EXPORT_FORMATS)),
              help="Write OUT/graph.<format>: Turtle (the default), N-Triples, N-Quads or TriG (a named graph per "
              "source document), JSON-LD. Graph files of other formats in OUT are removed.")
@click.option("--executor", type=click.Choice(EXECUTORS), default="process", show_default=True,
              help="Where reading and extraction run: this process, one process per core, or a Dask cluster.")
@click.option("--jobs", "-j", type=click.IntRange(min=1), help="Processes (or local Dask workers); default: all cores.")
@click.option("--scheduler", metavar="ADDRESS", help="A Dask scheduler (tcp://host:8786); default: a local cluster.")
@click.option("--cache", "cache", type=click.Path(path_type=Path),
              help="Folder of cached reads and extractions (default OUT/cache): unchanged inputs are not redone.")
@click.option("--no-cache", "no_cache", is_flag=True, help="Read and extract everything again; keep no cache.")
@click.option("--partition-files", type=click.IntRange(min=1), default=PARTITION_FILES, show_default=True,
              help="Input files per partition, on average: memory follows the partition, not the corpus, and the "
              "partitions run side by side.")
@click.option("--max-file-size", "max_bytes", type=click.IntRange(min=1), default=MAX_INPUT_BYTES, show_default=True,
              help="Skip input files larger than this many bytes (with a problem line), never reading them whole.")
@click.option("--no-site", "no_site", is_flag=True, help="Do not write the explorer site (OUT/site); "
              "`kgbuild site OUT` writes it later.")
@click.option("--corrections", "corrections", type=click.Path(path_type=Path, dir_okay=False),
              help="A readers' corrections file (CSV: decision, amount, field, value, who, date, why); default "
              "kgbuild-corrections.csv in the first input folder. `kgbuild review money` writes one to fill in.")
def build_command(paths: tuple[Path, ...], out: Path, strict: bool, quiet: bool, reasoning: str,
                  no_validate: bool, fmt: str | None, executor: str, jobs: int | None, scheduler: str | None,
                  cache: Path | None, no_cache: bool, partition_files: int, max_bytes: int, no_site: bool,
                  corrections: Path | None) -> None:
    """Read reports, decisions and coalition-agreement sections under PATHS and write one graph.

    PATHS are files or folders (walked recursively); the format of each file is told by its content.
    Without PATHS the seed report in seeds/ is built. Every problem is printed as one line naming the
    file; the build goes on and build-report.json counts what was read, made and skipped. The same graph
    is also written as a pyoxigraph store in OUT/store/, which `kgbuild query` reads, as sorted N-Triples
    parts in OUT/parts/ (which `kgbuild load` sends one by one), as a page, OUT/graph.html, and as a
    static site to explore, OUT/site/index.html (see `kgbuild site`). Every
    partition is checked against kgbuild's SHACL shapes, as `kgbuild validate` does: when the graph does
    not conform, the files are still written, the first violations are printed and the exit code is 1.
    The same build runs at every size: memory follows --partition-files, not the corpus.

    Outputs are written atomically under a lock on OUT (a second build into OUT is refused), and
    OUT/manifest.json is written last: query, load, serve and viz refuse a folder without a complete one.
    Only files an earlier build listed in its manifest are ever deleted.

    \b
    Examples:
      kgbuild build
      kgbuild build ../shared/corpus -o out/corpus --strict
      kgbuild build report.md decisions/ -o out/mine --no-validate
      kgbuild build --format nq                    # out/graph.nq
      kgbuild build big/ --executor dask --scheduler tcp://10.0.0.5:8786
    """
    fmt = fmt or "ttl"
    with _progress(not quiet and err.is_terminal) as progress:
        result = build_into(out, paths, fmt, site=not no_site, progress=progress, reasoning=reasoning,
                            executor=executor, jobs=jobs, scheduler=scheduler,
                            cache=None if no_cache else (cache or out / "cache"),
                            partition_files=partition_files, check=not no_validate, max_bytes=max_bytes,
                            corrections=corrections)
    c = result.report.counts
    wrote = (f"{_graph_file(out, fmt)}, {out / 'store'}, {out / 'graph.html'}, {out / 'build-report.json'}, "
             f"the search index in {out / 'search'}, {len(result.parts)} N-Triples parts in {out / 'parts'}"
             + ("" if no_site else f" and the site {out / 'site' / 'index.html'}"))
    _finish(result.report, f" in {c['partitions']} partition(s)", wrote, result.validation,
            c.get("triples_validated", 0), strict, quiet)


def _finish(report: BuildReport, made: str, wrote: str, checked: ValidationReport | None, triples_checked: int,
            strict: bool, quiet: bool) -> None:
    """After a build: its problems, a summary, the validation; exit 1 when a check failed."""
    for problem in report.problems:
        _say(f"{'skipped' if problem.skipped else 'warning'}: {problem}", err=True)
    if not quiet:
        c = report.counts
        read = ", ".join(f"{n} {fmt}" for fmt, n in report.inputs.items() if n)
        click.echo(f"read {read}")
        click.echo(f"made {c['reports']} reports, {c['claims']} claims, {c['citations']} citations, "
                   f"{c['decisions']} decisions, {c['agreement_sections']} agreement sections: "
                   f"{c['triples']} triples{made}")
        click.echo(f"skipped {len(report.skipped)} file(s); {len(report.problems)} problem(s)")
        if "committed_cents" in c:
            acting = c.get("decisions_with_operative_clause", 0)
            click.echo(f"committed EUR {c['committed_cents'] // 100:,} in {acting} decisions "
                       f"with an operative clause; EUR {c['committed_cents_low_confidence'] // 100:,} of it with low "
                       "confidence")
        if report.corrections:
            k = report.corrections
            click.echo(f"corrections: {k['applied']} of {k['rows']} applied from {k['file']}, {k['stale']} stale")
        click.echo(f"wrote {wrote}")
    failed: list[str] = []
    if checked is not None:
        if checked.conforms and not quiet:
            click.echo(_conforms_line(triples_checked))
        elif not checked.conforms:
            for line in format_report(checked, limit=BUILD_VIOLATION_LINES):
                _say(line, err=True)
            failed.append(_not_conforming(checked))
    if strict and report.problems:
        failed.append(f"{len(report.problems)} problem(s) in the input and --strict was given")
    if failed:
        raise CheckFailed("; ".join(failed))


def _conforms_line(triples: int) -> str:
    return f"conforms: {triples} triples checked"


def _not_conforming(report: ValidationReport) -> str:
    n = sum(v.severity == "Violation" for v in report.results)
    return f"the graph does not conform to the shapes: {n} violation(s)"


def _graph_file(out: Path, fmt: str) -> Path:
    return out / graph_file(fmt)


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
    result = execute_with_deadline(query, timeout, graph_path=graph, store_path=store, endpoint=endpoint, engine=engine,
                                   params=parse_param_args(params), allow_service=allow_service)
    if fmt == "table" and result.form == "SELECT":
        _print_table(result)
    else:
        _say(format_result(result, fmt), nl=False)
    if result.boolean is False:
        sys.exit(1)


def _print_table(result: QueryResult) -> None:
    headers, cells = table_cells(result)
    # Not a terminal (a pipe, a test runner): a wide page rather than rich's 80 columns, so rows rarely wrap.
    out = Console(highlight=False, width=None if sys.stdout.isatty() else 200)
    table = Table(*headers, box=box.SIMPLE_HEAD, show_edge=False)
    for row in cells:
        table.add_row(*(Text(printable(cell)) for cell in row))  # Text: a literal like "[b]" is not rich markup
    out.print(table)
    err.print(f"{len(cells)} row(s)")


@main.command("validate")
@click.argument("graph", type=click.Path(path_type=Path), default=Path("out/graph.ttl"))
@click.option("--limit", type=click.IntRange(min=1), default=VALIDATE_VIOLATION_LINES, show_default=True,
              help="List at most this many violations.")
def validate_command(graph: Path, limit: int) -> None:
    """Check the RDF file GRAPH (default out/graph.ttl) against kgbuild's SHACL shapes.

    Prints one line per violation, `focus  path  message`, and exits 1 when the graph does not conform;
    otherwise prints how many triples were checked. The shapes are ontology/shapes.ttl (shipped in the
    package); the graph is checked as it is, with no inference.

    \b
    Examples:
      kgbuild validate
      kgbuild validate out/corpus/graph.ttl --limit 200
    """
    data = load_graph(graph)
    report = validate(data)
    for line in format_report(report, limit=limit):  # violations, or warnings that do not fail the graph
        _say(line)
    if not report.conforms:
        raise CheckFailed(_not_conforming(report))
    click.echo(_conforms_line(len(data)))


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
    params = {k: v for k, v in (("report", report), ("rating", rating)) if v}
    result = execute(str(WEAKEST_CLAIMS), graph_path=graph, store_path=store, engine="oxigraph",
                     params=parse_param_args(tuple(f"{k}={v}" for k, v in params.items())))
    if fmt == "table":
        _print_table(result)
    else:
        _say(format_result(result, fmt), nl=False)


def _print_rows(headers: tuple[str, ...], cells: list[list[str]], note: str = "") -> None:
    out = Console(highlight=False, width=None if sys.stdout.isatty() else 200)
    table = Table(*headers, box=box.SIMPLE_HEAD, show_edge=False)
    for row in cells:
        table.add_row(*(Text(printable(cell)) for cell in row))
    out.print(table)
    err.print(note or f"{len(cells)} row(s)")


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
    rows = money_review(_store_of(out), top=top, low=low)
    atomic_write(csv_path, review_csv(rows).encode())
    _print_rows(("decision", "total", "amount", "role", "conf", "reason", "sentence"),
                [[r.decision[:10], f"{r.total:,.0f}", r.amount, r.role, r.confidence, r.reason[:60],
                  r.sentence[:90]] for r in rows],
                f"{len(rows)} amount(s); wrote {csv_path}")


def _store_of(out: Path) -> Path:
    store = out / "store"
    if not store.is_dir():
        raise UsageError(f"no store in {out}: run kgbuild build -o {out} first")
    return store


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
    index = SearchIndex.open(out / "search")
    result = index.search(query, Filters(kind, date_from, date_to, minister, domain), limit)
    if fmt == "table":
        _print_rows(HIT_COLUMNS, rows(result.hits, HIT_COLUMNS), result.note)
    else:
        if result.note:
            err.print(result.note)
        _say(format_rows(result.hits, HIT_COLUMNS, fmt), nl=False)


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
    found = missed(SearchIndex.open(out / "search"), report, limit)
    if fmt == "table":
        _print_rows(CANDIDATE_COLUMNS, rows(found, CANDIDATE_COLUMNS))
    else:
        _say(format_rows(found, CANDIDATE_COLUMNS, fmt), nl=False)


@main.command("viz")
@click.argument("graph", type=click.Path(path_type=Path), default=Path("out/graph.ttl"))
@click.option("--report", help="Show one report (its identifier, the folder name): its claims, the decisions they "
              "cite and what those decisions mention and fund.")
@click.option("--organisation", help="Show one organisation (any of its names, any case): the decisions that "
              "mention or fund it, their grants and the claims citing them.")
@click.option("--programme", help="Show one programme, as --organisation does.")
@click.option("--theme", help="Show one theme (a report heading) or policy domain: its claims and their decisions.")
@click.option("--max-nodes", type=click.IntRange(min=1), default=DEFAULT_MAX_NODES, show_default=True,
              help="Without a focus, draw the whole graph when it has at most this many nodes, else the report "
              "with the most claims.")
@click.option("-o", "--out", "out", type=click.Path(path_type=Path),
              help="The HTML file (default: beside GRAPH, graph.html, or graph-<focus>-<name>.html with a focus).")
def viz_command(graph: Path, report: str | None, organisation: str | None, programme: str | None,
                theme: str | None, max_nodes: int, out: Path | None) -> None:
    """Write GRAPH (default out/graph.ttl) as one HTML page that works with no network.

    Nodes are coloured and shaped per type (decisions, reports, claims coloured by how well their decisions
    support them, grants, organisations, programmes, people, agreement sections, themes); hover or click a
    node for its details and sources; search, and show or hide each type. Below, money per programme and per
    year, and claims per rating. A large graph is shown focused; the page says what it shows.

    \b
    Examples:
      kgbuild viz                                  # out/graph.ttl -> out/graph.html
      kgbuild viz out/corpus/graph.ttl --organisation VLAIO
      kgbuild viz out/corpus/graph.ttl --theme Omgeving -o omgeving.html
    """
    options: list[tuple[FocusKind, str | None]] = [("report", report), ("organisation", organisation),
                                                   ("programme", programme), ("theme", theme)]
    chosen = [(kind, name) for kind, name in options if name]
    if len(chosen) > 1:
        raise UsageError("give at most one of --report, --organisation, --programme and --theme")
    out, view = write_page(graph, out, Focus(*chosen[0]) if chosen else None, max_nodes)
    _say(view.note)
    click.echo(f"wrote {out}: {len(view.nodes):,} of {view.total_nodes:,} nodes, {len(view.edges):,} edges")


@main.command("site")
@click.argument("graph", type=click.Path(path_type=Path), default=Path("out"))
@click.option("-o", "--out", "out", type=click.Path(path_type=Path, file_okay=False),
              help="The site's folder (default: site/ beside GRAPH). It is replaced whole, and only when it is "
              "empty or a site kgbuild wrote.")
@click.option("--jobs", type=click.IntRange(min=1), default=min(2, os.cpu_count() or 1), show_default=True,
              help="Processes that render the pages.")
def site_command(graph: Path, out: Path | None, jobs: int) -> None:
    """Write GRAPH (a build folder, default out, or an RDF file) as a static site that opens from the disk.

    One page per report, agreement section, decision, organisation, programme, minister and theme, each a
    fact sheet with its graph; an index with search over the whole site; all decisions and amounts; the
    graph laid out by community. Tables sort and download as CSV; filters (date, minister, policy domain,
    verdict, amount, node type) act on the tables, charts and graph and are kept in the URL. No page makes
    a network request. `kgbuild build` writes the same site into OUT/site.

    \b
    Examples:
      kgbuild site                                  # out -> out/site/index.html
      kgbuild site out/corpus -o /tmp/corpus-site
    """
    written = write_site(graph, out, jobs)
    if written.note:
        _say(written.note)
    click.echo(f"wrote {written.folder}: {written.pages:,} pages, {written.files:,} files, "
               f"{written.bytes / 1e6:,.1f} MB; open {written.folder / 'index.html'}")


@main.command("diff")
@click.argument("old", type=click.Path(path_type=Path, file_okay=False))
@click.argument("new", type=click.Path(path_type=Path, file_okay=False))
@click.option("--format", "-f", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@click.option("--ldes", type=click.Path(path_type=Path, dir_okay=False),
              help="Also write the changes as an LDES event stream (Turtle, one member per changed document).")
def diff_command(old: Path, new: Path, fmt: str, ldes: Path | None) -> None:
    """What changed between the builds in folders OLD and NEW, document by document.

    Every triple belongs to the named graph of the source document it was read from (as in `kgbuild export
    --format nq`); for each document whose triples differ: added, removed or changed, the triples added and
    removed, and what they mean (decisions added, removed or changed, amounts changed, claim verdicts that
    moved). Exit 0 whether or not anything changed; 2 when a folder is not a complete build.

    \b
    Examples:
      kgbuild diff out/corpus-old out/corpus
      kgbuild diff out/a out/b -f json --ldes changes.ttl
    """
    changes = compare(old, new)
    if ldes is not None:
        atomic_write(ldes, ldes_feed(changes, old, new).encode("utf-8"))
    if fmt == "json":
        _say(diff_json(changes), nl=False)
        return
    links = sum(c.provenance_only for c in changes)
    _print_rows(("document", "change", "added", "removed", "what"), list(diff_rows(changes)),
                f"{len(changes) - links} document(s) changed" +
                (f"; {links} more only link to a changed file they were also read from" if links else ""))


@main.command("export")
@click.argument("graph", type=click.Path(path_type=Path), default=Path("out/graph.ttl"))
@click.option("--format", "-f", "fmt", type=click.Choice(list(EXPORT_FORMATS)),
              help="ttl (sorted Turtle), nt (canonical N-Triples, sorted), nq / trig (one named graph per source "
              "document), jsonld (with an @context of kgbuild's prefixes). Default: told by --out's extension, "
              "else ttl.")
@click.option("-o", "--out", "out", type=click.Path(path_type=Path, dir_okay=False),
              help="The file to write (default: standard output).")
def export_command(graph: Path, fmt: str | None, out: Path | None) -> None:
    """Write the RDF file GRAPH (default out/graph.ttl) in another format.

    N-Quads and TriG put every triple in the named graph of the source document its subject was read from,
    https://w3id.org/kgbuild/id/graaf/<hash> (the hash of bron/<hash>): a decision's in its text file's graph
    (else its first source's), a report's and its claims' in the report file's, an agreement section's in
    its file's; organisations, programmes, people, concepts and the other shared nodes go to .../graaf/gedeeld.
    So one document's facts can be replaced in a store without touching the rest. Every output is
    deterministic: the same graph gives the same bytes.

    \b
    Examples:
      kgbuild export --format nt -o out/graph.nt
      kgbuild export out/corpus/graph.ttl -o out/corpus/graph.trig
      kgbuild export --format jsonld | head
    """
    if out is None:
        sys.stdout.buffer.write(export_graph(graph, fmt))
        return
    fmt, size = export_file(graph, out, fmt)
    click.echo(f"wrote {out} ({fmt}, {size:,} bytes)", err=True)


@main.command("load")
@click.argument("graph", type=click.Path(path_type=Path), default=Path("out/graph.ttl"))
@click.option("--endpoint", required=True, metavar="URL",
              help="The SPARQL 1.1 Graph Store Protocol endpoint: Oxigraph http://HOST:7878/store, Fuseki "
              "http://HOST:3030/DATASET/data, GraphDB http://HOST:7200/repositories/ID/rdf-graphs/service.")
@click.option("--graph", "graph_iri", metavar="IRI", help="Load into this named graph (default: the default graph).")
@click.option("--replace", is_flag=True, help="Replace what the graph holds (the first batch is PUT, the rest POSTed).")
@click.option("--batch-size", type=click.IntRange(min=1), default=DEFAULT_BATCH, show_default=True,
              help="Triples per request.")
@click.option("--retries", type=click.IntRange(min=0), default=DEFAULT_RETRIES, show_default=True,
              help="Tries again after a transient failure (reset, timeout, 429, 502-504), waiting 0.5, 1, 2 s ...")
@click.option("--timeout", type=click.FloatRange(min=0, min_open=True), default=DEFAULT_TIMEOUT, show_default=True,
              help="Seconds each request may take, from connecting to the last byte of the answer.")
@click.option("--update-endpoint", metavar="URL",
              help="With --replace: the SPARQL Update endpoint used to swap the staged data in (default: the one "
              "beside --endpoint for Oxigraph, Fuseki, GraphDB and Virtuoso).")
@click.option("--user", metavar="NAME",
              help=f"Log in as NAME when the endpoint asks (Digest or Basic). The password comes from "
              f"${PASSWORD_VARIABLE}, else from the netrc entry (~/.netrc or $NETRC) for the host and NAME.")
def load_command(graph: Path, endpoint: str, graph_iri: str | None, replace: bool, batch_size: int, retries: int,
                 timeout: float, update_endpoint: str | None, user: str | None) -> None:
    """Send the RDF file GRAPH (default out/graph.ttl), or a folder of them, to a triple store over HTTP.

    The triples go as N-Triples, in batches, with the SPARQL 1.1 Graph Store Protocol. The named graphs of
    an N-Quads or TriG file (one per source document) go to graphs of the same name, so --replace replaces
    just those documents; --graph sends everything to one graph instead. A folder, such as the OUT/parts of
    `build --partitioned`, is sent one file at a time. Exit codes: 0 loaded; 1 the server rejected a batch or kept
    failing after the retries, or answered with a final error (the message says how many triples were
    stored before); 2 bad arguments or an endpoint that is not there (bad URL, unknown host, connection
    refused, 401, 403, 404, 405). Only 408, 425, 429, 502, 503, 504 and answers with Retry-After are retried.
    With --replace the data is staged in temporary graphs and swapped in by one SPARQL Update MOVE, so a
    failed load leaves the server as it was. A build folder without a complete manifest is refused.

    \b
    Examples:
      oxigraph serve --location /tmp/ox &          # pip install oxigraph
      kgbuild load --endpoint http://localhost:7878/store --replace
      kgbuild load out/corpus/graph.ttl --endpoint http://localhost:3030/kg/data --graph https://example.org/kg
      kgbuild load out/big/parts --endpoint http://localhost:7878/store --replace
      KGBUILD_PASSWORD=... kgbuild load --endpoint http://localhost:8890/sparql-graph-crud-auth \\
          --user dba --graph https://example.org/kg --replace      # Virtuoso (it has no default graph)
    """
    auth = credentials(endpoint, user) if user is not None else None
    result = load(graph, endpoint, graph=graph_iri, replace=replace, batch_size=batch_size, retries=retries,
                  timeout=timeout, update_endpoint=update_endpoint, auth=auth)
    click.echo(f"sent {result.triples:,} triples in {result.batches} batch(es) to {result.url} in "
               f"{result.seconds:.1f} s ({result.rate:,.0f} triples/s)")


@main.command("serve")
@click.option("--store", "store", type=click.Path(path_type=Path), default=Path("out/store"), show_default=True,
              help="A store folder written by build.")
@click.option("--port", type=click.IntRange(0, 65535), default=0, show_default=True,
              help="The port on 127.0.0.1 (0: a free one, printed at start).")
@click.option("--quiet", "-q", is_flag=True, help="Do not log requests.")
@click.option("--timeout", type=click.FloatRange(min=0, min_open=True), default=DEFAULT_QUERY_TIMEOUT,
              show_default=True, help="Seconds a query may run; past it its worker is killed and the client gets 503.")
@click.option("--workers", type=click.IntRange(min=1), default=DEFAULT_WORKERS, show_default=True,
              help="Queries answered at once (one process each); more wait, up to a few seconds, then get 503.")
@click.option("--max-connections", type=click.IntRange(min=1), default=DEFAULT_MAX_CONNECTIONS, show_default=True,
              help="Open connections at once; past it a new one gets 503.")
@click.option("--allow-service", is_flag=True, help="Allow federated SERVICE calls (off: they are refused, 403).")
def serve_command(store: Path, port: int, quiet: bool, timeout: float, workers: int, max_connections: int,
                  allow_service: bool) -> None:
    """Offer the store as a read-only SPARQL 1.1 endpoint at http://127.0.0.1:PORT/query, until Ctrl-C.

    GET or POST (form or application/sparql-query) the query; SELECT and ASK answer in SPARQL JSON, XML,
    CSV or TSV, CONSTRUCT in Turtle, N-Triples, JSON-LD or RDF/XML, as the Accept header asks. Updates are
    refused (403), a bad query is 400 with a one-line message. Only this machine can connect, and only
    with a Host of 127.0.0.1, localhost or [::1] (against DNS rebinding). SERVICE calls are refused.
    When a build replaces the store, the next query reads the new one; X-Kgbuild-Build names the build.

    \b
    Examples:
      kgbuild serve --port 7879 &
      curl -H 'Accept: text/csv' --data-urlencode 'query=SELECT (COUNT(*) AS ?n) { ?s ?p ?o }' \\
           http://127.0.0.1:7879/query
    """
    check_source(store)
    server = SparqlServer(store, port, log=None if quiet else lambda line: _say(line, err=True), timeout=timeout,
                          workers=workers, max_connections=max_connections, allow_service=allow_service)
    click.echo(f"serving {store} read-only at {server.url} (Ctrl-C stops); build {server.pool.identity}")
    sys.stdout.flush()
    started = time.monotonic()
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    click.echo(f"stopped after {time.monotonic() - started:.0f} s", err=True)


if __name__ == "__main__":
    main()
