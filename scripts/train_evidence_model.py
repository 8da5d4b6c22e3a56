"""Train the evidence ranking (``src/kgbuild/data/evidence_model.json``) on the sentences readers quoted.

    pip install -e '.[train]' && python scripts/train_evidence_model.py [--write]

For every supported or partly supported claim of the labelled sets below, the candidates are the sentences of
its cited decisions that match it at all (as ``kgbuild.claims.ranking.rank`` filters them), described by
``ranking.FEATURES``; a candidate is right when it overlaps a sentence the reader quoted (or repeats one word
for word, as an approval in principle and the definitive one do). A conditional logit (a softmax over one
claim's candidates, L2-penalised, features standardised; fitted with SciPy's L-BFGS, no randomness) learns which
candidate readers quote. Cross-validated in five folds grouped by report (top sentence right), then fitted on
every claim. ``--write`` writes the weights. Needs ../shared/corpus.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import numpy as np
from scipy.optimize import minimize
from sklearn.model_selection import GroupKFold

import kgbuild.claims.check as check
from kgbuild.analysis import extract_corpus, read_corpus
from kgbuild.claims.ranking import FEATURES, Query, bm25_scores, candidates, features

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
from claim_scores import _overlaps, _same_words  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpus"
LABELS = ("issue25_relabelled15.json", "issue25_heldout.json", "issue25_heldout2.json", "issue25_heldout4.json")
PENALTY = 0.3


def labelled_candidates() -> tuple[list[np.ndarray], list[np.ndarray], list[str], int]:
    """Per labelled claim, its candidates' features and which a reader quoted; the reports; claims skipped."""
    seen: dict[tuple[str, int], tuple[Query, Any]] = {}
    current: dict[str, tuple[str, int]] = {}
    real_check = check.check_claim

    def capture_check(report: str, index: int, *args: Any) -> Any:
        current["key"] = (report, index)
        return real_check(report, index, *args)

    def capture_rank(query: Query, sentences: Any, model: Any = None) -> tuple[()]:
        seen[current["key"]] = (query, sentences)
        return ()

    check.check_claim, check.rank = capture_check, capture_rank  # type: ignore[assignment]
    extract_corpus(read_corpus([CORPUS]))
    xs, ys, groups, skipped = [], [], [], 0
    for name in LABELS:
        for lab in json.loads((ROOT / "tests" / "labels" / name).read_text(encoding="utf-8"))["claims"]:
            key = (lab["report"], int(lab["index"]))
            if lab["verdict"] not in ("supported", "partly supported") or not lab["evidence"] or key not in seen:
                continue
            query, sentences = seen[key]
            if not sentences:
                skipped += 1
                continue
            bm25 = bm25_scores(query.text, sentences)
            rows = features(query, sentences, bm25.tolist())
            keep = candidates(rows, bm25.tolist())
            right = [any((d["decision"].upper() == sentences[i].decision.upper()
                         and _overlaps((int(d["start"]), int(d["end"])), (sentences[i].start, sentences[i].end)))
                         or _same_words(sentences[i].text, d["text"]) for d in lab["evidence"]) for i in keep]
            if not any(right):
                skipped += 1
                continue
            xs.append(np.array([rows[i] for i in keep]))
            ys.append(np.array(right, dtype=bool))
            groups.append(lab["report"])
    return xs, ys, groups, skipped


def fit(xs: list[np.ndarray], ys: list[np.ndarray]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    stacked = np.vstack(xs)
    mean, scale = stacked.mean(0), stacked.std(0)
    scale[scale == 0] = 1.0
    zs = [(x - mean) / scale for x in xs]

    def loss(w: np.ndarray) -> tuple[float, np.ndarray]:
        total, grad = 0.5 * PENALTY * float(w @ w), PENALTY * w
        for z, y in zip(zs, ys, strict=True):
            s = z @ w
            p = np.exp(s - s.max())
            p /= p.sum()
            right = float(p[y].sum())
            total -= np.log(right)
            grad = grad - (np.where(y, p, 0.0) / right - p) @ z
        return total, grad

    w = minimize(loss, np.zeros(stacked.shape[1]), jac=True, method="L-BFGS-B").x
    return mean, scale, w


def main() -> None:
    xs, ys, groups, skipped = labelled_candidates()
    hits = 0
    for train, test in GroupKFold(5).split(np.arange(len(xs)), groups=groups):
        mean, scale, w = fit([xs[i] for i in train], [ys[i] for i in train])
        for i in test:
            hits += bool(ys[i][int(np.argmax(((xs[i] - mean) / scale) @ w))])
    alone = sum(bool(y[int(np.argmax(x[:, 0]))]) for x, y in zip(xs, ys, strict=True))  # BM25 alone
    print(f"{len(xs)} claims ({skipped} without a quoted sentence among the candidates); cross-validated top "
          f"sentence right {hits / len(xs):.3f} (BM25 alone {alone / len(xs):.3f})")
    mean, scale, w = fit(xs, ys)
    for name, weight in sorted(zip(FEATURES, w, strict=True), key=lambda t: -abs(t[1])):
        print(f"  {name:15} {weight:+.3f}")
    out = {
        "note": "Trained by scripts/train_evidence_model.py; see kgbuild/claims/ranking.py.",
        "trained_on": list(LABELS),
        "claims": len(xs),
        "cross_validated": {"top_sentence_right": round(hits / len(xs), 3)},
        "features": list(FEATURES),
        "mean": [round(float(v), 6) for v in mean],
        "scale": [round(float(v), 6) for v in scale],
        "weights": [round(float(v), 6) for v in w],
    }
    if "--write" in sys.argv:
        path = ROOT / "src" / "kgbuild" / "data" / "evidence_model.json"
        path.write_text(json.dumps(out, indent=1) + "\n", encoding="utf-8")
        print("wrote", path.relative_to(ROOT))


if __name__ == "__main__":
    main()
