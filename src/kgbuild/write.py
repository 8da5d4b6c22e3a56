"""Write a build's outputs into its folder: under the folder's lock, each file atomically, the manifest last.

The graph file, the store and the page are all written from the sorted parts the build left in
``OUT/parts``: Turtle and N-Triples are streamed from a merge of the parts, the store bulk-loads them one
by one, so none of them holds the graph. The other formats (N-Quads, TriG, JSON-LD) assign or nest
triples across the whole graph and are written from it in memory.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from .export import FORMATS as EXPORT_FORMATS
from .export import serialize, write_turtle
from .outputs import atomic_write, begin, finish, locked, remove_stale
from .pipeline import BuildReport, BuildResult, build
from .store import save_store_files
from .viz import render_parts


@dataclass(frozen=True)
class Writer:
    """How a graph file is written from a build: by streaming its sorted lines, or from the graph in memory."""

    name: str
    stream: Callable[[Iterator[bytes], BinaryIO], None] | None = None


def _write_nt(lines: Iterator[bytes], out: BinaryIO) -> None:
    for line in lines:
        out.write(line)


def _write_ttl(lines: Iterator[bytes], out: BinaryIO) -> None:
    write_turtle(lines, out)


WRITERS: dict[str, Writer] = {w.name: w for w in (
    Writer("ttl", _write_ttl), Writer("nt", _write_nt), Writer("nq"), Writer("trig"), Writer("jsonld"))}


def graph_file(fmt: str) -> str:
    return f"graph.{EXPORT_FORMATS[fmt].extension}"


def _report_bytes(report: BuildReport) -> bytes:
    return (json.dumps(report.as_dict(), indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def build_into(out: Path, paths: Iterable[str | Path], fmt: str = "ttl", html: bool = True,
               **options: Any) -> BuildResult:
    """Build ``paths`` (``pipeline.build`` with ``options``) and write every output into ``out``, holding the
    folder's lock from the start: a second build into ``out`` is refused before it reads anything.

    Writes ``parts/``, ``graph.<fmt>``, ``store/``, ``build-report.json``, ``graph.html`` (unless ``html`` is
    false) and, last, ``manifest.json`` listing them all.
    """
    out = Path(out)
    with locked(out):
        previous = begin(out)
        result = build(paths, out=out, **options)
        start = time.perf_counter()
        name = graph_file(fmt)
        writer = WRITERS[fmt]
        if writer.stream is not None:
            stream = writer.stream
            atomic_write(out / name, lambda f: stream(result.lines(), f))
        else:
            atomic_write(out / name, serialize(result.graph, fmt))
        result.seconds["graph file"] = time.perf_counter() - start
        start = time.perf_counter()
        triples = save_store_files(result.parts, out / "store")
        result.seconds["store"] = time.perf_counter() - start
        result.report.counts["triples"] = triples
        parts = [str(p.relative_to(out)) for p in result.parts]
        files = [name, *parts, "build-report.json"]
        if html:
            start = time.perf_counter()
            page, _ = render_parts(result.parts)
            atomic_write(out / "graph.html", page.encode("utf-8"))
            files.append("graph.html")
            result.seconds["page"] = time.perf_counter() - start
        atomic_write(out / "build-report.json", _report_bytes(result.report))
        remove_stale(out, previous, [*files, "store"])
        finish(out, files, result.report.counts, "store")
    return result


__all__ = ["WRITERS", "build_into", "graph_file"]
