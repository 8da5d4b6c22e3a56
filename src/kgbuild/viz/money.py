"""Committed money as the page shows it: each euro once (see ``COMMITTED_RULE``)."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from rdflib.term import Node as RdfNode

from .data import RATING_COLOURS, VizData, VizNode, euro_full

TOP_BARS = 12
NO_PROGRAMME, NO_RECIPIENT = "(no programme named)", "(no recipient named)"


@dataclass
class Money:
    """Committed money in a set of grants (each euro once): per programme, per year, per recipient and the
    flows from the programme or plan that pays to the recipient."""

    per_programme: dict[str, Decimal] = field(default_factory=dict)
    per_year: dict[str, Decimal] = field(default_factory=dict)
    per_recipient: dict[str, Decimal] = field(default_factory=dict)
    flows: dict[tuple[str, str], Decimal] = field(default_factory=dict)
    grants: int = 0
    low: Decimal = Decimal(0)  # the part of the committed money whose role has low confidence


def counted(node: VizNode) -> Decimal:
    """What a committed grant adds to the totals: its kg:committedAmount (the increase of a raised budget), or
    its value in a graph made before grants had one."""
    return node.committed if node.committed is not None else node.money or Decimal(0)


def committed_money(data: VizData, grants: Iterable[str]) -> Money:
    """The committed money of ``grants`` (IRIs): only amounts whose role is committed count, so a total and
    its parts, restatements, earlier decisions and other parties' money are never added twice. A graph made
    before amounts had roles counts every amount."""
    money = Money()
    per_programme: dict[str, Decimal] = defaultdict(Decimal)
    per_year: dict[str, Decimal] = defaultdict(Decimal)
    per_recipient: dict[str, Decimal] = defaultdict(Decimal)
    flows: dict[tuple[str, str], Decimal] = defaultdict(Decimal)
    for iri in sorted(set(grants)):
        node = data.nodes[iri]
        if node.money is None or node.role not in (None, "committed"):
            continue
        money.grants += 1
        value = counted(node)
        if node.confidence == "low":
            money.low += value
        out = data.out.get(iri, ())
        programmes = sorted({e.target for e in out if e.kind in ("funds", "funded by")})
        recipients = sorted({e.target for e in out if e.kind == "recipient"})
        for p in programmes:
            per_programme[p] += value
        for r in recipients:
            per_recipient[r] += value
        source = next((e.target for e in sorted(out, key=lambda e: (e.kind != "funds", e.target))
                       if e.kind in ("funds", "funded by")), NO_PROGRAMME)
        flows[(source, recipients[0] if recipients else NO_RECIPIENT)] += value
        for d in data.sources(iri, "grant"):
            per_year[data.nodes[d].date[:4] or "no date"] += value
    money.per_programme = dict(sorted(per_programme.items()))
    money.per_year = dict(sorted(per_year.items()))
    money.per_recipient = dict(sorted(per_recipient.items()))
    money.flows = dict(sorted(flows.items()))
    return money


COMMITTED_RULE = ("Committed money only, each euro once: new money a decision grants or budgets in its operative "
                  "clause (a raised budget counts its increase). Parts of a total, restated amounts, earlier "
                  "decisions, other parties' money, targets, thresholds, unit rates, loans, plan totals and "
                  "context are left out (the same rule as queries/committed-per-decision.rq).")


def top_values(data: VizData, values: dict[str, Decimal]) -> tuple[list[tuple[str, Decimal]], str]:
    rows = sorted(((data.nodes[i].label if i in data.nodes else i, v) for i, v in values.items()),
                  key=lambda x: (-x[1], x[0]))
    rest = rows[TOP_BARS:]
    note = f"{len(rest)} more: {euro_full(sum((v for _, v in rest), Decimal(0)))}. " if rest else ""
    return rows[:TOP_BARS], note


def add_totals(data: VizData, grant_values: dict[RdfNode, Decimal]) -> None:
    """Committed money per programme, year and recipient, claims per rating, reports per domain."""
    money = committed_money(data, (str(g) for g in grant_values))
    per_programme, per_year = money.per_programme, money.per_year
    received: dict[str, Decimal] = defaultdict(Decimal)
    for iri, value in {**money.per_recipient, **money.per_programme}.items():
        received[iri] += value
    for iri, total in received.items():
        node = data.nodes[iri]
        node.money = total
        node.details.append(("Committed money received or funded", euro_full(total)))
    for n in data.nodes.values():
        if n.type == "decision":
            grants = [data.nodes[g] for g in data.targets(n.iri, "grant")]
            if grants:
                counts = [g for g in grants if g.money is not None and g.role in (None, "committed")]
                total = sum((counted(g) for g in counts), Decimal(0))
                low = sum((counted(g) for g in counts if g.confidence == "low"), Decimal(0))
                n.details.append(("Amounts", f"{len(grants)}; committed here: {euro_full(total)}"
                                  + (f", of which {euro_full(low)} with low confidence" if low else "")))
        n.details = [(k, v) for k, v in n.details if v]
    data.money_per_programme = dict(sorted(per_programme.items()))
    data.money_per_year = dict(sorted(per_year.items()))
    ratings = Counter(n.rating or "not rated" for n in data.of_type("claim"))
    data.ratings = {r: ratings[r] for r in [*RATING_COLOURS, *sorted(set(ratings) - set(RATING_COLOURS))]
                    if ratings[r]}
    domains: dict[str, list[str]] = defaultdict(list)
    for report in data.of_type("report"):
        for section in data.targets(report.iri, "evaluates"):
            domain = dict(data.nodes[section].details).get("Policy domain", "")
            if domain:
                domains[domain].append(report.iri)
    data.domains = dict(domains)
