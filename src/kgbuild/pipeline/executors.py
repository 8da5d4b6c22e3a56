"""Where the per-file and per-decision work runs: in this process, in a pool of processes (the default,
one per core), or on a Dask cluster. Every executor returns results in input order, so the graph does
not depend on which one ran."""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from typing import Any, Protocol, TypeVar

from ..errors import UsageError
from ..options import EXECUTORS

A = TypeVar("A")
B = TypeVar("B")
Task = Callable[[list[Any]], list[Any]]


class Executor(Protocol):
    name: str

    def map(self, task: Task, chunks: Sequence[list[Any]]) -> Iterator[list[Any]]:
        """``task(chunk)`` for every chunk, yielded in the order of ``chunks``."""
        ...

    def close(self) -> None: ...


def chunked(items: Sequence[A], size: int) -> list[list[A]]:
    return [list(items[i:i + size]) for i in range(0, len(items), size)]


class SerialExecutor:
    name = "serial"

    def map(self, task: Task, chunks: Sequence[list[Any]]) -> Iterator[list[Any]]:
        for chunk in chunks:
            yield task(chunk)

    def close(self) -> None:
        pass


class ProcessExecutor:
    """A pool of worker processes, started on first use (a small build never pays for it)."""

    name = "process"

    def __init__(self, jobs: int) -> None:
        self.jobs = jobs
        self._pool: ProcessPoolExecutor | None = None

    def map(self, task: Task, chunks: Sequence[list[Any]]) -> Iterator[list[Any]]:
        if len(chunks) < 2 or self.jobs < 2:
            yield from SerialExecutor().map(task, chunks)
            return
        if self._pool is None:
            # Workers forked from a fresh server, not from this process: a fork would share this process's
            # heap (the file list of a large build) copy-on-write, and the collector touching it copies it.
            context = multiprocessing.get_context("forkserver")
            self._pool = ProcessPoolExecutor(max_workers=self.jobs, mp_context=context)
        yield from self._pool.map(task, chunks)

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown()
            self._pool = None


class DaskExecutor:
    """Tasks on a dask.distributed cluster: the one at ``scheduler`` or a local one of ``jobs`` processes."""

    name = "dask"

    def __init__(self, jobs: int, scheduler: str | None) -> None:
        try:
            from dask.distributed import Client, LocalCluster
        except ImportError:
            raise UsageError("--executor dask needs dask.distributed: pip install 'kgbuild[dask]'") from None
        self._cluster = None
        if scheduler:
            try:
                self._client = Client(scheduler, timeout=10)
            except OSError as exc:
                raise UsageError(f"cannot reach the Dask scheduler at {scheduler}: {exc}") from None
        else:
            self._cluster = LocalCluster(n_workers=jobs, threads_per_worker=1, processes=True,
                                         dashboard_address=None, host="127.0.0.1")
            self._client = Client(self._cluster)

    def map(self, task: Task, chunks: Sequence[list[Any]]) -> Iterator[list[Any]]:
        futures = self._client.map(task, list(chunks), pure=False)
        for future in futures:  # in order; each is gathered as soon as it is done
            yield future.result()

    def close(self) -> None:
        self._client.close()
        if self._cluster is not None:
            self._cluster.close()


def make_executor(kind: str = "process", jobs: int | None = None, scheduler: str | None = None) -> Executor:
    """An executor by name; ``jobs`` defaults to the cores this process may use."""
    if kind not in EXECUTORS:
        raise UsageError(f"unknown executor {kind!r}: choose one of {', '.join(EXECUTORS)}")
    if scheduler and kind != "dask":
        raise UsageError("--scheduler is for --executor dask")
    n = jobs or len(os.sched_getaffinity(0))
    if kind == "serial":
        return SerialExecutor()
    if kind == "process":
        return ProcessExecutor(n)
    return DaskExecutor(n, scheduler)
