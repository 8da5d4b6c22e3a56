"""Legal acts a decision cites, identified by a date or an official number: decrees, decisions of the Flemish
Government (BVR, also by their short names: "het Vergunningsbesluit van 22 november 2013", "VLAREM"),
ministerial and royal decrees, laws, ordinances, cooperation agreements, EU regulations, directives and
decisions ("Verordening (EU) 2021/241", "richtlijn 2014/24/EU").

Each act carries what the decision does with it: ``changes`` ("tot wijziging van het besluit van de Vlaamse
Regering van ...", "Wijziging van het decreet van ...", "tot vervanging van", "tot opheffing van"),
``implements`` ("ter uitvoering van het decreet van ..."), else ``cites``. An act named inside the title of
an act the decision changes ("tot wijziging van het besluit ... houdende de uitvoering van het decreet van
...") is only cited: it is the older act that carries it out. Acts named without a date or number ("het
Energiedecreet") are not kept: they cannot be told apart.

Every pattern is a fixed alternation followed by bounded character classes: linear on any input.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from .base import Doc, LegalCitation

MONTHS = {m: n for n, m in enumerate(("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
                                      "september", "oktober", "november", "december"), start=1)}
_DATE = r"(?P<day>\d{1,2})(?:e|ste|de)?\s{1,10}(?P<month>" + "|".join(MONTHS) + r")\s{1,10}(?P<year>\d{4})"

# the words that name a kind of act, before "van <date>"; the first that matches wins
_KINDS = (
    ("bvr", r"besluit\s+van\s+(?:de\s+)?Vlaamse\s+[Rr]egering|BVR|[Bb]esluit\s+Vlaamse\s+Regering"),
    ("mb", r"[Mm]inisterieel\s+besluit"),
    ("kb", r"[Kk]oninklijk\s+besluit"),
    ("samenwerkingsakkoord", r"[Ss]amenwerkingsakkoord"),
    ("ordonnantie", r"[Oo]rdonnantie"),
    # a decree, also by its subject ("het decreet basisonderwijs van ...") or as a codex ("de Codex Secundair
    # Onderwijs van ...", "de Vlaamse Codex Ruimtelijke Ordening van ...")
    ("decreet", r"[A-Za-zÀ-ÿ-]{0,40}decreet(?:\s+[a-zà-ÿ][a-zà-ÿ-]{2,30}){0,2}"
                r"|(?:Vlaamse\s+)?Codex(?:\s+[A-Z][a-zà-ÿ-]{1,30}){1,3}"),
    ("wet", r"(?:[Bb]ijzondere\s+|[Pp]rogramma)?[Ww]et|[A-Z][a-zà-ÿ]{0,30}wetboek|[A-Z][a-zà-ÿ]{0,30}wet"),
    # a BVR by its short name ("het Energiebesluit van 19 november 2010", "VLAREM II van ...")
    ("bvr", r"[A-Z][A-Za-zÀ-ÿ-]{2,40}besluit|VLAREM(?:\s+II|\s+III)?|VLAREL|VLAREMA|VLAREBO(?:-besluit)?"),
)
_ACT = re.compile(
    r"\b(?:" + "|".join(f"(?P<k{i}>{p})" for i, (_, p) in enumerate(_KINDS)) + r")"
    r"(?:\s{1,10}nr\.\s{0,10}\d{1,5})?,?\s{1,10}(?:van|d\.d\.|dd\.?)\s{1,10}" + _DATE)
_EU = re.compile(
    r"\b(?P<kind>(?:[Gg]edelegeerde\s+|[Uu]itvoerings)?[Vv]erordening|[Rr]ichtlijn|[Bb]esluit|[Uu]itvoeringsbesluit)"
    r"\s*\((?:EU|EG|EEG|Euratom)\)\s*(?:[Nn]r\.?\s*)?(?P<number>\d{2,4}/\d{1,4})"
    r"|\b(?P<kind2>[Rr]ichtlijn|[Vv]erordening)\s+(?P<number2>\d{2,4}/\d{1,4})/(?:EU|EG|EEG)")
# an act dated by its coordination, its title before the date ("het decreet betreffende het integraal
# waterbeleid, gecoördineerd op 15 juni 2018")
_COORDINATED = re.compile(r"\b(?P<kind>decreet|wet|besluit)\s+(?P<title>(?:betreffende|houdende|over|inzake)\s"
                          r"[^.;:()\n]{0,160}?),?\s+geco(?:ö|o)rdineerd\s+op\s+" + _DATE)
# an act that follows another in a list ("..., het VLAREL van 19 november 2010 en het besluit van ...") is done
# the same to; one introduced by "van het" is part of the other's title
_LISTED = re.compile(r"(?:,|\ben|\bevenals|\bsamen\s{1,5}met)\s{1,5}(?:van\s{1,5})?(?:(?:het|de)\s{0,5})?$")
_TITLE = re.compile(r",?\s{0,10}((?:tot|houdende|betreffende|over|inzake|met\s+betrekking\s+tot|op|ter|aangaande|"
                    r"van|omtrent)\s[^.;:()\[\]\n]{0,200})")
_CHANGES = re.compile(r"(?:\b(?:wijziging|aanpassing|vervanging|opheffing|wijzigingsbesluit)\b|\bwijzigt\b|"
                      r"\bgewijzigd\s+wordt\b|\bwordt\s+gewijzigd\b)", re.IGNORECASE)
_CHANGED_BY_OTHER = re.compile(r"\bgewijzigd\s+(?:bij|door)\b", re.IGNORECASE)
_IMPLEMENTS = re.compile(r"\b(?:ter|in|tot)\s+uitvoering\s+van\b|\buitvoeringsbesluit\s+(?:bij|van)\b",
                         re.IGNORECASE)
_EU_KINDS = {"verordening": "eu-verordening", "richtlijn": "eu-richtlijn", "besluit": "eu-besluit"}
_WINDOW = 90  # characters before an act in which the words that say what the decision does with it stand
RELATION_ORDER = ("changes", "implements", "cites")


def _iso(day: str, month: str, year: str) -> str | None:
    d, m, y = int(day), MONTHS[month.lower()], int(year)
    return f"{y:04d}-{m:02d}-{d:02d}" if 1 <= d <= 31 and 1800 <= y <= 2100 else None


def _title(text: str, end: int) -> str:
    m = _TITLE.match(text, end)
    return " ".join(m.group(1).split()) if m else ""


def extract(doc: Doc) -> Iterator[LegalCitation]:
    """Every dated or numbered act the decision names, once per act (the first mention), with the strongest
    relation any of its mentions states."""
    text = doc.text
    found: list[tuple[int, int, str, str | None, str | None, str]] = []  # start, end, kind, date, number, title
    for m in _ACT.finditer(text):
        kind = next(k for i, (k, _) in enumerate(_KINDS) if m.group(f"k{i}") is not None)
        date = _iso(m.group("day"), m.group("month"), m.group("year"))
        if date is not None:
            found.append((m.start(), m.end(), kind, date, None, _title(text, m.end())))
    for m in _COORDINATED.finditer(text):
        date = _iso(m.group("day"), m.group("month"), m.group("year"))
        if date is not None:
            kind = {"besluit": "bvr"}.get(m.group("kind"), m.group("kind"))
            found.append((m.start(), m.end(), kind, date, None, " ".join(m.group("title").split())))
    for m in _EU.finditer(text):
        word = (m.group("kind") or m.group("kind2")).lower().split()[-1]
        kind = _EU_KINDS["besluit" if word.endswith("besluit") else "verordening" if "verordening" in word
                         else "richtlijn"]
        found.append((m.start(), m.end(), kind, None, m.group("number") or m.group("number2"), _title(text, m.end())))
    found.sort()
    acts: dict[tuple[str, str], LegalCitation] = {}
    previous_end, previous_relation, previous_sentence, listed_relation = 0, "", -1, ""
    sentence, scanned = -1, 0  # the last full stop before the act, found by one forward scan over the text
    for start, end, kind, date, number, title in found:
        while (stop := text.find(".", scanned, start)) >= 0:
            sentence, scanned = stop, stop + 1
        scanned = max(scanned, start)
        same = sentence == previous_sentence
        window = text[max(previous_end if sentence < previous_end else 0, start - _WINDOW):start]
        if not same:
            listed_relation = ""
        if _CHANGED_BY_OTHER.search(window[-30:]):
            relation = "cites"  # "..., gewijzigd bij het decreet van ...": changed by that act, not by this one
        elif _CHANGES.search(window):
            relation = "changes"
        elif same and listed_relation and _LISTED.search(text, max(previous_end, start - 12), start):
            relation = listed_relation
        elif _IMPLEMENTS.search(window):
            # inside the title of an act this decision changes, it is the older act that carries it out
            relation = "cites" if same and previous_relation == "changes" else "implements"
        else:
            relation = "cites"
        previous_end, previous_relation, previous_sentence = end, relation, sentence
        if relation != "cites":
            listed_relation = relation
        key = (kind, date or number or "")
        old = acts.get(key)
        if old is None:
            acts[key] = LegalCitation(start, end, text[start:end], kind, date, number, title, relation)
        elif RELATION_ORDER.index(relation) < RELATION_ORDER.index(old.relation):
            acts[key] = LegalCitation(old.start, old.end, old.text, kind, date, number, old.title or title, relation)
    yield from sorted(acts.values(), key=lambda a: (a.start, a.end))
