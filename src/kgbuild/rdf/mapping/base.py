"""The vocabulary of the mapping: IRIs of every kind of node, the concept schemes, literals, selectors.

Every other mapping module names nodes through these functions, so an IRI is made in one place.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal

from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS, ORG, PROV, RDF, RDFS, SKOS, XSD

from ...extract import EnterpriseNumber, LegalCitation
from ...extract.base import CorrectionNote
from ...model import Source, canonical_id
from ...text import slug
from ..namespaces import BESLUIT, ID, KG, OA, PERSON

Triple = tuple[URIRef, URIRef, URIRef | Literal]

VLAAMSE_REGERING = ID["organisatie/vlaamse-regering"]
KIND_SCHEME = ID["concept/besluittype"]
THEME_SCHEME = ID["concept/thema"]
DOMAIN_SCHEME = ID["concept/beleidsdomein"]
AGREEMENT = ID["regeerakkoord/2019-2024"]
KIND_LABELS = {"nota": "Nota", "mededeling": "Mededeling"}
GRANT_KIND_SCHEME = ID["concept/toelagesoort"]
ROLE_SCHEME = ID["concept/bedragrol"]  # its concepts are also described, with definitions, in the ontology
ROLE_LABELS = {"committed": "toegezegd", "part": "deel", "earlier": "eerder beslist", "other-party": "geld van derden",
               "target": "doel", "threshold": "drempel", "unit-rate": "eenheidsbedrag",
               "loan-or-guarantee": "lening of waarborg", "plan-total": "plantotaal", "context": "context",
               "unclassified": "niet ingedeeld"}
ACT_TYPE_SCHEME = ID["concept/handeling"]
ACT_TYPE_LABELS = {"grant": "toekenning", "reallocation": "herverdeling", "budget": "begroting",
                   "draft-regulation": "ontwerpregelgeving", "take-note": "kennisname",
                   "loan-or-financing": "lening of financiering", "appointment": "benoeming",
                   "agreement": "overeenkomst",
                   "other": "andere"}
ORG_KIND_SCHEME = ID["concept/organisatiesoort"]
ACT_KIND_SCHEME = ID["concept/wetgevingssoort"]
ACT_KINDS = {"decreet": "Decreet", "bvr": "Besluit van de Vlaamse Regering", "mb": "Ministerieel besluit",
             "kb": "Koninklijk besluit", "wet": "Wet", "ordonnantie": "Ordonnantie",
             "samenwerkingsakkoord": "Samenwerkingsakkoord", "eu-verordening": "Verordening (EU)",
             "eu-richtlijn": "Richtlijn (EU)", "eu-besluit": "Besluit (EU)"}
TITLE_STOP = frozenset({"de", "het", "een", "van", "der", "den", "en", "tot", "houdende", "betreffende", "over",
                         "inzake", "op", "ter", "met", "betrekking", "aan", "voor", "in", "om", "bij", "te"})
ENTITY_PATHS = {"organisation": "organisatie", "programme": "programma", "person": "persoon"}
ENTITY_CLASSES = {"organisation": ORG.Organization, "programme": PROV.Plan, "person": PERSON.Person}


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


def entity_iri(type_: str, key: str) -> URIRef:
    return ID[f"{ENTITY_PATHS[type_]}/{slug(key)}"]


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
    for scheme, label in ((GRANT_KIND_SCHEME, "Soorten toelagen"), (ORG_KIND_SCHEME, "Soorten organisaties"),
                          (ACT_KIND_SCHEME, "Soorten wetgeving")):
        yield scheme, RDF.type, SKOS.ConceptScheme
        yield scheme, SKOS.prefLabel, nl(label)
    for key, label in ACT_KINDS.items():
        node = ID[f"concept/wetgevingssoort/{key}"]
        yield node, RDF.type, SKOS.Concept
        yield node, SKOS.prefLabel, nl(label)
        yield node, SKOS.notation, Literal(key)
        yield node, SKOS.inScheme, ACT_KIND_SCHEME
    yield ROLE_SCHEME, RDF.type, SKOS.ConceptScheme
    yield ROLE_SCHEME, SKOS.prefLabel, nl("Rollen van bedragen")
    for role, label in ROLE_LABELS.items():
        yield role_iri(role), RDF.type, SKOS.Concept
        yield role_iri(role), RDF.type, KG.AmountRole
        yield role_iri(role), SKOS.prefLabel, nl(label)
        yield role_iri(role), SKOS.notation, Literal(role)
        yield role_iri(role), SKOS.inScheme, ROLE_SCHEME
    yield ACT_TYPE_SCHEME, RDF.type, SKOS.ConceptScheme
    yield ACT_TYPE_SCHEME, SKOS.prefLabel, nl("Soorten handelingen van een beslissing")
    for act, label in ACT_TYPE_LABELS.items():
        yield act_type_iri(act), RDF.type, SKOS.Concept
        yield act_type_iri(act), SKOS.prefLabel, nl(label)
        yield act_type_iri(act), SKOS.notation, Literal(act)
        yield act_type_iri(act), SKOS.inScheme, ACT_TYPE_SCHEME
    yield AGREEMENT, RDF.type, KG.CoalitionAgreement
    yield AGREEMENT, DCTERMS.title, nl("Regeerakkoord Vlaamse Regering 2019-2024")


def act_type_iri(act: str) -> URIRef:
    return ID[f"concept/handeling/{act}"]


# The publication API's themeId is a Themis theme concept: http://themis.vlaanderen.be/id/concept/thema/<uuid>
THEMIS_THEME = "http://themis.vlaanderen.be/id/concept/thema/"
THEMIS_THEME_ID = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")


def source_triples(source: Source) -> Iterator[Triple]:
    s = source_iri(source)
    yield s, RDF.type, KG.SourceDocument
    yield s, KG.sourcePath, Literal(source.path)
    yield s, KG.sha256, Literal(source.sha256)
    yield s, KG.inputFormat, Literal(source.format)


def position_selector(selector: URIRef, start: int, end: int) -> Iterator[Triple]:
    """A Web Annotation selector of the characters [start, end) of its source."""
    yield selector, RDF.type, OA.TextPositionSelector
    yield selector, OA.start, Literal(start, datatype=XSD.nonNegativeInteger)
    yield selector, OA.end, Literal(end, datatype=XSD.nonNegativeInteger)


def decimal(value: Decimal | str) -> Literal:
    """An xsd:decimal in its canonical form (XSD 1.1): "0.5" not "0.50", "1200000" not "1.2E+6" or "1200000.00",
    which is what every store gives back, so a query's answer reads as the Turtle does."""
    text = format(Decimal(value).normalize(), "f")
    return Literal("0" if text == "-0" else text, datatype=XSD.decimal)


def concept_triples(scheme: URIRef, path: str, key: str) -> Iterator[Triple]:
    node = ID[f"concept/{path}/{slug(key)}"]
    yield node, RDF.type, SKOS.Concept
    yield node, SKOS.prefLabel, nl(key)
    yield node, SKOS.inScheme, scheme


def selection(target: URIRef, source: URIRef, position: tuple[URIRef, int, int],
              quote: tuple[URIRef, Literal]) -> Iterator[Triple]:
    """``target`` as an oa:SpecificResource of ``source``: a span given by its position (selector IRI, start,
    end) and by its quote (selector IRI, exact text)."""
    yield target, RDF.type, OA.SpecificResource
    yield target, OA.hasSource, source
    yield target, OA.hasSelector, position[0]
    yield target, OA.hasSelector, quote[0]
    yield from position_selector(*position)
    yield quote[0], RDF.type, OA.TextQuoteSelector
    yield quote[0], OA.exact, quote[1]


def role_iri(role: str) -> URIRef:
    return ID[f"concept/bedragrol/{role}"]


def correction_triples(note: CorrectionNote) -> Iterator[Triple]:
    """A reader's correction (kg:Correction, a prov:Activity): what it set, who made it, when and why."""
    c = ID[f"correctie/{note.key}"]
    yield c, RDF.type, KG.Correction
    yield c, RDF.type, PROV.Activity
    yield c, DCTERMS.description, Literal(f"{note.field} := {note.value}")
    if note.who:
        reader = ID[f"lezer/{slug(note.who)}"]
        yield c, PROV.wasAssociatedWith, reader
        yield reader, RDF.type, PROV.Agent
        yield reader, RDFS.label, Literal(note.who)
    if note.date:
        yield c, DCTERMS.date, Literal(note.date, datatype=XSD.date)
    if note.why:
        yield c, RDFS.comment, Literal(note.why)


def act_iri(citation: LegalCitation) -> URIRef:
    """One node per cited act: an EU act by its kind and number; any other by its kind, date and the first
    four words of its title that are not function words (two decrees of one day stay apart; a title cut
    short in one decision still meets the same act in another)."""
    if citation.number:
        return ID[f"wetgeving/{citation.kind}/{citation.number.replace('/', '-')}"]
    words = [w for w in re.findall(r"\w+", citation.title.casefold()) if w not in TITLE_STOP][:4]
    return ID[f"wetgeving/{citation.kind}/{citation.date}" + (f"/{slug(' '.join(words))}" if words else "")]


CBE = "https://org.belgif.be/id/CbeRegisteredEntity/"  # the federal IRI of a KBO/BCE registered entity


def kbo_iri(number: EnterpriseNumber) -> URIRef:
    """The structured identifier of one enterprise number: one node per number, whoever writes it."""
    return ID[f"kbo/{number.digits}"]
