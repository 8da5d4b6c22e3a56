"""The closed namespace KG and ontology/kgbuild.ttl name the same terms; the data files exist once."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF

from kgbuild.rdf.namespaces import KG

ROOT = Path(__file__).resolve().parent.parent
ONTOLOGY = ROOT / "ontology" / "kgbuild.ttl"


def declared_terms() -> set[str]:
    g = Graph().parse(ONTOLOGY)
    kinds = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty)
    return {str(s) for k in kinds for s in g.subjects(RDF.type, k) if str(s).startswith(str(KG._NS))}


def test_every_namespace_term_is_in_the_ontology() -> None:
    names = {str(KG._NS) + name for name in KG.__annotations__}
    assert names - declared_terms() == set()


def test_every_ontology_term_is_in_the_namespace() -> None:
    names = {str(KG._NS) + name for name in KG.__annotations__}
    assert declared_terms() - names == set()


def test_misspelt_term_fails() -> None:
    with pytest.raises(AttributeError):
        _ = KG.Desicion


def test_every_term_has_english_and_dutch_label_and_comment() -> None:
    from rdflib.namespace import RDFS

    g = Graph().parse(ONTOLOGY)
    for term in declared_terms():
        for prop in (RDFS.label, RDFS.comment):
            langs = {o.language for o in g.objects(URIRef(term), prop)}  # type: ignore[attr-defined]
            assert {"en", "nl"} <= langs, (term, prop)


def test_data_files_have_one_copy() -> None:
    """ontology/, queries/ and seeds/ exist once, at the top; the package reads them there (a wheel packs them)."""
    from kgbuild.files import shipped

    assert shipped("ontology", "kgbuild.ttl") == ONTOLOGY
    assert shipped("seeds") == ROOT / "seeds" and shipped("queries") == ROOT / "queries"
    packaged = ROOT / "src" / "kgbuild" / "data"
    assert sorted(p.name for p in packaged.iterdir()) == ["claim_model.json", "domain_stopwords.txt", "dutch_df.json",
                                                           "evidence_model.json", "gazetteer.json", "report_words.txt"]


def test_output_uses_only_declared_or_standard_terms(seed_build) -> None:  # type: ignore[no-untyped-def]
    used = {str(p) for p in seed_build.graph.predicates()} | {str(o) for o in seed_build.graph.objects(None, RDF.type)}
    own = {u for u in used if u.startswith(str(KG._NS))}
    assert own <= declared_terms()


def test_one_way_to_shorten_an_iri() -> None:
    from kgbuild.rdf.namespaces import Curies

    curie = Curies({"id": "https://w3id.org/kgbuild/id/", "besluit": "https://w3id.org/kgbuild/id/besluit/",
                    "schema": "http://schema.org/"})
    assert curie("http://schema.org/Report") == "schema:Report"
    assert curie("https://w3id.org/kgbuild/id/besluit/abc") == "besluit:abc"  # the longest namespace wins
    assert curie("https://w3id.org/kgbuild/id/x/y") == "id:x/y"
    assert curie("http://schema.org/") is None  # an empty local part
    assert Curies({"web": "http:"})("http://example.org/") is None  # "web://..." would read as an absolute IRI
    assert curie("http://schema.org/a b") is None and curie("urn:x") is None
