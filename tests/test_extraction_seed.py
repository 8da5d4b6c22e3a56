"""On the seed: every amount of its 26 decisions with the right value, the recipients the text names,
and the spelling variants of one body merged into one node. Labels: tests/labels/seed_amounts.json."""

from __future__ import annotations

import json
from collections import Counter
from decimal import Decimal
from pathlib import Path

from rdflib import URIRef
from rdflib.namespace import ORG, RDF, SKOS

from conftest import Analysis
from kgbuild.extract import Grant, load_gazetteer
from kgbuild.extract.base import name_key
from kgbuild.pipeline.plan import BuildResult

LABELS = json.loads((Path(__file__).parent / "labels" / "seed_amounts.json").read_text(encoding="utf-8"))


def _grants(seed_analysis: Analysis) -> dict[str, list[Grant]]:
    return {ident.lower(): [f.item for f in found if isinstance(f.item, Grant)]
            for ident, found in seed_analysis.extracted.found.items()}


def test_every_amount_has_the_right_value(seed_analysis: Analysis) -> None:
    grants = _grants(seed_analysis)
    wrong = []
    for dec in LABELS["decisions"]:
        want = Counter(Decimal(a["value"]) for a in dec["amounts"])
        got = Counter(g.value for g in grants.get(dec["id"].lower(), []))
        if want != got:
            wrong.append(f"{dec['id']}: want {sorted(want.elements())} got {sorted(got.elements())}")
    assert not wrong, "\n".join(wrong)


def test_recipients_the_text_names(seed_analysis: Analysis) -> None:
    gazetteer = load_gazetteer()
    grants = _grants(seed_analysis)
    wrong = []
    for dec in LABELS["decisions"]:
        for a in dec["amounts"]:
            if not a["recipient"]:
                continue
            got = [g.recipient for g in grants.get(dec["id"].lower(), []) if g.value == Decimal(a["value"])]
            names = set()
            for r in got:
                if r is not None:
                    entry = gazetteer.entries.get(r.key)
                    names |= {name_key(n) for n in (r.text, r.label, *(entry.aliases if entry else ()),
                                                    *((entry.name, entry.acronym or "") if entry else ()))}
            if name_key(a["recipient"]) not in names:
                wrong.append(f"{dec['id']} {a['text']}: want {a['recipient']}, got {[r and r.label for r in got]}")
    assert len(wrong) <= 2, "\n".join(wrong)


def _labels(seed_build: BuildResult, node: URIRef) -> set[str]:
    g = seed_build.graph
    return {str(o) for p in (SKOS.prefLabel, SKOS.altLabel) for o in g.objects(node, p)}


def test_variants_are_one_node(seed_build: BuildResult) -> None:
    g = seed_build.graph
    orgs = {s: _labels(seed_build, s) for s in g.subjects(RDF.type, ORG.Organization)}

    def node_of(spelling: str) -> set[URIRef]:
        return {s for s, labels in orgs.items() if spelling.casefold() in {x.casefold() for x in labels}}

    for group in (["VAIA", "Vlaamse AI Academie", "Vlaamse AI-Academie"],
                  ["Kenniscentrum Data & Maatschappij", "Kenniscentrum Data en Maatschappij"]):
        nodes = set().union(*(node_of(s) for s in group))
        assert len(nodes) == 1, f"{group} -> {sorted(nodes)}"
