"""Find euro amounts in Dutch texts of the Flemish Government.

Pure functions, no I/O. Offsets always point into the text the caller passed in: the text is
normalised internally (zero-width characters dropped, runs of white space folded into one space)
and every span is mapped back, so ``span.text == text[span.start:span.end]`` holds for messy input
too (doubled spaces, U+00A0, U+202F, U+200B inside an amount).

Amount rules
------------
* A number is digits with '.' thousands groups of exactly three digits and an optional decimal
  comma ("9.597.968,84"), or a Dutch number word ("twee", "vijfentwintig", "tweehonderd",
  "duizend"), or a fraction phrase ("een half", "anderhalf", "een kwart").
* It is money when a currency is attached: "euro"/"EUR"/"€" after it (optionally after a scale
  word: "1,2 miljoen euro", "1,5 mio euro", "1,5 MEUR", "12 k€"), or "€"/"EUR" before it
  ("€ 500.000", "EUR 3 miljard").
* Bare "miljoen"/"miljard" without a currency ("84 miljoen") is money only when followed by the end
  of the text, punctuation, a word from ``_BARE_FOLLOWERS`` (aan, voor, van, uit, ter, wordt, blijft,
  extra, bijkomend, ...) or, within two words, a word ending in a money noun (steun, subsidie,
  budget, middelen, krediet, investering, ...). "84 miljoen inwoners" is not money. A bare number
  without scale word or currency is never money.
* Without a scale word, a decimal part may have at most two digits ("1,255 euro" is rejected).
  Before a scale word a dot with one or two digits is read as a decimal point ("1.5 miljoen euro"),
  since it cannot be a thousands group.
* A number word below 100 with a bare currency ("bij elke twee euro ... legt Vlaanderen er één euro
  bij") is a ratio, not an amount; with a scale word it counts ("twee miljoen euro").
* Three digits after a 1-3 digit number and a space ("1 500 euro") are a space-grouped thousands
  number, which is too ambiguous to read: no amount.
* Multipliers: "<n> maal|keer|x|× <amount>" with n a whole number 1..1000 (digits or a word)
  multiplies the amount and the span covers the whole phrase ("twee maal 1,72 miljoen euro").
* Ranges: "<a> à|a|tot|-|– <b> <scale> <currency>" and "tussen <a> en <b> ...". The first number
  takes over the scale of the second when it is smaller than the second raw number
  ("1 à 2 miljoen euro" -> 1..2 miljoen). Otherwise it is taken as is and must lie within a factor
  100 below the upper bound ("500.000 tot 1 miljoen euro"). A first part that carries its own
  currency is only merged after "tussen" ("van 1 miljoen euro tot 2 miljoen euro" stays two
  amounts). A year-like first number (1990-2050, no scale) never starts a range.
* Shared unit: a bare number before "en"/"of" after "respectievelijk", or before "naar" after "van", takes the
  scale and currency of the amount that follows ("respectievelijk 7 en 4,8 miljoen euro" is 7 and 4,8 miljoen
  euro; "verhoogd van 40 naar 45 euro" is 40 and 45 euro).
* Malformed numbers ("1,2,3", "12.5.000", "1..000", ",5") produce no amount at all.

Periods (years, ranges of years, months, dates) are ``extract.periods``; ``find_money_and_periods`` reads both
from one normalisation, so that a year inside an amount ("2.021 euro") is never a period.
"""


from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from ...text import Normalized, normalize
from .periods import PeriodSpan, period_spans

__all__ = ["MoneySpan", "PeriodSpan", "find_amounts", "find_money_and_periods", "find_periods", "parse_amount"]


@dataclass(frozen=True)
class MoneySpan:
    """One euro amount found in a text."""

    start: int
    end: int
    text: str
    value: Decimal
    min_value: Decimal | None = None



# --------------------------------------------------------------------------------------------
# Numbers
# --------------------------------------------------------------------------------------------

_UNIT_WORDS = {
    "een": 1, "één": 1, "twee": 2, "drie": 3, "vier": 4, "vijf": 5, "zes": 6, "zeven": 7, "acht": 8, "negen": 9,
}  # fmt: skip
_TEEN_WORDS = {
    "tien": 10, "elf": 11, "twaalf": 12, "dertien": 13, "veertien": 14, "vijftien": 15, "zestien": 16,
    "zeventien": 17, "achttien": 18, "negentien": 19,
}  # fmt: skip
_TEN_WORDS = {
    "twintig": 20, "dertig": 30, "veertig": 40, "vijftig": 50, "zestig": 60, "zeventig": 70, "tachtig": 80,
    "negentig": 90,
}  # fmt: skip
_FRACTIONS = {
    "half": Decimal("0.5"), "een half": Decimal("0.5"), "een halve": Decimal("0.5"),
    "één half": Decimal("0.5"), "één halve": Decimal("0.5"),
    "anderhalf": Decimal("1.5"), "anderhalve": Decimal("1.5"),
    "een kwart": Decimal("0.25"), "driekwart": Decimal("0.75"),
}  # fmt: skip

_U = "|".join(sorted(_UNIT_WORDS, key=len, reverse=True))
_T = "|".join(sorted(_TEEN_WORDS, key=len, reverse=True))
_X = "|".join(sorted(_TEN_WORDS, key=len, reverse=True))
_B100 = rf"(?:(?:{_U})(?:en|ën)(?:{_X})|{_X}|{_T}|{_U})"
_B1000 = rf"(?:(?:{_U})?honderd(?:en)?(?:{_B100})?|{_B100})"
_WNUM = rf"(?:(?:{_B1000})?duizend(?:en)?(?:{_B1000})?|{_B1000})"
_FRAC = r"(?:een|één) hal(?:f|ve)|anderhal(?:f|ve)|een kwart|driekwart|half(?= (?:miljoen|miljard)(?!\w))"
_DIGITS = (
    r"[0-9]{1,3}(?:\.[0-9]{3})+(?:,[0-9]+)?"
    # "1.5 miljoen": a decimal point, only before a scale word (a dot and 1-2 digits cannot be a thousands group)
    r"|[0-9]{1,3}\.[0-9]{1,2}(?= ?(?:miljoen|miljard|mio|mln|mld|mrd)(?!\w))"
    r"|[0-9]+(?:,[0-9]+)?"
)
_DECIMAL_POINT_RE = re.compile(r"(?<![0-9])[0-9]+\.[0-9]{1,2}")
_B100_RE = re.compile(rf"({_U})(?:en|ën)({_X})")


def _num_pattern(p: str) -> str:
    """A number token; group names get prefix ``p`` so that the pattern can be used twice."""
    return (
        rf"(?:(?:(?<![\w.,])|(?<=[0-9][x×]))(?P<{p}d>{_DIGITS})(?![0-9]|[.,][0-9])"
        rf"|(?<!\w)(?P<{p}f>{_FRAC})(?!\w)"
        rf"|(?<!\w)(?P<{p}w>{_WNUM})(?!\w))"
    )


def _below_100(word: str) -> int | None:
    for table in (_UNIT_WORDS, _TEEN_WORDS, _TEN_WORDS):
        if word in table:
            return table[word]
    m = _B100_RE.fullmatch(word)
    if m:
        return _UNIT_WORDS[m.group(1)] + _TEN_WORDS[m.group(2)]
    return None


def _below_1000(word: str) -> int | None:
    if "honderd" in word:
        left, _, right = word.partition("honderd")
        hundreds = 1 if not left else _UNIT_WORDS.get(left)
        if hundreds is None:
            return None
        if right.startswith("en") and right != "en":
            right = right[2:]
        rest = _below_100(right) if right else 0
        return None if rest is None else hundreds * 100 + rest
    return _below_100(word)


def _word_value(word: str) -> int | None:
    """Value of a Dutch number word up to 999.999 ("tweehonderdvijftigduizend"), None if it is none."""
    w = word.lower()
    if "duizend" in w:
        left, _, right = w.partition("duizend")
        thousands = _below_1000(left) if left else 1
        if right.startswith("en") and right != "en":
            right = right[2:]
        rest = _below_1000(right) if right else 0
        if thousands is None or rest is None:
            return None
        return thousands * 1000 + rest
    return _below_1000(w)


@dataclass(frozen=True)
class _Num:
    value: Decimal
    decimals: int  # digits after the decimal comma (0 for words)
    integer_digits: str  # digits before the comma, without dots ("" for words)
    is_word: bool


def _digits_num(s: str) -> _Num | None:
    if _DECIMAL_POINT_RE.fullmatch(s):
        int_part, _, frac = s.partition(".")
        return _Num(Decimal(s), len(frac), int_part, False)
    int_part, _, frac = s.partition(",")
    int_digits = int_part.replace(".", "")
    if len(int_digits) > 15 or len(frac) > 6:
        return None
    try:
        value = Decimal(f"{int_digits}.{frac}" if frac else int_digits)
    except InvalidOperation:
        return None
    return _Num(value, len(frac), int_digits, False)


def _match_num(m: re.Match[str], p: str = "") -> _Num | None:
    d = m.group(f"{p}d")
    if d is not None:
        return _digits_num(d)
    f = m.group(f"{p}f")
    if f is not None:
        frac = _FRACTIONS.get(" ".join(f.lower().split()))
        return None if frac is None else _Num(frac, 1, "", True)
    w = m.group(f"{p}w")
    if w is not None:
        v = _word_value(w)
        return None if v is None else _Num(Decimal(v), 0, "", True)
    return None


# --------------------------------------------------------------------------------------------
# Amounts
# --------------------------------------------------------------------------------------------

_UNIT = r"(?:(?:euro(?:'s|’s)?|eur)(?!\w)|€)"
# a misspelt "miljoen" counts only right before the currency ("zo'n 5,5 miljioen euro relancemiddelen")
_MISSPELT = ("miljioen", "miljeon", "miljon", "mijoen", "miloen", "miljoeen")
_SCALE = (
    rf"(?:(?:miljoen|miljard|duizend)(?!\w)|(?:mio|mln|mld|mrd)(?:\.|(?!\w))|(?-i:[Mk])(?= ?{_UNIT})"
    rf"|(?:{'|'.join(_MISSPELT)})(?= ?{_UNIT}))"
)
_SCALES = {
    "duizend": Decimal(1000), "k": Decimal(1000),
    "miljoen": Decimal(10) ** 6, "mio": Decimal(10) ** 6, "mln": Decimal(10) ** 6, "m": Decimal(10) ** 6,
    "miljard": Decimal(10) ** 9, "mld": Decimal(10) ** 9, "mrd": Decimal(10) ** 9,
    **{word: Decimal(10) ** 6 for word in _MISSPELT},
}  # fmt: skip

_NUM_RE = re.compile(_num_pattern(""), re.IGNORECASE)
_AFTER_RE = re.compile(rf"(?: ?(?P<scale>{_SCALE}))?(?: ?(?P<unit>{_UNIT}))?", re.IGNORECASE)
_PREFIX_RE = re.compile(r"(?:€|(?<!\w)eur) ?\Z", re.IGNORECASE)
_RANGE_RE = re.compile(
    rf"(?<!\w)(?=[\w€])(?:(?P<tussen>tussen) )?(?:(?P<pre>€|eur) ?)?{_num_pattern('a')}"
    rf"(?: ?(?P<scale>{_SCALE}))?(?: ?(?P<unit>{_UNIT}))?"
    r"(?: (?P<wsep>à|a|tot|en) | ?(?P<dsep>[-–—]) ?)\Z",
    re.IGNORECASE,
)
_RANGE_SEP_RE = re.compile(r"(?: (?:à|a|tot|en) | ?[-–—] ?)\Z", re.IGNORECASE)
_MULT_WORD_RE = re.compile(r"(?: (?:maal|keer) |[0-9a-z ][x×] ?)\Z", re.IGNORECASE)
_MULT_RE = re.compile(
    rf"(?<![\w.,])(?=\w)(?:(?P<md>[0-9]{{1,4}})|(?P<mw>{_WNUM}))(?: (?:maal|keer) | ?[x×] ?)\Z",
    re.IGNORECASE,
)

# a number that shares the scale and currency of the next: "respectievelijk 7 en 4,8 miljoen euro", "verhoogd van
# 40 naar 45 euro"
_SHARED_RE = re.compile(rf"(?<!\w)(?:respectievelijk (?={_num_pattern('s')} (?:en|of) \Z)|van (?={_num_pattern('t')} "
                        r"naar \Z))(?P<first>[0-9][0-9.,]{0,20}) (?:en|of|naar) \Z", re.IGNORECASE)
_SPACE_GROUP_RE = re.compile(r"(?<![\w.,])[0-9]{1,3} \Z")
_THREE_DIGITS_RE = re.compile(r"[0-9]{3}(?![0-9])")

# Words after a bare "miljoen"/"miljard" (no currency) that make it money.
_BARE_FOLLOWER_WORDS = """
    aan voor van vanuit uit ter te op in en of naar per bovenop boven via als om met tegen
    wordt worden werd werden is zijn was waren blijft blijven bleef zal zullen kan kunnen moet moeten
    gaat gaan ging gingen komt komen kwam bedraagt bedroeg vertegenwoordigt
    extra bijkomend bijkomende toegewezen toegekend toegekende goed goedgekeurd hiervan daarvan waarvan
    subsidie subsidies budget budgetten middelen investering investeringen krediet kredieten steun
"""
_BARE_FOLLOWERS = frozenset(_BARE_FOLLOWER_WORDS.split())
_MONEY_NOUN_ENDINGS = (
    "steun", "subsidie", "subsidies", "budget", "budgetten", "middelen", "krediet", "kredieten",
    "investering", "investeringen", "financiering", "toelage", "toelagen", "dotatie", "dotaties",
    "bijdrage", "bijdragen", "enveloppe", "premie", "premies", "lening", "leningen",
)  # fmt: skip
_END_RE = re.compile(r"(?<!\s)\s*\Z")  # the look-behind: one try per run of spaces
_BARE_NEXT_RE = re.compile(r" ?(?:(?P<punct>[.,;:!?()\[\]\"'“”‘’/–—-])|(?P<w1>\w+)(?: (?P<w2>\w+))?)")


def _bare_ok(text: str, pos: int) -> bool:
    """May a bare 'miljoen'/'miljard' ending at pos stand for euro?"""
    if _END_RE.match(text, pos):
        return True
    m = _BARE_NEXT_RE.match(text, pos)
    if m is None:
        return False
    if m.group("punct"):
        return True
    w1 = m.group("w1").lower()
    if w1 in _BARE_FOLLOWERS or w1.endswith(_MONEY_NOUN_ENDINGS):
        return True
    w2 = m.group("w2")
    return w2 is not None and w2.lower().endswith(_MONEY_NOUN_ENDINGS) and not w1.isdigit()


def _clean_decimal(value: Decimal) -> Decimal:
    if value == value.to_integral_value():
        return Decimal(int(value))
    return value.normalize()


@dataclass(frozen=True)
class _Amount:
    start: int
    end: int
    value: Decimal
    min_value: Decimal | None = None


def _is_year_like(num: _Num) -> bool:
    return not num.is_word and num.decimals == 0 and len(num.integer_digits) == 4 and 1990 <= num.value <= 2050


def _range_extension(text: str, start: int, num: _Num, scale: Decimal | None, value: Decimal) -> _Amount | None:
    """A range "<a> tot <b> ..." ending in the amount whose number starts at ``start``."""
    if not _RANGE_SEP_RE.search(text, max(0, start - 6), start):
        return None
    m = _RANGE_RE.search(text, max(0, start - 120), start)
    if m is None:
        return None
    first = _match_num(m, "a")
    if first is None or first.value <= 0:
        return None
    wsep = (m.group("wsep") or "").lower()
    tussen = m.group("tussen") is not None
    if (wsep == "en") != tussen:
        return None
    if m.group("unit") and not tussen:
        return None
    own_scale = m.group("scale")
    if own_scale:
        low = first.value * _SCALES[own_scale.lower().rstrip(".")]
    elif scale is not None and first.value < num.value:
        low = first.value * scale
    else:
        if _is_year_like(first) or first.decimals > 2 or first.value * 100 < value:
            return None
        low = first.value
    if not 0 < low < value:
        return None
    begin = m.start("tussen") if tussen else m.start()
    return _Amount(begin, -1, value, _clean_decimal(low))


def _shared(text: str, start: int, scale: Decimal | None, last_end: int) -> _Amount | None:
    """The bare number before the amount at ``start`` that shares its scale and currency ("respectievelijk 7 en
    4,8 miljoen euro": 7 miljoen euro), None when there is none."""
    m = _SHARED_RE.search(text, max(last_end, start - 40), start)
    if m is None:
        return None
    num = _digits_num(m.group("first"))
    if num is None or _is_year_like(num) or (scale is None and num.decimals > 2):
        return None
    value = num.value * scale if scale is not None else num.value
    return _Amount(m.start("first"), m.end("first"), _clean_decimal(value)) if value > 0 else None


def _amounts(text: str) -> list[_Amount]:
    """All amounts in a normalised text, as spans of that text."""
    found: list[_Amount] = []
    last_end = 0
    for m in _NUM_RE.finditer(text):
        if m.start() < last_end:
            continue
        num = _match_num(m)
        if num is None:
            continue
        digits = m.group("d")
        if (
            digits is not None
            and _THREE_DIGITS_RE.match(digits)
            and _SPACE_GROUP_RE.search(text, max(0, m.start() - 5), m.start())
        ):
            continue  # "1 500 euro": thousands grouped with a space; too ambiguous to read either way
        after = _AFTER_RE.match(text, m.end())
        if after is None:  # pragma: no cover - the pattern can match the empty string
            continue
        scale_word = after.group("scale")
        unit = after.group("unit")
        prefix = _PREFIX_RE.search(text, max(0, m.start() - 5), m.start())
        if prefix is not None and prefix.start() < last_end:
            prefix = None
        scale = _SCALES[scale_word.lower().rstrip(".")] if scale_word else None
        if unit is None and prefix is None:
            if scale_word is None or scale_word.lower() not in ("miljoen", "miljard"):
                continue
            if not _bare_ok(text, after.end()):
                continue
        if scale is None and (num.decimals > 2 or (num.is_word and num.value < 100)):
            continue  # "1,255 euro"; "bij elke twee euro ... legt Vlaanderen er één euro bij" is a ratio
        value = num.value * scale if scale is not None else num.value
        if value <= 0:
            continue
        core_start = prefix.start() if prefix is not None else m.start()
        end = after.end()
        amount = _Amount(core_start, end, _clean_decimal(value))
        extended: _Amount | None = None
        if prefix is None:
            rng = _range_extension(text, m.start(), num, scale, value)
            if rng is not None:
                extended = _Amount(rng.start, end, amount.value, rng.min_value)
        if extended is None:
            mult = None
            if _MULT_WORD_RE.search(text, max(0, core_start - 6), core_start):
                mult = _MULT_RE.search(text, max(0, core_start - 60), core_start)
            if mult is not None:
                md = mult.group("md")
                factor = int(md) if md is not None else _word_value(mult.group("mw"))
                if factor is not None and 1 <= factor <= 1000:
                    extended = _Amount(mult.start(), end, _clean_decimal(value * factor))
        if extended is None and (shared := _shared(text, core_start, scale, last_end)) is not None:
            found.append(shared)
        if extended is not None:
            n = len(found)
            while n and found[n - 1].end > extended.start:
                n -= 1
            if all(a.start >= extended.start for a in found[n:]):
                del found[n:]
                amount = extended
        found.append(amount)
        last_end = end
    return found


def find_amounts(text: str) -> Iterator[MoneySpan]:
    """Every euro amount in a Dutch text, in order of appearance, without overlaps."""
    norm = normalize(text)
    yield from _money_spans(text, norm, _amounts(norm.text))


def _money_spans(text: str, norm: Normalized, found: list[_Amount]) -> Iterator[MoneySpan]:
    for a in found:
        start, end = norm.to_original(a.start, a.end)
        yield MoneySpan(start, end, text[start:end], a.value, a.min_value)


def find_money_and_periods(text: str) -> tuple[list[MoneySpan], list[PeriodSpan]]:
    """``find_amounts`` and ``find_periods`` of one text, normalising it and finding its amounts once."""
    norm = normalize(text)
    found = _amounts(norm.text)
    return list(_money_spans(text, norm, found)), list(period_spans(text, norm, [(a.start, a.end) for a in found]))


def parse_amount(text: str) -> Decimal | None:
    """The euro value of one amount phrase ("1,2 miljoen euro"), None when the phrase is not exactly one amount.

    For a range the upper bound is returned.
    """
    norm = normalize(text)  # white space folded, and stripped from both ends
    found = _amounts(norm.text)
    if len(found) != 1:
        return None
    a = found[0]
    if a.start != 0 or a.end != len(norm.text):
        return None
    return a.value



def find_periods(text: str) -> Iterator[PeriodSpan]:
    """Every period (year, range of years, months or dates) in a Dutch text, in order, without overlaps.

    Years inside money amounts ("2.021 euro", "€ 2021") and inside longer numbers are skipped;
    a single date ("7 mei 2021") is not a period; invalid dates produce nothing.
    """
    norm = normalize(text)
    yield from period_spans(text, norm, [(a.start, a.end) for a in _amounts(norm.text)])
