"""The explorer site (issue 16): what each page holds, links that all resolve, escaping on every page type,
deterministic bytes, the folder it replaces, and, in Debian's Chromium, search, navigation, filters in the URL,
CSV download and the graph view on the corpus."""

from __future__ import annotations

import csv
import io
import itertools
import re
import time
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, FOAF, PROV, RDF, SKOS

import kgbuild
from conftest import SEEDS
from conftest import run_cli as run
from kgbuild.corrections import parse_corrections
from kgbuild.outputs import OutputError, install_folder
from kgbuild.pipeline.plan import BuildResult
from kgbuild.rdf.namespaces import ID, KG, MANDAAT, OA, PERSON, SCHEMA
from kgbuild.site import CSP, GRAPH_NODES, SITE_MARK, Site, community_layout, install_site, render_site
from kgbuild.viz import VizData, graph_data, parts_data
from test_viz import PAYLOADS, Opened, injection_graph

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "tests" / "artifacts"
PAGE_KINDS = ("report", "section", "decision", "organisation", "programme", "person", "theme")


@pytest.fixture(scope="module")
def seed_data(seed_build: BuildResult) -> VizData:
    return graph_data(seed_build.graph)


@pytest.fixture(scope="module")
def seed_site(seed_data: VizData, tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("seed-site") / "site"
    install_site(seed_data, folder)
    return folder


def evil_graph(base: Graph) -> Graph:
    """``injection_graph`` (a decision, claim, organisation and theme of attacks) plus a report, an agreement
    section, a programme, a minister and a highlighted mention whose every text is an attack too."""
    g = injection_graph(base)
    text = " ".join(PAYLOADS)
    evil = ID["besluit/0000000000000000000000ee"]
    report, section = ID["rapport/evil"], ID["regeerakkoord/evil"]
    programme, person, office = ID["programma/evil"], ID["persoon/evil"], ID["mandataris/evil"]
    claim = ID["rapport/evil/bewering/1"]
    for s, p, o in [
        (report, RDF.type, SCHEMA.Report), (report, DCTERMS.title, Literal(PAYLOADS[0])),
        (report, DCTERMS.identifier, Literal(PAYLOADS[1])), (report, KG.conclusion, Literal(text)),
        (report, SCHEMA.abstract, Literal(text)), (report, KG.evaluates, section),
        (section, RDF.type, KG.AgreementSection), (section, DCTERMS.title, Literal(PAYLOADS[3])),
        (section, KG.sectionNumber, Literal(PAYLOADS[2])), (section, PROV.value, Literal(text)),
        (claim, RDF.type, SCHEMA.Claim), (claim, SCHEMA.text, Literal(text)), (claim, SCHEMA.isPartOf, report),
        (claim, URIRef("http://purl.org/spar/cito/citesAsEvidence"), evil),
        (programme, RDF.type, PROV.Plan), (programme, SKOS.prefLabel, Literal(PAYLOADS[4] + PAYLOADS[0])),
        (evil, SCHEMA.mentions, programme),
        (person, RDF.type, PERSON.Person), (person, FOAF.name, Literal(PAYLOADS[3])),
        (evil, KG.responsibleMandatee, office), (office, MANDAAT.isBestuurlijkeAliasVan, person),
        (office, SCHEMA.jobTitle, Literal(PAYLOADS[1])),
    ]:
        g.add((s, p, o))
    # a mention of the programme, so the decision's text is cut around a highlighted attack
    a, t, sel = ID["besluit/evil/vermelding"], ID["besluit/evil/vermelding/doel"], ID["besluit/evil/vermelding/c"]
    for s, p, o in [(a, RDF.type, OA.Annotation), (a, OA.hasBody, programme), (a, OA.hasTarget, t),
                    (t, OA.hasSource, evil), (t, OA.hasSelector, sel), (sel, OA.exact, Literal(PAYLOADS[0])),
                    (sel, OA.start, Literal(0))]:
        g.add((s, p, o))
    return g


def _pages(folder: Path) -> list[Path]:
    return sorted(folder.rglob("*.html"))


# ----------------------------------------------------------------------------------------------- the pages


def test_one_page_per_thing_and_every_link_resolves(seed_site: Path, seed_data: VizData) -> None:
    pages = _pages(seed_site)
    kinds = Counter(p.parent.name for p in pages if p.parent != seed_site)
    expected = Counter(n.type for n in seed_data.nodes.values() if n.type in PAGE_KINDS)
    assert kinds == expected and set(kinds) >= {"report", "decision", "organisation", "programme", "person"}
    assert {p.name for p in pages if p.parent == seed_site} == {"index.html", "decisions.html", "graph.html"}
    broken = []
    for page in pages:
        html = page.read_text(encoding="utf-8")
        ids = set(re.findall(r' id="([^"]+)"', html))
        for href in re.findall(r' (?:href|src)="([^"]+)"', html):
            if href.startswith(("http://", "https://")):
                continue
            path, _, anchor = href.partition("#")
            target = (page.parent / path).resolve() if path else page
            if not target.is_file():
                broken.append(f"{page.relative_to(seed_site)} -> {href}")
            elif anchor and path.endswith(".html") and "=" not in anchor:
                if f' id="{anchor}"' not in target.read_text(encoding="utf-8"):
                    broken.append(f"{page.relative_to(seed_site)} -> {href} (no such anchor)")
            elif anchor and not path and anchor not in ids:
                broken.append(f"{page.relative_to(seed_site)} -> {href} (no such anchor)")
    assert broken == []


def test_every_page_has_the_policy_and_no_inline_script(seed_site: Path) -> None:
    for page in _pages(seed_site):
        html = page.read_text(encoding="utf-8")
        assert f'content="{CSP}"' in html.replace("&#39;", "'"), page
        scripts = re.findall(r"<script\b[^>]*>", html)
        assert scripts and all(" src=" in s for s in scripts), page  # the policy allows no inline script
        assert all(not s.startswith(("http", "//")) for s in re.findall(r' src="([^"]*)"', html)), page


def test_fact_sheets_say_what_the_issue_asks(seed_site: Path, seed_data: VizData) -> None:
    site = Site(seed_data)
    vlaio = site.page(str(ID["organisatie/vlaio"]))
    assert vlaio.decisions and vlaio.lists  # its decisions, the programmes and ministers involved
    html = (seed_site / f"{vlaio.key}.html").read_text(encoding="utf-8")
    assert "Agentschap Innoveren en Ondernemen" in html and "VLAIO" in html
    # a decision: the full text with its mentions highlighted and linked, its amounts with roles and sentences
    d = site.page(str(ID["besluit/5df88bfb5084e700080000ca"]))
    assert any(s.link is not None and s.text == "12 miljoen euro" for s in d.text)
    assert "".join(s.text for s in d.text) == seed_data.nodes[d.iri].text  # nothing cut, nothing added
    grant = next(g for g in d.grants if g.amount == 12_000_000)
    assert grant.role_name == "decided earlier" and not grant.counts and "12 miljoen euro" in grant.sentence
    assert len(grant.sentence) > len(grant.quote) + 20  # the whole sentence, not only the amount
    committed = [g for i in site.keys if seed_data.nodes[i].type == "decision" for g in site.page(i).grants
                 if g.counts]
    assert committed and all(g.quote in g.sentence for g in committed)
    # a report: each claim with its verdict, why and the evidence sentences with their decisions
    report = site.page(next(n.iri for n in seed_data.of_type("report")))
    assert len(report.claims) == 12 and report.decisions
    assert {c.verdict for c in report.claims} >= {"supported", "unsupported"}
    assert all(c.evidence and c.evidence[0].decision.key.startswith("decision/") for c in report.claims
               if c.verdict == "supported")
    page = (seed_site / f"{report.key}.html").read_text(encoding="utf-8")
    assert page.count('<tr id="claim-') == 12 and "Relevant decisions it does not cite" in page


def test_same_data_same_bytes(seed_data: VizData, seed_build: BuildResult) -> None:
    first = render_site(seed_data)
    again = render_site(graph_data(seed_build.graph))
    assert first.keys() == again.keys() and all(first[k] == again[k] for k in first)


def test_community_layout_is_seeded_and_keeps_communities_apart() -> None:
    nodes = [f"a{i}" for i in range(12)] + [f"b{i}" for i in range(12)]
    edges = [(f"a{i}", f"a{j}") for i in range(12) for j in range(i)] + \
            [(f"b{i}", f"b{j}") for i in range(12) for j in range(i)] + [("a0", "b0")]
    first = community_layout(nodes, edges)
    assert first == community_layout(list(reversed(nodes)), list(reversed(edges)))

    def centre(prefix: str) -> tuple[float, float]:
        xs = [first[n] for n in nodes if n.startswith(prefix)]
        return sum(x for x, _ in xs) / len(xs), sum(y for _, y in xs) / len(xs)

    (ax, ay), (bx, by) = centre("a"), centre("b")
    spread = max(abs(first[n][0] - ax) for n in nodes if n.startswith("a"))
    assert ((ax - bx) ** 2 + (ay - by) ** 2) ** 0.5 > 2 * spread


def test_a_folder_kgbuild_did_not_write_is_never_replaced(tmp_path: Path, seed_data: VizData) -> None:
    mine = tmp_path / "documents"
    mine.mkdir()
    (mine / "thesis.txt").write_text("years of work")
    with pytest.raises(OutputError, match="not written by kgbuild"):
        install_site(seed_data, mine)
    assert (mine / "thesis.txt").read_text() == "years of work"
    with pytest.raises(OutputError, match="outside"):
        install_folder(tmp_path / "x", {"../escape.txt": b""})
    site = tmp_path / "site"
    install_site(seed_data, site)
    install_site(seed_data, site)  # its own site: replaced whole
    assert (site / SITE_MARK).is_file() and not list(tmp_path.glob(".site.*"))


def test_site_command(tmp_path: Path) -> None:
    out = tmp_path / "out"
    code, stdout, stderr = run("build", "-o", str(out), "-q", "--no-site")
    assert code == 0, stderr
    assert not (out / "site").exists()
    code, stdout, stderr = run("site", str(out))
    assert code == 0, stderr
    assert (out / "site" / "index.html").is_file() and "pages" in stdout
    code, _, stderr = run("site", str(tmp_path / "missing.ttl"))
    assert code == 2 and "missing.ttl" in stderr and len(stderr.strip().splitlines()) == 1
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "notes.txt").write_text("x")
    code, _, stderr = run("site", str(out), "-o", str(tmp_path / "mine"))
    assert code == 2 and "not written by kgbuild" in stderr


def test_build_writes_the_site_and_lists_it(tmp_path: Path) -> None:
    out = tmp_path / "out"
    code, _, stderr = run("build", "-o", str(out), "-q")
    assert code == 0, stderr
    import json
    manifest = json.loads((out / "manifest.json").read_text())
    assert "site/index.html" in manifest["files"] and f"site/{SITE_MARK}" in manifest["files"]
    # an unchanged build takes the site from the cache, and it is the same
    before = (out / "site" / "index.html").read_bytes()
    code, _, stderr = run("build", "-o", str(out), "-q")
    assert code == 0, stderr
    assert (out / "site" / "index.html").read_bytes() == before


# ----------------------------------------------------------------------------------------------- escaping


def test_payloads_reach_every_page_type_only_escaped(seed_build: BuildResult, tmp_path: Path) -> None:
    files = render_site(graph_data(evil_graph(seed_build.graph)))
    pages = {k: v.decode() for k, v in files.items() if k.endswith(".html")}
    evil_pages = [k for k, v in pages.items() if "alert(" in v]
    assert {k.split("/")[0] for k in evil_pages} >= set(PAGE_KINDS)
    for name, html in pages.items():
        for payload in PAYLOADS[:4]:
            assert payload not in html, (name, payload)
        assert "<img" not in html and "onmouseover=" not in html.replace("&#34; onmouseover=", "")
    for name, body in files.items():
        if name.endswith(".js") and name.startswith(("data/", "assets/search")):
            text = body.decode()
            assert "<" not in text and "\u2028" not in text, name


def test_injected_text_does_not_run_on_any_page_type(browser: Any, seed_build: BuildResult,
                                                     tmp_path: Path) -> None:
    folder = tmp_path / "site"
    data = graph_data(evil_graph(seed_build.graph))
    install_site(data, folder)
    site = Site(data)
    evil = [site.keys[i] for i in sorted(site.keys) if "evil" in i or "0000000000000000000000ee" in i]
    evil.append(site.keys[str(ID["concept/thema/x"])])
    seen = set()
    for key in [*evil, "index", "decisions", "graph"]:
        opened = Opened(browser, folder / f"{key}.html")
        try:
            seen.add(key.split("/")[0])
            opened.page.fill("#q", "alert")
            opened.page.wait_for_timeout(100)
            assert opened.page.locator("#hits a").count() > 0
            if opened.js("!!window.kgsite.network"):  # every node's card, built from the attacks
                opened.js("() => KGDATA[document.body.dataset.page].nodes.forEach(n => kgsite.showCard(n.i))")
            assert opened.js("document.querySelectorAll('[onmouseover], [onerror], img').length") == 0
            assert opened.js("document.querySelectorAll('a[href^=\"javascript\"]').length") == 0
            assert opened.js("Array.from(document.scripts).every(s => s.src.startsWith('file:'))")
            opened.assert_quiet()
        finally:
            opened.page.close()
    assert seen >= {*PAGE_KINDS, "index", "decisions", "graph"}


def _keep_correction(opened: Opened, row: str, field: str, value: str, why: str) -> None:
    """Click the row's ✎, fill the form as a reader would, keep the correction."""
    opened.page.click(f"{row} button.fix")
    opened.page.select_option("#fixer select", field)
    if opened.page.locator("#fixer select.fix-value").count():
        opened.page.select_option("#fixer select.fix-value", value)
    else:
        opened.page.fill("#fixer input.fix-value", value)
    opened.page.fill("#fixer .fix-why", why)
    opened.page.locator("#fixer label", has_text="Who").locator("input").fill("An Analyst")
    opened.page.click("#fixer button.fix-add")


def test_a_reader_corrects_a_claim_and_an_amount_in_the_site_and_the_build_keeps_it(
        browser: Any, seed_site: Path, seed_build: BuildResult, tmp_path: Path) -> None:
    """The ✎ of a claim (report page) and of an amount (decision page) make rows of kgbuild-corrections.csv in the
    browser, kept across pages; the file downloaded is one the build applies: the claim's verdict and the amount's
    role are the reader's, each with its correction."""
    report = next(p for p in sorted((seed_site / "report").glob("*.html")) if 'data-fix="claim"' in p.read_text())
    claim_row = re.search(r'<tr id="(claim-\d+)" data-fix="claim" data-ref="([^"]+)"', report.read_text())
    assert claim_row is not None
    decision = next(p for p in sorted((seed_site / "decision").glob("*.html"))
                    if 'data-fix="amount"' in p.read_text() and "committed here" in p.read_text())
    opened = Opened(browser, report)
    try:
        opened.page.wait_for_selector("body[data-state=ready]")
        _keep_correction(opened, f"#{claim_row.group(1)}", "verdict", "unsupported", "the decision says otherwise")
        assert "1 correction" in opened.page.inner_text("#fixbar")
        _follow(opened.page, opened.page.locator(f"a[href$='{decision.name}']").first) \
            if opened.page.locator(f"a[href$='{decision.name}']").count() else \
            opened.page.goto(decision.as_uri())
        opened.page.wait_for_selector("body[data-state=ready]")
        amount = opened.page.locator("tr[data-fix=amount]", has_text="committed here").first
        amount_id = amount.get_attribute("id")
        mention, ident = amount.get_attribute("data-q"), amount.get_attribute("data-ref")
        _keep_correction(opened, f"#{amount_id}", "role", "context", "a plan's budget, set before")
        assert "2 corrections" in opened.page.inner_text("#fixbar")
        with opened.page.expect_download() as download:
            opened.page.click("#fixbar button.fix-download")
        data = Path(download.value.path()).read_bytes()
        opened.assert_quiet()
    finally:
        opened.page.close()
    fixes, problems = parse_corrections(data, "kgbuild-corrections.csv")
    assert problems == [] and len(fixes) == 2
    assert data.decode().splitlines()[0] == "decision,amount,claim,promise,field,value,who,date,why"
    path = tmp_path / "kgbuild-corrections.csv"
    path.write_bytes(data)
    built = kgbuild.build([SEEDS], corrections=path)
    assert built.report.corrections["applied"] == 2 and not built.report.corrections.get("stale")
    graph = built.graph
    claim = next(c for c in graph.subjects(RDF.type, SCHEMA.Claim)
                 if str(c).endswith(f"/bewering/{claim_row.group(2).rsplit('#', 1)[1]}"))
    review = graph.value(None, SCHEMA.itemReviewed, claim)
    rating = graph.value(review, SCHEMA.reviewRating)
    assert str(graph.value(rating, SCHEMA.alternateName)) == "unsupported"
    assert graph.value(review, KG.correctedBy) is not None
    grant = next(g for g in graph.subjects(KG.correctedBy, None) if "/toelage/" in str(g))
    assert ident and ident.upper() in str(grant).upper() and mention
    assert graph.value(grant, KG.amountRole) == ID["concept/bedragrol/context"]


def test_a_promise_row_names_the_promise_as_the_graph_does() -> None:
    from kgbuild.rdf.mapping import promise_iri as graph_iri
    from kgbuild.site.pages import promise_iri
    section = "https://w3id.org/kgbuild/id/regeerakkoord/2019-2024/economie-en-innovatie/2.3.1"
    assert promise_iri(section, 4) == str(graph_iri(URIRef(section), 4))


# ----------------------------------------------------------------------------------------------- the corpus


@pytest.fixture(scope="module")
def corpus_site(corpus_build: BuildResult, tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("corpus-site") / "site"
    start = time.perf_counter()
    data, _ = parts_data(corpus_build.parts)
    install_site(data, folder, jobs=2)
    print(f"corpus site: {time.perf_counter() - start:.1f} s")
    return folder


def _visible_rows(opened: Opened, table: str) -> int:
    """The rows of ``table`` that match the filters (the body holds the first 200 of them)."""
    return int(opened.js("t => kgsite.matching(t)", table))


def _heading(opened: Opened) -> str:
    return str(opened.page.inner_text("h1")).strip()


def _hits_settled(page: Any) -> None:
    """Wait until the search hits have not changed for 400 ms and no longer say the index is being read."""
    page.wait_for_function(
        "() => { const h = document.getElementById('hits').innerHTML;"
        " if (h !== window.__hitsSeen) { window.__hitsSeen = h; window.__hitsAt = performance.now(); return false; }"
        " return performance.now() - window.__hitsAt > 400 && !/Reading/.test(h) && h.includes('<a'); }",
        polling=100, timeout=30_000)


def _follow(page: Any, link: Any) -> None:
    """Click a link and wait for the page it opens to be ready: waiting for "ready" alone can be answered by the
    page the click leaves, before the navigation commits."""
    with page.expect_navigation(wait_until="domcontentloaded", timeout=60_000):
        link.click()
    page.wait_for_selector("body[data-state=ready]", timeout=60_000)


@pytest.mark.slow
def test_explorer_flow_on_the_corpus(browser: Any, corpus_site: Path, tmp_path: Path) -> None:
    opened = Opened(browser, corpus_site / "index.html")
    page = opened.page
    try:
        # search "VLAIO": the agency first, by the name it goes by
        page.fill("#q", "VLAIO")
        # the hits are drawn again as each index file arrives: click once every file the query asked for is in
        # (a click on a list being replaced is lost, and no page opens; seen under load on a fresh clone)
        page.wait_for_load_state("networkidle")
        _hits_settled(page)
        first = page.locator("#hits a").first
        assert first.inner_text() == "Agentschap Innoveren en Ondernemen"
        _follow(page, first)
        assert _heading(opened) == "Agentschap Innoveren en Ondernemen"
        org_url = page.url
        decisions = _visible_rows(opened, "decisions")
        assert decisions >= 50
        assert page.locator("#t-grants tbody tr").count() > 0 and page.locator("#chart-box svg").count() >= 5
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "site-organisation.png"), full_page=False)
        # follow a link to one of its decisions, and back
        link = page.locator("#t-decisions tbody tr td:nth-child(2) a").first
        title = link.inner_text()
        _follow(page, link)
        assert _heading(opened) == title and "/decision/" in page.url
        assert page.locator(".fulltext").count() == 1
        page.go_back()
        page.wait_for_selector("body[data-state=ready]", timeout=60_000)
        assert page.url == org_url and _heading(opened) == "Agentschap Innoveren en Ondernemen"
        # the date slider: the table shrinks and the URL keeps the state
        months = int(opened.js("document.getElementById('f-from').max"))
        opened.js("n => { var f = document.getElementById('f-from'); f.value = n;"
                  " f.dispatchEvent(new Event('input', {bubbles: true})); }", months // 2)
        shrunk = _visible_rows(opened, "decisions")
        assert 0 < shrunk < decisions
        assert page.inner_text("#h-decisions small") == f"({shrunk} of {decisions})"
        assert "from=" in page.url
        assert float(opened.js("kgsite.lastFilterMs")) >= 0
        # a shared link opens with the same filter
        again = browser.new_page()
        again.goto(page.url)
        again.wait_for_selector("body[data-state=ready]", timeout=60_000)
        assert again.evaluate("kgsite.matching('decisions')") == shrunk
        again.close()
        # the CSV holds the rows shown
        with page.expect_download() as download:
            page.click("button.csv[data-table=decisions]")
        text = Path(download.value.path()).read_text(encoding="utf-8-sig")
        rows = list(csv.reader(io.StringIO(text)))
        assert rows[0][:3] == ["Date", "Decision", "Kind"] and len(rows) == shrunk + 1
        # sorting by date, ascending then descending
        page.click("#t-decisions th:nth-child(1) button")
        dates = opened.js("Array.from(document.querySelectorAll('#t-decisions tbody tr'))"
                          ".map(r => r.cells[0].textContent)")
        assert dates == sorted(dates) and len(dates) == min(shrunk, 200)
        opened.assert_quiet()
    finally:
        page.close()


def test_texts_read_as_a_reader_expects() -> None:
    from kgbuild.site.pages import tidy

    # a half-decoded entity of the source loses its stray ";", a whole one is decoded once
    assert tidy("voor VLAIO O&O;-projecten, R&amp;D en &eacute;") == "voor VLAIO O&O-projecten, R&D en é"
    g = Graph()
    report = URIRef("https://example.org/r")
    g.add((report, RDF.type, SCHEMA.Report))
    g.add((report, DCTERMS.identifier, Literal("1_—_Energie_en_klimaat__-_1.3_Industrie")))
    assert graph_data(g).nodes[str(report)].label == "1 — Energie en klimaat - 1.3 Industrie"


def test_the_full_text_index_holds_every_word_with_its_stem() -> None:
    import json

    from kgbuild.site.fulltext import BLOCK, fulltext_files, shard

    files = fulltext_files(["De subsidies voor fietspaden", "Een subsidie aan VLAIO", "Het fietspad"])

    def payload(name: str) -> object:
        text = files[name].decode()
        return json.loads(text[text.index(", ") + 2:text.rindex(");")])

    meta = payload("assets/ft/meta.js")
    assert isinstance(meta, dict) and meta["len"] == [2, 2, 1] and meta["block"] == BLOCK and "de" in meta["stop"]
    s = payload(f"assets/ft/s-{shard('subsidies')}.js")
    assert isinstance(s, dict) and s["v"]["subsidies"] == s["v"]["subsidie"] == "subsidie"
    assert s["p"]["subsidie"] == [0, 1, 1, 1]  # entry 0 once, then entry 0 + 1 once (gaps)
    f = payload(f"assets/ft/s-{shard('fietspad')}.js")
    assert isinstance(f, dict) and f["v"]["fietspaden"] == f["v"]["fietspad"]
    assert f["p"][f["v"]["fietspad"]] == [0, 1, 2, 1]
    assert payload("assets/ft/t-0.js") == ["De subsidies voor fietspaden", "Een subsidie aan VLAIO", "Het fietspad"]
    # the files are scripts of the site: nothing in them is markup
    assert all(b"<" not in data for data in files.values())


def _named_in_text(site: Path, word: str) -> set[str]:
    """The decision pages whose own text (the page's full text, not its tables) names ``word``."""
    found = set()
    for page in (site / "decision").glob("*.html"):
        html = page.read_text(encoding="utf-8")
        at = html.find('class="fulltext"')
        if at >= 0 and word.lower() in re.sub(r"<[^>]*>", "", html[at:html.find("</div>", at)]).lower():
            found.add(f"decision/{page.name}")
    return found


def _search(opened: Opened, query: str) -> list[str]:
    """Type ``query`` in the search box and wait for the full-text hits: the hrefs of the results shown."""
    page = opened.page
    page.fill("#q", "")
    page.fill("#q", query)
    page.wait_for_function("() => document.querySelector('#hits a') && "
                           "!/Reading/.test(document.getElementById('hits').textContent)", timeout=30_000)
    page.wait_for_timeout(300)  # the snippets' texts arrive after the hits
    return [str(h) for h in opened.js("Array.from(document.querySelectorAll('#hits a'))"
                                      ".map(a => a.getAttribute('href'))")]


def test_full_text_search_on_the_corpus(browser: Any, corpus_site: Path) -> None:
    """A journalist's searches: every decision whose text names the Kopenhagenplan; VLAIO's grants for
    "VLAIO subsidie" (both words, in any form); a snippet with the word marked; the type filter."""
    opened = Opened(browser, corpus_site / "index.html")
    try:
        named = _named_in_text(corpus_site, "Kopenhagenplan")
        shown = _search(opened, "Kopenhagenplan")
        assert len(named) >= 2 and named <= set(shown), named - set(shown)
        assert opened.page.locator("#hits .snip mark").count() >= 2
        marked = opened.js("Array.from(document.querySelectorAll('#hits .snip mark')).map(m => m.textContent)")
        assert all(m.lower().startswith("kopenhagen") for m in marked), marked
        # two words: the entries that hold both, whatever their form ("subsidies", "VLAIO-middelen")
        shown = _search(opened, "VLAIO subsidie")
        assert len(shown) >= 10 and sum(h.startswith("decision/") for h in shown[:10]) >= 5, shown
        count = opened.page.inner_text("#hits-count")
        opened.page.select_option("#q-year", "2022")
        assert opened.page.inner_text("#hits-count") != count
        dates = opened.js("Array.from(document.querySelectorAll('#hits small')).map(s => s.textContent)")
        assert dates and all("2022-" in d for d in dates), dates
        opened.page.select_option("#q-year", "")
        opened.page.select_option("#q-type", "claim")
        assert all(h.startswith("report/") for h in _search(opened, "Mobilidata"))
        ARTIFACTS.mkdir(exist_ok=True)
        opened.page.select_option("#q-type", "")
        _search(opened, "Kopenhagenplan")
        opened.page.screenshot(path=str(ARTIFACTS / "site-search.png"), full_page=False)
        opened.assert_quiet()
    finally:
        opened.page.close()


def test_a_journalists_tasks_on_the_corpus(browser: Any, corpus_site: Path) -> None:
    """Sort the organisations by money; open the decision with the largest committed total and read its amount
    and why at the top, its text right under them; filter the graph to one minister and find no node left
    alone; read pages on a 390 px phone without scrolling sideways."""
    opened = Opened(browser, corpus_site / "index.html")
    page = opened.page
    try:
        page.click("#t-organisation th:nth-child(3) button")
        page.click("#t-organisation th:nth-child(3) button")
        money = opened.js("Array.from(document.querySelectorAll('#t-organisation tbody tr'))"
                          ".map(r => parseFloat(r.cells[2].dataset.v || '-1'))")
        assert money[:20] == sorted(money, reverse=True)[:20] and money[0] > 1e8, money[:5]
        # the largest decision, from all decisions sorted by their committed money
        page.goto((corpus_site / "decisions.html").as_uri())
        page.wait_for_selector("body[data-state=ready]", timeout=60_000)
        # the money flow: every flow says its amount on hover; labels of a column never overlap; a pair of
        # ministers is not a source of its own
        for source in ("p", "m"):
            page.select_option(".sankey select", source)
            boxes = opened.js("""() => Array.from(document.querySelectorAll('.sankey svg text')).map(t => {
                const b = t.getBBox();
                return [t.getAttribute('x'), b.y, b.y + b.height, t.firstChild.textContent,
                        t.getAttribute('text-anchor')]; })""")
            for column in {b[0] for b in boxes}:
                ys = sorted((b[1], b[2]) for b in boxes if b[0] == column)
                assert all(a[1] <= b[0] + 0.5 for a, b in itertools.pairwise(ys)), (column, ys)
            assert opened.js("document.querySelectorAll('.sankey path > title').length") > 10
            assert source == "p" or not [b for b in boxes if b[4] == "end" and " & " in b[3]]
        page.click("#t-decisions th:nth-child(6) button")
        page.click("#t-decisions th:nth-child(6) button")
        link = page.locator("#t-decisions tbody tr td:nth-child(2) a").first
        _follow(page, link)
        facts = page.inner_text("dl.facts")
        assert "Decided amount" in facts and "Why" in facts, facts
        top = {sel: opened.js(f"document.querySelector('{sel}').getBoundingClientRect().top")
               for sel in ("dl.facts", ".fulltext", "#graph")}
        assert top["dl.facts"] < 400 and top["dl.facts"] < top[".fulltext"] < top["#graph"], top
        # the graph view, one minister: every node shown has a link to another node shown
        page.goto((corpus_site / "graph.html").as_uri())
        page.wait_for_selector("body[data-state=ready]", timeout=120_000)
        minister = opened.js("document.querySelectorAll('#f-minister option')[1].value")
        page.select_option("#f-minister", minister)
        alone = opened.js("""() => {
            const ds = kgsite.network.body.data, shown = new Set(ds.nodes.get({filter: n => !n.hidden}).map(n => n.id));
            const linked = new Set();
            ds.edges.get().forEach(e => { if (shown.has(e.from) && shown.has(e.to) && e.from !== e.to) {
                linked.add(e.from); linked.add(e.to); } });
            return [shown.size, [...shown].filter(id => !linked.has(id)).length];
        }""")
        assert alone[0] > 1 and alone[1] == 0, alone
        assert page.locator("ul.legend li").count() >= 4
        opened.assert_quiet()
    finally:
        page.close()
    phone = browser.new_page(viewport={"width": 390, "height": 844})
    try:
        decision = sorted((corpus_site / "decision").glob("*.html"))[0]
        organisation = sorted((corpus_site / "organisation").glob("agentschap-innoveren*.html"))[0]
        for path in (corpus_site / "index.html", corpus_site / "decisions.html", decision, organisation):
            phone.goto(path.as_uri())
            phone.wait_for_selector("body[data-state=ready]", timeout=60_000)
            assert phone.evaluate("document.documentElement.scrollWidth") <= 390, path.name
        ARTIFACTS.mkdir(exist_ok=True)
        phone.screenshot(path=str(ARTIFACTS / "site-phone.png"), full_page=False)
    finally:
        phone.close()


@pytest.mark.slow
def test_report_page_and_graph_view_on_the_corpus(browser: Any, corpus_site: Path) -> None:
    report = max((p for p in (corpus_site / "report").glob("*.html") if 'class="verdict v-unsupported"' in
                  p.read_text(encoding="utf-8")),
                 key=lambda p: (p.read_text(encoding="utf-8").count('<tr id="claim-'), p.name))
    opened = Opened(browser, report)
    try:
        assert int(opened.js("kgsite.rows('claims')")) >= 10
        assert opened.page.locator("#t-claims blockquote").count() > 0  # evidence sentences
        opened.page.select_option("#f-verdict", "supported")
        shown = _visible_rows(opened, "claims")
        assert 0 < shown < int(opened.js("kgsite.rows('claims')"))
        opened.page.select_option("#f-verdict", "")
        opened.page.locator("#t-claims").scroll_into_view_if_needed()
        opened.page.screenshot(path=str(ARTIFACTS / "site-report.png"), full_page=False)
        opened.assert_quiet()
    finally:
        opened.page.close()
    start = time.perf_counter()
    opened = Opened(browser, corpus_site / "graph.html")
    try:
        seconds = time.perf_counter() - start
        # it opens readable, on its 400 most linked nodes (those left alone by the cut go too), and grows on demand
        assert 100 < opened.js("kgsite.drawn()") <= 400
        opened.page.click("button.more-nodes:has-text('Show 400 more nodes')")
        assert 400 < opened.js("kgsite.drawn()") <= 800
        opened.page.click("button.more-nodes:has-text('Show every node')")
        assert opened.js("kgsite.drawn()") == GRAPH_NODES
        times = []
        for year in ("2021", "2022", "2023"):
            opened.js("y => { var m = document.getElementById('filters').dataset.months.split('|');"
                      " var f = document.getElementById('f-from'), t = document.getElementById('f-to');"
                      " f.value = m.indexOf(y + '-01'); t.value = m.indexOf(y + '-12');"
                      " f.dispatchEvent(new Event('input', {bubbles: true})); }", year)
            times.append(float(opened.js("kgsite.lastFilterMs")))
        hidden = int(opened.js("kgsite.network.body.data.nodes.get({filter: n => n.hidden}).length"))
        assert 0 < hidden < GRAPH_NODES
        opened.page.uncheck("input[data-type=claim]")
        opened.page.screenshot(path=str(ARTIFACTS / "site-graph.png"), full_page=False)
        print(f"graph view: opened in {seconds:.2f} s; filter changes {', '.join(f'{t:.0f}' for t in times)} ms")
        opened.assert_quiet()
    finally:
        opened.page.close()


# ----------------------------------------------------------------------------------------------- use


def test_every_page_type_passes_axe(browser: Any, seed_site: Path) -> None:
    """axe-core's WCAG 2.1 A and AA rules (contrast, names, labels, landmarks, tables) on one page of each type."""
    axe_module = pytest.importorskip("axe_playwright_python.sync_playwright", reason="the test extra installs it")
    axe = axe_module.Axe()
    pages = [seed_site / "index.html", seed_site / "decisions.html", seed_site / "graph.html"]
    pages += [sorted((seed_site / kind).glob("*.html"))[0] for kind in PAGE_KINDS if (seed_site / kind).is_dir()]
    found = {}
    for path in pages:
        opened = Opened(browser, path)
        try:
            opened.assert_quiet()  # before axe, which reads the stylesheets itself (the policy refuses it)
            result = axe.run(opened.page, options={"runOnly": {"type": "tag", "values": [
                "wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}})
            found[path.name] = [(v["id"], v["impact"], v["nodes"][0]["target"])
                                for v in result.response["violations"]]
        finally:
            opened.page.close()
    assert found == {p.name: [] for p in pages}


def test_keyboard_search_and_growing_a_graph_in_place(browser: Any, seed_site: Path, seed_data: VizData) -> None:
    site = Site(seed_data)
    opened = Opened(browser, seed_site / f"{site.keys[str(ID['organisatie/vlaio'])]}.html")
    page = opened.page
    try:
        # the focus node is marked and its card shown
        assert opened.js("KGDATA[document.body.dataset.page].nodes.filter(n => n.f).length") == 1
        assert "Agentschap Innoveren en Ondernemen" in page.inner_text("#card")
        # a neighbour with a page of its own: "Show its neighbours" adds them in place, from its data file
        before = int(opened.js("kgsite.drawn()"))
        node = opened.js("KGDATA[document.body.dataset.page].nodes.find(n => n.p && !n.f && n.t === 'decision').i")
        opened.js("i => kgsite.showCard(i)", node)
        page.click("#card button.expand")
        page.wait_for_function("n => kgsite.drawn() > n", arg=before, timeout=10_000)
        assert "more node" in page.inner_text("#card")
        # the search box: type, arrow down into the results, Enter opens the page
        page.focus("#q")
        page.keyboard.type("City of Things")
        # the index is read on the first use of the box: wait for the hits (a loaded machine takes longer)
        page.wait_for_function("() => !!document.querySelector('#hits a')", timeout=10_000)
        page.keyboard.press("ArrowDown")
        assert opened.js("document.activeElement.textContent") == "City of Things"
        page.keyboard.press("Enter")
        page.wait_for_selector("body[data-state=ready]", timeout=30_000)
        assert _heading(opened) == "City of Things"
        opened.assert_quiet()
    finally:
        page.close()


def test_long_tables_show_their_first_rows_and_keep_the_rest(browser: Any, seed_data: VizData, tmp_path: Path,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    from kgbuild.site import render as site_render
    monkeypatch.setattr(site_render, "SHOWN_ROWS", 3)  # the seed's tables are short: make them "long"
    folder = tmp_path / "site"
    install_site(seed_data, folder)
    report = Site(seed_data).page(next(n.iri for n in seed_data.of_type("report")))
    html = (folder / f"{report.key}.html").read_text(encoding="utf-8")
    # the rows past the first 3 are not in the page: they wait in a script of their own, read once it is open
    assert f'<template class="more" data-for="claims" data-src="../data/r/{report.key}.js"></template>' in html
    assert html.count('<tr data-date') <= 3 * 4  # the first 3 of each table, no more
    rows = (folder / "data" / "r" / f"{report.key}.js").read_text(encoding="utf-8")
    assert "<" not in rows and rows.count("\\x3ctr ") >= 9
    opened = Opened(browser, folder / f"{report.key}.html")
    page = opened.page
    try:
        assert page.locator("#t-claims tbody tr").count() == 3 and opened.js("kgsite.matching('claims')") == 12
        assert "12 rows; the first 3 are shown" in page.inner_text("[data-count=claims]")
        # a filter looks at every row, and the body shows the first 3 that match
        page.select_option("#f-verdict", "supported")
        matched = int(opened.js("kgsite.matching('claims')"))
        assert 3 < matched < 12 and page.locator("#t-claims tbody tr").count() == 3
        with page.expect_download() as download:
            page.click("button.csv[data-table=claims]")
        assert len(Path(download.value.path()).read_text(encoding="utf-8-sig").splitlines()) == matched + 1
        page.click("button.more[data-table=claims]")
        assert page.locator("#t-claims tbody tr").count() == matched
        # a link to a claim still in the template shows the whole table and scrolls to it
        page.goto((folder / f"{report.key}.html").as_uri() + "#claim-12")
        page.wait_for_selector("body[data-state=ready]")
        assert page.locator("#claim-12").is_visible()
        opened.assert_quiet()
    finally:
        page.close()


def test_money_shows_its_low_confidence_part_and_a_decision_says_what_it_decides(
        browser: Any, seed_site: Path, seed_data: VizData) -> None:
    """Issue 24: the charts' total names the low-confidence part; a decision page opens with its decided amount
    and why, and each amount's row with its reason."""
    site = Site(seed_data)
    plan = seed_site / f"{site.keys[str(ID['programma/plan-vlaamse-veerkracht'])]}.html"
    assert 'data-low="1"' in plan.read_text(encoding="utf-8")
    opened = Opened(browser, plan)
    try:
        total = opened.page.inner_text("#chart-box p.total")
        assert "Committed in what is shown" in total and "with low confidence" in total
    finally:
        opened.page.close()
    decision = (seed_site / f"{site.keys[str(ID['besluit/60ee9bdd364ed900080014e1'])]}.html").read_text(
        encoding="utf-8")
    facts = decision[decision.index('<dl class="facts">'):]
    assert facts.index("Decided amount") < facts.index("Identifier")
    assert "€1,888,000 (of which €1,400,000 with low confidence)" in facts
    assert "operative clause: &#39;keurt ... goed&#39;" in decision
    # the decision tables of an organisation's or programme's page say which part of a decision's money is unsure
    plan_page = plan.read_text(encoding="utf-8")
    assert "€1,400,000 with low confidence</small>" in plan_page
    row = site.decision_row(str(ID["besluit/60ee9bdd364ed900080014e1"]))
    assert row.committed == 1_888_000 and row.low == 1_400_000


def test_a_section_lists_its_promises_on_the_corpus(browser: Any, corpus_site: Path) -> None:
    """Issue 29: an agreement section's page lists its promises, each with its status, the decisions acting on
    it and their committed money; the table sorts, and its CSV holds every promise."""
    sections = sorted((corpus_site / "section").glob("*.html"))
    listed = [p for p in sections if 'id="t-promises"' in p.read_text(encoding="utf-8")]
    assert len(listed) >= 200  # of the 223 sections with a text, those that hold a promise
    page_path = next(p for p in listed if "money committed" in p.read_text(encoding="utf-8"))
    opened = Opened(browser, page_path)
    page = opened.page
    try:
        rows = opened.js("document.querySelectorAll('#t-promises tbody tr').length")
        statuses = set(opened.js("Array.from(document.querySelectorAll('#t-promises .status'))"
                                 ".map(s => s.textContent)"))
        assert rows >= 1 and statuses <= {"money committed", "acted on", "no decision found"}
        assert "money committed" in statuses
        page.click("#t-promises th:nth-child(5) button")
        page.click("#t-promises th:nth-child(5) button")
        money = opened.js("Array.from(document.querySelectorAll('#t-promises tbody tr'))"
                          ".map(r => parseFloat(r.cells[4].dataset.v || '0'))")
        assert money == sorted(money, reverse=True) and money[0] > 0
        with page.expect_download() as download:
            page.click("button.csv[data-table=promises]")
        lines = Path(download.value.path()).read_text(encoding="utf-8-sig").splitlines()
        assert len(lines) == rows + 1 and lines[0].startswith("#,Promise,Status")
        opened.assert_quiet()
    finally:
        page.close()
