"""One amount said several times in a decision: its restatements joined into one grant.

"9,59 miljoen euro" in a title and "9.597.968,84 euro" in the body, "zo'n 281.000 euro" after "maximaal 281.834,67
euro", the same sum in the short and the formal title are one amount (its other mentions kept in ``also_at``); the
same sum for two bodies or two periods, listed twice in one sentence, or added by its sentence ("Daarnaast wordt
een specifieke enveloppe vrijgemaakt ... (25 miljoen euro)") is two. Candidates are found by value and rounded
value, so the work is linear in the amounts.
"""

from __future__ import annotations

import dataclasses
import re
from bisect import bisect_left
from collections import Counter
from collections.abc import Sequence, Set
from decimal import Decimal

from ..base import Grant

SCALED = re.compile(r"(?<![\d,])(\d+)(?:,(\d+))?\s*(miljoen|miljard|mio|mln)", re.IGNORECASE)


# an amount its sentence adds to what came before: new money, whatever the value
ADDS = re.compile(r"(?<!\w)(?:daarnaast|bovendien|tevens|eveneens|daarbovenop|bijkomend\w*)(?!\w)", re.IGNORECASE)
# an amount said to be about so much, ending just before it
ABOUT = re.compile(r"(?<!\w)(?:zo['’]n|ongeveer|circa|ca\.|nagenoeg|om\s+en\s+bij|afgerond|pakweg)\s{1,3}$",
                   re.IGNORECASE)


def _same_sum(a: Grant, b: Grant) -> bool:
    """Equal, or one is the other written rounded: "9,59 miljoen euro" in a title for "9.597.968,84 euro"."""
    if a.value == b.value:
        return True
    for rounded, exact in ((a, b), (b, a)):
        m = SCALED.search(rounded.text)
        if m is None or len(m.group(2) or "") < 2:
            continue  # "12 miljoen" is too coarse to say it is the same sum as "12.400.000"
        scale = Decimal(10) ** (6 if m.group(3).lower() in ("miljoen", "mio", "mln") else 9)
        unit = scale / Decimal(10) ** len(m.group(2) or "")
        if abs(exact.value - rounded.value) < unit:
            return True
    return False


def _compatible(old: Grant, new: Grant, about: bool = False, bodies: bool = True, breaks: Sequence[int] = ()) -> bool:
    """Can ``new`` be a restatement of ``old``? ``about``: one of them is said to be about so much; ``bodies``:
    two different receivers make two grants; ``breaks``: where the opening's formal title and summary meet."""
    if not (_about_the_same(old, new) if about else _same_sum(old, new)):
        return False
    # one sentence listing the same sum twice lists two amounts ("1,5 miljoen euro" each); but a formal title and
    # the summary run on without a full stop are two sentences ("... 31 augustus 2021  De Vlaamse Regering kent")
    if old.sentence == new.sentence and not about and old.value == new.value and \
            not _between(breaks, old.end, new.start):
        return False
    if bodies and old.recipient and new.recipient and old.recipient.key != new.recipient.key:
        return False  # the same sum for two bodies: two grants
    if old.period and new.period and (old.period.first, old.period.last) != (new.period.first, new.period.last) \
            and old.value == new.value:
        return False  # the same sum for two periods (tranches): two grants; a rounded restatement words its own
    # a threshold and a unit rate of the same value are two things
    return old.role == new.role or "committed" in (old.role, new.role)


def _between(breaks: Sequence[int], lo: int, hi: int) -> bool:
    i = bisect_left(breaks, lo)
    return i < len(breaks) and breaks[i] < hi


def _rounded(value: Decimal) -> tuple[int, int]:
    """(exponent, three leading digits): "9,59 miljoen" and "9.597.968,84" land in neighbouring buckets."""
    if value <= 0:
        return (0, 0)
    exponent = value.adjusted() - 2
    return exponent, int((value.scaleb(-exponent)).to_integral_value())


ABOUT_SHARE = Decimal("0.05")  # "zo'n 2 miljoen euro" restates a sum within 5% of it


def _about_the_same(a: Grant, b: Grant) -> bool:
    big = max(a.value, b.value)
    return big > 0 and abs(a.value - b.value) <= big * ABOUT_SHARE


def merge_restatements(grants: list[Grant], explicit: list[int], adds: Set[int] = frozenset(),
                       title_end: int = 0, about: Set[int] = frozenset(), breaks: Sequence[int] = ()) -> list[Grant]:
    """Join the restatements of one amount; candidates are found by value (and rounded value), so the work
    is linear in the amounts, not quadratic. An amount in ``adds`` (starts) is added by its sentence to what came
    before ("Daarnaast ..."): it restates no other sentence of the body (the title's sum it may). ``breaks``
    (``Doc.breaks``, sorted) set the opening's formal title and summary apart."""
    merged: list[Grant] = []
    cued: list[int] = []
    by_value: dict[Decimal, list[int]] = {}
    by_rounded: dict[tuple[int, int], list[int]] = {}  # grants by value rounded to three significant digits
    group: dict[int, int] = {}  # start of every mention -> index of its grant in merged
    # the title's sum and the one body amount of that sum are one grant, even when the two name the receiver
    # differently ("... 1 miljoen euro subsidie ... ILVO" and "kent 1 miljoen euro investeringssubsidie toe aan het
    # Eigen Vermogen van het Instituut ... (ILVO)"); a sum the body gives twice is given to two bodies
    in_body = Counter(g.value for g in grants if g.start >= title_end)

    def fits(old: Grant, new: Grant) -> bool:
        return _compatible(old, new, breaks=breaks) or (
            (old.start < title_end) != (new.start < title_end) and in_body[new.value] == 1
            and _compatible(old, new, bodies=False, breaks=breaks))

    for grant, was_cued in zip(grants, explicit, strict=True):
        key = _rounded(grant.value)
        candidates = by_value.get(grant.value, [])[-20:]
        candidates += [i for k in (key[1] - 1, key[1], key[1] + 1) for i in by_rounded.get((key[0], k), [])[-20:]]
        target = next((i for i in sorted(set(candidates)) if fits(merged[i], grant)
                       and (grant.start not in adds or merged[i].start < title_end)), None)
        if target is None and (grant.start in about or any(m.start in about for m in merged[-20:])):
            target = next((i for i in range(max(0, len(merged) - 20), len(merged))
                           if (grant.start in about or merged[i].start in about)
                           and _compatible(merged[i], grant, about=True)), None)
        if target is None:
            merged.append(grant)
            cued.append(was_cued)
            group[grant.start] = len(merged) - 1
            by_value.setdefault(grant.value, []).append(len(merged) - 1)
            by_rounded.setdefault(key, []).append(len(merged) - 1)
            continue
        group[grant.start] = target
        old, new = merged[target], grant
        role, part_of, reason, confidence = old.role, old.part_of, old.reason, old.confidence
        if cued[target] < was_cued or (cued[target] == was_cued and old.confidence == "low" == role
                                       and new.confidence == "high"):  # the body's wording says more
            role, part_of, reason, confidence = new.role, new.part_of, new.reason, new.confidence
            cued[target] = was_cued
        elif old.role == new.role == "committed" and "high" in (old.confidence, new.confidence):
            reason, confidence = (old.reason, "high") if old.confidence == "high" else (new.reason, "high")
        if old.value != new.value and ((SCALED.search(old.text) and not SCALED.search(new.text))
                                       or (old.start in about and new.start not in about)):
            old, new = dataclasses.replace(new, also_at=old.also_at), old  # keep the exact figure, not the rounded
        merged[target] = dataclasses.replace(
            old, min_value=old.min_value or new.min_value, kind=old.kind or new.kind, period=old.period or new.period,
            recipient=old.recipient or new.recipient, funded=old.funded or new.funded,
            funded_by=old.funded_by or new.funded_by, role=role, part_of=part_of, reason=reason, confidence=confidence,
            increase=old.increase if old.increase is not None else new.increase,
            also_at=tuple(sorted((*old.also_at, (new.start, new.end)))))
    out = []
    for i, g in enumerate(merged):
        if g.part_of is not None:
            total = group.get(g.part_of)
            if total is None or total == i:
                g = dataclasses.replace(g, part_of=None, role="committed", confidence="low",
                                        reason="its total is the same sum restated")
            else:
                g = dataclasses.replace(g, part_of=merged[total].start)
        out.append(g)
    return out


__all__ = ["ABOUT", "ABOUT_SHARE", "ADDS", "SCALED", "merge_restatements"]
