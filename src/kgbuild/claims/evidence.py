"""The evidence for a claim: the cited decisions' sentences, what they hold, and the ones that back the claim best.

Every cited decision's text is split into sentences (``kgbuild.sentences``), each with its stems, its keys
(``dutch.keys``: lemmas too), the organisations and programmes, amounts and years it states, and whether the
government acts in it. ``ranking`` orders them for a claim.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal

from ..dutch import WORD, idf, keys, stem, text_keys, tokens
from ..extract import Found, Grant, Mention
from ..extract.base import fold
from ..extract.money.amounts import find_amounts
from ..extract.operative import sentence_act
from ..model import Decision
from ..sentences import split

EVIDENCE_LIMIT = 3  # evidence sentences kept per claim
YEAR = re.compile(r"\b(19[9]\d|20[0-4]\d)\b")
# the government is the subject of a sentence ("De Vlaamse Regering keurt ... goed")
_ACTS = re.compile(r"\b[Rr]egering\b")


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
    score: float  # the ranking model's probability that a reader quotes it first (``ranking``)
    bm25: float = 0.0  # its BM25 score for the claim


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
