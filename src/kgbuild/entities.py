"""Entity resolution over a corpus: the mentions of all decisions grouped into one node per entity.

Mentions that share a key are one entity. Keys come from the gazetteer (its id) or from the name itself
(``extract.base.name_key``: case, accents, '&'/'en', hyphens, articles and legal forms do not count), so an
entity's key, and with it its IRI, does not change when the corpus grows. Its preferred label does: it
is the gazetteer's name, else the spelling most decisions use.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from .extract import Found, Gazetteer, Grant, Mention
from .extract.base import EntityType


@dataclass(frozen=True)
class Entity:
    type: EntityType
    key: str
    label: str
    alt_labels: tuple[str, ...]
    acronym: str | None
    kind: str | None
    code: str | None
    part_of: str | None  # key of the programme this one belongs to
    website: str | None
    decisions: tuple[str, ...]  # ids of the decisions that mention it


@dataclass
class Extracted:
    """What the extractors found in a corpus: per decision id, and the entities it resolves to."""

    found: dict[str, list[Found]]
    entities: dict[tuple[str, str], Entity]
    checks: dict[tuple[str, int], Any] = field(default_factory=dict)  # claims.ClaimCheck by (report, index)

    def counts(self) -> dict[str, int]:
        grants = [f.item for fs in self.found.values() for f in fs if isinstance(f.item, Grant)]
        by_type = Counter(e.type for e in self.entities.values())
        return {
            "organisations": by_type["organisation"],
            "programmes": by_type["programme"],
            "persons_named_in_text": by_type["person"],
            "grants": len(grants),
            "grants_with_recipient": sum(g.recipient is not None for g in grants),
            "grants_with_funded_item": sum(g.funded is not None for g in grants),
            "claims_supported": sum(c.rating == "supported" for c in self.checks.values()),
            "claims_partly_supported": sum(c.rating == "partly supported" for c in self.checks.values()),
            "claims_unsupported": sum(c.rating == "unsupported" for c in self.checks.values()),
            "annotations": sum(1 + (len(f.item.also_at) if isinstance(f.item, Grant) else 0)
                               for fs in self.found.values() for f in fs),
        }


def _spelling(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip(" .,;:'\"‘’“”")


def resolve_entities(found: Mapping[str, list[Found]], gazetteer: Gazetteer) -> dict[tuple[str, str], Entity]:
    """One Entity per (type, key) over the extractions of every decision (keyed by decision id)."""
    mentions: dict[tuple[str, str], list[tuple[str, Mention]]] = defaultdict(list)
    for ident in sorted(found):
        for f in found[ident]:
            items = [f.item] if isinstance(f.item, Mention) else []
            if isinstance(f.item, Grant):
                items = [m for m in (f.item.recipient, f.item.funded) if m is not None]
            for m in items:
                mentions[(m.type, m.key)].append((ident, m))
    # a programme part of another: make sure the parent exists, from the gazetteer if nothing names it
    for ms in list(mentions.values()):
        for _ident, m in ms:
            if m.part_of and ("programme", m.part_of) not in mentions and m.part_of in gazetteer.entries:
                mentions[("programme", m.part_of)] = []
    entities: dict[tuple[str, str], Entity] = {}
    for (type_, key), ms in sorted(mentions.items()):
        entry = gazetteer.entries.get(key)
        labels = Counter(_spelling(m.label) for _i, m in ms)
        if entry is not None and entry.type == type_:
            label = entry.name
        else:
            entry = None
            label = min(labels, key=lambda s: (-len({i for i, m in ms if _spelling(m.label) == s}), s))
        spellings = {_spelling(m.text) for _i, m in ms} | set(labels)
        if entry is not None:
            spellings |= set(entry.aliases) | ({entry.acronym} if entry.acronym else set())
        acronyms = sorted({m.acronym for _i, m in ms if m.acronym})
        spellings |= set(acronyms)
        alt: dict[str, str] = {}
        for s in sorted(spellings):
            if s and s.casefold() != label.casefold():
                alt.setdefault(s.casefold(), s)
        codes = sorted({m.code for _i, m in ms if m.code})
        parents = sorted({m.part_of for _i, m in ms if m.part_of})
        kinds = Counter(m.kind for _i, m in ms if m.kind)
        entities[(type_, key)] = Entity(
            type=type_,  # type: ignore[arg-type]
            key=key,
            label=label,
            alt_labels=tuple(sorted(alt.values())),
            acronym=entry.acronym if entry else (acronyms[0] if acronyms else None),
            kind=entry.kind if entry and entry.kind else (min(kinds, key=lambda k: (-kinds[k], k)) if kinds else None),
            code=codes[0] if codes else None,
            part_of=(entry.part_of if entry and entry.part_of else (parents[0] if parents else None)),
            website=entry.website if entry else None,
            decisions=tuple(sorted({i for i, _m in ms})),
        )
    return entities
