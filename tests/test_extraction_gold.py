"""Extraction measured against 50 hand-labelled decisions from 20 reports (tests/labels/README.md).

The floors are set a little under what was measured, so a regression fails and noise does not.
"""

from __future__ import annotations

from pathlib import Path

from extraction_scores import score_gold, table

# (precision, recall). Measured: amounts 1.000/1.000, organisations 0.937/0.797, programmes 0.956/0.586,
# recipients 0.879/0.659. Programme recall is low because the labels count descriptive lower-case names
# ("online hulpverlening in de geestelijke gezondheidszorg") that no rule tells from ordinary prose.
FLOORS = {
    "amounts": (0.95, 0.95),
    "organisations": (0.90, 0.75),
    "programmes": (0.90, 0.55),
    "recipients": (0.82, 0.62),
}


def test_precision_and_recall_per_type(corpus_path: Path) -> None:
    scores = score_gold(corpus_path)
    print("\n" + table(scores))
    for name, s in scores.items():
        for line in s.misses[:15]:
            print(f"  {name} missed  {line}")
        for line in s.extras[:15]:
            print(f"  {name} extra   {line}")
    failed = [f"{name}: precision {scores[name].precision:.3f} < {p} or recall {scores[name].recall:.3f} < {r}"
              for name, (p, r) in FLOORS.items()
              if scores[name].precision < p or scores[name].recall < r]
    assert not failed, "; ".join(failed)
