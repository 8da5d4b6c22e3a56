"""Scoring of the extractors against the hand-labelled decisions in tests/labels/issue3_decisions.json.

Shared by the test (which asserts floors) and bench/ (which prints the table for the README).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from kgbuild.extract import Found, Grant, Mention, extract_decision, load_gazetteer
from kgbuild.extract.base import name_key
from kgbuild.readers.decision import split_title

LABELS = Path(__file__).resolve().parent / "labels" / "issue3_decisions.json"


@dataclass
class Score:
    predicted: int = 0
    correct_predicted: int = 0
    gold: int = 0
    found_gold: int = 0
    misses: list[str] = field(default_factory=list)
    extras: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.correct_predicted / self.predicted if self.predicted else 1.0

    @property
    def recall(self) -> float:
        return self.found_gold / self.gold if self.gold else 1.0


def _keys(names: Iterable[str]) -> set[str]:
    return {k for k in (name_key(n) for n in names) if k}


def _entities(found: list[Found], type_: str) -> dict[str, set[str]]:
    """Predicted entities of one type: key -> every spelling (surface forms and label) known for it."""
    gazetteer = load_gazetteer()
    out: dict[str, set[str]] = {}
    for f in found:
        if isinstance(f.item, Mention) and f.item.type == type_:
            names = out.setdefault(f.item.key, set())
            names.update({f.item.text, f.item.label})
            entry = gazetteer.entries.get(f.item.key)
            if entry is not None:
                names.update({entry.name, *entry.aliases, *([entry.acronym] if entry.acronym else [])})
    return {k: _keys(v) for k, v in out.items()}


def _matches(predicted: set[str], gold: set[str]) -> bool:
    """Lenient (partial) match, as in MUC-style NER scoring: one name's words contain the other's and the
    shorter covers at least half of the longer ("laagdrempelig opleidingsaanbod voor Brusselaars" for
    "oproep 'laagdrempelig opleidingsaanbod voor Brusselaars'")."""
    for p in predicted:
        for g in gold:
            a, b = sorted((p.split("-"), g.split("-")), key=len)
            if p == g or (len(a) * 2 >= len(b) and any(b[i:i + len(a)] == a for i in range(len(b) - len(a) + 1))):
                return True
    return False


def _score_entities(score: Score, where: str, predicted: dict[str, set[str]], gold: list[dict[str, Any]]) -> None:
    gold_keys = [(g["name"], _keys([g["name"], *g["mentions"]])) for g in gold]
    score.predicted += len(predicted)
    score.gold += len(gold_keys)
    for key, names in sorted(predicted.items()):
        if any(_matches(names, g) for _n, g in gold_keys):
            score.correct_predicted += 1
        else:
            score.extras.append(f"{where}: {key}")
    for name, g in gold_keys:
        if any(_matches(names, g) for names in predicted.values()):
            score.found_gold += 1
        else:
            score.misses.append(f"{where}: {name}")


def score_gold(corpus: Path) -> dict[str, Score]:
    """Precision and recall per type over the labelled decisions (amounts by value, recipients by name)."""
    data = json.loads(LABELS.read_text(encoding="utf-8"))
    gazetteer = load_gazetteer()
    scores = {t: Score() for t in ("organisations", "programmes", "amounts", "recipients")}
    for item in data["decisions"]:
        text = (corpus / "bucket" / item["file"]).read_text(encoding="utf-8")
        title = split_title(text)[0]
        found = extract_decision(item["id"], text, gazetteer, title)
        where = item["id"][:10]
        _score_entities(scores["organisations"], where, _entities(found, "organisation"), item["organisations"])
        _score_entities(scores["programmes"], where, _entities(found, "programme"), item["programmes"])
        grants = [f.item for f in found if isinstance(f.item, Grant)]
        values = {g.value for g in grants}
        gold_values = {Decimal(a["value"]) for a in item["amounts"]}
        s = scores["amounts"]
        s.predicted += len(values)
        s.correct_predicted += len(values & gold_values)
        s.gold += len(gold_values)
        s.found_gold += len(values & gold_values)
        s.misses += [f"{where}: {v}" for v in sorted(gold_values - values)]
        s.extras += [f"{where}: {v}" for v in sorted(values - gold_values)]
        # recipients: of the gold amounts that name one and were found, how many name the same body
        orgs = {o["name"]: _keys([o["name"], *o["mentions"]]) for o in item["organisations"]}
        r = scores["recipients"]
        for a in item["amounts"]:
            value = Decimal(a["value"])
            predicted = [g for g in grants if g.value == value]
            if not predicted:
                continue
            got = predicted[0].recipient
            got_keys = _keys([got.text, got.label]) if got else set()
            if got is not None and got.key in gazetteer.entries:
                entry = gazetteer.entries[got.key]
                got_keys |= _keys([entry.name, *entry.aliases, *([entry.acronym] if entry.acronym else [])])
            if got is not None:
                r.predicted += 1
            if a["recipient"]:
                r.gold += 1
                want = orgs.get(a["recipient"], _keys([a["recipient"]]))
                if got_keys & want:
                    r.found_gold += 1
                    r.correct_predicted += 1
                else:
                    r.misses.append(f"{where}: {a['text']} -> {a['recipient']} (got {got.label if got else None})")
            elif got is not None:
                r.extras.append(f"{where}: {a['text']} -> none (got {got.label})")
    return scores


def table(scores: dict[str, Score]) -> str:
    lines = ["| type | gold | predicted | precision | recall |", "|---|---:|---:|---:|---:|"]
    for name, s in scores.items():
        lines.append(f"| {name} | {s.gold} | {s.predicted} | {s.precision:.3f} | {s.recall:.3f} |")
    return "\n".join(lines)
