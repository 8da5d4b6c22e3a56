"""Time kgbuild's regular expressions and its per-document steps on adversarial text of n and 10 n characters.

Run by tests/test_safety.py in a subprocess (``patterns`` or ``documents``); exits 1 and prints the offenders
when a case grows super-linearly: more than ``RATIO`` times slower on ten times the text (linear is about 10,
quadratic about 100), and slow enough on the larger text to matter (``FLOOR`` seconds). Wall-clock time is
only compared with itself, never with a fixed limit.
"""

from __future__ import annotations

import importlib
import pkgutil
import re
import sys
import time
from collections.abc import Callable, Iterator

import kgbuild

SMALL = 200_000  # characters; the larger text is ten times this (a suspect from the screen is confirmed on these)
RATIO = 30.0
FLOOR = 0.05

# runs of what the patterns look for, and of what makes a backtracking pattern retry: spaces, digits, years
UNITS = [" ", "\n", "\n\n", "\t", "a", "a ", "A", "AB ", "1", "1.", "1,", "12.345,", "2000, ", "2000 ", "2000-",
         "# ", "#", "*", "**", "* ", "- ", "-", ". ", "[", "\\[1\\] ", "miljoen ", "1 miljoen ", "euro ", "de ",
         "(", "(A) ", ")", "'", '"', "Conclusie ", "TOPIC_NAME: ", "_-_", "1.1 ", "x:", "<", "&", "van de ",
         "1 000 ", "Vlaamse ", "VV1", "—", "januari ", "per ", "Agentschap ", "vzw ",
         # legal acts (extract/legislation.py): a kind and a date, EU numbers, a title before a date
         "decreet van 1 januari ", "(EU) 2021/", "decreet betreffende a, ",
         # enterprise numbers (extract/enterprises.py): numbers, their labels, a name and seat before them
         "0403.170.701 ", "ondernemingsnummer ", "BTW BE", "vzw, met zetel te A, ", "Aa met ",
         # operative clauses (extract/operative.py): a split verb's first half without its second, gaps of words
         "keurt ", "kent ", "wordt ", "is ", "subsidie ", "neemt ", "in het ", "na een eerste ",
         # promises (promises.py): subjects, auxiliaries and gaps of words before a participle or a year
         "we ", "Vlaamse minister bevoegd voor ", "zal ", "worden ", "moeten ", "blijft ", "vanaf ", "1.2 Aa "]


def texts(n: int) -> Iterator[tuple[str, str]]:
    for i in range(2 * len(UNITS)):
        yield text(i, n)


def text(i: int, n: int) -> tuple[str, str]:
    """The i-th adversarial text of about n characters: a run of a unit, bare or between a prefix and a stop."""
    unit = UNITS[i // 2]
    body = unit * (n // len(unit))
    if i % 2 == 0:
        return unit, body
    return unit + "+b", "# a" + body + "b"  # a heading or a prefix, then the run, then what fails it


def _time(fn: Callable[[], object]) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def patterns() -> dict[str, re.Pattern[str]]:
    found: dict[str, re.Pattern[str]] = {}
    for info in pkgutil.walk_packages(kgbuild.__path__, "kgbuild."):
        module = importlib.import_module(info.name)
        for name, value in vars(module).items():
            if isinstance(value, re.Pattern) and value.pattern not in {p.pattern for p in found.values()}:
                found[f"{info.name}.{name}"] = value
    return found


def _grows(run: Callable[[int], object], n: int, floor: float = FLOOR, tries: int = 1) -> tuple[float, float] | None:
    """(time on n, time on 10 n) when the growth is super-linear, else None. With several tries each size
    takes its fastest: a machine busy with other work (the other test worker) slows one run, not all."""
    small = min(_time(lambda: run(n)) for _ in range(tries))
    if small > 2.0:  # already slow on the small text: no need to wait for the large one
        return small, float("inf")
    big = _time(lambda: run(10 * n))
    for _ in range(tries - 1):
        if big <= floor or big / max(small, 1e-4) <= RATIO:
            break
        big = min(big, _time(lambda: run(10 * n)))
    return (small, big) if big > floor and big / max(small, 1e-4) > RATIO else None


def check(cases: Iterator[tuple[str, Callable[[int], object]]], screen: int) -> list[str]:
    """Screen every case on ``screen`` and 10x characters; confirm a suspect on SMALL and 10x SMALL."""
    bad = []
    for name, run in cases:
        if _grows(run, screen, floor=0.002) is None:
            continue
        grown = _grows(run, SMALL, tries=3)
        if grown is not None:
            small, big = grown
            bad.append(f"{name}: {small:.3f} s on {SMALL:,} characters -> {big:.3f} s on ten times as many")
    return bad


def pattern_cases() -> Iterator[tuple[str, Callable[[int], object]]]:
    for name, pattern in sorted(patterns().items()):
        for i, (unit, _) in enumerate(texts(10)):
            def run(n: int, pattern: re.Pattern[str] = pattern, i: int = i) -> object:
                return sum(1 for _ in pattern.finditer(text(i, n)[1]))

            yield f"{name} on {unit!r}", run


DOCUMENT_UNITS = {
    "amounts": "De Vlaamse Regering kent 1,2 miljoen euro subsidie toe aan VLAIO. ",
    "amounts in one sentence": "1,2 miljoen euro voor imec en 3 miljoen euro aan VLAIO, ",
    "acronym definitions": "Agentschap Natuur en Bos (ANB) en ANB. ",
    "organisations": "Agentschap Innoveren en Ondernemen, ",
    "years": "2021, 2022 en 2023 ",
    "capitals": "Vlaamse Raad Van De Hoge ",
    "legal forms": "Mediawijs vzw ",
    "programmes": "het project 'Slimme Regio' VV12 ",
    "spaces": " ",
    "sentences": ". ",
    "percentages": "50% van 2 miljoen euro per jaar; ",
    "abbreviations": "o.a. art. 5 nr. 3 bv. J. Peeters. ",
    "stray spaces": "maakt ook  925.000  euro   vrij \n",
    "legal acts": "tot wijziging van het decreet van 1 januari 2020 betreffende de zorg, en het VLAREL van 2 mei 2021 ",
}


def document_cases() -> Iterator[tuple[str, Callable[[int], object]]]:
    from kgbuild.extract import extract_decision, load_gazetteer
    from kgbuild.readers import read_bytes

    gazetteer = load_gazetteer()
    for name, unit in DOCUMENT_UNITS.items():
        def extract(n: int, unit: str = unit) -> object:
            return extract_decision("X", unit * (n // len(unit)), gazetteer, "titel")

        def read_text(n: int, unit: str = unit) -> object:
            return read_bytes("2021-01-01-nota-AAAAAAAAAAAAAAAAAAAAAAAA.txt", (unit * (n // len(unit))).encode())

        def read_report(n: int, unit: str = unit) -> object:
            body = unit * (n // len(unit))
            data = f"# T\n\n- {body} \\[1\\]\n\n## Referenties (full text)\n\n1. {body}\n"
            return read_bytes("r.md", data.encode())

        def sentences(n: int, unit: str = unit) -> object:
            from kgbuild.sentences import split

            return split(unit * (n // len(unit)))

        yield f"extract_decision on {name}", extract
        yield f"split into sentences {name}", sentences
        yield f"read a decision text of {name}", read_text
        yield f"read a report of {name}", read_report


if __name__ == "__main__":
    kind = sys.argv[1] if len(sys.argv) > 1 else "patterns"
    if kind == "documents":
        SMALL = 20_000  # an extraction over 2 MB runs for seconds even when linear; 20 KB and 200 KB tell growth
    found = check(pattern_cases() if kind == "patterns" else document_cases(), screen=2_000)
    for line in found:
        print(line)
    sys.exit(1 if found else 0)
