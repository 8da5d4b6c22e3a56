"""Money: every amount a decision allocates, as a grant with its kind, period, recipient and funded item.

The recipient is an organisation the sentence names as receiving the money ("kent 488.000 euro subsidie
toe aan de VVSG", "voor het Fonds voor Innoveren en Ondernemen"); the funded item is the programme or
project the sentence names; the period is the one the sentence states. An amount repeated in the same
decision (title and body) is one grant, unless the two places name different recipients.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator
from decimal import Decimal
from functools import lru_cache

from . import organisations, programmes
from .base import Doc, Grant, Mention
from .money import PeriodSpan, find_amounts, find_periods

KINDS = (
    ("impulsfinanciering", r"impulsfinanciering|impulssubsidie|impulsmiddelen"),
    ("provisie", r"\w*provisie"),
    ("subsidie", r"\w*subsidie\w*|toelage|trekkingsrecht|projectsteun|steun"),
    ("dotatie", r"dotatie|werkingstoelage|werkingsmiddelen"),
    ("lening", r"lening|achtergestelde lening|kapitaalverhoging|participatie"),
    ("investering", r"investering\w*|investeringsbudget"),
    ("budget", r"budget\w*|kredieten|middelen|bedrag|enveloppe|beleidsruimte"),
)
_KIND = re.compile(r"\b(?:" + "|".join(f"(?P<{k}>{p})" for k, p in KINDS) + r")\b", re.IGNORECASE)
# "aan de VVSG", "toe aan imec", "voor het Fonds ..."; the organisation must follow within a few words
_TO = re.compile(r"\b(?:aan|voor|naar|ten\s+behoeve\s+van|ten\s+gunste\s+van|bestemd\s+voor|via|door)\s+"
                 r"(?:(?:de|het|een|elk|elke|haar|zijn)\s+)?(?:[a-z]+\s+)?$", re.IGNORECASE)
# "vanuit het Vlaams Klimaatfonds", "ten laste van het Fonds ...": where money comes from, not where it goes
_FROM = re.compile(r"\b(?:uit|vanuit|van|ten\s+laste\s+van|afkomstig\s+(?:uit|van)|op)\s+(?:(?:de|het)\s+)?$",
                   re.IGNORECASE)
# kinds of money that go to someone; a bare budget or provision in a sentence naming one body need not
_TO_SOMEONE = frozenset({"subsidie", "dotatie", "lening", "impulsfinanciering", "investering"})
_SENTENCE_END = re.compile(r"(?<=[.!?;])\s+(?=[A-Z0-9\"'‘“(])")


def _sentences(text: str) -> list[tuple[int, int]]:
    bounds, start = [], 0
    for m in _SENTENCE_END.finditer(text):
        bounds.append((start, m.start()))
        start = m.end()
    bounds.append((start, len(text)))
    return bounds


def _around(spans: list[tuple[int, int]], pos: int) -> tuple[int, int]:
    for s, e in spans:
        if s <= pos < e:
            return s, e
    return 0, 0


def _nearest(items: list[Mention] | list[PeriodSpan], start: int, end: int, lo: int, hi: int
             ) -> Mention | PeriodSpan | None:
    inside = [m for m in items if lo <= m.start and m.end <= hi]
    if not inside:
        return None
    return min(inside, key=lambda m: (m.start - end if m.start >= end else start - m.end, m.start))


def _recipient(doc: Doc, orgs: list[Mention], start: int, end: int, lo: int, hi: int, kind: str | None
               ) -> Mention | None:
    """Who gets the money: a body the sentence gives it to ("aan de VVSG", "door Aquafin"); else the one
    body a sentence about a subsidy (or loan, endowment ...) names; else the one body the title names."""
    text = doc.text
    inside = [o for o in orgs if lo <= o.start and o.end <= hi]
    receivers = [o for o in inside if _TO.search(text[max(lo, o.start - 40):o.start])]
    if receivers:  # "488.000 euro ... aan de VVSG en 1,4 miljoen euro aan imec": the one after the sum first
        return min(receivers, key=lambda m: (m.start < end, m.start - end if m.start >= end else start - m.end))
    title_kind = _kind(text, 0, 0, 0, doc.title_end)
    if kind not in _TO_SOMEONE and not (kind is None and title_kind in _TO_SOMEONE):
        return None
    # a body named without a receiving word may still be where the money comes from: not a funds' or a source's
    inside = [o for o in inside if o.kind != "fonds" and not _FROM.search(text[max(0, o.start - 30):o.start])]
    if len({o.key for o in inside}) == 1:
        return inside[0]
    in_title = [o for o in orgs if o.end <= doc.title_end and o.kind != "fonds"
                and not _FROM.search(text[max(0, o.start - 30):o.start])]
    if not inside and len({o.key for o in in_title}) == 1:
        return in_title[0]
    return None


def _kind(text: str, start: int, end: int, lo: int, hi: int) -> str | None:
    best: tuple[int, str] | None = None
    for m in _KIND.finditer(text, lo, hi):
        kind = m.lastgroup
        if kind is None:
            continue
        dist = m.start() - end if m.start() >= end else max(0, start - m.end())
        if best is None or dist < best[0]:
            best = (dist, kind)
    return best[1] if best else None


@lru_cache(maxsize=4)
def _named(doc: Doc) -> tuple[tuple[Mention, ...], tuple[Mention, ...]]:
    """The organisations and programmes of the document; cached because the registry runs those
    extractors on the same document just before this one (pure functions: the cache changes nothing)."""
    return tuple(organisations.extract(doc)), tuple(programmes.extract(doc))


def extract(doc: Doc) -> Iterator[Grant]:
    """Every allocation of money the decision states, once each."""
    text = doc.text
    sentences = _sentences(text)
    named_orgs, named_progs = _named(doc)
    orgs, progs = list(named_orgs), list(named_progs)
    periods = list(find_periods(text))
    grants: list[Grant] = []
    for money in find_amounts(text):
        lo, hi = _around(sentences, money.start)
        period = _nearest(periods, money.start, money.end, lo, hi)
        funded = _nearest(progs, money.start, money.end, lo, hi)
        kind = _kind(text, money.start, money.end, lo, hi)
        grant = Grant(money.start, money.end, money.text, money.value, money.min_value, kind,
                      period if isinstance(period, PeriodSpan) else None,
                      _recipient(doc, orgs, money.start, money.end, lo, hi, kind),
                      funded if isinstance(funded, Mention) else None)
        grants = _merge(grants, grant)
    yield from grants


_SCALED = re.compile(r"(?<![\d,])(\d+)(?:,(\d+))?\s*(miljoen|miljard|mio|mln)", re.IGNORECASE)


def _same_sum(a: Grant, b: Grant) -> bool:
    """Equal, or one is the other written rounded: "9,59 miljoen euro" in a title for "9.597.968,84 euro"."""
    if a.value == b.value:
        return True
    for rounded, exact in ((a, b), (b, a)):
        m = _SCALED.search(rounded.text)
        if m is None or len(m.group(2) or "") < 2:
            continue  # "12 miljoen" is too coarse to say it is the same sum as "12.400.000"
        scale = Decimal(10) ** (6 if m.group(3).lower() in ("miljoen", "mio", "mln") else 9)
        unit = scale / Decimal(10) ** len(m.group(2) or "")
        if abs(exact.value - rounded.value) < unit:
            return True
    return False


def _merge(grants: list[Grant], new: Grant) -> list[Grant]:
    for i, old in enumerate(grants):
        if not _same_sum(old, new):
            continue
        if old.recipient and new.recipient and old.recipient.key != new.recipient.key:
            continue  # the same sum for two bodies: two grants
        if old.period and new.period and (old.period.first, old.period.last) != (new.period.first, new.period.last):
            continue  # the same sum for two periods (tranches): two grants
        if _SCALED.search(old.text) and not _SCALED.search(new.text) and old.value != new.value:
            old, new = dataclasses.replace(new, also_at=old.also_at), old  # keep the exact figure, not the rounded
        grants[i] = Grant(old.start, old.end, old.text, old.value, old.min_value or new.min_value,
                          old.kind or new.kind, old.period or new.period, old.recipient or new.recipient,
                          old.funded or new.funded, (*old.also_at, (new.start, new.end)))
        return grants
    return [*grants, new]
