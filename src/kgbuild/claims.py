"""Check every claim against the decisions it cites: which of its terms they hold, the sentences that back it,
and whether they state something else.

The method is lexical, deterministic and offline. A claim's terms are

- its *key terms*: the phrases the report set in bold or italics, the organisations and programmes it
  names (found by the same extractors as in decisions), and the amounts it states;
- its *content words*: the other words, without Dutch stopwords and the domain words every report uses
  (``kgbuild.dutch``);
- the years it names.

A term is supported when a cited decision contains it, after normalisation: case and accents do not
count; words are compared by their Dutch Snowball stem ("subsidies" ~ "subsidie"); a word is found inside
a compound ("netwerk" in "netwerkinfrastructuur"); a hyphenated compound is checked part by part
("5G-netwerk" needs "5G" and "netwerk"); an organisation or programme is found through the entity graph
(the claim's "VAIA" is the decision's "Vlaamse AI Academie"); an amount is found as the same value (also
rounded). A key phrase is supported when its specific words (names, acronyms, numbers) all are and at
least half of its other words are.

The score is the supported share of the weighted terms (key terms 3, years 2, content words 1). The
rating is "unsupported" when the cited decisions hold under 18% of the claim's content weighted by rarity
(``coverage``) and no sentence matches it strongly, or when it names an organisation or programme, none of
its key terms is found and it scores under 0.4; "supported" when every key term is found and it scores at
least 0.4; else "partly supported". The thresholds were set on tests/labels/issue15_claims.json.

**Evidence.** Every cited decision's text is split into sentences (``kgbuild.sentences``), and the
sentences are ranked for the claim with BM25 (bm25s) over Dutch stems, plus a bonus for each of the
claim's entities, amounts and years a sentence states; the best three with a positive score are the
claim's evidence.

**Contradicted.** A claim is contradicted when it states an amount, a year or a count ("25 projecten")
that no cited decision states, and one of its evidence sentences states a different value of the same
kind about the same thing: at least two content stems around the two values are shared (the words near
"12 miljoen euro" in the claim and near "10 miljoen euro" in the sentence). An amount that is the sum of
the cited decision's amounts is a total, not a contradiction.

A claim none of whose cited decisions has a text is "unsupported", with "no text for decision X".

Limits: synonyms and paraphrase are not recognised ("verlagen" vs "verminderen"), so a well-paraphrased
claim can score low; a claim can copy the decision's words and still misstate it.
"""

from __future__ import annotations

import dataclasses
import math
import os
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from decimal import Decimal

import bm25s
import numpy as np

from . import claim_model
from .dutch import WORD, content_words, idf, keys, stem, stopwords, text_keys, tokens
from .entities import Extracted
from .extract import Found, Gazetteer, Grant, Mention
from .extract import organisations as org_extractor
from .extract import programmes as prog_extractor
from .extract.base import CorrectionNote, Doc, fold
from .extract.money import MoneySpan, find_amounts
from .extract.operative import sentence_act
from .model import Claim, Corpus, Decision, Report, canonical_id
from .sentences import split

RATINGS = ("supported", "partly supported", "unsupported", "contradicted", "not checkable")
# One scale: every contradicted claim rates below every unsupported one, and so on; the score orders claims only
# within their verdict. A recommendation or outlook is not checked, and rates in the middle.
BANDS = {"contradicted": Decimal("0"), "unsupported": Decimal("0.25"), "partly supported": Decimal("0.5"),
         "supported": Decimal("0.75")}
NOT_CHECKABLE_VALUE = Decimal("0.5")
# not a fact the decisions can confirm: a recommendation, a wish, an outlook or a judgement ("Het is aanbevolen om
# ...", "zou moeten", "blijft een uitdaging"); recommendations whatever else the sentence says, judgements only
# when it names no organisation or programme and states no amount or year
_RECOMMENDS = re.compile(
    r"(?<!\w)(?:(?:het\s+)?(?:is|wordt|worden)\s+(?:\S+\s+){0,3}?aanbevolen|aanbeveling\w*|(?:zou|zouden)\s+"
    r"(?:\S+\s+){0,6}?(?:moeten|kunnen)|het\s+verdient\s+aanbeveling|is\s+het\s+raadzaam|het\s+is\s+raadzaam|"
    r"het\s+is\s+(?:aan\s+te\s+raden|wenselijk)|zal\s+(?:\S+\s+){0,6}?moeten|moet(?:en)?\s+(?:nog\s+)?"
    r"(?:verder\s+)?(?:worden|blijven)|blijft\s+(?:\S+\s+){0,3}?(?:een\s+)?(?:uitdaging|aandachtspunt|nodig)|"
    r"valt\s+(?:nog\s+)?af\s+te\s+wachten|in\s+de\s+toekomst)(?!\w)", re.IGNORECASE)
_JUDGES = re.compile(
    r"(?<!\w)(?:(?:is|zijn|vormt|vormen|blijkt|toont|getuigt)\s+(?:\S+\s+){0,4}?(?:een\s+)?(?:belangrijke?|cruciale?|"
    r"essentiële?|positieve?|sterke?|duidelijke?|significante?|consistente?|grote?|waardevolle?)\s+"
    r"(?:stap|inzet|poging|signaal|bijdrage|aanzet|engagement|vooruitgang|prioriteit)|"
    r"(?:is|zijn)\s+(?:\S+\s+){0,2}?(?:belangrijk|cruciaal|essentieel|noodzakelijk|positief))(?!\w)", re.IGNORECASE)
# ... and a claim whose subject is the coalition agreement ("Het regeerakkoord belooft ...", "Volgens het
# regeerakkoord moet ..."): it restates an ambition and says nothing the government did
_LEAD = r"^(?:[^:.]{0,80}:\s*)?"  # a report's label before the sentence ("Klimaat en energie: ...")
_AMBITION = re.compile(
    _LEAD + r"(?P<cue>(?:volgens|in|binnen)\s+(?:het|haar)\s+regeerakkoord\b|het\s+(?:\w+\s+)?regeerakkoord\s+"
    r"(?:\S+\s+){0,2}?(?:belooft|beloofde|stelt|stelde|voorziet|voorzag|benadrukt|benadrukte|beoogt|beoogde|wil|wilde|"
    r"streeft|vermeldt|bepaalt|legt|legde|zet|spreekt|formuleert|omschrijft|bevat|noemt)\b|de\s+(?:vlaamse\s+)?"
    r"regering\s+(?:heeft\s+)?(?:zich\s+)?in\s+(?:haar|het)\s+regeerakkoord\b)", re.IGNORECASE)
# ... and the report speaking of itself or of the decisions as a whole: a summary ("Concluderend ...", "De
# geciteerde besluiten ...", "Er zijn geen referenties ..."), or a sentence that only says how the one before it
# fits ("Dit sluit aan bij ...", "Dit duidt op ...")
_META = re.compile(
    _LEAD + r"(?P<cue>concluderend|samenvattend|overall|al met al|kortom|(?:op basis van|uit) de (?:geciteerde|"
    r"aangehaalde|genoemde|vermelde) (?:besluiten|beslissingen|documenten|referenties)|de (?:geciteerde|aangehaalde|"
    r"genoemde|vermelde) (?:besluiten|beslissingen|documenten)|de referenties|er zijn geen (?:\S+\s+){0,2}?referenties|"
    r"(?:dit|dat|deze|hiermee|daarmee)\s+(?:\S+\s+){0,2}?(?:sluit|strookt|duidt|wijst|toont|getuigt|weerspiegelt|"
    r"past|illustreert|reflecteert)\b)", re.IGNORECASE)
# ... or says which decisions it leaves aside, when it names nothing itself
_ASIDE = re.compile(r"(?<!\w)niet\s+(?:in\s+deze\s+(?:beoordeling|evaluatie|analyse)|(?:direct|rechtstreeks)\s+"
                    r"(?:gerelateerd|verband|gelinkt|gekoppeld|koppelen|linken))", re.IGNORECASE)
BEST, WORST = 1, 0
EVIDENCE_LIMIT = 3  # evidence sentences kept per claim
_YEAR = re.compile(r"\b(19[9]\d|20[0-4]\d)\b")
# a count: a whole number and the word it counts ("25 projecten"); not an amount, a year or a date
_COUNT = re.compile(r"(?<![\d.,])(\d{1,6})\s+([A-Za-zÀ-ÿ]{4,})")
_UNITS = frozenset((
    "euro", "eur", "miljoen", "miljard", "duizend", "procent", "ha", "hectare", "km", "jaar", "jaren", "maand",
    "maanden", "dagen", "januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september",
    "oktober", "november", "december",
))
# weights of a sentence's match on a claim's entity, amount and year, on top of its BM25 score
_ENTITY_BONUS, _AMOUNT_BONUS, _YEAR_BONUS = 1.5, 2.0, 0.5
# A decision's summary says what the government does in a sentence with the government as its subject ("De
# Vlaamse Regering keurt ... goed", "Ze kent ... toe"); its title only names the matter. A reader wants the
# sentence that states the act: the title (the text's first sentence, when there are others) counts for less,
# and a sentence in which the government acts for a little more.
_TITLE_WEIGHT, _ACT_BONUS = 0.3, 0.5
_ACTS = re.compile(r"\b[Rr]egering\b")
# ... more when it acts now (approves, grants: ``operative.sentence_act``), and more again when it does so for
# good: the definitive approval, after the advice, is what was decided, the approval in principle a step to it
_STRONG_BONUS, _FINAL_BONUS = float(os.environ.get("KGB_SB", "0.6")), float(os.environ.get("KGB_FB", "0.5"))
_FINAL = re.compile(r"\bdefinitie[fv]\w*", re.IGNORECASE)
_IN_PRINCIPLE = re.compile(r"\bprincipi\w*", re.IGNORECASE)  # "beslist principieel tot definitieve vaststelling"
# ... and the closing formalities (who carries the decision out, whose advice is asked next) for much less
_FORMALITY_WEIGHT = 0.3
_FORMALITIES = re.compile(
    r"met de uitvoering van|zorgen voor de (?:verdere )?uitvoering|advies (?:wordt )?ingewonnen|"
    r"voor advies naar|wordt (?:het|een) advies")
# The verdict thresholds, set on the labelled claims (tests/labels/issue15_claims.json): a claim is unsupported
# when its cited decisions hold under 18% of its rarity-weighted content and no sentence matches it strongly;
# supported when every key term is found and 40% of its weighted terms are.
UNSUPPORTED_COVERAGE, STRONG_EVIDENCE, SUPPORTED_SCORE = 0.18, 1.5, 0.4
# ... or when it names an organisation or programme, no cited decision names any of its key terms, and under
# 40% of its weighted terms are found: the decisions are about something else than what it names
NAMED_NOWHERE_SCORE = 0.4
# A word counts as rare, and so as a distinctive assertion of a claim, from this idf (in about 3% of decisions)
RARE_IDF = 3.5
# What a claim says was done, by the keys (``dutch.keys``) of its verb: the claim's word names the act, and a
# cited decision states it in any form of a verb of the same act ("verhoogd" ~ "verhoogt" ~ "verhoging";
# "toegekend" ~ "kent ... toe"). The second set adds the bare verbs of separable verbs ("kent" of "kent toe"),
# which say the act only in a decision's sentence, not as the claim's word.
_ACTIONS: dict[str, tuple[frozenset[str], frozenset[str]]] = {
    name: (frozenset(claim.split()), frozenset(claim.split()) | frozenset(extra.split()))
    for name, claim, extra in (
        ("approved", "goedkeur bekrachtig bekr vaststel", "keur"),
        ("granted", "toeken toegek subsidier subsidieer financier toewijs verlen invester", "ken wijs"),
        ("raised", "verhog verdubbel optrek", "trek"),
        ("extended", "uitbreid verleng", "breid"),
        ("reduced", "verlag verminder afbouw schrap", "bouw"),
        ("launched", "lancer opstart", "start"),
        ("changed", "wijzig aanpas hervorm herzien", "pas"),
        ("created", "opricht creeer crer opzet invoer", "richt zet voer"),
        ("signed", "onderteken ondertek", "teken"),
        ("appointed", "benoem aanstel", "stel"),
    )
}


@dataclass(frozen=True)
class Term:
    text: str
    kind: str  # key, entity, amount, year, word
    supported: bool


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
    score: float


def not_checkable(text: str, states_facts: bool) -> str:
    """The words that make a claim a recommendation, outlook, judgement, restated ambition or the report's word
    on itself rather than a fact ("" when it is a fact to check); a judgement of a named programme or
    organisation, an amount or a year is checked for them."""
    lead = _AMBITION.search(text) or _META.search(text)
    if lead:
        return " ".join(lead.group("cue").split())
    m = _RECOMMENDS.search(text)
    if m is None and not states_facts:
        m = _JUDGES.search(text) or _ASIDE.search(text)
    return " ".join(m.group(0).split()) if m else ""


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
        words = sorted(dict.fromkeys(t.text for t in missing if t.kind == "word"), key=lambda w: (-idf(stem(w)), w))
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


def text_stems(text: str) -> frozenset[str]:
    """The stems of every word of a text, and of every part of its hyphenated words (stopwords too)."""
    return frozenset(stem(part) for w in set(WORD.findall(text)) for part in (w, *w.split("-")))


def _found(word: str, held: frozenset[str] | set[str], joined: str) -> bool:
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


def _word_supported(word: str, ev: Evidence) -> bool:
    return _found(word, ev.keys or ev.words, ev.joined)


def _specific(word: str, first: bool) -> bool:
    """A name, acronym or number: a word the decision must contain for the phrase to be about it.
    A capital that opens the phrase may only open the sentence."""
    if any(c.isdigit() for c in word) or sum(c.isupper() for c in word) >= 2:
        return True
    return word[:1].isupper() and not first


def _phrase_supported(phrase: str, ev: Evidence) -> bool:
    stop = stopwords()
    parts = [p for w in WORD.findall(phrase) for p in w.split("-") if fold(p) not in stop and len(p) > 1]
    if not parts:
        return True
    ok = [_word_supported(p, ev) for p in parts]
    specific = [o for i, (p, o) in enumerate(zip(parts, ok, strict=True)) if _specific(p, i == 0)]
    return all(specific) and sum(ok) * 2 >= len(ok)


def _lead_in(text: str, phrase: str) -> bool:
    """A bold phrase that opens the claim and ends in a colon is the report's label for it ("**Investering in
    Infrastructuur:** Het verstrekken van ..."), not a fact the decisions must state."""
    head = text.lstrip()
    return head.startswith(phrase) and (phrase.rstrip().endswith(":") or head[len(phrase) :].lstrip().startswith(":"))


def _context(text: str, start: int, end: int) -> set[str]:
    """The content stems of the eight words before a value and the four after it."""
    before = [w for w in tokens(text[max(0, start - 120) : start])][-8:]
    after = [w for w in tokens(text[end : end + 60])][:4]
    return {w for w in (*before, *after) if not w.isdigit() and w not in _UNITS}


def rank(
    claim_text: str,
    sentences: tuple[Sentence, ...],
    entities: Mapping[str, float] | Iterable[str] = (),
    amounts: Iterable[Decimal] = (),
    years: Iterable[str] = (),
) -> tuple[EvidenceSentence, ...]:
    """The sentences that best back a claim, best first (at most ``EVIDENCE_LIMIT``, each scoring above 0):
    BM25 over the sentences' Dutch stems, plus a bonus per entity (weighted: ``entities`` may map a key to
    its weight), amount and year of the claim a sentence states. Ties go to the earlier sentence."""
    if not sentences:
        return ()
    query = list(dict.fromkeys(tokens(claim_text)))
    scores = np.zeros(len(sentences))
    docs = [list(s.tokens) or [""] for s in sentences]
    vocab = {t for d in docs for t in d}
    known = [t for t in query if t in vocab]
    if known:
        index = bm25s.BM25()
        index.index(docs, show_progress=False)
        scores = np.asarray(index.get_scores(known), dtype=float)
    weights = dict(entities) if isinstance(entities, Mapping) else dict.fromkeys(entities, 1.0)
    amounts, years = list(amounts), set(years)
    for i, s in enumerate(sentences):
        if scores[i] > 0 and s.start == 0 and i + 1 < len(sentences) and sentences[i + 1].decision == s.decision:
            scores[i] *= _TITLE_WEIGHT
        if scores[i] > 0 and _FORMALITIES.search(s.text):
            scores[i] *= _FORMALITY_WEIGHT
        elif scores[i] > 0 and s.act:
            scores[i] += _ACT_BONUS + (_STRONG_BONUS if s.act == 2 else 0.0)
            if _FINAL.search(s.text) and not _IN_PRINCIPLE.search(s.text):
                scores[i] += _FINAL_BONUS
        scores[i] += _ENTITY_BONUS * sum(w for key, w in weights.items() if key in s.entities)
        scores[i] += _AMOUNT_BONUS * sum(any(_same_amount(a, b) for b in s.amounts) for a in amounts)
        scores[i] += _YEAR_BONUS * len(years & set(s.years))
    order = sorted(range(len(sentences)), key=lambda i: (-round(float(scores[i]), 6), i))
    return tuple(
        EvidenceSentence(sentences[i], round(float(scores[i]), 3)) for i in order[:EVIDENCE_LIMIT] if scores[i] > 0
    )


def _same_amount(a: Decimal, b: Decimal) -> bool:
    return abs(a - b) <= a * Decimal("0.01")


def _conflicts(text: str, money: list[MoneySpan], ev: Evidence, evidence: tuple[EvidenceSentence, ...]) -> list[str]:
    """The values the claim states (``money``: its amounts) that no cited decision does, where an evidence
    sentence states another value of the same kind in the same context."""
    found: list[str] = []
    total = sum(ev.amounts, Decimal(0))
    amounts = money
    # A claim that also states a value the decisions hold tells a sequence or a breakdown ("planned for July 2020,
    # held in 2021"; "30 miljoen, of which ..."), not another value for the same thing: only a claim none of
    # whose values of a kind the decisions hold can contradict them in that kind.
    if any(_same_amount(m.value, a) for m in amounts for a in ev.amounts):
        amounts = []
    years = [] if any(y in ev.years for y in _YEAR.findall(text)) else list(_YEAR.finditer(text))
    for stated in amounts:
        if total and _same_amount(stated.value, total):
            continue
        around = _context(text, stated.start, stated.end)
        for e in evidence:
            s = e.sentence
            for other in find_amounts(s.text):
                if (
                    not _same_amount(stated.value, other.value)
                    and len(around & _context(s.text, other.start, other.end)) >= 2
                ):
                    found.append(f"the claim says {stated.text}, decision {s.decision} says {other.text}")
                    break
            else:
                continue
            break
    for m in years:
        around = _context(text, m.start(), m.end())
        hit = next(
            (
                f"the claim says {m.group()}, decision {e.sentence.decision} says {o.group()}"
                for e in evidence
                for o in _YEAR.finditer(e.sentence.text)
                if o.group() != m.group() and len(around & _context(e.sentence.text, o.start(), o.end())) >= 2
            ),
            None,
        )
        if hit:
            found.append(hit)
    for m in _COUNT.finditer(text):
        number, noun = m.group(1), stem(m.group(2))
        if _YEAR.fullmatch(number) or fold(m.group(2)) in _UNITS:
            continue
        if any(n == number and stem(w) == noun for s in ev.sentences for n, w in _COUNT.findall(s.text)):
            continue
        hit = next(
            (
                f"the claim says {m.group()}, decision {e.sentence.decision} says {o.group()}"
                for e in evidence
                for o in _COUNT.finditer(e.sentence.text)
                if stem(o.group(2)) == noun and o.group(1) != number
            ),
            None,
        )
        if hit:
            found.append(hit)
    return found


def coverage(text: str, ev: Evidence) -> float:
    """The share of the claim's content, weighted by rarity (idf), that the cited decisions' sentences hold."""
    query = set(tokens(text))
    if not query:
        return 1.0
    total = sum(idf(t) for t in query)
    return sum(idf(t) for t in query & ev.held) / total if total else 1.0


def _actions(text: str, covered: list[tuple[int, int]]) -> Iterator[tuple[str, str]]:
    """The words of a claim that name an act, with the act, once each."""
    seen: set[str] = set()
    for wm in WORD.finditer(text):
        if any(s <= wm.start() < e for s, e in covered):
            continue
        ks = keys(wm.group())
        act = next((name for name, (claim_keys, _) in _ACTIONS.items() if ks & claim_keys), None)
        if act and act not in seen:
            seen.add(act)
            yield wm.group(), act


def measure(text: str, terms: Iterable[Term], ev: Evidence, evidence: tuple[EvidenceSentence, ...],
            score: float) -> dict[str, float]:
    """What ``claim_model`` weighs (``claim_model.FEATURES``): how much of the claim's content, weighted by
    rarity, the cited decisions hold, all of them, the best sentence, the best decision and its title; how
    many of its rare words, names and phrases they hold; how well the best sentence ranks."""
    terms = list(terms)
    words = list(dict.fromkeys(w for w in content_words(text) if not any(c.isdigit() for c in w)))
    weight = {w: idf(stem(w)) for w in words}
    total = math.fsum(weight.values()) or 1.0
    found = [w for w in words if _found(w, ev.keys, ev.joined)]

    def share(held: Iterable[str]) -> float:
        return math.fsum(weight[w] for w in held) / total

    by_decision: dict[str, list[Sentence]] = {}
    for sent in ev.sentences:
        by_decision.setdefault(sent.decision, []).append(sent)
    best_sentence = best_decision = title = 0.0
    for sents in by_decision.values():
        held = frozenset(k for sent in sents for k in sent.keys)
        joined = " " + " ".join(sorted(held)) + " "
        in_decision = [w for w in found if _found(w, held, joined)]
        best_decision = max(best_decision, share(in_decision))
        for i, sent in enumerate(sents):
            sj = " " + " ".join(sorted(sent.keys)) + " "
            value = share(w for w in in_decision if _found(w, sent.keys, sj))
            best_sentence = max(best_sentence, value)
            if i == 0:
                title = max(title, value)
    rarest = sorted(words, key=lambda w: (-weight[w], w))[:3]
    rare = [w for w in words if weight[w] >= RARE_IDF]
    rare_found = [w for w in rare if w in found]
    key = [t for t in terms if t.kind in ("key", "entity", "amount")]
    return {
        "coverage": share(found),
        "top3": sum(w in found for w in rarest) / len(rarest) if rarest else 1.0,
        "best_sentence": best_sentence,
        "best_decision": best_decision,
        "title": title,
        "bm25": math.log1p(evidence[0].score) if evidence else 0.0,
        "score": score,
        "key_share": sum(t.supported for t in key) / len(key) if key else 1.0,
        "rare_found": len(rare_found) / len(rare) if rare else 1.0,
        "rare_missing": math.log1p(len(rare) - len(rare_found)),
        "any_rare": float(bool(rare_found)),
        "entity_missing": float(any(not t.supported for t in terms if t.kind == "entity")),
        "decisions": math.log1p(len(by_decision)),
        "mean_idf": total / len(words) if words else 0.0,
    }


def check_claim(report: str, index: int, claim: Claim, ev: Evidence, gazetteer: Gazetteer) -> ClaimCheck:
    """The terms of one claim and whether the evidence holds each; the score, the rating and the evidence."""
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
        if any(fold(phrase) == fold(t.text) for t in terms) or _lead_in(text, phrase):
            continue
        terms.append(Term(phrase, "key", _phrase_supported(phrase, ev)))
    money = list(find_amounts(text))
    for amount in money:
        terms.append(Term(amount.text, "amount", any(_same_amount(amount.value, a) for a in ev.amounts)))
        covered.append((amount.start, amount.end))
    years = list(dict.fromkeys(_YEAR.findall(text)))
    for y in years:
        terms.append(Term(y, "year", y in ev.years))
    for word, act in _actions(text, covered):
        terms.append(Term(word, "action", bool(_ACTIONS[act][1] & ev.keys)))
    emphasised = " ".join(fold(p) for p in claim.emphasis)
    stop = stopwords()
    for wm in WORD.finditer(text):
        w = wm.group()
        if any(s <= wm.start() < e for s, e in covered) or _YEAR.fullmatch(w):
            continue
        if fold(w) in stop or len(w) < 4 or fold(w) in emphasised:
            continue
        if fold(w) in {fold(t.text) for t in terms if t.kind in ("word", "action")}:
            continue
        terms.append(Term(w, "word", all(_word_supported(p, ev) for p in w.split("-") if len(p) > 1)))
    if not ev.sentences:  # nothing to compare with: no cited decision has a text
        return ClaimCheck(report, index, 0.0, "unsupported", tuple(terms), (), (), ev.no_text)
    # an organisation or programme inside a phrase the report set in bold is what the claim is about
    topics = [fold(p) for p in claim.emphasis]
    weights = {m.key: 2.0 if any(fold(m.text) in p for p in topics) else 1.0 for m in named}
    evidence = rank(text, ev.sentences, weights, [amount.value for amount in money], years)
    weight = {"key": 3, "entity": 3, "amount": 3, "year": 2, "action": 2, "word": 1}
    total = sum(weight[t.kind] for t in terms)
    score = sum(weight[t.kind] for t in terms if t.supported) / total if total else 1.0
    conflicts = tuple(_conflicts(text, money, ev, evidence))
    opinion = not_checkable(text, bool(money or years or named))
    measured = measure(text, terms, ev, evidence, score)
    probs = claim_model.probabilities(measured)
    if conflicts:
        rating = "contradicted"
    elif opinion:
        rating = "not checkable"
    else:
        rating = claim_model.verdict(probs)
    # within a verdict: the model's expected support; a claim naming an organisation or programme that no cited
    # decision names comes last of its verdict (what it is about is nowhere)
    support = probs["supported"] + 0.5 * probs["partly supported"]
    if any(t.kind == "entity" and not t.supported for t in terms):
        support *= 0.5
    return ClaimCheck(report, index, round(score, 2), rating, tuple(terms), evidence, conflicts, ev.no_text,
                      opinion if rating == "not checkable" else "",
                      tuple(round(measured[f], 6) for f in claim_model.FEATURES), round(support, 2))


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
                tuple(dict.fromkeys(_YEAR.findall(s.text))),
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
    )


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
