"""Organisations: names from the gazetteer, plus names it lacks, found by their form.

Discovery looks for (1) acronym definitions, "Flanders Investment & Trade (FIT)", where the acronym's
letters follow the initials of the name; (2) names headed by an organisation noun, "Agentschap Natuur
en Bos", "Raad van State", "Vlaams Klimaatfonds"; (3) names with a legal form, "Mediawijs vzw". An
acronym defined in a decision also counts where the decision uses it alone.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterator

from .base import Doc, Mention, Taken, find_again, name_key
from .names import CONNECTIVES, is_name_word, name_after, name_before, words

HEADS = {
    "agentschap": "agentschap", "departement": "departement", "fonds": "fonds", "kenniscentrum": "kenniscentrum",
    "expertisecentrum": "kenniscentrum", "steunpunt": "kenniscentrum", "stuurorgaan": "stuurorgaan",
    "raad": "raad", "huis": "other", "instituut": "instituut", "universiteit": "universiteit",
    "hogeschool": "hogeschool", "vereniging": "vzw", "federatie": "federatie", "commissie": "raad",
    "autoriteit": "agentschap", "maatschappij": "bedrijf", "academie": "instituut", "dienst": "agentschap",
    "centrum": "onderzoekscentrum", "overlegplatform": "raad", "kanselarij": "departement",
    "ombudsdienst": "agentschap", "rekenhof": "raad", "parlement": "overheid",
}
_COMPOUND_HEADS = ("fonds", "agentschap", "centrum", "instituut", "maatschappij", "raad", "huis", "academie")
_ADJECTIVE = r"(?:Vlaams|Vlaamse|Federaal|Federale|Europees|Europese|Brussels|Brusselse|Nationaal|Nationale|" \
             r"Koninklijk|Koninklijke|Interuniversitair|Interuniversitaire|Hoge|Hoog)"
_HEAD = re.compile(r"\b(?:" + _ADJECTIVE + r"\s+)?(" + "|".join(h.capitalize() for h in HEADS) + r")\b")
_COMPOUND = re.compile(r"\b" + _ADJECTIVE + r"\s+(?:[A-Z][\w]*-?\s+en\s+)?[A-Z][a-z]*(?:"
                       + "|".join(_COMPOUND_HEADS) + r")\b")
# a compound head opening a name: "Examencommissie", "Fietsberaad Vlaanderen", "Praktijkcentra Plant"
_COMPOUND_NAME = re.compile(r"\b[A-Z][a-z]{2,}(?:commissie|beraad|centra|fonds|raad|agentschap|instituut)\b")
_LEGAL = re.compile(r"\s(vzw|VZW|v\.z\.w\.|nv|NV|cvba|CVBA|bv|BV|ivzw|IVZW)\b")
_ACRONYM_DEF = re.compile(r"\(\s*([A-Z][A-Za-z0-9&.-]{1,11}?)\s*\)")
ENGLISH_HEADS = frozenset({"agency", "council", "institute", "centre", "center", "foundation", "trade",
                           "association", "network", "university", "company", "authority", "office", "bank",
                           "fund", "organisation", "organization", "federation", "board", "school"})
PROGRAMME_WORDS = frozenset({"plan", "programma", "project", "oproep", "actieplan", "pact", "strategie", "akkoord",
                             "initiatief", "traject", "call", "programme", "program", "beleidsplan", "relanceplan",
                             "decreet", "besluit", "wet", "verordening", "richtlijn", "codex", "regeling", "nota"})


def _kind_of(name: str) -> str | None:
    """The kind of body a name's head noun says it is, or None when nothing in it names a body."""
    lowered = [w.lower() for w in re.findall(r"[\w]+", name)]
    if any(w in PROGRAMME_WORDS for w in lowered):
        return None
    for w in lowered:
        if w in HEADS:
            return HEADS[w]
        for head in _COMPOUND_HEADS:
            if w.endswith(head) and len(w) > len(head) + 2:
                return HEADS.get(head, "other")
        if w in ("vzw", "ivzw"):
            return "vzw"
        if w in ("nv", "cvba", "bv"):
            return "bedrijf"
        if w in ENGLISH_HEADS:
            return "other"
    return None


def _initials_match(acronym: str, name: str) -> bool:
    """The acronym's capitals appear, in order, among the initials (and capitals) of the name's words."""
    letters = [c for c in acronym if c.isupper()]
    if len(letters) < 2:
        return False
    pool = "".join(w[0].upper() + "".join(c for c in w[1:] if c.isupper()) for w in re.findall(r"[\w]+", name))
    it = iter(pool)
    return all(c in it for c in letters)


def _is_head(word: str) -> bool:
    """A word that opens the name of a body: "Agentschap", "Examencommissie" (not "Maatschappij" alone,
    which ends names such as "Data en Maatschappij")."""
    w = word.lower()
    if w in HEADS:
        return w not in ("maatschappij", "huis", "centrum", "academie", "dienst")
    return any(w.endswith(h) and len(w) > len(h) + 2 for h in (*_COMPOUND_HEADS, "commissie", "beraad", "centra"))


def _trim(text: str, start: int, end: int) -> int:
    """End of a discovered name without a trailing year or letter ("Fietsberaad Vlaanderen 2023") and
    without a second body joined by 'en' ("Examencommissie en Volwassenenonderwijs ...")."""
    ws = words(text, start, end)
    for i, (word, _s, _e) in enumerate(ws[1:], start=1):
        if word == "en" and i + 1 < len(ws) and _is_head(ws[i + 1][0]):
            ws = ws[:i]
            break
    while len(ws) > 1 and (ws[-1][0].isdigit() or (len(ws[-1][0]) == 1 and ws[-1][0].isupper())
                           or ws[-1][0].lower() in CONNECTIVES):
        ws = ws[:-1]
    return ws[-1][2] if ws else end


def mention(doc: Doc, start: int, end: int, label: str | None = None, acronym: str | None = None,
            kind: str | None = None) -> Mention | None:
    """The organisation named at [start, end): the gazetteer's entry for ``label``, else a new one keyed by
    its name (None when the name is too short to be one); without ``label`` the span is trimmed first."""
    if label is None:
        end = _trim(doc.text, start, end)
    surface = doc.text[start:end]
    label = label or surface
    entry = doc.gazetteer.lookup("organisation", label)
    if entry is not None:
        return Mention("organisation", start, end, surface, entry.id, entry.name, entry.acronym, entry.kind)
    key = name_key(label)
    words_ = label.split()
    if not key or len(key) < 3 or label[:1].isdigit() or (words_ and words_[-1] in _NOT_A_LAST_WORD):
        return None  # "voor het jaar 2020 aan vzw ...": a number and a preposition name no body
    return Mention("organisation", start, end, surface, key, label, acronym, kind or _kind_of(label))


_NOT_A_LAST_WORD = frozenset({"aan", "voor", "van", "in", "op", "met", "en", "de", "het", "door", "bij", "tot", "uit"})


def _discover(doc: Doc) -> Iterator[Mention]:
    text = doc.text
    defined: dict[str, list[Mention]] = {}
    for m in _ACRONYM_DEF.finditer(text):
        acronym = m.group(1).rstrip(".")
        end = m.start()
        while end > 0 and text[end - 1].isspace() and m.start() - end < 200:
            end -= 1
        ws = words(text, name_before(text, end), end)
        # drop words from the left until the name starts at the acronym's first letter
        while ws and not (ws[0][0][:1].upper() == acronym[0] and _initials_match(acronym, text[ws[0][1]:end])):
            ws = ws[1:]
        if not ws or _kind_of(text[ws[0][1]:end]) is None:
            continue
        found = mention(doc, ws[0][1], end, acronym=acronym)
        if found is None:
            continue
        yield found
        defined.setdefault(acronym, []).append(found)
    yield from _acronym_uses(doc, defined)
    for m in _HEAD.finditer(text):
        end = name_after(text, m.end())
        if end == m.end():
            continue  # a bare head noun ("Raad", "Vlaams Agentschap") names no body
        if m.start() > 0 and name_before(text, m.start()) < m.start() and m.group() == m.group(1):
            continue  # the head sits inside a longer name ("Data en Maatschappij"), found from its start
        found = mention(doc, m.start(), end, kind=HEADS[m.group(1).lower()])
        if found is not None:
            yield found
    for m in _COMPOUND.finditer(text):
        found = mention(doc, m.start(), m.end())
        if found is not None:
            yield found
    for m in _COMPOUND_NAME.finditer(text):
        if m.start() < 2 or text[m.start() - 2] in ".:;!?":
            continue  # a capital at the start of a sentence says nothing
        found = mention(doc, m.start(), name_after(text, m.end()), kind=_kind_of(m.group()))
        if found is not None:
            yield found
    for m in _LEGAL.finditer(text):
        start = name_before(text, m.start())
        if start < m.start() and is_name_word(text[start:m.start()].split()[0]):
            found = mention(doc, start, m.end(), label=text[start:m.start()].strip(),
                             kind="bedrijf" if m.group(1).lower() in ("nv", "cvba", "bv") else "vzw")
            if found is not None:
                yield found


# where a defined acronym may stand: after no word character or hyphen, at most as long as _ACRONYM_DEF allows
_ACRONYM_USE = re.compile(r"(?<![\w-])[A-Z][A-Za-z0-9&.-]{0,11}")


def _acronym_uses(doc: Doc, defined: dict[str, list[Mention]]) -> Iterator[Mention]:
    """Where an acronym defined in the decision is used alone, after its definition, in one pass over the text
    (one search per acronym is quadratic on a text that defines many)."""
    if not defined:
        return
    text = doc.text
    for m in _ACRONYM_USE.finditer(text):
        token = m.group()
        for cut in range(len(token), 0, -1):
            acronym = token[:cut]
            after = token[cut:cut + 1] if cut < len(token) else text[m.end():m.end() + 1]
            if acronym not in defined or (after and (after.isalnum() or after == "_")):
                continue
            defs = defined[acronym]  # in text order: the latest definition before the use by bisection
            at = bisect_left(defs, m.start(), key=lambda d: d.end) - 1
            if at >= 0:
                d = defs[at]
                yield Mention("organisation", m.start(), m.start() + cut, acronym, d.key, d.label, acronym, d.kind)


def extract(doc: Doc) -> Iterator[Mention]:
    """Every organisation named in the decision, gazetteer names first, then discovered ones."""
    hits = list(doc.gazetteer.find(doc.text))
    found = [Mention("organisation", s, e, doc.text[s:e], entry.id, entry.name, entry.acronym, entry.kind)
             for s, e, entry in hits if entry.type == "organisation"]
    taken = Taken(len(doc.text))
    for s, e, _entry in hits:
        taken.add(s, e)
    for m in sorted(_discover(doc), key=lambda m: (-(m.end - m.start), m.start)):
        if taken.overlaps(m.start, m.end):
            continue
        found.append(m)
        taken.add(m.start, m.end)
    return iter(find_again(doc, found))
