"""The one place that turns model objects into RDF triples. Each function maps one entity, so the
triples of a corpus can be produced piece by piece and streamed."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from decimal import Decimal

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, FOAF, ORG, PROV, RDF, RDFS, SKOS, XSD

from .claims import BEST, WORST, ClaimCheck
from .entities import Entity, Extracted
from .extract import DecisionAct, EnterpriseNumber, Found, Grant, LegalCitation, Mention
from .extract.base import CorrectionNote
from .extract.enterprises import dotted
from .extract.grants import committed_total
from .model import AgreementSection, Claim, Corpus, Decision, Mandatee, Report, SectionPath, Source, canonical_id
from .namespaces import ADMS, BESLUIT, CITO, ELI, ID, KG, MANDAAT, OA, PERSON, PREFIXES, SCHEMA
from .search import Candidate
from .text import clean, slug

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
_TITLE_STOP = frozenset({"de", "het", "een", "van", "der", "den", "en", "tot", "houdende", "betreffende", "over",
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
        yield from _mandatee_triples(d, m)
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
        yield c, DCTERMS.subject, theme_iri(claim.theme)
    span, selector = URIRef(f"{c}/bron"), URIRef(f"{c}/bron/selector")
    yield c, PROV.wasDerivedFrom, span
    yield span, RDF.type, OA.SpecificResource
    yield span, OA.hasSource, source_iri(report.source)
    yield span, OA.hasSelector, selector
    yield from position_selector(selector, claim.start, claim.end)


def position_selector(selector: URIRef, start: int, end: int) -> Iterator[Triple]:
    """A Web Annotation selector of the characters [start, end) of its source."""
    yield selector, RDF.type, OA.TextPositionSelector
    yield selector, OA.start, Literal(start, datatype=XSD.nonNegativeInteger)
    yield selector, OA.end, Literal(end, datatype=XSD.nonNegativeInteger)


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
    for rank, c in enumerate(candidates, start=1):
        node = URIRef(f"{subject}/relevant/{rank}")
        yield subject, KG.relevantUncited, node
        yield node, RDF.type, KG.Relevance
        yield node, KG.candidate, decision_iri(c.decision)
        yield node, KG.rank, Literal(rank, datatype=XSD.positiveInteger)
        yield node, KG.score, decimal(f"{c.score:.3f}")


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
            yield from review_triples(URIRef(f"{r}/bewering/{i}"), check, published)


def decimal(value: Decimal | str) -> Literal:
    """An xsd:decimal in its canonical form (XSD 1.1): "0.5" not "0.50", "1200000" not "1.2E+6" or "1200000.00",
    which is what every store gives back, so a query's answer reads as the Turtle does."""
    text = format(Decimal(value).normalize(), "f")
    return Literal("0" if text == "-0" else text, datatype=XSD.decimal)


def _concept(scheme: URIRef, path: str, key: str) -> Iterator[Triple]:
    node = ID[f"concept/{path}/{slug(key)}"]
    yield node, RDF.type, SKOS.Concept
    yield node, SKOS.prefLabel, nl(key)
    yield node, SKOS.inScheme, scheme


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
        yield from _concept(ORG_KIND_SCHEME, "organisatiesoort", entity.kind)
        yield e, DCTERMS.type, ID[f"concept/organisatiesoort/{slug(entity.kind)}"]


def _annotation(d: URIRef, body: URIRef, start: int, end: int, quote: str, kind: str = "vermelding"
                ) -> Iterator[Triple]:
    a = URIRef(f"{d}/{kind}/{start}-{end}")
    target, position, exact = URIRef(f"{a}/doel"), URIRef(f"{a}/positie"), URIRef(f"{a}/citaat")
    yield a, RDF.type, OA.Annotation
    yield a, OA.motivatedBy, OA.identifying
    yield a, OA.hasBody, body
    yield a, OA.hasTarget, target
    yield from selection(target, d, (position, start, end), (exact, Literal(quote)))


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
        yield from _concept(GRANT_KIND_SCHEME, "toelagesoort", grant.kind)
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
    words = [w for w in re.findall(r"\w+", citation.title.casefold()) if w not in _TITLE_STOP][:4]
    return ID[f"wetgeving/{citation.kind}/{citation.date}" + (f"/{slug(' '.join(words))}" if words else "")]


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


CBE = "https://org.belgif.be/id/CbeRegisteredEntity/"  # the federal IRI of a KBO/BCE registered entity


def kbo_iri(number: EnterpriseNumber) -> URIRef:
    """The structured identifier of one enterprise number: one node per number, whoever writes it."""
    return ID[f"kbo/{number.digits}"]


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
            yield from _annotation(d, body, f.start, f.end, f.quote)
        elif isinstance(f.item, LegalCitation):
            yield from act_triples(d, f.item)
            yield from _annotation(d, act_iri(f.item), f.start, f.end, f.quote)
        elif isinstance(f.item, EnterpriseNumber):
            yield from enterprise_triples(d, f.item)
            yield from _annotation(d, kbo_iri(f.item), f.start, f.end, f.quote)
        elif isinstance(f.item, DecisionAct):
            yield d, KG.actType, act_type_iri(f.item.act_type)
            if f.end > f.start:
                yield from _annotation(d, act_type_iri(f.item.act_type), f.start, f.end, f.quote, "handeling")
        else:
            grants += 1
            total = index.get(f.item.part_of) if f.item.part_of is not None else None
            yield from grant_triples(d, grants, f.item, total)
            body = URIRef(f"{d}/toelage/{grants}")
            yield from _annotation(d, body, f.start, f.end, f.quote)
            for start, end in f.item.also_at:
                yield from _annotation(d, body, start, end, original[start:end])


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
