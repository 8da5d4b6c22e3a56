"""A query's answer (``QueryResult``) and its output formats: a table, W3C SPARQL CSV, TSV and JSON, Turtle;
and the comparison of answers across engines (``rows_equal``)."""

from __future__ import annotations

import csv
import io
import json
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import ROUND_DOWN, Context, Decimal

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import XSD

from ..errors import UsageError
from ..options import RESULT_FORMATS
from ..rdf.export import to_turtle
from ..rdf.namespaces import Curies
from .sparql import Form, Row, Term, nt

FORMATS = RESULT_FORMATS


@dataclass
class QueryResult:
    """One engine's answer; terms are rdflib terms whichever engine ran."""

    form: Form
    engine: str  # the name of the engine that ran it (query.ENGINES)
    variables: list[str] = field(default_factory=list)
    rows: list[Row] = field(default_factory=list)
    boolean: bool | None = None
    graph: Graph | None = None
    ordered: bool = False
    prefixes: dict[str, str] = field(default_factory=dict)


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
    curie = Curies(result.prefixes)

    def cell(term: Term | None) -> str:
        if isinstance(term, URIRef):
            return curie(str(term)) or _plain(term)
        return _plain(term)

    if result.boolean is not None:
        return ["answer"], [["true" if result.boolean else "false"]]
    return list(result.variables), [[cell(t) for t in row] for row in result.rows]


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
