"""Score the promise extraction against tests/labels/issue29_promises.json: precision and recall of "promise".

Run as a script (``python tests/promise_scores.py [--show]``) to print the scores and, with --show, every miss;
tests/test_promises.py asserts floors on the same numbers.
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass, field
from pathlib import Path

from kgbuild.promises import promise_cue

LABELS = Path(__file__).parent / "labels" / "issue29_promises.json"


@dataclass
class Scores:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    tn: int = 0
    sections: int = 0
    misses: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    def summary(self) -> str:
        return (f"{self.tp + self.fp + self.fn + self.tn} sentences of {self.sections} sections, "
                f"{self.tp + self.fn} promises: precision {self.precision:.3f} recall {self.recall:.3f} "
                f"(tp {self.tp}, fp {self.fp}, fn {self.fn})")


def score(path: Path = LABELS, which: str | None = None) -> Scores:
    """The extraction's scores on the labelled sentences (of one ``set`` only, when ``which`` is given)."""
    s = Scores()
    for section in json.loads(path.read_text(encoding="utf-8"))["sections"]:
        if which and section.get("set") != which:
            continue
        s.sections += 1
        for sentence in section["sentences"]:
            gold, got = bool(sentence["promise"]), bool(promise_cue(sentence["text"]))
            s.tp += gold and got
            s.fp += got and not gold
            s.fn += gold and not got
            s.tn += not gold and not got
            if gold != got:
                s.misses.append(f"{'missed' if gold else 'wrong'}: {section['section'][:40]} #{sentence['i']}: "
                                f"{sentence['text'][:120]}")
    return s


def main() -> None:
    s = score()
    print(s.summary())
    if "--show" in sys.argv:
        print("\n".join(s.misses))


if __name__ == "__main__":
    main()
