"""Scale benchmark: copies of the real corpus with new ids, built with each executor, against a floor.

    python bench/scale.py generate FACTOR OUT      # OUT holds FACTOR copies of ../shared/corpus
    python bench/scale.py run [--factors 1 2] [--executors serial process dask]

Each copy gets new decision ids (the last four hex digits of every id become the copy number) and new
report names, so copies do not merge. `run` builds each generated corpus in a fresh child process per
executor and reports documents/s, triples/s, peak RSS (of that child, from wait4) and Turtle size; in
the same run it times the floor (reading the same files and running only the amount regexes) and the
bulk load of the Turtle into a pyoxigraph store, as ratios.
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
import time
from pathlib import Path

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
    """FACTOR copies of the corpus under OUT (copy 0 is the corpus itself); returns the number of files."""
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
    return n


CHILD = r"""
import json, sys, time
from pathlib import Path
import kgbuild
from kgbuild.store import save_store
t0 = time.perf_counter()
r = kgbuild.build([sys.argv[1]], executor=sys.argv[2])
t1 = time.perf_counter()
data = kgbuild.to_turtle(r.graph)
t2 = time.perf_counter()
n = save_store(data, Path(sys.argv[3]))
t3 = time.perf_counter()
print(json.dumps({"build": t1 - t0, "turtle": t2 - t1, "load": t3 - t2, "triples": len(r.graph), "bytes": len(data),
                  "documents": sum(r.report.inputs.values())}))
"""

FLOOR = r"""
import json, sys, time
from pathlib import Path
from kgbuild.extract.money import find_amounts
t0 = time.perf_counter()
n = 0
for p in sorted(Path(sys.argv[1]).rglob("*")):
    if p.is_file():
        n += sum(1 for _ in find_amounts(p.read_bytes().decode("utf-8", "replace")))
print(json.dumps({"floor": time.perf_counter() - t0, "amounts": n}))
"""


def child(code: str, *args: str) -> tuple[dict[str, float], float]:
    """Run ``code`` in a fresh interpreter; its JSON output and its peak RSS in MiB."""
    proc = subprocess.Popen([sys.executable, "-c", code, *args], stdout=subprocess.PIPE, text=True)
    out = proc.stdout.read() if proc.stdout else ""
    _pid, status, usage = os.wait4(proc.pid, 0)
    if status:
        raise SystemExit(f"child failed ({status}): {args}")
    return json.loads(out.strip().splitlines()[-1]), usage.ru_maxrss / 1024


def run(factors: list[int], executors: list[str], work: Path) -> None:
    print(f"machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}")
    print()
    print("| corpus | executor | documents | build s | docs/s | triples/s | peak RSS MiB | Turtle MB | "
          "build / floor | store load s |")
    print("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    for factor in factors:
        corpus = work / f"x{factor}"
        generate(factor, corpus)
        floor, _ = child(FLOOR, str(corpus))
        for executor in executors:
            r, rss = child(CHILD, str(corpus), executor, str(work / "store"))
            docs = r["documents"]
            print(f"| x{factor} | {executor} | {docs:,.0f} | {r['build']:.1f} | {docs / r['build']:.0f} | "
                  f"{r['triples'] / r['build']:.0f} | {rss:.0f} | {r['bytes'] / 1e6:.1f} | "
                  f"{r['build'] / floor['floor']:.1f}x | {r['load']:.1f} |")
        print(f"| x{factor} | floor (read + amount regexes) | | {floor['floor']:.1f} | | | | | 1.0x | |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="cmd", required=True)
    g = sub.add_parser("generate")
    g.add_argument("factor", type=int)
    g.add_argument("out", type=Path)
    r = sub.add_parser("run")
    r.add_argument("--factors", type=int, nargs="+", default=[1])
    r.add_argument("--executors", nargs="+", default=["serial", "process", "dask"])
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
