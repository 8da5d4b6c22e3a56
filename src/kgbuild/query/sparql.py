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

Why ~440 lines: the tokenizer, the header of parameters and their binding into the text are one reader
of query files; running and formatting live in ``query/engines.py`` and ``query/results.py``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Literal as Choice
from typing import NamedTuple

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef
from rdflib.namespace import XSD

from ..errors import KgbuildError, UsageError

Term = URIRef | BNode | Literal


Row = tuple[Term | None, ...]


Form = Choice["SELECT", "ASK", "CONSTRUCT", "DESCRIBE"]


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


def sparql_tokens(text: str) -> list[_Token]:
    """SPARQL tokens without white space and comments: enough to find variables, prefixes and clauses."""
    return [_Token(m.lastgroup or "other", m.group(), m.start()) for m in _LEX.finditer(text)
            if m.lastgroup not in ("ws", "comment")]


def _position(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def load_query(file_or_text: str) -> Query:
    """Read a query from a file (an existing path, or any name ending in ``.rq``) or from the text itself."""
    source, text = _read(file_or_text)
    tokens = sparql_tokens(text)
    prefixes = _prefixes(source, text, tokens)
    form = _parse(source, text, tokens)
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
                 form=form, variables=variables, ordered=_top_level_order_by(tokens),
                 prefixes=prefixes)


_SYNTAX = re.compile(r"error at (\d+):(\d+): ")


def _parse(source: str, text: str, tokens: Sequence[_Token]) -> Form:
    """The form of a query that parses; a syntax error names the place. pyoxigraph parses (a query on an empty
    store, its answer never read: nothing is evaluated), 0.2 s sooner than rdflib's parser is even imported; a
    query with SERVICE goes to rdflib's parser, which never sends a request."""
    if uses_service(text):
        return _parse_rdflib(source, text)
    form = _form_of(tokens)
    try:
        ox.Store().query(_as_select(tokens, text) if form == "ASK" else text)
    except SyntaxError as exc:
        m = _SYNTAX.match(str(exc))
        line, column = (int(m.group(1)), int(m.group(2))) if m else (1, 1)
        problem = str(exc)[m.end():] if m else str(exc)
        raise QuerySyntaxError(source, line, column, " ".join(problem.split())) from exc
    return form


def _form_of(tokens: Sequence[_Token]) -> Form:
    for t in tokens:  # the prologue holds PREFIX and BASE only: the first form keyword is the query's
        if t.kind == "word" and t.value.upper() in ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE"):
            return t.value.upper()  # type: ignore[return-value]
    return "SELECT"


def _as_select(tokens: Sequence[_Token], text: str) -> str:
    """An ASK query as a SELECT with the same pattern: ASK is answered at once, and must not be evaluated here."""
    ask = next(t for t in tokens if t.kind == "word" and t.value.upper() == "ASK")
    return text[:ask.start] + "SELECT *" + text[ask.start + 3:]


def _parse_rdflib(source: str, text: str) -> Form:
    from pyparsing import ParseException
    from rdflib.plugins.sparql import prepareQuery

    try:
        parsed = prepareQuery(text)
    except ParseException as exc:
        found = getattr(exc, "found", "") or "end of text"
        raise QuerySyntaxError(source, exc.lineno, exc.col, f"{exc.msg[:1].lower()}{exc.msg[1:]}, found {found}") \
            from exc
    except Exception as exc:  # rdflib's algebra step raises bare Exceptions for queries that parse but mean nothing
        raise QueryError(f"{source}: {' '.join(str(exc).split())}") from exc
    return _FORMS[parsed.algebra.name]


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
    tokens = sparql_tokens(text)
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
    return any(t.kind == "word" and t.value.upper() == "SERVICE" for t in sparql_tokens(text))


def loads_from_the_web(text: str) -> bool:
    """rdflib fetches the IRIs of FROM / FROM NAMED from the web when it evaluates the query."""
    return any(t.kind == "word" and t.value.upper() == "FROM" for t in sparql_tokens(text))


def _star_variables(query: Query) -> list[str]:
    # pyoxigraph orders SELECT * columns by name; rdflib by hash (varies between runs), so use the name order.
    from rdflib.plugins.sparql import prepareQuery

    parsed = prepareQuery(query.text)
    return sorted(str(v) for v in parsed.algebra["PV"])


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
