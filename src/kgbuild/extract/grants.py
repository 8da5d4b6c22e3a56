"""Money: every amount a decision states, with its role, period, recipient, funded item and source.

Each amount gets a role (``roles.py``): committed (new money granted or budgeted here), a part of a
committed amount, or money of another kind (earlier, another party's, a target, a threshold, a unit rate, a
loan, a plan's total). Nothing is dropped: every amount stays, classified, with its span.

Who gets it is read per clause: a sentence listing several amounts ("1 miljoen euro voor imec; 2 miljoen
euro aan VLAIO en 3 miljoen euro voor de VUB") is split at ";", ":", list items, "," and "en" between the
amounts, so each amount has its own receiver ("aan de VVSG", "toe aan Mediawijs vzw", "voor het Fonds ...").
A body named in recipient position that no extractor knew ("kent ... toe aan Vzw De Rode Antraciet") is
taken as an organisation. When the decision names no receiver near the amount, the one body its sentence or
its title names is taken; "de vzw" or "de stad" points to the one vzw or city the decision names. The
programme the money pays for is the funded item; a plan or fund it comes from ("uit het Vlaams
Klimaatfonds", "Plan Vlaamse Veerkracht: ...") is the source (``funded_by``), never the funded item.

The same amount written twice (title and body, "9,59 miljoen euro" and "9.597.968,84 euro") is one amount
with several mentions. All lookups are by bisection over sorted spans, so a decision of any length takes
time linear in its length.

Why ~450 lines: clause splitting, receivers and parts work on the same clause objects in one pass;
the roles themselves are in ``roles.py``.
"""

from __future__ import annotations

import dataclasses
import itertools
import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Iterator, Sequence
from decimal import Decimal
from functools import lru_cache

from . import organisations, programmes
from .base import Doc, Grant, Mention, name_key
from .money.amounts import PeriodSpan, find_money_and_periods
from .money.restated import ABOUT, ABOUT_SHARE, ADDS, SCALED, merge_restatements
from .money.roles import LOCAL, Span, earlier_levels, find_parts, raised_from, role_of
from .names import STOP_WORDS, is_name_word, name_after
from .operative import Act, read, sentence_act

KINDS = (
    ("impulsfinanciering", r"impulsfinanciering|impulssubsidie|impulsmiddelen"),
    ("provisie", r"\w*provisie"),
    ("subsidie", r"\w*subsidie\w*|toelage|trekkingsrecht|projectsteun|steun"),
    ("dotatie", r"dotatie|werkingstoelage|werkingsmiddelen"),
    ("lening", r"lening|achtergestelde lening|kapitaalverhoging|participatie"),
    ("investering", r"investering\w*|investeringsbudget"),
    ("budget", r"budget\w*|kredieten|middelen|bedrag|enveloppe|beleidsruimte"),
)
_KIND = re.compile(r"\b(?:" + "|".join(f"(?P<{k}>{p})" for k, p in KINDS) + r")\b", re.IGNORECASE)
# "aan de VVSG", "toe aan imec", "voor het Fonds ..."; the organisation must follow within a few words
# "toe  a an Turbulent nv": a word split by a stray space is still "aan"
_TO = re.compile(r"\b(?:aan|a\s{1,3}an|voor|naar|ten\s+behoeve\s+van|ten\s+gunste\s+van|bestemd\s+voor|via|door|krijgt|"
                 r"ontvangt|begunstigde)\s+(?:(?:de|het|een|elk|elke|haar|zijn)\s+)?(?:[a-z]+\s+)?$", re.IGNORECASE)
# where money comes from: "ten laste van het Fonds ...", "in het kader van", "gefinancierd uit"
_PAID_FROM = (r"uit|vanuit|ten\s+laste\s+van|afkomstig\s+(?:uit|van)|binnen|in\s+het\s+kader\s+van|"
              r"met\s+middelen\s+(?:uit|van)|gefinancierd\s+(?:uit|door|met|via)|middelen\s+van")
# before a name that pays, not receives: "vanuit het Vlaams Klimaatfonds", also "van", "op", "via"
_FROM = re.compile(rf"\b(?:{_PAID_FROM}|van|op|via)\s+(?:(?:de|het)\s+)?$", re.IGNORECASE)
# where a programme pays from ("uit het relanceplan", "in het kader van"); not "voor de exploitatie van VRD"
_SOURCE = re.compile(rf"\b(?:{_PAID_FROM})\s+(?:(?:de|het)\s+)?$", re.IGNORECASE)
# an unknown body in recipient position: "toe aan Vzw X", "aan de vzw X", "aan de stad Gent"
_RECEIVER = re.compile(r"\b(?:toe\s+aan|toegekend\s+aan|subsidie\s+aan|subsidie\s+voor|aan|ten\s+gunste\s+van)\s+"
                       r"(?:(?:de|het)\s+)?(?:(?P<form>vzw|v\.z\.w\.|stad|gemeente|provincie|nv|cvba|bv|"
                       r"universiteit|hogeschool|organisatie|vereniging)|(?-i:[a-z]\w+))?\s*(?=[A-Z])", re.IGNORECASE)
# a list item that opens with its receiver: "Halle : 342.000 euro voor ...", "PCI Media (1,5 miljoen euro)"
_ITEM_LEAD = re.compile(r"[\s;:,.\-•*]{0,20}(?:(?:en|of)\s+)?(?:(?:het\s+gaat\s+om|namelijk|met\s+name)\s+)?"
                        r"(?:(?:aan\s+)?(?:de|het)\s+)?(?:(?P<form>stad|gemeente|"
                        r"provincie|vzw)\s+)?(?=[A-Z])", re.IGNORECASE)
_GRANTING = re.compile(r"(?<!\w)(?:kent|toegekend|toekenning|subsidie\w*|toelage\w*|steun|gaat\s+om|"
                                    r"volgende|begunstigde\w*|ontvang\w*|krijg\w*)(?!\w)", re.IGNORECASE)
_DESCRIPTIVE = re.compile(r"\b(?:aan|voor)\s+(?:de|het)\s+(?P<what>vzw|stad|gemeente|provincie|universiteit|"
                          r"vereniging|organisatie|agentschap|fonds|fondsen)\b", re.IGNORECASE)
_DESCRIPTIVE_KINDS = {"vzw": {"vzw"}, "vereniging": {"vzw"}, "organisatie": {"vzw", "other"},
                      "universiteit": {"universiteit"}, "agentschap": {"agentschap"}, "fonds": {"fonds"},
                      "fondsen": {"fonds"}, "stad": {"stad", "gemeente"}, "gemeente": {"gemeente", "stad"},
                      "provincie": {"provincie"}}
# kinds of money that go to someone; a bare budget or provision in a sentence naming one body need not
# money given to a class of receivers, named by a lower-case plural: "kent ... toe aan de betrokken
# wetenschappelijke instellingen", "aan 6 demonstratieprojecten" (names are capitalised: "aan de KU Leuven" is none)
# ("CO2-equivalenten aan broeikasgassen" and "aan te wenden" give nothing)
_TO_A_CLASS = re.compile(r"(?<!\w)(?:toe|euro|subsidie\w{0,20}|toegekend)\s{1,3}aan\s(?:de\s|alle\s|[0-9]{1,4}\s)?"
                         r"(?!te\s)(?-i:(?:[a-zé]{2,30}\s){0,2}[a-zé]{3,40}(?:en|s))(?![\w-])", re.IGNORECASE)
_TO_SOMEONE = frozenset({"subsidie", "dotatie", "lening", "impulsfinanciering", "investering"})
_BRACKETED = re.compile(r"\s{0,3}(?:vzw|nv|cvba|bv)?\s{0,3}[(:]\s{0,3}", re.IGNORECASE)
# "'Entertainment Technology Cluster' van Lab of Tomorrow (2,76 miljoen euro)": a project's body, not yet known
_VAN_NAME = re.compile(r"(?<!\w)van\s+([A-Z][\w&'-]*(?:\s(?:[A-Z0-9][\w&'-]*|of|for|the|and|voor|en))*?)"
                       r"\s{0,3}(?:vzw|nv|cvba|bv)?\s{0,3}\(\s{0,3}$")
# where a clause ends inside a sentence: ";", ":", a list item, or "," / "en" / "of" between two amounts
_HARD_BREAK = re.compile(r";|:\s|\n[ \t]*(?:[-•*]|\d+[.)])\s|\s[-•]\s")  # [ \t]: a run of newlines is entered once
_NEXT_ITEM = re.compile(r"\s{0,3}\)\s{0,3}(?:,\s{1,3}(?:en\s{1,3})?|en\s{1,3})")
_SOFT_BREAK = re.compile(r",\s|\s(?:en|of|alsook|evenals|terwijl)\s")
# an umbrella plan pays for projects: it is a source, not what is funded
_UMBRELLA = frozenset({"plan-vlaamse-veerkracht"})
FORMAL_TITLE_END = 700  # characters within which a decision's text states its formal title
_LISTED_ROLES = frozenset({"unit-rate", "threshold", "other-party", "loan-or-guarantee", "target"})
MAX_CLAUSE = 400  # characters of a clause on each side of its amount: sentences in the corpus are shorter


class _Index:
    """Spans sorted by start, for the ones inside a range by bisection."""

    def __init__(self, items: Iterable[Mention | PeriodSpan]) -> None:
        self.items = sorted(items, key=lambda m: (m.start, m.end))
        self.starts = [m.start for m in self.items]

    def inside(self, lo: int, hi: int, limit: int = 50) -> list[Mention | PeriodSpan]:
        i, j = bisect_left(self.starts, lo), bisect_left(self.starts, hi)
        return [m for m in self.items[i:min(j, i + limit)] if m.end <= hi]

    def nearest(self, start: int, end: int, lo: int, hi: int) -> Mention | PeriodSpan | None:
        """The item inside [lo, hi) closest to the span, looking a few items on each side."""
        at = bisect_left(self.starts, start)
        near = [m for m in self.items[max(0, at - 4):at + 4] if lo <= m.start and m.end <= hi]
        if not near:
            return None
        return min(near, key=lambda m: (m.start - end if m.start >= end else start - m.end, m.start))


def _clauses(text: str, sentence: tuple[int, int], amounts: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """The clause of each amount of one sentence: split between consecutive amounts at the last hard break
    (";" ":" a list item), else the last soft break ("," "en") between them, else halfway."""
    lo, hi = sentence
    cuts = [lo]
    for (_s1, e1), (s2, _e2) in itertools.pairwise(amounts):
        gap_lo, gap_hi = e1, s2
        hard = [m for m in _HARD_BREAK.finditer(text, gap_lo, gap_hi)][-1:]
        soft = [m for m in _SOFT_BREAK.finditer(text, gap_lo, gap_hi)][-1:]
        # a list of bracketed amounts: the next item opens right after "), " ("Brugge, Project A (499.000 euro),
        # Gent, Project B (350.000 euro)"), whatever commas its own name holds
        item = _NEXT_ITEM.match(text, gap_lo, gap_hi)
        cut = hard[0].end() if hard else item.end() if item else soft[0].start() + 1 if soft else \
            (gap_lo + gap_hi) // 2
        cuts.append(cut)
    cuts.append(hi)
    out = []
    for (s, e), a, b in zip(amounts, cuts, cuts[1:], strict=False):
        out.append((max(a, s - MAX_CLAUSE), min(b, e + MAX_CLAUSE)))
    return out


def _kind(text: str, start: int, end: int, lo: int, hi: int) -> str | None:
    best: tuple[int, str] | None = None
    for m in _KIND.finditer(text, max(lo, start - 150), min(hi, end + 150)):
        kind = m.lastgroup
        if kind is None:
            continue
        dist = m.start() - end if m.start() >= end else max(0, start - m.end())
        if best is None or dist < best[0]:
            best = (dist, kind)
    return best[1] if best else None


def _is_source(text: str, m: Mention) -> bool:
    """A plan or fund the money comes from: the umbrella plan, a body after "uit", "vanuit", "ten laste van" ...,
    and a fund unless the money goes to it ("aan het Fonds ...", "bij het FWO")."""
    before = text[max(0, m.start - 40):m.start]
    if m.key in _UMBRELLA or (_SOURCE if m.type == "programme" else _FROM).search(before) is not None:
        return True
    return m.kind == "fonds" and _TO.search(before) is None and not re.search(r"\bbij\s+(?:het\s+)?$", before)


_PROGRAMME_ENDINGS = ("programma", "plan", "project", "oproep", "traject", "premie", "subsidie", "decreet", "besluit")
_NOT_A_NAME = frozenset({"vlaamse", "vlaams", "vlaanderen", "europese", "europees", "federale", "belgische",
                         "brusselse", "nationale", "internationale", "lokale", "provinciale"})


def _plausible(label: str) -> bool:
    """A name that can be a body's: not an adjective alone, no number, no programme ("AI-onderzoeksprogramma")."""
    words = label.split()
    lowered = [w.lower() for w in re.findall(r"\w+", label)]
    if any(w in organisations.PROGRAMME_WORDS or w.endswith(_PROGRAMME_ENDINGS) for w in lowered):
        return False
    if len(lowered) == 1 and lowered[0] in organisations.HEADS:
        return False  # a head noun alone ("Agentschap") names no body
    return bool(words) and not label[:1].isdigit() and not (len(words) == 1 and words[0].lower() in _NOT_A_NAME) \
        and not any(w[:1].isdigit() for w in words[-1:])


# a lowercase word, not an article, between "subsidie voor" and a name: "voor de pilootprojecten X"
_WORD_BEFORE_NAME = re.compile(r"(?-i:\s(?!de\s|het\s)[a-z]\w{0,40}\s{0,5})$")


def _new_receiver(doc: Doc, lo: int, hi: int, taken: _Index) -> Mention | None:
    """A body in recipient position that no extractor named: "toe aan Vzw De Rode Antraciet"."""
    text = doc.text
    for m in _RECEIVER.finditer(text, lo, hi):
        start = m.end()
        lead = re.match(r"(?:De|Het|Den|'t)\s+(?=[A-Z])", text[start:start + 8])
        end = name_after(text, start + (lead.end() if lead else 0))  # "Vzw De Rode Antraciet"
        words = text[start + (lead.end() if lead else 0):end].split()
        if end <= start or not words or words[0] in STOP_WORDS or not is_name_word(words[0]) or end - start < 3:
            continue
        if taken.inside(start, end):
            continue  # a known body: the regular rules take it
        if m.group(0).lower().startswith("subsidie") and "voor" in m.group(0).lower() and \
                _WORD_BEFORE_NAME.search(m.group(0)):
            continue  # "subsidie voor de pilootprojecten X": X is what is funded, not who receives it
        found = _body(doc, start, end, m.group("form"))
        if found is not None:
            return found
    return None


# the kind of body a word before its name says it is: "aan de vzw X", "aan de stad Gent"
_FORM_KINDS = {"vzw": "vzw", "stad": "stad", "gemeente": "gemeente", "provincie": "provincie", "nv": "bedrijf",
               "cvba": "bedrijf", "bv": "bedrijf", "universiteit": "universiteit", "hogeschool": "hogeschool"}


def _body(doc: Doc, start: int, end: int, form: str | None) -> Mention | None:
    """The organisation a receiver's name at [start, end) names, "stad" or "gemeente" before it included in
    its label; None for a name no body has (a programme, a head noun alone, a number)."""
    form = (form or "").lower().replace(".", "")
    surface = doc.text[start:end]
    label = f"{form.capitalize()} {surface}" if form in ("stad", "gemeente", "provincie") else surface
    if len(name_key(label)) < 3 or not _plausible(label):
        return None
    return organisations.mention(doc, start, end, label, kind=_FORM_KINDS.get(form))


def _item_receiver(doc: Doc, lo: int, start: int, orgs: _Index) -> Mention | None:
    """The receiver that opens the list item of an amount: "Halle : 342.000 euro", "Doctors for Africa (1,5
    miljoen euro)", "Aalst, Buurtvelden en mobiliteitshub Erembodegem (280.000 euro)"; or, before a bracketed
    amount, the receiver before the colon that introduces its project: "de gemeente Koksijde : Optimalisering
    waterretentie ... (460.000 euro)"."""
    text = doc.text
    bracketed = text[lo:start].rstrip().endswith("(")
    colon = text.rfind(":", lo, start)
    opened = text.rfind(":", max(0, lo - 3), lo)
    if colon < 0 and opened >= 0 and bracketed:  # the clause opens after the receiver's colon
        found = _receiver_before(doc, max(0, opened - 119), opened, orgs)
        if found is not None:
            return found
    if colon >= 0 and text[colon + 1:start].strip():
        # "kent aan volgende organisaties een subsidie toe: PCI Media (1,5 miljoen euro)"
        found = _item_lead(doc, colon + 1, start, orgs)
        if found is not None or not bracketed:
            return found
        return _receiver_before(doc, lo, colon, orgs)
    return _item_lead(doc, lo, start, orgs)


def _receiver_before(doc: Doc, floor: int, colon: int, orgs: _Index) -> Mention | None:
    """The receiver that runs from the last separator (after ``floor``) to ``colon``, within 120 characters."""
    item = max(floor, max(doc.text.rfind(c, floor, colon) for c in ",;:)") + 1)
    return _item_lead(doc, item, colon, orgs, to_colon=True) if colon - item < 120 else None


def _item_lead(doc: Doc, lo: int, start: int, orgs: _Index, to_colon: bool = False) -> Mention | None:
    """The receiver a list item opens with, from ``lo``, followed within the item by ":", "(", "," or "-" (or,
    ``to_colon``, by nothing but the colon at ``start``)."""
    text = doc.text
    m = _ITEM_LEAD.match(text, lo, start)
    if m is None:
        return None
    begin = m.end()
    end = name_after(text, begin)
    rest = text[end:start].strip()
    if end <= begin or (rest[:1] not in (":", "(", ",", "-") and not (to_colon and not rest)) or len(rest) > 200:
        return None
    known = [o for o in orgs.inside(begin, end + 1) if isinstance(o, Mention)]
    if known:
        return known[0]
    words = text[begin:end].split()
    if not words or words[0] in STOP_WORDS:
        return None
    return _body(doc, begin, end, m.group("form"))


def _descriptive(doc: Doc, lo: int, hi: int, orgs: Sequence[Mention]) -> Mention | None:
    """"aan de vzw", "voor de stad": the one body of that kind the decision names."""
    m = _DESCRIPTIVE.search(doc.text, lo, hi)
    if m is None:
        return None
    kinds = _DESCRIPTIVE_KINDS[m.group("what").lower()]
    bodies = {o.key: o for o in orgs if o.kind in kinds}
    return next(iter(bodies.values())) if len(bodies) == 1 else None


def _recipient(doc: Doc, orgs: _Index, clause: tuple[int, int], sentence: tuple[int, int], alone: bool,
               start: int, end: int, kind: str | None, title_kind: str | None, all_orgs: Sequence[Mention]
               ) -> Mention | None:
    """Who gets the money: a body its clause gives it to ("aan de VVSG", "door Aquafin"); else an unknown body
    in recipient position; else "de vzw" resolved; else, unless the clause gives it to a class of receivers
    ("aan de betrokken wetenschappelijke instellingen"), the one body a
    sentence about a subsidy (or loan ...) names, or the one body the title names."""
    text = doc.text
    lo, hi = clause
    inside = [o for o in orgs.inside(lo, hi) if isinstance(o, Mention)]
    # "'GAINS' van Universiteit Gent (6,48 miljoen euro)": the body right before the bracketed amount
    beside = [o for o in inside if o.end <= start and _BRACKETED.fullmatch(text, o.end, start)
              and o.key not in _UMBRELLA and o.kind != "fonds"]
    if beside:
        return beside[-1]
    project_of = _VAN_NAME.search(text, max(lo, start - 120), start)
    if project_of is not None and not any(o.start < project_of.end(1) and project_of.start(1) < o.end
                                          for o in inside):
        body = _body(doc, project_of.start(1), project_of.end(1), None)
        if body is not None:
            return body
    receivers = [o for o in inside if _TO.search(text[max(lo, o.start - 40):o.start])
                 and not _is_source(text, o)]
    if receivers:  # "488.000 euro ... aan de VVSG en 1,4 miljoen euro aan imec": the one after the sum first
        return min(receivers, key=lambda m: (m.start < end, m.start - end if m.start >= end else start - m.end))
    # the body whose means the clause raises: "verhoogt de VLAIO-middelen ... met 32 miljoen euro"
    owners = [o for o in inside if _OWN_MEANS.match(text, o.end) and not _is_source(text, o)]
    if len({o.key for o in owners}) == 1:
        return owners[0]
    found = _new_receiver(doc, lo, hi, orgs) or _descriptive(doc, lo, hi, all_orgs)
    if found is None and _GRANTING.search(text, max(0, sentence[0] - 300), sentence[1]):
        found = _item_receiver(doc, lo, start, orgs)
    if found is not None:
        return found
    if _TO_A_CLASS.search(text, lo, hi):
        return None
    if kind not in _TO_SOMEONE and not (kind is None and title_kind in _TO_SOMEONE):
        named = [o for o in orgs.inside(*sentence) if isinstance(o, Mention)]
        return _title_body(doc, orgs) if not named else None
    # a body named without a receiving word may still be where the money comes from: not a fund's or a source's
    lo2, hi2 = (sentence if alone else clause)
    named = [o for o in orgs.inside(lo2, hi2) if isinstance(o, Mention) and not _is_source(text, o)]
    if len({o.key for o in named}) == 1:
        return named[0]
    return _title_body(doc, orgs)


def _title_body(doc: Doc, orgs: _Index) -> Mention | None:
    """The one body the title names (not a source): "Thematische oproep ... bij het FWO" gets the money."""
    in_title = [o for o in orgs.inside(0, doc.title_end) if isinstance(o, Mention) and not _is_source(doc.text, o)]
    return in_title[0] if len({o.key for o in in_title}) == 1 else None


def _shared_receivers(text: str, grants: list[Grant], members: Sequence[int]) -> None:
    """"4,6 miljoen euro en 3,9 miljoen euro aan X", "een subsidie van 108.000 euro voor 2021, van 103.500 euro voor
    2022 ... toe te kennen aan X": amounts listed without a name between them share the receiver after the last."""
    for cur, nxt in reversed(list(itertools.pairwise(members))):
        a, b = grants[cur], grants[nxt]
        if a.recipient is None and b.recipient is not None and a.role == b.role and b.recipient.start >= b.end \
                and _NAMELESS_GAP.fullmatch(text, a.end, b.start):
            grants[cur] = dataclasses.replace(a, recipient=b.recipient)


_OWN_MEANS = re.compile(r"-(?:middelen|budget|werkingsmiddelen|dotatie|enveloppe)(?!\w)", re.IGNORECASE)
# what may stand between two amounts of one list: no name (capital), no clause or list break
_NAMELESS_GAP = re.compile(r"[^A-Z;:.()\n]{0,120}")


@lru_cache(maxsize=4)
def _named(doc: Doc) -> tuple[tuple[Mention, ...], tuple[Mention, ...]]:
    """The organisations and programmes of the document; cached because the registry runs those
    extractors on the same document just before this one (pure functions: the cache changes nothing)."""
    return tuple(organisations.extract(doc)), tuple(programmes.extract(doc))


def extract(doc: Doc) -> Iterator[Grant]:
    """Every amount the decision states, once each, with its role."""
    text = doc.text
    named_orgs, named_progs = _named(doc)
    amounts, found_periods = find_money_and_periods(text)
    orgs, progs, periods = _Index(named_orgs), _Index(named_progs), _Index(found_periods)
    reading = read(doc)
    sentences = reading.spans
    sentence_starts = [s for s, _e in sentences]
    by_sentence: dict[int, list[int]] = {}
    for i, a in enumerate(amounts):
        by_sentence.setdefault(bisect_right(sentence_starts, a.start) - 1, []).append(i)
    clause: dict[int, tuple[int, int]] = {}
    sentence_of: dict[int, tuple[int, int]] = {}
    for k, members in by_sentence.items():
        lo, hi = sentences[k]
        for i, c in zip(members, _clauses(text, (lo, hi), [(amounts[i].start, amounts[i].end) for i in members]),
                        strict=True):
            clause[i] = c
            sentence_of[i] = (max(lo, amounts[i].start - MAX_CLAUSE), min(hi, amounts[i].end + MAX_CLAUSE))
    title_kind = _kind(text, 0, 0, 0, doc.title_end)
    acts, kind_of_act = reading.acts, reading.act_type
    raw: list[Grant] = []
    explicit: list[int] = []
    for i, money in enumerate(amounts):
        c, s = clause[i], sentence_of[i]
        alone = len(by_sentence[bisect_right(sentence_starts, money.start) - 1]) == 1
        period = periods.nearest(money.start, money.end, *c) or periods.nearest(money.start, money.end, *s)
        near = [p for p in progs.inside(*c) if isinstance(p, Mention)] or \
            ([p for p in progs.inside(*s) if isinstance(p, Mention)] if alone else [])
        items = [p for p in near if not _is_source(text, p)]
        sources = [p for p in near if _is_source(text, p)] or \
            [p for p in progs.inside(0, doc.title_end) if isinstance(p, Mention) and p.key in _UMBRELLA]
        kind = _kind(text, money.start, money.end, *c)
        k = bisect_right(sentence_starts, money.start) - 1
        in_title = k == 0 and doc.title_end > 0
        operative = "the title" if in_title else acts[k].words
        call = role_of(text, Span(money.start, money.end, money.value, money.min_value is not None, c, s,
                                  operative=operative, act_type=kind_of_act, strong=in_title or acts[k].strong))
        role, cued = call.role, call.strength
        # an act that only says money is there ("Voor dit plan is 21 miljoen euro voorzien") is a weak ground
        confident = cued == LOCAL or (role == "committed" and not in_title and not acts[k].stative
                                      and _acts_on(text, c, acts[k].words))
        recipient = _recipient(doc, orgs, c, s, alone, money.start, money.end, kind, title_kind, named_orgs) \
            if role not in ("other-party", "target", "plan-total", "threshold", "unit-rate") else None
        raw.append(Grant(money.start, money.end, money.text, money.value, money.min_value, kind,
                         period if isinstance(period, PeriodSpan) else None, recipient,
                         _closest(items, money.start, money.end), role=role,
                         funded_by=_closest(sources, money.start, money.end), sentence=s, reason=call.reason,
                         confidence="high" if confident else "low"))
        explicit.append(cued)
    for members in by_sentence.values():
        _shared_receivers(text, raw, members)
    # a list of amounts shares the kind of its first: "750 euro bij de start, 1000 euro na ... en 1500 euro na ..."
    for members in by_sentence.values():
        for prev, cur in itertools.pairwise(members):
            if explicit[cur] < LOCAL and explicit[prev] == LOCAL and raw[prev].role in _LISTED_ROLES and \
                    not _A_TOTAL.search(text, max(raw[prev].end, raw[cur].start - 40), raw[cur].start):
                raw[cur] = dataclasses.replace(raw[cur], role=raw[prev].role, confidence="high",
                                               reason=f"listed after an amount that is {raw[prev].role}", recipient=None
                                               if raw[prev].role != "unit-rate" else raw[cur].recipient)
                explicit[cur] = LOCAL
    spans = [Span(g.start, g.end, g.value, g.min_value is not None, clause[i], sentence_of[i])
             for i, g in enumerate(raw)]
    _envelopes(raw, explicit, [acts[bisect_right(sentence_starts, g.start) - 1] for g in raw], doc.title_end)
    for i in earlier_levels(text, spans, [g.role for g in raw]):
        raw[i] = dataclasses.replace(raw[i], role="earlier", confidence="high",
                                     reason="the old level of a budget this decision raises")
    roles = [g.role for g in raw]
    for new, old in raised_from(text, spans, roles).items():
        raw[new] = dataclasses.replace(raw[new], increase=raw[new].value - raw[old].value, confidence="high", reason=(
            f"raised from {' '.join(raw[old].text.split())} to {' '.join(raw[new].text.split())}: "
            "the increase is new money"))
    rounded = [SCALED.search(g.text) is not None for g in raw]
    parts = find_parts(text, spans, roles, rounded)
    raw = [dataclasses.replace(g, role="part", part_of=raw[parts[i]].start, confidence="high",
                               reason=f"a part of {' '.join(raw[parts[i]].text.split())}") if i in parts else g
           for i, g in enumerate(raw)]
    # "Daarnaast wordt een specifieke enveloppe vrijgemaakt voor het buitengewoon onderwijs (25 miljoen euro)": an
    # amount its sentence adds to what came before is new money, even when an earlier sum has the same value
    # (looked for in the 200 characters before it: a sentence of a thousand amounts stays linear)
    adds = {g.start for g in raw if ADDS.search(
        text, max(sentences[bisect_right(sentence_starts, g.start) - 1][0], g.start - 200), g.start)}
    # "De Vlaamse Regering kent zo'n 281.000 euro toe" after "een projectsubsidie van maximaal 281.834,67 euro":
    # an amount said to be about so much restates a close exact sum
    about = {g.start for g in raw if ABOUT.search(text, max(0, g.start - 16), g.start)}
    # ... and so does a round figure in the summary ("kent een projectsubsidie van 2 miljoen euro toe") after the
    # exact sum of the formal title ("tot toekenning van een projectsubsidie van maximaal 2.051.971,82 euro")
    exact = [g for g in raw if g.start < FORMAL_TITLE_END and not SCALED.search(g.text)]
    for g in raw:
        m = SCALED.search(g.text)
        if m is not None and len(m.group(2) or "") <= 1 and any(
                e.end < g.start and abs(e.value - g.value) <= e.value * ABOUT_SHARE for e in exact):
            about.add(g.start)
    yield from merge_restatements(raw, explicit, adds, doc.title_end, about)


def _envelopes(grants: list[Grant], cued: list[int], acts: Sequence[Act], title_end: int) -> None:
    """Beside an amount a strong act grants ("kent 11 miljoen euro toe"), an amount a clause only says is there
    ("is een budget van 60 miljoen euro voorzien") is the envelope it comes from: context, not committed
    twice."""
    strong = [g for g, a in zip(grants, acts, strict=True)
              if g.role == "committed" and (a.strong or g.start < title_end)]
    if not strong:
        return
    for i, (g, a) in enumerate(zip(grants, acts, strict=True)):
        if g.role == "committed" and cued[i] < LOCAL and a.stative and g.start >= title_end:
            grants[i] = dataclasses.replace(g, role="context", confidence="low", reason=(
                f"the envelope a weaker clause provides ('{a.words}') beside what this decision grants "
                f"('{' '.join(strong[0].text.split())}')"))


def _acts_on(text: str, clause: tuple[int, int], words: str) -> bool:
    """The operative verb stands in the amount's own clause ("kent 2 miljoen euro toe aan ..."), not only
    somewhere in its sentence."""
    return bool(words) and sentence_act(text[clause[0]:clause[1]]).operative


def _closest(items: Sequence[Mention], start: int, end: int) -> Mention | None:
    if not items:
        return None
    return min(items, key=lambda m: (m.start - end if m.start >= end else start - m.end, m.start))


def committed_total(grants: Iterable[Grant]) -> Decimal:
    """The new money a decision commits: its committed amounts, once each, parts and other roles left out."""
    return sum((g.committed for g in grants), Decimal(0))


# "40.000 euro per zorgraad, of een totaal budget van 2,48 miljoen euro": the total is no rate
_A_TOTAL = re.compile(r"(?<!\w)(?:totaal|totale|in\s+totaal|samen)(?!\w)", re.IGNORECASE)
