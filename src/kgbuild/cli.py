"""Command line: parse arguments, call one library function per command, print, and set the exit code.

Exit codes: 0 ok, 1 a check failed (``--strict`` with problems), 2 bad arguments or no input.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import click
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from . import __version__
from .errors import CheckFailed, KgbuildError
from .pipeline import BuildResult, build, to_turtle

err = Console(stderr=True, highlight=False)

# Below this many files a build is quick enough that a bar is noise.
PROGRESS_THRESHOLD = 200


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
    """


@main.command("build")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("-o", "--out", "out", type=click.Path(path_type=Path), default=Path("out"), show_default=True,
              help="Folder for graph.ttl and build-report.json.")
@click.option("--strict", is_flag=True, help="Exit 1 when any input was skipped or had a problem.")
@click.option("--quiet", "-q", is_flag=True, help="Print only problems and errors.")
def build_command(paths: tuple[Path, ...], out: Path, strict: bool, quiet: bool) -> None:
    """Read reports, decisions and coalition-agreement sections under PATHS and write one Turtle graph.

    PATHS are files or folders (walked recursively); the format of each file is told by its content.
    Without PATHS the seed report in seeds/ is built. Every problem is printed as one line naming the
    file; the build goes on and build-report.json counts what was read, made and skipped.

    \b
    Examples:
      kgbuild build
      kgbuild build ../shared/corpus -o out/corpus --strict
      kgbuild build report.md decisions/ -o out/mine
    """
    try:
        with _progress(not quiet and err.is_terminal) as progress:
            result = build(paths, progress=progress)
    except KgbuildError as exc:
        _fail(exc)
        return
    _write(result, out)
    for problem in result.report.problems:
        click.echo(f"{'skipped' if problem.skipped else 'warning'}: {problem}", err=True)
    if not quiet:
        _summary(result, out)
    if strict and result.report.problems:
        _fail(CheckFailed(f"{len(result.report.problems)} problem(s) in the input and --strict was given"))


def _write(result: BuildResult, out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    (out / "graph.ttl").write_bytes(to_turtle(result.graph))
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
    click.echo(f"wrote {out / 'graph.ttl'} and {out / 'build-report.json'}")


if __name__ == "__main__":
    main()
