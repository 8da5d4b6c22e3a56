"""Score the claim checks against tests/labels/issue15_claims.json: verdicts and evidence sentences.

Run as a script (``python tests/claim_scores.py [--show]``) to print the scores and, with --show, every miss;
tests/test_claim_scores.py asserts floors on the same numbers.
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from kgbuild.claims import ClaimCheck

LABELS = Path(__file__).parent / "labels" / "issue15_claims.json"
CORPUS = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus"
NEGATIVE = ("unsupported", "contradicted")


@dataclass
class Scores:
    claims: int = 0
    right: int = 0  # the exact verdict
    tp: int = 0  # unsupported or contradicted, both in gold and predicted
    fp: int = 0
    fn: int = 0
    random_tp: int = 0  # the same on the random sample alone (the enriched ones lean towards the checker)
    random_fp: int = 0
    random_fn: int = 0
    with_evidence: int = 0  # gold supported or partly supported claims with labelled evidence sentences
    evidence_right: int = 0  # their top evidence sentence overlaps a labelled one
    confusion: Counter[tuple[str, str]] = field(default_factory=Counter)
    misses: list[str] = field(default_factory=list)

    @staticmethod
    def _ratio(a: int, b: int) -> float:
        return a / b if b else 1.0

    @property
    def precision(self) -> float:
        return self._ratio(self.tp, self.tp + self.fp)

    @property
    def recall(self) -> float:
        return self._ratio(self.tp, self.tp + self.fn)

    @property
    def random_precision(self) -> float:
        return self._ratio(self.random_tp, self.random_tp + self.random_fp)

    @property
    def random_recall(self) -> float:
        return self._ratio(self.random_tp, self.random_tp + self.random_fn)

    @property
    def accuracy(self) -> float:
        return self._ratio(self.right, self.claims)

    @property
    def evidence_accuracy(self) -> float:
        return self._ratio(self.evidence_right, self.with_evidence)

    def summary(self) -> str:
        return (f"{self.claims} claims: unsupported-or-contradicted precision {self.precision:.2f} recall "
                f"{self.recall:.2f} (tp {self.tp}, fp {self.fp}, fn {self.fn}; random sample alone: precision "
                f"{self.random_precision:.2f} recall {self.random_recall:.2f}), verdict accuracy {self.accuracy:.2f}, "
                f"evidence accuracy {self.evidence_accuracy:.2f} ({self.evidence_right}/{self.with_evidence})")


HELD_OUT = Path(__file__).parent / "labels" / "issue25_heldout.json"


def load_labels(path: Path = LABELS) -> list[dict[str, object]]:
    return json.loads(path.read_text(encoding="utf-8"))["claims"]  # type: ignore[no-any-return]


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def _same_words(a: str, b: str) -> bool:
    """The same sentence, in another cited decision (an approval in principle and the definitive one often
    repeat a sentence word for word): equal after folding white space and zero-width characters, or one holds
    the other."""
    a, b = (" ".join(t.replace("\u200b", " ").split()) for t in (a, b))
    return a == b or (min(len(a), len(b)) >= 40 and (a in b or b in a))


def score(checks: Mapping[tuple[str, int], ClaimCheck], labels: list[dict[str, object]] | None = None) -> Scores:
    """Compare the checks with the labelled claims (a claim the build did not check counts as a miss)."""
    s = Scores()
    for lab in labels if labels is not None else load_labels():
        key = (str(lab["report"]), int(lab["index"]))  # type: ignore[call-overload]
        check = checks.get(key)
        gold, got = str(lab["verdict"]), check.rating if check else "missing"
        s.claims += 1
        s.right += gold == got
        s.confusion[(gold, got)] += 1
        neg_gold, neg_got = gold in NEGATIVE, got in NEGATIVE
        s.tp += neg_gold and neg_got
        s.fp += neg_got and not neg_gold
        s.fn += neg_gold and not neg_got
        if lab["sample"] == "random":
            s.random_tp += neg_gold and neg_got
            s.random_fp += neg_got and not neg_gold
            s.random_fn += neg_gold and not neg_got
        if gold != got:
            s.misses.append(f"{gold} -> {got}: {key[0][:50]} #{key[1]}: {str(lab['claim'])[:110]}")
        spans = [(str(e["decision"]).upper(), (int(e["start"]), int(e["end"])))  # type: ignore[index]
                 for e in lab["evidence"]]  # type: ignore[attr-defined]
        if gold in ("supported", "partly supported") and spans:
            s.with_evidence += 1
            top = check.evidence[0].sentence if check and check.evidence else None
            if top is not None and (any(d == top.decision.upper() and _overlaps(span, (top.start, top.end))
                                        for d, span in spans)
                                    or any(_same_words(top.text, str(e["text"])) for e in lab["evidence"])):  # type: ignore[attr-defined]
                s.evidence_right += 1
            else:
                s.misses.append(f"evidence: {key[0][:50]} #{key[1]}: top "
                                f"{(top.text[:90] if top else None)!r}; labelled {lab['evidence'][0]['text'][:90]!r}")  # type: ignore[index]
    return s


def main() -> None:
    from kgbuild.analysis import extract_corpus, read_corpus

    extracted = extract_corpus(read_corpus([CORPUS]))
    path = Path(sys.argv[sys.argv.index("--labels") + 1]) if "--labels" in sys.argv else LABELS
    s = score(extracted.checks, load_labels(path))
    print(s.summary())
    print("confusion (gold, predicted):", dict(sorted(s.confusion.items())))
    if "--show" in sys.argv:
        print("\n".join(s.misses))


if __name__ == "__main__":
    main()
