"""End to end on the real corpus in ../shared/corpus (skipped with a reason where it is absent)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from rdflib import Literal

from conftest import Analysis
from kgbuild.pipeline.plan import BuildResult
from kgbuild.readers.decision import split_title
from kgbuild.text import clean

pytestmark = pytest.mark.corpus


def test_whole_corpus_builds(corpus_build: BuildResult) -> None:
    r = corpus_build.report
    assert r.inputs["report-markdown"] == 224 and r.inputs["report-json"] == 224
    assert r.inputs["decision-text"] == 3003 and r.inputs["decision-record"] == 2941
    assert r.inputs["agreement-section"] == 223 and r.inputs["report-metadata"] == 224
    assert r.counts["reports"] == 224 and r.counts["decisions"] == 3003
    assert r.counts["agreement_sections"] == 223 and r.counts["reports_linked_to_a_section"] == 224
    # the corpus README is the one file that is none of the formats; two reports cite nothing
    assert [p.path for p in r.skipped] == ["README.md"]
    assert all("has no claims" in p.message for p in r.problems if not p.skipped)


def test_every_citation_resolves(corpus_build: BuildResult, corpus_analysis: Analysis) -> None:
    assert not [p for p in corpus_build.report.problems if "cites [" in p.message]
    for report in corpus_analysis.corpus.reports:
        for claim in report.claims:
            for n in claim.citations:
                assert report.references[n].decision.id


def test_sources_merge_into_one_decision(corpus_analysis: Analysis) -> None:
    d = corpus_analysis.corpus.decisions["5ddcddbb5084e700080000d5"]
    assert {s.format for s in d.sources} >= {"decision-text", "decision-record"}
    assert d.meeting is not None and d.meeting.id == "5DDCD8585084E700080000B0"
    assert d.mandatees[0].family_name == "Beke"
    assert d.themis_uris == ("http://themis.vlaanderen.be/id/resource/e66f2db0-492b-11ec-94bb-99a9d1e168fe",)
    assert d.title == "ArmenTekort vzw: subsidie opschaling buddywerking voor mensen in armoede"
    assert d.formal_title and d.formal_title.startswith("Ontwerpbesluit van de Vlaamse Regering")


def test_no_zero_width_characters_in_the_graph(corpus_build: BuildResult) -> None:
    """Texts are normalised; only the quotes of annotations keep the source's characters, as quotes must."""
    from kgbuild.rdf.namespaces import OA

    texts = [str(o) for _s, p, o in corpus_build.graph if p != OA.exact and isinstance(o, Literal)]
    assert not [t for t in texts if "\u200b" in t or "  " in t]


def test_title_heuristic_against_the_api_titles(corpus_path: Path) -> None:
    """Where no API record exists the short title is split from the text; measure that against the API."""
    hits = total = formal_hits = formal_total = 0
    index: dict[str, list[Path]] = {}
    for p in (corpus_path / "bucket" / "clean").rglob("*.txt"):
        index.setdefault(p.stem.split("-", 4)[-1], []).append(p)
    for record in sorted((corpus_path / "bucket" / "ingestion" / "output").rglob("document.json")):
        attrs = json.loads(record.read_text(encoding="utf-8"))["attributes"]
        ident = record.parent.name
        texts = index.get(ident, [])
        if not texts:
            continue
        title, formal = split_title(texts[0].read_text(encoding="utf-8"))
        total += 1
        hits += title == clean(attrs["title"])
        if attrs.get("alternativeTitle"):
            formal_total += 1
            formal_hits += formal == clean(attrs["alternativeTitle"])
    assert total > 2900
    # measured: 82.8% of short titles and 72.0% of formal titles exactly right (README)
    assert hits / total >= 0.80, f"{hits}/{total}"
    assert formal_hits / formal_total >= 0.70, f"{formal_hits}/{formal_total}"


def test_whole_corpus_extracts(corpus_build: BuildResult) -> None:
    """Every decision goes through every extractor; the report counts what came out per type."""
    c = corpus_build.report.counts
    assert c["organisations"] > 300 and c["programmes"] > 200 and c["grants"] > 800
    assert 0 < c["grants_with_recipient"] < c["grants"]
    assert c["annotations"] > 10_000


def test_every_annotation_quotes_its_source_file(corpus_path: Path, corpus_analysis: Analysis) -> None:
    """The offsets of a mention point into the decision's text file: reading the file there gives the quote."""
    checked = 0
    for ident, found in corpus_analysis.extracted.found.items():
        dec = corpus_analysis.corpus.decisions[ident]
        src = dec.text_source
        if src is None or src.format != "decision-text":
            continue
        text = (corpus_path / src.path).read_text(encoding="utf-8")
        for f in found:
            assert text[f.start:f.end] == f.quote, (src.path, f.start, f.end, f.quote)
            checked += 1
    assert checked > 10_000
