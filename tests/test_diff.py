"""`kgbuild diff OLD NEW` (issue 17): what changed between two builds, document by document, as a table, JSON
and an LDES event stream."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.namespace import RDF

from conftest import run_cli as run
from kgbuild.diff import compare

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "000_1331771e99bb3f69.txt"
LDES = "https://w3id.org/ldes#"


def _build(tmp_path: Path, name: str, files: dict[str, str]) -> Path:
    inputs = tmp_path / f"{name}-in"
    for rel, text in files.items():
        (inputs / rel).parent.mkdir(parents=True, exist_ok=True)
        (inputs / rel).write_text(text, encoding="utf-8")
    out = tmp_path / name
    code, _, stderr = run("build", str(inputs), "-o", str(out), "-q", "--no-site")
    assert code == 0, stderr
    return out


def test_an_edited_report_a_new_decision_and_an_unchanged_build(tmp_path: Path) -> None:
    seed = SEED.read_text(encoding="utf-8")
    decision = ("Subsidie voor fietspaden. De Vlaamse Regering kent 2 miljoen euro subsidie toe aan de "
                "gemeente Kaprijke voor een fietstunnel.")
    old = _build(tmp_path, "old", {"seed.txt": seed})
    new = _build(tmp_path, "new", {
        "seed.txt": seed.replace("Mobilidata", "Mobiliteitsdata", 1),
        "bucket/clean/2022/03/2022-03-04-nota-62CD3D64AA7A5B6C7D8E9F00.txt": decision})
    changes = {c.path: c for c in compare(old, new)}
    report = changes["seed.txt"]
    assert report.change == "changed" and report.added and report.removed
    assert report.decisions_changed == []  # a new source node is not a change of every decision it names
    assert "/bewering/3: partly supported -> supported" in " ".join(report.verdicts_changed)
    added = changes["bucket/clean/2022/03/2022-03-04-nota-62CD3D64AA7A5B6C7D8E9F00.txt"]
    assert added.change == "added" and added.removed == 0
    assert added.decisions_added == ["https://w3id.org/kgbuild/id/besluit/62cd3d64aa7a5b6c7d8e9f00"]
    assert len(added.amounts_changed) == 1
    assert changes[""].change == "changed"  # the shared graph: the organisation the new decision names
    assert compare(old, old) == []
    # the CLI: a table, JSON, and an LDES feed with one member per changed document
    code, stdout, stderr = run("diff", str(old), str(new))
    assert code == 0 and "seed.txt" in stdout and "changed" in stdout and "3 document(s) changed" in stderr
    code, stdout, _ = run("diff", str(old), str(new), "-f", "json", "--ldes", str(tmp_path / "feed.ttl"))
    assert code == 0 and {c["change"] for c in json.loads(stdout)} == {"changed", "added"}
    feed = Graph().parse(tmp_path / "feed.ttl")
    streams = list(feed.subjects(RDF.type, URIRef(LDES + "EventStream")))
    assert len(streams) == 1 and len(list(feed.objects(streams[0], URIRef("https://w3id.org/tree#member")))) == 3
    again = tmp_path / "feed2.ttl"
    run("diff", str(old), str(new), "--ldes", str(again))
    assert again.read_bytes() == (tmp_path / "feed.ttl").read_bytes()  # no clock in it


def test_a_folder_that_is_not_a_build_is_one_line_and_exit_2(tmp_path: Path) -> None:
    old = _build(tmp_path, "old", {"seed.txt": SEED.read_text(encoding="utf-8")})
    (tmp_path / "empty").mkdir()
    code, _, stderr = run("diff", str(old), str(tmp_path / "empty"))
    assert code == 2 and "empty" in stderr and len(stderr.strip().splitlines()) == 1
    broken = tmp_path / "broken"
    shutil.copytree(old, broken)
    next((broken / "parts").glob("*.nt")).write_text("<a:x> <a:y> <a:z> .\n")  # not the size it was
    code, _, stderr = run("diff", str(old), str(broken))
    assert code == 2 and len(stderr.strip().splitlines()) == 1
