"""Joining the Flemish linked data (issue 17): the API record's identifiers typed correctly, the news item its
own node (never owl:sameAs the decision), themes matched to their Themis concepts, and, on the corpus, no
owl:sameAs between two nodes of different kinds."""

from __future__ import annotations

import json
from pathlib import Path

import pyoxigraph as ox
from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, SKOS

import kgbuild
from kgbuild.namespaces import ID, KG, MANDAAT, SCHEMA
from kgbuild.pipeline import BuildResult

NEWS = "http://themis.vlaanderen.be/id/nieuwsbrief-info/5fe0f1a2-0000-11eb-9a42-a101b41f0404"
THEME = "4a0bb077-a416-4e4d-96ce-b2e89cec0a47"
DECISION = "601121166B34EF00090001A4"


def _record(folder: Path, **attrs: object) -> Path:
    base: dict[str, object] = {
        "title": "Subsidie voor het onderzoeksprogramma", "htmlContent": "De Vlaamse Regering kent 1 miljoen euro toe.",
        "mandateeFirstNames": ["Hilde", "Jan"], "mandateeFamilyNames": ["Crevits", "Jambon"],
        "mandateeIds": ["5fed907ee6670526694a0719", "not an id"],
        "mandateeTitles": ["Vlaams minister van Economie", "Minister-president van de Vlaamse Regering"],
        "meetingDate": "2021-01-29T09:00:00Z", "meetingId": "600FE1BB6B34EF000900016C",
        "themeId": [THEME, "opaque-theme"], "agendaitemType": "Nota", "uuid": DECISION, "uri": NEWS}
    base.update(attrs)
    path = folder / "bucket" / "ingestion" / "output" / "2021" / "01" / DECISION / "document.json"
    path.parent.mkdir(parents=True)
    path.write_text(json.dumps({"type": "news-item", "id": DECISION, "attributes": base}), encoding="utf-8")
    return folder


def test_api_identifiers_are_kept_with_the_right_types(tmp_path: Path) -> None:
    g = kgbuild.build([_record(tmp_path)], reasoning="none").graph
    d, news = ID[f"besluit/{DECISION.lower()}"], URIRef(NEWS)
    # the news item is a node of its own about the decision, not the decision
    assert (d, SCHEMA.subjectOf, news) in g and (news, RDF.type, SCHEMA.NewsArticle) in g
    assert (news, PROV.wasDerivedFrom, d) in g
    assert list(g.triples((None, OWL.sameAs, None))) == []
    # themes: the API's UUID matches the Themis theme concept; an id of another form is kept, unmatched
    theme = ID[f"beleidsthema/{THEME}"]
    assert (d, KG.policyTheme, theme) in g and (theme, DCTERMS.identifier, Literal(THEME)) in g
    assert (theme, SKOS.exactMatch, URIRef(f"http://themis.vlaanderen.be/id/concept/thema/{THEME}")) in g
    other = ID["beleidsthema/opaque-theme"]
    assert (other, DCTERMS.identifier, Literal("opaque-theme")) in g
    assert list(g.objects(other, SKOS.exactMatch)) == []
    # the meeting and the mandatees keep the API's ids as identifiers; a malformed id is not kept
    meeting = next(g.objects(d, KG.meeting))
    assert (meeting, DCTERMS.identifier, Literal("600FE1BB6B34EF000900016C")) in g
    ids = {str(o) for office in g.objects(d, KG.responsibleMandatee) for o in g.objects(office, DCTERMS.identifier)}
    assert ids == {"5fed907ee6670526694a0719"}
    assert all(next(g.objects(o, MANDAAT.isBestuurlijkeAliasVan), None) is not None
               for o in g.objects(d, KG.responsibleMandatee))


def test_the_new_nodes_pass_the_shapes(tmp_path: Path) -> None:
    result = kgbuild.build([_record(tmp_path)])
    assert result.validation is not None and result.validation.conforms, result.validation


def test_no_same_as_between_nodes_of_different_kinds_on_the_corpus(corpus_build: BuildResult) -> None:
    store = ox.Store()
    for part in corpus_build.parts:
        store.bulk_load(path=str(part), format=ox.RdfFormat.N_TRIPLES)
    mixed = list(store.query("""
        PREFIX owl: <http://www.w3.org/2002/07/owl#>
        SELECT ?a ?b ?t WHERE { ?a owl:sameAs ?b . FILTER(?a != ?b) ?a a ?t . FILTER NOT EXISTS { ?b a ?t } }
        LIMIT 5"""))
    assert mixed == []
    news = next(iter(store.query("""
        PREFIX schema: <http://schema.org/> PREFIX besluit: <http://data.vlaanderen.be/ns/besluit#>
        SELECT (COUNT(DISTINCT ?n) AS ?items) (SUM(IF(EXISTS { ?n a besluit:Besluit }, 1, 0)) AS ?clash)
        WHERE { ?d schema:subjectOf ?n . ?n a schema:NewsArticle }""")))
    assert int(news["items"].value) > 2000 and int(news["clash"].value) == 0
    themes = next(iter(store.query("""
        PREFIX skos: <http://www.w3.org/2004/02/skos/core#> PREFIX kg: <https://w3id.org/kgbuild/ns#>
        SELECT (COUNT(DISTINCT ?t) AS ?all) (COUNT(DISTINCT ?m) AS ?matched)
        WHERE { ?d kg:policyTheme ?t . OPTIONAL { ?t skos:exactMatch ?m } }""")))
    assert int(themes["matched"].value) == int(themes["all"].value) > 0  # every corpus themeId is a UUID


def test_a_news_item_merged_with_its_decision_fails_the_shapes(tmp_path: Path) -> None:
    from kgbuild.namespaces import BESLUIT
    from kgbuild.validate import validate
    g = kgbuild.build([_record(tmp_path)]).graph
    g.add((URIRef(NEWS), RDF.type, BESLUIT.Besluit))  # what owl:sameAs smushing would do once merged
    report = validate(g)
    assert not report.conforms
    assert any("not itself a decision" in r.message for r in report.results)
