"""Text normalisation that keeps offsets into the original text, and key/slug helpers."""

from __future__ import annotations

import re
import unicodedata
from array import array
from dataclasses import dataclass

# Characters the scraper left in the texts that carry no meaning.
_INVISIBLE = frozenset("\u200b\u200c\u200d\u2060\ufeff\u00ad")
_SPACES = frozenset(" \t\n\r\f\v\u00a0\u2007\u202f\u3000")


@dataclass(frozen=True)
class Normalized:
    """A normalised text and, for each of its characters, the offset of that character in the original."""

    text: str
    offsets: array  # type: ignore[type-arg]
    original_length: int

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """Map the span [start, end) of the normalised text onto the original text."""
        if not 0 <= start <= end <= len(self.text):
            raise ValueError(f"span {start}-{end} outside the text of length {len(self.text)}")
        if start == end:
            o = self.offsets[start] if start < len(self.text) else self.original_length
            return o, o
        return self.offsets[start], self.offsets[end - 1] + 1


def normalize(original: str) -> Normalized:
    """Drop zero-width characters, fold every run of white space into one space, strip the ends."""
    out: list[str] = []
    offsets = array("l")
    pending_space = -1
    for i, ch in enumerate(original):
        if ch in _INVISIBLE:
            continue
        if ch in _SPACES:
            if pending_space < 0:
                pending_space = i
            continue
        if pending_space >= 0 and out:
            out.append(" ")
            offsets.append(pending_space)
        pending_space = -1
        out.append(ch)
        offsets.append(i)
    return Normalized("".join(out), offsets, len(original))


def clean(text: str) -> str:
    """The normalised text alone."""
    return normalize(text).text


def slug(value: str) -> str:
    """A lower-case ASCII key for an IRI: letters, digits, dots and single hyphens."""
    folded = unicodedata.normalize("NFKD", value).encode("ascii", "ignore").decode("ascii").lower()
    folded = re.sub(r"[^a-z0-9.]+", "-", folded)
    folded = re.sub(r"-{2,}", "-", folded).strip("-.")
    return folded or "x"
