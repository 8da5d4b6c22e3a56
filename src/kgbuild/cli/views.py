"""Commands that draw or compare a build: ``viz``, ``site``, ``diff``."""

from __future__ import annotations

import os
from pathlib import Path

import click

from ..errors import UsageError
from ..options import DEFAULT_MAX_NODES
from ..outputs import atomic_write
from .base import main, print_rows, say


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
    from ..viz import Focus, FocusKind, write_page

    options: list[tuple[FocusKind, str | None]] = [("report", report), ("organisation", organisation),
                                                   ("programme", programme), ("theme", theme)]
    chosen = [(kind, name) for kind, name in options if name]
    if len(chosen) > 1:
        raise UsageError("give at most one of --report, --organisation, --programme and --theme")
    out, view = write_page(graph, out, Focus(*chosen[0]) if chosen else None, max_nodes)
    say(view.note)
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
    from ..site import write_site

    written = write_site(graph, out, jobs)
    if written.note:
        say(written.note)
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
    from ..diff import as_json as diff_json
    from ..diff import compare, ldes_feed
    from ..diff import rows as diff_rows

    changes = compare(old, new)
    if ldes is not None:
        atomic_write(ldes, ldes_feed(changes, old, new).encode("utf-8"))
    if fmt == "json":
        say(diff_json(changes), nl=False)
        return
    links = sum(c.provenance_only for c in changes)
    print_rows(("document", "change", "added", "removed", "what"), list(diff_rows(changes)),
                f"{len(changes) - links} document(s) changed" +
                (f"; {links} more only link to a changed file they were also read from" if links else ""))


