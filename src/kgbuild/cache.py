"""A cache of per-file reads and per-decision extractions, keyed by content, for incremental builds.

A key hashes the input's bytes (or a decision's id, title and text) together with the code and data
that turn it into results (the readers, the extractors, the gazetteer), so a changed input or a new
kgbuild version misses the cache and is read again. A rebuild from the cache gives the same graph as a
clean build, because everything after these two steps runs on the cached results as on fresh ones.
"""

from __future__ import annotations

import hashlib
import os
import pickle
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any


@lru_cache(maxsize=1)
def code_digest() -> str:
    """A digest of the modules and data whose output is cached."""
    h = hashlib.sha256()
    root = resources.files("kgbuild")
    for folder in ("readers", "extract"):
        for entry in sorted((root / folder).iterdir(), key=lambda e: e.name):
            if entry.name.endswith(".py"):
                h.update(entry.name.encode() + b"\0" + entry.read_bytes())
    for name in ("text.py", "model.py"):
        h.update((root / name).read_bytes())
    h.update((root / "data" / "gazetteer.json").read_bytes())
    return h.hexdigest()


def key(*parts: str | bytes) -> str:
    h = hashlib.sha256(code_digest().encode())
    for part in parts:
        data = part.encode() if isinstance(part, str) else part
        h.update(len(data).to_bytes(8, "big") + data)
    return h.hexdigest()


class Cache:
    """Pickled results under ``directory/<kind>/<key[:2]>/<key>``; written atomically (rename)."""

    def __init__(self, directory: Path) -> None:
        self.directory = Path(directory)

    def _path(self, kind: str, k: str) -> Path:
        return self.directory / kind / k[:2] / k

    def get(self, kind: str, k: str) -> Any | None:
        try:
            with self._path(kind, k).open("rb") as f:
                return pickle.load(f)
        except (OSError, EOFError, pickle.UnpicklingError):
            return None

    def put(self, kind: str, k: str, value: Any) -> None:
        path = self._path(kind, k)
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        with tmp.open("wb") as f:
            pickle.dump(value, f, protocol=pickle.HIGHEST_PROTOCOL)
        tmp.replace(path)
