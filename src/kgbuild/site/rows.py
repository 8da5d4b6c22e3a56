"""The rows and pages of the site as plain data: what a table row, a link, a highlighted stretch of text and a
page hold. ``pages.Site`` fills them from the view data; ``render`` writes them as HTML."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from ..viz.data import ROLE_NAMES, euro_full


@dataclass(frozen=True)
class Link:
    """A name and the page (relative to the site's root, with an optional #anchor) it opens; ``key`` is empty
    for a name with no page."""

    label: str
    key: str = ""
    anchor: str = ""

    @property
    def href(self) -> str:
        return f"{self.key}.html" + (f"#{self.anchor}" if self.anchor else "") if self.key else ""


@dataclass
class DecisionRow:
    link: Link
    date: str
    kind: str
    ministers: list[Link]
    domains: list[str]
    committed: Decimal | None  # committed money the decision grants (each euro once); None: no amount
    amounts: int
    claims: int
    note: str = ""  # why the row is listed (a rank, a role)
    low: Decimal = Decimal(0)  # the part of ``committed`` with low confidence (an amount only said to be there)

    @property
    def low_shown(self) -> str:
        return euro_full(self.low)


@dataclass
class GrantRow:
    anchor: str
    amount: Decimal
    role: str
    decision: Link
    date: str
    recipients: list[Link]
    programmes: list[Link]
    ministers: list[Link]
    domains: list[str]
    quote: str
    sentence: str
    committed: Decimal = Decimal(0)  # what it adds to committed money (the increase of a raised budget)
    confidence: str = ""
    reason: str = ""
    corrected: bool = False

    @property
    def why(self) -> str:
        """Why it has its role, with how sure that is and whether a reader corrected it."""
        notes = [x for x in ("low confidence" if self.confidence == "low" else "",
                             "corrected by a reader" if self.corrected else "") if x]
        return self.reason + (f" ({'; '.join(notes)})" if notes else "")

    @property
    def counts(self) -> bool:
        """Whether the committed-money rule counts this amount (new money this decision grants)."""
        return self.role in ("", "committed")

    @property
    def role_name(self) -> str:
        return ROLE_NAMES.get(self.role, self.role) or "unclassified"

    @property
    def shown(self) -> str:
        return euro_full(self.amount)


@dataclass
class Evidence:
    sentence: str
    decision: Link
    date: str


@dataclass
class ClaimRow:
    anchor: str
    text: str
    verdict: str
    why: str
    report: Link
    theme: Link | None
    evidence: list[Evidence]
    cited: list[Link]
    date: str  # the latest date among the decisions it cites: when what it claims was decided
    ministers: list[Link]
    domains: list[str]
    fix: str = ""  # how a corrections file names it: "<report key>#<n>"


@dataclass
class PromiseRow:
    """A promise of an agreement section, what was done about it, and the decisions that act on it."""

    anchor: str  # belofte-N: its place on the section's page
    number: int
    text: str
    status: str  # money committed, acted on, no decision found
    decisions: list[Link]
    committed: Decimal  # the committed money of the decisions acting on it (each once)
    fix: str = ""  # how a corrections file names it: its IRI


@dataclass
class Segment:
    """A piece of a decision's text; ``link`` set for a highlighted mention."""

    text: str
    link: Link | None = None
    type: str = ""


@dataclass
class Page:
    key: str
    type: str
    iri: str
    title: str
    facts: list[tuple[str, str]] = field(default_factory=list)
    links: list[tuple[str, str]] = field(default_factory=list)  # external (label, http(s) URL)
    lists: list[tuple[str, list[tuple[Link, str]]]] = field(default_factory=list)  # heading, (name, note)
    text: list[Segment] = field(default_factory=list)
    text_title: str = ""
    decisions: list[DecisionRow] = field(default_factory=list)
    decisions_title: str = "Decisions"
    grants: list[GrantRow] = field(default_factory=list)
    claims: list[ClaimRow] = field(default_factory=list)
    uncited: list[DecisionRow] = field(default_factory=list)
    promises: list[PromiseRow] = field(default_factory=list)
    neighbours: list[str] = field(default_factory=list)  # IRIs the page's graph draws besides its own
