"""What one page shows: the whole graph when it is small, else a focused neighbourhood, with a note saying so."""

from __future__ import annotations

import difflib
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Literal as Kind

from ..errors import UsageError
from ..options import DEFAULT_MAX_NODES
from .data import ENTITY_TYPES, NODE_TYPES, VizData, VizEdge, VizNode

FocusKind = Kind["report", "organisation", "programme", "theme"]


@dataclass(frozen=True)
class Focus:
    kind: FocusKind
    name: str


@dataclass
class View:
    """What one page draws, and the sentence that says so."""

    title: str
    note: str
    nodes: list[VizNode]
    edges: list[VizEdge]
    total_nodes: int
    roots: list[str] = field(default_factory=list)  # where the layout of a large view starts


def _match(data: VizData, kind: str, types: tuple[str, ...], name: str, extra: dict[str, list[str]] | None = None
           ) -> list[str]:
    """Nodes of ``types`` whose label or other name is ``name`` (case-insensitive); a one-line error with the
    closest names when there is none."""
    wanted = name.casefold().strip()
    by_name: dict[str, set[str]] = defaultdict(set)
    spelt: dict[str, str] = {}  # a name as the graph writes it, for the error message
    preferred: set[str] = set()
    names = [(label, [n.iri], i == 0) for n in data.nodes.values() if n.type in types
             for i, label in enumerate(n.names)]
    names += [(label, iris, True) for label, iris in (extra or {}).items()]
    for label, iris, main in names:
        key = label.casefold()
        by_name[key].update(iris)
        spelt.setdefault(key, label)
        if main and key == wanted:
            preferred.update(iris)
    if preferred:  # a preferred label wins over another entity's alternative name
        return sorted(preferred)
    if wanted in by_name:
        return sorted(by_name[wanted])
    keys = sorted(by_name)
    close = difflib.get_close_matches(wanted, keys, n=5, cutoff=0.6)
    close += [k for k in keys if wanted and wanted in k and k not in close][: 5 - len(close)]
    hint = f"; close matches: {', '.join(repr(spelt[c]) for c in close)}" if close else ""
    raise UsageError(f"no {kind} named {name!r} in the graph{hint}")


def _decision_neighbourhood(data: VizData, decisions: Iterable[str], entities: bool) -> set[str]:
    """Decisions with their grants and what those grants go to, and (when ``entities``) everything the
    decisions mention and the ministers responsible."""
    keep: set[str] = set()
    for d in decisions:
        keep.add(d)
        for g in data.targets(d, "grant"):
            keep.add(g)
            keep.update(data.targets(g, "recipient", "funds"))
        if entities:
            keep.update(data.targets(d, "mentions", "minister"))
    return keep


def _claims_neighbourhood(data: VizData, claims: Iterable[str]) -> set[str]:
    keep: set[str] = set()
    decisions: set[str] = set()
    for c in claims:
        keep.add(c)
        keep.update(data.sources(c, "has claim"))
        keep.update(data.targets(c, "theme"))
        decisions.update(data.targets(c, "cites"))
    for r in [k for k in keep if data.nodes[k].type == "report"]:
        keep.update(data.targets(r, "evaluates"))
    return keep | _decision_neighbourhood(data, decisions, entities=True)


def _entity_neighbourhood(data: VizData, entities: list[str]) -> set[str]:
    keep = set(entities)
    decisions: set[str] = set()
    for e in entities:
        decisions.update(data.sources(e, "mentions"))
        for g in data.sources(e, "recipient", "funds"):
            decisions.update(data.sources(g, "grant"))
        keep.update(data.sources(e, "part of"))
        keep.update(data.targets(e, "part of"))
    keep |= _decision_neighbourhood(data, decisions, entities=False)
    for d in decisions:
        for c in data.sources(d, "cites"):
            keep.add(c)
            keep.update(data.sources(c, "has claim"))
    return keep


def _count_phrase(data: VizData, keep: set[str]) -> str:
    counts = Counter(data.nodes[i].type for i in keep)
    return ", ".join(f"{counts[t]:,} {NODE_TYPES[t].label.lower()}{'s' if counts[t] != 1 else ''}"
                     for t in NODE_TYPES if counts[t]) or "no nodes"


def report_ident(node: VizNode) -> str:
    return dict(node.details).get("Identifier", node.label)


def select_view(data: VizData, focus: Focus | None = None, max_nodes: int = DEFAULT_MAX_NODES) -> View:
    """The nodes and edges one page draws: the whole graph when it has at most ``max_nodes`` nodes, else (or
    when a focus is given) one neighbourhood, with a note that says what is shown and how to see more."""
    total = len(_whole(data))
    how = ("Other views: kgbuild viz GRAPH --report ID | --organisation NAME | --programme NAME | --theme NAME;"
           f" without one, --max-nodes {total} draws the whole graph.")
    if focus is None:
        reports = data.of_type("report")
        if total <= max_nodes:
            keep = _whole(data)
            return _view(data, keep, "Whole graph", f"The whole graph: {_count_phrase(data, keep)}.", total,
                         [r.iri for r in reports])
        if not reports:
            keep = set(sorted(_whole(data))[:max_nodes])
            return _view(data, keep, "Part of the graph", f"The first {max_nodes:,} of {total:,} nodes. {how}", total)
        top = max(reports, key=lambda r: (len(data.targets(r.iri, "has claim")), _invert(report_ident(r))))
        focus = Focus("report", report_ident(top))
        prefix = (f"The whole graph has {total:,} nodes, more than the {max_nodes:,} drawn at once, so this page "
                  "shows the report with the most claims. ")
    else:
        prefix = ""
    keep, roots, title, what = _focused(data, focus)
    return _view(data, keep, title, f"{prefix}{what}: {_count_phrase(data, keep)}. {how}", total, roots)


def _invert(text: str) -> tuple[int, ...]:
    """A key that sorts ``text`` in reverse, so ``max`` breaks ties by the smallest identifier."""
    return tuple(-ord(c) for c in text)


def _whole(data: VizData) -> set[str]:
    # organisations, programmes and people nothing links to (the Flemish Government, which passes every
    # decision, is a static node) would only float around the edge
    linked = {e.source for e in data.edges} | {e.target for e in data.edges}
    return {i for i, n in data.nodes.items() if n.type not in ENTITY_TYPES or i in linked}


def _focused(data: VizData, focus: Focus) -> tuple[set[str], list[str], str, str]:
    """The nodes of a focused view, the nodes it centres on, its title and what it shows."""
    if focus.kind == "report":
        reports = [r for r in data.of_type("report") if focus.name.casefold() in
                   (report_ident(r).casefold(), r.iri.rsplit("/", 1)[-1].casefold())]
        if not reports:
            reports = [data.nodes[i] for i in _match(data, "report", ("report",), focus.name)]
        claims = [c for r in reports for c in data.targets(r.iri, "has claim")]
        keep = _claims_neighbourhood(data, claims) | {r.iri for r in reports}
        label = reports[0].label
        return keep, [r.iri for r in reports], f"Report: {label}", (
            f"Report “{label}” ({report_ident(reports[0])}), its claims, the decisions they cite and what those "
            "decisions mention and fund")
    if focus.kind in ("organisation", "programme"):
        found = _match(data, focus.kind, (focus.kind,), focus.name)
        names = " / ".join(data.nodes[i].label for i in found)
        keep = _entity_neighbourhood(data, found)
        return keep, found, f"{focus.kind.capitalize()}: {names}", (
            f"{focus.kind.capitalize()} “{names}”, the decisions that mention or fund it with their grants, and "
            "the claims that cite those decisions")
    found = _match(data, "theme or policy domain", ("theme",), focus.name, data.domains)
    of_theme: list[str] = []
    for t in found:
        if data.nodes[t].type == "theme":
            of_theme += data.sources(t, "theme")
        else:  # a policy domain: the reports that evaluate its sections
            of_theme += data.targets(t, "has claim")
    keep = _claims_neighbourhood(data, of_theme)
    themes = [t for t in found if data.nodes[t].type == "theme"]
    if themes:
        name = " / ".join(dict.fromkeys(data.nodes[t].label for t in themes))
        what = f"Theme “{name}”: its claims, their reports"
    else:
        name = next(d for d in sorted(data.domains) if d.casefold() == focus.name.casefold().strip())
        what = f"Policy domain “{name}”: the claims of the {len(found)} reports that evaluate its sections"
    return keep, themes or found, f"Theme: {name}", f"{what}, the decisions they cite and what those mention and fund"


def _view(data: VizData, keep: set[str], title: str, note: str, total: int, roots: Iterable[str] = ()) -> View:
    nodes = [data.nodes[i] for i in sorted(keep)]
    edges = [e for e in data.edges if e.source in keep and e.target in keep]
    return View(title, note, nodes, edges, total, sorted(r for r in roots if r in keep))
