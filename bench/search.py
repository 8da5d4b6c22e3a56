"""Search benchmark: opening the index a corpus build wrote, and answering queries, against a floor.

    python bench/search.py OUT        # OUT: a build folder of ../shared/corpus (kgbuild build ../shared/corpus -o OUT)

Reports the time to open the index (``SearchIndex.open``: the score matrix and the documents' JSON, no corpus),
and the median and 95th percentile of ``search`` over the labelled queries (tests/labels/issue15_search.json)
repeated 20 times, each with its snippets. The floor is one numpy pass over the score matrix per query (the
sum of the query stems' score columns, the least a BM25 search over this matrix does), measured on the same
queries and index.
"""

from __future__ import annotations

import json
import statistics
import sys
import time
from pathlib import Path

import numpy as np

from kgbuild.dutch import tokens
from kgbuild.search import SearchIndex

LABELS = Path(__file__).resolve().parents[1] / "tests" / "labels" / "issue15_search.json"
ROUNDS = 20


def main() -> None:
    folder = Path(sys.argv[1]) / "search"
    start = time.perf_counter()
    index = SearchIndex.open(folder)
    opened = time.perf_counter() - start
    queries = [q["query"] for q in json.loads(LABELS.read_text(encoding="utf-8"))["queries"]]
    times: list[float] = []
    floor: list[float] = []
    scores = index.bm25.scores
    data, indices, indptr = scores["data"], scores["indices"], scores["indptr"]
    for _ in range(ROUNDS):
        for q in queries:
            start = time.perf_counter()
            index.search(q, limit=10)
            times.append(time.perf_counter() - start)
            ids = [index.vocab[t] for t in tokens(q) if t in index.vocab]
            start = time.perf_counter()
            total = np.zeros(len(index.docs), dtype=np.float32)
            for i in ids:
                np.add.at(total, indices[indptr[i]:indptr[i + 1]], data[indptr[i]:indptr[i + 1]])
            floor.append(time.perf_counter() - start)
    median, p95 = statistics.median(times), sorted(times)[int(0.95 * len(times))]
    print(f"index: {len(index.docs)} documents, opened in {opened * 1000:.0f} ms")
    print(f"search: {len(times)} queries, median {median * 1000:.1f} ms, p95 {p95 * 1000:.1f} ms "
          f"(with snippets); floor median {statistics.median(floor) * 1000:.2f} ms; "
          f"median / floor {median / statistics.median(floor):.0f}x")


if __name__ == "__main__":
    main()
