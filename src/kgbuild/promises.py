"""The promises of the coalition agreement: each sentence of a section in which the Flemish Government commits
itself to do something this term.

The agreement states its programme in the first person ("We investeren ...", "... zetten we in op ...", "We
willen ..."), with the government as subject ("De Vlaamse Regering zal ..."), or impersonally ("Er komt een
nieuw convenant", "Het decreet wordt aangepast", "De middelen moeten ingezet worden"). A sentence that only
describes the present or the past ("Vandaag zijn er vier ...", "De vorige Vlaamse regering maakte ...") or
states a value ("Onderwijs is de sleutel ...") is no promise. ``find_promises`` is a pure function of a section's
text: the sentences (``kgbuild.sentences.split``, offsets into the text) with the words that make each a
promise. docs/promises.md says what was measured.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .sentences import split

# the government speaking of itself: "we" / "wij" anywhere in the sentence ("investeren we", "We willen")
_WE = re.compile(r"(?<!\w)(?:we|wij)(?!\w)", re.IGNORECASE)
# ... but not when it only acknowledges, values or observes ("We erkennen de rol ...", "We hebben nood aan ...",
# "We staan open ...", "Als we met z'n allen ...")
_WE_OBSERVE = re.compile(
    r"(?<!\w)(?:(?:we|wij)\s+(?:\S+\s+){0,2}?(?:erkennen|waarderen|beseffen|hebben\s+nood|staan\s+open|stellen\s+vast|"
    r"zijn\s+ervan\s+overtuigd)|als\s+(?:we|wij)|kunnen\s+(?:we|wij))(?!\w)", re.IGNORECASE)
# ... or names itself, a minister or Flanders as the subject of a verb that is not a past or a state
_SUBJECT = (r"(?:de\s+)?vlaamse\s+(?:regering|overheid|gemeenschap)|(?:de\s+)?(?:vlaamse\s+)?minister"
            r"(?:\s+bevoegd\s+voor(?:\s+[\w-]+){1,6}?)?|het\s+vlaams\s+gewest|vlaanderen")
# (the verb: a present singular, which ends in -t, or one of a few; not a state, the past or "moet": "De Vlaamse
# overheid moet een slanke ... overheid zijn" states a value)
_GOVERNMENT = re.compile(
    r"(?:^(?:\d+(?:\.\d+)+\s+(?:\S+\s+){0,10}?)?|[,:;]\s*|(?<!\w)(?:ook|daarom|zo|hierbij|daarbij|bovendien|tevens|"
    r"verder|nu)\s+)(?:(?:" + _SUBJECT
    + r")\s+(?:ook\s+|verder\s+|nu\s+)?(?!is\b|was\b|werd\b|heeft\b|moet\b|erkent\b|bevat\b|kent\b)(?:[a-z]\w*t|"
    r"wil|zal|kan|gaat)|(?:zal|zullen|wil|wenst)\s+(?:" + _SUBJECT + r"))(?!\w)", re.IGNORECASE)
# ... or said impersonally: something will come, will be done, must be done, stays a priority; a target for a year
_IMPERSONAL = re.compile(
    r"(?<!\w)(?:er\s+(?:komt|komen)|(?:zal|zullen|gaan)\s+(?:\S+\s+){0,10}?(?:worden|zijn|komen|gebeuren)|"
    r"(?:moet|moeten)\s+(?:\S+\s+){0,8}?worden|(?:wordt|worden)\s+(?:\S+\s+){0,8}?(?:ge|ver|be|ont|her|op|in|"
    r"uit|aan|af|door|mee|bij|toe|voor|na|om|weg|vast|samen|terug|over|onder)\w*(?:d|t|en|aan)|"
    r"(?:blijft|blijven)\s+(?:\S+\s+){0,6}?(?:prioriteit|aangehouden|behouden|verder|ondersteun\w*|inzetten|"
    r"investeren|versterken|professionaliseren|een\s+spil|de\s+centrale)|is\s+een\s+(?:prioriteit|aandachtspunt)|"
    r"(?:vanaf|tegen|ten\s+laatste\s+in|uiterlijk\s+in)\s+(?:\S+\s+){0,3}?20[2-5]\d)(?!\w)", re.IGNORECASE)
# what makes a sentence describe the past or the present state, when nothing else makes it a promise
_CONTEXT = re.compile(
    r"(?<!\w)(?:vorige|vandaag|momenteel|op dit moment|werd|werden|was|waren|in het verleden|geconfronteerd|"
    r"uitdaging\w*)(?!\w)", re.IGNORECASE)
# a section heading alone ("1.2.1.3 Verdere uitrol Groeipakket"): numbered, and short
_HEADING = re.compile(r"^\s*\d+(?:\.\d+)+\s")


@dataclass(frozen=True)
class Promise:
    """One promise of a section: the sentence at ``text[start:end]`` of the section's text."""

    index: int  # 1-based, in the order of the section
    start: int
    end: int
    text: str
    cue: str  # the words that make it a promise


def promise_cue(sentence: str) -> str:
    """The words that make a sentence a promise ("" when it is none)."""
    if _HEADING.match(sentence) and len(sentence.split()) <= 5:
        return ""
    m = _GOVERNMENT.search(sentence)
    if m:
        return " ".join(m.group(0).split())
    m = _WE.search(sentence)
    if m and not _WE_OBSERVE.search(sentence):
        return " ".join(m.group(0).split())
    m = _IMPERSONAL.search(sentence)
    if m and not _CONTEXT.search(sentence):
        return " ".join(m.group(0).split())
    return ""


def find_promises(text: str) -> list[Promise]:
    """Every promise of a section's text, in order, with its offsets."""
    out: list[Promise] = []
    for s in split(text):
        cue = promise_cue(s.text)
        if cue:
            out.append(Promise(len(out) + 1, s.start, s.end, s.text, cue))
    return out


__all__ = ["Promise", "find_promises", "promise_cue"]
