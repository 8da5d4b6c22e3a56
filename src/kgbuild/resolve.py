"""Merge what the readers found: one decision per id from all its sources, one report per key."""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from collections.abc import Iterable

from .dutch import dehyphenate
from .model import (
    TEXT_ORDER,
    AgreementSection,
    Claim,
    Corpus,
    Decision,
    DecisionFacts,
    Document,
    Problem,
    Report,
    ReportMetadata,
    SectionPath,
    canonical_id,
)
from .readers.agreement import parse_section_name
from .text import clean


def _first(facts: list[DecisionFacts], attr: str) -> object:
    for f in facts:
        value = getattr(f, attr)
        if value:
            return value
    return None


def merge_decision(facts: list[DecisionFacts], problems: list[Problem]) -> Decision:
    """One decision from the facts of every source; conflicting dates or kinds are reported."""
    facts = sorted(facts, key=lambda f: (f.rank, f.source.path))
    ident = facts[0].id
    for attr in ("date", "kind"):
        values = {getattr(f, attr) for f in facts if getattr(f, attr)}
        if len(values) > 1:
            kept = _first(facts, attr)
            where = "; ".join(f"{getattr(f, attr)} in {f.source.path}" for f in facts if getattr(f, attr))
            problems.append(Problem(facts[0].source.path, f"decision {ident} has {len(values)} different "
                                                          f"{attr}s ({where}); keeping {kept}"))
    by_text = sorted((f for f in facts if f.text and f.text.strip()),
                     key=lambda f: (TEXT_ORDER.get(f.rank, 9), f.source.path))
    text = by_text[0].text if by_text else None
    title = _first(facts, "title")
    formal = _first(facts, "formal_title")
    body = clean(text or "")
    for part in (title, formal):
        if isinstance(part, str) and body.startswith(part):
            body = body[len(part):].strip()
    return Decision(
        id=ident,
        date=_first(facts, "date"),  # type: ignore[arg-type]
        kind=_first(facts, "kind"),  # type: ignore[arg-type]
        title=title,  # type: ignore[arg-type]
        formal_title=formal,  # type: ignore[arg-type]
        text=text,
        title_only=len(body) < 3,
        sources=tuple(sorted({f.source for f in facts}, key=lambda s: s.path)),
        source_urls=tuple(sorted({f.source_url for f in facts if f.source_url})),
        themis_uris=tuple(sorted({f.themis_uri for f in facts if f.themis_uri})),
        meeting=_first(facts, "meeting"),  # type: ignore[arg-type]
        mandatees=tuple(dict.fromkeys(m for f in facts for m in f.mandatees)),
        theme_ids=tuple(sorted({t for f in facts for t in f.theme_ids})),
        text_source=by_text[0].source if by_text else None,
    )


def _merge_reports(reports: list[Report], problems: list[Problem]) -> Report:
    """The Markdown form gives structure and claims; other forms add references it lacks."""
    reports = sorted(reports, key=lambda r: (r.source.format != "report-markdown", r.source.path))
    main = dataclasses.replace(reports[0], references=dict(reports[0].references), claims=list(reports[0].claims))
    for other in reports[1:]:
        main.title = main.title or other.title
        main.summary = main.summary or other.summary
        main.conclusion = main.conclusion or other.conclusion
        for n, ref in other.references.items():
            main.references.setdefault(n, ref)
    return main


def _resolve_citations(report: Report, problems: list[Problem]) -> Report:
    claims: list[Claim] = []
    missing: set[int] = set()
    for claim in report.claims:
        known = tuple(n for n in claim.citations if n in report.references)
        missing.update(n for n in claim.citations if n not in report.references)
        if known:
            claims.append(dataclasses.replace(claim, citations=known))
        else:
            problems.append(Problem(report.source.path, f"claim {claim.text[:60]!r} cites only missing "
                                                        "references; it is left out"))
    for n in sorted(missing):
        problems.append(Problem(report.source.path, f"cites [{n}] but the report has no reference {n}"))
    if not claims:
        problems.append(Problem(report.source.path, "report has no claims (no bullet or sentence cites a "
                                                    "reference)"))
    report.claims = claims
    return report


def resolve(documents: Iterable[Document], problems: list[Problem]) -> Corpus:
    """Group documents by identity and merge them; new problems are appended to ``problems``."""
    reports: dict[str, list[Report]] = defaultdict(list)
    facts: dict[str, list[DecisionFacts]] = defaultdict(list)
    metadata: dict[str, ReportMetadata] = {}
    sections: dict[tuple[str, str], list[AgreementSection]] = defaultdict(list)
    for doc in documents:
        if isinstance(doc, Report):
            reports[doc.key].append(doc)
            for ref in doc.references.values():
                facts[canonical_id(ref.decision.id)].append(ref.decision)
        elif isinstance(doc, DecisionFacts):
            facts[canonical_id(doc.id)].append(doc)
        elif isinstance(doc, ReportMetadata):
            metadata[doc.key] = doc
        else:
            sections[doc.path.key].append(doc)
    merged_reports = [merge_reports(reports[k], problems) for k in sorted(reports)]
    report_sections: dict[str, SectionPath] = {}
    for report_key in sorted(metadata):
        report_sections[report_key] = parse_section_name(metadata[report_key].topic)
    decisions = {k: merge_decision(facts[k], problems) for k in sorted(facts)}
    return Corpus(
        reports=merged_reports,
        report_sections=report_sections,
        decisions=decisions,
        sections=[merge_sections(sections[k], problems) for k in sorted(sections, key=section_order)],
        problems=problems,
    )


def section_order(key: tuple[str, str]) -> tuple[str, tuple[int, ...]]:
    """Sections in the order of the agreement: by policy domain, then by number (1.2 before 1.10)."""
    return key[0], tuple(int(p) for p in key[1].split(".") if p.isdigit())


def merge_reports(reports: list[Report], problems: list[Problem]) -> Report:
    """One report from the forms read of it (Markdown, JSON), with its citations checked."""
    return _resolve_citations(_merge_reports(reports, problems), problems)


def merge_sections(sections: list[AgreementSection], problems: list[Problem]) -> AgreementSection:
    """One section read from several files: the first by path is kept, the others reported; the words its line
    breaks split ("samen-werking", "moge-lijk": 2,200 in the agreement's texts) joined again, every offset kept."""
    ordered = sorted(sections, key=lambda s: s.source.path)
    first = ordered[0]
    for other in ordered[1:]:
        if other.source.path != first.source.path:
            key = first.path.key
            problems.append(Problem(other.source.path, f"section {key[1]} of {key[0]} also read from "
                                                       f"{first.source.path}; keeping that one"))
    return dataclasses.replace(first, text=dehyphenate(first.text))
