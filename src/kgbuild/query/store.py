"""An embedded on-disk pyoxigraph store of the graph, for fast SPARQL without parsing Turtle first.

``kgbuild build`` writes ``OUT/store/`` beside ``OUT/graph.ttl``; ``kgbuild query`` opens it read-only, so
any number of processes can query one store at the same time.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterable
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph

from ..errors import KgbuildError

# RocksDB writes this file first and keeps it for the store's life: a folder without it is not a store.
_MARKER = "CURRENT"


class StoreError(KgbuildError):
    """A store folder that is missing, is not a store, or cannot be read or written."""


def _one_line(exc: BaseException) -> str:
    return " ".join(str(exc).split())


def is_store(directory: Path) -> bool:
    """True when ``directory`` holds a pyoxigraph (RocksDB) store."""
    return (Path(directory) / _MARKER).is_file()


def save_store(data: Graph | bytes, directory: Path) -> int:
    """Write ``data`` (a graph, or Turtle / N-Triples bytes) as a fresh store in ``directory``; return its triples.

    A store already there is replaced. The new store is bulk-loaded into a sibling folder and renamed into
    place, so a reader never sees half a store. A folder that holds anything but a store is left alone.
    """
    directory = Path(directory)
    _check_replaceable(directory)
    if isinstance(data, Graph):
        payload, fmt = data.serialize(format="nt", encoding="utf-8"), ox.RdfFormat.N_TRIPLES
    else:
        payload, fmt = data, ox.RdfFormat.TURTLE  # N-Triples is a subset of Turtle
    return _replace(directory, lambda fresh: _bulk_load(payload, fmt, fresh))


def save_store_files(files: Iterable[Path], directory: Path) -> int:
    """Write the N-Triples ``files`` as a fresh store in ``directory``, one bulk load per file; return its triples.

    Each load holds one file's triples at a time, so the memory this takes follows the largest file, not
    the graph. The store is replaced as in ``save_store``.
    """
    directory = Path(directory)
    _check_replaceable(directory)
    files = list(files)

    def load(fresh: Path) -> int:
        fresh.parent.mkdir(parents=True, exist_ok=True)
        store = ox.Store(str(fresh))
        for path in files:
            store.bulk_load(path=str(path), format=ox.RdfFormat.N_TRIPLES)
        store.flush()
        return len(store)

    return _replace(directory, load)


def copy_store(source: Path, directory: Path) -> int:
    """A copy of the closed store ``source`` as a fresh store in ``directory``, replaced as in ``save_store``."""
    directory = Path(directory)
    _check_replaceable(directory)

    def fill(fresh: Path) -> int:
        shutil.copytree(source, fresh)
        return 0

    return _replace(directory, fill)


def _check_replaceable(directory: Path) -> None:
    if directory.exists() and not is_store(directory) and (not directory.is_dir() or any(directory.iterdir())):
        raise StoreError(f"{directory}: exists and is not a store; not replacing it")


def _replace(directory: Path, fill: Callable[[Path], int]) -> int:
    fresh = directory.with_name(f".{directory.name}.new-{os.getpid()}")
    shutil.rmtree(fresh, ignore_errors=True)
    try:
        count = fill(fresh)
    except (SyntaxError, OSError, ValueError) as exc:
        shutil.rmtree(fresh, ignore_errors=True)
        raise StoreError(f"{directory}: cannot write the store: {_one_line(exc)}") from exc
    old = directory.with_name(f".{directory.name}.old-{os.getpid()}")
    if directory.exists():
        directory.rename(old)
    fresh.rename(directory)
    shutil.rmtree(old, ignore_errors=True)
    return count


def _bulk_load(payload: bytes, fmt: ox.RdfFormat, directory: Path) -> int:
    # The store is closed when this frame drops the last reference, before the caller renames its folder.
    directory.parent.mkdir(parents=True, exist_ok=True)
    store = ox.Store(str(directory))
    store.bulk_load(payload, fmt)
    store.flush()
    return len(store)


def check_store(directory: Path) -> None:
    """Raise StoreError unless ``directory`` holds a store."""
    if not Path(directory).is_dir():
        raise StoreError(f"{directory}: no such store (kgbuild build writes one in OUT/store)")
    if not is_store(directory):
        raise StoreError(f"{directory}: not a pyoxigraph store")


def open_store(directory: Path, read_only: bool = True) -> ox.Store:
    """Open the store in ``directory``; read-only (the default) lets several processes share it."""
    directory = Path(directory)
    check_store(directory)
    try:
        return ox.Store.read_only(str(directory)) if read_only else ox.Store(str(directory))
    except OSError as exc:
        raise StoreError(f"{directory}: cannot open the store: {_one_line(exc)}") from exc


def memory_store(path: Path) -> ox.Store:
    """An in-memory store holding the RDF file at ``path`` (its format told by the extension, else Turtle)."""
    path = Path(path)
    if not path.is_file():
        raise StoreError(f"{path}: no such file")
    fmt = ox.RdfFormat.from_extension(path.suffix.lstrip(".")) or ox.RdfFormat.TURTLE
    store = ox.Store()
    try:
        store.bulk_load(path=str(path), format=fmt)
    except (SyntaxError, OSError, ValueError) as exc:
        raise StoreError(f"{path}: cannot load: {_one_line(exc)}") from exc
    return store
