"""Decisions that build on each other: a decision that cites a decision of the Flemish Government ("tot
wijziging van het besluit van de Vlaamse Regering van 26 februari 2021 tot toekenning van ...") is linked to
that decision when the build holds it: same date, and the cited title's words in its title or formal title.

A pure function over the build's search documents, which hold every decision's date, title, opening text and
the government decisions it cites (``SearchDoc.acts``); the pipeline writes the links into the global part.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from .dutch import tokens
from .search import SearchDoc

# the share of the cited title's stems (at most its first TITLE_STEMS) that the decision's title and formal
# title must hold; a cited decision with no title is linked only when it is the one decision of its day
MATCH = 0.6
TITLE_STEMS = 8
OPENING = 600  # characters of a decision's text that hold its title and formal title


@dataclass(frozen=True)
class DecisionLink:
    source: str  # IRI of the citing decision
    target: str  # IRI of the decision it cites
    relation: str  # changes, implements or cites
    score: float


def decision_links(docs: Sequence[SearchDoc]) -> list[DecisionLink]:
    """Every citation of a government decision that resolves to a decision of the build, best match only."""
    by_date: dict[str, list[SearchDoc]] = defaultdict(list)
    for d in docs:
        if d.type == "decision" and d.date:
            by_date[d.date].append(d)
    opening: dict[str, set[str]] = {}  # stems of a candidate's opening, analysed only when a citation asks for it

    def stems(c: SearchDoc) -> set[str]:
        if c.iri not in opening:
            opening[c.iri] = set(tokens(f"{c.title}\n{c.text[:OPENING]}"))
        return opening[c.iri]

    links: dict[tuple[str, str], DecisionLink] = {}
    for d in docs:
        for date, title, relation in d.acts:
            candidates = [c for c in by_date.get(date, ()) if c.iri != d.iri]
            wanted = list(dict.fromkeys(tokens(title)))[:TITLE_STEMS]
            best: tuple[float, str] | None = None
            if wanted:
                for c in candidates:
                    have = stems(c)
                    score = sum(t in have for t in wanted) / len(wanted)
                    if score >= MATCH and (best is None or (score, c.iri) > best):
                        best = (score, c.iri)
            elif len(candidates) == 1:
                best = (0.0, candidates[0].iri)
            if best is not None:
                key = (d.iri, best[1])
                old = links.get(key)
                if old is None or (relation == "changes" and old.relation != "changes"):
                    links[key] = DecisionLink(d.iri, best[1], relation, round(best[0], 2))
    return sorted(links.values(), key=lambda x: (x.source, x.target))
