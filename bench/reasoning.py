"""Time kgbuild's reasoning (ontology closed once with owlrl, one streaming pass over the data) against
plain owlrl over the whole graph, and print a Markdown table: what the README's reasoning section quotes.

    python bench/reasoning.py [CORPUS] [--owlrl-limit SECONDS]

Plain owlrl is run on the seed and on growing samples of the corpus graph (whole subjects, so the sample
keeps the graph's shape) until one run exceeds the limit; on the full corpus it is out of reach.
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

import owlrl
from rdflib import Graph

import kgbuild
from kgbuild.rdf.reason import close_ontology, packaged_ontology, reason

ROOT = Path(__file__).resolve().parents[1]
SEMANTICS = {"rdfs": owlrl.RDFS_Semantics, "owlrl": owlrl.OWLRL_Semantics}


def plain_owlrl(data: Graph, mode: str) -> float:
    g = Graph()
    for t in data:
        g.add(t)
    for t in packaged_ontology():
        g.add(t)
    t0 = time.perf_counter()
    owlrl.DeductiveClosure(SEMANTICS[mode]).expand(g)
    return time.perf_counter() - t0


def ours(data: Graph, mode: str, repeat: int = 3) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        reason(data, mode)
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def sample(graph: Graph, size: int) -> Graph:
    """The first subjects (in sorted order) and all their triples, up to about ``size`` triples."""
    out = Graph()
    for s in sorted(set(graph.subjects())):
        for t in graph.triples((s, None, None)):
            out.add(t)
        if len(out) >= size:
            break
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("corpus", nargs="?", default=str(ROOT.parent / "shared" / "corpus"))
    parser.add_argument("--owlrl-limit", type=float, default=120.0)
    args = parser.parse_args()
    for mode in SEMANTICS:
        t0 = time.perf_counter()
        close_ontology(packaged_ontology(), mode)
        print(f"close the ontology ({mode}): {time.perf_counter() - t0:.2f} s")
    seed = kgbuild.build(reasoning="none").graph
    corpus = kgbuild.build([args.corpus], reasoning="none").graph
    print()
    print("| graph | triples | mode | kgbuild pass (s) | plain owlrl (s) | ratio |")
    print("|---|---:|---|---:|---:|---:|")
    rows: list[tuple[str, Graph]] = [("seed", seed)]
    rows += [(f"corpus sample {n // 1000}k", sample(corpus, n)) for n in (5_000, 10_000, 20_000)]
    for mode in SEMANTICS:
        for name, g in rows:
            mine = ours(g, mode)
            theirs = plain_owlrl(g, mode)
            print(f"| {name} | {len(g)} | {mode} | {mine:.2f} | {theirs:.1f} | {theirs / mine:.0f}x |")
            if theirs > args.owlrl_limit:
                break
        mine = ours(corpus, mode, repeat=1)
        print(f"| whole corpus | {len(corpus)} | {mode} | {mine:.2f} | not run (hours) | |")


if __name__ == "__main__":
    main()
