"""The check of a claim: its terms, its evidence, its verdict and the review a reader sees.

``check_claim`` reads what the claim asserts (``reading``), finds it in the evidence of the cited decisions
(``evidence``), decides a contradiction and a claim that is no fact by rule, and any other verdict with the
shipped model (``model``). ``ClaimCheck.value`` puts every verdict on one scale; ``ClaimCheck.body`` says why in
sentences. A reader's verdict (the corrections file) replaces the check's and keeps it beside.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from ..dutch import WORD, idf, report_words, stem, stopwords
from ..entities import Extracted
from ..extract import Gazetteer, Mention
from ..extract import organisations as org_extractor
from ..extract import programmes as prog_extractor
from ..extract.base import CorrectionNote, Doc, fold
from ..extract.money.amounts import find_amounts
from ..model import Claim, Corpus, Report, canonical_id
from . import model as claim_model
from . import reading
from .evidence import YEAR, DecisionEvidence, Evidence, EvidenceSentence, decision_evidence, gather, same_amount
from .ranking import Query, rank
from .reading import (
    ACTIONS,
    Term,
    actions,
    lead_in,
    measure,
    not_checkable,
    phrase_supported,
    word_supported,
)

RATINGS = ("supported", "partly supported", "unsupported", "contradicted", "not checkable")
# One scale: every contradicted claim rates below every unsupported one, and so on; the score orders claims only
# within their verdict. A recommendation or outlook is not checked, and rates in the middle.
BANDS = {"contradicted": Decimal("0"), "unsupported": Decimal("0.25"), "partly supported": Decimal("0.5"),
         "supported": Decimal("0.75")}
NOT_CHECKABLE_VALUE = Decimal("0.5")
BEST, WORST = 1, 0
_OPENING = 30  # characters: a name that starts within them opens the claim


@dataclass(frozen=True)
class ClaimCheck:
    """How well the cited decisions support one claim."""

    report: str
    index: int  # 1-based position of the claim in its report
    score: float
    rating: str
    terms: tuple[Term, ...]
    evidence: tuple[EvidenceSentence, ...] = ()
    conflicts: tuple[str, ...] = ()  # what disagrees: "the claim says 12 miljoen euro, decision X says 10 miljoen euro"
    no_text: tuple[str, ...] = ()  # cited decisions without a text
    opinion: str = ""  # the words that make it no fact to check ("het is aanbevolen"), when the rating says so
    measured: tuple[float, ...] = ()  # what the verdict model weighed, in the order of ``claim_model.FEATURES``
    support: float = 0.0  # how well supported, 0 to 1, by the model: orders the claims of one verdict
    correction: CorrectionNote | None = None  # a reader's verdict (the corrections file), when one was given
    machine: str = ""  # the verdict of the check, when a reader's replaced it
    names: tuple[tuple[str, str], ...] = ()  # the organisations and programmes it names: (type, key), in order

    def corrected(self, note: CorrectionNote) -> ClaimCheck:
        """This check with a reader's verdict; the machine's stays beside it."""
        return dataclasses.replace(self, rating=note.value, correction=note, machine=self.machine or self.rating)

    @property
    def value(self) -> Decimal:
        """The rating on one scale from 0 to 1, monotone in the verdict (contradicted < unsupported < partly
        supported < supported); the score orders claims within a verdict."""
        if self.rating == "not checkable":
            return NOT_CHECKABLE_VALUE
        within = Decimal("0.5") if self.correction else Decimal(str(self.support))  # a reader's: mid-band
        return (BANDS[self.rating] + within * Decimal("0.24")).quantize(Decimal("0.01"))

    @property
    def unsupported(self) -> tuple[str, ...]:
        return tuple(t.text for t in self.terms if not t.supported and t.kind != "word") + tuple(
            t.text for t in self.terms if not t.supported and t.kind == "word"
        )

    @property
    def body(self) -> str:
        """What a reader is told, in sentences: what disagrees, which names, amounts and years no cited decision
        states, which words it does not use, or that everything was found."""
        if self.correction is not None:
            c = self.correction
            by = " by " + c.who if c.who else ""
            on = " on " + c.date if c.date else ""
            why = f": {c.why.rstrip('.')}" if c.why else ""
            return (f"A reader set this verdict{by}{on}{why}. The check had found it {self.machine}; "
                    f"{dataclasses.replace(self, rating=self.machine, correction=None, machine='').body}")
        if self.rating == "not checkable":
            return (f"Not a fact the decisions can confirm: a recommendation, outlook, judgement or restated "
                    f"ambition (\u201c{self.opinion}\u201d).")
        parts: list[str] = []
        if self.conflicts:
            parts.append("The cited decisions state otherwise: " + "; ".join(self.conflicts) + ".")
        if self.no_text:
            parts.append("No text for decision " + ", ".join(self.no_text) + ".")
        missing = [t for t in dict.fromkeys(self.terms) if not t.supported]
        names = list(dict.fromkeys(t.text for t in missing if t.kind == "entity"))
        values = list(dict.fromkeys(t.text for t in missing if t.kind in ("amount", "year")))
        phrases = list(dict.fromkeys(t.text for t in missing if t.kind == "key"))
        acts = list(dict.fromkeys(t.text for t in missing if t.kind == "action"))
        # the rarest words first: what the claim is about, not how it says it
        # ... and never the words the report judges with ("in lijn met", "weerspiegelt"): they assert nothing
        judging = report_words()
        words = sorted(dict.fromkeys(t.text for t in missing if t.kind == "word" and fold(t.text) not in judging),
                       key=lambda w: (-idf(stem(w)), w))
        if self.evidence or not self.no_text:
            if names:
                parts.append(f"None of the cited decisions names {_listed(names)}.")
            if values:
                parts.append(f"No cited decision states {_listed(values)}.")
            if phrases:
                quoted = ", ".join(f"\u201c{p}\u201d" for p in phrases)
                parts.append(f"The cited decisions do not say {quoted}.")
            if acts:
                quoted = ", ".join(f"\u201c{a}\u201d" for a in acts)
                parts.append(f"No cited decision says that this was done: {quoted}.")
            if words and self.rating != "supported":
                parts.append(f"The cited decisions do not mention {_listed(words[:4])}.")
        if not self.evidence and not self.no_text:
            parts.append("No sentence of the cited decisions matches the claim.")
        if not parts:
            parts.append("Every name, amount and year of the claim is in the cited decisions.")
        return " ".join(parts)


def _listed(items: list[str]) -> str:
    """"a", "a and b", "a, b and c"."""
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def check_claim(report: str, index: int, claim: Claim, ev: Evidence, gazetteer: Gazetteer) -> ClaimCheck:
    """The terms of one claim and whether the evidence holds each; the score, the rating and the evidence."""
    text = claim.text
    doc = Doc("claim", text, gazetteer)
    terms: list[Term] = []
    covered: list[tuple[int, int]] = []
    named: list[Mention] = [*org_extractor.extract(doc), *prog_extractor.extract(doc)]
    seen: dict[str, str] = {}
    for m in named:
        if m.key in seen:
            continue
        seen[m.key] = m.type
        ok = m.key in ev.entities or phrase_supported(m.text, ev)
        terms.append(Term(m.text, "entity", ok))
        covered.append((m.start, m.end))
    for phrase in claim.emphasis:
        if any(fold(phrase) == fold(t.text) for t in terms) or lead_in(text, phrase):
            continue
        terms.append(Term(phrase, "key", phrase_supported(phrase, ev)))
    money = list(find_amounts(text))
    for amount in money:
        terms.append(Term(amount.text, "amount", any(same_amount(amount.value, a) for a in ev.amounts)))
        covered.append((amount.start, amount.end))
    years = list(dict.fromkeys(YEAR.findall(text)))
    for y in years:
        terms.append(Term(y, "year", y in ev.years))
    acts: set[str] = set()
    for word, act in actions(text, covered):
        terms.append(Term(word, "action", bool(ACTIONS[act][1] & ev.keys)))
        acts |= ACTIONS[act][1]
    emphasised = " ".join(fold(p) for p in claim.emphasis)
    stop = stopwords()
    for wm in WORD.finditer(text):
        w = wm.group()
        if any(s <= wm.start() < e for s, e in covered) or YEAR.fullmatch(w):
            continue
        if fold(w) in stop or len(w) < 4 or fold(w) in emphasised:
            continue
        if fold(w) in {fold(t.text) for t in terms if t.kind in ("word", "action")}:
            continue
        terms.append(Term(w, "word", all(word_supported(p, ev) for p in w.split("-") if len(p) > 1)))
    names = tuple((t, k) for k, t in seen.items())
    if not ev.sentences:  # nothing to compare with: no cited decision has a text
        return ClaimCheck(report, index, 0.0, "unsupported", tuple(terms), (), (), ev.no_text, names=names)
    # an organisation or programme inside a phrase the report set in bold is what the claim is about
    topics = [fold(p) for p in claim.emphasis]
    weights = {m.key: 2.0 if any(fold(m.text) in p for p in topics) else 1.0 for m in named}
    covered_words = reading.cover(text, ev)
    # what the claim is about: a name it sets in bold or opens with ("Het project Mobilidata ...")
    subject = {m.key for m in named if weights[m.key] > 1 or m.start < _OPENING}
    query = Query(text, weights, tuple(amount.value for amount in money), frozenset(years), frozenset(acts),
                  frozenset(subject), covered_words.sentences, covered_words.decisions)
    evidence = rank(query, ev.sentences)
    weight = {"key": 3, "entity": 3, "amount": 3, "year": 2, "action": 2, "word": 1}
    total = sum(weight[t.kind] for t in terms)
    score = sum(weight[t.kind] for t in terms if t.supported) / total if total else 1.0
    disagree = tuple(reading.conflicts(text, money, ev, evidence))
    opinion = not_checkable(text, bool(money or years or named))
    measured = measure(text, terms, ev, evidence, score, covered_words)
    probs = claim_model.probabilities(measured)
    unnamed = any(t.kind == "entity" and not t.supported for t in terms)
    if disagree:
        rating = "contradicted"
    elif opinion:
        rating = "not checkable"
    else:
        rating = claim_model.verdict(probs)
        # what it is about is nowhere: a claim naming an organisation or programme that no cited decision names
        # is not fully supported, whatever else they share with it
        if rating == "supported" and unnamed:
            rating = "partly supported"
    # within a verdict: the model's expected support; such a claim comes last of its verdict
    support = probs["supported"] + 0.5 * probs["partly supported"]
    if unnamed:
        support *= 0.5
    return ClaimCheck(report, index, round(score, 2), rating, tuple(terms), evidence, disagree, ev.no_text,
                      opinion if rating == "not checkable" else "",
                      tuple(round(measured[f], 6) for f in claim_model.FEATURES), round(support, 2), names=names)


def check_report(
    report: Report,
    evidence: Mapping[str, DecisionEvidence],
    gazetteer: Gazetteer,
    cache: dict[tuple[str, ...], Evidence] | None = None,
) -> dict[tuple[str, int], ClaimCheck]:
    """A check of every claim of one report against the evidence of the decisions it cites (by id)."""
    cache = {} if cache is None else cache
    checks: dict[tuple[str, int], ClaimCheck] = {}
    for i, claim in enumerate(report.claims, start=1):
        ids = tuple(sorted({canonical_id(report.references[n].decision.id) for n in claim.citations}))
        if ids not in cache:
            cache[ids] = gather(ids, evidence)
        checks[(report.key, i)] = check_claim(report.key, i, claim, cache[ids], gazetteer)
    return checks


def cited(report: Report) -> set[str]:
    """The ids of the decisions the claims of a report cite."""
    return {canonical_id(report.references[n].decision.id) for c in report.claims for n in c.citations}


def check_claims(corpus: Corpus, extracted: Extracted, gazetteer: Gazetteer) -> dict[tuple[str, int], ClaimCheck]:
    """A check of every claim of every report, keyed by (report key, claim index)."""
    ids = set().union(*(cited(r) for r in corpus.reports))
    evidence = {
        d: decision_evidence(corpus.decisions[d], extracted.found.get(d, ()))
        for d in sorted(ids)
        if d in corpus.decisions
    }
    checks: dict[tuple[str, int], ClaimCheck] = {}
    cache: dict[tuple[str, ...], Evidence] = {}
    for report in corpus.reports:
        checks.update(check_report(report, evidence, gazetteer, cache))
    return checks


def distribution(checks: Mapping[tuple[str, int], ClaimCheck]) -> dict[str, int]:
    """How many claims got each rating."""
    return {r: sum(c.rating == r for c in checks.values()) for r in RATINGS}
