"""What changed between two builds, document by document (issue 17): ``compare(old, new)`` reads the sorted
N-Triples parts of two build folders, puts every triple in the named graph of the source document it was read
from (as ``kgbuild export --format nq`` does: ``rdf.export.graph_of``), and reports per document the triples added
and removed, with what they mean: decisions added, removed or changed, amounts changed, claims whose verdict
changed. ``ldes_feed`` writes the changes as an LDES event stream a harvester can follow.

Works on the N-Triples lines as bytes (no rdflib graph of either build): the corpus compares in seconds.
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path

from rdflib import URIRef
from rdflib.namespace import PROV, RDF

from .errors import UsageError
from .outputs import check_output
from .rdf.export import SHARED_GRAPH, graph_of, merged_lines, source_graph
from .rdf.namespaces import BESLUIT, ID, KG, SCHEMA

_TYPE = f"<{RDF.type}>".encode()
_SOURCE = f"<{KG.SourceDocument}>".encode()
_PATH = f"<{KG.sourcePath}>".encode()
_DERIVED = f"<{PROV.wasDerivedFrom}>".encode()
_TEXT_SOURCE = f"<{KG.textSource}>".encode()
_DECISION = f"<{BESLUIT.Besluit}>".encode()
_VERDICT = f"<{SCHEMA.alternateName}>".encode()
_AMOUNT = f"<{SCHEMA.value}>".encode()
_PROVENANCE = frozenset({_DERIVED, _TEXT_SOURCE})
_SOURCE_NODES = f"<{ID}bron/".encode()


@dataclass
class DocumentChange:
    """One source document whose triples differ between the builds."""

    graph: str
    path: str  # the document's path as the build read it ("" for the shared graph)
    change: str  # added, removed or changed
    added: int = 0
    removed: int = 0
    decisions_added: list[str] = field(default_factory=list)
    decisions_removed: list[str] = field(default_factory=list)
    decisions_changed: list[str] = field(default_factory=list)
    amounts_changed: list[str] = field(default_factory=list)
    verdicts_changed: list[str] = field(default_factory=list)  # "claim IRI: old -> new"
    # only the links to source documents changed: it was (also) read from a file that changed, and the
    # edited file has a new source node (named after its content's hash); nothing it says changed
    provenance_only: bool = False


def _split(line: bytes) -> tuple[bytes, bytes, bytes]:
    s, _, rest = line.partition(b" ")
    p, _, o = rest.partition(b" ")
    return s, p, o.rstrip(b" .\n")


def _iri(term: bytes) -> str:
    return term[1:-1].decode() if term.startswith(b"<") else term.decode()


def _graphs(folder: Path) -> tuple[dict[str, set[bytes]], dict[str, str]]:
    """The lines of a build by named graph, and each graph's source path."""
    if not (folder / "parts").is_dir():
        raise UsageError(f"{folder}: no parts/ folder: not a build folder (kgbuild build ... -o {folder})")
    parts = sorted((folder / "parts").glob("*.nt"))
    # every part present, listed and of the size the manifest records: never a mix of two builds
    listed = check_output(folder, files=[str(p.relative_to(folder)) for p in parts])["files"]
    if not parts or {f for f in listed if f.startswith("parts/")} != {str(p.relative_to(folder)) for p in parts}:
        raise UsageError(f"{folder}: its parts are not those of the build its manifest describes; rebuild")
    sources: dict[str, str] = {}
    derived: dict[str, list[str]] = defaultdict(list)
    text_source: dict[str, str] = {}
    lines = list(merged_lines(parts))  # read once: the owners need every line before any is placed
    for line in lines:
        s, p, o = _split(line)
        if p == _TYPE and o == _SOURCE:
            sources.setdefault(_iri(s), "")
        elif p == _PATH:
            sources[_iri(s)] = json.loads(o.rsplit(b'"', 1)[0] + b'"') if o.startswith(b'"') else ""
        elif p == _DERIVED:
            derived[_iri(s)].append(_iri(o))
        elif p == _TEXT_SOURCE:
            text_source[_iri(s)] = _iri(o)
    owners: dict[str, URIRef] = {s: source_graph(URIRef(s)) for s in sources}
    for node in sorted(set(derived) | set(text_source)):
        chosen = text_source.get(node) if text_source.get(node) in sources else None
        if chosen is None:
            candidates = [o for o in derived.get(node, []) if o in sources]
            if not candidates:
                continue
            chosen = min(candidates, key=lambda o: (sources[o], o))
        owners.setdefault(node, source_graph(URIRef(chosen)))
    paths = {str(source_graph(URIRef(s))): path for s, path in sources.items()}
    graphs: dict[str, set[bytes]] = defaultdict(set)
    cache: dict[str, URIRef] = {}
    for line in lines:
        s, _, _ = _split(line)
        g = str(graph_of(URIRef(_iri(s)), owners, cache)) if s.startswith(b"<") else str(SHARED_GRAPH)
        graphs[g].add(line)
    return dict(graphs), paths


def compare(old: Path, new: Path) -> list[DocumentChange]:
    """The documents whose triples differ between the builds in folders ``old`` and ``new``. A document is
    known by its path: its named graph is named after its content's hash, so an edited file has a new one."""
    before, after = _by_document(*_graphs(Path(old))), _by_document(*_graphs(Path(new)))
    changes = []
    for key in sorted(set(before) | set(after)):
        (g_old, a), (g_new, b) = before.get(key, ("", set())), after.get(key, ("", set()))
        if a == b:
            continue
        change = DocumentChange(g_new or g_old, key if key != str(SHARED_GRAPH) else "",
                                "added" if not a else "removed" if not b else "changed", len(b - a), len(a - b))
        _explain(change, a - b, b - a, a, b)
        change.provenance_only = all(_split(line)[1] in _PROVENANCE or line.startswith(_SOURCE_NODES)
                                     for line in a ^ b)
        changes.append(change)
    return sorted(changes, key=lambda c: (c.path, c.graph))


def _by_document(graphs: dict[str, set[bytes]], paths: dict[str, str]) -> dict[str, tuple[str, set[bytes]]]:
    """The lines of each document, by its path (the shared graph, and a graph without a path, by its IRI)."""
    return {paths.get(g) or g: (g, lines) for g, lines in graphs.items()}


def _subjects_typed(lines: Iterable[bytes], cls: bytes) -> set[str]:
    return {_iri(s) for s, p, o in map(_split, lines) if p == _TYPE and o == cls}


def _explain(change: DocumentChange, gone: set[bytes], came: set[bytes], old: set[bytes], new: set[bytes]) -> None:
    old_decisions, new_decisions = _subjects_typed(old, _DECISION), _subjects_typed(new, _DECISION)
    change.decisions_added = sorted(new_decisions - old_decisions)
    change.decisions_removed = sorted(old_decisions - new_decisions)
    # an edited file has a new source node: the provenance lines of every decision change with it
    touched = {_iri(s) for s, p, _ in map(_split, gone | came)
               if p not in _PROVENANCE and not s.startswith(_SOURCE_NODES)}
    change.decisions_changed = sorted(d for d in old_decisions & new_decisions
                                      if any(t == d or t.startswith(d + "/") for t in touched))
    change.amounts_changed = sorted({_iri(s).removesuffix("/bedrag") for s, p, _ in map(_split, gone | came)
                                     if p == _AMOUNT})
    verdicts_old = {_iri(s): o for s, p, o in map(_split, gone) if p == _VERDICT}
    verdicts_new = {_iri(s): o for s, p, o in map(_split, came) if p == _VERDICT}
    change.verdicts_changed = [
        f"{s.removesuffix('/beoordeling/score').removesuffix('/beoordeling')}: "
        f"{_literal(verdicts_old.get(s))} -> {_literal(verdicts_new.get(s))}"
        for s in sorted(set(verdicts_old) | set(verdicts_new))]


def _literal(term: bytes | None) -> str:
    if term is None:
        return "(none)"
    return term.split(b'"')[1].decode() if term.startswith(b'"') else term.decode()


def as_json(changes: list[DocumentChange]) -> str:
    return json.dumps([asdict(c) for c in changes], ensure_ascii=False, indent=1) + "\n"


LDES = "https://w3id.org/ldes#"
TREE = "https://w3id.org/tree#"


def ldes_feed(changes: list[DocumentChange], old: Path, new: Path) -> str:
    """The changes as Turtle: an ``ldes:EventStream`` with one member per changed document (its named graph,
    the kind of change, the document's path). The feed's and the members' IRIs are made from the two
    builds' ids (their manifests), not from the clock, so the same two builds give the same feed."""
    ids = [json.loads((Path(f) / "manifest.json").read_text(encoding="utf-8")).get("build", "") for f in (old, new)]
    feed = ID[f"wijzigingen/{ids[0]}-{ids[1]}"]
    lines = ["@prefix ldes: <https://w3id.org/ldes#> .", "@prefix tree: <https://w3id.org/tree#> .",
             "@prefix dcterms: <http://purl.org/dc/terms/> .", "@prefix kg: <https://w3id.org/kgbuild/ns#> .", "",
             f"<{feed}> a ldes:EventStream ;", "    ldes:versionOfPath dcterms:isVersionOf ;",
             f"    dcterms:source <{ID['build/' + ids[0]]}> , <{ID['build/' + ids[1]]}> ."]
    for c in changes:
        member = f"{feed}/{hashlib.sha256(c.graph.encode()).hexdigest()[:16]}"
        lines += ["", f"<{feed}> tree:member <{member}> .",
                  f"<{member}> dcterms:isVersionOf <{c.graph}> ;",
                  f"    dcterms:type {json.dumps(c.change)} ;",
                  f"    kg:sourcePath {json.dumps(c.path, ensure_ascii=True)} ."]
    return "\n".join(lines) + "\n"


def rows(changes: list[DocumentChange]) -> Iterator[list[str]]:
    """One row per changed document for a table: path, change, +/-, and what changed in words (not the
    documents whose provenance alone changed)."""
    for c in changes:
        if c.provenance_only:
            continue
        what = []
        for label, items in (("decisions added", c.decisions_added), ("decisions removed", c.decisions_removed),
                             ("decisions changed", c.decisions_changed), ("amounts changed", c.amounts_changed)):
            if items:
                what.append(f"{len(items)} {label}")
        what += ["/".join(v.split("/")[-2:]) for v in c.verdicts_changed[:3]]  # "bewering/3: a -> b"
        if len(c.verdicts_changed) > 3:
            what.append(f"{len(c.verdicts_changed) - 3} more verdicts")
        yield [c.path or "(shared)", c.change, f"+{c.added}", f"-{c.removed}", "; ".join(what)]
