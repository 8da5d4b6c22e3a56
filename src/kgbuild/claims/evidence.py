"""The evidence for a claim: the cited decisions' sentences, what they hold, and the ones that back the claim best.

Every cited decision's text is split into sentences (``kgbuild.sentences``), each with its stems, its keys
(``dutch.keys``: lemmas too), the organisations and programmes, amounts and years it states, and whether the
government acts in it. The sentences are ranked for the claim with BM25 (bm25s) over Dutch stems, plus a bonus
for each of the claim's entities, amounts and years a sentence states, for a sentence in which the government acts
now and for good; the title and the closing formalities count for less. The best three with a positive score are
the claim's evidence.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal

import bm25s
import numpy as np

from ..dutch import WORD, idf, keys, stem, text_keys, tokens
from ..extract import Found, Grant, Mention
from ..extract.base import fold
from ..extract.money.amounts import find_amounts
from ..extract.operative import sentence_act
from ..model import Decision
from ..sentences import split

EVIDENCE_LIMIT = 3  # evidence sentences kept per claim
YEAR = re.compile(r"\b(19[9]\d|20[0-4]\d)\b")
# weights of a sentence's match on a claim's entity, amount and year, on top of its BM25 score
_ENTITY_BONUS, _AMOUNT_BONUS, _YEAR_BONUS = 1.5, 2.0, 0.5
# A decision's summary says what the government does in a sentence with the government as its subject ("De
# Vlaamse Regering keurt ... goed", "Ze kent ... toe"); its title only names the matter. A reader wants the
# sentence that states the act: the title (the text's first sentence, when there are others) counts for less,
# and a sentence in which the government acts for a little more.
_TITLE_WEIGHT, _ACT_BONUS = 0.3, 0.5
_ACTS = re.compile(r"\b[Rr]egering\b")
# ... more when it acts now (approves, grants: ``operative.sentence_act``), and more again when it does so for
# good: the definitive approval, after the advice, is what was decided, the approval in principle a step to it
_STRONG_BONUS, _FINAL_BONUS = 0.6, 0.5
_FINAL = re.compile(r"\bdefinitie[fv]\w*", re.IGNORECASE)
_IN_PRINCIPLE = re.compile(r"\bprincipi\w*", re.IGNORECASE)  # "beslist principieel tot definitieve vaststelling"
# ... and the closing formalities (who carries the decision out, whose advice is asked next) for much less
_FORMALITY_WEIGHT = 0.3
_FORMALITIES = re.compile(
    r"met de uitvoering van|zorgen voor de (?:verdere )?uitvoering|advies (?:wordt )?ingewonnen|"
    r"voor advies naar|wordt (?:het|een) advies")


@dataclass(frozen=True)
class Sentence:
    """One sentence of a decision's text, with what the checks compare."""

    decision: str  # the decision's id
    start: int  # offsets in the decision's original text
    end: int
    text: str
    tokens: tuple[str, ...]
    entities: frozenset[str]
    amounts: tuple[Decimal, ...]
    years: tuple[str, ...]
    keys: frozenset[str] = frozenset()  # what its words match on (``dutch.keys``)
    act: int = 0  # 2: the government acts in it now (``operative.sentence_act``, strong); 1: it is the subject


@dataclass(frozen=True)
class EvidenceSentence:
    """A sentence ranked for a claim."""

    sentence: Sentence
    score: float


@dataclass
class Evidence:
    """What the cited decisions hold, indexed for the checks."""

    words: set[str]
    joined: str  # every stem, space separated, for the search inside compounds
    entities: set[str]
    amounts: set[Decimal]
    years: set[str]
    sentences: tuple[Sentence, ...] = ()
    no_text: tuple[str, ...] = ()
    held: frozenset[str] = frozenset()  # the stems of ``sentences`` (without stopwords), for ``coverage``
    keys: frozenset[str] = frozenset()  # the keys of every content word (``dutch.keys``)
    # per cited decision, its keys and each of its sentences' keys, with their joined form (``found_in``): made
    # once per set of cited decisions, not for every claim that cites them
    by_decision: tuple[tuple[Held, tuple[Held, ...]], ...] = ()


Held = tuple[frozenset[str], str]  # keys, and the same space separated


def held(keys: Iterable[str]) -> Held:
    """Keys ready for ``found_in``."""
    ks = frozenset(keys)
    return ks, " " + " ".join(sorted(ks)) + " "


def text_stems(text: str) -> frozenset[str]:
    """The stems of every word of a text, and of every part of its hyphenated words (stopwords too)."""
    return frozenset(stem(part) for w in set(WORD.findall(text)) for part in (w, *w.split("-")))


def found_in(word: str, held: frozenset[str] | set[str], joined: str) -> bool:
    """Whether a word's keys are among ``held`` (a text's keys, ``joined`` the same, space separated); or a
    key is part of a compound of the text ("netwerk" in "netwerkinfrastructuur"); or the word is a compound
    whose head the text has, and whose first part opens a word of the text ("fietsinvesteringen": "fiets..."
    and "investeringen"; "landbouwmaatregelen": "landbouw..." and "...maatregelen")."""
    ks = keys(word)
    if ks & held:
        return True
    if any(len(k) >= 5 and k in joined for k in ks):
        return True
    f = fold(word)
    for i in range(4, len(f) - 4):
        head = stem(f[i:])
        if len(head) < 5 or head not in joined:
            continue
        left = f[:i]
        if f" {left}" in joined or (left[-1] in "se" and len(left) > 4 and f" {left[:-1]}" in joined):
            return True
    return False


def rank(
    claim_text: str,
    sentences: tuple[Sentence, ...],
    entities: Mapping[str, float] | Iterable[str] = (),
    amounts: Iterable[Decimal] = (),
    years: Iterable[str] = (),
) -> tuple[EvidenceSentence, ...]:
    """The sentences that best back a claim, best first (at most ``EVIDENCE_LIMIT``, each scoring above 0):
    BM25 over the sentences' Dutch stems, plus a bonus per entity (weighted: ``entities`` may map a key to
    its weight), amount and year of the claim a sentence states. Ties go to the earlier sentence."""
    if not sentences:
        return ()
    query = list(dict.fromkeys(tokens(claim_text)))
    scores = np.zeros(len(sentences))
    docs = [list(s.tokens) or [""] for s in sentences]
    vocab = {t for d in docs for t in d}
    known = [t for t in query if t in vocab]
    if known:
        index = bm25s.BM25()
        index.index(docs, show_progress=False)
        scores = np.asarray(index.get_scores(known), dtype=float)
    weights = dict(entities) if isinstance(entities, Mapping) else dict.fromkeys(entities, 1.0)
    amounts, years = list(amounts), set(years)
    for i, s in enumerate(sentences):
        if scores[i] > 0 and s.start == 0 and i + 1 < len(sentences) and sentences[i + 1].decision == s.decision:
            scores[i] *= _TITLE_WEIGHT
        if scores[i] > 0 and _FORMALITIES.search(s.text):
            scores[i] *= _FORMALITY_WEIGHT
        elif scores[i] > 0 and s.act:
            scores[i] += _ACT_BONUS + (_STRONG_BONUS if s.act == 2 else 0.0)
            if _FINAL.search(s.text) and not _IN_PRINCIPLE.search(s.text):
                scores[i] += _FINAL_BONUS
        scores[i] += _ENTITY_BONUS * sum(w for key, w in weights.items() if key in s.entities)
        scores[i] += _AMOUNT_BONUS * sum(any(same_amount(a, b) for b in s.amounts) for a in amounts)
        scores[i] += _YEAR_BONUS * len(years & set(s.years))
    order = sorted(range(len(sentences)), key=lambda i: (-round(float(scores[i]), 6), i))
    return tuple(
        EvidenceSentence(sentences[i], round(float(scores[i]), 3)) for i in order[:EVIDENCE_LIMIT] if scores[i] > 0
    )


def same_amount(a: Decimal, b: Decimal) -> bool:
    return abs(a - b) <= a * Decimal("0.01")


def coverage(text: str, ev: Evidence) -> float:
    """The share of the claim's content, weighted by rarity (idf), that the cited decisions' sentences hold."""
    query = set(tokens(text))
    if not query:
        return 1.0
    total = sum(idf(t) for t in query)
    return sum(idf(t) for t in query & ev.held) / total if total else 1.0


@dataclass(frozen=True)
class DecisionEvidence:
    """What one decision can confirm of a claim: its word stems, years, entities, amounts and sentences."""

    stems: frozenset[str]
    years: frozenset[str]
    entities: frozenset[str]
    amounts: frozenset[Decimal]
    sentences: tuple[Sentence, ...] = ()


def decision_evidence(decision: Decision, found: Iterable[Found]) -> DecisionEvidence:
    """The evidence of one decision: its text split into sentences, with what was extracted from it. A
    decision without a text has none (its title alone, from a report's reference list, is no evidence)."""
    text = decision.text or ""
    found = list(found)
    mentions = [f for f in found if isinstance(f.item, Mention)]
    money = list(find_amounts(text)) if text else []
    sentences: list[Sentence] = []
    for s in split(text) if text else []:
        sentences.append(
            Sentence(
                decision.id,
                s.start,
                s.end,
                s.text,
                tuple(tokens(s.text)),
                frozenset(f.item.key for f in mentions if s.start <= f.start < s.end),  # type: ignore[union-attr]
                tuple(m.value for m in money if s.start <= m.start < s.end),
                tuple(dict.fromkeys(YEAR.findall(s.text))),
                text_keys(s.text),
                2 if sentence_act(s.text).strong else 1 if _ACTS.search(s.text) else 0,
            )
        )
    years = {y for s in sentences for y in s.years} | ({str(decision.date.year)} if decision.date and text else set())
    return DecisionEvidence(
        text_stems(text),
        frozenset(years),
        frozenset(f.item.key for f in mentions),  # type: ignore[union-attr]
        frozenset(f.item.value for f in found if isinstance(f.item, Grant)) | {m.value for m in money},
        tuple(sentences),
    )


def gather(ids: Iterable[str], evidence: Mapping[str, DecisionEvidence]) -> Evidence:
    """The evidence of a set of cited decisions (canonical ids), as one."""
    ids = sorted(ids)
    records = [evidence[d] for d in ids if d in evidence and evidence[d].sentences]
    words: set[str] = set().union(*(r.stems for r in records))
    held_keys = frozenset(k for r in records for s in r.sentences for k in s.keys)
    return Evidence(
        words,
        " " + " ".join(sorted(words | held_keys)) + " ",
        {k for r in records for k in r.entities},
        {a for r in records for a in r.amounts},
        {y for r in records for y in r.years},
        tuple(s for r in records for s in r.sentences),
        tuple(d for d in ids if d not in evidence or not evidence[d].sentences),
        frozenset(t for r in records for s in r.sentences for t in s.tokens),
        held_keys | words,
        tuple((held(k for s in r.sentences for k in s.keys), tuple(held(s.keys) for s in r.sentences))
              for r in records),
    )
