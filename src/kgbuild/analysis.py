"""The corpus and its extractions as Python objects, in this process: for notebooks, scoring and tests.

The build never holds these (it works partition by partition, see ``pipeline``); these helpers run the same
pure steps (``read_bytes``, the merges of ``resolve``, ``extract_decision``, the claim checks) over a small
input at once, so that what a reader or an extractor found can be looked at directly.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from .claims import check_claims
from .entities import Extracted, merge_coded_names, resolve_entities
from .extract import Found, extract_decision, load_gazetteer
from .model import Corpus, Document, Problem
from .readers import MAX_INPUT_BYTES, ReadResult, find_inputs, read_bytes, read_limited
from .resolve import resolve


def read_corpus(paths: Iterable[str | Path], max_bytes: int = MAX_INPUT_BYTES) -> Corpus:
    """Every input under ``paths``, read and resolved into one corpus; its ``problems`` list what was skipped."""
    problems: list[Problem] = []
    documents: list[Document] = []
    for path, rel in find_inputs(list(paths), problems):
        data = read_limited(path, rel, max_bytes)
        result = data if isinstance(data, ReadResult) else read_bytes(rel, data)
        documents.extend(result.documents)
        problems.extend(result.problems)
    corpus = resolve(documents, problems)
    corpus.problems = sorted(set(problems), key=lambda p: (p.path, p.message))
    return corpus


def extract_corpus(corpus: Corpus) -> Extracted:
    """Every extractor over every decision text, the mentions resolved into entities, the claims checked."""
    gazetteer = load_gazetteer()
    found: dict[str, list[Found]] = {k: extract_decision(d.id, d.text or "", gazetteer, d.title)
                                     for k, d in corpus.decisions.items() if d.text}
    found = merge_coded_names(found)
    extracted = Extracted(found, resolve_entities(found, gazetteer))
    extracted.checks = check_claims(corpus, extracted, gazetteer)
    return extracted


__all__ = ["extract_corpus", "read_corpus"]
