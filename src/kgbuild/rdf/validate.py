"""Check a graph against kgbuild's SHACL shapes (``ontology/shapes.ttl``) with pySHACL.

pySHACL checks a property shape reached through ``sh:property`` once per focus node, building its
constraint objects anew each time; a property shape that carries the targets itself is checked once for
all its focus nodes. So the shapes are written the usual way (a node shape per class, its property shapes
under it) and regrouped by ``flatten_shapes`` before validating, with the same results: on the corpus graph
(374k triples after reasoning) about 4 s against 14 s, on 317k triples without reasoning 2.5 s against 6.5 s.
Validating only the triples whose predicates the shapes read does not help: the validation takes as long
(the cost is per focus node, not per triple) and copying those triples out costs 6-10 s more.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from typing import Any

from rdflib import Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, RDFS, SH
from rdflib.paths import AlternativePath, InvPath, MulPath, SequencePath
from rdflib.paths import Path as PropertyPath
from rdflib.term import Node

from ..files import shipped
from .namespaces import PREFIXES, Curies

ResultPath = URIRef | PropertyPath


@dataclass(frozen=True)
class Violation:
    """One SHACL validation result (a violation, or a warning or note when a shape says so)."""

    focus_node: Node
    path: ResultPath | None  # None for a constraint on the node itself
    value: Node | None  # the offending value; None when a value is missing (sh:minCount)
    message: str
    severity: str  # "Violation", "Warning" or "Info"
    shape: URIRef | None  # the shape that failed; None for a blank-node shape, whose id means nothing


@dataclass(frozen=True)
class ValidationReport:
    conforms: bool
    results: list[Violation]
    # (prefix, namespace) pairs for display: the graph's own, then kgbuild's for namespaces it did not bind
    prefixes: tuple[tuple[str, str], ...] = ()


def load_shapes() -> Graph:
    """kgbuild's shapes, ``ontology/shapes.ttl``."""
    data = shipped("ontology", "shapes.ttl").read_bytes()
    return Graph(bind_namespaces="none").parse(data=data, format="turtle")


_TARGETS = (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf)


def read_predicates(shapes: Graph) -> frozenset[URIRef]:
    """The predicates whose triples ``shapes`` can look at: rdf:type, and every property in a path or target.

    Validating only the triples of these predicates gives the same results; worth it where the graph to
    validate is being built anyway (a partition), not where it exists already.
    """
    found: set[URIRef] = {RDF.type}
    todo = [o for p in (SH.path, SH.targetSubjectsOf, SH.targetObjectsOf) for o in shapes.objects(None, p)]
    seen: set[Node] = set()
    while todo:
        node = todo.pop()
        if node in seen:
            continue
        seen.add(node)
        if isinstance(node, URIRef):
            found.add(node)
        elif not isinstance(node, Literal):  # a path expression or a list: follow what it holds
            todo.extend(o for _p, o in shapes.predicate_objects(node))
    return frozenset(found - {RDF.first, RDF.rest, RDF.nil})
# what a node shape may state and still be a mere grouping of its property shapes
_GROUPING = {RDF.type, RDFS.label, RDFS.comment, SH.name, SH.description, SH.property, *_TARGETS}


def flatten_shapes(shapes: Graph) -> Graph:
    """A copy of ``shapes`` in which each node shape that only groups property shapes hands its targets to them.

    Only done where the results cannot change: the node shape has targets, nothing but targets, labels and
    sh:property, no other type (a class would be an implicit target) and is not referenced; each property
    shape is referenced by it alone and has no targets of its own. Other shapes are left as they are.
    """
    flat = Graph(bind_namespaces="none")
    for prefix, ns in shapes.namespaces():
        flat.bind(prefix, ns)
    for triple in shapes:
        flat.add(triple)
    for node in set(shapes.subjects(SH.property, None)):
        targets = [(p, o) for p in _TARGETS for o in shapes.objects(node, p)]
        props = list(shapes.objects(node, SH.property))
        if (not targets or set(shapes.predicates(node)) - _GROUPING
                or set(shapes.objects(node, RDF.type)) - {SH.NodeShape} or (None, None, node) in shapes
                or not all(_only_grouped(shapes, node, p) for p in props)):
            continue
        for p, o in targets:
            flat.remove((node, p, o))
        for prop in props:
            flat.remove((node, SH.property, prop))
            for p, o in targets:
                flat.add((prop, p, o))
    return flat


def _only_grouped(shapes: Graph, node: Node, prop: Node) -> bool:
    return (set(shapes.subject_predicates(prop)) == {(node, SH.property)}
            and not any((prop, p, None) in shapes for p in _TARGETS)
            and (prop, RDF.type, RDFS.Class) not in shapes)


def validate(graph: Graph, shapes: Graph | None = None, *, flatten: bool = True,
             focus: AbstractSet[Node] | None = None) -> ValidationReport:
    """Validate ``graph`` against ``shapes`` (by default kgbuild's), without inference.

    Warnings and notes are reported but do not make the graph fail. ``flatten=False`` runs the shapes as
    written (slower; the results are the same). ``focus``: report only these focus nodes, and let pySHACL check
    no other target (a partition's graph holds the nodes it points to, typed, which their own partition checks).
    """
    shapes = load_shapes() if shapes is None else shapes
    core, queries = split_sparql(flatten_shapes(shapes) if flatten else shapes)
    results = _pyshacl(graph, core, focus)
    found = [*_violations(results), *(v for q in queries for v in q.run(graph))]
    if focus is not None:
        found = [v for v in found if v.focus_node in focus]
    return ValidationReport(not any(v.severity == "Violation" for v in found), sorted(found, key=_sort_key),
                            graph_prefixes(graph))


def _pyshacl(graph: Graph, core: Graph, focus: AbstractSet[Node] | None) -> Graph:
    """pySHACL's results graph; with ``focus``, its targets are filtered to those nodes as they are found."""
    import pyshacl  # a third of a second to import: only when validating
    from pyshacl.graph_abstraction import DataGraph

    options: dict[str, Any] = {"inference": "none", "advanced": False, "allow_warnings": True}
    iris = sorted(n for n in focus if isinstance(n, URIRef)) if focus is not None else []
    if focus is None or not iris or len(iris) != len(focus):  # pySHACL's filter keeps IRIs only
        _, results, _ = pyshacl.validate(graph, shacl_graph=core, **options)
    else:
        _, results, _ = _focused_validator()(DataGraph.from_rdflib(graph), shacl_graph=core,
                                             options={**options, "focus_nodes": iris}).run()
    assert isinstance(results, Graph)
    return results


@functools.cache
def _focused_validator() -> Any:
    import pyshacl

    class Focused(pyshacl.Validator):
        """pySHACL's ``focus_nodes`` option looks each target up in a list; a set makes it linear."""

        def make_executor(self) -> Any:
            executor: Any = super().make_executor()
            if isinstance(getattr(executor, "focus_nodes", None), list):
                executor.focus_nodes = frozenset(executor.focus_nodes)
            return executor

    return Focused


@dataclass(frozen=True)
class SparqlConstraint:
    """A SPARQL-based constraint of a node shape, as one query over the whole graph.

    pySHACL runs such a constraint once per focus node and parses its query every time (0.05 s each: 37 s
    for the 659 parts of the corpus). Pre-binding ``$this`` to each focus node gives the same results as
    one query in which ``?this`` is joined with the shape's targets, which is what ``run`` does.
    """

    shape: URIRef
    query: str
    message: str
    severity: str

    def run(self, graph: Graph) -> Iterator[Violation]:
        for row in graph.query(self.query):
            this, value = row  # type: ignore[misc]
            yield Violation(this, None, value, self.message, self.severity, self.shape)


def _target_patterns(shapes: Graph, shape: Node) -> list[str]:
    patterns = [f"{{ ?this a/<{RDFS.subClassOf}>* <{c}> }}" for c in shapes.objects(shape, SH.targetClass)]
    patterns += [f"{{ ?this <{p}> [] }}" for p in shapes.objects(shape, SH.targetSubjectsOf)]
    patterns += [f"{{ [] <{p}> ?this }}" for p in shapes.objects(shape, SH.targetObjectsOf)]
    patterns += [f"{{ BIND({n.n3()} AS ?this) }}" for n in shapes.objects(shape, SH.targetNode)]
    return patterns


def split_sparql(shapes: Graph) -> tuple[Graph, list[SparqlConstraint]]:
    """``shapes`` without its SPARQL-based constraints, and those constraints as whole-graph queries.

    Handled: a ``sh:select`` on a named node shape with explicit targets, selecting ``$this`` and ``?value``,
    with its prefixes declared on one ``sh:prefixes`` node. Any other SPARQL constraint stays with pySHACL.
    The query must bind ``$this`` by a triple pattern in each of its groups (as kgbuild's do): a group
    that only filters on it would see it unbound once it is joined rather than pre-bound.
    """
    core = Graph(bind_namespaces="none")
    for prefix, ns in shapes.namespaces():
        core.bind(prefix, ns)
    for triple in shapes:
        core.add(triple)
    queries: list[SparqlConstraint] = []
    for shape, constraint in sorted(shapes.subject_objects(SH.sparql)):
        select = shapes.value(constraint, SH.select)
        targets = _target_patterns(shapes, shape)
        if not isinstance(shape, URIRef) or select is None or not targets:
            continue
        body = str(select).replace("$this", "?this")
        head, brace, rest = body.partition("{")
        if not brace or "?value" not in head:
            continue
        declared = [(str(shapes.value(d, SH.prefix)), str(shapes.value(d, SH.namespace)))
                    for p in shapes.objects(constraint, SH.prefixes) for d in shapes.objects(p, SH.declare)]
        prologue = "".join(f"PREFIX {k}: <{v}>\n" for k, v in sorted(declared))
        query = f"{prologue}SELECT DISTINCT ?this ?value WHERE {{ {' UNION '.join(targets)} {brace}{rest} }}"
        severity = shapes.value(shape, SH.severity)
        queries.append(SparqlConstraint(shape, query, str(shapes.value(constraint, SH.message) or ""),
                                        str(severity).removeprefix(str(SH)) if severity is not None else "Violation"))
        core.remove((shape, SH.sparql, constraint))
    return core, queries


def _violations(results: Graph) -> Iterator[Violation]:
    for report in results.subjects(RDF.type, SH.ValidationReport):
        for r in results.objects(report, SH.result):  # not sh:detail: nested results explain these
            focus = results.value(r, SH.focusNode)
            assert focus is not None
            path = results.value(r, SH.resultPath)
            shape = results.value(r, SH.sourceShape)
            severity = results.value(r, SH.resultSeverity)
            messages = sorted(results.objects(r, SH.resultMessage),
                              key=lambda m: (getattr(m, "language", None) not in (None, "en"), str(m)))
            yield Violation(
                focus_node=focus,
                path=None if path is None else _path(results, path),
                value=results.value(r, SH.value),
                message=str(messages[0]) if messages else "",
                severity=str(severity).removeprefix(str(SH)) if severity is not None else "Violation",
                shape=shape if isinstance(shape, URIRef) else None,
            )


def _path(g: Graph, node: Node) -> ResultPath:
    """An rdflib property path from its SHACL form (a blank node with a list or sh:inversePath and so on)."""
    if isinstance(node, URIRef):
        return node
    if (node, RDF.first, None) in g:
        return SequencePath(*(_path(g, n) for n in Collection(g, node)))
    if (inner := g.value(node, SH.inversePath)) is not None:
        return InvPath(_path(g, inner))
    if (alts := g.value(node, SH.alternativePath)) is not None:
        return AlternativePath(*(_path(g, n) for n in Collection(g, alts)))
    if (inner := g.value(node, SH.zeroOrMorePath)) is not None:
        return MulPath(_path(g, inner), "*")
    if (inner := g.value(node, SH.oneOrMorePath)) is not None:
        return MulPath(_path(g, inner), "+")
    if (inner := g.value(node, SH.zeroOrOnePath)) is not None:
        return MulPath(_path(g, inner), "?")
    raise ValueError(f"not a SHACL property path: {node!r}")


def _sort_key(v: Violation) -> tuple[str, str, str, str, str, str, str]:
    # str first: a node sorts before the nodes whose IRIs extend it (a decision before its grants)
    return (str(v.focus_node), v.focus_node.n3(), "" if v.path is None else v.path.n3(),
            "" if v.value is None else v.value.n3(), v.message, v.severity, str(v.shape or ""))


def graph_prefixes(graph: Graph) -> tuple[tuple[str, str], ...]:
    bound = {str(prefix): str(ns) for prefix, ns in graph.namespaces() if prefix}
    taken = set(bound.values())
    for prefix, ns in PREFIXES.items():  # kgbuild's Turtle leaves its id: namespace out; show it short anyway
        if prefix not in bound and ns not in taken:
            bound[prefix] = ns
    return tuple(sorted(bound.items()))


def format_report(report: ValidationReport, limit: int | None = 50) -> list[str]:
    """One line per result, ``focus  path  message``, IRIs shortened; a last line counts those left out."""
    curie = Curies(dict(report.prefixes))  # longest namespace first: id: never wins over a more specific prefix

    def iri(value: str) -> str:
        return curie(value) or f"<{value}>"

    def term(t: Node | PropertyPath) -> str:
        if isinstance(t, URIRef):
            return iri(str(t))
        if isinstance(t, Literal):
            text = str(t) if len(str(t)) <= 60 else str(t)[:59] + "…"
            quoted = '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'
            return quoted + (f"@{t.language}" if t.language else f"^^{iri(str(t.datatype))}" if t.datatype else "")
        if isinstance(t, SequencePath):
            return "/".join(term(a) for a in t.args)
        if isinstance(t, AlternativePath):
            return "(" + "|".join(term(a) for a in t.args) + ")"
        if isinstance(t, InvPath):
            return "^" + term(t.arg)
        if isinstance(t, MulPath):
            return term(t.path) + t.mod
        return t.n3()

    lines = []
    for v in report.results[:limit]:
        line = f"{term(v.focus_node)}  {'-' if v.path is None else term(v.path)}  {v.message}"
        if v.value is not None:
            line += f" (value: {term(v.value)})"
        lines.append(line if v.severity == "Violation" else f"{v.severity.lower()}: {line}")
    if limit is not None and len(report.results) > limit:
        lines.append(f"... and {len(report.results) - limit} more")
    return lines
