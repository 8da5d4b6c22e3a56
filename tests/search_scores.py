"""Score the search index against tests/labels/issue15_search.json: recall@5 and MRR over decisions.

Run as a script (``python tests/search_scores.py OUT [--show]``, OUT a build folder of the corpus) to print
the scores and, with --show, every query whose decisions are not all in the top 5; tests/test_search.py
asserts floors on the same numbers.
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass, field
from pathlib import Path

from kgbuild.search import Filters, SearchIndex

LABELS = Path(__file__).parent / "labels" / "issue15_search.json"


@dataclass
class SearchScores:
    queries: int = 0
    relevant: int = 0
    found_in_5: int = 0
    reciprocal: float = 0.0
    misses: list[str] = field(default_factory=list)

    @property
    def recall_at_5(self) -> float:
        return self.found_in_5 / self.relevant if self.relevant else 1.0

    @property
    def mrr(self) -> float:
        return self.reciprocal / self.queries if self.queries else 1.0

    def summary(self) -> str:
        return (f"{self.queries} queries, {self.relevant} relevant decisions: recall@5 {self.recall_at_5:.2f}, "
                f"MRR {self.mrr:.2f}")


def score(index: SearchIndex) -> SearchScores:
    s = SearchScores()
    for q in json.loads(LABELS.read_text(encoding="utf-8"))["queries"]:
        hits = index.search(q["query"], Filters(type="decision"), limit=10).hits
        ranked = [h.id.lower() for h in hits]
        relevant = {r.lower() for r in q["relevant"]}
        s.queries += 1
        s.relevant += len(relevant)
        s.found_in_5 += len(relevant & set(ranked[:5]))
        first = next((i for i, h in enumerate(ranked, start=1) if h in relevant), None)
        s.reciprocal += 1 / first if first else 0.0
        if not relevant <= set(ranked[:5]):
            s.misses.append(f"{q['query']!r}: missing {sorted(relevant - set(ranked[:5]))}; top {ranked[:5]}")
    return s


def main() -> None:
    s = score(SearchIndex.open(Path(sys.argv[1]) / "search"))
    print(s.summary())
    if "--show" in sys.argv:
        print("\n".join(s.misses))


if __name__ == "__main__":
    main()
