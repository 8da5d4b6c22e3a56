"""``kgbuild build`` and ``kgbuild validate``: make a graph, check one."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from ..errors import CheckFailed
from ..options import DEFAULT_MODE, EXECUTORS, MAX_INPUT_BYTES, PARTITION_FILES, REASONING_MODES
from ..options import FORMATS as EXPORT_FORMATS
from .base import BUILD_VIOLATION_LINES, VALIDATE_VIOLATION_LINES, err, main, progress_bar, say

if TYPE_CHECKING:
    from ..pipeline.plan import BuildReport
    from ..rdf.validate import ValidationReport


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
              help="A readers' corrections file (CSV: decision, amount, field, value, who, date, why; a claim's "
              "verdict with a claim column, a promise's links with a promise column and field acts_on); default "
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
    from ..pipeline.writers import build_into

    fmt = fmt or "ttl"
    with progress_bar(not quiet and err.is_terminal) as progress:
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
    from ..rdf.validate import format_report

    for problem in report.problems:
        say(f"{'skipped' if problem.skipped else 'warning'}: {problem}", err=True)
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
                say(line, err=True)
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
    from ..pipeline.writers import graph_file

    return out / graph_file(fmt)




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
    from ..rdf.terms import load_graph
    from ..rdf.validate import format_report, validate

    data = load_graph(graph)
    report = validate(data)
    for line in format_report(report, limit=limit):  # violations, or warnings that do not fail the graph
        say(line)
    if not report.conforms:
        raise CheckFailed(_not_conforming(report))
    click.echo(_conforms_line(len(data)))


