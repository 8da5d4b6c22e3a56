"""Decisions as triples: the decision, its mandatees, the entities and grants the extractors found in it, the
acts it cites, the enterprises it names, its links to other decisions."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS, FOAF, PROV, RDF, RDFS, SKOS, XSD

from ...entities import Entity
from ...extract import DecisionAct, EnterpriseNumber, Found, Grant, LegalCitation, Mention
from ...extract.enterprises import dotted
from ...extract.grants import committed_total
from ...model import Decision, Mandatee
from ...text import clean, slug
from ..namespaces import ADMS, BESLUIT, ELI, ID, KG, MANDAAT, OA, PERSON, SCHEMA
from .base import (
    ACT_KINDS,
    CBE,
    ENTITY_CLASSES,
    GRANT_KIND_SCHEME,
    ORG_KIND_SCHEME,
    THEME_SCHEME,
    THEMIS_THEME,
    THEMIS_THEME_ID,
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
    role_iri,
    selection,
    source_iri,
    theme_iri,
)


def mandatee_triples(d: URIRef, m: Mandatee) -> Iterator[Triple]:
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
    if m.id:
        yield office, DCTERMS.identifier, Literal(m.id)
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
        # the API's uri names the news item Kaleidos derives from the agenda item's treatment, not the
        # decision: its own node, never owl:sameAs (merged with Themis that would give one node two kinds)
        news = URIRef(uri)
        yield d, SCHEMA.subjectOf, news
        yield news, RDF.type, SCHEMA.NewsArticle
        yield news, PROV.wasDerivedFrom, d
    for url in dec.source_urls:
        yield d, RDFS.seeAlso, URIRef(url)
    if dec.meeting:
        z = ID[f"zitting/{slug(dec.meeting.id)}"]
        yield z, RDF.type, BESLUIT.Zitting
        yield z, BESLUIT.geplandeStart, Literal(dec.meeting.start.strftime("%Y-%m-%dT%H:%M:%SZ"),
                                                 datatype=XSD.dateTime)
        yield z, DCTERMS.identifier, Literal(dec.meeting.id)
        yield d, KG.meeting, z
    for m in dec.mandatees:
        yield from mandatee_triples(d, m)
    for theme in dec.theme_ids:
        concept = ID[f"beleidsthema/{slug(theme)}"]
        yield d, KG.policyTheme, concept
        # not typed skos:Concept here: kgbuild has no label for it (Themis has), and a concept has one
        yield concept, DCTERMS.identifier, Literal(theme)
        if THEMIS_THEME_ID.fullmatch(theme):
            yield concept, SKOS.exactMatch, URIRef(f"{THEMIS_THEME}{theme.lower()}")
    for src in dec.sources:
        yield d, PROV.wasDerivedFrom, source_iri(src)
    if dec.text_source is not None:
        yield d, KG.textSource, source_iri(dec.text_source)


def entity_triples(entity: Entity) -> Iterator[Triple]:
    """An organisation, programme or person, with every spelling the corpus uses for it."""
    e = entity_iri(entity.type, entity.key)
    yield e, RDF.type, ENTITY_CLASSES[entity.type]
    if entity.type == "person":
        yield e, FOAF.name, Literal(entity.label)
        return
    yield e, SKOS.prefLabel, nl(entity.label)
    for alt in entity.alt_labels:
        yield e, SKOS.altLabel, nl(alt)
    if entity.code:
        yield e, DCTERMS.identifier, Literal(entity.code)
    if entity.part_of:
        yield e, DCTERMS.isPartOf, entity_iri("programme", entity.part_of)
    if entity.website:
        yield e, SCHEMA.url, URIRef(entity.website)
    if entity.kind and entity.type == "organisation":
        yield from concept_triples(ORG_KIND_SCHEME, "organisatiesoort", entity.kind)
        yield e, DCTERMS.type, ID[f"concept/organisatiesoort/{slug(entity.kind)}"]


def annotation_triples(d: URIRef, body: URIRef, start: int, end: int, quote: str, kind: str = "vermelding"
                ) -> Iterator[Triple]:
    a = URIRef(f"{d}/{kind}/{start}-{end}")
    target, position, exact = URIRef(f"{a}/doel"), URIRef(f"{a}/positie"), URIRef(f"{a}/citaat")
    yield a, RDF.type, OA.Annotation
    yield a, OA.motivatedBy, OA.identifying
    yield a, OA.hasBody, body
    yield a, OA.hasTarget, target
    yield from selection(target, d, (position, start, end), (exact, Literal(quote)))


def grant_triples(d: URIRef, index: int, grant: Grant, total: int | None = None) -> Iterator[Triple]:
    """One amount of decision ``d`` (its ``index``-th); ``total`` is the index of the amount it is a part of."""
    g = URIRef(f"{d}/toelage/{index}")
    amount = URIRef(f"{g}/bedrag")
    yield g, RDF.type, SCHEMA.MonetaryGrant
    yield g, DCTERMS.source, d
    yield g, SCHEMA.amount, amount
    yield amount, RDF.type, SCHEMA.MonetaryAmount
    yield amount, SCHEMA.value, decimal(grant.value)
    yield amount, SCHEMA.currency, Literal("EUR")
    if grant.min_value is not None:
        yield amount, SCHEMA.minValue, decimal(grant.min_value)
    if grant.period is not None:
        yield amount, SCHEMA.validFrom, Literal(grant.period.first.isoformat(), datatype=XSD.date)
        yield amount, SCHEMA.validThrough, Literal(grant.period.last.isoformat(), datatype=XSD.date)
    if grant.kind:
        yield from concept_triples(GRANT_KIND_SCHEME, "toelagesoort", grant.kind)
        yield g, DCTERMS.type, ID[f"concept/toelagesoort/{slug(grant.kind)}"]
    if grant.recipient is not None:
        yield g, SCHEMA.recipient, entity_iri(grant.recipient.type, grant.recipient.key)
    if grant.funded is not None:
        yield g, SCHEMA.fundedItem, entity_iri(grant.funded.type, grant.funded.key)
    if grant.funded_by is not None:
        yield g, KG.fundedBy, entity_iri(grant.funded_by.type, grant.funded_by.key)
    yield g, KG.amountRole, role_iri(grant.role)
    if grant.role == "committed":
        yield g, KG.committedAmount, decimal(grant.committed)
    if grant.reason:
        yield g, KG.roleReason, Literal(grant.reason)
    yield g, KG.confidence, Literal(grant.confidence)
    for note in grant.corrections:
        yield g, KG.correctedBy, ID[f"correctie/{note.key}"]
        yield from correction_triples(note)
    if total is not None:
        yield g, DCTERMS.isPartOf, URIRef(f"{d}/toelage/{total}")


def act_triples(d: URIRef, citation: LegalCitation) -> Iterator[Triple]:
    """A legal act a decision cites (eli:LegalResource), with what the decision does with it."""
    act = act_iri(citation)
    yield act, RDF.type, ELI.LegalResource
    yield act, DCTERMS.type, ID[f"concept/wetgevingssoort/{citation.kind}"]
    if citation.date:
        yield act, ELI.date_document, Literal(citation.date, datatype=XSD.date)
    if citation.number:
        yield act, ELI.id_local, Literal(citation.number)
    label = " ".join(x for x in (ACT_KINDS.get(citation.kind, citation.kind), citation.number or "",
                                  f"van {citation.date}" if citation.date else "") if x)
    yield act, RDFS.label, nl(label)
    yield d, ELI.cites, act
    if citation.relation == "changes":
        yield d, ELI.changes, act
    elif citation.relation == "implements":
        yield d, KG.implements, act


def enterprise_triples(d: URIRef, number: EnterpriseNumber) -> Iterator[Triple]:
    """A KBO/BCE enterprise number as a structured identifier (OSLO generiek: adms:Identifier with its
    skos:notation and the agency that issues it), on the organisation it is written after.

    The organisation is linked to the federal IRI with schema:sameAs, not owl:sameAs: a reasoner would copy
    every fact of the organisation onto the federal node, and would merge two of our organisations that one
    mistaken number joined.
    """
    i = kbo_iri(number)
    yield i, RDF.type, ADMS.Identifier
    yield i, SKOS.notation, Literal(dotted(number.digits))
    yield i, ADMS.schemaAgency, nl("Kruispuntbank van Ondernemingen")
    yield i, RDFS.seeAlso, URIRef(CBE + number.digits)
    if number.organisation is not None:
        o = entity_iri("organisation", number.organisation.key)
        yield d, SCHEMA.mentions, o
        yield o, ADMS.identifier, i
        yield o, SCHEMA.sameAs, URIRef(CBE + number.digits)


def decision_link_triples(source: URIRef, target: URIRef, relation: str) -> Iterator[Triple]:
    """A decision that cites another decision of the build (``links.decision_links``): dcterms:references,
    and eli:changes when it changes it, so a programme's successive decisions can be followed. (Only the
    global part writes these: a kg:implements here would entail, by its domain, that the citing decision is
    described in that part.)"""
    yield source, DCTERMS.references, target
    if relation == "changes":
        yield source, ELI.changes, target


def extraction_triples(dec: Decision, found: list[Found]) -> Iterator[Triple]:
    """What the extractors found in one decision: mentions, grants, and one annotation per span."""
    d = decision_iri(dec.id)
    original = dec.text or ""
    grants = 0
    index = {f.start: n for n, f in enumerate((f for f in found if isinstance(f.item, Grant)), start=1)}
    committed = [f.item for f in found if isinstance(f.item, Grant)]
    if committed:
        yield d, KG.committedTotal, decimal(committed_total(committed))
        yield d, KG.committedLowConfidence, decimal(committed_total(g for g in committed if g.confidence == "low"))
    for f in found:
        if isinstance(f.item, Mention):
            body = entity_iri(f.item.type, f.item.key)
            yield d, SCHEMA.mentions, body
            yield from annotation_triples(d, body, f.start, f.end, f.quote)
        elif isinstance(f.item, LegalCitation):
            yield from act_triples(d, f.item)
            yield from annotation_triples(d, act_iri(f.item), f.start, f.end, f.quote)
        elif isinstance(f.item, EnterpriseNumber):
            yield from enterprise_triples(d, f.item)
            yield from annotation_triples(d, kbo_iri(f.item), f.start, f.end, f.quote)
        elif isinstance(f.item, DecisionAct):
            yield d, KG.actType, act_type_iri(f.item.act_type)
            if f.end > f.start:
                yield from annotation_triples(d, act_type_iri(f.item.act_type), f.start, f.end, f.quote, "handeling")
        else:
            grants += 1
            total = index.get(f.item.part_of) if f.item.part_of is not None else None
            yield from grant_triples(d, grants, f.item, total)
            body = URIRef(f"{d}/toelage/{grants}")
            yield from annotation_triples(d, body, f.start, f.end, f.quote)
            for start, end in f.item.also_at:
                yield from annotation_triples(d, body, start, end, original[start:end])


def theme_triples(labels: Iterable[str]) -> Iterator[Triple]:
    """One concept per theme IRI. Headings that differ only in case or punctuation ("Samenvatting",
    "Samenvatting:") share the IRI; its one prefLabel is the first spelling in a fixed order."""
    chosen: dict[URIRef, str] = {}
    for label in sorted({lb.strip().rstrip(":").strip() or lb for lb in labels}, key=lambda lb: (lb.casefold(), lb)):
        chosen.setdefault(theme_iri(label), label)
    for t, label in sorted(chosen.items()):
        yield t, RDF.type, SKOS.Concept
        yield t, SKOS.prefLabel, nl(label)
        yield t, SKOS.inScheme, THEME_SCHEME
