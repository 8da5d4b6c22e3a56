"""Run a query: on the embedded pyoxigraph store, on rdflib (which reads the Turtle), or on a remote SPARQL
endpoint, each one entry of ``ENGINES`` behind the same interface; ``execute`` is the CLI's one call."""

from __future__ import annotations

import multiprocessing
import re
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF

from ..errors import KgbuildError, UsageError
from ..options import ENGINES
from ..outputs import check_source
from ..rdf.namespaces import PREFIXES
from ..rdf.terms import OxTerm, from_ox, load_graph
from .results import FORMATS, QueryResult, format_result, normalize, rows_equal, table_cells
from .sparql import (
    Param,
    Query,
    QueryError,
    QueryFailed,
    QuerySyntaxError,
    Row,
    Term,
    bindings,
    bound_text,
    load_query,
    loads_from_the_web,
    nt,
    parse_param_args,
    parse_value,
    sparql_tokens,
    uses_service,
)
from .store import check_store, memory_store, open_store

Engine = str  # a name in ENGINES




@dataclass(frozen=True)
class QueryEngine:
    """One way of running a query: ``open`` finds its data from what the user named (a graph file, a store
    folder, an endpoint URL), ``run`` answers on it. ``fetches_from``: FROM makes the engine fetch graphs."""

    name: str
    open: Callable[[Path | None, Path | None, str | None], Any]
    run: Callable[[Query, str, Any], QueryResult]
    fetches_from: bool = False


def run_query(query: Query, *, graph: Graph | None = None, store: ox.Store | None = None,
              endpoint: str | None = None, params: Mapping[str, str | Term] | None = None,
              allow_service: bool = False) -> QueryResult:
    """Run ``query`` on a pyoxigraph ``store``, an rdflib ``graph`` or a remote SPARQL ``endpoint`` (one of them).

    No request leaves the machine unless ``allow_service`` (or an ``endpoint`` is named, which is asking for
    one): a SERVICE call is refused, and so is FROM on rdflib, which would fetch the named IRIs. A failure
    while running raises QueryFailed (one line).
    """
    given = [(name, data) for name, data in (("oxigraph", store), ("rdflib", graph), ("endpoint", endpoint))
             if data is not None]
    if len(given) != 1:
        raise UsageError("run_query needs one of a graph, a store or an endpoint")
    return _answer(query, ENGINE_TABLE[given[0][0]], given[0][1], params, allow_service)


def _answer(query: Query, engine: QueryEngine, data: Any, params: Mapping[str, str | Term] | None,
            allow_service: bool) -> QueryResult:
    text = bound_text(query, bindings(query, params))
    if not allow_service and uses_service(text):
        raise QueryError(f"{query.source}: federated SERVICE calls send requests to other servers and are off; "
                         "give --allow-service to allow them")
    if not allow_service and engine.fetches_from and loads_from_the_web(text):
        raise QueryError(f"{query.source}: FROM makes rdflib fetch the graph from the web and is off; give "
                         "--allow-service to allow it, or use the oxigraph engine (FROM names graphs in the store)")
    star = _is_select_star(query)
    try:
        result = engine.run(query, text, data)
    except QuerySyntaxError as exc:
        if text == query.text:
            raise
        # The position is in the query as rewritten with the values: say so rather than mislead.
        raise QuerySyntaxError(exc.source, exc.line, exc.column,
                               f"{exc.problem} (in the query with its parameters bound)") from exc
    except KgbuildError:
        raise
    except RecursionError as exc:
        raise QueryFailed(f"{query.source}: the query failed: nested too deep to evaluate") from exc
    except Exception as exc:  # an engine's evaluation error (a failed SERVICE call, a bad cast): one line
        message = " ".join(str(exc).split())[:300] or type(exc).__name__
        raise QueryFailed(f"{query.source}: the query failed: {message}") from exc
    if star and result.variables != sorted(result.variables):
        order = sorted(range(len(result.variables)), key=lambda i: result.variables[i])
        result.variables = [result.variables[i] for i in order]
        result.rows = [tuple(row[i] for i in order) for row in result.rows]
    result.ordered = query.ordered
    result.prefixes = dict(query.prefixes)
    return result


def _is_select_star(query: Query) -> bool:
    if query.form != "SELECT":
        return False
    tokens = sparql_tokens(query.text)
    for i, tok in enumerate(tokens):
        if tok.kind == "word" and tok.value.upper() == "SELECT":
            rest = [t.value.upper() for t in tokens[i + 1:i + 3]]
            return rest[:1] == ["*"] or (rest[:1] in (["DISTINCT"], ["REDUCED"]) and rest[1:] == ["*"])
    return False


_OX_ERROR = re.compile(r"error at (\d+):(\d+): (.*)", re.DOTALL)


def _run_oxigraph(query: Query, text: str, store: ox.Store) -> QueryResult:
    try:
        answer = store.query(text)
    except SyntaxError as exc:
        # Reached only for what rdflib's parser accepted and pyoxigraph's rejects (an ungrouped variable, ...).
        message = " ".join(str(exc).split())
        m = _OX_ERROR.match(message)
        if m is None:
            raise QuerySyntaxError(query.source, 1, 1, message) from exc
        problem = m[3] if len(m[3]) <= 200 else m[3][:200] + "..."
        raise QuerySyntaxError(query.source, int(m[1]), int(m[2]), problem) from exc
    if isinstance(answer, ox.QueryBoolean):
        return QueryResult(query.form, "oxigraph", boolean=bool(answer))
    if isinstance(answer, ox.QueryTriples):
        graph = Graph(bind_namespaces="none")
        for t in answer:
            s, p, o = from_ox(t.subject), from_ox(t.predicate), from_ox(t.object)
            graph.add((s, p, o))
        return QueryResult(query.form, "oxigraph", graph=_with_prefixes(graph, query.prefixes))
    variables = [v.value for v in answer.variables]
    # a value repeats down a column (a report's id, a rank, a date): made into an rdflib term once, which is the
    # costly part of a large answer (rdflib casts every typed literal to a Python value)
    terms: dict[OxTerm, URIRef | BNode | Literal] = {}

    def term_of(term: OxTerm) -> URIRef | BNode | Literal:
        found = terms.get(term)
        if found is None:
            found = terms[term] = from_ox(term)
        return found

    rows = [tuple(None if term is None else term_of(term) for term in solution) for solution in answer]
    return QueryResult(query.form, "oxigraph", variables=variables, rows=rows)


def _run_rdflib(query: Query, text: str, graph: Graph) -> QueryResult:
    from pyparsing import ParseException

    try:
        answer = graph.query(text)
    except ParseException as exc:  # a bound value that cannot stand where the variable stood
        raise QuerySyntaxError(query.source, exc.lineno, exc.col, f"{exc.msg[:1].lower()}{exc.msg[1:]}") from exc
    if answer.type == "ASK":
        return QueryResult(query.form, "rdflib", boolean=bool(answer.askAnswer))
    if answer.type in ("CONSTRUCT", "DESCRIBE"):
        out = Graph(bind_namespaces="none")
        for triple in answer.graph or ():
            out.add(triple)
        return QueryResult(query.form, "rdflib", graph=_with_prefixes(out, query.prefixes))
    variables = [str(v) for v in answer.vars or ()]
    rows = [cast(Row, tuple(row)) for row in answer if isinstance(row, tuple)]
    return QueryResult(query.form, "rdflib", variables=variables, rows=rows)


def _with_prefixes(graph: Graph, prefixes: Mapping[str, str]) -> Graph:
    # kgbuild's own prefixes, then the query's: without them rdflib's Turtle would invent ns1:, ns2:, ...
    for prefix, ns in {**PREFIXES, "rdf": str(RDF), **prefixes}.items():
        graph.bind(prefix, ns, replace=True)
    return graph


def _open_oxigraph(graph_path: Path | None, store_path: Path | None, _endpoint: str | None) -> ox.Store:
    if graph_path is not None:
        check_source(graph_path)
        return memory_store(graph_path)  # a graph file is loaded into memory
    assert store_path is not None
    check_store(store_path)
    check_source(store_path)
    return open_store(store_path)


def _open_rdflib(graph_path: Path | None, store_path: Path | None, _endpoint: str | None) -> Graph:
    if graph_path is None:  # rdflib always reads Turtle: the graph.ttl beside the store folder
        assert store_path is not None
        check_store(store_path)  # a bad --store is the same error whichever the engine
        graph_path = store_path.parent / "graph.ttl"
    check_source(graph_path)
    return load_graph(graph_path)


def _open_endpoint(_graph: Path | None, _store: Path | None, endpoint: str | None) -> str:
    from .http_client import check_url

    if endpoint is None:
        raise UsageError("the endpoint engine needs --endpoint URL")
    return check_url(endpoint)


def _run_endpoint(query: Query, text: str, endpoint: str) -> QueryResult:
    from .http_client import sparql_query

    answer = sparql_query(endpoint, text)
    graph = _with_prefixes(answer.graph, query.prefixes) if answer.graph is not None else None
    return QueryResult(query.form, "endpoint", variables=answer.variables, rows=answer.rows,
                       boolean=answer.boolean, graph=graph)


_ENGINE_LIST = (
    QueryEngine("oxigraph", _open_oxigraph, _run_oxigraph),
    QueryEngine("rdflib", _open_rdflib, _run_rdflib, fetches_from=True),
    QueryEngine("endpoint", _open_endpoint, _run_endpoint),
)
# one engine for each name the command line offers (``options.ENGINES``), in that order
ENGINE_TABLE: dict[str, QueryEngine] = {name: next(e for e in _ENGINE_LIST if e.name == name) for name in ENGINES}


def execute(query: str | Query, *, graph_path: Path | None = None, store_path: Path | None = None,
            endpoint: str | None = None, engine: Engine = "oxigraph", params: Mapping[str, str | Term] | None = None,
            out: Path = Path("out"), allow_service: bool = False) -> QueryResult:
    """Load the query and the data and run it: what ``kgbuild query`` does.

    The data is ``graph_path`` (an RDF file), ``store_path`` (a store folder) or ``endpoint`` (a SPARQL
    endpoint's URL, which selects the endpoint engine); by default ``out/store`` when it exists, else
    ``out/graph.ttl``. The rdflib engine always reads Turtle: ``graph_path``, or the ``graph.ttl`` beside the
    store folder. The oxigraph engine loads a ``graph_path`` into memory.
    """
    q = query if isinstance(query, Query) else load_query(query)
    if sum(x is not None for x in (graph_path, store_path, endpoint)) > 1:
        raise UsageError("give one of --graph, --store and --endpoint")
    if endpoint is not None:
        engine = "endpoint"
    if engine not in ENGINE_TABLE:
        raise UsageError(f"unknown engine {engine!r}; use one of {', '.join(ENGINES)}")
    if graph_path is None and store_path is None and engine != "endpoint":
        if (out / "store").is_dir():
            store_path = out / "store"
        elif (out / "graph.ttl").is_file():
            graph_path = out / "graph.ttl"
        else:
            raise UsageError(f"nothing to query: no {out / 'store'} or {out / 'graph.ttl'} "
                             "(run kgbuild build, or give --graph or --store)")
    chosen = ENGINE_TABLE[engine]
    return _answer(q, chosen, chosen.open(graph_path, store_path, endpoint), params, allow_service)


def _execute_child(conn: Any, query: str | Query, kwargs: dict[str, Any]) -> None:
    try:
        conn.send(("ok", execute(query, **kwargs)))
    except KgbuildError as exc:
        conn.send(("error", exc.exit_code, str(exc)))
    except Exception as exc:
        conn.send(("error", 3, f"the query failed: {' '.join(str(exc).split())[:300] or type(exc).__name__}"))
    finally:
        conn.close()


def execute_with_deadline(query: str | Query, timeout: float | None, **kwargs: Any) -> QueryResult:
    """``execute`` with a deadline: the query runs in a child process that is killed after ``timeout``
    seconds (neither engine can be interrupted from Python), raising QueryFailed. No deadline: in-process."""
    if not timeout:
        return execute(query, **kwargs)
    context = multiprocessing.get_context("fork" if threading.active_count() == 1 else "forkserver")
    parent, child = context.Pipe(duplex=False)
    process = context.Process(target=_execute_child, args=(child, query, kwargs), daemon=True)  # type: ignore[attr-defined]
    process.start()
    child.close()
    try:
        if not parent.poll(timeout):
            raise QueryFailed(f"the query ran longer than {timeout:g} s and was stopped")
        answer = parent.recv()
    except EOFError as exc:
        raise QueryFailed("the query failed: its worker process stopped (out of memory?)") from exc
    finally:
        process.kill()
        process.join(timeout=5)
        parent.close()
    if answer[0] == "ok":
        return cast(QueryResult, answer[1])
    error = KgbuildError(answer[2])
    error.exit_code = answer[1]
    raise error


# The query API in one place: reading (sparql.py), running (here), answers and their formats (results.py).
__all__ = [
    "ENGINES", "FORMATS", "Engine", "Param", "Query", "QueryEngine", "QueryError", "QueryFailed", "QueryResult",
    "QuerySyntaxError", "Row", "Term", "bindings", "bound_text", "execute", "execute_with_deadline",
    "format_result", "load_query", "normalize", "nt", "parse_param_args", "parse_value", "rows_equal",
    "run_query", "table_cells", "uses_service",
]
