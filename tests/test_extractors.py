"""Unit tests of the extractors on short Dutch texts, with the shipped gazetteer and without one."""

from __future__ import annotations

import importlib
import pkgutil

import pytest

import kgbuild.extract as extract_pkg
from kgbuild.extract import EXTRACTORS, DecisionAct, Gazetteer, Grant, Mention, extract_decision, load_gazetteer
from kgbuild.extract.base import Doc, name_key

EMPTY = Gazetteer([])


def mentions(text: str, type_: str, gazetteer: Gazetteer | None = None) -> list[Mention]:
    found = extract_decision("test", text, gazetteer or load_gazetteer())
    return [f.item for f in found if isinstance(f.item, Mention) and f.item.type == type_]


def keys(text: str, type_: str, gazetteer: Gazetteer | None = None) -> set[str]:
    return {m.key for m in mentions(text, type_, gazetteer)}


@pytest.mark.parametrize("gazetteer", [None, EMPTY], ids=["gazetteer", "no-gazetteer"])
def test_spellings_of_one_body_are_one_entity(gazetteer: Gazetteer | None) -> None:
    text = ("De Vlaamse AI Academie (VAIA) start. De Vlaamse AI-Academie krijgt steun. VAIA organiseert opleidingen. "
            "Het Kenniscentrum Data & Maatschappij en het Kenniscentrum Data en Maatschappij zijn één. "
            "Flanders Investment & Trade (FIT) en het FIT-netwerk.")
    ms = mentions(text, "organisation", gazetteer)
    by_surface = {m.text: m.key for m in ms}
    assert by_surface["VAIA"] == by_surface["Vlaamse AI-Academie"] == by_surface["Vlaamse AI Academie"]
    assert by_surface["Kenniscentrum Data & Maatschappij"] == by_surface["Kenniscentrum Data en Maatschappij"]
    assert by_surface["Flanders Investment & Trade"] == by_surface["FIT"]


@pytest.mark.parametrize("gazetteer", [None, EMPTY], ids=["gazetteer", "no-gazetteer"])
def test_bodies_that_share_words_stay_apart(gazetteer: Gazetteer | None) -> None:
    text = "Het Departement Onderwijs en Vorming en het Departement Werk en Sociale Economie werken samen."
    assert len(keys(text, "organisation", gazetteer)) == 2


def test_acronym_in_lower_case_is_not_the_acronym() -> None:
    assert not any(m.text == "fit" for m in mentions("Hij is fit en gezond.", "organisation"))


@pytest.mark.parametrize(("text", "label", "code"), [
    ("Het relanceplan 'Vlaamse Veerkracht' voorziet middelen.", "Plan Vlaamse Veerkracht", None),
    ("Plan Vlaamse Veerkracht: dossier 12", "Plan Vlaamse Veerkracht", None),
    ("het programma Vlaanderen Radicaal Digitaal 2 (VRD 2) loopt", None, None),
    ("Het Vlaams Beleidsplan Artificiële Intelligentie wordt uitgevoerd.", None, None),
    ("De oproep 'City of Things 2021' is gelanceerd.", "City of Things", None),
    ("het relanceproject 'Modernisering cloud- en netwerkinfrastructuur' (VV067) start",
     "Modernisering cloud- en netwerkinfrastructuur", "VV067"),
    ("Het Actieplan E-leren wordt goedgekeurd.", None, None),
])
def test_programme_forms(text: str, label: str | None, code: str | None) -> None:
    ms = mentions(text, "programme")
    assert ms, text
    if label:
        assert any(name_key(m.label) == name_key(label) for m in ms), [m.label for m in ms]
    if code:
        coded = [m for m in ms if m.code == code]
        assert coded and coded[0].part_of == "plan-vlaamse-veerkracht"


def test_variants_of_the_recovery_plan_are_one_programme() -> None:
    a = keys("Het relanceplan 'Vlaamse Veerkracht' voorziet middelen.", "programme")
    b = keys("Plan Vlaamse Veerkracht: dossier 12", "programme")
    assert a & b


def test_person_named_in_text() -> None:
    ms = mentions("Het instituut start met Bart De Moor als eerste voorzitter.", "person")
    assert [m.label for m in ms] == ["Bart De Moor"]
    assert ms[0].key == "bart-de-moor"


def test_grant_recipient_period_kind_and_funded_item() -> None:
    text = ("De Vlaamse Regering kent 488.000 euro subsidie toe aan de VVSG voor werkjaar 2024. "
            "Voor het project 'Slimme Steden' (VV099) wordt 1,2 miljoen euro voorzien.")
    grants = [f.item for f in extract_decision("t", text, load_gazetteer()) if isinstance(f.item, Grant)]
    first, second = grants
    assert str(first.value) == "488000" and first.kind == "subsidie"
    assert first.recipient is not None and first.recipient.key == load_gazetteer().lookup(
        "organisation", "VVSG").id  # type: ignore[union-attr]
    assert first.period is not None and first.period.first.year == 2024
    assert second.funded is not None and second.funded.code == "VV099"


def test_amount_in_title_and_body_is_one_grant() -> None:
    text = "Subsidie van 12 miljoen euro aan imec. De Vlaamse Regering kent imec 12 miljoen euro toe."
    grants = [f.item for f in extract_decision("t", text, load_gazetteer()) if isinstance(f.item, Grant)]
    assert len(grants) == 1 and len(grants[0].also_at) == 1


def test_spans_point_into_the_original_text() -> None:
    original = "Subsidie\u200b  aan het  Kenniscentrum Data\u00a0&  Maatschappij: 795.000  euro."
    for f in extract_decision("t", original, load_gazetteer()):
        assert original[f.start:f.end] == f.quote
        if not isinstance(f.item, DecisionAct):  # a whole sentence quotes the original as it is
            assert f.quote.split() == f.quote.replace("\u200b", "").split()


def test_every_extractor_module_is_registered() -> None:
    """Adding an extractor is one module with an ``extract`` function and one line in EXTRACTORS."""
    support = {"base", "names", "money", "periods", "roles"}  # helpers of the extractors, not extractors
    modules = {m.name for m in pkgutil.iter_modules(extract_pkg.__path__)} - support
    registered = {f.__module__.rsplit(".", 1)[-1] for f in EXTRACTORS}
    assert modules == registered
    for name in modules:
        assert callable(importlib.import_module(f"kgbuild.extract.{name}").extract)


def test_extractors_are_pure() -> None:
    doc = Doc("t", "De VLAIO kent 1 miljoen euro toe aan imec voor het Plan Vlaamse Veerkracht.", load_gazetteer())
    for extractor in EXTRACTORS:
        assert list(extractor(doc)) == list(extractor(doc))


def test_a_project_named_without_its_code_is_the_coded_project() -> None:
    from kgbuild.entities import merge_coded_names

    gazetteer = load_gazetteer()
    coded = extract_decision("a", "Het relanceproject 'Slimme Sluizen Overal' (VV201) start.", gazetteer)
    bare = extract_decision("b", "Het project 'Slimme Sluizen Overal' krijgt 2 miljoen euro.", gazetteer)
    merged = merge_coded_names({"a": coded, "b": bare})
    keys = {f.item.key for fs in merged.values() for f in fs if isinstance(f.item, Mention)
            and f.item.type == "programme" and "Sluizen" in f.item.label}
    assert keys == {"vv201"}
    grants = [f.item for f in merged["b"] if isinstance(f.item, Grant)]
    assert grants and grants[0].funded is not None and grants[0].funded.key == "vv201"
