"""Time every query in queries/ on the whole corpus, on pyoxigraph and on rdflib, and print a Markdown table.

    python bench/queries.py [CORPUS] [--graph PATH] [--repeat N] [--queries DIR]

The graph is built from CORPUS (default ../shared/corpus beside the checkout), or read from the Turtle file
PATH (the graph.ttl `kgbuild build` writes). Both engines load the same Turtle: pyoxigraph into an in-memory
store, rdflib into a Graph; the load times are printed first. Each query runs without parameters (its widest
form: every report, programme or decision), N times per engine (default 3), and the median is reported with
the ratio rdflib / pyoxigraph and whether the two engines gave the same answer.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import time
from collections.abc import Callable
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph

import kgbuild
from kgbuild.query.engines import QueryResult, load_query, rows_equal, run_query

ROOT = Path(__file__).resolve().parents[1]


def _timed(fn: Callable[[], QueryResult], repeat: int) -> tuple[float, QueryResult]:
    times: list[float] = []
    result: QueryResult | None = None
    for _ in range(repeat):
        t0 = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t0)
    assert result is not None
    return statistics.median(times), result


def _size(result: QueryResult) -> str:
    return str(result.boolean).lower() if result.boolean is not None else f"{len(result.rows):,}"


def _same(a: QueryResult, b: QueryResult, ordered: bool) -> bool:
    return bool(a.variables == b.variables and a.boolean == b.boolean
                and rows_equal(a.rows, b.rows, ordered=ordered))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("corpus", nargs="?", default=str(ROOT.parent / "shared" / "corpus"))
    parser.add_argument("--graph", type=Path, help="read this Turtle file instead of building the corpus")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--queries", type=Path, default=ROOT / "queries")
    args = parser.parse_args()

    if args.graph is not None:
        source = str(args.graph)
        turtle = args.graph.read_bytes()
        build_s = None
    else:
        source = args.corpus
        t0 = time.perf_counter()
        turtle = kgbuild.to_turtle(kgbuild.build([args.corpus]).graph)
        build_s = time.perf_counter() - t0

    t0 = time.perf_counter()
    store = ox.Store()
    store.load(turtle, ox.RdfFormat.TURTLE)
    ox_load = time.perf_counter() - t0
    t0 = time.perf_counter()
    graph = Graph().parse(data=turtle, format="turtle")
    rdflib_load = time.perf_counter() - t0

    print(f"machine: {platform.machine()}, {len(os.sched_getaffinity(0))} cores, Python {platform.python_version()}, "
          f"pyoxigraph {ox.__version__}; median of {args.repeat}")
    print(f"graph: {source} ({len(turtle) / 1e6:.1f} MB of Turtle, {len(graph):,} triples)"
          + (f"; built in {build_s:.1f} s" if build_s is not None else ""))
    print()
    print("| load the Turtle | seconds |")
    print("|---|---|")
    print(f"| pyoxigraph (in-memory store) | {ox_load:.2f} |")
    print(f"| rdflib (Graph) | {rdflib_load:.2f} |")
    print()
    print("| query | rows | pyoxigraph s | rdflib s | rdflib / pyoxigraph | same answer |")
    print("|---|---|---|---|---|---|")
    total_ox = total_rdflib = 0.0
    failed: list[str] = []
    for path in sorted(args.queries.glob("*.rq")):
        q = load_query(str(path))
        try:
            ox_s, a = _timed(lambda q=q: run_query(q, store=store), args.repeat)
            rdflib_s, b = _timed(lambda q=q: run_query(q, graph=graph), args.repeat)
        except Exception as exc:  # a query one engine cannot run is a row of the table, not the end of it
            failed.append(f"{path.stem}: {type(exc).__name__}: {' '.join(str(exc).split())[:200]}")
            print(f"| {path.stem} | error | | | | see below |", flush=True)
            continue
        total_ox += ox_s
        total_rdflib += rdflib_s
        print(f"| {path.stem} | {_size(a)} | {ox_s:.3f} | {rdflib_s:.2f} | {rdflib_s / ox_s:,.0f}× | "
              f"{'yes' if _same(a, b, q.ordered) else '**no**'} |", flush=True)
    print(f"| **all** | | **{total_ox:.2f}** | **{total_rdflib:.1f}** | **{total_rdflib / total_ox:,.0f}×** | |")
    for line in failed:
        print(f"\nerror: {line}")


if __name__ == "__main__":
    main()
