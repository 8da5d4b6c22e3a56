"""Write a build's outputs into its folder: under the folder's lock, each file atomically, the manifest last."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from .export import FORMATS as EXPORT_FORMATS
from .export import serialize, to_ntriples
from .outputs import atomic_write, begin, finish, locked, remove_stale
from .partitioned import PartitionedResult, build_partitioned
from .pipeline import BuildReport, BuildResult, build
from .store import save_store
from .viz import render


def graph_file(fmt: str) -> str:
    return f"graph.{EXPORT_FORMATS[fmt].extension}"


def _report_bytes(report: BuildReport) -> bytes:
    return (json.dumps(report.as_dict(), indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def build_into(out: Path, paths: Iterable[str | Path], fmt: str = "ttl", **options: Any) -> BuildResult:
    """Build ``paths`` (``pipeline.build`` with ``options``) and write the outputs into ``out``, holding the
    folder's lock from the start: a second build into ``out`` is refused before it reads anything."""
    out = Path(out)
    with locked(out):
        result = build(paths, **options)
        _write_build(result, out, fmt)
    return result


def write_build(result: BuildResult, out: Path, fmt: str = "ttl", html: bool = True) -> list[str]:
    """Write the graph file, the store, build-report.json, graph.html and the manifest; the files written."""
    with locked(out):
        return _write_build(result, out, fmt, html)


def _write_build(result: BuildResult, out: Path, fmt: str = "ttl", html: bool = True) -> list[str]:
    out = Path(out)
    previous = begin(out)
    data = serialize(result.graph, fmt)
    name = graph_file(fmt)
    atomic_write(out / name, data)
    # The store from the Turtle or N-Triples just made, so the graph is not serialised twice.
    save_store(data if fmt in ("ttl", "nt") else to_ntriples(result.graph), out / "store")
    atomic_write(out / "build-report.json", _report_bytes(result.report))
    files = [name, "build-report.json"]
    if html:
        page, _ = render(result.graph)
        atomic_write(out / "graph.html", page.encode("utf-8"))
        files.append("graph.html")
    remove_stale(out, previous, [*files, "store"])
    finish(out, files, result.report.counts, "store")
    return files


def write_partitioned(out: Path, run: Callable[[], PartitionedResult]) -> PartitionedResult:
    """Run a partitioned build (``run`` calls ``build_partitioned`` on ``out``) under the folder's lock, then
    write build-report.json and the manifest listing every part."""
    out = Path(out)
    with locked(out):
        previous = begin(out)
        result = run()
        parts = [str(p.relative_to(out)) for p in result.parts]
        atomic_write(out / "build-report.json", _report_bytes(result.report))
        files = [*parts, "build-report.json"]
        remove_stale(out, previous, [*files, "store"])
        finish(out, files, result.report.counts, "store")
    return result


def partitioned(paths: Any, out: Path, **options: Any) -> PartitionedResult:
    """``build_partitioned`` with its outputs written as ``write_partitioned`` says."""
    return write_partitioned(out, lambda: build_partitioned(paths, out, **options))


__all__ = ["build_into", "graph_file", "partitioned", "write_build", "write_partitioned"]
