"""Write a build's outputs into its folder: under the folder's lock, each file atomically, the manifest last.

The graph file, the store and the page are all written from the sorted parts the build left in
``OUT/parts``: Turtle and N-Triples are streamed from a merge of the parts, the store bulk-loads them one
by one, so none of them holds the graph. The other formats (N-Quads, TriG, JSON-LD) assign or nest
triples across the whole graph and are written from it in memory.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import multiprocessing
import os
import shutil
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from ..errors import KgbuildError
from ..options import FORMATS as EXPORT_FORMATS
from ..outputs import (
    atomic_write,
    begin,
    fingerprint,
    finish,
    install_folder,
    intact,
    locked,
    place_file,
    remove_stale,
    sha256_file,
)
from ..query.store import copy_store, save_store_files
from ..rdf.export import serialize, write_turtle
from ..site import SITE_MARK, install_site
from ..viz import parts_data, render_data
from .cache import package_digest
from .codec import CodecError, dumps, loads
from .plan import BuildReport, BuildResult, build

SITE = "site"


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


# one per format of ``options.FORMATS`` (the one registry of formats): Turtle and N-Triples stream the build's
# sorted lines, the others are written from the graph
_STREAMED = {"ttl": _write_ttl, "nt": _write_nt}
WRITERS: dict[str, Writer] = {name: Writer(name, _STREAMED.get(name)) for name in EXPORT_FORMATS}


def graph_file(fmt: str) -> str:
    return f"graph.{EXPORT_FORMATS[fmt].extension}"


def _report_bytes(report: BuildReport) -> bytes:
    return (json.dumps(report.as_dict(), indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def build_into(out: Path, paths: Iterable[str | Path], fmt: str = "ttl", html: bool = True, site: bool = True,
               **options: Any) -> BuildResult:
    """Build ``paths`` (``pipeline.plan.build`` with ``options``) and write every output into ``out``, holding the
    folder's lock from the start: a second build into ``out`` is refused before it reads anything.

    Writes ``parts/``, ``search/`` (the full-text index), ``graph.<fmt>``, ``store/``, ``build-report.json``,
    ``graph.html`` (unless ``html`` is false), the explorer site in ``site/`` (unless ``html`` or ``site`` is
    false) and, last, ``manifest.json`` listing them all.
    """
    site = site and html
    out = Path(out)
    with locked(out):
        previous = begin(out)
        result = build(paths, out=out, **options)
        cache = options.get("cache")
        name = graph_file(fmt)
        stored = _Outputs(Path(cache), result.parts, fmt, html, site) if cache else None
        if stored is not None and stored.restore(out, name):
            result.seconds["outputs from cache"] = stored.seconds
            triples = stored.triples
        else:
            triples = _write_outputs(result, out, name, fmt, html, site)
            if stored is not None:
                stored.save(out, name, triples)
        result.report.counts["triples"] = triples
        files = [name, *(str(p.relative_to(out)) for p in [*result.parts, *result.search]), "build-report.json"]
        if html:
            files.append("graph.html")
        if site:
            files += sorted(str(p.relative_to(out)) for p in (out / SITE).rglob("*") if p.is_file())
        atomic_write(out / "build-report.json", _report_bytes(result.report))
        remove_stale(out, previous, [*files, "store"])
        known = {str(p.relative_to(out)): d for p, d in stored.digests.items()
                 if p.is_relative_to(out)} if stored is not None else {}
        finish(out, files, result.report.counts, "store", known)
    return result


# Above this many bytes of parts the page is drawn in a second process while this one writes the graph file and
# the store: the three take about as long on the corpus (page 3.7 s, graph file + store 3.4 s).
PAGE_APART_BYTES = 8 * 1024 * 1024


def _write_outputs(result: BuildResult, out: Path, name: str, fmt: str, html: bool, site: bool) -> int:
    """Write the graph file, the store, the page and the site from the build's parts; the triples in the
    store."""
    apart = html and sum(p.stat().st_size for p in result.parts) > PAGE_APART_BYTES
    with contextlib.ExitStack() as stack:
        page_future = None
        if apart:
            pool = stack.enter_context(ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("forkserver")))
            page_future = pool.submit(_page, result.parts, out / SITE if site else None)
        start = time.perf_counter()
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
        if html:
            start = time.perf_counter()
            page = page_future.result() if page_future is not None else _page(result.parts,
                                                                              out / SITE if site else None)
            atomic_write(out / "graph.html", page)
            result.seconds["page and site" + (" (waited for)" if apart else "")] = time.perf_counter() - start
    return triples


def _page(parts: list[Path], site: Path | None) -> bytes:
    """The page of the build and, into ``site``, its site: the parts are read once for both."""
    data, scope = parts_data(parts)
    page, _ = render_data(data, scope=scope)
    if site is not None:
        install_site(data, site, jobs=1, note=scope)
    return page.encode("utf-8")


class _Outputs:
    """The graph file, page and store written from the same parts before, under ``cache/outputs/<key>``: the
    key hashes the parts' bytes, the format and the package, so an unchanged corpus is not written out again."""

    def __init__(self, cache: Path, parts: list[Path], fmt: str, html: bool, site: bool) -> None:
        h = hashlib.sha256(f"{package_digest()}\0{fmt}\0{html}\0{site}".encode())
        self.digests: dict[Path, str] = {}  # of the parts and, once restored, of the outputs: finish reuses them
        for part in parts:
            self.digests[part] = sha256_file(part)
            h.update(part.name.encode() + b"\0" + self.digests[part].encode())
        self.folder = cache / "outputs" / h.hexdigest()
        self.triples = 0
        self.seconds = 0.0

    def restore(self, out: Path, name: str) -> bool:
        """Place the cached outputs in ``out`` (hard links where possible: nothing kgbuild writes is changed in
        place); False (a miss) unless every file is there with the checksum its checksummed index records. A
        file whose size, modification time and inode are those recorded when it was cached is not read again
        (as git trusts its index); any other is hashed."""
        start = time.perf_counter()
        try:
            index = loads((self.folder / "index.bin").read_bytes())
            files: dict[str, str] = index["files"]
            stats: dict[str, list[int]] = index.get("stats", {})
            present = {str(p.relative_to(self.folder)) for p in self.folder.rglob("*") if p.is_file()}
            if present != {*files, "index.bin"} or name not in files or any(
                    not intact(self.folder / f, digest, stats.get(f)) for f, digest in files.items()):
                return False
            for file in (f for f in files if "/" not in f):
                place_file(self.folder / file, out / file)
            copy_store(self.folder / "store", out / "store")
            if (self.folder / SITE).is_dir():
                install_folder(out / SITE, {f.removeprefix(f"{SITE}/"): self.folder / f
                                            for f in files if f.startswith(f"{SITE}/") and
                                            f != f"{SITE}/{SITE_MARK}"}, SITE_MARK)
            self.digests.update({out / f: digest for f, digest in files.items() if not f.startswith("store/")})
            self.triples = int(index["triples"])
        except (OSError, ValueError, KeyError, TypeError, CodecError, KgbuildError):
            return False
        self.seconds = time.perf_counter() - start
        return True

    def save(self, out: Path, name: str, triples: int) -> None:
        tmp = self.folder.with_name(f".{self.folder.name}.{os.getpid()}")
        try:
            shutil.rmtree(tmp, ignore_errors=True)
            tmp.mkdir(parents=True)
            for file in (name, "graph.html"):
                if (out / file).exists():
                    shutil.copyfile(out / file, tmp / file)
            shutil.copytree(out / "store", tmp / "store")
            if (out / SITE).is_dir():
                shutil.copytree(out / SITE, tmp / SITE)
            # a rename keeps a file's inode and times: what is recorded here is what restore finds
            prints = {str(p.relative_to(tmp)): fingerprint(p) for p in sorted(tmp.rglob("*")) if p.is_file()}
            files = {f: digest for f, (digest, _stat) in prints.items()}
            stats = {f: stat for f, (_digest, stat) in prints.items()}
            (tmp / "index.bin").write_bytes(dumps({"triples": triples, "files": files, "stats": stats}))
            shutil.rmtree(self.folder, ignore_errors=True)
            tmp.rename(self.folder)
        except (OSError, CodecError):
            shutil.rmtree(tmp, ignore_errors=True)  # not cached: the next build writes them again


__all__ = ["WRITERS", "build_into", "graph_file"]
