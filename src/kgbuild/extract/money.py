"""Find euro amounts and periods (years, date ranges) in Dutch texts of the Flemish Government.

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
* Malformed numbers ("1,2,3", "12.5.000", "1..000", ",5") produce no amount at all.

Period rules
------------
* Years must lie in 1990-2050. A lone year counts after a preposition or period word (in, voor,
  vanaf, sinds, tegen, eind, begroting, ...); without one only 2000-2035 counts, and not when it sits
  next to another number ("VR 2020 2703 DOC.0273/1"). Years inside amounts or longer numbers never count.
* "<x>jaar 2024" (werkjaar, begrotingsjaar, ...) includes the noun in the span; prepositions are left out.
* Ranges of years ("2021-2024", "2021-22", "van 2021 tot (en met) 2024", "tussen 2021 en 2024",
  "periode 2021-2024") and lists of consecutive years ("2021, 2022 en 2023") are one span; a list of
  non-consecutive years gives one span per year.
* Month ranges ("januari-juni 2020"), month-year ("mei 2021"), semesters/quarters ("eerste semester
  2021", "Q3 2022") and date ranges ("01/07/2019-31/12/2019", "1 juli 2019 tot 31 december 2019")
  give exact first and last days. "schooljaar"/"academiejaar Y-Y+1" runs from 1 September to 31 August.
* A single date ("7 mei 2021") is not a period and hides its year; invalid dates produce nothing.

Why one module of ~700 lines: it is one grammar (numbers, scales, currencies, ranges, periods) whose
patterns refer to each other; split, a pattern and the cases it must not match would sit in different files.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from itertools import pairwise

from ..text import Normalized, normalize

__all__ = ["MoneySpan", "PeriodSpan", "find_amounts", "find_money_and_periods", "find_periods", "parse_amount"]


@dataclass(frozen=True)
class MoneySpan:
    """One euro amount found in a text."""

    start: int
    end: int
    text: str
    value: Decimal
    min_value: Decimal | None = None


@dataclass(frozen=True)
class PeriodSpan:
    """One period (a year, a range of years, months or dates) found in a text."""

    start: int
    end: int
    text: str
    first: datetime.date
    last: datetime.date


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
_SCALE = rf"(?:(?:miljoen|miljard|duizend)(?!\w)|(?:mio|mln|mld|mrd)(?:\.|(?!\w))|(?-i:[Mk])(?= ?{_UNIT}))"
_SCALES = {
    "duizend": Decimal(1000), "k": Decimal(1000),
    "miljoen": Decimal(10) ** 6, "mio": Decimal(10) ** 6, "mln": Decimal(10) ** 6, "m": Decimal(10) ** 6,
    "miljard": Decimal(10) ** 9, "mld": Decimal(10) ** 9, "mrd": Decimal(10) ** 9,
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
    return list(_money_spans(text, norm, found)), list(_period_spans(text, norm, found))


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


# --------------------------------------------------------------------------------------------
# Periods
# --------------------------------------------------------------------------------------------

_MONTHS = {
    "januari": 1, "februari": 2, "maart": 3, "april": 4, "mei": 5, "juni": 6, "juli": 7, "augustus": 8,
    "september": 9, "oktober": 10, "november": 11, "december": 12,
}  # fmt: skip
_MONTH = "|".join(_MONTHS)
_Y = r"(?:19|20)[0-9]{2}"
_YEND = r"(?![\w]|[.,/-][0-9])"
_SEP = r"(?: ?[-–—] ?| (?:tot en met|tot|t\.e\.m\.|t/m|tem|en) )"


def _date_pattern(p: str, year_required: bool) -> str:
    textual_year = rf" (?P<{p}ty>{_Y})" if year_required else rf"(?: (?P<{p}ty>{_Y}))?"
    return (
        rf"(?:(?P<{p}nd>[0-9]{{1,2}})(?P<{p}s>[/.-])(?P<{p}nm>[0-9]{{1,2}})(?P={p}s)(?P<{p}ny>{_Y})"
        rf"|(?P<{p}td>[0-9]{{1,2}})(?:e|ste|de)? (?P<{p}tm>{_MONTH}){textual_year})"
    )


_PERIOD_ALTERNATIVES = (
    # date range: "01/07/2019-31/12/2019", "van 1 januari 2021 tot en met 31 december 2022"
    rf"(?:(?P<dr_pre>van|vanaf|tussen) )?{_date_pattern('da_', False)}{_SEP}{_date_pattern('db_', True)}{_YEND}",
    # month range: "januari-juni 2020", "periode januari tot juni 2020"
    rf"(?:(?P<mr_pre>\w*periode|van|vanaf|tussen) )?(?P<mr_m1>{_MONTH})(?: (?P<mr_y1>{_Y}))?{_SEP}"
    rf"(?P<mr_m2>{_MONTH}) (?P<mr_y2>{_Y}){_YEND}",
    # school or academic year: "schooljaar 2022-2023"
    rf"(?P<sc_kw>(?:school|academie)jaar(?:en)?) (?P<sc_y1>{_Y})(?: ?[-–—/] ?(?P<sc_y2>{_Y}|[0-9]{{2}}))?{_YEND}",
    # ISO date: consumed, no period
    rf"(?P<iso>{_Y}-[0-9]{{2}}-[0-9]{{2}}){_YEND}",
    # range or list of years: "2021-2024", "de periode 2021-2024", "van 2021 tot 2024", "2021 en 2022"
    rf"(?:(?P<yr_pre>\w*periode|legislatuur|van|vanaf|tussen|\w*jaren) )?(?P<yr_y1>{_Y})(?P<yr_list>(?:, {_Y}){{0,30}})"
    rf"(?P<yr_sep> ?[-–—] ?|/|,? en | (?:tot en met|tot|t\.e\.m\.|t/m) )"
    rf"(?P<yr_y2>{_Y}|(?<=[-–—])[0-9]{{2}}|(?<=[-–—] )[0-9]{{2}}){_YEND}",
    # semester, half year, quarter
    rf"(?P<hq>eerste|tweede|derde|vierde) (?P<hu>semester|jaarhelft|helft|kwartaal)(?: van(?: het jaar)?)?"
    rf" (?P<hy>{_Y}){_YEND}",
    rf"(?-i:Q)(?P<qn>[1-4]) (?P<qy>{_Y}){_YEND}",
    # single date: consumed, no period
    rf"{_date_pattern('dc_', True)}{_YEND}",
    # month: "mei 2021"
    rf"(?P<my_m>{_MONTH}) (?P<my_y>{_Y}){_YEND}",
    # year with a period noun: "werkjaar 2024"
    rf"(?P<kw>\w*jaar) (?P<kw_y>{_Y}){_YEND}",
    # lone year
    rf"(?P<y>{_Y}){_YEND}",
)
_PERIOD_RE = re.compile(r"(?<![\w.,/])(?:" + "|".join(_PERIOD_ALTERNATIVES) + ")", re.IGNORECASE)

# Words before a lone year that make it a period (then 1990-2050 is accepted; otherwise 2000-2035).
_YEAR_PREP_WORDS = """
    in voor tijdens vanaf sinds tot na gedurende begin eind einde midden per over sedert van tegen vóór
    t.e.m. t/m met het jaar begroting begrotingen
"""
_YEAR_PREPS = frozenset(_YEAR_PREP_WORDS.split())
_PREV_WORD_RE = re.compile(r"(\S+) ?\Z")


def _date(year: int, month: int, day: int) -> datetime.date | None:
    if not 1990 <= year <= 2050:
        return None
    try:
        return datetime.date(year, month, day)
    except ValueError:
        return None


def _month_last(year: int, month: int) -> datetime.date | None:
    if not 1 <= month <= 12:
        return None
    if month == 12:
        return _date(year, 12, 31)
    nxt = _date(year, month + 1, 1) if year <= 2050 else None
    return None if nxt is None else nxt - datetime.timedelta(days=1)


def _year_span(y1: int, y2: int) -> tuple[datetime.date, datetime.date] | None:
    a = _date(y1, 1, 1)
    b = _date(y2, 12, 31)
    if a is None or b is None or y2 < y1:
        return None
    return a, b


def _second_year(y1: int, raw: str) -> int:
    if len(raw) == 2:
        return (y1 // 100) * 100 + int(raw)
    return int(raw)


def _parse_date(m: re.Match[str], p: str, year: int | None = None) -> tuple[int, int, int] | None:
    if m.group(f"{p}nd") is not None:
        return int(m.group(f"{p}ny")), int(m.group(f"{p}nm")), int(m.group(f"{p}nd"))
    if m.group(f"{p}td") is not None:
        ty = m.group(f"{p}ty")
        y = int(ty) if ty is not None else year
        if y is None:
            return None
        return y, _MONTHS[m.group(f"{p}tm").lower()], int(m.group(f"{p}td"))
    return None


_Period = tuple[int, int, datetime.date, datetime.date]


def _period_from_match(text: str, m: re.Match[str]) -> list[_Period]:
    s, e = m.start(), m.end()
    g = m.group
    if g("da_nd") is not None or g("da_td") is not None:  # date range
        second = _parse_date(m, "db_")
        if second is None:
            return []
        first = _parse_date(m, "da_", second[0])
        if first is None:
            return []
        d1, d2 = _date(*first), _date(*second)
        if d1 is not None and d2 is not None and g("da_td") is not None and g("da_ty") is None and d1 > d2:
            d1 = _date(first[0] - 1, first[1], first[2])
        if d1 is None or d2 is None or d1 > d2:
            return []
        first_end = m.end("da_ny") if g("da_nd") is not None else m.end("da_ty" if g("da_ty") else "da_tm")
        second_start = m.start("db_nd") if g("db_nd") is not None else m.start("db_td")
        if text[first_end:second_start].strip().lower() == "en" and (g("dr_pre") or "").lower() != "tussen":
            return []
        return [(s, e, d1, d2)]
    if g("mr_m1") is not None:  # month range
        y2 = int(g("mr_y2"))
        m1, m2 = _MONTHS[g("mr_m1").lower()], _MONTHS[g("mr_m2").lower()]
        y1 = int(g("mr_y1")) if g("mr_y1") else (y2 if m1 <= m2 else y2 - 1)
        d1, d2 = _date(y1, m1, 1), _month_last(y2, m2)
        if d1 is None or d2 is None or d1 > d2:
            return []
        sep = text[m.end("mr_y1") if g("mr_y1") else m.end("mr_m1") : m.start("mr_m2")]
        if sep.strip().lower() == "en" and (g("mr_pre") or "").lower() != "tussen":
            return []
        return [(s, e, d1, d2)]
    if g("sc_kw") is not None:  # school or academic year
        y1 = int(g("sc_y1"))
        y2 = _second_year(y1, g("sc_y2")) if g("sc_y2") else y1 + 1
        if y2 != y1 + 1 and not (g("sc_kw").lower().endswith("en") and y1 < y2 <= y1 + 50):
            return []
        d1, d2 = _date(y1, 9, 1), _date(y2, 8, 31)
        return [] if d1 is None or d2 is None else [(s, e, d1, d2)]
    if g("iso") is not None:  # a single ISO date: no period
        return []
    if g("yr_y1") is not None:  # range or list of years
        pre = (g("yr_pre") or "").lower()
        sep = g("yr_sep").strip().lower()
        y1 = int(g("yr_y1"))
        y2 = _second_year(y1, g("yr_y2"))
        years = [y1] + [int(y) for y in re.findall(r"[0-9]{4}", g("yr_list"))] + [y2]
        if sep in ("en", ", en"):
            if pre in ("van", "vanaf"):
                return []
            if pre == "tussen" and not g("yr_list") and y1 < y2 <= y1 + 50:
                span = _year_span(y1, y2)
                return [] if span is None else [(s, e, *span)]
            if all(b == a + 1 for a, b in pairwise(years)):
                span = _year_span(years[0], years[-1])
                return [] if span is None else [(s, e, *span)]
            out: list[_Period] = []
            for ym in re.finditer(r"[0-9]{4}", text[m.start("yr_y1") : e]):
                span = _year_span(int(ym.group()), int(ym.group()))
                if span is not None:
                    out.append((m.start("yr_y1") + ym.start(), m.start("yr_y1") + ym.end(), *span))
            return out
        if g("yr_list") or pre == "tussen" or y2 <= y1 or y2 - y1 > 50:
            return []
        if sep == "/" and y2 != y1 + 1:
            return []
        span = _year_span(y1, y2)
        return [] if span is None else [(s, e, *span)]
    if g("hq") is not None:  # semester, half year, quarter
        y = int(g("hy"))
        n = ["eerste", "tweede", "derde", "vierde"].index(g("hq").lower()) + 1
        if g("hu").lower() == "kwartaal":
            first_month, months = 3 * n - 2, 3
        elif n <= 2:
            first_month, months = 6 * n - 5, 6
        else:
            return []
        d1, d2 = _date(y, first_month, 1), _month_last(y, first_month + months - 1)
        return [] if d1 is None or d2 is None else [(s, e, d1, d2)]
    if g("qn") is not None:
        y, n = int(g("qy")), int(g("qn"))
        d1, d2 = _date(y, 3 * n - 2, 1), _month_last(y, 3 * n)
        return [] if d1 is None or d2 is None else [(s, e, d1, d2)]
    if g("dc_nd") is not None or g("dc_td") is not None:  # a single date: no period
        return []
    if g("my_m") is not None:
        y, mo = int(g("my_y")), _MONTHS[g("my_m").lower()]
        d1, d2 = _date(y, mo, 1), _month_last(y, mo)
        return [] if d1 is None or d2 is None else [(s, e, d1, d2)]
    if g("kw") is not None:
        y = int(g("kw_y"))
        span = _year_span(y, y)
        return [] if span is None else [(s, e, *span)]
    if g("y") is not None:
        y = int(g("y"))
        prev = _PREV_WORD_RE.search(text, max(0, s - 40), s)
        prev_word = prev.group(1).lower() if prev is not None else ""
        if prev_word not in _YEAR_PREPS:
            if not 2000 <= y <= 2035:
                return []
            # Part of a reference number such as "VR 2020 2703 DOC.0273/1" or a list of numbers.
            if re.match(r" [0-9]", text[e : e + 2]) or re.search(r"[0-9] \Z", text[max(0, s - 2) : s]):
                return []
        span = _year_span(y, y)
        return [] if span is None else [(s, e, *span)]
    return []  # pragma: no cover


def find_periods(text: str) -> Iterator[PeriodSpan]:
    """Every period (year, range of years, months or dates) in a Dutch text, in order, without overlaps.

    Years inside money amounts ("2.021 euro", "€ 2021") and inside longer numbers are skipped;
    a single date ("7 mei 2021") is not a period; invalid dates produce nothing.
    """
    norm = normalize(text)
    yield from _period_spans(text, norm, _amounts(norm.text))


def _period_spans(text: str, norm: Normalized, found: list[_Amount]) -> Iterator[PeriodSpan]:
    t = norm.text
    money = [(a.start, a.end) for a in found]
    mi = 0
    for m in _PERIOD_RE.finditer(t):
        while mi < len(money) and money[mi][1] <= m.start():
            mi += 1
        if mi < len(money) and money[mi][0] < m.end():
            continue
        for s, e, first, last in _period_from_match(t, m):
            start, end = norm.to_original(s, e)
            yield PeriodSpan(start, end, text[start:end], first, last)
