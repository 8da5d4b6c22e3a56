"""Partitions and spill files: which partition a document falls in, and how a round hands its results to the next.

A document's group key (``d:<decision id>``, ``r:<report key>``) falls in one of N partitions by a hash, the same
on every machine. A round writes one codec value per partition into one spill file, with an index of where each
starts (``Segments``); the next round reads only its partition's segments. A task's input goes to a plan file,
so that its arguments stay small.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

from ..model import canonical_id
from .codec import dumps, loads


def partition_of(key: str, partitions: int) -> int:
    """The partition of a group key: the same on every machine and in every process."""
    return int.from_bytes(hashlib.sha256(key.encode()).digest()[:8], "big") % partitions


def decision_key(ident: str) -> str:
    return "d:" + canonical_id(ident)


def decision_partition(ident: str, partitions: int) -> int:
    """The partition a decision (by id) is extracted and mapped in."""
    return partition_of(decision_key(ident), partitions)


def report_key(key: str) -> str:
    return "r:" + key


# --- spill files: one codec value per partition, concatenated, with an index of where each starts -------------

Segments = dict[int, tuple[int, int]]  # partition -> (offset, length)


def write_spill(path: Path, by_partition: Mapping[int, Any]) -> Segments:
    path.parent.mkdir(parents=True, exist_ok=True)
    index: Segments = {}
    tmp = path.with_name(path.name + ".tmp")
    with tmp.open("wb") as f:
        for part in sorted(by_partition):
            data = dumps(by_partition[part])
            index[part] = (f.tell(), len(data))
            f.write(data)
    tmp.replace(path)
    return index


def plan(work: Path, name: str, value: Any) -> str:
    """Write a task's input to a file and give its path: a task's arguments stay small (a Dask scheduler
    warns about, and slows down on, task graphs of many megabytes)."""
    path = work / "plan" / f"{name}.bin"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(dumps(value))
    return str(path)


def load_plan(path: str) -> Any:
    with open(path, "rb") as f:
        return loads(f.read())


def unspill(where: Iterable[tuple[str, int, int]]) -> Iterator[Any]:
    for data in read_segments(where):
        yield loads(data)


def read_segments(where: Iterable[tuple[str, int, int]]) -> Iterator[bytes]:
    for path, offset, length in where:
        with open(path, "rb") as f:
            f.seek(offset)
            yield f.read(length)


def write_bytes(path: Path, data: bytes) -> None:
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_bytes(data)
    tmp.replace(path)
