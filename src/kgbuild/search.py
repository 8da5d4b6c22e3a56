"""Ranked Dutch full-text search over decisions, claims, agreement sections and reports, and the decisions a
report did not cite (``relevant_uncited``).

The index is BM25 (bm25s) over Dutch Snowball stems without stopwords (``kgbuild.dutch``), one document per
decision (title and text), claim, agreement section and report (title, summary, conclusion). ``build`` writes
it under ``OUT/search/``: bm25s's sparse score matrix as ``.npy`` files (read back with
``allow_pickle=False``), its vocabulary and parameters as JSON, and ``documents.json`` with what a hit shows
and what the filters test. ``SearchIndex.open`` reads those files without the corpus.

A query is analysed like the documents; syntax characters (quotes, ``:``, ``*``, ``AND``...) are not
operators, only words count, so any string is a valid query. A query with no word the index knows gives no
hits and a note saying so.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, fields
from pathlib import Path

import bm25s
import numpy as np

from .dutch import WORD, idf, stopwords, tokens
from .errors import KgbuildError
from .extract.base import fold
from .options import SEARCH_FORMATS, SEARCH_TYPES
from .sentences import split

TYPES = SEARCH_TYPES
DOCUMENTS = "documents.json"
FORMAT = 1  # the layout of the index folder; a folder of another layout is refused, not misread


# Lucene's and SPARQL's boolean operators, as a user of those would type them: syntax, not words
_OPERATORS = re.compile(r"\b(?:AND|OR|NOT|TO)\b")


class SearchError(KgbuildError):
    """An index that cannot be opened, or a filter value that is not valid."""


@dataclass
class SearchDoc:
    """One searchable document: what a hit shows and what the filters test."""

    id: str  # decision id, report key, "report key#n" for a claim, "domain number" for a section
    type: str  # one of TYPES
    iri: str
    title: str
    text: str
    date: str = ""  # ISO date, "" when unknown
    ministers: tuple[str, ...] = ()
    domains: tuple[str, ...] = ()
    cites: tuple[str, ...] = ()  # for a report: the decisions its claims cite
    cited_by: tuple[str, ...] = ()  # for a decision: the reports that cite it
    names: tuple[str, ...] = ()  # for a decision: the organisations and programmes it mentions
    section: str = ""  # for a report: the id of the agreement section it evaluates
    # for a decision: the decisions of the Flemish Government it cites, as (date, title, relation) (links.py)
    acts: tuple[tuple[str, str, str], ...] = ()
    tokens: tuple[str, ...] = field(default=(), repr=False)


@dataclass(frozen=True)
class Hit:
    id: str
    type: str
    title: str
    date: str
    score: float
    snippet: str
    iri: str


@dataclass(frozen=True)
class SearchResult:
    hits: tuple[Hit, ...]
    note: str = ""  # why there are no hits, when that is not for lack of matching documents


@dataclass(frozen=True)
class Filters:
    type: str | None = None
    date_from: str | None = None  # ISO dates, inclusive
    date_to: str | None = None
    minister: str | None = None  # a substring of a minister's name, any case
    domain: str | None = None  # a substring of a policy domain, any case

    def check(self) -> None:
        if self.type is not None and self.type not in TYPES:
            raise SearchError(f"unknown type {self.type!r}; valid: {', '.join(TYPES)}")
        for name, value in (("from", self.date_from), ("to", self.date_to)):
            if value is not None:
                try:
                    dt.date.fromisoformat(value)
                except ValueError:
                    raise SearchError(f"--{name} {value!r} is not a date (YYYY-MM-DD)") from None

    def admits(self, doc: SearchDoc) -> bool:
        if self.type and doc.type != self.type:
            return False
        if self.date_from and not (doc.date and doc.date >= self.date_from):
            return False
        if self.date_to and not (doc.date and doc.date <= self.date_to):
            return False
        if self.minister and not any(self.minister.casefold() in m.casefold() for m in doc.ministers):
            return False
        return not (self.domain and not any(self.domain.casefold() in d.casefold() for d in doc.domains))


def linked(docs: list[SearchDoc]) -> list[SearchDoc]:
    """``docs`` with each decision in the policy domains of the reports that cite it (the only domain a
    decision has)."""
    domains = {d.id: d.domains for d in docs if d.type == "report"}
    for d in docs:
        if d.type == "decision" and d.cited_by:
            d.domains = tuple(sorted({x for r in d.cited_by for x in domains.get(r, ())}))
    return docs


def analysed(doc: SearchDoc) -> SearchDoc:
    """``doc`` with its tokens: the stems of its title and text."""
    doc.tokens = tuple(tokens(f"{doc.title}\n{doc.text}"))
    return doc


def shared_tokens(docs: Iterable[SearchDoc], pool: dict[str, str]) -> Iterator[SearchDoc]:
    """``docs`` with each distinct token one string object in ``pool``: a decoded token is a new string each time,
    and the tokens of every document of a corpus held as separate strings were the largest part of the search
    round's memory (with the spills held at once, about 450 MB of its 1.1 GB at 68,000 documents)."""
    for doc in docs:
        doc.tokens = tuple(pool.setdefault(t, t) for t in doc.tokens)
        yield doc


def snippet(text: str, query: Sequence[str], limit: int = 240) -> str:
    """The sentence of ``text`` that holds the rarest query stems, cut to ``limit`` characters."""
    wanted = set(query)
    best, best_score = "", -1.0
    for s in split(text) if text else []:
        score = sum(idf(t) for t in wanted & set(tokens(s.text)))
        if score > best_score:
            best, best_score = s.text, score
    return best if len(best) <= limit else best[: limit - 1].rstrip() + "…"


class SearchIndex:
    """A BM25 index over search documents, in memory; ``save`` and ``open`` keep it in a folder."""

    def __init__(self, docs: Sequence[SearchDoc], bm25: bm25s.BM25) -> None:
        self.docs = list(docs)
        self.bm25 = bm25
        self.vocab: dict[str, int] = dict(bm25.vocab_dict)
        self.by_id = {(d.type, d.id): d for d in self.docs}
        self.claims_of: dict[str, list[SearchDoc]] = {}  # report id -> its claims ("report#n"), in order
        for d in self.docs:
            if d.type == "claim":
                self.claims_of.setdefault(d.id.rsplit("#", 1)[0], []).append(d)

    @classmethod
    def build(cls, docs: Iterable[SearchDoc]) -> SearchIndex:
        """Index documents (analysed ones keep their tokens), in a fixed order: by type, then id."""
        ordered = sorted((d if d.tokens else analysed(d) for d in docs), key=lambda d: (TYPES.index(d.type), d.id))
        token_lists = [d.tokens or ("",) for d in ordered] or [("",)]
        # the vocabulary in sorted order: bm25s numbers tokens as a set yields them, which differs from one process
        # to the next (string hashing is randomised), and so did the index files of the same input
        vocab = {t: i for i, t in enumerate(sorted({t for tokens in token_lists for t in tokens}))}
        bm25 = bm25s.BM25()
        bm25.index(([[vocab[t] for t in tokens] for tokens in token_lists], vocab), show_progress=False)
        return cls(ordered, bm25)

    def save(self, folder: Path) -> None:
        """Write the index into ``folder`` (which should be new or empty: the caller renames it into place)."""
        folder.mkdir(parents=True, exist_ok=True)
        self.bm25.save(str(folder), show_progress=False)
        names = sorted(f.name for f in fields(SearchDoc) if f.name != "tokens")
        # written a document at a time (the corpus x10's file is 72 MB), exactly as json.dumps({"documents": [...],
        # "format": FORMAT}, ensure_ascii=False, sort_keys=True) would write it
        with (folder / DOCUMENTS).open("w", encoding="utf-8") as f:
            f.write('{"documents": [')
            for i, d in enumerate(self.docs):
                f.write((", " if i else "") + json.dumps({k: getattr(d, k) for k in names}, ensure_ascii=False))
            f.write('], "format": ' + json.dumps(FORMAT) + "}")

    @classmethod
    def open(cls, folder: Path) -> SearchIndex:
        """The index a build wrote into ``folder`` (``OUT/search``)."""
        path = Path(folder) / DOCUMENTS
        if not path.is_file():
            raise SearchError(f"{folder}: no search index here (run kgbuild build first)")
        try:
            meta = json.loads(path.read_text(encoding="utf-8"))
            if meta.get("format") != FORMAT:
                raise SearchError(f"{folder}: a search index of another format ({meta.get('format')!r}); rebuild")
            docs = [
                SearchDoc(**{k: tuple(v) if isinstance(v, list) else v for k, v in d.items()})  # type: ignore[arg-type]
                for d in meta["documents"]
            ]
            bm25 = bm25s.BM25.load(str(folder), allow_pickle=False, show_progress=False)
        except SearchError:
            raise
        except (OSError, ValueError, TypeError, KeyError) as exc:
            raise SearchError(f"{folder}: the search index cannot be read ({exc}); rebuild") from None
        return cls(docs, bm25)

    def scores(self, query: Sequence[str]) -> np.ndarray:
        """The BM25 score of every document for the known stems of ``query`` (each counted once)."""
        known = [t for t in dict.fromkeys(query) if t in self.vocab and t]
        if not known:
            return np.zeros(len(self.docs))
        return np.asarray(self.bm25.get_scores(known), dtype=float)

    def search(self, text: str, filters: Filters = Filters(), limit: int = 10) -> SearchResult:
        """The best ``limit`` documents for a free-text query, with the filters applied."""
        filters.check()
        if limit < 1:
            raise SearchError(f"--limit {limit}: give a number of results of at least 1")
        query = tokens(_OPERATORS.sub(" ", text))
        if not query:
            stop = stopwords()
            kind = "only stopwords" if any(fold(w) in stop for w in WORD.findall(text)) else "no words"
            return SearchResult((), f"the query has {kind}: nothing to search for")
        if not any(t in self.vocab for t in query):
            return SearchResult((), "no document holds any word of the query")
        scores = self.scores(query)
        order = np.argsort(-scores, kind="stable")
        hits: list[Hit] = []
        for i in order:
            if scores[i] <= 0 or len(hits) >= limit:
                break
            doc = self.docs[int(i)]
            if filters.admits(doc):
                hits.append(
                    Hit(
                        doc.id,
                        doc.type,
                        doc.title,
                        doc.date,
                        round(float(scores[i]), 3),
                        snippet(doc.text or doc.title, query),
                        doc.iri,
                    )
                )
        return SearchResult(tuple(hits))


# --- what a report did not cite ------------------------------------------------------------------------------

RELEVANT_LIMIT = 20  # candidates kept per report or section


@dataclass(frozen=True)
class Candidate:
    decision: str  # decision id
    iri: str
    title: str
    date: str
    score: float


def relevant_uncited(
    index: SearchIndex, query_text: str, cited: Iterable[str] = (), limit: int = RELEVANT_LIMIT,
    prior: np.ndarray | None = None,
) -> list[Candidate]:
    """The decisions most relevant to ``query_text`` (a section's text, a report's claims, the names its cited
    decisions mention, a promise) that are not among ``cited``, best first; ``prior``, when given, multiplies each
    document's BM25 score."""
    query = list(dict.fromkeys(tokens(query_text)))
    scores = index.scores(query)
    if prior is not None:
        scores = scores * prior
    skip = {c.upper() for c in cited}
    out: list[Candidate] = []
    for i in np.argsort(-scores, kind="stable"):
        doc = index.docs[int(i)]
        if scores[i] <= 0 or len(out) >= limit:
            break
        if doc.type == "decision" and doc.id.upper() not in skip:
            out.append(Candidate(doc.id, doc.iri, doc.title, doc.date, round(float(scores[i]), 3)))
    return out


def report_query(index: SearchIndex, report: SearchDoc) -> str:
    """What a report is about: the text of the section it evaluates, its claims, and the organisations and
    programmes its cited decisions mention."""
    parts = [report.title]
    section = index.by_id.get(("section", report.section))
    if section is not None:
        parts += [section.title, section.text]
    parts += [d.text for d in index.claims_of.get(report.id, ())]
    for ident in report.cites:
        dec = index.by_id.get(("decision", ident)) or index.by_id.get(("decision", ident.upper()))
        if dec is not None:
            parts += dec.names
    return "\n".join(parts)


def missed(index: SearchIndex, report_id: str, limit: int = RELEVANT_LIMIT) -> list[Candidate]:
    """The decisions most relevant to a report's subject that it does not cite."""
    report = index.by_id.get(("report", report_id))
    if report is None:
        known = sorted(d.id for d in index.docs if d.type == "report")
        hint = f"; e.g. {', '.join(known[:3])}" if known else "; the index holds no report"
        raise SearchError(f"no report {report_id!r} in the index{hint}")
    return relevant_uncited(index, report_query(index, report), report.cites, limit)


def missed_everywhere(index: SearchIndex, limit: int = RELEVANT_LIMIT) -> dict[tuple[str, str], list[Candidate]]:
    """For every report, and every agreement section no report evaluates, its relevant uncited decisions,
    keyed by (type, id)."""
    out: dict[tuple[str, str], list[Candidate]] = {}
    evaluated = {d.section for d in index.docs if d.type == "report"}
    for doc in index.docs:
        if doc.type == "report":
            out[("report", doc.id)] = relevant_uncited(index, report_query(index, doc), doc.cites, limit)
        elif doc.type == "section" and doc.id not in evaluated:
            out[("section", doc.id)] = relevant_uncited(index, f"{doc.title}\n{doc.text}", (), limit)
    return out


# --- the decisions that act on a promise of the coalition agreement --------------------------------------------

PROMISE_LIMIT = 10  # candidates kept per promise
# how much more a decision counts for a promise when a report on the promise's section cites it: its authors read
# it as evidence for that section (a prior, not a filter: search still has to find the promise's words in it)
CITED_PRIOR = 1.0
ACTING_RANKS = 3  # a cited decision acts on a promise when it ranks among its first candidates


def promise_candidates(index: SearchIndex, limit: int = PROMISE_LIMIT
                       ) -> dict[str, list[tuple[int, list[Candidate], list[str]]]]:
    """For every agreement section, per promise (``promises.find_promises`` of its text): the promise's number
    in its section, the decisions search ranks for its sentence (best first), and those of the first
    ``ACTING_RANKS`` that the reports evaluating the section cite (taken to act on it). Keyed by the section's
    IRI."""
    from .promises import find_promises

    cited: dict[str, set[str]] = {}
    for doc in index.docs:
        if doc.type == "report" and doc.section:
            cited.setdefault(doc.section, set()).update(c.upper() for c in doc.cites)
    out: dict[str, list[tuple[int, list[Candidate], list[str]]]] = {}
    for doc in index.docs:
        if doc.type != "section":
            continue
        found = []
        reported = cited.get(doc.id, set())
        prior = np.array([1.0 + CITED_PRIOR * (d.type == "decision" and d.id.upper() in reported)
                          for d in index.docs]) if reported else None
        for promise in find_promises(doc.text):
            candidates = relevant_uncited(index, promise.text, (), limit, prior)
            # acting: a cited decision among the few closest to the promise's words, not anywhere in the ten
            acting = [c.decision for c in candidates[:ACTING_RANKS] if c.decision.upper() in reported]
            found.append((promise.index, candidates, acting))
        out[doc.iri] = found
    return out


HIT_COLUMNS = ("id", "type", "title", "date", "score", "snippet")
CANDIDATE_COLUMNS = ("decision", "title", "date", "score")
OUTPUT_FORMATS = SEARCH_FORMATS


def rows(items: Sequence[Hit] | Sequence[Candidate], columns: Sequence[str]) -> list[list[str]]:
    """The items as rows of strings, one column each (scores with three decimals)."""
    return [[f"{v:.3f}" if isinstance(v := getattr(item, c), float) else str(v) for c in columns] for item in items]


def format_rows(items: Sequence[Hit] | Sequence[Candidate], columns: Sequence[str], fmt: str) -> str:
    """csv (RFC 4180, a header row) or json (a list of objects) of the items."""
    if fmt == "json":
        return (
            json.dumps([{c: getattr(item, c) for c in columns} for item in items], ensure_ascii=False, indent=1) + "\n"
        )
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\r\n")
        writer.writerow(columns)
        writer.writerows(rows(items, columns))
        return buffer.getvalue()
    raise SearchError(f"unknown format {fmt!r}; valid: {', '.join(OUTPUT_FORMATS)}")


__all__ = [
    "CANDIDATE_COLUMNS",
    "HIT_COLUMNS",
    "OUTPUT_FORMATS",
    "TYPES",
    "Candidate",
    "Filters",
    "Hit",
    "SearchDoc",
    "SearchError",
    "SearchIndex",
    "SearchResult",
    "format_rows",
    "linked",
    "missed",
    "missed_everywhere",
    "relevant_uncited",
    "rows",
    "shared_tokens",
    "snippet",
]
