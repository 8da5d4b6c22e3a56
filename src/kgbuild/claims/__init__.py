"""Check every claim against the decisions it cites: what it asserts, which of that they hold, the sentences
that back it, and a verdict a reader can act on. Deterministic and offline.

- ``reading``: what a claim asserts (names, amounts, years, counts, acts, rare words) and whether it is a fact
  to check at all (recommendations, judgements, restated ambitions and the report on itself are not);
- ``evidence``: the cited decisions' sentences, indexed with what they state;
- ``ranking``: the sentences that back a claim best, by a ranking learnt from readers' choices (weights in
  ``data/evidence_model.json``);
- ``model``: the verdict model, a logistic regression shipped as coefficients (``data/claim_model.json``);
- ``check``: the check of one claim, of a report, of a corpus; one rating scale; the reason in sentences; a
  reader's verdict from the corrections file.

docs/claims.md says how each step works and what was measured on labelled claims.
"""

from __future__ import annotations

from ..dutch import stem
from .check import (
    BANDS,
    BEST,
    NOT_CHECKABLE_VALUE,
    RATINGS,
    WORST,
    ClaimCheck,
    check_claim,
    check_claims,
    check_report,
    cited,
    distribution,
)
from .evidence import (
    EVIDENCE_LIMIT,
    DecisionEvidence,
    Evidence,
    EvidenceSentence,
    Sentence,
    coverage,
    decision_evidence,
    found_in,
    gather,
    text_stems,
)
from .ranking import Query, rank
from .reading import Cover, Term, cover, measure, not_checkable

__all__ = [
    "BANDS", "BEST", "EVIDENCE_LIMIT", "NOT_CHECKABLE_VALUE", "RATINGS", "WORST", "ClaimCheck", "Cover",
    "DecisionEvidence", "Evidence", "EvidenceSentence", "Query", "Sentence", "Term", "check_claim", "check_claims",
    "check_report", "cited", "cover", "coverage", "decision_evidence", "distribution", "found_in", "gather", "measure",
    "not_checkable", "rank", "stem", "text_stems",
]
