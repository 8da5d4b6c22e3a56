"""Precision and recall of the legal acts ``extract.legislation`` finds, against tests/labels/issue17_acts.json.

    python tests/acts_scores.py [CORPUS]

An act matches when kind and date (or EU number) agree; the relation (changes, implements, cites) is scored
on the matched acts; "changes an earlier decision" compares the dates of the government decisions (bvr) the
decision changes with the labelled ``changes_earlier``.
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass, field
from pathlib import Path

from kgbuild.extract import load_gazetteer
from kgbuild.extract.base import Doc
from kgbuild.extract.legislation import extract
from kgbuild.text import normalize

LABELS = Path(__file__).resolve().parent / "labels" / "issue17_acts.json"
CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"


@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    relation_ok: int = 0
    changes_tp: int = 0
    changes_fp: int = 0
    changes_fn: int = 0
    misses: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.tp / max(1, self.tp + self.fp)

    @property
    def recall(self) -> float:
        return self.tp / max(1, self.tp + self.fn)

    @property
    def relation_accuracy(self) -> float:
        return self.relation_ok / max(1, self.tp)

    @property
    def changes_precision(self) -> float:
        return self.changes_tp / max(1, self.changes_tp + self.changes_fp)

    @property
    def changes_recall(self) -> float:
        return self.changes_tp / max(1, self.changes_tp + self.changes_fn)

    def line(self) -> str:
        return (f"acts precision {self.precision:.2f} recall {self.recall:.2f} (tp {self.tp}, fp {self.fp}, "
                f"fn {self.fn}); relation accuracy {self.relation_accuracy:.2f}; changes an earlier decision "
                f"precision {self.changes_precision:.2f} recall {self.changes_recall:.2f}")


def score(corpus: Path = CORPUS, subset: str | None = None) -> Score:
    gazetteer = load_gazetteer()
    s = Score()
    for lab in json.loads(LABELS.read_text(encoding="utf-8"))["decisions"]:
        if subset and lab["set"] != subset:
            continue
        text = (corpus / lab["file"]).read_text(encoding="utf-8")
        got = {(a.kind, a.date or a.number): a for a in extract(Doc(lab["decision"], normalize(text).text, gazetteer))}
        want = {(a["kind"], a["date"] or a["number"]): a for a in lab["acts"]}
        for key in got.keys() & want.keys():
            s.tp += 1
            s.relation_ok += got[key].relation == want[key]["relation"]
        s.fp += len(got.keys() - want.keys())
        s.fn += len(want.keys() - got.keys())
        s.misses += [f"{lab['decision']}: missed {want[k]['quote']!r}" for k in want.keys() - got.keys()]
        s.misses += [f"{lab['decision']}: extra {got[k].text!r}" for k in got.keys() - want.keys()]
        changed = {a.date for a in got.values() if a.kind == "bvr" and a.relation == "changes"}
        labelled = {c["date"] for c in lab["changes_earlier"]}
        s.changes_tp += len(changed & labelled)
        s.changes_fp += len(changed - labelled)
        s.changes_fn += len(labelled - changed)
    return s


if __name__ == "__main__":
    corpus = Path(sys.argv[1]) if len(sys.argv) > 1 else CORPUS
    for subset in ("tuning", "held-out", None):
        print(f"{subset or 'all'}: {score(corpus, subset).line()}")
