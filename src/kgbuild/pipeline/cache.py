"""A cache of per-file reads, per-decision extractions and per-partition results, keyed by content.

A key hashes the input's bytes (or a decision's id, title and text) together with the code and data
that turn it into results (the readers, the extractors, the gazetteer), so a changed input or a new
kgbuild version misses the cache and is read again. A rebuild from the cache gives the same graph as a
clean build, because everything after these two steps runs on the cached results as on fresh ones.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
from collections.abc import Callable, Sequence
from functools import lru_cache
from importlib import metadata, resources
from pathlib import Path
from typing import Any, TypeVar

from ..errors import KgbuildError
from ..files import shipped
from ..outputs import fingerprint, intact, place_file
from .codec import CodecError, dumps, loads

T = TypeVar("T")


# what the readers and the extractors are made of: their packages (every module, subpackages included) and the
# plain modules they import (tests/test_imports.py checks this against the import graph)
CODE_PACKAGES = ("readers", "extract")
CODE_MODULES = ("text.py", "model.py", "errors.py", "files.py", "sentences.py", "options.py")


def code_files() -> list[str]:
    """The files, relative to the package, whose contents key the cached reads and extractions."""
    root = Path(str(resources.files("kgbuild")))
    files = [p for folder in CODE_PACKAGES for p in sorted((root / folder).rglob("*.py"))]
    return [str(p.relative_to(root)) for p in files] + list(CODE_MODULES) + ["data/gazetteer.json"]


@lru_cache(maxsize=1)
def code_digest() -> str:
    """A digest of the modules and data whose output is cached."""
    h = hashlib.sha256()
    root = Path(str(resources.files("kgbuild")))
    for name in code_files():
        h.update(name.encode() + b"\0" + (root / name).read_bytes())
    return h.hexdigest()


@lru_cache(maxsize=1)
def package_digest() -> str:
    """A digest of every module of kgbuild, its data and its ontology and shapes: what a partition's triples,
    checks and validation depend on."""
    h = hashlib.sha256()
    root = Path(str(resources.files("kgbuild")))
    # every module and data file (the claim model, the stopwords, the word frequencies), and the versions of
    # the libraries whose tables decide what a word matches (stemmer, lemmatiser)
    files = [*sorted(root.rglob("*.py")), *sorted(p for p in (root / "data").iterdir() if p.is_file())]
    for path in files:
        h.update(str(path.relative_to(root)).encode() + b"\0" + path.read_bytes())
    for dist in ("simplemma", "PyStemmer", "bm25s"):
        h.update(f"{dist}=={metadata.version(dist)}".encode())
    for path in (shipped("ontology", "kgbuild.ttl"), shipped("ontology", "shapes.ttl")):
        h.update(path.name.encode() + b"\0" + path.read_bytes())
    return h.hexdigest()


def key(*parts: str | bytes, whole: bool = False) -> str:
    """The cache key of ``parts`` under the code that reads and extracts, or (``whole``) the whole package."""
    h = hashlib.sha256((package_digest() if whole else code_digest()).encode())
    for part in parts:
        data = part.encode() if isinstance(part, str) else part
        h.update(len(data).to_bytes(8, "big") + data)
    return h.hexdigest()


class Cache:
    """Results under ``directory/<kind>/<key[:2]>/<key>``, written atomically (rename).

    Entries are checksummed MessagePack (``codec``), never pickle: a damaged, truncated or planted entry is
    a miss, and reading one can neither run code nor exhaust memory. An entry that cannot be written (a
    value that is not plain data, a full disk) is simply not cached.
    """

    def __init__(self, directory: Path) -> None:
        self.directory = Path(directory)

    def path(self, kind: str, k: str) -> Path:
        """Where the entry ``k`` of ``kind`` is kept (files kept with it sit beside it)."""
        return self.directory / kind / k[:2] / k

    def get(self, kind: str, k: str) -> Any | None:
        try:
            return loads(self.path(kind, k).read_bytes())
        except (OSError, CodecError):
            return None

    def memo(self, kind: str, k: str, compute: Callable[[], T]) -> tuple[T, bool]:
        """The entry under ``k``, or ``compute()`` stored there; and whether it came from the cache."""
        hit = self.get(kind, k)
        if hit is not None:
            return hit, True
        value = compute()
        self.put(kind, k, value)
        return value, False

    def put(self, kind: str, k: str, value: Any) -> None:
        with contextlib.suppress(OSError, CodecError):  # not cached: the next build computes it again
            _write_atomically(self.path(kind, k), dumps(value))


def _write_atomically(path: Path, data: bytes) -> None:
    """``data`` into ``path`` through a temporary name in the same folder, which is removed on failure."""
    tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp.write_bytes(data)
        tmp.replace(path)
    except OSError:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise


def memo_files(cache: Cache | None, kind: str, k: str, files: Sequence[Path],
               compute: Callable[[], T], folder: Path | None = None) -> tuple[T, bool]:
    """``compute()``, which writes ``files`` (and, with ``folder``, the files of that folder), stored with them; or,
    from the cache, its value with the files put back as they were. Without a cache (or a key) it only computes.
    The rounds use it for a whole partition or chunk: the part files and spills it leaves are what the next round
    reads; the search round keeps its index folder so.

    The files are kept beside the entry (``<key>.<i>``), hard-linked where the file system allows, with their
    sha256 and ``file_stat`` in the entry, and put back the same way: a rebuild copies no bytes, and no file has
    to fit in an entry. Nothing kgbuild writes is changed in place (every file is written beside its place and
    renamed), so a link is never written through; a file changed all the same fails its check, and the entry is
    a miss."""
    if cache is None or not k:
        return compute(), False
    base = cache.path(kind, k)

    def paths(names: Sequence[str]) -> list[Path]:
        return [*files, *(folder / n for n in names)] if folder is not None else list(files)

    def kept(n: int) -> list[Path]:
        return [base.with_name(f"{base.name}.{i}") for i in range(n)]

    hit = cache.get(kind, k)
    if hit is not None:
        with contextlib.suppress(OSError, ValueError, TypeError):
            value, checks, names = hit
            if any("/" in n or n in ("", ".", "..") for n in names):
                raise ValueError(names)
            wanted = paths(names)
            blobs = kept(len(wanted))
            if len(checks) == len(wanted) and all(intact(blob, digest, stat)
                                                  for blob, (digest, stat) in zip(blobs, checks, strict=True)):
                for blob, path in zip(blobs, wanted, strict=True):
                    path.parent.mkdir(parents=True, exist_ok=True)
                    place_file(blob, path)
                return value, True
    value = compute()
    with contextlib.suppress(OSError, CodecError, KgbuildError):
        base.parent.mkdir(parents=True, exist_ok=True)
        names = sorted(p.name for p in folder.iterdir() if p.is_file()) if folder is not None else []
        wanted = paths(names)
        blobs = kept(len(wanted))
        for path, blob in zip(wanted, blobs, strict=True):
            place_file(path, blob)
        cache.put(kind, k, (value, [fingerprint(blob) for blob in blobs], names))
    return value, False
