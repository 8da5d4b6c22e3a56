"""Money to review: the amounts a reader should check first, as rows ready to become corrections.

``money_review`` lists every amount of the decisions with the largest committed totals (the figures people
read first) and the committed amounts whose role rests on a default (low confidence), each with its sentence,
role and reason. ``review_csv`` turns the rows into a corrections file to fill in: its first seven columns are
the ones ``kgbuild.corrections`` reads (``field`` left empty, so an untouched row changes nothing), the rest
say what the build made of the amount.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from .corrections import COLUMNS
from .files import shipped
from .query.engines import execute
from .text import clean

SENTENCE = 400  # characters of context at most on each side of an amount


@dataclass(frozen=True)
class ReviewRow:
    decision: str
    title: str
    total: Decimal
    amount: str
    value: Decimal
    committed: Decimal
    role: str
    confidence: str
    reason: str
    recipient: str
    corrected: bool
    sentence: str
    why_listed: str  # "largest totals" or "low confidence"


def _sentence(text: str, amount: str, nth: int = 0) -> str:
    """The sentence of the decision's (normalised) text that holds the ``nth`` mention of the amount's words (two
    amounts of a decision can be written alike: "6 miljoen euro" decided earlier, and again now)."""
    at = -1
    for _ in range(nth + 1):
        found = text.find(clean(amount), at + 1)
        if found < 0:
            break
        at = found
    if at < 0:
        return ""
    lo = max(0, at - SENTENCE)
    starts = [m.end() for m in re.finditer(r"[.;!?]\s+(?=[A-Z0-9‘'\"(])", text[lo:at])]
    start = lo + starts[-1] if starts else lo
    end_match = re.search(r"[.;!?](?:\s|$)", text[at + len(amount):at + len(amount) + SENTENCE])
    end = at + len(amount) + (end_match.end() if end_match else SENTENCE)
    return text[start:end].strip()


def money_review(store: Path, top: int = 20, low: int = 50) -> list[ReviewRow]:
    """Every amount of the ``top`` decisions with the largest committed totals, then the ``low`` largest
    committed amounts of other decisions whose role has low confidence."""
    result = execute(str(shipped("queries", "money-review.rq")), store_path=store)
    at = {v: i for i, v in enumerate(result.variables)}

    def get(row: tuple[object, ...], name: str) -> str:
        value = row[at[name]]
        return "" if value is None else str(value)

    rows = list(result.rows)
    decisions = list(dict.fromkeys(get(r, "id") for r in rows))[:top]
    chosen = set(decisions)
    picked = [(r, "largest totals") for r in rows if get(r, "id") in chosen]
    weak = sorted((r for r in rows if get(r, "id") not in chosen and get(r, "confidence") == "low"
                   and get(r, "role") == "committed"), key=lambda r: (-Decimal(get(r, "value")), get(r, "id")))
    picked += [(r, "low confidence") for r in weak[:low]]
    texts = _texts(store, sorted({get(r, "id") for r, _why in picked}))
    # the grants of a decision written alike, in text order, take their words' mentions in turn
    alike: dict[tuple[str, str], list[int]] = {}
    for r in rows:
        alike.setdefault((get(r, "id"), clean(get(r, "amount"))), []).append(int(get(r, "first") or 0))
    nth = {(k, first): sorted(starts).index(first) for k, starts in alike.items() for first in starts}
    return [ReviewRow(get(r, "id"), get(r, "title"), Decimal(get(r, "total")), get(r, "amount"),
                      Decimal(get(r, "value")), Decimal(get(r, "committed") or 0), get(r, "role"),
                      get(r, "confidence"), get(r, "reason"), get(r, "recipient"),
                      get(r, "corrections") not in ("", "0"),
                      _sentence(texts.get(get(r, "id"), ""), get(r, "amount"),
                                nth[((get(r, "id"), clean(get(r, "amount"))), int(get(r, "first") or 0))]), why)
            for r, why in picked]


def _texts(store: Path, ids: list[str]) -> dict[str, str]:
    if not ids:
        return {}
    values = " ".join(f'"{i}"' for i in ids if re.fullmatch(r"[0-9A-Za-z-]+", i))
    query = ("PREFIX dcterms: <http://purl.org/dc/terms/> PREFIX prov: <http://www.w3.org/ns/prov#> "
             f"SELECT ?id ?text WHERE {{ VALUES ?id {{ {values} }} ?d dcterms:identifier ?id ; prov:value ?text }}")
    result = execute(query, store_path=store)
    return {str(r[0]): str(r[1]) for r in result.rows}


# the amount columns of a corrections file (a claim's verdict and a promise's links are corrected by rows of their
# own), then what was read
REVIEW_COLUMNS = (*(c for c in COLUMNS if c not in ("claim", "promise")), "why_listed", "title", "total", "euro",
                  "committed", "role", "confidence", "reason", "recipient", "corrected", "sentence")


def review_csv(rows: list[ReviewRow]) -> str:
    """The rows as a corrections file to fill in: set ``field`` (role, value, recipient, funded_item) and
    ``value`` on a row to correct it, with who, date and why."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(REVIEW_COLUMNS)
    for r in rows:
        w.writerow([r.decision, r.amount, "", "", "", "", "", r.why_listed, r.title, r.total, r.value, r.committed,
                    r.role, r.confidence, r.reason, r.recipient, "yes" if r.corrected else "", r.sentence])
    return buf.getvalue()


__all__ = ["REVIEW_COLUMNS", "ReviewRow", "money_review", "review_csv"]
