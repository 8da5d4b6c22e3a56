"""Check every claim against the decisions it cites: which of its terms occur in at least one of them.

The method is lexical, deterministic and offline. A claim's terms are

- its *key terms*: the phrases the report set in bold or italics, the organisations and programmes it
  names (found by the same extractors as in decisions), and the amounts it states;
- its *content words*: the other words, without Dutch function words and report boilerplate;
- the years it names.

A term is supported when a cited decision contains it, after normalisation: case and accents do not
count; Dutch inflection is stripped ("subsidies" ~ "subsidie"); a word is found inside a compound
("netwerk" in "netwerkinfrastructuur"); a hyphenated compound is checked part by part ("5G-netwerk" needs
"5G" and "netwerk"); an organisation or programme is found through the entity graph (the claim's "VAIA"
is the decision's "Vlaamse AI Academie"); an amount is found as the same value (also rounded). A key
phrase is supported when its specific words (names, acronyms, numbers) all are and at least half of
its other words are.

The score is the supported share of the weighted terms (key terms 3, years 2, content words 1). The
rating is "unsupported" when no key term is supported and either the claim has key terms and scores
under 0.4, or under 15% of its content words are supported; "supported" when every key term is
supported and the score is at least 0.6; else "partly supported". The thresholds were chosen on the
labelled claims in tests/labels/issue7_claims.json.

Limits: synonyms and paraphrase are not recognised ("verlagen" vs "verminderen"), so a well-paraphrased
claim can score low; a claim can copy the decision's words and still misstate it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal

from .entities import Extracted
from .extract import Found, Gazetteer, Grant, Mention
from .extract import organisations as org_extractor
from .extract import programmes as prog_extractor
from .extract.base import Doc, fold
from .extract.money import find_amounts
from .model import Claim, Corpus, Decision, Report, canonical_id
from .text import clean

RATINGS = ("supported", "partly supported", "unsupported")
BEST, WORST = 1, 0

# Dutch function words, and words every report uses of every decision: they say nothing a decision must hold.
_STOP_TEXT = """
aan al alle alleen als andere ander anders bij binnen daar daarbij daarmee daarnaast dan dat de deze die dit door
een eens en er evenals even ge geen geweest haar had heb hebben heeft hem het hier hij hoe hun ik in is ja je
kan kon kunnen maar me meer men met mij mijn moet na naar niet niets nog nu of om omdat onder ons ook op over
reeds sinds te tegen toch toe tot u uit uw van veel voor vooral waar waren was wat we wel werd werden wie wij
worden wordt zal ze zelf zich zij zijn zo zoals zonder zou zouden zullen wordt waarbij waarmee waardoor
hierbij hiermee hiervoor tussen via verder vanuit rond rondom mede onder andere alsook zowel enkele diverse
verschillende meerdere nieuwe nieuw extra belangrijke belangrijk aanzienlijke aanzienlijk significante
significant sterke sterk verdere duidelijke duidelijk concrete concreet specifieke specifiek brede breed
vlaamse vlaams vlaanderen regering overheid regeerakkoord besluit besluiten beslissing beslissingen
beleid initiatieven initiatief maatregelen maatregel acties actie inzet inspanningen stappen stap kader
gezet genomen werden wordt goedgekeurd goedkeuring zorgen zorgt draagt bijdrage bijdragen gericht
ondersteund ondersteunen ondersteuning versterkt versterken versterking bevorderen bevordert verbeteren
verbetering verbeterd gerealiseerd realisatie uitvoering uitgevoerd voortgezet doelstellingen doelstelling
intentie ambitie ambities vooruitgang geboekt blijkt toont tonen aantal mogelijk mogelijkheden onder
"""
STOPWORDS = frozenset(_STOP_TEXT.split())
_WORD = re.compile(r"[0-9A-Za-zÀ-ÿ]+(?:-[0-9A-Za-zÀ-ÿ]+)*")
_YEAR = re.compile(r"\b(19[9]\d|20[0-4]\d)\b")
_SUFFIXES = ("heden", "ingen", "ties", "ische", "isch", "en", "es", "s", "e")


def stem(word: str) -> str:
    """A light Dutch stem: folded, with one inflectional ending taken off ("subsidies" -> "subsidi")."""
    w = fold(word)
    for suffix in _SUFFIXES:
        if w.endswith(suffix) and len(w) - len(suffix) >= 4:
            w = w[: -len(suffix)]
            break
    return w.rstrip("i") if len(w) > 5 else w


@dataclass(frozen=True)
class Term:
    text: str
    kind: str  # key, entity, amount, year, word
    supported: bool


@dataclass(frozen=True)
class ClaimCheck:
    """How well the cited decisions support one claim."""

    report: str
    index: int  # 1-based position of the claim in its report
    score: float
    rating: str
    terms: tuple[Term, ...]

    @property
    def unsupported(self) -> tuple[str, ...]:
        return tuple(t.text for t in self.terms if not t.supported and t.kind != "word") + tuple(
            t.text for t in self.terms if not t.supported and t.kind == "word")


@dataclass
class Evidence:
    """What the cited decisions hold, indexed for the checks."""

    words: set[str]
    joined: str  # every stem, space separated, for the search inside compounds
    entities: set[str]
    amounts: set[Decimal]
    years: set[str]


def text_stems(text: str) -> frozenset[str]:
    """The stems of every word of a text, and of every part of its hyphenated words."""
    return frozenset(stem(part) for w in set(_WORD.findall(text)) for part in (w, *w.split("-")))


def _word_supported(word: str, ev: Evidence) -> bool:
    s = stem(word)
    if s in ev.words:
        return True
    # inside a compound of the decision: "netwerk" in "netwerkinfrastructuur"
    return len(s) >= 5 and s in ev.joined


def _specific(word: str, first: bool) -> bool:
    """A name, acronym or number: a word the decision must contain for the phrase to be about it.
    A capital that opens the phrase may only open the sentence."""
    if any(c.isdigit() for c in word) or sum(c.isupper() for c in word) >= 2:
        return True
    return word[:1].isupper() and not first


def _phrase_supported(phrase: str, ev: Evidence) -> bool:
    parts = [p for w in _WORD.findall(phrase) for p in w.split("-") if fold(p) not in STOPWORDS and len(p) > 1]
    if not parts:
        return True
    ok = [_word_supported(p, ev) for p in parts]
    specific = [o for i, (p, o) in enumerate(zip(parts, ok, strict=True)) if _specific(p, i == 0)]
    return all(specific) and sum(ok) * 2 >= len(ok)


def check_claim(report: str, index: int, claim: Claim, ev: Evidence, gazetteer: Gazetteer) -> ClaimCheck:
    """The terms of one claim and whether the evidence holds each; the score and the rating."""
    text = claim.text
    doc = Doc("claim", text, gazetteer)
    terms: list[Term] = []
    covered: list[tuple[int, int]] = []
    named: list[Mention] = [*org_extractor.extract(doc), *prog_extractor.extract(doc)]
    seen: set[str] = set()
    for m in named:
        if m.key in seen:
            continue
        seen.add(m.key)
        ok = m.key in ev.entities or _phrase_supported(m.text, ev)
        terms.append(Term(m.text, "entity", ok))
        covered.append((m.start, m.end))
    for phrase in claim.emphasis:
        if any(fold(phrase) == fold(t.text) for t in terms):
            continue
        terms.append(Term(phrase, "key", _phrase_supported(phrase, ev)))
    for money in find_amounts(text):
        ok = any(abs(money.value - a) <= money.value * Decimal("0.01") for a in ev.amounts)
        terms.append(Term(money.text, "amount", ok))
        covered.append((money.start, money.end))
    for y in dict.fromkeys(_YEAR.findall(text)):
        terms.append(Term(y, "year", y in ev.years))
    emphasised = " ".join(fold(p) for p in claim.emphasis)
    for wm in _WORD.finditer(text):
        w = wm.group()
        if any(s <= wm.start() < e for s, e in covered) or _YEAR.fullmatch(w):
            continue
        if fold(w) in STOPWORDS or len(w) < 4 or fold(w) in emphasised:
            continue
        if fold(w) in {fold(t.text) for t in terms if t.kind == "word"}:
            continue
        terms.append(Term(w, "word", all(_word_supported(p, ev) for p in w.split("-") if len(p) > 1)))
    weight = {"key": 3, "entity": 3, "amount": 3, "year": 2, "word": 1}
    total = sum(weight[t.kind] for t in terms)
    score = sum(weight[t.kind] for t in terms if t.supported) / total if total else 1.0
    key = [t for t in terms if t.kind in ("key", "entity", "amount")]
    words = [t for t in terms if t.kind == "word"]
    word_share = sum(t.supported for t in words) / len(words) if words else 1.0
    if not any(t.supported for t in key) and ((key and score < 0.4) or word_share < 0.15):
        rating = "unsupported"
    elif all(t.supported for t in key) and score >= 0.6:
        rating = "supported"
    else:
        rating = "partly supported"
    return ClaimCheck(report, index, round(score, 2), rating, tuple(terms))


@dataclass(frozen=True)
class DecisionEvidence:
    """What one decision can confirm of a claim: its word stems, years, entities and amounts."""

    stems: frozenset[str]
    years: frozenset[str]
    entities: frozenset[str]
    amounts: frozenset[Decimal]


def decision_evidence(decision: Decision, found: Iterable[Found]) -> DecisionEvidence:
    """The evidence of one decision (its text, else its title), with what was extracted from it."""
    text = clean(decision.text or decision.title or "")
    found = list(found)
    years = set(_YEAR.findall(text)) | ({str(decision.date.year)} if decision.date else set())
    return DecisionEvidence(
        text_stems(text), frozenset(years),
        frozenset(f.item.key for f in found if isinstance(f.item, Mention)),
        frozenset(f.item.value for f in found if isinstance(f.item, Grant)))


def check_report(report: Report, evidence: Mapping[str, DecisionEvidence], gazetteer: Gazetteer,
                 cache: dict[tuple[str, ...], Evidence] | None = None) -> dict[tuple[str, int], ClaimCheck]:
    """A check of every claim of one report against the evidence of the decisions it cites (by id)."""
    cache = {} if cache is None else cache
    checks: dict[tuple[str, int], ClaimCheck] = {}
    for i, claim in enumerate(report.claims, start=1):
        ids = tuple(sorted({canonical_id(report.references[n].decision.id) for n in claim.citations}))
        if ids not in cache:
            records = [evidence[d] for d in ids if d in evidence]
            words: set[str] = set().union(*(r.stems for r in records))
            cache[ids] = Evidence(words, " " + " ".join(sorted(words)) + " ",
                                  {k for r in records for k in r.entities},
                                  {a for r in records for a in r.amounts},
                                  {y for r in records for y in r.years})
        checks[(report.key, i)] = check_claim(report.key, i, claim, cache[ids], gazetteer)
    return checks


def cited(report: Report) -> set[str]:
    """The ids of the decisions the claims of a report cite."""
    return {canonical_id(report.references[n].decision.id) for c in report.claims for n in c.citations}


def check_claims(corpus: Corpus, extracted: Extracted, gazetteer: Gazetteer) -> dict[tuple[str, int], ClaimCheck]:
    """A check of every claim of every report, keyed by (report key, claim index)."""
    ids = set().union(*(cited(r) for r in corpus.reports))
    evidence = {d: decision_evidence(corpus.decisions[d], extracted.found.get(d, ()))
                for d in sorted(ids) if d in corpus.decisions}
    checks: dict[tuple[str, int], ClaimCheck] = {}
    cache: dict[tuple[str, ...], Evidence] = {}
    for report in corpus.reports:
        checks.update(check_report(report, evidence, gazetteer, cache))
    return checks


def distribution(checks: Mapping[tuple[str, int], ClaimCheck]) -> dict[str, int]:
    """How many claims got each rating."""
    return {r: sum(c.rating == r for c in checks.values()) for r in RATINGS}
