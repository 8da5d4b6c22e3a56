"""Score a build's committed money against the blind audit in tests/labels/issue24_audit.json.

``python tests/audit_scores.py OUT [--show]`` reads the committed total of every decision from the build in OUT
(``queries/committed-per-decision.rq`` over OUT/store, the same rule every total uses) and reports, for the 60
decisions with the largest totals of that build and for the random samples:

- exact totals: the share of decisions whose committed total equals the readers' (to the cent);
- euro precision: of the euros the build calls committed, the share readers agree with (per decision, the
  smaller of the two totals is agreed);
- euro recall: of the euros readers call committed, the share the build has.

Decisions among the build's largest 60 that the audit did not label are listed: label them before trusting
the figures.
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

LABELS = Path(__file__).parent / "labels" / "issue24_audit.json"
QUERY = Path(__file__).resolve().parent.parent / "queries" / "committed-per-decision.rq"


@dataclass
class Sample:
    name: str
    decisions: int = 0
    exact: int = 0
    shown: Decimal = Decimal(0)
    agreed: Decimal = Decimal(0)
    gold: Decimal = Decimal(0)

    def add(self, predicted: Decimal, gold: Decimal) -> None:
        self.decisions += 1
        self.exact += abs(predicted - gold) < Decimal("0.01")
        self.shown += predicted
        self.gold += gold
        self.agreed += min(predicted, gold)

    @property
    def exact_share(self) -> float:
        return self.exact / self.decisions if self.decisions else 1.0

    @property
    def euro_precision(self) -> float:
        return float(self.agreed / self.shown) if self.shown else 1.0

    @property
    def euro_recall(self) -> float:
        return float(self.agreed / self.gold) if self.gold else 1.0

    def line(self) -> str:
        return (f"{self.name}: {self.decisions} decisions, exact totals {self.exact_share:.3f}, euro precision "
                f"{self.euro_precision:.3f} (EUR {self.agreed / 1000000:,.1f} M of "
                f"{self.shown / 1000000:,.1f} M shown), "
                f"euro recall {self.euro_recall:.3f} (of EUR {self.gold / 1000000:,.1f} M)")


def gold_total(dec: dict[str, str]) -> Decimal:
    """The readers' total, each euro once across decisions: ``committed_once`` where the label file's amendment
    set it (a final approval restating its principle approval), else the per-decision ``committed_total``."""
    return Decimal(dec.get("committed_once", dec["committed_total"]))


def committed_totals(out: Path) -> dict[str, Decimal]:
    """Decision id -> committed total, as the build's own query gives it."""
    from kgbuild.query.engines import execute

    result = execute(str(QUERY), store_path=out / "store")
    at = {v: i for i, v in enumerate(result.variables)}
    return {str(row[at["id"]]).upper(): Decimal(str(row[at["total"]])) for row in result.rows}


def score(out: Path, top: int = 60) -> tuple[list[Sample], list[str], list[str]]:
    return score_totals(committed_totals(out), top)


def score_totals(totals: dict[str, Decimal], top: int = 60) -> tuple[list[Sample], list[str], list[str]]:
    """The samples' scores, the decisions among the ``top`` largest the audit did not label, and every miss."""
    labels = {d["id"].upper(): d for d in json.loads(LABELS.read_text(encoding="utf-8"))["decisions"]}
    totals = {k.upper(): v for k, v in totals.items()}
    ranked = sorted((i for i in totals if totals[i] > 0), key=lambda i: (-totals[i], i))[:top]
    largest, rand, zero = Sample(f"largest {top}"), Sample("random 40"), Sample("random, no total before 10")
    held = {"largest-after": Sample("held out: next 40 largest"), "random-after": Sample("held out: random 30"),
            "weighted-3": Sample("round 3: 40 by euros"), "zero-weighted-3": Sample("round 3: 20 without a total"),
            "weighted-4": Sample("round 4: 25 by euros committed"),
            "amounts-weighted-4": Sample("round 4: 35 by largest amount"),
            "amounts-weighted-5": Sample("round 5: 40 by largest amount"),
            "amounts-weighted-6": Sample("round 6: 40 by largest amount"),
            "amounts-weighted-7": Sample("round 7: 40 by largest amount"),
            "amounts-weighted-8": Sample("round 8: the last 38 with euros")}
    unlabelled, misses = [], []
    for ident in ranked:
        if ident not in labels:
            unlabelled.append(ident)
            continue
        largest.add(totals[ident], gold_total(labels[ident]))
    for ident, dec in sorted(labels.items()):
        predicted, gold = totals.get(ident, Decimal(0)), gold_total(dec)
        if dec["sample"] == "random":
            rand.add(predicted, gold)
        elif dec["sample"] == "zero":
            zero.add(predicted, gold)
        elif dec["sample"] in held:
            held[dec["sample"]].add(predicted, gold)
        if abs(predicted - gold) >= Decimal("0.01"):
            misses.append(f"{ident} [{dec['sample']}] {predicted:,.2f} != {gold:,.2f}  {dec.get('note', '')[:120]}")
    return [largest, rand, zero, *held.values()], unlabelled, misses


if __name__ == "__main__":
    samples, unlabelled, misses = score(Path(sys.argv[1] if len(sys.argv) > 1 else "out/corpus"))
    for s in samples:
        print(s.line())
    if unlabelled:
        print(f"not labelled among the largest: {len(unlabelled)}: {' '.join(unlabelled)}")
    if "--show" in sys.argv:
        print("\n".join(misses))
