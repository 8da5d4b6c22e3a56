"""Fuzz the build with mutated inputs: no crash, no hang, valid Turtle, no valid decision lost.

    python bench/fuzz.py [--cases 5000] [--seed 12] [--corpus ../shared/corpus]

Each case is one real input file (the seed report, corpus reports in Markdown and JSON, report metadata,
decision texts, API records, agreement sections), mutated (bit flips, truncation, repeated or spliced
slices, and hostile insertions: long runs of spaces, digits, years and '#', NUL and control characters,
lone surrogates, deep JSON, quotes and spaces in URLs, huge numbers), built together with one untouched
decision text (the control) by the library's own build. A case fails when the build raises anything but
a one-line kgbuild error, runs over 10 s, writes Turtle that pyoxigraph cannot parse, or loses a decision
(the control's, or one the mutated file still yields when read alone). Not part of the test run: it takes
minutes. Prints one line of counts per 500 cases and a summary; exits 1 on any failure.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import signal
import sys
import tempfile
import time
import traceback
from collections import Counter
from pathlib import Path

import pyoxigraph as ox
from rdflib.namespace import RDF

import kgbuild
from kgbuild.errors import KgbuildError
from kgbuild.model import DecisionFacts, Report, canonical_id
from kgbuild.rdf.export import to_turtle
from kgbuild.rdf.namespaces import BESLUIT, ID
from kgbuild.readers import read_bytes

ROOT = Path(__file__).resolve().parent.parent
HANG_SECONDS = 10

HOSTILE = [b" " * 5000, b"\n" * 3000, b"1" * 4000, b"2000, " * 800, b"#" * 2000, b"\x00", b"\x1b]0;x\x07",
           b"\\ud800", b'"\\udfff"', b"[" * 3000, b"{" * 3000, b'"source_url": "http://a b/<x>"',
           b"9" * 400 + b" miljoen euro", b"\xff\xfe", b"\xe2\x80\x8b" * 500, b"(AB) " * 500,
           b"1,2 miljoen euro voor imec; " * 300, b"# a" + b" " * 3000 + b"b", b"TOPIC_NAME:" + b"\n" * 500,
           b"\\[1\\]" * 500, b"- " * 2000, b"Conclusie" + b" " * 3000]


class Hang(Exception):
    pass


def _alarm(_signum: int, _frame: object) -> None:
    raise Hang


def pool(corpus: Path | None) -> list[tuple[str, bytes]]:
    """(file name, bytes) of real inputs of every format."""
    files = [(p.name, p.read_bytes()) for p in sorted((ROOT / "seeds").glob("*"))]
    if corpus is not None and (corpus / "reports").is_dir():
        reports = sorted((corpus / "reports").iterdir())[:12]
        for r in reports:
            for name in ("clean_response.md", "clean_responses.json", "metadata.txt"):
                if (r / name).is_file():
                    files.append((name, (r / name).read_bytes()))
        files += [(p.name, p.read_bytes()) for p in sorted((corpus / "bucket" / "clean").rglob("*.txt"))[:40]]
        files += [("document.json", p.read_bytes())
                  for p in sorted((corpus / "bucket" / "ingestion").rglob("document.json"))[:20]]
        files += [(p.name, p.read_bytes()) for p in sorted((corpus / "regeerakkoord").glob("*.txt"))[:10]]
    return files


def mutate(rng: random.Random, data: bytes, other: bytes) -> bytes:
    out = bytearray(data)
    for _ in range(rng.randint(1, 4)):
        op = rng.randrange(6)
        at = rng.randrange(len(out) + 1)
        if op == 0 and out:  # bit flips
            for _ in range(rng.randint(1, 8)):
                i = rng.randrange(len(out))
                out[i] ^= 1 << rng.randrange(8)
        elif op == 1:  # truncate
            out = out[:at]
        elif op == 2 and out:  # repeat a slice
            j = min(len(out), at + rng.randint(1, 200))
            out[at:at] = out[at:j] * rng.randint(2, 50)
        elif op == 3:  # splice another file in
            k = rng.randrange(len(other) + 1)
            out[at:at] = other[k:k + rng.randint(1, 2000)]
        else:  # a hostile insertion
            out[at:at] = rng.choice(HOSTILE)
    return bytes(out)


def _ids(name: str, data: bytes) -> set[str]:
    result = read_bytes(name, data)
    ids = set()
    for doc in result.documents:
        if isinstance(doc, DecisionFacts):
            ids.add(canonical_id(doc.id))
        elif isinstance(doc, Report):
            ids |= {canonical_id(ref.decision.id) for ref in doc.references.values()}
    return ids


def run_case(folder: Path, name: str, data: bytes, control: tuple[str, bytes]) -> str:
    """'ok', or the kind of failure: crash, hang, turtle, lost."""
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    (folder / control[0]).write_bytes(control[1])
    sub = folder / "m"
    sub.mkdir()
    (sub / name).write_bytes(data)
    signal.alarm(HANG_SECONDS)
    try:
        expected = _ids(control[0], control[1]) | _ids(name, data)
        result = kgbuild.build([folder], executor="serial", reasoning="none")
        turtle = to_turtle(result.graph)
    except Hang:
        return "hang"
    except KgbuildError:
        return "ok"  # a one-line error the CLI prints: bad input refused, not a crash
    except Exception:
        traceback.print_exc(limit=3, file=sys.stderr)
        return "crash"
    finally:
        signal.alarm(0)
    try:
        ox.parse(turtle, format=ox.RdfFormat.TURTLE)
    except (SyntaxError, ValueError):
        return "turtle"
    prefix = str(ID) + "besluit/"  # decision IRIs end in the canonical id
    built = {str(s).removeprefix(prefix) for s in result.graph.subjects(RDF.type, BESLUIT.Besluit)}
    return "ok" if expected <= built else "lost"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cases", type=int, default=5000)
    parser.add_argument("--seed", type=int, default=12)
    parser.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus")
    args = parser.parse_args()
    signal.signal(signal.SIGALRM, _alarm)
    rng = random.Random(args.seed)
    files = pool(args.corpus if args.corpus.is_dir() else None)
    decisions = [f for f in files if f[0].endswith(".txt") and ("-nota-" in f[0] or "-mededeling-" in f[0])]
    control = decisions[0] if decisions else ("2021-01-01-nota-ABCDEFABCDEFABCDEFABCDEF.txt",
                                              b"Controle  De Vlaamse Regering kent 1 miljoen euro toe aan imec.")
    outcome: Counter[str] = Counter()
    slowest = 0.0
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        for i in range(1, args.cases + 1):
            name, data = rng.choice(files)
            _, other = rng.choice(files)
            t0 = time.perf_counter()
            result = run_case(Path(tmp) / "case", name, mutate(rng, data, other), control)
            slowest = max(slowest, time.perf_counter() - t0)
            outcome[result] += 1
            if result != "ok":
                print(f"case {i}: {result} ({name})", file=sys.stderr)
            if i % 500 == 0:
                print(f"{i} cases: {dict(outcome)}; slowest {slowest:.2f} s", flush=True)
    seconds = time.perf_counter() - started
    print(json.dumps({"cases": args.cases, "seed": args.seed, "inputs": len(files), **{k: outcome[k] for k in (
        "ok", "crash", "hang", "turtle", "lost")}, "slowest_case_s": round(slowest, 2), "seconds": round(seconds)}))
    return 0 if outcome["ok"] == args.cases else 1


if __name__ == "__main__":
    sys.exit(main())
