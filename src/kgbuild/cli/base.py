"""The command group, its one error path, and what every command prints with."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

import click

from .._version import __version__
from ..errors import KgbuildError, UsageError
from ..text import printable

if TYPE_CHECKING:
    from rich.console import Console


@lru_cache(maxsize=1)
def stderr_console() -> Console:
    """rich's console on standard error, made on first use: importing rich is a third of the start-up, and
    `kgbuild --help` never prints through it."""
    from rich.console import Console

    return Console(stderr=True, highlight=False)


class _Stderr:
    """``err.print(...)``, ``err.is_terminal``: the console on standard error, imported when first used."""

    def __getattr__(self, name: str) -> Any:
        return getattr(stderr_console(), name)


err: Any = _Stderr()


# Below this many files a build is quick enough that a bar is noise.
PROGRESS_THRESHOLD = 200
# Violations listed after a build; `kgbuild validate` lists more.
BUILD_VIOLATION_LINES = 20
VALIDATE_VIOLATION_LINES = 50


@contextmanager
def progress_bar(enabled: bool) -> Iterator[Callable[[str, int, int], None] | None]:
    if not enabled:
        yield None
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                  console=stderr_console(), transient=True) as bar:
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


class Commands(click.Group):
    """The command group: the one place a ``KgbuildError`` becomes a message and an exit code."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except KgbuildError as exc:
            raise Failed(exc) from exc


def say(text: str, *, err: bool = False, nl: bool = True) -> None:
    """Print text that may hold data from the input: control characters go when a terminal shows it."""
    stream = sys.stderr if err else sys.stdout
    click.echo(printable(text) if err or stream.isatty() else text, err=err, nl=nl)


@click.group(cls=Commands, context_settings={"help_option_names": ["-h", "--help"]})
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




# Past this many rows a table is laid out plainly, a line a row: rich measures and wraps every cell (about 3 ms
# a row; the 8,232 rows of report-claims took 25 s to print, the query 3 s)
PLAIN_ROWS = 500
PLAIN_WIDTH = 60  # a column is padded to its longest cell up to this; a longer cell is printed whole


def print_rows(headers: Sequence[str], cells: list[list[str]], note: str = "") -> None:
    """A table on standard output (wide when not a terminal, so rows rarely wrap), the count on standard error."""
    if len(cells) > PLAIN_ROWS:
        _print_plain(headers, cells)
    else:
        from rich import box
        from rich.console import Console
        from rich.table import Table
        from rich.text import Text

        out = Console(highlight=False, width=None if sys.stdout.isatty() else 200)
        table = Table(*headers, box=box.SIMPLE_HEAD, show_edge=False)
        for row in cells:
            table.add_row(*(Text(printable(cell)) for cell in row))
        out.print(table)
    err.print(note or f"{len(cells)} row(s)")


def _print_plain(headers: Sequence[str], cells: list[list[str]]) -> None:
    rows = [[" ".join(printable(c).split()) for c in row] for row in cells]
    heads = [" ".join(printable(h).split()) for h in headers]
    widths = [min(PLAIN_WIDTH, max([len(h), *(len(r[i]) for r in rows if i < len(r))])) for i, h in enumerate(heads)]
    lines = ["  ".join(h.ljust(w) for h, w in zip(heads, widths, strict=True)).rstrip(),
             "  ".join("-" * w for w in widths)]
    lines += ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=False)).rstrip() for r in rows]
    click.echo("\n".join(lines))



def store_of(out: Path) -> Path:
    store = out / "store"
    if not store.is_dir():
        raise UsageError(f"no store in {out}: run kgbuild build -o {out} first")
    return store

