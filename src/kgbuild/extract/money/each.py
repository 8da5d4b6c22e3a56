"""An amount given to each of several bodies: "Elk project krijgt 75.000 euro subsidie" after "volgende vijf
projecten", "ondersteunt twee pilootprojecten, voor telkens 1 miljoen euro". The decision commits the amount as
many times as there are bodies; a repetition in time ("De oproep zal tweemaal opengesteld worden, telkens voor een
bedrag van 10 miljoen euro", "jaarlijks") is not a count of bodies and stays one amount, as the labelling rule
reads a yearly sum. Pure functions; every pattern is bounded."""

from __future__ import annotations

import re

_NUMBERS = {"twee": 2, "drie": 3, "vier": 4, "vijf": 5, "zes": 6, "zeven": 7, "acht": 8, "negen": 9, "tien": 10,
            "elf": 11, "twaalf": 12}
_NUMBER = r"(\d{1,2}|" + "|".join(_NUMBERS) + r")"
# "Elk project krijgt", "Iedere organisatie ontvangt", "Voor elk project is ... voorzien" just before the amount
_EACH = re.compile(r"(?<!\w)(?:elke?|iedere?)\s+(\w{4,30})\s+(?:krijgt|ontvangt|is|wordt)\s+(?:\S+\s+){0,3}?$",
                   re.IGNORECASE)
# "twee pilootprojecten, voor telkens": the count and the bodies just before "telkens"
_EACH_AFTER_COUNT = re.compile(_NUMBER + r"\s+(?:\w+\s+){0,1}?(\w{4,30}),?\s+(?:voor\s+)?telkens\s+"
                               r"(?:een\s+bedrag\s+van\s+)?$", re.IGNORECASE)
# "10 projecten die elk 250.000 euro subsidie krijgen"
_COUNT_EACH = re.compile(_NUMBER + r"\s+(?:\w+\s+){0,1}?(\w{4,30})\s+die\s+(?:elk|ieder)\s+$", re.IGNORECASE)
# "Ze kent conceptsubsidies van telkens 72.000 euro toe aan de volgende projecten" after "vijf projecten"
_EACH_TIME = re.compile(r"(?<!\w)(?:van|voor)\s+telkens\s+(?:een\s+bedrag\s+van\s+)?$", re.IGNORECASE)
_COUNT = re.compile(r"(?<!\w)" + _NUMBER + r"\s+(?:\w+\s+){0,1}?(\w{4,30})(?!\w)", re.IGNORECASE)
_NOT_BODIES = re.compile(r"^(?:jaar|jaren|keer|maal|maanden|weken|dagen|fases?|fasen|rondes?|oproepen|schijven|"
                         r"tranches?|miljoen|miljard|euro|procent|uur|januari|februari|maart|april|mei|juni|juli|augustus|"
                         r"september|oktober|november|december)$", re.IGNORECASE)
# "kent aan de luchthavenexploitatiemaatschappijen Antwerpen, Oostende-Brugge en Kortrijk- Wevelgem elk een eenmalige
# subsidie van 366.000 euro toe": "elk" after a list of the bodies, which follows "aan" or "voor"
_LIST_EACH = re.compile(r"(?<!\w)elk\s+(?:een\s+)?(?:\S+\s+){0,4}?$", re.IGNORECASE)
_LIST_OPENS = re.compile(r"(?<!\w)(?:aan|voor)\s", re.IGNORECASE)
_LIST_SEPARATOR = re.compile(r",\s(?:en\s)?|\sen\s")  # the text is normalised: single spaces
_AND = re.compile(r"\sen\s")
LOOK_BACK = 600  # characters before the amount in which its count is looked for


def _number(word: str) -> int:
    return int(word) if word.isdigit() else _NUMBERS[word.lower()]


def _stem(noun: str) -> str:
    return noun.lower()[:6]  # "project" ~ "projecten", "organisatie" ~ "organisaties"


def times_each(text: str, start: int, sentence_start: int) -> tuple[int, str] | None:
    """How many bodies an amount at ``start`` is given to each, and the words that say so; None when it is one
    amount."""
    lead = text[max(sentence_start, start - 80):start]
    m = _EACH_AFTER_COUNT.search(lead)
    if m is not None and not _NOT_BODIES.match(m.group(2)) and _number(m.group(1)) > 1:
        return _number(m.group(1)), " ".join(m.group(0).split())
    m = _COUNT_EACH.search(lead)
    if m is not None and not _NOT_BODIES.match(m.group(2)) and _number(m.group(1)) > 1:
        return _number(m.group(1)), " ".join(m.group(0).split())
    t = _EACH_TIME.search(lead)
    if t is not None:  # the nearest count of bodies before it, in the decision's words
        counts = [c for c in _COUNT.finditer(text, max(0, start - LOOK_BACK), start - len(lead) + t.start())
                  if not _NOT_BODIES.match(c.group(2)) and _number(c.group(1)) > 1]
        if counts:
            c = counts[-1]
            return _number(c.group(1)), f"{' '.join(c.group(0).split())} ... {' '.join(t.group(0).split())}"
        return None
    if (listed := _listed(text, start, sentence_start)) is not None:
        return listed
    e = _EACH.search(lead)
    if e is None or _NOT_BODIES.match(e.group(1)):
        return None
    stem = _stem(e.group(1))
    found = None
    for c in _COUNT.finditer(text, max(0, start - LOOK_BACK), start - len(lead) + e.start()):
        if stem in c.group(2).lower() and not _NOT_BODIES.match(c.group(2)) and _number(c.group(1)) > 1:
            found = c  # the nearest count of the same bodies before "elk"
    if found is None:
        return None
    return _number(found.group(1)), f"{' '.join(found.group(0).split())} ... {' '.join(e.group(0).split())}"


def _listed(text: str, start: int, sentence_start: int) -> tuple[int, str] | None:
    """The bodies a list names before "elk", counted: "aan A, B en C elk een subsidie van"."""
    lead = text[max(sentence_start, start - 200):start]
    e = _LIST_EACH.search(lead)
    if e is None:
        return None
    opens = list(_LIST_OPENS.finditer(lead, max(0, e.start() - 160), e.start()))
    if not opens:
        return None
    items = lead[opens[-1].end():e.start()]
    if any(ch.isdigit() for ch in items) or not _AND.search(f" {items} "):
        return None  # "voor een periode van twee jaar, elk jaar": no list of bodies
    n = len(_LIST_SEPARATOR.split(items.strip()))
    return (n, " ".join(lead[opens[-1].start():e.end()].split())) if n > 1 else None
