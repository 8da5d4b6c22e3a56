"""The one-pass reasoner gives what owlrl gives over the whole graph, restricted to the entailments it keeps."""

from __future__ import annotations

from pathlib import Path

import owlrl
import pytest
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS
from rdflib.term import Node

import kgbuild
from kgbuild.errors import UsageError
from kgbuild.pipeline.plan import BuildResult
from kgbuild.rdf.namespaces import BESLUIT, CITO, KG, SCHEMA
from kgbuild.rdf.reason import (
    DEFAULT_MODE,
    REASONING_MODES,
    Entailments,
    close_ontology,
    entailments,
    infer,
    reason,
)

ROOT = Path(__file__).resolve().parent.parent
ONTOLOGY = ROOT / "ontology" / "kgbuild.ttl"
EX = Namespace("http://example.org/")
# xsd: spelt out: importing rdflib's XSD namespace makes pytest's collection warn.
BUILTIN = (str(RDF), str(RDFS), str(OWL), "http://www.w3.org/2001/XMLSchema#")
Triple = tuple[Node, Node, Node]


def builtin(term: Node) -> bool:
    return not isinstance(term, URIRef) or str(term).startswith(BUILTIN)


def union(*graphs: Graph) -> Graph:
    g = Graph()
    for graph in graphs:
        for t in graph:
            g.add(t)
    return g


class RDFSWithoutLiteralSameAs(owlrl.RDFS_Semantics):  # type: ignore[misc]
    """owlrl's RDFS closure without its one-time "hidden sameAs" on literals.

    That rule copies every triple with a literal object to each literal of equal Python value, so ``false``
    and ``0``, or ``"x"`` and ``"x"@nl``, trade places. It is the literal counterpart of owl:sameAs, which
    the pass drops; it is also quadratic in the number of literals.
    """

    def one_time_rules(self) -> None:
        pass


def owlrl_closure(instances: Graph, ontology: Graph, mode: str) -> Graph:
    """Plain owlrl over the instances and the ontology, the reference the one-pass reasoner is held to.

    owl:sameAs triples are left out of the instances: owlrl would copy every property of a decision to its
    Themis IRI, a two-triple entailment the pass drops on purpose. In rdfs mode every equivalence is added
    as two subsumptions, as ``close_ontology`` reads it (RDFS itself ignores OWL), and owlrl's sameAs on
    literals is left out (``RDFSWithoutLiteralSameAs``).
    """
    g = union(ontology)
    g += (t for t in instances if t[1] != OWL.sameAs)
    if mode == "rdfs":
        for eq, sub in ((OWL.equivalentClass, RDFS.subClassOf), (OWL.equivalentProperty, RDFS.subPropertyOf)):
            for a, b in ontology.subject_objects(eq):
                g.add((a, sub, b))
                g.add((b, sub, a))
    semantics = RDFSWithoutLiteralSameAs if mode == "rdfs" else owlrl.OWLRL_Semantics
    owlrl.DeductiveClosure(semantics).expand(g)
    return g


def named_terms(instances: Graph, ontology: Graph) -> tuple[set[Node], set[Node]]:
    """Classes and properties named in the ontology or used in the instances, outside rdf/rdfs/owl/xsd."""
    classes = set(instances.objects(None, RDF.type)) | set(ontology.subjects(RDF.type, OWL.Class))
    properties = set(instances.predicates())
    for s, p, o in ontology:
        if p in (RDFS.subClassOf, OWL.equivalentClass):
            classes |= {s, o}
        elif p in (RDFS.subPropertyOf, OWL.equivalentProperty, OWL.inverseOf):
            properties |= {s, o}
        elif p in (RDFS.domain, RDFS.range):
            classes.add(o)
            properties.add(s)
        elif p == RDF.type and o in (OWL.ObjectProperty, OWL.DatatypeProperty, OWL.SymmetricProperty):
            properties.add(s)
    return {c for c in classes if not builtin(c)}, {p for p in properties if not builtin(p)}


def kept(graph: Graph, classes: set[Node], properties: set[Node]) -> set[Triple]:
    """The entailments the pass keeps: ``x rdf:type C`` for a named class C, and ``x p y`` for a named property.

    That leaves out the axiomatic and reflexive triples (``x a rdfs:Resource``, ``owl:Thing``,
    ``p a rdf:Property``, ``x owl:sameAs x``), datatype axioms (``"1.2" a xsd:string``), triples about
    literals, and every triple of the ontology's own closure (its predicates are rdfs: and owl: terms).
    """
    return {
        (s, p, o)
        for s, p, o in graph
        if not isinstance(s, Literal) and ((p == RDF.type and o in classes) or p in properties)
    }


def assert_same(expected: set[Triple], got: set[Triple], graph: Graph) -> None:
    def lines(triples: set[Triple]) -> str:
        return "\n".join(sorted(" ".join(n.n3(graph.namespace_manager) for n in t) for t in triples)[:50])

    if expected != got:
        pytest.fail(
            f"owlrl only ({len(expected - got)}):\n{lines(expected - got)}\n"
            f"one pass only ({len(got - expected)}):\n{lines(got - expected)}",
            pytrace=False,
        )


def compare_with_owlrl(instances: Graph, ontology: Graph, ent: Entailments, reference: Graph) -> None:
    classes, properties = named_terms(instances, ontology)
    one_pass = union(ontology)
    one_pass += infer(instances, ent)
    assert_same(kept(reference, classes, properties), kept(one_pass, classes, properties), instances)


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return Graph().parse(ONTOLOGY)


@pytest.fixture(scope="module", params=["rdfs", "owlrl"])
def mode(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture(scope="module")
def seed_build() -> BuildResult:
    """The seed as the mapping writes it, before entailments (the session's seed_build is reasoned)."""
    from conftest import SEEDS

    return kgbuild.build([SEEDS], reasoning="none")


@pytest.fixture(scope="module")
def seed_reference(seed_build: BuildResult, ontology: Graph, mode: str) -> Graph:
    return owlrl_closure(seed_build.graph, ontology, mode)


@pytest.mark.slow
def test_seed_matches_owlrl(seed_build: BuildResult, ontology: Graph, mode: str, seed_reference: Graph) -> None:
    seed = seed_build.graph
    classes, properties = named_terms(seed, ontology)
    got = kept(union(reason(seed, mode), ontology), classes, properties)
    assert_same(kept(seed_reference, classes, properties), got, seed)
    # Not vacuous: the alignment adds kgbuild's own types and properties.
    assert len(got) > len(kept(seed, classes, properties))


@pytest.mark.slow
def test_every_term_matches_owlrl(ontology: Graph, mode: str) -> None:
    """One member of each class and one use of each property (with an IRI and a literal object): the seed
    does not use every term, this does."""
    classes, properties = named_terms(Graph(), ontology)
    g = Graph()
    for i, c in enumerate(sorted(classes)):
        g.add((EX[f"member/{i}"], RDF.type, c))
    for i, p in enumerate(sorted(properties)):
        g.add((EX[f"subject/{i}"], p, EX[f"object/{i}"]))
        g.add((EX[f"literal-subject/{i}"], p, Literal("x")))
    compare_with_owlrl(g, ontology, close_ontology(ontology, mode), owlrl_closure(g, ontology, mode))


TOY_ONTOLOGY = """
@prefix ex: <http://example.org/> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
ex:hasPart owl:inverseOf ex:partOf ; rdfs:subPropertyOf ex:related .
ex:partOf rdfs:subPropertyOf ex:near ; rdfs:domain ex:Part ; rdfs:range ex:Whole .
ex:near owl:inverseOf ex:far .
ex:knows a owl:SymmetricProperty ; owl:equivalentProperty ex:kent .
ex:Part rdfs:subClassOf ex:Piece .
"""


def test_inverses_match_owlrl() -> None:
    """The packaged ontology declares no inverse yet: a toy one checks inverses combined with sub-properties."""
    onto = Graph().parse(data=TOY_ONTOLOGY, format="turtle")
    g = Graph()
    g.add((EX.a, EX.hasPart, EX.b))
    g.add((EX.c, EX.kent, EX.d))
    g.add((EX.e, EX.far, EX.f))
    ent = close_ontology(onto, "owlrl")
    # a hasPart b => b partOf a => b near a => a far b
    assert ent.inverses[EX.hasPart] == {EX.partOf, EX.near}
    assert ent.superproperties[EX.hasPart] == {EX.related, EX.far}
    assert ent.ranges[EX.hasPart] == {EX.Part, EX.Piece}
    assert ent.inverses[EX.kent] == {EX.knows, EX.kent}
    compare_with_owlrl(g, onto, ent, owlrl_closure(g, onto, "owlrl"))
    assert close_ontology(onto, "rdfs").inverses == {}


def test_ontology_uses_only_axioms_the_pass_applies(ontology: Graph) -> None:
    """A restriction, chain, transitive or functional property would need rules the one pass lacks."""
    supported = {
        RDF.type, RDFS.label, RDFS.comment, RDFS.subClassOf, RDFS.subPropertyOf, RDFS.domain, RDFS.range,
        OWL.equivalentClass, OWL.equivalentProperty, OWL.inverseOf, OWL.versionInfo,
        # the amount roles' concept scheme: annotations, no axioms
        SKOS.prefLabel, SKOS.definition, SKOS.notation, SKOS.inScheme,
    }  # fmt: skip
    declarations = {OWL.Ontology, OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.SymmetricProperty,
                    SKOS.Concept, SKOS.ConceptScheme, KG.AmountRole}
    assert set(ontology.predicates()) - supported == set()
    assert set(ontology.objects(None, RDF.type)) - declarations == set()
    assert all(isinstance(n, URIRef | Literal) for t in ontology for n in t), "no class expressions"


def test_entailments_read_off_the_ontology(mode: str) -> None:
    ent = entailments(mode)
    assert ent.superclasses[KG.Decision] == {BESLUIT.Besluit, PROV.Entity}
    assert ent.superclasses[BESLUIT.Besluit] == {KG.Decision, PROV.Entity}
    assert ent.superproperties[CITO.citesAsEvidence] == {KG.cites, CITO.cites}
    # kg: properties equivalent to standard ones declare no domain or range: through the equivalence it
    # would type the subject and object of every cito:citesAsEvidence anywhere
    assert CITO.citesAsEvidence not in ent.domains and KG.cites not in ent.ranges
    assert KG.sectionNumber not in ent.ranges, "a datatype range is no class"
    trivial = {OWL.Thing, RDFS.Resource, RDFS.Class, OWL.Class, RDF.Property}
    for table in (ent.superclasses, ent.superproperties, ent.domains, ent.ranges):
        for term, implied in table.items():
            assert term not in implied and not implied & trivial, term


def test_entailments_are_computed_once() -> None:
    assert entailments("owlrl") is entailments("owlrl")
    assert entailments() is entailments(DEFAULT_MODE)
    assert DEFAULT_MODE in REASONING_MODES


def test_infer_one_triple() -> None:
    ent = entailments("owlrl")
    d = EX["besluit/1"]
    assert set(infer([(d, RDF.type, KG.Decision)], ent)) == {
        (d, RDF.type, KG.Decision),
        (d, RDF.type, BESLUIT.Besluit),
        (d, RDF.type, PROV.Entity),
    }
    # A range never makes a literal a member of a class.
    s = EX["onderdeel/1"]
    assert set(infer([(s, KG.sectionNumber, Literal("1.2"))], ent)) == {
        (s, KG.sectionNumber, Literal("1.2")),
        (s, DCTERMS.identifier, Literal("1.2")),
        (s, RDF.type, KG.AgreementSection),
        (s, RDF.type, SCHEMA.CreativeWork),
    }


def test_reason_keeps_the_graph_and_its_prefixes(seed_build: BuildResult, mode: str) -> None:
    seed = seed_build.graph
    before = len(seed)
    out = reason(seed, mode)
    assert out is not seed and len(seed) == before
    assert set(seed) <= set(out)
    assert dict(out.namespaces()) == dict(seed.namespaces())


def test_mode_none_is_identity(seed_build: BuildResult) -> None:
    assert reason(seed_build.graph, "none") is seed_build.graph


def test_unknown_mode() -> None:
    for call in (lambda: reason(Graph(), "owl"), lambda: entailments("owl"), lambda: close_ontology(Graph(), "owl")):
        with pytest.raises(UsageError) as info:
            call()
        assert str(info.value) == "unknown reasoning mode 'owl': choose one of none, rdfs, owlrl"


QUERIES = [
    # kgbuild's own terms, the standard terms the data is written in
    ("SELECT ?x WHERE { ?x a kg:Decision }", "SELECT ?x WHERE { ?x a besluit:Besluit }"),
    ("SELECT ?x WHERE { ?x a kg:Claim }", "SELECT ?x WHERE { ?x a schema:Claim }"),
    ("SELECT ?x WHERE { ?x a kg:Report }", "SELECT ?x WHERE { ?x a schema:Report }"),
    ("SELECT ?c ?d WHERE { ?c kg:cites ?d }", "SELECT ?c ?d WHERE { ?c cito:citesAsEvidence ?d }"),
    (
        "SELECT ?c ?d WHERE { ?c kg:cites ?d . ?c a kg:Claim . ?d a kg:Decision }",
        "SELECT ?c ?d WHERE { ?c cito:citesAsEvidence ?d . ?c a schema:Claim . ?d a besluit:Besluit }",
    ),
]


def rows(graph: Graph, query: str) -> set[tuple[Node, ...]]:
    namespaces = {"kg": KG._NS, "besluit": BESLUIT._NS, "schema": SCHEMA._NS, "cito": CITO._NS, "skos": SKOS}
    return {tuple(row) for row in graph.query(query, initNs=namespaces)}


@pytest.mark.parametrize(("own", "standard"), QUERIES)
def test_own_terms_see_the_same_data(seed_build: BuildResult, mode: str, own: str, standard: str) -> None:
    seed = seed_build.graph
    assert rows(seed, own) == set(), "the data is written in the standard terms only"
    out = reason(seed, mode)
    assert rows(out, own) == rows(seed, standard) != set()
    assert rows(out, standard) == rows(seed, standard)


@pytest.mark.corpus
def test_own_terms_see_the_same_data_in_the_corpus(corpus_build: BuildResult) -> None:
    """The whole corpus in one pass (seconds; owlrl would take many minutes). Triple patterns, not SPARQL:
    rdflib's SPARQL joins over the corpus take minutes."""
    g = corpus_build.graph
    out = reason(g)
    for own, standard in ((KG.Decision, BESLUIT.Besluit), (KG.Claim, SCHEMA.Claim), (KG.Report, SCHEMA.Report)):
        assert set(out.subjects(RDF.type, own)) == set(g.subjects(RDF.type, standard)) != set(), own
    assert set(out.subject_objects(KG.cites)) == set(g.subject_objects(CITO.citesAsEvidence)) != set()
