"""Money a journalist can quote (issue 24): the operative clause decides, every total says why, each euro once
across decisions, and readers' corrections persist across rebuilds."""

from __future__ import annotations

import csv
import io
import json
import shutil
from decimal import Decimal
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS

import kgbuild
from conftest import run_cli
from kgbuild.corrections import Fix, Money, apply_fixes, draft_stage, ledger, money_summary, parse_corrections
from kgbuild.extract import DecisionAct, Grant, extract_decision, load_gazetteer
from kgbuild.extract.operative import act_type, sentence_act
from kgbuild.pipeline.plan import BuildResult
from kgbuild.rdf.namespaces import ID, KG
from kgbuild.rdf.validate import validate

CASE = Path(__file__).parent / "cases" / "money-operative" / "input"
ROLE = "https://w3id.org/kgbuild/id/concept/bedragrol/"


def _grants(text: str, title: str | None = None) -> dict[str, Grant]:
    return {" ".join(f.item.text.split()): f.item for f in extract_decision("t", text, load_gazetteer(), title)
            if isinstance(f.item, Grant)}


# --- what a sentence does -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(("sentence", "operative", "strong"), [
    ("De Vlaamse Regering keurt nu de herverdeling goed van 10 miljoen euro uit het Luchtkwaliteitsfonds.", True, True),
    ("In dit kader kent de Vlaamse Regering een subsidie van 298.000 euro toe aan Brugge Plus vzw.", True, True),
    ("Aan de Vlaamse Gemeenschapscommissie wordt 638.000 euro subsidie toegekend.", True, True),
    ("De Vlaamse Regering maakt ook 925.000 euro vrij vanuit het Vlaams Klimaatfonds.", True, True),
    ("Voor dit project is 150 miljoen euro voorzien uit de Relanceprovisie.", True, False),
    ("De Vlaamse Regering voorziet in het relanceplan 15 miljoen euro die door VLAIO kan worden ingezet.", True, False),
    ("De Vlaamse Regering wil deze regeerperiode voor ruim 3 miljard euro aan nieuwe investeringen goedkeuren.",
     False, False),
    ("Deze investering moet zorgen voor een grote CO2-reductie.", False, False),
    ("De kosten van de volgende fase worden geraamd op 40 miljoen euro.", False, False),
])
def test_which_sentences_act(sentence: str, operative: bool, strong: bool) -> None:
    act = sentence_act(sentence)
    assert (act.operative, act.strong) == (operative, strong), act


def test_the_act_type_of_a_decision() -> None:
    assert act_type("Voortgangsrapport renovatie", ["De Vlaamse Regering neemt kennis van het rapport."])[0] == \
        "take-note"
    # a take-note decision that also grants is a grant
    assert act_type("Welzijn", ["De Vlaamse Regering neemt akte van het kader en kent 500.000 euro toe aan X."])[0] \
        == "grant"
    assert act_type("Financieringsovereenkomst met de EIB", ["De Vlaamse Regering keurt de overeenkomst goed."])[0] \
        == "loan-or-financing"
    assert act_type("Herverdeling middelen", ["De Vlaamse Regering keurt de herverdeling goed."])[0] == "reallocation"


# --- the role each class of amount gets, from the language of the decisions ----------------------------------------


def test_an_ambition_is_context_and_the_operative_clause_commits() -> None:
    g = _grants("Herverdeling middelen De Vlaamse Regering wil deze regeerperiode voor ruim 3 miljard euro aan nieuwe "
                "investeringen goedkeuren. De Vlaamse Regering keurt nu de herverdeling goed van 10 miljoen euro.",
                "Herverdeling middelen")
    assert g["3 miljard euro"].role == "context" and g["3 miljard euro"].reason == "outside every operative clause"
    assert g["10 miljoen euro"].role == "committed" and g["10 miljoen euro"].confidence == "high"
    assert g["10 miljoen euro"].reason == "operative clause: 'keurt ... goed'"


def test_a_take_note_decision_commits_nothing() -> None:
    g = _grants("Voortgangsrapport De Vlaamse Regering neemt kennis van het rapport. Voor dit traject is 5 miljoen "
                "euro voorzien binnen het Vlaams Klimaatadaptatieplan.", "Voortgangsrapport")
    assert g["5 miljoen euro"].role != "committed"


def test_a_loan_lends_and_a_policy_statement_provided_before() -> None:
    g = _grants("Financieringsovereenkomst EIB De Vlaamse Regering keurt de financieringsovereenkomst goed met de "
                "Europese Investeringsbank voor een bedrag van 400 miljoen euro.", "Financieringsovereenkomst EIB")
    assert g["400 miljoen euro"].role == "loan-or-guarantee"
    g = _grants("Kinderopvang In de septemberverklaring van de Vlaamse Regering van 2023 wordt 270 miljoen euro extra "
                "voorzien om de kinderopvang te versterken. De Vlaamse Regering wijzigt het subsidiebesluit.",
                "Kinderopvang")
    assert g["270 miljoen euro"].role == "earlier" and "septemberverklaring" in g["270 miljoen euro"].reason


def test_an_earlier_round_and_a_plans_envelope_are_not_committed_again() -> None:
    g = _grants("Erfgoed Na een eerste reeks investeringen op 2 april 2021 voor een totaal bedrag van 81 miljoen "
                "euro, keurt de Vlaamse Regering nu een derde selectie investeringen goed voor een totaal van 9 "
                "miljoen euro.", "Erfgoed")
    assert g["81 miljoen euro"].role == "earlier" and g["9 miljoen euro"].role == "committed"
    g = _grants("Living Labs De Vlaamse Regering voorziet in het plan Vlaamse Veerkracht 15 miljoen euro om de "
                "circulaire maakindustrie te ondersteunen. In dit kader kent de Vlaamse Regering nu 11 miljoen euro "
                "toe aan 13 projecten.", "Living Labs")
    assert g["15 miljoen euro"].role == "plan-total" and g["11 miljoen euro"].role == "committed"


def test_a_raise_commits_the_increase() -> None:
    g = _grants("Fiets De Vlaamse Regering kende op 26 februari 2021 al een projectsubsidie toe van 150 miljoen euro. "
                "De Vlaamse Regering beslist daarom het maximale budget te verhogen naar 157,2 miljoen euro.", "Fiets")
    assert g["150 miljoen euro"].role == "earlier"
    raised = g["157,2 miljoen euro"]
    assert raised.role == "committed" and raised.increase == Decimal("7200000") and raised.committed == 7200000
    assert raised.reason.startswith("raised from 150 miljoen euro to 157,2 miljoen euro")


def test_the_decision_act_is_found_with_its_sentence() -> None:
    text = "Voortgangsrapport De Vlaamse Regering neemt kennis van het voortgangsrapport."
    (act,) = [f for f in extract_decision("t", text, load_gazetteer(), "Voortgangsrapport")
              if isinstance(f.item, DecisionAct)]
    assert act.item.act_type == "take-note" and act.quote.startswith("De Vlaamse Regering neemt kennis")


# --- every total says why ----------------------------------------------------------------------------------------


def test_every_grant_says_why_and_how_sure(seed_build: BuildResult) -> None:
    g = seed_build.graph
    grants = set(g.subjects(RDF.type, URIRef("http://schema.org/MonetaryGrant")))
    assert grants and all(g.value(x, KG.roleReason) is not None for x in grants)
    assert {str(g.value(x, KG.confidence)) for x in grants} == {"high", "low"}
    committed = set(g.subjects(KG.amountRole, URIRef(ROLE + "committed")))
    assert committed == set(g.subjects(KG.committedAmount, None))


def test_shapes_check_confidence_and_the_committed_amount(seed_build: BuildResult) -> None:
    g = Graph()
    for t in seed_build.graph:
        g.add(t)
    committed = sorted(set(g.subjects(KG.amountRole, URIRef(ROLE + "committed"))))
    other = sorted(set(g.subjects(KG.amountRole, URIRef(ROLE + "earlier"))))
    g.remove((committed[0], KG.committedAmount, None))  # committed, but not counted
    g.set((committed[1], KG.confidence, Literal("sure")))  # not high or low
    g.add((other[0], KG.committedAmount, Literal(Decimal(1))))  # counted, but not committed
    focus = {str(v.focus_node) for v in validate(g).results if v.severity == "Violation"}
    assert {str(committed[0]), str(committed[1]), str(other[0])} <= focus


# --- readers' corrections ----------------------------------------------------------------------------------------


def test_a_bad_correction_row_is_one_line_naming_file_and_line() -> None:
    data = (b"decision,amount,field,value,who,date,why\n"
            b"AA0000000000000000000007,5 miljoen euro,role,bogus,me,2026-12-07,x\n"
            b"not-an-id,5 miljoen euro,role,earlier,me,2026-12-07,x\n"
            b"AA0000000000000000000007,5 miljoen euro,colour,red,me,2026-12-07,x\n"
            b"AA0000000000000000000007,5 miljoen euro,value,lots,me,2026-12-07,x\n"
            b"AA0000000000000000000007,5 miljoen euro,role,earlier,me,7 Dec,x\n"
            b"AA0000000000000000000007,5 miljoen euro,,,,,a row review wrote and nobody filled in\n"
            b"aa0000000000000000000007,5  miljoen  euro,value,\"5,5 miljoen euro\",me,2026-12-07,typo\n")
    fixes, problems = parse_corrections(data, "c.csv")
    assert [p.path for p in problems] == ["c.csv:2", "c.csv:3", "c.csv:4", "c.csv:5", "c.csv:6"]
    assert "role 'bogus' is not one of committed, earlier" in problems[0].message
    assert "field 'colour' is not one of role, value, recipient, funded_item" in problems[2].message
    (fix,) = fixes
    assert (fix.decision, fix.amount, fix.field, fix.value) == ("aa0000000000000000000007", "5 miljoen euro", "value",
                                                                "5,5 miljoen euro")
    _, problems = parse_corrections(b"id,amount\n", "c.csv")
    assert problems[0].skipped and "no column decision" in problems[0].message


def test_a_fix_applies_to_every_mention_and_reports_what_it_missed() -> None:
    text = "Subsidie van 12 miljoen euro aan imec De Vlaamse Regering kent imec 12 miljoen euro toe."
    found = extract_decision("t", text, load_gazetteer(), "Subsidie van 12 miljoen euro aan imec")
    fix = Fix("T", "12 miljoen euro", "value", "12500000", "me", "2026-12-07", "the annex says 12,5", "c.csv:2")
    stale = Fix("T", "13 miljoen euro", "role", "earlier", "me", "", "", "c.csv:3")
    out, missed = apply_fixes(found, text, [fix, stale])
    (grant,) = [f.item for f in out if isinstance(f.item, Grant)]
    assert grant.value == Decimal("12500000") and grant.committed == Decimal("12500000")
    assert grant.reason == "corrected by me on 2026-12-07: the annex says 12,5" and len(grant.corrections) == 1
    assert missed == [stale]


def _committed(parts: list[Path]) -> dict[str, Decimal]:
    store = ox.Store()
    for part in parts:
        store.load(path=str(part), format=ox.RdfFormat.N_TRIPLES)
    query = ("PREFIX kg: <https://w3id.org/kgbuild/ns#> PREFIX dcterms: <http://purl.org/dc/terms/> "
             "SELECT ?id ?t WHERE { ?d kg:committedTotal ?t ; dcterms:identifier ?id }")
    return {row["id"].value: Decimal(row["t"].value) for row in store.query(query)}  # type: ignore[union-attr]


def test_corrections_are_applied_reported_when_stale_and_kept_across_a_cached_rebuild(tmp_path: Path) -> None:
    folder = tmp_path / "input"
    shutil.copytree(CASE, folder)
    out, cache = tmp_path / "out", tmp_path / "cache"
    first = kgbuild.build([folder], out=out, cache=cache)
    report = first.report.as_dict()
    assert report["corrections"] == {"file": str(folder / "kgbuild-corrections.csv"), "rows": 3, "applied": 2,
                                     "stale": 1}
    (stale,) = [p for p in first.report.problems if "stale correction" in p.message]
    assert stale.path.endswith("kgbuild-corrections.csv:4") and "7 miljoen euro" in stale.message
    g = first.graph
    grant = next(s for s in g.subjects(KG.correctedBy, None) if g.value(s, KG.amountRole) == URIRef(ROLE + "earlier"))
    correction = g.value(grant, KG.correctedBy)
    assert (correction, RDF.type, PROV.Activity) in g and (correction, RDF.type, KG.Correction) in g
    assert str(g.value(correction, DCTERMS.description)) == "role := earlier"
    assert str(g.value(g.value(correction, PROV.wasAssociatedWith), RDFS.label)) == "An Analyst"
    assert str(g.value(correction, DCTERMS.date)) == "2026-12-07"
    assert str(g.value(grant, KG.roleReason)).startswith("corrected by An Analyst on 2026-12-07")
    totals = _committed(first.parts)
    # the Kopenhagen pattern: granted, restated by an amendment, raised: each euro once
    assert totals["AA0000000000000000000004"] + totals["AA0000000000000000000005"] + \
        totals["AA0000000000000000000006"] == Decimal("157200000")
    assert totals["AA0000000000000000000007"] == Decimal("5000000")  # 250.000 euro corrected to earlier money
    assert totals["AA0000000000000000000002"] == 0 and totals["AA0000000000000000000003"] == 0
    # rebuilt from the cache: the same graph, corrections and all
    again = kgbuild.build([folder], out=out, cache=cache)
    assert again.report.cache["extractions_from_cache"] == 7
    assert again.report.as_dict()["corrections"] == report["corrections"]
    assert b"".join(again.lines()) == b"".join(first.lines())
    # a changed correction is applied on the next cached build (the map round's key holds the fixes)
    (folder / "kgbuild-corrections.csv").write_text(
        "decision,amount,field,value,who,date,why\nAA0000000000000000000007,250.000 euro,role,committed,B,,\n",
        encoding="utf-8")
    third = kgbuild.build([folder], out=out, cache=cache)
    assert _committed(third.parts)["AA0000000000000000000007"] == Decimal("5250000")
    assert third.report.as_dict()["corrections"]["stale"] == 0


def _money(ident: str, date: str, text: str, committed: tuple[tuple[str, Decimal], ...]) -> Money:
    title = "Regels oproep"
    draft, stage = draft_stage(title, f"{title} {text}")
    return Money(ident, date, title, text, (), committed, frozenset(v for _q, v in committed), draft, stage)


def test_a_final_approval_restates_the_money_of_its_principle_approval() -> None:
    formal = "Voorontwerp van besluit van de Vlaamse Regering tot vaststelling van de regels voor de oproep X  "
    final = formal.replace("Voorontwerp van besluit", "Ontwerpbesluit")
    ten = (("10 miljoen euro", Decimal("10000000")),)
    money = [
        _money("a1", "2023-07-14", formal + "De Vlaamse Regering keurt principieel het besluit goed. Er wordt 10 "
               "miljoen euro voorzien.", ten),
        _money("a2", "2023-09-29", final + "De Vlaamse Regering keurt, na advies van de Raad van State, het besluit "
               "definitief goed. Er wordt 10 miljoen euro voorzien.", ten),
        # the final approval of another draft, and one that changes the amount, commit their own money
        _money("a3", "2023-09-29", final.replace("oproep X", "oproep Y") + "keurt definitief goed", ten),
        _money("a4", "2023-10-06", final + "keurt definitief goed; 12 miljoen euro", (("12 miljoen euro",
                                                                                         Decimal("12000000")),)),
    ]
    assert [m.stage for m in money] == ["principle", "final", "final", "final"]
    fixes = ledger(money, [])
    assert [(f.decision, f.amount, f.value) for f in fixes] == [("a2", "10 miljoen euro", "earlier")]
    assert "principle approval of the same draft, decision a1 of 2023-07-14" in fixes[0].why


def _summary(ident: str, date: str, title: str, body: str) -> Money:
    text = f"{title}   {body}"
    found = extract_decision(ident, text, load_gazetteer(), title)
    return money_summary(ident, date, title, text, found, ())


def test_a_selection_on_means_an_earlier_decision_distributed_spends_that_money() -> None:
    distribution = _summary("d1", "2022-02-25", "Geografische verdeling capaciteitsmiddelen scholenbouw 2022-2024",
                            "De Vlaamse Regering hecht haar goedkeuring aan het voorstel van geografische verdeling "
                            "om extra plaatsen te voorzien in het basisonderwijs (25 miljoen euro) en het secundair "
                            "onderwijs (130 miljoen euro).")
    selection = _summary("d2", "2022-12-23", "Selectie capaciteitsprojecten op capaciteitsmiddelen 2023-2024",
                         "De Vlaamse Regering keurt nu de selectie van projectvoorstellen goed op de beschikbare "
                         "capaciteitsmiddelen voor de begrotingsjaren 2023 en 2024, ten belope van 140 miljoen euro. "
                         "Deze middelen worden aangevuld met 1,5 miljoen euro uit het Vlaams Randfonds.")
    other_years = _summary("d3", "2026-01-09", "Selectie capaciteitsprojecten op capaciteitsmiddelen 2026",
                           "De Vlaamse Regering keurt de selectie goed op de capaciteitsmiddelen, ten belope van "
                           "20 miljoen euro.")
    assert selection.envelope == "capaciteitsmiddelen" and selection.years == {2023, 2024}
    assert selection.selected == ("140 miljoen euro",) and distribution.selected == ()
    fixes = ledger([distribution, selection, other_years], [])
    assert [(f.decision, f.amount, f.value) for f in fixes] == [("d2", "140 miljoen euro", "earlier")]
    assert "capaciteitsmiddelen that decision d1 of 2022-02-25 distributed" in fixes[0].why


def test_the_corrections_file_is_not_read_as_an_input(tmp_path: Path) -> None:
    result = kgbuild.build([CASE])
    assert not [p for p in result.report.problems if p.path.endswith("kgbuild-corrections.csv") and p.skipped]
    assert result.report.inputs["skipped"] == 0


def test_review_money_writes_a_corrections_file_to_fill_in(tmp_path: Path) -> None:
    out = tmp_path / "out"
    code, _out, err = run_cli("build", str(CASE), "-o", str(out), "--no-site", "-q")
    assert code == 0, err
    target = tmp_path / "review.csv"
    code, _printed, err = run_cli("review", "money", "--out", str(out), "--top", "2", "--low", "5",
                                  "--csv", str(target))
    assert code == 0, err
    rows = list(csv.DictReader(io.StringIO(target.read_text(encoding="utf-8"))))
    assert rows[0]["decision"] == "AA0000000000000000000004" and rows[0]["amount"] == "150 miljoen euro"
    assert rows[0]["reason"] == "operative clause: 'kent ... toe'" and rows[0]["field"] == ""
    assert "kent de Vlaamse Regering aan de Vlaamse gemeenten een projectsubsidie toe" in rows[0]["sentence"]
    assert {r["why_listed"] for r in rows} == {"largest totals"}
    # filled in and given back, it is a corrections file
    rows[0].update(field="role", value="earlier", who="me", date="2026-12-08", why="restated")
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=list(rows[0]))
    w.writeheader()
    w.writerows(rows)
    fixes, problems = parse_corrections(buf.getvalue().encode(), "review.csv")
    assert not problems and [(f.decision, f.field, f.value) for f in fixes] == [
        ("aa0000000000000000000004", "role", "earlier")]
    code, _out, err = run_cli("review", "money", "--out", str(tmp_path / "nothing"))
    assert code == 2 and "no store in" in err


# --- on the corpus ---------------------------------------------------------------------------------------------


@pytest.mark.corpus
def test_the_kopenhagenplan_adds_up_to_157_2_million_across_its_three_decisions(corpus_build: BuildResult) -> None:
    totals = _committed(corpus_build.parts)
    decisions = ("603658A93391400008000348", "62C537498E6C4430A889786F", "639C1C3CC2B90D4571CF909A")
    assert [totals[d] for d in decisions] == [Decimal("150000000"), Decimal(0), Decimal("7200000")]
    # VIA6 elderly care, approved in principle and then finally: "De beschikbare 146 miljoen euro wordt gebruikt"
    # is the agreement's money, set aside before either decision
    assert totals.get("60D5817C364ED9000800049F", Decimal(0)) == totals.get("60ED6302364ED90008001435", Decimal(0)) == 0
    # redistributions from a provision with no use of their own restate money budgeted before
    assert totals.get("61443E67364ED90008000221", Decimal(0)) == totals.get("62CD6E648E6C4430A8898880", Decimal(0)) == 0
    report = corpus_build.report.as_dict()
    counts = report["counts"]
    assert isinstance(counts, dict) and counts["committed_cents"] > counts["committed_cents_low_confidence"] > 0


@pytest.mark.corpus
def test_blind_audit_of_the_largest_totals(corpus_build: BuildResult, tmp_path: Path) -> None:
    """The audit's figures (tests/audit_scores.py) on a fresh corpus build: floors a little under what was
    measured (README, docs/money.md)."""
    from audit_scores import score_totals

    samples, unlabelled, _misses = score_totals(_committed(corpus_build.parts))
    (largest, rand, _zero, next_largest, held_random, weighted, without_total, weighted4, amounts4, amounts5,
     amounts6, amounts7, amounts8) = samples
    print("\n" + "\n".join(s.line() for s in samples))
    assert not unlabelled, f"label these first: {unlabelled}"
    assert largest.exact_share >= 0.9 and largest.euro_precision >= 0.95  # the aims of issue 24, met (0.93, 0.975)
    assert rand.exact_share >= 0.85 and rand.euro_precision >= 0.95
    assert next_largest.exact_share >= 0.9 and next_largest.euro_precision >= 0.95  # labelled after the rules
    assert held_random.exact_share >= 0.8 and held_random.euro_precision >= 0.95
    # round 3, drawn by euros (1.000 blind; the decisions without a total were 0.60 blind, 0.95 after)
    assert weighted.exact_share >= 0.95 and weighted.euro_precision >= 0.98 and weighted.euro_recall >= 0.98
    assert without_total.euro_precision >= 0.95 and without_total.euro_recall >= 0.8
    # round 4, drawn by committed euros and by the largest amount named (blind: 0.96 and 0.86 exact, euro precision
    # 0.95 and 0.92, recall 1.00 and 0.81; after its rules 1.000 on both)
    assert weighted4.exact_share >= 0.95 and weighted4.euro_precision >= 0.98
    assert amounts4.exact_share >= 0.9 and amounts4.euro_precision >= 0.95 and amounts4.euro_recall >= 0.9
    # round 5, after round 4's rules (blind: exact 0.90, euro precision 1.000, recall 0.847; after its rules 0.975)
    assert amounts5.exact_share >= 0.9 and amounts5.euro_precision >= 0.98 and amounts5.euro_recall >= 0.9
    # round 6, after round 5's rules (blind: exact 0.925, euro precision 0.984, recall 0.972; after 0.975, 1.000)
    assert amounts6.exact_share >= 0.9 and amounts6.euro_precision >= 0.98 and amounts6.euro_recall >= 0.95
    # round 7, after round 6's rules (blind: exact 0.925, euro precision 0.964, recall 0.936; after 1.000)
    assert amounts7.exact_share >= 0.95 and amounts7.euro_precision >= 0.98 and amounts7.euro_recall >= 0.95
    # round 8, the last 38 decisions with euros (blind: exact 0.763, euro precision 0.926, recall 0.817; after its
    # rules 0.868, 0.997, 0.931: what is left is what its readers doubted)
    assert amounts8.exact_share >= 0.85 and amounts8.euro_precision >= 0.98 and amounts8.euro_recall >= 0.9


def test_id_of_a_correction_is_stable() -> None:
    fix = Fix("A", "1 euro", "role", "earlier", "me", "2026-12-07", "why")
    assert fix.key == Fix("A", "1 euro", "role", "earlier", "me", "2026-12-07", "another why").key
    assert json.dumps(fix.key) and ID[f"correctie/{fix.key}"]


def test_a_final_approval_of_a_reworded_draft_restates_its_principle_approval() -> None:
    """"VIA 6: subsidie pedagogische ondersteuning kinderopvang" (2021-11-12, in principle; 2022-01-14, finally):
    the draft's formal title changed between the two, its short title did not."""
    title = "VIA 6: subsidie pedagogische ondersteuning kinderopvang"
    sum_ = (("9,5 miljoen euro", Decimal("9500000")),)
    principle = Money("618B8861364ED90008000B74", "2021-11-12", title, "", (), sum_, frozenset({Decimal("9500000")}),
                      "", "principle")
    final = Money("61DE941C364ED9000800099E", "2022-01-14", title, "", (), sum_, frozenset({Decimal("9500000")}), "",
                  "final")
    [fix] = ledger([principle, final], [])
    assert (fix.decision, fix.value) == ("61de941c364ed9000800099e", "earlier") and "618B8861" in fix.why
    # a yearly subsidy under the same short title two years later is new money
    later = Money("AA0000000000000000000001", "2024-01-12", title, "", (), sum_, frozenset({Decimal("9500000")}), "",
                  "final")
    assert ledger([principle, later], []) == []
    assert draft_stage(title, title + " Voorontwerp van besluit van de Vlaamse Regering tot " + "x " * 200
                       + " keurt de Vlaamse Regering principieel het besluit goed")[1] == "principle"


# --- round 8's remaining misses that the Dutch decides (docs/money.md, "Seventh session") ---------------------------


def test_the_means_of_the_aim_of_an_order_that_grants_is_committed() -> None:
    """A decision whose title says it is the order that grants (or carries out a plan's project), and whose summary
    has no clause that acts, commits what it names as the means of the Government's aim."""
    title = "COVID-19: steun sociaal-toeristisch sector"
    g = _grants(f"{title} Ontwerpbesluit van de Vlaamse Regering tot toekenning van steun aan de sociaal-toeristische "
                "sector  De sector ondervindt financiële problemen. In dit kader wil de Vlaamse Regering de sector "
                "financieel ondersteunen door het toekennen van een subsidie van 16,35  miljoen euro.", title)
    assert g["16,35 miljoen euro"].role == "committed" and g["16,35 miljoen euro"].confidence == "low"
    title = "Plan Vlaamse Veerkracht: Asbestafbouwbeleid lokale besturen"
    g = _grants(f"{title} Uitvoering van het Relanceplan Vlaamse Veerkracht project VV4 ‘Circulaire economie - Asbest "
                "lokale besturen’  De OVAM operationaliseert nu volop de acties. Met een budget van 27,6 miljoen euro "
                "wil de Vlaamse Regering via lokale besturen asbestprojecten aanbieden aan burgers.", title)
    assert g["27,6 miljoen euro"].role == "committed"
    # an aim beside a clause that acts stays an aim; so does an aim in a decision that is no granting order
    g = _grants("Fietsbeleid De Vlaamse Regering keurt de oproep goed. Met een budget van 5 miljoen euro wil de "
                "Vlaamse Regering het fietsgebruik verdubbelen.", "Fietsbeleid")
    assert g["5 miljoen euro"].role != "committed"
    g = _grants("Fietsbeleid Visienota fietsbeleid  Met een budget van 5 miljoen euro wil de Vlaamse Regering het "
                "fietsgebruik verdubbelen.", "Fietsbeleid")
    assert g["5 miljoen euro"].role != "committed"


def test_a_definitive_amendment_and_a_sentence_that_goes_on_with_over_act() -> None:
    title = "Plan Vlaamse Veerkracht: wijzigingsbesluit ICT-coördinatoren"
    g = _grants(f"{title} In dit kader wijzigt ze nu, na advies van de Raad van State,  definitief  diverse besluiten "
                "met het oog op: de invoering van ICT-coördinatie in de basiseducatie; en de verhoging van de "
                "puntenenveloppe voor ICT-coördinatie met 22 miljoen euro.", title)
    assert g["22 miljoen euro"].role == "committed"
    title = "Herverdeling krediet EWI"
    g = _grants(f"{title} De Vlaamse Regering keurt twee herverdelingsbesluiten goed. Het gaat enerzijds over de "
                "herverdeling van een provisioneel krediet van 452.000 euro voor het begrotingsjaar 2022 naar de "
                "Lissabonlijn , om de nog resterende middelen voorzien op het provisioneel krediet aan te wenden. Het "
                "tweede besluit herverdeelt 1,1 miljoen euro aan vrijgekomen middelen naar Imec.", title)
    assert g["452.000 euro"].role == "committed" and g["1,1 miljoen euro"].role == "committed"


def test_a_misspelt_miljoen_before_the_currency_is_a_million() -> None:
    g = _grants("Digitalisering zorg De Vlaamse Regering wijst relancemiddelen toe. Hiervoor worden zo'n  5,5 miljioen "
                "euro  relancemiddelen herschikt.", "Digitalisering zorg")
    assert g["5,5 miljioen euro"].value == Decimal("5500000") and g["5,5 miljioen euro"].role == "committed"


def test_an_order_that_distributes_money_a_plan_set_aside_commits_it_once() -> None:
    """"Het besluit regelt de concrete inzet en verdeling van de 19,5 miljoen euro extra middelen die binnen het
    Zorginvesteringsplan werden voorzien": the money the approved order distributes (both blind readings count it);
    its principle approval says "definitieve aanpassing" of what is to come, and stays a principle approval, so the
    ledger counts the definitive approval's 19,5 M once."""
    from kgbuild.corrections import draft_stage

    title = "Pilootfase rechtstreeks toegankelijke hulp: wijzigingsbesluit"
    text = (f"{title} Voorontwerp van besluit van de Vlaamse Regering tot wijziging van het besluit betreffende "
            "rechtstreeks toegankelijke hulp  De Vlaamse Regering beslist principieel een pilootfase te installeren. "
            "De pilootfase moet uiteindelijk resulteren in een definitieve aanpassing van het besluit. Het besluit "
            "regelt de concrete inzet en verdeling van de  19,5 miljoen euro extra middelen  die binnen het "
            "Zorginvesteringsplan werden voorzien voor Rechtstreeks Toegankelijke Hulp. Over dit besluit wordt het "
            "advies ingewonnen van de Raad van State.")
    assert _grants(text, title)["19,5 miljoen euro"].role == "committed"
    assert draft_stage(title, text)[1] == "principle"
    final = text.replace("beslist principieel", "beslist, na advies van de Raad van State, definitief")
    assert draft_stage(title, final)[1] == "final"
