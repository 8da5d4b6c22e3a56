"""Score the money extraction against tests/labels/issue13_money.json: roles, committed totals, recipients.

Run as a script (``python tests/money_scores.py [--show]``) to print the scores and, with --show, every miss;
tests/test_money_roles.py asserts floors on the same numbers.
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from kgbuild.extract import Found, Grant, extract_decision, load_gazetteer
from kgbuild.extract.base import name_key
from kgbuild.extract.grants import committed_total
from kgbuild.model import DecisionFacts
from kgbuild.readers import read_bytes

LABELS = Path(__file__).parent / "labels" / "issue13_money.json"
CORPUS = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus"


@dataclass
class Scores:
    amounts: int = 0
    roles_right: int = 0
    decisions: int = 0
    totals_right: int = 0
    recipients_gold: int = 0
    recipients_predicted: int = 0
    recipients_right: int = 0
    confusion: Counter[tuple[str, str]] = field(default_factory=Counter)
    misses: list[str] = field(default_factory=list)

    @property
    def role_accuracy(self) -> float:
        return self.roles_right / self.amounts

    @property
    def total_accuracy(self) -> float:
        return self.totals_right / self.decisions

    @property
    def recipient_precision(self) -> float:
        return self.recipients_right / self.recipients_predicted if self.recipients_predicted else 1.0

    @property
    def recipient_recall(self) -> float:
        return self.recipients_right / self.recipients_gold if self.recipients_gold else 1.0

    def lines(self) -> list[str]:
        return [f"amounts {self.amounts}, role accuracy {self.role_accuracy:.3f}",
                f"decisions {self.decisions}, committed totals exact {self.total_accuracy:.3f}",
                f"recipients precision {self.recipient_precision:.3f} ({self.recipients_right}/"
                f"{self.recipients_predicted}), recall {self.recipient_recall:.3f} ({self.recipients_right}/"
                f"{self.recipients_gold})"]


def _decision(path: Path) -> DecisionFacts:
    result = read_bytes(path.name, path.read_bytes())
    (facts,) = [d for d in result.documents if isinstance(d, DecisionFacts)]
    return facts


def _occurrences(text: str, needle: str) -> list[int]:
    """Where ``needle`` stands as a whole amount: not inside a longer number ("5.000 euro" in "275.000 euro")."""
    found, at = [], text.find(needle)
    while at >= 0:
        before = text[at - 1:at]
        if not (before.isdigit() or (before in ".," and text[at - 2:at - 1].isdigit())):
            found.append(at)
        at = text.find(needle, at + 1)
    return found


def _grant_at(grants: list[tuple[Found, Grant]], start: int, end: int) -> tuple[Found, Grant] | None:
    for f, g in grants:
        spans = [(f.start, f.end), *g.also_at]
        if any(s < end and start < e for s, e in spans):
            return f, g
    return None


def _names(grant: Grant) -> set[str]:
    r = grant.recipient
    if r is None:
        return set()
    return {name_key(x) for x in (r.text, r.label, r.acronym) if x}


_FORMS = frozenset({"vzw", "nv", "cvba", "bv", "de", "het", "stad", "gemeente", "provincie", "the"})


def _bare(key: str) -> str:
    return " ".join(w for w in key.replace("-", " ").split() if w not in _FORMS)


def _same_body(names: set[str], gold: set[str]) -> bool:
    """One of the predicted names is one of the gold names, but for a legal form, an article, the word
    stad/gemeente/provincie or the order of the words ("De Ambrassade" and "De Ambrassade vzw", "Gent" and
    "stad Gent", "Hogeschool PXL" and "PXL Hogeschool")."""
    def bag(key: str) -> str:
        return " ".join(sorted(_bare(key).split()))
    return bool(names & gold) or bool({bag(a) for a in names} & {bag(b) for b in gold} - {""})


def score(corpus: Path = CORPUS) -> Scores:
    gazetteer = load_gazetteer()
    labels = json.loads(LABELS.read_text(encoding="utf-8"))
    s = Scores()
    for dec in labels["decisions"]:
        facts = _decision(corpus / "bucket" / dec["file"])
        text = facts.text or ""
        found = extract_decision(dec["id"], text, gazetteer, facts.title)
        grants = [(f, f.item) for f in found if isinstance(f.item, Grant)]
        used: Counter[str] = Counter()
        s.decisions += 1
        predicted_total = committed_total([g for _f, g in grants])
        if predicted_total == Decimal(dec["committed_total"]):
            s.totals_right += 1
        else:
            s.misses.append(f"{dec['id']}: committed total {predicted_total} != {dec['committed_total']}")
        for amount in dec["amounts"]:
            s.amounts += 1
            match = None
            for mention in amount["mentions"]:
                at = _occurrences(text, mention)
                k = used[mention]
                used[mention] += 1
                if k < len(at):
                    match = match or _grant_at(grants, at[k], at[k] + len(mention))
            role = match[1].role if match else "missing"
            s.confusion[(amount["role"], role)] += 1
            if role == amount["role"]:
                s.roles_right += 1
            else:
                s.misses.append(f"{dec['id']}: {amount['mentions'][0]!r} role {role} != {amount['role']}")
            gold = {name_key(x) for x in amount.get("recipient_mentions") or []}
            if amount.get("recipient"):
                gold.add(name_key(amount["recipient"]))
                s.recipients_gold += 1
            names = _names(match[1]) if match else set()
            if names:
                s.recipients_predicted += 1
            if names and gold and _same_body(names, gold):
                s.recipients_right += 1
            elif names or gold:
                got = match[1].recipient.label if match and match[1].recipient else None
                s.misses.append(f"{dec['id']}: {amount['mentions'][0]!r} recipient {got!r} != {amount['recipient']!r}")
    return s


if __name__ == "__main__":
    result = score()
    for line in result.lines():
        print(line)
    if "--show" in sys.argv:
        for (gold, got), n in sorted(result.confusion.items(), key=lambda x: -x[1]):
            print(f"  {gold:18s} -> {got:18s} {n}")
        for miss in result.misses:
            print(miss)
