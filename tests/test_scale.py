"""Executors and the incremental cache: every way of running a build gives the same bytes."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import kgbuild
from kgbuild.errors import UsageError
from kgbuild.pipeline.executors import make_executor

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "000_1331771e99bb3f69.txt"
MINI = ROOT / "tests" / "cases" / "all-formats" / "input"


def turtle(paths: list[Path], **kw: object) -> bytes:
    return kgbuild.to_turtle(kgbuild.build(paths, reasoning="none", **kw).graph)  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def subset(corpus_path: Path) -> list[Path]:
    """Enough files for several tasks per executor: a month of decisions and the economy reports."""
    return [corpus_path / "bucket" / "clean" / "2021" / "03",
            *sorted((corpus_path / "reports").glob("*Economie_en_innovatie*"))]


def test_process_pool_gives_the_serial_graph(subset: list[Path]) -> None:
    assert turtle(subset, executor="process", jobs=2) == turtle(subset, executor="serial")


@pytest.mark.slow
def test_dask_local_cluster_gives_the_serial_graph(tmp_path: Path) -> None:
    pytest.importorskip("dask.distributed")
    paths = [SEED, MINI]
    assert turtle(paths, executor="dask", jobs=2) == turtle(paths, executor="serial")


def test_unknown_executor_names_the_valid_ones() -> None:
    with pytest.raises(UsageError, match="serial, process, dask"):
        make_executor("threads")


def _copy_inputs(tmp_path: Path) -> Path:
    src = tmp_path / "in"
    shutil.copytree(MINI, src)
    shutil.copy(SEED, src / SEED.name)
    return src


@pytest.mark.slow
def test_rebuild_after_one_report_changes_redoes_only_that_report(tmp_path: Path) -> None:
    src, cache = _copy_inputs(tmp_path), tmp_path / "cache"
    first = kgbuild.build([src], reasoning="none", cache=cache, executor="serial")
    files = sum(first.report.inputs.values())
    assert first.report.cache["reads"] == files and first.report.cache["reads_from_cache"] == 0
    report = src / SEED.name
    report.write_text(report.read_text(encoding="utf-8").replace("bevordert slimme", "versnelt slimme"),
                      encoding="utf-8")
    again = kgbuild.build([src], reasoning="none", cache=cache, executor="serial")
    assert again.report.cache == {"reads": 1, "reads_from_cache": files - 1,
                                  "extractions": 0, "extractions_from_cache": first.report.cache["extractions"]}
    assert kgbuild.to_turtle(again.graph) == turtle([src], executor="serial")  # as a clean build


@pytest.mark.slow
def test_a_changed_decision_text_is_extracted_again(tmp_path: Path) -> None:
    src, cache = _copy_inputs(tmp_path), tmp_path / "cache"
    kgbuild.build([src], reasoning="none", cache=cache, executor="serial")
    decision = next((src / "bucket" / "clean").rglob("*.txt"))
    decision.write_text(decision.read_text(encoding="utf-8") + " Er is 5 miljoen euro voor imec.", encoding="utf-8")
    again = kgbuild.build([src], reasoning="none", cache=cache, executor="serial")
    assert again.report.cache["reads"] == 1 and again.report.cache["extractions"] == 1
    assert kgbuild.to_turtle(again.graph) == turtle([src], executor="serial")
