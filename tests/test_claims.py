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
from kgbuild.pipeline.plan import BuildResult
from kgbuild.rdf.namespaces import KG, SCHEMA
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


# The issue-7 set was never trained on (the claim model learnt from the issue-25 sets). Measured on its 96 claims:
# unsupported precision 0.60, recall 0.60 (3 of 5; one claim moves recall by 0.2); "not fully supported" precision
# 0.73, recall 0.48.
FLOORS = {"unsupported": (0.5, 0.4), "not fully supported": (0.6, 0.4)}


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


# Measured with python tests/claim_scores.py --labels FILE (docs/claims.md). issue25_heldout3 was labelled blind
# and scored once on the frozen model (commit 1223eaa), and once more on the frozen code of commit a2b1e3c together
# with issue25_heldout5 (labelled blind, the last 18 reports no claim set had used); the relabelled issue-15 claims
# are in the models' training set; the issue-15 labels follow issue 15's rule (a judgement counts as supported).
# The floors sit a little under, so that a change that loses ground fails.
LABEL_FLOORS = {
    "issue15_claims.json": {"precision": 0.6, "recall": 0.55, "accuracy": 0.7, "evidence_accuracy": 0.8},
    "issue25_relabelled15.json": {"precision": 0.7, "recall": 0.6, "accuracy": 0.68, "evidence_accuracy": 0.64},
    "issue25_heldout3.json": {"precision": 0.8, "recall": 0.4, "accuracy": 0.6, "evidence_accuracy": 0.62},
    "issue25_heldout5.json": {"accuracy": 0.68, "evidence_accuracy": 0.66},
}


@pytest.mark.parametrize("name", sorted(LABEL_FLOORS))
def test_verdicts_and_evidence_on_the_labelled_claims(corpus_analysis: Analysis, name: str) -> None:
    from claim_scores import load_labels, score

    labels = load_labels(Path(__file__).parent / "labels" / name)
    assert len(labels) >= 120 and len({c["report"] for c in labels}) >= 15
    # a random sample of reports holds few unsupported claims: precision and recall only where there are enough
    assert sum(c["verdict"] in ("unsupported", "contradicted") for c in labels) >= 15 or "precision" not in \
        LABEL_FLOORS[name]
    s = score(corpus_analysis.extracted.checks, labels)
    print("\n" + s.summary())
    for measure, floor in LABEL_FLOORS[name].items():
        assert getattr(s, measure) >= floor, (measure, getattr(s, measure), s.summary())


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
    # what the decisions as a whole show, and what a measure may bring about (claims of the labelled sets)
    ("De verschillende besluiten rond financiële ondersteuning getuigen van een actieve rol van de regering.", False,
     "De verschillende besluiten rond financiële ondersteuning getuigen"),
    ("Beslissingen en plannen getuigen van een aanhoudend engagement om de beloften te vervullen.", False,
     "Beslissingen en plannen getuigen"),
    ("Sensibiliseringsacties kunnen bijdragen aan bewustwording en aanpassing van het beheer van gronden.", False,
     "kunnen bijdragen"),
    # ... but a fact they show, or the fact before a "wat kan bijdragen", is checked
    ("Besluiten tonen aan dat er een gedifferentieerd systeem is voor plaatsing in gesloten instellingen.", False, ""),
    # a hedge on a fact, and the report's last fact after "Tot slot", are checked (readers judged both as facts)
    ("Het goedkeuren van de gelijkwaardigheid van eindtermen voor Franstalige faciliteitenscholen zou kunnen wijzen op "
     "een inspanning om het Nederlands taalonderwijs te versterken.", False, ""),
    ("Tot slot zet de regering stappen voor de bevordering van inclusie en participatie binnen de cultuursector.",
     False, ""),
    ("Besluiten focussen op een kader voor teruggewonnen water, wat kan bijdragen aan een gezonde bodem.", False, ""),
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


def test_the_why_never_lists_the_words_a_report_judges_with() -> None:
    """"in lijn met", "weerspiegelt": the review lists the words of what the claim asserts, not of how it judges."""
    from kgbuild.claims import ClaimCheck
    from kgbuild.claims.evidence import EvidenceSentence, Sentence
    from kgbuild.claims.reading import Term

    terms = (Term("gescreend", "word", False), Term("lijn", "word", False), Term("weerspiegelt", "word", False),
             Term("obstakels", "word", False))
    # any evidence: the review then names the words it misses
    sentence = Sentence("X", 0, 30, "De regering wijzigt de regels.", (), frozenset(), (), ())
    check = ClaimCheck("r", 1, 0.2, "unsupported", terms, evidence=(EvidenceSentence(sentence, 1.0),))
    assert "lijn" not in check.body and "weerspiegelt" not in check.body
    assert "gescreend" in check.body and "obstakels" in check.body


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


# --- issue 25, second part: assertions, Dutch morphology, the verdict model ---------------------------------------


def test_inflections_separable_verbs_and_compounds_match() -> None:
    from kgbuild.claims import found_in as _found
    from kgbuild.dutch import keys, text_keys

    assert keys("verhoogd") & keys("verhoogt") & keys("verhoging")  # "De subsidiabele breedtes werden verhoogd"
    held = text_keys("De wijziging verhoogt de subsidiabele breedtes. De Vlaamse Regering keurt het plan goed.")
    joined = " " + " ".join(sorted(held)) + " "
    assert _found("verhoogd", held, joined) and _found("goedgekeurd", held, joined)
    held = text_keys("investeringen in fietsinfrastructuur en bijkomende agromilieuklimaatmaatregelen")
    joined = " " + " ".join(sorted(held)) + " "
    assert _found("fietsinvesteringen", held, joined)  # the head "investeringen", the first part "fiets..."
    assert not _found("vliegwet", held, joined)


@pytest.mark.parametrize("text", [
    "Concluderend kan gezegd worden dat vele regeringsbesluiten elementen bevatten die in lijn zijn met het "
    "regeerakkoord.",
    "De geciteerde besluiten tot en met getuigen van een omvattende aanpak om de doelstellingen te verwezenlijken.",
    "Dit sluit aan bij de plannen om de belangrijkste bronnen van verontreiniging aan te pakken.",
    "Volgens het regeerakkoord moet het systeem van het niet-dringend ziekenvervoer toegankelijker worden.",
    "Het regeerakkoord legde de nadruk op een vernieuwde invulling van het Vlaams stedenbeleid.",
])
def test_summaries_and_restated_ambitions_are_not_checked(text: str) -> None:
    """Real report sentences (issue-25 labels: not checkable): the report on itself, or the agreement's ambition."""
    from kgbuild.claims import not_checkable

    assert not_checkable(text, states_facts=True)


def test_the_verdict_model_is_a_dot_product_of_the_shipped_coefficients() -> None:
    import dataclasses

    from kgbuild.claims import model as claim_model

    model = claim_model.load()
    assert model.features == claim_model.FEATURES and model.classes == claim_model.CLASSES
    nothing = dict.fromkeys(claim_model.FEATURES, 0.0) | {"key_share": 1.0, "rare_missing": 1.6}
    everything = dict.fromkeys(claim_model.FEATURES, 1.0) | {"bm25": 1.5, "entity_missing": 0.0, "rare_missing": 0.0,
                                                             "decisions": 0.7, "mean_idf": 4.5}
    for values in (nothing, everything):
        assert abs(sum(claim_model.probabilities(values).values()) - 1) < 1e-9
    assert claim_model.verdict(claim_model.probabilities(nothing)) == "unsupported"
    assert claim_model.verdict(claim_model.probabilities(everything)) == "supported"
    with pytest.raises(KeyError):
        claim_model.probabilities({"coverage": 1.0})
    other = dataclasses.replace(model, unsupported=1.1, partly=1.1)  # thresholds decide, nothing else
    assert claim_model.verdict(claim_model.probabilities(nothing, other), other) == "supported"
