"""Programmes, plans, projects and calls: gazetteer names, quoted names after a programme noun
("oproep 'City of Things 2021'", "relanceproject 'Modernisering cloud- en netwerkinfrastructuur' (VV067)"),
capitalised names headed by one ("Actieplan E-leren"), and Vlaamse Veerkracht project codes (VV067),
which make a project part of Plan Vlaamse Veerkracht.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from .base import Doc, Mention, Taken, find_again, name_key
from .names import name_after

VEERKRACHT = "plan-vlaamse-veerkracht"
KINDS = {
    "plan": "plan", "relanceplan": "plan", "investeringsplan": "plan", "masterplan": "plan", "beleidsplan": "plan",
    "transitieplan": "plan", "programma": "programma", "beleidsprogramma": "programma", "actieplan": "actieplan",
    "project": "project", "relanceproject": "project", "proefproject": "project", "pilootproject": "project",
    "investeringsproject": "project", "oproep": "oproep", "projectoproep": "oproep", "call": "oproep",
    "strategie": "strategie", "pact": "pact", "akkoord": "akkoord", "initiatief": "other", "traject": "other",
    "campagne": "other", "charter": "other", "conceptnota": "strategie", "visienota": "strategie",
}
_Q_OPEN = "'‘’\"“”„`"
_QUOTED = re.compile(r"\b(" + "|".join(sorted(KINDS, key=len, reverse=True)) + r")\s+(?:[a-z]+\s+){0,2}?["
                     + _Q_OPEN + r"]([^" + _Q_OPEN + r"\n]{3,90}?)[" + _Q_OPEN + r"](?:\s*\(\s*(VV\s?\d{1,3})\s*\))?",
                     re.IGNORECASE)
_TITLED = re.compile(r"\b(?:(?:Vlaams|Vlaamse|Federaal|Federale|Europees|Europese)\s+)?("
                     + "|".join(k.capitalize() for k in sorted(KINDS, key=len, reverse=True)) + r")\s+(?=[A-Z0-9])")
# a lower-case programme noun before a capitalised name: "oproep Living Labs Circulaire Economie";
# a compound one opening it: "Landenstrategienota Vlaanderen-Malawi 2024-2028"
_LOWER_HEAD = re.compile(r"\b(" + "|".join(sorted(KINDS, key=len, reverse=True)) + r")\s+(?=[A-Z])")
_COMPOUND = re.compile(r"\b[A-Z][a-z]{2,}(strategienota|actieplan|beleidsplan|programma|akkoord|pact|plan)\b")
# the coalition agreement is a node of its own; laws are not programmes
_NOT_PROGRAMMES = ("regeerakkoord", "decreet", "besluit", "wet-", "codex")
_CODE = re.compile(r"\b(VV)\s?(\d{2,3})\b")


def _code(raw: str | None) -> str | None:
    return re.sub(r"\s+", "", raw).upper() if raw else None


def _mention(doc: Doc, start: int, end: int, label: str, kind: str | None, code: str | None = None) -> Mention | None:
    entry = doc.gazetteer.lookup("programme", label)
    if entry is not None and code is None:
        return Mention("programme", start, end, doc.text[start:end], entry.id, entry.name, entry.acronym,
                       entry.kind, None, entry.part_of)
    if code:  # a numbered project is known by its number, whatever the text calls it
        return Mention("programme", start, end, doc.text[start:end], code.lower(), label, None, "project", code,
                       VEERKRACHT if code.startswith("VV") else None)
    key = name_key(label)
    if len(key) < 3 or key.startswith(_NOT_PROGRAMMES):
        return None
    return Mention("programme", start, end, doc.text[start:end], key, label, None, kind)


def _discover(doc: Doc) -> Iterator[Mention]:
    text = doc.text
    for m in _QUOTED.finditer(text):
        label = m.group(2).strip(" .,;:")
        found = _mention(doc, m.start(2), m.start(2) + len(m.group(2).rstrip(" .,;:")), label,
                         KINDS[m.group(1).lower()], _code(m.group(3)))
        if found is not None:
            yield found
    for m in _TITLED.finditer(text):
        end = name_after(text, m.end())
        if end <= m.end():
            continue
        found = _mention(doc, m.start(), end, text[m.start():end], KINDS[m.group(1).lower()])
        if found is not None:
            yield found
    for m in _LOWER_HEAD.finditer(text):
        end = name_after(text, m.end())
        if end > m.end() and " " in text[m.end():end].strip():  # two words at least: "Levenslang Leren"
            found = _mention(doc, m.end(), end, text[m.end():end], KINDS[m.group(1)])
            if found is not None:
                yield found
    for m in _COMPOUND.finditer(text):
        if m.start() >= 2 and text[m.start() - 2] not in ".:;!?":
            end = name_after(text, m.end())
            found = _mention(doc, m.start(), end, text[m.start():end], KINDS.get(m.group(1).lower(), "strategie"))
            if found is not None:
                yield found
    for m in _CODE.finditer(text):
        code = m.group(1) + m.group(2)
        yield Mention("programme", m.start(), m.end(), m.group(), code.lower(), code, None, "project", code,
                      VEERKRACHT)


def extract(doc: Doc) -> Iterator[Mention]:
    """Every programme, plan, project or call the decision names."""
    hits = list(doc.gazetteer.find(doc.text))
    found = [Mention("programme", s, e, doc.text[s:e], entry.id, entry.name, entry.acronym, entry.kind, None,
                     entry.part_of) for s, e, entry in hits if entry.type == "programme"]
    taken = Taken(len(doc.text))
    for s, e, _entry in hits:
        taken.add(s, e)
    # a quoted name with its project code beats the gazetteer's shorter match inside it
    discovered = sorted(_discover(doc), key=lambda m: (m.code is None, -(m.end - m.start), m.start))
    for m in discovered:
        if taken.overlaps(m.start, m.end):
            if m.code is None or any(x.code for x in found if x.start < m.end and m.start < x.end):
                continue
            found = [x for x in found if not (x.start < m.end and m.start < x.end)]
        found.append(m)
        taken.add(m.start, m.end)
    return iter(find_again(doc, found))
