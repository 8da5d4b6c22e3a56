"""Commands that hand a graph on: ``export``, ``load`` (to a triple store), ``serve`` (a SPARQL endpoint)."""

from __future__ import annotations

import sys
import time
from pathlib import Path

import click

from ..options import DEFAULT_BATCH, DEFAULT_RETRIES, DEFAULT_TIMEOUT, PASSWORD_VARIABLE
from ..options import FORMATS as EXPORT_FORMATS
from ..options import MAX_CONNECTIONS as DEFAULT_MAX_CONNECTIONS
from ..options import QUERY_TIMEOUT as DEFAULT_QUERY_TIMEOUT
from ..options import SERVE_WORKERS as DEFAULT_WORKERS
from ..outputs import check_source
from .base import main, say


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
    from ..rdf.export import export_file, export_graph

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
    just those documents; --graph sends everything to one graph instead. A folder, such as a build's
    OUT/parts, is sent one file at a time. Exit codes: 0 loaded; 1 the server rejected a batch or kept
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
    from ..query.http_client import credentials
    from ..query.load import load

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
    from ..query.serve import SparqlServer

    check_source(store)
    server = SparqlServer(store, port, log=None if quiet else lambda line: say(line, err=True), timeout=timeout,
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

