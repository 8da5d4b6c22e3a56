"""What each page of the site says, as plain data: the rows of its tables (decisions, amounts, claims) with the
attributes the filters read, the highlighted text of a decision, and the lists of linked names.

Everything here is computed from ``viz.VizData`` alone, in Python, with no I/O; ``render`` turns it into HTML
through the Jinja2 templates (which escape every string) and into the JSON the script reads.
"""

from __future__ import annotations

import dataclasses
import hashlib
import html
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from decimal import Decimal
from html.entities import html5
from typing import TypeVar

from rdflib import URIRef

from ..rdf.mapping import promise_iri as graph_promise_iri
from ..sentences import split
from ..text import slug
from ..viz.data import VizData, VizNode, euro, euro_full
from ..viz.money import counted as money_counted
from .rows import ClaimRow, DecisionRow, Evidence, GrantRow, Link, Page, PromiseRow, Segment

# The kinds of node that have a page of their own, in the order the index lists them.
PAGE_TYPES: dict[str, str] = {
    "report": "Reports", "section": "Agreement sections", "organisation": "Organisations",
    "programme": "Programmes", "person": "Ministers", "theme": "Themes", "decision": "Decisions",
}

VERDICTS = ("supported", "partly supported", "unsupported", "contradicted", "not checkable", "not rated")

_WORD = re.compile(r"\w+")
R = TypeVar("R")
_MAX_NAME_WORDS = 8


class Site:
    """The pages of the whole site, with the lookups every page needs (built once)."""

    def __init__(self, data: VizData) -> None:
        self.data = data
        self.keys: dict[str, str] = {}
        for iri, node in sorted(data.nodes.items()):
            if node.type in PAGE_TYPES:
                self.keys[iri] = f"{node.type}/{_file_name(node)}"
        self.claim_anchor: dict[str, Link] = {}
        self.claim_ref: dict[str, str] = {}  # "<report key>#<n>", as a corrections file names a claim
        for report in sorted(data.of_type("report"), key=lambda n: n.iri):
            ident = dict(report.details).get("Identifier", "")
            for n, claim in enumerate(sorted(data.targets(report.iri, "has claim"), key=_claim_order), start=1):
                self.claim_anchor[claim] = Link(report.label, self.keys[report.iri], f"claim-{n}")
                tail = claim.rsplit("/", 1)[-1]
                if ident and tail.isdigit():
                    self.claim_ref[claim] = f"{ident}#{tail}"
        self.grant_anchor: dict[str, Link] = {}
        for decision in sorted(data.of_type("decision"), key=lambda n: n.iri):
            for n, grant in enumerate(sorted(data.targets(decision.iri, "grant")), start=1):
                self.grant_anchor[grant] = Link(decision.label, self.keys[decision.iri], f"amount-{n}")
        self.report_domains = {r.iri: sorted({dict(data.nodes[s].details).get("Policy domain", "")
                                             for s in data.targets(r.iri, "evaluates")} - {""})
                               for r in data.of_type("report")}
        self.decision_domains: dict[str, list[str]] = {}
        self.decision_claims: dict[str, list[str]] = defaultdict(list)
        for claim_node in data.of_type("claim"):
            for d in data.targets(claim_node.iri, "cites"):
                self.decision_claims[d].append(claim_node.iri)
        for d, claims in self.decision_claims.items():
            self.decision_domains[d] = sorted({x for c in claims for r in data.sources(c, "has claim")
                                               for x in self.report_domains.get(r, ())})
        self.ministers = {d.iri: sorted(data.targets(d.iri, "minister"), key=lambda p: data.nodes[p].label)
                          for d in data.of_type("decision")}
        self.named_in_claims = _claims_naming(data)
        # a row is the same on every page that lists it: made once
        self._decision_rows: dict[str, DecisionRow] = {}
        self._grant_rows: dict[str, GrantRow | None] = {}
        self._claim_rows: dict[str, ClaimRow | None] = {}

    # -- small lookups

    def link(self, iri: str) -> Link:
        node = self.data.nodes.get(iri)
        label = node.label if node is not None else iri.rsplit("/", 1)[-1]
        if iri in self.keys:
            return Link(label, self.keys[iri])
        return self.claim_anchor.get(iri) or self.grant_anchor.get(iri) or Link(label)

    def links(self, iris: Iterable[str]) -> list[Link]:
        return sorted((self.link(i) for i in dict.fromkeys(iris)), key=lambda x: (x.label.casefold(), x.key))

    def node(self, iri: str) -> VizNode:
        return self.data.nodes[iri]

    # -- rows

    def decision_row(self, iri: str, note: str = "") -> DecisionRow:
        row = self._decision_rows.get(iri)
        if row is None:
            row = self._decision_rows[iri] = self._decision_row(iri)
        return dataclasses.replace(row, note=note) if note else row

    def _decision_row(self, iri: str) -> DecisionRow:
        n = self.data.nodes[iri]
        grants = [self.data.nodes[g] for g in self.data.targets(iri, "grant")]
        counting = [g for g in grants if g.money is not None and g.role in (None, "committed")]
        counted = [money_counted(g) for g in counting]
        low = sum((money_counted(g) for g in counting if g.confidence == "low"), Decimal(0))
        return DecisionRow(self.link(iri), n.date, dict(n.details).get("Kind", ""),
                           self.links(self.ministers.get(iri, ())), self.decision_domains.get(iri, []),
                           sum(counted, Decimal(0)) if counted else None, len(grants),
                           len(self.decision_claims.get(iri, ())), low=low)

    def decision_rows(self, iris: Iterable[str]) -> list[DecisionRow]:
        rows = [self.decision_row(i) for i in dict.fromkeys(iris) if i in self.data.nodes]
        return sorted(rows, key=lambda r: (r.date, r.link.label, r.link.key), reverse=True)

    def grant_rows(self, iris: Iterable[str]) -> list[GrantRow]:
        rows = _made(self._grant_rows, self._grant_row, iris)
        return sorted(rows, key=lambda r: (r.date, r.amount, r.decision.key, r.anchor), reverse=True)

    def _grant_row(self, g: str) -> GrantRow | None:
        node = self.data.nodes.get(g)
        if node is None or node.money is None:
            return None
        out = self.data.out.get(g, [])
        decisions = self.data.sources(g, "grant")
        d = decisions[0] if decisions else ""
        anchor = self.grant_anchor.get(g, Link(""))
        return GrantRow(
            anchor.anchor, node.money, node.role or "", self.link(d) if d else Link("(no decision)"),
            self.data.nodes[d].date if d else "",
            self.links(e.target for e in out if e.kind == "recipient"),
            self.links(e.target for e in out if e.kind in ("funds", "funded by")),
            self.links(self.ministers.get(d, ())), self.decision_domains.get(d, []), node.quote,
            _sentence_of(self.data.nodes[d].text, node.quote) if d else "",
            money_counted(node) if node.role in (None, "committed") else Decimal(0), node.confidence, node.reason,
            node.corrected)

    def claim_rows(self, iris: Iterable[str]) -> list[ClaimRow]:
        rows = _made(self._claim_rows, self._claim_row, iris)
        return sorted(rows, key=lambda r: (r.report.key, _anchor_number(r.anchor)))

    def _claim_row(self, c: str) -> ClaimRow | None:
        node = self.data.nodes.get(c)
        if node is None:
            return None
        cited = self.data.targets(c, "cites")
        report = self.claim_anchor.get(c, Link("(no report)"))
        themes = self.data.targets(c, "theme")
        dates = [self.data.nodes[d].date for d in cited if self.data.nodes[d].date]
        reports = self.data.sources(c, "has claim")
        evidence = [Evidence(quote, self.link(d), self.data.nodes[d].date if d in self.data.nodes else "")
                    for d, quote in node.evidence]
        return ClaimRow(
            report.anchor, node.label, node.rating or "not rated", dict(node.details).get("Why", ""),
            Link(report.label, report.key), self.link(themes[0]) if themes else None, evidence,
            self.links(cited), max(dates, default=""),
            self.links(p for d in cited for p in self.ministers.get(d, ())),
            sorted({x for r in reports for x in self.report_domains.get(r, ())}), self.claim_ref.get(c, ""))

    # -- pages

    def page(self, iri: str) -> Page:
        """The page of ``iri`` (a node with a page of its own)."""
        make = {"decision": self.decision_page, "report": self.report_page, "section": self.section_page,
                "organisation": self.entity_page, "programme": self.entity_page, "person": self.person_page,
                "theme": self.theme_page}
        return make[self.data.nodes[iri].type](iri)

    def pages(self) -> list[Page]:
        return [self.page(iri) for iri in sorted(self.keys, key=self.keys.__getitem__)]

    def _page(self, iri: str) -> Page:
        n = self.data.nodes[iri]
        return Page(self.keys[iri], n.type, iri, n.label, links=list(n.links))

    def decision_page(self, iri: str) -> Page:
        n = self.data.nodes[iri]
        page = self._page(iri)
        facts = dict(n.details)
        page.grants = self.grant_rows(self.data.targets(iri, "grant"))
        page.facts = [(k, facts[k]) for k in ("Date", "Kind") if facts.get(k)]
        page.facts += decided(page.grants)
        page.facts += [(k, facts[k]) for k in ("Identifier", "Formal title", "Text") if facts.get(k)]
        page.lists.append(("Ministers", [(x, "") for x in self.links(self.ministers.get(iri, ()))]))
        domains = self.decision_domains.get(iri, [])
        if domains:
            page.facts.append(("Policy domains", "; ".join(domains)))
        mentioned = self.data.targets(iri, "mentions")
        page.lists.append(("Mentions", [(x, self.node_type_label(x.key)) for x in self.links(mentioned)]))
        page.text_title = "Full text"
        page.text = _segments(n.text, self.data.spans.get(iri, []), self)
        page.claims = self.claim_rows(self.decision_claims.get(iri, ()))
        page.neighbours = [*mentioned, *self.ministers.get(iri, ()), *self.data.targets(iri, "grant"),
                           *self.decision_claims.get(iri, ())]
        return page

    def node_type_label(self, key: str) -> str:
        return key.split("/", 1)[0] if key else ""

    def report_page(self, iri: str) -> Page:
        n = self.data.nodes[iri]
        page = self._page(iri)
        details = dict(n.details)
        page.facts = [(k, v) for k, v in (("Identifier", details.get("Identifier", "")),
                                          ("Policy domains", "; ".join(self.report_domains.get(iri, []))),
                                          ("Summary", n.quote), ("Conclusion", details.get("Conclusion", ""))) if v]
        sections = self.data.targets(iri, "evaluates")
        page.lists.append(("Evaluates", [(x, "") for x in self.links(sections)]))
        claims = sorted(self.data.targets(iri, "has claim"), key=_claim_order)
        page.claims = self.claim_rows(claims)
        ratings = Counter(r.verdict for r in page.claims)
        page.facts.append(("Claims", ", ".join(f"{ratings[v]} {v}" for v in VERDICTS if ratings[v]) or "none"))
        cited = [d for c in claims for d in self.data.targets(c, "cites")]
        page.decisions = self.decision_rows(cited)
        page.decisions_title = "Decisions its claims cite"
        page.grants = self.grant_rows(g for d in dict.fromkeys(cited) for g in self.data.targets(d, "grant"))
        page.uncited = [self.decision_row(d, f"#{rank}") for rank, d in enumerate(n.uncited, start=1)
                        if d in self.data.nodes]
        page.neighbours = [*sections, *claims, *cited]
        return page

    def section_page(self, iri: str) -> Page:
        n = self.data.nodes[iri]
        page = self._page(iri)
        page.facts = [(k, v) for k, v in n.details if v]
        page.lists.append(("Part of", [(x, "") for x in self.links(self.data.targets(iri, "part of"))]))
        page.lists.append(("Parts", [(x, "") for x in self.links(self.data.sources(iri, "part of"))]))
        reports = self.data.sources(iri, "evaluates")
        page.lists.append(("Reports that evaluate it", [(x, "") for x in self.links(reports)]))
        page.text_title = "Text of the agreement"
        page.text = [Segment(n.text)] if n.text else []
        claims = [c for r in reports for c in sorted(self.data.targets(r, "has claim"), key=_claim_order)]
        page.claims = self.claim_rows(claims)
        page.decisions = self.decision_rows(d for c in claims for d in self.data.targets(c, "cites"))
        page.decisions_title = "Decisions its reports cite"
        page.neighbours = [*self.data.targets(iri, "part of"), *self.data.sources(iri, "part of"), *reports]
        page.promises = [self.promise_row(number, text, acting, promise_iri(iri, number))
                         for number, text, acting in self.data.promises.get(iri, ())]
        return page

    def promise_row(self, number: int, text: str, acting: list[str], iri: str = "") -> PromiseRow:
        decisions = self.decision_rows(acting)
        committed = sum((d.committed for d in decisions if d.committed is not None), Decimal(0))
        status = "money committed" if committed > 0 else "acted on" if decisions else "no decision found"
        return PromiseRow(f"belofte-{number}", number, text, status, [d.link for d in decisions], committed, iri)

    def _related(self, decisions: list[str], own: str) -> list[tuple[str, list[tuple[Link, str]]]]:
        """The programmes, organisations and ministers of ``decisions`` besides ``own``, most decisions first."""
        out = []
        for title, kinds, types in (("Ministers involved", ("minister",), ("person",)),
                                    ("Programmes involved", ("mentions",), ("programme",)),
                                    ("Organisations involved", ("mentions",), ("organisation",))):
            counts = Counter(t for d in decisions for t in dict.fromkeys(self.data.targets(d, *kinds))
                             if t != own and self.data.nodes[t].type in types)
            top = sorted(counts.items(), key=lambda x: (-x[1], self.data.nodes[x[0]].label))[:25]
            out.append((title, [(self.link(i), f"{c} decision{'s' if c != 1 else ''}") for i, c in top]))
        return out

    def entity_page(self, iri: str) -> Page:
        n = self.data.nodes[iri]
        page = self._page(iri)
        page.facts = [(k, v) for k, v in n.details if v]
        grants = [*self.data.sources(iri, "recipient", "funds", "funded by")]
        decisions = [*self.data.sources(iri, "mentions"), *(d for g in grants for d in self.data.sources(g, "grant"))]
        decisions = list(dict.fromkeys(decisions))
        page.decisions = self.decision_rows(decisions)
        page.decisions_title = "Decisions that name or fund it"
        page.grants = self.grant_rows(grants)
        page.lists = self._related(decisions, iri)
        page.claims = self.claim_rows(self.named_in_claims.get(iri, ()))
        parts = [*self.data.targets(iri, "part of"), *self.data.sources(iri, "part of")]
        page.lists.insert(0, ("Part of / parts", [(x, "") for x in self.links(parts)]))
        page.neighbours = [*parts, *decisions, *grants]
        return page

    def person_page(self, iri: str) -> Page:
        n = self.data.nodes[iri]
        page = self._page(iri)
        decisions = list(dict.fromkeys(self.data.sources(iri, "minister")))
        offices = Counter(e.quote for d in decisions for e in self.data.out.get(d, ())
                          if e.kind == "minister" and e.target == iri and e.quote)
        page.facts = [("Offices", "; ".join(o for o, _ in sorted(offices.items(), key=lambda x: (-x[1], x[0]))))]
        page.facts = [(k, v) for k, v in [*page.facts, *n.details] if v]
        page.decisions = self.decision_rows(decisions)
        page.decisions_title = "Decisions on the minister's proposal"
        page.grants = self.grant_rows(g for d in decisions for g in self.data.targets(d, "grant"))
        page.lists = self._related(decisions, iri)[1:]
        page.claims = self.claim_rows(c for d in decisions for c in self.decision_claims.get(d, ()))
        page.neighbours = decisions
        return page

    def theme_page(self, iri: str) -> Page:
        page = self._page(iri)
        claims = sorted(self.data.sources(iri, "theme"), key=_claim_order)
        page.claims = self.claim_rows(claims)
        reports = [r for c in claims for r in self.data.sources(c, "has claim")]
        page.lists.append(("Reports", [(x, "") for x in self.links(reports)]))
        page.decisions = self.decision_rows(d for c in claims for d in self.data.targets(c, "cites"))
        page.decisions_title = "Decisions its claims cite"
        page.neighbours = [*claims, *reports]
        return page


def _made(cache: dict[str, R | None], make: Callable[[str], R | None], iris: Iterable[str]) -> list[R]:
    """The rows of ``iris`` (each made once, then taken from ``cache``), without the IRIs that have none."""
    rows = []
    for iri in dict.fromkeys(iris):
        if iri not in cache:
            cache[iri] = make(iri)
        row = cache[iri]
        if row is not None:
            rows.append(row)
    return rows


def _file_name(node: VizNode) -> str:
    """A page's file name: a decision's identifier, else the name as a slug and a short hash of the IRI (two
    names that fold to the same slug stay apart)."""
    ident = dict(node.details).get("Identifier", "")
    if node.type == "decision" and re.fullmatch(r"[A-Za-z0-9]{6,40}", ident):
        return ident.lower()
    digest = hashlib.sha256(node.iri.encode()).hexdigest()[:8]
    return f"{slug(node.label)[:48].rstrip('-.')}-{digest}"


def promise_iri(section: str, number: int) -> str:
    """A promise's IRI, as the graph names it (``rdf.mapping.promise_iri``), for a corrections file's row."""
    return str(graph_promise_iri(URIRef(section), number))


def _claim_order(iri: str) -> tuple[int, str]:
    tail = iri.rsplit("/", 1)[-1]
    return (int(tail), iri) if tail.isdigit() else (1 << 30, iri)


def _anchor_number(anchor: str) -> int:
    tail = anchor.rsplit("-", 1)[-1]
    return int(tail) if tail.isdigit() else 0


def _sentence_of(text: str, quote: str) -> str:
    """The sentence of ``text`` that holds ``quote`` (its first occurrence), else the quote."""
    at = text.find(quote) if quote else -1
    if at < 0:
        return quote
    for s in split(text):
        if s.start <= at < s.end:
            return s.text
    return quote


def _segments(text: str, spans: list[tuple[int, str, str]], site: Site) -> list[Segment]:
    """``text`` cut into plain pieces and highlighted mentions. The recorded offsets count characters of the
    source file, before white space was folded, so each quote is looked up from where the previous one ended,
    never before; a quote not found after it is left unmarked (the mention is still listed)."""
    out: list[Segment] = []
    at = 0
    for _start, quote, target in sorted(spans, key=lambda s: (s[0], -len(s[1]), s[2])):
        found = text.find(quote, at)
        if not quote or found < 0:
            continue
        if found > at:
            out.append(Segment(tidy(text[at:found])))
        node = site.data.nodes.get(target)
        out.append(Segment(tidy(quote), site.link(target), node.type if node is not None else ""))
        at = found + len(quote)
    if at < len(text):
        out.append(Segment(tidy(text[at:])))
    return out


# "O&O;-projecten": a source text's entity left half-decoded; shown once decoded ("&amp;" -> "&") or without the
# stray ";" of a name no entity has
_ENTITY = re.compile(r"&([A-Za-z][A-Za-z0-9]{0,9});")


def tidy(text: str) -> str:
    """Text as a reader should see it: entities decoded once, the ";" of a broken one dropped."""
    return _ENTITY.sub(lambda m: html.unescape(m.group(0)) if m.group(0)[1:] in html5 else f"&{m.group(1)}", text)


def _claims_naming(data: VizData) -> dict[str, list[str]]:
    """The claims whose text names each organisation or programme (any of its names, whole words, any case),
    found by looking up every run of up to eight words of a claim: linear in the claims' length."""
    names: dict[str, set[str]] = defaultdict(set)
    for node in data.nodes.values():
        if node.type in ("organisation", "programme"):
            for name in node.names:
                words = _WORD.findall(name.casefold())
                if words and len(words) <= _MAX_NAME_WORDS and len(" ".join(words)) >= 3:
                    names[" ".join(words)].add(node.iri)
    found: dict[str, list[str]] = defaultdict(list)
    for claim in sorted(data.of_type("claim"), key=lambda n: _claim_order(n.iri)):
        words = _WORD.findall(claim.label.casefold())
        hits: set[str] = set()
        for i in range(len(words)):
            for j in range(i + 1, min(len(words), i + _MAX_NAME_WORDS) + 1):
                hits |= names.get(" ".join(words[i:j]), set())
        for iri in sorted(hits):
            found[iri].append(claim.iri)
    return dict(found)


def decided(grants: list[GrantRow]) -> list[tuple[str, str]]:
    """A decision page's header lines on money: the amount it decides, the part of it with low confidence, and
    why (the reason of each committed amount)."""
    counts = [g for g in grants if g.counts]
    if not grants:
        return []
    total = sum((g.committed for g in counts), Decimal(0))
    low = sum((g.committed for g in counts if g.confidence == "low"), Decimal(0))
    shown = euro_full(total) + (f" (of which {euro_full(low)} with low confidence)" if low else "")
    why = "; ".join(f"{g.shown}: {g.why}" for g in counts) or \
        "no amount is committed here: " + "; ".join(f"{g.shown} is {g.role_name} ({g.reason})" for g in grants)
    return [("Decided amount", shown), ("Why", why)]


def money_label(value: Decimal | None) -> str:
    return euro(value) if value is not None else ""
