"""Plain data that readers produce and the mapping turns into RDF. Nothing here knows RDF."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Literal

DecisionKind = Literal["nota", "mededeling"]
DECISION_KINDS: tuple[DecisionKind, ...] = ("nota", "mededeling")


# Source ranks: lower wins for titles, dates and kinds; a decision's text prefers the clean file (TEXT_ORDER).
RANK_API, RANK_TEXT, RANK_REPORT_JSON, RANK_REPORT_MD = 1, 2, 3, 4
# The clean text file is the text the Government published; a report's copy comes next; the API's HTML last.
TEXT_ORDER = {RANK_TEXT: 0, RANK_REPORT_JSON: 1, RANK_REPORT_MD: 2, RANK_API: 3}


def canonical_id(value: str) -> str:
    """The identity key of a decision id: ids differ only in letter case between sources."""
    return value.strip().lower()


@dataclass(frozen=True)
class Source:
    """One input file: its path relative to the argument it was found under, and its content hash."""

    path: str
    sha256: str
    format: str


@dataclass(frozen=True)
class Problem:
    """Something wrong with one input. ``skipped`` means nothing of the file was used."""

    path: str
    message: str
    skipped: bool = False

    def __str__(self) -> str:
        return f"{self.path}: {self.message}"


@dataclass(frozen=True)
class Mandatee:
    """A minister responsible for a decision, with the title held at the time."""

    first_name: str
    family_name: str
    title: str | None
    id: str | None = None  # the publication API's mandateeId (Kaleidos); kept as an identifier, never as sameAs


@dataclass(frozen=True)
class Meeting:
    id: str
    start: dt.datetime


@dataclass(frozen=True)
class DecisionFacts:
    """What one source says about one decision; several of these merge into one decision."""

    id: str
    source: Source
    date: dt.date | None = None
    kind: DecisionKind | None = None
    title: str | None = None
    formal_title: str | None = None
    text: str | None = None  # original text, offsets into it are provenance
    source_url: str | None = None
    themis_uri: str | None = None
    meeting: Meeting | None = None
    mandatees: tuple[Mandatee, ...] = ()
    theme_ids: tuple[str, ...] = ()
    rank: int = 9  # lower wins when two sources disagree


@dataclass(frozen=True)
class Claim:
    """A bullet or sentence that cites decisions; ``start``/``end`` are offsets in the source text."""

    text: str
    citations: tuple[int, ...]
    theme: str | None
    start: int
    end: int
    emphasis: tuple[str, ...] = ()  # the phrases the report set in bold or italics: what the claim is about


@dataclass(frozen=True)
class Reference:
    """Entry n of a report's reference list: the decision it names and what the report holds of it."""

    number: int
    decision: DecisionFacts


@dataclass
class Report:
    key: str
    source: Source
    title: str | None = None
    summary: str | None = None
    conclusion: str | None = None
    claims: list[Claim] = field(default_factory=list)
    references: dict[int, Reference] = field(default_factory=dict)


@dataclass(frozen=True)
class ReportMetadata:
    key: str
    source: Source
    topic: str


@dataclass(frozen=True)
class SectionPath:
    """A coalition-agreement section as named by the corpus: chapter, policy domain, numbered titles."""

    chapter: str
    domain: str
    parts: tuple[tuple[str, str], ...]  # ("1.2", "Gebouwen"), ("1.2.1", "Woningen")

    @property
    def key(self) -> tuple[str, str]:
        """Section numbers restart in every policy domain: the domain is part of the identity."""
        return self.domain, self.number

    @property
    def number(self) -> str:
        return self.parts[-1][0] if self.parts else self.chapter

    @property
    def title(self) -> str:
        return self.parts[-1][1] if self.parts else self.domain


@dataclass(frozen=True)
class AgreementSection:
    path: SectionPath
    source: Source
    text: str


Document = Report | ReportMetadata | DecisionFacts | AgreementSection


@dataclass
class Decision:
    """A decision merged from every source that names it."""

    id: str
    date: dt.date | None
    kind: DecisionKind | None
    title: str | None
    formal_title: str | None
    text: str | None
    title_only: bool
    sources: tuple[Source, ...]
    source_urls: tuple[str, ...]
    themis_uris: tuple[str, ...]
    meeting: Meeting | None
    mandatees: tuple[Mandatee, ...]
    theme_ids: tuple[str, ...]
    text_source: Source | None = None  # the file whose text ``text`` is: offsets of mentions point into it


@dataclass
class Corpus:
    """Everything one build read, resolved: the input of the mapping."""

    reports: list[Report]
    report_sections: dict[str, SectionPath]  # report key -> section it evaluates
    decisions: dict[str, Decision]  # by canonical id
    sections: list[AgreementSection]
    problems: list[Problem]
