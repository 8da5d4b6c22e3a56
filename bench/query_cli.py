"""What a user waits for: `kgbuild query FILE --store OUT/store` as a whole process, per query file.

    python bench/query_cli.py OUT [--repeat N]     # OUT: a build folder (kgbuild build ../shared/corpus -o OUT)

Each file of queries/ runs in its widest form (no parameters) N times (default 3), output to /dev/null; prints
the median wall time of the process (start-up, opening the store, the query, printing its rows) and the rows,
beside the floor: `kgbuild --help` (start-up alone) and the ASK of is-consistent (start-up and the store).
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def timed(args: list[str], repeat: int) -> tuple[float, str]:
    times, err = [], ""
    for _ in range(repeat):
        started = time.perf_counter()
        done = subprocess.run([sys.executable, "-m", "kgbuild.cli", *args], stdout=subprocess.DEVNULL,
                              stderr=subprocess.PIPE, text=True, check=False)
        times.append(time.perf_counter() - started)
        err = done.stderr.strip().splitlines()[-1] if done.stderr.strip() else ""
    return statistics.median(times), err


def main() -> None:
    store = Path(sys.argv[1]) / "store"
    repeat = int(sys.argv[sys.argv.index("--repeat") + 1]) if "--repeat" in sys.argv else 3
    print(f"`kgbuild --help`: {timed(['--help'], repeat)[0]:.2f} s\n")
    print("| query file | rows | process s |\n|---|---:|---:|")
    for path in sorted((ROOT / "queries").glob("*.rq")):
        seconds, note = timed(["query", str(path), "--store", str(store)], repeat)
        print(f"| {path.stem} | {note.replace(' row(s)', '')} | {seconds:.2f} |")


if __name__ == "__main__":
    main()
