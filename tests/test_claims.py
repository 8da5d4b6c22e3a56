"""Claim checking: the seed's known cases, the labelled claims, and the reviews in the graph."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest
from rdflib.namespace import RDF

from conftest import Analysis
from kgbuild.claims import RATINGS, Evidence, check_claim, stem, text_stems
from kgbuild.extract import load_gazetteer
from kgbuild.model import Claim
from kgbuild.namespaces import KG, SCHEMA
from kgbuild.pipeline import BuildResult
from kgbuild.readers.report import strip_markdown

LABELS = Path(__file__).parent / "labels" / "issue7_claims.json"


def _by_text(build: Analysis, start: str) -> str:
    report = build.corpus.reports[0]
    hits = [build.extracted.checks[(report.key, i)].rating
            for i, c in enumerate(report.claims, start=1) if c.text.startswith(start)]
    assert len(hits) == 1, start
    return hits[0]


@pytest.mark.parametrize(("start", "rating"), [
    ("Het project Mobilidata", "partly supported"),  # the cited decision never says Mobilidata, names its content
    ("Het gebiedsdekkende 5G-netwerk", "unsupported"),  # none of the three cited decisions mentions 5G
    ("Vlaanderen Radicaal Digitaal is een cruciaal project", "supported"),
    ("Artificiële Intelligentie en onderwijs zijn versterkt", "supported"),  # via de Vlaamse AI Academie
])
def test_seed_cases(seed_analysis: Analysis, start: str, rating: str) -> None:
    assert _by_text(seed_analysis, start) == rating


def test_the_unsupported_terms_are_named(seed_analysis: Analysis) -> None:
    report = seed_analysis.corpus.reports[0]
    terms = {c.text[:19]: seed_analysis.extracted.checks[(report.key, i)].unsupported
             for i, c in enumerate(report.claims, start=1)}
    assert "Mobilidata" in terms["Het project Mobilid"]
    assert "5G-netwerk" in terms["Het gebiedsdekkende"]


def _evidence(text: str, entities: set[str] | None = None) -> Evidence:
    stems = text_stems(text)
    return Evidence(set(stems), " " + " ".join(sorted(stems)) + " ", entities or set(), set(), set())


def test_normalisation_inflection_compounds_and_acronyms() -> None:
    assert stem("subsidies") == stem("subsidie")
    gazetteer = load_gazetteer()
    vaia = gazetteer.lookup("organisation", "VAIA")
    assert vaia is not None
    ev = _evidence("De Vlaamse AI Academie krijgt subsidies voor de netwerkinfrastructuur.", {vaia.id})
    check = check_claim("r", 1, Claim("VAIA krijgt een subsidie voor het netwerk.", (0,), None, 0, 0), ev,
                        gazetteer)
    assert all(t.supported for t in check.terms), check.terms
    missing = check_claim("r", 2, Claim("Het 5G-netwerk werd uitgerold.", (0,), None, 0, 0,
                                        ("5G-netwerk",)), ev, gazetteer)
    assert "5G-netwerk" in missing.unsupported and missing.rating == "unsupported"


@pytest.mark.slow
def test_every_claim_has_one_review(seed_build: BuildResult) -> None:
    g = seed_build.graph
    claims = set(g.subjects(RDF.type, SCHEMA.Claim))
    reviewed = [g.value(r, SCHEMA.itemReviewed) for r in g.subjects(RDF.type, SCHEMA.ClaimReview)]
    assert sorted(reviewed) == sorted(claims)
    for review in g.subjects(RDF.type, SCHEMA.ClaimReview):
        rating = g.value(review, SCHEMA.reviewRating)
        assert str(g.value(rating, SCHEMA.alternateName)) in RATINGS
        assert 0 <= float(g.value(rating, SCHEMA.ratingValue)) <= 1  # type: ignore[arg-type]
    assert any(True for _ in g.triples((None, KG.unsupportedTerm, None)))


# The issue-7 set is held out: the verdict thresholds were set on tests/labels/issue15_claims.json. Measured on its
# 96 claims: unsupported precision 0.50, recall 0.80 (4 of 5; one claim moves recall by 0.2); "not fully
# supported" precision 0.48, recall 0.65.
FLOORS = {"unsupported": (0.45, 0.6), "not fully supported": (0.4, 0.6)}


def test_unsupported_precision_and_recall(corpus_analysis: Analysis) -> None:
    checks = corpus_analysis.extracted.checks
    reports = {r.key: r for r in corpus_analysis.corpus.reports}
    pairs = []
    for g in json.loads(LABELS.read_text(encoding="utf-8"))["claims"]:
        report = reports[g["report"]]
        line = strip_markdown(g["line"])
        hits = [(i, c) for i, c in enumerate(report.claims, start=1) if c.text and (c.text in line or line in c.text)]
        if hits:
            i, _c = max(hits, key=lambda h: len(h[1].text))
            pairs.append((g["label"], checks[(report.key, i)].rating))
    assert len(pairs) >= 90
    print("\n", sorted(Counter(pairs).items()))
    for name, (p_floor, r_floor) in FLOORS.items():
        hit = (lambda r: r == "unsupported") if name == "unsupported" else (lambda r: r != "supported")
        tp = sum(hit(a) and hit(b) for a, b in pairs)
        precision = tp / max(1, sum(hit(b) for _a, b in pairs))
        recall = tp / max(1, sum(hit(a) for a, _b in pairs))
        print(f"{name}: precision {precision:.3f} recall {recall:.3f}")
        assert precision >= p_floor and recall >= r_floor, (name, precision, recall)


@pytest.mark.slow
def test_claims_command_lists_the_weakest(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from kgbuild.cli import main

    runner = CliRunner()
    out = tmp_path / "out"
    assert runner.invoke(main, ["build", "-o", str(out), "-q", "--reason", "none"]).exit_code == 0
    result = runner.invoke(main, ["claims", "--store", str(out / "store"), "--rating", "unsupported", "-f", "csv"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == "report,claim,score,verdict,missing,cited,evidence,source"
    assert any("5G-netwerk" in line for line in lines[1:])
    assert all(",unsupported," in line for line in lines[1:])


# Measured on the 395 claims of tests/labels/issue15_claims.json (python tests/claim_scores.py): unsupported-or-
# contradicted precision 0.53 (0.61 on the random sample), recall 0.93; verdict accuracy 0.72; evidence accuracy
# 0.80. The floors sit a little under, so that a change that loses ground fails.
ISSUE15_FLOORS = {"precision": 0.45, "recall": 0.85, "accuracy": 0.65, "evidence_accuracy": 0.77}


def test_verdicts_and_evidence_on_the_labelled_claims(corpus_analysis: Analysis) -> None:
    from claim_scores import load_labels, score

    labels = load_labels()
    assert len(labels) >= 300 and len({c["report"] for c in labels}) >= 25
    assert sum(c["verdict"] in ("unsupported", "contradicted") for c in labels) >= 40
    s = score(corpus_analysis.extracted.checks, labels)
    print("\n" + s.summary())
    for name, floor in ISSUE15_FLOORS.items():
        assert getattr(s, name) >= floor, (name, getattr(s, name), s.summary())


# --- issue 25, first part: one scale, sentences that say why, claims that are no facts ---------------------------


def test_one_scale_orders_the_verdicts(seed_build: BuildResult) -> None:
    """ratingValue is monotone in the verdict: on the seed, the two unsupported claims (Mobilidata, 5G) rate
    lowest, whatever share of their words was found."""
    g = seed_build.graph
    rated = []
    for review in g.subjects(SCHEMA.itemReviewed, None):
        rating = g.value(review, SCHEMA.reviewRating)
        text = str(g.value(g.value(review, SCHEMA.itemReviewed), SCHEMA.text))
        rated.append((float(g.value(rating, SCHEMA.ratingValue)), str(g.value(rating, SCHEMA.alternateName)), text))  # type: ignore[arg-type]
    rated.sort()
    assert {t[:19] for _v, _r, t in rated[:2]} == {"Het project Mobilid", "Het gebiedsdekkende"}
    order = ["contradicted", "unsupported", "partly supported", "supported"]
    ranks = [order.index(r) for _v, r, _t in rated if r in order]
    assert ranks == sorted(ranks)


def test_the_reason_is_a_sentence(seed_build: BuildResult) -> None:
    g = seed_build.graph
    bodies = {str(g.value(g.value(r, SCHEMA.itemReviewed), SCHEMA.text))[:19]: str(g.value(r, SCHEMA.reviewBody))
              for r in g.subjects(SCHEMA.itemReviewed, None)}
    assert bodies["Het project Mobilid"] == "None of the cited decisions names Mobilidata."
    assert bodies["Het gebiedsdekkende"].startswith("The cited decisions do not say \u201c5G-netwerk\u201d.")


@pytest.mark.parametrize(("text", "states_facts", "words"), [
    ("Het is aanbevolen om de samenwerking met de steden verder te versterken.", False, "Het is aanbevolen"),
    ("De regering zou meer moeten inzetten op fietsinfrastructuur.", True, "zou meer moeten"),
    ("De digitalisering van de overheid blijft een uitdaging.", False, "blijft een uitdaging"),
    ("Dit vormt een belangrijke stap in de goede richting.", False, "vormt een belangrijke stap"),
    # a judgement of a named programme, an amount or a year is checked for them
    ("Vlaanderen Radicaal Digitaal is een cruciaal project voor de digitale transformatie.", True, ""),
    ("De Vlaamse Regering kende 10 miljoen euro toe aan imec.", True, ""),
])
def test_recommendations_and_judgements_are_not_checked(text: str, states_facts: bool, words: str) -> None:
    from kgbuild.claims import not_checkable

    assert not_checkable(text, states_facts) == words


def test_a_claim_that_is_no_fact_rates_in_the_middle_and_says_why() -> None:
    from decimal import Decimal

    from kgbuild.claims import ClaimCheck

    check = ClaimCheck("r", 1, 0.1, "not checkable", (), opinion="is aanbevolen")
    assert check.value == Decimal("0.5")
    assert check.body == ("Not a fact the decisions can confirm: a recommendation, outlook, judgement or restated "
                          "ambition "
                          "(\u201cis aanbevolen\u201d).")
    assert ClaimCheck("r", 2, 1.0, "contradicted", ()).value < ClaimCheck("r", 3, 0.0, "unsupported", ()).value


def test_a_readers_verdict_is_applied_reported_when_stale_and_kept_across_a_cached_rebuild(tmp_path: Path) -> None:
    """Issue 25: a reader corrects what the machine cannot know; the correction survives a cached rebuild."""
    import shutil

    import kgbuild
    from conftest import SEEDS

    folder = tmp_path / "input"
    shutil.copytree(SEEDS, folder)
    key = kgbuild.build([folder], reasoning="none", check=False).graph
    claim = next(c for c in key.subjects(RDF.type, SCHEMA.Claim) if str(c).endswith("/bewering/3"))
    (folder / "kgbuild-corrections.csv").write_text(
        "claim,field,value,who,date,why\n"
        f"{claim},verdict,supported,An Analyst,2026-12-07,Mobilidata is the programme the decision names\n"
        "geen-rapport#4,verdict,unsupported,,,\n"
        f"{claim},verdict,very true,,,\n", encoding="utf-8")
    out, cache = tmp_path / "out", tmp_path / "cache"
    first = kgbuild.build([folder], out=out, cache=cache, reasoning="none", check=False)
    report = first.report.as_dict()
    assert report["corrections"]["applied"] == 1 and report["corrections"]["stale"] == 1
    problems = [p.message for p in first.report.problems]
    assert any("stale correction: the build has no claim geen-rapport#4" in m for m in problems)
    assert any("verdict 'very true' is not one of supported" in m for m in problems)
    g = first.graph
    review = next(g.subjects(SCHEMA.itemReviewed, claim))
    rating = g.value(review, SCHEMA.reviewRating)
    assert str(g.value(rating, SCHEMA.alternateName)) == "supported"
    body = str(g.value(review, SCHEMA.reviewBody))
    assert body.startswith("A reader set this verdict by An Analyst on 2026-12-07: Mobilidata is the programme")
    assert "The check had found it" in body and "Mobilidata" in body
    correction = g.value(review, KG.correctedBy)
    assert (correction, RDF.type, KG.Correction) in g
    again = kgbuild.build([folder], out=out, cache=cache, reasoning="none", check=False)
    assert again.report.as_dict()["corrections"] == report["corrections"]
    assert b"".join(again.lines()) == b"".join(first.lines())
