"""What a decision does: its operative clauses and its act type.

A decision's summary mixes context (why, what was done before, what the Government wants this term, what
others pay) with the clauses in which the Government acts now: "De Vlaamse Regering keurt ... goed", "kent ...
toe", "beslist", "herverdeelt", "wordt ... toegekend". Money is committed only where the decision acts, so the
role rules ask this module whether an amount's sentence is operative, and what kind of act the decision is
(a take-note decision commits nothing; a loan or financing agreement lends, it does not grant).

Pure functions over one sentence or the title; every pattern is linear (bounded gaps, no nested
quantifiers over the same characters).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from ..sentences import abbreviation
from .base import DecisionAct, Doc

ACT_TYPES = ("grant", "reallocation", "budget", "draft-regulation", "take-note", "loan-or-financing",
             "appointment", "agreement", "other")

_GAP = r"(?:[^\s;:]+\s+){0,32}?"  # the words between a split verb's two halves ("keurt ... goed")

# the Government (or its minister, or the decision) acts now, in the present tense
_ACTIVE = re.compile(
    r"(?<!\w)(?:"
    rf"keurt\s+{_GAP}goed|(?:keurt|wijzigt)\s+(?:\S+\s+){{0,10}}?(?:definitief|principieel)|kent\s+{_GAP}toe|wijst\s+{_GAP}toe|"
    rf"legt\s+{_GAP}vast|maakt\s+{_GAP}vrij|trekt\s+{_GAP}uit|stelt\s+{_GAP}(?:ter\s+beschikking|beschikbaar)|"
    rf"geeft\s+{_GAP}(?:goedkeuring|opdracht|toestemming|steun|akkoord)|stemt\s+{_GAP}in|zet\s+{_GAP}in|"
    rf"voegt\s+{_GAP}toe|schrijft\s+{_GAP}in|trekt\s+{_GAP}op|hecht\s+{_GAP}goedkeuring|breidt\s+{_GAP}uit|"
    rf"gaat\s+{_GAP}akkoord|"
    # "Het besluit regelt de concrete inzet en verdeling van de 19,5 miljoen euro": the order approved here
    rf"regelt\s+(?:\S+\s+){{0,4}}?(?:inzet|verdeling|besteding|toekenning)|"
    r"beslist|verleent|herverdeelt|herschikt|machtigt|reserveert|verhoogt|subsidieert|besteedt|verdeelt|gelast|"
    r"verlengt"
    r")(?!\w)", re.IGNORECASE)
# verbs that also describe a plan's envelope or a state ("voorziet in het relanceplan 15 miljoen euro"): they
# act, but weaker than a grant; beside a stronger act of the same decision their amount is context
_WEAK = re.compile(r"(?<!\w)(?:voorziet|investeert|financiert|engageert|ondersteunt|betaalt|garandeert)(?!\w)",
                   re.IGNORECASE)
# passive present: "wordt ... toegekend", "worden ... vrijgemaakt"
_PASSIVE = re.compile(
    rf"(?<!\w)(?:(?:is|zijn)\s+{_GAP}(?:voorzien|uitgetrokken|gereserveerd|bestemd|beschikbaar|vrijgemaakt)|"
    rf"(?:wordt|worden)\s+{_GAP}(?:toegekend|goedgekeurd|voorzien|vrijgemaakt|uitgetrokken|herverdeeld|"
    r"gereserveerd|ingezet|besteed|verdeeld|geïnvesteerd|vastgelegd|ter\s+beschikking\s+gesteld|toegewezen|"
    r"verleend|verhoogd|opgetrokken|gelanceerd|ingeschreven|toegevoegd|aangewend|gefinancierd|gesubsidieerd|"
    r"uitgekeerd|overgedragen|herschikt|verlengd|beschikbaar\s+gesteld|gebruikt|ondersteund|uitbetaald|"
    r"herbestemd)|"
    # the future passive of what the decision approves: "Een budget van 5 miljoen euro ... zal gebruikt worden voor
    # een eenmalige forfaitaire subsidiestroom"
    rf"(?:zal|zullen)\s+{_GAP}(?:gebruikt|ingezet|besteed|aangewend|toegekend|verdeeld)\s+worden)(?!\w)",
    re.IGNORECASE)
# "die door VLAIO kan worden ingezet": what may be done with money, not an act
_MAY = re.compile(r"(?<!\w)(?:kan|kunnen|mag|mogen|zal|zullen|moet|moeten|zou|zouden)\s+$", re.IGNORECASE)
# a body receives it now, or the grant of this decision is described: "X krijgt", "de subsidie bedraagt",
# "Het totaal budget voor deze oproep is 3 miljoen euro", "De oproep zal tweemaal opengesteld worden, telkens voor
# een bedrag van 10 miljoen euro", "Het totaal benodigde budget voor het uitvoeren van het geheel van deze projecten
# bedraagt 1.5 miljoen euro", "De voorgestelde jaarlijkse financiering bedraagt 859.000 euro": the sum of what the
# decision approves; "De totale landinrichtingssubsidie ... voor de uitvoering van het landinrichtingsproject mag
# maximaal 8 miljoen euro bedragen": the ceiling of the one project approved, its budget; the minister carrying
# out its mandate: "De Vlaamse minister ... zal via een subsidie-overeenkomst 10 miljoen euro relancemiddelen
# overdragen aan vzw Herita"; or the Government itself in an agreement this decision approves: "zal de Vlaamse
# Overheid nog eenmalig een bedrag van 2 miljoen euro investeren"
_RECEIVES = re.compile(
    r"(?<!\w)(?:krijgt|krijgen|ontvangt|ontvangen|gaat\s+naar|gaan\s+naar|"
    r"(?:subsidie|toelage|steun|bijdrage|dotatie|budget|toekenning|enveloppe|werkingsmiddelen|middelen|"
    r"financiering)\s+(?:\S+\s+){0,10}?(?:bedraagt|bedragen|(?:is|zijn)(?=\s+(?:in\s+totaal\s+|maximaal\s+)?\d))|"
    r"(?:totale|globale)\s+\w*(?:subsidie|toelage|budget|bijdrage)\w*\s+(?:\S+\s+){0,20}?(?:mag|mogen)\s+"
    r"(?:in\s+totaal\s+)?maximaal|"
    r"oproep\w*\s+(?:\S+\s+){0,10}?(?:voor\s+een\s+(?:totaal\s+)?bedrag\s+van|met\s+een\s+(?:totaal\s+)?budget\s+van)|"
    r"minister\s+(?:\S+\s+){0,8}?zal\s+(?:\S+\s+){0,10}?(?:overdragen|toekennen|uitbetalen|storten|betalen)|"
    r"(?:zal\s+de\s+Vlaamse\s+(?:Regering|overheid)|Vlaamse\s+(?:Regering|overheid)\s+zal)\s+(?:\S+\s+){0,12}?"
    r"(?:investeren|voorzien|uittrekken|vrijmaken|toekennen|bijdragen|ter\s+beschikking\s+stellen))(?!\w)",
    re.IGNORECASE)
# the decision only takes note, or only wants or plans
_TAKE_NOTE = re.compile(r"(?<!\w)(?:neemt\s+(?:\S+\s+){0,3}?(?:kennis|akte)|kennisname|aktename)(?!\w)",
                        re.IGNORECASE)
_TAKE_NOTE_TITLE = re.compile(
    r"^\W*(?:kennisname|aktename|mededeling|voortgangsrapport\w*|voortgangsrapportering|rapport\w*|jaarverslag\w*|"
    r"jaarrapport\w*|evaluatie\w*|stand\s+van\s+zaken|monitoring\w*|uitgaventoetsing\w*|spending\s+review|"
    r"brede\s+heroverweging|stavaza|tussentijds\w*|eindrapport\w*|verslag\w*|begrotingsopmaak|"
    r"begrotingscontrole|begrotingsaanpassing)(?!\w)", re.IGNORECASE)
_LOAN_ACT = re.compile(
    r"(?<!\w)(?:financieringsovereenkomst\w*|kredietovereenkomst\w*|leningsovereenkomst\w*|"
    r"lening\w*|leenlimiet\w*|leenmachtiging\w*|ontlening\w*|ontlenen|kapitaalverhoging\w*|kapitaalinbreng\w*|"
    r"kapitaalsinbreng\w*|inbreng\s+in\s+(?:het\s+)?kapitaal|participatie\w*|waarborg\w*|garantie\w*|"
    r"achtergestelde|obligatie\w*|thesaurie\w*|schuldfinanciering)(?!\w)", re.IGNORECASE)
_REALLOCATION = re.compile(r"(?<!\w)(?:herverdel\w*|herschik\w*|overdracht\s+van\s+middelen|"
                           r"provisioneel\s+krediet|provisie)(?!\w)", re.IGNORECASE)
_DRAFT = re.compile(r"(?<!\w)(?:(?:voor)?ontwerp\s+van\s+(?:decreet|besluit|amendement)|ontwerpdecreet|ontwerpbesluit|"
                    r"principiële\s+goedkeuring|principieel)(?!\w)", re.IGNORECASE)
_APPOINTMENT = re.compile(r"^\W*(?:benoeming|aanstelling|aanduiding|ontslag|hernieuwing\s+van\s+het\s+mandaat|"
                          r"samenstelling)(?!\w)", re.IGNORECASE)
_AGREEMENT = re.compile(r"(?<!\w)(?:overeenkomst|samenwerkingsakkoord|convenant|protocol|akkoord)(?!\w)",
                        re.IGNORECASE)
_GRANT = re.compile(rf"(?<!\w)(?:kent\s+{_GAP}toe|toegekend|\w*subsidie\w*|toelage\w*|toekenning|"
                    r"dotatie\w*|steun\w*|impuls\w*|oproep\w*|"
                    r"projectsubsidie\w*|investering\w*|middelen)(?!\w)", re.IGNORECASE)
_BUDGET = re.compile(r"(?<!\w)(?:begroting\w*|krediet\w*|budget\w*)(?!\w)", re.IGNORECASE)

@dataclass(frozen=True)
class Act:
    """Whether a sentence acts now, the words that say so ("" when it does not), and whether they are a
    strong act (keurt goed, kent toe, wordt toegekend) or a weak one (voorziet, is voorzien, krijgt)."""

    operative: bool
    words: str
    strong: bool = False

    @property
    def stative(self) -> bool:
        """Only says money is there ("is ... voorzien"), as a plan's envelope does."""
        return self.operative and self.words.lower().startswith(("is ", "zijn "))


def sentence_act(sentence: str) -> Act:
    """Does this sentence act now? "keurt ... goed", "wordt ... toegekend", "X krijgt"; not a sentence that only
    takes note."""
    m = _ACTIVE.search(sentence)
    if m is not None:
        return Act(True, _compact(m.group(0)), True)
    m = _PASSIVE.search(sentence)
    if m is not None:
        said = m.group(0).lower()
        return Act(True, _compact(m.group(0)), not said.startswith(("is", "zijn", "zal", "zullen"))
                   and not _MAY.search(sentence, max(0, m.start() - 12), m.start()))
    m = _WEAK.search(sentence) or _RECEIVES.search(sentence)
    if m is not None:
        return Act(True, _compact(m.group(0)), False)
    return Act(False, "")


def _compact(words: str) -> str:
    """A split verb as a reader quotes it: "keurt ... goed", not every word between its halves."""
    w = words.split()
    return " ".join(w) if len(w) <= 3 else f"{w[0]} ... {w[-1]}"


# "(" opens a sentence only before a capital: "Fiets Hup! (500.000 euro)" goes on
_SENTENCE_END = re.compile(r"(?<=[.!?;])\s+(?=[A-Z0-9\"'‘“]|\([A-Z])")


def sentence_spans(text: str, title_end: int = 0) -> list[tuple[int, int]]:
    """Sentence spans (";" ends one: list items are sentences); the title is a sentence of its own (the texts
    run title and summary together)."""
    bounds, start = [], 0
    if 0 < title_end < len(text):
        bounds.append((0, title_end))
        start = title_end
    for m in _SENTENCE_END.finditer(text, start):
        if text[m.start() - 1] == "." and abbreviation(text, m.start() - 1):
            continue  # "o.a. De ...", "nr. 5", "A.D.V.N. (Archief ...)"
        bounds.append((start, m.start()))
        start = m.end()
    bounds.append((start, len(text)))
    return bounds


# a sentence that goes on with what the one before it acts on: a list item, "Het gaat om ...", "Concreet ..."
_GOES_ON = re.compile(r"^\W{0,3}(?:(?:in\s+totaal\s+)?(?:gaat\s+het|het\s+gaat)\s+(?:\S+\s+){0,2}?(?:om|over)|"
                      r"het\s+betreft|"
                      r"dit\s+betreft|het\s+gaat\s+hier\s+om|in\s+totaal|samen|namelijk|"
                      r"concreet|meer\s+bepaald|daarvan|hiervan|waarvan|daarbij|hierbij|en\s|of\s|[-•*]\s)",
                      re.IGNORECASE)


def sentence_acts(sentences: list[str], said: list[Act] | None = None) -> list[Act]:
    """``sentence_act`` of each sentence of one text (``said``, when already known), where a sentence that goes
    on with the one before it (a list item after ":" or ";", "Het gaat om ...") acts as that one does."""
    out: list[Act] = []
    last: Act | None = None  # the latest sentence that acted
    for i, sentence in enumerate(sentences):
        act = said[i] if said is not None else sentence_act(sentence)
        if not act.operative and last is not None and (
                (out[-1].operative and sentences[i - 1].rstrip().endswith((":", ";"))) or _GOES_ON.match(sentence)):
            act = last
        out.append(act)
        last = act if act.operative else last
    return out


def takes_note(sentence: str) -> str:
    """The words by which a sentence takes note ("neemt kennis van"), "" when it does not."""
    m = _TAKE_NOTE.search(sentence)
    return " ".join(m.group(0).split()) if m else ""


def act_type(title: str, sentences: list[str], acts: list[Act] | None = None) -> tuple[str, str]:
    """The kind of act a decision is, from its title and its operative sentences, with the words that say so.

    A decision whose every operative sentence only takes note (or whose title says it is a progress report, an
    evaluation, a spending review) is ``take-note``; a loan, guarantee, capital injection or financing
    agreement is ``loan-or-financing``; then reallocation, draft regulation, appointment, agreement, grant,
    budget, other. ``acts`` is ``sentence_act`` of each sentence, when already known.
    """
    said = list(zip(sentences, acts if acts is not None else [sentence_act(s) for s in sentences], strict=True))
    operative = [s for s, a in said if a.operative]
    # "is 5 miljoen euro voorzien" beside "neemt kennis van" grants nothing
    acting = [s for s, a in said if a.operative and not a.stative]
    notes = [takes_note(s) for s in sentences if takes_note(s)]
    head = title.strip()
    m = _TAKE_NOTE_TITLE.match(head)
    if (m and not operative) or (notes and not acting):
        return "take-note", (notes[0] if notes else m.group(0).strip() if m else "")
    scope = " ".join([head, *operative])
    for name, pattern in (("loan-or-financing", _LOAN_ACT), ("reallocation", _REALLOCATION),
                          ("appointment", _APPOINTMENT), ("draft-regulation", _DRAFT),
                          ("grant", _GRANT), ("agreement", _AGREEMENT), ("budget", _BUDGET)):
        found = pattern.search(head) if name in ("loan-or-financing", "appointment", "draft-regulation") \
            else pattern.search(scope)
        if found is not None:
            return name, " ".join(found.group(0).split())
    return "other", ""


@dataclass(frozen=True)
class Reading:
    """What one decision does, read once for this extractor and the money rules: its sentences (the title one
    of its own), what each does (a list item acting as the sentence it goes on from), and its act type."""

    spans: list[tuple[int, int]]
    acts: list[Act]  # of every sentence, the title's included
    body_acts: list[Act]  # of the sentences after the title, read without it
    act_type: str
    words: str  # the words that give the act type

    def body(self, title_end: int) -> list[tuple[int, int]]:
        return self.spans[1:] if title_end > 0 else self.spans


@lru_cache(maxsize=4)
def read(doc: Doc) -> Reading:
    """The decision read once; cached because this extractor and ``grants`` ask for the same document in turn
    (a pure function: the cache changes nothing)."""
    spans = sentence_spans(doc.text, doc.title_end)
    texts = [doc.text[lo:hi] for lo, hi in spans]
    said = [sentence_act(t) for t in texts]
    skip = 1 if doc.title_end > 0 else 0
    kind, words = act_type(doc.text[:doc.title_end], texts[skip:], said[skip:])
    return Reading(spans, sentence_acts(texts, said), sentence_acts(texts[skip:], said[skip:]), kind, words)


def extract(doc: Doc) -> Iterator[DecisionAct]:
    """The decision's act type, once, spanning the sentence that decides it (its first operative sentence, the
    sentence that takes note, else the title)."""
    reading = read(doc)
    spans, body, acts = reading.spans, reading.body(doc.title_end), reading.body_acts
    where = next((span for span, act in zip(body, acts, strict=True) if act.operative), None)
    if reading.act_type == "take-note":
        where = next((span for span in body if takes_note(doc.text[span[0]:span[1]])), where)
    lo, hi = where or (spans[0] if doc.title_end > 0 or not body else body[0])
    while lo < hi and doc.text[lo].isspace():
        lo += 1
    yield DecisionAct(lo, max(lo, hi), reading.act_type, reading.words, sum(a.operative for a in acts))


__all__ = ["ACT_TYPES", "Act", "Reading", "act_type", "extract", "read", "sentence_act", "sentence_acts",
           "sentence_spans", "takes_note"]
