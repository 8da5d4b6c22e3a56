"""kgbuild search and kgbuild missed: the index a build writes, its queries and filters, and bad input."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

import kgbuild
from conftest import SEEDS, run_cli
from kgbuild.pipeline.plan import BuildResult
from kgbuild.pipeline.writers import build_into
from kgbuild.search import Filters, SearchDoc, SearchError, SearchIndex, missed, relevant_uncited


@pytest.fixture(scope="module")
def seed_out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("seed-search")
    build_into(out, [SEEDS], html=False, reasoning="none")
    return out


def _docs() -> list[SearchDoc]:
    return [
        SearchDoc("D1", "decision", "urn:d1", "Subsidie fietspaden Gent", "De Vlaamse Regering kent een subsidie voor "
                  "fietspaden toe aan de stad Gent.", "2021-03-05", ("Lydia Peeters",), ("Mobiliteit",)),
        SearchDoc("D2", "decision", "urn:d2", "Fietssnelweg Leuven", "De regering keurt de aanleg van een fietssnelweg "
                  "goed.", "2023-01-10", ("Ben Weyts",), ("Onderwijs",)),
        SearchDoc("D3", "decision", "urn:d3", "Armoede", "Een subsidie aan een vzw tegen armoede.", "2022-06-01"),
        SearchDoc("R#1", "claim", "urn:c1", "Rapport", "De regering bouwde fietspaden.", domains=("Mobiliteit",)),
    ]


def test_ranked_dutch_search_with_filters() -> None:
    index = SearchIndex.build(_docs())
    hits = index.search("fietspad").hits
    assert [h.id for h in hits][:2] in (["D1", "R#1"], ["R#1", "D1"])  # "fietspaden" found by its stem
    assert "fietspaden" in hits[0].snippet
    assert [h.id for h in index.search("fietspaden", Filters(type="decision")).hits] == ["D1"]
    assert [h.id for h in index.search("fiets subsidie armoede", Filters(date_from="2022-01-01")).hits] == ["D3"]
    assert [h.id for h in index.search("subsidie", Filters(date_to="2021-12-31")).hits] == ["D1"]
    assert [h.id for h in index.search("fietssnelweg", Filters(minister="weyts")).hits] == ["D2"]
    assert {h.id for h in index.search("fietspaden", Filters(domain="mobil")).hits} == {"D1", "R#1"}
    assert len(index.search("subsidie fietspaden armoede", limit=1).hits) == 1


@pytest.mark.parametrize("query, note", [
    ("de het een", "the query has only stopwords: nothing to search for"),
    ('AND OR "*:', "the query has no words: nothing to search for"),
    ("}}{{ ?x ; DROP ALL", "no document holds any word of the query"),
    ("", "the query has no words: nothing to search for"),
])
def test_queries_of_stopwords_or_syntax_give_no_hits_and_a_note(query: str, note: str) -> None:
    result = SearchIndex.build(_docs()).search(query)
    assert result.hits == () and result.note == note


def test_bad_filters_name_the_value_and_the_valid_ones() -> None:
    index = SearchIndex.build(_docs())
    with pytest.raises(SearchError, match="'2021-13-01' is not a date"):
        index.search("fiets", Filters(date_from="2021-13-01"))
    with pytest.raises(SearchError, match="unknown type 'besluit'; valid: decision, claim, section, report"):
        index.search("fiets", Filters(type="besluit"))


def test_relevant_uncited_leaves_out_what_is_cited() -> None:
    index = SearchIndex.build(_docs())
    assert [c.decision for c in relevant_uncited(index, "subsidie fietspaden", ["D1"])] == ["D3"]
    assert relevant_uncited(index, "de het", []) == []


def test_the_build_writes_an_index_it_lists_in_the_manifest(seed_out: Path) -> None:
    manifest = json.loads((seed_out / "manifest.json").read_text())
    listed = [f for f in manifest["files"] if f.startswith("search/")]
    assert "search/documents.json" in listed and len(listed) == len(list((seed_out / "search").iterdir()))
    index = SearchIndex.open(seed_out / "search")
    types = {d.type for d in index.docs}
    assert types == {"decision", "claim", "report"}  # the seed has no agreement sections
    hit = index.search("Vlaamse AI Academie", Filters(type="decision")).hits[0]
    assert "AI" in hit.title and hit.date and hit.iri.startswith("https://w3id.org/kgbuild/id/besluit/")


def test_a_damaged_or_missing_index_is_one_clear_error(seed_out: Path, tmp_path: Path) -> None:
    with pytest.raises(SearchError, match="no search index here"):
        SearchIndex.open(tmp_path)
    bad = tmp_path / "search"
    bad.mkdir()
    for f in (seed_out / "search").iterdir():
        (bad / f.name).write_bytes(f.read_bytes())
    np.save(bad / "data.csc.index.npy", np.array([object()], dtype=object), allow_pickle=True)  # a pickle
    with pytest.raises(SearchError, match="cannot be read"):
        SearchIndex.open(bad)
    (bad / "documents.json").write_text('{"format": 99, "documents": []}')
    with pytest.raises(SearchError, match="another format"):
        SearchIndex.open(bad)


def test_the_index_is_the_same_bytes_from_the_cache(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    first = kgbuild.build([SEEDS], out=tmp_path / "a", cache=cache, reasoning="none")
    again = kgbuild.build([SEEDS], out=tmp_path / "b", cache=cache, reasoning="none")
    assert [p.name for p in first.search] == [p.name for p in again.search]
    assert all(a.read_bytes() == b.read_bytes() for a, b in zip(first.search, again.search, strict=True))


def test_a_large_corpus_is_indexed_in_a_process_of_its_own_with_the_same_outputs(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Above ``SEARCH_APART_BYTES`` the search round runs in a child process (its memory is given back when it
    ends); what it writes is what the build's own process writes."""
    from kgbuild.pipeline import plan

    here = kgbuild.build([SEEDS], out=tmp_path / "here", reasoning="none")
    monkeypatch.setattr(plan, "SEARCH_APART_BYTES", 0)
    apart = kgbuild.build([SEEDS], out=tmp_path / "apart", reasoning="none")
    assert [p.name for p in here.search] == [p.name for p in apart.search]
    assert all(a.read_bytes() == b.read_bytes() for a, b in zip(here.search, apart.search, strict=True))
    assert b"".join(here.lines()) == b"".join(apart.lines())


_SAVE = """
import sys
from pathlib import Path
sys.path.insert(0, sys.argv[2])
from test_search import _docs
from kgbuild.search import SearchIndex
SearchIndex.build(_docs()).save(Path(sys.argv[1]))
"""


def test_the_index_is_the_same_bytes_whatever_the_process(tmp_path: Path) -> None:
    """Two processes with other string hashes write the same files (bm25s numbered its vocabulary in set order)."""
    folders = []
    for seed in ("1", "2"):
        folder = tmp_path / seed
        subprocess.run([sys.executable, "-c", _SAVE, str(folder), str(Path(__file__).parent)], check=True,
                       env={**os.environ, "PYTHONHASHSEED": seed})
        folders.append({p.name: p.read_bytes() for p in sorted(folder.iterdir())})
    assert folders[0] == folders[1] and "vocab.index.json" in folders[0]


def test_search_and_missed_commands(seed_out: Path) -> None:
    code, out, err = run_cli("search", "Vlaamse AI Academie", "--out", str(seed_out), "--type", "decision")
    assert code == 0 and "decision" in out and "AI" in out
    code, out, _ = run_cli("search", "AI", "--out", str(seed_out), "--format", "json", "--limit", "2")
    assert code == 0 and len(json.loads(out)) == 2 and set(json.loads(out)[0]) == {
        "id", "type", "title", "date", "score", "snippet"}
    code, out, _ = run_cli("search", "AI", "--out", str(seed_out), "--format", "csv")
    assert code == 0 and out.splitlines()[0] == "id,type,title,date,score,snippet"
    code, out, err = run_cli("search", "de het", "--out", str(seed_out))
    assert code == 0 and "only stopwords" in err
    code, _, err = run_cli("search", "AI", "--out", str(seed_out), "--from", "gisteren")
    assert code == 2 and "'gisteren' is not a date" in err and "Traceback" not in err
    code, _, err = run_cli("search", "AI", "--out", str(seed_out / "nothing"))
    assert code == 2 and "no search index here" in err
    index = SearchIndex.open(seed_out / "search")
    report = next(d.id for d in index.docs if d.type == "report")
    code, out, err = run_cli("missed", "--report", report, "--out", str(seed_out), "--format", "json")
    assert code == 0 and json.loads(out) == [c.__dict__ for c in missed(index, report)] == []  # it cites all 26
    code, _, err = run_cli("missed", "--report", "geen-rapport", "--out", str(seed_out))
    assert code == 2 and "no report 'geen-rapport' in the index" in err


# --- the corpus -----------------------------------------------------------------------------------------------

# Measured (python tests/search_scores.py OUT): 36 queries, 68 decisions: recall@5 1.00, MRR 0.97.
SEARCH_FLOORS = {"recall_at_5": 0.9, "mrr": 0.85}
# Measured on 12 reports (tests/labels/issue15_missed.json): precision@10 0.41 over the 116 of the current top 10s
# that are labelled.
MISSED_FLOOR = 0.33


def test_search_quality_on_the_corpus(corpus_build: BuildResult) -> None:
    from search_scores import score

    s = score(SearchIndex.open(corpus_build.search[0].parent))
    print("\n" + s.summary())
    for name, floor in SEARCH_FLOORS.items():
        assert getattr(s, name) >= floor, s.summary()


def test_missed_decisions_precision_on_the_corpus(corpus_build: BuildResult) -> None:
    labels = json.loads((Path(__file__).parent / "labels" / "issue15_missed.json").read_text(encoding="utf-8"))
    index = SearchIndex.open(corpus_build.search[0].parent)
    gold = {(r["report"], c["decision"].upper()): c["relevant"] for r in labels["reports"] for c in r["candidates"]}
    relevant = judged = 0
    for r in labels["reports"]:
        for c in missed(index, r["report"], 10):
            if (r["report"], c.decision.upper()) in gold:
                judged += 1
                relevant += gold[(r["report"], c.decision.upper())]
    assert len(labels["reports"]) >= 10 and judged >= 100
    print(f"\nmissed decisions: precision@10 {relevant / judged:.2f} ({relevant}/{judged} judged)")
    assert relevant / judged >= MISSED_FLOOR
    counts = corpus_build.report.counts
    assert counts["relevant_uncited"] >= 20 * counts["reports"]
