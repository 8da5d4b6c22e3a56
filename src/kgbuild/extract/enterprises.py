"""Belgian enterprise numbers (KBO/BCE: "ondernemingsnummer 0403.170.701") and the organisation each belongs to.

**The number.** Ten digits, the first 0 or 1, written "0403.170.701", "0403 170 701" or "0403170701", with
"BE" before it as a VAT number, or as the old nine digits "403.170.701". The last two digits are a mod-97
check on the first eight (97 - n mod 97): a number whose check fails is a typo or another kind of number and
is not kept. The dotted ten-digit form is kept wherever it stands; every other form only right after a word
that says what it is ("ondernemingsnummer", "KBO(-nummer)", "BCE", "btw(-nummer)", "BE"): a bare run of ten
digits may be anything (an account, a file number).

**Its organisation** is the name right before it, with nothing between but punctuation, a legal form, the
number's own words and a registered seat ("Mediawijs vzw, met ondernemingsnummer 0...", "de vzw Mediawijs
(KBO 0...)", "Imec vzw, met zetel te Leuven, ondernemingsnummer 0..."): an organisation the other extractors
found there, else the capitalised name that ends there. A number with anything else before it ("... kent
VLAIO een subsidie toe, ondernemingsnummer 0...") is kept bound to no one: a wrong owner is worse than none.

Every pattern is bounded: linear on any input.
"""

from __future__ import annotations

import itertools
import re
from bisect import bisect_right
from collections.abc import Iterator

from . import organisations
from .base import Doc, EnterpriseNumber, Mention
from .names import name_before

_LABEL = (r"(?:(?:ondernemingsnummer|ondernemingsnr\.?|KBO-nummer|KBO-nr\.?|KBO|BCE|[Bb]tw-nummer|BTW-nummer|BTW|btw)"
          r"(?:[ \t]{0,3}[:.]?[ \t]{0,3}BE)?|BE)")
_NUMBER = re.compile(
    r"(?P<label>\b" + _LABEL + r"(?:[ \t]{1,3}(?:nr\.?|nummer))?[ \t]{0,3}[:.]?[ \t]{0,3})?"
    r"(?<![\d.])(?P<n>[01]\d{3}(?P<sep>[. ]?)\d{3}(?P=sep)\d{3}|\d{3}\.\d{3}\.\d{3})(?![\d]|[.,]\d)")
_FORM = r"(?:vzw|VZW|v\.z\.w\.|ivzw|nv|NV|bv|BV|cvba|CVBA|CV|cv|esv)"
# what may stand between a name and its number, read backwards from the number: the words that introduce
# the number, a registered seat, a legal form, punctuation
_GAP = re.compile(
    r"(?P<form>" + _FORM + r")?[ \t]{0,3}[,(]?[ \t]{0,3}"
    r"(?:met[ \t]{1,3}(?:maatschappelijke[ \t]{1,3})?zetel[ \t]{1,3}(?:te|in|op)[ \t]{1,3}[^,()\n.;]{1,80}?"
    r"[ \t]{0,3}[,(]?[ \t]{0,3}(?:en[ \t]{1,3})?)?"
    r"(?:(?:met|onder)[ \t]{1,3}(?:het[ \t]{1,3})?(?:ondernemingsnummer|KBO-nummer|nummer)?[ \t]{0,3}|"
    r"(?:gekend|ingeschreven)[ \t]{1,3}(?:onder|met)[ \t]{1,3}(?:het[ \t]{1,3})?(?:ondernemingsnummer|nummer)?"
    r"[ \t]{0,3})?$")
_FORM_BEFORE = re.compile(r"\b(?:de[ \t]{1,3})?(?P<form>" + _FORM + r")[ \t]{1,3}$")
_NOT_NAMES = frozenset({"btw", "kbo", "bce", "be", "nummer", "nr", "ondernemingsnummer"})
_PREPOSITION = re.compile(r"\b(?:met|aan|door|bij|naar|tussen|via|tot|vanwege)[ \t]{1,3}")
_NAME_START = re.compile(r"\b[A-Z][A-Za-z]")  # a name starts with a capitalised word, not a number
_LOOK_BACK = 200  # characters before the number where its name may end


def checks(digits: str) -> bool:
    """Whether a ten-digit enterprise number passes its mod-97 check."""
    return (len(digits) == 10 and digits.isdigit() and digits[0] in "01"
            and 97 - int(digits[:8]) % 97 == int(digits[8:]))


def dotted(digits: str) -> str:
    """The number as the KBO writes it: "0403.170.701"."""
    return f"{digits[:4]}.{digits[4:7]}.{digits[7:]}"


def _owner(doc: Doc, start: int, named: list[Mention], ends: list[int]) -> Mention | None:
    """The organisation whose name ends right before the number at ``start``, if the words between allow."""
    text = doc.text
    lo = max(0, start - _LOOK_BACK)
    gap = _GAP.search(text, lo, start)
    if gap is None:
        return None
    end = gap.start()
    while end > lo and text[end - 1] in " \t,":
        end -= 1
    # a name the extractors found, ending where the gap starts or inside it (the last such: ``named`` is in
    # text order, and ``ends`` holds the largest end up to each, so a bisection finds it)
    i = bisect_right(ends, start) - 1
    while i >= 0 and ends[i] >= end - 1:
        m = named[i]
        if end - 1 <= m.end <= start and m.start < end:
            return m
        i -= 1
    begin = name_before(text, end)
    # a name does not run across a preposition: "Samenwerking met Colruyt Group" is "Colruyt Group"
    for cut in _PREPOSITION.finditer(text, begin, end):
        begin = cut.end()
    first = _NAME_START.search(text, begin, end)
    if first is None or text[first.start():end].casefold() in _NOT_NAMES:
        return None
    begin = first.start()
    before = _FORM_BEFORE.search(text, max(0, begin - 12), begin)
    form = (before.group("form") if before else gap.group("form") or "").lower().replace(".", "")
    kind = "bedrijf" if form in ("nv", "bv", "cvba", "cv") else ("vzw" if form else None)
    return organisations.mention(doc, begin, end, kind=kind)


def extract(doc: Doc) -> Iterator[EnterpriseNumber]:
    """Every enterprise number with a valid check, once per place, with its organisation where it is named."""
    named: list[Mention] | None = None  # found when the first number is: most decisions have none
    ends: list[int] = []
    for match in _NUMBER.finditer(doc.text):
        raw = match.group("n")
        if not (match.group("label") or (len(raw) == 12 and raw[0] in "01" and match.group("sep") == ".")):
            continue
        digits = re.sub(r"\D", "", raw)
        digits = "0" + digits if len(digits) == 9 else digits
        if not checks(digits):
            continue
        if named is None:
            named = sorted((m for m in organisations.extract(doc) if m.type == "organisation"),
                           key=lambda m: (m.start, m.end))
            ends = list(itertools.accumulate((m.end for m in named), max))
        start = match.start()
        yield EnterpriseNumber(start, match.end(), doc.text[start:match.end()].rstrip(), digits,
                               _owner(doc, start, named, ends))
