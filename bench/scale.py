"""Scale benchmark: copies of the real corpus with new ids, built with each executor, against a floor.

    python bench/scale.py generate FACTOR OUT      # OUT holds FACTOR copies of ../shared/corpus
    python bench/scale.py run [--factors 1 10 100] [--executors serial process dask]
                              [--modes partitioned memory] [--memory-up-to 10]

Each copy gets new decision ids (the last four hex digits of every id become the copy number) and new
report names, so copies do not merge. `run` builds each generated corpus in a fresh child process per
mode and executor: `partitioned` is `build --partitioned` (N-Triples partitions bulk-loaded into the
store, validated), `memory` the in-memory build (one rdflib graph, Turtle, then the store; not
validated), run only up to `--memory-up-to` copies because it needs memory in proportion. It reports
documents/s, triples/s, peak RSS and output size; peak RSS is the largest sum of the proportional
resident memory (Pss) of the child and all its descendants (the worker processes), sampled from /proc
every 0.1 s, and the peak RSS of the largest single process (from wait4). In the same run it times the
floor (reading the same files and running only the amount regexes) and the bulk load of the output into
a pyoxigraph store, as ratios.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import re
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus"
IDS = re.compile(r"\b([0-9A-Fa-f]{20})([0-9A-Fa-f]{4})\b"
                 r"|\b([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{8})([0-9a-f]{4})\b")


def _renumber(text: str, k: int) -> str:
    def sub(m: re.Match[str]) -> str:
        head = m.group(1) or m.group(3)
        tail = f"{k:04x}" if (m.group(2) or m.group(4) or "").islower() else f"{k:04X}"
        return head + tail
    return IDS.sub(sub, text)


def generate(factor: int, out: Path) -> int:
    """FACTOR copies of the corpus under OUT (copy 0 is the corpus itself); returns the number of files.

    A folder that a finished run of the same factor left is kept as it is.
    """
    done = out / ".generated"
    if done.is_file() and done.read_text() == str(factor):
        return sum(1 for p in out.rglob("*") if p.is_file()) - 1
    if out.exists():
        shutil.rmtree(out)
    n = 0
    for k in range(factor):
        for src in sorted(CORPUS.rglob("*")):
            if not src.is_file():
                continue
            rel = src.relative_to(CORPUS)
            if k:
                parts = list(rel.parts)
                if parts[0] == "reports":
                    # folder names are at the file system's limit already: shorten to make room for the suffix
                    parts[1] = parts[1].encode()[:230].decode("utf-8", "ignore") + f"_kopie{k}"
                rel = Path(_renumber(str(Path(*parts)), k))
            dst = out / f"kopie{k}" / rel
            dst.parent.mkdir(parents=True, exist_ok=True)
            data = src.read_bytes()
            if k:
                with contextlib.suppress(UnicodeDecodeError):
                    data = _renumber(data.decode("utf-8"), k).encode("utf-8")
            dst.write_bytes(data)
            n += 1
    done.write_text(str(factor))
    return n


CHILD = r"""
import json, sys, time
from pathlib import Path
from typing import Any
import kgbuild
from kgbuild.store import save_store
t0 = time.perf_counter()
r = kgbuild.build([sys.argv[1]], executor=sys.argv[2])
t1 = time.perf_counter()
data = kgbuild.to_turtle(r.graph)
t2 = time.perf_counter()
n = save_store(data, Path(sys.argv[3]))
t3 = time.perf_counter()
print(json.dumps({"build": t3 - t0, "turtle": t2 - t1, "load": t3 - t2, "triples": len(r.graph), "bytes": len(data),
                  "documents": sum(r.report.inputs.values())}))
"""

PARTITIONED = r"""
import json, sys, time
from pathlib import Path
from typing import Any
from kgbuild.partitioned import build_partitioned
t0 = time.perf_counter()
r = build_partitioned([sys.argv[1]], Path(sys.argv[3]), executor=sys.argv[2])
t1 = time.perf_counter()
assert r.validation is not None and r.validation.conforms
print(json.dumps({"build": t1 - t0, "load": r.seconds["store"], "triples": r.report.counts["triples"],
                  "bytes": sum(p.stat().st_size for p in r.parts), "documents": sum(r.report.inputs.values()),
                  "partitions": r.report.counts["partitions"], "rounds": r.seconds}))
"""

FLOOR = r"""
import json, sys, time
from pathlib import Path
from typing import Any
from kgbuild.extract.money import find_amounts
from kgbuild.readers import find_inputs
t0 = time.perf_counter()
n = 0
for p, _rel in find_inputs([sys.argv[1]]):
    n += sum(1 for _ in find_amounts(p.read_bytes().decode("utf-8", "replace")))
print(json.dumps({"floor": time.perf_counter() - t0, "amounts": n}))
"""


def _tree_rss(pid: int) -> int:
    """Proportional resident KiB (Pss: a page shared by n processes counts 1/n in each) of ``pid`` and all
    its descendants, from /proc: the memory the tree holds, pages shared by forked workers counted once."""
    total, todo = 0, [pid]
    while todo:
        p = todo.pop()
        with contextlib.suppress(OSError):
            for line in Path(f"/proc/{p}/smaps_rollup").read_text().splitlines():
                if line.startswith("Pss:"):
                    total += int(line.split()[1])
            for task in Path(f"/proc/{p}/task").iterdir():
                todo.extend(int(c) for c in (task / "children").read_text().split())
    return total


def child(code: str, *args: str) -> tuple[dict[str, Any], float, float]:
    """Run ``code`` in a fresh interpreter: its JSON output, the peak RSS of its process tree and of its
    largest single process, in MiB."""
    proc = subprocess.Popen([sys.executable, "-c", code, *args], stdout=subprocess.PIPE, text=True)
    peak = [0]
    stop = threading.Event()

    def sample() -> None:
        while not stop.wait(0.1):
            peak[0] = max(peak[0], _tree_rss(proc.pid))

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    out = proc.stdout.read() if proc.stdout else ""
    stop.set()
    sampler.join()
    _pid, status, usage = os.wait4(proc.pid, 0)
    if status:
        raise SystemExit(f"child failed ({status}): {args}")
    return json.loads(out.strip().splitlines()[-1]), peak[0] / 1024, usage.ru_maxrss / 1024


def run(factors: list[int], executors: list[str], modes: list[str], memory_up_to: int, work: Path) -> None:
    print(f"machine: {os.cpu_count()} cores, {os.sysconf('SC_PHYS_PAGES') * os.sysconf('SC_PAGE_SIZE') / 2**30:.0f} "
          f"GiB, Python {sys.version.split()[0]}")
    print()
    print("| corpus | build | executor | documents | build s | docs/s | triples/s | peak RSS MiB (all processes) | "
          "largest process MiB | output MB | build / floor | store load s |")
    print("|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for factor in factors:
        corpus = work / f"x{factor}"
        generate(factor, corpus)
        floor, _, _ = child(FLOOR, str(corpus))
        for mode in modes:
            if mode == "memory" and factor > memory_up_to:
                continue
            for executor in executors:
                code = PARTITIONED if mode == "partitioned" else CHILD
                target = work / ("out" if mode == "partitioned" else "store")
                r, tree, largest = child(code, str(corpus), executor, str(target))
                docs = r["documents"]
                print(f"| x{factor} | {mode} | {executor} | {docs:,.0f} | {r['build']:.1f} | {docs / r['build']:.0f} | "
                      f"{r['triples'] / r['build']:,.0f} | {tree:,.0f} | {largest:,.0f} | {r['bytes'] / 1e6:.1f} | "
                      f"{r['build'] / floor['floor']:.1f}x | {r['load']:.1f} |", flush=True)
                if "rounds" in r:
                    print("<!-- rounds: " + json.dumps({k: round(v, 1) for k, v in r["rounds"].items()}) + " -->",
                          flush=True)
        print(f"| x{factor} | floor (read + amount regexes) | | | {floor['floor']:.1f} | | | | | | 1.0x | |",
              flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="cmd", required=True)
    g = sub.add_parser("generate")
    g.add_argument("factor", type=int)
    g.add_argument("out", type=Path)
    r = sub.add_parser("run")
    r.add_argument("--factors", type=int, nargs="+", default=[1])
    r.add_argument("--executors", nargs="+", default=["serial", "process", "dask"])
    r.add_argument("--modes", nargs="+", choices=["partitioned", "memory"], default=["partitioned", "memory"])
    r.add_argument("--memory-up-to", type=int, default=10, help="largest factor built in memory")
    r.add_argument("--work", type=Path, default=Path("/tmp/kgbuild-scale"))
    args = parser.parse_args()
    if args.cmd == "generate":
        t0 = time.perf_counter()
        n = generate(args.factor, args.out)
        print(f"{n} files in {time.perf_counter() - t0:.1f} s")
    else:
        run(args.factors, args.executors, args.modes, args.memory_up_to, args.work)


if __name__ == "__main__":
    main()
