"""Split a decision's text into sentences, as spans of the original text (for evidence and snippets).

A decision text opens with its title and its formal title, run on without a full stop and set apart by
two or more spaces or a line break; its summary is ordinary prose. A boundary is therefore either

- a run of two or more white-space characters, or a line break, or
- a full stop, question or exclamation mark (and any closing quote or bracket) followed by white space
  and a capital letter, a digit or an opening quote, unless the word before the stop is a common Dutch
  abbreviation ("o.a.", "art.", "nr.", "bv.") or a single letter (an initial, "J. Jambon").

Spans are trimmed of white space and of zero-width characters; a piece without a letter or digit is not a
sentence. Both patterns are linear: one character class each, no nested repetition.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# a stop, closing quotes/brackets, white space, then what opens a sentence ("(" only before a capital: "Fiets Hup!
# (500.000 euro)" goes on)
_STOP = re.compile(r"[.!?][\"'”’)\]]*(?=\s+(?:[\"'“‘]?[A-ZÀ-Ý0-9]|\([A-ZÀ-Ý]))")
_GAP = re.compile(r"\s{2,}|\n")
# a word a Dutch sentence does not end on: a stray double space after it is no boundary ("maakt ook  925.000")
_RUNS_ON = frozenset((
    "de", "het", "een", "van", "voor", "met", "door", "aan", "in", "op", "en", "of", "naar", "bij", "uit", "tot",
    "om", "te", "over", "onder", "dat", "die", "deze", "dit", "haar", "hun", "ook", "als", "zoals", "via",
    "tussen", "per", "binnen", "rond", "vanuit", "zijn", "wordt", "worden", "werd", "is",
))
_OPENS = re.compile(r"[\"'“‘(]?[A-ZÀ-Ý]")
_WORD_BEFORE = re.compile(r"(\S+)$")
_ABBREVIATIONS = frozenset((
    "o.a", "a.d.h.v", "art", "artt", "nr", "nrs", "bv", "bijv", "bvb", "vb", "enz", "etc", "ca", "cf", "m.a.w",
    "m.b.t", "m.i.v", "t.a.v", "t.e.m", "t.o.v", "t.v.v", "i.p.v", "i.s.m", "i.v.m", "e.a", "e.d", "e.v", "resp",
    "dhr", "mevr", "mr", "dr", "prof", "ir", "ing", "lic", "blz", "p", "pp", "vzw", "b.s", "bs", "d.d", "dd", "nl",
    "fr", "min", "incl", "excl", "ong", "max", "st", "std", "vs", "z.g.a.n", "al",
))
_HAS_WORD = re.compile(r"\w")
_EDGE = " \t\r\n\f\v\u00a0\u200b\u200c\u200d\u2060\ufeff"


@dataclass(frozen=True)
class Sentence:
    """One sentence: ``text`` is ``original[start:end]`` with its white space folded."""

    start: int
    end: int
    text: str


# a dotted acronym ("A.D.V.N"), which a bracket after it spells out: "renovatieproject A.D.V.N. (Archief ...)"
_ACRONYM = re.compile(r"(?:[^\W\d_]\.){1,9}[^\W\d_]")
_SPELLED_OUT = re.compile(r"\s{1,3}\(")


def abbreviation(text: str, stop: int) -> bool:
    """The stop at ``stop`` ends an abbreviation ("o.a.", "nr.", "A.D.V.N. (...)"), not a sentence."""
    m = _WORD_BEFORE.search(text, max(0, stop - 24), stop)
    if m is None:
        return False
    word = m.group(1).lstrip("(\"'“‘").lower()
    if _ACRONYM.fullmatch(word) and _SPELLED_OUT.match(text, stop + 1):
        return True
    return (len(word) == 1 and word.isalpha()) or word in _ABBREVIATIONS


def _runs_on(text: str, end: int) -> bool:
    m = _WORD_BEFORE.search(text, max(0, end - 24), end)
    return m is not None and m.group(1).lower() in _RUNS_ON


def _sets_apart(text: str, gap: re.Match[str]) -> bool:
    """A run of white space before a capital, after a word a sentence can end on: how the texts set their title,
    formal title and summary apart (a stray double space inside a sentence is none)."""
    return _OPENS.match(text, gap.end()) is not None and not _runs_on(text, gap.start())


def gap_breaks(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The runs of white space in ``text[start:end]`` that set a title, a formal title and a summary apart
    (``_sets_apart``), as (start, end) pairs."""
    return [(m.start(), m.end()) for m in _GAP.finditer(text, start, end) if _sets_apart(text, m)]


def boundaries(text: str) -> list[int]:
    """The offsets at which a new sentence may start (not yet trimmed)."""
    cuts = {m.end() for m in _STOP.finditer(text) if not abbreviation(text, m.start())}
    # a line break always ends a sentence; a run of spaces only where it sets two parts apart
    cuts.update(m.start() for m in _GAP.finditer(text) if "\n" in m.group() or _sets_apart(text, m))
    return sorted(cuts)


def split(text: str) -> list[Sentence]:
    """The sentences of ``text``, in order, as trimmed spans of it."""
    out: list[Sentence] = []
    start = 0
    for cut in [*boundaries(text), len(text)]:
        if cut <= start:
            continue
        a, b = start, cut
        while a < b and text[a] in _EDGE:
            a += 1
        while b > a and text[b - 1] in _EDGE:
            b -= 1
        piece = text[a:b]
        if _HAS_WORD.search(piece):
            out.append(Sentence(a, b, " ".join(piece.split())))
        start = cut
    return out
