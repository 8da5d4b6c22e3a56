"""Reports, claims and agreement sections as triples: the report and its claims, each claim's review with its
evidence, the agreement's sections, and the decisions a report did not cite."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping

from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, SKOS, XSD

from ...claims import BEST, WORST, ClaimCheck
from ...extract.base import CorrectionNote
from ...model import AgreementSection, Claim, Report, SectionPath
from ...promises import Promise, find_promises
from ...search import Candidate
from ...text import clean, slug
from ..namespaces import CITO, ID, KG, OA, SCHEMA
from .base import (
    AGREEMENT,
    DOMAIN_SCHEME,
    Triple,
    correction_triples,
    decimal,
    decision_iri,
    entity_iri,
    nl,
    position_selector,
    report_iri,
    section_iri,
    selection,
    source_iri,
    theme_iri,
)


def leaf_iri(path: SectionPath) -> URIRef:
    return section_iri(path.domain, path.parts[-1][0]) if path.parts else section_iri(path.domain)


def section_path_triples(path: SectionPath) -> Iterator[Triple]:
    """The chapter (one per policy domain) and each numbered section down to the one named."""
    domain = ID[f"concept/beleidsdomein/{slug(path.domain)}"]
    yield domain, RDF.type, SKOS.Concept
    yield domain, SKOS.prefLabel, nl(path.domain)
    yield domain, SKOS.inScheme, DOMAIN_SCHEME
    parent = AGREEMENT
    nodes = [(section_iri(path.domain), path.chapter, path.domain)]
    nodes += [(section_iri(path.domain, number), number, title) for number, title in path.parts]
    for node, number, title in nodes:
        yield node, RDF.type, KG.AgreementSection
        yield node, KG.sectionNumber, Literal(number)
        yield node, DCTERMS.title, nl(title)
        yield node, DCTERMS.isPartOf, parent
        yield node, KG.policyDomain, domain
        parent = node


def agreement_section_triples(section: AgreementSection) -> Iterator[Triple]:
    yield from section_path_triples(section.path)
    node = leaf_iri(section.path)
    yield node, PROV.value, nl(clean(section.text))
    yield node, PROV.wasDerivedFrom, source_iri(section.source)
    for promise in find_promises(section.text):
        yield from promise_triples(node, section, promise)


def promise_iri(section: URIRef, index: int) -> URIRef:
    return URIRef(f"{section}/belofte/{index}")


def promise_triples(node: URIRef, section: AgreementSection, promise: Promise) -> Iterator[Triple]:
    """A promise of a section: its text, its section, and the span of the section's file it was read from."""
    p = promise_iri(node, promise.index)
    yield p, RDF.type, KG.Promise
    yield p, SCHEMA.text, nl(clean(promise.text))
    yield p, SCHEMA.isPartOf, node
    span = URIRef(f"{p}/bron")
    yield p, PROV.wasDerivedFrom, span
    yield from selection(span, source_iri(section.source), (URIRef(f"{span}/positie"), promise.start, promise.end),
                         (URIRef(f"{span}/citaat"), nl(promise.text)))


def promise_link_triples(promise: URIRef, candidates: Iterable[Candidate], acting: Iterable[str],
                         corrections: Iterable[CorrectionNote] = ()) -> Iterator[Triple]:
    """The decisions ranked as possibly acting on a promise, and those taken to act on it (``acting``: ids, a
    reader's among them even when search did not rank it), with the readers' corrections that said so."""
    yield from ranked_triples(promise, KG.candidateDecision, "kandidaat", list(candidates))
    for ident in sorted({a.upper() for a in acting}):
        yield decision_iri(ident), KG.actsOn, promise
    for note in corrections:
        yield promise, KG.correctedBy, ID[f"correctie/{note.key}"]
        yield from correction_triples(note)


def ranked_triples(subject: URIRef, link: URIRef, name: str, candidates: Iterable[Candidate]) -> Iterator[Triple]:
    """Decisions ranked for ``subject``: one kg:Relevance node each (``subject/name/rank``), with the decision,
    its rank and its score, linked from the subject by ``link``."""
    for rank, c in enumerate(candidates, start=1):
        node = URIRef(f"{subject}/{name}/{rank}")
        yield subject, link, node
        yield node, RDF.type, KG.Relevance
        yield node, KG.candidate, decision_iri(c.decision)
        yield node, KG.rank, Literal(rank, datatype=XSD.positiveInteger)
        yield node, KG.score, decimal(f"{c.score:.3f}")


def claim_triples(report: Report, r: URIRef, index: int, claim: Claim) -> Iterator[Triple]:
    c = URIRef(f"{r}/bewering/{index}")
    yield c, RDF.type, SCHEMA.Claim
    yield c, SCHEMA.text, nl(claim.text)
    yield c, SCHEMA.isPartOf, r
    for n in claim.citations:
        yield c, CITO.citesAsEvidence, decision_iri(report.references[n].decision.id)
    if claim.theme:
        yield c, DCTERMS.subject, theme_iri(claim.theme)
    span, selector = URIRef(f"{c}/bron"), URIRef(f"{c}/bron/selector")
    yield c, PROV.wasDerivedFrom, span
    yield span, RDF.type, OA.SpecificResource
    yield span, OA.hasSource, source_iri(report.source)
    yield span, OA.hasSelector, selector
    yield from position_selector(selector, claim.start, claim.end)


def review_triples(claim: URIRef, check: ClaimCheck, published: str | None = None) -> Iterator[Triple]:
    """How well the cited decisions support a claim, as a schema:ClaimReview with a rating, the sentences
    that back (or contradict) it as Web Annotation selections of the decisions, and a body that says what is
    missing or what disagrees. ``published`` is the date of the latest decision of the build, not the clock,
    so that the same input gives the same graph."""
    review, rating = URIRef(f"{claim}/beoordeling"), URIRef(f"{claim}/beoordeling/score")
    yield review, RDF.type, SCHEMA.ClaimReview
    yield review, SCHEMA.itemReviewed, claim
    yield review, SCHEMA.reviewRating, rating
    if published:
        yield review, SCHEMA.datePublished, Literal(published, datatype=XSD.date)
    yield rating, RDF.type, SCHEMA.Rating
    yield rating, SCHEMA.ratingValue, decimal(check.value)
    yield rating, SCHEMA.bestRating, Literal(BEST, datatype=XSD.integer)
    yield rating, SCHEMA.worstRating, Literal(WORST, datatype=XSD.integer)
    yield rating, SCHEMA.alternateName, Literal(check.rating, lang="en")
    for term in dict.fromkeys(check.unsupported):
        yield review, KG.unsupportedTerm, nl(term)
    yield review, SCHEMA.reviewBody, Literal(check.body, lang="en")
    if check.correction is not None:  # a reader's verdict: the review says who set it; the body, what was found
        yield review, KG.correctedBy, ID[f"correctie/{check.correction.key}"]
        yield from correction_triples(check.correction)
    for n, found in enumerate(check.evidence, start=1):
        e = URIRef(f"{review}/bewijs/{n}")
        sentence = found.sentence
        yield review, KG.evidence, e
        yield e, KG.rank, Literal(n, datatype=XSD.positiveInteger)
        yield e, KG.score, decimal(f"{found.score:.3f}")
        yield from selection(e, decision_iri(sentence.decision), (URIRef(f"{e}/positie"), sentence.start, sentence.end),
                             (URIRef(f"{e}/citaat"), nl(sentence.text)))


def relevance_triples(subject: URIRef, candidates: Iterable[Candidate]) -> Iterator[Triple]:
    """The decisions ranked relevant to a report or an agreement section that it does not cite."""
    yield from ranked_triples(subject, KG.relevantUncited, "relevant", candidates)


def report_triples(report: Report, section: SectionPath | None,
                   checks: Mapping[tuple[str, int], ClaimCheck] | None = None,
                   published: str | None = None) -> Iterator[Triple]:
    r = report_iri(report.key)
    yield r, RDF.type, SCHEMA.Report
    yield r, DCTERMS.identifier, Literal(report.key)
    if report.title:
        yield r, DCTERMS.title, nl(report.title)
    if report.summary:
        yield r, SCHEMA.abstract, nl(report.summary)
    if report.conclusion:
        yield r, KG.conclusion, nl(report.conclusion)
    if section is not None:
        yield from section_path_triples(section)
        yield r, KG.evaluates, leaf_iri(section)
    yield r, PROV.wasDerivedFrom, source_iri(report.source)
    for i, claim in enumerate(report.claims, start=1):
        yield from claim_triples(report, r, i, claim)
        check = (checks or {}).get((report.key, i))
        if check is not None:
            # what the claim names, found by the decisions' extractors in its text: the queries join on it
            for type_, key in check.names:
                yield URIRef(f"{r}/bewering/{i}"), KG.names, entity_iri(type_, key)
            yield from review_triples(URIRef(f"{r}/bewering/{i}"), check, published)
