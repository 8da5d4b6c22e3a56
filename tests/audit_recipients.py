"""Score who receives committed money against the blind audit (tests/labels/issue24_audit.json).

``python tests/audit_recipients.py [--show [N]]``: for every committed amount the readers named a recipient for
(the fullest name in the text; none when the money is split over a class or a list), is kgbuild's recipient of the
same mention the same body? Counted per amount and weighted by euros. Names match as in ``money_scores`` (legal
form, article, word order), or when the gazetteer finds the same bodies in both, or when one name's words (brackets,
"&"/"en" and "private"/"schoolbestuur" aside) hold the other's ("Agentschap Innoveren & Ondernemen (VLAIO)").
Like ``money_scores`` it extracts each decision from its text file alone, so a title the build takes from the API
record can give another receiver for a few amounts (6093A08A: the build names none, this reading "RIZIV").
"""

from __future__ import annotations

import json
import re
import sys
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from kgbuild.extract import Grant, extract_decision, load_gazetteer
from kgbuild.extract.base import Gazetteer, Mention, name_key
from money_scores import CORPUS, _decision, _grant_at, _occurrences, _same_body

LABELS = Path(__file__).parent / "labels" / "issue24_audit.json"
_SET_ASIDE = frozenset({"vzw", "nv", "cvba", "bv", "de", "het", "stad", "gemeente", "provincie", "the", "l", "private",
                        "schoolbestuur", "vlaams", "vlaamse"})


@dataclass
class RecipientScores:
    gold: int = 0
    predicted: int = 0
    right: int = 0
    gold_euros: Decimal = Decimal(0)
    predicted_euros: Decimal = Decimal(0)
    right_euros: Decimal = Decimal(0)
    misses: list[tuple[Decimal, str]] = field(default_factory=list)

    def line(self) -> str:
        return (f"recipients of committed money: precision {self.right}/{self.predicted} = "
                f"{self.right / max(self.predicted, 1):.3f}, recall {self.right}/{self.gold} = "
                f"{self.right / max(self.gold, 1):.3f}; by euros precision "
                f"{self.right_euros / max(self.predicted_euros, Decimal(1)):.3f}, recall "
                f"{self.right_euros / max(self.gold_euros, Decimal(1)):.3f} "
                f"(EUR {self.gold_euros / 10**6:,.1f} M named)")


def _words(name: str) -> set[str]:
    name = re.sub(r"\([^)]*\)", " ", name).replace("&", " en ").replace("’", " ").replace("'", " ")
    return {w for w in re.findall(r"\w+", name.lower()) if w not in _SET_ASIDE}


def _same(gazetteer: Gazetteer, got: Mention, gold: str) -> bool:
    names = {x for x in (got.text, got.label, got.acronym) if x}
    if _same_body({name_key(x) for x in names}, {name_key(gold)}):
        return True
    gold_ids = {e.id for _s, _e, e in gazetteer.find(gold)}
    if gold_ids and gold_ids == {e.id for n in names for _s, _e, e in gazetteer.find(n)}:
        return True
    want = _words(gold)
    return any((have := _words(n)) and want and (have == want or (len(have) >= 2 and have <= want)
                                                 or (len(want) >= 2 and want <= have)) for n in names)


def score(corpus: Path = CORPUS) -> RecipientScores:
    gazetteer = load_gazetteer()
    s = RecipientScores()
    for dec in json.loads(LABELS.read_text(encoding="utf-8"))["decisions"]:
        facts = _decision(corpus / "bucket" / dec["file"])
        text = facts.text or ""
        grants = [(f, f.item) for f in extract_decision(dec["id"], text, gazetteer, facts.title)
                  if isinstance(f.item, Grant)]
        for amount in dec.get("committed", []):
            value, mention = Decimal(amount["value"]), amount.get("mention") or ""
            match = None
            for at in _occurrences(text, mention) if mention else []:
                match = match or _grant_at(grants, at, at + len(mention))
            got = match[1].recipient if match and match[1].role == "committed" else None
            gold = amount.get("recipient")
            s.gold += bool(gold)
            s.gold_euros += value if gold else 0
            s.predicted += got is not None
            s.predicted_euros += value if got is not None else 0
            if got is not None and gold and _same(gazetteer, got, gold):
                s.right += 1
                s.right_euros += value
            elif got is not None or gold:
                s.misses.append((value, f"{dec['id']} {mention!r} {value:,.0f}: kgbuild "
                                        f"{got.label if got else None!r}, readers {gold!r}"))
    return s


if __name__ == "__main__":
    result = score()
    print(result.line())
    if "--show" in sys.argv:
        n = int(sys.argv[-1]) if sys.argv[-1].isdigit() else 60
        print("\n".join(m for _v, m in sorted(result.misses, reverse=True)[:n]))
