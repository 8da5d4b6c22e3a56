"""Readers for the coalition agreement: its section texts and the reports' metadata.txt."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..errors import InputError
from ..model import AgreementSection, ReportMetadata, SectionPath, Source
from ..text import clean

_SECTION_SPLIT = re.compile(r"(?<!\s)\s+-\s+(?=\d+(?:\.\d+)+\s)")
_PART = re.compile(r"^(\d+(?:\.\d+)+)\s+(.+)$")
SECTION_NAME = re.compile(r"^\d+\s*_*—_*")
# [ \\t], not \\s: "^\\s*" under re.M would rescan every following blank line from every line start
TOPIC = re.compile(r"^[ \\t]*TOPIC_NAME[ \\t]*:(.*)$", re.M)


def parse_section_name(name: str) -> SectionPath:
    """``1_—_Energie_en_klimaat__-_1.2_Gebouwen_-_1.2.1_Woningen`` → chapter 1, domain, numbered parts."""
    text = clean(name.replace("_", " "))
    chapter, sep, rest = text.partition("—")
    if not sep or not chapter.strip().isdigit():
        raise ValueError(f"{name!r} is not a section name like '1_—_Energie_en_klimaat__-_1.1_Titel'")
    pieces = _SECTION_SPLIT.split(rest.strip())
    domain = pieces[0].strip(" -")
    parts: list[tuple[str, str]] = []
    for piece in pieces[1:]:
        m = _PART.match(piece.strip(" -"))
        if not m:
            raise ValueError(f"{name!r}: cannot read the section number and title in {piece!r}")
        parts.append((m.group(1), m.group(2).strip()))
    if not domain:
        raise ValueError(f"{name!r} names no policy domain")
    return SectionPath(chapter.strip(), domain, tuple(parts))


def read_section(source: Source, stem: str, text: str) -> Iterator[AgreementSection]:
    """One section of the coalition agreement; its path comes from the file name."""
    try:
        path = parse_section_name(stem)
    except ValueError as exc:
        raise InputError(source.path, str(exc)) from exc
    yield AgreementSection(path, source, text)


def read_metadata(source: Source, key: str, text: str) -> Iterator[ReportMetadata]:
    """A report's metadata.txt: TOPIC_NAME names the section the report evaluates."""
    m = TOPIC.search(text)
    topic = m.group(1).strip() if m else ""
    if not topic:
        raise InputError(source.path, "metadata without a TOPIC_NAME line")
    try:
        parse_section_name(topic)
    except ValueError as exc:
        raise InputError(source.path, f"TOPIC_NAME {exc}") from exc
    yield ReportMetadata(key, source, topic)
