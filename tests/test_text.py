"""Normalisation with recoverable offsets, section names, claims and titles."""

from __future__ import annotations

import pytest

from kgbuild.readers.agreement import parse_section_name
from kgbuild.readers.decision import split_title
from kgbuild.readers.report import parse_body, strip_markdown
from kgbuild.text import normalize, slug


def test_normalize_drops_invisibles_and_folds_space() -> None:
    original = "  Plan\u200b Vlaamse  Veerkracht:\u00a0 1,2 miljoen euro  \n"
    n = normalize(original)
    assert n.text == "Plan Vlaamse Veerkracht: 1,2 miljoen euro"
    start = n.text.index("1,2 miljoen")
    s, e = n.to_original(start, start + len("1,2 miljoen euro"))
    assert original[s:e] == "1,2 miljoen euro"
    s, e = n.to_original(0, len("Plan Vlaamse"))
    assert original[s:e] == "Plan\u200b Vlaamse"


@pytest.mark.parametrize("name, chapter, domain, parts", [
    ("1_—_Energie_en_klimaat__-_1.2_Gebouwen_-_1.2.1_Woningen", "1", "Energie en klimaat",
     (("1.2", "Gebouwen"), ("1.2.1", "Woningen"))),
    ("3_—_Dierenwelzijn", "3", "Dierenwelzijn", ()),
    ("1_—_Welzijn_-_1.2_Concrete_voorstellen_-_1.2.5_Werf_5:_Flanders’_Care", "1", "Welzijn",
     (("1.2", "Concrete voorstellen"), ("1.2.5", "Werf 5: Flanders’ Care"))),
])
def test_section_names(name: str, chapter: str, domain: str, parts: tuple[tuple[str, str], ...]) -> None:
    p = parse_section_name(name)
    assert (p.chapter, p.domain, p.parts) == (chapter, domain, parts)


def test_bad_section_name() -> None:
    with pytest.raises(ValueError, match="not a section name"):
        parse_section_name("Energie en klimaat")


def test_strip_markdown() -> None:
    assert strip_markdown("Het **5G-netwerk** kreeg *middelen* \\[13\\]\\[14\\].") == "Het 5G-netwerk kreeg middelen."


def test_sentences_with_citations_are_claims() -> None:
    body = parse_body("# T\n\n## Thema\nEen zin zonder. Een zin met \\[1\\]. En nog \\[2\\]\\[3\\]. Slot.\n")
    assert [(c.text, c.citations, c.theme) for c in body.claims] == [
        ("Een zin met.", (1,), "Thema"), ("En nog.", (2, 3), "Thema")]


def test_cited_heading_covers_its_paragraph() -> None:
    body = parse_body("# T\n\n## EPC \\[4\\]\\[5\\]\n\nHet beleid is versterkt. Het helpt.\n\n## Leeg \\[6\\]\n")
    assert [(c.text, c.citations, c.theme) for c in body.claims] == [
        ("Het beleid is versterkt. Het helpt.", (4, 5), "EPC"), ("Leeg", (6,), "Leeg")]


def test_split_title() -> None:
    text = ("Subsidie Kenniscentrum Data en Maatschappij Ontwerpbesluit van de Vlaamse Regering tot toekenning "
            "van de subsidie voor de werking van het Kenniscentrum Data en Maatschappij  Het kenniscentrum ...")
    assert split_title(text) == (
        "Subsidie Kenniscentrum Data en Maatschappij",
        "Ontwerpbesluit van de Vlaamse Regering tot toekenning van de subsidie voor de werking van het "
        "Kenniscentrum Data en Maatschappij")
    assert split_title("Uitbouw van Slimme Regio Vlaanderen   ") == ("Uitbouw van Slimme Regio Vlaanderen", None)


def test_slug_is_iri_safe() -> None:
    key = slug("1_—_Energie_en_klimaat__-_1.1 Uitdagingen <en> \"visie\"")
    assert key == "1-energie-en-klimaat-1.1-uitdagingen-en-visie"
