"""The role of an amount in a decision: new money committed here, a part of it, or money of another kind.

Decided from the words around the amount (its clause, and a window of about ten words on each side) and,
for parts, from arithmetic over the amounts of the same decision. Pure functions over the text and the
amounts' spans; every pattern is linear and runs over a bounded window.

Roles (SKOS concepts ``kg:rol/<role>`` in the ontology):

=================== ==========================================================================================
committed           new money the Flemish Government grants, allocates or budgets in this decision
part                a breakdown of a committed amount of the same decision ("waarvan", "verdeeld over",
                    amounts that add up to it, the payment credit beside its commitment credit)
earlier             decided before and restated ("al", "reeds", "eerder", "initieel", a past tense verb), or moved
                    from a provision for no use of its own ("herverdeling ... vanuit de relanceprovisie")
other-party         money of municipalities, the EU, the federal government, private partners, co-financing
target              an aim or expected volume ("vooropgesteld", "beoogd", "hefboom", "te realiseren")
threshold           a limit or condition ("meer dan", "vanaf", "minimaal", "maximaal ... per project")
unit-rate           an amount per person, dossier, day, hour, pupil ... (not per year)
loan-or-guarantee   loans, guarantees, capital, advances
plan-total          the total of a wider plan not committed here ("het relanceplan ... van 4,3 miljard euro")
context             an amount outside every operative clause (background, an ambition, what a take-note
                    decision notes): the decision does not commit it
unclassified        an amount no rule can place (a range that commits no exact sum): never added to a total
=================== ==========================================================================================
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from .cues import Span, cue, words
from .provisions import provision_transfer

ROLES = ("committed", "part", "earlier", "other-party", "target", "threshold", "unit-rate", "loan-or-guarantee",
         "plan-total", "context", "unclassified")

WINDOW_BEFORE = 90  # characters of the clause before an amount that its cues are looked for in
WINDOW_AFTER = 60


# "per dag", "/ha", "per erkende woongelegenheid", "voor elke deelnemer": per anything but a year or a date
_UNIT_AFTER = re.compile(r"\s{0,5}(?:subsidie\s+|steun\s+|premie\s+|bijdrage\s+|vergoeding\s+|\(\w+\)\s{0,5})?"
                         r"(?:per|/|voor\s+elke?|voor\s+iedere?|elke?)\s{0,5}(?!(?:jaar|kalenderjaar|begrotingsjaar|"
                         r"werkjaar|schooljaar|academiejaar|jaarlijks|\d))[^\W\d]", re.IGNORECASE)
_PER_YEAR_AFTER = re.compile(r"\s{0,5}(?:per|/|elk|ieder)\s{1,5}"
                             r"(?:jaar|kalenderjaar|begrotingsjaar|werkjaar|schooljaar)\b", re.IGNORECASE)
# what a rate is called: a premium, fee, tariff or conversion key is paid per case, whatever follows it
_RATE_NOUN = re.compile(r"(?<!\w)(?:\w*premie\w*|premiebedrag|tarief\w*|forfait\w*|\w*vergoeding|uurloon|"
                        r"omslagsleutel|\w*cheque\w*|toeslag\w*|eenheidsprijs|prijs\s+per|schijven|"
                        r"per\s+(?!jaar)[^\W\d]\w*)(?!\w)", re.IGNORECASE)
_NOT_A_RATE = cue(r"ter\s+beschikking", r"voor\s+de\s+financiering", r"budget\w*", r"totaal\w*",
                   r"in\s+totaal", r"enveloppe", r"krediet\w*", r"middelen",
                   r"provisie", r"jaarlijks", r"vrijgemaakt", r"reserveert", r"herverdel\w*")
_CAP_BEFORE = re.compile(r"(?:maxim\w*|max\.|hoogstens|ten\s+hoogste|plafond|tot\s+maximaal|"
                         r"beperkt\s+tot|begrensd\s+op)\s+(?:van\s+|bedrag\s+van\s+|subsidie\s+van\s+)?"
                         r"(?:\S+\s+){0,2}$", re.IGNORECASE)
_CAP_NOUN = re.compile(r"(?:maximumbedrag|maximumsubsidie|subsidieplafond|plafondbedrag|"
                       r"maximaal\s+(?:\S+\s+){0,2}per\s+(?:\S+\s+){0,4}|maximum\s+per\s+(?:\S+\s+){0,3})"
                       r"(?:van\s+)?(?:\S+\s+)?$", re.IGNORECASE)
_EXCEEDED = re.compile(r"(?:oversteeg|overstijgt|overschrijdt|overschreed|overschrijden|overstijgen)"
                       r"\s+(?:\S+\s+){0,3}$", re.IGNORECASE)
_ELIGIBLE = re.compile(r"(?<!\w)(?:kunnen|kan)\s+(?:\S+\s+){0,8}(?:ontvangen|krijgen|aanvragen|bekomen)(?!\w)",
                       re.IGNORECASE)
_CAP_WORD = cue(r"maxim\w*", r"plafond\w*", r"hoogstens", r"ten\s+hoogste")
_THRESHOLD_BEFORE = re.compile(r"(?:meer|minder|hoger|lager|groter|kleiner)\s+dan\s+(?:\S+\s+){0,1}$|"
                               r"(?<!\w)(?:vanaf|boven(?:\s+de)?|onder(?:\s+de)?|minimaal|minimum|ten\s+minste|"
                               r"tenminste|minstens|drempel(?:bedrag)?\s+van|omzet\s+van|"
                               r"investeringen?\s+(?:van|boven)|projecten\s+van|"
                               r"een\s+(?:totale\s+)?(?:kost|projectkost|investering)\s+van)\s+(?:\S+\s+){0,1}$",
                               re.IGNORECASE)
_FROM_LEVEL = re.compile(r"(?<!\w)van\s{1,3}$", re.IGNORECASE)
_TO_LEVEL = re.compile(r"(?<!\w)van\s{1,3}[0-9][0-9.,]{0,20}\s{1,3}(?:euro\s{1,3})?naar\s{1,3}$", re.IGNORECASE)
_AT_LEAST = cue(r"minstens", r"ten\s+minste", r"tenminste", r"minimaal")
_AIM = cue(r"wil", r"willen", r"beoogt", r"beogen", r"streeft", r"streven", r"realiseren", r"gerealiseerd",
            r"bereiken", r"ambieert")
_LOAN = cue(r"lening(?:en)?", r"\w*leningen", r"achtergestelde", r"waarborg\w*", r"garantie\w*",
             r"kapitaal(?:s)?verhoging\w*", r"kapitaalinjectie\w*", r"kapitaalsinbreng", r"kapitaalinbreng",
             r"participatie\w*", r"voorschot\w*", r"obligatie\w*", r"in\s+kapitaal", r"terugbetaalbare?",
             r"renteloze?", r"krediet(?:lijn|faciliteit)")
# the amount is invested in a company: "750 miljoen euro om te investeren in een nieuw op te richten
# infrastructuurvehikel (imec EU pilot line nv)": capital the Government holds, not money it spends
_EQUITY = re.compile(r"\s{0,3}(?:euro\s+)?(?:\S{1,40}\s+){0,4}?(?:om\s+)?(?:te\s+)?"
                     r"(?:investeren|participeren|in\s+te\s+brengen|in\s+te\s+stappen)\s+in\s+"
                     r"(?:[^\s.;]{1,40}\s+){0,6}?(?:\w{0,30}vehikel|nv|n\.v\.|bv|b\.v\.|\w{0,30}vennootschap|"
                     r"het\s+kapitaal)(?!\w)", re.IGNORECASE)
_OTHER = cue(r"investeerden", r"investeren\s+samen", r"\w*cofinancier\w*", r"\w*co-financier\w*",
              r"mee\s+te\s+financieren", r"medefinancier\w*", r"investeert\s+zelf", r"zelf\s+investeert",
              r"(?:zal|zullen)\s+(?:\S+\s+){0,3}@\s+investeren", r"@\s+investeren", r"privé-?investering\w*",
              r"eigen\s+middelen", r"eigen\s+inbreng", r"eigen\s+bijdrage",
              r"co-?financiering\w*", r"co-?financier\w*", r"cofinancier\w*", r"europese?", r"europa", r"eu",
              r"efro", r"esf\+?", r"elfpo", r"ejfv", r"rrf", r"herstel-?\s+en\s+veerkrachtfaciliteit",
              r"faciliteit\s+voor\s+herstel", r"federale?", r"federaal", r"privé", r"private", r"privaat",
              r"eib", r"europese\s+investeringsbank", r"horizon", r"interreg", r"lokale\s+besturen\s+investeren",
              r"gemeentelijke", r"provinciale", r"bijdrage\s+van\s+de\s+(?:stad|gemeente|provincie|partners?)",
              r"inbreng\s+van\s+de", r"de\s+partners\s+(?:brengen|dragen)", r"door\s+de\s+(?:stad|gemeente|provincie)",
              r"(?:stad|gemeente|provincie)\s+(?:draagt|investeert|betaalt|voorziet)")
# the Government moves its own budget: "herverdeling van 12 miljoen euro vanuit de eigen middelen werk en sociale
# economie" (a policy domain's own means, not a recipient's contribution)
_OWN_BUDGET = re.compile(r"(?<!\w)(?:vanuit|uit)\s{1,3}(?:de\s{1,3})?eigen\s{1,3}middelen(?!\w)", re.IGNORECASE)
# given to the party the cue names is not its money: "maximaal 6.000.000 euro aan de private stichting Leerpunt"
_GIVEN_TO = re.compile(r"(?<!\w)aan\s{1,3}(?:de\s{1,3}|het\s{1,3})?$", re.IGNORECASE)
# the Government grants it in this very sentence: "kent ... een cofinanciering van 765.000 euro toe"
# or decides to make it available: "Ze beslist om hiervoor de nodige cofinanciering (4,5 miljoen euro) vanuit het
# Vlaams Klimaatfonds ter beschikking te stellen"
_GRANTS_NOW = re.compile(r"(?<!\w)(?:(?:kent|keurt)(?!\w)(?:[^.;]|(?<=\d)\.(?=\d)){0,200}(?<!\w)(?:toe|goed)|"
                         r"beslist(?!\w)(?:[^.;]|(?<=\d)\.(?=\d)){0,200}(?<!\w)(?:ter\s+beschikking\s+te\s+stellen|"
                         r"toe\s+te\s+kennen|vrij\s+te\s+maken))(?!\w)", re.IGNORECASE)
# asked for is not granted: "De gevraagde steun bedraagt 8 miljoen euro" (refused), unless the sentence grants it
_REQUESTED = cue(r"(?:aan)?gevraagde?", r"aangevraagd")
_GRANTED = re.compile(r"(?<!\w)(?:toegekend|goedgekeurd|toegewezen|verleend)(?!\w)", re.IGNORECASE)
_FLEMISH = cue(r"vlaamse?\s+(?:regering|overheid|middelen|bijdrage|subsidie|cofinanciering|steun)", r"vlaanderen",
                r"relanceplan", r"vlaamse\s+veerkracht", r"kent\s+\S+\s+toe", r"keurt\s+\S+\s+goed")
_COLLECTED = cue(r"ophalen", r"op\s+te\s+halen")  # after the amount only: "leveren en ophalen in Gent (218.000 euro)"
_WITHIN = re.compile(r"(?<!\w)binnen\s+(?:het|de)\s+(?:\S+\s+){0,4}?(?:budget|enveloppe|krediet|middelen)\s+van\s+$",
                     re.IGNORECASE)


def within_budget(text: str, start: int) -> re.Match[str] | None:
    """"binnen het voor VLAIO vooropgestelde budget van" just before the amount at ``start``."""
    return _WITHIN.search(text, max(0, start - 80), start)


_TARGET = cue(r"vooropgest\w*", r"beoogd\w*", r"doelstelling\w*", r"streef\w*", r"ambitie\w*",
               r"hefboom(?:effect\w*|werking)?",
               r"mobiliser\w*", r"genereren", r"te\s+bereiken", r"verwacht\w*", r"omzet",
               r"investeringsvolume", r"aantrekken", r"uitlokken", r"leverage", r"economische\s+impact",
               r"return", r"besparing\w*", r"opbrengst\w*", r"meerwaarde")
# an earlier round of the same programme, however far back in the clause: "Na een eerste reeks investeringen ..."
_EARLIER_ROUND = re.compile(r"(?<!\w)(?:na\s+)?(?:een\s+|de\s+)?(?:eerste|vorige|eerdere|voorgaande)\s+"
                            r"(?:reeks|ronde|oproep|selectie|fase|schijf|tranche|lijst)(?!\w)", re.IGNORECASE)
# money a policy statement or an earlier budget round already provided: "In de septemberverklaring ... wordt 270
# miljoen euro extra voorzien", "Bij de begrotingsopmaak 2023 werd ..."
_EARLIER_SOURCE = re.compile(r"(?<!\w)(?:in|bij|met)\s+(?:de|het)\s+(?:[^\s.;:]+\s+){0,2}?(?:septemberverklaring|"
                             r"beleidsverklaring|beleidsnota|regeerakkoord|begrotingsopmaak|begrotingsaanpassing|"
                             r"begrotingsaanpassingen|meerjarenraming)(?!\w)", re.IGNORECASE)
_EARLIER = cue(r"al", r"reeds", r"eerder\w*", r"vroeger\w*", r"initie(?:el|le)", r"oorspronkelijke?", r"voordien",
                r"vorige", r"vorig", r"destijds", r"toen", r"intussen", r"werd(?:en)?\s+(?:\S+\s+){0,4}toegekend",
                r"kende\s+(?:\S+\s+){0,6}toe", r"keurde\s+(?:\S+\s+){0,6}goed", r"besliste", r"voorzag",
                r"had(?:den)?\s+(?:\S+\s+){0,4}(?:toegekend|voorzien|vrijgemaakt)", r"ontving", r"kreeg",
                r"werd(?:en)?\s+(?:\S+\s+){0,4}(?:voorzien|vrijgemaakt|vastgelegd|uitbetaald|gereserveerd|ingeschreven|"
                r"begroot|uitgetrokken|herverdeeld)",
                r"bovenop", r"onbenutte?", r"niet\s+benutte?", r"na\s+een\s+eerste")
_UNUSED = cue(r"onbenut\w*", r"niet\s+benut\w*", r"niet\s+opgebruikt\w*")
# a sentence in the past tense restates what was decided before ("werd ... voorzien", "keurde ... goed", "bedroeg")
_PAST = cue(r"werd(?:en)?", r"was", r"waren", r"kende", r"keurde", r"besliste", r"voorzag", r"bedroeg", r"gaf",
             r"gaven", r"verleende", r"hechtte", r"reserveerde",
             r"bedroegen", r"had(?:den)?", r"investeerde", r"ontving", r"kreeg", r"stelde", r"maakte", r"wees",
             r"heeft\s+(?:\S+\s+){0,9}(?:toegekend|goedgekeurd|voorzien|geïnvesteerd|vrijgemaakt|besteed)",
             r"is\s+(?:\S+\s+){0,4}(?:goedgekeurd|toegekend|vrijgemaakt)\s+(?:in|op)\s+\S+\s+(?:19|20)\d\d",
             r"zijn\s+(?:\S+\s+){0,4}(?:goedgekeurd|toegekend)\s+(?:in|op)", r"(?:is|zijn)\s+er\s+(?:\S+\s+){0,5}"
             r"(?:voorzien|vrijgemaakt)", r"(?:in|op)\s+(?:\d+\s+\w+\s+)?(?:19|20)\d\d\s+(?:werd|keurde|kende|heeft)")
# ... unless the sentence also commits, in the present: "keurt ... goed", "kent ... toe", "wordt ... voorzien"
_PRESENT = cue(r"keurt", r"kent", r"beslist", r"voorziet", r"reserveert", r"verhoogt", r"wijst", r"maakt",
                r"stelt", r"geeft", r"verleent", r"investeert", r"besteedt", r"stemt", r"herverdeelt", r"trekt",
                r"wordt", r"worden", r"zal", r"zullen", r"nu", r"daarom", r"regelt", r"verdeelt")
_RAISED_FROM = re.compile(r"^\s*(?:euro\s+)?(?:naar|tot)\s+(?:\S+\s+){0,2}\d", re.IGNORECASE)
_RAISE_TO_BEFORE = re.compile(r"(?:verhoog\w*|verhoging|verminder\w*|verlaag\w*|opgetrokken|optrekken|aangepast)"
                              r"\s+(?:\S+\s+){0,6}(?:van\s+)?$", re.IGNORECASE)
_PLAN = re.compile(r"(?:plan|relanceplan|investeringsplan|programma|relanceprogramma|herstelplan|"
                   r"beleidsruimte)\s+(?:[^\s:]+\s+){0,5}"
                   r"(?:van|ter\s+waarde\s+van|goed\s+voor|met\s+een\s+budget\s+van|voorziet|bedraagt|omvat)\s+"
                   r"(?:(?:in\s+totaal|ruim|bijna|circa|ongeveer)\s+)?$", re.IGNORECASE)
_PART_AFTER_TOTAL = cue(r"waarvan", r"waaronder", r"namelijk", r"verdeeld\s+(?:als|over)", r"opgesplitst",
                         r"als\s+volgt", r"uitgesplitst")
_CLAUSE_BREAK = re.compile(r"[;.]")
_NEXT_SENTENCE_PARTS = re.compile(r"[.\s]{0,10}(?:daarvan|hiervan|waarvan|van\s+dit\s+(?:budget|bedrag|totaal)|"
                                  r"dit\s+(?:budget|bedrag)\s+(?:wordt|is)\s+(?:als\s+volgt\s+)?verdeeld)",
                                  re.IGNORECASE)
_YEARLY = cue(r"jaarlijks\w*", r"per\s+jaar", r"elk\s+jaar", r"ieder\s+jaar")
_TOTAL_AFTER_PARTS = cue(r"samen", r"in\s+totaal", r"totaal", r"goed\s+voor", r"of\s+een\s+totaal",
                          r"dat\s+brengt", r"opgeteld")
_PAYMENT_CREDIT = re.compile(r"vereffening\w*|betaalkrediet\w*", re.IGNORECASE)
_COMMITMENT_CREDIT = re.compile(r"vastlegging\w*|vastleggingskrediet\w*|engagementskrediet\w*", re.IGNORECASE)


def _window(text: str, span: Span) -> tuple[str, str]:
    lo, hi = span.clause
    return (text[max(lo, span.start - WINDOW_BEFORE):span.start],
            text[span.end:min(hi, span.end + WINDOW_AFTER)])


LOCAL, SENTENCE, DEFAULT = 2, 1, 0  # how strongly a role is said: by the amount's own words, its sentence, nothing


@dataclass(frozen=True)
class Call:
    """A role, how strongly the text says it (LOCAL, SENTENCE, DEFAULT), and why: the rule and the words that
    triggered it, as a reader would check them ("operative clause: 'kent ... toe'")."""

    role: str
    strength: int
    reason: str


def role_of(text: str, span: Span) -> Call:
    """The role the words around one amount give it, how strongly, and why."""
    before, after = _window(text, span)
    near = before[-45:] + " @ " + after[:35]
    lead = text[max(span.sentence[0], span.start - 120):span.start]  # the sentence before, across clauses
    if _PER_YEAR_AFTER.match(after) is None and (m := _UNIT_AFTER.match(after)):
        if (c := _CAP_BEFORE.search(before) or _CAP_WORD.search(lead)):
            return Call("threshold", LOCAL, f"a cap per case: '{words(c)}'")
        return Call("unit-rate", LOCAL, f"an amount per unit: '{words(m)}'")
    if (m := _RATE_NOUN.search(before[-60:])) and not _NOT_A_RATE.search(before[-60:] + after[:30]):
        return Call("unit-rate", LOCAL, f"a rate: '{words(m)}'")
    # the aim said after the amount, in its own clause: "de 450 miljoen euro die bij de lancering ... werd
    # vooropgesteld"
    # a rate changed from one level to another: "de omslagsleutel ... wordt verhoogd met 3,204%, zijnde van 899,68
    # euro naar 928,51 euro"
    if ((_FROM_LEVEL.search(lead[-12:]) and _RAISED_FROM.match(text[span.end:span.end + 40]))
            or _TO_LEVEL.search(lead[-40:])) and (m := _RATE_NOUN.search(lead)) \
            and not _NOT_A_RATE.search(before[-30:] + after[:30]):
        return Call("unit-rate", LOCAL, f"a rate changed: '{words(m)}'")
    if (m := _TARGET.search(after[:80]) or _COLLECTED.search(after[:80])) \
            and not _CLAUSE_BREAK.search(after[:m.start()]) and "euro" not in after[:m.start()]:
        return Call("target", LOCAL, f"an aim: '{words(m)}'")
    if (m := _THRESHOLD_BEFORE.search(before) or _CAP_NOUN.search(lead[-70:]) or _EXCEEDED.search(before[-40:])):
        # "Hiermee wil ze voor in totaal minstens 450 miljoen euro aan lokale investeringen realiseren": a floor
        # the Government aims at, not a condition
        if _AT_LEAST.search(m.group(0)) and (a := _AIM.search(text, span.sentence[0], span.sentence[1])):
            return Call("target", LOCAL, f"an aim: '{words(m)}' ... '{words(a)}'")
        return Call("threshold", LOCAL, f"a limit or condition: '{words(m)}'")
    if (m := _CAP_WORD.search(before[-40:])) and _ELIGIBLE.search(text, span.sentence[0], span.sentence[1]) \
            and not _RAISED_TO.search(before):
        return Call("threshold", LOCAL, f"a cap per case: '{words(m)}'")
    if (m := _LOAN.search(near)):
        return Call("loan-or-guarantee", LOCAL, f"a loan, guarantee or capital: '{words(m)}'")
    if (m := _EQUITY.match(text, span.end, min(span.sentence[1], span.end + 160))):
        return Call("loan-or-guarantee", LOCAL, f"an investment in a company's capital: '{words(m)}'")
    sentence = text[span.sentence[0]:span.sentence[1]]
    if (m := _REQUESTED.search(before[-40:])) and not _GRANTS_NOW.search(sentence) \
            and not _GRANTED.search(sentence):
        return Call("context", LOCAL, f"a sum asked for, not granted here: '{words(m)}'")
    if (m := _OTHER.search(near)) and not _FLEMISH.search(before[-60:]) and not _GRANTS_NOW.search(sentence) \
            and not _GIVEN_TO.search(near, max(0, m.start() - 16), m.start()) \
            and not _OWN_BUDGET.search(near, max(0, m.start() - 16), m.end()):
        return Call("other-party", LOCAL, f"another party's money: '{words(m)}'")
    # "keurt nu de noodzakelijke steunmaatregelen goed ... binnen het voor VLAIO vooropgestelde budget van 50 miljoen
    # euro": the budget a granting clause acts within, set beforehand ("vooropgesteld"), is what it commits
    if span.strong and span.operative and (m := within_budget(text, span.start)):
        return Call("committed", LOCAL, f"the budget the operative clause acts within: '{words(m)}'")
    if (m := _TARGET.search(near)):
        return Call("target", LOCAL, f"an aim: '{words(m)}'")
    if _RAISED_FROM.match(after) and (m := _RAISE_TO_BEFORE.search(before)):
        return Call("earlier", LOCAL, f"the old level of a budget this decision changes: '{words(m)}'")
    # "herbevestigt haar eerdere principiële goedkeuring ... en voorziet 2,85 miljoen euro": the cue is another
    # clause's, the act next to the amount is now
    # (searched from a position, not in a slice: a slice cut inside "social" would find "al")
    if (m := _EARLIER.search(before, max(0, len(before) - 70))) and not _ACTS_NOW.search(before, m.end()):
        return Call("earlier", LOCAL, f"decided before: '{words(m)}'")
    # "Het stuk onbenut subsidiebudget voor de verhaallijn 'Vlaamse Meesters' van 496.000 euro": granted before
    if (m := _UNUSED.search(lead)) and not _CLAUSE_BREAK.search(lead, m.end()):
        return Call("earlier", LOCAL, f"unused money of an earlier grant: '{words(m)}'")
    if (m := _EARLIER_SOURCE.search(text, span.sentence[0], span.start)):
        return Call("earlier", SENTENCE, f"provided before, in a policy statement or budget: '{words(m)}'")
    if (m := _EARLIER_ROUND.search(lead)) and not _NOW.search(lead[m.end():]):
        return Call("earlier", LOCAL, f"an earlier round: '{words(m)}'")
    if (m := _PAST.search(sentence)) and not _PRESENT.search(sentence):
        return Call("earlier", SENTENCE, f"a sentence in the past tense: '{words(m)}'")
    if (m := _AVAILABLE.search(before[-40:])):
        return Call("earlier", LOCAL, f"money said to be there already: '{words(m)}'")
    if (use := provision_transfer(text, span)):
        return Call("earlier", LOCAL, f"moved from a provision ({use}): budgeted before, spent by the decisions "
                                      "and agreements it finances")
    # "kent nu een subsidie toe aan het onderzoeksprogramma Artificiële Intelligentie van 12,185 miljoen euro": the
    # programme receives the subsidy, the amount is the subsidy's
    # "... goedkeuring van dit digitaliseringsprogramma en voorziet 2,85 miljoen euro": "en" joins the verb to the
    # sentence's subject (the Government), not to the programme
    if (m := _PLAN.search(before)) and not _MOVED.search(before) and not _JOINED_VERB.search(m.group(0)) \
            and not (_GRANTS_NOW.search(sentence) and _GRANT_WORD.search(sentence, 0, span.start - span.sentence[0])):
        return Call("plan-total", LOCAL, f"the total of a wider plan: '{words(m)}'")
    if span.is_range:
        return Call("unclassified", LOCAL, "a range, not one sum")
    if span.act_type == "take-note":
        return Call("context", SENTENCE, "the decision only takes note")
    if span.act_type == "loan-or-financing" and not _GRANT_WORD.search(sentence):
        return Call("loan-or-guarantee", SENTENCE, "a loan or financing decision")
    if not span.operative:
        return Call("context", DEFAULT, "outside every operative clause")
    if not span.strong and (m := _IN_PLAN.search(text, span.sentence[0], span.sentence[1])):
        return Call("plan-total", DEFAULT, f"the envelope of a plan or budget: '{words(m)}'")
    # a strong act says more than a default: a restatement of the amount elsewhere takes this role
    return Call("committed", SENTENCE if span.strong else DEFAULT, f"operative clause: '{span.operative}'")


# where a plan or budget holds money ("in het Vlaams GLB strategisch plan is ... voorzien", "voorziet in het
# relanceplan"): the plan's envelope, unless a stronger act of the sentence grants it
_IN_PLAN = re.compile(r"(?<!\w)(?:in|binnen)\s+(?:het|de)\s+(?:[^\s.;:]+\s+){0,4}?(?:\w*plan|begroting\w*|"
                      r"meerjarenraming|beleidsnota\w*|\w*programma)(?!\w)", re.IGNORECASE)
_GRANT_WORD = re.compile(r"(?<!\w)(?:\w*subsidie\w*|toelage\w*|dotatie\w*|werkingsmiddelen)(?!\w)", re.IGNORECASE)


# "De beschikbare 146 miljoen euro wordt gebruikt om ...": the definite article and "beschikbare" refer to money
# an earlier decision or agreement set aside; this decision says how it is used
_AVAILABLE = re.compile(r"(?<!\w)(?:de|het)\s+(?:nog\s+|reeds\s+)?beschikbare\s+(?:\S+\s+){0,2}?$", re.IGNORECASE)
_JOINED_VERB = re.compile(r"(?<!\w)en\s+(?:voorziet|bedraagt|omvat)\s", re.IGNORECASE)
_ACTS_NOW = cue(r"voorziet", r"kent", r"keurt", r"maakt", r"reserveert", r"verleent", r"investeert", r"besteedt",
                 r"wijst", r"trekt", r"beslist", r"herverdeelt")
_MOVED = cue(r"overheveling\w*", r"herverdeling\w*", r"verschuiving\w*", r"overdracht\w*")
_NOW = cue(r"nu", r"thans", r"deze\s+(?:reeks|ronde|oproep|selectie)", r"keurt", r"kent")
_RAISED_TO = re.compile(r"(?:verhog\w*|verhoogt|opgetrokken|optrekken|trekt\s+(?:\S+\s+){0,4}op|opgehoogd|ophogen|"
                        r"aangevuld|uitgebreid|uitbreiden)\s+(?:\S+\s+){0,8}(?:naar|tot)\s+(?:\S+\s+){0,2}$",
                        re.IGNORECASE)


def earlier_levels(text: str, spans: Sequence[Span], roles: list[str]) -> set[int]:
    """Amounts that are the old level of a budget this decision raises: "het maximale budget ... te verhogen naar
    157,2 miljoen euro" makes a smaller committed amount stated before it, in a sentence that commits nothing in
    the present tense ("Het biedt ... ten belope van 150 miljoen euro"), the earlier level."""
    out: set[int] = set()
    for b, span in enumerate(spans):
        if roles[b] != "committed":
            continue
        before = text[max(span.sentence[0], span.start - 120):span.start]
        if not _RAISED_TO.search(before):
            continue
        for a in range(b):
            if roles[a] in ("committed", "context") and spans[a].value < span.value and \
                    spans[a].sentence != span.sentence:
                sentence = text[spans[a].sentence[0]:spans[a].sentence[1]]
                if not _PRESENT.search(sentence):
                    out.add(a)
    return out


def raised_from(text: str, spans: Sequence[Span], roles: Sequence[str]) -> dict[int, int]:
    """Committed amounts that are the new level of a raised budget ("verhogen naar 157,2 miljoen euro", "van 150
    miljoen euro naar 157,2 miljoen euro"), each with the earlier level it is raised from: the nearest amount
    before it of role earlier and smaller value. The decision commits the difference."""
    out: dict[int, int] = {}
    for b, span in enumerate(spans):
        before = text[max(span.sentence[0], span.start - 120):span.start]
        if roles[b] != "committed" or not (_RAISED_TO.search(before) or re.search(r"(?<!\w)naar\s+$", before)):
            continue
        for a in range(b - 1, max(-1, b - 6), -1):
            if roles[a] == "earlier" and spans[a].value < span.value:
                out[b] = a
                break
    return out


def _close(total: Decimal, parts: Decimal, exact_digits: bool) -> bool:
    """Parts add up to the total: exactly, or within a hundredth of a total written rounded ("15,7 miljoen")."""
    if parts == total:
        return True
    if exact_digits or total <= 0:
        return False
    return abs(parts - total) <= total * Decimal("0.003")


def find_parts(text: str, spans: Sequence[Span], roles: list[str], rounded: Sequence[bool]) -> dict[int, int]:
    """Which amounts are parts of which (index -> index of the total), among the committed ones.

    A total followed by "waarvan" or a list takes the committed amounts of its clause and the next sentence
    that add up to no more than it; a run of consecutive committed amounts that adds up to a committed amount
    just before it (or just after it, with "samen", "in totaal") is its parts; a payment credit beside a
    commitment credit of at least its value is a part of it. Windows are bounded: linear in the amounts.
    """
    parts: dict[int, int] = {}
    committed = [i for i, r in enumerate(roles) if r == "committed"]
    for k, t in enumerate(committed):
        if t in parts:
            continue
        total = spans[t].value
        reach = spans[t].sentence[1]
        if _PART_AFTER_TOTAL.search(text, spans[t].end, min(reach, spans[t].end + 80)) or \
                _NEXT_SENTENCE_PARTS.search(text, reach, min(len(text), reach + 40)) or \
                text[spans[t].end:reach].rstrip().endswith(":") or \
                text[spans[t].end:spans[t].end + 6].lstrip().startswith(":"):
            reach = min(len(text), reach + 400)  # the breakdown may run on into the next sentence
        following = [i for i in committed[k + 1:k + 9] if i not in parts
                     and spans[i].start < reach and spans[i].value < total]
        # a run after the total that adds up to it
        acc = Decimal(0)
        for n, i in enumerate(following):
            acc += spans[i].value
            if n >= 1 and _close(total, acc, not rounded[t]):
                for j in following[:n + 1]:
                    parts[j] = t
                break
            if acc > total:
                break
        if t in parts or any(parts.get(i) == t for i in following):
            continue
        # the next sentence breaks it down: "keurt ... de besteding goed van 16 miljoen euro ... Ze voorziet daarbij
        # 10 miljoen euro ... en 6 miljoen euro ...": two or more amounts there that add up to it exactly
        after = [i for i in committed[k + 1:k + 9] if i not in parts and spans[i].sentence[0] >= spans[t].sentence[1]]
        run = [i for i in after if spans[i].sentence == spans[after[0]].sentence] if after else []
        if len(run) >= 2 and sum((spans[i].value for i in run), Decimal(0)) == total:
            for j in run:
                parts[j] = t
            continue
        # "waarvan", "verdeeld over": what follows in the clause is a breakdown, even when it is not complete
        _lo, _hi = spans[t].clause
        marker = _PART_AFTER_TOTAL.search(text, spans[t].end, min(spans[t].end + 80, len(text)))
        if marker is not None:
            acc = Decimal(0)
            for i in following:
                if spans[i].start < marker.start() or spans[i].start - marker.end() > 150:
                    continue
                acc += spans[i].value
                if acc > total:
                    break
                parts[i] = t
            if any(parts.get(i) == t for i in following):
                continue
        # a run before the total that adds up to it: "12,58 miljoen en 3,1 miljoen, samen 15,7 miljoen euro"
        # ... or in the sentences before a total that says so: "In totaal wordt zo 15,7 miljoen euro ingezet"
        summed = _TOTAL_AFTER_PARTS.search(text, max(0, spans[t].start - 40), spans[t].start)
        reach_back = spans[t].start - 400 if summed else spans[t].sentence[0]
        preceding = [i for i in reversed(committed[max(0, k - 8):k]) if i not in parts
                     and spans[i].start >= reach_back and spans[i].value < total]
        if preceding and summed:
            acc = Decimal(0)
            for n, i in enumerate(preceding):
                acc += spans[i].value
                if n >= 1 and _close(total, acc, not rounded[t]):
                    for j in preceding[:n + 1]:
                        parts[j] = t
                    break
                if acc > total:
                    break
    # yearly amounts of a total over several years: "3 miljoen euro ... (dus jaarlijks 1,5 miljoen euro)"
    for k, i in enumerate(committed):
        s = spans[i]
        if i in parts or not _YEARLY.search(text, max(s.clause[0], s.start - 40), min(s.clause[1], s.end + 30)):
            continue
        for j in (*committed[max(0, k - 3):k], *committed[k + 1:k + 4]):
            big = spans[j]
            if j in parts or j == i or big.value <= s.value or abs(big.start - s.start) > 400:
                continue
            if (big.value / s.value) == (big.value / s.value).to_integral_value() and 2 <= big.value / s.value <= 10:
                parts[i] = j
                break
    # a payment credit is the same money as the commitment credit beside it
    for k, i in enumerate(committed):
        if i in parts:
            continue
        s = spans[i]
        if not _PAYMENT_CREDIT.search(text, max(s.clause[0], s.start - 60), min(s.clause[1], s.end + 40)):
            continue
        for j in reversed(committed[max(0, k - 4):k]):
            big = spans[j]
            if big.value >= s.value and s.start - big.end < 400 and j not in parts and _COMMITMENT_CREDIT.search(
                    text, max(big.clause[0], big.start - 60), min(big.clause[1], big.end + 40)):
                parts[i] = j
                break
    return parts


__all__ = ["ROLES", "Call", "Span", "earlier_levels", "find_parts", "raised_from", "role_of", "within_budget"]
