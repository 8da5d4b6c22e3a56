"""Golden tests: each folder in tests/cases holds input/ and the reviewed expected.ttl."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph
from rdflib.compare import graph_diff, isomorphic, to_isomorphic

import kgbuild

CASES = sorted(p for p in (Path(__file__).parent / "cases").iterdir() if (p / "expected.ttl").exists())


def _lines(g: Graph) -> list[str]:
    return sorted(f"{s.n3()} {p.n3()} {o.n3()}" for s, p, o in g)


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
@pytest.mark.slow
def test_golden(case: Path) -> None:
    result = kgbuild.build([case / "input"], reasoning="none")  # what the mapping writes, before entailments
    expected = Graph().parse(case / "expected.ttl")
    if not isomorphic(result.graph, expected):
        _, missing, extra = graph_diff(to_isomorphic(expected), to_isomorphic(result.graph))
        report = ["missing (expected, not built):", *_lines(missing)[:60],
                  "extra (built, not expected):", *_lines(extra)[:60]]
        pytest.fail("\n".join(report))
