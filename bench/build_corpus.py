"""Time a full build of a corpus and print a Markdown table: what the README's 'Measured' section quotes.

    python bench/build_corpus.py [CORPUS] [--repeat N]

Each stage is timed separately (median of N runs, default 3); peak RSS is that of this process.
"""

from __future__ import annotations

import argparse
import platform
import resource
import statistics
import time
from pathlib import Path

import kgbuild
from kgbuild.mapping import corpus_triples, new_graph
from kgbuild.pipeline import read_corpus


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("corpus", nargs="?", default=str(Path(__file__).resolve().parents[2] / "shared" / "corpus"))
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    read_t, map_t, ttl_t, total_t = [], [], [], []
    for _ in range(args.repeat):
        t0 = time.perf_counter()
        corpus, report = read_corpus([args.corpus])
        t1 = time.perf_counter()
        graph = new_graph(corpus_triples(corpus))
        t2 = time.perf_counter()
        data = kgbuild.to_turtle(graph)
        t3 = time.perf_counter()
        read_t.append(t1 - t0)
        map_t.append(t2 - t1)
        ttl_t.append(t3 - t2)
        total_t.append(t3 - t0)
    files = sum(report.inputs.values())
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    med = statistics.median
    print(f"machine: {platform.machine()}, {len(__import__('os').sched_getaffinity(0))} cores, "
          f"Python {platform.python_version()}; median of {args.repeat}")
    print()
    print("| stage | seconds |")
    print("|---|---|")
    print(f"| read and resolve {files} files | {med(read_t):.2f} |")
    print(f"| map to RDF ({len(graph)} triples) | {med(map_t):.2f} |")
    print(f"| write Turtle ({len(data) / 1e6:.1f} MB) | {med(ttl_t):.2f} |")
    print(f"| **whole build** | **{med(total_t):.2f}** |")
    print()
    print(f"files/s: {files / med(total_t):.0f}; triples/s: {len(graph) / med(total_t):.0f}; "
          f"peak RSS: {rss:.0f} MiB; reports {report.counts['reports']}, claims {report.counts['claims']}, "
          f"citations {report.counts['citations']}, decisions {report.counts['decisions']}")


if __name__ == "__main__":
    main()
