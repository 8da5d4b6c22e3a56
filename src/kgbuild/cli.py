"""Command line: parse arguments, call one library function per command, print, and set the exit code.

Exit codes: 0 ok, 1 a check failed (``--strict`` with problems, a graph that does not conform to the shapes),
2 bad arguments or no input.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from importlib import resources
from pathlib import Path
from typing import Any

import click
from rich import box
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table
from rich.text import Text

from . import __version__
from .errors import CheckFailed, KgbuildError
from .pipeline import BuildResult, build, to_turtle
from .query import ENGINES, FORMATS, Engine, QueryResult, execute, format_result, parse_param_args, table_cells
from .reason import DEFAULT_MODE, REASONING_MODES
from .store import save_store
from .terms import load_graph
from .validate import ValidationReport, format_report, validate

err = Console(stderr=True, highlight=False)

# Below this many files a build is quick enough that a bar is noise.
PROGRESS_THRESHOLD = 200
# Violations listed after a build; `kgbuild validate` lists more.
BUILD_VIOLATION_LINES = 20
VALIDATE_VIOLATION_LINES = 50


@contextmanager
def _progress(enabled: bool) -> Iterator[Callable[[int, int], None] | None]:
    if not enabled:
        yield None
        return
    with Progress(TextColumn("reading"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                  console=err, transient=True) as bar:
        task = bar.add_task("read", total=None)

        def update(done: int, total: int) -> None:
            if total >= PROGRESS_THRESHOLD:
                bar.update(task, completed=done, total=total)

        yield update


def _fail(exc: KgbuildError) -> None:
    click.echo(f"kgbuild: {exc}", err=True)
    sys.exit(exc.exit_code)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
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
def build_command(paths: tuple[Path, ...], out: Path, strict: bool, quiet: bool, reasoning: str,
                  no_validate: bool) -> None:
    """Read reports, decisions and coalition-agreement sections under PATHS and write one Turtle graph.

    PATHS are files or folders (walked recursively); the format of each file is told by its content.
    Without PATHS the seed report in seeds/ is built. Every problem is printed as one line naming the
    file; the build goes on and build-report.json counts what was read, made and skipped. The same graph
    is also written as a pyoxigraph store in OUT/store/, which `kgbuild query` reads. The graph is then
    checked against kgbuild's SHACL shapes, as `kgbuild validate` does: when it does not conform, the
    files are still written, the first violations are printed and the exit code is 1.

    \b
    Examples:
      kgbuild build
      kgbuild build ../shared/corpus -o out/corpus --strict
      kgbuild build report.md decisions/ -o out/mine --no-validate
    """
    try:
        with _progress(not quiet and err.is_terminal) as progress:
            result = build(paths, progress=progress, reasoning=reasoning)
        _write(result, out)
        checked = None if no_validate else validate(result.graph)
    except KgbuildError as exc:
        _fail(exc)
        return
    for problem in result.report.problems:
        click.echo(f"{'skipped' if problem.skipped else 'warning'}: {problem}", err=True)
    if not quiet:
        _summary(result, out)
    failed: list[str] = []
    if checked is not None:
        if checked.conforms and not quiet:
            click.echo(_conforms_line(len(result.graph)))
        elif not checked.conforms:
            for line in format_report(checked, limit=BUILD_VIOLATION_LINES):
                click.echo(line, err=True)
            failed.append(_not_conforming(checked))
    if strict and result.report.problems:
        failed.append(f"{len(result.report.problems)} problem(s) in the input and --strict was given")
    if failed:
        _fail(CheckFailed("; ".join(failed)))


def _conforms_line(triples: int) -> str:
    return f"conforms: {triples} triples checked"


def _not_conforming(report: ValidationReport) -> str:
    n = sum(v.severity == "Violation" for v in report.results)
    return f"the graph does not conform to the shapes: {n} violation(s)"


def _write(result: BuildResult, out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    turtle = to_turtle(result.graph)
    (out / "graph.ttl").write_bytes(turtle)
    save_store(turtle, out / "store")  # from the Turtle just made: no second serialisation of the graph
    report: dict[str, Any] = result.report.as_dict()
    (out / "build-report.json").write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n",
                                           encoding="utf-8")


def _summary(result: BuildResult, out: Path) -> None:
    c = result.report.counts
    read = ", ".join(f"{n} {fmt}" for fmt, n in result.report.inputs.items() if n)
    click.echo(f"read {read}")
    click.echo(f"made {c['reports']} reports, {c['claims']} claims, {c['citations']} citations, "
               f"{c['decisions']} decisions, {c['agreement_sections']} agreement sections: "
               f"{c['triples']} triples")
    click.echo(f"skipped {len(result.report.skipped)} file(s); {len(result.report.problems)} problem(s)")
    click.echo(f"wrote {out / 'graph.ttl'}, {out / 'store'} and {out / 'build-report.json'}")


@main.command("query")
@click.argument("query")
@click.option("--graph", "graph", type=click.Path(path_type=Path),
              help="An RDF file to query (Turtle unless the extension says otherwise).")
@click.option("--store", "store", type=click.Path(path_type=Path), help="A store folder written by build.")
@click.option("--engine", type=click.Choice(ENGINES), default="oxigraph", show_default=True,
              help="Run on pyoxigraph or on rdflib (which reads the Turtle).")
@click.option("--format", "-f", "fmt", type=click.Choice(FORMATS), default="table", show_default=True,
              help="SELECT output: a table, or W3C SPARQL CSV, TSV or JSON.")
@click.option("--param", "-p", "params", multiple=True, metavar="NAME=VALUE",
              help="Bind ?NAME to VALUE: <iri> or http(s)://..., 12, 1.5, true, 2020-01-31, \"text\"@nl, or text.")
def query_command(query: str, graph: Path | None, store: Path | None, engine: Engine, fmt: str,
                  params: tuple[str, ...]) -> None:
    """Run the SPARQL query in the file QUERY (or the query text QUERY) on the graph.

    The graph is out/store (or out/graph.ttl when there is no store) unless --graph or --store says
    otherwise. SELECT prints rows; ASK prints true or false and exits 0 or 1; CONSTRUCT and DESCRIBE
    print Turtle. A query file may declare its parameters, with defaults, in its opening comment:
    `# param since: first date (default: 2022-01-01)`.

    \b
    Examples:
      kgbuild query decisions.rq --param since=2022-01-01
      kgbuild query 'SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }' --format csv
      kgbuild query check.rq --engine rdflib --graph out/corpus/graph.ttl
    """
    try:
        result = execute(query, graph_path=graph, store_path=store, engine=engine, params=parse_param_args(params))
    except KgbuildError as exc:
        _fail(exc)
        return
    if fmt == "table" and result.form == "SELECT":
        _print_table(result)
    else:
        click.echo(format_result(result, fmt), nl=False)
    if result.boolean is False:
        sys.exit(1)


def _print_table(result: QueryResult) -> None:
    headers, cells = table_cells(result)
    # Not a terminal (a pipe, a test runner): a wide page rather than rich's 80 columns, so rows rarely wrap.
    out = Console(highlight=False, width=None if sys.stdout.isatty() else 200)
    table = Table(*headers, box=box.SIMPLE_HEAD, show_edge=False)
    for row in cells:
        table.add_row(*(Text(cell) for cell in row))  # Text: a literal like "[b]" is not rich markup
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
    try:
        data = load_graph(graph)
        report = validate(data)
    except KgbuildError as exc:
        _fail(exc)
        return
    for line in format_report(report, limit=limit):  # violations, or warnings that do not fail the graph
        click.echo(line)
    if not report.conforms:
        _fail(CheckFailed(_not_conforming(report)))
    click.echo(_conforms_line(len(data)))


WEAKEST_CLAIMS = Path(str(resources.files("kgbuild") / "data" / "weakest-claims.rq"))


@main.command("claims")
@click.option("--report", "report", help="Only the claims of the report with this identifier (its folder name).")
@click.option("--rating", type=click.Choice(["unsupported", "partly supported", "supported"]),
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
    try:
        result = execute(str(WEAKEST_CLAIMS), graph_path=graph, store_path=store, engine="oxigraph",
                         params=parse_param_args(tuple(f"{k}={v}" for k, v in params.items())))
    except KgbuildError as exc:
        _fail(exc)
        return
    if fmt == "table":
        _print_table(result)
    else:
        click.echo(format_result(result, fmt), nl=False)


if __name__ == "__main__":
    main()
