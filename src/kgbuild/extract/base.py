"""What extractors read and return. Extractors see the normalised text of one decision and report
spans in it; the pipeline maps those spans back onto the original text for provenance."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from typing import Literal

from .money.amounts import PeriodSpan

EntityType = Literal["organisation", "programme", "person"]
ENTITY_TYPES: tuple[EntityType, ...] = ("organisation", "programme", "person")


@dataclass(frozen=True)
class GazetteerEntry:
    id: str
    type: EntityType
    name: str
    acronym: str | None = None
    aliases: tuple[str, ...] = ()
    kind: str | None = None
    website: str | None = None
    part_of: str | None = None


@dataclass(frozen=True)
class Doc:
    """One decision as the extractors see it: its id, its normalised text and the gazetteer to match."""

    id: str
    text: str
    gazetteer: Gazetteer
    title_end: int = 0  # the text opens with the decision's title: text[:title_end]
    # offsets of single spaces that were wider in the original ("2021  De Vlaamse Regering"): where the opening's
    # title, formal title and summary, run on without a stop, meet (``sentences.gap_breaks``)
    breaks: tuple[int, ...] = ()


@dataclass(frozen=True)
class Mention:
    """A named organisation, programme or person at ``text[start:end]`` of a document.

    ``key`` identifies the entity across documents: a gazetteer id, or a key made from the name itself
    (so that an entity's IRI does not change when the corpus grows).
    """

    type: EntityType
    start: int
    end: int
    text: str
    key: str
    label: str
    acronym: str | None = None
    kind: str | None = None
    code: str | None = None
    part_of: str | None = None


@dataclass(frozen=True)
class CorrectionNote:
    """A reader's correction applied to a grant (``kgbuild.corrections``): what it set, by whom, when, why."""

    key: str
    field: str
    value: str
    who: str
    date: str
    why: str


@dataclass(frozen=True)
class Grant:
    """An amount of money a decision allocates, with what the text says about who gets it and for what."""

    start: int
    end: int
    text: str
    value: Decimal
    min_value: Decimal | None = None
    kind: str | None = None
    period: PeriodSpan | None = None
    recipient: Mention | None = None
    funded: Mention | None = None
    also_at: tuple[tuple[int, int], ...] = field(default=())  # the same allocation repeated (title and body)
    role: str = "committed"  # extract.roles.ROLES
    part_of: int | None = None  # start of the committed amount this one is a part of
    funded_by: Mention | None = None  # the plan or fund the money comes from
    sentence: tuple[int, int] = (0, 0)  # the sentence around the amount (for a reader, and the build report)
    reason: str = ""  # why it has its role: the rule and the words that triggered it
    confidence: str = "high"  # high: the amount's own words or an operative clause say it; low: a default
    # what it adds when that is not its value: the new money of a budget raised to ``value`` from an earlier level
    # (X - Y), or its value for each of several bodies ("Elk project krijgt 75.000 euro" for five projects)
    increase: Decimal | None = None
    corrections: tuple[CorrectionNote, ...] = ()  # readers' corrections applied to it

    @property
    def committed(self) -> Decimal:
        """What this amount adds to the decision's committed money: its value, the increase of a raised budget,
        nothing when its role is not committed."""
        if self.role != "committed":
            return Decimal(0)
        return self.increase if self.increase is not None else self.value


@dataclass(frozen=True)
class LegalCitation:
    """A legal act a decision names by its date or official number (``extract.legislation``), and what the
    decision does with it."""

    start: int
    end: int
    text: str
    kind: str  # decreet, bvr, mb, kb, wet, ordonnantie, samenwerkingsakkoord, eu-verordening, eu-richtlijn, eu-besluit
    date: str | None  # ISO date of the act
    number: str | None  # an EU act's number, "2021/241"
    title: str  # the words of its title that follow, "" when none do
    relation: str  # changes, implements or cites


@dataclass(frozen=True)
class EnterpriseNumber:
    """A Belgian enterprise number (KBO/BCE) with a valid check (``extract.enterprises``), and the
    organisation it is written after, when one is."""

    start: int
    end: int
    text: str
    digits: str  # ten digits, "0403170701"
    organisation: Mention | None


@dataclass(frozen=True)
class DecisionAct:
    """What a decision does (``extract.operative``): its act type and the sentence that says so, with the
    words ("keurt ... goed", "neemt kennis van"); the span is that sentence, or the title when none acts."""

    start: int
    end: int
    act_type: str  # extract.operative.ACT_TYPES
    words: str
    operative: int  # how many sentences of the decision act now


Extraction = Mention | Grant | LegalCitation | EnterpriseNumber | DecisionAct


class Taken:
    """The character ranges already claimed by mentions: overlap tests in time proportional to the range,
    not to the number of mentions (a list of ranges tested one by one is quadratic on a long document)."""

    def __init__(self, length: int) -> None:
        self._marks = bytearray(length + 1)

    def overlaps(self, start: int, end: int) -> bool:
        return start < end and self._marks.find(1, start, end) >= 0

    def add(self, start: int, end: int) -> None:
        self._marks[start:end] = b"\x01" * (end - start)


def find_again(doc: Doc, found: list[Mention]) -> list[Mention]:
    """Other spellings of names found by their form, elsewhere in the same document: a body introduced
    as "De Vlaamse AI Academie (VAIA)" is also "Vlaamse AI-Academie" three lines on."""
    local = Gazetteer([GazetteerEntry(m.key, m.type, m.label, m.acronym) for m in
                       {m.key: m for m in found if m.key not in doc.gazetteer.entries}.values()])
    if not local.entries:
        return found
    byid = {m.key: m for m in found}
    taken = Taken(len(doc.text))
    for m in found:
        taken.add(m.start, m.end)
    more = []
    for start, end, entry in local.find(doc.text):
        if taken.overlaps(start, end):
            continue
        m = byid[entry.id]
        more.append(Mention(m.type, start, end, doc.text[start:end], m.key, m.label, m.acronym, m.kind, m.code,
                            m.part_of))
    return sorted([*found, *more], key=lambda m: (m.start, m.end))


# ---------------------------------------------------------------- matching text regardless of case and accents

_TOKEN = re.compile(r"[0-9a-z]+|&|\+")
_ARTICLES = frozenset({"de", "het", "the", "t"})
_LEGAL_FORMS = frozenset({"vzw", "nv", "cvba", "bv", "cv", "ivzw", "srl", "asbl", "bvba", "esv"})


def _fold_char(ch: str) -> str:
    base = unicodedata.normalize("NFKD", ch)[:1].lower()
    return base if len(base) == 1 and base.isascii() else ch.lower()[:1] or " "


# accented Latin letters to their base letter, one for one
_FOLD_TABLE = {c: _fold_char(chr(c)) for c in range(0xC0, 0x250)}


def fold(text: str) -> str:
    """Lower case without accents, one character for one character, so offsets stay valid."""
    lowered = text.lower()
    if len(lowered) != len(text):  # a rare letter whose lower case is longer ("İ"): go one by one
        return "".join(c.lower() if c.isascii() else _fold_char(c) for c in text)
    return lowered.translate(_FOLD_TABLE)


@lru_cache(maxsize=32)
def token_list(text: str) -> tuple[tuple[str, int, int], ...]:
    """``tokens`` of a text, remembered: every extractor matches names against the same document."""
    return tuple(tokens(text))


def tokens(text: str) -> Iterator[tuple[str, int, int]]:
    """Word tokens of ``text`` as (token, start, end); '&' and '+' count as the word 'en'.

    A word the scraper broke at a line end, "Voedings- onderzoek", is one token again (but not the
    suspended compound "Informatie- en ICT-beleid").
    """
    folded = fold(text)
    pending: tuple[str, int, int] | None = None
    for m in _TOKEN.finditer(folded):
        tok = "en" if m.group() in "&+" else m.group()
        if pending is not None:
            ptok, pstart, pend = pending
            if folded[pend:m.start()] == "- " and text[m.start()].islower() and tok not in ("en", "of", "tot"):
                pending = (ptok + tok, pstart, m.end())
                continue
            yield pending
        pending = (tok, m.start(), m.end())
    if pending is not None:
        yield pending


def name_key(name: str) -> str:
    """The key two spellings of one name share: tokens without leading articles or trailing legal forms.

    "De Vlaamse AI-Academie", "Vlaamse AI Academie" -> "vlaamse-ai-academie";
    "Kenniscentrum Data & Maatschappij" = "Kenniscentrum Data en Maatschappij".
    """
    toks = [t for t, _, _ in tokens(name)]
    while len(toks) > 2 and toks[0] in _ARTICLES:
        toks.pop(0)  # "De Lijn" keeps its article: "Lijn" alone is not the company
    while toks and toks[-1] in _LEGAL_FORMS:
        toks.pop()
    return "-".join(toks)


def loose_key(key: str) -> str:
    """A name key without the "voor" that links a head to its subject: "Fonds voor Innoveren en Ondernemen" and
    "Fonds Innoveren en Ondernemen" are one body. Used only to find a gazetteer entry, never to make a key."""
    toks = key.split("-")
    return "-".join(t for i, t in enumerate(toks) if not (t == "voor" and 0 < i < len(toks) - 1))


class Gazetteer:
    """Curated names, acronyms and aliases, matched as token sequences (longest first)."""

    def __init__(self, entries: list[GazetteerEntry]) -> None:
        self.entries = {e.id: e for e in entries}
        # first token -> [(tokens, entry id, acronym surface or None)], longest first
        index: dict[str, list[tuple[tuple[str, ...], str, str | None]]] = {}
        self._by_key: dict[tuple[str, str], str] = {}
        self._by_loose: dict[tuple[str, str], str] = {}  # keys without a linking "voor": see loose_key
        self._forms: dict[tuple[str, str], set[str]] = {}  # (id, key) -> spellings, for exact-case matches
        for e in sorted(entries, key=lambda e: e.id):
            forms: list[tuple[str, str | None]] = [(e.name, None), *((a, None) for a in e.aliases)]
            if e.acronym:
                forms.append((e.acronym, e.acronym))
            for form, acronym in forms:
                key = name_key(form)
                if not key:
                    continue
                self._by_key.setdefault((e.type, key), e.id)
                self._by_loose.setdefault((e.type, loose_key(key)), e.id)
                self._forms.setdefault((e.id, key), set()).add(form)
                toks = tuple(key.split("-"))
                index.setdefault(toks[0], []).append((toks, e.id, acronym))
        # first token -> the lengths of the names it starts, longest first; token sequence -> (id, acronym)s
        self._lengths: dict[str, tuple[int, ...]] = {}
        self._names: dict[tuple[str, ...], list[tuple[str, str | None]]] = {}
        for first, options in index.items():
            options.sort(key=lambda o: (-len(o[0]), o[1]))
            self._lengths[first] = tuple(sorted({len(o[0]) for o in options}, reverse=True))
            for seq, ident, acronym in options:
                self._names.setdefault(seq, []).append((ident, acronym))

    def lookup(self, type_: EntityType, name: str) -> GazetteerEntry | None:
        """The entry whose name, alias or acronym is spelt like ``name`` (see name_key)."""
        key = name_key(name)
        ident = self._by_key.get((type_, key)) or self._by_loose.get((type_, loose_key(key)))
        return self.entries[ident] if ident else None

    def find(self, text: str) -> Iterator[tuple[int, int, GazetteerEntry]]:
        """Non-overlapping (start, end, entry) of every name in ``text``, leftmost-longest."""
        toks = token_list(text)
        words = [t[0] for t in toks]
        lengths = self._lengths
        i = 0
        while i < len(toks):
            if words[i] not in lengths:  # most words start no name: skip them without a call
                i += 1
                continue
            match = self._match_at(text, toks, words, i)
            if match is None:
                i += 1
                continue
            n, entry = match
            yield toks[i][1], toks[i + n - 1][2], entry
            i += n

    def _match_at(self, text: str, toks: tuple[tuple[str, int, int], ...], words: list[str],
                  i: int) -> tuple[int, GazetteerEntry] | None:
        for n in self._lengths[words[i]]:
            if i + n > len(toks):
                continue
            seq = tuple(words[i:i + n])
            for ident, acronym in self._names.get(seq, ()):
                start, end = toks[i][1], toks[i + n - 1][2]
                surface = text[start:end]
                if acronym is not None and surface not in (acronym, acronym.upper()):
                    continue  # acronyms match in their own case only: "FIT", not "fit"
                if acronym is None and n == 1 and not surface[:1].isupper() \
                        and surface not in self._forms.get((ident, seq[0]), ()):
                    continue  # a one-word name is a proper noun: "Sciensano", not "sciensano"; "deSingel" as written
                return n, self.entries[ident]
        return None
