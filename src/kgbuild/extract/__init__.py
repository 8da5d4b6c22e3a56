"""Extractors: one module each, one pure function ``extract(doc) -> Iterator[...]``, listed in EXTRACTORS.

Adding an extractor is one new module and one line in EXTRACTORS. The extractors see a decision's
normalised text; ``extract_decision`` maps what they find back onto the original text.
"""

from __future__ import annotations

import dataclasses
import json
from bisect import bisect_left
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from ..errors import InputError
from ..sentences import gap_breaks
from ..text import Normalized, normalize
from . import enterprises, grants, legislation, operative, organisations, people, programmes
from .base import (
    DecisionAct,
    Doc,
    EnterpriseNumber,
    Extraction,
    Gazetteer,
    GazetteerEntry,
    Grant,
    LegalCitation,
    Mention,
)

__all__ = ["EXTRACTORS", "DecisionAct", "Doc", "EnterpriseNumber", "Extraction", "Found", "Gazetteer", "Grant",
           "LegalCitation",
           "Mention", "extract_decision", "load_gazetteer"]

Extractor = Callable[[Doc], Iterator[Extraction]]

EXTRACTORS: tuple[Extractor, ...] = (
    organisations.extract,
    programmes.extract,
    people.extract,
    grants.extract,
    legislation.extract,
    enterprises.extract,
    operative.extract,
)


@dataclass(frozen=True)
class Found:
    """One extraction from one decision, with its span in the decision's original text."""

    item: Extraction
    start: int
    end: int
    quote: str  # the original text of the span, exactly as the source has it


def extract_decision(ident: str, original: str, gazetteer: Gazetteer, title: str | None = None) -> list[Found]:
    """Run every extractor over one decision text; spans point into ``original``."""
    norm = normalize(original)
    title_end = title_length(norm.text, title)
    doc = Doc(ident, norm.text, gazetteer, title_end, opening_breaks(norm, original))
    found: list[Found] = []
    for extractor in EXTRACTORS:
        for item in extractor(doc):
            start, end = norm.to_original(item.start, item.end)
            if isinstance(item, Grant):
                item = dataclasses.replace(
                    item, also_at=tuple(norm.to_original(s, e) for s, e in item.also_at),
                    part_of=None if item.part_of is None else norm.to_original(item.part_of, item.part_of + 1)[0],
                    sentence=norm.to_original(*item.sentence))
            found.append(Found(item, start, end, original[start:end]))
    return found


OPENING = 1500  # characters of the original text within which its title and formal title end


def opening_breaks(norm: Normalized, original: str) -> tuple[int, ...]:
    """Where the original's opening set its parts apart by a run of spaces (``sentences.gap_breaks``), as offsets of
    the one space each run became in the normalised text."""
    out = []
    for lo, hi in gap_breaks(original, 0, min(len(original), OPENING)):
        i = bisect_left(norm.offsets, lo)
        if i < len(norm.text) and lo <= norm.offsets[i] < hi and norm.text[i] == " ":
            out.append(i)
    return tuple(out)


def title_length(text: str, title: str | None) -> int:
    """Where the title ends in a text that opens with it, letters and digits compared only (a title "O&O-projecten"
    opens a text that writes "O&O;-projecten"); 0 when the text does not open with the title."""
    if not title:
        return 0
    if text.startswith(title):
        return len(title)
    wanted = [c for c in title.casefold() if c.isalnum()]
    if len(wanted) < 8:
        return 0
    k = 0
    for i, c in enumerate(text[:len(title) + 40]):
        if not c.isalnum():
            continue
        if c.casefold() != wanted[k]:
            return 0
        k += 1
        if k == len(wanted):
            return i + 1
    return 0


def _entry(type_: str, raw: dict[str, Any]) -> GazetteerEntry:
    return GazetteerEntry(
        id=str(raw["id"]), type=type_,  # type: ignore[arg-type]
        name=str(raw["name"]), acronym=raw.get("acronym") or None,
        aliases=tuple(str(a) for a in raw.get("aliases") or ()), kind=raw.get("kind") or None,
        website=raw.get("website") or None, part_of=raw.get("part_of") or None,
    )


def parse_gazetteer(data: dict[str, Any], where: str) -> Gazetteer:
    """A gazetteer from its JSON form: ``{"organisations": [...], "programmes": [...]}``."""
    try:
        entries = [_entry("organisation", e) for e in data.get("organisations", [])]
        entries += [_entry("programme", e) for e in data.get("programmes", [])]
    except (KeyError, TypeError, AttributeError) as exc:
        raise InputError(where, f"not a gazetteer ({exc!r}); expected organisations and programmes lists") from None
    ids = [e.id for e in entries]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    if duplicates:
        raise InputError(where, f"gazetteer ids used twice: {', '.join(duplicates)}")
    return Gazetteer(entries)


@lru_cache(maxsize=4)
def load_gazetteer(path: Path | None = None) -> Gazetteer:
    """The curated gazetteer shipped with kgbuild, or the one at ``path``."""
    if path is None:
        raw = (resources.files("kgbuild") / "data" / "gazetteer.json").read_text(encoding="utf-8")
        where = "kgbuild/data/gazetteer.json"
    else:
        raw, where = path.read_text(encoding="utf-8"), str(path)
    try:
        data = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise InputError(where, f"not valid JSON ({exc.msg} at line {exc.lineno})") from None
    return parse_gazetteer(data, where)

