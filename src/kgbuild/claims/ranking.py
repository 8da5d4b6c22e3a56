"""Which sentences of the cited decisions back a claim best: a ranking learnt from readers' choices.

Every sentence of the cited decisions is described by a few numbers (``FEATURES``): how well it matches the
claim (BM25 over Dutch stems; the rarity-weighted share of the claim's words it holds, inflections and compounds
matched by ``reading.cover``, and the same for its whole decision), what it states of the claim (organisations,
programmes, amounts, years, the act the claim names) and what kind of sentence it is (the government acting
now, for good or in principle, a title, a formality, a purpose, a plan for later, a reference to the coalition
agreement; where it stands in its decision; how long it is). Readers picked the sentences that back 764
labelled claims; ``scripts/train_evidence_model.py`` fits a conditional logit to their first choices (a
softmax over the sentences of one claim, scikit-learn-free) and ships the weights in
``data/evidence_model.json``. Here it is a dot product: the same order on every machine, no model download.

The evidence of a claim is its best ``EVIDENCE_LIMIT`` sentences among those that match it at all (a shared
stem, organisation, amount or year), those of the decisions that name what the claim is about first (the
organisation or programme it opens with or sets in bold); each carries the model's probability that a reader
would quote it first.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from importlib import resources

import bm25s
import numpy as np

from ..dutch import tokens
from .evidence import EVIDENCE_LIMIT, EvidenceSentence, Sentence, same_amount

FEATURES = (
    "bm25",  # log(1 + BM25 score of the sentence for the claim)
    "bm25_share",  # ... over the best sentence's
    "coverage",  # rarity-weighted share of the claim's words the sentence holds
    "coverage_share",  # ... over the best sentence's
    "coverage_best",  # 1 for the sentences that hold the most
    "decision_share",  # the share its decision holds, over the best decision's
    "decision_best",  # 1 for the sentences of the decision that holds the most
    "entities",  # the claim's organisations and programmes it names (weighted; at most 3)
    "amounts",  # the claim's amounts it states (at most 2)
    "years",  # the claim's years it states (at most 2)
    "act_subject",  # the government is its subject
    "act_now",  # the government acts in it now ("keurt ... goed", "kent ... toe")
    "definitive",  # "definitief", not "principieel"
    "in_principle",  # "principieel"
    "formality",  # who carries it out, whose advice is asked
    "title",  # the decision's title (its first sentence, when it has others)
    "second",  # the sentence after the title (often the formal title)
    "position",  # log(1 + its place in its decision)
    "length",  # log(1 + its number of words)
    "purpose",  # it says what for ("doel", "zodat", "om ... te")
    "action",  # it states the act the claim names, in any form of a verb of that act
    "future",  # a plan for later or a task ("zal", "wordt belast")
    "agreement",  # it refers to the coalition agreement
)
_FINAL = re.compile(r"\bdefinitie[fv]\w*", re.IGNORECASE)
_IN_PRINCIPLE = re.compile(r"\bprincipi\w*", re.IGNORECASE)
_FORMALITIES = re.compile(
    r"met de uitvoering van|zorgen voor de (?:verdere )?uitvoering|advies (?:wordt )?ingewonnen|"
    r"voor advies naar|wordt (?:het|een) advies")
_PURPOSE = re.compile(r"\b(?:doel|doelstelling|beoogt|moet|zorgt|zodat|om [^.;]{0,80}? te)\b", re.IGNORECASE)
_FUTURE = re.compile(r"\b(?:zal|zullen|wordt gevraagd|wordt belast|wordt opgedragen)\b", re.IGNORECASE)


@dataclass(frozen=True)
class Query:
    """What the ranking compares with a claim's candidate sentences."""

    text: str
    entities: Mapping[str, float]  # organisation and programme keys, with their weight
    amounts: tuple[Decimal, ...] = ()
    years: frozenset[str] = frozenset()
    acts: frozenset[str] = frozenset()  # the keys by which a decision states the acts the claim names
    subject: frozenset[str] = frozenset()  # the keys of the organisations and programmes the claim is about
    # per sentence: the rarity-weighted share of the claim's words it holds, and the share its decision holds
    # (``reading.cover``); when absent, nothing
    coverage: tuple[float, ...] | None = None
    decision_coverage: tuple[float, ...] | None = None


@dataclass(frozen=True)
class Model:
    features: tuple[str, ...]
    mean: tuple[float, ...]
    scale: tuple[float, ...]
    weights: tuple[float, ...]


@lru_cache(maxsize=1)
def load() -> Model:
    """The shipped weights; a file that does not fit ``FEATURES`` fails here, not in a ranking."""
    raw = json.loads((resources.files("kgbuild") / "data" / "evidence_model.json").read_text(encoding="utf-8"))
    model = Model(tuple(raw["features"]), tuple(raw["mean"]), tuple(raw["scale"]), tuple(raw["weights"]))
    if model.features != FEATURES or not len(model.mean) == len(model.scale) == len(model.weights) == len(FEATURES):
        raise ValueError(f"data/evidence_model.json: features {model.features} do not match the code's {FEATURES}; "
                         "run scripts/train_evidence_model.py")
    return model


def names(entities: frozenset[str], key: str) -> bool:
    """Whether a sentence names the entity: by its key, or a numbered edition of it (a claim's "Vlaanderen
    Radicaal Digitaal" is named by "Vlaanderen Radicaal Digitaal 2")."""
    return key in entities or any(e.startswith(key + "-") and e[len(key) + 1:].isdigit() for e in entities)


def bm25_scores(text: str, sentences: Sequence[Sentence]) -> np.ndarray:
    """BM25 (bm25s) of each sentence for the claim's Dutch stems, the sentences being the collection."""
    query = list(dict.fromkeys(tokens(text)))
    docs = [list(s.tokens) or [""] for s in sentences]
    vocab = {t for d in docs for t in d}
    known = [t for t in query if t in vocab]
    if not known:
        return np.zeros(len(sentences))
    index = bm25s.BM25()
    index.index(docs, show_progress=False)
    return np.asarray(index.get_scores(known), dtype=float)


def features(query: Query, sentences: Sequence[Sentence], bm25: Sequence[float]) -> list[list[float]]:
    """``FEATURES`` of each sentence for the claim, in order."""
    # no coverage given (a bare text to rank for): the other features decide
    cov = list(query.coverage) if query.coverage is not None else [0.0] * len(sentences)
    dcov = list(query.decision_coverage) if query.decision_coverage is not None else [0.0] * len(sentences)
    top_bm, top_cov, top_dec = max(bm25, default=0.0), max(cov, default=0.0), max(dcov, default=0.0)
    rows: list[list[float]] = []
    place = 0
    for i, s in enumerate(sentences):
        place = place + 1 if i and sentences[i - 1].decision == s.decision else 0
        title = s.start == 0 and i + 1 < len(sentences) and sentences[i + 1].decision == s.decision
        final = bool(_FINAL.search(s.text))
        principle = bool(_IN_PRINCIPLE.search(s.text))
        rows.append([
            math.log1p(bm25[i]), bm25[i] / top_bm if top_bm else 0.0,
            cov[i], cov[i] / top_cov if top_cov else 0.0, float(top_cov > 0 and cov[i] == top_cov),
            dcov[i] / top_dec if top_dec else 0.0, float(top_dec > 0 and dcov[i] == top_dec),
            min(math.fsum(w for k, w in query.entities.items() if names(s.entities, k)), 3.0),
            float(min(sum(any(same_amount(a, b) for b in s.amounts) for a in query.amounts), 2)),
            float(min(len(query.years & set(s.years)), 2)),
            float(s.act == 1), float(s.act == 2), float(final and not principle), float(principle),
            float(bool(_FORMALITIES.search(s.text))), float(title), float(place == 1), math.log1p(place),
            math.log1p(len(s.tokens)), float(bool(_PURPOSE.search(s.text))), float(bool(query.acts & s.keys)),
            float(bool(_FUTURE.search(s.text))), float("regeerakkoord" in s.text.lower()),
        ])
    return rows


_MATCHES = tuple(FEATURES.index(f) for f in ("entities", "amounts", "years"))


def candidates(rows: Sequence[Sequence[float]], bm25: Sequence[float]) -> list[int]:
    """The sentences (by place) that match the claim at all: a shared stem, organisation, amount or year."""
    return [i for i, r in enumerate(rows) if bm25[i] > 0 or any(r[f] for f in _MATCHES)]


def rank(query: Query | str, sentences: Sequence[Sentence], model: Model | None = None) -> tuple[EvidenceSentence, ...]:
    """The sentences that back a claim best, best first: at most ``EVIDENCE_LIMIT`` of those sharing a stem,
    organisation, programme, amount or year with it, ordered by the model; ties go to the earlier sentence."""
    if not sentences:
        return ()
    q = Query(query, {}) if isinstance(query, str) else query
    model = model or load()
    bm25 = bm25_scores(q.text, sentences)
    rows = features(q, sentences, bm25.tolist())
    matching = candidates(rows, bm25.tolist())
    if not matching:
        return ()
    logits = [math.fsum(w * (v - m) / s for w, v, m, s in zip(model.weights, rows[i], model.mean, model.scale,
                                                            strict=True)) for i in matching]
    top = max(logits)
    exp = [math.exp(v - top) for v in logits]
    total = math.fsum(exp)
    # a claim about a named organisation or programme is backed by the decisions that name it first: a sentence
    # of another decision that shares its other words ("digitale inclusie") is about something else
    about = {s.decision for s in sentences if any(names(s.entities, k) for k in q.subject)}
    order = sorted(range(len(matching)), key=lambda j: (sentences[matching[j]].decision not in about if about else
                                                         False, -round(logits[j], 9), matching[j]))
    return tuple(EvidenceSentence(sentences[matching[j]], round(exp[j] / total, 3), round(float(bm25[matching[j]]), 3))
                 for j in order[:EVIDENCE_LIMIT])


__all__ = ["FEATURES", "Model", "Query", "bm25_scores", "candidates", "features", "load", "names", "rank"]
