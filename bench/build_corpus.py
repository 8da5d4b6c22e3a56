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
from kgbuild.analysis import read_corpus
from kgbuild.claims import check_claims
from kgbuild.entities import Extracted, resolve_entities
from kgbuild.extract import extract_decision, load_gazetteer
from kgbuild.mapping import corpus_triples, new_graph
from kgbuild.reason import reason


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("corpus", nargs="?", default=str(Path(__file__).resolve().parents[2] / "shared" / "corpus"))
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    read_t, ext_t, claim_t, map_t, reason_t, ttl_t, total_t = [], [], [], [], [], [], []
    gazetteer = load_gazetteer()
    for _ in range(args.repeat):
        t0 = time.perf_counter()
        corpus, report = read_corpus([args.corpus])
        t1 = time.perf_counter()
        found = {k: extract_decision(d.id, d.text, gazetteer, d.title) for k, d in corpus.decisions.items() if d.text}
        extracted = Extracted(found, resolve_entities(found, gazetteer))
        t2 = time.perf_counter()
        extracted.checks = check_claims(corpus, extracted, gazetteer)
        t3 = time.perf_counter()
        asserted = new_graph(corpus_triples(corpus, extracted))
        t4 = time.perf_counter()
        graph = reason(asserted, "owlrl")
        t5 = time.perf_counter()
        data = kgbuild.to_turtle(graph)
        t6 = time.perf_counter()
        for times, (a, b) in zip((read_t, ext_t, claim_t, map_t, reason_t, ttl_t, total_t),
                                 ((t0, t1), (t1, t2), (t2, t3), (t3, t4), (t4, t5), (t5, t6), (t0, t6)), strict=True):
            times.append(b - a)
    files = sum(report.inputs.values())
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    med = statistics.median
    print(f"machine: {platform.machine()}, {len(__import__('os').sched_getaffinity(0))} cores, "
          f"Python {platform.python_version()}; median of {args.repeat}")
    print()
    print("| stage | seconds |")
    print("|---|---|")
    print(f"| read and resolve {files} files | {med(read_t):.2f} |")
    print(f"| extract entities and grants, resolve entities | {med(ext_t):.2f} |")
    print(f"| check {len(extracted.checks)} claims | {med(claim_t):.2f} |")
    print(f"| map to RDF ({len(asserted)} triples) | {med(map_t):.2f} |")
    print(f"| reason, owlrl mode, one pass ({len(graph) - len(asserted)} entailed) | {med(reason_t):.2f} |")
    print(f"| write Turtle ({len(data) / 1e6:.1f} MB) | {med(ttl_t):.2f} |")
    print(f"| **whole build** | **{med(total_t):.2f}** |")
    print()
    print(f"files/s: {files / med(total_t):.0f}; triples/s: {len(graph) / med(total_t):.0f}; "
          f"peak RSS: {rss:.0f} MiB; reports {report.counts['reports']}, claims {report.counts['claims']}, "
          f"citations {report.counts['citations']}, decisions {report.counts['decisions']}")


if __name__ == "__main__":
    main()
