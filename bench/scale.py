"""Scale benchmark: copies of the real corpus with new ids, built as `kgbuild build` does, against an honest floor.

    python bench/scale.py generate FACTOR OUT      # OUT holds FACTOR copies of ../shared/corpus
    python bench/scale.py run [--factors 1 10 100] [--executors process serial dask]

Each copy gets new decision ids (the last four hex digits of every id become the copy number) and new
report names, so copies do not merge. `run` builds each generated corpus in a fresh child process per
executor, exactly as `kgbuild build CORPUS -o OUT` does (`write.build_into`: the rounds, validation of
every partition, graph.ttl, the store, graph.html, the report), first with an empty cache and then again
from that cache (an unchanged corpus rebuilt). It reports documents/s, triples/s and peak memory: the
largest sum of the proportional resident memory (Pss) of the child and all its descendants (the worker
processes), sampled from /proc every 0.1 s, and the peak RSS of the largest single process (sampled the same way,
and from wait4: a forkserver's workers are its children, not the build's, so wait4 alone never saw them).

The **floor** is what no implementation can beat, measured in the same run on the same files: reading
every input file, one simple amount regex over its text, and a pyoxigraph bulk load of the build's output
graph (its N-Triples parts) into a fresh store. Build / floor is the ratio reported.
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


BUILD = r"""
import json, shutil, sys, time
from pathlib import Path
from kgbuild.pipeline.writers import build_into
corpus, executor, out, cache = sys.argv[1:5]
shutil.rmtree(out, ignore_errors=True)
t0 = time.perf_counter()
r = build_into(Path(out), [corpus], executor=executor, cache=Path(cache))
t1 = time.perf_counter()
assert r.validation is not None and r.validation.conforms
print(json.dumps({"build": t1 - t0, "triples": r.report.counts["triples"], "documents": sum(r.report.inputs.values()),
                  "bytes": (Path(out) / "graph.ttl").stat().st_size, "partitions": r.report.counts["partitions"],
                  "cache": r.report.cache, "rounds": r.seconds}))
"""

FLOOR = r"""
import json, os, re, sys, time
import pyoxigraph as ox
from pathlib import Path
corpus, parts = sys.argv[1:3]
AMOUNT = re.compile(r"\d[\d.,]* ?(?:miljoen|miljard)? ?euro")
t0 = time.perf_counter()
n = files = 0
for root, _dirs, names in os.walk(corpus):
    for name in names:
        with open(os.path.join(root, name), "rb") as f:
            n += len(AMOUNT.findall(f.read().decode("utf-8", "replace")))
        files += 1
t1 = time.perf_counter()
store = ox.Store()
for path in sorted(Path(parts).glob("*.nt")):
    store.bulk_load(path=str(path), format=ox.RdfFormat.N_TRIPLES)
t2 = time.perf_counter()
print(json.dumps({"read": t1 - t0, "load": t2 - t1, "floor": t2 - t0, "amounts": n, "files": files,
                  "triples": len(store)}))
"""


def _tree_rss(pid: int) -> tuple[int, int]:
    """Proportional resident KiB (Pss: a page shared by n processes counts 1/n in each) of ``pid`` and all
    its descendants, from /proc: the memory the tree holds, pages shared by forked workers counted once; and the
    largest resident KiB (Rss) of any one process of the tree. The workers a forkserver starts are its children,
    not the build's: wait4's peak of the build's process never saw them."""
    total, largest, todo = 0, 0, [pid]
    while todo:
        p = todo.pop()
        with contextlib.suppress(OSError):
            for line in Path(f"/proc/{p}/smaps_rollup").read_text().splitlines():
                if line.startswith("Pss:"):
                    total += int(line.split()[1])
                elif line.startswith("Rss:"):
                    largest = max(largest, int(line.split()[1]))
            for task in Path(f"/proc/{p}/task").iterdir():
                todo.extend(int(c) for c in (task / "children").read_text().split())
    return total, largest


def child(code: str, *args: str) -> tuple[dict[str, Any], float, float]:
    """Run ``code`` in a fresh interpreter: its JSON output, the peak RSS of its process tree and of its
    largest single process, in MiB."""
    proc = subprocess.Popen([sys.executable, "-c", code, *args], stdout=subprocess.PIPE, text=True)
    peak = [0, 0]
    stop = threading.Event()

    def sample() -> None:
        while not stop.wait(0.1):
            tree, largest = _tree_rss(proc.pid)
            peak[0], peak[1] = max(peak[0], tree), max(peak[1], largest)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    out = proc.stdout.read() if proc.stdout else ""
    stop.set()
    sampler.join()
    _pid, status, usage = os.wait4(proc.pid, 0)
    if status:
        raise SystemExit(f"child failed ({status}): {args}")
    return json.loads(out.strip().splitlines()[-1]), peak[0] / 1024, max(peak[1], usage.ru_maxrss) / 1024


def run(factors: list[int], executors: list[str], work: Path) -> None:
    print(f"machine: {os.cpu_count()} cores, {os.sysconf('SC_PHYS_PAGES') * os.sysconf('SC_PAGE_SIZE') / 2**30:.0f} "
          f"GiB, Python {sys.version.split()[0]}")
    print()
    print("| corpus | executor | documents | partitions | floor s (read + regex + load) | build s | build / floor | "
          "rebuild from cache s | rebuild / floor | docs/s | triples/s | peak MiB (all processes) | "
          "largest process MiB | graph.ttl MB |")
    print("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for factor in factors:
        corpus = work / f"x{factor}"
        generate(factor, corpus)
        for executor in executors:
            out, cache = work / "out", work / "cache"
            shutil.rmtree(cache, ignore_errors=True)
            r, tree, largest = child(BUILD, str(corpus), executor, str(out), str(cache))
            again, _, _ = child(BUILD, str(corpus), executor, str(out), str(cache))
            floor, _, _ = child(FLOOR, str(corpus), str(out / "parts"))
            assert floor["triples"] == r["triples"], (floor, r)
            docs, f = r["documents"], floor["floor"]
            print(f"| x{factor} | {executor} | {docs:,.0f} | {r['partitions']} | {f:.1f} ({floor['read']:.1f} + "
                  f"{floor['load']:.1f}) | {r['build']:.1f} | {r['build'] / f:.1f}x | {again['build']:.1f} | "
                  f"{again['build'] / f:.1f}x | {docs / r['build']:,.0f} | {r['triples'] / r['build']:,.0f} | "
                  f"{tree:,.0f} | {largest:,.0f} | {r['bytes'] / 1e6:.1f} |", flush=True)
            print("<!-- stages: " + json.dumps({k: round(v, 1) for k, v in r["rounds"].items()}) + "; from cache: "
                  + json.dumps({k: round(v, 1) for k, v in again["rounds"].items()}) + " -->", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="cmd", required=True)
    g = sub.add_parser("generate")
    g.add_argument("factor", type=int)
    g.add_argument("out", type=Path)
    r = sub.add_parser("run")
    r.add_argument("--factors", type=int, nargs="+", default=[1])
    r.add_argument("--executors", nargs="+", default=["process"])
    r.add_argument("--work", type=Path, default=Path("/tmp/kgbuild-scale"))
    args = parser.parse_args()
    if args.cmd == "generate":
        t0 = time.perf_counter()
        n = generate(args.factor, args.out)
        print(f"{n} files in {time.perf_counter() - t0:.1f} s")
    else:
        run(args.factors, args.executors, args.work)


if __name__ == "__main__":
    main()
