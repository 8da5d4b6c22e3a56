"""What a claim asserts, and whether it is a fact to check at all.

A claim's checkable assertions are its names (organisations, programmes, the phrases the report set in bold),
its amounts, years and counts, its acts (granted, approved, raised ...) and its rare words. Words match on their
keys (stem and lemma), inside a decision's compounds, and as compounds whose head and first part the decision
has. A recommendation, an outlook, a judgement, a restated ambition of the coalition agreement or the report
speaking of itself is no fact: ``not_checkable`` says which words make it so. ``measure`` gives the numbers the
verdict model weighs (``claims.model.FEATURES``).
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from decimal import Decimal

from ..dutch import WORD, content_words, idf, keys, stem, stopwords, tokens
from ..extract.base import fold
from ..extract.money.amounts import MoneySpan, find_amounts
from .evidence import YEAR, Evidence, EvidenceSentence, found_in, same_amount

# not a fact the decisions can confirm: a recommendation, a wish, an outlook or a judgement ("Het is aanbevolen om
# ...", "zou moeten", "blijft een uitdaging"); recommendations whatever else the sentence says, judgements only
# when it names no organisation or programme and states no amount or year. Not "zou kunnen" ("zou kunnen wijzen op
# een inspanning om ..."): a hedge on a fact readers check, not a wish
_RECOMMENDS = re.compile(
    r"(?<!\w)(?:(?:het\s+)?(?:is|wordt|worden)\s+(?:\S+\s+){0,3}?aanbevolen|aanbeveling\w*|(?:zou|zouden)\s+"
    r"(?:\S+\s+){0,6}?moeten|het\s+verdient\s+aanbeveling|is\s+het\s+raadzaam|het\s+is\s+raadzaam|"
    r"het\s+is\s+(?:aan\s+te\s+raden|wenselijk)|zal\s+(?:\S+\s+){0,6}?moeten|moet(?:en)?\s+(?:nog\s+)?"
    r"(?:verder\s+)?(?:worden|blijven)|blijft\s+(?:\S+\s+){0,3}?(?:een\s+)?(?:uitdaging|aandachtspunt|nodig)|"
    r"valt\s+(?:nog\s+)?af\s+te\s+wachten|in\s+de\s+toekomst)(?!\w)", re.IGNORECASE)
_JUDGES = re.compile(
    r"(?<!\w)(?:(?:is|zijn|vormt|vormen|blijkt|toont|getuigt)\s+(?:\S+\s+){0,4}?(?:een\s+)?(?:belangrijke?|cruciale?|"
    r"essentiële?|positieve?|sterke?|duidelijke?|significante?|consistente?|grote?|waardevolle?)\s+"
    r"(?:stap|inzet|poging|signaal|bijdrage|aanzet|engagement|vooruitgang|prioriteit)|"
    r"(?:is|zijn)\s+(?:\S+\s+){0,2}?(?:belangrijk|cruciaal|essentieel|noodzakelijk|positief)|"
    # what a measure may bring about, in the claim's own clause: "kan positieve effecten hebben op", "kunnen
    # indirect de koolstofbalans beïnvloeden" (not "..., wat kan bijdragen aan": the fact before it is checked)
    r"(?<!wat\s)(?<!die\s)(?<!dat\s)(?:kan|kunnen)\s+(?:\S+\s+){0,5}?(?:bijdragen|stimuleren|beïnvloeden|helpen|"
    r"bevorderen|effecten\s+hebben|voordelen\s+(?:hebben|opleveren)))(?!\w)", re.IGNORECASE)
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
# ... or sums up what the decisions show, when it names nothing itself ("Uit de beoordeelde documenten blijkt dat
# ... concrete stappen", "Deze beslissingen geven blijk van voortgang", "In conclusie, aan de hand van ..."); not
# "Tot slot", which opens the report's last fact as often as its conclusion
_SUMS_UP = re.compile(
    _LEAD + r"(?P<cue>in conclusie|tot besluit|(?:uit|aan de hand van) de (?:\S+\s+){0,1}?(?:besluiten|"
    r"beslissingen|documenten)|de (?:beoordeelde|gepresenteerde|besproken|geanalyseerde|bovenstaande|voorgaande|"
    r"voorliggende|verstrekte) (?:besluiten|beslissingen|documenten)|(?:deze|die) (?:besluiten|beslissingen|"
    r"documenten)\s+(?:\S+\s+){0,2}?(?:geven|tonen|wijzen|getuigen|illustreren|weerspiegelen|duiden|laten)|"
    # "De verschillende besluiten rond financiële ondersteuning getuigen van ...", "De reeks genomen besluiten
    # bieden een coherent beeld", "Beslissingen en plannen getuigen van ...", "De uitgevaardigde maatregelen
    # weerspiegelen een consistente poging": what the decisions as a whole show
    r"(?:(?:de|deze|die)\s+)?(?:\S+\s+){0,2}?(?:besluiten|beslissingen|maatregelen|stappen)(?:\s+en\s+\S+)?\s+"
    r"(?:\S+\s+){0,5}?(?:getuigen|tonen|weerspiegelen|reflecteren|illustreren|bieden\s+(?:\S+\s+){0,3}?beeld)"
    r"(?!\s+(?:aan\s+)?dat\b))\b",  # "tonen aan dat er een ... systeem is": a fact follows
    re.IGNORECASE)
# ... or says which decisions it leaves aside, when it names nothing itself
_ASIDE = re.compile(r"(?<!\w)niet\s+(?:in\s+deze\s+(?:beoordeling|evaluatie|analyse)|(?:direct|rechtstreeks)\s+"
                    r"(?:gerelateerd|verband|gelinkt|gekoppeld|koppelen|linken))", re.IGNORECASE)


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
        if m is None and (lead := _SUMS_UP.search(text)):
            return " ".join(lead.group("cue").split())
    return " ".join(m.group(0).split()) if m else ""
# a count: a whole number and the word it counts ("25 projecten"); not an amount, a year or a date
_COUNT = re.compile(r"(?<![\d.,])(\d{1,6})\s+([A-Za-zÀ-ÿ]{4,})")
_UNITS = frozenset((
    "euro", "eur", "miljoen", "miljard", "duizend", "procent", "ha", "hectare", "km", "jaar", "jaren", "maand",
    "maanden", "dagen", "januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september",
    "oktober", "november", "december",
))
# A word counts as rare, and so as a distinctive assertion of a claim, from this idf (in about 3% of decisions)
RARE_IDF = 3.5
# What a claim says was done, by the keys (``dutch.keys``) of its verb: the claim's word names the act, and a
# cited decision states it in any form of a verb of the same act ("verhoogd" ~ "verhoogt" ~ "verhoging";
# "toegekend" ~ "kent ... toe"). The second set adds the bare verbs of separable verbs ("kent" of "kent toe"),
# which say the act only in a decision's sentence, not as the claim's word.
ACTIONS: dict[str, tuple[frozenset[str], frozenset[str]]] = {
    name: (frozenset(claim.split()), frozenset(claim.split()) | frozenset(extra.split()))
    for name, claim, extra in (
        ("approved", "goedkeur bekrachtig bekr vaststel", "keur"),
        ("granted", "toeken toegek subsidier subsidieer financier toewijs verlen invester", "ken wijs"),
        ("raised", "verhog verdubbel optrek", "trek"),
        ("extended", "uitbreid verleng", "breid"),
        ("reduced", "verlag verminder afbouw schrap", "bouw"),
        ("launched", "lancer opstart", "start"),
        ("changed", "wijzig aanpas hervorm herzien bijstel", "pas wijzigt"),  # "wijzigt": the stemmer keeps its -t
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


def word_supported(word: str, ev: Evidence) -> bool:
    return found_in(word, ev.keys or ev.words, ev.joined)


def _specific(word: str, first: bool) -> bool:
    """A name, acronym or number: a word the decision must contain for the phrase to be about it.
    A capital that opens the phrase may only open the sentence."""
    if any(c.isdigit() for c in word) or sum(c.isupper() for c in word) >= 2:
        return True
    return word[:1].isupper() and not first


def phrase_supported(phrase: str, ev: Evidence) -> bool:
    stop = stopwords()
    parts = [p for w in WORD.findall(phrase) for p in w.split("-") if fold(p) not in stop and len(p) > 1]
    if not parts:
        return True
    ok = [word_supported(p, ev) for p in parts]
    specific = [o for i, (p, o) in enumerate(zip(parts, ok, strict=True)) if _specific(p, i == 0)]
    return all(specific) and sum(ok) * 2 >= len(ok)


def lead_in(text: str, phrase: str) -> bool:
    """A bold phrase that opens the claim and ends in a colon is the report's label for it ("**Investering in
    Infrastructuur:** Het verstrekken van ..."), not a fact the decisions must state."""
    head = text.lstrip()
    return head.startswith(phrase) and (phrase.rstrip().endswith(":") or head[len(phrase) :].lstrip().startswith(":"))


def context_stems(text: str, start: int, end: int) -> set[str]:
    """The content stems of the eight words before a value and the four after it."""
    before = [w for w in tokens(text[max(0, start - 120) : start])][-8:]
    after = [w for w in tokens(text[end : end + 60])][:4]
    return {w for w in (*before, *after) if not w.isdigit() and w not in _UNITS}


def conflicts(text: str, money: list[MoneySpan], ev: Evidence, evidence: tuple[EvidenceSentence, ...]) -> list[str]:
    """The values the claim states (``money``: its amounts) that no cited decision does, where an evidence
    sentence states another value of the same kind in the same context."""
    found: list[str] = []
    total = sum(ev.amounts, Decimal(0))
    amounts = money
    # A claim that also states a value the decisions hold tells a sequence or a breakdown ("planned for July 2020,
    # held in 2021"; "30 miljoen, of which ..."), not another value for the same thing: only a claim none of
    # whose values of a kind the decisions hold can contradict them in that kind.
    if any(same_amount(m.value, a) for m in amounts for a in ev.amounts):
        amounts = []
    years = [] if any(y in ev.years for y in YEAR.findall(text)) else list(YEAR.finditer(text))
    for stated in amounts:
        if total and same_amount(stated.value, total):
            continue
        around = context_stems(text, stated.start, stated.end)
        for e in evidence:
            s = e.sentence
            for other in find_amounts(s.text):
                if (
                    not same_amount(stated.value, other.value)
                    and len(around & context_stems(s.text, other.start, other.end)) >= 2
                ):
                    found.append(f"the claim says {stated.text}, decision {s.decision} says {other.text}")
                    break
            else:
                continue
            break
    for m in years:
        around = context_stems(text, m.start(), m.end())
        hit = next(
            (
                f"the claim says {m.group()}, decision {e.sentence.decision} says {o.group()}"
                for e in evidence
                for o in YEAR.finditer(e.sentence.text)
                if o.group() != m.group() and len(around & context_stems(e.sentence.text, o.start(), o.end())) >= 2
            ),
            None,
        )
        if hit:
            found.append(hit)
    for m in _COUNT.finditer(text):
        number, noun = m.group(1), stem(m.group(2))
        if YEAR.fullmatch(number) or fold(m.group(2)) in _UNITS:
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


def actions(text: str, covered: list[tuple[int, int]]) -> Iterator[tuple[str, str]]:
    """The words of a claim that name an act, with the act, once each."""
    seen: set[str] = set()
    for wm in WORD.finditer(text):
        if any(s <= wm.start() < e for s, e in covered):
            continue
        ks = keys(wm.group())
        act = next((name for name, (claim_keys, _) in ACTIONS.items() if ks & claim_keys), None)
        if act and act not in seen:
            seen.add(act)
            yield wm.group(), act


@dataclass(frozen=True)
class Cover:
    """How much of a claim's content words, weighted by rarity (idf), the cited decisions hold: all of them, each
    decision and each sentence (in the order of ``Evidence.sentences``), with inflections and compounds matched
    (``found_in``)."""

    words: tuple[str, ...]  # the claim's content words, without numbers
    weight: Mapping[str, float]
    found: tuple[str, ...]  # those some cited decision holds
    sentences: tuple[float, ...]  # the share each sentence holds
    decisions: tuple[float, ...]  # the share the sentence's decision holds, per sentence
    titles: tuple[float, ...]  # the share each decision's first sentence holds

    def share(self, held: Iterable[str]) -> float:
        return math.fsum(self.weight[w] for w in held) / (math.fsum(self.weight.values()) or 1.0)


def cover(text: str, ev: Evidence) -> Cover:
    """The rarity-weighted share of the claim's words that the cited decisions, each decision and each sentence
    hold: what the ranking and the verdict model weigh."""
    words = tuple(dict.fromkeys(w for w in content_words(text) if not any(c.isdigit() for c in w)))
    weight = {w: idf(stem(w)) for w in words}
    total = math.fsum(weight.values()) or 1.0
    found = tuple(w for w in words if found_in(w, ev.keys, ev.joined))
    per_sentence: list[float] = []
    per_decision: list[float] = []
    titles: list[float] = []
    for (keys_of, joined), sentences in ev.by_decision:
        in_decision = [w for w in found if found_in(w, keys_of, joined)]
        share = math.fsum(weight[w] for w in in_decision) / total
        for i, (sentence_keys, sentence_joined) in enumerate(sentences):
            value = math.fsum(weight[w] for w in in_decision if found_in(w, sentence_keys, sentence_joined)) / total
            per_sentence.append(value)
            per_decision.append(share)
            if i == 0:
                titles.append(value)
    return Cover(words, weight, found, tuple(per_sentence), tuple(per_decision), tuple(titles))


def measure(text: str, terms: Iterable[Term], ev: Evidence, evidence: tuple[EvidenceSentence, ...],
            score: float, covered: Cover | None = None) -> dict[str, float]:
    """What the verdict model weighs (``model.FEATURES``): how much of the claim's content, weighted by
    rarity, the cited decisions hold, all of them, the best sentence, the best decision and its title; how
    many of its rare words, names and phrases they hold; how well the best sentence ranks."""
    terms = list(terms)
    c = covered or cover(text, ev)
    words, weight, found = c.words, c.weight, c.found
    total = math.fsum(weight.values()) or 1.0
    rarest = sorted(words, key=lambda w: (-weight[w], w))[:3]
    rare = [w for w in words if weight[w] >= RARE_IDF]
    rare_found = [w for w in rare if w in found]
    key = [t for t in terms if t.kind in ("key", "entity", "amount")]
    return {
        "coverage": c.share(found),
        "top3": sum(w in found for w in rarest) / len(rarest) if rarest else 1.0,
        "best_sentence": max(c.sentences, default=0.0),
        "best_decision": max(c.decisions, default=0.0),
        "title": max(c.titles, default=0.0),
        "bm25": math.log1p(evidence[0].bm25) if evidence else 0.0,
        "score": score,
        "key_share": sum(t.supported for t in key) / len(key) if key else 1.0,
        "rare_found": len(rare_found) / len(rare) if rare else 1.0,
        "rare_missing": math.log1p(len(rare) - len(rare_found)),
        "any_rare": float(bool(rare_found)),
        "entity_missing": float(any(not t.supported for t in terms if t.kind == "entity")),
        "decisions": math.log1p(len(ev.by_decision)),
        "mean_idf": total / len(words) if words else 0.0,
    }
