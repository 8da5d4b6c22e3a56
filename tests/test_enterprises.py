"""Belgian enterprise numbers (KBO/BCE): the mod-97 check, the forms a number is written in, the organisation it
belongs to, and how the graph carries it (OSLO generiek's structured identifier, the federal IRI)."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS

import kgbuild
from kgbuild.extract import EnterpriseNumber, extract_decision, load_gazetteer
from kgbuild.extract.enterprises import checks, dotted
from kgbuild.rdf.namespaces import ADMS, ID, SCHEMA
from kgbuild.rdf.validate import validate

CASE = Path(__file__).parent / "cases" / "enterprise-numbers" / "input"
CBE = "https://org.belgif.be/id/CbeRegisteredEntity/"


def numbers(text: str) -> list[tuple[str, str, str | None]]:
    """(the words read, the ten digits, the organisation's label) for every number kept in ``text``."""
    found = extract_decision("x", text, load_gazetteer())
    return [(f.quote, f.item.digits, f.item.organisation.label if f.item.organisation else None)
            for f in found if isinstance(f.item, EnterpriseNumber)]


def test_the_mod_97_check() -> None:
    assert checks("0403170701") and checks("0876543270")
    # 97 - 04031707 mod 97 = 01: any other last two digits, another first digit or length fail
    assert not any(checks(n) for n in ("0403170702", "0403170700", "0403170710", "2403170701", "403170701",
                                       "04031707011", "040317070a"))
    assert dotted("0403170701") == "0403.170.701"


def test_a_bad_check_digit_is_not_kept() -> None:
    assert numbers("Mediawijs vzw, met ondernemingsnummer 0403.170.702, krijgt een subsidie.") == []
    assert numbers("KBO 0876 543 271 en BE0876543271") == []


@pytest.mark.parametrize(("text", "digits"), [
    ("ondernemingsnummer 0403.170.701", "0403170701"),
    ("ondernemingsnummer: 0403170701", "0403170701"),
    ("KBO-nummer 0403 170 701", "0403170701"),
    ("KBO-nr. 0403170701", "0403170701"),
    ("BCE 403.170.701", "0403170701"),  # the old nine digits
    ("btw-nummer BE 0403.170.701", "0403170701"),
    ("BTW BE0403170701", "0403170701"),
    ("staat als 0876.543.270 in het register", "0876543270"),  # the dotted form needs no label
])
def test_the_forms_a_number_is_written_in(text: str, digits: str) -> None:
    assert [d for _q, d, _o in numbers(text)] == [digits]


@pytest.mark.parametrize("text", [
    "dossier 0403170701",  # a bare run of ten digits may be anything
    "rekening 0403 170 701",
    "een bedrag van 1.403.170.701 euro",  # part of a longer number
    "403.170.701 zonder label",  # nine digits need a label
    "versie 0403.170.701.2",
])
def test_numbers_that_are_not_enterprise_numbers(text: str) -> None:
    assert numbers(text) == []


@pytest.mark.parametrize(("text", "owner"), [
    ("De Vlaamse Regering kent een subsidie toe aan Datalab Gent vzw, met ondernemingsnummer 0403.170.701.",
     "Datalab Gent"),
    ("Een subsidie aan de vzw Kinderrechtencoalitie (KBO 0403 170 701) wordt goedgekeurd.", "Kinderrechtencoalitie"),
    ("Imec vzw, met zetel te Leuven, ondernemingsnummer 0403170701, krijgt geld.", "imec"),  # the gazetteer's
    ("de nv Proximus, met maatschappelijke zetel te Brussel, met ondernemingsnummer 0403.170.701", "Proximus"),
    ("Het Agentschap Innoveren en Ondernemen (BCE 403.170.701) doet mee.", "Agentschap Innoveren en Ondernemen"),
    ("De Vereniging van Vlaamse Steden en Gemeenten (VVSG), ondernemingsnummer 0403.170.701",
     "Vereniging van Vlaamse Steden en Gemeenten"),
    # anything else between a name and the number: bound to no one rather than to the wrong one
    ("VLAIO kent een subsidie toe aan het project, ondernemingsnummer 0403.170.701.", None),
    ("KBO: 0403.170.701 en KBO-nr. 0876543270", None),
    ("BTW BE0403170701", None),
])
def test_the_organisation_a_number_belongs_to(text: str, owner: str | None) -> None:
    assert {o for _q, _d, o in numbers(text)} == {owner}


def test_the_graph_carries_the_number_on_its_organisation() -> None:
    result = kgbuild.build([CASE], reasoning="none")
    g = result.graph
    datalab, stadsnet = ID["organisatie/datalab-gent"], ID["organisatie/stadsnet"]
    for org, digits in ((datalab, "0403170701"), (stadsnet, "0876543270")):
        ident = ID[f"kbo/{digits}"]
        assert (org, ADMS.identifier, ident) in g
        assert (ident, RDF.type, ADMS.Identifier) in g
        assert (ident, SKOS.notation, Literal(dotted(digits))) in g
        assert (ident, RDFS.seeAlso, URIRef(CBE + digits)) in g
        assert (org, SCHEMA.sameAs, URIRef(CBE + digits)) in g
    # the number with a bad check digit and the bare run of digits are not in the graph; no owl:sameAs at all
    assert not list(g.subjects(SKOS.notation, Literal("0876.543.271")))
    assert len(set(g.subjects(RDF.type, ADMS.Identifier))) == 2
    assert not list(g.triples((None, OWL.sameAs, None)))
    assert result.report.counts["enterprise_numbers"] == 2
    assert result.report.counts["enterprise_numbers_with_organisation"] == 2
    assert validate(g).conforms


def test_the_shapes_refuse_a_malformed_number() -> None:
    g = kgbuild.build([CASE], reasoning="none").graph
    ident = ID["kbo/0403170701"]
    g.remove((ident, SKOS.notation, None))
    g.add((ident, SKOS.notation, Literal("403170701")))
    report = validate(g)
    assert not report.conforms
