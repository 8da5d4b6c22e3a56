"""Find periods (years, ranges of years, months, dates) in Dutch texts of the Flemish Government.

Pure functions, no I/O; offsets point into the text the caller passed in (``text.normalize`` maps them back).
The amounts of the same text are found first (``extract.money``): a year inside an amount is never a period.

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

"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import pairwise

from ...text import Normalized

__all__ = ["PeriodSpan", "period_spans"]

@dataclass(frozen=True)
class PeriodSpan:
    """One period (a year, a range of years, months or dates) found in a text."""

    start: int
    end: int
    text: str
    first: datetime.date
    last: datetime.date



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


def period_spans(text: str, norm: Normalized, money: list[tuple[int, int]]) -> Iterator[PeriodSpan]:
    """The periods of ``text`` (``norm`` its normalisation), skipping the spans of ``norm.text`` in ``money``
    (its amounts, in order)."""
    t = norm.text
    mi = 0
    for m in _PERIOD_RE.finditer(t):
        while mi < len(money) and money[mi][1] <= m.start():
            mi += 1
        if mi < len(money) and money[mi][0] < m.end():
            continue
        for s, e, first, last in _period_from_match(t, m):
            start, end = norm.to_original(s, e)
            yield PeriodSpan(start, end, text[start:end], first, last)
