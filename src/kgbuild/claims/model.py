"""The verdict of a claim from what its check measured: a small multinomial logistic regression.

The rules of a claim check (which names, amounts, years, actions and rare words the cited decisions hold, how
well the best sentence and the best decision match) give numbers; which verdict a reader gives for which
numbers was learnt from labelled claims (``tests/labels/issue15_claims.json`` and
``tests/labels/issue25_heldout.json``) by ``scripts/train_claim_model.py`` with scikit-learn, and shipped as
coefficients in ``data/claim_model.json``. Here it is a dot product and a softmax in plain Python: no model
download, no scikit-learn at run time, the same verdict on every machine (the coefficients are rounded to six
decimals, the sums taken in a fixed order).

A claim is *unsupported* when the model gives that class at least the file's ``unsupported`` threshold (set
high, for precision: a reader acts on "unsupported"), else *partly supported* when that class has at least
the ``partly`` threshold, else *supported*. Contradictions, recommendations and claims with no cited text are
decided by rules before the model (``claims.check_claim``).
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

# what a check measures of a claim (``claims.measure``), in the order of the coefficients
FEATURES = (
    "coverage",  # idf-weighted share of the claim's content words the cited decisions hold
    "top3",  # share of its three rarest content words they hold
    "best_sentence",  # the coverage of the best single sentence
    "best_decision",  # ... of the best single cited decision
    "title",  # ... of the best cited decision's title
    "bm25",  # log(1 + BM25 score of the best evidence sentence)
    "score",  # the weighted share of the claim's terms (names, phrases, amounts, years, actions, words) found
    "key_share",  # share of its names, bold phrases and amounts found
    "rare_found",  # share of its rare words (idf >= 3.5) found
    "rare_missing",  # log(1 + number of its rare words not found)
    "any_rare",  # 1 when one of its rare words is found
    "entity_missing",  # 1 when an organisation or programme it names is not found
    "decisions",  # log(1 + number of cited decisions with a text)
    "mean_idf",  # how specific its words are
)
CLASSES = ("supported", "partly supported", "unsupported")


@dataclass(frozen=True)
class Model:
    features: tuple[str, ...]
    classes: tuple[str, ...]
    coef: tuple[tuple[float, ...], ...]  # one row per class
    intercept: tuple[float, ...]
    unsupported: float  # the probability of "unsupported" from which a claim is called so
    partly: float  # ... of "partly supported"


@lru_cache(maxsize=1)
def load() -> Model:
    """The shipped model; a file that does not fit ``FEATURES`` and ``CLASSES`` fails here, not in a verdict."""
    raw = json.loads((resources.files("kgbuild") / "data" / "claim_model.json").read_text(encoding="utf-8"))
    model = Model(tuple(raw["features"]), tuple(raw["classes"]), tuple(tuple(r) for r in raw["coef"]),
                  tuple(raw["intercept"]), float(raw["thresholds"]["unsupported"]),
                  float(raw["thresholds"]["partly"]))
    if model.features != FEATURES or model.classes != CLASSES or len(model.coef) != len(CLASSES):
        raise ValueError(f"data/claim_model.json: features {model.features} and classes {model.classes} do not "
                         f"match the code's {FEATURES} and {CLASSES}; run scripts/train_claim_model.py")
    return model


def probabilities(values: Mapping[str, float], model: Model | None = None) -> dict[str, float]:
    """The probability of each verdict for a claim's measured ``values`` (every name of ``FEATURES``)."""
    model = model or load()
    x = [float(values[f]) for f in model.features]
    logits = [b + math.fsum(c * v for c, v in zip(row, x, strict=True))
              for row, b in zip(model.coef, model.intercept, strict=True)]
    top = max(logits)
    exp = [math.exp(v - top) for v in logits]
    total = math.fsum(exp)
    return {c: e / total for c, e in zip(model.classes, exp, strict=True)}


def verdict(probs: Mapping[str, float], model: Model | None = None) -> str:
    model = model or load()
    if probs["unsupported"] >= model.unsupported:
        return "unsupported"
    if probs["partly supported"] >= model.partly:
        return "partly supported"
    return "supported"


__all__ = ["CLASSES", "FEATURES", "Model", "load", "probabilities", "verdict"]
