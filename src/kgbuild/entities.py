"""Entity resolution over a corpus: the mentions of all decisions grouped into one node per entity.

Mentions that share a key are one entity. Keys come from the gazetteer (its id) or from the name itself
(``extract.base.name_key``: case, accents, '&'/'en', hyphens, articles and legal forms do not count), so an
entity's key, and with it its IRI, does not change when the corpus grows. Its preferred label does: it
is the gazetteer's name, else the spelling most decisions use.
"""

from __future__ import annotations

import dataclasses
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from .extract import DecisionAct, EnterpriseNumber, Found, Gazetteer, Grant, Mention
from .extract.base import EntityType, name_key
from .extract.money.roles import ROLES
from .extract.programmes import VEERKRACHT


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
    decisions: int  # how many decisions mention it


@dataclass
class Extracted:
    """What the extractors found in a corpus: per decision id, and the entities it resolves to."""

    found: dict[str, list[Found]]
    entities: dict[tuple[str, str], Entity]
    checks: dict[tuple[str, int], Any] = field(default_factory=dict)  # claims.ClaimCheck by (report, index)

    def counts(self) -> dict[str, int]:
        found = found_counts(self.found)
        ratings = Counter(c.rating for c in self.checks.values())
        return {**entity_counts(self.entities.values()),
                **{k: found[k] for k in FOUND_COUNTS},
                **rating_counts(ratings), "annotations": found["annotations"]}


FOUND_COUNTS = ("grants", "grants_with_recipient", "grants_with_funded_item", *(f"amounts_{r}" for r in ROLES),
                "enterprise_numbers", "enterprise_numbers_with_organisation", "committed_cents",
                "committed_cents_low_confidence", "grants_low_confidence", "decisions_take_note",
                "decisions_with_operative_clause")


def unclassified_amounts(found: Mapping[str, list[Found]], decisions: Mapping[str, tuple[str, str]]
                         ) -> list[dict[str, str]]:
    """The amounts no role rule could place, with their decision (id, text by key) and sentence, for the report."""
    out = []
    for key in sorted(found):
        ident, text = decisions.get(key, (key, ""))
        for f in found[key]:
            if isinstance(f.item, Grant) and f.item.role == "unclassified":
                s, e = f.item.sentence
                out.append({"decision": ident, "amount": f.quote, "sentence": " ".join(text[s:e].split())[:500]})
    return sorted(out, key=lambda u: (u["decision"], u["amount"], u["sentence"]))


def entity_counts(entities: Iterable[Entity]) -> dict[str, int]:
    """How many organisations, programmes and persons a build resolved."""
    by_type = Counter(e.type for e in entities)
    return {"organisations": by_type["organisation"], "programmes": by_type["programme"],
            "persons_named_in_text": by_type["person"]}


def found_counts(found: Mapping[str, list[Found]]) -> Counter[str]:
    """Grants (with a recipient, with a funded item), annotations and enterprise numbers (with an organisation)
    in some decisions' extractions; these add up."""
    grants = [f.item for fs in found.values() for f in fs if isinstance(f.item, Grant)]
    return Counter({
        "grants": len(grants),
        "grants_with_recipient": sum(g.recipient is not None for g in grants),
        "grants_with_funded_item": sum(g.funded is not None for g in grants),
        **{f"amounts_{role}": sum(g.role == role for g in grants) for role in ROLES},
        "annotations": sum((f.end > f.start) + (len(f.item.also_at) if isinstance(f.item, Grant) else 0)
                           for fs in found.values() for f in fs),
        # money as the totals show it, in cents so that partitions add up exactly: committed, and the part of it
        # that rests on a default
        "committed_cents": int(sum(g.committed for g in grants) * 100),
        "committed_cents_low_confidence": int(sum(g.committed for g in grants if g.confidence == "low") * 100),
        "grants_low_confidence": sum(g.confidence == "low" for g in grants),
        "decisions_take_note": sum(isinstance(f.item, DecisionAct) and f.item.act_type == "take-note"
                                   for fs in found.values() for f in fs),
        "decisions_with_operative_clause": sum(isinstance(f.item, DecisionAct) and f.item.operative > 0
                                               for fs in found.values() for f in fs),
        "enterprise_numbers": len(numbers := [f.item for fs in found.values() for f in fs
                                              if isinstance(f.item, EnterpriseNumber)]),
        "enterprise_numbers_with_organisation": sum(n.organisation is not None for n in numbers),
    })


def rating_counts(ratings: Mapping[str, int]) -> dict[str, int]:
    """Claims per rating, under the names the build report uses."""
    return {"claims_supported": ratings.get("supported", 0),
            "claims_partly_supported": ratings.get("partly supported", 0),
            "claims_unsupported": ratings.get("unsupported", 0),
            "claims_contradicted": ratings.get("contradicted", 0),
            "claims_not_checkable": ratings.get("not checkable", 0)}


def _spelling(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip(" .,;:'\"‘’“”")


def coded_names(found: Mapping[str, list[Found]]) -> dict[str, set[str]]:
    """The keys of the coded projects each programme name is used for (by name key)."""
    codes: dict[str, set[str]] = defaultdict(set)
    for fs in found.values():
        for f in fs:
            if isinstance(f.item, Mention) and f.item.type == "programme" and f.item.code:
                codes[name_key(f.item.label)].add(f.item.key)
    return codes


def code_aliases(codes: Mapping[str, set[str]]) -> dict[str, str]:
    """Name key -> project key, for the names used for exactly one coded project."""
    return {name: next(iter(keys)) for name, keys in codes.items() if len(keys) == 1}


def rekey(found: Mapping[str, list[Found]], alias: Mapping[str, str]) -> dict[str, list[Found]]:
    """``found`` with every uncoded programme mention whose key ``alias`` maps given that project's key."""

    def one(m: Mention | None) -> Mention | None:
        if m is None or m.type != "programme" or m.code or m.key not in alias:
            return m
        target = alias[m.key]
        return dataclasses.replace(m, key=target, code=target.upper(), part_of=m.part_of or VEERKRACHT)

    out: dict[str, list[Found]] = {}
    for ident, fs in found.items():
        items: list[Found] = []
        for f in fs:
            item = f.item
            if isinstance(item, Mention):
                item = one(item) or item
            elif isinstance(item, Grant) and item.funded is not None:
                item = dataclasses.replace(item, funded=one(item.funded))
            items.append(dataclasses.replace(f, item=item))
        out[ident] = items
    return out


def merge_coded_names(found: Mapping[str, list[Found]]) -> dict[str, list[Found]]:
    """Give a programme named without its project code the key of the coded project of that name.

    "relanceproject 'Ondersteuning Digitale Transformatie' (VV057)" makes the project key ``vv057``; a
    decision that names the project without the code would otherwise make a second node. A name used
    for two codes stays apart.
    """
    return rekey(found, code_aliases(coded_names(found)))


@dataclass
class Mentions:
    """What the mentions of one entity say about it, summed over decisions; two of these add up.

    ``labels`` counts, per spelling, the decisions that use it; every decision is counted in one
    partition only, so the counts of partitions add up to the counts of the whole corpus.
    """

    labels: Counter[str] = field(default_factory=Counter)
    spellings: set[str] = field(default_factory=set)
    acronyms: set[str] = field(default_factory=set)
    codes: set[str] = field(default_factory=set)
    parents: set[str] = field(default_factory=set)
    kinds: Counter[str] = field(default_factory=Counter)
    decisions: int = 0

    def add(self, other: Mentions) -> None:
        self.labels.update(other.labels)
        self.spellings |= other.spellings
        self.acronyms |= other.acronyms
        self.codes |= other.codes
        self.parents |= other.parents
        self.kinds.update(other.kinds)
        self.decisions += other.decisions


def mentions_in(found: Found) -> list[Mention]:
    """The entities one extraction names: the mention itself, a grant's recipient and funded item, or the
    organisation an enterprise number belongs to."""
    if isinstance(found.item, Mention):
        return [found.item]
    if isinstance(found.item, Grant):
        return [m for m in (found.item.recipient, found.item.funded, found.item.funded_by) if m is not None]
    if isinstance(found.item, EnterpriseNumber) and found.item.organisation is not None:
        return [found.item.organisation]
    return []


def collect_mentions(found: Mapping[str, list[Found]]) -> dict[tuple[str, str], Mentions]:
    """The mentions of every entity (by type and key) in the extractions of some decisions."""
    out: dict[tuple[str, str], Mentions] = defaultdict(Mentions)
    for ident in sorted(found):
        seen: dict[tuple[str, str], set[str]] = defaultdict(set)
        for f in found[ident]:
            for m in mentions_in(f):
                agg = out[(m.type, m.key)]
                label = _spelling(m.label)
                seen[(m.type, m.key)].add(label)
                agg.spellings.update((_spelling(m.text), label))
                if m.acronym:
                    agg.acronyms.add(m.acronym)
                if m.code:
                    agg.codes.add(m.code)
                if m.part_of:
                    agg.parents.add(m.part_of)
                if m.kind:
                    agg.kinds[m.kind] += 1
        for k, labels in seen.items():
            out[k].labels.update(labels)
            out[k].decisions += 1
    return dict(out)


def entities_from_mentions(mentions: Mapping[tuple[str, str], Mentions],
                           gazetteer: Gazetteer) -> dict[tuple[str, str], Entity]:
    """One Entity per (type, key): its label from the gazetteer, else the spelling most decisions use."""
    mentions = dict(mentions)
    # a programme part of another: make sure the parent exists, from the gazetteer if nothing names it
    for agg in list(mentions.values()):
        for parent in agg.parents:
            if ("programme", parent) not in mentions and parent in gazetteer.entries:
                mentions[("programme", parent)] = Mentions()
    entities: dict[tuple[str, str], Entity] = {}
    for (type_, key), agg in sorted(mentions.items()):
        entry = gazetteer.entries.get(key)
        if entry is not None and entry.type == type_:
            label = entry.name
        else:
            entry = None
            label = min(agg.labels, key=lambda s: (-agg.labels[s], s))
        spellings = set(agg.spellings) | set(agg.labels)
        if entry is not None:
            spellings |= set(entry.aliases) | ({entry.acronym} if entry.acronym else set())
        acronyms = sorted(agg.acronyms)
        spellings |= set(acronyms)
        alt: dict[str, str] = {}
        for s in sorted(spellings):
            if s and s.casefold() != label.casefold():
                alt.setdefault(s.casefold(), s)
        codes = sorted(agg.codes)
        parents = sorted(agg.parents)
        kinds = agg.kinds
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
            decisions=agg.decisions,
        )
    return entities


def resolve_entities(found: Mapping[str, list[Found]], gazetteer: Gazetteer) -> dict[tuple[str, str], Entity]:
    """One Entity per (type, key) over the extractions of every decision (keyed by decision id)."""
    return entities_from_mentions(collect_mentions(found), gazetteer)
