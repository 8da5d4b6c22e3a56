"""The one place that turns model objects into RDF triples. Each function maps one entity, so the
triples of a corpus can be produced piece by piece and streamed."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, FOAF, ORG, OWL, PROV, RDF, RDFS, SKOS, XSD

from .model import AgreementSection, Claim, Corpus, Decision, Mandatee, Report, SectionPath, Source
from .namespaces import BESLUIT, CITO, ELI, ID, KG, MANDAAT, OA, PERSON, PREFIXES, SCHEMA
from .readers.decision import canonical_id
from .text import clean, slug

Triple = tuple[URIRef, URIRef, URIRef | Literal]

VLAAMSE_REGERING = ID["organisatie/vlaamse-regering"]
KIND_SCHEME = ID["concept/besluittype"]
THEME_SCHEME = ID["concept/thema"]
DOMAIN_SCHEME = ID["concept/beleidsdomein"]
AGREEMENT = ID["regeerakkoord/2019-2024"]
KIND_LABELS = {"nota": "Nota", "mededeling": "Mededeling"}


def nl(value: str) -> Literal:
    return Literal(value, lang="nl")


def decision_iri(ident: str) -> URIRef:
    return ID[f"besluit/{canonical_id(ident)}"]


def report_iri(key: str) -> URIRef:
    return ID[f"rapport/{slug(key)}"]


def source_iri(source: Source) -> URIRef:
    return ID[f"bron/{source.sha256[:20]}"]


def section_iri(domain: str, number: str | None = None) -> URIRef:
    """Chapters are keyed by their policy domain, sections by domain and number (numbers restart per domain)."""
    tail = f"/{slug(number)}" if number else ""
    return ID[f"regeerakkoord/2019-2024/{slug(domain)}{tail}"]


def theme_iri(label: str) -> URIRef:
    return ID[f"concept/thema/{slug(label)}"]


def static_triples() -> Iterator[Triple]:
    """Nodes every graph has: the Flemish Government, the decision kinds, the schemes."""
    yield VLAAMSE_REGERING, RDF.type, ORG.Organization
    yield VLAAMSE_REGERING, RDF.type, BESLUIT.Bestuursorgaan
    yield VLAAMSE_REGERING, SKOS.prefLabel, nl("Vlaamse Regering")
    yield VLAAMSE_REGERING, SKOS.altLabel, Literal("Flemish Government", lang="en")
    yield KIND_SCHEME, RDF.type, SKOS.ConceptScheme
    yield KIND_SCHEME, SKOS.prefLabel, nl("Soorten beslissingen van de Vlaamse Regering")
    for key, label in KIND_LABELS.items():
        kind = ID[f"concept/besluittype/{key}"]
        yield kind, RDF.type, SKOS.Concept
        yield kind, SKOS.prefLabel, nl(label)
        yield kind, SKOS.inScheme, KIND_SCHEME
    yield THEME_SCHEME, RDF.type, SKOS.ConceptScheme
    yield THEME_SCHEME, SKOS.prefLabel, nl("Thema's van de evaluatierapporten")
    yield DOMAIN_SCHEME, RDF.type, SKOS.ConceptScheme
    yield DOMAIN_SCHEME, SKOS.prefLabel, nl("Beleidsdomeinen van het regeerakkoord")
    yield AGREEMENT, RDF.type, KG.CoalitionAgreement
    yield AGREEMENT, DCTERMS.title, nl("Regeerakkoord Vlaamse Regering 2019-2024")


def source_triples(source: Source) -> Iterator[Triple]:
    s = source_iri(source)
    yield s, RDF.type, KG.SourceDocument
    yield s, KG.sourcePath, Literal(source.path)
    yield s, KG.sha256, Literal(source.sha256)
    yield s, KG.inputFormat, Literal(source.format)


def _mandatee_triples(d: URIRef, m: Mandatee) -> Iterator[Triple]:
    name = f"{m.first_name} {m.family_name}"
    person = ID[f"persoon/{slug(name)}"]
    yield person, RDF.type, PERSON.Person
    yield person, FOAF.givenName, Literal(m.first_name)
    yield person, FOAF.familyName, Literal(m.family_name)
    yield person, FOAF.name, Literal(name)
    office = ID[f"mandataris/{slug(name)}/{slug(m.title or 'minister')}"]
    yield office, RDF.type, MANDAAT.Mandataris
    yield office, MANDAAT.isBestuurlijkeAliasVan, person
    if m.title:
        yield office, SCHEMA.jobTitle, nl(m.title)
    yield office, RDFS.label, nl(f"{name}, {m.title}" if m.title else name)
    yield d, KG.responsibleMandatee, office


def decision_triples(dec: Decision) -> Iterator[Triple]:
    """The public contract: besluit:Besluit with identifier, date, title, kind and the passing body."""
    d = decision_iri(dec.id)
    yield d, RDF.type, BESLUIT.Besluit
    yield d, DCTERMS.identifier, Literal(dec.id)
    yield d, ELI.passed_by, VLAAMSE_REGERING
    if dec.date:
        yield d, ELI.date_document, Literal(dec.date.isoformat(), datatype=XSD.date)
    if dec.kind:
        yield d, DCTERMS.type, ID[f"concept/besluittype/{dec.kind}"]
    if dec.title:
        yield d, ELI.title, nl(dec.title)
    if dec.formal_title:
        yield d, ELI.title_alternative, nl(dec.formal_title)
    if dec.text:
        yield d, PROV.value, nl(clean(dec.text))
    yield d, KG.titleOnly, Literal(dec.title_only)
    for uri in dec.themis_uris:
        yield d, OWL.sameAs, URIRef(uri)
    for url in dec.source_urls:
        yield d, RDFS.seeAlso, URIRef(url)
    if dec.meeting:
        z = ID[f"zitting/{slug(dec.meeting.id)}"]
        yield z, RDF.type, BESLUIT.Zitting
        yield z, BESLUIT.geplandeStart, Literal(dec.meeting.start.strftime("%Y-%m-%dT%H:%M:%SZ"),
                                                 datatype=XSD.dateTime)
        yield d, KG.meeting, z
    for m in dec.mandatees:
        yield from _mandatee_triples(d, m)
    for theme in dec.theme_ids:
        yield d, KG.policyTheme, ID[f"beleidsthema/{slug(theme)}"]
    for src in dec.sources:
        yield d, PROV.wasDerivedFrom, source_iri(src)


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


def claim_triples(report: Report, r: URIRef, index: int, claim: Claim) -> Iterator[Triple]:
    c = URIRef(f"{r}/bewering/{index}")
    yield c, RDF.type, SCHEMA.Claim
    yield c, SCHEMA.text, nl(claim.text)
    yield c, SCHEMA.isPartOf, r
    for n in claim.citations:
        yield c, CITO.citesAsEvidence, decision_iri(report.references[n].decision.id)
    if claim.theme:
        t = theme_iri(claim.theme)
        yield t, RDF.type, SKOS.Concept
        yield t, SKOS.prefLabel, nl(claim.theme)
        yield t, SKOS.inScheme, THEME_SCHEME
        yield c, DCTERMS.subject, t
    span, selector = URIRef(f"{c}/bron"), URIRef(f"{c}/bron/selector")
    yield c, PROV.wasDerivedFrom, span
    yield span, RDF.type, OA.SpecificResource
    yield span, OA.hasSource, source_iri(report.source)
    yield span, OA.hasSelector, selector
    yield selector, RDF.type, OA.TextPositionSelector
    yield selector, OA.start, Literal(claim.start, datatype=XSD.nonNegativeInteger)
    yield selector, OA.end, Literal(claim.end, datatype=XSD.nonNegativeInteger)


def report_triples(report: Report, section: SectionPath | None) -> Iterator[Triple]:
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


def corpus_triples(corpus: Corpus) -> Iterator[Triple]:
    """Every triple of a resolved corpus, entity by entity."""
    yield from static_triples()
    for report in corpus.reports:
        yield from report_triples(report, corpus.report_sections.get(report.key))
    for dec in corpus.decisions.values():
        yield from decision_triples(dec)
    for section in corpus.sections:
        yield from agreement_section_triples(section)
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
