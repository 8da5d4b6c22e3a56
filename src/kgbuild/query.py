"""SPARQL queries over the graph, run by pyoxigraph (a store) or rdflib (a graph) with the same results.

A query is a ``.rq`` file or query text. A file may open with a ``#`` comment block: its lines describe the
query, except lines of the form ::

    # param NAME: what it is (default: VALUE)

which declare the parameter ``?NAME`` (the ``(default: VALUE)`` part is optional). ``--param NAME=VALUE``
binds ``?NAME`` to VALUE read as: ``<iri>`` or ``http(s)://...`` an IRI; ``12`` an xsd:integer; ``1.5`` an
xsd:decimal; ``true`` / ``false`` an xsd:boolean; ``2020-01-31`` an xsd:date; ``"text"`` or ``"text"@nl`` a
string, taken as written (no escapes; quote numbers to keep them strings); anything else a plain string.
A declared parameter with a default gets the default when it is not given; without one it stays a variable.

Parameters are bound by writing the value into the query text in place of the variable, everywhere,
subqueries and FILTERs included (a projected ``?NAME`` becomes ``(VALUE AS ?NAME)`` so its column stays).
Neither engine's own mechanism serves: pyoxigraph's ``substitutions`` refuses a variable that is not
projected (a ``FILTER(?date >= ?since)`` parameter), and rdflib's ``initBindings`` has other semantics.
"""

from __future__ import annotations

import csv
import io
import json
import multiprocessing
import re
import threading
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_DOWN, Context, Decimal
from pathlib import Path
from typing import Any, NamedTuple, cast
from typing import Literal as Choice

import pyoxigraph as ox
from pyparsing import ParseException
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, XSD
from rdflib.plugins.sparql import prepareQuery

from .errors import KgbuildError, UsageError
from .export import to_turtle
from .namespaces import PREFIXES
from .outputs import check_source
from .store import check_store, memory_store, open_store
from .terms import from_ox, load_graph

Term = URIRef | BNode | Literal
Row = tuple[Term | None, ...]
Form = Choice["SELECT", "ASK", "CONSTRUCT", "DESCRIBE"]
Engine = Choice["oxigraph", "rdflib"]
ENGINES: tuple[Engine, ...] = ("oxigraph", "rdflib")
FORMATS = ("table", "csv", "tsv", "json")
TEXT_SOURCE = "<text>"


class QueryError(UsageError):
    """A query that cannot be read or run: a missing file, an unknown parameter, a bad value."""


class QueryFailed(KgbuildError):
    """A query that parsed but failed while running (a SERVICE call that failed, its deadline passed): exit 3,
    so that it is not taken for ASK's false (1) or for bad input (2)."""

    exit_code = 3


class QuerySyntaxError(QueryError):
    """A query that does not parse; the message reads ``source:line:column: syntax error: ...``."""

    def __init__(self, source: str, line: int, column: int, problem: str) -> None:
        super().__init__(f"{source}:{line}:{column}: syntax error: {problem}")
        self.source = source
        self.line = line
        self.column = column
        self.problem = problem


@dataclass(frozen=True)
class Param:
    """A parameter declared in a query file's header."""

    name: str
    description: str
    default: str | None
    line: int


@dataclass(frozen=True)
class Query:
    """A parsed SPARQL query and what its file says about it."""

    text: str
    source: str
    description: str
    params: dict[str, Param]
    form: Form
    variables: tuple[str, ...]
    """Every variable in the query, in order of first appearance."""
    ordered: bool
    """The query has a top-level ORDER BY: its row order is part of its answer."""
    prefixes: dict[str, str] = field(default_factory=dict)


@dataclass
class QueryResult:
    """One engine's answer; terms are rdflib terms whichever engine ran."""

    form: Form
    engine: Engine
    variables: list[str] = field(default_factory=list)
    rows: list[Row] = field(default_factory=list)
    boolean: bool | None = None
    graph: Graph | None = None
    ordered: bool = False
    prefixes: dict[str, str] = field(default_factory=dict)


# ---------------------------------------------------------------------------------------------------------------
# Reading a query


class _Token(NamedTuple):
    kind: str
    value: str
    start: int


_LEX = re.compile(
    r"""
    (?P<ws>\s+)
  | (?P<comment>\#[^\n]*)
  | (?P<string>'''(?:[^'\\]|\\.|'(?!''))*'''|\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"
               |'(?:[^'\\\n\r]|\\.)*'|"(?:[^"\\\n\r]|\\.)*")
  | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
  | (?P<var>[?$][\w\u00B7]+)
  | (?P<bnode>_:[\w.\-]*)
  | (?P<pname>(?:[^\W\d_][\w.\-]*)?:(?:[\w:%\-]|\\.|\.(?=[\w:%\-]))*)
  | (?P<word>[^\W\d][\w]*)
  | (?P<other>.)
    """,
    re.VERBOSE | re.DOTALL,
)
_PARAM_LINE = re.compile(r"#\s*param\b(.*)$")
_PARAM = re.compile(r"(?<!\s)\s+[?$]?(?P<name>[\w\u00B7]+)\s*:(?P<rest>.*)$")  # rest: split in _param_rest
_FORMS: dict[str, Form] = {"SelectQuery": "SELECT", "AskQuery": "ASK", "ConstructQuery": "CONSTRUCT",
                           "DescribeQuery": "DESCRIBE"}


def _tokens(text: str) -> list[_Token]:
    """SPARQL tokens without white space and comments: enough to find variables, prefixes and clauses."""
    return [_Token(m.lastgroup or "other", m.group(), m.start()) for m in _LEX.finditer(text)
            if m.lastgroup not in ("ws", "comment")]


def _position(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def load_query(file_or_text: str) -> Query:
    """Read a query from a file (an existing path, or any name ending in ``.rq``) or from the text itself."""
    source, text = _read(file_or_text)
    tokens = _tokens(text)
    prefixes = _prefixes(source, text, tokens)
    try:
        parsed = prepareQuery(text)
    except ParseException as exc:
        found = getattr(exc, "found", "") or "end of text"
        raise QuerySyntaxError(source, exc.lineno, exc.col, f"{exc.msg[:1].lower()}{exc.msg[1:]}, found {found}") \
            from exc
    except Exception as exc:  # rdflib's algebra step raises bare Exceptions for queries that parse but mean nothing
        raise QueryError(f"{source}: {' '.join(str(exc).split())}") from exc
    description, params = _header(source, text)
    variables = tuple(dict.fromkeys(t.value[1:] for t in tokens if t.kind == "var"))
    for p in params.values():
        if p.name not in variables:
            raise QueryError(f"{source}:{p.line}: param {p.name} is not a variable of the query")
        if p.default is not None:
            try:
                parse_value(p.default)
            except QueryError as exc:
                raise QueryError(f"{source}:{p.line}: param {p.name}: {exc}") from exc
    return Query(text=text, source=source, description=description, params=params,
                 form=_FORMS[parsed.algebra.name], variables=variables, ordered=_top_level_order_by(tokens),
                 prefixes=prefixes)


def _read(file_or_text: str) -> tuple[str, str]:
    path = Path(file_or_text)
    try:
        is_file = path.is_file()
    except (OSError, ValueError):  # query text too long or odd to be a file name
        is_file = False
    if not is_file:
        if file_or_text.endswith(".rq"):
            raise QueryError(f"{file_or_text}: no such file")
        return TEXT_SOURCE, file_or_text
    try:
        return file_or_text, path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise QueryError(f"{file_or_text}: cannot read: {' '.join(str(exc).split())}") from exc


def _prefixes(source: str, text: str, tokens: Sequence[_Token]) -> dict[str, str]:
    """The declared prefixes; a prefix used but not declared is an error.

    rdflib would silently resolve an undeclared ``schema:`` to its own default (``https://schema.org/``, not the
    ``http://schema.org/`` kgbuild writes) while pyoxigraph rejects it: requiring declarations keeps both alike.
    """
    declared: dict[str, str] = {}
    for i, tok in enumerate(tokens):
        if tok.kind != "pname":
            continue
        prefix = tok.value.split(":", 1)[0]
        if i > 0 and tokens[i - 1].kind == "word" and tokens[i - 1].value.upper() == "PREFIX":
            if i + 1 < len(tokens) and tokens[i + 1].kind == "iri":
                declared[prefix] = tokens[i + 1].value[1:-1]
        elif prefix not in declared:
            line, col = _position(text, tok.start)
            raise QuerySyntaxError(source, line, col, f"prefix {prefix}: is not declared (PREFIX {prefix}: <...>)")
    return declared


def _header(source: str, text: str) -> tuple[str, dict[str, Param]]:
    """The opening ``#`` comment block: its description and the params it declares."""
    lines = text.splitlines()
    start = 0
    while start < len(lines) and not lines[start].strip():
        start += 1
    described: list[str] = []
    params: dict[str, Param] = {}
    for n, line in enumerate(lines[start:], start=start + 1):
        stripped = line.strip()
        if not stripped.startswith("#"):
            break
        declaration = _PARAM_LINE.match(stripped)
        if declaration is None:
            described.append(stripped[1:].removeprefix(" ").rstrip())
            continue
        m = _PARAM.match(declaration.group(1))
        if m is None:
            raise QueryError(f"{source}:{n}: expected '# param NAME: description (default: VALUE)'")
        if m["name"] in params:
            raise QueryError(f"{source}:{n}: param {m['name']} is declared twice")
        desc, default = _param_rest(m["rest"])
        params[m["name"]] = Param(m["name"], desc, default, n)
    return "\n".join(described).strip(), params


def _param_rest(rest: str) -> tuple[str, str | None]:
    """'first date (default: 2022-01-01)' -> ('first date', '2022-01-01'); in code, not in the regex, whose
    lazy description followed by optional spaces backtracks quadratically on a line of spaces."""
    rest = rest.strip()
    at = rest.find("(default:")
    if at < 0 or not rest.endswith(")"):
        return rest, None
    return rest[:at].strip(), rest[at + len("(default:"):-1].strip()


def _top_level_order_by(tokens: Sequence[_Token]) -> bool:
    depth = 0
    for i, tok in enumerate(tokens):
        if tok.value == "{":
            depth += 1
        elif tok.value == "}":
            depth -= 1
        elif depth == 0 and tok.kind == "word" and tok.value.upper() == "ORDER" and i + 1 < len(tokens) \
                and tokens[i + 1].value.upper() == "BY":
            return True
    return False


# ---------------------------------------------------------------------------------------------------------------
# Parameters

_INTEGER = re.compile(r"[+-]?\d+")
_DECIMAL = re.compile(r"(?<![\d.+-])[+-]?(?:\d+\.\d*|\.\d+)")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_QUOTED = re.compile(r'"(?P<text>.*)"(?:@(?P<lang>[A-Za-z]+(?:-[A-Za-z0-9]+)*))?', re.DOTALL)


def parse_value(value: str) -> Term:
    """The RDF term a ``--param`` value stands for (see the module docstring for the rules)."""
    if value.startswith("<") and value.endswith(">"):
        return _iri(value[1:-1])
    if value.startswith(("http://", "https://")):
        return _iri(value)
    if (quoted := _QUOTED.fullmatch(value)) is not None:
        return Literal(quoted["text"], lang=quoted["lang"])
    if _INTEGER.fullmatch(value):
        return Literal(value, datatype=XSD.integer)
    if _DECIMAL.fullmatch(value):
        return Literal(value, datatype=XSD.decimal)
    if value in ("true", "false"):
        return Literal(value, datatype=XSD.boolean)
    if _DATE.fullmatch(value):
        try:
            date.fromisoformat(value)
        except ValueError as exc:
            raise QueryError(f"{value!r} is not a valid date") from exc
        return Literal(value, datatype=XSD.date)
    return Literal(value)


def _iri(value: str) -> URIRef:
    try:
        ox.NamedNode(value)
    except ValueError as exc:
        raise QueryError(f"{value!r} is not a valid IRI") from exc
    return URIRef(value)


def parse_param_args(items: Iterable[str]) -> dict[str, str]:
    """``NAME=VALUE`` strings (as given on the command line) as a mapping; the last of a repeated name wins."""
    params: dict[str, str] = {}
    for item in items:
        name, sep, value = item.partition("=")
        name = name.strip().lstrip("?$")
        if not sep or not name:
            raise QueryError(f"--param {item!r}: expected NAME=VALUE")
        params[name] = value
    return params


def bindings(query: Query, params: Mapping[str, str | Term] | None = None) -> dict[str, Term]:
    """The terms the query's variables are bound to: the given params over the declared defaults."""
    given = dict(params or {})
    unknown = sorted(set(given) - set(query.variables))
    if unknown:
        valid = ", ".join(query.variables) or "none: the query has no variables"
        raise QueryError(f"{query.source}: unknown parameter {', '.join(unknown)}; valid: {valid}")
    bound: dict[str, Term] = {}
    for name, p in query.params.items():
        if p.default is not None and name not in given:
            bound[name] = parse_value(p.default)
    for name, value in given.items():
        if isinstance(value, str):
            try:
                bound[name] = parse_value(value)
            except QueryError as exc:
                raise QueryError(f"{query.source}: param {name}: {exc}") from exc
        else:
            bound[name] = value
    return bound


def bound_text(query: Query, bound: Mapping[str, Term]) -> str:
    """The query text with every bound variable replaced by its value (see the module docstring)."""
    if not bound:
        return query.text
    text = query.text
    tokens = _tokens(text)
    parts: list[str] = []
    last = 0
    depth = 0  # parentheses
    braces = 0
    select_at: int | None = None  # paren depth of the SELECT clause being read
    group_at: int | None = None  # paren depth of the ORDER BY / GROUP BY clause being read
    grouping = values = False
    star_done = False

    def replace(tok: _Token, replacement: str) -> None:
        nonlocal last
        parts.append(text[last:tok.start])
        parts.append(replacement)
        last = tok.start + len(tok.value)

    for i, tok in enumerate(tokens):
        word = tok.value.upper() if tok.kind == "word" else ""
        prev = tokens[i - 1].value.upper() if i else ""
        if word == "SELECT":
            select_at = depth
        elif word in ("WHERE", "FROM"):
            select_at = None
        elif word == "BY" and prev in ("ORDER", "GROUP"):
            group_at, grouping = depth, prev == "GROUP"
        elif word in ("HAVING", "LIMIT", "OFFSET", "ORDER", "GROUP"):
            group_at = None
        elif word == "VALUES":
            values, group_at = True, None
        elif tok.value == "{":
            braces += 1
            values = False
            if select_at == depth:
                select_at = None
        elif tok.value == "}":
            braces -= 1
            group_at = None
        elif tok.value == "(":
            depth += 1
        elif tok.value == ")":
            depth -= 1
        elif tok.value == "*" and select_at == depth and braces == 0 and not star_done and query.form == "SELECT" \
                and prev in ("SELECT", "DISTINCT", "REDUCED"):
            # SELECT * over a bound variable would lose its column; spell the projection out instead.
            star_done = True
            projected = _star_variables(query)
            if any(name in bound for name in projected):
                replace(tok, " ".join(f"({_sparql(bound[n])} AS ?{n})" if n in bound else f"?{n}"
                                      for n in projected))
        elif tok.kind == "var" and tok.value[1:] in bound:
            name = tok.value[1:]
            value = _sparql(bound[name])
            line, col = _position(text, tok.start)
            where = f"{query.source}:{line}:{col}"
            if prev == "AS" or values:
                raise QueryError(f"{where}: cannot bind ?{name}: the query assigns it a value itself")
            if group_at == depth and grouping:
                raise QueryError(f"{where}: cannot bind ?{name}: the query groups by it")
            if select_at == depth:
                replace(tok, f"({value} AS {tok.value})")
            elif group_at == depth:
                replace(tok, f"({value})")
            else:
                replace(tok, value)
    parts.append(text[last:])
    return "".join(parts)


def uses_service(text: str) -> bool:
    """Does the query make a federated SERVICE call (a request to another endpoint)? Strings, IRIs and
    comments that merely contain the word do not count."""
    return any(t.kind == "word" and t.value.upper() == "SERVICE" for t in _tokens(text))


def _loads_from_the_web(text: str) -> bool:
    """rdflib fetches the IRIs of FROM / FROM NAMED from the web when it evaluates the query."""
    return any(t.kind == "word" and t.value.upper() == "FROM" for t in _tokens(text))


def _star_variables(query: Query) -> list[str]:
    # pyoxigraph orders SELECT * columns by name; rdflib by hash (varies between runs), so use the name order.
    parsed = prepareQuery(query.text)
    return sorted(str(v) for v in parsed.algebra["PV"])


# ---------------------------------------------------------------------------------------------------------------
# Running a query


def run_query(query: Query, *, graph: Graph | None = None, store: ox.Store | None = None,
              params: Mapping[str, str | Term] | None = None, allow_service: bool = False) -> QueryResult:
    """Run ``query`` on a pyoxigraph ``store`` (engine "oxigraph") or an rdflib ``graph`` (engine "rdflib").

    No request leaves the machine unless ``allow_service``: a SERVICE call is refused, and so is FROM on
    rdflib, which would fetch the named IRIs. A failure while running raises QueryFailed (one line).
    """
    if (graph is None) == (store is None):
        raise UsageError("run_query needs a graph or a store, not both")
    text = bound_text(query, bindings(query, params))
    if not allow_service and uses_service(text):
        raise QueryError(f"{query.source}: federated SERVICE calls send requests to other servers and are off; "
                         "give --allow-service to allow them")
    if not allow_service and graph is not None and _loads_from_the_web(text):
        raise QueryError(f"{query.source}: FROM makes rdflib fetch the graph from the web and is off; give "
                         "--allow-service to allow it, or use the oxigraph engine (FROM names graphs in the store)")
    star = _is_select_star(query)
    try:
        if store is not None:
            result = _run_oxigraph(query, text, store)
        else:
            assert graph is not None
            result = _run_rdflib(query, text, graph)
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
    tokens = _tokens(query.text)
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
    rows = [tuple(None if term is None else from_ox(term) for term in solution) for solution in answer]
    return QueryResult(query.form, "oxigraph", variables=variables, rows=rows)


def _run_rdflib(query: Query, text: str, graph: Graph) -> QueryResult:
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


# ---------------------------------------------------------------------------------------------------------------
# Finding the data and running a query on it (the CLI's one call)


def execute(query: str | Query, *, graph_path: Path | None = None, store_path: Path | None = None,
            engine: Engine = "oxigraph", params: Mapping[str, str | Term] | None = None,
            out: Path = Path("out"), allow_service: bool = False) -> QueryResult:
    """Load the query and the data and run it: what ``kgbuild query`` does.

    The data is ``graph_path`` (an RDF file) or ``store_path`` (a store folder); by default ``out/store`` when
    it exists, else ``out/graph.ttl``. The rdflib engine always reads Turtle: ``graph_path``, or the
    ``graph.ttl`` beside the store folder. The oxigraph engine loads a ``graph_path`` into memory.
    """
    q = query if isinstance(query, Query) else load_query(query)
    if graph_path is not None and store_path is not None:
        raise UsageError("give --graph or --store, not both")
    if engine not in ENGINES:
        raise UsageError(f"unknown engine {engine!r}; use one of {', '.join(ENGINES)}")
    if graph_path is None and store_path is None:
        if (out / "store").is_dir():
            store_path = out / "store"
        elif (out / "graph.ttl").is_file():
            graph_path = out / "graph.ttl"
        else:
            raise UsageError(f"nothing to query: no {out / 'store'} or {out / 'graph.ttl'} "
                             "(run kgbuild build, or give --graph or --store)")
    if engine == "rdflib":
        if graph_path is None:
            assert store_path is not None
            check_store(store_path)  # a bad --store is the same error whichever the engine
            graph_path = store_path.parent / "graph.ttl"
        check_source(graph_path)
        return run_query(q, graph=load_graph(graph_path), params=params, allow_service=allow_service)
    if graph_path is not None:
        check_source(graph_path)
        return run_query(q, store=memory_store(graph_path), params=params, allow_service=allow_service)
    assert store_path is not None
    check_store(store_path)
    check_source(store_path)
    return run_query(q, store=open_store(store_path), params=params, allow_service=allow_service)


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


# ---------------------------------------------------------------------------------------------------------------
# Output


def _escape(text: str) -> str:
    return (text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
            .replace("\t", "\\t"))


def nt(term: Term) -> str:
    """The N-Triples form of a term (tabs escaped too, as SPARQL TSV needs)."""
    if isinstance(term, URIRef):
        return f"<{term}>"
    if isinstance(term, BNode):
        return f"_:{term}"
    quoted = f'"{_escape(str(term))}"'
    if term.language:
        return f"{quoted}@{term.language}"
    if term.datatype is not None and term.datatype != XSD.string:
        return f"{quoted}^^<{term.datatype}>"
    return quoted


def _sparql(term: Term) -> str:
    if isinstance(term, BNode):
        raise QueryError("a blank node cannot be a parameter value")
    return nt(term)


def format_result(result: QueryResult, fmt: str) -> str:
    """The result as W3C SPARQL 1.1 CSV, TSV or JSON; a CONSTRUCT or DESCRIBE graph as Turtle (any fmt).

    ``table`` gives plain text here; the CLI draws ``table_cells`` with rich instead.
    """
    if result.graph is not None:
        return to_turtle(result.graph).decode("utf-8")
    if fmt == "json":
        return json.dumps(_json(result), indent=2, ensure_ascii=False) + "\n"
    if result.boolean is not None:
        return "true\n" if result.boolean else "false\n"
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\r\n")
        writer.writerow(result.variables)
        writer.writerows([_plain(t) for t in row] for row in result.rows)
        return buffer.getvalue()
    if fmt == "tsv":
        lines = ["\t".join(f"?{v}" for v in result.variables)]
        lines += ["\t".join("" if t is None else nt(t) for t in row) for row in result.rows]
        return "\n".join(lines) + "\n"
    if fmt == "table":
        headers, cells = table_cells(result)
        return "\n".join("\t".join(r) for r in [headers, *cells]) + "\n"
    raise UsageError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")


def _plain(term: Term | None) -> str:
    if term is None:
        return ""
    return f"_:{term}" if isinstance(term, BNode) else str(term)


def _json(result: QueryResult) -> dict[str, object]:
    if result.boolean is not None:
        return {"head": {}, "boolean": result.boolean}
    solutions = [{v: _json_term(t) for v, t in zip(result.variables, row, strict=True) if t is not None}
                 for row in result.rows]
    return {"head": {"vars": list(result.variables)}, "results": {"bindings": solutions}}


def _json_term(term: Term) -> dict[str, str]:
    if isinstance(term, URIRef):
        return {"type": "uri", "value": str(term)}
    if isinstance(term, BNode):
        return {"type": "bnode", "value": str(term)}
    out = {"type": "literal", "value": str(term)}
    if term.language:
        out["xml:lang"] = term.language
    elif term.datatype is not None and term.datatype != XSD.string:
        out["datatype"] = str(term.datatype)
    return out


def table_cells(result: QueryResult) -> tuple[list[str], list[list[str]]]:
    """Headers and cell texts for a human: IRIs shortened by the query's prefixes, literals by their text."""
    namespaces = sorted(result.prefixes.items(), key=lambda kv: -len(kv[1]))

    def cell(term: Term | None) -> str:
        if isinstance(term, URIRef):
            for prefix, ns in namespaces:
                if ns and term.startswith(ns) and re.fullmatch(r"[\w.\-/]*", term[len(ns):]):
                    return f"{prefix}:{term[len(ns):]}"
        return _plain(term)

    if result.boolean is not None:
        return ["answer"], [["true" if result.boolean else "false"]]
    return list(result.variables), [[cell(t) for t in row] for row in result.rows]


# ---------------------------------------------------------------------------------------------------------------
# Comparing engines

# pyoxigraph computes xsd:decimal with 18 fraction digits, rdflib (Python's Decimal) with 28 significant digits.
_DECIMAL_PLACES = Decimal(1).scaleb(-18)
_EXACT = Context(prec=1000)  # wide enough for any double; the default 28 digits would round large values
_NUMERIC = {XSD[t] for t in ("integer", "decimal", "float", "double", "nonPositiveInteger", "negativeInteger", "long",
                             "int", "short", "byte", "nonNegativeInteger", "unsignedLong", "unsignedInt",
                             "unsignedShort", "unsignedByte", "positiveInteger")}


def normalize(term: Term | None) -> str:
    """A key under which the two engines' answers for the same value are equal.

    Only what really differs is folded: numbers are compared by value (pyoxigraph turns MIN of
    xsd:nonNegativeInteger into xsd:integer, writes 1500000 where rdflib writes 1500000.0, and carries
    fewer decimal digits); language tags ignore case (pyoxigraph lower-cases them); blank nodes match any
    blank node (each engine labels its own). Everything else is compared by its N-Triples form.
    """
    if term is None:
        return ""
    if isinstance(term, BNode):
        return "_:"
    if isinstance(term, Literal):
        if term.datatype in _NUMERIC and term.value is not None:
            value = Decimal(repr(term.value)) if isinstance(term.value, float) else Decimal(term.value)
            if value.is_finite() and int(value.as_tuple().exponent) < -18:
                value = value.quantize(_DECIMAL_PLACES, rounding=ROUND_DOWN, context=_EXACT)
            return f"number:{value.normalize(_EXACT)}"
        if term.language:
            return nt(Literal(str(term), lang=term.language.lower()))
    return nt(term)


def rows_equal(a: Sequence[Row], b: Sequence[Row], *, ordered: bool = False) -> bool:
    """Whether two engines' rows are the same answer: in order if ``ordered``, else as multisets."""
    ka = [tuple(normalize(t) for t in row) for row in a]
    kb = [tuple(normalize(t) for t in row) for row in b]
    return ka == kb if ordered else Counter(ka) == Counter(kb)
