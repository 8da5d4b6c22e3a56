"""The public contract (README, 'Querying the graph'), as SPARQL over the seed graph."""

from __future__ import annotations

from kgbuild.pipeline.plan import BuildResult
from kgbuild.rdf.namespaces import PREFIXES

PREFIX = "\n".join(f"PREFIX {k}: <{v}>" for k, v in PREFIXES.items())


def rows(result: BuildResult, query: str) -> list[tuple[str, ...]]:
    return sorted(tuple(str(v) for v in row) for row in result.graph.query(PREFIX + query))


def test_decisions(seed_build: BuildResult) -> None:
    got = rows(seed_build, """
        SELECT ?id ?date ?kindLabel ?vrLabel WHERE {
          ?d a besluit:Besluit ; dcterms:identifier ?id ; eli:date_document ?date ; eli:title ?title ;
             dcterms:type ?kind ; eli:passed_by ?vr .
          ?kind a skos:Concept ; skos:prefLabel ?kindLabel .
          ?vr a org:Organization ; skos:prefLabel ?vrLabel .
          FILTER(datatype(?date) = xsd:date)
        }""")
    assert len(got) == 26
    assert ("5DF88BFB5084E700080000CA", "2019-12-20", "Nota", "Vlaamse Regering") in got
    assert ("e3d82170-0fe2-11eb-9a42-a101b41f0404", "2020-07-17", "Mededeling", "Vlaamse Regering") in got
    assert {r[2] for r in got} == {"Nota", "Mededeling"}


def test_report(seed_build: BuildResult) -> None:
    got = rows(seed_build, "SELECT ?t WHERE { ?r a schema:Report ; dcterms:title ?t }")
    assert got == [("Evaluatie van de Vlaamse Regering in Naleving van het Regeerakkoord op Digitale "
                    "Infrastructuur en Innovatie",)]


def test_claims(seed_build: BuildResult) -> None:
    got = rows(seed_build, """
        SELECT ?txt ?theme (COUNT(DISTINCT ?d) AS ?n) WHERE {
          ?c a schema:Claim ; schema:text ?txt ; schema:isPartOf ?r ; cito:citesAsEvidence ?d ;
             dcterms:subject ?t .
          ?r a schema:Report . ?d a besluit:Besluit . ?t a skos:Concept ; skos:prefLabel ?theme .
        } GROUP BY ?txt ?theme""")
    assert len(got) == 12
    assert ("Het project Mobilidata bevordert slimme mobiliteitsoplossingen.",
            "Digitale Infrastructuur en Slimme Regio-initiatieven", "1") in got
    five_g = [r for r in got if "5G-netwerk" in r[0]]
    assert five_g and five_g[0][2] == "3"
    assert all("\\[" not in r[0] and "**" not in r[0] for r in got)


def test_claim_spans_point_at_the_claim(seed_build: BuildResult) -> None:
    from conftest import SEEDS

    text = (SEEDS / "000_1331771e99bb3f69.txt").read_text(encoding="utf-8")
    got = rows(seed_build, """
        SELECT ?txt ?s ?e WHERE { ?c schema:text ?txt ; prov:wasDerivedFrom ?span .
          ?span oa:hasSource ?src ; oa:hasSelector [ oa:start ?s ; oa:end ?e ] }""")
    assert len(got) == 12
    for txt, s, e in got:
        quote = text[int(s):int(e)]
        assert txt.split()[0].strip("*") in quote, (txt, quote)


def test_report_section_link(corpus_build: BuildResult) -> None:
    got = rows(corpus_build, """
        SELECT ?num ?title ?domain WHERE {
          ?r a schema:Report ; dcterms:identifier "1_—_Energie_en_klimaat__-_1.4_Transport_en_duurzame_mobiliteit" ;
             kg:evaluates ?s .
          ?s kg:sectionNumber ?num ; dcterms:title ?title ; kg:policyDomain/skos:prefLabel ?domain ;
             prov:value ?text .
        }""")
    assert got == [("1.4", "Transport en duurzame mobiliteit", "Energie en klimaat")]


def test_claim_reviews_with_evidence(seed_build: BuildResult) -> None:
    reviews = rows(seed_build, """
        SELECT ?c ?verdict ?why ?published WHERE {
          ?review a schema:ClaimReview ; schema:itemReviewed ?c ; schema:reviewBody ?why ;
             schema:datePublished ?published ; schema:reviewRating ?rating .
          ?rating schema:alternateName ?verdict .
        }""")
    assert len(reviews) == 12 and {r[3] for r in reviews} == {"2023-12-22"}  # the latest decision's date
    evidence = rows(seed_build, """
        SELECT ?review ?rank ?score ?d ?sentence ?start ?end WHERE {
          ?review kg:evidence ?ev .
          ?ev kg:rank ?rank ; kg:score ?score ; oa:hasSource ?d ; oa:hasSelector ?q , ?p .
          ?q oa:exact ?sentence .
          ?p oa:start ?start ; oa:end ?end .
        }""")  # (rdflib takes minutes over this pattern with its rdf:type triples added; the shapes check those)
    assert len({r[0] for r in evidence if r[1] == "1"}) == 11  # every claim but the 5G one has a nearest sentence
    assert any("City of Things 2021" in r[4] for r in evidence)
    assert all(int(r[6]) - int(r[5]) >= len(r[4]) for r in evidence)  # the span holds the (folded) sentence


def test_money(seed_build: BuildResult) -> None:
    """Every amount has a role, a reason and a confidence; committed ones what they add (README, money)."""
    got = rows(seed_build, """
        SELECT ?d ?total ?low (SUM(?new) AS ?sum) (COUNT(?grant) AS ?n) WHERE {
          ?grant a schema:MonetaryGrant ; dcterms:source ?d ; schema:amount [ schema:value ?written ] ;
                 kg:amountRole ?role ; kg:roleReason ?why ; kg:confidence ?conf ; kg:committedAmount ?new .
          ?d kg:committedTotal ?total ; kg:committedLowConfidence ?low ; kg:actType ?act .
          ?act skos:inScheme <https://w3id.org/kgbuild/id/concept/handeling> .
          FILTER(?conf IN ("high", "low"))
        } GROUP BY ?d ?total ?low""")
    assert len(got) == 20  # the AI research programme's 12,185 miljoen euro subsidy: committed, no plan total
    assert all(total == s for _d, total, _low, s, _n in got)
    assert sum(float(r[1]) for r in got) == 132583000 + 12185000
