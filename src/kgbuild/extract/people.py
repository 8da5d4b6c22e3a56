"""Persons named in a decision's text: a name after a title or role ("prof. Bart De Moor",
"minister Jan Jambon") or introduced as someone's role ("met Bart De Moor als eerste voorzitter").
A name needs a first and a family name; one word alone ("minister Crevits") is not enough to tell who.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..text import slug
from .base import Doc, Mention

_PARTICLE = r"(?:[Vv]an\s+(?:[Dd]e[nr]?\s+)?|[Dd]e\s+|[Dd]er\s+|[Tt]er\s+|[Vv]on\s+|[Ll]e\s+|[Dd]'|[Vv]an\s+'t\s+)"
_CAP = r"[A-ZÀ-Þ][a-zß-ÿ]+(?:-[A-ZÀ-Þ][a-zß-ÿ]+)?"
NAME = rf"{_CAP}(?:\s+[A-Z]\.)?\s+{_PARTICLE}?{_CAP}"
_TITLES = (r"prof\.(?:\s*dr\.)?|professor|dr\.|dhr\.|mevr\.|mevrouw|de heer|minister|viceminister-president|"
           r"minister-president|staatssecretaris|burgemeester|schepen|gouverneur|commissaris|ombudsman|"
           r"voorzitter|ondervoorzitter|directeur|administrateur-generaal|secretaris-generaal|gedelegeerd bestuurder")
_AFTER_TITLE = re.compile(rf"\b(?:{_TITLES})\s+({NAME})\b")
_AS_ROLE = re.compile(rf"\b(?:met|door|van|dat|die|en)\s+({NAME})\s+als\s+(?:de\s+|eerste\s+|nieuwe\s+)*[a-z]")
_NOT_NAMES = frozenset({"Vlaamse Regering", "Vlaamse Overheid", "Europese Commissie", "Vlaams Parlement"})


def person_key(name: str) -> str:
    """The key of a person: the slug of the full name, as for ministers from the API records."""
    return slug(name)


def extract(doc: Doc) -> Iterator[Mention]:
    """Every person the decision names with a first and family name."""
    seen: set[tuple[int, int]] = set()
    for pattern in (_AFTER_TITLE, _AS_ROLE):
        for m in pattern.finditer(doc.text):
            name = re.sub(r"\s+", " ", m.group(1))
            span = (m.start(1), m.end(1))
            if name in _NOT_NAMES or span in seen or doc.gazetteer.lookup("organisation", name):
                continue
            seen.add(span)
            yield Mention("person", span[0], span[1], m.group(1), person_key(name), name)
