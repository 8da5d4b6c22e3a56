"""Train the claim-verdict model (``src/kgbuild/data/claim_model.json``) on the labelled claims.

    pip install -e '.[train]' && python scripts/train_claim_model.py [--write]

What a claim check measures (``kgbuild.claims.measure``) is the input, the verdict readers gave (labels of
tests/labels/issue15_claims.json and tests/labels/issue25_heldout.json; "contradicted" counts as "unsupported",
"not checkable" claims are left out: a rule decides those) the target. A multinomial logistic regression
(scikit-learn, lbfgs, C=1, no randomness) is cross-validated in five stratified folds, the thresholds chosen
on the cross-validated probabilities, and then fitted on every claim. Prints the cross-validated figures;
``--write`` writes the model. Needs ../shared/corpus.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np
import sklearn
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold, cross_val_predict

from kgbuild.analysis import extract_corpus, read_corpus
from kgbuild.claims import model as claim_model
from kgbuild.claims.model import CLASSES, FEATURES, Model

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus"
LABELS = ("issue25_relabelled15.json", "issue25_heldout.json", "issue25_heldout2.json")
TARGET = {"supported": 0, "partly supported": 1, "unsupported": 2, "contradicted": 2}
GRID = [round(0.05 * i, 2) for i in range(4, 17)]


def scores(y: np.ndarray, pred: np.ndarray) -> tuple[float, float, float]:
    neg, gold = pred == 2, y == 2
    tp = int((neg & gold).sum())
    precision = tp / max(1, int(neg.sum()))
    recall = tp / max(1, int(gold.sum()))
    return float((pred == y).mean()), precision, recall


def predict(p: np.ndarray, unsupported: float, partly: float) -> np.ndarray:
    return np.where(p[:, 2] >= unsupported, 2, np.where(p[:, 1] >= partly, 1, 0))


def main() -> None:
    # the checks' verdicts are not used here, only what they measured: a neutral model lets a changed list of
    # features train without the shipped file fitting it
    neutral = Model(FEATURES, CLASSES, tuple((0.0,) * len(FEATURES) for _ in CLASSES), (0.0,) * len(CLASSES), 1.0, 1.0)
    claim_model.load = lambda: neutral  # type: ignore[assignment]
    checks = extract_corpus(read_corpus([CORPUS])).checks
    rows, target = [], []
    for name in LABELS:
        for lab in json.loads((ROOT / "tests" / "labels" / name).read_text(encoding="utf-8"))["claims"]:
            check = checks.get((lab["report"], int(lab["index"])))
            if check is None or lab["verdict"] not in TARGET or not check.measured:
                continue
            rows.append(check.measured)
            target.append(TARGET[lab["verdict"]])
    x, y = np.array(rows), np.array(target)
    model = LogisticRegression(C=1.0, max_iter=5000)
    p = cross_val_predict(model, x, y, cv=StratifiedKFold(5, shuffle=True, random_state=0), method="predict_proba")
    # "unsupported" is what a reader acts on: its threshold maximises F0.5 (precision counts twice); "partly"
    # then the verdict accuracy
    def f05(t: float) -> float:
        _, prec, rec = scores(y, predict(p, t, 1.1))
        return 1.25 * prec * rec / (0.25 * prec + rec) if prec + rec else 0.0

    unsupported = max(GRID, key=lambda t: (round(f05(t), 4), t))
    # the lowest threshold within 0.002 of the best accuracy: "partly" said as often as it costs nothing
    best = max(scores(y, predict(p, unsupported, t))[0] for t in GRID)
    partly = min(t for t in GRID if scores(y, predict(p, unsupported, t))[0] >= best - 0.002)
    acc, prec, rec = scores(y, predict(p, unsupported, partly))
    print(f"{len(y)} claims ({int((y == 2).sum())} unsupported, {int((y == 1).sum())} partly); thresholds "
          f"unsupported {unsupported}, partly {partly}; cross-validated: verdict accuracy {acc:.3f}, unsupported "
          f"precision {prec:.3f} recall {rec:.3f}")
    model.fit(x, y)
    out = {
        "note": "Trained by scripts/train_claim_model.py; see kgbuild/claims/model.py.",
        "trained_on": list(LABELS),
        "claims": len(y),
        "cross_validated": {"accuracy": round(acc, 3), "unsupported_precision": round(prec, 3),
                            "unsupported_recall": round(rec, 3)},
        "scikit_learn": sklearn.__version__,
        "features": list(FEATURES),
        "classes": list(CLASSES),
        "coef": [[round(float(c), 6) for c in row] for row in model.coef_],
        "intercept": [round(float(b), 6) for b in model.intercept_],
        "thresholds": {"unsupported": unsupported, "partly": partly},
    }
    if "--write" in sys.argv:
        path = ROOT / "src" / "kgbuild" / "data" / "claim_model.json"
        path.write_text(json.dumps(out, indent=1) + "\n", encoding="utf-8")
        print("wrote", path.relative_to(ROOT))


if __name__ == "__main__":
    main()
