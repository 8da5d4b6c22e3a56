"""What the money rules share: the span of one amount as the rules see it, and how a cue word is matched."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class Span:
    """What the role rules see of one amount: where it is, its value, and its clause and sentence."""

    start: int
    end: int
    value: Decimal
    is_range: bool
    clause: tuple[int, int]
    sentence: tuple[int, int]
    operative: str = "committed"  # the words by which its sentence acts now; "" when it does not act
    strong: bool = True  # the sentence grants (keurt goed, kent toe), not only provides (voorziet, is voorzien)
    act_type: str = "other"  # extract.operative.ACT_TYPES: what the decision as a whole is


def cue(*words: str) -> re.Pattern[str]:
    """Any of ``words`` as whole words, case-insensitive."""
    return re.compile(r"(?<!\w)(?:" + "|".join(words) + r")(?!\w)", re.IGNORECASE)


def words(m: re.Match[str] | None, fallback: str = "") -> str:
    """The words a match found, white space folded, as a reason quotes them."""
    return " ".join(m.group(0).split()) if m is not None else fallback


__all__ = ["Span", "cue", "words"]
