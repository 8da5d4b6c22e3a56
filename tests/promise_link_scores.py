"""Score the decisions kgbuild links to promises against tests/labels/issue29_links.json.

    python tests/promise_link_scores.py OUT        # OUT: a build folder of ../shared/corpus

For each labelled promise, the candidates search ranked (kg:candidateDecision, by kg:rank) and the decisions
taken to act on it (kg:actsOn) are read from OUT/store and compared with the decisions readers found acting on
it: precision@3 (of the top three candidates, the share readers found acting; over every promise), recall@10 (of
the decisions readers found acting, the share among the ten candidates), and the precision and recall of
kg:actsOn. tests/test_promises.py asserts floors on the same numbers.
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

LABELS = Path(__file__).parent / "labels" / "issue29_links.json"
ROOT = Path(__file__).resolve().parent.parent
PREFIXES = "PREFIX kg: <https://w3id.org/kgbuild/ns#> "


@dataclass
class LinkScores:
    promises: int = 0
    top3: int = 0  # candidate slots in the top three
    top3_right: int = 0
    acting: int = 0  # decisions readers found acting
    in_top10: int = 0
    linked: int = 0  # kg:actsOn links
    linked_right: int = 0

    @staticmethod
    def _ratio(a: int, b: int) -> float:
        return a / b if b else 1.0

    @property
    def precision_at_3(self) -> float:
        return self._ratio(self.top3_right, self.top3)

    @property
    def recall_at_10(self) -> float:
        return self._ratio(self.in_top10, self.acting)

    @property
    def acts_precision(self) -> float:
        return self._ratio(self.linked_right, self.linked)

    @property
    def acts_recall(self) -> float:
        return self._ratio(self.linked_right, self.acting)

    def summary(self) -> str:
        return (f"{self.promises} promises, {self.acting} acting decisions: precision@3 {self.precision_at_3:.3f}, "
                f"recall@10 {self.recall_at_10:.3f}; kg:actsOn precision {self.acts_precision:.3f} recall "
                f"{self.acts_recall:.3f} ({self.linked} links)")


def promise_iri(section: str, start: int) -> str | None:
    from kgbuild.dutch import dehyphenate
    from kgbuild.promises import find_promises
    from kgbuild.rdf.mapping.reports import leaf_iri
    from kgbuild.readers.agreement import parse_section_name

    # as the build reads it: the words its line breaks split joined again, every offset kept
    text = dehyphenate((ROOT.parent / "shared" / "corpus" / "regeerakkoord" / f"{section}.txt").read_text(
        encoding="utf-8"))
    found = {p.start: p.index for p in find_promises(text)}
    return f"{leaf_iri(parse_section_name(section))}/belofte/{found[start]}" if start in found else None


def score(store_dir: Path | Any, labels: Path = LABELS, which: str | None = None) -> LinkScores:
    """The scores on the store in ``store_dir`` (or a pyoxigraph ``Store``)."""
    import pyoxigraph as ox

    store = ox.Store.read_only(str(store_dir)) if isinstance(store_dir, Path) else store_dir
    s = LinkScores()
    for item in json.loads(labels.read_text(encoding="utf-8"))["promises"]:
        if which and item.get("set") != which:
            continue
        s.promises += 1
        gold = {a.lower() for a in item["acting"]}
        iri = promise_iri(item["section"], int(item["start"]))
        ranked: list[str] = []
        linked: set[str] = set()
        if iri:
            rows = store.query(PREFIXES + f"SELECT ?d ?r WHERE {{ <{iri}> kg:candidateDecision ?n . "
                               "?n kg:candidate ?d ; kg:rank ?r } ORDER BY ?r")
            ranked = [str(r["d"].value).rsplit("/", 1)[1].lower() for r in rows]  # type: ignore[index,union-attr]
            acts = store.query(PREFIXES + f"SELECT ?d WHERE {{ ?d kg:actsOn <{iri}> }}")
            linked = {str(r["d"].value).rsplit("/", 1)[1].lower() for r in acts}  # type: ignore[index,union-attr]
        s.top3 += len(ranked[:3])
        s.top3_right += sum(d in gold for d in ranked[:3])
        s.acting += len(gold)
        s.in_top10 += len(gold & set(ranked[:10]))
        s.linked += len(linked)
        s.linked_right += len(linked & gold)
    return s


def main() -> None:
    out = Path(sys.argv[1])
    print(score(out / "store").summary())


if __name__ == "__main__":
    main()
