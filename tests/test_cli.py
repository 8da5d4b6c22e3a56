"""The CLI: exit codes 0 / 1 / 2, files written, help with examples on every command."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from conftest import run_cli as run

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "000_1331771e99bb3f69.txt"




@pytest.mark.slow
def test_build_writes_graph_and_report(tmp_path: Path) -> None:
    code, out, err = run("build", str(SEED), "-o", str(tmp_path))
    assert code == 0, err
    assert (tmp_path / "graph.ttl").stat().st_size > 10_000
    report = json.loads((tmp_path / "build-report.json").read_text())
    assert report["counts"]["decisions"] == 26 and report["counts"]["claims"] == 12
    assert report["inputs"]["report-markdown"] == 1 and report["skipped_files"] == 0
    assert "26 decisions" in out


@pytest.mark.slow
def test_default_input_is_the_seed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)  # no seeds/ here: the copy shipped in the package is used
    code, _, _ = run("build", "-q")
    assert code == 0
    assert "besluit:Besluit" in (tmp_path / "out" / "graph.ttl").read_text()


def test_missing_path_exits_2(tmp_path: Path) -> None:
    code, _, err = run("build", str(tmp_path / "nope"), "-o", str(tmp_path / "o"))
    assert code == 2 and "no such file or directory" in err and err.count("\n") == 1


def test_empty_folder_exits_2(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    code, _, err = run("build", str(tmp_path / "empty"), "-o", str(tmp_path / "o"))
    assert code == 2 and "no input files" in err


def test_bad_option_exits_2() -> None:
    code, _, _ = run("build", "--no-such-option")
    assert code == 2


@pytest.mark.slow
def test_strict_exits_1_when_something_was_skipped(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copyfile(SEED, folder / SEED.name)
    (folder / "empty.md").write_bytes(b"")
    code, _, err = run("build", str(folder), "-o", str(tmp_path / "o"))
    assert code == 0 and "skipped: empty.md: empty file" in err
    code, _, err = run("build", str(folder), "-o", str(tmp_path / "o"), "--strict")
    assert code == 1 and "--strict" in err
    assert (tmp_path / "o" / "graph.ttl").exists()


@pytest.mark.parametrize("command", [[], ["build"]])
def test_help_has_an_example(command: list[str]) -> None:
    code, out, _ = run(*command, "--help")
    assert code == 0 and "Example" in out
