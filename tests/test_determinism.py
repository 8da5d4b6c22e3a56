"""Same input, any file order, any hash seed: byte-identical Turtle, also readable by raptor's rapper."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CASES = ROOT / "tests" / "cases"


def _copy_tree(files: list[Path], base: Path, dest: Path) -> None:
    for f in files:  # written in the order given, so directory order differs between copies
        target = dest / f.relative_to(base)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(f, target)


def _build(args: list[str], out: Path, seed: str) -> bytes:
    env = {**os.environ, "PYTHONHASHSEED": seed}
    subprocess.run([sys.executable, "-m", "kgbuild.cli", "build", *args, "-o", str(out), "-q"],
                   check=True, env=env, cwd=out.parent)
    return (out / "graph.ttl").read_bytes()


@pytest.mark.slow
def test_shuffled_inputs_give_identical_bytes(tmp_path: Path) -> None:
    base = CASES / "all-formats" / "input"
    files = sorted(p for p in base.rglob("*") if p.is_file())
    a, b = tmp_path / "a", tmp_path / "b"
    _copy_tree(files, base, a)
    _copy_tree(list(reversed(files)), base, b)
    seed = ROOT / "seeds"
    first = _build([str(a), str(seed)], tmp_path / "out1", "1")
    second = _build([str(seed), str(b)], tmp_path / "out2", "4242")
    assert first == second
    # both of the mini corpus's decisions are also cited by the seed: they merge
    assert first.count(b"a besluit:Besluit") == 26


def test_turtle_parses_with_rapper(tmp_path: Path, seed_build) -> None:  # type: ignore[no-untyped-def]
    from kgbuild import to_turtle

    rapper = shutil.which("rapper")
    assert rapper, "rapper (Debian raptor2-utils) is missing: scripts/test.sh installs it"
    ttl = tmp_path / "graph.ttl"
    ttl.write_bytes(to_turtle(seed_build.graph))
    done = subprocess.run([rapper, "-i", "turtle", "-o", "ntriples", str(ttl)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert len([line for line in done.stdout.splitlines() if line.strip()]) == len(seed_build.graph)


@pytest.mark.corpus
def test_corpus_turtle_parses_with_rapper(corpus_turtle: Path, corpus_build) -> None:  # type: ignore[no-untyped-def]
    from conftest import triple_count

    done = subprocess.run(["rapper", "-c", "-i", "turtle", str(corpus_turtle)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert f"returned {triple_count(corpus_build)} triples" in done.stderr
