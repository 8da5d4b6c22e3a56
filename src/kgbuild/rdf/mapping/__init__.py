"""The one place that turns model objects into RDF triples. Each function maps one entity, so the
triples of a corpus can be produced piece by piece and streamed.

``base`` names the nodes (IRIs, concept schemes, literals, selectors); ``decisions`` maps decisions and what was
extracted from them; ``reports`` maps reports, claims and their reviews, and the agreement's sections.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from rdflib import Graph
from rdflib.namespace import RDF

from ...entities import Extracted
from ...model import Corpus
from ..namespaces import PREFIXES
from .base import (
    ACT_KIND_SCHEME,
    ACT_KINDS,
    ACT_TYPE_LABELS,
    ACT_TYPE_SCHEME,
    AGREEMENT,
    CBE,
    DOMAIN_SCHEME,
    ENTITY_CLASSES,
    ENTITY_PATHS,
    GRANT_KIND_SCHEME,
    KIND_LABELS,
    KIND_SCHEME,
    ORG_KIND_SCHEME,
    ROLE_LABELS,
    ROLE_SCHEME,
    THEME_SCHEME,
    THEMIS_THEME,
    THEMIS_THEME_ID,
    TITLE_STOP,
    VLAAMSE_REGERING,
    Triple,
    act_iri,
    act_type_iri,
    concept_triples,
    correction_triples,
    decimal,
    decision_iri,
    entity_iri,
    kbo_iri,
    nl,
    position_selector,
    report_iri,
    role_iri,
    section_iri,
    selection,
    source_iri,
    source_triples,
    static_triples,
    theme_iri,
)
from .decisions import (
    act_triples,
    annotation_triples,
    decision_link_triples,
    decision_triples,
    enterprise_triples,
    entity_triples,
    extraction_triples,
    grant_triples,
    mandatee_triples,
    theme_triples,
)
from .reports import (
    agreement_section_triples,
    claim_triples,
    leaf_iri,
    promise_iri,
    promise_link_triples,
    relevance_triples,
    report_triples,
    review_triples,
    section_path_triples,
)


def latest_date(corpus: Corpus) -> str | None:
    """The date of the latest decision of a corpus (ISO), the publication date of its claim reviews."""
    dates = [d.date for d in corpus.decisions.values() if d.date]
    return max(dates).isoformat() if dates else None


def corpus_triples(corpus: Corpus, extracted: Extracted | None = None) -> Iterator[Triple]:
    """Every triple of a resolved corpus, entity by entity."""
    yield from static_triples()
    yield from theme_triples(c.theme for r in corpus.reports for c in r.claims if c.theme)
    for report in corpus.reports:
        yield from report_triples(report, corpus.report_sections.get(report.key),
                                  extracted.checks if extracted is not None else None, latest_date(corpus))
    for dec in corpus.decisions.values():
        yield from decision_triples(dec)
    for section in corpus.sections:
        yield from agreement_section_triples(section)
    if extracted is not None:
        for entity in extracted.entities.values():
            yield from entity_triples(entity)
        for ident, found in extracted.found.items():
            yield from extraction_triples(corpus.decisions[ident], found)
    # a report file is the source of the report and of every decision it cites: describe it once
    sources = {r.source for r in corpus.reports} | {s.source for s in corpus.sections}
    sources.update(src for dec in corpus.decisions.values() for src in dec.sources)
    for src in sorted(sources, key=lambda s: (s.path, s.sha256)):
        yield from source_triples(src)


def new_graph(triples: Iterable[Triple] = ()) -> Graph:
    """A graph with kgbuild's prefixes bound (and no others), filled with ``triples``."""
    g = Graph(bind_namespaces="none")
    for prefix, ns in PREFIXES.items():
        g.bind(prefix, ns)
    g.bind("rdf", str(RDF))
    for t in triples:
        g.add(t)
    return g


__all__ = [
    "ACT_KINDS",
    "ACT_KIND_SCHEME",
    "ACT_TYPE_LABELS",
    "ACT_TYPE_SCHEME",
    "AGREEMENT",
    "CBE",
    "DOMAIN_SCHEME",
    "ENTITY_CLASSES",
    "ENTITY_PATHS",
    "GRANT_KIND_SCHEME",
    "KIND_LABELS",
    "KIND_SCHEME",
    "ORG_KIND_SCHEME",
    "ROLE_LABELS",
    "ROLE_SCHEME",
    "THEME_SCHEME",
    "THEMIS_THEME",
    "THEMIS_THEME_ID",
    "TITLE_STOP",
    "VLAAMSE_REGERING",
    "Triple",
    "act_iri",
    "act_triples",
    "act_type_iri",
    "agreement_section_triples",
    "annotation_triples",
    "claim_triples",
    "concept_triples",
    "corpus_triples",
    "correction_triples",
    "decimal",
    "decision_iri",
    "decision_link_triples",
    "decision_triples",
    "enterprise_triples",
    "entity_iri",
    "entity_triples",
    "extraction_triples",
    "grant_triples",
    "kbo_iri",
    "latest_date",
    "leaf_iri",
    "mandatee_triples",
    "new_graph",
    "nl",
    "position_selector",
    "promise_iri",
    "promise_link_triples",
    "relevance_triples",
    "report_iri",
    "report_triples",
    "review_triples",
    "role_iri",
    "section_iri",
    "section_path_triples",
    "selection",
    "source_iri",
    "source_triples",
    "static_triples",
    "theme_iri",
    "theme_triples",
]
