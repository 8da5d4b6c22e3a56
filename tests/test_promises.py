"""Issue 29: the promises of the coalition agreement, the decisions that act on them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kgbuild.promises import find_promises, promise_cue


@pytest.mark.parametrize(("sentence", "promise"), [
    ("We investeren 100 miljoen euro in fietspaden.", True),
    ("De middelen die vrijkomen, investeren we in het Vlaams gezinsbeleid.", True),  # "we" after the verb
    ("De Vlaamse Regering zal een nieuw decreet opmaken.", True),
    ("De Vlaamse minister bevoegd voor Justitie en Handhaving evalueert en optimaliseert de uitvoering.", True),
    ("Er komt een nieuw convenant 'Duurzame Visserij'.", True),
    ("Dit verbod wordt ten volle opgevolgd en gehandhaafd.", True),
    ("Vanaf 2030 zijn alle nieuw verkochte personenwagens koolstofarm.", True),  # a target for a year
    ("De financiering van starters en kleine bedrijven blijft een prioriteit.", True),
    ("Vandaag zijn er vier private en één publieke uitbetalingsinstelling.", False),  # the present state
    ("De vorige Vlaamse regering maakte gebruik van de bevoegdheidsoverdracht.", False),  # the past
    ("Klimaatverandering is een uitdaging voor iedereen.", False),  # a value, no action
    ("We erkennen hierin uitdrukkelijk de rol die lokale overheden opnemen.", False),  # acknowledges
    ("1.2.1.3 Verdere uitrol Groeipakket", False),  # a heading alone
    ("Cultuur, jeugd en sport dragen bij aan het gemeenschapsleven in Vlaanderen via hun rol.", False),
])
def test_what_is_a_promise(sentence: str, promise: bool) -> None:
    assert bool(promise_cue(sentence)) is promise, promise_cue(sentence)


def test_promises_keep_their_place_in_the_text() -> None:
    text = ("1.2 Fiets Vandaag rijden weinig mensen met de fiets. We leggen 300 km fietspad aan. "
            "De Vlaamse Regering zal de subsidies verhogen.")
    found = find_promises(text)
    assert [p.index for p in found] == [1, 2]
    assert [text[p.start:p.end] for p in found] == [p.text for p in found]
    assert found[0].text == "We leggen 300 km fietspad aan." and found[1].cue.lower().startswith("de vlaamse regering")


def test_labelled_promise_sentences() -> None:
    """Extraction against 593 labelled sentences of 39 sections (tests/labels/issue29_promises.json): 27 sections
    the rules were written on (0.970 / 0.894), 12 labelled after the code was frozen (0.946 / 0.904)."""
    from promise_scores import score

    s = score()
    print("\n" + s.summary())
    assert s.sections >= 20 and s.tp + s.fn >= 200
    assert s.precision >= 0.93 and s.recall >= 0.85, s.summary()
    held = score(which="held-out")
    assert held.sections >= 10 and held.precision >= 0.9 and held.recall >= 0.85, held.summary()


def test_every_section_of_the_corpus_has_promises(corpus_path: Path) -> None:
    sections = sorted((corpus_path / "regeerakkoord").glob("*.txt"))
    counts = {p.stem: len(find_promises(p.read_text(encoding="utf-8"))) for p in sections}
    assert len(counts) == 223
    empty = sorted(k for k, v in counts.items() if not v)
    assert len(empty) <= 5, empty  # a section that is a heading or a one-line pointer may hold none


ALL_FORMATS = Path(__file__).parent / "cases" / "all-formats" / "input"


@pytest.fixture(scope="module")
def promised(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The all-formats case built into a folder: its agreement section holds one promise ("We investeren in
    onderzoek en innovatie"), its report evaluates that section and cites the AI decision."""
    from conftest import run_cli

    out = tmp_path_factory.mktemp("promised") / "out"
    code, _, err = run_cli("build", str(ALL_FORMATS), "-o", str(out), "-q", "--no-site")
    assert code == 0, err
    return out


def test_a_promise_in_the_graph_and_on_the_command_line(promised: Path) -> None:
    from conftest import run_cli

    code, out, err = run_cli("promises", "--out", str(promised), "--format", "csv")
    assert code == 0, err
    lines = out.splitlines()
    assert lines[0] == "domain,number,promise,text,status,code,decisions,committed,candidates"
    # one promise; the case's three decisions share no word with it, so search ranks none and none acts on it
    assert lines[1:] == [
        "Economie en innovatie,2.3.1,https://w3id.org/kgbuild/id/regeerakkoord/2019-2024/economie-en-innovatie/"
        "2.3.1/belofte/1,2.3.1 Onderzoek We investeren in onderzoek en innovatie.,no decision found,none,0,0,0"]
    for status, rows in (("none", 1), ("acted", 0), ("money", 0)):
        code, out, _ = run_cli("promises", "--out", str(promised), "--status", status, "--format", "csv")
        assert code == 0 and len(out.splitlines()) == 1 + rows, (status, out)
    code, out, _ = run_cli("promises", "--out", str(promised), "--section", "9.9", "--format", "csv")
    assert code == 0 and out.splitlines()[1:] == []
    code, _, err = run_cli("promises", "--out", str(promised.parent / "nothing"))
    assert code == 2 and "no store in" in err


@pytest.mark.parametrize(("name", "rows"), [("promises-without-decisions", 1), ("promises-money", 0),
                                            ("promises-per-minister", 0), ("promises", 1)])
def test_the_promise_queries_answer_on_a_build(promised: Path, name: str, rows: int) -> None:
    from conftest import run_cli

    query = Path(__file__).parent.parent / "queries" / f"{name}.rq"
    code, out, err = run_cli("query", str(query), "--store", str(promised / "store"), "--format", "csv")
    assert code == 0, err
    assert len(out.splitlines()[1:]) == rows, out


@pytest.mark.slow
def test_the_corpus_build_lists_promises_and_the_decisions_acting_on_them(corpus_build) -> None:  # type: ignore[no-untyped-def]
    counts = corpus_build.report.counts
    assert counts["promises"] >= 2000  # every section's promises (2,706 on 2026-12-07, fourth session)
    assert 0.3 * counts["promises"] <= counts["promises_acted_on"] <= 0.8 * counts["promises"]


@pytest.mark.slow
def test_the_decisions_linked_to_labelled_promises(corpus_turtle: Path) -> None:
    """Links against 90 promises whose acting decisions readers found (tests/labels/issue29_links.json): 60 seen
    (measured, then the code changed), 30 labelled after the candidate ranking was frozen (precision@3 0.346,
    recall@10 0.602). Short of the aims (0.7, 0.7): the floors sit under what was measured, so that a change that
    loses ground fails."""
    import pyoxigraph as ox

    from promise_link_scores import score

    store = ox.Store()
    store.bulk_load(path=str(corpus_turtle), format=ox.RdfFormat.TURTLE)
    s = score(store)
    print("\n" + s.summary())
    assert s.promises == 90 and s.acting >= 250
    assert s.precision_at_3 >= 0.25 and s.recall_at_10 >= 0.42, s.summary()
    held = score(store, which="after-freeze")
    assert held.precision_at_3 >= 0.3 and held.recall_at_10 >= 0.55, held.summary()


def test_the_words_the_agreements_line_breaks_split_are_joined_again() -> None:
    """2,200 words of the agreement's texts keep a line break's hyphen; joined when the decisions know the
    word, kept when they write it hyphenated or not at all; every offset still points at the same place."""
    from kgbuild.dutch import dehyphenate

    text = ("We zetten in op samen-werking, moge-lijk met re-integratie en sociaal-economische doel-groepen in "
            "Vlaan-deren en Oost-Vlaanderen.")
    joined = dehyphenate(text)
    assert joined == ("We zetten in op  samenwerking,  mogelijk met re-integratie en sociaal-economische  doelgroepen "
                      "in  Vlaanderen en Oost-Vlaanderen.")
    assert len(joined) == len(text) and joined.index("Oost") == text.index("Oost")


def test_a_reader_says_which_decisions_act_on_a_promise(tmp_path: Path) -> None:
    """The corrections file holds links too: a decision search did not rank acts on the promise once a reader
    says so (kept across rebuilds, with who, when and why); a row the build cannot place is reported stale."""
    from conftest import run_cli
    from kgbuild.corrections import apply_links, parse_corrections

    promise = "https://w3id.org/kgbuild/id/regeerakkoord/2019-2024/economie-en-innovatie/2.3.1/belofte/1"
    rows = ("promise,field,value,who,date,why\n"
            f"{promise},acts_on,601121166B34EF00090001A4,An Analyst,2026-12-07,the AI programme is that research\n"
            f"{promise[:-1]}9,acts_on,601121166B34EF00090001A4,An Analyst,2026-12-07,no such promise\n"
            "nothing,acts_on,601121166B34EF00090001A4,,,\n")
    fixes, problems = parse_corrections(rows.encode(), "c.csv")
    assert [(f.promise[-9:], f.value) for f in fixes] == [("belofte/1", "+601121166B34EF00090001A4"),
                                                         ("belofte/9", "+601121166B34EF00090001A4")]
    assert [p.path for p in problems] == ["c.csv:4"] and "is not a promise's IRI" in problems[0].message
    # a later "-" row takes a link back
    undo, _ = parse_corrections(b"promise,field,value\n" + promise[promise.index("regeerakkoord/"):].encode()
                                + b",acts_on,-601121166b34ef00090001a4\n", "u")  # the path alone names it too
    acting, applied, stale = apply_links({promise: ["AA0000000000000000000001"]}, {"601121166B34EF00090001A4"},
                                         [*fixes, *undo])
    assert acting == {promise: ["AA0000000000000000000001"]} and len(applied) == 2 and len(stale) == 1
    corrections = tmp_path / "corrections.csv"
    corrections.write_text(rows, encoding="utf-8")
    out = tmp_path / "out"
    code, _, err = run_cli("build", str(ALL_FORMATS), "-o", str(out), "-q", "--no-site", "--corrections",
                           str(corrections))
    assert code == 0 and "stale correction: the build has no promise" in err, err
    code, listed, err = run_cli("promises", "--out", str(out), "--format", "csv")
    assert code == 0, err
    assert listed.splitlines()[1].endswith(",money committed,money,1,12000000,0")
    report = json.loads((out / "build-report.json").read_text(encoding="utf-8"))
    assert report["corrections"] == {"file": str(corrections), "rows": 2, "applied": 1, "stale": 1}
    graph = (out / "graph.ttl").read_text(encoding="utf-8")
    assert 'dcterms:description "acts_on := +601121166B34EF00090001A4"' in graph
    assert "kg:correctedBy <https://w3id.org/kgbuild/id/correctie/" in graph
