"""The HTML view (issue 6): the data read from the graph, the focused views, a page that needs no network and
escapes everything, and, in Debian's Chromium driven by Playwright, what the page draws and does."""

from __future__ import annotations

import hashlib
import os
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, ORG, PROV, RDF, RDFS, SKOS

from conftest import run_cli as run
from kgbuild import to_turtle, viz
from kgbuild.errors import UsageError
from kgbuild.pipeline.plan import BuildResult
from kgbuild.rdf.namespaces import BESLUIT, CITO, ELI, ID, SCHEMA
from kgbuild.rdf.terms import load_graph
from kgbuild.viz import Focus, VizData, graph_data, radial_layout, render, select_view

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "000_1331771e99bb3f69.txt"
ARTIFACTS = ROOT / "tests" / "artifacts"
PAYLOADS = ['<script>alert(1)</script>', '" onmouseover="alert(2)', '</script><script>alert(3)</script>',
            "<img src=x onerror=alert(4)>", "\u2028\u2029'-->"]
EVIL = ID["besluit/0000000000000000000000ee"]
SEED_COUNTS = {"report": 1, "claim": 12, "decision": 26, "grant": 29, "organisation": 18, "programme": 23,
               "person": 1, "theme": 8}


@pytest.fixture(scope="module")
def seed_data(seed_build: BuildResult) -> VizData:
    return graph_data(seed_build.graph)


def injection_graph(base: Graph) -> Graph:
    """The seed graph plus a decision, a claim, an organisation and a theme whose every text is an attack."""
    from rdflib.namespace import XSD  # here: pytest's collection warns on a module-level closed XSD namespace
    g = Graph()
    for t in base:
        g.add(t)
    text = " ".join(PAYLOADS)
    claim, org, theme = ID["rapport/000-1331771e99bb3f69/bewering/99"], ID["organisatie/evil"], ID["concept/thema/x"]
    g.add((EVIL, RDF.type, BESLUIT.Besluit))
    g.add((EVIL, DCTERMS.identifier, Literal(PAYLOADS[1])))
    g.add((EVIL, ELI.title, Literal(PAYLOADS[0] + " Kwaadaardig besluit", lang="nl")))
    g.add((EVIL, ELI.title_alternative, Literal(PAYLOADS[2], lang="nl")))
    g.add((EVIL, ELI.date_document, Literal("2021-01-01", datatype=XSD.date)))
    g.add((EVIL, PROV.value, Literal(text, lang="nl")))
    g.add((EVIL, RDFS.seeAlso, URIRef("javascript:alert(5)")))
    g.add((EVIL, SCHEMA.mentions, org))
    g.add((org, RDF.type, ORG.Organization))
    g.add((org, SKOS.prefLabel, Literal(PAYLOADS[3], lang="nl")))
    g.add((org, SKOS.altLabel, Literal(PAYLOADS[1], lang="nl")))
    g.add((claim, RDF.type, SCHEMA.Claim))
    g.add((claim, SCHEMA.text, Literal(text, lang="nl")))
    g.add((claim, SCHEMA.isPartOf, ID["rapport/000-1331771e99bb3f69"]))
    g.add((claim, CITO.citesAsEvidence, EVIL))
    g.add((claim, DCTERMS.subject, theme))
    g.add((theme, SKOS.prefLabel, Literal(PAYLOADS[2], lang="nl")))
    return g


# ----------------------------------------------------------------------------------------------- the data


def test_seed_nodes_and_edges(seed_data: VizData) -> None:
    view = select_view(seed_data)
    assert dict(Counter(n.type for n in view.nodes)) == SEED_COUNTS
    assert view.title == "Whole graph" and "26 decisions" in view.note
    kinds = Counter(e.kind for e in view.edges)
    assert kinds["cites"] == 33 and kinds["has claim"] == 12 and kinds["grant"] == 29
    assert kinds["recipient"] == 9 and kinds["funds"] == 9 and kinds["mentions"] == 75
    assert kinds["funded by"] == 17  # the plan that pays (Plan Vlaamse Veerkracht), apart from what it funds
    assert seed_data.ratings == {"supported": 7, "partly supported": 4, "unsupported": 1}
    # the Flemish Government passes every decision: a static node with no edge of its own is left out
    assert all(n.label != "Vlaamse Regering" for n in view.nodes)


def test_details_carry_the_sources(seed_data: VizData) -> None:
    grant = seed_data.nodes[str(ID["besluit/5df88bfb5084e700080000ca/toelage/1"])]
    assert grant.label == "€12.0 M" and grant.quote == "12 miljoen euro"
    assert ("Amount", "€12,000,000") in grant.details
    decision = seed_data.nodes[str(ID["besluit/5df88bfb5084e700080000ca"])]
    assert ("Date", "2019-12-20") in decision.details and decision.quote.startswith("AI-onderzoeksprogramma")
    fio = seed_data.nodes[str(ID["organisatie/fio"])]
    assert fio.money == 9_600_000 and ("Committed money received or funded", "€9,600,000") in fio.details
    claims = [n for n in seed_data.of_type("claim") if "Mobilidata" in n.label]
    assert claims and claims[0].rating == "partly supported"


def test_money_per_programme_and_year(seed_data: VizData) -> None:
    # committed money only: 5 million euro for VRD 1 and 10 million euro for VRD 2, each euro once
    assert seed_data.money_per_programme[str(ID["programma/vlaanderen-radicaal-digitaal"])] == 5_000_000
    assert seed_data.money_per_programme[str(ID["programma/vlaanderen-radicaal-digitaal-2"])] == 10_000_000
    assert set(seed_data.money_per_year) == {"2019", "2020", "2021", "2022", "2023"}


def test_focus_on_an_organisation(seed_data: VizData) -> None:
    view = select_view(seed_data, Focus("organisation", "vlaio"))  # an alternative name, in another case
    types = Counter(n.type for n in view.nodes)
    iris = {n.iri for n in view.nodes}
    assert str(ID["organisatie/vlaio"]) in iris
    assert types["decision"] >= 1 and types["claim"] >= 1 and types["report"] == 1
    assert len(view.nodes) < len(select_view(seed_data).nodes)
    assert view.title == "Organisation: Agentschap Innoveren en Ondernemen"
    assert "the decisions that mention or fund it" in view.note


def test_focus_on_a_programme_a_theme_and_a_report(seed_data: VizData) -> None:
    programme = select_view(seed_data, Focus("programme", "Vlaanderen Radicaal Digitaal"))
    assert str(ID["programma/vlaanderen-radicaal-digitaal"]) in {n.iri for n in programme.nodes}
    theme = select_view(seed_data, Focus("theme", "onderwijs en digitale competenties"))
    assert Counter(n.type for n in theme.nodes)["claim"] == 1
    report = select_view(seed_data, Focus("report", "000_1331771E99BB3F69"))
    assert Counter(n.type for n in report.nodes)["claim"] == 12


def test_unknown_name_is_one_line_with_close_matches(seed_data: VizData) -> None:
    with pytest.raises(UsageError) as caught:
        select_view(seed_data, Focus("organisation", "VLAJO"))
    message = str(caught.value)
    assert "no organisation named 'VLAJO'" in message and "'VLAIO'" in message and "\n" not in message
    assert caught.value.exit_code == 2


def test_a_large_graph_is_focused_with_a_note(seed_data: VizData) -> None:
    view = select_view(seed_data, max_nodes=50)
    assert view.title.startswith("Report: ")
    assert "more than the 50 drawn at once" in view.note and "--organisation NAME" in view.note
    assert view.total_nodes == 118


def test_radial_layout_places_every_node(seed_data: VizData) -> None:
    view = select_view(seed_data, Focus("report", "000_1331771e99bb3f69"))
    positions = radial_layout(view)
    assert set(positions) == {n.iri for n in view.nodes}
    assert positions[view.roots[0]] == (0.0, 0.0)  # one root: the centre
    assert len(set(positions.values())) == len(positions)
    # a part no root reaches goes on the first ring, not onto the centre
    apart = [viz.VizNode("urn:x:a", "organisation", "A"), viz.VizNode("urn:x:b", "programme", "B")]
    view.nodes += apart
    view.edges.append(viz.VizEdge("urn:x:a", "urn:x:b", "part of"))
    positions = radial_layout(view)
    assert len(set(positions.values())) == len(positions) == len(view.nodes)
    assert viz.layout_iterations(100) == viz.SMALL_VIEW_ITERATIONS
    assert viz.layout_iterations(7_500) == viz.MIN_ITERATIONS < viz.layout_iterations(2_000) < 1000


# ----------------------------------------------------------------------------------------------- the page


def test_page_needs_no_network(seed_build: BuildResult) -> None:
    page, _ = render(seed_build.graph)
    assert not re.search(r"<script[^>]*\bsrc=", page) and not re.search(r"<link[^>]*\bhref=", page)
    assert not re.search(r"""\b(src|href)\s*=\s*["']?(https?:)?//""", page)
    assert "sourceMappingURL" not in page
    assert "default-src 'none'" in page  # the Content-Security-Policy forbids any request


@pytest.mark.slow
def test_same_graph_same_bytes(seed_build: BuildResult, tmp_path: Path) -> None:
    first, _ = render(seed_build.graph)
    assert render(seed_build.graph)[0] == first
    ttl = tmp_path / "graph.ttl"
    ttl.write_bytes(to_turtle(seed_build.graph))
    assert render(load_graph(ttl))[0] == first  # another triple order
    code = ("import hashlib, sys; from pathlib import Path; from kgbuild.rdf.terms import load_graph; "
            "from kgbuild.viz import render; "
            "print(hashlib.sha256(render(load_graph(Path(sys.argv[1])))[0].encode()).hexdigest())")
    digests = {subprocess.run([sys.executable, "-c", code, str(ttl)], capture_output=True, text=True, check=True,
                              env={**os.environ, "PYTHONHASHSEED": seed}).stdout.strip() for seed in ("1", "2")}
    assert digests == {hashlib.sha256(first.encode()).hexdigest()}


def test_payloads_reach_the_page_only_escaped(seed_build: BuildResult) -> None:
    page, view = render(injection_graph(seed_build.graph))
    assert str(EVIL) in {n.iri for n in view.nodes}
    data = page[page.index('id="kg-data">'):]
    data = data[: data.index("</script>")]
    assert "<" not in data[len('id="kg-data">'):] and "\u2028" not in page and "\u2029" not in page
    assert "alert(1)" in data and "\\u003cscript\\u003e" in data  # there, as escaped JSON
    for payload in PAYLOADS[:4]:
        assert payload not in page


# ----------------------------------------------------------------------------------------------- in Chromium


class Opened:
    """A page loaded in Chromium, with every console message, request and dialog it caused."""

    def __init__(self, browser: Any, path: Path) -> None:
        self.messages: list[str] = []
        self.requests: list[str] = []
        self.dialogs: list[str] = []
        self.page = browser.new_page(viewport={"width": 1400, "height": 1000})
        self.page.on("console", lambda m: self.messages.append(f"{m.type}: {m.text}"))
        self.page.on("pageerror", lambda e: self.messages.append(f"pageerror: {e}"))
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.page.on("dialog", self._dialog)
        # anything not local is refused before it leaves the machine, and still recorded above
        self.page.route(re.compile(r"^(?!file:|data:)"), lambda route: route.abort())
        self.page.goto(path.as_uri())
        self.page.wait_for_selector("body[data-state=ready]", timeout=120_000)

    def _dialog(self, dialog: Any) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def js(self, code: str, arg: Any = None) -> Any:
        return self.page.evaluate(code, arg)

    def node_id(self, iri: str) -> int:
        return int(self.js("iri => kgviz.data.nodes.find(n => n.iri === iri).id", iri))

    def point(self, node: int) -> tuple[float, float]:
        """Where node ``node`` is on the screen."""
        self.js("id => kgviz.network.focus(id, {scale: 1.5, animation: false})", node)
        pos = self.js("id => kgviz.network.canvasToDOM(kgviz.network.getPositions([id])[id])", node)
        box = self.page.locator("#graph").bounding_box()
        return box["x"] + pos["x"], box["y"] + pos["y"]

    def assert_quiet(self) -> None:
        assert self.messages == []
        assert [u for u in self.requests if not u.startswith(("file:", "data:"))] == []
        assert self.dialogs == []


def write_page(tmp_path: Path, graph: Graph, name: str) -> tuple[Path, int]:
    page, view = render(graph)
    path = tmp_path / name
    path.write_text(page, encoding="utf-8")
    return path, len(view.nodes)


def test_seed_page_in_chromium(browser: Any, seed_build: BuildResult, tmp_path: Path) -> None:
    path, expected = write_page(tmp_path, seed_build.graph, "seed.html")
    opened = Opened(browser, path)
    try:
        assert opened.js("kgviz.drawn()") == expected == 118
        # search finds a node by another of its names, selects it and shows its details
        opened.page.fill("#search", "VLAIO")
        opened.page.press("#search", "Enter")
        vlaio = opened.node_id(str(ID["organisatie/vlaio"]))
        assert opened.js("kgviz.network.getSelectedNodes()") == [vlaio]
        assert opened.page.inner_text("#search-count").startswith("1 of 1 match")
        assert "Agentschap Innoveren en Ondernemen" in opened.page.inner_text("#details")
        # hovering a grant shows its amount and the quoted span
        grant = opened.node_id(str(ID["besluit/5df88bfb5084e700080000ca/toelage/1"]))
        opened.page.mouse.move(*opened.point(grant))
        tip = opened.page.locator("div.vis-tooltip")
        tip.wait_for(state="visible", timeout=5_000)
        assert "€12,000,000" in tip.inner_text() and "12 miljoen euro" in tip.inner_text()
        # a type can be hidden
        opened.page.uncheck("input[data-type=claim]")
        assert opened.js("kgviz.drawn()") == expected - 12
        opened.page.check("input[data-type=claim]")
        opened.js("kgviz.network.fit({animation: false})")
        opened.page.mouse.move(0, 0)
        ARTIFACTS.mkdir(exist_ok=True)
        opened.page.screenshot(path=str(ARTIFACTS / "viz-seed.png"), full_page=True)
        opened.assert_quiet()
    finally:
        opened.page.close()


def test_large_view_stops_physics(browser: Any, seed_build: BuildResult, tmp_path: Path,
                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(viz.layout, "PHYSICS_LIMIT", 50)  # the seed's 118 nodes count as a large view
    path, expected = write_page(tmp_path, seed_build.graph, "large.html")
    opened = Opened(browser, path)
    try:
        assert opened.js("kgviz.drawn()") == expected
        assert opened.js("kgviz.network.physics.physicsEnabled") is False
        assert "physics stops above 50 nodes" in opened.page.inner_text("#progress")
        opened.assert_quiet()
    finally:
        opened.page.close()


def test_injected_text_does_not_run(browser: Any, seed_build: BuildResult, tmp_path: Path) -> None:
    path, expected = write_page(tmp_path, injection_graph(seed_build.graph), "evil.html")
    opened = Opened(browser, path)
    try:
        assert opened.js("kgviz.drawn()") == expected
        evil = opened.node_id(str(EVIL))
        opened.page.mouse.move(*opened.point(evil))  # the tooltip
        opened.page.locator("div.vis-tooltip").wait_for(state="visible", timeout=5_000)
        opened.page.mouse.click(*opened.point(evil))  # the details panel, with links
        details = opened.page.inner_text("#details")
        assert PAYLOADS[0] in details and PAYLOADS[2] in details  # shown as text
        for iri in [str(ID["organisatie/evil"]), str(ID["concept/thema/x"]),
                    str(ID["rapport/000-1331771e99bb3f69/bewering/99"])]:
            opened.js("id => kgviz.showDetails(id)", opened.node_id(iri))
            opened.page.mouse.move(*opened.point(opened.node_id(iri)))
        opened.page.fill("#search", "alert")
        opened.page.press("#search", "Enter")
        opened.page.wait_for_timeout(300)
        assert opened.js("document.scripts.length") == 3
        assert opened.js("document.querySelectorAll('[onmouseover], [onerror], img').length") == 0
        assert opened.js("document.querySelectorAll('a[href^=\"javascript\"]').length") == 0
        opened.assert_quiet()
    finally:
        opened.page.close()


# ----------------------------------------------------------------------------------------------- the CLI




@pytest.mark.slow
def test_build_writes_the_page_and_viz_writes_views(tmp_path: Path) -> None:
    code, out, err = run("build", str(SEED), "-o", str(tmp_path), "-q", "--no-validate")
    assert code == 0, err
    assert 'id="kg-data"' in (tmp_path / "graph.html").read_text(encoding="utf-8")
    code, out, err = run("viz", str(tmp_path / "graph.ttl"), "--organisation", "VLAIO")
    assert code == 0, err
    written = tmp_path / "graph-organisation-vlaio.html"
    assert written.is_file() and f"wrote {written}" in out
    target = tmp_path / "sub" / "whole.html"
    code, out, err = run("viz", str(tmp_path / "graph.ttl"), "-o", str(target))
    assert code == 0 and target.read_text(encoding="utf-8") == (tmp_path / "graph.html").read_text(encoding="utf-8")


@pytest.mark.slow
def test_viz_bad_input_exits_2(tmp_path: Path) -> None:
    code, _, err = run("build", str(SEED), "-o", str(tmp_path), "-q", "--no-validate")
    assert code == 0, err
    graph = str(tmp_path / "graph.ttl")
    code, _, err = run("viz", graph, "--programme", "no such programme at all")
    assert code == 2 and "no programme named" in err and err.count("\n") == 1
    code, _, err = run("viz", graph, "--report", "x", "--theme", "y")
    assert code == 2 and "at most one of" in err
    code, _, err = run("viz", str(tmp_path / "missing.ttl"))
    assert code == 2 and "no such file" in err


def test_a_claim_shows_its_verdict_and_evidence_sentences(seed_data: VizData) -> None:
    claim = next(n for n in seed_data.of_type("claim") if "City of Things" in n.label)
    details = dict(claim.details)
    assert claim.rating == "supported" and details["Support"].startswith("supported (score")
    assert details["Why"] == "Every name, amount and year of the claim is in the cited decisions."
    first = details["Evidence 1"]
    assert "City of Things 2021" in first and "Slimme Regio" in first and "(20" in first  # its decision's title, date
    unsupported = next(n for n in seed_data.of_type("claim") if "5G-netwerk" in n.label)
    assert not any(k.startswith("Evidence") for k, _v in unsupported.details)
    assert "No sentence of the cited decisions matches" in dict(unsupported.details)["Why"]
