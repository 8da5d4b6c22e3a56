"""Closed namespaces: every RDF term kgbuild writes is named here, so a misspelt term fails at import.

``KG`` mirrors ``ontology/kgbuild.ttl`` (a test checks both directions); the standard vocabularies
list only the terms kgbuild uses.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from rdflib import Namespace, URIRef
from rdflib.namespace import DefinedNamespace

BASE = "https://w3id.org/kgbuild/"
ID = Namespace(BASE + "id/")


class KG(DefinedNamespace):
    """kgbuild's own ontology terms."""

    _NS = Namespace(BASE + "ns#")
    _fail = True

    # classes
    Decision: URIRef
    Report: URIRef
    Claim: URIRef
    Theme: URIRef
    DecisionKind: URIRef
    PolicyDomain: URIRef
    CoalitionAgreement: URIRef
    AgreementSection: URIRef
    SourceDocument: URIRef
    Meeting: URIRef
    Mandatee: URIRef
    # object properties
    cites: URIRef
    evaluates: URIRef
    meeting: URIRef
    responsibleMandatee: URIRef
    policyDomain: URIRef
    policyTheme: URIRef
    implements: URIRef
    # datatype properties
    sectionNumber: URIRef
    titleOnly: URIRef
    conclusion: URIRef
    sourcePath: URIRef
    sha256: URIRef
    inputFormat: URIRef
    # extraction (issue 3): kgbuild's names for the standard terms the extracted data is written in
    Organisation: URIRef
    Programme: URIRef
    Grant: URIRef
    GrantKind: URIRef
    OrganisationKind: URIRef
    mentions: URIRef
    recipient: URIRef
    fundedItem: URIRef
    textSource: URIRef
    # claim checking (issue 7)
    unsupportedTerm: URIRef
    names: URIRef  # a claim names an organisation or programme (issue 27: the queries join on it)
    # money roles (issue 13)
    AmountRole: URIRef
    amountRole: URIRef
    fundedBy: URIRef
    committedTotal: URIRef
    # money a journalist can quote (issue 24)
    committedAmount: URIRef
    committedLowConfidence: URIRef
    roleReason: URIRef
    confidence: URIRef
    actType: URIRef
    Correction: URIRef
    correctedBy: URIRef
    # evidence and relevance (issue 15)
    evidence: URIRef
    rank: URIRef
    score: URIRef
    Relevance: URIRef
    relevantUncited: URIRef
    candidate: URIRef
    # promises of the coalition agreement (issue 29)
    Promise: URIRef
    candidateDecision: URIRef
    actsOn: URIRef


class BESLUIT(DefinedNamespace):
    """OSLO besluit (Flemish decisions)."""

    _NS = Namespace("http://data.vlaanderen.be/ns/besluit#")
    _fail = True
    Besluit: URIRef
    Zitting: URIRef
    Bestuursorgaan: URIRef
    geplandeStart: URIRef


class MANDAAT(DefinedNamespace):
    """OSLO mandaat (office holders)."""

    _NS = Namespace("http://data.vlaanderen.be/ns/mandaat#")
    _fail = True
    Mandataris: URIRef
    isBestuurlijkeAliasVan: URIRef


class PERSON(DefinedNamespace):
    """W3C/ISA person vocabulary, as OSLO uses it."""

    _NS = Namespace("http://www.w3.org/ns/person#")
    _fail = True
    Person: URIRef


class ELI(DefinedNamespace):
    """European Legislation Identifier: only the terms kgbuild writes (never imported wholesale)."""

    _NS = Namespace("http://data.europa.eu/eli/ontology#")
    _fail = True
    date_document: URIRef
    title: URIRef
    title_alternative: URIRef
    passed_by: URIRef
    LegalResource: URIRef
    cites: URIRef
    changes: URIRef
    id_local: URIRef


class SCHEMA(DefinedNamespace):
    """schema.org over http, as OSLO uses it."""

    _NS = Namespace("http://schema.org/")
    _fail = True
    Report: URIRef
    Claim: URIRef
    CreativeWork: URIRef
    text: URIRef
    isPartOf: URIRef
    abstract: URIRef
    about: URIRef
    jobTitle: URIRef
    name: URIRef
    description: URIRef
    mentions: URIRef
    MonetaryGrant: URIRef
    MonetaryAmount: URIRef
    amount: URIRef
    value: URIRef
    minValue: URIRef
    currency: URIRef
    validFrom: URIRef
    validThrough: URIRef
    recipient: URIRef
    fundedItem: URIRef
    url: URIRef
    ClaimReview: URIRef
    Rating: URIRef
    itemReviewed: URIRef
    reviewRating: URIRef
    ratingValue: URIRef
    bestRating: URIRef
    worstRating: URIRef
    alternateName: URIRef
    reviewBody: URIRef
    datePublished: URIRef
    NewsArticle: URIRef
    subjectOf: URIRef
    sameAs: URIRef


class CITO(DefinedNamespace):
    """Citation Typing Ontology."""

    _NS = Namespace("http://purl.org/spar/cito/")
    _fail = True
    citesAsEvidence: URIRef
    cites: URIRef


class OA(DefinedNamespace):
    """W3C Web Annotation vocabulary."""

    _NS = Namespace("http://www.w3.org/ns/oa#")
    _fail = True
    Annotation: URIRef
    SpecificResource: URIRef
    TextPositionSelector: URIRef
    TextQuoteSelector: URIRef
    hasBody: URIRef
    hasTarget: URIRef
    exact: URIRef
    motivatedBy: URIRef
    identifying: URIRef
    hasSource: URIRef
    hasSelector: URIRef
    start: URIRef
    end: URIRef


class ADMS(DefinedNamespace):
    """Asset Description Metadata Schema: structured identifiers, as OSLO generiek's Identificator uses them."""

    _NS = Namespace("http://www.w3.org/ns/adms#")
    _fail = True
    Identifier: URIRef
    identifier: URIRef
    schemaAgency: URIRef


PREFIXES: dict[str, str] = {
    "kg": str(KG._NS),
    "besluit": str(BESLUIT._NS),
    "mandaat": str(MANDAAT._NS),
    "person": str(PERSON._NS),
    "eli": str(ELI._NS),
    "schema": str(SCHEMA._NS),
    "cito": str(CITO._NS),
    "oa": str(OA._NS),
    "adms": str(ADMS._NS),
    "org": "http://www.w3.org/ns/org#",
    "dcterms": "http://purl.org/dc/terms/",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "prov": "http://www.w3.org/ns/prov#",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "owl": "http://www.w3.org/2002/07/owl#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "id": str(ID),
}


_LOCAL = re.compile(r"[\w.\-/]+")


class Curies:
    """The one way kgbuild shortens an IRI to ``prefix:local`` (tables, validation lines, JSON-LD): by the
    longest namespace it starts with, when the local part is not empty, holds only name characters, dots,
    hyphens and slashes, and does not start with ``//`` (which would read as an absolute IRI)."""

    def __init__(self, prefixes: Mapping[str, str]) -> None:
        self.namespaces = sorted(((ns, p) for p, ns in prefixes.items() if ns), key=lambda x: (-len(x[0]), x[1]))
        self.cache: dict[str, str | None] = {}

    def __call__(self, iri: str) -> str | None:
        """``prefix:local``, or None when no namespace fits."""
        if iri in self.cache:
            return self.cache[iri]
        found = None
        for ns, prefix in self.namespaces:
            local = iri[len(ns):]
            if iri.startswith(ns) and _LOCAL.fullmatch(local) and not local.startswith("//"):
                found = f"{prefix}:{local}"
                break
        self.cache[iri] = found
        return found
