"""Who gets an amount: the receiver a clause gives it to, read for the money extractor (``extract/grants.py``).

In order: a list item's opening body ("; en Genk, Tuinen van Waterschei (2 miljoen euro)"), the body right before
a bracketed amount, an official name that runs on in lower case up to the bracket, the body of a project ("'X'
van Universiteit Gent (6,48 miljoen euro)"), a body in receiving position ("aan de VVSG", "toe aan imec"), the
body whose means are raised ("de VLAIO-middelen"), an unknown body in receiving position, "de vzw" resolved, a
list item's receiver ("Halle : 342.000 euro"); then, unless the clause gives the money to a class ("toe aan de
betrokken wetenschappelijke instellingen"), the one body its sentence or the title names. Amounts listed without a
name between them share the receiver after the last. Pure functions over a ``Doc`` and its organisations; every
pattern is bounded, so a clause of any length takes linear time.
"""

from __future__ import annotations

import dataclasses
import itertools
import re
from bisect import bisect_left
from collections.abc import Iterable, Sequence

from .. import organisations
from ..base import Doc, Grant, Mention, name_key
from ..names import STOP_WORDS, is_name_word, name_after
from .amounts import PeriodSpan

# "aan de VVSG", "toe aan imec", "voor het Fonds ..."; the organisation must follow within a few words
# "toe  a an Turbulent nv": a word split by a stray space is still "aan"
_TO = re.compile(r"\b(?:aan|a\s{1,3}an|voor|naar|ten\s+behoeve\s+van|ten\s+gunste\s+van|bestemd\s+voor|via|door|krijgt|"
                 r"ontvangt|begunstigde)\s+(?:(?:de|het|een|elk|elke|haar|zijn)\s+)?(?:[a-z]+\s+)?$", re.IGNORECASE)
# "bijdragen aan het project van Musea Brugge", "voor de werking van vzw X", "naar de begroting van de VRT", "om de
# werkzaamheden van het Enterprise Europe Network Vlaanderen te verzekeren": the body whose project, work or budget the
# money goes to receives it ("van" there names no source)
_PROJECT_OF = re.compile(r"\b(?:aan|voor|naar|om)\s+(?:de|het)\s+"
                         r"(?:project|werking|werkzaamheden|initiatief|begroting)\s+van\s+(?:(?:de|het)\s+)?$",
                         re.IGNORECASE)


# where money comes from: "ten laste van het Fonds ...", "in het kader van", "gefinancierd uit"
_PAID_FROM = (r"uit|vanuit|ten\s+laste\s+van|afkomstig\s+(?:uit|van)|binnen|in\s+het\s+kader\s+van|"
              r"met\s+middelen\s+(?:uit|van)|gefinancierd\s+(?:uit|door|met|via)|middelen\s+van")


# before a name that pays, not receives: "vanuit het Vlaams Klimaatfonds", also "van", "op", "via"; but "ten
# behoeve van Het Facilitair Bedrijf" and "ten gunste van" name who receives
_FROM = re.compile(rf"\b(?:{_PAID_FROM}|(?<!behoeve\s)(?<!gunste\s)van|op|via)\s+(?:(?:de|het)\s+)?$", re.IGNORECASE)


# where a programme pays from ("uit het relanceplan", "in het kader van"); not "voor de exploitatie van VRD"
_SOURCE = re.compile(rf"\b(?:{_PAID_FROM})\s+(?:(?:de|het)\s+)?$", re.IGNORECASE)


# an unknown body in recipient position: "toe aan Vzw X", "aan de vzw X", "aan de stad Gent"
_RECEIVER = re.compile(r"\b(?:toe\s+aan|toegekend\s+aan|subsidie\s+aan|subsidie\s+voor|aan|ten\s+gunste\s+van|"
                       r"ten\s+behoeve\s+van)\s+"
                       r"(?:(?:de|het)\s+)?(?:(?P<form>vzw|v\.z\.w\.|stad|gemeente|provincie|nv|cvba|bv|(?:private\s+)?stichting|"
                       r"universiteit|hogeschool|organisatie|vereniging)|(?-i:[a-z]\w+))?\s*(?=[A-Z])", re.IGNORECASE)


# a list item that opens with its receiver: "Halle : 342.000 euro voor ...", "PCI Media (1,5 miljoen euro)"
_ITEM_LEAD = re.compile(r"[\s;:,.\-•*]{0,20}(?:(?:en|of)\s+)?(?:(?:het\s+gaat\s+om|namelijk|met\s+name)\s+)?"
                        r"(?:(?:aan\s+)?(?:de|het)\s+)?(?:(?P<form>stad|gemeente|"
                        r"provincie|vzw)\s+)?(?=[A-Z])", re.IGNORECASE)


_LIST_BREAK = re.compile(r"[;:)]")


_LOWER_TAIL = re.compile(r"\s{1,3}(?:voor|van)\s{1,3}(?:de|het)\s{1,3}"
                         r"(?-i:[a-zé][a-zé-]{0,30}(?:\s{1,3}[a-zé][a-zé-]{0,30}){0,5})"
                         r"(?P<open>\s{0,3}\(\s{0,3})", re.IGNORECASE)


_FORM_NAME = re.compile(r"(?<!\w)(?P<form>vzw|nv|cvba|bv)\s{1,3}(?!(?:in|te|op|van|voor|aan|uit|bij|met)\s)"
                        r"(?P<name>(?-i:[a-zé][a-zé-]{1,30})(?:\s{1,3}[A-Za-zé][\w-]{0,30}){1,8})\s{0,3}\(\s{0,3}$",
                        re.IGNORECASE)
_HEADED = frozenset({"fonds", "agentschap", "vzw", "stichting", "centrum", "vereniging", "raad"})


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


# "kent een investeringssubsidie toe van in totaal bijna 61,2 miljoen euro voor de volgende projectvoorstellen :
# bouwproject Groeningeabdij Kortrijk, ..., bouwproject Musea Brugge / BRUSK, ...": split over a list, no one body's
_TO_A_LIST = re.compile(r"(?<!\w)(?:voor|aan)\s{1,3}(?:de\s{1,3}|het\s{1,3})?volgende\s", re.IGNORECASE)


# ", Boutersem, Genk, ...": two more capitalised names after a body, each up to a comma, then a comma or "en"
_LIST_OF_NAMES = re.compile(r"\s{0,2},\s{1,3}(?-i:[A-Z])[^,;:.()]{0,40},\s{1,3}(?-i:[A-Z])[^,;:.()]{0,40}(?:,|\sen\s)")


_TO_SOMEONE = frozenset({"subsidie", "dotatie", "lening", "impulsfinanciering", "investering"})


_BRACKETED = re.compile(r"\s{0,3}(?:vzw|nv|cvba|bv)?\s{0,3}[(:]\s{0,3}", re.IGNORECASE)


# "'Entertainment Technology Cluster' van Lab of Tomorrow (2,76 miljoen euro)": a project's body, not yet known
_VAN_NAME = re.compile(r"(?<!\w)van\s+([A-Z][\w&'-]*(?:\s(?:[A-Z0-9][\w&'-]*|of|for|the|and|voor|en))*?)"
                       r"\s{0,3}(?:vzw|nv|cvba|bv)?\s{0,3}\(\s{0,3}$")


# an umbrella plan pays for projects: it is a source, not what is funded
UMBRELLA = frozenset({"plan-vlaamse-veerkracht"})


class Index:
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


def is_source(text: str, m: Mention) -> bool:
    """A plan or fund the money comes from: the umbrella plan, a body after "uit", "vanuit", "ten laste van" ...,
    and a fund unless the money goes to it ("aan het Fonds ...", "bij het FWO")."""
    before = text[max(0, m.start - 40):m.start]
    if m.key in UMBRELLA or (m.type == "programme" and _SOURCE.search(before) is not None):
        return True
    if m.type != "programme" and _FROM.search(before) is not None and _PROJECT_OF.search(before) is None:
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


def _new_receiver(doc: Doc, lo: int, hi: int, taken: Index) -> Mention | None:
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
        if (said := m.group(0).split()) and said[-1].lower().endswith(_PROGRAMME_ENDINGS):
            continue  # "aan het onderzoeksprogramma Artificiële Intelligentie": the name is the programme's
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


def _item_receiver(doc: Doc, lo: int, start: int, orgs: Index) -> Mention | None:
    """The receiver that opens the list item of an amount: "Halle : 342.000 euro", "Doctors for Africa (1,5
    miljoen euro)", "Aalst, Buurtvelden en mobiliteitshub Erembodegem (280.000 euro)"; or, before a bracketed
    amount, the receiver before the colon that introduces its project: "de gemeente Koksijde : Optimalisering
    waterretentie ... (460.000 euro)"."""
    text = doc.text
    bracketed = text[lo:start].rstrip().endswith("(")
    colon = text.rfind(":", lo, start)
    opened = text.rfind(":", max(0, lo - 3), lo)
    # the clause opens after the receiver's colon: "Wemmel : 303.000 euro", "de gemeente Koksijde : Project
    # (460.000 euro)"; or after a colon inside the project's name: "; en Gent, Fietsparkeren ...: implementatie
    # ... (96.000 euro)"
    if colon < 0 and opened >= 0 and (bracketed or not text[opened + 1:start].strip()):
        found = _receiver_before(doc, max(0, opened - 119), opened, orgs)
        brk = max(text.rfind(c, max(0, opened - 200), opened) for c in ";:)")
        if found is None and bracketed and brk >= 0:
            found = _item_lead(doc, brk + 1, opened, orgs)
        if found is not None:
            return found
    if colon >= 0 and not text[colon + 1:start].strip():  # "Tervuren : 368.000 euro voor ..."
        found = _receiver_before(doc, lo, colon, orgs)
    elif colon >= 0:  # "kent aan volgende organisaties een subsidie toe: PCI Media (1,5 miljoen euro)"
        found = _item_lead(doc, colon + 1, start, orgs)
        if found is not None or not bracketed:
            return found
        found = _receiver_before(doc, lo, colon, orgs)
    else:
        found = None
    return found or _item_lead(doc, lo, start, orgs)


def _list_item_lead(doc: Doc, lo: int, start: int, orgs: Index) -> Mention | None:
    """The body that opens a list item, when the clause opens after a list break (";", ":", "), "): "; en Gent,
    Fietsparkeren ... (96.000 euro)"."""
    m = _ITEM_LEAD.match(doc.text, lo, start)
    # ... and the amount still belongs to the item: no bracket closes between them ("(Aalst: ...; Sint-Truiden:
    # ... ), voor een totaal bedrag van 11,29 miljoen euro" is the whole list's)
    if m is None or not _LIST_BREAK.search(doc.text[max(0, lo - 3):m.end()]) or ")" in doc.text[m.end():start]:
        return None
    return _item_lead(doc, lo, start, orgs)


def _receiver_before(doc: Doc, floor: int, colon: int, orgs: Index) -> Mention | None:
    """The receiver that runs from the last separator (after ``floor``) to ``colon``, within 120 characters; else
    from the last "en" ("... voor 'Bebossing' en Wemmel : 303.000 euro")."""
    item = max(floor, max(doc.text.rfind(c, floor, colon) for c in ",;:)") + 1)
    found = _item_lead(doc, item, colon, orgs, to_colon=True) if colon - item < 120 else None
    if found is None and (joint := doc.text.rfind(" en ", item, colon)) >= 0:
        found = _item_lead(doc, joint + 1, colon, orgs, to_colon=True)
    return found


def _item_lead(doc: Doc, lo: int, start: int, orgs: Index, to_colon: bool = False) -> Mention | None:
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


def recipient(doc: Doc, orgs: Index, clause: tuple[int, int], sentence: tuple[int, int], alone: bool,
               start: int, end: int, kind: str | None, title_kind: str | None, all_orgs: Sequence[Mention]
               ) -> Mention | None:
    """Who gets the money: a body its clause gives it to ("aan de VVSG", "door Aquafin"); else an unknown body
    in recipient position; else "de vzw" resolved; else, unless the clause gives it to a class of receivers
    ("aan de betrokken wetenschappelijke instellingen"), the one body a
    sentence about a subsidy (or loan ...) names, or the one body the title names."""
    text = doc.text
    lo, hi = clause
    inside = [o for o in orgs.inside(lo, hi) if isinstance(o, Mention)]
    # "...; en Genk, Tuinen van Waterschei (2 miljoen euro)": a list item opens with its receiver
    if (item := _list_item_lead(doc, lo, start, orgs)) is not None:
        return item
    # "'GAINS' van Universiteit Gent (6,48 miljoen euro)": the body right before the bracketed amount
    beside = [o for o in inside if o.end <= start and _BRACKETED.fullmatch(text, o.end, start)
              and o.key not in UMBRELLA and o.kind != "fonds"]
    if beside:
        return beside[-1]
    # "aan vzw centrum voor algemeen welzijnswerk Brussel (957.000 euro)": a legal form, then a name in lower case
    # up to the bracketed amount
    if (formed := _FORM_NAME.search(text, max(lo, start - 140), start)) is not None:
        body = _body(doc, formed.start("form"), formed.end("name"), None)
        if body is not None:
            return body
    # "aan het Vlaams Vormingsfonds voor de lokale diensteneconomie- ondernemingen (335.000 euro)": an official
    # name that goes on in lower case up to the bracket is one body, not the head it starts with
    for o in reversed(inside):
        if o.end <= start and o.kind in _HEADED and (tail := _LOWER_TAIL.fullmatch(text, o.end, start)):
            return _body(doc, o.start, tail.start("open"), None) or o
    project_of = _VAN_NAME.search(text, max(lo, start - 120), start)
    if project_of is not None and not any(o.start < project_of.end(1) and project_of.start(1) < o.end
                                          for o in inside):
        body = _body(doc, project_of.start(1), project_of.end(1), None)
        if body is not None:
            return body
    receivers = [o for o in inside if (_TO.search(text[max(lo, o.start - 40):o.start])
                                       or _PROJECT_OF.search(text, max(lo, o.start - 40), o.start))
                 and not is_source(text, o)]
    if receivers:  # "488.000 euro ... aan de VVSG en 1,4 miljoen euro aan imec": the one after the sum first
        chosen = min(receivers, key=lambda m: (m.start < end, m.start - end if m.start >= end else start - m.end))
        # "kent ze nu een subsidie toe aan Antwerpen, Boutersem, Genk, ... en Vorselaar, voor een totaal bedrag van
        # 9,73 miljoen euro": the first of a list of bodies gets no more of the sum than the others
        return None if _first_of_a_list(text, chosen, start) else chosen
    # the body whose means the clause raises: "verhoogt de VLAIO-middelen ... met 32 miljoen euro"
    owners = [o for o in inside if _OWN_MEANS.match(text, o.end) and not is_source(text, o)]
    if len({o.key for o in owners}) == 1:
        return owners[0]
    found = _new_receiver(doc, lo, hi, orgs) or _descriptive(doc, lo, hi, all_orgs)
    if found is not None and _first_of_a_list(text, found, start):
        return None
    if found is None and _GRANTING.search(text, max(0, sentence[0] - 300), sentence[1]):
        found = _item_receiver(doc, lo, start, orgs)
    if found is not None:
        return found
    if _TO_A_CLASS.search(text, lo, hi) or _TO_A_LIST.search(text, end, hi):
        return None
    if kind not in _TO_SOMEONE and not (kind is None and title_kind in _TO_SOMEONE):
        named = [o for o in orgs.inside(*sentence) if isinstance(o, Mention)]
        return _title_body(doc, orgs) if not named else None
    # a body named without a receiving word may still be where the money comes from: not a fund's or a source's
    lo2, hi2 = (sentence if alone else clause)
    named = [o for o in orgs.inside(lo2, hi2) if isinstance(o, Mention) and not is_source(text, o)]
    if len({o.key for o in named}) == 1:
        return named[0]
    return _title_body(doc, orgs)


def _first_of_a_list(text: str, body: Mention, start: int) -> bool:
    """The body opens a list of bodies before the amount ("aan Antwerpen, Boutersem, Genk, ... en Vorselaar")."""
    return body.end < start and _LIST_OF_NAMES.match(text, body.end) is not None


def _title_body(doc: Doc, orgs: Index) -> Mention | None:
    """The one body the title names (not a source): "Thematische oproep ... bij het FWO" gets the money."""
    in_title = [o for o in orgs.inside(0, doc.title_end) if isinstance(o, Mention) and not is_source(doc.text, o)]
    return in_title[0] if len({o.key for o in in_title}) == 1 else None


def share_receivers(text: str, grants: list[Grant], members: Sequence[int]) -> None:
    """"4,6 miljoen euro en 3,9 miljoen euro aan X", "een subsidie van 108.000 euro voor 2021, van 103.500 euro voor
    2022 ... toe te kennen aan X": amounts listed without a name between them share the receiver after the last.
    "kent aan X een cofinanciering van 765.000 euro toe voor A en een cofinanciering van 520.000 euro voor B": an
    amount said in the same words as the one before it shares the receiver named before that one."""
    for cur, nxt in reversed(list(itertools.pairwise(members))):
        a, b = grants[cur], grants[nxt]
        if a.recipient is None and b.recipient is not None and a.role == b.role and b.recipient.start >= b.end \
                and _NAMELESS_GAP.fullmatch(text, a.end, b.start):
            grants[cur] = dataclasses.replace(a, recipient=b.recipient)
    for prev, cur in itertools.pairwise(members):
        a, b = grants[prev], grants[cur]
        if b.recipient is not None or a.recipient is None or a.recipient.end > a.start or a.role != b.role:
            continue
        said_a = _SAID_AS.search(text, max(0, a.start - 40), a.start)
        said_b = _PARALLEL.search(text, max(a.end, b.start - 50), b.start)
        if said_a and said_b and said_a.group("noun").lower() == said_b.group("noun").lower():
            grants[cur] = dataclasses.replace(b, recipient=a.recipient)


# what an amount is called just before it: "een cofinanciering van 765.000 euro", and a later amount called the same
# after "en": "en een cofinanciering van 520.000 euro"
_SAID_AS = re.compile(r"(?<!\w)(?:een|de|het)\s{1,3}(?P<noun>[a-zé]{4,40})\s{1,3}van\s{1,3}$", re.IGNORECASE)
_PARALLEL = re.compile(r"(?<!\w)(?:en|,)\s{1,3}(?:een|de|het)\s{1,3}(?P<noun>[a-zé]{4,40})\s{1,3}van\s{1,3}$",
                       re.IGNORECASE)


# a lettered formal title that grants to one body: "C. Ontwerpbesluit van de Vlaamse Regering houdende de
# toekenning van een facultatieve aan de NV Internationale Luchthaven Kortrijk-Wevelgem in het kader van ..."
_TITLED = re.compile(r"(?<![\w.])[A-H]\.\s?Ontwerp\w{0,12}\s[^.]{0,160}?\stoekenning\s[^.]{0,80}?\saan\s{1,3}"
                     r"(?:de\s|het\s)?(?P<name>[^\s()][^()]{2,100}?)(?=\s(?:tot|voor|in\s+het\s+kader|ter|om|met|houdende)\s"
                     r"|\s?\(|\s{2}|\s[A-H]\.\s)")


_GOES_ON = re.compile(r"(?:\s(?:voor|van|in|en|–)(?:\s(?:de|het))?\s(?-i:[A-Z][\w'-]{0,40})"
                      r"(?:\s(?-i:[A-Z][\w'-]{0,40})){0,4}){0,5}")


# "POM (Provinciale Ontwikkelingsmaatschappij) West-Vlaanderen": an acronym, its expansion, then the rest of the name
_AFTER_EXPANSION = re.compile(r"\s{0,3}\((?P<expansion>[A-Z][^()]{2,80})\)\s{1,3}"
                              r"(?P<rest>(?-i:[A-Z][\w]{1,30}(?:\s?-\s?[A-Z][\w]{1,30})?))(?![\w-])")


def refine(doc: Doc, grants: list[Grant]) -> None:
    """What the whole decision tells of the receivers found clause by clause: the whole name of an acronym with
    its expansion and of a head noun that goes on, then the body a lettered formal title grants to."""
    with_name_after_expansion(doc, grants)
    with_whole_name(doc, grants)
    by_formal_titles(doc, grants)


def _name_end(text: str, end: int) -> int:
    """Where a name ending at ``end`` really ends, over what it goes on with ("voor de Beschutte Werkplaatsen")."""
    m = _GOES_ON.match(text, end)
    return m.end() if m is not None else end


def with_name_after_expansion(doc: Doc, grants: list[Grant]) -> None:
    """A receiver written as an acronym, its expansion in brackets and the rest of its name is that whole name:
    "aan POM (Provinciale Ontwikkelingsmaatschappij) West-Vlaanderen" is the POM of West-Vlaanderen, not any POM."""
    for i, g in enumerate(grants):
        r = g.recipient
        m = _AFTER_EXPANSION.match(doc.text, r.end) if r is not None else None
        if r is None or m is None:
            continue
        initials = "".join(w[0] for w in m.group("expansion").split() if w[:1].isupper())
        if len(initials) >= 2 and r.text.replace(".", "").upper().startswith(initials.upper()):
            body = organisations.mention(doc, r.start, m.end(), " ".join(doc.text[r.start:m.end()].split()))
            if body is not None:
                grants[i] = dataclasses.replace(g, recipient=body)


# a name that ends in its head noun and goes on with what it is for: "het Vormingsfonds voor de Lokale
# Diensteneconomie" is that fund, not "Vormingsfonds"
_HEAD_NOUN = re.compile(r"(?:fonds|raad|centrum|agentschap|commissie|instituut)$", re.IGNORECASE)


def with_whole_name(doc: Doc, grants: list[Grant]) -> None:
    """A receiver whose name ends in a head noun ("fonds", "raad", ...) and goes on in capitals ("voor de Lokale
    Diensteneconomie") is named by the whole."""
    for i, g in enumerate(grants):
        r = g.recipient
        if r is None or not _HEAD_NOUN.search(r.text):
            continue
        end = _name_end(doc.text, r.end)
        if end > r.end:
            body = organisations.mention(doc, r.start, end, " ".join(doc.text[r.start:end].split()))
            if body is not None:
                grants[i] = dataclasses.replace(g, recipient=body)


def by_formal_titles(doc: Doc, grants: list[Grant]) -> None:
    """A receiver the summary names by part of its name is the body a lettered formal title grants to:
    "luchthavenexploitatiemaatschappijen Antwerpen (half miljoen euro)" after "A. Ontwerpbesluit ... toekenning
    ... aan de luchthavenexploitatiemaatschappij Antwerpen"; only when exactly one title's body holds every
    word of the name."""
    # a capitalised name runs over its connectives ("Sectoraal Vormingsfonds voor de Beschutte Werkplaatsen in
    # Vlaanderen"); a name with a lower-case head ends where the title goes on ("... Antwerpen in het kader van")
    titled = [(m.start("name"), _name_end(doc.text, m.end("name")))
              for m in _TITLED.finditer(doc.text, 0, min(len(doc.text), 3000))]
    if len(titled) < 2:
        return
    bodies = {(a, b): set(name_key(doc.text[a:b]).split("-")) for a, b in titled}
    for i, g in enumerate(grants):
        r = g.recipient
        # a name the text goes on with ("het Vormingsfonds voor de Lokale Diensteneconomie") is not a part
        if r is None or _name_end(doc.text, r.end) > r.end:
            continue
        words = set(r.key.split("-"))
        holding = {span for span, body in bodies.items() if words < body}
        if len({name_key(doc.text[a:b]) for a, b in holding}) == 1:
            a, b = min(holding)
            body = organisations.mention(doc, a, b, doc.text[a:b].strip())
            if body is not None:
                grants[i] = dataclasses.replace(g, recipient=body)


_OWN_MEANS = re.compile(r"-(?:middelen|budget|werkingsmiddelen|dotatie|enveloppe)(?!\w)", re.IGNORECASE)


# what may stand between two amounts of one list: no name (capital), no clause or list break
_NAMELESS_GAP = re.compile(r"[^A-Z;:.()\n]{0,120}")
